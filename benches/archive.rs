//! The archive benchmark (issue 8 item 5): the release binary over generated archive-shaped
//! corpora of 1k/2k/10k records, the five stress shapes (a)–(e), and the language server with the
//! 10k archive as its workspace. It prints a table and asserts nothing: figures go in notes, never
//! in timed tests.
//!
//! Run: `cargo bench --bench archive` (everything), or with a filter argument naming sections:
//! `cargo bench --bench archive -- cli`, `-- shape-a shape-e`, `-- server`.
//! Environment:
//! - `ARCHIVE_BENCH_TIMEOUT` seconds per measurement (default 120); a run past it is killed and
//!   reported as "> 120 s", and the larger sizes of that series are not run.
//! - `ARCHIVE_BENCH_SIZES=1000,2000,10000` archive sizes for the command-line section.
//! - `ARCHIVE_BENCH_CLI_RUNS=3` rounds per archive size of the command-line section: each round
//!   runs `rg`, `check`, `rg`, `annotate`, so that every command is timed beside its own `rg`
//!   run; the table gives the round of median time and each round's ratio is printed. On a
//!   shared machine one run's time moves by a third with the neighbours' load, and `rg` (bound
//!   by memory) does not slow down as the checker (bound by the CPU) does.
//! - `ARCHIVE_BENCH_SHAPES=a,b,c,d,e` which shapes to run (empty: none).
//! - `ARCHIVE_BENCH_SHAPE_RUNS=5` runs per size of a shape, the sizes taken in turn, of which the
//!   median counts: a shape runs for tenths of a second, where one run's time moves by a fifth
//!   with the machine.
//! - `ARCHIVE_BENCH_SERVER=0|1` the language-server section (default 1), over an archive of
//!   `ARCHIVE_BENCH_SERVER_SIZE` records (default 10000).
//!
//! Generate only, for manual use (nothing is measured):
//! `cargo bench --bench archive -- generate DIR [archive|a|b|c|d|e] [N]`
//! or `ARCHIVE_BENCH_GENERATE=DIR ARCHIVE_BENCH_N=10000 [ARCHIVE_BENCH_SHAPE=archive] cargo bench --bench archive`.
//! `archive` (the default) writes N records under DIR/<session>/batch-NN/; shapes (a) and (b)
//! write N files into DIR; shapes (c)–(e) write one file DIR/shape-X-N.txt.

#[path = "../tests/common/mod.rs"]
mod common;
mod corpus;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// What one run of a child process cost.
#[derive(Debug, Clone, Copy)]
struct Outcome {
    wall: Duration,
    /// Peak resident set size in bytes (`ru_maxrss` of `wait4`).
    peak_rss: u64,
    out_bytes: u64,
    out_lines: u64,
    /// Occurrences of `"code":` in the output: findings of `check --format json`.
    codes: u64,
    /// Exit code, or 128 + signal.
    exit: i32,
    /// User and system CPU time (`ru_utime + ru_stime` of `wait4`).
    cpu: Duration,
}

#[derive(Debug, Clone, Copy)]
enum Measured {
    Done(Outcome),
    TimedOut,
    /// Not run because a smaller size of the same series already timed out.
    Skipped,
}

impl Measured {
    fn secs(&self) -> Option<f64> {
        match self {
            Measured::Done(o) => Some(o.wall.as_secs_f64()),
            _ => None,
        }
    }
}

struct Opts {
    timeout: Duration,
    sizes: Vec<usize>,
    shapes: Vec<char>,
    shape_runs: usize,
    cli_runs: usize,
    server: bool,
    server_size: usize,
    filters: Vec<String>,
}

