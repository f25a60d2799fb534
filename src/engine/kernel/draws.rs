//! What a new opportunity draws, by position. A seat's opportunities are
//! numbered as they open, and each reads its random numbers at positions of
//! its own (its number and the field, [`bits_at`]): no draw depends on how
//! many numbers an earlier one took (a normal now and then takes more), so
//! the kth opportunity of a seat draws the same numbers under every
//! strategy and sweep point (common random numbers), and any set of
//! opportunities can be drawn in any order or at once. What depends on the
//! week (the odds of a second meeting and of a win) is applied by the
//! caller; the cycle, drawn ahead from the table in use, is drawn again from
//! its bits in a week whose season has another table.

use crate::engine::tables::FitMultipliers;
use crate::numeric::alias::AliasTable;
#[cfg(target_arch = "x86_64")]
use crate::numeric::isa;
use crate::numeric::math::exp;
#[cfg(target_arch = "x86_64")]
use crate::numeric::math::exp_x4;
use crate::numeric::normal;
use crate::numeric::quantiles;
#[cfg(target_arch = "x86_64")]
use crate::numeric::rng::{GAMMA, mix, mix_x4, splitmix_state, unit52_x4};
use crate::numeric::rng::{Stream, bits_at, unit52};
#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

/// Random numbers per opportunity (positions `FIELDS * number + field`).
const FIELDS: u64 = 8;
const FIT: u64 = 0;
const SIZE: u64 = 1;
const CYCLE: u64 = 2;
const SECOND: u64 = 3;
const FATE: u64 = 4;
/// Seeds a stream for the rare normal that needs more than one number.
const MORE: u64 = 5;

/// One opportunity's draws.
#[derive(Clone, Copy)]
pub(super) struct Drawn {
    /// Multiplier of the odds, by its fit.
    pub(super) fit_odds: f64,
    /// Its value: size times the fit's size multiplier.
    pub(super) value: f64,
    /// Weeks from the week after it opens to its close.
    pub(super) cycle: u32,
    /// The uniforms that decide its second meeting and its close.
    pub(super) second: f64,
    pub(super) fate: f64,
}

/// How an opportunity's size is drawn (per strategy and trial).
#[derive(Clone, Copy)]
pub(super) struct Sizes<'a> {
    pub(super) ln_median: f64,
    pub(super) sigma: f64,
    pub(super) median: f64,
    /// A per-deal shape's quantiles: one uniform instead of the lognormal.
    pub(super) shape: Option<&'a [f64]>,
}

/// Opportunities drawn at a time: four vectors of four on a CPU with AVX2
/// (two of eight for the numbers with AVX-512), few enough that a seat's
/// last, unused block costs little.
const BLOCK: usize = 16;

/// A seat's opportunities' draws: the key of its stream, and a block of
/// them drawn ahead (structure of arrays).
pub(super) struct OpportunityDraws {
    key: u64,
    /// The number of the opportunity after the block.
    end: u64,
    /// The block's next unused entry ([`BLOCK`]: none left).
    next: usize,
    fit_odds: [f64; BLOCK],
    value: [f64; BLOCK],
    cycle_bits: [u64; BLOCK],
    second: [f64; BLOCK],
    fate: [f64; BLOCK],
    cycle: [u32; BLOCK],
    /// The table the block's cycles were drawn from, known by its address:
    /// a seat's tables stay in place and unchanged while it is simulated.
    cycles_from: *const AliasTable,
}

impl OpportunityDraws {
    pub(super) fn new(key: u64) -> OpportunityDraws {
        OpportunityDraws {
            key,
            end: 0,
            next: BLOCK,
            fit_odds: [0.0; BLOCK],
            value: [0.0; BLOCK],
            cycle_bits: [0; BLOCK],
            second: [0.0; BLOCK],
            fate: [0.0; BLOCK],
            cycle: [0; BLOCK],
            cycles_from: std::ptr::null(),
        }
    }

    /// The next opportunity's draws.
    #[inline(always)]
    pub(super) fn next(&mut self, fit: &FitMultipliers, sizes: &Sizes<'_>, cycles: &AliasTable) -> Drawn {
        if self.next == BLOCK {
            self.refill(fit, sizes, cycles);
        }
        let j = self.next;
        self.next += 1;
        let drawn_ahead = std::ptr::eq(cycles, self.cycles_from);
        Drawn {
            fit_odds: self.fit_odds[j],
            value: self.value[j],
            cycle: if drawn_ahead { self.cycle[j] } else { cycles.sample_bits(self.cycle_bits[j]) },
            second: self.second[j],
            fate: self.fate[j],
        }
    }

