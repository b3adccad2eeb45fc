//! Statements and records a name leads to: every statement of a speaker across sessions, the
//! record that adopted an instrument. Read from the indexes and each record's facts.

use crate::workspace::{FileId, StatementRef, Workspace};

/// Every statement of the speaker across the workspace, sorted by session then record name.
pub fn statements_of_speaker(ws: &Workspace, st: StatementRef) -> Vec<StatementRef> {
    let mut all = ws.same_speaker(st);
    let key = |r: &StatementRef| {
        let facts = ws.facts(r.file);
        (
            facts.and_then(|f| f.session).unwrap_or(u32::MAX),
            facts.map_or("", |f| f.name.as_str()),
            r.statement,
        )
    };
    all.sort_by(|a, b| key(a).cmp(&key(b)));
    all
}

/// The workspace record that adopted an instrument: a record of the instrument's session that
/// mentions it, preferring one whose title speaks of adopting, then the earliest meeting.
pub fn adopting_record(ws: &Workspace, instrument: usize) -> Option<FileId> {
    let ins = ws.gaz.instrument(instrument);
    let session = ins.session?;
    let mut best: Option<(bool, u32, &str, FileId)> = None;
    for (id, facts) in ws
        .records_citing_instrument(instrument)
        .into_iter()
        .filter_map(|id| Some((id, ws.facts(id)?)))
    {
        if facts.session != Some(session)
            || facts
                .shown
                .titled_instruments
                .binary_search(&(instrument as u32))
                .is_err()
        {
            continue;
        }
        let title = facts
            .shown
            .title
            .as_deref()
            .map(crate::text::fold)
            .unwrap_or_default();
        let adopts = title.contains("adopt");
        let meeting = facts.meetings.first().copied().unwrap_or(u32::MAX);
        let key = (!adopts, meeting, facts.name.as_str(), id);
        if best.as_ref().is_none_or(|b| key < *b) {
            best = Some(key);
        }
    }
    best.map(|b| b.3)
}
