//! Synthetic CRM histories drawn from known parameters, in the format
//! `quotasim run --history` writes ([`super::export`]: ISO dates on the
//! Monday of each week, week 0 = 2026-01-05): what the tests of the fits
//! recover parameters from, and what the benchmarks read.
//!
//! Each rep has an opportunity rate (Gamma across reps around `volume`, so
//! counts are negative binomial) and a win probability (Beta across reps
//! around `win`, so wins are beta-binomial). Every week a rep opens a
//! Poisson number of opportunities; each closes 1 + max(1, round(c)) weeks
//! later, c ~ LogNormal(cycle), won with the rep's probability (won ones
//! had their second meeting the week after they opened, lost ones with
//! probability `qualified_lost`), worth LogNormal(size) when won (times
//! `second_product_ratio` for a second product's share of deals). Those
//! that would close after the last week are still open.

use rand_distr::{Beta, Distribution, Gamma, Poisson};

use crate::calibrate::calendar::Day;
use crate::calibrate::history::Stage;
use crate::numeric::rng::{Purpose, Stream};

/// The parameters a history is drawn from.
#[derive(Clone, Debug, PartialEq)]
pub struct Truth {
    pub reps: u32,
    /// Weeks before week 0 (a warm-up, as a simulation's) and from week 0.
    pub warmup_weeks: i32,
    pub weeks: i32,
    /// Mean opportunities per rep-week, and the dispersion of reps' rates
    /// (1 / Gamma shape; 0 = identical reps).
    pub volume: f64,
    pub volume_theta: f64,
    /// Mean win probability of a closed opportunity, and the dispersion of
    /// reps' probabilities (1 / (a + b) of their Beta; 0 = identical reps).
    pub win: f64,
    pub win_theta: f64,
    /// Share of lost opportunities that had their second meeting.
    pub qualified_lost: f64,
    pub size_median: f64,
    pub size_sigma: f64,
    /// A second product: this share of deals (0 = none) is worth
    /// `second_product_ratio` times a first product's deal.
    pub second_product_share: f64,
    pub second_product_ratio: f64,
    pub cycle_median: f64,
    pub cycle_sigma: f64,
    pub seed: u64,
}

impl Default for Truth {
    /// A mid-market team over a warm-up quarter and four counted quarters.
    fn default() -> Truth {
        Truth {
            reps: 30,
            warmup_weeks: 13,
            weeks: 52,
            volume: 1.2,
            volume_theta: 0.1,
            win: 0.15,
            win_theta: 0.02,
            qualified_lost: 0.4,
            size_median: 25_000.0,
            size_sigma: 0.7,
            second_product_share: 0.0,
            second_product_ratio: 1.0,
            cycle_median: 10.0,
            cycle_sigma: 0.5,
            seed: 1,
        }
    }
}

/// The first day of week 0.
pub fn week_zero() -> Day {
    super::export::week_zero(1)
}

/// One drawn opportunity.
#[derive(Clone, Debug, PartialEq)]
pub struct SynthOpportunity {
    pub id: u64,
    /// 0-based rep index (written `rep-001` for 0).
    pub rep: u32,
    pub created: Day,
    /// The second meeting's day, when it happened by the last week.
    pub qualified: Option<Day>,
    /// The close day, for won and lost ones.
    pub closed: Option<Day>,
    pub stage: Stage,
    /// The deal's value (drawn for every opportunity; written for won ones).
    pub value: f64,
}

/// Every opportunity of the history, rep by rep, week by week.
pub fn opportunities(t: &Truth) -> Vec<SynthOpportunity> {
    let origin = week_zero();
    let day = |w: i32| origin.plus(7 * w);
    let end = t.weeks; // weeks -warmup .. end-1
    let mut out = Vec::new();
    let mut id = 0u64;
    for rep in 0..t.reps {
        let mut rng = Stream::new(t.seed, 0, u64::from(rep), Purpose::Rep);
        let rate = if t.volume_theta > 0.0 {
            Gamma::new(1.0 / t.volume_theta, t.volume * t.volume_theta).map_or(t.volume, |g| g.sample(rng.rng()))
        } else {
            t.volume
        };
        let p: f64 = if t.win_theta > 0.0 {
            Beta::new(t.win / t.win_theta, (1.0 - t.win) / t.win_theta).map_or(t.win, |b| b.sample(rng.rng()))
        } else {
            t.win
        };
        let mut opp = Stream::new(t.seed, 0, u64::from(rep), Purpose::Opportunity);
        for w in -t.warmup_weeks..end {
            let n = if rate > 0.0 { Poisson::new(rate).map_or(0.0, |d| d.sample(opp.rng())) as u64 } else { 0 };
            for _ in 0..n {
                id += 1;
                let k = ((t.cycle_median * (t.cycle_sigma * opp.normal()).exp()).round() as i32).max(1);
                let close = w + 1 + k;
                let won = opp.uniform() < p;
                let qualified = won || opp.uniform() < t.qualified_lost;
                let value = t.size_median * (t.size_sigma * opp.normal()).exp();
                // Drawn only with a second product: other histories keep their draws.
                let value = if t.second_product_share > 0.0 && opp.uniform() < t.second_product_share {
                    value * t.second_product_ratio
                } else {
                    value
                };
                let open = close >= end;
                out.push(SynthOpportunity {
                    id,
                    rep,
                    created: day(w),
                    // The second meeting is the week after; one after the last week has not happened.
                    qualified: (qualified && w + 1 < end).then(|| day(w + 1)),
                    closed: (!open).then(|| day(close)),
                    stage: if open {
                        Stage::Open
                    } else if won {
                        Stage::Won
                    } else {
                        Stage::Lost
                    },
                    value,
                });
            }
        }
    }
    out
}

/// The history's CSV text, in the format of `quotasim run --history`.
pub fn generate(t: &Truth) -> String {
    let mut out = String::from(super::export::HEADER);
    for o in opportunities(t) {
        let row = super::export::Row {
            id: o.id,
            owner: o.rep + 1,
            created: o.created,
            qualified: o.qualified,
            closed: o.closed,
            stage: o.stage,
            amount: Some(o.value),
        };
        super::export::write_row(&mut out, &row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histories_have_the_agreed_format_and_are_reproducible() {
        let t = Truth { reps: 3, weeks: 20, ..Truth::default() };
        let a = generate(&t);
        assert_eq!(a, generate(&t));
        assert_ne!(a, generate(&Truth { seed: 2, ..t.clone() }));
        let mut lines = a.lines();
        assert_eq!(lines.next(), Some("id,owner,created,qualified,closed,stage,amount"));
        for l in lines {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), 7, "{l}");
            assert!(f[1].starts_with("rep-00"));
            let stage = f[5];
            assert!(["won", "lost", "open"].contains(&stage));
            assert_eq!(f[4].is_empty(), stage == "open");
            assert!(f[6].parse::<u64>().is_ok(), "whole currency: {l}");
            if stage == "won" {
                assert!(!f[3].is_empty());
            }
            assert!(f[3].is_empty() || f[3] > f[2], "qualified after created: {l}");
        }
    }
}
