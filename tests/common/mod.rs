//! A tiny JSON-RPC client for language-server tests: Content-Length framing over any async
//! stream pair (an in-process tokio duplex pipe or the real binary's stdio), requests with
//! responses matched by id, notifications collected in order, server requests answered
//! (workspace/configuration with the test's settings, everything else with null). Plus fixture
//! helpers: `$0` marks the cursor; positions are computed here independently of the server.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::{Mutex, mpsc, oneshot};

pub const TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
}

type Pending = Arc<Mutex<HashMap<i64, oneshot::Sender<Value>>>>;

pub struct Client {
    out: mpsc::UnboundedSender<Value>,
    pending: Pending,
    inbox: mpsc::UnboundedReceiver<Value>,
    /// Notifications (and server requests) seen so far but not yet consumed by a wait.
    pub seen: Vec<Value>,
    next_id: AtomicI64,
    pub enc: Enc,
    _child: Option<tokio::process::Child>,
}

async fn read_message<R: AsyncRead + Unpin>(r: &mut BufReader<R>) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut buf = vec![0; len?];
    r.read_exact(&mut buf).await.ok()?;
    serde_json::from_slice(&buf).ok()
}

impl Client {
    /// Starts the reader and writer tasks over a stream pair.
    pub fn over<R, W>(reader: R, writer: W, settings: Value, enc: Enc) -> Client
    where
        R: AsyncRead + Unpin + Send + 'static,
        W: AsyncWrite + Unpin + Send + 'static,
    {
        let (out_tx, mut out_rx) = mpsc::unbounded_channel::<Value>();
        let (in_tx, in_rx) = mpsc::unbounded_channel::<Value>();
        let pending: Pending = Arc::new(Mutex::new(HashMap::new()));
        let mut writer = writer;
        tokio::spawn(async move {
            while let Some(msg) = out_rx.recv().await {
                let body = serde_json::to_vec(&msg).unwrap();
                let head = format!("Content-Length: {}\r\n\r\n", body.len());
                if writer.write_all(head.as_bytes()).await.is_err()
                    || writer.write_all(&body).await.is_err()
                    || writer.flush().await.is_err()
                {
                    break;
                }
            }
        });
        let p = pending.clone();
        let answer = out_tx.clone();
        tokio::spawn(async move {
            let mut r = BufReader::with_capacity(1 << 16, reader);
            while let Some(msg) = read_message(&mut r).await {
                let is_response = msg.get("method").is_none() && msg.get("id").is_some();
                if is_response {
                    if let Some(id) = msg["id"].as_i64()
                        && let Some(tx) = p.lock().await.remove(&id)
                    {
                        let _ = tx.send(msg);
                    }
                    continue;
                }
                if let Some(id) = msg.get("id") {
                    let result = match msg["method"].as_str() {
                        Some("workspace/configuration") => {
                            let n = msg["params"]["items"].as_array().map_or(1, Vec::len);
                            Value::Array(vec![settings.clone(); n])
                        }
                        _ => Value::Null,
                    };
                    let _ = answer.send(json!({"jsonrpc": "2.0", "id": id, "result": result}));
                }
                if in_tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Client {
            out: out_tx,
            pending,
            inbox: in_rx,
            seen: Vec::new(),
            next_id: AtomicI64::new(1),
            enc,
            _child: None,
        }
    }

    /// Sends a request; returns the whole response (with `result` or `error`).
    pub async fn call(&self, method: &str, params: Value) -> Value {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        self.pending.lock().await.insert(id, tx);
        self.out
            .send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .expect("server gone");
        tokio::time::timeout(TIMEOUT, rx)
            .await
            .unwrap_or_else(|_| panic!("no response to {method}"))
            .expect("response channel closed")
    }

    /// Sends a request and returns its id without waiting (for cancellation tests).
    pub async fn call_nowait(
        &self,
        method: &str,
        params: Value,
    ) -> (i64, oneshot::Receiver<Value>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        self.pending.lock().await.insert(id, tx);
        self.out
            .send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .expect("server gone");
        (id, rx)
    }

    /// A request's `result`; panics on an error response.
    pub async fn request(&self, method: &str, params: Value) -> Value {
        let r = self.call(method, params).await;
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.out
            .send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .expect("server gone");
    }

    /// Waits for a notification (or server request) matching `pred`; earlier ones are kept in
    /// `seen`.
    pub async fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&pred) {
            return self.seen.remove(i);
        }
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            let msg = tokio::time::timeout_at(deadline, self.inbox.recv())
                .await
                .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
                .unwrap_or_else(|| panic!("server closed while waiting for {what}"));
            if pred(&msg) {
                return msg;
            }
            self.seen.push(msg);
        }
    }

