//! What a paragraph looks like before anything in it is recognised: the line split, the footer,
//! a section heading, a subtitle, a reporter's narrative among the statements, the organ a title
//! names. Shapes only; every limit is named here with how it was chosen.

use super::{attribution, speaker};
use crate::span::Span;

/// The footer's opening words, compared case aside ("For information media. Not an official
/// record.").
const FOOTER_OPENING: &str = "for information media";
/// The older layout's footer rule.
const FOOTER_RULE: &str = "* *** *";

/// Heading-shape limits. The records' headings run to 30 characters and four words ("Summaries
/// of Panel Discussions"); the limits leave room for longer headings of other organs while a
/// capitalised sentence fragment or a title line is still too long. Set by hand.
const MAX_HEADING_CHARS: usize = 80;
const MAX_HEADING_WORDS: usize = 9;
/// A heading in capitals has at most this many words ("RIGHT OF REPLY"); more in capitals is a
/// speaker's name or a shouted title, not a heading.
const MAX_CAPITALS_HEADING_WORDS: usize = 3;

/// Small words a heading may keep in lower case.
const HEADING_SMALL_WORDS: &[&str] = &[
    "of", "and", "the", "on", "in", "for", "to", "a", "an", "by", "with", "at", "from", "before",
    "after", "under", "as", "or", "vs", "into",
];

/// Subtitle-shape limits: a subtitle is one line of title case under the title. Longer than
/// 400 characters is a summary paragraph; fewer than three words is a stray line. Set by hand
/// on the fixtures, whose subtitles are 50 to 170 characters.
const MAX_SUBTITLE_CHARS: usize = 400;
const MIN_SUBTITLE_WORDS: usize = 3;
/// Words longer than this count towards the title-case test (short words may stay lower case).
const SUBTITLE_SHORT_WORD_CHARS: usize = 3;
/// Share of the longer words, in tenths, that must be capitalised: seven in ten lets a subtitle
/// keep a few lower-case words ("calls for", "amid") and turns away a sentence of prose.
const SUBTITLE_CAPITALISED_TENTHS: usize = 7;

/// How much of a paragraph's opening is searched for an attribution cue: the cue opens the
/// paragraph, possibly after a short clause ("In the afternoon, the representative of ...").
const NARRATIVE_CUE_CHARS: usize = 160;

/// Openings that make a paragraph among the statements the reporter's rather than the previous
/// speaker's continued speech.
const NARRATIVE_OPENERS: &[&str] = &[
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

/// Organs a title may name (lower case), in the order they are tried, with their names.
const ORGANS_IN_TITLES: &[(&str, &str)] = &[
    ("security council", "Security Council"),
    ("third committee", "General Assembly Third Committee"),
    ("economic and social council", "Economic and Social Council"),
    ("general assembly", "General Assembly"),
];

/// Splits a text into paragraphs: maximal runs of non-blank lines would merge wrapped text, but
/// records put one paragraph on a line, so each non-blank line is one paragraph.
///
/// Lines are found with the `memchr` crate's vector search: records hold few, long lines, and
/// the standard library's line split reads a word at a time.
pub(crate) fn paragraph_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    // Each line runs to just past its '\n'; the last, to the end of the text (empty when the
    // text ends with '\n', and so skipped as blank).
    let line_ends = memchr::memchr_iter(b'\n', text.as_bytes())
        .map(|i| i + 1)
        .chain(std::iter::once(text.len()));
    for end in line_ends {
        let line = &text[start..end];
        // The line break is white space, trimmed with the rest: each end is trimmed once.
        let from_first = line.trim_start();
        if !from_first.is_empty() {
            let s = start + line.len() - from_first.len();
            out.push(Span::new(s, s + from_first.trim_end().len()));
        }
        start = end;
    }
    out
}

pub(crate) fn is_footer(p: &str) -> bool {
    p.get(..FOOTER_OPENING.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(FOOTER_OPENING))
        || p.starts_with(FOOTER_RULE)
}

/// Whether `p` has more than `n` characters. A character takes one to four bytes, so the byte
/// length decides most texts without decoding any.
fn longer_than(p: &str, n: usize) -> bool {
    if p.len() <= n {
        return false;
    }
    if p.len() > 4 * n {
        return true;
    }
    p.chars().nth(n).is_some()
}

/// A section heading is known by its shape: short, capitalised like a title, no sentence
/// punctuation at the end.
pub(crate) fn is_heading(p: &str) -> bool {
    // Most paragraphs are sentences far longer than a heading: counted only as far as the limit.
    if p.is_empty() || longer_than(p, MAX_HEADING_CHARS) {
        return false;
    }
    if !p.chars().next().is_some_and(|c| c.is_uppercase()) {
        return false;
    }
    if p.ends_with(['.', ',', ';', ':', '!', '?', '”', '"', '’', ')']) {
        return false;
    }
    let words: Vec<&str> = p.split_whitespace().collect();
    if words.len() > MAX_HEADING_WORDS {
        return false;
    }
    if words.len() > MAX_CAPITALS_HEADING_WORDS
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
pub(crate) fn is_narrative(p: &str) -> bool {
    if NARRATIVE_OPENERS.iter().any(|o| p.starts_with(o)) {
        return true;
    }
    attribution::starts_with_cue(&p[..nth_char_offset(p, NARRATIVE_CUE_CHARS)])
}

/// Where the `n`th character of `p` starts (counting from 0), or `p.len()` when it has no more:
/// from the byte count when the first `n` bytes are ASCII, as they nearly always are.
fn nth_char_offset(p: &str, n: usize) -> usize {
    if p.len() <= n {
        return p.len();
    }
    if p.as_bytes()[..n].is_ascii() {
        return n;
    }
    p.char_indices().nth(n).map_or(p.len(), |(i, _)| i)
}

/// Whether the line under a title is its subtitle: title case, not a sentence, not a speaker.
pub(crate) fn looks_like_subtitle(p: &str) -> bool {
    if p.chars().count() > MAX_SUBTITLE_CHARS
        || p.ends_with(['.', ':'])
        || speaker::parse_statement_header(p).is_some()
    {
        return false;
    }
    let words: Vec<&str> = p.split_whitespace().collect();
    if words.len() < MIN_SUBTITLE_WORDS {
        return false;
    }
    let long: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().count() > SUBTITLE_SHORT_WORD_CHARS)
        .collect();
    let capitalised = long
        .iter()
        .filter(|w| {
            w.trim_start_matches(['‘', '“', '\'', '"', '('])
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        })
        .count();
    !long.is_empty() && capitalised * 10 >= long.len() * SUBTITLE_CAPITALISED_TENTHS
}

