//! Annotations on the records of every organ: attribution objects for each cue form (plain,
//! inverted, possessive, titled, "also speaking for", quotation before the cue), honest kinds
//! (country, organisation, territory), the instruments other organs cite, named agreements,
//! resolutions of every organ and agenda items — on the seeds and the crafted records of the
//! Security Council, Sixth Committee, Fourth Committee and Special Committee on Decolonization.

mod common;

use rapporteur::features::annotate::{Annotation, AnnotationKind, annotations};
use rapporteur::record::PartyKind;
use rapporteur::workspace::{FileId, Workspace};

const ORGANS: [&str; 4] = [
    "crafted/sc_15446_west_africa_sahel.txt",
    "crafted/ga_l_3745_sixth_committee_treaties.txt",
    "crafted/ga_spd_786_fourth_committee_petitioners.txt",
    "crafted/ga_col_3372_2023_session_falklands_gibraltar.txt",
];

fn read(name: &str) -> String {
    common::fixture(name).1
}

fn load(names: &[&str]) -> Workspace {
    let mut ws = Workspace::default();
    for n in names {
        ws.upsert(n, read(n));
    }
    ws
}

/// The annotations of one record with their text.
fn of(ws: &Workspace, name: &str) -> (FileId, Vec<(Annotation, String)>) {
    let file = ws.id_of(name).unwrap();
    let doc = ws.get(file).unwrap();
    let out = annotations(ws, file)
        .into_iter()
        .map(|a| {
            let t = doc.span_text(a.span).to_string();
            (a, t)
        })
        .collect();
    (file, out)
}

/// The attribution whose text is `text`: (who, key, who_kind, statement line or 0, on behalf).
fn credit(
    ws: &Workspace,
    name: &str,
    text: &str,
) -> (
    Option<String>,
    Option<String>,
    Option<PartyKind>,
    usize,
    Vec<String>,
) {
    let (_, all) = of(ws, name);
    let (a, _) = all
        .into_iter()
        .find(|(a, t)| a.kind == AnnotationKind::Attribution && t == text)
        .unwrap_or_else(|| panic!("{name}: no attribution `{text}`"));
    let c = a.attribution.unwrap();
    let line = c.statement.map_or(0, |st| {
        let doc = ws.get(st.file).unwrap();
        let at = doc.record.statements[st.statement].header.start;
        doc.text[..at].matches('\n').count() + 1
    });
    let for_keys = c.on_behalf.into_iter().filter_map(|p| p.key).collect();
    (c.who, a.key, c.who_kind, line, for_keys)
}

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

#[test]
fn every_cue_form_is_an_attribution_with_its_party_and_statement() {
    let ws = load(&ORGANS);
    let sc = ORGANS[0];
    // Inverted, after a quotation, an official with a statement in the record.
    assert_eq!(
        credit(&ws, sc, "said Pierre Lacroix"),
        (
            s("Pierre Lacroix"),
            s("pierre lacroix"),
            Some(PartyKind::Official),
            20,
            vec![]
        )
    );
    // Inverted, an official named only in the summary: no statement.
    assert_eq!(
        credit(&ws, sc, "warned Leonardo Santos Simão"),
        (
            s("Leonardo Santos Simão"),
            s("leonardo santos simao"),
            Some(PartyKind::Official),
            0,
            vec![]
        )
    );
    // "also speaking for" lists.
    let (who, key, kind, line, on_behalf) = credit(
        &ws,
        sc,
        "The representative of Ghana, also speaking for Gabon and Mozambique, noted",
    );
    assert_eq!(
        (who, key, kind, line),
        (s("Ghana"), s("GHA"), Some(PartyKind::Country), 24)
    );
    assert_eq!(on_behalf, ["GAB", "MOZ"]);
    // Inverted possessive; an apposition between a possessive and its verb.
    assert_eq!(credit(&ws, sc, "added Japan’s delegate").3, 26);
    assert_eq!(
        credit(
            &ws,
            sc,
            "Switzerland’s delegate, recalling resolution 2231 (2015) and the Treaty on the Non-Proliferation of Nuclear Weapons, expressed"
        )
        .1,
        s("CHE")
    );
    assert_eq!(
        credit(&ws, sc, "The United Kingdom’s representative said").3,
        30
    );

    let sixth = ORGANS[1];
    let portugal = credit(
        &ws,
        sixth,
        "The representative of Portugal, also speaking for Argentina, Mexico and Sierra Leone, noted",
    );
    assert_eq!(portugal.0, s("Portugal"));
    assert_eq!(portugal.4, ["ARG", "MEX", "SLE"]);
    assert_eq!(
        credit(
            &ws,
            sixth,
            "Finland’s delegate, speaking for the Nordic countries, expressed"
        )
        .2,
        Some(PartyKind::Country)
    );
    let palestine = credit(&ws, sixth, "The observer for the State of Palestine said");
    assert_eq!(
        (palestine.1, palestine.2),
        (s("PSE"), Some(PartyKind::Observer))
    );
    assert_eq!(
        credit(
            &ws,
            sixth,
            "The representative of the European Union, in its capacity as observer, said"
        )
        .2,
        Some(PartyKind::Observer)
    );
    let cplp = credit(
        &ws,
        sixth,
        "A representative of the Community of Portuguese-speaking Countries said",
    );
    assert_eq!((cplp.1, cplp.2), (s("CPLP"), Some(PartyKind::Organization)));

    let fourth = ORGANS[2];
    let sahara = credit(&ws, fourth, "A petitioner from Western Sahara said");
    assert_eq!(
        (sahara.1, sahara.2),
        (s("ESH"), Some(PartyKind::Petitioner))
    );
    let omar = credit(
        &ws,
        fourth,
        "said Sidi Omar, a petitioner from the Frente Polisario",
    );
    assert_eq!(
        (omar.0, omar.1, omar.2),
        (
            s("Sidi Omar"),
            s("sidi omar@POLISARIO"),
            Some(PartyKind::Petitioner)
        )
    );

    let c24 = ORGANS[3];
    let picardo = credit(
        &ws,
        c24,
        "Fabian Picardo, Chief Minister of Gibraltar, said",
    );
    assert_eq!((picardo.2, picardo.3), (Some(PartyKind::Person), 17));
    assert_eq!(
        credit(&ws, c24, "Petitioner Mike Summers said").2,
        Some(PartyKind::Petitioner)
    );
    let chile = credit(
        &ws,
        c24,
        "The representative of Chile, speaking on behalf of the Group of 77 and China, supported",
    );
    assert_eq!(chile.4, ["G77"]);
}

