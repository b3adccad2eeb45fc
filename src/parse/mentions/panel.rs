//! Panel turns ("Ms. MINGEIROU said") resolved to the full name under which the record
//! introduced the panellist ("Kalliope Mingeirou, Chief of ...", "José Alfonso Blanco Conde
//! (Dominican Republic)"), with the affiliation given there.

use crate::knowledge::Gazetteer;
use crate::parse::speaker;
use crate::record::*;
use crate::span::Span;
use crate::text::{clamp_to_char_boundary, strip_space_paren};

/// A surname in a turn at least this long may be matched one edit away from the introduced
/// name (DARTON for Darnton); shorter names one edit apart are too often different people.
const MIN_MISSPELT_SURNAME_CHARS: usize = 5;
/// Edits allowed between a misspelt surname and the introduced one.
const SURNAME_EDITS: usize = 1;
/// How far after an introduced name its title is read for an affiliation, in bytes (", Chief of
/// the Ending Violence against Women Section, UN Women;"): introductions run longer than a
/// header's title, and the bound keeps the next sentence's names out.
const INTRODUCTION_REACH: usize = 240;

/// A capitalised run of a narrative or summary paragraph that may introduce a panellist.
struct Candidate {
    span: Span,
    tokens: Vec<String>,
    paragraph: usize,
}

/// Ties each panel turn to the full name that introduced the panellist, and takes the
/// affiliation given there when the turn has none.
pub(crate) fn resolve_panel_turns(
    text: &str,
    gaz: &Gazetteer,
    rec: &mut Record,
    name_runs: &[Vec<Span>],
) {
    let turns: Vec<usize> = rec
        .statements
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.form == HeaderForm::PanelTurn || (s.honorific.is_some() && s.affiliation.is_none())
        })
        .map(|(i, _)| i)
        .collect();
    if turns.is_empty() {
        return;
    }
    let candidates = candidates(text, &rec.paragraphs, name_runs);
    for t in turns {
        let Some(c) = introduction(&candidates, &rec.statements[t], &rec.paragraphs) else {
            continue;
        };
        let paragraph = rec.paragraphs[c.paragraph].span;
        let st = &mut rec.statements[t];
        st.full_name = Some(c.span);
        if st.affiliation.is_none() {
            st.affiliation = introduced_affiliation(text, gaz, c.span, paragraph);
        }
    }
}

/// Candidate full names in narrative and summary paragraphs.
fn candidates(text: &str, paragraphs: &[Paragraph], name_runs: &[Vec<Span>]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (pi, p) in paragraphs.iter().enumerate() {
        let ptext = p.span.text(text);
        out.extend(name_runs[pi].iter().map(|run| Candidate {
            span: run.shift(p.span.start),
            tokens: speaker::name_tokens(run.text(ptext)),
            paragraph: pi,
        }));
    }
    out
}

/// The candidate that introduced the speaker of a turn: a longer compatible name, in the turn's
/// section first; else, for a one-word turn, a name whose surname is one edit away in the same
/// section.
fn introduction<'c>(
    candidates: &'c [Candidate],
    turn: &Statement,
    paragraphs: &[Paragraph],
) -> Option<&'c Candidate> {
    let tokens: Vec<String> = turn.name_key.split(' ').map(str::to_string).collect();
    let section = turn.section;
    let section_of = |c: &Candidate| paragraphs[c.paragraph].section;
    candidates
        .iter()
        .filter(|c| {
            c.tokens.len() > tokens.len()
                && speaker::tokens_compatible(&tokens, &c.tokens)
                && (section.is_none() || section_of(c) == section || section_of(c).is_none())
        })
        .max_by_key(|c| (section_of(c) == section, c.tokens.len()))
        .or_else(|| {
            candidates
                .iter()
                .filter(|c| misspelt_surname(&tokens, &c.tokens) && section_of(c) == section)
                .max_by_key(|c| c.tokens.len())
        })
}

/// Whether a one-word turn is the last name of a full name but for one edit.
fn misspelt_surname(turn: &[String], full: &[String]) -> bool {
    turn.len() == 1
        && turn[0].chars().count() >= MIN_MISSPELT_SURNAME_CHARS
        && full.len() >= 2
        && full
            .last()
            .is_some_and(|l| strsim::levenshtein(l, &turn[0]) == SURNAME_EDITS)
}

/// The affiliation given right after a name: "(Dominican Republic)" or ", Chief of ..., UN Women;".
fn introduced_affiliation(
    text: &str,
    gaz: &Gazetteer,
    name: Span,
    paragraph: Span,
) -> Option<Affiliation> {
    let after = &text[name.end..paragraph.end];
    if let Some((consumed, rest)) = strip_space_paren(after) {
        let close = rest.find(')')?;
        let (entity, _) = gaz.lookup_entity(&rest[..close])?;
        return Some(Affiliation {
            entity: Some(entity),
            span: Span::new(consumed, consumed + close).shift(name.end),
            source: AffiliationSource::Introduction,
        });
    }
    if !after.starts_with(", ") {
        return None;
    }
    let stop = after.find([';', '.']).unwrap_or(after.len());
    let stop = clamp_to_char_boundary(after, stop.min(INTRODUCTION_REACH));
    let (entity, at) = speaker::descriptor_entity(gaz, after, Span::new(0, stop))?;
    Some(Affiliation {
        entity: Some(entity),
        span: at.shift(name.end),
        source: AffiliationSource::Introduction,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(s: &str) -> Vec<String> {
        speaker::name_tokens(s)
    }

    #[test]
    fn misspelt_surnames_are_one_edit_from_long_names() {
        assert!(misspelt_surname(
            &tokens("DARTON"),
            &tokens("Melissa Darnton")
        ));
        assert!(!misspelt_surname(&tokens("LIU"), &tokens("Wei Liu")));
        assert!(!misspelt_surname(&tokens("DARNTON"), &tokens("Darnton")));
        assert!(!misspelt_surname(
            &tokens("DORTAN"),
            &tokens("Melissa Darnton")
        ));
    }

    #[test]
    fn affiliation_in_parentheses_or_title() {
        let gaz = Gazetteer::builtin();
        let text = "José Alfonso Blanco Conde (Dominican Republic) chaired the panel.";
        let name = Span::new(0, text.find(" (").unwrap());
        let a = introduced_affiliation(text, &gaz, name, Span::new(0, text.len())).unwrap();
        assert_eq!(a.span.text(text), "Dominican Republic");
        let text = "Vladimir Makei, Minister for Foreign Affairs of Belarus; then others.";
        let name = Span::new(0, text.find(',').unwrap());
        let a = introduced_affiliation(text, &gaz, name, Span::new(0, text.len())).unwrap();
        assert_eq!(a.span.text(text), "Belarus");
    }
}
