//! Sampling tables of the model, built once per strategy and trial: the
//! sales cycle's length and the fit distribution of new opportunities with
//! its odds and size multipliers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::numeric::alias::AliasTable;
use crate::numeric::quantiles;
use crate::numeric::rng::unit52;
#[cfg(target_arch = "x86_64")]
use crate::numeric::rng::unit52_x4;
use crate::numeric::special::{beta_quantile, standard_normal_cdf};
#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

/// Weeks from a first meeting's next week to close: max(1, round(c)),
/// c ~ LogNormal(median, sigma); outcomes past `horizon` are pooled into
/// `horizon + 1`, meaning "closes after the simulation ends".
pub fn cycle_table(median: f64, sigma: f64, horizon: u32, table: &mut AliasTable, scratch: &mut Vec<f64>) {
    let ln_m = median.ln();
    cycle_table_of(|c| standard_normal_cdf((c.ln() - ln_m) / sigma), horizon, table, scratch);
}

/// The same for c = median x a per-deal shape (equally spaced quantiles of
/// c / median, linear between them).
pub fn cycle_table_shaped(median: f64, shape: &[f64], horizon: u32, table: &mut AliasTable, scratch: &mut Vec<f64>) {
    cycle_table_of(|c| quantiles::cdf(shape, c / median), horizon, table, scratch);
}

/// Weeks max(1, round(c)) for c of cumulative distribution `cdf`: k gets
/// P(k - 0.5 <= c < k + 0.5), 1 everything below 1.5.
fn cycle_table_of(cdf: impl Fn(f64) -> f64, horizon: u32, table: &mut AliasTable, scratch: &mut Vec<f64>) {
    scratch.clear();
    let mut prev = 0.0;
    for k in 1..=horizon {
        let c = cdf(f64::from(k) + 0.5);
        scratch.push((c - prev).max(0.0));
        prev = c;
    }
    scratch.push((1.0 - prev).max(0.0));
    if scratch.iter().sum::<f64>() <= 0.0 {
        // All mass beyond the horizon in floating point.
        scratch.iter_mut().for_each(|w| *w = 0.0);
        if let Some(last) = scratch.last_mut() {
            *last = 1.0;
        }
    }
    table.rebuild(1, scratch);
}

/// Resolution of the fit quantile table.
pub const FIT_GRID: usize = 1 << FIT_GRID_BITS;
const FIT_GRID_BITS: u32 = 12;

/// The quantile function of a strategy's fit distribution on a fine grid,
/// interpolated linearly between grid points.
#[derive(Clone, Debug)]
pub struct FitTable {
    /// Fit at u = i / FIT_GRID, i = 0..=FIT_GRID.
    pub fit: Arc<Vec<f64>>,
}

impl FitTable {
    /// The Beta(a, b) table; built once per process for each (a, b), since
    /// sweeps and tests build many engines from the same fit distributions.
    pub fn beta(a: f64, b: f64) -> FitTable {
        type Cache = Mutex<HashMap<(u64, u64), Arc<Vec<f64>>>>;
        static CACHE: OnceLock<Cache> = OnceLock::new();
        let key = (a.to_bits(), b.to_bits());
        let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
        if let Some(fit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return FitTable { fit };
        }
        let fit = Arc::new(Self::beta_grid(a, b));
        if let Ok(mut c) = cache.lock() {
            c.insert(key, Arc::clone(&fit));
        }
        FitTable { fit }
    }

    /// Thousands of quantile inversions: done on every core, since a run
    /// waits for them before it starts.
    fn beta_grid(a: f64, b: f64) -> Vec<f64> {
        use rayon::prelude::*;
        (0..=FIT_GRID)
            .into_par_iter()
            .map(|i| {
                let u = i as f64 / FIT_GRID as f64;
                if i == 0 {
                    0.0
                } else if i == FIT_GRID {
                    1.0
                } else {
                    beta_quantile(a, b, u)
                }
            })
            .collect()
    }

    pub fn fixed(f: f64) -> FitTable {
        FitTable { fit: Arc::new(vec![f; FIT_GRID + 1]) }
    }
}

/// Per-trial multipliers on the fit grid: odds multiplier exp(fit_effect*(f-0.5))
/// and size multiplier exp(size_fit_effect*(f-0.5)), rebuilt only when the
/// effects change (they are uncertain inputs only in some scenarios).
#[derive(Clone, Debug)]
pub struct FitMultipliers {
    key: Option<(u64, u64)>,
    /// (odds, size) at each grid point, interleaved so a draw touches one cache
    /// line; a fixed size, so a draw's indexes need no bounds checks.
    grid: Box<[[f64; 2]; FIT_GRID + 1]>,
}

impl Default for FitMultipliers {
    fn default() -> Self {
        FitMultipliers { key: None, grid: Box::new([[1.0; 2]; FIT_GRID + 1]) }
    }
}

impl FitMultipliers {
    pub fn update(&mut self, table: &FitTable, fit_effect: f64, size_fit_effect: f64) {
        let key = Some((fit_effect.to_bits(), size_fit_effect.to_bits()));
        if key == self.key {
            return;
        }
        self.key = key;
        for (g, &f) in self.grid.iter_mut().zip(table.fit.iter()) {
            *g = [(fit_effect * (f - 0.5)).exp(), (size_fit_effect * (f - 0.5)).exp()];
        }
    }

