//! Sampling a discrete distribution by Walker's alias method (Vose's
//! construction): a draw picks one of n equally likely columns by its
//! uniform and, by what is left of it, the column's own outcome or its
//! alias. Two lookups, no search and no branch, so four draws also run at
//! once in vector registers ([`AliasTable::sample_x4`], the same outcomes).

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

use super::math::select_u32;
use super::rng::unit52;
#[cfg(target_arch = "x86_64")]
use super::rng::unit52_x4;

/// A distribution on `offset..offset + n` as n columns: column i keeps its
/// own outcome with probability `own[i]`, else gives `alias[i]`.
#[derive(Clone, Debug)]
pub struct AliasTable {
    offset: u32,
    /// n, as the factor that spreads a uniform over the columns.
    columns: f64,
    own: Vec<f64>,
    alias: Vec<u32>,
}

impl Default for AliasTable {
    fn default() -> Self {
        AliasTable::from_weights(0, &[1.0])
    }
}

impl AliasTable {
    /// Build from unnormalised weights (not all zero) of outcomes `offset, offset + 1, ...`.
    pub fn from_weights(offset: u32, weights: &[f64]) -> AliasTable {
        let mut t = AliasTable { offset: 0, columns: 1.0, own: Vec::new(), alias: Vec::new() };
        t.rebuild(offset, weights);
        t
    }

    /// Rebuild in place. Vose: each column under its share (the average) is
    /// topped up from one over it, which gives up that much and joins the
    /// small ones if it falls under; what rounding leaves keeps itself.
    pub fn rebuild(&mut self, offset: u32, weights: &[f64]) {
        debug_assert!(!weights.is_empty() && weights.iter().sum::<f64>() > 0.0);
        let n = weights.len();
        let scale = n as f64 / weights.iter().sum::<f64>();
        self.offset = offset;
        self.columns = n as f64;
        self.own.clear();
        self.own.extend(weights.iter().map(|w| w * scale));
        self.alias.clear();
        self.alias.extend(0..n as u32);
        let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| self.own[i] < 1.0);
        while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
            small.pop();
            self.alias[s] = l as u32;
            self.own[l] -= 1.0 - self.own[s];
            if self.own[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        for i in small.into_iter().chain(large) {
            self.own[i] = 1.0;
        }
    }

    /// The outcome of 64 random bits: the top 52 make the uniform.
    #[inline(always)]
    pub fn sample_bits(&self, bits: u64) -> u32 {
        let x = unit52(bits) * self.columns;
        // Truncation is floor here; the bound is a guard (x < n for every uniform).
        let column = (x as usize).min(self.own.len() - 1);
        let rest = x - column as f64;
        self.offset + select_u32(rest < self.own[column], column as u32, self.alias[column])
    }

    /// [`AliasTable::sample_bits`] of four numbers, as four u32 lanes.
    ///
    /// # Safety
    /// Only on a CPU with AVX2 (see `numeric::isa::wide`).
    #[cfg(target_arch = "x86_64")]
    #[inline]
    #[target_feature(enable = "avx2")]
    pub fn sample_x4(&self, bits: __m256i) -> __m128i {
        let x = _mm256_mul_pd(unit52_x4(bits), _mm256_set1_pd(self.columns));
        let column = _mm_min_epi32(_mm256_cvttpd_epi32(x), _mm_set1_epi32(self.own.len() as i32 - 1));
        let rest = _mm256_sub_pd(x, _mm256_cvtepi32_pd(column));
        // SAFETY: every column is below n, the length of both tables.
        let (own, alias) =
            unsafe { (_mm256_i32gather_pd::<8>(self.own.as_ptr(), column), _mm_i32gather_epi32::<4>(self.alias.as_ptr().cast(), column)) };
        // The comparison's 64-bit lanes narrowed to 32: their even halves.
        let keeps = _mm256_cmp_pd::<_CMP_LT_OQ>(rest, own);
        let keeps =
            _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(_mm256_castpd_si256(keeps), _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6)));
        _mm_add_epi32(_mm_blendv_epi8(alias, column, keeps), _mm_set1_epi32(self.offset as i32))
    }

    /// Each outcome's probability as the table draws it (for tests and checks).
    pub fn probabilities(&self) -> Vec<f64> {
        let n = self.own.len();
        let mut p = vec![0.0; n];
        for i in 0..n {
            p[i] += self.own[i] / n as f64;
            p[self.alias[i] as usize] += (1.0 - self.own[i]) / n as f64;
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::rng::{Purpose, Stream};

    #[test]
    fn the_columns_give_each_outcome_its_weight() {
        let weights = [0.0, 3.0, 1e-12, 7.5, 0.25, 0.0, 2.0, 1.0];
        let t = AliasTable::from_weights(1, &weights);
        let total: f64 = weights.iter().sum();
        for (p, w) in t.probabilities().iter().zip(weights) {
            assert!((p - w / total).abs() < 1e-15, "{p} vs {}", w / total);
        }
        // Zero weights are never drawn.
        let mut rng = Stream::new(9, 0, 0, Purpose::Rep);
        let mut counts = [0u32; 8];
        let n = 200_000;
        for _ in 0..n {
            counts[(t.sample_bits(rng.next_u64()) - 1) as usize] += 1;
        }
        assert_eq!((counts[0], counts[5]), (0, 0));
        for (c, w) in counts.iter().zip(weights) {
            let p = w / total;
            let sd = (n as f64 * p * (1.0 - p)).sqrt();
            assert!((f64::from(*c) - n as f64 * p).abs() <= 5.0 * sd + 1.0, "{counts:?}");
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn four_lanes_draw_the_same_outcomes() {
        assert!(std::arch::is_x86_feature_detected!("avx2"), "the machines this project runs on have AVX2");
        let weights: Vec<f64> = (1..=67).map(|k| f64::from(k % 13) + 0.5).collect();
        let t = AliasTable::from_weights(1, &weights);
        let mut rng = Stream::new(4, 0, 0, Purpose::Rep);
        let extremes = [0, u64::MAX, u64::MAX << 12, 1 << 12];
        for i in 0..50_000 {
            let bits: [u64; 4] = if i == 0 { extremes } else { std::array::from_fn(|_| rng.next_u64()) };
            // SAFETY: AVX2 is present (asserted above).
            let got: [u32; 4] = unsafe {
                let v = t.sample_x4(_mm256_loadu_si256(bits.as_ptr().cast()));
                std::mem::transmute(v)
            };
            assert_eq!(got, bits.map(|b| t.sample_bits(b)), "{bits:x?}");
        }
    }
}
