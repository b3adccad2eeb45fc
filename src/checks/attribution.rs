//! `attribution-without-statement`, `attribution-mismatch`, `misattributed-quote`, and the
//! summary side of `speaker-country-conflict`: summary attributions weighed against the
//! statements of the meeting by delegation, by content and by verbatim quotation.

use super::context::{
    FAR_BETTER, MIN_CLAIM_WORDS, MIN_QUOTE_WORDS, MeetingContext, STRONG_MATCH, weigh,
};
use super::{CheckCode, Diagnostic};
use crate::linking::{ContentMatch, NamedSpeaker, best_content_match, content_word_count_in};
use crate::record::{Attribution, Zone};
use crate::text::compare_word_hashes;
use crate::workspace::StatementRef;

pub fn check(ctx: &MeetingContext<'_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    // Without statements of delegations in the meeting there is nothing to weigh against.
    if ctx.index.statements.is_empty() {
        return;
    }
    for a in &doc.record.attributions {
        if a.zone != Zone::Summary {
            continue;
        }
        check_quotes(ctx, a, out);
        if a.person.is_some() {
            check_person_country(ctx, a, out);
            continue;
        }
        if a.targets.len() != 1 {
            continue;
        }
        let Some(x) = a.targets[0].entity else {
            continue;
        };
        // Organisations are reported by title and rarely have a header of their own name.
        if !ctx.ws.gaz.entity(x).kind.is_delegation() {
            continue;
        }
        judge_entity_cue(ctx, a, x, out);
    }
}

/// The statement whose content the claim matches best, unless the claim is too generic to say.
fn best_matches(ctx: &MeetingContext<'_>, a: &Attribution) -> Option<ContentMatch> {
    if content_word_count_in(ctx.doc, a.claim) < MIN_CLAIM_WORDS {
        return None;
    }
    best_content_match(ctx.ws, &ctx.index, a, ctx.doc)
}

/// A summary cue naming delegation `x`: its words matching another delegation's statement far
/// better (the cue or that statement's header is wrong), or `x` having no statement at all.
fn judge_entity_cue(
    ctx: &MeetingContext<'_>,
    a: &Attribution,
    x: usize,
    out: &mut Vec<Diagnostic>,
) {
    let has_own = ctx.has_statement(x) || ctx.reported.contains(&x);
    let other = best_matches(ctx, a).filter(|m| {
        ctx.entity_of(m.best).is_some_and(|y| y != x)
            && m.score >= STRONG_MATCH
            && m.score >= FAR_BETTER * m.best_own
    });
    if let Some(m) = other {
        let y = ctx.entity_of(m.best).unwrap();
        let votes = weigh(ctx, ctx.doc, a.claim, a.cue, x, m.best, y);
        out.push(if votes.for_cue > votes.for_header {
            header_contradicted(ctx, a, x, m.best, y)
        } else {
            cue_contradicted(ctx, a, x, m, y, has_own)
        });
        return;
    }
    if !has_own && !ctx.explained().contains(&x) {
        out.push(Diagnostic::new(
            CheckCode::AttributionWithoutStatement,
            ctx.file,
            a.cue,
            format!(
                "the summary attributes words to {}, which made no statement in this record or another record of the same meeting",
                ctx.entity_name(x)
            ),
        ));
    }
}

/// The header of statement `st` (naming `y`) is the odd one out: the summary, its own words
/// and the lists say `x`.
fn header_contradicted(
    ctx: &MeetingContext<'_>,
    a: &Attribution,
    x: usize,
    st: StatementRef,
    y: usize,
) -> Diagnostic {
    let sdoc = ctx.doc_of(st);
    let speaker = sdoc.speaker_label(st.statement);
    let aff = sdoc.record.statements[st.statement]
        .affiliation
        .expect("a statement with an entity has an affiliation");
    let xname = ctx.entity_name(x).to_string();
    Diagnostic::new(
        CheckCode::SpeakerCountryConflict,
        st.file,
        aff.span,
        format!(
            "{speaker} is tied to {} here, but the summary attributes this statement to {xname}",
            ctx.entity_name(y)
        ),
    )
    .related(
        ctx.file,
        a.cue,
        format!("the summary attributes these words to {xname}"),
    )
    .fix(
        format!("Replace with {xname}"),
        st.file,
        aff.span,
        xname.clone(),
    )
}

