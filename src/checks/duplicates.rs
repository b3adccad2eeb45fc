//! `duplicate-paragraph` (a paragraph printed twice in a record) and `duplicate-symbol` (two
//! records claiming one press-release symbol).

use rustc_hash::{FxHashMap, FxHashSet};

use super::{CheckCode, Diagnostic};
use crate::record::ParagraphKind;
use crate::span::Span;
use crate::text::normalize_for_compare;
use crate::workspace::{FileId, Workspace};

/// How many words of a paragraph's opening are looked up among earlier paragraphs' word runs.
const OPENING_WORDS: usize = 5;

/// A run of words as a hash: the shingle index holds hashes, not strings (a record has as many
/// shingles as words); a collision only adds a candidate that the verbatim comparison rejects.
fn shingle_hash(words: &[&str]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    words.hash(&mut h);
    h.finish()
}

/// Every run of [`OPENING_WORDS`] consecutive words of a normalised paragraph, hashed.
fn shingles_of(text: &str) -> FxHashSet<u64> {
    let words: Vec<&str> = text.split(' ').collect();
    words.windows(OPENING_WORDS).map(shingle_hash).collect()
}

/// Short stock sentences ("The Assembly then adopted the resolution.") may recur legitimately.
const MIN_WORDS: usize = 12;

pub fn check_paragraphs(ws: &Workspace, file: FileId, out: &mut Vec<Diagnostic>) {
    let doc = ws.get(file).unwrap();
    let mut first_seen: FxHashMap<String, Span> = FxHashMap::default();
    let mut seen_order: Vec<(String, Span)> = Vec::new();
    let mut shingle_index: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
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
        if norm.split(' ').count() < MIN_WORDS {
            continue;
        }
        // The first copy may have been printed as the tail of a longer paragraph; only earlier
        // paragraphs holding this one's opening words are searched.
        let opening_words: Vec<&str> = norm.split(' ').take(OPENING_WORDS).collect();
        let opening = shingle_hash(&opening_words);
        // A paragraph holding this one holds its closing words too: only paragraphs with both
        // its opening and its closing run are compared in full.
        let all_words: Vec<&str> = norm.split(' ').collect();
        let closing = shingle_hash(&all_words[all_words.len() - OPENING_WORDS..]);
        let earlier = first_seen.get(&norm).copied().or_else(|| {
            let with_closing = shingle_index.get(&closing)?;
            shingle_index
                .get(&opening)?
                .iter()
                .filter(|i| with_closing.binary_search(i).is_ok())
                .map(|&i| &seen_order[i])
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
                .fix(
                    "Remove the repeated paragraph",
                    file,
                    Span::new(p.span.start, end),
                    "",
                );
                out.push(d);
            }
            None => {
                for sh in shingles_of(&norm) {
                    shingle_index.entry(sh).or_default().push(seen_order.len());
                }
                seen_order.push((norm.clone(), p.span));
                first_seen.insert(norm, p.span);
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
