//! The gazetteer's scan of a source text: the anchored search of [`Gazetteer::find_all`] run on
//! the source itself, each character folded as the automaton reads it, so that no folded copy
//! or offset map of the text is made.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, PatternID};

use super::starts::for_each_name_start;
use super::{EntityMatch, Gazetteer, InstrumentMatch, WORD_BYTE};
use crate::span::Span;
use crate::text::{WordStart, fold_char};

impl Gazetteer {
    /// What [`Gazetteer::find_all`] finds over `source` folded with `lower_first` (this
    /// gazetteer's), without the folded copy: the automaton is stepped on each character's
    /// folded bytes as it is read, from the word starts of the source itself. The parse runs
    /// this over every record, where a folded copy and its offset map were most of the work.
    pub(crate) fn scan(&self, source: &str) -> (Vec<EntityMatch>, Vec<InstrumentMatch>) {
        let mut entities = Vec::new();
        let mut instruments = Vec::new();
        let mut resume = 0usize;
        for_each_name_start(source, &self.lower_first, |at, kind| {
            // A word start inside the last match, in the source as in the folded text: word
            // starts are character starts, and a match ends at the end of a source character.
            // Most word starts begin no name, which the table of prefixes tells at once.
            if at < resume || !self.name_prefixes.may_begin(source.as_bytes(), at) {
                return;
            }
            if let Some(end) = self.match_at(source, at, kind, &mut entities, &mut instruments) {
                resume = end;
            }
        });
        (entities, instruments)
    }

    /// The scan at a word start that the table of prefixes let through: adds what is found
    /// there and returns where the match ends. Not inlined, so that the scan's test of every
    /// word start stays small enough to be inlined into the walk.
    #[inline(never)]
    fn match_at(
        &self,
        source: &str,
        at: usize,
        kind: WordStart,
        entities: &mut Vec<EntityMatch>,
        instruments: &mut Vec<InstrumentMatch>,
    ) -> Option<usize> {
        if kind == WordStart::Lower && !self.lower_starter_in(source, at) {
            return None;
        }
        let (pid, span) = self.longest_at(source, at)?;
        self.take_match(source, span, pid, entities, instruments);
        Some(span.end)
    }

