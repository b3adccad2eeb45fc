//! The workspace: every record (open buffers and files on disk) and the cross-record indexes —
//! symbol, meeting, speaker identity (by session), entity, instrument, cited symbol → records —
//! each updated from one record's facts when that record changes, so that no question walks
//! every document. A record may be indexed without its parse: the command line keeps the parsed
//! text of one batch of meetings at a time, the server that of open records only (a closed
//! record's file is read again, and parsed, when a check or a feature needs it).

mod memo;
pub mod speakers;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::knowledge::Gazetteer;
use crate::parse::parse_with;
use crate::record::{Record, ReferenceKind, RosterKind};
use crate::span::Span;
use crate::text::LineIndex;

pub use memo::{Memo, Stamp};
pub use speakers::{NameId, SpeakerFact, SpeakerIndex};

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
            .map(|s| speakers::statement_tokens(&text, s))
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

    /// A statement's speaker as written, with the honorific of a panel turn ("Ms. MINGEIROU").
    pub fn speaker_label(&self, st: usize) -> String {
        let s = &self.record.statements[st];
        let name = self.span_text(s.name);
        match s.honorific {
            Some((h, _)) => format!("{} {}", h.as_str(), name),
            None => name.to_string(),
        }
    }

    /// The country or affiliation of a statement's speaker, for details and hovers.
    pub fn speaker_detail(&self, gaz: &Gazetteer, st: usize) -> Option<String> {
        let s = &self.record.statements[st];
        if let Some(a) = s.affiliation {
            return Some(match a.entity {
                Some(e) => gaz.entity(e).name.clone(),
                None => self.span_text(a.span).to_string(),
            });
        }
        if let Some(r) = s.role {
            return Some(self.span_text(r).to_string());
        }
        s.full_name.map(|f| self.span_text(f).to_string())
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

/// What the cross-record indexes and checks know of a record without its text: enough to
/// answer for it when it is not loaded (a record of another meeting in `check`).
#[derive(Debug, Clone, Default)]
pub struct DocFacts {
    pub name: String,
    pub display_name: String,
    pub session: Option<u32>,
    pub meetings: Vec<u32>,
    pub symbol: Option<(String, Span)>,
    /// The organ the symbol names ("General Assembly Fifth Committee"): committees number
    /// their meetings on their own, so a shared number is one meeting only within one organ.
    pub organ: Option<&'static str>,
    /// Per statement: name tokens and entity (the speaker index), and the span that ties the
    /// speaker to it (the affiliation, else the header), for evidence shown elsewhere.
    pub speakers: Vec<SpeakerFact>,
    pub speaker_anchors: Vec<Span>,
    /// Entities that spoke or were reported or listed as speaking (not in reply lists): what a
    /// right of reply at a nearby meeting may answer.
    pub spoke: Vec<usize>,
    /// Entities named anywhere (sorted, distinct).
    pub entities: Vec<usize>,
    /// Catalogued instruments cited by title or by symbol (sorted, distinct).
    pub instruments: Vec<usize>,
    /// Uncatalogued instrument titles, folded.
    pub titles: Vec<String>,
    /// Symbols cited ("(See Press Release GA/12387.)", resolutions, documents), distinct.
    pub cited: Vec<String>,
    /// The press-release symbols among them.
    pub cited_press_releases: Vec<String>,
    /// What features show or point at in a record that is not loaded, kept compact.
    pub shown: ShownFacts,
}

/// A byte range of a record in 32 bits a side: records are refused above 16 MB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Range32 {
    pub start: u32,
    pub end: u32,
}

impl Range32 {
    pub fn of(span: Span) -> Range32 {
        Range32 {
            start: span.start as u32,
            end: span.end as u32,
        }
    }

