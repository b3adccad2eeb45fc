//! `textDocument/diagnostic`: diagnostics pulled by the client, always as a full report.

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{DocumentDiagnosticParams, DocumentDiagnosticReportResult};

use crate::lsp::Backend;
use crate::lsp::context::with_doc;
use crate::lsp::convert::diagnostics::full_report;
use crate::lsp::diagnostics::checked;
use crate::lsp::handlers::config_and_document_changes;
use crate::lsp::state::key;

pub(crate) async fn diagnostic(
    server: &Backend,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let uri = &params.text_document.uri;
    let (config, document_changes) = config_and_document_changes(&server.shared, uri);
    let items = with_doc(
        &server.shared,
        uri,
        "textDocument/diagnostic",
        Vec::new(),
        |c| {
            let name = key(uri);
            Ok(checked(
                &server.shared,
                c.core,
                &name,
                c.file,
                &config,
                c.enc,
                document_changes,
            ))
        },
    )?;
    Ok(full_report(items))
}
