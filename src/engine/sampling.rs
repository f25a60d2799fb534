//! Fast exact samplers for the kernel: inversion tables with guide indexes,
//! a cache of binomial tables per trial size, and small-mean binomial inversion.
//!
//! Tables are built once per parameter set (per strategy and trial) and then
//! draw in a few nanoseconds; nothing here allocates per draw.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use rand_distr::{Binomial, Distribution};

use super::math::exp;
use super::rng::Stream;
use crate::scenario::quantity::{beta_quantile, standard_normal_cdf};

/// Tables up to this long are searched from the start, without a guide.
const SHORT_TABLE: usize = 4;

/// Inversion sampling of a discrete distribution on `offset..offset+len`,
/// with a guide table so a draw needs about two comparisons.
#[derive(Clone, Debug, Default)]
pub struct DiscreteTable {
    offset: u32,
    cdf: Vec<f64>,
    guide: Vec<u32>,
}

impl DiscreteTable {
    /// Build from unnormalised weights for outcomes `offset, offset+1, ...`.
    pub fn from_weights(offset: u32, weights: &[f64]) -> DiscreteTable {
        let mut t = DiscreteTable::default();
        t.rebuild(offset, weights);
        t
    }

    /// Rebuild in place, reusing the allocations.
    pub fn rebuild(&mut self, offset: u32, weights: &[f64]) {
        let inv_total = 1.0 / weights.iter().sum::<f64>();
        self.offset = offset;
        self.cdf.clear();
        let mut acc = 0.0;
        for w in weights {
            acc += w;
            self.cdf.push(acc * inv_total);
        }
        if let Some(last) = self.cdf.last_mut() {
            *last = 1.0;
        }
        // guide[j] = first outcome whose CDF exceeds j/g: the search for any
        // u in [j/g, (j+1)/g) starts there. Short tables are scanned from the
        // start instead: building a guide would cost more than it saves.
        self.guide.clear();
        if self.cdf.len() <= SHORT_TABLE {
            return;
        }
        let g = self.cdf.len();
        let step = 1.0 / g as f64;
        let mut k = 0usize;
        let last = self.cdf.len().saturating_sub(1);
        for j in 0..g {
            let threshold = j as f64 * step;
            while k < last && self.cdf[k] <= threshold {
                k += 1;
            }
            self.guide.push(k as u32);
        }
    }

    /// The outcome at cumulative probability `u` in [0, 1).
    pub fn sample_with(&self, u: f64) -> u32 {
        let bits = ((u.clamp(0.0, 1.0 - f64::EPSILON) * (1u64 << 53) as f64) as u64) << 11;
        self.sample_bits(bits)
    }

    /// Draw from 64 random bits: the top 53 make the uniform compared with the
    /// CDF, the top 32 pick the guide entry in integer arithmetic (a prefix of
    /// the same bits, so the guide never starts past the answer).
    #[inline(always)]
    pub fn sample_bits(&self, bits: u64) -> u32 {
        let u = (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        let g = self.guide.len() as u64;
        let mut k = if g == 0 { 0 } else { self.guide[(((bits >> 32) * g) >> 32) as usize] as usize };
        let last = self.cdf.len() - 1;
        while k < last && u >= self.cdf[k] {
            k += 1;
        }
        self.offset + k as u32
    }

    #[inline(always)]
    pub fn sample(&self, rng: &mut Stream) -> u32 {
        self.sample_bits(rng.next_u64())
    }
}

/// Binomial(n, p) for any n and p: sequential inversion for small means,
/// rand_distr's exact BTPE otherwise.
pub fn binomial_any_u64(n: u64, p: f64, rng: &mut Stream) -> u64 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if n <= 5_000 && (n as f64) * p.min(1.0 - p) <= 20.0 {
        return u64::from(binomial_small(n as u32, p, rng));
    }
    Binomial::new(n, p).map(|b| b.sample(rng.rng())).unwrap_or(0)
}

pub fn binomial_any(n: u32, p: f64, rng: &mut Stream) -> u32 {
    binomial_any_u64(u64::from(n), p, rng) as u32
}

/// 1/x for small x: the BINV recurrence divides by x at every step.
const RECIPROCALS: [f64; 128] = {
    let mut a = [0.0; 128];
    let mut i = 1;
    while i < 128 {
        a[i] = 1.0 / i as f64;
        i += 1;
    }
    a
};

