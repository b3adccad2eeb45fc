//! The cross-record indexes (key → records: symbol, meeting, entity, instrument, title, cited
//! symbol, search word, speaker identity), updated from one record's facts when it changes, and
//! the lookups the workspace answers from them without walking its documents.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::{DocFacts, FileId, SpeakerIndex, Workspace};

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
pub(super) struct Indexes {
    pub(super) by_symbol: Postings<String>,
    /// (symbol series, number): "GA/12387" → ("GA", 12387), for records in sequence.
    pub(super) by_symbol_number: Postings<(String, u64)>,
    pub(super) by_meeting: Postings<(u32, u32)>,
    pub(super) by_entity: Postings<usize>,
    pub(super) by_instrument: Postings<usize>,
    pub(super) by_title: Postings<String>,
    pub(super) by_cited: Postings<String>,
    pub(super) by_cited_press_release: Postings<String>,
    /// Folded words of the names the symbol search matches → records.
    pub(super) by_search_token: Postings<String>,
    pub(super) speakers: SpeakerIndex,
    /// Per session, the revision of the last change to what records of other meetings read of
    /// its records (`DocFacts::same_for_other_meetings`).
    pub(super) session_revisions: HashMap<Option<u32>, u64>,
    /// The revision of the last change to the set of press-release symbols.
    pub(super) symbols_revision: u64,
    /// Per press-release symbol, the revision of the last change to which records carry it and
    /// where (a record gaining, losing or moving it); kept after its last record leaves.
    pub(super) symbol_revisions: HashMap<String, u64>,
    /// The revision of the last such change to any symbol.
    pub(super) symbol_set_revision: u64,
}

impl Indexes {
    /// Notes a record's symbol (with its place) going from `old` to `new`.
    pub(super) fn note_symbol(
        &mut self,
        old: Option<&(String, crate::span::Span)>,
        new: Option<&(String, crate::span::Span)>,
        revision: u64,
    ) {
        if old == new {
            return;
        }
        self.symbol_set_revision = revision;
        for (symbol, _) in old.into_iter().chain(new) {
            self.symbol_revisions.insert(symbol.clone(), revision);
        }
    }

    pub(super) fn add(&mut self, file: FileId, f: &DocFacts, revision: u64) {
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
    }

    pub(super) fn remove(&mut self, file: FileId, f: &DocFacts) {
        if let Some(sym) = f.symbol() {
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
    }
}

impl Workspace {
    /// The revision of the last change to a record of `session` (`None`: records without one).
    pub(crate) fn session_revision(&self, session: Option<u32>) -> u64 {
        self.index
            .session_revisions
            .get(&session)
            .copied()
            .unwrap_or(0)
    }

    /// The revision of the last change to which records carry `symbol`, and where.
    pub(crate) fn symbol_revision(&self, symbol: &str) -> u64 {
        self.index
            .symbol_revisions
            .get(symbol)
            .copied()
            .unwrap_or(0)
    }

    /// The revision of the last change to any record's symbol or its place.
    pub(crate) fn symbol_set_revision(&self) -> u64 {
        self.index.symbol_set_revision
    }

    /// Records that carry a press-release symbol, in workspace order.
    pub(crate) fn records_with_symbol(&self, symbol: &str) -> Vec<FileId> {
        ids(self.index.by_symbol.get(symbol))
    }

    /// Every press-release symbol carried by a record.
    pub(crate) fn symbols(&self) -> impl Iterator<Item = &str> {
        self.index.by_symbol.keys().map(String::as_str)
    }

    /// Every press-release symbol cited by a record ("(See Press Release GA/12387.)").
    pub(crate) fn cited_press_releases(&self) -> impl Iterator<Item = &str> {
        self.index.by_cited_press_release.keys().map(String::as_str)
    }

    /// Symbols of the workspace's records in the same series as `symbol` ("GA/") whose number
    /// is within `max_edits` edits of its number, nearest first: the candidates for a mistyped
    /// reference, found by generating the edits rather than comparing with every symbol.
    pub(crate) fn symbols_near(&self, symbol: &str, max_edits: usize) -> Arc<Vec<(usize, String)>> {
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
    pub(crate) fn records_matching_words(&self, words: &[String]) -> Vec<FileId> {
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
    pub(crate) fn records_naming_entity(&self, entity: usize) -> Vec<FileId> {
        ids(self.index.by_entity.get(&entity))
    }

    /// Records citing a catalogued instrument, by title or by symbol.
    pub(crate) fn records_citing_instrument(&self, instrument: usize) -> Vec<FileId> {
        ids(self.index.by_instrument.get(&instrument))
    }

    /// Records citing an uncatalogued title (folded).
    pub(crate) fn records_citing_title(&self, folded_title: &str) -> Vec<FileId> {
        ids(self.index.by_title.get(folded_title))
    }

    /// Records citing a symbol in a reference.
    pub(crate) fn records_citing(&self, symbol: &str) -> Vec<FileId> {
        ids(self.index.by_cited.get(symbol))
    }

    pub(crate) fn speakers(&self) -> &SpeakerIndex {
        &self.index.speakers
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

pub(super) fn ids(set: Option<&BTreeSet<FileId>>) -> Vec<FileId> {
    set.map(|s| s.iter().copied().collect()).unwrap_or_default()
}

/// "GA/12387" → ("GA", Some(12387)).
pub(crate) fn split_symbol(s: &str) -> (&str, Option<u64>) {
    match s.rsplit_once('/') {
        Some((p, n)) => (p, n.parse().ok()),
        None => (s, None),
    }
}
