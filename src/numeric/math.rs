//! Elementary functions for the kernel, in portable Rust.
//!
//! The kernel takes an exponential for every opportunity (its lognormal value)
//! and for every close at reduced attention. The platform's `exp` costs a
//! call and may differ between C libraries in the last bit; this one is
//! inlined, has the same accuracy (within one unit in the last place of the
//! correctly rounded result; tested against the standard library below) and
//! gives the same bits on every machine. The kernel's rarer logarithms (a
//! close at reduced attention, a binomial table's set-up, the connects drawn
//! once a quarter) and the set-up of sampling tables still use the standard
//! library, so results are reproducible on one platform and its maths library,
//! and agree elsewhere to the last bit of those calls.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

/// 2^(j/64) for j = 0..64, correctly rounded (bit patterns).
const EXP2_TABLE: [u64; 64] = [
    0x3ff0000000000000,
    0x3ff02c9a3e778061,
    0x3ff059b0d3158574,
    0x3ff0874518759bc8,
    0x3ff0b5586cf9890f,
    0x3ff0e3ec32d3d1a2,
    0x3ff11301d0125b51,
    0x3ff1429aaea92de0,
    0x3ff172b83c7d517b,
    0x3ff1a35beb6fcb75,
    0x3ff1d4873168b9aa,
    0x3ff2063b88628cd6,
    0x3ff2387a6e756238,
    0x3ff26b4565e27cdd,
    0x3ff29e9df51fdee1,
    0x3ff2d285a6e4030b,
    0x3ff306fe0a31b715,
    0x3ff33c08b26416ff,
    0x3ff371a7373aa9cb,
    0x3ff3a7db34e59ff7,
    0x3ff3dea64c123422,
    0x3ff4160a21f72e2a,
    0x3ff44e086061892d,
    0x3ff486a2b5c13cd0,
    0x3ff4bfdad5362a27,
    0x3ff4f9b2769d2ca7,
    0x3ff5342b569d4f82,
    0x3ff56f4736b527da,
    0x3ff5ab07dd485429,
    0x3ff5e76f15ad2148,
    0x3ff6247eb03a5585,
    0x3ff6623882552225,
    0x3ff6a09e667f3bcd,
    0x3ff6dfb23c651a2f,
    0x3ff71f75e8ec5f74,
    0x3ff75feb564267c9,
    0x3ff7a11473eb0187,
    0x3ff7e2f336cf4e62,
    0x3ff82589994cce13,
    0x3ff868d99b4492ed,
    0x3ff8ace5422aa0db,
    0x3ff8f1ae99157736,
    0x3ff93737b0cdc5e5,
    0x3ff97d829fde4e50,
    0x3ff9c49182a3f090,
    0x3ffa0c667b5de565,
    0x3ffa5503b23e255d,
    0x3ffa9e6b5579fdbf,
    0x3ffae89f995ad3ad,
    0x3ffb33a2b84f15fb,
    0x3ffb7f76f2fb5e47,
    0x3ffbcc1e904bc1d2,
    0x3ffc199bdd85529c,
    0x3ffc67f12e57d14b,
    0x3ffcb720dcef9069,
    0x3ffd072d4a07897c,
    0x3ffd5818dcfba487,
    0x3ffda9e603db3285,
    0x3ffdfc97337b9b5f,
    0x3ffe502ee78b3ff6,
    0x3ffea4afa2a490da,
    0x3ffefa1bee615a27,
    0x3fff50765b6e4540,
    0x3fffa7c1819e90d8,
];

/// 64 / ln 2.
const INV_STEP: f64 = 92.332_482_616_893_66;
/// ln 2 / 64 split in two: the high part has its low 32 bits zero, so k * STEP_HI
/// is exact for every k this function meets.
const STEP_HI: f64 = 0.010_830_417_275_428_772;
const STEP_LO: f64 = 7.420_820_373_486_988e-9;
/// 1.5 * 2^52: adding and subtracting it rounds to the nearest integer.
const ROUND: f64 = 6_755_399_441_055_744.0;
/// Beyond this the result nears overflow or the subnormals: use the library.
const FAST_RANGE: f64 = 700.0;

