//! Renders diagnostics, outlines and annotations as text for the terminal and CI: human, JSON,
//! SARIF 2.1.0 and GitHub workflow commands. Positions are 1-based, columns in characters.

use serde::Serialize;
use serde_json::{Value, json};

use super::CheckFormat;
use crate::checks::{CheckCode, Diagnostic, Severity};
use crate::features::outline::OutlineNode;
use crate::span::Span;
use crate::workspace::{Document, FileId, Workspace};

/// 1-based (line, column) of a byte offset, columns in Unicode scalar values.
pub(super) fn pos(doc: &Document, offset: usize) -> (usize, usize) {
    let (l, c) = doc.lines.line_col_chars(offset, &doc.text);
    (l + 1, c + 1)
}

#[derive(Serialize)]
struct JsonRelated {
    path: String,
    line: usize,
    column: usize,
    message: String,
}

#[derive(Serialize)]
struct JsonDiagnostic {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: &'static str,
    code: &'static str,
    message: String,
    related: Vec<JsonRelated>,
    /// The finding's first fix, as `--fix` would apply it (when `safe`, or with
    /// `--unsafe-fixes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix>,
}

#[derive(Serialize)]
struct JsonFix {
    message: String,
    safe: bool,
    edits: Vec<JsonEdit>,
}

#[derive(Serialize)]
struct JsonEdit {
    /// Only when the edit is in another record than the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    new_text: String,
}

fn json_fix(ws: &Workspace, d: &Diagnostic) -> Option<JsonFix> {
    let fix = d.fixes.first()?;
    let edits = fix
        .edits
        .iter()
        .filter_map(|e| {
            let doc = ws.get(e.file)?;
            let (line, column) = pos(doc, e.span.start);
            let (end_line, end_column) = pos(doc, e.span.end);
            Some(JsonEdit {
                path: (e.file != d.file).then(|| doc.name.clone()),
                line,
                column,
                end_line,
                end_column,
                new_text: e.new_text.clone(),
            })
        })
        .collect();
    Some(JsonFix {
        message: fix.title.clone(),
        safe: fix.safe,
        edits,
    })
}

fn to_json(ws: &Workspace, d: &Diagnostic) -> JsonDiagnostic {
    let doc = ws.get(d.file).unwrap();
    let (line, column) = pos(doc, d.span.start);
    let (end_line, end_column) = pos(doc, d.span.end);
    JsonDiagnostic {
        path: doc.name.clone(),
        line,
        column,
        end_line,
        end_column,
        severity: d.severity.as_str(),
        code: d.code.as_str(),
        message: d.message.clone(),
        related: d
            .related
            .iter()
            .filter_map(|r| {
                let rd = ws.get(r.file)?;
                let (line, column) = pos(rd, r.span.start);
                Some(JsonRelated {
                    path: rd.name.clone(),
                    line,
                    column,
                    message: r.message.clone(),
                })
            })
            .collect(),
        fix: json_fix(ws, d),
    }
}

/// A pretty-printed JSON array written element by element, byte for byte what
/// `serde_json::to_string_pretty` gives for the whole array at the same depth.
pub struct ArrayStream {
    /// The indentation of the line holding the array's brackets.
    indent: String,
    written: usize,
}

impl ArrayStream {
    pub fn new(indent: &str) -> ArrayStream {
        ArrayStream {
            indent: indent.to_string(),
            written: 0,
        }
    }

    /// The opening bracket.
    pub fn begin(&self) -> &'static str {
        "["
    }

    pub fn element(&mut self, value: &impl Serialize) -> String {
        let body = self.render(value);
        self.push(&body)
    }

    /// An element as written inside the array, without what separates it from the previous
    /// one: it reads only the indentation, so elements can be rendered in parallel and then
    /// written in order with [`ArrayStream::push`].
    pub fn render(&self, value: &impl Serialize) -> String {
        let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
        let inner = format!("{}  ", self.indent);
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&inner);
            out.push_str(line);
        }
        out
    }

    /// A rendered element with the separator before it, counted.
    pub fn push(&mut self, rendered: &str) -> String {
        let separator = if self.written == 0 { "\n" } else { ",\n" };
        self.written += 1;
        let mut out = String::with_capacity(separator.len() + rendered.len());
        out.push_str(separator);
        out.push_str(rendered);
        out
    }

    /// The closing bracket.
    pub fn end(&self) -> String {
        if self.written == 0 {
            "]".to_string()
        } else {
            format!("\n{}]", self.indent)
        }
    }
}

/// `check`'s output written as findings arrive, batch by batch: the same bytes as rendering all
/// findings at once.
pub struct CheckStream {
    format: CheckFormat,
    array: ArrayStream,
    /// SARIF: what follows the results array.
    suffix: String,
    counts: [usize; 4],
    human: super::human::HumanStream,
}

