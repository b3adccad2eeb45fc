//! The gazetteer's entries as the data files and `rapporteur.toml` write them: entities
//! (countries, observers, organisations), instruments and their kinds, and how a name or title
//! was written. Plain data; the matching lives in the parent module.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    Member,
    ObserverState,
    Union,
    Organization,
    UnEntity,
    /// A Non-Self-Governing Territory or a disputed territory: spoken of, not a delegation.
    Territory,
}

impl EntityKind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            EntityKind::Member => "Member State",
            EntityKind::ObserverState => "Observer State",
            EntityKind::Union => "regional union (observer)",
            EntityKind::Organization => "organisation",
            EntityKind::UnEntity => "United Nations entity",
            EntityKind::Territory => "Non-Self-Governing or disputed territory",
        }
    }

    /// Countries and the EU speak as delegations; organisations are "affiliations".
    pub(crate) fn is_delegation(self) -> bool {
        matches!(
            self,
            EntityKind::Member | EntityKind::ObserverState | EntityKind::Union
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub key: String,
    #[serde(default)]
    pub iso2: Option<String>,
    pub kind: EntityKind,
    pub name: String,
    #[serde(default)]
    pub official: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub former: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instrument {
    pub id: String,
    pub kind: InstrumentKind,
    pub title: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub variants: Vec<String>,
    #[serde(default)]
    pub year: Option<u32>,
    #[serde(default)]
    pub symbol: Option<String>,
    #[serde(default)]
    pub adopted_by: Option<String>,
    #[serde(default)]
    pub session: Option<u32>,
    #[serde(default)]
    pub parent: Option<String>,
}

/// What sort of instrument an entry is, as its `kind` field says. The data files use the named
/// kinds (see `data/SCHEMA.md`); a workspace's `rapporteur.toml` may name another, which is kept
/// as written so that hover shows it unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum InstrumentKind {
    Convention,
    Protocol,
    Declaration,
    Agenda,
    Compact,
    Plan,
    Resolution,
    Charter,
    Treaty,
    /// A kind the schema does not list, as written.
    Other(String),
}

impl InstrumentKind {
    /// The kind as the data files write it ("convention").
    pub(crate) fn as_str(&self) -> &str {
        match self {
            InstrumentKind::Convention => "convention",
            InstrumentKind::Protocol => "protocol",
            InstrumentKind::Declaration => "declaration",
            InstrumentKind::Agenda => "agenda",
            InstrumentKind::Compact => "compact",
            InstrumentKind::Plan => "plan",
            InstrumentKind::Resolution => "resolution",
            InstrumentKind::Charter => "charter",
            InstrumentKind::Treaty => "treaty",
            InstrumentKind::Other(s) => s,
        }
    }
}

impl From<String> for InstrumentKind {
    fn from(s: String) -> Self {
        match s.as_str() {
            "convention" => InstrumentKind::Convention,
            "protocol" => InstrumentKind::Protocol,
            "declaration" => InstrumentKind::Declaration,
            "agenda" => InstrumentKind::Agenda,
            "compact" => InstrumentKind::Compact,
            "plan" => InstrumentKind::Plan,
            "resolution" => InstrumentKind::Resolution,
            "charter" => InstrumentKind::Charter,
            "treaty" => InstrumentKind::Treaty,
            _ => InstrumentKind::Other(s),
        }
    }
}

impl From<InstrumentKind> for String {
    fn from(k: InstrumentKind) -> String {
        match k {
            InstrumentKind::Other(s) => s,
            named => named.as_str().to_string(),
        }
    }
}

impl std::fmt::Display for InstrumentKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a country or organisation was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameForm {
    Name,
    Official,
    Alias,
    Former,
    Demonym,
}

/// How an instrument was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TitleForm {
    Canonical,
    Alias,
    Variant,
}

/// Extra knowledge a workspace adds through `rapporteur.toml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct KnowledgeExtension {
    /// Extra names for existing entities: alias → key.
    #[serde(default)]
    pub country_aliases: HashMap<String, String>,
    #[serde(default)]
    pub countries: Vec<Entity>,
    #[serde(default)]
    pub instruments: Vec<Instrument>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instrument_kinds_read_and_write_as_the_data_files() {
        for k in [
            "convention",
            "protocol",
            "declaration",
            "agenda",
            "compact",
            "plan",
            "resolution",
            "charter",
            "treaty",
        ] {
            let kind = InstrumentKind::from(k.to_string());
            assert!(!matches!(kind, InstrumentKind::Other(_)), "{k}");
            assert_eq!(kind.to_string(), k);
            assert_eq!(String::from(kind), k);
        }
        let pact = InstrumentKind::from("pact".to_string());
        assert_eq!(pact, InstrumentKind::Other("pact".into()));
        assert_eq!(pact.to_string(), "pact");
    }
}
