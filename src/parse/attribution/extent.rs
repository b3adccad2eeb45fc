//! How far an attribution reaches around its cue: the reporting verb after it ("The representative
//! of X, explaining her position, said") or before it ("added Japan’s delegate", "said Pierre
//! Lacroix"), a title before a named person ("Secretary-General António Guterres"), "The" before a
//! possessive, and the parties the speaker also spoke for ("also speaking for A, B and C").

use regex::Regex;

use super::{Cue, LIST_SEPARATOR, Para, target};
use crate::knowledge::{EntityKind, Gazetteer};
use crate::record::{Attribution, AttributionTarget, PartyKind};
use crate::span::Span;
use crate::text::{ThreadRegex, clamp_to_char_boundary};

/// How far after a cue (and its "also speaking for" list) its reporting verb is looked for, in
/// bytes: an apposition or a participle clause ("explaining her delegation’s position before
/// the action,") is a line or two; the bound keeps a verb of a later clause out.
const VERB_AFTER: usize = 300;

/// Finite reporting verbs of the reporter's prose. Participles ("noting", "pointing") open
/// clauses, not attributions, and are left out.
const VERBS: &str = "said|says|noted|added|stressed|emphasized|emphasised|underlined|underscored|expressed|highlighted|welcomed|urged|called|asked|observed|pointed|recalled|reiterated|affirmed|reaffirmed|declared|explained|described|warned|argued|agreed|insisted|maintained|questioned|wondered|announced|proposed|suggested|acknowledged|deplored|condemned|regretted|recognized|recognised|cautioned|voiced|drew|echoed|joined|disassociated|dissociated|dismissed|labelled|labeled|detailed|provided|told|reported|outlined|commended|encouraged|requested|objected|rejected|supported|shared|spoke|continued|concluded|introduced|presented|briefed|informed|stated|remarked|countered|responded|replied|contended|lamented|praised|thanked|appealed|demanded|opposed|cited|referred|spotlighted|hailed";

/// Verbs that come before the party in an inverted cue ("“...,” said Pierre Lacroix").
const INVERTED_VERBS: &str = "said|added|stressed|noted|emphasized|emphasised|asked|continued|concluded|explained|observed|recalled|warned|declared|insisted|remarked|underlined|underscored|urged|cautioned|affirmed|stated|replied|responded|countered";

/// A capitalised word of a title or a name ("Labour", "University’s").
const CAPS: &str = r"\p{Lu}[\p{L}’'\-\u{2011}]*";

/// Adverbs that may stand between a cue and its verb ("Japan’s delegate also said").
const ADVERBS: &str =
    r"also|further|then|however|similarly|likewise|meanwhile|too|later|furthermore|moreover";

static VERB_NEXT: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(&format!(r"^(?:\s*\([^()]{{1,20}}\))?(?:\s+(?:of|for)\s+(?:the\s+)?{CAPS}(?:\s+(?:(?:and|of|the|for)\s+)*{CAPS})*)?,?(?:\s+(?:{ADVERBS}),?)*\s+({VERBS})(?-u:\b)")).unwrap()
});
static VERB_AFTER_COMMA: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(&format!(r",(?:\s+(?:{ADVERBS}),?)*\s+({VERBS})(?-u:\b)")).unwrap()
});
static VERB_BEFORE: ThreadRegex =
    ThreadRegex::new(|| Regex::new(&format!(r"(?:^|[\s,”\x22’])({INVERTED_VERBS})\s+$")).unwrap());
static ON_BEHALF: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"^,?\s+(?:also\s+)?(?:speaking\s+)?(?:for|on\s+behalf\s+of)\s+(?:the\s+)?").unwrap()
});
/// Words of a title written before a name ("Secretary-General", "General Assembly President").
static TITLE_BEFORE: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"(?:(?:General Assembly|Security Council|Deputy|Under|Assistant|Acting|Special|High|Permanent|Executive|Prime|Foreign|Vice|Council|Committee)[\s\-\u{2011}]+)*(?:Secretary[\-\u{2011}]General|President|Envoy|Rapporteur|Representative|Commissioner|Minister|Ambassador|Chair|Chairperson|Chairman|Chairwoman|Director|Coordinator|Judge|Prosecutor|Petitioner|Administrator|Adviser|Advisor)\s+$").unwrap()
});
/// A title naming an office of the United Nations system.
static OFFICIAL: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"Secretary[\-\u{2011}]General|Special (?:Envoy|Representative|Rapporteur|Adviser|Coordinator)|High Commissioner|Emergency Relief Coordinator|General Assembly President|President of the General Assembly|United Nations|Force Commander|Head of (?:the )?Mission|Resident Coordinator|Prosecutor of the International Criminal Court|International Court of Justice").unwrap()
});
static TITLED_VERB: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(&format!(
        r"^,\s+(?:a\s+|an\s+|the\s+)?([^,.;]{{3,160}}?),(?:\s+(?:{ADVERBS}),?)*\s+(?:{VERBS})(?-u:\b)"
    ))
    .unwrap()
});
static THE_BEFORE: ThreadRegex = ThreadRegex::new(|| Regex::new(r"(?-u:\b)[Tt]he\s+$").unwrap());

