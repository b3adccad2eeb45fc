//! The speaker-identity index of the workspace: every distinct name of a speaker (see
//! [`crate::names`]) with the statements using it, by session and country, so that "is this the
//! same person?" and "how often was this person tied to that country?" are lookups; and the
//! workspace's questions about speakers answered from it (same speaker, speaker key).

use std::collections::{BTreeSet, HashMap};

use crate::names::NameBlocks;
pub(crate) use crate::names::NameId;
use crate::parse::speaker;

use super::{FileId, StatementRef, Workspace};

/// Where one statement of a name was made: its session and the entity its header names.
type Place = (Option<u32>, Option<usize>);

#[derive(Debug, Clone, Default)]
pub(crate) struct NameEntry {
    pub tokens: Vec<String>,
    /// The statements using this name, by (session, entity): how often a person was tied to a
    /// country in a session is then a lookup, not a walk over their statements.
    places: HashMap<Place, BTreeSet<StatementRef>>,
    count: usize,
}

impl NameEntry {
    /// The statements of this name in `session` tied to each entity (`None`: unknown).
    pub(crate) fn in_session(
        &self,
        session: Option<u32>,
    ) -> impl Iterator<Item = (Option<usize>, &BTreeSet<StatementRef>)> {
        self.places
            .iter()
            .filter(move |((s, _), _)| *s == session)
            .map(|((_, e), refs)| (*e, refs))
    }

    /// The entities this name was tied to anywhere (`None`: a statement without a known one).
    pub(crate) fn entities(
        &self,
    ) -> impl Iterator<Item = (Option<usize>, &BTreeSet<StatementRef>)> {
        self.places.iter().map(|((_, e), refs)| (*e, refs))
    }
}

/// What one statement contributes to the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SpeakerFact {
    pub tokens: Vec<String>,
    pub entity: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct SpeakerIndex {
    blocks: NameBlocks,
    names: Vec<NameEntry>,
}

impl SpeakerIndex {
    pub(crate) fn name(&self, id: NameId) -> &NameEntry {
        &self.names[id]
    }

    fn intern(&mut self, tokens: &[String]) -> NameId {
        let id = self.blocks.intern(tokens);
        if id == self.names.len() {
            self.names.push(NameEntry {
                tokens: tokens.to_vec(),
                ..NameEntry::default()
            });
        }
        id
    }

    /// Adds the statements of one record.
    pub(crate) fn add(&mut self, file: FileId, session: Option<u32>, speakers: &[SpeakerFact]) {
        for (i, s) in speakers.iter().enumerate() {
            if s.tokens.is_empty() {
                continue;
            }
            let id = self.intern(&s.tokens);
            let entry = &mut self.names[id];
            let r = StatementRef { file, statement: i };
            if entry
                .places
                .entry((session, s.entity))
                .or_default()
                .insert(r)
            {
                entry.count += 1;
            }
        }
    }

    /// Removes what `add` added for the same record.
    pub(crate) fn remove(&mut self, file: FileId, session: Option<u32>, speakers: &[SpeakerFact]) {
        for (i, s) in speakers.iter().enumerate() {
            let Some(id) = self.blocks.id_of(&s.tokens) else {
                continue;
            };
            let entry = &mut self.names[id];
            let place = (session, s.entity);
            if let Some(set) = entry.places.get_mut(&place)
                && set.remove(&StatementRef { file, statement: i })
            {
                entry.count -= 1;
                if set.is_empty() {
                    entry.places.remove(&place);
                }
            }
        }
    }

    /// The names of the index that name the same person as `tokens` (see
    /// [`crate::names::same_person`]), the name itself included when it is in use.
    pub(crate) fn compatible(&self, tokens: &[String]) -> Vec<NameId> {
        let mut found = self.blocks.compatible(tokens);
        found.retain(|&id| self.names[id].count > 0);
        found
    }

    /// Whether no name is in use (the tests' check that removal forgets).
    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.names.iter().all(|n| n.count == 0)
    }
}

/// Each statement's name tokens as the index keys them: the full name a panel turn was resolved
/// to, else the name as written.
pub(crate) fn statement_tokens(text: &str, rec: &crate::record::Record) -> Vec<Vec<String>> {
    rec.statements
        .iter()
        .map(|st| speaker::name_tokens(st.full_name.unwrap_or(st.name).text(text)))
        .collect()
}

impl Workspace {
    /// The names of the index that are the same person as statement `target`'s speaker.
    pub(crate) fn speaker_names(&self, target: StatementRef) -> Vec<NameId> {
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

    /// The entity a statement's header ties its speaker to, loaded or not.
    pub(crate) fn statement_entity(&self, st: StatementRef) -> Option<usize> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    fn fact(s: &str, e: Option<usize>) -> SpeakerFact {
        SpeakerFact {
            tokens: toks(s),
            entity: e,
        }
    }

    #[test]
    fn shorter_and_longer_forms_are_found_through_the_blocks() {
        let mut ix = SpeakerIndex::default();
        ix.add(
            0,
            Some(76),
            &[
                fact("naela gabr", Some(1)),
                fact("naela gabr mohamed gabr ali", Some(1)),
                fact("gabr ali", Some(1)),
                fact("kari johnstone", Some(2)),
                fact("mingeirou", None),
            ],
        );
        let names = |q: &str| -> Vec<String> {
            ix.compatible(&toks(q))
                .into_iter()
                .map(|id| ix.name(id).tokens.join(" "))
                .collect()
        };
        assert_eq!(
            names("naela gabr"),
            vec!["naela gabr", "naela gabr mohamed gabr ali"]
        );
        assert_eq!(
            names("naela gabr mohamed gabr ali"),
            vec!["naela gabr", "naela gabr mohamed gabr ali", "gabr ali"]
        );
        assert_eq!(names("kari a johnstone"), vec!["kari johnstone"]);
        assert_eq!(names("mingeirou"), vec!["mingeirou"]);
        assert!(names("johnstone").is_empty());
    }

    #[test]
    fn removing_a_record_forgets_its_statements() {
        let mut ix = SpeakerIndex::default();
        let facts = [fact("kari johnstone", Some(2))];
        ix.add(3, Some(76), &facts);
        assert_eq!(ix.compatible(&toks("kari johnstone")).len(), 1);
        ix.remove(3, Some(76), &facts);
        assert!(ix.compatible(&toks("kari johnstone")).is_empty());
        assert!(ix.is_empty());
    }
}
