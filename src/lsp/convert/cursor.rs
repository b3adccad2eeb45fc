//! Answers about the name under the cursor: definitions (links or locations), highlights,
//! hover, and completions.

use tower_lsp::lsp_types as lsp;

use crate::features::completion::{Completion, CompletionKind};
use crate::features::definition::{self, Definitions};
use crate::features::highlight::Highlight;
use crate::features::hover::Hover;
use crate::lsp::convert::{location, range, range_in};
use crate::lsp::position::Encoding;
use crate::lsp::state::Core;
use crate::workspace::Document;

/// Definitions as links (origin and selection ranges) when the client supports them, else as
/// plain locations.
pub(crate) fn definition_response(
    core: &Core,
    doc: &Document,
    defs: &Definitions,
    enc: Encoding,
    links: bool,
) -> lsp::GotoDefinitionResponse {
    if links {
        lsp::GotoDefinitionResponse::Link(definition_links(core, doc, defs, enc))
    } else {
        let out = definition::locations(defs)
            .into_iter()
            .filter_map(|l| location(core, l.file, l.span, enc))
            .collect();
        lsp::GotoDefinitionResponse::Array(out)
    }
}

fn definition_links(
    core: &Core,
    doc: &Document,
    defs: &Definitions,
    enc: Encoding,
) -> Vec<lsp::LocationLink> {
    let origin = range(doc, defs.origin, enc);
    defs.targets
        .iter()
        .filter_map(|d| {
            Some(lsp::LocationLink {
                origin_selection_range: Some(origin),
                target_uri: core.uri_of(d.file)?,
                target_range: range_in(core, d.file, d.span, enc)?,
                target_selection_range: range_in(core, d.file, d.selection, enc)?,
            })
        })
        .collect()
}

/// Highlights: a defining occurrence is a write, a mention a read.
pub(crate) fn highlights(
    doc: &Document,
    highlights: &[Highlight],
    enc: Encoding,
) -> Vec<lsp::DocumentHighlight> {
    highlights
        .iter()
        .map(|h| lsp::DocumentHighlight {
            range: range(doc, h.span, enc),
            kind: Some(if h.definition {
                lsp::DocumentHighlightKind::WRITE
            } else {
                lsp::DocumentHighlightKind::READ
            }),
        })
        .collect()
}

/// A hover in Markdown; while indexing runs (`records_so_far` is the count indexed yet) it says
/// that its lists may grow.
pub(crate) fn hover(
    doc: &Document,
    h: Hover,
    enc: Encoding,
    records_so_far: Option<usize>,
) -> lsp::Hover {
    let value = match records_so_far {
        Some(n) => format!(
            "{}\n\n_Indexing the workspace ({} records so far): lists may be incomplete._",
            h.markdown, n
        ),
        None => h.markdown,
    };
    lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value,
        }),
        range: Some(range(doc, h.span, enc)),
    }
}

pub(crate) fn completion_response(
    doc: &Document,
    items: &[Completion],
    enc: Encoding,
) -> lsp::CompletionResponse {
    lsp::CompletionResponse::Array(items.iter().map(|i| completion_item(doc, i, enc)).collect())
}

fn completion_item(doc: &Document, c: &Completion, enc: Encoding) -> lsp::CompletionItem {
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
