//! Who the reporter says said what: attribution cues in the summary and narrative paragraphs
//! ("The representative of X", "X’s delegate", "the X representative", a named person with a
//! title), rosters ("Also delivering statements were ..."), and right-of-reply targets.

use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashMap;

mod cue;
mod extent;
mod reply;
pub(crate) use reply::may_reply;
mod roster;

use super::Depth;
use crate::knowledge::Gazetteer;
use crate::record::*;
use crate::span::Span;
use crate::text::ThreadRegex;

static CUE_AT_START: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"(?i)^(?:[^.]{0,80}?,\s+)?(?:the|a|an)\s+(?:representatives?|delegates?|delegation|speaker|observer)\s+(?:of|for)\b|^[\p{Lu}][\p{L}\s’'\-]{1,60}[’']s\s+(?:delegate|representative|delegation|speaker)\b|^(?:[^.]{0,80}?,\s+)?the\s+[\p{Lu}][\p{L}\s]{1,40}\s+(?:representative|delegate)\b").unwrap()
});
/// What separates the entries of a list of delegations: ", ", " and ", " as well as ".
static LIST_SEPARATOR: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"^(?:,\s*|,?\s+and\s+|,?\s+as well as\s+)(?:the\s+)?$").unwrap()
});
static SENTENCE_END: ThreadRegex =
    ThreadRegex::new(|| Regex::new(r#"[.!?][”"’)]*\s+[“"‘(]?\p{Lu}"#).unwrap());

/// The words one of which every opening cue holds, in any case: a paragraph's head without one
/// is no cue, found without running the cue pattern (whose case-insensitive Unicode classes keep
/// the regex engine on its slowest path).
static CUE_AT_START_WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(["representative", "delegat", "speaker", "observer"])
        .expect("literal words")
});

/// Whether a paragraph opens with an attribution cue (used to tell narrative from speech).
pub(crate) fn starts_with_cue(head: &str) -> bool {
    CUE_AT_START_WORDS.is_match(head) && CUE_AT_START.is_match(head)
}

/// Words that end no sentence though a period follows them: honorifics, "a.m.", "No.", "Add.".
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Ms", "Mrs", "Dr", "St", "No", "a.m", "p.m", "U.S", "Rev", "Add", "L",
];

/// Sentence spans of a paragraph, relative to it; abbreviations and initials do not end
/// sentences.
pub(crate) fn sentences(p: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for m in SENTENCE_END.find_iter(p) {
        let dot = m.start();
        let last_word = p[start..dot]
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        if ABBREVIATIONS.contains(&last_word) || last_word.chars().count() == 1 {
            continue;
        }
        out.push(Span::new(start, dot + 1));
        // The next sentence starts at the capital (or its opening quote).
        let next =
            m.as_str().char_indices().skip(1).find(|(_, c)| {
                !c.is_whitespace() && *c != '”' && *c != '"' && *c != '’' && *c != ')'
            });
        start = m.start() + next.map_or(m.len(), |(i, _)| i);
    }
    if start < p.len() {
        out.push(Span::new(start, p.len()));
    }
    out
}

/// An attribution cue found in a paragraph, before its claim is known.
#[derive(Debug, Clone)]
struct Cue {
    span: Span,
    targets: Vec<AttributionTarget>,
    person: Option<Span>,
}

impl Cue {
    /// A cue naming the entity of one mention.
    fn of_mention(span: Span, m: &CountryMention) -> Cue {
        Cue {
            span,
            targets: vec![target(m)],
            person: None,
        }
    }
}

/// The attribution target a country mention is.
fn target(m: &CountryMention) -> AttributionTarget {
    AttributionTarget {
        entity: Some(m.entity),
        span: m.span,
    }
}

/// One summary or narrative paragraph being read, with its country mentions.
struct Para<'a> {
    index: usize,
    span: Span,
    text: &'a str,
    zone: Zone,
    mentions: Vec<&'a CountryMention>,
}

