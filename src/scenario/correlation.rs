//! Correlated uncertain inputs: `[[correlation]]` tables tie the per-trial
//! draws of two uncertain parameters by a Spearman rank correlation, through
//! a Gaussian copula. The trial's uniforms (one per parameter, shared by
//! every strategy) become normal scores, are mixed by the Cholesky factor of
//! the scores' correlation matrix (Pearson rho = 2 sin(pi r / 6)) and return
//! to uniforms: each input keeps its own distribution, and every strategy
//! and sweep point sees the same correlated draws.

use super::registry::Param;
use super::{Loc, Scenario};
use crate::numeric::cholesky::{cholesky, normal_correlation};
use crate::numeric::special::{standard_normal_cdf, standard_normal_quantile};

/// One `[[correlation]]`: two parameter paths and their rank correlation.
#[derive(Clone, Debug, PartialEq)]
pub struct Correlation {
    /// The paths as written (`selling.win_rate`, `strategy.targeted.deal_size_median`).
    pub between: [String; 2],
    /// The parameters they name: a correlation ties a parameter in every strategy.
    pub params: [Param; 2],
    /// Spearman rank correlation in [-1, 1].
    pub rank: f64,
    pub loc: Option<Loc>,
}

/// The Gaussian copula of a scenario's correlations.
#[derive(Clone, Debug, PartialEq)]
pub struct Copula {
    /// The correlated parameters, in registry order (so the order of the
    /// tables in the file does not change the draws).
    params: Vec<Param>,
    /// Lower-triangular Cholesky factor of their normal scores' correlations.
    factor: Vec<f64>,
}

impl Copula {
    /// The copula of `correlations` (none without any). When no joint
    /// distribution has them, the error lists a smallest set of them that
    /// cannot hold together (indices into `correlations`).
    pub fn new(correlations: &[Correlation]) -> Result<Option<Copula>, Vec<usize>> {
        if correlations.is_empty() {
            return Ok(None);
        }
        let mut params: Vec<Param> = correlations.iter().flat_map(|c| c.params).collect();
        params.sort();
        params.dedup();
        match cholesky(&matrix(&params, correlations), params.len()) {
            Ok(factor) => Ok(Some(Copula { params, factor })),
            Err(_) => Err(inconsistent(&params, correlations)),
        }
    }

    /// Correlate a trial's uniforms (indexed by [`Param`]) in place. A
    /// parameter correlated with none before it (the first, say) keeps its
    /// uniform exactly rather than through a normal round trip.
    pub fn apply(&self, uniforms: &mut [f64]) {
        let n = self.params.len();
        let z: Vec<f64> = self.params.iter().map(|p| standard_normal_quantile(uniforms[p.index()])).collect();
        for (i, p) in self.params.iter().enumerate() {
            let row = &self.factor[i * n..i * n + i];
            if row.iter().all(|x| *x == 0.0) {
                continue;
            }
            let mixed: f64 = row.iter().zip(&z).map(|(l, z)| l * z).sum::<f64>() + self.factor[i * n + i] * z[i];
            uniforms[p.index()] = standard_normal_cdf(mixed);
        }
    }

    /// The correlated parameters, in the order the factor mixes them.
    pub fn params(&self) -> &[Param] {
        &self.params
    }
}

/// Correlations that tie no draw any more: `--set` fixed one of their
/// inputs in every strategy (a sweep may too, point by point: that is fine,
/// the other input keeps the draws it has at every point).
pub fn idle(scenario: &Scenario) -> Vec<String> {
    let sets: Vec<_> = (0..scenario.strategies.len()).map(|i| scenario.resolved(i)).collect();
    let mut out = Vec::new();
    for c in &scenario.correlations {
        for (path, p) in c.between.iter().zip(c.params) {
            if sets.iter().all(|s| !s.get(p).is_uncertain()) {
                out.push(format!(
                    "the correlation between `{}` and `{}` changes nothing: `{path}` is no longer uncertain",
                    c.between[0], c.between[1]
                ));
            }
        }
    }
    out
}

/// The normal scores' correlation matrix of `params` (row-major).
fn matrix(params: &[Param], correlations: &[Correlation]) -> Vec<f64> {
    let n = params.len();
    let at = |p: Param| params.iter().position(|q| *q == p).expect("every correlated parameter is listed");
    let mut m = vec![0.0; n * n];
    for i in 0..n {
        m[i * n + i] = 1.0;
    }
    for c in correlations {
        let (i, j) = (at(c.params[0]), at(c.params[1]));
        let rho = normal_correlation(c.rank);
        m[i * n + j] = rho;
        m[j * n + i] = rho;
    }
    m
}

/// A smallest set of correlations that cannot hold together: drop
/// parameters one at a time while the rest still fail, then name the
/// correlations among those left.
fn inconsistent(params: &[Param], correlations: &[Correlation]) -> Vec<usize> {
    let fails = |keep: &[Param]| {
        let within: Vec<Correlation> = correlations.iter().filter(|c| c.params.iter().all(|p| keep.contains(p))).cloned().collect();
        cholesky(&matrix(keep, &within), keep.len()).is_err()
    };
    let mut keep = params.to_vec();
    let mut i = 0;
    while i < keep.len() {
        let mut fewer = keep.clone();
        fewer.remove(i);
        if fails(&fewer) {
            keep = fewer;
        } else {
            i += 1;
        }
    }
    (0..correlations.len()).filter(|&k| correlations[k].params.iter().all(|p| keep.contains(p))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tie(a: Param, b: Param, rank: f64) -> Correlation {
        Correlation { between: [String::new(), String::new()], params: [a, b], rank, loc: None }
    }

    #[test]
    fn no_tables_no_copula() {
        assert_eq!(Copula::new(&[]), Ok(None));
    }

    #[test]
    fn the_first_parameter_keeps_its_uniform_and_a_tie_copies_it() {
        let c = Copula::new(&[tie(Param::DealSizeMedian, Param::WinRate, 1.0)]).unwrap().unwrap();
        let mut u = vec![0.5; 40];
        u[Param::WinRate.index()] = 0.2;
        u[Param::DealSizeMedian.index()] = 0.9;
        c.apply(&mut u);
        // Win rate comes first in the registry: it leads, the deal size follows it.
        assert_eq!(u[Param::WinRate.index()], 0.2);
        assert!((u[Param::DealSizeMedian.index()] - 0.2).abs() < 1e-6);
        assert_eq!(u[0], 0.5);
    }

    #[test]
    fn names_the_correlations_that_cannot_hold_together() {
        let cs = [
            tie(Param::Quota, Param::HoursPerWeek, 0.3),
            tie(Param::WinRate, Param::DealSizeMedian, -0.9),
            tie(Param::WinRate, Param::CycleWeeksMedian, -0.9),
            tie(Param::DealSizeMedian, Param::CycleWeeksMedian, -0.9),
        ];
        assert_eq!(Copula::new(&cs), Err(vec![1, 2, 3]));
    }
}
