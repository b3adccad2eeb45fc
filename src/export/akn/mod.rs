//! A record as an Akoma Ntoso 3.0 (OASIS LegalDocML) `<debate>`: FRBR identification and
//! references in `<meta>`, the masthead and title in `<preface>`, the summary, sections,
//! speeches (`<speech by as>` with `<from>`) and narrative in `<debateBody>`, the footer in
//! `<conclusions>`. Every character of the record is kept, in order (text the parse did not
//! place goes into a `<p>` where it stands). Identifiers: [`ids`].

mod ids;
mod inline;
mod xml;

use crate::record::{ParagraphKind, Record, SectionKind};
use crate::span::Span;
use crate::workspace::{Document, FileId, Workspace};

use ids::{Frbr, RAPPORTEUR, Refs, UNITED_NATIONS};
use inline::Mark;
use xml::Xml;

/// The Akoma Ntoso namespace.
pub const NAMESPACE: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

/// The export of a loaded record, `None` when it is not loaded. `stem` names the work of a
/// record without a symbol.
pub fn debate(ws: &Workspace, file: FileId, stem: &str) -> Option<String> {
    let doc = ws.get(file)?;
    let mut refs = Refs::new();
    let speakers = inline::speakers(ws, file, doc, &mut refs);
    let marks = inline::marks(ws, doc, &speakers, &mut refs);
    let blocks = blocks(&doc.record, &doc.text);
    let (preface, body, conclusions) = split(&blocks);
    let mut part = Part {
        xml: Xml::new(),
        doc,
        marks: &marks,
    };
    part.body(body, &speakers, &mut refs, ws);
    let body = std::mem::replace(&mut part.xml, Xml::new());
    let frbr = Frbr::of(&doc.record.header, stem);
    let mut xml = Xml::new();
    xml.declaration();
    xml.open("akomaNtoso", &[("xmlns", NAMESPACE)]);
    xml.newline();
    xml.open("debate", &[("name", "meetingCoverage")]);
    xml.newline();
    xml.open("meta", &[]);
    xml.newline();
    identification(&mut xml, &frbr);
    xml.newline();
    refs.write(&mut xml);
    xml.newline();
    xml.close("meta");
    xml.newline();
    part.xml = xml;
    part.blocks("preface", preface);
    part.xml.splice(body);
    part.blocks("conclusions", conclusions);
    let mut xml = part.xml;
    xml.close("debate");
    xml.newline();
    xml.close("akomaNtoso");
    xml.newline();
    Some(xml.finish())
}

/// `<identification>` with the three FRBR levels.
fn identification(xml: &mut Xml, f: &Frbr) {
    xml.open("identification", &[("source", RAPPORTEUR)]);
    let date = [("date", f.date.as_str()), ("name", f.date_name)];
    let levels = [
        (
            "FRBRWork",
            f.work.clone() + "/!main",
            &f.work,
            UNITED_NATIONS,
        ),
        (
            "FRBRExpression",
            f.expression.clone() + "/!main",
            &f.expression,
            UNITED_NATIONS,
        ),
        (
            "FRBRManifestation",
            f.manifestation.clone(),
            &f.manifestation,
            RAPPORTEUR,
        ),
    ];
    for (level, this, uri, author) in levels {
        xml.newline();
        xml.open(level, &[]);
        xml.empty("FRBRthis", &[("value", &this)]);
        xml.empty("FRBRuri", &[("value", uri)]);
        if level == "FRBRWork"
            && let Some(s) = &f.symbol
        {
            xml.empty(
                "FRBRalias",
                &[("value", &ids::document_href(s)), ("name", "symbol")],
            );
        }
        xml.empty("FRBRdate", &date);
        xml.empty("FRBRauthor", &[("href", author)]);
        match level {
            "FRBRWork" => {
                xml.empty("FRBRcountry", &[("value", "un")]);
                if let Some(s) = &f.symbol {
                    xml.empty("FRBRnumber", &[("value", s)]);
                }
                xml.empty("FRBRname", &[("value", "meetingCoverage")]);
            }
            "FRBRExpression" => xml.empty("FRBRlanguage", &[("language", "eng")]),
            _ => xml.empty("FRBRformat", &[("value", "application/akn+xml")]),
        }
        xml.close(level);
    }
    xml.newline();
    xml.close("identification");
}