impl CheckStream {
    /// The stream and what to print before the first finding.
    pub fn begin(format: CheckFormat, human: super::human::HumanOptions) -> (CheckStream, String) {
        let (array, prefix, suffix) = match format {
            CheckFormat::Json => (ArrayStream::new(""), "[".to_string(), "\n".to_string()),
            CheckFormat::Sarif => {
                let whole = sarif_document(Vec::new());
                let marker = "\"results\": []";
                let at = whole.find(marker).unwrap_or(whole.len());
                let line_start = whole[..at].rfind('\n').map_or(0, |i| i + 1);
                let indent = &whole[line_start..at];
                let prefix = format!("{}\"results\": [", &whole[..at]);
                let rest = whole.get(at + marker.len()..).unwrap_or("").to_string();
                (ArrayStream::new(indent), prefix, rest)
            }
            CheckFormat::Human | CheckFormat::Github => {
                (ArrayStream::new(""), String::new(), String::new())
            }
        };
        (
            CheckStream {
                format,
                array,
                suffix,
                counts: [0; 4],
                human: super::human::HumanStream::new(human),
            },
            prefix,
        )
    }

    /// The text of a batch of findings.
    pub fn batch(&mut self, ws: &Workspace, diags: &[&Diagnostic]) -> String {
        for d in diags {
            self.counts[d.severity as usize] += 1;
        }
        match self.format {
            CheckFormat::Human => self.human.batch(ws, diags),
            CheckFormat::Github => github(ws, diags),
            CheckFormat::Json => diags
                .iter()
                .map(|d| self.array.element(&to_json(ws, d)))
                .collect(),
            CheckFormat::Sarif => diags
                .iter()
                .map(|d| self.array.element(&sarif_result(ws, d)))
                .collect(),
        }
    }

    /// What to print after the last finding.
    pub fn end(self, files: usize, skipped: usize, accepted: usize) -> String {
        match self.format {
            CheckFormat::Human => self.human.end(self.counts, files, skipped, accepted),
            CheckFormat::Github => String::new(),
            CheckFormat::Json | CheckFormat::Sarif => self.array.end() + &self.suffix,
        }
    }
}

pub fn github(ws: &Workspace, diags: &[&Diagnostic]) -> String {
    let esc_data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let esc_prop = |s: &str| esc_data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for d in diags {
        let doc = ws.get(d.file).unwrap();
        let (line, col) = pos(doc, d.span.start);
        let (end_line, end_col) = pos(doc, d.span.end);
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        out.push_str(&format!(
            "::{level} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
            esc_prop(&doc.name),
            esc_prop(d.code.as_str()),
            esc_data(&d.message)
        ));
    }
    out
}

fn sarif_location(ws: &Workspace, file: FileId, span: Span, message: Option<&str>) -> Value {
    let Some(doc) = ws.get(file) else {
        return Value::Null;
    };
    let (sl, sc) = pos(doc, span.start);
    let (el, ec) = pos(doc, span.end);
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(&doc.name)},
            "region": {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec}
        }
    });
    if let Some(m) = message {
        loc["message"] = json!({"text": m});
    }
    loc
}

fn sarif_result(ws: &Workspace, d: &Diagnostic) -> Value {
    let rule_index = CheckCode::ALL
        .iter()
        .position(|c| *c == d.code)
        .unwrap_or(0);
    let mut r = json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": rule_index,
        "level": sarif_level(d.severity),
        "message": {"text": d.message},
        "locations": [sarif_location(ws, d.file, d.span, None)],
    });
    if let Some(fix) = d.fixes.first() {
        r["fixes"] = json!([sarif_fix(ws, fix)]);
    }
    if !d.related.is_empty() {
        r["relatedLocations"] = Value::Array(
            d.related
                .iter()
                .enumerate()
                .map(|(i, rel)| {
                    let mut l = sarif_location(ws, rel.file, rel.span, Some(&rel.message));
                    l["id"] = json!(i);
                    l
                })
                .collect(),
        );
    }
    r
}

/// A fix as SARIF: its edits as replacements, grouped by record.
fn sarif_fix(ws: &Workspace, fix: &crate::checks::Fix) -> Value {
    let mut changes: Vec<(FileId, Vec<Value>)> = Vec::new();
    for e in &fix.edits {
        let Some(doc) = ws.get(e.file) else { continue };
        let (sl, sc) = pos(doc, e.span.start);
        let (el, ec) = pos(doc, e.span.end);
        let replacement = json!({
            "deletedRegion": {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec},
            "insertedContent": {"text": e.new_text}
        });
        match changes.iter_mut().find(|(f, _)| *f == e.file) {
            Some((_, r)) => r.push(replacement),
            None => changes.push((e.file, vec![replacement])),
        }
    }
    let artifact_changes: Vec<Value> = changes
        .into_iter()
        .filter_map(|(file, replacements)| {
            let doc = ws.get(file)?;
            Some(json!({
                "artifactLocation": {"uri": artifact_uri(&doc.name)},
                "replacements": replacements
            }))
        })
        .collect();
    json!({
        "description": {"text": fix.title},
        "artifactChanges": artifact_changes
    })
}

