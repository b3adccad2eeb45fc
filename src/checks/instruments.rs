//! `noncanonical-instrument` (an instrument cited under a known variant title or a misspelling of
//! a catalogued one; the fix writes the canonical title) and `instrument-year-mismatch` (a year
//! written next to an instrument that is not the year it was adopted).

use super::{CheckCode, Diagnostic};
use crate::knowledge::TitleForm;
use crate::workspace::{FileId, Workspace};

/// How close an uncatalogued title must be to a catalogued one to count as its misspelling
/// (the gazetteer's title similarity, 1.0 being the title itself). Set by hand: lower reports
/// distinct instruments with similar titles as misspellings, higher misses two-letter slips.
const MISSPELT: f64 = 0.88;

pub fn check(ws: &Workspace, file: FileId, out: &mut Vec<Diagnostic>) {
    let doc = ws.get(file).unwrap();
    let gaz = &ws.gaz;
    check_years(ws, file, out);
    for m in &doc.record.instruments {
        let written = doc.span_text(m.span);
        let (idx, how) = match (m.form, m.instrument) {
            (Some(TitleForm::Variant), Some(i)) => (i, "a variant title"),
            (None, _) => match gaz.closest_instrument_from(written, MISSPELT) {
                Some((i, score)) if (MISSPELT..1.0).contains(&score) => (i, "a misspelling"),
                _ => continue,
            },
            _ => continue,
        };
        let ins = gaz.instrument(idx);
        let mut msg = format!("`{written}` is {how} of the {}", ins.title);
        if let Some(y) = ins.year {
            msg.push_str(&format!(" ({y})"));
        }
        out.push(
            Diagnostic::new(CheckCode::NoncanonicalInstrument, file, m.span, msg).safe_fix(
                format!("Write the canonical title: {}", ins.title),
                file,
                m.span,
                ins.title.clone(),
            ),
        );
    }
}

/// "the 2012 Global Plan of Action": the year written before a title is none of its candidates'.
fn check_years(ws: &Workspace, file: FileId, out: &mut Vec<Diagnostic>) {
    let doc = ws.get(file).unwrap();
    let gaz = &ws.gaz;
    for m in &doc.record.instruments {
        let (Some((year, yspan)), Some(resolved)) = (m.cited_year, m.instrument) else {
            continue;
        };
        if m.candidates
            .iter()
            .any(|&c| gaz.instrument(c).year == Some(year))
        {
            continue;
        }
        let ins = gaz.instrument(resolved);
        let Some(adopted) = ins.year else { continue };
        out.push(
            Diagnostic::new(
                CheckCode::InstrumentYearMismatch,
                file,
                yspan,
                format!("the {} was adopted in {adopted}, not {year}", ins.title),
            )
            .fix(format!("Write {adopted}"), file, yspan, adopted.to_string()),
        );
    }
}