    pub fn span(self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

/// The names, labels and places that hovers, references, rename and the symbol search show for
/// a record, so that they never parse it again (see [`DocFacts::shown`]).
#[derive(Debug, Clone, Default)]
pub struct ShownFacts {
    pub title: Option<String>,
    pub title_span: Option<Range32>,
    pub period: Option<String>,
    /// Per statement: the full name a panel turn was resolved to, and the speaker's country or
    /// affiliation as shown.
    pub speaker_full_names: Vec<Option<String>>,
    pub speaker_details: Vec<Option<String>>,
    /// Per statement: the speaker as written (with a panel turn's honorific), where the name is
    /// written, and the section it is in.
    pub speaker_labels: Vec<String>,
    pub speaker_names: Vec<Range32>,
    pub speaker_sections: Vec<Option<u32>>,
    /// Section headings: name and place.
    pub sections: Vec<(String, Range32)>,
    /// Every span naming a known entity, sorted by (entity, place).
    pub entity_spans: Vec<(u32, Range32)>,
    /// Catalogued instruments cited by title or by symbol, sorted by (instrument, place).
    pub instrument_spans: Vec<(u32, Range32)>,
    /// Catalogued instruments cited by title (not only by symbol), sorted.
    pub titled_instruments: Vec<u32>,
    /// Uncatalogued titles (index into `DocFacts::titles`) and where they are cited.
    pub title_spans: Vec<(u32, Range32)>,
    /// References (index into `DocFacts::cited`, whether it is a press release) and places.
    pub reference_spans: Vec<(u32, bool, Range32)>,
}

impl ShownFacts {
    /// The places naming `entity`, in text order.
    pub fn spans_of_entity(&self, entity: usize) -> impl Iterator<Item = Span> + '_ {
        let e = entity as u32;
        let from = self.entity_spans.partition_point(|(x, _)| *x < e);
        self.entity_spans[from..]
            .iter()
            .take_while(move |(x, _)| *x == e)
            .map(|(_, r)| r.span())
    }
}

impl ShownFacts {
    fn of(doc: &Document, gaz: &Gazetteer, titles: &[String], cited: &[String]) -> ShownFacts {
        let rec = &doc.record;
        let mut entity_spans: Vec<(u32, Range32)> = rec
            .entity_spans()
            .into_iter()
            .map(|(s, e)| (e as u32, Range32::of(s)))
            .collect();
        entity_spans.sort_unstable();
        let mut instrument_spans: Vec<(u32, Range32)> = Vec::new();
        let mut title_spans: Vec<(u32, Range32)> = Vec::new();
        for m in &rec.instruments {
            match m.instrument {
                Some(i) => instrument_spans.push((i as u32, Range32::of(m.span))),
                None => {
                    let t = crate::text::fold(doc.span_text(m.span));
                    if let Ok(ti) = titles.binary_search(&t) {
                        title_spans.push((ti as u32, Range32::of(m.span)));
                    }
                }
            }
        }
        let mut titled_instruments: Vec<u32> = instrument_spans.iter().map(|(i, _)| *i).collect();
        titled_instruments.sort_unstable();
        titled_instruments.dedup();
        let mut reference_spans = Vec::new();
        for r in &rec.references {
            let press = r.kind == ReferenceKind::PressRelease;
            if !press && let Some(i) = gaz.instrument_with_symbol(&r.symbol) {
                instrument_spans.push((i as u32, Range32::of(r.span)));
            }
            if let Ok(ci) = cited.binary_search(&r.symbol) {
                reference_spans.push((ci as u32, press, Range32::of(r.span)));
            }
        }
        instrument_spans.sort_unstable();
        ShownFacts {
            titled_instruments,
            title: rec.title.map(|t| doc.span_text(t).to_string()),
            title_span: rec.title.map(Range32::of),
            period: rec.header.period.clone(),
            speaker_full_names: rec
                .statements
                .iter()
                .map(|s| s.full_name.map(|f| doc.span_text(f).to_string()))
                .collect(),
            speaker_details: (0..rec.statements.len())
                .map(|i| doc.speaker_detail(gaz, i))
                .collect(),
            speaker_labels: (0..rec.statements.len())
                .map(|i| doc.speaker_label(i))
                .collect(),
            speaker_names: rec.statements.iter().map(|s| Range32::of(s.name)).collect(),
            speaker_sections: rec
                .statements
                .iter()
                .map(|s| s.section.map(|x| x as u32))
                .collect(),
            sections: rec
                .sections
                .iter()
                .map(|s| (s.name.clone(), Range32::of(s.heading)))
                .collect(),
            entity_spans,
            instrument_spans,
            title_spans,
            reference_spans,
        }
    }
}

impl DocFacts {
    /// The folded words of every name the symbol search matches in this record: symbol,
    /// title, display name, section headings, speakers as written and their full names.
    pub fn search_tokens(&self) -> Vec<String> {
        let shown = &self.shown;
        let names = self
            .symbol()
            .into_iter()
            .chain(shown.title.as_deref())
            .chain(std::iter::once(self.display_name.as_str()))
            .chain(shown.sections.iter().map(|(n, _)| n.as_str()))
            .chain(shown.speaker_labels.iter().map(String::as_str))
            .chain(
                shown
                    .speaker_full_names
                    .iter()
                    .flatten()
                    .map(String::as_str),
            );
        let mut out: Vec<String> = names
            .flat_map(|n| {
                crate::text::fold(n)
                    .split_whitespace()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    pub fn of(doc: &Document, gaz: &Gazetteer) -> DocFacts {
        let rec = &doc.record;
        let h = &rec.header;
        let speakers = rec
            .statements
            .iter()
            .enumerate()
            .map(|(i, _)| SpeakerFact {
                tokens: doc.speaker_tokens[i].clone(),
                entity: doc.statement_entity(i),
            })
            .collect();
        let speaker_anchors = rec
            .statements
            .iter()
            .map(|s| s.affiliation.map_or(s.header, |a| a.span))
            .collect();
        let mut spoke: Vec<usize> = (0..rec.statements.len())
            .filter_map(|i| doc.statement_entity(i))
            .chain(
                rec.attributions
                    .iter()
                    .flat_map(|a| a.targets.iter().filter_map(|t| t.entity)),
            )
            .chain(
                rec.rosters
                    .iter()
                    .filter(|r| r.kind != RosterKind::RightOfReply)
                    .flat_map(|r| r.entities.iter().filter_map(|t| t.entity)),
            )
            .collect();
        spoke.sort_unstable();
        spoke.dedup();
        let mut instruments: Vec<usize> = rec
            .instruments
            .iter()
            .filter_map(|m| m.instrument)
            .chain(
                rec.references
                    .iter()
                    .filter(|r| r.kind != ReferenceKind::PressRelease)
                    .filter_map(|r| gaz.instrument_with_symbol(&r.symbol)),
            )
            .collect();
        instruments.sort_unstable();
        instruments.dedup();
        let mut titles: Vec<String> = rec
            .instruments
            .iter()
            .filter(|m| m.instrument.is_none())
            .map(|m| crate::text::fold(doc.span_text(m.span)))
            .collect();
        titles.sort_unstable();
        titles.dedup();
        let mut cited: Vec<String> = rec.references.iter().map(|r| r.symbol.clone()).collect();
        cited.sort_unstable();
        cited.dedup();
        let mut cited_press_releases: Vec<String> = rec
            .references
            .iter()
            .filter(|r| r.kind == ReferenceKind::PressRelease)
            .map(|r| r.symbol.clone())
            .collect();
        cited_press_releases.sort_unstable();
        cited_press_releases.dedup();
        let shown = ShownFacts::of(doc, gaz, &titles, &cited);
        // The entity places are sorted by entity: the distinct entities follow.
        let mut entities: Vec<usize> = shown
            .entity_spans
            .iter()
            .map(|(e, _)| *e as usize)
            .collect();
        entities.dedup();
        DocFacts {
            shown,
            name: doc.name.clone(),
            display_name: doc.display_name(),
            session: h.session_number(),
            meetings: h.meetings.clone(),
            symbol: h.symbol.clone(),
            organ: h.symbol().and_then(crate::parse::header::organ_of_symbol),
            speakers,
            speaker_anchors,
            spoke,
            entities,
            instruments,
            titles,
            cited,
            cited_press_releases,
        }
    }

    pub fn symbol(&self) -> Option<&str> {
        self.symbol.as_ref().map(|s| s.0.as_str())
    }

    /// Only what the checks read of other records (masthead, speakers, who spoke): the facts
    /// the command line keeps for a whole archive. Hovers, references and the symbol search
    /// need the rest.
    pub fn for_checks(self) -> DocFacts {
        DocFacts {
            name: self.name,
            display_name: self.display_name,
            session: self.session,
            meetings: self.meetings,
            symbol: self.symbol,
            organ: self.organ,
            speakers: self.speakers,
            speaker_anchors: self.speaker_anchors,
            spoke: self.spoke,
            ..DocFacts::default()
        }
    }
}

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
    fn read(&self) -> Option<String> {
        crate::files::load(&self.path).ok()
    }
}

/// `key → records` with records kept in workspace order.
type Postings<K> = HashMap<K, BTreeSet<FileId>>;

fn post<K: std::hash::Hash + Eq>(map: &mut Postings<K>, key: K, file: FileId) {
    map.entry(key).or_default().insert(file);
}

fn unpost<K: std::hash::Hash + Eq>(map: &mut Postings<K>, key: &K, file: FileId) {
    if let Some(set) = map.get_mut(key) {
        set.remove(&file);
        if set.is_empty() {
            map.remove(key);
        }
    }
}

/// The cross-record indexes, each a map from a key to the records having it.
#[derive(Debug, Clone, Default)]
struct Indexes {
    by_symbol: Postings<String>,
    /// (symbol series, number): "GA/12387" → ("GA", 12387), for records in sequence.
    by_symbol_number: Postings<(String, u64)>,
    by_meeting: Postings<(u32, u32)>,
    by_entity: Postings<usize>,
    by_instrument: Postings<usize>,
    by_title: Postings<String>,
    by_cited: Postings<String>,
    by_cited_press_release: Postings<String>,
    /// Folded words of the names the symbol search matches → records.
    by_search_token: Postings<String>,
    speakers: SpeakerIndex,
    /// Per session, the revision of the last change to its speakers.
    session_revisions: HashMap<Option<u32>, u64>,
    /// The revision of the last change to the set of press-release symbols.
    symbols_revision: u64,
}

impl Indexes {
    fn add(&mut self, file: FileId, f: &DocFacts, revision: u64) {
        if let Some(sym) = f.symbol() {
            self.symbols_revision = revision;
            post(&mut self.by_symbol, sym.to_string(), file);
            if let (p, Some(n)) = split_symbol(sym) {
                post(&mut self.by_symbol_number, (p.to_string(), n), file);
            }
        }
        if let Some(s) = f.session {
            for &m in &f.meetings {
                post(&mut self.by_meeting, (s, m), file);
            }
        }
        for &e in &f.entities {
            post(&mut self.by_entity, e, file);
        }
        for &i in &f.instruments {
            post(&mut self.by_instrument, i, file);
        }
        for t in &f.titles {
            post(&mut self.by_title, t.clone(), file);
        }
        for c in &f.cited {
            post(&mut self.by_cited, c.clone(), file);
        }
        for c in &f.cited_press_releases {
            post(&mut self.by_cited_press_release, c.clone(), file);
        }
        for t in f.search_tokens() {
            post(&mut self.by_search_token, t, file);
        }
        self.speakers.add(file, f.session, &f.speakers);
        self.session_revisions.insert(f.session, revision);
    }

    fn remove(&mut self, file: FileId, f: &DocFacts, revision: u64) {
        if let Some(sym) = f.symbol() {
            self.symbols_revision = revision;
            unpost(&mut self.by_symbol, &sym.to_string(), file);
            if let (p, Some(n)) = split_symbol(sym) {
                unpost(&mut self.by_symbol_number, &(p.to_string(), n), file);
            }
        }
        if let Some(s) = f.session {
            for &m in &f.meetings {
                unpost(&mut self.by_meeting, &(s, m), file);
            }
        }
        for e in &f.entities {
            unpost(&mut self.by_entity, e, file);
        }
        for i in &f.instruments {
            unpost(&mut self.by_instrument, i, file);
        }
        for t in &f.titles {
            unpost(&mut self.by_title, t, file);
        }
        for c in &f.cited {
            unpost(&mut self.by_cited, c, file);
        }
        for c in &f.cited_press_releases {
            unpost(&mut self.by_cited_press_release, c, file);
        }
        for t in f.search_tokens() {
            unpost(&mut self.by_search_token, &t, file);
        }
        self.speakers.remove(file, f.session, &f.speakers);
        self.session_revisions.insert(f.session, revision);
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
    pub fn insert_document(&mut self, doc: Document) -> FileId {
        let facts = DocFacts::of(&doc, &self.gaz);
        self.insert(facts, Some(Arc::new(doc)))
    }

    /// Indexes a record by its facts alone: it answers cross-record questions but `get` gives
    /// `None` until [`Workspace::load`] attaches its parse.
    pub fn insert_facts(&mut self, facts: DocFacts) -> FileId {
        self.insert(facts, None)
    }

    /// Indexes a record of a file by its facts alone, keeping neither its text nor its parse:
    /// [`Workspace::get`] and [`Workspace::with_text`] read the file again when asked (the
    /// server's closed records, most of an archive).
    pub fn insert_on_disk(&mut self, facts: DocFacts, path: std::path::PathBuf) -> FileId {
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
        let id = match self.by_name.get(&facts.name) {
            Some(&id) => {
                self.unindex(id, revision);
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
        self.slots[id] = Some(Slot {
            facts: Arc::new(facts),
            doc,
            source: None,
            revision,
        });
        id
    }

    /// Attaches the parse of an indexed record whose text has not changed since it was indexed
    /// (the command line's second pass); nothing is re-indexed.
    pub fn load(&mut self, id: FileId, doc: Document) {
        if let Some(Some(slot)) = self.slots.get_mut(id) {
            slot.doc = Some(Arc::new(doc));
        }
    }

    /// Drops the parse of a record and keeps its facts in the indexes.
    pub fn unload(&mut self, id: FileId) {
        if let Some(Some(slot)) = self.slots.get_mut(id) {
            slot.doc = None;
        }
    }

    pub fn remove(&mut self, name: &str) {
        if let Some(id) = self.by_name.remove(name) {
            let revision = self.next_revision;
            self.next_revision += 1;
            self.unindex(id, revision);
            self.slots[id] = None;
        }
    }

    fn unindex(&mut self, id: FileId, revision: u64) {
        if let Some(slot) = self.slots[id].take() {
            self.index.remove(id, &slot.facts, revision);
            self.slots[id] = Some(slot);
        }
    }

    /// Replaces the knowledge (after `rapporteur.toml` changed) and re-parses every record; a
    /// record kept on disk is read again and stays so.
    pub fn set_gazetteer(&mut self, gaz: Arc<Gazetteer>) {
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
            let doc = Document::new(name, Arc::from(text), &self.gaz);
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
                Arc::from(text),
                &self.gaz,
            )))
        });
        doc.as_deref()
    }

