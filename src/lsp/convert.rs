//! Domain results (byte spans, check diagnostics, outline nodes, tokens) turned into lsp-types
//! values. Every position goes through `position`.

use std::collections::HashMap;

use tower_lsp::lsp_types as lsp;

use crate::checks::{self, Edit, Severity};
use crate::features::completion::{Completion, CompletionKind};
use crate::features::folding::{Fold, FoldKind};
use crate::features::outline::{NodeKind, OutlineNode};
use crate::features::semantic_tokens::{Token, TokenKind};
use crate::features::workspace_symbols::{SymbolKind, WorkspaceSymbol};
use crate::lsp::position::{self, Cursor, Encoding};
use crate::lsp::state::Core;
use crate::span::Span;
use crate::workspace::{Document, FileId};

pub fn range(doc: &Document, span: Span, enc: Encoding) -> lsp::Range {
    position::range(&doc.text, &doc.lines, span, enc)
}

/// The range of a span of any record of the workspace, from its text without parsing it (read
/// again from disk for a closed record).
pub fn range_in(core: &Core, file: FileId, span: Span, enc: Encoding) -> Option<lsp::Range> {
    core.ws
        .with_text(file, |text, lines| position::range(text, lines, span, enc))
}

/// Locations of many places, each record's text read once (places of one record together).
pub fn locations(core: &Core, places: &[(FileId, Span)], enc: Encoding) -> Vec<lsp::Location> {
    let mut out = Vec::with_capacity(places.len());
    for group in places.chunk_by(|a, b| a.0 == b.0) {
        let file = group[0].0;
        let Some(uri) = core.uri_of(file) else {
            continue;
        };
        let ranges = core.ws.with_text(file, |text, lines| {
            group
                .iter()
                .map(|(_, span)| position::range(text, lines, *span, enc))
                .collect::<Vec<_>>()
        });
        for range in ranges.into_iter().flatten() {
            out.push(lsp::Location {
                uri: uri.clone(),
                range,
            });
        }
    }
    out
}

pub fn location(core: &Core, file: FileId, span: Span, enc: Encoding) -> Option<lsp::Location> {
    Some(lsp::Location {
        uri: core.uri_of(file)?,
        range: range_in(core, file, span, enc)?,
    })
}

pub fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
    }
}

pub fn diagnostic(core: &Core, d: &checks::Diagnostic, enc: Encoding) -> Option<lsp::Diagnostic> {
    let doc = core.ws.get(d.file)?;
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            Some(lsp::DiagnosticRelatedInformation {
                location: location(core, r.file, r.span, enc)?,
                message: r.message.clone(),
            })
        })
        .collect();
    Some(lsp::Diagnostic {
        range: range(doc, d.span, enc),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.code.as_str().to_string())),
        code_description: None,
        source: Some("rapporteur".to_string()),
        message: d.message.clone(),
        related_information: if related.is_empty() {
            None
        } else {
            Some(related)
        },
        tags: None,
        data: None,
    })
}

/// The quick fixes a published diagnostic carries in its `data`, so that a code action reads
/// them instead of re-running the checks.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CarriedFix {
    pub title: String,
    pub edit: lsp::WorkspaceEdit,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct CarriedFixes {
    pub fixes: Vec<CarriedFix>,
}

/// A diagnostic as published: [`diagnostic`], with its quick fixes as workspace edits in `data`.
pub fn diagnostic_with_fixes(
    core: &Core,
    d: &checks::Diagnostic,
    enc: Encoding,
    document_changes: bool,
) -> Option<lsp::Diagnostic> {
    let mut out = diagnostic(core, d, enc)?;
    if !d.fixes.is_empty() {
        let carried = CarriedFixes {
            fixes: d
                .fixes
                .iter()
                .map(|f| CarriedFix {
                    title: f.title.clone(),
                    edit: workspace_edit(core, &f.edits, enc, document_changes),
                })
                .collect(),
        };
        out.data = serde_json::to_value(carried).ok();
    }
    Some(out)
}

/// Edits grouped into a workspace edit: `documentChanges` (versioned for open buffers) when the
/// client supports them, else `changes`.
pub fn workspace_edit(
    core: &Core,
    edits: &[Edit],
    enc: Encoding,
    document_changes: bool,
) -> lsp::WorkspaceEdit {
    let mut by_file: Vec<(FileId, Vec<lsp::TextEdit>)> = Vec::new();
    for e in edits {
        let Some(range) = range_in(core, e.file, e.span, enc) else {
            continue;
        };
        let te = lsp::TextEdit {
            range,
            new_text: e.new_text.clone(),
        };
        match by_file.iter_mut().find(|(f, _)| *f == e.file) {
            Some((_, v)) => v.push(te),
            None => by_file.push((e.file, vec![te])),
        }
    }
    if document_changes {
        let edits = by_file
            .into_iter()
            .filter_map(|(f, v)| {
                Some(lsp::TextDocumentEdit {
                    text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                        uri: core.uri_of(f)?,
                        version: core.version_of(f),
                    },
                    edits: v.into_iter().map(lsp::OneOf::Left).collect(),
                })
            })
            .collect();
        lsp::WorkspaceEdit {
            changes: None,
            document_changes: Some(lsp::DocumentChanges::Edits(edits)),
            change_annotations: None,
        }
    } else {
        let mut changes = HashMap::new();
        for (f, v) in by_file {
            if let Some(uri) = core.uri_of(f) {
                changes.insert(uri, v);
            }
        }
        lsp::WorkspaceEdit {
            changes: Some(changes),
            document_changes: None,
            change_annotations: None,
        }
    }
}

