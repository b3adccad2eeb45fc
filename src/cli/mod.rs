//! The command line: argument parsing (clap), loading records into a workspace, and every byte
//! written to stdout or stderr by `check`, `outline` and `annotate`. The only module that prints.

mod annotation_rows;
mod archive;
mod atomic;
mod baselines;
mod export;
mod fixes;
mod human;
mod render;
mod rules;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::checks::{self, Severity};
use crate::configs::Configs;
use crate::files;
use crate::workspace::Workspace;

#[derive(Parser, Debug)]
#[command(
    name = "rapporteur",
    version,
    about = "Language server and checker for UN meeting-coverage records"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the language server on stdio.
    Serve {
        /// Accepted for clients that pass it (VS Code); stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Check records and report findings (for CI).
    Check {
        /// Files or folders (folders are walked recursively, honouring .gitignore).
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Print findings at or above this severity.
        #[arg(long, value_enum, default_value_t = SeverityArg::Info)]
        min_severity: SeverityArg,
        /// Exit 1 when a finding at or above this severity exists.
        #[arg(long, value_enum, default_value_t = DenyArg::Error)]
        deny: DenyArg,
        /// Configuration file for every record (default: each record's nearest rapporteur.toml,
        /// in its folder or above, up to the repository's root).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Also list the files found but not checked because they are not records.
        #[arg(long, short)]
        verbose: bool,
        /// Colour the human output: on a terminal (unless NO_COLOR is set), always, or never.
        #[arg(long, value_enum, default_value_t = human::ColorChoice::Auto)]
        color: human::ColorChoice,
        /// Print only the summary, not the findings (human output).
        #[arg(long, short)]
        quiet: bool,
        /// Print the number of findings per check code (human output).
        #[arg(long)]
        statistics: bool,
        /// Leave out the findings accepted in this baseline file (default: the `baseline` of
        /// each record's rapporteur.toml, if any); report its entries that match nothing.
        #[arg(long)]
        baseline: Option<PathBuf>,
        /// Write the baseline from the current findings instead of reporting them (exit 0).
        #[arg(long)]
        update_baseline: bool,
        /// Apply the fixes marked safe to the records (each written atomically); report the rest.
        #[arg(long)]
        fix: bool,
        /// Print the fixes as a unified diff and write nothing (exit 1 when there are any).
        #[arg(long)]
        diff: bool,
        /// With --fix or --diff, apply fixes not marked safe too.
        #[arg(long)]
        unsafe_fixes: bool,
    },
    /// Print the outline of a record: header, summary, sections, statements.
    Outline {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = OutlineFormat::Human)]
        format: OutlineFormat,
    },
    /// List every check with its default severity and what fires it.
    Rules,
    /// Explain one check: what it finds, why it matters, an example, how to fix and silence it.
    Explain {
        /// A check code, as `rules` lists them (e.g. attribution-mismatch).
        code: String,
    },
    /// Print the configuration that governs PATH and where each setting comes from.
    Config {
        #[arg(default_value = ".")]
        path: PathBuf,
    },
    /// Print a completion script for bash, zsh, fish or PowerShell.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the parsed record as JSON (every structure with byte spans), for debugging.
    #[command(hide = true)]
    Dump { file: PathBuf },
    /// Print every recognised span (speakers, countries, instruments, symbols, resolutions,
    /// quotations) as standoff annotations.
    Annotate {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = AnnotateFormat::Json)]
        format: AnnotateFormat,
        /// Also list the files found but not annotated because they are not records.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Write each record in a standard format: `--format akn` gives one Akoma Ntoso 3.0
    /// `<debate>` per record, as DIR/<file stem>.xml.
    Export {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = export::ExportFormat::Akn)]
        format: export::ExportFormat,
        /// The folder to write into (created when missing).
        #[arg(long, value_name = "DIR")]
        out_dir: PathBuf,
        /// Also list the files found but not exported because they are not records.
        #[arg(long, short)]
        verbose: bool,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum CheckFormat {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SeverityArg {
    Hint,
    Info,
    Warning,
    Error,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum DenyArg {
    Warning,
    Error,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum OutlineFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum AnnotateFormat {
    Json,
    Jsonl,
}

impl SeverityArg {
    fn severity(self) -> Severity {
        match self {
            SeverityArg::Hint => Severity::Hint,
            SeverityArg::Info => Severity::Info,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Error => Severity::Error,
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Serve { stdio: _ } => {
            crate::lsp::run_stdio();
            Ok(0)
        }
        Command::Check {
            paths,
            format,
            min_severity,
            deny,
            config,
            verbose,
            color,
            quiet,
            statistics,
            baseline,
            update_baseline,
            fix,
            diff,
            unsafe_fixes,
        } => run_check(
            &paths,
            CheckOptions {
                format,
                min: min_severity.severity(),
                deny,
                verbose,
                human: human::HumanOptions {
                    color: human::use_color(color, std::io::stdout().is_terminal()),
                    quiet,
                    statistics,
                },
                baseline,
                update_baseline,
                fixes: fixes::FixMode {
                    write: fix && !diff,
                    diff,
                    unsafe_fixes,
                },
            },
            config.as_deref(),
        ),
        Command::Outline { file, format } => run_outline(&file, format),
        Command::Annotate {
            paths,
            format,
            verbose,
        } => run_annotate(&paths, format, verbose),
        Command::Export {
            paths,
            format,
            out_dir,
            verbose,
        } => export::run_export(&paths, format, &out_dir, verbose),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "rapporteur", &mut script);
            write_stdout(&String::from_utf8_lossy(&script)).map(|_| 0)
        }
        Command::Rules => write_stdout(&rules::list()).map(|_| 0),
        Command::Explain { code } => rules::explain(&code)
            .and_then(|p| write_stdout(&p))
            .map(|_| 0),
        Command::Config { path } => run_config(&path),
        Command::Dump { file } => files::load(&file)
            .map_err(|e| format!("{}: {e}", file.display()))
            .and_then(|text| {
                let rec = crate::parse(&text);
                write_stdout(
                    &(serde_json::to_string_pretty(&rec).map_err(|e| e.to_string())? + "\n"),
                )
            })
            .map(|_| 0),
    };
    match result {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("rapporteur: {msg}");
            2
        }
    }
}

/// How `check` reports.
struct CheckOptions {
    format: CheckFormat,
    /// Findings below this severity are not printed.
    min: Severity,
    deny: DenyArg,
    verbose: bool,
    human: human::HumanOptions,
    /// `--baseline`: one baseline for every record, instead of each configuration's.
    baseline: Option<PathBuf>,
    update_baseline: bool,
    fixes: fixes::FixMode,
}

fn run_check(
    paths: &[PathBuf],
    options: CheckOptions,
    config: Option<&Path>,
) -> Result<i32, String> {
    let CheckOptions {
        format,
        min,
        deny,
        verbose,
        human,
        baseline,
        update_baseline,
        fixes: fix_mode,
    } = options;
    let configs = Configs::new(config)?;
    let mut archive = archive::Archive::index(paths, &configs, archive::FirstPass::Speakers)?;
    report_walk(&archive, verbose)?;
    let governing = archive.governing();
    let mut baselines =
        baselines::Baselines::resolve(&archive, &governing, baseline.as_deref(), update_baseline)?;
    if update_baseline && baselines.is_none() {
        return Err(
            "--update-baseline needs a baseline: --baseline FILE, or baseline = \"file\" in rapporteur.toml"
                .to_string(),
        );
    }
    let deny_at = match deny {
        DenyArg::Warning => Severity::Warning,
        DenyArg::Error => Severity::Error,
    };
    let (stream, prefix) = render::CheckStream::begin(format, human);
    let paths = (0..archive.ws.len().max(archive.ids.len()))
        .map(|id| archive.path_of(id).map(Path::to_path_buf))
        .collect();
    let mut reporter = Reporter {
        fixer: fixes::Fixer::new(fix_mode, paths),
        baselines: baselines.take(),
        failing: false,
        stream,
        out: Output::new(),
        deny_at,
        min,
    };
    // Writing the baseline prints no findings: they are what it accepts; --diff prints the diff.
    reporter.out.closed = update_baseline || fix_mode.diff;
    reporter.out.write(prefix.as_bytes())?;
    archive.run(
        checks::records_read,
        |ws, id| checks::check_file(ws, id, &governing[id].config),
        |found| {
            found
                .iter()
                .flat_map(|d| std::iter::once(d.file).chain(d.related.iter().map(|r| r.file)))
                .collect()
        },
        |ws, batch| reporter.report(ws, batch.iter().flatten().collect()),
    )?;
    if let Some(b) = &reporter.baselines {
        let stale: Vec<checks::Diagnostic> = b
            .stale(&archive.ws)
            .into_iter()
            .filter_map(|mut d| {
                d.severity = governing[d.file].config.severity_of(d.code)?;
                Some(d)
            })
            .collect();
        let records: Vec<_> = stale.iter().map(|d| d.file).collect();
        archive.load(&records);
        reporter.report(&archive.ws, stale.iter().collect())?;
    }
    if let Some(b) = reporter.baselines.as_ref().filter(|_| update_baseline) {
        for said in b.write()? {
            eprintln!("rapporteur: {said}");
        }
        return Ok(0);
    }
    let accepted = reporter.baselines.as_ref().map_or(0, |b| b.accepted);
    let Reporter {
        stream,
        mut out,
        failing,
        fixer,
        ..
    } = reporter;
    if fix_mode.diff {
        let changes = fixer.has_changes();
        let (diff, _) = fixer.finish()?;
        write_stdout(&diff)?;
        return Ok(i32::from(changes));
    }
    if fix_mode.write {
        for said in fixer.finish()?.1 {
            eprintln!("rapporteur: {said}");
        }
    }
    out.write(
        stream
            .end(archive.ids.len(), archive.skipped.len(), accepted)
            .as_bytes(),
    )?;
    for v in &archive.vanished {
        eprintln!("rapporteur: could not read again, its findings are left out: {v}");
    }
    Ok(if failing { 1 } else { 0 })
}

/// Where `check`'s findings go: through the baselines, counted against `--deny`, filtered by
/// `--min-severity`, rendered and written.
struct Reporter {
    baselines: Option<baselines::Baselines>,
    fixer: fixes::Fixer,
    failing: bool,
    stream: render::CheckStream,
    out: Output,
    deny_at: Severity,
    min: Severity,
}

impl Reporter {
    fn report(&mut self, ws: &Workspace, found: Vec<&checks::Diagnostic>) -> Result<(), String> {
        let found = match self.baselines.as_mut() {
            Some(b) => b.filter(ws, found),
            None => found,
        };
        let found = self.fixer.take(ws, found);
        self.failing |= found.iter().any(|d| d.severity >= self.deny_at);
        let shown: Vec<&checks::Diagnostic> = found
            .into_iter()
            .filter(|d| d.severity >= self.min)
            .collect();
        let text = self.stream.batch(ws, &shown);
        self.out.write(text.as_bytes())
    }
}

fn run_outline(file: &Path, format: OutlineFormat) -> Result<i32, String> {
    let text = files::load(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut ws = Workspace::default();
    let id = ws.upsert(&archive::display_path(file), text);
    let doc = ws.get(id).unwrap();
    let nodes = crate::features::outline::outline(doc, &ws.gaz);
    let out = match format {
        OutlineFormat::Human => render::outline_human(doc, &nodes),
        OutlineFormat::Json => render::outline_json(doc, &nodes),
    };
    write_stdout(&out)?;
    Ok(0)
}

fn run_config(path: &Path) -> Result<i32, String> {
    if !path.exists() {
        return Err(format!("{}: no such file or folder", path.display()));
    }
    let located = Configs::new(None)?.for_path(path)?;
    write_stdout(&render::config_report(path, &located))?;
    Ok(0)
}

/// Tells what the walk refused; a path with no record at all is an error (exit 2), so a
/// mistyped path cannot pass CI.
fn report_walk(archive: &archive::Archive, verbose: bool) -> Result<(), String> {
    for s in &archive.skipped {
        eprintln!("rapporteur: skipped {s}");
    }
    if verbose {
        for s in &archive.not_records {
            eprintln!("rapporteur: not a record: {s}");
        }
    }
    match archive.empty_paths.as_slice() {
        [] => Ok(()),
        empty => Err(empty
            .iter()
            .map(|p| format!("no records found in {}", archive::display_path(p)))
            .collect::<Vec<_>>()
            .join("\nrapporteur: ")),
    }
}

fn run_annotate(paths: &[PathBuf], format: AnnotateFormat, verbose: bool) -> Result<i32, String> {
    let configs = Configs::new(None)?;
    let mut archive = archive::Archive::index(paths, &configs, archive::FirstPass::Speakers)?;
    report_walk(&archive, verbose)?;
    let mut out = Output::new();
    let mut array = render::ArrayStream::new("");
    if let AnnotateFormat::Json = format {
        out.write(array.begin().as_bytes())?;
    }
    // Rows are serialised on the workers, next to their records; writing them is the only
    // serial step.
    let renderer = render::ArrayStream::new("");
    archive.run(
        |_, id| vec![id],
        |ws, id| -> Rendered {
            let rows = annotation_rows::annotations(ws, &[id]);
            match format {
                AnnotateFormat::Json => {
                    Rendered::Elements(rows.iter().map(|r| renderer.render(r)).collect())
                }
                AnnotateFormat::Jsonl => Rendered::Lines(annotation_rows::json_lines(&rows)),
            }
        },
        |_| Vec::new(),
        |_, batch| {
            batch.iter().try_for_each(|rendered| match rendered {
                Rendered::Elements(elements) => {
                    let text: String = elements.iter().map(|r| array.push(r)).collect();
                    out.write(text.as_bytes())
                }
                // A record's lines are one buffer already: written as they are, not joined.
                Rendered::Lines(lines) => out.write(lines),
            })
        },
    )?;
    if let AnnotateFormat::Json = format {
        out.write((array.end() + "\n").as_bytes())?;
    }
    for v in &archive.vanished {
        eprintln!("rapporteur: could not read again, its annotations are left out: {v}");
    }
    Ok(0)
}

/// A record's annotations as `annotate` writes them: elements of the JSON array, or JSON lines
/// (bytes, written as they are: 1.3 times the archive's size, not checked again for UTF-8).
enum Rendered {
    Elements(Vec<String>),
    Lines(Vec<u8>),
}

/// Standard output, written as results arrive; a reader that closes the pipe (`| head`) ends
/// the writing quietly.
struct Output {
    out: std::io::BufWriter<std::io::Stdout>,
    closed: bool,
}

impl Output {
    fn new() -> Output {
        Output {
            out: std::io::BufWriter::new(std::io::stdout()),
            closed: false,
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), String> {
        if self.closed || bytes.is_empty() {
            return Ok(());
        }
        match self.out.write_all(bytes).and_then(|_| self.out.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(e.to_string()),
        }
    }
}

fn write_stdout(s: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e.to_string()),
    }
}
