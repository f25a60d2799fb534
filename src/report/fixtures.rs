//! Results for unit tests of the presentation code: real (small) runs,
//! sweeps, tornadoes and plans of the built-in scenario, and summaries with
//! odd data no run should break.

use crate::engine::{Engine, RunControl};
use crate::scenario::{Scenario, ValueSpec};
use crate::stats::Summary;
use crate::study::Objective;
use crate::study::grid::{Axis, Grid};
use crate::study::plan::{CoveragePlan, PlanRequest, PlanSetup, run_plan};
use crate::study::points::{SweepResult, run_sweep};
use crate::study::tornado::{Tornado, run_tornado};

/// The built-in scenario run for `trials` trials.
pub fn summary(trials: u64) -> Summary {
    let mut scenario = Scenario::builtin();
    scenario.counts[crate::scenario::Count::Trials] = trials;
    let engine = Engine::new(&scenario);
    let mut control = RunControl { pool: None, cancel: None, progress: None, records: None, share: None };
    let acc = engine.run(0..trials, &mut control).expect("built-in scenario runs");
    Summary::build(&scenario, &acc)
}

/// The territory-burn scenario (two strategies on a list, one without) for a few trials.
pub fn territory() -> Summary {
    let text = include_str!("../../scenarios/territory-burn.toml");
    let mut scenario = Scenario::from_toml(text, "territory-burn.toml").expect("the territory scenario is valid");
    // Enough rep-quarters that the burn (spray-and-pray's mean attainment
    // falls about 0.2 from the first quarter to the last, targeted's about
    // 0.1) stands clear of the noise: four standard errors or more.
    scenario.counts[crate::scenario::Count::Trials] = 100;
    scenario.counts[crate::scenario::Count::Reps] = 10;
    let acc = Engine::new(&scenario).run(0..100, &mut RunControl::default()).expect("the territory scenario runs");
    Summary::build(&scenario, &acc)
}

/// Only the first strategy.
pub fn single_strategy() -> Summary {
    let mut s = summary(3);
    s.strategies.truncate(1);
    for row in &mut s.parameters {
        row.values.truncate(1);
    }
    s
}

/// Eight strategies (the palette's size) with long names, made by copying.
pub fn eight_strategies() -> Summary {
    copied(summary(3), 8)
}

/// `s` with `n` strategies with long names, made by copying its own.
pub fn copied(mut s: Summary, n: usize) -> Summary {
    let base = s.strategies.clone();
    s.strategies = (0..n)
        .map(|i| {
            let mut st = base[i % base.len()].clone();
            st.name = format!("strategy {i} with a rather long name <&\"'>");
            st
        })
        .collect();
    for row in &mut s.parameters {
        let v = row.values.clone();
        row.values = (0..n)
            .map(|i| {
                let mut x = v[i % v.len()].clone();
                x.strategy = format!("strategy {i} with a rather long name <&\"'>");
                x
            })
            .collect();
    }
    s
}

/// A planning year: the built-in scenario (made small) over `quarters`
/// counted quarters from quarter `first_quarter` of the year, with starting
/// new hires, attrition and a strong fourth quarter, so seats are vacant and
/// ramping and the quarters differ.
pub fn year(quarters: u32, first_quarter: u32) -> Summary {
    use crate::scenario::{Count, apply_override};
    let mut scenario = Scenario::builtin();
    scenario.counts[Count::Trials] = 6;
    scenario.counts[Count::Reps] = 12;
    scenario.counts[Count::Quarters] = u64::from(quarters);
    scenario.counts[Count::FirstQuarter] = u64::from(first_quarter);
    for (path, value) in [("team.attrition_rate", "0.25"), ("team.new_hire_share", "0.3"), ("seasonality.win_odds", "[1, 1, 1, 1.3]")] {
        apply_override(&mut scenario, path, value).expect("valid override");
    }
    let engine = Engine::new(&scenario);
    let acc = engine.run(0..scenario.trials(), &mut RunControl::default()).expect("the year scenario runs");
    Summary::build(&scenario, &acc)
}

/// A planning year whose second quarter nobody sat in: its attainment
/// figures are undefined, as is every rep-year's.
pub fn undefined_quarter() -> Summary {
    let mut s = year(4, 1);
    let undefined = crate::stats::Estimate { value: f64::NAN, se: f64::NAN, ci_low: f64::NAN, ci_high: f64::NAN };
    for st in &mut s.strategies {
        let q = &mut st.quarters[1];
        q.rep_quarters = 0;
        q.mean_attainment = undefined;
        (q.p10, q.p50, q.p90) = (f64::NAN, f64::NAN, f64::NAN);
        q.at_quota.share = 0.0;
        (q.at_quota.ci_low, q.at_quota.ci_high) = (0.0, 1.0);
        if let Some(y) = &mut st.year {
            y.rep_years = 0;
            y.attainment = undefined;
            (y.attainment_p10, y.attainment_p50, y.attainment_p90) = (f64::NAN, f64::NAN, f64::NAN);
        }
    }
    s
}