/// The speakers of a record, by name tokens, for finding them named in prose.
struct Speakers<'r> {
    statements: &'r [Statement],
    /// Built at the first capitalised run looked up: many records have none.
    index: std::cell::OnceCell<SpeakerIndex<'r>>,
    /// What each capitalised run looked up is by its words (see [`cue::RunReading`]), by its
    /// text: a record writes the same runs again and again ("United Nations", "General
    /// Assembly"), and their words alone decide it.
    readings: std::cell::RefCell<FxHashMap<&'r str, cue::RunReading>>,
}

/// A token as a number of a record's speaker-name vocabulary.
type TokenId = u32;

/// The id a token outside the vocabulary stands as: equal to no speaker's token.
const UNKNOWN_TOKEN: TokenId = TokenId::MAX;

/// The names (of two or more tokens) of a record's statements as token numbers, found by token:
/// a record may have thousands of statements, and every capitalised run of its prose is looked
/// up. Lists are flat, with per-token and per-name ranges.
struct SpeakerIndex<'r> {
    vocabulary: FxHashMap<&'r str, TokenId>,
    /// The names' tokens, one after another; name `n` is `tokens[starts[n]..starts[n + 1]]`.
    tokens: Vec<TokenId>,
    starts: Vec<usize>,
    /// The names holding token `t` among their first [`BLOCKED_TOKENS`]:
    /// `holding[holding_at[t]..holding_at[t + 1]]`.
    holding: Vec<u32>,
    holding_at: Vec<usize>,
    /// The names starting with token `t`, likewise.
    starting: Vec<u32>,
    starting_at: Vec<usize>,
}

/// How many of a name's leading tokens can pair it with another name (as in
/// [`crate::names::NameBlocks`], whose matches these are: real names stop well before).
const BLOCKED_TOKENS: usize = 8;

impl<'r> Speakers<'r> {
    fn of(rec: &'r Record) -> Speakers<'r> {
        Speakers {
            statements: &rec.statements,
            index: std::cell::OnceCell::new(),
            readings: std::cell::RefCell::default(),
        }
    }

    fn index(&self) -> &SpeakerIndex<'r> {
        self.index.get_or_init(|| SpeakerIndex::of(self.statements))
    }
}

