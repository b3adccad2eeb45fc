//! The meeting analysis in phases: the facts of the meeting ([`MeetingAnalysis::gather`]), then
//! the headers the evidence contradicts, the entities those headers stand for, and what each
//! summary misattributes. Each phase reads what the previous ones found; the result is memoised
//! per meeting and read by every check of its records.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::context::{MeetingAnalysis, MeetingContext};
use super::{attribution, speaker_country};
use crate::workspace::{FileId, Workspace};

/// The analysis of `file`'s meeting, computed once per meeting and revision of its records.
pub fn meeting_analysis(ws: &Workspace, file: FileId) -> Arc<MeetingAnalysis> {
    let members = ws.meeting_of(file);
    ws.meeting_memo(&members, || analyse(ws, members.clone()))
}

fn analyse(ws: &Workspace, members: Vec<FileId>) -> MeetingAnalysis {
    let mut analysis = MeetingAnalysis::gather(ws, members);
    analysis.conflicts = per_record(ws, &analysis, speaker_country::header_conflicts);
    analysis.explained = speaker_country::explained_entities(ws, &analysis);
    analysis.attributions = per_record(ws, &analysis, |ctx| {
        let mut found = Vec::new();
        attribution::check(ctx, &mut found);
        found
    });
    analysis
}

/// One phase run on each loaded record of the meeting.
fn per_record<T>(
    ws: &Workspace,
    analysis: &MeetingAnalysis,
    phase: impl Fn(&MeetingContext<'_>) -> T,
) -> FxHashMap<FileId, T> {
    let mut out = FxHashMap::default();
    for &f in &analysis.members {
        if let Some(ctx) = MeetingContext::of(ws, f, analysis) {
            out.insert(f, phase(&ctx));
        }
    }
    out
}
