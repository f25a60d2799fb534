//! Calibration and backtest speed.
//!
//! - `calibrate/100k-opportunities`: a CRM export of 100,000 opportunities
//!   (1,000 reps over five quarters) read from its bytes, fitted, its rates
//!   solved on the engine and the calibrated scenario written, as
//!   `quotasim calibrate --no-charts` does it (the charts add about 0.1 s);
//! - `calibrate/read-100k`: the reading alone;
//! - `backtest/default`: a history of 30 reps over four counted quarters
//!   backtested at the calibrated scenario's default 1,000 trials:
//!   simulation and comparison, as `quotasim backtest --no-charts` does it.

use criterion::{Criterion, Throughput, criterion_group};
use quotasim::calibrate::backtest::{RecordSink, compare_all, sized};
use quotasim::calibrate::fit::panel;
use quotasim::calibrate::history::{ReadOptions, read_bytes};
use quotasim::calibrate::synthetic::{Truth, generate};
use quotasim::calibrate::{CalibrateOptions, calibrate};
use quotasim::engine::{Engine, RunControl, thread_pool};
use quotasim::scenario::Scenario;

fn options() -> CalibrateOptions {
    CalibrateOptions {
        template: Scenario::builtin(),
        template_strategy: Some("targeted".into()),
        quota: None,
        point_estimates: false,
        name: None,
    }
}

fn calibrate_100k(c: &mut Criterion) {
    let truth = Truth { reps: 1000, volume: 1.54, ..Truth::default() };
    let text = generate(&truth);
    let rows = text.lines().count() as u64 - 1;
    assert!((95_000..=105_000).contains(&rows), "{rows} opportunities");
    let pool = thread_pool(None).expect("pool");
    let mut g = c.benchmark_group("calibrate");
    g.throughput(Throughput::Elements(rows));
    g.sample_size(10);
    g.bench_function("read-100k", |b| b.iter(|| read_bytes(text.as_bytes(), "bench.csv", &ReadOptions::default()).expect("reads")));
    g.bench_function("100k-opportunities", |b| {
        b.iter(|| {
            let h = read_bytes(text.as_bytes(), "bench.csv", &ReadOptions::default()).expect("reads");
            calibrate(&h, &options(), &mut RunControl { pool: Some(&pool), ..Default::default() }).expect("calibrates").toml
        })
    });
    g.finish();
}

fn backtest_default(c: &mut Criterion) {
    let text = generate(&Truth::default());
    let h = read_bytes(text.as_bytes(), "bench.csv", &ReadOptions::default()).expect("reads");
    let pool = thread_pool(None).expect("pool");
    let cal = calibrate(&h, &options(), &mut RunControl { pool: Some(&pool), ..Default::default() }).expect("calibrates");
    let p = panel::build(&h);
    let sc = sized(&cal.scenario, None, &p).expect("quarters to compare");
    let mut g = c.benchmark_group("backtest");
    g.throughput(Throughput::Elements(sc.rep_quarters(sc.trials())));
    g.sample_size(10);
    g.bench_function("default", |b| {
        b.iter(|| {
            let mut sink = RecordSink::new();
            Engine::new(&sc)
                .run(0..sc.trials(), &mut RunControl { pool: Some(&pool), records: Some(&mut sink), ..Default::default() })
                .expect("runs");
            compare_all(&h, &p, &sc, &sink.trials)
        })
    });
    g.finish();
}

// Statistics only: criterion's plots would need system fonts, which the
// project deliberately does not use.
criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = calibrate_100k, backtest_default
}
