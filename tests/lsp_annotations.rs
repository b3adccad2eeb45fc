//! The server on the real seed records, in process and (once for each request) as the real
//! binary over stdio: document links, inlay hints (and their settings), code lenses, selection
//! ranges, the documentation link of every diagnostic, and `workspace/executeCommand`.

mod common;

use common::*;
use serde_json::{Value, json};

const GA_12387: &str = "000_ad5e1fdf5d9536eb.txt";
const GA_12388: &str = "001_c043cd201b0f12f7.txt";

/// A seed record opened in the server: its URI and text.
struct Opened {
    uri: String,
    text: String,
}

/// Starts a server with `init` as initializationOptions and `settings` as the answer to
/// `workspace/configuration`, opens the seeds named and waits for their first diagnostics.
async fn open_seeds(
    names: &[&str],
    enc: Enc,
    init: Value,
    settings: Value,
) -> (Client, Vec<Opened>, Vec<Vec<Value>>) {
    let mut c = spawn_in_process(settings, enc);
    c.initialize(None, init).await;
    let mut out = Vec::new();
    for name in names {
        let (uri, text) = fixture(name);
        c.open(&uri, &text, 1);
        out.push(Opened { uri, text });
    }
    let mut diagnostics = Vec::new();
    for o in &out {
        diagnostics.push(c.diagnostics_for(&o.uri, 1).await);
    }
    (c, out, diagnostics)
}

fn whole(c: &Client, o: &Opened) -> Value {
    json!({"start": {"line": 0, "character": 0}, "end": c.pos(&o.text, o.text.len())})
}

#[tokio::test]
async fn document_links_to_a_record_of_the_workspace_and_to_official_documents() {
    for enc in [Enc::Utf16, Enc::Utf8] {
        let (c, seeds, _) = open_seeds(&[GA_12387, GA_12388], enc, json!({}), json!({})).await;
        let (a, b) = (&seeds[0], &seeds[1]);
        let links = c
            .request(
                "textDocument/documentLink",
                json!({"textDocument": {"uri": b.uri}}),
            )
            .await;
        let links = links.as_array().unwrap();
        let see = links
            .iter()
            .find(|l| range_text(&b.text, &l["range"], enc) == "GA/12387")
            .expect("a link on the press release GA/12387");
        assert_eq!(see["target"], a.uri.as_str());

        let links = c
            .request(
                "textDocument/documentLink",
                json!({"textDocument": {"uri": a.uri}}),
            )
            .await;
        let resolution = links
            .as_array()
            .unwrap()
            .iter()
            .find(|l| range_text(&a.text, &l["range"], enc).contains("A/RES/75/283"))
            .expect("a link on resolution A/RES/75/283");
        assert_eq!(resolution["target"], "https://undocs.org/A/RES/75/283");
        c.shutdown().await;
    }
}

#[tokio::test]
async fn the_resolution_url_comes_from_rapporteur_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rapporteur.toml"),
        "[links]\nresolution_url = \"https://documents.example/?symbol={symbol}\"\n",
    )
    .unwrap();
    let (_, text) = fixture(GA_12387);
    let path = dir.path().join("ga_12387.txt");
    std::fs::write(&path, &text).unwrap();
    let mut c = spawn_in_process(json!({}), Enc::Utf16);
    c.initialize(Some(dir.path()), json!({})).await;
    c.wait_indexed().await;
    let uri = file_uri(&path);
    c.open(&uri, &text, 1);
    c.diagnostics_for(&uri, 1).await;
    let links = c
        .request(
            "textDocument/documentLink",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let targets: Vec<&str> = links
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["target"].as_str())
        .collect();
    assert!(
        targets.contains(&"https://documents.example/?symbol=A/RES/75/283"),
        "{targets:?}"
    );
    c.shutdown().await;
}

/// The labels of the hints, with the text the hint follows.
fn hint_labels(o: &Opened, hints: &Value, enc: Enc) -> Vec<(String, String)> {
    hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let at = offset_of(
                &o.text,
                h["position"]["line"].as_u64().unwrap() as u32,
                h["position"]["character"].as_u64().unwrap() as u32,
                enc,
            );
            let line_start = o.text[..at].rfind('\n').map_or(0, |i| i + 1);
            let before = o.text[line_start..at].to_string();
            let label = match &h["label"] {
                Value::String(s) => s.clone(),
                parts => parts
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p["value"].as_str().unwrap())
                    .collect(),
            };
            (before, label)
        })
        .collect()
}