    /// Runs `f` on a record's text and line starts: the loaded text, else the parse made on
    /// demand, else the file read again (without parsing it).
    pub fn with_text<R>(&self, id: FileId, f: impl FnOnce(&str, &LineIndex) -> R) -> Option<R> {
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
    pub fn evict_parsed(&mut self, keep: usize) {
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
    pub fn facts(&self, id: FileId) -> Option<&DocFacts> {
        self.slots.get(id)?.as_ref().map(|s| &*s.facts)
    }

    pub fn id_of(&self, name: &str) -> Option<FileId> {
        self.by_name.get(name).copied()
    }

    /// The loaded records, in workspace order. Not for hot paths: use the indexes.
    pub fn documents(&self) -> impl Iterator<Item = (FileId, &Document)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref()?.doc.as_deref().map(|d| (i, d)))
    }

    /// Every indexed record's name, loaded or not, in workspace order.
    pub fn names(&self) -> impl Iterator<Item = (FileId, &str)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref().map(|s| (i, s.facts.name.as_str())))
    }

    /// Every indexed record, loaded or not, in workspace order.
    pub fn file_ids(&self) -> impl Iterator<Item = FileId> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref().map(|_| i))
    }

    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    pub fn revision(&self, id: FileId) -> u64 {
        self.slots
            .get(id)
            .and_then(Option::as_ref)
            .map_or(0, |s| s.revision)
    }

    /// Records that carry a press-release symbol, in workspace order.
    pub fn records_with_symbol(&self, symbol: &str) -> Vec<FileId> {
        ids(self.index.by_symbol.get(symbol))
    }

    /// Every press-release symbol carried by a record.
    pub fn symbols(&self) -> impl Iterator<Item = &str> {
        self.index.by_symbol.keys().map(String::as_str)
    }

    /// Every press-release symbol cited by a record ("(See Press Release GA/12387.)").
    pub fn cited_press_releases(&self) -> impl Iterator<Item = &str> {
        self.index.by_cited_press_release.keys().map(String::as_str)
    }

    /// Symbols of the workspace's records in the same series as `symbol` ("GA/") whose number
    /// is within `max_edits` edits of its number, nearest first: the candidates for a mistyped
    /// reference, found by generating the edits rather than comparing with every symbol.
    pub fn symbols_near(&self, symbol: &str, max_edits: usize) -> Arc<Vec<(usize, String)>> {
        let revision = self.index.symbols_revision;
        let key = format!("{max_edits}:{symbol}");
        let cache = || self.near_symbols.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((r, found)) = cache().get(&key)
            && *r == revision
        {
            return found.clone();
        }
        let found = Arc::new(self.find_symbols_near(symbol, max_edits));
        cache().insert(key, (revision, found.clone()));
        found
    }

    fn find_symbols_near(&self, symbol: &str, max_edits: usize) -> Vec<(usize, String)> {
        let Some((series, number)) = symbol.rsplit_once('/') else {
            return Vec::new();
        };
        let mut alphabet: Vec<char> = ('0'..='9').chain(number.chars()).collect();
        alphabet.sort_unstable();
        alphabet.dedup();
        let mut frontier: std::collections::HashSet<String> =
            std::collections::HashSet::from([number.to_string()]);
        let mut seen = frontier.clone();
        for _ in 0..max_edits {
            let mut next = std::collections::HashSet::new();
            for w in &frontier {
                for v in single_edits(w, &alphabet) {
                    if seen.insert(v.clone()) {
                        next.insert(v);
                    }
                }
            }
            frontier = next;
        }
        let mut out: Vec<(usize, String)> = seen
            .into_iter()
            .map(|n| format!("{series}/{n}"))
            .filter(|s| s != symbol && self.index.by_symbol.contains_key(s))
            .map(|s| (strsim::levenshtein(&s, symbol), s))
            .filter(|(d, _)| *d <= max_edits)
            .collect();
        out.sort();
        out
    }

    /// Records with a name (see [`DocFacts::search_tokens`]) holding each of `words` (folded)
    /// inside one of its words: the only records the symbol search needs to look at. Each query
    /// word is compared with the distinct words of the workspace, not with every record.
    pub fn records_matching_words(&self, words: &[String]) -> Vec<FileId> {
        let mut result: Option<BTreeSet<FileId>> = None;
        for w in words {
            let mut hits = BTreeSet::new();
            for (token, files) in &self.index.by_search_token {
                if token.contains(w.as_str()) {
                    hits.extend(files.iter().copied());
                }
            }
            result = Some(match result {
                None => hits,
                Some(r) => r.intersection(&hits).copied().collect(),
            });
        }
        match result {
            Some(r) => r.into_iter().collect(),
            None => self.file_ids().collect(),
        }
    }

    /// Records naming an entity anywhere (mentions, headers, cues, lists).
    pub fn records_naming_entity(&self, entity: usize) -> Vec<FileId> {
        ids(self.index.by_entity.get(&entity))
    }

    /// Records citing a catalogued instrument, by title or by symbol.
    pub fn records_citing_instrument(&self, instrument: usize) -> Vec<FileId> {
        ids(self.index.by_instrument.get(&instrument))
    }

    /// Records citing an uncatalogued title (folded).
    pub fn records_citing_title(&self, folded_title: &str) -> Vec<FileId> {
        ids(self.index.by_title.get(folded_title))
    }

    /// Records citing a symbol in a reference.
    pub fn records_citing(&self, symbol: &str) -> Vec<FileId> {
        ids(self.index.by_cited.get(symbol))
    }

    pub fn speakers(&self) -> &SpeakerIndex {
        &self.index.speakers
    }

    /// Records of the same meeting as `file`: same session and a shared meeting number, or
    /// symbols in sequence within the session. `file` first, then workspace order.
    pub fn same_meeting(&self, file: FileId) -> Vec<FileId> {
        let Some(h) = self.facts(file) else {
            return Vec::new();
        };
        let mut candidates = BTreeSet::new();
        if let Some(s) = h.session {
            for &m in &h.meetings {
                candidates.extend(ids(self.index.by_meeting.get(&(s, m))));
            }
        }
        if let Some((p, Some(n))) = h.symbol().map(split_symbol) {
            for m in [n.wrapping_sub(1), n + 1] {
                candidates.extend(ids(self.index.by_symbol_number.get(&(p.to_string(), m))));
            }
        }
        let mut out = vec![file];
        for id in candidates {
            if id != file
                && let Some(oh) = self.facts(id)
                && same_meeting_facts(h, oh)
            {
                out.push(id);
            }
        }
        out
    }

    /// The records of `file`'s meeting in workspace order: the same set for every record of the
    /// meeting (when the relation is symmetric), hence the key of its memoised analyses.
    pub fn meeting_of(&self, file: FileId) -> Vec<FileId> {
        let mut members = self.same_meeting(file);
        members.sort_unstable();
        members
    }

    /// Records of the same session whose meetings are within `reach` of this record's: a reply
    /// at the end of a two-day meeting may answer what was said the day before.
    pub fn nearby_meetings(&self, file: FileId, reach: u32) -> Vec<FileId> {
        let mut out = self.same_meeting(file);
        let Some(h) = self.facts(file) else {
            return out;
        };
        let Some(session) = h.session else {
            return out;
        };
        let mut near = BTreeSet::new();
        for &m in &h.meetings {
            for o in m.saturating_sub(reach)..=m.saturating_add(reach) {
                near.extend(ids(self.index.by_meeting.get(&(session, o))));
            }
        }
        for id in near {
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }

    /// The names of the index that are the same person as statement `target`'s speaker.
    pub fn speaker_names(&self, target: StatementRef) -> Vec<NameId> {
        match self
            .facts(target.file)
            .and_then(|f| f.speakers.get(target.statement))
        {
            Some(s) => self.index.speakers.compatible(&s.tokens),
            None => Vec::new(),
        }
    }

    /// Every statement of the workspace by the same person as `target`: names compatible (one a
    /// shorter form of the other, accents and initials aside) and no contradicting country.
    pub fn same_speaker(&self, target: StatementRef) -> Vec<StatementRef> {
        let entity = self.statement_entity(target);
        let mut out = BTreeSet::from([target]);
        for id in self.speaker_names(target) {
            for (e, refs) in self.index.speakers.name(id).entities() {
                if entity.is_none() || e.is_none() || e == entity {
                    out.extend(refs.iter().copied());
                }
            }
        }
        out.into_iter().collect()
    }

    /// Statements whose speaker's name is the same as `target`'s, whatever country they are
    /// tied to (the evidence for a speaker tied to two countries).
    pub fn same_speaker_any_country(&self, target: StatementRef) -> Vec<StatementRef> {
        let mut out = BTreeSet::from([target]);
        for id in self.speaker_names(target) {
            out.extend(self.index.speakers.name(id).statements());
        }
        out.into_iter().collect()
    }

    /// The entity a statement's header ties its speaker to, loaded or not.
    pub fn statement_entity(&self, st: StatementRef) -> Option<usize> {
        self.facts(st.file)?.speakers.get(st.statement)?.entity
    }

    /// A stable key for a speaker: the shortest name of the person in the workspace, folded,
    /// with the country they speak for.
    pub fn speaker_key(&self, target: StatementRef) -> String {
        let Some(fact) = self
            .facts(target.file)
            .and_then(|f| f.speakers.get(target.statement))
        else {
            return String::new();
        };
        let own = fact.entity;
        // The shortest compatible name with a statement whose country does not contradict, and
        // (when this statement has none) the country of the first such statement.
        let mut best: Option<(usize, String)> = None;
        let mut first_entity: Option<(StatementRef, usize)> = None;
        for id in self.speaker_names(target) {
            let name = self.index.speakers.name(id);
            let mut usable = name.tokens == fact.tokens;
            for (e, refs) in name.entities() {
                if own.is_none() || e.is_none() || e == own {
                    usable = true;
                    if own.is_none()
                        && let (Some(e), Some(&first)) = (e, refs.first())
                        && first_entity.is_none_or(|(r, _)| first < r)
                    {
                        first_entity = Some((first, e));
                    }
                }
            }
            if !usable {
                continue;
            }
            let key = name.tokens.join(" ");
            let cand = (name.tokens.len(), key);
            if best.as_ref().is_none_or(|b| cand < *b) {
                best = Some(cand);
            }
        }
        let name = match best {
            Some(b) => b.1,
            None => self
                .get(target.file)
                .map(|d| d.record.statements[target.statement].name_key.clone())
                .unwrap_or_default(),
        };
        match own.or(first_entity.map(|f| f.1)) {
            Some(e) => format!("{}@{}", name, self.gaz.entity(e).key),
            None => name,
        }
    }

    /// A value computed once per meeting (`members`, as [`Workspace::same_meeting`] gives them)
    /// and shared until one of those records, or a speaker of their sessions, changes.
    pub fn meeting_memo<T: std::any::Any + Send + Sync>(
        &self,
        members: &[FileId],
        compute: impl FnOnce() -> T,
    ) -> Arc<T> {
        let mut stamp: Stamp = members.iter().map(|&f| self.revision(f)).collect();
        let mut sessions: Vec<Option<u32>> = members
            .iter()
            .filter_map(|&f| self.facts(f).map(|x| x.session))
            .collect();
        sessions.sort_unstable();
        sessions.dedup();
        stamp.extend(
            sessions
                .iter()
                .map(|s| self.index.session_revisions.get(s).copied().unwrap_or(0)),
        );
        self.memo.get_or_compute(members, stamp, compute)
    }

    /// Forgets every memoised analysis (the command line, between batches of meetings).
    pub fn clear_memo(&self) {
        self.memo.clear();
    }
}

