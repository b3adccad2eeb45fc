//! What a check reports: the stable check codes with their default severity, summary and
//! example, and the diagnostic with its related places and quick fixes. A leaf: the checks
//! produce these, the configuration sets their severities, `lsp/` and `cli/` render them.

use serde::Serialize;

use crate::span::Span;
use crate::workspace::FileId;

/// Where each check's documentation is published: `docs/checks/<code>.md` of the repository
/// (`repository` in Cargo.toml), on its main branch. Editors link a diagnostic's code here.
pub const CHECK_DOCS_BASE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/checks/");

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Every check, in the order of the README's table of checks (tested against `ALL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum CheckCode {
    UnknownCountry,
    AttributionWithoutStatement,
    AttributionMismatch,
    MisattributedQuote,
    SpeakerCountryConflict,
    RosterMismatch,
    ReplyWithoutStatement,
    HonorificMismatch,
    NameVariant,
    DuplicateParagraph,
    NoncanonicalInstrument,
    InstrumentYearMismatch,
    UnresolvedReference,
    DuplicateSymbol,
    /// Not a check of the records: an entry of the baseline that no finding matches any more.
    StaleBaselineEntry,
}

impl CheckCode {
    pub const ALL: &'static [CheckCode] = &[
        CheckCode::UnknownCountry,
        CheckCode::AttributionWithoutStatement,
        CheckCode::AttributionMismatch,
        CheckCode::MisattributedQuote,
        CheckCode::SpeakerCountryConflict,
        CheckCode::RosterMismatch,
        CheckCode::ReplyWithoutStatement,
        CheckCode::HonorificMismatch,
        CheckCode::NameVariant,
        CheckCode::DuplicateParagraph,
        CheckCode::NoncanonicalInstrument,
        CheckCode::InstrumentYearMismatch,
        CheckCode::UnresolvedReference,
        CheckCode::DuplicateSymbol,
        CheckCode::StaleBaselineEntry,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckCode::UnknownCountry => "unknown-country",
            CheckCode::AttributionWithoutStatement => "attribution-without-statement",
            CheckCode::AttributionMismatch => "attribution-mismatch",
            CheckCode::MisattributedQuote => "misattributed-quote",
            CheckCode::SpeakerCountryConflict => "speaker-country-conflict",
            CheckCode::RosterMismatch => "roster-mismatch",
            CheckCode::ReplyWithoutStatement => "reply-without-statement",
            CheckCode::HonorificMismatch => "honorific-mismatch",
            CheckCode::NameVariant => "name-variant",
            CheckCode::DuplicateParagraph => "duplicate-paragraph",
            CheckCode::NoncanonicalInstrument => "noncanonical-instrument",
            CheckCode::InstrumentYearMismatch => "instrument-year-mismatch",
            CheckCode::UnresolvedReference => "unresolved-reference",
            CheckCode::DuplicateSymbol => "duplicate-symbol",
            CheckCode::StaleBaselineEntry => "stale-baseline-entry",
        }
    }

    /// The address of this check's documentation page ([`CHECK_DOCS_BASE`]).
    pub fn docs_url(self) -> String {
        format!("{CHECK_DOCS_BASE}{}.md", self.as_str())
    }

    pub fn from_code(code: &str) -> Option<CheckCode> {
        CheckCode::ALL.iter().copied().find(|c| c.as_str() == code)
    }

    pub fn default_severity(self) -> Severity {
        match self {
            CheckCode::UnknownCountry
            | CheckCode::MisattributedQuote
            | CheckCode::SpeakerCountryConflict
            | CheckCode::DuplicateSymbol => Severity::Error,
            CheckCode::AttributionWithoutStatement
            | CheckCode::AttributionMismatch
            | CheckCode::RosterMismatch
            | CheckCode::ReplyWithoutStatement
            | CheckCode::HonorificMismatch
            | CheckCode::DuplicateParagraph
            | CheckCode::InstrumentYearMismatch => Severity::Warning,
            CheckCode::NameVariant
            | CheckCode::NoncanonicalInstrument
            | CheckCode::UnresolvedReference
            | CheckCode::StaleBaselineEntry => Severity::Info,
        }
    }

    /// What fires the check, in one line (README table, SARIF rule help).
    pub fn summary(self) -> &'static str {
        match self {
            CheckCode::UnknownCountry => {
                "a header `NAME (X)` or an attribution names an X that is no known country, observer or organisation"
            }
            CheckCode::AttributionWithoutStatement => {
                "the summary attributes words to a delegation or person with no statement in this record or another record of the same meeting"
            }
            CheckCode::AttributionMismatch => {
                "a summary paragraph attributed to X matches the statement of another speaker Y far better than any statement of X"
            }
            CheckCode::MisattributedQuote => {
                "a quotation attributed to X appears verbatim (after normalising quotes, dashes, spaces) in the statement of Y"
            }
            CheckCode::SpeakerCountryConflict => {
                "one speaker is tied to different countries: header vs title, vs the statement’s self-references, vs the summary, vs the same person in another record of the session"
            }
            CheckCode::RosterMismatch => {
                "a list such as “Also delivering statements were ...” names a delegation that made no statement, or a delegation that made one is in no list"
            }
            CheckCode::ReplyWithoutStatement => {
                "a right of reply answers a delegation that made no statement at that meeting"
            }
            CheckCode::HonorificMismatch => "one person is “Mr.” in one place and “Ms.” in another",
            CheckCode::NameVariant => "one person’s name is spelled two ways in a record",
            CheckCode::DuplicateParagraph => "a paragraph is repeated verbatim in a record",
            CheckCode::NoncanonicalInstrument => {
                "an instrument is cited under a variant or misspelt title"
            }
            CheckCode::InstrumentYearMismatch => {
                "an instrument is cited with a year it was not adopted in"
            }
            CheckCode::UnresolvedReference => {
                "“(See Press Release GA/12378.)” names a record that is not in the workspace"
            }
            CheckCode::DuplicateSymbol => "two records claim the same press-release symbol",
            CheckCode::StaleBaselineEntry => {
                "an entry of the baseline matches no finding any more: the record was mended, and the entry can go"
            }
        }
    }

    /// A short example of text that fires it.
    pub fn example(self) -> &'static str {
        match self {
            CheckCode::UnknownCountry => "RÓBERT CHATRNÚCH (Slovakai) said",
            CheckCode::AttributionWithoutStatement => {
                "“The representative of Slovenia said ...” where Slovenia did not speak"
            }
            CheckCode::AttributionMismatch => {
                "“The representative of Croatia said the adoption was a decisive step” — Slovakia’s words"
            }
            CheckCode::MisattributedQuote => {
                "“Israel’s representative said “It is also a symptom of our lack of coordination””"
            }
            CheckCode::SpeakerCountryConflict => {
                "VLADIMIR MAKEI, Minister for Foreign Affairs of Ukraine, ... Belarus has joined ..."
            }
            CheckCode::RosterMismatch => {
                "“Also delivering statements were ... Fiji ...” with no statement by Fiji"
            }
            CheckCode::ReplyWithoutStatement => {
                "“in response to the statement made by the delegation of Cyprus” where Cyprus did not speak"
            }
            CheckCode::HonorificMismatch => "Ms. BIEN-AIMÉ ... asked Mr. Bien-Aimé",
            CheckCode::NameVariant => "Ms. DARNTON ... Ms. DARTON",
            CheckCode::DuplicateParagraph => {
                "“The representative of Belarus asked whether ...” printed twice"
            }
            CheckCode::NoncanonicalInstrument => "the Global Action Plan",
            CheckCode::InstrumentYearMismatch => "the 2012 Global Plan of Action",
            CheckCode::UnresolvedReference => "(See Press Release GA/12378.)",
            CheckCode::DuplicateSymbol => "two files both headed GA/12387",
            CheckCode::StaleBaselineEntry => {
                "an accepted `Ms. DARTON` after the record was corrected to `Ms. DARNTON`"
            }
        }
    }
}