/// A stretch of the record: a paragraph, or text between paragraphs the parse did not place
/// (`kind` `None`).
#[derive(Debug, Clone, Copy)]
struct Block {
    span: Span,
    kind: Option<ParagraphKind>,
    section: Option<usize>,
    statement: Option<usize>,
}

/// The paragraphs in order, with any text outside them as blocks of their own.
fn blocks(rec: &Record, text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut pos = 0;
    let gap = |out: &mut Vec<Block>, start: usize, end: usize| {
        if start < end && text.get(start..end).is_some_and(|t| !t.trim().is_empty()) {
            out.push(Block {
                span: Span::new(start, end),
                kind: None,
                section: None,
                statement: None,
            });
        }
    };
    for p in &rec.paragraphs {
        if p.span.start < pos {
            // Overlapping the previous paragraph: what lies beyond it is kept on its own.
            gap(&mut out, pos, p.span.end);
            pos = pos.max(p.span.end);
            continue;
        }
        gap(&mut out, pos, p.span.start);
        out.push(Block {
            span: p.span,
            kind: Some(p.kind),
            section: p.section,
            statement: p.statement,
        });
        pos = p.span.end;
    }
    gap(&mut out, pos, text.len());
    out
}

/// The leading masthead and title blocks, the body, and the trailing footer blocks.
fn split(blocks: &[Block]) -> (&[Block], &[Block], &[Block]) {
    use ParagraphKind as K;
    let front = blocks
        .iter()
        .take_while(|b| {
            matches!(
                b.kind,
                None | Some(K::Noise | K::Header | K::Title | K::Subtitle)
            )
        })
        .count();
    let rest = &blocks[front..];
    let back = rest
        .iter()
        .rev()
        .take_while(|b| matches!(b.kind, None | Some(K::Noise | K::Footer)))
        .count();
    let (body, end) = rest.split_at(rest.len() - back);
    (&blocks[..front], body, end)
}

/// Which section of the body is open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    /// Paragraphs outside any section (the summary).
    Unsectioned,
    Section(usize),
}

/// The writer of one part of the export, over the record's text and marks.
struct Part<'a> {
    xml: Xml,
    doc: &'a Document,
    marks: &'a [Mark],
}

