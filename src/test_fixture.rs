//! Tests as data, for the unit tests of features and checks (compiled under `cfg(test)` only).
//! A fixture is the text of one or more records: `$0` marks the cursor, and a line of `^` under
//! a line marks a range of it (the `^` stand under the characters they mark, as written).
//! Several records are separated by `//- name` lines. [`Fixture::render`] draws ranges the same
//! way, so a test compares what a feature found with what the fixture marks, or snapshots it.

use crate::span::Span;
use crate::workspace::{FileId, Workspace};

const CURSOR: &str = "$0";
const FILE_MARK: &str = "//- ";
/// Characters of context shown around a marked range when a line is rendered.
const CONTEXT: usize = 12;

/// A workspace built from a fixture, with its cursor and marked ranges.
pub(crate) struct Fixture {
    pub ws: Workspace,
    /// The records in fixture order.
    pub files: Vec<FileId>,
    /// The record holding `$0` (else the first) and the byte offset of `$0` in it.
    pub file: FileId,
    pub offset: usize,
    /// The ranges the fixture marks with `^`, in file then text order.
    pub marked: Vec<(FileId, Span)>,
}

impl Fixture {
    pub fn new(fixture: &str) -> Fixture {
        let mut ws = Workspace::default();
        let mut files = Vec::new();
        let mut cursor = None;
        let mut marked = Vec::new();
        for (name, raw) in split_files(&dedent(fixture)) {
            let (text, at, marks) = strip_markers(&raw);
            let id = ws.upsert(&name, text);
            files.push(id);
            if let Some(at) = at {
                cursor = Some((id, at));
            }
            marked.extend(marks.into_iter().map(|s| (id, s)));
        }
        let (file, offset) = cursor.unwrap_or((files[0], 0));
        Fixture {
            ws,
            files,
            file,
            offset,
            marked,
        }
    }

    /// Ranges drawn under the lines they cover: each line shown between `CONTEXT` characters
    /// around its marks, with a `//- name` line per record when the fixture has several.
    pub fn render(&self, ranges: &[(FileId, Span)]) -> String {
        let mut ranges = ranges.to_vec();
        ranges.sort();
        ranges.dedup();
        let mut out = String::new();
        for &file in &self.files {
            let mine: Vec<Span> = ranges
                .iter()
                .filter(|(f, _)| *f == file)
                .map(|(_, s)| *s)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let doc = self.ws.get(file).expect("fixture record");
            if self.files.len() > 1 {
                out.push_str(&format!("{FILE_MARK}{}\n", doc.name));
            }
            render_file(&doc.text, &mine, &mut out);
        }
        out
    }

    /// Asserts that `found` are exactly the ranges the fixture marks.
    pub fn assert_marked(&self, found: &[(FileId, Span)]) {
        assert_eq!(self.render(found), self.render(&self.marked));
    }
}

/// Removes the indentation common to the fixture's non-blank lines and its first line break.
fn dedent(fixture: &str) -> String {
    let fixture = fixture.strip_prefix('\n').unwrap_or(fixture);
    let indent = fixture
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for line in fixture.split_inclusive('\n') {
        out.push_str(line.get(indent..).unwrap_or(line.trim_start_matches(' ')));
    }
    // The closing quote of the fixture usually sits on an indented line of its own.
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
    out
}

/// The records of a fixture, named by their `//- name` lines (one record needs none).
fn split_files(fixture: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in fixture.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix(FILE_MARK) {
            out.push((name.trim().to_string(), String::new()));
            continue;
        }
        if out.is_empty() {
            out.push(("a.txt".to_string(), String::new()));
        }
        out.last_mut().unwrap().1.push_str(line);
    }
    out
}

fn is_mark_line(line: &str) -> bool {
    let l = line.trim_end();
    l.contains('^') && l.chars().all(|c| c == ' ' || c == '^')
}

