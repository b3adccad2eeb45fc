//! The transport in front of tower-lsp: reads `Content-Length` frames itself, checks each
//! header and the JSON-RPC shape of each message, answers what it can address (-32700 for a body
//! that is no JSON, -32600 for an invalid request), drops the rest, finds the next header when
//! the framing is lost, and hands tower-lsp only well-formed messages. tower-lsp's own reader
//! stops at the first frame it cannot decode, which would end the server.

use serde_json::{Value, json};
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
};
use tokio::sync::mpsc;

/// The largest message body accepted; a client sending more has lost its way.
pub(crate) const MAX_BODY: usize = 64 * 1024 * 1024;
/// Header lines longer than this, or more of them, mean the framing is lost.
const MAX_HEADER_LINE: usize = 8 * 1024;
const MAX_HEADER_LINES: usize = 32;

/// One complete frame for the client.
fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn error_frame(id: Value, code: i64, message: &str) -> Vec<u8> {
    let body = json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}});
    frame(body.to_string().as_bytes())
}

/// What to do with one received body.
#[derive(Debug, PartialEq)]
pub(crate) enum Verdict {
    /// Well-formed: hand it to the server as it is.
    Pass,
    /// Answer the client with this error frame and drop the message.
    Answer(Vec<u8>),
    /// Drop the message silently (nothing can be answered).
    Drop,
}

/// An id JSON-RPC allows and tower-lsp can carry: an integer that fits 64 bits, or a string.
fn valid_id(id: &Value) -> bool {
    match id {
        Value::String(_) => true,
        Value::Number(n) => n.is_i64(),
        _ => false,
    }
}

/// Judges one message body.
pub(crate) fn judge(body: &[u8]) -> Verdict {
    let Ok(text) = std::str::from_utf8(body) else {
        return Verdict::Answer(error_frame(Value::Null, -32700, "the body is not UTF-8"));
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return Verdict::Answer(error_frame(
                Value::Null,
                -32700,
                &format!("the body is not JSON: {e}"),
            ));
        }
    };
    let Value::Object(msg) = &value else {
        let what = if value.is_array() {
            "batches are not supported"
        } else {
            "a message must be an object"
        };
        return Verdict::Answer(error_frame(Value::Null, -32600, what));
    };
    let id = msg.get("id");
    let id_ok = id.is_none_or(|i| i.is_null() || valid_id(i));
    let answer_id = match id {
        Some(i) if valid_id(i) => i.clone(),
        _ => Value::Null,
    };
    if msg.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Verdict::Answer(error_frame(answer_id, -32600, "`jsonrpc` must be \"2.0\""));
    }
    if !id_ok {
        return Verdict::Answer(error_frame(
            Value::Null,
            -32600,
            "an id must be an integer or a string",
        ));
    }
    match msg.get("method") {
        // `exit` is a notification; sent as a request it must not end the server.
        Some(Value::String(m)) if m == "exit" && id.is_some_and(valid_id) => Verdict::Answer(
            error_frame(answer_id, -32600, "`exit` is a notification, not a request"),
        ),
        Some(Value::String(_)) => Verdict::Pass,
        Some(_) => Verdict::Answer(error_frame(answer_id, -32600, "`method` must be a string")),
        // A response to one of the server's requests: it needs the id it answers.
        None if id.is_some_and(valid_id)
            && (msg.contains_key("result") || msg.contains_key("error")) =>
        {
            Verdict::Pass
        }
        None => Verdict::Drop,
    }
}

/// The `Content-Length` a header line gives, the name in any case; found anywhere in the line,
/// since after a body shorter than announced the next header follows its remains.
fn content_length(line: &str) -> Option<Result<usize, String>> {
    let at = line.to_ascii_lowercase().find("content-length")?;
    let rest = line[at + "content-length".len()..].trim_start();
    let value = rest.strip_prefix(':')?.trim();
    Some(match value.parse::<u64>() {
        Ok(n) if n as usize <= MAX_BODY => Ok(n as usize),
        Ok(n) => Err(format!("Content-Length {n} is over the limit")),
        Err(_) => Err(format!("Content-Length `{value}` is no length")),
    })
}

