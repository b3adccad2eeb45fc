//! Recognition of mentions in a parsed record: countries and organisations, instruments (by
//! catalogue and by pattern), press-release and resolution references, quotations, and people
//! named in prose (which resolve panel turns to full names). One pass per kind of mention.

mod agenda;
mod instruments;
mod panel;
pub(crate) use panel::{has_panel_turns, resolve_panel_turns};
mod references;

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::{Depth, name_runs, speaker};
use crate::knowledge::{EntityMatch, Gazetteer, NameForm};
use crate::record::*;
use crate::span::Span;
use crate::text::ThreadRegex;

/// The name a person referred to by honorific is written with ("Mr. Chhap", "Ms. Ana de la
/// Cruz"): a capitalised word and up to three more.
const HONORIFIC_NAME: &str =
    r"(?:\p{Lu}[\p{L}\p{M}'’\-\u{2011}]*)(?:\s+\p{Lu}[\p{L}\p{M}'’\-\u{2011}]*){0,3}";

/// [`HONORIFIC_NAME`] anchored at the start of the haystack: tried only after an honorific and
/// its white space, where a search with capture groups for the honorific and the name cost
/// several times more (a lazy DFA both ways, then a backtracker for the groups).
static HONORIFIC_NAME_AT: ThreadRegex =
    ThreadRegex::new(|| Regex::new(&format!("^(?:{HONORIFIC_NAME})")).unwrap());
/// Capitalised runs that may be a person's full name (see [`full_names`] for the word start).
const FULL_NAME: &str = r"\p{Lu}[\p{Ll}\p{M}'’\-\u{2011}]+(?:\s+(?:(?:de|del|da|dos|van|von|al|bin|el|la|le)\s+)?(?:(?:al|el|ad|as|bin|ibn)[\-\u{2011}])?\p{Lu}[\p{L}\p{M}'’\-\u{2011}]+){1,4}";

/// [`FULL_NAME`] anchored at the start of the haystack: tried only where a capital is, since a
/// pattern without a literal start keeps the regex engine reading every byte (a third of the
/// first pass's time went there).
static FULL_NAME_AT: ThreadRegex =
    ThreadRegex::new(|| Regex::new(&format!("^(?:{FULL_NAME})")).unwrap());

/// Capitalised runs that start a word, as spans of `text`: the matches an unanchored search for
/// [`FULL_NAME`] finds, one after another, kept when no letter or digit precedes them. The
/// word-start test is done here rather than with a Unicode `\b` in the pattern, which would keep
/// the regex engine off its fast path.
pub(crate) fn full_names(text: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            at = next_may_open(bytes, at);
            if at >= bytes.len() {
                break;
            }
            let i = at;
            let b = bytes[i];
            // Only a capital may open a match, and after an ASCII capital a lower-case letter,
            // an apostrophe or a hyphen must follow.
            let capital = if b.is_ascii_uppercase() {
                bytes.get(i + 1).is_some_and(|&n| {
                    !n.is_ascii() || n.is_ascii_lowercase() || n == b'\'' || n == b'-'
                })
            } else {
                b >= 0xC0
                    && !never_capital(&bytes[i..])
                    && text[i..].chars().next().is_some_and(char::is_uppercase)
            };
            if !capital {
                at += 1;
                continue;
            }
            let found = match full_name_ascii(&bytes[i..]) {
                Some(found) => found,
                None => FULL_NAME_AT.find(&text[i..]).map(|m| m.end()),
            };
            let Some(len) = found else {
                at += 1;
                continue;
            };
            at = i + len;
            let starts_word = text[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            if starts_word {
                return Some(Span::new(i, at));
            }
        }
        None
    })
}

/// Whether the character opening `s` (its first byte non-ASCII) is one of the blocks that hold
/// no capital and that prose is full of: U+0080 to U+00BF (the no-break space) and U+2000 to
/// U+203F (the typographic quotation marks, dashes, the non-breaking hyphen). Told from its
/// first bytes, without decoding it.
fn never_capital(s: &[u8]) -> bool {
    matches!(s, [0xC2, ..] | [0xE2, 0x80, ..])
}

/// How many bytes [`next_may_open`] tests together: the test of a block has no early exit, so
/// the compiler can make it a few vector instructions.
const OPENING_BLOCK: usize = 16;

