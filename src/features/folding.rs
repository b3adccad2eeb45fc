//! Folding ranges: the summary, each section and each statement, as byte spans; the protocol
//! layer turns them into line ranges (and drops those on one line). Pure.

use crate::span::Span;
use crate::workspace::{FileId, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldKind {
    Summary,
    Section,
    Statement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fold {
    pub span: Span,
    pub kind: FoldKind,
}

pub fn folding_ranges(ws: &Workspace, file: FileId) -> Vec<Fold> {
    let Some(doc) = ws.get(file) else {
        return Vec::new();
    };
    let rec = &doc.record;
    let mut out = Vec::new();
    if let Some(s) = rec.summary {
        out.push(Fold {
            span: s,
            kind: FoldKind::Summary,
        });
    }
    for s in &rec.sections {
        out.push(Fold {
            span: s.span,
            kind: FoldKind::Section,
        });
    }
    for s in &rec.statements {
        out.push(Fold {
            span: s.span,
            kind: FoldKind::Statement,
        });
    }
    out.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    out
}
