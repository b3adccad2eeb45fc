//! A meeting's word index: the statements of its records as tf × idf weighted content words, in
//! postings (word → statements) for retrieval and in bags (statement → words) for scoring one
//! statement exactly, and a claim prepared as a [`Query`] against it.

use std::cell::OnceCell;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use super::numbers::{WordMap, WordNumbers};
use super::words::{content_key, content_key_counts, may_be_content};
use crate::span::Span;
use crate::text::WordShape;
use crate::workspace::Document;
use crate::workspace::{FileId, StatementRef, Workspace};

/// The statements of the records of one meeting as weighted content words (tf × idf) in an
/// inverted index, for matching summaries against them by cosine similarity. Words are numbered
/// once per meeting, so a statement's words cost no allocation beyond the meeting's vocabulary.
pub struct MeetingIndex {
    pub statements: Vec<StatementRef>,
    /// word (its content key, see `words`) → its number in `postings` and `df`.
    vocabulary: WordMap<u32>,
    /// Per word, (statement index, weight) for every statement using it, in statement order.
    pub(super) postings: Postings,
    /// Per statement, its words: scoring one statement reads its bag, not the postings of the
    /// claim's words.
    bags: Bags,
    /// Per word, its idf: a bag's weight is its count times this.
    pub(super) idf: Vec<f64>,
    norms: Vec<f64>,
    /// `1 / norms[i]` (0 for a statement without content words), for the bounds of retrieval.
    pub(super) inv_norms: Vec<f64>,
    /// What the bounds of retrieval read, made the first time they are asked: the queries of a
    /// meeting small enough to be scored whole never ask (see `topk`).
    bounds: OnceLock<Bounds>,
    /// Per word, how many statements use it: a whole number, kept as one, since a float's
    /// conversion to an index cost more than the look-up it served.
    pub(super) df: Vec<u32>,
    /// Per document frequency (0 to the statement count), its idf: a query's words' weights.
    idf_by_df: Vec<f64>,
    /// Statements (indexes into `statements`) by the entity their header ties them to.
    by_entity: EntityStatements,
}

/// Statements (indexes into a meeting's statements) by entity, in one array sorted by entity
/// and then statement: a meeting ties most of its tens of entities to a statement or two, and
/// a list per entity cost an allocation per entity.
#[derive(Debug, Default, PartialEq)]
struct EntityStatements {
    /// The entity of each of `statements`, ascending.
    entities: Vec<usize>,
    statements: Vec<u32>,
}

impl EntityStatements {
    /// Of (entity, statement) pairs in any order.
    fn of_pairs(mut pairs: Vec<(usize, u32)>) -> EntityStatements {
        pairs.sort_unstable();
        let (entities, statements) = pairs.into_iter().unzip();
        EntityStatements {
            entities,
            statements,
        }
    }

    /// The statements of `entity`, ascending.
    fn of(&self, entity: usize) -> &[u32] {
        let start = self.entities.partition_point(|&e| e < entity);
        let end = start + self.entities[start..].partition_point(|&e| e == entity);
        &self.statements[start..end]
    }
}

/// What [`MeetingIndex::best`] bounds a statement's score by when it reads only some of a
/// claim's words and scores only some statements.
pub(super) struct Bounds {
    /// Per word, the largest `weight / norm` among its statements: no statement gets more of its
    /// cosine from that word than the claim's weight of it times this.
    pub(super) max_share: Vec<f64>,
    /// Per statement, per slot (word number mod [`SLOTS`]), the largest share of the
    /// statement's norm that a word of that slot carries, in [`STEPS`]ths rounded up (0: no
    /// word of that slot). A claim's word gives the statement's cosine at most its weight in
    /// the claim times its slot's share: a bound read from two cache lines, without the bag,
    /// that is the score itself when no two words share a slot. Kept as `i16`, though a step
    /// fits a byte: the bound's vectorised products then need no widening of bytes, which
    /// took a fifth more instructions.
    pub(super) shares: Vec<[i16; SLOTS]>,
    /// `mass[j]`: the largest share of a statement's norm that its words used by at least 2^j
    /// statements carry. A statement gets from the claim's words that common at most the norm
    /// of those words in the claim times this (Cauchy–Schwarz): when a meeting's common words
    /// each reach a large share of some statements, no statement has all of them large.
    pub(super) mass: Vec<f64>,
}

