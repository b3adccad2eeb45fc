//! Faults injected into copies of the real seed records must be reported at the right line with
//! the right code, and add almost nothing else; the clean seeds get no error.

use std::collections::HashSet;
use std::path::Path;

use rapporteur::checks::{CheckCode, Diagnostic, Severity, check_file};
use rapporteur::config::Config;
use rapporteur::workspace::Workspace;

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

/// (seed index, text to find, replacement, expected code). The expected line is the line of the
/// first changed character.
struct Injection {
    seed: usize,
    find: &'static str,
    replace: &'static str,
    code: CheckCode,
}

const fn inj(seed: usize, find: &'static str, replace: &'static str, code: CheckCode) -> Injection {
    Injection {
        seed,
        find,
        replace,
        code,
    }
}

fn injections() -> Vec<Injection> {
    use CheckCode::*;
    vec![
        // A country swapped in a summary sentence: to one that did not speak, to one that did.
        inj(
            1,
            "The representative of Slovakia said",
            "The representative of Slovenia said",
            AttributionWithoutStatement,
        ),
        inj(
            1,
            "The representative of Slovakia said",
            "The representative of Croatia said",
            AttributionMismatch,
        ),
        inj(
            1,
            "The representative of Sweden agreed",
            "The representative of Norway agreed",
            AttributionWithoutStatement,
        ),
        inj(
            1,
            "Israel’s representative noted",
            "Jordan’s representative noted",
            AttributionWithoutStatement,
        ),
        inj(
            1,
            "The representative of Ghana pointed",
            "The representative of Kenya pointed",
            AttributionMismatch,
        ),
        inj(
            1,
            "Angola’s delegate agreed",
            "Mozambique’s delegate agreed",
            AttributionWithoutStatement,
        ),
        inj(
            3,
            "Venezuela’s representative said",
            "Colombia’s representative said",
            AttributionMismatch,
        ),
        inj(
            3,
            "Iran’s delegate, pointing",
            "Iraq’s delegate, pointing",
            AttributionMismatch,
        ),
        inj(
            3,
            "Australia’s representative said regional",
            "Austria’s representative said regional",
            AttributionMismatch,
        ),
        inj(
            0,
            "Greece’s delegate said concrete",
            "Cyprus’s delegate said concrete",
            AttributionWithoutStatement,
        ),
        inj(
            0,
            "Burkina Faso’s delegate said",
            "Mali’s delegate said",
            AttributionWithoutStatement,
        ),
        // A quotation moved into another delegation's summary.
        inj(
            1,
            "The right laws can also help curb trafficking.",
            "“It is also a symptom of our lack of coordination and solidarity in governing a globally interconnected world,” he said.",
            MisattributedQuote,
        ),
        inj(
            3,
            "Balanced attention must be paid to both countries of origin and destination",
            "“We have to step up our efforts to make sure that trafficking is a ‘high risk, no reward’ business,” he said.  Balanced attention must be paid to both countries of origin and destination",
            MisattributedQuote,
        ),
        // A header's country changed or misspelt.
        inj(
            1,
            "RÓBERT CHATRNÚCH (Slovakia)",
            "RÓBERT CHATRNÚCH (Slovenia)",
            SpeakerCountryConflict,
        ),
        inj(
            1,
            "RÓBERT CHATRNÚCH (Slovakia)",
            "RÓBERT CHATRNÚCH (Slovakai)",
            UnknownCountry,
        ),
        inj(
            1,
            "JAMAL FARES ALROWAIEI (Bahrain) reiterated",
            "JAMAL FARES ALROWAIEI (Kuwait) reiterated",
            SpeakerCountryConflict,
        ),
        inj(
            3,
            "SHEILA CAREY (Bahamas)",
            "SHEILA CAREY (Bahamsa)",
            UnknownCountry,
        ),
        inj(
            1,
            "KARI JOHNSTONE (United States)",
            "KARI JOHNSTONE (Unted States)",
            UnknownCountry,
        ),
        inj(
            1,
            "The representative of Slovakia said",
            "The representative of Slovakai said",
            UnknownCountry,
        ),
        inj(
            3,
            "Iran’s delegate, pointing",
            "Irna’s delegate, pointing",
            UnknownCountry,
        ),
        // A minister's title given another country.
        inj(
            0,
            "VLADIMIR MAKEI, Minister for Foreign Affairs of Belarus",
            "VLADIMIR MAKEI, Minister for Foreign Affairs of Ukraine",
            SpeakerCountryConflict,
        ),
        inj(
            2,
            "ANIFAH AMAN, Minister for Foreign Affairs of Malaysia",
            "ANIFAH AMAN, Minister for Foreign Affairs of Indonesia",
            SpeakerCountryConflict,
        ),
        inj(
            2,
            "ANDREI DAPKIUNAS, Vice-Minister for Foreign Affairs of Belarus",
            "ANDREI DAPKIUNAS, Vice-Minister for Foreign Affairs of Lithuania",
            SpeakerCountryConflict,
        ),
        // A delegation added to a roster.
        inj(
            1,
            "Sierra Leone, South Africa, United Kingdom",
            "Sierra Leone, Fiji, South Africa, United Kingdom",
            RosterMismatch,
        ),
        inj(
            3,
            "Jamaica, Sweden, Italy, Nigeria",
            "Jamaica, Sweden, Norway, Italy, Nigeria",
            RosterMismatch,
        ),
        inj(
            0,
            "Colombia, Equatorial Guinea, Jamaica",
            "Colombia, Equatorial Guinea, Senegal, Jamaica",
            RosterMismatch,
        ),
        // An instrument's year changed or its title misspelt.
        inj(
            1,
            "the 2010 United Nations Global Plan",
            "the 2012 United Nations Global Plan",
            InstrumentYearMismatch,
        ),
        inj(
            3,
            "the 2016\u{a0}New York Declaration",
            "the 2015\u{a0}New York Declaration",
            InstrumentYearMismatch,
        ),
        inj(
            1,
            "the 2000 United Nations Trafficking",
            "the 2003 United Nations Trafficking",
            InstrumentYearMismatch,
        ),
        inj(
            0,
            "Convention Against Transnational Organized Crime and the Global Plan",
            "Convention Against Transnational Organised Crimes and the Global Plan",
            NoncanonicalInstrument,
        ),
        inj(
            2,
            "New York Declaration for Refugees and Migrants to combat",
            "New York Declaration on Refugees and Migrant to combat",
            NoncanonicalInstrument,
        ),
        // A cross-reference changed.
        inj(
            1,
            "(See Press Release GA/12387.)",
            "(See Press Release GA/12378.)",
            UnresolvedReference,
        ),
        // An honorific flipped.
        inj(
            0,
            "Ms. MINGEIROU pointed out",
            "Mr. MINGEIROU pointed out",
            HonorificMismatch,
        ),
        inj(
            2,
            "Ms.\u{a0}EZEILO said economic",
            "Mr.\u{a0}EZEILO said economic",
            HonorificMismatch,
        ),
        inj(
            0,
            "Mr. CHATZIS said child slavery",
            "Ms. CHATZIS said child slavery",
            HonorificMismatch,
        ),
        // A right of reply aimed at a delegation that never spoke.
        inj(
            1,
            "made by the delegation of Turkey",
            "made by the delegation of Cyprus",
            ReplyWithoutStatement,
        ),
        inj(
            1,
            "representatives of the European Union and Poland",
            "representatives of the European Union and Lithuania",
            ReplyWithoutStatement,
        ),
        // Cases written after the checks were tuned, kept as a held-out set.
        inj(
            3,
            "Guinea’s representative said",
            "Ghana’s representative said",
            AttributionWithoutStatement,
        ),
        inj(
            3,
            "IBRAHIMA KOMARA (Guinea)",
            "IBRAHIMA KOMARA (Ghana)",
            SpeakerCountryConflict,
        ),
        inj(
            1,
            "KYAW MOE TUN (Myanmar)",
            "KYAW MOE TUN (Thailand)",
            SpeakerCountryConflict,
        ),
        inj(
            0,
            "Liechtenstein’s representative said her country’s",
            "Luxembourg’s representative said her country’s",
            AttributionMismatch,
        ),
        inj(
            2,
            "Anifah Aman, Minister for Foreign Affairs of Malaysia, noted",
            "Anifah Aman, Minister for Foreign Affairs of Brunei Darussalam, noted",
            SpeakerCountryConflict,
        ),
        inj(
            3,
            "SIMA SAMI BAHOUS (Jordan)",
            "SIMA SAMI BAHOUS (Lebanon)",
            SpeakerCountryConflict,
        ),
        inj(
            1,
            "NAELA GABR (Egypt)",
            "NAELA GABR (Tunisia)",
            SpeakerCountryConflict,
        ),
        inj(
            0,
            "TEODORO LOCSIN (Philippines)",
            "TEODORO LOCSIN (Indonesia)",
            SpeakerCountryConflict,
        ),
        inj(
            1,
            "Kenya, Germany, Brazil",
            "Kenya, Germany, Peru, Brazil",
            RosterMismatch,
        ),
        inj(
            3,
            "KAIRAT UMAROV (Kazakhstan)",
            "KAIRAT UMAROV (Kyrgyzstan)",
            SpeakerCountryConflict,
        ),
        // The same person in another record of the session (GA/11955) speaks for Hungary.
        inj(
            3,
            "KATALIN ANNAMÁRIA BOGYAY (Hungary), associating",
            "KATALIN ANNAMÁRIA BOGYAY (Austria), associating",
            SpeakerCountryConflict,
        ),
        // Two records given one symbol.
        inj(
            1,
            "38th & 39th Meetings (AM & PM)\n",
            "38th & 39th Meetings (AM & PM)\nGA/12387\n",
            DuplicateSymbol,
        ),
        inj(3, "GA/11957", "GA/11955", DuplicateSymbol),
    ]
}

