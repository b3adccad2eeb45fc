//! Tests of the duplicate-paragraph check's fast paths against their references: rolled run
//! hashes, anchors walked back, and the filtered, lazily chained index against the check as it
//! first ran (every paragraph's anchors chained at once, copies of a text found by the text).

use std::collections::HashMap;

use super::*;

/// Every block's least run, repeats in a row dropped: what [`anchor_runs_into`] finds, block by
/// block.
fn anchor_runs_block_by_block(runs: &[u64]) -> Vec<u64> {
    let mut out: Vec<u64> = runs
        .windows(RUNS_PER_BLOCK.min(runs.len()))
        .filter_map(|block| block.iter().min().copied())
        .collect();
    out.dedup();
    out
}

#[test]
fn rolled_run_hashes_are_each_runs_own_polynomial() {
    let mut rolled = Vec::new();
    let mut checked = 0;
    for text in crate::text::seed_texts() {
        for p in text.split("\n\n") {
            let words = crate::text::CompareWords::of(p);
            let words = words.in_span(Span::new(0, p.len()));
            run_hashes_into(words, &mut rolled);
            let each: Vec<u64> = words.windows(OPENING_WORDS).map(run_polynomial).collect();
            assert_eq!(rolled, each, "{p}");
            checked += usize::from(!each.is_empty());
        }
    }
    assert!(checked > 100, "{checked} paragraphs");
    // Words of extreme values, where the wrapping arithmetic carries.
    let mut next = crate::text::xorshift(0x0123_4567_89ab_cdef);
    for len in 0..40usize {
        let words: Vec<u64> = (0..len).map(|i| [u64::MAX, 0, 1, next()][i % 4]).collect();
        run_hashes_into(&words, &mut rolled);
        let each: Vec<u64> = words.windows(OPENING_WORDS).map(run_polynomial).collect();
        assert_eq!(rolled, each, "{words:?}");
    }
}

#[test]
fn anchors_are_the_least_run_of_every_block() {
    let mut scratch: Vec<u64> = Vec::new();
    let mut anchors: Vec<u64> = Vec::new();
    let mut checked = 0;
    // Real paragraphs' runs.
    for text in crate::text::seed_texts() {
        for p in text.split("\n\n") {
            let words = crate::text::CompareWords::of(p);
            let words = words.in_span(Span::new(0, p.len()));
            if words.len() < MIN_WORDS {
                continue;
            }
            let mut runs = Vec::new();
            run_hashes_into(words, &mut runs);
            anchor_runs_into(&runs, &mut scratch, &mut anchors);
            assert_eq!(anchors, anchor_runs_block_by_block(&runs), "{p}");
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} paragraphs");
    // Short and long runs of few distinct values, so that blocks tie and minima repeat.
    let mut next = crate::text::xorshift(0x2545_f491_4f6c_dd1d);
    for round in 0..3000u64 {
        let runs: Vec<u64> = (0..1 + round % 60)
            .map(|_| next() % (2 + round % 9))
            .collect();
        anchor_runs_into(&runs, &mut scratch, &mut anchors);
        assert_eq!(anchors, anchor_runs_block_by_block(&runs), "{runs:?}");
    }
}

/// The check as it first ran: every anchor chained as its paragraph is seen, the anchors of
/// every paragraph looked up, and copies of a whole text found by the normalised text itself.
fn first_copies_eagerly(
    text: &str,
    words: &CompareWords,
    paragraphs: impl IntoIterator<Item = Span>,
) -> Vec<(Span, Span)> {
    let mut out = Vec::new();
    // Earlier distinct paragraphs: span, normalised text, anchor bits.
    let mut seen: Vec<(Span, String, AnchorBits)> = Vec::new();
    let mut by_text: HashMap<String, usize> = HashMap::new();
    let mut holders: HashMap<u64, Vec<usize>> = HashMap::new();
    for span in paragraphs {
        let own = words.in_span(span);
        if own.len() < MIN_WORDS {
            continue;
        }
        let runs: Vec<u64> = own.windows(OPENING_WORDS).map(run_polynomial).collect();
        let anchors = anchor_runs_block_by_block(&runs);
        let bits = AnchorBits::of(&anchors);
        let norm = normalize_for_compare(span.text(text));
        let earlier = by_text.get(&norm).copied().or_else(|| {
            let anchor = anchors
                .iter()
                .min_by_key(|a| holders.get(a).map_or(0, Vec::len))?;
            holders.get(anchor)?.iter().copied().find(|&i| {
                let (_, earlier, their_bits) = &seen[i];
                bits.within(*their_bits) && earlier.len() > norm.len() && earlier.contains(&norm)
            })
        });
        match earlier {
            Some(i) => out.push((span, seen[i].0)),
            None => {
                for a in anchors {
                    let list = holders.entry(a).or_default();
                    if list.last() != Some(&seen.len()) {
                        list.push(seen.len());
                    }
                }
                by_text.insert(norm.clone(), seen.len());
                seen.push((span, norm, bits));
            }
        }
    }
    out
}

/// The spans of a text's paragraphs, parted by blank lines.
fn paragraph_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    for p in text.split("\n\n") {
        spans.push(Span::new(start, start + p.len()));
        start += p.len() + 2;
    }
    spans
}

