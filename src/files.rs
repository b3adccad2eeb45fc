//! Finding and reading record files: folders walked (respecting .gitignore and the include and
//! exclude globs), binary, non-UTF-8, empty or huge files refused with a reason, and the one rule
//! for "is this a record" by its opening and footer, which the editors' detection repeats.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use regex::Regex;

use crate::configs::Configs;
use crate::text::ThreadRegex;

/// Larger files are not records; refusing them keeps memory and time bounded.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    Io(String),
    /// A FIFO, a device, a socket: not a record, and reading it could block or never end.
    NotAFile,
    Empty,
    TooLarge(u64),
    Binary,
    NotUtf8 {
        offset: usize,
    },
    /// Found by the default globs, but neither opens nor ends like a record (a `CMakeLists.txt`).
    NotARecord,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io(e) => write!(f, "cannot read: {e}"),
            LoadError::NotAFile => write!(f, "not a regular file, skipped"),
            LoadError::Empty => write!(f, "empty file, skipped"),
            LoadError::TooLarge(n) => write!(
                f,
                "file is {:.1} MB, larger than the {} MB limit for a record, skipped",
                *n as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
            LoadError::Binary => write!(f, "binary file (contains NUL bytes), skipped"),
            LoadError::NotARecord => write!(
                f,
                "neither opens nor ends like a meeting-coverage record, not checked"
            ),
            LoadError::NotUtf8 { offset } => {
                write!(
                    f,
                    "not valid UTF-8 (first bad byte at offset {offset}), skipped"
                )
            }
        }
    }
}

/// How a record opens, as one regular expression over its first lines joined by `\n`: blank
/// lines, then site boilerplate ("Skip to main content", "In progress at UNHQ"), a session line
/// (ordinal in words in either case, "Resumed ...", or a year: "2024 Session,"), a meeting line
/// ("16th, 17th & 18th Meetings (AM & PM)"), a symbol alone ("GA/L/3613"), or the older layout's
/// title in capitals over a line "Press Release" and the symbol.
///
/// Written in the subset that Rust's `regex`, JavaScript and (after a mechanical translation)
/// Vim's very-magic syntax read alike: no `\b`, `\d` or `\s`, only explicit classes. VS Code's
/// `firstLine` in `editors/vscode/package.json` is this string, and `editors/nvim`'s detection its
/// Vim translation; `tests/record_opening.rs` keeps the three equal.
pub const RECORD_OPENING: &str = r"^\ufeff?(?:[ \t\u00a0]*\r?\n)*[ \t\u00a0]*(?:Skip to main content[ \t\u00a0]*(?:\r?\n|$)|In progress at UNHQ[ \t\u00a0]*(?:\r?\n|$)|(?:[Rr]esumed[ \t\u00a0]+)?(?:(?:[Tt]wenty|[Tt]hirty|[Ff]orty|[Ff]ifty|[Ss]ixty|[Ss]eventy|[Ee]ighty|[Nn]inety)[-\u2010\u2011 ])?(?:[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth|[Ff]ifth|[Ss]ixth|[Ss]eventh|[Ee]ighth|[Nn]inth|[Tt]enth|[Ee]leventh|[Tt]welfth|[Tt]hirteenth|[Ff]ourteenth|[Ff]ifteenth|[Ss]ixteenth|[Ss]eventeenth|[Ee]ighteenth|[Nn]ineteenth|[Tt]wentieth|[Tt]hirtieth|[Ff]ortieth|[Ff]iftieth|[Ss]ixtieth|[Ss]eventieth|[Ee]ightieth|[Nn]inetieth|[Hh]undredth)[ \t\u00a0]+(?:(?:[Rr]esumed|(?:[Ee]mergency[ \t\u00a0]+)?[Ss]pecial)[ \t\u00a0]+)?[Ss]ession(?:[ \t,;:]|\r?\n|$)|(?:19|20)[0-9][0-9][ \t\u00a0]+[Ss]ession(?:[ \t,;:]|\r?\n|$)|[0-9]{1,5}(?:st|nd|rd|th)(?:(?:,[ \t\u00a0]*|[ \t\u00a0]+&[ \t\u00a0]+|[ \t\u00a0]+and[ \t\u00a0]+)[0-9]{1,5}(?:st|nd|rd|th))*[ \t\u00a0]+[Mm]eetings?(?:[ \t,(]|\r?\n|$)|[A-Z]{1,8}(?:/[A-Z]{1,8})*/[0-9]{2,6}[ \t\u00a0]*(?:\r?\n|$)|[A-Z][^a-z\r\n]{9,}\r?\n(?:[ \t\u00a0]*Press Release[ \t\u00a0]*\r?\n)?[ \t\u00a0]*[A-Z]{1,8}(?:/[A-Z]{1,8})*/[0-9]{2,6}[ \t\u00a0]*(?:\r?\n|$))";

