//! How a handler runs a feature: on a [`Ctx`] (the workspace, one document, the position
//! encoding) taken under the read lock inside a synchronous closure (never across an `.await`),
//! and under `catch_unwind`, so that a panic answers with an error instead of killing the server.

use std::panic::{AssertUnwindSafe, catch_unwind};

use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::{Position, Range, Url};

use crate::lsp::position::{self, Encoding};
use crate::lsp::state::{Core, Shared, key};
use crate::span::Span;
use crate::workspace::{Document, FileId, Workspace};

/// What a feature closure sees: the workspace, the document and how to convert positions.
pub(crate) struct Ctx<'a> {
    pub(crate) core: &'a Core,
    pub(crate) ws: &'a Workspace,
    pub(crate) file: FileId,
    pub(crate) doc: &'a Document,
    pub(crate) enc: Encoding,
}

impl Ctx<'_> {
    pub(crate) fn offset(&self, pos: Position) -> usize {
        position::offset(&self.doc.text, &self.doc.lines, pos, self.enc)
    }

    pub(crate) fn span(&self, range: Range) -> Result<Span> {
        position::span(&self.doc.text, &self.doc.lines, range, self.enc)
            .map_err(|e| Error::invalid_params(e.to_string()))
    }
}

/// Runs `f` on a document under the read lock, catching panics. Unknown documents answer
/// `default`.
pub(crate) fn with_doc<R>(
    shared: &Shared,
    uri: &Url,
    what: &str,
    default: R,
    f: impl FnOnce(&Ctx) -> Result<R>,
) -> Result<R> {
    let enc = shared.encoding();
    let name = key(uri);
    let core = shared.read();
    let Some(file) = core.ws.id_of(&name) else {
        return Ok(default);
    };
    let Some(doc) = core.ws.get(file) else {
        return Ok(default);
    };
    let ctx = Ctx {
        core: &core,
        ws: &core.ws,
        file,
        doc,
        enc,
    };
    match catch_unwind(AssertUnwindSafe(|| f(&ctx))) {
        Ok(r) => r,
        Err(p) => {
            tracing::error!("panic in {what}: {}", panic_message(&*p));
            Err(internal(what))
        }
    }
}

/// Runs `f` on the whole workspace under the read lock, catching panics.
pub(crate) fn with_core<R>(
    shared: &Shared,
    what: &str,
    f: impl FnOnce(&Core, Encoding) -> R,
) -> Result<R> {
    let enc = shared.encoding();
    let core = shared.read();
    catch_unwind(AssertUnwindSafe(|| f(&core, enc))).map_err(|p| {
        tracing::error!("panic in {what}: {}", panic_message(&*p));
        internal(what)
    })
}

/// The answer to a request whose feature panicked.
fn internal(what: &str) -> Error {
    let mut e = Error::internal_error();
    e.message =
        format!("rapporteur: internal error while answering {what}; the server keeps running")
            .into();
    e
}

/// The text of a caught panic, for the log.
pub(crate) fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}