/// The organ a title names, if any.
pub(crate) fn organ_in_title(title: &str) -> Option<&'static str> {
    let l = title.to_lowercase();
    ORGANS_IN_TITLES
        .iter()
        .find(|(k, _)| l.contains(k))
        .map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paragraph spans by the standard library's line split: the reference for
    /// [`paragraph_spans`].
    fn paragraph_spans_by_lines(text: &str) -> Vec<Span> {
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

    #[test]
    fn longer_than_counts_characters() {
        for text in [
            "",
            "a",
            "é",
            "ab",
            "éé",
            "€€€",
            "😀😀",
            "a😀",
            "abcdefgh",
            "ééééé",
        ] {
            for n in 0..10 {
                assert_eq!(
                    longer_than(text, n),
                    text.chars().nth(n).is_some(),
                    "{text:?} {n}"
                );
            }
        }
    }

    #[test]
    fn nth_char_offsets_are_those_of_the_char_walk() {
        let mut texts: Vec<String> = Vec::new();
        for text in crate::text::seed_texts() {
            texts.extend(text.lines().map(str::to_string));
        }
        texts.extend(crate::text::random_texts(
            &["a", "bcd", "é", "€", "😀", " ", "The representative"],
            0x9e37_79b9_7f4a_7c15,
            60,
            2000,
        ));
        let mut cut = 0;
        for t in &texts {
            for n in [0, 1, 2, 5, NARRATIVE_CUE_CHARS] {
                let expected = t.char_indices().nth(n).map_or(t.len(), |(i, _)| i);
                cut += usize::from(expected < t.len());
                assert_eq!(nth_char_offset(t, n), expected, "{t:?} {n}");
            }
        }
        assert!(cut > 1000, "{cut}");
    }

    #[test]
    fn paragraph_spans_match_the_line_split() {
        let mut texts: Vec<String> = crate::text::seed_texts();
        let pieces = [
            "\n", "\r", "\r\n", " ", "\t", "\u{a0}", "a", "Ünter", "\u{2028}", ".",
        ];
        texts.extend(crate::text::random_texts(
            &pieces,
            0x9e37_79b9_7f4a_7c15,
            25,
            3000,
        ));
        let mut spans = 0;
        for text in &texts {
            let expected = paragraph_spans_by_lines(text);
            spans += expected.len();
            assert_eq!(paragraph_spans(text), expected, "{text:?}");
        }
        assert!(spans > 300, "the texts have paragraphs: {spans}");
    }

    #[test]
    fn headings_by_shape() {
        for h in [
            "Opening Remarks",
            "Statements",
            "Action",
            "Panel I",
            "Panel Discussion I",
            "Right of Reply",
            "RIGHT OF REPLY",
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
            "KARI A. JOHNSTONE MINISTER",
            "the small print",
        ] {
            assert!(!is_heading(p), "{p}");
        }
    }

    #[test]
    fn one_paragraph_per_non_blank_line() {
        let text = "  Seventy-sixth Session,\r\n\r\nGA/12387\n\n   \nThe Assembly met.";
        let got: Vec<&str> = paragraph_spans(text).iter().map(|s| s.text(text)).collect();
        assert_eq!(
            got,
            ["Seventy-sixth Session,", "GA/12387", "The Assembly met."]
        );
    }

    #[test]
    fn footers() {
        assert!(is_footer("For information media. Not an official record."));
        assert!(is_footer("FOR INFORMATION MEDIA - NOT AN OFFICIAL RECORD"));
        assert!(is_footer("* *** *"));
        assert!(!is_footer("For information"));
    }

    #[test]
    fn subtitles_are_title_case_lines() {
        assert!(looks_like_subtitle(
            "Speakers Call for Stronger Partnerships to End Trafficking in Persons"
        ));
        assert!(!looks_like_subtitle(
            "The General Assembly today adopted a political declaration."
        ));
        assert!(!looks_like_subtitle("Two Words"));
        assert!(!looks_like_subtitle("NAELA GABR (Egypt) said the"));
    }

    #[test]
    fn narrative_by_opening_or_cue() {
        assert!(is_narrative(
            "The representative of Greece asked about funding."
        ));
        assert!(is_narrative(
            "In a later exchange, the representative of Cyprus said the island was divided."
        ));
        assert!(!is_narrative(
            "She added that her country had ratified the Protocol."
        ));
    }

    #[test]
    fn organs_named_in_titles() {
        assert_eq!(
            organ_in_title("Third Committee Hears Calls"),
            Some("General Assembly Third Committee")
        );
        assert_eq!(
            organ_in_title("General Assembly Adopts Declaration"),
            Some("General Assembly")
        );
        assert_eq!(organ_in_title("Speakers Stress Cooperation"), None);
    }
}
