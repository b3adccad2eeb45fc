//! Cross-references in a record's text: press releases ("(See Press Release GA/12387.)"),
//! resolutions ("A/RES/75/283", "resolution 2331 (2016)") and documents ("A/76/L.11"), outside
//! the masthead and never the record's own symbol.

use std::sync::LazyLock;

use regex::Regex;

use crate::parse::header::{ANY_PRESS_SYMBOL, PRESS_SYMBOL};
use crate::record::*;
use crate::span::Span;

/// How far after "Press Release(s)" its list of symbols is read, in bytes, when no ')' or ';'
/// closes it sooner: a few symbols ("GA/12387, GA/12388 and GA/12389").
const PRESS_RELEASE_LIST: usize = 120;

static RESOLUTION_A: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[AES]/RES/\d{1,4}/\d{1,4}(?-u:\b)|(?-u:\b)A/RES/\d{1,4}\s*\([IVXLC]+\)")
        .unwrap()
});
static RESOLUTION_S: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)S/RES/(\d{1,5})\s*\((\d{4})\)").unwrap());
static RESOLUTION_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[Rr]esolutions?\s+(?:(\d{3,5})\s*\((\d{4})\)|(\d{2,3})/(\d{1,3})(?-u:\b))")
        .unwrap()
});
static DOCUMENT: LazyLock<Regex> = LazyLock::new(|| {
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

/// The references of one paragraph at `base`. Symbols hold a '/' and resolutions in words say
/// "resolution": only such paragraphs are searched.
fn in_paragraph(ptext: &str, base: usize) -> Vec<Reference> {
    let mut found: Vec<Reference> = Vec::new();
    let has_slash = memchr::memchr(b'/', ptext.as_bytes()).is_some();
    if has_slash {
        press_releases(ptext, base, &mut found);
        resolution_symbols(ptext, base, &mut found);
    }
    if memchr::memmem::find(ptext.as_bytes(), b"esolution").is_some() {
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

/// Resolutions in words: "resolution 2331 (2016)", "resolution 75/283".
fn resolutions_in_words(ptext: &str, base: usize, found: &mut Vec<Reference>) {
    for c in RESOLUTION_WORDS.captures_iter(ptext) {
        let symbol = if let (Some(n), Some(y)) = (c.get(1), c.get(2)) {
            format!("S/RES/{}({})", n.as_str(), y.as_str())
        } else {
            format!("A/RES/{}/{}", &c[3], &c[4])
        };
        found.push(Reference {
            span: at(base, c.get(0).unwrap()),
            kind: ReferenceKind::Resolution,
            symbol,
        });
    }
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
    }
}
