//! Attribution cues, one function per kind of evidence: a role before a country ("The
//! representative of X", and lists "the representatives of A, B and C"), a possessive ("X’s
//! delegate"), an adjective ("the X representative"), "that country’s delegate", and a person
//! with a statement in the record named in prose ("Anifah Aman, Minister ... of Malaysia").

use std::sync::LazyLock;

use regex::Regex;

use super::{Cue, LIST_SEPARATOR, Para, SpeakerIndex, Speakers, extent, target};
use crate::knowledge::Gazetteer;
use crate::parse::speaker;
use crate::record::AttributionTarget;
use crate::span::Span;
use crate::text::{ThreadRegex, clamp_to_char_boundary, strip_space_paren};

/// How far before a country mention its cue is looked for, in bytes. The longest cue the
/// pattern reads, "the government ministers and representatives of the ", is about 55; the
/// bound keeps the search linear in the paragraph.
const CUE_WINDOW: usize = 120;

/// How far after a named person their title is read for the country it names, in bytes
/// (", Minister for Foreign Affairs of Malaysia,"): titles are a few words, and the bound keeps
/// a country named later in the sentence out.
const TITLE_AFTER_NAME: usize = 200;

static CUE_BEFORE: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?:the|a|an|one)\s+)?(?:representatives?|delegates?|delegations?|speakers?|observers?|petitioners?|(?:government\s+)?ministers?(?:\s+and\s+representatives)?)\s+(?:of|for|from)\s+(?:the\s+)?$").unwrap()
});
static POSSESSIVE_ROLE: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"^[’']s\s+(?:(?:Foreign|Deputy|Prime|Permanent|Vice|Justice|Labour)\s+)?(?:delegate|representative|delegation|speaker|Minister|minister|Ambassador|ambassador|observer|President|Vice-President|Vice-Minister|Secretary|envoy|Representative)(?-u:\b)").unwrap()
});
static ADJECTIVE_ROLE: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"^\s+(?:representative|delegate|delegation|speaker)(?-u:\b)").unwrap()
});
static THE_BEFORE: ThreadRegex = ThreadRegex::new(|| Regex::new(r"(?-u:\b)[Tt]he\s+$").unwrap());
static BY_BEFORE: ThreadRegex =
    ThreadRegex::new(|| Regex::new(r"(?i)(?-u:\b)(?:by|to|with)\s+(?:the\s+)?$").unwrap());
static THAT_COUNTRY: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"(?-u:\b)[Tt]hat country[’']s (?:delegate|representative|speaker)(?-u:\b)").unwrap()
});

/// The words every [`THAT_COUNTRY`] match holds.
static THAT_COUNTRY_WORDS: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("hat country"));

/// Cues around the paragraph's country mentions, outside its rosters, in text order.
pub(super) fn entity_cues(text: &str, para: &Para<'_>, rosters: &[Span]) -> Vec<Cue> {
    let mut cues = Vec::new();
    let mut k = 0;
    while k < para.mentions.len() {
        if rosters
            .iter()
            .any(|r| r.contains_span(para.mentions[k].span))
        {
            k += 1;
            continue;
        }
        match cue_at(text, para, k) {
            Some((cue, next)) => {
                cues.push(cue);
                k = next;
            }
            None => k += 1,
        }
    }
    cues
}

/// The cue around mention `k`, with the index of the first mention after it.
fn cue_at(text: &str, para: &Para<'_>, k: usize) -> Option<(Cue, usize)> {
    let m = para.mentions[k];
    let local_start = m.span.start - para.span.start;
    let window = clamp_to_char_boundary(para.text, local_start.saturating_sub(CUE_WINDOW));
    let before = &para.text[window..local_start];
    let after = &para.text[m.span.end - para.span.start..];
    if let Some(c) = CUE_BEFORE.find(before) {
        // After "by", "to" or "with" ("in response to the representative of Turkey") the
        // country is spoken of or to, not speaking.
        if BY_BEFORE.is_match(&before[..c.start()]) {
            return None;
        }
        return Some(listed_cue(
            text,
            para,
            k,
            para.span.start + window + c.start(),
        ));
    }
    if m.possessive
        && let Some(r) = POSSESSIVE_ROLE.find(after)
    {
        let span = Span::new(m.span.start, m.span.end + r.end());
        return Some((Cue::of_mention(span, m), k + 1));
    }
    let t = THE_BEFORE.find(before)?;
    let r = ADJECTIVE_ROLE.find(after)?;
    let span = Span::new(para.span.start + window + t.start(), m.span.end + r.end());
    Some((Cue::of_mention(span, m), k + 1))
}

