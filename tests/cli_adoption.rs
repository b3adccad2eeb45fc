//! What a team adopting `rapporteur check` in CI relies on, through the real binary: one rule
//! for what a record is, a path without records failing, the rules documented from the tool.

mod common;

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

fn fixtures() -> std::path::PathBuf {
    common::fixtures_dir()
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

/// A record with one unknown country in a statement header, written into `dir`.
fn faulty_record(dir: &Path) -> std::path::PathBuf {
    let seed = std::fs::read_to_string(fixtures().join("001_c043cd201b0f12f7.txt")).unwrap();
    let faulty = seed.replace("RÓBERT CHATRNÚCH (Slovakia)", "RÓBERT CHATRNÚCH (Slovakai)");
    assert!(faulty != seed, "the seed names Slovakia in a header");
    let path = dir.join("record.txt");
    std::fs::write(&path, faulty).unwrap();
    path
}

const ESC: char = '\u{1b}';

#[test]
fn human_output_has_a_gutter_and_colour_only_when_wanted() {
    let dir = tempfile::tempdir().unwrap();
    faulty_record(dir.path());
    let plain = text(&run_in(dir.path(), &["check", "record.txt"]).stdout);
    assert!(!plain.contains(ESC), "a pipe gets no colour");
    let finding = plain
        .split("\n\n")
        .find(|f| f.contains("unknown-country"))
        .unwrap();
    let lines: Vec<&str> = finding.lines().collect();
    assert_eq!(
        lines[0],
        "error[unknown-country]: `Slovakai` is no known country, observer or organisation; \
         did you mean Slovakia?"
    );
    assert_eq!(lines[1].trim_start(), "--> record.txt:92:19");
    let source = lines.iter().find(|l| l.starts_with("92 | ")).unwrap();
    let carets = lines.iter().find(|l| l.contains('^')).unwrap();
    let at = carets.find('^').unwrap();
    let underlined: String = source.chars().skip(at).take("Slovakai".len()).collect();
    assert_eq!(underlined, "Slovakai", "{finding}");
    assert!(
        finding.contains("= fix: Replace with Slovakia"),
        "{finding}"
    );

    let always = text(&run_in(dir.path(), &["check", "record.txt", "--color", "always"]).stdout);
    assert!(always.contains(&format!("{ESC}[")), "{always}");
    let never = text(&run_in(dir.path(), &["check", "record.txt", "--color", "never"]).stdout);
    assert_eq!(never, plain);

    // On a terminal (`script` gives the binary one): colour, unless NO_COLOR is set.
    let on_terminal = |no_color: bool| {
        let mut c = Command::new("script");
        c.args([
            "-qec",
            &format!("{} check record.txt", env!("CARGO_BIN_EXE_rapporteur")),
            "/dev/null",
        ])
        .current_dir(dir.path())
        .env_remove("NO_COLOR");
        if no_color {
            c.env("NO_COLOR", "1");
        }
        text(&c.output().expect("script (util-linux) runs").stdout)
    };
    assert!(on_terminal(false).contains(&format!("{ESC}[")));
    let uncoloured = on_terminal(true);
    assert!(uncoloured.contains("unknown-country") && !uncoloured.contains(&format!("{ESC}[")));
}

#[test]
fn tabs_are_expanded_so_the_underline_stays_under_its_word() {
    let dir = tempfile::tempdir().unwrap();
    let path = faulty_record(dir.path());
    let record = std::fs::read_to_string(&path).unwrap();
    // A variant instrument title far into its paragraph, with a tab put before it.
    let variant = "Global Action Plan";
    let at = record
        .find(variant)
        .expect("the seed cites the Global Action Plan");
    let space = record[..at].rfind(' ').unwrap();
    let mut tabbed = record.clone();
    tabbed.replace_range(space..space + 1, "\t");
    std::fs::write(&path, &tabbed).unwrap();
    let out = text(&run_in(dir.path(), &["check", "record.txt"]).stdout);
    let finding = out
        .split("\n\n")
        .find(|f| f.contains(&format!("`{variant}` is a variant title")))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(!finding.contains('\t'), "{finding}");
    let lines: Vec<&str> = finding.lines().collect();
    let source = lines.iter().find(|l| l.contains(" | ")).unwrap();
    let carets = lines.iter().find(|l| l.contains('^')).unwrap();
    let column = carets.find('^').unwrap();
    let underlined: String = source.chars().skip(column).take(variant.len()).collect();
    assert_eq!(underlined, variant, "{finding}");
}

#[test]
fn quiet_and_statistics_summarise() {
    let faults = fixtures().join("faults");
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let quiet = text(
        &run_in(
            here,
            &["check", faults.to_str().unwrap(), "--quiet", "--statistics"],
        )
        .stdout,
    );
    let lines: Vec<&str> = quiet.lines().collect();
    let (summary, counts) = lines.split_last().unwrap();
    assert!(
        summary.contains("error(s)") && summary.ends_with("record(s)"),
        "{quiet}"
    );
    let mut codes = Vec::new();
    for line in counts {
        let (n, code) = line.trim_start().split_once("  ").unwrap();
        assert!(n.parse::<usize>().unwrap() > 0, "{line}");
        codes.push(code.trim());
    }
    assert!(
        codes.contains(&"unknown-country") && codes.windows(2).all(|w| w[0] < w[1]),
        "{quiet}"
    );
    let full = text(&run_in(here, &["check", faults.to_str().unwrap()]).stdout);
    assert_eq!(full.lines().last(), Some(*summary));
    assert_eq!(
        full.lines()
            .filter(|l| l.trim_start().starts_with("--> "))
            .count(),
        counts
            .iter()
            .map(|l| l
                .trim_start()
                .split_once("  ")
                .unwrap()
                .0
                .parse::<usize>()
                .unwrap())
            .sum::<usize>()
    );
}

#[test]
fn shells_complete_commands_and_values() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = env!("CARGO_BIN_EXE_rapporteur");
    // bash: what `rapporteur ch<TAB>` and `rapporteur check --format <TAB>` offer.
    let script = format!(
        "source <({bin} completions bash)
         COMP_WORDS=(rapporteur ch); COMP_CWORD=1; _rapporteur rapporteur ch rapporteur
         echo \"${{COMPREPLY[@]}}\"
         COMP_WORDS=(rapporteur check --format ''); COMP_CWORD=3; _rapporteur rapporteur '' --format
         echo \"${{COMPREPLY[@]}}\""
    );
    let out = Command::new("bash").args(["-c", &script]).output().unwrap();
    assert_eq!(
        text(&out.stdout),
        "check\nhuman json sarif github\n",
        "{}",
        text(&out.stderr)
    );
    for shell in ["zsh", "fish", "powershell"] {
        let out = run_in(here, &["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = text(&out.stdout);
        assert!(script.contains("explain"), "{shell}");
        // PowerShell's completer offers subcommands and flags, not their values.
        assert!(shell == "powershell" || script.contains("sarif"), "{shell}");
    }
    let unknown = run_in(here, &["completions", "tcsh"]);
    assert_eq!(unknown.status.code(), Some(2));
}

/// Findings as `(code, line)` pairs, from `check --format json`.
fn json_findings(out: &Output) -> Vec<(String, u64)> {
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_baseline_accepts_known_findings_and_lets_new_ones_fail() {
    let dir = tempfile::tempdir().unwrap();
    let path = faulty_record(dir.path());
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "record.txt", "--format", "json"];
        args.extend_from_slice(extra);
        run_in(dir.path(), &args)
    };
    let before = check(&[]);
    assert_eq!(before.status.code(), Some(1));
    let known = json_findings(&before);
    assert!(known.iter().any(|(c, _)| c == "unknown-country"));

    // Written: every finding accepted, exit 0, nothing on stdout.
    let written = check(&["--baseline", "baseline.json", "--update-baseline"]);
    assert_eq!(written.status.code(), Some(0), "{}", text(&written.stderr));
    assert!(written.stdout.is_empty());
    assert!(text(&written.stderr).contains(&format!("wrote {} accepted finding(s)", known.len())));
    let file = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    assert!(
        !file.contains("\"line\""),
        "fingerprints carry no line numbers"
    );
    assert!(file.ends_with("}\n"));
    let again = check(&["--baseline", "baseline.json", "--update-baseline"]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("baseline.json")).unwrap(),
        file,
        "stable output"
    );

    // It silences everything.
    let silenced = check(&["--baseline", "baseline.json"]);
    assert_eq!(silenced.status.code(), Some(0));
    assert_eq!(json_findings(&silenced), []);

    // A paragraph inserted above moves every line; nothing comes back.
    let record = std::fs::read_to_string(&path).unwrap();
    let first_break = record.find("\n\n").unwrap();
    let moved = format!(
        "{}\n\nAn editor's note inserted above everything else.{}",
        &record[..first_break],
        &record[first_break..]
    );
    std::fs::write(&path, &moved).unwrap();
    let after_move = check(&["--baseline", "baseline.json"]);
    assert_eq!(
        json_findings(&after_move),
        [],
        "{}",
        text(&after_move.stdout)
    );

    // A new fault fails alone.
    let with_new = moved.replacen("(Croatia)", "(Croatai)", 1);
    assert!(with_new != moved, "the seed has a speaker from Croatia");
    std::fs::write(&path, &with_new).unwrap();
    let new_fault = check(&["--baseline", "baseline.json"]);
    assert_eq!(new_fault.status.code(), Some(1));
    let found = json_findings(&new_fault);
    let croatai_line = with_new[..with_new.find("(Croatai)").unwrap()]
        .matches('\n')
        .count() as u64
        + 1;
    // The new header, and what it brings with it (a quotation of Croatia's now lands in a
    // statement that is no longer Croatia's); none of the accepted findings.
    assert!(
        found.contains(&("unknown-country".to_string(), croatai_line)),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .all(|(code, line)| *line == croatai_line || code == "misattributed-quote"),
        "{found:?}"
    );

    // Mended: the accepted Slovakai is gone, and its entry is reported stale (info: exit 0).
    let mended = with_new
        .replace("(Slovakai)", "(Slovakia)")
        .replacen("(Croatai)", "(Croatia)", 1);
    std::fs::write(&path, &mended).unwrap();
    let stale = check(&["--baseline", "baseline.json"]);
    assert_eq!(stale.status.code(), Some(0), "{}", text(&stale.stdout));
    let found = json_findings(&stale);
    assert!(!found.is_empty());
    assert!(
        found.iter().all(|(c, _)| c == "stale-baseline-entry"),
        "{found:?}"
    );
    let human = text(
        &run_in(
            dir.path(),
            &["check", "record.txt", "--baseline", "baseline.json"],
        )
        .stdout,
    );
    assert!(human.contains("info[stale-baseline-entry]"), "{human}");
    assert!(human.contains("slovakai"), "{human}");
}

