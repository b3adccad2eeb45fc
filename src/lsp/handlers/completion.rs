//! `textDocument/completion`: countries, document symbols and instruments where a record names
//! them.

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{CompletionParams, CompletionResponse};

use crate::features;
use crate::lsp::Backend;
use crate::lsp::context::with_doc;
use crate::lsp::convert::cursor;

pub(crate) async fn completion(
    server: &Backend,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let p = params.text_document_position;
    with_doc(
        &server.shared,
        &p.text_document.uri,
        "textDocument/completion",
        None,
        |c| {
            let items = features::completion::completions(c.ws, c.file, c.offset(p.position));
            if items.is_empty() {
                return Ok(None);
            }
            Ok(Some(cursor::completion_response(c.doc, &items, c.enc)))
        },
    )
}
