//! Simulated against actual rep-quarters, one measure at a time.
//!
//! A history is one small sample: a few reps over a few quarters. So every
//! simulated figure is set beside the range the same figure takes over
//! simulated histories *of the history's size* (each trial simulates one:
//! the history's reps and quarters, with its own draw of every uncertain
//! input), and the test of the whole distribution is a Monte Carlo
//! Kolmogorov-Smirnov test: its p-value is the share of simulated histories
//! at least as far from the baseline as the real one. That is exact at any
//! size, handles the ties of counts, and keeps the correlation of a rep's
//! quarters, which a textbook two-sample test would ignore.

use serde::Serialize;

use super::records::{Measure, Row};
use crate::calibrate::fit::stats::{quantile_ci, quantile_sorted, ratio};

/// The quantiles compared.
pub const LEVELS: [f64; 5] = [0.1, 0.25, 0.5, 0.75, 0.9];
/// Points of the QQ chart.
const QQ_POINTS: usize = 49;
/// Bins of the overlaid histograms.
const BINS: usize = 16;

/// A quantile (or the mean) of history and simulation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row5 {
    /// The level (NaN for the mean).
    pub p: f64,
    pub history: f64,
    /// The history's own 95% interval: order statistics (exact binomial),
    /// or for the mean a t interval clustered by rep. `None` when the
    /// history is too small for one.
    pub history_ci: Option<[f64; 2]>,
    /// Over every simulated rep-quarter.
    pub simulated: f64,
    /// Where 95% of simulated histories of the history's size put it.
    pub expected_range: [f64; 2],
    /// The history's value lies in that range.
    pub inside: bool,
}

/// The Monte Carlo Kolmogorov-Smirnov test.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KsTest {
    /// Largest gap between the history's and the simulation's cumulative distributions.
    pub distance: f64,
    /// Share of simulated histories at least that far from the simulation
    /// ((1 + count) / (1 + histories)).
    pub p_value: f64,
    pub simulated_histories: usize,
}

/// A point of the QQ chart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QqPoint {
    pub p: f64,
    pub history: f64,
    pub simulated: f64,
    /// The 95% range of this quantile over simulated histories of the history's size.
    pub lo: f64,
    pub hi: f64,
}

/// Overlaid histograms: the share of rep-quarters per bin.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Histogram {
    pub edges: Vec<f64>,
    pub history: Vec<f64>,
    pub simulated: Vec<f64>,
}

/// One measure compared.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub measure: Measure,
    /// Rep-quarters with a value (a win rate needs a closed deal).
    pub history_n: usize,
    pub simulated_n: usize,
    pub quantiles: Vec<Row5>,
    pub mean: Row5,
    pub ks: KsTest,
    pub qq: Vec<QqPoint>,
    pub histogram: Histogram,
}

impl Comparison {
    pub fn at(&self, p: f64) -> Option<&Row5> {
        self.quantiles.iter().find(|r| (r.p - p).abs() < 1e-9)
    }
}

fn sorted_finite(v: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut x: Vec<f64> = v.filter(|x| x.is_finite()).collect();
    x.sort_by(f64::total_cmp);
    x
}

/// The 2.5% and 97.5% points of values.
fn range95(mut v: Vec<f64>) -> [f64; 2] {
    v.retain(|x| x.is_finite());
    v.sort_by(f64::total_cmp);
    [quantile_sorted(&v, 0.025), quantile_sorted(&v, 0.975)]
}

/// Largest gap between the ECDF of `sample` (sorted) and that of `pool` (sorted).
fn ks_distance(sample: &[f64], pool: &[f64]) -> f64 {
    let (n, m) = (sample.len() as f64, pool.len() as f64);
    if sample.is_empty() || pool.is_empty() {
        return f64::NAN;
    }
    let mut d: f64 = 0.0;
    let mut i = 0;
    while i < sample.len() {
        let v = sample[i];
        let lt = i;
        let mut j = i;
        while j < sample.len() && sample[j] == v {
            j += 1;
        }
        let pool_lt = pool.partition_point(|&x| x < v) as f64 / m;
        let pool_le = pool.partition_point(|&x| x <= v) as f64 / m;
        d = d.max((lt as f64 / n - pool_lt).abs()).max((j as f64 / n - pool_le).abs());
        i = j;
    }
    d
}

