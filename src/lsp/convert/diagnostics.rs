//! Check diagnostics as the client sees them: severity, related places, the quick fixes carried
//! in `data`, and the report of a pulled `textDocument/diagnostic`.

use tower_lsp::lsp_types as lsp;

use crate::baseline::Fingerprint;
use crate::checks::{self, Severity};
use crate::lsp::convert::edits::workspace_edit;
use crate::lsp::convert::{location, range};
use crate::lsp::position::Encoding;
use crate::lsp::state::Core;

/// The name diagnostics are published under, and by which the client's diagnostics sent back
/// with a code action are recognised as ours.
pub(crate) const SOURCE: &str = "rapporteur";

pub(crate) fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
    }
}

pub(crate) fn diagnostic(
    core: &Core,
    d: &checks::Diagnostic,
    enc: Encoding,
) -> Option<lsp::Diagnostic> {
    let doc = core.ws.get(d.file)?;
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            Some(lsp::DiagnosticRelatedInformation {
                location: location(core, r.file, r.span, enc)?,
                message: r.message.clone(),
            })
        })
        .collect();
    Some(lsp::Diagnostic {
        range: range(doc, d.span, enc),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.code.as_str().to_string())),
        code_description: lsp::Url::parse(&d.code.docs_url())
            .ok()
            .map(|href| lsp::CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
        related_information: if related.is_empty() {
            None
        } else {
            Some(related)
        },
        tags: None,
        data: None,
    })
}

/// The quick fixes a published diagnostic carries in its `data`, so that a code action reads
/// them instead of re-running the checks.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct CarriedFix {
    pub(crate) title: String,
    pub(crate) edit: lsp::WorkspaceEdit,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct CarriedFixes {
    pub(crate) fixes: Vec<CarriedFix>,
    /// The baseline that governs the record, and the entry that would accept this finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) accept: Option<CarriedAccept>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct CarriedAccept {
    pub(crate) baseline: lsp::Url,
    pub(crate) entry: Fingerprint,
}

/// A diagnostic as published: [`diagnostic`], with its quick fixes as workspace edits in `data`.
pub(crate) fn diagnostic_with_fixes(
    core: &Core,
    d: &checks::Diagnostic,
    accept: Option<CarriedAccept>,
    enc: Encoding,
    document_changes: bool,
) -> Option<lsp::Diagnostic> {
    let mut out = diagnostic(core, d, enc)?;
    if !d.fixes.is_empty() || accept.is_some() {
        let carried = CarriedFixes {
            accept,
            fixes: d
                .fixes
                .iter()
                .map(|f| CarriedFix {
                    title: f.title.clone(),
                    edit: workspace_edit(core, &f.edits, enc, document_changes),
                })
                .collect(),
        };
        out.data = serde_json::to_value(carried).ok();
    }
    Some(out)
}

/// A document's check diagnostics, each with its fixes, as pushed or pulled; with a baseline,
/// each with the entry that would accept it (`accepts` runs parallel to `diagnostics`).
pub(crate) fn published(
    core: &Core,
    diagnostics: &[checks::Diagnostic],
    baseline: Option<(lsp::Url, Vec<Option<Fingerprint>>)>,
    enc: Encoding,
    document_changes: bool,
) -> Vec<lsp::Diagnostic> {
    let (uri, mut accepts) = match baseline {
        Some((uri, accepts)) => (Some(uri), accepts),
        None => (None, Vec::new()),
    };
    accepts.resize(diagnostics.len(), None);
    diagnostics
        .iter()
        .zip(accepts)
        .filter_map(|(d, entry)| {
            let accept = uri
                .clone()
                .zip(entry)
                .map(|(baseline, entry)| CarriedAccept { baseline, entry });
            diagnostic_with_fixes(core, d, accept, enc, document_changes)
        })
        .collect()
}

/// The answer to `textDocument/diagnostic`: the findings with their result id.
pub(crate) fn full_report(
    items: Vec<lsp::Diagnostic>,
    result_id: Option<String>,
) -> lsp::DocumentDiagnosticReportResult {
    lsp::DocumentDiagnosticReportResult::Report(lsp::DocumentDiagnosticReport::Full(
        lsp::RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport { result_id, items },
        },
    ))
}

/// The answer to `textDocument/diagnostic` when the client's result id is still current.
pub(crate) fn unchanged_report(result_id: String) -> lsp::DocumentDiagnosticReportResult {
    lsp::DocumentDiagnosticReportResult::Report(lsp::DocumentDiagnosticReport::Unchanged(
        lsp::RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport {
                result_id,
            },
        },
    ))
}

/// One record in a `workspace/diagnostic` answer: its findings (`items`), or `unchanged` when
/// `items` is `None`. `version` is the open buffer's, `None` for a closed record.
pub(crate) fn workspace_report(
    uri: lsp::Url,
    version: Option<i32>,
    result_id: Option<String>,
    items: Option<Vec<lsp::Diagnostic>>,
) -> lsp::WorkspaceDocumentDiagnosticReport {
    let version = version.map(i64::from);
    match (items, result_id) {
        (None, Some(result_id)) => lsp::WorkspaceUnchangedDocumentDiagnosticReport {
            uri,
            version,
            unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport {
                result_id,
            },
        }
        .into(),
        (items, result_id) => lsp::WorkspaceFullDocumentDiagnosticReport {
            uri,
            version,
            full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                result_id,
                items: items.unwrap_or_default(),
            },
        }
        .into(),
    }
}
