//! Buffers the client reopens or edits out of order: a late parse of a closed buffer never
//! replaces the reopened one, and a version that does not increase is not applied.

mod common;

use std::time::Duration;

use common::*;
use serde_json::{Value, json};

/// The outline's top-level names of a document.
async fn outline_names(c: &Client, uri: &str) -> Vec<String> {
    let symbols = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    symbols
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| s["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn a_late_parse_of_a_closed_buffer_never_replaces_the_reopened_one() {
    let mut c = spawn_in_process(json!({}), Enc::Utf16);
    c.initialize(None, json!({})).await;
    let uri = "file:///virtual/reopened.txt";
    // Large enough to be parsed off the message loop.
    let (_, seed) = fixture("000_ad5e1fdf5d9536eb.txt");
    let big = seed.repeat(12);
    assert!(big.len() > 512 * 1024);
    let (_, small) = fixture("004_87f55e9cf2a6c102.txt");
    c.open(uri, &big, 1);
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    c.open(uri, &small, 1);
    c.diagnostics_for(uri, 1).await;
    let expected = outline_names(&c, uri).await;
    // Long enough for the big parse to have finished (it is dropped, not stored).
    for _ in 0..30 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(outline_names(&c, uri).await, expected);
    }
    let title = &expected[0];
    assert!(title.starts_with("Put Survivors at Centre"), "{title}");
    c.shutdown().await;
}

#[tokio::test]
async fn a_version_that_does_not_increase_is_not_applied() {
    let mut c = spawn_in_process(json!({}), Enc::Utf16);
    c.initialize(None, json!({})).await;
    let uri = "file:///virtual/versions.txt";
    let (_, text) = fixture("001_c043cd201b0f12f7.txt");
    c.open(uri, &text, 5);
    c.diagnostics_for(uri, 5).await;
    let at = text.find("(Slovakia)").unwrap() + 1;
    let range = json!({"start": c.pos(&text, at), "end": c.pos(&text, at + "Slovakia".len())});
    // An older version misspelling the country: ignored.
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 3},
            "contentChanges": [{"range": range, "text": "Slovakai"}]
        }),
    );
    // A newer version that changes nothing: its diagnostics show the text the server holds.
    let end = c.pos(&text, text.len());
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 6},
            "contentChanges": [{"range": {"start": end, "end": end}, "text": ""}]
        }),
    );
    let diags = c.diagnostics_for(uri, 6).await;
    let unknown: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "unknown-country")
        .collect();
    assert!(unknown.is_empty(), "{unknown:?}");
    assert!(
        !c.seen.iter().any(
            |m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 3
        ),
        "diagnostics published for the ignored version"
    );
    c.shutdown().await;
}

/// Edits to a large buffer are applied at once and parsed in their latest version only: a
/// request on another document is answered meanwhile, and the final version is diagnosed.
#[tokio::test]
async fn edits_to_a_large_buffer_keep_no_request_waiting() {
    let mut c = spawn_in_process(json!({}), Enc::Utf16);
    c.initialize(None, json!({})).await;
    let (_, seed) = fixture("000_ad5e1fdf5d9536eb.txt");
    let big = seed.repeat(30);
    let big_uri = "file:///virtual/big.txt";
    let (_, small) = fixture("001_c043cd201b0f12f7.txt");
    let small_uri = "file:///virtual/small.txt";
    c.open(small_uri, &small, 1);
    c.diagnostics_for(small_uri, 1).await;
    c.open(big_uri, &big, 1);
    let end = c.pos(&big, big.len());
    for v in 2..=41 {
        c.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": big_uri, "version": v},
                "contentChanges": [{"range": {"start": end, "end": end}, "text": " "}]
            }),
        );
    }
    let at = small.find("Slovakia").unwrap();
    let hover = c
        .call_within(
            "textDocument/hover",
            json!({"textDocument": {"uri": small_uri}, "position": c.pos(&small, at)}),
            Duration::from_secs(10),
        )
        .await;
    assert!(
        hover.is_some_and(|h| h["result"]["contents"].to_string().contains("Slovakia")),
        "a hover on another document waited behind the edits"
    );
    c.diagnostics_for(big_uri, 41).await;
    c.shutdown().await;
}

