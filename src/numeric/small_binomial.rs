//! Binomial(n, p) for one fixed p (one rep's first-meeting rate per touch)
//! and the few n a rep's weeks repeat (full cadence, maintenance cadence,
//! hour-capped counts), by inversion of one CDF, [`Cdf`], written once.
//!
//! An n's first draw walks up its CDF from 0; an n that comes back gets a
//! table of the same CDF. Its first [`HEAD`] entries sit in the cache itself,
//! so a draw is one branch-free count of the entries at or below the uniform
//! (small means, the common case, end there); a longer CDF also gets a table
//! with a guide index for the uniforms past the head. The table stops where
//! the CDF passes [`TABLE_MASS`]; the rare uniform above that goes on
//! walking from the table's last entry. Walks, heads and tables invert the
//! same numbers with the same uniform, so which of them serves a draw never
//! changes its result: the cache is a question of speed only.

use super::binomial::{BTRS_MIN_MEAN, binomial_any, reciprocal};
use super::discrete::DiscreteTable;
use super::math::exp;
use super::rng::{Stream, unit_of_bits};

/// The CDF of Bin(n, p) as inversion reads it: entry 0 is q^n, each next
/// entry adds the pmf by the ratio recurrence, and the entries stop once the
/// pmf past the mean is below [`TAIL`]. The last entry stands for 1.
#[derive(Clone, Copy)]
struct Cdf {
    n: u32,
    odds: f64,
    mean: f64,
    /// The current entry: its outcome, probability and cumulative probability.
    k: u32,
    pmf: f64,
    cum: f64,
}

/// Probability below which the upper tail is dropped: far below the 2^-53
/// resolution of the uniform that drives the inversion. Past the mean the
/// probabilities only fall, so the walk may stop there (testing the remaining
/// mass 1 - cum instead would never stop, since cum cannot get closer to 1
/// than f64 resolution).
const TAIL: f64 = 1e-18;

impl Cdf {
    /// Entry 0 of the CDF for n at p, given ln(1 - p).
    #[inline(always)]
    fn start(n: u32, p: f64, ln_q: f64) -> Cdf {
        let first = exp(f64::from(n) * ln_q);
        Cdf { n, odds: p / (1.0 - p), mean: f64::from(n) * p, k: 0, pmf: first, cum: first }
    }

    /// Move to the next entry; false (staying put) when the current one is
    /// the last.
    #[inline(always)]
    fn advance(&mut self) -> bool {
        if self.k >= self.n {
            return false;
        }
        let k = self.k + 1;
        let pmf = self.pmf * (f64::from(self.n - self.k) * reciprocal(k) * self.odds);
        if pmf < TAIL && f64::from(k) > self.mean {
            return false;
        }
        self.k = k;
        self.pmf = pmf;
        self.cum += pmf;
        true
    }

    /// The outcome at cumulative probability `u` in [0, 1): the first entry
    /// above u, the last one if none is.
    #[inline(always)]
    fn invert(mut self, u: f64) -> u32 {
        while u >= self.cum && self.advance() {}
        self.k
    }

    /// Whether the walk should go on tabulating: short of [`TABLE_MASS`]
    /// and not at the CDF's last entry (then it moves to the next).
    #[inline(always)]
    fn tabulates_on(&mut self) -> bool {
        self.cum < TABLE_MASS && self.advance()
    }

    /// The entries up to the first whose cumulative probability reaches
    /// [`TABLE_MASS`] (or the last): the first [`HEAD`] in `head` (padded
    /// above any uniform), all of them in `table` when there are more.
    /// Returns the walk standing at the last entry, where a draw above it
    /// goes on.
    fn tabulate(mut self, head: &mut Head, table: &mut DiscreteTable) -> Cdf {
        let mut entries = [0.0; HEAD];
        *head = [PAST_ANY_UNIFORM; HEAD];
        entries[0] = self.cum;
        head[0] = threshold(self.cum);
        for i in 1..HEAD {
            if !self.tabulates_on() {
                return self;
            }
            entries[i] = self.cum;
            head[i] = threshold(self.cum);
        }
        if !self.tabulates_on() {
            return self;
        }
        table.rebuild_with(0, |cdf| {
            cdf.extend_from_slice(&entries);
            cdf.push(self.cum);
            while self.tabulates_on() {
                cdf.push(self.cum);
            }
        });
        self
    }
}

