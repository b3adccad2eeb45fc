//! The header side of `speaker-country-conflict`: a header `NAME (Y)` weighed against the title
//! that follows it, the statement's self-references, the lists of speakers, the summary naming
//! the person with a country, and the same person in other records of the session. Each kind of
//! evidence is one function returning votes; [`Tally`] adds them up. Also the entities such
//! headers stand for, which the roster and attribution checks then leave alone.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::context::{MeetingAnalysis, MeetingContext};
use super::{CheckCode, Diagnostic};
use crate::knowledge::NameForm;
use crate::names::NameId;
use crate::record::{Affiliation, AffiliationSource, HeaderForm, Statement};
use crate::span::Span;
use crate::workspace::{FileId, StatementRef, Workspace, same_person};

// Vote weights. Each counts places that tie the speaker to a country; the header counts for its
// own country and is overruled when another country has at least `MIN_VOTES_AGAINST` and more
// than the header. They trade catching a mislabelled header on thin evidence against blaming a
// right header whose speaker talks about another country. Set by hand (not fitted) so that the
// clean seed records raise no conflict and the faults of tests/faults.rs are caught, including
// the held-out cases written after the weights.

/// What the header itself is worth for the country it names.
const HEADER_VOTE: usize = 1;
/// Another country needs at least this many votes to overrule a header.
const MIN_VOTES_AGAINST: usize = 2;
/// "Bahrain has prioritized ...": weak, since speakers also say it of countries they criticise.
const WEAK_SELF_REFERENCE_VOTE: usize = 1;
/// "his country, Bahrain": strong.
const STRONG_SELF_REFERENCE_VOTE: usize = 2;
/// The lists name exactly one delegation without a statement and miss exactly this header's.
const ROSTER_PAIRING_VOTE: usize = 2;
/// A country in the lists of speakers: the header's (for it), or another one without a statement
/// of its own (for that one).
const LISTED_VOTE: usize = 1;
/// Mentions of the header's own country in the statement count up to this many.
const HEADER_MENTION_CAP: usize = 2;
/// The summary names this person with a country ("Anifah Aman, Minister ... of Malaysia").
const SUMMARY_CUE_VOTE: usize = 2;
/// Per statement of the same person in another record of the session.
const ELSEWHERE_VOTE: usize = 2;
/// How many places of the same person elsewhere are shown as evidence for one country; the
/// votes count them all.
const MAX_ELSEWHERE_EVIDENCE: usize = 12;

/// A place that ties a speaker to a country: file, span, what it says.
type Evidence<'a> = (FileId, Span, Says<'a>);

/// What a place of evidence says, put into words only for a country that overrules a header:
/// most headers are not overruled, and their evidence is never shown.
enum Says<'a> {
    /// The statement speaks of this country as its own.
    OwnCountry(usize),
    /// The lists name `named` (which has no statement) and not the header's `header`.
    ListsPairing { named: usize, header: usize },
    /// The lists name this country, which has no statement of its own.
    Listed(usize),
    /// A summary names `person` with `entity`.
    SummaryCue { person: &'a str, entity: usize },
    /// The same speaker is tied to `entity` in the record shown as `record`.
    Elsewhere { entity: usize, record: &'a str },
}

impl Says<'_> {
    fn words(&self, ctx: &MeetingContext<'_>) -> String {
        match *self {
            Says::OwnCountry(z) => format!(
                "the statement speaks of {} as its own country",
                ctx.entity_name(z)
            ),
            Says::ListsPairing { named, header } => format!(
                "the lists of speakers name {} (which has no statement) and not {}",
                ctx.entity_name(named),
                ctx.entity_name(header)
            ),
            Says::Listed(z) => format!(
                "the list of speakers names {}, which has no statement of its own",
                ctx.entity_name(z)
            ),
            Says::SummaryCue { person, entity } => format!(
                "the summary names {person} with {}",
                ctx.entity_name(entity)
            ),
            Says::Elsewhere { entity, record } => format!(
                "the same speaker is tied to {} in {record}",
                ctx.entity_name(entity)
            ),
        }
    }
}

/// Votes for one country, with the places to show for them.
struct Vote<'a> {
    entity: usize,
    weight: usize,
    evidence: Vec<Evidence<'a>>,
}