#[tokio::test]
async fn inlay_hints_after_a_cue_a_panellist_and_their_settings() {
    for enc in [Enc::Utf16, Enc::Utf8] {
        let (c, seeds, _) = open_seeds(&[GA_12387, GA_12388], enc, json!({}), json!({})).await;
        let (a, b) = (&seeds[0], &seeds[1]);
        let hints = c
            .request(
                "textDocument/inlayHint",
                json!({"textDocument": {"uri": b.uri}, "range": whole(&c, b)}),
            )
            .await;
        let labels = hint_labels(b, &hints, enc);
        assert!(
            labels.contains(&(
                "The representative of Slovakia".to_string(),
                "→ RÓBERT CHATRNÚCH, l. 92".to_string()
            )),
            "{labels:#?}"
        );
        // The part leads to the statement.
        let slovakia = hints
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["label"][0]["value"] == "→ RÓBERT CHATRNÚCH, l. 92")
            .unwrap();
        let target = &slovakia["label"][0]["location"];
        assert_eq!(target["uri"], b.uri.as_str());
        assert_eq!(
            range_text(&b.text, &target["range"], enc),
            "RÓBERT CHATRNÚCH"
        );

        let hints = c
            .request(
                "textDocument/inlayHint",
                json!({"textDocument": {"uri": a.uri}, "range": whole(&c, a)}),
            )
            .await;
        let labels = hint_labels(a, &hints, enc);
        assert!(
            labels
                .iter()
                .any(|(before, l)| before.ends_with("Mr. BLANCO") && l.contains("Blanco Conde")),
            "{labels:#?}"
        );
        c.shutdown().await;
    }

    // Turned off: statements by initializationOptions, names by workspace/configuration.
    let init = json!({"inlayHints": {"statements": false}});
    let settings = json!({"inlayHints": {"names": false}});
    let (c, seeds, _) = open_seeds(&[GA_12387, GA_12388], Enc::Utf16, init, settings).await;
    for o in &seeds {
        let hints = c
            .request(
                "textDocument/inlayHint",
                json!({"textDocument": {"uri": o.uri}, "range": whole(&c, o)}),
            )
            .await;
        let labels = hint_labels(o, &hints, Enc::Utf16);
        assert!(
            labels
                .iter()
                .all(|(_, l)| !l.starts_with('→') && !l.starts_with('=')),
            "{labels:#?}"
        );
    }
    c.shutdown().await;
}

#[tokio::test]
async fn code_lenses_on_headers_and_the_masthead() {
    let (c, seeds, diagnostics) =
        open_seeds(&[GA_12387, GA_12388], Enc::Utf16, json!({}), json!({})).await;
    let b = &seeds[1];
    let lenses = c
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": b.uri}}),
        )
        .await;
    let lenses = lenses.as_array().unwrap();
    let masthead = &lenses[0];
    let title = masthead["command"]["title"].as_str().unwrap();
    assert_eq!(
        title,
        format!("68 statements · {} findings", diagnostics[1].len()),
        "{masthead}"
    );
    let header = lenses
        .iter()
        .find(|l| range_text(&b.text, &l["range"], Enc::Utf16).starts_with("RÓBERT CHATRNÚCH"))
        .expect("a lens on Slovakia's header");
    let command = &header["command"];
    assert_eq!(command["title"], "1 statement · 1 session");
    assert_eq!(command["command"], "editor.action.showReferences");
    let args = command["arguments"].as_array().unwrap();
    assert_eq!(args[0], b.uri.as_str());
    let locations = args[2].as_array().unwrap();
    assert_eq!(locations.len(), 1);
    assert_eq!(
        range_text(&b.text, &locations[0]["range"], Enc::Utf16),
        "RÓBERT CHATRNÚCH"
    );
    c.shutdown().await;
}

#[tokio::test]
async fn selection_ranges_grow_from_the_word_to_the_record() {
    let (c, seeds, _) = open_seeds(&[GA_12388], Enc::Utf16, json!({}), json!({})).await;
    let b = &seeds[0];
    let at = inside(&b.text, "Slovakia said the Assembly", 2);
    let past_the_end = json!({"line": 100000, "character": 7});
    let r = c
        .request(
            "textDocument/selectionRange",
            json!({"textDocument": {"uri": b.uri}, "positions": [c.pos(&b.text, at), past_the_end]}),
        )
        .await;
    let mut texts = Vec::new();
    let mut node = &r[0];
    while !node.is_null() {
        texts.push(range_text(&b.text, &node["range"], Enc::Utf16));
        node = &node["parent"];
    }
    assert_eq!(texts[..2], ["Slovakia", "The representative of Slovakia"]);
    assert!(texts[2].starts_with("The representative of Slovakia said the Assembly’s adoption"));
    assert!(texts[2].ends_with("decisive step forward."), "{}", texts[2]);
    assert!(
        texts[3].ends_with("organized crime, he said."),
        "{}",
        texts[3]
    );
    assert_eq!(*texts.last().unwrap(), b.text);
    assert!(r[1]["range"].is_object());
    c.shutdown().await;
}

