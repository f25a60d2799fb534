//! The engine against values derived by hand from the model.
//!
//! Degenerate scenarios (identical reps, no fit or attention effects, a fixed
//! cycle, hours to spare) turn the funnel into binomial algebra: every touch
//! independently connects, books, qualifies and wins, so counts per
//! rep-quarter have known means and variances. Tolerances are a few Monte
//! Carlo standard errors computed from those variances, at fixed seeds.

use quotasim::engine::{Engine, RunControl};
use quotasim::scenario::Scenario;
use quotasim::stats::Summary;

/// Identical reps, fit and attention irrelevant, cycle exactly 4 weeks
/// (close = first-meeting week + 5), always below the coverage target.
fn degenerate(extra_selling: &str, extra_policy: &str) -> String {
    format!(
        r#"
name = "analytic"
[simulation]
trials = 200
quarters = 4
warmup_quarters = 1
weeks_per_quarter = 13
seed = 99
[team]
reps = 20
quota = 87500
hours_per_week = 60
skill_spread = 0.0
[policy]
coverage_target = 100
maintenance_share = 0.25
{extra_policy}
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
{extra_selling}
[[strategy]]
name = "only"
"#
    )
}

fn run(text: &str) -> Summary {
    let scenario = Scenario::from_toml(text, "test.toml").expect("valid scenario");
    let engine = Engine::new(&scenario);
    let acc = engine.run(0..scenario.trials(), &mut RunControl::default()).expect("run");
    Summary::build(&scenario, &acc)
}

fn assert_near(what: &str, got: f64, expected: f64, sd_per_obs: f64, n: f64) {
    let se = sd_per_obs / n.sqrt();
    assert!((got - expected).abs() <= 4.0 * se + 1e-12, "{what}: got {got}, expected {expected} +- 4 x {se}");
}

fn binomial_cdf(n: u64, p: f64, k: u64) -> f64 {
    // Sum of pmf(0..=k) by the ratio recurrence.
    let mut pmf = (1.0 - p).powi(n as i32);
    let mut cdf = pmf;
    for i in 0..k {
        pmf *= (n - i) as f64 / (i + 1) as f64 * p / (1.0 - p);
        cdf += pmf;
    }
    cdf
}

#[test]
fn binomial_funnel_matches_algebra() {
    let s = run(&degenerate("", ""));
    let st = &s.strategies[0];
    let n = st.rep_quarters as f64;
    assert_eq!(n, 200.0 * 20.0 * 4.0);
    let weeks = 13.0;
    let (t, c, m, q2, w) = (100.0, 0.1, 0.2, 0.5, 0.3);
    // Touches are deterministic: the full cadence every week.
    assert_eq!(st.funnel.touches, weeks * t);
    // Connects per quarter ~ Bin(1300, 0.1).
    assert_near("connects", st.funnel.connects, weeks * t * c, (weeks * t * c * (1.0 - c)).sqrt(), n);
    // First meetings held ~ Bin(1300, c*m) (booked the week before).
    let pm = c * m;
    assert_near("first meetings", st.funnel.first_meetings, weeks * t * pm, (weeks * t * pm * (1.0 - pm)).sqrt(), n);
    // Second meetings ~ Bin(1300, c*m*q2).
    let pq = pm * q2;
    assert_near("qualified", st.funnel.qualified, weeks * t * pq, (weeks * t * pq * (1.0 - pq)).sqrt(), n);
    // Wins in a quarter come from the 13 weeks of touches six weeks earlier.
    let pw = pq * w;
    assert_near("won", st.funnel.won, weeks * t * pw, (weeks * t * pw * (1.0 - pw)).sqrt(), n);
    // Win rate of qualified opportunities = win_rate.
    let closed = st.funnel.won + st.funnel.lost;
    assert!((st.win_rate.qualified.value - w).abs() < 4.0 * (w * (1.0 - w) / (closed * n)).sqrt());
    // Phantoms: first meetings without a second one, dropped at their close week.
    assert_near("phantoms", st.funnel.phantoms_closed, weeks * t * pm * (1.0 - q2), (weeks * t * pm * (1.0 - q2)).sqrt(), n);

    // Deal size is fixed (sigma 0.001), so at quota <=> wins >= 4 (quota = 3.5 deals).
    let p_quota = 1.0 - binomial_cdf(1300, pw, 3);
    assert_near("share at quota", st.at_quota.share, p_quota, (p_quota * (1.0 - p_quota)).sqrt(), n);
    assert!(st.at_quota.ci_low <= p_quota && p_quota <= st.at_quota.ci_high, "Wilson interval covers the truth");
    // Mean attainment = E[wins] x deal value / quota.
    let value = 25000.0 * (0.001f64 * 0.001 / 2.0).exp();
    let expected_mean = weeks * t * pw * value / 87500.0;
    assert_near("mean attainment", st.attainment.mean, expected_mean, (weeks * t * pw).sqrt() * value / 87500.0, n);
    // Hours: prospecting is touches x 1 minute; meetings 1.5 h and 2 h each.
    assert!((st.hours_per_week.prospecting - t / 60.0).abs() < 1e-9);
    let meeting_hours = (t * pm * 1.5 + t * pq * 2.0) * 1.0;
    assert_near("meeting hours", st.hours_per_week.meetings, meeting_hours, 3.0 / weeks.sqrt(), n);
    // Nothing is ever short of hours: full attention.
    assert!((st.attention.value - 1.0).abs() < 1e-12);
}

