//! Instruments cited in a record: catalogued titles, aliases and variants (with a year written
//! before them), titles that go on past a catalogued alias, and uncatalogued titles found by
//! their pattern ("Convention on ...").

use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashMap;

use crate::knowledge::{Gazetteer, InstrumentMatch};
use crate::record::InstrumentMention;
use crate::span::Span;
use crate::text::{FoldedText, ThreadRegex, clamp_to_char_boundary};

/// How far before a catalogued title a cited year is looked for, in bytes: room for "2010 "
/// and "United Nations " between the year and the title ("the 2010 United Nations Global Plan").
const YEAR_LOOKBACK: usize = 30;

/// Capitalised words before a title found by pattern that may belong to it ("New York" before
/// "Declaration on ..."): real prefixes are one to three words.
const MAX_WORDS_BEFORE_TITLE: usize = 3;

/// Small words a title may hold between its capitalised words ("Convention on the Rights of
/// the Child").
const SMALL_TITLE_WORDS: &[&str] = &[
    "the", "and", "of", "on", "in", "for", "against", "to", "its", "all", "their", "from", "with",
    "by", "at", "a", "an",
];

static PATTERN_INSTRUMENT: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:(?:{})\s+)?(?:{})\s+(?i:on|for|against|of|to|relating to|concerning|between)\s+",
        QUALIFIERS.join("|"),
        PATTERN_HEADS.join("|")
    ))
    .unwrap()
});
/// The head noun of a named agreement, accord, communiqué, road map or decision ("the Noumea
/// Accord", "the Conakry Agreement", "the ECOWAS six-point road map"); the name is read back
/// from it by [`named_start`].
static NAMED_HEAD: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"(?-u:\b)(?:Accords?|Agreements?|Communiqu[ée]s?|communiqu[ée]s?|[Rr]oad [Mm]aps?|[Rr]oadmaps?|Decision)")
        .unwrap()
});
/// Most words a name before its head may have ("Revitalized Peace Agreement", "ECOWAS six-point
/// road map", "Comprehensive Peace Agreement").
const MAX_NAME_WORDS: usize = 4;
/// First words that make a capitalised run no name ("This Agreement", "The Decision").
const NOT_NAME_WORDS: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "Such",
    "Any",
    "Each",
    "Its",
    "Their",
    "His",
    "Her",
    "Our",
    "Both",
    "Further",
    "Another",
    "No",
    "A",
    "An",
    "In",
    "On",
    "At",
    "By",
    "For",
    "With",
    "Under",
    "Without",
    "Government",
    "Council",
    "Assembly",
    "Committee",
    "Commission",
    "Secretariat",
    "Member",
    "Security",
    "General",
    "Secretary-General",
    "Court",
    "Parties",
];
/// The head words of both title patterns, the [`PATTERN_INSTRUMENT`] heads ("Convention", ...)
/// and the first letters of every [`NAMED_HEAD`] match: each match of either holds one, so the
/// text is read once for them both, and the patterns run only around them. None is found inside
/// another, nor overlaps one: every occurrence of each is reported.
static HEAD_WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(PATTERN_HEADS.iter().chain(NAMED_STARTS))
        .expect("literal words")
});

/// The qualifiers [`PATTERN_INSTRUMENT`] reads before a head ("Council of Europe Convention").
const QUALIFIERS: &[&str] = &[
    "United Nations",
    "International",
    "Optional",
    "Inter-American",
    "African",
    "European",
    "Council of Europe",
    "ILO",
    "Arab",
    "ASEAN",
];

/// The heads of [`PATTERN_INSTRUMENT`], in the order of its alternatives.
const PATTERN_HEADS: &[&str] = &[
    "Convention",
    "Protocol",
    "Covenant",
    "Declaration",
    "Compact",
    "Treaty",
    "Charter",
    "Agreement",
    "Plan of Action",
    "Programme of Action",
    "Platform for Action",
];

