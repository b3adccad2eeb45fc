//! Which four folded bytes a name or title can begin with, as a bit table: the scan passes over
//! most word starts ("The", "Member", "2017", "of") without stepping the automaton at all.

use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

/// Bits in the table. The data's patterns give some 500 keys, which set about 3% of them: a word
/// start that begins no name passes the table by accident that rarely.
const BITS: usize = 1 << 14;

/// Bit 0x20 of every byte. Set, it turns an ASCII capital into its lower-case letter, as folding
/// does, and leaves lower-case letters, digits and the space alone; the few other bytes it
/// changes only meet another byte's key, which costs a needless walk, never a missed name.
const CASELESS: u32 = 0x2020_2020;

/// The top bit of every byte: any of them set means a byte that is not ASCII.
const NOT_ASCII: u32 = 0x8080_8080;

/// The keys of the patterns' first four folded bytes (of a shorter pattern, its whole text).
pub(super) struct NamePrefixes {
    bits: Box<[u64; BITS / 64]>,
    /// Bit `n` set when some pattern is `n` (below 4) bytes long.
    short_lens: u8,
}

/// The low `len` bytes of a `u32`.
fn low_bytes(len: usize) -> u32 {
    if len >= 4 {
        u32::MAX
    } else {
        (1u32 << (8 * len)) - 1
    }
}

impl NamePrefixes {
    /// The table of these folded patterns.
    pub(super) fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Self {
        let mut prefixes = NamePrefixes {
            bits: Box::new([0; BITS / 64]),
            short_lens: 0,
        };
        for pattern in patterns {
            let bytes = pattern.as_bytes();
            let len = bytes.len().min(4);
            if len < 4 {
                prefixes.short_lens |= 1 << len;
            }
            let mut four = [0u8; 4];
            four[..len].copy_from_slice(&bytes[..len]);
            let key = (u32::from_le_bytes(four) | CASELESS) & low_bytes(len);
            let bit = Self::bit(key);
            prefixes.bits[bit / 64] |= 1 << (bit % 64);
        }
        prefixes
    }

    #[inline]
    fn bit(key: u32) -> usize {
        FxBuildHasher.hash_one(key) as usize % BITS
    }

    #[inline]
    fn has(&self, key: u32) -> bool {
        let bit = Self::bit(key);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Whether a pattern may begin at byte `at` of `bytes`, folded as the scan folds. False only
    /// when the four bytes from there are ASCII (each folds to itself in lower case) and begin
    /// no pattern, nor do their first one, two or three bytes spell a whole pattern: then no
    /// pattern begins there. Anything else (the text's end near, a character that folds to
    /// several bytes or to none) is left to the automaton.
    #[inline]
    pub(super) fn may_begin(&self, bytes: &[u8], at: usize) -> bool {
        let Some(four) = bytes.get(at..at.saturating_add(4)) else {
            return true;
        };
        let text = u32::from_le_bytes(four.try_into().expect("4 bytes"));
        if text & NOT_ASCII != 0 {
            return true;
        }
        let key = text | CASELESS;
        self.has(key)
            || (self.short_lens != 0
                && (1..4)
                    .any(|len| self.short_lens & (1 << len) != 0 && self.has(key & low_bytes(len))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where `may_begin` must hold: every pattern as written in any case, alone and followed by
    /// more text.
    fn assert_passes_its_patterns(prefixes: &NamePrefixes, patterns: &[&str]) {
        for pattern in patterns {
            for written in [
                pattern.to_string(),
                pattern.to_ascii_uppercase(),
                format!("{pattern} and more"),
                format!("{}x", pattern.to_ascii_uppercase()),
            ] {
                assert!(prefixes.may_begin(written.as_bytes(), 0), "{written:?}");
                let shifted = format!(". {written}");
                assert!(prefixes.may_begin(shifted.as_bytes(), 2), "{shifted:?}");
            }
        }
    }

    #[test]
    fn a_pattern_always_passes_and_most_other_words_do_not() {
        let patterns = [
            "greece",
            "united nations",
            "2030 agenda",
            "who",
            "eu",
            "cote d'ivoire",
            "former yugoslav republic of macedonia",
        ];
        let prefixes = NamePrefixes::new(patterns);
        assert_passes_its_patterns(&prefixes, &patterns);
        let others = [
            "The ", "Member", "States", "In ", "2017", "of the", "For ", "Unite", "Gree",
        ];
        let passed = others
            .iter()
            .filter(|w| prefixes.may_begin(w.as_bytes(), 0))
            .count();
        // "Unite" shares "unit" with a pattern; "Gree" with "greece". A few more may pass by a
        // collision of their keys, but not most.
        assert!((2..=4).contains(&passed), "{passed}");
        // Not ASCII, or too near the end: left to the automaton.
        for unsure in ["Côte", "Ünit", "“Gre", "The", "Gr", ""] {
            assert!(prefixes.may_begin(unsure.as_bytes(), 0), "{unsure:?}");
        }
    }

    #[test]
    fn short_patterns_pass_whatever_follows_them() {
        let patterns = ["a", "bc", "def", "ghij"];
        let prefixes = NamePrefixes::new(patterns);
        assert_eq!(prefixes.short_lens, 0b1110);
        assert_passes_its_patterns(&prefixes, &patterns);
        for text in ["A...", "Bc9z", "DEF-", "defx", "Ghij"] {
            assert!(prefixes.may_begin(text.as_bytes(), 0), "{text:?}");
        }
        assert!(!NamePrefixes::new(["ghij"]).may_begin(b"bc d", 0));
    }
}
