//! Cross-references in a record's text: press releases ("(See Press Release GA/12387.)"),
//! resolutions ("A/RES/75/283", "resolution 2331 (2016)") and documents ("A/76/L.11"), outside
//! the masthead and never the record's own symbol.

use std::sync::LazyLock;

use regex::Regex;

use crate::parse::header::{ANY_PRESS_SYMBOL, PRESS_SYMBOL};
use crate::record::*;
use crate::span::Span;
use crate::text::ThreadRegex;

/// How far after "Press Release(s)" its list of symbols is read, in bytes, when no ')' or ';'
/// closes it sooner: a few symbols ("GA/12387, GA/12388 and GA/12389").
const PRESS_RELEASE_LIST: usize = 120;

static RESOLUTION_A: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"(?-u:\b)[AES]/RES/\d{1,4}/\d{1,4}(?-u:\b)|(?-u:\b)A/RES/\d{1,4}\s*\([IVXLC]+\)")
        .unwrap()
});
static RESOLUTION_S: ThreadRegex =
    ThreadRegex::new(|| Regex::new(r"(?-u:\b)S/RES/(\d{1,5})\s*\((\d{4})\)").unwrap());
/// A resolution or decision in words, with the organ that adopted it when written: "resolution
/// 2331 (2016)", "Security Council resolution 1325 (2000)", "General Assembly resolution 76/7",
/// "resolution 1514 (XV)", "resolution ES-11/1", "Economic and Social Council resolution 2023/5",
/// "Human Rights Council resolution 47/1", "decision 76/505".
static RESOLUTION_WORDS: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:(Security Council|General Assembly|Economic and Social Council|ECOSOC|Human Rights Council)(?:[’']s)?\s+)?([Rr]esolution|[Dd]ecision)(s?)\s+{RESOLUTION_NUMBER}"
    ))
    .unwrap()
});
/// One number of a resolution: "2331 (2016)", "1514 (XV)", "76/7", "ES-11/1", "2023/5".
const RESOLUTION_NUMBER: &str = r"(?:(\d{2,5})\s*\((\d{4})\)|(\d{1,4})\s*\(((?:ES-|S-)?[IVXLC]+)\)|((?:ES-)?\d{1,4})/(\d{1,3}[A-Z]?)(?-u:\b))";
/// The next number of a list after "resolutions": ", 2250 (2015) and 2419 (2018)".
static NEXT_NUMBER: ThreadRegex =
    ThreadRegex::new(|| Regex::new(&format!(r"^(?:,\s*|,?\s+and\s+){RESOLUTION_NUMBER}")).unwrap());
static DOCUMENT: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"(?-u:\b)[AS]/\d{2,3}/(?:L\.)?\d{1,4}(?:/Rev\.\d+)?(?:/Add\.\d+)?|(?-u:\b)S/\d{4}/\d{1,4}(?-u:\b)")
        .unwrap()
});

/// The references of a record, in text order.
pub(super) fn references(text: &str, rec: &Record) -> Vec<Reference> {
    let masthead_end = rec.header.span().map_or(0, |s| s.end);
    let mut out: Vec<Reference> = rec
        .paragraphs
        .iter()
        .filter(|p| p.kind != ParagraphKind::Header && p.span.end > masthead_end)
        .flat_map(|p| in_paragraph(p.span.text(text), p.span.start))
        .collect();
    // A record's own symbol is never a cross-reference, wherever it is written again.
    if let Some(own) = rec.header.symbol() {
        out.retain(|r| r.kind != ReferenceKind::PressRelease || r.symbol != own);
    }
    out.sort_by_key(|r| r.span.start);
    out
}

/// The words every resolution or decision in words holds ([`RESOLUTION_WORDS`]), their
/// searchers built once: a searcher built per paragraph costs as much as its search.
static IN_WORDS: LazyLock<[memchr::memmem::Finder<'static>; 2]> = LazyLock::new(|| {
    [
        memchr::memmem::Finder::new("esolution"),
        memchr::memmem::Finder::new("ecision"),
    ]
});

/// Whether a paragraph holds one of [`IN_WORDS`].
fn names_in_words(ptext: &str) -> bool {
    IN_WORDS.iter().any(|w| w.find(ptext.as_bytes()).is_some())
}

