//! Recognition of mentions in a parsed record: countries and organisations, instruments (by
//! catalogue and by pattern), press-release and resolution references, quotations, and people
//! named in prose (which resolve panel turns to full names). One pass per kind of mention.

mod agenda;
mod instruments;
mod panel;
pub(crate) use panel::resolve_panel_turns;
mod references;

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::{Depth, name_runs, speaker};
use crate::knowledge::{EntityMatch, Gazetteer, NameForm};
use crate::record::*;
use crate::span::Span;

static HONORIFIC_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(Mr|Ms|Mrs)\.\s+((?:\p{Lu}[\p{L}\p{M}'’\-\u{2011}]*)(?:\s+\p{Lu}[\p{L}\p{M}'’\-\u{2011}]*){0,3})").unwrap()
});
/// Capitalised runs that may be a person's full name (see [`full_names`] for the word start).
const FULL_NAME: &str = r"\p{Lu}[\p{Ll}\p{M}'’\-\u{2011}]+(?:\s+(?:(?:de|del|da|dos|van|von|al|bin|el|la|le)\s+)?(?:(?:al|el|ad|as|bin|ibn)[\-\u{2011}])?\p{Lu}[\p{L}\p{M}'’\-\u{2011}]+){1,4}";

/// [`FULL_NAME`] anchored at the start of the haystack: tried only where a capital is, since a
/// pattern without a literal start keeps the regex engine reading every byte (a third of the
/// first pass's time went there).
static FULL_NAME_AT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{FULL_NAME})")).unwrap());

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

/// What every match of [`HONORIFIC_REF`] holds, searched for first: most paragraphs hold none,
/// and a search for the pattern that finds nothing still costs several times more.
static HONORIFIC_OPENINGS: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(["Mr.", "Ms.", "Mrs."]).expect("literal honorifics"));

/// People referred to by honorific in prose ("Mr. Chhap"), not a header's own honorific.
fn persons(text: &str, paragraphs: &[Paragraph]) -> Vec<PersonMention> {
    let mut out = Vec::new();
    for (pi, p) in paragraphs.iter().enumerate() {
        if HONORIFIC_OPENINGS.is_match(p.span.text(text)) {
            paragraph_persons(text, p, pi, &mut out);
        }
    }
    out
}