#[test]
fn a_quotation_before_an_inverted_cue_is_its_party_s() {
    let ws = load(&ORGANS);
    let (_, all) = of(&ws, ORGANS[0]);
    let quote = all
        .iter()
        .find(|(a, t)| a.kind == AnnotationKind::Quotation && t.starts_with("“Peacekeepers"))
        .unwrap();
    assert_eq!(quote.0.key.as_deref(), Some("pierre lacroix"));
}

#[test]
fn kinds_are_honest_countries_organisations_territories() {
    let ws = load(&ORGANS);
    let kind_of = |name: &str, text: &str| -> Vec<(AnnotationKind, Option<String>)> {
        of(&ws, name)
            .1
            .into_iter()
            .filter(|(a, t)| t == text && a.kind != AnnotationKind::Attribution)
            .map(|(a, _)| (a.kind, a.key))
            .collect()
    };
    let one = |name: &str, text: &str| kind_of(name, text).into_iter().next().unwrap();
    assert_eq!(
        one(ORGANS[1], "European Union"),
        (AnnotationKind::Country, s("EU"))
    );
    assert_eq!(
        one(ORGANS[1], "State of Palestine"),
        (AnnotationKind::Country, s("PSE"))
    );
    assert_eq!(
        one(ORGANS[1], "Community of Portuguese-speaking Countries"),
        (AnnotationKind::Organization, s("CPLP"))
    );
    // "Portuguese-speaking States" names a language, not Portugal.
    assert!(kind_of(ORGANS[1], "Portuguese").is_empty());
    assert_eq!(
        one(ORGANS[1], "Occupied Palestinian Territory"),
        (AnnotationKind::Territory, s("OPT"))
    );
    assert_eq!(
        one(ORGANS[2], "Western Sahara"),
        (AnnotationKind::Territory, s("ESH"))
    );
    assert_eq!(
        one(
            ORGANS[2],
            "United Nations Mission for the Referendum in Western Sahara"
        ),
        (AnnotationKind::Organization, s("MINURSO"))
    );
    assert_eq!(
        one(ORGANS[3], "Falkland Islands (Malvinas)"),
        (AnnotationKind::Territory, s("FLK"))
    );
    assert_eq!(
        one(ORGANS[3], "Malvinas"),
        (AnnotationKind::Territory, s("FLK"))
    );
    assert_eq!(
        one(ORGANS[3], "Group of 77 and China"),
        (AnnotationKind::Organization, s("G77"))
    );
    assert_eq!(
        one(ORGANS[0], "ECOWAS"),
        (AnnotationKind::Organization, s("ECOWAS"))
    );
}

