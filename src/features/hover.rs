//! Hover: what the name under the cursor is — a country and its statements by session, a speaker
//! and every statement of theirs across sessions, an instrument from the catalogue with where it
//! was adopted and how often it is cited, a press-release symbol's record, a section. Returns
//! Markdown text and the span it describes; knows nothing of the protocol.

use std::collections::BTreeMap;

use crate::features::outline::{speaker_detail, speaker_label};
use crate::linking::{attribution_at, reported_statements};
use crate::query::{
    InstrumentKey, Target, adopting_record, occurrences, statements_of_speaker, target_at,
};
use crate::span::Span;
use crate::workspace::{FileId, StatementRef, Workspace};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    /// The name hovered.
    pub span: Span,
    /// Markdown.
    pub markdown: String,
}

/// How many lines a list in a hover shows before "and N more".
const LIST_LIMIT: usize = 12;

pub fn hover(ws: &Workspace, file: FileId, offset: usize) -> Option<Hover> {
    let Some(at) = target_at(ws, file, offset) else {
        return masthead(ws, file, offset).or_else(|| attribution(ws, file, offset));
    };
    let markdown = match &at.target {
        Target::Country(e) => country(ws, *e),
        Target::Speaker(st) => speaker(ws, *st),
        Target::Instrument(InstrumentKey::Catalogued(i)) => instrument(ws, file, *i),
        Target::Instrument(InstrumentKey::Title(_)) => {
            let doc = ws.get(file)?;
            let n = occurrences(ws, file, &at.target).len();
            format!(
                "**{}**\n\nNot in the catalogue of instruments; cited {} in the workspace.",
                doc.span_text(at.span),
                times(n)
            )
        }
        Target::Symbol(sym) => symbol(ws, sym),
        Target::Document(sym) => {
            let n = occurrences(ws, file, &at.target).len();
            format!("**{sym}**\n\nCited {} in the workspace.", times(n))
        }
        Target::Section(si) => section(ws, file, *si)?,
    };
    Some(Hover {
        span: at.span,
        markdown,
    })
}

/// The masthead under the cursor, outside its symbol: what the outline's header node says.
fn masthead(ws: &Workspace, file: FileId, offset: usize) -> Option<Hover> {
    let h = &ws.get(file)?.record.header;
    let span = h.span().filter(|s| s.touches(offset))?;
    Some(Hover {
        span,
        markdown: format!("**Masthead**\n\n{}", h.describe()),
    })
}

fn times(n: usize) -> String {
    match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    }
}

/// "GA/12387 (meeting 37)": the record's symbol, else its file name, with its meetings.
pub(crate) fn record_label(ws: &Workspace, file: FileId) -> String {
    let Some(facts) = ws.facts(file) else {
        return String::new();
    };
    let mut s = match facts.symbol() {
        Some(sym) => sym.to_string(),
        None => facts
            .name
            .rsplit('/')
            .next()
            .unwrap_or(&facts.name)
            .to_string(),
    };
    if !facts.meetings.is_empty() {
        let m: Vec<String> = facts.meetings.iter().map(u32::to_string).collect();
        s.push_str(&format!(
            " ({} {})",
            if m.len() > 1 { "meetings" } else { "meeting" },
            m.join(" & ")
        ));
    }
    s
}

fn session_label(session: Option<u32>) -> String {
    match session {
        Some(n) => format!("Session {n}"),
        None => "Session unknown".to_string(),
    }
}

fn push_limited(out: &mut String, lines: &[String]) {
    for l in lines.iter().take(LIST_LIMIT) {
        out.push_str(&format!("- {l}\n"));
    }
    if lines.len() > LIST_LIMIT {
        out.push_str(&format!("- … and {} more\n", lines.len() - LIST_LIMIT));
    }
}

