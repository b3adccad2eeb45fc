//! Moving between names: `textDocument/definition`, `references` and `documentHighlight`.

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    DocumentHighlight, DocumentHighlightParams, GotoDefinitionParams, GotoDefinitionResponse,
    Location, ReferenceParams,
};

use crate::features;
use crate::lsp::Backend;
use crate::lsp::context::with_doc;
use crate::lsp::convert::{self, cursor};
use crate::lsp::indexing::wait_indexed;

pub(crate) async fn goto_definition(
    server: &Backend,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    wait_indexed(&server.shared).await;
    let links = server.shared.settings().caps.definition_links;
    let p = params.text_document_position_params;
    with_doc(
        &server.shared,
        &p.text_document.uri,
        "textDocument/definition",
        None,
        |c| {
            let defs = features::definition::definition(c.ws, c.file, c.offset(p.position));
            Ok(defs
                .filter(|d| !d.targets.is_empty())
                .map(|d| cursor::definition_response(c.core, c.doc, &d, c.enc, links)))
        },
    )
}

pub(crate) async fn references(
    server: &Backend,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    wait_indexed(&server.shared).await;
    let p = params.text_document_position;
    let include = params.context.include_declaration;
    with_doc(
        &server.shared,
        &p.text_document.uri,
        "textDocument/references",
        None,
        |c| {
            let refs =
                features::references::references(c.ws, c.file, c.offset(p.position), include);
            let places: Vec<_> = refs.into_iter().map(|l| (l.file, l.span)).collect();
            Ok(Some(convert::locations(c.core, &places, c.enc)))
        },
    )
}

pub(crate) async fn document_highlight(
    server: &Backend,
    params: DocumentHighlightParams,
) -> Result<Option<Vec<DocumentHighlight>>> {
    let p = params.text_document_position_params;
    let uri = &p.text_document.uri;
    with_doc(
        &server.shared,
        uri,
        "textDocument/documentHighlight",
        None,
        |c| {
            let hs = features::highlight::highlights(c.ws, c.file, c.offset(p.position));
            Ok(Some(cursor::highlights(c.doc, &hs, c.enc)))
        },
    )
}
