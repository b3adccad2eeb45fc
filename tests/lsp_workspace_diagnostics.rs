//! Pulled diagnostics with result ids, on a copy of the seed records: `workspace/diagnostic`
//! lists the findings of records never opened, answers `unchanged` for the ids the client sends
//! back, and renews only what a change may have changed (its record and session);
//! `textDocument/diagnostic` does likewise for one record; partial results over stdio; the
//! masthead's code lens counts what the diagnostics show, baseline applied.

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::*;
use serde_json::{Value, json};

const GA_12387: &str = "000_ad5e1fdf5d9536eb.txt";
const GA_12388: &str = "001_c043cd201b0f12f7.txt";
const GA_11955: &str = "002_c8db3da65464a602.txt";
const GA_11957: &str = "003_1ccf80f226d00912.txt";

/// The seed records (two of the seventy-sixth session, two of the seventy-second, one more)
/// copied into a fresh folder.
fn seed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    dir
}

async fn started(root: &Path, init: Value) -> (Client, Value) {
    let mut c = spawn_in_process(json!({}), Enc::Utf16);
    let caps = c.initialize(Some(root), init).await;
    c.wait_indexed().await;
    (c, caps)
}

/// Each report of a workspace pull by URI.
fn by_uri(result: &Value) -> HashMap<String, Value> {
    result["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["uri"].as_str().unwrap().to_string(), r.clone()))
        .collect()
}

/// The ids to send back: every report's `resultId`.
fn previous_ids(reports: &HashMap<String, Value>) -> Value {
    Value::Array(
        reports
            .iter()
            .map(|(uri, r)| json!({"uri": uri, "value": r["resultId"]}))
            .collect(),
    )
}

async fn pull(c: &Client, previous: Value) -> HashMap<String, Value> {
    by_uri(
        &c.request(
            "workspace/diagnostic",
            json!({"previousResultIds": previous}),
        )
        .await,
    )
}

#[tokio::test]
async fn a_workspace_pull_lists_records_never_opened_then_answers_unchanged() {
    let dir = seed_folder();
    let (c, caps) = started(dir.path(), json!({})).await;
    assert_eq!(
        caps["capabilities"]["diagnosticProvider"]["workspaceDiagnostics"],
        true
    );
    let first = pull(&c, json!([])).await;
    assert_eq!(first.len(), 5, "{first:#?}");
    assert!(
        first
            .values()
            .all(|r| r["kind"] == "full" && r["resultId"].is_string() && r["version"].is_null())
    );
    // The findings of records never opened, as a fresh `check` finds them, each linking to its
    // rule.
    let items: Vec<&Value> = first
        .values()
        .flat_map(|r| r["items"].as_array().unwrap())
        .collect();
    assert_eq!(items.len(), fresh_check(dir.path()).len());
    assert!(items.iter().all(|d| {
        d["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with(&format!("docs/checks/{}.md", d["code"].as_str().unwrap()))
    }));
    let unopened = &first[&file_uri(&dir.path().join(GA_11955))];
    assert!(
        unopened["items"]
            .to_string()
            .contains("noncanonical-instrument"),
        "{unopened}"
    );

    // Sent back, every id holds: nothing is checked again.
    let second = pull(&c, previous_ids(&first)).await;
    assert_eq!(second.len(), 5);
    for (uri, r) in &second {
        assert_eq!(r["kind"], "unchanged", "{uri}: {r}");
        assert_eq!(r["resultId"], first[uri]["resultId"]);
    }
    c.shutdown().await;
}

#[tokio::test]
async fn a_change_renews_its_record_and_session_and_no_other() {
    let dir = seed_folder();
    let (c, _) = started(dir.path(), json!({})).await;
    let path = dir.path().join(GA_11955);
    let uri = file_uri(&path);
    let text = std::fs::read_to_string(&path).unwrap();
    c.open(&uri, &text, 1);
    let before = pull(&c, json!([])).await;
    assert_eq!(before[&uri]["version"], 1);

    let at = text.find("Statements").unwrap();
    let end = c.pos(&text, at);
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": end, "end": end}, "text": "A new paragraph.\n\n"}]
        }),
    );
    let after = pull(&c, previous_ids(&before)).await;
    let of = |name: &str| &after[&file_uri(&dir.path().join(name))];
    // The record changed, and the other record of its session (seventy-second).
    for name in [GA_11955, GA_11957] {
        assert_eq!(of(name)["kind"], "full", "{name}: {}", of(name));
        assert_ne!(
            of(name)["resultId"],
            before[&file_uri(&dir.path().join(name))]["resultId"]
        );
    }
    assert_eq!(of(GA_11955)["version"], 2);
    // The seventy-sixth session's records are unchanged.
    for name in [GA_12387, GA_12388] {
        assert_eq!(of(name)["kind"], "unchanged", "{name}: {}", of(name));
    }
    c.shutdown().await;
}