/// A role before mention `k` and the list it may open ("the representatives of A, B and C"):
/// the cue from `start`, with the index of the first mention after the list.
fn listed_cue(text: &str, para: &Para<'_>, k: usize, start: usize) -> (Cue, usize) {
    let mut targets = vec![target(para.mentions[k])];
    let mut end = para.mentions[k].span.end;
    let mut j = k + 1;
    while let Some(next) = para.mentions.get(j)
        && LIST_SEPARATOR.is_match(&text[end..next.span.start])
    {
        targets.push(target(next));
        end = next.span.end;
        j += 1;
    }
    let cue = Cue {
        span: Span::new(start, end),
        targets,
        person: None,
    };
    (cue, j)
}

/// "That country’s delegate": the country is the last one named before.
pub(super) fn that_country_cues(para: &Para<'_>) -> Vec<Cue> {
    // Every match holds these words: most paragraphs are passed by one vector search instead
    // of a regex search (whose set-up alone costs more).
    if THAT_COUNTRY_WORDS.find(para.text.as_bytes()).is_none() {
        return Vec::new();
    }
    THAT_COUNTRY
        .find_iter(para.text)
        .filter_map(|c| {
            let at = para.span.start + c.start();
            let prev = para.mentions.iter().rev().find(|m| m.span.end <= at)?;
            Some(Cue::of_mention(
                Span::new(at, para.span.start + c.end()),
                prev,
            ))
        })
        .collect()
}

/// Adds the cues of people with a statement in this record, named in prose with or without a
/// title; the cues inside a person's cue (the country of a titled person) fold into it.
pub(super) fn with_person_cues<'r>(
    mut cues: Vec<Cue>,
    text: &str,
    gaz: &Gazetteer,
    para: &Para<'r>,
    name_runs: &[Span],
    rosters: &[Span],
    speakers: &Speakers<'r>,
) -> Vec<Cue> {
    for &run in name_runs {
        let Some(cue) = person_cue(text, gaz, para, run, rosters, speakers) else {
            continue;
        };
        cues.retain(|c| !(c.span.start >= cue.span.start && c.span.end <= cue.span.end));
        cues.push(cue);
    }
    cues
}

/// What a capitalised run is by its words alone, wherever it is written: no person, a speaker
/// of the record once `skip` bytes of title words are passed, or a person not among them whose
/// name starts `skip` bytes in, if the words around say that they speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RunReading {
    NoPerson,
    Speaker { skip: usize },
    Prose { skip: usize },
}

/// The reading of a run's text: two name words or more, that name a speaker ([`leading_title_words`]
/// then finding where their name starts), or else two words or more past any title words, none
/// an institution's.
fn reading(run: &str, speakers: &Speakers<'_>) -> RunReading {
    // Borrowed from one folded copy of the run: most runs name no speaker, and their tokens
    // are only compared.
    let folded = crate::text::fold(run);
    let tokens: Vec<&str> = speaker::name_words(&folded).collect();
    if tokens.len() < 2 {
        return RunReading::NoPerson;
    }
    let index = speakers.index();
    if index.names_someone(&tokens) {
        // Titles written before a name ("Secretary-General António Guterres") are not the name.
        return leading_title_words(run, index)
            .map_or(RunReading::NoPerson, |skip| RunReading::Speaker { skip });
    }
    let mut skip = 0;
    for word in run.split(' ') {
        if !TITLE_WORDS.contains(&word.trim_end_matches(['-', '\u{2011}'])) {
            break;
        }
        skip += word.len() + 1;
    }
    let skip = skip.min(run.len());
    let written = &run[skip..];
    if written.split(' ').count() < 2 || written.split(' ').any(|w| INSTITUTION_WORDS.contains(&w))
    {
        return RunReading::NoPerson;
    }
    RunReading::Prose { skip }
}

/// The reading of a run's text, read once per record.
fn reading_once<'r>(run: &'r str, speakers: &Speakers<'r>) -> RunReading {
    if let Some(&known) = speakers.readings.borrow().get(run) {
        return known;
    }
    let read = reading(run, speakers);
    speakers.readings.borrow_mut().insert(run, read);
    read
}

