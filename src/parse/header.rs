//! The record's masthead: session (ordinal in words or year), meeting numbers and period,
//! press-release symbol, the older layout's eight-digit date, and the site boilerplate above them.

use regex::Regex;

use crate::span::Span;
use crate::text::ThreadRegex;

/// Longest line read as part of the masthead. A session and meetings on one line ("Sixty-ninth
/// session, 16th, 17th & 18th Meetings (AM & PM)") stay under 60 bytes; twice that leaves room
/// for longer ones, and a longer line is prose, not searched. Set by hand.
const MAX_MASTHEAD_LINE: usize = 120;

/// The older layout's title in capitals: at least this many letters and two words (a shorter
/// line in capitals is a heading or a name), at most this many characters (a longer one is a
/// paragraph in capitals).
const MIN_CAPITALS_TITLE_LETTERS: usize = 8;
const MAX_CAPITALS_TITLE_CHARS: usize = 400;

/// Years an eight-digit date may name: from the United Nations' founding to the end of the
/// century, so that other eight-digit numbers opening a line rarely read as dates.
const DATE_YEARS: std::ops::RangeInclusive<u32> = 1945..=2099;

/// Lines a web scrape leaves above or around a record.
pub(crate) fn is_scrape_noise(line: &str) -> bool {
    const NOISE: &[&str] = &[
        "skip to main content",
        "in progress at unhq",
        "toggle navigation",
        "main navigation",
        "meetings coverage and press releases",
        "press release",
        "meetings coverage",
        "search",
        "home",
        "menu",
    ];
    let l = line.trim().to_ascii_lowercase();
    NOISE.contains(&l.as_str())
}

/// A session line: "Seventy-sixth Session,", "Sixty-ninth session,", "Resumed Seventy-sixth
/// Session,", "Tenth Emergency Special Session,", and the year-numbered sessions of ECOSOC and the
/// Special Committee on Decolonization ("2024 Session,"); the older layout's "Fifty-third General
/// Assembly".
static SESSION: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(
        r"^(?:(?P<resumed>[Rr]esumed)\s+)?(?:(?P<year>(?:19|20)\d{2})|(?P<ord>[A-Za-z]+(?:[-\u{2010}\u{2011}][A-Za-z]+| [A-Za-z]+(?:st|nd|rd|th))?))\s+(?:(?:(?P<resumed_after>[Rr]esumed)|[Ss]ubstantive|[Oo]rganizational|(?:[Ee]mergency\s+)?[Ss]pecial)\s+)?(?:[Ss]ession|General\s+Assembly)\b,?",
    )
    .unwrap()
});

static MEETING: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(
        r"(?P<nums>\d{1,5}(?:st|nd|rd|th)(?:\s*(?:&|,|and)\s*\d{1,5}(?:st|nd|rd|th))*)\s+(?:&\s+)?(?:[Rr]esumed\s+)?[Mm]eetings?\b(?:\s*\([Rr]esumed\))?(?:\s*\((?P<period>[^)]*)\))?",
    )
    .unwrap()
});

static MEETING_NUMBER: ThreadRegex =
    ThreadRegex::new(|| Regex::new(r"(\d{1,5})(?:st|nd|rd|th)").unwrap());

/// A press-release symbol in running text: GA/12387, GA/L/3613, GA/SHC/4321, SC/15938,
/// SG/SM/21033, DSG/SM/1700, ENV/DEV/2001. Read whole: every series level may be one letter (the
/// Sixth Committee's GA/L/), so GA/L/3613 is never read as L/3613.
pub(crate) static PRESS_SYMBOL: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"(?-u:\b)(?:GA|SC|SG|DSG|ECOSOC|HR|OBV|PI|NGO|ENV|DEV|POP|WOM|ORG|PAL|AFR|SAG|SEA|IHA|DC|SOC|CS|L|PKO|BIO|CD|EF)(?:/[A-Z]{1,6})*/\d{2,6}(?:-[A-Z]{1,6}(?:/[A-Z]{1,6})*/\d{2,6})*(?-u:\b)").unwrap()
});

/// Any symbol shape `LETTERS/LETTERS/.../digits`, read where the text says it is a press release
/// ("See Press Release ..."), so series the list above lacks are still read whole.
pub(crate) static ANY_PRESS_SYMBOL: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"(?-u:\b)[A-Z]{1,8}(?:/[A-Z]{1,8})*/\d{2,6}(?:-[A-Z]{1,8}(?:/[A-Z]{1,8})*/\d{2,6})*(?-u:\b)")
        .unwrap()
});

static SYMBOL_LINE: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"^[A-Z]{1,6}(?:/[A-Z]{1,6})*/\d{2,6}(?:-[A-Z]{1,6}(?:/[A-Z]{1,6})*/\d{2,6})*$")
        .unwrap()
});

