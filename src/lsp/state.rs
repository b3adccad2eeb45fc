//! The server's shared state: the workspace with the open buffers (one lock, never held across an
//! `.await`), the negotiated encoding and client capabilities, the workspace roots with their
//! configuration, and the newest diagnostics version published per document.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use ropey::Rope;
use serde::Deserialize;
use tower_lsp::lsp_types::Url;

use crate::config::{Config, SeveritySetting};
use crate::configs::{Configs, merge_knowledge};
use crate::features::inlay_hints::HintKinds;
use crate::files::Found;
use crate::knowledge::KnowledgeExtension;
use crate::lsp::position::Encoding;
use crate::workspace::{FileId, Workspace};

/// An open buffer: the client's URI as sent, its text as a rope and its version.
#[derive(Clone)]
pub(crate) struct OpenDoc {
    pub(crate) uri: Url,
    pub(crate) rope: Rope,
    pub(crate) version: i32,
    /// The version whose parse is in the workspace (behind `version` while a large document is
    /// parsed off the handler).
    pub(crate) parsed: Option<i32>,
    /// Which opening of the document this is: versions restart when a document is reopened.
    pub(crate) epoch: u64,
}

/// The workspace and the open buffers, under one lock so that "a disk file never overrides an
/// open buffer" is decided atomically.
/// Cloning is cheap (documents are shared, ropes share their chunks): a snapshot lets a long
/// computation run without holding the lock.
#[derive(Default, Clone)]
pub(crate) struct Core {
    pub(crate) ws: Workspace,
    pub(crate) open: HashMap<String, OpenDoc>,
}

impl Core {
    /// The URI to show the client for a document of the workspace.
    pub(crate) fn uri_of(&self, file: FileId) -> Option<Url> {
        let name = &self.ws.facts(file)?.name;
        match self.open.get(name) {
            Some(o) => Some(o.uri.clone()),
            None => Url::parse(name).ok(),
        }
    }

    pub(crate) fn version_of(&self, file: FileId) -> Option<i32> {
        let name = &self.ws.facts(file)?.name;
        self.open.get(name).map(|o| o.version)
    }
}

/// What the client said it can do.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ClientCaps {
    pub(crate) dynamic_watch: bool,
    pub(crate) work_done_progress: bool,
    pub(crate) configuration: bool,
    pub(crate) pull_diagnostics: bool,
    pub(crate) diagnostic_refresh: bool,
    /// The client accepts `workspace/inlayHint/refresh` and `workspace/codeLens/refresh`.
    pub(crate) inlay_hint_refresh: bool,
    pub(crate) code_lens_refresh: bool,
    pub(crate) document_changes: bool,
    pub(crate) hierarchical_symbols: bool,
    pub(crate) definition_links: bool,
}

/// A workspace folder with its `rapporteur.toml`.
#[derive(Debug, Clone)]
pub(crate) struct Root {
    pub(crate) uri: Url,
    pub(crate) path: PathBuf,
    pub(crate) config: Config,
}

impl Root {
    /// A root whose `rapporteur.toml` is not read yet.
    pub(crate) fn unread(uri: Url, path: PathBuf) -> Root {
        Root {
            uri,
            path,
            config: Config::default(),
        }
    }
}

/// The editor's settings: initializationOptions and the `rapporteur` section of
/// `workspace/configuration`, both `{ "severity": { "<code>": "<level>|off" } }`.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct EditorSettings {
    #[serde(default)]
    pub(crate) severity: HashMap<String, SeveritySetting>,
    /// Push diagnostics even when the client pulls them (default: push only to clients that do
    /// not support `textDocument/diagnostic`).
    #[serde(default, rename = "pushDiagnostics")]
    pub(crate) push_diagnostics: Option<bool>,
    /// `inlayHints`: `{ "statements": bool, "names": bool, "instruments": bool }`, each on
    /// unless set to false.
    #[serde(default, rename = "inlayHints")]
    pub(crate) inlay_hints: InlayHintSettings,
    /// Whether the server offers `workspace/diagnostic` (read from initializationOptions, where
    /// the capability is decided; afterwards, `false` answers empty workspace reports). Default
    /// on.
    #[serde(default, rename = "workspaceDiagnostics")]
    pub(crate) workspace_diagnostics: Option<bool>,
}

