//! The README's table of checks against the code's own list, so the two cannot drift.

use rapporteur::checks::CheckCode;

#[test]
fn readme_table_matches_the_checks() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("<!-- checks-table")
        .expect("table start marker");
    let end = readme
        .find("<!-- end checks-table -->")
        .expect("table end marker");
    let rows: Vec<Vec<String>> = readme[start..end]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect();
    let expected: Vec<Vec<String>> = CheckCode::ALL
        .iter()
        .map(|c| {
            vec![
                format!("`{}`", c.as_str()),
                c.default_severity().as_str().to_string(),
                c.summary().to_string(),
                c.example().to_string(),
            ]
        })
        .collect();
    assert_eq!(
        rows, expected,
        "regenerate the README table from src/checks/mod.rs"
    );
}