/// The openings of the [`NAMED_HEAD`] alternatives ("Agreement" is among [`PATTERN_HEADS`]).
const NAMED_STARTS: &[&str] = &[
    "Accord",
    "Communiqu",
    "communiqu",
    "Road M",
    "Road m",
    "road M",
    "road m",
    "Roadm",
    "roadm",
    "Decision",
];

/// The longest of [`QUALIFIERS`], in bytes: with the white space before the head, how far back
/// a match may start.
const LONGEST_QUALIFIER: usize = {
    let mut longest = 0;
    let mut k = 0;
    while k < QUALIFIERS.len() {
        if QUALIFIERS[k].len() > longest {
            longest = QUALIFIERS[k].len();
        }
        k += 1;
    }
    longest
};

/// More than the longest word [`PATTERN_INSTRUMENT`] reads after a head ("relating to", with
/// any letter in another case of more bytes), in bytes.
const AFTER_HEAD: usize = 24;

/// The longest [`NAMED_HEAD`] match, in bytes ("Communiqués").
const LONGEST_NAMED_HEAD: usize = 12;

static TITLE_CONTINUES: ThreadRegex =
    ThreadRegex::new(|| Regex::new(r"^ (?:on|for|against|to|of) (?:the )?").unwrap());
static YEAR_BEFORE: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"(?-u:\b)((?:19|20)\d{2})[\s\u{00A0}]+(?:(?:United Nations|UN)[\s\u{00A0}]+)?$")
        .unwrap()
});

/// Every instrument of the text, in text order: the catalogue's matches resolved and extended,
/// then titles by pattern where the catalogue found nothing.
pub(super) fn instruments(
    text: &str,
    gaz: &Gazetteer,
    session: Option<u32>,
    found: Vec<InstrumentMatch>,
) -> Vec<InstrumentMention> {
    let catalogued: Vec<InstrumentMention> = found
        .into_iter()
        .map(|m| catalogued(text, gaz, session, m))
        .collect();
    let catalogue_starts: Vec<usize> = catalogued.iter().map(|i| i.span.start).collect();
    let mut rests = TitleRests::default();
    let extended = catalogued
        .into_iter()
        .map(|m| extended(text, gaz, m, &catalogue_starts, &mut rests))
        .collect();
    let kept = without_swallowed(extended);
    let mut all = with_pattern_titles(kept, text, gaz, &catalogue_starts);
    all.sort_by_key(|i| i.span.start);
    all
}

/// A catalogue match, resolved among its candidates by the year written before it and the
/// record's session.
fn catalogued(
    text: &str,
    gaz: &Gazetteer,
    session: Option<u32>,
    m: InstrumentMatch,
) -> InstrumentMention {
    let cited_year = cited_year(text, m.span.start);
    let instrument = gaz.resolve_instrument(&m.candidates, session, cited_year.map(|y| y.0));
    InstrumentMention {
        span: m.span,
        instrument,
        candidates: m.candidates,
        form: Some(m.form),
        cited_year,
    }
}

/// A year written just before a title ("the 2010 Global Plan of Action", "2021 United Nations
/// ..."), wherever the title is, with where it is written.
fn cited_year(text: &str, title_start: usize) -> Option<(u32, Span)> {
    let base = clamp_to_char_boundary(text, title_start.saturating_sub(YEAR_LOOKBACK));
    let c = YEAR_BEFORE.captures(&text[base..title_start])?;
    let g = c.get(1)?;
    Some((
        g.as_str().parse().ok()?,
        Span::new(g.start(), g.end()).shift(base),
    ))
}

