//! `annotate`'s rows: a record's annotations with their 1-based positions, and those rows written
//! as JSON lines straight into one buffer, byte for byte what serde_json writes for them.

use serde::Serialize;

use super::render::pos;
use crate::features::annotate::{AnnotationKind, annotations as file_annotations};
use crate::workspace::{Document, FileId, Workspace};

#[derive(Serialize)]
pub struct AnnotationRow<'a> {
    path: &'a str,
    kind: AnnotationKind,
    text: &'a str,
    key: Option<String>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start: usize,
    end: usize,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    attribution: Option<CreditRow>,
}

/// An attribution's party and the statement it reports, as the row prints them.
#[derive(Serialize)]
struct CreditRow {
    who: Option<String>,
    who_kind: Option<crate::record::PartyKind>,
    statement: Option<StatementAt>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    with: Vec<crate::features::annotate::Party>,
    #[serde(rename = "for", skip_serializing_if = "Vec::is_empty")]
    on_behalf: Vec<crate::features::annotate::Party>,
}

/// A statement by the path of its record and the 1-based line of its header.
#[derive(Serialize)]
struct StatementAt {
    path: String,
    line: usize,
}

fn credit_row(ws: &Workspace, c: crate::features::annotate::Credit) -> CreditRow {
    let statement = c.statement.and_then(|st| {
        let doc = ws.get(st.file)?;
        let header = doc.record.statements.get(st.statement)?.header;
        Some(StatementAt {
            path: doc.name.clone(),
            line: pos(doc, header.start).0,
        })
    });
    CreditRow {
        who: c.who,
        who_kind: c.who_kind,
        statement,
        with: c.with,
        on_behalf: c.on_behalf,
    }
}

/// 1-based (line, column in characters) of offsets asked mostly in increasing order, as
/// [`pos`] gives them: an offset on the line of the one before and after it is counted from
/// there, not from the start of its line (a paragraph is one line, with many annotations).
struct Positions<'d> {
    doc: &'d Document,
    /// The last offset asked (on a character boundary), its 0-based line and column.
    at: usize,
    line: usize,
    column: usize,
}

impl<'d> Positions<'d> {
    fn new(doc: &'d Document) -> Positions<'d> {
        Positions {
            doc,
            at: 0,
            line: 0,
            column: 0,
        }
    }

    /// The position of `offset` and the offset it was counted to, without moving the cursor.
    fn peek(&self, offset: usize) -> (usize, usize, usize) {
        let text = &*self.doc.text;
        let offset = text.floor_char_boundary(offset);
        let line = self.doc.lines.line_of(offset);
        let (from, counted) = if line == self.line && offset >= self.at {
            (self.at, self.column)
        } else {
            (self.doc.lines.line_start(line), 0)
        };
        (offset, line, counted + text[from..offset].chars().count())
    }

    /// The position of `offset`, the cursor moved there.
    fn of(&mut self, offset: usize) -> (usize, usize) {
        let (at, line, column) = self.peek(offset);
        (self.at, self.line, self.column) = (at, line, column);
        (line + 1, column + 1)
    }

    /// The position of `offset` counted from the cursor, which stays: a span's end after its
    /// start.
    fn after(&self, offset: usize) -> (usize, usize) {
        let (_, line, column) = self.peek(offset);
        (line + 1, column + 1)
    }
}

pub fn annotations<'w>(ws: &'w Workspace, ids: &[FileId]) -> Vec<AnnotationRow<'w>> {
    let mut rows = Vec::new();
    for &id in ids {
        let doc = ws.get(id).unwrap();
        // Annotations come in the order of their starts; an end is counted from its start.
        let mut positions = Positions::new(doc);
        for a in file_annotations(ws, id) {
            let (line, column) = positions.of(a.span.start);
            let (end_line, end_column) = positions.after(a.span.end);
            rows.push(AnnotationRow {
                path: &doc.name,
                kind: a.kind,
                text: doc.span_text(a.span),
                key: a.key,
                line,
                column,
                end_line,
                end_column,
                start: a.span.start,
                end: a.span.end,
                attribution: a.attribution.map(|c| credit_row(ws, c)),
            });
        }
    }
    rows
}

/// Whether serde_json escapes any byte of `s` (a control character, a quote, a backslash).
fn needs_escape(s: &str) -> bool {
    // Every byte is read, without an early exit, so that the loop is compiled to compare many
    // bytes at once.
    s.bytes().fold(false, |any, b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// `s` as a JSON string: copied between quotes when nothing in it needs escaping, else as
/// serde_json escapes it.
fn push_string(out: &mut Vec<u8>, s: &str) {
    if needs_escape(s) {
        serde_json::to_writer(&mut *out, s).expect("a string writes to a Vec");
    } else {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

fn push_number(out: &mut Vec<u8>, n: usize) {
    serde_json::to_writer(&mut *out, &n).expect("a number writes to a Vec");
}

/// The rows as JSON lines, one object per line: the bytes serde_json writes for each row, with
/// the field names written as they are, the path escaped once per record, and strings escaped
/// only when they hold a byte that needs it.
pub fn json_lines(rows: &[AnnotationRow]) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::with_capacity(rows.len() * 200);
    let mut path: Option<(&str, Vec<u8>)> = None;
    for row in rows {
        if path.as_ref().is_none_or(|(p, _)| *p != row.path) {
            let mut quoted = Vec::with_capacity(row.path.len() + 2);
            push_string(&mut quoted, row.path);
            path = Some((row.path, quoted));
        }
        out.extend_from_slice(b"{\"path\":");
        out.extend_from_slice(path.as_ref().map_or(&[][..], |(_, q)| q));
        out.extend_from_slice(b",\"kind\":\"");
        out.extend_from_slice(row.kind.as_str().as_bytes());
        out.extend_from_slice(b"\",\"text\":");
        push_string(&mut out, row.text);
        out.extend_from_slice(b",\"key\":");
        match &row.key {
            Some(key) => push_string(&mut out, key),
            None => out.extend_from_slice(b"null"),
        }
        let numbers = [
            (&b",\"line\":"[..], row.line),
            (b",\"column\":", row.column),
            (b",\"end_line\":", row.end_line),
            (b",\"end_column\":", row.end_column),
            (b",\"start\":", row.start),
            (b",\"end\":", row.end),
        ];
        for (name, n) in numbers {
            out.extend_from_slice(name);
            push_number(&mut out, n);
        }
        if let Some(credit) = &row.attribution {
            // Written on its own, `{"who":…}` (never empty: `who`, `who_kind` and `statement`
            // are always written); flattened into the row, its fields follow a comma.
            let at = out.len();
            serde_json::to_writer(&mut out, credit).expect("a row writes to a Vec");
            out[at] = b',';
            out.pop();
        }
        out.extend_from_slice(b"}\n");
    }
    out
}

#[cfg(test)]
#[path = "annotation_rows_tests.rs"]
mod tests;