/// A record's footer line, for records that open with their headline and no masthead.
pub const RECORD_FOOTER: &str =
    r"^[ \t\u00a0]*For information media[.,]?[ \t\u00a0]+Not an official record";

/// How many lines of a text's head (and tail) the rule reads.
pub const RULE_LINES: usize = 12;

static OPENING: ThreadRegex = ThreadRegex::new(|| Regex::new(RECORD_OPENING).unwrap());
static FOOTER: ThreadRegex = ThreadRegex::new(|| Regex::new(RECORD_FOOTER).unwrap());

/// Whether a text is a meeting-coverage record: its first lines open like one, or one of its
/// last lines is the footer "For information media. Not an official record."
pub fn looks_like_record(text: &str) -> bool {
    let head: Vec<&str> = text.split('\n').take(RULE_LINES).collect();
    if OPENING.is_match(&head.join("\n")) {
        return true;
    }
    text.lines()
        .rev()
        .filter(|l| !l.trim().is_empty())
        .take(RULE_LINES)
        .any(|l| FOOTER.is_match(l))
}

/// Checks bytes for being a record's text, and gives the text without a byte-order mark, copied
/// once into the shared text every reader holds (the one copy a `String` took on its way into
/// an `Arc<str>`).
pub fn decode(bytes: Vec<u8>) -> Result<Arc<str>, LoadError> {
    decode_in(&bytes).map(Arc::from)
}

/// [`decode`], borrowing the text from the bytes. Validated by `simdutf8`: several times std's
/// speed on records, whose curly quotes and dashes keep std's ASCII fast path from running far.
fn decode_in(bytes: &[u8]) -> Result<&str, LoadError> {
    if bytes.is_empty() || bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty);
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge(bytes.len() as u64));
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Err(LoadError::Binary);
    }
    let text = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => text,
        // Only a refused file pays for finding where its text stops being UTF-8.
        Err(_) => {
            let offset =
                simdutf8::compat::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |s| s.len());
            return Err(LoadError::NotUtf8 { offset });
        }
    };
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// The bytes of a record file: regular files only (a FIFO would block the reader, a device such
/// as /dev/zero never ends), and never more than the size limit whatever the file claims.
fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| LoadError::Io(e.to_string()))?;
    if !meta.is_file() {
        return Err(LoadError::NotAFile);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| LoadError::Io(e.to_string()))?;
    Ok(bytes)
}

/// Reads a record file (see [`read_bytes`] and [`decode`]).
pub fn load(path: &Path) -> Result<Arc<str>, LoadError> {
    decode(read_bytes(path)?)
}

/// Reads a file the walk found: as [`load`], and a file that only the default globs took must
/// pass [`looks_like_record`] — the rule the editors apply to what they open.
pub fn load_record(found: &Found) -> Result<Arc<str>, LoadError> {
    with_record(found, |text| Arc::from(text))
}

/// Reads a file the walk found as [`load_record`] does, and hands its text to `read` without
/// keeping it: a reader that keeps only what it gathers (an archive's first pass) is spared the
/// copy into a shared text.
pub fn with_record<T>(found: &Found, read: impl FnOnce(&str) -> T) -> Result<T, LoadError> {
    let bytes = read_bytes(&found.path)?;
    let text = decode_in(&bytes)?;
    if !found.asserted && !looks_like_record(text) {
        return Err(LoadError::NotARecord);
    }
    Ok(read(text))
}

