//! Running a command over an archive in two passes: every record is parsed once in parallel and
//! only its facts are kept in the workspace's indexes; then the records are taken in batches, in
//! name order, with just the texts a batch's meetings need loaded, so memory follows the largest
//! meeting rather than the archive.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::configs::{Configs, Located};
use crate::files;
use crate::knowledge::Gazetteer;
use crate::workspace::{DocFacts, Document, FileId, Workspace};

/// Records per batch: enough to keep both cores busy, few enough that a batch's texts are a
/// small part of the archive.
const BATCH: usize = 64;

/// An archive indexed by its facts, with the records in name order.
pub struct Archive {
    pub ws: Workspace,
    /// Every indexed record, by name.
    pub ids: Vec<FileId>,
    /// Files refused, with the reason.
    pub skipped: Vec<String>,
    /// Files the default globs found that are not records (listed with `--verbose`).
    pub not_records: Vec<String>,
    /// The walked paths that hold no record at all (a mistyped path must not pass).
    pub empty_paths: Vec<PathBuf>,
    /// Files that could not be read again in the second pass (changed or removed meanwhile):
    /// their findings are left out.
    pub vanished: Vec<String>,
    /// Where each record is on disk, to parse it again.
    paths: Vec<Option<PathBuf>>,
    /// The configuration governing each record.
    governing: Vec<Option<Arc<Located>>>,
}

/// A path as the user wrote it, without a leading "./".
pub(super) fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

fn parse_file(path: &Path, gaz: &Gazetteer) -> Result<Document, String> {
    let name = display_path(path);
    let text = files::load(path).map_err(|e| format!("{name}: {e}"))?;
    Ok(Document::new(name, Arc::from(text), gaz))
}

/// Why the first pass did not index a file.
enum Refused {
    NotARecord(String),
    Skipped(String),
}

/// The first pass over one found file: read, tested for being a record, parsed only as far as
/// its facts go (the second pass parses the records it checks in full).
// Out of line so that a profile shows the first pass on its own.
#[inline(never)]
fn facts_of(found: &files::Found, gaz: &Gazetteer) -> Result<DocFacts, Refused> {
    let name = display_path(&found.path);
    let text = files::load_record(found).map_err(|e| match e {
        files::LoadError::NotARecord => Refused::NotARecord(format!("{name}: {e}")),
        e => Refused::Skipped(format!("{name}: {e}")),
    })?;
    let record = crate::parse::parse_for_facts(&text, gaz);
    Ok(DocFacts::for_checks_of(name, &text, &record))
}

impl Archive {
    /// The first pass: walks `paths`, parses every record in parallel and indexes its facts.
    pub fn index(roots: &[PathBuf], configs: &Configs) -> Result<Archive, String> {
        let walked = files::walk(roots, configs)?;
        let found = walked.files;
        let gaz = Arc::new(Gazetteer::with_extension(&configs.merged_knowledge()));
        let parsed: Vec<(files::Found, Result<DocFacts, Refused>)> = found
            .into_par_iter()
            .map(|f| {
                let facts = facts_of(&f, &gaz);
                (f, facts)
            })
            .collect();
        let mut ws = Workspace::new(gaz);
        let mut skipped = walked.unreadable;
        let mut not_records = Vec::new();
        let mut paths = Vec::new();
        let mut governing_of = Vec::new();
        let mut records_per_path = vec![0usize; roots.len()];
        for (found, r) in parsed {
            match r {
                Ok(facts) => {
                    let id = ws.insert_facts(facts);
                    if paths.len() <= id {
                        paths.resize(id + 1, None);
                    }
                    let governing = configs.for_path(&found.path)?;
                    if governing_of.len() <= id {
                        governing_of.resize(id + 1, None);
                    }
                    governing_of[id] = Some(governing);
                    paths[id] = Some(found.path);
                    records_per_path[found.root] += 1;
                }
                Err(Refused::NotARecord(e)) => not_records.push(e),
                Err(Refused::Skipped(e)) => skipped.push(e),
            }
        }
        let empty_paths = roots
            .iter()
            .zip(&records_per_path)
            .filter(|(_, n)| **n == 0)
            .map(|(p, _)| p.clone())
            .collect();
        let mut ids: Vec<FileId> = ws.file_ids().collect();
        ids.sort_by_cached_key(|&id| ws.facts(id).map(|f| f.name.clone()));
        Ok(Archive {
            ws,
            ids,
            skipped,
            not_records,
            empty_paths,
            vanished: Vec::new(),
            paths,
            governing: governing_of,
        })
    }

    /// Where a record is on disk.
    pub fn path_of(&self, id: FileId) -> Option<&Path> {
        self.paths.get(id)?.as_deref()
    }

    /// The configuration governing each record, by id (the defaults where none was resolved).
    pub fn governing(&self) -> Vec<Arc<Located>> {
        let defaults = Arc::new(Located::new(
            None,
            PathBuf::from("."),
            crate::config::Config::default(),
        ));
        (0..self.paths.len())
            .map(|id| {
                self.governing
                    .get(id)
                    .cloned()
                    .flatten()
                    .unwrap_or_else(|| defaults.clone())
            })
            .collect()
    }

    /// Loads the records among `wanted` that are not loaded, in parallel.
    pub(super) fn load(&mut self, wanted: &[FileId]) {
        let missing: Vec<(FileId, PathBuf)> = wanted
            .iter()
            .filter(|&&id| self.ws.get(id).is_none())
            .filter_map(|&id| Some((id, self.paths.get(id)?.clone()?)))
            .collect();
        let gaz = self.ws.gaz.clone();
        let docs: Vec<(FileId, Result<Document, String>)> = missing
            .into_par_iter()
            .map(|(id, p)| (id, parse_file(&p, &gaz)))
            .collect();
        for (id, doc) in docs {
            match doc {
                Ok(doc) => self.ws.load(id, doc),
                // Changed or gone since the first pass: its findings are left out.
                Err(e) => self.vanished.push(e),
            }
        }
    }

    /// Runs `per_record` on every record, a batch at a time in name order, and hands each batch's
    /// results to `emit` in that order. `needs` says which other records a record's run reads
    /// (its meeting); `shows` which records a result points into, loaded before `emit`.
    pub fn run<T: Send>(
        &mut self,
        needs: impl Fn(&Workspace, FileId) -> Vec<FileId>,
        per_record: impl Fn(&Workspace, FileId) -> T + Sync,
        shows: impl Fn(&T) -> Vec<FileId>,
        mut emit: impl FnMut(&Workspace, Vec<T>) -> Result<(), String>,
    ) -> Result<(), String> {
        let ids = self.ids.clone();
        for batch in ids.chunks(BATCH) {
            let mut wanted: Vec<FileId> =
                batch.iter().flat_map(|&id| needs(&self.ws, id)).collect();
            wanted.sort_unstable();
            wanted.dedup();
            let loaded: Vec<FileId> = self.ws.documents().map(|(id, _)| id).collect();
            for id in loaded {
                if wanted.binary_search(&id).is_err() {
                    self.ws.unload(id);
                }
            }
            self.load(&wanted);
            let ws = &self.ws;
            let results: Vec<T> = batch.par_iter().map(|&id| per_record(ws, id)).collect();
            let mut shown: Vec<FileId> = results.iter().flat_map(&shows).collect();
            shown.sort_unstable();
            shown.dedup();
            self.load(&shown);
            emit(&self.ws, results)?;
            // Analyses hold the meetings' word indexes: keep only the next batch's.
            self.ws.clear_memo();
        }
        Ok(())
    }
}