#[test]
fn instruments_resolutions_and_agenda_items_of_every_organ() {
    let ws = load(&ORGANS);
    let keyed = |name: &str, kind: AnnotationKind| -> Vec<(String, Option<String>)> {
        of(&ws, name)
            .1
            .into_iter()
            .filter(|(a, _)| a.kind == kind)
            .map(|(a, t)| (t, a.key))
            .collect()
    };
    let has = |name: &str, kind: AnnotationKind, text: &str, key: Option<&str>| {
        let all = keyed(name, kind);
        assert!(
            all.iter().any(|(t, k)| t == text && k.as_deref() == key),
            "{name}: no {kind:?} `{text}` = {key:?} in {all:?}"
        );
    };
    use AnnotationKind::*;
    let [sc, sixth, fourth, c24] = ORGANS;
    for (text, key) in [
        ("Geneva Conventions", "geneva-conventions"),
        ("Rome Statute", "rome-statute"),
        ("Genocide Convention", "genocide-convention"),
        ("Arms Trade Treaty", "att"),
        ("Treaty on the Non-Proliferation of Nuclear Weapons", "npt"),
        ("1951 Refugee Convention", "refugee-convention"),
        ("1967 Protocol", "refugee-protocol"),
    ] {
        has(sc, Instrument, text, Some(key));
    }
    for (text, key) in [
        ("Vienna Convention on the Law of Treaties", "vclt"),
        ("Vienna Convention on Diplomatic Relations", "vcdr"),
        ("Vienna Convention on Consular Relations", "vccr"),
        ("Fourth Geneva Convention", "geneva-convention-iv"),
        ("Geneva Conventions of 1949", "geneva-conventions"),
        (
            "International Covenant on Civil and Political Rights",
            "iccpr",
        ),
        ("Convention against Torture", "cat"),
        (
            "Convention on the Elimination of All Forms of Discrimination against Women",
            "cedaw",
        ),
        (
            "Convention on the Rights of Persons with Disabilities",
            "crpd",
        ),
    ] {
        has(sixth, Instrument, text, Some(key));
    }
    has(
        fourth,
        Instrument,
        "United Nations Convention on the Law of the Sea",
        Some("unclos"),
    );
    has(
        c24,
        Instrument,
        "Charter of the United Nations",
        Some("un-charter"),
    );
    // Named agreements, accords, communiqués and road maps, by pattern.
    for text in [
        "Conakry Agreement",
        "ECOWAS six-point road map",
        "Istanbul communiqué",
    ] {
        has(sc, Instrument, text, None);
    }
    has(fourth, Instrument, "Noumea Accord", None);
    // Resolutions of every organ.
    has(
        sc,
        Resolution,
        "Security Council resolution 1325 (2000)",
        Some("S/RES/1325(2000)"),
    );
    has(
        sc,
        Resolution,
        "resolutions 2250 (2015)",
        Some("S/RES/2250(2015)"),
    );
    has(sc, Resolution, "2419 (2018)", Some("S/RES/2419(2018)"));
    has(
        sc,
        Resolution,
        "resolution 2231 (2015)",
        Some("S/RES/2231(2015)"),
    );
    has(
        sixth,
        Resolution,
        "General Assembly resolution 76/117",
        Some("A/RES/76/117"),
    );
    has(
        fourth,
        Resolution,
        "General Assembly resolution 1514 (XV)",
        Some("A/RES/1514(XV)"),
    );
    has(
        c24,
        Resolution,
        "General Assembly resolution 2065 (XX)",
        Some("A/RES/2065(XX)"),
    );
    // Agenda items by number and by title.
    has(sixth, AgendaItem, "agenda items 78", Some("78"));
    has(sixth, AgendaItem, "79", Some("79"));
    has(fourth, AgendaItem, "agenda item 58", Some("58"));
    has(c24, AgendaItem, "agenda item 4", Some("4"));
    has(
        sc,
        AgendaItem,
        "agenda item “Peace consolidation in West Africa”",
        Some("Peace consolidation in West Africa"),
    );
}

#[test]
fn seed_attributions_reach_their_verb_and_statement() {
    let seeds = [
        "000_ad5e1fdf5d9536eb.txt",
        "001_c043cd201b0f12f7.txt",
        "002_c8db3da65464a602.txt",
        "003_1ccf80f226d00912.txt",
    ];
    let ws = load(&seeds);
    let c = credit(
        &ws,
        seeds[0],
        "The representative of the United States, explaining her delegation’s position before the action, said",
    );
    assert_eq!((c.1, c.2), (s("USA"), Some(PartyKind::Country)));
    let c = credit(&ws, seeds[2], "Secretary-General António Guterres said");
    assert_eq!(
        (c.0, c.2),
        (s("António Guterres"), Some(PartyKind::Official))
    );
    assert!(c.3 > 0, "the Secretary-General's statement is linked");
    let c = credit(
        &ws,
        seeds[2],
        "emphasized Grizelda Grootboom, a civil society representative from South Africa",
    );
    assert_eq!(c.2, Some(PartyKind::Person));
    let c = credit(
        &ws,
        seeds[2],
        "Anifah Aman, Minister for Foreign Affairs of Malaysia, noted",
    );
    assert_eq!((c.1, c.2), (s("anifah aman@MYS"), Some(PartyKind::Person)));
    let c = credit(
        &ws,
        seeds[3],
        "The Russian Federation’s representative said",
    );
    assert_eq!(c.1, s("RUS"));
    // Every attribution of the seeds is annotated, once each.
    for name in seeds {
        let file = ws.id_of(name).unwrap();
        let n = ws.get(file).unwrap().record.attributions.len();
        let got = annotations(&ws, file)
            .iter()
            .filter(|a| a.kind == AnnotationKind::Attribution)
            .count();
        assert_eq!(got, n, "{name}");
    }
}