/// Every string one insertion, deletion or substitution (from `alphabet`) away from `w`.
fn single_edits(w: &str, alphabet: &[char]) -> Vec<String> {
    let chars: Vec<char> = w.chars().collect();
    let mut out = Vec::new();
    for i in 0..=chars.len() {
        for &c in alphabet {
            let mut v = chars.clone();
            v.insert(i, c);
            out.push(v.into_iter().collect());
        }
        if i < chars.len() {
            let mut v = chars.clone();
            v.remove(i);
            out.push(v.iter().collect());
            for &c in alphabet {
                if c != chars[i] {
                    let mut v = chars.clone();
                    v[i] = c;
                    out.push(v.into_iter().collect());
                }
            }
        }
    }
    out
}

fn ids(set: Option<&BTreeSet<FileId>>) -> Vec<FileId> {
    set.map(|s| s.iter().copied().collect()).unwrap_or_default()
}

/// Whether two records report the same meeting: same session and a shared meeting number, or
/// symbols in sequence in one series (and no session or meeting saying otherwise).
fn same_meeting_facts(h: &DocFacts, oh: &DocFacts) -> bool {
    let same_session = h.session.is_some() && h.session == oh.session;
    // An organ is known from a symbol only; a record without one may be of any.
    let same_organ = h.organ.is_none() || oh.organ.is_none() || h.organ == oh.organ;
    let shared_meeting =
        same_session && same_organ && h.meetings.iter().any(|m| oh.meetings.contains(m));
    let in_sequence = match (h.symbol(), oh.symbol()) {
        (Some(a), Some(b)) => {
            let (pa, na) = split_symbol(a);
            let (pb, nb) = split_symbol(b);
            pa == pb
                && na.zip(nb).is_some_and(|(x, y)| x.abs_diff(y) == 1)
                && (same_session || h.session.is_none() || oh.session.is_none())
                && (h.meetings.is_empty() || oh.meetings.is_empty() || shared_meeting)
        }
        _ => false,
    };
    shared_meeting || in_sequence
}

