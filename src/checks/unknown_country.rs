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
        // Both cue patterns need one of these words; most paragraphs have none.
        if !CUE_WORDS.iter().any(|w| w.find(ptext.as_bytes()).is_some()) {
            continue;
        }
        for c in CUE_NAME
            .captures_iter(ptext)
            .chain(POSSESSIVE_CUE_NAME.captures_iter(ptext))
        {
            let m = c.get(1).unwrap();
            let span = Span::new(p.span.start + m.start(), p.span.start + m.end());
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
            report(span, m.as_str(), false);
        }
    }
}
