//! The range of outcomes against exact distributions.
//!
//! In a degenerate scenario (identical reps, deal sizes and cycles fixed to a thousandth, quotas between whole deals, no
//! uncertain input) every rep-quarter's wins are Binomial(1300, p) and
//! independent, so a trial's count of rep-quarters at quota, its total wins
//! and its quarters at team plan are binomial too: their P10 and P90 are
//! known exactly. The reported percentiles of trial values must sit where
//! the exact distribution puts them, within the Monte Carlo error of a
//! quantile of `TRIALS` trials (the exact cumulative probability at the
//! reported value may miss 10% or 90% by 4 standard errors at most).

use quotasim::engine::{Engine, RunControl};
use quotasim::scenario::Scenario;
use quotasim::stats::Summary;
use quotasim::stats::summary::Spread;

const TRIALS: u64 = 1500;
const REPS: u64 = 20;
const QUARTERS: u64 = 4;
/// Touches per rep-quarter, and the chance one becomes a won deal.
const TOUCHES: u64 = 1300;
const P_WIN: f64 = 0.1 * 0.2 * 0.5 * 0.3;

fn scenario() -> String {
    format!(
        r#"
name = "outcome ranges"
[simulation]
trials = {TRIALS}
quarters = {QUARTERS}
warmup_quarters = 1
weeks_per_quarter = 13
seed = 5
[team]
reps = {REPS}
quota = 90000
hours_per_week = 60
skill_spread = 0.0
[policy]
coverage_target = 100
[selling]
touches_per_week = 100
minutes_per_touch = 1.0
connect_rate = 0.1
meeting_rate = 0.2
second_meeting_rate = 0.5
win_rate = 0.3
fit = 0.5
fit_effect = 0.0
size_fit_effect = 0.0
attention_effect = 0.0
deal_size_median = 25000
deal_size_sigma = 0.001
cycle_weeks_median = 4
cycle_weeks_sigma = 0.001
[[strategy]]
name = "only"
"#
    )
}

fn run() -> Summary {
    let scenario = Scenario::from_toml(&scenario(), "outcome.toml").expect("valid scenario");
    let acc = Engine::new(&scenario).run(0..scenario.trials(), &mut RunControl::default()).expect("run");
    Summary::build(&scenario, &acc)
}

/// P(X <= k) for X ~ Binomial(n, p); 0 for k < 0.
fn binomial_cdf(n: u64, p: f64, k: i64) -> f64 {
    if k < 0 {
        return 0.0;
    }
    // In logs: n is large enough for (1 - p)^n to underflow.
    let mut log_pmf = n as f64 * (1.0 - p).ln();
    let mut cdf = log_pmf.exp();
    for i in 0..(k as u64).min(n) {
        log_pmf += ((n - i) as f64 / (i + 1) as f64 * p / (1.0 - p)).ln();
        cdf += log_pmf.exp();
    }
    cdf.min(1.0)
}

/// The reported p-quantile `value`, read as a count of `units` per unit of
/// the figure (value x units = k, within the reader's bin), must be where
/// Binomial(n, q) puts that quantile: F(k - 1) <= p <= F(k), give or take
/// four standard errors of an empirical quantile's rank.
fn assert_quantile(what: &str, value: f64, units: f64, n: u64, q: f64, p: f64) {
    // A little slack below: deal values vary by a thousandth (sigma 0.001).
    let k = (value * units + 0.05).floor() as i64;
    let tol = 4.0 * (p * (1.0 - p) / TRIALS as f64).sqrt();
    let (below, at) = (binomial_cdf(n, q, k - 1), binomial_cdf(n, q, k));
    assert!(
        below <= p + tol && at >= p - tol,
        "{what}: reported {value} (k = {k}) has F(k-1) = {below:.4}, F(k) = {at:.4}, not around {p}"
    );
}

fn assert_spread(what: &str, s: &Spread, units: f64, n: u64, q: f64) {
    assert_quantile(&format!("{what} P10"), s.p10, units, n, q, 0.1);
    assert_quantile(&format!("{what} P90"), s.p90, units, n, q, 0.9);
    assert!(s.p10 <= s.p50 && s.p50 <= s.p90, "{what}: {s:?}");
    assert!(s.p10_ci[0] <= s.p10 && s.p10 <= s.p10_ci[1] && s.p90_ci[0] <= s.p90 && s.p90 <= s.p90_ci[1], "{what}: {s:?}");
}

#[test]
fn ranges_of_outcomes_match_the_exact_binomial_percentiles() {
    let s = run();
    let st = &s.strategies[0];
    let o = st.outcome_range.as_ref().expect("a run reports its ranges of outcomes");
    assert_eq!(o.trials, TRIALS);
    let rep_quarters = REPS * QUARTERS;

    // A rep-quarter is at quota with 4 wins or more (quota = 3.6 deals):
    // a trial's rep-quarters at quota ~ Binomial(80, P(wins >= 4)).
    let p_quota = 1.0 - binomial_cdf(TOUCHES, P_WIN, 3);
    assert_spread("share at quota", &o.at_quota, rep_quarters as f64, rep_quarters, p_quota);

    // A trial's mean attainment = its wins x 25,000 / (80 x 90,000), wins ~ Binomial(80 x 1300, p).
    let value = 25000.0 * (0.001f64 * 0.001 / 2.0).exp();
    let wins_per_unit = rep_quarters as f64 * 90000.0 / value;
    assert_spread("mean attainment", &o.mean_attainment, wins_per_unit, rep_quarters * TOUCHES, P_WIN);

    // The team makes a quarter's plan (20 x 3.6 = 72 deals) with P(Binomial(26,000, p) >= 72);
    // a trial's quarters at plan ~ Binomial(4, that).
    let p_plan = 1.0 - binomial_cdf(REPS * TOUCHES, P_WIN, 71);
    assert_spread("quarters at team plan", &o.quarters_at_plan, QUARTERS as f64, QUARTERS, p_plan);

    // A rep-year is at annual quota (14.4 deals) with 15 wins of its 5,200 touches or more.
    let p_year = 1.0 - binomial_cdf(QUARTERS * TOUCHES, P_WIN, 14);
    let year = st.year.as_ref().and_then(|y| y.at_annual_quota_range).expect("a year's range");
    assert_spread("rep-years at annual quota", &year, REPS as f64, REPS, p_year);

    // The range of outcomes is far wider than the Monte Carlo interval of the average.
    assert!(o.at_quota.p90 - o.at_quota.p10 > 5.0 * (st.at_quota.ci_high - st.at_quota.ci_low), "{o:?}");
}

#[test]
fn every_counted_quarter_has_its_own_range() {
    let s = run();
    for q in &s.strategies[0].quarters {
        let r = q.at_quota_range.expect("a quarter's range");
        // A quarter's 20 rep-quarters: Binomial(20, P(wins >= 4)), read in half-point bins.
        let p_quota = 1.0 - binomial_cdf(TOUCHES, P_WIN, 3);
        assert_spread(&format!("Q{} at quota", q.quarter), &r, REPS as f64, REPS, p_quota);
    }
}
