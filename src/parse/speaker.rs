//! Statement headers in every form the records use — `NAME (Country)`, `NAME, Title of Country,`,
//! `NAME, observer for X,`, `Ms. NAME said`, "Following are X’s remarks" — and name keys.

use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashSet;

use super::name_runs::{ascii_run, capitalised_run, is_ascii_space};
use crate::knowledge::Gazetteer;
use crate::record::{HeaderForm, Honorific};
use crate::span::Span;
use crate::text::{ThreadRegex, fold};

/// A recognised speaker header, with byte spans relative to the paragraph.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HeaderMatch {
    pub form: HeaderForm,
    pub honorific: Option<(Honorific, Span)>,
    pub name: Span,
    /// Text inside the parentheses after the name.
    pub parenthesized: Option<Span>,
    /// The title or affiliation segments ("Minister for Foreign Affairs of Belarus").
    pub role: Option<Span>,
    pub on_behalf_of: Option<Span>,
    /// Where the header ends and the reported speech begins.
    pub end: usize,
}

impl HeaderMatch {
    /// A header of this form that is the name alone, ending where the name ends.
    fn bare(form: HeaderForm, name: &HeaderName) -> HeaderMatch {
        HeaderMatch {
            form,
            honorific: name.honorific,
            name: name.span,
            parenthesized: None,
            role: None,
            on_behalf_of: None,
            end: name.span.end,
        }
    }
}

/// Openings in mixed case that may still start a header: an honorific ("Ms. MINGEIROU") or the
/// remarks form ("Following are ...").
const MIXED_CASE_OPENERS: &[&str] = &["Mr", "Ms", "Mrs", "MR", "MS", "Following"];

/// Longest text inside a header's parentheses, in bytes: the longest affiliation written there,
/// "International Federation of Red Cross and Red Crescent Societies", is 64; longer is a
/// parenthetical remark, not an affiliation. Set by hand.
const MAX_PARENTHESIZED: usize = 80;

/// Longest descriptor segment between commas, in bytes: a title is a few words ("Minister for
/// Foreign Affairs of Belarus" is 39); a segment longer than this is the reported speech run on
/// without a comma. Set by hand.
const MAX_DESCRIPTOR_SEGMENT: usize = 200;

/// A lower-case word longer than this ending in "-ed" or "-ing" is read as a verb (shorter ones,
/// "red", "bed", "king", are not).
const MIN_VERB_LIKE_LEN: usize = 5;

/// Verbs that open the reported speech after a header.
const REPORTING_VERBS: &str = "\
     said says stated noted observed added asked called recalled urged welcomed described \
     pointed spoke told warned agreed declared cautioned outlined commended condemned \
     explained introduced presented reiterated reaffirmed underlined underscored highlighted \
     emphasized emphasised stressed expressed voiced recognized detailed signalled \
     spotlighted labelled delivered drew gave took made shared invited thanked announced \
     insisted maintained recommended proposed suggested acknowledged affirmed argued \
     questioned wondered hoped regretted concluded began opened ended continued went turned \
     joined echoed lamented deplored praised applauded supported rejected dismissed asserted \
     contended estimated reported reminded responded replied answered briefed informed \
     considered believed felt listed cited referred favoured encouraged appealed requested \
     sought put raised recounted reviewed summarized showcased touched addressed discussed \
     elaborated explored focused noting calling speaking";

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

/// An honorific opening a header, with the period and spaces after it ("Ms. ").
static HONORIFIC: ThreadRegex =
    ThreadRegex::new(|| Regex::new(r"^(?:Mr|Ms|Mrs|MR|MS|MRS)\.?\s+").unwrap());

/// A name in capitals: capitalised tokens, words in capitals (with accents, apostrophes,
/// hyphens) or initials. Searched for on its own rather than as a group after an optional
/// honorific group: a plain search takes the fast engine, a capture group the slow one.
static NAME: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(
        r"^(?:\p{Lu}[\p{Lu}\p{M}'’\-\u{2011}]*\.?|\p{Lu}\.)(?:\s+(?:(?:de|del|da|dos|van|von|bin|al|el|la|le)\s+)?(?:\p{Lu}[\p{Lu}\p{M}'’\-\u{2011}]*\.?|\p{Lu}\.))*",
    )
    .unwrap()
});

