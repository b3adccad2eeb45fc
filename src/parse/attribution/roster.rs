//! Rosters: the sentences that list delegations rather than attribute words ("Also delivering
//! statements were ...", "Representatives of A and B also participated", "Speaking in the
//! exercise of the right of reply were ...").

use regex::Regex;

use super::{Para, sentences, target};
use crate::knowledge::NameForm;
use crate::record::{AttributionTarget, Roster, RosterKind};
use crate::span::Span;
use crate::text::ThreadRegex;

/// A paragraph holding a list holds one of these: "Also"/"also", "Representatives" or
/// "exercise" of the right of reply. Written without their first letter so that either case
/// matches without folding the paragraph; a paragraph with none is not split into sentences.
const LIST_HINTS: &[&str] = &["lso ", "epresentatives", "xercise"];

/// How far into an "Also speaking ..." sentence its verb ("were", "was") is looked for, in
/// characters: the verb follows the opening words ("Also delivering statements were"), so a
/// "was" further on belongs to another clause. A " were " anywhere still counts.
const STATEMENTS_VERB_CHARS: usize = 60;

static ROSTER: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"(?i)^(?:(?P<stm>also\s+(?:delivering\s+statements|speaking|making\s+statements|taking\s+the\s+floor|addressing\s+the\s+\w+)\b)|(?P<part>also\s+participating\b)|(?P<reply>speaking\s+in\s+(?:the\s+)?exercise\s+of\s+the\s+right\s+of\s+reply\b)|(?P<reps>representatives?\s+of\b))").unwrap()
});
static ROSTER_TAIL: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"(?i)(?P<obs>in\s+their\s+capacity\s+as\s+observers?)|(?P<part>also\s+(?:participated|took\s+part|spoke))").unwrap()
});

/// The rosters of a paragraph, one per listing sentence that names a delegation.
pub(super) fn rosters(para: &Para<'_>) -> Vec<Roster> {
    if !LIST_HINTS.iter().any(|h| para.text.contains(h)) || !may_open_a_roster(para.text) {
        return Vec::new();
    }
    sentences(para.text)
        .into_iter()
        .filter_map(|s| roster_in(para, s))
        .collect()
}

/// Whether some sentence of a paragraph may open a roster, found without splitting it into
/// sentences: a roster sentence opens with "also", "speaking" or "representative" in any case
/// (see [`roster_kind`]), and a sentence opens the paragraph or starts at a capital after white
/// space or a quotation mark. A paragraph holding a long s, which the case-insensitive pattern
/// reads as an s, is always split.
fn may_open_a_roster(p: &str) -> bool {
    let bytes = p.as_bytes();
    let opens = |at: usize| {
        bytes.get(at + 1..at + 4).is_some_and(|rest| {
            let rest = [rest[0] | 0x20, rest[1] | 0x20, rest[2] | 0x20];
            matches!(
                (bytes[at] | 0x20, &rest),
                (b'a', b"lso") | (b's', b"pea") | (b'r', b"epr")
            )
        })
    };
    opens(0)
        || p.contains('ſ')
        || memchr::memchr3_iter(b'A', b'S', b'R', bytes)
            .any(|at| at > 0 && !bytes[at - 1].is_ascii_alphanumeric() && opens(at))
}

/// The roster a sentence (relative to the paragraph) is, if it lists delegations.
fn roster_in(para: &Para<'_>, sentence: Span) -> Option<Roster> {
    let kind = roster_kind(sentence.text(para.text))?;
    let span = sentence.shift(para.span.start);
    let entities = listed(para, sentence);
    if entities.is_empty() {
        return None;
    }
    Some(Roster {
        span,
        kind,
        entities,
        paragraph: para.index,
        zone: para.zone,
    })
}

/// The delegations a roster sentence (relative to the paragraph) names: its country mentions,
/// outside parentheses (an aside, "(on behalf of the African Group)") and as names, not
/// demonyms.
fn listed(para: &Para<'_>, sentence: Span) -> Vec<AttributionTarget> {
    let span = sentence.shift(para.span.start);
    let asides = parenthesized(sentence.text(para.text), span.start);
    para.mentions
        .iter()
        .filter(|m| span.contains_span(m.span))
        .filter(|m| {
            !asides
                .iter()
                .any(|a| a.start < m.span.start && m.span.end <= a.end)
        })
        .filter(|m| m.form != NameForm::Demonym)
        .map(|m| target(m))
        .collect()
}

/// The parentheses of a sentence (innermost pairs), from the '(' to the ')', shifted by `base`.
fn parenthesized(sentence: &str, base: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, c) in sentence.char_indices() {
        if c == '(' {
            open = Some(i);
        } else if c == ')'
            && let Some(o) = open.take()
        {
            out.push(Span::new(o, i).shift(base));
        }
    }
    out
}

pub(super) fn roster_kind(sentence: &str) -> Option<RosterKind> {
    // Every opening [`ROSTER`] reads starts with "also", "speaking" or "representative", in any
    // case (a long s among them): a sentence opening otherwise is ruled out before `captures`,
    // which allocates even when it fails.
    if !sentence
        .chars()
        .next()
        .is_some_and(|c| matches!(c, 'a' | 'A' | 's' | 'S' | 'ſ' | 'r' | 'R'))
    {
        return None;
    }
    let c = ROSTER.captures(sentence)?;
    if c.name("stm").is_some() {
        let l = sentence.to_lowercase();
        let head: String = l.chars().take(STATEMENTS_VERB_CHARS).collect();
        if head.contains("were") || head.contains("was") || l.contains(" were ") {
            return Some(RosterKind::Statements);
        }
        return None;
    }
    if c.name("part").is_some() {
        return Some(RosterKind::Participants);
    }
    if c.name("reply").is_some() {
        return Some(RosterKind::RightOfReply);
    }
    // "Representatives of A and B also participated" / "spoke in their capacity as observers".
    let tail = ROSTER_TAIL.captures(sentence)?;
    if tail.name("obs").is_some() {
        Some(RosterKind::Observers)
    } else {
        Some(RosterKind::Participants)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sentence [`roster_kind`] reads as a roster opens where [`may_open_a_roster`] says a
    /// roster may open.
    #[test]
    fn the_opening_check_keeps_every_roster() {
        let mut seen = 0;
        for text in crate::text::seed_texts() {
            for p in text.split("\n\n") {
                let found = sentences(p)
                    .into_iter()
                    .any(|s| roster_kind(s.text(p)).is_some());
                if found {
                    assert!(may_open_a_roster(p), "{p}");
                    seen += 1;
                }
            }
        }
        assert!(seen >= 5, "the fixtures list delegations: {seen}");
        for p in [
            "also speaking were X.",
            "The vote was held. ALSO SPEAKING were Y.",
            "Held. “Also speaking were Z.”",
            "Held. \"Representatives of A and B also participated.",
        ] {
            assert!(may_open_a_roster(p), "{p}");
        }
        assert!(!may_open_a_roster(
            "He also said so; the representatives agreed."
        ));
    }
}