impl<'a> Vote<'a> {
    fn new(entity: usize, weight: usize, evidence: Option<Evidence<'a>>) -> Vote<'a> {
        Vote {
            entity,
            weight,
            evidence: evidence.into_iter().collect(),
        }
    }
}

/// The votes about one header: for its country `header`, and against it per other country.
struct Tally<'a> {
    header: usize,
    for_header: usize,
    /// Per other country, its votes and evidence: a header has a few contenders at most, so a
    /// list looked through beats a hash table.
    against: Vec<(usize, usize, Vec<Evidence<'a>>)>,
}

impl<'a> Tally<'a> {
    fn new(header: usize) -> Tally<'a> {
        Tally {
            header,
            for_header: HEADER_VOTE,
            against: Vec::new(),
        }
    }

    fn add(&mut self, votes: impl IntoIterator<Item = Vote<'a>>) {
        for v in votes {
            if v.entity == self.header {
                self.for_header += v.weight;
                continue;
            }
            let at = match self.against.iter().position(|e| e.0 == v.entity) {
                Some(at) => at,
                None => {
                    self.against.push((v.entity, 0, Vec::new()));
                    self.against.len() - 1
                }
            };
            let e = &mut self.against[at];
            e.1 += v.weight;
            e.2.extend(v.evidence);
        }
    }

    /// The countries with votes against the header so far.
    fn contenders(&self) -> Vec<usize> {
        self.against.iter().map(|e| e.0).collect()
    }

    /// The country that overrules the header, with its evidence.
    fn verdict(self) -> Option<(usize, Vec<Evidence<'a>>)> {
        let (z, n, evidence) = self
            .against
            .into_iter()
            .filter(|(_, n, _)| *n >= MIN_VOTES_AGAINST)
            .max_by_key(|(z, n, _)| (*n, std::cmp::Reverse(*z)))?;
        (n > self.for_header).then_some((z, evidence))
    }
}

/// Entities that a conflicting or unknown header of the meeting probably stands for: a roster
/// or summary naming them is explained by that header, not wrong itself.
pub fn explained_entities(ws: &Workspace, meeting: &MeetingAnalysis) -> FxHashSet<usize> {
    let gaz = &ws.gaz;
    let mut out = FxHashSet::default();
    for &f in &meeting.members {
        let Some(doc) = ws.get(f) else { continue };
        for s in &doc.record.statements {
            if let Some(a) = s.affiliation
                && a.entity.is_none()
                && let Some(&best) = gaz.suggest_entities(doc.span_text(a.span), 1).first()
            {
                out.insert(best);
            }
        }
        for d in meeting.conflicts.get(&f).into_iter().flatten() {
            for fix in &d.fixes {
                for e in &fix.edits {
                    if let Some((ent, _)) = gaz.lookup_entity(&e.new_text) {
                        out.insert(ent);
                    }
                }
            }
        }
    }
    out
}

/// Headers of one record of the meeting that tie their speaker to another country than the
/// evidence does.
pub fn header_conflicts(ctx: &MeetingContext<'_>) -> Vec<Diagnostic> {
    let mut own = OwnCounts::default();
    (0..ctx.doc.record.statements.len())
        .filter_map(|si| header_conflict(ctx, si, &mut own))
        .collect()
}

/// Per speaker name and country, how many of the record's own statements the speaker index
/// holds: counted once per record, not once per statement of the name (a record where one
/// delegate speaks a thousand times counted a thousand statements a thousand times).
type OwnCounts = FxHashMap<(NameId, usize), usize>;

fn header_conflict(ctx: &MeetingContext<'_>, si: usize, own: &mut OwnCounts) -> Option<Diagnostic> {
    let s = &ctx.doc.record.statements[si];
    let aff = s.affiliation?;
    let y = aff.entity?;
    if !ctx.ws.gaz.entity(y).kind.is_delegation() || s.form == HeaderForm::PanelTurn {
        return None;
    }
    if let Some(d) = title_conflict(ctx, si, aff, y) {
        return Some(d);
    }
    let (z, evidence) = tally(ctx, si, aff, y, own).verdict()?;
    let evidence: Vec<(FileId, Span, String)> = evidence
        .into_iter()
        .map(|(f, span, says)| (f, span, says.words(ctx)))
        .collect();
    let file = ctx.file;
    let zname = ctx.entity_name(z).to_string();
    let mut d = Diagnostic::new(
        CheckCode::SpeakerCountryConflict,
        file,
        aff.span,
        format!(
            "{} is tied to {} here, but {}",
            ctx.doc.speaker_label(si),
            ctx.entity_name(y),
            evidence.first().map_or(String::new(), |e| e.2.clone())
        ),
    );
    for (f, span, msg) in evidence {
        d = d.related(f, span, msg);
    }
    Some(d.fix(
        format!("Replace with {zname}"),
        file,
        aff.span,
        zname.clone(),
    ))
}

