//! Document highlight: the occurrences, in the same file, of what is under the cursor; a
//! statement's name and a header symbol count as definitions. Pure.

use crate::query::{Target, occurrences, target_at};
use crate::span::Span;
use crate::workspace::{FileId, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Highlight {
    pub span: Span,
    /// A defining occurrence (speaker header, the record's own symbol) rather than a mention.
    pub definition: bool,
}

pub fn highlights(ws: &Workspace, file: FileId, offset: usize) -> Vec<Highlight> {
    let Some(at) = target_at(ws, file, offset) else {
        return Vec::new();
    };
    let Some(doc) = ws.get(file) else {
        return Vec::new();
    };
    let header_symbol = doc.record.header.symbol.as_ref().map(|s| s.1);
    occurrences(ws, file, &at.target)
        .into_iter()
        .filter(|l| l.file == file)
        .map(|l| Highlight {
            span: l.span,
            definition: matches!(at.target, Target::Speaker(_) | Target::Section(_))
                || Some(l.span) == header_symbol,
        })
        .collect()
}
