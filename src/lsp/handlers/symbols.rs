//! `textDocument/documentSymbol` (the record's outline) and `workspace/symbol`.

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    DocumentSymbolParams, DocumentSymbolResponse, SymbolInformation, WorkspaceSymbolParams,
};

use crate::features;
use crate::lsp::Backend;
use crate::lsp::context::{with_core, with_doc};
use crate::lsp::convert::symbols;
use crate::lsp::indexing::wait_indexed;

pub(crate) async fn document_symbol(
    server: &Backend,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let hierarchical = server.shared.settings().caps.hierarchical_symbols;
    let uri = params.text_document.uri;
    with_doc(
        &server.shared,
        &uri,
        "textDocument/documentSymbol",
        None,
        |c| {
            let nodes = features::outline::outline(c.doc, &c.ws.gaz);
            Ok(Some(symbols::document_symbol_response(
                c.doc,
                &uri,
                &nodes,
                c.enc,
                hierarchical,
            )))
        },
    )
}

pub(crate) async fn workspace_symbol(
    server: &Backend,
    params: WorkspaceSymbolParams,
) -> Result<Option<Vec<SymbolInformation>>> {
    wait_indexed(&server.shared).await;
    with_core(&server.shared, "workspace/symbol", |core, enc| {
        let found = features::workspace_symbols::workspace_symbols(&core.ws, &params.query);
        Some(symbols::workspace_symbols(core, &found, enc))
    })
}