/// A catalogued mention that the text goes on from. The alias may simply go on into the full
/// title ("2021 Political Declaration on the Implementation of the United Nations Global Plan
/// ..."): it covers it all. Or it is followed by more of a title ("New York Declaration on
/// Refugees and Migrant"): a longer, possibly misspelt title, taken whole for the check to judge.
fn extended<'t>(
    text: &'t str,
    gaz: &Gazetteer,
    mut m: InstrumentMention,
    catalogue_starts: &[usize],
    rests: &mut TitleRests<'t>,
) -> InstrumentMention {
    if let Some(end) = full_title_end(text, gaz, &m, rests) {
        m.span = Span::new(m.span.start, end);
        return m;
    }
    let after = &text[m.span.end..];
    let Some(c) = TITLE_CONTINUES.find(after) else {
        return m;
    };
    if !after[c.end()..].starts_with(char::is_uppercase) {
        return m;
    }
    let from = m.span.end + c.end();
    let end = extend_title(text, from, catalogue_starts);
    if end > from {
        m.span = Span::new(m.span.start, end);
        m.form = None;
        // A short name several instruments share ("Political Declaration"), resolved by the
        // session or a year, that runs on into a title of its own ("... on HIV and AIDS") is
        // another instrument: the guess is dropped rather than judged against the wrong one.
        if m.candidates.len() > 1 {
            m.instrument = None;
        }
    }
    m
}

/// The mentions not swallowed by a longer one: one that contains it and is longer, so starts
/// earlier and ends no sooner, or starts with it and ends later. Found over the spans sorted by
/// start, since a record may cite thousands of instruments.
fn without_swallowed(mentions: Vec<InstrumentMention>) -> Vec<InstrumentMention> {
    let mut sorted: Vec<(usize, usize)> = mentions
        .iter()
        .map(|i| (i.span.start, i.span.end))
        .collect();
    sorted.sort_unstable();
    // The furthest end among the first `i` spans.
    let mut furthest = Vec::with_capacity(sorted.len() + 1);
    furthest.push(0usize);
    for &(_, end) in &sorted {
        furthest.push(end.max(*furthest.last().unwrap()));
    }
    let swallowed = |m: &InstrumentMention| {
        let earlier = sorted.partition_point(|&(start, _)| start < m.span.start);
        let same_start = sorted.partition_point(|&(start, _)| start <= m.span.start);
        (earlier > 0 && furthest[earlier] >= m.span.end) || sorted[same_start - 1].1 > m.span.end
    };
    mentions.into_iter().filter(|m| !swallowed(m)).collect()
}

/// Adds the instruments found by pattern where no mention already is.
fn with_pattern_titles(
    mut mentions: Vec<InstrumentMention>,
    text: &str,
    gaz: &Gazetteer,
    catalogue_starts: &[usize],
) -> Vec<InstrumentMention> {
    let overlaps = |mentions: &[InstrumentMention], s: usize, e: usize| {
        mentions.iter().any(|i| i.span.start < e && s < i.span.end)
    };
    let heads = head_words(text);
    for (head_start, head_end) in named_heads(text, &heads) {
        let Some(start) = named_start(text, head_start, head_end) else {
            continue;
        };
        if overlaps(&mentions, start, head_end) {
            continue;
        }
        mentions.push(InstrumentMention {
            span: Span::new(start, head_end),
            instrument: None,
            candidates: Vec::new(),
            form: None,
            cited_year: None,
        });
    }
    for (m_start, m_end) in pattern_heads(text, &heads) {
        if overlaps(&mentions, m_start, m_end) {
            continue;
        }
        let end = extend_title(text, m_end, catalogue_starts);
        if end <= m_end {
            continue;
        }
        let span = pattern_title(text, gaz, m_start, end);
        if overlaps(&mentions, span.start, span.end) {
            continue;
        }
        mentions.push(InstrumentMention {
            span,
            instrument: None,
            candidates: Vec::new(),
            form: None,
            cited_year: None,
        });
    }
    mentions
}

/// A head word of the title patterns in a text (see [`HEAD_WORDS`]).
struct HeadWord {
    start: usize,
    end: usize,
    /// Whether it is one of [`PATTERN_HEADS`], and whether a [`NAMED_HEAD`] match may start
    /// with it ("Agreement" is both).
    pattern: bool,
    named: bool,
}

/// The head words of a text, in text order.
fn head_words(text: &str) -> Vec<HeadWord> {
    HEAD_WORDS
        .find_iter(text)
        .map(|h| {
            let word = h.pattern().as_usize();
            let pattern = word < PATTERN_HEADS.len();
            HeadWord {
                start: h.start(),
                end: h.end(),
                pattern,
                named: !pattern || PATTERN_HEADS[word] == "Agreement",
            }
        })
        .collect()
}