/// The first offset from `from` whose byte may open a full name: an ASCII capital, or the first
/// byte of a non-ASCII character (which may be a capital); `bytes.len()` when there is none.
/// Prose is mostly lower case: blocks of bytes without such a byte are passed over whole.
fn next_may_open(bytes: &[u8], from: usize) -> usize {
    let may_open = |b: u8| b.is_ascii_uppercase() || b >= 0xC0;
    let mut at = from;
    while let Some(block) = bytes
        .get(at..at + OPENING_BLOCK)
        .and_then(|b| <&[u8; OPENING_BLOCK]>::try_from(b).ok())
    {
        if block.iter().fold(false, |any, &b| any | may_open(b)) {
            break;
        }
        at += OPENING_BLOCK;
    }
    bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| may_open(b)))
        .map_or(bytes.len(), |k| at + k)
}

/// The length of [`FULL_NAME_AT`]'s match at the start of `s` (which opens with an ASCII
/// capital), read byte by byte while the characters it depends on are ASCII; `None` when a
/// non-ASCII character is met before the match is decided, for the pattern to decide. The
/// pattern's choices are forced (a particle or prefix is lower case, a run stops at a character
/// the next part cannot start with), so the first way through is the match.
fn full_name_ascii(s: &[u8]) -> Option<Option<usize>> {
    if !s.first()?.is_ascii_uppercase() {
        return None;
    }
    let end =
        name_runs::name_word_run(s, 1, |b| b.is_ascii_lowercase() || b == b'\'' || b == b'-')?;
    if end == 1 {
        return Some(None);
    }
    let mut end = end;
    let mut words = 0;
    while words < 4 {
        match next_name_word_ascii(s, end)? {
            Some(e) => end = e,
            None => break,
        }
        words += 1;
    }
    Some((words > 0).then_some(end))
}

/// One more word of [`FULL_NAME`] from `at`: white space, a particle ("de", "van") and white
/// space, a prefix ("al-"), then a capitalised word. `Some(None)` when there is none, `None`
/// when a non-ASCII character is met.
fn next_name_word_ascii(s: &[u8], at: usize) -> Option<Option<usize>> {
    let space = name_runs::is_ascii_space;
    let mut i = name_runs::ascii_run(s, at, space)?;
    if i == at {
        return Some(None);
    }
    // A word of four lower-case letters or more is neither a particle nor a prefix (three
    // letters at most, then white space or a hyphen), and a name word opens with a capital:
    // the match ends here, whatever the rest of the word is.
    if s.get(i..i + PAST_PARTICLE)
        .is_some_and(|w| w.iter().all(u8::is_ascii_lowercase))
    {
        return Some(None);
    }
    let word_end = lower_case_end(s, i);
    let word = &s[i..word_end];
    if matches!(
        word,
        b"de" | b"del" | b"da" | b"dos" | b"van" | b"von" | b"al" | b"bin" | b"el" | b"la" | b"le"
    ) {
        match s.get(word_end) {
            Some(&b) if space(b) => {
                i = name_runs::ascii_run(s, word_end, space)?;
                return capital_word_ascii(s, prefixed(s, i, lower_case_end(s, i)));
            }
            // Another character may be white space, and the word a particle.
            Some(b) if !b.is_ascii() && !name_runs::starts_with_word_mark(&s[word_end..]) => {
                return None;
            }
            _ => {}
        }
    }
    capital_word_ascii(s, prefixed(s, i, word_end))
}

/// Where the lower-case ASCII letters from `i` end. What follows them is for the caller to
/// read: a name word cannot open with a lower-case letter, whatever comes after it.
fn lower_case_end(s: &[u8], i: usize) -> usize {
    s[i..]
        .iter()
        .position(|b| !b.is_ascii_lowercase())
        .map_or(s.len(), |k| i + k)
}

/// One more than the letters of the longest particle or prefix ("del", "bin", "ibn").
const PAST_PARTICLE: usize = 4;