/// The last letters of the words that end [`TITLE_BEFORE`] matches before their white space
/// ("Secretary-General", "President", "Envoy", ...): a window whose last letter is none of these
/// is passed without running the pattern.
const TITLE_LAST_LETTERS: &[u8] = b"ltyren";

/// The last letter of every [`INVERTED_VERBS`] verb ("said", "added", ...), likewise.
const INVERTED_VERB_LAST_LETTERS: &[u8] = b"d";

/// Whether `window`'s last byte before its trailing white space is one of `letters`: what a
/// pattern ending in `(?:words)\s+$` needs when its words end in those letters.
fn last_before_space_is(window: &str, letters: &[u8]) -> bool {
    window
        .trim_end()
        .as_bytes()
        .last()
        .is_some_and(|b| letters.contains(b))
}

/// What an attribution covers beyond its cue.
#[derive(Debug, Clone)]
pub(super) struct Extent {
    pub text: Span,
    pub verb: Option<Span>,
    pub on_behalf: Vec<AttributionTarget>,
}

/// The reporting verb written just before `at` ("said ", "added "), within `floor..at`.
pub(super) fn verb_before(text: &str, floor: usize, at: usize) -> Option<Span> {
    let from = clamp_to_char_boundary(text, at.saturating_sub(20).max(floor));
    let window = &text[from..at];
    // The pattern ends in a verb and white space: a window that does not is ruled out without it.
    if !ends_in_space(window) || !last_before_space_is(window, INVERTED_VERB_LAST_LETTERS) {
        return None;
    }
    let c = VERB_BEFORE.captures(window)?;
    let g = c.get(1)?;
    Some(Span::new(g.start(), g.end()).shift(from))
}

/// Where a named person's cue starts once a title written before the name is counted in.
fn title_start(text: &str, floor: usize, at: usize) -> usize {
    let from = clamp_to_char_boundary(text, at.saturating_sub(80).max(floor));
    let window = &text[from..at];
    if !ends_in_space(window) || !last_before_space_is(window, TITLE_LAST_LETTERS) {
        return at;
    }
    TITLE_BEFORE.find(window).map_or(at, |m| from + m.start())
}

/// Whether `s` ends in white space, as the patterns that must end there (`\s+$`) need.
fn ends_in_space(s: &str) -> bool {
    s.chars().next_back().is_some_and(char::is_whitespace)
}

/// Whether a person not among the record's speakers, named at `name`, is written as the one
/// speaking: after an inverted verb, after a title and before a verb, or before a title that
/// names an office or a petitioner and then a verb.
pub(super) fn names_a_speaker(text: &str, para: &Para<'_>, name: Span) -> bool {
    let floor = para.span.start;
    let start = title_start(text, floor, name.start);
    if verb_before(text, floor, start).is_some() {
        return true;
    }
    let after = &text[name.end..para.span.end];
    if start < name.start && VERB_NEXT.is_match(after) {
        return true;
    }
    // The pattern opens with a comma.
    after.starts_with(',')
        && TITLED_VERB.captures(after).is_some_and(|c| {
            let title = &c[1];
            OFFICIAL.is_match(title)
                || title.contains("petitioner")
                || TITLE_BEFORE.is_match(&format!("{title} "))
        })
}

/// The sort of party an attribution credits, by the words around its cue and what its targets
/// are.
pub(super) fn party(text: &str, gaz: &Gazetteer, a: &Attribution) -> Option<PartyKind> {
    let written = a.text.cover(a.cue).text(text);
    let lower = written.to_lowercase();
    if lower.contains("petitioner") {
        return Some(PartyKind::Petitioner);
    }
    let kinds = || {
        a.targets
            .iter()
            .filter_map(|t| t.entity)
            .map(|e| gaz.entity(e).kind)
    };
    if let Some(person) = a.person {
        // The title: words before the name, and the apposition right after it (not a participle
        // clause further on: "..., asking whether the United Nations meeting ..., said").
        let before = &text[a.text.start.min(person.start)..person.start];
        let after = &text[person.end..a.claim.end.max(person.end)];
        let apposition = after.splitn(3, ',').take(2).collect::<Vec<_>>().join(",");
        let official = OFFICIAL.is_match(before)
            || OFFICIAL.is_match(&apposition)
            || kinds().any(|k| k == EntityKind::UnEntity);
        return Some(if official {
            PartyKind::Official
        } else {
            PartyKind::Person
        });
    }
    let kind = kinds().next()?;
    let observer = lower.contains("observer")
        || text[a.cue.end..a.claim.end]
            .trim_start()
            .starts_with(", in its capacity as observer");
    Some(match kind {
        EntityKind::ObserverState | EntityKind::Union => PartyKind::Observer,
        _ if observer => PartyKind::Observer,
        EntityKind::Member => PartyKind::Country,
        EntityKind::Organization | EntityKind::UnEntity => PartyKind::Organization,
        EntityKind::Territory => PartyKind::Petitioner,
    })
}

