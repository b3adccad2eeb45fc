//! The server in process over a tokio duplex pipe: each feature on small fixtures with `$0` at
//! the cursor (multi-record fixtures start each file with `//- name.txt`), positions with
//! non-BMP characters, accented names and CRLF, versions of diagnostics, configuration,
//! watched files and workspace folders.

mod common;

use std::collections::HashMap;

use common::*;
use serde_json::{Value, json};

const A: &str = "Seventy-sixth Session,
40th Meeting (AM)
GA/20001

Assembly Hears Delegates on Trafficking in Persons

The representative of Slovakia said the Political Declaration was a decisive step, and Slovakia stands ready to collaborate with partners.  (See Press Release GA/20002.)

Statements

RÓBERT CHATRNÚCH (Slovakia) said that Slovakia stands ready to collaborate with partners against organized crime and welcomed the Political Declaration.

He added that more had to be done for victims 𐐀 😀 of trafficking in Slovakia.

KARI JOHNSTONE (United States) said “trafficking is a crime against humanity” and must end.
";

const B: &str = "Seventy-sixth Session,
41st Meeting (PM)
GA/20002

Assembly Continues Debate on Trafficking

KARI A. JOHNSTONE (United States) said the United States would continue to fight trafficking.
";

/// One file of a fixture: its URI, text (without `$0`) and cursor.
struct File {
    uri: String,
    text: String,
    cursor: Option<usize>,
}

/// Splits a `//- name.txt` fixture into files (a fixture without such lines is one `main.txt`).
fn files(fixture: &str) -> Vec<(String, String)> {
    if !fixture.starts_with("//- ") {
        return vec![("main.txt".to_string(), fixture.to_string())];
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for line in fixture.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix("//- ") {
            out.push((name.trim().to_string(), String::new()));
        } else if let Some(last) = out.last_mut() {
            last.1.push_str(line);
        }
    }
    out
}

/// Starts a server, opens every file of the fixture and waits for their first diagnostics.
async fn open(fixture: &str, enc: Enc) -> (Client, HashMap<String, File>) {
    open_with(fixture, enc, json!({}), json!({})).await
}

async fn open_with(
    fixture: &str,
    enc: Enc,
    init: Value,
    settings: Value,
) -> (Client, HashMap<String, File>) {
    let mut c = spawn_in_process(settings, enc);
    c.initialize(None, init).await;
    let mut out = HashMap::new();
    for (name, text) in files(fixture) {
        let (text, cursor) = match text.find("$0") {
            Some(_) => {
                let (t, at) = cursor(&text);
                (t, Some(at))
            }
            None => (text, None),
        };
        let uri = format!("file:///virtual/{name}");
        c.open(&uri, &text, 1);
        out.insert(name, File { uri, text, cursor });
    }
    for f in out.values() {
        c.diagnostics_for(&f.uri, 1).await;
    }
    (c, out)
}

fn at_cursor(files: &HashMap<String, File>) -> &File {
    files.values().find(|f| f.cursor.is_some()).expect("no $0")
}

fn tdp(c: &Client, f: &File) -> Value {
    json!({"textDocument": {"uri": f.uri}, "position": c.pos(&f.text, f.cursor.unwrap())})
}

