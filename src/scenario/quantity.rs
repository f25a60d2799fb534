//! Uncertain quantities: a parameter value that is either fixed or drawn once
//! per trial from a distribution describing the analyst's uncertainty.
//!
//! Draws go through the inverse CDF of a uniform that the engine keys by
//! (trial, parameter), never by strategy, so every strategy and sweep point sees
//! the same quantile of each uncertain input (common random numbers).

use std::fmt;

use super::units::{Range, fmt_num, fmt_num_any};
use crate::numeric::quantiles;
use crate::numeric::special::{beta_quantile, standard_normal_quantile};

/// A distribution that is not well formed, or does not fit its parameter's range.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct DistError(pub String);

/// A distribution of the analyst's uncertainty about one parameter.
#[derive(Clone, Debug, PartialEq)]
pub enum Dist {
    Uniform {
        lo: f64,
        hi: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    Pert {
        min: f64,
        mode: f64,
        max: f64,
    },
    Normal {
        mean: f64,
        sd: f64,
    },
    LogNormal {
        median: f64,
        sigma: f64,
    },
    Beta {
        a: f64,
        b: f64,
    },
    /// An empirical distribution given by its quantiles at equally spaced
    /// probabilities 0, 1/(n-1), ..., 1 (so the first is the minimum and the
    /// last the maximum), sampled by inverse CDF with linear interpolation.
    Quantiles(Vec<f64>),
}

/// How many numbers a distribution takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arity {
    Exactly(usize),
    /// From the first to the second number, inclusive.
    Between(usize, usize),
}

impl Arity {
    pub fn accepts(self, n: usize) -> bool {
        match self {
            Arity::Exactly(k) => n == k,
            Arity::Between(lo, hi) => (lo..=hi).contains(&n),
        }
    }
}

impl fmt::Display for Arity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arity::Exactly(k) => write!(f, "{k}"),
            Arity::Between(lo, hi) => write!(f, "{lo} to {hi}"),
        }
    }
}

/// Most quantiles an empirical distribution may list (a bound on what a
/// hostile file can make the reader allocate; 1,001 is a quantile every 0.1%).
pub const MAX_QUANTILES: usize = 1001;

/// The distribution names accepted in scenario files, with their arity.
pub const DIST_NAMES: [(&str, Arity, &str); 7] = [
    ("uniform", Arity::Exactly(2), "[lo, hi]"),
    ("triangular", Arity::Exactly(3), "[min, mode, max]"),
    ("pert", Arity::Exactly(3), "[min, mode, max]"),
    ("normal", Arity::Exactly(2), "[mean, sd]"),
    ("lognormal", Arity::Exactly(2), "[median, sigma]"),
    ("beta", Arity::Exactly(2), "[a, b]"),
    ("quantiles", Arity::Between(2, MAX_QUANTILES), "[q0, ..., q1] (equally spaced quantiles, minimum first)"),
];

impl Dist {
    /// Build from a name and its numbers, checking the distribution's own
    /// parameters (not yet the target parameter's range).
    pub fn from_parts(name: &str, v: &[f64]) -> Result<Dist, DistError> {
        let d = match name {
            "uniform" => Dist::Uniform { lo: v[0], hi: v[1] },
            "triangular" => Dist::Triangular { min: v[0], mode: v[1], max: v[2] },
            "pert" => Dist::Pert { min: v[0], mode: v[1], max: v[2] },
            "normal" => Dist::Normal { mean: v[0], sd: v[1] },
            "lognormal" => Dist::LogNormal { median: v[0], sigma: v[1] },
            "beta" => Dist::Beta { a: v[0], b: v[1] },
            "quantiles" => return Dist::quantiles(v.to_vec()),
            _ => return Err(DistError(format!("unknown distribution `{name}`"))),
        };
        match d {
            Dist::Uniform { lo, hi } if lo >= hi => {
                Err(DistError(format!("uniform needs lo < hi, got [{}, {}]", fmt_num(lo), fmt_num(hi))))
            }
            Dist::Triangular { min, mode, max } | Dist::Pert { min, mode, max } if !(min <= mode && mode <= max && min < max) => {
                Err(DistError(format!(
                    "{name} needs min <= mode <= max and min < max, got [{}, {}, {}]",
                    fmt_num(min),
                    fmt_num(mode),
                    fmt_num(max)
                )))
            }
            Dist::Normal { sd, .. } if sd <= 0.0 => Err(DistError(format!("normal needs sd > 0, got {}", fmt_num(sd)))),
            Dist::LogNormal { median, sigma } if median <= 0.0 || sigma <= 0.0 => {
                Err(DistError(format!("lognormal needs median > 0 and sigma > 0, got [{}, {}]", fmt_num(median), fmt_num(sigma))))
            }
            Dist::Beta { a, b } if a <= 0.0 || b <= 0.0 => {
                Err(DistError(format!("beta needs a > 0 and b > 0, got [{}, {}]", fmt_num(a), fmt_num(b))))
            }
            d => Ok(d),
        }
    }

