//! `workspace/executeCommand`: what the editors' commands ask of the server. Checking the
//! workspace runs every record's checks on a snapshot, off the message loop (the one request
//! that walks every record: it is asked for), publishes the findings of closed records and
//! returns them all; restarting the indexing reads the configuration and the roots again.

use std::collections::HashSet;

use serde_json::{Value, json};
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::{Diagnostic, ExecuteCommandParams, Url};

use crate::config::Config;
use crate::lsp::Backend;
use crate::lsp::configuration::load_configs;

use crate::lsp::indexing::{spawn_index, wait_indexed};
use crate::lsp::position::Encoding;
use crate::lsp::state::{Core, Settings, Shared};
use crate::workspace::FileId;

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

/// Closed records are parsed for their meeting's checks and dropped again past this many.
const PARSED_LIMIT: usize = 256;

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

/// One record's findings as the client sees them, and whether it is open in the editor.
struct Checked {
    name: String,
    uri: Url,
    open: bool,
    diagnostics: Vec<Diagnostic>,
}

async fn check_workspace(server: &Backend) -> Result<Value> {
    wait_indexed(&server.shared).await;
    let mut snapshot = server.shared.read().clone();
    let plan = plan(&snapshot, &server.shared.settings());
    let shared = server.shared.clone();
    let checked = tokio::task::spawn_blocking(move || check_all(&shared, &mut snapshot, plan))
        .await
        .map_err(|_| Error::internal_error())?;
    let findings: usize = checked.iter().map(|c| c.diagnostics.len()).sum();
    let records = checked.len();
    publish_closed(server, &checked).await;
    let files: Vec<Value> = checked
        .into_iter()
        .filter(|c| !c.diagnostics.is_empty())
        .map(|c| json!({"uri": c.uri, "diagnostics": c.diagnostics}))
        .collect();
    Ok(json!({"records": records, "findings": findings, "files": files}))
}

/// What a workspace check needs of the settings, taken at once so that the lock on them is not
/// held while it runs: the records in meeting order with the configuration of each (the
/// distinct configurations once).
struct Plan {
    records: Vec<(FileId, String, usize)>,
    configs: Vec<Config>,
    enc: Encoding,
    document_changes: bool,
}

fn plan(snapshot: &Core, settings: &Settings) -> Plan {
    let mut ids: Vec<(Option<u32>, Vec<u32>, String, FileId)> = snapshot
        .ws
        .file_ids()
        .filter_map(|id| {
            let f = snapshot.ws.facts(id)?;
            Some((f.session, f.meetings.clone(), f.name.clone(), id))
        })
        .collect();
    ids.sort();
    let mut configs: Vec<Config> = Vec::new();
    let records = ids
        .into_iter()
        .map(|(_, _, name, id)| {
            let config = settings.config_for(&name);
            let ci = match configs.iter().position(|c| *c == config) {
                Some(i) => i,
                None => {
                    configs.push(config);
                    configs.len() - 1
                }
            };
            (id, name, ci)
        })
        .collect();
    Plan {
        records,
        configs,
        enc: settings.encoding,
        document_changes: settings.caps.document_changes,
    }
}

/// Every record's findings, records of a meeting together so that a meeting's closed records
/// are parsed once, and the parses dropped as the walk goes on.
fn check_all(shared: &Shared, snapshot: &mut Core, plan: Plan) -> Vec<Checked> {
    let mut out = Vec::with_capacity(plan.records.len());
    for (id, name, ci) in plan.records {
        // As an open record's diagnostics are: checked, then through its baseline.
        let diagnostics = crate::lsp::diagnostics::checked(
            shared,
            snapshot,
            &name,
            id,
            &plan.configs[ci],
            plan.enc,
            plan.document_changes,
        );
        if let Some(uri) = snapshot.uri_of(id) {
            out.push(Checked {
                open: snapshot.open.contains_key(&name),
                name,
                uri,
                diagnostics,
            });
        }
        snapshot.ws.evict_parsed(PARSED_LIMIT);
    }
    out
}

/// Publishes the findings of closed records, and clears those published by an earlier run that
/// have none now. Open records keep the diagnostics of their buffer.
async fn publish_closed(server: &Backend, checked: &[Checked]) {
    let mut published = server.shared.workspace_published.lock().await;
    let mut now = HashSet::new();
    for c in checked.iter().filter(|c| !c.open) {
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
