//! The gazetteer: countries, observers, organisations and instruments as data, and the matchers
//! that find them in text. Depends only on `text`; knows nothing of records or the protocol.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind,
};
use serde::{Deserialize, Serialize};

use crate::span::Span;
use crate::text::{FoldedText, WordStart, at_word_boundaries, fold};

const ENTITIES_TOML: &str = include_str!("data/entities.toml");
const INSTRUMENTS_TOML: &str = include_str!("data/instruments.toml");

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    Member,
    ObserverState,
    Union,
    Organization,
    UnEntity,
}

impl EntityKind {
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Member => "Member State",
            EntityKind::ObserverState => "Observer State",
            EntityKind::Union => "regional union (observer)",
            EntityKind::Organization => "organisation",
            EntityKind::UnEntity => "United Nations entity",
        }
    }

    /// Countries and the EU speak as delegations; organisations are "affiliations".
    pub fn is_delegation(self) -> bool {
        matches!(
            self,
            EntityKind::Member | EntityKind::ObserverState | EntityKind::Union
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub key: String,
    #[serde(default)]
    pub iso2: Option<String>,
    pub kind: EntityKind,
    pub name: String,
    #[serde(default)]
    pub official: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub former: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instrument {
    pub id: String,
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub variants: Vec<String>,
    #[serde(default)]
    pub year: Option<u32>,
    #[serde(default)]
    pub symbol: Option<String>,
    #[serde(default)]
    pub adopted_by: Option<String>,
    #[serde(default)]
    pub session: Option<u32>,
    #[serde(default)]
    pub parent: Option<String>,
}

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

/// How a country or organisation was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameForm {
    Name,
    Official,
    Alias,
    Former,
    Demonym,
}

/// How an instrument was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TitleForm {
    Canonical,
    Alias,
    Variant,
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
pub struct EntityMatch {
    pub span: Span,
    pub entity: usize,
    pub form: NameForm,
    /// Followed by ’s: "Greece’s delegate".
    pub possessive: bool,
}

/// An instrument title or alias found in text; several candidates when the alias is shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstrumentMatch {
    pub span: Span,
    pub candidates: Vec<usize>,
    pub form: TitleForm,
}

/// Extra knowledge a workspace adds through `rapporteur.toml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct KnowledgeExtension {
    /// Extra names for existing entities: alias → key.
    #[serde(default)]
    pub country_aliases: HashMap<String, String>,
    #[serde(default)]
    pub countries: Vec<Entity>,
    #[serde(default)]
    pub instruments: Vec<Instrument>,
}

pub struct Gazetteer {
    pub entities: Vec<Entity>,
    pub instruments: Vec<Instrument>,
    entity_by_key: HashMap<String, usize>,
    entity_by_folded_name: HashMap<String, (usize, NameForm)>,
    /// One automaton for entity names followed by instrument titles, run anchored at word starts.
    matcher: AhoCorasick,
    /// First words of names that start in lower case ("former"), where a search must also start.
    lower_starters: Vec<String>,
    /// First bytes of `lower_starters`, to pass over other lower-case words at once.
    pub lower_first: [bool; 256],
    entity_patterns: Vec<EntityPattern>,
    instrument_by_id: HashMap<String, usize>,
    instrument_patterns: Vec<InstrumentPattern>,
    /// Each instrument's title and aliases, folded once for fuzzy comparison.
    folded_titles: Vec<Vec<String>>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entities", &self.entities.len())
            .field("instruments", &self.instruments.len())
            .finish()
    }
}

