//! `rapporteur rules` and `rapporteur explain CODE`: the checks documented from the tool itself,
//! from the same pages as docs/checks/ (compiled in, so an installed binary carries them).

use crate::checks::CheckCode;

/// A mistyped code this close (Jaro-Winkler) to a real one is answered with "did you mean";
/// at 0.85, one dropped, doubled or swapped letter in a code of eight letters or more passes.
const CLOSE_ENOUGH: f64 = 0.85;

/// Each check's documentation page, by code.
const PAGES: &[(&str, &str)] = &[
    (
        "unknown-country",
        include_str!("../../docs/checks/unknown-country.md"),
    ),
    (
        "attribution-without-statement",
        include_str!("../../docs/checks/attribution-without-statement.md"),
    ),
    (
        "attribution-mismatch",
        include_str!("../../docs/checks/attribution-mismatch.md"),
    ),
    (
        "misattributed-quote",
        include_str!("../../docs/checks/misattributed-quote.md"),
    ),
    (
        "speaker-country-conflict",
        include_str!("../../docs/checks/speaker-country-conflict.md"),
    ),
    (
        "roster-mismatch",
        include_str!("../../docs/checks/roster-mismatch.md"),
    ),
    (
        "reply-without-statement",
        include_str!("../../docs/checks/reply-without-statement.md"),
    ),
    (
        "honorific-mismatch",
        include_str!("../../docs/checks/honorific-mismatch.md"),
    ),
    (
        "name-variant",
        include_str!("../../docs/checks/name-variant.md"),
    ),
    (
        "duplicate-paragraph",
        include_str!("../../docs/checks/duplicate-paragraph.md"),
    ),
    (
        "noncanonical-instrument",
        include_str!("../../docs/checks/noncanonical-instrument.md"),
    ),
    (
        "instrument-year-mismatch",
        include_str!("../../docs/checks/instrument-year-mismatch.md"),
    ),
    (
        "unresolved-reference",
        include_str!("../../docs/checks/unresolved-reference.md"),
    ),
    (
        "duplicate-symbol",
        include_str!("../../docs/checks/duplicate-symbol.md"),
    ),
    (
        "stale-baseline-entry",
        include_str!("../../docs/checks/stale-baseline-entry.md"),
    ),
];

/// The documentation page of a check code.
pub fn page(code: &str) -> Option<&'static str> {
    PAGES.iter().find(|(c, _)| *c == code).map(|(_, p)| *p)
}

/// `rules`: every code with its default severity and what fires it, one per line.
pub fn list() -> String {
    let width = CheckCode::ALL
        .iter()
        .map(|c| c.as_str().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for code in CheckCode::ALL {
        out.push_str(&format!(
            "{:width$}  {:7}  {}\n",
            code.as_str(),
            code.default_severity().as_str(),
            code.summary()
        ));
    }
    out.push_str("\n`rapporteur explain CODE` tells more about one.\n");
    out
}

/// `explain CODE`: the code's page, or the codes there are.
pub fn explain(code: &str) -> Result<String, String> {
    match page(code) {
        Some(p) => Ok(p.to_string()),
        None => {
            let closest = CheckCode::ALL
                .iter()
                .map(|c| (strsim::jaro_winkler(c.as_str(), code), c.as_str()))
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .filter(|(score, _)| *score > CLOSE_ENOUGH);
            if let Some((_, near)) = closest {
                return Err(format!("no check `{code}`; did you mean `{near}`?"));
            }
            Err(format!(
                "no check `{code}`; the codes are: {}",
                CheckCode::ALL
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page's severity line, as the code says it: "Default severity: error. A header ...".
    fn severity_line(code: CheckCode) -> String {
        let summary = code.summary();
        let mut chars = summary.chars();
        let first = chars.next().map(|c| c.to_uppercase().to_string());
        format!(
            "Default severity: {}. {}{}.",
            code.default_severity().as_str(),
            first.unwrap_or_default(),
            chars.as_str()
        )
    }

    #[test]
    fn every_check_has_a_page_that_agrees_with_the_code() {
        assert_eq!(PAGES.len(), CheckCode::ALL.len());
        for code in CheckCode::ALL {
            let page = page(code.as_str()).unwrap_or_else(|| panic!("{}", code.as_str()));
            let lines: Vec<&str> = page.lines().collect();
            assert_eq!(lines[0], format!("# {}", code.as_str()));
            assert_eq!(lines[2], severity_line(*code), "{}", code.as_str());
            let mut at = 0;
            for heading in [
                "## What it finds",
                "## Why it matters",
                "## Example",
                "## How to fix",
                "## How to silence",
            ] {
                let found = page[at..].find(&format!("\n{heading}\n"));
                assert!(
                    found.is_some(),
                    "{}: {heading} missing or out of order",
                    code.as_str()
                );
                at += found.unwrap_or(0) + 1;
            }
        }
    }
}