/// Records of paragraphs drawn from `pieces`, some of them printed again in a later paragraph:
/// whole, in part (a run of its words, or of its characters cutting words at both ends) or with
/// text before or after.
fn records_with_copies(pieces: &[&str], seed: u64, count: usize) -> Vec<String> {
    let drawn = crate::text::random_texts(pieces, seed, 60, count * 12);
    let mut draw = crate::text::xorshift(seed.rotate_left(17) | 1);
    let mut next = move |below: usize| (draw() % below as u64) as usize;
    drawn
        .chunks(12)
        .map(|chunk| {
            let mut record: Vec<String> = Vec::new();
            for fresh in chunk {
                let paragraph = match (record.len(), next(7)) {
                    (0, _) | (_, 0..=1) => fresh.clone(),
                    (n, 2) => record[next(n)].clone(),
                    (n, 3) => {
                        let words: Vec<&str> = record[next(n)].split(' ').collect();
                        let from = next(words.len());
                        let to = from + next(words.len() - from + 1);
                        words[from..to].join(" ")
                    }
                    (n, 4) => format!("{} {fresh}", record[next(n)]),
                    (n, 5) => format!("{fresh} {}", record[next(n)]),
                    (n, _) => {
                        let source = &record[next(n)];
                        let cut =
                            |k: usize| source.char_indices().nth(k).map_or(source.len(), |c| c.0);
                        let from = cut(1 + next(3));
                        let to = source.len()
                            - source[from..]
                                .chars()
                                .rev()
                                .take(next(3))
                                .map(char::len_utf8)
                                .sum::<usize>();
                        source[from..to].to_string()
                    }
                };
                record.push(paragraph);
            }
            record.join("\n\n")
        })
        .collect()
}

#[test]
fn filtered_lazy_index_finds_the_copies_the_eager_one_did() {
    let mut texts = crate::text::seed_texts();
    // Few distinct words, so that runs recur in many paragraphs; and more, so that they seldom
    // do.
    let stock = [
        "the ",
        "Council ",
        "adopted ",
        "resolution ",
        "of ",
        "France ",
        "said ",
    ];
    let varied: Vec<&str> = stock
        .into_iter()
        .chain([
            "Côte ",
            "d’Ivoire ",
            "2023 ",
            "and, ",
            "delegate ",
            "Mr. ",
            "ÉTAT ",
            "peace. ",
            "naïve ",
            "Security ",
            "Assembly ",
            "that ",
            "on ",
            "(",
            ") ",
            "in ",
            "a ",
            "Guinea-Bissau ",
        ])
        .collect();
    texts.extend(records_with_copies(&stock, 0x2545_f491_4f6c_dd1d, 300));
    texts.extend(records_with_copies(&varied, 0x9e37_79b9_7f4a_7c15, 300));
    let (mut found, mut ruled_out) = (0, 0);
    for text in &texts {
        let words = CompareWords::of(text);
        let spans = paragraph_spans(text);
        let expected = first_copies_eagerly(text, &words, spans.iter().copied());
        found += expected.len();
        ruled_out += usize::from(!may_repeat(&words, spans.iter().copied()));
        assert_eq!(first_copies(text, &words, spans), expected, "{text}");
    }
    assert!(found > 1000, "the texts repeat paragraphs: {found}");
    // The filter's answer is what decides: "maybe" everywhere would pass the test above too.
    assert!(ruled_out > 20, "the filter rules records out: {ruled_out}");
}
