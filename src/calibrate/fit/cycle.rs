//! The sales cycle, in the model's terms: an opportunity opened (first
//! meeting) in week w closes in week w + 1 + K with K = max(1, round(c)) and
//! c ~ LogNormal(median, sigma). So a closed opportunity shows
//! K = close week - created week - 1 (a week or less counts as K = 1), and
//! an opportunity still open at the as-of week, a weeks after it opened,
//! shows K >= a: right-censored. Leaving the open ones out would fit only the
//! short cycles that had time to finish.
//!
//! The lognormal is fitted by maximum likelihood on those weekly buckets
//! (censoring included), with Wald intervals from the observed information.
//! The empirical distribution is the Kaplan-Meier estimate on the same
//! buckets; the fit is judged by a Pearson chi-squared test on the cells
//! "closed after k weeks" and "still open" (expected counts account for each
//! opportunity's age) and by the largest gap between the two cumulative
//! curves.

use std::collections::BTreeMap;

use statrs::function::erf::erfc;

use super::lognormal::GoodnessOfFit;
use super::stats::chi2_sf;
use crate::stats::Z95;

/// Buckets above this many weeks are pooled (ten years).
const MAX_WEEKS: i32 = 520;
/// Smallest expected count of a chi-squared cell.
const MIN_EXPECTED: f64 = 5.0;

