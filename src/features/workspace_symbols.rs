//! Workspace symbols: records (by symbol or title), sections and speakers of every record,
//! matched case- and accent-insensitively ("chatrnuch" finds RÓBERT CHATRNÚCH). Pure.

use crate::span::Span;
use crate::text::fold;
use crate::workspace::{FileId, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Record,
    Section,
    Speaker,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: SymbolKind,
    pub file: FileId,
    pub span: Span,
    /// The record (and section) the symbol belongs to.
    pub container: Option<String>,
}

/// At most this many symbols are returned.
pub const LIMIT: usize = 500;

/// Whether every word of the folded query occurs in the folded name.
fn matches(query_words: &[String], name: &str) -> bool {
    if query_words.is_empty() {
        return true;
    }
    let f = fold(name);
    query_words.iter().all(|w| f.contains(w.as_str()))
}

pub fn workspace_symbols(ws: &Workspace, query: &str) -> Vec<WorkspaceSymbol> {
    let words: Vec<String> = fold(query).split_whitespace().map(str::to_string).collect();
    let mut out = Vec::new();
    // From the records' facts, and only records whose names hold every query word: the search
    // reads no record's text and skips the records it cannot match.
    let mut docs: Vec<_> = ws
        .records_matching_words(&words)
        .into_iter()
        .filter_map(|id| Some((id, ws.facts(id)?)))
        .collect();
    docs.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    for (id, facts) in docs {
        let shown = &facts.shown;
        let record_name = &facts.display_name;
        let title = shown.title.as_deref().unwrap_or("");
        let sym = facts.symbol().unwrap_or("");
        if matches(&words, &format!("{sym} {title} {record_name}")) {
            out.push(WorkspaceSymbol {
                name: if sym.is_empty() {
                    record_name.clone()
                } else {
                    format!("{sym} — {}", title.chars().take(80).collect::<String>())
                },
                kind: SymbolKind::Record,
                file: id,
                span: facts
                    .symbol
                    .as_ref()
                    .map(|s| s.1)
                    .or(shown.title_span.map(|t| t.span()))
                    .unwrap_or_default(),
                container: facts.session.map(|s| format!("session {s}")),
            });
        }
        if words.is_empty() {
            continue;
        }
        for (name, heading) in &shown.sections {
            if matches(&words, name) {
                out.push(WorkspaceSymbol {
                    name: name.clone(),
                    kind: SymbolKind::Section,
                    file: id,
                    span: heading.span(),
                    container: Some(record_name.clone()),
                });
            }
        }
        for (i, label) in shown.speaker_labels.iter().enumerate() {
            let full = shown.speaker_full_names[i].as_deref().unwrap_or("");
            if matches(&words, &format!("{label} {full}")) {
                out.push(WorkspaceSymbol {
                    name: match &shown.speaker_details[i] {
                        Some(d) => format!("{label} ({d})"),
                        None => label.clone(),
                    },
                    kind: SymbolKind::Speaker,
                    file: id,
                    span: shown.speaker_names[i].span(),
                    container: Some(record_name.clone()),
                });
            }
        }
        if out.len() >= LIMIT {
            out.truncate(LIMIT);
            break;
        }
    }
    out
}
