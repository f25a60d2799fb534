//! The year section: the answer for the annual plan in words, the counted
//! quarters in a table, the year's figures, and the attainment-by-quarter chart.

use std::fmt::Write as _;

use super::sections::figure;
use super::{esc, strategy_label};
use crate::report::facts::year::{has_year, quarters, seats_move};
use crate::report::format::{MISSING, money, num1, pct0, pct1, pct1_range};
use crate::report::words::outcome::spread_pct;
use crate::report::words::year::{YEAR_NOTE, quarter_label, year_lead, year_paragraphs};
use crate::stats::Summary;
use crate::stats::summary::{QuarterSummary, StrategySummary};

/// The chart this section shows (the charts section leaves it out).
pub(super) const YEAR_CHART: &str = "attainment_by_quarter";

pub(super) fn year(h: &mut String, s: &Summary, charts: &[(String, Vec<u8>)]) {
    if quarters(s).is_empty() {
        return;
    }
    h.push_str("<h2 id=\"year\">The year</h2>\n");
    let _ = writeln!(h, "<p class=\"lead\">{}</p>", esc(&year_lead(s)));
    for paragraph in year_paragraphs(s) {
        let _ = writeln!(h, "<p>{}</p>", esc(&paragraph));
    }
    if has_year(s) {
        year_table(h, s);
    }
    quarter_table(h, s);
    let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(YEAR_NOTE));
    if let Some(f) = crate::report::charts::run_chart_figures(s).into_iter().find(|f| f.name == YEAR_CHART) {
        figure(h, &f, charts, true);
    }
}

/// P10, median and P90 in one cell: "12% · 44% · 263%".
fn spread(p10: f64, p50: f64, p90: f64) -> String {
    format!("{} · {} · {}", pct0(p10), pct0(p50), pct0(p90))
}

fn year_table(h: &mut String, s: &Summary) {
    let currency = esc(&s.currency);
    let _ = writeln!(
        h,
        "<div class=\"scroll wide\"><table class=\"year\">\n<thead><tr><th>Strategy</th><th>Rep-years</th><th>At annual quota:<br>average</th>\
         <th>95% Monte Carlo interval</th><th>At annual quota:<br>range of outcomes<br>in a typical year (P10–P90)</th><th>Rep-year attainment<br>P10 · median · P90</th><th>Team bookings per year ({currency})<br>P10 · P50 · P90</th>\
         <th>Annual plan ({currency})</th><th>Team makes its annual plan</th><th>95% Monte Carlo interval</th></tr></thead>\n<tbody>"
    );
    for (i, st) in s.strategies.iter().enumerate() {
        let _ = write!(h, "<tr><td class=\"name\">{}</td>", strategy_label(i, &st.name));
        match &st.year {
            Some(y) => {
                let _ = writeln!(
                    h,
                    "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num outcome\">{}</td><td class=\"num\">{}</td>\
                     <td class=\"num\">{} · {} · {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    crate::report::format::count(y.rep_years),
                    pct1(y.at_annual_quota.share),
                    pct1_range(y.at_annual_quota.ci_low, y.at_annual_quota.ci_high),
                    spread_pct(y.at_annual_quota_range.as_ref()),
                    spread(y.attainment_p10, y.attainment_p50, y.attainment_p90),
                    money(y.bookings_p10),
                    money(y.bookings_p50),
                    money(y.bookings_p90),
                    money(y.plan),
                    pct1(y.makes_plan.share),
                    pct1_range(y.makes_plan.ci_low, y.makes_plan.ci_high)
                );
            }
            None => h.push_str(&format!("{}</tr>\n", format!("<td class=\"num\">{MISSING}</td>").repeat(9))),
        }
    }
    h.push_str("</tbody>\n</table></div>\n");
}

