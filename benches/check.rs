//! `cargo bench`: the baseline (a bare pest parse with a plain grammar and the syntax
//! tree a plain pest front end builds, one thread: benches/baseline/), the bare pest
//! parse with cmilint's grammar (one thread), cmilint's parse (the syntax tree,
//! stretches of a large file and the files of a repository parsed in parallel), the
//! whole check, and `cmilint report`'s page, on generated plans of 100 KB, 1 MB and
//! 10 MB and on a repository of 2,000 files (benches/corpus.rs). docs/performance.md
//! records the figures.
//!
//! The corpus is also written to `target/bench-corpus/` so that the binary can be
//! measured on it: `/usr/bin/time -v target/release/cmilint check target/bench-corpus/plan-10mb.cmi`.

// The baseline's parser, derived by pest without `std`, names `::alloc`.
extern crate alloc;

mod baseline;
mod corpus;

use std::path::Path;

use rayon::prelude::*;

use cmilint::{Input, RuleSet};

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
    corpus::repository(&folder.join("repository"), REPOSITORY_FILES).expect("corpus written");
    divan::main();
}

const REPOSITORY_FILES: usize = 2_000;

fn repository() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus/repository")
}

/// The baseline: the plain grammar's items, one after another, and their syntax tree.
#[divan::bench(args = ["100kb", "1mb", "10mb"], sample_count = 10)]
fn baseline_parse(bencher: divan::Bencher, size: &str) {
    let text = corpus::plan(bytes(size));
    assert_eq!(
        baseline::parse(&text).len(),
        cmilint::hooks::pest_items(&text),
        "the baseline reads the whole plan"
    );
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| baseline::words(&baseline::parse(&text)));
}

/// pest alone: the grammar's items, one after another, no syntax tree.
#[divan::bench(args = ["100kb", "1mb", "10mb"], sample_count = 10)]
fn bare_pest_parse(bencher: divan::Bencher, size: &str) {
    let text = corpus::plan(bytes(size));
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| cmilint::hooks::pest_items(&text));
}

#[divan::bench(args = ["100kb", "1mb", "10mb"], sample_count = 10)]
fn parse_only(bencher: divan::Bencher, size: &str) {
    let text = corpus::plan(bytes(size));
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| cmilint::hooks::parse(&text));
}

#[divan::bench(args = ["100kb", "1mb", "10mb"], sample_count = 10)]
fn full_check(bencher: divan::Bencher, size: &str) {
    check_text(bencher, &corpus::plan(bytes(size)));
}

/// `cmilint report`: the check, and the reviewer's page of the plan.
#[divan::bench(args = ["1mb", "10mb"], sample_count = 5)]
fn report_page(bencher: divan::Bencher, size: &str) {
    let text = corpus::plan(bytes(size));
    let rules = rules();
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .with_inputs(|| text.as_bytes().to_vec())
        .bench_values(|bytes| cmilint::hooks::review_page(&rules, bytes).len());
}

/// The check of a plan on standard input, with `rules`.
fn check_stdin(text: &str, rules: &RuleSet) -> cmilint::Findings {
    cmilint::check(
        vec![Input::Stdin {
            name: None,
            bytes: text.as_bytes().to_vec(),
        }],
        rules,
    )
    .expect("checked")
}

/// Everything `cmilint check` does with a plan on standard input.
fn check_text(bencher: divan::Bencher, text: &str) {
    let rules = rules();
    bencher
        .counter(divan::counter::BytesCount::of_str(text))
        .with_inputs(|| text.as_bytes().to_vec())
        .bench_values(|bytes| {
            cmilint::check(vec![Input::Stdin { name: None, bytes }], &rules).expect("checked")
        });
}

/// `read` of each plan file of the repository in turn, on one thread.
fn each_repository_file(bencher: divan::Bencher, read: fn(&str) -> usize) {
    let texts = corpus::repository_texts(&repository());
    bencher.bench(|| texts.iter().map(|t| read(t)).sum::<usize>());
}

#[divan::bench(sample_count = 5)]
fn repository_baseline_parse(bencher: divan::Bencher) {
    each_repository_file(bencher, |t| baseline::words(&baseline::parse(t)));
}

#[divan::bench(sample_count = 5)]
fn repository_bare_pest_parse(bencher: divan::Bencher) {
    each_repository_file(bencher, cmilint::hooks::pest_items);
}

/// As cmilint parses the files of a repository: several at once.
#[divan::bench(sample_count = 5)]
fn repository_parse_only(bencher: divan::Bencher) {
    let texts = corpus::repository_texts(&repository());
    bencher.bench(|| {
        texts
            .par_iter()
            .map(|t| drop(cmilint::hooks::parse(t)))
            .count()
    });
}

#[divan::bench(sample_count = 5)]
fn repository_full_check(bencher: divan::Bencher) {
    let rules = rules();
    bencher.bench(|| cmilint::check(vec![Input::Path(repository())], &rules).expect("checked"));
}

