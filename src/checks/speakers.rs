//! How a record addresses one person: `honorific-mismatch` (“Mr.” in one place, “Ms.” in
//! another) and `name-variant` (one surname spelled two ways). The speaker's country is
//! `speaker_country`.

use super::context::MeetingContext;
use super::{CheckCode, Diagnostic};
use crate::parse::speaker::{name_tokens, tokens_compatible};
use crate::record::Honorific;
use crate::span::Span;
use crate::text::letters_apart;

/// One person's mentions with an honorific in a record: panel turns and prose references.
struct Addressed {
    tokens: Vec<String>,
    honorific: Honorific,
    span: Span,
    /// For a panellist's turn, the pronouns the reporter uses in it: (she/her, he/his/him).
    pronouns: (usize, usize),
}

/// The pronouns of a turn: (she/her, he/his/him), counted as whole words (runs of letters).
/// Every one of them holds an "h" or "H", so only the words around those letters are read,
/// not every character of the turn.
fn pronouns(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut she, mut he) = (0, 0);
    let mut read_to = 0;
    for at in memchr::memchr2_iter(b'h', b'H', bytes) {
        if at < read_to {
            continue;
        }
        let start = bytes[..at]
            .iter()
            .rposition(|b| !b.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        let end = bytes[at..]
            .iter()
            .position(|b| !b.is_ascii_alphabetic())
            .map_or(bytes.len(), |i| at + i);
        read_to = end;
        // A letter outside ASCII next to the run makes it part of a longer word.
        let letter_before = text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic);
        let letter_after = text[end..].chars().next().is_some_and(char::is_alphabetic);
        if letter_before || letter_after {
            continue;
        }
        match &text[start..end] {
            "she" | "She" | "her" | "Her" | "herself" => she += 1,
            "he" | "He" | "his" | "His" | "him" | "himself" => he += 1,
            _ => {}
        }
    }
    (she, he)
}

/// Everyone addressed with an honorific, in text order; the pronouns of the turns only when
/// `with_pronouns` (the name-variant check reads none).
fn addressed(ctx: &MeetingContext<'_>, with_pronouns: bool) -> Vec<Addressed> {
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
                pronouns: if with_pronouns {
                    pronouns(doc.span_text(Span::new(s.header.end, s.span.end)))
                } else {
                    (0, 0)
                },
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

/// Whether a surname addressed with both genders' honorifics is two people ("Mr. KIM" and
/// "Ms. KIM" on one panel) rather than one person with a slip: every turn's pronouns agree with
/// its own honorific, and each gender has a turn whose pronouns say so. A slip shows as a turn
/// whose pronouns contradict its honorific ("Mr. MINGEIROU ... she said").
fn two_people(all: &[Addressed], group: &[usize]) -> bool {
    let says = |j: usize, woman: bool| {
        let (she, he) = all[j].pronouns;
        if woman { she > he } else { he > she }
    };
    let is_woman = |j: usize| all[j].honorific != Honorific::Mr;
    group.iter().all(|&j| !says(j, !is_woman(j)))
        && group.iter().any(|&j| is_woman(j) && says(j, true))
        && group.iter().any(|&j| !is_woman(j) && says(j, false))
}

pub fn check_honorifics(ctx: &MeetingContext<'_>, out: &mut Vec<Diagnostic>) {
    let all = addressed(ctx, true);
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
        if men == 0 || women == 0 || two_people(&all, &group) {
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
            // The honorific as written ("Ms." or "Ms", up to the first space), replaced in the
            // same style: with a period only where the writer used one.
            let hon_len = written.find(char::is_whitespace).unwrap_or(written.len());
            let hon_span = Span::new(all[j].span.start, all[j].span.start + hon_len);
            let replacement = if written[..hon_len].ends_with('.') {
                right.as_str()
            } else {
                right.as_str().trim_end_matches('.')
            };
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
                    format!("Write {replacement}"),
                    ctx.file,
                    hon_span,
                    replacement,
                ),
            );
        }
    }
}

// Name-variant distances. They trade catching a misspelt surname against pairing two people with
// similar names; set by hand, not fitted: the seeds' slips (DARNTON/DARTON) are one edit apart,
// and on short surnames one edit already joins different names.

/// Surnames shorter than this (in characters) are not compared.
const MIN_VARIANT_LEN: usize = 5;
/// From this length (in characters) a surname may differ by two edits and still be one
/// person's; shorter ones by one.
const LONG_NAME_LEN: usize = 9;

