//! `duplicate-paragraph` (a paragraph printed twice in a record) and `duplicate-symbol` (two
//! records claiming one press-release symbol).

use std::cell::OnceCell;

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

/// Runs of words compared per paragraph: a paragraph of `MIN_WORDS` words has this many runs,
/// and every block of this many consecutive runs of a longer paragraph has one run indexed.
const RUNS_PER_BLOCK: usize = MIN_WORDS - OPENING_WORDS + 1;

/// A run of words as a hash: the run index holds hashes, not strings (a record has as many runs
/// as words); a collision only adds a candidate that the verbatim comparison rejects.
fn run_hash(words: &[u64]) -> u64 {
    words.iter().fold(0u64, |h, &w| {
        (h.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
    })
}

/// The runs of a paragraph as hashes, in text order.
fn run_hashes(words: &[u64]) -> Vec<u64> {
    words.windows(OPENING_WORDS).map(run_hash).collect()
}

/// The runs a paragraph is indexed under (winnowing): the least hash of every block of
/// `RUNS_PER_BLOCK` consecutive runs. A later paragraph printed inside this one has at least
/// `RUNS_PER_BLOCK` runs, all of them runs of this one, so the least hash of each of its blocks
/// is one of these; a few runs per paragraph are indexed instead of every run.
fn anchor_runs(runs: &[u64]) -> Vec<u64> {
    let mut out: Vec<u64> = runs
        .windows(RUNS_PER_BLOCK.min(runs.len()))
        .filter_map(|block| block.iter().min().copied())
        .collect();
    out.dedup();
    out
}

/// A paragraph's anchors as a 256-bit set (one bit each): a paragraph printed inside another has
/// all its anchors among the other's, so a candidate lacking one of the bits is passed over
/// before any text is compared. Records of stock phrasing share a rare anchor with many
/// paragraphs, seldom all of them.
#[derive(Clone, Copy, Default)]
struct AnchorBits([u64; 4]);

impl AnchorBits {
    fn of(anchors: &[u64]) -> AnchorBits {
        let mut bits = [0u64; 4];
        for &a in anchors {
            let bit = (a >> 56) as usize;
            bits[bit / 64] |= 1 << (bit % 64);
        }
        AnchorBits(bits)
    }

    fn within(self, other: AnchorBits) -> bool {
        self.0
            .iter()
            .zip(other.0)
            .all(|(&mine, theirs)| mine & !theirs == 0)
    }
}

/// The earlier paragraphs indexed under each run, as chains through one arena: a record has
/// many runs, so no run gets an allocation of its own.
#[derive(Default)]
struct RunIndex {
    /// Run hash → the arena slot of the latest paragraph holding it, and how many hold it.
    heads: FxHashMap<u64, (u32, u32)>,
    /// (paragraph, the slot of the previous paragraph holding the same run, or `u32::MAX`).
    arena: Vec<(u32, u32)>,
}

impl RunIndex {
    fn insert(&mut self, run: u64, paragraph: u32) {
        let slot = self.arena.len() as u32;
        let head = self.heads.entry(run).or_insert((u32::MAX, 0));
        if head.0 != u32::MAX && self.arena[head.0 as usize].0 == paragraph {
            // The run occurs twice in this paragraph: one link is enough.
            return;
        }
        self.arena.push((paragraph, head.0));
        *head = (slot, head.1 + 1);
    }

    /// How many paragraphs hold a run.
    fn count(&self, run: u64) -> u32 {
        self.heads.get(&run).map_or(0, |h| h.1)
    }

    /// The paragraphs holding a run, in text order.
    fn paragraphs(&self, run: u64) -> Vec<u32> {
        let mut out = Vec::new();
        let mut at = self.heads.get(&run).map_or(u32::MAX, |h| h.0);
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
    // Earlier distinct paragraphs, normalised only when a candidate needs comparing (most
    // paragraphs never are); each paragraph's text hash → its first copy.
    let mut seen: Vec<(Span, OnceCell<String>, AnchorBits)> = Vec::new();
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
        let words = doc.compare_words().in_span(p.span);
        if words.len() < MIN_WORDS {
            continue;
        }
        let run_of = run_hashes(words);
        let normalised = |i: u32| -> &str {
            let (span, norm, _) = &seen[i as usize];
            norm.get_or_init(|| normalize_for_compare(doc.span_text(*span)))
        };
        let norm = OnceCell::new();
        let own = || {
            norm.get_or_init(|| normalize_for_compare(doc.span_text(p.span)))
                .as_str()
        };
        let text_hash = run_hash(words);
        let same = by_text
            .get(&text_hash)
            .filter(|&&i| normalised(i) == own())
            .map(|&i| seen[i as usize].0);
        // The first copy may also have been printed inside a longer paragraph, which then holds
        // every anchor of this one: only the earlier paragraphs indexed under its rarest anchor
        // are compared (records of stock phrasing share many runs, rarely all).
        let anchors = anchor_runs(&run_of);
        let bits = AnchorBits::of(&anchors);
        let earlier = same.or_else(|| {
            let anchor = anchors.iter().copied().min_by_key(|&a| runs.count(a))?;
            let mut finder = None;
            runs.paragraphs(anchor)
                .into_iter()
                .filter(|&i| bits.within(seen[i as usize].2))
                .find(|&i| {
                    let text = normalised(i);
                    text.len() > own().len()
                        && finder
                            .get_or_insert_with(|| memchr::memmem::Finder::new(own()))
                            .find(text.as_bytes())
                            .is_some()
                })
                .map(|i| seen[i as usize].0)
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
                for &run in &anchors {
                    runs.insert(run, index);
                }
                by_text.entry(text_hash).or_insert(index);
                seen.push((p.span, OnceCell::new(), bits));
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