    /// The fit of 64 random bits: returns (odds multiplier, size multiplier).
    /// The top 12 bits pick the grid cell, the other 52 the position inside
    /// it (no branch and no integer conversion, so a loop of draws vectorises).
    #[inline(always)]
    pub fn draw(&self, bits: u64) -> (f64, f64) {
        let i = (bits >> (64 - FIT_GRID_BITS)) as usize;
        let t = unit52(bits << FIT_GRID_BITS);
        let (lo, hi) = (self.grid[i], self.grid[i + 1]);
        (lo[0] + t * (hi[0] - lo[0]), lo[1] + t * (hi[1] - lo[1]))
    }

    /// [`FitMultipliers::draw`] of four numbers on a CPU with AVX2: the
    /// same bits lane by lane.
    ///
    /// # Safety
    /// Only on a CPU with AVX2 (see `numeric::isa::wide`).
    #[cfg(target_arch = "x86_64")]
    #[inline]
    #[target_feature(enable = "avx2")]
    pub fn draw_x4(&self, bits: __m256i) -> (__m256d, __m256d) {
        // Each lane's cell and the next are 32 contiguous bytes, [odds, size]
        // twice: four loads and a transpose, where gathers would fetch the
        // same cache lines four times over.
        let cell = |lane: i64| {
            let i = (lane as u64 >> (64 - FIT_GRID_BITS)) as usize;
            let pair: &[[f64; 2]; 2] = self.grid[i..i + 2].try_into().expect("a cell and the next");
            // SAFETY: `pair` is four readable f64s.
            unsafe { _mm256_loadu_pd(pair.as_ptr().cast()) }
        };
        let rows = [
            cell(_mm256_extract_epi64::<0>(bits)),
            cell(_mm256_extract_epi64::<1>(bits)),
            cell(_mm256_extract_epi64::<2>(bits)),
            cell(_mm256_extract_epi64::<3>(bits)),
        ];
        let (odds_01, size_01) = (_mm256_unpacklo_pd(rows[0], rows[1]), _mm256_unpackhi_pd(rows[0], rows[1]));
        let (odds_23, size_23) = (_mm256_unpacklo_pd(rows[2], rows[3]), _mm256_unpackhi_pd(rows[2], rows[3]));
        let odds_lo = _mm256_permute2f128_pd::<0x20>(odds_01, odds_23);
        let odds_hi = _mm256_permute2f128_pd::<0x31>(odds_01, odds_23);
        let size_lo = _mm256_permute2f128_pd::<0x20>(size_01, size_23);
        let size_hi = _mm256_permute2f128_pd::<0x31>(size_01, size_23);
        let t = unit52_x4(_mm256_slli_epi64::<{ FIT_GRID_BITS as i32 }>(bits));
        let lerp = |lo, hi| _mm256_add_pd(lo, _mm256_mul_pd(t, _mm256_sub_pd(hi, lo)));
        (lerp(odds_lo, odds_hi), lerp(size_lo, size_hi))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycle_table_has_lognormal_median() {
        let mut t = AliasTable::default();
        let mut s = Vec::new();
        cycle_table(10.0, 0.5, 65, &mut t, &mut s);
        // Weeks 1, 2, ...: P(10) = P(9.5 <= c < 10.5); 66 stands for past the horizon.
        let p = t.probabilities();
        let cdf = |c: f64| standard_normal_cdf((c / 10.0).ln() / 0.5);
        assert_eq!(p.len(), 66);
        assert!((p[9] - (cdf(10.5) - cdf(9.5))).abs() < 1e-15, "{}", p[9]);
        assert!((p[0] - cdf(1.5)).abs() < 1e-15 && (p[65] - (1.0 - cdf(65.5))).abs() < 1e-15);
    }

    #[test]
    fn a_shaped_cycle_weighs_each_week_by_its_interval() {
        // A third of the cycles uniform on 10 x [0.4, 0.5] = [4, 5] weeks, a
        // third on [5, 20], a third on [20, 30].
        let (mut t, mut s) = (AliasTable::default(), Vec::new());
        cycle_table_shaped(10.0, &[0.4, 0.5, 2.0, 3.0], 65, &mut t, &mut s);
        assert_eq!(&s[..3], [0.0; 3]);
        // Week 4 is c in [3.5, 4.5): half of [4, 5]; week 5 the rest of it and [5, 5.5).
        assert!((s[3] - 1.0 / 6.0).abs() < 1e-12, "{s:?}");
        assert!((s[4] - (1.0 / 6.0 + 0.5 / 15.0 / 3.0)).abs() < 1e-12, "{s:?}");
        assert!((s[29] - 0.5 / 10.0 / 3.0).abs() < 1e-12 && s[30..].iter().all(|w| *w == 0.0), "{s:?}");
        for (p, w) in t.probabilities().iter().zip(&s) {
            assert!((p - w).abs() < 1e-15, "{p} vs {w}");
        }
    }

    #[test]
    fn fit_table_reproduces_beta_mean() {
        let table = FitTable::beta(3.0, 2.0);
        let n = table.fit.len() - 1;
        // Mean of the quantile function by the trapezoid rule = distribution mean.
        let mean: f64 = (0..n).map(|i| 0.5 * (table.fit[i] + table.fit[i + 1])).sum::<f64>() / n as f64;
        assert!((mean - 0.6).abs() < 1e-4, "{mean}");
    }
}
