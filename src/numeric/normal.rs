//! Standard normal variates by the ziggurat method (Marsaglia and Tsang,
//! 2000; 256 layers, [`normal_tables`](super::normal_tables)), in two parts
//! so that many can be drawn in one loop the compiler vectorises:
//! [`first_try`] turns 64 random bits into a candidate and says whether it
//! lies in a layer's core, where it is accepted as it is (98.8% of draws; no
//! branch); [`finish`] completes the few others exactly (the layer's wedge
//! or the tail, then fresh candidates if need be), out of line.
//!
//! One candidate uses the bits as they are: the low 8 pick the layer, the
//! top 52 the position in it (sign included). The sampler is pinned: its
//! result for given bits must never change, since every result of the
//! engine depends on it.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

use super::normal_tables::{F, R, X};
use super::rng::unit52;

/// The candidate of 64 random bits and whether it is accepted as it is.
#[inline(always)]
pub fn first_try(bits: u64) -> (f64, bool) {
    let layer = (bits & 0xff) as usize;
    let x = signed_unit(bits) * X[layer];
    (x, x.abs() < X[layer + 1])
}

/// [`first_try`] of four numbers on a CPU with AVX2: the candidates, the
/// same bits lane by lane, and a lane mask of those accepted as they are.
///
/// # Safety
/// Only on a CPU with AVX2 (see `numeric::isa::wide`).
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx2")]
pub fn first_try_x4(bits: __m256i) -> (__m256d, __m256d) {
    let layer = _mm256_and_si256(bits, _mm256_set1_epi64x(0xff));
    // SAFETY: the layers are below 256 and X has 257 entries.
    let (width, core) = unsafe { (_mm256_i64gather_pd::<8>(X.as_ptr(), layer), _mm256_i64gather_pd::<8>(X.as_ptr().add(1), layer)) };
    let two_to_four = _mm256_or_si256(_mm256_srli_epi64::<12>(bits), _mm256_set1_epi64x(0x4000_0000_0000_0000));
    let u = _mm256_sub_pd(_mm256_castsi256_pd(two_to_four), _mm256_set1_pd(3.0));
    let x = _mm256_mul_pd(u, width);
    let abs = _mm256_and_pd(x, _mm256_castsi256_pd(_mm256_set1_epi64x(i64::MAX)));
    (x, _mm256_cmp_pd::<_CMP_LT_OQ>(abs, core))
}

/// A uniform in [-1, 1) from the top 52 bits: [2, 4) by the exponent, minus 3.
#[inline(always)]
fn signed_unit(bits: u64) -> f64 {
    f64::from_bits((bits >> 12) | 0x4000_0000_0000_0000) - 3.0
}

/// A uniform in (0, 1) from the top 52 bits, never 0 (for logarithms).
#[inline(always)]
fn open_unit(bits: u64) -> f64 {
    f64::from_bits((bits >> 12) | 0x3ff0_0000_0000_0000) - (1.0 - f64::EPSILON / 2.0)
}

/// The normal variate whose first candidate came from `bits` and was not
/// accepted by [`first_try`]: the rest of the ziggurat, drawing any further
/// random bits from `more`.
#[cold]
#[inline(never)]
pub fn finish(mut bits: u64, more: &mut impl FnMut() -> u64) -> f64 {
    loop {
        let layer = (bits & 0xff) as usize;
        let u = signed_unit(bits);
        let x = u * X[layer];
        if x.abs() < X[layer + 1] {
            return x;
        }
        if layer == 0 {
            return tail(u, more);
        }
        // A uniform height within the layer, under the density or not.
        if F[layer + 1] + (F[layer] - F[layer + 1]) * unit52(more()) < (-0.5 * x * x).exp() {
            return x;
        }
        bits = more();
    }
}

