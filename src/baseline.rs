//! The baseline: findings a team has accepted, kept in a JSON file beside the records (published
//! records cannot carry suppression comments). Each entry is a fingerprint that survives edits
//! elsewhere in the record and moved lines: the check code, the record's identity (its symbol,
//! or its path), and the normalised text of the flagged span and of the sentence around it —
//! never a line number.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{CheckCode, Diagnostic};
use crate::span::Span;
use crate::text::normalize_for_compare;
use crate::workspace::FileId;

/// The version written to and accepted from baseline files.
pub const FORMAT_VERSION: u32 = 1;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Fingerprint {
    /// The check code, e.g. `name-variant`.
    pub code: String,
    /// The record's press-release symbol (`GA/12387`), or its path relative to the baseline's
    /// folder when it has none.
    pub record: String,
    /// The flagged span's text, normalised (case, punctuation and spacing folded).
    pub text: String,
    /// The sentence around the span, normalised the same way: two findings of one code on the
    /// same words in different sentences stay apart.
    pub sentence: String,
}

/// What a baseline file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    /// Sorted, so the file diffs line by line as findings come and go.
    pub entries: Vec<Fingerprint>,
}

impl Baseline {
    /// A baseline of these findings, sorted.
    pub fn of(entries: impl IntoIterator<Item = Fingerprint>) -> Baseline {
        let mut entries: Vec<Fingerprint> = entries.into_iter().collect();
        entries.sort();
        Baseline {
            version: FORMAT_VERSION,
            entries,
        }
    }

