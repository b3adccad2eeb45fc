//! Text folded for verbatim comparison: normalised strings and word hashes, one walk that the
//! duplicate-paragraph and quotation checks and the meetings' word indexes read.

use super::ascii::{BLOCK, HIGH, alphanumeric_lanes, block_classes, lanes, load8};
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
///
/// Records are mostly ASCII: the walk reads 64 bytes at a time as two bit masks (ASCII letters
/// and digits; non-ASCII bytes) and takes each run of ASCII letters and digits from the masks, a
/// few instructions per word where a byte-wise walk spent a few per byte. The commonest
/// non-ASCII characters, which fold to no letter (see [`separator_len`]), are stepped over in the
/// masks too; a word that starts or goes on with any other non-ASCII character is handed to the
/// byte-wise walk ([`ByteWalk`]) until it ends.
#[inline(always)]
fn for_each_word(s: &str, mut word_at: impl FnMut(usize, Word<'_>)) {
    let bytes = s.as_bytes();
    let mut byte_walk = ByteWalk::default();
    let mut block = 0;
    while block < bytes.len() {
        let (alnum, high) = block_masks(bytes, block);
        // Bits of the block not yet read past: the starts of runs, and non-ASCII bytes.
        let mut pending = alnum | high;
        let mut next = block + BLOCK;
        while pending != 0 {
            let off = pending.trailing_zeros() as usize;
            let at = block + off;
            if high >> off & 1 == 0 {
                // A run of ASCII letters and digits: to the first byte of the block that is not
                // one, or past the block.
                let run = (!(alnum >> off)).trailing_zeros() as usize;
                let (end, ascii_after) = if off + run < BLOCK {
                    (at + run, high >> (off + run) & 1 == 0)
                } else {
                    let end = ascii_run_end(bytes, block + BLOCK);
                    (end, bytes.get(end).is_none_or(u8::is_ascii))
                };
                if ascii_after || separator_len(&bytes[end..]) > 0 {
                    word_at(
                        at,
                        Word {
                            src: bytes,
                            start: at,
                            end,
                            case: 0x20,
                        },
                    );
                    if off + run < BLOCK {
                        pending &= u64::MAX << (off + run);
                        continue;
                    }
                    next = end;
                    break;
                }
            } else {
                let skip = separator_len(&bytes[at..]);
                if skip > 0 {
                    if off + skip < BLOCK {
                        pending &= u64::MAX << (off + skip);
                        continue;
                    }
                    next = at + skip;
                    break;
                }
            }
            // A word that starts or goes on with a non-ASCII letter ("naïve", "Éire"), or a
            // rarer non-ASCII character: the byte-wise walk reads it to its end.
            next = byte_walk.word_from(at, s);
            for (start, word) in byte_walk.ended_words() {
                word_at(start, word);
            }
            break;
        }
        block = next;
    }
}

/// For the 64 bytes of `bytes` from `at` (zero past its end), a bit per byte (bit `k` for byte
/// `at + k`) set for the ASCII letters and digits, and one set for the non-ASCII bytes.
#[inline(always)]
fn block_masks(bytes: &[u8], at: usize) -> (u64, u64) {
    let classes = block_classes::<false>(bytes, at);
    (classes.alnum, classes.high)
}

/// The byte-wise walk of a text's words, for the words [`for_each_word`]'s masks do not cut (a
/// word with a non-ASCII letter): where it stands, the folded bytes of a word that goes on
/// across a non-ASCII letter (else empty) with the offset it starts at, and the words it has
/// ended. It keeps the words rather than handing them on, so that the block walk's callback is
/// not reachable from this rarely taken call and the block walk keeps its state in registers.
#[derive(Default)]
struct ByteWalk {
    at: usize,
    word: Vec<u8>,
    start: usize,
    /// The words ended since [`ByteWalk::word_from`] was last called: (offset in the text of
    /// the character a word starts with, its range in `folded`).
    ended: Vec<(usize, std::ops::Range<usize>)>,
    /// The folded bytes of the words in `ended`, one after another.
    folded: Vec<u8>,
}

impl ByteWalk {
    /// Walks from `at` (between words) to the end of the word there, keeping every word it
    /// ends in `ended` (a character may fold to several, "½" to "1⁄2"); returns where it
    /// stopped, between words again.
    #[inline(never)]
    fn word_from(&mut self, at: usize, s: &str) -> usize {
        self.ended.clear();
        self.folded.clear();
        self.at = at;
        loop {
            self.step(s);
            if self.word.is_empty() || self.at >= s.len() {
                break;
            }
        }
        if self.at >= s.len() {
            self.end_word();
        }
        self.at
    }

    /// The words `word_from` ended, as [`for_each_word`] hands words on.
    fn ended_words(&self) -> impl Iterator<Item = (usize, Word<'_>)> {
        self.ended.iter().map(|(start, range)| {
            let word = Word {
                src: &self.folded,
                start: range.start,
                end: range.end,
                case: 0,
            };
            (*start, word)
        })
    }

    /// Walks a whole text (the reference the tests hold the block walk to).
    #[cfg(test)]
    fn all_words(s: &str, mut word_at: impl FnMut(usize, Word<'_>)) {
        let mut walk = ByteWalk::default();
        while walk.at < s.len() {
            walk.step(s);
            for (start, word) in walk.ended_words() {
                word_at(start, word);
            }
            walk.ended.clear();
            walk.folded.clear();
        }
        walk.end_word();
        for (start, word) in walk.ended_words() {
            word_at(start, word);
        }
    }

    /// Keeps the word folded in `word` (if any) in `ended`, and empties `word`.
    fn end_word(&mut self) {
        if !self.word.is_empty() {
            let from = self.folded.len();
            self.folded.extend_from_slice(&self.word);
            self.ended.push((self.start, from..self.folded.len()));
            self.word.clear();
        }
    }

    /// One step: between words, 8 bytes at a time to the next ASCII letter or digit or
    /// non-ASCII byte, and a run of ASCII letters and digits whole; inside a word folded in
    /// `word`, a byte or a character.
    fn step(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let i = self.at;
        if self.word.is_empty() {
            let x = load8(bytes, i);
            let alnum = alphanumeric_lanes(x);
            let found = alnum | (x & HIGH);
            if found == 0 {
                self.at += 8;
                return;
            }
            let lane = found.trailing_zeros() / 8;
            let i = i + lane as usize;
            self.at = i;
            if i >= bytes.len() {
                return;
            }
            if alnum & (0x80 << (8 * lane)) != 0 {
                let other = !alnum & HIGH & (u64::MAX << (8 * lane));
                let end = if other != 0 {
                    i - lane as usize + (other.trailing_zeros() / 8) as usize
                } else {
                    ascii_run_end(bytes, i - lane as usize + 8)
                };
                // Lower-cased in `word`: a whole word if it ends here, else the start of one
                // that goes on into a non-ASCII letter ("naïve").
                self.start = i;
                self.word
                    .extend(bytes[i..end].iter().map(u8::to_ascii_lowercase));
                if bytes.get(end).is_none_or(u8::is_ascii) || separator_len(&bytes[end..]) > 0 {
                    self.end_word();
                }
                self.at = end;
                return;
            }
            let skip = separator_len(&bytes[i..]);
            if skip > 0 {
                self.at += skip;
                return;
            }
        }
        let i = self.at;
        let b = bytes[i];
        if b.is_ascii() {
            // Inside a word folded in `word`.
            if b.is_ascii_alphanumeric() {
                self.word.push(b.to_ascii_lowercase());
            } else {
                self.end_word();
            }
            self.at += 1;
            return;
        }
        let c = s[i..].chars().next().expect("a character starts here");
        let mut buf = [0u8; 4];
        fold_char(c, |f| {
            if f.is_alphanumeric() {
                if self.word.is_empty() {
                    self.start = i;
                }
                self.word
                    .extend_from_slice(f.encode_utf8(&mut buf).as_bytes());
            } else {
                self.end_word();
            }
        });
        self.at += c.len_utf8();
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
/// folded bytes. A word of up to 8 bytes (most words) is one chunk, and so is its stem: the
/// stem's hash is one more multiplication of the chunk without its last byte. A longer word
/// ending in "s" is read a second time for its stem.
#[inline(always)]
fn hashes_and_shape(src: &[u8], start: usize, end: usize, case: u8) -> (u64, u64, bool, u64) {
    let case_lanes = lanes(case);
    let len = end - start;
    let mut h = len as u64;
    let mut seen = 0;
    let mut at = start;
    while at + 8 < end {
        let chunk = load8(src, at) | case_lanes;
        seen |= chunk;
        h = (h.rotate_left(5) ^ chunk).wrapping_mul(MIX);
        at += 8;
    }
    // 1 to 8 bytes are left.
    let left = end - at;
    let kept = u64::MAX >> (8 * (8 - left));
    let last = (load8(src, at) | case_lanes) & kept;
    seen |= last;
    h = (h.rotate_left(5) ^ last).wrapping_mul(MIX);
    let hash = h ^ (h >> 29);
    let ends_in_s = (last >> (8 * (left - 1))) as u8 == b's';
    let without_final_s = if !ends_in_s {
        hash
    } else if len <= 8 {
        // As `hash_cased` of the stem: its one chunk (zero for an empty stem, which mixes to
        // the empty word's hash, 0).
        let stem = ((len as u64 - 1).rotate_left(5) ^ (last & (kept >> 8))).wrapping_mul(MIX);
        stem ^ (stem >> 29)
    } else {
        hash_cased(src, start, end - 1, case)
    };
    (hash, without_final_s, ends_in_s, seen)
}

/// A word's hash and shape (see [`WordShape`]).
#[inline(always)]
fn hash_and_shape(word: Word<'_>) -> (u64, WordShape) {
    let (hash, without_final_s, ends_in_s, seen) =
        hashes_and_shape(word.src, word.start, word.end, word.case);
    // A word read straight from the text is ASCII letters and digits, and a letter is the one
    // of them with 0x40 set; a word folded into a buffer may hold any letter.
    let digits = if word.case == 0x20 {
        seen & lanes(0x40) == 0
    } else {
        word.digits()
    };
    let shape = WordShape {
        len: word.len() as u32,
        digits,
        ends_in_s,
        without_final_s,
    };
    (hash, shape)
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
            |start, word| {
                let (hash, shape) = hash_and_shape(word);
                words.starts.push(start as u32);
                words.hashes.push(hash);
                words.shapes.push(shape);
            },
        );
        words
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
#[path = "compare_tests.rs"]
mod tests;
