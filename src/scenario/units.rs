//! Units and valid ranges of settings, and the plain rendering of a number in
//! messages and documentation.

use std::fmt;

/// What a setting's number measures. [`Unit::text`] is what the README's key
/// table and summary.json show; the other methods tell presentation how to
/// write a value of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Money per rep per quarter (quota).
    MoneyPerRepQuarter,
    /// Money per rep per year (annual quota).
    MoneyPerRepYear,
    /// Money (deal sizes).
    Money,
    Hours,
    HoursPerWeek,
    HoursPerWeekPerOpportunity,
    Minutes,
    Weeks,
    Quarters,
    Trials,
    Reps,
    TouchesPerWeek,
    /// Accounts in a seat's list.
    AccountsPerRep,
    TouchesPerAccount,
    /// A multiplier of odds (1 = unchanged).
    OddsMultiplier,
    /// A chance in (0, 1).
    Probability,
    ShareOfReps,
    ShareOfCadence,
    /// A multiple of the quarterly quota (coverage).
    MultipleOfQuota,
    LogSd,
    Exponent,
    LogitPerFit,
    LogSizePerFit,
    LogitPerLogAttention,
    /// Unitless (the seed).
    None,
}

/// How values of a unit are written for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Display {
    /// A probability or a share: in percent.
    Percent,
    /// A multiple of quota: "3×".
    Multiple,
    /// Money: "70,000".
    Money,
    Plain,
}

impl Unit {
    /// The unit as the key table and summary.json name it.
    pub fn text(self) -> &'static str {
        match self {
            Unit::MoneyPerRepQuarter => "currency per rep per quarter",
            Unit::MoneyPerRepYear => "currency per rep per year",
            Unit::Money => "currency",
            Unit::Hours => "hours",
            Unit::HoursPerWeek => "hours/week",
            Unit::HoursPerWeekPerOpportunity => "hours/week per opportunity",
            Unit::Minutes => "minutes",
            Unit::Weeks => "weeks",
            Unit::Quarters => "quarters",
            Unit::Trials => "trials",
            Unit::Reps => "reps",
            Unit::TouchesPerWeek => "touches/week",
            Unit::AccountsPerRep => "accounts per rep",
            Unit::TouchesPerAccount => "touches per account",
            Unit::OddsMultiplier => "x odds",
            Unit::Probability => "probability",
            Unit::ShareOfReps => "share of reps",
            Unit::ShareOfCadence => "share of cadence",
            Unit::MultipleOfQuota => "x quota",
            Unit::LogSd => "log-sd",
            Unit::Exponent => "exponent",
            Unit::LogitPerFit => "logit per unit fit",
            Unit::LogSizePerFit => "log-size per unit fit",
            Unit::LogitPerLogAttention => "logit per log-attention",
            Unit::None => "",
        }
    }

    /// The unit in plain words, for people: report tables, chart axes,
    /// tornado rows. Model units ("logit per log-attention") become what
    /// the number means to a reader.
    pub fn plain(self, currency: &str) -> String {
        match self {
            Unit::MoneyPerRepQuarter => format!("{currency} per rep per quarter"),
            Unit::MoneyPerRepYear => format!("{currency} per rep per year"),
            Unit::Money => currency.to_string(),
            Unit::HoursPerWeek => "hours a week".into(),
            Unit::HoursPerWeekPerOpportunity => "hours a week per open deal".into(),
            Unit::TouchesPerWeek => "touches a week".into(),
            Unit::AccountsPerRep => "accounts per seat (0 = unlimited)".into(),
            Unit::TouchesPerAccount => "touches per account in the week it is worked".into(),
            Unit::OddsMultiplier => "× the connect odds of a fresh account".into(),
            Unit::Probability => "chance".into(),
            Unit::ShareOfReps => "share of seats".into(),
            Unit::ShareOfCadence => "share of the full cadence".into(),
            Unit::MultipleOfQuota => "× quarterly quota".into(),
            Unit::LogSd => "spread (0 = none)".into(),
            Unit::Exponent | Unit::LogitPerFit | Unit::LogSizePerFit => "strength (0 = no effect)".into(),
            Unit::LogitPerLogAttention => "strength (0 = neglect costs nothing)".into(),
            Unit::Hours | Unit::Minutes | Unit::Weeks | Unit::Quarters | Unit::Trials | Unit::Reps | Unit::None => self.text().into(),
        }
    }

    pub fn display(self) -> Display {
        match self {
            Unit::Probability | Unit::ShareOfReps | Unit::ShareOfCadence => Display::Percent,
            Unit::MultipleOfQuota => Display::Multiple,
            Unit::MoneyPerRepQuarter | Unit::MoneyPerRepYear | Unit::Money => Display::Money,
            _ => Display::Plain,
        }
    }

    /// Units short and plain enough to print after a value ("8–12 weeks").
    pub fn is_short(self) -> bool {
        matches!(self, Unit::Weeks | Unit::Hours | Unit::Minutes | Unit::Quarters | Unit::HoursPerWeek | Unit::TouchesPerWeek | Unit::Reps)
    }

    /// Words for the unit in an axis description: "percent", "× quota",
    /// "USD per rep per quarter".
    pub fn axis_words(self, currency: &str) -> String {
        match self.display() {
            Display::Percent if self == Unit::Probability => "percent".into(),
            Display::Percent => self.text().replacen("share", "percent", 1),
            Display::Multiple => "× quarterly quota".into(),
            Display::Money => self.plain(currency),
            Display::Plain => self.plain(currency),
        }
    }
}