/// The cue of a capitalised run that names a speaker of the record outside the rosters, with
/// the country the reporter gives for them.
fn person_cue<'r>(
    text: &str,
    gaz: &Gazetteer,
    para: &Para<'r>,
    run: Span,
    rosters: &[Span],
    speakers: &Speakers<'r>,
) -> Option<Cue> {
    let name = match reading_once(run.text(para.text), speakers) {
        RunReading::NoPerson => return None,
        RunReading::Speaker { skip } => Span::new(run.start + skip, run.end).shift(para.span.start),
        RunReading::Prose { skip } => {
            named_in_prose(text, para, Span::new(run.start + skip, run.end))?
        }
    };
    if rosters.iter().any(|r| r.contains_span(name)) {
        return None;
    }
    let introduced = introduced_country(text, gaz, para, name);
    let end = introduced.as_ref().map_or(name.end, |(_, end)| *end);
    Some(Cue {
        span: Span::new(name.start, end),
        targets: introduced.into_iter().map(|(t, _)| t).collect(),
        person: Some(name),
    })
}

/// The country the reporter gives right after a person's name: "(Maldives)" or ", Minister ...
/// of Malaysia,". Returns it with where the cue then ends.
fn introduced_country(
    text: &str,
    gaz: &Gazetteer,
    para: &Para<'_>,
    name: Span,
) -> Option<(AttributionTarget, usize)> {
    let after = &text[name.end..para.span.end];
    if let Some((consumed, rest)) = strip_space_paren(after)
        && let Some(close) = rest.find(')')
    {
        let inner = Span::new(consumed, consumed + close).shift(name.end);
        let entity = gaz.lookup_entity(inner.text(text)).map(|(e, _)| e);
        return Some((
            AttributionTarget {
                entity,
                span: inner,
            },
            inner.end + 1,
        ));
    }
    let rest = after.strip_prefix(", ")?;
    let stop = rest.find([',', '.', ';']).unwrap_or(rest.len());
    let stop = clamp_to_char_boundary(rest, stop.min(TITLE_AFTER_NAME));
    let title = Span::new(2, 2 + stop).shift(name.end);
    let m = para
        .mentions
        .iter()
        .rfind(|m| title.contains_span(m.span))?;
    Some((target(m), title.end))
}

/// A person without a statement in the record, whose name (past the title words opening its
/// run, no institution: see [`reading`]) is at `name` in the paragraph, as the one speaking:
/// after an inverted reporting verb ("said Pierre Lacroix"), or with a title before the verb
/// ("Pierre Lacroix, Under-Secretary-General for Peace Operations, said"; "Petitioner Ahmed Baba
/// said"). A name overlapping a country mention is none.
fn named_in_prose(text: &str, para: &Para<'_>, name: Span) -> Option<Span> {
    let name = name.shift(para.span.start);
    if para
        .mentions
        .iter()
        .any(|m| m.span.start < name.end && name.start < m.span.end)
    {
        return None;
    }
    extent::names_a_speaker(text, para, name).then_some(name)
}

/// Words of titles that may open a capitalised run before a name.
const TITLE_WORDS: &[&str] = &[
    "Under",
    "Secretary",
    "General",
    "Deputy",
    "Assistant",
    "President",
    "Special",
    "Envoy",
    "Representative",
    "Rapporteur",
    "Adviser",
    "High",
    "Commissioner",
    "Executive",
    "Director",
    "Minister",
    "Ambassador",
    "Chair",
    "Chairperson",
    "Judge",
    "Prosecutor",
    "Petitioner",
    "Coordinator",
    "Administrator",
    "Assembly",
    "Council",
    "Acting",
    "Prime",
    "Foreign",
];

/// Words that make a capitalised run an institution or a place, not a person.
const INSTITUTION_WORDS: &[&str] = &[
    "Council",
    "Assembly",
    "Committee",
    "Nations",
    "Secretariat",
    "Office",
    "Union",
    "Group",
    "Organization",
    "Organisation",
    "Government",
    "Commission",
    "Court",
    "Fund",
    "Programme",
    "Mission",
    "Agency",
    "Bank",
    "Forum",
    "Conference",
    "Republic",
    "States",
    "Declaration",
    "Convention",
    "Agreement",
    "Accord",
    "Treaty",
    "Territory",
    "Territories",
    "Islands",
    "Front",
    "Party",
    "Movement",
    "Authority",
    "Department",
    "Force",
    "Forces",
    "Member",
    "Members",
    "Framework",
    "Agenda",
    "Charter",
    "Protocol",
    "Plan",
    "Strategy",
];

