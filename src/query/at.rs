//! What the name at an offset stands for (a speaker, a country, an instrument, a press-release
//! symbol, a section) and every occurrence of it across the workspace, read from each record's
//! facts. Shared by hover, definition, highlight, references and rename.

use crate::record::ReferenceKind;
use crate::span::Span;
use crate::workspace::{FileId, StatementRef, Workspace};

/// A place in the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub file: FileId,
    pub span: Span,
}

/// The thing a name in the text stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A statement's speaker (the identity spans records through `Workspace::same_speaker`).
    Speaker(StatementRef),
    /// A country, observer or organisation (gazetteer entity index).
    Country(usize),
    /// A catalogued instrument, or an uncatalogued title by its folded text.
    Instrument(InstrumentKey),
    /// A press-release symbol ("GA/12387"), in a header or a "(See Press Release ...)".
    Symbol(String),
    /// A resolution or document symbol ("A/RES/76/7").
    Document(String),
    /// A section heading of the file.
    Section(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstrumentKey {
    Catalogued(usize),
    Title(String),
}

/// The target under the cursor and the span of the name it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetAt {
    pub target: Target,
    pub span: Span,
}

/// What the name at `offset` of `file` stands for, most specific first.
pub fn target_at(ws: &Workspace, file: FileId, offset: usize) -> Option<TargetAt> {
    let doc = ws.get(file)?;
    let rec = &doc.record;
    let hit = |s: Span| !s.is_empty() && s.touches(offset);
    if let Some((sym, span)) = &rec.header.symbol
        && hit(*span)
    {
        return Some(TargetAt {
            target: Target::Symbol(sym.clone()),
            span: *span,
        });
    }
    for r in &rec.references {
        if hit(r.span) {
            let target = match r.kind {
                ReferenceKind::PressRelease => Target::Symbol(r.symbol.clone()),
                ReferenceKind::Resolution | ReferenceKind::Document => {
                    match ws.gaz.instrument_with_symbol(&r.symbol) {
                        Some(i) => Target::Instrument(InstrumentKey::Catalogued(i)),
                        None => Target::Document(r.symbol.clone()),
                    }
                }
            };
            return Some(TargetAt {
                target,
                span: r.span,
            });
        }
    }
    for (i, st) in rec.statements.iter().enumerate() {
        if !st.header.touches(offset) && !st.name.touches(offset) {
            continue;
        }
        let name_span = match st.honorific {
            Some((_, h)) => h.cover(st.name),
            None => st.name,
        };
        if hit(name_span) {
            return Some(TargetAt {
                target: Target::Speaker(StatementRef { file, statement: i }),
                span: st.name,
            });
        }
        if let Some(a) = st.affiliation
            && let Some(e) = a.entity
            && hit(a.span)
        {
            return Some(TargetAt {
                target: Target::Country(e),
                span: a.span,
            });
        }
    }
    if let Some(m) = rec.instruments.iter().find(|m| hit(m.span)) {
        let key = match m.instrument {
            Some(i) => InstrumentKey::Catalogued(i),
            None => InstrumentKey::Title(crate::text::fold(doc.span_text(m.span))),
        };
        return Some(TargetAt {
            target: Target::Instrument(key),
            span: m.span,
        });
    }
    if let Some(c) = rec.countries.iter().find(|c| hit(c.span)) {
        return Some(TargetAt {
            target: Target::Country(c.entity),
            span: c.span,
        });
    }
    for t in entity_spans(ws, file) {
        if hit(t.0) {
            return Some(TargetAt {
                target: Target::Country(t.1),
                span: t.0,
            });
        }
    }
    if let Some(si) = rec.sections.iter().position(|s| hit(s.heading)) {
        return Some(TargetAt {
            target: Target::Section(si),
            span: rec.sections[si].heading,
        });
    }
    None
}

