//! Speaker identity checks: `speaker-country-conflict` (header against title, self-references,
//! the summary's titled mention and the same person elsewhere in the session),
//! `honorific-mismatch` and `name-variant`.

use std::collections::{HashMap, HashSet};

use super::context::{MeetingAnalysis, MeetingContext};
use super::{CheckCode, Diagnostic};
use crate::parse::speaker::{name_tokens, tokens_compatible};
use crate::record::{AffiliationSource, HeaderForm, Honorific};
use crate::span::Span;
use crate::text::FoldedText;
use crate::workspace::{StatementRef, Workspace, same_person};

/// Entities that a conflicting or unknown header of the meeting probably stands for: a roster
/// or summary naming them is explained by that header, not wrong itself.
pub fn explained_entities(ws: &Workspace, meeting: &MeetingAnalysis) -> HashSet<usize> {
    let gaz = &ws.gaz;
    let mut out = HashSet::new();
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
    let mut out = Vec::new();
    let (file, doc) = (ctx.file, ctx.doc);
    let gaz = &ctx.ws.gaz;
    for (si, s) in doc.record.statements.iter().enumerate() {
        let Some(aff) = s.affiliation else { continue };
        let Some(y) = aff.entity else { continue };
        if !gaz.entity(y).kind.is_delegation() || s.form == HeaderForm::PanelTurn {
            continue;
        }
        let me = StatementRef {
            file,
            statement: si,
        };
        let speaker = doc.speaker_label(si);
        let yname = ctx.entity_name(y).to_string();

        // Header parentheses against the title that follows them.
        if aff.source == AffiliationSource::Parentheses
            && let Some(role) = s.role
        {
            let text = doc.span_text(role);
            let folded = FoldedText::new(text);
            if let Some(m) = gaz.find_entities(text, &folded).into_iter().find(|m| {
                m.entity != y
                    && gaz.entity(m.entity).kind.is_delegation()
                    && m.form != crate::knowledge::NameForm::Demonym
            }) {
                let span = m.span.shift(role.start);
                out.push(
                    Diagnostic::new(
                        CheckCode::SpeakerCountryConflict,
                        file,
                        span,
                        format!(
                            "{speaker} is ({yname}) in the header but the title names {}",
                            ctx.entity_name(m.entity)
                        ),
                    )
                    .related(
                        file,
                        aff.span,
                        format!("the header says {yname}"),
                    ),
                );
                continue;
            }
        }

        // Evidence for another country Z: the statement's self-references, the summary naming
        // this person with a title, the same person in another record of the session.
        let mut votes: HashMap<usize, (usize, Vec<Evidence>)> = HashMap::new();
        let mut for_header = 1usize;
        let self_refs = ctx.self_references(me);
        for (&z, &(weak, strong)) in &self_refs {
            // Speakers also say "X has ..." of countries they criticise: a weak self-reference
            // counts once, "his country, X" twice.
            let n = weak.min(1) + 2 * strong.min(1);
            let evidence = doc
                .record
                .countries
                .iter()
                .find(|m| {
                    m.entity == z && s.span.contains_span(m.span) && m.span.start >= s.header.end
                })
                .map(|m| {
                    let msg = format!(
                        "the statement speaks of {} as its own country",
                        ctx.entity_name(z)
                    );
                    (file, m.span, msg)
                });
            vote(&mut votes, &mut for_header, y, z, n, evidence);
        }
        // The lists name one delegation that has no statement, and this header's is in none.
        if let Some((st, z)) = ctx.roster_pairing()
            && st == me
            && z != y
        {
            let msg = format!(
                "the lists of speakers name {} (which has no statement) and not {yname}",
                ctx.entity_name(z)
            );
            vote(
                &mut votes,
                &mut for_header,
                y,
                z,
                2,
                Some((file, aff.span, msg)),
            );
        }
        // The lists of speakers: the header's country listed, or another that is listed and has
        // no statement of its own.
        if ctx.rostered.contains(&y) {
            for_header += 1;
        }
        for (&z, e) in votes.iter_mut() {
            if ctx.rostered.contains(&z) && !ctx.has_statement(z) {
                e.0 += 1;
                e.1.push((
                    file,
                    aff.span,
                    format!(
                        "the list of speakers names {}, which has no statement of its own",
                        ctx.entity_name(z)
                    ),
                ));
            }
        }
        let body = Span::new(s.header.end, s.span.end);
        for_header += ctx
            .mentions_in(doc, body, y, None, 2)
            .saturating_sub(self_refs.get(&y).map_or(0, |(w, s)| w + s).min(2));
        let my_tokens = &doc.speaker_tokens[si];
        for cue in &ctx.person_cues {
            if !same_person(&cue.tokens, my_tokens) {
                continue;
            }
            let z = cue.entity;
            if z == y || gaz.entity(z).kind.is_delegation() {
                let msg = format!(
                    "the summary names {} with {}",
                    cue.person,
                    ctx.entity_name(z)
                );
                vote(
                    &mut votes,
                    &mut for_header,
                    y,
                    z,
                    2,
                    Some((cue.file, cue.target, msg)),
                );
            }
        }
        // The same person in other records of the session, through the speaker index.
        if let Some(session) = doc.record.session()
            && my_tokens.len() >= 2
        {
            elsewhere_votes(
                ctx,
                file,
                session,
                y,
                my_tokens,
                &mut votes,
                &mut for_header,
            );
        }
        let best = votes
            .into_iter()
            .filter(|(_, (n, _))| *n >= 2)
            .max_by_key(|(z, (n, _))| (*n, std::cmp::Reverse(*z)));
        if let Some((z, (n, evidence))) = best
            && n > for_header
        {
            let zname = ctx.entity_name(z).to_string();
            let mut d = Diagnostic::new(
                CheckCode::SpeakerCountryConflict,
                file,
                aff.span,
                format!(
                    "{speaker} is tied to {yname} here, but {}",
                    evidence.first().map_or(String::new(), |e| e.2.clone())
                ),
            );
            for (f, span, msg) in evidence {
                d = d.related(f, span, msg);
            }
            d = d.fix(
                format!("Replace with {zname}"),
                file,
                aff.span,
                zname.clone(),
            );
            out.push(d);
        }
    }
    out
}

