//! Indexing the workspace folders in the background: walking the roots, parsing their records in
//! parallel for their facts, adding them (open buffers win) with `$/progress`, counting runs so
//! that requests looking across records can wait for them; and loading one file from disk.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use rayon::prelude::*;
use tower_lsp::lsp_types::{MessageType, Url};

use crate::configs::Configs;
use crate::files::{Found, LoadError};
use crate::knowledge::Gazetteer;
use crate::lsp::Backend;
use crate::lsp::configuration;
use crate::lsp::diagnostics;
use crate::lsp::progress::WorkDone;
use crate::lsp::state::{Root, Shared, path_key};
use crate::workspace::{DocFacts, Document};

/// How many files are parsed between two progress reports while indexing: a chunk is added to
/// the workspace (under its write lock, so requests wait) while the next one is parsed.
const INDEX_CHUNK: usize = 64;

/// The longest a request whose answer lies in other records waits for indexing: long enough for
/// an archive of ten thousand records (indexed in 4–5 s, see the README's benchmarks), short
/// enough that a larger one still answers, from what is indexed so far, instead of seeming hung.
const INDEX_WAIT: Duration = Duration::from_secs(5);

/// A record parsed for its facts, or why it was skipped.
type Parsed = Result<(PathBuf, DocFacts), String>;

/// Indexes roots in a task of their own. The run is counted before the task starts, so a
/// request that arrives at once already waits for it.
pub(crate) fn spawn_index(server: &Backend, roots: Vec<Root>, then_diagnostics: bool) {
    server.shared.indexing.send_modify(|n| *n += 1);
    spawn_counted_index(server, roots, then_diagnostics);
}

/// [`spawn_index`] for a run already counted.
pub(crate) fn spawn_counted_index(server: &Backend, roots: Vec<Root>, then_diagnostics: bool) {
    let this = server.clone();
    tokio::spawn(async move {
        index(&this, roots).await;
        this.shared
            .indexing
            .send_modify(|n| *n = n.saturating_sub(1));
        if then_diagnostics {
            diagnostics::schedule(&this, diagnostics::all_open_docs(&this.shared));
        }
    });
}

/// Waits ([`INDEX_WAIT`] at most) for indexing under way, for requests whose answer lies in
/// other records: definitions, references, symbols, renames.
pub(crate) async fn wait_indexed(shared: &Shared) {
    let mut rx = shared.indexing.subscribe();
    let _ = tokio::time::timeout(INDEX_WAIT, rx.wait_for(|n| *n == 0)).await;
}

/// Walks roots, parses their records in parallel and adds them to the workspace (open buffers
/// win), reporting `$/progress`; unreadable files are logged and skipped.
async fn index(server: &Backend, roots: Vec<Root>) {
    if roots.is_empty() {
        return;
    }
    let work_done_progress = server.shared.settings().caps.work_done_progress;
    let progress = WorkDone::begin(
        &server.client,
        &server.progress,
        work_done_progress,
        "Indexing records",
    )
    .await;
    let configs = server.shared.settings().configs.clone();
    let (files, errors) = walk_roots(roots, configs).await;
    // Configuration files found below the roots may bring knowledge: the gazetteer must have it
    // before the records are parsed.
    let knowledge = configuration::changed_knowledge(&mut server.shared.settings_mut());
    if let Some(k) = knowledge {
        configuration::rebuild_gazetteer(&server.shared, k).await;
    }
    let mut skipped = errors.len();
    for e in errors {
        server.log(MessageType::WARNING, e).await;
    }
    let total = files.len();
    let mut done = 0;
    let mut indexed = 0;
    let mut chunks = files.chunks(INDEX_CHUNK);
    // The next chunk is parsed while this one is added and reported: adding is serial work
    // under the write lock, which would otherwise leave the parsing threads idle.
    let mut parsing = chunks
        .next()
        .map(|c| start_parsing(&server.shared, c.to_vec()));
    while let Some(this_chunk) = parsing.take() {
        let parsed = this_chunk.await.unwrap_or_default();
        parsing = chunks
            .next()
            .map(|c| start_parsing(&server.shared, c.to_vec()));
        done += parsed.len();
        let (added, bad) = insert_parsed(&server.shared, parsed);
        indexed += added;
        skipped += bad.len();
        for e in bad {
            server.log(MessageType::WARNING, e).await;
        }
        let pct = (done * 100 / total.max(1)) as u32;
        progress.report(format!("{done}/{total} files"), pct).await;
    }
    let msg = summary(indexed, skipped);
    server
        .log(MessageType::INFO, format!("rapporteur: {msg}"))
        .await;
    progress.end(msg).await;
    diagnostics::schedule(server, diagnostics::all_open_docs(&server.shared));
    diagnostics::refresh_client_views(server).await;
}

fn summary(indexed: usize, skipped: usize) -> String {
    if skipped > 0 {
        format!("{indexed} records indexed, {skipped} skipped")
    } else {
        format!("{indexed} records indexed")
    }
}

