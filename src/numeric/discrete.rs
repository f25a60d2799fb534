//! Inversion sampling of a discrete distribution from a table with a guide
//! index: a draw is a table lookup and a fixed window of comparisons.

use super::rng::unit_of_bits;

/// Entries compared at once, without branches, from the guide's start.
const WINDOW: usize = 4;

/// Inversion sampling of a discrete distribution on `offset..offset+len`.
///
/// A guide table sends a draw to within a step or two of its answer; the
/// answer is then found by comparing a fixed window of CDF entries at once and
/// counting, instead of a search loop whose exit the CPU would mispredict on
/// nearly every draw (the outcome is random by design). Only when the answer
/// lies beyond the window, which the guide makes rare, does a loop continue.
#[derive(Clone, Debug)]
pub struct DiscreteTable {
    offset: u32,
    /// CDF of the outcomes, the last exactly 1, then `WINDOW` padding entries
    /// of 1 so the window never reads past the end.
    cdf: Vec<f64>,
    /// Largest valid index (the last outcome).
    last: usize,
    guide: Vec<u32>,
}

impl Default for DiscreteTable {
    fn default() -> Self {
        DiscreteTable::from_weights(0, &[1.0])
    }
}

impl DiscreteTable {
    /// Build from unnormalised weights for outcomes `offset, offset+1, ...`.
    pub fn from_weights(offset: u32, weights: &[f64]) -> DiscreteTable {
        let mut t = DiscreteTable { offset: 0, cdf: Vec::new(), last: 0, guide: Vec::new() };
        t.rebuild(offset, weights);
        t
    }

    /// Rebuild in place, reusing the allocations.
    pub fn rebuild(&mut self, offset: u32, weights: &[f64]) {
        debug_assert!(!weights.is_empty());
        let inv_total = 1.0 / weights.iter().sum::<f64>();
        self.rebuild_with(offset, |cdf| {
            let mut acc = 0.0;
            cdf.extend(weights.iter().map(|w| {
                acc += w;
                acc * inv_total
            }));
        });
    }

    /// Rebuild from a CDF written by `fill` into the (cleared) vector: non-decreasing,
    /// at least one entry; the last is taken to be exactly 1.
    pub fn rebuild_with(&mut self, offset: u32, fill: impl FnOnce(&mut Vec<f64>)) {
        self.offset = offset;
        self.cdf.clear();
        fill(&mut self.cdf);
        self.last = self.cdf.len() - 1;
        self.cdf[self.last] = 1.0;
        // guide[j] = the first outcome whose CDF exceeds j/g: a draw whose
        // guide index is j has u >= j/g, so its search may start there. A table
        // that fits in the window needs no guide (one entry, 0). j/g is taken
        // a few ulps low, so rounding can only move a start earlier (safe),
        // never past the answer.
        let g = if self.last < WINDOW { 1 } else { self.last + 1 };
        let step = (1.0 - 4.0 * f64::EPSILON) / g as f64;
        self.guide.clear();
        let mut j = 0usize;
        for (k, &c) in self.cdf[..self.last].iter().enumerate() {
            while j < g && (j as f64) * step < c {
                self.guide.push(k as u32);
                j += 1;
            }
        }
        self.guide.resize(g, self.last as u32);
        self.cdf.extend([1.0; WINDOW]);
    }

    /// Draw from 64 random bits: the top 53 make the uniform compared with the
    /// CDF, the top 32 pick the guide entry in integer arithmetic (a prefix of
    /// the same bits, so the guide never starts past the answer).
    #[inline(always)]
    pub fn sample_bits(&self, bits: u64) -> u32 {
        let u = unit_of_bits(bits);
        let g = self.guide.len() as u64;
        let start = self.guide[(((bits >> 32) * g) >> 32) as usize] as usize;
        let window = &self.cdf[start..start + WINDOW];
        // The CDF is non-decreasing: the answer is the start plus the number of
        // entries at or below u.
        let mut k = start + window.iter().map(|&c| usize::from(u >= c)).sum::<usize>();
        if u >= window[WINDOW - 1] {
            // Rare: past the window. The last entry is 1 > u, so this stops there.
            while u >= self.cdf[k] {
                k += 1;
            }
        }
        self.offset + k as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::rng::{Purpose, Stream};

    /// The first outcome whose CDF exceeds u: plain inversion, the reference.
    fn plain_inversion(weights: &[f64], u: f64) -> u32 {
        let total: f64 = weights.iter().sum();
        let mut acc = 0.0;
        for (k, w) in weights.iter().enumerate() {
            acc += w;
            if acc / total > u {
                return k as u32;
            }
        }
        weights.len() as u32 - 1
    }

    #[test]
    fn guided_window_draws_equal_plain_inversion() {
        let mut rng = Stream::new(5, 0, 0, Purpose::Funnel);
        for len in [1usize, 2, 4, 5, 9, 30, 200] {
            // Lumpy weights, some zero, so answers sit anywhere from the guide start.
            let weights: Vec<f64> = (0..len).map(|k| if k % 7 == 3 { 0.0 } else { rng.uniform().powi(4) + 1e-3 }).collect();
            let table = DiscreteTable::from_weights(0, &weights);
            let g = table.guide.len() as u64;
            for i in 0..20_000u64 {
                // Random bits, and bits right at each guide boundary.
                let bits = if i % 2 == 0 { rng.next_u64() } else { (((i / 2) % g) << 32).div_ceil(g) << 32 };
                let u = (bits >> 11) as f64 / (1u64 << 53) as f64;
                let expected = plain_inversion(&weights, u);
                let got = table.sample_bits(bits);
                // Equal up to rounding of the normalised CDF right at a step.
                assert!(got == expected || (table.cdf[got as usize] - u).abs() < 1e-12, "len {len}: {got} vs {expected} at {u}");
            }
        }
    }
}