#[test]
fn the_baseline_named_in_rapporteur_toml_is_used() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir(dir.path().join("records")).unwrap();
    faulty_record(&dir.path().join("records"));
    std::fs::write(
        dir.path().join("rapporteur.toml"),
        "baseline = \"accepted.json\"\n",
    )
    .unwrap();
    let written = run_in(dir.path(), &["check", "records", "--update-baseline"]);
    assert_eq!(written.status.code(), Some(0), "{}", text(&written.stderr));
    assert!(dir.path().join("accepted.json").is_file());
    let checked = run_in(dir.path(), &["check", "records"]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stdout));
    assert!(text(&checked.stdout).contains("left out by the baseline"));
    let none = tempfile::tempdir().unwrap();
    std::fs::write(none.path().join("r.txt"), short_record()).unwrap();
    let refused = run_in(none.path(), &["check", ".", "--update-baseline"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("needs a baseline"));
}

#[test]
fn fixes_are_shown_as_a_diff_applied_with_fix_and_carried_in_json_and_sarif() {
    let dir = tempfile::tempdir().unwrap();
    let path = faulty_record(dir.path());
    let original = std::fs::read_to_string(&path).unwrap();
    let files_before: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();

    // JSON and SARIF carry the fix, and say whether it is safe.
    let json = run_in(dir.path(), &["check", "record.txt", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let unknown = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "unknown-country")
        .unwrap();
    assert_eq!(unknown["fix"]["message"], "Replace with Slovakia");
    assert_eq!(unknown["fix"]["safe"], true, "one close match");
    assert_eq!(unknown["fix"]["edits"][0]["new_text"], "Slovakia");
    assert_eq!(unknown["fix"]["edits"][0]["line"], 92);
    assert_eq!(unknown["fix"]["edits"][0]["column"], 19);
    let unsafe_fix = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["fix"]["safe"] == false);
    let sarif = run_in(dir.path(), &["check", "record.txt", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let result = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "unknown-country")
        .unwrap();
    let replacement = &result["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "Slovakia");
    assert_eq!(replacement["deletedRegion"]["startLine"], 92);
    let rule = &log["runs"][0]["tool"]["driver"]["rules"][0];
    assert!(
        rule["helpUri"]
            .as_str()
            .unwrap()
            .ends_with(&format!("docs/checks/{}.md", rule["id"].as_str().unwrap())),
        "{rule}"
    );

    // --diff shows the change and writes nothing.
    let diff = run_in(dir.path(), &["check", "record.txt", "--fix", "--diff"]);
    assert_eq!(diff.status.code(), Some(1), "changes to show");
    let shown = text(&diff.stdout);
    assert!(
        shown.contains("--- a/record.txt") && shown.contains("+++ b/record.txt"),
        "{shown}"
    );
    assert!(
        shown.contains("-RÓBERT CHATRNÚCH (Slovakai)")
            && shown.contains("+RÓBERT CHATRNÚCH (Slovakia)"),
        "{shown}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);

    // --fix writes the safe fixes, leaves no temporary file behind, and sticks.
    let fixed = run_in(dir.path(), &["check", "record.txt", "--fix"]);
    assert!(
        text(&fixed.stderr).contains("fixed "),
        "{}",
        text(&fixed.stderr)
    );
    let now = std::fs::read_to_string(&path).unwrap();
    assert!(now.contains("RÓBERT CHATRNÚCH (Slovakia)") && !now.contains("Slovakai"));
    let files_after: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(
        files_after.len(),
        files_before.len(),
        "no temporary file left"
    );
    let again = run_in(dir.path(), &["check", "record.txt", "--format", "json"]);
    let left: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert!(
        left.as_array()
            .unwrap()
            .iter()
            .all(|f| f["fix"].is_null() || f["fix"]["safe"] == false),
        "every safe fix applied: {left}"
    );
    assert_eq!(again.status.code(), Some(0));
    // An unsafe fix waits for --unsafe-fixes.
    if let Some(u) = unsafe_fix {
        let code = u["code"].as_str().unwrap();
        assert!(
            left.as_array().unwrap().iter().any(|f| f["code"] == code),
            "{code}"
        );
    }
}

#[test]
fn an_honorific_fix_keeps_the_writers_style() {
    let dir = tempfile::tempdir().unwrap();
    let fault = std::fs::read_to_string(fixtures().join("faults/honorific-mismatch.txt")).unwrap();
    // The slip written without a period: the fix writes "Ms", not "Ms." glued to the name.
    let undotted = fault.replacen("Mr. MINGEIROU", "Mr MINGEIROU", 1);
    assert!(undotted != fault);
    std::fs::write(dir.path().join("r.txt"), &undotted).unwrap();
    let out = run_in(dir.path(), &["check", "r.txt", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let fix = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["code"] == "honorific-mismatch"
                && f["message"].as_str().unwrap().contains("MINGEIROU")
        })
        .map(|f| f["fix"].clone())
        .unwrap_or_else(|| panic!("{findings}"));
    assert_eq!(fix["message"], "Write Ms");
    let edit = &fix["edits"][0];
    assert_eq!(edit["new_text"], "Ms");
    assert_eq!(
        edit["end_column"].as_u64().unwrap() - edit["column"].as_u64().unwrap(),
        2
    );
}

#[test]
fn a_name_addressed_with_the_other_gender_is_another_person_not_a_variant() {
    let dir = tempfile::tempdir().unwrap();
    let fault = std::fs::read_to_string(fixtures().join("faults/name-variant.txt")).unwrap();
    std::fs::write(dir.path().join("variant.txt"), &fault).unwrap();
    let codes = |name: &str| -> Vec<String> {
        let out = run_in(dir.path(), &["check", name, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(codes("variant.txt").contains(&"name-variant".to_string()));
    // "Ms. CASIDY" beside "Mr. CASSIDY": two panellists, whatever their names' closeness.
    let two_people = fault.replacen("Mr. CASIDY", "Ms. CASIDY", 1);
    assert!(two_people != fault);
    std::fs::write(dir.path().join("two.txt"), &two_people).unwrap();
    let found = codes("two.txt");
    assert!(!found.contains(&"name-variant".to_string()), "{found:?}");
}

#[test]
fn a_surname_addressed_with_both_honorifics_by_pronouns_that_agree_is_two_people() {
    let dir = tempfile::tempdir().unwrap();
    let fault = std::fs::read_to_string(fixtures().join("faults/honorific-mismatch.txt")).unwrap();
    let mingeirou_slips = |name: &str, text: &str| -> usize {
        std::fs::write(dir.path().join(name), text).unwrap();
        let out = run_in(dir.path(), &["check", name, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .filter(|f| {
                f["code"] == "honorific-mismatch"
                    && f["message"].as_str().unwrap().contains("MINGEIROU")
            })
            .count()
    };
    // "Mr. MINGEIROU pointed out ... she said": a slip, whose own pronouns give it away.
    assert_eq!(mingeirou_slips("slip.txt", &fault), 1);
    // The same turn reported of a man ("he said"): a second panellist of that surname, as
    // "Mr. KIM" beside "Ms. KIM" would be, not a slip.
    let turn_start = fault.find("Mr. MINGEIROU pointed out").unwrap();
    let turn_end = turn_start + fault[turn_start..].find("Mr. BLANCO CONDE asked").unwrap();
    let turn = &fault[turn_start..turn_end];
    let his = turn.replace(" she ", " he ").replace(" her ", " his ");
    assert!(his != turn);
    let two_people = format!("{}{}{}", &fault[..turn_start], his, &fault[turn_end..]);
    assert_eq!(mingeirou_slips("two.txt", &two_people), 0);
}
