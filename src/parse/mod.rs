//! `parse(&str) -> Record`: the structure of a meeting-coverage record (masthead, title, summary,
//! sections, statements) and everything recognised in it. Never fails; pure over byte spans.

pub(crate) mod attribution;
pub mod header;
mod layout;
pub(crate) mod mentions;
mod name_runs;
mod shape;
pub mod speaker;

use crate::knowledge::Gazetteer;
use crate::record::*;
use crate::span::Span;
use shape::{is_footer, is_heading, is_narrative};

/// Parses a record with the built-in knowledge.
pub fn parse(text: &str) -> Record {
    parse_with(text, &Gazetteer::builtin())
}

/// Parses with a given gazetteer (the built-in one plus a workspace's additions): the structure
/// first, one pass per part of the page, then recognition over the whole text.
pub fn parse_with(text: &str, gaz: &Gazetteer) -> Record {
    parse_to(text, gaz, Depth::Full)
}

/// Parses only as far as the facts the checks read of a record outside their meeting
/// (`DocFacts::for_checks_of`): the first pass over an archive reads nothing else, and a record
/// parsed so is not one to check or show.
pub(crate) fn parse_for_facts(text: &str, gaz: &Gazetteer) -> Record {
    parse_to(text, gaz, Depth::Facts)
}

/// Parses only the structure and the statements' speakers (panel turns resolved): what
/// `annotate` reads of a record outside the meetings it exports (who spoke, as whom, where), so
/// that its first pass over an archive skips the prose. A record parsed so is not one to check
/// or show: its country mentions, attributions and rosters are empty.
pub(crate) fn parse_for_speakers(text: &str, gaz: &Gazetteer) -> Record {
    let mut rec = parse_structure(text, gaz);
    // Only panel turns read the capitalised runs here: a record with none skips them.
    if mentions::has_panel_turns(&rec) {
        let name_runs = mentions::full_name_runs(text, &rec.paragraphs);
        mentions::resolve_panel_turns(text, gaz, &mut rec, &name_runs);
    }
    rec
}

/// How much of a record is recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Depth {
    /// Everything.
    Full,
    /// The masthead, title, sections and statements with their speakers (panel turns resolved),
    /// country mentions, and who the summaries and rosters say spoke. No instruments,
    /// references, agenda items, quotations, people named in prose, replies (who answered
    /// whom), nor an attribution's reach beyond its cue (its text, verb, claim, parties spoken
    /// for, party): `DocFacts::for_checks_of` reads none of them.
    Facts,
}

/// The one body of both parses, so that the facts of a record parsed either way cannot drift.
fn parse_to(text: &str, gaz: &Gazetteer, depth: Depth) -> Record {
    let mut rec = parse_structure(text, gaz);
    let name_runs = mentions::full_name_runs(text, &rec.paragraphs);
    mentions::recognise(text, gaz, &mut rec, &name_runs, depth);
    attribution::recognise(text, gaz, &mut rec, &name_runs, depth);
    rec
}

/// The structure of a record (masthead, title, sections, statements with their speakers): what
/// every parse starts from. The capitalised runs that may be full names
/// ([`mentions::full_name_runs`]) come after, for the parses that read them.
fn parse_structure(text: &str, gaz: &Gazetteer) -> Record {
    let spans = shape::paragraph_spans(text);
    // Every line becomes one paragraph (masthead, title block or body): sized once, not grown
    // a push at a time.
    let mut rec = Record {
        paragraphs: Vec::with_capacity(spans.len()),
        ..Record::default()
    };
    let body = layout::read_masthead(text, &spans, 0, &mut rec);
    let body = layout::read_title_block(text, &spans, body, &mut rec);
    if rec.header.organ.is_none() {
        rec.header.organ = rec
            .title
            .and_then(|t| shape::organ_in_title(t.text(text)))
            .map(str::to_string);
    }
    let mut reader = BodyReader::default();
    for &span in &spans[body..] {
        let kind = reader.classify(span.text(text), &rec.statements);
        reader.push(text, gaz, span, kind, &mut rec);
    }
    rec.summary = reader.summary;
    close_sections(&mut rec);
    rec
}

/// What a paragraph of the body is, given where the reader stands.
#[derive(Debug)]
enum BodyParagraph {
    Footer,
    Heading,
    /// A speaker's header opens a statement.
    StatementHeader(speaker::HeaderMatch),
    Summary,
    /// More of the statement with this index.
    Continuation(usize),
    /// The reporter's own paragraph among the statements.
    Narrative,
}

/// Where the reader of the body stands: the summary until the first heading or statement, then
/// sections and statements.
#[derive(Debug)]
struct BodyReader {
    in_summary: bool,
    section: Option<usize>,
    statement: Option<usize>,
    /// The previous paragraph was a speaker's (header or continuation), so this one may go on.
    last_was_speech: bool,
    summary: Option<Span>,
}

impl Default for BodyReader {
    fn default() -> Self {
        BodyReader {
            in_summary: true,
            section: None,
            statement: None,
            last_was_speech: false,
            summary: None,
        }
    }
}