impl<'r> SpeakerIndex<'r> {
    fn of(statements: &'r [Statement]) -> SpeakerIndex<'r> {
        SpeakerIndex::of_keys(statements.iter().map(|s| s.name_key.as_str()))
    }

    /// The index of these name keys (name tokens joined by spaces, as statements have them).
    fn of_keys(keys: impl ExactSizeIterator<Item = &'r str>) -> SpeakerIndex<'r> {
        let mut vocabulary: FxHashMap<&str, TokenId> =
            FxHashMap::with_capacity_and_hasher(keys.len() * 2, Default::default());
        let mut tokens = Vec::new();
        let mut starts = vec![0];
        for key in keys {
            if !key.contains(' ') {
                continue;
            }
            for t in key.split(' ') {
                let next = TokenId::try_from(vocabulary.len()).expect("under 2^32 tokens");
                tokens.push(*vocabulary.entry(t).or_insert(next));
            }
            starts.push(tokens.len());
        }
        let mut index = SpeakerIndex {
            vocabulary,
            tokens,
            starts,
            holding: Vec::new(),
            holding_at: Vec::new(),
            starting: Vec::new(),
            starting_at: Vec::new(),
        };
        let (holding, holding_at) = index.postings(|name, emit| {
            for (i, &t) in name.iter().take(BLOCKED_TOKENS).enumerate() {
                if !name[..i].contains(&t) {
                    emit(t);
                }
            }
        });
        let (starting, starting_at) = index.postings(|name, emit| emit(name[0]));
        index.holding = holding;
        index.holding_at = holding_at;
        index.starting = starting;
        index.starting_at = starting_at;
        index
    }

    fn name(&self, n: usize) -> &[TokenId] {
        &self.tokens[self.starts[n]..self.starts[n + 1]]
    }

    fn names(&self) -> impl Iterator<Item = &[TokenId]> {
        (0..self.starts.len() - 1).map(|n| self.name(n))
    }

    /// Per token, the names `keys` lists it under (in name order), as a flat list and ranges.
    fn postings(
        &self,
        keys: impl Fn(&[TokenId], &mut dyn FnMut(TokenId)),
    ) -> (Vec<u32>, Vec<usize>) {
        let mut at = vec![0usize; self.vocabulary.len() + 1];
        for name in self.names() {
            keys(name, &mut |t| at[t as usize + 1] += 1);
        }
        for i in 1..at.len() {
            at[i] += at[i - 1];
        }
        let mut fill = at.clone();
        let mut out = vec![0u32; at[at.len() - 1]];
        for (n, name) in self.names().enumerate() {
            let n = u32::try_from(n).expect("under 2^32 names");
            keys(name, &mut |t| {
                out[fill[t as usize]] = n;
                fill[t as usize] += 1;
            });
        }
        (out, at)
    }

    /// The tokens as numbers, [`UNKNOWN_TOKEN`] for those no speaker's name holds.
    fn known(&self, tokens: &[&str]) -> Vec<TokenId> {
        tokens
            .iter()
            .map(|t| self.vocabulary.get(t).copied().unwrap_or(UNKNOWN_TOKEN))
            .collect()
    }

    /// Whether some speaker is the same person as `tokens` (two or more), among the names one
    /// of whose first two tokens pair with the other's first [`BLOCKED_TOKENS`] tokens.
    fn names_someone(&self, tokens: &[&str]) -> bool {
        let q = self.known(tokens);
        let first = &q[..q.len().min(BLOCKED_TOKENS)];
        let longer = listed(q[0], &self.holding, &self.holding_at);
        let shorter = first
            .iter()
            .flat_map(|&t| listed(t, &self.starting, &self.starting_at));
        longer.iter().chain(shorter).any(|&n| {
            let name = self.name(n as usize);
            let s = &name[..name.len().min(BLOCKED_TOKENS)];
            (holds_in_order(s, q[0], q[1]) || holds_in_order(first, name[0], name[1]))
                && crate::names::same_person(&q, name)
        })
    }
}

/// The names a posting list (see [`SpeakerIndex::postings`]) holds under token `t`.
fn listed<'a>(t: TokenId, list: &'a [u32], at: &[usize]) -> &'a [u32] {
    let t = t as usize;
    if t + 1 < at.len() {
        &list[at[t]..at[t + 1]]
    } else {
        &[]
    }
}

/// Whether `a` is followed, somewhere after it, by `b` in `tokens`.
fn holds_in_order(tokens: &[TokenId], a: TokenId, b: TokenId) -> bool {
    tokens
        .iter()
        .position(|&t| t == a)
        .is_some_and(|i| tokens[i + 1..].contains(&b))
}

/// Attributions, rosters and replies of a parsed record whose mentions and quotations are known;
/// at [`Depth::Facts`] the attributions' cues and targets and the rosters only.
pub(crate) fn recognise(
    text: &str,
    gaz: &Gazetteer,
    rec: &mut Record,
    name_runs: &[Vec<Span>],
    depth: Depth,
) {
    let mut all_rosters = Vec::new();
    let mut all_attributions = Vec::new();
    let read: &Record = rec;
    let speakers = Speakers::of(read);
    for (pi, runs) in name_runs.iter().enumerate() {
        let p = &read.paragraphs[pi];
        let zone = match p.kind {
            ParagraphKind::Summary => Zone::Summary,
            ParagraphKind::Narrative => Zone::Body,
            _ => continue,
        };
        let para = Para {
            index: pi,
            span: p.span,
            text: p.span.text(text),
            zone,
            mentions: read.countries_in(p.span).collect(),
        };
        // Rosters first: their sentences are lists, not attributions.
        let rosters = roster::rosters(&para);
        let roster_spans: Vec<Span> = rosters.iter().map(|r| r.span).collect();
        let mut cues = cue::entity_cues(text, &para, &roster_spans);
        cues.extend(cue::that_country_cues(&para));
        let cues = cue::with_person_cues(cues, text, gaz, &para, runs, &roster_spans, &speakers);
        let mut attributions = claims(text, cues, &para, &read.quotations, depth);
        if depth == Depth::Full {
            for a in &mut attributions {
                a.party = extent::party(text, gaz, a);
            }
        }
        all_rosters.extend(rosters);
        all_attributions.extend(attributions);
    }
    rec.rosters.extend(all_rosters);
    rec.attributions.extend(all_attributions);
    if depth == Depth::Full {
        let replies = reply::replies(text, rec);
        rec.replies.extend(replies);
    }
}