/// Where a name word starts once an optional prefix ("al-", "bin\u{2011}") from `i` (its
/// lower-case letters ending at `word_end`) is passed. Without a hyphen after it the word is no
/// prefix, and the name word must open at `i`.
fn prefixed(s: &[u8], i: usize, word_end: usize) -> usize {
    let word = &s[i..word_end];
    if !matches!(word, b"al" | b"el" | b"ad" | b"as" | b"bin" | b"ibn") {
        return i;
    }
    match &s[word_end..] {
        [b'-', ..] => word_end + 1,
        [0xE2, 0x80, 0x91, ..] => word_end + name_runs::WORD_MARK_LEN,
        _ => i,
    }
}

/// The end of a capitalised word of two letters or more at `i`, if one is there.
fn capital_word_ascii(s: &[u8], i: usize) -> Option<Option<usize>> {
    let letters = |b: u8| b.is_ascii_alphabetic() || b == b'\'' || b == b'-';
    let end = name_runs::capitalised_run(s, i, letters)?;
    Some(end.filter(|&end| end > i + 1))
}

/// Per paragraph, the capitalised runs that may be full names (relative to the paragraph), in
/// the summary and narrative paragraphs where prose names people; found once for the panel
/// turns' introductions and the person cues of attributions.
pub(crate) fn full_name_runs(text: &str, paragraphs: &[Paragraph]) -> Vec<Vec<Span>> {
    paragraphs
        .iter()
        .map(|p| {
            if !matches!(p.kind, ParagraphKind::Narrative | ParagraphKind::Summary) {
                return Vec::new();
            }
            full_names(p.span.text(text)).collect()
        })
        .collect()
}

/// Every mention of the record, in text order within each kind; at [`Depth::Facts`] only the
/// country mentions of the summary and narrative paragraphs (those attributions read) and the
/// panel turns' full names, which attributions and speakers read.
pub(crate) fn recognise(
    text: &str,
    gaz: &Gazetteer,
    rec: &mut Record,
    name_runs: &[Vec<Span>],
    depth: Depth,
) {
    match depth {
        Depth::Full => {
            // Instruments are found in the same scan as entities: a title holding a name
            // ("Council of Europe Convention ...") hides that name.
            let (entities, found) = gaz.scan(text);
            rec.countries = countries(text, entities, &rec.statements);
            rec.instruments = instruments::instruments(text, gaz, rec.session(), found);
            rec.references = references::references(text, rec);
            rec.agenda_items = agenda::agenda_items(text, &rec.paragraphs);
            rec.quotations = quotations(text, &rec.paragraphs);
            rec.persons = persons(text, &rec.paragraphs);
        }
        Depth::Facts => {
            let entities = entities_in_prose(text, gaz, &rec.paragraphs);
            rec.countries = countries(text, entities, &rec.statements);
        }
    }
    panel::resolve_panel_turns(text, gaz, rec, name_runs);
}

/// The entity mentions of the summary and narrative paragraphs only, each paragraph scanned on
/// its own: a name never spans paragraphs, and the statements' bodies, most of a record, are
/// where the first pass over an archive has nothing to find.
fn entities_in_prose(text: &str, gaz: &Gazetteer, paragraphs: &[Paragraph]) -> Vec<EntityMatch> {
    let mut out = Vec::new();
    for p in paragraphs {
        if !matches!(p.kind, ParagraphKind::Summary | ParagraphKind::Narrative) {
            continue;
        }
        let own = p.span.text(text);
        let (entities, _) = gaz.scan(own);
        out.extend(entities.into_iter().map(|m| EntityMatch {
            span: Span::new(m.span.start + p.span.start, m.span.end + p.span.start),
            ..m
        }));
    }
    out
}

/// Countries and organisations, outside the capitals of speakers' names. A demonym that names a
/// language ("Portuguese-speaking", "French‑speaking countries") names no country.
fn countries(
    text: &str,
    entities: Vec<EntityMatch>,
    statements: &[Statement],
) -> Vec<CountryMention> {
    let names: Vec<Span> = statements.iter().map(|s| s.name).collect();
    entities
        .into_iter()
        .filter(|m| {
            !(m.form == NameForm::Demonym
                && ["-speaking", "\u{2011}speaking", "\u{2010}speaking"]
                    .iter()
                    .any(|s| text[m.span.end..].starts_with(s)))
        })
        .filter(|m| {
            // Names are in text order: only the last one starting at or before the mention can
            // hold it.
            let before = names.partition_point(|n| n.start <= m.span.start);
            !(before > 0 && names[before - 1].contains_span(m.span))
        })
        .map(|m| CountryMention {
            span: m.span,
            entity: m.entity,
            form: m.form,
            possessive: m.possessive,
        })
        .collect()
}

