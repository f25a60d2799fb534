//! The planning year's figures of the summary: by counted quarter, and by
//! year (rep-years against annual quota, bookings against the annual plan).

use super::super::accum::StrategyAccum;
use super::super::interval::{Estimate, design_effect, wilson};
use super::super::moments::Moments;
use super::super::year::{QuarterAccum, YearAccum};
use super::{QuarterSummary, Share, YearSummary};
use crate::scenario::Scenario;

/// The strategy's counted quarters, in order.
/// The strategy's counted quarters, in order; `finite` adds its lists.
pub(super) fn quarters(a: &StrategyAccum, scenario: &Scenario, trials: u64, finite: bool) -> Vec<QuarterSummary> {
    let cal_first = scenario.first_season();
    a.quarters
        .iter()
        .enumerate()
        .map(|(q, acc)| {
            let mut s = quarter(acc, q as u32, (cal_first + q as u32) % 4 + 1, scenario.planned_seats(q as u32), trials);
            s.territory = finite.then(|| super::territory::territory(&acc.list));
            s
        })
        .collect()
}

fn quarter(acc: &QuarterAccum, q: u32, quarter_of_year: u32, planned_seats: u32, trials: u64) -> QuarterSummary {
    let n = acc.attainment.n;
    let q_at = |p: f64| if n > 0 { acc.histogram.quantile(p) } else { f64::NAN };
    let mean = if n > 0 { trial_estimate(&acc.trial_attainment, acc.attainment.mean, trials) } else { undefined() };
    QuarterSummary {
        quarter: q + 1,
        quarter_of_year,
        rep_quarters: n,
        mean_attainment: mean,
        at_quota: share(acc.at_quota, n, clustered(&acc.trial_at_quota, trials)),
        team_at_plan: share(acc.team_at_plan, acc.trials, 0.0),
        p10: q_at(0.1),
        p50: q_at(0.5),
        p90: q_at(0.9),
        planned_seats,
        seats_filled: estimate(&acc.filled),
        seats_vacant: estimate(&acc.vacant),
        seats_ramping: estimate(&acc.ramping),
        bookings_to_plan: estimate(&acc.bookings_to_plan),
        territory: None,
        at_quota_range: Some(acc.outcome.at_quota.spread().into()),
        mean_attainment_range: Some(acc.outcome.mean_attainment.spread().into()),
    }
}

/// The counted years, when the run counts at least one.
pub(super) fn year(a: &StrategyAccum, scenario: &Scenario, trials: u64) -> Option<YearSummary> {
    let years = scenario.quarters() / 4;
    if years == 0 {
        return None;
    }
    let y: &YearAccum = &a.year;
    let n = y.attainment.n;
    let plan = scenario.annual_plan();
    let q_at = |p: f64| if n > 0 { y.histogram.quantile(p) } else { f64::NAN };
    let bookings = |p: f64| y.bookings.quantile(p) * plan;
    Some(YearSummary {
        years,
        rep_years: n,
        attainment: if n > 0 { trial_estimate(&y.trial_attainment, y.attainment.mean, trials) } else { undefined() },
        attainment_p10: q_at(0.1),
        attainment_p50: q_at(0.5),
        attainment_p90: q_at(0.9),
        at_annual_quota: share(y.at_quota, n, clustered(&y.trial_at_quota, trials)),
        plan,
        bookings_p10: bookings(0.1),
        bookings_p50: bookings(0.5),
        bookings_p90: bookings(0.9),
        bookings_to_plan: estimate(&y.bookings_mean),
        makes_plan: share(y.at_plan, y.years, clustered(&y.trial_at_plan, trials)),
        at_annual_quota_range: Some(y.at_quota_trials.spread().into()),
    })
}

/// A mean attainment with its error from the spread of trial means.
fn trial_estimate(trial_means: &Moments, mean: f64, trials: u64) -> Estimate {
    Estimate::non_negative(mean, if trials >= 2 { trial_means.se() } else { 0.0 })
}

fn estimate(m: &Moments) -> Estimate {
    if m.n == 0 { undefined() } else { Estimate::normal(m.mean, m.se()) }
}

fn undefined() -> Estimate {
    Estimate { value: f64::NAN, se: f64::NAN, ci_low: f64::NAN, ci_high: f64::NAN }
}

fn clustered(trial_shares: &Moments, trials: u64) -> f64 {
    if trials >= 2 { trial_shares.se() } else { 0.0 }
}

/// A share with its Wilson interval, widened by the design effect of
/// trials; undefined (NaN) with nothing to count.
fn share(successes: u64, n: u64, se_clustered: f64) -> Share {
    if n == 0 {
        return Share { share: f64::NAN, ci_low: f64::NAN, ci_high: f64::NAN, design_effect: 1.0 };
    }
    let p = successes as f64 / n as f64;
    let naive = (p * (1.0 - p) / n as f64).sqrt();
    let deff = design_effect(se_clustered, naive);
    let (lo, hi) = wilson(p, n as f64 / deff);
    Share { share: p, ci_low: lo, ci_high: hi, design_effect: deff }
}
