//! Which records report one meeting (or meetings nearby), and the memo of what is computed once
//! per meeting.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::indexes::{ids, split_symbol};
use super::{DocFacts, FileId, Stamp, Workspace};

impl Workspace {
    /// The records a check of `file` reads: its meeting, and the meetings of each of those
    /// records (a summary in another record of the meeting is judged against that record's
    /// meeting). Sorted, distinct.
    pub fn meeting_closure(&self, file: FileId) -> Vec<FileId> {
        let mut out = Vec::new();
        for member in self.same_meeting(file) {
            out.extend(self.same_meeting(member));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Records of the same meeting as `file`: same session and a shared meeting number, or
    /// symbols in sequence within the session. `file` first, then workspace order.
    pub fn same_meeting(&self, file: FileId) -> Vec<FileId> {
        let Some(h) = self.facts(file) else {
            return Vec::new();
        };
        let mut candidates = BTreeSet::new();
        if let Some(s) = h.session {
            for &m in &h.meetings {
                candidates.extend(ids(self.index.by_meeting.get(&(s, m))));
            }
        }
        if let Some((p, Some(n))) = h.symbol().map(split_symbol) {
            for m in [n.wrapping_sub(1), n + 1] {
                candidates.extend(ids(self.index.by_symbol_number.get(&(p.to_string(), m))));
            }
        }
        let mut out = vec![file];
        for id in candidates {
            if id != file
                && let Some(oh) = self.facts(id)
                && same_meeting_facts(h, oh)
            {
                out.push(id);
            }
        }
        out
    }

    /// The records of `file`'s meeting in workspace order: the same set for every record of the
    /// meeting (when the relation is symmetric), hence the key of its memoised analyses.
    pub(crate) fn meeting_of(&self, file: FileId) -> Vec<FileId> {
        let mut members = self.same_meeting(file);
        members.sort_unstable();
        members
    }

    /// Records of the same session whose meetings are within `reach` of this record's: a reply
    /// at the end of a two-day meeting may answer what was said the day before.
    pub(crate) fn nearby_meetings(&self, file: FileId, reach: u32) -> Vec<FileId> {
        let mut out = self.same_meeting(file);
        let Some(h) = self.facts(file) else {
            return out;
        };
        let Some(session) = h.session else {
            return out;
        };
        let mut near = BTreeSet::new();
        for &m in &h.meetings {
            for o in m.saturating_sub(reach)..=m.saturating_add(reach) {
                near.extend(ids(self.index.by_meeting.get(&(session, o))));
            }
        }
        // Meetings are numbered per organ: the plenary's 40th and the Fifth Committee's 40th
        // are not near each other (an organ is known from a symbol only).
        for id in near {
            let same_organ = self
                .facts(id)
                .is_some_and(|o| h.organ.is_none() || o.organ.is_none() || h.organ == o.organ);
            if same_organ && !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }

    /// A value computed once per meeting (`members`, as [`Workspace::same_meeting`] gives them)
    /// and shared until one of those records, or a speaker of their sessions, changes.
    pub(crate) fn meeting_memo<T: std::any::Any + Send + Sync>(
        &self,
        members: &[FileId],
        compute: impl FnOnce() -> T,
    ) -> Arc<T> {
        let mut stamp: Stamp = members.iter().map(|&f| self.revision(f)).collect();
        let mut sessions: Vec<Option<u32>> = members
            .iter()
            .filter_map(|&f| self.facts(f).map(|x| x.session))
            .collect();
        sessions.sort_unstable();
        sessions.dedup();
        stamp.extend(
            sessions
                .iter()
                .map(|s| self.index.session_revisions.get(s).copied().unwrap_or(0)),
        );
        self.memo.get_or_compute(members, stamp, compute)
    }

    /// Forgets the memoised analyses of the meetings not wholly among `kept` (sorted; the
    /// command line, between batches of meetings) and hands them back, to be dropped off the
    /// critical path.
    pub(crate) fn take_memo_unless_within(&self, kept: &[FileId]) -> impl Send + use<> {
        self.memo.take_unless_within(kept)
    }
}

/// Whether two records report the same meeting: same session and a shared meeting number, or
/// symbols in sequence in one series (and no session or meeting saying otherwise).
fn same_meeting_facts(h: &DocFacts, oh: &DocFacts) -> bool {
    let same_session = h.session.is_some() && h.session == oh.session;
    // An organ is known from a symbol only; a record without one may be of any.
    let same_organ = h.organ.is_none() || oh.organ.is_none() || h.organ == oh.organ;
    let shared_meeting =
        same_session && same_organ && h.meetings.iter().any(|m| oh.meetings.contains(m));
    let in_sequence = match (h.symbol(), oh.symbol()) {
        (Some(a), Some(b)) => {
            let (pa, na) = split_symbol(a);
            let (pb, nb) = split_symbol(b);
            pa == pb
                && na.zip(nb).is_some_and(|(x, y)| x.abs_diff(y) == 1)
                && (same_session || h.session.is_none() || oh.session.is_none())
                && (h.meetings.is_empty() || oh.meetings.is_empty() || shared_meeting)
        }
        _ => false,
    };
    shared_meeting || in_sequence
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(symbol: Option<&str>, meeting: &str) -> String {
        let symbol = symbol.map(|s| format!("{s}\n")).unwrap_or_default();
        format!(
            "Seventy-sixth Session,\n{meeting} Meeting (AM)\n{symbol}\nTitle of the Release\n\n\
             Statements\n\nRÓBERT CHATRNÚCH (Slovakia) said the meeting mattered.\n"
        )
    }

    #[test]
    fn a_meeting_number_is_shared_within_one_organ_only() {
        let mut ws = Workspace::default();
        let plenary = ws.upsert("plenary.txt", record(Some("GA/12500"), "28th"));
        let fifth = ws.upsert("fifth.txt", record(Some("GA/AB/4391"), "28th"));
        let unknown = ws.upsert("unknown.txt", record(None, "28th"));
        assert_eq!(ws.same_meeting(plenary), vec![plenary, unknown]);
        assert_eq!(ws.same_meeting(fifth), vec![fifth, unknown]);
        assert_eq!(ws.same_meeting(unknown), vec![unknown, plenary, fifth]);
    }

    #[test]
    fn nearby_meetings_stay_within_one_organ() {
        let mut ws = Workspace::default();
        let plenary = ws.upsert("plenary.txt", record(Some("GA/12500"), "28th"));
        let next = ws.upsert("next.txt", record(Some("GA/12502"), "29th"));
        let fifth = ws.upsert("fifth.txt", record(Some("GA/AB/4391"), "29th"));
        let near = ws.nearby_meetings(plenary, 2);
        assert!(near.contains(&next), "{near:?}");
        assert!(!near.contains(&fifth), "{near:?}");
    }
}
