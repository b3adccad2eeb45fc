//! The tower-lsp `LanguageServer`: document sync on ropes, background indexing of the workspace
//! folders with `$/progress`, configuration, watched files, diagnostics (pushed and pulled) and
//! the feature requests. Handlers take the state lock only inside synchronous closures (never
//! across an `.await`) and run features under `catch_unwind`, so a panic answers with an error
//! instead of killing the server.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use ropey::Rope;
use serde_json::Value;
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::notification::Progress;
use tower_lsp::lsp_types::request::WorkDoneProgressCreate;
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer};

use crate::config::{CONFIG_FILE, Config};
use crate::features;
use crate::knowledge::Gazetteer;
use crate::lsp::convert;
use crate::lsp::position::{self, Encoding};
use crate::lsp::state::{ClientCaps, Core, EditorSettings, OpenDoc, Root, Shared, key, path_key};
use crate::workspace::{Document, FileId, Workspace};

/// Documents up to this size are re-parsed inside the `didChange` handler, so the next request
/// sees them; larger ones are parsed on a blocking thread.
const SYNC_PARSE_LIMIT: usize = 256 * 1024;

/// How many files are parsed between two progress reports while indexing.
const INDEX_CHUNK: usize = 32;
/// Closed records parsed on demand (for a meeting's checks, a definition) are kept until there
/// are this many, then dropped together: a few meetings' worth, a few megabytes.
const PARSED_ON_DEMAND_LIMIT: usize = 256;

pub struct Backend {
    client: Client,
    shared: Arc<Shared>,
    progress_ids: Arc<AtomicU64>,
}

/// What a feature closure sees: the workspace, the document and how to convert positions.
pub struct Ctx<'a> {
    pub core: &'a Core,
    pub ws: &'a Workspace,
    pub file: FileId,
    pub doc: &'a Document,
    pub enc: Encoding,
}

impl Ctx<'_> {
    pub fn offset(&self, pos: Position) -> usize {
        position::offset(&self.doc.text, &self.doc.lines, pos, self.enc)
    }

    pub fn span(&self, range: Range) -> Result<crate::span::Span> {
        position::span(&self.doc.text, &self.doc.lines, range, self.enc)
            .map_err(|e| Error::invalid_params(e.to_string()))
    }

    pub fn range(&self, span: crate::span::Span) -> Range {
        convert::range(self.doc, span, self.enc)
    }
}