/// "Seventy-sixth" → 76; accepts any ordinal in words up to ninety-ninth, and "hundredth".
pub(crate) fn ordinal_words_to_number(words: &str) -> Option<u32> {
    let w = words.to_ascii_lowercase().replace(['\u{2011}', ' '], "-");
    const UNITS: [&str; 10] = [
        "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    ];
    const TEENS: [&str; 10] = [
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    const TENS_ORD: [&str; 10] = [
        "",
        "",
        "twentieth",
        "thirtieth",
        "fortieth",
        "fiftieth",
        "sixtieth",
        "seventieth",
        "eightieth",
        "ninetieth",
    ];
    if w == "hundredth" || w == "one-hundredth" {
        return Some(100);
    }
    if let Some(i) = UNITS.iter().position(|u| !u.is_empty() && *u == w) {
        return Some(i as u32);
    }
    if let Some(i) = TEENS.iter().position(|u| *u == w) {
        return Some(10 + i as u32);
    }
    if let Some(i) = TENS_ORD.iter().position(|u| !u.is_empty() && *u == w) {
        return Some(10 * i as u32);
    }
    let (tens, unit) = w.split_once('-')?;
    let t = TENS.iter().position(|x| !x.is_empty() && *x == tens)?;
    let u = UNITS.iter().position(|x| !x.is_empty() && *x == unit)?;
    Some(10 * t as u32 + u as u32)
}

/// What one masthead line says; a line may carry several parts ("Seventy-seventh Session, 12th Meeting (AM)").
#[derive(Debug, Default, PartialEq)]
pub(crate) struct MastheadLine {
    /// Session number (an ordinal, or a year for organs that number sessions by year) and the
    /// byte range of its words within the line.
    pub session: Option<(u32, Span)>,
    /// "2024 Session,": the session number is a year.
    pub session_by_year: bool,
    /// "Resumed Seventy-sixth Session,".
    pub resumed: bool,
    pub meetings: Vec<u32>,
    pub meeting_range: Option<Span>,
    pub period: Option<String>,
    pub symbol: Option<(String, Span)>,
}

impl MastheadLine {
    pub(crate) fn is_empty(&self) -> bool {
        self.session.is_none() && self.meetings.is_empty() && self.symbol.is_none()
    }
}

/// Reads a line as part of the masthead; an empty result means it is not one.
pub(crate) fn parse_masthead_line(line: &str) -> MastheadLine {
    let mut out = MastheadLine::default();
    let trimmed = line.trim_end();
    if trimmed.len() > MAX_MASTHEAD_LINE {
        return out;
    }
    if SYMBOL_LINE.is_match(trimmed) {
        out.symbol = Some((trimmed.to_string(), Span::new(0, trimmed.len())));
        return out;
    }
    let mut rest_start = 0;
    if may_name_session(trimmed)
        && let Some(c) = SESSION.captures(trimmed)
    {
        let number = match (c.name("year"), c.name("ord")) {
            (Some(y), _) => y.as_str().parse().ok(),
            (None, Some(o)) => ordinal_words_to_number(o.as_str()),
            _ => None,
        };
        if let Some(n) = number {
            let m = c.get(0).unwrap();
            out.session = Some((n, Span::new(m.start(), m.end())));
            out.session_by_year = c.name("year").is_some();
            out.resumed = c.name("resumed").is_some() || c.name("resumed_after").is_some();
            rest_start = m.end();
        }
    }
    let rest = &trimmed[rest_start..];
    if may_name_meeting(rest)
        && let Some(c) = MEETING.captures(rest)
    {
        let m = c.get(0).unwrap();
        // A meeting line stands alone or follows the session on the same line.
        let before = rest[..m.start()].trim_matches(|ch: char| ch.is_whitespace() || ch == ',');
        if before.is_empty() {
            out.meetings = MEETING_NUMBER
                .captures_iter(&c["nums"])
                .filter_map(|n| n[1].parse().ok())
                .collect();
            out.meeting_range = Some(Span::new(m.start(), m.end()).shift(rest_start));
            out.period = c.name("period").map(|p| p.as_str().trim().to_string());
        }
    }
    if out.session.is_some() || !out.meetings.is_empty() {
        let tail_start = out.meeting_range.map_or(rest_start, |r| r.end);
        let tail = trimmed[tail_start..].trim_start_matches([',', ' ']);
        if SYMBOL_LINE.is_match(tail) {
            let s = trimmed.len() - tail.len();
            out.symbol = Some((tail.to_string(), Span::new(s, trimmed.len())));
        }
        // A session line must be only that: "Seventy-sixth Session," not a sentence.
        let leftover = if out.symbol.is_some() {
            ""
        } else {
            trimmed[tail_start..].trim()
        };
        if !leftover.is_empty() && !leftover.chars().all(|c| c == ',' || c == '.') {
            return MastheadLine::default();
        }
    }
    out
}

/// Whether [`SESSION`] may match `line`: it ends with "Session" or "General Assembly" (in
/// either case for the first letter). Most lines that reach it, the title and the meeting line,
/// hold neither, and are turned away without a search for captures.
fn may_name_session(line: &str) -> bool {
    line.contains("ession") || line.contains("General")
}

/// Whether [`MEETING`] may match `line`: it holds "Meeting" or "meeting".
fn may_name_meeting(line: &str) -> bool {
    line.contains("eeting")
}

/// Whether a line is a press-release symbol alone ("GA/L/3613", "ENV/DEV/2001").
pub(crate) fn is_symbol_line(line: &str) -> bool {
    SYMBOL_LINE.is_match(line.trim())
}

/// The older layout's line "Press Release" between the title and the symbol.
pub(crate) fn is_press_release_line(line: &str) -> bool {
    line.trim().eq_ignore_ascii_case("press release")
}

/// A title set in capitals, as the older layout prints it first: several words, every letter a
/// capital.
pub(crate) fn is_capitals_title(line: &str) -> bool {
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    letters >= MIN_CAPITALS_TITLE_LETTERS
        && line.split_whitespace().count() >= 2
        && line.chars().count() <= MAX_CAPITALS_TITLE_CHARS
        && line
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// The older layout's date: a line opening with eight digits `YYYYMMDD` ("19981005 Assembly
/// Hears ..."). Returns the date as `YYYY-MM-DD` and the byte length of the digits.
pub(crate) fn eight_digit_date(line: &str) -> Option<(String, usize)> {
    let digits = line.get(..8)?;
    if !digits.bytes().all(|b| b.is_ascii_digit())
        || line[8..].starts_with(|c: char| !c.is_whitespace())
    {
        return None;
    }
    let year: u32 = digits[..4].parse().ok()?;
    let month: u32 = digits[4..6].parse().ok()?;
    let day: u32 = digits[6..].parse().ok()?;
    if !DATE_YEARS.contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some((format!("{year:04}-{month:02}-{day:02}"), 8))
}

/// The organ a press-release symbol belongs to.
pub(crate) fn organ_of_symbol(symbol: &str) -> Option<&'static str> {
    let prefix = symbol.split('/').next()?;
    Some(match prefix {
        "GA" => match symbol.split('/').nth(1) {
            Some("SHC") => "General Assembly Third Committee",
            Some("EF") => "General Assembly Second Committee",
            Some("AB") => "General Assembly Fifth Committee",
            Some("COL") => "Special Committee on Decolonization",
            Some("PAL") => {
                "Committee on the Exercise of the Inalienable Rights of the Palestinian People"
            }
            Some("SPD") => "General Assembly Fourth Committee",
            Some("DIS") => "General Assembly First Committee",
            Some("L") => "General Assembly Sixth Committee",
            _ => "General Assembly",
        },
        "SC" => "Security Council",
        "ECOSOC" => "Economic and Social Council",
        "SG" => "Secretary-General",
        "DSG" => "Deputy Secretary-General",
        "HR" => "Human Rights",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        assert_eq!(ordinal_words_to_number("Seventy-sixth"), Some(76));
        assert_eq!(ordinal_words_to_number("Seventy-second"), Some(72));
        assert_eq!(ordinal_words_to_number("Eightieth"), Some(80));
        assert_eq!(ordinal_words_to_number("Twelfth"), Some(12));
        assert_eq!(ordinal_words_to_number("Tenth"), Some(10));
        assert_eq!(ordinal_words_to_number("Seventy"), None);
    }

    #[test]
    fn the_patterns_match_only_lines_the_byte_tests_let_through() {
        let mut lines: Vec<String> = Vec::new();
        for text in crate::text::seed_texts() {
            lines.extend(text.lines().map(str::to_string));
        }
        let pieces = [
            "Seventy-sixth ",
            "Session",
            "session",
            "SESSION",
            "General Assembly",
            "General  Assembly",
            "12th ",
            "Meeting",
            "meetings",
            "MEETING",
            " (AM)",
            ", ",
            "Resumed ",
            "2024 ",
            "GA/1",
            " ",
        ];
        lines.extend(crate::text::random_texts(
            &pieces,
            0x9e37_79b9_7f4a_7c15,
            6,
            20_000,
        ));
        let (mut sessions, mut meetings) = (0, 0);
        for line in &lines {
            if SESSION.is_match(line) {
                sessions += 1;
                assert!(may_name_session(line), "{line:?}");
            }
            if MEETING.is_match(line) {
                meetings += 1;
                assert!(may_name_meeting(line), "{line:?}");
            }
        }
        assert!(sessions > 300 && meetings > 100, "{sessions} {meetings}");
    }

    #[test]
    fn masthead_lines() {
        let s = parse_masthead_line("Seventy-sixth Session,");
        assert_eq!(s.session.map(|s| s.0), Some(76));
        let m = parse_masthead_line("38th & 39th Meetings (AM & PM)");
        assert_eq!(m.meetings, vec![38, 39]);
        assert_eq!(m.period.as_deref(), Some("AM & PM"));
        let sc = parse_masthead_line("9123rd Meeting (AM)");
        assert_eq!(sc.meetings, vec![9123]);
        let both = parse_masthead_line("Seventy-seventh Session, 12th Meeting (AM)");
        assert_eq!(both.session.map(|s| s.0), Some(77));
        assert_eq!(both.meetings, vec![12]);
        for sym in [
            "GA/12387",
            "GA/SHC/4321",
            "SC/15938",
            "SG/SM/21033",
            "DSG/SM/1700",
        ] {
            assert_eq!(parse_masthead_line(sym).symbol.unwrap().0, sym);
        }
        assert!(parse_masthead_line("The Second Session of the year was long.").is_empty());
        assert!(parse_masthead_line("2024 Session of the Council opened").is_empty());
        assert!(parse_masthead_line("Opening Remarks").is_empty());
    }

    #[test]
    fn sessions_of_every_organ() {
        let read = |l: &str| {
            let m = parse_masthead_line(l);
            (m.session.map(|s| s.0), m.session_by_year, m.resumed)
        };
        assert_eq!(read("Sixty-ninth session,"), (Some(69), false, false));
        assert_eq!(read("2024 Session,"), (Some(2024), true, false));
        assert_eq!(read("2022 Session,"), (Some(2022), true, false));
        assert_eq!(
            read("Resumed Seventy-sixth Session,"),
            (Some(76), false, true)
        );
        assert_eq!(
            read("Tenth Emergency Special Session,"),
            (Some(10), false, false)
        );
        assert_eq!(
            read("Fifty-third General Assembly"),
            (Some(53), false, false)
        );
        assert_eq!(
            read("Seventy\u{2011}sixth Session,"),
            (Some(76), false, false)
        );
    }

    #[test]
    fn meetings_of_every_shape() {
        let m = parse_masthead_line("16th, 17th & 18th Meetings (AM & PM)");
        assert_eq!(m.meetings, vec![16, 17, 18]);
        assert_eq!(m.period.as_deref(), Some("AM & PM"));
        assert_eq!(
            parse_masthead_line("12th & 13th Meetings").meetings,
            vec![12, 13]
        );
        let both = parse_masthead_line("Sixty-ninth session, 16th, 17th & 18th Meetings (AM & PM)");
        assert_eq!(both.session.map(|s| s.0), Some(69));
        assert_eq!(both.meetings, vec![16, 17, 18]);
    }

    #[test]
    fn symbols_of_every_series_read_whole() {
        for sym in [
            "GA/L/3613",
            "GA/SPD/571",
            "GA/AB/4391",
            "GA/COL/3358",
            "GA/EF/3590",
            "GA/DIS/3700",
            "GA/PAL/1450",
            "ECOSOC/7160",
            "SG/2287",
            "HR/5432",
            "L/2890",
            "ENV/DEV/2001",
            "OBV/2210",
            "PI/1500",
            "XYZ/ABC/DEF/123",
        ] {
            assert_eq!(parse_masthead_line(sym).symbol.unwrap().0, sym);
            assert!(is_symbol_line(sym), "{sym}");
        }
        for text in [
            "(See Press Release GA/L/3612.)",
            "ENV/DEV/2001 and GA/SHC/4321",
        ] {
            let found: Vec<&str> = PRESS_SYMBOL.find_iter(text).map(|m| m.as_str()).collect();
            assert!(
                found
                    .iter()
                    .all(|f| f.contains('/') && !f.starts_with("L/")),
                "{found:?}"
            );
        }
        assert_eq!(
            PRESS_SYMBOL
                .find("(See Press Release GA/L/3612.)")
                .unwrap()
                .as_str(),
            "GA/L/3612"
        );
    }

    #[test]
    fn older_layout_lines() {
        assert_eq!(
            eight_digit_date("19981005 Speakers Also Address Debt"),
            Some(("1998-10-05".to_string(), 8))
        );
        assert_eq!(
            eight_digit_date("19981005"),
            Some(("1998-10-05".to_string(), 8))
        );
        assert_eq!(eight_digit_date("19981305 month thirteen"), None);
        assert_eq!(eight_digit_date("1998100512 digits"), None);
        assert!(is_press_release_line("Press Release"));
        assert!(is_capitals_title("ASSEMBLY CONTINUES GENERAL DEBATE"));
        assert!(!is_capitals_title("Assembly Continues General Debate"));
        assert!(!is_capitals_title("GA/9460"));
    }
}