fn quarter_table(h: &mut String, s: &Summary) {
    let seats = seats_move(s);
    h.push_str(
        "<div class=\"scroll wide\"><table class=\"quarters\">\n<thead><tr><th>Strategy</th><th>Quarter</th><th>Mean attainment</th>\
         <th>95% Monte Carlo interval</th><th>Rep-quarters at quota</th><th>95% Monte Carlo interval</th>\
         <th>At quota: range of outcomes<br>(P10–P90 across trials)</th><th>Team made plan</th>\
         <th>Rep-quarter attainment<br>P10 · median · P90</th><th>Team bookings<br>/ plan</th>",
    );
    if seats {
        h.push_str("<th>Seats filled · vacant · ramping<br>(of planned)</th>");
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for (i, st) in s.strategies.iter().enumerate() {
        for (k, q) in st.quarters.iter().enumerate() {
            quarter_row(h, i, st, k, q, seats);
        }
    }
    h.push_str("</tbody>\n</table></div>\n");
}

fn quarter_row(h: &mut String, i: usize, st: &StrategySummary, k: usize, q: &QuarterSummary, seats: bool) {
    h.push_str("<tr>");
    if k == 0 {
        let _ = write!(h, "<td class=\"name\" rowspan=\"{}\">{}</td>", st.quarters.len(), strategy_label(i, &st.name));
    }
    let m = &q.mean_attainment;
    let _ = write!(
        h,
        "<td class=\"txt\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
         <td class=\"num outcome\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
        esc(&quarter_label(q)),
        pct1(m.value),
        pct1_range(m.ci_low, m.ci_high),
        pct1(q.at_quota.share),
        pct1_range(q.at_quota.ci_low, q.at_quota.ci_high),
        spread_pct(q.at_quota_range.as_ref()),
        pct1(q.team_at_plan.share),
        spread(q.p10, q.p50, q.p90),
        pct1(q.bookings_to_plan.value)
    );
    if seats {
        let _ = write!(
            h,
            "<td class=\"num\">{} · {} · {} ({})</td>",
            num1(q.seats_filled.value),
            num1(q.seats_vacant.value),
            num1(q.seats_ramping.value),
            q.planned_seats
        );
    }
    h.push_str("</tr>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    fn section(s: &Summary) -> String {
        let mut h = String::new();
        year(&mut h, s, &[]);
        h
    }

    #[test]
    fn the_section_leads_with_the_plan_and_lists_every_quarter() {
        let s = fixtures::year(6, 3);
        let h = section(&s);
        assert!(h.starts_with("<h2 id=\"year\">The year</h2>\n<p class=\"lead\">"), "{h}");
        assert!(h.contains(" makes its annual plan in "));
        assert!(h.contains("Q1 (Q3 of year)") && h.contains("Q6 (Q4 of year)"));
        assert_eq!(h.matches("<tr><td class=\"name\" rowspan=\"6\">").count(), s.strategies.len());
        assert!(h.contains("Seats filled"), "seats move in this fixture");
        let y = s.strategies[0].year.as_ref().unwrap();
        assert!(h.contains(&money(y.plan)) && h.contains(&pct1_range(y.makes_plan.ci_low, y.makes_plan.ci_high)));
    }

    #[test]
    fn steady_seats_and_short_runs_keep_it_short() {
        let h = section(&fixtures::summary(3));
        assert!(!h.contains("Seats filled"));
        let h = section(&fixtures::year(2, 1));
        assert!(h.contains("no full year") && !h.contains("table class=\"year\""), "{h}");
        let mut none = fixtures::summary(2);
        none.strategies.iter_mut().for_each(|st| st.quarters.clear());
        assert_eq!(section(&none), "");
    }

    #[test]
    fn undefined_quarter_figures_print_the_dash() {
        let h = section(&fixtures::undefined_quarter());
        assert!(h.contains(&format!("<td class=\"num\">{MISSING}</td>")), "{h}");
        assert!(h.contains(&format!("{MISSING} · {MISSING} · {MISSING}")));
        let words: Vec<&str> = h.split(|c: char| !c.is_alphanumeric()).collect();
        assert!(!words.iter().any(|w| *w == "NaN" || *w == "inf"));
    }
}
