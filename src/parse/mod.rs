//! `parse(&str) -> Record`: the structure of a meeting-coverage record (masthead, title, summary,
//! sections, statements) and everything recognised in it. Never fails; pure over byte spans.

pub mod attribution;
pub mod header;
pub mod mentions;
pub mod speaker;

use crate::knowledge::Gazetteer;
use crate::record::*;
use crate::span::Span;
use crate::text::{FoldedText, normalize_for_compare};

/// Parses a record with the built-in knowledge.
pub fn parse(text: &str) -> Record {
    parse_with(text, &Gazetteer::builtin())
}

/// Splits a text into paragraphs: maximal runs of non-blank lines would merge wrapped text, but
/// records put one paragraph on a line, so each non-blank line is one paragraph.
pub fn paragraph_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let lead = content.len() - content.trim_start().len();
        let trimmed = content.trim();
        if !trimmed.is_empty() {
            let s = start + lead;
            out.push(Span::new(s, s + trimmed.len()));
        }
        start = end;
    }
    out
}

fn is_footer(p: &str) -> bool {
    p.get(..21)
        .is_some_and(|h| h.eq_ignore_ascii_case("for information media"))
        || p.starts_with("* *** *")
}

/// Small words a heading may keep in lower case.
const HEADING_SMALL_WORDS: &[&str] = &[
    "of", "and", "the", "on", "in", "for", "to", "a", "an", "by", "with", "at", "from", "before",
    "after", "under", "as", "or", "vs", "into",
];

/// A section heading is known by its shape: short, capitalised like a title, no sentence
/// punctuation at the end.
pub fn is_heading(p: &str) -> bool {
    let chars = p.chars().count();
    if chars == 0 || chars > 80 {
        return false;
    }
    if !p.chars().next().is_some_and(|c| c.is_uppercase()) {
        return false;
    }
    if p.ends_with(['.', ',', ';', ':', '!', '?', '”', '"', '’', ')']) {
        return false;
    }
    let words: Vec<&str> = p.split_whitespace().collect();
    if words.len() > 9 {
        return false;
    }
    // All capitals and longer than a couple of words is a name or a shouted title, not a heading.
    if words.len() > 3
        && p.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    {
        return false;
    }
    words.iter().all(|w| {
        let first = w.chars().next().unwrap();
        first.is_uppercase()
            || first.is_ascii_digit()
            || first == '('
            || first == '‘'
            || first == '“'
            || HEADING_SMALL_WORDS.contains(&w.to_lowercase().as_str())
    })
}

/// Whether a paragraph among the statements is the reporter's (a panel narrative, a reported
/// delegation) rather than the previous speaker's continued speech.
fn is_narrative(p: &str) -> bool {
    const OPENERS: &[&str] = &[
        "The representative",
        "The representatives",
        "A representative",
        "Representatives",
        "The delegate",
        "The delegation",
        "The speaker for",
        "The observer",
        "Also ",
        "In the ensuing",
        "When the floor",
        "The Assembly",
        "The General Assembly",
        "The Council",
        "The Security Council",
        "The Committee",
        "The Commission",
        "The panellists",
        "The panelists",
        "The panel",
        "Prior to",
        "Opening the",
        "Responding to",
        "Others",
        "Many speakers",
        "Some speakers",
        "Several speakers",
        "Other speakers",
        "Speakers",
        "Delegates",
        "During the",
        "Acting without a vote",
        "Speaking in the exercise",
        "Speaking in exercise",
        "In the afternoon",
        "In the morning",
        "Meanwhile, the representative",
        "Chaired by",
        "The meeting",
        "The discussion",
        "The dialogue",
        "Following the",
        "Introducing",
    ];
    if OPENERS.iter().any(|o| p.starts_with(o)) {
        return true;
    }
    let head: String = p.chars().take(160).collect();
    attribution::starts_with_cue(&head)
}

