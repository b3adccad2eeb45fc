//! Work-done progress (`$/progress` begin, report, end) for clients that support it; a client
//! that does not, or refuses the token, simply sees no progress.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tower_lsp::Client;
use tower_lsp::lsp_types::notification::Progress;
use tower_lsp::lsp_types::request::WorkDoneProgressCreate;
use tower_lsp::lsp_types::{
    NumberOrString, ProgressParams, ProgressParamsValue, WorkDoneProgress, WorkDoneProgressBegin,
    WorkDoneProgressCreateParams, WorkDoneProgressEnd, WorkDoneProgressReport,
};

/// Numbers the progress tokens of one server, shared by its handles.
#[derive(Clone, Default)]
pub(crate) struct ProgressIds(Arc<AtomicU64>);

/// One run of work-done progress; without a token (the client cannot show progress) every step
/// is a no-op.
pub(crate) struct WorkDone {
    client: Client,
    token: Option<NumberOrString>,
}

impl WorkDone {
    /// Creates a token with the client and sends `begin`; `enabled` is whether the client
    /// announced `window.workDoneProgress`.
    pub(crate) async fn begin(
        client: &Client,
        ids: &ProgressIds,
        enabled: bool,
        title: &str,
    ) -> WorkDone {
        let token = if enabled {
            create_and_begin(client, ids, title).await
        } else {
            None
        };
        WorkDone {
            client: client.clone(),
            token,
        }
    }

    pub(crate) async fn report(&self, message: String, percentage: u32) {
        let report = WorkDoneProgress::Report(WorkDoneProgressReport {
            cancellable: Some(false),
            message: Some(message),
            percentage: Some(percentage.min(100)),
        });
        self.send(report).await;
    }

    pub(crate) async fn end(self, message: String) {
        let end = WorkDoneProgress::End(WorkDoneProgressEnd {
            message: Some(message),
        });
        self.send(end).await;
    }

    async fn send(&self, value: WorkDoneProgress) {
        if let Some(token) = &self.token {
            send_progress(&self.client, token.clone(), value).await;
        }
    }
}

/// Asks the client for a new token, then begins it; `None` when the client refused.
async fn create_and_begin(
    client: &Client,
    ids: &ProgressIds,
    title: &str,
) -> Option<NumberOrString> {
    let n = ids.0.fetch_add(1, Ordering::Relaxed);
    let token = NumberOrString::String(format!("rapporteur/index/{n}"));
    client
        .send_request::<WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
            token: token.clone(),
        })
        .await
        .ok()?;
    let begin = WorkDoneProgress::Begin(WorkDoneProgressBegin {
        title: title.to_string(),
        cancellable: Some(false),
        message: None,
        percentage: Some(0),
    });
    send_progress(client, token.clone(), begin).await;
    Some(token)
}

async fn send_progress(client: &Client, token: NumberOrString, value: WorkDoneProgress) {
    client
        .send_notification::<Progress>(ProgressParams {
            token,
            value: ProgressParamsValue::WorkDone(value),
        })
        .await;
}
