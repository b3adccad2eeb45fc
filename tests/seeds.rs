//! The parser, gazetteer and identities on the five real seed records and the crafted records of
//! other organs and years: structure, mentions and speaker identity, checked against the text.

use std::path::Path;

use rapporteur::knowledge::Gazetteer;
use rapporteur::record::{HeaderForm, ParagraphKind, RosterKind};
use rapporteur::text::at_word_boundaries;
use rapporteur::workspace::{StatementRef, Workspace};

const SEEDS: [&str; 5] = [
    "000_ad5e1fdf5d9536eb.txt",
    "001_c043cd201b0f12f7.txt",
    "002_c8db3da65464a602.txt",
    "003_1ccf80f226d00912.txt",
    "004_87f55e9cf2a6c102.txt",
];

fn read(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name),
    )
    .unwrap()
}

fn seeds_workspace() -> Workspace {
    let mut ws = Workspace::default();
    for s in SEEDS {
        ws.upsert(s, read(s));
    }
    ws
}

#[test]
fn every_speaker_header_is_a_statement_with_an_affiliation() {
    let ws = seeds_workspace();
    let mut name_form = 0;
    let mut panel = 0;
    for s in &SEEDS[..4] {
        let doc = ws.get(ws.id_of(s).unwrap()).unwrap();
        for (i, st) in doc.record.statements.iter().enumerate() {
            let detail = rapporteur::features::outline::speaker_detail(doc, &ws.gaz, i);
            assert!(
                detail.is_some(),
                "{s}: {} has no country or affiliation",
                doc.span_text(st.name)
            );
            if st.form == HeaderForm::PanelTurn
                || (st.honorific.is_some() && st.affiliation.is_none())
            {
                panel += 1;
            } else if st.honorific.is_none() {
                name_form += 1;
            } else {
                panel += 1;
            }
        }
        // Every paragraph that opens with a name in capitals is a statement header.
        for p in &doc.record.paragraphs {
            let text = doc.span_text(p.span);
            let caps: String = text
                .chars()
                .take_while(|c| !c.is_lowercase() && *c != '(' && *c != ',')
                .collect();
            let looks_like_header = caps
                .split_whitespace()
                .filter(|w| w.chars().count() > 2)
                .count()
                >= 2
                && caps
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
                && p.kind != ParagraphKind::Header;
            if looks_like_header {
                assert_eq!(p.kind, ParagraphKind::StatementHeader, "{s}: {text:.60}");
            }
        }
    }
    assert_eq!(
        name_form, 202,
        "NAME-form headers in the four meeting records"
    );
    assert_eq!(panel, 31, "panel turns");
}

#[test]
fn ordinary_paragraphs_are_not_statements() {
    let ws = seeds_workspace();
    let doc = ws.get(ws.id_of(SEEDS[0]).unwrap()).unwrap();
    for st in &doc.record.statements {
        let t = doc.span_text(st.header);
        assert!(!t.starts_with("The representative"), "{t}");
        assert!(!t.starts_with("When the floor"), "{t}");
    }
    // "The representative of Canada ..." in Panel I is narrative, not Mr. CHHAP's continuation.
    let canada = doc
        .text
        .find("The representative of Canada, highlighting")
        .unwrap();
    let p = doc.record.paragraph_at(canada).unwrap();
    assert_eq!(doc.record.paragraphs[p].kind, ParagraphKind::Narrative);
}

#[test]
fn headers_sections_and_symbols() {
    let ws = seeds_workspace();
    let get = |s: &str| ws.get(ws.id_of(s).unwrap()).unwrap();
    let d0 = get(SEEDS[0]);
    assert_eq!(d0.record.header.symbol(), Some("GA/12387"));
    assert_eq!(d0.record.header.session_number(), Some(76));
    assert_eq!(d0.record.header.meetings, vec![37]);
    let names: Vec<&str> = d0.record.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["Opening Remarks", "Statements", "Panel I", "Panel II"]
    );
    let d1 = get(SEEDS[1]);
    assert_eq!(
        d1.record.header.symbol(),
        None,
        "GA/12388 does not carry its symbol"
    );
    assert_eq!(d1.record.header.meetings, vec![38, 39]);
    assert_eq!(d1.record.statements.len(), 68);
    assert!(
        d1.record
            .sections
            .iter()
            .any(|s| s.name == "Right of Reply")
    );
    let d2 = get(SEEDS[2]);
    assert_eq!(d2.record.header.session_number(), Some(72));
    assert!(d2.record.subtitle.is_some());
    let d4 = get(SEEDS[4]);
    assert_eq!(d4.record.header.symbol(), None);
    assert_eq!(d4.record.statements.len(), 1);
    assert_eq!(d4.span_text(d4.record.statements[0].name), "Amina Mohammed");
    // The remarks run to the footer.
    assert!(d4.record.statements[0].paragraphs.len() > 10);
    assert!(d4.record.footer.is_some());
    assert_eq!(d4.record.noise.len(), 1);
}