impl Part<'_> {
    /// `<element>` (a preface or conclusions) with one `<p>` per block; nothing when empty.
    fn blocks(&mut self, element: &str, blocks: &[Block]) {
        if blocks.is_empty() {
            return;
        }
        self.xml.open(element, &[]);
        for b in blocks {
            self.xml.newline();
            self.p(b.span, class_of(b.kind));
        }
        self.xml.newline();
        self.xml.close(element);
        self.xml.newline();
    }

    /// An inline element holding `span` with its marks.
    fn inline(&mut self, element: &str, attrs: &[(&str, &str)], span: Span) {
        self.xml.open(element, attrs);
        inline::write(&mut self.xml, &self.doc.text, span, self.marks);
        self.xml.close(element);
    }

    fn p(&mut self, span: Span, class: Option<&str>) {
        match class {
            Some(c) => self.inline("p", &[("class", c)], span),
            None => self.inline("p", &[], span),
        }
    }

    /// `<debateBody>`: a `<debateSection>` per section (and one for what precedes the first),
    /// holding summaries, narratives and speeches.
    fn body(&mut self, blocks: &[Block], speakers: &[String], refs: &mut Refs, ws: &Workspace) {
        self.xml.open("debateBody", &[]);
        let mut open = Open::Nothing;
        let mut speech: Option<usize> = None;
        let mut sections = 0;
        for b in blocks {
            let here = b.section.map_or(Open::Unsectioned, Open::Section);
            if (here != open || b.statement != speech) && speech.take().is_some() {
                self.xml.newline();
                self.xml.close("speech");
            }
            if here != open {
                if open != Open::Nothing {
                    self.xml.newline();
                    self.xml.close("debateSection");
                }
                sections += 1;
                self.open_section(here, sections);
                open = here;
                if let (Open::Section(s), Some(ParagraphKind::Heading)) = (here, b.kind)
                    && (b.span.start..b.span.end.max(b.span.start + 1))
                        .contains(&self.doc.record.sections[s].heading.start)
                {
                    self.xml.newline();
                    self.inline("heading", &[], b.span);
                    continue;
                }
            }
            if let Some(st) = b.statement {
                if speech != Some(st) {
                    self.open_speech(st, speakers, refs, ws);
                    speech = Some(st);
                    if b.kind == Some(ParagraphKind::StatementHeader) {
                        self.header_paragraph(st, b.span);
                        continue;
                    }
                }
                self.xml.newline();
                self.p(b.span, None);
                continue;
            }
            self.xml.newline();
            match b.kind {
                Some(ParagraphKind::Summary) => self.inline("summary", &[], b.span),
                Some(ParagraphKind::Narrative) => self.inline("narrative", &[], b.span),
                kind => {
                    self.xml.open("other", &[]);
                    self.p(b.span, class_of(kind));
                    self.xml.close("other");
                }
            }
        }
        if speech.is_some() {
            self.xml.newline();
            self.xml.close("speech");
        }
        if open == Open::Nothing {
            self.xml.empty("debateSection", &[("name", "empty")]);
        } else {
            self.xml.newline();
            self.xml.close("debateSection");
        }
        self.xml.close("debateBody");
        self.xml.newline();
    }

    fn open_section(&mut self, open: Open, n: usize) {
        let name = match open {
            Open::Section(s) => match self.doc.record.sections[s].kind {
                SectionKind::RightOfReply => "rightOfReply",
                SectionKind::Interactive => "interactive",
                SectionKind::Other => "proceedings",
            },
            _ => "summary",
        };
        self.xml.newline();
        let eid = format!("dbsect_{n}");
        self.xml
            .open("debateSection", &[("eId", &eid), ("name", name)]);
    }

    /// `<speech by="#person" as="#delegation-or-role">`.
    fn open_speech(&mut self, st: usize, speakers: &[String], refs: &mut Refs, ws: &Workspace) {
        let s = &self.doc.record.statements[st];
        let role = match s.entity() {
            Some(e) => {
                let ent = ws.gaz.entity(e);
                Some(refs.organization(&ent.key, &ent.name))
            }
            None => s.role.map(|r| refs.role(self.doc.span_text(r))),
        };
        let mut attrs = vec![("by", speakers[st].as_str())];
        if let Some(r) = &role {
            attrs.push(("as", r.as_str()));
        }
        self.xml.newline();
        self.xml.open("speech", &attrs);
    }

    /// The statement's first paragraph: `<from>` the header (name through descriptor), then the
    /// rest as `<p>`; a header that does not open the paragraph gives one `<p>`.
    fn header_paragraph(&mut self, st: usize, span: Span) {
        let header = self.doc.record.statements[st].header;
        let text = &self.doc.text;
        let lead = text.get(span.start..header.start).unwrap_or("x");
        if header.start < span.start || header.end > span.end || !lead.trim().is_empty() {
            self.xml.newline();
            self.p(span, None);
            return;
        }
        // The punctuation closing the header (", said") stays with it; no white space is added
        // between the two, where the record has none.
        let rest = text.get(header.end..span.end).unwrap_or("");
        let tail = rest
            .find(|c: char| !c.is_ascii_punctuation())
            .unwrap_or(rest.len());
        let split = header.end + tail;
        self.xml.newline();
        self.inline("from", &[], Span::new(span.start, split));
        self.p(Span::new(split, span.end), None);
    }
}

/// The `class` of a paragraph outside the structure it belongs to.
fn class_of(kind: Option<ParagraphKind>) -> Option<&'static str> {
    use ParagraphKind as K;
    Some(match kind? {
        K::Noise => "noise",
        K::Header => "masthead",
        K::Title => "title",
        K::Subtitle => "subtitle",
        K::Summary => "summary",
        K::Heading => "heading",
        K::StatementHeader => "statement-header",
        K::Continuation => "continuation",
        K::Narrative => "narrative",
        K::Footer => "footer",
    })
}