#[tokio::test]
async fn every_diagnostic_links_to_its_rule() {
    let (c, _, diagnostics) =
        open_seeds(&[GA_12387, GA_12388], Enc::Utf16, json!({}), json!({})).await;
    let all: Vec<&Value> = diagnostics.iter().flatten().collect();
    assert!(!all.is_empty());
    for d in all {
        let code = d["code"].as_str().unwrap();
        assert_eq!(
            d["codeDescription"]["href"],
            format!("https://github.com/rapporteur-dev/rapporteur/blob/main/docs/checks/{code}.md")
        );
    }
    c.shutdown().await;
}

#[tokio::test]
async fn execute_command_checks_the_workspace_and_restarts_indexing() {
    let dir = tempfile::tempdir().unwrap();
    for name in [GA_12387, GA_12388] {
        std::fs::write(dir.path().join(name), fixture(name).1).unwrap();
    }
    let mut c = spawn_in_process(json!({}), Enc::Utf16);
    let init = c.initialize(Some(dir.path()), json!({})).await;
    let commands = &init["capabilities"]["executeCommandProvider"]["commands"];
    assert_eq!(
        *commands,
        json!([
            "rapporteur.server.checkWorkspace",
            "rapporteur.server.restartIndexing"
        ])
    );
    c.wait_indexed().await;

    // Every record's findings, as `check` finds them, without opening any.
    let r = c
        .request(
            "workspace/executeCommand",
            json!({"command": "rapporteur.server.checkWorkspace"}),
        )
        .await;
    assert_eq!(r["records"], 2);
    let cli = fresh_check(dir.path());
    assert_eq!(
        r["findings"].as_u64().unwrap() as usize,
        cli.len(),
        "{cli:#?}"
    );
    let uri = file_uri(&dir.path().join(GA_12387));
    let listed = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["uri"] == uri.as_str())
        .expect("GA/12387 has findings");
    let u = uri.clone();
    let published = c
        .wait_for("the findings of a closed record", move |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == u.as_str()
        })
        .await;
    assert_eq!(published["params"]["diagnostics"], listed["diagnostics"]);

    // A record added behind the server's back is found when indexing restarts.
    let (_, text) = fixture("002_c8db3da65464a602.txt");
    std::fs::write(dir.path().join("late.txt"), text).unwrap();
    let r = c
        .request(
            "workspace/executeCommand",
            json!({"command": "rapporteur.server.restartIndexing"}),
        )
        .await;
    assert_eq!(r["records"], 3);

    let e = c
        .call(
            "workspace/executeCommand",
            json!({"command": "rapporteur.noSuchCommand"}),
        )
        .await;
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unknown command")
    );
    c.shutdown().await;
}

/// VS Code's client registers every command the server offers under its name: none may be a
/// command the extension registers itself.
#[test]
fn server_commands_are_not_the_extensions_commands() {
    let manifest = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode/package.json"),
    )
    .unwrap();
    let manifest: Value = serde_json::from_str(&manifest).unwrap();
    let theirs: Vec<&str> = manifest["contributes"]["commands"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["command"].as_str())
        .collect();
    for ours in [
        "rapporteur.server.checkWorkspace",
        "rapporteur.server.restartIndexing",
    ] {
        assert!(!theirs.contains(&ours), "{ours} is also the extension's");
    }
}

#[tokio::test]
async fn the_real_binary_answers_each_request_over_stdio() {
    let mut c = spawn_binary(json!({}), Enc::Utf16);
    c.initialize(None, json!({})).await;
    let mut seeds = Vec::new();
    for name in [GA_12387, GA_12388] {
        let (uri, text) = fixture(name);
        c.open(&uri, &text, 1);
        seeds.push(Opened { uri, text });
    }
    for o in &seeds {
        c.diagnostics_for(&o.uri, 1).await;
    }
    let b = &seeds[1];
    let doc = json!({"uri": b.uri});
    let links = c
        .request("textDocument/documentLink", json!({"textDocument": doc}))
        .await;
    assert!(
        links
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["target"] == seeds[0].uri.as_str())
    );
    let hints = c
        .request(
            "textDocument/inlayHint",
            json!({"textDocument": doc, "range": whole(&c, b)}),
        )
        .await;
    assert!(
        hint_labels(b, &hints, Enc::Utf16)
            .iter()
            .any(|(_, l)| l == "→ RÓBERT CHATRNÚCH, l. 92")
    );
    let lenses = c
        .request("textDocument/codeLens", json!({"textDocument": doc}))
        .await;
    assert!(lenses.as_array().unwrap().len() > 1);
    let at = c.pos(&b.text, inside(&b.text, "Slovakia said the Assembly", 2));
    let r = c
        .request(
            "textDocument/selectionRange",
            json!({"textDocument": doc, "positions": [at]}),
        )
        .await;
    assert_eq!(range_text(&b.text, &r[0]["range"], Enc::Utf16), "Slovakia");
    let r = c
        .request(
            "workspace/executeCommand",
            json!({"command": "rapporteur.server.checkWorkspace"}),
        )
        .await;
    assert_eq!(r["records"], 2);
    c.shutdown().await;
}
