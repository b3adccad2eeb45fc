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
const BATCH: usize = 32;

/// Files per chunk of the first pass: large enough that a chunk's parsing keeps both cores busy
/// while the previous chunk is indexed.
const INDEX_CHUNK: usize = 512;

/// How far the first pass parses each record: as far as what the command reads of records
/// outside the meetings it is working on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstPass {
    /// Every fact the checks read of other meetings' records (`DocFacts::for_checks_of`):
    /// `export`.
    Checks,
    /// Only the structure and who spoke, as whom: `check` reads the speakers of a session
    /// (the same person elsewhere) and `annotate` credits statements to speakers across it;
    /// both read everything else from the meetings' records parsed in full. The facts of who
    /// spoke leave out those only summaries and rosters name, which the reply check alone
    /// reads: `Workspace::load` completes them from a full parse, and `check` loads the nearby
    /// meetings of a record that may reply (`checks::records_read`).
    Speakers,
}

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
    Ok(Document::new(name, text, gaz))
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
fn facts_of(found: &files::Found, gaz: &Gazetteer, depth: FirstPass) -> Result<DocFacts, Refused> {
    let name = display_path(&found.path);
    let facts = files::with_record(found, |text| {
        let record = match depth {
            FirstPass::Checks => crate::parse::parse_for_facts(text, gaz),
            FirstPass::Speakers => crate::parse::parse_for_speakers(text, gaz),
        };
        DocFacts::for_checks_of(name.clone(), text, &record)
    });
    facts.map_err(|e| match e {
        files::LoadError::NotARecord => Refused::NotARecord(format!("{name}: {e}")),
        e => Refused::Skipped(format!("{name}: {e}")),
    })
}

impl Archive {
    /// The first pass: walks `paths`, parses every record in parallel and indexes its facts.
    pub fn index(
        roots: &[PathBuf],
        configs: &Configs,
        depth: FirstPass,
    ) -> Result<Archive, String> {
        let walked = files::walk(roots, configs)?;
        let gaz = Arc::new(Gazetteer::with_extension(&configs.merged_knowledge()));
        let mut archive = Archive {
            ws: Workspace::new(gaz.clone()),
            ids: Vec::new(),
            skipped: walked.unreadable,
            not_records: Vec::new(),
            empty_paths: Vec::new(),
            vanished: Vec::new(),
            paths: Vec::new(),
            governing: Vec::new(),
        };
        let mut records_per_path = vec![0usize; roots.len()];
        // Files are indexed in the walk's order (their ids follow it), a chunk at a time: the
        // previous chunk's facts go into the indexes on one thread while this chunk is parsed
        // on the others, so the indexing is not a serial tail.
        let mut indexed: Vec<(files::Found, Result<DocFacts, Refused>)> = Vec::new();
        for chunk in walked.files.chunks(INDEX_CHUNK) {
            let previous = std::mem::take(&mut indexed);
            let (added, parsed) = rayon::join(
                || archive.add_all(previous, configs, &mut records_per_path),
                || {
                    chunk
                        .par_iter()
                        .map(|f| (f.clone(), facts_of(f, &gaz, depth)))
                        .collect()
                },
            );
            added?;
            indexed = parsed;
        }
        archive.add_all(indexed, configs, &mut records_per_path)?;
        archive.empty_paths = roots
            .iter()
            .zip(&records_per_path)
            .filter(|(_, n)| **n == 0)
            .map(|(p, _)| p.clone())
            .collect();
        let ws = &archive.ws;
        let mut ids: Vec<FileId> = ws.file_ids().collect();
        ids.sort_by_cached_key(|&id| ws.facts(id).map(|f| f.name.clone()));
        archive.ids = ids;
        Ok(archive)
    }

    /// Indexes the facts of a chunk of found files, in order, and notes what was refused.
    fn add_all(
        &mut self,
        parsed: Vec<(files::Found, Result<DocFacts, Refused>)>,
        configs: &Configs,
        records_per_path: &mut [usize],
    ) -> Result<(), String> {
        for (found, r) in parsed {
            match r {
                Ok(facts) => {
                    let id = self.ws.insert_facts(facts);
                    if self.paths.len() <= id {
                        self.paths.resize(id + 1, None);
                        self.governing.resize(id + 1, None);
                    }
                    self.governing[id] = Some(configs.for_path(&found.path)?);
                    self.paths[id] = Some(found.path);
                    records_per_path[found.root] += 1;
                }
                Err(Refused::NotARecord(e)) => self.not_records.push(e),
                Err(Refused::Skipped(e)) => self.skipped.push(e),
            }
        }
        Ok(())
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
        let parsed = self.parse_missing(wanted);
        self.attach(parsed);
    }

