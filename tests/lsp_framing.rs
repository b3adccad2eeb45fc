//! Malformed frames sent to the real binary over stdio: each is answered or dropped, and the
//! server still answers the next well-formed request (and exits on `exit`).

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Reads the server's frames on a thread of its own.
fn reader(stdout: std::process::ChildStdout) -> mpsc::Receiver<Value> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut length = None;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length: ") {
                    length = v.parse::<usize>().ok();
                }
            }
            let mut body = vec![0; length.expect("a Content-Length from the server")];
            if r.read_exact(&mut body).is_err() {
                return;
            }
            let v: Value = serde_json::from_slice(&body).expect("the server sends JSON");
            if tx.send(v).is_err() {
                return;
            }
        }
    });
    rx
}

/// Waits for the response to request `id`, keeping error answers to malformed frames.
fn response(rx: &mpsc::Receiver<Value>, id: i64, errors: &mut Vec<Value>) -> Option<Value> {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        let Ok(m) = rx.recv_timeout(left) else {
            return None;
        };
        if m["id"] == id {
            return Some(m);
        }
        if m.get("error").is_some() {
            errors.push(m);
        }
    }
    None
}

#[test]
fn malformed_frames_are_answered_or_dropped_and_the_server_goes_on() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("serve")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let rx = reader(child.stdout.take().unwrap());
    let mut errors = Vec::new();
    let mut send = |bytes: &[u8]| {
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    };
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": null, "capabilities": {}}});
    send(&frame(init.to_string().as_bytes()));
    assert!(
        response(&rx, 1, &mut errors).is_some(),
        "initialize answered"
    );
    send(&frame(
        br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    ));

    let body = |id: i64| {
        json!({"jsonrpc": "2.0", "id": id, "method": "workspace/symbol", "params": {"query": "x"}})
            .to_string()
    };
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let valid = body(0);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("invalid JSON", frame(b"{\"jsonrpc\": \"2.0\", \"id\": ")),
        ("null body", frame(b"null")),
        ("number body", frame(b"42")),
        ("batch", frame(format!("[{valid}]").as_bytes())),
        (
            "non-numeric length",
            b"Content-Length: abc\r\n\r\n{}".to_vec(),
        ),
        ("negative length", b"Content-Length: -5\r\n\r\n{}".to_vec()),
        (
            "overflowing length",
            b"Content-Length: 99999999999999999999999\r\n\r\n{}".to_vec(),
        ),
        (
            "too large length",
            b"Content-Length: 999999999999\r\n\r\n{}".to_vec(),
        ),
        ("too small length", {
            let mut f = b"Content-Length: 10\r\n\r\n".to_vec();
            f.extend_from_slice(valid.as_bytes());
            f
        }),
        (
            "missing length",
            format!("Content-Type: x\r\n\r\n{valid}").into_bytes(),
        ),
        (
            "header without colon",
            format!("garbage\r\n\r\n{valid}").into_bytes(),
        ),
        ("non-UTF-8 body", frame(b"{\"a\": \"\xff\xfe\"}")),
        ("deep nesting", frame(deep.as_bytes())),
        (
            "float id",
            frame(
                br#"{"jsonrpc":"2.0","id":1.5,"method":"workspace/symbol","params":{"query":""}}"#,
            ),
        ),
        (
            "object id",
            frame(br#"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#),
        ),
        (
            "array id",
            frame(br#"{"jsonrpc":"2.0","id":[1],"method":"shutdown"}"#),
        ),
        (
            "2^63 id",
            frame(br#"{"jsonrpc":"2.0","id":9223372036854775808,"method":"shutdown"}"#),
        ),
        (
            "jsonrpc 1.0",
            frame(br#"{"jsonrpc":"1.0","id":5,"method":"shutdown"}"#),
        ),
        ("jsonrpc missing", frame(br#"{"id":6,"method":"shutdown"}"#)),
        (
            "numeric method",
            frame(br#"{"jsonrpc":"2.0","id":8,"method":42}"#),
        ),
        (
            "exit as a request",
            frame(br#"{"jsonrpc":"2.0","id":77,"method":"exit"}"#),
        ),
    ];
    let mut next = 100;
    for (what, bytes) in cases {
        send(&bytes);
        // A frame announcing more than it holds swallows what follows: the second request
        // after it must be answered.
        let mut answered = false;
        for _ in 0..2 {
            next += 1;
            send(&frame(body(next).as_bytes()));
            if response(&rx, next, &mut errors).is_some() {
                answered = true;
                break;
            }
        }
        assert!(answered, "no answer after a frame with {what}");
    }
    // The answers carry the codes JSON-RPC defines, with the id when it was usable.
    let codes: Vec<i64> = errors
        .iter()
        .filter_map(|e| e["error"]["code"].as_i64())
        .collect();
    assert!(
        codes.contains(&-32700) && codes.contains(&-32600),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e["id"] == 5), "{errors:?}");
    assert!(errors.iter().any(|e| e["id"] == 8), "{errors:?}");
    assert!(errors.iter().any(|e| e["id"] == 77), "{errors:?}");

    // Lower-case header names are headers too.
    next += 1;
    let b = body(next);
    send(format!("content-length: {}\r\n\r\n{b}", b.len()).as_bytes());
    assert!(
        response(&rx, next, &mut errors).is_some(),
        "lower-case header"
    );

    send(&frame(
        br#"{"jsonrpc":"2.0","id":9000,"method":"shutdown"}"#,
    ));
    assert!(
        response(&rx, 9000, &mut errors).is_some(),
        "shutdown answered"
    );
    send(&frame(br#"{"jsonrpc":"2.0","method":"exit"}"#));
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not exit"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