/// Like [`push_limited`] for items rendered on demand: a speaker with thousands of statements
/// costs the lines shown, not the lines counted.
fn push_limited_with<T>(out: &mut String, items: &[T], render: impl Fn(&T) -> Option<String>) {
    for l in items.iter().take(LIST_LIMIT).filter_map(&render) {
        out.push_str(&format!("- {l}\n"));
    }
    if items.len() > LIST_LIMIT {
        out.push_str(&format!("- … and {} more\n", items.len() - LIST_LIMIT));
    }
}

fn country(ws: &Workspace, e: usize) -> String {
    let ent = ws.gaz.entity(e);
    let mut out = format!("**{}**", ent.name);
    let mut codes = vec![ent.key.clone()];
    if let Some(iso) = &ent.iso2
        && iso != &ent.key
    {
        codes.push(iso.clone());
    }
    out.push_str(&format!(
        " ({}) — {}\n\n",
        codes.join(", "),
        ent.kind.label()
    ));
    if let Some(o) = &ent.official {
        out.push_str(&format!("Official name: {o}\n\n"));
    }
    let mut other: Vec<&str> = ent.aliases.iter().map(String::as_str).collect();
    other.extend(ent.former.iter().map(String::as_str));
    if !other.is_empty() {
        out.push_str(&format!("Also: {}\n\n", other.join(", ")));
    }
    if !ent.demonyms.is_empty() {
        out.push_str(&format!("Demonyms: {}\n\n", ent.demonyms.join(", ")));
    }
    let mut by_session: BTreeMap<Option<u32>, Vec<StatementRef>> = BTreeMap::new();
    for id in ws.records_naming_entity(e) {
        let Some(facts) = ws.facts(id) else { continue };
        for (i, s) in facts.speakers.iter().enumerate() {
            if s.entity == Some(e) {
                by_session
                    .entry(facts.session)
                    .or_default()
                    .push(StatementRef {
                        file: id,
                        statement: i,
                    });
            }
        }
    }
    if by_session.is_empty() {
        out.push_str("No statement in the workspace.\n");
    } else {
        out.push_str("Statements in the workspace:\n\n");
        for (session, refs) in by_session {
            out.push_str(&format!("**{}**\n", session_label(session)));
            push_limited_with(&mut out, &refs, |r| {
                let label = ws.facts(r.file)?.shown.speaker_labels.get(r.statement)?;
                Some(format!("{label} — {}", record_label(ws, r.file)))
            });
            out.push('\n');
        }
    }
    out.trim_end().to_string()
}

fn speaker(ws: &Workspace, st: StatementRef) -> String {
    let Some(doc) = ws.get(st.file) else {
        return String::new();
    };
    let s = &doc.record.statements[st.statement];
    let mut out = format!("**{}**", speaker_label(doc, st.statement));
    if let Some(d) = speaker_detail(doc, &ws.gaz, st.statement) {
        out.push_str(&format!(" — {d}"));
    }
    out.push_str("\n\n");
    if let Some(r) = s.role {
        out.push_str(&format!("Role: {}\n\n", doc.span_text(r)));
    }
    if let Some(b) = s.on_behalf_of {
        out.push_str(&format!("{}\n\n", doc.span_text(b)));
    }
    if let Some(f) = s.full_name {
        out.push_str(&format!("Full name: {}\n\n", doc.span_text(f)));
    }
    let all = statements_of_speaker(ws, st);
    let mut by_session: BTreeMap<Option<u32>, Vec<StatementRef>> = BTreeMap::new();
    for r in &all {
        let session = ws.facts(r.file).and_then(|f| f.session);
        by_session.entry(session).or_default().push(*r);
    }
    out.push_str(&format!(
        "{} in the workspace:\n\n",
        match all.len() {
            1 => "1 statement".to_string(),
            n => format!("{n} statements"),
        }
    ));
    for (session, refs) in by_session {
        out.push_str(&format!("**{}**\n", session_label(session)));
        push_limited_with(&mut out, &refs, |r| {
            let shown = &ws.facts(r.file)?.shown;
            let section = shown
                .speaker_sections
                .get(r.statement)
                .copied()
                .flatten()
                .and_then(|si| shown.sections.get(si as usize))
                .map(|s| format!(", {}", s.0))
                .unwrap_or_default();
            Some(format!(
                "{} in {}{}",
                shown.speaker_labels.get(r.statement)?,
                record_label(ws, r.file),
                section
            ))
        });
        out.push('\n');
    }
    out.trim_end().to_string()
}