/// Beyond R, on the side of `u`'s sign (Marsaglia's tail method).
fn tail(u: f64, more: &mut impl FnMut() -> u64) -> f64 {
    loop {
        let x = open_unit(more()).ln() / R;
        let y = open_unit(more()).ln();
        if -2.0 * y >= x * x {
            return if u < 0.0 { x - R } else { R - x };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::rng::{Purpose, Stream};
    use crate::numeric::special::standard_normal_cdf;

    fn draw(rng: &mut Stream) -> f64 {
        let bits = rng.next_u64();
        match first_try(bits) {
            (x, true) => x,
            _ => finish(bits, &mut || rng.next_u64()),
        }
    }

    #[test]
    fn the_layers_have_equal_areas_and_close_at_the_top() {
        let f = |x: f64| (-0.5 * x * x).exp();
        let v = X[0] * F[1];
        assert!((F[1] / f(R) - 1.0).abs() < 4.0 * f64::EPSILON && X[1] == R);
        for i in 1..256 {
            let area = X[i] * (F[i + 1] - F[i]);
            assert!((area / v - 1.0).abs() < 1e-11, "layer {i}: {area} vs {v}");
            assert!((F[i] / f(X[i]) - 1.0).abs() < 4.0 * f64::EPSILON, "{i}");
        }
        assert_eq!((X[256], F[256]), (0.0, 1.0));
        // The base layer: the rectangle under f(R) and the tail beyond R.
        let tail = (std::f64::consts::PI / 2.0).sqrt() * 2.0 * (1.0 - standard_normal_cdf(R));
        assert!(((R * F[1] + tail) / v - 1.0).abs() < 1e-9);
    }

    #[test]
    fn accepts_most_candidates_at_once() {
        let mut rng = Stream::new(3, 0, 0, Purpose::Rep);
        let n = 200_000;
        let accepted = (0..n).filter(|_| first_try(rng.next_u64()).1).count() as f64 / n as f64;
        // The cores' share of the ziggurat's area: sum of X[i+1] / X[i] over layers / 256.
        let expected: f64 = (0..256).map(|i| X[i + 1] / X[i]).sum::<f64>() / 256.0;
        let sd = (expected * (1.0 - expected) / n as f64).sqrt();
        assert!((accepted - expected).abs() < 5.0 * sd, "{accepted} vs {expected}");
    }

    /// Counts in 40 equally likely bins (exact probabilities from the normal
    /// CDF) and in the far tails, against their binomial spread.
    #[test]
    fn draws_follow_the_standard_normal() {
        let mut rng = Stream::new(11, 0, 0, Purpose::Rep);
        let n = 2_000_000;
        let bins = 40;
        let mut counts = vec![0u32; bins];
        let (mut beyond_r, mut sum, mut sum_sq) = (0u32, 0.0, 0.0);
        for _ in 0..n {
            let z = draw(&mut rng);
            counts[((standard_normal_cdf(z) * bins as f64) as usize).min(bins - 1)] += 1;
            beyond_r += u32::from(z.abs() > R);
            sum += z;
            sum_sq += z * z;
        }
        let expected = n as f64 / bins as f64;
        let chi2: f64 = counts.iter().map(|&c| (f64::from(c) - expected).powi(2) / expected).sum();
        // 39 degrees of freedom: the 0.999 quantile is 72.1.
        assert!(chi2 < 72.1, "chi2 {chi2}: {counts:?}");
        let p_tail = 2.0 * (1.0 - standard_normal_cdf(R));
        let sd = (n as f64 * p_tail).sqrt();
        assert!((f64::from(beyond_r) - n as f64 * p_tail).abs() < 5.0 * sd, "{beyond_r}");
        // Mean 0 and variance 1, within five standard errors.
        let mean = sum / n as f64;
        assert!(mean.abs() < 5.0 / (n as f64).sqrt(), "{mean}");
        assert!((sum_sq / n as f64 - 1.0).abs() < 5.0 * (2.0 / n as f64).sqrt());
    }

    /// Pinned: these results must never change (see the module's note).
    /// The first bits lie outside their layer's core, in its wedge, under
    /// the density.
    #[test]
    fn the_sampler_is_pinned() {
        let bits = 0x0123_4567_89ab_cd10;
        assert_eq!(first_try(bits), (-2.6818809125130803, false));
        let mut more = Stream::new(5, 0, 0, Purpose::Rep);
        assert_eq!(finish(bits, &mut || more.next_u64()), -2.6818809125130803);
        let mut rng = Stream::new(5, 0, 0, Purpose::Rep);
        let z: Vec<f64> = (0..3).map(|_| draw(&mut rng)).collect();
        assert_eq!(z, [-1.1639330731691457, -0.3811693489277139, -1.9727234168949679]);
    }
}
