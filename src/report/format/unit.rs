//! Parameter values in their units, as charts show them on axes, in titles
//! and in labels: a share in percent, a multiple of quota with "×", money
//! grouped, anything else as given.

use super::{grouped, plain, share_value, times_value};

/// How the values of a parameter read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A probability or a share: shown in percent.
    Share,
    /// A multiple of quota: "3×".
    Times,
    /// Money: "70,000".
    Money,
    Plain,
}

/// The [`Unit`] of a parameter's unit text ("probability", "x quota", ...).
pub fn unit_of(unit: &str) -> Unit {
    if unit == "probability" || unit.starts_with("share") {
        Unit::Share
    } else if unit == "x quota" {
        Unit::Times
    } else if unit.starts_with("currency") {
        Unit::Money
    } else {
        Unit::Plain
    }
}

/// `v` as a value of unit `u`: "21.5%", "3×", "56,000", "8".
pub fn value_in(u: Unit, v: f64) -> String {
    match u {
        Unit::Share => share_value(v),
        Unit::Times => times_value(v),
        Unit::Money => grouped(v),
        Unit::Plain => plain(v),
    }
}

/// Words for a unit in an axis description: "percent", "× quota", "USD per rep per quarter".
pub fn unit_words(unit: &str, currency: &str) -> String {
    match unit_of(unit) {
        Unit::Share if unit == "probability" => "percent".into(),
        Unit::Share => unit.replacen("share", "percent", 1),
        Unit::Times => "× quota".into(),
        Unit::Money => unit.replacen("currency", currency, 1),
        Unit::Plain => unit.into(),
    }
}

/// "path (unit)" for an axis description.
pub fn axis_desc(path: &str, unit: &str, currency: &str) -> String {
    let words = unit_words(unit, currency);
    if words.is_empty() { path.to_string() } else { format!("{path} ({words})") }
}

/// Units short and plain enough to print after a value ("8–12 weeks").
fn short_unit(unit: &str) -> bool {
    matches!(unit, "weeks" | "hours" | "minutes" | "quarters" | "hours/week" | "touches/week" | "reps")
}

/// A low and a high value of a parameter of unit text `unit`: "20%–30%",
/// "8–12 weeks".
pub fn value_range(unit: &str, low: f64, high: f64) -> String {
    let u = unit_of(unit);
    let suffix = if u == Unit::Plain && short_unit(unit) { format!(" {unit}") } else { String::new() };
    format!("{}–{}{suffix}", value_in(u, low), value_in(u, high))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::format::MISSING;

    #[test]
    fn values_read_in_their_units() {
        assert_eq!(value_in(unit_of("probability"), 0.215), "21.5%");
        assert_eq!(value_in(unit_of("x quota"), 3.0), "3×");
        assert_eq!(value_in(unit_of("currency per rep per quarter"), 56000.0), "56,000");
        assert_eq!(value_in(unit_of("weeks"), 8.0), "8");
        assert_eq!(value_in(Unit::Share, f64::NAN), MISSING);
        assert_eq!(unit_words("share of cadence", "USD"), "percent of cadence");
        assert_eq!(axis_desc("team.quota", "currency per quarter", "EUR"), "team.quota (EUR per quarter)");
    }

    #[test]
    fn ranges_carry_short_units_only() {
        assert_eq!(value_range("weeks", 8.0, 12.0), "8–12 weeks");
        assert_eq!(value_range("probability", 0.2, 0.3), "20%–30%");
        assert_eq!(value_range("touches per opportunity", 2.0, 3.0), "2–3");
    }
}
