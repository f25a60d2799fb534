//! Sobol indices from a Saltelli design, apart from simulation: the model's
//! values on the base matrices A and B and on the cross matrices (A with
//! factor i from B, and B with factor i from A), turned into first-order
//! indices (Saltelli 2010) and total indices (Jansen 1999), each averaged
//! over both cross directions, with bootstrap percentile intervals.

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The model's values on a design of `n` rows and `k` factors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Samples {
    pub fa: Vec<f64>,
    pub fb: Vec<f64>,
    /// `fab[i][j]`: row j of A with factor i from B.
    pub fab: Vec<Vec<f64>>,
    /// `fba[i][j]`: row j of B with factor i from A.
    pub fba: Vec<Vec<f64>>,
}

/// One factor's indices with their 95% bootstrap intervals.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Index {
    pub first: f64,
    pub first_ci: (f64, f64),
    pub total: f64,
    pub total_ci: (f64, f64),
}

/// Bootstrap resamples of the design's rows.
pub const BOOTSTRAP: usize = 400;

impl Samples {
    pub fn rows(&self) -> usize {
        self.fa.len()
    }

    pub fn factors(&self) -> usize {
        self.fab.len()
    }

    /// The variance of the output over A and B.
    pub fn variance(&self) -> f64 {
        variance(self.fa.iter().chain(&self.fb).copied())
    }

    /// (first-order, total) per factor on the given rows (with repeats).
    pub fn point(&self, rows: &[usize]) -> Vec<(f64, f64)> {
        let n = rows.len() as f64;
        let values = rows.iter().flat_map(|&j| [self.fa[j], self.fb[j]]);
        let mean = values.clone().sum::<f64>() / (2.0 * n);
        let v = variance(values);
        if v.is_nan() || v <= 0.0 {
            return vec![(f64::NAN, f64::NAN); self.factors()];
        }
        (0..self.factors())
            .map(|i| {
                let (mut first, mut total) = (0.0, 0.0);
                for &j in rows {
                    let (a, b) = (self.fa[j] - mean, self.fb[j] - mean);
                    let (ab, ba) = (self.fab[i][j] - mean, self.fba[i][j] - mean);
                    first += b * (ab - a) + a * (ba - b);
                    total += (a - ab).powi(2) + (b - ba).powi(2);
                }
                (first / (2.0 * n * v), total / (4.0 * n * v))
            })
            .collect()
    }

    /// Every factor's indices with bootstrap intervals (resampling rows,
    /// the same resamples for every factor), reproducible from `seed`.
    pub fn indices(&self, seed: u64) -> Vec<Index> {
        let n = self.rows();
        let all: Vec<usize> = (0..n).collect();
        let point = self.point(&all);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut boot: Vec<Vec<(f64, f64)>> = vec![Vec::with_capacity(BOOTSTRAP); self.factors()];
        let mut rows = vec![0; n];
        for _ in 0..BOOTSTRAP {
            for r in rows.iter_mut() {
                *r = rng.random_range(0..n);
            }
            for (i, p) in self.point(&rows).into_iter().enumerate() {
                boot[i].push(p);
            }
        }
        point
            .into_iter()
            .zip(boot)
            .map(|((first, total), b)| Index {
                first,
                first_ci: percentile_interval(b.iter().map(|p| p.0).collect()),
                total,
                total_ci: percentile_interval(b.iter().map(|p| p.1).collect()),
            })
            .collect()
    }
}

fn variance(values: impl Iterator<Item = f64> + Clone) -> f64 {
    let n = values.clone().count() as f64;
    if n < 2.0 {
        return f64::NAN;
    }
    let mean = values.clone().sum::<f64>() / n;
    values.map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
}