/// The candidate record files of every root, each governed by its nearest configuration, and the
/// folders (or roots) that could not be read.
async fn walk_roots(roots: Vec<Root>, configs: Arc<Configs>) -> (Vec<Found>, Vec<String>) {
    let walked = tokio::task::spawn_blocking(move || {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for r in &roots {
            match crate::files::walk(std::slice::from_ref(&r.path), &configs) {
                Ok(w) => {
                    files.extend(w.files);
                    // An unreadable folder is skipped, not the whole workspace.
                    errors.extend(w.unreadable.into_iter().map(|e| format!("skipped {e}")));
                }
                Err(e) => errors.push(format!("{}: {e}", r.path.display())),
            }
        }
        (files, errors)
    })
    .await;
    walked.unwrap_or_default()
}

/// Starts parsing a chunk of files in parallel, on a blocking thread, with the gazetteer of now.
fn start_parsing(shared: &Shared, chunk: Vec<Found>) -> tokio::task::JoinHandle<Vec<Parsed>> {
    let gaz = shared.read().ws.gaz.clone();
    tokio::task::spawn_blocking(move || {
        chunk
            .par_iter()
            .filter_map(|found| parse_for_facts(found, &gaz))
            .collect::<Vec<_>>()
    })
}

/// Parsed for its facts, then only the text is kept: a record is parsed again when a check or a
/// feature needs it. `None` for a file that is not a record (a `CMakeLists.txt`).
fn parse_for_facts(found: &Found, gaz: &Arc<Gazetteer>) -> Option<Parsed> {
    let path = &found.path;
    let Some(name) = path_key(path) else {
        return Some(Err(format!("{}: not a file path", path.display())));
    };
    let text = match crate::files::load_record(found) {
        Ok(text) => text,
        Err(LoadError::NotARecord) => return None,
        Err(e) => return Some(Err(format!("{}: {e}", path.display()))),
    };
    Some(
        catch_unwind(AssertUnwindSafe(|| {
            let doc = Document::new(name, text, gaz);
            let facts = DocFacts::of(&doc, gaz);
            (path.to_path_buf(), facts)
        }))
        .map_err(|_| format!("{}: the parser failed, skipped", path.display())),
    )
}

/// Adds parsed records that are neither open nor outside the roots; returns how many were added
/// and the errors of those that failed.
fn insert_parsed(shared: &Shared, parsed: Vec<Parsed>) -> (usize, Vec<String>) {
    // A folder removed while this run parsed it must not come back.
    let roots = root_paths(shared);
    let still_rooted = |name: &str| {
        Url::parse(name)
            .ok()
            .and_then(|u| u.to_file_path().ok())
            .is_some_and(|p| roots.iter().any(|r| p.starts_with(r)))
    };
    let mut added = 0;
    let mut bad = Vec::new();
    let mut core = shared.write();
    for r in parsed {
        match r {
            Ok((path, facts)) => {
                if !core.open.contains_key(&facts.name) && still_rooted(&facts.name) {
                    core.ws.insert_on_disk(facts, path);
                    added += 1;
                }
            }
            Err(e) => bad.push(e),
        }
    }
    (added, bad)
}

/// The folders of the workspace roots.
pub(crate) fn root_paths(shared: &Shared) -> Vec<PathBuf> {
    shared
        .settings()
        .roots
        .iter()
        .map(|r| r.path.clone())
        .collect()
}

/// Loads a file from disk into the workspace unless it is open; logs files it cannot read.
pub(crate) async fn load_from_disk(server: &Backend, path: PathBuf) -> bool {
    let Some(name) = path_key(&path) else {
        return false;
    };
    if server.shared.read().open.contains_key(&name) {
        return false;
    }
    let gaz = server.shared.read().ws.gaz.clone();
    let found = server.shared.settings().found(&path);
    let Some(found) = found else {
        forget_unless_open(&server.shared, &name);
        return false;
    };
    let n = name.clone();
    let loaded = tokio::task::spawn_blocking(move || {
        let text = crate::files::load_record(&found)
            .map_err(|e| (e.clone(), format!("{}: {e}", found.path.display())))?;
        let doc = Document::new(n, text, &gaz);
        Ok::<_, (LoadError, String)>((DocFacts::of(&doc, &gaz), found.path))
    })
    .await;
    match loaded {
        Ok(Ok((facts, path))) => {
            let mut core = server.shared.write();
            if !core.open.contains_key(&facts.name) {
                // A closed record keeps its facts; its text is read again when needed.
                core.ws.insert_on_disk(facts, path);
            }
            true
        }
        Ok(Err((error, message))) => {
            forget_unless_open(&server.shared, &name);
            // A text file that is not a record is simply not one of ours.
            if error != LoadError::NotARecord {
                server.log(MessageType::WARNING, message).await;
            }
            false
        }
        Err(_) => false,
    }
}

/// Removes a record from the workspace unless it is open (an open buffer outlives its file).
pub(crate) fn forget_unless_open(shared: &Shared, name: &str) {
    let mut core = shared.write();
    if !core.open.contains_key(name) {
        core.ws.remove(name);
    }
}
