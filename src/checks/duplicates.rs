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

/// A paragraph's words as one hash, for finding its verbatim copies: a collision only adds a
/// candidate that the verbatim comparison rejects.
fn text_hash(words: &[u64]) -> u64 {
    words.iter().fold(0u64, |h, &w| {
        (h.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
    })
}

/// The multiplier of a run's polynomial hash (odd, so that multiplying loses no bit).
const RUN_BASE: u64 = 0x9e37_79b9_7f4a_7c15;

/// `RUN_BASE` to the power `OPENING_WORDS - 1`: the weight of a run's first word, taken off as
/// the run moves on by a word.
const RUN_FIRST_WEIGHT: u64 = {
    let mut w = 1u64;
    let mut k = 1;
    while k < OPENING_WORDS {
        w = w.wrapping_mul(RUN_BASE);
        k += 1;
    }
    w
};

/// A run of `OPENING_WORDS` words as the polynomial `Σ word[k] · RUN_BASE^(OPENING_WORDS-1-k)`
/// (wrapping): the reference [`run_hashes_into`] rolls along a paragraph. The words are hashes
/// already, so a sum of their odd multiples mixes the run's bits well enough for anchors.
fn run_polynomial(run: &[u64]) -> u64 {
    run.iter()
        .fold(0u64, |h, &w| h.wrapping_mul(RUN_BASE).wrapping_add(w))
}

/// The runs of a paragraph as hashes, in text order, into `out` (cleared first): one buffer
/// serves every paragraph of a record. Each run's hash comes from the previous one (its first
/// word's term taken off, the next word's added): two multiplications per word, where hashing
/// every run afresh took one per word of the run.
fn run_hashes_into(words: &[u64], out: &mut Vec<u64>) {
    out.clear();
    if words.len() < OPENING_WORDS {
        return;
    }
    let (first, rest) = words.split_at(OPENING_WORDS);
    let mut h = run_polynomial(first);
    out.reserve(rest.len() + 1);
    out.push(h);
    for (&gone, &next) in words.iter().zip(rest) {
        h = h
            .wrapping_sub(gone.wrapping_mul(RUN_FIRST_WEIGHT))
            .wrapping_mul(RUN_BASE)
            .wrapping_add(next);
        out.push(h);
    }
}

/// The runs a paragraph is indexed under (winnowing): the least hash of every block of
/// `RUNS_PER_BLOCK` consecutive runs. A later paragraph printed inside this one has at least
/// `RUNS_PER_BLOCK` runs, all of them runs of this one, so the least hash of each of its blocks
/// is one of these; a few runs per paragraph are indexed instead of every run.
///
/// Each block's least hash comes from the running minima of fixed slices of `RUNS_PER_BLOCK`
/// runs, from their start and from their end: a block straddles at most two slices, its least
/// hash is the least of the first slice's minimum from the block's start to that slice's end
/// and the second's from its start to the block's end. The minima from the slices' starts are
/// kept (`from_start`); those to their ends are taken walking back, block by block, so the
/// anchors come out last first and are turned round at the end (dropping a repeat in a row
/// gives the same anchors either way round). Two reads of the runs, not one per run of every
/// block.
fn anchor_runs(runs: &[u64], from_start: &mut Vec<u64>) -> Vec<u64> {
    let width = RUNS_PER_BLOCK.min(runs.len());
    if width == 0 {
        return Vec::new();
    }
    // A new least hash comes about twice per block's width on text (winnowing's density), so
    // this is room for all of them but in odd paragraphs: the vector is not grown step by step.
    let mut out = Vec::with_capacity(2 * runs.len() / width + 2);
    from_start.clear();
    for slice in runs.chunks(width) {
        let mut least = u64::MAX;
        from_start.extend(slice.iter().map(|&r| {
            least = least.min(r);
            least
        }));
    }
    for (c, slice) in runs.chunks(width).enumerate().rev() {
        let mut to_end = u64::MAX;
        for (k, &r) in slice.iter().enumerate().rev() {
            to_end = to_end.min(r);
            // The block starting here ends at `start + width - 1`, if the runs go that far.
            if let Some(&ahead) = from_start.get(c * width + k + width - 1) {
                let least = to_end.min(ahead);
                if out.last() != Some(&least) {
                    out.push(least);
                }
            }
        }
    }
    out.reverse();
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
    fn with_capacity(anchors: usize) -> RunIndex {
        RunIndex {
            heads: FxHashMap::with_capacity_and_hasher(anchors, Default::default()),
            arena: Vec::with_capacity(anchors),
        }
    }

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

// Out of line so that a profile shows the check on its own (it runs over every word).
#[inline(never)]
pub fn check_paragraphs(ws: &Workspace, file: FileId, out: &mut Vec<Diagnostic>) {
    let doc = ws.get(file).unwrap();
    // Earlier distinct paragraphs, normalised only when a candidate needs comparing (most
    // paragraphs never are); each paragraph's text hash → its first copy.
    let mut seen: Vec<(Span, OnceCell<String>, AnchorBits)> = Vec::new();
    let mut by_text: FxHashMap<u64, u32> = FxHashMap::default();
    // A paragraph is indexed under about two runs in `RUNS_PER_BLOCK + 1`: room for a whole
    // record's anchors at once rather than growing the table step by step.
    let mut runs = RunIndex::with_capacity(doc.compare_words().hashes.len() / 4);
    // A record's runs and block minima, one buffer each for all its paragraphs.
    let mut run_of: Vec<u64> = Vec::new();
    let mut minima: Vec<u64> = Vec::new();
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
        run_hashes_into(words, &mut run_of);
        let normalised = |i: u32| -> &str {
            let (span, norm, _) = &seen[i as usize];
            norm.get_or_init(|| normalize_for_compare(doc.span_text(*span)))
        };
        let norm = OnceCell::new();
        let own = || {
            norm.get_or_init(|| normalize_for_compare(doc.span_text(p.span)))
                .as_str()
        };
        let whole = text_hash(words);
        let same = by_text
            .get(&whole)
            .filter(|&&i| normalised(i) == own())
            .map(|&i| seen[i as usize].0);
        // The first copy may also have been printed inside a longer paragraph, which then holds
        // every anchor of this one: only the earlier paragraphs indexed under its rarest anchor
        // are compared (records of stock phrasing share many runs, rarely all).
        let anchors = anchor_runs(&run_of, &mut minima);
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
                by_text.entry(whole).or_insert(index);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every block's least run, repeats in a row dropped: what [`anchor_runs`] finds, block by
    /// block.
    fn anchor_runs_block_by_block(runs: &[u64]) -> Vec<u64> {
        let mut out: Vec<u64> = runs
            .windows(RUNS_PER_BLOCK.min(runs.len()))
            .filter_map(|block| block.iter().min().copied())
            .collect();
        out.dedup();
        out
    }

    #[test]
    fn rolled_run_hashes_are_each_runs_own_polynomial() {
        let mut rolled = Vec::new();
        let mut checked = 0;
        for text in crate::text::seed_texts() {
            for p in text.split("\n\n") {
                let words = crate::text::CompareWords::of(p);
                let words = words.in_span(Span::new(0, p.len()));
                run_hashes_into(words, &mut rolled);
                let each: Vec<u64> = words.windows(OPENING_WORDS).map(run_polynomial).collect();
                assert_eq!(rolled, each, "{p}");
                checked += usize::from(!each.is_empty());
            }
        }
        assert!(checked > 100, "{checked} paragraphs");
        // Words of extreme values, where the wrapping arithmetic carries.
        let mut state = 0x0123_4567_89ab_cdefu64;
        for len in 0..40usize {
            let words: Vec<u64> = (0..len)
                .map(|i| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    [u64::MAX, 0, 1, state][i % 4]
                })
                .collect();
            run_hashes_into(&words, &mut rolled);
            let each: Vec<u64> = words.windows(OPENING_WORDS).map(run_polynomial).collect();
            assert_eq!(rolled, each, "{words:?}");
        }
    }

    #[test]
    fn anchors_are_the_least_run_of_every_block() {
        let mut scratch: Vec<u64> = Vec::new();
        let mut checked = 0;
        // Real paragraphs' runs.
        for text in crate::text::seed_texts() {
            for p in text.split("\n\n") {
                let words = crate::text::CompareWords::of(p);
                let words = words.in_span(Span::new(0, p.len()));
                if words.len() < MIN_WORDS {
                    continue;
                }
                let mut runs = Vec::new();
                run_hashes_into(words, &mut runs);
                assert_eq!(
                    anchor_runs(&runs, &mut scratch),
                    anchor_runs_block_by_block(&runs),
                    "{p}"
                );
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked} paragraphs");
        // Short and long runs of few distinct values, so that blocks tie and minima repeat.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for round in 0..3000u64 {
            let runs: Vec<u64> = (0..1 + round % 60)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state % (2 + round % 9)
                })
                .collect();
            assert_eq!(
                anchor_runs(&runs, &mut scratch),
                anchor_runs_block_by_block(&runs),
                "{runs:?}"
            );
        }
    }
}