/// Parses with a given gazetteer (the built-in one plus a workspace's additions).
pub fn parse_with(text: &str, gaz: &Gazetteer) -> Record {
    let mut rec = Record::default();
    let spans = paragraph_spans(text);
    let mut i = 0;

    // Site boilerplate and masthead.
    while i < spans.len() {
        let p = spans[i].text(text);
        if header::is_scrape_noise(p) {
            rec.noise.push(spans[i]);
            push_kind(&mut rec, spans[i], ParagraphKind::Noise);
            i += 1;
            continue;
        }
        let m = header::parse_masthead_line(p);
        if m.is_empty() {
            break;
        }
        apply_masthead_line(&mut rec, m, spans[i]);
        i += 1;
    }

    // Title and subtitle: the older layout's own arrangement, else the title and an optional
    // subtitle under the masthead.
    if rec.header.span().is_none()
        && let Some(next) = read_older_layout(text, &spans, i, &mut rec)
    {
        i = next;
    } else if i < spans.len() && !is_footer(spans[i].text(text)) {
        rec.title = Some(spans[i]);
        push_kind(&mut rec, spans[i], ParagraphKind::Title);
        i += 1;
        if i < spans.len() && looks_like_subtitle(spans[i].text(text)) {
            rec.subtitle = Some(spans[i]);
            push_kind(&mut rec, spans[i], ParagraphKind::Subtitle);
            i += 1;
        }
    }
    if rec.header.organ.is_none() {
        rec.header.organ = rec
            .title
            .and_then(|t| organ_in_title(t.text(text)))
            .map(str::to_string);
    }

    // Body: summary until the first heading or statement, then sections and statements.
    let mut in_summary = true;
    let mut current_section: Option<usize> = None;
    let mut current_statement: Option<usize> = None;
    let mut last_was_speech = false;
    let mut summary_span: Option<Span> = None;
    for &span in &spans[i..] {
        let p = span.text(text);
        let idx = rec.paragraphs.len();
        if is_footer(p) {
            rec.footer = Some(span);
            rec.paragraphs.push(Paragraph {
                span,
                kind: ParagraphKind::Footer,
                section: None,
                statement: None,
            });
            current_statement = None;
            last_was_speech = false;
            continue;
        }
        let parsed_header = speaker::parse_statement_header(p);
        if is_heading(p) && parsed_header.is_none() {
            in_summary = false;
            current_statement = None;
            last_was_speech = false;
            rec.sections.push(Section {
                name: p.to_string(),
                heading: span,
                span,
            });
            current_section = Some(rec.sections.len() - 1);
            rec.paragraphs.push(Paragraph {
                span,
                kind: ParagraphKind::Heading,
                section: current_section,
                statement: None,
            });
            continue;
        }
        // A record that is one statement ("Following are ... remarks") may have it in its summary.
        let header_match = if in_summary && !rec.statements.is_empty() {
            None
        } else {
            parsed_header
        };
        if let Some(h) = header_match.filter(|h| !in_summary || h.form != HeaderForm::PanelTurn) {
            in_summary = false;
            let st = build_statement(text, gaz, span, &h, current_section, idx);
            rec.statements.push(st);
            current_statement = Some(rec.statements.len() - 1);
            last_was_speech = true;
            rec.paragraphs.push(Paragraph {
                span,
                kind: ParagraphKind::StatementHeader,
                section: current_section,
                statement: current_statement,
            });
            if h.form == HeaderForm::Remarks {
                // Everything after the remarks line is the remarks.
                in_summary = false;
            }
            continue;
        }
        if in_summary {
            summary_span = Some(summary_span.map_or(span, |s| s.cover(span)));
            rec.paragraphs.push(Paragraph {
                span,
                kind: ParagraphKind::Summary,
                section: None,
                statement: None,
            });
            continue;
        }
        // A record that is one person's remarks has no reporter's paragraphs after them.
        let remarks =
            current_statement.is_some_and(|s| rec.statements[s].form == HeaderForm::Remarks);
        let continuation =
            remarks || (last_was_speech && current_statement.is_some() && !is_narrative(p));
        if continuation {
            let st = current_statement.unwrap();
            rec.statements[st].span = rec.statements[st].span.cover(span);
            rec.statements[st].paragraphs.push(idx);
            rec.paragraphs.push(Paragraph {
                span,
                kind: ParagraphKind::Continuation,
                section: current_section,
                statement: current_statement,
            });
        } else {
            last_was_speech = false;
            rec.paragraphs.push(Paragraph {
                span,
                kind: ParagraphKind::Narrative,
                section: current_section,
                statement: None,
            });
        }
    }
    rec.summary = summary_span;

    // Section spans run to the end of their last paragraph.
    // One pass over the paragraphs: a record may have thousands of sections.
    let mut ends: Vec<usize> = rec.sections.iter().map(|s| s.heading.end).collect();
    for p in &rec.paragraphs {
        if let Some(end) = p.section.and_then(|s| ends.get_mut(s)) {
            *end = (*end).max(p.span.end);
        }
    }
    for (section, end) in rec.sections.iter_mut().zip(ends) {
        section.span = Span::new(section.heading.start, end);
    }

    // Recognition over the whole text.
    let folded = FoldedText::with_lower_starts(text, &gaz.lower_first);
    mentions::recognise(text, &folded, gaz, &mut rec);
    attribution::recognise(text, gaz, &mut rec);
    rec
}