/// The text without its markers, the offset of `$0`, and the marked ranges.
fn strip_markers(raw: &str) -> (String, Option<usize>, Vec<Span>) {
    let mut text = String::new();
    let mut cursor = None;
    let mut marks = Vec::new();
    let mut last_line = 0;
    // Where `$0` stood in the line above, in characters: the marks under it are written with it.
    let mut cursor_col = None;
    for line in raw.split_inclusive('\n') {
        if is_mark_line(line) {
            let above = &text[last_line..];
            for (from, to) in caret_runs(line) {
                let byte = |col: usize| {
                    let col = match cursor_col {
                        Some(k) if col > k => col - CURSOR.len(),
                        _ => col,
                    };
                    last_line
                        + above
                            .char_indices()
                            .nth(col)
                            .map_or(above.len(), |(i, _)| i)
                };
                marks.push(Span::new(byte(from), byte(to)));
            }
            continue;
        }
        last_line = text.len();
        cursor_col = line.find(CURSOR).map(|i| line[..i].chars().count());
        match line.find(CURSOR) {
            Some(i) => {
                cursor = Some(text.len() + i);
                text.push_str(&line[..i]);
                text.push_str(&line[i + CURSOR.len()..]);
            }
            None => text.push_str(line),
        }
    }
    marks.sort();
    (text, cursor, marks)
}

/// The character columns `[from, to)` of each run of `^` in a marker line.
fn caret_runs(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.trim_end().chars().chain([' ']).enumerate() {
        match (c == '^', start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Draws the ranges of one record under the lines they cover.
fn render_file(text: &str, ranges: &[Span], out: &mut String) {
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let line_end = line_start + content.len();
        // The part of each range on this line, in characters.
        let col = |byte: usize| content[..byte - line_start].chars().count();
        let cols: Vec<(usize, usize)> = ranges
            .iter()
            .filter(|s| s.start <= line_end && s.end >= line_start)
            .filter(|s| !(s.end == line_start && s.start < line_start))
            .map(|s| {
                let from = col(s.start.max(line_start));
                let to = col(s.end.min(line_end));
                (from, to.max(from + 1))
            })
            .collect();
        if !cols.is_empty() {
            render_line(content, &cols, out);
        }
        line_start += line.len();
    }
}

/// One line, cut to the context around its marks, and a marker line under it per layer of
/// overlapping ranges.
fn render_line(content: &str, cols: &[(usize, usize)], out: &mut String) {
    let chars: Vec<char> = content.chars().collect();
    let first = cols.iter().map(|c| c.0).min().unwrap_or(0);
    let last = cols.iter().map(|c| c.1).max().unwrap_or(0);
    let from = first.saturating_sub(CONTEXT);
    let to = (last + CONTEXT).min(chars.len());
    let lead = if from > 0 { "…" } else { "" };
    out.push_str(lead);
    out.extend(&chars[from..to.max(from)]);
    if to < chars.len() {
        out.push('…');
    }
    out.push('\n');
    let shift = from - lead.chars().count().min(from);
    let mut layers: Vec<Vec<(usize, usize)>> = Vec::new();
    for &c in cols {
        match layers
            .iter_mut()
            .find(|l| l.last().is_none_or(|p| p.1 <= c.0))
        {
            Some(l) => l.push(c),
            None => layers.push(vec![c]),
        }
    }
    for layer in layers {
        let mut marks = String::new();
        for (a, b) in layer {
            let (a, b) = (a - shift, b - shift);
            marks.extend(std::iter::repeat_n(' ', a - marks.chars().count()));
            marks.extend(std::iter::repeat_n('^', b - a));
        }
        out.push_str(&marks);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_stripped_and_ranges_drawn_back() {
        let fx = Fixture::new(
            "
            Seventy-sixth Session,
            38th Meeting (AM)
            ^^^^
            RÓBERT CHA$0TRNÚCH (Slovakia) said so.
            ^^^^^^^^^^^^^^^^^^  ^^^^^^^^
            ",
        );
        let doc = fx.ws.get(fx.file).unwrap();
        assert!(
            doc.text
                .starts_with("Seventy-sixth Session,\n38th Meeting (AM)\nRÓBERT")
        );
        assert_eq!(&doc.text[fx.offset..fx.offset + 3], "TRN");
        let texts: Vec<&str> = fx.marked.iter().map(|(_, s)| doc.span_text(*s)).collect();
        assert_eq!(texts, ["38th", "RÓBERT CHATRNÚCH", "Slovakia"]);
        insta::assert_snapshot!(fx.render(&fx.marked), @r#"
            38th Meeting (AM…
            ^^^^
            RÓBERT CHATRNÚCH (Slovakia) said so.
            ^^^^^^^^^^^^^^^^  ^^^^^^^^
            "#);
    }
}
