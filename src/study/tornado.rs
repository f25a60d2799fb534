//! One-at-a-time sensitivity (tornado): every numeric parameter a strategy
//! uses is moved to a low and a high value while everything else stays put,
//! and the change in the chosen metric is measured with paired intervals.
//!
//! - A fixed value x moves to x(1 - swing) and x(1 + swing); a value that would
//!   leave the parameter's valid range is clamped to it (and the bar says so).
//! - An uncertain value moves to its P10 and P90 (the base run keeps the
//!   distribution), answering "what if we knew it were low / high".
//! - Team settings (`team.*`) are shared by every strategy; policy and selling
//!   settings are swung per strategy (`strategy.NAME.key`, the value that
//!   strategy actually uses, its own or inherited), so each strategy's tornado
//!   shows what moves *its* result.

use crate::engine::{EngineError, RunControl};
use crate::scenario::fmt_num;
use crate::scenario::{PARAMS, Param, ParamPath, Quantity, Scenario, Section, Unit};
use crate::stats::Summary;
use crate::stats::interval::Estimate;

use super::Objective;
use super::runner::{self, Job};

/// Trials when `--trials` is not given: paired differences are precise with
/// far fewer trials than absolute levels, and a tornado runs dozens of variants.
pub const DEFAULT_TRIALS: u64 = 200;

/// How a bar's low and high values were chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SwingKind {
    /// The fixed value times (1 -+ swing).
    Relative,
    /// The P10 and P90 of an uncertain value.
    Percentiles,
}

impl SwingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SwingKind::Relative => "swing",
            SwingKind::Percentiles => "p10_p90",
        }
    }
}

/// One bar of one strategy's tornado.
#[derive(Clone, Debug)]
pub struct Bar {
    pub key: String,
    /// The path that was changed (`team.quota`, `strategy.targeted.win_rate`).
    pub path: String,
    pub unit: Unit,
    pub kind: SwingKind,
    /// The value in the scenario (a number or a distribution).
    pub base_value: String,
    pub low: f64,
    pub high: f64,
    pub metric_base: f64,
    pub metric_low: f64,
    pub metric_high: f64,
    /// Paired: low run minus base run, high run minus base run, high minus low.
    pub low_diff: Estimate,
    pub high_diff: Estimate,
    pub swing: Estimate,
    /// Clamping, when a value had to be pulled into the valid range.
    pub note: Option<String>,
}

/// A parameter that got no bar, and why.
#[derive(Clone, Debug)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// The tornado of one strategy, bars sorted by |high - low|, largest first.
#[derive(Clone, Debug)]
pub struct StrategyTornado {
    pub strategy: String,
    pub index: usize,
    pub bars: Vec<Bar>,
    pub skipped: Vec<Skipped>,
}

#[derive(Clone, Debug)]
pub struct Tornado {
    pub metric: Objective,
    pub swing: f64,
    pub trials: u64,
    pub base: Summary,
    pub strategies: Vec<StrategyTornado>,
}

/// A low/high plan for one path before running (also the box of a Morris screen).
pub(crate) struct Plan {
    pub(crate) path: ParamPath,
    pub(crate) key: &'static str,
    pub(crate) unit: Unit,
    pub(crate) kind: SwingKind,
    pub(crate) base_value: String,
    pub(crate) low: f64,
    pub(crate) high: f64,
    pub(crate) note: Option<String>,
    /// Strategies whose tornado shows it.
    pub(crate) strategies: Vec<usize>,
}

