//! Statement headers in every form the records use — `NAME (Country)`, `NAME, Title of Country,`,
//! `NAME, observer for X,`, `Ms. NAME said`, "Following are X’s remarks" — and name keys.

use std::sync::LazyLock;

use regex::Regex;

use crate::knowledge::Gazetteer;
use crate::record::{HeaderForm, Honorific};
use crate::text::{FoldedText, fold};

/// A recognised speaker header, with byte ranges relative to the paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderMatch {
    pub form: HeaderForm,
    pub honorific: Option<(Honorific, (usize, usize))>,
    pub name: (usize, usize),
    /// Text inside the parentheses after the name.
    pub parenthesized: Option<(usize, usize)>,
    /// The title or affiliation segments ("Minister for Foreign Affairs of Belarus").
    pub role: Option<(usize, usize)>,
    pub on_behalf_of: Option<(usize, usize)>,
    /// Where the header ends and the reported speech begins.
    pub end: usize,
}

/// Verbs that open the reported speech after a header.
const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "stated",
    "noted",
    "observed",
    "added",
    "asked",
    "called",
    "recalled",
    "urged",
    "welcomed",
    "described",
    "pointed",
    "spoke",
    "told",
    "warned",
    "agreed",
    "declared",
    "cautioned",
    "outlined",
    "commended",
    "condemned",
    "explained",
    "introduced",
    "presented",
    "reiterated",
    "reaffirmed",
    "underlined",
    "underscored",
    "highlighted",
    "emphasized",
    "emphasised",
    "stressed",
    "expressed",
    "voiced",
    "recognized",
    "detailed",
    "signalled",
    "spotlighted",
    "labelled",
    "delivered",
    "drew",
    "gave",
    "took",
    "made",
    "shared",
    "invited",
    "thanked",
    "announced",
    "insisted",
    "maintained",
    "recommended",
    "proposed",
    "suggested",
    "acknowledged",
    "affirmed",
    "argued",
    "questioned",
    "wondered",
    "hoped",
    "regretted",
    "concluded",
    "began",
    "opened",
    "ended",
    "continued",
    "went",
    "turned",
    "joined",
    "echoed",
    "lamented",
    "deplored",
    "praised",
    "applauded",
    "supported",
    "rejected",
    "dismissed",
    "asserted",
    "contended",
    "estimated",
    "reported",
    "reminded",
    "responded",
    "replied",
    "answered",
    "briefed",
    "informed",
    "considered",
    "believed",
    "felt",
    "underlined",
    "listed",
    "cited",
    "referred",
    "favoured",
    "encouraged",
    "appealed",
    "requested",
    "sought",
    "put",
    "raised",
    "recounted",
    "reviewed",
    "summarized",
    "showcased",
    "touched",
    "addressed",
    "discussed",
    "elaborated",
    "explored",
    "focused",
    "noting",
    "calling",
    "speaking",
];

/// Words that may begin a lowercase segment of a descriptor ("observer for the Holy See").
const DESCRIPTOR_OPENERS: &[&str] = &[
    "a ",
    "an ",
    "the ",
    "observer for",
    "observer of",
    "speaking on behalf of",
    "on behalf of",
    "in its capacity as",
    "civil society",
    "actress",
    "actor",
    "trafficking survivor",
    "survivor",
    "representative of",
    "chair of",
    "head of",
];

static NAME_START: LazyLock<Regex> = LazyLock::new(|| {
    // Honorific, then capitalised tokens: words in capitals (with accents, apostrophes, hyphens)
    // or initials.
    Regex::new(
        r"^(?:(?P<hon>Mr|Ms|Mrs|MR|MS|MRS)\.?\s+)?(?P<name>(?:\p{Lu}[\p{Lu}\p{M}'’\-\u{2011}]*\.?|\p{Lu}\.)(?:\s+(?:(?:de|del|da|dos|van|von|bin|al|el|la|le)\s+)?(?:\p{Lu}[\p{Lu}\p{M}'’\-\u{2011}]*\.?|\p{Lu}\.))*)",
    )
    .unwrap()
});

static REMARKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Following (?:are|is) (?:the )?(?P<who>[^.]{3,160}?)[’']s? (?:opening |closing |video |keynote )?(?:remarks|statement|message|address|speech|briefing)\b").unwrap()
});

fn is_upper_word(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.iter().all(|c| c.is_uppercase())
}

fn is_verb_like(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphabetic());
    if w.is_empty() || !w.chars().next().unwrap().is_lowercase() {
        return false;
    }
    REPORTING_VERBS.contains(&w) || (w.len() > 4 && (w.ends_with("ing") || w.ends_with("ed")))
}

/// Splits at commas outside parentheses; returns segment ranges relative to `s`.
fn comma_segments(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth <= 0 => {
                out.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push((start, s.len()));
    out
}

/// A header's descriptor: title segments, an "on behalf of" clause, and where the header ends.
struct Descriptor {
    role: Option<(usize, usize)>,
    on_behalf: Option<(usize, usize)>,
    end: usize,
}

/// Reads the descriptor segments after a name or parentheses, starting at `from` (just after a
/// comma). Returns (role range, on-behalf-of range, header end).
fn read_descriptor(text: &str, from: usize) -> Descriptor {
    let mut role: Option<(usize, usize)> = None;
    let mut on_behalf: Option<(usize, usize)> = None;
    let mut end = from;
    // Look no further than the first sentence end.
    let limit = text[from..].find(". ").map_or(text.len(), |i| from + i);
    for (s, e) in comma_segments(&text[from..limit]) {
        let (s, e) = (from + s, from + e);
        let seg = &text[s..e];
        let lead = seg.len() - seg.trim_start().len();
        let seg_t = seg.trim();
        if seg_t.is_empty() {
            break;
        }
        let first_word = seg_t.split_whitespace().next().unwrap_or("");
        let starts_upper = first_word.chars().next().is_some_and(|c| c.is_uppercase());
        let lower = seg_t.to_lowercase();
        let is_on_behalf =
            lower.starts_with("speaking on behalf of") || lower.starts_with("on behalf of");
        let opener = DESCRIPTOR_OPENERS.iter().any(|o| lower.starts_with(o));
        if is_on_behalf {
            on_behalf = Some((s + lead, e));
            end = e;
            continue;
        }
        if !(starts_upper || opener) || is_verb_like(first_word) {
            break;
        }
        // The last title segment may run into the verb without a comma: "Minister of X said".
        let mut seg_end = e;
        let mut cut = false;
        let mut offset = 0;
        for (i, w) in seg_t.split(' ').enumerate() {
            if i > 0 && REPORTING_VERBS.contains(&w) && !is_upper_word(w) {
                seg_end = s + lead + offset;
                cut = true;
                break;
            }
            offset += w.len() + 1;
        }
        // A long lowercase run is prose, not a title.
        if seg_t.len() > 200 {
            break;
        }
        let seg_range = (s + lead, seg_end.max(s + lead));
        let trimmed_end = seg_range.0 + text[seg_range.0..seg_range.1].trim_end().len();
        role = Some(match role {
            Some((rs, _)) => (rs, trimmed_end),
            None => (seg_range.0, trimmed_end),
        });
        end = trimmed_end;
        if cut {
            break;
        }
    }
    Descriptor {
        role,
        on_behalf,
        end,
    }
}

/// Recognises a statement header at the start of a paragraph.
pub fn parse_statement_header(text: &str) -> Option<HeaderMatch> {
    // Most paragraphs open with a capitalised word in lower case ("The ..."): not a name in
    // capitals, an honorific, or "Following are ...". Reject those before any regex runs.
    let mut chars = text.chars();
    let (first, second) = (chars.next()?, chars.next()?);
    if !first.is_uppercase() {
        return None;
    }
    if second.is_lowercase()
        && !["Mr", "Ms", "Mrs", "MR", "MS", "Following"]
            .iter()
            .any(|p| text.starts_with(p))
    {
        return None;
    }
    if let Some(r) = parse_remarks(text) {
        return Some(r);
    }
    let caps = NAME_START.captures(text)?;
    let name_m = caps.name("name")?;
    let honorific = caps.name("hon").and_then(|h| {
        Honorific::parse(h.as_str()).map(|hon| (hon, (h.start(), h.start() + h.as_str().len() + 1)))
    });
    // Trim a trailing token that is really the start of prose ("A" as an article is not a name).
    let mut name_end = name_m.end();
    let name_text = name_m.as_str();
    let tokens: Vec<&str> = name_text.split_whitespace().collect();
    let long_tokens = tokens
        .iter()
        .filter(|t| t.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count();
    if honorific.is_none() && long_tokens < 2 {
        return None;
    }
    if long_tokens < 1 {
        return None;
    }
    // Names do not end in a bare period unless it is an initial.
    if name_text.ends_with('.') && tokens.last().is_some_and(|t| t.chars().count() > 2) {
        name_end -= 1;
    }
    let after = &text[name_end..];
    let name = (name_m.start(), name_end);
    if let Some((consumed, rest)) = crate::text::strip_space_paren(after) {
        let close = rest.find(')')?;
        let p_start = name_end + consumed;
        let p_end = p_start + close;
        if close == 0 || close > 80 {
            return None;
        }
        let mut end = p_end + 1;
        let mut role = None;
        let mut on_behalf = None;
        if text[end..].starts_with(',') {
            let Descriptor {
                role: r,
                on_behalf: ob,
                end: e,
            } = read_descriptor(text, end + 1);
            role = r;
            on_behalf = ob;
            if e > end + 1 {
                end = e;
            }
        }
        return Some(HeaderMatch {
            form: HeaderForm::Parenthesized,
            honorific,
            name,
            parenthesized: Some((p_start, p_end)),
            role,
            on_behalf_of: on_behalf,
            end,
        });
    }
    if let Some(rest) = after.strip_prefix(',') {
        let first = rest.split_whitespace().next().unwrap_or("");
        if honorific.is_some() && (is_verb_like(first) || first.is_empty()) {
            return Some(HeaderMatch {
                form: HeaderForm::PanelTurn,
                honorific,
                name,
                parenthesized: None,
                role: None,
                on_behalf_of: None,
                end: name_end,
            });
        }
        let Descriptor {
            role,
            on_behalf,
            end,
        } = read_descriptor(text, name_end + 1);
        if role.is_none() && on_behalf.is_none() {
            return None;
        }
        return Some(HeaderMatch {
            form: if honorific.is_some() && role.is_none() {
                HeaderForm::PanelTurn
            } else {
                HeaderForm::Titled
            },
            honorific,
            name,
            parenthesized: None,
            role,
            on_behalf_of: on_behalf,
            end,
        });
    }
    if let Some(rest) = after.strip_prefix(' ') {
        let first = rest.split_whitespace().next().unwrap_or("");
        if is_verb_like(first) && (honorific.is_some() || long_tokens >= 2) {
            return Some(HeaderMatch {
                form: if honorific.is_some() {
                    HeaderForm::PanelTurn
                } else {
                    HeaderForm::Titled
                },
                honorific,
                name,
                parenthesized: None,
                role: None,
                on_behalf_of: None,
                end: name_end,
            });
        }
    }
    None
}

/// "Following are UN Deputy Secretary-General Amina Mohammed’s remarks ...": the record is one
/// statement by the person named.
fn parse_remarks(text: &str) -> Option<HeaderMatch> {
    let c = REMARKS.captures(text)?;
    let who = c.name("who")?;
    let words: Vec<(usize, &str)> = who
        .as_str()
        .split(' ')
        .scan(0usize, |pos, w| {
            let start = *pos;
            *pos += w.len() + 1;
            Some((start, w))
        })
        .collect();
    // The name is the trailing run of capitalised words that are not titles.
    let mut first_name_word = words.len();
    for (i, (_, w)) in words.iter().enumerate().rev() {
        let cap = w.chars().next().is_some_and(|c| c.is_uppercase());
        let titleish =
            w.contains('-') || w.chars().all(|c| c.is_uppercase()) || w.ends_with("General");
        if cap && !titleish {
            first_name_word = i;
        } else {
            break;
        }
    }
    if first_name_word == words.len() || words.len() - first_name_word < 2 {
        return None;
    }
    let name_start = who.start() + words[first_name_word].0;
    let name = (name_start, who.end());
    let role = if first_name_word > 0 {
        let role_text = &text[who.start()..name_start];
        let skip = if role_text.starts_with("UN ") { 3 } else { 0 };
        Some((who.start() + skip, who.start() + role_text.trim_end().len()))
    } else {
        None
    };
    Some(HeaderMatch {
        form: HeaderForm::Remarks,
        honorific: None,
        name,
        parenthesized: None,
        role,
        on_behalf_of: None,
        end: who.end(),
    })
}

/// A person's key within a record: folded name tokens, initials and honorifics dropped.
pub fn name_key(name: &str) -> String {
    name_tokens(name).join(" ")
}

pub fn name_tokens(name: &str) -> Vec<String> {
    fold(name)
        .split(|c: char| c.is_whitespace())
        .map(|t| t.trim_matches(|c: char| c == '.' || c == ',' || c == '\''))
        .filter(|t| t.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .filter(|t| !matches!(*t, "mr" | "ms" | "mrs" | "dr" | "h.e"))
        .map(str::to_string)
        .collect()
}

pub use crate::names::tokens_compatible;

/// The entity a header's descriptor ties the speaker to: the last one named in it, skipping
/// "on behalf of" groups. Returns (entity index, byte range relative to `text`).
pub fn descriptor_entity(
    gaz: &Gazetteer,
    text: &str,
    range: (usize, usize),
) -> Option<(usize, (usize, usize))> {
    let slice = &text[range.0..range.1];
    let folded = FoldedText::new(slice);
    // A United Nations official's title names a topic, not a delegation: the Special Envoy
    // "for Syria" speaks for the Secretariat.
    let un_official = UN_OFFICIAL.is_match(slice);
    gaz.find_entities(slice, &folded)
        .into_iter()
        .rev()
        .find(|m| {
            m.form != crate::knowledge::NameForm::Demonym
                && (!un_official || !gaz.entity(m.entity).kind.is_delegation())
        })
        .map(|m| (m.entity, (range.0 + m.span.start, range.0 + m.span.end)))
}

static UN_OFFICIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:special\s+(?:envoy|representative|rapporteur|adviser|advisor|coordinator)|secretary[-\u{2011}\s]general|high\s+commissioner|envoy|rapporteur|emergency\s+relief|president\s+of\s+the\s+(?:general\s+assembly|security\s+council|economic\s+and\s+social\s+council))(?-u:\b)").unwrap()
});