/// The name opening `text`, after an honorific if one opens it and a name follows it, as
/// `^(?:(?P<hon>Mr|Ms|Mrs|MR|MS|MRS)\.?\s+)?(?P<name>NAME)` would read it: the honorific's
/// span (its letters) and the name's. After an honorific only one length of `\.?\s+` can be
/// followed by a name (which opens with a capital), so taking the honorific's whole match
/// loses no reading.
fn name_start(text: &str) -> Option<(Option<Span>, Span)> {
    // Every honorific opens with "M": the regex runs only where one may open.
    if text.starts_with('M')
        && let Some(h) = HONORIFIC.find(text)
        && let Some(n) = name_len(&text[h.end()..])
    {
        let letters = h.as_str().trim_end().trim_end_matches('.');
        let honorific = Span::new(h.start(), h.start() + letters.len());
        return Some((Some(honorific), Span::new(0, n).shift(h.end())));
    }
    let n = name_len(text)?;
    Some((None, Span::new(0, n)))
}

/// The length of [`NAME`]'s match at the start of `text`: read byte by byte while the
/// characters it depends on are ASCII, else by the pattern.
fn name_len(text: &str) -> Option<usize> {
    match name_len_ascii(text.as_bytes()) {
        Some(found) => found,
        None => NAME.find(text).map(|m| m.end()),
    }
}

/// [`NAME`]'s match at the start of `s` as `Some(length)` (`Some(None)`: no match), read while
/// every byte it depends on is ASCII; `None` when a non-ASCII character is met before the match
/// is decided. The pattern's choices are forced (a token runs as far as its class does, a
/// particle is a whole lower-case word followed by white space, a word then needs a capital),
/// so the first way through is the match, and a word that cannot follow ends it before the
/// white space.
fn name_len_ascii(s: &[u8]) -> Option<Option<usize>> {
    let Some(mut end) = capitals_token_ascii(s, 0)? else {
        return Some(None);
    };
    loop {
        let word = ascii_run(s, end, is_ascii_space)?;
        if word == end {
            return Some(Some(end));
        }
        let lower_end = ascii_run(s, word, |b| b.is_ascii_lowercase())?;
        let mut token = word;
        if s.get(lower_end).copied().is_some_and(is_ascii_space)
            && matches!(
                &s[word..lower_end],
                b"de"
                    | b"del"
                    | b"da"
                    | b"dos"
                    | b"van"
                    | b"von"
                    | b"bin"
                    | b"al"
                    | b"el"
                    | b"la"
                    | b"le"
            )
        {
            token = ascii_run(s, lower_end, is_ascii_space)?;
        }
        match capitals_token_ascii(s, token)? {
            Some(e) => end = e,
            None => return Some(Some(end)),
        }
    }
}

/// A token of [`NAME`] at `i` (a capital, capitals, apostrophes and hyphens, an optional
/// period): its end, `Some(None)` when none starts there, `None` when a non-ASCII character
/// decides.
fn capitals_token_ascii(s: &[u8], i: usize) -> Option<Option<usize>> {
    let capitals = |b: u8| b.is_ascii_uppercase() || b == b'\'' || b == b'-';
    let Some(end) = capitalised_run(s, i, capitals)? else {
        return Some(None);
    };
    Some(Some(if s.get(end) == Some(&b'.') {
        end + 1
    } else {
        end
    }))
}

static REMARKS: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"^Following (?:are|is) (?:the )?(?P<who>[^.]{3,160}?)[’']s? (?:opening |closing |video |keynote )?(?:remarks|statement|message|address|speech|briefing)\b").unwrap()
});

