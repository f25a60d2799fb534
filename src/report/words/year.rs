//! Words of the planning year: quarter labels, the terminal's headings, the
//! title and subtitle of the attainment-by-quarter chart, and the sentences
//! that open report.html's year section. Plain text: the caller escapes it.

use super::join_items;
use crate::report::facts::ranked_by_at_quota;
use crate::report::facts::year::{MedianPath, has_year, median_path, quarters, ranked_by_makes_plan};
use crate::report::format::{money_in, pct0, pct1, pct1_range};
use crate::stats::Summary;
use crate::stats::summary::{QuarterSummary, StrategySummary, YearSummary};

/// Most strategies a finding spells out one by one; past that, the extremes.
const SPELLED_OUT: usize = 3;

/// A counted quarter as a reader meets it: "Q2", or "Q1 (Q3 of year)" when
/// it is not the same quarter of the year.
pub fn quarter_label(q: &QuarterSummary) -> String {
    if q.quarter == q.quarter_of_year { format!("Q{}", q.quarter) } else { format!("Q{} (Q{} of year)", q.quarter, q.quarter_of_year) }
}

/// A counted quarter as a chart tick: "Q2", or "Q1 (Q3)" with `of_year`.
pub fn quarter_tick(q: &QuarterSummary, of_year: bool) -> String {
    if of_year { format!("Q{} (Q{})", q.quarter, q.quarter_of_year) } else { format!("Q{}", q.quarter) }
}

// ---------------------------------------------------------------- terminal

/// The heading of the terminal's quarter rows; `shown` of `total` quarters.
pub fn quarters_heading(shown: usize, total: usize) -> String {
    let head = "The year, quarter by quarter";
    if shown < total { format!("{head} (first {shown} of {total}; all in summary.json and quarters.csv)") } else { head.to_string() }
}

pub const SEATS_HEADING: &str = "Seats per quarter: filled | vacant | ramping (mean over its weeks)";

/// The heading of the terminal's year rows.
pub fn year_heading(s: &Summary) -> String {
    let years = s.strategies.iter().filter_map(|st| st.year.as_ref()).map(|y| y.years).max().unwrap_or(1);
    if years > 1 {
        format!("The year ({years} counted years per trial, pooled; rep-years: reps in their seat all year)")
    } else {
        "The year (the first four counted quarters; rep-years: reps in their seat all year)".into()
    }
}

// ---------------------------------------------------------------- chart

/// A label for quarter `k` of strategy `st`.
fn label_of(st: &StrategySummary, k: usize) -> String {
    st.quarters.get(k).map_or_else(|| format!("Q{}", k + 1), quarter_label)
}

/// How one strategy's median travels: "targeted lowest in Q1 at 44%, up to 100% by Q4".
fn median_words(st: &StrategySummary) -> String {
    let name = &st.name;
    match median_path(st) {
        MedianPath::Undefined => format!("{name}: no rep-quarters"),
        MedianPath::One { at, value } => format!("{name} {} in {}", pct0(value), label_of(st, at)),
        MedianPath::Steady { value } => format!("{name} steady at about {}", pct0(value)),
        MedianPath::Recovers { low, low_value, to, high } => {
            format!("{name} lowest in {} at {}, up to {} by {}", label_of(st, low), pct0(low_value), pct0(high), label_of(st, to))
        }
        MedianPath::Falls { from, high, low, low_value } => {
            format!("{name} falls from {} in {} to {} in {}", pct0(high), label_of(st, from), pct0(low_value), label_of(st, low))
        }
    }
}

