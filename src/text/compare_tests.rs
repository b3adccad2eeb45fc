//! Tests of the comparison walk: the block walk against the byte-wise and char-by-char
//! references, on the seed records and random texts.

use super::*;

/// Both hashes, the final "s" and the OR of the bytes, for every length at every offset
/// of a text, against [`hash_cased`] word by word.
#[test]
fn one_read_gives_both_hashes_of_every_length_at_every_offset() {
    let text = b"abcdefghSIJKLMNOPqrs0123456789stuvwxyzABs";
    for case in [0, 0x20] {
        for start in 0..text.len() {
            for end in start + 1..=text.len() {
                let (hash, stem, ends_in_s, seen) = hashes_and_shape(text, start, end, case);
                assert_eq!(hash, hash_cased(text, start, end, case));
                assert_eq!(ends_in_s, text[end - 1] | case == b's');
                let want_stem = if ends_in_s {
                    hash_cased(text, start, end - 1, case)
                } else {
                    hash
                };
                assert_eq!(stem, want_stem, "{start}..{end}");
                let or = text[start..end].iter().fold(0, |o, b| o | b | case);
                assert_eq!(seen.to_le_bytes().iter().fold(0, |o, b| o | b), or);
            }
        }
    }
}

/// `normalize_for_compare` character by character, as it was before its ASCII fast path.
fn normalize_slowly(s: &str) -> String {
    let mut out = String::new();
    let mut pending_space = false;
    for c in s.chars() {
        fold_char(c, |f| {
            if f.is_alphanumeric() {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(f);
            } else {
                pending_space = true;
            }
        });
    }
    out
}

#[test]
fn normalize_for_compare_matches_char_by_char_folding_on_the_seeds() {
    for seed in [
        include_str!("../../fixtures/000_ad5e1fdf5d9536eb.txt"),
        include_str!("../../fixtures/003_1ccf80f226d00912.txt"),
        "“Côte d’Ivoire’s” ŠIMONOVIĆ — Straße, 12,5 %; æon…",
        "",
        "...",
    ] {
        assert_eq!(normalize_for_compare(seed), normalize_slowly(seed));
        for line in seed.lines() {
            assert_eq!(normalize_for_compare(line), normalize_slowly(line));
        }
    }
}

#[test]
fn compare_word_hashes_split_as_normalize_for_compare_does() {
    let hash_words = |norm: &str| -> Vec<u64> {
        norm.split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| compare_word_hashes(w)[0])
            .collect()
    };
    for seed in [
        include_str!("../../fixtures/001_c043cd201b0f12f7.txt"),
        "“Côte d’Ivoire’s” ŠIMONOVIĆ — Straße, 12,5 %; æon…",
        "",
    ] {
        for line in seed.lines().chain([seed]) {
            assert_eq!(
                compare_word_hashes(line),
                hash_words(&normalize_for_compare(line))
            );
        }
    }
    assert_ne!(compare_word_hashes("peace"), compare_word_hashes("peach"));
    let words = CompareWords::of("Côte 2024 laws");
    let law = compare_word_hashes("law")[0];
    let shape = |len, digits, ends_in_s, without_final_s| WordShape {
        len,
        digits,
        ends_in_s,
        without_final_s,
    };
    assert_eq!(
        words.shapes,
        [
            shape(4, false, false, words.hashes[0]),
            shape(4, true, false, words.hashes[1]),
            shape(4, false, true, law)
        ]
    );
    // Longer words hash 8 bytes at a time: every byte still counts.
    let long =
        compare_word_hashes("internationalisation internationalisatioN internationalisatiom");
    assert_eq!(long[0], long[1]);
    assert_ne!(long[0], long[2]);
}

/// The hash of a word's folded bytes as it was first written, copying the last few bytes
/// into a zero-padded chunk: the reference for [`hash_cased`].
fn word_hash(word: &[u8]) -> u64 {
    let mut h = word.len() as u64;
    let mut chunks = word.chunks_exact(8);
    for c in &mut chunks {
        let bytes: [u8; 8] = c.try_into().expect("chunks of 8");
        h = (h.rotate_left(5) ^ u64::from_le_bytes(bytes)).wrapping_mul(MIX);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut bytes = [0u8; 8];
        bytes[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(bytes)).wrapping_mul(MIX);
    }
    h ^ (h >> 29)
}