/// Header parentheses against the title that follows them: `NAME (Y), Minister ... of Z`.
fn title_conflict(
    ctx: &MeetingContext<'_>,
    si: usize,
    aff: Affiliation,
    y: usize,
) -> Option<Diagnostic> {
    let (doc, gaz) = (ctx.doc, &ctx.ws.gaz);
    let role = doc.record.statements[si].role?;
    if aff.source != AffiliationSource::Parentheses {
        return None;
    }
    let text = doc.span_text(role);
    let m = gaz.find_entities(text).into_iter().find(|m| {
        m.entity != y && gaz.entity(m.entity).kind.is_delegation() && m.form != NameForm::Demonym
    })?;
    let yname = ctx.entity_name(y);
    Some(
        Diagnostic::new(
            CheckCode::SpeakerCountryConflict,
            ctx.file,
            m.span.shift(role.start),
            format!(
                "{} is ({yname}) in the header but the title names {}",
                doc.speaker_label(si),
                ctx.entity_name(m.entity)
            ),
        )
        .related(ctx.file, aff.span, format!("the header says {yname}")),
    )
}

/// Every kind of evidence about header `y` of statement `si`, added up in a fixed order (the
/// first evidence against the header is the one its message quotes).
fn tally<'a>(
    ctx: &MeetingContext<'a>,
    si: usize,
    aff: Affiliation,
    y: usize,
    own: &mut OwnCounts,
) -> Tally<'a> {
    let me = StatementRef {
        file: ctx.file,
        statement: si,
    };
    let s = &ctx.doc.record.statements[si];
    let self_refs = ctx.self_references(me);
    let mut tally = Tally::new(y);
    tally.add(self_reference_votes(ctx, s, &self_refs));
    tally.add(roster_pairing_vote(ctx, me, aff, y));
    tally.add(listed_votes(ctx, aff, y, &tally.contenders()));
    tally.add([header_mention_vote(ctx, s, y, &self_refs)]);
    let my_tokens = &ctx.doc.speaker_tokens[si];
    tally.add(summary_cue_votes(ctx, my_tokens, y));
    if let Some(session) = ctx.doc.record.session()
        && my_tokens.len() >= 2
    {
        tally.add(elsewhere_votes(ctx, session, y, my_tokens, own));
    }
    tally
}

/// The statement speaking of a country as its own: weakly ("Bahrain has ...") or strongly ("his
/// country, Bahrain"), each counted once.
fn self_reference_votes<'a>(
    ctx: &MeetingContext<'a>,
    s: &Statement,
    self_refs: &FxHashMap<usize, (usize, usize)>,
) -> Vec<Vote<'a>> {
    let body = Span::new(s.header.end, s.span.end);
    let mut out = Vec::new();
    for (&z, &(weak, strong)) in self_refs {
        let n = WEAK_SELF_REFERENCE_VOTE * weak.min(1) + STRONG_SELF_REFERENCE_VOTE * strong.min(1);
        // The first mention of the country in the body: the mentions are in text order.
        let evidence = ctx
            .doc
            .record
            .countries_in(body)
            .find(|m| m.entity == z)
            .map(|m| (ctx.file, m.span, Says::OwnCountry(z)));
        out.push(Vote::new(z, n, evidence));
    }
    out
}

/// The lists name one delegation that has no statement, and this header's is in none.
fn roster_pairing_vote<'a>(
    ctx: &MeetingContext<'a>,
    me: StatementRef,
    aff: Affiliation,
    y: usize,
) -> Option<Vote<'a>> {
    let (st, z) = ctx.roster_pairing()?;
    if st != me || z == y {
        return None;
    }
    let msg = Says::ListsPairing {
        named: z,
        header: y,
    };
    Some(Vote::new(
        z,
        ROSTER_PAIRING_VOTE,
        Some((ctx.file, aff.span, msg)),
    ))
}

/// The lists of speakers: the header's country listed, or a contender that is listed and has no
/// statement of its own.
fn listed_votes<'a>(
    ctx: &MeetingContext<'a>,
    aff: Affiliation,
    y: usize,
    contenders: &[usize],
) -> Vec<Vote<'a>> {
    let mut out = Vec::new();
    if ctx.rostered.contains(&y) {
        out.push(Vote::new(y, LISTED_VOTE, None));
    }
    for &z in contenders {
        if ctx.rostered.contains(&z) && !ctx.has_statement(z) {
            let msg = Says::Listed(z);
            out.push(Vote::new(z, LISTED_VOTE, Some((ctx.file, aff.span, msg))));
        }
    }
    out
}

