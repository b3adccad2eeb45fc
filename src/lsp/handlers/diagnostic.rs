//! `textDocument/diagnostic`: diagnostics pulled by the client, with a result id; `unchanged`
//! when the client's id is still current (see [`crate::lsp::result_ids`]), without running the
//! checks.

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{DocumentDiagnosticParams, DocumentDiagnosticReportResult};

use crate::lsp::Backend;
use crate::lsp::context::with_doc;
use crate::lsp::convert::diagnostics::{full_report, unchanged_report};
use crate::lsp::diagnostics::checked;
use crate::lsp::handlers::config_and_document_changes;
use crate::lsp::result_ids::result_id;
use crate::lsp::state::key;

pub(crate) async fn diagnostic(
    server: &Backend,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let uri = &params.text_document.uri;
    let (config, document_changes) = config_and_document_changes(&server.shared, uri);
    let prefix = server.shared.result_ids.prefix(&server.shared.baselines);
    let previous = params.previous_result_id.as_deref();
    with_doc(
        &server.shared,
        uri,
        "textDocument/diagnostic",
        full_report(Vec::new(), None),
        |c| {
            let id = result_id(&prefix, c.ws, c.file);
            if let Some(id) = id.as_ref().filter(|id| Some(id.as_str()) == previous) {
                return Ok(unchanged_report(id.clone()));
            }
            let name = key(uri);
            let items = checked(
                &server.shared,
                c.core,
                &name,
                c.file,
                &config,
                c.enc,
                document_changes,
            );
            Ok(full_report(items, id))
        },
    )
}