impl Opts {
    fn from_env(filters: Vec<String>) -> Opts {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let timeout = var("ARCHIVE_BENCH_TIMEOUT")
            .and_then(|v| v.trim().parse::<f64>().ok())
            .unwrap_or(120.0);
        let sizes = var("ARCHIVE_BENCH_SIZES")
            .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
            .unwrap_or_else(|| vec![1000, 2000, 10000]);
        let shapes = match std::env::var("ARCHIVE_BENCH_SHAPES") {
            Ok(v) => v
                .split(',')
                .filter_map(|s| s.trim().chars().next())
                .collect(),
            Err(_) => vec!['a', 'b', 'c', 'd', 'e'],
        };
        // A count of runs: a whole number above 0, else the default.
        let runs = |k: &str, default: usize| {
            var(k)
                .and_then(|v| v.trim().parse().ok())
                .filter(|&n: &usize| n > 0)
                .unwrap_or(default)
        };
        Opts {
            timeout: Duration::from_secs_f64(timeout),
            sizes,
            shapes,
            shape_runs: runs("ARCHIVE_BENCH_SHAPE_RUNS", 5),
            cli_runs: runs("ARCHIVE_BENCH_CLI_RUNS", 3),
            server: var("ARCHIVE_BENCH_SERVER").is_none_or(|v| v.trim() != "0"),
            server_size: var("ARCHIVE_BENCH_SERVER_SIZE")
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(10000),
            filters,
        }
    }

    /// Whether a section runs: no filter, our own name, or a filter the section name contains.
    fn wants(&self, section: &str) -> bool {
        self.filters.is_empty()
            || self
                .filters
                .iter()
                .any(|f| f == "archive" || section.contains(f.as_str()))
    }

    fn limit_label(&self) -> String {
        format!("> {} s", fmt_num(self.timeout.as_secs_f64()))
    }
}

fn main() {
    // `cargo bench` passes `--bench` (and a user's filter to every bench target).
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if let Some(dir) = std::env::var_os("ARCHIVE_BENCH_GENERATE") {
        let what = std::env::var("ARCHIVE_BENCH_SHAPE").unwrap_or_else(|_| "archive".into());
        let n = std::env::var("ARCHIVE_BENCH_N").ok();
        generate_only(Path::new(&dir), &what, n.as_deref());
        return;
    }
    if args.first().map(String::as_str) == Some("generate") {
        let Some(dir) = args.get(1) else {
            eprintln!("usage: cargo bench --bench archive -- generate DIR [archive|a|b|c|d|e] [N]");
            std::process::exit(2);
        };
        let (what, n) = match args.get(2) {
            Some(w) if w.parse::<usize>().is_ok() => ("archive".to_string(), Some(w.as_str())),
            Some(w) => (w.clone(), args.get(3).map(String::as_str)),
            None => ("archive".to_string(), None),
        };
        generate_only(Path::new(dir), &what, n);
        return;
    }
    let opts = Opts::from_env(args);
    let sections = [
        "cli", "shape-a", "shape-b", "shape-c", "shape-d", "shape-e", "server",
    ];
    if !sections.iter().any(|s| opts.wants(s)) {
        return;
    }
    let root = tempfile::Builder::new()
        .prefix("rapporteur-archive-bench")
        .tempdir()
        .expect("temp dir");
    println!(
        "archive bench: binary {}, timeout {} s per measurement, corpora under {}",
        bin(),
        fmt_num(opts.timeout.as_secs_f64()),
        root.path().display()
    );
    let names = root.path().join("country-names.txt");
    std::fs::write(&names, corpus::entity_names().0.join("\n") + "\n").unwrap();

    let mut kept: Option<(usize, PathBuf)> = None;
    if opts.wants("cli") && !opts.sizes.is_empty() {
        kept = cli_section(&opts, root.path(), &names);
    }
    for &s in &opts.shapes {
        if opts.wants(&format!("shape-{s}")) {
            shape_section(&opts, root.path(), s);
        }
    }
    if opts.server && opts.wants("server") {
        let dir = match kept {
            Some((n, dir)) if n == opts.server_size => dir,
            _ => {
                let dir = root.path().join(format!("archive-{}", opts.server_size));
                let w = corpus::archive(&dir, opts.server_size).expect("generate archive");
                println!(
                    "\ngenerated the server's archive: {} records, {:.1} MB",
                    w.files,
                    w.mb()
                );
                dir
            }
        };
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(server_section(&opts, &dir, opts.server_size));
    }
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_rapporteur")
}

