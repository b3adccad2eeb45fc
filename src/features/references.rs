//! `textDocument/references`: every occurrence, workspace-wide, of what is under the cursor (found
//! by [`crate::query::target_at`] and [`crate::query::occurrences`]). Pure: workspace in, byte
//! spans out; knows nothing of the protocol.

use crate::query::{Location, occurrences, target_at};
use crate::workspace::{FileId, Workspace};

/// `textDocument/references`: every occurrence of what is at `offset`, workspace-wide. Without
/// `include_declaration`, the occurrence under the cursor is left out.
pub fn references(
    ws: &Workspace,
    file: FileId,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    let Some(at) = target_at(ws, file, offset) else {
        return Vec::new();
    };
    let mut out = occurrences(ws, file, &at.target);
    if !include_declaration {
        out.retain(|l| !(l.file == file && l.span == at.span));
    }
    out
}
