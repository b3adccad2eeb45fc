//! Symbols: a record's outline as hierarchical or flat document symbols, and the workspace
//! symbols of a query.

use tower_lsp::lsp_types as lsp;

use crate::features::outline::{NodeKind, OutlineNode};
use crate::features::workspace_symbols::{SymbolKind, WorkspaceSymbol};
use crate::lsp::convert::{location, range};
use crate::lsp::position::Encoding;
use crate::lsp::state::Core;
use crate::span::Span;
use crate::workspace::Document;

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

/// The outline in the shape the client reads: nested when it supports hierarchical symbols.
pub(crate) fn document_symbol_response(
    doc: &Document,
    uri: &lsp::Url,
    nodes: &[OutlineNode],
    enc: Encoding,
    hierarchical: bool,
) -> lsp::DocumentSymbolResponse {
    if hierarchical {
        lsp::DocumentSymbolResponse::Nested(document_symbols(doc, nodes, enc))
    } else {
        let mut flat = Vec::new();
        flat_symbols(doc, uri, nodes, None, enc, &mut flat);
        lsp::DocumentSymbolResponse::Flat(flat)
    }
}

/// Outline nodes as hierarchical symbols; a selection outside its node is replaced by the
/// node's start (clients reject such symbols).
#[allow(deprecated)]
fn document_symbols(
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
fn flat_symbols(
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

/// Workspace symbols found, less those whose record can no longer be read.
pub(crate) fn workspace_symbols(
    core: &Core,
    found: &[WorkspaceSymbol],
    enc: Encoding,
) -> Vec<lsp::SymbolInformation> {
    found
        .iter()
        .filter_map(|s| workspace_symbol(core, s, enc))
        .collect()
}

#[allow(deprecated)]
fn workspace_symbol(
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
