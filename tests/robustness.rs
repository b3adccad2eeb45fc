//! Malformed input is input: truncated, spliced and garbled records go through the parser, every
//! check, the outline and the annotations without a panic.

use std::path::Path;

use rapporteur::checks::check_file;
use rapporteur::config::Config;
use rapporteur::features::{annotate::annotations, outline::outline};
use rapporteur::workspace::Workspace;

fn seeds() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "txt").then(|| std::fs::read_to_string(p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() as usize) % n.max(1)
    }
}

fn boundary(text: &str, at: usize) -> usize {
    let mut i = at.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn exercise(texts: &[String]) {
    let mut ws = Workspace::default();
    let ids: Vec<usize> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| ws.upsert(&format!("r{i}.txt"), t.as_str()))
        .collect();
    let config = Config::default();
    for id in ids {
        let _ = check_file(&ws, id, &config);
        let doc = ws.get(id).unwrap();
        let _ = outline(doc, &ws.gaz);
        let _ = annotations(&ws, id);
    }
}

#[test]
fn truncated_and_spliced_records() {
    let seeds = seeds();
    let mut rng = Lcg(0x5eed);
    for round in 0..60 {
        let a = &seeds[rng.below(seeds.len())];
        let b = &seeds[rng.below(seeds.len())];
        let cut_a = boundary(a, rng.below(a.len()));
        let cut_b = boundary(b, rng.below(b.len()));
        let spliced = format!("{}{}", &a[..cut_a], &b[cut_b..]);
        let prefix = a[..cut_a].to_string();
        let suffix = b[cut_b..].to_string();
        exercise(&[spliced, prefix, suffix, a.clone()]);
        let _ = round;
    }
}

#[test]
fn garbled_text() {
    let pieces = [
        "(",
        ")",
        "“",
        "”",
        "\"",
        "’s",
        "Mr. ",
        "Ms. ",
        "NAME ",
        "(Slovakia)",
        ", Minister of ",
        "Greece",
        "\r\n",
        "\n\n",
        "\u{a0}",
        "\u{2011}",
        "😀",
        "𐐀",
        "é",
        "A/RES/75/",
        "GA/",
        "12387",
        "See Press Release ",
        "The representative of ",
        "Also delivering statements were ",
        " and ",
        "Political Declaration",
        "Seventy-sixth Session,",
        "37th Meeting (AM)",
        "Right of Reply",
        "in response to the statement made by the delegation of ",
        "2010 ",
        "Convention against ",
        "Following are ",
        "’s remarks",
        "\u{feff}",
        "\t",
        ".",
        ",",
        "said",
    ];
    let mut rng = Lcg(42);
    let mut texts = Vec::new();
    for _ in 0..40 {
        let mut t = String::new();
        for _ in 0..rng.below(400) {
            t.push_str(pieces[rng.below(pieces.len())]);
        }
        texts.push(t);
    }
    for chunk in texts.chunks(4) {
        exercise(chunk);
    }
}

#[test]
fn degenerate_shapes() {
    let long_line = "RÓBERT CHATRNÚCH (Slovakia) said ".repeat(20_000);
    let only_caps = "ABC DEF (".repeat(1000);
    let masthead_only = "Seventy-sixth Session,\n37th Meeting (AM & PM)\nGA/12387\n".to_string();
    let footer_only = "For information media. Not an official record.".to_string();
    exercise(&[
        long_line,
        only_caps,
        masthead_only,
        footer_only,
        String::new(),
        "\n\r\n".to_string(),
    ]);
}
