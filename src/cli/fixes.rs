//! `check --fix` and `--diff`: the first fix of each finding, when it is safe (or with
//! `--unsafe-fixes`), gathered per record without overlaps; then either written (each record
//! atomically, and only if it has not changed since it was read) or shown as a unified diff.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use similar::TextDiff;

use super::atomic::write_atomically;
use crate::checks::{Diagnostic, Edit};
use crate::files;
use crate::workspace::{FileId, Workspace};

/// What `--fix`, `--diff` and `--unsafe-fixes` asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct FixMode {
    /// Write the fixed records.
    pub write: bool,
    /// Print the changes as a unified diff instead (writes nothing).
    pub diff: bool,
    /// Apply fixes not marked safe too.
    pub unsafe_fixes: bool,
}

impl FixMode {
    pub fn active(self) -> bool {
        self.write || self.diff
    }
}

/// A record with fixes to apply: its text as checked and the edits.
struct Pending {
    name: String,
    path: PathBuf,
    text: Arc<str>,
    edits: Vec<Edit>,
}

/// The fixes gathered from a run.
pub struct Fixer {
    mode: FixMode,
    /// Where each record is on disk, by id.
    paths: Vec<Option<PathBuf>>,
    pending: BTreeMap<FileId, Pending>,
    /// Findings whose fix was taken.
    pub fixed: usize,
}

impl Fixer {
    pub fn new(mode: FixMode, paths: Vec<Option<PathBuf>>) -> Fixer {
        Fixer {
            mode,
            paths,
            pending: BTreeMap::new(),
            fixed: 0,
        }
    }

    /// Takes the fixes of `found` it may apply; returns the findings left unfixed.
    pub fn take<'d>(&mut self, ws: &Workspace, found: Vec<&'d Diagnostic>) -> Vec<&'d Diagnostic> {
        if !self.mode.active() {
            return found;
        }
        let mut left = Vec::new();
        for d in found {
            let fix = d.fixes.first().filter(|f| f.safe || self.mode.unsafe_fixes);
            match fix {
                Some(f) if self.add(ws, &f.edits) => self.fixed += 1,
                _ => left.push(d),
            }
        }
        left
    }

    /// Adds a fix's edits unless one of them overlaps an edit already taken (then the finding
    /// stays reported and a second run fixes it).
    fn add(&mut self, ws: &Workspace, edits: &[Edit]) -> bool {
        let overlaps = edits.iter().any(|e| {
            self.pending.get(&e.file).is_some_and(|p| {
                p.edits.iter().any(|o| {
                    e.span.start < o.span.end.max(o.span.start + 1)
                        && o.span.start < e.span.end.max(e.span.start + 1)
                })
            })
        });
        let known = edits.iter().all(|e| {
            ws.get(e.file).is_some() && self.paths.get(e.file).is_some_and(|p| p.is_some())
        });
        if overlaps || !known || edits.is_empty() {
            return false;
        }
        for e in edits {
            let Some(doc) = ws.get(e.file) else { continue };
            let path = self.paths[e.file].clone().unwrap_or_default();
            self.pending
                .entry(e.file)
                .or_insert_with(|| Pending {
                    name: doc.name.clone(),
                    path,
                    text: doc.text.clone(),
                    edits: Vec::new(),
                })
                .edits
                .push(e.clone());
        }
        true
    }

    /// Applies what was taken: writes the records (`--fix`) or returns their unified diff
    /// (`--diff`). Returns the diff and what to tell the user.
    pub fn finish(self) -> Result<(String, Vec<String>), String> {
        let mut diff = String::new();
        let mut said = Vec::new();
        let mut written = 0;
        for p in self.pending.values() {
            let fixed = apply(&p.text, &p.edits);
            if self.mode.diff {
                let d = TextDiff::from_lines(&*p.text, &fixed);
                diff.push_str(
                    &d.unified_diff()
                        .context_radius(1)
                        .header(&format!("a/{}", p.name), &format!("b/{}", p.name))
                        .to_string(),
                );
                continue;
            }
            // A record changed on disk since it was checked is left alone: the fixes' offsets
            // are those of the text checked.
            match files::load(&p.path) {
                Ok(now) if *now == *p.text => {}
                _ => {
                    said.push(format!(
                        "{}: changed since it was checked, not fixed",
                        p.name
                    ));
                    continue;
                }
            }
            let bom = std::fs::read(&p.path)
                .map(|b| b.starts_with("\u{feff}".as_bytes()))
                .unwrap_or(false);
            let out = if bom {
                format!("\u{feff}{fixed}")
            } else {
                fixed
            };
            write_atomically(&p.path, &out)?;
            written += 1;
        }
        if self.mode.write {
            said.push(format!(
                "fixed {} finding(s) in {written} record(s)",
                self.fixed
            ));
        }
        Ok((diff, said))
    }

    /// Whether `--diff` has changes to show (its exit code is 1 then, as a formatter's check).
    pub fn has_changes(&self) -> bool {
        !self.pending.is_empty()
    }
}

/// A text with non-overlapping edits applied.
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse((e.span.start, e.span.end)));
    let mut out = text.to_string();
    for e in sorted {
        let end = e.span.end.min(out.len());
        let start = e.span.start.min(end);
        if out.is_char_boundary(start) && out.is_char_boundary(end) {
            out.replace_range(start..end, &e.new_text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    #[test]
    fn edits_apply_from_the_end() {
        let edits = [
            Edit {
                file: 0,
                span: Span::new(0, 2),
                new_text: "Mr.".into(),
            },
            Edit {
                file: 0,
                span: Span::new(10, 18),
                new_text: "Slovakia".into(),
            },
        ];
        assert_eq!(apply("Ms SMITH (Slovakai)", &edits), "Mr. SMITH (Slovakia)");
    }
}