/// Which kinds of inlay hint the editor's settings turn on or off (unset: as the other source
/// of settings says, else on).
#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub(crate) struct InlayHintSettings {
    #[serde(default)]
    pub(crate) statements: Option<bool>,
    #[serde(default)]
    pub(crate) names: Option<bool>,
    #[serde(default)]
    pub(crate) instruments: Option<bool>,
}

impl EditorSettings {
    /// Parses settings, dropping unknown check codes; returns the warnings to log.
    pub(crate) fn from_value(value: &serde_json::Value) -> (EditorSettings, Vec<String>) {
        let mut warnings = Vec::new();
        if value.is_null() {
            return (EditorSettings::default(), warnings);
        }
        let mut s: EditorSettings = match serde_json::from_value(value.clone()) {
            Ok(s) => s,
            Err(e) => {
                warnings.push(format!("rapporteur settings ignored: {e}"));
                return (EditorSettings::default(), warnings);
            }
        };
        s.severity.retain(|code, _| {
            let known = crate::checks::CheckCode::from_code(code).is_some();
            if !known {
                warnings.push(format!(
                    "rapporteur settings: unknown check code `{code}` ignored"
                ));
            }
            known
        });
        (s, warnings)
    }
}

pub(crate) struct Settings {
    pub(crate) encoding: Encoding,
    pub(crate) caps: ClientCaps,
    pub(crate) roots: Vec<Root>,
    pub(crate) init: EditorSettings,
    pub(crate) client: EditorSettings,
    /// The knowledge extension the workspace's gazetteer was built with.
    pub(crate) knowledge: KnowledgeExtension,
    /// Each file's nearest `rapporteur.toml`, as the command line finds it; read afresh when
    /// the configuration files change.
    pub(crate) configs: Arc<Configs>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            encoding: Encoding::default(),
            caps: ClientCaps::default(),
            roots: Vec::new(),
            init: EditorSettings::default(),
            client: EditorSettings::default(),
            knowledge: KnowledgeExtension::default(),
            configs: Arc::new(Configs::nearest()),
        }
    }
}

impl Settings {
    /// The configuration that applies to a document: its nearest `rapporteur.toml` (in its
    /// folder or above, up to the repository root, as on the command line), overridden by
    /// initializationOptions, overridden by `workspace/configuration`. A buffer that is no file
    /// follows its root's (or the first root's) configuration.
    pub(crate) fn config_for(&self, name: &str) -> Config {
        let path = Url::parse(name).ok().and_then(|u| u.to_file_path().ok());
        let nearest = path
            .as_ref()
            .and_then(|p| self.configs.for_path(p).ok())
            .filter(|l| l.file.is_some())
            .map(|l| l.config.clone());
        let root = path.as_ref().and_then(|p| {
            self.roots
                .iter()
                .filter(|r| p.starts_with(&r.path))
                .max_by_key(|r| r.path.as_os_str().len())
        });
        let mut config = nearest
            .or_else(|| root.or(self.roots.first()).map(|r| r.config.clone()))
            .unwrap_or_default();
        config
            .severity
            .extend(self.init.severity.iter().map(|(k, v)| (k.clone(), *v)));
        config
            .severity
            .extend(self.client.severity.iter().map(|(k, v)| (k.clone(), *v)));
        config
    }

    /// The baseline governing a document on disk: the `baseline` of its nearest
    /// `rapporteur.toml`, with the document's path.
    pub(crate) fn baseline_for(&self, name: &str) -> Option<(PathBuf, PathBuf)> {
        let path = Url::parse(name).ok()?.to_file_path().ok()?;
        let baseline = self.configs.for_path(&path).ok()?.baseline()?;
        Some((crate::configs::absolute(&baseline), path))
    }

    /// The kinds of inlay hint in force: `workspace/configuration` over initializationOptions,
    /// each on by default.
    pub(crate) fn hint_kinds(&self) -> HintKinds {
        let (c, i) = (self.client.inlay_hints, self.init.inlay_hints);
        HintKinds {
            statements: c.statements.or(i.statements).unwrap_or(true),
            names: c.names.or(i.names).unwrap_or(true),
            instruments: c.instruments.or(i.instruments).unwrap_or(true),
        }
    }

    /// Whether `workspace/diagnostic` reports the workspace's records (on unless set to false).
    pub(crate) fn workspace_diagnostics(&self) -> bool {
        self.client
            .workspace_diagnostics
            .or(self.init.workspace_diagnostics)
            .unwrap_or(true)
    }

    /// Whether diagnostics are pushed (`textDocument/publishDiagnostics`).
    pub(crate) fn push_diagnostics(&self) -> bool {
        self.client
            .push_diagnostics
            .or(self.init.push_diagnostics)
            .unwrap_or(!self.caps.pull_diagnostics)
    }

