//! Exactly mergeable running moments (count, mean, sum of squared deviations).

use serde::{Deserialize, Serialize};

/// Welford's running mean and variance, mergeable with Chan's formula so that
/// per-chunk results combine into the same answer as one long pass.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Moments {
    pub n: u64,
    pub mean: f64,
    pub m2: f64,
}

impl Moments {
    #[inline]
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    pub fn merge(&mut self, other: &Moments) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *other;
            return;
        }
        let n = self.n + other.n;
        let d = other.mean - self.mean;
        let (na, nb) = (self.n as f64, other.n as f64);
        self.mean += d * nb / n as f64;
        self.m2 += other.m2 + d * d * na * nb / n as f64;
        self.n = n;
    }

    /// Sample variance (n - 1 denominator); 0 with fewer than two values.
    pub fn variance(&self) -> f64 {
        if self.n < 2 { 0.0 } else { (self.m2 / (self.n - 1) as f64).max(0.0) }
    }

    pub fn sd(&self) -> f64 {
        self.variance().sqrt()
    }

    /// Standard error of the mean.
    pub fn se(&self) -> f64 {
        if self.n < 2 { 0.0 } else { (self.variance() / self.n as f64).sqrt() }
    }
}

/// Per-trial sums of a ratio estimator's numerator and denominator; the
/// standard error comes from the spread of trials (trials are independent).
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RatioMoments {
    pub trials: u64,
    pub sx: f64,
    pub sy: f64,
    pub sxx: f64,
    pub syy: f64,
    pub sxy: f64,
}

impl RatioMoments {
    /// Add one trial with denominator `x` and numerator `y`.
    pub fn push(&mut self, x: f64, y: f64) {
        self.trials += 1;
        self.sx += x;
        self.sy += y;
        self.sxx += x * x;
        self.syy += y * y;
        self.sxy += x * y;
    }

    pub fn merge(&mut self, o: &RatioMoments) {
        self.trials += o.trials;
        self.sx += o.sx;
        self.sy += o.sy;
        self.sxx += o.sxx;
        self.syy += o.syy;
        self.sxy += o.sxy;
    }

    /// The ratio sum(y) / sum(x), or NaN when nothing was observed.
    pub fn ratio(&self) -> f64 {
        if self.sx > 0.0 { self.sy / self.sx } else { f64::NAN }
    }

    /// Delta-method standard error of the ratio over independent trials.
    pub fn se(&self) -> f64 {
        let t = self.trials as f64;
        if self.trials < 2 || self.sx <= 0.0 {
            return f64::NAN;
        }
        let r = self.ratio();
        let xbar = self.sx / t;
        let ss = (self.syy - 2.0 * r * self.sxy + r * r * self.sxx).max(0.0);
        (ss / (t * (t - 1.0))).sqrt() / xbar
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_equals_single_pass() {
        let xs: Vec<f64> = (0..1000).map(|i| ((i * 7919) % 1000) as f64 / 37.0).collect();
        let mut all = Moments::default();
        xs.iter().for_each(|x| all.push(*x));
        let mut a = Moments::default();
        let mut b = Moments::default();
        xs[..300].iter().for_each(|x| a.push(*x));
        xs[300..].iter().for_each(|x| b.push(*x));
        a.merge(&b);
        assert_eq!(a.n, all.n);
        assert!((a.mean - all.mean).abs() < 1e-12);
        assert!((a.variance() - all.variance()).abs() < 1e-9);
    }

    #[test]
    fn ratio_of_constant_trials_has_zero_error() {
        let mut r = RatioMoments::default();
        for _ in 0..10 {
            r.push(10.0, 3.0);
        }
        assert!((r.ratio() - 0.3).abs() < 1e-15);
        assert!(r.se() < 1e-9);
    }
}