/// Entries of a CDF kept in the cache itself: two AVX-512 vectors. Means
/// up to about 8 rarely reach past them.
const HEAD: usize = 16;

/// The first [`HEAD`] entries of a CDF, by their [`threshold`]s.
type Head = [u64; HEAD];

/// The entry after a CDF shorter than the head: no uniform reaches it.
const PAST_ANY_UNIFORM: u64 = 1 << 54;

/// The least m for which the uniform m / 2^53 (see [`unit_of_bits`]) is at
/// or above the CDF entry `c`: ceil(c 2^53), exact since scaling by 2^53 is.
/// Entries lie in [0, 2), so signed conversions (one instruction each,
/// unlike unsigned ones before AVX-512) are exact too.
#[inline(always)]
fn threshold(c: f64) -> u64 {
    let scaled = c * (1u64 << 53) as f64;
    let t = scaled as i64;
    (t + i64::from((t as f64) < scaled)) as u64
}

/// Cumulative probability a table covers; a draw above it (one in 4,096)
/// walks on. Past it the tail would take as many entries again, each one
/// built for every table and almost never read.
const TABLE_MASS: f64 = 1.0 - 1.0 / 4096.0;

/// A draw from a tabulated CDF (see [`Cdf::tabulate`]), by 64 random bits
/// as [`DiscreteTable::sample_bits`] reads them: the entries at or below
/// the uniform, counted in the head at once; past the head, the table;
/// past the table, the walk standing at its last entry.
#[inline(always)]
fn draw(head: &Head, table: &DiscreteTable, tail: &Cdf, bits: u64) -> u32 {
    let u = unit_of_bits(bits);
    if u >= tail.cum {
        return tail.invert(u);
    }
    // The uniform is m / 2^53 and the head holds each entry's threshold
    // (see [`threshold`]): an entry is at or below the uniform when its
    // threshold is at or below m, that is when threshold - m - 1 is
    // negative. Its sign bits, added up, count them: integer vector code
    // in every build, no branch, no per-entry mask.
    let m = bits >> 11;
    let k = head.iter().map(|&t| t.wrapping_sub(m).wrapping_sub(1) >> 63).sum::<u64>() as u32;
    if k < HEAD as u32 {
        return k;
    }
    table.sample_bits(bits)
}

/// The per-rep sampler: [`Cdf`] walks, and tables for the n that recur.
pub struct SmallBinomial {
    p: f64,
    ln_q: f64,
    slots: [Slot; BINOMIAL_SLOTS],
}

/// One n's place in the cache.
struct Slot {
    n: u32,
    /// Draws of this n so far; its table is built at the [`TABLE_AT`]th.
    draws: u32,
    head: Head,
    /// The whole CDF, when it is longer than the head.
    table: DiscreteTable,
    /// The CDF's walk at the table's last entry.
    tail: Cdf,
}

/// Tables kept per rep (direct-mapped by n).
const BINOMIAL_SLOTS: usize = 8;
/// Largest mean served by inversion; beyond it, BTRS (see [`binomial_any`]).
const MAX_TABLE_MEAN: f64 = 30.0;
/// The draw of an n at which its table is built. A table costs about as much
/// as twenty walks, but a walk per draw costs more than a table lookup:
/// building at the second draw did fewer instructions in all than at the
/// fourth on the default scenario (callgrind).
const TABLE_AT: u32 = 2;

impl Default for SmallBinomial {
    fn default() -> Self {
        SmallBinomial {
            p: f64::NAN,
            ln_q: 0.0,
            slots: std::array::from_fn(|_| Slot {
                n: u32::MAX,
                draws: 0,
                head: [PAST_ANY_UNIFORM; HEAD],
                table: DiscreteTable::default(),
                tail: Cdf { n: 0, odds: 0.0, mean: 0.0, k: 0, pmf: 1.0, cum: 1.0 },
            }),
        }
    }
}

