//! Tests of statement-header parsing: speaker names, honorifics, descriptors and the entity a
//! header ties its speaker to, on the fixture records and crafted headers.

use super::*;

fn hm(t: &str) -> HeaderMatch {
    parse_statement_header(t).unwrap_or_else(|| panic!("no header in {t}"))
}

/// [`name_start`] with the honorific searched for in every text: the reference.
fn name_start_unfiltered(text: &str) -> Option<(Option<Span>, Span)> {
    if let Some(h) = HONORIFIC.find(text)
        && let Some(n) = NAME.find(&text[h.end()..])
    {
        let letters = h.as_str().trim_end().trim_end_matches('.');
        let honorific = Span::new(h.start(), h.start() + letters.len());
        return Some((
            Some(honorific),
            Span::new(n.start(), n.end()).shift(h.end()),
        ));
    }
    let n = NAME.find(text)?;
    Some((None, Span::new(n.start(), n.end())))
}

#[test]
fn honorifics_looked_for_only_after_an_m_as_everywhere() {
    let mut texts: Vec<String> = Vec::new();
    for text in crate::text::seed_texts() {
        texts.extend(text.lines().map(|l| l.trim().to_string()));
    }
    texts.extend(
        [
            "Mr. X",
            "MRS. SMITH JONES",
            "Ms SMITH",
            "M. SMITH",
            "mr. SMITH",
            " Mr. SMITH",
        ]
        .map(String::from),
    );
    let mut honorifics = 0;
    for t in &texts {
        let expected = name_start_unfiltered(t);
        honorifics += usize::from(expected.is_some_and(|(h, _)| h.is_some()));
        assert_eq!(name_start(t), expected, "{t:?}");
    }
    assert!(honorifics > 20, "the texts have honorifics: {honorifics}");
}

#[test]
fn the_ascii_reading_of_a_name_is_the_patterns() {
    // Every line of the fixtures, from each character on: names open paragraphs and follow
    // honorifics.
    let mut texts: Vec<String> = Vec::new();
    for text in crate::text::seed_texts() {
        texts.extend(text.lines().map(String::from));
    }
    let pieces = [
        "SMITH",
        "JONES",
        "A.",
        "J.",
        "O'NEILL",
        "DUPONT-AIGNAN",
        "MC",
        "de",
        "del",
        "la",
        "dos",
        "van",
        "bin",
        "al",
        "dex",
        "Smith",
        "said",
        " ",
        "  ",
        "\t",
        "\n",
        ".",
        ",",
        "(",
        "’",
        "\u{a0}",
        "É",
        "E\u{301}",
        "LAJČÁK",
        "\u{2011}",
        "\u{301}",
        "x",
        "-",
        "'",
        "O\u{2019}NEILL",
        "JEAN\u{2011}MARC",
    ];
    texts.extend(crate::text::random_texts(
        &pieces,
        0x9e37_79b9_7f4a_7c15,
        14,
        20_000,
    ));
    let (mut ascii, mut names) = (0, 0);
    for t in &texts {
        for (i, _) in t.char_indices() {
            let expected = NAME.find(&t[i..]).map(|m| m.end());
            if let Some(fast) = name_len_ascii(&t.as_bytes()[i..]) {
                assert_eq!(fast, expected, "{:?}", &t[i..]);
                ascii += 1;
                names += usize::from(fast.is_some_and(|n| t[i..i + n].contains(' ')));
            }
            assert_eq!(name_len(&t[i..]), expected, "{:?}", &t[i..]);
        }
    }
    assert!(ascii > 100_000, "read without the pattern: {ascii}");
    assert!(names > 1_000, "names of several words: {names}");
}

/// [`starts_with_lowered`] by Unicode lowering alone: the reference.
fn starts_with_lowered_by_chars(s: &str, prefix: &str) -> bool {
    let n = prefix.chars().count();
    s.chars()
        .flat_map(char::to_lowercase)
        .take(n)
        .eq(prefix.chars())
}

