//! Selection ranges (expand selection): word → mention (a name, country, instrument, symbol,
//! quotation, cue) → sentence → paragraph → statement → section → record, each range holding
//! the one before. Pure; any offset answers, at worst with the record.

use crate::span::Span;
use crate::text::clamp_to_char_boundary;
use crate::workspace::{FileId, Workspace};

/// Words before a full stop that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Ms", "Mrs", "Dr", "No", "Nos", "St", "Jr", "Sr", "Prof", "Amb", "Gen", "para", "paras",
    "art", "vol", "p", "pp", "e.g", "i.e", "U.S", "U.N",
];

/// The ranges around `offset`, innermost first; each strictly holds the one before. Empty for
/// an unknown record.
pub fn selection_ranges(ws: &Workspace, file: FileId, offset: usize) -> Vec<Span> {
    let Some(doc) = ws.get(file) else {
        return Vec::new();
    };
    let text = &*doc.text;
    let rec = &doc.record;
    let offset = clamp_to_char_boundary(text, offset.min(text.len()));
    let word = word_at(text, offset);
    let mut candidates = vec![word];
    candidates.extend(mention_spans(doc).filter(|s| s.contains_span(word)));
    if let Some(p) = rec.paragraph_at(offset).map(|i| rec.paragraphs[i].span) {
        candidates.push(sentence_at(text, p, offset));
        candidates.push(p);
    }
    candidates.extend(rec.statements.iter().map(|s| s.span));
    candidates.extend(rec.sections.iter().map(|s| s.span));
    candidates.push(Span::new(0, text.len()));
    candidates.retain(|s| s.contains_span(word));
    candidates.sort_by_key(|s| (s.len(), s.start));
    let mut out: Vec<Span> = Vec::new();
    for s in candidates {
        match out.last() {
            Some(last) if !(s.contains_span(*last) && s.len() > last.len()) => {}
            _ => out.push(s),
        }
    }
    out
}

/// The spans a record gives names and references: what "mention" means here.
fn mention_spans(doc: &crate::workspace::Document) -> impl Iterator<Item = Span> + '_ {
    let rec = &doc.record;
    let header = [
        rec.header.symbol.as_ref().map(|s| s.1),
        rec.header.session.map(|s| s.1),
        rec.header.meeting_span,
        rec.header.date.as_ref().map(|d| d.1),
        rec.title,
        rec.subtitle,
    ];
    let statements = rec.statements.iter().flat_map(|s| {
        let name = s.honorific.map_or(s.name, |(_, h)| h.cover(s.name));
        [
            Some(s.name),
            Some(name),
            Some(s.header),
            s.affiliation.map(|a| a.span),
            s.role,
            s.on_behalf_of,
        ]
    });
    header
        .into_iter()
        .chain(statements)
        .flatten()
        .chain(rec.countries.iter().map(|c| c.span))
        .chain(rec.instruments.iter().map(|m| m.span))
        .chain(rec.references.iter().map(|r| r.span))
        .chain(rec.quotations.iter().flat_map(|q| [q.inner, q.span]))
        .chain(rec.attributions.iter().map(|a| a.cue))
        .chain(rec.persons.iter().map(|p| p.span))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `c` joins two word characters into one word ("Bien-Aimé", "A/RES/76/7"); an
/// apostrophe does not, so that "Slovakia’s" selects the country first.
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '‑' | '/' | '.')
}

