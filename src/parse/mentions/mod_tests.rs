//! Tests of recognising mentions: quotations, countries outside names and languages, full names
//! against the unanchored search, people referred to by honorific.

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

/// The people referred to by honorific in a paragraph by one search for the whole pattern, with
/// groups for the honorific and the name: the reference of [`paragraph_persons`].
fn paragraph_persons_by_pattern(text: &str, p: &Paragraph, pi: usize) -> Vec<PersonMention> {
    let honorific_ref =
        Regex::new(&format!(r"(?-u:\b)(Mr|Ms|Mrs)\.\s+({HONORIFIC_NAME})")).unwrap();
    let ptext = p.span.text(text);
    let mut out = Vec::new();
    for c in honorific_ref.captures_iter(ptext) {
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
    out
}

#[test]
fn persons_are_those_of_one_search_for_the_pattern() {
    let mut texts = crate::text::seed_texts();
    let pieces = [
        "Mr. ",
        "Ms. ",
        "Mrs. ",
        "Mr ",
        "MR. ",
        "Mrs",
        "Ms.",
        "Mr.",
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
        "\u{2003}",
        "\t",
        "xMr. Jones",
        "_",
        "1",
        "é",
        "’",
        "-",
        "\u{2011}",
        ".",
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
        let mut expected = Vec::new();
        for (pi, p) in rec.paragraphs.iter().enumerate() {
            expected.extend(paragraph_persons_by_pattern(text, p, pi));
        }
        found += expected.len();
        let got = persons(text, &rec.paragraphs);
        assert_eq!(format!("{got:?}"), format!("{expected:?}"), "{text:?}");
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
