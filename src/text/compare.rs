//! Text folded for verbatim comparison: normalised strings and word hashes, one walk that the
//! duplicate-paragraph and quotation checks and the meetings' word indexes read.

use super::ascii::{HIGH, alphanumeric_lanes, lanes, load8};
use super::fold_char;
use crate::span::Span;

/// A word as [`for_each_word`] finds it: `src[start..end]`, folded by OR-ing `case` into each
/// byte. A run of ASCII letters and digits is read straight from the text with `case` 0x20
/// (which lower-cases a letter and leaves a digit as it is, 0x20 being set in '0'..='9'), so
/// that the commonest words are hashed without being copied; a word that runs into a non-ASCII
/// letter is folded into a buffer first, with `case` 0.
#[derive(Clone, Copy)]
struct Word<'a> {
    src: &'a [u8],
    start: usize,
    end: usize,
    case: u8,
}

impl Word<'_> {
    fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether it is all ASCII digits (folding changes no byte's being one).
    fn digits(&self) -> bool {
        self.src[self.start..self.end]
            .iter()
            .all(u8::is_ascii_digit)
    }

    /// Appends its folded bytes.
    fn fold_into(&self, out: &mut Vec<u8>) {
        let case = self.case;
        out.extend(self.src[self.start..self.end].iter().map(|b| b | case));
    }
}