/// Binomial(n, p) for one fixed p (one rep's first-meeting rate per touch)
/// and the few n a rep's weeks repeat (full cadence, maintenance cadence,
/// hour-capped counts): an exact inversion table per n, kept in a small
/// direct-mapped cache, so a draw is a guide lookup and a short scan.
pub struct SmallBinomial {
    p: f64,
    ln_q: f64,
    slots: [(u32, DiscreteTable); BINOMIAL_SLOTS],
    weights: Vec<f64>,
}

/// Tables kept per rep (direct-mapped by n).
const BINOMIAL_SLOTS: usize = 8;
/// Largest mean served from tables; beyond it, BTPE.
const MAX_TABLE_MEAN: f64 = 30.0;
/// Probability mass below which a table's upper tail is dropped: far below the
/// 2^-53 resolution of the uniform that drives the inversion.
const TAIL: f64 = 1e-18;

impl Default for SmallBinomial {
    fn default() -> Self {
        SmallBinomial { p: f64::NAN, ln_q: 0.0, slots: std::array::from_fn(|_| (u32::MAX, DiscreteTable::default())), weights: Vec::new() }
    }
}

impl SmallBinomial {
    /// Switch to probability `p`; the cached tables are dropped only if p changed.
    pub fn reset(&mut self, p: f64) {
        if p.to_bits() == self.p.to_bits() {
            return;
        }
        self.p = p;
        self.ln_q = (-p).ln_1p();
        for slot in &mut self.slots {
            slot.0 = u32::MAX;
        }
    }

    #[inline]
    pub fn sample(&mut self, n: u32, rng: &mut Stream) -> u32 {
        let p = self.p;
        if n == 0 || p <= 0.0 {
            return 0;
        }
        if p >= 1.0 || f64::from(n) * p > MAX_TABLE_MEAN {
            return binomial_any(n, p, rng);
        }
        let slot = n as usize % BINOMIAL_SLOTS;
        if self.slots[slot].0 != n {
            self.build(slot, n);
        }
        self.slots[slot].1.sample(rng)
    }

    /// Probabilities from pmf(0) = q^n upward by the ratio recurrence, until
    /// the remaining mass is negligible.
    fn build(&mut self, slot: usize, n: u32) {
        let p = self.p;
        let odds = p / (1.0 - p);
        let w = &mut self.weights;
        w.clear();
        let mean = f64::from(n) * p;
        let mut pmf = exp(f64::from(n) * self.ln_q);
        w.push(pmf);
        let mut k = 0u32;
        // Past the mean the probabilities only fall: stop once they are
        // negligible (testing the remaining mass 1 - cum instead would never
        // stop, since cum cannot get closer to 1 than f64 resolution).
        while k < n {
            let inv = if ((k + 1) as usize) < RECIPROCALS.len() { RECIPROCALS[(k + 1) as usize] } else { 1.0 / f64::from(k + 1) };
            pmf *= f64::from(n - k) * inv * odds;
            k += 1;
            if pmf < TAIL && f64::from(k) > mean {
                break;
            }
            w.push(pmf);
        }
        self.slots[slot].0 = n;
        self.slots[slot].1.rebuild(0, w);
    }
}

/// Binomial(n, p) by sequential inversion (BINV); exact and fast when n*p is
/// small. Used where p changes every draw (ramping new hires).
#[inline]
pub fn binomial_small(n: u32, p: f64, rng: &mut Stream) -> u32 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    let (pp, flipped) = if p > 0.5 { (1.0 - p, true) } else { (p, false) };
    let nf = f64::from(n);
    if nf * pp > 20.0 || n > 5_000 {
        // Rare with model parameters; rand_distr's BTPE is exact as well.
        let x = Binomial::new(u64::from(n), p).map(|b| b.sample(rng.rng()) as u32).unwrap_or(0);
        return x;
    }
    let q = 1.0 - pp;
    let s = pp / q;
    let a = (nf + 1.0) * s;
    let mut r = q.powi(n as i32);
    let mut u = rng.uniform();
    let mut x = 0u32;
    while u >= r && x < n {
        u -= r;
        x += 1;
        let inv = if (x as usize) < RECIPROCALS.len() { RECIPROCALS[x as usize] } else { 1.0 / f64::from(x) };
        r *= a * inv - s;
    }
    if flipped { n - x } else { x }
}

