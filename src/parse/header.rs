//! The record's masthead: session ordinal in words, meeting numbers and period, press-release
//! symbol, and the scrape noise above them.

use std::sync::LazyLock;

use regex::Regex;

/// Lines a web scrape leaves above or around a record.
pub fn is_scrape_noise(line: &str) -> bool {
    const NOISE: &[&str] = &[
        "skip to main content",
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

static SESSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<ord>[A-Za-z]+(?:[-\u{2011} ][A-Za-z]+)?)\s+(?:(?:Emergency\s+)?Special\s+|Resumed\s+)?Session\b,?")
        .unwrap()
});

static MEETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<nums>\d{1,5}(?:st|nd|rd|th)(?:\s*(?:&|,|and)\s*\d{1,5}(?:st|nd|rd|th))*)\s+(?:&\s+)?(?:Resumed\s+)?Meetings?\b(?:\s*\((?P<period>[^)]*)\))?",
    )
    .unwrap()
});

static MEETING_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,5})(?:st|nd|rd|th)").unwrap());

/// A press-release symbol: GA/12387, GA/SHC/4321, SC/15938, SG/SM/21033, DSG/SM/1700.
pub static PRESS_SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:GA|SC|SG|DSG|ECOSOC|HR|OBV|PI|NGO|ENV|DEV|POP|WOM|ORG|PAL|AFR|SAG|SEA|IHA|DC|SOC|CS|L|PKO|BIO|CD|EF)(?:/[A-Z]{2,6})*/\d{2,6}(?:-[A-Z]{1,6}(?:/[A-Z]{2,6})*/\d{2,6})*(?-u:\b)").unwrap()
});

static SYMBOL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z]{1,6}(?:/[A-Z]{1,6})*/\d{2,6}(?:-[A-Z]{1,6}(?:/[A-Z]{1,6})*/\d{2,6})*$")
        .unwrap()
});

/// "Seventy-sixth" → 76; accepts any ordinal in words up to ninety-ninth, and "hundredth".
pub fn ordinal_words_to_number(words: &str) -> Option<u32> {
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
pub struct MastheadLine {
    /// Session number and the byte range of its words within the line.
    pub session: Option<(u32, (usize, usize))>,
    pub meetings: Vec<u32>,
    pub meeting_range: Option<(usize, usize)>,
    pub period: Option<String>,
    pub symbol: Option<(String, (usize, usize))>,
}

impl MastheadLine {
    pub fn is_empty(&self) -> bool {
        self.session.is_none() && self.meetings.is_empty() && self.symbol.is_none()
    }
}

/// Reads a line as part of the masthead; an empty result means it is not one.
pub fn parse_masthead_line(line: &str) -> MastheadLine {
    let mut out = MastheadLine::default();
    let trimmed = line.trim_end();
    if trimmed.len() > 120 {
        return out;
    }
    if SYMBOL_LINE.is_match(trimmed) {
        out.symbol = Some((trimmed.to_string(), (0, trimmed.len())));
        return out;
    }
    let mut rest_start = 0;
    if let Some(c) = SESSION.captures(trimmed)
        && let Some(n) = ordinal_words_to_number(&c["ord"])
    {
        let m = c.get(0).unwrap();
        out.session = Some((n, (m.start(), m.end())));
        rest_start = m.end();
    }
    let rest = &trimmed[rest_start..];
    if let Some(c) = MEETING.captures(rest) {
        let m = c.get(0).unwrap();
        // A meeting line stands alone or follows the session on the same line.
        let before = rest[..m.start()].trim_matches(|ch: char| ch.is_whitespace() || ch == ',');
        if before.is_empty() {
            out.meetings = MEETING_NUMBER
                .captures_iter(&c["nums"])
                .filter_map(|n| n[1].parse().ok())
                .collect();
            out.meeting_range = Some((rest_start + m.start(), rest_start + m.end()));
            out.period = c.name("period").map(|p| p.as_str().trim().to_string());
        }
    }
    if out.session.is_some() || !out.meetings.is_empty() {
        let tail_start = out.meeting_range.map_or(rest_start, |r| r.1);
        let tail = trimmed[tail_start..].trim_start_matches([',', ' ']);
        if SYMBOL_LINE.is_match(tail) {
            let s = trimmed.len() - tail.len();
            out.symbol = Some((tail.to_string(), (s, trimmed.len())));
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

/// The organ a press-release symbol belongs to.
pub fn organ_of_symbol(symbol: &str) -> Option<&'static str> {
    let prefix = symbol.split('/').next()?;
    Some(match prefix {
        "GA" => match symbol.split('/').nth(1) {
            Some("SHC") => "General Assembly Third Committee",
            Some("EF") => "General Assembly Second Committee",
            Some("AB") => "General Assembly Fifth Committee",
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
        assert!(parse_masthead_line("Opening Remarks").is_empty());
    }
}