    /// The knowledge of every root's `rapporteur.toml` and of every configuration file found
    /// below them, merged.
    pub(crate) fn merged_knowledge(&self) -> KnowledgeExtension {
        let found = self.configs.files();
        merge_knowledge(
            self.roots
                .iter()
                .map(|r| &r.config.knowledge)
                .chain(found.iter().map(|l| &l.config.knowledge)),
        )
    }

    /// Whether a file on disk is a candidate record: under a root, and taken by the include and
    /// exclude globs of its nearest configuration (or, without an extension, opening like a
    /// record). Whether it is one is decided when it is read ([`crate::files::load_record`]).
    pub(crate) fn is_record_path(&self, path: &Path) -> bool {
        self.roots.iter().any(|r| path.starts_with(&r.path)) && self.found(path).is_some()
    }

    /// A file as the walk would have found it, or `None` when the walk would not take it.
    pub(crate) fn found(&self, path: &Path) -> Option<Found> {
        let governing = self.configs.for_path(path).ok()?;
        if governing.excludes(path) {
            return None;
        }
        let asserted = governing.config.has_include();
        let taken = governing.includes(path)
            || (path.extension().is_none() && crate::files::opens_like_record(path));
        taken.then(|| Found {
            path: path.to_path_buf(),
            root: 0,
            asserted: asserted && governing.includes(path),
        })
    }
}

pub(crate) struct Shared {
    pub(crate) core: RwLock<Core>,
    pub(crate) settings: RwLock<Settings>,
    /// The newest (opening, version) whose diagnostics were published, per document; the async
    /// lock is held while publishing so that versions reach the client in order.
    pub(crate) published: tokio::sync::Mutex<HashMap<String, (u64, i32)>>,
    /// Counts openings of documents.
    pub(crate) epochs: std::sync::atomic::AtomicU64,
    /// The closed records whose findings a workspace check published (`rapporteur.server.
    /// checkWorkspace`), to clear them when they have none, or are opened in a client that pulls.
    pub(crate) workspace_published: tokio::sync::Mutex<std::collections::HashSet<String>>,
    /// How many indexing runs are under way; requests that look across records wait for zero.
    pub(crate) indexing: tokio::sync::watch::Sender<usize>,
    /// The baseline files read so far.
    pub(crate) baselines: crate::lsp::baselines::BaselineCache,
    /// What the result ids of pulled diagnostics are made of, beyond the workspace.
    pub(crate) result_ids: crate::lsp::result_ids::ResultIds,
    /// Whether the client has pulled workspace diagnostics: a workspace check then asks it to
    /// pull again instead of publishing closed records' findings (it would list both).
    pub(crate) workspace_pulled: std::sync::atomic::AtomicBool,
}

impl Shared {
    pub(crate) fn new() -> Arc<Shared> {
        Arc::new(Shared {
            core: RwLock::new(Core::default()),
            settings: RwLock::new(Settings::default()),
            indexing: tokio::sync::watch::channel(0).0,
            published: tokio::sync::Mutex::new(HashMap::new()),
            workspace_published: tokio::sync::Mutex::default(),
            epochs: std::sync::atomic::AtomicU64::new(1),
            baselines: Default::default(),
            result_ids: Default::default(),
            workspace_pulled: Default::default(),
        })
    }

    // A panic while a lock was held poisons it; the data is still consistent enough to serve
    // (each write is a single insert or replace), so the poison is cleared rather than spread.
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Core> {
        self.core.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, Core> {
        self.core.write().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn settings(&self) -> RwLockReadGuard<'_, Settings> {
        self.settings.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn settings_mut(&self) -> RwLockWriteGuard<'_, Settings> {
        self.settings.write().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn encoding(&self) -> Encoding {
        self.settings().encoding
    }
}

/// The workspace name of a URI: file URIs normalised through their path (so that the client's
/// percent-encoding and ours agree), other URIs as written.
pub(crate) fn key(uri: &Url) -> String {
    if uri.scheme() == "file"
        && let Ok(p) = uri.to_file_path()
        && let Ok(u) = Url::from_file_path(p)
    {
        return u.to_string();
    }
    uri.to_string()
}

/// The workspace name of a file on disk.
pub(crate) fn path_key(path: &Path) -> Option<String> {
    Url::from_file_path(path).ok().map(|u| u.to_string())
}
