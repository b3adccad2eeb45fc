//! The README's table of checks against the code's own list, so the two cannot drift.
//! `RAPPORTEUR_BLESS=1 cargo test --test readme` rewrites the table from the code.

use rapporteur::checks::CheckCode;

const START: &str = "<!-- checks-table";
const END: &str = "<!-- end checks-table -->";

fn table_from_code() -> String {
    let mut out = String::from("| code | default | fires when | example |\n|---|---|---|---|\n");
    for c in CheckCode::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            c.as_str(),
            c.default_severity().as_str(),
            c.summary(),
            c.example()
        ));
    }
    out
}

#[test]
fn readme_table_matches_the_checks() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let start = readme.find(START).expect("table start marker");
    let body_start = start + readme[start..].find('\n').unwrap() + 1;
    let end = readme.find(END).expect("table end marker");
    let expected = table_from_code();
    if std::env::var_os("RAPPORTEUR_BLESS").is_some() {
        let updated = format!("{}{}{}", &readme[..body_start], expected, &readme[end..]);
        std::fs::write(path, updated).unwrap();
        return;
    }
    assert_eq!(
        &readme[body_start..end],
        expected,
        "run RAPPORTEUR_BLESS=1 cargo test --test readme"
    );
}
