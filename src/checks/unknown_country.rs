//! `unknown-country`: a header's parentheses, or an attribution cue, naming no known country,
//! observer or organisation; quick fixes offer the closest names.

use std::sync::LazyLock;

use regex::Regex;

use super::{CheckCode, Diagnostic};
use crate::record::AffiliationSource;
use crate::span::Span;
use crate::workspace::{FileId, Workspace};

static POSSESSIVE_CUE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[.;,]\s+|(?-u:\b)[Tt]he\s+)(\p{Lu}[\p{L}\-]+(?: \p{Lu}[\p{L}\-]+){0,3})[’']s (?:delegate|representative|delegation|speaker)(?-u:\b)").unwrap()
});

static CUE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:[Tt]he|[Aa]) (?:representatives?|delegates?|delegation|speaker) (?:of|for) (?:the )?(\p{Lu}[\p{L}’'\-]+(?: (?:and |of |the )?\p{Lu}[\p{L}’'\-]+){0,4})").unwrap()
});

/// The words every cue pattern contains (a paragraph without one needs no regex).
static CUE_WORDS: LazyLock<[memchr::memmem::Finder<'static>; 3]> = LazyLock::new(|| {
    [
        memchr::memmem::Finder::new("representative"),
        memchr::memmem::Finder::new("delegat"),
        memchr::memmem::Finder::new("speaker"),
    ]
});

/// Names after a cue longer than this (characters) are taken for an organisation's long name,
/// not a misspelt country. Higher offers countries for organisations the gazetteer lacks;
/// lower misses misspelt long country names. Set by hand.
const MAX_COUNTRY_NAME_CHARS: usize = 40;

/// Longer than any country's name as written, so a mention starting further back than this
/// cannot reach a name.
const MAX_COUNTRY_MENTION_BYTES: usize = 200;

/// How many closest names are offered as fixes.
const SUGGESTIONS: usize = 3;

/// Similarity above which an unknown phrase after a cue is taken for a misspelt country rather
/// than an organisation the gazetteer does not know (normalised Damerau–Levenshtein). Set by
/// hand: lower reports unknown organisations as misspelt countries.
const NEAR_COUNTRY: f64 = 0.75;

pub fn check(ws: &Workspace, file: FileId, out: &mut Vec<Diagnostic>) {
    let doc = ws.get(file).unwrap();
    let gaz = &ws.gaz;
    let mut report = |span: Span, written: &str, always: bool| {
        // An organisation's long name after a cue is no misspelt country: only names of a
        // country's length are compared with the gazetteer.
        if !always && written.chars().count() > MAX_COUNTRY_NAME_CHARS {
            return;
        }
        let suggestions = gaz.suggest_entities(written, SUGGESTIONS);
        if !always {
            let close = suggestions.first().is_some_and(|&e| {
                strsim::normalized_damerau_levenshtein(
                    &crate::text::fold(written),
                    &crate::text::fold(&gaz.entity(e).name),
                ) >= NEAR_COUNTRY
            });
            if !close {
                return;
            }
        }
        let mut d = Diagnostic::new(
            CheckCode::UnknownCountry,
            file,
            span,
            format!("`{written}` is no known country, observer or organisation"),
        );
        if let Some(&best) = suggestions.first() {
            d.message
                .push_str(&format!("; did you mean {}?", gaz.entity(best).name));
        }
        // Only the one close match can be applied unasked: a name near two countries
        // ("Guinea" for Guinea-Bissau or Equatorial Guinea) needs a person to choose.
        let near = |e: usize| {
            strsim::normalized_damerau_levenshtein(
                &crate::text::fold(written),
                &crate::text::fold(&gaz.entity(e).name),
            ) >= NEAR_COUNTRY
        };
        let only_one = suggestions.iter().filter(|&&e| near(e)).count() == 1
            && suggestions.first().is_some_and(|&e| near(e));
        for e in suggestions {
            let name = &gaz.entity(e).name;
            let title = format!("Replace with {name}");
            d = if only_one && near(e) {
                d.safe_fix(title, file, span, name.clone())
            } else {
                d.fix(title, file, span, name.clone())
            };
        }
        out.push(d);
    };
    for st in &doc.record.statements {
        if let Some(a) = st.affiliation
            && a.entity.is_none()
            && a.source == AffiliationSource::Parentheses
        {
            report(a.span, doc.span_text(a.span), true);
        }
    }
    // Cues naming something the gazetteer does not know, when it looks like a misspelt country.
    for p in &doc.record.paragraphs {
        let ptext = doc.span_text(p.span);
        for (start, end) in cue_names(ptext) {
            let span = Span::new(p.span.start + start, p.span.start + end);
            // Country mentions are in text order: only those starting shortly before the name
            // can reach into it (a record may name thousands of countries).
            let countries = &doc.record.countries;
            let from = countries
                .partition_point(|cm| cm.span.start + MAX_COUNTRY_MENTION_BYTES < span.start);
            if countries[from..]
                .iter()
                .take_while(|cm| cm.span.start < span.end)
                .any(|cm| span.start < cm.span.end)
            {
                continue;
            }
            report(span, &ptext[start..end], false);
        }
    }
}

