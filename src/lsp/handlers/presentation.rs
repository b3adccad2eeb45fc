//! How a record is drawn: `textDocument/foldingRange` and `textDocument/semanticTokens/full`.

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    FoldingRange, FoldingRangeParams, SemanticTokensParams, SemanticTokensResult,
};

use crate::features;
use crate::lsp::Backend;
use crate::lsp::context::with_doc;
use crate::lsp::convert::presentation;

pub(crate) async fn folding_range(
    server: &Backend,
    params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>> {
    let uri = &params.text_document.uri;
    with_doc(
        &server.shared,
        uri,
        "textDocument/foldingRange",
        None,
        |c| {
            let folds = features::folding::folding_ranges(c.ws, c.file);
            Ok(Some(presentation::folding_ranges(c.doc, &folds)))
        },
    )
}

pub(crate) async fn semantic_tokens_full(
    server: &Backend,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    let uri = &params.text_document.uri;
    with_doc(
        &server.shared,
        uri,
        "textDocument/semanticTokens/full",
        None,
        |c| {
            let tokens = features::semantic_tokens::tokens(c.ws, c.file);
            Ok(Some(presentation::semantic_tokens_full(
                c.doc, &tokens, c.enc,
            )))
        },
    )
}