    /// Like [`Client::wait_for`] but gives up after `limit` (or when the server closes) and
    /// returns `None` instead of panicking: benchmarks report a timeout rather than fail.
    pub async fn wait_for_within(
        &mut self,
        pred: impl Fn(&Value) -> bool,
        limit: Duration,
    ) -> Option<Value> {
        if let Some(i) = self.seen.iter().position(&pred) {
            return Some(self.seen.remove(i));
        }
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let msg = tokio::time::timeout_at(deadline, self.inbox.recv())
                .await
                .ok()??;
            if pred(&msg) {
                return Some(msg);
            }
            self.seen.push(msg);
        }
    }

    /// Like [`Client::call`] but returns `None` when no response comes within `limit`.
    pub async fn call_within(&self, method: &str, params: Value, limit: Duration) -> Option<Value> {
        let (_, rx) = self.call_nowait(method, params).await;
        tokio::time::timeout(limit, rx).await.ok()?.ok()
    }

    /// The server process id when it runs as a child (for its peak RSS in /proc).
    pub fn pid(&self) -> Option<u32> {
        self._child.as_ref().and_then(|c| c.id())
    }

    /// Waits for diagnostics of `uri` at `version`.
    pub async fn diagnostics_for(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let u = uri.to_string();
        let msg = self
            .wait_for(&format!("diagnostics of {uri} v{version}"), move |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == u.as_str()
                    && m["params"]["version"] == version
            })
            .await;
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// `initialize` with the capabilities of a modern client, then `initialized`.
    pub async fn initialize(&mut self, root: Option<&Path>, init_options: Value) -> Value {
        let encodings = match self.enc {
            Enc::Utf8 => json!(["utf-8", "utf-16"]),
            Enc::Utf16 => json!(["utf-16"]),
        };
        let folders = root.map(
            |r| json!([{"uri": file_uri(r), "name": r.file_name().unwrap().to_string_lossy()}]),
        );
        let result = self
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": root.map(file_uri),
                    "workspaceFolders": folders,
                    "initializationOptions": init_options,
                    "capabilities": {
                        "general": {"positionEncodings": encodings},
                        "window": {"workDoneProgress": true},
                        "workspace": {
                            "configuration": true,
                            "workspaceFolders": true,
                            "didChangeWatchedFiles": {"dynamicRegistration": true},
                            "workspaceEdit": {"documentChanges": true}
                        },
                        "textDocument": {
                            "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
                            "publishDiagnostics": {"relatedInformation": true, "versionSupport": true},
                            "synchronization": {"dynamicRegistration": false}
                        }
                    }
                }),
            )
            .await;
        self.notify("initialized", json!({}));
        result
    }

    /// Waits until the workspace folders are indexed (`$/progress` end).
    pub async fn wait_indexed(&mut self) {
        self.wait_for("indexing to end", |m| {
            m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
        })
        .await;
    }

    pub fn open(&self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": version, "text": text}}),
        );
    }

    pub async fn shutdown(self) {
        let _ =
            tokio::time::timeout(Duration::from_secs(5), self.call("shutdown", Value::Null)).await;
        self.notify("exit", Value::Null);
    }

    /// A position in `text` at byte `offset`, in the client's encoding.
    pub fn pos(&self, text: &str, offset: usize) -> Value {
        let (l, c) = line_col(text, offset, self.enc);
        json!({"line": l, "character": c})
    }
}