fn symbol_kind(k: NodeKind) -> lsp::SymbolKind {
    match k {
        NodeKind::Record => lsp::SymbolKind::FILE,
        NodeKind::Header => lsp::SymbolKind::KEY,
        NodeKind::Summary => lsp::SymbolKind::STRING,
        NodeKind::Section => lsp::SymbolKind::NAMESPACE,
        NodeKind::Statement => lsp::SymbolKind::OBJECT,
    }
}

fn non_empty(name: &str) -> String {
    let n = name.trim();
    if n.is_empty() {
        "(unnamed)".to_string()
    } else {
        n.to_string()
    }
}

/// Outline nodes as hierarchical symbols; a selection outside its node is replaced by the
/// node's start (clients reject such symbols).
#[allow(deprecated)]
pub fn document_symbols(
    doc: &Document,
    nodes: &[OutlineNode],
    enc: Encoding,
) -> Vec<lsp::DocumentSymbol> {
    nodes
        .iter()
        .map(|n| {
            let sel = if n.span.contains_span(n.selection) {
                n.selection
            } else {
                Span::new(n.span.start, n.span.start)
            };
            lsp::DocumentSymbol {
                name: non_empty(&n.name),
                detail: n.detail.clone(),
                kind: symbol_kind(n.kind),
                tags: None,
                deprecated: None,
                range: range(doc, n.span, enc),
                selection_range: range(doc, sel, enc),
                children: if n.children.is_empty() {
                    None
                } else {
                    Some(document_symbols(doc, &n.children, enc))
                },
            }
        })
        .collect()
}

/// Outline nodes flattened, for clients without hierarchical symbol support.
#[allow(deprecated)]
pub fn flat_symbols(
    doc: &Document,
    uri: &lsp::Url,
    nodes: &[OutlineNode],
    container: Option<&str>,
    enc: Encoding,
    out: &mut Vec<lsp::SymbolInformation>,
) {
    for n in nodes {
        out.push(lsp::SymbolInformation {
            name: non_empty(&n.name),
            kind: symbol_kind(n.kind),
            tags: None,
            deprecated: None,
            location: lsp::Location {
                uri: uri.clone(),
                range: range(doc, n.span, enc),
            },
            container_name: container.map(str::to_string),
        });
        flat_symbols(doc, uri, &n.children, Some(&n.name), enc, out);
    }
}

#[allow(deprecated)]
pub fn workspace_symbol(
    core: &Core,
    s: &WorkspaceSymbol,
    enc: Encoding,
) -> Option<lsp::SymbolInformation> {
    Some(lsp::SymbolInformation {
        name: non_empty(&s.name),
        kind: match s.kind {
            SymbolKind::Record => lsp::SymbolKind::FILE,
            SymbolKind::Section => lsp::SymbolKind::NAMESPACE,
            SymbolKind::Speaker => lsp::SymbolKind::OBJECT,
        },
        tags: None,
        deprecated: None,
        location: location(core, s.file, s.span, enc)?,
        container_name: s.container.clone(),
    })
}

/// Folds as line ranges; folds within one line are dropped.
pub fn folding_ranges(doc: &Document, folds: &[Fold]) -> Vec<lsp::FoldingRange> {
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

pub fn token_legend() -> lsp::SemanticTokensLegend {
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

/// Tokens encoded relative to each other, split where they cross a line break.
pub fn semantic_tokens(doc: &Document, tokens: &[Token], enc: Encoding) -> Vec<lsp::SemanticToken> {
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

pub fn completion_item(doc: &Document, c: &Completion, enc: Encoding) -> lsp::CompletionItem {
    lsp::CompletionItem {
        label: c.label.clone(),
        kind: Some(match c.kind {
            CompletionKind::Country => lsp::CompletionItemKind::ENUM_MEMBER,
            CompletionKind::Symbol => lsp::CompletionItemKind::REFERENCE,
            CompletionKind::Instrument => lsp::CompletionItemKind::CONSTANT,
        }),
        detail: c.detail.clone(),
        filter_text: Some(c.filter.clone()),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
            range: range(doc, c.replace, enc),
            new_text: c.insert.clone(),
        })),
        ..Default::default()
    }
}
