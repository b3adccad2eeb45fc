//! Results computed once per meeting and shared by every reader (checks, code actions, hover):
//! a table keyed by the meeting's records, each entry stamped with the revisions it was computed
//! from, so that a change recomputes only the analyses that read the changed records.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::FileId;

/// The revisions a result was computed from: each record of the meeting, and the speakers of
/// each session the meeting belongs to (identity evidence reaches across the session).
pub(crate) type Stamp = Vec<u64>;

type Cell = Arc<OnceLock<Arc<dyn Any + Send + Sync>>>;

/// A result's type and the meeting's records.
type Key = (TypeId, Vec<FileId>);

/// Above this many entries the table is emptied: entries of meetings that no longer exist are
/// otherwise never looked up again.
const MAX_ENTRIES: usize = 4096;

#[derive(Default)]
pub(crate) struct Memo {
    table: Mutex<HashMap<Key, (Stamp, Cell)>>,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.table.lock().map(|t| t.len()).unwrap_or(0);
        write!(f, "Memo({n} entries)")
    }
}

impl Memo {
    /// The value for `members` at `stamp`, computed by `compute` on a miss. Concurrent callers
    /// for the same meeting wait for one computation instead of repeating it.
    pub(crate) fn get_or_compute<T: Any + Send + Sync>(
        &self,
        members: &[FileId],
        stamp: Stamp,
        compute: impl FnOnce() -> T,
    ) -> Arc<T> {
        let key = (TypeId::of::<T>(), members.to_vec());
        let cell = {
            let mut table = self.table.lock().unwrap_or_else(|e| e.into_inner());
            match table.get(&key) {
                Some((s, cell)) if *s == stamp => cell.clone(),
                _ => {
                    if table.len() >= MAX_ENTRIES {
                        table.clear();
                    }
                    let cell: Cell = Arc::new(OnceLock::new());
                    table.insert(key, (stamp, cell.clone()));
                    cell
                }
            }
        };
        let value = cell.get_or_init(|| Arc::new(compute()) as Arc<dyn Any + Send + Sync>);
        value
            .clone()
            .downcast::<T>()
            .expect("a memo entry holds the type it is keyed by")
    }

    /// Takes out the entries of meetings not wholly among `kept` (sorted) and hands them back,
    /// for the caller to drop where it costs nothing (the command line drops a batch's analyses
    /// while it checks the next batch, and keeps those of the meetings the next batch reads
    /// again, which would otherwise be computed once per batch a meeting spans).
    pub(crate) fn take_unless_within(&self, kept: &[FileId]) -> impl Send + use<> {
        let mut table = self.table.lock().unwrap_or_else(|e| e.into_inner());
        let (stay, gone): (HashMap<_, _>, HashMap<_, _>) = std::mem::take(&mut *table)
            .into_iter()
            .partition(|((_, members), _)| members.iter().all(|m| kept.binary_search(m).is_ok()));
        *table = stay;
        gone
    }
}