/// The people referred to by honorific in the paragraph `p` (the `pi`th).
fn paragraph_persons(text: &str, p: &Paragraph, pi: usize, out: &mut Vec<PersonMention>) {
    let ptext = p.span.text(text);
    for c in HONORIFIC_REF.captures_iter(ptext) {
        let m = c.get(0).unwrap();
        if m.start() == 0 && p.kind == ParagraphKind::StatementHeader {
            continue;
        }
        let name = c.get(2).unwrap();
        let tokens = speaker::name_tokens(name.as_str());
        if tokens.is_empty() {
            continue;
        }
        out.push(PersonMention {
            span: Span::new(m.start(), name.end()).shift(p.span.start),
            honorific: Honorific::parse(&c[1]),
            tokens,
            affiliation: None,
            paragraph: pi,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(p: &str) -> Vec<&str> {
        let mut out = Vec::new();
        paragraph_quotations(p, 0, 0, &mut out);
        out.iter().map(|q| q.inner.text(p)).collect()
    }

    #[test]
    fn quotation_marks_pair_within_a_paragraph() {
        assert_eq!(
            quoted("She called it “a symptom” and \"a failure\"; “unclosed"),
            ["a symptom", "a failure"]
        );
        assert!(quoted("“”").is_empty());
    }

    #[test]
    fn a_language_is_not_a_country_and_an_organisation_keeps_its_name() {
        let gaz = Gazetteer::builtin();
        let text = "Portuguese-speaking countries, the Community of Portuguese-speaking Countries and Portugal.";
        let got: Vec<(String, String)> = countries(text, gaz.find_entities(text), &[])
            .into_iter()
            .map(|m| {
                (
                    m.span.text(text).to_string(),
                    gaz.entity(m.entity).key.clone(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Community of Portuguese-speaking Countries".to_string(),
                    "CPLP".to_string()
                ),
                ("Portugal".to_string(), "PRT".to_string()),
            ]
        );
    }

    #[test]
    fn full_names_start_words() {
        let text = "with Kalliope Mingeirou and xAnifah Aman";
        let got: Vec<&str> = full_names(text).map(|s| s.text(text)).collect();
        assert_eq!(got, ["Kalliope Mingeirou"]);
    }

    /// The search for full names as it was, unanchored: the reference for the anchored one.
    fn full_names_unanchored(text: &str) -> Vec<Span> {
        Regex::new(FULL_NAME)
            .unwrap()
            .find_iter(text)
            .filter(|m| {
                text[..m.start()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
            })
            .map(|m| Span::new(m.start(), m.end()))
            .collect()
    }

    #[test]
    fn full_names_are_those_of_an_unanchored_search() {
        let mut seen = 0;
        for text in crate::text::seed_texts() {
            let got: Vec<Span> = full_names(&text).collect();
            assert_eq!(got, full_names_unanchored(&text));
            seen += got.len();
        }
        let crafted = "ÉLODIE Étienne Dupont-Aignan, O’Neill Smith; xAnifah Aman Bin al-Said ibn-Rashid \
                       Ms. Ana de la Cruz Ågren Ñoño; McDonald Evans-Pritchard Müller";
        assert_eq!(
            full_names(crafted).collect::<Vec<_>>(),
            full_names_unanchored(crafted)
        );
        assert!(seen > 100, "the fixtures name people: {seen}");
    }

    #[test]
    fn persons_are_those_of_every_paragraph_searched() {
        let mut texts = crate::text::seed_texts();
        let pieces = [
            "Mr. ",
            "Ms. ",
            "Mrs. ",
            "Mr ",
            "MR. ",
            "Mrs",
            "Ms.",
            "SMITH",
            "Smith ",
            "Ana ",
            "Li",
            "\n",
            "\n\n",
            " (Chile) said ",
            ", ",
            "said ",
            "Élodie",
            "\u{a0}",
            "xMr. Jones",
        ];
        texts.extend(crate::text::random_texts(
            &pieces,
            0x9e37_79b9_7f4a_7c15,
            30,
            3000,
        ));
        let mut found = 0;
        for text in &texts {
            let rec = crate::parse::parse(text);
            let mut every = Vec::new();
            for (pi, p) in rec.paragraphs.iter().enumerate() {
                paragraph_persons(text, p, pi, &mut every);
            }
            found += every.len();
            let got = persons(text, &rec.paragraphs);
            assert_eq!(format!("{got:?}"), format!("{every:?}"), "{text:?}");
        }
        assert!(found > 300, "the texts refer to people: {found}");
    }

    #[test]
    fn full_names_on_random_texts_are_those_of_an_unanchored_search() {
        let pieces = [
            "Ana",
            "Li",
            "de",
            "la",
            "al-",
            "Said",
            "xAnifah",
            " ",
            "  ",
            "\n",
            ",",
            ".",
            "\u{a0}",
            "Élodie",
            "Ågren",
            "é",
            "ñ",
            "Ö",
            "the representative of the country ",
            "said that ",
            "\u{2019}",
            "-",
            "McDonald",
            "O'Neill",
            "X",
            "1",
        ];
        let mut seen = 0;
        for text in crate::text::random_texts(&pieces, 0x9e37_79b9_7f4a_7c15, 40, 5000) {
            let got: Vec<Span> = full_names(&text).collect();
            assert_eq!(got, full_names_unanchored(&text), "{text:?}");
            seen += got.len();
        }
        assert!(seen > 500, "the texts name people: {seen}");
    }

    #[test]
    fn the_blocks_passed_over_hold_no_capital() {
        let mut passed = 0;
        for c in ('\u{80}'..='\u{7ff}').chain('\u{800}'..='\u{ffff}') {
            let mut buf = [0; 4];
            if never_capital(c.encode_utf8(&mut buf).as_bytes()) {
                passed += 1;
                assert!(!c.is_uppercase(), "{c:?}");
            }
        }
        assert_eq!(passed, 64 + 64);
    }

    #[test]
    fn the_particles_and_prefixes_are_shorter_than_the_word_passed_over() {
        // The words the pattern reads between name words: its alternations of lower-case words.
        let words: Vec<&str> = FULL_NAME
            .split(|c: char| !(c.is_ascii_lowercase() || c == '|'))
            .filter(|piece| piece.contains('|'))
            .flat_map(|alternation| alternation.split('|'))
            .collect();
        assert!(words.len() > 10 && words.contains(&"ibn"), "{words:?}");
        for word in words {
            assert!(word.len() < PAST_PARTICLE, "{word}");
        }
    }

    #[test]
    fn the_next_byte_that_may_open_a_name_is_the_first_one() {
        let pieces = [
            "a",
            "bcdefghijklmnop",
            "A",
            "é",
            " ",
            "Z",
            "\u{2019}",
            "0",
            "\n",
        ];
        for text in crate::text::random_texts(&pieces, 0x9e37_79b9_7f4a_7c15, 30, 3000) {
            let bytes = text.as_bytes();
            for from in 0..=bytes.len() {
                let expected = (from..bytes.len())
                    .find(|&i| bytes[i].is_ascii_uppercase() || bytes[i] >= 0xC0)
                    .unwrap_or(bytes.len());
                assert_eq!(next_may_open(bytes, from), expected, "{text:?} {from}");
            }
        }
    }

    #[test]
    fn the_ascii_reading_of_a_full_name_is_the_patterns() {
        let words = [
            "Ana",
            "de",
            "del",
            "la",
            "dos",
            "al",
            "al-",
            "bin",
            "bin-",
            "ibn-",
            "el-",
            "As-",
            "McDonald",
            "O'Neill",
            "Evans-Pritchard",
            "X",
            "Ab",
            "said",
            "\u{e9}t\u{e9}",
            "\u{c9}lodie",
            "M\u{fc}ller",
            "d\u{2019}Or",
            "al\u{2011}",
            " ",
            "  ",
            "\n",
            "\u{a0}",
            ",",
            ".",
            "\t",
            "Jean-",
            "Li",
            "van",
            "von",
            "women\u{2019}s",
            "dell\u{2011}",
            "also",
            "Council\u{2019}s",
            "al\u{2011}Said",
            "Jean\u{2011}Marc",
            "de\u{a0}",
            "la\u{2009}",
            "\u{2019}",
            "\u{2011}",
            "\u{2010}",
            "as",
            "ibn",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut checked = 0;
        for _ in 0..20_000 {
            let mut t = String::new();
            for _ in 0..(seed % 9 + 1) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push_str(words[(seed % words.len() as u64) as usize]);
                if !seed.is_multiple_of(3) {
                    t.push(' ');
                }
            }
            for (i, _) in t.char_indices() {
                if let Some(fast) = full_name_ascii(&t.as_bytes()[i..]) {
                    let slow = FULL_NAME_AT.find(&t[i..]).map(|m| m.end());
                    assert_eq!(fast, slow, "{:?}", &t[i..]);
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }
}
