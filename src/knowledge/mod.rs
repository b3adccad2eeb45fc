//! The gazetteer: countries, observers, organisations and instruments as data, and the matchers
//! that find them in text. Depends only on `text`; knows nothing of records or the protocol.

mod build;
mod entry;
mod prefix;
mod scan;
mod starts;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use aho_corasick::PatternID;
use aho_corasick::nfa::contiguous::NFA;
#[cfg(test)]
use aho_corasick::{Anchored, Input, automaton::Automaton};
use serde::{Deserialize, Serialize};

pub use entry::{
    Entity, EntityKind, Instrument, InstrumentKind, KnowledgeExtension, NameForm, TitleForm,
};

use crate::span::Span;
#[cfg(test)]
use crate::text::{FoldedText, WordStart};
use crate::text::{LetterCounts, at_word_boundaries, fold};

const ENTITIES_TOML: &str = include_str!("data/entities.toml");
const INSTRUMENTS_TOML: &str = include_str!("data/instruments.toml");

/// Least similarity (normalised Damerau–Levenshtein, in percent) of a known name to a misspelt
/// one for it to be suggested as a quick fix. It trades a longer list for fewer absurd entries:
/// at 60 a six-letter name keeps two edits ("Slovakai" → Slovakia, "Grece" → Greece) while
/// unrelated names of a similar length mostly fall below. Set by hand; not tuned on a corpus.
const MIN_SUGGESTION_PERCENT: usize = 60;

/// Bytes that continue a word in folded text: ASCII letters and digits, and any byte of a
/// non-ASCII character.
static WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b >= 0x80;
        b += 1;
    }
    t
};

#[derive(Debug, Default, Deserialize)]
struct EntityFile {
    #[serde(default)]
    entity: Vec<Entity>,
}

#[derive(Debug, Default, Deserialize)]
struct InstrumentFile {
    #[serde(default)]
    instrument: Vec<Instrument>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct EntityPattern {
    entity: usize,
    form: NameForm,
    /// Acronyms match only when written in capitals, so "who" is not the WHO.
    exact_case: bool,
    /// The name itself starts in lower case ("former Yugoslav Republic of Macedonia").
    lower_start: bool,
}

#[derive(Debug, Clone)]
struct InstrumentPattern {
    instruments: Vec<usize>,
    form: TitleForm,
    exact_case: bool,
}

/// A country, observer or organisation found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct EntityMatch {
    pub span: Span,
    pub entity: usize,
    pub form: NameForm,
    /// Followed by ’s: "Greece’s delegate".
    pub possessive: bool,
}

/// An instrument title or alias found in text; several candidates when the alias is shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct InstrumentMatch {
    pub span: Span,
    pub candidates: Vec<usize>,
    pub form: TitleForm,
}

pub struct Gazetteer {
    pub entities: Vec<Entity>,
    pub instruments: Vec<Instrument>,
    entity_by_folded_name: rustc_hash::FxHashMap<String, (usize, NameForm)>,
    /// One automaton for entity names followed by instrument titles, run anchored at word starts.
    matcher: NFA,
    /// What the matcher's patterns begin with: the scan skips a word start that begins none.
    name_prefixes: prefix::NamePrefixes,
    /// First words of names that start in lower case ("former"), where a search must also start.
    lower_starters: Vec<String>,
    /// First bytes of `lower_starters`, to pass over other lower-case words at once.
    pub lower_first: [bool; 256],
    entity_patterns: Vec<EntityPattern>,
    instrument_by_id: HashMap<String, usize>,
    instrument_patterns: Vec<InstrumentPattern>,
    /// Each instrument's title and aliases, folded once for fuzzy comparison.
    folded_titles: Vec<Vec<FoldedTitle>>,
}

/// A title folded for fuzzy comparison, with what bounds a similarity to it without comparing:
/// its length in characters and its letters counted.
struct FoldedTitle {
    text: String,
    chars: usize,
    letters: Option<LetterCounts>,
}

impl FoldedTitle {
    fn of(text: String) -> FoldedTitle {
        FoldedTitle {
            chars: text.chars().count(),
            letters: LetterCounts::of(&text),
            text,
        }
    }
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entities", &self.entities.len())
            .field("instruments", &self.instruments.len())
            .finish()
    }
}