#[tokio::test]
async fn a_document_pull_answers_unchanged_while_its_id_holds() {
    let dir = seed_folder();
    let (c, _) = started(dir.path(), json!({})).await;
    let path = dir.path().join(GA_12388);
    let uri = file_uri(&path);
    let text = std::fs::read_to_string(&path).unwrap();
    c.open(&uri, &text, 1);
    let doc =
        |previous: &Value| json!({"textDocument": {"uri": uri}, "previousResultId": previous});
    let first = c
        .request("textDocument/diagnostic", doc(&Value::Null))
        .await;
    assert_eq!(first["kind"], "full");
    let id = first["resultId"].clone();
    assert!(id.is_string());
    let again = c.request("textDocument/diagnostic", doc(&id)).await;
    assert_eq!(again, json!({"kind": "unchanged", "resultId": id}));

    // Another record of its session (another meeting), opened as it is on disk and then
    // edited in its prose, leaves it unchanged: nothing it reads of that record moved.
    let other = dir.path().join(GA_12387);
    let other_uri = file_uri(&other);
    let other_text = std::fs::read_to_string(&other).unwrap();
    c.open(&other_uri, &other_text, 1);
    let other_doc = |previous: &Value| json!({"textDocument": {"uri": other_uri}, "previousResultId": previous});
    let other_first = c
        .request("textDocument/diagnostic", other_doc(&Value::Null))
        .await;
    let prose = other_text.replace("top priority", "first priority");
    let replace = |text: &str, version: i64| {
        c.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": other_uri, "version": version},
                "contentChanges": [{"text": text}]
            }),
        );
    };
    replace(&prose, 2);
    // The edited record itself is renewed: the edit has been taken.
    let other_now = c
        .request(
            "textDocument/diagnostic",
            other_doc(&other_first["resultId"]),
        )
        .await;
    assert_eq!(other_now["kind"], "full", "{other_now}");
    let kept = c.request("textDocument/diagnostic", doc(&id)).await;
    assert_eq!(kept["kind"], "unchanged", "{kept}");

    // A speaker of that record given another country (the session's speaker index) renews it.
    let moved = prose.replace("HORACE CHANG (Jamaica)", "HORACE CHANG (Haiti)");
    replace(&moved, 3);
    let renewed = c.request("textDocument/diagnostic", doc(&id)).await;
    assert_eq!(renewed["kind"], "full");
    assert_ne!(renewed["resultId"], id);

    // So does a change of the settings.
    let id = renewed["resultId"].clone();
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"rapporteur": {"severity": {"name-variant": "off"}}}}),
    );
    let mut kind = Value::Null;
    for _ in 0..50 {
        let r = c.request("textDocument/diagnostic", doc(&id)).await;
        kind = r["kind"].clone();
        if kind == "full" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(kind, "full");
    c.shutdown().await;
}

#[tokio::test]
async fn workspace_diagnostics_can_be_turned_off() {
    let dir = seed_folder();
    let (c, caps) = started(dir.path(), json!({"workspaceDiagnostics": false})).await;
    assert_eq!(
        caps["capabilities"]["diagnosticProvider"]["workspaceDiagnostics"],
        false
    );
    assert!(pull(&c, json!([])).await.is_empty());
    c.shutdown().await;
}

/// How many diagnostics a pull of `uri` shows.
async fn pulled(c: &Client, uri: &str) -> usize {
    c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    )
    .await["items"]
        .as_array()
        .unwrap()
        .len()
}

/// The title of the lens above the masthead.
async fn masthead_lens(c: &Client, uri: &str) -> String {
    let lenses = c
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    lenses[0]["command"]["title"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_masthead_lens_counts_the_findings_the_baseline_leaves() {
    let dir = seed_folder();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(
        root.join("rapporteur.toml"),
        "baseline = \"accepted.json\"\n",
    )
    .unwrap();
    let path = root.join(GA_11955);
    let (c, _) = started(root, json!({})).await;
    let uri = file_uri(&path);
    let text = std::fs::read_to_string(&path).unwrap();
    c.open(&uri, &text, 1);
    let shown = pulled(&c, &uri).await;
    assert!(shown > 0);
    assert!(
        masthead_lens(&c, &uri)
            .await
            .ends_with(&format!(" {shown} findings"))
    );

    // Every finding accepted: the lens says what the diagnostics show, none.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(["check", "--update-baseline", "."])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(root.join("accepted.json").is_file(), "{out:?}");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&root.join("accepted.json")), "type": 1}]}),
    );
    assert_eq!(pulled(&c, &uri).await, 0);
    let title = masthead_lens(&c, &uri).await;
    assert!(title.ends_with(" 0 findings"), "{title}");
    c.shutdown().await;
}

#[tokio::test]
async fn the_real_binary_streams_a_workspace_pull_as_partial_results() {
    let dir = seed_folder();
    let mut c = spawn_binary(json!({}), Enc::Utf16);
    c.initialize(Some(dir.path()), json!({})).await;
    c.wait_indexed().await;
    let r = c
        .request(
            "workspace/diagnostic",
            json!({"previousResultIds": [], "partialResultToken": "wd-1"}),
        )
        .await;
    // With a token, the batches come as partial results, the last one in the answer.
    let mut reports = r["items"].as_array().unwrap().clone();
    assert!(!reports.is_empty());
    while reports.len() < 5 {
        let p = c
            .wait_for("partial results", |m| {
                m["method"] == "$/progress" && m["params"]["token"] == "wd-1"
            })
            .await;
        reports.extend(p["params"]["value"]["items"].as_array().unwrap().clone());
    }
    assert_eq!(reports.len(), 5);
    assert!(reports.iter().all(|r| r["kind"] == "full"));
    // The same pull with those ids: all unchanged, in the answer.
    let previous: Vec<Value> = reports
        .iter()
        .map(|r| json!({"uri": r["uri"], "value": r["resultId"]}))
        .collect();
    let r = c
        .request(
            "workspace/diagnostic",
            json!({"previousResultIds": previous, "partialResultToken": "wd-2"}),
        )
        .await;
    let items = r["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    assert!(items.iter().all(|r| r["kind"] == "unchanged"));
    c.shutdown().await;
}
