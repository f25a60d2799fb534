//! What `solve` aims at: a study metric (`share_at_quota`, `makes_plan`, ...)
//! or any number of a strategy's summary by its JSON path
//! (`year.bookings_p50`, `attainment.p90`).

use crate::stats::summary::StrategySummary;

use super::super::Objective;

/// A figure of one strategy's summary that `solve` can aim at.
#[derive(Clone, Debug, PartialEq)]
pub enum SolveMetric {
    Objective(Objective),
    /// Dot-separated keys into the strategy's object in summary.json; an
    /// object with a `value` or `share` field stands for that field.
    Path(String),
}

impl SolveMetric {
    /// A `--target`/`--maximize`/`--minimize` metric name. Paths are checked
    /// against a real summary by [`SolveMetric::check`].
    pub fn parse(text: &str) -> SolveMetric {
        match Objective::parse(text) {
            Some(o) => SolveMetric::Objective(o),
            None => SolveMetric::Path(text.to_string()),
        }
    }

    pub fn key(&self) -> String {
        match self {
            SolveMetric::Objective(o) => o.as_str().to_string(),
            SolveMetric::Path(p) => p.clone(),
        }
    }

    /// How it reads in sentences.
    pub fn label(&self) -> String {
        match self {
            SolveMetric::Objective(o) => o.label().to_string(),
            SolveMetric::Path(p) => p.clone(),
        }
    }

    /// Whether its values are shares or ratios (written as percentages);
    /// a summary path's number is written as it is.
    pub fn is_share(&self) -> bool {
        matches!(self, SolveMetric::Objective(_))
    }

    /// The figure in a strategy's summary (NaN where undefined).
    pub fn value(&self, s: &StrategySummary) -> f64 {
        match self {
            SolveMetric::Objective(o) => o.value(s),
            SolveMetric::Path(p) => lookup(s, p).unwrap_or(f64::NAN),
        }
    }

    /// The summary's own 95% Monte Carlo interval of the figure, where it has one.
    pub fn interval(&self, s: &StrategySummary) -> Option<(f64, f64)> {
        match self {
            SolveMetric::Objective(o) => Some(o.interval(s)).filter(|(a, b)| a.is_finite() && b.is_finite()),
            SolveMetric::Path(_) => None,
        }
    }

    /// Refuse a path that names no number of `s` (the base run's summary),
    /// listing the numbers there are.
    pub fn check(&self, s: &StrategySummary) -> Result<(), String> {
        let SolveMetric::Path(p) = self else { return Ok(()) };
        if lookup(s, p).is_some() {
            return Ok(());
        }
        let mut paths = Vec::new();
        numbers(&serde_json::to_value(s).unwrap_or_default(), "", &mut paths);
        Err(format!(
            "`{p}` is neither a metric ({}) nor a number in a strategy's summary; numbers there include {}",
            super::super::metric_keys(),
            paths.into_iter().take(40).collect::<Vec<_>>().join(", ")
        ))
    }
}

fn lookup(s: &StrategySummary, path: &str) -> Option<f64> {
    let json = serde_json::to_value(s).ok()?;
    let mut node = &json;
    for key in path.split('.') {
        node = node.get(key)?;
    }
    let node = node.get("value").or_else(|| node.get("share")).unwrap_or(node);
    node.as_f64()
}

/// Every numeric leaf path of `v` (for the error's list).
fn numbers(v: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                numbers(x, &path, out);
            }
        }
        serde_json::Value::Number(_) => out.push(prefix.to_string()),
        _ => {}
    }
}