/// How many edits two spellings of one surname may differ by.
fn variant_limit(long: &str) -> usize {
    if long.chars().count() >= LONG_NAME_LEN {
        2
    } else {
        1
    }
}

/// Whether two distinct surnames read as one misspelt: same first letter, long enough, within
/// the edit limit.
fn is_variant(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.chars().count() < MIN_VARIANT_LEN || short.chars().next() != long.chars().next() {
        return false;
    }
    let limit = variant_limit(long);
    // The distance is at least the difference in length (in characters: `short` is the shorter
    // in bytes, which accents can reverse).
    if long.chars().count().abs_diff(short.chars().count()) > limit {
        return false;
    }
    if letters_apart(a, b).is_some_and(|apart| apart > limit) {
        return false;
    }
    let dist = strsim::levenshtein(a, b);
    dist != 0 && dist <= limit
}

/// Surnames written in capitals or in prose, with the places of each spelling in text order
/// (full names introduced in prose count for their spelling too).
/// Each surname as spelled, with where it is written and the honorifics it is addressed with.
struct Spelling {
    surname: String,
    spans: Vec<Span>,
    honorifics: Vec<Honorific>,
}

impl Spelling {
    /// Whether the two are addressed only with honorifics of different genders ("Ms. MARTIN",
    /// "Mr. MARTINS"): two people, not one name spelled two ways.
    fn addressed_apart(&self, other: &Spelling) -> bool {
        !self.honorifics.is_empty()
            && !other.honorifics.is_empty()
            && self
                .honorifics
                .iter()
                .all(|h| other.honorifics.iter().all(|o| h.gender_differs(*o)))
    }
}

fn spellings(ctx: &MeetingContext<'_>) -> Vec<Spelling> {
    let doc = ctx.doc;
    let mut spellings: Vec<Spelling> = Vec::new();
    for a in &addressed(ctx, false) {
        let Some(last) = a.tokens.last() else {
            continue;
        };
        match spellings.iter_mut().find(|s| &s.surname == last) {
            Some(s) => {
                s.spans.push(a.span);
                s.honorifics.push(a.honorific);
            }
            None => spellings.push(Spelling {
                surname: last.clone(),
                spans: vec![a.span],
                honorifics: vec![a.honorific],
            }),
        }
    }
    for s in &doc.record.statements {
        if let Some(f) = s.full_name {
            let tokens = name_tokens(doc.span_text(f));
            if let Some(last) = tokens.last()
                && let Some(s) = spellings.iter_mut().find(|s| &s.surname == last)
                && !s.spans.contains(&f)
            {
                s.spans.push(f);
            }
        }
    }
    spellings
}

pub fn check_name_variants(ctx: &MeetingContext<'_>, out: &mut Vec<Diagnostic>) {
    let doc = ctx.doc;
    let spellings = spellings(ctx);
    for (i, sa) in spellings.iter().enumerate() {
        for sb in spellings.iter().skip(i + 1) {
            let (a_spans, b_spans) = (&sa.spans, &sb.spans);
            if !is_variant(&sa.surname, &sb.surname) || sa.addressed_apart(sb) {
                continue;
            }
            // The rarer spelling is the slip; on a tie, the later one.
            let (rare_spans, common_spans) = if a_spans.len() < b_spans.len()
                || (a_spans.len() == b_spans.len() && a_spans[0].start > b_spans[0].start)
            {
                (a_spans, b_spans)
            } else {
                (b_spans, a_spans)
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pronouns counted over every word of the text: the reference for [`pronouns`].
    fn pronouns_by_words(text: &str) -> (usize, usize) {
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

    #[test]
    fn pronouns_read_around_the_letter_h_as_over_every_word() {
        let mut texts: Vec<String> = Vec::new();
        for text in crate::text::seed_texts() {
            texts.extend(text.split("\n\n").map(str::to_string));
        }
        let pieces = [
            "he", "He", "she", "She", "her", "Her", "his", "His", "him", "himself", "herself",
            "hers", "the", "éhe", "heé", "’", " ", ".", "h", "H", "s", "ß", "—", "2", "_",
            "\u{a0}",
        ];
        texts.extend(crate::text::random_texts(
            &pieces,
            0x2545_f491_4f6c_dd1d,
            30,
            5000,
        ));
        let mut counted = 0;
        for text in &texts {
            let expected = pronouns_by_words(text);
            counted += expected.0 + expected.1;
            assert_eq!(pronouns(text), expected, "{text:?}");
        }
        assert!(counted > 300, "the texts hold pronouns: {counted}");
    }
}
