//! Baselines in the server, as on the command line: each record's baseline (the `baseline` of its
//! nearest `rapporteur.toml`) read from disk and cached by modification time; the findings it
//! accepts left out of the record's diagnostics, its entries that match nothing reported as
//! stale, and for every other finding the fingerprint that would accept it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use crate::baseline::{
    Baseline, Fingerprint, Matcher, fingerprint, record_identity, stale_finding,
};
use crate::checks::{CheckCode, Diagnostic};
use crate::config::Config;
use crate::workspace::{FileId, Workspace};

/// A baseline file as last read, its entries grouped by record.
struct Cached {
    stamp: (Option<SystemTime>, u64),
    by_record: Arc<HashMap<String, Vec<Fingerprint>>>,
}

/// The baselines the server has read, by path.
#[derive(Default)]
pub(crate) struct BaselineCache {
    by_path: Mutex<HashMap<PathBuf, Cached>>,
}

fn stamp(path: &Path) -> Option<(Option<SystemTime>, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok(), meta.len()))
}

impl BaselineCache {
    /// The entries of `path` for one record; none when the file is missing or unreadable (a bad
    /// baseline accepts nothing, so its findings show).
    fn entries(&self, path: &Path, record: &str) -> Vec<Fingerprint> {
        // A missing file is remembered too, so that its creation re-checks the open records.
        let now = stamp(path).unwrap_or((None, u64::MAX));
        let mut cache = self.by_path.lock().unwrap_or_else(|e| e.into_inner());
        let fresh = cache.get(path).is_some_and(|c| c.stamp == now);
        if !fresh {
            let baseline = std::fs::read_to_string(path)
                .ok()
                .and_then(|t| Baseline::parse(&t).ok())
                .unwrap_or_default();
            let mut by_record: HashMap<String, Vec<Fingerprint>> = HashMap::new();
            for e in baseline.entries {
                by_record.entry(e.record.clone()).or_default().push(e);
            }
            cache.insert(
                path.to_path_buf(),
                Cached {
                    stamp: now,
                    by_record: Arc::new(by_record),
                },
            );
        }
        cache
            .get(path)
            .and_then(|c| c.by_record.get(record).cloned())
            .unwrap_or_default()
    }

    /// A digest of the baselines read so far as they are on disk now: it changes when one of them
    /// is written, created or deleted (one `stat` per baseline, not per record).
    pub(crate) fn digest(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let cache = self.by_path.lock().unwrap_or_else(|e| e.into_inner());
        let mut paths: Vec<&PathBuf> = cache.keys().collect();
        paths.sort();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for p in paths {
            p.hash(&mut h);
            stamp(p).unwrap_or((None, u64::MAX)).hash(&mut h);
        }
        h.finish()
    }

    /// Whether `path` is a baseline the server has read (its change re-checks open records).
    pub(crate) fn knows(&self, path: &Path) -> bool {
        let cache = self.by_path.lock().unwrap_or_else(|e| e.into_inner());
        cache.contains_key(path)
    }
}

/// A record's findings after its baseline: those it does not accept (with the fingerprint each
/// would be accepted with), then its stale entries.
pub(crate) struct Applied {
    pub(crate) found: Vec<Diagnostic>,
    pub(crate) accepts: Vec<Option<Fingerprint>>,
}

/// Applies the baseline at `baseline` to the findings of `file` (at `record_path` on disk).
pub(crate) fn apply(
    cache: &BaselineCache,
    baseline: &Path,
    ws: &Workspace,
    file: FileId,
    record_path: &Path,
    found: Vec<Diagnostic>,
    config: &Config,
) -> Applied {
    let Some(doc) = ws.get(file) else {
        return Applied {
            accepts: vec![None; found.len()],
            found,
        };
    };
    let symbol = ws.facts(file).and_then(|f| f.symbol.clone());
    let who = record_identity(
        symbol.as_ref().map(|(s, _)| s.as_str()),
        record_path,
        baseline,
    );
    let entries = cache.entries(baseline, &who);
    let mut matcher = Matcher::new(&Baseline::of(entries));
    let mut kept = Vec::new();
    let mut accepts = Vec::new();
    for d in found {
        let fp = fingerprint(d.code.as_str(), &who, &doc.text, d.span);
        if !matcher.accept(&fp) {
            kept.push(d);
            accepts.push(Some(fp));
        }
    }
    if let Some(severity) = config.severity_of(CheckCode::StaleBaselineEntry) {
        let at = symbol.map(|(_, span)| span).unwrap_or_default();
        let shown = baseline.display().to_string();
        for entry in matcher.stale(|_| true) {
            let mut d = stale_finding(file, at, &shown, &entry);
            d.severity = severity;
            kept.push(d);
            accepts.push(None);
        }
    }
    Applied {
        found: kept,
        accepts,
    }
}