    /// An empirical distribution from its equally spaced quantiles: at least
    /// two finite numbers, non-decreasing, not all equal.
    pub fn quantiles(q: Vec<f64>) -> Result<Dist, DistError> {
        if q.len() < 2 || q.len() > MAX_QUANTILES {
            return Err(DistError(format!("quantiles takes 2 to {MAX_QUANTILES} numbers, got {}", q.len())));
        }
        if let Some(x) = q.iter().find(|x| !x.is_finite()) {
            return Err(DistError(format!("quantiles must be finite numbers, got {}", fmt_num_any(*x))));
        }
        if let Some(i) = (1..q.len()).find(|&i| q[i] < q[i - 1]) {
            return Err(DistError(format!(
                "quantiles must not decrease: {} at position {} follows {}",
                fmt_num(q[i]),
                i + 1,
                fmt_num(q[i - 1])
            )));
        }
        if q[0] == q[q.len() - 1] {
            return Err(DistError(format!("quantiles are all {}: write the fixed number instead", fmt_num(q[0]))));
        }
        Ok(Dist::Quantiles(q))
    }

    /// Read a distribution back from its text (`pert[0.35, 0.5, 0.6]`, as
    /// [`Dist`]'s `Display` writes it and summary.json stores it).
    pub fn parse_text(text: &str) -> Option<Dist> {
        let (name, rest) = text.trim().split_once('[')?;
        let numbers: Vec<f64> = rest.strip_suffix(']')?.split(',').map(|x| x.trim().parse::<f64>()).collect::<Result<_, _>>().ok()?;
        let arity = DIST_NAMES.iter().find(|(n, _, _)| *n == name)?.1;
        arity.accepts(numbers.len()).then(|| Dist::from_parts(name, &numbers).ok()).flatten()
    }

    /// The value at cumulative probability `u` in (0, 1).
    pub fn quantile(&self, u: f64) -> f64 {
        let u = u.clamp(1e-12, 1.0 - 1e-12);
        match *self {
            Dist::Quantiles(ref q) => quantiles::quantile(q, u),
            Dist::Uniform { lo, hi } => lo + u * (hi - lo),
            Dist::Triangular { min, mode, max } => {
                let fc = (mode - min) / (max - min);
                if u < fc { min + (u * (max - min) * (mode - min)).sqrt() } else { max - ((1.0 - u) * (max - min) * (max - mode)).sqrt() }
            }
            Dist::Pert { min, mode, max } => {
                let (a, b) = pert_shape(min, mode, max);
                min + (max - min) * beta_quantile(a, b, u)
            }
            Dist::Normal { mean, sd } => mean + sd * standard_normal_quantile(u),
            Dist::LogNormal { median, sigma } => median * (sigma * standard_normal_quantile(u)).exp(),
            Dist::Beta { a, b } => beta_quantile(a, b, u),
        }
    }

    /// The distribution of `factor` x a draw of this one.
    pub fn scaled(&self, k: f64) -> Result<Dist, DistError> {
        Ok(match *self {
            Dist::Uniform { lo, hi } => Dist::Uniform { lo: lo * k, hi: hi * k },
            Dist::Triangular { min, mode, max } => Dist::Triangular { min: min * k, mode: mode * k, max: max * k },
            Dist::Pert { min, mode, max } => Dist::Pert { min: min * k, mode: mode * k, max: max * k },
            Dist::Normal { mean, sd } => Dist::Normal { mean: mean * k, sd: sd * k },
            Dist::LogNormal { median, sigma } => Dist::LogNormal { median: median * k, sigma },
            Dist::Beta { .. } => return Err(DistError(format!("{self} lies on [0, 1] and cannot be rescaled"))),
            // A positive factor keeps the quantiles in order.
            Dist::Quantiles(ref q) if k > 0.0 => Dist::Quantiles(q.iter().map(|x| x * k).collect()),
            Dist::Quantiles(_) => return Err(DistError(format!("{self} cannot be rescaled by {}", fmt_num_any(k)))),
        })
    }

    /// The median, used as the value a fixed-point check or a swing is centred on.
    pub fn median(&self) -> f64 {
        self.quantile(0.5)
    }

