//! Tests of content matching: the retrieval of the best statement ([`MeetingIndex::best`],
//! [`best_content_match`]) against scoring every statement, on a fixture meeting and on
//! generated meetings with common words and exact ties.

use super::*;
use crate::record::Zone;

#[test]
fn a_summary_scores_highest_against_the_statement_it_summarises() {
    let record = "Seventy-sixth Session,\n38th Meeting (AM)\n\nTitle\n\nStatements\n\n\
        RÓBERT CHATRNÚCH (Slovakia) said Slovakia stands ready to collaborate with partners on gender-sensitive responses.\n\n\
        IVAN ŠIMONOVIĆ (Croatia) labelled trafficking a modern form of slavery and a flagrant violation.\n";
    let mut ws = Workspace::default();
    let file = ws.upsert("r.txt", record);
    let index = MeetingIndex::of_meeting(&ws, file);
    assert_eq!(index.statements.len(), 2);
    let scores = index.scores(
        "The adoption was decisive; Slovakia stands ready to collaborate with international partners",
    );
    let score = |i: usize| scores.iter().find(|s| s.0 == i).map_or(0.0, |s| s.1);
    assert!(score(0) > 0.3 && score(0) > 2.0 * score(1), "{scores:?}");
}

/// The best of every score, as the callers took it before retrieval: the first of the highest
/// scores in index order (`Ties::First`), or the last (`max_by`, `Ties::Last`).
fn brute_best(index: &MeetingIndex, text: &str, ties: Ties) -> Option<(usize, f64)> {
    let scores = index.scores(text);
    match ties {
        Ties::First => scores.into_iter().fold(None, |top, (i, s)| match top {
            Some((_, t)) if s <= t => top,
            _ => Some((i, s)),
        }),
        Ties::Last => scores.into_iter().max_by(|x, y| x.1.total_cmp(&y.1)),
    }
}

/// [`best_content_match`] as it was written over every score.
fn brute_content_match(
    ws: &Workspace,
    index: &MeetingIndex,
    attr: &Attribution,
    attr_doc: &Document,
) -> Option<(StatementRef, f64, f64)> {
    let mut top: Option<(StatementRef, f64)> = None;
    let mut best_own = 0.0f64;
    for (i, score) in index.scores(attr_doc.span_text(attr.claim)) {
        let st = index.statements[i];
        if score > best_own && statement_matches(ws, attr, attr_doc, st) {
            best_own = score;
        }
        if top.is_none_or(|(_, s)| score > s) {
            top = Some((st, score));
        }
    }
    top.map(|(st, score)| (st, score, best_own))
}

/// Every way of asking the index agrees with scoring every statement, to the last bit, for
/// `text`; returns whether some statement shares a word with it.
fn agrees(index: &MeetingIndex, text: &str) -> bool {
    let q = index.query(text);
    let scores = index.scores(text);
    for &(i, s) in &scores {
        assert_eq!(index.score_of(&q, i), Some(s), "statement {i} for {text:?}");
        let bound = index.slot_bound(&q, i);
        assert!(
            bound * (1.0 + 1e-12) >= s,
            "{bound} < {s}: {i} for {text:?}"
        );
    }
    let shared: Vec<usize> = scores.iter().map(|s| s.0).collect();
    for i in (0..index.statements.len()).filter(|i| !shared.contains(i)) {
        assert_eq!(index.score_of(&q, i), None, "statement {i} for {text:?}");
    }
    for ties in [Ties::First, Ties::Last] {
        let expected = brute_best(index, text, ties);
        assert_eq!(index.best(&q, ties), expected, "{ties:?} for {text:?}");
        assert_eq!(
            index.best_of_all(&q, ties),
            expected,
            "{ties:?} for {text:?}"
        );
        // Products added up from the first word, or after a few statements scored at once.
        for at_once in [0, 1, 5] {
            let found = index.best_scoring_at_once(&q, ties, at_once);
            assert_eq!(found, expected, "{ties:?}, {at_once} at once, for {text:?}");
        }
    }
    !scores.is_empty()
}

