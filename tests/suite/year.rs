//! The planning year against values derived from the contract: defaults that
//! leave every version-1 figure unchanged, attrition at its hazard, ramps
//! costing their analytic share, hires opening seats, seasons moving what
//! they should and nothing else, and determinism at any thread count.

use std::io::Write;

use quotasim::engine::{Engine, RunControl, thread_pool};
use quotasim::scenario::{Scenario, apply_override};
use quotasim::stats::Summary;

/// Identical reps, hours to spare, a fixed 4-week cycle (close = week of
/// touches + 6), a coverage target never reached: the funnel is binomial
/// algebra (as in tests/analytic.rs).
fn degenerate(extra: &str) -> String {
    format!(
        r#"
name = "year"
[simulation]
trials = 400
quarters = 4
warmup_quarters = 1
weeks_per_quarter = 13
seed = 17
[team]
reps = 10
quota = 87500
hours_per_week = 60
skill_spread = 0.0
{extra}
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
hours_per_first_meeting = 0
hours_per_second_meeting = 0
deal_hours_per_week = 0
[[strategy]]
name = "only"
"#
    )
}

fn scenario(text: &str, sets: &[(&str, &str)]) -> Scenario {
    let mut s = Scenario::from_toml(text, "year.toml").expect("valid scenario");
    for (p, v) in sets {
        apply_override(&mut s, p, v).expect("valid override");
    }
    s
}

fn run(s: &Scenario) -> Summary {
    let acc = Engine::new(s).run(0..s.trials(), &mut RunControl::default()).expect("run");
    Summary::build(s, &acc)
}

/// The records of a run, one row per rep-quarter.
fn records(s: &Scenario, threads: usize) -> Vec<u8> {
    let pool = thread_pool(Some(threads)).unwrap();
    let mut out: Vec<u8> = quotasim::stats::metrics::records_header().into_bytes();
    {
        let w: &mut dyn Write = &mut out;
        let mut control = RunControl { pool: Some(&pool), records: Some(w), ..Default::default() };
        Engine::new(s).run(0..s.trials(), &mut control).expect("run");
    }
    out
}

/// Column `name` of every record row of counted quarter `quarter` (1-based).
fn column(records: &[u8], name: &str, quarter: usize) -> Vec<f64> {
    let text = String::from_utf8_lossy(records);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
    let (qi, ci) = (header.iter().position(|h| *h == "quarter").unwrap(), header.iter().position(|h| *h == name).unwrap());
    lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[qi].parse::<usize>().ok() == Some(quarter))
        .map(|f| f[ci].parse::<f64>().unwrap())
        .collect()
}

fn assert_within(what: &str, got: f64, expected: f64, se: f64) {
    assert!((got - expected).abs() <= 4.0 * se + 1e-9, "{what}: got {got}, expected {expected} +- 4 x {se}");
}

#[test]
fn with_every_new_key_at_its_default_every_version_1_figure_is_unchanged() {
    // Version 1's own outputs (300 trials of the shipped scenarios, seed as in
    // the files), recorded before the planning year existed. Opportunities
    // have drawn their numbers by position since, so the figures are compared
    // as estimates: every one that carries its standard error within the
    // family-wise 1% limit on |z| (Bonferroni), the counts exactly.
    let mut figures = Vec::new();
    for (file, fixture) in [
        ("scenarios/default.toml", include_str!("../fixtures/v1/default-300.json")),
        ("scenarios/uncertain-inputs.toml", include_str!("../fixtures/v1/uncertain-300.json")),
    ] {
        let mut s = Scenario::load(std::path::Path::new(file)).unwrap();
        s.counts[quotasim::scenario::Count::Trials] = 300;
        let new: serde_json::Value = serde_json::from_slice(&quotasim::report::json::summary_json(&run(&s))).unwrap();
        let old: serde_json::Value = serde_json::from_str(fixture).unwrap();
        for (a, b) in old["strategies"].as_array().unwrap().iter().zip(new["strategies"].as_array().unwrap()) {
            assert_eq!((&a["name"], &a["rep_quarters"]), (&b["name"], &b["rep_quarters"]), "{file}");
            let name = a["name"].as_str().unwrap();
            let (a, b) = (estimates(a, ""), estimates(b, ""));
            assert!(a.len() >= 22, "{file}: {a:?}");
            for (path, value, se) in a {
                let now = b.iter().find(|y| y.0 == path).unwrap_or_else(|| panic!("{file}, {name}: {path} is gone"));
                figures.push((format!("{file}, {name}: {path}"), value, se, now.1, now.2));
            }
        }
    }
    let limit = quotasim::numeric::special::standard_normal_quantile(1.0 - 0.01 / (2.0 * figures.len() as f64));
    for (what, old, old_se, new, new_se) in figures {
        let z = (new - old) / old_se.hypot(new_se);
        assert!(z.abs() <= limit, "{what}: version 1 {old} +- {old_se}, now {new} +- {new_se}: |z| = {z:.2} > {limit:.2}");
    }
}