/// How many places of the same person elsewhere are shown as evidence for one country; the
/// votes count them all.
const MAX_ELSEWHERE_EVIDENCE: usize = 12;

/// Votes from the statements of the same person (a compatible name of two tokens or more) in
/// other records of the session: each ties them to its header's country.
fn elsewhere_votes(
    ctx: &MeetingContext<'_>,
    file: crate::workspace::FileId,
    session: u32,
    y: usize,
    my_tokens: &[String],
    votes: &mut HashMap<usize, (usize, Vec<Evidence>)>,
    for_header: &mut usize,
) {
    let ws = ctx.ws;
    let speakers = ws.speakers();
    let mut by_entity: std::collections::BTreeMap<usize, (usize, Vec<StatementRef>)> =
        std::collections::BTreeMap::new();
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
            let own = refs
                .range(
                    StatementRef { file, statement: 0 }..StatementRef {
                        file: file + 1,
                        statement: 0,
                    },
                )
                .count();
            let entry = by_entity.entry(z).or_default();
            entry.0 += refs.len() - own;
            if z != y {
                entry.1.extend(
                    refs.iter()
                        .filter(|r| r.file != file)
                        .take(MAX_ELSEWHERE_EVIDENCE),
                );
            }
        }
    }
    for (z, (count, mut refs)) in by_entity {
        if count == 0 {
            continue;
        }
        refs.sort();
        refs.truncate(MAX_ELSEWHERE_EVIDENCE);
        if z == y {
            *for_header += 2 * count;
            continue;
        }
        let e = votes.entry(z).or_default();
        e.0 += 2 * count;
        for r in refs {
            let Some(facts) = ws.facts(r.file) else {
                continue;
            };
            let msg = format!(
                "the same speaker is tied to {} in {}",
                ctx.entity_name(z),
                facts.display_name
            );
            e.1.push((r.file, facts.speaker_anchors[r.statement], msg));
        }
    }
}

/// A place that ties a speaker to a country: file, span, what it says.
type Evidence = (crate::workspace::FileId, Span, String);

/// Counts `n` votes for country `z`: for the header when it is the header's `y`, else for `z`
/// with the evidence to show.
fn vote(
    votes: &mut HashMap<usize, (usize, Vec<Evidence>)>,
    for_header: &mut usize,
    y: usize,
    z: usize,
    n: usize,
    evidence: Option<Evidence>,
) {
    if z == y {
        *for_header += n;
        return;
    }
    let e = votes.entry(z).or_default();
    e.0 += n;
    e.1.extend(evidence);
}

/// One person's mentions with an honorific in a record: panel turns and prose references.
struct Addressed {
    tokens: Vec<String>,
    honorific: Honorific,
    span: Span,
    /// For a panellist's turn, the pronouns the reporter uses in it: (she/her, he/his/him).
    pronouns: (usize, usize),
}

fn pronouns(text: &str) -> (usize, usize) {
    let mut she = 0;
    let mut he = 0;
    for w in text.split(|c: char| !c.is_alphabetic()) {
        match w {
            "she" | "She" | "her" | "Her" | "herself" => she += 1,
            "he" | "He" | "his" | "His" | "him" | "himself" => he += 1,
            _ => {}
        }
    }
    (she, he)
}

fn addressed(ctx: &MeetingContext<'_>) -> Vec<Addressed> {
    let doc = ctx.doc;
    let mut out = Vec::new();
    for s in &doc.record.statements {
        if let Some((h, span)) = s.honorific {
            // The name as written in the turn, not the full name it was resolved to: a
            // misspelt turn is exactly what name-variant looks for.
            out.push(Addressed {
                tokens: name_tokens(doc.span_text(s.name)),
                honorific: h,
                span: span.cover(s.name),
                pronouns: pronouns(doc.span_text(crate::span::Span::new(s.header.end, s.span.end))),
            });
        }
    }
    for p in &doc.record.persons {
        if let Some(h) = p.honorific {
            out.push(Addressed {
                tokens: p.tokens.clone(),
                honorific: h,
                span: p.span,
                pronouns: (0, 0),
            });
        }
    }
    out.sort_by_key(|a| a.span.start);
    out
}