/// The matches of [`NAMED_HEAD`] in the text, as its search over the whole text finds them, from
/// the places of the head words (`heads`, in text order): each match starts at one.
fn named_heads(text: &str, heads: &[HeadWord]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut searched_from = 0;
    for head in heads.iter().filter(|h| h.named) {
        let at = head.start;
        if at < searched_from {
            continue;
        }
        let to = text.ceil_char_boundary(at + LONGEST_NAMED_HEAD);
        if let Some(m) = NAMED_HEAD.find_at(&text[..to], at)
            && m.start() == at
        {
            out.push((m.start(), m.end()));
            searched_from = m.end();
        }
    }
    out
}

/// The matches of [`PATTERN_INSTRUMENT`] in the text, as its search over the whole text finds
/// them, each found by a search around a head word (`heads`, in text order): from as far back as
/// a qualifier may start to past the word after the head. A search that finds a match starting
/// after the head leaves it to the head of that match.
fn pattern_heads(text: &str, heads: &[HeadWord]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut searched_from = 0;
    for head in heads.iter().filter(|h| h.pattern) {
        let (at, head_end) = (head.start, head.end);
        if at < searched_from {
            continue;
        }
        let qualified = at.saturating_sub(white_space_before(&text[..at]) + LONGEST_QUALIFIER);
        let from = crate::text::clamp_to_char_boundary(text, qualified.max(searched_from));
        let past_word = head_end + white_space_after(&text[head_end..]);
        let past_word = text.ceil_char_boundary(past_word + AFTER_HEAD);
        let to = past_word + white_space_after(&text[past_word..]);
        if let Some(m) = PATTERN_INSTRUMENT.find_at(&text[..to], from.max(searched_from))
            && m.start() <= at
        {
            out.push((m.start(), m.end()));
            searched_from = m.end();
        }
    }
    out
}

/// The length in bytes of the white space `s` ends with.
fn white_space_before(s: &str) -> usize {
    s.len() - s.trim_end().len()
}