fn is_upper_word(w: &str) -> bool {
    let mut letters = w.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// Whether `s`, lower-cased, starts with the lower-case `prefix`: lower-cases only as many
/// characters as the prefix needs instead of the whole segment.
#[inline]
fn starts_with_lowered(s: &str, prefix: &str) -> bool {
    // Most segments differ from a prefix at their first byte: an ASCII first character lowers to
    // that one byte, which the prefix must open with.
    if let (Some(&first), Some(&opening)) = (s.as_bytes().first(), prefix.as_bytes().first())
        && first.is_ascii()
        && first.to_ascii_lowercase() != opening
    {
        return false;
    }
    // An ASCII opening lowers byte for byte; only other text needs Unicode lowering.
    if let Some(head) = s.as_bytes().get(..prefix.len())
        && head.is_ascii()
    {
        return head.eq_ignore_ascii_case(prefix.as_bytes());
    }
    let n = prefix.chars().count();
    s.chars()
        .flat_map(char::to_lowercase)
        .take(n)
        .eq(prefix.chars())
}

fn is_verb_like(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphabetic());
    if w.is_empty() || !w.chars().next().unwrap().is_lowercase() {
        return false;
    }
    is_reporting_verb(w)
        || (w.len() >= MIN_VERB_LIKE_LEN && (w.ends_with("ing") || w.ends_with("ed")))
}

/// [`REPORTING_VERBS`] as a set: every word of a descriptor is looked up.
static REPORTING_VERB_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| REPORTING_VERBS.split_whitespace().collect());

fn is_reporting_verb(w: &str) -> bool {
    // Every reporting verb opens with a lower-case ASCII letter; most words of a title open with
    // a capital, and are turned away before they are hashed.
    w.as_bytes().first().is_some_and(u8::is_ascii_lowercase) && REPORTING_VERB_SET.contains(w)
}

/// Splits at commas outside parentheses; yields segment ranges relative to `s`, as they are
/// reached: a descriptor is usually done after its first segments, long before the sentence end.
fn comma_segments(s: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = s.as_bytes();
    let mut depth = 0i32;
    let mut start = 0;
    let mut i = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        // The delimiters are ASCII, so a byte search sees them at the same offsets as a char
        // walk; the vector search passes over the words between them.
        while let Some(k) = memchr::memchr3(b'(', b')', b',', &bytes[i..]) {
            let at = i + k;
            i = at + 1;
            match bytes[at] {
                b'(' => depth += 1,
                b')' => depth -= 1,
                b',' if depth <= 0 => {
                    let seg = Span::new(start, at);
                    start = at + 1;
                    return Some(seg);
                }
                _ => {}
            }
        }
        done = true;
        Some(Span::new(start, s.len()))
    })
}

/// A header's descriptor: title segments, an "on behalf of" clause, and where the header ends.
struct Descriptor {
    role: Option<Span>,
    on_behalf: Option<Span>,
    end: usize,
}

/// Where a title segment runs into the reporting verb without a comma ("Minister of X said"):
/// the byte offset of the verb within `seg`, if one follows the first word.
fn verb_inside(seg: &str) -> Option<usize> {
    // The words between spaces, as `split(' ')` yields them, found with the vector search.
    let ends = memchr::memchr_iter(b' ', seg.as_bytes()).chain(std::iter::once(seg.len()));
    let mut start = 0;
    for (i, end) in ends.enumerate() {
        let w = &seg[start..end];
        if i > 0 && is_reporting_verb(w) && !is_upper_word(w) {
            return Some(start);
        }
        start = end + 1;
    }
    None
}

/// A sentence's end, as a descriptor reads it: the searcher is built once, not per header.
static SENTENCE_END: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(". "));

