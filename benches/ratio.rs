//! `cargo bench --bench ratio`: issue 14's speed aims, measured in turn. The baseline
//! (benches/baseline/: a plain pest grammar of the language and the syntax tree a plain
//! front end builds, one thread) and the full check on one thread and on every core
//! are timed one after the other, round after round, so that the noise of a shared
//! machine's neighbours falls on all three alike. Each ratio is given twice: fastest
//! run against fastest run, and the median of each round's own ratio. The aims: the
//! full check at least 1.5 times as fast as the baseline on two cores, and at least
//! as fast on one thread. docs/performance.md records the figures.

// The baseline's parser, derived by pest without `std`, names `::alloc`.
extern crate alloc;

mod baseline;
#[allow(dead_code, reason = "the corpus serves the other benchmarks too")]
mod corpus;

use std::path::Path;
use std::time::{Duration, Instant};

use cmilint::{Input, RuleSet};
use rayon::{ThreadPool, ThreadPoolBuilder};

/// The times of one corpus, a list of rounds each.
#[derive(Default)]
struct Times {
    baseline: Vec<Duration>,
    one_thread: Vec<Duration>,
    every_core: Vec<Duration>,
}

/// How long `run` takes, its result dropped after the clock stops (as divan does).
fn timed<T>(run: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    let result = run();
    let took = start.elapsed();
    drop(result);
    took
}

/// The baseline and the check of `inputs`, in turn, `rounds` times after one round
/// that warms the caches and the allocator up.
fn measure(
    rounds: usize,
    pools: &[ThreadPool; 2],
    baseline: impl Fn() -> usize,
    inputs: impl Fn() -> Vec<Input>,
    rules: &RuleSet,
) -> Times {
    let mut times = Times::default();
    for round in 0..=rounds {
        let base = timed(&baseline);
        let check = |pool: &ThreadPool| {
            let inputs = inputs();
            timed(|| pool.install(|| cmilint::check(inputs, rules).expect("checked")))
        };
        let (one, every) = (check(&pools[0]), check(&pools[1]));
        if round > 0 {
            times.baseline.push(base);
            times.one_thread.push(one);
            times.every_core.push(every);
        }
    }
    times
}

fn fastest(times: &[Duration]) -> Duration {
    times.iter().copied().min().unwrap_or_default()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The ratio of the baseline to the check: fastest against fastest, and the median of
/// the rounds' own.
fn ratios(baseline: &[Duration], check: &[Duration]) -> (f64, f64) {
    let of_fastest = fastest(baseline).as_secs_f64() / fastest(check).as_secs_f64();
    let by_round = baseline
        .iter()
        .zip(check)
        .map(|(b, c)| b.as_secs_f64() / c.as_secs_f64())
        .collect();
    (of_fastest, median(by_round))
}

fn row(corpus: &str, times: &Times, cores: usize) {
    let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
    let (one, one_median) = ratios(&times.baseline, &times.one_thread);
    let (every, every_median) = ratios(&times.baseline, &times.every_core);
    let verdict = |ratio: f64, aim: f64| if ratio >= aim { "met" } else { "not met" };
    println!(
        "| {corpus} | {} | {} | {} | {one:.2} ({one_median:.2}): {} | {every:.2} ({every_median:.2}) on {cores} cores: {} |",
        ms(fastest(&times.baseline)),
        ms(fastest(&times.one_thread)),
        ms(fastest(&times.every_core)),
        verdict(one_median, 1.0),
        verdict(every_median, 1.5),
    );
}

fn main() {
    let rules = RuleSet::load(&[]).expect("the built-in rules compile");
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let pool = |threads| {
        ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool")
    };
    let pools = [pool(1), pool(cores)];
    println!(
        "| corpus | baseline, fastest | full check, 1 thread | full check, {cores} cores | ratio on 1 thread (median of rounds): aim 1 | ratio on every core (median of rounds): aim 1.5 on 2 |"
    );
    println!("| --- | --- | --- | --- | --- | --- |");

    let plan = corpus::plan(10_000_000);
    let times = measure(
        15,
        &pools,
        || baseline::words(&baseline::parse(&plan)),
        || {
            vec![Input::Stdin {
                name: None,
                bytes: plan.as_bytes().to_vec(),
            }]
        },
        &rules,
    );
    row("10 MB plan", &times, cores);

    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus/repository");
    corpus::repository(&folder, 2_000).expect("corpus written");
    let texts = corpus::repository_texts(&folder);
    let times = measure(
        10,
        &pools,
        || {
            texts
                .iter()
                .map(|t| baseline::words(&baseline::parse(t)))
                .sum()
        },
        || vec![Input::Path(folder.clone())],
        &rules,
    );
    row("repository of 2,000 files (from disk)", &times, cores);
}
