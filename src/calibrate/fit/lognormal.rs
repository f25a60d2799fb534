//! Won deal sizes: a lognormal fitted to them, how well it fits, and their
//! empirical distribution.
//!
//! The lognormal's parameters are the mean and standard deviation of the
//! logs, with exact intervals under lognormality (t for the median,
//! chi-squared for the log-sd). The fit is judged by the Anderson-Darling
//! test of normality of the logs with both parameters estimated (Stephens'
//! modified statistic and the D'Agostino-Stephens p-value) and by the
//! largest gap between the two cumulative curves. It "fits badly" when the
//! test rejects at 1% and the gap is material (above 5 points): with
//! thousands of deals a test alone rejects differences no forecast would
//! notice.

use statrs::distribution::{ChiSquared, ContinuousCDF};

use super::stats::{quantile_sorted, t_quantile};
use crate::numeric::special::standard_normal_cdf;

/// The test level below which a fit is rejected.
pub const REJECT_P: f64 = 0.01;
/// The smallest gap between fitted and empirical CDF that matters.
pub const MATERIAL_GAP: f64 = 0.05;

/// How well a parametric distribution fits, and the verdict.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct GoodnessOfFit {
    /// `anderson_darling` (continuous amounts) or `chi_squared` (weekly cycles).
    pub test: &'static str,
    pub statistic: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub df: Option<f64>,
    pub p_value: f64,
    /// Largest gap between the fitted and the empirical cumulative distribution.
    pub max_gap: f64,
    pub fits: bool,
}

impl GoodnessOfFit {
    pub fn verdict(p_value: f64, max_gap: f64) -> bool {
        !(p_value < REJECT_P && max_gap > MATERIAL_GAP)
    }
}

/// A lognormal fitted to positive values.
#[derive(Clone, Debug, PartialEq)]
pub struct LogNormalFit {
    pub n: usize,
    /// Mean and standard deviation (n - 1) of the logs.
    pub mu: f64,
    pub sigma: f64,
    pub median_ci: (f64, f64),
    pub sigma_ci: (f64, f64),
    /// Standard errors of mu and sigma (the sampling distributions written
    /// into the scenario).
    pub se_mu: f64,
    pub se_sigma: f64,
    /// Arithmetic mean and standard deviation, the mean's t interval.
    pub mean: f64,
    pub sd: f64,
    pub mean_ci: (f64, f64),
    pub gof: GoodnessOfFit,
    /// The values, sorted (for the chart and the quantiles).
    pub sorted: Vec<f64>,
}

impl LogNormalFit {
    pub fn median(&self) -> f64 {
        self.mu.exp()
    }

    /// Fitted CDF at x.
    pub fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 { 0.0 } else { standard_normal_cdf((x.ln() - self.mu) / self.sigma) }
    }

    /// Empirical quantiles at probabilities 0, 1/(k-1), ..., 1.
    pub fn quantiles(&self, k: usize) -> Vec<f64> {
        (0..k).map(|i| quantile_sorted(&self.sorted, i as f64 / (k - 1) as f64)).collect()
    }
}

/// Fit positive `values` (at least two, not all equal); `None` otherwise.
pub fn fit(values: &[f64]) -> Option<LogNormalFit> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| *v > 0.0 && v.is_finite()).collect();
    let n = sorted.len();
    if n < 2 {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let logs: Vec<f64> = sorted.iter().map(|v| v.ln()).collect();
    let nf = n as f64;
    let mu = logs.iter().sum::<f64>() / nf;
    let var = logs.iter().map(|l| (l - mu).powi(2)).sum::<f64>() / (nf - 1.0);
    let sigma = var.sqrt();
    if sigma <= 0.0 {
        return None;
    }
    let t = t_quantile(nf - 1.0, 0.975);
    let se_mu = sigma / nf.sqrt();
    let chi = ChiSquared::new(nf - 1.0).ok()?;
    let sigma_ci = (sigma * ((nf - 1.0) / chi.inverse_cdf(0.975)).sqrt(), sigma * ((nf - 1.0) / chi.inverse_cdf(0.025)).sqrt());
    let mean = sorted.iter().sum::<f64>() / nf;
    let sd = (sorted.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (nf - 1.0)).sqrt();
    let z: Vec<f64> = logs.iter().map(|l| (l - mu) / sigma).collect();
    let (a2, p) = anderson_darling(&z);
    let gap = ks_gap(&z);
    Some(LogNormalFit {
        n,
        mu,
        sigma,
        median_ci: ((mu - t * se_mu).exp(), (mu + t * se_mu).exp()),
        sigma_ci,
        se_mu,
        se_sigma: sigma / (2.0 * (nf - 1.0)).sqrt(),
        mean,
        sd,
        mean_ci: ((mean - t * sd / nf.sqrt()).max(0.0), mean + t * sd / nf.sqrt()),
        gof: GoodnessOfFit {
            test: "anderson_darling",
            statistic: a2,
            df: None,
            p_value: p,
            max_gap: gap,
            fits: GoodnessOfFit::verdict(p, gap),
        },
        sorted,
    })
}

