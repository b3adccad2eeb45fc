//! `unresolved-reference`: "(See Press Release GA/12378.)" naming a record the workspace lacks;
//! the quick fix offers an existing symbol one or two characters away.

use super::{CheckCode, Diagnostic};
use crate::record::ReferenceKind;
use crate::workspace::{FileId, Workspace};

pub fn check(ws: &Workspace, file: FileId, out: &mut Vec<Diagnostic>) {
    let doc = ws.get(file).unwrap();
    let known: Vec<String> = ws
        .documents()
        .filter_map(|(_, d)| d.record.header.symbol().map(str::to_string))
        .collect();
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
        let mut near: Vec<(usize, &String)> = known
            .iter()
            .map(|k| (strsim::levenshtein(k, &r.symbol), k))
            .filter(|(dist, k)| {
                *dist <= 2
                    && k.rsplit_once('/').map(|x| x.0) == r.symbol.rsplit_once('/').map(|x| x.0)
            })
            .collect();
        near.sort();
        for (_, k) in near.into_iter().take(3) {
            let target = ws.records_with_symbol(k)[0];
            d = d
                .related(
                    target,
                    ws.get(target)
                        .unwrap()
                        .record
                        .header
                        .symbol
                        .as_ref()
                        .unwrap()
                        .1,
                    format!("{k} exists in the workspace"),
                )
                .fix(format!("Replace with {k}"), file, r.span, k.clone());
        }
        out.push(d);
    }
}