/// Every figure of a strategy's summary (version 1's schema) that carries
/// its standard error, by path: `{value, se}` objects, `x` beside `x_se`,
/// groups beside their `_se` group, shares and quantiles by their 95%
/// confidence intervals.
fn estimates(v: &serde_json::Value, path: &str) -> Vec<(String, f64, f64)> {
    let mut out = Vec::new();
    let Some(m) = v.as_object() else { return out };
    let z95 = quotasim::numeric::special::standard_normal_quantile(0.975);
    if let (Some(value), Some(se)) = (m.get("value").and_then(|x| x.as_f64()), m.get("se").and_then(|x| x.as_f64())) {
        return vec![(path.to_string(), value, se)];
    }
    if let (Some(share), Some(lo), Some(hi)) = (m.get("share"), m.get("ci_low"), m.get("ci_high")) {
        let se = (hi.as_f64().unwrap() - lo.as_f64().unwrap()) / (2.0 * z95);
        return vec![(format!("{path}.share"), share.as_f64().unwrap(), se)];
    }
    for (k, x) in m {
        let at = format!("{path}.{k}");
        let se = m.get(&format!("{k}_se"));
        let ci = m.get(&format!("{k}_ci")).and_then(|c| Some((c[0].as_f64()?, c[1].as_f64()?))).filter(|(lo, hi)| hi > lo);
        match (x.as_f64(), se) {
            // A quantile, by its interval (skipped where it is exact: an atom at zero).
            (Some(value), None) if ci.is_some() => out.push((at, value, ci.map_or(0.0, |(lo, hi)| (hi - lo) / (2.0 * z95)))),
            (Some(value), Some(se)) => out.push((at, value, se.as_f64().unwrap())),
            (None, Some(se)) => {
                for (kk, xx) in x.as_object().unwrap() {
                    out.push((format!("{at}.{kk}"), xx.as_f64().unwrap(), se[kk].as_f64().unwrap()));
                }
            }
            _ => out.extend(estimates(x, &at)),
        }
    }
    out
}

#[test]
fn seats_fall_vacant_at_the_hazard_of_the_yearly_rate() {
    // 20% a year, no backfill: a seat is vacant in week t of the year with
    // probability 1 - (1 - h)^t (the rep leaves after some earlier week's closes).
    let s = scenario(&degenerate("attrition_rate = 0.2\nbackfill = false"), &[]);
    let sum = run(&s);
    let h = 1.0 - (1.0f64 - 0.2).powf(1.0 / 52.0);
    for q in &sum.strategies[0].quarters {
        let weeks = (13 * (q.quarter - 1))..(13 * q.quarter);
        let expected = 10.0 * weeks.map(|t| 1.0 - (1.0 - h).powi(t as i32)).sum::<f64>() / 13.0;
        assert_within(&format!("vacant seats in Q{}", q.quarter), q.seats_vacant.value, expected, q.seats_vacant.se);
        assert!((q.seats_filled.value + q.seats_vacant.value - 10.0).abs() < 1e-9);
    }
}

/// Productivity of a new hire by tenure t (weeks) under a two-quarter ramp.
fn ramp(t: i64) -> f64 {
    if t < 0 { 0.0 } else { ((t + 1) as f64 / 26.0).min(1.0) }
}

#[test]
fn a_team_of_new_hires_loses_the_analytic_share_of_its_first_quarter() {
    // Every seat starts the year with a new hire (tenure 0, empty book). A win
    // in week w comes from touches in week w - 6 (cadence x ramp, floored) and
    // is decided at the ramp of week w: p_win = o r / (1 + o r). A tenured
    // team wins at full rate from the first week (its pipeline is warm).
    let tenured = run(&scenario(&degenerate(""), &[]));
    let hires = run(&scenario(&degenerate("new_hire_share = 1.0\nramp_quarters = 2"), &[]));
    let odds = 0.3 / 0.7;
    let p_win = |r: f64| odds * r / (1.0 + odds * r);
    let share: f64 = (0..13i64).map(|w| (100.0 * ramp(w - 6) + 1e-9).floor() / 100.0 * p_win(ramp(w)) / p_win(1.0)).sum::<f64>() / 13.0;
    let (t, h) = (&tenured.strategies[0].quarters[0], &hires.strategies[0].quarters[0]);
    let got = h.mean_attainment.value / t.mean_attainment.value;
    let se =
        got * ((h.mean_attainment.se / h.mean_attainment.value).powi(2) + (t.mean_attainment.se / t.mean_attainment.value).powi(2)).sqrt();
    assert_within("first quarter's output of new hires over tenured reps", got, share, se);
    // Every seat ramps for tenures 0 to 24 (at 25, (25 + 1) / 26 = 1): all
    // of Q1, 12 of Q2's 13 weeks, none of Q3.
    let q = &hires.strategies[0].quarters;
    assert_eq!((q[0].seats_ramping.value, q[1].seats_ramping.value, q[2].seats_ramping.value), (10.0, 10.0 * 12.0 / 13.0, 0.0));
}

