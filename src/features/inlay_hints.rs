//! Inlay hints: after a summary attribution cue, the statement it reports (from the linking of
//! the meeting, never from the checks); after a bare panel reference ("Mr. BLANCO"), the full
//! name the record introduced; after a variant instrument title, the canonical one. Pure: the
//! hints carry offsets and targets, `lsp/` writes their labels.

use crate::knowledge::TitleForm;
use crate::linking::reported_statements;
use crate::names::tokens_compatible;
use crate::record::{HeaderForm, Zone};
use crate::span::Span;
use crate::workspace::{Document, FileId, StatementRef, Workspace};

/// Which kinds of hint to give (each can be turned off in the editor's settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HintKinds {
    pub statements: bool,
    pub names: bool,
    pub instruments: bool,
}

impl Default for HintKinds {
    fn default() -> Self {
        HintKinds {
            statements: true,
            names: true,
            instruments: true,
        }
    }
}

/// One hint, shown at `offset` (the end of what it explains).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: usize,
    pub kind: HintKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HintKind {
    /// The statement a summary cue reports: its speaker as written, where it is, and the
    /// record's display name when it is another record of the meeting. `more` counts the other
    /// statements the cue may report.
    Statement {
        speaker: String,
        statement: StatementRef,
        name_span: Span,
        record: Option<String>,
        more: usize,
    },
    /// The full name of a panellist named by surname.
    Name(String),
    /// The canonical title of an instrument cited under a variant.
    Instrument(String),
}

/// The hints of `file` whose place lies in `range`, in text order.
pub fn inlay_hints(ws: &Workspace, file: FileId, range: Span, kinds: HintKinds) -> Vec<InlayHint> {
    let Some(doc) = ws.get(file) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if kinds.statements {
        statement_hints(ws, file, doc, range, &mut out);
    }
    if kinds.names {
        name_hints(doc, range, &mut out);
    }
    if kinds.instruments {
        instrument_hints(ws, doc, range, &mut out);
    }
    out.retain(|h| range.touches(h.offset));
    out.sort_by_key(|h| h.offset);
    out
}

/// After each summary cue in range, the statement it reports best.
fn statement_hints(
    ws: &Workspace,
    file: FileId,
    doc: &Document,
    range: Span,
    out: &mut Vec<InlayHint>,
) {
    for (ai, a) in doc.record.attributions.iter().enumerate() {
        if a.zone != Zone::Summary || !range.touches(a.cue.end) {
            continue;
        }
        let reported = reported_statements(ws, file, ai);
        let Some(&best) = reported.first() else {
            continue;
        };
        let Some(target) = ws.get(best.file) else {
            continue;
        };
        let Some(st) = target.record.statements.get(best.statement) else {
            continue;
        };
        out.push(InlayHint {
            offset: a.cue.end,
            kind: HintKind::Statement {
                speaker: target.speaker_label(best.statement),
                statement: best,
                name_span: st.name,
                record: (best.file != file).then(|| target.display_name()),
                more: reported.len() - 1,
            },
        });
    }
}

/// After a panel turn named by surname, and after a bare "Mr. BLANCO" in the prose, the full
/// name under which the record introduced the panellist.
fn name_hints(doc: &Document, range: Span, out: &mut Vec<InlayHint>) {
    let rec = &doc.record;
    // The panellists the record introduced: their full name and its tokens.
    let mut introduced: Vec<(&str, Vec<String>)> = rec
        .statements
        .iter()
        .filter_map(|s| {
            let full = doc.span_text(s.full_name?);
            Some((full, crate::parse::speaker::name_tokens(full)))
        })
        .collect();
    // A panellist speaks several times under one introduction.
    introduced.sort();
    introduced.dedup();
    if introduced.is_empty() {
        return;
    }
    for s in &rec.statements {
        let Some(full) = s.full_name else { continue };
        if s.form != HeaderForm::PanelTurn || !range.touches(s.name.end) {
            continue;
        }
        let written = crate::parse::speaker::name_tokens(doc.span_text(s.name));
        if written.len() < crate::parse::speaker::name_tokens(doc.span_text(full)).len() {
            out.push(InlayHint {
                offset: s.name.end,
                kind: HintKind::Name(doc.span_text(full).to_string()),
            });
        }
    }
    for p in &rec.persons {
        if p.honorific.is_none() || !range.touches(p.span.end) {
            continue;
        }
        // One introduced panellist, with more names than written, whose name this is.
        let mut matching = introduced
            .iter()
            .filter(|(_, t)| p.tokens.len() < t.len() && tokens_compatible(&p.tokens, t));
        if let (Some((full, _)), None) = (matching.next(), matching.next()) {
            out.push(InlayHint {
                offset: p.span.end,
                kind: HintKind::Name(full.to_string()),
            });
        }
    }
    out.dedup_by(|a, b| a.offset == b.offset);
}

