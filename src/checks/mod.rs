//! The checks: one enum of stable codes with severity, summary and documentation, the diagnostic
//! type, and `check_file`, the single entry point shared by the editor and `rapporteur check`.

mod attribution;
mod context;
mod duplicates;
mod instruments;
mod references;
mod roster;
mod speakers;
mod unknown_country;

use serde::Serialize;

use crate::config::Config;
use crate::span::Span;
use crate::workspace::{FileId, Workspace};

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

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "hint" => Some(Severity::Hint),
            "info" | "information" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Every check, in the order of DESIGN.md. The README's table is tested against `ALL`.
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
    pub fn new(code: CheckCode, file: FileId, span: Span, message: String) -> Diagnostic {
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

    pub fn related(mut self, file: FileId, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            file,
            span,
            message: message.into(),
        });
        self
    }

    pub fn fix(
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
        });
        self
    }
}

/// Every diagnostic of one record, at the severities the configuration sets, in text order.
pub fn check_file(ws: &Workspace, file: FileId, config: &Config) -> Vec<Diagnostic> {
    if ws.get(file).is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    unknown_country::check(ws, file, &mut out);
    duplicates::check_paragraphs(ws, file, &mut out);
    duplicates::check_symbol(ws, file, &mut out);
    references::check(ws, file, &mut out);
    instruments::check(ws, file, &mut out);
    let meeting = context::meeting_analysis(ws, file);
    let ctx = context::MeetingContext::of(ws, file, &meeting).expect("checked file is loaded");
    // Findings of this record's own summary first: on a tie with a header's finding at the same
    // span, the summary's wording is kept.
    if let Some(found) = meeting.attributions.get(&file) {
        out.extend(found.iter().filter(|d| d.file == file).cloned());
    }
    if let Some(found) = meeting.conflicts.get(&file) {
        out.extend(found.iter().cloned());
    }
    speakers::check_honorifics(&ctx, &mut out);
    speakers::check_name_variants(&ctx, &mut out);
    roster::check_rosters(&ctx, &mut out);
    roster::check_replies(&ctx, &mut out);
    // What the summaries of the meeting's other records find wrong here: a summary may blame a
    // header of another record. Each summary is judged once per meeting.
    for &other in meeting.members.iter().filter(|&&f| f != file) {
        let judged = context::meeting_analysis(ws, other);
        if let Some(found) = judged.attributions.get(&other) {
            out.extend(found.iter().filter(|d| d.file == file).cloned());
        }
    }
    // A diagnostic may land in another record (a header blamed by a summary): keep this file's.
    out.retain(|d| d.file == file);
    // A header already reported as wrong is not also reported as missing from the lists.
    let wrong_headers: Vec<Span> = out
        .iter()
        .filter(|d| {
            matches!(
                d.code,
                CheckCode::SpeakerCountryConflict | CheckCode::UnknownCountry
            )
        })
        .map(|d| d.span)
        .collect();
    out.retain(|d| {
        d.code != CheckCode::RosterMismatch
            || !wrong_headers
                .iter()
                .any(|w| w.start < d.span.end && d.span.start < w.end)
    });
    out.retain_mut(|d| match config.severity_of(d.code) {
        Some(s) => {
            d.severity = s;
            true
        }
        None => false,
    });
    out.sort_by_key(|d| (d.span.start, d.code));
    out.dedup_by(|b, a| a.span == b.span && a.code == b.code);
    out
}