/// e^x.
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    if !in_exp_range(x) {
        // Rare: huge arguments, infinities and NaN.
        return x.exp();
    }
    // x = k ln2/64 + r with |r| <= ln2/128; e^x = 2^(k/64) e^r.
    let shifted = x * INV_STEP + ROUND;
    let k = shifted.to_bits() as i64 as i32; // the low bits hold round(x*64/ln2)
    let kf = shifted - ROUND;
    let r = (x - kf * STEP_HI) - kf * STEP_LO;
    // e^r - 1 by its Taylor series: the first omitted term, r^6/720, is below 4e-17.
    let r2 = r * r;
    let em1 = r + r2 * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0))));
    let t = f64::from_bits(EXP2_TABLE[(k & 63) as usize]);
    let scaled = t + t * em1;
    // Multiply by 2^(k>>6) by adding to the exponent field: the result stays normal in range.
    f64::from_bits((scaled.to_bits() as i64 + (i64::from(k >> 6) << 52)) as u64)
}

/// Whether `x` is in [`exp`]'s fast range (|x| below 700, not NaN).
#[inline(always)]
pub fn in_exp_range(x: f64) -> bool {
    (-FAST_RANGE..FAST_RANGE).contains(&x)
}

/// [`exp`] of four numbers on a CPU with AVX2: the same bits lane by lane
/// where the second result (a lane mask) says the argument is in the fast
/// range; the caller takes [`exp`] of the others.
///
/// # Safety
/// Only on a CPU with AVX2 (see `numeric::isa::wide`).
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx2")]
pub fn exp_x4(x: __m256d) -> (__m256d, __m256d) {
    let set = _mm256_set1_pd;
    let shifted = _mm256_add_pd(_mm256_mul_pd(x, set(INV_STEP)), set(ROUND));
    let k = _mm256_castpd_si256(shifted);
    let kf = _mm256_sub_pd(shifted, set(ROUND));
    let r = _mm256_sub_pd(_mm256_sub_pd(x, _mm256_mul_pd(kf, set(STEP_HI))), _mm256_mul_pd(kf, set(STEP_LO)));
    let r2 = _mm256_mul_pd(r, r);
    let inner = _mm256_add_pd(set(1.0 / 24.0), _mm256_mul_pd(r, set(1.0 / 120.0)));
    let inner = _mm256_add_pd(set(1.0 / 6.0), _mm256_mul_pd(r, inner));
    let inner = _mm256_add_pd(set(0.5), _mm256_mul_pd(r, inner));
    let em1 = _mm256_add_pd(r, _mm256_mul_pd(r2, inner));
    // SAFETY: the indexes are k & 63, inside the 64 entries.
    let t = unsafe { _mm256_i64gather_pd::<8>(EXP2_TABLE.as_ptr().cast(), _mm256_and_si256(k, _mm256_set1_epi64x(63))) };
    let scaled = _mm256_add_pd(t, _mm256_mul_pd(t, em1));
    // (k >> 6) << 52 modulo 2^64 keeps bits 6 to 17 of k, whatever its sign.
    let exponent = _mm256_slli_epi64::<46>(_mm256_and_si256(k, _mm256_set1_epi64x(0xfff << 6)));
    let result = _mm256_castsi256_pd(_mm256_add_epi64(_mm256_castpd_si256(scaled), exponent));
    let in_range = _mm256_and_pd(_mm256_cmp_pd::<_CMP_GE_OQ>(x, set(-FAST_RANGE)), _mm256_cmp_pd::<_CMP_LT_OQ>(x, set(FAST_RANGE)));
    (result, in_range)
}

