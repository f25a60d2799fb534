//! The statistics the fits share: ratio estimates with errors clustered by
//! rep, order-statistic intervals for quantiles, one-dimensional optimisers
//! and root finders, and the special functions statrs does not have.

use statrs::distribution::{ChiSquared, ContinuousCDF, StudentsT};
use statrs::function::gamma::ln_gamma;

/// A pooled ratio (events per exposure, wins per closed deal) with a 95%
/// interval whose error is clustered by rep: reps differ, so a rep's
/// opportunities are not independent draws, and the spread of the reps'
/// own ratios is what the error must reflect.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ratio {
    pub value: f64,
    pub se: f64,
    pub lo: f64,
    pub hi: f64,
    /// Clusters (reps) with exposure.
    pub clusters: usize,
}

/// Σnum / Σden with the cluster-robust (sandwich) standard error
/// sqrt(R/(R-1) Σ(num_i - r den_i)²) / Σden and a t interval on R-1 degrees
/// of freedom. `bounds` clamps the interval (0..1 for a probability).
pub fn ratio(pairs: &[(f64, f64)], bounds: (f64, f64)) -> Ratio {
    let pairs: Vec<(f64, f64)> = pairs.iter().copied().filter(|p| p.1 > 0.0).collect();
    let r = pairs.len();
    let (num, den) = pairs.iter().fold((0.0, 0.0), |a, p| (a.0 + p.0, a.1 + p.1));
    if den <= 0.0 {
        return Ratio { value: f64::NAN, se: f64::NAN, lo: f64::NAN, hi: f64::NAN, clusters: r };
    }
    let value = num / den;
    if r < 2 {
        return Ratio { value, se: f64::NAN, lo: bounds.0, hi: bounds.1, clusters: r };
    }
    let ss: f64 = pairs.iter().map(|(n, d)| (n - value * d).powi(2)).sum();
    let se = (ss * r as f64 / (r as f64 - 1.0)).sqrt() / den;
    let t = t_quantile(r as f64 - 1.0, 0.975);
    Ratio { value, se, lo: (value - t * se).max(bounds.0), hi: (value + t * se).min(bounds.1), clusters: r }
}

/// The p-quantile of Student's t with `df` degrees of freedom.
pub fn t_quantile(df: f64, p: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df.max(1.0)).map_or(1.96, |t| t.inverse_cdf(p))
}

/// P(X > x) for X ~ chi-squared with `df` degrees of freedom.
pub fn chi2_sf(x: f64, df: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    ChiSquared::new(df.max(1e-9)).map_or(f64::NAN, |c| c.sf(x))
}

/// Sample quantile of sorted data by linear interpolation between order
/// statistics (Hyndman and Fan's type 7, what spreadsheets compute).
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let i = h.floor() as usize;
    let j = (i + 1).min(sorted.len() - 1);
    sorted[i] + (h - i as f64) * (sorted[j] - sorted[i])
}

/// A distribution-free 95% interval for the p-quantile of sorted data: the
/// order statistics x(l) and x(u) with P(l <= B < u) >= 0.95 for
/// B ~ Bin(n, p), as close to equal tails as the binomial allows. Exact at
/// any n; `None` when n is too small for 95% (the interval would run past
/// the sample).
pub fn quantile_ci(sorted: &[f64], p: f64) -> Option<(f64, f64)> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    // cdf[k] = P(B <= k).
    let mut pmf = vec![0.0; n + 1];
    let ln = |k: usize| ln_gamma(n as f64 + 1.0) - ln_gamma(k as f64 + 1.0) - ln_gamma((n - k) as f64 + 1.0);
    for (k, x) in pmf.iter_mut().enumerate() {
        *x = if p <= 0.0 {
            f64::from(u8::from(k == 0))
        } else if p >= 1.0 {
            f64::from(u8::from(k == n))
        } else {
            (ln(k) + k as f64 * p.ln() + (n - k) as f64 * (1.0 - p).ln()).exp()
        };
    }
    let mut cdf = vec![0.0; n + 1];
    let mut acc = 0.0;
    for k in 0..=n {
        acc += pmf[k];
        cdf[k] = acc;
    }
    // Lower rank l (1-based): the largest with P(B < l) = cdf[l-1] <= 0.025;
    // upper rank u: the smallest with P(B >= u) = 1 - cdf[u-1] <= 0.025.
    let l = (1..=n).rev().find(|&l| cdf[l - 1] <= 0.025)?;
    let u = (1..=n).find(|&u| 1.0 - cdf[u - 1] <= 0.025)?;
    (l <= u).then(|| (sorted[l - 1], sorted[u - 1]))
}

/// The maximum of a unimodal `f` on [lo, hi] by golden-section search.
pub fn golden_max(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64, tol: f64) -> (f64, f64) {
    const G: f64 = 0.618_033_988_749_894_9;
    let mut a = hi - G * (hi - lo);
    let mut b = lo + G * (hi - lo);
    let (mut fa, mut fb) = (f(a), f(b));
    for _ in 0..200 {
        if hi - lo <= tol {
            break;
        }
        if fa < fb {
            lo = a;
            a = b;
            fa = fb;
            b = lo + G * (hi - lo);
            fb = f(b);
        } else {
            hi = b;
            b = a;
            fb = fa;
            a = hi - G * (hi - lo);
            fa = f(a);
        }
    }
    if fa >= fb { (a, fa) } else { (b, fb) }
}

