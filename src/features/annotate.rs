//! Standoff annotations: every recognised span of a record (speaker, country, instrument, symbol,
//! resolution, quotation) with its kind and resolved key, for export to other tools.

use serde::Serialize;

use crate::record::ReferenceKind;
use crate::span::Span;
use crate::workspace::{FileId, StatementRef, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnnotationKind {
    Speaker,
    Country,
    Instrument,
    Symbol,
    Resolution,
    Quotation,
}

#[derive(Debug, Clone, Serialize)]
pub struct Annotation {
    pub kind: AnnotationKind,
    pub span: Span,
    /// ISO code or entity key, instrument id, symbol, or speaker identity.
    pub key: Option<String>,
}

pub fn annotations(ws: &Workspace, file: FileId) -> Vec<Annotation> {
    let Some(doc) = ws.get(file) else {
        return Vec::new();
    };
    let rec = &doc.record;
    let gaz = &ws.gaz;
    let mut out = Vec::new();
    for (i, st) in rec.statements.iter().enumerate() {
        out.push(Annotation {
            kind: AnnotationKind::Speaker,
            span: st.name,
            key: Some(ws.speaker_key(StatementRef { file, statement: i })),
        });
    }
    for c in &rec.countries {
        out.push(Annotation {
            kind: AnnotationKind::Country,
            span: c.span,
            key: Some(gaz.entity(c.entity).key.clone()),
        });
    }
    for m in &rec.instruments {
        out.push(Annotation {
            kind: AnnotationKind::Instrument,
            span: m.span,
            key: m.instrument.map(|i| gaz.instrument(i).id.clone()),
        });
    }
    if let Some((sym, span)) = &rec.header.symbol {
        out.push(Annotation {
            kind: AnnotationKind::Symbol,
            span: *span,
            key: Some(sym.clone()),
        });
    }
    for r in &rec.references {
        out.push(Annotation {
            kind: match r.kind {
                ReferenceKind::PressRelease => AnnotationKind::Symbol,
                ReferenceKind::Resolution | ReferenceKind::Document => AnnotationKind::Resolution,
            },
            span: r.span,
            key: Some(r.symbol.clone()),
        });
    }
    for (qi, q) in rec.quotations.iter().enumerate() {
        // A quotation inside a statement is that speaker's; in a summary, the cue's delegation's.
        let key = rec
            .statements
            .iter()
            .position(|s| s.span.contains_span(q.span))
            .map(|st| {
                ws.speaker_key(StatementRef {
                    file,
                    statement: st,
                })
            })
            .or_else(|| {
                rec.attributions
                    .iter()
                    .find(|a| a.quotations.contains(&qi))
                    .and_then(|a| a.targets.first())
                    .and_then(|t| t.entity)
                    .map(|e| gaz.entity(e).key.clone())
            });
        out.push(Annotation {
            kind: AnnotationKind::Quotation,
            span: q.span,
            key,
        });
    }
    out.sort_by_key(|a| (a.span.start, a.kind));
    out
}
