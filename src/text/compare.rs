//! Text folded for verbatim comparison: normalised strings and word hashes, one walk that the
//! duplicate-paragraph and quotation checks and the meetings' word indexes read.

use super::fold_char;
use crate::span::Span;

/// Walks the words of a text folded for verbatim comparison: `word_at` gets each word's folded
/// bytes (letters lower-cased and without accents, digits; punctuation and spaces part words)
/// and the byte offset in `s` of the character it starts with. The one walk behind
/// [`normalize_for_compare`] and [`CompareWords`], so both cut the same words.
fn for_each_word(s: &str, mut word_at: impl FnMut(usize, &[u8])) {
    let bytes = s.as_bytes();
    // The folded bytes of the word being read (it may go on across a non-ASCII letter).
    let mut word: Vec<u8> = Vec::with_capacity(64);
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                if !word.is_empty() {
                    word_at(start, &word);
                    word.clear();
                }
                i += 1;
                continue;
            }
            // Records are mostly ASCII: a run of ASCII letters and digits is lower-cased in
            // bulk, as `fold_char` folds them one by one.
            let run = bytes[i..]
                .iter()
                .position(|c| !c.is_ascii_alphanumeric())
                .unwrap_or(bytes.len() - i);
            if word.is_empty() {
                start = i;
            }
            word.extend(bytes[i..i + run].iter().map(u8::to_ascii_lowercase));
            i += run;
            continue;
        }
        let c = s[i..].chars().next().expect("a character starts here");
        let mut buf = [0u8; 4];
        fold_char(c, |f| {
            if f.is_alphanumeric() {
                if word.is_empty() {
                    start = i;
                }
                word.extend_from_slice(f.encode_utf8(&mut buf).as_bytes());
            } else if !word.is_empty() {
                word_at(start, &word);
                word.clear();
            }
        });
        i += c.len_utf8();
    }
    if !word.is_empty() {
        word_at(start, &word);
    }
}

/// Normalises a quotation or paragraph for verbatim comparison: folded, punctuation dropped,
/// whitespace collapsed (its words, one space apart).
pub(crate) fn normalize_for_compare(s: &str) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    for_each_word(s, |_, word| {
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(word);
    });
    String::from_utf8(out).expect("built from whole characters")
}

/// The words of `normalize_for_compare(s)`, each as a hash of its bytes, without building the
/// normalised text: what a comparison needs to find candidates before comparing any text.
pub(crate) fn compare_word_hashes(s: &str) -> Vec<u64> {
    CompareWords::of(s).hashes
}

/// Mixes 8 bytes of a word into its hash.
const MIX: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The hash of a word's folded bytes: 8 bytes at a time, so that hashing costs a fraction of
/// reading the text (a byte-at-a-time hash is a chain of multiplications as long as the text).
#[inline]
fn word_hash(word: &[u8]) -> u64 {
    let mut h = word.len() as u64;
    let mut chunks = word.chunks_exact(8);
    for c in &mut chunks {
        let bytes: [u8; 8] = c.try_into().expect("chunks of 8");
        h = (h.rotate_left(5) ^ u64::from_le_bytes(bytes)).wrapping_mul(MIX);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut bytes = [0u8; 8];
        bytes[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(bytes)).wrapping_mul(MIX);
    }
    // The multiplications carry low bits up only: fold the high ones back down for hash tables.
    h ^ (h >> 29)
}

/// What a word of [`CompareWords`] looks like, for readers that keep only some words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WordShape {
    /// Folded bytes.
    pub len: u32,
    /// Whether it is all ASCII digits.
    pub digits: bool,
    /// Whether it ends in "s"...
    pub ends_in_s: bool,
    /// ...and then the hash of the word without it (a crude stemmer's "laws" -> "law"); else
    /// the word's own hash.
    pub without_final_s: u64,
}

/// The words of a text as [`normalize_for_compare`] cuts them, each as a hash of its folded
/// bytes, with where it starts and its shape. A record's are computed once and sliced per
/// paragraph or statement: the duplicate-paragraph and quotation checks and the meeting's word
/// index read the same words, and a paragraph's words are exactly the record's words that start
/// in it (paragraphs begin and end at a separator).
#[derive(Debug, Clone, Default)]
pub(crate) struct CompareWords {
    /// Per word, in text order, a hash of its folded bytes.
    pub hashes: Vec<u64>,
    pub shapes: Vec<WordShape>,
    /// Per word, the byte offset in the text of the character it starts with.
    starts: Vec<u32>,
}

impl CompareWords {
    pub(crate) fn of(s: &str) -> CompareWords {
        let mut words = CompareWords {
            hashes: Vec::with_capacity(s.len() / 6),
            shapes: Vec::with_capacity(s.len() / 6),
            starts: Vec::with_capacity(s.len() / 6),
        };
        for_each_word(s, |start, word| words.push(start, word));
        words
    }

    fn push(&mut self, start: usize, word: &[u8]) {
        let hash = word_hash(word);
        self.starts.push(start as u32);
        let ends_in_s = word.last() == Some(&b's');
        self.hashes.push(hash);
        self.shapes.push(WordShape {
            len: word.len() as u32,
            digits: word.iter().all(u8::is_ascii_digit),
            ends_in_s,
            without_final_s: if ends_in_s {
                word_hash(&word[..word.len() - 1])
            } else {
                hash
            },
        });
    }

    /// The places (indexes into `hashes` and `shapes`) of the words that start inside `span`.
    fn range_in(&self, span: Span) -> std::ops::Range<usize> {
        let from = self.starts.partition_point(|&s| (s as usize) < span.start);
        let to = self.starts.partition_point(|&s| (s as usize) < span.end);
        from..to
    }