/// A root of `f` on [lo, hi] where f(lo) and f(hi) differ in sign, by
/// bisection; `None` when they do not.
pub fn bisect(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64, tol: f64) -> Option<f64> {
    let (mut flo, fhi) = (f(lo), f(hi));
    if flo == 0.0 {
        return Some(lo);
    }
    if fhi == 0.0 {
        return Some(hi);
    }
    if flo.signum() == fhi.signum() || flo.is_nan() || fhi.is_nan() {
        return None;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if hi - lo <= tol {
            return Some(mid);
        }
        let fm = f(mid);
        if fm.signum() == flo.signum() {
            lo = mid;
            flo = fm;
        } else {
            hi = mid;
        }
    }
    Some(0.5 * (lo + hi))
}

/// ln Γ(a + k) - ln Γ(a): summed exactly for small k; for large a by the
/// difference of Stirling series written without cancellation (two ln Γ of
/// 10^10 would lose the answer in their rounding); through ln Γ otherwise.
pub fn ln_rising(a: f64, k: u64) -> f64 {
    if k < 32 {
        return (0..k).map(|j| (a + j as f64).ln()).sum();
    }
    let kf = k as f64;
    if a >= 30.0 {
        let b = a + kf;
        (a - 0.5) * (kf / a).ln_1p() + kf * b.ln() - kf + (1.0 / b - 1.0 / a) / 12.0 - (1.0 / b.powi(3) - 1.0 / a.powi(3)) / 360.0
    } else {
        ln_gamma(a + kf) - ln_gamma(a)
    }
}

/// The trigamma function ψ₁(x) = d²/dx² ln Γ(x), x > 0: recurrence up to
/// x >= 10, then the asymptotic series (error below 1e-12).
pub fn trigamma(mut x: f64) -> f64 {
    let mut acc = 0.0;
    while x < 10.0 {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    let x2 = 1.0 / (x * x);
    acc + 1.0 / x + x2 / 2.0 + (1.0 / 6.0 - x2 * (1.0 / 30.0 - x2 * (1.0 / 42.0 - x2 / 30.0))) / (x * x * x)
}

pub fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_errors_are_clustered() {
        // Two reps with the same ratio: no spread, zero error.
        let r = ratio(&[(10.0, 20.0), (5.0, 10.0)], (0.0, 1.0));
        assert_eq!((r.value, r.se, r.clusters), (0.5, 0.0, 2));
        // Residuals num - 0.5 den = (2, -1, -1): se = sqrt(3/2 * 6) / 60.
        let pairs = [(12.0, 20.0), (9.0, 20.0), (9.0, 20.0)];
        let r = ratio(&pairs, (0.0, 1.0));
        assert!((r.value - 0.5).abs() < 1e-12);
        let ss: f64 = [2.0f64, -1.0, -1.0].iter().map(|e| e * e).sum();
        let se = (ss * 1.5).sqrt() / 60.0;
        assert!((r.se - se).abs() < 1e-12);
        let t = t_quantile(2.0, 0.975);
        assert!((t - 4.302_652_729_911_275).abs() < 1e-6);
        assert!((r.hi - (0.5 + t * se)).abs() < 1e-12);
    }

    #[test]
    fn quantile_intervals_are_exact_order_statistics() {
        let x: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(quantile_sorted(&x, 0.5), 10.5);
        // n = 20, median: P(B <= 5) = 0.0207 <= 0.025 < P(B <= 6) = 0.0577,
        // so l = 6; by symmetry u = 15. (Textbook: x(6), x(15), 95.9%.)
        assert_eq!(quantile_ci(&x, 0.5), Some((6.0, 15.0)));
        // Too few for a 95% interval of the P90.
        assert_eq!(quantile_ci(&x[..5], 0.9), None);
    }

    #[test]
    fn special_functions() {
        // ψ₁(1) = π²/6; ψ₁(0.5) = π²/2.
        let pi2 = std::f64::consts::PI.powi(2);
        assert!((trigamma(1.0) - pi2 / 6.0).abs() < 1e-10);
        assert!((trigamma(0.5) - pi2 / 2.0).abs() < 1e-10);
        assert!((trigamma(50.0) - (0.02 + 0.5 / 2500.0 + 1.0 / (6.0 * 125_000.0))).abs() < 1e-9);
        assert!((ln_rising(2.5, 3) - (2.5f64 * 3.5 * 4.5).ln()).abs() < 1e-12);
        assert!((ln_rising(2.5, 40) - (ln_gamma(42.5) - ln_gamma(2.5))).abs() < 1e-9);
        // Large a: against the exact sum.
        let exact: f64 = (0..100).map(|j| (35.0 + j as f64).ln()).sum();
        assert!((ln_rising(35.0, 100) - exact).abs() < 1e-9);
        let exact: f64 = (0..100).map(|j| (1.8e10 + j as f64).ln()).sum();
        assert!((ln_rising(1.8e10, 100) - exact).abs() < 1e-9);
        assert!((chi2_sf(3.841_458_820_694_124, 1.0) - 0.05).abs() < 1e-9);
        let (x, _) = golden_max(|x| -(x - 0.3) * (x - 0.3), 0.0, 1.0, 1e-10);
        assert!((x - 0.3).abs() < 1e-8);
        assert!((bisect(|x| x * x - 2.0, 0.0, 2.0, 1e-12).unwrap() - 2f64.sqrt()).abs() < 1e-10);
        assert_eq!(bisect(|x| x + 1.0, 0.0, 1.0, 1e-9), None);
    }
}