fn generate_only(dir: &Path, what: &str, n: Option<&str>) {
    let n: Option<usize> = n.and_then(|s| s.parse().ok());
    let t = Instant::now();
    let w = match what {
        "archive" => corpus::archive(dir, n.unwrap_or(10000)),
        "a" => corpus::one_meeting(dir, n.unwrap_or(40)),
        "b" => corpus::many_meetings(dir, n.unwrap_or(4000)),
        "c" => {
            let n = n.unwrap_or(100_000);
            corpus::headings(&dir.join(format!("shape-c-{n}.txt")), n)
        }
        "d" => {
            let n = n.unwrap_or(16_000);
            corpus::one_speaker(&dir.join(format!("shape-d-{n}.txt")), n)
        }
        "e" => {
            let n = n.unwrap_or(16_000);
            corpus::attributions(&dir.join(format!("shape-e-{n}.txt")), n)
        }
        other => {
            eprintln!("unknown corpus `{other}`: archive, a, b, c, d or e");
            std::process::exit(2);
        }
    }
    .unwrap_or_else(|e| {
        eprintln!("generate into {}: {e}", dir.display());
        std::process::exit(2);
    });
    println!(
        "wrote {} files, {:.1} MB, into {} in {:.1} s",
        w.files,
        w.mb(),
        dir.display(),
        t.elapsed().as_secs_f64()
    );
}

// ----- running a child ----------------------------------------------------------------------

/// Runs `cmd` to completion or until `limit`, counting its stdout and taking its peak RSS from
/// `wait4` (exact, unlike polling /proc, which misses the last growth before exit).
// The child is reaped by `wait4` in the waiter thread (which is how its rusage is read), not by
// `Child::wait`, so clippy cannot see it.
#[allow(clippy::zombie_processes)]
fn run(cmd: &mut Command, limit: Duration) -> Measured {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut stdout = child.stdout.take().unwrap();
    let counter = std::thread::spawn(move || count_output(&mut stdout));
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut status: libc::c_int = 0;
        // SAFETY: an all-zero rusage is a valid value of the plain C struct.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is our own child, reaped only here; the pointers are to live locals.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        let cpu = timeval(usage.ru_utime) + timeval(usage.ru_stime);
        let _ = tx.send((Instant::now(), r, status, usage.ru_maxrss, cpu));
    });
    let (end, r, status, maxrss_kb, cpu) = match rx.recv_timeout(limit) {
        Ok(v) => v,
        Err(_) => {
            // SAFETY: the child has not been reaped (the waiter has not returned), so the pid is
            // still ours.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            let _ = rx.recv();
            let _ = counter.join();
            return Measured::TimedOut;
        }
    };
    drop(child);
    let (out_bytes, out_lines, codes) = counter.join().unwrap_or_default();
    let exit = if r < 0 {
        -1
    } else if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    Measured::Done(Outcome {
        wall: end - start,
        peak_rss: maxrss_kb as u64 * 1024,
        out_bytes,
        out_lines,
        codes,
        exit,
        cpu,
    })
}

fn timeval(t: libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
}

/// Bytes, lines and `"code":` occurrences of a stream, read to its end.
fn count_output(r: &mut impl Read) -> (u64, u64, u64) {
    const NEEDLE: &[u8] = b"\"code\":";
    let mut buf = vec![0u8; 1 << 16];
    let (mut bytes, mut lines, mut codes) = (0u64, 0u64, 0u64);
    // The needle may straddle two reads: keep the last bytes of the previous one.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        bytes += n as u64;
        lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        carry.extend_from_slice(&buf[..n]);
        codes += carry.windows(NEEDLE.len()).filter(|w| *w == NEEDLE).count() as u64;
        let keep = carry.len().min(NEEDLE.len() - 1);
        carry.drain(..carry.len() - keep);
    }
    (bytes, lines, codes)
}