/// `if condition { a } else { b }`, always without a branch: for conditions
/// that flip unpredictably in the kernel, where a mispredicted branch costs
/// more than computing both sides.
#[inline(always)]
pub fn select(condition: bool, a: f64, b: f64) -> f64 {
    let mask = u64::from(condition).wrapping_neg();
    f64::from_bits((a.to_bits() & mask) | (b.to_bits() & !mask))
}

/// [`select`] for indexes.
#[inline(always)]
pub fn select_u32(condition: bool, a: u32, b: u32) -> u32 {
    let mask = u32::from(condition).wrapping_neg();
    (a & mask) | (b & !mask)
}

/// The smaller of two numbers that are never NaN (the kernel's hours and
/// counts): a single instruction, where `f64::min` also handles NaN.
#[inline(always)]
pub fn min(a: f64, b: f64) -> f64 {
    if a < b { a } else { b }
}

/// The larger of two numbers that are never NaN.
#[inline(always)]
pub fn max(a: f64, b: f64) -> f64 {
    if a > b { a } else { b }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::rng::{Purpose, Stream};

    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    #[test]
    fn matches_the_standard_library_within_one_ulp() {
        let mut rng = Stream::new(1, 0, 0, Purpose::Rep);
        let mut worst = 0;
        for i in 0..2_000_000 {
            // Half the points where the kernel lives, half over the whole fast range.
            let x = if i % 2 == 0 { 8.0 * (2.0 * rng.uniform() - 1.0) } else { FAST_RANGE * (2.0 * rng.uniform() - 1.0) };
            worst = worst.max(ulps(exp(x), x.exp()));
        }
        assert!(worst <= 1, "worst error {worst} ulp");
    }

    /// Four lanes give the scalar's bits where they say the argument is in
    /// range, and say so exactly where it is.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn four_lanes_match_the_scalar_bit_for_bit() {
        assert!(std::arch::is_x86_feature_detected!("avx2"), "the machines this project runs on have AVX2");
        let mut rng = Stream::new(2, 0, 0, Purpose::Rep);
        let special = [0.0, -0.0, 699.999, -700.0, 700.0, -745.0, f64::NAN, f64::INFINITY];
        let xs: Vec<f64> = special.into_iter().chain((0..400_000).map(|_| 1600.0 * rng.uniform() - 800.0)).collect();
        for four in xs.chunks_exact(4) {
            // SAFETY: AVX2 is present (asserted above).
            let (got, in_range) = unsafe {
                let (v, m) = exp_x4(_mm256_loadu_pd(four.as_ptr()));
                let (mut got, mut mask) = ([0.0; 4], [0.0; 4]);
                _mm256_storeu_pd(got.as_mut_ptr(), v);
                _mm256_storeu_pd(mask.as_mut_ptr(), m);
                (got, mask.map(|m| m.to_bits() != 0))
            };
            for k in 0..4 {
                assert_eq!(in_range[k], in_exp_range(four[k]), "{}", four[k]);
                if in_range[k] {
                    assert_eq!(got[k].to_bits(), exp(four[k]).to_bits(), "{}", four[k]);
                }
            }
        }
    }

    #[test]
    fn select_picks_either_side_bit_for_bit() {
        assert_eq!(select(true, 1.5, f64::NAN), 1.5);
        assert!(select(false, 1.5, f64::NAN).is_nan());
        assert_eq!(select(false, 0.0, -0.0).to_bits(), (-0.0f64).to_bits());
    }

    #[test]
    fn exact_where_the_answer_is_exact_and_safe_at_the_edges() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-0.0), 1.0);
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp(f64::INFINITY), f64::INFINITY);
        assert!(exp(f64::NAN).is_nan());
        assert_eq!(exp(1000.0), f64::INFINITY);
        assert_eq!(exp(-1000.0), 0.0);
        for x in [699.999, -699.999, 709.0, -745.0, 1e-300, -1e-300, std::f64::consts::LN_2] {
            assert!(ulps(exp(x), x.exp()) <= 1, "{x}");
        }
    }
}