fn instrument(ws: &Workspace, file: FileId, i: usize) -> String {
    let ins = ws.gaz.instrument(i);
    let mut out = format!("**{}**", ins.title);
    let mut facts = Vec::new();
    if let Some(y) = ins.year {
        facts.push(y.to_string());
    }
    if let Some(s) = &ins.symbol {
        facts.push(s.clone());
    }
    if !facts.is_empty() {
        out.push_str(&format!(" ({})", facts.join(", ")));
    }
    out.push_str(&format!("\n\n{}", ins.kind));
    if let Some(a) = &ins.adopted_by {
        out.push_str(&format!(", adopted by {a}"));
    }
    if let Some(s) = ins.session {
        out.push_str(&format!(" (session {s})"));
    }
    out.push_str("\n\n");
    if !ins.aliases.is_empty() {
        out.push_str(&format!("Also cited as: {}\n\n", ins.aliases.join("; ")));
    }
    if let Some(p) = ins
        .parent
        .as_deref()
        .and_then(|p| ws.gaz.instrument_by_id(p))
    {
        out.push_str(&format!("Part of: {}\n\n", ws.gaz.instrument(p).title));
    }
    match adopting_record(ws, i) {
        Some(f) => {
            let title = ws
                .facts(f)
                .and_then(|x| x.shown.title.clone())
                .unwrap_or_default();
            out.push_str(&format!(
                "Adopted in: {} — {}\n\n",
                record_label(ws, f),
                title
            ));
        }
        None => out.push_str("Adopted in: no record of the workspace\n\n"),
    }
    let occ = occurrences(ws, file, &Target::Instrument(InstrumentKey::Catalogued(i)));
    let mut records: Vec<FileId> = occ.iter().map(|l| l.file).collect();
    records.dedup();
    out.push_str(&format!(
        "Cited {} in {} record{} of the workspace.",
        times(occ.len()),
        records.len(),
        if records.len() == 1 { "" } else { "s" }
    ));
    out
}

fn symbol(ws: &Workspace, sym: &str) -> String {
    let files = ws.records_with_symbol(sym);
    if files.is_empty() {
        return format!("**{sym}**\n\nPress release not in the workspace.");
    }
    let mut out = String::new();
    for f in files {
        let Some(doc) = ws.get(f) else { continue };
        let h = &doc.record.header;
        out.push_str(&format!("**{sym}**"));
        if let Some(t) = doc.record.title {
            out.push_str(&format!(" — {}", doc.span_text(t)));
        }
        out.push_str("\n\n");
        let mut facts = vec![h.session_label().unwrap_or_else(|| session_label(None))];
        facts.extend(h.meetings_label());
        facts.extend(h.date.as_ref().map(|d| d.0.clone()));
        facts.push(match doc.record.statements.len() {
            1 => "1 statement".to_string(),
            n => format!("{n} statements"),
        });
        out.push_str(&facts.join(", "));
        out.push_str("\n\n");
    }
    out.trim_end().to_string()
}

