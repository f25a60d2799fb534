//! Settings as people say them: a path's label and unit from the registry
//! ("Win rate of qualified deals", "× quarterly quota"), and a value in its
//! unit, a distribution in words ("between 35% and 60%, most likely 50%").
//! JSON and CSV keep paths and numbers; reports, charts and tornado rows use
//! these. Plain text: the caller escapes it.

use crate::report::format::{MISSING, grouped, plain, times_value};
use crate::scenario::units::Display;
use crate::scenario::{Dist, SettingId, Shape, Unit, lookup_path};

/// The setting of a path, shared (`selling.win_rate`) or per strategy
/// (`strategy.targeted.win_rate`).
pub fn setting_of(path: &str) -> Option<SettingId> {
    match path.strip_prefix("strategy.") {
        Some(rest) => {
            let key = rest.rsplit('.').next()?;
            crate::scenario::registry::lookup_per_strategy(key)
        }
        None => lookup_path(path),
    }
}

/// A path's label for people; the path itself when the registry has none.
pub fn label_of(path: &str) -> String {
    setting_of(path).map_or_else(|| path.to_string(), |id| id.meta().label.to_string())
}

/// A path's label with its unit, for axes: "Coverage target (× quarterly quota)".
pub fn label_with_unit(path: &str, currency: &str) -> String {
    let Some(id) = setting_of(path) else { return path.to_string() };
    let label = id.meta().label;
    let unit = id.unit();
    let words = match unit.display() {
        Display::Percent => "%".to_string(),
        _ => unit.plain(currency),
    };
    if words.is_empty() { label.to_string() } else { format!("{label} ({words})") }
}

/// A number of `unit` rounded for reading, three significant figures at
/// most: "18.8%", "20,600", "11.8", "2.4×".
pub fn short_value(unit: Unit, v: f64) -> String {
    if !v.is_finite() {
        return MISSING.into();
    }
    let round3 = |x: f64| {
        // Below a millionth a value reads as 0 (a distribution's edge at 1e-9, say).
        if x.abs() < 1e-6 {
            return 0.0;
        }
        let digits = 2 - x.abs().log10().floor() as i32;
        if digits >= 0 {
            let k = 10f64.powi(digits);
            (x * k).round() / k
        } else {
            let k = 10f64.powi(-digits);
            (x / k).round() * k
        }
    };
    match unit.display() {
        Display::Percent => format!("{}%", plain(round3(100.0 * v))),
        Display::Multiple => times_value(round3(v)),
        Display::Money => grouped(round3(v)),
        Display::Plain => plain(round3(v)),
    }
}

/// A distribution in words, its numbers in `unit`: "between 35% and 60%,
/// most likely 50%", "anywhere between 1 and 2", "around 25,000 (8 years in
/// 10 between 20,600 and 30,300)".
pub fn dist_words(d: &Dist, unit: Unit) -> String {
    let v = |x: f64| short_value(unit, x);
    match *d {
        Dist::Uniform { lo, hi } => format!("anywhere between {} and {}", v(lo), v(hi)),
        Dist::Triangular { min, mode, max } | Dist::Pert { min, mode, max } => {
            format!("between {} and {}, most likely {}", v(min), v(max), v(mode))
        }
        Dist::Normal { .. } | Dist::LogNormal { .. } => {
            format!("around {} (8 trials in 10 between {} and {})", v(d.median()), v(d.quantile(0.1)), v(d.quantile(0.9)))
        }
        Dist::Beta { a, b } => format!("between 0 and 1, on average {} (beta {}, {})", plain(a / (a + b)), plain(a), plain(b)),
        Dist::Quantiles(ref q) => format!(
            "around {} (8 trials in 10 between {} and {}; from {} to {}, by {} quantiles)",
            v(d.median()),
            v(d.quantile(0.1)),
            v(d.quantile(0.9)),
            v(q[0]),
            v(q[q.len() - 1]),
            q.len()
        ),
    }
}

/// An empirical distribution as its `Display` text gives it
/// (`quantiles[min .. median .. max; n points]`), in words.
fn quantiles_words(text: &str, unit: Unit) -> Option<String> {
    let inner = text.strip_prefix("quantiles[")?.strip_suffix(" points]")?;
    let (numbers, n) = inner.split_once(';')?;
    let x: Vec<f64> = numbers.split("..").map(|x| x.trim().parse::<f64>()).collect::<Result<_, _>>().ok()?;
    let [lo, median, hi] = x[..] else { return None };
    let v = |x: f64| short_value(unit, x);
    Some(format!("around {} (from {} to {}, by {} quantiles)", v(median), v(lo), v(hi), n.trim()))
}

