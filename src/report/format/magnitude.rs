//! Numbers of any size in a bounded width: as their own format gives them
//! below ten thousand, then in thousands (k), millions (M), billions (B) and
//! trillions (T) with three significant digits. A table keeps its width and a
//! chart label its place whatever the scenario; the value is still the value
//! (the form is capped, not the figure).

/// Below this, a number is written in full.
const COMPACT_FROM: f64 = 10_000.0;

/// `x` as `full` writes it when small, else compact: "12.3k", "4.56M", "7.80B".
pub fn bounded(x: f64, full: impl Fn(f64) -> String) -> String {
    if x.abs() < COMPACT_FROM { full(x) } else { compact(x) }
}

/// `x` in thousands, millions, billions or trillions, three significant digits.
pub fn compact(x: f64) -> String {
    let a = x.abs();
    let (v, suffix) = if a < 1e6 {
        (x / 1e3, "k")
    } else if a < 1e9 {
        (x / 1e6, "M")
    } else if a < 1e12 {
        (x / 1e9, "B")
    } else {
        (x / 1e12, "T")
    };
    let digits = if v.abs() >= 100.0 {
        0
    } else if v.abs() >= 10.0 {
        1
    } else {
        2
    };
    if v.abs() >= 1000.0 {
        // Beyond a thousand trillion no sales figure is meant: say so, in the same width.
        format!("{}>999T", if x < 0.0 { "-" } else { "" })
    } else {
        format!("{v:.digits$}{suffix}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_numbers_keep_a_short_form() {
        let full = |x: f64| format!("{x:.1}");
        assert_eq!(bounded(9999.94, full), "9999.9");
        assert_eq!(bounded(12_345.0, full), "12.3k");
        assert_eq!(bounded(-250_000.0, full), "-250k");
        assert_eq!(bounded(4_560_000.0, full), "4.56M");
        assert_eq!(bounded(7.8e9, full), "7.80B");
        assert_eq!(bounded(2.5e13, full), "25.0T");
        assert_eq!(bounded(3.4e18, full), ">999T");
        assert_eq!(compact(-1e300), "->999T");
    }
}
