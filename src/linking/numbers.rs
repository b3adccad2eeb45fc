//! The table from a word's hash to its number in a meeting's vocabulary, which the meeting's
//! index asks once for every word of every statement: a hash map keyed by the hashes as they
//! are, since they are already well mixed.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A map keyed by word hashes, which hashes them as they are (see [`AsHashed`]).
pub(super) type WordMap<V> = HashMap<u64, V, BuildHasherDefault<AsHashed>>;

/// Word hash → number, for the words of one meeting.
pub(super) struct WordNumbers {
    numbers: WordMap<u32>,
}

/// A hasher that hands a `u64` key back as its hash: a word's hash is already mixed, and
/// hashing it again cost a share of every look-up.
#[derive(Default)]
pub(super) struct AsHashed(u64);

impl Hasher for AsHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed here; anything else is folded in plainly.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl WordNumbers {
    /// Room for about `words` words before the table grows.
    pub(super) fn with_capacity(words: usize) -> WordNumbers {
        WordNumbers {
            numbers: HashMap::with_capacity_and_hasher(words, Default::default()),
        }
    }

    /// The number of `hash`, numbered by `number` the first time it is asked.
    #[inline]
    pub(super) fn get_or_insert_with(&mut self, hash: u64, number: impl FnOnce() -> u32) -> u32 {
        *self.numbers.entry(hash).or_insert_with(number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHashMap;

    /// Against a hash map with its own hashing, on few and many distinct hashes, through
    /// several growths, with 0 and `u64::MAX` among the keys.
    #[test]
    fn numbers_are_those_a_hash_map_gives() {
        let mut next = crate::text::xorshift(0x2545_f491_4f6c_dd1d);
        for pool in [8u64, 300, 5000] {
            let mut table = WordNumbers::with_capacity(4);
            let mut reference: FxHashMap<u64, u32> = FxHashMap::default();
            for k in 0..20_000 {
                let r = next();
                let hash = match k % 4 {
                    0 => r % pool,
                    1 => u64::MAX - r % 3,
                    _ => r % (pool * 1000),
                };
                let fresh = reference.len() as u32 + (k % 2) * 7;
                let want = *reference.entry(hash).or_insert(fresh);
                let got = table.get_or_insert_with(hash, || fresh);
                assert_eq!(got, want, "{hash:#x} in pool {pool}");
            }
            assert_eq!(table.numbers.len(), reference.len());
        }
    }
}
