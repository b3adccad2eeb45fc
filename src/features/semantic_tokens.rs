//! Semantic tokens: speakers, countries, instruments, symbols and quotations as non-overlapping
//! byte spans in text order (a quotation is split around the names inside it). Pure; the protocol
//! layer encodes them and splits those that cross lines.

use crate::span::Span;
use crate::workspace::{FileId, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TokenKind {
    Speaker,
    Country,
    Instrument,
    Symbol,
    Quotation,
}

impl TokenKind {
    pub const ALL: [TokenKind; 5] = [
        TokenKind::Speaker,
        TokenKind::Country,
        TokenKind::Instrument,
        TokenKind::Symbol,
        TokenKind::Quotation,
    ];

    pub fn index(self) -> u32 {
        self as u32
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

pub fn tokens(ws: &Workspace, file: FileId) -> Vec<Token> {
    let Some(doc) = ws.get(file) else {
        return Vec::new();
    };
    let rec = &doc.record;
    let mut names: Vec<Token> = Vec::new();
    for st in &rec.statements {
        names.push(Token {
            span: st.name,
            kind: TokenKind::Speaker,
        });
    }
    for (span, _) in crate::query::entity_spans(ws, file) {
        names.push(Token {
            span,
            kind: TokenKind::Country,
        });
    }
    for m in &rec.instruments {
        names.push(Token {
            span: m.span,
            kind: TokenKind::Instrument,
        });
    }
    if let Some((_, span)) = &rec.header.symbol {
        names.push(Token {
            span: *span,
            kind: TokenKind::Symbol,
        });
    }
    for r in &rec.references {
        names.push(Token {
            span: r.span,
            kind: TokenKind::Symbol,
        });
    }
    names.retain(|t| !t.span.is_empty() && t.span.end <= doc.text.len());
    names.sort_by_key(|t| (t.span.start, std::cmp::Reverse(t.span.end), t.kind));
    // Overlapping names: the first (longest at a start) wins.
    let mut kept: Vec<Token> = Vec::with_capacity(names.len());
    for t in names {
        if kept.last().is_some_and(|l| t.span.start < l.span.end) {
            continue;
        }
        kept.push(t);
    }
    // Quotations, minus the names inside them.
    let mut quotes: Vec<Token> = Vec::new();
    for q in &rec.quotations {
        let mut start = q.span.start;
        let end = q.span.end.min(doc.text.len());
        let first = kept.partition_point(|t| t.span.end <= start);
        for t in &kept[first..] {
            if t.span.start >= end {
                break;
            }
            if t.span.start > start {
                quotes.push(Token {
                    span: Span::new(start, t.span.start),
                    kind: TokenKind::Quotation,
                });
            }
            start = start.max(t.span.end);
        }
        if end > start {
            quotes.push(Token {
                span: Span::new(start, end),
                kind: TokenKind::Quotation,
            });
        }
    }
    kept.extend(quotes);
    kept.sort_by_key(|t| t.span.start);
    // Quotations that overlap each other (nested quotes) keep the first.
    let mut out: Vec<Token> = Vec::with_capacity(kept.len());
    for t in kept {
        if out.last().is_some_and(|l| t.span.start < l.span.end) {
            continue;
        }
        out.push(t);
    }
    out
}
