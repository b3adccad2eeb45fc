//! `roster-mismatch` (a list of speakers naming a delegation that did not speak, or a delegation
//! that spoke missing from every list) and `reply-without-statement`.

use std::collections::HashSet;

use super::context::MeetingContext;
use super::{CheckCode, Diagnostic};
use crate::record::{HeaderForm, RosterKind, Zone};
use crate::workspace::StatementRef;

/// How many numbered meetings before and after a right of reply may hold the statement it
/// answers: a reply at the end of a two-day debate may answer the day before. Wider hides
/// replies to delegations that never spoke; narrower reports replies that answer across a
/// meeting boundary. Set by hand, not fitted.
pub(super) const REPLY_REACH: u32 = 2;

pub fn check_rosters(ctx: &MeetingContext<'_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let gaz = &ctx.ws.gaz;
    let rosters: Vec<_> = doc
        .record
        .rosters
        .iter()
        .filter(|r| r.zone == Zone::Summary && r.kind != RosterKind::RightOfReply)
        .collect();
    let explained = ctx.explained();
    // A listed delegation that made no statement (unless a mislabelled header stands for it).
    for r in &rosters {
        for t in &r.entities {
            let Some(e) = t.entity else { continue };
            if !gaz.entity(e).kind.is_delegation()
                || ctx.has_statement(e)
                || ctx.reported.contains(&e)
                || explained.contains(&e)
            {
                continue;
            }
            out.push(Diagnostic::new(
                CheckCode::RosterMismatch,
                ctx.file,
                t.span,
                format!(
                    "{} is listed as speaking, but made no statement in this record or another record of the same meeting",
                    ctx.entity_name(e)
                ),
            ));
        }
    }
    if rosters.is_empty() {
        return;
    }
    // A delegation that spoke but is in no list and no summary attribution of the meeting.
    let accounted = &ctx.accounted;
    for (si, s) in doc.record.statements.iter().enumerate() {
        let Some(e) = s.entity() else {
            continue;
        };
        if s.form == HeaderForm::PanelTurn
            || !gaz.entity(e).kind.is_delegation()
            || accounted.contains(&e)
            || s.section
                .is_some_and(|sec| doc.record.sections[sec].kind.is_interactive())
        {
            continue;
        }
        // Statements the summary reports by content count too (see
        // `MeetingAnalysis::summarised`). Asked last, and so only of a statement that would
        // otherwise be reported: it scores every claim of the meeting, and most records
        // account for every delegation in their lists.
        if ctx.meeting.summarised(ctx.ws).contains(&StatementRef {
            file: ctx.file,
            statement: si,
        }) {
            continue;
        }
        let aff = s.affiliation.unwrap();
        let first_roster = rosters[0];
        out.push(
            Diagnostic::new(
                CheckCode::RosterMismatch,
                ctx.file,
                aff.span,
                format!(
                    "{} ({}) made a statement but is in none of the record’s lists of speakers",
                    doc.speaker_label(si),
                    ctx.entity_name(e)
                ),
            )
            .related(ctx.file, first_roster.span, "the list of speakers"),
        );
    }
}

pub fn check_replies(ctx: &MeetingContext<'_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    if doc.record.replies.is_empty() {
        return;
    }
    // Who spoke at this meeting or at the adjacent ones of the session.
    let mut spoke: HashSet<usize> = HashSet::new();
    for f in ctx.ws.nearby_meetings(ctx.file, REPLY_REACH) {
        if let Some(facts) = ctx.ws.facts(f) {
            spoke.extend(facts.spoke.iter().copied());
        }
    }
    for r in &doc.record.replies {
        for t in &r.targets {
            let Some(e) = t.entity else { continue };
            if spoke.contains(&e) {
                continue;
            }
            out.push(Diagnostic::new(
                CheckCode::ReplyWithoutStatement,
                ctx.file,
                t.span,
                format!(
                    "this right of reply answers {}, which made no statement at this meeting",
                    ctx.entity_name(e)
                ),
            ));
        }
    }
}
