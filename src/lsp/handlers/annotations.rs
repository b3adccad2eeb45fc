//! What the editor draws around the text: `textDocument/documentLink`, `inlayHint`, `codeLens`
//! and `selectionRange`.

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    CodeLens, CodeLensParams, DocumentLink, DocumentLinkParams, InlayHint, InlayHintParams,
    SelectionRange, SelectionRangeParams,
};

use crate::features;
use crate::lsp::Backend;
use crate::lsp::context::with_doc;
use crate::lsp::convert::annotations;
use crate::lsp::diagnostics::found;
use crate::lsp::handlers::config_and_document_changes;
use crate::lsp::indexing::wait_indexed;
use crate::span::Span;

pub(crate) async fn document_link(
    server: &Backend,
    params: DocumentLinkParams,
) -> Result<Option<Vec<DocumentLink>>> {
    wait_indexed(&server.shared).await;
    let uri = &params.text_document.uri;
    let (config, _) = config_and_document_changes(&server.shared, uri);
    with_doc(
        &server.shared,
        uri,
        "textDocument/documentLink",
        None,
        |c| {
            let pattern = config.links.resolution_url();
            let links = features::links::document_links(c.ws, c.file, pattern);
            Ok(Some(annotations::document_links(
                c.core, c.doc, &links, c.enc,
            )))
        },
    )
}

pub(crate) async fn inlay_hint(
    server: &Backend,
    params: InlayHintParams,
) -> Result<Option<Vec<InlayHint>>> {
    wait_indexed(&server.shared).await;
    let kinds = server.shared.settings().hint_kinds();
    with_doc(
        &server.shared,
        &params.text_document.uri,
        "textDocument/inlayHint",
        None,
        |c| {
            // An inverted range asks for nothing; positions past the text are clamped.
            let range = c.span(params.range).unwrap_or(Span::new(0, 0));
            let hints = features::inlay_hints::inlay_hints(c.ws, c.file, range, kinds);
            Ok(Some(annotations::inlay_hints(c.core, c.doc, &hints, c.enc)))
        },
    )
}

pub(crate) async fn code_lens(
    server: &Backend,
    params: CodeLensParams,
) -> Result<Option<Vec<CodeLens>>> {
    wait_indexed(&server.shared).await;
    let uri = &params.text_document.uri;
    let (config, _) = config_and_document_changes(&server.shared, uri);
    with_doc(&server.shared, uri, "textDocument/codeLens", None, |c| {
        // The findings the diagnostics show, baseline applied (the checks are memoised per
        // meeting: counting them costs little more).
        let name = crate::lsp::state::key(uri);
        let findings = found(&server.shared, c.core, &name, c.file, &config)
            .0
            .len();
        let lenses = features::lenses::code_lenses(c.ws, c.file, findings);
        Ok(Some(annotations::code_lenses(
            c.core, c.doc, uri, &lenses, c.enc,
        )))
    })
}

pub(crate) async fn selection_range(
    server: &Backend,
    params: SelectionRangeParams,
) -> Result<Option<Vec<SelectionRange>>> {
    with_doc(
        &server.shared,
        &params.text_document.uri,
        "textDocument/selectionRange",
        None,
        |c| {
            let out = params
                .positions
                .iter()
                .map(|p| {
                    let offset = c.offset(*p);
                    let spans = features::selection::selection_ranges(c.ws, c.file, offset);
                    annotations::selection_range(c.doc, &spans, offset, c.enc)
                })
                .collect();
            Ok(Some(out))
        },
    )
}
