//! Completion: countries inside a speaker header's parentheses (`NAME (`) and after "The
//! representative of", press-release symbols after "See Press Release", instrument titles where a
//! capitalised phrase starts one. Pure: returns labels and the byte span each replaces.

use crate::span::Span;
use crate::text::fold;
use crate::workspace::{FileId, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    Country,
    Symbol,
    Instrument,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub detail: Option<String>,
    pub kind: CompletionKind,
    /// The text typed so far that the completion replaces.
    pub replace: Span,
    pub insert: String,
    /// What the client should match the typed text against (an alias when that matched).
    pub filter: String,
}

/// How far back (bytes) a context is looked for on the current line.
const LOOKBACK: usize = 200;

pub fn completions(ws: &Workspace, file: FileId, offset: usize) -> Vec<Completion> {
    let Some(doc) = ws.get(file) else {
        return Vec::new();
    };
    let text: &str = &doc.text;
    let offset = crate::text::clamp_to_char_boundary(text, offset);
    let line_start = doc.lines.line_start(doc.lines.line_of(offset));
    let mut from = offset.saturating_sub(LOOKBACK).max(line_start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let prefix = &text[from..offset];

    if let Some(at) = prefix.rfind("Press Release ") {
        let partial = &prefix[at + "Press Release ".len()..];
        if partial
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '/' || c == '.')
        {
            return symbols(ws, partial, Span::new(offset - partial.len(), offset));
        }
    }
    if let Some(open) = prefix.rfind('(')
        && !prefix[open..].contains(')')
        && from == line_start
    {
        let name = prefix[..open].trim_end();
        let is_header_name = name.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && name.chars().all(|c| {
                c.is_uppercase() || c == ' ' || c == '.' || c == '-' || c == '\'' || c == '’'
            });
        if is_header_name {
            let partial = &prefix[open + 1..];
            return countries(ws, partial, Span::new(offset - partial.len(), offset));
        }
    }
    let folded = fold(prefix);
    for cue in [
        "representatives of ",
        "representative of ",
        "delegation of ",
    ] {
        if let Some(at) = folded.rfind(cue) {
            // Folding can change lengths; take the partial from the original by character count.
            let tail_chars = folded[at + cue.len()..].chars().count();
            let partial_start = prefix
                .char_indices()
                .rev()
                .nth(tail_chars.saturating_sub(1))
                .map_or(prefix.len(), |(i, _)| i);
            let partial = if tail_chars == 0 {
                ""
            } else {
                &prefix[partial_start..]
            };
            if partial.len() <= 60
                && partial
                    .chars()
                    .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '’' || c == '\'')
            {
                return countries(ws, partial, Span::new(offset - partial.len(), offset));
            }
        }
    }
    instruments(ws, prefix, offset)
}

fn countries(ws: &Workspace, partial: &str, replace: Span) -> Vec<Completion> {
    let want = fold(partial.trim_start());
    let want = want.strip_prefix("the ").unwrap_or(&want).to_string();
    let mut out = Vec::new();
    for e in &ws.gaz.entities {
        let names = std::iter::once(&e.name)
            .chain(e.official.iter())
            .chain(e.aliases.iter());
        let Some(matched) = names.into_iter().find(|n| {
            let f = fold(n);
            f.starts_with(&want) || f.strip_prefix("the ").is_some_and(|s| s.starts_with(&want))
        }) else {
            continue;
        };
        out.push(Completion {
            label: e.name.clone(),
            detail: Some(match &e.official {
                Some(o) => format!("{} — {o}", e.kind.label()),
                None => e.kind.label().to_string(),
            }),
            kind: CompletionKind::Country,
            replace,
            insert: e.name.clone(),
            filter: matched.clone(),
        });
    }
    out.sort_by(|a, b| a.label.cmp(&b.label));
    out
}

