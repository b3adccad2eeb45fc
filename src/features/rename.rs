//! Rename a speaker (every statement of the same person across records) or a press-release symbol
//! (the record's header and every "(See Press Release ...)" naming it). Pure: returns the edits;
//! never writes files.

use crate::checks::Edit;
use crate::query::{Target, occurrences, target_at};
use crate::span::Span;
use crate::workspace::{FileId, Workspace};

/// What a rename at a position would change: the name under the cursor and its current text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renameable {
    pub span: Span,
    pub placeholder: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenameError {
    /// Nothing renameable at the position.
    NotRenameable,
    /// The new name is empty or spans lines.
    InvalidName(String),
}

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenameError::NotRenameable => {
                f.write_str("only a speaker or a press-release symbol can be renamed")
            }
            RenameError::InvalidName(why) => f.write_str(why),
        }
    }
}

pub fn prepare_rename(ws: &Workspace, file: FileId, offset: usize) -> Option<Renameable> {
    let at = target_at(ws, file, offset)?;
    if !matches!(at.target, Target::Speaker(_) | Target::Symbol(_)) {
        return None;
    }
    let doc = ws.get(file)?;
    Some(Renameable {
        span: at.span,
        placeholder: doc.span_text(at.span).to_string(),
    })
}

/// The edits of a rename, grouped by nothing (each carries its file), in file then text order.
pub fn rename(
    ws: &Workspace,
    file: FileId,
    offset: usize,
    new_name: &str,
) -> Result<Vec<Edit>, RenameError> {
    let new_name = new_name.trim();
    if new_name.is_empty() {
        return Err(RenameError::InvalidName(
            "the new name is empty".to_string(),
        ));
    }
    if new_name.contains(['\n', '\r']) {
        return Err(RenameError::InvalidName(
            "the new name must be on one line".to_string(),
        ));
    }
    let at = target_at(ws, file, offset).ok_or(RenameError::NotRenameable)?;
    match &at.target {
        Target::Speaker(_) => {}
        Target::Symbol(_) => {
            if new_name.contains(char::is_whitespace) {
                return Err(RenameError::InvalidName(
                    "a press-release symbol has no spaces".to_string(),
                ));
            }
        }
        _ => return Err(RenameError::NotRenameable),
    }
    Ok(occurrences(ws, file, &at.target)
        .into_iter()
        .map(|l| Edit {
            file: l.file,
            span: l.span,
            new_text: new_name.to_string(),
        })
        .collect())
}
