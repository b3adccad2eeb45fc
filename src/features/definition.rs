//! Go to definition: a summary attribution → the statement(s) it reports; a press-release
//! reference → that record; a speaker → their first statement across sessions; an instrument →
//! the record of the workspace that adopted it. Pure; knows nothing of the protocol.

use crate::linking::{attribution_at, reported_statements};
use crate::query::{
    InstrumentKey, Location, Target, adopting_record, statements_of_speaker, target_at,
};
use crate::span::Span;
use crate::workspace::{FileId, StatementRef, Workspace};

/// A definition: where to go, and what to select there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Definition {
    pub file: FileId,
    /// The whole target (statement, record).
    pub span: Span,
    /// The name to select (speaker name, symbol line).
    pub selection: Span,
}

/// The name under the cursor that a definition starts from, and where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definitions {
    pub origin: Span,
    pub targets: Vec<Definition>,
}

pub fn definition(ws: &Workspace, file: FileId, offset: usize) -> Option<Definitions> {
    let doc = ws.get(file)?;
    // A press-release reference or a speaker's own name wins over the attribution around it.
    let at = target_at(ws, file, offset);
    if let Some(a) = &at {
        match &a.target {
            Target::Symbol(sym) => return Some(symbol_definition(ws, a.span, sym)),
            Target::Speaker(st) => return speaker_definition(ws, a.span, *st),
            _ => {}
        }
    }
    if let Some(defs) = attribution_definition(ws, file, offset) {
        return Some(defs);
    }
    let a = at?;
    let target = match &a.target {
        Target::Instrument(InstrumentKey::Catalogued(i)) => instrument_definition(ws, *i)?,
        Target::Section(si) => {
            let sec = doc.record.sections.get(*si)?;
            Definition {
                file,
                span: sec.span,
                selection: sec.heading,
            }
        }
        _ => return None,
    };
    Some(Definitions {
        origin: a.span,
        targets: vec![target],
    })
}

/// A press-release symbol → the records it heads.
fn symbol_definition(ws: &Workspace, origin: Span, sym: &str) -> Definitions {
    let targets = ws
        .records_with_symbol(sym)
        .iter()
        .filter_map(|&f| record_definition(ws, f))
        .collect();
    Definitions { origin, targets }
}

/// A speaker → their first statement across sessions.
fn speaker_definition(ws: &Workspace, origin: Span, st: StatementRef) -> Option<Definitions> {
    let first = statements_of_speaker(ws, st).into_iter().next()?;
    Some(Definitions {
        origin,
        targets: vec![statement_definition(ws, first)?],
    })
}

/// An attribution's cue → the statements it reports, if any.
fn attribution_definition(ws: &Workspace, file: FileId, offset: usize) -> Option<Definitions> {
    let doc = ws.get(file)?;
    let ai = attribution_at(doc, offset)?;
    let targets: Vec<Definition> = reported_statements(ws, file, ai)
        .into_iter()
        .filter_map(|r| statement_definition(ws, r))
        .collect();
    (!targets.is_empty()).then(|| Definitions {
        origin: doc.record.attributions[ai].cue,
        targets,
    })
}

/// A catalogued instrument → where the record that adopted it cites it.
fn instrument_definition(ws: &Workspace, i: usize) -> Option<Definition> {
    let f = adopting_record(ws, i)?;
    let m = ws
        .get(f)?
        .record
        .instruments
        .iter()
        .find(|m| m.instrument == Some(i))?;
    Some(Definition {
        file: f,
        span: m.span,
        selection: m.span,
    })
}

/// A statement as a definition target: the whole statement, selecting the speaker's name.
fn statement_definition(ws: &Workspace, r: StatementRef) -> Option<Definition> {
    let s = &ws.get(r.file)?.record.statements[r.statement];
    Some(Definition {
        file: r.file,
        span: s.span,
        selection: s.name,
    })
}

/// A record as a definition target: the whole text, selecting its symbol (or title).
fn record_definition(ws: &Workspace, f: FileId) -> Option<Definition> {
    let d = ws.get(f)?;
    let selection = d
        .record
        .header
        .symbol
        .as_ref()
        .map(|s| s.1)
        .or(d.record.title)
        .unwrap_or_default();
    Some(Definition {
        file: f,
        span: Span::new(0, d.text.len()),
        selection,
    })
}

/// The locations of a definition result, for clients that want plain locations.
pub fn locations(defs: &Definitions) -> Vec<Location> {
    defs.targets
        .iter()
        .map(|d| Location {
            file: d.file,
            span: d.selection,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::definition;
    use crate::test_fixture::Fixture;

    /// The definition at `$0`: its targets' selections must be the ranges the fixture marks;
    /// returns the origin drawn where it was found.
    fn check(fixture: &str) -> String {
        let fx = Fixture::new(fixture);
        let defs = definition(&fx.ws, fx.file, fx.offset).expect("a definition");
        let targets: Vec<_> = defs.targets.iter().map(|d| (d.file, d.selection)).collect();
        fx.assert_marked(&targets);
        fx.render(&[(fx.file, defs.origin)])
    }

    #[test]
    fn an_attribution_leads_to_the_statement_it_reports() {
        let origin = check(
            r#"
            Seventy-sixth Session,
            38th Meeting (AM)
            GA/12388

            General Assembly Continues Appraisal of Global Plan of Action against Trafficking

            The representative of Slo$0vakia said Slovakia stands ready to collaborate with partners.

            Statements

            RÓBERT CHATRNÚCH (Slovakia) said Slovakia stands ready to collaborate with partners.
            ^^^^^^^^^^^^^^^^

            IVAN ŠIMONOVIĆ (Croatia) labelled trafficking in persons a modern form of slavery.
            "#,
        );
        insta::assert_snapshot!(origin, @r#"
            The representative of Slovakia said Slovak…
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            "#);
    }

    #[test]
    fn a_speaker_leads_to_their_first_statement_in_the_workspace() {
        let origin = check(
            r#"
            //- ga_12387.txt
            Seventy-sixth Session,
            37th Meeting (AM & PM)
            GA/12387

            Adopting Political Declaration, General Assembly Pledges Greater Action to End Human Trafficking

            Statements

            RÓBERT CHATRNÚCH (Slovakia) said the Political Declaration was a decisive step forward.
            ^^^^^^^^^^^^^^^^

            //- ga_12388.txt
            Seventy-sixth Session,
            38th Meeting (AM)
            GA/12388

            General Assembly Continues Appraisal of Global Plan of Action against Trafficking

            Statements

            RÓBERT CHATR$0NÚCH (Slovakia) said Slovakia stands ready to collaborate with partners.
            "#,
        );
        insta::assert_snapshot!(origin, @r#"
            //- ga_12388.txt
            RÓBERT CHATRNÚCH (Slovakia) …
            ^^^^^^^^^^^^^^^^
            "#);
    }
}
