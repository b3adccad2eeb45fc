//! Document sync: `didOpen`, `didChange` (incremental edits applied to the rope before any
//! `.await`) and `didClose` (the disk version takes over, or the record leaves the workspace).

use std::sync::Arc;
use std::sync::atomic::Ordering;

use ropey::Rope;
use tower_lsp::lsp_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    MessageType, Url,
};

use crate::lsp::Backend;
use crate::lsp::diagnostics::{self, affected_open_docs, all_open_docs};
use crate::lsp::indexing::{forget_unless_open, load_from_disk};
use crate::lsp::position;
use crate::lsp::reparse::reparse;
use crate::lsp::state::{OpenDoc, Shared, key};

pub(crate) async fn did_open(server: &Backend, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let name = key(&doc.uri);
    let text: Arc<str> = Arc::from(doc.text.as_str());
    let epoch = server.shared.epochs.fetch_add(1, Ordering::Relaxed);
    server.shared.write().open.insert(
        name.clone(),
        OpenDoc {
            uri: doc.uri.clone(),
            rope: Rope::from_str(&doc.text),
            version: doc.version,
            parsed: None,
            epoch,
        },
    );
    reparse(server, name.clone(), epoch, doc.version, text);
    diagnostics::schedule(server, affected_open_docs(&server.shared, &name));
    crate::lsp::handlers::commands::forget_published(server, &doc.uri, &name).await;
}

pub(crate) async fn did_change(server: &Backend, params: DidChangeTextDocumentParams) {
    // Applied synchronously, before any `.await`: tower-lsp may run the next handler as soon
    // as this one yields.
    let name = key(&params.text_document.uri);
    let version = params.text_document.version;
    let (text, rejected) = apply_changes(&server.shared, &name, &params);
    for r in rejected {
        server.log(MessageType::ERROR, r).await;
    }
    let Some((epoch, text)) = text else {
        return;
    };
    reparse(server, name.clone(), epoch, version, text);
    diagnostics::schedule(server, affected_open_docs(&server.shared, &name));
}

/// Applies a change to the open buffer `name`; returns its opening and new text (`None` when
/// the change was not applied) and the messages for what was rejected.
fn apply_changes(
    shared: &Shared,
    name: &str,
    params: &DidChangeTextDocumentParams,
) -> (Option<(u64, Arc<str>)>, Vec<String>) {
    let enc = shared.encoding();
    let uri = &params.text_document.uri;
    let version = params.text_document.version;
    let mut rejected = Vec::new();
    let mut core = shared.write();
    let text = match core.open.get_mut(name) {
        // Versions only increase: an older or repeated one is a client's mistake, and
        // applying it would publish diagnostics for a version the client has left.
        Some(open) if version <= open.version => {
            rejected.push(format!(
                "{uri}: version {version} after version {}, change ignored",
                open.version
            ));
            None
        }
        Some(open) => {
            for change in &params.content_changes {
                if let Err(e) =
                    position::apply_change(&mut open.rope, change.range, &change.text, enc)
                {
                    rejected.push(format!("{uri}: change {:?} rejected: {e}", change.range));
                }
            }
            open.version = version;
            Some((open.epoch, Arc::from(open.rope.to_string())))
        }
        None => None,
    };
    (text, rejected)
}

pub(crate) async fn did_close(server: &Backend, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let name = key(&uri);
    let was_open = server.shared.write().open.remove(&name).is_some();
    if !was_open {
        return;
    }
    reload_or_forget(server, &uri, &name).await;
    diagnostics::clear_closed(server, uri, &name).await;
    diagnostics::schedule(server, all_open_docs(&server.shared));
}

/// The disk version takes over if the file belongs to the workspace; else it is dropped.
/// The document may be reopened meanwhile (handlers run concurrently): every step checks.
async fn reload_or_forget(server: &Backend, uri: &Url, name: &str) {
    let on_disk = uri
        .to_file_path()
        .ok()
        .filter(|p| p.is_file() && server.shared.settings().is_record_path(p));
    let reloaded = match on_disk {
        Some(p) => load_from_disk(server, p).await,
        None => false,
    };
    if !reloaded {
        forget_unless_open(&server.shared, name);
    }
}
