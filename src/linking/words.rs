//! Content words: a text folded, split into words, stripped of the words that say nothing about
//! what a delegation said, and crudely stemmed. What [`super::MeetingIndex`] indexes and queries.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::span::Span;
use crate::text::{WordShape, compare_word_hashes};
use crate::workspace::Document;

/// Words that say nothing about what a delegation said, skipped when content words are
/// counted. Three groups, each word once: [`FUNCTION_WORDS`]; [`RECORD_WORDS`], which every
/// statement of every record uses; and [`SEED_TOPIC_WORDS`].
const STOPWORDS: [&[&str]; 3] = [FUNCTION_WORDS, RECORD_WORDS, SEED_TOPIC_WORDS];

/// Grammar words, pronouns and quantifiers.
const FUNCTION_WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "an",
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "for",
    "on",
    "that",
    "this",
    "with",
    "as",
    "by",
    "it",
    "its",
    "at",
    "from",
    "or",
    "but",
    "not",
    "has",
    "have",
    "had",
    "he",
    "she",
    "his",
    "her",
    "they",
    "their",
    "them",
    "also",
    "which",
    "who",
    "will",
    "would",
    "can",
    "could",
    "must",
    "should",
    "more",
    "such",
    "these",
    "those",
    "there",
    "than",
    "into",
    "all",
    "other",
    "any",
    "some",
    "many",
    "including",
    "while",
    "further",
    "what",
    "how",
    "one",
    "two",
    "per",
    "cent",
    "among",
    "being",
    "do",
    "does",
    "did",
    "so",
    "if",
    "no",
    "our",
    "we",
    "us",
    "i",
    "my",
    "you",
    "your",
    "about",
    "between",
    "through",
    "over",
    "under",
    "up",
    "out",
    "only",
    "own",
    "same",
    "both",
    "each",
    "very",
    "just",
    "new",
    "then",
    "when",
];

/// The words of any meeting record: how the reporter reports ("said", "noting"), who speaks
/// ("delegate", "Member States", "Government") and the stock of every statement ("efforts").
const RECORD_WORDS: &[&str] = &[
    "said",
    "says",
    "noting",
    "stressed",
    "adding",
    "country",
    "countries",
    "government",
    "delegate",
    "representative",
    "national",
    "international",
    "united",
    "nations",
    "today",
    "states",
    "state",
    "member",
    "efforts",
    "need",
    "needs",
];

/// The topic of the seed records' meeting, a debate on trafficking in persons: every statement
/// of that meeting uses them, so they tell no statement from another. They came in with content
/// matching, when the seeds were its only records. In a meeting on another topic they are
/// ordinary content words, dropped all the same; the tf × idf weights of [`MeetingIndex`] weigh
/// any meeting's common words down, so the list is kept only so that results on the seeds stay
/// as they were calibrated.
const SEED_TOPIC_WORDS: &[&str] = &[
    "trafficking",
    "human",
    "persons",
    "person",
    "combat",
    "combating",
    "crime",
    "victims",
];

/// [`STOPWORDS`] as word hashes (see [`CompareWords`](crate::text::CompareWords)): every word
/// of every claim is looked up among them.
static STOPWORD_HASHES: LazyLock<Stopwords> = LazyLock::new(|| {
    let hashes: FxHashSet<u64> = STOPWORDS
        .iter()
        .flat_map(|g| g.iter())
        .map(|w| compare_word_hashes(w)[0])
        .collect();
    let mut bits = [0u64; 64];
    for &h in &hashes {
        bits[Stopwords::block(h)] |= Stopwords::bit(h);
    }
    Stopwords { bits, hashes }
});

/// The stop words' hashes behind a bit per hash bucket (4096 buckets for about 130 words): most
/// words looked up are no stop word, and a bit test is then all they cost.
struct Stopwords {
    bits: [u64; 64],
    hashes: FxHashSet<u64>,
}

impl Stopwords {
    #[inline]
    fn block(hash: u64) -> usize {
        (hash >> 6 & 63) as usize
    }

    #[inline]
    fn bit(hash: u64) -> u64 {
        1 << (hash & 63)
    }

    #[inline]
    fn contains(&self, hash: u64) -> bool {
        self.bits[Stopwords::block(hash)] & Stopwords::bit(hash) != 0 && self.hashes.contains(&hash)
    }
}

