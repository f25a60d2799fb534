//! The search itself, apart from simulation: a coarse screen over the
//! interval, then, on every trial, a bracketing root-finder (regula falsi
//! with the Illinois step, whole numbers by bisection) for a target, or a
//! golden-section search around the screen's best for a maximum or minimum.
//! The evaluations share their trials, so the curve searched is smooth in
//! the parameter and differences between values are paired.

use super::eval::{Eval, paired_diff};

/// What the search looks for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Goal {
    Target(f64),
    Maximize,
    Minimize,
}

/// Where and how to search.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Space {
    pub lo: f64,
    pub hi: f64,
    pub integer: bool,
    /// Screen points spaced evenly on a log scale (a wide positive interval).
    pub geometric: bool,
}

/// Points of the screen.
pub const SCREEN_POINTS: usize = 11;
/// Refinement steps after the screen, at most.
pub const MAX_STEPS: usize = 12;

/// What was found.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// The target is crossed: the value, its 95% interval, and the two
    /// evaluations that bracket it (indices into [`Found::evals`]).
    Root { x: f64, interval: (f64, f64), below: usize, above: usize },
    /// The target is not crossed in the interval; the closest evaluation.
    Unreachable { closest: usize },
    /// The best evaluation, and the values within Monte Carlo error of it.
    Optimum { best: usize, interval: (f64, f64) },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// Every evaluation, in the order made.
    pub evals: Vec<Eval>,
    pub answer: Answer,
    /// What the reader should know (several crossings, a flat optimum).
    pub notes: Vec<String>,
}

/// Evaluates values: `(values, screen)` gives one evaluation per value.
pub type EvalFn<'a, E> = dyn FnMut(&[f64], bool) -> Result<Vec<Eval>, E> + 'a;

/// The screen's values over the space.
pub fn screen_points(s: &Space) -> Vec<f64> {
    let n = SCREEN_POINTS;
    let mut xs: Vec<f64> = (0..n)
        .map(|i| {
            let t = i as f64 / (n - 1) as f64;
            if s.geometric { (s.lo.ln() + t * (s.hi.ln() - s.lo.ln())).exp() } else { s.lo + t * (s.hi - s.lo) }
        })
        .map(|x| if s.integer { x.round() } else { x })
        .collect();
    xs[0] = s.lo;
    xs[n - 1] = s.hi;
    xs.dedup();
    xs
}

pub fn search<E>(space: &Space, goal: Goal, eval: &mut EvalFn<'_, E>) -> Result<Found, E> {
    let mut evals = eval(&screen_points(space), true)?;
    match goal {
        Goal::Target(t) => root(space, t, &mut evals, eval),
        Goal::Maximize => optimum(space, 1.0, &mut evals, eval),
        Goal::Minimize => optimum(space, -1.0, &mut evals, eval),
    }
}

/// The full-trial evaluation at `x`, made if missing; its index.
fn full_at<E>(x: f64, evals: &mut Vec<Eval>, eval: &mut EvalFn<'_, E>) -> Result<usize, E> {
    if let Some(i) = evals.iter().position(|e| !e.screen && e.x == x) {
        return Ok(i);
    }
    evals.extend(eval(&[x], false)?);
    Ok(evals.len() - 1)
}

