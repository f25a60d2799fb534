//! Per-deal shapes (`deal_size_shape`, `cycle_weeks_shape`) where the
//! lognormal fits the history badly: multi-product price lists and
//! two-humped cycles are common, and a lognormal of the same median and
//! spread would draw deals the history never had. The shape is the
//! history's own quantiles at 0, 5%, ..., 100%, divided by their median, so
//! the median setting still scales it (and keeps its uncertainty).

use super::fit::cycle::CycleFit;
use super::fit::lognormal::{GoodnessOfFit, LogNormalFit, MATERIAL_GAP, REJECT_P};
use super::model::{MIN_SIGMA, Realised};
use super::uncertain;
use super::writer::number;
use crate::numeric::special::standard_normal_quantile;
use crate::report::format::pct1;

/// Quantiles written: 0, 5%, ..., 100%.
pub const SHAPE_POINTS: usize = 21;

/// A shape for the engine and the median it multiplies.
#[derive(Clone, Debug, PartialEq)]
pub struct Shaped {
    /// Equally spaced quantiles of value / median, rounded as written; the middle one is 1.
    pub points: Vec<f64>,
    pub median: f64,
}

impl Shaped {
    /// As the scenario file writes it.
    pub fn toml(&self) -> String {
        let list: Vec<String> = self.points.iter().map(|x| number(*x)).collect();
        format!("{{ quantiles = [{}] }}", list.join(", "))
    }

    /// Equally spaced quantiles `q` (the middle one the median) as multiples of their median.
    fn of(q: &[f64]) -> Option<Shaped> {
        let median = q[q.len() / 2];
        let ok = median > 0.0 && q.iter().all(|x| x.is_finite() && *x > 0.0);
        ok.then(|| Shaped { points: q.iter().map(|x| round4(x / median)).collect(), median })
    }
}

/// The shape of deal sizes, when won amounts are not lognormal. Won deals
/// lean to better fit, so larger: as the lognormal's log-variance loses what
/// the fit effect adds (`r.size_log_var`), the shape's logs are drawn in
/// around the median by the same proportion, and the median moves down by
/// the fit's shift of the logs.
pub fn deal_sizes(s: &LogNormalFit, r: &Realised) -> Option<Shaped> {
    if s.gof.fits {
        return None;
    }
    let var = s.sigma * s.sigma;
    let shrink = ((var - r.size_log_var).max(MIN_SIGMA * MIN_SIGMA) / var).sqrt().min(1.0);
    let won = Shaped::of(&s.quantiles(SHAPE_POINTS))?;
    let points = won.points.iter().map(|x| round4((shrink * x.ln()).exp())).collect();
    Some(Shaped { points, median: won.median / r.size_log_mean.exp() })
}

/// The shape of sales cycles (in weeks, from the Kaplan-Meier curve), when
/// the lognormal does not fit. Beyond the longest cycle the history has seen
/// close (open deals censor the curve), the fitted lognormal's quantiles.
/// Cycles are whole weeks, so the points are too before they are divided.
pub fn cycles(c: &CycleFit) -> Option<Shaped> {
    if c.gof.fits {
        return None;
    }
    let mut q = c.quantiles(SHAPE_POINTS);
    // The minimum is the shortest cycle seen, not the curve's first week.
    q[0] = c.km.iter().find(|(_, f)| *f > 0.0).map_or(f64::NAN, |(k, _)| f64::from(*k));
    for i in 0..q.len() {
        if q[i].is_nan() {
            let p = (i as f64 / (SHAPE_POINTS - 1) as f64).min(0.995);
            let lognormal = (c.mu + c.sigma * standard_normal_quantile(p)).exp();
            q[i] = if i == 0 { lognormal } else { lognormal.max(q[i - 1]) };
        }
    }
    Shaped::of(&q)
}

/// Why a lognormal was replaced: "Anderson-Darling p < 0.001, below 0.01;
/// largest gap 12.3%, above 5.0%".
pub fn why(g: &GoodnessOfFit) -> String {
    let test = if g.test == "chi_squared" { "chi-squared" } else { "Anderson-Darling" };
    let p = if g.p_value < 0.001 { "< 0.001".to_string() } else { format!("= {:.3}", g.p_value) };
    format!("{test} p {p}, below {REJECT_P}; largest gap {}, above {}", pct1(g.max_gap), pct1(MATERIAL_GAP))
}

/// Four significant digits: enough for a shape, short to read.
fn round4(x: f64) -> f64 {
    let r = uncertain::round(x);
    let k = 10f64.powi(3 - r.abs().log10().floor() as i32);
    (r * k).round() / k
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::fit::{cycle, lognormal};

    #[test]
    fn two_humped_cycles_give_their_own_shape() {
        // Half the deals close after 4 weeks, half after 20 (none still open).
        let mut d = cycle::CycleData::default();
        for i in 0..600 {
            d.push(60, Some(if i % 2 == 0 { 4 } else { 20 }));
        }
        let fit = cycle::fit(&d).unwrap();
        assert!(!fit.gof.fits, "{:?}", fit.gof);
        let s = cycles(&fit).unwrap();
        assert_eq!(s.median, 4.0);
        assert_eq!(s.points[..=SHAPE_POINTS / 2], [1.0; SHAPE_POINTS / 2 + 1]);
        assert_eq!(s.points[SHAPE_POINTS / 2 + 1..], [5.0; SHAPE_POINTS / 2]);
    }

    #[test]
    fn two_products_give_a_shape_of_median_one_and_one_lognormal_none() {
        // Two price points far apart, with a little spread each.
        let values: Vec<f64> =
            (0..400).map(|i| if i % 3 == 0 { 200_000.0 } else { 20_000.0 } * (1.0 + 0.001 * f64::from(i % 50))).collect();
        let fit = lognormal::fit(&values).unwrap();
        assert!(!fit.gof.fits);
        let flat = Realised {
            qualified_share: 0.5,
            win_of_qualified: 0.3,
            closed_win: 0.15,
            rep_logit_sd: 0.0,
            volume_log_sd: 0.0,
            size_log_mean: 0.0,
            size_log_var: 0.0,
            size_mult_mean: 1.0,
            size_mult_m2: 1.0,
        };
        let s = deal_sizes(&fit, &flat).unwrap();
        assert_eq!(s.points.len(), SHAPE_POINTS);
        assert_eq!(s.points[SHAPE_POINTS / 2], 1.0);
        assert!(s.points.windows(2).all(|w| w[0] <= w[1]) && s.points[0] > 0.0);
        assert!(s.points[SHAPE_POINTS - 1] > 9.0, "{:?}", s.points);
        assert!(s.toml().starts_with("{ quantiles = [") && s.toml().contains(", 1, "), "{}", s.toml());
        let smooth: Vec<f64> = (1..400).map(|i| 20_000.0 * (0.7 * standard_normal_quantile(f64::from(i) / 400.0)).exp()).collect();
        assert_eq!(deal_sizes(&lognormal::fit(&smooth).unwrap(), &flat), None);
    }
}