/// The SARIF log around its results.
fn sarif_document(results: Vec<Value>) -> String {
    let rules: Vec<Value> = CheckCode::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": pascal_case(c.as_str()),
                "shortDescription": {"text": c.summary()},
                "fullDescription": {"text": format!("{} Example: {}", c.summary(), c.example())},
                "help": {"text": format!("{}. Example: {}", c.summary(), c.example())},
                "helpUri": crate::diagnostic::documentation_url(*c),
                "defaultConfiguration": {"level": sarif_level(c.default_severity())}
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "rapporteur",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/rapporteur/rapporteur",
                "rules": rules
            }},
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// A SARIF artifact URI: relative paths as they are (forward slashes), absolute ones as file:
/// URIs, since a relative reference may not begin with a slash.
fn artifact_uri(path: &str) -> String {
    let p = std::path::Path::new(path);
    if p.is_absolute()
        && let Ok(u) = url::Url::from_file_path(p)
    {
        return u.to_string();
    }
    path.replace('\\', "/")
}

/// "unknown-country" → "UnknownCountry": SARIF wants a rule's name to differ from its id.
fn pascal_case(code: &str) -> String {
    code.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
        })
        .collect()
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

#[derive(Serialize)]
struct JsonNode {
    name: String,
    detail: Option<String>,
    kind: crate::features::outline::NodeKind,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    children: Vec<JsonNode>,
}

fn json_node(doc: &Document, n: &OutlineNode) -> JsonNode {
    let (line, column) = pos(doc, n.span.start);
    let (end_line, end_column) = pos(doc, n.span.end);
    JsonNode {
        name: n.name.clone(),
        detail: n.detail.clone(),
        kind: n.kind,
        line,
        column,
        end_line,
        end_column,
        children: n.children.iter().map(|c| json_node(doc, c)).collect(),
    }
}

pub fn outline_json(doc: &Document, nodes: &[OutlineNode]) -> String {
    let rows: Vec<JsonNode> = nodes.iter().map(|n| json_node(doc, n)).collect();
    serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n"
}

pub fn outline_human(doc: &Document, nodes: &[OutlineNode]) -> String {
    fn walk(doc: &Document, n: &OutlineNode, depth: usize, out: &mut String) {
        let (line, _) = pos(doc, n.span.start);
        let kind = serde_json::to_value(n.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let detail = match &n.detail {
            Some(d) if n.kind == crate::features::outline::NodeKind::Statement => format!(" ({d})"),
            Some(d) => {
                let short: String = d.chars().take(70).collect();
                format!(" — {short}{}", if short.len() < d.len() { "…" } else { "" })
            }
            None => String::new(),
        };
        out.push_str(&format!(
            "{:>5}  {}{} {}{}\n",
            line,
            "  ".repeat(depth),
            kind,
            n.name,
            detail
        ));
        for c in &n.children {
            walk(doc, c, depth + 1, out);
        }
    }
    let mut out = String::new();
    for n in nodes {
        walk(doc, n, 0, &mut out);
    }
    out
}

/// `config PATH`: the settings that govern PATH as TOML a user can copy, each with where it
/// comes from (the file or the defaults).
pub fn config_report(path: &std::path::Path, located: &crate::configs::Located) -> String {
    let config = &located.config;
    let from_file = "# rapporteur.toml";
    let origin = |set: bool| if set { from_file } else { "# default" };
    let quoted = |v: &[String]| {
        let items: Vec<String> = v.iter().map(|s| format!("{s:?}")).collect();
        format!("[{}]", items.join(", "))
    };
    let mut out = format!("# The configuration governing {}\n", path.display());
    match &located.file {
        Some(f) => out.push_str(&format!("# read from {}\n\n", f.display())),
        None => out.push_str(
            "# no rapporteur.toml in its folder or above (up to the repository root): the defaults\n\n",
        ),
    }
    let include = if config.has_include() {
        quoted(&config.include)
    } else {
        // The defaults, and the record test that goes with them.
        format!(
            "{}  # default; files found by these are checked when they open or end like a record",
            quoted(&["**/*.txt".to_string(), "**/*.rec".to_string()])
        )
    };
    out.push_str(&format!("include = {include}"));
    if config.has_include() {
        out.push_str(&format!("  {from_file}"));
    }
    out.push('\n');
    out.push_str(&format!(
        "exclude = {}  {}\n\n[severity]\n",
        quoted(&config.exclude),
        origin(!config.exclude.is_empty())
    ));
    for code in crate::checks::CheckCode::ALL {
        let level = config
            .severity_of(*code)
            .map(|s| s.as_str())
            .unwrap_or("off");
        out.push_str(&format!(
            "{} = {level:?}  {}\n",
            code.as_str(),
            origin(config.severity.contains_key(code.as_str()))
        ));
    }
    let k = &config.knowledge;
    out.push_str(&format!(
        "\n# [knowledge]: {} country alias(es), {} extra entit(ies), {} extra instrument(s)  {}\n",
        k.country_aliases.len(),
        k.countries.len(),
        k.instruments.len(),
        origin(
            !k.country_aliases.is_empty() || !k.countries.is_empty() || !k.instruments.is_empty()
        )
    ));
    out
}
