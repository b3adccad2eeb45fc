//! The incremental path equals a from-scratch run: a seeded random sequence of edits to the
//! records of one meeting goes through the language server (memoised meeting analyses, indexes
//! updated one record at a time), and its diagnostics for the final texts must be those of
//! `rapporteur check` run on the same texts written to disk.

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::{Value, json};

const COUNTRIES: &[&str] = &[
    "Slovakia", "Croatia", "Sweden", "Greece", "Peru", "Fiji", "Bahrain", "Cyprus", "Mexico",
];

/// The meeting: seed 001 (meetings 38 & 39 of the seventy-sixth session, no symbol line) and two
/// records of seed 000 moved into the same meeting under their own symbols.
fn meeting() -> Vec<(String, String)> {
    let (_, s001) = fixture("001_c043cd201b0f12f7.txt");
    let (_, s000) = fixture("000_ad5e1fdf5d9536eb.txt");
    let b = s000.replacen(
        "37th Meeting (AM & PM)\nGA/12387",
        "38th Meeting (AM)\nGA/12391",
        1,
    );
    let c = s000.replacen(
        "37th Meeting (AM & PM)\nGA/12387",
        "39th Meeting (PM)\nGA/12392",
        1,
    );
    vec![
        ("a.txt".to_string(), s001),
        ("b.txt".to_string(), b),
        ("c.txt".to_string(), c),
    ]
}

/// Byte offsets of the paragraph starts of a text (after the masthead and title).
fn paragraph_starts(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("\n\n") {
        let at = from + i + 2;
        if at < text.len() {
            out.push(at);
        }
        from = at;
    }
    out.into_iter().skip(4).collect()
}

fn paragraph_at(text: &str, start: usize) -> (usize, usize) {
    let end = text[start..]
        .find("\n\n")
        .map_or(text.len(), |i| start + i + 2);
    (start, end)
}

/// One random edit of `text`: (start, end, replacement) in bytes.
fn random_edit(rng: &mut Rng, text: &str, others: &[String]) -> (usize, usize, String) {
    let paragraphs = paragraph_starts(text);
    match rng.below(6) {
        // A header's or the summary's country replaced by another.
        0 | 1 => {
            let mentions: Vec<(usize, &str)> = COUNTRIES
                .iter()
                .flat_map(|c| text.match_indices(c).map(|(i, _)| (i, *c)))
                .collect();
            if let Some(&(at, old)) = mentions.get(rng.below(mentions.len())) {
                let new = COUNTRIES[rng.below(COUNTRIES.len())];
                return (at, at + old.len(), new.to_string());
            }
            (0, 0, String::new())
        }
        // A paragraph deleted.
        2 if !paragraphs.is_empty() => {
            let (s, e) = paragraph_at(text, paragraphs[rng.below(paragraphs.len())]);
            (s, e, String::new())
        }
        // A paragraph printed twice.
        3 if !paragraphs.is_empty() => {
            let (s, e) = paragraph_at(text, paragraphs[rng.below(paragraphs.len())]);
            let at = paragraphs[rng.below(paragraphs.len())];
            (at, at, text[s..e].to_string())
        }
        // A summary sentence quoting words of a statement of another record.
        4 => {
            let other = &others[rng.below(others.len())];
            let words: Vec<&str> = other.split_whitespace().collect();
            let from = rng.below(words.len().saturating_sub(12));
            let quote = words[from..(from + 8).min(words.len())].join(" ");
            let who = COUNTRIES[rng.below(COUNTRIES.len())];
            let at = paragraphs.first().copied().unwrap_or(0);
            (
                at,
                at,
                format!("{who}’s delegate said “{quote}”, and called for action.\n\n"),
            )
        }
        // The record moved to another meeting, or back.
        _ => {
            for (old, new) in [
                ("38th Meeting (AM)", "40th Meeting (AM)"),
                ("40th Meeting (AM)", "38th Meeting (AM)"),
                ("39th Meeting (PM)", "41st Meeting (PM)"),
                ("41st Meeting (PM)", "39th Meeting (PM)"),
            ] {
                if let Some(at) = text.find(old) {
                    return (at, at + old.len(), new.to_string());
                }
            }
            (0, 0, String::new())
        }
    }
}

/// A diagnostic as (byte offset, code, message), comparable across the server and the CLI.
type Finding = (usize, String, String);