fn internal(what: &str) -> Error {
    let mut e = Error::internal_error();
    e.message =
        format!("rapporteur: internal error while answering {what}; the server keeps running")
            .into();
    e
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            client,
            shared: Shared::new(),
            progress_ids: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Runs `f` on a document under the read lock, catching panics. Unknown documents answer
    /// `default`.
    fn with_doc<R>(
        &self,
        uri: &Url,
        what: &str,
        default: R,
        f: impl FnOnce(&Ctx) -> Result<R>,
    ) -> Result<R> {
        let enc = self.shared.encoding();
        let name = key(uri);
        let core = self.shared.read();
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
    fn with_core<R>(&self, what: &str, f: impl FnOnce(&Core, Encoding) -> R) -> Result<R> {
        let enc = self.shared.encoding();
        let core = self.shared.read();
        catch_unwind(AssertUnwindSafe(|| f(&core, enc))).map_err(|p| {
            tracing::error!("panic in {what}: {}", panic_message(&*p));
            internal(what)
        })
    }

    /// The handler of [`crate::lsp::PANIC_METHOD`]: panics inside a feature call.
    pub async fn debug_panic(&self, _params: Value) -> Result<Value> {
        self.with_core("rapporteur/debugPanic", |_, _| -> Value {
            panic!("deliberate panic for tests")
        })
    }

    async fn log(&self, typ: MessageType, message: String) {
        tracing::info!("{message}");
        self.client.log_message(typ, message).await;
    }

    // ----- documents -------------------------------------------------------------------------

    /// Parses the text of an open buffer and puts it in the workspace, unless a newer version
    /// arrived meanwhile or the buffer was closed and opened again (versions restart then: the
    /// opening, `epoch`, tells a late parse of the old buffer from one of the new).
    async fn reparse(&self, name: String, epoch: u64, version: i32, text: Arc<str>) {
        let gaz = self.shared.read().ws.gaz.clone();
        let shared = self.shared.clone();
        let insert = move |doc: Document| {
            let mut guard = shared.write();
            let core = &mut *guard;
            if let Some(open) = core.open.get_mut(&doc.name)
                && open.epoch == epoch
                && open.version == version
            {
                open.parsed = Some(version);
                core.ws.insert_document(doc);
            }
        };
        if text.len() <= SYNC_PARSE_LIMIT {
            match catch_unwind(AssertUnwindSafe(|| Document::new(name.clone(), text, &gaz))) {
                Ok(doc) => insert(doc),
                Err(p) => tracing::error!("panic while parsing {name}: {}", panic_message(&*p)),
            }
        } else {
            // A large buffer is parsed off the message loop, and only in its latest version:
            // edits that arrive meanwhile are applied to the rope at once and coalesced into the
            // next parse, and requests on other documents never wait behind it.
            let handle = self.clone_handle();
            tokio::spawn(async move {
                let current = |h: &Backend| {
                    h.shared
                        .read()
                        .open
                        .get(&name)
                        .is_some_and(|o| o.epoch == epoch && o.version == version)
                };
                if !current(&handle) {
                    return;
                }
                let n = name.clone();
                let r = tokio::task::spawn_blocking(move || {
                    match catch_unwind(AssertUnwindSafe(|| Document::new(n, text, &gaz))) {
                        Ok(doc) => insert(doc),
                        Err(p) => tracing::error!("panic while parsing: {}", panic_message(&*p)),
                    }
                })
                .await;
                if let Err(e) = r {
                    tracing::error!("parsing {name} failed: {e}");
                }
                if current(&handle) {
                    handle.schedule_diagnostics(handle.affected_open_docs(&name));
                }
            });
        }
    }

    /// Open documents whose diagnostics may change when `name` changes: itself first, then the
    /// open records of the same session or naming its symbol.
    fn affected_open_docs(&self, name: &str) -> Vec<String> {
        let core = self.shared.read();
        let mut out = vec![name.to_string()];
        let Some(file) = core.ws.id_of(name) else {
            return out;
        };
        let Some(doc) = core.ws.get(file) else {
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

    fn all_open_docs(&self) -> Vec<String> {
        self.shared.read().open.keys().cloned().collect()
    }

    /// Computes and publishes diagnostics for open documents, in a task of its own.
    fn schedule_diagnostics(&self, names: Vec<String>) {
        if names.is_empty() || !self.shared.settings().push_diagnostics() {
            return;
        }
        let shared = self.shared.clone();
        let client = self.client.clone();
        tokio::spawn(async move {
            for name in names {
                let s = shared.clone();
                let n = name.clone();
                let computed = tokio::task::spawn_blocking(move || {
                    catch_unwind(AssertUnwindSafe(|| compute_diagnostics(&s, &n)))
                        .ok()
                        .flatten()
                })
                .await
                .ok()
                .flatten();
                let Some((uri, epoch, version, diags)) = computed else {
                    continue;
                };
                let mut published = shared.published.lock().await;
                // Never publish a version older than the newest: neither one the buffer has moved
                // past, nor one older than what was already published.
                let current = shared.read().open.get(&name).map(|o| (o.epoch, o.version));
                if current != Some((epoch, version)) {
                    continue;
                }
                if published.get(&name).is_some_and(|&v| v > (epoch, version)) {
                    continue;
                }
                published.insert(name.clone(), (epoch, version));
                client.publish_diagnostics(uri, diags, Some(version)).await;
            }
            // Parses made on demand for the meetings just checked are dropped past a bound.
            shared.write().ws.evict_parsed(PARSED_ON_DEMAND_LIMIT);
        });
    }

    // ----- indexing, configuration, watched files ------------------------------------------

    async fn progress_begin(&self, title: &str) -> Option<NumberOrString> {
        if !self.shared.settings().caps.work_done_progress {
            return None;
        }
        let n = self.progress_ids.fetch_add(1, Ordering::Relaxed);
        let token = NumberOrString::String(format!("rapporteur/index/{n}"));
        self.client
            .send_request::<WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
                token: token.clone(),
            })
            .await
            .ok()?;
        self.client
            .send_notification::<Progress>(ProgressParams {
                token: token.clone(),
                value: ProgressParamsValue::WorkDone(WorkDoneProgress::Begin(
                    WorkDoneProgressBegin {
                        title: title.to_string(),
                        cancellable: Some(false),
                        message: None,
                        percentage: Some(0),
                    },
                )),
            })
            .await;
        Some(token)
    }

    async fn progress_report(&self, token: &Option<NumberOrString>, message: String, pct: u32) {
        if let Some(token) = token {
            self.client
                .send_notification::<Progress>(ProgressParams {
                    token: token.clone(),
                    value: ProgressParamsValue::WorkDone(WorkDoneProgress::Report(
                        WorkDoneProgressReport {
                            cancellable: Some(false),
                            message: Some(message),
                            percentage: Some(pct.min(100)),
                        },
                    )),
                })
                .await;
        }
    }

    async fn progress_end(&self, token: Option<NumberOrString>, message: String) {
        if let Some(token) = token {
            self.client
                .send_notification::<Progress>(ProgressParams {
                    token,
                    value: ProgressParamsValue::WorkDone(WorkDoneProgress::End(
                        WorkDoneProgressEnd {
                            message: Some(message),
                        },
                    )),
                })
                .await;
        }
    }

    /// Reads each root's `rapporteur.toml`; rebuilds the gazetteer when the knowledge changed.
    async fn load_configs(&self) {
        let roots: Vec<(Url, PathBuf)> = self
            .shared
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
        let knowledge = {
            let mut s = self.shared.settings_mut();
            s.roots = loaded;
            let k = s.merged_knowledge();
            if k == s.knowledge {
                None
            } else {
                s.knowledge = k.clone();
                Some(k)
            }
        };
        for e in errors {
            self.client
                .show_message(MessageType::WARNING, format!("rapporteur: {e}"))
                .await;
            self.log(MessageType::WARNING, e).await;
        }
        if let Some(k) = knowledge {
            let shared = self.shared.clone();
            let _ = tokio::task::spawn_blocking(move || {
                let gaz = Arc::new(Gazetteer::with_extension(&k));
                shared.write().ws.set_gazetteer(gaz);
            })
            .await;
        }
    }

    /// Indexes roots in a task of their own. The run is counted before the task starts, so a
    /// request that arrives at once already waits for it.
    fn spawn_index(&self, roots: Vec<Root>, then_diagnostics: bool) {
        self.shared.indexing.send_modify(|n| *n += 1);
        self.spawn_counted_index(roots, then_diagnostics);
    }

    /// [`Self::spawn_index`] for a run already counted.
    fn spawn_counted_index(&self, roots: Vec<Root>, then_diagnostics: bool) {
        let this = self.clone_handle();
        tokio::spawn(async move {
            this.index(roots).await;
            this.shared
                .indexing
                .send_modify(|n| *n = n.saturating_sub(1));
            if then_diagnostics {
                this.schedule_diagnostics(this.all_open_docs());
            }
        });
    }

    /// Waits (a few seconds at most) for indexing under way, for requests whose answer lies in
    /// other records: definitions, references, hovers, symbols, renames.
    async fn wait_indexed(&self) {
        let mut rx = self.shared.indexing.subscribe();
        let _ =
            tokio::time::timeout(std::time::Duration::from_secs(5), rx.wait_for(|n| *n == 0)).await;
    }

    /// Walks roots, parses their records in parallel and adds them to the workspace (open buffers
    /// win), reporting `$/progress`; unreadable files are logged and skipped.
    async fn index(&self, roots: Vec<Root>) {
        if roots.is_empty() {
            return;
        }
        let token = self.progress_begin("Indexing records").await;
        let walked = tokio::task::spawn_blocking(move || {
            let mut files = Vec::new();
            let mut errors = Vec::new();
            for r in &roots {
                let configs = crate::configs::Configs::fixed(r.config.clone(), r.path.clone());
                match crate::files::walk(std::slice::from_ref(&r.path), &configs) {
                    Ok(w) => {
                        files.extend(w.files.into_iter().map(|f| f.path));
                        // An unreadable folder is skipped, not the whole workspace.
                        errors.extend(w.unreadable.into_iter().map(|e| format!("skipped {e}")));
                    }
                    Err(e) => errors.push(format!("{}: {e}", r.path.display())),
                }
            }
            (files, errors)
        })
        .await;
        let (files, errors) = walked.unwrap_or_default();
        let mut skipped = errors.len();
        for e in errors {
            self.log(MessageType::WARNING, e).await;
        }
        let total = files.len();
        let mut done = 0;
        let mut indexed = 0;
        for chunk in files.chunks(INDEX_CHUNK) {
            let chunk = chunk.to_vec();
            let gaz = self.shared.read().ws.gaz.clone();
            let parsed = tokio::task::spawn_blocking(move || {
                chunk
                    .par_iter()
                    .map(|path| {
                        let name = path_key(path)
                            .ok_or_else(|| format!("{}: not a file path", path.display()))?;
                        let text = crate::files::load(path)
                            .map_err(|e| format!("{}: {e}", path.display()))?;
                        // Parsed for its facts, then only the text is kept: a record is parsed
                        // again when a check or a feature needs it.
                        catch_unwind(AssertUnwindSafe(|| {
                            let doc = Document::new(name, text.into(), &gaz);
                            let facts = crate::workspace::DocFacts::of(&doc, &gaz);
                            (path.clone(), facts)
                        }))
                        .map_err(|_| format!("{}: the parser failed, skipped", path.display()))
                    })
                    .collect::<Vec<_>>()
            })
            .await
            .unwrap_or_default();
            done += parsed.len();
            let mut bad = Vec::new();
            // A folder removed while this run parsed it must not come back.
            let roots: Vec<PathBuf> = self
                .shared
                .settings()
                .roots
                .iter()
                .map(|r| r.path.clone())
                .collect();
            let still_rooted = |name: &str| {
                Url::parse(name)
                    .ok()
                    .and_then(|u| u.to_file_path().ok())
                    .is_some_and(|p| roots.iter().any(|r| p.starts_with(r)))
            };
            {
                let mut core = self.shared.write();
                for r in parsed {
                    match r {
                        Ok((path, facts)) => {
                            if !core.open.contains_key(&facts.name) && still_rooted(&facts.name) {
                                core.ws.insert_on_disk(facts, path);
                                indexed += 1;
                            }
                        }
                        Err(e) => bad.push(e),
                    }
                }
            }
            skipped += bad.len();
            for e in bad {
                self.log(MessageType::WARNING, e).await;
            }
            let pct = (done * 100 / total.max(1)) as u32;
            self.progress_report(&token, format!("{done}/{total} files"), pct)
                .await;
        }
        let msg = if skipped > 0 {
            format!("{indexed} records indexed, {skipped} skipped")
        } else {
            format!("{indexed} records indexed")
        };
        self.log(MessageType::INFO, format!("rapporteur: {msg}"))
            .await;
        self.progress_end(token, msg).await;
        self.schedule_diagnostics(self.all_open_docs());
        self.refresh_pulled_diagnostics().await;
    }

    async fn refresh_pulled_diagnostics(&self) {
        let refresh = {
            let s = self.shared.settings();
            s.caps.pull_diagnostics && s.caps.diagnostic_refresh
        };
        if refresh {
            let _ = self.client.workspace_diagnostic_refresh().await;
        }
    }

    /// Asks the client for the `rapporteur` section of its settings.
    async fn pull_configuration(&self) {
        if !self.shared.settings().caps.configuration {
            return;
        }
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("rapporteur".to_string()),
        }];
        match self.client.configuration(items).await {
            Ok(values) => {
                let v = values.into_iter().next().unwrap_or(Value::Null);
                self.apply_client_settings(&v).await;
            }
            Err(e) => tracing::warn!("workspace/configuration failed: {e}"),
        }
    }

    async fn apply_client_settings(&self, v: &Value) {
        let (settings, warnings) = EditorSettings::from_value(v);
        self.shared.settings_mut().client = settings;
        for w in warnings {
            self.log(MessageType::WARNING, w).await;
        }
    }

    async fn register_watchers(&self) {
        if !self.shared.settings().caps.dynamic_watch {
            return;
        }
        let watchers = ["**/*.txt", "**/*.rec", "**/rapporteur.toml"]
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.to_string()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "rapporteur-watched-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = self.client.register_capability(vec![registration]).await {
            tracing::warn!("client/registerCapability failed: {e}");
        }
    }

    /// Loads a file from disk into the workspace unless it is open; logs files it cannot read.
    async fn load_from_disk(&self, path: PathBuf) -> bool {
        let Some(name) = path_key(&path) else {
            return false;
        };
        if self.shared.read().open.contains_key(&name) {
            return false;
        }
        let gaz = self.shared.read().ws.gaz.clone();
        let n = name.clone();
        let loaded = tokio::task::spawn_blocking(move || {
            let text = crate::files::load(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let doc = Document::new(n, text.into(), &gaz);
            Ok::<_, String>((crate::workspace::DocFacts::of(&doc, &gaz), path))
        })
        .await;
        match loaded {
            Ok(Ok((facts, path))) => {
                let mut core = self.shared.write();
                if !core.open.contains_key(&facts.name) {
                    // A closed record keeps its facts; its text is read again when needed.
                    core.ws.insert_on_disk(facts, path);
                }
                true
            }
            Ok(Err(e)) => {
                {
                    let mut core = self.shared.write();
                    if !core.open.contains_key(&name) {
                        core.ws.remove(&name);
                    }
                }
                self.log(MessageType::WARNING, e).await;
                false
            }
            Err(_) => false,
        }
    }
}

