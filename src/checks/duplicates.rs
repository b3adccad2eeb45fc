//! `duplicate-paragraph` (a paragraph printed twice in a record) and `duplicate-symbol` (two
//! records claiming one press-release symbol).

use rustc_hash::FxHashMap;

use super::{CheckCode, Diagnostic};
use crate::record::ParagraphKind;
use crate::span::Span;
use crate::text::normalize_for_compare;
use crate::workspace::{FileId, Workspace};

/// Short stock sentences ("The Assembly then adopted the resolution.") may recur legitimately:
/// paragraphs shorter than this many words are not compared. Lower reports stock phrases;
/// higher misses short repeated paragraphs. Set by hand.
const MIN_WORDS: usize = 12;
/// How many words of a paragraph's opening (and closing) are looked up among earlier paragraphs'
/// word runs: enough to make a run rare, few enough that every paragraph of `MIN_WORDS` has both.
const OPENING_WORDS: usize = 5;

/// A run of words as a hash: the shingle index holds hashes, not strings (a record has as many
/// shingles as words); a collision only adds a candidate that the verbatim comparison rejects.
fn shingle_hash(words: &[&str]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    words.hash(&mut h);
    h.finish()
}

/// The earlier paragraphs holding each run of words, as chains through one arena: a record has
/// as many runs as words, so no run gets an allocation of its own.
#[derive(Default)]
struct RunIndex {
    /// Run hash → the arena slot of the latest paragraph holding it.
    heads: FxHashMap<u64, u32>,
    /// (paragraph, the slot of the previous paragraph holding the same run, or `u32::MAX`).
    arena: Vec<(u32, u32)>,
}

impl RunIndex {
    fn insert(&mut self, run: u64, paragraph: u32) {
        let slot = self.arena.len() as u32;
        let previous = self.heads.insert(run, slot).unwrap_or(u32::MAX);
        if previous != u32::MAX && self.arena[previous as usize].0 == paragraph {
            // The run occurs twice in this paragraph: one link is enough.
            self.heads.insert(run, previous);
            return;
        }
        self.arena.push((paragraph, previous));
    }

    /// The paragraphs holding a run, in text order.
    fn paragraphs(&self, run: u64) -> Vec<u32> {
        let mut out = Vec::new();
        let mut at = self.heads.get(&run).copied().unwrap_or(u32::MAX);
        while at != u32::MAX {
            let (p, next) = self.arena[at as usize];
            out.push(p);
            at = next;
        }
        out.reverse();
        out
    }
}

pub fn check_paragraphs(ws: &Workspace, file: FileId, out: &mut Vec<Diagnostic>) {
    let doc = ws.get(file).unwrap();
    // Earlier distinct paragraphs (normalised), each paragraph's text hash → its first copy.
    let mut seen: Vec<(String, Span)> = Vec::new();
    let mut by_text: FxHashMap<u64, u32> = FxHashMap::default();
    let mut runs = RunIndex::default();
    for p in &doc.record.paragraphs {
        if !matches!(
            p.kind,
            ParagraphKind::Summary
                | ParagraphKind::Continuation
                | ParagraphKind::Narrative
                | ParagraphKind::StatementHeader
        ) {
            continue;
        }
        let norm = normalize_for_compare(doc.span_text(p.span));
        let words: Vec<&str> = norm.split(' ').collect();
        if words.len() < MIN_WORDS {
            continue;
        }
        let text_hash = shingle_hash(&[norm.as_str()]);
        let same = by_text
            .get(&text_hash)
            .map(|&i| &seen[i as usize])
            .filter(|(text, _)| *text == norm)
            .map(|(_, span)| *span);
        // The first copy may also have been printed as the tail of a longer paragraph: only
        // earlier paragraphs holding both this one's opening and closing runs are compared.
        let earlier = same.or_else(|| {
            let with_closing = runs.paragraphs(shingle_hash(&words[words.len() - OPENING_WORDS..]));
            runs.paragraphs(shingle_hash(&words[..OPENING_WORDS]))
                .into_iter()
                .filter(|i| with_closing.binary_search(i).is_ok())
                .map(|i| &seen[i as usize])
                .find(|(text, _)| text.len() > norm.len() && text.contains(norm.as_str()))
                .map(|(_, span)| *span)
        });
        match earlier {
            Some(first) => {
                let (line, _) = doc.lines.line_col_chars(first.start, &doc.text);
                // Removing the copy takes its line break with it.
                let mut end = p.span.end;
                let rest = &doc.text[end..];
                let breaks = rest.len() - rest.trim_start_matches(['\r', '\n']).len();
                end += breaks.min(if rest.starts_with("\r\n") { 4 } else { 2 });
                let d = Diagnostic::new(
                    CheckCode::DuplicateParagraph,
                    file,
                    p.span,
                    format!(
                        "this paragraph repeats text of the paragraph on line {} word for word",
                        line + 1
                    ),
                )
                .related(file, first, "first copy of the paragraph")
                .safe_fix(
                    "Remove the repeated paragraph",
                    file,
                    Span::new(p.span.start, end),
                    "",
                );
                out.push(d);
            }
            None => {
                let index = seen.len() as u32;
                for w in words.windows(OPENING_WORDS) {
                    runs.insert(shingle_hash(w), index);
                }
                by_text.entry(text_hash).or_insert(index);
                seen.push((norm, p.span));
            }
        }
    }
}

pub fn check_symbol(ws: &Workspace, file: FileId, out: &mut Vec<Diagnostic>) {
    let doc = ws.get(file).unwrap();
    let Some((symbol, span)) = &doc.record.header.symbol else {
        return;
    };
    let others: Vec<FileId> = ws
        .records_with_symbol(symbol)
        .iter()
        .copied()
        .filter(|&f| f != file)
        .collect();
    if others.is_empty() {
        return;
    }
    let mut d = Diagnostic::new(
        CheckCode::DuplicateSymbol,
        file,
        *span,
        format!(
            "press-release symbol {symbol} is also claimed by {}",
            others
                .iter()
                .filter_map(|&f| ws.facts(f).map(|d| d.name.clone()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    for f in others {
        if let Some(other) = ws.facts(f)
            && let Some((_, s)) = &other.symbol
        {
            d = d.related(f, *s, format!("{symbol} is also the symbol of this record"));
        }
    }
    out.push(d);
}
