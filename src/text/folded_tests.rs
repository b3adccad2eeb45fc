//! Tests of [`FoldedText`]'s bulk walk against the byte-by-byte walk it replaced.

use super::{ASCII_WORD, FoldedText, WordStart, fold_char, for_each_word_start};

/// [`FoldedText::with_lower_starts`] as it was before it read 8 bytes at a time: the reference.
fn fold_byte_by_byte(source: &str, lower_first: &[bool; 256]) -> FoldedText {
    let mut candidate = [false; 256];
    for b in 0..128u8 {
        candidate[b as usize] = b == b'"'
            || b.is_ascii_uppercase()
            || b.is_ascii_digit()
            || (b.is_ascii_lowercase() && lower_first[b as usize]);
    }
    let mut bytes: Vec<u8> = Vec::with_capacity(source.len());
    let mut segments: Vec<(u32, u32, bool)> = Vec::new();
    let mut word_starts: Vec<(u32, WordStart)> = Vec::with_capacity(source.len() / 6);
    let src = source.as_bytes();
    let mut in_word = false;
    let mut after_quote = false;
    let mut i = 0;
    while i < src.len() {
        // ASCII, by far the commonest, in bulk: lower-cased byte for byte.
        let run = src[i..]
            .iter()
            .position(|&b| b >= 0x80)
            .unwrap_or(src.len() - i);
        if run > 0 {
            segments.push((bytes.len() as u32, i as u32, true));
            let base = bytes.len();
            let run_bytes = &src[i..i + run];
            bytes.extend(run_bytes.iter().map(u8::to_ascii_lowercase));
            // Only bytes that may start a name are looked at closely: capitals, digits, the
            // caller's lower-case first letters, and quotation marks (for the word after).
            // A lower-case word right after an opening quote (“political declaration ...”).
            if after_quote && run_bytes[0].is_ascii_lowercase() {
                word_starts.push((base as u32, WordStart::Quoted));
            }
            for (k, &b) in run_bytes.iter().enumerate() {
                if !candidate[b as usize] {
                    continue;
                }
                if b == b'"' {
                    if let Some(&next) = run_bytes.get(k + 1)
                        && next.is_ascii_lowercase()
                    {
                        word_starts.push(((base + k + 1) as u32, WordStart::Quoted));
                    }
                    continue;
                }
                let prev_is_word = if k > 0 {
                    ASCII_WORD[run_bytes[k - 1] as usize]
                } else {
                    in_word
                };
                if prev_is_word {
                    continue;
                }
                if b.is_ascii_uppercase() || b.is_ascii_digit() {
                    word_starts.push(((base + k) as u32, WordStart::Capital));
                } else if !(k == 0 && after_quote) {
                    word_starts.push(((base + k) as u32, WordStart::Lower));
                }
            }
            in_word = ASCII_WORD[run_bytes[run - 1] as usize];
            after_quote = run_bytes[run - 1] == b'"';
            i += run;
            if i >= src.len() {
                break;
            }
        }
        let c = source[i..].chars().next().expect("char boundary");
        let word = c.is_alphanumeric();
        if word && !in_word {
            let kind = if c.is_uppercase() {
                WordStart::Capital
            } else if after_quote {
                WordStart::Quoted
            } else {
                WordStart::Lower
            };
            word_starts.push((bytes.len() as u32, kind));
        }
        in_word = word;
        after_quote = c == '\u{201C}';
        segments.push((bytes.len() as u32, i as u32, false));
        let mut buf = [0u8; 4];
        fold_char(c, |f| {
            bytes.extend_from_slice(f.encode_utf8(&mut buf).as_bytes())
        });
        i += c.len_utf8();
    }
    FoldedText {
        text: String::from_utf8(bytes).expect("folding yields UTF-8"),
        segments,
        source_len: source.len(),
        word_starts,
    }
}

/// Checks the bulk walk against [`fold_byte_by_byte`] on `text` for a few `lower_first` tables.
fn assert_folds_agree(text: &str) {
    let mut some = [false; 256];
    for b in *b"acdhiu" {
        some[b as usize] = true;
    }
    for lower_first in [[true; 256], [false; 256], some] {
        let bulk = FoldedText::with_lower_starts(text, &lower_first);
        let reference = fold_byte_by_byte(text, &lower_first);
        assert_eq!(bulk.text, reference.text, "{text:?}");
        assert_eq!(bulk.segments, reference.segments, "{text:?}");
        assert_eq!(bulk.source_len, reference.source_len, "{text:?}");
        assert_eq!(bulk.word_starts, reference.word_starts, "{text:?}");
        assert_eq!(
            source_starts_in_folded_text(text, &lower_first),
            reference.word_starts,
            "{text:?}"
        );
    }
}

/// The word starts [`for_each_word_start`] gives in the source, each moved to where its
/// character's fold begins in the folded text: they must be the folded walk's.
fn source_starts_in_folded_text(text: &str, lower_first: &[bool; 256]) -> Vec<(u32, WordStart)> {
    let mut folded_at = vec![usize::MAX; text.len() + 1];
    let mut folded_len = 0;
    for (at, c) in text.char_indices() {
        folded_at[at] = folded_len;
        fold_char(c, |f| folded_len += f.len_utf8());
    }
    let mut starts = Vec::new();
    for_each_word_start(text, lower_first, |at, kind| {
        starts.push((folded_at[at] as u32, kind));
    });
    starts
}

#[test]
fn the_bulk_fold_matches_the_byte_walk_on_records() {
    for text in &super::seed_texts() {
        assert_folds_agree(text);
        for line in text.lines() {
            assert_folds_agree(line);
        }
    }
}

#[test]
fn the_bulk_fold_matches_the_byte_walk_at_the_edges() {
    for text in [
        "",
        "a",
        "\"",
        "\"a",
        "a\"",
        "\"\"a",
        "“a",
        "“A",
        "“\"a",
        "“é",
        "x“a b“Ab",
        "“political declaration”, \"draft resolution\" and “Human Rights\"",
        "/0 9: @A Z[ `a z{ \x7f \x10\x19 \x00x",
        "Côte d’Ivoire’s ŠIMONOVIĆ — Straße, 12,5 %; æon… naïve½x ÆON x\u{301}y ",
        "abcdefgé abcdefghé éabcdefgh abcdefg\u{301}h \"abcdefg\"hijklmn\"o",
    ] {
        assert_folds_agree(text);
    }
    // Word starts and quotation marks at every offset of a chunk, and runs ending anywhere.
    for lead in 0..17 {
        for tail in ["", "a", "A", "\"", "\"a", "é", "“a", "’s", " x"] {
            let pad = "ab ".repeat(lead);
            assert_folds_agree(&format!("{pad}Word \"quote\"{tail}"));
            assert_folds_agree(&format!("{}{tail}", &pad[..lead]));
        }
    }
}

#[test]
fn the_bulk_fold_matches_the_byte_walk_on_random_text() {
    let pieces = [
        "a", "Z", "s", "7", " ", ".", "\n", "\"", "“", "”", "é", "É", "ß", "æ", "\u{a0}", "’", "—",
        "½", "\u{301}", "İ", "@", "`", "{", "[", "\x7f", "\x19", "\x00", "ab", "Cd",
    ];
    for text in super::random_texts(&pieces, 0x9e37_79b9_7f4a_7c15, 48, 3000) {
        assert_folds_agree(&text);
    }
}
