//! Exact binomial samplers for any n and p: sequential inversion for small
//! means, Hörmann's BTRS rejection sampler for large ones. The kernel's
//! weekly draws at one rep's fixed p are in [`super::small_binomial`].

use rand_distr::{Binomial, Distribution};

use super::math::exp;
use super::rng::Stream;

/// Binomial(n, p) for any n and p: sequential inversion for small means,
/// Hörmann's BTRS rejection sampler otherwise (both exact).
pub fn binomial_any_u64(n: u64, p: f64, rng: &mut Stream) -> u64 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    let (pp, flipped) = if p > 0.5 { (1.0 - p, true) } else { (p, false) };
    let x = if (n as f64) * pp < BTRS_MIN_MEAN {
        match u32::try_from(n) {
            Ok(n32) => u64::from(binomial_inversion(n32, pp, rng)),
            // Astronomical n with a tiny mean: beyond this model's scale.
            Err(_) => Binomial::new(n, pp).map(|b| b.sample(rng.rng())).unwrap_or(0),
        }
    } else {
        binomial_btrs(n, pp, rng)
    };
    if flipped { n - x } else { x }
}

/// [`binomial_any_u64`] for a count that fits in 32 bits.
pub fn binomial_any(n: u32, p: f64, rng: &mut Stream) -> u32 {
    binomial_any_u64(u64::from(n), p, rng) as u32
}

/// BTRS is valid from this mean up; below it, inversion is fast anyway.
pub(super) const BTRS_MIN_MEAN: f64 = 10.0;

/// Binomial(n, p), p <= 0.5 and n p >= 10, by transformed rejection with
/// squeeze (W. Hörmann, "The generation of binomial random variates", J. Stat.
/// Comput. Simul. 46, 1993). No table and a short set-up, so it suits a
/// different n at every call; about 1.15 pairs of uniforms per draw.
fn binomial_btrs(n: u64, p: f64, rng: &mut Stream) -> u64 {
    let nf = n as f64;
    let q = 1.0 - p;
    let spq = (nf * p * q).sqrt();
    let b = 1.15 + 2.53 * spq;
    let a = -0.0873 + 0.0248 * b + 0.01 * p;
    let c = nf * p + 0.5;
    let alpha = (2.83 + 5.1 / b) * spq;
    let v_r = 0.92 - 4.2 / b;
    // The mode, and the log of its unnormalised probability with the log
    // odds: needed only when a pair falls outside the squeeze (about one draw
    // in three), so computed then, once.
    let m = ((nf + 1.0) * p) as u64;
    let mut density: Option<(f64, f64)> = None;
    loop {
        let u = rng.uniform() - 0.5;
        let v = rng.uniform();
        let us = 0.5 - u.abs();
        let x = (2.0 * a / us + b) * u + c;
        if !(0.0..=nf).contains(&x) {
            continue;
        }
        let k = x as u64; // floor, for x >= 0
        if us >= 0.07 && v <= v_r {
            return k; // inside the squeeze: accepted without the density
        }
        let lv = (v * alpha / (a / (us * us) + b)).ln();
        let (h, ln_odds) = *density.get_or_insert_with(|| mode_density(n, m, p, q));
        if lv <= h - ln_factorial(k) - ln_factorial(n - k) + (k as f64 - m as f64) * ln_odds {
            return k;
        }
    }
}

/// BTRS's ln of the mode's unnormalised probability, and the log odds. Out
/// of line: the compiler would otherwise hoist these logarithms (pure
/// functions to it) ahead of the squeeze that usually makes them unneeded.
#[cold]
#[inline(never)]
fn mode_density(n: u64, m: u64, p: f64, q: f64) -> (f64, f64) {
    (ln_factorial(m) + ln_factorial(n - m), (p / q).ln())
}

/// ln(k!) for small k, correctly rounded.
const LN_FACTORIAL: [f64; 32] = [
    0.0,
    0.0,
    std::f64::consts::LN_2,
    1.791759469228055,
    3.1780538303479458,
    4.787491742782046,
    6.579251212010101,
    8.525161361065415,
    10.60460290274525,
    12.801827480081469,
    15.104412573075516,
    17.502307845873887,
    19.987214495661885,
    22.552163853123425,
    25.19122118273868,
    27.89927138384089,
    30.671860106080672,
    33.50507345013689,
    36.39544520803305,
    39.339884187199495,
    42.335616460753485,
    45.38013889847691,
    48.47118135183523,
    51.60667556776438,
    54.78472939811232,
    58.00360522298052,
    61.261701761002,
    64.55753862700634,
    67.88974313718154,
    71.25703896716801,
    74.65823634883016,
    78.0922235533153,
];

/// ln(k!): a table below 32, Stirling's series beyond (its first omitted
/// term, 1/(1188 k^9), is below 1e-16 there).
fn ln_factorial(k: u64) -> f64 {
    if let Some(&v) = LN_FACTORIAL.get(k as usize) {
        return v;
    }
    const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;
    let x = k as f64;
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    (x + 0.5) * x.ln() - x + HALF_LN_2PI + inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 / 1680.0)))
}