    /// Smallest and largest value the distribution can produce (may be infinite).
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Dist::Uniform { lo, hi } => (lo, hi),
            Dist::Triangular { min, max, .. } | Dist::Pert { min, max, .. } => (min, max),
            Dist::Normal { .. } => (f64::NEG_INFINITY, f64::INFINITY),
            Dist::LogNormal { .. } => (0.0, f64::INFINITY),
            Dist::Beta { .. } => (0.0, 1.0),
            Dist::Quantiles(ref q) => (q[0], q[q.len() - 1]),
        }
    }

    /// Whether draws are clamped into the parameter's range (unbounded tails) or
    /// the whole support must lie inside it (bounded distributions).
    pub fn has_unbounded_tail(&self) -> bool {
        matches!(self, Dist::Normal { .. } | Dist::LogNormal { .. })
    }

    /// Check the distribution against a parameter's valid range.
    ///
    /// Bounded distributions must lie inside the range (an endpoint may touch an
    /// open bound only with zero density there, as Beta's do). Normal and
    /// lognormal must keep their central 99.7% (mean +- 3 sd) inside; their rare
    /// tail draws beyond the range are clamped to it.
    pub fn check_within(&self, range: &Range) -> Result<(), DistError> {
        let (lo, hi) = match self {
            Dist::Normal { .. } | Dist::LogNormal { .. } => (self.quantile(0.00135), self.quantile(0.99865)),
            Dist::Beta { .. } => (self.quantile(1e-9), self.quantile(1.0 - 1e-9)),
            _ => self.support(),
        };
        if range.contains(lo) && range.contains(hi) {
            Ok(())
        } else {
            let what = if self.has_unbounded_tail() { "its central 99.7% spans" } else { "its support spans" };
            Err(DistError(format!("{self} leaves the valid range {range}: {what} [{}, {}]", fmt_num(lo), fmt_num(hi))))
        }
    }
}

impl fmt::Display for Dist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = |x: f64| fmt_num(x);
        match *self {
            Dist::Uniform { lo, hi } => write!(f, "uniform[{}, {}]", n(lo), n(hi)),
            Dist::Triangular { min, mode, max } => write!(f, "triangular[{}, {}, {}]", n(min), n(mode), n(max)),
            Dist::Pert { min, mode, max } => write!(f, "pert[{}, {}, {}]", n(min), n(mode), n(max)),
            Dist::Normal { mean, sd } => write!(f, "normal[{}, {}]", n(mean), n(sd)),
            Dist::LogNormal { median, sigma } => write!(f, "lognormal[{}, {}]", n(median), n(sigma)),
            Dist::Beta { a, b } => write!(f, "beta[{}, {}]", n(a), n(b)),
            // The ends and the median, which is what a reader checks; the whole list is in the file.
            Dist::Quantiles(ref q) => {
                write!(f, "quantiles[{} .. {} .. {}; {} points]", n(q[0]), n(quantiles::quantile(q, 0.5)), n(q[q.len() - 1]), q.len())
            }
        }
    }
}

/// A parameter value: fixed, or uncertain and drawn once per trial.
#[derive(Clone, Debug, PartialEq)]
pub enum Quantity {
    Fixed(f64),
    Uncertain(Dist),
}

impl Quantity {
    /// The value for a trial whose uniform for this parameter is `u`; uncertain
    /// draws are clamped into `range` (only unbounded tails can reach it).
    pub fn value(&self, u: f64, range: &Range) -> f64 {
        match self {
            Quantity::Fixed(x) => *x,
            Quantity::Uncertain(d) => range.clamp(d.quantile(u)),
        }
    }

    /// A representative value: the fixed value or the distribution's median.
    pub fn central(&self) -> f64 {
        match self {
            Quantity::Fixed(x) => *x,
            Quantity::Uncertain(d) => d.median(),
        }
    }

    /// The same quantity in units `factor` times smaller or larger (the
    /// `annual_quota` alias): every draw is multiplied by `factor`.
    pub fn scaled(&self, factor: f64) -> Result<Quantity, DistError> {
        Ok(match self {
            Quantity::Fixed(x) => Quantity::Fixed(x * factor),
            Quantity::Uncertain(d) => Quantity::Uncertain(d.scaled(factor)?),
        })
    }

    pub fn is_uncertain(&self) -> bool {
        matches!(self, Quantity::Uncertain(_))
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quantity::Fixed(x) => write!(f, "{}", fmt_num(*x)),
            Quantity::Uncertain(d) => write!(f, "{d}"),
        }
    }
}

/// PERT's Beta shape parameters (the classic lambda = 4 weighting of the mode).
fn pert_shape(min: f64, mode: f64, max: f64) -> (f64, f64) {
    let r = max - min;
    (1.0 + 4.0 * (mode - min) / r, 1.0 + 4.0 * (max - mode) / r)
}

#[cfg(test)]
mod tests {