fn same_addressee(a: &[String], b: &[String]) -> bool {
    tokens_compatible(a, b) || tokens_compatible(b, a)
}

pub fn check_honorifics(ctx: &MeetingContext<'_>, out: &mut Vec<Diagnostic>) {
    let all = addressed(ctx);
    let mut reported = vec![false; all.len()];
    for i in 0..all.len() {
        let group: Vec<usize> = (0..all.len())
            .filter(|&j| same_addressee(&all[i].tokens, &all[j].tokens))
            .collect();
        let men = group
            .iter()
            .filter(|&&j| all[j].honorific == Honorific::Mr)
            .count();
        let women = group.len() - men;
        if men == 0 || women == 0 {
            continue;
        }
        // Each honorific is a vote, and so is the majority of pronouns in each turn; the
        // minority form is the slip, and on a tie the later one.
        let (mut w_votes, mut m_votes) = (women, men);
        for &j in &group {
            let (she, he) = all[j].pronouns;
            if she > he {
                w_votes += 1;
            } else if he > she {
                m_votes += 1;
            }
        }
        let minority_is_mr = m_votes < w_votes
            || (m_votes == w_votes && all[*group.last().unwrap()].honorific == Honorific::Mr);
        for &j in &group {
            let is_mr = all[j].honorific == Honorific::Mr;
            if is_mr != minority_is_mr || reported[j] {
                continue;
            }
            reported[j] = true;
            let majority = group
                .iter()
                .copied()
                .find(|&k| all[k].honorific.gender_differs(all[j].honorific))
                .unwrap();
            let right = all[majority].honorific;
            let written = ctx.doc.span_text(all[j].span);
            let hon_len = all[j].honorific.as_str().len();
            let hon_span = Span::new(
                all[j].span.start,
                all[j].span.start + hon_len.min(all[j].span.len()),
            );
            out.push(
                Diagnostic::new(
                    CheckCode::HonorificMismatch,
                    ctx.file,
                    all[j].span,
                    format!(
                        "`{written}` is addressed as {} elsewhere in this record",
                        right.as_str()
                    ),
                )
                .related(
                    ctx.file,
                    all[majority].span,
                    format!("{} here", right.as_str()),
                )
                .fix(
                    format!("Write {}", right.as_str()),
                    ctx.file,
                    hon_span,
                    right.as_str(),
                ),
            );
        }
    }
}

pub fn check_name_variants(ctx: &MeetingContext<'_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let all = addressed(ctx);
    // Surnames written in capitals or in prose, with how often each spelling occurs.
    let mut spellings: Vec<(String, Vec<Span>)> = Vec::new();
    for a in &all {
        let Some(last) = a.tokens.last() else {
            continue;
        };
        match spellings.iter_mut().find(|(s, _)| s == last) {
            Some((_, spans)) => spans.push(a.span),
            None => spellings.push((last.clone(), vec![a.span])),
        }
    }
    // Full names introduced in prose count for their spelling too.
    for s in &doc.record.statements {
        if let Some(f) = s.full_name {
            let tokens = name_tokens(doc.span_text(f));
            if let Some(last) = tokens.last()
                && let Some((_, spans)) = spellings.iter_mut().find(|(s, _)| s == last)
                && !spans.contains(&f)
            {
                spans.push(f);
            }
        }
    }
    for (i, (a, a_spans)) in spellings.iter().enumerate() {
        for (b, b_spans) in spellings.iter().skip(i + 1) {
            let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
            if short.chars().count() < 5 || short.chars().next() != long.chars().next() {
                continue;
            }
            let limit = if long.chars().count() >= 9 { 2 } else { 1 };
            // The distance is at least the difference in length (in characters: `short` is the
            // shorter in bytes, which accents can reverse).
            if long.chars().count().abs_diff(short.chars().count()) > limit {
                continue;
            }
            let dist = strsim::levenshtein(a, b);
            if dist == 0 || dist > limit {
                continue;
            }
            let (rare, rare_spans, common_spans) = if a_spans.len() < b_spans.len()
                || (a_spans.len() == b_spans.len() && a_spans[0].start > b_spans[0].start)
            {
                (a, a_spans, b_spans)
            } else {
                (b, b_spans, a_spans)
            };
            let common_text = doc.span_text(common_spans[0]);
            for &span in rare_spans {
                out.push(
                    Diagnostic::new(
                        CheckCode::NameVariant,
                        ctx.file,
                        span,
                        format!(
                            "`{}` is spelled `{}` elsewhere in this record ({} time(s))",
                            doc.span_text(span),
                            common_text,
                            common_spans.len()
                        ),
                    )
                    .related(
                        ctx.file,
                        common_spans[0],
                        format!("spelled `{common_text}` here"),
                    ),
                );
            }
            let _ = rare;
        }
    }
}
