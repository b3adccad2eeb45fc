//! The lines above a record's body: site boilerplate, the masthead (session, meetings, symbol),
//! the title and subtitle, and the older layout's title block with its eight-digit date. Each
//! reader takes the index of the first paragraph it may read and returns the first it left.

use super::header::{self, MastheadLine};
use super::shape::{is_footer, looks_like_subtitle};
use crate::record::*;
use crate::span::Span;
use crate::text::normalize_for_compare;

/// Site boilerplate and masthead lines from `start`; returns the first paragraph after them.
pub(super) fn read_masthead(text: &str, spans: &[Span], start: usize, rec: &mut Record) -> usize {
    let mut i = start;
    while let Some(&span) = spans.get(i) {
        let p = span.text(text);
        if header::is_scrape_noise(p) {
            rec.noise.push(span);
            push_kind(rec, span, ParagraphKind::Noise);
        } else {
            let m = header::parse_masthead_line(p);
            if m.is_empty() {
                break;
            }
            apply_masthead_line(rec, m, span);
        }
        i += 1;
    }
    i
}

/// Title and subtitle: the older layout's own arrangement, else the title and an optional
/// subtitle under the masthead. Returns the first paragraph of the body.
pub(super) fn read_title_block(
    text: &str,
    spans: &[Span],
    start: usize,
    rec: &mut Record,
) -> usize {
    if rec.header.span().is_none()
        && let Some(next) = read_older_layout(text, spans, start, rec)
    {
        return next;
    }
    let mut i = start;
    let Some(&title) = spans.get(i).filter(|s| !is_footer(s.text(text))) else {
        return i;
    };
    rec.title = Some(title);
    push_kind(rec, title, ParagraphKind::Title);
    i += 1;
    if let Some(&sub) = spans.get(i).filter(|s| looks_like_subtitle(s.text(text))) {
        rec.subtitle = Some(sub);
        push_kind(rec, sub, ParagraphKind::Subtitle);
        i += 1;
    }
    i
}

/// A paragraph of the masthead or title block, which belongs to no section or statement.
pub(super) fn push_kind(rec: &mut Record, span: Span, kind: ParagraphKind) {
    rec.paragraphs.push(Paragraph {
        span,
        kind,
        section: None,
        statement: None,
    });
}

/// Records what one masthead line says, and the line as part of the masthead.
fn apply_masthead_line(rec: &mut Record, m: MastheadLine, line: Span) {
    let base = line.start;
    if let Some((n, at)) = m.session {
        rec.header.session = Some((n, at.shift(base)));
        rec.header.session_by_year = m.session_by_year;
        rec.header.resumed = m.resumed;
    }
    if !m.meetings.is_empty() {
        rec.header.meetings = m.meetings;
        rec.header.meeting_span = m.meeting_range.map(|r| r.shift(base));
        rec.header.period = m.period;
    }
    if let Some((sym, at)) = m.symbol {
        set_symbol(rec, sym, at.shift(base));
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
    let i = read_repeated_title_and_date(text, spans, i, title, rec);
    Some(read_older_masthead(text, spans, i, rec))
}

/// The title again (in any case, as often as the page prints it) and the date line, in either
/// order; returns the first paragraph after them.
fn read_repeated_title_and_date(
    text: &str,
    spans: &[Span],
    start: usize,
    title: Span,
    rec: &mut Record,
) -> usize {
    let title_key = normalize_for_compare(title.text(text));
    let mut dated = false;
    let mut i = start;
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
                rec.subtitle = Some(Span::new(span.start + len + lead, span.end));
                push_kind(rec, span, ParagraphKind::Subtitle);
            }
        } else {
            break;
        }
        i += 1;
    }
    i
}

/// Some older pages go on with "Fifty-third General Assembly", "Plenary", "21st Meeting (AM)";
/// returns the first paragraph after them.
fn read_older_masthead(text: &str, spans: &[Span], start: usize, rec: &mut Record) -> usize {
    let mut i = start;
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
    i
}