/// File, code, line, message, and the text under the finding (the key that survives a shift of
/// lines).
type Finding = (String, CheckCode, usize, String, String);

/// What identifies a finding across an injection that moves lines: no line numbers.
fn key(f: &Finding) -> (String, CheckCode, String, String) {
    (
        f.0.clone(),
        f.1,
        f.3.chars().filter(|c| !c.is_ascii_digit()).collect(),
        f.4.clone(),
    )
}

fn findings(texts: &[String]) -> Vec<Finding> {
    let mut ws = Workspace::default();
    let ids: Vec<usize> = SEEDS
        .iter()
        .zip(texts)
        .map(|(n, t)| ws.upsert(n, t.as_str()))
        .collect();
    let config = Config::default();
    let mut out = Vec::new();
    for id in ids {
        for d in check_file(&ws, id, &config) {
            out.push(describe(&ws, &d));
        }
    }
    out
}

fn describe(ws: &Workspace, d: &Diagnostic) -> Finding {
    let doc = ws.get(d.file).unwrap();
    let line = doc.lines.line_of(d.span.start) + 1;
    (
        doc.name.clone(),
        d.code,
        line,
        d.message.clone(),
        doc.span_text(d.span).to_string(),
    )
}

#[test]
fn clean_seeds_have_no_errors_and_their_slips_are_reported() {
    let texts: Vec<String> = SEEDS.iter().map(|s| read(s)).collect();
    let mut ws = Workspace::default();
    let ids: Vec<usize> = SEEDS
        .iter()
        .zip(&texts)
        .map(|(n, t)| ws.upsert(n, t.as_str()))
        .collect();
    let config = Config::default();
    let all: Vec<Diagnostic> = ids
        .iter()
        .flat_map(|&id| check_file(&ws, id, &config))
        .collect();
    let errors: Vec<Finding> = all
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| describe(&ws, d))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let found: HashSet<(String, CheckCode, usize)> = all
        .iter()
        .map(|d| {
            let f = describe(&ws, d);
            (f.0, f.1, f.2)
        })
        .collect();
    // Mr. Bien-Aimé in a paragraph where she is otherwise Ms. BIEN-AIMÉ.
    assert!(found.contains(&(SEEDS[0].into(), CheckCode::HonorificMismatch, 147)));
    // Ms. DARTON for Ms. DARNTON.
    assert!(found.contains(&(SEEDS[0].into(), CheckCode::NameVariant, 233)));
    // Paragraphs printed twice.
    for line in [209, 211, 213, 215] {
        assert!(
            found.contains(&(SEEDS[0].into(), CheckCode::DuplicateParagraph, line)),
            "{line}"
        );
    }
    // Instruments under variant titles.
    assert!(found.contains(&(SEEDS[1].into(), CheckCode::NoncanonicalInstrument, 66)));
    assert!(found.contains(&(SEEDS[2].into(), CheckCode::NoncanonicalInstrument, 53)));
}

