//! Edits for the client: workspace edits (versioned `documentChanges` or plain `changes`), quick
//! fixes as code actions (computed, or read back from a diagnostic's `data`), and the range a
//! rename starts from.

use std::collections::HashMap;

use tower_lsp::lsp_types as lsp;

use crate::checks::Edit;
use crate::features::code_actions::QuickFix;
use crate::features::rename::Renameable;
use crate::lsp::convert::diagnostics::{CarriedFixes, SOURCE, diagnostic};
use crate::lsp::convert::{range, range_in};
use crate::lsp::position::Encoding;
use crate::lsp::state::Core;
use crate::workspace::{Document, FileId};

/// Edits grouped into a workspace edit: `documentChanges` (versioned for open buffers) when the
/// client supports them, else `changes`.
pub(crate) fn workspace_edit(
    core: &Core,
    edits: &[Edit],
    enc: Encoding,
    document_changes: bool,
) -> lsp::WorkspaceEdit {
    let by_file = text_edits_by_file(core, edits, enc);
    if document_changes {
        versioned_edit(core, by_file)
    } else {
        plain_edit(core, by_file)
    }
}

/// The edits as text edits, grouped by record in the order the records first appear.
fn text_edits_by_file(
    core: &Core,
    edits: &[Edit],
    enc: Encoding,
) -> Vec<(FileId, Vec<lsp::TextEdit>)> {
    let mut by_file: Vec<(FileId, Vec<lsp::TextEdit>)> = Vec::new();
    for e in edits {
        let Some(range) = range_in(core, e.file, e.span, enc) else {
            continue;
        };
        let te = lsp::TextEdit {
            range,
            new_text: e.new_text.clone(),
        };
        match by_file.iter_mut().find(|(f, _)| *f == e.file) {
            Some((_, v)) => v.push(te),
            None => by_file.push((e.file, vec![te])),
        }
    }
    by_file
}

fn versioned_edit(core: &Core, by_file: Vec<(FileId, Vec<lsp::TextEdit>)>) -> lsp::WorkspaceEdit {
    let edits = by_file
        .into_iter()
        .filter_map(|(f, v)| {
            Some(lsp::TextDocumentEdit {
                text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                    uri: core.uri_of(f)?,
                    version: core.version_of(f),
                },
                edits: v.into_iter().map(lsp::OneOf::Left).collect(),
            })
        })
        .collect();
    lsp::WorkspaceEdit {
        changes: None,
        document_changes: Some(lsp::DocumentChanges::Edits(edits)),
        change_annotations: None,
    }
}

fn plain_edit(core: &Core, by_file: Vec<(FileId, Vec<lsp::TextEdit>)>) -> lsp::WorkspaceEdit {
    let mut changes = HashMap::new();
    for (f, v) in by_file {
        if let Some(uri) = core.uri_of(f) {
            changes.insert(uri, v);
        }
    }
    lsp::WorkspaceEdit {
        changes: Some(changes),
        document_changes: None,
        change_annotations: None,
    }
}

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

pub(crate) fn prepare_rename(
    doc: &Document,
    r: Renameable,
    enc: Encoding,
) -> lsp::PrepareRenameResponse {
    lsp::PrepareRenameResponse::RangeWithPlaceholder {
        range: range(doc, r.span, enc),
        placeholder: r.placeholder,
    }
}
