//! `textDocument/prepareRename` and `textDocument/rename` (speakers and document symbols, across
//! the workspace).

use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::{
    PrepareRenameResponse, RenameParams, TextDocumentPositionParams, WorkspaceEdit,
};

use crate::features;
use crate::lsp::Backend;
use crate::lsp::context::with_doc;
use crate::lsp::convert::edits;
use crate::lsp::indexing::wait_indexed;

pub(crate) async fn prepare_rename(
    server: &Backend,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let uri = &params.text_document.uri;
    with_doc(
        &server.shared,
        uri,
        "textDocument/prepareRename",
        None,
        |c| {
            let r = features::rename::prepare_rename(c.ws, c.file, c.offset(params.position));
            Ok(r.map(|r| edits::prepare_rename(c.doc, r, c.enc)))
        },
    )
}

pub(crate) async fn rename(
    server: &Backend,
    params: RenameParams,
) -> Result<Option<WorkspaceEdit>> {
    wait_indexed(&server.shared).await;
    let document_changes = server.shared.settings().caps.document_changes;
    let p = params.text_document_position;
    with_doc(
        &server.shared,
        &p.text_document.uri,
        "textDocument/rename",
        None,
        |c| {
            let found =
                features::rename::rename(c.ws, c.file, c.offset(p.position), &params.new_name)
                    .map_err(|e| Error::invalid_params(e.to_string()))?;
            Ok(Some(edits::workspace_edit(
                c.core,
                &found,
                c.enc,
                document_changes,
            )))
        },
    )
}
