//! The checks and `check_file`, the single entry point shared by the editor and `rapporteur
//! check`. The codes, severities and the diagnostic type live in [`crate::diagnostic`] (re-exported
//! here); the per-meeting analysis the attribution and speaker checks share is in `meeting` and
//! `context`.

mod attribution;
mod context;
mod duplicates;
mod inputs;
mod instruments;
mod meeting;
#[cfg(test)]
mod reference_tests;
mod references;
mod roster;
mod speaker_country;
mod speakers;
#[cfg(test)]
mod tests;
mod unknown_country;

use crate::config::Config;
pub use crate::diagnostic::{CheckCode, Diagnostic, Edit, Fix, Related, Severity};
use crate::span::Span;
use crate::workspace::{FileId, Workspace};
pub use inputs::{findings_revision, records_read};

/// Every diagnostic of one record, at the severities the configuration sets, in text order.
pub fn check_file(ws: &Workspace, file: FileId, config: &Config) -> Vec<Diagnostic> {
    if ws.get(file).is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    unknown_country::check(ws, file, &mut out);
    duplicates::check_paragraphs(ws, file, &mut out);
    duplicates::check_symbol(ws, file, &mut out);
    references::check(ws, file, &mut out);
    instruments::check(ws, file, &mut out);
    let meeting = meeting::meeting_analysis(ws, file);
    let ctx = context::MeetingContext::of(ws, file, &meeting).expect("checked file is loaded");
    // Findings of this record's own summary first: on a tie with a header's finding at the same
    // span, the summary's wording is kept.
    if let Some(found) = meeting.attributions.get(&file) {
        out.extend(found.iter().filter(|d| d.file == file).cloned());
    }
    if let Some(found) = meeting.conflicts.get(&file) {
        out.extend(found.iter().cloned());
    }
    speakers::check_honorifics(&ctx, &mut out);
    speakers::check_name_variants(&ctx, &mut out);
    roster::check_rosters(&ctx, &mut out);
    roster::check_replies(&ctx, &mut out);
    // What the summaries of the meeting's other records find wrong here: a summary may blame a
    // header of another record. Each summary is judged once per meeting.
    for &other in meeting.members.iter().filter(|&&f| f != file) {
        let judged = meeting::meeting_analysis(ws, other);
        if let Some(found) = judged.attributions.get(&other) {
            out.extend(found.iter().filter(|d| d.file == file).cloned());
        }
    }
    // A diagnostic may land in another record (a header blamed by a summary): keep this file's.
    out.retain(|d| d.file == file);
    // A header already reported as wrong is not also reported as missing from the lists.
    let wrong_headers: Vec<Span> = out
        .iter()
        .filter(|d| {
            matches!(
                d.code,
                CheckCode::SpeakerCountryConflict | CheckCode::UnknownCountry
            )
        })
        .map(|d| d.span)
        .collect();
    out.retain(|d| {
        d.code != CheckCode::RosterMismatch
            || !wrong_headers
                .iter()
                .any(|w| w.start < d.span.end && d.span.start < w.end)
    });
    out.retain_mut(|d| match config.severity_of(d.code) {
        Some(s) => {
            d.severity = s;
            true
        }
        None => false,
    });
    out.sort_by_key(|d| (d.span.start, d.code));
    out.dedup_by(|b, a| a.span == b.span && a.code == b.code);
    out
}