/// Locations as (file name, text) pairs.
fn located(files: &HashMap<String, File>, locs: &Value, enc: Enc) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = locs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let (name, f) = files
                .iter()
                .find(|(_, f)| l["uri"] == f.uri.as_str())
                .expect("known uri");
            (
                name.clone(),
                range_text(&f.text, &l["range"], enc).to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn with_cursor(text: &str, needle: &str, chars_in: usize) -> String {
    let at = inside(text, needle, chars_in);
    format!("{}$0{}", &text[..at], &text[at..])
}

fn two(a: &str, b: &str) -> String {
    format!("//- a.txt\n{a}//- b.txt\n{b}")
}

#[tokio::test]
async fn hover_country_speaker_instrument_symbol_section() {
    for enc in [Enc::Utf16, Enc::Utf8] {
        let fx = two(&with_cursor(A, "(Slovakia)", 3), B);
        let (c, fs) = open(&fx, enc).await;
        let f = at_cursor(&fs);
        let h = c.request("textDocument/hover", tdp(&c, f)).await;
        let v = h["contents"]["value"].as_str().unwrap();
        assert!(v.starts_with("**Slovakia** (SVK"), "{v}");
        assert!(
            v.contains("Session 76") && v.contains("RÓBERT CHATRNÚCH"),
            "{v}"
        );
        assert_eq!(range_text(&f.text, &h["range"], enc), "Slovakia");

        let hover_at = |needle: &'static str, n: usize| {
            let f = &fs["a.txt"];
            json!({"textDocument": {"uri": f.uri}, "position": c.pos(&f.text, inside(&f.text, needle, n))})
        };
        let v = c
            .request("textDocument/hover", hover_at("KARI JOHNSTONE", 3))
            .await;
        let v = v["contents"]["value"].as_str().unwrap().to_string();
        assert!(
            v.contains("United States") && v.contains("2 statements") && v.contains("GA/20002"),
            "{v}"
        );
        let v = c
            .request("textDocument/hover", hover_at("Political Declaration", 2))
            .await;
        let v = v["contents"]["value"].as_str().unwrap().to_string();
        assert!(v.contains("A/RES/76/7") && v.contains("Cited"), "{v}");
        let v = c
            .request("textDocument/hover", hover_at("GA/20002", 3))
            .await;
        let v = v["contents"]["value"].as_str().unwrap().to_string();
        assert!(
            v.contains("Assembly Continues Debate") && v.contains("meeting 41"),
            "{v}"
        );
        let v = c
            .request("textDocument/hover", hover_at("Statements", 3))
            .await;
        let v = v["contents"]["value"].as_str().unwrap().to_string();
        assert!(v.contains("2 statements"), "{v}");
        c.shutdown().await;
    }
}

#[tokio::test]
async fn definition_attribution_reference_speaker() {
    let fx = two(&with_cursor(A, "The representative of Slovakia", 24), B);
    let (c, fs) = open(&fx, Enc::Utf16).await;
    let d = c
        .request("textDocument/definition", tdp(&c, at_cursor(&fs)))
        .await;
    assert_eq!(
        located(&fs, &d, Enc::Utf16),
        [("a.txt".into(), "RÓBERT CHATRNÚCH".into())]
    );

    let fx = two(&with_cursor(A, "GA/20002.)", 4), B);
    let (c, fs) = open(&fx, Enc::Utf8).await;
    let d = c
        .request("textDocument/definition", tdp(&c, at_cursor(&fs)))
        .await;
    assert_eq!(
        located(&fs, &d, Enc::Utf8),
        [("b.txt".into(), "GA/20002".into())]
    );

    // A speaker → their first statement across sessions (here: the same session, file order).
    let fx = two(A, &with_cursor(B, "KARI A. JOHNSTONE", 9));
    let (c, fs) = open(&fx, Enc::Utf16).await;
    let d = c
        .request("textDocument/definition", tdp(&c, at_cursor(&fs)))
        .await;
    assert_eq!(
        located(&fs, &d, Enc::Utf16),
        [("a.txt".into(), "KARI JOHNSTONE".into())]
    );
}