/// The quick fixes carried in the `data` of the client's diagnostics (see
/// [`convert::diagnostic_with_fixes`]); `None` when no diagnostic of ours carries any, so the
/// caller computes them.
fn carried_actions(diagnostics: &[Diagnostic]) -> Option<CodeActionResponse> {
    let mut out = Vec::new();
    for d in diagnostics {
        if d.source.as_deref() != Some("rapporteur") {
            continue;
        }
        let Some(carried) = d
            .data
            .clone()
            .and_then(|v| serde_json::from_value::<convert::CarriedFixes>(v).ok())
        else {
            continue;
        };
        for (i, f) in carried.fixes.into_iter().enumerate() {
            let mut shown = d.clone();
            shown.data = None;
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: f.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![shown]),
                edit: Some(f.edit),
                command: None,
                is_preferred: Some(i == 0),
                disabled: None,
                data: None,
            }));
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Check diagnostics of an open document, as the client will see them.
fn compute_diagnostics(shared: &Shared, name: &str) -> Option<(Url, u64, i32, Vec<Diagnostic>)> {
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
    let diags = crate::checks::check_file(&core.ws, file, &config)
        .iter()
        .filter_map(|d| convert::diagnostic_with_fixes(&core, d, enc, document_changes))
        .collect();
    Some((open.uri.clone(), open.epoch, open.version, diags))
}

