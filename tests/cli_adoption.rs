//! What a team adopting `rapporteur check` in CI relies on, through the real binary: one rule
//! for what a record is, a path without records failing, the rules documented from the tool.

use std::path::Path;
use std::process::{Command, Output};

fn bin_in(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rapporteur"));
    c.current_dir(dir);
    c.env_remove("NO_COLOR");
    c
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin_in(dir).args(args).output().expect("binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"))
}

/// The shortest seed record (a single statement).
fn short_record() -> String {
    std::fs::read_to_string(fixtures().join("004_87f55e9cf2a6c102.txt")).unwrap()
}

#[test]
fn text_files_that_are_not_records_are_not_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("record.txt"), short_record()).unwrap();
    std::fs::write(
        dir.path().join("CMakeLists.txt"),
        "cmake_minimum_required(VERSION 3.10)\nproject(x)\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("notes.txt"),
        "Remember: Slovakia, not Croatia.\n",
    )
    .unwrap();

    let quiet = run_in(dir.path(), &["check", "."]);
    assert_eq!(quiet.status.code(), Some(0), "{}", text(&quiet.stderr));
    assert!(
        text(&quiet.stdout).ends_with("in 1 record(s)\n"),
        "{}",
        text(&quiet.stdout)
    );
    assert!(text(&quiet.stderr).is_empty(), "{}", text(&quiet.stderr));

    let verbose = run_in(dir.path(), &["check", ".", "--verbose"]);
    let listed = text(&verbose.stderr);
    assert!(listed.contains("not a record: CMakeLists.txt"), "{listed}");
    assert!(listed.contains("not a record: notes.txt"), "{listed}");
    assert!(!listed.contains("record.txt:"), "{listed}");

    // Named on the command line, a file is checked whatever its first lines.
    let named = run_in(dir.path(), &["check", "notes.txt"]);
    assert!(
        text(&named.stdout).ends_with("in 1 record(s)\n"),
        "{}",
        text(&named.stdout)
    );
}

#[test]
fn include_globs_take_files_as_records() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.rec"), short_record()).unwrap();
    std::fs::write(
        dir.path().join("draft.md"),
        "Draft of tomorrow's release.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("rapporteur.toml"), "include = [\"*.md\"]\n").unwrap();
    let out = run_in(dir.path(), &["check", "."]);
    // The configuration names its records: the draft is taken, the .rec file no longer is.
    assert!(
        text(&out.stdout).ends_with("in 1 record(s)\n"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_path_without_records_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    std::fs::create_dir(dir.path().join("code")).unwrap();
    std::fs::write(dir.path().join("code/CMakeLists.txt"), "project(x)\n").unwrap();
    std::fs::create_dir(dir.path().join("records")).unwrap();
    std::fs::write(dir.path().join("records/r.txt"), short_record()).unwrap();

    for (args, expected) in [
        (
            vec!["check", "empty"],
            vec!["rapporteur: no records found in empty"],
        ),
        (
            vec!["check", "code", "records"],
            vec!["rapporteur: no records found in code"],
        ),
        (
            vec!["annotate", "empty", "code"],
            vec![
                "rapporteur: no records found in empty",
                "rapporteur: no records found in code",
            ],
        ),
    ] {
        let out = run_in(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines, expected, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}: {}", text(&out.stdout));
    }
    let ok = run_in(dir.path(), &["check", "records"]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
}

#[test]
fn the_nearest_configuration_governs_from_any_working_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("archive/.git")).unwrap();
    std::fs::create_dir_all(root.join("archive/ga/77")).unwrap();
    std::fs::create_dir_all(root.join("archive/sc")).unwrap();
    // An unknown country: an error by default, a warning where ga/rapporteur.toml says so.
    let seed = std::fs::read_to_string(fixtures().join("001_c043cd201b0f12f7.txt")).unwrap();
    let faulty = seed.replace("RÓBERT CHATRNÚCH (Slovakia)", "RÓBERT CHATRNÚCH (Slovakai)");
    assert!(faulty != seed, "the seed names Slovakia in a header");
    std::fs::write(root.join("archive/ga/77/r.txt"), &faulty).unwrap();
    std::fs::write(root.join("archive/sc/r.txt"), &faulty).unwrap();
    std::fs::write(
        root.join("archive/ga/rapporteur.toml"),
        "[severity]\nunknown-country = \"warning\"\n",
    )
    .unwrap();
    // Above the repository: never read.
    std::fs::write(
        root.join("rapporteur.toml"),
        "[severity]\nunknown-country = \"off\"\n",
    )
    .unwrap();

    let elsewhere = tempfile::tempdir().unwrap();
    let archive = root.join("archive");
    let out = run_in(
        elsewhere.path(),
        &["check", archive.to_str().unwrap(), "--format", "json"],
    );
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let unknown: Vec<(String, String)> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "unknown-country")
        .map(|f| {
            let file = f["path"].as_str().unwrap().to_string();
            let place = if file.contains("/ga/") { "ga" } else { "sc" };
            (
                place.to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        unknown,
        [
            ("ga".to_string(), "warning".to_string()),
            ("sc".to_string(), "error".to_string())
        ]
    );
    assert_eq!(out.status.code(), Some(1), "the sc record's error fails");

    // --config forces one file for every record.
    std::fs::write(
        elsewhere.path().join("ci.toml"),
        "[severity]\nunknown-country = \"info\"\nduplicate-symbol = \"off\"\n",
    )
    .unwrap();
    let forced = run_in(
        elsewhere.path(),
        &["check", archive.to_str().unwrap(), "--config", "ci.toml"],
    );
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stdout));

    // `config` says what governs a folder and where it comes from.
    let shown = run_in(
        elsewhere.path(),
        &["config", root.join("archive/ga/77").to_str().unwrap()],
    );
    let report = text(&shown.stdout);
    assert!(report.contains("archive/ga/rapporteur.toml"), "{report}");
    assert!(
        report.contains("unknown-country = \"warning\"  # rapporteur.toml"),
        "{report}"
    );
    assert!(
        report.contains("name-variant = \"info\"  # default"),
        "{report}"
    );
    let defaults = run_in(
        elsewhere.path(),
        &["config", root.join("archive/sc").to_str().unwrap()],
    );
    assert!(
        text(&defaults.stdout).contains("the defaults"),
        "{}",
        text(&defaults.stdout)
    );
}

#[test]
fn rules_and_explain_document_every_check() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = run_in(here, &["rules"]);
    assert!(rules.status.success());
    let listed = text(&rules.stdout);
    for code in rapporteur::checks::CheckCode::ALL {
        let line = listed
            .lines()
            .find(|l| l.split_whitespace().next() == Some(code.as_str()))
            .unwrap_or_else(|| panic!("{} not listed: {listed}", code.as_str()));
        assert!(line.contains(code.default_severity().as_str()), "{line}");
        let page = run_in(here, &["explain", code.as_str()]);
        assert!(page.status.success());
        let page = text(&page.stdout);
        assert!(
            page.starts_with(&format!("# {}\n", code.as_str())),
            "{page}"
        );
        assert!(page.contains("## How to silence"), "{page}");
    }
    let typo = run_in(here, &["explain", "atribution-mismatch"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        text(&typo.stderr).contains("did you mean `attribution-mismatch`?"),
        "{}",
        text(&typo.stderr)
    );
}
