//! The workspace: every record (open buffers and files on disk) and the cross-record indexes —
//! symbol, meeting, speaker identity (by session), entity, instrument, cited symbol → records —
//! each updated from one record's facts when that record changes, so that no question walks
//! every document. A record may be indexed without its parse: the command line keeps the parsed
//! text of one batch of meetings at a time, the server that of open records only (a closed
//! record's file is read again, and parsed, when a check or a feature needs it).
//!
//! This file holds the records (slots) and their life cycle; [`document`] the parsed record,
//! [`facts`] what is kept without the text, [`indexes`] the postings and their lookups,
//! [`meetings`] which records share a meeting, [`speakers`] speaker identity.

mod document;
mod facts;
mod indexes;
mod meetings;
mod memo;
pub(crate) mod speakers;

use std::collections::HashMap;
use std::sync::Arc;

use crate::knowledge::Gazetteer;
use crate::text::LineIndex;

pub use document::{Document, StatementRef};
pub(crate) use facts::DocFacts;
use indexes::Indexes;
pub(crate) use memo::{Memo, Stamp};
pub(crate) use speakers::{SpeakerFact, SpeakerIndex};

/// A record's place in the workspace. A bare `usize`, as are statement indexes and the
/// gazetteer's entity and instrument ids: typed ids (`FileId(u32)`, `EntityId`) would catch a
/// statement index passed as an entity, but they are named in every layer (knowledge, record,
/// parse, lsp), so they are left for a change of their own.
pub type FileId = usize;

/// One record of the workspace: its facts, always; its parse when loaded (open buffers, the
/// command line's batch); else, in the server, its text, parsed on demand.
#[derive(Debug, Clone)]
struct Slot {
    facts: Arc<DocFacts>,
    doc: Option<Arc<Document>>,
    source: Option<Source>,
    /// Changes whenever the record's text changes: results computed from it are stale.
    revision: u64,
}

/// A record kept without its text: where to read it again, and the parse made of it when a
/// check or a feature needs it (dropped again by [`Workspace::evict_parsed`]).
#[derive(Debug, Clone)]
struct Source {
    path: std::path::PathBuf,
    parsed: std::sync::OnceLock<Option<Arc<Document>>>,
}

impl Source {
    /// The text on disk now (`None` if it can no longer be read as a record).
    fn read(&self) -> Option<Arc<str>> {
        crate::files::load(&self.path).ok()
    }
}

/// The workspace. Read it through shared references (the server computes under a read lock;
/// the command line checks in parallel); the memo of meeting analyses is shared by clones.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub gaz: Arc<Gazetteer>,
    slots: Vec<Option<Slot>>,
    by_name: HashMap<String, FileId>,
    index: Indexes,
    next_revision: u64,
    memo: Arc<Memo>,
    /// [`Workspace::symbols_near`] by symbol, with the symbols revision it was computed at:
    /// every record citing an absent press release asks the same question.
    near_symbols: Arc<std::sync::Mutex<NearSymbols>>,
    /// How many records were parsed on demand since the last eviction.
    parsed_on_demand: Arc<std::sync::atomic::AtomicUsize>,
}

type NearSymbols = HashMap<String, (u64, Arc<Vec<(usize, String)>>)>;

impl Default for Workspace {
    fn default() -> Self {
        Workspace::new(Gazetteer::builtin())
    }
}

impl Workspace {
    pub fn new(gaz: Arc<Gazetteer>) -> Workspace {
        Workspace {
            gaz,
            slots: Vec::new(),
            by_name: HashMap::new(),
            index: Indexes::default(),
            next_revision: 1,
            memo: Arc::new(Memo::default()),
            near_symbols: Arc::default(),
            parsed_on_demand: Arc::default(),
        }
    }

    /// Adds or replaces a record; only that record is re-parsed and re-indexed.
    pub fn upsert(&mut self, name: &str, text: impl Into<Arc<str>>) -> FileId {
        let doc = Document::new(name.to_string(), text.into(), &self.gaz);
        self.insert_document(doc)
    }

    /// Adds a document parsed elsewhere (in parallel, or off the server's lock), loaded.
    pub(crate) fn insert_document(&mut self, doc: Document) -> FileId {
        let facts = DocFacts::of(&doc, &self.gaz);
        self.insert(facts, Some(Arc::new(doc)))
    }

