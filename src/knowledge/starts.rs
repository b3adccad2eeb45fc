//! Where the gazetteer's scan may find a name: the word starts of a source text, read 64 bytes at
//! a time as bit masks, so that only word starts and non-ASCII characters are looked at one by one.

use crate::text::WordStart;
use crate::text::ascii::{BLOCK, block_classes};

/// What the characters of one block are, a bit per byte (bit `k` for byte `k` of the block).
struct BlockMasks {
    /// Bytes of letters and digits: ASCII ones here, non-ASCII ones added once decoded.
    word: u64,
    /// Bytes that are not ASCII.
    high: u64,
    /// The last byte of a quotation mark that opens a quoted title: '"' here, '“' once decoded.
    quote: u64,
}

/// The masks of the ASCII bytes of `bytes` from `at` (zero, a separator, past its end); with
/// `QUOTES` false the text has no '"' and none is looked for.
#[inline(always)]
fn block_masks<const QUOTES: bool>(bytes: &[u8], at: usize) -> BlockMasks {
    let classes = block_classes::<QUOTES>(bytes, at);
    BlockMasks {
        word: classes.alnum,
        high: classes.high,
        quote: classes.quote,
    }
}

/// Whether a non-ASCII character continues a word, as the word walk of
/// [`crate::text::FoldedText`] decides (`char::is_alphanumeric`): the no-break space and the
/// general punctuation (’ “ ” ‑ —), almost every non-ASCII character of a record, are answered
/// without the Unicode tables.
#[inline]
fn is_word_char(c: char) -> bool {
    !matches!(c, '\u{a0}' | '\u{2000}'..='\u{206f}') && c.is_alphanumeric()
}

/// Gives `emit` the word starts of `source` that [`crate::text::for_each_word_start`] gives with
/// `lower_first`, the same ones in the same order with the same kinds, found by bit masks:
/// a word starts at a letter or digit (ASCII, or not: `char::is_alphanumeric`) whose previous
/// character is neither; a capital or digit is a [`WordStart::Capital`], a lower-case ASCII
/// letter after '"' or '“' a [`WordStart::Quoted`] (and after '"' also a [`WordStart::Lower`]
/// when marked in `lower_first`), else a [`WordStart::Lower`] when marked; a non-ASCII letter
/// not in upper case is quoted after a quotation mark, else lower.
pub(super) fn for_each_name_start(
    source: &str,
    lower_first: &[bool; 256],
    mut emit: impl FnMut(usize, WordStart),
) {
    if memchr::memchr(b'"', source.as_bytes()).is_some() {
        walk_blocks::<true>(source, lower_first, &mut emit);
    } else {
        walk_blocks::<false>(source, lower_first, &mut emit);
    }
}

/// The walk of [`for_each_name_start`], block by block. A block starts at a character boundary:
/// when its last character runs past it, the next block starts after that character.
#[inline(always)]
fn walk_blocks<const QUOTES: bool>(
    source: &str,
    lower_first: &[bool; 256],
    emit: &mut impl FnMut(usize, WordStart),
) {
    let bytes = source.as_bytes();
    // Whether the character before the block is a letter or digit, and a quotation mark, as
    // bit 0.
    let mut word_before = 0u64;
    let mut quote_before = 0u64;
    let mut block = 0;
    while block < bytes.len() {
        let mut masks = block_masks::<QUOTES>(bytes, block);
        let mut end = BLOCK;
        let mut quote_across = false;
        if masks.high != 0 {
            (end, quote_across) = add_non_ascii(source, block, &mut masks);
        }
        let BlockMasks { word, quote, .. } = masks;
        let after_quote = (quote << 1) | quote_before;
        let mut starts = word & !((word << 1) | word_before);
        while starts != 0 {
            let off = starts.trailing_zeros();
            starts &= starts - 1;
            let at = block + off as usize;
            let b = bytes[at];
            let quoted = after_quote >> off & 1 != 0;
            if b >= 0x80 {
                emit(at, non_ascii_start(source, at, quoted));
            } else if b < b'a' {
                emit(at, WordStart::Capital);
            } else if quoted {
                emit(at, WordStart::Quoted);
                // After '"' (not '“') the letter is also a lower-case start of its own.
                if lower_first[b as usize] && bytes[at - 1] == b'"' {
                    emit(at, WordStart::Lower);
                }
            } else if lower_first[b as usize] {
                emit(at, WordStart::Lower);
            }
        }
        word_before = word >> 63;
        quote_before = if end > BLOCK {
            u64::from(quote_across)
        } else {
            quote >> 63
        };
        block += end;
    }
}

