//! Throughput of parse + recognition (MB/s on one core) and of checking the seeds as one
//! workspace; run with `cargo bench --bench core`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rapporteur::config::Config;
use rapporteur::knowledge::Gazetteer;
use rapporteur::workspace::Workspace;

fn seeds() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "txt").then(|| {
                (
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
        })
        .collect();
    out.sort();
    out
}

fn parse_throughput(c: &mut Criterion) {
    let gaz = Gazetteer::builtin();
    let texts = seeds();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("five seeds, parse + recognition", |b| {
        b.iter(|| {
            for (_, t) in &texts {
                black_box(rapporteur::parse_with(black_box(t), &gaz));
            }
        })
    });
    g.finish();
}

fn check_workspace(c: &mut Criterion) {
    let texts = seeds();
    let config = Config::default();
    c.bench_function(
        "check five seeds as one workspace (parse + index + all checks)",
        |b| {
            b.iter(|| {
                let mut ws = Workspace::default();
                let ids: Vec<usize> = texts
                    .iter()
                    .map(|(n, t)| ws.upsert(n, t.as_str()))
                    .collect();
                let n: usize = ids
                    .iter()
                    .map(|&id| rapporteur::checks::check_file(&ws, id, &config).len())
                    .sum();
                black_box(n)
            })
        },
    );
}

criterion_group!(benches, parse_throughput, check_workspace);
criterion_main!(benches);