#[test]
fn prefixes_compared_lowered_as_unicode_lowers_them() {
    let mut texts: Vec<String> = Vec::new();
    for text in crate::text::seed_texts() {
        for line in text.lines() {
            texts.extend(line.split(',').map(|seg| seg.trim().to_string()));
        }
    }
    let pieces = [
        "a",
        "A",
        "an ",
        "The ",
        "the",
        "THE ",
        "On behalf",
        "on ",
        "ON BEHALF OF",
        "Observer",
        "observer for",
        "speaking",
        "\u{212a}",
        "\u{130}",
        "É",
        "é",
        "i",
        "I",
        " ",
        "x",
        "of",
        "Chair OF",
        "h",
        "\u{3a3}",
    ];
    texts.extend(crate::text::random_texts(
        &pieces,
        0x9e37_79b9_7f4a_7c15,
        8,
        20_000,
    ));
    let mut prefixes: Vec<&str> = DESCRIPTOR_OPENERS.to_vec();
    prefixes.extend([
        "speaking on behalf of",
        "on behalf of",
        "é",
        "i\u{307}",
        "k",
    ]);
    let mut matched = 0;
    for t in &texts {
        for (i, _) in t.char_indices() {
            for p in &prefixes {
                let expected = starts_with_lowered_by_chars(&t[i..], p);
                matched += usize::from(expected);
                assert_eq!(
                    starts_with_lowered(&t[i..], p),
                    expected,
                    "{:?} {p:?}",
                    &t[i..]
                );
            }
        }
    }
    assert!(
        matched > 10_000,
        "the texts open with the prefixes: {matched}"
    );
}

/// [`name_words`] trimming and counting letters char by char: the reference for its byte
/// readings.
fn name_words_by_chars(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| c.is_whitespace())
        .map(|t| t.trim_matches(|c: char| c == '.' || c == ',' || c == '\''))
        .filter(|t| t.chars().filter(|c| c.is_alphabetic()).nth(1).is_some())
        .filter(|t| !matches!(*t, "mr" | "ms" | "mrs" | "dr" | "h.e"))
}

/// [`name_key`] by the general word split alone: the reference.
fn name_key_by_words(name: &str) -> String {
    name_words(&fold(name)).collect::<Vec<_>>().join(" ")
}

#[test]
fn name_keys_are_those_of_the_general_word_split() {
    let mut names: Vec<String> = Vec::new();
    for text in crate::text::seed_texts() {
        for line in text.lines() {
            if let Some(h) = parse_statement_header(line) {
                names.push(h.name.text(line).to_string());
            }
            names.push(line.chars().take(40).collect());
        }
    }
    let pieces = [
        "Mr. ", "MS ", "H.E. ", "Dr", "O'NEILL", "'", ",", ".", " ", "\t", "\x0B", "\u{a0}",
        "\u{2009}", "É", "LAJČÁK", "A", "a.", "de ", "Ab", "x", "\u{2019}", "1",
    ];
    names.extend(crate::text::random_texts(
        &pieces,
        0x9e37_79b9_7f4a_7c15,
        10,
        20_000,
    ));
    let mut keys = 0;
    for n in &names {
        let folded = fold(n);
        assert!(
            name_words(&folded).eq(name_words_by_chars(&folded)),
            "{n:?}"
        );
        let expected = name_key_by_words(n);
        keys += usize::from(!expected.is_empty());
        assert_eq!(name_key(n), expected, "{n:?}");
        let tokens = n.split_whitespace();
        for t in tokens {
            assert_eq!(
                trim_name_marks(t),
                t.trim_matches(['.', ',', '\'']),
                "{t:?}"
            );
            let letters = t.chars().filter(|c| c.is_alphabetic()).count();
            assert_eq!(has_two_letters(t), letters >= 2, "{t:?}");
        }
    }
    assert!(keys > 10_000, "names with keys: {keys}");
}

#[test]
fn no_dropped_name_word_is_longer_than_the_longest() {
    let longest = DROPPED_NAME_WORDS.iter().map(|d| d.len()).max();
    assert_eq!(longest, Some(LONGEST_DROPPED));
    for dropped in DROPPED_NAME_WORDS {
        assert_eq!(
            name_words(&format!("{dropped} ab")).collect::<Vec<_>>(),
            ["ab"]
        );
    }
}

#[test]
fn every_reporting_verb_passes_the_byte_test() {
    for verb in REPORTING_VERBS.split_whitespace() {
        assert!(is_reporting_verb(verb), "{verb}");
    }
    for word in ["Said", "Minister", "of", "", "saidx", "\u{e9}tait"] {
        assert!(!is_reporting_verb(word), "{word}");
    }
}

/// [`verb_inside`] by the standard library's split at spaces: the reference.
fn verb_inside_by_split(seg: &str) -> Option<usize> {
    let mut offset = 0;
    for (i, w) in seg.split(' ').enumerate() {
        if i > 0 && is_reporting_verb(w) && !is_upper_word(w) {
            return Some(offset);
        }
        offset += w.len() + 1;
    }
    None
}

