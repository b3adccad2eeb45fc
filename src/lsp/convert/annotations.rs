//! What the editor draws around the text: document links, inlay hints (their labels are written
//! here, with the line of a statement), code lenses with the command that opens a speaker's
//! statements, and nested selection ranges.

use serde_json::json;
use tower_lsp::lsp_types as lsp;

use crate::features::inlay_hints::{HintKind, InlayHint};
use crate::features::lenses::{Lens, LensKind};
use crate::features::links::{DocumentLink, LinkTarget};
use crate::lsp::convert::{location, locations, range};
use crate::lsp::position::{self, Encoding};
use crate::lsp::state::Core;
use crate::span::Span;
use crate::workspace::Document;

/// VS Code's command that opens locations in its references view, with the arguments
/// (uri, position, locations). Other clients show the lens's title.
pub(crate) const SHOW_REFERENCES: &str = "editor.action.showReferences";

pub(crate) fn document_links(
    core: &Core,
    doc: &Document,
    links: &[DocumentLink],
    enc: Encoding,
) -> Vec<lsp::DocumentLink> {
    links
        .iter()
        .filter_map(|l| {
            let target = match &l.target {
                LinkTarget::Record(f) => core.uri_of(*f)?,
                LinkTarget::Url(u) => lsp::Url::parse(u).ok()?,
            };
            Some(lsp::DocumentLink {
                range: range(doc, l.span, enc),
                target: Some(target),
                tooltip: Some(l.tooltip.clone()),
                data: None,
            })
        })
        .collect()
}

pub(crate) fn inlay_hints(
    core: &Core,
    doc: &Document,
    hints: &[InlayHint],
    enc: Encoding,
) -> Vec<lsp::InlayHint> {
    hints
        .iter()
        .map(|h| {
            let (label, tooltip) = hint_label(core, h, enc);
            lsp::InlayHint {
                position: position::position(&doc.text, &doc.lines, h.offset, enc),
                label,
                kind: None,
                text_edits: None,
                tooltip: tooltip.map(lsp::InlayHintTooltip::String),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            }
        })
        .collect()
}

/// A hint's label: "→ RÓBERT CHATRNÚCH, l. 92" (or ", GA/12387" for another record of the
/// meeting), a part that leads to the statement; the full name; the canonical title.
fn hint_label(core: &Core, h: &InlayHint, enc: Encoding) -> (lsp::InlayHintLabel, Option<String>) {
    match &h.kind {
        HintKind::Statement {
            speaker,
            statement,
            name_span,
            record,
            more,
        } => {
            let target = location(core, statement.file, *name_span, enc);
            let place = match (record, &target) {
                (Some(r), _) => r.clone(),
                (None, Some(t)) => format!("l. {}", t.range.start.line + 1),
                (None, None) => String::new(),
            };
            let mut value = format!("→ {speaker}");
            if !place.is_empty() {
                value.push_str(&format!(", {place}"));
            }
            if *more > 0 {
                value.push_str(&format!(" (+{more})"));
            }
            let tooltip = format!("The statement this summary reports: {speaker}");
            let part = lsp::InlayHintLabelPart {
                value,
                tooltip: Some(lsp::InlayHintLabelPartTooltip::String(tooltip.clone())),
                location: target,
                command: None,
            };
            (lsp::InlayHintLabel::LabelParts(vec![part]), None)
        }
        HintKind::Name(full) => (
            lsp::InlayHintLabel::String(format!("= {full}")),
            Some("The full name the record introduced".to_string()),
        ),
        HintKind::Instrument(title) => (
            lsp::InlayHintLabel::String(format!("≡ {title}")),
            Some("The canonical title".to_string()),
        ),
    }
}

pub(crate) fn code_lenses(
    core: &Core,
    doc: &Document,
    uri: &lsp::Url,
    lenses: &[Lens],
    enc: Encoding,
) -> Vec<lsp::CodeLens> {
    lenses
        .iter()
        .map(|l| {
            let command = match &l.kind {
                LensKind::Statements {
                    origin,
                    locations: places,
                } => {
                    let places: Vec<_> = places.iter().map(|p| (p.file, p.span)).collect();
                    let at = position::position(&doc.text, &doc.lines, origin.start, enc);
                    lsp::Command {
                        title: l.title.clone(),
                        command: SHOW_REFERENCES.to_string(),
                        arguments: Some(vec![
                            json!(uri),
                            json!(at),
                            json!(locations(core, &places, enc)),
                        ]),
                    }
                }
                // A title only: an empty command is drawn as text.
                LensKind::Record => lsp::Command {
                    title: l.title.clone(),
                    command: String::new(),
                    arguments: None,
                },
            };
            lsp::CodeLens {
                range: range(doc, l.span, enc),
                command: Some(command),
                data: None,
            }
        })
        .collect()
}

/// Nested selection ranges from the innermost, as LSP links them (each to its parent); an empty
/// range at `offset` when there are none.
pub(crate) fn selection_range(
    doc: &Document,
    spans: &[Span],
    offset: usize,
    enc: Encoding,
) -> lsp::SelectionRange {
    let mut parent: Option<Box<lsp::SelectionRange>> = None;
    for s in spans.iter().rev() {
        parent = Some(Box::new(lsp::SelectionRange {
            range: range(doc, *s, enc),
            parent,
        }));
    }
    parent.map(|b| *b).unwrap_or(lsp::SelectionRange {
        range: range(doc, Span::new(offset, offset), enc),
        parent: None,
    })
}