/// Φ(z) without cancellation in the upper tail.
fn phi(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

/// Opportunities as the fit sees them.
#[derive(Clone, Debug, Default)]
pub struct CycleData {
    /// K of closed opportunities -> count.
    pub closed: BTreeMap<i32, u64>,
    /// Age in weeks at the as-of week of every opportunity -> count.
    pub ages: BTreeMap<i32, u64>,
    /// Age of open opportunities -> count.
    pub open: BTreeMap<i32, u64>,
}

impl CycleData {
    /// One opportunity: its age at the as-of week and, if closed, its K.
    pub fn push(&mut self, age: i32, closed_k: Option<i32>) {
        let age = age.clamp(0, MAX_WEEKS + 1);
        *self.ages.entry(age).or_default() += 1;
        match closed_k {
            Some(k) => *self.closed.entry(k.clamp(1, MAX_WEEKS)).or_default() += 1,
            None => *self.open.entry(age).or_default() += 1,
        }
    }

    pub fn n_closed(&self) -> u64 {
        self.closed.values().sum()
    }

    pub fn n_open(&self) -> u64 {
        self.open.values().sum()
    }
}

/// The fitted cycle.
#[derive(Clone, Debug, PartialEq)]
pub struct CycleFit {
    pub n_closed: u64,
    pub n_open: u64,
    pub mu: f64,
    pub sigma: f64,
    pub se_mu: f64,
    pub se_ln_sigma: f64,
    pub median_ci: (f64, f64),
    pub sigma_ci: (f64, f64),
    pub gof: GoodnessOfFit,
    /// Kaplan-Meier P(K <= k) at k = 1, 2, ... while anyone is at risk.
    pub km: Vec<(i32, f64)>,
}

impl CycleFit {
    pub fn median(&self) -> f64 {
        self.mu.exp()
    }

    /// Fitted P(K <= k).
    pub fn bucket_cdf(&self, k: i32) -> f64 {
        if k < 1 { 0.0 } else { phi(((f64::from(k) + 0.5).ln() - self.mu) / self.sigma) }
    }

    /// Empirical quantiles of K at probabilities 0, 1/(n-1), ..., 1 from the
    /// Kaplan-Meier curve; NaN beyond what the history has seen close.
    pub fn quantiles(&self, n: usize) -> Vec<f64> {
        (0..n)
            .map(|i| {
                let p = i as f64 / (n - 1) as f64;
                self.km.iter().find(|(_, f)| *f >= p - 1e-12).map_or(f64::NAN, |(k, _)| f64::from(*k))
            })
            .collect()
    }
}

/// P(K = k) and P(K >= a) under LogNormal(mu, sigma).
struct Model {
    mu: f64,
    sigma: f64,
}

impl Model {
    fn cdf(&self, x: f64) -> f64 {
        phi((x.ln() - self.mu) / self.sigma)
    }
    fn p(&self, k: i32) -> f64 {
        let hi = self.cdf(f64::from(k) + 0.5);
        if k <= 1 { hi } else { hi - self.cdf(f64::from(k) - 0.5) }
    }
    /// P(K >= a): an opportunity a weeks old is still open.
    fn survive(&self, a: i32) -> f64 {
        if a <= 1 { 1.0 } else { phi(-((f64::from(a) - 0.5).ln() - self.mu) / self.sigma) }
    }
    fn loglik(&self, d: &CycleData) -> f64 {
        let closed: f64 = d.closed.iter().map(|(&k, &n)| n as f64 * self.p(k).max(1e-300).ln()).sum();
        let open: f64 = d.open.iter().map(|(&a, &n)| n as f64 * self.survive(a).max(1e-300).ln()).sum();
        closed + open
    }
}

/// Fit; `None` without at least two closed opportunities in different buckets.
pub fn fit(d: &CycleData) -> Option<CycleFit> {
    if d.closed.len() < 2 {
        return None;
    }
    let n_closed = d.n_closed();
    let (mut m0, mut m2) = (0.0, 0.0);
    for (&k, &n) in &d.closed {
        let l = f64::from(k).ln();
        m0 += n as f64 * l;
        m2 += n as f64 * l * l;
    }
    let mean = m0 / n_closed as f64;
    let sd = (m2 / n_closed as f64 - mean * mean).max(0.01).sqrt();
    let ll = |x: [f64; 2]| Model { mu: x[0], sigma: x[1].exp() }.loglik(d);
    let x = newton(&ll, [mean, sd.ln()])?;
    let h = hessian(&ll, x);
    // Covariance = inverse of the observed information (-H).
    let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
    if !(det > 0.0 && h[0][0] < 0.0) {
        return None;
    }
    let (var_mu, var_s) = (-h[1][1] / det, -h[0][0] / det);
    let (se_mu, se_s) = (var_mu.sqrt(), var_s.sqrt());
    let model = Model { mu: x[0], sigma: x[1].exp() };
    let km = kaplan_meier(d);
    let gap = km.iter().map(|&(k, f)| (f - model.p_le(k)).abs()).fold(0.0, f64::max);
    let (stat, df, p) = chi_squared(d, &model);
    Some(CycleFit {
        n_closed,
        n_open: d.n_open(),
        mu: x[0],
        sigma: model.sigma,
        se_mu,
        se_ln_sigma: se_s,
        median_ci: ((x[0] - Z95 * se_mu).exp(), (x[0] + Z95 * se_mu).exp()),
        sigma_ci: ((x[1] - Z95 * se_s).exp(), (x[1] + Z95 * se_s).exp()),
        gof: GoodnessOfFit {
            test: "chi_squared",
            statistic: stat,
            df: Some(df),
            p_value: p,
            max_gap: gap,
            fits: GoodnessOfFit::verdict(p, gap),
        },
        km,
    })
}

impl Model {
    fn p_le(&self, k: i32) -> f64 {
        if k < 1 { 0.0 } else { self.cdf(f64::from(k) + 0.5) }
    }
}

/// Newton's method with step halving on a smooth 2-parameter log-likelihood.
fn newton(f: &impl Fn([f64; 2]) -> f64, mut x: [f64; 2]) -> Option<[f64; 2]> {
    let mut fx = f(x);
    for _ in 0..100 {
        let g = gradient(f, x);
        let h = hessian(f, x);
        let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
        // Newton step where the Hessian is negative definite, else gradient ascent.
        let mut step = if det > 0.0 && h[0][0] < 0.0 {
            [-(h[1][1] * g[0] - h[0][1] * g[1]) / det, -(h[0][0] * g[1] - h[1][0] * g[0]) / det]
        } else {
            [g[0] * 1e-3, g[1] * 1e-3]
        };
        let mut improved = false;
        for _ in 0..40 {
            let y = [x[0] + step[0], (x[1] + step[1]).clamp(-6.0, 3.0)];
            let fy = f(y);
            if fy.is_finite() && fy >= fx {
                improved = fy - fx > 1e-10 || step[0].abs().max(step[1].abs()) > 1e-9;
                x = y;
                fx = fy;
                break;
            }
            step = [step[0] / 2.0, step[1] / 2.0];
        }
        if !improved || (g[0].abs() < 1e-7 && g[1].abs() < 1e-7) {
            return fx.is_finite().then_some(x);
        }
    }
    fx.is_finite().then_some(x)
}

const H: f64 = 1e-4;

fn gradient(f: &impl Fn([f64; 2]) -> f64, x: [f64; 2]) -> [f64; 2] {
    [(f([x[0] + H, x[1]]) - f([x[0] - H, x[1]])) / (2.0 * H), (f([x[0], x[1] + H]) - f([x[0], x[1] - H])) / (2.0 * H)]
}

fn hessian(f: &impl Fn([f64; 2]) -> f64, x: [f64; 2]) -> [[f64; 2]; 2] {
    let f0 = f(x);
    let d2 = |i: usize| {
        let mut a = x;
        let mut b = x;
        a[i] += H;
        b[i] -= H;
        (f(a) - 2.0 * f0 + f(b)) / (H * H)
    };
    let cross = (f([x[0] + H, x[1] + H]) - f([x[0] + H, x[1] - H]) - f([x[0] - H, x[1] + H]) + f([x[0] - H, x[1] - H])) / (4.0 * H * H);
    [[d2(0), cross], [cross, d2(1)]]
}

/// Kaplan-Meier P(K <= k) for k = 1.. while someone is at risk: an
/// opportunity open at age a is known to have K >= a, so it is at risk up
/// to k = a - 1.
fn kaplan_meier(d: &CycleData) -> Vec<(i32, f64)> {
    let max_k = d.closed.keys().max().copied().unwrap_or(1).max(d.open.keys().max().copied().unwrap_or(1) - 1);
    // At risk at k: closed with K >= k, plus open with a - 1 >= k.
    let mut at_risk_closed: u64 = d.n_closed();
    let mut surv = 1.0;
    let mut out = Vec::new();
    for k in 1..=max_k {
        let censored_at_risk: u64 = d.open.range(k + 1..).map(|(_, n)| *n).sum();
        let at_risk = at_risk_closed + censored_at_risk;
        if at_risk == 0 {
            break;
        }
        let events = d.closed.get(&k).copied().unwrap_or(0);
        surv *= 1.0 - events as f64 / at_risk as f64;
        out.push((k, 1.0 - surv));
        at_risk_closed -= events;
    }
    out
}

/// Pearson chi-squared on the cells "closed at k" (pooled from the top so
/// that each expects at least 5) and "still open".
fn chi_squared(d: &CycleData, m: &Model) -> (f64, f64, f64) {
    let max_k = d.ages.keys().max().copied().unwrap_or(1).max(2);
    // Opportunities old enough to be seen closing at k: age - 1 >= k.
    let mut cells: Vec<(f64, f64)> = Vec::new();
    let mut pending = (0.0, 0.0);
    for k in 1..max_k {
        let old_enough: u64 = d.ages.range(k + 1..).map(|(_, n)| *n).sum();
        let e = m.p(k) * old_enough as f64;
        let o = d.closed.get(&k).copied().unwrap_or(0) as f64;
        pending = (pending.0 + o, pending.1 + e);
        if pending.1 >= MIN_EXPECTED {
            cells.push(pending);
            pending = (0.0, 0.0);
        }
    }
    if let Some(last) = cells.last_mut() {
        last.0 += pending.0;
        last.1 += pending.1;
    }
    let open_e: f64 = d.ages.iter().map(|(&a, &n)| n as f64 * m.survive(a)).sum();
    cells.push((d.n_open() as f64, open_e));
    let stat: f64 = cells.iter().filter(|c| c.1 > 0.0).map(|(o, e)| (o - e).powi(2) / e).sum();
    let df = cells.len() as f64 - 1.0 - 2.0;
    if df < 1.0 {
        return (stat, df, f64::NAN);
    }
    (stat, df, chi2_sf(stat, df))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::rng::{Purpose, Stream};

    /// A history of `n` opportunities opened evenly over `weeks` weeks before
    /// the as-of week, cycles from LogNormal(median, sigma).
    fn history(n: u64, weeks: i32, median: f64, sigma: f64, seed: u64) -> CycleData {
        let mut rng = Stream::new(seed, 0, 0, Purpose::Opportunity);
        let mut d = CycleData::default();
        for i in 0..n {
            let age = (i % weeks as u64) as i32;
            let c = median * (sigma * rng.normal()).exp();
            let k = (c.round() as i32).max(1);
            // Closes in week created + 1 + k: seen if that is not after the as-of week.
            d.push(age, (k < age).then_some(k));
        }
        d
    }

    #[test]
    fn censored_cycles_are_fitted_without_bias() {
        let d = history(20_000, 40, 10.0, 0.5, 1);
        assert!(d.n_open() > 3_000, "a fifth or more is still open");
        let f = fit(&d).unwrap();
        assert!((f.median() - 10.0).abs() < 0.3, "{}", f.median());
        assert!((f.sigma - 0.5).abs() < 0.03, "{}", f.sigma);
        assert!(f.gof.fits, "{:?}", f.gof);
        // The closed opportunities alone are biased short (about 9 weeks).
        let closed_mean: f64 = d.closed.iter().map(|(k, n)| f64::from(*k).ln() * *n as f64).sum::<f64>() / d.n_closed() as f64;
        assert!(closed_mean.exp() < 9.5, "{}", closed_mean.exp());
        // Kaplan-Meier agrees with the fitted curve.
        assert!(f.gof.max_gap < 0.03);
        let q = f.quantiles(21);
        assert!((q[10] - 10.0).abs() <= 1.0, "{q:?}");
    }

    #[test]
    fn intervals_cover_the_truth_at_about_the_nominal_rate() {
        // 100 histories; 95% intervals for the median: about 95 cover.
        let mut covered = 0;
        for seed in 0..100 {
            let f = fit(&history(1_500, 30, 8.0, 0.6, seed)).unwrap();
            covered += usize::from(f.median_ci.0 <= 8.0 && 8.0 <= f.median_ci.1);
        }
        assert!((88..=99).contains(&covered), "{covered} of 100");
    }

    #[test]
    fn a_two_humped_cycle_fits_badly() {
        let mut d = CycleData::default();
        for i in 0..3000 {
            d.push(60, Some(if i % 2 == 0 { 2 } else { 30 }));
        }
        let f = fit(&d).unwrap();
        assert!(!f.gof.fits, "{:?}", f.gof);
    }
}