#[test]
fn verbs_inside_segments_are_those_of_the_split() {
    let mut texts: Vec<String> = Vec::new();
    for text in crate::text::seed_texts() {
        for line in text.lines() {
            texts.extend(line.split(',').map(str::to_string));
        }
    }
    let pieces = [
        "Minister", " ", "said", "SAID", "of", "\u{e9}", "noted", "  ", "x",
    ];
    texts.extend(crate::text::random_texts(
        &pieces,
        0x9e37_79b9_7f4a_7c15,
        12,
        5000,
    ));
    let mut found = 0;
    for t in &texts {
        let expected = verb_inside_by_split(t);
        found += usize::from(expected.is_some());
        assert_eq!(verb_inside(t), expected, "{t:?}");
    }
    assert!(found > 1000, "{found}");
}

/// [`comma_segments`] by a walk over every byte: the reference for the search between
/// delimiters.
fn comma_segments_by_bytes(s: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (at, b) in s.bytes().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b',' if depth <= 0 => {
                out.push(Span::new(start, at));
                start = at + 1;
            }
            _ => {}
        }
    }
    out.push(Span::new(start, s.len()));
    out
}

#[test]
fn comma_segments_are_those_of_the_byte_walk() {
    let mut texts: Vec<String> = Vec::new();
    for text in crate::text::seed_texts() {
        texts.extend(text.lines().map(str::to_string));
    }
    let pieces = [
        "(",
        ")",
        ",",
        "a",
        "Minister of X",
        " ",
        "\u{e9}",
        "))",
        ",,",
    ];
    texts.extend(crate::text::random_texts(
        &pieces,
        0x9e37_79b9_7f4a_7c15,
        20,
        5000,
    ));
    let mut segments = 0;
    for t in &texts {
        let expected = comma_segments_by_bytes(t);
        segments += expected.len();
        assert_eq!(comma_segments(t).collect::<Vec<_>>(), expected, "{t:?}");
    }
    assert!(segments > 20_000, "{segments}");
}

/// [`descriptor_entity`] with the United Nations official's title looked for first, whatever
/// the entities: the reference.
fn descriptor_entity_eager(gaz: &Gazetteer, text: &str, range: Span) -> Option<(usize, Span)> {
    let slice = range.text(text);
    let un_official = UN_OFFICIAL.is_match(slice);
    gaz.find_entities(slice)
        .into_iter()
        .rev()
        .find(|m| {
            m.form != crate::knowledge::NameForm::Demonym
                && (!un_official || !gaz.entity(m.entity).kind.is_delegation())
        })
        .map(|m| (m.entity, m.span.shift(range.start)))
}

#[test]
fn descriptor_entities_are_those_of_the_eager_search() {
    let gaz = Gazetteer::builtin();
    let mut texts: Vec<String> = Vec::new();
    for text in crate::text::seed_texts() {
        texts.extend(text.lines().map(str::to_string));
    }
    let pieces = [
        "Special Envoy for ",
        "Syria",
        "Minister for Foreign Affairs of ",
        "France",
        "French ",
        "Secretary-General",
        "President of the General Assembly",
        " of the ",
        "European Union",
        ", ",
        "Holy See",
        "observer for ",
        "UNICEF",
        "Chile",
        " and ",
    ];
    texts.extend(crate::text::random_texts(
        &pieces,
        0x9e37_79b9_7f4a_7c15,
        8,
        3000,
    ));
    let (mut ranges, mut found) = (0, 0);
    for t in &texts {
        let mut spans = vec![Span::new(0, t.len())];
        if let Some(role) = parse_statement_header(t).and_then(|h| h.role) {
            spans.push(role);
        }
        for range in spans {
            let expected = descriptor_entity_eager(&gaz, t, range);
            ranges += 1;
            found += usize::from(expected.is_some());
            assert_eq!(
                descriptor_entity(&gaz, t, range),
                expected,
                "{t:?} {range:?}"
            );
        }
    }
    assert!(
        found > 1000,
        "descriptors name entities: {found} of {ranges}"
    );
}

fn part(t: &str, r: Option<Span>) -> &str {
    r.map_or("", |s| s.text(t))
}

#[test]
fn parenthesized() {
    let t = "RÓBERT CHATRNÚCH (Slovakia), describing human trafficking as a violation, said";
    let h = hm(t);
    assert_eq!(h.form, HeaderForm::Parenthesized);
    assert_eq!(h.name.text(t), "RÓBERT CHATRNÚCH");
    assert_eq!(part(t, h.parenthesized), "Slovakia");
    assert_eq!(h.role, None);
}

