//! Quick fixes as code actions: computed for a range, or read back from the `data` of the
//! client's diagnostics (where [`super::diagnostics::diagnostic_with_fixes`] put them).

use tower_lsp::lsp_types as lsp;

use crate::baseline::Baseline;
use crate::features::code_actions::QuickFix;
use crate::lsp::convert::diagnostics::{CarriedAccept, CarriedFixes, SOURCE, diagnostic};
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

/// The title of the action that accepts a finding into the baseline.
pub(crate) const ACCEPT_TITLE: &str = "Accept this finding into the baseline";

/// "Accept this finding into the baseline": the baseline file as it is (`current`, `None` when
/// it does not exist yet) rewritten with one more entry, as a workspace edit the editor applies.
/// Not offered for a baseline that does not parse (rewriting it would lose it) or, when it must
/// be created, for a client that cannot create files.
fn accept_action(
    shown: lsp::Diagnostic,
    accept: CarriedAccept,
    current: Option<String>,
    enc: Encoding,
    document_changes: bool,
) -> Option<lsp::CodeActionOrCommand> {
    let before = match &current {
        Some(text) => Baseline::parse(text).ok()?,
        None => Baseline::default(),
    };
    let new_text = before.with(accept.entry).to_json();
    let whole = current.as_deref().map_or(lsp::Range::default(), |text| {
        let last_line = text.rsplit('\n').next().unwrap_or("");
        let end = lsp::Position::new(text.matches('\n').count() as u32, enc.len(last_line));
        lsp::Range::new(lsp::Position::new(0, 0), end)
    });
    let text_edit = lsp::TextEdit {
        range: whole,
        new_text,
    };
    let edit = if current.is_some() {
        lsp::WorkspaceEdit {
            changes: Some([(accept.baseline, vec![text_edit])].into_iter().collect()),
            ..Default::default()
        }
    } else if document_changes {
        let create = lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Create(lsp::CreateFile {
            uri: accept.baseline.clone(),
            options: Some(lsp::CreateFileOptions {
                overwrite: Some(false),
                ignore_if_exists: Some(true),
            }),
            annotation_id: None,
        }));
        let fill = lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
            text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                uri: accept.baseline,
                version: None,
            },
            edits: vec![lsp::OneOf::Left(text_edit)],
        });
        lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Operations(vec![create, fill])),
            ..Default::default()
        }
    } else {
        return None;
    };
    Some(quick_fix(
        ACCEPT_TITLE.to_string(),
        Some(vec![shown]),
        edit,
        false,
    ))
}

/// The quick fixes carried in the `data` of the client's diagnostics (see
/// [`super::diagnostics::diagnostic_with_fixes`]), and for each the action that accepts it into
/// its record's baseline (`read` gives a baseline file's current text); `None` when no
/// diagnostic of ours carries any, so the caller computes them.
pub(crate) fn carried_actions(
    diagnostics: &[lsp::Diagnostic],
    read: impl Fn(&lsp::Url) -> Option<String>,
    enc: Encoding,
    document_changes: bool,
) -> Option<lsp::CodeActionResponse> {
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
        let mut shown = d.clone();
        shown.data = None;
        for (i, f) in carried.fixes.into_iter().enumerate() {
            out.push(quick_fix(
                f.title,
                Some(vec![shown.clone()]),
                f.edit,
                i == 0,
            ));
        }
        if let Some(accept) = carried.accept {
            let current = read(&accept.baseline);
            out.extend(accept_action(shown, accept, current, enc, document_changes));
        }
    }
    (!out.is_empty()).then_some(out)
}
