//! `check`'s output for people at a terminal: each finding as a snippet of its line with a
//! gutter of line numbers and the span underlined (annotate-snippets, which expands tabs and
//! cuts long paragraphs around the span), its notes and its fix; colour when asked or when the
//! output is a terminal and `NO_COLOR` is unset; a summary, and counts per code on request.

use std::collections::BTreeMap;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::checks::{Diagnostic, Severity};
use crate::span::Span;
use crate::workspace::{Document, Workspace};

/// Widest output line the renderer aims for: a paragraph of a record is one line of thousands
/// of characters, shown as a window of this width around the span.
const TERMINAL_WIDTH: usize = 100;

/// How findings are shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    pub color: bool,
    /// Only the summary line (and `--statistics`), no findings.
    pub quiet: bool,
    /// Counts per check code after the findings.
    pub statistics: bool,
}

/// Whether to colour: `always`/`never` as given; `auto` on a terminal unless `NO_COLOR` is set
/// to anything non-empty (<https://no-color.org>).
pub fn use_color(choice: ColorChoice, stdout_is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stdout_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The human stream's state: the renderer and what the summary counts.
pub struct HumanStream {
    options: HumanOptions,
    renderer: Renderer,
    per_code: BTreeMap<&'static str, usize>,
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Hint => Level::NOTE,
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(doc: &Document, offset: usize) -> (usize, usize) {
    let line = doc.lines.line_of(offset);
    let start = doc.lines.line_start(line);
    (line + 1, doc.text[start..offset].chars().count() + 1)
}

impl HumanStream {
    pub fn new(options: HumanOptions) -> HumanStream {
        let renderer = if options.color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        HumanStream {
            options,
            renderer: renderer.term_width(TERMINAL_WIDTH),
            per_code: BTreeMap::new(),
        }
    }

    /// A batch of findings, rendered.
    pub fn batch(&mut self, ws: &Workspace, diags: &[&Diagnostic]) -> String {
        let mut out = String::new();
        for d in diags {
            *self.per_code.entry(d.code.as_str()).or_default() += 1;
            if self.options.quiet {
                continue;
            }
            if let Some(doc) = ws.get(d.file) {
                out.push_str(&self.finding(ws, doc, d));
                out.push_str("\n\n");
            }
        }
        out
    }

    fn finding(&self, ws: &Workspace, doc: &Document, d: &Diagnostic) -> String {
        // Only the lines the span covers are handed to the renderer: a record is long, and the
        // renderer need not see the rest of it.
        let first_line = doc.lines.line_of(d.span.start);
        let last_line = doc.lines.line_of(d.span.end.max(d.span.start));
        let from = doc.lines.line_start(first_line);
        let to = doc.lines.line_end(last_line, &doc.text).max(d.span.end);
        let source = &doc.text[from..to];
        let local = Span::new(d.span.start - from, d.span.end.min(to) - from);
        let notes: Vec<String> = d
            .related
            .iter()
            .filter_map(|r| {
                let other = ws.get(r.file)?;
                let (l, c) = line_col(other, r.span.start);
                Some(format!("{}:{l}:{c}: {}", other.name, r.message))
            })
            .collect();
        let fixes: Vec<String> = d.fixes.iter().map(|f| f.title.clone()).collect();
        let mut group = Group::with_title(
            level(d.severity)
                .primary_title(&d.message)
                .id(d.code.as_str()),
        )
        .element(
            Snippet::source(source)
                .line_start(first_line + 1)
                .path(doc.name.as_str())
                .annotation(AnnotationKind::Primary.span(local.start..local.end)),
        );
        for n in &notes {
            group = group.element(Level::NOTE.message(n.as_str()));
        }
        for f in &fixes {
            group = group.element(Level::HELP.with_name("fix").message(f.as_str()));
        }
        self.renderer.render(&[group])
    }

    /// The closing lines: counts per code when asked, then findings by severity, records and
    /// files skipped, and how many findings a baseline accepted.
    pub fn end(&self, counts: [usize; 4], files: usize, skipped: usize, accepted: usize) -> String {
        let mut out = String::new();
        if self.options.statistics {
            for (code, n) in &self.per_code {
                out.push_str(&format!("{n:6}  {code}\n"));
            }
        }
        let count = |s: Severity| counts[s as usize];
        out.push_str(&format!(
            "{} error(s), {} warning(s), {} info, {} hint(s) in {} record(s){}\n",
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
            count(Severity::Hint),
            files,
            if skipped > 0 {
                format!(", {skipped} file(s) skipped")
            } else {
                String::new()
            }
        ));
        if accepted > 0 {
            // Said after the counts, so the summary line keeps its shape for scripts.
            out.push_str(&format!(
                "{accepted} accepted finding(s) left out by the baseline\n"
            ));
        }
        out
    }
}
