//! The one rule for "is this a record" (`files::RECORD_OPENING`, `files::RECORD_FOOTER`) against
//! the shared list of openings, and the editors' copies of it: VS Code's `firstLine` and
//! run-time check, and Neovim's detection, must be the same rule, not a look-alike.

use std::path::Path;

use rapporteur::files::{RECORD_FOOTER, RECORD_OPENING, looks_like_record};

fn repo_file(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// The shared openings: `editors/record-openings.json`, read by this test, by
/// `editors/vscode/test/firstline.js` and by `editors/nvim/test/test.lua`.
fn openings() -> Vec<(String, String, bool)> {
    let v: serde_json::Value =
        serde_json::from_str(&repo_file("editors/record-openings.json")).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["shape"].as_str().unwrap().to_string(),
                c["text"].as_str().unwrap().to_string(),
                c["record"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// A regular expression of the common subset (see `RECORD_OPENING`) in Vim's very-magic syntax:
/// `(?:` becomes `%(`, `\uXXXX` outside a class `%uXXXX`, `\r` and `\n` their codes (Vim's `\n`
/// matches no newline character in a string), and `&` is escaped.
fn to_vim_very_magic(re: &str) -> String {
    let mut out = String::from("\\v");
    let chars: Vec<char> = re.chars().collect();
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let next = chars[i + 1];
                // Matching a string, Vim's `\n` is no newline character: spell CR and LF by code.
                match (next, in_class) {
                    ('r', false) => out.push_str("%x0d"),
                    ('n', false) => out.push_str("%x0a"),
                    ('r', true) => out.push_str("\\x0d"),
                    ('n', true) => out.push_str("\\x0a"),
                    ('u', false) => out.push_str("%u"),
                    _ => {
                        out.push('\\');
                        out.push(next);
                    }
                }
                i += 2;
                continue;
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class
                && chars.get(i + 1) == Some(&'?')
                && chars.get(i + 2) == Some(&':') =>
            {
                out.push_str("%(");
                i += 3;
                continue;
            }
            '&' | '=' | '@' | '%' | '<' | '>' | '~' if !in_class => out.push('\\'),
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

#[test]
fn the_rule_recognises_every_opening() {
    let cases = openings();
    assert!(cases.len() >= 30);
    for (shape, text, record) in &cases {
        assert_eq!(looks_like_record(text), *record, "{shape}: {text:?}");
    }
}

#[test]
fn every_fixture_is_a_record() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for dir in [root.clone(), root.join("crafted"), root.join("faults")] {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                let text = std::fs::read_to_string(&p).unwrap();
                assert!(looks_like_record(&text), "{}", p.display());
            }
        }
    }
}

#[test]
fn vscode_first_line_is_the_rule() {
    let pkg: serde_json::Value =
        serde_json::from_str(&repo_file("editors/vscode/package.json")).unwrap();
    let langs = pkg["contributes"]["languages"].as_array().unwrap();
    let lang = langs.iter().find(|l| l["id"] == "un-record").unwrap();
    assert_eq!(lang["firstLine"].as_str().unwrap(), RECORD_OPENING);
    // The run-time check of *.txt documents reads the footer rule too.
    let ext = repo_file("editors/vscode/src/extension.ts");
    let footer_literal = serde_json::to_string(RECORD_FOOTER).unwrap();
    assert!(
        ext.contains(&format!("const RECORD_FOOTER = {footer_literal};")),
        "extension.ts must hold RECORD_FOOTER as {footer_literal}"
    );
}

#[test]
fn neovim_detection_is_the_rule() {
    let lua = repo_file("editors/nvim/lua/rapporteur/detect.lua");
    for (name, re) in [("OPENING", RECORD_OPENING), ("FOOTER", RECORD_FOOTER)] {
        let vim = to_vim_very_magic(re);
        assert!(
            lua.contains(&format!("M.{name} = [[{vim}]]")),
            "detect.lua must hold M.{name} = [[{vim}]]"
        );
    }
    assert!(lua.contains(&format!("M.RULE_LINES = {}", rapporteur::files::RULE_LINES)));
}