/// A claim's content words against one [`MeetingIndex`]: the words the index knows with their
/// weights, in the order their products are summed (which fixes the floating-point result), and
/// the norm of all of them.
pub struct Query {
    pub(super) terms: Vec<(u32, f64)>,
    pub(super) norm: f64,
    /// Per word of the index, 1 + its place in `terms` (0: not in the query), when the query
    /// has at most [`FAST_TERMS`] words: a statement is then scored by one pass over its bag.
    /// Made when a statement is first scored alone: a query answered from the postings alone
    /// (see [`MeetingIndex::best`]) needs none.
    place: OnceCell<Vec<u8>>,
}

impl Query {
    /// [`Query::place`], for an index of `words` words (empty when the query has more than
    /// [`FAST_TERMS`] words).
    pub(super) fn place(&self, words: usize) -> &[u8] {
        self.place.get_or_init(|| {
            if self.terms.len() > FAST_TERMS {
                return Vec::new();
            }
            let mut place = vec![0u8; words];
            for (k, &(id, _)) in self.terms.iter().enumerate() {
                place[id as usize] = k as u8 + 1;
            }
            place
        })
    }
}

/// Queries with at most this many known words are scored through [`Query::place`] (a bit per
/// word says which products a statement has); longer ones by a search of the bag per word.
const FAST_TERMS: usize = 64;

impl MeetingIndex {
    /// The index of `file`'s meeting, built once per meeting (see [`Workspace::meeting_memo`]).
    pub fn of_meeting(ws: &Workspace, file: FileId) -> Arc<MeetingIndex> {
        MeetingIndex::for_members(ws, &ws.meeting_of(file))
    }

    /// The index of the statements of `members`, built once per meeting.
    pub fn for_members(ws: &Workspace, members: &[FileId]) -> Arc<MeetingIndex> {
        ws.meeting_memo(members, || MeetingIndex::build(ws, members))
    }

    fn build(ws: &Workspace, members: &[FileId]) -> MeetingIndex {
        let docs: Vec<(FileId, &Document)> = members
            .iter()
            .filter_map(|&f| Some((f, ws.get(f)?)))
            .collect();
        let Counted {
            statements,
            by_entity,
            vocabulary,
            bags,
            df,
        } = count_words(&docs);
        let bag_count = bags.starts.len() - 1;
        let n = bag_count.max(1) as f64;
        // A document frequency is a whole number up to the statement count: one logarithm each.
        let idf_by_df: Vec<f64> = (0..=bag_count).map(|df| idf_of(n, df as f64)).collect();
        let idf: Vec<f64> = df.iter().map(|&df| idf_by_df[df as usize]).collect();
        let mut postings = Postings::with_counts(&df);
        let mut norms = Vec::with_capacity(bag_count);
        for (i, range) in bags.starts.windows(2).enumerate() {
            let mut norm = 0.0;
            for j in range[0] as usize..range[1] as usize {
                let weight = bags.weight(j, &idf);
                norm += weight * weight;
                postings.push(bags.words[j], i as u32, weight);
            }
            norms.push(norm.sqrt());
        }
        postings.next = Vec::new();
        let inv_norms: Vec<f64> = norms
            .iter()
            .map(|&n| if n == 0.0 { 0.0 } else { 1.0 / n })
            .collect();
        MeetingIndex {
            bags,
            idf,
            statements,
            vocabulary,
            postings,
            norms,
            inv_norms,
            bounds: OnceLock::new(),
            df,
            idf_by_df,
            by_entity,
        }
    }

    /// A text as a query against this index.
    #[cfg(test)]
    pub fn query(&self, text: &str) -> Query {
        let words = crate::text::CompareWords::of(text);
        self.query_words(&words.hashes, &words.shapes)
    }

