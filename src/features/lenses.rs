//! Code lenses: above each statement header, the speaker's statements across the workspace
//! ("2 statements · 2 sessions", from the speaker index); above the masthead, the record's
//! statements and findings. Pure: the findings are counted by the caller's checks.

use crate::query::{Location, statements_of_speaker};
use crate::span::Span;
use crate::workspace::{FileId, StatementRef, Workspace};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lens {
    /// Where the lens stands (the line it is drawn above).
    pub span: Span,
    pub title: String,
    pub kind: LensKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LensKind {
    /// A speaker's statements, to be opened as references from the speaker's name.
    Statements {
        origin: Span,
        locations: Vec<Location>,
    },
    /// The record's summary: nothing to open.
    Record,
}

/// The lenses of a record: one above the masthead (when it has one, else above the first
/// line) with `findings`, and one above each statement header.
pub fn code_lenses(ws: &Workspace, file: FileId, findings: usize) -> Vec<Lens> {
    let Some(doc) = ws.get(file) else {
        return Vec::new();
    };
    let rec = &doc.record;
    let mut out = vec![Lens {
        span: rec.header.span().unwrap_or_default(),
        title: format!(
            "{} · {}",
            count(rec.statements.len(), "statement"),
            count(findings, "finding")
        ),
        kind: LensKind::Record,
    }];
    for (i, st) in rec.statements.iter().enumerate() {
        out.push(speaker_lens(
            ws,
            StatementRef { file, statement: i },
            st.header,
            st.name,
        ));
    }
    out
}

/// The lens of one statement: every statement of its speaker, and in how many sessions.
fn speaker_lens(ws: &Workspace, st: StatementRef, header: Span, name: Span) -> Lens {
    let all = statements_of_speaker(ws, st);
    let mut sessions: Vec<Option<u32>> = all
        .iter()
        .map(|r| ws.facts(r.file).and_then(|f| f.session))
        .collect();
    sessions.sort_unstable();
    sessions.dedup();
    let locations = all
        .iter()
        .filter_map(|r| {
            let span = ws
                .facts(r.file)?
                .shown
                .speaker_names
                .get(r.statement)?
                .span();
            Some(Location { file: r.file, span })
        })
        .collect();
    Lens {
        span: header,
        title: format!(
            "{} · {}",
            count(all.len().max(1), "statement"),
            count(sessions.len().max(1), "session")
        ),
        kind: LensKind::Statements {
            origin: name,
            locations,
        },
    }
}

/// "1 statement", "2 statements".
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::{LensKind, code_lenses};
    use crate::test_fixture::Fixture;

    /// The lenses of the record holding `$0`: the statement lens on the statement at `$0` must
    /// open the ranges the fixture marks; returns every lens as `line: title`.
    fn check(fixture: &str) -> String {
        let fx = Fixture::new(fixture);
        let lenses = code_lenses(&fx.ws, fx.file, 3);
        let doc = fx.ws.get(fx.file).unwrap();
        let at_cursor = lenses
            .iter()
            .find(|l| l.span.touches(fx.offset))
            .expect("a lens on the cursor's header");
        match &at_cursor.kind {
            LensKind::Statements { locations, .. } => {
                let places: Vec<_> = locations.iter().map(|l| (l.file, l.span)).collect();
                fx.assert_marked(&places);
            }
            LensKind::Record => panic!("the cursor is on a statement header"),
        }
        lenses
            .iter()
            .map(|l| {
                let line = doc.text[..l.span.start].matches('\n').count() + 1;
                format!("{line}: {}\n", l.title)
            })
            .collect()
    }

    #[test]
    fn a_speaker_across_sessions_and_the_record_summary() {
        let lenses = check(
            r#"
            //- ga_12388.txt
            Seventy-sixth Session,
            38th Meeting (AM)
            GA/12388

            General Assembly Continues Appraisal of Global Plan of Action against Trafficking

            Statements

            RÓBERT CHATRNÚCH (Slo$0vakia) said Slovakia stands ready to collaborate with partners.
            ^^^^^^^^^^^^^^^^

            IVAN ŠIMONOVIĆ (Croatia) labelled trafficking in persons a modern form of slavery.

            //- ga_13001.txt
            Seventy-seventh Session,
            12th Meeting (AM)
            GA/13001

            General Assembly Adopts Resolution on Cooperation with Regional Organizations

            Statements

            RÓBERT CHATRNÚCH (Slovakia) said cooperation with regional organizations is essential.
            ^^^^^^^^^^^^^^^^
            "#,
        );
        insta::assert_snapshot!(lenses, @r"
        1: 2 statements · 3 findings
        9: 2 statements · 2 sessions
        11: 1 statement · 1 session
        ");
    }
}