#[test]
fn countries_are_found_with_identity_and_never_inside_words_or_names() {
    let ws = seeds_workspace();
    let gaz = &ws.gaz;
    let mut total = 0;
    for s in SEEDS {
        let doc = ws.get(ws.id_of(s).unwrap()).unwrap();
        for m in &doc.record.countries {
            total += 1;
            assert!(at_word_boundaries(&doc.text, m.span.start, m.span.end));
            assert!(
                !doc.record
                    .statements
                    .iter()
                    .any(|st| st.name.contains_span(m.span)),
                "{s}: country inside a speaker's name"
            );
        }
        // Every header's parenthesised country resolves.
        for st in &doc.record.statements {
            if let Some(a) = st.affiliation {
                assert!(
                    a.entity.is_some(),
                    "{s}: unresolved `{}`",
                    doc.span_text(a.span)
                );
            }
        }
    }
    assert!(total > 900, "{total}");
    let doc = ws.get(ws.id_of(SEEDS[0]).unwrap()).unwrap();
    let key_at = |needle: &str| {
        let at = doc.text.find(needle).unwrap();
        doc.record
            .countries
            .iter()
            .find(|m| m.span.start == at)
            .map(|m| gaz.entity(m.entity).key.clone())
    };
    assert_eq!(key_at("Greece’s delegate").as_deref(), Some("GRC"));
    assert_eq!(key_at("Greek Penal Code").as_deref(), Some("GRC"));
    assert_eq!(key_at("Cuban Government").as_deref(), Some("CUB"));
    assert_eq!(key_at("Venezuelan migrants").as_deref(), Some("VEN"));
    assert_eq!(key_at("Equatorial Guinea has").as_deref(), Some("GNQ"));
    assert_eq!(
        key_at("Democratic Republic of the Congo said").as_deref(),
        Some("COD")
    );
    let d1 = ws.get(ws.id_of(SEEDS[1]).unwrap()).unwrap();
    let at = d1.text.find("Côte d'Ivoire").unwrap();
    assert!(
        d1.record
            .countries
            .iter()
            .any(|m| m.span.start == at && gaz.entity(m.entity).key == "CIV")
    );
    let d2 = ws.get(ws.id_of(SEEDS[2]).unwrap()).unwrap();
    let at = d2
        .text
        .find("former Yugoslav Republic of Macedonia")
        .unwrap();
    assert!(
        d2.record
            .countries
            .iter()
            .any(|m| m.span.start == at && gaz.entity(m.entity).key == "MKD")
    );
}

#[test]
fn instruments_resolve_by_session() {
    let ws = seeds_workspace();
    let gaz = Gazetteer::builtin();
    for (seed, symbol) in [(SEEDS[0], "A/RES/76/7"), (SEEDS[2], "A/RES/72/1")] {
        let doc = ws.get(ws.id_of(seed).unwrap()).unwrap();
        let pd = doc
            .record
            .instruments
            .iter()
            .find(|m| doc.span_text(m.span) == "Political Declaration")
            .unwrap();
        assert_eq!(
            gaz.instrument(pd.instrument.unwrap()).symbol.as_deref(),
            Some(symbol)
        );
    }
    let doc = ws.get(ws.id_of(SEEDS[0]).unwrap()).unwrap();
    let palermo = doc
        .record
        .instruments
        .iter()
        .find(|m| doc.span_text(m.span) == "Palermo Protocol")
        .unwrap();
    assert_eq!(gaz.instrument(palermo.instrument.unwrap()).year, Some(2000));
    assert!(
        doc.record
            .references
            .iter()
            .any(|r| r.symbol == "A/RES/75/283")
    );
    assert!(
        doc.record
            .references
            .iter()
            .any(|r| r.symbol == "A/76/L.11")
    );
    let d1 = ws.get(ws.id_of(SEEDS[1]).unwrap()).unwrap();
    assert!(d1.record.references.iter().any(|r| r.symbol == "GA/12387"));
}