/// A paragraph of the masthead or title block, which belongs to no section or statement.
fn push_kind(rec: &mut Record, span: Span, kind: ParagraphKind) {
    rec.paragraphs.push(Paragraph {
        span,
        kind,
        section: None,
        statement: None,
    });
}

/// Records what one masthead line says, and the line as part of the masthead.
fn apply_masthead_line(rec: &mut Record, m: header::MastheadLine, line: Span) {
    let base = line.start;
    if let Some((n, (s, e))) = m.session {
        rec.header.session = Some((n, Span::new(base + s, base + e)));
        rec.header.session_by_year = m.session_by_year;
        rec.header.resumed = m.resumed;
    }
    if !m.meetings.is_empty() {
        rec.header.meetings = m.meetings;
        rec.header.meeting_span = m.meeting_range.map(|(s, e)| Span::new(base + s, base + e));
        rec.header.period = m.period;
    }
    if let Some((sym, (s, e))) = m.symbol {
        set_symbol(rec, sym, Span::new(base + s, base + e));
    }
    push_kind(rec, line, ParagraphKind::Header);
}

fn set_symbol(rec: &mut Record, symbol: String, span: Span) {
    rec.header.organ = header::organ_of_symbol(&symbol).map(str::to_string);
    rec.header.symbol = Some((symbol, span));
}

/// The older layout (pages of the 1990s and 2000s): the title in capitals, a line "Press
/// Release", the symbol, the title again, then a line opening with the date as eight digits
/// followed by the subtitle. The symbol is the record's own and the date the record's; the
/// repeated title is the page's layout, so it is kept as a title, out of the editorial text.
/// Returns the index of the first paragraph after the title block, or `None` (nothing consumed)
/// when the record is not in that layout.
fn read_older_layout(text: &str, spans: &[Span], start: usize, rec: &mut Record) -> Option<usize> {
    let title = *spans.get(start)?;
    if !header::is_capitals_title(title.text(text)) {
        return None;
    }
    let mut i = start + 1;
    let press_release = spans
        .get(i)
        .filter(|s| header::is_press_release_line(s.text(text)))
        .copied();
    if press_release.is_some() {
        i += 1;
    }
    let symbol = *spans
        .get(i)
        .filter(|s| header::is_symbol_line(s.text(text)))?;
    i += 1;
    rec.title = Some(title);
    push_kind(rec, title, ParagraphKind::Title);
    if let Some(pr) = press_release {
        push_kind(rec, pr, ParagraphKind::Header);
    }
    set_symbol(rec, symbol.text(text).to_string(), symbol);
    push_kind(rec, symbol, ParagraphKind::Header);

    // The title again (in any case, as often as the page prints it) and the date line, in
    // either order.
    let title_key = normalize_for_compare(title.text(text));
    let mut dated = false;
    while let Some(&span) = spans.get(i) {
        let p = span.text(text);
        if normalize_for_compare(p) == title_key {
            push_kind(rec, span, ParagraphKind::Title);
        } else if !dated && let Some((date, len)) = header::eight_digit_date(p) {
            dated = true;
            rec.header.date = Some((date, Span::new(span.start, span.start + len)));
            let rest = &p[len..];
            let lead = rest.len() - rest.trim_start().len();
            if rest.trim().is_empty() {
                push_kind(rec, span, ParagraphKind::Header);
            } else {
                let sub = Span::new(span.start + len + lead, span.end);
                rec.subtitle = Some(sub);
                push_kind(rec, span, ParagraphKind::Subtitle);
            }
        } else {
            break;
        }
        i += 1;
    }
    // Some pages go on with "Fifty-third General Assembly", "Plenary", "21st Meeting (AM)".
    while let Some(&span) = spans.get(i) {
        let p = span.text(text);
        if p.trim().eq_ignore_ascii_case("plenary") {
            push_kind(rec, span, ParagraphKind::Header);
        } else {
            let m = header::parse_masthead_line(p);
            if m.is_empty() || (m.symbol.is_some() && rec.header.symbol.is_some()) {
                break;
            }
            apply_masthead_line(rec, m, span);
        }
        i += 1;
    }
    Some(i)
}

