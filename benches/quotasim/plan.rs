//! `plan-coverage` of each shipped scenario, as the command runs it: every
//! strategy, the default targets (1x to 8x by 0.5 under both counting
//! rules), the screen and the confirmation at the scenario's trials.
//!
//! Run: `cargo bench --bench plan` (each sample is a whole plan).

use std::time::Duration;

use criterion::{Criterion, criterion_group};

use quotasim::engine::{RunControl, thread_pool};
use quotasim::scenario::{Scenario, ValueSpec};
use quotasim::study::Objective;
use quotasim::study::plan::{DEFAULT_TARGETS, PlanRequest, PlanSetup, run_plan};

const SCENARIOS: [&str; 5] = ["default", "coverage-mandate", "annual-plan", "uncertain-inputs", "territory-burn"];

fn bench(c: &mut Criterion) {
    let pool = thread_pool(None).expect("thread pool");
    let targets = ValueSpec::parse_range(DEFAULT_TARGETS).expect("valid targets");
    let mut g = c.benchmark_group("plan_coverage");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(30));
    for name in SCENARIOS {
        let path = format!("{}/scenarios/{name}.toml", env!("CARGO_MANIFEST_DIR"));
        let scenario = Scenario::load(std::path::Path::new(&path)).expect("a shipped scenario");
        let setup = PlanSetup::new(&scenario, &targets, (0..scenario.strategies.len()).collect()).expect("valid plan");
        let req = PlanRequest::new(Objective::ShareAtQuota, &scenario);
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut control = RunControl { pool: Some(&pool), ..Default::default() };
                run_plan(&scenario, &setup, &req, &mut control).expect("plan runs")
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
