//! Domain results (byte spans, check diagnostics, outline nodes, tokens, definitions, fixes)
//! turned into lsp-types values; handlers call a feature and hand its result here. Every
//! position goes through `position`. This file holds ranges and locations, the rest is split by
//! family of request.

pub(crate) mod annotations;
pub(crate) mod code_actions;
pub(crate) mod cursor;
pub(crate) mod diagnostics;
pub(crate) mod edits;
pub(crate) mod presentation;
pub(crate) mod symbols;

use tower_lsp::lsp_types as lsp;

use crate::lsp::position::{self, Encoding};
use crate::lsp::state::Core;
use crate::span::Span;
use crate::workspace::{Document, FileId};

pub(crate) fn range(doc: &Document, span: Span, enc: Encoding) -> lsp::Range {
    position::range(&doc.text, &doc.lines, span, enc)
}

/// The range of a span of any record of the workspace, from its text without parsing it (read
/// again from disk for a closed record).
pub(crate) fn range_in(core: &Core, file: FileId, span: Span, enc: Encoding) -> Option<lsp::Range> {
    core.ws
        .with_text(file, |text, lines| position::range(text, lines, span, enc))
}

/// Locations of many places, each record's text read once (places of one record together).
pub(crate) fn locations(
    core: &Core,
    places: &[(FileId, Span)],
    enc: Encoding,
) -> Vec<lsp::Location> {
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

pub(crate) fn location(
    core: &Core,
    file: FileId,
    span: Span,
    enc: Encoding,
) -> Option<lsp::Location> {
    Some(lsp::Location {
        uri: core.uri_of(file)?,
        range: range_in(core, file, span, enc)?,
    })
}