/// The bytes that part clauses for the cue patterns: [`CUE_NAME`] matches none of them and
/// [`POSSESSIVE_CUE_NAME`] only one, as its first byte. So every match lies in one clause, from
/// one of these bytes (or the paragraph's start) to the next (or its end), and a clause without
/// a cue word holds none.
const CLAUSE_ENDS: [u8; 3] = [b'.', b';', b','];

/// The names the cue patterns find in a paragraph (the spans of their first group), those of
/// [`CUE_NAME`] then those of [`POSSESSIVE_CUE_NAME`], each in text order: what running each
/// pattern over the whole paragraph finds. The patterns are run only over the clauses that hold
/// a cue word, each clause cut at its end: a paragraph is mostly clauses without one, and a
/// regex search reads to the end of its haystack when it finds no match.
fn cue_names(ptext: &str) -> Vec<(usize, usize)> {
    let bytes = ptext.as_bytes();
    // Each cue word's next place, looked for again only once a clause has passed it: every
    // word reads the paragraph once, and a paragraph without one (most) costs three searches.
    let mut next: [Option<usize>; 3] = [None; 3];
    for (n, w) in next.iter_mut().zip(CUE_WORDS.iter()) {
        *n = w.find(bytes);
    }
    let [c0, c1, c2] = CLAUSE_ENDS;
    let mut clauses: Vec<(usize, usize)> = Vec::new();
    while let Some(k) = next.iter().flatten().copied().min() {
        let start = memchr::memrchr3(c0, c1, c2, &bytes[..k]).unwrap_or(0);
        let end = memchr::memchr3(c0, c1, c2, &bytes[k..]).map_or(bytes.len(), |i| k + i);
        clauses.push((start, end));
        for (n, w) in next.iter_mut().zip(CUE_WORDS.iter()) {
            if n.is_some_and(|at| at < end) {
                *n = w.find(&bytes[end..]).map(|i| end + i);
            }
        }
    }
    let mut out = Vec::new();
    for re in [&*CUE_NAME, &*POSSESSIVE_CUE_NAME] {
        for &(start, end) in &clauses {
            // The clause's end is a byte no match holds, so cutting there changes no match
            // (`\b` sees the end of the text as it sees that byte, a non-word one); the text
            // before the clause stays for the patterns' look-behind (`^`, `\b`).
            let hay = &ptext[..end];
            let mut at = start;
            while let Some(c) = re.captures_at(hay, at) {
                let m = c.get(1).expect("the patterns have one group");
                out.push((m.start(), m.end()));
                at = c.get(0).expect("the whole match").end();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The patterns over the whole paragraph, as the check ran them before clauses: the
    /// reference.
    fn cue_names_by_whole_paragraph(ptext: &str) -> Vec<(usize, usize)> {
        if !CUE_WORDS.iter().any(|w| w.find(ptext.as_bytes()).is_some()) {
            return Vec::new();
        }
        CUE_NAME
            .captures_iter(ptext)
            .chain(POSSESSIVE_CUE_NAME.captures_iter(ptext))
            .map(|c| {
                let m = c.get(1).unwrap();
                (m.start(), m.end())
            })
            .collect()
    }

    #[test]
    fn clauses_find_what_the_whole_paragraph_does() {
        let mut texts: Vec<String> = Vec::new();
        for entry in std::fs::read_dir("fixtures").unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(path).unwrap();
                texts.extend(text.split("\n\n").map(str::to_string));
                texts.push(text);
            }
        }
        let pieces = [
            "The ",
            "the ",
            "A ",
            "a ",
            "representative",
            "representatives",
            "delegate",
            "delegation",
            "speaker",
            " of ",
            " for ",
            "the ",
            "France",
            "Côte",
            "d’Ivoire",
            "Guinea-Bissau",
            "’s ",
            "'s ",
            ". ",
            ", ",
            "; ",
            ".",
            ",",
            ";",
            " ",
            "\n",
            "and ",
            "Xdelegate",
            "Éire",
            "7",
            "Representative",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..(state % 40) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            texts.push(text);
        }
        let mut found = 0;
        for text in &texts {
            let expected = cue_names_by_whole_paragraph(text);
            found += expected.len();
            assert_eq!(cue_names(text), expected, "{text:?}");
        }
        assert!(found > 100, "the texts name cues: {found}");
    }
}