/// 1/x for small x: the pmf recurrences divide by x at every step.
const RECIPROCALS: [f64; 128] = {
    let mut a = [0.0; 128];
    let mut i = 1;
    while i < 128 {
        a[i] = 1.0 / i as f64;
        i += 1;
    }
    a
};

/// 1/k, from the table where it reaches (the same bits as the division).
#[inline(always)]
pub(super) fn reciprocal(k: u32) -> f64 {
    if (k as usize) < RECIPROCALS.len() { RECIPROCALS[k as usize] } else { 1.0 / f64::from(k) }
}

/// BINV for p <= 0.5 and a small mean: walk up the pmf from 0.
fn binomial_inversion(n: u32, pp: f64, rng: &mut Stream) -> u32 {
    let nf = f64::from(n);
    let q = 1.0 - pp;
    let s = pp / q;
    let a = (nf + 1.0) * s;
    let mut r = exp(nf * (-pp).ln_1p()); // q^n
    let mut u = rng.uniform();
    let mut x = 0u32;
    while u >= r && x < n {
        u -= r;
        x += 1;
        r *= a * reciprocal(x) - s;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::rng::Purpose;

    fn mean_var(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let m = xs.iter().sum::<f64>() / n;
        (m, xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0))
    }

    #[test]
    fn binomial_any_covers_large_means() {
        let mut rng = Stream::new(13, 0, 0, Purpose::Funnel);
        let n = 50_000;
        let xs: Vec<f64> = (0..20_000).map(|_| binomial_any_u64(3000, 0.06, &mut rng) as f64).collect();
        let (m, _) = mean_var(&xs);
        assert!((m - 180.0).abs() < 5.0 * (180.0 * 0.94 / 20_000.0f64).sqrt(), "{m}");
        assert_eq!(binomial_any_u64(n, 0.0, &mut rng), 0);
        assert_eq!(binomial_any_u64(n, 1.0, &mut rng), n);
    }

    /// Pearson's chi-square of draws against the exact pmf, cells with an
    /// expected count under 20 pooled into their neighbours.
    fn chi_square(counts: &[u64], n: u64, p: f64, draws: u64) -> (f64, usize) {
        let ln_pmf = |k: u64| ln_factorial(n) - ln_factorial(k) - ln_factorial(n - k) + k as f64 * p.ln() + (n - k) as f64 * (-p).ln_1p();
        let (mut chi2, mut cells, mut obs, mut exp_acc) = (0.0, 0usize, 0.0, 0.0);
        for k in 0..=n {
            obs += counts.get(k as usize).copied().unwrap_or(0) as f64;
            exp_acc += draws as f64 * ln_pmf(k).exp();
            if exp_acc >= 20.0 || k == n {
                chi2 += (obs - exp_acc) * (obs - exp_acc) / exp_acc;
                cells += 1;
                (obs, exp_acc) = (0.0, 0.0);
            }
        }
        (chi2, cells - 1)
    }

    /// Upper 1e-6 point of chi-square with `df` degrees of freedom (Wilson-Hilferty).
    fn chi_square_critical(df: usize) -> f64 {
        let d = df as f64;
        let z = 4.75;
        d * (1.0 - 2.0 / (9.0 * d) + z * (2.0 / (9.0 * d)).sqrt()).powi(3)
    }

    #[test]
    fn btrs_matches_the_exact_pmf() {
        let mut rng = Stream::new(21, 0, 0, Purpose::Funnel);
        let draws = 400_000u64;
        // The quarterly connects of the default scenario, a mean at the
        // method's lower limit, p above one half (flipped), and a large n.
        for &(n, p) in &[(2450u64, 0.0567), (25, 0.4), (200, 0.93), (1_000_000, 0.3)] {
            let mut counts = vec![0u64; n as usize + 1];
            for _ in 0..draws {
                counts[binomial_any_u64(n, p, &mut rng) as usize] += 1;
            }
            let (chi2, df) = chi_square(&counts, n, p, draws);
            assert!(chi2 < chi_square_critical(df), "n={n} p={p}: chi2 {chi2:.1} on {df} df");
        }
    }

    #[test]
    fn ln_factorial_is_continuous_at_the_table_edge() {
        // Stirling's series against the exact sum of logs just past the table.
        for k in 32..40u64 {
            let exact: f64 = (2..=k).map(|i| (i as f64).ln()).sum();
            assert!((ln_factorial(k) - exact).abs() < 1e-12, "{k}");
        }
    }

    #[test]
    fn binomial_any_matches_moments_for_small_n() {
        let mut rng = Stream::new(12, 0, 0, Purpose::Funnel);
        for &(n, p) in &[(21u32, 0.12), (5, 0.9), (40, 0.3), (1000, 0.5)] {
            let xs: Vec<f64> = (0..100_000).map(|_| f64::from(binomial_any(n, p, &mut rng))).collect();
            let (m, _) = mean_var(&xs);
            let em = f64::from(n) * p;
            let sd = (em * (1.0 - p) / 100_000.0).sqrt();
            assert!((m - em).abs() < 5.0 * sd, "n={n} p={p}: mean {m} vs {em}");
        }
    }
}