/// Where each check's page is published: docs/checks/ in the repository.
const DOCUMENTATION_BASE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/checks/");

/// The page documenting a check (SARIF `helpUri`, the editor's `codeDescription.href`).
pub fn documentation_url(code: CheckCode) -> String {
    format!("{DOCUMENTATION_BASE}{}.md", code.as_str())
}

impl std::fmt::Display for CheckCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place elsewhere that explains a diagnostic: the statement it should match, the first copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub file: FileId,
    pub span: Span,
    pub new_text: String,
}

/// A quick fix: a title and the edits that make it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    /// Whether `check --fix` applies it unasked: the fix can only be right (the canonical title
    /// of the instrument cited, the one country a misspelling is close to, a word-for-word
    /// repeated paragraph removed). A fix that picks between readings (whose statement a summary
    /// reports, which country a speaker represents) is applied only with `--unsafe-fixes`.
    pub safe: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: FileId,
    pub span: Span,
    pub severity: Severity,
    pub code: CheckCode,
    pub message: String,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    pub(crate) fn new(code: CheckCode, file: FileId, span: Span, message: String) -> Diagnostic {
        Diagnostic {
            file,
            span,
            severity: code.default_severity(),
            code,
            message,
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    pub(crate) fn related(mut self, file: FileId, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            file,
            span,
            message: message.into(),
        });
        self
    }

    pub(crate) fn fix(
        mut self,
        title: impl Into<String>,
        file: FileId,
        span: Span,
        new_text: impl Into<String>,
    ) -> Self {
        self.fixes.push(Fix {
            title: title.into(),
            edits: vec![Edit {
                file,
                span,
                new_text: new_text.into(),
            }],
            safe: false,
        });
        self
    }

    /// [`Diagnostic::fix`] for a fix that can only be right (see [`Fix::safe`]).
    pub(crate) fn safe_fix(
        self,
        title: impl Into<String>,
        file: FileId,
        span: Span,
        new_text: impl Into<String>,
    ) -> Self {
        let mut d = self.fix(title, file, span, new_text);
        if let Some(f) = d.fixes.last_mut() {
            f.safe = true;
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_links_to_a_page_that_exists() {
        assert_eq!(
            CheckCode::UnknownCountry.docs_url(),
            "https://github.com/rapporteur-dev/rapporteur/blob/main/docs/checks/unknown-country.md"
        );
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for code in CheckCode::ALL {
            let url = code.docs_url();
            let rel = url.strip_prefix(concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/"));
            let page = root.join(rel.expect("under the repository"));
            assert!(page.is_file(), "{url}: no {}", page.display());
        }
    }
}