/// Reads the descriptor segments after a name or parentheses, starting at `from` (just after a
/// comma): the title or affiliation, an "on behalf of" clause, and where the header ends.
fn read_descriptor(text: &str, from: usize) -> Descriptor {
    let mut role: Option<Span> = None;
    let mut on_behalf: Option<Span> = None;
    let mut end = from;
    // Look no further than the first sentence end.
    let limit = SENTENCE_END
        .find(&text.as_bytes()[from..])
        .map_or(text.len(), |i| from + i);
    for seg in comma_segments(&text[from..limit]) {
        let Span { start: s, end: e } = seg.shift(from);
        let seg = &text[s..e];
        let lead = seg.len() - seg.trim_start().len();
        let seg_t = seg.trim();
        if seg_t.is_empty() {
            break;
        }
        let first_word = seg_t.split_whitespace().next().unwrap_or("");
        let starts_upper = first_word.chars().next().is_some_and(|c| c.is_uppercase());
        if starts_with_lowered(seg_t, "speaking on behalf of")
            || starts_with_lowered(seg_t, "on behalf of")
        {
            on_behalf = Some(Span::new(s + lead, e));
            end = e;
            continue;
        }
        // The openers are looked up only for a segment in lower case: a capitalised one is
        // taken whatever it opens with. The reported speech ("said that ...") is the segment
        // most often in lower case, and opens with a verb: the verb is looked for first.
        let opener = || {
            DESCRIPTOR_OPENERS
                .iter()
                .any(|o| starts_with_lowered(seg_t, o))
        };
        if is_verb_like(first_word) || !(starts_upper || opener()) {
            break;
        }
        // Measured before the verb is looked for: a segment too long to be a title is often the
        // rest of the sentence, and reading its every word would be wasted.
        if seg_t.len() > MAX_DESCRIPTOR_SEGMENT {
            break;
        }
        let cut = verb_inside(seg_t);
        let seg_end = cut.map_or(e, |at| s + lead + at).max(s + lead);
        let trimmed_end = s + lead + text[s + lead..seg_end].trim_end().len();
        let role_start = role.map_or(s + lead, |r| r.start);
        role = Some(Span::new(role_start, trimmed_end));
        end = trimmed_end;
        if cut.is_some() {
            break;
        }
    }
    Descriptor {
        role,
        on_behalf,
        end,
    }
}

/// The name that opens a header, with its honorific.
struct HeaderName {
    honorific: Option<(Honorific, Span)>,
    span: Span,
    /// Tokens of two letters or more (initials aside).
    long_tokens: usize,
}

/// Most paragraphs open with a capitalised word in lower case ("The ..."): not a name in
/// capitals, an honorific, or "Following are ...". Rejects those before any regex runs.
fn may_open_header(text: &str) -> bool {
    let mut chars = text.chars();
    let (Some(first), Some(second)) = (chars.next(), chars.next()) else {
        return false;
    };
    first.is_uppercase()
        && (!second.is_lowercase() || MIXED_CASE_OPENERS.iter().any(|p| text.starts_with(p)))
}

/// Whether a token holds two letters or more: counted from the bytes when it is ASCII, as names
/// nearly always are, where a letter is an ASCII letter.
fn has_two_letters(token: &str) -> bool {
    if token.is_ascii() {
        token
            .bytes()
            .filter(u8::is_ascii_alphabetic)
            .nth(1)
            .is_some()
    } else {
        token.chars().filter(|c| c.is_alphabetic()).nth(1).is_some()
    }
}

/// The name in capitals (or after an honorific) that opens a paragraph.
fn read_name(text: &str) -> Option<HeaderName> {
    let (hon, name_m) = name_start(text)?;
    let honorific = hon.and_then(|h| {
        Honorific::parse(h.text(text)).map(|hon| (hon, Span::new(h.start, h.end + 1)))
    });
    // A name of one short token ("A" as an article) is the start of prose, not a name.
    let name_text = name_m.text(text);
    let long_tokens = name_text
        .split_whitespace()
        .filter(|t| has_two_letters(t))
        .count();
    if (honorific.is_none() && long_tokens < 2) || long_tokens < 1 {
        return None;
    }
    // Names do not end in a bare period unless it is an initial.
    let mut name_end = name_m.end;
    if name_text.ends_with('.')
        && name_text
            .split_whitespace()
            .next_back()
            .is_some_and(|t| t.chars().nth(2).is_some())
    {
        name_end -= 1;
    }
    Some(HeaderName {
        honorific,
        span: Span::new(name_m.start, name_end),
        long_tokens,
    })
}

