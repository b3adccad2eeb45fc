//! Standoff annotations: every recognised span of a record (speaker, country, organisation,
//! territory, instrument, symbol, resolution, agenda item, quotation, attribution) with its kind
//! and resolved key, for export to other tools.

use serde::Serialize;

use crate::knowledge::EntityKind;
use crate::record::{Attribution, AttributionTarget, PartyKind, ReferenceKind};
use crate::span::Span;
use crate::workspace::{FileId, StatementRef, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnnotationKind {
    Speaker,
    /// A State, an observer State or the European Union.
    Country,
    /// An organisation, a group of States or a United Nations entity.
    Organization,
    /// A Non-Self-Governing or disputed territory.
    Territory,
    Instrument,
    Symbol,
    Resolution,
    AgendaItem,
    Quotation,
    /// A summary's cue: who the reporter credits with what follows.
    Attribution,
}

impl AnnotationKind {
    /// Every kind, for tests that draw or walk them.
    #[cfg(test)]
    pub const ALL: [AnnotationKind; 10] = [
        AnnotationKind::Speaker,
        AnnotationKind::Country,
        AnnotationKind::Organization,
        AnnotationKind::Territory,
        AnnotationKind::Instrument,
        AnnotationKind::Symbol,
        AnnotationKind::Resolution,
        AnnotationKind::AgendaItem,
        AnnotationKind::Quotation,
        AnnotationKind::Attribution,
    ];

    /// The kind as its serialised form spells it (kebab-case), for writers that skip serde.
    pub fn as_str(self) -> &'static str {
        match self {
            AnnotationKind::Speaker => "speaker",
            AnnotationKind::Country => "country",
            AnnotationKind::Organization => "organization",
            AnnotationKind::Territory => "territory",
            AnnotationKind::Instrument => "instrument",
            AnnotationKind::Symbol => "symbol",
            AnnotationKind::Resolution => "resolution",
            AnnotationKind::AgendaItem => "agenda-item",
            AnnotationKind::Quotation => "quotation",
            AnnotationKind::Attribution => "attribution",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Annotation {
    pub kind: AnnotationKind,
    pub span: Span,
    /// ISO code or entity key, instrument id, symbol, agenda item, or speaker identity.
    pub key: Option<String>,
    /// For an attribution: who it credits and the statement it reports.
    pub attribution: Option<Credit>,
}

/// What an attribution annotation says beyond its span and key (the party's identity).
#[derive(Debug, Clone, Serialize)]
pub struct Credit {
    /// The party as written ("Portugal", "Pierre Lacroix"); `None` when the cue names no one.
    pub who: Option<String>,
    pub who_kind: Option<PartyKind>,
    /// The statement the attribution reports, when the meeting's records hold it.
    #[serde(skip)]
    pub statement: Option<StatementRef>,
    /// Further parties the same cue credits ("the representatives of A, B and C").
    pub with: Vec<Party>,
    /// Those the party also spoke for ("also speaking for Argentina, Mexico").
    pub on_behalf: Vec<Party>,
}

/// A party named in an attribution, as written and by key.
#[derive(Debug, Clone, Serialize)]
pub struct Party {
    pub who: String,
    pub key: Option<String>,
}

impl Annotation {
    fn plain(kind: AnnotationKind, span: Span, key: Option<String>) -> Annotation {
        Annotation {
            kind,
            span,
            key,
            attribution: None,
        }
    }
}

/// The annotation kind of an entity: countries, organisations and territories apart.
fn entity_kind(kind: EntityKind) -> AnnotationKind {
    match kind {
        EntityKind::Member | EntityKind::ObserverState | EntityKind::Union => {
            AnnotationKind::Country
        }
        EntityKind::Organization | EntityKind::UnEntity => AnnotationKind::Organization,
        EntityKind::Territory => AnnotationKind::Territory,
    }
}

pub fn annotations(ws: &Workspace, file: FileId) -> Vec<Annotation> {
    let Some(doc) = ws.get(file) else {
        return Vec::new();
    };
    let rec = &doc.record;
    let gaz = &ws.gaz;
    let mut out = Vec::new();
    // Each statement's speaker key, asked once: its quotations and attributions reporting it
    // carry the same key.
    let speaker_keys: Vec<String> = (0..rec.statements.len())
        .map(|statement| ws.speaker_key(StatementRef { file, statement }))
        .collect();
    for (st, key) in rec.statements.iter().zip(&speaker_keys) {
        out.push(Annotation::plain(
            AnnotationKind::Speaker,
            st.name,
            Some(key.clone()),
        ));
    }
    for c in &rec.countries {
        let e = gaz.entity(c.entity);
        out.push(Annotation::plain(
            entity_kind(e.kind),
            c.span,
            Some(e.key.clone()),
        ));
    }
    for m in &rec.instruments {
        out.push(Annotation::plain(
            AnnotationKind::Instrument,
            m.span,
            m.instrument.map(|i| gaz.instrument(i).id.clone()),
        ));
    }
    if let Some((sym, span)) = &rec.header.symbol {
        out.push(Annotation::plain(
            AnnotationKind::Symbol,
            *span,
            Some(sym.clone()),
        ));
    }
    for r in &rec.references {
        let kind = match r.kind {
            ReferenceKind::PressRelease => AnnotationKind::Symbol,
            ReferenceKind::Resolution | ReferenceKind::Document => AnnotationKind::Resolution,
        };
        out.push(Annotation::plain(kind, r.span, Some(r.symbol.clone())));
    }
    for item in &rec.agenda_items {
        out.push(Annotation::plain(
            AnnotationKind::AgendaItem,
            item.span,
            Some(item.item.clone()),
        ));
    }
    let credits: Vec<Annotation> = (0..rec.attributions.len())
        .map(|ai| attribution(ws, file, ai, &speaker_keys))
        .collect();
    for (qi, q) in rec.quotations.iter().enumerate() {
        // A quotation inside a statement is that speaker's; in a summary, the party's its
        // attribution credits.
        let key = rec
            .statements
            .iter()
            .position(|s| s.span.contains_span(q.span))
            .map(|st| speaker_keys[st].clone())
            .or_else(|| {
                rec.attributions
                    .iter()
                    .position(|a| a.quotations.contains(&qi))
                    .and_then(|ai| credits[ai].key.clone())
            });
        out.push(Annotation::plain(AnnotationKind::Quotation, q.span, key));
    }
    out.extend(credits);
    in_order(out)
}

/// The annotations sorted stably by start and kind: the small keys are sorted (with the index,
/// which keeps equal keys in their order) and each annotation is moved once, rather than moved
/// about by the sort.
fn in_order(annotations: Vec<Annotation>) -> Vec<Annotation> {
    let mut order: Vec<(usize, AnnotationKind, usize)> = annotations
        .iter()
        .enumerate()
        .map(|(i, a)| (a.span.start, a.kind, i))
        .collect();
    order.sort_unstable();
    let mut slots: Vec<Option<Annotation>> = annotations.into_iter().map(Some).collect();
    order
        .into_iter()
        .map(|(_, _, i)| slots[i].take().expect("each index once"))
        .collect()
}

/// The annotation of attribution `ai` of `file`: its text through the reporting verb, the party
/// and the statement it reports ([`crate::linking::reported_statements`]).
/// `speaker_keys` are those of the statements of `file`.
fn attribution(ws: &Workspace, file: FileId, ai: usize, speaker_keys: &[String]) -> Annotation {
    let doc = ws.get(file).expect("annotated file is loaded");
    let a: &Attribution = &doc.record.attributions[ai];
    let statement = crate::linking::reported_statements(ws, file, ai)
        .first()
        .copied();
    let party = |t: &AttributionTarget| Party {
        who: doc.span_text(t.span).to_string(),
        key: t.entity.map(|e| ws.gaz.entity(e).key.clone()),
    };
    let (who, key, with) = match a.person {
        Some(p) => {
            let key = match statement {
                Some(st) if st.file == file => speaker_keys[st.statement].clone(),
                Some(st) => ws.speaker_key(st),
                None => person_key(ws, doc.span_text(p), a),
            };
            (Some(doc.span_text(p).to_string()), Some(key), Vec::new())
        }
        None => {
            let first = a.targets.first().map(party);
            let with = a.targets.iter().skip(1).map(party).collect();
            let key = first.as_ref().and_then(|f| f.key.clone());
            (first.map(|f| f.who), key, with)
        }
    };
    Annotation {
        kind: AnnotationKind::Attribution,
        span: a.text.cover(a.cue),
        key,
        attribution: Some(Credit {
            who,
            who_kind: a.party,
            statement,
            with,
            on_behalf: a.on_behalf.iter().map(party).collect(),
        }),
    }
}

/// A person's identity when no statement of theirs is loaded: the folded name, with the key of
/// the country or organisation the cue gives them ("pierre lacroix", "anifah aman@MYS").
fn person_key(ws: &Workspace, name: &str, a: &Attribution) -> String {
    let mut key = crate::parse::speaker::name_tokens(name).join(" ");
    if let Some(e) = a.targets.first().and_then(|t| t.entity) {
        key.push('@');
        key.push_str(&ws.gaz.entity(e).key);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference order: a stable sort of the annotations themselves.
    fn sorted_in_place(mut annotations: Vec<Annotation>) -> Vec<Annotation> {
        annotations.sort_by_key(|a| (a.span.start, a.kind));
        annotations
    }

    #[test]
    fn annotations_are_ordered_as_a_stable_sort_orders_them() {
        let mut next = crate::text::xorshift(0x9e37_79b9_7f4a_7c15);
        for round in 0..300 {
            // Few starts and kinds, so that many keys are equal and only the order they came
            // in tells them apart (their keys and ends differ).
            let len = (next() % 60) as usize;
            let spread = 1 + (round % 7) as u64;
            let annotations: Vec<Annotation> = (0..len)
                .map(|i| {
                    let start = (next() % spread) as usize;
                    let kind = AnnotationKind::ALL[(next() % 3) as usize];
                    Annotation::plain(kind, Span::new(start, start + i), Some(i.to_string()))
                })
                .collect();
            let expected = format!("{:?}", sorted_in_place(annotations.clone()));
            assert_eq!(format!("{:?}", in_order(annotations)), expected);
        }
    }

    #[test]
    fn annotations_of_the_seeds_are_in_order() {
        let mut ws = Workspace::default();
        let ids: Vec<FileId> = crate::text::seed_texts()
            .into_iter()
            .enumerate()
            .map(|(i, text)| ws.upsert(&format!("seed{i}.txt"), text))
            .collect();
        for id in ids {
            let got = annotations(&ws, id);
            let expected = format!("{:?}", sorted_in_place(got.clone()));
            assert_eq!(format!("{got:?}"), expected);
        }
    }
}