    #[test]
    fn distributions_read_back_from_their_text() {
        for d in [
            Dist::Pert { min: 0.35, mode: 0.5, max: 0.6 },
            Dist::Uniform { lo: 1.0, hi: 2.0 },
            Dist::LogNormal { median: 25000.0, sigma: 0.15 },
        ] {
            assert_eq!(Dist::parse_text(&d.to_string()), Some(d));
        }
        assert_eq!(Dist::parse_text("0.35"), None);
        assert_eq!(Dist::parse_text("pert[0.6, 0.5]"), None);
        assert_eq!(Dist::parse_text("[1, 1, 1, 1.3]"), None);
    }

    use super::*;

    #[test]
    fn quantiles_hit_known_values() {
        let t = Dist::Triangular { min: 0.0, mode: 0.0, max: 1.0 };
        assert!((t.quantile(0.75) - 0.5).abs() < 1e-12);
        let u = Dist::Uniform { lo: 2.0, hi: 4.0 };
        assert!((u.quantile(0.25) - 2.5).abs() < 1e-12);
        let n = Dist::Normal { mean: 1.0, sd: 2.0 };
        assert!((n.quantile(0.975) - (1.0 + 2.0 * 1.959964)).abs() < 1e-5);
        let l = Dist::LogNormal { median: 10.0, sigma: 0.5 };
        assert!((l.median() - 10.0).abs() < 1e-9);
        let p = Dist::Pert { min: 0.0, mode: 0.5, max: 1.0 };
        assert!((p.median() - 0.5).abs() < 1e-9);
        let b = Dist::Beta { a: 2.0, b: 2.0 };
        assert!((b.median() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn range_checks() {
        let r = Range::open(0.0, 1.0);
        assert!(Dist::Uniform { lo: 0.1, hi: 0.4 }.check_within(&r).is_ok());
        assert!(Dist::Uniform { lo: 0.0, hi: 0.4 }.check_within(&r).is_err());
        assert!(Dist::Normal { mean: 0.3, sd: 0.05 }.check_within(&r).is_ok());
        assert!(Dist::Normal { mean: 0.1, sd: 0.05 }.check_within(&r).is_err());
        assert!(Dist::Beta { a: 2.0, b: 5.0 }.check_within(&r).is_ok());
        // Quantiles are bounded: their whole support must lie in the range.
        assert!(Dist::quantiles(vec![0.1, 0.2, 0.5]).unwrap().check_within(&r).is_ok());
        assert!(Dist::quantiles(vec![0.0, 0.2, 0.5]).unwrap().check_within(&r).is_err());
        assert!(Dist::quantiles(vec![0.1, 0.2, 1.5]).unwrap().check_within(&Range::closed(0.0, 1.0)).is_err());
    }

    #[test]
    fn quantiles_interpolate_linearly_between_equally_spaced_points() {
        // Quartiles 0, 10, 20, 60, 100: u = 0.25 steps.
        let d = Dist::quantiles(vec![0.0, 10.0, 20.0, 60.0, 100.0]).unwrap();
        assert_eq!(d.support(), (0.0, 100.0));
        assert!((d.quantile(0.5) - 20.0).abs() < 1e-9);
        assert!((d.quantile(0.125) - 5.0).abs() < 1e-9);
        assert!((d.quantile(0.625) - 40.0).abs() < 1e-9);
        assert!((d.quantile(0.9) - 84.0).abs() < 1e-9);
        // The ends: u is kept inside (0, 1), so draws stay within the support.
        assert!(d.quantile(0.0) >= 0.0 && d.quantile(0.0) < 1e-9);
        assert!(d.quantile(1.0) <= 100.0 && d.quantile(1.0) > 100.0 - 1e-9);
        // Inverse-CDF draws on a fine grid of u: the mean of a piecewise linear
        // quantile function is the trapezoid mean of its points.
        let n = 100_000;
        let mean = (0..n).map(|i| d.quantile((i as f64 + 0.5) / n as f64)).sum::<f64>() / n as f64;
        let trapezoid = (0.0 + 10.0 + 10.0 + 20.0 + 20.0 + 60.0 + 60.0 + 100.0) / 8.0;
        assert!((mean - trapezoid).abs() < 1e-6, "{mean} vs {trapezoid}");
    }

    #[test]
    fn quantiles_are_checked() {
        assert!(Dist::quantiles(vec![1.0]).is_err());
        assert!(Dist::quantiles(vec![1.0, 1.0]).unwrap_err().0.contains("fixed number"));
        assert!(Dist::quantiles(vec![1.0, 3.0, 2.0]).unwrap_err().0.contains("position 3"));
        assert!(Dist::quantiles(vec![1.0, f64::NAN]).is_err());
        assert!(Dist::quantiles(vec![0.0; MAX_QUANTILES + 1]).is_err());
        // Ties inside are fine (an atom), and so is the display.
        let d = Dist::from_parts("quantiles", &[1.0, 2.0, 2.0, 5.0]).unwrap();
        assert_eq!(d.to_string(), "quantiles[1 .. 2 .. 5; 4 points]");
    }
}
