//! Workspace symbols: records (by symbol or title), sections and speakers of every record,
//! matched case- and accent-insensitively ("chatrnuch" finds RÓBERT CHATRNÚCH). Pure.

use crate::features::outline::{speaker_detail, speaker_label};
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
    let mut docs: Vec<_> = ws.documents().collect();
    docs.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    for (id, doc) in docs {
        let rec = &doc.record;
        let record_name = doc.display_name();
        let title = rec.title.map(|t| doc.span_text(t)).unwrap_or("");
        let sym = rec.header.symbol().unwrap_or("");
        if matches(&words, &format!("{sym} {title} {record_name}")) {
            out.push(WorkspaceSymbol {
                name: if sym.is_empty() {
                    record_name.clone()
                } else {
                    format!("{sym} — {}", title.chars().take(80).collect::<String>())
                },
                kind: SymbolKind::Record,
                file: id,
                span: rec
                    .header
                    .symbol
                    .as_ref()
                    .map(|s| s.1)
                    .or(rec.title)
                    .unwrap_or_default(),
                container: rec.session().map(|s| format!("session {s}")),
            });
        }
        if words.is_empty() {
            continue;
        }
        for s in &rec.sections {
            if matches(&words, &s.name) {
                out.push(WorkspaceSymbol {
                    name: s.name.clone(),
                    kind: SymbolKind::Section,
                    file: id,
                    span: s.heading,
                    container: Some(record_name.clone()),
                });
            }
        }
        for (i, st) in rec.statements.iter().enumerate() {
            let label = speaker_label(doc, i);
            let full = st.full_name.map(|f| doc.span_text(f)).unwrap_or("");
            if matches(&words, &format!("{label} {full}")) {
                let detail = speaker_detail(doc, &ws.gaz, i);
                out.push(WorkspaceSymbol {
                    name: match detail {
                        Some(d) => format!("{label} ({d})"),
                        None => label,
                    },
                    kind: SymbolKind::Speaker,
                    file: id,
                    span: st.name,
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