    /// The longest name or title that the folded text from the character at `at` of `source`
    /// begins with, and its span in `source`: the anchored search of [`Gazetteer::find_all`],
    /// folding each character as it is read. The span starts at the first character whose fold
    /// is not empty and ends at the end of the character whose folded bytes end the name, as
    /// the folded text's offset map would have it.
    fn longest_at(&self, source: &str, at: usize) -> Option<(PatternID, Span)> {
        let automaton = &self.matcher;
        let bytes = source.as_bytes();
        let mut state = automaton
            .start_state(Anchored::Yes)
            .expect("an anchored automaton");
        let mut start = None;
        let mut fed = 0usize;
        let mut best = None;
        let mut i = at;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii() {
                start.get_or_insert(i);
                let from = i;
                (state, i) = step_ascii(automaton, bytes, i, state);
                fed += i - from;
                if automaton.is_special(state) {
                    if automaton.is_dead(state) {
                        break;
                    }
                    best = self.anchored_match(state, fed, i).or(best);
                }
                continue;
            }
            let c = source[i..].chars().next().expect("char boundary");
            let end = i + c.len_utf8();
            let mut dead = false;
            fold_char(c, |f| {
                let mut utf8 = [0u8; 4];
                for &fb in f.encode_utf8(&mut utf8).as_bytes() {
                    if dead {
                        return;
                    }
                    start.get_or_insert(i);
                    state = automaton.next_state(Anchored::Yes, state, fb);
                    fed += 1;
                    if automaton.is_special(state) {
                        dead = automaton.is_dead(state);
                        if !dead {
                            best = self.anchored_match(state, fed, end).or(best);
                        }
                    }
                }
            });
            if dead {
                break;
            }
            i = end;
        }
        let (pid, end) = best?;
        Some((pid, Span::new(start.expect("bytes were read"), end)))
    }

    /// The pattern a special, live state of an anchored walk matches after `fed` folded bytes,
    /// with `end`, unless that pattern began after the walk did (a DFA's match states also
    /// carry the matches of its unanchored searches, which an anchored search must ignore).
    #[inline]
    fn anchored_match(&self, state: StateID, fed: usize, end: usize) -> Option<(PatternID, usize)> {
        if !self.matcher.is_match(state) {
            return None;
        }
        let pid = self.matcher.match_pattern(state, 0);
        (self.matcher.pattern_len(pid) == fed).then_some((pid, end))
    }

    /// Whether the word at `at` of `source` is, folded, the first word of a name that starts in
    /// lower case ("former"): [`Gazetteer::lower_starter_at`] on the source.
    fn lower_starter_in(&self, source: &str, at: usize) -> bool {
        // A word of ASCII letters and digits that an ASCII byte or the end closes folds to
        // itself in lower case: compared in place (most lower-case starts are such words).
        let bytes = &source.as_bytes()[at..];
        let len = bytes
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(bytes.len());
        if len > 0 && bytes.get(len).is_none_or(u8::is_ascii) {
            let word = &bytes[..len];
            return self.lower_first[word[0].to_ascii_lowercase() as usize]
                && self
                    .lower_starters
                    .iter()
                    .any(|w| w.as_bytes().eq_ignore_ascii_case(word));
        }
        let longest = self.lower_starters.iter().map(String::len).max();
        let mut word = String::new();
        for c in source[at..].chars() {
            fold_char(c, |f| word.push(f));
            if word.len() > longest.unwrap_or(0) || word.bytes().any(|b| !WORD_BYTE[b as usize]) {
                break;
            }
        }
        let folded = word.as_bytes();
        let end = folded
            .iter()
            .position(|&b| !WORD_BYTE[b as usize])
            .unwrap_or(folded.len());
        folded
            .first()
            .is_some_and(|&b| self.lower_first[b as usize])
            && self
                .lower_starters
                .iter()
                .any(|w| w.as_bytes() == &folded[..end])
    }
}

/// Each ASCII byte lower-cased (its fold), any other byte as it is.
static ASCII_LOWER: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).to_ascii_lowercase();
        b += 1;
    }
    t
};