/// Nothing happened: empty histograms, zero funnel, no won deals, NaN ratios.
pub fn degenerate() -> Summary {
    let mut s = summary(2);
    for st in &mut s.strategies {
        st.histogram.counts.iter_mut().for_each(|c| *c = 0);
        st.histogram.above = 0;
        st.funnel.won = 0.0;
        st.funnel.touches = 0.0;
        st.funnel.connects = 0.0;
        st.funnel.first_meetings = 0.0;
        st.funnel.qualified = 0.0;
        st.hours_per_week.prospecting = 0.0;
        st.hours_per_week.meetings = 0.0;
        st.hours_per_week.deal_work = 0.0;
        st.attention.value = f64::NAN;
        st.implied_loss_rate.first_meeting = f64::NAN;
        st.implied_loss_rate.second_meeting = f64::NAN;
        st.top20.touches_top = f64::NAN;
        st.attainment_by_coverage.first_meeting.clear();
        st.attainment_by_coverage.second_meeting.clear();
        st.attainment.p10 = f64::NAN;
        st.at_quota.share = 0.0;
        st.paired = None;
    }
    s.scenario.name = "Weird <name> & \"quotes\" \u{1}".into();
    s
}

/// The built-in scenario made small: few reps and trials, for sweeps,
/// tornadoes and plans that run many variants.
fn small_scenario(trials: u64) -> Scenario {
    let mut scenario = Scenario::builtin();
    scenario.counts[crate::scenario::Count::Trials] = trials;
    scenario.counts[crate::scenario::Count::Reps] = 6;
    scenario
}

fn sweep_of(axes: &[(&str, &[f64])]) -> SweepResult {
    let scenario = small_scenario(8);
    let axes = axes
        .iter()
        .map(|(path, values)| Axis::new(&scenario, path, &ValueSpec::List(values.to_vec()), "--param").expect("valid sweep axis"))
        .collect();
    let grid = Grid::new("fixture".into(), axes).expect("valid grid");
    run_sweep(&scenario, &grid, None, &mut RunControl::default()).expect("sweep runs")
}

/// A 1-D sweep of a shared path that one strategy overrides, so the charts
/// show a strategy the path does not reach.
pub fn sweep_1d() -> SweepResult {
    sweep_of(&[("policy.coverage_target", &[2.0, 3.0, 4.0])])
}

/// A 2 x 3 sweep of two shared paths.
pub fn sweep_2d() -> SweepResult {
    sweep_of(&[("policy.maintenance_share", &[0.1, 0.4]), ("selling.win_rate", &[0.2, 0.25, 0.3])])
}

/// A tornado of every strategy.
pub fn tornado() -> Tornado {
    run_tornado(&small_scenario(6), 0.2, Objective::ShareAtQuota, 6, &mut RunControl::default()).expect("tornado runs")
}

/// A coverage plan of the first strategy over three targets.
pub fn plan() -> CoveragePlan {
    let scenario = small_scenario(8);
    let setup = PlanSetup::new(&scenario, &ValueSpec::List(vec![2.0, 3.0, 4.0]), vec![0]).expect("valid plan");
    // Every candidate confirmed with all 8 trials (precision 0).
    let req = PlanRequest { screen_trials: 6, precision: 0.0, ..PlanRequest::new(Objective::ShareAtQuota, &scenario) };
    run_plan(&scenario, &setup, &req, &mut RunControl::default()).expect("plan runs")
}

/// A calibration of a synthetic history (a team of 30 over five quarters)
/// against the built-in template's targeted strategy.
pub fn calibration() -> crate::calibrate::report::Report {
    use crate::calibrate::history::{ReadOptions, read_bytes};
    use crate::calibrate::synthetic::{Truth, generate};
    let text = generate(&Truth::default());
    let h = read_bytes(text.as_bytes(), "synthetic.csv", &ReadOptions::default()).expect("synthetic history reads");
    let opts = crate::calibrate::CalibrateOptions {
        template: Scenario::builtin(),
        template_strategy: Some("targeted".into()),
        quota: None,
        point_estimates: false,
        name: None,
    };
    let mut control = RunControl { pool: None, cancel: None, progress: None, records: None, share: None };
    crate::calibrate::calibrate(&h, &opts, &mut control).expect("synthetic history calibrates").report
}

/// A backtest of that calibration against its own history, 60 trials.
pub fn backtest() -> crate::calibrate::backtest::Backtest {
    use crate::calibrate::backtest::{RecordSink, compare_all, sized};
    use crate::calibrate::fit::panel;
    use crate::calibrate::history::{ReadOptions, read_bytes};
    use crate::calibrate::synthetic::{Truth, generate};
    let text = generate(&Truth::default());
    let h = read_bytes(text.as_bytes(), "synthetic.csv", &ReadOptions::default()).expect("synthetic history reads");
    let opts = crate::calibrate::CalibrateOptions {
        template: Scenario::builtin(),
        template_strategy: Some("targeted".into()),
        quota: None,
        point_estimates: false,
        name: None,
    };
    let mut control = RunControl { pool: None, cancel: None, progress: None, records: None, share: None };
    let c = crate::calibrate::calibrate(&h, &opts, &mut control).expect("synthetic history calibrates");
    let p = panel::build(&h);
    let mut sc = sized(&c.scenario, None, &p).expect("the history has counted quarters");
    sc.counts[crate::scenario::Count::Trials] = 60;
    let mut sink = RecordSink::new();
    let mut control = RunControl { pool: None, cancel: None, progress: None, records: Some(&mut sink), share: None };
    Engine::new(&sc).run(0..60, &mut control).expect("backtest runs");
    compare_all(&h, &p, &sc, &sink.trials)
}