impl Gazetteer {
    /// The knowledge compiled into the binary.
    pub fn builtin() -> Arc<Gazetteer> {
        static BUILTIN: OnceLock<Arc<Gazetteer>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| Arc::new(Gazetteer::with_extension(&KnowledgeExtension::default())))
            .clone()
    }

    /// The built-in knowledge plus a workspace's additions.
    pub fn with_extension(ext: &KnowledgeExtension) -> Gazetteer {
        let mut entities: Vec<Entity> = toml::from_str::<EntityFile>(ENTITIES_TOML)
            .expect("built-in entities.toml is valid")
            .entity;
        let mut instruments: Vec<Instrument> = toml::from_str::<InstrumentFile>(INSTRUMENTS_TOML)
            .expect("built-in instruments.toml is valid")
            .instrument;
        for extra in &ext.countries {
            if let Some(existing) = entities.iter_mut().find(|e| e.key == extra.key) {
                existing.aliases.extend(extra.aliases.iter().cloned());
                existing.demonyms.extend(extra.demonyms.iter().cloned());
                existing.former.extend(extra.former.iter().cloned());
            } else {
                entities.push(extra.clone());
            }
        }
        for (alias, key) in &ext.country_aliases {
            if let Some(existing) = entities.iter_mut().find(|e| &e.key == key) {
                existing.aliases.push(alias.clone());
            }
        }
        for extra in &ext.instruments {
            if let Some(existing) = instruments.iter_mut().find(|i| i.id == extra.id) {
                *existing = extra.clone();
            } else {
                instruments.push(extra.clone());
            }
        }
        build::build(entities, instruments)
    }

    pub fn entity(&self, idx: usize) -> &Entity {
        &self.entities[idx]
    }

    pub fn instrument(&self, idx: usize) -> &Instrument {
        &self.instruments[idx]
    }

    /// The catalogued instrument whose symbol is `symbol` (spaces and case aside).
    pub(crate) fn instrument_with_symbol(&self, symbol: &str) -> Option<usize> {
        let norm = |s: &str| s.replace(' ', "").to_ascii_uppercase();
        let want = norm(symbol);
        self.instruments
            .iter()
            .position(|i| i.symbol.as_deref().is_some_and(|s| norm(s) == want))
    }

    pub(crate) fn instrument_by_id(&self, id: &str) -> Option<usize> {
        self.instrument_by_id.get(id).copied()
    }

    /// The entity a whole string names ("Slovakia", "the Holy See", "Côte d'Ivoire"), if any.
    pub(crate) fn lookup_entity(&self, name: &str) -> Option<(usize, NameForm)> {
        let folded = fold(name.trim());
        let folded = folded.strip_prefix("the ").unwrap_or(&folded).trim();
        self.entity_by_folded_name.get(folded).copied()
    }

    /// The names closest to a misspelt one, best first, for quick fixes.
    pub(crate) fn suggest_entities(&self, name: &str, limit: usize) -> Vec<usize> {
        let folded = fold(name.trim());
        let folded = folded.strip_prefix("the ").unwrap_or(&folded);
        let mut scored: Vec<(f64, usize)> = Vec::new();
        let len = folded.chars().count();
        for (n, &(idx, _)) in &self.entity_by_folded_name {
            // The score is at most the shorter length over the longer: lengths further apart
            // than the least score allows are skipped without computing it.
            let nlen = n.len();
            if nlen * 100 < len * MIN_SUGGESTION_PERCENT
                || len * 100 < nlen * MIN_SUGGESTION_PERCENT
            {
                continue;
            }
            let score = strsim::normalized_damerau_levenshtein(folded, n);
            if score >= MIN_SUGGESTION_PERCENT as f64 / 100.0 {
                scored.push((score, idx));
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut out = Vec::new();
        for (_, idx) in scored {
            if !out.contains(&idx) {
                out.push(idx);
            }
            if out.len() == limit {
                break;
            }
        }
        out
    }

    /// Every country, observer or organisation named in `source`, leftmost-longest, whole words.
    pub(crate) fn find_entities(&self, source: &str) -> Vec<EntityMatch> {
        self.scan(source).0
    }

    /// Entities and instruments in one scan over a folded copy. Where a title contains a name
    /// ("Council of Europe Convention ..."), the longer title wins. The reference that
    /// [`Gazetteer::scan`], which folds as it reads, is held to.
    #[cfg(test)]
    pub(crate) fn find_all(
        &self,
        source: &str,
        folded: &FoldedText,
    ) -> (Vec<EntityMatch>, Vec<InstrumentMatch>) {
        let mut entities = Vec::new();
        let mut instruments = Vec::new();
        let ftext = folded.text.as_bytes();
        // Names and titles start a word with a capital or a digit ("2030 Agenda"), after an
        // opening quote, or with one of the few lower-case first words of the data ("former
        // Yugoslav Republic ..."); an anchored search at those word starts reads a few bytes each.
        let mut resume = 0usize;
        for &(start, kind) in &folded.word_starts {
            let j = start as usize;
            if j < resume || (kind == WordStart::Lower && !self.lower_starter_at(ftext, j)) {
                continue;
            }
            let input = Input::new(&folded.text).range(j..).anchored(Anchored::Yes);
            let Some(m) = self
                .matcher
                .try_find(&input)
                .expect("an anchored search of an anchored automaton")
            else {
                continue;
            };
            resume = m.end();
            let span = folded.original_span(m.start(), m.end(), source);
            self.take_match(source, span, m.pattern(), &mut entities, &mut instruments);
        }
        (entities, instruments)
    }

    /// Adds the entity or instrument that a match of pattern `pid` over `span` names, unless it
    /// is part of a longer word or the case as written rules it out.
    fn take_match(
        &self,
        source: &str,
        span: Span,
        pid: PatternID,
        entities: &mut Vec<EntityMatch>,
        instruments: &mut Vec<InstrumentMatch>,
    ) {
        if !at_word_boundaries(source, span.start, span.end) {
            return;
        }
        let n_entities = self.entity_patterns.len();
        let pid = pid.as_usize();
        if pid < n_entities {
            entities.extend(self.entity_match(source, span, &self.entity_patterns[pid]));
        } else {
            let pat = &self.instrument_patterns[pid - n_entities];
            instruments.extend(instrument_match(source, span, pat));
        }
    }

    /// Whether the lower-case word at `j` of the folded text is the first word of a name that
    /// starts in lower case ("former").
    #[cfg(test)]
    fn lower_starter_at(&self, ftext: &[u8], j: usize) -> bool {
        // A word whose first character folds to nothing may start at the folded text's end.
        if !ftext.get(j).is_some_and(|&b| self.lower_first[b as usize]) {
            return false;
        }
        let word_end = ftext[j..]
            .iter()
            .position(|&b| !WORD_BYTE[b as usize])
            .map_or(ftext.len(), |k| j + k);
        self.lower_starters
            .iter()
            .any(|w| w.as_bytes() == &ftext[j..word_end])
    }

    /// The entity a match of its pattern names, unless the case as written rules it out.
    fn entity_match(&self, source: &str, span: Span, pat: &EntityPattern) -> Option<EntityMatch> {
        let written = span.text(source);
        if !first_letter_upper(written) && !pat.lower_start {
            return None;
        }
        if pat.exact_case && written.chars().any(|c| c.is_lowercase()) {
            return None;
        }
        let rest = &source[span.end..];
        Some(EntityMatch {
            span,
            entity: pat.entity,
            form: pat.form,
            possessive: rest.starts_with("’s") || rest.starts_with("'s"),
        })
    }

    /// Picks among instruments sharing an alias: the one named by an adjacent year, else the one
    /// adopted in the record's session, else the latest adopted before it, else the latest.
    pub(crate) fn resolve_instrument(
        &self,
        candidates: &[usize],
        session: Option<u32>,
        cited_year: Option<u32>,
    ) -> Option<usize> {
        if candidates.len() <= 1 {
            return candidates.first().copied();
        }
        if let Some(y) = cited_year
            && let Some(&c) = candidates
                .iter()
                .find(|&&c| self.instruments[c].year == Some(y))
        {
            return Some(c);
        }
        if let Some(s) = session {
            if let Some(&c) = candidates
                .iter()
                .find(|&&c| self.instruments[c].session == Some(s))
            {
                return Some(c);
            }
            if let Some(&c) = candidates
                .iter()
                .filter(|&&c| self.instruments[c].session.is_some_and(|cs| cs <= s))
                .max_by_key(|&&c| self.instruments[c].session)
            {
                return Some(c);
            }
        }
        candidates
            .iter()
            .copied()
            .max_by_key(|&c| self.instruments[c].year)
    }

    /// The catalogued instrument whose canonical title is closest to `title`, with the score.
    pub(crate) fn closest_instrument(&self, title: &str) -> Option<(usize, f64)> {
        self.closest_instrument_from(title, 0.0)
    }

    /// [`Gazetteer::closest_instrument`] when only a score of at least `at_least` matters:
    /// titles whose length alone keeps them below it are not compared (a check asks whether an
    /// uncatalogued title is a misspelling, and most catalogued titles are far longer or
    /// shorter). When the closest scores `at_least` or more, it is the same instrument and score.
    pub(crate) fn closest_instrument_from(
        &self,
        title: &str,
        at_least: f64,
    ) -> Option<(usize, f64)> {
        let folded = FoldedTitle::of(fold(title));
        // The edit distance is at least the difference in length, and at least the letters one
        // title has and the other lacks, which bound the similarity from above: a title that
        // cannot beat the best so far is not compared at all. Only a strictly lower bound is
        // skipped, so ties resolve as a full comparison would (last).
        let mut best: Option<(usize, f64)> = None;
        for (i, titles) in self.folded_titles.iter().enumerate() {
            let mut instrument_best = 0.0f64;
            for t in titles {
                let beaten = |bound: f64| {
                    best.is_some_and(|(_, b)| bound < b)
                        || bound < instrument_best
                        || bound < at_least
                };
                let longest = folded.chars.max(t.chars);
                let similarity_at_most = |apart: usize| {
                    if longest == 0 {
                        1.0
                    } else {
                        1.0 - apart as f64 / longest as f64
                    }
                };
                if beaten(similarity_at_most(folded.chars.abs_diff(t.chars))) {
                    continue;
                }
                if let (Some(mine), Some(theirs)) = (&folded.letters, &t.letters)
                    && beaten(similarity_at_most(mine.apart(theirs)))
                {
                    continue;
                }
                instrument_best =
                    instrument_best.max(strsim::normalized_levenshtein(&folded.text, &t.text));
            }
            if best.is_none_or(|(_, b)| instrument_best >= b) {
                best = Some((i, instrument_best));
            }
        }
        best
    }
}

/// Whether the first letter of a text is a capital.
fn first_letter_upper(written: &str) -> bool {
    written
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase)
}