/// Recognises a statement header at the start of a paragraph.
pub(crate) fn parse_statement_header(text: &str) -> Option<HeaderMatch> {
    if !may_open_header(text) {
        return None;
    }
    if let Some(r) = parse_remarks(text) {
        return Some(r);
    }
    let name = read_name(text)?;
    let after = &text[name.span.end..];
    if let Some((consumed, rest)) = crate::text::strip_space_paren(after) {
        return parenthesized_header(text, &name, name.span.end + consumed, rest);
    }
    if let Some(rest) = after.strip_prefix(',') {
        return comma_header(text, &name, rest);
    }
    let rest = after.strip_prefix(' ')?;
    let first = rest.split_whitespace().next().unwrap_or("");
    if !(is_verb_like(first) && (name.honorific.is_some() || name.long_tokens >= 2)) {
        return None;
    }
    let form = if name.honorific.is_some() {
        HeaderForm::PanelTurn
    } else {
        HeaderForm::Titled
    };
    Some(HeaderMatch::bare(form, &name))
}

/// `NAME (Country)`, possibly followed by `, Title,`; `paren` is where the parentheses' text
/// starts and `rest` the text from there.
fn parenthesized_header(
    text: &str,
    name: &HeaderName,
    paren: usize,
    rest: &str,
) -> Option<HeaderMatch> {
    let close = rest.find(')')?;
    if close == 0 || close > MAX_PARENTHESIZED {
        return None;
    }
    let inner = Span::new(paren, paren + close);
    let mut end = inner.end + 1;
    let mut descriptor = None;
    if text[end..].starts_with(',') {
        let d = read_descriptor(text, end + 1);
        if d.end > end + 1 {
            end = d.end;
        }
        descriptor = Some(d);
    }
    Some(HeaderMatch {
        parenthesized: Some(inner),
        role: descriptor.as_ref().and_then(|d| d.role),
        on_behalf_of: descriptor.as_ref().and_then(|d| d.on_behalf),
        end,
        ..HeaderMatch::bare(HeaderForm::Parenthesized, name)
    })
}

/// `NAME, Title of Country,` or a panel turn `Ms. NAME, recalled`; `rest` follows the comma.
fn comma_header(text: &str, name: &HeaderName, rest: &str) -> Option<HeaderMatch> {
    let first = rest.split_whitespace().next().unwrap_or("");
    if name.honorific.is_some() && (is_verb_like(first) || first.is_empty()) {
        return Some(HeaderMatch::bare(HeaderForm::PanelTurn, name));
    }
    let Descriptor {
        role,
        on_behalf,
        end,
    } = read_descriptor(text, name.span.end + 1);
    if role.is_none() && on_behalf.is_none() {
        return None;
    }
    let form = if name.honorific.is_some() && role.is_none() {
        HeaderForm::PanelTurn
    } else {
        HeaderForm::Titled
    };
    Some(HeaderMatch {
        role,
        on_behalf_of: on_behalf,
        end,
        ..HeaderMatch::bare(form, name)
    })
}

