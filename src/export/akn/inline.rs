//! Inline marks of the Akoma Ntoso export: which spans of a record become `<person>`,
//! `<organization>`, `<ref>`, `<embeddedText>` (a quotation, marks included: the schema keeps
//! `<quotedText>` for the text of amendments, inside `<mod>`), `<docTitle>`, `<docNumber>`,
//! `<session>` and `<docDate>`, and writing a stretch of text with its marks properly nested (a mark that would
//! cross another's boundary is left out; its words are kept).

use crate::names::same_person;
use crate::span::Span;
use crate::text::fold;
use crate::workspace::{Document, FileId, StatementRef, Workspace};

use super::ids::{Refs, document_href, instrument_href};
use super::xml::Xml;

/// An inline element and its attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tag {
    Person(String),
    Organization(String),
    Ref(String),
    Quote,
    DocTitle,
    DocNumber,
    Session(String),
    DocDate(String),
}

impl Tag {
    fn element(&self) -> (&'static str, Vec<(&'static str, &str)>) {
        match self {
            Tag::Person(r) => ("person", vec![("refersTo", r.as_str())]),
            Tag::Organization(r) => ("organization", vec![("refersTo", r.as_str())]),
            Tag::Ref(h) => ("ref", vec![("href", h.as_str())]),
            Tag::Quote => ("embeddedText", vec![]),
            Tag::DocTitle => ("docTitle", vec![]),
            Tag::DocNumber => ("docNumber", vec![]),
            Tag::Session(v) => ("session", vec![("value", v.as_str())]),
            Tag::DocDate(d) => ("docDate", vec![("date", d.as_str())]),
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Mark {
    pub span: Span,
    pub tag: Tag,
}

/// The person reference of each statement: its speaker identity key, registered in `refs`.
pub(super) fn speakers(
    ws: &Workspace,
    file: FileId,
    doc: &Document,
    refs: &mut Refs,
) -> Vec<String> {
    let rec = &doc.record;
    (0..rec.statements.len())
        .map(|i| {
            let st = &rec.statements[i];
            let mut key = ws.speaker_key(StatementRef { file, statement: i });
            if key.is_empty() {
                key = st.name_key.clone();
            }
            let shown = st
                .full_name
                .map_or_else(|| doc.speaker_label(i), |f| doc.span_text(f).to_string());
            refs.person(&key, &shown)
        })
        .collect()
}

/// The person a name in prose refers to: the speaker of this record it names, else the name
/// itself (folded words, with the delegation when known).
fn prose_person(
    doc: &Document,
    tokens: &[String],
    entity_key: Option<&str>,
    speakers: &[String],
    refs: &mut Refs,
    shown: &str,
) -> String {
    if let Some(i) = doc
        .speaker_tokens
        .iter()
        .position(|t| same_person(t, tokens))
    {
        return speakers[i].clone();
    }
    let mut key = tokens.join(" ");
    if let Some(e) = entity_key {
        key = format!("{key}@{e}");
    }
    refs.person(&key, shown)
}

/// Every inline mark of a record, in text order (outer marks first at one start).
pub(super) fn marks(
    ws: &Workspace,
    doc: &Document,
    speakers: &[String],
    refs: &mut Refs,
) -> Vec<Mark> {
    let rec = &doc.record;
    let gaz = &ws.gaz;
    let mut out = Vec::new();
    let mut push = |span: Span, tag: Tag| out.push(Mark { span, tag });
    let h = &rec.header;
    if let Some((n, span)) = h.session {
        push(span, Tag::Session(n.to_string()));
    }
    if let Some((_, span)) = &h.symbol {
        push(*span, Tag::DocNumber);
    }
    if let Some((d, span)) = &h.date {
        push(*span, Tag::DocDate(d.clone()));
    }
    if let Some(t) = rec.title {
        push(t, Tag::DocTitle);
    }
    for (span, e) in rec.entity_spans() {
        let ent = gaz.entity(e);
        push(
            span,
            Tag::Organization(refs.organization(&ent.key, &ent.name)),
        );
    }
    for (i, st) in rec.statements.iter().enumerate() {
        push(st.name, Tag::Person(speakers[i].clone()));
    }
    for p in &rec.persons {
        let entity = p
            .affiliation
            .and_then(|a| a.entity)
            .map(|e| gaz.entity(e).key.as_str());
        let r = prose_person(
            doc,
            &p.tokens,
            entity,
            speakers,
            refs,
            doc.span_text(p.span),
        );
        push(p.span, Tag::Person(r));
    }
    for a in &rec.attributions {
        if let Some(span) = a.person {
            let text = doc.span_text(span);
            let tokens: Vec<String> = fold(text)
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect();
            let entity = a
                .targets
                .first()
                .and_then(|t| t.entity)
                .map(|e| gaz.entity(e).key.as_str());
            let r = prose_person(doc, &tokens, entity, speakers, refs, text);
            push(span, Tag::Person(r));
        }
    }
    for r in &rec.references {
        push(r.span, Tag::Ref(document_href(&r.symbol)));
    }
    for m in &rec.instruments {
        if let Some(i) = m.instrument {
            push(m.span, Tag::Ref(instrument_href(&gaz.instrument(i).id)));
        }
    }
    for q in &rec.quotations {
        push(q.span, Tag::Quote);
    }
    out.retain(|m| !m.span.is_empty());
    out.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    out.dedup_by(|a, b| a.span == b.span && a.tag == b.tag);
    out
}

/// Writes `text[span]` with the marks lying wholly inside it, nested; a mark crossing the
/// boundary of one already open is left out.
pub(super) fn write(xml: &mut Xml, text: &str, span: Span, marks: &[Mark]) {
    let slice = |a: usize, b: usize| text.get(a..b).unwrap_or("");
    let first = marks.partition_point(|m| m.span.start < span.start);
    let mut pos = span.start;
    let mut open: Vec<(usize, &'static str)> = Vec::new();
    for m in marks[first..]
        .iter()
        .take_while(|m| m.span.start < span.end)
    {
        if m.span.end > span.end {
            continue;
        }
        while let Some(&(end, name)) = open.last()
            && end <= m.span.start
        {
            xml.text(slice(pos, end));
            xml.close(name);
            pos = end;
            open.pop();
        }
        if open.last().is_some_and(|&(end, _)| m.span.end > end) {
            continue;
        }
        xml.text(slice(pos, m.span.start));
        let (name, attrs) = m.tag.element();
        xml.open(name, &attrs);
        open.push((m.span.end, name));
        pos = m.span.start;
    }
    while let Some((end, name)) = open.pop() {
        xml.text(slice(pos, end));
        xml.close(name);
        pos = end;
    }
    xml.text(slice(pos, span.end));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: usize, end: usize, tag: Tag) -> Mark {
        Mark {
            span: Span::new(start, end),
            tag,
        }
    }

    #[test]
    fn marks_nest_and_crossing_ones_are_left_out() {
        let text = "“Japan said” Fiji & Chad";
        let q = text.find('”').unwrap() + '”'.len_utf8();
        let marks = vec![
            mark(0, q, Tag::Quote),
            mark(3, 8, Tag::Organization("#JPN".into())),
            mark(9, 20, Tag::Organization("#x".into())),
            mark(q + 1, q + 5, Tag::Organization("#FJI".into())),
        ];
        let mut x = Xml::new();
        write(&mut x, text, Span::new(0, text.len()), &marks);
        assert_eq!(
            x.finish(),
            "<embeddedText>“<organization refersTo=\"#JPN\">Japan</organization> said”</embeddedText> \
             <organization refersTo=\"#FJI\">Fiji</organization> &amp; Chad"
        );
    }
}