    /// Draw the next block: four at a time where the CPU can (the same
    /// bits), else one by one.
    #[inline(never)]
    fn refill(&mut self, fit: &FitMultipliers, sizes: &Sizes<'_>, cycles: &AliasTable) {
        let first = self.end;
        self.end += BLOCK as u64;
        self.next = 0;
        self.cycles_from = cycles;
        #[cfg(target_arch = "x86_64")]
        if sizes.shape.is_none() && isa::wide() {
            // SAFETY: `isa::wide` found AVX2 on this CPU.
            unsafe { self.refill_x4(first, fit, sizes, cycles) };
            return;
        }
        for j in 0..BLOCK {
            let (d, cycle_bits) = draw(self.key, first + j as u64, fit, sizes, cycles);
            (self.fit_odds[j], self.value[j], self.cycle[j], self.cycle_bits[j]) = (d.fit_odds, d.value, d.cycle, cycle_bits);
            (self.second[j], self.fate[j]) = (d.second, d.fate);
        }
    }

    /// [`draw`] for the block from `first`: the numbers as wide as the CPU
    /// allows (eight lanes with AVX-512, whose 64-bit multiply the hash
    /// needs), what they read from tables four lanes at a time; the few
    /// normals that need more than one number and the values of absurd
    /// sizes (e^700) one by one.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn refill_x4(&mut self, first: u64, fit: &FitMultipliers, sizes: &Sizes<'_>, cycles: &AliasTable) {
        let mut z = [0.0; BLOCK];
        let mut size_mult = [0.0; BLOCK];
        let mut size_bits = [0u64; BLOCK];
        let rejected = self.numbers_x4(first, fit, cycles, &mut z, &mut size_mult, &mut size_bits);
        for j in lanes(rejected) {
            z[j] = normal_rest(self.key, (first + j as u64) * FIELDS, size_bits[j]);
        }
        let out_of_range = self.values_x4(sizes, &z, &size_mult);
        for j in lanes(out_of_range) {
            self.value[j] = exp(sizes.ln_median + sizes.sigma * z[j]) * size_mult[j];
        }
    }

    /// Every number of the block's opportunities, their fits, their cycles
    /// and their normals' first candidates (`z`); returns the lanes whose
    /// candidate was not accepted, as a bit mask.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn numbers_x4(
        &mut self,
        first: u64,
        fit: &FitMultipliers,
        cycles: &AliasTable,
        z: &mut [f64; BLOCK],
        size_mult: &mut [f64; BLOCK],
        size_bits: &mut [u64; BLOCK],
    ) -> u32 {
        // The numbers first, then what reads tables with them: the loads'
        // addresses are then known early and their latencies overlap.
        let mut fit_bits = [0u64; BLOCK];
        if isa::build() == isa::Build::V4 {
            let numbers = (&mut fit_bits, &mut *size_bits, &mut self.cycle_bits, &mut self.second, &mut self.fate);
            // SAFETY: `isa::build` found every feature `numbers_v4` is compiled for.
            unsafe { numbers_v4(self.key, first, numbers) };
        } else {
            // AVX2 has no 64-bit multiply: its hand-written emulation
            // (`mix_x4`) beats what the compiler makes of the plain loop.
            for j in (0..BLOCK).step_by(4) {
                let at = |lane: u64| splitmix_state(self.key, (first + j as u64 + lane) * FIELDS) as i64;
                let states = _mm256_setr_epi64x(at(0), at(1), at(2), at(3));
                let field = |f: u64| mix_x4(_mm256_add_epi64(states, _mm256_set1_epi64x(f.wrapping_mul(GAMMA) as i64)));
                store_bits(&mut fit_bits, j, field(FIT));
                store_bits(size_bits, j, field(SIZE));
                store_bits(&mut self.cycle_bits, j, field(CYCLE));
                store(&mut self.second, j, unit52_x4(field(SECOND)));
                store(&mut self.fate, j, unit52_x4(field(FATE)));
            }
        }
        let mut rejected = 0;
        for j in (0..BLOCK).step_by(4) {
            let (odds, mult) = fit.draw_x4(load_bits(&fit_bits, j));
            store(&mut self.fit_odds, j, odds);
            store(size_mult, j, mult);
            let (x, accepted) = normal::first_try_x4(load_bits(size_bits, j));
            store(z, j, x);
            rejected |= ((!_mm256_movemask_pd(accepted) & 0xf) as u32) << j;
            store_u32s(&mut self.cycle, j, cycles.sample_x4(load_bits(&self.cycle_bits, j)));
        }
        rejected
    }

    /// The block's values from its normals; returns the lanes whose
    /// argument was beyond the fast exponential's range, as a bit mask.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn values_x4(&mut self, sizes: &Sizes<'_>, z: &[f64; BLOCK], size_mult: &[f64; BLOCK]) -> u32 {
        let mut out_of_range = 0;
        for j in (0..BLOCK).step_by(4) {
            let arg = _mm256_add_pd(_mm256_set1_pd(sizes.ln_median), _mm256_mul_pd(_mm256_set1_pd(sizes.sigma), load(z, j)));
            let (size, in_range) = exp_x4(arg);
            store(&mut self.value, j, _mm256_mul_pd(size, load(size_mult, j)));
            out_of_range |= ((!_mm256_movemask_pd(in_range) & 0xf) as u32) << j;
        }
        out_of_range
    }
}

