//! Panel turns ("Ms. MINGEIROU said") resolved to the full name under which the record
//! introduced the panellist ("Kalliope Mingeirou, Chief of ...", "José Alfonso Blanco Conde
//! (Dominican Republic)"), with the affiliation given there.

use rustc_hash::FxHashMap;

use crate::knowledge::Gazetteer;
use crate::parse::speaker;
use crate::record::*;
use crate::span::Span;
use crate::text::{clamp_to_char_boundary, fold, strip_space_paren};

/// A surname in a turn at least this long may be matched one edit away from the introduced
/// name (DARTON for Darnton); shorter names one edit apart are too often different people.
const MIN_MISSPELT_SURNAME_CHARS: usize = 5;
/// Edits allowed between a misspelt surname and the introduced one.
const SURNAME_EDITS: usize = 1;
/// How far after an introduced name its title is read for an affiliation, in bytes (", Chief of
/// the Ending Violence against Women Section, UN Women;"): introductions run longer than a
/// header's title, and the bound keeps the next sentence's names out.
const INTRODUCTION_REACH: usize = 240;

/// A folded name token of the record's panel turns, as a number: the runs of the record's prose
/// are compared with the turns number by number, not string by string.
type TokenId = u32;

/// The id a run's token stands as when no turn holds it: equal to no turn's token.
const UNKNOWN_TOKEN: TokenId = TokenId::MAX;

/// A capitalised run of a narrative or summary paragraph that may introduce a panellist.
struct Candidate {
    span: Span,
    /// Its folded name tokens as numbers of the turns' vocabulary.
    tokens: Vec<TokenId>,
    /// The run folded, which its surname is read from when a turn may misspell it.
    folded: String,
    paragraph: usize,
}

/// The turns' folded name tokens, numbered.
struct TurnVocabulary<'r> {
    ids: FxHashMap<&'r str, TokenId>,
    /// Whether some turn is one word long enough to be matched misspelt.
    misspellable: bool,
}