/// Starts the real binary over stdio.
pub fn spawn_binary(settings: Value, enc: Enc) -> Client {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(["serve", "--stdio"])
        .env("RAPPORTEUR_TEST_HOOKS", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start rapporteur serve");
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut c = Client::over(stdout, stdin, settings, enc);
    c._child = Some(child);
    c
}

/// Starts the server in this process over a tokio duplex pipe.
pub fn spawn_in_process(settings: Value, enc: Enc) -> Client {
    let (client_side, server_side) = tokio::io::duplex(1 << 20);
    let (sr, sw) = tokio::io::split(server_side);
    tokio::spawn(async move {
        rapporteur::lsp::serve_with(sr, sw, true).await;
    });
    let (cr, cw) = tokio::io::split(client_side);
    Client::over(cr, cw, settings, enc)
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

pub fn fixture(name: &str) -> (String, String) {
    let path = fixtures_dir().join(name);
    (file_uri(&path), std::fs::read_to_string(&path).unwrap())
}

pub fn file_uri(p: &Path) -> String {
    tower_lsp::lsp_types::Url::from_file_path(p)
        .unwrap()
        .to_string()
}

/// 0-based line and column of a byte offset, columns in `enc` units.
/// Byte offsets where lines start, as LSP counts line ends: "\n", "\r\n" and a lone "\r".
fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

pub fn line_col(text: &str, offset: usize, enc: Enc) -> (u32, u32) {
    let starts = line_starts(text);
    let line = starts.partition_point(|&s| s <= offset) - 1;
    let before = &text[starts[line]..offset];
    let col = match enc {
        Enc::Utf8 => before.len() as u32,
        Enc::Utf16 => before.encode_utf16().count() as u32,
    };
    (line as u32, col)
}

pub fn offset_of(text: &str, line: u32, col: u32, enc: Enc) -> usize {
    let starts = line_starts(text);
    let Some(&start) = starts.get(line as usize) else {
        return text.len();
    };
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= col || c == '\n' || c == '\r' {
            return start + i;
        }
        units += match enc {
            Enc::Utf8 => c.len_utf8() as u32,
            Enc::Utf16 => c.len_utf16() as u32,
        };
    }
    text.len()
}

pub fn range_text<'a>(text: &'a str, range: &Value, enc: Enc) -> &'a str {
    let s = offset_of(
        text,
        range["start"]["line"].as_u64().unwrap() as u32,
        range["start"]["character"].as_u64().unwrap() as u32,
        enc,
    );
    let e = offset_of(
        text,
        range["end"]["line"].as_u64().unwrap() as u32,
        range["end"]["character"].as_u64().unwrap() as u32,
        enc,
    );
    &text[s..e]
}

/// Splits a fixture at its `$0` marker: the text without it and the cursor's byte offset.
pub fn cursor(fixture: &str) -> (String, usize) {
    let at = fixture.find("$0").expect("fixture without $0");
    let mut text = fixture.to_string();
    text.replace_range(at..at + 2, "");
    (text, at)
}

/// The byte offset `nth` characters into the first occurrence of `needle` after `after`.
pub fn inside(text: &str, needle: &str, chars_in: usize) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in text"));
    at + needle
        .char_indices()
        .nth(chars_in)
        .map_or(needle.len(), |(i, _)| i)
}

/// A small deterministic generator (xorshift64*): seeded tests draw the same sequence on every
/// run.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `rapporteur check --format json --min-severity hint .` run in `dir`: the findings of a fresh
/// run, as JSON objects.
pub fn fresh_check(dir: &Path) -> Vec<Value> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(["check", "--format", "json", "--min-severity", "hint", "."])
        .current_dir(dir)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).expect("check prints JSON")
}
