//! Rights of reply: the delegation replying and the delegations it answers ("in response to the
//! statement made by the delegation of Turkey").

use std::sync::LazyLock;

use regex::Regex;

use super::target;
use crate::record::{AttributionTarget, ParagraphKind, Record, Reply, SectionKind};
use crate::span::Span;

/// Outside a reply section, only a paragraph that says "right of reply" (either case of its
/// first letter) is searched for the delegations answered.
const RIGHT_OF_REPLY_HINT: &str = "ight of reply";

static REPLY_TRIGGER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:in\s+response\s+to|responding\s+to|in\s+reply\s+to|replying\s+to|in\s+answer\s+to|answering)\s+(?:the\s+)?(?:statements?|remarks|comments|allegations|accusations|claims)?\s*(?:made\s+)?(?:earlier\s+)?(?:today\s+)?(?:by\s+)?").unwrap()
});
static CLAUSE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r",\s+(?:\p{Ll}+\b)|\.\s|\.$|;").unwrap());

/// Whether a record may hold a right of reply that answers other delegations: it has a
/// right-of-reply section or says "right of reply" somewhere, which every reply paragraph does
/// (see `reply_in`). Read from the structure alone, before replies are parsed.
pub(crate) fn may_reply(text: &str, rec: &Record) -> bool {
    rec.sections
        .iter()
        .any(|s| s.kind == SectionKind::RightOfReply)
        || memchr::memmem::find(text.as_bytes(), RIGHT_OF_REPLY_HINT.as_bytes()).is_some()
}

/// The replies of a record whose attributions and rosters are known, in paragraph order.
pub(super) fn replies(text: &str, rec: &Record) -> Vec<Reply> {
    (0..rec.paragraphs.len())
        .filter_map(|pi| reply_in(text, rec, pi))
        .collect()
}

/// The reply paragraph `pi` makes, if it answers named delegations.
fn reply_in(text: &str, rec: &Record, pi: usize) -> Option<Reply> {
    let p = &rec.paragraphs[pi];
    let in_reply_section = p
        .section
        .is_some_and(|s| rec.sections[s].kind == SectionKind::RightOfReply);
    let ptext = p.span.text(text);
    if !(in_reply_section || ptext.contains(RIGHT_OF_REPLY_HINT)) {
        return None;
    }
    if !matches!(
        p.kind,
        ParagraphKind::Narrative | ParagraphKind::StatementHeader | ParagraphKind::Summary
    ) || rec.rosters.iter().any(|r| r.paragraph == pi)
    {
        return None;
    }
    let t = REPLY_TRIGGER.find(ptext)?;
    let clause_end = CLAUSE_END
        .find_at(ptext, t.end())
        .map_or(ptext.len(), |m| m.start());
    let clause = Span::new(t.end(), clause_end).shift(p.span.start);
    let targets: Vec<AttributionTarget> = rec.countries_in(clause).map(target).collect();
    if targets.is_empty() {
        return None;
    }
    Some(Reply {
        paragraph: pi,
        speaker: replying(rec, pi),
        targets,
    })
}

/// The delegation replying in paragraph `pi`: its first attribution's first target, else the
/// affiliation of the statement it belongs to.
fn replying(rec: &Record, pi: usize) -> Option<AttributionTarget> {
    // Attributions are in paragraph order.
    let first = rec.attributions.partition_point(|a| a.paragraph < pi);
    rec.attributions[first..]
        .iter()
        .find(|a| a.paragraph == pi)
        .and_then(|a| a.targets.first().copied())
        .or_else(|| {
            rec.paragraphs[pi]
                .statement
                .and_then(|s| rec.statements[s].affiliation)
                .map(|a| AttributionTarget {
                    entity: a.entity,
                    span: a.span,
                })
        })
}
