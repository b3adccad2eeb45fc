//! The hand-written JSON lines of annotate's rows held to serde_json's, and the positions read
//! in order held to [`pos`], on the seeds and on random texts.

use super::*;
use crate::features::annotate::Party;
use crate::record::PartyKind;

/// Pieces of text that JSON escapes, or nearly does, among ordinary ones.
const PIECES: [&str; 16] = [
    "a", "Z", " ", "\"", "\\", "\n", "\r", "\r\n", "\t", "\u{1}", "\u{1f}", "\u{7f}", "é", "—",
    "’", "𝒜",
];

/// The hand-written lines, which must be UTF-8.
fn lines_of(rows: &[AnnotationRow]) -> String {
    String::from_utf8(json_lines(rows)).expect("the lines are UTF-8")
}

/// The reference: each row through serde_json, one per line.
fn serde_json_lines(rows: &[AnnotationRow]) -> String {
    rows.iter()
        .map(|row| serde_json::to_string(row).unwrap() + "\n")
        .collect()
}

#[test]
fn kinds_are_spelled_as_serde_spells_them() {
    for kind in AnnotationKind::ALL {
        assert_eq!(
            serde_json::to_string(&kind).unwrap(),
            format!("\"{}\"", kind.as_str())
        );
    }
}

#[test]
fn seed_rows_are_written_as_serde_json_writes_them() {
    let mut ws = Workspace::default();
    let names = ["fixtures/plain.txt", "odd \"dir\"\\x\u{1}é.txt"];
    let mut ids = Vec::new();
    for (i, text) in crate::text::seed_texts().into_iter().enumerate() {
        let name = format!("{}{i}", names[i % names.len()]);
        ids.push(ws.upsert(&name, text));
    }
    let mut attributions = 0;
    for &id in &ids {
        let rows = annotations(&ws, &[id]);
        attributions += rows.iter().filter(|r| r.attribution.is_some()).count();
        assert_eq!(lines_of(&rows), serde_json_lines(&rows));
    }
    // All of a workspace's rows at once: several paths in one buffer.
    let rows = annotations(&ws, &ids);
    assert_eq!(lines_of(&rows), serde_json_lines(&rows));
    assert!(
        attributions > 20,
        "the seeds credit parties: {attributions}"
    );
}

#[test]
fn random_rows_are_written_as_serde_json_writes_them() {
    let texts = crate::text::random_texts(&PIECES, 0x9e37_79b9_7f4a_7c15, 12, 3000);
    let mut next = crate::text::xorshift(0x2545_f491_4f6c_dd1d);
    let mut pick = |n: usize| (next() % n as u64) as usize;
    let text = |i: usize| texts[i % texts.len()].as_str();
    let kinds = [
        PartyKind::Country,
        PartyKind::Person,
        PartyKind::Official,
        PartyKind::Organization,
        PartyKind::Observer,
        PartyKind::Petitioner,
    ];
    let mut rows = Vec::new();
    for i in 0..texts.len() {
        let party = |j: usize| Party {
            who: text(i + j).to_string(),
            key: j.is_multiple_of(2).then(|| text(i + 2 * j).to_string()),
        };
        let attribution = (pick(3) == 0).then(|| CreditRow {
            who: (pick(4) > 0).then(|| text(i + 1).to_string()),
            who_kind: (pick(4) > 0).then(|| kinds[pick(kinds.len())]),
            statement: (pick(2) == 0).then(|| StatementAt {
                path: text(i + 5).to_string(),
                line: pick(1 << 20),
            }),
            with: (0..pick(3)).map(party).collect(),
            on_behalf: (1..pick(4)).map(party).collect(),
        });
        rows.push(AnnotationRow {
            path: text(i / 7),
            kind: AnnotationKind::ALL[pick(AnnotationKind::ALL.len())],
            text: text(i),
            key: (pick(3) > 0).then(|| text(i + 3).to_string()),
            line: pick(100),
            column: [0, 1, 9, 10, 99, 100, usize::MAX][pick(7)],
            end_line: pick(1 << 30),
            end_column: pick(1000),
            start: pick(usize::MAX),
            end: i,
            attribution,
        });
    }
    for chunk in rows.chunks(37) {
        assert_eq!(lines_of(chunk), serde_json_lines(chunk));
    }
}

/// Every offset of the text (and past it) in increasing order, then in a scrambled one.
fn positions_agree(doc: &Document, next: &mut impl FnMut() -> u64) {
    let len = doc.text.len();
    let mut ordered = Positions::new(doc);
    for offset in 0..=len + 2 {
        assert_eq!(
            ordered.of(offset),
            pos(doc, offset),
            "{offset} in {:?}",
            doc.text
        );
    }
    let mut scrambled = Positions::new(doc);
    let mut offset = 0usize;
    for _ in 0..len.min(400) * 2 {
        // Mostly forward by a little, sometimes back.
        offset = match next() % 8 {
            0 => (next() as usize) % (len + 3),
            1 => offset.saturating_sub((next() % 40) as usize),
            _ => offset + (next() % 30) as usize,
        } % (len + 3);
        assert_eq!(
            scrambled.of(offset),
            pos(doc, offset),
            "{offset} in {:?}",
            doc.text
        );
        // A span's end, counted from its start (or before it: the cursor must not be trusted).
        let end = (offset + (next() % 60) as usize).saturating_sub(10);
        assert_eq!(
            scrambled.after(end),
            pos(doc, end),
            "{end} in {:?}",
            doc.text
        );
    }
}

#[test]
fn positions_read_in_order_are_those_of_pos() {
    let gaz = crate::knowledge::Gazetteer::builtin();
    let mut next = crate::text::xorshift(0x1234_5678_9abc_def1);
    for text in crate::text::seed_texts() {
        let doc = Document::new("seed.txt".into(), text.into(), &gaz);
        positions_agree(&doc, &mut next);
    }
    for text in crate::text::random_texts(&PIECES, 0x5851_f42d_4c95_7f2d, 40, 1500) {
        let doc = Document::new("random.txt".into(), text.into(), &gaz);
        positions_agree(&doc, &mut next);
    }
}
