//! What the workspace keeps of a record without its text: the facts the cross-record indexes and
//! the checks read ([`DocFacts`]) and the names and places features show ([`ShownFacts`]).

use crate::knowledge::Gazetteer;
use crate::record::{Record, ReferenceKind, RosterKind};
use crate::span::Span;

use super::{Document, SpeakerFact};

/// What the cross-record indexes and checks know of a record without its text: enough to
/// answer for it when it is not loaded (a record of another meeting in `check`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct DocFacts {
    pub name: String,
    pub display_name: String,
    pub session: Option<u32>,
    pub meetings: Vec<u32>,
    pub symbol: Option<(String, Span)>,
    /// The organ the symbol names ("General Assembly Fifth Committee"): committees number
    /// their meetings on their own, so a shared number is one meeting only within one organ.
    pub organ: Option<&'static str>,
    /// Per statement: name tokens and entity (the speaker index), and the span that ties the
    /// speaker to it (the affiliation, else the header), for evidence shown elsewhere.
    pub speakers: Vec<SpeakerFact>,
    pub speaker_anchors: Vec<Span>,
    /// Where each anchor is as (line, byte in line) of its start and end: what a finding of
    /// another record shows of it. Unlike the byte spans, it stays put while text is typed on
    /// other lines.
    pub anchor_places: Vec<[u32; 4]>,
    /// Entities that spoke or were reported or listed as speaking (not in reply lists): what a
    /// right of reply at a nearby meeting may answer.
    pub spoke: Vec<usize>,
    /// Whether the record may answer delegations in a right of reply
    /// (`parse::attribution::may_reply`): its checks then read who spoke at nearby meetings.
    pub may_reply: bool,
    /// Entities named anywhere (sorted, distinct).
    pub entities: Vec<usize>,
    /// Catalogued instruments cited by title or by symbol (sorted, distinct).
    pub instruments: Vec<usize>,
    /// Uncatalogued instrument titles, folded.
    pub titles: Vec<String>,
    /// Symbols cited ("(See Press Release GA/12387.)", resolutions, documents), distinct.
    pub cited: Vec<String>,
    /// The press-release symbols among them.
    pub cited_press_releases: Vec<String>,
    /// What features show or point at in a record that is not loaded, kept compact.
    pub shown: ShownFacts,
}

/// A byte range of a record in 32 bits a side: records are refused above 16 MB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub(crate) struct Range32 {
    pub start: u32,
    pub end: u32,
}

impl Range32 {
    pub(crate) fn of(span: Span) -> Range32 {
        Range32 {
            start: span.start as u32,
            end: span.end as u32,
        }
    }

    pub(crate) fn span(self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

/// The names, labels and places that hovers, references, rename and the symbol search show for
/// a record, so that they never parse it again (see [`DocFacts::shown`]).
#[derive(Debug, Clone, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct ShownFacts {
    pub title: Option<String>,
    pub title_span: Option<Range32>,
    /// Per statement: the full name a panel turn was resolved to, and the speaker's country or
    /// affiliation as shown.
    pub speaker_full_names: Vec<Option<String>>,
    pub speaker_details: Vec<Option<String>>,
    /// Per statement: the speaker as written (with a panel turn's honorific), where the name is
    /// written, and the section it is in.
    pub speaker_labels: Vec<String>,
    pub speaker_names: Vec<Range32>,
    pub speaker_sections: Vec<Option<u32>>,
    /// Section headings: name and place.
    pub sections: Vec<(String, Range32)>,
    /// Every span naming a known entity, sorted by (entity, place).
    pub entity_spans: Vec<(u32, Range32)>,
    /// Catalogued instruments cited by title or by symbol, sorted by (instrument, place).
    pub instrument_spans: Vec<(u32, Range32)>,
    /// Catalogued instruments cited by title (not only by symbol), sorted.
    pub titled_instruments: Vec<u32>,
    /// Uncatalogued titles (index into `DocFacts::titles`) and where they are cited.
    pub title_spans: Vec<(u32, Range32)>,
    /// References (index into `DocFacts::cited`, whether it is a press release) and places.
    pub reference_spans: Vec<(u32, bool, Range32)>,
}

impl ShownFacts {
    /// The places naming `entity`, in text order.
    pub(crate) fn spans_of_entity(&self, entity: usize) -> impl Iterator<Item = Span> + '_ {
        let e = entity as u32;
        let from = self.entity_spans.partition_point(|(x, _)| *x < e);
        self.entity_spans[from..]
            .iter()
            .take_while(move |(x, _)| *x == e)
            .map(|(_, r)| r.span())
    }
}