fn root<E>(space: &Space, target: f64, evals: &mut Vec<Eval>, eval: &mut EvalFn<'_, E>) -> Result<Found, E> {
    let g = |e: &Eval| e.value - target;
    // The screen is the first `n` evaluations; later ones are appended.
    let n = evals.len();
    let crossings: Vec<usize> =
        (0..n.saturating_sub(1)).filter(|&i| g(&evals[i]) * g(&evals[i + 1]) <= 0.0 && g(&evals[i]).is_finite()).collect();
    let mut notes = Vec::new();
    let Some(&first) = crossings.first() else {
        let closest = closest_to(&evals[..n], target);
        let c = full_at(evals[closest].x, evals, eval)?;
        return Ok(Found { evals: std::mem::take(evals), answer: Answer::Unreachable { closest: c }, notes });
    };
    if crossings.len() > 1 {
        notes.push(format!("the metric crosses the target {} times in the interval; the answer is the lowest crossing", crossings.len()));
    }
    // The screen's bracket on every trial; walk outward while noise undoes it.
    let (mut lo_i, mut hi_i) = (first, first + 1);
    let (lo_x, hi_x) = (evals[lo_i].x, evals[hi_i].x);
    let (mut a, mut b) = (full_at(lo_x, evals, eval)?, full_at(hi_x, evals, eval)?);
    while g(&evals[a]) * g(&evals[b]) > 0.0 {
        // The crossing lies beyond the end nearer the target.
        let toward_low = (g(&evals[a]).abs() < g(&evals[b]).abs() || hi_i + 1 >= n) && lo_i > 0;
        if toward_low {
            lo_i -= 1;
            a = full_at(evals[lo_i].x, evals, eval)?;
        } else if hi_i + 1 < n {
            hi_i += 1;
            b = full_at(evals[hi_i].x, evals, eval)?;
        } else {
            let closest = closest_full(evals, target);
            notes.push("on every trial the target is not crossed, although the coarse screen suggested it".into());
            return Ok(Found { evals: std::mem::take(evals), answer: Answer::Unreachable { closest }, notes });
        }
    }
    let (mut a, mut b) = (a, b);
    let (mut keep_a, mut keep_b) = (0, 0);
    for _ in 0..MAX_STEPS {
        let (ea, eb) = (&evals[a], &evals[b]);
        let w = eb.x - ea.x;
        if settled(space, ea, eb) || g(ea) == 0.0 || g(eb) == 0.0 {
            break;
        }
        // Illinois: halve a side's weight when it has been kept twice.
        let (ga, gb) = (g(ea) * 0.5f64.powi(keep_a.max(1) - 1), g(eb) * 0.5f64.powi(keep_b.max(1) - 1));
        let mut x = (ea.x - ga * w / (gb - ga)).clamp(ea.x + 0.05 * w, eb.x - 0.05 * w);
        if space.integer {
            x = x.round();
            if x <= ea.x || x >= eb.x {
                x = ((ea.x + eb.x) / 2.0).floor();
            }
        }
        let i = full_at(x, evals, eval)?;
        if g(&evals[i]) * g(&evals[a]) > 0.0 {
            (a, keep_a, keep_b) = (i, 0, keep_b + 1);
        } else {
            (b, keep_b, keep_a) = (i, 0, keep_a + 1);
        }
    }
    let answer = root_answer(space, target, &evals[a], &evals[b], a, b);
    Ok(Found { evals: std::mem::take(evals), answer, notes })
}

/// Whether the bracket is as narrow as the answer can be told apart:
/// adjacent whole numbers, or a quarter of the answer's own interval.
fn settled(space: &Space, a: &Eval, b: &Eval) -> bool {
    let w = b.x - a.x;
    if space.integer {
        return w <= 1.0;
    }
    let slope = (b.value - a.value) / w;
    let hw = 0.5 * (a.half_width() + b.half_width());
    w <= (0.25 * 2.0 * hw / slope.abs()).max(1e-6 * (space.hi - space.lo))
}

/// The root inside the final bracket (linear between its ends) and its 95%
/// interval: the metric's half-width over the slope, which common random
/// numbers make precise. Whole numbers: the first value that meets the target.
fn root_answer(space: &Space, target: f64, ea: &Eval, eb: &Eval, a: usize, b: usize) -> Answer {
    let (below, above) = if ea.value <= eb.value { (a, b) } else { (b, a) };
    let w = eb.x - ea.x;
    if w == 0.0 {
        return Answer::Root { x: ea.x, interval: (ea.x, ea.x), below, above };
    }
    let t = ((target - ea.value) / (eb.value - ea.value)).clamp(0.0, 1.0);
    let x = ea.x + t * w;
    let slope = ((eb.value - ea.value) / w).abs();
    let hw_f = (1.0 - t) * ea.half_width() + t * eb.half_width();
    let hw_x = if slope > 0.0 { hw_f / slope } else { f64::INFINITY };
    let (lo, hi) = ((x - hw_x).max(space.lo), (x + hw_x).min(space.hi));
    if space.integer {
        // Meeting the target = the metric at or above it.
        let up = eb.value >= ea.value;
        let meet = |v: f64| if up { v.ceil() } else { v.floor() };
        let xm = if up { eb.x } else { ea.x };
        return Answer::Root { x: xm, interval: (meet(lo).min(xm), meet(hi).max(xm)), below, above };
    }
    Answer::Root { x, interval: (lo, hi), below, above }
}

