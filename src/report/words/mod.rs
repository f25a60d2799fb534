//! Everything a reader reads as words, built from the data and never
//! hard-coded to a result: chart titles that state the finding, subtitles on
//! how to read the marks, legend and in-chart labels, captions, the small
//! print, and the findings sentences of report.html. Pure functions from data
//! to strings; the charts only draw them.

pub mod backtest;
pub mod calibrate;
pub mod captions;
pub mod footer;
pub mod headline;
pub mod outcome;
pub mod plain;
pub mod plan;
pub mod run;
pub mod sensitivity;
pub mod solve;
pub mod study;
pub mod sweep;
pub mod territory;
pub mod tornado;
pub mod verdict;
pub mod whatif;
pub mod year;

use crate::report::format::half_width;
use crate::stats::summary::Stopping;
use crate::study::Objective;

/// The label of the quota line.
pub const QUOTA_LABEL: &str = "quota";

/// Items of a finding joined so that names containing commas stay readable:
/// "a vs b" for two, "a; b; c" for more. Items read "57% for targeted".
pub fn join_items(items: &[String]) -> String {
    match items {
        [a, b] => format!("{a} vs {b}"),
        _ => items.join("; "),
    }
}

/// `s` with its first letter upper-case.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// "a" or "an" before a number as it is read aloud (an 8×, an 11×, a 3×).
pub fn article(number: &str) -> &'static str {
    if number.starts_with('8') || number.starts_with("11") || number.starts_with("18") { "an" } else { "a" }
}

/// The last key of a parameter path: `coverage_target` of `policy.coverage_target`.
pub fn last_key(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// Short name of a metric in a sentence ("share at quota").
pub fn metric_short(m: Objective) -> &'static str {
    m.def().short
}

/// A metric's axis description, with its unit.
pub fn metric_axis(m: Objective) -> &'static str {
    m.def().axis
}

/// Why a run stopped adding trials, for the terminal; `cap` is the trial cap
/// as the caller's table writes counts.
pub fn stopping_line(st: &Stopping, cap: &str) -> String {
    format!(
        "Stopped: {} ({} half-width {} vs target {}, cap {cap} trials)\n",
        st.reason.replace('_', " "),
        st.metric,
        half_width(st.achieved_half_width),
        half_width(st.target_half_width)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar() {
        assert_eq!(join_items(&["a".into(), "b".into()]), "a vs b");
        assert_eq!(join_items(&["a".into(), "b".into(), "c".into()]), "a; b; c");
        assert_eq!(capitalise("share at quota"), "Share at quota");
        assert_eq!(capitalise(""), "");
        assert_eq!(article("8"), "an");
        assert_eq!(article("11.5"), "an");
        assert_eq!(article("3"), "a");
        assert_eq!(last_key("policy.coverage_target"), "coverage_target");
    }
}