/// The attributions of a paragraph's cues: each claims from the start of its sentence (the first
/// cue, and an inverted cue whose sentence holds no earlier cue) or from the cue itself, up to
/// the next claim or the paragraph's end. At [`Depth::Facts`] each reaches no further than its
/// cue and claims from it: only the cues' targets are read then.
fn claims(
    text: &str,
    mut cues: Vec<Cue>,
    para: &Para<'_>,
    quotations: &[Quotation],
    depth: Depth,
) -> Vec<Attribution> {
    if cues.is_empty() {
        return Vec::new();
    }
    cues.sort_by_key(|c| c.span.start);
    cues.dedup_by(|b, a| b.span.start < a.span.end);
    let (extents, starts): (Vec<extent::Extent>, Vec<usize>) = match depth {
        Depth::Full => reach(text, &cues, para),
        Depth::Facts => cues
            .iter()
            .map(|c| {
                let alone = extent::Extent {
                    text: c.span,
                    verb: None,
                    on_behalf: Vec::new(),
                };
                (alone, c.span.start)
            })
            .unzip(),
    };
    let mut out = Vec::with_capacity(cues.len());
    for (ci, (cue, ext)) in cues.iter().zip(extents).enumerate() {
        let claim_end = starts.get(ci + 1).copied().unwrap_or(para.span.end);
        let claim = Span::new(starts[ci], claim_end);
        out.push(Attribution {
            cue: cue.span,
            targets: cue.targets.clone(),
            person: cue.person,
            text: ext.text,
            verb: ext.verb,
            on_behalf: ext.on_behalf,
            party: None,
            claim,
            paragraph: para.index,
            zone: para.zone,
            quotations: quotations_in(quotations, claim),
        });
    }
    out
}

/// How far each of a paragraph's cues (in text order, apart) reaches around it, and where its
/// claim starts (see [`claims`]).
fn reach(text: &str, cues: &[Cue], para: &Para<'_>) -> (Vec<extent::Extent>, Vec<usize>) {
    let sents = sentences(para.text);
    let sentence_of = |abs: usize| {
        let local = abs - para.span.start;
        sents
            .iter()
            .find(|s| s.start <= local && local < s.end)
            .map_or(Span::new(local, para.text.len()), |s| *s)
            .shift(para.span.start)
    };
    let extents: Vec<extent::Extent> = cues
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let limit = cues.get(ci + 1).map_or(para.span.end, |n| n.span.start);
            extent::extent(text, para, c, sentence_of(c.span.start), limit)
        })
        .collect();
    let starts: Vec<usize> = cues
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let sentence = sentence_of(c.span.start);
            let inverted = extents[ci].verb.is_some_and(|v| v.start < c.span.start);
            let prev_end = ci.checked_sub(1).map_or(0, |p| cues[p].span.end);
            if ci == 0 || (inverted && prev_end <= sentence.start) {
                sentence.start
            } else {
                c.span.start
            }
        })
        .collect();
    (extents, starts)
}