impl ShownFacts {
    fn of(doc: &Document, gaz: &Gazetteer, titles: &[String], cited: &[String]) -> ShownFacts {
        let rec = &doc.record;
        let mut entity_spans: Vec<(u32, Range32)> = rec
            .entity_spans()
            .into_iter()
            .map(|(s, e)| (e as u32, Range32::of(s)))
            .collect();
        entity_spans.sort_unstable();
        let mut instrument_spans: Vec<(u32, Range32)> = Vec::new();
        let mut title_spans: Vec<(u32, Range32)> = Vec::new();
        for m in &rec.instruments {
            match m.instrument {
                Some(i) => instrument_spans.push((i as u32, Range32::of(m.span))),
                None => {
                    let t = crate::text::fold(doc.span_text(m.span));
                    if let Ok(ti) = titles.binary_search(&t) {
                        title_spans.push((ti as u32, Range32::of(m.span)));
                    }
                }
            }
        }
        let mut titled_instruments: Vec<u32> = instrument_spans.iter().map(|(i, _)| *i).collect();
        titled_instruments.sort_unstable();
        titled_instruments.dedup();
        let mut reference_spans = Vec::new();
        for r in &rec.references {
            let press = r.kind == ReferenceKind::PressRelease;
            if !press && let Some(i) = gaz.instrument_with_symbol(&r.symbol) {
                instrument_spans.push((i as u32, Range32::of(r.span)));
            }
            if let Ok(ci) = cited.binary_search(&r.symbol) {
                reference_spans.push((ci as u32, press, Range32::of(r.span)));
            }
        }
        instrument_spans.sort_unstable();
        ShownFacts {
            titled_instruments,
            title: rec.title.map(|t| doc.span_text(t).to_string()),
            title_span: rec.title.map(Range32::of),
            speaker_full_names: rec
                .statements
                .iter()
                .map(|s| s.full_name.map(|f| doc.span_text(f).to_string()))
                .collect(),
            speaker_details: (0..rec.statements.len())
                .map(|i| doc.speaker_detail(gaz, i))
                .collect(),
            speaker_labels: (0..rec.statements.len())
                .map(|i| doc.speaker_label(i))
                .collect(),
            speaker_names: rec.statements.iter().map(|s| Range32::of(s.name)).collect(),
            speaker_sections: rec
                .statements
                .iter()
                .map(|s| s.section.map(|x| x as u32))
                .collect(),
            sections: rec
                .sections
                .iter()
                .map(|s| (s.name.clone(), Range32::of(s.heading)))
                .collect(),
            entity_spans,
            instrument_spans,
            title_spans,
            reference_spans,
        }
    }
}