fn closest_to(evals: &[Eval], target: f64) -> usize {
    (0..evals.len())
        .filter(|&i| evals[i].value.is_finite())
        .min_by(|&i, &j| (evals[i].value - target).abs().total_cmp(&(evals[j].value - target).abs()))
        .unwrap_or(0)
}

fn closest_full(evals: &[Eval], target: f64) -> usize {
    (0..evals.len())
        .filter(|&i| !evals[i].screen && evals[i].value.is_finite())
        .min_by(|&i, &j| (evals[i].value - target).abs().total_cmp(&(evals[j].value - target).abs()))
        .unwrap_or(0)
}

const GOLDEN: f64 = 0.381_966_011_250_105_1;

fn optimum<E>(space: &Space, sign: f64, evals: &mut Vec<Eval>, eval: &mut EvalFn<'_, E>) -> Result<Found, E> {
    let score = |e: &Eval| if e.value.is_finite() { sign * e.value } else { f64::NEG_INFINITY };
    // The screen is the first `n` evaluations; later ones are appended.
    let n = evals.len();
    let top = (0..n).max_by(|&i, &j| score(&evals[i]).total_cmp(&score(&evals[j]))).unwrap_or(0);
    let (mut l, mut r) = (evals[top.saturating_sub(1)].x, evals[(top + 1).min(n - 1)].x);
    let mut m = full_at(evals[top].x, evals, eval)?;
    for x in [l, r] {
        full_at(x, evals, eval)?;
    }
    for _ in 0..MAX_STEPS {
        let mx = evals[m].x;
        if (space.integer && r - l <= 2.0) || r - l <= 1e-3 * (space.hi - space.lo) {
            break;
        }
        // A new point in the larger side, a golden section from the middle.
        let mut x = if mx - l > r - mx { mx - GOLDEN * (mx - l) } else { mx + GOLDEN * (r - mx) };
        if space.integer {
            x = x.round();
            if x == mx {
                x = if mx - l > r - mx { mx - 1.0 } else { mx + 1.0 };
            }
        }
        let i = full_at(x, evals, eval)?;
        if score(&evals[i]) > score(&evals[m]) {
            if x < mx {
                r = mx
            } else {
                l = mx
            }
            m = i;
        } else if x < mx {
            l = x;
        } else {
            r = x;
        }
    }
    if space.integer {
        let mut x = l;
        while x <= r {
            full_at(x, evals, eval)?;
            x += 1.0;
        }
    }
    let full: Vec<usize> = (0..evals.len()).filter(|&i| !evals[i].screen).collect();
    let best = *full.iter().max_by(|&&i, &&j| score(&evals[i]).total_cmp(&score(&evals[j]))).expect("the best point is evaluated");
    // Values whose paired difference from the best is within its 95% interval.
    let close: Vec<f64> = full
        .iter()
        .filter(|&&i| {
            let (d, hw) = paired_diff(&evals[best], &evals[i]);
            i == best || d.abs() <= hw
        })
        .map(|&i| evals[i].x)
        .collect();
    let interval = (close.iter().copied().fold(f64::INFINITY, f64::min), close.iter().copied().fold(f64::NEG_INFINITY, f64::max));
    let mut notes = Vec::new();
    if evals[best].x == space.lo || evals[best].x == space.hi {
        notes.push("the best value is at an end of the interval: the optimum may lie beyond it (widen --within)".into());
    }
    Ok(Found { evals: std::mem::take(evals), answer: Answer::Optimum { best, interval }, notes })
}