    /// A span of a record (a claim) as a query, from the record's words: the same query as
    /// [`MeetingIndex::query`] of its text, which would read the text again.
    pub fn query_in(&self, doc: &Document, span: Span) -> Query {
        let (hashes, shapes) = doc.compare_words().words_in(span);
        self.query_words(hashes, shapes)
    }

    fn query_words(&self, hashes: &[u64], shapes: &[WordShape]) -> Query {
        let counts = content_key_counts(hashes, shapes);
        let mut terms = Vec::with_capacity(counts.len());
        let mut norm = 0.0;
        // In the order of the word map, as `scores` sums them: the same order gives the same
        // floating-point sums, so every way of scoring gives the same findings.
        for (w, tf) in &counts {
            let id = self.vocabulary.get(w).copied();
            let df = id.map_or(0, |id| self.df[id as usize] as usize);
            let qw = tf * self.idf_by_df[df];
            norm += qw * qw;
            if let Some(id) = id {
                terms.push((id, qw));
            }
        }
        Query {
            terms,
            norm: norm.sqrt(),
            place: OnceCell::new(),
        }
    }

    /// Similarity of a text to the statements of the meeting that share a word with it, as
    /// (statement index, score) in the index's order; every other statement scores 0. Every
    /// statement is scored, which is what [`MeetingIndex::best`] avoids: kept as the reference
    /// the tests hold the retrieval to.
    #[cfg(test)]
    pub fn scores(&self, text: &str) -> Vec<(usize, f64)> {
        let q = self.query(text);
        let mut dots = vec![0.0; self.statements.len()];
        for &(id, qw) in &q.terms {
            for &(i, sw) in self.postings.of(id) {
                dots[i as usize] += qw * sw;
            }
        }
        dots.into_iter()
            .enumerate()
            .filter(|(_, d)| *d != 0.0)
            .map(|(i, d)| (i, self.cosine(&q, i, d)))
            .collect()
    }

    /// The similarity of statement `i` to a query, exactly as [`MeetingIndex::scores`] gives it;
    /// `None` when they share no word.
    pub fn score_of(&self, q: &Query, i: usize) -> Option<f64> {
        self.score_in_place(q, q.place(self.df.len()), i)
    }

    /// [`MeetingIndex::score_of`], with the query's [`Query::place`] for this index at hand.
    pub(super) fn score_in_place(&self, q: &Query, place: &[u8], i: usize) -> Option<f64> {
        let d = self.bags.dot(i, q, place, &self.idf);
        (d != 0.0).then(|| self.cosine(q, i, d))
    }

    /// The cosine of statement `i` with a query, from their dot product.
    pub(super) fn cosine(&self, q: &Query, i: usize, dot: f64) -> f64 {
        let n = self.norms[i];
        if q.norm == 0.0 || n == 0.0 {
            0.0
        } else {
            dot / (q.norm * n)
        }
    }

    /// What the bounds of retrieval read, made on first use.
    pub(super) fn bounds(&self) -> &Bounds {
        self.bounds.get_or_init(|| Bounds::of(self))
    }

    /// The statements (indexes into `statements`) whose header ties them to `entity`.
    pub fn statements_of(&self, entity: usize) -> &[u32] {
        self.by_entity.of(entity)
    }
}

/// What [`count_words`] finds: the statements, and per statement its content words (ascending)
/// with their counts, its bag.
struct Counted {
    statements: Vec<StatementRef>,
    by_entity: EntityStatements,
    vocabulary: WordMap<u32>,
    bags: Bags,
    /// Per word, how many statements use it.
    df: Vec<u32>,
}

/// The number in [`count_words`] of a word that is no content word.
const NOT_CONTENT: u32 = u32::MAX;