/// A resolved value of the setting at `path`, as summary.json stores it
/// (`0.215`, `pert[0.35, 0.5, 0.6]`, `second_meeting`, `true`, `[1, 1, 1, 1.3]`),
/// in plain words.
pub fn value_words(path: &str, text: &str) -> String {
    let id = setting_of(path);
    let unit = id.map_or(Unit::None, SettingId::unit);
    let t = text.trim();
    if let Some(SettingId::Shape(s)) = id {
        return shape_words(s, t);
    }
    if let Ok(x) = t.parse::<f64>() {
        return match id {
            Some(SettingId::Season(_)) => times_value(x) + " every quarter",
            _ => short_or_exact(unit, x),
        };
    }
    if let Some(d) = Dist::parse_text(t) {
        return dist_words(&d, unit);
    }
    if let Some(words) = quantiles_words(t, unit) {
        return words;
    }
    if let Some(list) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        let quarters: Vec<String> = list.split(',').enumerate().map(|(i, x)| format!("Q{} {}×", i + 1, x.trim())).collect();
        return quarters.join(", ");
    }
    match t {
        "true" => "yes".into(),
        "false" => "no".into(),
        word => word.replace('_', " "),
    }
}

/// A per-deal shape in words: "each deal draws its own multiple of the
/// median deal size: from 0.2× to 6×, by 21 quantiles (instead of the
/// lognormal spread)", or the lognormal it replaces.
fn shape_words(s: Shape, text: &str) -> String {
    let d = s.def();
    let median = d.median.def().meta.label.to_lowercase();
    let Some(inner) = text.strip_prefix("quantiles[").and_then(|r| r.strip_suffix(" points]")) else {
        return format!("none: {} draws from a lognormal ({})", d.median.def().meta.label.to_lowercase(), d.replaces.def().meta.key);
    };
    let (numbers, n) = inner.split_once(';').unwrap_or((inner, ""));
    let x: Vec<&str> = numbers.split("..").map(str::trim).collect();
    let (lo, hi) = (x.first().copied().unwrap_or(MISSING), x.last().copied().unwrap_or(MISSING));
    format!(
        "each draws its own multiple of the {median}: from {lo}× to {hi}×, by {} quantiles (instead of the lognormal spread, {})",
        n.trim(),
        d.replaces.def().meta.key
    )
}

/// A fixed value as given, in its unit: "21.5%", "70,000", "3×"; below a
/// millionth, 0 (an exponent is not for people).
fn short_or_exact(unit: Unit, x: f64) -> String {
    crate::report::format::value_in(unit, if x.abs() < 1e-6 { 0.0 } else { x })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_labels() {
        assert_eq!(label_of("selling.win_rate"), "Win rate of qualified deals");
        assert_eq!(label_of("strategy.targeted.coverage_target"), "Coverage target");
        assert_eq!(label_with_unit("policy.coverage_target", "USD"), "Coverage target (× quarterly quota)");
        assert_eq!(label_with_unit("team.quota", "EUR"), "Quota per rep per quarter (EUR per rep per quarter)");
        assert_eq!(label_with_unit("selling.win_rate", "EUR"), "Win rate of qualified deals (%)");
        assert_eq!(label_of("no.such"), "no.such");
    }

    #[test]
    fn distributions_read_as_words() {
        assert_eq!(value_words("selling.second_meeting_rate", "pert[0.35, 0.5, 0.6]"), "between 35% and 60%, most likely 50%");
        assert_eq!(value_words("selling.attention_effect", "uniform[1, 2]"), "anywhere between 1 and 2");
        let lognormal = value_words("selling.deal_size_median", "lognormal[25000, 0.15]");
        assert!(lognormal.starts_with("around 25,000 (8 trials in 10 between 20,600 and 30,300"), "{lognormal}");
        assert_eq!(value_words("selling.win_rate", "0.215"), "21.5%");
        assert_eq!(value_words("policy.coverage_target", "3"), "3×");
        assert_eq!(value_words("policy.count_pipeline_at", "second_meeting"), "second meeting");
        assert_eq!(value_words("team.backfill", "true"), "yes");
        assert_eq!(value_words("seasonality.win_odds", "[1, 1, 1, 1.3]"), "Q1 1×, Q2 1×, Q3 1×, Q4 1.3×");
        assert_eq!(value_words("seasonality.hours", "1"), "1× every quarter");
        assert!(value_words("selling.fit", "beta[2, 2]").contains("on average 0.5"));
        // An empirical distribution, as its text and as itself (q10 = 0.2 + 0.2 * 0.1).
        let q = Dist::quantiles(vec![0.2, 0.3, 0.4]).unwrap();
        assert_eq!(value_words("selling.win_rate", &q.to_string()), "around 30% (from 20% to 40%, by 3 quantiles)");
        assert_eq!(dist_words(&q, Unit::Probability), "around 30% (8 trials in 10 between 22% and 38%; from 20% to 40%, by 3 quantiles)");
    }

    #[test]
    fn short_values_keep_three_figures() {
        assert_eq!(short_value(Unit::Probability, 0.1877687), "18.8%");
        assert_eq!(short_value(Unit::Money, 20628.4), "20,600");
        assert_eq!(short_value(Unit::Weeks, 11.775255), "11.8");
        assert_eq!(short_value(Unit::MultipleOfQuota, 2.4), "2.4×");
        assert_eq!(short_value(Unit::HoursPerWeek, 0.0), "0");
    }
}
