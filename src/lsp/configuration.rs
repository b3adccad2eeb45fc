//! The configuration in force: each root's `rapporteur.toml` (and the gazetteer rebuilt when
//! their knowledge changes), and the editor's settings pulled with `workspace/configuration` or
//! pushed with `didChangeConfiguration`.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use tower_lsp::lsp_types::{ConfigurationItem, MessageType, Url};

use crate::config::Config;
use crate::configs::Configs;
use crate::knowledge::{Gazetteer, KnowledgeExtension};
use crate::lsp::Backend;
use crate::lsp::state::{EditorSettings, Root, Settings, Shared};

/// The section of the editor's settings that is ours.
pub(crate) const SETTINGS_SECTION: &str = "rapporteur";

/// Reads each root's `rapporteur.toml`; rebuilds the gazetteer when the knowledge changed.
pub(crate) async fn load_configs(server: &Backend) {
    let (loaded, errors) = read_root_configs(&server.shared);
    let knowledge = install_roots(&server.shared, loaded);
    server.shared.result_ids.settings_changed();
    for e in errors {
        server
            .client
            .show_message(MessageType::WARNING, format!("rapporteur: {e}"))
            .await;
        server.log(MessageType::WARNING, e).await;
    }
    if let Some(k) = knowledge {
        rebuild_gazetteer(&server.shared, k).await;
    }
}

/// Every root with its configuration read again (the default where it cannot be read), and the
/// errors of those that could not.
fn read_root_configs(shared: &Shared) -> (Vec<Root>, Vec<String>) {
    let roots: Vec<(Url, PathBuf)> = shared
        .settings()
        .roots
        .iter()
        .map(|r| (r.uri.clone(), r.path.clone()))
        .collect();
    let mut errors = Vec::new();
    let mut loaded = Vec::new();
    for (uri, path) in roots {
        let config = match Config::load(&path) {
            Ok(c) => c,
            Err(e) => {
                errors.push(e);
                Config::default()
            }
        };
        loaded.push(Root { uri, path, config });
    }
    (loaded, errors)
}

/// Replaces the roots; returns their merged knowledge when it differs from the gazetteer's.
fn install_roots(shared: &Shared, roots: Vec<Root>) -> Option<KnowledgeExtension> {
    let mut s = shared.settings_mut();
    s.roots = roots;
    // Configuration files may have changed: resolve each folder's nearest one afresh.
    s.configs = Arc::new(Configs::nearest());
    changed_knowledge(&mut s)
}

/// The knowledge of every configuration known, when it differs from the gazetteer's (which is
/// then due to be rebuilt with it).
pub(crate) fn changed_knowledge(s: &mut Settings) -> Option<KnowledgeExtension> {
    let k = s.merged_knowledge();
    if k == s.knowledge {
        None
    } else {
        s.knowledge = k.clone();
        Some(k)
    }
}

/// Rebuilds the workspace's gazetteer with new knowledge, off the async threads.
pub(crate) async fn rebuild_gazetteer(shared: &Arc<Shared>, knowledge: KnowledgeExtension) {
    let shared = shared.clone();
    let _ = tokio::task::spawn_blocking(move || {
        let gaz = Arc::new(Gazetteer::with_extension(&knowledge));
        shared.write().ws.set_gazetteer(gaz);
    })
    .await;
}

/// Asks the client for the `rapporteur` section of its settings.
pub(crate) async fn pull_configuration(server: &Backend) {
    if !server.shared.settings().caps.configuration {
        return;
    }
    let items = vec![ConfigurationItem {
        scope_uri: None,
        section: Some(SETTINGS_SECTION.to_string()),
    }];
    match server.client.configuration(items).await {
        Ok(values) => {
            let v = values.into_iter().next().unwrap_or(Value::Null);
            apply_client_settings(server, &v).await;
        }
        Err(e) => tracing::warn!("workspace/configuration failed: {e}"),
    }
}

/// Takes the client's settings (see [`EditorSettings`]); logs what it ignored.
pub(crate) async fn apply_client_settings(server: &Backend, v: &Value) {
    let (settings, warnings) = EditorSettings::from_value(v);
    server.shared.settings_mut().client = settings;
    server.shared.result_ids.settings_changed();
    for w in warnings {
        server.log(MessageType::WARNING, w).await;
    }
}
