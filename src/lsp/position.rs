//! The one place where LSP positions (line + UTF-16 or UTF-8 code units) meet byte offsets.
//! Out-of-range positions are clamped (past the last line → end of text, past the end of a line →
//! end of that line, inside a character → its start); inverted ranges are rejected. Lines end at
//! `\n` (a `\r` before it belongs to no column), the same convention as `text::LineIndex` and the
//! rope (built without CR-only or Unicode line breaks).

use ropey::Rope;
use tower_lsp::lsp_types::{Position, PositionEncodingKind, Range};

use crate::span::Span;
use crate::text::LineIndex;

/// The unit in which the client counts columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it, else UTF-16 (the protocol's default).
    pub(crate) fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub(crate) fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    /// Length of a character in this encoding's code units.
    #[inline]
    pub(crate) fn char_len(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
        }
    }

    /// Length of a string in this encoding's code units.
    pub(crate) fn len(self, s: &str) -> u32 {
        match self {
            Encoding::Utf8 => s.len() as u32,
            Encoding::Utf16 => {
                if s.is_ascii() {
                    s.len() as u32
                } else {
                    s.chars().map(|c| c.len_utf16() as u32).sum()
                }
            }
        }
    }
}

/// An LSP range whose end is before its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InvertedRange;

impl std::fmt::Display for InvertedRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("invalid range: its end is before its start")
    }
}

/// Whether `range` ends before it starts.
pub(crate) fn is_inverted(range: &Range) -> bool {
    (range.end.line, range.end.character) < (range.start.line, range.start.character)
}

/// The byte length of the prefix of `line` (without its line break) that spans `character` code
/// units, clamped to the line and to character boundaries.
fn column_to_bytes(line: impl Iterator<Item = char>, character: u32, enc: Encoding) -> usize {
    let mut units = 0u32;
    let mut bytes = 0usize;
    for c in line {
        if c == '\n' || c == '\r' {
            break;
        }
        let n = enc.char_len(c);
        if units + n > character {
            break;
        }
        units += n;
        bytes += c.len_utf8();
    }
    bytes
}

/// The byte offset of a position in `text`, clamped.
pub(crate) fn offset(text: &str, lines: &LineIndex, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= lines.line_count() {
        return text.len();
    }
    let start = lines.line_start(line);
    let end = lines.line_end(line, text);
    let line_text = &text[start..end];
    if enc == Encoding::Utf8 || line_text.is_ascii() {
        // Byte columns: clamp and snap back to a character boundary.
        let mut o = (pos.character as usize).min(line_text.len());
        while !line_text.is_char_boundary(o) {
            o -= 1;
        }
        return start + o;
    }
    start + column_to_bytes(line_text.chars(), pos.character, enc)
}

/// The position of a byte offset in `text` (clamped to the text and to a character boundary).
pub(crate) fn position(text: &str, lines: &LineIndex, offset: usize, enc: Encoding) -> Position {
    let offset = crate::text::clamp_to_char_boundary(text, offset);
    let line = lines.line_of(offset);
    let start = lines.line_start(line);
    // A position inside a "\r\n" is the end of the line.
    let end = lines.line_end(line, text).max(start);
    let col = enc.len(&text[start..offset.min(end)]);
    Position::new(line as u32, col)
}

pub(crate) fn span(
    text: &str,
    lines: &LineIndex,
    range: Range,
    enc: Encoding,
) -> Result<Span, InvertedRange> {
    if is_inverted(&range) {
        return Err(InvertedRange);
    }
    let s = offset(text, lines, range.start, enc);
    let e = offset(text, lines, range.end, enc);
    Ok(Span::new(s, e.max(s)))
}

pub(crate) fn range(text: &str, lines: &LineIndex, span: Span, enc: Encoding) -> Range {
    let start = position(text, lines, span.start, enc);
    // Most spans are on one line: continue from the start instead of rescanning the line.
    let end = if span.end >= span.start
        && !text
            .get(span.start..span.end)
            .is_none_or(|s| s.contains('\n'))
    {
        Position::new(
            start.line,
            start.character + enc.len(&text[span.start..span.end]),
        )
    } else {
        position(text, lines, span.end, enc)
    };
    Range::new(start, end)
}