#[test]
fn parenthesized_after_a_tab() {
    // Records pasted from a word processor may keep a tab before the parentheses.
    let t = "RÓBERT CHATRNÚCH\t(Slovakia) said that trafficking was a violation";
    let h = hm(t);
    assert_eq!(h.form, HeaderForm::Parenthesized);
    assert_eq!(h.name.text(t), "RÓBERT CHATRNÚCH");
    assert_eq!(part(t, h.parenthesized), "Slovakia");
}

#[test]
fn parenthesized_with_title() {
    let t = "MIROSLAV LAJČÁK (Slovakia), President of the General Assembly, said the will";
    let h = hm(t);
    assert_eq!(part(t, h.role), "President of the General Assembly");
}

#[test]
fn titled_forms() {
    let t = "VLADIMIR MAKEI, Minister for Foreign Affairs of Belarus, noting that his country";
    let h = hm(t);
    assert_eq!(h.form, HeaderForm::Titled);
    assert_eq!(part(t, h.role), "Minister for Foreign Affairs of Belarus");
    let t = "DAVIT KNYAZYAN, speaking on behalf of Mher Grigoryan, Deputy Prime Minister of Armenia, said nations";
    let h = hm(t);
    assert_eq!(
        part(t, h.on_behalf_of),
        "speaking on behalf of Mher Grigoryan"
    );
    assert_eq!(part(t, h.role), "Deputy Prime Minister of Armenia");
    let t = "FREDRIK HANSEN, observer for the Holy See, pointed out that";
    assert_eq!(part(t, hm(t).role), "observer for the Holy See");
    let t = "ROSARIO VALASTRO, International Federation of Red Cross and Red Crescent Societies, said the";
    assert_eq!(
        part(t, hm(t).role),
        "International Federation of Red Cross and Red Crescent Societies"
    );
    let t = "YLVA JOHANSSON, a representative of the European Union, in its capacity as observer, said as a";
    assert_eq!(
        part(t, hm(t).role),
        "a representative of the European Union, in its capacity as observer"
    );
}

#[test]
fn panel_turns() {
    let t = "Ms. MINGEIROU said the use of social protection";
    let h = hm(t);
    assert_eq!(h.form, HeaderForm::PanelTurn);
    assert_eq!(h.name.text(t), "MINGEIROU");
    let t = "Ms. BIEN-AIMÉ, recalled that there has been";
    assert_eq!(hm(t).form, HeaderForm::PanelTurn);
    let t = "Ms. PELAEZ (Mexico), recognizing the links";
    let h = hm(t);
    assert_eq!(h.form, HeaderForm::Parenthesized);
    assert!(h.honorific.is_some());
    let t = "Mr. BLANCO CONDE asked Mr. Chhap what";
    assert_eq!(hm(t).name.text(t), "BLANCO CONDE");
}

#[test]
fn not_headers() {
    for t in [
        "The representative of Greece said",
        "UNODC has aligned its responses",
        "In 2019, an Anti-Human Trafficking Officer",
        "COVID-19 revealed a lot",
        "Acting without a vote, the Assembly then adopted the resolution.",
    ] {
        assert_eq!(parse_statement_header(t), None, "{t}");
    }
}

#[test]
fn remarks() {
    let t = "Following are UN Deputy Secretary-General Amina Mohammed’s remarks at the high-level meeting";
    let h = hm(t);
    assert_eq!(h.form, HeaderForm::Remarks);
    assert_eq!(h.name.text(t), "Amina Mohammed");
    assert_eq!(part(t, h.role), "Deputy Secretary-General");
}

#[test]
fn name_keys() {
    assert_eq!(name_key("KARI A. JOHNSTONE"), name_key("KARI JOHNSTONE"));
    assert_eq!(
        name_key("MARÍA BASSOLS DELGADO"),
        name_key("MARIA BASSOLS DELGADO")
    );
    let short = name_tokens("NAELA GABR");
    let long = name_tokens("NAELA GABR MOHAMED GABR ALI");
    assert!(tokens_compatible(&short, &long));
    assert!(tokens_compatible(
        &name_tokens("BLANCO"),
        &name_tokens("José Alfonso Blanco Conde")
    ));
    assert!(!tokens_compatible(
        &name_tokens("KARI JOHNSTONE"),
        &name_tokens("KARI SMITH")
    ));
}
