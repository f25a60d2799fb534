//! How much reps differ beyond chance: over-dispersion of their
//! opportunity counts (negative binomial: Poisson counts whose rates are
//! Gamma-distributed across reps) and of their wins among closed deals
//! (beta-binomial: binomial wins whose rates are Beta-distributed).
//!
//! Both are fitted by maximum likelihood with the mean profiled out (for
//! the beta-binomial, the mean at each dispersion is its quasi-likelihood
//! estimate, the reps' rates weighted by their inverse variance). The
//! dispersion theta >= 0 is 0 for identical reps; its 95% interval comes
//! from the profile likelihood, and "none detectable" is the likelihood-ratio
//! test of theta = 0 against its boundary null (half chi-squared with one
//! degree of freedom), at 5%.

use super::stats::{bisect, chi2_sf, golden_max, ln_rising, trigamma};
use statrs::function::gamma::ln_gamma;

/// A fitted dispersion.
#[derive(Clone, Debug, PartialEq)]
pub struct Dispersion {
    /// Maximum-likelihood theta.
    pub theta: f64,
    /// 95% profile-likelihood interval of theta.
    pub lo: f64,
    pub hi: f64,
    /// Test of theta = 0 (no difference between reps beyond chance).
    pub p_value: f64,
    /// The mean (rate or probability) at the maximum.
    pub mean: f64,
    /// Quantiles of theta at probabilities 0, 0.05, ..., 1 of the normalised
    /// profile likelihood (flat prior): the uncertainty carried into the
    /// simulation.
    pub quantiles: Vec<f64>,
}

impl Dispersion {
    pub fn detectable(&self) -> bool {
        self.p_value < 0.05
    }
}

/// Half-width of a 95% profile-likelihood interval in log-likelihood units.
const HALF_CHI2_95: f64 = 1.920_729_410_347_062;

/// Points in the coarse search of theta (uniform in sqrt(theta)).
const GRID: usize = 48;

/// Profile likelihood over theta in [0, theta_max]: `profile(theta)` returns
/// (max over the mean of the log-likelihood, the maximising mean).
fn fit(profile: impl Fn(f64) -> (f64, f64), theta_max: f64) -> Dispersion {
    let s_max = theta_max.sqrt();
    let at = |s: f64| profile(s * s).0;
    let grid: Vec<(f64, f64)> = (0..=GRID).map(|i| s_max * i as f64 / GRID as f64).map(|s| (s, at(s))).collect();
    let best = (0..grid.len()).max_by(|&a, &b| grid[a].1.total_cmp(&grid[b].1)).unwrap_or(0);
    let (lo_s, hi_s) = (grid[best.saturating_sub(1)].0, grid[(best + 1).min(GRID)].0);
    let (s_hat, l_hat) = golden_max(at, lo_s, hi_s, 1e-7 * s_max.max(1e-9));
    // A maximum no higher than theta = 0 (within rounding) is theta = 0.
    let (s_hat, l_hat) = if grid[0].1 >= l_hat - 1e-9 { (0.0, grid[0].1) } else { (s_hat, l_hat) };
    let theta = s_hat * s_hat;
    let cut = |s: f64| at(s) - (l_hat - HALF_CHI2_95);
    let lo = if s_hat == 0.0 { 0.0 } else { bisect(cut, 0.0, s_hat, 1e-9).map_or(0.0, |s| s * s) };
    let hi = bisect(cut, s_hat, s_max, 1e-9).map_or(theta_max, |s| s * s);
    let lr = 2.0 * (l_hat - grid[0].1);
    let p_value = if lr <= 0.0 { 1.0 } else { 0.5 * chi2_sf(lr, 1.0) };
    // The normalised likelihood on a fine grid of theta up to past the upper bound.
    let top = (hi * 1.6).max(theta + 1e-6).min(theta_max);
    let n = 120;
    let dens: Vec<(f64, f64)> = (0..=n)
        .map(|i| top * i as f64 / n as f64)
        .map(|t| {
            let l = profile(t).0;
            (t, (l - l_hat).exp())
        })
        .collect();
    let quantiles = density_quantiles(&dens, 21);
    Dispersion { theta, lo, hi, p_value, mean: profile(theta).1, quantiles }
}

