//! Special functions: normal and Beta quantiles and the normal CDF (statrs),
//! for tables built once per run or trial, never per draw.

use statrs::distribution::{Beta, ContinuousCDF, Normal};

pub fn standard_normal_quantile(u: f64) -> f64 {
    // Normal::new(0, 1) cannot fail.
    Normal::new(0.0, 1.0).map(|n| n.inverse_cdf(u)).unwrap_or(0.0)
}

pub fn standard_normal_cdf(x: f64) -> f64 {
    Normal::new(0.0, 1.0).map(|n| n.cdf(x)).unwrap_or(0.5)
}

/// Beta quantile; the shape parameters were checked positive at parse time.
pub fn beta_quantile(a: f64, b: f64, u: f64) -> f64 {
    Beta::new(a, b).map(|d| d.inverse_cdf(u.clamp(0.0, 1.0))).unwrap_or(0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        assert!((standard_normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-9);
        assert!((standard_normal_cdf(0.0) - 0.5).abs() < 1e-15);
        // Beta(2, 2) is symmetric; Beta(1, 1) is uniform.
        assert!((beta_quantile(2.0, 2.0, 0.5) - 0.5).abs() < 1e-9);
        assert!((beta_quantile(1.0, 1.0, 0.3) - 0.3).abs() < 1e-9);
    }
}