fn rapporteur(args: &[&str], cwd: &Path) -> Command {
    let mut c = Command::new(bin());
    // The temp root holds no rapporteur.toml, so no configuration of this checkout leaks in.
    c.args(args).current_dir(cwd);
    c
}

// ----- formatting -----------------------------------------------------------------------------

/// Three significant figures, the precision a single run on a shared machine supports.
fn fmt_num(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else if x >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

fn fmt_time(m: &Measured, opts: &Opts) -> String {
    match m {
        Measured::Done(o) => format!("{} s", fmt_num(o.wall.as_secs_f64())),
        Measured::TimedOut => opts.limit_label(),
        Measured::Skipped => format!("{} (not run)", opts.limit_label()),
    }
}

fn fmt_ms(d: Duration) -> String {
    format!("{} ms", fmt_num(d.as_secs_f64() * 1e3))
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// The growth exponent between two sizes: log(t2/t1)/log(n2/n1); a lower bound when the larger
/// run timed out.
fn exponent(n1: usize, t1: Option<f64>, n2: usize, t2: &Measured, opts: &Opts) -> String {
    let Some(t1) = t1 else {
        return "–".into();
    };
    let ratio = (n2 as f64 / n1 as f64).ln();
    match t2 {
        Measured::Done(o) => format!("{:.2}", (o.wall.as_secs_f64() / t1).ln() / ratio),
        _ => format!("> {:.2}", (opts.timeout.as_secs_f64() / t1).ln() / ratio),
    }
}

/// The run of median time among runs of one command (at least one).
fn median(runs: &mut [Outcome]) -> Measured {
    runs.sort_by_key(|o| o.wall);
    Measured::Done(runs[runs.len() / 2])
}

// ----- command line over the archive -----------------------------------------------------------

struct ArchiveRow {
    n: usize,
    corpus_bytes: u64,
    check: Measured,
    annotate: Measured,
    grep: Measured,
}

fn cli_section(opts: &Opts, root: &Path, names: &Path) -> Option<(usize, PathBuf)> {
    let have_rg = Command::new("rg")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let grep_label = if have_rg {
        "rg -c -F -f names"
    } else {
        "grep -r -c -F -f names"
    };
    println!("\n== command line over the archive ==");
    if !have_rg {
        println!("(rg is not installed: the baseline is `grep -r -c -F -f`)");
    }
    let mut sizes = opts.sizes.clone();
    sizes.sort_unstable();
    let mut rows: Vec<ArchiveRow> = Vec::new();
    let (mut check_out, mut annotate_out) = (false, false);
    let mut kept = None;
    for &n in &sizes {
        let dir = root.join(format!("archive-{n}"));
        let t = Instant::now();
        let w = corpus::archive(&dir, n).expect("generate archive");
        println!(
            "archive of {n} records: {} files, {:.1} MB (generated in {:.1} s)",
            w.files,
            w.mb(),
            t.elapsed().as_secs_f64()
        );
        let d = dir.to_string_lossy().to_string();
        let names = names.to_string_lossy().to_string();
        let grep_cmd = || {
            let mut c = Command::new(if have_rg { "rg" } else { "grep" });
            if !have_rg {
                c.arg("-r");
            }
            c.args(["-c", "-F", "-f", &names, &d]);
            c
        };
        let check_cmd = || rapporteur(&["check", &d, "--format", "json"], root);
        let annotate_cmd = || rapporteur(&["annotate", &d, "--format", "jsonl"], root);
        let [check, annotate, grep] = cli_rounds(
            opts,
            (if have_rg { "rg" } else { "grep" }, &grep_cmd),
            [
                ("check", &check_cmd, &mut check_out),
                ("annotate", &annotate_cmd, &mut annotate_out),
            ],
        );
        print_run("  check --format json", &check, w.bytes, opts);
        print_run("  annotate --format jsonl", &annotate, w.bytes, opts);
        print_run(&format!("  {grep_label}"), &grep, w.bytes, opts);
        rows.push(ArchiveRow {
            n,
            corpus_bytes: w.bytes,
            check,
            annotate,
            grep,
        });
        // The server section reuses the archive of its size instead of writing it again.
        if opts.server && opts.wants("server") && n == opts.server_size {
            kept = Some((n, dir));
        } else {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }

    println!();
    let mut head = String::from("| command |");
    let mut rule = String::from("|---|");
    for r in &rows {
        head.push_str(&format!(
            " {} records ({:.0} MB) |",
            r.n,
            mb(r.corpus_bytes)
        ));
        rule.push_str("---|");
    }
    // The growth exponent of each step (2k→10k is the one the issue asks for; 1k→2k is what is
    // left when the larger sizes time out).
    for w in rows.windows(2) {
        head.push_str(&format!(" exponent {}→{} |", w[0].n, w[1].n));
        rule.push_str("---|");
    }
    println!("{head}\n{rule}");
    type Column = fn(&ArchiveRow) -> &Measured;
    let pick: [(&str, Column); 3] = [
        ("check --format json", |r| &r.check),
        ("annotate --format jsonl", |r| &r.annotate),
        (grep_label, |r| &r.grep),
    ];
    for (label, f) in pick {
        let mut line = format!("| {label} |");
        for r in &rows {
            let m = f(r);
            match m {
                Measured::Done(o) => line.push_str(&format!(
                    " {}, {:.0} MB RSS ({:.2}× corpus) |",
                    fmt_time(m, opts),
                    mb(o.peak_rss),
                    o.peak_rss as f64 / r.corpus_bytes as f64
                )),
                _ => line.push_str(&format!(" {} |", fmt_time(m, opts))),
            }
        }
        for w in rows.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            line.push_str(&format!(
                " {} |",
                exponent(a.n, f(a).secs(), b.n, f(b), opts)
            ));
        }
        println!("{line}");
    }
    kept
}

/// The rounds of one archive size (`ARCHIVE_BENCH_CLI_RUNS`): each round times the baseline
/// (`rg`, or `grep` where `rg` is not installed; `baseline` is its name and command) before each
/// command in turn (baseline, check, baseline, annotate), printing each command's ratio to the
/// baseline run just before it; a command that timed out (its `out` flag set, now or at a smaller size)
/// is not run again. Returns each command's run of median time, then the baseline's.
fn cli_rounds(
    opts: &Opts,
    baseline: (&str, &dyn Fn() -> Command),
    mut commands: [(&str, &dyn Fn() -> Command, &mut bool); 2],
) -> [Measured; 3] {
    let mut done: [Vec<Outcome>; 3] = Default::default();
    let mut last = [Measured::Skipped; 3];
    let mut ratios: [Vec<f64>; 2] = Default::default();
    for round in 1..=opts.cli_runs {
        let mut parts = Vec::new();
        for (k, (label, cmd, out)) in commands.iter_mut().enumerate() {
            let grep = run(&mut (baseline.1)(), opts.timeout);
            let m = if **out {
                Measured::Skipped
            } else {
                run(&mut cmd(), opts.timeout)
            };
            **out |= !matches!(m, Measured::Done(_));
            let mut part = format!(
                "{} {}, {label} {}",
                baseline.0,
                fmt_time(&grep, opts),
                fmt_time(&m, opts)
            );
            if let (Measured::Done(g), Measured::Done(c)) = (grep, m) {
                let ratio = c.wall.as_secs_f64() / g.wall.as_secs_f64().max(1e-9);
                ratios[k].push(ratio);
                part.push_str(&format!(" ({ratio:.1}×, CPU {:.1} s)", c.cpu.as_secs_f64()));
            }
            parts.push(part);
            for (slot, m) in [(k, m), (2, grep)] {
                match m {
                    Measured::Done(o) => done[slot].push(o),
                    other => last[slot] = other,
                }
            }
        }
        println!("  round {round}: {}", parts.join("; "));
    }
    for ((label, ..), r) in commands.iter().zip(&mut ratios) {
        if !r.is_empty() {
            r.sort_by(f64::total_cmp);
            let middle = r[r.len() / 2];
            let (name, rounds) = (baseline.0, r.len());
            println!("  {label}: median {middle:.1}× {name} over {rounds} rounds");
        }
    }
    let mut out = last;
    for (slot, runs) in done.iter_mut().enumerate() {
        if !runs.is_empty() {
            out[slot] = median(runs);
        }
    }
    out
}

fn print_run(label: &str, m: &Measured, corpus_bytes: u64, opts: &Opts) {
    match m {
        Measured::Done(o) => {
            let mut extra = String::new();
            if o.codes > 0 {
                extra.push_str(&format!(", {} findings", o.codes));
            }
            if o.exit > 1 {
                extra.push_str(&format!(", EXIT {}", o.exit));
            }
            println!(
                "{label:<28} {:>10} (CPU {:.1} s)  peak RSS {:>7.1} MB ({:.2}× corpus)  output {:.1} MB, {} lines{extra}",
                fmt_time(m, opts),
                o.cpu.as_secs_f64(),
                mb(o.peak_rss),
                o.peak_rss as f64 / corpus_bytes.max(1) as f64,
                mb(o.out_bytes),
                o.out_lines
            );
        }
        _ => println!("{label:<28} {:>10}", fmt_time(m, opts)),
    }
}

// ----- the five shapes ----------------------------------------------------------------------------

fn shape_section(opts: &Opts, root: &Path, shape: char) {
    type Gen = fn(&Path, usize) -> std::io::Result<corpus::Written>;
    // (sizes, what, command, generator, whether the generator writes a folder or one file)
    let (sizes, what, cmd, generator, folder): (&[usize], &str, &str, Gen, bool) = match shape {
        'a' => (
            &[10, 20, 40],
            "one meeting",
            "check",
            corpus::one_meeting,
            true,
        ),
        'b' => (
            &[1000, 2000, 4000],
            "many small records of different meetings",
            "check",
            corpus::many_meetings,
            true,
        ),
        'c' => (
            &[25_000, 50_000, 100_000],
            "heading-like lines in one record",
            "outline",
            corpus::headings,
            false,
        ),
        'd' => (
            &[4000, 8000, 16_000],
            "statements by one speaker",
            "annotate",
            corpus::one_speaker,
            false,
        ),
        'e' => (
            &[8000, 16_000],
            "summary attributions and statements both growing",
            "check",
            corpus::attributions,
            false,
        ),
        other => {
            println!("\nshape ({other}): unknown, skipped");
            return;
        }
    };
    println!("\n== shape ({shape}) {what}, {cmd} ==");
    // Every size is generated first and then run in rounds that take the sizes in turn: the
    // machine's speed drifts over seconds, and sizes run one after the other carried the drift
    // into the exponent.
    let targets: Vec<(PathBuf, corpus::Written)> = sizes
        .iter()
        .map(|&n| {
            let target = if folder {
                root.join(format!("shape-{shape}-{n}"))
            } else {
                root.join(format!("shape-{shape}-{n}.txt"))
            };
            let w = generator(&target, n).expect("generate shape");
            (target, w)
        })
        .collect();
    let mut finished: Vec<Vec<Outcome>> = vec![Vec::new(); sizes.len()];
    // Per size, how it stopped: a run past the limit, or a smaller size's (then not run).
    let mut stopped: Vec<Option<Measured>> = vec![None; sizes.len()];
    for _ in 0..opts.shape_runs {
        for (k, (target, _)) in targets.iter().enumerate() {
            if stopped[k].is_some() {
                continue;
            }
            let t = target.to_string_lossy().to_string();
            let args: Vec<&str> = match cmd {
                "check" => vec!["check", &t, "--format", "json"],
                "outline" => vec!["outline", &t],
                _ => vec!["annotate", &t, "--format", "jsonl"],
            };
            match run(&mut rapporteur(&args, root), opts.timeout) {
                Measured::Done(o) => finished[k].push(o),
                other => {
                    stopped[k] = Some(other);
                    for later in &mut stopped[k + 1..] {
                        *later = Some(Measured::Skipped);
                    }
                }
            }
        }
    }
    let mut results = Vec::with_capacity(sizes.len());
    for (k, (target, w)) in targets.iter().enumerate() {
        let m = stopped[k].unwrap_or_else(|| median(&mut finished[k]));
        print_run(
            &format!(
                "  n={} ({} files, {:.1} MB; median of {})",
                sizes[k],
                w.files,
                w.mb(),
                finished[k].len()
            ),
            &m,
            w.bytes,
            opts,
        );
        if folder {
            let _ = std::fs::remove_dir_all(target);
        } else {
            let _ = std::fs::remove_file(target);
        }
        results.push(m);
    }
    let ns: Vec<String> = sizes.iter().map(|n| n.to_string()).collect();
    let ts: Vec<String> = results
        .iter()
        .map(|m| match m {
            Measured::Done(o) => fmt_num(o.wall.as_secs_f64()),
            Measured::TimedOut => format!("> {}", fmt_num(opts.timeout.as_secs_f64())),
            Measured::Skipped => format!("(> {})", fmt_num(opts.timeout.as_secs_f64())),
        })
        .collect();
    // Exponent per doubling: log2 of each consecutive time ratio.
    let exps: Vec<String> = (1..sizes.len())
        .map(|i| {
            exponent(
                sizes[i - 1],
                results[i - 1].secs(),
                sizes[i],
                &results[i],
                opts,
            )
        })
        .collect();
    println!(
        "shape ({shape}) {what}, {cmd}: {} → {} s, exponent {}",
        ns.join("/"),
        ts.join("/"),
        exps.join(", ")
    );
}

// ----- the language server --------------------------------------------------------------------------

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

async fn server_section(opts: &Opts, dir: &Path, n: usize) {
    use common::*;
    println!("\n== language server, the {n}-record archive as workspace ==");
    let limit = opts.timeout;
    let mut c = spawn_binary(json!({}), Enc::Utf16);
    let pid = c.pid();
    let t = Instant::now();
    c.initialize(Some(dir), json!({})).await;
    let indexed = c
        .wait_for_within(
            |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end",
            limit.saturating_sub(t.elapsed()),
        )
        .await;
    if indexed.is_none() {
        println!(
            "initialize → $/progress end (indexing): {}",
            opts.limit_label()
        );
        println!("(the other server measurements need the index: not run)");
        if let Some(hwm) = pid.and_then(vm_hwm) {
            println!("server peak RSS so far: {:.0} MB", mb(hwm));
        }
        return;
    }
    println!(
        "initialize → $/progress end (indexing): {}",
        fmt_ms(t.elapsed())
    );

    // A copy of seed 001 (the richest record): index 1 of the archive.
    let path = find_record(dir, "ga-200001.txt").expect("ga-200001.txt in the archive");
    let mut text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);
    let diags_of = |v: i64| {
        let u = uri.clone();
        move |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == u.as_str()
                && m["params"]["version"] == v
        }
    };
    let t = Instant::now();
    c.open(&uri, &text, 1);
    let first = c.wait_for_within(diags_of(1), limit).await;
    match first {
        Some(m) => println!(
            "didOpen → first publishDiagnostics: {} ({} diagnostics)",
            fmt_ms(t.elapsed()),
            m["params"]["diagnostics"].as_array().map_or(0, Vec::len)
        ),
        None => {
            println!("didOpen → first publishDiagnostics: {}", opts.limit_label());
            if let Some(hwm) = pid.and_then(vm_hwm) {
                println!("server peak RSS so far: {:.0} MB", mb(hwm));
            }
            return;
        }
    }

    // Small edits: type an "x" after the first summary sentence and delete it again, so the text
    // (and the positions below) end as they began. The series shares one time budget.
    let at = text.find(".\n").map_or(text.len(), |i| i + 1);
    let budget = Instant::now();
    let mut edits = Vec::new();
    let mut gave_up = false;
    for v in 2..52i64 {
        let start = c.pos(&text, at);
        let change = if v % 2 == 0 {
            text.insert(at, 'x');
            json!({"range": {"start": start, "end": start}, "text": "x"})
        } else {
            let end = c.pos(&text, at + 1);
            text.remove(at);
            json!({"range": {"start": start, "end": end}, "text": ""})
        };
        let t = Instant::now();
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [change]}),
        );
        let left = limit.saturating_sub(budget.elapsed());
        if c.wait_for_within(diags_of(v), left).await.is_none() {
            gave_up = true;
            break;
        }
        edits.push(t.elapsed());
    }
    edits.sort();
    if gave_up {
        // The server has every change sent so far and `text` matches it, so the requests below
        // still aim at the right places.
        println!(
            "didChange → diagnostics: {} for the 50 edits ({} done{})",
            opts.limit_label(),
            edits.len(),
            if edits.is_empty() {
                String::new()
            } else {
                format!(", p50 {}", fmt_ms(percentile(&edits, 0.5)))
            }
        );
    } else {
        println!(
            "didChange → diagnostics (50 small edits): p50 {}, p99 {}",
            fmt_ms(percentile(&edits, 0.5)),
            fmt_ms(percentile(&edits, 0.99))
        );
    }

    let points = [
        c.pos(&text, inside(&text, "KARI JOHNSTONE", 3)),
        c.pos(&text, inside(&text, "RÓBERT CHATRNÚCH (Slovakia)", 20)),
    ];
    match timed_requests(&c, "textDocument/hover", &uri, &points, 200, limit).await {
        Some((hover, _)) => println!(
            "hover (speaker, country), {} requests: p50 {}, p99 {}",
            hover.len(),
            fmt_ms(percentile(&hover, 0.5)),
            fmt_ms(percentile(&hover, 0.99))
        ),
        None => println!("hover (speaker, country): {}", opts.limit_label()),
    }
    let country = [points[1].clone()];
    match timed_requests(&c, "textDocument/references", &uri, &country, 20, limit).await {
        Some((refs, count)) => println!(
            "references on a country (Slovakia), {} requests: p50 {}, p99 {} ({} locations)",
            refs.len(),
            fmt_ms(percentile(&refs, 0.5)),
            fmt_ms(percentile(&refs, 0.99)),
            count
        ),
        None => println!("references on a country: {}", opts.limit_label()),
    }
    if let Some(hwm) = pid.and_then(vm_hwm) {
        println!("server peak RSS: {:.0} MB", mb(hwm));
    }
    c.shutdown().await;
}

/// `n` requests at the points in turn, within one time budget: sorted latencies and the length
/// of the last result (locations for references), or `None` past the budget.
async fn timed_requests(
    c: &common::Client,
    method: &str,
    uri: &str,
    points: &[Value],
    n: usize,
    limit: Duration,
) -> Option<(Vec<Duration>, usize)> {
    let budget = Instant::now();
    let mut out = Vec::with_capacity(n);
    let mut len = 0;
    for i in 0..n {
        let params = json!({
            "textDocument": {"uri": uri},
            "position": points[i % points.len()],
            "context": {"includeDeclaration": true}
        });
        let t = Instant::now();
        let r = c
            .call_within(method, params, limit.saturating_sub(budget.elapsed()))
            .await?;
        out.push(t.elapsed());
        len = r["result"].as_array().map_or(0, Vec::len);
    }
    out.sort();
    Some((out, len))
}

fn find_record(dir: &Path, file: &str) -> Option<PathBuf> {
    for e in std::fs::read_dir(dir).ok()?.flatten() {
        let p = e.path();
        if p.is_dir() {
            if let Some(found) = find_record(&p, file) {
                return Some(found);
            }
        } else if p.file_name().is_some_and(|f| f == file) {
            return Some(p);
        }
    }
    None
}
