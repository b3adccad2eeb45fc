//! `check --baseline FILE` (or `baseline = "file"` in a record's `rapporteur.toml`): the baseline
//! governing each record, findings it accepts left out, its entries that match nothing any more
//! reported as `stale-baseline-entry`, and `--update-baseline` writing it from the findings.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::archive::Archive;
use super::atomic::write_atomically;
use crate::baseline::{
    Baseline, Fingerprint, Matcher, fingerprint, record_identity, stale_finding,
};
use crate::checks::Diagnostic;
use crate::configs::{Located, absolute};
use crate::workspace::{FileId, Workspace};

/// One baseline file and what this run did with it.
struct BaselineFile {
    path: PathBuf,
    matcher: Matcher,
    /// The identities of the records it governs in this run.
    records: HashSet<String>,
    /// `--update-baseline`: the findings to write.
    collected: Vec<Fingerprint>,
}

/// The baselines of a run.
pub struct Baselines {
    files: Vec<BaselineFile>,
    /// Per record: the index of its baseline in `files`, and its identity in that baseline.
    of_record: HashMap<FileId, (usize, String)>,
    update: bool,
    /// Findings left out because a baseline accepts them.
    pub accepted: usize,
}

/// A record's identity in the baseline at `baseline` ([`record_identity`]).
fn identity(ws: &Workspace, archive: &Archive, id: FileId, baseline: &Path) -> String {
    let symbol = ws
        .facts(id)
        .and_then(|f| f.symbol.as_ref())
        .map(|(s, _)| s.as_str());
    let record = archive.path_of(id).map(absolute).unwrap_or_default();
    record_identity(symbol, &record, &absolute(baseline))
}

impl Baselines {
    /// The baseline of each record: `forced` for all when given, else its configuration's.
    /// `None` when no record has one. A baseline that cannot be read is an error, unless it is
    /// about to be written.
    pub fn resolve(
        archive: &Archive,
        governing: &[Arc<Located>],
        forced: Option<&Path>,
        update: bool,
    ) -> Result<Option<Baselines>, String> {
        let forced = forced.map(Path::to_path_buf);
        let mut files: Vec<BaselineFile> = Vec::new();
        let mut index_of: HashMap<PathBuf, usize> = HashMap::new();
        let mut of_record = HashMap::new();
        for &id in &archive.ids {
            let path = match (&forced, governing.get(id).and_then(|g| g.baseline())) {
                (Some(f), _) => f.clone(),
                (None, Some(p)) => p,
                (None, None) => continue,
            };
            let at = match index_of.get(&path) {
                Some(&i) => i,
                None => {
                    files.push(BaselineFile {
                        matcher: Matcher::new(&read(&path, update)?),
                        path: path.clone(),
                        records: HashSet::new(),
                        collected: Vec::new(),
                    });
                    index_of.insert(path.clone(), files.len() - 1);
                    files.len() - 1
                }
            };
            let who = identity(&archive.ws, archive, id, &path);
            files[at].records.insert(who.clone());
            of_record.insert(id, (at, who));
        }
        if files.is_empty() {
            return Ok(forced.map(|path| Baselines {
                files: vec![BaselineFile {
                    path,
                    matcher: Matcher::default(),
                    records: HashSet::new(),
                    collected: Vec::new(),
                }],
                of_record,
                update,
                accepted: 0,
            }));
        }
        Ok(Some(Baselines {
            files,
            of_record,
            update,
            accepted: 0,
        }))
    }

    fn fingerprint_of(&self, ws: &Workspace, d: &Diagnostic) -> Option<(usize, Fingerprint)> {
        let (at, who) = self.of_record.get(&d.file)?;
        let doc = ws.get(d.file)?;
        Some((*at, fingerprint(d.code.as_str(), who, &doc.text, d.span)))
    }

    /// The findings a baseline does not accept. With `--update-baseline`, every finding is
    /// collected to be written and none is passed on.
    pub fn filter<'d>(
        &mut self,
        ws: &Workspace,
        found: Vec<&'d Diagnostic>,
    ) -> Vec<&'d Diagnostic> {
        let mut kept = Vec::new();
        for d in found {
            let Some((at, fp)) = self.fingerprint_of(ws, d) else {
                kept.push(d);
                continue;
            };
            if self.update {
                self.files[at].collected.push(fp);
            } else if self.files[at].matcher.accept(&fp) {
                self.accepted += 1;
            } else {
                kept.push(d);
            }
        }
        kept
    }

    /// The entries of each baseline that no finding matched, as findings on their records (at
    /// the symbol, or the record's start).
    pub fn stale(&self, ws: &Workspace) -> Vec<Diagnostic> {
        if self.update {
            return Vec::new();
        }
        let mut by_identity: HashMap<(usize, &str), FileId> = HashMap::new();
        for (&id, (at, who)) in &self.of_record {
            by_identity.insert((*at, who.as_str()), id);
        }
        let mut out = Vec::new();
        for (at, file) in self.files.iter().enumerate() {
            for entry in file.matcher.stale(|r| file.records.contains(r)) {
                let Some(&id) = by_identity.get(&(at, entry.record.as_str())) else {
                    continue;
                };
                let span = ws
                    .facts(id)
                    .and_then(|f| f.symbol.as_ref().map(|(_, s)| *s))
                    .unwrap_or_default();
                out.push(stale_finding(
                    id,
                    span,
                    &file.path.display().to_string(),
                    &entry,
                ));
            }
        }
        out.sort_by_key(|d| (d.file, d.span.start));
        out
    }

    /// `--update-baseline`: writes each baseline from the findings collected; returns what was
    /// written, for the user.
    pub fn write(&self) -> Result<Vec<String>, String> {
        let mut said = Vec::new();
        for file in &self.files {
            let baseline = Baseline::of(file.collected.iter().cloned());
            write_atomically(&file.path, &baseline.to_json())?;
            said.push(format!(
                "wrote {} accepted finding(s) to {}",
                baseline.entries.len(),
                file.path.display()
            ));
        }
        Ok(said)
    }
}

/// Reads a baseline; a missing one is empty when it is about to be written.
fn read(path: &Path, update: bool) -> Result<Baseline, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Baseline::parse(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if update {
                Ok(Baseline::default())
            } else {
                Err(format!(
                    "{}: no such baseline; write it with --update-baseline",
                    path.display()
                ))
            }
        }
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}