fn server_findings(text: &str, diags: &[Value], enc: Enc) -> BTreeSet<Finding> {
    diags
        .iter()
        .map(|d| {
            let start = &d["range"]["start"];
            let offset = offset_of(
                text,
                start["line"].as_u64().unwrap() as u32,
                start["character"].as_u64().unwrap() as u32,
                enc,
            );
            (
                offset,
                d["code"].as_str().unwrap_or_default().to_string(),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The findings `check` reported for the record `name` whose text is `text`.
fn check_findings(fresh: &[Value], name: &str, text: &str) -> BTreeSet<Finding> {
    fresh
        .iter()
        .filter(|d| d["path"].as_str() == Some(name))
        .map(|d| {
            (
                offset_of_chars(
                    text,
                    d["line"].as_u64().unwrap() as usize,
                    d["column"].as_u64().unwrap() as usize,
                ),
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Byte offset of a 1-based line and 1-based column counted in characters.
fn offset_of_chars(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let rest = &text[line_start..];
    line_start
        + rest
            .char_indices()
            .nth(column - 1)
            .map_or(rest.len(), |(i, _)| i)
}

#[tokio::test]
async fn random_edits_through_the_server_equal_a_fresh_check() {
    let enc = Enc::Utf16;
    let mut c = spawn_in_process(json!({}), enc);
    c.initialize(None, json!({})).await;
    let mut docs = meeting();
    let uri = |name: &str| format!("file:///virtual/{name}");
    for (name, text) in &docs {
        c.open(&uri(name), text, 1);
    }
    for (name, _) in &docs {
        c.diagnostics_for(&uri(name), 1).await;
    }

    let mut rng = Rng(0x5eed_1234_abcd_0042);
    let mut versions = vec![1i64; docs.len()];
    for _ in 0..24 {
        let d = rng.below(docs.len());
        let others: Vec<String> = docs.iter().map(|(_, t)| t.clone()).collect();
        let (start, end, new) = random_edit(&mut rng, &docs[d].1, &others);
        if start == end && new.is_empty() {
            continue;
        }
        let text = &docs[d].1;
        let range = json!({"start": c.pos(text, start), "end": c.pos(text, end)});
        versions[d] += 1;
        c.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri(&docs[d].0), "version": versions[d]},
                "contentChanges": [{"range": range, "text": new}]
            }),
        );
        docs[d].1.replace_range(start..end, &new);
        // The edited record's diagnostics come for its new version (pushed, incremental).
        c.diagnostics_for(&uri(&docs[d].0), versions[d]).await;
    }

    // From scratch: the final texts on disk, through `rapporteur check`.
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in &docs {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let fresh = fresh_check(dir.path());

    for (name, text) in &docs {
        let pulled = c
            .request(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": uri(name)}}),
            )
            .await;
        let items = pulled["items"].as_array().cloned().unwrap_or_default();
        let incremental = server_findings(text, &items, enc);
        let expected = check_findings(&fresh, name, text);
        assert_eq!(
            incremental,
            expected,
            "{name}: the server after {} edits differs from a fresh check",
            versions.iter().sum::<i64>() - 3
        );
    }
    c.shutdown().await;
}

/// A closed record of an open record's meeting is kept as facts and parsed from disk on demand:
/// the open record's diagnostics are still those `check` gives with both records on disk.
#[tokio::test]
async fn a_closed_record_of_the_meeting_counts_as_if_it_were_open() {
    // Seed 001 cut in two records of one meeting: its summary (opened), and its statements
    // (closed, on disk), which every attribution of the summary needs.
    let (_, s001) = fixture("001_c043cd201b0f12f7.txt");
    let lines: Vec<&str> = s001.split_inclusive('\n').collect();
    let summary: String = lines[..35].concat();
    let statements = format!(
        "Seventy-sixth Session,\n38th & 39th Meetings (AM & PM)\nGA/12393\n\nStatements\n\n{}",
        lines[35..].concat()
    );
    let docs = vec![
        ("a.txt".to_string(), summary),
        ("b.txt".to_string(), statements),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in &docs {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let fresh = fresh_check(dir.path());

    let enc = Enc::Utf16;
    let mut c = spawn_in_process(json!({}), enc);
    c.initialize(Some(dir.path()), json!({})).await;
    c.wait_indexed().await;
    let (name, text) = &docs[0];
    let uri = file_uri(&dir.path().join(name));
    c.open(&uri, text, 1);
    let pushed = c.diagnostics_for(&uri, 1).await;
    let incremental = server_findings(text, &pushed, enc);
    let expected = check_findings(&fresh, name, text);
    assert!(!expected.is_empty(), "the meeting's records raise findings");
    assert_eq!(incremental, expected);
    c.shutdown().await;
}

/// What cross-record requests answer from a closed record's facts (references, rename, hover,
/// the symbol search) is what they answer when that record is open and parsed.
#[tokio::test]
async fn closed_records_answer_as_open_ones() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "000_ad5e1fdf5d9536eb.txt",
        "001_c043cd201b0f12f7.txt",
        "002_c8db3da65464a602.txt",
        "003_1ccf80f226d00912.txt",
    ];
    for n in names {
        std::fs::write(dir.path().join(n), fixture(n).1).unwrap();
    }
    let enc = Enc::Utf16;
    let (_, a_text) = fixture(names[1]);
    let a_uri = file_uri(&dir.path().join(names[1]));
    // KARI JOHNSTONE speaks in 001 and, as KARI A. JOHNSTONE, in 003; the United States is
    // named in every record.
    let country = inside(&a_text, "KARI JOHNSTONE (United States)", 18);
    let speaker = inside(&a_text, "KARI JOHNSTONE (United States)", 3);
    let at = |c: &Client, offset: usize| json!({"textDocument": {"uri": a_uri}, "position": c.pos(&a_text, offset)});
    // The answers with only record 001 open, then with every record open.
    let mut answers = Vec::new();
    for open_all in [false, true] {
        let mut c = spawn_in_process(json!({}), enc);
        c.initialize(Some(dir.path()), json!({})).await;
        c.wait_indexed().await;
        for n in names {
            if open_all || n == names[1] {
                c.open(&file_uri(&dir.path().join(n)), &fixture(n).1, 1);
            }
        }
        c.diagnostics_for(&a_uri, 1).await;
        let mut refs = json!({});
        for (what, offset) in [("country", country), ("speaker", speaker)] {
            let mut p = at(&c, offset);
            p["context"] = json!({"includeDeclaration": true});
            refs[what] = c.request("textDocument/references", p).await;
        }
        let hover = c.request("textDocument/hover", at(&c, country)).await;
        let mut rename = at(&c, speaker);
        rename["newName"] = json!("KARI JOHNSTON");
        let edit = c.request("textDocument/rename", rename).await;
        let symbols = c
            .request("workspace/symbol", json!({"query": "johnstone"}))
            .await;
        // Places in closed records too.
        let files = |what: &str| -> std::collections::HashSet<String> {
            refs[what]
                .as_array()
                .into_iter()
                .flatten()
                .map(|l| l["uri"].to_string())
                .collect()
        };
        assert!(files("country").len() >= 3, "{refs}");
        assert_eq!(files("speaker").len(), 2, "{refs}");
        // Each place says what it should, in the record's text as written.
        let said = |loc: &Value| {
            let uri = loc["uri"].as_str().unwrap();
            let name = uri.rsplit('/').next().unwrap();
            range_text(&fixture(name).1, &loc["range"], enc).to_string()
        };
        for loc in refs["speaker"].as_array().unwrap() {
            assert!(said(loc).ends_with("JOHNSTONE"), "{}", said(loc));
        }
        for loc in refs["country"].as_array().unwrap() {
            assert!(said(loc).contains("United States"), "{}", said(loc));
        }
        answers.push(json!({"refs": refs, "hover": hover, "rename": edit, "symbols": symbols}));
        c.shutdown().await;
    }
    // Locations as sets: the order of records may differ, the places may not.
    let sorted = |v: &Value| {
        let mut items: Vec<String> = v
            .as_array()
            .map(|a| a.iter().map(Value::to_string).collect())
            .unwrap_or_default();
        items.sort();
        items
    };
    for what in ["country", "speaker"] {
        assert_eq!(
            sorted(&answers[0]["refs"][what]),
            sorted(&answers[1]["refs"][what]),
            "references to the {what}"
        );
    }
    assert_eq!(answers[0]["hover"], answers[1]["hover"]);
    assert_eq!(
        sorted(&answers[0]["symbols"]),
        sorted(&answers[1]["symbols"])
    );
    let edits = |v: &Value| {
        let mut out: Vec<String> = v["documentChanges"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|d| {
                let uri = d["textDocument"]["uri"].to_string();
                d["edits"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(move |e| format!("{uri} {}", e))
            })
            .collect();
        out.sort();
        out
    };
    assert!(!edits(&answers[0]["rename"]).is_empty());
    assert_eq!(edits(&answers[0]["rename"]), edits(&answers[1]["rename"]));
}