/// The references of one paragraph at `base`. Symbols hold a '/' and resolutions in words say
/// "resolution": only such paragraphs are searched.
fn in_paragraph(ptext: &str, base: usize) -> Vec<Reference> {
    let mut found: Vec<Reference> = Vec::new();
    let has_slash = memchr::memchr(b'/', ptext.as_bytes()).is_some();
    if has_slash {
        press_releases(ptext, base, &mut found);
        resolution_symbols(ptext, base, &mut found);
    }
    if names_in_words(ptext) {
        resolutions_in_words(ptext, base, &mut found);
    }
    if has_slash {
        documents(ptext, base, &mut found);
    }
    found
}

fn at(base: usize, m: regex::Match<'_>) -> Span {
    Span::new(m.start(), m.end()).shift(base)
}

/// Press-release symbols of the known series, and of any series after "Press Release".
fn press_releases(ptext: &str, base: usize, found: &mut Vec<Reference>) {
    for m in PRESS_SYMBOL.find_iter(ptext) {
        found.push(Reference {
            span: at(base, m),
            kind: ReferenceKind::PressRelease,
            symbol: m.as_str().to_string(),
        });
    }
    for (cue, _) in ptext.match_indices("Press Release") {
        let tail = &ptext[cue..];
        let end = tail.find([')', ';']).unwrap_or(tail.len());
        let tail = &tail[..tail.floor_char_boundary(end.min(PRESS_RELEASE_LIST))];
        for m in ANY_PRESS_SYMBOL.find_iter(tail) {
            // "A/76/L.11" is a document, not a press release "A/76".
            if tail[m.end()..].starts_with('/') {
                continue;
            }
            let span = at(base + cue, m);
            if !found
                .iter()
                .any(|r| r.span.start < span.end && span.start < r.span.end)
            {
                found.push(Reference {
                    span,
                    kind: ReferenceKind::PressRelease,
                    symbol: m.as_str().to_string(),
                });
            }
        }
    }
}

/// Resolutions by symbol: "A/RES/75/283", "A/RES/217 (III)", "S/RES/2331 (2016)".
fn resolution_symbols(ptext: &str, base: usize, found: &mut Vec<Reference>) {
    for m in RESOLUTION_A.find_iter(ptext) {
        found.push(Reference {
            span: at(base, m),
            kind: ReferenceKind::Resolution,
            symbol: m.as_str().split_whitespace().collect(),
        });
    }
    for c in RESOLUTION_S.captures_iter(ptext) {
        found.push(Reference {
            span: at(base, c.get(0).unwrap()),
            kind: ReferenceKind::Resolution,
            symbol: format!("S/RES/{}({})", &c[1], &c[2]),
        });
    }
}

/// Resolutions and decisions in words, each number of a list ("resolutions 1325 (2000) and 2250
/// (2015)") on its own, with the organ written before the first.
fn resolutions_in_words(ptext: &str, base: usize, found: &mut Vec<Reference>) {
    for c in RESOLUTION_WORDS.captures_iter(ptext) {
        let organ = c.get(1).map(|m| m.as_str());
        let decision = c[2].eq_ignore_ascii_case("decision");
        let whole = c.get(0).unwrap();
        if let Some(symbol) = resolution_symbol(organ, decision, &c, 3) {
            found.push(Reference {
                span: at(base, whole),
                kind: ReferenceKind::Resolution,
                symbol,
            });
        }
        if c[3].is_empty() {
            continue;
        }
        let mut end = whole.end();
        while let Some(n) = NEXT_NUMBER.captures(&ptext[end..]) {
            let m = n.get(0).unwrap();
            let number = n.get(1).or(n.get(3)).or(n.get(5)).unwrap();
            if let Some(symbol) = resolution_symbol(organ, decision, &n, 0) {
                found.push(Reference {
                    span: Span::new(end + number.start(), end + m.end()).shift(base),
                    kind: ReferenceKind::Resolution,
                    symbol,
                });
            }
            end += m.end();
        }
    }
}