#[cfg(test)]
mod tests {
    use super::*;

    fn hm(t: &str) -> HeaderMatch {
        parse_statement_header(t).unwrap_or_else(|| panic!("no header in {t}"))
    }

    fn part(t: &str, r: Option<(usize, usize)>) -> &str {
        r.map_or("", |(s, e)| &t[s..e])
    }

    #[test]
    fn parenthesized() {
        let t = "RÓBERT CHATRNÚCH (Slovakia), describing human trafficking as a violation, said";
        let h = hm(t);
        assert_eq!(h.form, HeaderForm::Parenthesized);
        assert_eq!(&t[h.name.0..h.name.1], "RÓBERT CHATRNÚCH");
        assert_eq!(part(t, h.parenthesized), "Slovakia");
        assert_eq!(h.role, None);
    }

    #[test]
    fn parenthesized_with_title() {
        let t = "MIROSLAV LAJČÁK (Slovakia), President of the General Assembly, said the will";
        let h = hm(t);
        assert_eq!(part(t, h.role), "President of the General Assembly");
    }

    #[test]
    fn titled_forms() {
        let t = "VLADIMIR MAKEI, Minister for Foreign Affairs of Belarus, noting that his country";
        let h = hm(t);
        assert_eq!(h.form, HeaderForm::Titled);
        assert_eq!(part(t, h.role), "Minister for Foreign Affairs of Belarus");
        let t = "DAVIT KNYAZYAN, speaking on behalf of Mher Grigoryan, Deputy Prime Minister of Armenia, said nations";
        let h = hm(t);
        assert_eq!(
            part(t, h.on_behalf_of),
            "speaking on behalf of Mher Grigoryan"
        );
        assert_eq!(part(t, h.role), "Deputy Prime Minister of Armenia");
        let t = "FREDRIK HANSEN, observer for the Holy See, pointed out that";
        assert_eq!(part(t, hm(t).role), "observer for the Holy See");
        let t = "ROSARIO VALASTRO, International Federation of Red Cross and Red Crescent Societies, said the";
        assert_eq!(
            part(t, hm(t).role),
            "International Federation of Red Cross and Red Crescent Societies"
        );
        let t = "YLVA JOHANSSON, a representative of the European Union, in its capacity as observer, said as a";
        assert_eq!(
            part(t, hm(t).role),
            "a representative of the European Union, in its capacity as observer"
        );
    }

