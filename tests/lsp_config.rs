//! The server and the command line read a folder alike: the same files are records (a
//! `CMakeLists.txt` is not), and each record follows its nearest `rapporteur.toml`.

mod common;

use common::*;
use serde_json::{Value, json};

fn seed_with_unknown_country() -> String {
    let seed = std::fs::read_to_string(fixtures_dir().join("001_c043cd201b0f12f7.txt")).unwrap();
    let faulty = seed.replace("RÓBERT CHATRNÚCH (Slovakia)", "RÓBERT CHATRNÚCH (Slovakai)");
    assert!(faulty != seed);
    faulty
}

fn severity_of(diagnostics: &[Value], code: &str) -> Option<u64> {
    diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .and_then(|d| d["severity"].as_u64())
}

#[tokio::test]
async fn the_server_finds_records_and_configurations_as_check_does() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("ga")).unwrap();
    std::fs::create_dir_all(root.join("sc")).unwrap();
    let faulty = seed_with_unknown_country();
    std::fs::write(root.join("ga/r.txt"), &faulty).unwrap();
    std::fs::write(root.join("sc/r.txt"), &faulty).unwrap();
    std::fs::write(
        root.join("ga/rapporteur.toml"),
        "[severity]\nunknown-country = \"warning\"\n",
    )
    .unwrap();
    std::fs::write(root.join("CMakeLists.txt"), "project(Slovakia)\n").unwrap();

    let mut c = spawn_in_process(json!({}), Enc::Utf16);
    c.initialize(Some(root), json!({})).await;
    let end = c
        .wait_for("indexing to end", |m| {
            m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
        })
        .await;
    assert_eq!(
        end["params"]["value"]["message"], "2 records indexed",
        "the CMakeLists.txt is no record: {end}"
    );

    let ga = file_uri(&root.join("ga/r.txt"));
    let sc = file_uri(&root.join("sc/r.txt"));
    c.open(&ga, &faulty, 1);
    let in_ga = c.diagnostics_for(&ga, 1).await;
    c.open(&sc, &faulty, 1);
    let in_sc = c.diagnostics_for(&sc, 1).await;
    // LSP severities: 1 error, 2 warning.
    assert_eq!(severity_of(&in_ga, "unknown-country"), Some(2), "{in_ga:?}");
    assert_eq!(severity_of(&in_sc, "unknown-country"), Some(1), "{in_sc:?}");

    // The command line says the same of the same folder.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(["check", root.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut severities: Vec<(bool, String)> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "unknown-country")
        .map(|f| {
            let in_ga = f["path"].as_str().unwrap().contains("/ga/");
            (in_ga, f["severity"].as_str().unwrap().to_string())
        })
        .collect();
    severities.sort();
    assert_eq!(
        severities,
        [(false, "error".to_string()), (true, "warning".to_string())]
    );
}

/// Applies a workspace edit that creates or rewrites a whole file (as the baseline action's
/// edits do) to the disk, as an editor that saves would.
fn apply_whole_file_edit(edit: &Value) {
    let (uri, text) = if let Some(changes) = edit["changes"].as_object() {
        let (uri, edits) = changes.iter().next().unwrap();
        (
            uri.clone(),
            edits[0]["newText"].as_str().unwrap().to_string(),
        )
    } else {
        let ops = edit["documentChanges"].as_array().unwrap();
        assert_eq!(ops[0]["kind"], "create", "{edit}");
        let fill = &ops[1];
        (
            fill["textDocument"]["uri"].as_str().unwrap().to_string(),
            fill["edits"][0]["newText"].as_str().unwrap().to_string(),
        )
    };
    let path = url::Url::parse(&uri).unwrap().to_file_path().unwrap();
    std::fs::write(path, text).unwrap();
}

#[tokio::test]
async fn a_finding_accepted_into_the_baseline_leaves_the_editor_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(
        root.join("rapporteur.toml"),
        "baseline = \"accepted.json\"\n",
    )
    .unwrap();
    let faulty = seed_with_unknown_country();
    std::fs::write(root.join("r.txt"), &faulty).unwrap();

    let mut c = spawn_in_process(json!({}), Enc::Utf16);
    c.initialize(Some(root), json!({})).await;
    c.wait_indexed().await;
    let uri = file_uri(&root.join("r.txt"));
    c.open(&uri, &faulty, 1);
    let before = c.diagnostics_for(&uri, 1).await;
    let unknown = before
        .iter()
        .find(|d| d["code"] == "unknown-country")
        .expect("the unknown country is reported")
        .clone();

    // Accept it, twice over: the first creates the baseline, the second adds to it.
    for (i, diagnostic) in [unknown.clone()]
        .into_iter()
        .chain(
            before
                .iter()
                .find(|d| d["code"] != "unknown-country")
                .cloned(),
        )
        .enumerate()
    {
        let actions = c
            .request(
                "textDocument/codeAction",
                json!({
                    "textDocument": {"uri": uri},
                    "range": diagnostic["range"],
                    "context": {"diagnostics": [diagnostic]}
                }),
            )
            .await;
        let accept = actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == "Accept this finding into the baseline")
            .unwrap_or_else(|| panic!("no accept action: {actions}"))
            .clone();
        if i == 0 {
            assert!(
                !root.join("accepted.json").exists(),
                "the server writes no file"
            );
        }
        apply_whole_file_edit(&accept["edit"]);
    }
    let baseline = std::fs::read_to_string(root.join("accepted.json")).unwrap();
    assert_eq!(baseline.matches("\"code\"").count(), 2, "{baseline}");

    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&root.join("accepted.json")), "type": 2}]}),
    );
    // Pushed again once the baseline changes on disk.
    let u = uri.clone();
    let pushed = c
        .wait_for("diagnostics without the accepted finding", move |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == u.as_str()
                && !m["params"]["diagnostics"]
                    .to_string()
                    .contains("unknown-country")
        })
        .await;
    let codes: Vec<&str> = pushed["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes.len(), before.len() - 2, "{codes:?}");

    // The command line reads the same baseline through the same rapporteur.toml.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(["check", root.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(!codes.contains(&"unknown-country"), "{codes:?}");
    assert_eq!(codes.len(), before.len() - 2, "{codes:?}");
}

#[tokio::test]
async fn a_client_that_allows_it_is_asked_to_refresh_hints_and_lenses_after_indexing() {
    let mut c = spawn_in_process(json!({}), Enc::Utf16);
    let root = fixtures_dir();
    c.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": file_uri(&root),
            "workspaceFolders": [{"uri": file_uri(&root), "name": "fixtures"}],
            "capabilities": {
                "window": {"workDoneProgress": true},
                "workspace": {
                    "workspaceFolders": true,
                    "inlayHint": {"refreshSupport": true},
                    "codeLens": {"refreshSupport": true}
                }
            }
        }),
    )
    .await;
    c.notify("initialized", json!({}));
    c.wait_indexed().await;
    // The statement a cue reports may be in a record indexed only now: hints and lenses are
    // asked for again.
    c.wait_for("workspace/inlayHint/refresh", |m| {
        m["method"] == "workspace/inlayHint/refresh"
    })
    .await;
    c.wait_for("workspace/codeLens/refresh", |m| {
        m["method"] == "workspace/codeLens/refresh"
    })
    .await;
}