#[test]
fn speaker_identity_across_records() {
    let ws = seeds_workspace();
    let find = |seed: &str, name: &str| {
        let file = ws.id_of(seed).unwrap();
        let doc = ws.get(file).unwrap();
        let statement = doc
            .record
            .statements
            .iter()
            .position(|s| doc.span_text(s.name) == name)
            .unwrap();
        StatementRef { file, statement }
    };
    let kari = find(SEEDS[1], "KARI JOHNSTONE");
    let kari_a = find(SEEDS[3], "KARI A. JOHNSTONE");
    assert!(ws.same_speaker(kari).contains(&kari_a));
    assert_eq!(ws.speaker_key(kari), ws.speaker_key(kari_a));
    assert_eq!(ws.speaker_key(kari), "kari johnstone@USA");
    let maria = find(SEEDS[1], "MARÍA BASSOLS DELGADO");
    let maria2 = find(SEEDS[3], "MARIA BASSOLS DELGADO");
    assert_eq!(ws.speaker_key(maria), ws.speaker_key(maria2));
    let naela = find(SEEDS[1], "NAELA GABR");
    let naela_long = find(SEEDS[2], "NAELA GABR MOHAMED GABR ALI");
    assert_eq!(ws.speaker_key(naela), ws.speaker_key(naela_long));
    assert_eq!(ws.speaker_key(naela), "naela gabr@EGY");
    // Different people stay apart.
    let hoxha = find(SEEDS[1], "FERIT HOXHA");
    assert_ne!(ws.speaker_key(hoxha), ws.speaker_key(kari));
    // Panel turns are tied to the chair's full name.
    let d0 = ws.get(ws.id_of(SEEDS[0]).unwrap()).unwrap();
    for st in d0
        .record
        .statements
        .iter()
        .filter(|s| d0.span_text(s.name).starts_with("BLANCO"))
    {
        assert_eq!(
            d0.span_text(st.full_name.unwrap()),
            "José Alfonso Blanco Conde"
        );
    }
    let blanco = find(SEEDS[0], "BLANCO CONDE");
    assert_eq!(ws.speaker_key(blanco), "jose alfonso blanco conde@DOM");
}

#[test]
fn summary_attributions_rosters_and_replies() {
    let ws = seeds_workspace();
    let gaz = &ws.gaz;
    let d1 = ws.get(ws.id_of(SEEDS[1]).unwrap()).unwrap();
    let keys = |a: &rapporteur::record::Attribution| -> Vec<String> {
        a.targets
            .iter()
            .filter_map(|t| t.entity)
            .map(|e| gaz.entity(e).key.clone())
            .collect()
    };
    let cues: Vec<(String, Vec<String>)> = d1
        .record
        .attributions
        .iter()
        .filter(|a| a.zone == rapporteur::record::Zone::Summary)
        .map(|a| (d1.span_text(a.cue).to_string(), keys(a)))
        .collect();
    assert_eq!(
        cues[0],
        (
            "The representative of Slovakia".to_string(),
            vec!["SVK".to_string()]
        )
    );
    assert_eq!(
        cues[1],
        ("Croatia’s delegate".to_string(), vec!["HRV".to_string()])
    );
    let croatia = &d1.record.attributions[1];
    assert_eq!(croatia.quotations.len(), 1);
    let statements = d1
        .record
        .rosters
        .iter()
        .find(|r| r.kind == RosterKind::Statements)
        .unwrap();
    assert_eq!(statements.entities.len(), 59);
    assert!(
        d1.record
            .rosters
            .iter()
            .any(|r| r.kind == RosterKind::Observers && r.entities.len() == 2)
    );
    assert!(
        d1.record
            .rosters
            .iter()
            .any(|r| r.kind == RosterKind::RightOfReply)
    );
    let replies: Vec<Vec<String>> = d1
        .record
        .replies
        .iter()
        .map(|r| {
            r.targets
                .iter()
                .filter_map(|t| t.entity)
                .map(|e| gaz.entity(e).key.clone())
                .collect()
        })
        .collect();
    assert_eq!(
        replies,
        vec![
            vec!["TUR".to_string()],
            vec!["EU".to_string(), "POL".to_string()]
        ]
    );
    // A group cue and a titled person.
    let d0 = ws.get(ws.id_of(SEEDS[0]).unwrap()).unwrap();
    assert!(
        d0.record
            .attributions
            .iter()
            .any(|a| keys(a) == ["DZA", "COD", "DOM", "PER"])
    );
    let makei = d0
        .record
        .attributions
        .iter()
        .find(|a| d0.span_text(a.cue).starts_with("Vladimir Makei"))
        .unwrap();
    assert_eq!(keys(makei), ["BLR"]);
    let d2 = ws.get(ws.id_of(SEEDS[2]).unwrap()).unwrap();
    assert!(
        d2.record
            .attributions
            .iter()
            .any(|a| d2.span_text(a.cue) == "The European Union representative")
    );
    let d3 = ws.get(ws.id_of(SEEDS[3]).unwrap()).unwrap();
    let uae = d3
        .record
        .attributions
        .iter()
        .find(|a| d3.span_text(a.cue) == "that country’s delegate")
        .unwrap();
    assert_eq!(keys(uae), ["ARE"]);
}

