//! The terminal's territory rows: each strategy's list over the run, then
//! a row per counted quarter; "unlimited" for a strategy without a list.

use super::{SHOWN_QUARTERS, heading, values};
use crate::report::facts::territory::has_territory;
use crate::report::facts::year::quarters;
use crate::report::format::{Row, TEXT_MISSING, text_num_pm, text_pct, text_pct_ci, text_whole};
use crate::report::words::territory::{
    AVAILABLE_ROW, FRESH_ROW, RETOUCHED_ROW, TERMINAL_HEADING, TOUCHES_ROW, UNLIMITED, quarters_heading,
};
use crate::report::words::year::quarter_label;
use crate::stats::Summary;
use crate::stats::summary::{StrategySummary, Territory};

/// A strategy's cell: `f` of its list, or "unlimited" without one.
fn cell(st: &StrategySummary, f: impl Fn(&Territory) -> String) -> String {
    st.territory.as_ref().map_or_else(|| UNLIMITED.to_string(), f)
}

/// Three whole numbers as one cell: "324 | 3075 | 0".
fn three(a: f64, b: f64, c: f64) -> String {
    format!("{} | {} | {}", text_whole(a), text_whole(b), text_whole(c))
}

/// The territory rows, when any strategy sells to a finite list.
pub(super) fn territory_rows(s: &Summary) -> Vec<Row> {
    if !has_territory(s) {
        return Vec::new();
    }
    let mut rows = vec![
        heading(TERMINAL_HEADING),
        values(s, AVAILABLE_ROW, |st| cell(st, |t| text_num_pm(t.accounts_available.value, t.accounts_available.se))),
        values(s, FRESH_ROW, |st| cell(st, |t| text_num_pm(t.accounts_fresh.value, t.accounts_fresh.se))),
        values(s, RETOUCHED_ROW, |st| {
            cell(st, |t| text_pct_ci(t.retouched_share.value, t.retouched_share.ci_low, t.retouched_share.ci_high))
        }),
        values(s, TOUCHES_ROW, |st| cell(st, |t| three(t.touches_fresh.value, t.touches_retouched.value, t.touches_unmade.value))),
    ];
    let all = quarters(s);
    let shown = all.len().min(SHOWN_QUARTERS);
    if shown == 0 {
        return rows;
    }
    rows.push(heading(&quarters_heading(shown, all.len())));
    for (k, q) in all[..shown].iter().enumerate() {
        rows.push(values(s, &quarter_label(q), |st| match st.quarters.get(k).and_then(|q| q.territory) {
            Some(t) => format!(
                "{} ({}) | {} | {}",
                text_whole(t.accounts_available.value),
                text_whole(t.accounts_fresh.value),
                text_pct(t.retouched_share.value),
                text_whole(t.touches_unmade.value)
            ),
            None if st.territory.is_none() => UNLIMITED.to_string(),
            None => TEXT_MISSING.to_string(),
        }));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::super::render;
    use crate::report::fixtures;

    #[test]
    fn lists_show_after_the_year_and_unlimited_strategies_say_so() {
        let s = fixtures::territory();
        let text = render(&s);
        let at = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("no {needle:?} in\n{text}"));
        assert!(at("The year, quarter by quarter") < at("The territory: each seat's list of accounts"));
        let available = text.lines().find(|l| l.trim_start().starts_with("Accounts available at quarter start")).unwrap();
        assert!(available.trim_end().ends_with("unlimited") && available.contains(" ± "), "{available}");
        assert_eq!(text.lines().filter(|l| l.trim_start().starts_with("Q8 (Q4 of year)")).count(), 4, "{text}");
        assert!(!render(&fixtures::summary(2)).contains("The territory"));
    }
}