/// A meeting's statements and their words counted: the first walk of [`MeetingIndex::build`].
fn count_words(docs: &[(FileId, &Document)]) -> Counted {
    let statement_count: usize = docs.iter().map(|(_, d)| d.record.statements.len()).sum();
    let word_count: usize = docs
        .iter()
        .map(|(_, d)| d.compare_words().hashes.len())
        .sum();
    let mut statements = Vec::with_capacity(statement_count);
    let mut by_entity: Vec<(usize, u32)> = Vec::with_capacity(statement_count);
    // Per word as written (its full hash), its number, or `NOT_CONTENT`: one look-up per
    // word of the meeting, where its content key would take a look-up among the stop words
    // and one in the vocabulary. (Two words of one hash are one word, as in the vocabulary.)
    // Most words recur: a meeting has about a word as written in five, a content key in six
    // (in the archive's records; sized so, neither the tables nor the per-word arrays grow).
    let mut numbers = WordNumbers::with_capacity(word_count / 5);
    let words = word_count / 5;
    let mut vocabulary = WordMap::with_capacity_and_hasher(words, Default::default());
    // Every statement's bag, one after another; the counts become weights further down.
    let mut bags = Bags::with_capacity(statement_count, word_count / 3);
    let mut df: Vec<u32> = Vec::with_capacity(words);
    // A statement's counts by word number, and a bit per word number it touched: read in
    // order, the bits give its words ascending without sorting them (a sort per statement
    // showed in profiles).
    let mut counts: Vec<u32> = Vec::with_capacity(words);
    let mut touched = WordBits::for_words(word_count);
    for &(f, doc) in docs {
        for (i, st) in doc.record.statements.iter().enumerate() {
            if let Some(e) = doc.statement_entity(i) {
                by_entity.push((e, statements.len() as u32));
            }
            statements.push(StatementRef {
                file: f,
                statement: i,
            });
            let (hashes, shapes) = doc.compare_words().words_in(st.span);
            for (&h, &shape) in hashes.iter().zip(shapes) {
                // A short word or a number is no content word: known without a look-up.
                if !may_be_content(shape) {
                    continue;
                }
                let id = numbers.get_or_insert_with(h, || match content_key(h, shape) {
                    None => NOT_CONTENT,
                    Some(key) => {
                        let next = vocabulary.len() as u32;
                        let id = *vocabulary.entry(key).or_insert(next);
                        if id == next {
                            counts.push(0);
                            df.push(0);
                        }
                        id
                    }
                });
                if id == NOT_CONTENT {
                    continue;
                }
                counts[id as usize] += 1;
                touched.set(id);
            }
            touched.drain(|w| {
                df[w as usize] += 1;
                bags.push(w, std::mem::take(&mut counts[w as usize]));
            });
            bags.end_bag();
        }
    }
    Counted {
        statements,
        by_entity: EntityStatements::of_pairs(by_entity),
        vocabulary,
        bags,
        df,
    }
}

/// A set of word numbers, a bit each, read back in ascending order and emptied.
struct WordBits {
    blocks: Vec<u64>,
    /// The blocks that may hold a bit: `..=high` (none when `high` is 0 and the set empty).
    /// No lowest block is kept: a statement's commonest words are numbered first, so its
    /// lowest block is nearly always the first, and keeping it cost a test per word.
    high: usize,
}

impl WordBits {
    /// Room for the numbers below `words`, sized once (a meeting has no more word numbers than
    /// words): `set` then has no growth to test for, a branch and a call less in the loop of
    /// `count_words`.
    fn for_words(words: usize) -> WordBits {
        WordBits {
            blocks: vec![0; words / 64 + 1],
            high: 0,
        }
    }

    /// Adds `word`, which is below the `words` the set was made for.
    #[inline]
    fn set(&mut self, word: u32) {
        let b = word as usize / 64;
        self.high = self.high.max(b);
        self.blocks[b] |= 1 << (word % 64);
    }

    /// Calls `f` with each word of the set, ascending, and empties the set.
    fn drain(&mut self, mut f: impl FnMut(u32)) {
        let high = (self.high + 1).min(self.blocks.len());
        for (b, block) in self.blocks[..high].iter_mut().enumerate() {
            let mut bits = std::mem::take(block);
            while bits != 0 {
                f((b * 64) as u32 + bits.trailing_zeros());
                bits &= bits - 1;
            }
        }
        self.high = 0;
    }
}

