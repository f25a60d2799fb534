//! The planning answers on this machine's cores:
//!
//! - `solve/default-quota-for-60pct`: `quotasim solve --param team.quota
//!   --target share_at_quota=60%` on the default scenario, both strategies
//!   (target: under 10 s);
//! - `sensitivity/sobol-uncertain-inputs`: `quotasim sensitivity
//!   scenarios/uncertain-inputs.toml` (8 uncertain inputs, 4,000 design
//!   rows; target: under 60 s with every interval narrower than 0.05).

use std::time::Duration;

use criterion::{Criterion, criterion_group};
use quotasim::engine::{RunControl, thread_pool};
use quotasim::scenario::Scenario;
use quotasim::study::Objective;
use quotasim::study::sensitivity::{DEFAULT_ROWS, run_sobol};
use quotasim::study::solve::{Goal, SolveMetric, SolveParam, SolveRequest, Space, run_solve, screen_trials};

fn solve(c: &mut Criterion) {
    let s = Scenario::builtin();
    let param = SolveParam::parse(&s, "team.quota").expect("a valid path");
    let (lo, hi) = param.default_within(&s);
    let req = SolveRequest {
        param,
        metric: SolveMetric::Objective(Objective::ShareAtQuota),
        goal: Goal::Target(0.6),
        space: Space { lo, hi, integer: false, geometric: true },
        strategies: vec![0, 1],
        trials: s.trials(),
        screen_trials: screen_trials(s.trials()),
    };
    let pool = thread_pool(None).expect("pool");
    let mut g = c.benchmark_group("solve");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(30));
    g.bench_function("default-quota-for-60pct", |b| {
        b.iter(|| run_solve(&s, &req, &mut RunControl { pool: Some(&pool), ..Default::default() }).expect("solves"))
    });
    g.finish();
}

fn sobol(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/uncertain-inputs.toml");
    let s = Scenario::load(std::path::Path::new(path)).expect("a shipped scenario");
    let pool = thread_pool(None).expect("pool");
    let mut g = c.benchmark_group("sensitivity");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(60));
    g.bench_function("sobol-uncertain-inputs", |b| {
        b.iter(|| {
            run_sobol(&s, Objective::ShareAtQuota, DEFAULT_ROWS, &mut RunControl { pool: Some(&pool), ..Default::default() }).expect("runs")
        })
    });
    g.finish();
}

// Statistics only: criterion's plots would need system fonts, which the
// project deliberately does not use.
criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = solve, sobol
}