impl SmallBinomial {
    /// Switch to probability `p`; the cached tables are dropped only if p changed.
    pub fn reset(&mut self, p: f64) {
        if p.to_bits() == self.p.to_bits() {
            return;
        }
        self.p = p;
        self.ln_q = (-p).ln_1p();
        for slot in &mut self.slots {
            slot.n = u32::MAX;
        }
    }

    /// Draw Bin(n, p). The common case, a table already built for this n, is
    /// inlined into the kernel; everything else is out of line.
    #[inline(always)]
    pub fn sample(&mut self, n: u32, rng: &mut Stream) -> u32 {
        let slot = &self.slots[n as usize % BINOMIAL_SLOTS];
        if slot.n == n && slot.draws >= TABLE_AT {
            return draw(&slot.head, &slot.table, &slot.tail, rng.next_u64());
        }
        self.sample_uncached(n, rng)
    }

    #[cold]
    #[inline(never)]
    fn sample_uncached(&mut self, n: u32, rng: &mut Stream) -> u32 {
        let p = self.p;
        // NaN, which no validated scenario gives, draws 0 as a walk of its
        // NaN CDF would.
        if n == 0 || p <= 0.0 || p.is_nan() {
            return 0;
        }
        let mean = f64::from(n) * p;
        if p >= 1.0 || mean > MAX_TABLE_MEAN {
            return binomial_any(n, p, rng);
        }
        let slot = &mut self.slots[n as usize % BINOMIAL_SLOTS];
        if slot.n != n {
            slot.n = n;
            slot.draws = 0;
        }
        slot.draws += 1;
        if mean >= BTRS_MIN_MEAN {
            // A walk this long costs more than BTRS (a first draw) or a table.
            if slot.draws == 1 {
                return binomial_any(n, p, rng);
            }
            slot.draws = TABLE_AT;
        }
        let cdf = Cdf::start(n, p, self.ln_q);
        if slot.draws < TABLE_AT {
            return cdf.invert(rng.uniform());
        }
        slot.tail = cdf.tabulate(&mut slot.head, &mut slot.table);
        draw(&slot.head, &slot.table, &slot.tail, rng.next_u64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::rng::Purpose;

    /// A walk and a table of one CDF give the same outcome for every uniform,
    /// so the cache's choice never shows in results: checked at the uniforms
    /// around every entry, where rounding would show first, for CDFs shorter
    /// than the head, as long and longer (a table past it). The table given
    /// to a short CDF is stale, as a cache slot's can be: it must never be read.
    #[test]
    fn walks_and_tables_invert_the_same_cdf() {
        const STEPS: f64 = (1u64 << 53) as f64;
        let fixed = [(1u32, 0.3f64), (3, 0.5), (40, 0.02), (350, 0.0072), (90, 0.11), (2000, 0.012), (25, 0.45)];
        // Means from 2 to 12: CDFs from about 10 entries to about 30.
        let sweep = (40..=240).step_by(8).map(|n| (n, 0.05));
        let mut lengths = Vec::new();
        for (n, p) in fixed.into_iter().chain(sweep) {
            let ln_q = (-p).ln_1p();
            let (mut head, mut table) = ([0; HEAD], DiscreteTable::from_weights(0, &[1.0, 2.0, 3.0]));
            let tail = Cdf::start(n, p, ln_q).tabulate(&mut head, &mut table);
            lengths.push(tail.k as usize + 1);
            // The table stops at the mass, short of the CDF's end, unless the CDF ends first.
            let mut end = tail;
            assert!(tail.cum >= TABLE_MASS || !end.advance(), "n={n} p={p}: table ends at {}", tail.cum);
            let mut cdf = Cdf::start(n, p, ln_q);
            let mut edges = vec![0.0, 1.0 - 1.0 / STEPS];
            loop {
                // The uniforms a stream can give (multiples of 2^-53) nearest the entry.
                let at = (cdf.cum * STEPS).floor();
                for d in [-2.0, -1.0, 0.0, 1.0, 2.0] {
                    let u = (at + d) / STEPS;
                    if (0.0..1.0).contains(&u) {
                        edges.push(u);
                    }
                }
                if !cdf.advance() {
                    break;
                }
            }
            let mut rng = Stream::new(5, 0, 0, Purpose::Funnel);
            edges.extend((0..20_000).map(|_| rng.uniform()));
            // And uniforms above the table's mass, where a draw walks on from its end.
            edges.extend((0..2_000).map(|_| TABLE_MASS + rng.uniform() * (1.0 - TABLE_MASS)));
            for u in edges {
                assert_eq!(Cdf::start(n, p, ln_q).invert(u), draw(&head, &table, &tail, ((u * STEPS) as u64) << 11), "n={n} p={p} u={u:e}");
            }
        }
        for covered in [|len: usize| len < HEAD, |len| len == HEAD, |len| len > HEAD] {
            assert!(lengths.iter().any(|&len| covered(len)), "{lengths:?}");
        }
    }

    /// A threshold is the least m whose uniform m / 2^53 is at or above the
    /// entry: checked at m and m - 1 for entries on the uniforms' grid,
    /// between grid points, at 0, at 1 and above.
    #[test]
    fn thresholds_split_the_uniforms_where_comparisons_do() {
        const STEPS: f64 = (1u64 << 53) as f64;
        let mut rng = Stream::new(7, 0, 0, Purpose::Funnel);
        let mut entries = vec![0.0, 1.0, 1.0 + f64::EPSILON, 1e-300, 0.5, 1.0 - 1.0 / STEPS];
        entries.extend((0..2_000).map(|_| rng.uniform()));
        entries.extend((0..2_000).map(|_| (rng.uniform() * STEPS).floor() / STEPS));
        // The uniforms a stream can give are m / 2^53 for m up to `top`.
        let top = (1u64 << 53) - 1;
        let uniform = |m: u64| unit_of_bits(m << 11);
        for c in entries {
            let t = threshold(c);
            if t <= top {
                assert!(uniform(t) >= c, "{c:e}: {t}");
            } else {
                assert!(uniform(top) < c, "{c:e}: {t}");
            }
            if (1..=top + 1).contains(&t) {
                assert!(uniform(t - 1) < c, "{c:e}: {t}");
            }
        }
    }

    /// A rate of 0, or NaN (which no validated scenario gives), books no
    /// meetings however often an n comes back.
    #[test]
    fn no_rate_draws_nothing() {
        let mut rng = Stream::new(3, 0, 0, Purpose::Funnel);
        for p in [0.0, f64::NAN] {
            // From a valid rate first, as a rep's new season would.
            let mut b = SmallBinomial::default();
            b.reset(0.01);
            b.sample(100, &mut rng);
            b.reset(p);
            assert!((0..50).all(|i| b.sample(100 + i % 3, &mut rng) == 0), "p={p}");
        }
    }

    /// Draws through the cache, whichever way each is served, against the
    /// binomial's mean and variance (n drawn often enough to get a table, and
    /// n that come and go, evicting each other).
    #[test]
    fn draws_match_the_binomial_moments() {
        let mut b = SmallBinomial::default();
        b.reset(0.0072);
        let mut rng = Stream::new(11, 0, 0, Purpose::Funnel);
        // n = 350 on every draw (its table); n = 358 on every third, the draws
        // between going to n that share its slot (358 + 8, 358 + 16, ...).
        let draws = 200_000;
        for (n, every) in [(350u32, 1usize), (358, 3)] {
            let mut sel = Vec::with_capacity(draws / every + 1);
            for i in 0..draws {
                if i % every == 0 {
                    sel.push(f64::from(b.sample(n, &mut rng)));
                } else {
                    b.sample(n + 8 * (i % 8) as u32, &mut rng);
                }
            }
            let m = sel.iter().sum::<f64>() / sel.len() as f64;
            let v = sel.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (sel.len() - 1) as f64;
            let (em, ev) = (f64::from(n) * 0.0072, f64::from(n) * 0.0072 * (1.0 - 0.0072));
            let k = sel.len() as f64;
            assert!((m - em).abs() < 5.0 * (ev / k).sqrt(), "n={n}: mean {m} vs {em}");
            assert!((v - ev).abs() < 5.0 * ev * (2.0 / k).sqrt() * 1.5, "n={n}: var {v} vs {ev}");
        }
    }
}