/// The 2.5% and 97.5% percentiles (NaN-free values).
fn percentile_interval(mut v: Vec<f64>) -> (f64, f64) {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    v.sort_by(f64::total_cmp);
    let at = |p: f64| v[((p * (v.len() - 1) as f64).round() as usize).min(v.len() - 1)];
    (at(0.025), at(0.975))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    /// A Saltelli design of `n` rows on `k` uniform factors, through `f`.
    fn design(n: usize, k: usize, seed: u64, f: &dyn Fn(&[f64]) -> f64) -> Samples {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut draw = || (0..n).map(|_| (0..k).map(|_| rng.random::<f64>()).collect::<Vec<_>>()).collect::<Vec<_>>();
        let (a, b) = (draw(), draw());
        let cross = |x: &[Vec<f64>], y: &[Vec<f64>], i: usize| -> Vec<f64> {
            x.iter()
                .zip(y)
                .map(|(xr, yr)| {
                    let mut r = xr.clone();
                    r[i] = yr[i];
                    f(&r)
                })
                .collect()
        };
        Samples {
            fa: a.iter().map(|r| f(r)).collect(),
            fb: b.iter().map(|r| f(r)).collect(),
            fab: (0..k).map(|i| cross(&a, &b, i)).collect(),
            fba: (0..k).map(|i| cross(&b, &a, i)).collect(),
        }
    }

    fn assert_near(got: &[Index], first: &[f64], total: &[f64], width: f64) {
        for (i, g) in got.iter().enumerate() {
            // The exact value inside the 95% interval (widened by a hair for
            // the bootstrap's own noise), and the interval narrow.
            let slack = 0.01;
            assert!(g.first_ci.0 - slack <= first[i] && first[i] <= g.first_ci.1 + slack, "S{} = {} not in {:?}", i + 1, first[i], g);
            assert!(g.total_ci.0 - slack <= total[i] && total[i] <= g.total_ci.1 + slack, "ST{} = {} not in {:?}", i + 1, total[i], g);
            assert!(g.first_ci.1 - g.first_ci.0 < width && g.total_ci.1 - g.total_ci.0 < width, "factor {}: {g:?}", i + 1);
        }
    }

    #[test]
    fn ishigami_indices_are_the_known_ones() {
        // f = sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1 on [-pi, pi]^3 (a = 7, b = 0.1).
        let f = |u: &[f64]| {
            let x: Vec<f64> = u.iter().map(|v| -PI + 2.0 * PI * v).collect();
            x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
        };
        let (a, b) = (7.0f64, 0.1f64);
        let v1 = 0.5 * (1.0 + b * PI.powi(4) / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
        let v = v1 + v2 + v13;
        let got = design(20_000, 3, 11, &f).indices(5);
        assert_near(&got, &[v1 / v, v2 / v, 0.0], &[(v1 + v13) / v, v2 / v, v13 / v], 0.06);
    }

    #[test]
    fn sobol_g_function_indices_are_the_known_ones() {
        let coef = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0];
        let f = |u: &[f64]| coef.iter().zip(u).map(|(a, x)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a)).product::<f64>();
        let vi: Vec<f64> = coef.iter().map(|a| 1.0 / (3.0 * (1.0 + a) * (1.0 + a))).collect();
        let v = vi.iter().map(|x| 1.0 + x).product::<f64>() - 1.0;
        let first: Vec<f64> = vi.iter().map(|x| x / v).collect();
        let total: Vec<f64> =
            (0..coef.len()).map(|i| vi[i] * (0..coef.len()).filter(|&j| j != i).map(|j| 1.0 + vi[j]).product::<f64>() / v).collect();
        let got = design(20_000, coef.len(), 3, &f).indices(9);
        assert_near(&got, &first, &total, 0.08);
    }

    #[test]
    fn an_output_of_one_factor_puts_it_at_one() {
        let got = design(4_000, 3, 1, &|u| (3.0 * u[1]).exp()).indices(2);
        assert!((got[1].first - 1.0).abs() < 0.03 && (got[1].total - 1.0).abs() < 0.03, "{got:?}");
        assert!(got[0].total.abs() < 1e-12 && got[2].total.abs() < 1e-12, "{got:?}");
    }
}