impl DocFacts {
    /// The folded words of every name the symbol search matches in this record: symbol,
    /// title, display name, section headings, speakers as written and their full names.
    pub(crate) fn search_tokens(&self) -> Vec<String> {
        let shown = &self.shown;
        let names = self
            .symbol()
            .into_iter()
            .chain(shown.title.as_deref())
            .chain(std::iter::once(self.display_name.as_str()))
            .chain(shown.sections.iter().map(|(n, _)| n.as_str()))
            .chain(shown.speaker_labels.iter().map(String::as_str))
            .chain(
                shown
                    .speaker_full_names
                    .iter()
                    .flatten()
                    .map(String::as_str),
            );
        let mut out: Vec<String> = names
            .flat_map(|n| {
                crate::text::fold(n)
                    .split_whitespace()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Every fact of a parsed document: what the indexes, the checks and the features read.
    pub(crate) fn of(doc: &Document, gaz: &Gazetteer) -> DocFacts {
        let rec = &doc.record;
        let checked = DocFacts::checked(
            doc.name.clone(),
            doc.display_name(),
            &doc.text,
            rec,
            doc.speaker_tokens.clone(),
        );
        let place = |offset: usize| {
            let line = doc.lines.line_of(offset);
            [line as u32, (offset - doc.lines.line_start(line)) as u32]
        };
        let anchor_places = checked
            .speaker_anchors
            .iter()
            .map(|a| {
                let ([l0, c0], [l1, c1]) = (place(a.start), place(a.end));
                [l0, c0, l1, c1]
            })
            .collect();
        let mut instruments: Vec<usize> = rec
            .instruments
            .iter()
            .filter_map(|m| m.instrument)
            .chain(
                rec.references
                    .iter()
                    .filter(|r| r.kind != ReferenceKind::PressRelease)
                    .filter_map(|r| gaz.instrument_with_symbol(&r.symbol)),
            )
            .collect();
        instruments.sort_unstable();
        instruments.dedup();
        let mut titles: Vec<String> = rec
            .instruments
            .iter()
            .filter(|m| m.instrument.is_none())
            .map(|m| crate::text::fold(doc.span_text(m.span)))
            .collect();
        titles.sort_unstable();
        titles.dedup();
        let mut cited: Vec<String> = rec.references.iter().map(|r| r.symbol.clone()).collect();
        cited.sort_unstable();
        cited.dedup();
        let mut cited_press_releases: Vec<String> = rec
            .references
            .iter()
            .filter(|r| r.kind == ReferenceKind::PressRelease)
            .map(|r| r.symbol.clone())
            .collect();
        cited_press_releases.sort_unstable();
        cited_press_releases.dedup();
        let shown = ShownFacts::of(doc, gaz, &titles, &cited);
        // The entity places are sorted by entity: the distinct entities follow.
        let mut entities: Vec<usize> = shown
            .entity_spans
            .iter()
            .map(|(e, _)| *e as usize)
            .collect();
        entities.dedup();
        DocFacts {
            shown,
            anchor_places,
            entities,
            instruments,
            titles,
            cited,
            cited_press_releases,
            ..checked
        }
    }

    /// Only what the checks read of other records (see [`DocFacts::for_checks`]), straight from
    /// a record parsed as far as `parse::parse_for_facts` goes, without the line index and the
    /// shown facts a [`Document`] and [`DocFacts::of`] would build: the first pass over an
    /// archive, which keeps nothing else.
    pub(crate) fn for_checks_of(name: String, text: &str, rec: &Record) -> DocFacts {
        let display_name = super::document::display_name(&name, text, rec);
        let tokens = super::speakers::statement_tokens(text, rec);
        DocFacts::checked(name, display_name, text, rec, tokens)
    }

    /// The facts the checks read, from a record and its speakers' name tokens; the rest is left
    /// empty.
    fn checked(
        name: String,
        display_name: String,
        text: &str,
        rec: &Record,
        tokens: Vec<Vec<String>>,
    ) -> DocFacts {
        let h = &rec.header;
        let speakers = rec
            .statements
            .iter()
            .zip(tokens)
            .map(|(s, tokens)| SpeakerFact {
                tokens,
                entity: s.entity(),
            })
            .collect();
        let speaker_anchors: Vec<Span> = rec
            .statements
            .iter()
            .map(|s| s.affiliation.map_or(s.header, |a| a.span))
            .collect();
        DocFacts {
            name,
            display_name,
            session: h.session_number(),
            meetings: h.meetings.clone(),
            symbol: h.symbol.clone(),
            organ: h.symbol().and_then(crate::parse::header::organ_of_symbol),
            speakers,
            speaker_anchors,
            spoke: DocFacts::spoke_of(rec),
            may_reply: crate::parse::attribution::may_reply(text, rec),
            ..DocFacts::default()
        }
    }

    /// Who spoke, was reported or was listed as speaking in a record (see [`DocFacts::spoke`]):
    /// complete once the record is parsed as far as its attributions and rosters.
    pub(crate) fn spoke_of(rec: &Record) -> Vec<usize> {
        let mut spoke: Vec<usize> = rec
            .statements
            .iter()
            .filter_map(|s| s.entity())
            .chain(
                rec.attributions
                    .iter()
                    .flat_map(|a| a.targets.iter().filter_map(|t| t.entity)),
            )
            .chain(
                rec.rosters
                    .iter()
                    .filter(|r| r.kind != RosterKind::RightOfReply)
                    .flat_map(|r| r.entities.iter().filter_map(|t| t.entity)),
            )
            .collect();
        spoke.sort_unstable();
        spoke.dedup();
        spoke
    }

    pub(crate) fn symbol(&self) -> Option<&str> {
        self.symbol.as_ref().map(|s| s.0.as_str())
    }

    /// Whether the checks of records outside this one's meetings would read the same of both:
    /// the facts they read, and anchors where they show them. Typing in a record's prose leaves
    /// these alone, so only its own meetings need checking again.
    pub(crate) fn same_for_other_meetings(&self, other: &DocFacts) -> bool {
        self.name == other.name
            && self.display_name == other.display_name
            && self.session == other.session
            && self.meetings == other.meetings
            && self.symbol == other.symbol
            && self.organ == other.organ
            && self.speakers == other.speakers
            && self.spoke == other.spoke
            && self.anchor_places == other.anchor_places
    }

    /// Only what the checks read of other records (masthead, speakers, who spoke): the facts
    /// the command line keeps for a whole archive, which [`DocFacts::for_checks_of`] must equal.
    /// Hovers, references and the symbol search need the rest.
    #[cfg(test)]
    pub(crate) fn for_checks(self) -> DocFacts {
        DocFacts {
            name: self.name,
            display_name: self.display_name,
            session: self.session,
            meetings: self.meetings,
            symbol: self.symbol,
            organ: self.organ,
            speakers: self.speakers,
            speaker_anchors: self.speaker_anchors,
            spoke: self.spoke,
            may_reply: self.may_reply,
            ..DocFacts::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;

    /// Every record under `dir`, recursively, by path.
    fn records_under(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                records_under(&path, out);
            } else if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path.to_string_lossy().into_owned(), text));
            }
        }
    }