/// Weeks from a first meeting's next week to close: max(1, round(c)),
/// c ~ LogNormal(median, sigma); outcomes past `horizon` are pooled into
/// `horizon + 1`, meaning "closes after the simulation ends".
pub fn cycle_table(median: f64, sigma: f64, horizon: u32, table: &mut DiscreteTable, scratch: &mut Vec<f64>) {
    scratch.clear();
    let ln_m = median.ln();
    let cdf = |k: f64| standard_normal_cdf(((k + 0.5).ln() - ln_m) / sigma);
    let mut prev = 0.0;
    for k in 1..=horizon {
        let c = cdf(f64::from(k));
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

    fn beta_grid(a: f64, b: f64) -> Vec<f64> {
        (0..=FIT_GRID)
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
#[derive(Clone, Debug, Default)]
pub struct FitMultipliers {
    key: (u64, u64),
    /// (odds, size) at each grid point, interleaved so a draw touches one cache line.
    grid: Vec<[f64; 2]>,
}

impl FitMultipliers {
    pub fn update(&mut self, table: &FitTable, fit_effect: f64, size_fit_effect: f64) {
        let key = (fit_effect.to_bits(), size_fit_effect.to_bits());
        if key == self.key && !self.grid.is_empty() {
            return;
        }
        self.key = key;
        self.grid.clear();
        self.grid.extend(table.fit.iter().map(|&f| [(fit_effect * (f - 0.5)).exp(), (size_fit_effect * (f - 0.5)).exp()]));
    }

    /// Draw a fit: returns (odds multiplier, size multiplier).
    #[inline(always)]
    pub fn draw(&self, rng: &mut Stream) -> (f64, f64) {
        // Top 12 bits pick the grid cell, the next 41 the position inside it.
        let bits = rng.next_u64();
        let i = (bits >> (64 - FIT_GRID_BITS)) as usize;
        let t = ((bits << FIT_GRID_BITS) >> 23) as f64 * (1.0 / (1u64 << 41) as f64);
        let (lo, hi) = (self.grid[i], self.grid[i + 1]);
        (lo[0] + t * (hi[0] - lo[0]), lo[1] + t * (hi[1] - lo[1]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::Purpose;

    fn mean_var(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let m = xs.iter().sum::<f64>() / n;
        (m, xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0))
    }

    #[test]
    fn small_binomial_with_cached_powers_matches_moments() {
        let mut b = SmallBinomial::default();
        b.reset(0.0072);
        let mut rng = Stream::new(11, 0, 0, Purpose::Funnel);
        let xs: Vec<f64> = (0..200_000).map(|_| f64::from(b.sample(350, &mut rng))).collect();
        let (m, v) = mean_var(&xs);
        let (em, ev) = (350.0 * 0.0072, 350.0 * 0.0072 * (1.0 - 0.0072));
        assert!((m - em).abs() < 5.0 * (ev / 200_000.0f64).sqrt(), "mean {m} vs {em}");
        assert!((v - ev).abs() < 5.0 * ev * (2.0 / 200_000.0f64).sqrt() * 1.5, "var {v} vs {ev}");
    }

    #[test]
    fn binomial_any_covers_large_means() {
        let mut rng = Stream::new(13, 0, 0, Purpose::Funnel);
        let n = 50_000;
        let xs: Vec<f64> = (0..20_000).map(|_| binomial_any_u64(3000, 0.06, &mut rng) as f64).collect();
        let (m, _) = mean_var(&xs);
        assert!((m - 180.0).abs() < 5.0 * (180.0 * 0.94 / 20_000.0f64).sqrt(), "{m}");
        assert_eq!(binomial_any_u64(n, 0.0, &mut rng), 0);
        assert_eq!(binomial_any_u64(n, 1.0, &mut rng), n);
    }

    #[test]
    fn binomial_small_matches_moments() {
        let mut rng = Stream::new(12, 0, 0, Purpose::Funnel);
        for &(n, p) in &[(21u32, 0.12), (5, 0.9), (40, 0.3), (1000, 0.5)] {
            let xs: Vec<f64> = (0..100_000).map(|_| f64::from(binomial_small(n, p, &mut rng))).collect();
            let (m, _) = mean_var(&xs);
            let em = f64::from(n) * p;
            let sd = (em * (1.0 - p) / 100_000.0).sqrt();
            assert!((m - em).abs() < 5.0 * sd, "n={n} p={p}: mean {m} vs {em}");
        }
    }

    #[test]
    fn cycle_table_has_lognormal_median() {
        let mut t = DiscreteTable::default();
        let mut s = Vec::new();
        cycle_table(10.0, 0.5, 65, &mut t, &mut s);
        // P(round(c) <= 9) = P(c < 9.5) ~ 0.46; P(<= 10) = P(c < 10.5) ~ 0.54.
        assert_eq!(t.sample_with(0.5), 10);
        assert_eq!(t.sample_with(0.0), 1);
        assert_eq!(t.sample_with(0.999_999_999_999), 66);
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