/// Decodes the non-ASCII characters of the block at `block` and marks them in `masks`: every byte
/// of a letter or digit as a word byte, the last byte of '“' as a quote. Returns where the block
/// ends (past [`BLOCK`] when its last character runs on) and whether that character is '“'.
#[inline(never)]
fn add_non_ascii(source: &str, block: usize, masks: &mut BlockMasks) -> (usize, bool) {
    let mut high = masks.high;
    let mut end = BLOCK;
    let mut quote_across = false;
    while high != 0 {
        let off = high.trailing_zeros() as usize;
        let c = source[block + off..]
            .chars()
            .next()
            .expect("a block's first non-ASCII byte starts a character");
        let len = c.len_utf8();
        let bytes_of_c = (u64::MAX >> (64 - len)) << off;
        high &= !bytes_of_c;
        if is_word_char(c) {
            masks.word |= bytes_of_c;
        }
        let last = off + len - 1;
        if last >= BLOCK {
            end = last + 1;
            quote_across = c == '\u{201C}';
        } else if c == '\u{201C}' {
            masks.quote |= 1 << last;
        }
    }
    (end, quote_across)
}

/// How a word that starts with the non-ASCII letter at `at` of `source` starts.
#[inline(never)]
fn non_ascii_start(source: &str, at: usize, quoted: bool) -> WordStart {
    let c = source[at..].chars().next().expect("a character");
    if c.is_uppercase() {
        WordStart::Capital
    } else if quoted {
        WordStart::Quoted
    } else {
        WordStart::Lower
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{for_each_word_start, random_texts, seed_texts};

    /// A walk of a text's word starts: the block walk, or the reference.
    type Walk = fn(&str, &[bool; 256], &mut dyn FnMut(usize, WordStart));

    fn starts_of(walk: Walk, text: &str, lower_first: &[bool; 256]) -> Vec<(usize, WordStart)> {
        let mut starts = Vec::new();
        walk(text, lower_first, &mut |at, kind| starts.push((at, kind)));
        starts
    }

    /// The block walk against the walk of the folded text, for a few `lower_first` tables.
    fn assert_starts_agree(text: &str) {
        let mut some = [false; 256];
        for b in *b"fo\"" {
            some[b as usize] = true;
        }
        for lower_first in [[true; 256], [false; 256], some] {
            let reference = starts_of(|t, l, e| for_each_word_start(t, l, e), text, &lower_first);
            let blocks = starts_of(|t, l, e| for_each_name_start(t, l, e), text, &lower_first);
            assert_eq!(blocks, reference, "{text:?}");
        }
    }

    #[test]
    fn the_block_walk_gives_the_word_walks_starts_in_records() {
        for text in seed_texts() {
            assert_starts_agree(&text);
            for line in text.lines() {
                assert_starts_agree(line);
            }
        }
    }

    #[test]
    fn the_block_walk_gives_the_word_walks_starts_in_random_text() {
        let pieces = [
            "a",
            "of",
            "former",
            "Greece",
            "7",
            " ",
            ".",
            "\"",
            "“",
            "”",
            "’",
            "'",
            "-",
            "\u{2011}",
            "—",
            "\u{a0}",
            "é",
            "É",
            "ß",
            "İ",
            "\u{345}",
            "\u{301}",
            "²",
            "日本",
            "𝔸",
            "\u{2071}",
            "x\"y",
            "“a",
            "\"o",
            "\"É",
            "“é",
            "abcdefghijklmnopqrstuvwxyz0123456789",
        ];
        for seed in [
            0x0123_4567_89ab_cdef,
            0x5bd1_e995_9e37_79b9,
            0x2545_f491_4f6c_dd1d,
        ] {
            for text in random_texts(&pieces, seed, 90, 3000) {
                assert_starts_agree(&text);
            }
        }
        // Every character of the tables' fast path, and characters of every length, on every
        // side of a block's end.
        for c in ['\u{a0}', '“', '’', 'é', '日', '𝔸', '\u{2071}', '\u{345}'] {
            for pad in 55..70 {
                for tail in ["a", "A", "é", "\"a", "fo"] {
                    assert_starts_agree(&format!("{}{c}{tail} {c}", "x ".repeat(pad / 2)));
                    assert_starts_agree(&format!("{}{c}{tail}", "y".repeat(pad)));
                }
            }
        }
    }

    #[test]
    fn the_punctuation_fast_path_agrees_with_the_unicode_tables() {
        for c in ('\u{80}'..='\u{3000}').chain(['\u{a0}']) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
