//! Pushed diagnostics: which open documents a change affects, computing their checks off the
//! message loop, publishing them in version order (never a version the buffer has left, never
//! one older than the last published), clearing them when a document closes, and asking clients
//! that pull to refresh.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use tower_lsp::Client;
use tower_lsp::lsp_types::{Diagnostic, Url};

use crate::baseline::Fingerprint;
use crate::checks;
use crate::config::Config;
use crate::lsp::convert;
use crate::lsp::position::Encoding;
use crate::lsp::state::{Core, Shared};
use crate::lsp::{Backend, baselines};
use crate::workspace::FileId;

/// Closed records parsed on demand (for a meeting's checks, a definition) are kept until there
/// are this many, then dropped together: a few meetings' worth, a few megabytes.
const PARSED_ON_DEMAND_LIMIT: usize = 256;

/// An open document's diagnostics, for the opening and version they were computed on.
struct Computed {
    uri: Url,
    epoch: u64,
    version: i32,
    diagnostics: Vec<Diagnostic>,
}

/// Open documents whose diagnostics may change when `name` changes: itself first, then the
/// open records of the same session or naming its symbol.
pub(crate) fn affected_open_docs(shared: &Shared, name: &str) -> Vec<String> {
    let core = shared.read();
    let mut out = vec![name.to_string()];
    let Some(doc) = core.ws.id_of(name).and_then(|f| core.ws.get(f)) else {
        return out;
    };
    let session = doc.record.session();
    let symbol = doc.record.header.symbol().map(str::to_string);
    for other in core.open.keys() {
        if other == name {
            continue;
        }
        let Some(od) = core.ws.id_of(other).and_then(|f| core.ws.get(f)) else {
            continue;
        };
        let same_session = session.is_some() && od.record.session() == session;
        let names_symbol = symbol
            .as_deref()
            .is_some_and(|s| od.record.references.iter().any(|r| r.symbol == s));
        if same_session || names_symbol || session.is_none() {
            out.push(other.clone());
        }
    }
    out
}

pub(crate) fn all_open_docs(shared: &Shared) -> Vec<String> {
    shared.read().open.keys().cloned().collect()
}

/// Computes and publishes diagnostics for open documents, in a task of its own.
pub(crate) fn schedule(server: &Backend, names: Vec<String>) {
    if names.is_empty() || !server.shared.settings().push_diagnostics() {
        return;
    }
    let shared = server.shared.clone();
    let client = server.client.clone();
    tokio::spawn(async move {
        for name in names {
            if let Some(computed) = compute_off_loop(&shared, &name).await {
                publish_if_newest(&shared, &client, &name, computed).await;
            }
        }
        // Parses made on demand for the meetings just checked are dropped past a bound.
        shared.write().ws.evict_parsed(PARSED_ON_DEMAND_LIMIT);
    });
}

/// [`compute`] on a blocking thread; a panic in the checks publishes nothing.
async fn compute_off_loop(shared: &Arc<Shared>, name: &str) -> Option<Computed> {
    let s = shared.clone();
    let n = name.to_string();
    tokio::task::spawn_blocking(move || {
        catch_unwind(AssertUnwindSafe(|| compute(&s, &n)))
            .ok()
            .flatten()
    })
    .await
    .ok()
    .flatten()
}

/// Publishes unless the buffer has moved past the version computed or a newer one was published;
/// the lock on the published versions is held while publishing, so versions reach the client in
/// order.
async fn publish_if_newest(shared: &Shared, client: &Client, name: &str, computed: Computed) {
    let mut published = shared.published.lock().await;
    let at = (computed.epoch, computed.version);
    let current = shared.read().open.get(name).map(|o| (o.epoch, o.version));
    if current != Some(at) {
        return;
    }
    if published.get(name).is_some_and(|&v| v > at) {
        return;
    }
    published.insert(name.to_string(), at);
    client
        .publish_diagnostics(computed.uri, computed.diagnostics, Some(computed.version))
        .await;
}

/// Check diagnostics of an open document, as the client will see them.
fn compute(shared: &Shared, name: &str) -> Option<Computed> {
    let config = shared.settings().config_for(name);
    let enc = shared.encoding();
    let document_changes = shared.settings().caps.document_changes;
    // Under the read lock: the meeting's analysis is memoised, so this is short, and a snapshot
    // of the indexes would cost more than the checks.
    let core = shared.read();
    let open = core.open.get(name)?;
    let file = core.ws.id_of(name)?;
    // The workspace holds an older parse than the buffer: the newer parse publishes.
    if open.parsed != Some(open.version) {
        return None;
    }
    let diagnostics = checked(shared, &core, name, file, &config, enc, document_changes);
    Some(Computed {
        uri: open.uri.clone(),
        epoch: open.epoch,
        version: open.version,
        diagnostics,
    })
}

/// A record's findings as the client sees them, pushed or pulled: the checks, then its baseline
/// (findings it accepts left out, stale entries added, the others able to be accepted).
pub(crate) fn checked(
    shared: &Shared,
    core: &Core,
    name: &str,
    file: FileId,
    config: &Config,
    enc: Encoding,
    document_changes: bool,
) -> Vec<Diagnostic> {
    let (found, accept) = found(shared, core, name, file, config);
    convert::diagnostics::published(core, &found, accept, enc, document_changes)
}

/// The baseline governing a record, and the entry that would accept each finding.
type Accepts = Option<(Url, Vec<Option<Fingerprint>>)>;

/// A record's findings after its baseline, as [`checked`] shows them (the masthead's lens counts
/// them), with what would accept each.
pub(crate) fn found(
    shared: &Shared,
    core: &Core,
    name: &str,
    file: FileId,
    config: &Config,
) -> (Vec<checks::Diagnostic>, Accepts) {
    let found = crate::checks::check_file(&core.ws, file, config);
    let baseline = shared.settings().baseline_for(name);
    let Some((baseline, record)) = baseline else {
        return (found, None);
    };
    let applied = baselines::apply(
        &shared.baselines,
        &baseline,
        &core.ws,
        file,
        &record,
        found,
        config,
    );
    let accept = Url::from_file_path(&baseline)
        .ok()
        .map(|uri| (uri, applied.accepts));
    (applied.found, accept)
}

/// Clears the diagnostics of a document just closed, unless it was opened again meanwhile.
pub(crate) async fn clear_closed(server: &Backend, uri: Url, name: &str) {
    if !server.shared.settings().push_diagnostics() {
        return;
    }
    let mut published = server.shared.published.lock().await;
    if !server.shared.read().open.contains_key(name) {
        published.remove(name);
        server
            .client
            .publish_diagnostics(uri, Vec::new(), None)
            .await;
    }
}

/// Asks the client, where it allows it, to ask again for what the workspace's change may have
/// changed: pulled diagnostics, inlay hints (the statement a cue reports may be in a record just
/// indexed; a hint kind may have been switched off) and code lenses (statement counts).
pub(crate) async fn refresh_client_views(server: &Backend) {
    let (diagnostics, hints, lenses) = {
        let s = server.shared.settings();
        (
            s.caps.pull_diagnostics && s.caps.diagnostic_refresh,
            s.caps.inlay_hint_refresh,
            s.caps.code_lens_refresh,
        )
    };
    if diagnostics {
        let _ = server.client.workspace_diagnostic_refresh().await;
    }
    if hints {
        let _ = server.client.inlay_hint_refresh().await;
    }
    if lenses {
        let _ = server.client.code_lens_refresh().await;
    }
}
