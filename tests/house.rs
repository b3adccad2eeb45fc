//! House rules the compiler does not check: every source file opens with a `//!` line saying
//! what it owns, no function is longer than a screenful or two, no file is a warehouse, and no
//! two modules lean on each other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// Longest function body allowed, in lines (signature to closing brace).
const MAX_FUNCTION_LINES: usize = 120;
/// Longest source file allowed, in lines.
const MAX_FILE_LINES: usize = 700;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every source file under src/, with its text.
fn sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(&src_dir(), &mut files);
    assert!(files.len() > 20, "found only {} source files", files.len());
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            (f, text)
        })
        .collect()
}

fn relative(path: &Path) -> String {
    path.strip_prefix(src_dir())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_source_file_says_what_it_owns() {
    let missing: Vec<String> = sources()
        .iter()
        .filter(|(_, text)| !text.trim_start().starts_with("//!"))
        .map(|(f, _)| relative(f))
        .collect();
    assert!(missing.is_empty(), "no `//!` opening line: {missing:?}");
}

#[test]
fn no_source_file_is_a_warehouse() {
    let long: Vec<String> = sources()
        .iter()
        .map(|(f, text)| (relative(f), text.lines().count()))
        .filter(|(_, n)| *n > MAX_FILE_LINES)
        .map(|(f, n)| format!("{f}: {n} lines"))
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_FILE_LINES} lines: {long:#?}"
    );
}

/// Collects the line length of every function and method with a body.
struct FunctionLengths<'a> {
    file: &'a str,
    found: Vec<(String, usize)>,
}

impl FunctionLengths<'_> {
    fn record(&mut self, name: &syn::Ident, start: proc_macro2::Span, block: &syn::Block) {
        let first = start.start().line;
        let last = block.brace_token.span.close().end().line;
        let lines = last.saturating_sub(first) + 1;
        self.found
            .push((format!("{}:{first} {name}", self.file), lines));
    }
}

impl<'ast> Visit<'ast> for FunctionLengths<'_> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.record(&f.sig.ident, f.sig.fn_token.span, &f.block);
        syn::visit::visit_item_fn(self, f);
    }
    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.record(&f.sig.ident, f.sig.fn_token.span, &f.block);
        syn::visit::visit_impl_item_fn(self, f);
    }
    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            self.record(&f.sig.ident, f.sig.fn_token.span, block);
        }
        syn::visit::visit_trait_item_fn(self, f);
    }
}

#[test]
fn no_function_is_longer_than_a_screenful_or_two() {
    let mut long = Vec::new();
    let mut counted = 0;
    for (path, text) in sources() {
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = relative(&path);
        let mut lengths = FunctionLengths {
            file: &name,
            found: Vec::new(),
        };
        lengths.visit_file(&file);
        counted += lengths.found.len();
        long.extend(
            lengths
                .found
                .into_iter()
                .filter(|(_, n)| *n > MAX_FUNCTION_LINES)
                .map(|(f, n)| format!("{f}: {n} lines")),
        );
    }
    assert!(counted > 200, "found only {counted} functions");
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines: {long:#?}"
    );
}

/// The module a source file is: `checks/context.rs` → `checks::context`, `checks/mod.rs` →
/// `checks`, `lib.rs` → the crate root (empty).
fn module_of(path: &Path) -> Vec<String> {
    let rel = path.strip_prefix(src_dir()).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Gathers the paths a file names that start at `crate`, `super` or `self`, in `use` items and
/// in expressions and types alike, resolved to absolute module paths.
struct NamedPaths<'a> {
    here: &'a [String],
    found: Vec<Vec<String>>,
}

impl NamedPaths<'_> {
    fn resolve(&self, segments: &[String]) -> Option<Vec<String>> {
        let (first, rest) = segments.split_first()?;
        let mut base: Vec<String> = match first.as_str() {
            "crate" => Vec::new(),
            // A file's module path is already its own module, `mod.rs` or not.
            "self" => self.here.to_vec(),
            "super" => self.here[..self.here.len().saturating_sub(1)].to_vec(),
            _ => return None,
        };
        let mut rest = rest.iter();
        for s in rest.by_ref() {
            if s == "super" {
                base.pop();
            } else {
                base.push(s.clone());
                break;
            }
        }
        base.extend(rest.cloned());
        Some(base)
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.add(prefix, &n.ident),
            syn::UseTree::Rename(r) => self.add(prefix, &r.ident),
            syn::UseTree::Glob(_) => self.add_path(prefix.clone()),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t);
                }
            }
        }
    }

    fn add(&mut self, prefix: &[String], last: &syn::Ident) {
        let mut full = prefix.to_vec();
        full.push(last.to_string());
        self.add_path(full);
    }

    fn add_path(&mut self, segments: Vec<String>) {
        if let Some(p) = self.resolve(&segments) {
            self.found.push(p);
        }
    }
}

impl<'ast> Visit<'ast> for NamedPaths<'_> {
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &u.tree);
    }
    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segments: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
        self.add_path(segments);
        syn::visit::visit_path(self, p);
    }
}

/// Which modules each module names: an edge from a file's module to the longest known module
/// that prefixes each path it names.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let files = sources();
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(p, _)| module_of(p)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in &files {
        let here = module_of(path);
        let file = syn::parse_file(text).unwrap();
        let mut named = NamedPaths {
            here: &here,
            found: Vec::new(),
        };
        named.visit_file(&file);
        for p in named.found {
            let target = (0..=p.len())
                .rev()
                .map(|n| p[..n].to_vec())
                .find(|m| modules.contains(m))
                .unwrap_or_default();
            if target != here && !target.is_empty() {
                graph
                    .entry(here.join("::"))
                    .or_default()
                    .insert(target.join("::"));
            }
        }
    }
    graph
}

/// Whether one module contains the other (a parent and its own submodules are one unit).
fn nested(a: &str, b: &str) -> bool {
    let inside = |outer: &str, inner: &str| inner.starts_with(&format!("{outer}::"));
    inside(a, b) || inside(b, a)
}

fn mutual_pairs(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut pairs = Vec::new();
    for (a, targets) in graph {
        for b in targets {
            if a < b && !nested(a, b) && graph.get(b).is_some_and(|t| t.contains(a)) {
                pairs.push(format!("{a} <-> {b}"));
            }
        }
    }
    pairs
}

#[test]
fn no_two_modules_import_each_other() {
    let graph = module_graph();
    assert!(
        graph.get("checks").is_some_and(|t| t.contains("workspace")),
        "the module graph misses checks -> workspace: {graph:#?}"
    );
    // Between the files of the crate...
    let files = mutual_pairs(&graph);
    // ...and between its top-level areas (parse, checks, features, lsp...).
    let mut areas: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, targets) in &graph {
        let top = |m: &str| m.split("::").next().unwrap_or(m).to_string();
        for b in targets {
            if top(a) != top(b) {
                areas.entry(top(a)).or_default().insert(top(b));
            }
        }
    }
    let areas = mutual_pairs(&areas);
    assert!(
        files.is_empty() && areas.is_empty(),
        "modules importing each other: {files:#?}\nareas importing each other: {areas:#?}"
    );
}