    /// Parses the records among `wanted` that are not loaded, in parallel, without attaching
    /// them: this reads the workspace only, so it may run beside a reader of it.
    fn parse_missing(&self, wanted: &[FileId]) -> Vec<(FileId, Result<Document, String>)> {
        let missing: Vec<(FileId, &Path)> = wanted
            .iter()
            .filter(|&&id| self.ws.get(id).is_none())
            .filter_map(|&id| Some((id, self.paths.get(id)?.as_deref()?)))
            .collect();
        let gaz = &self.ws.gaz;
        missing
            .into_par_iter()
            .map(|(id, p)| (id, parse_file(p, gaz)))
            .collect()
    }

    fn attach(&mut self, parsed: Vec<(FileId, Result<Document, String>)>) {
        for (id, doc) in parsed {
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
    ///
    /// While a batch's records are run, the next batch's missing records are parsed and the
    /// previous batch's results emitted, all on the same threads: no step waits for the slowest
    /// record of another (a batch's end left a core idle). `emit` is the one serial step.
    pub fn run<T: Send>(
        &mut self,
        needs: impl Fn(&Workspace, FileId) -> Vec<FileId>,
        per_record: impl Fn(&Workspace, FileId) -> T + Sync,
        shows: impl Fn(&T) -> Vec<FileId>,
        mut emit: impl FnMut(&Workspace, Vec<T>) -> Result<(), String> + Send,
    ) -> Result<(), String> {
        let ids = self.ids.clone();
        let batches: Vec<&[FileId]> = ids.chunks(BATCH).collect();
        let wanted_by = |ws: &Workspace, batch: &[FileId]| -> Vec<FileId> {
            let mut wanted: Vec<FileId> = batch.iter().flat_map(|&id| needs(ws, id)).collect();
            wanted.sort_unstable();
            wanted.dedup();
            wanted
        };
        if let Some(first) = batches.first() {
            let wanted = wanted_by(&self.ws, first);
            self.load(&wanted);
        }
        // The previous batch's results, waiting to be emitted beside this batch's run.
        let mut pending: Option<Vec<T>> = None;
        for (k, batch) in batches.iter().enumerate() {
            let next_wanted = batches
                .get(k + 1)
                .map(|next| wanted_by(&self.ws, next))
                .unwrap_or_default();
            let this = &*self;
            let (emitted, (results, parsed)) = rayon::join(
                || pending.take().map_or(Ok(()), |r| emit(&this.ws, r)),
                || {
                    rayon::join(
                        || {
                            batch
                                .par_iter()
                                .map(|&id| per_record(&this.ws, id))
                                .collect::<Vec<T>>()
                        },
                        || this.parse_missing(&next_wanted),
                    )
                },
            );
            emitted?;
            let mut shown: Vec<FileId> = results.iter().flat_map(&shows).collect();
            shown.sort_unstable();
            shown.dedup();
            // Analyses hold the meetings' word indexes: only those of meetings the next batch
            // reads again are kept.
            let analyses = self.ws.take_memo_unless_within(&next_wanted);
            let loaded: Vec<FileId> = self.ws.documents().map(|(id, _)| id).collect();
            let mut unloaded: Vec<Arc<Document>> = Vec::new();
            for id in loaded {
                let kept =
                    next_wanted.binary_search(&id).is_ok() || shown.binary_search(&id).is_ok();
                if !kept {
                    unloaded.extend(self.ws.unload(id));
                }
            }
            // Dropping a batch's parses and analyses is work of its own: done beside the next.
            rayon::spawn(move || drop((unloaded, analyses)));
            self.attach(parsed);
            self.load(&shown);
            pending = Some(results);
        }
        pending.map_or(Ok(()), |r| emit(&self.ws, r))
    }
}