/// The statement naming the header's country, beyond the self-references already counted.
fn header_mention_vote<'a>(
    ctx: &MeetingContext<'a>,
    s: &Statement,
    y: usize,
    self_refs: &FxHashMap<usize, (usize, usize)>,
) -> Vote<'a> {
    let body = Span::new(s.header.end, s.span.end);
    let counted = self_refs
        .get(&y)
        .map_or(0, |(w, s)| w + s)
        .min(HEADER_MENTION_CAP);
    let mentions = ctx.mentions_in(ctx.doc, body, y, None, HEADER_MENTION_CAP);
    Vote::new(y, mentions.saturating_sub(counted), None)
}

/// The summaries of the meeting naming this person with a country.
fn summary_cue_votes<'a>(
    ctx: &MeetingContext<'a>,
    my_tokens: &[String],
    y: usize,
) -> Vec<Vote<'a>> {
    ctx.meeting
        .person_cues
        .iter()
        .filter(|cue| same_person(&cue.tokens, my_tokens))
        .filter(|cue| cue.entity == y || ctx.ws.gaz.entity(cue.entity).kind.is_delegation())
        .map(|cue| {
            let msg = Says::SummaryCue {
                person: &cue.person,
                entity: cue.entity,
            };
            Vote::new(
                cue.entity,
                SUMMARY_CUE_VOTE,
                Some((cue.file, cue.target, msg)),
            )
        })
        .collect()
}

/// The statements of the same person (a compatible name of two tokens or more) in other records
/// of the session, through the speaker index: each ties them to its header's country.
fn elsewhere_votes<'a>(
    ctx: &MeetingContext<'a>,
    session: u32,
    y: usize,
    my_tokens: &[String],
    own_counts: &mut OwnCounts,
) -> Vec<Vote<'a>> {
    let (ws, file) = (ctx.ws, ctx.file);
    let speakers = ws.speakers();
    let mut by_entity: BTreeMap<usize, (usize, Vec<StatementRef>)> = BTreeMap::new();
    for id in speakers.compatible(my_tokens) {
        let name = speakers.name(id);
        if name.tokens.len() < 2 {
            continue;
        }
        for (z, refs) in name.in_session(Some(session)) {
            let Some(z) = z else { continue };
            if z != y && !ws.gaz.entity(z).kind.is_delegation() {
                continue;
            }
            // Counted from the set's size, less this record's own statements: a delegate who
            // spoke in a thousand records of the session costs no more than one who spoke twice.
            let (first, after) = (
                StatementRef { file, statement: 0 },
                StatementRef {
                    file: file + 1,
                    statement: 0,
                },
            );
            let own = *own_counts
                .entry((id, z))
                .or_insert_with(|| refs.range(first..after).count());
            let entry = by_entity.entry(z).or_default();
            entry.0 += refs.len() - own;
            if z != y {
                // The others in order: those of earlier records, then of later ones.
                entry.1.extend(
                    refs.range(..first)
                        .chain(refs.range(after..))
                        .take(MAX_ELSEWHERE_EVIDENCE),
                );
            }
        }
    }
    by_entity
        .into_iter()
        .filter(|(_, (count, _))| *count > 0)
        .map(|(z, (count, refs))| Vote {
            entity: z,
            weight: ELSEWHERE_VOTE * count,
            evidence: if z == y {
                Vec::new()
            } else {
                elsewhere_evidence(ctx, z, refs)
            },
        })
        .collect()
}

/// The places of the same speaker elsewhere tied to `z`, first ones first.
fn elsewhere_evidence<'a>(
    ctx: &MeetingContext<'a>,
    z: usize,
    mut refs: Vec<StatementRef>,
) -> Vec<Evidence<'a>> {
    refs.sort();
    refs.truncate(MAX_ELSEWHERE_EVIDENCE);
    let ws: &'a Workspace = ctx.ws;
    refs.into_iter()
        .filter_map(|r| {
            let facts = ws.facts(r.file)?;
            let msg = Says::Elsewhere {
                entity: z,
                record: &facts.display_name,
            };
            Some((r.file, facts.speaker_anchors[r.statement], msg))
        })
        .collect()
}