impl<'r> TurnVocabulary<'r> {
    fn of(turns: &[Vec<&'r str>]) -> TurnVocabulary<'r> {
        let mut ids = FxHashMap::default();
        for t in turns.iter().flatten() {
            let next = TokenId::try_from(ids.len()).expect("under 2^32 tokens");
            ids.entry(*t).or_insert(next);
        }
        TurnVocabulary {
            ids,
            misspellable: turns
                .iter()
                .any(|t| t.len() == 1 && t[0].chars().count() >= MIN_MISSPELT_SURNAME_CHARS),
        }
    }

    fn id(&self, token: &str) -> TokenId {
        self.ids.get(token).copied().unwrap_or(UNKNOWN_TOKEN)
    }
}

/// The candidates, and per token of the turns the candidates holding it (in candidate order):
/// a turn's introduction holds the turn's first token.
struct Candidates {
    all: Vec<Candidate>,
    holding: Vec<Vec<usize>>,
}

/// Ties each panel turn to the full name that introduced the panellist, and takes the
/// affiliation given there when the turn has none.
pub(crate) fn resolve_panel_turns(
    text: &str,
    gaz: &Gazetteer,
    rec: &mut Record,
    name_runs: &[Vec<Span>],
) {
    for (t, name, paragraph) in introductions(text, rec, name_runs) {
        let paragraph = rec.paragraphs[paragraph].span;
        let st = &mut rec.statements[t];
        st.full_name = Some(name);
        if st.affiliation.is_none() {
            st.affiliation = introduced_affiliation(text, gaz, name, paragraph);
        }
    }
}

/// Whether a statement is a panel turn, whose speaker a narrative paragraph introduces.
fn is_panel_turn(s: &Statement) -> bool {
    s.form == HeaderForm::PanelTurn || (s.honorific.is_some() && s.affiliation.is_none())
}

/// Whether a record has a panel turn to resolve (see [`resolve_panel_turns`]).
pub(crate) fn has_panel_turns(rec: &Record) -> bool {
    rec.statements.iter().any(is_panel_turn)
}

/// The panel turns of a record (statement indices) with the run that introduced each one's
/// speaker and its paragraph.
fn introductions(text: &str, rec: &Record, name_runs: &[Vec<Span>]) -> Vec<(usize, Span, usize)> {
    let turns: Vec<usize> = rec
        .statements
        .iter()
        .enumerate()
        .filter(|(_, s)| is_panel_turn(s))
        .map(|(i, _)| i)
        .collect();
    if turns.is_empty() {
        return Vec::new();
    }
    let spelt: Vec<Vec<&str>> = turns
        .iter()
        .map(|&t| rec.statements[t].name_key.split(' ').collect())
        .collect();
    let vocabulary = TurnVocabulary::of(&spelt);
    let candidates = candidates(text, &rec.paragraphs, name_runs, &vocabulary);
    let mut out = Vec::new();
    for (&t, spelt) in turns.iter().zip(&spelt) {
        let tokens: Vec<TokenId> = spelt.iter().map(|w| vocabulary.id(w)).collect();
        let section = rec.statements[t].section;
        if let Some(c) = introduction(&candidates, &tokens, spelt, section, &rec.paragraphs) {
            out.push((t, c.span, c.paragraph));
        }
    }
    out
}

/// Candidate full names in narrative and summary paragraphs: the runs of two or more name
/// tokens that hold a turn's token (or may spell a turn's surname otherwise), the others being
/// no turn's introduction.
fn candidates(
    text: &str,
    paragraphs: &[Paragraph],
    name_runs: &[Vec<Span>],
    vocabulary: &TurnVocabulary<'_>,
) -> Candidates {
    let mut all = Vec::new();
    let mut holding: Vec<Vec<usize>> = vec![Vec::new(); vocabulary.ids.len()];
    // Most runs are no candidate: each is folded into this one buffer, copied only when kept.
    let mut folded = String::new();
    for (pi, p) in paragraphs.iter().enumerate() {
        let ptext = p.span.text(text);
        for run in &name_runs[pi] {
            let ascii = fold_into(run.text(ptext), &mut folded);
            let tokens: Vec<TokenId> = if ascii {
                speaker::name_words_ascii(&folded)
                    .map(|w| vocabulary.id(w))
                    .collect()
            } else {
                speaker::name_words(&folded)
                    .map(|w| vocabulary.id(w))
                    .collect()
            };
            if tokens.len() < 2
                || !vocabulary.misspellable && tokens.iter().all(|&t| t == UNKNOWN_TOKEN)
            {
                continue;
            }
            for &t in &tokens {
                if let Some(list) = holding.get_mut(t as usize)
                    && list.last() != Some(&all.len())
                {
                    list.push(all.len());
                }
            }
            all.push(Candidate {
                span: run.shift(p.span.start),
                tokens,
                folded: folded.clone(),
                paragraph: pi,
            });
        }
    }
    Candidates { all, holding }
}

/// [`fold`] of `run` into `out`: an ASCII run folds to its lower case, written in place of
/// what `out` held; any other is folded anew. Whether the fold is ASCII without vertical tabs,
/// whose words are read from the bytes.
fn fold_into(run: &str, out: &mut String) -> bool {
    if run.is_ascii() {
        out.clear();
        out.push_str(run);
        out.make_ascii_lowercase();
        !run.contains('\x0B')
    } else {
        *out = fold(run);
        false
    }
}

/// The candidate that introduced the speaker of a turn (its tokens as numbers and as written):
/// a longer compatible name, in the turn's section first; else, for a one-word turn, a name
/// whose surname is one edit away in the same section.
fn introduction<'c>(
    candidates: &'c Candidates,
    tokens: &[TokenId],
    spelt: &[&str],
    section: Option<usize>,
    paragraphs: &[Paragraph],
) -> Option<&'c Candidate> {
    let section_of = |c: &Candidate| paragraphs[c.paragraph].section;
    candidates.holding[tokens[0] as usize]
        .iter()
        .map(|&c| &candidates.all[c])
        .filter(|c| {
            c.tokens.len() > tokens.len()
                && speaker::tokens_compatible(tokens, &c.tokens)
                && (section.is_none() || section_of(c) == section || section_of(c).is_none())
        })
        .max_by_key(|c| (section_of(c) == section, c.tokens.len()))
        .or_else(|| {
            candidates
                .all
                .iter()
                .filter(|c| section_of(c) == section && misspelt_surname(spelt, &c.folded))
                .max_by_key(|c| c.tokens.len())
        })
}