/// The low and high value of one parameter, or why it gets no bar.
fn low_high(q: &Quantity, range: &crate::scenario::Range, swing: f64) -> Result<(SwingKind, f64, f64, Option<String>), String> {
    let (kind, lo, hi) = match q {
        Quantity::Fixed(x) => {
            if *x == 0.0 {
                return Err("its value is 0, which a relative swing leaves unchanged".into());
            }
            let (a, b) = (x * (1.0 - swing), x * (1.0 + swing));
            (SwingKind::Relative, a.min(b), a.max(b))
        }
        Quantity::Uncertain(d) => (SwingKind::Percentiles, d.quantile(0.1), d.quantile(0.9)),
    };
    let (clo, chi) = (range.clamp(lo), range.clamp(hi));
    let mut notes = Vec::new();
    if clo != lo {
        notes.push(format!("low {} clamped to {}", fmt_num(lo), fmt_num(clo)));
    }
    if chi != hi {
        notes.push(format!("high {} clamped to {}", fmt_num(hi), fmt_num(chi)));
    }
    if clo == chi {
        return Err(format!("low and high coincide within the valid range {range}"));
    }
    let note = (!notes.is_empty()).then(|| format!("{} (valid range {range})", notes.join(", ")));
    Ok((kind, clo, chi, note))
}

/// Every numeric parameter's low and high value (team settings shared, the
/// others per strategy), and per strategy the parameters that get no bar.
pub(crate) fn plans(base: &Scenario, swing: f64) -> (Vec<Plan>, Vec<Vec<Skipped>>) {
    let ns = base.strategies.len();
    let mut plans: Vec<Plan> = Vec::new();
    let mut skipped: Vec<Vec<Skipped>> = vec![Vec::new(); ns];
    // Market settings matter only on a finite list: none get a bar in a
    // scenario that never mentions the market.
    let market = base.mentions_market();
    for d in PARAMS.iter().filter(|d| market || d.meta.section != Section::Market) {
        let targets: Vec<(String, Vec<usize>)> = if d.meta.section == Section::Team {
            vec![(d.meta.path(), (0..ns).collect())]
        } else {
            base.strategies.iter().enumerate().map(|(i, s)| (format!("strategy.{}.{}", s.name, d.meta.key), vec![i])).collect()
        };
        for (text, strategies) in targets {
            // Paths built from the registry and the scenario's own names are valid.
            let Ok(path) = ParamPath::parse(base, &text, "tornado") else { continue };
            let Some(q) = path.current(base) else { continue };
            let unlimited = d.meta.section == Section::Market
                && d.param != Param::AccountsPerRep
                && strategies.iter().all(|&i| !base.resolved(i).finite_market());
            let planned = if unlimited {
                Err("no finite market: accounts_per_rep is 0, so the list's settings change nothing".to_string())
            } else {
                low_high(&q, &d.range, swing)
            };
            match planned {
                Ok((kind, low, high, note)) => {
                    plans.push(Plan { path, key: d.meta.key, unit: d.unit, kind, base_value: q.to_string(), low, high, note, strategies })
                }
                Err(reason) => {
                    for &s in &strategies {
                        skipped[s].push(Skipped { path: text.clone(), reason: reason.clone() });
                    }
                }
            }
        }
    }

    (plans, skipped)
}

