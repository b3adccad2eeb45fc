//! Names as identities: when two spellings name one person (a shorter form of the other,
//! initials and accents aside), and an index of distinct names blocked by token pairs, so that
//! "who else is this?" is decided among a handful of candidate names, never against every name.
//! Pure and below the parser: used by it (speakers named in a record's prose) and by the
//! workspace (speakers across records).

use rustc_hash::FxHashMap as HashMap;

/// A distinct name of an index, stable for the life of the index.
pub type NameId = usize;

/// Names longer than this are blocked on their first tokens only: real names stop well before
/// (the longest in the seeds, NAELA GABR MOHAMED GABR ALI, has five).
const MAX_BLOCKED_TOKENS: usize = 8;

/// Two names are one person when the shorter is a contiguous part of the longer or a prefix
/// subsequence, and they share at least two tokens (one for single-token panel names).
pub fn same_person<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() < 2 && long.len() >= 2 {
        return false;
    }
    tokens_compatible(short, long)
}

/// Whether `short` names the same person as `long`: its tokens appear in `long` in order and
/// contiguously, or as a prefix-subsequence (NAELA GABR ⊂ NAELA GABR MOHAMED GABR ALI).
pub fn tokens_compatible<T: PartialEq>(short: &[T], long: &[T]) -> bool {
    if short.is_empty() || short.len() > long.len() {
        return false;
    }
    if long.windows(short.len()).any(|w| w == short) {
        return true;
    }
    // In order, not necessarily contiguous, and starting with the same first token.
    if short[0] != long[0] {
        return false;
    }
    let mut it = long.iter();
    short.iter().all(|t| it.any(|l| l == t))
}

/// A token of an index's vocabulary.
type TokenId = u32;

/// The id a token outside the vocabulary stands as in a query: equal to no indexed token.
const UNKNOWN_TOKEN: TokenId = TokenId::MAX;

/// Distinct names (folded tokens), each under the blocks that can find its same-person names.
/// Tokens are numbered once, so that blocks are keyed by pairs of numbers rather than pairs of
/// cloned strings, and candidates are compared number by number.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameBlocks {
    vocabulary: HashMap<String, TokenId>,
    ids: HashMap<Vec<TokenId>, NameId>,
    tokens: Vec<Vec<TokenId>>,
    /// Every ordered pair (i < j) of a name's tokens → the names containing it: finds the longer
    /// forms of a name (its first two tokens appear in order in each of them).
    by_any_pair: HashMap<(TokenId, TokenId), Vec<NameId>>,
    /// A name's first two tokens → the name: finds the shorter forms of a name (their first two
    /// tokens are an ordered pair of its tokens).
    by_first_pair: HashMap<(TokenId, TokenId), Vec<NameId>>,
    /// One-token names (panel turns: "Ms. MINGEIROU") match only the same one token.
    by_single: HashMap<TokenId, Vec<NameId>>,
}

fn ordered_pairs(tokens: &[TokenId]) -> impl Iterator<Item = (TokenId, TokenId)> + '_ {
    let t = &tokens[..tokens.len().min(MAX_BLOCKED_TOKENS)];
    (0..t.len()).flat_map(move |i| ((i + 1)..t.len()).map(move |j| (t[i], t[j])))
}

impl NameBlocks {
    /// The name's tokens as numbers, [`UNKNOWN_TOKEN`] for those never interned.
    fn known<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<TokenId> {
        tokens
            .iter()
            .map(|t| {
                self.vocabulary
                    .get(t.as_ref())
                    .copied()
                    .unwrap_or(UNKNOWN_TOKEN)
            })
            .collect()
    }

    pub(crate) fn id_of(&self, tokens: &[String]) -> Option<NameId> {
        self.ids.get(&self.known(tokens)).copied()
    }

    /// The name's id, added under its blocks if new.
    pub(crate) fn intern(&mut self, tokens: &[String]) -> NameId {
        let key: Vec<TokenId> = tokens
            .iter()
            .map(|t| {
                if let Some(&id) = self.vocabulary.get(t.as_str()) {
                    return id;
                }
                let id = TokenId::try_from(self.vocabulary.len()).expect("under 2^32 tokens");
                self.vocabulary.insert(t.clone(), id);
                id
            })
            .collect();
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.tokens.len();
        match key.len() {
            0 => {}
            1 => self.by_single.entry(key[0]).or_default().push(id),
            _ => {
                self.by_first_pair
                    .entry((key[0], key[1]))
                    .or_default()
                    .push(id);
                for p in ordered_pairs(&key) {
                    let v = self.by_any_pair.entry(p).or_default();
                    if v.last() != Some(&id) {
                        v.push(id);
                    }
                }
            }
        }
        self.tokens.push(key.clone());
        self.ids.insert(key, id);
        id
    }

    /// The names that are the same person as `tokens` (see [`same_person`]), in id order.
    pub(crate) fn compatible<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<NameId> {
        let key = self.known(tokens);
        let mut candidates: Vec<NameId> = match key.len() {
            0 => return Vec::new(),
            1 => self.by_single.get(&key[0]).cloned().unwrap_or_default(),
            _ => {
                let mut c = self
                    .by_any_pair
                    .get(&(key[0], key[1]))
                    .cloned()
                    .unwrap_or_default();
                for p in ordered_pairs(&key) {
                    if let Some(v) = self.by_first_pair.get(&p) {
                        c.extend_from_slice(v);
                    }
                }
                c
            }
        };
        candidates.sort_unstable();
        candidates.dedup();
        candidates.retain(|&id| same_person(&key, &self.tokens[id]));
        candidates
    }
}