impl BodyReader {
    /// What the paragraph `p` is, read from here.
    fn classify(&self, p: &str, statements: &[Statement]) -> BodyParagraph {
        if is_footer(p) {
            return BodyParagraph::Footer;
        }
        let header = speaker::parse_statement_header(p);
        if is_heading(p) && header.is_none() {
            return BodyParagraph::Heading;
        }
        // A record that is one statement ("Following are ... remarks") may have it in its
        // summary; a panel turn in the summary is prose that names a panellist.
        let opens = !self.in_summary || statements.is_empty();
        if let Some(h) =
            header.filter(|h| opens && (!self.in_summary || h.form != HeaderForm::PanelTurn))
        {
            return BodyParagraph::StatementHeader(h);
        }
        if self.in_summary {
            return BodyParagraph::Summary;
        }
        let Some(st) = self.statement else {
            return BodyParagraph::Narrative;
        };
        // A record that is one person's remarks has no reporter's paragraphs after them.
        let remarks = statements[st].form == HeaderForm::Remarks;
        if remarks || (self.last_was_speech && !is_narrative(p)) {
            BodyParagraph::Continuation(st)
        } else {
            BodyParagraph::Narrative
        }
    }

    /// Adds the paragraph to the record as `kind` says, and moves the reader on.
    fn push(
        &mut self,
        text: &str,
        gaz: &Gazetteer,
        span: Span,
        kind: BodyParagraph,
        rec: &mut Record,
    ) {
        let idx = rec.paragraphs.len();
        let (kind, section, statement) = match kind {
            BodyParagraph::Footer => {
                rec.footer = Some(span);
                self.statement = None;
                self.last_was_speech = false;
                (ParagraphKind::Footer, None, None)
            }
            BodyParagraph::Heading => {
                self.in_summary = false;
                self.statement = None;
                self.last_was_speech = false;
                let name = span.text(text);
                rec.sections.push(Section {
                    name: name.to_string(),
                    kind: SectionKind::of_heading(name),
                    heading: span,
                    span,
                });
                self.section = Some(rec.sections.len() - 1);
                (ParagraphKind::Heading, self.section, None)
            }
            BodyParagraph::StatementHeader(h) => {
                self.in_summary = false;
                let st = build_statement(text, gaz, span, &h, self.section, idx);
                rec.statements.push(st);
                self.statement = Some(rec.statements.len() - 1);
                self.last_was_speech = true;
                (ParagraphKind::StatementHeader, self.section, self.statement)
            }
            BodyParagraph::Summary => {
                self.summary = Some(self.summary.map_or(span, |s| s.cover(span)));
                (ParagraphKind::Summary, None, None)
            }
            BodyParagraph::Continuation(st) => {
                rec.statements[st].span = rec.statements[st].span.cover(span);
                rec.statements[st].paragraphs.push(idx);
                (ParagraphKind::Continuation, self.section, Some(st))
            }
            BodyParagraph::Narrative => {
                self.last_was_speech = false;
                (ParagraphKind::Narrative, self.section, None)
            }
        };
        rec.paragraphs.push(Paragraph {
            span,
            kind,
            section,
            statement,
        });
    }
}

/// Section spans run to the end of their last paragraph. One pass over the paragraphs: a record
/// may have thousands of sections.
fn close_sections(rec: &mut Record) {
    let mut ends: Vec<usize> = rec.sections.iter().map(|s| s.heading.end).collect();
    for p in &rec.paragraphs {
        if let Some(end) = p.section.and_then(|s| ends.get_mut(s)) {
            *end = (*end).max(p.span.end);
        }
    }
    for (section, end) in rec.sections.iter_mut().zip(ends) {
        section.span = Span::new(section.heading.start, end);
    }
}

