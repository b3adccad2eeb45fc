//! `textDocument/hover`, which never waits for indexing: it answers from the records indexed so
//! far and says that its lists may grow.

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{Hover, HoverParams};

use crate::features;
use crate::lsp::Backend;
use crate::lsp::context::with_doc;
use crate::lsp::convert::cursor;

pub(crate) async fn hover(server: &Backend, params: HoverParams) -> Result<Option<Hover>> {
    let indexing = *server.shared.indexing.borrow() > 0;
    let p = params.text_document_position_params;
    with_doc(
        &server.shared,
        &p.text_document.uri,
        "textDocument/hover",
        None,
        |c| {
            let h = features::hover::hover(c.ws, c.file, c.offset(p.position));
            let records_so_far = indexing.then(|| c.ws.len());
            Ok(h.map(|h| cursor::hover(c.doc, h, c.enc, records_so_far)))
        },
    )
}
