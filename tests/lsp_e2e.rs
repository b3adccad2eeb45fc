//! End-to-end: the real `rapporteur serve --stdio` binary with `fixtures/` as the workspace
//! folder, driven by a UTF-16 client and by a UTF-8 client through everything issue 3's "Done
//! means" lists, and kept alive through unknown documents, out-of-range positions, inverted
//! ranges, a 5 MB one-line document, non-BMP text, unknown methods, cancellations and a panic.

mod common;

use common::*;
use serde_json::{Value, json};

const F000: &str = "000_ad5e1fdf5d9536eb.txt";
const F001: &str = "001_c043cd201b0f12f7.txt";
const F003: &str = "003_1ccf80f226d00912.txt";

async fn start(enc: Enc) -> Client {
    let mut c = spawn_binary(json!({}), enc);
    let init = c.initialize(Some(&fixtures_dir()), json!({})).await;
    let want = match enc {
        Enc::Utf8 => "utf-8",
        Enc::Utf16 => "utf-16",
    };
    assert_eq!(init["capabilities"]["positionEncoding"], want);
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);
    c.wait_indexed().await;
    c
}

fn count_kind(symbols: &Value, kind: u64, out: &mut Vec<String>) {
    for s in symbols.as_array().unwrap() {
        if s["kind"] == kind {
            out.push(s["name"].as_str().unwrap().to_string());
        }
        if let Some(ch) = s.get("children") {
            count_kind(ch, kind, out);
        }
    }
}

fn td(uri: &str) -> Value {
    json!({"uri": uri})
}