#[tokio::test]
async fn references_highlight_and_rename_across_records() {
    let fx = two(&with_cursor(A, "KARI JOHNSTONE", 1), B);
    let (c, fs) = open(&fx, Enc::Utf16).await;
    let f = at_cursor(&fs);
    let mut p = tdp(&c, f);
    p["context"] = json!({"includeDeclaration": true});
    let r = c.request("textDocument/references", p).await;
    assert_eq!(
        located(&fs, &r, Enc::Utf16),
        [
            ("a.txt".into(), "KARI JOHNSTONE".into()),
            ("b.txt".into(), "KARI A. JOHNSTONE".into())
        ]
    );

    let prep = c.request("textDocument/prepareRename", tdp(&c, f)).await;
    assert_eq!(prep["placeholder"], "KARI JOHNSTONE");
    let mut p = tdp(&c, f);
    p["newName"] = json!("KARI JOHNSTON");
    let edit = c.request("textDocument/rename", p).await;
    let changes = edit["documentChanges"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{edit}");
    for ch in changes {
        assert_eq!(
            ch["textDocument"]["version"], 1,
            "open buffers are versioned"
        );
        assert_eq!(ch["edits"][0]["newText"], "KARI JOHNSTON");
    }

    // Renaming a symbol changes the header and every "(See Press Release ...)".
    let fx = two(A, &with_cursor(B, "GA/20002", 2));
    let (c, fs) = open(&fx, Enc::Utf16).await;
    let mut p = tdp(&c, at_cursor(&fs));
    p["newName"] = json!("GA/20003");
    let edit = c.request("textDocument/rename", p).await;
    let n: usize = edit["documentChanges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["edits"].as_array().unwrap().len())
        .sum();
    assert_eq!(n, 2, "{edit}");
    // Nothing renameable on a country; an error for an empty name.
    let fx = with_cursor(A, "(Slovakia)", 2);
    let (c, fs) = open(&fx, Enc::Utf16).await;
    let prep = c
        .request("textDocument/prepareRename", tdp(&c, at_cursor(&fs)))
        .await;
    assert!(prep.is_null());

    // Highlight: every "Slovakia" of the file.
    let h = c
        .request("textDocument/documentHighlight", tdp(&c, at_cursor(&fs)))
        .await;
    let f = at_cursor(&fs);
    let texts: Vec<&str> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|h| range_text(&f.text, &h["range"], Enc::Utf16))
        .collect();
    assert!(
        texts.len() >= 4 && texts.iter().all(|t| *t == "Slovakia"),
        "{texts:?}"
    );
}

#[tokio::test]
async fn completion_contexts() {
    let cases = [
        ("The representative of Slov$0", "Slovakia"),
        ("JOHN DOE (Slov$0", "Slovakia"),
        ("(See Press Release GA/2$0", "GA/20002"),
        (
            "welcomed the Global Plan$0",
            "United Nations Global Plan of Action to Combat Trafficking in Persons",
        ),
    ];
    for (line, want) in cases {
        let fx = format!("//- b.txt\n{B}//- a.txt\n{A}\n{line}\n");
        let (c, fs) = open(&fx, Enc::Utf16).await;
        let f = at_cursor(&fs);
        let items = c.request("textDocument/completion", tdp(&c, f)).await;
        let items = items
            .as_array()
            .unwrap_or_else(|| panic!("no completion for {line}"));
        let item = items
            .iter()
            .find(|i| i["label"] == want)
            .unwrap_or_else(|| panic!("{want} not offered for {line}: {items:?}"));
        // The edit replaces what was typed.
        let typed = range_text(&f.text, &item["textEdit"]["range"], Enc::Utf16);
        assert!(!typed.is_empty() && line.contains(typed), "{line}: {typed}");
    }
}

#[tokio::test]
async fn semantic_tokens_and_folding() {
    for enc in [Enc::Utf16, Enc::Utf8] {
        let (c, fs) = open(A, enc).await;
        let f = &fs["main.txt"];
        let r = c
            .request(
                "textDocument/semanticTokens/full",
                json!({"textDocument": {"uri": f.uri}}),
            )
            .await;
        let data: Vec<u32> = r["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        let (mut line, mut col) = (0u32, 0u32);
        let mut tokens = Vec::new();
        for t in data.chunks(5) {
            if t[0] > 0 {
                line += t[0];
                col = t[1];
            } else {
                col += t[1];
            }
            let s = offset_of(&f.text, line, col, enc);
            let e = offset_of(&f.text, line, col + t[2], enc);
            tokens.push((t[3], f.text[s..e].to_string()));
        }
        assert!(
            tokens.contains(&(0, "RÓBERT CHATRNÚCH".to_string())),
            "{tokens:?}"
        );
        assert!(tokens.contains(&(1, "Slovakia".to_string())), "{tokens:?}");
        assert!(
            tokens.contains(&(2, "Political Declaration".to_string())),
            "{tokens:?}"
        );
        assert!(tokens.contains(&(3, "GA/20002".to_string())), "{tokens:?}");
        assert!(
            tokens.contains(&(4, "“trafficking is a crime against humanity”".to_string())),
            "{tokens:?}"
        );
        // The country after the non-BMP characters is where it should be.
        assert_eq!(
            tokens.iter().filter(|t| t.1 == "Slovakia").count(),
            5,
            "{tokens:?}"
        );

        let folds = c
            .request(
                "textDocument/foldingRange",
                json!({"textDocument": {"uri": f.uri}}),
            )
            .await;
        let lines: Vec<(u64, u64)> = folds
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["startLine"].as_u64().unwrap(),
                    f["endLine"].as_u64().unwrap(),
                )
            })
            .collect();
        // The section (from its heading to the end) and CHATRNÚCH's two-paragraph statement.
        assert!(
            lines.contains(&(8, 14)) && lines.contains(&(10, 12)),
            "{lines:?}"
        );
    }
}