/// Quantiles at probabilities 0, 1/(k-1), ..., 1 of a density given on a
/// grid (trapezoid rule, linear inversion).
fn density_quantiles(dens: &[(f64, f64)], k: usize) -> Vec<f64> {
    let mut cdf = vec![0.0; dens.len()];
    for i in 1..dens.len() {
        cdf[i] = cdf[i - 1] + 0.5 * (dens[i].1 + dens[i - 1].1) * (dens[i].0 - dens[i - 1].0);
    }
    let total = *cdf.last().unwrap_or(&0.0);
    if total <= 0.0 {
        return vec![dens.first().map_or(0.0, |d| d.0); k];
    }
    (0..k)
        .map(|j| {
            let target = total * j as f64 / (k - 1) as f64;
            let i = cdf.partition_point(|&c| c < target).clamp(1, dens.len() - 1);
            let (c0, c1) = (cdf[i - 1], cdf[i]);
            let t = if c1 > c0 { (target - c0) / (c1 - c0) } else { 0.0 };
            dens[i - 1].0 + t * (dens[i].0 - dens[i - 1].0)
        })
        .collect()
}

/// Reps' counts `n_i` over exposures `t_i` (weeks): negative-binomial
/// theta = 1/shape of the Gamma distribution of reps' rates (CV² of the rates).
pub fn counts(reps: &[(u64, f64)]) -> Dispersion {
    let reps: Vec<(u64, f64)> = reps.iter().copied().filter(|r| r.1 > 0.0).collect();
    let total_n: u64 = reps.iter().map(|r| r.0).sum();
    let total_t: f64 = reps.iter().map(|r| r.1).sum();
    let pooled = total_n as f64 / total_t.max(1e-300);
    let const_part: f64 = reps.iter().map(|r| ln_gamma(r.0 as f64 + 1.0)).sum();
    let ll = |lambda: f64, theta: f64| -> f64 {
        if theta <= 0.0 {
            return reps.iter().map(|&(n, t)| n as f64 * (lambda * t).ln() - lambda * t).sum::<f64>() - const_part;
        }
        let k = 1.0 / theta;
        reps.iter()
            .map(|&(n, t)| {
                let m = lambda * t;
                ln_rising(k, n) - k * (m / k).ln_1p() + n as f64 * (m.ln() - (k + m).ln())
            })
            .sum::<f64>()
            - const_part
    };
    let profile = |theta: f64| -> (f64, f64) {
        if theta <= 0.0 || total_n == 0 {
            return (ll(pooled, 0.0), pooled);
        }
        let k = 1.0 / theta;
        // Score in lambda; decreasing, so its root is the maximum.
        let score = |x: f64| {
            let lambda = x.exp();
            reps.iter().map(|&(n, t)| n as f64 / lambda - (n as f64 + k) * t / (k + lambda * t)).sum::<f64>()
        };
        let x = bisect(score, pooled.ln() - 8.0, pooled.ln() + 8.0, 1e-10).unwrap_or(pooled.ln());
        (ll(x.exp(), theta), x.exp())
    };
    fit(profile, 10.0)
}

/// Reps' wins `k_i` of `n_i` closed: beta-binomial theta = 1/(a+b) of the
/// Beta distribution of reps' win rates.
pub fn proportions(reps: &[(u64, u64)]) -> Dispersion {
    let reps: Vec<(u64, u64)> = reps.iter().copied().filter(|r| r.1 > 0).collect();
    let (k_all, n_all) = reps.iter().fold((0u64, 0u64), |a, r| (a.0 + r.0, a.1 + r.1));
    let pooled = (k_all as f64 / n_all.max(1) as f64).clamp(1e-9, 1.0 - 1e-9);
    let ll = |mu: f64, theta: f64| -> f64 {
        if theta <= 0.0 {
            return reps.iter().map(|&(k, n)| k as f64 * mu.ln() + (n - k) as f64 * (1.0 - mu).ln()).sum();
        }
        let (a, b) = (mu / theta, (1.0 - mu) / theta);
        // The -ln(theta) terms of the three rising factorials cancel.
        reps.iter().map(|&(k, n)| ln_rising(a, k) + ln_rising(b, n - k) - ln_rising(a + b, n)).sum::<f64>()
    };
    // The mean at each theta: reps' rates weighted by their inverse variance
    // under the beta-binomial, n / (1 + (n - 1) rho) with rho = theta / (1 + theta)
    // (its quasi-likelihood estimate, within a hair of the maximum and far cheaper).
    let profile = |theta: f64| -> (f64, f64) {
        if theta <= 0.0 || k_all == 0 || k_all == n_all {
            return (ll(pooled, theta.max(0.0)), pooled);
        }
        let rho = theta / (1.0 + theta);
        let (mut num, mut den) = (0.0, 0.0);
        for &(k, n) in &reps {
            let w = n as f64 / (1.0 + (n as f64 - 1.0) * rho);
            num += w * k as f64 / n as f64;
            den += w;
        }
        let mu = (num / den).clamp(1e-9, 1.0 - 1e-9);
        (ll(mu, theta), mu)
    };
    fit(profile, 5.0)
}

