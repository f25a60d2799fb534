//! `quarters.csv`: one row per strategy and counted quarter, with every
//! figure of the quarter and its 95% interval.

use super::{Columns, share, table, triple};
use crate::report::facts::territory::has_territory;
use crate::report::table::{Kind, RunMeta, Table};
use crate::stats::Summary;
use crate::stats::summary::QuarterSummary;

/// Every column after the strategy, in order: the calendar, the rep-quarters'
/// attainment, the team against its plan, the seats, and the lists when
/// some strategy sells to a finite market.
fn columns(territory: bool) -> Columns<QuarterSummary> {
    let mut c = Columns::<QuarterSummary>::new();
    c.add("quarter", Kind::Count, |q| f64::from(q.quarter));
    c.add("quarter_of_year", Kind::Count, |q| f64::from(q.quarter_of_year));
    c.add("rep_quarters", Kind::Count, |q| q.rep_quarters as f64);
    c.add_ci("mean_attainment", Kind::Share, |q| triple(&q.mean_attainment));
    c.add_ci("at_quota", Kind::Share, |q| share(&q.at_quota));
    c.add("p10", Kind::Share, |q| q.p10);
    c.add("p50", Kind::Share, |q| q.p50);
    c.add("p90", Kind::Share, |q| q.p90);
    c.add_ci("team_at_plan", Kind::Share, |q| share(&q.team_at_plan));
    c.add_ci("bookings_to_plan", Kind::Share, |q| triple(&q.bookings_to_plan));
    c.add("planned_seats", Kind::Count, |q| f64::from(q.planned_seats));
    c.add_ci("seats_filled", Kind::Number, |q| triple(&q.seats_filled));
    c.add_ci("seats_vacant", Kind::Number, |q| triple(&q.seats_vacant));
    c.add_ci("seats_ramping", Kind::Number, |q| triple(&q.seats_ramping));
    if territory {
        c.add_territory(|q| q.territory.as_ref());
    }
    c
}

/// The run's counted quarters as CSV: a row per strategy and quarter, in the
/// summary's order (an undefined figure is an empty cell).
pub fn quarters_csv(summary: &Summary) -> Vec<u8> {
    quarters_table(summary).csv(&RunMeta::of(summary))
}

/// The counted quarters' table: a row per strategy and quarter.
pub fn quarters_table(summary: &Summary) -> Table {
    let rows = summary.strategies.iter().flat_map(|st| st.quarters.iter().map(move |q| (vec![st.name.clone()], q)));
    table("Quarters", &["strategy"], &columns(has_territory(summary)), rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    fn lines(s: &Summary) -> Vec<Vec<String>> {
        crate::report::csv::tests::cells(&quarters_csv(s))
    }

    #[test]
    fn a_row_per_strategy_and_quarter_with_a_cell_per_column() {
        for (s, quarters) in [(fixtures::year(12, 3), 12), (fixtures::year(1, 1), 1), (fixtures::copied(fixtures::year(4, 2), 4), 4)] {
            let rows = lines(&s);
            assert_eq!(rows.len(), 1 + s.strategies.len() * quarters);
            assert_eq!(rows[0].len(), 1 + columns(false).0.len() + RunMeta::CSV_COLUMNS.len());
            assert_eq!(rows[0][..4], ["strategy", "quarter", "quarter_of_year", "rep_quarters"]);
            assert!(rows.iter().all(|r| r.len() == rows[0].len()), "a row with another cell count");
            // Quarters count from 1 within each strategy; the quarter of the year wraps.
            let q: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
            let expected: Vec<String> = (0..s.strategies.len()).flat_map(|_| (1..=quarters).map(|k| k.to_string())).collect();
            assert_eq!(q, expected);
            assert!(rows[1..].iter().all(|r| (1..=4).map(|k| k.to_string()).any(|k| r[2] == k)));
        }
    }

    #[test]
    fn every_figure_comes_with_its_interval() {
        let names: Vec<String> = columns(false).0.into_iter().map(|c| c.name).collect();
        for figure in ["mean_attainment", "at_quota", "team_at_plan", "bookings_to_plan", "seats_filled", "seats_vacant", "seats_ramping"] {
            for suffix in ["", "_ci_low", "_ci_high"] {
                assert!(names.contains(&format!("{figure}{suffix}")), "no {figure}{suffix}");
            }
        }
    }

    #[test]
    fn undefined_figures_are_empty_cells() {
        let rows = lines(&fixtures::undefined_quarter());
        let at = |name: &str| rows[0].iter().position(|n| n == name).unwrap();
        let second = &rows[2];
        assert_eq!(second[at("quarter")], "2");
        for name in ["mean_attainment", "mean_attainment_ci_low", "p10", "p50", "p90"] {
            assert_eq!(second[at(name)], "", "{name}");
        }
        assert_eq!(second[at("rep_quarters")], "0");
        assert!(!rows[1][at("p50")].is_empty());
    }

    #[test]
    fn a_summary_without_quarters_gives_the_header_only() {
        let mut s = fixtures::summary(2);
        s.strategies.iter_mut().for_each(|st| st.quarters.clear());
        assert_eq!(lines(&s).len(), 1);
    }

    #[test]
    fn lists_add_their_columns_per_quarter() {
        let rows = lines(&fixtures::territory());
        assert_eq!(rows[0].len(), 1 + columns(true).0.len() + RunMeta::CSV_COLUMNS.len());
        let at = |name: &str| rows[0].iter().position(|n| n == name).unwrap();
        // Two strategies with a list, eight quarters each, then the unlimited one.
        assert!(rows[1..17].iter().all(|r| !r[at("accounts_available")].is_empty() && !r[at("touches_unmade")].is_empty()));
        assert!(rows[17..].iter().all(|r| r[at("accounts_available")].is_empty()));
    }
}