/// Whether a one-word turn is the last name of a full name (folded) but for one edit.
fn misspelt_surname(turn: &[&str], full: &str) -> bool {
    if turn.len() != 1 || turn[0].chars().count() < MIN_MISSPELT_SURNAME_CHARS {
        return false;
    }
    // The last of two or more words.
    let mut words = speaker::name_words(full);
    words.next();
    words
        .last()
        .is_some_and(|l| strsim::levenshtein(l, turn[0]) == SURNAME_EDITS)
}

/// The affiliation given right after a name: "(Dominican Republic)" or ", Chief of ..., UN Women;".
fn introduced_affiliation(
    text: &str,
    gaz: &Gazetteer,
    name: Span,
    paragraph: Span,
) -> Option<Affiliation> {
    let after = &text[name.end..paragraph.end];
    if let Some((consumed, rest)) = strip_space_paren(after) {
        let close = rest.find(')')?;
        let (entity, _) = gaz.lookup_entity(&rest[..close])?;
        return Some(Affiliation {
            entity: Some(entity),
            span: Span::new(consumed, consumed + close).shift(name.end),
            source: AffiliationSource::Introduction,
        });
    }
    if !after.starts_with(", ") {
        return None;
    }
    let stop = after.find([';', '.']).unwrap_or(after.len());
    let stop = clamp_to_char_boundary(after, stop.min(INTRODUCTION_REACH));
    let (entity, at) = speaker::descriptor_entity(gaz, after, Span::new(0, stop))?;
    Some(Affiliation {
        entity: Some(entity),
        span: at.shift(name.end),
        source: AffiliationSource::Introduction,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the one-word turn `turn` misspells the last name of `full`.
    fn misspelt(turn: &str, full: &str) -> bool {
        misspelt_surname(&[speaker::name_key(turn).as_str()], &fold(full))
    }

    #[test]
    fn runs_fold_into_the_buffer_as_fold_folds_them() {
        let mut texts = crate::text::seed_texts();
        texts.extend(crate::text::random_texts(
            &[
                "Ana", "ÉLODIE", "\u{2019}", " ", "O'Neill", "x", "\u{a0}", "ß",
            ],
            0x9e37_79b9_7f4a_7c15,
            12,
            3000,
        ));
        let mut buffer = String::from("left over");
        let mut ascii = 0;
        for text in &texts {
            for run in text.split(['.', '\n']) {
                ascii += usize::from(run.is_ascii() && !run.is_empty());
                let by_bytes = fold_into(run, &mut buffer);
                assert_eq!(buffer, fold(run), "{run:?}");
                if by_bytes {
                    assert!(
                        speaker::name_words_ascii(&buffer).eq(speaker::name_words(&buffer)),
                        "{run:?}"
                    );
                }
            }
        }
        assert!(ascii > 400, "{ascii}");
    }

    #[test]
    fn misspelt_surnames_are_one_edit_from_long_names() {
        assert!(misspelt("DARTON", "Melissa Darnton"));
        assert!(!misspelt("LIU", "Wei Liu"));
        assert!(!misspelt("DARNTON", "Darnton"));
        assert!(!misspelt("DORTAN", "Melissa Darnton"));
    }

    /// The introductions found by comparing every run's tokens, as strings, with each turn's:
    /// what [`introductions`] finds by numbers among the runs that may match.
    fn introductions_by_strings(
        text: &str,
        rec: &Record,
        name_runs: &[Vec<Span>],
    ) -> Vec<(usize, Span, usize)> {
        let mut candidates: Vec<(Span, Vec<String>, usize)> = Vec::new();
        for (pi, p) in rec.paragraphs.iter().enumerate() {
            for run in &name_runs[pi] {
                let tokens = speaker::name_tokens(run.text(p.span.text(text)));
                candidates.push((run.shift(p.span.start), tokens, pi));
            }
        }
        let section_of = |c: &(Span, Vec<String>, usize)| rec.paragraphs[c.2].section;
        let mut out = Vec::new();
        for (t, st) in rec.statements.iter().enumerate() {
            if !(st.form == HeaderForm::PanelTurn
                || (st.honorific.is_some() && st.affiliation.is_none()))
            {
                continue;
            }
            let tokens: Vec<String> = st.name_key.split(' ').map(str::to_string).collect();
            let section = st.section;
            let found = candidates
                .iter()
                .filter(|c| {
                    c.1.len() > tokens.len()
                        && speaker::tokens_compatible(&tokens, &c.1)
                        && (section.is_none()
                            || section_of(c) == section
                            || section_of(c).is_none())
                })
                .max_by_key(|c| (section_of(c) == section, c.1.len()))
                .or_else(|| {
                    candidates
                        .iter()
                        .filter(|c| {
                            tokens.len() == 1
                                && tokens[0].chars().count() >= MIN_MISSPELT_SURNAME_CHARS
                                && c.1.len() >= 2
                                && c.1.last().is_some_and(|l| {
                                    strsim::levenshtein(l, &tokens[0]) == SURNAME_EDITS
                                })
                                && section_of(c) == section
                        })
                        .max_by_key(|c| c.1.len())
                });
            if let Some(c) = found {
                out.push((t, c.0, c.2));
            }
        }
        out
    }

    #[test]
    fn introductions_by_numbers_are_those_by_strings() {
        let mut texts = crate::text::seed_texts();
        let pieces = [
            "Kalliope Mingeirou, Chief of the Ending Violence against Women Section, UN Women, spoke.\n\n",
            "Ms. MINGEIROU said the schemes should be explored.\n\n",
            "Ms. MINGIEROU said more.\n\n",
            "Ms. KALLIOPE MINGEIROU said so.\n\n",
            "Melissa Darnton (United Kingdom) and Wei Liu chaired the panel.\n\n",
            "Ms. DARTON said responses require collaboration.\n\n",
            "Mr. DARNTONS said so.\n\n",
            "Mr. LIU said yes.\n\n",
            "José Alfonso Blanco Conde (Dominican Republic) asked Ana María Cruz de Souza a question.\n\n",
            "Mr. BLANCO CONDE asked how.\n\n",
            "Mr. CONDE said no.\n\n",
            "Ms. CRUZ said so.\n\n",
            "Ms. MARIA CRUZ SOUZA replied.\n\n",
            "Ms. ANA SOUZA replied.\n\n",
            "Panel Discussion\n\n",
            "Interactive Dialogue\n\n",
            "The representative of Chile said the work went on.\n\n",
        ];
        // One text a seed: the generator stops drawing once it draws an empty text.
        for seed in 1..1500u64 {
            let seed = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            let body = &crate::text::random_texts(&pieces, seed, 14, 1)[0];
            texts.push(format!(
                "Seventy-seventh Session,\n5th Meeting (AM)\nGA/L/1\n\nTitle\n\nPanel I\n\n{body}"
            ));
        }
        let gaz = Gazetteer::builtin();
        let (mut found, mut misspelt) = (0, 0);
        for text in &texts {
            let rec = crate::parse::parse_structure(text, &gaz);
            let name_runs = crate::parse::mentions::full_name_runs(text, &rec.paragraphs);
            let expected = introductions_by_strings(text, &rec, &name_runs);
            found += expected.len();
            misspelt += expected
                .iter()
                .filter(|(t, _, _)| {
                    matches!(rec.statements[*t].name_key.as_str(), "darton" | "darntons")
                })
                .count();
            assert_eq!(introductions(text, &rec, &name_runs), expected, "{text}");
        }
        assert!(found > 300 && misspelt > 50, "{found} {misspelt}");
    }

    #[test]
    fn affiliation_in_parentheses_or_title() {
        let gaz = Gazetteer::builtin();
        let text = "José Alfonso Blanco Conde (Dominican Republic) chaired the panel.";
        let name = Span::new(0, text.find(" (").unwrap());
        let a = introduced_affiliation(text, &gaz, name, Span::new(0, text.len())).unwrap();
        assert_eq!(a.span.text(text), "Dominican Republic");
        let text = "Vladimir Makei, Minister for Foreign Affairs of Belarus; then others.";
        let name = Span::new(0, text.find(',').unwrap());
        let a = introduced_affiliation(text, &gaz, name, Span::new(0, text.len())).unwrap();
        assert_eq!(a.span.text(text), "Belarus");
    }
}