#[test]
fn injected_faults_are_reported_at_the_right_line_with_the_right_code() {
    let clean: Vec<String> = SEEDS.iter().map(|s| read(s)).collect();
    let baseline: HashSet<_> = findings(&clean).iter().map(key).collect();
    let mut hits = 0;
    let mut misses = Vec::new();
    let mut extra = Vec::new();
    let all = injections();
    for inj in &all {
        let mut texts = clean.clone();
        let at = texts[inj.seed]
            .find(inj.find)
            .unwrap_or_else(|| panic!("fixture text not found: {}", inj.find));
        texts[inj.seed] = texts[inj.seed].replacen(inj.find, inj.replace, 1);
        // The line of the first character the injection changed.
        let changed = inj
            .find
            .bytes()
            .zip(inj.replace.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let line = texts[inj.seed][..at + changed].matches('\n').count() + 1;
        let got = findings(&texts);
        let new: Vec<&Finding> = got.iter().filter(|f| !baseline.contains(&key(f))).collect();
        let hit = new
            .iter()
            .any(|f| f.0 == SEEDS[inj.seed] && f.1 == inj.code && f.2 == line);
        if hit {
            hits += 1;
        } else {
            misses.push(format!(
                "{} → {}: expected {} at {}:{line}; new findings {:?}",
                inj.find, inj.replace, inj.code, SEEDS[inj.seed], new
            ));
        }
        for f in new {
            let expected = f.0 == SEEDS[inj.seed] && f.1 == inj.code && f.2 == line;
            // A duplicate symbol is reported on both records that claim it.
            let twin = inj.code == CheckCode::DuplicateSymbol && f.1 == CheckCode::DuplicateSymbol;
            if !expected && !twin {
                extra.push(format!("{} → {}: {:?}", inj.find, inj.replace, f));
            }
        }
    }
    let rate = hits as f64 / all.len() as f64;
    eprintln!(
        "detected {hits}/{} ({:.0}%), {} other findings",
        all.len(),
        rate * 100.0,
        extra.len()
    );
    for m in &misses {
        eprintln!("MISS {m}");
    }
    for e in &extra {
        eprintln!("EXTRA {e}");
    }
    assert!(rate >= 0.85, "detection rate {rate:.2} below 0.85");
    assert!(
        extra.len() * 4 <= all.len(),
        "too many other findings: {}",
        extra.len()
    );
}

/// The faulty records under fixtures/faults/ (each a seed given a meeting of its own and one
/// fault, named by the code it must raise) against their clean twins, the seeds.
#[test]
fn fault_fixtures_raise_their_code_and_nothing_else() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/faults");
    let mut ws = Workspace::default();
    let seed_ids: Vec<usize> = SEEDS.iter().map(|s| ws.upsert(s, read(s))).collect();
    let mut faults = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        let id = ws.upsert(&name, std::fs::read_to_string(&p).unwrap());
        faults.push((name, id));
    }
    faults.sort();
    let config = Config::default();
    // What the clean twins already say, by code and text, so only what a fault adds is counted.
    let twin_findings: HashSet<(CheckCode, String)> = seed_ids
        .iter()
        .flat_map(|&id| check_file(&ws, id, &config))
        .map(|d| {
            (
                d.code,
                ws.get(d.file).unwrap().span_text(d.span).to_string(),
            )
        })
        .collect();
    assert!(faults.len() >= 14, "{faults:?}");
    for (name, id) in &faults {
        let code_name = name.trim_end_matches("-a").trim_end_matches("-b");
        let expected =
            CheckCode::from_code(code_name).unwrap_or_else(|| panic!("{name} names no check"));
        let added: Vec<Diagnostic> = check_file(&ws, *id, &config)
            .into_iter()
            .filter(|d| {
                !twin_findings.contains(&(
                    d.code,
                    ws.get(d.file).unwrap().span_text(d.span).to_string(),
                ))
            })
            .collect();
        assert!(
            added.iter().any(|d| d.code == expected),
            "{name}: {expected} not raised; added {added:#?}"
        );
        let others: Vec<_> = added
            .iter()
            .filter(|d| d.code != expected)
            .map(|d| (d.code, &d.message))
            .collect();
        assert!(others.is_empty(), "{name}: other findings {others:#?}");
    }
    // And none of the codes fires on the clean seeds at error level.
    for &id in &seed_ids {
        assert!(
            check_file(&ws, id, &config)
                .iter()
                .all(|d| d.severity != Severity::Error)
        );
    }
}