/// The end of the run of ASCII letters and digits that goes on at `at`.
#[inline]
fn ascii_run_end(bytes: &[u8], mut at: usize) -> usize {
    loop {
        let other = !alphanumeric_lanes(load8(bytes, at)) & HIGH;
        if other != 0 {
            return at + (other.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
}

/// The length of the character `rest` starts with if it is one of the commonest non-ASCII
/// characters in records and folds to no letter or digit (a no-break space, or a dash, quotation
/// mark or space of U+2000..U+203F), else 0: these part words without being folded.
#[inline]
fn separator_len(rest: &[u8]) -> usize {
    match rest {
        [0xC2, 0xA0, ..] => 2,
        [0xE2, 0x80, ..] => 3,
        _ => 0,
    }
}

/// Walks the words of a text folded for verbatim comparison: `word_at` gets each word (its
/// folded bytes are letters lower-cased and without accents, and digits; punctuation and spaces
/// part words) and the byte offset in `s` of the character it starts with. The one walk behind
/// [`normalize_for_compare`] and [`CompareWords`], so both cut the same words.
fn for_each_word(s: &str, mut word_at: impl FnMut(usize, Word<'_>)) {
    let bytes = s.as_bytes();
    // The folded bytes of a word that goes on across a non-ASCII letter (else empty).
    let mut word: Vec<u8> = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if word.is_empty() {
            // Records are mostly ASCII: 8 bytes at a time, to the next ASCII letter or digit or
            // non-ASCII byte, and if it starts a run of ASCII letters and digits, to its end.
            let x = load8(bytes, i);
            let alnum = alphanumeric_lanes(x);
            let found = alnum | (x & HIGH);
            if found == 0 {
                i += 8;
                continue;
            }
            let lane = found.trailing_zeros() / 8;
            i += lane as usize;
            if i >= bytes.len() {
                break;
            }
            if alnum & (0x80 << (8 * lane)) != 0 {
                let other = !alnum & HIGH & (u64::MAX << (8 * lane));
                let end = if other != 0 {
                    i - lane as usize + (other.trailing_zeros() / 8) as usize
                } else {
                    ascii_run_end(bytes, i - lane as usize + 8)
                };
                if bytes.get(end).is_none_or(u8::is_ascii) || separator_len(&bytes[end..]) > 0 {
                    word_at(
                        i,
                        Word {
                            src: bytes,
                            start: i,
                            end,
                            case: 0x20,
                        },
                    );
                } else {
                    // The word may go on into a non-ASCII letter ("naïve"): folded in `word`.
                    start = i;
                    word.extend(bytes[i..end].iter().map(u8::to_ascii_lowercase));
                }
                i = end;
                continue;
            }
            let skip = separator_len(&bytes[i..]);
            if skip > 0 {
                i += skip;
                continue;
            }
        }
        let b = bytes[i];
        if b.is_ascii() {
            // Inside a word folded in `word`.
            if b.is_ascii_alphanumeric() {
                word.push(b.to_ascii_lowercase());
            } else {
                emit_folded(start, &mut word, &mut word_at);
            }
            i += 1;
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
            } else {
                emit_folded(start, &mut word, &mut word_at);
            }
        });
        i += c.len_utf8();
    }
    emit_folded(start, &mut word, &mut word_at);
}

/// Hands the word folded in `word` (if any) to `word_at`, and empties it.
fn emit_folded(start: usize, word: &mut Vec<u8>, word_at: &mut impl FnMut(usize, Word<'_>)) {
    if !word.is_empty() {
        let end = word.len();
        word_at(
            start,
            Word {
                src: word,
                start: 0,
                end,
                case: 0,
            },
        );
        word.clear();
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
        word.fold_into(&mut out);
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

/// The hash of a word's folded bytes, `src[start..end]` with `case` OR-ed into each byte (see
/// [`Word`]): 8 bytes at a time, so that hashing costs a fraction of reading the text (a
/// byte-at-a-time hash is a chain of multiplications as long as the text). The last few bytes
/// are read as 8 from `src` (zero past its end) with the bytes past `end` cleared, as if the
/// word were zero-padded to a multiple of 8, without copying them. [`hashes_and_shape`] gives
/// the same hash with the word's shape; this one hashes a word without its final "s".
fn hash_cased(src: &[u8], start: usize, end: usize, case: u8) -> u64 {
    let case = lanes(case);
    let mut h = (end - start) as u64;
    let mut at = start;
    while at + 8 <= end {
        h = (h.rotate_left(5) ^ (load8(src, at) | case)).wrapping_mul(MIX);
        at += 8;
    }
    if at < end {
        let kept = u64::MAX >> (8 * (8 - (end - at)));
        h = (h.rotate_left(5) ^ ((load8(src, at) | case) & kept)).wrapping_mul(MIX);
    }
    // The multiplications carry low bits up only: fold the high ones back down for hash tables.
    h ^ (h >> 29)
}

/// A word's hash with its shape, from one read of its folded bytes (`src[start..end]` with
/// `case` OR-ed into each byte, see [`Word`]), as [`hash_cased`] hashes them. Returns the hash,
/// the hash without a final "s" (else the hash), whether it ends in "s", and the OR of its
/// folded bytes. Few words end in "s": their second hash is a second read of the word, which
/// costs less than carrying a second hash along every word.
#[inline(always)]
fn hashes_and_shape(src: &[u8], start: usize, end: usize, case: u8) -> (u64, u64, bool, u64) {
    let ends_in_s = src[end - 1] | case == b's';
    let case_lanes = lanes(case);
    let mut h = (end - start) as u64;
    let mut seen = 0;
    let mut at = start;
    while at + 8 < end {
        let chunk = load8(src, at) | case_lanes;
        seen |= chunk;
        h = (h.rotate_left(5) ^ chunk).wrapping_mul(MIX);
        at += 8;
    }
    // 1 to 8 bytes are left.
    let kept = u64::MAX >> (8 * (8 - (end - at)));
    let last = (load8(src, at) | case_lanes) & kept;
    seen |= last;
    h = (h.rotate_left(5) ^ last).wrapping_mul(MIX);
    let hash = h ^ (h >> 29);
    let without_final_s = if ends_in_s {
        hash_cased(src, start, end - 1, case)
    } else {
        hash
    };
    (hash, without_final_s, ends_in_s, seen)
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
        // Pushed in the walk's own loop: as a call per word, saving and restoring registers
        // cost as much as hashing the word (a word is 6 to 7 bytes on average).
        for_each_word(
            s,
            #[inline(always)]
            |start, word| words.push(start, word),
        );
        words
    }

    #[inline(always)]
    fn push(&mut self, start: usize, word: Word<'_>) {
        let (hash, without_final_s, ends_in_s, seen) =
            hashes_and_shape(word.src, word.start, word.end, word.case);
        // A word read straight from the text is ASCII letters and digits, and a letter is the
        // one of them with 0x40 set; a word folded into a buffer may hold any letter.
        let digits = if word.case == 0x20 {
            seen & lanes(0x40) == 0
        } else {
            word.digits()
        };
        self.starts.push(start as u32);
        self.hashes.push(hash);
        self.shapes.push(WordShape {
            len: word.len() as u32,
            digits,
            ends_in_s,
            without_final_s,
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

    /// Both hashes, the final "s" and the OR of the bytes, for every length at every offset
    /// of a text, against [`hash_cased`] word by word.
    #[test]
    fn one_read_gives_both_hashes_of_every_length_at_every_offset() {
        let text = b"abcdefghSIJKLMNOPqrs0123456789stuvwxyzABs";
        for case in [0, 0x20] {
            for start in 0..text.len() {
                for end in start + 1..=text.len() {
                    let (hash, stem, ends_in_s, seen) = hashes_and_shape(text, start, end, case);
                    assert_eq!(hash, hash_cased(text, start, end, case));
                    assert_eq!(ends_in_s, text[end - 1] | case == b's');
                    let want_stem = if ends_in_s {
                        hash_cased(text, start, end - 1, case)
                    } else {
                        hash
                    };
                    assert_eq!(stem, want_stem, "{start}..{end}");
                    let or = text[start..end].iter().fold(0, |o, b| o | b | case);
                    assert_eq!(seen.to_le_bytes().iter().fold(0, |o, b| o | b), or);
                }
            }
        }
    }

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

    /// The hash of a word's folded bytes as it was first written, copying the last few bytes
    /// into a zero-padded chunk: the reference for [`hash_cased`].
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
        h ^ (h >> 29)
    }

    /// The words as `fold_char` cuts them, one character at a time, with their starts and
    /// shapes: the reference for the bulk walk of [`CompareWords::of`].
    fn words_char_by_char(s: &str) -> (Vec<u64>, Vec<u32>, Vec<WordShape>) {
        let (mut hashes, mut starts, mut shapes) = (Vec::new(), Vec::new(), Vec::new());
        let mut word = String::new();
        let mut end_word = |word: &mut String| {
            if word.is_empty() {
                return;
            }
            let hash = word_hash(word.as_bytes());
            let stem = word.strip_suffix('s');
            hashes.push(hash);
            shapes.push(WordShape {
                len: word.len() as u32,
                digits: word.bytes().all(|b| b.is_ascii_digit()),
                ends_in_s: stem.is_some(),
                without_final_s: stem.map_or(hash, |w| word_hash(w.as_bytes())),
            });
            word.clear();
        };
        for (at, c) in s.char_indices() {
            fold_char(c, |f| {
                if f.is_alphanumeric() {
                    if word.is_empty() {
                        starts.push(at as u32);
                    }
                    word.push(f);
                } else {
                    end_word(&mut word);
                }
            });
        }
        end_word(&mut word);
        (hashes, starts, shapes)
    }

    /// Checks the bulk walk against [`words_char_by_char`] on `text`, and
    /// `normalize_for_compare` against [`normalize_slowly`].
    fn assert_walks_agree(text: &str) {
        let words = CompareWords::of(text);
        let (hashes, starts, shapes) = words_char_by_char(text);
        assert_eq!(words.hashes, hashes, "{text:?}");
        assert_eq!(words.starts, starts, "{text:?}");
        assert_eq!(words.shapes, shapes, "{text:?}");
        assert_eq!(
            normalize_for_compare(text),
            normalize_slowly(text),
            "{text:?}"
        );
    }

    #[test]
    fn the_bulk_walk_cuts_words_as_the_char_walk_does() {
        for text in [
            include_str!("../../fixtures/001_c043cd201b0f12f7.txt"),
            include_str!("../../fixtures/003_1ccf80f226d00912.txt"),
            "“Côte d’Ivoire’s” ŠIMONOVIĆ — Straße, 12,5 %; æon… naïve½x ÆON x\u{301}y ",
            "é",
            "",
            // Bytes either side of the ASCII letter and digit ranges, and control bytes that
            // look like digits once 0x20 is set.
            "/0 9: @A Z[ `a z{ \x7f \x10\x19 \x00x",
            "LAWS Laws lawS s S 1990s 2024 12a a12 xs\u{a0}Xs’ s\u{2011}S",
            // Words mixing ASCII and accented letters, at and across chunk boundaries.
            "abcdefgé abcdefghé éabcdefgh abcdefg\u{301}h NAÏVEs ŒUVRES Straßes 1½s",
        ] {
            assert_walks_agree(text);
        }
    }

    #[test]
    fn the_bulk_walk_cuts_words_of_every_length_at_every_offset() {
        let letters = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789S";
        for lead in 0..9 {
            for len in 1..=letters.len() {
                let word = &letters[..len];
                for tail in ["", " ", "s", "é", "\u{a0}", "’s", "-x"] {
                    let text = format!("{}{word}{tail}", " ".repeat(lead));
                    assert_walks_agree(&text);
                    assert_walks_agree(&format!("{text} {word}s {word}"));
                }
            }
        }
    }

    #[test]
    fn the_bulk_walk_agrees_on_random_text() {
        let pieces = [
            "a", "Z", "s", "S", "7", " ", ".", "\n", "é", "É", "ß", "æ", "\u{a0}", "’", "“", "—",
            "\u{2011}", "½", "⁰", "\u{301}", "ı", "Ł", "@", "`", "{", "[", "\x7f", "\x19",
        ];
        for text in crate::text::random_texts(&pieces, 0x2545_f491_4f6c_dd1d, 40, 3000) {
            assert_walks_agree(&text);
        }
    }

    #[test]
    fn the_separators_skipped_unfolded_fold_to_no_letter_or_digit() {
        let chars = ('\u{2000}'..='\u{203f}').chain(['\u{a0}']);
        for c in chars {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(separator_len(bytes), bytes.len(), "{c:?}");
            fold_char(c, |f| assert!(!f.is_alphanumeric(), "{c:?} folds to {f:?}"));
        }
        for c in ['\u{a1}', '\u{aa}', '\u{2040}', '\u{2070}', 'é'] {
            let mut buf = [0u8; 4];
            assert_eq!(
                separator_len(c.encode_utf8(&mut buf).as_bytes()),
                0,
                "{c:?}"
            );
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
