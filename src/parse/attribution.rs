//! Who the reporter says said what: attribution cues in the summary and narrative paragraphs
//! ("The representative of X", "X’s delegate", "the X representative", a named person with a
//! title), rosters ("Also delivering statements were ..."), and right-of-reply targets.

use std::sync::LazyLock;

use regex::Regex;

use super::speaker;
use crate::knowledge::Gazetteer;
use crate::record::*;
use crate::span::Span;

static CUE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?:the|a|an)\s+)?(?:representatives?|delegates?|delegations?|speakers?|observers?|(?:government\s+)?ministers?(?:\s+and\s+representatives)?)\s+(?:of|for|from)\s+(?:the\s+)?$").unwrap()
});
static POSSESSIVE_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[’']s\s+(?:(?:Foreign|Deputy|Prime|Permanent|Vice|Justice|Labour)\s+)?(?:delegate|representative|delegation|speaker|Minister|minister|Ambassador|ambassador|observer|President|Vice-President|Vice-Minister|Secretary|envoy|Representative)(?-u:\b)").unwrap()
});
static ADJECTIVE_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:representative|delegate|delegation|speaker)(?-u:\b)").unwrap()
});
static THE_BEFORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)[Tt]he\s+$").unwrap());
static BY_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(?:by|to|with)\s+(?:the\s+)?$").unwrap());
static THAT_COUNTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[Tt]hat country[’']s (?:delegate|representative|speaker)(?-u:\b)").unwrap()
});
static LIST_SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:,\s*|,?\s+and\s+|,?\s+as well as\s+)(?:the\s+)?$").unwrap());
static CUE_AT_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[^.]{0,80}?,\s+)?(?:the|a|an)\s+(?:representatives?|delegates?|delegation|speaker|observer)\s+(?:of|for)\b|^[\p{Lu}][\p{L}\s’'\-]{1,60}[’']s\s+(?:delegate|representative|delegation|speaker)\b|^(?:[^.]{0,80}?,\s+)?the\s+[\p{Lu}][\p{L}\s]{1,40}\s+(?:representative|delegate)\b").unwrap()
});
static ROSTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?P<stm>also\s+(?:delivering\s+statements|speaking|making\s+statements|taking\s+the\s+floor|addressing\s+the\s+\w+)\b)|(?P<part>also\s+participating\b)|(?P<reply>speaking\s+in\s+(?:the\s+)?exercise\s+of\s+the\s+right\s+of\s+reply\b)|(?P<reps>representatives?\s+of\b))").unwrap()
});
static ROSTER_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?P<obs>in\s+their\s+capacity\s+as\s+observers?)|(?P<part>also\s+(?:participated|took\s+part|spoke))").unwrap()
});
static REPLY_TRIGGER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:in\s+response\s+to|responding\s+to|in\s+reply\s+to|replying\s+to|in\s+answer\s+to|answering)\s+(?:the\s+)?(?:statements?|remarks|comments|allegations|accusations|claims)?\s*(?:made\s+)?(?:earlier\s+)?(?:today\s+)?(?:by\s+)?").unwrap()
});
static CLAUSE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r",\s+(?:\p{Ll}+\b)|\.\s|\.$|;").unwrap());
static SENTENCE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"[.!?][”"’)]*\s+[“"‘(]?\p{Lu}"#).unwrap());

/// Whether a paragraph opens with an attribution cue (used to tell narrative from speech).
pub fn starts_with_cue(head: &str) -> bool {
    CUE_AT_START.is_match(head)
}

/// Sentence ranges of a paragraph, relative to it; abbreviations do not end sentences.
pub fn sentences(p: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for m in SENTENCE_END.find_iter(p) {
        let dot = m.start();
        let before = &p[start..dot];
        let last_word = before
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        if matches!(
            last_word,
            "Mr" | "Ms" | "Mrs" | "Dr" | "St" | "No" | "a.m" | "p.m" | "U.S" | "Rev" | "Add" | "L"
        ) || last_word.chars().count() == 1
        {
            continue;
        }
        let end = dot + 1;
        out.push((start, end));
        // The next sentence starts at the capital (or its opening quote).
        let next =
            m.as_str().char_indices().skip(1).find(|(_, c)| {
                !c.is_whitespace() && *c != '”' && *c != '"' && *c != '’' && *c != ')'
            });
        start = m.start() + next.map_or(m.len(), |(i, _)| i);
    }
    if start < p.len() {
        out.push((start, p.len()));
    }
    out
}

struct Cue {
    span: Span,
    targets: Vec<AttributionTarget>,
    person: Option<Span>,
}

pub fn recognise(text: &str, gaz: &Gazetteer, rec: &mut Record) {
    let speaker_names: Vec<(usize, Vec<String>)> = rec
        .statements
        .iter()
        .enumerate()
        .map(|(i, s)| (i, speaker::name_tokens(s.name.text(text))))
        .filter(|(_, t)| t.len() >= 2)
        .collect();
    // The same names blocked by token pairs: a record may have thousands of statements, and
    // every capitalised run of its prose is looked up.
    let mut speaker_index = crate::names::NameBlocks::default();
    for (_, t) in &speaker_names {
        speaker_index.intern(t);
    }

    for pi in 0..rec.paragraphs.len() {
        let p = rec.paragraphs[pi].clone();
        let zone = match p.kind {
            ParagraphKind::Summary => Zone::Summary,
            ParagraphKind::Narrative => Zone::Body,
            _ => continue,
        };
        let ptext = p.span.text(text);
        // Mentions are in text order: the paragraph's are one contiguous run.
        let first = rec
            .countries
            .partition_point(|m| m.span.start < p.span.start);
        let mentions: Vec<&CountryMention> = rec.countries[first..]
            .iter()
            .take_while(|m| m.span.start < p.span.end)
            .filter(|m| p.span.contains_span(m.span))
            .collect();

        // Rosters first: their sentences are lists, not attributions.
        let mut roster_ranges: Vec<Span> = Vec::new();
        // Lists open with "Also ...", "Representatives of ..." or "Speaking in ... exercise".
        let may_list =
            ptext.contains("lso ") || ptext.contains("epresentatives") || ptext.contains("xercise");
        for (s, e) in if may_list {
            sentences(ptext)
        } else {
            Vec::new()
        } {
            let sentence = &ptext[s..e];
            let Some(kind) = roster_kind(sentence) else {
                continue;
            };
            let sspan = Span::new(p.span.start + s, p.span.start + e);
            let mut entities = Vec::new();
            let mut depth_ranges: Vec<(usize, usize)> = Vec::new();
            let mut open = None;
            for (i, c) in sentence.char_indices() {
                if c == '(' {
                    open = Some(i);
                } else if c == ')'
                    && let Some(o) = open.take()
                {
                    depth_ranges.push((sspan.start + o, sspan.start + i));
                }
            }
            for m in mentions.iter().filter(|m| sspan.contains_span(m.span)) {
                if depth_ranges
                    .iter()
                    .any(|(o, c)| *o < m.span.start && m.span.end <= *c)
                {
                    continue;
                }
                if m.form == crate::knowledge::NameForm::Demonym {
                    continue;
                }
                entities.push(AttributionTarget {
                    entity: Some(m.entity),
                    span: m.span,
                });
            }
            if entities.is_empty() {
                continue;
            }
            roster_ranges.push(sspan);
            rec.rosters.push(Roster {
                span: sspan,
                kind,
                entities,
                paragraph: pi,
                zone,
            });
        }

        // Cues.
        let mut cues: Vec<Cue> = Vec::new();
        let mut k = 0;
        while k < mentions.len() {
            let m = mentions[k];
            if roster_ranges.iter().any(|r| r.contains_span(m.span)) {
                k += 1;
                continue;
            }
            let local_start = m.span.start - p.span.start;
            // Cues sit just before the name; a bounded window keeps this linear.
            let window =
                crate::text::clamp_to_char_boundary(ptext, local_start.saturating_sub(120));
            let before = &ptext[window..local_start];
            let after = &ptext[m.span.end - p.span.start..];
            if let Some(c) = CUE_BEFORE.find(before) {
                let cue_local = window + c.start();
                if BY_BEFORE.is_match(&before[..cue_local - window]) {
                    k += 1;
                    continue;
                }
                let mut targets = vec![AttributionTarget {
                    entity: Some(m.entity),
                    span: m.span,
                }];
                let mut end = m.span.end;
                // A list of delegations: "the representatives of A, B and C".
                let mut j = k + 1;
                while j < mentions.len() {
                    let between = &text[end..mentions[j].span.start];
                    if LIST_SEPARATOR.is_match(between) {
                        targets.push(AttributionTarget {
                            entity: Some(mentions[j].entity),
                            span: mentions[j].span,
                        });
                        end = mentions[j].span.end;
                        j += 1;
                    } else {
                        break;
                    }
                }
                cues.push(Cue {
                    span: Span::new(p.span.start + cue_local, end),
                    targets,
                    person: None,
                });
                k = j;
                continue;
            }
            if m.possessive
                && let Some(r) = POSSESSIVE_ROLE.find(after)
            {
                cues.push(Cue {
                    span: Span::new(m.span.start, m.span.end + r.end()),
                    targets: vec![AttributionTarget {
                        entity: Some(m.entity),
                        span: m.span,
                    }],
                    person: None,
                });
                k += 1;
                continue;
            }
            if let (Some(t), Some(r)) = (THE_BEFORE.find(before), ADJECTIVE_ROLE.find(after)) {
                cues.push(Cue {
                    span: Span::new(p.span.start + window + t.start(), m.span.end + r.end()),
                    targets: vec![AttributionTarget {
                        entity: Some(m.entity),
                        span: m.span,
                    }],
                    person: None,
                });
                k += 1;
                continue;
            }
            k += 1;
        }
        for c in THAT_COUNTRY.find_iter(ptext) {
            let at = p.span.start + c.start();
            if let Some(prev) = mentions.iter().rev().find(|m| m.span.end <= at) {
                cues.push(Cue {
                    span: Span::new(at, p.span.start + c.end()),
                    targets: vec![AttributionTarget {
                        entity: Some(prev.entity),
                        span: prev.span,
                    }],
                    person: None,
                });
            }
        }
        // People with a statement in this record, named in prose with or without a title.
        for m in super::mentions::full_names(ptext) {
            let tokens = speaker::name_tokens(m.as_str());
            if tokens.len() < 2 {
                continue;
            }
            if speaker_index.compatible(&tokens).is_empty() {
                continue;
            }
            // Titles written before a name ("Secretary-General António Guterres") are not the name.
            let Some(skip) = leading_title_words(m.as_str(), &speaker_names) else {
                continue;
            };
            let name_span = Span::new(p.span.start + m.start() + skip, p.span.start + m.end());
            if roster_ranges.iter().any(|r| r.contains_span(name_span)) {
                continue;
            }
            // The country the reporter gives: "(Maldives)" or ", Minister ... of Malaysia,".
            let after = &ptext[m.end()..];
            let mut targets = Vec::new();
            let mut cue_end = name_span.end;
            if let Some((consumed, rest)) = crate::text::strip_space_paren(after)
                && let Some(close) = rest.find(')')
            {
                let inner = Span::new(name_span.end + consumed, name_span.end + consumed + close);
                targets.push(AttributionTarget {
                    entity: gaz.lookup_entity(inner.text(text)).map(|(e, _)| e),
                    span: inner,
                });
                cue_end = inner.end + 1;
            } else if let Some(rest) = after.strip_prefix(", ") {
                let stop = rest.find([',', '.', ';']).unwrap_or(rest.len()).min(200);
                let stop = crate::text::clamp_to_char_boundary(rest, stop);
                let desc = Span::new(name_span.end + 2, name_span.end + 2 + stop);
                if let Some(dm) = mentions.iter().rfind(|x| desc.contains_span(x.span)) {
                    targets.push(AttributionTarget {
                        entity: Some(dm.entity),
                        span: dm.span,
                    });
                    cue_end = desc.end;
                }
            }
            // Cues already found inside this range (the country of a titled person) fold in.
            cues.retain(|c| !(c.span.start >= name_span.start && c.span.end <= cue_end));
            cues.push(Cue {
                span: Span::new(name_span.start, cue_end),
                targets,
                person: Some(name_span),
            });
        }
        if cues.is_empty() {
            continue;
        }
        cues.sort_by_key(|c| c.span.start);
        cues.dedup_by(|b, a| b.span.start < a.span.end);

        // Claims: from the start of the first cue's sentence, then from cue to cue.
        let sents = sentences(ptext);
        for ci in 0..cues.len() {
            let cue_local = cues[ci].span.start - p.span.start;
            let claim_start = if ci == 0 {
                sents
                    .iter()
                    .find(|(s, e)| *s <= cue_local && cue_local < *e)
                    .map_or(cue_local, |(s, _)| *s)
            } else {
                cue_local
            };
            let claim_end = cues
                .get(ci + 1)
                .map_or(ptext.len(), |n| n.span.start - p.span.start);
            let claim = Span::new(p.span.start + claim_start, p.span.start + claim_end);
            let first_q = rec
                .quotations
                .partition_point(|q| q.span.start < claim.start);
            let quotations = (first_q..rec.quotations.len())
                .take_while(|&i| rec.quotations[i].span.start < claim.end)
                .filter(|&i| claim.contains_span(rec.quotations[i].span))
                .collect();
            let cue = &cues[ci];
            rec.attributions.push(Attribution {
                cue: cue.span,
                targets: cue.targets.clone(),
                person: cue.person,
                claim,
                paragraph: pi,
                zone,
                quotations,
            });
        }
    }

    // Rights of reply.
    for pi in 0..rec.paragraphs.len() {
        let p = &rec.paragraphs[pi];
        let in_reply_section = p
            .section
            .is_some_and(|s| rec.sections[s].name.contains("eply"));
        let ptext = p.span.text(text);
        if !(in_reply_section || ptext.contains("ight of reply")) {
            continue;
        }
        if !matches!(
            p.kind,
            ParagraphKind::Narrative | ParagraphKind::StatementHeader | ParagraphKind::Summary
        ) {
            continue;
        }
        if rec.rosters.iter().any(|r| r.paragraph == pi) {
            continue;
        }
        let Some(t) = REPLY_TRIGGER.find(ptext) else {
            continue;
        };
        let clause_end = CLAUSE_END
            .find_at(ptext, t.end())
            .map_or(ptext.len(), |m| m.start());
        let clause = Span::new(p.span.start + t.end(), p.span.start + clause_end);
        let targets: Vec<AttributionTarget> = rec
            .countries_in(clause)
            .map(|m| AttributionTarget {
                entity: Some(m.entity),
                span: m.span,
            })
            .collect();
        if targets.is_empty() {
            continue;
        }
        // Attributions are in paragraph order.
        let first = rec.attributions.partition_point(|a| a.paragraph < pi);
        let speaker = rec.attributions[first..]
            .iter()
            .find(|a| a.paragraph == pi)
            .and_then(|a| a.targets.first().copied())
            .or_else(|| {
                p.statement
                    .and_then(|s| rec.statements[s].affiliation)
                    .map(|a| AttributionTarget {
                        entity: a.entity,
                        span: a.span,
                    })
            });
        rec.replies.push(Reply {
            paragraph: pi,
            speaker,
            targets,
        });
    }
}

/// Bytes to skip at the start of a capitalised run so that it starts with a speaker's name.
fn leading_title_words(run: &str, speakers: &[(usize, Vec<String>)]) -> Option<usize> {
    let mut offset = 0;
    for word in run.split(' ') {
        let rest = &run[offset..];
        let tokens = speaker::name_tokens(rest);
        if tokens.len() >= 2
            && speakers.iter().any(|(_, st)| {
                st.first() == tokens.first()
                    && (speaker::tokens_compatible(&tokens, st)
                        || speaker::tokens_compatible(st, &tokens))
            })
        {
            return Some(offset);
        }
        offset += word.len() + 1;
        if offset >= run.len() {
            break;
        }
    }
    None
}

fn roster_kind(sentence: &str) -> Option<RosterKind> {
    let c = ROSTER.captures(sentence)?;
    if c.name("stm").is_some() {
        let l = sentence.to_lowercase();
        let head: String = l.chars().take(60).collect();
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

    #[test]
    fn sentence_split_keeps_abbreviations() {
        let p = "Mr. BLANCO CONDE asked Mr. Chhap what to do. He said yes. The Assembly will reconvene at 10 a.m. on Tuesday.";
        let s = sentences(p);
        assert_eq!(s.len(), 3, "{s:?}");
    }

    #[test]
    fn roster_kinds() {
        assert_eq!(
            roster_kind("Also delivering statements were ministers of Colombia and Cuba."),
            Some(RosterKind::Statements)
        );
        assert_eq!(
            roster_kind(
                "Representatives of Holy See and the League of Arab States spoke in their capacity as observers."
            ),
            Some(RosterKind::Observers)
        );
        assert_eq!(
            roster_kind("Representatives of Sudan and Israel also participated."),
            Some(RosterKind::Participants)
        );
        assert_eq!(
            roster_kind(
                "Speaking in the exercise of the right of reply were representatives of Greece and Belarus."
            ),
            Some(RosterKind::RightOfReply)
        );
        assert_eq!(
            roster_kind("Representatives of several affected countries suggested solutions."),
            None
        );
    }
}