fn bytes(size: &str) -> usize {
    SIZES
        .iter()
        .find(|(name, _)| *name == size)
        .map(|(_, b)| *b)
        .expect("a known size")
}

/// 20,000 activities sharing one partner (about 3 MB): checking grows linearly even
/// when many blocks ask the same reverse question.
#[divan::bench(sample_count = 5)]
fn shared_partner_full_check(bencher: divan::Bencher) {
    check_text(bencher, &corpus::shared_partner(20_000));
}

/// 80,000 broken one-line items (640 KB): after a syntax error, each item the reader
/// resumes at is read no further than it can go, so the work stays linear.
#[divan::bench(sample_count = 5)]
fn many_syntax_errors_full_check(bencher: divan::Bencher) {
    check_text(bencher, &"actor ?\n".repeat(80_000));
}

/// The organisation rule of overlapping phases (tests/organisation-rules/phases.yaml)
/// over `count` phases: the other phases are looked up by their periods, sorted by
/// start, so that the work grows with the phases, not with their pairs.
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 5)]
fn overlapping_phases(bencher: divan::Bencher, count: usize) {
    check_phases(
        bencher,
        count,
        include_str!("../tests/organisation-rules/phases.yaml"),
    );
}

/// The same rule with its conditions wrapped in an `any`, which no index serves: each
/// phase asks every other, as a rule that compares blocks without an index would.
#[divan::bench(args = [1_000, 3_000], sample_count = 3)]
fn overlapping_phases_every_pair(bencher: divan::Bencher, count: usize) {
    check_phases(
        bencher,
        count,
        include_str!("../tests/fixtures/phases-every-pair.yaml"),
    );
}

/// The rule ORG002 of a rule file, over `count` phases.
fn check_phases(bencher: divan::Bencher, count: usize, file: &str) {
    let mut rules =
        RuleSet::load(&[("phases.yaml".into(), file.to_owned())]).expect("the rules compile");
    rules.retain(|r| &*r.code == "ORG002");
    let text = corpus::phases(count);
    bencher
        .counter(divan::counter::ItemsCount::new(count))
        .bench(|| {
            let findings = check_stdin(&text, &rules);
            assert_eq!(
                findings.diagnostics.len(),
                count,
                "every phase overlaps one"
            );
            findings
        });
}

/// The hostile inputs of benches/corpus.rs, each of a few hundred KB (docs/performance.md).
mod hostile {
    use codespan_reporting::term::termcolor::NoColor;

    use super::{check_stdin, check_text, corpus::hostile, rules};
    use cmilint::{RuleSet, report};

    /// 5,000 references to nothing among 5,000 actors (255 KB).
    #[divan::bench(sample_count = 5)]
    fn undefined_references(bencher: divan::Bencher) {
        check_text(bencher, &hostile::undefined_references(5_000));
    }

    /// A reference of 80,000 characters to nothing, beside an identifier as long.
    #[divan::bench(sample_count = 5)]
    fn long_reference(bencher: divan::Bencher) {
        check_text(bencher, &hostile::long_reference(80_000));
    }

    /// 50,000 suppression lines before one block (1.8 MB).
    #[divan::bench(sample_count = 5)]
    fn suppressions(bencher: divan::Bencher) {
        check_text(bencher, &hostile::suppressions(50_000));
    }

    /// 60,000 copies of one field on one line (600 KB): 60,000 diagnostics.
    #[divan::bench(sample_count = 5)]
    fn duplicate_fields_on_one_line(bencher: divan::Bencher) {
        check_text(bencher, &hostile::duplicate_fields_on_one_line(60_000));
    }

    /// 10,000 unknown fields on one line (110 KB), checked and written as the human
    /// report: each diagnostic shows the line cut around its field.
    #[divan::bench(sample_count = 5)]
    fn unknown_fields_human_report(bencher: divan::Bencher) {
        let rules = rules();
        let text = hostile::unknown_fields_on_one_line(10_000);
        bencher.bench(|| {
            let findings = check_stdin(&text, &rules);
            let mut out = NoColor::new(std::io::sink());
            report::write_human(&mut out, &findings).expect("written");
        });
    }

    /// A predicate of 32,768 conditions written out (15 layers) over 10,000 activities.
    #[divan::bench(sample_count = 5)]
    fn layered_predicates(bencher: divan::Bencher) {
        let rules = RuleSet::load(&[("org.yaml".into(), hostile::layered_predicates(15))])
            .expect("the rule compiles");
        let text = hostile::activities(10_000);
        bencher.bench(|| check_stdin(&text, &rules));
    }

    /// A configuration with 1,000,000 brackets never closed.
    #[divan::bench(sample_count = 5)]
    fn configuration_brackets(bencher: divan::Bencher) {
        let text = format!("limits: {}", "[".repeat(1_000_000));
        bencher.bench(|| cmilint::hooks::configuration(&text).expect_err("refused"));
    }
}