/// The word at `offset` (the one ending there when none starts there); an empty span between
/// two spaces.
fn word_at(text: &str, offset: usize) -> Span {
    let after = text[offset..].chars().next().is_some_and(is_word_char);
    let before = text[..offset].chars().next_back().is_some_and(is_word_char);
    if !after && !before {
        return Span::new(offset, offset);
    }
    let mut start = offset;
    let mut rest = text[..offset].char_indices().rev().peekable();
    while let Some((i, c)) = rest.next() {
        let joined = is_joiner(c)
            && rest.peek().is_some_and(|&(_, p)| is_word_char(p))
            && text[i + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(is_word_char);
        if !is_word_char(c) && !joined {
            break;
        }
        start = i;
    }
    let mut end = offset;
    let mut chars = text[offset..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let joined =
            is_joiner(c) && end > start && chars.peek().is_some_and(|&(_, n)| is_word_char(n));
        if !is_word_char(c) && !joined {
            break;
        }
        end = offset + i + c.len_utf8();
    }
    Span::new(start, end)
}

/// The sentence of paragraph `para` holding `offset`: up to a full stop, question or
/// exclamation mark (and closing quotes or parentheses) followed by a space, not after an
/// abbreviation or an initial. Trailing spaces are left out.
fn sentence_at(text: &str, para: Span, offset: usize) -> Span {
    let p = para.text(text);
    let mut start = 0;
    let mut chars = p.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '?' | '!') || (c == '.' && is_abbreviation(&p[..i])) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, q)) = chars.peek() {
            if !matches!(q, '”' | '’' | '"' | '\'' | ')' | ']') {
                break;
            }
            end = j + q.len_utf8();
            chars.next();
        }
        if !p[end..].starts_with(char::is_whitespace) {
            continue;
        }
        if para.start + end >= offset {
            return Span::new(para.start + start, para.start + end);
        }
        start = end + (p[end..].len() - p[end..].trim_start().len());
    }
    Span::new(
        para.start + start,
        para.start + p.trim_end().len().max(start),
    )
}

/// Whether the text before a full stop ends with an abbreviation or a one-letter initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    word.chars().count() == 1 && word.chars().all(char::is_uppercase)
        || ABBREVIATIONS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::selection_ranges;
    use crate::test_fixture::Fixture;

    /// The ranges around `$0`, innermost first, each drawn on the lines it covers (the record and
    /// any range of several lines by its first and last line).
    fn ranges(fixture: &str) -> String {
        let fx = Fixture::new(fixture);
        let doc = fx.ws.get(fx.file).unwrap();
        selection_ranges(&fx.ws, fx.file, fx.offset)
            .iter()
            .map(|s| {
                let t = s.text(&doc.text);
                let lines: Vec<&str> = t.lines().collect();
                match lines.as_slice() {
                    [one] => format!("{one}\n"),
                    [first, .., last] => format!("{first} … {last}\n"),
                    [] => "(empty)\n".to_string(),
                }
            })
            .collect()
    }

    #[test]
    fn word_mention_sentence_paragraph_statement_section_record() {
        let out = ranges(
            r#"
            Seventy-sixth Session,
            38th Meeting (AM)
            GA/12388

            General Assembly Continues Appraisal of Global Plan of Action against Trafficking

            Statements

            RÓBERT CHATRNÚCH (Slovakia) said Mr. A. Smith of Slovakia’s delegation was here.  He welcomed the Political Decla$0ration today.

            He also said the Political Declaration matters.

            IVAN ŠIMONOVIĆ (Croatia) labelled trafficking in persons a modern form of slavery.
            "#,
        );
        insta::assert_snapshot!(out, @r"
        Declaration
        Political Declaration
        He welcomed the Political Declaration today.
        RÓBERT CHATRNÚCH (Slovakia) said Mr. A. Smith of Slovakia’s delegation was here.  He welcomed the Political Declaration today.
        RÓBERT CHATRNÚCH (Slovakia) said Mr. A. Smith of Slovakia’s delegation was here.  He welcomed the Political Declaration today. … He also said the Political Declaration matters.
        Statements … IVAN ŠIMONOVIĆ (Croatia) labelled trafficking in persons a modern form of slavery.
        Seventy-sixth Session, … IVAN ŠIMONOVIĆ (Croatia) labelled trafficking in persons a modern form of slavery.
        ");
    }

    #[test]
    fn any_offset_answers() {
        let fx = Fixture::new("GA/12388\n\nA said so.  B said no.\n");
        let doc = fx.ws.get(fx.file).unwrap();
        for o in 0..=doc.text.len() + 3 {
            let r = selection_ranges(&fx.ws, fx.file, o);
            assert!(!r.is_empty());
            assert!(
                r.windows(2)
                    .all(|w| w[1].contains_span(w[0]) && w[1] != w[0])
            );
        }
    }
}
