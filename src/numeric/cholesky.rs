//! The Cholesky factor of a correlation matrix, for a Gaussian copula.
//!
//! Perfect correlations (a pivot of zero) are allowed: the matrix then is
//! positive semi-definite and its factor maps fewer independent normals onto
//! the correlated ones. A negative pivot means no joint distribution has
//! these correlations.

/// Pivots within this of zero are zero (rounding of perfectly correlated rows).
const TOLERANCE: f64 = 1e-9;

/// The lower-triangular `L` (row-major, `n` x `n`) with `L Lᵀ = m`, or the
/// index of the first row whose pivot is negative.
pub fn cholesky(m: &[f64], n: usize) -> Result<Vec<f64>, usize> {
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let dot: f64 = (0..j).map(|k| l[i * n + k] * l[j * n + k]).sum();
            let residual = m[i * n + j] - dot;
            if i == j {
                if residual < -TOLERANCE {
                    return Err(i);
                }
                l[i * n + i] = residual.max(0.0).sqrt();
            } else if l[j * n + j] > TOLERANCE.sqrt() {
                l[i * n + j] = residual / l[j * n + j];
            } else if residual.abs() > TOLERANCE.sqrt() {
                // Row j is a combination of earlier rows; row i must agree with it.
                return Err(i);
            }
        }
    }
    Ok(l)
}

/// The correlation of the normal scores that gives Spearman rank
/// correlation `rank` between two variables of a Gaussian copula.
pub fn normal_correlation(rank: f64) -> f64 {
    2.0 * (std::f64::consts::PI * rank / 6.0).sin()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(l: &[f64], n: usize) -> Vec<f64> {
        (0..n * n).map(|ij| (0..n).map(|k| l[(ij / n) * n + k] * l[(ij % n) * n + k]).sum()).collect()
    }

    #[test]
    fn factors_reproduce_the_matrix() {
        let m = [1.0, 0.5, -0.3, 0.5, 1.0, 0.2, -0.3, 0.2, 1.0];
        let l = cholesky(&m, 3).unwrap();
        for (a, b) in product(&l, 3).iter().zip(m) {
            assert!((a - b).abs() < 1e-12);
        }
        assert_eq!(l[1], 0.0);
    }

    #[test]
    fn perfect_correlations_are_semi_definite_and_inconsistent_ones_fail() {
        let tied = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0];
        let l = cholesky(&tied, 3).unwrap();
        assert!(product(&l, 3).iter().all(|x| (x - 1.0).abs() < 1e-12));
        // Two inputs tied to a third must be tied to each other.
        let broken = [1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0];
        assert_eq!(cholesky(&broken, 3), Err(2));
        let strong = [1.0, -0.9, -0.9, -0.9, 1.0, -0.9, -0.9, -0.9, 1.0];
        assert_eq!(cholesky(&strong, 3), Err(2));
    }

    #[test]
    fn rank_correlations_map_to_normal_ones() {
        assert_eq!(normal_correlation(0.0), 0.0);
        assert!((normal_correlation(1.0) - 1.0).abs() < 1e-15);
        assert!((normal_correlation(-0.5) + 0.5176380902050415).abs() < 1e-12);
    }
}