/// Every summary attribution of the workspace gets the same content match both ways.
fn attributions_agree(ws: &Workspace) -> usize {
    let mut asked = 0;
    for (f, doc) in ws.documents() {
        let index = MeetingIndex::of_meeting(ws, f);
        for a in doc
            .record
            .attributions
            .iter()
            .filter(|a| a.zone == Zone::Summary)
        {
            let fast =
                best_content_match(ws, &index, a, doc).map(|m| (m.best, m.score, m.best_own));
            assert_eq!(
                fast,
                brute_content_match(ws, &index, a, doc),
                "{:?}",
                doc.span_text(a.claim)
            );
            asked += 1;
        }
    }
    asked
}

/// The fixture records (`fixtures/*.txt`, in name order) as one workspace, named by path.
pub(super) fn fixture_workspace() -> Workspace {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut ws = Workspace::default();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    for p in &names {
        ws.upsert(
            &p.display().to_string(),
            std::fs::read_to_string(p).unwrap(),
        );
    }
    ws
}

#[test]
fn retrieval_agrees_with_every_score_on_the_fixture_meetings() {
    let ws = fixture_workspace();
    let (mut queries, mut largest) = (0, 0);
    for (f, doc) in ws.documents() {
        let index = MeetingIndex::of_meeting(&ws, f);
        largest = largest.max(index.statements.len());
        // Every paragraph of the record as a claim: summaries, statements, headings.
        for p in &doc.record.paragraphs {
            queries += usize::from(agrees(&index, doc.span_text(p.span)));
        }
    }
    assert!(queries > 100 && largest > 20, "{queries} {largest}");
    assert!(attributions_agree(&ws) > 10);
}

/// A small generator, so that the generated meetings are the same on every run.
pub(super) struct Lcg(pub(super) u64);

