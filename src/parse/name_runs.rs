//! The byte readings both name patterns share (a speaker's name in capitals, a full name in
//! prose): white space as `\s` reads it, and runs of a word's class over ASCII bytes and the
//! two marks names hold, each telling when a non-ASCII character leaves the pattern to decide.

/// White space as `\s` reads it among ASCII bytes (with the vertical tab, unlike
/// `u8::is_ascii_whitespace`).
pub(super) fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Where the run of bytes of `class` from `from` ends; `None` when it stops at a non-ASCII
/// byte, whose character might be of the class.
pub(super) fn ascii_run(s: &[u8], from: usize, class: impl Fn(u8) -> bool) -> Option<usize> {
    let end = s[from..]
        .iter()
        .position(|&b| !class(b))
        .map_or(s.len(), |k| from + k);
    match s.get(end) {
        Some(b) if !b.is_ascii() => None,
        _ => Some(end),
    }
}

/// Where a run of a name word's `class` from `from` ends, reading over the two characters both
/// name patterns hold in their words beside the ASCII ones and that prose often puts there
/// (the apostrophe ’ of "Council’s", the non-breaking hyphen of "Jean‑Marc"); `None` when it
/// stops at another non-ASCII byte, whose character might be of the class.
pub(super) fn name_word_run(s: &[u8], from: usize, class: impl Fn(u8) -> bool) -> Option<usize> {
    let mut at = from;
    loop {
        let end = s[at..]
            .iter()
            .position(|&b| !class(b))
            .map_or(s.len(), |k| at + k);
        if starts_with_word_mark(&s[end..]) {
            at = end + WORD_MARK_LEN;
            continue;
        }
        return match s.get(end) {
            Some(b) if !b.is_ascii() => None,
            _ => Some(end),
        };
    }
}

/// The length of each of the marks [`starts_with_word_mark`] tells.
pub(super) const WORD_MARK_LEN: usize = 3;

/// Whether `s` opens with the apostrophe ’ (U+2019) or the non-breaking hyphen (U+2011): in a
/// name word's class, and neither white space nor a letter.
pub(super) fn starts_with_word_mark(s: &[u8]) -> bool {
    matches!(s, [0xE2, 0x80, 0x91 | 0x99, ..])
}

/// A capital at `i` and the run of `class` after it (with the marks [`name_word_run`] reads
/// over), read as ASCII: its end, `Some(None)` when no capital is at `i`, `None` when a
/// non-ASCII character decides (the start of the name patterns' words, `NAME`'s and the full
/// names').
pub(super) fn capitalised_run(
    s: &[u8],
    i: usize,
    class: impl Fn(u8) -> bool,
) -> Option<Option<usize>> {
    match s.get(i) {
        Some(b) if b.is_ascii_uppercase() => {}
        Some(b) if !b.is_ascii() => return None,
        _ => return Some(None),
    }
    name_word_run(s, i + 1, class).map(Some)
}