/// Whether a file's first lines open like a record's; reads only its head.
pub fn opens_like_record(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(4096);
    let read = std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
    read.is_ok() && !head.contains(&0) && {
        let text = String::from_utf8_lossy(&head);
        let lines: Vec<&str> = text.split('\n').take(RULE_LINES).collect();
        OPENING.is_match(&lines.join("\n"))
    }
}

/// A file a walk found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// Which of the walked paths it was found under.
    pub root: usize,
    /// Named on the command line or matched by an `include` glob of the configuration: taken
    /// as a record whatever its first lines. Otherwise it is a record only if it looks like one.
    pub asserted: bool,
}

/// What a walk found: the candidate record files, and the entries it could not read (with the
/// reason), which are skipped rather than ending the walk.
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<Found>,
    pub unreadable: Vec<String>,
}

/// The candidate record files under `paths`: files named explicitly are always taken; folders
/// are walked recursively, honouring .gitignore and the configuration's include and exclude
/// globs. Without `include` globs, `*.txt`, `*.rec` and files without an extension are
/// candidates, and [`load_record`] keeps those that look like a record; with them, what they
/// match is taken as it is. An entry that cannot be read (a folder without permission) is
/// reported and skipped.
pub fn walk(paths: &[PathBuf], configs: &Configs) -> Result<Walked, String> {
    let mut out = Vec::new();
    let mut unreadable = Vec::new();
    for (root_index, root) in paths.iter().enumerate() {
        if root.is_file() {
            out.push(Found {
                path: root.clone(),
                root: root_index,
                asserted: true,
            });
            continue;
        }
        if !root.is_dir() {
            return Err(format!("{}: no such file or folder", root.display()));
        }
        let walker = ignore::WalkBuilder::new(root)
            .hidden(true)
            .git_ignore(true)
            .require_git(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    unreadable.push(e.to_string());
                    continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            // Each file is governed by its nearest configuration.
            let governing = configs.for_path(entry.path())?;
            if governing.excludes(entry.path()) {
                continue;
            }
            // A file with no extension is a candidate when it opens like a record, as editors
            // do; reading only its head keeps a folder of binaries cheap to walk.
            if governing.includes(entry.path()) {
                out.push(Found {
                    path: entry.into_path(),
                    root: root_index,
                    asserted: governing.config.has_include(),
                });
            } else if entry.path().extension().is_none() && opens_like_record(entry.path()) {
                out.push(Found {
                    path: entry.into_path(),
                    root: root_index,
                    asserted: false,
                });
            }
        }
    }
    out.dedup_by(|a, b| a.path == b.path);
    Ok(Walked {
        files: out,
        unreadable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_bad_bytes() {
        assert_eq!(decode(vec![]), Err(LoadError::Empty));
        assert_eq!(decode(b"ab\0cd".to_vec()), Err(LoadError::Binary));
        assert_eq!(
            decode(vec![b'a', 0xff, b'b']),
            Err(LoadError::NotUtf8 { offset: 1 })
        );
        assert_eq!(&*decode("\u{feff}Hi".as_bytes().to_vec()).unwrap(), "Hi");
    }

    /// A real record decodes to its own text, and a stray byte anywhere in it (inside a
    /// character, past the first blocks a vectorised check reads) is refused at the offset std's
    /// decoder gives.
    #[test]
    fn decodes_as_std_does() {
        let seed = include_str!("../fixtures/001_c043cd201b0f12f7.txt");
        assert_eq!(&*decode(seed.as_bytes().to_vec()).unwrap(), seed);
        let step = seed.len() / 37;
        for at in (1..seed.len()).step_by(step).chain([seed.len() - 1]) {
            for bad in [0xFFu8, 0x80, 0xC3] {
                let mut bytes = seed.as_bytes().to_vec();
                bytes[at] = bad;
                match std::str::from_utf8(&bytes) {
                    Ok(text) => assert_eq!(&*decode(bytes.clone()).unwrap(), text),
                    Err(e) => assert_eq!(
                        decode(bytes),
                        Err(LoadError::NotUtf8 {
                            offset: e.valid_up_to()
                        }),
                        "byte {bad:#x} at {at}"
                    ),
                }
            }
        }
    }
}