/// The extent of `cue` in its paragraph, whose next cue (if any) starts at `limit`.
pub(super) fn extent(
    text: &str,
    para: &Para<'_>,
    cue: &Cue,
    sentence: Span,
    limit: usize,
) -> Extent {
    let floor = sentence.start;
    let mut start = cue.span.start;
    if cue.person.is_some() {
        start = title_start(text, floor, start);
    } else if let Some(t) = THE_BEFORE
        .find(&text[clamp_to_char_boundary(text, start.saturating_sub(4).max(floor))..start])
    {
        start -= t.len();
    }
    let inverted = verb_before(text, floor, start);
    let (on_behalf, after_list) = on_behalf(text, para, cue.span.end);
    let end_limit = limit.min(sentence.end);
    let verb = inverted.or_else(|| verb_after(text, after_list, end_limit));
    let text_span = match verb {
        Some(v) if v.start < start => Span::new(v.start, after_list.max(cue.span.end)),
        Some(v) => Span::new(start, v.end),
        None => Span::new(start, after_list),
    };
    Extent {
        text: text_span,
        verb,
        on_behalf,
    }
}

/// The parties listed after "also speaking for" right after the cue, and where the list ends
/// (the cue's end when there is none).
fn on_behalf(text: &str, para: &Para<'_>, cue_end: usize) -> (Vec<AttributionTarget>, usize) {
    let rest = &text[cue_end..para.span.end];
    let Some(m) = ON_BEHALF.find(rest) else {
        return (Vec::new(), cue_end);
    };
    let list_start = cue_end + m.end();
    let Some(k) = para
        .mentions
        .iter()
        .position(|x| x.span.start == list_start)
    else {
        return (Vec::new(), cue_end);
    };
    let mut targets = vec![target(para.mentions[k])];
    let mut end = para.mentions[k].span.end;
    for next in &para.mentions[k + 1..] {
        if next.span.start < end || !LIST_SEPARATOR.is_match(&text[end..next.span.start]) {
            break;
        }
        targets.push(target(next));
        end = next.span.end;
    }
    (targets, end)
}

