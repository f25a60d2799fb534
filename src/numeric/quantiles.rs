//! An empirical distribution given by equally spaced quantiles: the values
//! at cumulative probabilities 0, 1/(n-1), ..., 1, with the quantile
//! function linear between neighbours (so the distribution is uniform
//! between them, and a repeated value is a point mass).

/// The quantile at `u` in [0, 1] of equally spaced quantiles `q` (at least
/// two, not decreasing), interpolated linearly between neighbours.
#[inline(always)]
pub fn quantile(q: &[f64], u: f64) -> f64 {
    let last = q.len() - 1;
    let pos = u.clamp(0.0, 1.0) * last as f64;
    let i = (pos.floor() as usize).min(last - 1);
    let t = pos - i as f64;
    q[i] + t * (q[i + 1] - q[i])
}

/// P(X <= x): the inverse of [`quantile`] (the largest u whose quantile is
/// at most x, so a point mass counts in full).
pub fn cdf(q: &[f64], x: f64) -> f64 {
    let last = q.len() - 1;
    if x < q[0] {
        return 0.0;
    }
    if x >= q[last] {
        return 1.0;
    }
    // The last node at or below x; the next one is above it.
    let i = q.partition_point(|v| *v <= x) - 1;
    (i as f64 + (x - q[i]) / (q[i + 1] - q[i])) / last as f64
}

/// The mean: each stretch between neighbours holds 1/(n-1) of the
/// probability, uniformly, so it contributes the mean of its two ends.
pub fn mean(q: &[f64]) -> f64 {
    q.windows(2).map(|w| 0.5 * (w[0] + w[1])).sum::<f64>() / (q.len() - 1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_and_cdf_invert_each_other() {
        let q = [1.0, 2.0, 4.0];
        assert_eq!(quantile(&q, 0.5), 2.0);
        assert_eq!(quantile(&q, 0.0), 1.0);
        assert_eq!(quantile(&q, 1.0), 4.0);
        assert_eq!(quantile(&q, 0.75), 3.0);
        assert_eq!(cdf(&q, 1.5), 0.25);
        assert_eq!(cdf(&q, 3.0), 0.75);
        assert_eq!((cdf(&q, 0.5), cdf(&q, 4.0)), (0.0, 1.0));
        assert!((mean(&q) - 2.25).abs() < 1e-15);
    }

    #[test]
    fn a_repeated_value_is_a_point_mass() {
        // Half the mass exactly at 1: P(X <= 1) jumps from 0 to 0.5.
        let q = [1.0, 1.0, 3.0];
        assert_eq!(cdf(&q, 1.0), 0.5);
        assert_eq!(cdf(&q, 0.999), 0.0);
        assert_eq!(cdf(&q, 2.0), 0.75);
        assert_eq!(quantile(&q, 0.3), 1.0);
    }
}