/// Random edits with line ends of every kind and characters outside the BMP leave the server
/// with the record a fresh opening of the final text gives, in both position encodings.
#[tokio::test]
async fn random_edits_leave_the_text_a_fresh_opening_gives() {
    let pieces = [
        "",
        "\r",
        "\r\n",
        "\n",
        "\n\n",
        "😀",
        "𐐀",
        "é",
        "’",
        "Slovakia",
        " ",
        "\n\nRÓBERT CHATRNÚCH (Slovakia) said that 😀 matters.\r\n\r\n",
        "\r\rMs. MINGEIROU\r",
    ];
    for (enc, seed) in [
        (Enc::Utf8, 0x1234_5678_9abc_def1u64),
        (Enc::Utf16, 0x0fed_cba9_8765_4321),
    ] {
        let mut c = spawn_in_process(json!({}), enc);
        c.initialize(None, json!({})).await;
        let (_, record) = fixture("004_87f55e9cf2a6c102.txt");
        let mut text = record.clone();
        let uri = "file:///virtual/edited.txt";
        c.open(uri, &text, 1);
        let mut rng = Rng(seed);
        let last = 301;
        for v in 2..=last {
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let a = bounds[rng.below(bounds.len())];
            let b = bounds
                .iter()
                .copied()
                .filter(|&x| x >= a && x <= a + 40)
                .nth(rng.below(8))
                .unwrap_or(a);
            // An edit never splits a "\r\n": clients see one line end there.
            let splits = |i: usize| text[..i].ends_with('\r') && text[i..].starts_with('\n');
            if splits(a) || splits(b) {
                continue;
            }
            let piece = pieces[rng.below(pieces.len())];
            let range = json!({"start": c.pos(&text, a), "end": c.pos(&text, b)});
            c.notify(
                "textDocument/didChange",
                json!({
                    "textDocument": {"uri": uri, "version": v},
                    "contentChanges": [{"range": range, "text": piece}]
                }),
            );
            text.replace_range(a..b, piece);
        }
        let fresh = "file:///virtual/fresh.txt";
        c.open(fresh, &text, 1);
        c.diagnostics_for(fresh, 1).await;
        for method in [
            "textDocument/documentSymbol",
            "textDocument/semanticTokens/full",
        ] {
            let mine = c
                .request(method, json!({"textDocument": {"uri": uri}}))
                .await;
            let theirs = c
                .request(method, json!({"textDocument": {"uri": fresh}}))
                .await;
            assert_eq!(mine, theirs, "{method} after random edits ({enc:?})");
        }
        c.shutdown().await;
    }
}

/// A hover during indexing answers at once from the records indexed so far, and says so.
#[tokio::test]
async fn a_hover_during_indexing_answers_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (_, record) = fixture("001_c043cd201b0f12f7.txt");
    for i in 0..300 {
        std::fs::write(dir.path().join(format!("r{i:04}.txt")), &record).unwrap();
    }
    let mut c = spawn_in_process(json!({}), Enc::Utf16);
    c.initialize(Some(dir.path()), json!({})).await;
    let uri = "file:///virtual/open.txt";
    c.open(uri, &record, 1);
    c.diagnostics_for(uri, 1).await;
    let at = record.find("(Slovakia)").unwrap() + 2;
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": c.pos(&record, at)}),
        )
        .await;
    let text = hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(text.contains("Slovakia"), "{text}");
    let ended = c
        .seen
        .iter()
        .any(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    if !ended {
        assert!(text.contains("Indexing the workspace"), "{text}");
    }
    c.wait_indexed().await;
    c.shutdown().await;
}

/// Watched-file events for a FIFO and a link to /dev/zero: refused at once (a FIFO would block
/// the reader, /dev/zero never ends), and the server goes on answering.
#[tokio::test]
async fn watched_special_files_are_refused_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo is available");
    let zero = dir.path().join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let mut c = spawn_in_process(json!({}), Enc::Utf16);
    c.initialize(Some(dir.path()), json!({})).await;
    c.wait_indexed().await;
    for _ in 0..4 {
        c.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [
                {"uri": file_uri(&fifo), "type": 1},
                {"uri": file_uri(&zero), "type": 2}
            ]}),
        );
    }
    let answer = c
        .call_within(
            "workspace/symbol",
            json!({"query": "x"}),
            Duration::from_secs(10),
        )
        .await;
    assert!(answer.is_some(), "the server stopped answering");
    let _ = tokio::time::timeout(Duration::from_secs(10), c.shutdown()).await;
}