/// "Following are UN Deputy Secretary-General Amina Mohammed’s remarks ...": the record is one
/// statement by the person named.
fn parse_remarks(text: &str) -> Option<HeaderMatch> {
    // The pattern's literal opening: checked first, as a failed `captures` still allocates.
    if !text.starts_with("Following ") {
        return None;
    }
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
    let name = Span::new(name_start, who.end());
    let role = if first_name_word > 0 {
        let role_text = &text[who.start()..name_start];
        let skip = if role_text.starts_with("UN ") { 3 } else { 0 };
        Some(Span::new(
            who.start() + skip,
            who.start() + role_text.trim_end().len(),
        ))
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

/// Tokens a name key leaves out (folded): honorifics and "Dr", "H.E.", as [`name_words`] drops
/// them.
const DROPPED_NAME_WORDS: &[&str] = &["mr", "ms", "mrs", "dr", "h.e"];

/// A person's key within a record: folded name tokens, initials and honorifics dropped.
pub(crate) fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    let push = |t: &str| {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(t);
    };
    // A name is nearly always ASCII, which folds to its lower case: its words are read as
    // written and the key lowered once made, with no folded copy of the name. A vertical tab
    // is white space to `char::is_whitespace` but not to the ASCII split.
    if name.is_ascii() && !name.contains('\x0B') {
        name_words_ascii(name).for_each(push);
        key.make_ascii_lowercase();
    } else {
        name_words(&fold(name)).for_each(push);
    }
    key
}

/// The words [`name_words`] reads in the fold of an ASCII name without vertical tabs, from the
/// name folded or as it is written (in capitals): found without decoding characters (the empty
/// pieces the general split yields have no letters, and are dropped either way), the dropped
/// words compared case aside.
pub(crate) fn name_words_ascii(name: &str) -> impl Iterator<Item = &str> {
    name.split_ascii_whitespace()
        .map(trim_name_marks)
        .filter(|t| t.bytes().filter(u8::is_ascii_alphabetic).nth(1).is_some())
        .filter(|t| {
            t.len() > LONGEST_DROPPED
                || !DROPPED_NAME_WORDS.iter().any(|d| t.eq_ignore_ascii_case(d))
        })
}

/// The longest of [`DROPPED_NAME_WORDS`]: a longer word is none of them.
const LONGEST_DROPPED: usize = 3;

/// `token` without the periods, commas and apostrophes around it, as
/// `trim_matches(['.', ',', '\''])` leaves it: the marks are ASCII, so the bytes are read.
fn trim_name_marks(token: &str) -> &str {
    let mark = |b: &u8| matches!(b, b'.' | b',' | b'\'');
    let bytes = token.as_bytes();
    let start = bytes.iter().position(|b| !mark(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !mark(b))
        .map_or(start, |i| i + 1);
    &token[start..end]
}

pub(crate) fn name_tokens(name: &str) -> Vec<String> {
    name_words(&fold(name)).map(str::to_string).collect()
}

/// The name tokens of a folded name, borrowed from it.
pub(crate) fn name_words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| c.is_whitespace())
        .map(trim_name_marks)
        .filter(|t| has_two_letters(t))
        .filter(|t| !matches!(*t, "mr" | "ms" | "mrs" | "dr" | "h.e"))
}

pub(crate) use crate::names::tokens_compatible;

/// The entity a header's descriptor ties the speaker to: the last one named in it, skipping
/// "on behalf of" groups. Returns (entity index, byte span relative to `text`).
pub(crate) fn descriptor_entity(gaz: &Gazetteer, text: &str, range: Span) -> Option<(usize, Span)> {
    let slice = range.text(text);
    // A United Nations official's title names a topic, not a delegation: the Special Envoy
    // "for Syria" speaks for the Secretariat. Asked only of a delegation, once.
    let mut un_official = None;
    gaz.find_entities(slice)
        .into_iter()
        .rev()
        .find(|m| {
            m.form != crate::knowledge::NameForm::Demonym
                && (!gaz.entity(m.entity).kind.is_delegation()
                    || !*un_official.get_or_insert_with(|| UN_OFFICIAL.is_match(slice)))
        })
        .map(|m| (m.entity, m.span.shift(range.start)))
}

static UN_OFFICIAL: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:special\s+(?:envoy|representative|rapporteur|adviser|advisor|coordinator)|secretary[-\u{2011}\s]general|high\s+commissioner|envoy|rapporteur|emergency\s+relief|president\s+of\s+the\s+(?:general\s+assembly|security\s+council|economic\s+and\s+social\s+council))(?-u:\b)").unwrap()
});

#[cfg(test)]
#[path = "speaker_tests.rs"]
mod tests;
