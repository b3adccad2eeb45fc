//! `rapporteur export --format akn` through the real binary: every fixture's export is
//! well-formed XML in the Akoma Ntoso namespace that keeps every word of its record in order,
//! every `#reference` it uses is declared, and one person has one `TLCPerson` href across
//! records. (Validation against the OASIS schema: tests/akn-validate.sh.)

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const AKN: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

fn export(paths: &[&Path], out: &Path) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rapporteur"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["export", "--format", "akn", "--out-dir"])
        .arg(out)
        .args(paths);
    c.output().expect("binary runs")
}

fn fixture_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    vec![root.clone(), root.join("crafted"), root.join("faults")]
}

fn records_in(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    out.sort();
    out
}

/// Every text node of the document, in order: the export with its tags stripped.
fn text_of(doc: &roxmltree::Document) -> String {
    doc.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

/// `eId` → `href` of every TLC reference.
fn references(doc: &roxmltree::Document) -> HashMap<String, String> {
    doc.descendants()
        .filter(|n| n.tag_name().name().starts_with("TLC"))
        .map(|n| {
            (
                n.attribute("eId").unwrap().to_string(),
                n.attribute("href").unwrap().to_string(),
            )
        })
        .collect()
}

/// The href of each speech's speaker, in order.
fn speakers(doc: &roxmltree::Document) -> Vec<String> {
    let refs = references(doc);
    doc.descendants()
        .filter(|n| n.has_tag_name((AKN, "speech")))
        .map(|n| {
            let by = n.attribute("by").unwrap().trim_start_matches('#');
            refs[by].clone()
        })
        .collect()
}

#[test]
fn every_fixture_exports_well_formed_with_every_word_in_order() {
    let out = tempfile::tempdir().unwrap();
    for dir in fixture_dirs() {
        let o = export(&[&dir], out.path());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        for record in records_in(&dir) {
            let stem = record.file_stem().unwrap().to_string_lossy().into_owned();
            let xml = std::fs::read_to_string(out.path().join(format!("{stem}.xml"))).unwrap();
            let doc = roxmltree::Document::parse(&xml)
                .unwrap_or_else(|e| panic!("{}: not well-formed: {e}", record.display()));
            let root = doc.root_element();
            assert!(root.has_tag_name((AKN, "akomaNtoso")), "{stem}");
            let debate = root.first_element_child().unwrap();
            assert!(debate.has_tag_name((AKN, "debate")), "{stem}");
            let text = std::fs::read_to_string(&record).unwrap();
            assert_eq!(
                words(&text_of(&doc)),
                words(&text),
                "{}: the export's words differ from the record's",
                record.display()
            );
            // Every `#reference` points to a declared TLC.
            let refs = references(&doc);
            for n in doc.descendants().filter(|n| n.is_element()) {
                for a in ["by", "as", "refersTo"] {
                    if let Some(r) = n.attribute(a) {
                        let id = r.trim_start_matches('#');
                        assert!(refs.contains_key(id), "{stem}: {a}=\"{r}\" is not declared");
                    }
                }
            }
        }
    }
}

#[test]
fn one_person_has_one_href_across_records() {
    let out = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let o = export(
        &[
            &root.join("001_c043cd201b0f12f7.txt"),
            &root.join("003_1ccf80f226d00912.txt"),
        ],
        out.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let johnstone = "/akn/ontology/person/un/kari-johnstone-usa";
    for stem in ["001_c043cd201b0f12f7", "003_1ccf80f226d00912"] {
        let xml = std::fs::read_to_string(out.path().join(format!("{stem}.xml"))).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let speech = doc
            .descendants()
            .filter(|n| n.has_tag_name((AKN, "speech")))
            .find(|s| {
                s.children()
                    .find(|c| c.has_tag_name((AKN, "from")))
                    .is_some_and(|f| text_of_node(f).contains("JOHNSTONE"))
            })
            .unwrap_or_else(|| panic!("{stem}: no speech of KARI (A.) JOHNSTONE"));
        let by = speech.attribute("by").unwrap().trim_start_matches('#');
        assert_eq!(references(&doc)[by], johnstone, "{stem}");
    }
}

fn text_of_node(n: roxmltree::Node) -> String {
    n.descendants().filter_map(|d| d.text()).collect()
}

#[test]
fn the_same_record_under_another_symbol_names_the_same_people() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/000_ad5e1fdf5d9536eb.txt"),
    )
    .unwrap();
    assert!(seed.contains("GA/12387"));
    std::fs::write(dir.path().join("a.txt"), &seed).unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        seed.replace("GA/12387", "GA/99999"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = export(&[dir.path()], &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let read = |s: &str| std::fs::read_to_string(out.join(format!("{s}.xml"))).unwrap();
    let (a, b) = (read("a"), read("b"));
    let (a, b) = (
        roxmltree::Document::parse(&a).unwrap(),
        roxmltree::Document::parse(&b).unwrap(),
    );
    let people = |d: &roxmltree::Document| -> Vec<String> {
        d.descendants()
            .filter(|n| n.has_tag_name((AKN, "TLCPerson")))
            .map(|n| n.attribute("href").unwrap().to_string())
            .collect()
    };
    assert!(!people(&a).is_empty());
    assert_eq!(people(&a), people(&b));
    assert_eq!(speakers(&a), speakers(&b));
    let work = |d: &roxmltree::Document| {
        d.descendants()
            .find(|n| n.has_tag_name((AKN, "FRBRuri")))
            .and_then(|n| n.attribute("value"))
            .unwrap()
            .to_string()
    };
    assert!(work(&a).ends_with("/GA-12387"), "{}", work(&a));
    assert!(work(&b).ends_with("/GA-99999"), "{}", work(&b));
}

#[test]
fn markup_characters_are_escaped_and_two_records_with_one_stem_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/004_87f55e9cf2a6c102.txt"),
    )
    .unwrap();
    let text = seed.replacen("held today:", "held today <b>&amp; \"then\"</b>:", 1);
    assert_ne!(text, seed);
    std::fs::create_dir(dir.path().join("x")).unwrap();
    std::fs::write(dir.path().join("r.txt"), &text).unwrap();
    std::fs::write(dir.path().join("x/r.txt"), &seed).unwrap();
    let out = dir.path().join("out");
    let o = export(&[dir.path()], &out);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("not exported"));
    let xml = std::fs::read_to_string(out.join("r.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(words(&text_of(&doc)), words(&text));
}

#[test]
fn truncated_and_spliced_records_keep_every_word() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let a = std::fs::read_to_string(root.join("001_c043cd201b0f12f7.txt")).unwrap();
    let b = std::fs::read_to_string(root.join("crafted/older_layout_1998_ga_9460.txt")).unwrap();
    let cut = |s: &str, n: usize| {
        let mut i = s.len() * n / 11;
        while !s.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let mut texts = Vec::new();
    for n in 1..11 {
        texts.push(a[..cut(&a, n)].to_string());
        texts.push(format!("{}{}", &b[..cut(&b, n)], &a[cut(&a, n)..]));
    }
    for (i, t) in texts.iter().enumerate() {
        std::fs::write(dir.path().join(format!("r{i:02}.txt")), t).unwrap();
    }
    let out = dir.path().join("out");
    let paths: Vec<PathBuf> = (0..texts.len())
        .map(|i| dir.path().join(format!("r{i:02}.txt")))
        .collect();
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let o = export(&refs, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for (i, t) in texts.iter().enumerate() {
        let xml = std::fs::read_to_string(out.join(format!("r{i:02}.xml"))).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        assert_eq!(words(&text_of(&doc)), words(t), "r{i:02}");
    }
}
