//! `workspace/executeCommand`: what the editors' commands ask of the server. Checking the
//! workspace runs every record's checks on a snapshot, off the message loop (the one request
//! that walks every record: it is asked for), publishes the findings of closed records (or, to a
//! client that pulls the workspace's diagnostics, asks it to pull again) and returns them all; restarting the indexing reads the configuration and the roots again.

use std::collections::HashSet;
use std::sync::atomic::Ordering;

use serde_json::{Value, json};
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::{ExecuteCommandParams, Url};

use crate::lsp::configuration::load_configs;
use crate::lsp::indexing::{spawn_index, wait_indexed};
use crate::lsp::workspace_check::{Checked, check, plan};
use crate::lsp::{Backend, diagnostics};

/// Checks every record of the workspace: returns `{records, findings, files: [{uri,
/// diagnostics}]}` (the records with findings) and publishes the findings of closed records.
/// Not `rapporteur.checkWorkspace`: VS Code's client registers each command the server offers
/// under its own name, and the extension already has a command of that name.
pub(crate) const CHECK_WORKSPACE: &str = "rapporteur.server.checkWorkspace";
/// Reads each root's configuration again, drops closed records whose files are gone and
/// indexes the roots again; returns `{records}` when done.
pub(crate) const RESTART_INDEXING: &str = "rapporteur.server.restartIndexing";

/// The commands the server offers.
pub(crate) const COMMANDS: [&str; 2] = [CHECK_WORKSPACE, RESTART_INDEXING];

pub(crate) async fn execute_command(
    server: &Backend,
    params: ExecuteCommandParams,
) -> Result<Option<Value>> {
    match params.command.as_str() {
        CHECK_WORKSPACE => check_workspace(server).await.map(Some),
        RESTART_INDEXING => Ok(Some(restart_indexing(server).await)),
        other => Err(Error::invalid_params(format!(
            "rapporteur: unknown command `{other}` (known: {})",
            COMMANDS.join(", ")
        ))),
    }
}

async fn check_workspace(server: &Backend) -> Result<Value> {
    wait_indexed(&server.shared).await;
    let mut snapshot = server.shared.read().clone();
    let plan = plan(&snapshot, &server.shared.settings(), snapshot.ws.file_ids());
    let shared = server.shared.clone();
    let checked = tokio::task::spawn_blocking(move || {
        let all = 0..plan.records.len();
        check(&shared, &mut snapshot, &plan, all)
    })
    .await
    .map_err(|_| Error::internal_error())?;
    let findings: usize = checked.iter().map(|c| c.diagnostics.len()).sum();
    let records = checked.len();
    if server.shared.workspace_pulled.load(Ordering::Relaxed) {
        // The client pulls the workspace's diagnostics: published ones would be listed twice.
        publish_closed(server, &[]).await;
        diagnostics::refresh_client_views(server).await;
    } else {
        publish_closed(server, &checked).await;
    }
    let files: Vec<Value> = checked
        .into_iter()
        .filter(|c| !c.diagnostics.is_empty())
        .map(|c| json!({"uri": c.uri, "diagnostics": c.diagnostics}))
        .collect();
    Ok(json!({"records": records, "findings": findings, "files": files}))
}

/// Publishes the findings of closed records, and clears those published by an earlier run that
/// have none now. Open records keep the diagnostics of their buffer.
async fn publish_closed(server: &Backend, checked: &[Checked]) {
    let mut published = server.shared.workspace_published.lock().await;
    let mut now = HashSet::new();
    for c in checked.iter().filter(|c| c.open.is_none()) {
        if !c.diagnostics.is_empty() {
            now.insert(c.name.clone());
        } else if !published.contains(&c.name) {
            continue;
        }
        server
            .client
            .publish_diagnostics(c.uri.clone(), c.diagnostics.clone(), None)
            .await;
    }
    for gone in published.difference(&now) {
        if let Ok(uri) = Url::parse(gone)
            && !checked.iter().any(|c| &c.name == gone)
        {
            server
                .client
                .publish_diagnostics(uri, Vec::new(), None)
                .await;
        }
    }
    *published = now;
}

/// Clears what a workspace check published for a record now opened, when the client pulls the
/// diagnostics of open documents (it would list both).
pub(crate) async fn forget_published(server: &Backend, uri: &Url, name: &str) {
    if server.shared.settings().push_diagnostics() {
        return;
    }
    let mut published = server.shared.workspace_published.lock().await;
    if published.remove(name) {
        server
            .client
            .publish_diagnostics(uri.clone(), Vec::new(), None)
            .await;
    }
}

async fn restart_indexing(server: &Backend) -> Value {
    load_configs(server).await;
    forget_missing_files(server);
    let roots = server.shared.settings().roots.clone();
    spawn_index(server, roots, true);
    wait_indexed(&server.shared).await;
    json!({"records": server.shared.read().ws.len()})
}

/// Drops the closed records whose files are no longer there.
fn forget_missing_files(server: &Backend) {
    let mut core = server.shared.write();
    let gone: Vec<String> = core
        .ws
        .names()
        .filter(|(_, name)| !core.open.contains_key(*name))
        .filter(|(_, name)| {
            Url::parse(name)
                .ok()
                .and_then(|u| u.to_file_path().ok())
                .is_some_and(|p| !p.is_file())
        })
        .map(|(_, name)| name.to_string())
        .collect();
    for name in gone {
        core.ws.remove(&name);
    }
}
