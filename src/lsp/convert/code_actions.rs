//! Quick fixes as code actions: computed for a range, or read back from the `data` of the
//! client's diagnostics (where [`super::diagnostics::diagnostic_with_fixes`] put them).

use tower_lsp::lsp_types as lsp;

use crate::features::code_actions::QuickFix;
use crate::lsp::convert::diagnostics::{CarriedFixes, SOURCE, diagnostic};
use crate::lsp::convert::edits::workspace_edit;
use crate::lsp::position::Encoding;
use crate::lsp::state::Core;

fn quick_fix(
    title: String,
    diagnostics: Option<Vec<lsp::Diagnostic>>,
    edit: lsp::WorkspaceEdit,
    preferred: bool,
) -> lsp::CodeActionOrCommand {
    lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title,
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics,
        edit: Some(edit),
        command: None,
        is_preferred: Some(preferred),
        disabled: None,
        data: None,
    })
}

/// Quick fixes computed for a range, each with the diagnostic it fixes.
pub(crate) fn quick_fix_actions(
    core: &Core,
    fixes: &[QuickFix],
    enc: Encoding,
    document_changes: bool,
) -> lsp::CodeActionResponse {
    fixes
        .iter()
        .map(|q| {
            quick_fix(
                q.fix.title.clone(),
                diagnostic(core, &q.diagnostic, enc).map(|d| vec![d]),
                workspace_edit(core, &q.fix.edits, enc, document_changes),
                q.preferred,
            )
        })
        .collect()
}

/// The quick fixes carried in the `data` of the client's diagnostics (see
/// [`super::diagnostics::diagnostic_with_fixes`]); `None` when no diagnostic of ours carries
/// any, so the caller computes them.
pub(crate) fn carried_actions(diagnostics: &[lsp::Diagnostic]) -> Option<lsp::CodeActionResponse> {
    let mut out = Vec::new();
    for d in diagnostics {
        if d.source.as_deref() != Some(SOURCE) {
            continue;
        }
        let Some(carried) = d
            .data
            .clone()
            .and_then(|v| serde_json::from_value::<CarriedFixes>(v).ok())
        else {
            continue;
        };
        for (i, f) in carried.fixes.into_iter().enumerate() {
            let mut shown = d.clone();
            shown.data = None;
            out.push(quick_fix(f.title, Some(vec![shown]), f.edit, i == 0));
        }
    }
    (!out.is_empty()).then_some(out)
}
