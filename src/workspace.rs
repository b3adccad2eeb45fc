//! The workspace: every record (open buffers and files on disk) and the cross-record maps —
//! symbol → record, speaker identity → statements, meetings — updated one record at a time.

use std::collections::HashMap;
use std::sync::Arc;

use crate::knowledge::Gazetteer;
use crate::parse::{parse_with, speaker};
use crate::record::Record;
use crate::span::Span;
use crate::text::LineIndex;

pub type FileId = usize;

/// One record of the workspace with its text.
#[derive(Debug, Clone)]
pub struct Document {
    /// A path (command line) or a URI (editor); the workspace treats it as an opaque name.
    pub name: String,
    pub text: Arc<str>,
    pub record: Record,
    pub lines: LineIndex,
    /// Each statement's name tokens, computed once at parse time.
    pub speaker_tokens: Vec<Vec<String>>,
}

impl Document {
    pub fn new(name: String, text: Arc<str>, gaz: &Gazetteer) -> Document {
        let record = parse_with(&text, gaz);
        let speaker_tokens = record
            .statements
            .iter()
            .map(|s| {
                let shown = s.full_name.unwrap_or(s.name);
                speaker::name_tokens(shown.text(&text))
            })
            .collect();
        Document {
            lines: LineIndex::new(&text),
            name,
            text,
            record,
            speaker_tokens,
        }
    }

    /// The entity key a statement's speaker represents, if known.
    pub fn statement_entity(&self, st: usize) -> Option<usize> {
        self.record.statements[st]
            .affiliation
            .and_then(|a| a.entity)
    }

    pub fn span_text(&self, span: Span) -> &str {
        span.text(&self.text)
    }

    /// The record's display name: its symbol, else its title, else its file name.
    pub fn display_name(&self) -> String {
        if let Some(sym) = self.record.header.symbol() {
            return sym.to_string();
        }
        if let Some(t) = self.record.title {
            let t = t.text(&self.text);
            let short: String = t.chars().take(70).collect();
            return if short.len() < t.len() {
                format!("{short}…")
            } else {
                short
            };
        }
        self.name
            .rsplit('/')
            .next()
            .unwrap_or(&self.name)
            .to_string()
    }
}

/// A statement somewhere in the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StatementRef {
    pub file: FileId,
    pub statement: usize,
}

/// Documents are shared, so a clone of the workspace is a cheap snapshot.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub gaz: Arc<Gazetteer>,
    docs: Vec<Option<Arc<Document>>>,
    by_name: HashMap<String, FileId>,
    by_symbol: HashMap<String, Vec<FileId>>,
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace::new(Gazetteer::builtin())
    }
}

impl Workspace {
    pub fn new(gaz: Arc<Gazetteer>) -> Workspace {
        Workspace {
            gaz,
            docs: Vec::new(),
            by_name: HashMap::new(),
            by_symbol: HashMap::new(),
        }
    }

    /// Adds or replaces a record; only that record is re-parsed and re-indexed.
    pub fn upsert(&mut self, name: &str, text: impl Into<Arc<str>>) -> FileId {
        let doc = Document::new(name.to_string(), text.into(), &self.gaz);
        self.insert_document(doc)
    }

    /// Adds a document parsed elsewhere (in parallel, or off the server's lock).
    pub fn insert_document(&mut self, doc: Document) -> FileId {
        let id = match self.by_name.get(&doc.name) {
            Some(&id) => {
                self.unindex(id);
                id
            }
            None => {
                self.docs.push(None);
                let id = self.docs.len() - 1;
                self.by_name.insert(doc.name.clone(), id);
                id
            }
        };
        if let Some(sym) = doc.record.header.symbol() {
            self.by_symbol.entry(sym.to_string()).or_default().push(id);
        }
        self.docs[id] = Some(Arc::new(doc));
        id
    }

    pub fn remove(&mut self, name: &str) {
        if let Some(id) = self.by_name.remove(name) {
            self.unindex(id);
            self.docs[id] = None;
        }
    }

    fn unindex(&mut self, id: FileId) {
        if let Some(sym) = self.docs[id]
            .as_ref()
            .and_then(|d| d.record.header.symbol())
            .map(str::to_string)
            && let Some(v) = self.by_symbol.get_mut(&sym)
        {
            v.retain(|&f| f != id);
            if v.is_empty() {
                self.by_symbol.remove(&sym);
            }
        }
    }

    /// Replaces the knowledge (after `rapporteur.toml` changed) and re-parses every record.
    pub fn set_gazetteer(&mut self, gaz: Arc<Gazetteer>) {
        self.gaz = gaz;
        let docs: Vec<(String, Arc<str>)> = self
            .documents()
            .map(|(_, d)| (d.name.clone(), d.text.clone()))
            .collect();
        for (name, text) in docs {
            self.upsert(&name, text);
        }
    }

    pub fn get(&self, id: FileId) -> Option<&Document> {
        self.docs.get(id).and_then(Option::as_deref)
    }

    pub fn id_of(&self, name: &str) -> Option<FileId> {
        self.by_name.get(name).copied()
    }