/// The instrument a match of its pattern names, unless the case as written rules it out.
fn instrument_match(source: &str, span: Span, pat: &InstrumentPattern) -> Option<InstrumentMatch> {
    let written = span.text(source);
    if pat.exact_case && written.chars().any(|c| c.is_lowercase()) {
        return None;
    }
    // Titles are proper names: "political declaration" in running prose counts only when
    // written as a name ("Political Declaration") or quoted as a draft's title.
    let before = &source[..span.start];
    let quoted_title = before.ends_with('“') || before.ends_with('"');
    if !(first_letter_upper(written)
        || written.starts_with(|c: char| c.is_ascii_digit())
        || quoted_title)
    {
        return None;
    }
    Some(InstrumentMatch {
        span,
        candidates: pat.instruments.clone(),
        form: pat.form,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(g: &Gazetteer, text: &str) -> Vec<(String, String)> {
        g.find_entities(text)
            .into_iter()
            .map(|m| {
                (
                    m.span.text(text).to_string(),
                    g.entity(m.entity).key.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn a_word_of_a_character_folding_to_nothing_ends_a_text_safely() {
        let g = Gazetteer::builtin();
        for text in ["France \u{345}", "\u{345}", "former \u{345}", "Chad\u{345}"] {
            let f = FoldedText::with_lower_starts(text, &g.lower_first);
            let (entities, _) = g.find_all(text, &f);
            assert!(entities.len() <= 1, "{text:?}");
        }
    }

    #[test]
    fn loads_all_member_states() {
        let g = Gazetteer::builtin();
        let members = g
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Member)
            .count();
        assert_eq!(members, 193);
        for key in ["VAT", "EU"] {
            assert!(g.entities.iter().any(|e| e.key == key), "{key}");
        }
    }

    #[test]
    fn longest_match_and_word_boundaries() {
        let g = Gazetteer::builtin();
        let got = names(
            &g,
            "Nigeria, Niger, Equatorial Guinea, Guinea-Bissau, Papua New Guinea, Guinea, \
             Democratic Republic of the Congo, Congo, Dominican Republic, Dominica, South Sudan, \
             Sudan, Republic of Korea, Democratic People’s Republic of Korea.",
        );
        let keys: Vec<&str> = got.iter().map(|(_, k)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "NGA", "NER", "GNQ", "GNB", "PNG", "GIN", "COD", "COG", "DOM", "DMA", "SSD", "SDN",
                "KOR", "PRK"
            ]
        );
    }

    #[test]
    fn possessives_demonyms_former_names_and_folding() {
        let g = Gazetteer::builtin();
        let text =
            "Greece’s delegate, the Greek Penal Code, Turkey, Türkiye, CÔTE D'IVOIRE, Swaziland";
        let got = names(&g, text);
        let keys: Vec<&str> = got.iter().map(|(_, k)| k.as_str()).collect();
        assert_eq!(keys, ["GRC", "GRC", "TUR", "TUR", "CIV", "SWZ"]);
        assert!(g.find_entities(text)[0].possessive);
    }

    #[test]
    fn no_country_inside_words_or_lowercase_prose() {
        let g = Gazetteer::builtin();
        assert!(
            names(&g, "Romania's woman Somalian chad turkey")
                .iter()
                .all(|(t, _)| t == "Romania")
        );
    }

    #[test]
    fn political_declaration_resolved_by_session() {
        let g = Gazetteer::builtin();
        let text = "the Political Declaration";
        let m = &g.scan(text).1[0];
        assert!(m.candidates.len() >= 2);
        let d76 = g.resolve_instrument(&m.candidates, Some(76), None).unwrap();
        assert_eq!(g.instrument(d76).symbol.as_deref(), Some("A/RES/76/7"));
        let d72 = g.resolve_instrument(&m.candidates, Some(72), None).unwrap();
        assert_eq!(g.instrument(d72).symbol.as_deref(), Some("A/RES/72/1"));
    }

    #[test]
    fn suggestions_for_misspelt_names() {
        let g = Gazetteer::builtin();
        let s = g.suggest_entities("Slovakai", 3);
        assert_eq!(g.entity(s[0]).key, "SVK");
    }

    /// Every title compared, no bound: what the bounds of `closest_instrument` must not change.
    fn closest_by_comparing_all(g: &Gazetteer, title: &str) -> Option<(usize, f64)> {
        let folded = fold(title);
        let mut best: Option<(usize, f64)> = None;
        for (i, titles) in g.folded_titles.iter().enumerate() {
            let score = titles
                .iter()
                .map(|t| strsim::normalized_levenshtein(&folded, &t.text))
                .fold(0.0, f64::max);
            if best.is_none_or(|(_, b)| score >= b) {
                best = Some((i, score));
            }
        }
        best
    }

    #[test]
    fn the_closest_instrument_is_the_closest_of_all_titles() {
        let g = Gazetteer::builtin();
        let mut titles: Vec<String> = g
            .instruments
            .iter()
            .flat_map(|ins| std::iter::once(ins.title.clone()).chain(ins.aliases.clone()))
            .flat_map(|t| {
                let cut = t.len() / 3;
                let slips = [
                    format!("X{}", t.get(1..).unwrap_or_default()),
                    t.get(..t.len().saturating_sub(3))
                        .unwrap_or_default()
                        .to_string(),
                    t.get(cut..).unwrap_or_default().to_string(),
                    t.to_uppercase(),
                ];
                std::iter::once(t).chain(slips)
            })
            .collect();
        // Capitalised runs of the records, as the check meets uncatalogued titles.
        for text in crate::text::seed_texts() {
            let runs = text.split(['.', ',', '(', ')', ';', ':']).map(str::trim);
            titles.extend(runs.filter(|r| r.len() <= 80).map(String::from));
        }
        titles.extend(["", "Côte d’Ivoire Convention", "Convention", "Protocol"].map(String::from));
        for t in &titles {
            assert_eq!(
                g.closest_instrument(t),
                closest_by_comparing_all(&g, t),
                "{t}"
            );
        }
        assert!(titles.len() > 2000, "{}", titles.len());
    }

    #[test]
    fn the_closest_instrument_from_a_floor_is_the_closest_when_it_reaches_it() {
        let g = Gazetteer::builtin();
        let mut reached = 0;
        for ins in g.instruments.iter().take(60) {
            // The title itself, and slips of one, two and five letters at its start and end.
            let t = &ins.title;
            let mut variants = vec![t.clone()];
            for cut in [1, 2, 5] {
                if let (Some(head), Some(tail)) = (t.get(cut..), t.get(..t.len() - cut)) {
                    variants.push(format!("X{head}"));
                    variants.push(tail.to_string());
                }
            }
            for v in variants {
                let full = g.closest_instrument(&v);
                let floored = g.closest_instrument_from(&v, 0.88);
                if full.is_some_and(|(_, score)| score >= 0.88) {
                    assert_eq!(floored, full, "{v}");
                    reached += 1;
                } else {
                    assert!(floored.is_none_or(|(_, score)| score < 0.88), "{v}");
                }
            }
        }
        assert!(reached > 100, "{reached}");
    }
}