/// The finding of the attainment-by-quarter chart: where each strategy's
/// median is lowest and what it recovers to (past three strategies, the
/// highest and the lowest by share at quota).
pub fn by_quarter_title(s: &Summary) -> String {
    let ranked = ranked_by_at_quota(s);
    let shown: Vec<usize> = match ranked.as_slice() {
        [] => return "Attainment by counted quarter".into(),
        [a, .., z] if ranked.len() > SPELLED_OUT => vec![*a, *z],
        _ => (0..s.strategies.len()).collect(),
    };
    let spelled = shown.len() == s.strategies.len();
    if quarters(s).len() == 1 {
        let median = |i: usize| s.strategies[i].quarters.first().map(|q| q.p50).filter(|m| m.is_finite()).unwrap_or(f64::NEG_INFINITY);
        let mut order = shown;
        order.sort_by(|&a, &b| median(b).total_cmp(&median(a)));
        let items: Vec<String> = order
            .iter()
            .map(|&i| match median(i) {
                m if m.is_finite() => format!("{} for {}", pct0(m), s.strategies[i].name),
                _ => format!("no rep-quarters for {}", s.strategies[i].name),
            })
            .collect();
        return format!("Median attainment in the one counted quarter: {}", join_items(&items));
    }
    let items: Vec<String> = shown.iter().map(|&i| median_words(&s.strategies[i])).collect();
    let head = if spelled { "Median attainment by quarter" } else { "Median attainment by quarter, highest and lowest strategy" };
    format!("{head}: {}", items.join("; "))
}

/// The chart's subtitle: how to read its marks.
pub fn by_quarter_subtitle(s: &Summary) -> String {
    let marks = if quarters(s).len() == 1 {
        "Dot: median (P50); whisker: P10 to P90, where the middle 80% of rep-quarters land."
    } else {
        "Line: median (P50); band: P10 to P90, where the middle 80% of rep-quarters land."
    };
    format!("Attainment per rep-quarter in each counted quarter, one panel per strategy. {marks} Dashed: quota.")
}

/// The x axis description; with ticks that carry the quarter of the year or,
/// where they cannot, naming it here.
pub fn by_quarter_axis(s: &Summary, ticks_say_year: bool) -> String {
    match quarters(s).first() {
        Some(q) if q.quarter_of_year != 1 && ticks_say_year => "counted quarter (quarter of the year)".into(),
        Some(q) if q.quarter_of_year != 1 => format!("counted quarter (Q1 is Q{} of the year)", q.quarter_of_year),
        _ => "counted quarter".into(),
    }
}

/// Where no quarter of a strategy has a rep-quarter to show.
pub const NO_QUARTERS: &str = "No rep-quarters in any counted quarter.";

// ---------------------------------------------------------------- report.html

/// How often a strategy makes the plan, with its bookings' spread.
fn makes_plan_words(name: &str, y: &YearSummary, currency: &str, lead: bool) -> String {
    let spread = format!("{}–{}", money_in(y.bookings_p10, currency), money_in(y.bookings_p90, currency));
    if lead {
        format!(
            "{name} makes its annual plan in {} of simulated years; bookings P10–P90 {spread} against a {} plan",
            pct0(y.makes_plan.share),
            money_in(y.plan, currency)
        )
    } else {
        format!("{name} makes it in {} of years (bookings P10–P90 {spread})", pct0(y.makes_plan.share))
    }
}

/// The year section's lead: the strategy most likely to make its annual plan,
/// how likely, and how its bookings spread against the plan.
pub fn year_lead(s: &Summary) -> String {
    let n = quarters(s).len();
    if s.strategies.is_empty() {
        return "This run has no strategies.".into();
    }
    if !has_year(s) {
        return format!(
            "This run counts {n} quarter{}: no full year, so no annual plan to judge; the quarters follow.",
            if n == 1 { "" } else { "s" }
        );
    }
    let best = ranked_by_makes_plan(s)[0];
    let st = &s.strategies[best];
    let y = st.year.as_ref().expect("ranked strategies have a year");
    format!("{}.", makes_plan_words(&st.name, y, &s.currency, true))
}