/// Compare one measure: the history's rep-quarters `(rep, value)` against
/// every simulated trial's rows.
pub fn compare(measure: Measure, history: &[(u32, f64)], trials: &[Vec<Row>]) -> Comparison {
    let k = measure.index();
    let hist = sorted_finite(history.iter().map(|h| h.1));
    let n = hist.len();
    let pool = sorted_finite(trials.iter().flatten().map(|r| r[k]));
    // Each trial's history-sized sample: its first n values (whole reps first).
    let samples: Vec<Vec<f64>> = trials.iter().map(|t| sorted_finite(t.iter().map(|r| r[k]).filter(|x| x.is_finite()).take(n))).collect();
    let row = |p: f64| {
        let h = quantile_sorted(&hist, p);
        let range = range95(samples.iter().map(|s| quantile_sorted(s, p)).collect());
        Row5 {
            p,
            history: h,
            history_ci: quantile_ci(&hist, p).map(|(a, b)| [a, b]),
            simulated: quantile_sorted(&pool, p),
            expected_range: range,
            inside: h >= range[0] - 1e-9 && h <= range[1] + 1e-9,
        }
    };
    let quantiles = LEVELS.iter().map(|&p| row(p)).collect();
    let mean_of = |v: &[f64]| if v.is_empty() { f64::NAN } else { v.iter().sum::<f64>() / v.len() as f64 };
    let mut by_rep: Vec<(u32, f64, f64)> = Vec::new();
    for &(rep, v) in history.iter().filter(|h| h.1.is_finite()) {
        match by_rep.iter_mut().find(|r| r.0 == rep) {
            Some(r) => {
                r.1 += v;
                r.2 += 1.0;
            }
            None => by_rep.push((rep, v, 1.0)),
        }
    }
    let clustered = ratio(&by_rep.iter().map(|r| (r.1, r.2)).collect::<Vec<_>>(), (f64::NEG_INFINITY, f64::INFINITY));
    let hist_mean = mean_of(&hist);
    let mean_range = range95(samples.iter().map(|s| mean_of(s)).collect());
    let mean = Row5 {
        p: f64::NAN,
        history: hist_mean,
        history_ci: (clustered.lo.is_finite() && clustered.hi.is_finite()).then_some([clustered.lo, clustered.hi]),
        simulated: mean_of(&pool),
        expected_range: mean_range,
        inside: hist_mean >= mean_range[0] - 1e-9 && hist_mean <= mean_range[1] + 1e-9,
    };
    let d = ks_distance(&hist, &pool);
    let at_least = samples.iter().filter(|s| !s.is_empty() && ks_distance(s, &pool) >= d - 1e-12).count();
    let ks = KsTest { distance: d, p_value: (1 + at_least) as f64 / (1 + samples.len()) as f64, simulated_histories: samples.len() };
    let qq = (0..QQ_POINTS)
        .map(|i| (i as f64 + 1.0) / (QQ_POINTS as f64 + 1.0))
        .map(|p| {
            let [lo, hi] = range95(samples.iter().map(|s| quantile_sorted(s, p)).collect());
            QqPoint { p, history: quantile_sorted(&hist, p), simulated: quantile_sorted(&pool, p), lo, hi }
        })
        .collect();
    Comparison { measure, history_n: n, simulated_n: pool.len(), quantiles, mean, ks, qq, histogram: histogram(measure, &hist, &pool) }
}

/// Shares of rep-quarters per bin from 0 to past both P99s (counts in whole-number bins).
fn histogram(measure: Measure, hist: &[f64], pool: &[f64]) -> Histogram {
    let top = quantile_sorted(hist, 1.0).max(quantile_sorted(pool, 0.99)).max(1e-9);
    let width = match measure {
        Measure::WinRate => 0.05,
        Measure::DealsWon | Measure::Created => (top / BINS as f64).ceil().max(1.0),
        Measure::WonValue => nice_step(top / BINS as f64),
    };
    let bins = ((top / width).floor() as usize + 1).min(4 * BINS);
    let edges: Vec<f64> = (0..=bins).map(|i| i as f64 * width).collect();
    let share = |v: &[f64]| -> Vec<f64> {
        let mut c = vec![0.0; bins];
        for &x in v {
            let i = ((x / width).floor().max(0.0) as usize).min(bins - 1);
            c[i] += 1.0;
        }
        let n = v.len().max(1) as f64;
        c.iter().map(|x| x / n).collect()
    };
    Histogram { edges, history: share(hist), simulated: share(pool) }
}

/// The smallest of 1, 2, 2.5, 5 x 10^k at or above `x`.
fn nice_step(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|s| s * mag).find(|&c| c >= x * (1.0 - 1e-12)).unwrap_or(10.0 * mag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ks_distance_handles_ties() {
        assert_eq!(ks_distance(&[1.0, 2.0], &[1.0, 2.0]), 0.0);
        assert_eq!(ks_distance(&[0.0, 0.0], &[0.0, 1.0]), 0.5);
        assert!((ks_distance(&[1.0], &[0.0, 1.0, 2.0, 3.0]) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn a_history_drawn_from_the_simulation_is_reproduced() {
        // 400 simulated histories of 60 rep-quarters; the "history" is one
        // more drawn the same way: its p-value is uniform, and here large.
        use crate::numeric::rng::{Purpose, Stream};
        let draw = |seed: u64| -> Vec<Row> {
            let mut s = Stream::new(seed, 0, 0, Purpose::Funnel);
            (0..60)
                .map(|_| {
                    let v = (10.0 + s.normal()).exp();
                    [v, (v / 20_000.0).floor(), 10.0, 0.3]
                })
                .collect()
        };
        let trials: Vec<Vec<Row>> = (1..=400).map(draw).collect();
        let history: Vec<(u32, f64)> = draw(9999).iter().enumerate().map(|(i, r)| ((i / 4) as u32, r[0])).collect();
        let c = compare(Measure::WonValue, &history, &trials);
        assert!(c.ks.p_value > 0.05, "{:?}", c.ks);
        assert!(c.at(0.5).unwrap().inside);
        // A history at twice the values is not.
        let doubled: Vec<(u32, f64)> = history.iter().map(|&(r, v)| (r, 2.0 * v)).collect();
        let c2 = compare(Measure::WonValue, &doubled, &trials);
        assert!(c2.ks.p_value < 0.01 && !c2.at(0.5).unwrap().inside, "{:?}", c2.ks);
        assert_eq!(c2.ks.p_value, 1.0 / 401.0);
        let h = &c.histogram;
        assert!((h.history.iter().sum::<f64>() - 1.0).abs() < 1e-9 && h.edges.len() == h.history.len() + 1);
    }
}