/// The length in bytes of the white space `s` starts with.
fn white_space_after(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

/// The span of a title found by pattern from `start` to `end`. Capitalised words just before may
/// belong to the title ("New York Declaration on ...") or not ("Delegates Cite Convention on ..."
/// in a title): they are kept when the title then reads more like a catalogued one.
fn pattern_title(text: &str, gaz: &Gazetteer, start: usize, end: usize) -> Span {
    let shorter = Span::new(start, end);
    let back = extend_title_back(text, start);
    if back >= start {
        return shorter;
    }
    let score = |sp: Span| {
        gaz.closest_instrument(sp.text(text))
            .map_or(0.0, |(_, s)| s)
    };
    let longer = Span::new(back, end);
    if score(longer) > score(shorter) {
        longer
    } else {
        shorter
    }
}

/// Where the name of a named agreement whose head starts at `head_start` begins: up to
/// [`MAX_NAME_WORDS`] words before it, each capitalised ("Noumea", "ECOWAS") or a count
/// ("six-point"), at least one capitalised, none that makes the run no name. A lower-case head
/// ("road map", "communiqué") needs a name; "Agreement" and "Decision" only in capitals.
fn named_start(text: &str, head_start: usize, head_end: usize) -> Option<usize> {
    // The head ends a word ("Agreements" is read whole, "Accordingly" is no head).
    if text[head_end..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let mut begin = head_start;
    let mut named = false;
    for _ in 0..MAX_NAME_WORDS {
        let Some(before) = text[..begin].strip_suffix(' ') else {
            break;
        };
        let word_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '-' || *c == '\u{2011}' || *c == '’'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &before[word_start..];
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        let count = word.ends_with("-point") || word.ends_with("\u{2011}point");
        if word.is_empty() || !(capital || count) || word.ends_with("’s") {
            break;
        }
        if NOT_NAME_WORDS.contains(&word) {
            // "The Noumea Accord": the article ends the name; "Security Council Decision" is none.
            if word == "The" || word == "This" || word == "That" {
                break;
            }
            return None;
        }
        named |= capital;
        begin = word_start;
    }
    named.then_some(begin)
}

/// Extends an instrument title found by pattern over its capitalised words and small words.
fn extend_title(text: &str, from: usize, stop_at: &[usize]) -> usize {
    let mut last_cap_end = from;
    let mut pos = from;
    let bytes = text.as_bytes();
    loop {
        // Another title begins here ("... Crime and the Global Plan of Action"): stop before it.
        if stop_at.contains(&pos) {
            break;
        }
        let rest = &text[pos..];
        let word_len = rest
            .find(|c: char| {
                !(c.is_alphanumeric() || c == '-' || c == '\u{2011}' || c == '’' || c == '\'')
            })
            .unwrap_or(rest.len());
        if word_len == 0 {
            break;
        }
        let word = &rest[..word_len];
        let cap = word.chars().next().is_some_and(|c| c.is_uppercase());
        if !cap && !SMALL_TITLE_WORDS.contains(&word) {
            break;
        }
        pos += word_len;
        if cap {
            last_cap_end = pos;
        }
        // Continue over one space, or ", " before another capitalised word.
        if bytes.get(pos) == Some(&b' ') {
            pos += 1;
        } else if text[pos..].starts_with(", ")
            && text[pos + 2..]
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase())
        {
            pos += 2;
        } else {
            break;
        }
    }
    last_cap_end
}

/// What each instrument's canonical title goes on with after an alias written as its beginning
/// (folded; none when the alias is not its beginning or is all of it), by instrument and alias
/// as written: a record cites the same instruments the same way again and again, and folding
/// the title and the alias anew at each is most of finding where a title ends.
type TitleRests<'t> = FxHashMap<(usize, &'t str), Option<String>>;

/// The rest of instrument `idx`'s canonical title after `written` (see [`TitleRests`]).
fn title_rest(gaz: &Gazetteer, idx: usize, written: &str) -> Option<String> {
    let written = crate::text::fold(written);
    let written = written.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
    let title = crate::text::fold(&gaz.instrument(idx).title);
    let rest = title.strip_prefix(written)?;
    (!rest.is_empty()).then(|| rest.to_string())
}

/// Where the canonical title ends when an alias match is its beginning and the text goes on
/// with the rest of it.
fn full_title_end<'t>(
    text: &'t str,
    gaz: &Gazetteer,
    m: &InstrumentMention,
    rests: &mut TitleRests<'t>,
) -> Option<usize> {
    let idx = m.instrument?;
    let written = m.span.text(text);
    let rest = rests
        .entry((idx, written))
        .or_insert_with(|| title_rest(gaz, idx, written))
        .as_deref()?;
    let after = crate::text::window(text, m.span.end, m.span.end + rest.len() * 2 + 8);
    let folded = FoldedText::new(after);
    if !folded.text.starts_with(rest) {
        return None;
    }
    Some(m.span.end + folded.original_span(0, rest.len(), after).end)
}

/// Moves a title's start back over up to [`MAX_WORDS_BEFORE_TITLE`] capitalised words ("New
/// York" before "Declaration").
fn extend_title_back(text: &str, start: usize) -> usize {
    let mut begin = start;
    for _ in 0..MAX_WORDS_BEFORE_TITLE {
        let Some(before) = text[..begin].strip_suffix(' ') else {
            break;
        };
        let word_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '-' || *c == '’' || *c == '\''))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &before[word_start..];
        if word.is_empty() || !word.chars().next().is_some_and(char::is_uppercase) || word == "The"
        {
            break;
        }
        // A sentence's first word is not part of the title.
        if word_start == 0
            || text[..word_start]
                .trim_end()
                .ends_with(['.', '“', '"', '('])
        {
            break;
        }
        begin = word_start;
    }
    begin
}

#[cfg(test)]
#[path = "instruments_tests.rs"]
mod tests;