fn client_caps(params: &InitializeParams) -> ClientCaps {
    let c = &params.capabilities;
    let ws = c.workspace.as_ref();
    let td = c.text_document.as_ref();
    ClientCaps {
        dynamic_watch: ws
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        work_done_progress: c
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
        configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
        pull_diagnostics: td.and_then(|t| t.diagnostic.as_ref()).is_some(),
        diagnostic_refresh: ws
            .and_then(|w| w.diagnostic.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        document_changes: ws
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes)
            .unwrap_or(false),
        hierarchical_symbols: td
            .and_then(|t| t.document_symbol.as_ref())
            .and_then(|d| d.hierarchical_document_symbol_support)
            .unwrap_or(false),
        definition_links: td
            .and_then(|t| t.definition.as_ref())
            .and_then(|d| d.link_support)
            .unwrap_or(false),
    }
}

#[allow(deprecated)]
fn initial_roots(params: &InitializeParams) -> Vec<(Url, PathBuf)> {
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
        .filter_map(|u| u.to_file_path().ok().map(|p| (u, p)))
        .collect()
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = Encoding::negotiate(
            params
                .capabilities
                .general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let caps = client_caps(&params);
        let (init, warnings) = EditorSettings::from_value(
            params
                .initialization_options
                .as_ref()
                .unwrap_or(&Value::Null),
        );
        {
            let mut s = self.shared.settings_mut();
            s.encoding = encoding;
            s.caps = caps;
            s.init = init;
            s.roots = initial_roots(&params)
                .into_iter()
                .map(|(uri, path)| Root {
                    uri,
                    path,
                    config: Config::default(),
                })
                .collect();
        }
        for w in warnings {
            tracing::warn!("{w}");
        }
        let capabilities = ServerCapabilities {
            position_encoding: Some(encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    will_save: None,
                    will_save_wait_until: None,
                    save: None,
                },
            )),
            document_symbol_provider: Some(OneOf::Left(true)),
            workspace_symbol_provider: Some(OneOf::Left(true)),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            document_highlight_provider: Some(OneOf::Left(true)),
            folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
            semantic_tokens_provider: Some(
                SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                    legend: convert::token_legend(),
                    range: None,
                    full: Some(SemanticTokensFullOptions::Bool(true)),
                }),
            ),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["(".to_string(), " ".to_string(), "/".to_string()]),
                ..Default::default()
            }),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..Default::default()
            })),
            diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("rapporteur".to_string()),
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            workspace: Some(WorkspaceServerCapabilities {
                workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                    supported: Some(true),
                    change_notifications: Some(OneOf::Left(true)),
                }),
                file_operations: None,
            }),
            ..Default::default()
        };
        Ok(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "rapporteur".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Counted from the start: requests that come while configuration is still being
        // fetched already wait for the index.
        self.shared.indexing.send_modify(|n| *n += 1);
        self.register_watchers().await;
        self.pull_configuration().await;
        self.load_configs().await;
        let roots = self.shared.settings().roots.clone();
        // Indexing runs in its own task: the server answers open buffers meanwhile.
        self.spawn_counted_index(roots, false);
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let name = key(&doc.uri);
        let text: Arc<str> = Arc::from(doc.text.as_str());
        let epoch = self.shared.epochs.fetch_add(1, Ordering::Relaxed);
        {
            let mut core = self.shared.write();
            core.open.insert(
                name.clone(),
                OpenDoc {
                    uri: doc.uri.clone(),
                    rope: Rope::from_str(&doc.text),
                    version: doc.version,
                    parsed: None,
                    epoch,
                },
            );
        }
        self.reparse(name.clone(), epoch, doc.version, text).await;
        self.schedule_diagnostics(self.affected_open_docs(&name));
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Applied synchronously, before any `.await`: tower-lsp may run the next handler as soon
        // as this one yields.
        let enc = self.shared.encoding();
        let name = key(&params.text_document.uri);
        let version = params.text_document.version;
        let mut rejected = Vec::new();
        let text: Option<(u64, Arc<str>)> = {
            let mut core = self.shared.write();
            match core.open.get_mut(&name) {
                // Versions only increase: an older or repeated one is a client's mistake, and
                // applying it would publish diagnostics for a version the client has left.
                Some(open) if version <= open.version => {
                    rejected.push(format!(
                        "{}: version {version} after version {}, change ignored",
                        params.text_document.uri, open.version
                    ));
                    None
                }
                Some(open) => {
                    for change in &params.content_changes {
                        if let Err(e) =
                            position::apply_change(&mut open.rope, change.range, &change.text, enc)
                        {
                            rejected.push(format!(
                                "{}: change {:?} rejected: {e}",
                                params.text_document.uri, change.range
                            ));
                        }
                    }
                    open.version = version;
                    Some((open.epoch, Arc::from(open.rope.to_string())))
                }
                None => None,
            }
        };
        for r in rejected {
            self.log(MessageType::ERROR, r).await;
        }
        let Some((epoch, text)) = text else {
            return;
        };
        self.reparse(name.clone(), epoch, version, text).await;
        self.schedule_diagnostics(self.affected_open_docs(&name));
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let name = key(&uri);
        let was_open = self.shared.write().open.remove(&name).is_some();
        if !was_open {
            return;
        }
        // The disk version takes over if the file belongs to the workspace; else it is dropped.
        // The document may be reopened meanwhile (handlers run concurrently): every step checks.
        let on_disk = uri
            .to_file_path()
            .ok()
            .filter(|p| p.is_file() && self.shared.settings().is_record_path(p));
        let reloaded = match on_disk {
            Some(p) => self.load_from_disk(p).await,
            None => false,
        };
        if !reloaded {
            let mut core = self.shared.write();
            if !core.open.contains_key(&name) {
                core.ws.remove(&name);
            }
        }
        if self.shared.settings().push_diagnostics() {
            let mut published = self.shared.published.lock().await;
            if !self.shared.read().open.contains_key(&name) {
                published.remove(&name);
                self.client.publish_diagnostics(uri, Vec::new(), None).await;
            }
        }
        self.schedule_diagnostics(self.all_open_docs());
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match params.settings.get("rapporteur") {
            Some(v) => self.apply_client_settings(&v.clone()).await,
            None if self.shared.settings().caps.configuration => self.pull_configuration().await,
            None if params.settings.get("severity").is_some() => {
                self.apply_client_settings(&params.settings).await
            }
            None => {}
        }
        self.load_configs().await;
        self.schedule_diagnostics(self.all_open_docs());
        self.refresh_pulled_diagnostics().await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let removed: Vec<PathBuf> = params
            .event
            .removed
            .iter()
            .filter_map(|f| f.uri.to_file_path().ok())
            .collect();
        let added: Vec<(Url, PathBuf)> = params
            .event
            .added
            .iter()
            .filter_map(|f| f.uri.to_file_path().ok().map(|p| (f.uri.clone(), p)))
            .collect();
        {
            let mut s = self.shared.settings_mut();
            s.roots.retain(|r| !removed.contains(&r.path));
            for (uri, path) in &added {
                if !s.roots.iter().any(|r| &r.path == path) {
                    s.roots.push(Root {
                        uri: uri.clone(),
                        path: path.clone(),
                        config: Config::default(),
                    });
                }
            }
        }
        if !removed.is_empty() {
            let roots: Vec<PathBuf> = self
                .shared
                .settings()
                .roots
                .iter()
                .map(|r| r.path.clone())
                .collect();
            let mut core = self.shared.write();
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
        self.load_configs().await;
        let new_roots: Vec<Root> = {
            let s = self.shared.settings();
            s.roots
                .iter()
                .filter(|r| added.iter().any(|(_, p)| p == &r.path))
                .cloned()
                .collect()
        };
        self.spawn_index(new_roots, true);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let mut config_changed = false;
        let mut changed = false;
        for ev in params.changes {
            let Ok(path) = ev.uri.to_file_path() else {
                continue;
            };
            if path.file_name().is_some_and(|n| n == CONFIG_FILE) {
                config_changed = true;
                continue;
            }
            if !self.shared.settings().is_record_path(&path) {
                continue;
            }
            let Some(name) = path_key(&path) else {
                continue;
            };
            if self.shared.read().open.contains_key(&name) {
                continue;
            }
            if ev.typ == FileChangeType::DELETED {
                let mut core = self.shared.write();
                if !core.open.contains_key(&name) {
                    core.ws.remove(&name);
                    changed = true;
                }
            } else {
                changed |= self.load_from_disk(path).await;
            }
        }
        if config_changed {
            self.load_configs().await;
            // Include and exclude globs may have changed: index the roots again.
            let roots = self.shared.settings().roots.clone();
            self.spawn_index(roots, false);
        } else if changed {
            self.schedule_diagnostics(self.all_open_docs());
            self.refresh_pulled_diagnostics().await;
        }
    }

    // ----- features ---------------------------------------------------------------------------

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let hierarchical = self.shared.settings().caps.hierarchical_symbols;
        let uri = params.text_document.uri;
        self.with_doc(&uri, "textDocument/documentSymbol", None, |c| {
            let nodes = features::outline::outline(c.doc, &c.ws.gaz);
            Ok(Some(if hierarchical {
                DocumentSymbolResponse::Nested(convert::document_symbols(c.doc, &nodes, c.enc))
            } else {
                let mut flat = Vec::new();
                convert::flat_symbols(c.doc, &uri, &nodes, None, c.enc, &mut flat);
                DocumentSymbolResponse::Flat(flat)
            }))
        })
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<Vec<SymbolInformation>>> {
        self.wait_indexed().await;
        self.with_core("workspace/symbol", |core, enc| {
            let found = features::workspace_symbols::workspace_symbols(&core.ws, &params.query);
            Some(
                found
                    .iter()
                    .filter_map(|s| convert::workspace_symbol(core, s, enc))
                    .collect(),
            )
        })
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        // A hover never waits for indexing: it answers from the records indexed so far and
        // says that the lists may grow.
        let indexing = *self.shared.indexing.borrow() > 0;
        let p = params.text_document_position_params;
        self.with_doc(&p.text_document.uri, "textDocument/hover", None, |c| {
            let h = features::hover::hover(c.ws, c.file, c.offset(p.position));
            Ok(h.map(|h| Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: if indexing {
                        format!(
                            "{}\n\n_Indexing the workspace ({} records so far): lists may be incomplete._",
                            h.markdown,
                            c.ws.len()
                        )
                    } else {
                        h.markdown
                    },
                }),
                range: Some(c.range(h.span)),
            }))
        })
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.wait_indexed().await;
        let links = self.shared.settings().caps.definition_links;
        let p = params.text_document_position_params;
        self.with_doc(&p.text_document.uri, "textDocument/definition", None, |c| {
            let Some(defs) = features::definition::definition(c.ws, c.file, c.offset(p.position))
            else {
                return Ok(None);
            };
            if defs.targets.is_empty() {
                return Ok(None);
            }
            if links {
                let origin = c.range(defs.origin);
                let out: Vec<LocationLink> = defs
                    .targets
                    .iter()
                    .filter_map(|d| {
                        Some(LocationLink {
                            origin_selection_range: Some(origin),
                            target_uri: c.core.uri_of(d.file)?,
                            target_range: convert::range_in(c.core, d.file, d.span, c.enc)?,
                            target_selection_range: convert::range_in(
                                c.core,
                                d.file,
                                d.selection,
                                c.enc,
                            )?,
                        })
                    })
                    .collect();
                return Ok(Some(GotoDefinitionResponse::Link(out)));
            }
            let out: Vec<Location> = features::definition::locations(&defs)
                .into_iter()
                .filter_map(|l| convert::location(c.core, l.file, l.span, c.enc))
                .collect();
            Ok(Some(GotoDefinitionResponse::Array(out)))
        })
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.wait_indexed().await;
        let p = params.text_document_position;
        let include = params.context.include_declaration;
        self.with_doc(&p.text_document.uri, "textDocument/references", None, |c| {
            let refs =
                features::references::references(c.ws, c.file, c.offset(p.position), include);
            let places: Vec<_> = refs.into_iter().map(|l| (l.file, l.span)).collect();
            Ok(Some(convert::locations(c.core, &places, c.enc)))
        })
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let p = params.text_document_position_params;
        self.with_doc(
            &p.text_document.uri,
            "textDocument/documentHighlight",
            None,
            |c| {
                let hs = features::highlight::highlights(c.ws, c.file, c.offset(p.position));
                Ok(Some(
                    hs.into_iter()
                        .map(|h| DocumentHighlight {
                            range: c.range(h.span),
                            kind: Some(if h.definition {
                                DocumentHighlightKind::WRITE
                            } else {
                                DocumentHighlightKind::READ
                            }),
                        })
                        .collect(),
                ))
            },
        )
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.with_doc(
            &params.text_document.uri,
            "textDocument/foldingRange",
            None,
            |c| {
                let folds = features::folding::folding_ranges(c.ws, c.file);
                Ok(Some(convert::folding_ranges(c.doc, &folds)))
            },
        )
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.with_doc(
            &params.text_document.uri,
            "textDocument/semanticTokens/full",
            None,
            |c| {
                let tokens = features::semantic_tokens::tokens(c.ws, c.file);
                Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
                    result_id: None,
                    data: convert::semantic_tokens(c.doc, &tokens, c.enc),
                })))
            },
        )
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        self.with_doc(&p.text_document.uri, "textDocument/completion", None, |c| {
            let items = features::completion::completions(c.ws, c.file, c.offset(p.position));
            if items.is_empty() {
                return Ok(None);
            }
            Ok(Some(CompletionResponse::Array(
                items
                    .iter()
                    .map(|i| convert::completion_item(c.doc, i, c.enc))
                    .collect(),
            )))
        })
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.with_doc(
            &params.text_document.uri,
            "textDocument/prepareRename",
            None,
            |c| {
                let r = features::rename::prepare_rename(c.ws, c.file, c.offset(params.position));
                Ok(r.map(|r| PrepareRenameResponse::RangeWithPlaceholder {
                    range: c.range(r.span),
                    placeholder: r.placeholder,
                }))
            },
        )
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        self.wait_indexed().await;
        let document_changes = self.shared.settings().caps.document_changes;
        let p = params.text_document_position;
        self.with_doc(&p.text_document.uri, "textDocument/rename", None, |c| {
            let edits =
                features::rename::rename(c.ws, c.file, c.offset(p.position), &params.new_name)
                    .map_err(|e| Error::invalid_params(e.to_string()))?;
            Ok(Some(convert::workspace_edit(
                c.core,
                &edits,
                c.enc,
                document_changes,
            )))
        })
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        if let Some(only) = &params.context.only
            && !only
                .iter()
                .any(|k| k.as_str().starts_with("quickfix") || k.as_str().is_empty())
        {
            return Ok(Some(Vec::new()));
        }
        let (config, document_changes) = {
            let s = self.shared.settings();
            (
                s.config_for(&key(&params.text_document.uri)),
                s.caps.document_changes,
            )
        };
        if let Some(carried) = carried_actions(&params.context.diagnostics) {
            return Ok(Some(carried));
        }
        self.with_doc(
            &params.text_document.uri,
            "textDocument/codeAction",
            None,
            |c| {
                let span = c.span(params.range)?;
                let fixes = features::code_actions::quick_fixes(c.ws, c.file, span, &config);
                Ok(Some(
                    fixes
                        .iter()
                        .map(|q| {
                            CodeActionOrCommand::CodeAction(CodeAction {
                                title: q.fix.title.clone(),
                                kind: Some(CodeActionKind::QUICKFIX),
                                diagnostics: convert::diagnostic(c.core, &q.diagnostic, c.enc)
                                    .map(|d| vec![d]),
                                edit: Some(convert::workspace_edit(
                                    c.core,
                                    &q.fix.edits,
                                    c.enc,
                                    document_changes,
                                )),
                                command: None,
                                is_preferred: Some(q.preferred),
                                disabled: None,
                                data: None,
                            })
                        })
                        .collect(),
                ))
            },
        )
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let (config, document_changes) = {
            let s = self.shared.settings();
            (
                s.config_for(&key(&params.text_document.uri)),
                s.caps.document_changes,
            )
        };
        let items = self.with_doc(
            &params.text_document.uri,
            "textDocument/diagnostic",
            Vec::new(),
            |c| {
                Ok(crate::checks::check_file(c.ws, c.file, &config)
                    .iter()
                    .filter_map(|d| {
                        convert::diagnostic_with_fixes(c.core, d, c.enc, document_changes)
                    })
                    .collect())
            },
        )?;
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }
}

impl Backend {
    /// A second handle on the same server state, for background tasks.
    fn clone_handle(&self) -> Arc<Backend> {
        Arc::new(Backend {
            client: self.client.clone(),
            shared: self.shared.clone(),
            progress_ids: self.progress_ids.clone(),
        })
    }
}