/// Reads frames from `input`, passes well-formed messages to `server` (as frames) and sends
/// answers for the others to `replies`. Ends at the end of input.
pub(crate) async fn read_frames<I, S>(
    input: I,
    mut server: S,
    replies: mpsc::UnboundedSender<Vec<u8>>,
) where
    I: AsyncRead + Unpin,
    S: AsyncWrite + Unpin,
{
    let mut reader = BufReader::new(input);
    let mut line = Vec::new();
    loop {
        let length = match read_headers(&mut reader, &mut line).await {
            Headers::Length(n) => n,
            Headers::End => break,
            Headers::Lost => {
                tracing::warn!("lost the framing; looking for the next Content-Length header");
                match resync(&mut reader, &mut line).await {
                    Some(n) => n,
                    None => break,
                }
            }
        };
        if !handle_body(&mut reader, length, &mut server, &replies).await {
            break;
        }
    }
    let _ = server.shutdown().await;
}

/// What the header lines of a frame gave.
enum Headers {
    /// A `Content-Length`, and the blank line after the headers.
    Length(usize),
    /// A line that is no header or is too long, a length that cannot be read, or too many lines:
    /// the framing is lost.
    Lost,
    /// The end of input (or a read error).
    End,
}

/// Reads header lines up to the blank line that ends them; the framing is lost on anything else.
async fn read_headers<R>(reader: &mut R, line: &mut Vec<u8>) -> Headers
where
    R: AsyncBufRead + Unpin,
{
    let mut length: Option<usize> = None;
    let mut lines = 0;
    loop {
        line.clear();
        let n = match (&mut *reader)
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', line)
            .await
        {
            Ok(n) => n,
            Err(_) => return Headers::End,
        };
        if n == 0 {
            return Headers::End;
        }
        if !line.ends_with(b"\n") {
            // Over the length of a header line: no header.
            return Headers::Lost;
        }
        lines += 1;
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if let Some(n) = length {
                return Headers::Length(n);
            }
            // Blank lines between frames are tolerated.
            lines = 0;
            continue;
        }
        match content_length(text) {
            Some(Ok(n)) => length = Some(n),
            Some(Err(e)) => {
                tracing::warn!("dropped a frame: {e}");
                return Headers::Lost;
            }
            None if text.contains(':') => {}
            None => return Headers::Lost,
        }
        if lines > MAX_HEADER_LINES {
            return Headers::Lost;
        }
    }
}

/// Finds the next header: skips lines until one is a `Content-Length`, then skips to the blank
/// line after it (other headers may come first); the length, or `None` at the end of input.
async fn resync<R>(reader: &mut R, line: &mut Vec<u8>) -> Option<usize>
where
    R: AsyncBufRead + Unpin,
{
    loop {
        line.clear();
        match (&mut *reader)
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', line)
            .await
        {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
        let text = String::from_utf8_lossy(line);
        if let Some(Ok(n)) = content_length(text.trim_end_matches(['\r', '\n'])) {
            skip_to_blank_line(reader, line).await?;
            return Some(n);
        }
    }
}

/// Reads lines up to a blank one; `None` at the end of input.
async fn skip_to_blank_line<R>(reader: &mut R, line: &mut Vec<u8>) -> Option<()>
where
    R: AsyncBufRead + Unpin,
{
    loop {
        line.clear();
        match reader.read_until(b'\n', line).await {
            Ok(0) | Err(_) => return None,
            Ok(_) if line.iter().all(|b| b.is_ascii_whitespace()) => return Some(()),
            Ok(_) => {}
        }
    }
}

/// Reads a body of `length` bytes and passes or answers it; `false` at the end of input.
async fn handle_body<R, S>(
    reader: &mut R,
    length: usize,
    server: &mut S,
    replies: &mpsc::UnboundedSender<Vec<u8>>,
) -> bool
where
    R: AsyncRead + Unpin,
    S: AsyncWrite + Unpin,
{
    let mut body = vec![0u8; length];
    if reader.read_exact(&mut body).await.is_err() {
        return false;
    }
    match judge(&body) {
        Verdict::Pass => server.write_all(&frame(&body)).await.is_ok(),
        Verdict::Answer(reply) => {
            let _ = replies.send(reply);
            true
        }
        Verdict::Drop => true,
    }
}

/// Reads the server's frames (always well-formed) and sends each whole to `replies`, so that
/// they never interleave with the answers to malformed messages.
pub(crate) async fn forward_frames<R>(output: R, replies: mpsc::UnboundedSender<Vec<u8>>)
where
    R: AsyncRead + Unpin,
{
    let mut reader = BufReader::new(output);
    let mut line = Vec::new();
    loop {
        let mut length = None;
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                break;
            }
            if let Some(Ok(n)) = content_length(text) {
                length = Some(n);
            }
        }
        let Some(n) = length else { continue };
        let mut body = vec![0u8; n];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        if replies.send(frame(&body)).is_err() {
            return;
        }
    }
}