/// A block's numbers: the fit's, the size's and the cycle's bits and the
/// uniforms of the second meeting and the close.
#[cfg(target_arch = "x86_64")]
type BlockNumbers<'a> = (&'a mut [u64; BLOCK], &'a mut [u64; BLOCK], &'a mut [u64; BLOCK], &'a mut [f64; BLOCK], &'a mut [f64; BLOCK]);

/// The numbers of the block from opportunity `first` on a CPU with
/// AVX-512: a plain loop, which the compiler runs eight lanes wide with
/// the native 64-bit multiply.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx,avx2,fma,bmi1,bmi2,lzcnt,popcnt,avx512f,avx512bw,avx512cd,avx512dq,avx512vl")]
fn numbers_v4(key: u64, first: u64, (fit, size, cycle, second, fate): BlockNumbers<'_>) {
    for j in 0..BLOCK {
        let state = splitmix_state(key, (first + j as u64) * FIELDS);
        let field = |f: u64| mix(state.wrapping_add(f.wrapping_mul(GAMMA)));
        fit[j] = field(FIT);
        size[j] = field(SIZE);
        cycle[j] = field(CYCLE);
        second[j] = unit52(field(SECOND));
        fate[j] = unit52(field(FATE));
    }
}

/// Four lanes of a block's array from entry `j`, as a vector.
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx2")]
fn load(a: &[f64; BLOCK], j: usize) -> __m256d {
    let four: &[f64; 4] = a[j..j + 4].try_into().expect("four lanes");
    // SAFETY: `four` is four readable f64s.
    unsafe { _mm256_loadu_pd(four.as_ptr()) }
}

/// [`load`] for numbers.
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx2")]
fn load_bits(a: &[u64; BLOCK], j: usize) -> __m256i {
    let four: &[u64; 4] = a[j..j + 4].try_into().expect("four lanes");
    // SAFETY: `four` is four readable u64s.
    unsafe { _mm256_loadu_si256(four.as_ptr().cast()) }
}

/// Store a vector's four lanes into a block's array from entry `j`.
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx2")]
fn store(a: &mut [f64; BLOCK], j: usize, v: __m256d) {
    let four: &mut [f64; 4] = (&mut a[j..j + 4]).try_into().expect("four lanes");
    // SAFETY: `four` is four writable f64s.
    unsafe { _mm256_storeu_pd(four.as_mut_ptr(), v) }
}

/// [`store`] for numbers.
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx2")]
fn store_bits(a: &mut [u64; BLOCK], j: usize, v: __m256i) {
    let four: &mut [u64; 4] = (&mut a[j..j + 4]).try_into().expect("four lanes");
    // SAFETY: `four` is four writable u64s.
    unsafe { _mm256_storeu_si256(four.as_mut_ptr().cast(), v) }
}

/// [`store`] for four u32 lanes.
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx2")]
fn store_u32s(a: &mut [u32; BLOCK], j: usize, v: __m128i) {
    let four: &mut [u32; 4] = (&mut a[j..j + 4]).try_into().expect("four lanes");
    // SAFETY: `four` is four writable u32s.
    unsafe { _mm_storeu_si128(four.as_mut_ptr().cast(), v) }
}

/// The lanes whose bits are set in `mask`.
fn lanes(mut mask: u32) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (mask != 0).then(|| {
            let j = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            j
        })
    })
}