    /// A record and variants of it that move what the facts read: line ends of a word
    /// processor, the record cut short after each quarter of its paragraphs (statements without
    /// their introductions, summaries without their rosters), and without its masthead (the
    /// title or the file name names it then).
    fn variants(name: &str, text: &str) -> Vec<(String, String)> {
        let mut out = vec![
            (name.to_string(), text.to_string()),
            (format!("{name}#crlf"), text.replace('\n', "\r\n")),
        ];
        let breaks: Vec<usize> = text.match_indices("\n\n").map(|(i, _)| i).collect();
        for q in 1..4 {
            if let Some(&cut) = breaks.get(breaks.len() * q / 4) {
                out.push((format!("{name}#cut{q}"), text[..cut].to_string()));
            }
        }
        if let Some(&first) = breaks.first() {
            out.push((format!("{name}#headless"), text[first + 2..].to_string()));
        }
        out
    }

    #[test]
    fn the_facts_for_checks_of_the_first_pass_are_those_of_a_full_parse() {
        let gaz = Gazetteer::builtin();
        let mut records = Vec::new();
        records_under(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
            &mut records,
        );
        let (mut compared, mut reported, mut resolved, mut skipped) = (0, 0, 0, 0);
        for (name, text) in records.iter().flat_map(|(n, t)| variants(n, t)) {
            let doc = Document::new(name.clone(), Arc::from(text.as_str()), &gaz);
            let lite_record = crate::parse::parse_for_facts(&text, &gaz);
            let lite = DocFacts::for_checks_of(name.clone(), &text, &lite_record);
            let full = DocFacts::of(&doc, &gaz).for_checks();
            assert_eq!(lite, full, "{name}");
            compared += 1;
            // What the comparison reaches: entities only summaries report as speaking, panel
            // turns resolved to full names, and records whose lite parse skipped something.
            let stated: Vec<usize> = (0..doc.record.statements.len())
                .filter_map(|i| doc.statement_entity(i))
                .collect();
            reported += usize::from(full.spoke.iter().any(|e| !stated.contains(e)));
            resolved += usize::from(doc.record.statements.iter().any(|s| s.full_name.is_some()));
            skipped += usize::from(
                !doc.record.instruments.is_empty() && lite_record.instruments.is_empty(),
            );
        }
        assert!(compared > 200, "{compared} records compared");
        assert!(
            reported > 100 && resolved > 20 && skipped > 100,
            "reported {reported}, resolved {resolved}, skipped {skipped}"
        );
    }

    #[test]
    fn the_speakers_parse_gives_the_speakers_of_a_full_parse() {
        let gaz = Gazetteer::builtin();
        let mut records = Vec::new();
        records_under(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
            &mut records,
        );
        let (mut compared, mut resolved, mut replying) = (0, 0, 0);
        for (name, text) in records.iter().flat_map(|(n, t)| variants(n, t)) {
            let doc = Document::new(name.clone(), Arc::from(text.as_str()), &gaz);
            let speakers_record = crate::parse::parse_for_speakers(&text, &gaz);
            let lite = DocFacts::for_checks_of(name.clone(), &text, &speakers_record);
            let full = DocFacts::of(&doc, &gaz).for_checks();
            // Everything but who only summaries and rosters say spoke, which it leaves out.
            assert_eq!(
                (
                    &lite.display_name,
                    lite.session,
                    &lite.meetings,
                    &lite.symbol
                ),
                (
                    &full.display_name,
                    full.session,
                    &full.meetings,
                    &full.symbol
                ),
                "{name}"
            );
            assert_eq!(lite.organ, full.organ, "{name}");
            assert_eq!(lite.speakers, full.speakers, "{name}");
            assert_eq!(lite.speaker_anchors, full.speaker_anchors, "{name}");
            assert!(lite.spoke.iter().all(|e| full.spoke.contains(e)), "{name}");
            // Who spoke is completed from the full parse: it must say whether to.
            assert_eq!(lite.may_reply, full.may_reply, "{name}");
            assert!(doc.record.replies.is_empty() || lite.may_reply, "{name}");
            replying += usize::from(!doc.record.replies.is_empty());
            compared += 1;
            resolved += usize::from(doc.record.statements.iter().any(|s| s.full_name.is_some()));
        }
        assert!(
            compared > 200 && resolved > 20 && replying > 20,
            "{compared} compared, {resolved} resolved, {replying} replying"
        );
    }
}
