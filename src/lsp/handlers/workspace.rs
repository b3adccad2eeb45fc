//! Workspace notifications: `didChangeConfiguration`, `didChangeWorkspaceFolders` (roots added
//! are indexed, records of roots removed are dropped) and `didChangeWatchedFiles` (records and
//! `rapporteur.toml` changed on disk).

use std::path::PathBuf;

use tower_lsp::lsp_types::{
    DidChangeConfigurationParams, DidChangeWatchedFilesParams, DidChangeWorkspaceFoldersParams,
    FileChangeType, FileEvent, Url, WorkspaceFolder,
};

use crate::config::CONFIG_FILE;
use crate::lsp::Backend;
use crate::lsp::configuration::{
    SETTINGS_SECTION, apply_client_settings, load_configs, pull_configuration,
};
use crate::lsp::diagnostics::{self, all_open_docs};
use crate::lsp::indexing::{load_from_disk, root_paths, spawn_index};
use crate::lsp::state::{Root, Shared, path_key};

pub(crate) async fn did_change_configuration(
    server: &Backend,
    params: DidChangeConfigurationParams,
) {
    match params.settings.get(SETTINGS_SECTION) {
        Some(v) => apply_client_settings(server, v).await,
        None if server.shared.settings().caps.configuration => pull_configuration(server).await,
        // Our section sent bare.
        None if params.settings.get("severity").is_some() => {
            apply_client_settings(server, &params.settings).await
        }
        None => {}
    }
    load_configs(server).await;
    diagnostics::schedule(server, all_open_docs(&server.shared));
    diagnostics::refresh_client_views(server).await;
}

pub(crate) async fn did_change_workspace_folders(
    server: &Backend,
    params: DidChangeWorkspaceFoldersParams,
) {
    let removed: Vec<PathBuf> = folder_paths(&params.event.removed)
        .map(|(_, p)| p)
        .collect();
    let added: Vec<(Url, PathBuf)> = folder_paths(&params.event.added).collect();
    update_roots(&server.shared, &removed, &added);
    if !removed.is_empty() {
        forget_removed_records(&server.shared, &removed);
    }
    load_configs(server).await;
    let new_roots: Vec<Root> = {
        let s = server.shared.settings();
        s.roots
            .iter()
            .filter(|r| added.iter().any(|(_, p)| p == &r.path))
            .cloned()
            .collect()
    };
    spawn_index(server, new_roots, true);
}

/// The folders that are local paths, with their URIs.
fn folder_paths(folders: &[WorkspaceFolder]) -> impl Iterator<Item = (Url, PathBuf)> + '_ {
    folders
        .iter()
        .filter_map(|f| f.uri.to_file_path().ok().map(|p| (f.uri.clone(), p)))
}

fn update_roots(shared: &Shared, removed: &[PathBuf], added: &[(Url, PathBuf)]) {
    let mut s = shared.settings_mut();
    s.roots.retain(|r| !removed.contains(&r.path));
    for (uri, path) in added {
        if !s.roots.iter().any(|r| &r.path == path) {
            s.roots.push(Root::unread(uri.clone(), path.clone()));
        }
    }
}

/// Drops the closed records under a removed folder that no remaining root holds.
fn forget_removed_records(shared: &Shared, removed: &[PathBuf]) {
    let roots = root_paths(shared);
    let mut core = shared.write();
    let gone: Vec<String> = core
        .ws
        .names()
        .filter(|(_, name)| !core.open.contains_key(*name))
        .filter_map(|(_, name)| {
            let p = Url::parse(name).ok()?.to_file_path().ok()?;
            let in_removed = removed.iter().any(|r| p.starts_with(r));
            let in_kept = roots.iter().any(|r| p.starts_with(r));
            (in_removed && !in_kept).then(|| name.to_string())
        })
        .collect();
    for n in gone {
        core.ws.remove(&n);
    }
}

/// What one watched-file event did.
enum Watched {
    /// A `rapporteur.toml` changed.
    Config,
    /// A record of the workspace was added, changed or deleted (`true` when the workspace
    /// changed).
    Record(bool),
    /// Not a record of the workspace, or open in the editor (the buffer wins).
    Ignored,
}

pub(crate) async fn did_change_watched_files(
    server: &Backend,
    params: DidChangeWatchedFilesParams,
) {
    let mut config_changed = false;
    let mut changed = false;
    for ev in params.changes {
        match apply_event(server, ev).await {
            Watched::Config => config_changed = true,
            Watched::Record(c) => changed |= c,
            Watched::Ignored => {}
        }
    }
    if config_changed {
        load_configs(server).await;
        // Include and exclude globs may have changed: index the roots again.
        let roots = server.shared.settings().roots.clone();
        spawn_index(server, roots, false);
    } else if changed {
        diagnostics::schedule(server, all_open_docs(&server.shared));
        diagnostics::refresh_client_views(server).await;
    }
}

async fn apply_event(server: &Backend, ev: FileEvent) -> Watched {
    let Ok(path) = ev.uri.to_file_path() else {
        return Watched::Ignored;
    };
    if path.file_name().is_some_and(|n| n == CONFIG_FILE) {
        return Watched::Config;
    }
    // A baseline changed (an accepted finding saved, or --update-baseline run): the open
    // records' diagnostics are computed again, and read it afresh.
    if server.shared.baselines.knows(&path) {
        server.shared.result_ids.settings_changed();
        return Watched::Record(true);
    }
    if !server.shared.settings().is_record_path(&path) {
        return Watched::Ignored;
    }
    let Some(name) = path_key(&path) else {
        return Watched::Ignored;
    };
    if server.shared.read().open.contains_key(&name) {
        return Watched::Ignored;
    }
    if ev.typ == FileChangeType::DELETED {
        let mut core = server.shared.write();
        let deleted = !core.open.contains_key(&name);
        if deleted {
            core.ws.remove(&name);
        }
        Watched::Record(deleted)
    } else {
        Watched::Record(load_from_disk(server, path).await)
    }
}