#[test]
fn a_hiring_plan_opens_its_seats_in_its_quarter() {
    let text = degenerate("") + "[[hire]]\nquarter = 2\nreps = 3\n[[hire]]\nquarter = 4\nreps = 1\n";
    let sum = run(&scenario(&text, &[("team.ramp_quarters", "0.5")]));
    let q = &sum.strategies[0].quarters;
    let planned: Vec<u32> = q.iter().map(|x| x.planned_seats).collect();
    assert_eq!(planned, vec![10, 13, 13, 14]);
    // No attrition: every planned seat is filled every week; hires ramp for
    // half a quarter (6.5 weeks: 7 of their quarter's 13 weeks below full).
    for x in q {
        assert_eq!(x.seats_filled.value, f64::from(x.planned_seats));
        assert_eq!(x.seats_vacant.value, 0.0);
    }
    assert_eq!(q[1].seats_ramping.value, 3.0 * 6.0 / 13.0);
    assert_eq!(q[3].seats_ramping.value, 6.0 / 13.0);
    // Rep-quarters: every seat present; rep-years only for the ten seats there all year.
    assert_eq!(q[1].rep_quarters, 400 * 13);
    assert_eq!(sum.strategies[0].year.as_ref().unwrap().rep_years, 400 * 10);
}

#[test]
fn seasons_move_what_they_should_and_nothing_else() {
    // Q3 of the year: buyers respond at twice the odds and selling hours
    // halve; Q4: win odds double. The warm-up is Q4 of the previous year.
    let base = scenario(&degenerate(""), &[("simulation.trials", "300")]);
    let seasonal = scenario(
        &degenerate(""),
        &[
            ("simulation.trials", "300"),
            ("seasonality.response", "[1, 1, 2, 1]"),
            ("seasonality.hours", "[1, 1, 0.5, 1]"),
            ("seasonality.win_odds", "[1, 1, 1, 2]"),
        ],
    );
    let (plain, with) = (records(&base, 2), records(&seasonal, 2));
    // Quarters 1 and 2 (and the warm-up before them) are untouched.
    for q in [1, 2] {
        for name in ["touches", "connects", "first_meetings", "won", "attainment"] {
            assert_eq!(column(&plain, name, q), column(&with, name, q), "{name} in Q{q}");
        }
    }
    // Q3: 30 selling hours of 1-minute touches still allow the full cadence.
    let touches: f64 = column(&with, "touches", 3).iter().sum();
    assert_eq!(touches, column(&plain, "touches", 3).iter().sum::<f64>());
    // Connect odds double: c' = 2c / (1 - c + 2c).
    let connects: f64 = column(&with, "connects", 3).iter().sum();
    let c2 = 2.0 * 0.1 / (1.0 - 0.1 + 2.0 * 0.1);
    assert_within("connect rate in Q3", connects / touches, c2, (c2 * (1.0 - c2) / touches).sqrt());
    // Q4: won / closed of qualified opportunities at doubled win odds.
    let (won, lost): (f64, f64) = (column(&with, "won", 4).iter().sum(), column(&with, "lost", 4).iter().sum());
    let w2 = 2.0 * 0.3 / 0.7 / (1.0 + 2.0 * 0.3 / 0.7);
    let closed = won + lost;
    assert_within("win rate in Q4", won / closed, w2, (w2 * (1.0 - w2) / closed).sqrt());
}

#[test]
fn hours_of_a_season_cap_the_cadence() {
    // 10 hours a week of 6-minute touches: 100 touches; half the hours in Q2: 50.
    let s = scenario(
        &degenerate(""),
        &[
            ("simulation.trials", "20"),
            ("team.hours_per_week", "10"),
            ("selling.minutes_per_touch", "6"),
            ("seasonality.hours", "[1, 0.5, 1, 1]"),
        ],
    );
    let r = records(&s, 1);
    assert!(column(&r, "touches", 1).iter().all(|t| *t == 1300.0));
    assert!(column(&r, "touches", 2).iter().all(|t| *t == 650.0));
}

#[test]
fn every_mechanic_on_is_identical_at_any_thread_count() {
    let text = degenerate(
        "attrition_rate = 0.3\nbackfill_weeks = 4\nnew_hire_share = 0.4\norphaned_deals = \"lost\"\nramp_quota = \"prorated\"",
    ) + "[seasonality]\nhours = [1, 0.8, 1, 1.1]\nwin_odds = [1, 1, 1.2, 1]\ncycle = [1.5, 1, 1, 1]\nfirst_quarter = 3\n[[hire]]\nquarter = 2\nreps = 2\n";
    let s = scenario(&text, &[("simulation.trials", "60"), ("team.skill_spread", "0.4")]);
    let one = records(&s, 1);
    assert!(one.len() > 1000);
    for threads in [2, 8] {
        assert_eq!(one, records(&s, threads), "{threads} threads");
    }
}