/// The symbol of a resolution or decision whose number's groups start after group `skip`: the
/// Security Council's by number and year, the Assembly's by session (Roman numerals before the
/// thirty-first), ECOSOC's by year, the Human Rights Council's by session.
fn resolution_symbol(
    organ: Option<&str>,
    decision: bool,
    c: &regex::Captures<'_>,
    skip: usize,
) -> Option<String> {
    let g = |i: usize| c.get(skip + i).map(|m| m.as_str());
    let kind = if decision { "DEC" } else { "RES" };
    if let (Some(n), Some(y)) = (g(1), g(2)) {
        return (!decision).then(|| format!("S/RES/{n}({y})"));
    }
    if let (Some(n), Some(session)) = (g(3), g(4)) {
        return Some(format!("A/{kind}/{n}({session})"));
    }
    let (a, b) = (g(5)?, g(6)?);
    let series = match organ {
        Some("Human Rights Council") => format!("A/HRC/{kind}"),
        Some("Economic and Social Council" | "ECOSOC") => format!("E/{kind}"),
        // ECOSOC numbers by year ("2023/5"); the Assembly by session.
        None if a.len() == 4 => format!("E/{kind}"),
        Some("Security Council") => return None,
        _ => format!("A/{kind}"),
    };
    Some(format!("{series}/{a}/{b}"))
}

/// Documents ("A/76/L.11", "S/2021/123") not inside a reference already found.
fn documents(ptext: &str, base: usize, found: &mut Vec<Reference>) {
    for m in DOCUMENT.find_iter(ptext) {
        let span = at(base, m);
        if found.iter().any(|r| r.span.contains_span(span)) {
            continue;
        }
        found.push(Reference {
            span,
            kind: ReferenceKind::Document,
            symbol: m.as_str().to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searchers_built_once_find_the_words_of_resolutions() {
        let mut texts: Vec<String> = Vec::new();
        for text in crate::text::seed_texts() {
            texts.extend(text.lines().map(str::to_string));
        }
        texts.extend(
            [
                "esolutio",
                "ecisio",
                "Decision",
                "resolution",
                "",
                "decisioN",
            ]
            .map(String::from),
        );
        let mut found = 0;
        for t in &texts {
            let two = memchr::memmem::find(t.as_bytes(), b"esolution").is_some()
                || memchr::memmem::find(t.as_bytes(), b"ecision").is_some();
            found += usize::from(two);
            assert_eq!(names_in_words(t), two, "{t:?}");
        }
        assert!(found > 5, "the texts name resolutions: {found}");
    }

    fn symbols(p: &str) -> Vec<(ReferenceKind, String)> {
        in_paragraph(p, 0)
            .into_iter()
            .map(|r| (r.kind, r.symbol))
            .collect()
    }

    #[test]
    fn references_of_every_kind() {
        use ReferenceKind::*;
        assert_eq!(
            symbols("Recalling resolution 2331 (2016) and A/RES/75/283, see document A/76/L.11."),
            [
                (Resolution, "A/RES/75/283".to_string()),
                (Resolution, "S/RES/2331(2016)".to_string()),
                (Document, "A/76/L.11".to_string()),
            ]
        );
        assert_eq!(
            symbols("(See Press Releases GA/12387 and XYZ/99.)"),
            [
                (PressRelease, "GA/12387".to_string()),
                (PressRelease, "XYZ/99".to_string()),
            ]
        );
        assert!(symbols("Resolutions were adopted without a vote.").is_empty());
        assert!(symbols("The decision was taken by consensus in 2020.").is_empty());
    }

    #[test]
    fn resolutions_of_every_organ() {
        let keys = |p: &str| -> Vec<String> { symbols(p).into_iter().map(|r| r.1).collect() };
        assert_eq!(
            keys("Security Council resolution 1325 (2000) and resolution 2231 (2015)"),
            ["S/RES/1325(2000)", "S/RES/2231(2015)"]
        );
        assert_eq!(
            keys("General Assembly resolution 76/7, resolution 1514 (XV) and resolution ES-11/1"),
            ["A/RES/76/7", "A/RES/1514(XV)", "A/RES/ES-11/1"]
        );
        assert_eq!(
            keys(
                "Economic and Social Council resolution 2023/5 and Human Rights Council resolution 47/1"
            ),
            ["E/RES/2023/5", "A/HRC/RES/47/1"]
        );
        assert_eq!(
            keys("resolutions 1325 (2000), 2250 (2015) and 2419 (2018), and decision 76/505"),
            [
                "S/RES/1325(2000)",
                "S/RES/2250(2015)",
                "S/RES/2419(2018)",
                "A/DEC/76/505"
            ]
        );
        let spans: Vec<String> = in_paragraph("under Security Council resolution 1325 (2000).", 0)
            .iter()
            .map(|r| {
                r.span
                    .text("under Security Council resolution 1325 (2000).")
                    .to_string()
            })
            .collect();
        assert_eq!(spans, ["Security Council resolution 1325 (2000)"]);
    }
}