/// A closed, open or half-open interval of valid values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub lo: f64,
    pub lo_open: bool,
    pub hi: f64,
    pub hi_open: bool,
}

impl Range {
    pub const fn closed(lo: f64, hi: f64) -> Range {
        Range { lo, lo_open: false, hi, hi_open: false }
    }
    pub const fn open(lo: f64, hi: f64) -> Range {
        Range { lo, lo_open: true, hi, hi_open: true }
    }
    pub const fn at_least(lo: f64) -> Range {
        Range { lo, lo_open: false, hi: f64::INFINITY, hi_open: true }
    }
    pub const fn above(lo: f64) -> Range {
        Range { lo, lo_open: true, hi: f64::INFINITY, hi_open: true }
    }

    pub fn contains(&self, x: f64) -> bool {
        if !x.is_finite() {
            return false;
        }
        let lo_ok = if self.lo_open { x > self.lo } else { x >= self.lo };
        let hi_ok = if self.hi_open { x < self.hi } else { x <= self.hi };
        lo_ok && hi_ok
    }

    /// Pull a value into the range; open ends are approached by one part in 1e9
    /// of the scale, so a clamped rate stays strictly inside (0, 1).
    pub fn clamp(&self, x: f64) -> f64 {
        let eps = |b: f64| 1e-9 * b.abs().max(1.0);
        let mut y = x;
        if self.lo.is_finite() {
            let lo = if self.lo_open { self.lo + eps(self.lo) } else { self.lo };
            if y < lo {
                y = lo;
            }
        }
        if self.hi.is_finite() {
            let hi = if self.hi_open { self.hi - eps(self.hi) } else { self.hi };
            if y > hi {
                y = hi;
            }
        }
        y
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lo = if self.lo.is_finite() { fmt_num(self.lo) } else { "-inf".into() };
        let hi = if self.hi.is_finite() { fmt_num(self.hi) } else { "inf".into() };
        let l = if self.lo_open { '(' } else { '[' };
        let r = if self.hi_open { ')' } else { ']' };
        write!(f, "{l}{lo}, {hi}{r}")
    }
}

/// Shortest readable rendering of a number for messages and docs.
pub fn fmt_num(x: f64) -> String {
    // Beyond this magnitude plain digits stop being readable: the shortest
    // exponent form reads back to the same value.
    if x.is_finite() && x.abs() >= 1e15 {
        return format!("{x:e}");
    }
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A value a user gave, as an error quotes it: like [`fmt_num`], but one too
/// small for six decimals in exponent form (1e-300, not 0).
pub fn fmt_given(x: f64) -> String {
    if x != 0.0 && x.abs() < 1e-6 { format!("{x:e}") } else { fmt_num(x) }
}

/// Like [`fmt_num`], but also renders NaN and infinities.
pub fn fmt_num_any(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf".into() } else { "-inf".into() }
    } else {
        fmt_num(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_clamp_inside_open_ends() {
        let r = Range::open(0.0, 1.0);
        assert!(r.contains(0.5) && !r.contains(0.0) && !r.contains(1.0) && !r.contains(f64::NAN));
        let c = r.clamp(1.5);
        assert!(c < 1.0 && r.contains(c));
        assert_eq!(Range::at_least(2.0).clamp(-1.0), 2.0);
        assert_eq!(Range::closed(0.0, 3.0).to_string(), "[0, 3]");
        assert_eq!(Range::above(0.0).to_string(), "(0, inf)");
    }

    #[test]
    fn numbers_read_short() {
        assert_eq!(fmt_num(70000.0), "70000");
        assert_eq!(fmt_num(0.215), "0.215");
        assert_eq!(fmt_num(1.0 / 3.0), "0.333333");
        assert_eq!(fmt_num_any(f64::NEG_INFINITY), "-inf");
        // Extreme magnitudes as exponents that read back exactly, never 300 digits or 0.
        for (x, text) in [(1e300, "1e300"), (1e-300, "1e-300"), (-2.5e17, "-2.5e17"), (3e-7, "3e-7")] {
            assert_eq!(fmt_given(x), text);
            assert_eq!(text.parse::<f64>().unwrap(), x);
        }
        assert_eq!((fmt_num(1e300), fmt_num(3e-7)), ("1e300".to_string(), "0".to_string()));
    }

    #[test]
    fn units_know_how_they_read() {
        assert_eq!(Unit::ShareOfReps.axis_words("USD"), "percent of reps");
        assert_eq!(Unit::Probability.axis_words("USD"), "percent");
        assert_eq!(Unit::MoneyPerRepQuarter.axis_words("EUR"), "EUR per rep per quarter");
        assert_eq!(Unit::MultipleOfQuota.display(), Display::Multiple);
        assert!(Unit::Weeks.is_short() && !Unit::LogSd.is_short());
    }
}