#[test]
fn coverage_at_target_switches_to_maintenance_cadence() {
    // Target 0: coverage is always at or above it, so the rep plans 25% of 100.
    let text = degenerate("", "").replace("coverage_target = 100", "coverage_target = 0");
    let s = run(&text);
    assert_eq!(s.strategies[0].funnel.touches, 13.0 * 25.0);
}

#[test]
fn mandate_starves_deals_when_hours_run_out() {
    // 6 hours a week: the mandated cadence (100 touches x 3 min = 5 h) leaves
    // about an hour for meetings and deals, so attention must fall below 1,
    // and with attention_effect > 0 the win rate of qualified falls below win_rate.
    let text = degenerate("", "prospecting_priority = \"mandate\"")
        .replace("hours_per_week = 60", "hours_per_week = 6")
        .replace("minutes_per_touch = 1.0", "minutes_per_touch = 3.0")
        .replace("attention_effect = 0.0", "attention_effect = 1.5");
    let s = run(&text);
    let st = &s.strategies[0];
    assert!(st.attention.value < 0.6, "attention {}", st.attention.value);
    assert!(st.win_rate.qualified.value < 0.3 - 4.0 * st.win_rate.qualified.se);
    // Deals-first under the same hours protects attention.
    let deals = run(&text.replace("prospecting_priority = \"mandate\"", "prospecting_priority = \"deals\""));
    assert!(deals.strategies[0].attention.value > st.attention.value);
}

#[test]
fn skill_spread_keeps_mean_skill_at_one_for_odds() {
    // With skill_effect 0, skill cannot matter: identical to no spread at all.
    let base = run(&degenerate("", ""));
    let spread = run(&degenerate("", "").replace("skill_spread = 0.0", "skill_spread = 0.8\nskill_effect = 0.0"));
    assert_eq!(base.strategies[0], spread.strategies[0]);
}

#[test]
fn solve_finds_the_quota_of_a_binomial_quantile() {
    use quotasim::study::Objective;
    use quotasim::study::solve::{Answer, Goal, SolveMetric, SolveParam, SolveRequest, Space, run_solve};
    // Wins per rep-quarter ~ Bin(1300, 0.003) of $25,000 each: the share at
    // quota is P(W >= 4) for a quota in (75k, 100k] and P(W >= 5) in (100k,
    // 125k]. A target between the two is met exactly where the quota passes
    // four deals: $100,000.
    let pw = 0.1 * 0.2 * 0.5 * 0.3;
    let (p4, p5) = (1.0 - binomial_cdf(1300, pw, 3), 1.0 - binomial_cdf(1300, pw, 4));
    let target = 0.5 * (p4 + p5);
    let scenario = Scenario::from_toml(&degenerate("", ""), "test.toml").expect("valid scenario");
    let param = SolveParam::parse(&scenario, "team.quota").unwrap();
    let req = SolveRequest {
        param,
        metric: SolveMetric::Objective(Objective::ShareAtQuota),
        goal: Goal::Target(target),
        space: Space { lo: 30_000.0, hi: 200_000.0, integer: false, geometric: false },
        strategies: vec![0],
        trials: 200,
        screen_trials: 200,
    };
    let r = run_solve(&scenario, &req, &mut RunControl::default()).unwrap();
    let s = &r.strategies[0];
    let Answer::Root { x, .. } = s.found.answer else { panic!("{:?}", s.found.answer) };
    // Deal sizes spread by 0.1% (sigma 0.001), so four deals sum to $100k
    // within a few tenths of a percent.
    assert!((x - 100_000.0).abs() < 500.0, "quota {x} for target {target} (P(W>=4) = {p4}, P(W>=5) = {p5})");
}