/// The statements' words, one statement after another (statement i's at
/// `starts[i]..starts[i + 1]`), each with its count: a statement's words and counts take a few
/// cache lines, which is what scoring one costs when it is far from the last one scored.
#[derive(Debug, PartialEq)]
struct Bags {
    starts: Vec<u32>,
    words: Vec<u32>,
    /// The word's count in the statement, or 0 when over 255 (the count is then in `heavy`).
    counts: Vec<u8>,
    /// By place in `words`, the counts of the words counted over 255 times in a statement.
    heavy: FxHashMap<u32, f64>,
}

impl Bags {
    /// Empty, with room for `bags` bags of `words` words in all.
    fn with_capacity(bags: usize, words: usize) -> Bags {
        let mut starts = Vec::with_capacity(bags + 1);
        starts.push(0);
        Bags {
            starts,
            words: Vec::with_capacity(words),
            counts: Vec::with_capacity(words),
            heavy: FxHashMap::default(),
        }
    }

    /// Adds a word to the last bag; a bag's words are added ascending.
    fn push(&mut self, word: u32, count: u32) {
        if count < 256 {
            self.counts.push(count as u8);
        } else {
            self.counts.push(0);
            self.heavy.insert(self.words.len() as u32, f64::from(count));
        }
        self.words.push(word);
    }

    /// Ends the last bag: the next word pushed starts a new one.
    fn end_bag(&mut self) {
        self.starts.push(self.words.len() as u32);
    }

    /// The count of the j-th word of all bags.
    #[inline]
    fn count(&self, j: usize) -> f64 {
        match self.counts[j] {
            0 => self.heavy[&(j as u32)],
            c => f64::from(c),
        }
    }

    /// The weight of the j-th word of all bags: its count times its idf, as the index weighs it,
    /// to the same bit.
    fn weight(&self, j: usize, idf: &[f64]) -> f64 {
        self.count(j) * idf[self.words[j] as usize]
    }

    /// The dot product of statement `i` with a query, summed in the query's order as
    /// [`MeetingIndex::scores`] sums it (`place`: the query's [`Query::place`]).
    fn dot(&self, i: usize, q: &Query, place: &[u8], idf: &[f64]) -> f64 {
        let range = self.starts[i] as usize..self.starts[i + 1] as usize;
        let mut d = 0.0;
        if place.is_empty() {
            let words = &self.words[range.clone()];
            for &(id, qw) in &q.terms {
                if let Ok(k) = words.binary_search(&id) {
                    d += qw * self.weight(range.start + k, idf);
                }
            }
            return d;
        }
        // The products go by the query's place of their word, and are summed in that order.
        let mut products = [0.0; FAST_TERMS];
        let mut have = 0u64;
        // Most of a bag's words are not the query's: the words are walked as a slice, one
        // place look-up each, and a weight is made only for a word of the query.
        let words = &self.words[range.clone()];
        for (j, &w) in words.iter().enumerate() {
            let k = place[w as usize];
            if k != 0 {
                let k = usize::from(k - 1) % FAST_TERMS;
                products[k] = q.terms[k].1 * self.weight(range.start + j, idf);
                have |= 1 << k;
            }
        }
        while have != 0 {
            let k = have.trailing_zeros() as usize;
            d += products[k];
            have &= have - 1;
        }
        d
    }
}

/// How many slots a statement's [`Bounds::shares`] has.
pub(super) const SLOTS: usize = 64;

/// A share's unit in [`Bounds::shares`]: shares are kept in this many steps of 1.
pub(super) const STEPS: f64 = 255.0;

/// A word's slot in a statement's [`Bounds::shares`].
#[inline]
pub(super) fn word_slot(word: u32) -> usize {
    word as usize % SLOTS
}

/// A share of a norm (0 to 1) in [`STEPS`]ths, rounded up: one step over its floor, so that
/// the step is above the share even when its product with [`STEPS`] was rounded down.
fn share_steps(share: f64) -> i16 {
    ((share * STEPS) as i16).saturating_add(1).min(STEPS as i16)
}

