//! Dates as CRMs export them: ISO (`2024-03-15`, with or without a time),
//! numbers with slashes, dots or dashes in either day/month order
//! (`3/15/2024`, `15.03.2024`, two-digit years too), and month names
//! (`15 Mar 2024`, `Mar 15, 2024`, `15-Mar-24`). A time after the date is
//! ignored. Whether `03/04/2024` is March or April is decided for the whole
//! file from the data (a part above 12 tells); a file that never tells is an
//! error that says how to choose.

use crate::calibrate::calendar::Day;
use crate::calibrate::error::FlagError;

/// The order of day and month in numeric dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// Year first (ISO): also what every four-digit-first date is read as.
    Ymd,
    /// Month first: 3/15/2024 (United States).
    Mdy,
    /// Day first: 15/03/2024 (most of the world).
    Dmy,
}

impl DateOrder {
    /// `--date-format` values: the orders, their common names, and patterns
    /// such as `MM/DD/YYYY` or `%d.%m.%Y`.
    pub fn parse_flag(text: &str) -> Result<DateOrder, FlagError> {
        let t: String = text.to_ascii_lowercase().chars().filter(|c| c.is_ascii_alphabetic()).collect();
        let order = match t.as_str() {
            "ymd" | "iso" | "yyyymmdd" | "yymmdd" => Some(DateOrder::Ymd),
            "mdy" | "us" | "mmddyyyy" | "mddyyyy" | "mmddyy" | "mdyyyy" => Some(DateOrder::Mdy),
            "dmy" | "eu" | "uk" | "ddmmyyyy" | "ddmmyy" | "dmyyyy" => Some(DateOrder::Dmy),
            _ => None,
        };
        order.ok_or_else(|| {
            FlagError::new(
                "--date-format",
                text,
                "expected ymd (ISO, 2024-03-15), mdy (month first, 03/15/2024) or dmy (day first, 15/03/2024), or a pattern such as MM/DD/YYYY",
            )
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            DateOrder::Ymd => "ymd",
            DateOrder::Mdy => "mdy",
            DateOrder::Dmy => "dmy",
        }
    }

    /// How the order reads for people.
    pub fn words(self) -> &'static str {
        match self {
            DateOrder::Ymd => "year-month-day (ISO)",
            DateOrder::Mdy => "month/day/year",
            DateOrder::Dmy => "day/month/year",
        }
    }
}

/// A date cell before the day/month order is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Unambiguous: year first or a month name.
    Known(Day),
    /// Two numbers and a year whose order is not yet known: `a/b/year`.
    Numeric { a: u32, b: u32, year: i32 },
    /// Not a date (or an impossible one, such as 2024-02-30).
    Unreadable,
}

impl Shape {
    /// What the cell says about the order: `Some(Dmy)` when only day-first
    /// reads, `Some(Mdy)` when only month-first reads, `None` when both or
    /// neither do.
    pub fn evidence(self) -> Option<DateOrder> {
        let Shape::Numeric { a, b, year } = self else { return None };
        let dmy = Day::from_ymd(year, b, a).is_some();
        let mdy = Day::from_ymd(year, a, b).is_some();
        match (dmy, mdy) {
            (true, false) => Some(DateOrder::Dmy),
            (false, true) => Some(DateOrder::Mdy),
            _ => None,
        }
    }

    /// The day under `order` (numeric dates only depend on it).
    pub fn day(self, order: Option<DateOrder>) -> Option<Day> {
        match self {
            Shape::Known(d) => Some(d),
            Shape::Numeric { a, b, year } => match order {
                Some(DateOrder::Dmy) => Day::from_ymd(year, b, a),
                Some(DateOrder::Mdy) | Some(DateOrder::Ymd) => Day::from_ymd(year, a, b),
                None => None,
            },
            Shape::Unreadable => None,
        }
    }
}

/// The shape of a non-empty date cell.
pub fn shape(cell: &str) -> Shape {
    let s = cell.trim();
    iso(s).or_else(|| numeric(s)).or_else(|| named_month(s)).unwrap_or(Shape::Unreadable)
}

/// Leading digits of `s`: (value, count, rest).
fn digits(s: &str) -> (u32, usize, &str) {
    let n = s.bytes().take_while(u8::is_ascii_digit).count().min(9);
    let v = s[..n].parse().unwrap_or(0);
    (v, n, &s[n..])
}

/// What may follow a date: nothing, or a time after a space, a `T` or a comma.
fn ends_date(rest: &str) -> bool {
    rest.is_empty() || rest.starts_with([' ', 'T', 't', ',', '\u{a0}'])
}

/// `2024-03-15`, `2024/3/15`, `2024.03.15`, with anything after a space or `T`.
fn iso(s: &str) -> Option<Shape> {
    let (y, ny, rest) = digits(s);
    if ny != 4 {
        return None;
    }
    let sep = rest.chars().next().filter(|c| matches!(c, '-' | '/' | '.'))?;
    let (m, nm, rest) = digits(&rest[1..]);
    let rest = rest.strip_prefix(sep)?;
    let (d, nd, rest) = digits(rest);
    if !(1..=2).contains(&nm) || !(1..=2).contains(&nd) || !ends_date(rest) {
        return None;
    }
    Some(Day::from_ymd(y as i32, m, d).map_or(Shape::Unreadable, Shape::Known))
}