    pub fn documents(&self) -> impl Iterator<Item = (FileId, &Document)> {
        self.docs
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.as_deref().map(|d| (i, d)))
    }

    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// Records that carry a press-release symbol, in the order they were added.
    pub fn records_with_symbol(&self, symbol: &str) -> &[FileId] {
        self.by_symbol.get(symbol).map_or(&[], Vec::as_slice)
    }

    /// Records of the same meeting as `file`: same session and a shared meeting number, or
    /// symbols in sequence within the session.
    pub fn same_meeting(&self, file: FileId) -> Vec<FileId> {
        let Some(doc) = self.get(file) else {
            return Vec::new();
        };
        let h = &doc.record.header;
        let mut out = vec![file];
        for (id, other) in self.documents() {
            if id == file {
                continue;
            }
            let oh = &other.record.header;
            let same_session =
                h.session_number().is_some() && h.session_number() == oh.session_number();
            let shared_meeting = same_session && h.meetings.iter().any(|m| oh.meetings.contains(m));
            let in_sequence = match (h.symbol(), oh.symbol()) {
                (Some(a), Some(b)) => {
                    let (pa, na) = split_symbol(a);
                    let (pb, nb) = split_symbol(b);
                    pa == pb
                        && na.zip(nb).is_some_and(|(x, y)| x.abs_diff(y) == 1)
                        && (same_session
                            || h.session_number().is_none()
                            || oh.session_number().is_none())
                        && (h.meetings.is_empty() || oh.meetings.is_empty() || shared_meeting)
                }
                _ => false,
            };
            if shared_meeting || in_sequence {
                out.push(id);
            }
        }
        out
    }

    /// Every statement of the workspace by the same person as `target`: names compatible (one a
    /// shorter form of the other, accents and initials aside) and no contradicting country.
    pub fn same_speaker(&self, target: StatementRef) -> Vec<StatementRef> {
        let Some(doc) = self.get(target.file) else {
            return Vec::new();
        };
        let entity = doc.statement_entity(target.statement);
        self.same_speaker_any_country(target)
            .into_iter()
            .filter(|r| {
                let oe = self
                    .get(r.file)
                    .and_then(|d| d.statement_entity(r.statement));
                *r == target || entity.is_none() || oe.is_none() || entity == oe
            })
            .collect()
    }

    /// Statements whose speaker's name is the same as `target`'s, whatever country they are
    /// tied to (the evidence for a speaker tied to two countries).
    pub fn same_speaker_any_country(&self, target: StatementRef) -> Vec<StatementRef> {
        let Some(doc) = self.get(target.file) else {
            return Vec::new();
        };
        let tokens = &doc.speaker_tokens[target.statement];
        let mut out = Vec::new();
        for (id, other) in self.documents() {
            for (si, ot) in other.speaker_tokens.iter().enumerate() {
                let r = StatementRef {
                    file: id,
                    statement: si,
                };
                if r == target || same_person(tokens, ot) {
                    out.push(r);
                }
            }
        }
        out.sort();
        out
    }

    /// Records of the same session whose meetings are within `reach` of this record's: a reply
    /// at the end of a two-day meeting may answer what was said the day before.
    pub fn nearby_meetings(&self, file: FileId, reach: u32) -> Vec<FileId> {
        let Some(doc) = self.get(file) else {
            return Vec::new();
        };
        let h = &doc.record.header;
        let mut out = self.same_meeting(file);
        let Some(session) = h.session_number() else {
            return out;
        };
        for (id, other) in self.documents() {
            let oh = &other.record.header;
            if out.contains(&id) || oh.session_number() != Some(session) {
                continue;
            }
            let near = h
                .meetings
                .iter()
                .any(|m| oh.meetings.iter().any(|o| m.abs_diff(*o) <= reach));
            if near {
                out.push(id);
            }
        }
        out
    }

    /// A stable key for a speaker: the shortest name of the person in the workspace, folded,
    /// with the country they speak for.
    pub fn speaker_key(&self, target: StatementRef) -> String {
        let Some(doc) = self.get(target.file) else {
            return String::new();
        };
        let all = self.same_speaker(target);
        let mut best: Option<(usize, String)> = None;
        let mut entity = doc.statement_entity(target.statement);
        for r in &all {
            let d = self.get(r.file).unwrap();
            let key = d.speaker_tokens[r.statement].join(" ");
            if entity.is_none() {
                entity = d.statement_entity(r.statement);
            }
            let cand = (key.split(' ').count(), key);
            if best.as_ref().is_none_or(|b| cand < *b) {
                best = Some(cand);
            }
        }
        let name = best
            .map(|b| b.1)
            .unwrap_or_else(|| doc.record.statements[target.statement].name_key.clone());
        match entity {
            Some(e) => format!("{}@{}", name, self.gaz.entity(e).key),
            None => name,
        }
    }
}

/// Two names are one person when the shorter is a contiguous part of the longer or a prefix
/// subsequence, and they share at least two tokens (one for single-token panel names).
pub fn same_person(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() < 2 && long.len() >= 2 {
        return false;
    }
    speaker::tokens_compatible(short, long)
}

fn split_symbol(s: &str) -> (&str, Option<u64>) {
    match s.rsplit_once('/') {
        Some((p, n)) => (p, n.parse().ok()),
        None => (s, None),
    }
}