/// Every span of a file that names a known entity (see [`crate::record::Record::entity_spans`]).
pub fn entity_spans(ws: &Workspace, file: FileId) -> Vec<(Span, usize)> {
    ws.get(file)
        .map(|doc| doc.record.entity_spans())
        .unwrap_or_default()
}

/// Every occurrence of a target in the workspace, in file then text order. Read from each
/// record's facts: a country named in thousands of records costs no parse.
pub fn occurrences(ws: &Workspace, origin: FileId, target: &Target) -> Vec<Location> {
    let mut out = match target {
        Target::Speaker(st) => speaker_occurrences(ws, *st),
        Target::Country(e) => country_occurrences(ws, *e),
        Target::Instrument(key) => instrument_occurrences(ws, key),
        Target::Symbol(sym) => symbol_occurrences(ws, sym, true),
        Target::Document(sym) => symbol_occurrences(ws, sym, false),
        Target::Section(si) => ws
            .get(origin)
            .and_then(|doc| doc.record.sections.get(*si))
            .map(|sec| Location {
                file: origin,
                span: sec.heading,
            })
            .into_iter()
            .collect(),
    };
    out.sort();
    out.dedup();
    out
}

/// Where each statement of the same speaker names them.
fn speaker_occurrences(ws: &Workspace, st: StatementRef) -> Vec<Location> {
    ws.same_speaker(st)
        .into_iter()
        .filter_map(|r| {
            let name = ws.facts(r.file)?.shown.speaker_names.get(r.statement)?;
            Some(Location {
                file: r.file,
                span: name.span(),
            })
        })
        .collect()
}

fn country_occurrences(ws: &Workspace, e: usize) -> Vec<Location> {
    let mut out = Vec::new();
    for id in ws.records_naming_entity(e) {
        if let Some(facts) = ws.facts(id) {
            out.extend(
                facts
                    .shown
                    .spans_of_entity(e)
                    .map(|span| Location { file: id, span }),
            );
        }
    }
    out
}

fn instrument_occurrences(ws: &Workspace, key: &InstrumentKey) -> Vec<Location> {
    let files = match key {
        InstrumentKey::Catalogued(i) => ws.records_citing_instrument(*i),
        InstrumentKey::Title(t) => ws.records_citing_title(t),
    };
    let mut out = Vec::new();
    for (id, facts) in files.into_iter().filter_map(|id| Some((id, ws.facts(id)?))) {
        let spans: Vec<Span> = match key {
            InstrumentKey::Catalogued(i) => facts
                .shown
                .instrument_spans
                .iter()
                .filter(|(x, _)| *x as usize == *i)
                .map(|(_, r)| r.span())
                .collect(),
            InstrumentKey::Title(t) => match facts.titles.binary_search(t) {
                Ok(ti) => facts
                    .shown
                    .title_spans
                    .iter()
                    .filter(|(x, _)| *x as usize == ti)
                    .map(|(_, r)| r.span())
                    .collect(),
                Err(_) => Vec::new(),
            },
        };
        out.extend(spans.into_iter().map(|span| Location { file: id, span }));
    }
    out
}

/// A symbol's references, and for a press release (`press`) the records it heads.
fn symbol_occurrences(ws: &Workspace, sym: &str, press: bool) -> Vec<Location> {
    let mut files = ws.records_citing(sym);
    if press {
        files.extend(ws.records_with_symbol(sym));
        files.sort_unstable();
        files.dedup();
    }
    let mut out = Vec::new();
    for (id, facts) in files.into_iter().filter_map(|id| Some((id, ws.facts(id)?))) {
        if press
            && let Some((s, span)) = &facts.symbol
            && s == sym
        {
            out.push(Location {
                file: id,
                span: *span,
            });
        }
        if let Ok(ci) = facts.cited.binary_search_by(|c| c.as_str().cmp(sym)) {
            for (x, is_press, r) in &facts.shown.reference_spans {
                if *x as usize == ci && *is_press == press {
                    out.push(Location {
                        file: id,
                        span: r.span(),
                    });
                }
            }
        }
    }
    out
}