#[tokio::test]
async fn crlf_and_non_bmp_positions() {
    let crlf = A.replace('\n', "\r\n");
    for enc in [Enc::Utf16, Enc::Utf8] {
        let fx = with_cursor(&crlf, "trafficking in Slovakia", 17);
        let (c, fs) = open(&fx, enc).await;
        let f = at_cursor(&fs);
        let h = c.request("textDocument/hover", tdp(&c, f)).await;
        assert_eq!(range_text(&f.text, &h["range"], enc), "Slovakia", "{enc:?}");
        // The end of a CRLF line is before its "\r".
        let s = c
            .request(
                "textDocument/documentSymbol",
                json!({"textDocument": {"uri": f.uri}}),
            )
            .await;
        let title = &s[0]["selectionRange"];
        assert_eq!(
            range_text(&f.text, title, enc),
            "Assembly Hears Delegates on Trafficking in Persons"
        );
        // Past the end of a line: clamped to the line, not the next one.
        let line = f.text[..f.cursor.unwrap()].matches('\n').count();
        let h = c
            .request("textDocument/hover", json!({"textDocument": {"uri": f.uri}, "position": {"line": line, "character": 100000}}))
            .await;
        assert!(h.is_null(), "{h}");
    }
}

#[tokio::test]
async fn diagnostics_follow_the_newest_version() {
    let (mut c, fs) = open(A, Enc::Utf16).await;
    let f = &fs["main.txt"];
    let at = inside(&f.text, "(Slovakia)", 7);
    let mut text = f.text.clone();
    // Ten quick edits typing letters after "Slovak", each a new version.
    for v in 2..=11 {
        let ch = if v % 2 == 0 { "x" } else { "y" };
        let pos = c.pos(&text, at + (v as usize - 2));
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": f.uri, "version": v}, "contentChanges": [{"range": {"start": pos, "end": pos}, "text": ch}]}),
        );
        text.insert_str(at + (v as usize - 2), ch);
    }
    let diags = c.diagnostics_for(&f.uri, 11).await;
    let d = diags
        .iter()
        .find(|d| d["code"] == "unknown-country")
        .expect("unknown-country for v11");
    assert_eq!(
        range_text(&text, &d["range"], Enc::Utf16),
        "Slovakxyxyxyxyxyia"
    );
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "rapporteur");
    // No diagnostics of an older version came after a newer one.
    let versions: Vec<i64> = c
        .seen
        .iter()
        .filter(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == f.uri.as_str()
        })
        .map(|m| m["params"]["version"].as_i64().unwrap())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] <= w[1]), "{versions:?}");
    assert!(versions.iter().all(|&v| v <= 11));

    // A whole-text change (no range) with a closer misspelling.
    let text = f.text.replace("(Slovakia)", "(Slovakai)");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": f.uri, "version": 12}, "contentChanges": [{"text": text}]}),
    );
    let diags = c.diagnostics_for(&f.uri, 12).await;
    let d = diags
        .iter()
        .find(|d| d["code"] == "unknown-country")
        .expect("unknown-country for v12");
    assert_eq!(range_text(&text, &d["range"], Enc::Utf16), "Slovakai");
    // Pulled diagnostics say the same, and the quick fix replaces the name.
    let pulled = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": f.uri}}),
        )
        .await;
    assert_eq!(pulled["kind"], "full");
    assert!(
        pulled["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "unknown-country")
    );
    let actions = c
        .request("textDocument/codeAction", json!({"textDocument": {"uri": f.uri}, "range": d["range"], "context": {"diagnostics": [d]}}))
        .await;
    let first = &actions[0];
    assert_eq!(first["kind"], "quickfix");
    assert_eq!(first["isPreferred"], true);
    let edit = &first["edit"]["documentChanges"][0]["edits"][0];
    assert_eq!(edit["newText"], "Slovakia", "{first}");
    // A range elsewhere offers nothing.
    let none = c
        .request("textDocument/codeAction", json!({"textDocument": {"uri": f.uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "context": {"diagnostics": []}}))
        .await;
    assert_eq!(none, json!([]));
}

#[tokio::test]
async fn severity_from_initialization_options_and_configuration() {
    let bad = A.replace("(Slovakia)", "(Slovakai)");
    // initializationOptions switch the check off...
    let (c, fs) = open_with(
        &bad,
        Enc::Utf16,
        json!({"severity": {"unknown-country": "off"}}),
        json!({}),
    )
    .await;
    let f = &fs["main.txt"];
    let pulled = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": f.uri}}),
        )
        .await;
    assert!(!pulled["items"].to_string().contains("unknown-country"));
    // ... workspace/configuration overrides them.
    let (c, fs) = open_with(
        &bad,
        Enc::Utf16,
        json!({"severity": {"unknown-country": "off"}}),
        json!({"severity": {"unknown-country": "hint"}}),
    )
    .await;
    let f = &fs["main.txt"];
    let pulled = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": f.uri}}),
        )
        .await;
    let d = pulled["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "unknown-country")
        .cloned()
        .expect("re-enabled");
    assert_eq!(d["severity"], 4);
    // didChangeConfiguration with settings in the notification.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"rapporteur": {"severity": {"unknown-country": "warning"}}}}),
    );
    let mut sev = Value::Null;
    for _ in 0..50 {
        let pulled = c
            .request(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": f.uri}}),
            )
            .await;
        sev = pulled["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "unknown-country")
            .map(|d| d["severity"].clone())
            .unwrap_or_default();
        if sev == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(sev, 2);
}

#[tokio::test]
async fn workspace_folder_indexing_watched_files_and_open_buffers() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.txt"), A).unwrap();
    std::fs::write(root.join("binary.txt"), b"\x00\x01\x02binary").unwrap();
    let mut c = spawn_in_process(json!({}), Enc::Utf16);
    c.initialize(Some(root), json!({})).await;
    // Open a buffer of b.txt before it exists on disk: it is answered at once.
    let b_uri = file_uri(&root.join("b.txt"));
    c.open(&b_uri, B, 1);
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": b_uri}, "position": c.pos(B, inside(B, "KARI", 1))}),
        )
        .await;
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("KARI A. JOHNSTONE")
    );
    c.wait_for("progress begin", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin"
    })
    .await;
    c.wait_indexed().await;
    c.wait_for("log of the binary file", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("binary.txt"))
    })
    .await;
    let found = c
        .request("workspace/symbol", json!({"query": "chatrnuch"}))
        .await;
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");

    // A file on disk with the name of an open buffer never overrides it.
    std::fs::write(root.join("b.txt"), A).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": b_uri, "type": 1}]}),
    );
    let found = c
        .request("workspace/symbol", json!({"query": "chatrnuch"}))
        .await;
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");

    // A new file on disk is picked up through didChangeWatchedFiles; a deleted one dropped.
    let new = root.join("c.txt");
    std::fs::write(&new, B.replace("KARI A. JOHNSTONE", "JANE ROE")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&new), "type": 1}]}),
    );
    let mut n = 0;
    for _ in 0..100 {
        n = c
            .request("workspace/symbol", json!({"query": "jane roe"}))
            .await
            .as_array()
            .unwrap()
            .len();
        if n == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(n, 1);
    std::fs::remove_file(&new).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&new), "type": 3}]}),
    );
    for _ in 0..100 {
        n = c
            .request("workspace/symbol", json!({"query": "jane roe"}))
            .await
            .as_array()
            .unwrap()
            .len();
        if n == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(n, 0);

    // rapporteur.toml switches a check off when it changes.
    let bad_uri = file_uri(&root.join("bad.txt"));
    let bad = A.replace("(Slovakia)", "(Slovakai)");
    c.open(&bad_uri, &bad, 1);
    let first = c.diagnostics_for(&bad_uri, 1).await;
    assert!(first.iter().any(|d| d["code"] == "unknown-country"));
    std::fs::write(
        root.join("rapporteur.toml"),
        "[severity]\nunknown-country = \"off\"\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&root.join("rapporteur.toml")), "type": 1}]}),
    );
    let mut off = false;
    for _ in 0..100 {
        let pulled = c
            .request(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": bad_uri}}),
            )
            .await;
        if !pulled["items"].to_string().contains("unknown-country") {
            off = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(off);

    // Removing the folder drops its records (open buffers stay).
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [], "removed": [{"uri": file_uri(root), "name": "root"}]}}),
    );
    for _ in 0..100 {
        n = c
            .request("workspace/symbol", json!({"query": "chatrnuch"}))
            .await
            .as_array()
            .unwrap()
            .len();
        if n == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // Only the open buffer bad.txt still has him.
    assert_eq!(n, 1);
}

