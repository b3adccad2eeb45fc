//! Two spellings' letters counted as bags: a lower bound of their edit distance from one pass
//! over each, which the fuzzy comparisons (surname variants, misspelt instrument titles) use to
//! rule out most pairs before computing the distance itself.

/// How many times each ASCII byte occurs in a spelling. Only ASCII is counted: outside it a
/// character is not a byte, and no bound is given.
#[derive(Clone)]
pub(crate) struct LetterCounts([u16; 128]);

impl LetterCounts {
    /// The counts of `s`, or `None` when it is not all ASCII (or too long to count in 16 bits,
    /// which no name or title is).
    pub(crate) fn of(s: &str) -> Option<LetterCounts> {
        if !s.is_ascii() || s.len() > usize::from(u16::MAX) {
            return None;
        }
        let mut count = [0u16; 128];
        for b in s.bytes() {
            count[usize::from(b)] += 1;
        }
        Some(LetterCounts(count))
    }

    /// A lower bound of the edit distance between the two spellings: each edit adds at most one
    /// letter that the other spelling lacks and removes at most one, so the letters one has more
    /// of than the other, counted either way, take at least that many edits.
    pub(crate) fn apart(&self, other: &LetterCounts) -> usize {
        let (mut more, mut fewer) = (0usize, 0usize);
        for (&a, &b) in self.0.iter().zip(&other.0) {
            more += usize::from(a.saturating_sub(b));
            fewer += usize::from(b.saturating_sub(a));
        }
        more.max(fewer)
    }
}

/// [`LetterCounts::apart`] of two spellings; `None` when either is not ASCII.
pub(crate) fn letters_apart(a: &str, b: &str) -> Option<usize> {
    Some(LetterCounts::of(a)?.apart(&LetterCounts::of(b)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_apart_never_exceeds_the_edit_distance() {
        let seed = include_str!("../../fixtures/001_c043cd201b0f12f7.txt");
        let mut words: Vec<&str> = seed
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 3)
            .collect();
        words.sort_unstable();
        words.dedup();
        words.truncate(400);
        // Titles, spaces and digits included, as the instrument comparison counts them.
        words.extend([
            "",
            "a",
            "convention on the rights of the child",
            "convention on the right of the child",
            "2030 agenda for sustainable development",
            "agenda 2030",
        ]);
        let mut told_apart = 0;
        for a in &words {
            for b in &words {
                let Some(apart) = letters_apart(a, b) else {
                    continue;
                };
                let dist = strsim::levenshtein(a, b);
                assert!(apart <= dist, "{a} {b}: {apart} > {dist}");
                assert_eq!(Some(apart), letters_apart(b, a));
                told_apart += usize::from(apart > 2);
            }
        }
        assert!(told_apart > 1000);
        assert_eq!(letters_apart("MINGEIROU", "MINGIEROU"), Some(0));
        assert_eq!(letters_apart("KALLIOPE", "KALIOPE"), Some(1));
        assert_eq!(letters_apart("abc", "xyz"), Some(3));
        assert_eq!(letters_apart("Côte", "Cote"), None);
    }
}
