//! `cargo bench`: parsing alone beside the whole check, on generated plans of 100 KB,
//! 1 MB and 10 MB (benches/corpus.rs). docs/performance.md records the figures.
//!
//! The corpus is also written to `target/bench-corpus/` so that the binary can be
//! measured on it: `/usr/bin/time -v target/release/cmilint check target/bench-corpus/plan-10mb.cmi`.

mod corpus;

use std::path::Path;

use cmilint::rules::RuleSet;
use cmilint::source::FileId;
use cmilint::workspace::{self, Input};

fn rules() -> RuleSet {
    RuleSet::load(&[]).expect("the built-in rules compile")
}

const SIZES: &[(&str, usize)] = &[("100kb", 100_000), ("1mb", 1_000_000), ("10mb", 10_000_000)];

fn main() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    std::fs::create_dir_all(&folder).expect("target/ is writable");
    for (name, size) in SIZES {
        std::fs::write(folder.join(format!("plan-{name}.cmi")), corpus::plan(*size))
            .expect("corpus written");
    }
    divan::main();
}

#[divan::bench(args = ["100kb", "1mb", "10mb"], sample_count = 10)]
fn parse_only(bencher: divan::Bencher, size: &str) {
    let text = corpus::plan(bytes(size));
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| cmilint::syntax::parse(FileId(0), &text, 32));
}

#[divan::bench(args = ["100kb", "1mb", "10mb"], sample_count = 10)]
fn full_check(bencher: divan::Bencher, size: &str) {
    let text = corpus::plan(bytes(size));
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .with_inputs(|| text.clone().into_bytes())
        .bench_values(|bytes| {
            workspace::check(vec![Input::Stdin { name: None, bytes }], &rules()).expect("checked")
        });
}

fn bytes(size: &str) -> usize {
    SIZES
        .iter()
        .find(|(name, _)| *name == size)
        .map(|(_, b)| *b)
        .expect("a known size")
}
