//! Rights of reply: the delegation replying and the delegations it answers ("in response to the
//! statement made by the delegation of Turkey").

use std::sync::LazyLock;

use regex::Regex;

use super::target;
use crate::record::{AttributionTarget, ParagraphKind, Record, Reply, SectionKind};
use crate::span::Span;
use crate::text::ThreadRegex;

/// Outside a reply section, only a paragraph that says "right of reply" (either case of its
/// first letter) is searched for the delegations answered.
const RIGHT_OF_REPLY_HINT: &str = "ight of reply";

static REPLY_TRIGGER: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:in\s+response\s+to|responding\s+to|in\s+reply\s+to|replying\s+to|in\s+answer\s+to|answering)\s+(?:the\s+)?(?:statements?|remarks|comments|allegations|accusations|claims)?\s*(?:made\s+)?(?:earlier\s+)?(?:today\s+)?(?:by\s+)?").unwrap()
});
static CLAUSE_END: ThreadRegex =
    ThreadRegex::new(|| Regex::new(r",\s+(?:\p{Ll}+\b)|\.\s|\.$|;").unwrap());

/// The searcher for [`RIGHT_OF_REPLY_HINT`], built once: a search per paragraph that builds its
/// own costs more than the search.
static RIGHT_OF_REPLY_SAID: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(RIGHT_OF_REPLY_HINT));

/// Whether a text says "right of reply" (see [`RIGHT_OF_REPLY_HINT`]).
fn says_right_of_reply(text: &str) -> bool {
    RIGHT_OF_REPLY_SAID.find(text.as_bytes()).is_some()
}

/// Whether a record may hold a right of reply that answers other delegations: it has a
/// right-of-reply section or says "right of reply" somewhere, which every reply paragraph does
/// (see `reply_in`). Read from the structure alone, before replies are parsed.
pub(crate) fn may_reply(text: &str, rec: &Record) -> bool {
    rec.sections
        .iter()
        .any(|s| s.kind == SectionKind::RightOfReply)
        || says_right_of_reply(text)
}

/// The replies of a record whose attributions and rosters are known, in paragraph order. A
/// record that [`may_reply`] rules out holds none: every paragraph `reply_in` reads is in a
/// reply section or says what the record then does not.
pub(super) fn replies(text: &str, rec: &Record) -> Vec<Reply> {
    if !may_reply(text, rec) {
        return Vec::new();
    }
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
    // The kind first: most paragraphs are statements' bodies, passed without a search.
    if !matches!(
        p.kind,
        ParagraphKind::Narrative | ParagraphKind::StatementHeader | ParagraphKind::Summary
    ) {
        return None;
    }
    let ptext = p.span.text(text);
    if !(in_reply_section || says_right_of_reply(ptext)) {
        return None;
    }
    if rec.rosters.iter().any(|r| r.paragraph == pi) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The replies of a parsed record with every paragraph read (the reference of [`replies`],
    /// which reads none of a record that [`may_reply`] rules out).
    fn replies_of_every_paragraph(text: &str, rec: &Record) -> Vec<Reply> {
        (0..rec.paragraphs.len())
            .filter_map(|pi| reply_in(text, rec, pi))
            .collect()
    }

    #[test]
    fn records_passed_over_hold_no_reply() {
        let mut texts = crate::text::seed_texts();
        let mut sentences: Vec<String> = Vec::new();
        for text in &texts {
            sentences.extend(text.split_inclusive(". ").map(str::to_string));
        }
        sentences.truncate(400);
        sentences.extend(
            [
                "In exercise of the right of reply, the representative of Greece, in response to the statement made by Türkiye, said no. ",
                "Right of Reply\n\n",
                "\n\n",
                "The representative of Armenia, replying to Azerbaijan, said so. ",
                "right of reply",
            ]
            .map(String::from),
        );
        let pieces: Vec<&str> = sentences.iter().map(String::as_str).collect();
        for chunk in crate::text::random_texts(&pieces, 0x2e91_7a5c, 12, 600).chunks(3) {
            texts.push(format!(
                "Seventy-seventh Session,\n5th Meeting (AM)\nGA/L/1\n\nTitle\n\n{}\n",
                chunk.join("\n\n")
            ));
        }
        let (mut replied, mut passed) = (0, 0);
        for text in &texts {
            let rec = crate::parse::parse(text);
            let every = replies_of_every_paragraph(text, &rec);
            replied += every.len();
            passed += usize::from(!may_reply(text, &rec));
            assert_eq!(format!("{:?}", rec.replies), format!("{every:?}"), "{text}");
        }
        assert!(
            replied > 20 && passed > 20,
            "{replied} replies, {passed} passed"
        );
    }
}