#[test]
fn other_organs_and_years() {
    let mut ws = Workspace::default();
    for f in [
        "sc_15938_briefing.txt",
        "ga_shc_4321_third_committee.txt",
        "ga_9012_older_caps.txt",
        "sg_sm_21033_message.txt",
        "ga_12390_crlf.txt",
    ] {
        ws.upsert(f, read(&format!("crafted/{f}")));
    }
    let get = |s: &str| ws.get(ws.id_of(s).unwrap()).unwrap();
    let sc = get("sc_15938_briefing.txt");
    assert_eq!(sc.record.header.symbol(), Some("SC/15938"));
    assert_eq!(sc.record.header.meetings, vec![9501]);
    assert_eq!(sc.record.header.organ.as_deref(), Some("Security Council"));
    assert_eq!(sc.record.statements.len(), 12);
    assert!(
        sc.record
            .references
            .iter()
            .any(|r| r.symbol == "S/RES/2254(2015)")
    );
    assert!(
        sc.record
            .references
            .iter()
            .any(|r| r.symbol == "S/RES/2672(2023)")
    );
    // A United Nations envoy "for Syria" does not speak for Syria.
    assert!(sc.record.statements[0].affiliation.is_none());
    let shc = get("ga_shc_4321_third_committee.txt");
    assert_eq!(shc.record.header.symbol(), Some("GA/SHC/4321"));
    assert_eq!(shc.record.header.session_number(), Some(77));
    assert_eq!(shc.record.header.meetings, vec![12, 13]);
    let keys: Vec<&str> = shc
        .record
        .statements
        .iter()
        .map(|s| {
            ws.gaz
                .entity(s.affiliation.unwrap().entity.unwrap())
                .key
                .as_str()
        })
        .collect();
    assert_eq!(
        keys,
        [
            "NGA", "NER", "GNB", "GNQ", "PNG", "CIV", "KOR", "PRK", "PSE"
        ]
    );
    assert_eq!(shc.record.replies.len(), 1);
    let old = get("ga_9012_older_caps.txt");
    assert_eq!(old.record.header.session_number(), Some(55));
    assert!(old.record.title.is_some() && old.record.subtitle.is_some());
    let old_keys: Vec<&str> = old
        .record
        .statements
        .iter()
        .map(|s| {
            ws.gaz
                .entity(s.affiliation.unwrap().entity.unwrap())
                .key
                .as_str()
        })
        .collect();
    assert_eq!(old_keys, ["ITA", "TUR", "MKD", "SWZ"]);
    let sg = get("sg_sm_21033_message.txt");
    assert_eq!(
        sg.span_text(sg.record.statements[0].name),
        "António Guterres"
    );
    let crlf = get("ga_12390_crlf.txt");
    assert_eq!(crlf.record.statements.len(), 3);
    for st in &crlf.record.statements {
        assert!(!crlf.span_text(st.span).ends_with('\r'));
    }
}