async fn done_means(enc: Enc) {
    let mut c = start(enc).await;
    // The watchers were registered dynamically.
    let reg = c
        .wait_for("client/registerCapability", |m| {
            m["method"] == "client/registerCapability"
        })
        .await;
    let watchers = reg["params"]["registrations"][0]["registerOptions"]["watchers"].to_string();
    assert!(watchers.contains("**/*.txt") && watchers.contains("rapporteur.toml"));

    let (uri1, text1) = fixture(F001);
    c.open(&uri1, &text1, 1);

    // Outline of GA/12388: 68 speakers and its Right of Reply section.
    let symbols = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": td(&uri1)}),
        )
        .await;
    let mut statements = Vec::new();
    count_kind(&symbols, 19, &mut statements); // OBJECT
    assert_eq!(statements.len(), 68, "{statements:?}");
    let mut sections = Vec::new();
    count_kind(&symbols, 3, &mut sections); // NAMESPACE
    assert!(
        sections.iter().any(|s| s == "Right of Reply"),
        "{sections:?}"
    );

    // Hover two characters inside "Slovakia" of "RÓBERT CHATRNÚCH (Slovakia)".
    let header = text1.find("RÓBERT CHATRNÚCH (Slovakia)").unwrap();
    let at = header + "RÓBERT CHATRNÚCH (".len() + 2;
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": td(&uri1), "position": c.pos(&text1, at)}),
        )
        .await;
    let value = h["contents"]["value"].as_str().unwrap();
    assert!(value.contains("**Slovakia**"), "{value}");
    assert_eq!(range_text(&text1, &h["range"], enc), "Slovakia");
    assert!(value.contains("RÓBERT CHATRNÚCH"), "{value}");

    // Definition on GA/12387 in "(See Press Release GA/12387.)" opens the first seed record.
    let at = inside(&text1, "(See Press Release GA/12387.)", 22);
    let d = c
        .request(
            "textDocument/definition",
            json!({"textDocument": td(&uri1), "position": c.pos(&text1, at)}),
        )
        .await;
    let first = &d.as_array().unwrap()[0];
    assert!(first["uri"].as_str().unwrap().ends_with(F000), "{d}");
    let (_, text0) = fixture(F000);
    assert_eq!(range_text(&text0, &first["range"], enc), "GA/12387");

    // Definition on "Slovakia" in "The representative of Slovakia said" → RÓBERT CHATRNÚCH.
    let at = inside(&text1, "The representative of Slovakia said", 25);
    let d = c
        .request(
            "textDocument/definition",
            json!({"textDocument": td(&uri1), "position": c.pos(&text1, at)}),
        )
        .await;
    let first = &d.as_array().unwrap()[0];
    assert_eq!(first["uri"], uri1.as_str(), "{d}");
    assert_eq!(range_text(&text1, &first["range"], enc), "RÓBERT CHATRNÚCH");

    // References on "Political Declaration" span several records.
    let at = inside(&text1, "Political Declaration", 3);
    let refs = c
        .request(
            "textDocument/references",
            json!({"textDocument": td(&uri1), "position": c.pos(&text1, at), "context": {"includeDeclaration": true}}),
        )
        .await;
    let mut uris: Vec<&str> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["uri"].as_str().unwrap())
        .collect();
    uris.sort();
    uris.dedup();
    assert!(uris.len() >= 2, "{uris:?}");
    assert!(uris.iter().any(|u| u.ends_with(F000)), "{uris:?}");

    // References on KARI JOHNSTONE include KARI A. JOHNSTONE in GA/11957.
    let at = inside(&text1, "KARI JOHNSTONE", 2);
    let refs = c
        .request(
            "textDocument/references",
            json!({"textDocument": td(&uri1), "position": c.pos(&text1, at), "context": {"includeDeclaration": true}}),
        )
        .await;
    let (uri3, text3) = fixture(F003);
    assert!(text3.contains("GA/11957"));
    let in3: Vec<&str> = refs
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["uri"] == uri3.as_str())
        .map(|l| range_text(&text3, &l["range"], enc))
        .collect();
    assert_eq!(in3, ["KARI A. JOHNSTONE"], "{refs}");

    // Workspace symbol "chatrnuch" finds him.
    let found = c
        .request("workspace/symbol", json!({"query": "chatrnuch"}))
        .await;
    let names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.iter().any(|n| n.contains("RÓBERT CHATRNÚCH")),
        "{names:?}"
    );
    let hit = found
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["location"]["uri"] == uri1.as_str())
        .unwrap();
    assert_eq!(
        range_text(&text1, &hit["location"]["range"], enc),
        "RÓBERT CHATRNÚCH"
    );

    // Misspell the country: "(Slovakia)" → "(Slovakai)"; a diagnostic arrives for version 2.
    let s = header + "RÓBERT CHATRNÚCH (".len() + "Slovak".len();
    let edit = json!({
        "textDocument": {"uri": uri1, "version": 2},
        "contentChanges": [{"range": {"start": c.pos(&text1, s), "end": c.pos(&text1, s + 2)}, "text": "ai"}]
    });
    c.notify("textDocument/didChange", edit);
    let mut edited = text1.clone();
    edited.replace_range(s..s + 2, "ai");
    let diags = c.diagnostics_for(&uri1, 2).await;
    let unknown: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "unknown-country")
        .collect();
    assert!(
        unknown
            .iter()
            .any(|d| range_text(&edited, &d["range"], enc).contains("Slovakai")),
        "{diags:?}"
    );
    // The quick fix is offered for that range.
    let d = unknown
        .iter()
        .find(|d| range_text(&edited, &d["range"], enc).contains("Slovakai"))
        .unwrap();
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": td(&uri1), "range": d["range"], "context": {"diagnostics": []}}),
        )
        .await;
    let titles = actions.to_string();
    assert!(titles.contains("Slovakia"), "{titles}");

    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn done_means_utf16_client() {
    done_means(Enc::Utf16).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn done_means_utf8_client() {
    done_means(Enc::Utf8).await;
}

/// The server still answers a hover on a seed record.
async fn still_answers(c: &Client, uri: &str, text: &str) {
    let at = inside(text, "RÓBERT CHATRNÚCH (Slovakia)", 20);
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": td(uri), "position": c.pos(text, at)}),
        )
        .await;
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Slovakia"),
        "{h}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn survives_bad_input() {
    let mut c = start(Enc::Utf16).await;
    let (uri1, text1) = fixture(F001);
    c.open(&uri1, &text1, 1);
    still_answers(&c, &uri1, &text1).await;

    // Unknown documents: empty results.
    let nope = "file:///no/such/record.txt";
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": td(nope), "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert!(h.is_null());
    let s = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": td(nope)}),
        )
        .await;
    assert!(s.is_null() || s.as_array().is_some_and(Vec::is_empty));
    let d = c
        .request("textDocument/diagnostic", json!({"textDocument": td(nope)}))
        .await;
    assert_eq!(d["items"], json!([]));

    // Out-of-range positions are clamped.
    for pos in [
        json!({"line": 999999, "character": 5}),
        json!({"line": 0, "character": 999999}),
    ] {
        let r = c
            .call(
                "textDocument/hover",
                json!({"textDocument": td(&uri1), "position": pos}),
            )
            .await;
        assert!(r.get("error").is_none(), "{r}");
        let r = c
            .call(
                "textDocument/definition",
                json!({"textDocument": td(&uri1), "position": pos}),
            )
            .await;
        assert!(r.get("error").is_none(), "{r}");
    }

    // Inverted ranges are rejected with an error response.
    let r = c
        .call(
            "textDocument/codeAction",
            json!({"textDocument": td(&uri1), "range": {"start": {"line": 10, "character": 0}, "end": {"line": 2, "character": 0}}, "context": {"diagnostics": []}}),
        )
        .await;
    assert_eq!(r["error"]["code"], -32602, "{r}");
    // ... and in a didChange, the change is refused (logged), the document left as it was.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri1, "version": 2}, "contentChanges": [{"range": {"start": {"line": 3, "character": 0}, "end": {"line": 1, "character": 0}}, "text": "x"}]}),
    );
    c.wait_for("log of the refused change", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("rejected"))
    })
    .await;
    still_answers(&c, &uri1, &text1).await;

    // Unknown methods: an error for a request, nothing for a notification.
    let r = c.call("rapporteur/noSuchMethod", json!({})).await;
    assert_eq!(r["error"]["code"], -32601, "{r}");
    c.notify("rapporteur/noSuchNotification", json!({}));
    still_answers(&c, &uri1, &text1).await;

    // Cancellation of a request in flight.
    let (id, rx) = c
        .call_nowait("workspace/symbol", json!({"query": "a"}))
        .await;
    c.notify("$/cancelRequest", json!({"id": id}));
    let r = tokio::time::timeout(TIMEOUT, rx).await.unwrap().unwrap();
    assert!(
        r.get("result").is_some() || r["error"]["code"] == -32800,
        "{r}"
    );
    still_answers(&c, &uri1, &text1).await;

    // A panic inside a handler is an error response, not the end of the server.
    let r = c.call("rapporteur/debugPanic", json!({})).await;
    assert!(r.get("error").is_some(), "{r}");
    still_answers(&c, &uri1, &text1).await;

    // A 5 MB document on one line, with non-BMP characters.
    let big_uri = "file:///tmp/rapporteur-big-one-line.txt";
    let mut big = String::with_capacity(5 << 20);
    while big.len() < 5 << 20 {
        big.push_str("The representative of Slovakia said 𐐀 and 😀 “quoted” words. ");
    }
    c.open(big_uri, &big, 1);
    let end = json!({"line": 0, "character": 99_999_999});
    let r = c
        .call(
            "textDocument/hover",
            json!({"textDocument": td(big_uri), "position": end}),
        )
        .await;
    assert!(r.get("error").is_none(), "{r}");
    let r = c
        .call(
            "textDocument/completion",
            json!({"textDocument": td(big_uri), "position": {"line": 0, "character": 2_000_000}}),
        )
        .await;
    assert!(r.get("error").is_none(), "{r}");
    still_answers(&c, &uri1, &text1).await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": td(big_uri)}),
    );

    // Non-BMP text edited incrementally: positions count surrogate pairs.
    let nb_uri = "file:///tmp/rapporteur-non-bmp.txt";
    let nb = "Seventy-sixth Session,\n1st Meeting (AM)\n\nTitle 𐐀 😀\n\nJOHN DOE (Slovakia) said 😀 fine.\n";
    c.open(nb_uri, nb, 1);
    let at = nb.find("(Slovakia)").unwrap() + 1 + "Slovak".len();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": nb_uri, "version": 2}, "contentChanges": [
            {"range": {"start": c.pos(nb, at), "end": c.pos(nb, at + 2)}, "text": "ai"}
        ]}),
    );
    let mut nb2 = nb.to_string();
    nb2.replace_range(at..at + 2, "ai");
    let diags = c.diagnostics_for(nb_uri, 2).await;
    let d = diags
        .iter()
        .find(|d| d["code"] == "unknown-country")
        .expect("unknown-country");
    assert!(
        range_text(&nb2, &d["range"], Enc::Utf16).contains("Slovakai"),
        "{d}"
    );

    still_answers(&c, &uri1, &text1).await;
    c.shutdown().await;
}

/// Asked at once, before the workspace is indexed, a definition in another record waits for the
/// index instead of answering nothing.
#[tokio::test]
async fn definition_right_after_startup_waits_for_the_index() {
    let mut c = spawn_binary(json!({}), Enc::Utf16);
    c.initialize(Some(&fixtures_dir()), json!({})).await;
    let (uri1, text1) = fixture(F001);
    c.open(&uri1, &text1, 1);
    let at = inside(&text1, "GA/12387.)", 3);
    let def = c
        .request(
            "textDocument/definition",
            json!({"textDocument": td(&uri1), "position": c.pos(&text1, at)}),
        )
        .await;
    assert!(def.to_string().contains(F000), "{def}");
    c.shutdown().await;
}