/// The cue naming `x` is the odd one out: its words are those of `y`'s statement.
fn cue_contradicted(
    ctx: &MeetingContext<'_>,
    a: &Attribution,
    x: usize,
    m: ContentMatch,
    y: usize,
    has_own: bool,
) -> Diagnostic {
    let (st, score) = (m.best, m.score);
    let sdoc = ctx.doc_of(st);
    let speaker = sdoc.speaker_label(st.statement);
    let yname = ctx.entity_name(y).to_string();
    let (code, message) = if has_own {
        (
            CheckCode::AttributionMismatch,
            format!(
                "the summary attributes these words to {}, but they match the statement of {speaker} ({yname}) far better (similarity {score:.2}) than any statement of {}",
                ctx.entity_name(x),
                ctx.entity_name(x)
            ),
        )
    } else {
        (
            CheckCode::AttributionWithoutStatement,
            format!(
                "the summary attributes words to {}, which made no statement at this meeting; they match the statement of {speaker} ({yname})",
                ctx.entity_name(x)
            ),
        )
    };
    let mut d = Diagnostic::new(code, ctx.file, a.cue, message)
        .related(
            st.file,
            sdoc.record.statements[st.statement].header,
            format!("statement of {speaker} ({yname})"),
        )
        .fix(
            format!("Attribute to {yname}"),
            ctx.file,
            a.targets[0].span,
            yname.clone(),
        );
    if let Some(own) = ctx.statements_by_entity.get(&x).and_then(|v| v.first()) {
        let od = ctx.doc_of(*own);
        d = d.related(
            own.file,
            od.record.statements[own.statement].header,
            format!("statement of {}", ctx.entity_name(x)),
        );
    }
    d
}

/// "Anifah Aman, Minister for Foreign Affairs of Brunei Darussalam, noted": the summary ties a
/// speaker to a country their statement's header does not, and the header's evidence holds.
fn check_person_country(ctx: &MeetingContext<'_>, a: &Attribution, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let ([t], Some(_)) = (a.targets.as_slice(), a.person) else {
        return;
    };
    let Some(z) = t.entity else { return };
    if !ctx.ws.gaz.entity(z).kind.is_delegation() {
        return;
    }
    let named = NamedSpeaker::of(a, doc);
    for st in &ctx.index.statements {
        if !named.spoke(ctx.ws, *st) {
            continue;
        }
        let Some(y) = ctx.entity_of(*st) else {
            continue;
        };
        if y == z || !ctx.ws.gaz.entity(y).kind.is_delegation() {
            continue;
        }
        let sdoc = ctx.doc_of(*st);
        let s = &sdoc.record.statements[st.statement];
        let Some(aff) = s.affiliation else { continue };
        // When the evidence says the header is the wrong one, that is reported at the header.
        let header_blamed = ctx
            .conflicts
            .get(&st.file)
            .is_some_and(|found| found.iter().any(|d| d.span == aff.span));
        if header_blamed {
            continue;
        }
        let yname = ctx.entity_name(y).to_string();
        let speaker = sdoc.speaker_label(st.statement);
        out.push(
            Diagnostic::new(
                CheckCode::SpeakerCountryConflict,
                ctx.file,
                t.span,
                format!(
                    "the summary ties {} to {}, but {speaker}’s statement is headed {yname}",
                    doc.span_text(a.person.unwrap()),
                    ctx.entity_name(z)
                ),
            )
            .related(st.file, aff.span, format!("the header says {yname}"))
            .fix(
                format!("Replace with {yname}"),
                ctx.file,
                t.span,
                yname.clone(),
            ),
        );
        return;
    }
}

/// A quotation attributed to X that is verbatim in Y's statement and not in X's.
fn check_quotes(ctx: &MeetingContext<'_>, a: &Attribution, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let named = NamedSpeaker::of(a, doc);
    for &qi in &a.quotations {
        let q = &doc.record.quotations[qi];
        let words = compare_word_hashes(doc.span_text(q.inner));
        if words.len() < MIN_QUOTE_WORDS {
            continue;
        }
        let mut in_own = false;
        let mut in_other: Option<StatementRef> = None;
        for &i in ctx.meeting.statements_quoting(ctx.ws, &words) {
            let st = &ctx.index.statements[i];
            if named.spoke(ctx.ws, *st) {
                in_own = true;
            } else if in_other.is_none() {
                in_other = Some(*st);
            }
        }
        if in_own {
            continue;
        }
        let Some(st) = in_other else { continue };
        let sdoc = ctx.doc_of(st);
        let speaker = sdoc.speaker_label(st.statement);
        let whose = a
            .targets
            .first()
            .and_then(|t| t.entity)
            .map(|e| ctx.entity_name(e).to_string())
            .or_else(|| a.person.map(|p| doc.span_text(p).to_string()))
            .unwrap_or_else(|| doc.span_text(a.cue).to_string());
        let other = match ctx.entity_of(st) {
            Some(e) => format!("{speaker} ({})", ctx.entity_name(e)),
            None => speaker,
        };
        let mut d = Diagnostic::new(
            CheckCode::MisattributedQuote,
            ctx.file,
            q.span,
            format!("this quotation is attributed to {whose}, but it is the statement of {other} that says it"),
        )
        .related(st.file, sdoc.record.statements[st.statement].header, format!("{other} says these words"));
        if let (Some(t), Some(e)) = (a.targets.first(), ctx.entity_of(st))
            && a.targets.len() == 1
            && t.entity.is_some()
        {
            d = d.fix(
                format!("Attribute to {}", ctx.entity_name(e)),
                ctx.file,
                t.span,
                ctx.entity_name(e).to_string(),
            );
        }
        out.push(d);
    }
}