    /// The words that start inside `span` of the text.
    pub(crate) fn in_span(&self, span: Span) -> &[u64] {
        &self.hashes[self.range_in(span)]
    }

    /// The words that start inside `span`, with their shapes.
    pub(crate) fn words_in(&self, span: Span) -> (&[u64], &[WordShape]) {
        let range = self.range_in(span);
        (&self.hashes[range.clone()], &self.shapes[range])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `normalize_for_compare` character by character, as it was before its ASCII fast path.
    fn normalize_slowly(s: &str) -> String {
        let mut out = String::new();
        let mut pending_space = false;
        for c in s.chars() {
            fold_char(c, |f| {
                if f.is_alphanumeric() {
                    if pending_space && !out.is_empty() {
                        out.push(' ');
                    }
                    pending_space = false;
                    out.push(f);
                } else {
                    pending_space = true;
                }
            });
        }
        out
    }

    #[test]
    fn normalize_for_compare_matches_char_by_char_folding_on_the_seeds() {
        for seed in [
            include_str!("../../fixtures/000_ad5e1fdf5d9536eb.txt"),
            include_str!("../../fixtures/003_1ccf80f226d00912.txt"),
            "“Côte d’Ivoire’s” ŠIMONOVIĆ — Straße, 12,5 %; æon…",
            "",
            "...",
        ] {
            assert_eq!(normalize_for_compare(seed), normalize_slowly(seed));
            for line in seed.lines() {
                assert_eq!(normalize_for_compare(line), normalize_slowly(line));
            }
        }
    }

    #[test]
    fn compare_word_hashes_split_as_normalize_for_compare_does() {
        let hash_words = |norm: &str| -> Vec<u64> {
            norm.split(' ')
                .filter(|w| !w.is_empty())
                .map(|w| compare_word_hashes(w)[0])
                .collect()
        };
        for seed in [
            include_str!("../../fixtures/001_c043cd201b0f12f7.txt"),
            "“Côte d’Ivoire’s” ŠIMONOVIĆ — Straße, 12,5 %; æon…",
            "",
        ] {
            for line in seed.lines().chain([seed]) {
                assert_eq!(
                    compare_word_hashes(line),
                    hash_words(&normalize_for_compare(line))
                );
            }
        }
        assert_ne!(compare_word_hashes("peace"), compare_word_hashes("peach"));
        let words = CompareWords::of("Côte 2024 laws");
        let law = compare_word_hashes("law")[0];
        let shape = |len, digits, ends_in_s, without_final_s| WordShape {
            len,
            digits,
            ends_in_s,
            without_final_s,
        };
        assert_eq!(
            words.shapes,
            [
                shape(4, false, false, words.hashes[0]),
                shape(4, true, false, words.hashes[1]),
                shape(4, false, true, law)
            ]
        );
        // Longer words hash 8 bytes at a time: every byte still counts.
        let long =
            compare_word_hashes("internationalisation internationalisatioN internationalisatiom");
        assert_eq!(long[0], long[1]);
        assert_ne!(long[0], long[2]);
    }

    /// The words as `fold_char` cuts them, one character at a time: the reference for the
    /// bulk walk of [`CompareWords::of`].
    fn words_byte_by_byte(s: &str) -> (Vec<u64>, Vec<u32>) {
        let (mut hashes, mut starts, mut word) = (Vec::new(), Vec::new(), String::new());
        for (at, c) in s.char_indices() {
            fold_char(c, |f| {
                if f.is_alphanumeric() {
                    if word.is_empty() {
                        starts.push(at as u32);
                    }
                    word.push(f);
                } else if !word.is_empty() {
                    hashes.push(word_hash(word.as_bytes()));
                    word.clear();
                }
            });
        }
        if !word.is_empty() {
            hashes.push(word_hash(word.as_bytes()));
        }
        (hashes, starts)
    }

    #[test]
    fn the_bulk_walk_cuts_words_as_the_byte_walk_does() {
        for text in [
            include_str!("../../fixtures/001_c043cd201b0f12f7.txt"),
            include_str!("../../fixtures/003_1ccf80f226d00912.txt"),
            "“Côte d’Ivoire’s” ŠIMONOVIĆ — Straße, 12,5 %; æon… naïve½x ÆON x\u{301}y ",
            "é",
            "",
        ] {
            let words = CompareWords::of(text);
            let (hashes, starts) = words_byte_by_byte(text);
            assert_eq!(words.hashes, hashes);
            assert_eq!(words.starts, starts);
        }
    }

    #[test]
    fn a_records_words_sliced_by_paragraph_are_the_paragraphs_own() {
        for seed in [
            include_str!("../../fixtures/000_ad5e1fdf5d9536eb.txt"),
            include_str!("../../fixtures/002_c8db3da65464a602.txt"),
            "“Côte d’Ivoire’s” ŠIMONOVIĆ — Straße\n\n12,5 %; æon…\n",
        ] {
            let all = CompareWords::of(seed);
            // Paragraphs as blank lines part them, trimmed, and runs of them (as statements are).
            let mut paragraphs = Vec::new();
            let mut at = 0;
            for block in seed.split("\n\n") {
                let lead = block.len() - block.trim_start().len();
                let span = Span::new(at + lead, at + block.trim_end().len());
                if !span.is_empty() {
                    paragraphs.push(span);
                }
                at += block.len() + 2;
            }
            assert!(paragraphs.len() > 1);
            for (i, p) in paragraphs.iter().enumerate() {
                assert_eq!(all.in_span(*p), compare_word_hashes(p.text(seed)));
                let run = Span::new(p.start, paragraphs[(i + 2).min(paragraphs.len() - 1)].end);
                assert_eq!(all.in_span(run), compare_word_hashes(run.text(seed)));
            }
        }
    }
}