/// The reporting verb after a cue ending at `from`: right after it (adverbs aside) or after the
/// first comma that closes an apposition, before `limit`.
fn verb_after(text: &str, from: usize, limit: usize) -> Option<Span> {
    if from >= limit {
        return None;
    }
    let to = clamp_to_char_boundary(text, limit.min(from + VERB_AFTER));
    let window = &text[from..to];
    // The second pattern needs a comma: a window without one is searched by the first only.
    let c = VERB_NEXT.captures(window).or_else(|| {
        memchr::memchr(b',', window.as_bytes()).and(VERB_AFTER_COMMA.captures(window))
    })?;
    let g = c.get(1)?;
    Some(Span::new(g.start(), g.end()).shift(from))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reporting verb before `at` by the pattern alone (the reference of [`verb_before`]).
    fn verb_before_by_pattern(text: &str, floor: usize, at: usize) -> Option<Span> {
        let from = clamp_to_char_boundary(text, at.saturating_sub(20).max(floor));
        let g = VERB_BEFORE.captures(&text[from..at])?.get(1)?;
        Some(Span::new(g.start(), g.end()).shift(from))
    }

    /// Where a title before `at` starts, by the pattern alone (the reference of [`title_start`]).
    fn title_start_by_pattern(text: &str, floor: usize, at: usize) -> usize {
        let from = clamp_to_char_boundary(text, at.saturating_sub(80).max(floor));
        TITLE_BEFORE
            .find(&text[from..at])
            .map_or(at, |m| from + m.start())
    }

    /// The verb after a cue by both patterns alone (the reference of [`verb_after`]).
    fn verb_after_by_pattern(text: &str, from: usize, limit: usize) -> Option<Span> {
        if from >= limit {
            return None;
        }
        let to = clamp_to_char_boundary(text, limit.min(from + VERB_AFTER));
        let window = &text[from..to];
        let c = VERB_NEXT
            .captures(window)
            .or_else(|| VERB_AFTER_COMMA.captures(window))?;
        let g = c.get(1)?;
        Some(Span::new(g.start(), g.end()).shift(from))
    }

    #[test]
    fn the_last_letters_are_those_of_the_words() {
        for verb in INVERTED_VERBS.split('|') {
            assert!(INVERTED_VERB_LAST_LETTERS.contains(&verb.as_bytes()[verb.len() - 1]));
        }
        let titles = [
            "Secretary-General",
            "Secretary\u{2011}General",
            "President",
            "Envoy",
            "Rapporteur",
            "Representative",
            "Commissioner",
            "Minister",
            "Ambassador",
            "Chair",
            "Chairperson",
            "Chairman",
            "Chairwoman",
            "Director",
            "Coordinator",
            "Judge",
            "Prosecutor",
            "Petitioner",
            "Administrator",
            "Adviser",
            "Advisor",
        ];
        for title in titles {
            assert!(TITLE_BEFORE.is_match(&format!("{title} ")), "{title}");
            assert!(TITLE_LAST_LETTERS.contains(&title.as_bytes()[title.len() - 1]));
        }
    }

    #[test]
    fn the_words_before_the_patterns_keep_every_match() {
        let mut texts = crate::text::seed_texts();
        let pieces = [
            "said",
            "Said",
            "added",
            "urged ",
            " ",
            "  ",
            "\u{a0}",
            "\n",
            ",",
            ", ",
            "”",
            "’",
            "\"",
            "Secretary",
            "-",
            "\u{2011}",
            "General",
            "General Assembly ",
            "President ",
            "Vice ",
            "Chair",
            "Chairman",
            "person",
            "Envoy ",
            "Director",
            "s ",
            "é",
            "Anna ",
            "Cruz",
            "the ",
            "also ",
            "x",
            ".",
            "Special ",
            "Representative",
            "Adviser ",
            "petitioner",
        ];
        // One text a seed: the generator stops drawing once it draws an empty text.
        for seed in 1..3000u64 {
            let seed = seed.wrapping_mul(0x2545_f491_4f6c_dd1d);
            texts.extend(crate::text::random_texts(&pieces, seed, 24, 1));
        }
        let (mut verbs, mut titles, mut after) = (0, 0, 0);
        for text in &texts {
            for (at, c) in text.char_indices() {
                let floor = at.saturating_sub(60);
                let floor = clamp_to_char_boundary(text, floor);
                let expected = verb_before_by_pattern(text, floor, at);
                verbs += usize::from(expected.is_some());
                assert_eq!(verb_before(text, floor, at), expected, "{text:?} {at}");
                let expected = title_start_by_pattern(text, floor, at);
                titles += usize::from(expected < at);
                assert_eq!(title_start(text, floor, at), expected, "{text:?} {at}");
                if c == ' ' || c == ',' {
                    let expected = verb_after_by_pattern(text, at, text.len());
                    after += usize::from(expected.is_some());
                    assert_eq!(verb_after(text, at, text.len()), expected, "{text:?} {at}");
                    let rest = &text[at..];
                    assert!(!TITLED_VERB.is_match(rest) || rest.starts_with(','));
                }
            }
        }
        assert!(
            verbs > 1000 && titles > 1000 && after > 1000,
            "{verbs} {titles} {after}"
        );
    }

    #[test]
    fn verbs_after_a_cue_directly_or_after_an_apposition() {
        let t = "X, explaining her delegation’s position before the action, said Y.";
        let v = verb_after(t, 1, t.len()).unwrap();
        assert_eq!(v.text(t), "said");
        let t = "X also expressed concern.";
        assert_eq!(verb_after(t, 1, t.len()).unwrap().text(t), "expressed");
        let t = "X, pointing to the crisis in Syria.";
        assert!(verb_after(t, 1, t.len()).is_none());
    }

    #[test]
    fn inverted_verbs_and_titles_before_names() {
        let t = "“We must act,” said Pierre Lacroix";
        let at = t.find("Pierre").unwrap();
        assert_eq!(verb_before(t, 0, at).unwrap().text(t), "said");
        let t = "Secretary-General António Guterres said";
        let at = t.find("António").unwrap();
        assert_eq!(title_start(t, 0, at), 0);
        let t = "General Assembly President Abdulla Shahid";
        assert_eq!(title_start(t, 0, t.find("Abdulla").unwrap()), 0);
        let t = "the funds Abdulla Shahid";
        let at = t.find("Abdulla").unwrap();
        assert_eq!(title_start(t, 0, at), at);
    }
}
