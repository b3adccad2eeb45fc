//! The outline of a record: record → header, summary, sections → statements, as a tree of
//! named byte ranges. Shared by `rapporteur outline` and `textDocument/documentSymbol`.

use serde::Serialize;

use crate::knowledge::Gazetteer;
use crate::record::HeaderForm;
use crate::span::Span;
use crate::workspace::Document;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    Record,
    Header,
    Summary,
    Section,
    Statement,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutlineNode {
    pub name: String,
    pub detail: Option<String>,
    pub kind: NodeKind,
    /// The whole extent of the node.
    pub span: Span,
    /// What to select when the node is picked: the heading or the speaker's name.
    pub selection: Span,
    pub children: Vec<OutlineNode>,
}

/// The speaker as written, with the honorific of a panel turn.
pub(crate) fn speaker_label(doc: &Document, st: usize) -> String {
    doc.speaker_label(st)
}

/// The country or affiliation of a statement's speaker, for details and hovers.
pub fn speaker_detail(doc: &Document, gaz: &Gazetteer, st: usize) -> Option<String> {
    doc.speaker_detail(gaz, st)
}

pub fn outline(doc: &Document, gaz: &Gazetteer) -> Vec<OutlineNode> {
    let rec = &doc.record;
    let text_len = doc.text.len();
    let mut children = Vec::new();
    if let Some(h) = rec.header.span() {
        children.push(OutlineNode {
            name: "Header".to_string(),
            detail: Some(rec.header.describe()),
            kind: NodeKind::Header,
            span: h,
            selection: h,
            children: Vec::new(),
        });
    }
    if let Some(s) = rec.summary {
        let first: String = doc.span_text(s).chars().take(60).collect();
        children.push(OutlineNode {
            name: "Summary".to_string(),
            detail: Some(format!("{first}…")),
            kind: NodeKind::Summary,
            span: s,
            selection: Span::new(s.start, s.start),
            children: Vec::new(),
        });
    }
    let statement_node = |i: usize| {
        let s = &rec.statements[i];
        OutlineNode {
            name: speaker_label(doc, i),
            detail: speaker_detail(doc, gaz, i),
            kind: NodeKind::Statement,
            span: s.span,
            selection: if s.form == HeaderForm::Remarks {
                s.name
            } else {
                s.header.cover(s.name)
            },
            children: Vec::new(),
        }
    };
    for (i, s) in rec.statements.iter().enumerate() {
        if s.section.is_none() {
            children.push(statement_node(i));
        }
    }
    for (si, sec) in rec.sections.iter().enumerate() {
        let stmts = rec
            .statements
            .iter()
            .enumerate()
            .filter(|(_, s)| s.section == Some(si))
            .map(|(i, _)| statement_node(i))
            .collect();
        children.push(OutlineNode {
            name: sec.name.clone(),
            detail: None,
            kind: NodeKind::Section,
            span: sec.span,
            selection: sec.heading,
            children: stmts,
        });
    }
    children.sort_by_key(|c| c.span.start);
    let title_sel = rec.title.unwrap_or(Span::new(0, 0));
    vec![OutlineNode {
        name: doc.display_name(),
        detail: rec.title.map(|t| doc.span_text(t).to_string()),
        kind: NodeKind::Record,
        span: Span::new(0, text_len),
        selection: title_sel,
        children,
    }]
}
