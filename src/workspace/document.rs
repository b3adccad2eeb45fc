//! One parsed record of the workspace with its text, and the reference to a statement anywhere
//! in the workspace.

use std::sync::{Arc, OnceLock};

use crate::knowledge::Gazetteer;
use crate::parse::parse_with;
use crate::record::Record;
use crate::span::Span;
use crate::text::{CompareWords, LineIndex};

use super::{FileId, speakers};

/// One record of the workspace with its text.
#[derive(Debug, Clone)]
pub struct Document {
    /// A path (command line) or a URI (editor); the workspace treats it as an opaque name.
    pub name: String,
    pub text: Arc<str>,
    pub record: Record,
    pub lines: LineIndex,
    /// Each statement's name tokens, computed once at parse time.
    pub speaker_tokens: Vec<Vec<String>>,
    /// The text's words as verbatim comparison cuts them, computed when a check first needs
    /// them (the duplicate-paragraph and quotation checks share them).
    compare_words: OnceLock<CompareWords>,
}

impl Document {
    pub(crate) fn new(name: String, text: Arc<str>, gaz: &Gazetteer) -> Document {
        let record = parse_with(&text, gaz);
        let speaker_tokens = speakers::statement_tokens(&text, &record);
        Document {
            lines: LineIndex::new(&text),
            name,
            text,
            record,
            speaker_tokens,
            compare_words: OnceLock::new(),
        }
    }

    /// The text's words for verbatim comparison (see [`CompareWords`]).
    pub(crate) fn compare_words(&self) -> &CompareWords {
        self.compare_words
            .get_or_init(|| CompareWords::of(&self.text))
    }

    /// The entity key a statement's speaker represents, if known.
    pub(crate) fn statement_entity(&self, st: usize) -> Option<usize> {
        self.record.statements[st].entity()
    }

    pub fn span_text(&self, span: Span) -> &str {
        span.text(&self.text)
    }

    /// A statement's speaker as written, with the honorific of a panel turn ("Ms. MINGEIROU").
    pub(crate) fn speaker_label(&self, st: usize) -> String {
        let s = &self.record.statements[st];
        let name = self.span_text(s.name);
        match s.honorific {
            Some((h, _)) => format!("{} {}", h.as_str(), name),
            None => name.to_string(),
        }
    }

    /// The country or affiliation of a statement's speaker, for details and hovers.
    pub(crate) fn speaker_detail(&self, gaz: &Gazetteer, st: usize) -> Option<String> {
        let s = &self.record.statements[st];
        if let Some(a) = s.affiliation {
            return Some(match a.entity {
                Some(e) => gaz.entity(e).name.clone(),
                None => self.span_text(a.span).to_string(),
            });
        }
        if let Some(r) = s.role {
            return Some(self.span_text(r).to_string());
        }
        s.full_name.map(|f| self.span_text(f).to_string())
    }

    /// The record's display name: its symbol, else its title, else its file name.
    pub(crate) fn display_name(&self) -> String {
        display_name(&self.name, &self.text, &self.record)
    }
}

/// The display name of the record `record` parsed from `text` and called `name`, for the facts
/// of a record that is never made a [`Document`].
pub(crate) fn display_name(name: &str, text: &str, record: &Record) -> String {
    if let Some(sym) = record.header.symbol() {
        return sym.to_string();
    }
    if let Some(t) = record.title {
        let t = t.text(text);
        let short: String = t.chars().take(70).collect();
        return if short.len() < t.len() {
            format!("{short}…")
        } else {
            short
        };
    }
    name.rsplit('/').next().unwrap_or(name).to_string()
}

/// A statement somewhere in the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StatementRef {
    pub file: FileId,
    pub statement: usize,
}
