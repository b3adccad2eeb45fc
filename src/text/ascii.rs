//! Many bytes of text at a time: which bytes of a `u64` (or of a 64-byte block, as one SIMD
//! vector) are ASCII letters and digits, or a given ASCII byte, found without a branch or a table
//! look-up per byte (records are mostly ASCII, and the word walks read every byte of them).

/// Each byte of a `u64` set to `b`.
pub(super) const fn lanes(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// The top bit of every byte of a `u64`: a byte (lane) is marked by its top bit.
pub(crate) const HIGH: u64 = lanes(0x80);

/// 8 bytes of `bytes` from `at` as a little-endian `u64` (byte `at` in the low lane), zero past
/// the end (a zero byte is neither a letter nor a digit, so the end of a text reads as a
/// separator).
#[inline]
pub(crate) fn load8(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("8 bytes")),
        None => {
            let rest = bytes.get(at..).unwrap_or_default();
            let mut eight = [0u8; 8];
            eight[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(eight)
        }
    }
}

/// For 8 bytes of text, 0x80 in each byte that is an ASCII letter or digit, 0 elsewhere: a
/// byte-wise range test that never carries from one byte into the next, since every byte has
/// its top bit cleared first and no addend exceeds 0x7f.
#[inline]
pub(crate) fn alphanumeric_lanes(x: u64) -> u64 {
    let y = x & !HIGH;
    // A byte of `y + lanes(0x80 - lo)` has its top bit set when the byte is at least `lo`, one
    // of `y + lanes(0x7f - hi)` when it is above `hi`.
    let digit = y.wrapping_add(lanes(0x80 - b'0')) & !y.wrapping_add(lanes(0x7f - b'9'));
    // Setting 0x20 lower-cases a letter and makes no other byte a lower-case letter.
    let z = y | lanes(0x20);
    let letter = z.wrapping_add(lanes(0x80 - b'a')) & !z.wrapping_add(lanes(0x7f - b'z'));
    (digit | letter) & !x & HIGH
}

/// For 8 bytes of text, 0x80 in each byte equal to the ASCII byte `b`, 0 elsewhere (exact: a
/// byte-wise zero test that never carries from one byte into the next).
#[inline]
pub(crate) fn equal_lanes(x: u64, b: u8) -> u64 {
    let y = x ^ lanes(b);
    // A byte's low 7 bits plus 0x7f reach 0x80 unless they are all 0.
    !((y & !HIGH).wrapping_add(!HIGH) | y) & HIGH
}

/// The bytes a block walk reads at a time: one bit of a `u64` each.
pub(crate) const BLOCK: usize = 64;

/// What the 64 bytes of a block are, a bit per byte (bit `k` for byte `at + k`), as
/// [`block_classes`] finds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BlockClasses {
    /// ASCII letters and digits.
    pub alnum: u64,
    /// Bytes that are not ASCII.
    pub high: u64,
    /// The ASCII quotation mark '"' (when asked for: the name-start walk opens quoted titles on it).
    pub quote: u64,
}