fn looks_like_subtitle(p: &str) -> bool {
    if p.chars().count() > 400
        || p.ends_with(['.', ':'])
        || speaker::parse_statement_header(p).is_some()
    {
        return false;
    }
    let words: Vec<&str> = p.split_whitespace().collect();
    if words.len() < 3 {
        return false;
    }
    let long: Vec<&&str> = words.iter().filter(|w| w.chars().count() > 3).collect();
    let capitalised = long
        .iter()
        .filter(|w| {
            w.trim_start_matches(['‘', '“', '\'', '"', '('])
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        })
        .count();
    !long.is_empty() && capitalised * 10 >= long.len() * 7
}

fn organ_in_title(title: &str) -> Option<&'static str> {
    let l = title.to_lowercase();
    [
        ("security council", "Security Council"),
        ("third committee", "General Assembly Third Committee"),
        ("economic and social council", "Economic and Social Council"),
        ("general assembly", "General Assembly"),
    ]
    .into_iter()
    .find(|(k, _)| l.contains(k))
    .map(|(_, v)| v)
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
    let to_span = |(s, e): (usize, usize)| Span::new(base + s, base + e);
    let name = to_span(h.name);
    let affiliation = if let Some(paren) = h.parenthesized {
        let inner = &p[paren.0..paren.1];
        Some(Affiliation {
            entity: gaz.lookup_entity(inner).map(|(e, _)| e),
            span: to_span(paren),
            source: AffiliationSource::Parentheses,
        })
    } else {
        h.role.and_then(|r| {
            speaker::descriptor_entity(gaz, p, r).map(|(e, range)| Affiliation {
                entity: Some(e),
                span: to_span(range),
                source: AffiliationSource::Title,
            })
        })
    };
    Statement {
        span,
        header: Span::new(base + h.honorific.map_or(h.name.0, |x| x.1.0), base + h.end),
        name,
        honorific: h.honorific.map(|(hon, r)| (hon, to_span(r))),
        form: h.form,
        affiliation,
        role: h.role.map(to_span),
        on_behalf_of: h.on_behalf_of.map(to_span),
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
    fn headings_by_shape() {
        for h in [
            "Opening Remarks",
            "Statements",
            "Action",
            "Panel I",
            "Panel Discussion I",
            "Right of Reply",
            "Summaries of Panel Discussions",
            "Introduction of Draft Resolution",
            "Briefings",
        ] {
            assert!(is_heading(h), "{h}");
        }
        for p in [
            "The Assembly will reconvene at 10 a.m.",
            "For information media. Not an official record.",
            "RÓBERT CHATRNÚCH (Slovakia) said",
            "the small print",
        ] {
            assert!(!is_heading(p), "{p}");
        }
    }

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