/// Bytes to skip at the start of a capitalised run so that it starts with a speaker's name.
fn leading_title_words(run: &str, speakers: &SpeakerIndex<'_>) -> Option<usize> {
    let mut offset = 0;
    for word in run.split(' ') {
        let folded = crate::text::fold(&run[offset..]);
        let words: Vec<&str> = speaker::name_words(&folded).collect();
        let tokens = speakers.known(&words);
        if tokens.len() >= 2
            && speakers.names().any(|st| {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The person cues of every summary and narrative paragraph of a record, each run read
    /// through one record's readings (`shared`) or through readings of its own: the reference.
    fn person_cues(text: &str, shared: bool) -> Vec<String> {
        let gaz = crate::knowledge::Gazetteer::builtin();
        let rec = crate::parse::parse_with(text, &gaz);
        let runs = crate::parse::mentions::full_name_runs(text, &rec.paragraphs);
        let once = Speakers::of(&rec);
        let mut out = Vec::new();
        for (pi, p) in rec.paragraphs.iter().enumerate() {
            let para = Para {
                index: pi,
                span: p.span,
                text: p.span.text(text),
                zone: crate::record::Zone::Summary,
                mentions: rec.countries_in(p.span).collect(),
            };
            for &run in &runs[pi] {
                let alone = Speakers::of(&rec);
                let speakers = if shared { &once } else { &alone };
                let cue = person_cue(text, &gaz, &para, run, &[], speakers);
                out.push(format!("{cue:?}"));
            }
        }
        out
    }

    #[test]
    fn runs_read_once_per_record_give_the_cues_read_alone() {
        let mut texts = crate::text::seed_texts();
        let pieces = [
            "Amina Mohammed",
            "Deputy Secretary-General Amina Mohammed",
            "Secretary-General ",
            "Horace Chang",
            "Chang",
            "Pierre Lacroix",
            "Petitioner Ahmed Baba",
            "United Nations",
            "General Assembly",
            "Jamaica",
            " (Jamaica)",
            ", Minister for Foreign Affairs of Jamaica,",
            ", Under-Secretary-General for Peace Operations,",
            " said ",
            "said ",
            " stressed",
            ", ",
            ". ",
            "“We must act,” ",
            "The representative of Jamaica ",
            "the ",
            " ",
            "Office ",
        ];
        let summaries = crate::text::random_texts(&pieces, 0x5eed_cafe, 30, 300);
        for chunk in summaries.chunks(6) {
            texts.push(format!(
                "Seventy-seventh Session,\n5th Meeting (AM)\nGA/L/1\n\nTitle\n\n{}\n\n\
                 AMINA MOHAMMED, Deputy Secretary-General of the United Nations, said yes.\n\n\
                 HORACE CHANG (Jamaica) said no.\n",
                chunk.join("\n\n")
            ));
        }
        let mut persons = 0;
        for text in &texts {
            let read_once = person_cues(text, true);
            persons += read_once
                .iter()
                .filter(|c| c.contains("person: Some"))
                .count();
            assert_eq!(read_once, person_cues(text, false), "{text}");
        }
        assert!(persons > 100, "the texts name people: {persons}");
    }

    #[test]
    fn that_country_words_pass_every_paragraph_the_pattern_matches() {
        let mut texts: Vec<String> = Vec::new();
        for text in crate::text::seed_texts() {
            texts.extend(text.lines().map(str::to_string));
        }
        texts.extend(
            [
                "That country’s delegate said",
                "that country's representative",
                "that  country’s speaker",
                "What country’s delegate",
            ]
            .map(String::from),
        );
        let mut matched = 0;
        for t in &texts {
            let by_pattern = THAT_COUNTRY.is_match(t);
            matched += usize::from(by_pattern);
            let passed = THAT_COUNTRY_WORDS.find(t.as_bytes()).is_some();
            assert!(passed || !by_pattern, "{t:?}");
        }
        assert!(matched >= 2, "the texts hold the cue: {matched}");
    }
}