/// The classes of the [`BLOCK`] bytes of `bytes` from `at` (zero past the end, as [`load8`]
/// reads them); '"' is marked only when `QUOTES`. One 64-lane vector (`wide`: SSE2's
/// 16-byte compares and byte masks where the target has them, plain lanes elsewhere): over 100
/// archive records, the two block walks took 37 M fewer instructions (4% of a `check`) than
/// with [`alphanumeric_lanes`] applied 8 bytes at a time and gathered into bits.
#[inline(always)]
pub(crate) fn block_classes<const QUOTES: bool>(bytes: &[u8], at: usize) -> BlockClasses {
    use wide::i8x64;
    let block: [u8; BLOCK] = match bytes.get(at..at + BLOCK) {
        Some(block) => block.try_into().expect("a block"),
        None => {
            let rest = bytes.get(at..).unwrap_or_default();
            let mut block = [0u8; BLOCK];
            block[..rest.len()].copy_from_slice(rest);
            block
        }
    };
    let v = i8x64::from(block.map(|b| b as i8));
    let at_least = |x: i8x64, lo: u8| x.simd_gt(i8x64::splat(lo as i8 - 1));
    let at_most = |x: i8x64, hi: u8| x.simd_lt(i8x64::splat(hi as i8 + 1));
    // As signed bytes, a non-ASCII byte is negative: below every ASCII range tested here.
    let digit = at_least(v, b'0') & at_most(v, b'9');
    // Setting 0x20 lower-cases a letter and makes no other byte a lower-case letter.
    let folded = v | i8x64::splat(0x20);
    let letter = at_least(folded, b'a') & at_most(folded, b'z');
    BlockClasses {
        alnum: (digit | letter).to_bitmask(),
        high: v.to_bitmask(),
        quote: if QUOTES {
            v.simd_eq(i8x64::splat(b'"' as i8)).to_bitmask()
        } else {
            0
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lanes of a `u64` marked by their top bit, gathered into its low 8 bits (lane `k` as bit
    /// `k`): the multiplication moves each lane's bit to its own bit of the top byte, and no two
    /// products meet in one bit, so nothing carries.
    #[inline(always)]
    fn gather_lanes(marked: u64) -> u64 {
        ((marked >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
    }

    /// Hands `add` the [`BLOCK`] bytes of `bytes` from `at`, 8 at a time as [`load8`] reads them
    /// (zero past the end), each with its place `k` in the block (bytes `at + 8k ..`): the
    /// reference [`block_classes`] is held to.
    #[inline(always)]
    fn for_each_eight(bytes: &[u8], at: usize, mut add: impl FnMut(usize, u64)) {
        match bytes.get(at..at + BLOCK) {
            Some(block) => {
                for (k, eight) in block.chunks_exact(8).enumerate() {
                    add(k, u64::from_le_bytes(eight.try_into().expect("8 bytes")));
                }
            }
            None => {
                for k in 0..BLOCK / 8 {
                    add(k, load8(bytes, at + 8 * k));
                }
            }
        }
    }

    /// Every byte value in every lane, among neighbours that are letters, digits, the byte
    /// itself and bytes with the top bit set.
    #[test]
    fn lanes_mark_exactly_the_bytes_they_name() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                for fill in [0u8, b'a', b'Z', b'5', b'"', 0x80, 0xff, b] {
                    let mut eight = [fill; 8];
                    eight[lane] = b;
                    let x = u64::from_le_bytes(eight);
                    let expect = |is: fn(u8) -> bool| {
                        u64::from_le_bytes(eight.map(|c| if is(c) { 0x80 } else { 0 }))
                    };
                    assert_eq!(alphanumeric_lanes(x), expect(|c| c.is_ascii_alphanumeric()));
                    assert_eq!(equal_lanes(x, b'"'), expect(|c| c == b'"'));
                    if b < 0x80 {
                        assert_eq!(
                            equal_lanes(x, b),
                            u64::from_le_bytes(eight.map(|c| { if c == b { 0x80 } else { 0 } }))
                        );
                    }
                }
            }
        }
    }

    /// Every byte value at every place of a block, among neighbours of each class, and blocks
    /// cut short by the end of the text: the bits are those the 8-byte lanes give.
    #[test]
    fn block_classes_are_the_lanes_gathered() {
        let by_lanes = |bytes: &[u8], at: usize| {
            let mut classes = BlockClasses {
                alnum: 0,
                high: 0,
                quote: 0,
            };
            for_each_eight(bytes, at, |k, x| {
                classes.alnum |= gather_lanes(alphanumeric_lanes(x)) << (8 * k);
                classes.high |= gather_lanes(x & HIGH) << (8 * k);
                classes.quote |= gather_lanes(equal_lanes(x, b'"')) << (8 * k);
            });
            classes
        };
        for b in 0..=255u8 {
            for fill in [0u8, b'a', b'Z', b'5', b'"', b' ', 0x80, 0xff, b] {
                for place in [0, 1, 15, 16, 31, 47, 62, 63] {
                    let mut bytes = [fill; 2 * BLOCK];
                    bytes[place] = b;
                    bytes[BLOCK + place] = b;
                    for (text, at) in [
                        (&bytes[..], 0),
                        (&bytes[..], BLOCK),
                        (&bytes[..BLOCK + place + 1], BLOCK),
                    ] {
                        let lanes = by_lanes(text, at);
                        assert_eq!(block_classes::<true>(text, at), lanes, "{b:#x} at {place}");
                        let without = block_classes::<false>(text, at);
                        assert_eq!(
                            (without.alnum, without.high, without.quote),
                            (lanes.alnum, lanes.high, 0)
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn loads_are_zero_past_the_end() {
        let text = b"abcdefghij";
        assert_eq!(load8(text, 0), u64::from_le_bytes(*b"abcdefgh"));
        assert_eq!(load8(text, 6), u64::from_le_bytes(*b"ghij\0\0\0\0"));
        assert_eq!(load8(text, 10), 0);
        assert_eq!(load8(text, 12), 0);
    }

    #[test]
    fn gather_lanes_gathers_every_pattern_of_marked_lanes() {
        for pattern in 0..=255u64 {
            let marked = (0..8)
                .filter(|k| pattern >> k & 1 == 1)
                .fold(0, |m, k| m | 0x80 << (8 * k));
            assert_eq!(gather_lanes(marked), pattern);
        }
    }
}