/// Converts increasing byte offsets of one text to positions without rescanning from the start of
/// each line (semantic tokens of a 5 MB one-line document stay linear).
pub(crate) struct Cursor<'a> {
    text: &'a str,
    enc: Encoding,
    offset: usize,
    line: u32,
    col: u32,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(text: &'a str, enc: Encoding) -> Self {
        Cursor {
            text,
            enc,
            offset: 0,
            line: 0,
            col: 0,
        }
    }

    /// The position of `offset`; offsets before the previous one restart from the beginning.
    pub(crate) fn position(&mut self, offset: usize) -> Position {
        let target = crate::text::clamp_to_char_boundary(self.text, offset);
        if target < self.offset {
            self.offset = 0;
            self.line = 0;
            self.col = 0;
        }
        let seg = &self.text[self.offset..target];
        // Line ends as LSP counts them: "\n", "\r\n" (counted at its "\n"), and a lone "\r".
        let all = self.text.as_bytes();
        let mut breaks = 0u32;
        let mut after_last = None;
        for (i, &b) in seg.as_bytes().iter().enumerate() {
            let at = self.offset + i;
            if b == b'\n' || (b == b'\r' && all.get(at + 1) != Some(&b'\n')) {
                breaks += 1;
                after_last = Some(i + 1);
            }
        }
        match after_last {
            Some(from) => {
                self.line += breaks;
                self.col = self.enc.len(&seg[from..]);
            }
            None => self.col += self.enc.len(seg),
        }
        self.offset = target;
        let mut col = self.col;
        // A "\r" just before "\n" is not a column.
        if self.text[target..].starts_with('\n') && self.text[..target].ends_with('\r') {
            col -= 1;
        }
        Position::new(self.line, col)
    }
}

/// The byte offset of a position in a rope, clamped like [`offset`].
pub(crate) fn rope_offset(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let start = rope.line_to_byte(line);
    start + column_to_bytes(rope.line(line).chars(), pos.character, enc)
}