/// The indices of the quotations inside `claim` (quotations are in text order).
fn quotations_in(quotations: &[Quotation], claim: Span) -> Vec<usize> {
    let first = quotations.partition_point(|q| q.span.start < claim.start);
    (first..quotations.len())
        .take_while(|&i| quotations[i].span.start < claim.end)
        .filter(|&i| claim.contains_span(quotations[i].span))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::roster::roster_kind;
    use super::*;

    /// An attribution as read: text, verb, on behalf, party.
    type Read = (String, Option<String>, Vec<String>, Option<PartyKind>);

    /// Each attribution of a record with this summary.
    fn read(summary: &str) -> Vec<Read> {
        let text =
            format!("Seventy-seventh Session,\n5th Meeting (AM)\nGA/L/1\n\nTitle\n\n{summary}\n");
        let rec = crate::parse(&text);
        rec.attributions
            .iter()
            .map(|a| {
                (
                    a.text.text(&text).to_string(),
                    a.verb.map(|v| v.text(&text).to_string()),
                    a.on_behalf
                        .iter()
                        .map(|t| t.span.text(&text).to_string())
                        .collect(),
                    a.party,
                )
            })
            .collect()
    }

    #[test]
    fn cue_forms_reach_their_verb() {
        let got = read(
            "The representative of Portugal, also speaking for Argentina, Mexico and Sierra Leone, noted progress.  \
             “We must act,” added Japan’s delegate.  “Peace is possible,” said Pierre Lacroix, Under-Secretary-General for Peace Operations.",
        );
        assert_eq!(
            got[0],
            (
                "The representative of Portugal, also speaking for Argentina, Mexico and Sierra Leone, noted".to_string(),
                Some("noted".to_string()),
                vec!["Argentina".to_string(), "Mexico".to_string(), "Sierra Leone".to_string()],
                Some(PartyKind::Country)
            )
        );
        assert_eq!(got[1].0, "added Japan’s delegate");
        assert_eq!(got[2].0, "said Pierre Lacroix");
        assert_eq!(got[2].3, Some(PartyKind::Official));
    }

    #[test]
    fn petitioners_observers_and_titled_people() {
        let got = read(
            "A petitioner from Western Sahara said the referendum was overdue.  The observer for the Holy See said peace was possible.  \
             Petitioner Mike Summers said the islanders had chosen.  Finland’s delegate, for her part, expressed support.",
        );
        let parties: Vec<_> = got.iter().map(|g| (g.0.as_str(), g.3)).collect();
        assert_eq!(
            parties,
            [
                (
                    "A petitioner from Western Sahara said",
                    Some(PartyKind::Petitioner)
                ),
                (
                    "The observer for the Holy See said",
                    Some(PartyKind::Observer)
                ),
                ("Petitioner Mike Summers said", Some(PartyKind::Petitioner)),
                (
                    "Finland’s delegate, for her part, expressed",
                    Some(PartyKind::Country)
                ),
            ]
        );
    }

    #[test]
    fn a_capitalised_run_after_said_is_no_person_when_it_names_an_institution() {
        assert!(read("The report, said United Nations Office officials, was late.").is_empty());
    }

    #[test]
    fn speakers_named_are_those_name_blocks_find() {
        let vocabulary = [
            "ana", "maria", "cruz", "de", "al", "said", "li", "wei", "ana",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut phrase = |len: u64| {
            (0..len)
                .map(|_| vocabulary[next(vocabulary.len() as u64) as usize])
                .collect::<Vec<_>>()
                .join(" ")
        };
        for round in 0..300 {
            // Names of one to eleven tokens: past the blocked ones, too.
            let keys: Vec<String> = (0..round % 12)
                .map(|i| phrase(1 + (i + round) as u64 % 11))
                .collect();
            let index = SpeakerIndex::of_keys(keys.iter().map(String::as_str));
            let mut blocks = crate::names::NameBlocks::default();
            for k in &keys {
                let t: Vec<String> = k.split(' ').map(str::to_string).collect();
                if t.len() >= 2 {
                    blocks.intern(&t);
                }
            }
            for len in 2..11 {
                let query = phrase(len);
                let q: Vec<&str> = query
                    .split(' ')
                    .chain(["zed"].into_iter().take(len as usize % 2))
                    .collect();
                assert_eq!(
                    index.names_someone(&q),
                    !blocks.compatible(&q).is_empty(),
                    "{q:?} among {keys:?}"
                );
            }
        }
    }

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