    pub fn parse(text: &str) -> Result<Baseline, String> {
        let baseline: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if baseline.version != FORMAT_VERSION {
            return Err(format!(
                "baseline version {} is not {FORMAT_VERSION}; write it again with --update-baseline",
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// The file's text: stable (sorted entries, fixed field order), pretty, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut sorted = self.clone();
        sorted.entries.sort();
        serde_json::to_string_pretty(&sorted).unwrap_or_default() + "\n"
    }

    /// This baseline with one more entry (for "accept this finding").
    pub fn with(&self, entry: Fingerprint) -> Baseline {
        Baseline::of(self.entries.iter().cloned().chain([entry]))
    }
}

/// The characters that end a sentence when followed by a space or the end of the paragraph.
const SENTENCE_ENDS: [char; 3] = ['.', '?', '!'];

/// Words whose period does not end a sentence in these records: honorifics, and the
/// abbreviations of document references ("No. 5", "para. 3", "A/76/L.2/Rev.1").
const ABBREVIATIONS: [&str; 13] = [
    "Mr", "Ms", "Mrs", "Dr", "Prof", "St", "No", "Nos", "para", "paras", "Rev", "Corr", "Add",
];

/// Whether the character at `i` of `text` ends a sentence: `.`, `?` or `!` followed by a space or
/// the end, and for a period, not after an abbreviation or an initial ("KARI A. JOHNSTONE").
fn ends_sentence(text: &str, i: usize, c: char) -> bool {
    let rest = &text[i + c.len_utf8()..];
    if !SENTENCE_ENDS.contains(&c) || !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return false;
    }
    if c != '.' {
        return true;
    }
    let word = text[..i]
        .rsplit(|ch: char| !ch.is_alphanumeric())
        .next()
        .unwrap_or("");
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    !(initial || ABBREVIATIONS.contains(&word))
}

/// The sentence around `span` within its line (a record's paragraph is one line): from after the
/// previous sentence end to the next one, or the line's ends.
pub fn sentence_around(text: &str, span: Span) -> Span {
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let before = &text[line_start..start];
    let sentence_start = before
        .char_indices()
        .rev()
        .find(|&(i, c)| ends_sentence(before, i, c) && i + c.len_utf8() < before.len())
        .map_or(line_start, |(i, c)| line_start + i + c.len_utf8());
    let after = &text[end..line_end];
    let sentence_end = after
        .char_indices()
        .find(|&(i, c)| ends_sentence(after, i, c))
        .map_or(line_end, |(i, c)| end + i + c.len_utf8());
    Span::new(sentence_start, sentence_end)
}

/// The fingerprint of a finding of `code` at `span` in a record's `text`.
pub fn fingerprint(code: &str, record: &str, text: &str, span: Span) -> Fingerprint {
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    let sentence = sentence_around(text, Span::new(start, end));
    Fingerprint {
        code: code.to_string(),
        record: record.to_string(),
        text: normalize_for_compare(&text[start..end]),
        sentence: normalize_for_compare(&text[sentence.start..sentence.end]),
    }
}

/// A record's identity in a baseline: its press-release symbol, or else its path relative to the
/// baseline's folder, with `/` (so a baseline written on one system reads on another). Both
/// paths should be absolute.
pub fn record_identity(symbol: Option<&str>, record: &Path, baseline: &Path) -> String {
    if let Some(symbol) = symbol {
        return symbol.to_string();
    }
    let folder = baseline.parent().unwrap_or(Path::new(""));
    let relative = record.strip_prefix(folder).unwrap_or(record);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A stale entry as a finding on its record (at `at`: the symbol, or the record's start), in
/// the editor and on the command line alike; `baseline` is the file as shown to the user.
pub(crate) fn stale_finding(
    file: FileId,
    at: Span,
    baseline: &str,
    entry: &Fingerprint,
) -> Diagnostic {
    Diagnostic::new(
        CheckCode::StaleBaselineEntry,
        file,
        at,
        format!(
            "the baseline {baseline} accepts a `{}` finding on “{}” that is no longer found; \
             --update-baseline drops it",
            entry.code, entry.text
        ),
    )
}

/// Matches findings against a baseline, each entry at most once (an accepted finding that now
/// occurs twice lets the second through).
#[derive(Debug, Default)]
pub struct Matcher {
    remaining: BTreeMap<Fingerprint, usize>,
}

impl Matcher {
    pub fn new(baseline: &Baseline) -> Matcher {
        let mut remaining = BTreeMap::new();
        for e in &baseline.entries {
            *remaining.entry(e.clone()).or_insert(0) += 1;
        }
        Matcher { remaining }
    }

    /// Whether the finding is accepted (and uses up its entry).
    pub fn accept(&mut self, finding: &Fingerprint) -> bool {
        match self.remaining.get_mut(finding) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }

    /// The entries no finding used, for the records in `checked` (an entry of a record that was
    /// not checked this time is not known to be stale).
    pub fn stale(&self, checked: impl Fn(&str) -> bool) -> Vec<Fingerprint> {
        self.remaining
            .iter()
            .filter(|(fp, _)| checked(&fp.record))
            .flat_map(|(fp, n)| std::iter::repeat_n(fp.clone(), *n))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAGRAPHS: &str = "Ms. BLANCO said so.  Then Mr. Blanko spoke of the Palermo Protocol. Finally, he left.\nNext paragraph.";

    fn span_of(text: &str, needle: &str) -> Span {
        let at = text.find(needle).unwrap();
        Span::new(at, at + needle.len())
    }

    #[test]
    fn the_sentence_is_cut_at_sentence_ends_within_the_paragraph() {
        let s = sentence_around(PARAGRAPHS, span_of(PARAGRAPHS, "Blanko"));
        assert_eq!(
            &PARAGRAPHS[s.start..s.end],
            "  Then Mr. Blanko spoke of the Palermo Protocol."
        );
        let first = sentence_around(PARAGRAPHS, span_of(PARAGRAPHS, "BLANCO"));
        assert_eq!(&PARAGRAPHS[first.start..first.end], "Ms. BLANCO said so.");
        let last = sentence_around(PARAGRAPHS, span_of(PARAGRAPHS, "Next"));
        assert_eq!(&PARAGRAPHS[last.start..last.end], "Next paragraph.");
    }

    #[test]
    fn fingerprints_survive_moves_and_edits_elsewhere() {
        let span = span_of(PARAGRAPHS, "Blanko");
        let before = fingerprint("name-variant", "GA/12387", PARAGRAPHS, span);
        assert_eq!(before.text, "blanko");
        let moved = format!(
            "A new first paragraph.\n\n{}",
            PARAGRAPHS.replace("left", "went")
        );
        let after = fingerprint(
            "name-variant",
            "GA/12387",
            &moved,
            span_of(&moved, "Blanko"),
        );
        assert_eq!(before, after);
        let reworded = moved.replace("spoke of", "praised");
        let changed = fingerprint(
            "name-variant",
            "GA/12387",
            &reworded,
            span_of(&reworded, "Blanko"),
        );
        assert_ne!(
            before, changed,
            "an edit of its own sentence is a new finding"
        );
    }

    #[test]
    fn each_entry_accepts_one_finding_and_the_rest_are_stale() {
        let a = fingerprint(
            "name-variant",
            "GA/1",
            PARAGRAPHS,
            span_of(PARAGRAPHS, "Blanko"),
        );
        let b = fingerprint(
            "name-variant",
            "GA/2",
            PARAGRAPHS,
            span_of(PARAGRAPHS, "Blanko"),
        );
        let baseline = Baseline::of([b.clone(), a.clone()]);
        assert_eq!(baseline.entries, [a.clone(), b.clone()], "sorted");
        let text = baseline.to_json();
        assert_eq!(Baseline::parse(&text).unwrap(), baseline);
        let mut m = Matcher::new(&baseline);
        assert!(m.accept(&a));
        assert!(!m.accept(&a), "one entry, one finding");
        assert_eq!(m.stale(|r| r == "GA/2"), [b]);
        assert!(m.stale(|r| r == "GA/3").is_empty());
        assert!(Baseline::parse("{\"version\": 9, \"entries\": []}").is_err());
    }
}
