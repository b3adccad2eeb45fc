//! Text folding (case, accents, typographic punctuation) and line/column arithmetic; knows nothing
//! of records or of the editor protocol.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::span::Span;

pub(crate) mod ascii;
mod compare;
#[cfg(test)]
mod folded_tests;
mod letters;
mod thread_regex;

pub(crate) use thread_regex::ThreadRegex;

/// The xorshift64 sequence from `seed` (not 0): the tests' reproducible pseudo-random numbers.
#[cfg(test)]
pub(crate) fn xorshift(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

/// `count` pseudo-random texts of up to `most` of `pieces` each, the same for a `seed`: the
/// bulk walks are held to their reference walks on them.
#[cfg(test)]
pub(crate) fn random_texts(pieces: &[&str], seed: u64, most: u64, count: usize) -> Vec<String> {
    let mut next = xorshift(seed | 1);
    // The length is drawn from the sequence too: a text of no pieces must not leave the state,
    // hence every later text, where it was.
    (0..count)
        .map(|_| {
            let len = next() % most;
            (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect()
        })
        .collect()
}
/// The texts of the real records in `fixtures/` (its own `.txt` files, not its subfolders'), in
/// name order: the fast paths are held to their references on them.
#[cfg(test)]
pub(crate) fn seed_texts() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .expect("the fixtures folder")
        .map(|entry| entry.expect("a fixtures entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| std::fs::read_to_string(path).expect("a fixture record"))
        .collect()
}

pub(crate) use compare::{CompareWords, WordShape, compare_word_hashes, normalize_for_compare};
pub(crate) use letters::{LetterCounts, letters_apart};

/// Folds one character for matching: lower case, accents stripped, typographic apostrophes,
/// dashes and spaces replaced by their ASCII forms. Calls `out` for each folded character.
#[inline]
pub(crate) fn fold_char(c: char, mut out: impl FnMut(char)) {
    if c.is_ascii() {
        out(c.to_ascii_lowercase());
        return;
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => out('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => out('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => out('-'),
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' | '\u{3000}' => out(' '),
        '\u{00DF}' => {
            out('s');
            out('s')
        }
        '\u{00E6}' | '\u{00C6}' => {
            out('a');
            out('e')
        }
        '\u{0153}' | '\u{0152}' => {
            out('o');
            out('e')
        }
        '\u{00F8}' | '\u{00D8}' => out('o'),
        '\u{0142}' | '\u{0141}' => out('l'),
        '\u{0111}' | '\u{0110}' | '\u{00F0}' | '\u{00D0}' => out('d'),
        '\u{0131}' => out('i'),
        '\u{00FE}' | '\u{00DE}' => {
            out('t');
            out('h')
        }
        _ => {
            for d in c.nfd() {
                if is_combining_mark(d) {
                    continue;
                }
                for l in d.to_lowercase() {
                    out(l);
                }
            }
        }
    }
}

/// Folds a whole string (see [`fold_char`]). Runs of ASCII, most of any text, are copied
/// and lower-cased in bulk rather than pushed a character at a time.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        let run = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let from = out.len();
        out.push_str(&rest[..run]);
        out[from..].make_ascii_lowercase();
        rest = &rest[run..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            fold_char(c, |f| out.push(f));
        }
        rest = chars.as_str();
    }
    out
}

/// A folded copy of a text with, for each folded byte, the byte offset of the original character
/// it came from; lets a match in folded text be mapped back to the original.
pub(crate) struct FoldedText {
    pub text: String,
    /// Where the mapping to the source changes: (folded offset, source offset, ascii run?). In
    /// an ASCII run, offsets advance together; a folded character maps wholly to its source.
    segments: Vec<(u32, u32, bool)>,
    source_len: usize,
    /// Where words start in the folded text, and how the original word starts: read only by
    /// the folded-copy scan the tests hold [`crate::knowledge::Gazetteer::scan`] to.
    #[cfg(test)]
    pub word_starts: Vec<(u32, WordStart)>,
}

/// How a word starts in the original text: what decides whether a name may begin there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordStart {
    /// A capital or a digit.
    Capital,
    /// Right after an opening quotation mark.
    Quoted,
    /// A lower-case letter.
    Lower,
}

impl FoldedText {
    /// Folds `source`, with the map back to it.
    pub(crate) fn new(source: &str) -> Self {
        let (text, segments) = FoldedText::walk::<true>(source, &[false; 256], &mut |_, _| {});
        FoldedText {
            text,
            segments,
            source_len: source.len(),
            #[cfg(test)]
            word_starts: Vec::new(),
        }
    }

    /// Folds `source`, recording lower-case word starts only for words whose first folded byte
    /// is marked in `lower_first` (the matcher has no other use for them, and there are many).
    #[cfg(test)]
    pub(crate) fn with_lower_starts(source: &str, lower_first: &[bool; 256]) -> Self {
        let mut word_starts: Vec<(u32, WordStart)> = Vec::with_capacity(source.len() / 6);
        let (text, segments) = FoldedText::walk::<true>(source, lower_first, &mut |at, kind| {
            word_starts.push((at, kind));
        });
        FoldedText {
            text,
            segments,
            source_len: source.len(),
            word_starts,
        }
    }

    /// The walk behind [`FoldedText::with_lower_starts`] and [`for_each_word_start`]: gives
    /// each word start to `emit` in text order and returns the folded text and its segments;
    /// with `FOLD` false, nothing is folded and the word starts are offsets in `source` (one
    /// walk, so the two agree on where words start by construction).
    fn walk<const FOLD: bool>(
        source: &str,
        lower_first: &[bool; 256],
        emit: &mut impl FnMut(u32, WordStart),
    ) -> (String, Vec<(u32, u32, bool)>) {
        // Built as a `String` from whole characters, so never checked for being UTF-8.
        let mut text = String::with_capacity(if FOLD { source.len() } else { 0 });
        let mut segments: Vec<(u32, u32, bool)> = Vec::new();
        let src = source.as_bytes();
        let mut in_word = false;
        let mut after_quote = false;
        // Most texts have no '"' at all: their chunks are not searched for one.
        let has_quotes = memchr::memchr(b'"', src).is_some();
        let mut i = 0;
        while i < src.len() {
            // ASCII, by far the commonest, in bulk: lower-cased byte for byte.
            let base = if FOLD { text.len() } else { i };
            // A lower-case word right after an opening quote (“political declaration ...”).
            if after_quote && src[i].is_ascii_lowercase() {
                emit(base as u32, WordStart::Quoted);
            }
            let start = AsciiStart {
                in_word,
                after_quote,
            };
            let end = if has_quotes {
                ascii_word_starts::<true>(src, i, base, start, lower_first, emit)
            } else {
                ascii_word_starts::<false>(src, i, base, start, lower_first, emit)
            };
            if end > i {
                let run_bytes = &src[i..end];
                if FOLD {
                    segments.push((base as u32, i as u32, true));
                    text.push_str(&source[i..end]);
                    text[base..].make_ascii_lowercase();
                }
                in_word = ASCII_WORD[run_bytes[run_bytes.len() - 1] as usize];
                after_quote = run_bytes[run_bytes.len() - 1] == b'"';
                i = end;
                if i >= src.len() {
                    break;
                }
            }
            let c = source[i..].chars().next().expect("char boundary");
            let word = c.is_alphanumeric();
            if word && !in_word {
                let kind = if c.is_uppercase() {
                    WordStart::Capital
                } else if after_quote {
                    WordStart::Quoted
                } else {
                    WordStart::Lower
                };
                let at = if FOLD { text.len() } else { i };
                emit(at as u32, kind);
            }
            in_word = word;
            after_quote = c == '\u{201C}';
            if FOLD {
                segments.push((text.len() as u32, i as u32, false));
                fold_char(c, |f| text.push(f));
            }
            i += c.len_utf8();
        }
        (text, segments)
    }

    /// The original byte offset of a folded byte.
    pub(crate) fn original_offset(&self, folded: usize) -> usize {
        let seg = self.segments.partition_point(|s| s.0 as usize <= folded);
        if seg == 0 {
            return folded.min(self.source_len);
        }
        let (f, o, ascii) = self.segments[seg - 1];
        let off = if ascii {
            o as usize + (folded - f as usize)
        } else {
            o as usize
        };
        off.min(self.source_len)
    }

    /// Maps a folded byte range back to the original text's byte range.
    pub(crate) fn original_span(&self, start: usize, end: usize, source: &str) -> Span {
        let s = self.original_offset(start);
        let end_origin = if end == 0 {
            0
        } else {
            // The end maps to the end of the original character the last folded byte came from.
            let last = self.original_offset(end - 1);
            let ch_len = source[last..].chars().next().map_or(0, char::len_utf8);
            last + ch_len
        };
        Span::new(s, end_origin.min(self.source_len))
    }
}

/// Gives `emit` where each word of `source` that a name may begin at starts, as a byte offset in
/// `source`, and how it starts, in text order: the word starts of [`FoldedText::with_lower_starts`] without the folded copy,
/// for a matcher that folds as it reads. The reference of the gazetteer's block walk.
#[cfg(test)]
pub(crate) fn for_each_word_start(
    source: &str,
    lower_first: &[bool; 256],
    mut emit: impl FnMut(usize, WordStart),
) {
    FoldedText::walk::<false>(source, lower_first, &mut |at, kind| emit(at as usize, kind));
}

/// What precedes a run of ASCII text: whether a letter or digit (the run's first word started
/// before it), and whether an opening quotation mark (“).
#[derive(Clone, Copy)]
struct AsciiStart {
    in_word: bool,
    after_quote: bool,
}

/// Reads the run of ASCII bytes of `src` from `from`, 8 at a time, giving `out` the word
/// starts a name may begin at, `base` being where the run begins in the folded text; returns
/// where the run ends. Only the bytes that begin a word or are a quotation mark are looked at one
/// by one: a capital or a digit (a capital start), a lower-case letter marked in `lower_first`
/// (a lower-case start, but not first in a run right after “, which the caller marks as
/// quoted), and a lower-case letter right after '"' (a quoted start, pushed before that
/// letter's own). With `QUOTES` false, the run has no '"' and its chunks are not searched for one.
fn ascii_word_starts<const QUOTES: bool>(
    src: &[u8],
    from: usize,
    base: usize,
    start: AsciiStart,
    lower_first: &[bool; 256],
    out: &mut impl FnMut(u32, WordStart),
) -> usize {
    // Whether the byte before the chunk is a letter or digit, as the low lane's top bit.
    let mut carry = if start.in_word { 0x80 } else { 0 };
    let mut at = from;
    while at < src.len() {
        let x = ascii::load8(src, at);
        let high = x & ascii::HIGH;
        let mut word = ascii::alphanumeric_lanes(x);
        let mut quotes = if QUOTES {
            ascii::equal_lanes(x, b'"')
        } else {
            0
        };
        if high != 0 {
            // Only the lanes before the first non-ASCII byte are in the run.
            let run = ((high & high.wrapping_neg()) >> 7) - 1;
            word &= run;
            quotes &= run;
        }
        let mut found = (word & !((word << 8) | carry)) | quotes;
        carry = word >> 56;
        while found != 0 {
            let bit = found.trailing_zeros();
            found &= found - 1;
            let k = at + (bit / 8) as usize;
            // The byte is read from `x` by a shift rather than from `src` by a checked load, and
            // one comparison tells a lower-case start, most of those found, from the rest:
            // capitals, digits and '"' all come before 'a'.
            let b = (x >> (bit - 7)) as u8;
            let folded = (base + k - from) as u32;
            if b >= b'a' {
                if lower_first[b as usize] && !(k == from && start.after_quote) {
                    out(folded, WordStart::Lower);
                }
            } else if b != b'"' {
                out(folded, WordStart::Capital);
            } else if src.get(k + 1).is_some_and(u8::is_ascii_lowercase) {
                out(folded + 1, WordStart::Quoted);
            }
        }
        if high != 0 {
            return at + (high.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    src.len()
}

/// ASCII letters and digits.
static ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Whether the character at the boundary counts as part of a word (so a name ending here would be
/// inside a longer word).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `text[start..end]` stands alone as a word or phrase: no letter or digit touches it.
pub fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before_ok = text[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c));
    let after_ok = text[end..].chars().next().is_none_or(|c| !is_word_char(c));
    before_ok && after_ok
}

/// Strips the space (ordinary, non-breaking or a tab) and opening parenthesis that follow a name:
/// returns the bytes consumed and the text after the parenthesis.
pub(crate) fn strip_space_paren(s: &str) -> Option<(usize, &str)> {
    let trimmed = s.trim_start_matches([' ', '\t', '\u{00A0}', '\u{202F}']);
    if trimmed.len() == s.len() || trimmed.len() + 4 < s.len() {
        return None;
    }
    let rest = trimmed.strip_prefix('(')?;
    Some((s.len() - rest.len(), rest))
}

/// Byte offsets of line starts, for converting offsets to 0-based lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Lines end as LSP says: at "\n", "\r\n" or a lone "\r".
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// Byte offset of the end of `line` (before its `\r\n`, `\n` or `\r`).
    pub fn line_end(&self, line: usize, text: &str) -> usize {
        let next = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let mut end = next;
        let bytes = text.as_bytes();
        if end > self.line_start(line) && end > 0 && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
            if end > self.line_start(line) && bytes.get(end - 1) == Some(&b'\r') {
                end -= 1;
            }
        } else if end > self.line_start(line) && end > 0 && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        end
    }

    /// 0-based line and 0-based column counted in Unicode scalar values.
    pub fn line_col_chars(&self, offset: usize, text: &str) -> (usize, usize) {
        let offset = clamp_to_char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.line_start(line);
        (line, text[start..offset].chars().count())
    }
}

/// The largest char boundary not after `offset`, within the text.
pub(crate) fn clamp_to_char_boundary(text: &str, offset: usize) -> usize {
    text.floor_char_boundary(offset)
}

/// `text[start..end]` with both ends moved back to character boundaries: a window of bytes
/// around a match that never splits a character.
pub(crate) fn window(text: &str, start: usize, end: usize) -> &str {
    let s = clamp_to_char_boundary(text, start);
    let e = clamp_to_char_boundary(text, end).max(s);
    &text[s..e]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_texts_go_on_after_an_empty_one() {
        let texts = random_texts(&["a", "b"], 7, 3, 2000);
        let empty = texts.iter().filter(|t| t.is_empty()).count();
        // About a third are empty, the others of one or two pieces, and they differ.
        assert!((400..900).contains(&empty), "{empty}");
        let mut distinct = texts.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 7, "{distinct:?}");
        assert_eq!(texts, random_texts(&["a", "b"], 7, 3, 2000));
    }

    #[test]
    fn folds_accents_case_and_typography() {
        assert_eq!(fold("RÓBERT CHATRNÚCH"), "robert chatrnuch");
        assert_eq!(fold("Côte d’Ivoire"), "cote d'ivoire");
        assert_eq!(fold("COVID\u{2011}19"), "covid-19");
        assert_eq!(fold("Türkiye"), "turkiye");
        assert_eq!(fold("ŠIMONOVIĆ"), "simonovic");
    }

    #[test]
    fn fold_matches_folding_char_by_char() {
        let by_char = |s: &str| {
            let mut out = String::new();
            for c in s.chars() {
                fold_char(c, |f| out.push(f));
            }
            out
        };
        let pieces = [
            "a", "Z", "s", "7", " ", ".", "\n", "\"", "“", "é", "É", "ß", "æ", "\u{a0}", "’", "—",
            "\u{301}", "İ", "ǅ", "@", "`", "[", "\x7f", "\x00", "ab", "Cd",
        ];
        let seeds = [
            include_str!("../fixtures/001_c043cd201b0f12f7.txt"),
            "",
            "É",
            "aÉ",
        ];
        let random = random_texts(&pieces, 0x1234_5678_9abc_def1, 40, 3000);
        for text in seeds
            .iter()
            .copied()
            .chain(random.iter().map(String::as_str))
        {
            assert_eq!(fold(text), by_char(text), "{text:?}");
        }
    }

    #[test]
    fn folded_offsets_map_back() {
        let src = "Hi RÓBERT x";
        let f = FoldedText::new(src);
        let at = f.text.find("robert").unwrap();
        let span = f.original_span(at, at + "robert".len(), src);
        assert_eq!(span.text(src), "RÓBERT");
    }

    #[test]
    fn word_boundaries() {
        let t = "Nigeria and Niger";
        assert!(!at_word_boundaries(t, 0, 5));
        assert!(at_word_boundaries(t, 12, 17));
        assert!(at_word_boundaries("Greece’s", 0, 6));
    }

    #[test]
    fn line_index_handles_crlf_and_multibyte() {
        let t = "ab\r\nçd😀e\n";
        let li = LineIndex::new(t);
        assert_eq!(li.line_of(5), 1);
        assert_eq!(li.line_end(0, t), 2);
        let off = t.find('e').unwrap();
        assert_eq!(li.line_col_chars(off, t), (1, 3));
    }

    #[test]
    fn compare_normalisation_ignores_quotes_and_dashes() {
        assert_eq!(
            normalize_for_compare("“It is — also”"),
            normalize_for_compare("\"It is - also\"")
        );
    }
}
