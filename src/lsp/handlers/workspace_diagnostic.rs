//! `workspace/diagnostic`: every indexed record's findings, open or not, each with a result id;
//! `unchanged` for a record whose id the client sent back is still current, so that a pull after
//! nothing changed runs no check. Records are checked on a snapshot in batches, off the message
//! loop; with a `partialResultToken` the batches reach the client as they are done (`$/progress`),
//! the last one in the answer. A cancelled request stops between batches.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::notification::Notification;
use tower_lsp::lsp_types::{
    ProgressToken, WorkspaceDiagnosticParams, WorkspaceDiagnosticReport,
    WorkspaceDiagnosticReportPartialResult, WorkspaceDiagnosticReportResult,
    WorkspaceDocumentDiagnosticReport,
};

use crate::lsp::Backend;
use crate::lsp::convert::diagnostics::workspace_report;
use crate::lsp::indexing::wait_indexed;
use crate::lsp::result_ids::result_id;
use crate::lsp::state::{Shared, key};
use crate::lsp::workspace_check::{check, plan};
use crate::workspace::FileId;

/// Records checked between two looks at cancellation (and two partial results): a few meetings.
const BATCH: usize = 16;

/// `$/progress` carrying a partial result of `workspace/diagnostic`.
enum PartialResult {}

#[derive(Debug, Serialize, Deserialize)]
struct PartialResultParams {
    token: ProgressToken,
    value: WorkspaceDiagnosticReportPartialResult,
}

impl Notification for PartialResult {
    type Params = PartialResultParams;
    const METHOD: &'static str = "$/progress";
}

/// Where the reports go: with a partial-result token, each batch but the last as a partial
/// result as soon as it is done, and the last in the answer (tower-lsp may send an answer ahead
/// of a notification queued just before it, never ahead of one queued a batch earlier; clients
/// append the answer's reports to the partial ones); without one, all in the answer.
struct Sink<'a> {
    server: &'a Backend,
    token: Option<ProgressToken>,
    held: Vec<WorkspaceDocumentDiagnosticReport>,
}

impl Sink<'_> {
    /// Sends `items` on; `last` when no more will come (they go in the answer).
    async fn send(&mut self, items: Vec<WorkspaceDocumentDiagnosticReport>, last: bool) {
        let token = match &self.token {
            Some(token) if !last && !items.is_empty() => token.clone(),
            _ => {
                self.held.extend(items);
                return;
            }
        };
        let params = PartialResultParams {
            token,
            value: WorkspaceDiagnosticReportPartialResult { items },
        };
        self.server
            .client
            .send_notification::<PartialResult>(params)
            .await;
    }

    fn answer(self) -> WorkspaceDiagnosticReportResult {
        WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport { items: self.held })
    }
}

pub(crate) async fn workspace_diagnostic(
    server: &Backend,
    params: WorkspaceDiagnosticParams,
) -> Result<WorkspaceDiagnosticReportResult> {
    let shared = &server.shared;
    let mut sink = Sink {
        server,
        token: params.partial_result_params.partial_result_token,
        held: Vec::new(),
    };
    if !shared.settings().workspace_diagnostics() {
        return Ok(sink.answer());
    }
    shared.workspace_pulled.store(true, Ordering::Relaxed);
    wait_indexed(shared).await;
    let previous: HashMap<String, String> = params
        .previous_result_ids
        .into_iter()
        .map(|p| (key(&p.uri), p.value))
        .collect();
    let (unchanged, stale) = sort_out(shared, &previous);
    sink.send(unchanged, stale.is_empty()).await;
    if !stale.is_empty() {
        check_in_batches(server, &mut sink, &previous, stale).await?;
    }
    Ok(sink.answer())
}

/// Under the read lock, without running a check: the reports of records whose result id the
/// client has (`unchanged`), of records it has reports of that are gone (empty), and the
/// records to check.
fn sort_out(
    shared: &Shared,
    previous: &HashMap<String, String>,
) -> (Vec<WorkspaceDocumentDiagnosticReport>, Vec<FileId>) {
    let prefix = shared.result_ids.prefix(&shared.baselines);
    let core = shared.read();
    let mut unchanged = Vec::new();
    let mut stale = Vec::new();
    for (file, name) in core.ws.names() {
        let id = result_id(&prefix, &core.ws, file);
        match (previous.get(name), id, core.uri_of(file)) {
            (Some(had), Some(id), Some(uri)) if *had == id => {
                let version = core.open.get(name).and_then(|o| o.parsed);
                unchanged.push(workspace_report(uri, version, Some(id), None));
            }
            _ => stale.push(file),
        }
    }
    for name in previous.keys() {
        if core.ws.id_of(name).is_none()
            && let Ok(uri) = tower_lsp::lsp_types::Url::parse(name)
        {
            unchanged.push(workspace_report(uri, None, None, Some(Vec::new())));
        }
    }
    (unchanged, stale)
}

/// Checks `stale` on a snapshot, [`BATCH`] records at a time on a blocking thread, sending each
/// batch's reports on.
async fn check_in_batches(
    server: &Backend,
    sink: &mut Sink<'_>,
    previous: &HashMap<String, String>,
    stale: Vec<FileId>,
) -> Result<()> {
    let snapshot = server.shared.read().clone();
    let plan = plan(&snapshot, &server.shared.settings(), stale.into_iter());
    let prefix = server.shared.result_ids.prefix(&server.shared.baselines);
    // Ids from the snapshot the findings come from: a change meanwhile gives the next pull a
    // new id, never an id newer than its findings.
    let ids: HashMap<FileId, String> = plan
        .records
        .iter()
        .filter_map(|(f, _, _)| Some((*f, result_id(&prefix, &snapshot.ws, *f)?)))
        .collect();
    let total = plan.records.len();
    let mut state = Some((snapshot, plan));
    let mut start = 0;
    while start < total {
        let end = (start + BATCH).min(total);
        let (mut snapshot, plan) = state.take().ok_or_else(Error::internal_error)?;
        let shared = server.shared.clone();
        let (checked, snapshot, plan) = tokio::task::spawn_blocking(move || {
            let checked = check(&shared, &mut snapshot, &plan, start..end);
            (checked, snapshot, plan)
        })
        .await
        .map_err(|_| Error::internal_error())?;
        let items = checked
            .into_iter()
            .map(|c| {
                let id = ids.get(&c.file).cloned();
                let same = id.is_some() && previous.get(&c.name) == id.as_ref();
                let items = (!same).then_some(c.diagnostics);
                workspace_report(c.uri, c.open, id, items)
            })
            .collect();
        sink.send(items, end == total).await;
        state = Some((snapshot, plan));
        start = end;
    }
    Ok(())
}