fn symbols(ws: &Workspace, partial: &str, replace: Span) -> Vec<Completion> {
    let want = partial.to_ascii_uppercase();
    let mut seen: std::collections::BTreeMap<String, Option<String>> =
        std::collections::BTreeMap::new();
    let wanted = |sym: &str| sym.to_ascii_uppercase().starts_with(&want);
    for sym in ws.symbols().filter(|s| wanted(s)) {
        // The title of the first record carrying the symbol that has one.
        let title = ws
            .records_with_symbol(sym)
            .into_iter()
            .find_map(|f| ws.facts(f)?.shown.title.clone());
        seen.insert(sym.to_string(), title);
    }
    for sym in ws.cited_press_releases().filter(|s| wanted(s)) {
        seen.entry(sym.to_string()).or_insert(None);
    }
    seen.into_iter()
        .map(|(sym, title)| Completion {
            label: sym.clone(),
            detail: Some(title.unwrap_or_else(|| "not in the workspace".to_string())),
            kind: CompletionKind::Symbol,
            replace,
            insert: sym.clone(),
            filter: sym,
        })
        .collect()
}

/// Instrument titles whose beginning is the capitalised phrase before the cursor.
fn instruments(ws: &Workspace, prefix: &str, offset: usize) -> Vec<Completion> {
    let word_len: usize = prefix
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .map(char::len_utf8)
        .sum();
    if word_len == 0 {
        return Vec::new();
    }
    // Candidate starts: word starts in the last few words, earliest first.
    let mut starts: Vec<usize> = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in prefix.char_indices() {
        if c.is_alphanumeric() && prev.is_none_or(|p| !p.is_alphanumeric() && p != '’' && p != '\'')
        {
            starts.push(i);
        }
        prev = Some(c);
    }
    let starts: Vec<usize> = starts.into_iter().rev().take(10).collect();
    let mut out: Vec<Completion> = Vec::new();
    for ins in &ws.gaz.instruments {
        let titles = std::iter::once(&ins.title).chain(ins.aliases.iter());
        'titles: for t in titles {
            let ft = fold(t);
            for &s in starts.iter().rev() {
                let typed = &prefix[s..];
                if !typed.starts_with(|c: char| c.is_uppercase()) {
                    continue;
                }
                let fp = fold(typed);
                if ft.starts_with(&fp) {
                    if !out.iter().any(|c| c.label == ins.title) {
                        let mut detail = Vec::new();
                        if let Some(y) = ins.year {
                            detail.push(y.to_string());
                        }
                        if let Some(sym) = &ins.symbol {
                            detail.push(sym.clone());
                        }
                        out.push(Completion {
                            label: ins.title.clone(),
                            detail: Some(detail.join(", ")).filter(|d| !d.is_empty()),
                            kind: CompletionKind::Instrument,
                            replace: Span::new(offset - typed.len(), offset),
                            insert: ins.title.clone(),
                            filter: t.clone(),
                        });
                    }
                    break 'titles;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::completions;
    use crate::test_fixture::Fixture;

    /// The completions at `$0`, one per line: label, what they replace, detail.
    fn check(fixture: &str) -> String {
        let fx = Fixture::new(fixture);
        let doc = fx.ws.get(fx.file).unwrap();
        completions(&fx.ws, fx.file, fx.offset)
            .iter()
            .map(|c| {
                format!(
                    "{} [{}] {}",
                    c.label,
                    doc.span_text(c.replace),
                    c.detail.as_deref().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    const MASTHEAD: &str = "
        Seventy-sixth Session,
        38th Meeting (AM)
        GA/12388

        General Assembly Continues Appraisal of Global Plan of Action against Trafficking
        ";

    #[test]
    fn countries_after_a_cue() {
        let fixture = format!("{MASTHEAD}\n        The representative of Slov$0 said");
        insta::assert_snapshot!(check(&fixture), @r#"
            Slovakia [Slov] Member State — Slovak Republic
            Slovenia [Slov] Member State — Republic of Slovenia
            "#);
    }

    #[test]
    fn countries_in_a_header() {
        let fixture = format!("{MASTHEAD}\n        Statements\n\n        IVAN ŠIMONOVIĆ (Cro$0");
        insta::assert_snapshot!(check(&fixture), @r#"
            Croatia [Cro] Member State — Republic of Croatia
            "#);
    }

    #[test]
    fn press_release_symbols_of_the_workspace() {
        let fixture = format!("{MASTHEAD}\n        (See Press Release GA/123$0");
        insta::assert_snapshot!(check(&fixture), @r#"
            GA/123 [GA/123] not in the workspace
            GA/12388 [GA/123] General Assembly Continues Appraisal of Global Plan of Action against Trafficking
            "#);
    }
}
