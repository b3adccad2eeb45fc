//! Tests of the counting walk of [`MeetingIndex::build`] against the plain counting it replaced:
//! a hash map per statement, its words sorted by number.

use std::collections::BTreeMap;

use super::*;

/// The meeting's statements counted plainly: word numbers in the order the words' content keys
/// first appear, each statement's words by a sorted map.
fn count_words_plainly(docs: &[(FileId, &Document)]) -> Counted {
    let mut by_entity: FxHashMap<usize, Vec<u32>> = FxHashMap::default();
    let mut counted = Counted {
        statements: Vec::new(),
        by_entity: EntityStatements::default(),
        vocabulary: WordMap::default(),
        bags: Bags::with_capacity(0, 0),
        df: Vec::new(),
    };
    for &(f, doc) in docs {
        for (i, st) in doc.record.statements.iter().enumerate() {
            if let Some(e) = doc.statement_entity(i) {
                let at = counted.statements.len() as u32;
                by_entity.entry(e).or_default().push(at);
            }
            counted.statements.push(StatementRef {
                file: f,
                statement: i,
            });
            let mut bag: BTreeMap<u32, f64> = BTreeMap::new();
            let (hashes, shapes) = doc.compare_words().words_in(st.span);
            for (&h, &shape) in hashes.iter().zip(shapes) {
                let Some(key) = content_key(h, shape) else {
                    continue;
                };
                let next = counted.vocabulary.len() as u32;
                let id = *counted.vocabulary.entry(key).or_insert(next);
                if id == next {
                    counted.df.push(0);
                }
                *bag.entry(id).or_default() += 1.0;
            }
            for &w in bag.keys() {
                counted.df[w as usize] += 1;
            }
            for (w, count) in bag {
                counted.bags.push(w, count as u32);
            }
            counted.bags.end_bag();
        }
    }
    // By entity ascending, each entity's statements in order.
    let mut entities: Vec<usize> = by_entity.keys().copied().collect();
    entities.sort();
    for e in entities {
        for &i in &by_entity[&e] {
            counted.by_entity.entities.push(e);
            counted.by_entity.statements.push(i);
        }
    }
    counted
}

fn assert_counted_alike(ws: &Workspace, members: &[FileId]) -> usize {
    let docs: Vec<(FileId, &Document)> = members.iter().map(|&f| (f, ws.get(f).unwrap())).collect();
    let fast = count_words(&docs);
    let plain = count_words_plainly(&docs);
    assert_eq!(fast.statements, plain.statements);
    assert_eq!(fast.by_entity, plain.by_entity);
    // Each entity's statements, as plain counting lists them.
    let plain_pairs: Vec<(usize, u32)> = (plain.by_entity.entities.iter().copied())
        .zip(plain.by_entity.statements.iter().copied())
        .collect();
    for &(e, _) in &plain_pairs {
        let of_e: Vec<u32> = plain_pairs
            .iter()
            .filter(|p| p.0 == e)
            .map(|p| p.1)
            .collect();
        assert_eq!(fast.by_entity.of(e), of_e.as_slice());
    }
    assert_eq!(fast.by_entity.of(usize::MAX), &[] as &[u32]);
    assert_eq!(fast.vocabulary, plain.vocabulary);
    assert_eq!(fast.bags, plain.bags);
    assert_eq!(fast.df, plain.df);
    fast.vocabulary.len()
}

#[test]
fn the_counting_walk_counts_the_fixture_meetings_as_plain_counting_does() {
    let ws = crate::linking::tests::fixture_workspace();
    let mut largest = 0;
    for (f, _) in ws.documents() {
        largest = largest.max(assert_counted_alike(&ws, &ws.meeting_of(f)));
        let index = MeetingIndex::of_meeting(&ws, f);
        assert_eq!(index.bounds().mass, mass_plainly(&index));
    }
    // Word numbers over several blocks of 64.
    assert!(largest > 500, "{largest}");
}

#[test]
fn the_counting_walk_counts_generated_meetings_as_plain_counting_does() {
    let mut draw = crate::text::xorshift(0x9e37_79b9_7f4a_7c15);
    let mut below = |n: usize| (draw() % n as u64) as usize;
    for round in 0..20 {
        let vocabulary = 1 + below(400);
        let mut text =
            String::from("Seventy-sixth Session,\n38th Meeting (AM)\n\nTitle\n\nStatements\n\n");
        for _ in 0..1 + below(50) {
            let words: Vec<String> = (0..below(80))
                .map(|_| match below(10) {
                    0 => "the".to_string(),
                    1 => format!("{}", below(3000)),
                    2 => format!("Law{}s", below(vocabulary)),
                    _ => format!("word{}", below(vocabulary)),
                })
                .collect();
            text.push_str(&format!(
                "ANA KARO (Peru) said that {}.\n\n",
                words.join(" ")
            ));
        }
        let mut ws = Workspace::default();
        let file = ws.upsert(&format!("g{round}.txt"), text);
        assert_counted_alike(&ws, &[file]);
    }
}

/// [`Bounds::mass`] as it was computed, from the index's postings: each entry's band
/// found from its word's document frequency.
fn mass_plainly(index: &MeetingIndex) -> Vec<f64> {
    let n = index.statements.len();
    // The bags again, each statement's words ascending.
    let mut bags: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    for w in 0..index.df.len() as u32 {
        for &(i, weight) in index.postings.of(w) {
            bags[i as usize].push((w, weight));
        }
    }
    let bands = df_band(n as u32) + 1;
    let mut mass = vec![0.0f64; bands];
    for (bag, &inv) in bags.iter().zip(&index.inv_norms) {
        let mut by_band = vec![0.0f64; bands];
        for &(w, weight) in bag {
            by_band[df_band(index.df[w as usize])] += weight * weight;
        }
        let mut sum = 0.0;
        for j in (0..bands).rev() {
            sum += by_band[j];
            mass[j] = mass[j].max(sum.sqrt() * inv);
        }
    }
    mass
}