/// Applies one `didChange` content change to a rope: a range edit, or the whole text when the
/// change has no range.
pub(crate) fn apply_change(
    rope: &mut Rope,
    range: Option<Range>,
    text: &str,
    enc: Encoding,
) -> Result<(), InvertedRange> {
    let Some(range) = range else {
        *rope = Rope::from_str(text);
        return Ok(());
    };
    if is_inverted(&range) {
        return Err(InvertedRange);
    }
    let s = rope_offset(rope, range.start, enc);
    let e = rope_offset(rope, range.end, enc).max(s);
    let cs = rope.byte_to_char(s);
    let ce = rope.byte_to_char(e);
    if ce > cs {
        rope.remove(cs..ce);
    }
    if !text.is_empty() {
        rope.insert(cs, text);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(l: u32, c: u32) -> Position {
        Position::new(l, c)
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line_everywhere() {
        let t = "ab\rcd\r\nef\n𐐀g\r";
        let li = LineIndex::new(t);
        assert_eq!(li.line_count(), 5);
        let d = t.find('d').unwrap();
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            assert_eq!(offset(t, &li, p(1, 1), enc), d);
            assert_eq!(position(t, &li, d, enc), p(1, 1));
            // The text index, the incremental cursor and the rope agree at every offset.
            let rope = Rope::from_str(t);
            let mut cursor = Cursor::new(t, enc);
            for o in (0..=t.len()).filter(|&o| t.is_char_boundary(o)) {
                let at = position(t, &li, o, enc);
                assert_eq!(cursor.position(o), at, "offset {o}");
                let inside_crlf = t[..o].ends_with('\r') && t[o..].starts_with('\n');
                if !inside_crlf {
                    assert_eq!(rope_offset(&rope, at, enc), o, "offset {o}");
                    assert_eq!(offset(t, &li, at, enc), o, "offset {o}");
                }
            }
        }
        // An edit after a lone "\r" lands on the line the client means.
        let mut rope = Rope::from_str(t);
        let at = Range::new(p(1, 0), p(1, 0));
        apply_change(&mut rope, Some(at), "X", Encoding::Utf16).unwrap();
        assert_eq!(rope.to_string(), "ab\rXcd\r\nef\n𐐀g\r");
    }

    #[test]
    fn non_bmp_in_both_encodings() {
        let t = "a𐐀b😀c\nRÓBERT\r\nx";
        let li = LineIndex::new(t);
        // UTF-16: 𐐀 and 😀 are two units each.
        assert_eq!(
            offset(t, &li, p(0, 3), Encoding::Utf16),
            t.find('b').unwrap()
        );
        assert_eq!(
            offset(t, &li, p(0, 6), Encoding::Utf16),
            t.find('c').unwrap()
        );
        // Inside a surrogate pair: snapped to the character's start.
        assert_eq!(offset(t, &li, p(0, 2), Encoding::Utf16), 1);
        // UTF-8: bytes, snapped to a boundary.
        assert_eq!(
            offset(t, &li, p(0, 5), Encoding::Utf8),
            t.find('b').unwrap()
        );
        assert_eq!(offset(t, &li, p(0, 3), Encoding::Utf8), 1);
        let c = t.find('c').unwrap();
        assert_eq!(position(t, &li, c, Encoding::Utf16), p(0, 6));
        assert_eq!(position(t, &li, c, Encoding::Utf8), p(0, 10));
        // Accented capitals: Ó is one UTF-16 unit, two bytes.
        let b = t.find("BERT").unwrap();
        assert_eq!(position(t, &li, b, Encoding::Utf16), p(1, 2));
        assert_eq!(position(t, &li, b, Encoding::Utf8), p(1, 3));
    }

    #[test]
    fn clamps_and_crlf() {
        let t = "ab\r\ncd";
        let li = LineIndex::new(t);
        assert_eq!(offset(t, &li, p(0, 99), Encoding::Utf16), 2);
        assert_eq!(offset(t, &li, p(9, 0), Encoding::Utf16), t.len());
        assert_eq!(position(t, &li, 3, Encoding::Utf16), p(0, 2));
        assert_eq!(position(t, &li, 999, Encoding::Utf16), p(1, 2));
        assert!(span(t, &li, Range::new(p(1, 0), p(0, 0)), Encoding::Utf8).is_err());
    }

    #[test]
    fn rope_edits_match_string_edits() {
        let mut rope = Rope::from_str("RÓBERT CHATRNÚCH (Slovakia)\r\n😀 said");
        apply_change(
            &mut rope,
            Some(Range::new(p(0, 24), p(0, 26))),
            "ai",
            Encoding::Utf16,
        )
        .unwrap();
        assert_eq!(rope.to_string(), "RÓBERT CHATRNÚCH (Slovakai)\r\n😀 said");
        apply_change(
            &mut rope,
            Some(Range::new(p(1, 2), p(1, 2))),
            "!",
            Encoding::Utf16,
        )
        .unwrap();
        assert_eq!(rope.to_string(), "RÓBERT CHATRNÚCH (Slovakai)\r\n😀! said");
        apply_change(
            &mut rope,
            Some(Range::new(p(1, 4), p(1, 5))),
            "",
            Encoding::Utf8,
        )
        .unwrap();
        assert_eq!(rope.to_string(), "RÓBERT CHATRNÚCH (Slovakai)\r\n😀 said");
        assert!(
            apply_change(
                &mut rope,
                Some(Range::new(p(1, 4), p(0, 5))),
                "",
                Encoding::Utf8
            )
            .is_err()
        );
    }

    #[test]
    fn cursor_matches_position() {
        let t = "a😀\r\nbÓc\n\nd𐐀e";
        let li = LineIndex::new(t);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let mut cur = Cursor::new(t, enc);
            for (o, _) in t.char_indices() {
                assert_eq!(cur.position(o), position(t, &li, o, enc), "offset {o}");
            }
        }
    }
}
