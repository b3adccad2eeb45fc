//! Edits for the client: workspace edits (versioned `documentChanges` or plain `changes`), and
//! the range a rename starts from.

use std::collections::HashMap;

use tower_lsp::lsp_types as lsp;

use crate::checks::Edit;
use crate::features::rename::Renameable;
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