pub use crate::names::same_person;

/// "GA/12387" → ("GA", Some(12387)).
pub fn split_symbol(s: &str) -> (&str, Option<u64>) {
    match s.rsplit_once('/') {
        Some((p, n)) => (p, n.parse().ok()),
        None => (s, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(symbol: Option<&str>, meeting: &str) -> String {
        let symbol = symbol.map(|s| format!("{s}\n")).unwrap_or_default();
        format!(
            "Seventy-sixth Session,\n{meeting} Meeting (AM)\n{symbol}\nTitle of the Release\n\n\
             Statements\n\nRÓBERT CHATRNÚCH (Slovakia) said the meeting mattered.\n"
        )
    }

    #[test]
    fn a_meeting_number_is_shared_within_one_organ_only() {
        let mut ws = Workspace::default();
        let plenary = ws.upsert("plenary.txt", record(Some("GA/12500"), "28th"));
        let fifth = ws.upsert("fifth.txt", record(Some("GA/AB/4391"), "28th"));
        let unknown = ws.upsert("unknown.txt", record(None, "28th"));
        assert_eq!(ws.same_meeting(plenary), vec![plenary, unknown]);
        assert_eq!(ws.same_meeting(fifth), vec![fifth, unknown]);
        assert_eq!(ws.same_meeting(unknown), vec![unknown, plenary, fifth]);
    }
}
