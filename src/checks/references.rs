//! `unresolved-reference`: "(See Press Release GA/12378.)" naming a record the workspace lacks;
//! the quick fix offers an existing symbol one or two characters away.

use super::{CheckCode, Diagnostic};
use crate::record::ReferenceKind;
use crate::workspace::{FileId, Workspace};

/// A mistyped symbol's candidates differ by at most this many characters ("GA/12378" for
/// "GA/12387" is two substitutions): more would offer unrelated releases of the series.
const MAX_SYMBOL_EDITS: usize = 2;
/// How many candidates are offered as fixes.
const SUGGESTIONS: usize = 3;

pub fn check(ws: &Workspace, file: FileId, out: &mut Vec<Diagnostic>) {
    let doc = ws.get(file).unwrap();
    for r in &doc.record.references {
        if r.kind != ReferenceKind::PressRelease || !ws.records_with_symbol(&r.symbol).is_empty() {
            continue;
        }
        let mut d = Diagnostic::new(
            CheckCode::UnresolvedReference,
            file,
            r.span,
            format!("press release {} is not in the workspace", r.symbol),
        );
        let near = ws.symbols_near(&r.symbol, MAX_SYMBOL_EDITS);
        // The record's own symbol is no candidate: a release does not point readers to itself.
        let own = doc.record.header.symbol();
        for (_, k) in near
            .iter()
            .filter(|(_, k)| Some(k.as_str()) != own)
            .take(SUGGESTIONS)
        {
            let target = ws.records_with_symbol(k)[0];
            let Some((_, span)) = ws.facts(target).and_then(|f| f.symbol.as_ref()) else {
                continue;
            };
            d = d
                .related(target, *span, format!("{k} exists in the workspace"))
                .fix(format!("Replace with {k}"), file, r.span, k.clone());
        }
        out.push(d);
    }
}