fn is_acronym(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2
        && letters.iter().all(|c| c.is_uppercase())
        && !s.contains(' ')
        && s.chars().count() <= 8
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
        Self::build(entities, instruments)
    }

    fn build(entities: Vec<Entity>, instruments: Vec<Instrument>) -> Gazetteer {
        let mut entity_by_key = HashMap::new();
        let mut entity_by_folded_name = HashMap::new();
        let mut pattern_index: HashMap<String, usize> = HashMap::new();
        let mut entity_pattern_texts: Vec<String> = Vec::new();
        let mut entity_patterns: Vec<EntityPattern> = Vec::new();
        for (idx, e) in entities.iter().enumerate() {
            entity_by_key.insert(e.key.clone(), idx);
            let mut names: Vec<(&str, NameForm)> = vec![(e.name.as_str(), NameForm::Name)];
            if let Some(o) = &e.official {
                names.push((o, NameForm::Official));
            }
            names.extend(e.aliases.iter().map(|a| (a.as_str(), NameForm::Alias)));
            names.extend(e.former.iter().map(|a| (a.as_str(), NameForm::Former)));
            names.extend(e.demonyms.iter().map(|a| (a.as_str(), NameForm::Demonym)));
            for (name, form) in names {
                let folded = fold(name.trim());
                if folded.is_empty() {
                    continue;
                }
                if form != NameForm::Demonym {
                    entity_by_folded_name
                        .entry(folded.clone())
                        .or_insert((idx, form));
                }
                // The first entity to claim a pattern keeps it; data review keeps them unique.
                if pattern_index.contains_key(&folded) {
                    continue;
                }
                pattern_index.insert(folded.clone(), entity_patterns.len());
                entity_pattern_texts.push(folded);
                entity_patterns.push(EntityPattern {
                    entity: idx,
                    form,
                    exact_case: is_acronym(name),
                    lower_start: name.trim().starts_with(char::is_lowercase),
                });
            }
        }
        let mut instrument_by_id = HashMap::new();
        let mut ipattern_index: HashMap<String, usize> = HashMap::new();
        let mut instrument_pattern_texts: Vec<String> = Vec::new();
        let mut instrument_patterns: Vec<InstrumentPattern> = Vec::new();
        for (idx, ins) in instruments.iter().enumerate() {
            instrument_by_id.insert(ins.id.clone(), idx);
            let mut titles: Vec<(&str, TitleForm)> =
                vec![(ins.title.as_str(), TitleForm::Canonical)];
            titles.extend(ins.aliases.iter().map(|a| (a.as_str(), TitleForm::Alias)));
            titles.extend(
                ins.variants
                    .iter()
                    .map(|a| (a.as_str(), TitleForm::Variant)),
            );
            for (title, form) in titles {
                let folded = fold(title.trim());
                if folded.is_empty() {
                    continue;
                }
                if let Some(&p) = ipattern_index.get(&folded) {
                    let pat = &mut instrument_patterns[p];
                    if !pat.instruments.contains(&idx) {
                        pat.instruments.push(idx);
                    }
                    continue;
                }
                ipattern_index.insert(folded.clone(), instrument_patterns.len());
                instrument_pattern_texts.push(folded);
                instrument_patterns.push(InstrumentPattern {
                    instruments: vec![idx],
                    form,
                    exact_case: is_acronym(title),
                });
            }
        }
        let mut lower_starters: Vec<String> = entity_pattern_texts
            .iter()
            .zip(&entity_patterns)
            .filter(|(_, p)| p.lower_start)
            .filter_map(|(t, _)| t.split(' ').next())
            .map(str::to_string)
            .collect();
        lower_starters.sort();
        lower_starters.dedup();
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            // A DFA costs memory once and scans every record several times faster.
            .kind(Some(AhoCorasickKind::DFA))
            .start_kind(StartKind::Anchored)
            .build(
                entity_pattern_texts
                    .iter()
                    .chain(instrument_pattern_texts.iter()),
            )
            .expect("gazetteer patterns build");

        let folded_titles = instruments
            .iter()
            .map(|ins| {
                std::iter::once(&ins.title)
                    .chain(ins.aliases.iter())
                    .map(|t| fold(t))
                    .collect()
            })
            .collect();
        Gazetteer {
            folded_titles,
            entities,
            instruments,
            entity_by_key,
            entity_by_folded_name,
            matcher,
            lower_first: {
                let mut t = [false; 256];
                for w in &lower_starters {
                    if let Some(&b) = w.as_bytes().first() {
                        t[b as usize] = true;
                    }
                }
                t
            },
            lower_starters,
            entity_patterns,
            instrument_by_id,
            instrument_patterns,
        }
    }

    pub fn entity(&self, idx: usize) -> &Entity {
        &self.entities[idx]
    }

    pub fn entity_by_key(&self, key: &str) -> Option<usize> {
        self.entity_by_key.get(key).copied()
    }

    pub fn instrument(&self, idx: usize) -> &Instrument {
        &self.instruments[idx]
    }

    /// The catalogued instrument whose symbol is `symbol` (spaces and case aside).
    pub fn instrument_with_symbol(&self, symbol: &str) -> Option<usize> {
        let norm = |s: &str| s.replace(' ', "").to_ascii_uppercase();
        let want = norm(symbol);
        self.instruments
            .iter()
            .position(|i| i.symbol.as_deref().is_some_and(|s| norm(s) == want))
    }

    pub fn instrument_by_id(&self, id: &str) -> Option<usize> {
        self.instrument_by_id.get(id).copied()
    }

    /// The entity a whole string names ("Slovakia", "the Holy See", "Côte d'Ivoire"), if any.
    pub fn lookup_entity(&self, name: &str) -> Option<(usize, NameForm)> {
        let folded = fold(name.trim());
        let folded = folded.strip_prefix("the ").unwrap_or(&folded).trim();
        self.entity_by_folded_name.get(folded).copied()
    }

    /// The names closest to a misspelt one, best first, for quick fixes.
    pub fn suggest_entities(&self, name: &str, limit: usize) -> Vec<usize> {
        let folded = fold(name.trim());
        let folded = folded.strip_prefix("the ").unwrap_or(&folded);
        let mut scored: Vec<(f64, usize)> = Vec::new();
        let len = folded.chars().count();
        for (n, &(idx, _)) in &self.entity_by_folded_name {
            // A score of 0.6 needs lengths within 40% of each other; skip the rest cheaply.
            let nlen = n.len();
            if nlen * 10 < len * 6 || len * 10 < nlen * 6 {
                continue;
            }
            let score = strsim::normalized_damerau_levenshtein(folded, n);
            if score >= 0.6 {
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
    pub fn find_entities(&self, source: &str, folded: &FoldedText) -> Vec<EntityMatch> {
        self.find_all(source, folded).0
    }

    /// Every catalogued instrument title, alias or known variant in `source`.
    pub fn find_instruments(&self, source: &str, folded: &FoldedText) -> Vec<InstrumentMatch> {
        self.find_all(source, folded).1
    }

    /// Entities and instruments in one scan. Where a title contains a name ("Council of Europe
    /// Convention ..."), the longer title wins.
    pub fn find_all(
        &self,
        source: &str,
        folded: &FoldedText,
    ) -> (Vec<EntityMatch>, Vec<InstrumentMatch>) {
        let mut entities = Vec::new();
        let mut instruments = Vec::new();
        let n_entities = self.entity_patterns.len();
        let ftext = folded.text.as_bytes();
        let n = ftext.len();
        let is_word = |b: u8| WORD_BYTE[b as usize];
        // Names and titles start a word with a capital or a digit ("2030 Agenda"), after an
        // opening quote, or with one of the few lower-case first words of the data ("former
        // Yugoslav Republic ..."); an anchored search at those word starts reads a few bytes each.
        let mut resume = 0usize;
        for &(start, kind) in &folded.word_starts {
            let j = start as usize;
            if j < resume {
                continue;
            }
            if kind == WordStart::Lower {
                if !self.lower_first[ftext[j] as usize] {
                    continue;
                }
                let mut word_end = j;
                while word_end < n && is_word(ftext[word_end]) {
                    word_end += 1;
                }
                if !self
                    .lower_starters
                    .iter()
                    .any(|w| w.as_bytes() == &ftext[j..word_end])
                {
                    continue;
                }
            }
            let input = Input::new(&folded.text).range(j..).anchored(Anchored::Yes);
            let Some(m) = self.matcher.find(input) else {
                continue;
            };
            resume = m.end();
            let (start, end) = folded.original_span(m.start(), m.end(), source);
            if !at_word_boundaries(source, start, end) {
                continue;
            }
            let written = &source[start..end];
            let first_upper = written
                .chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase);
            let pid = m.pattern().as_usize();
            if pid < n_entities {
                let pat = self.entity_patterns[pid];
                if !first_upper && !pat.lower_start {
                    continue;
                }
                if pat.exact_case && written.chars().any(|c| c.is_lowercase()) {
                    continue;
                }
                let rest = &source[end..];
                let possessive = rest.starts_with("’s") || rest.starts_with("'s");
                entities.push(EntityMatch {
                    span: Span::new(start, end),
                    entity: pat.entity,
                    form: pat.form,
                    possessive,
                });
            } else {
                let pat = &self.instrument_patterns[pid - n_entities];
                if pat.exact_case && written.chars().any(|c| c.is_lowercase()) {
                    continue;
                }
                // Titles are proper names: "political declaration" in running prose counts only
                // when written as a name ("Political Declaration") or quoted as a draft's title.
                let quoted_title = source[..start].ends_with('“') || source[..start].ends_with('"');
                if !(first_upper
                    || written.starts_with(|c: char| c.is_ascii_digit())
                    || quoted_title)
                {
                    continue;
                }
                instruments.push(InstrumentMatch {
                    span: Span::new(start, end),
                    candidates: pat.instruments.clone(),
                    form: pat.form,
                });
            }
        }
        (entities, instruments)
    }

    /// Picks among instruments sharing an alias: the one named by an adjacent year, else the one
    /// adopted in the record's session, else the latest adopted before it, else the latest.
    pub fn resolve_instrument(
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
    pub fn closest_instrument(&self, title: &str) -> Option<(usize, f64)> {
        let folded = fold(title);
        self.folded_titles
            .iter()
            .enumerate()
            .map(|(i, titles)| {
                let best = titles
                    .iter()
                    .map(|t| strsim::normalized_levenshtein(&folded, t))
                    .fold(0.0, f64::max);
                (i, best)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(g: &Gazetteer, text: &str) -> Vec<(String, String)> {
        let f = FoldedText::new(text);
        g.find_entities(text, &f)
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
    fn loads_all_member_states() {
        let g = Gazetteer::builtin();
        let members = g
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Member)
            .count();
        assert_eq!(members, 193);
        assert!(g.entity_by_key("VAT").is_some());
        assert!(g.entity_by_key("EU").is_some());
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
        let f = FoldedText::new(text);
        assert!(g.find_entities(text, &f)[0].possessive);
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
        let f = FoldedText::new(text);
        let m = &g.find_instruments(text, &f)[0];
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
}
