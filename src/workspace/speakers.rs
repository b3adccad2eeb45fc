//! The speaker-identity index: every distinct spelling of a speaker's name (folded tokens) with
//! the statements that use it, blocked by token pairs so that "is this the same person?" is
//! decided among a handful of candidate names, never against every statement of the workspace.

use std::collections::{BTreeSet, HashMap};

use crate::parse::speaker;

use super::{FileId, StatementRef};

/// A distinct name of the index (its folded tokens), stable for the life of the workspace.
pub type NameId = usize;

/// Names longer than this are blocked on their first tokens only: real names stop well before
/// (the longest in the seeds, NAELA GABR MOHAMED GABR ALI, has five).
const MAX_BLOCKED_TOKENS: usize = 8;

/// Where one statement of a name was made: its session and the entity its header names.
type Place = (Option<u32>, Option<usize>);

#[derive(Debug, Clone, Default)]
pub struct NameEntry {
    pub tokens: Vec<String>,
    /// The statements using this name, by (session, entity): how often a person was tied to a
    /// country in a session is then a lookup, not a walk over their statements.
    places: HashMap<Place, BTreeSet<StatementRef>>,
    count: usize,
}

impl NameEntry {
    /// Every statement of this name, in workspace order.
    pub fn statements(&self) -> BTreeSet<StatementRef> {
        self.places.values().flatten().copied().collect()
    }

    /// The statements of this name in `session` tied to each entity (`None`: unknown).
    pub fn in_session(
        &self,
        session: Option<u32>,
    ) -> impl Iterator<Item = (Option<usize>, &BTreeSet<StatementRef>)> {
        self.places
            .iter()
            .filter(move |((s, _), _)| *s == session)
            .map(|((_, e), refs)| (*e, refs))
    }

    /// The entities this name was tied to anywhere (`None`: a statement without a known one).
    pub fn entities(&self) -> impl Iterator<Item = (Option<usize>, &BTreeSet<StatementRef>)> {
        self.places.iter().map(|((_, e), refs)| (*e, refs))
    }
}

/// What one statement contributes to the index.
#[derive(Debug, Clone)]
pub struct SpeakerFact {
    pub tokens: Vec<String>,
    pub entity: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct SpeakerIndex {
    ids: HashMap<Vec<String>, NameId>,
    names: Vec<NameEntry>,
    /// Every ordered pair (i < j) of a name's tokens → the names containing it: finds the longer
    /// forms of a name (its first two tokens appear in order in each of them).
    by_any_pair: HashMap<(String, String), Vec<NameId>>,
    /// A name's first two tokens → the name: finds the shorter forms of a name (their first two
    /// tokens are an ordered pair of its tokens).
    by_first_pair: HashMap<(String, String), Vec<NameId>>,
    /// One-token names (panel turns: "Ms. MINGEIROU") match only the same one token.
    by_single: HashMap<String, Vec<NameId>>,
}

fn ordered_pairs(tokens: &[String]) -> impl Iterator<Item = (String, String)> + '_ {
    let t = &tokens[..tokens.len().min(MAX_BLOCKED_TOKENS)];
    (0..t.len()).flat_map(move |i| ((i + 1)..t.len()).map(move |j| (t[i].clone(), t[j].clone())))
}

impl SpeakerIndex {
    pub fn name(&self, id: NameId) -> &NameEntry {
        &self.names[id]
    }

    fn intern(&mut self, tokens: &[String]) -> NameId {
        if let Some(&id) = self.ids.get(tokens) {
            return id;
        }
        let id = self.names.len();
        self.names.push(NameEntry {
            tokens: tokens.to_vec(),
            ..NameEntry::default()
        });
        self.ids.insert(tokens.to_vec(), id);
        match tokens.len() {
            0 => {}
            1 => self
                .by_single
                .entry(tokens[0].clone())
                .or_default()
                .push(id),
            _ => {
                self.by_first_pair
                    .entry((tokens[0].clone(), tokens[1].clone()))
                    .or_default()
                    .push(id);
                for p in ordered_pairs(tokens) {
                    let v = self.by_any_pair.entry(p).or_default();
                    if v.last() != Some(&id) {
                        v.push(id);
                    }
                }
            }
        }
        id
    }

    /// Adds the statements of one record.
    pub fn add(&mut self, file: FileId, session: Option<u32>, speakers: &[SpeakerFact]) {
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
    pub fn remove(&mut self, file: FileId, session: Option<u32>, speakers: &[SpeakerFact]) {
        for (i, s) in speakers.iter().enumerate() {
            let Some(&id) = self.ids.get(&s.tokens) else {
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
    /// [`super::same_person`]), the name itself included when it is in the index.
    pub fn compatible(&self, tokens: &[String]) -> Vec<NameId> {
        let mut candidates: Vec<NameId> = match tokens.len() {
            0 => return Vec::new(),
            1 => self.by_single.get(&tokens[0]).cloned().unwrap_or_default(),
            _ => {
                let mut c = self
                    .by_any_pair
                    .get(&(tokens[0].clone(), tokens[1].clone()))
                    .cloned()
                    .unwrap_or_default();
                for p in ordered_pairs(tokens) {
                    if let Some(v) = self.by_first_pair.get(&p) {
                        c.extend_from_slice(v);
                    }
                }
                c
            }
        };
        candidates.sort_unstable();
        candidates.dedup();
        candidates.retain(|&id| {
            let e = &self.names[id];
            e.count > 0 && super::same_person(tokens, &e.tokens)
        });
        candidates
    }

    /// Distinct names in use.
    pub fn len(&self) -> usize {
        self.names.iter().filter(|n| n.count > 0).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A statement's name tokens as the index keys them: the full name a panel turn was resolved
/// to, else the name as written.
pub fn statement_tokens(text: &str, st: &crate::record::Statement) -> Vec<String> {
    let shown = st.full_name.unwrap_or(st.name);
    speaker::name_tokens(shown.text(text))
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
