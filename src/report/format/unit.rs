//! Parameter values in their units, as charts show them on axes, in titles
//! and in labels: a share in percent, a multiple of quota with "×", money
//! grouped, anything else as given. The unit is the registry's typed
//! [`Unit`]; how it reads is [`Unit::display`].

use super::{grouped, plain, share_value, times_value};
use crate::scenario::Unit;
use crate::scenario::units::Display;

/// `v` as a value of unit `u`: "21.5%", "3×", "56,000", "8".
pub fn value_in(u: Unit, v: f64) -> String {
    match u.display() {
        Display::Percent => share_value(v),
        Display::Multiple => times_value(v),
        Display::Money => grouped(v),
        Display::Plain => plain(v),
    }
}

/// "path (unit)" for an axis description.
pub fn axis_desc(path: &str, unit: Unit, currency: &str) -> String {
    let words = unit.axis_words(currency);
    if words.is_empty() { path.to_string() } else { format!("{path} ({words})") }
}

/// A low and a high value of a parameter of unit `unit`: "20%–30%", "8–12 weeks".
pub fn value_range(unit: Unit, low: f64, high: f64) -> String {
    let suffix = if unit.display() == Display::Plain && unit.is_short() { format!(" {}", unit.text()) } else { String::new() };
    format!("{}–{}{suffix}", value_in(unit, low), value_in(unit, high))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::format::MISSING;

    #[test]
    fn values_read_in_their_units() {
        assert_eq!(value_in(Unit::Probability, 0.215), "21.5%");
        assert_eq!(value_in(Unit::MultipleOfQuota, 3.0), "3×");
        assert_eq!(value_in(Unit::MoneyPerRepQuarter, 56000.0), "56,000");
        assert_eq!(value_in(Unit::Weeks, 8.0), "8");
        assert_eq!(value_in(Unit::ShareOfReps, f64::NAN), MISSING);
        assert_eq!(axis_desc("team.quota", Unit::MoneyPerRepQuarter, "EUR"), "team.quota (EUR per rep per quarter)");
        assert_eq!(axis_desc("selling.fit_effect", Unit::None, "EUR"), "selling.fit_effect");
    }

    #[test]
    fn ranges_carry_short_units_only() {
        assert_eq!(value_range(Unit::Weeks, 8.0, 12.0), "8–12 weeks");
        assert_eq!(value_range(Unit::Probability, 0.2, 0.3), "20%–30%");
        assert_eq!(value_range(Unit::LogSd, 2.0, 3.0), "2–3");
    }
}