/// A meeting reported in two records (the summary in one, the statements in the other): a
/// header in the second is blamed by the summary of the first.
#[test]
fn a_summary_in_one_record_blames_a_header_in_another() {
    let full = read(SEEDS[1]);
    let lines: Vec<&str> = full.lines().collect();
    let masthead = "Seventy-sixth Session,\n38th & 39th Meetings (AM & PM)\n";
    let summary = format!("{masthead}GA/12388\n\n{}\n", lines[4..33].join("\n"));
    let statements = format!(
        "{masthead}GA/12389\n\nStatements\n\n{}\n",
        lines[35..].join("\n")
    )
    .replace("RÓBERT CHATRNÚCH (Slovakia)", "RÓBERT CHATRNÚCH (Slovenia)");
    let mut ws = Workspace::default();
    let a = ws.upsert("summary.txt", summary);
    let b = ws.upsert("statements.txt", statements);
    assert!(ws.same_meeting(a).contains(&b));
    let config = Config::default();
    let found: Vec<(CheckCode, String)> = check_file(&ws, b, &config)
        .into_iter()
        .map(|d| (d.code, ws.get(b).unwrap().span_text(d.span).to_string()))
        .collect();
    assert!(
        found.contains(&(CheckCode::SpeakerCountryConflict, "Slovenia".to_string())),
        "{found:?}"
    );
}
