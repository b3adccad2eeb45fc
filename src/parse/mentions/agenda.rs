//! Agenda items under consideration: by number ("agenda item 73", "agenda items 73 (a) and 74")
//! and by title, as the Security Council names its items ("the agenda item “Maintenance of
//! international peace and security”").

use std::sync::LazyLock;

use regex::Regex;

use crate::record::{AgendaItem, Paragraph, ParagraphKind};
use crate::span::Span;
use crate::text::ThreadRegex;

static ITEM: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"(?-u:\b)[Aa]genda items?\s+(?:entitled\s+)?(?:(\d{1,3})(?:\s*\(([a-z])\))?|“([^”]{3,200})”)")
        .unwrap()
});
/// The next number of a list after "agenda items": ", 74 (b) and 75".
static NEXT_ITEM: ThreadRegex =
    ThreadRegex::new(|| Regex::new(r"^(?:,\s*|,?\s+and\s+)(\d{1,3})(?:\s*\(([a-z])\))?").unwrap());

/// The words every match of [`ITEM`] holds, its searcher built once: building one per paragraph
/// cost more than the search.
static ITEM_WORDS: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("genda item"));

/// Whether a paragraph holds the words of an agenda item, as [`ITEM`] needs.
fn names_an_item(ptext: &str) -> bool {
    ITEM_WORDS.find(ptext.as_bytes()).is_some()
}

/// The agenda items of a record's paragraphs outside the masthead, in text order.
pub(super) fn agenda_items(text: &str, paragraphs: &[Paragraph]) -> Vec<AgendaItem> {
    let mut out = Vec::new();
    for p in paragraphs
        .iter()
        .filter(|p| p.kind != ParagraphKind::Header)
    {
        let ptext = p.span.text(text);
        if !names_an_item(ptext) {
            continue;
        }
        in_paragraph(ptext, p.span.start, &mut out);
    }
    out
}

fn in_paragraph(ptext: &str, base: usize, out: &mut Vec<AgendaItem>) {
    for c in ITEM.captures_iter(ptext) {
        let whole = c.get(0).unwrap();
        let Some(n) = c.get(1) else {
            let title = c.get(3).unwrap().as_str();
            out.push(AgendaItem {
                span: Span::new(whole.start(), whole.end()).shift(base),
                item: title.trim_end_matches([',', '.']).to_string(),
            });
            continue;
        };
        out.push(AgendaItem {
            span: Span::new(whole.start(), whole.end()).shift(base),
            item: number(n.as_str(), c.get(2).map(|m| m.as_str())),
        });
        let mut end = whole.end();
        while let Some(next) = NEXT_ITEM.captures(&ptext[end..]) {
            let m = next.get(0).unwrap();
            let n = next.get(1).unwrap();
            out.push(AgendaItem {
                span: Span::new(end + n.start(), end + m.end()).shift(base),
                item: number(n.as_str(), next.get(2).map(|m| m.as_str())),
            });
            end += m.end();
        }
    }
}

/// An item's number as its key: "73", "73(a)".
fn number(n: &str, sub: Option<&str>) -> String {
    match sub {
        Some(s) => format!("{n}({s})"),
        None => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(p: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        in_paragraph(p, 0, &mut out);
        out.into_iter()
            .map(|i| (i.span.text(p).to_string(), i.item))
            .collect()
    }

    #[test]
    fn the_searcher_built_once_finds_the_words_of_items() {
        let mut texts: Vec<String> = Vec::new();
        for text in crate::text::seed_texts() {
            texts.extend(text.lines().map(str::to_string));
        }
        let pieces = [
            "genda item",
            "Agenda items",
            "genda ite",
            "a",
            "g",
            " ",
            "é",
            "item",
        ];
        texts.extend(crate::text::random_texts(
            &pieces,
            0x9e37_79b9_7f4a_7c15,
            10,
            5000,
        ));
        let mut found = 0;
        for t in &texts {
            let built_here = memchr::memmem::find(t.as_bytes(), b"genda item").is_some();
            found += usize::from(built_here);
            assert_eq!(names_an_item(t), built_here, "{t:?}");
        }
        assert!(found > 1000, "the texts name agenda items: {found}");
    }

    #[test]
    fn items_by_number_list_and_title() {
        assert_eq!(
            items("under agenda items 73 (a), 74 and 75 today"),
            [
                ("agenda items 73 (a)".to_string(), "73(a)".to_string()),
                ("74".to_string(), "74".to_string()),
                ("75".to_string(), "75".to_string()),
            ]
        );
        assert_eq!(
            items("under the agenda item “The situation in the Middle East”."),
            [(
                "agenda item “The situation in the Middle East”".to_string(),
                "The situation in the Middle East".to_string()
            )]
        );
        assert!(items("the items on its agenda").is_empty());
    }
}