/// `a/b/yyyy` or `a/b/yy` with `/`, `.` or `-`.
fn numeric(s: &str) -> Option<Shape> {
    let (a, na, rest) = digits(s);
    let sep = rest.chars().next().filter(|c| matches!(c, '-' | '/' | '.'))?;
    let (b, nb, rest) = digits(&rest[1..]);
    let rest = rest.strip_prefix(sep)?;
    let (y, ny, rest) = digits(rest);
    if !(1..=2).contains(&na) || !(1..=2).contains(&nb) || !(ny == 2 || ny == 4) || !ends_date(rest) {
        return None;
    }
    let year = if ny == 2 { two_digit_year(y) } else { y as i32 };
    Some(Shape::Numeric { a, b, year })
}

/// 00-69 are 2000-2069, 70-99 are 1970-1999 (the POSIX reading).
fn two_digit_year(y: u32) -> i32 {
    if y < 70 { 2000 + y as i32 } else { 1900 + y as i32 }
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// `15 Mar 2024`, `15-Mar-24`, `Mar 15, 2024`, `March 15 2024`, `2024-Mar-15`,
/// `Tue, 15 Mar 2024 10:00`.
fn named_month(s: &str) -> Option<Shape> {
    let mut month = None;
    let mut numbers: Vec<(u32, usize)> = Vec::new();
    for token in s.split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '/' | '.')).filter(|t| !t.is_empty()) {
        if numbers.len() == 2 && month.is_some() {
            break; // a time or zone follows
        }
        let lower = token.to_ascii_lowercase();
        if token.bytes().all(|b| b.is_ascii_digit()) {
            numbers.push((token.parse().ok()?, token.len()));
        } else if lower.len() >= 3 && token.chars().all(char::is_alphabetic) {
            let prefix = lower.get(..3)?;
            if let Some(m) = MONTHS.iter().position(|m| *m == prefix) {
                if month.replace(m as u32 + 1).is_some() {
                    return None;
                }
            } else if !WEEKDAYS.contains(&prefix) {
                return None;
            }
        } else {
            return None;
        }
    }
    let month = month?;
    let [(x, nx), (y, ny)] = numbers[..] else { return None };
    let (day, year) = if nx == 4 {
        (y, x as i32)
    } else if ny == 4 || ny == 2 {
        (x, if ny == 2 { two_digit_year(y) } else { y as i32 })
    } else {
        return None;
    };
    Some(Day::from_ymd(year, month, day).map_or(Shape::Unreadable, Shape::Known))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Shape {
        Shape::Known(Day::from_ymd(y, m, d).unwrap())
    }

    #[test]
    fn iso_and_named_months_are_unambiguous() {
        assert_eq!(shape("2024-03-15"), day(2024, 3, 15));
        assert_eq!(shape("2024-03-15T10:20:00Z"), day(2024, 3, 15));
        assert_eq!(shape("2024/3/5 10:20"), day(2024, 3, 5));
        assert_eq!(shape("2024-02-30"), Shape::Unreadable);
        assert_eq!(shape("15 Mar 2024"), day(2024, 3, 15));
        assert_eq!(shape("15-Mar-24"), day(2024, 3, 15));
        assert_eq!(shape("Mar 15, 2024"), day(2024, 3, 15));
        assert_eq!(shape("March 15 2024 10:00 AM"), day(2024, 3, 15));
        assert_eq!(shape("Tue, 12 Mar 2024 10:00:00 +0000"), day(2024, 3, 12));
        assert_eq!(shape("2024-Mar-15"), day(2024, 3, 15));
        assert_eq!(shape("Acme Corp"), Shape::Unreadable);
        assert_eq!(shape("12500"), Shape::Unreadable);
    }

    #[test]
    fn numeric_dates_wait_for_the_order() {
        let s = shape("03/04/2024");
        assert_eq!(s, Shape::Numeric { a: 3, b: 4, year: 2024 });
        assert_eq!(s.evidence(), None);
        assert_eq!(s.day(Some(DateOrder::Mdy)), Day::from_ymd(2024, 3, 4));
        assert_eq!(s.day(Some(DateOrder::Dmy)), Day::from_ymd(2024, 4, 3));
        assert_eq!(s.day(None), None);
        assert_eq!(shape("15.03.2024").evidence(), Some(DateOrder::Dmy));
        assert_eq!(shape("3/15/24 9:30 AM").evidence(), Some(DateOrder::Mdy));
        assert_eq!(shape("3/15/24").day(Some(DateOrder::Mdy)), Day::from_ymd(2024, 3, 15));
        assert_eq!(shape("31-12-1999"), Shape::Numeric { a: 31, b: 12, year: 1999 });
        // 30/02 cannot be either order.
        assert_eq!(shape("30/02/2024").evidence(), None);
        assert_eq!(shape("30/02/2024").day(Some(DateOrder::Dmy)), None);
    }

    #[test]
    fn flag_values() {
        assert_eq!(DateOrder::parse_flag("MM/DD/YYYY").unwrap(), DateOrder::Mdy);
        assert_eq!(DateOrder::parse_flag("%d.%m.%Y").unwrap(), DateOrder::Dmy);
        assert_eq!(DateOrder::parse_flag("iso").unwrap(), DateOrder::Ymd);
        assert!(DateOrder::parse_flag("julian").unwrap_err().to_string().contains("mdy"));
    }
}
