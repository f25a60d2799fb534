//! Engine throughput in rep-quarters per second (each strategy's rep-quarters
//! counted; warm-up quarters are simulated but not counted).
//!
//! - `kernel/1-thread`: the rep-quarter kernel and aggregation on one core;
//! - `kernel/1-thread-finite-list`: the same on a finite list of 400 accounts
//!   per seat (worked to the end: cooldowns, re-touches and rests every week);
//! - `kernel/1-thread-year-and-list`: `scenarios/annual-plan.toml` (hires,
//!   attrition, backfills, ramps, seasons) on the same finite list, every
//!   mechanic on at once; counted are the rep-quarters its statistics count
//!   (a vacant seat's quarters are simulated but hold no rep);
//! - `kernel/2-threads`: `1-thread`'s work on two cores, whatever the machine
//!   has (the reference machine has two);
//! - `default-run/all-cores`: the full built-in default scenario
//!   (1000 trials x 40 reps x 4 quarters x 2 strategies), as `quotasim run` does it;
//! - `default-run/files`: the rest of that run, every file it writes (summary
//!   JSON, CSV and spreadsheet, seven charts as PNG and SVG, report.html), made
//!   in memory on all cores: a fixed cost, whatever the trials.
//!
//! The kernel's widest build the CPU has runs (x86-64-v4 with AVX-512,
//! x86-64-v3 with AVX2 and FMA); `QUOTASIM_CPU=x86-64-v3 cargo bench -- kernel`
//! measures the v3 build, `QUOTASIM_CPU=portable` the plain x86-64 one.

use criterion::{Criterion, Throughput, criterion_group};
use quotasim::commands::run::artifacts;
use quotasim::engine::{Engine, RunControl, thread_pool};
use quotasim::scenario::{Scenario, apply_override};
use quotasim::stats::Summary;
use std::path::Path;

fn counted(scenario: &Scenario, trials: u64) -> u64 {
    scenario.rep_quarters(trials) * scenario.strategies.len() as u64
}

fn kernel(c: &mut Criterion) {
    let unlimited = Scenario::builtin();
    let mut finite = unlimited.clone();
    apply_override(&mut finite, "market.accounts_per_rep", "400").expect("a valid override");
    let mut year = Scenario::load(Path::new("scenarios/annual-plan.toml")).expect("a shipped scenario");
    apply_override(&mut year, "market.accounts_per_rep", "400").expect("a valid override");
    let one = thread_pool(Some(1)).expect("pool");
    let two = thread_pool(Some(2)).expect("pool");
    let trials = 100;
    eprintln!("kernel build: {}", quotasim::engine::kernel::kernel_build());
    let mut g = c.benchmark_group("kernel");
    g.sample_size(20);
    let runs = [
        ("1-thread", &unlimited, &one),
        ("1-thread-finite-list", &finite, &one),
        ("1-thread-year-and-list", &year, &one),
        ("2-threads", &unlimited, &two),
    ];
    for (name, scenario, pool) in runs {
        let engine = Engine::new(scenario);
        let run = || engine.run(0..trials, &mut RunControl { pool: Some(pool), ..Default::default() }).expect("run");
        g.throughput(Throughput::Elements(run().strategies.iter().map(|s| s.attainment.n).sum()));
        g.bench_function(name, |b| b.iter(run));
    }
    g.finish();
}

fn default_run(c: &mut Criterion) {
    let scenario = Scenario::builtin();
    let pool = thread_pool(None).expect("pool");
    let trials = scenario.trials();
    let mut g = c.benchmark_group("default-run");
    g.throughput(Throughput::Elements(counted(&scenario, trials)));
    g.sample_size(10);
    g.bench_function("all-cores", |b| {
        b.iter(|| {
            let engine = Engine::new(&scenario);
            engine.run(0..trials, &mut RunControl { pool: Some(&pool), ..Default::default() }).expect("run")
        })
    });
    g.finish();
}

fn default_files(c: &mut Criterion) {
    let scenario = Scenario::builtin();
    let pool = thread_pool(None).expect("pool");
    let acc = Engine::new(&scenario).run(0..scenario.trials(), &mut RunControl { pool: Some(&pool), ..Default::default() }).expect("run");
    let summary = Summary::build(&scenario, &acc);
    let mut g = c.benchmark_group("default-run");
    g.sample_size(10);
    g.bench_function("files", |b| b.iter(|| pool.install(|| artifacts(&summary, true).expect("files"))));
    g.finish();
}

// Statistics only: criterion's plots would need system fonts, which the
// project deliberately does not use.
criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = kernel, default_run, default_files
}