    /// Indexes a record by its facts alone: it answers cross-record questions but `get` gives
    /// `None` until [`Workspace::load`] attaches its parse.
    pub(crate) fn insert_facts(&mut self, facts: DocFacts) -> FileId {
        self.insert(facts, None)
    }

    /// Indexes a record of a file by its facts alone, keeping neither its text nor its parse:
    /// [`Workspace::get`] and [`Workspace::with_text`] read the file again when asked (the
    /// server's closed records, most of an archive).
    pub(crate) fn insert_on_disk(&mut self, facts: DocFacts, path: std::path::PathBuf) -> FileId {
        let id = self.insert(facts, None);
        if let Some(Some(slot)) = self.slots.get_mut(id) {
            slot.source = Some(Source {
                path,
                parsed: std::sync::OnceLock::new(),
            });
        }
        id
    }

    fn insert(&mut self, facts: DocFacts, doc: Option<Arc<Document>>) -> FileId {
        let revision = self.next_revision;
        self.next_revision += 1;
        let old: Option<Arc<DocFacts>> = self
            .id_of(&facts.name)
            .and_then(|id| Some(self.slots.get(id)?.as_ref()?.facts.clone()));
        let old_symbol = old.as_ref().and_then(|f| f.symbol.clone());
        self.index
            .note_symbol(old_symbol.as_ref(), facts.symbol.as_ref(), revision);
        // Records of other meetings read this one through its facts only: when those are the
        // same, their sessions' revisions stay (see `same_for_other_meetings`). When they
        // differ, the session it leaves moves as well as the one it is in.
        let moved_sessions = match &old {
            Some(old) if old.same_for_other_meetings(&facts) => Vec::new(),
            Some(old) => vec![old.session, facts.session],
            None => vec![facts.session],
        };
        let id = match self.by_name.get(&facts.name) {
            Some(&id) => {
                self.unindex(id);
                id
            }
            None => {
                self.slots.push(None);
                let id = self.slots.len() - 1;
                self.by_name.insert(facts.name.clone(), id);
                id
            }
        };
        self.index.add(id, &facts, revision);
        for session in moved_sessions {
            self.index.session_revisions.insert(session, revision);
        }
        self.slots[id] = Some(Slot {
            facts: Arc::new(facts),
            doc,
            source: None,
            revision,
        });
        id
    }

    /// Attaches the parse of an indexed record whose text has not changed since it was indexed
    /// (the command line's second pass); nothing is re-indexed. Who spoke is taken from the
    /// parse: a first pass that read only the speakers left out whom summaries and rosters
    /// report, which no index holds and only the reply check reads (of records it loads).
    pub(crate) fn load(&mut self, id: FileId, doc: Document) {
        if let Some(Some(slot)) = self.slots.get_mut(id) {
            let spoke = DocFacts::spoke_of(&doc.record);
            if slot.facts.spoke != spoke {
                Arc::make_mut(&mut slot.facts).spoke = spoke;
            }
            slot.doc = Some(Arc::new(doc));
        }
    }

    /// Detaches the parse of a record and keeps its facts in the indexes; the parse is handed
    /// back so that the caller decides where dropping it costs time.
    pub(crate) fn unload(&mut self, id: FileId) -> Option<Arc<Document>> {
        self.slots.get_mut(id)?.as_mut()?.doc.take()
    }

    pub(crate) fn remove(&mut self, name: &str) {
        if let Some(id) = self.by_name.remove(name) {
            let revision = self.next_revision;
            self.next_revision += 1;
            let old_symbol = self.facts(id).and_then(|f| f.symbol.clone());
            self.index.note_symbol(old_symbol.as_ref(), None, revision);
            let session = self.facts(id).map(|f| f.session);
            if old_symbol.is_some() {
                self.index.symbols_revision = revision;
            }
            self.unindex(id);
            if let Some(session) = session {
                self.index.session_revisions.insert(session, revision);
            }
            self.slots[id] = None;
        }
    }

    fn unindex(&mut self, id: FileId) {
        if let Some(slot) = self.slots[id].take() {
            self.index.remove(id, &slot.facts);
            self.slots[id] = Some(slot);
        }
    }

