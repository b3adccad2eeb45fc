//! `duplicate-paragraph` (a paragraph printed twice in a record) and `duplicate-symbol` (two
//! records claiming one press-release symbol).

use std::cell::OnceCell;

use rustc_hash::FxHashMap;

use super::{CheckCode, Diagnostic};
use crate::record::ParagraphKind;
use crate::span::Span;
use crate::text::{CompareWords, normalize_for_compare};
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
    out.push(h);
    // Extended from an iterator of known length, not pushed to: the loop keeps the vector's
    // length in a register rather than storing it at every run.
    out.extend(words.iter().zip(rest).map(|(&gone, &next)| {
        h = h
            .wrapping_sub(gone.wrapping_mul(RUN_FIRST_WEIGHT))
            .wrapping_mul(RUN_BASE)
            .wrapping_add(next);
        h
    }));
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
/// block. Into `out` (cleared first): one buffer serves every paragraph of a record.
fn anchor_runs_into(runs: &[u64], from_start: &mut Vec<u64>, out: &mut Vec<u64>) {
    out.clear();
    let width = RUNS_PER_BLOCK.min(runs.len());
    if width == 0 {
        return;
    }
    from_start.clear();
    for slice in runs.chunks(width) {
        let mut least = u64::MAX;
        from_start.extend(slice.iter().map(|&r| {
            least = least.min(r);
            least
        }));
    }
    // The anchor pushed last, kept here so that the walk reads no vector's length.
    let mut last = None;
    for (c, slice) in runs.chunks(width).enumerate().rev() {
        // The block starting at the slice's `k`th run ends `width - 1` runs on: its minimum from
        // that slice's start is `ahead[k]`, where the runs go that far.
        let ahead = from_start.get(c * width + width - 1..).unwrap_or(&[]);
        let blocks = slice.len().min(ahead.len());
        let mut to_end = slice[blocks..].iter().copied().fold(u64::MAX, u64::min);
        for (&r, &ahead) in slice[..blocks].iter().zip(&ahead[..blocks]).rev() {
            to_end = to_end.min(r);
            let least = to_end.min(ahead);
            if last != Some(least) {
                out.push(least);
                last = Some(least);
            }
        }
    }
    out.reverse();
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

/// The fewest bits a [`RunFilter`] has. [`RunIndex`] marks a record's anchors in one, a few
/// thousand runs, so a bit is set for about one run in twenty and a paragraph of a few anchors
/// seldom finds all its bits set by chance; [`may_repeat`] marks all its runs, some ten
/// thousand, so about one bit in seven is set, and a paragraph of `MIN_WORDS` words has six
/// inner runs to find set.
const MIN_FILTER_BITS: usize = 1 << 16;

/// Bits per run a [`RunFilter`] is given for a record with more runs than the fewest bits
/// serve: at a fixed size, a record of thousands of paragraphs set nearly every bit, and every
/// paragraph then looked like a copy, so the work per paragraph grew with the record.
const FILTER_BITS_PER_RUN: usize = 4;

/// `PROBES` bits per run marked (one or two), at parts of its hash (a Bloom filter): a clear
/// bit rules the run out. Two bits rule out about twice as many runs as one at the same size,
/// for twice the work per run marked.
struct RunFilter<const PROBES: usize> {
    words: Box<[u64]>,
    /// The bit count less one (a power of two less one): a run's bits are parts of its hash
    /// masked.
    mask: usize,
}

impl<const PROBES: usize> RunFilter<PROBES> {
    /// A filter for about `runs` runs.
    fn for_runs(runs: usize) -> RunFilter<PROBES> {
        let bits = (runs * FILTER_BITS_PER_RUN)
            .next_power_of_two()
            .max(MIN_FILTER_BITS);
        RunFilter {
            words: vec![0; bits / 64].into_boxed_slice(),
            mask: bits - 1,
        }
    }

    /// The run's bits, as (word, bit) pairs: from the hash's low half, then its high half.
    fn bits(&self, run: u64) -> [(usize, u64); PROBES] {
        std::array::from_fn(|probe| {
            let bit = (run >> (32 * probe)) as usize & self.mask;
            (bit / 64, 1 << (bit % 64))
        })
    }

    fn mark(&mut self, runs: &[u64]) {
        for &run in runs {
            for (word, bit) in self.bits(run) {
                self.words[word] |= bit;
            }
        }
    }

    /// Whether every one of `runs` may have been marked: false when one of them was not.
    fn may_hold_all(&self, runs: &[u64]) -> bool {
        runs.iter().all(|&run| {
            self.bits(run)
                .iter()
                .all(|&(word, bit)| self.words[word] & bit != 0)
        })
    }
}

/// The earlier paragraphs indexed under each run, as chains through one arena: a record has
/// many runs, so no run gets an allocation of its own.
///
/// Most records print no paragraph twice, and most paragraphs have an anchor no earlier
/// paragraph holds. So runs are first only marked in a filter (a bit per hash) and kept in a
/// list; the chains are built from the list when a paragraph finds all its anchors' bits set,
/// which in most records never happens.
struct RunIndex {
    /// Run hash → the arena slot of the latest paragraph holding it, and how many hold it.
    heads: FxHashMap<u64, (u32, u32)>,
    /// (paragraph, the slot of the previous paragraph holding the same run, or `u32::MAX`).
    arena: Vec<(u32, u32)>,
    /// Runs indexed and not yet chained in `heads`, with their paragraph, in text order.
    pending: Vec<(u64, u32)>,
    /// The runs indexed.
    filter: RunFilter<1>,
    /// How many runs the record's paragraphs are expected to be indexed under, for sizing
    /// `heads` at once when it is first needed.
    room: usize,
}

impl RunIndex {
    fn with_capacity(anchors: usize) -> RunIndex {
        RunIndex {
            heads: FxHashMap::default(),
            arena: Vec::new(),
            pending: Vec::with_capacity(anchors),
            filter: RunFilter::for_runs(anchors),
            room: anchors,
        }
    }

    /// Indexes a paragraph under its anchors.
    fn insert(&mut self, anchors: &[u64], paragraph: u32) {
        self.filter.mark(anchors);
        self.pending
            .extend(anchors.iter().map(|&run| (run, paragraph)));
    }

    /// Whether earlier paragraphs may hold every one of `runs`: false when one of them is held
    /// by none.
    fn may_hold_all(&self, runs: &[u64]) -> bool {
        self.filter.may_hold_all(runs)
    }

    /// Chains the pending runs, in the order they were indexed.
    fn chain_pending(&mut self) {
        if self.heads.capacity() == 0 {
            let room = self.room.max(self.pending.len());
            self.heads.reserve(room);
            self.arena.reserve(room);
        }
        for k in 0..self.pending.len() {
            let (run, paragraph) = self.pending[k];
            let slot = self.arena.len() as u32;
            let head = self.heads.entry(run).or_insert((u32::MAX, 0));
            if head.0 != u32::MAX && self.arena[head.0 as usize].0 == paragraph {
                // The run occurs twice in this paragraph: one link is enough.
                continue;
            }
            self.arena.push((paragraph, head.0));
            *head = (slot, head.1 + 1);
        }
        self.pending.clear();
    }

    /// How many paragraphs hold a run (the pending runs chained first).
    fn count(&self, run: u64) -> u32 {
        debug_assert!(self.pending.is_empty());
        self.heads.get(&run).map_or(0, |h| h.1)
    }

    /// The paragraphs holding a run, in text order (the pending runs chained first).
    fn paragraphs(&self, run: u64) -> Vec<u32> {
        debug_assert!(self.pending.is_empty());
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

/// An earlier paragraph that no paragraph before it repeats: where it is, its words, its text
/// normalised only when a candidate needs comparing (most paragraphs never are), and its anchors.
struct Seen<'a> {
    span: Span,
    words: &'a [u64],
    normalised: OnceCell<String>,
    bits: AnchorBits,
}

/// Whether a paragraph (of `MIN_WORDS` words or more; `paragraphs` in text order) may repeat
/// text of an earlier one: each of its inner runs, those that take neither its first word nor
/// its last, is a run of an earlier paragraph, as far as a filter of a bit per run can tell.
///
/// A copy has them all: a paragraph of the same text has the same runs, and one whose
/// normalised text is printed inside a longer one's has its inner words among that one's,
/// whole and in a row (its first and last words may be parts of words there). Most records
/// repeat no paragraph, and most of their paragraphs have an inner run no earlier one holds:
/// one pass setting a bit per run rules them out, where indexing every paragraph's anchors took
/// three passes over its runs.
fn may_repeat(words: &CompareWords, paragraphs: impl IntoIterator<Item = Span>) -> bool {
    let mut seen = RunFilter::<1>::for_runs(words.hashes.len());
    let mut runs: Vec<u64> = Vec::new();
    for span in paragraphs {
        let own = words.in_span(span);
        if own.len() < MIN_WORDS {
            continue;
        }
        run_hashes_into(own, &mut runs);
        if seen.may_hold_all(&runs[1..runs.len() - 1]) {
            return true;
        }
        seen.mark(&runs);
    }
    false
}

/// The paragraphs (of `paragraphs`, spans of `text` in text order) that repeat text of an
/// earlier one word for word, each with the earlier paragraph holding its first copy: printed
/// on its own, or inside a longer paragraph. Paragraphs of fewer than `MIN_WORDS` words are
/// passed over. A record whose paragraphs [`may_repeat`] rules out is not indexed.
fn first_copies(
    text: &str,
    words: &CompareWords,
    paragraphs: impl IntoIterator<Item = Span, IntoIter: Clone>,
) -> Vec<(Span, Span)> {
    let paragraphs = paragraphs.into_iter();
    if !may_repeat(words, paragraphs.clone()) {
        return Vec::new();
    }
    indexed_first_copies(text, words, paragraphs)
}

/// [`first_copies`] found through an index of every paragraph's anchors.
fn indexed_first_copies(
    text: &str,
    words: &CompareWords,
    paragraphs: impl IntoIterator<Item = Span>,
) -> Vec<(Span, Span)> {
    let mut out = Vec::new();
    let mut seen: Vec<Seen<'_>> = Vec::new();
    // A paragraph is indexed under about two runs in `RUNS_PER_BLOCK + 1`: room for a whole
    // record's anchors at once rather than growing the table step by step.
    let mut runs = RunIndex::with_capacity(words.hashes.len() / 4);
    // Every run of the earlier paragraphs, as `may_repeat` marks them: a paragraph whose inner
    // runs are not all there copies none, whatever its anchors. In a long record of stock
    // phrasing, every anchor of a paragraph may be a stock phrase held by a share of all the
    // paragraphs before it, while one of its inner runs is its own. Two bits a run: a paragraph
    // may have only one run of its own.
    let mut every_run = RunFilter::<2>::for_runs(words.hashes.len());
    // A record's runs, block minima and anchors, one buffer each for all its paragraphs.
    let mut run_of: Vec<u64> = Vec::new();
    let mut minima: Vec<u64> = Vec::new();
    let mut anchors: Vec<u64> = Vec::new();
    for span in paragraphs {
        let own = words.in_span(span);
        if own.len() < MIN_WORDS {
            continue;
        }
        run_hashes_into(own, &mut run_of);
        anchor_runs_into(&run_of, &mut minima, &mut anchors);
        let bits = AnchorBits::of(&anchors);
        // Every earlier copy (a paragraph of the same text, or a longer one holding it) holds
        // every anchor of this paragraph.
        let inner = &run_of[1..run_of.len() - 1];
        let earlier = if every_run.may_hold_all(inner) && runs.may_hold_all(&anchors) {
            runs.chain_pending();
            first_copy(text, &seen, &runs, &anchors, (span, own, bits))
        } else {
            None
        };
        match earlier {
            Some(first) => out.push((span, first)),
            None => {
                every_run.mark(&run_of);
                let index = seen.len() as u32;
                runs.insert(&anchors, index);
                seen.push(Seen {
                    span,
                    words: own,
                    normalised: OnceCell::new(),
                    bits,
                });
            }
        }
    }
    out
}

/// The earlier paragraph holding the first copy of a paragraph's text (its span, words and
/// anchor bits; `anchors` its anchors, all chained in `runs`), if any: one of the same text,
/// else the first longer one holding it. Only the earlier paragraphs indexed under its rarest
/// anchor are compared (records of stock phrasing share many runs, rarely all).
fn first_copy(
    text: &str,
    seen: &[Seen<'_>],
    runs: &RunIndex,
    anchors: &[u64],
    (span, own, bits): (Span, &[u64], AnchorBits),
) -> Option<Span> {
    let normalised = |i: u32| -> &str {
        let earlier = &seen[i as usize];
        earlier
            .normalised
            .get_or_init(|| normalize_for_compare(earlier.span.text(text)))
    };
    let norm = OnceCell::new();
    let own_text = || {
        norm.get_or_init(|| normalize_for_compare(span.text(text)))
            .as_str()
    };
    let anchor = anchors.iter().copied().min_by_key(|&a| runs.count(a))?;
    let holders = runs.paragraphs(anchor);
    // The same text has the same words (the words are its normalised text's, hashed).
    let same = holders
        .iter()
        .copied()
        .find(|&i| seen[i as usize].words == own && normalised(i) == own_text());
    let mut finder = None;
    // A longer paragraph printing this one's normalised text holds its inner words (all but
    // the first and last, which may be parts of words there) whole and in a row: a test of
    // word hashes that rules out most candidates before any text is normalised.
    let inner = &own[1..own.len() - 1];
    let first = same.or_else(|| {
        holders
            .iter()
            .copied()
            .filter(|&i| bits.within(seen[i as usize].bits))
            .filter(|&i| holds_in_a_row(seen[i as usize].words, inner))
            .find(|&i| {
                let earlier = normalised(i);
                earlier.len() > own_text().len()
                    && finder
                        .get_or_insert_with(|| memchr::memmem::Finder::new(own_text()))
                        .find(earlier.as_bytes())
                        .is_some()
            })
    })?;
    Some(seen[first as usize].span)
}

/// Whether `run` occurs in `words` whole and in a row.
fn holds_in_a_row(words: &[u64], run: &[u64]) -> bool {
    run.is_empty() || words.windows(run.len()).any(|w| w == run)
}

// Out of line so that a profile shows the check on its own (it runs over every word).
#[inline(never)]
pub fn check_paragraphs(ws: &Workspace, file: FileId, out: &mut Vec<Diagnostic>) {
    let doc = ws.get(file).unwrap();
    let compared = doc.record.paragraphs.iter().filter_map(|p| {
        matches!(
            p.kind,
            ParagraphKind::Summary
                | ParagraphKind::Continuation
                | ParagraphKind::Narrative
                | ParagraphKind::StatementHeader
        )
        .then_some(p.span)
    });
    for (copy, first) in first_copies(&doc.text, doc.compare_words(), compared) {
        let (line, _) = doc.lines.line_col_chars(first.start, &doc.text);
        // Removing the copy takes its line break with it.
        let mut end = copy.end;
        let rest = &doc.text[end..];
        let breaks = rest.len() - rest.trim_start_matches(['\r', '\n']).len();
        end += breaks.min(if rest.starts_with("\r\n") { 4 } else { 2 });
        let d = Diagnostic::new(
            CheckCode::DuplicateParagraph,
            file,
            copy,
            format!(
                "this paragraph repeats text of the paragraph on line {} word for word",
                line + 1
            ),
        )
        .related(file, first, "first copy of the paragraph")
        .safe_fix(
            "Remove the repeated paragraph",
            file,
            Span::new(copy.start, end),
            "",
        );
        out.push(d);
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
#[path = "duplicates_tests.rs"]
mod tests;
