//! `rapporteur.toml`: include/exclude globs, severity per check code, extra knowledge. Read
//! identically by `serve` and `check`; editor settings may override the severities.

use std::collections::HashMap;
use std::path::Path;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::{CheckCode, Severity};
use crate::knowledge::KnowledgeExtension;

pub(crate) const CONFIG_FILE: &str = "rapporteur.toml";

/// A severity setting: a level or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeveritySetting {
    Off,
    Hint,
    Info,
    Warning,
    Error,
}

impl SeveritySetting {
    pub(crate) fn to_severity(self) -> Option<Severity> {
        match self {
            SeveritySetting::Off => None,
            SeveritySetting::Hint => Some(Severity::Hint),
            SeveritySetting::Info => Some(Severity::Info),
            SeveritySetting::Warning => Some(Severity::Warning),
            SeveritySetting::Error => Some(Severity::Error),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Globs of record files, relative to the workspace root (default: `**/*.txt`, `**/*.rec`).
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Severity per check code; `off` disables a check.
    #[serde(default)]
    pub severity: HashMap<String, SeveritySetting>,
    #[serde(default)]
    pub knowledge: KnowledgeExtension,
    /// A baseline file of accepted findings, relative to this configuration file.
    #[serde(default)]
    pub baseline: Option<String>,
    /// Where the editor's document links lead.
    #[serde(default)]
    pub links: LinksConfig,
}

/// Where an official document cited by its symbol is read, when no `resolution_url` is set:
/// the United Nations' document redirector, which takes any symbol ("A/RES/76/7",
/// "S/RES/2331(2016)", "A/76/L.11").
pub const DEFAULT_RESOLUTION_URL: &str = "https://undocs.org/{symbol}";

/// `[links]`: where the language server's document links lead.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LinksConfig {
    /// The address of an official document (a resolution, or a document such as A/76/L.11) by
    /// its symbol: `{symbol}` stands for the symbol as normalised ("S/RES/2331(2016)").
    #[serde(default)]
    pub resolution_url: Option<String>,
}

impl LinksConfig {
    /// The pattern in force: the configured one, else [`DEFAULT_RESOLUTION_URL`].
    pub fn resolution_url(&self) -> &str {
        self.resolution_url
            .as_deref()
            .unwrap_or(DEFAULT_RESOLUTION_URL)
    }
}

impl Config {
    pub(crate) fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        for code in config.severity.keys() {
            if CheckCode::from_code(code).is_none() {
                return Err(format!("unknown check code `{code}` in [severity]"));
            }
        }
        if let Some(url) = &config.links.resolution_url
            && !url.contains("{symbol}")
        {
            return Err(format!(
                "[links] resolution_url `{url}` has no `{{symbol}}` to put the symbol in"
            ));
        }
        Ok(config)
    }

    /// Reads `rapporteur.toml` from a folder; a missing file is the default configuration.
    pub(crate) fn load(root: &Path) -> Result<Config, String> {
        let path = root.join(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// The severity a check reports at, or `None` when switched off.
    pub(crate) fn severity_of(&self, code: CheckCode) -> Option<Severity> {
        match self.severity.get(code.as_str()) {
            Some(s) => s.to_severity(),
            None => Some(code.default_severity()),
        }
    }

    /// Whether the configuration names its record files itself (`include`), rather than leaving
    /// the default globs and the record test to find them.
    pub fn has_include(&self) -> bool {
        !self.include.is_empty()
    }

    pub(crate) fn include_set(&self) -> GlobSet {
        let defaults = ["**/*.txt", "**/*.rec"];
        let mut b = GlobSetBuilder::new();
        if self.include.is_empty() {
            for g in defaults {
                b.add(Glob::new(g).expect("default glob"));
            }
        }
        for g in &self.include {
            if let Ok(glob) = Glob::new(g) {
                b.add(glob);
            }
        }
        b.build().unwrap_or_else(|_| GlobSet::empty())
    }

    pub(crate) fn exclude_set(&self) -> GlobSet {
        let mut b = GlobSetBuilder::new();
        for g in &self.exclude {
            if let Ok(glob) = Glob::new(g) {
                b.add(glob);
            }
        }
        b.build().unwrap_or_else(|_| GlobSet::empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_severities_and_knowledge() {
        let c = Config::parse(
            "exclude = [\"drafts/**\"]\n[severity]\nduplicate-paragraph = \"off\"\nunknown-country = \"warning\"\n[knowledge.country_aliases]\n\"Eire\" = \"IRL\"\n",
        )
        .unwrap();
        assert_eq!(c.severity_of(CheckCode::DuplicateParagraph), None);
        assert_eq!(
            c.severity_of(CheckCode::UnknownCountry),
            Some(Severity::Warning)
        );
        assert_eq!(c.knowledge.country_aliases["Eire"], "IRL");
    }

    #[test]
    fn links_default_to_undocs_and_take_a_pattern() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.links.resolution_url(), "https://undocs.org/{symbol}");
        let c =
            Config::parse("[links]\nresolution_url = \"https://docs.example/{symbol}\"\n").unwrap();
        assert_eq!(c.links.resolution_url(), "https://docs.example/{symbol}");
        assert!(Config::parse("[links]\nresolution_url = \"https://undocs.org/\"\n").is_err());
        assert!(Config::parse("[links]\nresolution = \"https://x/{symbol}\"\n").is_err());
    }

    #[test]
    fn rejects_unknown_codes() {
        assert!(Config::parse("[severity]\nno-such-check = \"off\"\n").is_err());
    }
}
