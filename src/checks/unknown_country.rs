//! `unknown-country`: a header's parentheses, or an attribution cue, naming no known country,
//! observer or organisation; quick fixes offer the closest names.

use std::sync::LazyLock;

use regex::Regex;

use super::{CheckCode, Diagnostic};
use crate::record::AffiliationSource;
use crate::span::Span;
use crate::text::ThreadRegex;
use crate::workspace::{FileId, Workspace};

static POSSESSIVE_CUE_NAME: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"(?:^|[.;,]\s+|(?-u:\b)[Tt]he\s+)(\p{Lu}[\p{L}\-]+(?: \p{Lu}[\p{L}\-]+){0,3})[’']s (?:delegate|representative|delegation|speaker)(?-u:\b)").unwrap()
});

/// The words every cue pattern contains (a paragraph without one needs no regex), found in one
/// pass. The search reports no occurrence overlapping an earlier one ("speakerepresentative"),
/// but such an occurrence follows a letter, and every cue word that opens a match follows a
/// space ("the ", "a ", "’s "): none is lost.
/// Leftmost-first, as that is the kind the SIMD searcher serves: the standard kind steps the
/// automaton at every "r", "d" or "s".
static CUE_WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(["representative", "delegat", "speaker"])
        .expect("literal words")
});

/// The name after a role in a role cue ("the representative of X"), searched for anchored where
/// the role ends: only the name needs the regex, and an anchored search reads no further than it.
static ROLE_NAME: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}’'\-]+(?: (?:and |of |the )?\p{Lu}[\p{L}’'\-]+){0,4}").unwrap()
});

/// The roles the role cue reads, each with the space after it: at most one of them opens any
/// text, as they differ before that space.
const ROLES: [&str; 6] = [
    "representatives ",
    "representative ",
    "delegates ",
    "delegate ",
    "delegation ",
    "speaker ",
];

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

/// The bytes that part clauses: [`POSSESSIVE_CUE_NAME`] matches only one, as its first byte. So
/// every match lies in one clause, from one of these bytes (or the paragraph's start) to the
/// next (or its end), and a clause without a cue word holds none.
const CLAUSE_ENDS: [u8; 3] = [b'.', b';', b','];

/// The names the cue patterns find in a paragraph (the spans of their first group), those of
/// the role cue then those of [`POSSESSIVE_CUE_NAME`], each in text order: what running each
/// pattern over the whole paragraph finds. Every match holds a cue word right after a space, so
/// only the places of those words are looked at: the role cue is read from its known start (no
/// search for where a match begins), and [`POSSESSIVE_CUE_NAME`] runs only over the clauses where
/// a cue word follows a possessive, each clause cut at its end (a regex search reads to the end
/// of its haystack when it finds no match).
fn cue_names(ptext: &str) -> Vec<(usize, usize)> {
    let words: Vec<usize> = CUE_WORDS.find_iter(ptext).map(|m| m.start()).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    // A match of the whole-paragraph search starts at or after the end of the one before.
    let mut searched_from = 0;
    for &k in &words {
        if let Some((start, name)) = role_name_at(ptext, k)
            && start >= searched_from
        {
            out.push(name);
            searched_from = name.1;
        }
    }
    possessive_names(ptext, &words, &mut out);
    out
}

/// The match of the role cue whose role starts at `k`, if one does: where it starts, and its
/// name. The pattern's opening is read by hand (an article, the role, "of" or "for", "the "),
/// then the name with [`ROLE_NAME`]; the article takes a word boundary before it.
fn role_name_at(ptext: &str, k: usize) -> Option<(usize, (usize, usize))> {
    let bytes = ptext.as_bytes();
    let start = if k >= 4 && matches!(&bytes[k - 4..k], b"The " | b"the ") {
        k - 4
    } else if k >= 2 && matches!(&bytes[k - 2..k], b"A " | b"a ") {
        k - 2
    } else {
        return None;
    };
    if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
        return None;
    }
    let rest = &ptext[k..];
    let rest = ROLES.iter().find_map(|r| rest.strip_prefix(r))?;
    let rest = rest
        .strip_prefix("of ")
        .or_else(|| rest.strip_prefix("for "))?;
    // "the " is never part of the name (which opens with a capital), so taking it loses nothing.
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    let at = ptext.len() - rest.len();
    let m = ROLE_NAME.find(rest)?;
    Some((start, (at, at + m.end())))
}

/// Adds the names [`POSSESSIVE_CUE_NAME`] finds, searching only the clauses where a cue word
/// (of `words`, in text order) follows "’s " or "'s ": each of its matches ends with one.
fn possessive_names(ptext: &str, words: &[usize], out: &mut Vec<(usize, usize)>) {
    let bytes = ptext.as_bytes();
    let [c0, c1, c2] = CLAUSE_ENDS;
    let mut clause_end = 0;
    for &k in words {
        let head = &bytes[..k];
        if k < clause_end || !(head.ends_with("’s ".as_bytes()) || head.ends_with(b"'s ")) {
            continue;
        }
        let start = memchr::memrchr3(c0, c1, c2, head).unwrap_or(0);
        clause_end = memchr::memchr3(c0, c1, c2, &bytes[k..]).map_or(bytes.len(), |i| k + i);
        // The clause's end is a byte no match holds, so cutting there changes no match (`\b`
        // sees the end of the text as it sees that byte, a non-word one); the text before the
        // clause stays for the pattern's look-behind (`^`, `\b`).
        let hay = &ptext[..clause_end];
        let mut at = start;
        while let Some(c) = POSSESSIVE_CUE_NAME.captures_at(hay, at) {
            let m = c.get(1).expect("the pattern has one group");
            out.push((m.start(), m.end()));
            at = c.get(0).expect("the whole match").end();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The role cue as one pattern, its group the name: what [`role_name_at`] reads.
    static CUE_NAME: ThreadRegex = ThreadRegex::new(|| {
        Regex::new(r"(?-u:\b)(?:[Tt]he|[Aa]) (?:representatives?|delegates?|delegation|speaker) (?:of|for) (?:the )?(\p{Lu}[\p{L}’'\-]+(?: (?:and |of |the )?\p{Lu}[\p{L}’'\-]+){0,4})").unwrap()
    });

    /// The patterns over the whole paragraph, as the check ran them before clauses: the
    /// reference.
    fn cue_names_by_whole_paragraph(ptext: &str) -> Vec<(usize, usize)> {
        if !CUE_WORDS.is_match(ptext) {
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
        for text in crate::text::seed_texts() {
            texts.extend(text.split("\n\n").map(str::to_string));
            texts.push(text);
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
            "bathe ",
            "_",
            "of the ",
            "’s representative ",
            "and ",
            "Ñandú",
            "representatives ",
            "speakerepresentative",
            "the representative of ",
            "bathe representative of ",
            "_a delegate for the ",
            "A delegation of ",
            "The speaker for ",
            "France’s delegate",
            "Éire's speaker",
        ];
        texts.extend(crate::text::random_texts(
            &pieces,
            0x9e37_79b9_7f4a_7c15,
            40,
            5000,
        ));
        let mut found = 0;
        for text in &texts {
            let expected = cue_names_by_whole_paragraph(text);
            found += expected.len();
            assert_eq!(cue_names(text), expected, "{text:?}");
        }
        assert!(found > 100, "the texts name cues: {found}");
    }
}