/// The standard deviation of logit(p) for p ~ Beta(mean, theta): the spread
/// of reps' win rates on the scale the model's skill shifts.
pub fn logit_sd(mean: f64, theta: f64) -> f64 {
    if theta <= 0.0 {
        return 0.0;
    }
    (trigamma(mean / theta) + trigamma((1.0 - mean) / theta)).sqrt()
}

/// The standard deviation of ln(rate) for rates ~ Gamma(shape 1/theta).
pub fn log_sd(theta: f64) -> f64 {
    if theta <= 0.0 { 0.0 } else { trigamma(1.0 / theta).sqrt() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::rng::{Purpose, Stream};
    use rand_distr::{Beta, Binomial, Distribution, Gamma, Poisson};

    #[test]
    fn identical_reps_show_no_dispersion() {
        // Exactly proportional counts: the MLE is at the boundary.
        let d = counts(&[(50, 10.0), (100, 20.0), (75, 15.0)]);
        assert_eq!(d.theta, 0.0);
        assert!((d.mean - 5.0).abs() < 1e-9);
        assert!(!d.detectable());
        let p = proportions(&[(30, 100), (15, 50), (60, 200)]);
        assert_eq!(p.theta, 0.0);
        assert!((p.mean - 0.3).abs() < 1e-9);
        assert_eq!(p.quantiles.len(), 21);
        assert_eq!(p.quantiles[0], 0.0);
    }

    #[test]
    fn reference_values() {
        // ln of the beta-binomial pmf at theta = 1/(a+b) against a direct
        // computation, through a one-rep profile: k = 3 of 10 at a = 2, b = 3.
        let (a, b) = (2.0f64, 3.0f64);
        let direct = ln_gamma(a + 3.0) + ln_gamma(b + 7.0) + ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) - ln_gamma(a + b + 10.0);
        let ours = ln_rising(a, 3) + ln_rising(b, 7) - ln_rising(a + b, 10);
        assert!((direct - ours).abs() < 1e-12);
        // logit sd of Beta(1, 1) (uniform): sqrt(2 * pi^2/6).
        let pi2 = std::f64::consts::PI.powi(2);
        assert!((logit_sd(0.5, 0.5) - (pi2 / 3.0).sqrt()).abs() < 1e-9);
        // log sd of Gamma(1) (exponential): pi/sqrt(6).
        assert!((log_sd(1.0) - (pi2 / 6.0).sqrt()).abs() < 1e-9);
    }

    #[test]
    fn intervals_cover_the_truth_at_about_the_nominal_rate() {
        // 120 teams of 40 reps drawn with known dispersions; the 95% profile
        // intervals should cover the truth in about 114 of them. With the
        // binomial sd of 2.4, fewer than 105 (3.8 sd) would be a defect.
        let (theta_rate, theta_win) = (0.25, 0.05);
        let (mut cover_n, mut cover_p) = (0, 0);
        for team in 0..120u64 {
            let mut rng = Stream::new(11, team, 0, Purpose::Rep);
            let mut rates = Vec::new();
            let mut wins = Vec::new();
            let beta = Beta::new(0.3 / theta_win, 0.7 / theta_win).unwrap();
            for _ in 0..40 {
                let g: f64 = Gamma::new(1.0 / theta_rate, theta_rate).unwrap().sample(rng.rng());
                let t = 52.0;
                let n = Poisson::new(2.0 * g * t).unwrap().sample(rng.rng()) as u64;
                rates.push((n, t));
                let p: f64 = beta.sample(rng.rng());
                let closed = 60u64;
                wins.push((Binomial::new(closed, p).unwrap().sample(rng.rng()), closed));
            }
            let d = counts(&rates);
            cover_n += usize::from(d.lo <= theta_rate && theta_rate <= d.hi);
            let p = proportions(&wins);
            cover_p += usize::from(p.lo <= theta_win && theta_win <= p.hi);
        }
        // All 120 would say the intervals are too wide (0.95^120 = 0.2%).
        assert!((105..=119).contains(&cover_n), "negative binomial: {cover_n} of 120");
        assert!((105..=119).contains(&cover_p), "beta-binomial: {cover_p} of 120");
    }
}
