//! Building a [`Gazetteer`] from its entries: the lookup tables by key, folded name and id, the
//! patterns of names and titles, and the one automaton that finds them all. Runs once per
//! gazetteer (at first use, and when a workspace's `rapporteur.toml` extends the knowledge).

use std::collections::HashMap;

use aho_corasick::MatchKind;
use aho_corasick::nfa::contiguous::NFA;
use rustc_hash::FxHashMap;

use super::prefix::NamePrefixes;
use super::{
    Entity, EntityPattern, FoldedTitle, Gazetteer, Instrument, InstrumentPattern, NameForm,
    TitleForm,
};
use crate::text::fold;

/// Longest name read as an acronym (matched only in capitals, so "who" is not the WHO): the
/// data's acronyms run to eight letters ("INTERPOL", "CARICOM"); a longer word in capitals
/// ("SOROPTIMIST") is a name the data writes in capitals, and matches in any case.
const MAX_ACRONYM_CHARS: usize = 8;

fn is_acronym(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2
        && letters.iter().all(|c| c.is_uppercase())
        && !s.contains(' ')
        && s.chars().count() <= MAX_ACRONYM_CHARS
}

/// The entities' tables: by folded name, and one pattern per distinct folded name.
#[derive(Default)]
struct EntityTables {
    by_folded_name: FxHashMap<String, (usize, NameForm)>,
    pattern_texts: Vec<String>,
    patterns: Vec<EntityPattern>,
}

/// The instruments' tables: by id, and one pattern per distinct folded title (shared aliases
/// collect several instruments).
#[derive(Default)]
struct InstrumentTables {
    by_id: HashMap<String, usize>,
    pattern_texts: Vec<String>,
    patterns: Vec<InstrumentPattern>,
}

/// Every name of an entity, with how it is written.
fn entity_names(e: &Entity) -> Vec<(&str, NameForm)> {
    let mut names: Vec<(&str, NameForm)> = vec![(e.name.as_str(), NameForm::Name)];
    if let Some(o) = &e.official {
        names.push((o, NameForm::Official));
    }
    names.extend(e.aliases.iter().map(|a| (a.as_str(), NameForm::Alias)));
    names.extend(e.former.iter().map(|a| (a.as_str(), NameForm::Former)));
    names.extend(e.demonyms.iter().map(|a| (a.as_str(), NameForm::Demonym)));
    names
}

fn entity_tables(entities: &[Entity]) -> EntityTables {
    let mut t = EntityTables::default();
    let mut pattern_index: HashMap<String, usize> = HashMap::new();
    for (idx, e) in entities.iter().enumerate() {
        for (name, form) in entity_names(e) {
            let folded = fold(name.trim());
            if folded.is_empty() {
                continue;
            }
            // A demonym names no entity on its own ("Greek" is no delegation's name).
            if form != NameForm::Demonym {
                t.by_folded_name
                    .entry(folded.clone())
                    .or_insert((idx, form));
            }
            // The first entity to claim a pattern keeps it; data review keeps them unique.
            if pattern_index.contains_key(&folded) {
                continue;
            }
            pattern_index.insert(folded.clone(), t.patterns.len());
            t.pattern_texts.push(folded);
            t.patterns.push(EntityPattern {
                entity: idx,
                form,
                exact_case: is_acronym(name),
                lower_start: name.trim().starts_with(char::is_lowercase),
            });
        }
    }
    t
}

/// Every title of an instrument, with how it is written.
fn instrument_titles(ins: &Instrument) -> Vec<(&str, TitleForm)> {
    let mut titles: Vec<(&str, TitleForm)> = vec![(ins.title.as_str(), TitleForm::Canonical)];
    titles.extend(ins.aliases.iter().map(|a| (a.as_str(), TitleForm::Alias)));
    titles.extend(
        ins.variants
            .iter()
            .map(|a| (a.as_str(), TitleForm::Variant)),
    );
    titles
}

fn instrument_tables(instruments: &[Instrument]) -> InstrumentTables {
    let mut t = InstrumentTables::default();
    let mut pattern_index: HashMap<String, usize> = HashMap::new();
    for (idx, ins) in instruments.iter().enumerate() {
        t.by_id.insert(ins.id.clone(), idx);
        for (title, form) in instrument_titles(ins) {
            let folded = fold(title.trim());
            if folded.is_empty() {
                continue;
            }
            if let Some(&p) = pattern_index.get(&folded) {
                let pat = &mut t.patterns[p];
                if !pat.instruments.contains(&idx) {
                    pat.instruments.push(idx);
                }
                continue;
            }
            pattern_index.insert(folded.clone(), t.patterns.len());
            t.pattern_texts.push(folded);
            t.patterns.push(InstrumentPattern {
                instruments: vec![idx],
                form,
                exact_case: is_acronym(title),
            });
        }
    }
    t
}

