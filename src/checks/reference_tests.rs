//! The checks' fast paths held to their references on the fixture records: each reference is
//! the check as it ran before its fast path, kept here. (`speaker-country-conflict`'s lazily
//! worded evidence is held by the fixtures' snapshots, which show every piece of it.)

use rustc_hash::FxHashSet;

use super::context::MeetingContext;
use super::{CheckCode, Diagnostic, meeting, roster};
use crate::record::{HeaderForm, RosterKind, Zone};
use crate::workspace::{StatementRef, Workspace};

/// The fixture records of one folder, each folder a workspace of its own (the faults repeat
/// the seeds' symbols and meetings), and every record alone in one too.
fn fixture_workspaces() -> Vec<Workspace> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut out = Vec::new();
    for dir in [
        root.to_string(),
        format!("{root}/crafted"),
        format!("{root}/faults"),
    ] {
        let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
            .expect("a fixtures folder")
            .map(|entry| entry.expect("a fixtures entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        let records: Vec<(String, String)> = paths
            .iter()
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(p).expect("a fixture record"))
            })
            .collect();
        let mut folder = Workspace::default();
        for (name, text) in &records {
            folder.upsert(name, text.as_str());
            let mut alone = Workspace::default();
            alone.upsert(name, text.as_str());
            out.push(alone);
        }
        out.push(folder);
    }
    out
}

/// Every loaded record of every fixture workspace, seen through its meeting's analysis.
fn for_each_record(mut visit: impl FnMut(&MeetingContext<'_>)) {
    for ws in fixture_workspaces() {
        for file in ws.file_ids().collect::<Vec<_>>() {
            let analysis = meeting::meeting_analysis(&ws, file);
            let ctx = MeetingContext::of(&ws, file, &analysis).expect("a loaded record");
            visit(&ctx);
        }
    }
}

/// `roster-mismatch` as it ran before the statements the summaries report by content were
/// asked for lazily: that set computed first, for every record with a list. Also counts the
/// statements that set alone keeps from being reported.
fn rosters_eagerly(ctx: &MeetingContext<'_>, out: &mut Vec<Diagnostic>, kept: &mut usize) {
    let doc = ctx.doc;
    let gaz = &ctx.ws.gaz;
    let rosters: Vec<_> = doc
        .record
        .rosters
        .iter()
        .filter(|r| r.zone == Zone::Summary && r.kind != RosterKind::RightOfReply)
        .collect();
    let explained = ctx.explained();
    for r in &rosters {
        for t in &r.entities {
            let Some(e) = t.entity else { continue };
            if !gaz.entity(e).kind.is_delegation()
                || ctx.has_statement(e)
                || ctx.reported.contains(&e)
                || explained.contains(&e)
            {
                continue;
            }
            out.push(Diagnostic::new(
                CheckCode::RosterMismatch,
                ctx.file,
                t.span,
                format!(
                    "{} is listed as speaking, but made no statement in this record or another record of the same meeting",
                    ctx.entity_name(e)
                ),
            ));
        }
    }
    if rosters.is_empty() {
        return;
    }
    let accounted = &ctx.accounted;
    let summarised: &FxHashSet<StatementRef> = ctx.meeting.summarised(ctx.ws);
    for (si, s) in doc.record.statements.iter().enumerate() {
        let Some(e) = s.entity() else {
            continue;
        };
        let me = StatementRef {
            file: ctx.file,
            statement: si,
        };
        if s.form == HeaderForm::PanelTurn
            || !gaz.entity(e).kind.is_delegation()
            || accounted.contains(&e)
        {
            continue;
        }
        let interactive = s
            .section
            .is_some_and(|sec| doc.record.sections[sec].kind.is_interactive());
        if summarised.contains(&me) {
            *kept += usize::from(!interactive);
            continue;
        }
        if interactive {
            continue;
        }
        let aff = s.affiliation.unwrap();
        out.push(
            Diagnostic::new(
                CheckCode::RosterMismatch,
                ctx.file,
                aff.span,
                format!(
                    "{} ({}) made a statement but is in none of the record’s lists of speakers",
                    doc.speaker_label(si),
                    ctx.entity_name(e)
                ),
            )
            .related(ctx.file, rosters[0].span, "the list of speakers"),
        );
    }
}

#[test]
fn rosters_ask_for_summarised_statements_lazily_as_eagerly() {
    let (mut checked, mut kept, mut reported) = (0, 0, 0);
    for_each_record(|ctx| {
        let mut expected = Vec::new();
        rosters_eagerly(ctx, &mut expected, &mut kept);
        let mut found = Vec::new();
        roster::check_rosters(ctx, &mut found);
        assert_eq!(found, expected, "{}", ctx.doc.name);
        checked += 1;
        reported += expected.len();
    });
    assert!(checked > 40, "{checked} records");
    assert!(reported > 0, "some records' lists miss a delegation");
    assert!(
        kept > 0,
        "some statements are kept from the lists' findings by their summary"
    );
}
