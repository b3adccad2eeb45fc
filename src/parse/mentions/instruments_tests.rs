//! Tests of finding instruments: titles by pattern around their head words, catalogued titles
//! extended, swallowed mentions, names before heads and years before titles.

use super::*;

/// The instruments of a text, each catalogued mention extended with what its title goes on
/// with found for it alone: the reference of the rests found once per record.
fn instruments_each_alone(text: &str, gaz: &Gazetteer) -> Vec<InstrumentMention> {
    let (_, found) = gaz.scan(text);
    let catalogued: Vec<InstrumentMention> = found
        .into_iter()
        .map(|m| catalogued(text, gaz, None, m))
        .collect();
    let starts: Vec<usize> = catalogued.iter().map(|i| i.span.start).collect();
    let extended = catalogued
        .into_iter()
        .map(|m| extended(text, gaz, m, &starts, &mut TitleRests::default()))
        .collect();
    let mut all = with_pattern_titles(without_swallowed(extended), text, gaz, &starts);
    all.sort_by_key(|i| i.span.start);
    all
}

#[test]
fn title_rests_found_once_per_record_extend_as_found_alone() {
    let gaz = crate::knowledge::Gazetteer::builtin();
    let mut texts = crate::text::seed_texts();
    let pieces = [
        "Global Plan of Action",
        " to Combat Trafficking in Persons",
        "Political Declaration",
        " on HIV and AIDS",
        "Paris Agreement",
        "Convention on the Rights of the Child",
        "Convention on the Rights",
        " of Persons with Disabilities",
        "2010 ",
        "United Nations ",
        "the ",
        " ",
        ", ",
        ". ",
        "Palermo Protocol",
        " and ",
        "Sendai Framework",
        " for Disaster Risk Reduction",
    ];
    texts.extend(crate::text::random_texts(&pieces, 0x0717_71e5, 40, 400));
    let mut extended = 0;
    for text in &texts {
        let (_, found) = gaz.scan(text);
        let once = instruments(text, &gaz, None, found);
        let alone = instruments_each_alone(text, &gaz);
        extended += once.iter().filter(|m| m.form.is_some()).count();
        assert_eq!(format!("{once:?}"), format!("{alone:?}"), "{text}");
    }
    assert!(
        extended > 100,
        "the texts cite catalogued titles: {extended}"
    );
}

#[test]
fn title_patterns_around_head_words_find_what_the_whole_text_does() {
    let mut texts = crate::text::seed_texts();
    let pieces = [
        "Convention",
        "Protocol",
        "Declaration",
        "Compact",
        "Agreement",
        "Agreements",
        "Plan of Action",
        "Programme of Action",
        "Accord",
        "Accords",
        "Communiqué",
        "communiques",
        "Road Map",
        "road maps",
        "roadmap",
        "Decision",
        "United Nations",
        "Council of Europe",
        "ILO",
        "Arab",
        "International",
        " on ",
        " ON ",
        " relating to ",
        " against ",
        " aGainſt ",
        " between ",
        " the ",
        " ",
        "  ",
        "\u{a0}",
        "\u{2003}",
        "\n",
        "x",
        "é",
        "ſ",
        "-",
        ". ",
    ];
    texts.extend(crate::text::random_texts(&pieces, 0x1a57_7e1e, 30, 5000));
    let (mut named, mut patterned) = (0, 0);
    for text in &texts {
        let heads = head_words(text);
        let whole = |re: &Regex| -> Vec<(usize, usize)> {
            re.find_iter(text).map(|m| (m.start(), m.end())).collect()
        };
        let by_named = whole(&NAMED_HEAD);
        let by_pattern = whole(&PATTERN_INSTRUMENT);
        named += by_named.len();
        patterned += by_pattern.len();
        assert_eq!(named_heads(text, &heads), by_named, "{text:?}");
        assert_eq!(pattern_heads(text, &heads), by_pattern, "{text:?}");
    }
    assert!(named > 500 && patterned > 500, "{named} {patterned}");
}

#[test]
fn swallowed_mentions_are_those_a_longer_one_contains() {
    // Spans from a small generator, many nested, equal and sharing starts or ends.
    let mut seed = 7u64;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) % n) as usize
    };
    for _ in 0..200 {
        let mentions: Vec<InstrumentMention> = (0..next(12))
            .map(|_| {
                let start = next(20);
                InstrumentMention {
                    span: Span::new(start, start + next(10)),
                    instrument: None,
                    candidates: Vec::new(),
                    form: None,
                    cited_year: None,
                }
            })
            .collect();
        let kept: Vec<Span> = without_swallowed(mentions.clone())
            .iter()
            .map(|m| m.span)
            .collect();
        let by_comparing_all: Vec<Span> = mentions
            .iter()
            .filter(|m| {
                !mentions
                    .iter()
                    .any(|o| o.span.contains_span(m.span) && o.span.len() > m.span.len())
            })
            .map(|m| m.span)
            .collect();
        assert_eq!(kept, by_comparing_all);
    }
}

#[test]
fn titles_extend_over_capitalised_and_small_words() {
    let t = "the Convention on the Rights of the Child and other treaties";
    let from = t.find("the Rights").unwrap();
    assert_eq!(
        &t[..extend_title(t, from, &[])],
        "the Convention on the Rights of the Child"
    );
    // Another catalogued title starts: stop before it.
    let t = "Protocol against Crime and the Global Plan of Action";
    let stop = t.find("the Global").unwrap();
    let from = t.find("Crime").unwrap();
    assert_eq!(
        &t[..extend_title(t, from, &[stop])],
        "Protocol against Crime"
    );
}

#[test]
fn capitalised_words_before_a_title() {
    let t = "adopted the New York Declaration on Refugees";
    let at = t.find("Declaration").unwrap();
    assert_eq!(&t[extend_title_back(t, at)..at], "New York ");
    // A sentence's first word is not part of the title.
    let t = "Delegates. Cite Convention on Crime";
    let at = t.find("Convention").unwrap();
    assert_eq!(extend_title_back(t, at), at);
}

#[test]
fn named_agreements_accords_communiques_road_maps() {
    let named = |t: &str| -> Vec<String> {
        NAMED_HEAD
            .find_iter(t)
            .filter_map(|h| named_start(t, h.start(), h.end()).map(|s| t[s..h.end()].to_string()))
            .collect()
    };
    assert_eq!(
        named("under the Noumea Accord and the Conakry Agreement"),
        ["Noumea Accord", "Conakry Agreement"]
    );
    assert_eq!(
        named("implement the ECOWAS six-point road map"),
        ["ECOWAS six-point road map"]
    );
    assert_eq!(
        named("the Istanbul communiqué and the Revitalized Peace Agreement"),
        ["Istanbul communiqué", "Revitalized Peace Agreement"]
    );
    assert!(named("the peace agreement, the road map and the Agreement").is_empty());
    assert!(named("The Government Agreement and a Security Council Decision").is_empty());
}

#[test]
fn years_written_before_titles() {
    let t = "the 2010 United Nations Global Plan of Action";
    let at = t.find("Global").unwrap();
    let (year, span) = cited_year(t, at).unwrap();
    assert_eq!(year, 2010);
    assert_eq!(span.text(t), "2010");
    assert_eq!(cited_year("the Global Plan", 4), None);
}