/// After an instrument cited under a variant title, its canonical title.
fn instrument_hints(ws: &Workspace, doc: &Document, range: Span, out: &mut Vec<InlayHint>) {
    for m in &doc.record.instruments {
        let (Some(TitleForm::Variant), Some(i)) = (m.form, m.instrument) else {
            continue;
        };
        if !range.touches(m.span.end) {
            continue;
        }
        out.push(InlayHint {
            offset: m.span.end,
            kind: HintKind::Instrument(ws.gaz.instrument(i).title.clone()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{HintKind, HintKinds, inlay_hints};
    use crate::span::Span;
    use crate::test_fixture::Fixture;

    /// The hints of the record holding `$0` (or the first), drawn as `offset: label`.
    fn hints(fixture: &str, kinds: HintKinds) -> String {
        let fx = Fixture::new(fixture);
        let doc = fx.ws.get(fx.file).unwrap();
        let all = Span::new(0, doc.text.len());
        inlay_hints(&fx.ws, fx.file, all, kinds)
            .iter()
            .map(|h| {
                let line = doc.text[..h.offset].rsplit('\n').next().unwrap_or("");
                let skip = line.chars().count().saturating_sub(20);
                let before: String = line.chars().skip(skip).collect();
                let label = match &h.kind {
                    HintKind::Statement {
                        speaker,
                        statement,
                        record,
                        more,
                        ..
                    } => format!(
                        "→ {speaker} (statement {} in {}){}",
                        statement.statement,
                        record.as_deref().unwrap_or("this record"),
                        if *more > 0 {
                            format!(" +{more}")
                        } else {
                            String::new()
                        }
                    ),
                    HintKind::Name(n) => format!("= {n}"),
                    HintKind::Instrument(t) => format!("≡ {t}"),
                };
                format!("…{before}| {label}\n")
            })
            .collect()
    }

    const MEETING: &str = r#"
        //- ga_12388.txt
        Seventy-sixth Session,
        38th Meeting (AM)
        GA/12388

        General Assembly Continues Appraisal of Global Plan of Action against Trafficking

        The representative of Slovakia said Slovakia stands ready to collaborate with partners.

        Croatia’s delegate labelled trafficking in persons a modern form of slavery.

        Statements

        RÓBERT CHATRNÚCH (Slovakia) said Slovakia stands ready to collaborate with partners.

        //- ga_12388_b.txt
        Seventy-sixth Session,
        38th Meeting (AM)
        GA/12389

        General Assembly Continues Appraisal of Global Plan of Action against Trafficking

        Statements

        IVAN ŠIMONOVIĆ (Croatia) labelled trafficking in persons a modern form of slavery.
        "#;

    #[test]
    fn a_cue_and_the_statement_it_reports_here_or_in_another_record_of_the_meeting() {
        insta::assert_snapshot!(hints(MEETING, HintKinds::default()), @r"
        …entative of Slovakia| → RÓBERT CHATRNÚCH (statement 0 in this record)
        …Croatia’s delegate| → IVAN ŠIMONOVIĆ (statement 0 in GA/12389)
        ");
        let off = HintKinds {
            statements: false,
            ..HintKinds::default()
        };
        assert_eq!(hints(MEETING, off), "");
    }

    #[test]
    fn a_panellist_by_surname_and_a_variant_title() {
        let fixture = r#"
            Seventy-sixth Session,
            37th Meeting (AM & PM)
            GA/12387

            Adopting Political Declaration, General Assembly Pledges Greater Action to End Human Trafficking

            The Assembly appraised the Global Action Plan against trafficking.

            Panel Discussion

            The panel was moderated by José Alfonso Blanco Conde (Dominican Republic).

            Opening the panel, Mr. BLANCO said that while progress has been made, more is needed.

            Mr. BLANCO CONDE said that the panel would hear survivors.
            "#;
        insta::assert_snapshot!(hints(fixture, HintKinds::default()), @r"
        …e Global Action Plan| ≡ United Nations Global Plan of Action to Combat Trafficking in Persons
        …he panel, Mr. BLANCO| = José Alfonso Blanco Conde
        …Mr. BLANCO CONDE| = José Alfonso Blanco Conde
        ");
        let names_only = HintKinds {
            statements: false,
            instruments: false,
            names: true,
        };
        insta::assert_snapshot!(hints(fixture, names_only), @r"
        …he panel, Mr. BLANCO| = José Alfonso Blanco Conde
        …Mr. BLANCO CONDE| = José Alfonso Blanco Conde
        ");
    }
}