/// The key of a content word: `None` for a word that says nothing (under three letters, a
/// number, a stop word), else the hash of the word crudely stemmed, so that "migrants" and
/// "migrant", "laws" and "law" are one word.
#[inline]
pub(super) fn content_key(hash: u64, shape: WordShape) -> Option<u64> {
    if !may_be_content(shape) || STOPWORD_HASHES.contains(hash) {
        return None;
    }
    Some(if shape.ends_in_s && shape.len > 4 {
        shape.without_final_s
    } else {
        hash
    })
}

/// Whether a word's shape allows it to be a content word (three letters or more, not a
/// number): a test of the shape alone, which rules out a word without looking it up.
#[inline]
pub(super) fn may_be_content(shape: WordShape) -> bool {
    shape.len >= 3 && !shape.digits
}

/// Calls `f` with the key of each content word among `words` (a slice of a record's
/// [`CompareWords`](crate::text::CompareWords): hashes and shapes), in text order.
fn for_each_content_key(hashes: &[u64], shapes: &[WordShape], mut f: impl FnMut(u64)) {
    for (&h, &shape) in hashes.iter().zip(shapes) {
        if let Some(key) = content_key(h, shape) {
            f(key);
        }
    }
}

/// The content words among a slice of a record's words (see
/// [`CompareWords`](crate::text::CompareWords)) by key, with counts.
pub(super) fn content_key_counts(hashes: &[u64], shapes: &[WordShape]) -> FxHashMap<u64, f64> {
    let mut out = FxHashMap::default();
    for_each_content_key(hashes, shapes, |k| {
        *out.entry(k).or_insert(0.0) += 1.0;
    });
    out
}

/// How many content words a text has (with repetitions).
#[cfg(test)]
pub fn content_word_count(text: &str) -> usize {
    let words = crate::text::CompareWords::of(text);
    content_word_count_of(&words.hashes, &words.shapes)
}

/// How many content words a span of a record has (with repetitions), from the record's words.
pub fn content_word_count_in(doc: &Document, span: Span) -> usize {
    let (hashes, shapes) = doc.compare_words().words_in(span);
    content_word_count_of(hashes, shapes)
}

fn content_word_count_of(hashes: &[u64], shapes: &[WordShape]) -> usize {
    let mut n = 0;
    for_each_content_key(hashes, shapes, |_| n += 1);
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{CompareWords, fold};

    /// Content words as strings, as they were keyed before word hashes: the reference.
    fn content_words_as_strings(text: &str) -> Vec<String> {
        let stop: FxHashSet<&str> = STOPWORDS.iter().flat_map(|g| g.iter().copied()).collect();
        fold(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 3 && !stop.contains(w) && !w.chars().all(|c| c.is_ascii_digit()))
            .map(|w| {
                w.strip_suffix('s')
                    .filter(|s| s.len() >= 4)
                    .unwrap_or(w)
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn content_keys_are_the_stemmed_content_words() {
        let crafted =
            "Laws and lawss: the migrants’ 2024 États-Unis “Côte d’Ivoire’s” Straße bus gas ones";
        // Every stop word (as written and capitalised) among content words, in random orders.
        let mut pieces: Vec<String> = STOPWORDS
            .iter()
            .flat_map(|g| g.iter())
            .flat_map(|w| {
                [
                    format!("{w} "),
                    format!("{}{} ", w[..1].to_uppercase(), &w[1..]),
                ]
            })
            .collect();
        pieces.extend(["shelters ", "palermo, ", "laws. ", "Thee ", "saids "].map(String::from));
        let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
        let texts = crate::text::seed_texts()
            .into_iter()
            .chain([crafted.to_string()])
            .chain(crate::text::random_texts(&pieces, 11, 40, 300));
        let mut checked = 0;
        for text in texts {
            let words = CompareWords::of(&text);
            let mut keys = Vec::new();
            for_each_content_key(&words.hashes, &words.shapes, |k| keys.push(k));
            let expected: Vec<u64> = content_words_as_strings(&text)
                .iter()
                .map(|w| compare_word_hashes(w)[0])
                .collect();
            checked += expected.len();
            let head: String = text.chars().take(40).collect();
            assert_eq!(keys, expected, "{head}");
        }
        assert!(checked > 10_000, "{checked}");
    }

    #[test]
    fn every_stop_word_is_found_behind_its_bit() {
        for w in STOPWORDS.iter().flat_map(|g| g.iter()) {
            assert!(STOPWORD_HASHES.contains(compare_word_hashes(w)[0]), "{w}");
        }
        assert!(!STOPWORD_HASHES.contains(compare_word_hashes("shelters")[0]));
    }
}
