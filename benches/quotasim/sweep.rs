//! A 20-point sweep of the default scenario (2 strategies, 1000 trials x 40
//! reps x 4 quarters = 160,000 rep-quarters per strategy and point).
//!
//! `selling.win_rate` reaches both strategies, so nothing is copied between
//! points: this is the full cost. `policy.coverage_target` reaches only
//! `targeted` (spray-and-pray sets its own), so spray-and-pray is simulated
//! once per rep and copied to every point.
//!
//! Run: `cargo bench --bench sweep` (each sample is a whole sweep; expect a
//! couple of minutes).

use std::time::Duration;

use criterion::{Criterion, criterion_group};

use quotasim::engine::{RunControl, thread_pool};
use quotasim::scenario::{Scenario, ValueSpec};
use quotasim::study::grid::{Axis, Grid};
use quotasim::study::points::run_sweep;

fn sweep_of(path: &str, range: &str) -> (Scenario, Grid) {
    let s = Scenario::builtin();
    let axis = Axis::new(&s, path, &ValueSpec::parse_range(range).expect("valid range"), "bench").expect("valid path");
    assert_eq!(axis.values.len(), 20);
    (s.clone(), Grid::new(path.to_string(), vec![axis]).expect("valid grid"))
}

fn bench(c: &mut Criterion) {
    let pool = thread_pool(None).expect("thread pool");
    let mut g = c.benchmark_group("sweep_20_points_160k_rep_quarters");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(60));
    for (path, range) in [("selling.win_rate", "0.2:0.39:0.01"), ("policy.coverage_target", "1:10.5:0.5")] {
        let (s, grid) = sweep_of(path, range);
        g.bench_function(path, |b| {
            b.iter(|| {
                let mut control = RunControl { pool: Some(&pool), ..Default::default() };
                run_sweep(&s, &grid, None, &mut control).expect("sweep runs")
            })
        });
    }
    g.finish();
}

// Statistics only: criterion's plots would need system fonts, which the
// project deliberately does not use.
criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = bench
}