/// Run the tornado of `base` (all strategies) over `trials` trials.
pub fn run_tornado(
    base: &Scenario,
    swing: f64,
    metric: Objective,
    trials: u64,
    control: &mut RunControl<'_>,
) -> Result<Tornado, EngineError> {
    let ns = base.strategies.len();
    let (plans, mut skipped) = plans(base, swing);
    // Variant 0 is the base; plan k has its low at 2k+1 and its high at 2k+2.
    let mut variants = vec![base.clone()];
    for p in &plans {
        for x in [p.low, p.high] {
            let mut v = base.clone();
            p.path.set_quantity(&mut v, Quantity::Fixed(x));
            v.overrides.push(format!("{}={}", p.path.text, fmt_num(x)));
            variants.push(v);
        }
    }
    let mut pairs = Vec::new();
    for k in 0..plans.len() {
        let (lo, hi) = (2 * k + 1, 2 * k + 2);
        pairs.extend([(0, lo), (0, hi), (lo, hi)]);
    }
    let groups = runner::with_base(variants.len(), runner::group_limit(ns), 2);
    let job = Job { variants, groups, pairs };
    let out = runner::run(&job, trials, None, control)?;
    let summaries: Vec<Summary> = job.variants.iter().zip(&out.runs).map(|(v, r)| Summary::build(v, r)).collect();

    let mut result: Vec<StrategyTornado> = base
        .strategies
        .iter()
        .enumerate()
        .map(|(i, s)| StrategyTornado { strategy: s.name.clone(), index: i, bars: Vec::new(), skipped: std::mem::take(&mut skipped[i]) })
        .collect();
    for (k, p) in plans.iter().enumerate() {
        let (lo, hi) = (2 * k + 1, 2 * k + 2);
        for &s in &p.strategies {
            let est = |a: usize, b: usize| out.pair(a, b).map(|x| metric.paired(&x.strategies[s])).unwrap_or_default();
            let value = |v: usize| metric.value(&summaries[v].strategies[s]);
            result[s].bars.push(Bar {
                key: p.key.to_string(),
                path: p.path.text.clone(),
                unit: p.unit,
                kind: p.kind,
                base_value: p.base_value.clone(),
                low: p.low,
                high: p.high,
                metric_base: value(0),
                metric_low: value(lo),
                metric_high: value(hi),
                low_diff: est(0, lo),
                high_diff: est(0, hi),
                swing: est(lo, hi),
                note: p.note.clone(),
            });
        }
    }
    for t in &mut result {
        t.bars.sort_by(|a, b| b.swing.value.abs().total_cmp(&a.swing.value.abs()).then_with(|| a.path.cmp(&b.path)));
    }
    let base_summary = summaries.into_iter().next().expect("the base variant exists");
    Ok(Tornado { metric, swing, trials: out.trials, base: base_summary, strategies: result })
}

/// A `--swing` that is not a percentage in (0, 100%).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SwingError(String);

/// Parse `--swing`: `20%` or a fraction such as `0.2`, in (0, 100%).
pub fn parse_swing(text: &str) -> Result<f64, SwingError> {
    let t = text.trim();
    let (num, pct) = match t.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (t, false),
    };
    let x: f64 = num
        .parse()
        .map_err(|_| SwingError(format!("--swing `{text}`: expected a percentage such as `20%` (or a fraction such as `0.2`)")))?;
    let f = if pct { x / 100.0 } else { x };
    if !pct && x >= 1.0 {
        return Err(SwingError(format!("--swing `{text}`: a number without `%` is a fraction below 1; did you mean `{text}%`?")));
    }
    if !(f.is_finite() && f > 0.0 && f < 1.0) {
        return Err(SwingError(format!("--swing `{text}`: expected more than 0% and less than 100%")));
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Dist, Range};

    #[test]
    fn swings_parse() {
        assert_eq!(parse_swing("20%").unwrap(), 0.2);
        assert_eq!(parse_swing("0.1").unwrap(), 0.1);
        assert!(parse_swing("20").is_err());
        assert!(parse_swing("0%").is_err());
        assert!(parse_swing("150%").is_err());
        assert!(parse_swing("abc").is_err());
    }

    #[test]
    fn low_high_clamps_and_skips() {
        let r = Range::closed(0.0, 1.0);
        let (k, lo, hi, note) = low_high(&Quantity::Fixed(0.9), &r, 0.2).unwrap();
        assert_eq!(k, SwingKind::Relative);
        assert!((lo - 0.72).abs() < 1e-12 && hi == 1.0);
        assert!(note.unwrap().contains("clamped to 1"));
        assert!(low_high(&Quantity::Fixed(0.0), &r, 0.2).is_err());
        let (k, lo, hi, _) = low_high(&Quantity::Uncertain(Dist::Uniform { lo: 0.2, hi: 0.4 }), &r, 0.2).unwrap();
        assert_eq!(k, SwingKind::Percentiles);
        assert!((lo - 0.22).abs() < 1e-9 && (hi - 0.38).abs() < 1e-9);
    }
}