impl Bounds {
    fn of(index: &MeetingIndex) -> Bounds {
        let bags = &index.bags;
        let n = index.statements.len();
        let mut shares = Vec::with_capacity(n);
        for (range, &inv) in bags.starts.windows(2).zip(&index.inv_norms) {
            let mut row = [0i16; SLOTS];
            for j in range[0] as usize..range[1] as usize {
                let slot = &mut row[word_slot(bags.words[j])];
                *slot = (*slot).max(share_steps(bags.weight(j, &index.idf) * inv));
            }
            shares.push(row);
        }
        let max_share = (0..index.df.len() as u32)
            .map(|w| index.postings.of(w))
            .map(|list| {
                list.iter()
                    .map(|&(i, w)| w * index.inv_norms[i as usize])
                    .fold(0.0, f64::max)
            })
            .collect();
        Bounds {
            max_share,
            shares,
            mass: common_mass(bags, &index.idf, &index.df, &index.inv_norms),
        }
    }
}

/// [`Bounds::mass`] of the bags, per power of two of the document frequency.
fn common_mass(bags: &Bags, idf: &[f64], df: &[u32], inv_norms: &[f64]) -> Vec<f64> {
    let starts = &bags.starts;
    let bands = df_band((starts.len() - 1) as u32) + 1;
    let mut mass = vec![0.0f64; bands];
    let mut by_band = vec![0.0f64; bands];
    // Each word's band once: a bag entry then costs a byte read, not a logarithm.
    let band_of: Vec<u8> = df.iter().map(|&d| df_band(d) as u8).collect();
    for (range, &inv) in starts.windows(2).zip(inv_norms) {
        by_band.fill(0.0);
        for j in range[0] as usize..range[1] as usize {
            let weight = bags.weight(j, idf);
            by_band[usize::from(band_of[bags.words[j] as usize])] += weight * weight;
        }
        // From the commonest band down: the mass of the words at least that common.
        let mut sum = 0.0;
        for j in (0..bands).rev() {
            sum += by_band[j];
            mass[j] = mass[j].max(sum.sqrt() * inv);
        }
    }
    mass
}

/// The band of a document frequency: j with 2^j ≤ df < 2^(j+1).
pub(super) fn df_band(df: u32) -> usize {
    df.max(1).ilog2() as usize
}

/// Inverse document frequency of a word used by `df` of `n` statements.
fn idf_of(n: f64, df: f64) -> f64 {
    ((n + 1.0) / (df + 1.0)).ln() + 1.0
}

/// Every word's postings in one array, each word's run found by its offset: a meeting's
/// vocabulary is thousands of words, and one allocation each showed in profiles.
#[derive(Default)]
pub(super) struct Postings {
    /// Word `w`'s postings are `entries[starts[w]..starts[w + 1]]`.
    starts: Vec<u32>,
    entries: Vec<(u32, f64)>,
    /// While filling: where each word's next posting goes.
    next: Vec<u32>,
}

impl Postings {
    /// Room for each word's postings, `counts[w]` of them (its document frequency).
    fn with_counts(counts: &[u32]) -> Postings {
        let mut starts = Vec::with_capacity(counts.len() + 1);
        let mut at = 0u32;
        starts.push(0);
        for &c in counts {
            at += c;
            starts.push(at);
        }
        Postings {
            next: starts[..counts.len()].to_vec(),
            // Filled with a value that is not all zero bits: `vec![(0, 0.0); n]` asks the
            // allocator for zeroed memory, which jemalloc zeroes by handing the pages back to the
            // kernel (`madvise`) to fault in again on the first write: half of `check`'s page
            // faults.
            entries: vec![(u32::MAX, 0.0); at as usize],
            starts,
        }
    }

    /// Adds a posting of `word`; each word's postings are added in statement order.
    fn push(&mut self, word: u32, statement: u32, weight: f64) {
        let slot = &mut self.next[word as usize];
        self.entries[*slot as usize] = (statement, weight);
        *slot += 1;
    }

    /// The postings of `word`, in statement order.
    pub(super) fn of(&self, word: u32) -> &[(u32, f64)] {
        let w = word as usize;
        &self.entries[self.starts[w] as usize..self.starts[w + 1] as usize]
    }
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