/// The words as `fold_char` cuts them, one character at a time, with their starts and
/// shapes: the reference for the bulk walk of [`CompareWords::of`].
fn words_char_by_char(s: &str) -> (Vec<u64>, Vec<u32>, Vec<WordShape>) {
    let (mut hashes, mut starts, mut shapes) = (Vec::new(), Vec::new(), Vec::new());
    let mut word = String::new();
    let mut end_word = |word: &mut String| {
        if word.is_empty() {
            return;
        }
        let hash = word_hash(word.as_bytes());
        let stem = word.strip_suffix('s');
        hashes.push(hash);
        shapes.push(WordShape {
            len: word.len() as u32,
            digits: word.bytes().all(|b| b.is_ascii_digit()),
            ends_in_s: stem.is_some(),
            without_final_s: stem.map_or(hash, |w| word_hash(w.as_bytes())),
        });
        word.clear();
    };
    for (at, c) in s.char_indices() {
        fold_char(c, |f| {
            if f.is_alphanumeric() {
                if word.is_empty() {
                    starts.push(at as u32);
                }
                word.push(f);
            } else {
                end_word(&mut word);
            }
        });
    }
    end_word(&mut word);
    (hashes, starts, shapes)
}

/// Checks the bulk walk against [`words_char_by_char`] on `text`, and
/// `normalize_for_compare` against [`normalize_slowly`].
fn assert_walks_agree(text: &str) {
    let words = CompareWords::of(text);
    let (hashes, starts, shapes) = words_char_by_char(text);
    assert_eq!(words.hashes, hashes, "{text:?}");
    assert_eq!(words.starts, starts, "{text:?}");
    assert_eq!(words.shapes, shapes, "{text:?}");
    assert_eq!(
        normalize_for_compare(text),
        normalize_slowly(text),
        "{text:?}"
    );
}

#[test]
fn the_bulk_walk_cuts_words_as_the_char_walk_does() {
    for text in [
        include_str!("../../fixtures/001_c043cd201b0f12f7.txt"),
        include_str!("../../fixtures/003_1ccf80f226d00912.txt"),
        "“Côte d’Ivoire’s” ŠIMONOVIĆ — Straße, 12,5 %; æon… naïve½x ÆON x\u{301}y ",
        "é",
        "",
        // Bytes either side of the ASCII letter and digit ranges, and control bytes that
        // look like digits once 0x20 is set.
        "/0 9: @A Z[ `a z{ \x7f \x10\x19 \x00x",
        "LAWS Laws lawS s S 1990s 2024 12a a12 xs\u{a0}Xs’ s\u{2011}S",
        // Words mixing ASCII and accented letters, at and across chunk boundaries.
        "abcdefgé abcdefghé éabcdefgh abcdefg\u{301}h NAÏVEs ŒUVRES Straßes 1½s",
    ] {
        assert_walks_agree(text);
    }
}

#[test]
fn the_bulk_walk_cuts_words_of_every_length_at_every_offset() {
    let letters = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789S";
    for lead in 0..9 {
        for len in 1..=letters.len() {
            let word = &letters[..len];
            for tail in ["", " ", "s", "é", "\u{a0}", "’s", "-x"] {
                let text = format!("{}{word}{tail}", " ".repeat(lead));
                assert_walks_agree(&text);
                assert_walks_agree(&format!("{text} {word}s {word}"));
            }
        }
    }
}

#[test]
fn the_bulk_walk_agrees_on_random_text() {
    let pieces = [
        "a", "Z", "s", "S", "7", " ", ".", "\n", "é", "É", "ß", "æ", "\u{a0}", "’", "“", "—",
        "\u{2011}", "½", "⁰", "\u{301}", "ı", "Ł", "@", "`", "{", "[", "\x7f", "\x19",
    ];
    for text in crate::text::random_texts(&pieces, 0x2545_f491_4f6c_dd1d, 40, 3000) {
        assert_walks_agree(&text);
    }
}

#[test]
fn the_separators_skipped_unfolded_fold_to_no_letter_or_digit() {
    let chars = ('\u{2000}'..='\u{203f}').chain(['\u{a0}']);
    for c in chars {
        let mut buf = [0u8; 4];
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        assert_eq!(separator_len(bytes), bytes.len(), "{c:?}");
        fold_char(c, |f| assert!(!f.is_alphanumeric(), "{c:?} folds to {f:?}"));
    }
    for c in ['\u{a1}', '\u{aa}', '\u{2040}', '\u{2070}', 'é'] {
        let mut buf = [0u8; 4];
        assert_eq!(
            separator_len(c.encode_utf8(&mut buf).as_bytes()),
            0,
            "{c:?}"
        );
    }
}