fn section(ws: &Workspace, file: FileId, si: usize) -> Option<String> {
    let doc = ws.get(file)?;
    let sec = doc.record.sections.get(si)?;
    let speakers: Vec<String> = doc
        .record
        .statements
        .iter()
        .enumerate()
        .filter(|(_, s)| s.section == Some(si))
        .map(|(i, _)| {
            let label = speaker_label(doc, i);
            match speaker_detail(doc, &ws.gaz, i) {
                Some(d) => format!("{label} ({d})"),
                None => label,
            }
        })
        .collect();
    let paragraphs = doc
        .record
        .paragraphs
        .iter()
        .filter(|p| p.section == Some(si))
        .count();
    let mut out = format!(
        "**{}** — section of {}\n\n{} paragraph{}, {} statement{}\n\n",
        sec.name,
        doc.display_name(),
        paragraphs,
        if paragraphs == 1 { "" } else { "s" },
        speakers.len(),
        if speakers.len() == 1 { "" } else { "s" }
    );
    push_limited(&mut out, &speakers);
    Some(out.trim_end().to_string())
}

/// An attribution cue ("Croatia’s delegate"): the statements it reports.
fn attribution(ws: &Workspace, file: FileId, offset: usize) -> Option<Hover> {
    let doc = ws.get(file)?;
    let ai = attribution_at(doc, offset)?;
    let attr = &doc.record.attributions[ai];
    let cue = attr.cue;
    let refs = reported_statements(ws, file, ai);
    let mut out = format!("**{}**\n\n", doc.span_text(cue));
    // The attribution as the annotations export it: its whole text, who it credits, and for
    // whom else the party spoke.
    if attr.text.len() > cue.len() {
        out.push_str(&format!("Attribution: “{}”\n\n", doc.span_text(attr.text)));
    }
    if let Some(kind) = attr.party {
        out.push_str(&format!("Credits a {}", kind.as_str()));
        let also: Vec<&str> = attr
            .on_behalf
            .iter()
            .map(|t| doc.span_text(t.span))
            .collect();
        if !also.is_empty() {
            out.push_str(&format!(", also speaking for {}", also.join(", ")));
        }
        out.push_str("\n\n");
    }
    if refs.is_empty() {
        out.push_str("No matching statement in the records of this meeting.");
    } else {
        out.push_str("Reports the statement of:\n\n");
        let lines: Vec<String> = refs
            .iter()
            .filter_map(|r| {
                let d = ws.get(r.file)?;
                let detail = speaker_detail(d, &ws.gaz, r.statement)
                    .map(|x| format!(" ({x})"))
                    .unwrap_or_default();
                Some(format!(
                    "{}{} in {}",
                    speaker_label(d, r.statement),
                    detail,
                    record_label(ws, r.file)
                ))
            })
            .collect();
        push_limited(&mut out, &lines);
    }
    Some(Hover {
        span: cue,
        markdown: out.trim_end().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::hover;
    use crate::test_fixture::Fixture;

    /// The hover at `$0`: its span must be the one the fixture marks; returns its Markdown.
    fn check(fixture: &str) -> String {
        let fx = Fixture::new(fixture);
        let h = hover(&fx.ws, fx.file, fx.offset).expect("a hover");
        fx.assert_marked(&[(fx.file, h.span)]);
        h.markdown
    }

    #[test]
    fn a_speaker_and_their_statements_across_records() {
        let markdown = check(
            r#"
            //- ga_12388.txt
            Seventy-sixth Session,
            38th Meeting (AM)
            GA/12388

            General Assembly Continues Appraisal of Global Plan of Action against Trafficking

            Statements

            RÓBERT CHA$0TRNÚCH (Slovakia) said Slovakia stands ready to collaborate with partners.
            ^^^^^^^^^^^^^^^^^^

            //- ga_12390.txt
            Seventy-sixth Session,
            40th Meeting (AM)
            GA/12390

            General Assembly Adopts Resolution on Cooperation with Regional Organizations

            Statements

            RÓBERT CHATRNÚCH (Slovakia) said cooperation with regional organizations is essential.
            "#,
        );
        insta::assert_snapshot!(markdown, @r#"
            **RÓBERT CHATRNÚCH** — Slovakia

            2 statements in the workspace:

            **Session 76**
            - RÓBERT CHATRNÚCH in GA/12388 (meeting 38), Statements
            - RÓBERT CHATRNÚCH in GA/12390 (meeting 40), Statements
            "#);
    }

    #[test]
    fn a_country_in_a_header() {
        let markdown = check(
            r#"
            Seventy-sixth Session,
            38th Meeting (AM)
            GA/12388

            General Assembly Continues Appraisal of Global Plan of Action against Trafficking

            Statements

            IVAN ŠIMONOVIĆ (Cro$0atia) labelled trafficking in persons a modern form of slavery.
                            ^^^^^^^^^
            "#,
        );
        insta::assert_snapshot!(markdown, @r#"
            **Croatia** (HRV, HR) — Member State

            Official name: Republic of Croatia

            Demonyms: Croatian

            Statements in the workspace:

            **Session 76**
            - IVAN ŠIMONOVIĆ — GA/12388 (meeting 38)
            "#);
    }

    #[test]
    fn an_attribution_cue_and_the_statement_it_reports() {
        let markdown = check(
            r#"
            Seventy-sixth Session,
            38th Meeting (AM)
            GA/12388

            General Assembly Continues Appraisal of Global Plan of Action against Trafficking

            Croatia’s dele$0gate labelled trafficking in persons a modern form of slavery.
            ^^^^^^^^^^^^^^^^^^^^

            Statements

            RÓBERT CHATRNÚCH (Slovakia) said Slovakia stands ready to collaborate with partners.

            IVAN ŠIMONOVIĆ (Croatia) labelled trafficking in persons a modern form of slavery.
            "#,
        );
        insta::assert_snapshot!(markdown, @r#"
            **Croatia’s delegate**

            Attribution: “Croatia’s delegate labelled”

            Credits a country

            Reports the statement of:

            - IVAN ŠIMONOVIĆ (Croatia) in GA/12388 (meeting 38)
            "#);
    }

    #[test]
    fn an_attribution_speaking_for_others() {
        let markdown = check(
            r#"
            Seventy-sixth Session,
            38th Meeting (AM)
            GA/12388

            General Assembly Continues Appraisal of Global Plan of Action against Trafficking

            The represen$0tative of Portugal, also speaking for Argentina, Mexico and Sierra Leone, noted that survivors must be heard.
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

            Statements

            ANA PAULA ZACARIAS (Portugal), also speaking for Argentina, Mexico and Sierra Leone, said survivors must be heard.
            "#,
        );
        assert!(
            markdown.contains("also speaking for Argentina, Mexico, Sierra Leone"),
            "{markdown}"
        );
        assert!(
            markdown.contains("ANA PAULA ZACARIAS (Portugal)"),
            "{markdown}"
        );
    }

    #[test]
    fn a_press_release_reference_and_its_record() {
        let markdown = check(
            r#"
            //- ga_12387.txt
            Seventy-sixth Session,
            37th Meeting (AM & PM)
            GA/12387

            Adopting Political Declaration, General Assembly Pledges Greater Action to End Human Trafficking

            Statements

            RÓBERT CHATRNÚCH (Slovakia) said Slovakia stands ready to collaborate with partners.

            //- ga_12388.txt
            Seventy-sixth Session,
            38th Meeting (AM)
            GA/12388

            General Assembly Continues Appraisal of Global Plan of Action against Trafficking

            The meeting opened with the adoption of a Political Declaration.  (See Press Release GA/123$087.)
                                                                                                 ^^^^^^^^^^

            Statements

            IVAN ŠIMONOVIĆ (Croatia) labelled trafficking in persons a modern form of slavery.
            "#,
        );
        insta::assert_snapshot!(markdown, @r#"
            **GA/12387** — Adopting Political Declaration, General Assembly Pledges Greater Action to End Human Trafficking

            session 76, meeting 37 (AM & PM), 1 statement
            "#);
    }
}