fn build_statement(
    text: &str,
    gaz: &Gazetteer,
    span: Span,
    h: &speaker::HeaderMatch,
    section: Option<usize>,
    paragraph: usize,
) -> Statement {
    let base = span.start;
    let p = span.text(text);
    let name = h.name.shift(base);
    let affiliation = if let Some(paren) = h.parenthesized {
        Some(Affiliation {
            entity: gaz.lookup_entity(paren.text(p)).map(|(e, _)| e),
            span: paren.shift(base),
            source: AffiliationSource::Parentheses,
        })
    } else {
        h.role.and_then(|r| {
            speaker::descriptor_entity(gaz, p, r).map(|(e, at)| Affiliation {
                entity: Some(e),
                span: at.shift(base),
                source: AffiliationSource::Title,
            })
        })
    };
    let header_start = h.honorific.map_or(h.name.start, |(_, at)| at.start);
    Statement {
        span,
        header: Span::new(header_start, h.end).shift(base),
        name,
        honorific: h.honorific.map(|(hon, at)| (hon, at.shift(base))),
        form: h.form,
        affiliation,
        role: h.role.map(|r| r.shift(base)),
        on_behalf_of: h.on_behalf_of.map(|r| r.shift(base)),
        section,
        paragraphs: vec![paragraph],
        name_key: speaker::name_key(name.text(text)),
        full_name: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_fails_on_odd_input() {
        for t in [
            "",
            "\n\n",
            "x",
            "(((",
            "Mr.",
            "MR. (",
            "A (B",
            "\u{feff}",
            "Skip to main content\n",
        ] {
            let _ = parse(t);
        }
    }

    #[test]
    fn masthead_after_site_boilerplate_and_blank_lines() {
        let text = "\n\nIn progress at UNHQ\n\nSkip to main content\n\n\nSeventy-eighth Session,\n14th Meeting (AM)\nGA/EF/3590\n\nSecond Committee Hears Calls\n\nThe Committee met.  (See Press Release GA/EF/3589.)\n";
        let rec = parse(text);
        assert_eq!(rec.header.symbol(), Some("GA/EF/3590"));
        assert_eq!(rec.header.session_number(), Some(78));
        assert_eq!(rec.header.meetings, vec![14]);
        assert_eq!(rec.noise.len(), 2);
        let refs: Vec<&str> = rec.references.iter().map(|r| r.symbol.as_str()).collect();
        assert_eq!(refs, vec!["GA/EF/3589"]);
    }

    #[test]
    fn older_layout_symbol_date_and_repeated_title() {
        let title = "ASSEMBLY CONTINUES GENERAL DEBATE, HEARS CALLS FOR REFORM OF SECURITY COUNCIL AND RELIEF FROM DEBT";
        let text = format!(
            "{title}\nPress Release\nGA/9460\n{title}\n19981005 Speakers Also Address Financial Crisis in Asia\n\nThe General Assembly this morning continued its debate.\n"
        );
        let rec = parse(&text);
        assert_eq!(rec.header.symbol(), Some("GA/9460"));
        assert_eq!(
            rec.header.date.as_ref().map(|d| d.0.as_str()),
            Some("1998-10-05")
        );
        assert_eq!(rec.header.date.as_ref().unwrap().1.text(&text), "19981005");
        assert_eq!(rec.title.unwrap().text(&text), title);
        assert_eq!(
            rec.subtitle.unwrap().text(&text),
            "Speakers Also Address Financial Crisis in Asia"
        );
        let kinds: Vec<ParagraphKind> = rec.paragraphs.iter().map(|p| p.kind).collect();
        use ParagraphKind::*;
        assert_eq!(kinds, vec![Title, Header, Header, Title, Subtitle, Summary]);
        assert!(rec.references.is_empty(), "{:?}", rec.references);

        // Pages that go on with the session and meeting.
        let text = format!(
            "{title}\nPress Release\nGA/9460\n{title}\n19981005\nFifty-third General Assembly\nPlenary\n21st Meeting (AM)\n\nThe General Assembly met.\n"
        );
        let rec = parse(&text);
        assert_eq!(
            rec.header.describe(),
            "session 53, meeting 21 (AM), GA/9460, 1998-10-05"
        );
        // The title printed again in mixed case, and twice: layout, never editorial text.
        let again = format!(
            "{title}\nPress Release\nGA/9460\n{}\n{title}\n19981005 Subtitle Words Here\n\nThe Assembly met.\n",
            title.to_lowercase()
        );
        let again_rec = parse(&again);
        let titles = again_rec
            .paragraphs
            .iter()
            .filter(|p| p.kind == ParagraphKind::Title)
            .count();
        assert_eq!(titles, 3);
        assert_eq!(again_rec.header.date.as_ref().unwrap().0, "1998-10-05");
        assert!(rec.subtitle.is_none());
        assert_eq!(
            rec.summary.unwrap().text(&text),
            "The General Assembly met."
        );
    }

    #[test]
    fn own_symbol_is_never_a_reference() {
        let text = "Seventy-fifth Session,\n10th Meeting (AM)\nGA/L/3613\n\nSixth Committee Debates\n\nAs reported in GA/L/3613 and (See Press Release GA/L/3612.)\n";
        let rec = parse(text);
        assert_eq!(rec.header.symbol(), Some("GA/L/3613"));
        let refs: Vec<&str> = rec.references.iter().map(|r| r.symbol.as_str()).collect();
        assert_eq!(refs, vec!["GA/L/3612"]);
    }

    #[test]
    fn a_record_without_masthead_keeps_its_references() {
        let text = "Security Council Hears Briefing on Sahel\n\nThe Council heard a briefing.  (See Press Release SC/16043.)\n";
        let rec = parse(text);
        assert_eq!(rec.header.symbol(), None);
        assert!(rec.header.span().is_none());
        let refs: Vec<&str> = rec.references.iter().map(|r| r.symbol.as_str()).collect();
        assert_eq!(refs, vec!["SC/16043"]);
        // Any series after "Press Release", and a document is not one.
        let rec = parse("Headline\n\n(See Press Releases ABC/DEF/123 and document A/76/L.11.)\n");
        let refs: Vec<&str> = rec
            .references
            .iter()
            .filter(|r| r.kind == ReferenceKind::PressRelease)
            .map(|r| r.symbol.as_str())
            .collect();
        assert_eq!(refs, vec!["ABC/DEF/123"]);
    }
}
