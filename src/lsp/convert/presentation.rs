//! How a record is drawn: folding ranges as lines, and semantic tokens with their legend.

use tower_lsp::lsp_types as lsp;

use crate::features::folding::{Fold, FoldKind};
use crate::features::semantic_tokens::{Token, TokenKind};
use crate::lsp::position::{Cursor, Encoding};
use crate::workspace::Document;

/// Folds as line ranges; folds within one line are dropped.
pub(crate) fn folding_ranges(doc: &Document, folds: &[Fold]) -> Vec<lsp::FoldingRange> {
    let mut out = Vec::new();
    for f in folds {
        let start = doc.lines.line_of(f.span.start.min(doc.text.len()));
        // The last line with content: a span ending just after a line break ends on the line
        // before.
        let text = &doc.text[..f.span.end.min(doc.text.len())];
        let end_off = text.trim_end().len().max(f.span.start.min(text.len()));
        let end = doc.lines.line_of(end_off);
        if end <= start {
            continue;
        }
        out.push(lsp::FoldingRange {
            start_line: start as u32,
            start_character: None,
            end_line: end as u32,
            end_character: None,
            kind: Some(match f.kind {
                FoldKind::Summary | FoldKind::Section | FoldKind::Statement => {
                    lsp::FoldingRangeKind::Region
                }
            }),
            collapsed_text: None,
        });
    }
    out
}

pub(crate) fn token_legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: TokenKind::ALL.iter().map(|k| token_type(*k)).collect(),
        token_modifiers: Vec::new(),
    }
}

/// Standard token types, so that every theme colours them: speaker → class, country →
/// namespace, instrument → type, symbol → macro, quotation → string.
fn token_type(k: TokenKind) -> lsp::SemanticTokenType {
    match k {
        TokenKind::Speaker => lsp::SemanticTokenType::CLASS,
        TokenKind::Country => lsp::SemanticTokenType::NAMESPACE,
        TokenKind::Instrument => lsp::SemanticTokenType::TYPE,
        TokenKind::Symbol => lsp::SemanticTokenType::MACRO,
        TokenKind::Quotation => lsp::SemanticTokenType::STRING,
    }
}

/// The answer to `textDocument/semanticTokens/full`.
pub(crate) fn semantic_tokens_full(
    doc: &Document,
    tokens: &[Token],
    enc: Encoding,
) -> lsp::SemanticTokensResult {
    lsp::SemanticTokensResult::Tokens(lsp::SemanticTokens {
        result_id: None,
        data: semantic_tokens(doc, tokens, enc),
    })
}

/// Tokens encoded relative to each other, split where they cross a line break.
fn semantic_tokens(doc: &Document, tokens: &[Token], enc: Encoding) -> Vec<lsp::SemanticToken> {
    let text: &str = &doc.text;
    let mut cursor = Cursor::new(text, enc);
    let mut out = Vec::with_capacity(tokens.len());
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    for t in tokens {
        let mut start = t.span.start.min(text.len());
        let end = t.span.end.min(text.len());
        while start < end {
            let piece_end = text[start..end].find('\n').map_or(end, |i| start + i);
            let piece = text[start..piece_end].trim_end_matches('\r');
            if !piece.is_empty() && text.is_char_boundary(start) {
                let pos = cursor.position(start);
                let delta_line = pos.line - prev_line;
                let delta_start = if delta_line == 0 {
                    pos.character - prev_col
                } else {
                    pos.character
                };
                out.push(lsp::SemanticToken {
                    delta_line,
                    delta_start,
                    length: enc.len(piece),
                    token_type: t.kind.index(),
                    token_modifiers_bitset: 0,
                });
                prev_line = pos.line;
                prev_col = pos.character;
            }
            start = piece_end + 1;
        }
    }
    out
}