    /// Replaces the knowledge (after `rapporteur.toml` changed) and re-parses every record; a
    /// record kept on disk is read again and stays so.
    pub(crate) fn set_gazetteer(&mut self, gaz: Arc<Gazetteer>) {
        self.gaz = gaz;
        let mut loaded = Vec::new();
        let mut kept = Vec::new();
        for slot in self.slots.iter().flatten() {
            match (&slot.doc, &slot.source) {
                (Some(d), _) => loaded.push((d.name.clone(), d.text.clone())),
                (None, Some(s)) => kept.push((slot.facts.name.clone(), s.path.clone())),
                (None, None) => {}
            }
        }
        for (name, text) in loaded {
            self.upsert(&name, text);
        }
        for (name, path) in kept {
            let Ok(text) = crate::files::load(&path) else {
                continue;
            };
            let doc = Document::new(name, text, &self.gaz);
            let facts = DocFacts::of(&doc, &self.gaz);
            self.insert_on_disk(facts, path);
        }
    }

    /// A record's parse: loaded, or made now from its kept text (and kept until
    /// [`Workspace::evict_parsed`]). `None` for an unknown record or one indexed by facts alone.
    pub fn get(&self, id: FileId) -> Option<&Document> {
        let slot = self.slots.get(id)?.as_ref()?;
        if let Some(doc) = slot.doc.as_deref() {
            return Some(doc);
        }
        let source = slot.source.as_ref()?;
        let doc = source.parsed.get_or_init(|| {
            self.parsed_on_demand
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let text = source.read()?;
            Some(Arc::new(Document::new(
                slot.facts.name.clone(),
                text,
                &self.gaz,
            )))
        });
        doc.as_deref()
    }

    /// Runs `f` on a record's text and line starts: the loaded text, else the parse made on
    /// demand, else the file read again (without parsing it).
    pub(crate) fn with_text<R>(
        &self,
        id: FileId,
        f: impl FnOnce(&str, &LineIndex) -> R,
    ) -> Option<R> {
        let slot = self.slots.get(id)?.as_ref()?;
        if let Some(doc) = slot.doc.as_deref() {
            return Some(f(&doc.text, &doc.lines));
        }
        let source = slot.source.as_ref()?;
        if let Some(Some(doc)) = source.parsed.get() {
            return Some(f(&doc.text, &doc.lines));
        }
        let text = source.read()?;
        let lines = LineIndex::new(&text);
        Some(f(&text, &lines))
    }

    /// Drops the parses made on demand once there are more than `keep`: they are made again
    /// when needed, and memory stays with the open records and the facts.
    pub(crate) fn evict_parsed(&mut self, keep: usize) {
        use std::sync::atomic::Ordering;
        if self.parsed_on_demand.load(Ordering::Relaxed) <= keep {
            return;
        }
        for slot in self.slots.iter_mut().flatten() {
            if let Some(source) = slot.source.as_mut() {
                source.parsed.take();
            }
        }
        self.parsed_on_demand.store(0, Ordering::Relaxed);
    }

    /// What the indexes know of a record, loaded or not.
    pub(crate) fn facts(&self, id: FileId) -> Option<&DocFacts> {
        self.slots.get(id)?.as_ref().map(|s| &*s.facts)
    }

    pub fn id_of(&self, name: &str) -> Option<FileId> {
        self.by_name.get(name).copied()
    }

    /// The loaded records, in workspace order. Not for hot paths: use the indexes.
    pub(crate) fn documents(&self) -> impl Iterator<Item = (FileId, &Document)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref()?.doc.as_deref().map(|d| (i, d)))
    }

    /// Every indexed record's name, loaded or not, in workspace order.
    pub(crate) fn names(&self) -> impl Iterator<Item = (FileId, &str)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref().map(|s| (i, s.facts.name.as_str())))
    }

    /// Every indexed record, loaded or not, in workspace order.
    pub(crate) fn file_ids(&self) -> impl Iterator<Item = FileId> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref().map(|_| i))
    }

    pub(crate) fn len(&self) -> usize {
        self.by_name.len()
    }

    /// The revision of the workspace's last change, to any record.
    pub(crate) fn latest_revision(&self) -> u64 {
        self.next_revision - 1
    }

    pub(crate) fn revision(&self, id: FileId) -> u64 {
        self.slots
            .get(id)
            .and_then(Option::as_ref)
            .map_or(0, |s| s.revision)
    }
}

pub(crate) use crate::names::same_person;