/// Stephens' modified Anderson-Darling statistic A*² of standardised,
/// sorted values against the standard normal (mean and variance estimated),
/// and its p-value (D'Agostino and Stephens 1986, table 4.9).
fn anderson_darling(z: &[f64]) -> (f64, f64) {
    let n = z.len();
    let nf = n as f64;
    let s: f64 = (0..n)
        .map(|i| {
            let lo = standard_normal_cdf(z[i]).max(1e-300);
            let hi = standard_normal_cdf(-z[n - 1 - i]).max(1e-300);
            (2.0 * i as f64 + 1.0) * (lo.ln() + hi.ln())
        })
        .sum();
    let a2 = -nf - s / nf;
    let a = a2 * (1.0 + 0.75 / nf + 2.25 / (nf * nf));
    let p = if a >= 0.6 {
        (1.2937 - 5.709 * a + 0.0186 * a * a).exp()
    } else if a >= 0.34 {
        (0.9177 - 4.279 * a - 1.38 * a * a).exp()
    } else if a >= 0.2 {
        1.0 - (-8.318 + 42.796 * a - 59.938 * a * a).exp()
    } else {
        1.0 - (-13.436 + 101.14 * a - 223.73 * a * a).exp()
    };
    (a, p.clamp(0.0, 1.0))
}

/// Largest distance between the empirical CDF of sorted standardised values
/// and the standard normal CDF (the Kolmogorov-Smirnov distance).
fn ks_gap(z: &[f64]) -> f64 {
    let n = z.len() as f64;
    z.iter()
        .enumerate()
        .map(|(i, &x)| {
            let f = standard_normal_cdf(x);
            (f - i as f64 / n).abs().max(((i + 1) as f64 / n - f).abs())
        })
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::special::standard_normal_quantile;

    /// Values at the normal quantiles (i - 0.5)/n of LN(mu, sigma): as
    /// lognormal as n values can be.
    fn ideal(n: usize, mu: f64, sigma: f64) -> Vec<f64> {
        (0..n).map(|i| (mu + sigma * standard_normal_quantile((i as f64 + 0.5) / n as f64)).exp()).collect()
    }

    #[test]
    fn a_lognormal_sample_fits() {
        let v = ideal(500, 10.0, 0.7);
        let f = fit(&v).unwrap();
        assert!((f.mu - 10.0).abs() < 1e-9);
        assert!((f.sigma - 0.7).abs() < 0.01);
        assert!(f.gof.fits && f.gof.p_value > 0.5, "{:?}", f.gof);
        assert!(f.median_ci.0 < f.median() && f.median() < f.median_ci.1);
        assert!(f.sigma_ci.0 < f.sigma && f.sigma < f.sigma_ci.1);
        assert!(f.gof.max_gap < 0.01);
    }

    #[test]
    fn a_bimodal_sample_fits_badly() {
        // Two products: $1k and $25k deals, half each.
        let mut v = ideal(400, 1000f64.ln(), 0.2);
        v.extend(ideal(400, 25_000f64.ln(), 0.2));
        let f = fit(&v).unwrap();
        assert!(!f.gof.fits, "{:?}", f.gof);
        assert!(f.gof.p_value < 1e-6 && f.gof.max_gap > 0.1);
        let q = f.quantiles(21);
        assert_eq!(q.len(), 21);
        assert!(q[5] < 1500.0 && q[15] > 15_000.0);
    }

    #[test]
    fn anderson_darling_p_values_match_the_table() {
        // Critical values of A*² for the normal with both parameters
        // estimated: 0.752 at 5% and 1.035 at 1% (Stephens 1974).
        let p = |a: f64| (1.2937 - 5.709 * a + 0.0186 * a * a).exp();
        assert!((p(0.752) - 0.05).abs() < 0.002);
        assert!((p(1.035) - 0.01).abs() < 0.001);
        assert!(fit(&[5.0]).is_none());
        assert!(fit(&[5.0, 5.0]).is_none());
    }
}