/// Writes whole frames to the client in the order they come.
pub(crate) async fn write_frames<O>(output: O, mut frames: mpsc::UnboundedReceiver<Vec<u8>>)
where
    O: AsyncWrite,
{
    tokio::pin!(output);
    while let Some(f) = frames.recv().await {
        if output.write_all(&f).await.is_err() || output.flush().await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(v: Verdict) -> Value {
        match v {
            Verdict::Answer(f) => {
                let s = String::from_utf8(f).unwrap();
                serde_json::from_str(s.split("\r\n\r\n").nth(1).unwrap()).unwrap()
            }
            other => panic!("not answered: {other:?}"),
        }
    }

    #[test]
    fn judges_bodies_as_json_rpc_says() {
        let ok = br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        assert_eq!(judge(ok), Verdict::Pass);
        assert_eq!(
            judge(br#"{"jsonrpc":"2.0","method":"exit"}"#),
            Verdict::Pass
        );
        assert_eq!(
            judge(br#"{"jsonrpc":"2.0","id":"a","result":null}"#),
            Verdict::Pass
        );
        assert_eq!(
            answered(judge(b"{not json")).get("error").unwrap()["code"],
            -32700
        );
        assert_eq!(
            answered(judge(b"\xff\xfe")).get("error").unwrap()["code"],
            -32700
        );
        for bad in [
            &b"null"[..],
            b"42",
            b"[]",
            br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#,
            br#"{"id":7,"method":"x"}"#,
            br#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#,
            br#"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#,
            br#"{"jsonrpc":"2.0","id":[1],"method":"x"}"#,
            br#"{"jsonrpc":"2.0","id":9223372036854775808,"method":"x"}"#,
            br#"{"jsonrpc":"2.0","id":7,"method":42}"#,
        ] {
            let v = answered(judge(bad));
            assert_eq!(
                v["error"]["code"],
                -32600,
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        // The id is answered when it is one the client can match.
        let v = answered(judge(br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#));
        assert_eq!(v["id"], 7);
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(answered(judge(deep.as_bytes()))["error"]["code"], -32700);
    }

    #[test]
    fn reads_content_length_headers_in_any_case() {
        assert_eq!(content_length("Content-Length: 12"), Some(Ok(12)));
        assert_eq!(content_length("content-length:7"), Some(Ok(7)));
        assert!(matches!(content_length("Content-Length: -1"), Some(Err(_))));
        assert!(matches!(content_length("Content-Length: x"), Some(Err(_))));
        assert!(matches!(
            content_length("Content-Length: 99999999999999999999999"),
            Some(Err(_))
        ));
        assert!(matches!(
            content_length("Content-Length: 99999999999"),
            Some(Err(_))
        ));
        assert_eq!(content_length("Content-Type: x"), None);
        assert_eq!(content_length("}junk Content-Length: 5"), Some(Ok(5)));
    }
}