impl Lcg {
    pub(super) fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

const COUNTRIES: &[&str] = &["Slovakia", "Croatia", "Peru", "Kenya", "Nepal", "Chile"];
const WORDS: &[&str] = &[
    "protocol",
    "palermo",
    "shelters",
    "survivors",
    "border",
    "officials",
    "labour",
    "forced",
    "migrant",
    "workers",
    "legislation",
    "prosecution",
    "children",
    "care",
    "pandemic",
    "province",
    "region",
    "community",
    "reaching",
    "communities",
    "plan",
    "action",
    "global",
    "data",
    "collection",
    "training",
    "cooperation",
    "society",
    "civil",
    "approaches",
];

/// A sentence of `n` words drawn from the first `vocabulary` of [`WORDS`], the first of them
/// in every sentence (a word every statement uses).
fn sentence(rng: &mut Lcg, n: usize, vocabulary: usize) -> String {
    let mut words = vec![WORDS[0]];
    words.extend((1..n).map(|_| WORDS[rng.below(vocabulary)]));
    words.join(" ")
}

#[test]
fn retrieval_agrees_with_every_score_on_generated_meetings() {
    let mut rng = Lcg(0x5eed);
    for round in 0..12 {
        let statements = 4 + rng.below(60);
        let vocabulary = 3 + rng.below(WORDS.len() - 3);
        let said: Vec<String> = (0..statements)
            .map(|_| {
                let n = 2 + rng.below(12);
                sentence(&mut rng, n, vocabulary)
            })
            .collect();
        let mut text = String::from("Seventy-sixth Session,\n38th Meeting (AM)\n\nTitle\n\n");
        for s in said.iter().step_by(3) {
            let country = COUNTRIES[rng.below(COUNTRIES.len())];
            text.push_str(&format!(
                "The representative of {country} said that {s}.\n\n"
            ));
        }
        text.push_str("Statements\n\n");
        for (k, s) in said.iter().enumerate() {
            // Some statements twice, word for word: exact ties between statements.
            let s = if k > 0 && rng.below(4) == 0 {
                &said[k - 1]
            } else {
                s
            };
            let country = COUNTRIES[rng.below(COUNTRIES.len())];
            text.push_str(&format!("ANA KARO ({country}) said that {s}.\n\n"));
        }
        let mut ws = Workspace::default();
        let file = ws.upsert(&format!("g{round}.txt"), text);
        let index = MeetingIndex::of_meeting(&ws, file);
        assert_eq!(index.statements.len(), statements, "{round}");
        for s in &said {
            assert!(agrees(&index, s));
        }
        for _ in 0..40 {
            let n = 1 + rng.below(16);
            let q = sentence(&mut rng, n, WORDS.len());
            agrees(&index, &q);
        }
        attributions_agree(&ws);
    }
}

/// A meeting too large to be scored whole ([`MeetingIndex::best`] then reads its words within
/// bounds), with statements repeated word for word for exact ties.
#[test]
fn retrieval_agrees_with_every_score_on_a_meeting_of_hundreds_of_statements() {
    let mut rng = Lcg(0xb16);
    let mut text = String::from("Seventy-sixth Session,\n38th Meeting (AM)\n\nTitle\n\n");
    text.push_str("Statements\n\n");
    let said: Vec<String> = (0..700)
        .map(|_| {
            let n = 2 + rng.below(10);
            sentence(&mut rng, n, WORDS.len())
        })
        .collect();
    for (k, s) in said.iter().enumerate() {
        let s = if k > 0 && rng.below(5) == 0 {
            &said[k - 1]
        } else {
            s
        };
        let country = COUNTRIES[rng.below(COUNTRIES.len())];
        text.push_str(&format!("ANA KARO ({country}) said that {s}.\n\n"));
    }
    let mut ws = Workspace::default();
    let file = ws.upsert("large.txt", text);
    let index = MeetingIndex::of_meeting(&ws, file);
    assert!(index.statements.len() > super::topk::SCORE_ALL_UP_TO);
    for s in said.iter().step_by(35) {
        assert!(agrees(&index, s));
    }
    for _ in 0..20 {
        let n = 1 + rng.below(16);
        agrees(&index, &sentence(&mut rng, n, WORDS.len()));
    }
    // The slots bound most statements below the best score without their bags: what lets a
    // claim's rarest word reach hundreds of statements and few be scored.
    let (mut ruled_out, mut sharing) = (0, 0);
    for s in said.iter().step_by(7) {
        let q = index.query(s);
        let (_, best) = index.best(&q, Ties::First).unwrap();
        for (i, _) in index.scores(s) {
            sharing += 1;
            ruled_out += usize::from(index.slot_bound(&q, i) < best);
        }
    }
    assert!(ruled_out * 10 > sharing * 9, "{ruled_out} of {sharing}");
}

#[test]
fn a_word_said_hundreds_of_times_is_weighed_as_every_score_weighs_it() {
    let many = vec!["shelters"; 300].join(" ");
    let record = format!(
        "Seventy-sixth Session,\n38th Meeting (AM)\n\nTitle\n\nStatements\n\n\
        ANA KARO (Peru) said that {many} for survivors of the pandemic.\n\n\
        IVAN ŠIMONOVIĆ (Croatia) said shelters were full during the pandemic.\n"
    );
    let mut ws = Workspace::default();
    let file = ws.upsert("r.txt", record);
    let index = MeetingIndex::of_meeting(&ws, file);
    assert_eq!(index.statements.len(), 2);
    for text in ["shelters for survivors", "the pandemic", &many] {
        assert!(agrees(&index, text), "{text}");
    }
}

/// A claim asked from its record's words is the query of its text: claims start and end at word
/// boundaries, so the record's words inside a claim are the words of its text.
#[test]
fn a_claim_asked_from_its_records_words_is_the_query_of_its_text() {
    let mut ws = Workspace::default();
    let mut claims = 0;
    for (name, text) in [
        (
            "0.txt",
            include_str!("../../fixtures/000_ad5e1fdf5d9536eb.txt"),
        ),
        (
            "1.txt",
            include_str!("../../fixtures/001_c043cd201b0f12f7.txt"),
        ),
        (
            "3.txt",
            include_str!("../../fixtures/003_1ccf80f226d00912.txt"),
        ),
    ] {
        let file = ws.upsert(name, text);
        let doc = ws.get(file).unwrap();
        let index = MeetingIndex::of_meeting(&ws, file);
        for a in &doc.record.attributions {
            let from_words = index.query_in(doc, a.claim);
            let from_text = index.query(doc.span_text(a.claim));
            assert_eq!(
                from_words.terms,
                from_text.terms,
                "{}",
                doc.span_text(a.claim)
            );
            assert_eq!(
                content_word_count_in(doc, a.claim),
                words::content_word_count(doc.span_text(a.claim))
            );
            claims += 1;
        }
    }
    assert!(claims > 50, "{claims}");
}