#[test]
fn a_records_words_sliced_by_paragraph_are_the_paragraphs_own() {
    for seed in [
        include_str!("../../fixtures/000_ad5e1fdf5d9536eb.txt"),
        include_str!("../../fixtures/002_c8db3da65464a602.txt"),
        "“Côte d’Ivoire’s” ŠIMONOVIĆ — Straße\n\n12,5 %; æon…\n",
    ] {
        let all = CompareWords::of(seed);
        // Paragraphs as blank lines part them, trimmed, and runs of them (as statements are).
        let mut paragraphs = Vec::new();
        let mut at = 0;
        for block in seed.split("\n\n") {
            let lead = block.len() - block.trim_start().len();
            let span = Span::new(at + lead, at + block.trim_end().len());
            if !span.is_empty() {
                paragraphs.push(span);
            }
            at += block.len() + 2;
        }
        assert!(paragraphs.len() > 1);
        for (i, p) in paragraphs.iter().enumerate() {
            assert_eq!(all.in_span(*p), compare_word_hashes(p.text(seed)));
            let run = Span::new(p.start, paragraphs[(i + 2).min(paragraphs.len() - 1)].end);
            assert_eq!(all.in_span(run), compare_word_hashes(run.text(seed)));
        }
    }
}

/// Words as a walk hands them out: where each starts, and its folded bytes.
type WalkedWords = Vec<(usize, Vec<u8>)>;

/// The words [`for_each_word`] hands out, and the byte-wise walk's.
fn both_walks(text: &str) -> (WalkedWords, WalkedWords) {
    let collect = |out: &mut Vec<(usize, Vec<u8>)>, start: usize, word: Word<'_>| {
        let mut folded = Vec::new();
        word.fold_into(&mut folded);
        out.push((start, folded));
    };
    let mut blocks = Vec::new();
    for_each_word(text, |start, word| collect(&mut blocks, start, word));
    let mut bytewise = Vec::new();
    ByteWalk::all_words(text, |start, word| collect(&mut bytewise, start, word));
    (blocks, bytewise)
}

/// Words across the 64-byte blocks: runs that reach a block's end or start in one and end in
/// the next, separators and accented letters straddling a boundary, at every offset.
#[test]
fn the_block_walk_cuts_words_across_block_boundaries() {
    let tails = ["", " ", "é", "\u{a0}", "’s", "—x", "½", "«a»", "x\u{301}y"];
    for lead in 0..2 * BLOCK + 3 {
        for word in ["a", "Zs", "abcdefghijk", &"q".repeat(70), "é", "naïve"] {
            for tail in tails {
                let text = format!("{}{word}{tail} {word}", ".".repeat(lead));
                let (blocks, bytewise) = both_walks(&text);
                assert_eq!(blocks, bytewise, "{text:?}");
                assert_walks_agree(&text);
            }
        }
    }
}

/// Long random texts (hundreds of pieces, so many blocks), against both references.
#[test]
fn the_block_walk_agrees_on_long_random_text() {
    let letters = ["a", "Z", "s", "S", "7", "é", "É", "ß", "½", "\u{301}", "ı"];
    let others = [
        " ", ".", "\n", "\u{a0}", "’", "“", "—", "\u{2011}", "@", "{", "\x7f",
    ];
    let runs = [
        "peace",
        "Security Council ",
        "        ",
        "--------",
        "Côte d’Ivoire",
    ];
    let pieces: Vec<&str> = letters.into_iter().chain(others).chain(runs).collect();
    for text in crate::text::random_texts(&pieces, 0x9e37_79b9_7f4a_7c15, 400, 300) {
        let (blocks, bytewise) = both_walks(&text);
        assert_eq!(blocks, bytewise, "{text:?}");
        assert_walks_agree(&text);
    }
    for seed in crate::text::seed_texts() {
        let (blocks, bytewise) = both_walks(&seed);
        assert_eq!(blocks, bytewise);
        assert_walks_agree(&seed);
    }
}