/// Opportunity `n`'s draws, with the bits of its cycle: the reference, one
/// number at a time.
#[inline(always)]
fn draw(key: u64, n: u64, fit: &FitMultipliers, sizes: &Sizes<'_>, cycles: &AliasTable) -> (Drawn, u64) {
    let at = n * FIELDS;
    let (fit_odds, size_mult) = fit.draw(bits_at(key, at + FIT));
    let size_bits = bits_at(key, at + SIZE);
    let size = match sizes.shape {
        Some(shape) => sizes.median * quantiles::quantile(shape, unit52(size_bits)),
        None => {
            let z = match normal::first_try(size_bits) {
                (z, true) => z,
                _ => normal_rest(key, at, size_bits),
            };
            exp(sizes.ln_median + sizes.sigma * z)
        }
    };
    let cycle_bits = bits_at(key, at + CYCLE);
    let drawn = Drawn {
        fit_odds,
        value: size * size_mult,
        cycle: cycles.sample_bits(cycle_bits),
        second: unit52(bits_at(key, at + SECOND)),
        fate: unit52(bits_at(key, at + FATE)),
    };
    (drawn, cycle_bits)
}

/// The normal whose first candidate, from `bits`, was not accepted: its
/// further numbers from a stream seeded at the opportunity's `MORE` field.
#[cold]
fn normal_rest(key: u64, at: u64, bits: u64) -> f64 {
    let mut more = Stream::from_bits(bits_at(key, at + MORE));
    normal::finish(bits, &mut || more.next_u64())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::tables::FitTable;

    fn bits(d: &Drawn) -> [u64; 5] {
        [d.fit_odds.to_bits(), d.value.to_bits(), u64::from(d.cycle), d.second.to_bits(), d.fate.to_bits()]
    }

    /// The AVX-512 build's numbers are the reference's bits, field by field,
    /// at keys and positions whose high bits are set.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn eight_lane_numbers_are_the_reference_bits() {
        if isa::build() != isa::Build::V4 {
            eprintln!("skipped: this CPU runs no AVX-512 build");
            return;
        }
        let (mut fit, mut size, mut cycle) = ([0u64; BLOCK], [0u64; BLOCK], [0u64; BLOCK]);
        let (mut second, mut fate) = ([0f64; BLOCK], [0f64; BLOCK]);
        for (key, first) in [(0x5eed, 0), (u64::MAX, 1 << 40), (0x8000_0000_0000_0001, 160)] {
            // SAFETY: `isa::build` found every feature `numbers_v4` is compiled for.
            unsafe { numbers_v4(key, first, (&mut fit, &mut size, &mut cycle, &mut second, &mut fate)) };
            for j in 0..BLOCK {
                let at = (first + j as u64) * FIELDS;
                assert_eq!([fit[j], size[j], cycle[j]], [FIT, SIZE, CYCLE].map(|f| bits_at(key, at + f)), "key {key:x}, {j}");
                assert_eq!(second[j].to_bits(), unit52(bits_at(key, at + SECOND)).to_bits());
                assert_eq!(fate[j].to_bits(), unit52(bits_at(key, at + FATE)).to_bits());
            }
        }
    }

    /// Blocks drawn four lanes at a time (where the CPU has AVX2) hold the
    /// reference's bits, through normals that need more numbers, sizes
    /// beyond the fast exponential's range, and seasons that change the
    /// cycle's table in the middle of a block.
    #[test]
    fn blocks_draw_what_one_at_a_time_draws() {
        let mut fit = FitMultipliers::default();
        fit.update(&FitTable::beta(2.0, 3.0), 2.5, 1.5);
        let seasons: Vec<AliasTable> = [10.0, 4.0]
            .iter()
            .map(|median: &f64| {
                let weights: Vec<f64> = (1..=67).map(|k| (-(f64::from(k) / median).ln().powi(2)).exp()).collect();
                AliasTable::from_weights(1, &weights)
            })
            .collect();
        let key = 0x5eed;
        let n = 4000;
        let rejected = (0..n).filter(|&i| !normal::first_try(bits_at(key, i * FIELDS + SIZE)).1).count();
        assert!(rejected > 20, "{rejected}");
        for (ln_median, sigma) in [(25_000f64.ln(), 0.7), (1.0, 400.0)] {
            let sizes = Sizes { ln_median, sigma, median: ln_median.exp(), shape: None };
            let mut draws = OpportunityDraws::new(key);
            for i in 0..n {
                let cycles = &seasons[usize::from(i % 23 >= 15)];
                let (want, _) = draw(key, i, &fit, &sizes, cycles);
                assert_eq!(bits(&draws.next(&fit, &sizes, cycles)), bits(&want), "opportunity {i}, sigma {sigma}");
            }
        }
    }
}
