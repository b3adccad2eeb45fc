//! What a record's findings read beyond its own text, as one number: the newest workspace
//! revision among them. A caller that kept the number with the findings knows they are unchanged
//! while it stays the same, without running the checks (the server's diagnostic result ids).

use crate::workspace::{FileId, Workspace};

/// The newest revision of anything the findings of `file` read, or `None` for an unknown
/// record. Every revision comes from one counter, so the newest one moves whenever any of them
/// does. The rule, from what the checks read:
///
/// - the record itself (its text, hence its parse and facts);
/// - the records of its meeting, and of their meetings: the meeting analyses read their texts;
/// - its session, as records of other meetings see it (their speakers, who spoke, where their
///   speakers' anchors are: `DocFacts::same_for_other_meetings`): meetings nearby for replies
///   and the speaker index (the same person elsewhere in the session) reach no further, and
///   typing in a record's prose moves only its own meetings;
/// - records without a session (one may join any meeting through a symbol in sequence), through
///   the revision of that "session";
/// - its own symbol (`duplicate-symbol`: the records claiming it, and where), and each press
///   release it cites (`unresolved-reference`: whether a record carries it); for one no record
///   carries, every symbol (the near symbols offered instead);
/// - a record without a session, or whose meeting holds one, may meet records of any session:
///   every change counts.
///
/// The knowledge (`rapporteur.toml`'s `[knowledge]`) re-parses every record, so it moves too.
/// The configuration (severities) and baselines are not the workspace's: callers add their own
/// count of those.
pub fn findings_revision(ws: &Workspace, file: FileId) -> Option<u64> {
    let facts = ws.facts(file)?;
    let sessionless_meeting = facts.session.is_none()
        || ws
            .same_meeting(file)
            .iter()
            .any(|&f| ws.facts(f).is_some_and(|o| o.session.is_none()));
    if sessionless_meeting {
        return Some(ws.latest_revision());
    }
    let mut newest = ws
        .revision(file)
        .max(ws.session_revision(facts.session))
        .max(ws.session_revision(None));
    for read in ws.meeting_closure(file) {
        newest = newest.max(ws.revision(read));
    }
    if let Some(symbol) = facts.symbol() {
        newest = newest.max(ws.symbol_revision(symbol));
    }
    for cited in &facts.cited_press_releases {
        newest = newest.max(ws.symbol_revision(cited));
        if ws.records_with_symbol(cited).is_empty() {
            newest = newest.max(ws.symbol_set_revision());
        }
    }
    Some(newest)
}

/// The records whose parses the checks of `file` read: the records of its meeting and of
/// theirs (the meeting analyses), and when it may answer delegations in a right of reply, the
/// records of the meetings nearby, whose facts say who spoke there only once they are parsed
/// (the command line's first pass reads only the speakers). What the command line loads beside
/// a record it checks.
pub fn records_read(ws: &Workspace, file: FileId) -> Vec<FileId> {
    let mut read = ws.meeting_closure(file);
    if ws.facts(file).is_some_and(|f| f.may_reply) {
        read.extend(ws.nearby_meetings(file, super::roster::REPLY_REACH));
        read.sort_unstable();
        read.dedup();
    }
    read
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(session: &str, meeting: &str, symbol: &str, body: &str) -> String {
        format!(
            "{session} Session,\n{meeting} Meeting (AM)\n{symbol}\nTitle of the Release\n\n\
             Statements\n\nRÓBERT CHATRNÚCH (Slovakia) said the meeting mattered. {body}\n"
        )
    }

    #[test]
    fn a_change_moves_its_session_and_its_citers_only() {
        let mut ws = Workspace::default();
        let a = ws.upsert("a.txt", record("Seventy-sixth", "28th", "GA/12500", ""));
        let b = ws.upsert("b.txt", record("Seventy-sixth", "30th", "GA/12510", ""));
        let other = ws.upsert("c.txt", record("Seventy-fifth", "3rd", "GA/12000", ""));
        let citer = ws.upsert(
            "d.txt",
            record(
                "Seventy-fifth",
                "9th",
                "GA/12020",
                "(See Press Release GA/12500.)",
            ),
        );
        let absent = ws.upsert(
            "e.txt",
            record(
                "Seventy-fifth",
                "12th",
                "GA/12030",
                "(See Press Release GA/99999.)",
            ),
        );
        // The afternoon release of the same meeting.
        let mate = ws.upsert("f.txt", record("Seventy-sixth", "28th", "GA/12501", ""));
        let before: Vec<_> = [a, b, other, citer, absent, mate]
            .map(|f| findings_revision(&ws, f).unwrap())
            .to_vec();
        // An edit of the prose: its meeting moves; the other meeting of its session, the record
        // citing it and the others do not, since what they read of it is unchanged.
        ws.upsert(
            "a.txt",
            record("Seventy-sixth", "28th", "GA/12500", "More."),
        );
        let after: Vec<_> = [a, b, other, citer, absent, mate]
            .map(|f| findings_revision(&ws, f).unwrap())
            .to_vec();
        assert_ne!(before[0], after[0]);
        assert_ne!(before[5], after[5]);
        assert_eq!(before[1..5], after[1..5]);
        // A speaker's country changes: the speaker index of the session changed, so the other
        // meeting of the session moves, and the other session does not.
        ws.upsert(
            "a.txt",
            record("Seventy-sixth", "28th", "GA/12500", "More.").replace("(Slovakia)", "(Croatia)"),
        );
        assert_ne!(after[1], findings_revision(&ws, b).unwrap());
        assert_eq!(after[2], findings_revision(&ws, other).unwrap());
        // Its symbol changes: the record citing the old one moves, and the one citing an absent
        // symbol (a new near symbol may be offered).
        ws.upsert(
            "a.txt",
            record("Seventy-sixth", "28th", "GA/12501", "More."),
        );
        assert_ne!(after[3], findings_revision(&ws, citer).unwrap());
        assert_ne!(after[4], findings_revision(&ws, absent).unwrap());
        assert_eq!(after[2], findings_revision(&ws, other).unwrap());
        // It moves to another session: the session it leaves loses its speakers, so the other
        // meeting there moves too, as does the session it joins.
        let (b_then, other_then) = (
            findings_revision(&ws, b).unwrap(),
            findings_revision(&ws, other).unwrap(),
        );
        ws.upsert(
            "a.txt",
            record("Seventy-fifth", "28th", "GA/12501", "More."),
        );
        assert_ne!(b_then, findings_revision(&ws, b).unwrap());
        assert_ne!(other_then, findings_revision(&ws, other).unwrap());
    }
}
