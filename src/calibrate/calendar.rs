//! Calendar days as whole numbers, weeks and calendar quarters: what a CRM
//! history's dates are turned into. No time zones and no clock: a date is
//! the day written in the export.

use std::fmt;

/// A calendar day: days since 1970-01-01 (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

/// Days in a week.
pub const WEEK: i32 = 7;

impl Day {
    /// The day of `year`-`month`-`day`, or `None` when there is no such day.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) || !(1..=9999).contains(&year) {
            return None;
        }
        Some(Day(days_from_civil(year, month, day)))
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// 0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday).
    pub fn weekday(self) -> i32 {
        (self.0 + 3).rem_euclid(WEEK)
    }

    /// The Monday on or before this day.
    pub fn monday(self) -> Day {
        Day(self.0 - self.weekday())
    }

    pub fn quarter(self) -> Quarter {
        let (y, m, _) = self.ymd();
        Quarter { year: y, q: (m - 1) / 3 + 1 }
    }

    pub fn plus(self, days: i32) -> Day {
        Day(self.0 + days)
    }

    /// Whole weeks from `origin` (a Monday) to this day's week.
    pub fn week_index(self, origin: Day) -> i32 {
        (self.0 - origin.0).div_euclid(WEEK)
    }
}

impl fmt::Display for Day {
    /// ISO 8601: 2026-01-05.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// A calendar quarter: `q` 1..=4 of `year`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    pub q: u32,
}

impl Quarter {
    /// Its first day.
    pub fn start(self) -> Day {
        Day(days_from_civil(self.year, 3 * (self.q - 1) + 1, 1))
    }

    /// Its last day.
    pub fn end(self) -> Day {
        self.next().start().plus(-1)
    }

    pub fn next(self) -> Quarter {
        if self.q == 4 { Quarter { year: self.year + 1, q: 1 } } else { Quarter { year: self.year, q: self.q + 1 } }
    }

    /// Days in the quarter (90 to 92).
    pub fn days(self) -> i32 {
        self.end().0 - self.start().0 + 1
    }
}

impl fmt::Display for Quarter {
    /// "2026 Q1".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} Q{}", self.year, self.q)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a valid civil date (H. Hinnant's algorithm).
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = i64::from(z) + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((y + i64::from(m <= 2)) as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_match_known_dates() {
        assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
        assert_eq!(Day::from_ymd(2000, 3, 1), Some(Day(11_017)));
        // The simulated history's week 0: Monday 2026-01-05.
        let d = Day::from_ymd(2026, 1, 5).unwrap();
        assert_eq!(d.weekday(), 0);
        assert_eq!(d.to_string(), "2026-01-05");
        assert_eq!(Day::from_ymd(2026, 1, 8).unwrap().monday(), d);
        // Years 1 to 9999.
        for z in (-719_162..2_932_896).step_by(997) {
            let (y, m, dd) = Day(z).ymd();
            assert_eq!(Day::from_ymd(y, m, dd), Some(Day(z)), "{z}");
        }
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert_eq!(Day::from_ymd(2023, 2, 29), None);
        assert!(Day::from_ymd(2024, 2, 29).is_some());
        assert_eq!(Day::from_ymd(1900, 2, 29), None);
        assert!(Day::from_ymd(2000, 2, 29).is_some());
        assert_eq!(Day::from_ymd(2024, 4, 31), None);
        assert_eq!(Day::from_ymd(2024, 13, 1), None);
        assert_eq!(Day::from_ymd(2024, 0, 1), None);
    }

    #[test]
    fn quarters_and_weeks() {
        let d = Day::from_ymd(2017, 5, 17).unwrap();
        let q = d.quarter();
        assert_eq!(q, Quarter { year: 2017, q: 2 });
        assert_eq!(q.start().to_string(), "2017-04-01");
        assert_eq!(q.end().to_string(), "2017-06-30");
        assert_eq!(q.days(), 91);
        assert_eq!(Quarter { year: 2016, q: 4 }.next(), Quarter { year: 2017, q: 1 });
        assert_eq!(Quarter { year: 2024, q: 1 }.days(), 91);
        let origin = Day::from_ymd(2026, 1, 5).unwrap();
        assert_eq!(origin.plus(13).week_index(origin), 1);
        assert_eq!(origin.plus(-1).week_index(origin), -1);
        assert_eq!(q.to_string(), "2017 Q2");
    }
}
