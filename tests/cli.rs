//! The command line through the real binary: outline and annotate snapshots of every fixture,
//! `check` formats and exit codes, and bad input reported and skipped.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rapporteur"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// The shortest seed record (a single statement), for tests that need one good record.
fn short_record() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/004_87f55e9cf2a6c102.txt"),
    )
    .unwrap()
}

fn fixture_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out = Vec::new();
    for dir in [root.clone(), root.join("crafted")] {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                out.push(
                    p.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                        .unwrap()
                        .to_path_buf(),
                );
            }
        }
    }
    out.sort();
    out
}

fn snapshot_name(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().to_string()
}

#[test]
fn outline_snapshots() {
    for f in fixture_files() {
        let f = f.to_str().unwrap();
        let human = run(&["outline", f]);
        assert!(human.status.success(), "{f}");
        insta::assert_snapshot!(
            format!("outline_{}", snapshot_name(Path::new(f))),
            stdout(&human)
        );
        let json = run(&["outline", f, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
        let root = &v[0];
        assert_eq!(root["kind"], "record");
        for key in [
            "name",
            "detail",
            "kind",
            "line",
            "column",
            "end_line",
            "end_column",
            "children",
        ] {
            assert!(root.get(key).is_some(), "{key}");
        }
    }
}

#[test]
fn outline_json_statement_lines_are_header_lines() {
    let o = run(&[
        "outline",
        "fixtures/001_c043cd201b0f12f7.txt",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/001_c043cd201b0f12f7.txt"),
    )
    .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut statements = Vec::new();
    fn walk(n: &serde_json::Value, out: &mut Vec<serde_json::Value>) {
        if n["kind"] == "statement" {
            out.push(n.clone());
        }
        for c in n["children"].as_array().unwrap() {
            walk(c, out);
        }
    }
    walk(&v[0], &mut statements);
    assert_eq!(statements.len(), 68);
    for s in &statements {
        let line = lines[s["line"].as_u64().unwrap() as usize - 1];
        assert!(line.starts_with(s["name"].as_str().unwrap()), "{line:.40}");
        assert_eq!(s["column"], 1);
    }
    let chatrnuch = statements
        .iter()
        .find(|s| s["name"] == "RÓBERT CHATRNÚCH")
        .unwrap();
    assert_eq!(chatrnuch["detail"], "Slovakia");
}

#[test]
fn annotate_snapshots() {
    for f in fixture_files() {
        let f = f.to_str().unwrap();
        let o = run(&["annotate", f, "--format", "jsonl"]);
        assert!(o.status.success(), "{f}");
        let out = stdout(&o);
        for line in out.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(v["kind"].is_string() && v["text"].is_string());
        }
        insta::assert_snapshot!(format!("annotate_{}", snapshot_name(Path::new(f))), out);
    }
}

#[test]
fn annotate_resolves_keys_across_records() {
    let o = run(&[
        "annotate",
        "fixtures/001_c043cd201b0f12f7.txt",
        "fixtures/003_1ccf80f226d00912.txt",
    ]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    let keys: Vec<&str> = rows
        .iter()
        .filter(|r| r["kind"] == "speaker" && r["text"].as_str().unwrap().contains("JOHNSTONE"))
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["kari johnstone@USA", "kari johnstone@USA"]);
    assert!(
        rows.iter()
            .any(|r| r["kind"] == "symbol" && r["key"] == "GA/12387")
    );
    assert!(
        rows.iter()
            .any(|r| r["kind"] == "instrument" && r["key"] == "political-declaration-2021")
    );
    assert!(rows.iter().any(|r| r["kind"] == "quotation"));
}

#[test]
fn check_on_clean_seeds_has_no_errors() {
    let o = run(&["check", "fixtures", "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    let errors: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| r["severity"] == "error" && !r["path"].as_str().unwrap().contains("faults"))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The genuine slips of the seeds are reported.
    let has = |code: &str, path: &str, line: u64| {
        rows.iter().any(|r| {
            r["code"] == code && r["path"].as_str().unwrap().ends_with(path) && r["line"] == line
        })
    };
    assert!(has("duplicate-paragraph", "000_ad5e1fdf5d9536eb.txt", 209));
    assert!(has("duplicate-paragraph", "000_ad5e1fdf5d9536eb.txt", 215));
    assert!(has(
        "noncanonical-instrument",
        "001_c043cd201b0f12f7.txt",
        66
    ));
    for r in &rows {
        for key in [
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "severity",
            "code",
            "message",
            "related",
        ] {
            assert!(r.get(key).is_some(), "{key}");
        }
    }
}

#[test]
fn check_exit_codes_follow_deny() {
    let seed = "fixtures/000_ad5e1fdf5d9536eb.txt";
    assert_eq!(
        run(&["check", seed]).status.code(),
        Some(0),
        "warnings only, deny error"
    );
    assert_eq!(
        run(&["check", seed, "--deny", "warning"]).status.code(),
        Some(1)
    );
    let quiet = run(&["check", seed, "--min-severity", "error"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(stdout(&quiet).starts_with("0 error(s), 0 warning(s)"));
    assert_eq!(run(&["check", "no/such/folder"]).status.code(), Some(2));
    assert_eq!(
        run(&["check", seed, "--format", "yaml"]).status.code(),
        Some(2)
    );
}

#[test]
fn check_reports_an_unknown_country_with_its_fix() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/001_c043cd201b0f12f7.txt"),
    )
    .unwrap();
    let faulty = text.replace("RÓBERT CHATRNÚCH (Slovakia)", "RÓBERT CHATRNÚCH (Slovakai)");
    let path = dir.path().join("record.txt");
    std::fs::write(&path, faulty).unwrap();
    let o = run(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("error[unknown-country]: `Slovakai` is no known country"),
        "{out}"
    );
    assert!(out.contains("record.txt:92:19\n"), "{out}");
    assert!(out.contains("= fix: Replace with Slovakia"), "{out}");
    let gh = run(&["check", path.to_str().unwrap(), "--format", "github"]);
    assert!(
        stdout(&gh)
            .lines()
            .any(|l| l.starts_with("::error file=") && l.contains("line=92,col=19"))
    );
}

#[test]
fn duplicate_symbols_across_records() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/003_1ccf80f226d00912.txt"),
    )
    .unwrap();
    std::fs::write(dir.path().join("a.txt"), &text).unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        text.replace(
            "The General Assembly will reconvene",
            "The Assembly will reconvene",
        ),
    )
    .unwrap();
    let o = run(&[
        "check",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
        "--min-severity",
        "error",
    ]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        rows.iter()
            .filter(|r| r["code"] == "duplicate-symbol")
            .count(),
        2
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn bad_input_is_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    std::fs::write(d.join("latin1.txt"), b"Seventy-sixth Session,\nS\xe9ance\n").unwrap();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    let huge = "Slovakia said ".repeat(50 * 1024 * 1024 / 14);
    std::fs::write(d.join("huge.txt"), huge).unwrap();
    std::fs::write(d.join("ok.txt"), short_record()).unwrap();
    let o = run(&["check", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8(o.stderr.clone()).unwrap();
    assert!(err.contains("binary.txt: binary file"), "{err}");
    assert!(
        err.contains("latin1.txt: not valid UTF-8 (first bad byte at offset 24)"),
        "{err}"
    );
    assert!(err.contains("empty.txt: empty file"), "{err}");
    assert!(err.contains("huge.txt: file is 50.0 MB"), "{err}");
    assert!(stdout(&o).contains("in 1 record(s), 4 file(s) skipped"));
    // A single bad file named explicitly: reported, nothing checked, no crash.
    let o = run(&["outline", d.join("binary.txt").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr).unwrap().contains("binary file"));
}

/// A FIFO would block a reader forever and /dev/zero never ends: both are refused at once,
/// whether named or met in a folder, and the records beside them are checked.
#[test]
fn special_files_are_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fifo = d.join("fifo.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo is available");
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.txt")).unwrap();
    std::fs::write(d.join("ok.txt"), short_record()).unwrap();
    // Run with a deadline: before the fix these blocked or grew without bound.
    let run_within = |args: Vec<String>| {
        let mut child = bin()
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while child.try_wait().unwrap().is_none() {
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                panic!("`rapporteur {}` did not finish", args.join(" "));
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        child.wait_with_output().unwrap()
    };
    for name in ["fifo.txt", "zero.txt"] {
        let o = run_within(vec![
            "outline".into(),
            d.join(name).to_string_lossy().into_owned(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(err.contains("not a regular file"), "{name}: {err}");
    }
    let o = run_within(vec!["check".into(), d.to_string_lossy().into_owned()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .contains("in 1 record(s)")
    );
}

/// A folder the user may not read is skipped and reported; the records beside it are checked
/// and the exit code is theirs. (As root every folder is readable: the check then runs as
/// `nobody`.)
#[test]
fn an_unreadable_folder_is_skipped_not_the_whole_walk() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    let record = short_record();
    std::fs::write(d.join("ok.txt"), &record).unwrap();
    std::fs::set_permissions(d.join("ok.txt"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let closed = d.join("closed");
    std::fs::create_dir(&closed).unwrap();
    std::fs::write(closed.join("hidden.txt"), &record).unwrap();
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).unwrap();
    let as_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let bin = env!("CARGO_BIN_EXE_rapporteur");
    let mut cmd = if as_root {
        let mut c = Command::new("runuser");
        c.args(["-u", "nobody", "--", bin]);
        c
    } else {
        Command::new(bin)
    };
    let o = cmd.args(["check", d.to_str().unwrap()]).output().unwrap();
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("skipped") && err.contains("closed"), "{err}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("in 1 record(s)"));
}

#[test]
fn sarif_is_well_formed() {
    let o = run(&[
        "check",
        "fixtures/000_ad5e1fdf5d9536eb.txt",
        "--format",
        "sarif",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(
        rules
            .iter()
            .all(|r| r["help"]["text"].is_string() && r["id"].is_string())
    );
    let results = run0["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        assert!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
                >= 1
        );
    }
}

#[test]
fn rapporteur_toml_extends_knowledge_and_sets_severities() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/001_c043cd201b0f12f7.txt"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("record.txt"),
        text.replace(
            "RÓBERT CHATRNÚCH (Slovakia)",
            "RÓBERT CHATRNÚCH (Slovak Republic of Old)",
        ),
    )
    .unwrap();
    let check = |config: &str| {
        std::fs::write(dir.path().join("rapporteur.toml"), config).unwrap();
        let o = bin()
            .current_dir(dir.path())
            .args(["check", ".", "--format", "json"])
            .output()
            .unwrap();
        let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
        (o.status.code(), rows)
    };
    // Without the alias the header is an unknown country (an error, exit 1).
    let (code, rows) = check("");
    assert_eq!(code, Some(1));
    assert!(rows.iter().any(|r| r["code"] == "unknown-country"));
    // An alias in rapporteur.toml makes it Slovakia.
    let (code, rows) = check("[knowledge.country_aliases]\n\"Slovak Republic of Old\" = \"SVK\"\n");
    assert!(
        !rows.iter().any(|r| r["code"] == "unknown-country"),
        "{rows:#?}"
    );
    assert_eq!(code, Some(0));
    // Severities: a code switched off disappears; another raised to error fails the run.
    let (code, rows) =
        check("[severity]\nnoncanonical-instrument = \"off\"\nunknown-country = \"warning\"\n");
    assert!(!rows.iter().any(|r| r["code"] == "noncanonical-instrument"));
    assert!(
        rows.iter()
            .any(|r| r["code"] == "unknown-country" && r["severity"] == "warning")
    );
    assert_eq!(code, Some(0));
    // A misspelt code is a usage error with a reason.
    std::fs::write(
        dir.path().join("rapporteur.toml"),
        "[severity]\nno-such-check = \"off\"\n",
    )
    .unwrap();
    let o = bin()
        .current_dir(dir.path())
        .args(["check", "."])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains("unknown check code `no-such-check`")
    );
}

#[test]
fn check_output_snapshot() {
    // Every finding on the bundled records, faults included, as a reviewer reads them.
    let o = run(&[
        "check",
        "fixtures",
        "--format",
        "human",
        "--min-severity",
        "hint",
    ]);
    assert_eq!(o.status.code(), Some(1), "the fault fixtures hold errors");
    insta::assert_snapshot!("check_fixtures_human", stdout(&o));
}

/// A right of reply answering a delegation that only a summary of a nearby meeting reports as
/// speaking: `check` reads who spoke there from the full parse of that record, which its first
/// pass (speakers only) leaves out, so the record must be loaded beside the reply even when it
/// falls in a later batch of the archive (dozens of records in between).
#[test]
fn a_reply_sees_who_summaries_of_nearby_meetings_report_across_batches() {
    let dir = tempfile::tempdir().unwrap();
    let reply = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/faults/reply-without-statement.txt"),
    )
    .unwrap();
    // The fault: Greece answers Cyprus, which made no statement at the 116th and 117th meetings.
    assert!(reply.contains("116th & 117th Meetings") && reply.contains("delegation of Cyprus"));
    std::fs::write(dir.path().join("a-reply.txt"), &reply).unwrap();
    let replies_found = |o: &Output| stdout(o).matches("reply-without-statement").count();
    let alone = run(&["check", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(replies_found(&alone), 1, "{}", stdout(&alone));
    // Records of another session, each its own meeting, sorting between the two.
    for i in 0..100 {
        std::fs::write(
            dir.path().join(format!("m-{i:03}.txt")),
            format!(
                "Fifty-first Session,\n{}th Meeting (AM)\nGA/9{i:03}\n\nAssembly Debates \
                 Trafficking\n\nThe representative of France said the Assembly must act on \
                 trafficking in persons.\n",
                i + 10
            ),
        )
        .unwrap();
    }
    // The next meeting of the session, whose summary reports Cyprus speaking.
    std::fs::write(
        dir.path().join("z-next-meeting.txt"),
        "Seventy-sixth Session,\n118th Meeting (AM)\nGA/19108\n\nAssembly Continues Debate on \
         Trafficking\n\nThe representative of Cyprus said the Assembly must act on trafficking \
         in persons without delay.\n",
    )
    .unwrap();
    let together = run(&["check", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(replies_found(&together), 0, "{}", stdout(&together));
}
