//! `initialize` (negotiating the encoding, reading the client's capabilities, settings and
//! roots), `initialized` (watchers, configuration, the first indexing run) and `shutdown`.

use serde_json::Value;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{InitializeParams, InitializeResult, ServerInfo, Url};

use crate::lsp::Backend;
use crate::lsp::capabilities::{client_caps, register_watchers, server_capabilities};
use crate::lsp::configuration::{load_configs, pull_configuration};
use crate::lsp::indexing::spawn_counted_index;
use crate::lsp::position::Encoding;
use crate::lsp::state::{EditorSettings, Root};

pub(crate) async fn initialize(
    server: &Backend,
    params: InitializeParams,
) -> Result<InitializeResult> {
    let encoding = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let (init, warnings) = EditorSettings::from_value(
        params
            .initialization_options
            .as_ref()
            .unwrap_or(&Value::Null),
    );
    let workspace_diagnostics = init.workspace_diagnostics.unwrap_or(true);
    {
        let mut s = server.shared.settings_mut();
        s.encoding = encoding;
        s.caps = client_caps(&params);
        s.init = init;
        s.roots = initial_roots(&params);
    }
    for w in warnings {
        tracing::warn!("{w}");
    }
    Ok(InitializeResult {
        capabilities: server_capabilities(encoding, workspace_diagnostics),
        server_info: Some(ServerInfo {
            name: "rapporteur".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    })
}

pub(crate) async fn initialized(server: &Backend) {
    // Counted from the start: requests that come while configuration is still being
    // fetched already wait for the index.
    server.shared.indexing.send_modify(|n| *n += 1);
    let dynamic_watch = server.shared.settings().caps.dynamic_watch;
    register_watchers(&server.client, dynamic_watch).await;
    pull_configuration(server).await;
    load_configs(server).await;
    let roots = server.shared.settings().roots.clone();
    // Indexing runs in its own task: the server answers open buffers meanwhile.
    spawn_counted_index(server, roots, false);
}

/// The workspace folders, else the root URI, else the root path; their configuration is read in
/// `initialized`.
#[allow(deprecated)]
fn initial_roots(params: &InitializeParams) -> Vec<Root> {
    let mut uris: Vec<Url> = params
        .workspace_folders
        .as_ref()
        .map(|f| f.iter().map(|f| f.uri.clone()).collect())
        .unwrap_or_default();
    if uris.is_empty()
        && let Some(u) = &params.root_uri
    {
        uris.push(u.clone());
    }
    if uris.is_empty()
        && let Some(p) = &params.root_path
        && let Ok(u) = Url::from_directory_path(p)
    {
        uris.push(u);
    }
    uris.into_iter()
        .filter_map(|u| u.to_file_path().ok().map(|p| Root::unread(u, p)))
        .collect()
}
