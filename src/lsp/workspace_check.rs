//! Checking many records off the message loop, for the two requests that look at every record
//! (the `rapporteur.server.checkWorkspace` command and `workspace/diagnostic`): the plan (the
//! records in meeting order, each with its configuration, taken from the settings at once) and
//! batches of it checked on a snapshot, as an open record's diagnostics are.

use std::ops::Range;

use tower_lsp::lsp_types::{Diagnostic, Url};

use crate::config::Config;
use crate::lsp::diagnostics::checked;
use crate::lsp::position::Encoding;
use crate::lsp::state::{Core, Settings, Shared};
use crate::workspace::FileId;

/// Closed records are parsed for their meeting's checks and dropped again past this many.
const PARSED_LIMIT: usize = 256;

/// One record's findings as the client sees them.
pub(crate) struct Checked {
    pub(crate) file: FileId,
    pub(crate) name: String,
    pub(crate) uri: Url,
    /// Whether it is open in the editor, and the version checked then.
    pub(crate) open: Option<i32>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// What checking records needs of the settings, taken at once so that the lock on them is not
/// held while it runs: the records in meeting order (so that a meeting's closed records are
/// parsed once) with the configuration of each (the distinct configurations once).
pub(crate) struct Plan {
    pub(crate) records: Vec<(FileId, String, usize)>,
    configs: Vec<Config>,
    enc: Encoding,
    document_changes: bool,
}

/// The plan of checking `files` of the snapshot.
pub(crate) fn plan(
    snapshot: &Core,
    settings: &Settings,
    files: impl Iterator<Item = FileId>,
) -> Plan {
    let mut ids: Vec<(Option<u32>, Vec<u32>, String, FileId)> = files
        .filter_map(|id| {
            let f = snapshot.ws.facts(id)?;
            Some((f.session, f.meetings.clone(), f.name.clone(), id))
        })
        .collect();
    ids.sort();
    let mut configs: Vec<Config> = Vec::new();
    let records = ids
        .into_iter()
        .map(|(_, _, name, id)| {
            let config = settings.config_for(&name);
            let ci = match configs.iter().position(|c| *c == config) {
                Some(i) => i,
                None => {
                    configs.push(config);
                    configs.len() - 1
                }
            };
            (id, name, ci)
        })
        .collect();
    Plan {
        records,
        configs,
        enc: settings.encoding,
        document_changes: settings.caps.document_changes,
    }
}

/// The findings of the records `range` of the plan, parses made on demand dropped as the walk
/// goes on.
pub(crate) fn check(
    shared: &Shared,
    snapshot: &mut Core,
    plan: &Plan,
    range: Range<usize>,
) -> Vec<Checked> {
    let mut out = Vec::with_capacity(range.len());
    for (id, name, ci) in &plan.records[range] {
        let diagnostics = checked(
            shared,
            snapshot,
            name,
            *id,
            &plan.configs[*ci],
            plan.enc,
            plan.document_changes,
        );
        if let Some(uri) = snapshot.uri_of(*id) {
            out.push(Checked {
                file: *id,
                open: snapshot
                    .open
                    .get(name)
                    .map(|o| o.parsed.unwrap_or(o.version)),
                name: name.clone(),
                uri,
                diagnostics,
            });
        }
        snapshot.ws.evict_parsed(PARSED_LIMIT);
    }
    out
}
