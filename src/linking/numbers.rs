//! The table from a word's hash to its number in a meeting's vocabulary, which the meeting's
//! index asks once for every word of every statement: open addressing over the hashes, which are
//! already well mixed, in one array of (hash, number) slots.

/// A slot's number when the slot holds no word.
const EMPTY: u32 = u32::MAX - 1;

/// Word hash → number, for the words of one meeting. A general hash map costs a group probe and
/// an entry per word; here a hit is one multiplication and, mostly, one slot read.
pub(super) struct WordNumbers {
    slots: Vec<(u64, u32)>,
    /// `64 - log2(slots.len())`: a hash's home slot is the top bits of its product with `SPREAD`.
    shift: u32,
    len: usize,
}

/// Spreads a hash's bits into the top ones, which pick its home slot.
const SPREAD: u64 = 0x9e37_79b9_7f4a_7c15;

impl WordNumbers {
    /// Room for about `words` words before the table grows.
    pub(super) fn with_capacity(words: usize) -> WordNumbers {
        let size = (words * 2).max(16).next_power_of_two();
        WordNumbers {
            slots: vec![(0, EMPTY); size],
            shift: 64 - size.trailing_zeros(),
            len: 0,
        }
    }

    #[inline]
    fn home(&self, hash: u64) -> usize {
        (hash.wrapping_mul(SPREAD) >> self.shift) as usize
    }

    /// The number of `hash`, numbered by `number` (which must not return `u32::MAX - 1`) the
    /// first time it is asked.
    #[inline]
    pub(super) fn get_or_insert_with(&mut self, hash: u64, number: impl FnOnce() -> u32) -> u32 {
        let mask = self.slots.len() - 1;
        let mut at = self.home(hash);
        loop {
            let (h, n) = self.slots[at];
            if n == EMPTY {
                break;
            }
            if h == hash {
                return n;
            }
            at = (at + 1) & mask;
        }
        let n = number();
        debug_assert_ne!(n, EMPTY);
        self.slots[at] = (hash, n);
        self.len += 1;
        // At most half full, so that probes stay short.
        if self.len * 2 > self.slots.len() {
            self.grow();
        }
        n
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        *self = WordNumbers::with_capacity(old.len());
        let mask = self.slots.len() - 1;
        for (hash, n) in old.into_iter().filter(|s| s.1 != EMPTY) {
            let mut at = self.home(hash);
            while self.slots[at].1 != EMPTY {
                at = (at + 1) & mask;
            }
            self.slots[at] = (hash, n);
            self.len += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHashMap;

    /// Against a hash map, on few and many distinct hashes (so probes run past taken slots),
    /// through several growths, with 0 and `u64::MAX` among the keys.
    #[test]
    fn numbers_are_those_a_hash_map_gives() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
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
            assert_eq!(table.len, reference.len());
            assert!(table.len * 2 <= table.slots.len());
        }
    }
}
