//! Code actions: the quick fixes the checks attach to their diagnostics, for the diagnostics
//! that overlap a range. Pure; the same `check_file` as the command line.

use crate::checks::{Diagnostic, Fix, check_file};
use crate::config::Config;
use crate::span::Span;
use crate::workspace::{FileId, Workspace};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuickFix {
    pub diagnostic: Diagnostic,
    pub fix: Fix,
    /// The first fix of a diagnostic is the preferred one.
    pub preferred: bool,
}

/// Whether two spans overlap or touch (a cursor at a diagnostic's edge counts).
fn overlaps(a: Span, b: Span) -> bool {
    a.start <= b.end && b.start <= a.end
}

pub fn quick_fixes(ws: &Workspace, file: FileId, range: Span, config: &Config) -> Vec<QuickFix> {
    let mut out = Vec::new();
    for d in check_file(ws, file, config) {
        if !overlaps(d.span, range) {
            continue;
        }
        for (i, fix) in d.fixes.iter().enumerate() {
            out.push(QuickFix {
                diagnostic: d.clone(),
                fix: fix.clone(),
                preferred: i == 0,
            });
        }
    }
    out
}
