//! Result ids of pulled diagnostics (`textDocument/diagnostic`, `workspace/diagnostic`): a short
//! string per record that changes whenever the record's findings could, so that a client sending
//! it back is answered `unchanged` without running the checks.
//!
//! The rule: `<server>.<settings>.<baselines>.<workspace>`, where
//! - `server` is drawn when the server starts (ids of an earlier run never match);
//! - `settings` counts changes of the configuration in force: editor settings, any
//!   `rapporteur.toml` read again, a baseline reported changed on disk;
//! - `baselines` digests the baseline files read so far as they are on disk now (size and
//!   modification time), for clients that do not report file changes;
//! - `workspace` is [`crate::checks::findings_revision`]: the newest revision of what the
//!   record's findings read (itself, the records of its meeting closure, its session as other
//!   meetings see it, records without a session, the records carrying its symbol or a symbol it
//!   cites).
//!
//! Computing one costs a few index lookups, never a walk over the documents.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::lsp::baselines::BaselineCache;
use crate::workspace::{FileId, Workspace};

/// The counts behind the ids that do not depend on the record.
pub(crate) struct ResultIds {
    server: String,
    settings: AtomicU64,
}

impl Default for ResultIds {
    fn default() -> ResultIds {
        // Unique per server in this process (tests run many) and per process.
        static SERVERS: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let n = SERVERS.fetch_add(1, Ordering::Relaxed);
        let seed = nanos ^ (u64::from(std::process::id()) << 32) ^ n.wrapping_mul(0x9E37_79B9);
        ResultIds {
            server: format!("{:x}", seed & 0xffff_ffff_ffff),
            settings: AtomicU64::new(0),
        }
    }
}

impl ResultIds {
    /// The configuration in force changed: every id changes.
    pub(crate) fn settings_changed(&self) {
        self.settings.fetch_add(1, Ordering::Relaxed);
    }
}

impl ResultIds {
    /// What every id of one request shares: computed once per request (it reads the baseline
    /// files' metadata).
    pub(crate) fn prefix(&self, baselines: &BaselineCache) -> String {
        format!(
            "{}.{}.{:x}",
            self.server,
            self.settings.load(Ordering::Relaxed),
            baselines.digest() & 0xffff_ffff
        )
    }
}

/// The result id of a record's findings now, with the request's [`ResultIds::prefix`].
pub(crate) fn result_id(prefix: &str, ws: &Workspace, file: FileId) -> Option<String> {
    let revision = crate::checks::findings_revision(ws, file)?;
    Some(format!("{prefix}.{revision}"))
}