/// The paragraphs after the lead: how the other strategies fare against the
/// same plan (past three, only the lowest), and the rep-years at annual quota.
pub fn year_paragraphs(s: &Summary) -> Vec<String> {
    let ranked = ranked_by_makes_plan(s);
    let mut out = Vec::new();
    let others: Vec<usize> = match ranked.as_slice() {
        [] | [_] => Vec::new(),
        [_, rest @ ..] if ranked.len() <= SPELLED_OUT => rest.to_vec(),
        [.., z] => vec![*z],
    };
    if !others.is_empty() {
        let items: Vec<String> = others
            .iter()
            .filter_map(|&i| s.strategies[i].year.as_ref().map(|y| makes_plan_words(&s.strategies[i].name, y, &s.currency, false)))
            .collect();
        let head = if ranked.len() > SPELLED_OUT { "Against the same plan, lowest" } else { "Against the same plan" };
        out.push(format!("{head}: {}.", items.join("; ")));
    }
    if !ranked.is_empty() && s.strategies.len() <= SPELLED_OUT {
        let items: Vec<String> = s
            .strategies
            .iter()
            .filter_map(|st| {
                let q = &st.year.as_ref()?.at_annual_quota;
                Some(format!("{} {} (95% interval {})", st.name, pct1(q.share), pct1_range(q.ci_low, q.ci_high)))
            })
            .collect();
        out.push(format!("Rep-years at or above annual quota (reps in their seat the whole year): {}.", items.join("; ")));
    }
    out
}

/// How the year's figures are counted.
pub const YEAR_NOTE: &str = "A rep-year is a rep in the same seat every week of a year; its quota is the sum of its \
    quarters' quotas. The team's plan for a quarter is the seats planned for it times quota, so vacancies and ramp cost \
    the plan; the annual plan is the sum of four quarters. Bookings count every deal the team won in the year, including \
    deals inherited by a vacant seat. A year is four consecutive counted quarters from the first.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn quarters_are_labelled_with_the_quarter_of_the_year_when_it_differs() {
        let s = fixtures::year(6, 3);
        let q = quarters(&s);
        assert_eq!(quarter_label(&q[0]), "Q1 (Q3 of year)");
        assert_eq!(quarter_label(&q[3]), "Q4 (Q2 of year)");
        assert_eq!(quarter_tick(&q[0], true), "Q1 (Q3)");
        assert_eq!(quarter_tick(&q[0], false), "Q1");
        assert_eq!(by_quarter_axis(&s, false), "counted quarter (Q1 is Q3 of the year)");
        let plain = fixtures::year(4, 1);
        assert_eq!(quarter_label(&quarters(&plain)[1]), "Q2");
        assert_eq!(by_quarter_axis(&plain, true), "counted quarter");
    }

    #[test]
    fn the_title_names_each_strategy_or_the_extremes() {
        let s = fixtures::year(4, 1);
        let title = by_quarter_title(&s);
        assert!(title.starts_with("Median attainment by quarter: "), "{title}");
        assert!(s.strategies.iter().all(|st| title.contains(&st.name)), "{title}");
        let many = fixtures::copied(fixtures::year(4, 1), 5);
        assert!(by_quarter_title(&many).contains("highest and lowest strategy"));
        let one = fixtures::year(1, 1);
        assert!(by_quarter_title(&one).starts_with("Median attainment in the one counted quarter: "), "{}", by_quarter_title(&one));
        assert!(by_quarter_subtitle(&one).contains("whisker"));
    }

    #[test]
    fn the_lead_names_the_plan_and_the_spread() {
        let s = fixtures::year(4, 1);
        let lead = year_lead(&s);
        assert!(lead.contains(" makes its annual plan in ") && lead.contains("bookings P10–P90 $"), "{lead}");
        assert!(lead.ends_with(" plan."), "{lead}");
        let paragraphs = year_paragraphs(&s);
        assert_eq!(paragraphs.len(), 2, "{paragraphs:?}");
        assert!(paragraphs[1].starts_with("Rep-years at or above annual quota"));
        let short = fixtures::year(3, 1);
        assert!(year_lead(&short).contains("no full year"), "{}", year_lead(&short));
        assert!(year_paragraphs(&short).is_empty());
    }
}