/// Steps `automaton` on the ASCII bytes of `bytes` from `i`, each lower-cased as folding does, until it
/// reaches a special state (dead or matching), a byte that is not ASCII, or the end: the state
/// then, and where it stopped reading. A loop of its own, so that only the state and the offset
/// change in it: most of a scan's steps are on ASCII runs.
#[inline]
fn step_ascii(automaton: &NFA, bytes: &[u8], mut i: usize, mut state: StateID) -> (StateID, usize) {
    while let Some(&b) = bytes.get(i) {
        if !b.is_ascii() {
            break;
        }
        state = automaton.next_state(Anchored::Yes, state, ASCII_LOWER[b as usize]);
        i += 1;
        if automaton.is_special(state) {
            break;
        }
    }
    (state, i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{FoldedText, random_texts, seed_texts};

    /// The scan against the search of the folded text it replaces.
    fn assert_scan_agrees(g: &Gazetteer, text: &str) {
        let folded = FoldedText::with_lower_starts(text, &g.lower_first);
        assert_eq!(g.scan(text), g.find_all(text, &folded), "{text:?}");
    }

    #[test]
    fn the_scan_finds_what_the_folded_search_finds_in_records() {
        let g = Gazetteer::builtin();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
        let mut records = 0;
        for entry in std::fs::read_dir(dir).expect("fixtures") {
            let path = entry.expect("fixture").path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a fixture text");
            let (entities, instruments) = g.scan(&text);
            assert!(!entities.is_empty() && !instruments.is_empty(), "{path:?}");
            assert_scan_agrees(&g, &text);
            for paragraph in text.split("\n\n") {
                assert_scan_agrees(&g, paragraph);
            }
            records += 1;
        }
        assert!(records >= 5, "{records}");
    }

    #[test]
    fn the_scan_finds_what_the_folded_search_finds_at_the_edges() {
        let g = Gazetteer::builtin();
        // Words that start with a character folding to nothing (U+0345), names that end inside
        // a character's fold (ß), quoted and lower-case starts, and names cut off by the end.
        for text in [
            "",
            "G",
            "Greece",
            "Gree",
            " \u{345}former Yugoslav Republic of Macedonia.",
            " \u{345}\u{301}Greece, \u{301}Greece.",
            "\u{345}Greece.",
            "“\u{345}political declaration” and “Political Declaration”.",
            "\"political declaration\", \"\u{345}political declaration\".",
            "formER Yugoslav Republic of Macedonia, fórmer Yugoslav Republic of Macedonia.",
            "the occupied Syrian Golan and the OCCUPIED Syrian Golan.",
            "Greeceß Greeß Greece’s Greece's",
            "Côte d’Ivoire’s CÔTE D’IVOIRE; Cote d'Ivoire",
            "Democratic People’s Republic of Korea",
            // ASCII runs in mixed case, broken by characters that fold, up to the very end.
            "GrEeCe, TÜRKIYE and Türkiye; the Republic of Korea",
            "UNITED NATIONS OFFICE ON DRUGS AND CRIME\u{a0}Greece",
        ] {
            assert_scan_agrees(&g, text);
        }
        let (entities, _) = g.scan(" \u{345}former Yugoslav Republic of Macedonia.");
        assert!(entities.is_empty());
    }

    /// Names of one, two and three bytes, which the table of prefixes keys whole.
    #[test]
    fn the_scan_finds_short_names_as_the_folded_search_does() {
        let mut ext = crate::knowledge::KnowledgeExtension::default();
        for (alias, key) in [("b", "BEL"), ("Ga", "GAB"), ("Ivo", "CIV"), ("O", "OMN")] {
            ext.country_aliases.insert(alias.into(), key.into());
        }
        let g = Gazetteer::with_extension(&ext);
        let (entities, _) = g.scan("B, Ga and Ivo, not Gab; O.");
        assert_eq!(entities.len(), 4, "{entities:?}");
        let pieces = [
            "b", "B", "Ga", "GA", "ga", "Gab", "Gabon", "Ivo", "IVO", "Ivory", "O", "of", "former",
            "Greece", " ", ".", "'", "é", "\u{345}", "7",
        ];
        for seed in [0x9e37_79b9_7f4a_7c15, 0x2545_f491_4f6c_dd1d] {
            for mut text in random_texts(&pieces, seed, 16, 3000) {
                text.push('.');
                assert_scan_agrees(&g, &text);
            }
        }
        for text in seed_texts() {
            assert_scan_agrees(&g, &text);
        }
    }

    #[test]
    fn the_scan_finds_what_the_folded_search_finds_in_random_text() {
        let g = Gazetteer::builtin();
        let pieces = [
            "Greece",
            "GREECE",
            "Niger",
            "ia",
            "Côte d’Ivoire",
            "CÔTE D'IVOIRE",
            "Türkiye",
            "former Yugoslav Republic of Macedonia",
            "fORMER",
            "fórmer",
            "former",
            "occupied",
            "Occupied Syrian Golan",
            "of",
            "Political Declaration",
            "political declaration",
            "Paris Agreement",
            "2030 Agenda",
            "WHO",
            "who",
            "’s",
            "'s",
            "“",
            "”",
            "\"",
            " ",
            ".",
            "-",
            "\u{a0}",
            "ß",
            "Straße",
            "æ",
            "É",
            "é",
            "\u{301}",
            "\u{345}",
            "İ",
            "7",
            "x",
            "Republic of Korea",
            "Democratic People’s",
        ];
        let seeds = [0x0123_4567_89ab_cdef, 0x5bd1_e995_9e37_79b9];
        for (round, seed) in seeds.into_iter().enumerate() {
            for mut text in random_texts(&pieces, seed, 24, 3000) {
                // The folded search reads the folded byte at a lower-case word start, and a
                // word start whose character folds to nothing at the very end has none.
                if round == 0 {
                    text.push('.');
                }
                if text.trim_end_matches(['\u{301}', '\u{345}']) == text {
                    assert_scan_agrees(&g, &text);
                }
            }
        }
    }
}