/// The first words of the names that start in lower case ("former"), sorted and distinct.
fn lower_starters(t: &EntityTables) -> Vec<String> {
    let mut starters: Vec<String> = t
        .pattern_texts
        .iter()
        .zip(&t.patterns)
        .filter(|(_, p)| p.lower_start)
        .filter_map(|(text, _)| text.split(' ').next())
        .map(str::to_string)
        .collect();
    starters.sort();
    starters.dedup();
    starters
}

/// Which bytes open one of `words`.
fn first_bytes(words: &[String]) -> [bool; 256] {
    let mut t = [false; 256];
    for w in words {
        if let Some(&b) = w.as_bytes().first() {
            t[b as usize] = true;
        }
    }
    t
}

/// One automaton over entity names then instrument titles: a match's pattern id below the
/// number of entity patterns is an entity's.
/// A contiguous NFA rather than a DFA: the scan walks it anchored from word starts, where no
/// failure transition is taken, so the DFA's one gain, a transition found without a search, is
/// small, and its full row of transitions per state is large. The NFA builds in well under half
/// the instructions (every run and the server pay that at start-up: `check` of a small folder
/// takes ~5 ms less) and costs ~1% more per record; side by side over 10,000 records on a quiet
/// machine neither was faster beyond the noise, and under load from other processes the NFA's
/// smaller tables kept `check` ~7% cheaper. It is kept as the automaton itself, not behind
/// `AhoCorasick`, so that the scan can step it a byte at a time while folding.
fn matcher(entities: &EntityTables, instruments: &InstrumentTables) -> NFA {
    NFA::builder()
        .match_kind(MatchKind::LeftmostLongest)
        // The scan finds its own candidates (`prefix.rs`): a prefilter would be built unused.
        .prefilter(false)
        .build(
            entities
                .pattern_texts
                .iter()
                .chain(instruments.pattern_texts.iter()),
        )
        .expect("gazetteer patterns build")
}

/// Each instrument's title and aliases, folded, with their lengths in characters and their
/// letters counted.
fn folded_titles(instruments: &[Instrument]) -> Vec<Vec<FoldedTitle>> {
    instruments
        .iter()
        .map(|ins| {
            std::iter::once(&ins.title)
                .chain(ins.aliases.iter())
                .map(|t| FoldedTitle::of(fold(t)))
                .collect()
        })
        .collect()
}

/// The gazetteer over these entries.
pub(super) fn build(entities: Vec<Entity>, instruments: Vec<Instrument>) -> Gazetteer {
    let etables = entity_tables(&entities);
    let itables = instrument_tables(&instruments);
    let lower_starters = lower_starters(&etables);
    Gazetteer {
        folded_titles: folded_titles(&instruments),
        matcher: matcher(&etables, &itables),
        name_prefixes: NamePrefixes::new(
            etables
                .pattern_texts
                .iter()
                .chain(&itables.pattern_texts)
                .map(String::as_str),
        ),
        lower_first: first_bytes(&lower_starters),
        lower_starters,
        entities,
        instruments,
        entity_by_folded_name: etables.by_folded_name,
        entity_patterns: etables.patterns,
        instrument_by_id: itables.by_id,
        instrument_patterns: itables.patterns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(key: &str, name: &str, aliases: &[&str], demonyms: &[&str]) -> Entity {
        Entity {
            key: key.into(),
            iso2: None,
            kind: super::super::EntityKind::Member,
            name: name.into(),
            official: None,
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            former: Vec::new(),
            demonyms: demonyms.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn first_claim_keeps_a_name_and_demonyms_name_no_entity() {
        let t = entity_tables(&[
            entity("GRC", "Greece", &["Hellas"], &["Greek"]),
            entity("XXX", "Hellas", &[], &[]),
        ]);
        assert_eq!(t.pattern_texts, ["greece", "hellas", "greek"]);
        assert_eq!(t.by_folded_name.get("hellas"), Some(&(0, NameForm::Alias)));
        assert_eq!(t.by_folded_name.get("greek"), None);
    }

    #[test]
    fn lower_case_names_give_their_first_word() {
        let t = entity_tables(&[entity(
            "MKD",
            "North Macedonia",
            &["former Yugoslav Republic of Macedonia"],
            &[],
        )]);
        let starters = lower_starters(&t);
        assert_eq!(starters, ["former"]);
        let first = first_bytes(&starters);
        assert!(first[b'f' as usize] && !first[b'n' as usize]);
    }
}
