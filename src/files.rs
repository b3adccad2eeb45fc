//! Finding and reading record files: folders walked (respecting .gitignore and the include and
//! exclude globs), and binary, non-UTF-8, empty or huge files refused with a reason.

use std::path::{Path, PathBuf};

use crate::config::Config;

/// Larger files are not records; refusing them keeps memory and time bounded.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    Io(String),
    Empty,
    TooLarge(u64),
    Binary,
    NotUtf8 { offset: usize },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io(e) => write!(f, "cannot read: {e}"),
            LoadError::Empty => write!(f, "empty file, skipped"),
            LoadError::TooLarge(n) => write!(
                f,
                "file is {:.1} MB, larger than the {} MB limit for a record, skipped",
                *n as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
            LoadError::Binary => write!(f, "binary file (contains NUL bytes), skipped"),
            LoadError::NotUtf8 { offset } => {
                write!(
                    f,
                    "not valid UTF-8 (first bad byte at offset {offset}), skipped"
                )
            }
        }
    }
}

/// Checks bytes for being a record's text.
pub fn decode(bytes: Vec<u8>) -> Result<String, LoadError> {
    if bytes.is_empty() || bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty);
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge(bytes.len() as u64));
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(LoadError::Binary);
    }
    let mut text = String::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })?;
    if text.starts_with('\u{feff}') {
        text.replace_range(..3, "");
    }
    Ok(text)
}

pub fn load(path: &Path) -> Result<String, LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| LoadError::Io(e.to_string()))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge(meta.len()));
    }
    let bytes = std::fs::read(path).map_err(|e| LoadError::Io(e.to_string()))?;
    decode(bytes)
}

/// The record files under `paths`: files named explicitly are always taken; folders are walked
/// recursively, honouring .gitignore and the configuration's include and exclude globs.
pub fn walk(paths: &[PathBuf], config: &Config) -> Result<Vec<PathBuf>, String> {
    let include = config.include_set();
    let exclude = config.exclude_set();
    let mut out = Vec::new();
    for root in paths {
        if root.is_file() {
            out.push(root.clone());
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
            let entry = entry.map_err(|e| e.to_string())?;
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            if include.is_match(rel) && !exclude.is_match(rel) {
                out.push(entry.into_path());
            }
        }
    }
    out.dedup();
    Ok(out)
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
        assert_eq!(decode("\u{feff}Hi".as_bytes().to_vec()).unwrap(), "Hi");
    }
}