#[tokio::test]
async fn panic_in_a_handler_is_an_error_response() {
    let (c, fs) = open(A, Enc::Utf16).await;
    let r = c.call("rapporteur/debugPanic", json!({})).await;
    assert_eq!(r["error"]["code"], -32603, "{r}");
    let f = &fs["main.txt"];
    let s = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": f.uri}}),
        )
        .await;
    assert_eq!(s[0]["name"], "GA/20001");
}

#[tokio::test]
async fn close_and_reopen_in_quick_succession() {
    let bad = A.replace("(Slovakia)", "(Slovakai)");
    let (mut c, fs) = open(&bad, Enc::Utf16).await;
    let f = &fs["main.txt"];
    // Versions restart at a reopening; each reopening gets its diagnostics.
    for round in 0..10 {
        c.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": f.uri}}),
        );
        c.open(&f.uri, &f.text, 1 + round % 2);
        let diags = c.diagnostics_for(&f.uri, 1 + round % 2).await;
        assert!(
            diags.iter().any(|d| d["code"] == "unknown-country"),
            "round {round}"
        );
    }
    let h = c
        .request("textDocument/hover", json!({"textDocument": {"uri": f.uri}, "position": c.pos(&f.text, inside(&f.text, "KARI", 1))}))
        .await;
    assert!(!h.is_null());
}