/// Quotations, paired within each paragraph outside the masthead and titles.
fn quotations(text: &str, paragraphs: &[Paragraph]) -> Vec<Quotation> {
    let mut out = Vec::new();
    for (pi, p) in paragraphs.iter().enumerate() {
        if !matches!(
            p.kind,
            ParagraphKind::Title | ParagraphKind::Subtitle | ParagraphKind::Header
        ) {
            paragraph_quotations(p.span.text(text), p.span.start, pi, &mut out);
        }
    }
    out
}

/// Pairs the quotation marks of one paragraph at `base`: an opening mark (“ or a first ")
/// with the next closing one (” or a second ").
fn paragraph_quotations(ptext: &str, base: usize, paragraph: usize, out: &mut Vec<Quotation>) {
    let mut open: Option<usize> = None;
    // Quotation marks are '"' or start with byte 0xE2 (“ ”): jump between candidates.
    let marks = memchr::memchr2_iter(b'"', 0xE2, ptext.as_bytes())
        .filter_map(|i| ptext[i..].chars().next().map(|c| (i, c)));
    for (i, c) in marks {
        match (c, open) {
            ('“', _) | ('"', None) => open = Some(i),
            ('”' | '"', Some(o)) => {
                let opening = ptext[o..].chars().next().map_or(0, char::len_utf8);
                let inner = Span::new(o + opening, i);
                if !inner.is_empty() {
                    out.push(Quotation {
                        span: Span::new(o, i + c.len_utf8()).shift(base),
                        inner: inner.shift(base),
                        paragraph,
                    });
                }
                open = None;
            }
            _ => {}
        }
    }
}

/// The honorifics a person is referred to by, with their period: "Mr.", "Ms.", "Mrs.". No two
/// occurrences overlap (a period ends each and starts none), so every one is reported.
static HONORIFIC_OPENINGS: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(["Mr.", "Ms.", "Mrs."]).expect("literal honorifics"));

/// People referred to by honorific in prose ("Mr. Chhap"), not a header's own honorific.
fn persons(text: &str, paragraphs: &[Paragraph]) -> Vec<PersonMention> {
    let mut out = Vec::new();
    for (pi, p) in paragraphs.iter().enumerate() {
        paragraph_persons(text, p, pi, &mut out);
    }
    out
}

/// The people referred to by honorific in the paragraph `p` (the `pi`th): an honorific that
/// starts a word (an ASCII word boundary: no ASCII letter, digit or '_' before it), white space,
/// then a name ([`HONORIFIC_NAME`]). Each is looked for past the end of the one before, as one
/// search of the paragraph for the whole pattern finds them.
fn paragraph_persons(text: &str, p: &Paragraph, pi: usize, out: &mut Vec<PersonMention>) {
    let ptext = p.span.text(text);
    let bytes = ptext.as_bytes();
    let mut searched_to = 0;
    for h in HONORIFIC_OPENINGS.find_iter(ptext) {
        let start = h.start();
        let word_before =
            start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_');
        if start < searched_to || word_before {
            continue;
        }
        let after = &ptext[h.end()..];
        let name_start = h.end() + (after.len() - after.trim_start().len());
        if name_start == h.end() {
            continue;
        }
        let Some(name) = HONORIFIC_NAME_AT.find(&ptext[name_start..]) else {
            continue;
        };
        let end = name_start + name.end();
        searched_to = end;
        if start == 0 && p.kind == ParagraphKind::StatementHeader {
            continue;
        }
        let tokens = speaker::name_tokens(name.as_str());
        if tokens.is_empty() {
            continue;
        }
        out.push(PersonMention {
            span: Span::new(start, end).shift(p.span.start),
            // The honorific without its period.
            honorific: Honorific::parse(&ptext[start..h.end() - 1]),
            tokens,
            affiliation: None,
            paragraph: pi,
        });
    }
}

#[cfg(test)]
#[path = "mod_tests.rs"]
mod tests;
