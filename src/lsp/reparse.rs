//! Parsing open buffers into the workspace: small ones inside the handler, so the next request
//! sees them; large ones off the message loop and only in their latest version. A parse lands
//! only if its buffer is still at the version (and opening) it was made from.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use crate::lsp::Backend;
use crate::lsp::context::panic_message;
use crate::lsp::diagnostics;
use crate::lsp::state::Shared;
use crate::workspace::Document;

/// Documents up to this size are re-parsed inside the `didChange` handler, so the next request
/// sees them; larger ones are parsed on a blocking thread.
const SYNC_PARSE_LIMIT: usize = 256 * 1024;

/// Parses the text of an open buffer and puts it in the workspace, unless a newer version
/// arrived meanwhile or the buffer was closed and opened again (versions restart then: the
/// opening, `epoch`, tells a late parse of the old buffer from one of the new).
pub(crate) fn reparse(server: &Backend, name: String, epoch: u64, version: i32, text: Arc<str>) {
    if text.len() <= SYNC_PARSE_LIMIT {
        parse_now(&server.shared, name, epoch, version, text);
    } else {
        spawn_parse(server.clone(), name, epoch, version, text);
    }
}

fn parse_now(shared: &Arc<Shared>, name: String, epoch: u64, version: i32, text: Arc<str>) {
    let gaz = shared.read().ws.gaz.clone();
    match catch_unwind(AssertUnwindSafe(|| Document::new(name.clone(), text, &gaz))) {
        Ok(doc) => insert_if_current(shared, epoch, version, doc),
        Err(p) => tracing::error!("panic while parsing {name}: {}", panic_message(&*p)),
    }
}

/// A large buffer is parsed off the message loop, and only in its latest version: edits that
/// arrive meanwhile are applied to the rope at once and coalesced into the next parse, and
/// requests on other documents never wait behind it.
fn spawn_parse(server: Backend, name: String, epoch: u64, version: i32, text: Arc<str>) {
    let gaz = server.shared.read().ws.gaz.clone();
    tokio::spawn(async move {
        let shared = server.shared.clone();
        if !is_current(&shared, &name, epoch, version) {
            return;
        }
        let n = name.clone();
        let s = shared.clone();
        let r = tokio::task::spawn_blocking(move || {
            match catch_unwind(AssertUnwindSafe(|| Document::new(n, text, &gaz))) {
                Ok(doc) => insert_if_current(&s, epoch, version, doc),
                Err(p) => tracing::error!("panic while parsing: {}", panic_message(&*p)),
            }
        })
        .await;
        if let Err(e) = r {
            tracing::error!("parsing {name} failed: {e}");
        }
        if is_current(&shared, &name, epoch, version) {
            diagnostics::schedule(&server, diagnostics::affected_open_docs(&shared, &name));
        }
    });
}

/// Whether the buffer `name` is still at this opening and version.
fn is_current(shared: &Shared, name: &str, epoch: u64, version: i32) -> bool {
    shared
        .read()
        .open
        .get(name)
        .is_some_and(|o| o.epoch == epoch && o.version == version)
}

fn insert_if_current(shared: &Shared, epoch: u64, version: i32, doc: Document) {
    let mut guard = shared.write();
    let core = &mut *guard;
    if let Some(open) = core.open.get_mut(&doc.name)
        && open.epoch == epoch
        && open.version == version
    {
        open.parsed = Some(version);
        core.ws.insert_document(doc);
    }
}