    #[test]
    fn panel_turns() {
        let t = "Ms. MINGEIROU said the use of social protection";
        let h = hm(t);
        assert_eq!(h.form, HeaderForm::PanelTurn);
        assert_eq!(&t[h.name.0..h.name.1], "MINGEIROU");
        let t = "Ms. BIEN-AIMÉ, recalled that there has been";
        assert_eq!(hm(t).form, HeaderForm::PanelTurn);
        let t = "Ms. PELAEZ (Mexico), recognizing the links";
        let h = hm(t);
        assert_eq!(h.form, HeaderForm::Parenthesized);
        assert!(h.honorific.is_some());
        let t = "Mr. BLANCO CONDE asked Mr. Chhap what";
        assert_eq!(&t[hm(t).name.0..hm(t).name.1], "BLANCO CONDE");
    }

    #[test]
    fn not_headers() {
        for t in [
            "The representative of Greece said",
            "UNODC has aligned its responses",
            "In 2019, an Anti-Human Trafficking Officer",
            "COVID-19 revealed a lot",
            "Acting without a vote, the Assembly then adopted the resolution.",
        ] {
            assert_eq!(parse_statement_header(t), None, "{t}");
        }
    }

    #[test]
    fn remarks() {
        let t = "Following are UN Deputy Secretary-General Amina Mohammed’s remarks at the high-level meeting";
        let h = hm(t);
        assert_eq!(h.form, HeaderForm::Remarks);
        assert_eq!(&t[h.name.0..h.name.1], "Amina Mohammed");
        assert_eq!(part(t, h.role), "Deputy Secretary-General");
    }

    #[test]
    fn name_keys() {
        assert_eq!(name_key("KARI A. JOHNSTONE"), name_key("KARI JOHNSTONE"));
        assert_eq!(
            name_key("MARÍA BASSOLS DELGADO"),
            name_key("MARIA BASSOLS DELGADO")
        );
        let short = name_tokens("NAELA GABR");
        let long = name_tokens("NAELA GABR MOHAMED GABR ALI");
        assert!(tokens_compatible(&short, &long));
        assert!(tokens_compatible(
            &name_tokens("BLANCO"),
            &name_tokens("José Alfonso Blanco Conde")
        ));
        assert!(!tokens_compatible(
            &name_tokens("KARI JOHNSTONE"),
            &name_tokens("KARI SMITH")
        ));
    }
}
