//! The terminal view of a run: one aligned column per strategy, every figure
//! with its 95% interval or standard error.

mod territory;

use super::facts::year::{has_year, quarters, seats_move};
use super::format::{
    NARROW_GAP, Row, TEXT_MISSING, TableStyle, align, count, text_money, text_money_pm, text_num_pm, text_num1, text_pct, text_pct_ci,
    text_pct0_range, text_pts_ci, text_whole, text_whole_pcts,
};
use super::words;
use super::words::outcome::{MC_INTERVAL, OUTCOME_RANGE};
use super::words::year::{SEATS_HEADING, quarter_label, quarters_heading, year_heading};
use crate::stats::Summary;
use crate::stats::metrics::MetricGroup;
use crate::stats::summary::{OutcomeRange, QuarterSummary, Share, Spread, StrategySummary, YearSummary};

/// The label column holds text; every strategy's column holds figures.
const STYLE: TableStyle = TableStyle { text_columns: 1, trim_end: false, text_gap: NARROW_GAP };

/// One labelled row: a cell per strategy.
fn values(summary: &Summary, label: &str, cell: impl Fn(&StrategySummary) -> String) -> Row {
    let mut cells = vec![label.to_string()];
    cells.extend(summary.strategies.iter().map(cell));
    Row::Cells(cells)
}

fn heading(text: &str) -> Row {
    Row::Heading(text.to_string())
}

/// A row of a figure's range of outcomes (P10-P90 across trials), or none
/// for a summary written without them.
fn outcome_row(s: &Summary, label: &str, spread: fn(&OutcomeRange) -> &Spread) -> Option<Row> {
    s.strategies.iter().any(|st| st.outcome_range.is_some()).then(|| {
        values(s, label, |st| {
            st.outcome_range.as_ref().map_or_else(|| TEXT_MISSING.into(), |o| text_pct0_range(spread(o).p10, spread(o).p90))
        })
    })
}

fn attainment_rows(s: &Summary) -> Vec<Row> {
    let in_a_year = format!("  a typical {}, P10-P90", if s.quarters == 4 { "year" } else { "trial" });
    let mut rows = vec![heading("Quota attainment per rep-quarter")];
    rows.push(values(s, "At quota (>= 100%)", |s| text_pct_ci(s.at_quota.share, s.at_quota.ci_low, s.at_quota.ci_high)));
    rows.extend(outcome_row(s, &in_a_year, |o| &o.at_quota));
    rows.push(values(s, "Team at plan (per quarter)", |s| {
        text_pct_ci(s.team_at_plan.share, s.team_at_plan.ci_low, s.team_at_plan.ci_high)
    }));
    rows.extend(outcome_row(s, &in_a_year, |o| &o.quarters_at_plan));
    rows.push(values(s, "Mean attainment", |s| text_pct_ci(s.attainment.mean, s.attainment.mean_ci[0], s.attainment.mean_ci[1])));
    rows.extend(outcome_row(s, &in_a_year, |o| &o.mean_attainment));
    rows.extend([
        values(s, "Std deviation", |s| text_pct(s.attainment.std)),
        values(s, "P10", |s| text_pct_ci(s.attainment.p10, s.attainment.p10_ci[0], s.attainment.p10_ci[1])),
        values(s, "P25", |s| text_pct_ci(s.attainment.p25, s.attainment.p25_ci[0], s.attainment.p25_ci[1])),
        values(s, "P50 (median)", |s| text_pct_ci(s.attainment.p50, s.attainment.p50_ci[0], s.attainment.p50_ci[1])),
        values(s, "P75", |s| text_pct_ci(s.attainment.p75, s.attainment.p75_ci[0], s.attainment.p75_ci[1])),
        values(s, "P90", |s| text_pct_ci(s.attainment.p90, s.attainment.p90_ci[0], s.attainment.p90_ci[1])),
        values(s, "Bands <50 | 50-80 | 80-100 | 100-120 | 120+", |s| {
            let b = &s.bands;
            text_whole_pcts(&[b.below_50, b.b50_80, b.b80_100, b.b100_120, b.above_120])
        }),
    ]);
    rows
}

fn funnel_rows(s: &Summary) -> Vec<Row> {
    let mut rows = vec![heading("Funnel per rep-quarter (mean ± 95% MC error)")];
    rows.extend(group_rows(s, |s| (&s.funnel, &s.funnel_se)));
    rows.extend([
        values(s, "Win rate of qualified", |s| {
            text_pct_ci(s.win_rate.qualified.value, s.win_rate.qualified.ci_low, s.win_rate.qualified.ci_high)
        }),
        values(s, "Win rate of first meetings", |s| {
            text_pct_ci(s.win_rate.first_meeting.value, s.win_rate.first_meeting.ci_low, s.win_rate.first_meeting.ci_high)
        }),
        values(s, &format!("Mean won deal ({})", s.currency), |s| text_money_pm(s.won_deal_size.value, s.won_deal_size.se)),
    ]);
    rows
}

/// A row per listed metric of a summary group: its mean ± 95% Monte Carlo error.
fn group_rows<G: MetricGroup>(s: &Summary, group: fn(&StrategySummary) -> (&G, &G)) -> Vec<Row> {
    G::METRICS
        .iter()
        .filter(|m| m.def().listed)
        .map(|&m| {
            values(s, m.def().label, |s| {
                let (mean, se) = group(s);
                text_num_pm(mean.get(m), se.get(m))
            })
        })
        .collect()
}

fn hours_and_coverage_rows(s: &Summary) -> Vec<Row> {
    let mut rows = vec![heading("Where the hours go (per week)")];
    rows.extend(group_rows(s, |s| (&s.hours_per_week, &s.hours_per_week_se)));
    rows.push(values(s, "Attention (deal hours given/needed)", |s| {
        text_pct_ci(s.attention.value, s.attention.ci_low, s.attention.ci_high)
    }));
    rows.push(heading("Pipeline coverage at quarter start (x quota)"));
    rows.extend(group_rows(s, |s| (&s.coverage_start, &s.coverage_start_se)));
    rows.extend([
        values(s, "Loss rate implied | realised (1st mtg)", |s| {
            format!("{} | {}", text_pct(s.implied_loss_rate.first_meeting), text_pct(s.realised_loss_rate.first_meeting))
        }),
        values(s, "Loss rate implied | realised (2nd mtg)", |s| {
            format!("{} | {}", text_pct(s.implied_loss_rate.second_meeting), text_pct(s.realised_loss_rate.second_meeting))
        }),
    ]);
    rows
}

fn top20_and_paired_rows(s: &Summary) -> Vec<Row> {
    let mut rows = vec![
        heading("Who succeeds: top 20% of rep-quarters vs the rest"),
        values(s, "Touches top | rest", |s| format!("{} | {}", text_whole(s.top20.touches_top), text_whole(s.top20.touches_rest))),
        values(s, "Attainment top | rest", |s| format!("{} | {}", text_pct(s.top20.attainment_top), text_pct(s.top20.attainment_rest))),
    ];
    if s.strategies.len() > 1 {
        let reference = || "(reference)".to_string();
        rows.push(heading("Paired difference vs the first strategy (same reps, same draws)"));
        rows.push(values(s, "Mean attainment", |s| s.paired.as_ref().map_or_else(reference, |p| text_pts_ci(&p.attainment_diff))));
        rows.push(values(s, "Share at quota", |s| s.paired.as_ref().map_or_else(reference, |p| text_pts_ci(&p.at_quota_diff))));
    }
    rows
}

/// Most counted quarters the table lists; summary.json and quarters.csv hold them all.
const SHOWN_QUARTERS: usize = 8;

/// A share with its interval, as the table writes it.
fn share_ci(q: &Share) -> String {
    text_pct_ci(q.share, q.ci_low, q.ci_high)
}

/// A figure of a counted quarter, and of the counted year, as a cell.
type QuarterCell = fn(&QuarterSummary) -> String;
type YearCell = fn(&YearSummary) -> String;

/// A row of counted quarter `k`: a cell per strategy, "-" where it has no such quarter.
fn quarter_row(s: &Summary, label: &str, k: usize, cell: QuarterCell) -> Row {
    values(s, label, |st| st.quarters.get(k).map_or_else(|| TEXT_MISSING.to_string(), cell))
}

/// A row of the counted year: a cell per strategy, "-" where it has none.
fn year_row(s: &Summary, label: &str, cell: YearCell) -> Row {
    values(s, label, |st| st.year.as_ref().map_or_else(|| TEXT_MISSING.to_string(), cell))
}

/// The planning year: a block of rows per figure with a row per counted
/// quarter (the first [`SHOWN_QUARTERS`]), the seats when any were vacant or
/// ramping, then the year's rows.
fn year_rows(s: &Summary) -> Vec<Row> {
    let all = quarters(s);
    if all.is_empty() {
        return Vec::new();
    }
    let shown = all.len().min(SHOWN_QUARTERS);
    let labels: Vec<String> = all[..shown].iter().map(quarter_label).collect();
    let mut rows = vec![heading(&quarters_heading(shown, all.len()))];
    let blocks: [(&str, QuarterCell); 3] = [
        ("Mean attainment", |q| text_pct_ci(q.mean_attainment.value, q.mean_attainment.ci_low, q.mean_attainment.ci_high)),
        ("At quota (>= 100%)", |q| share_ci(&q.at_quota)),
        ("Team at plan", |q| share_ci(&q.team_at_plan)),
    ];
    let width = blocks.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    for (name, cell) in blocks {
        for (k, label) in labels.iter().enumerate() {
            let head = if k == 0 { name } else { "" };
            rows.push(quarter_row(s, &format!("{head:<width$} {label}"), k, cell));
        }
    }
    if seats_move(s) {
        rows.push(heading(SEATS_HEADING));
        for (k, label) in labels.iter().enumerate() {
            rows.push(quarter_row(s, label, k, |q| {
                format!("{} | {} | {}", text_num1(q.seats_filled.value), text_num1(q.seats_vacant.value), text_num1(q.seats_ramping.value))
            }));
        }
    }
    if has_year(s) {
        rows.push(heading(&year_heading(s)));
        rows.push(year_row(s, "Rep-years at annual quota", |y| share_ci(&y.at_annual_quota)));
        rows.push(year_row(s, "  a typical year, P10-P90", |y| {
            y.at_annual_quota_range.map_or_else(|| TEXT_MISSING.into(), |r| text_pct0_range(r.p10, r.p90))
        }));
        rows.push(year_row(s, &format!("Bookings P10 | P50 | P90 ({})", s.currency), |y| {
            format!("{} | {} | {}", text_money(y.bookings_p10), text_money(y.bookings_p50), text_money(y.bookings_p90))
        }));
        rows.push(year_row(s, &format!("Annual plan ({})", s.currency), |y| text_money(y.plan)));
        rows.push(year_row(s, "Team makes its annual plan", |y| share_ci(&y.makes_plan)));
    }
    rows
}

/// Widest strategy name in a column head; longer ones end in "…".
const NAME_WIDTH: usize = 28;
/// Widest line of prose above the table.
const LINE_WIDTH: usize = 100;

/// `text` cut to `width` characters, ending in "…" when cut.
fn shortened(text: &str, width: usize) -> String {
    if text.chars().count() <= width { text.to_string() } else { format!("{}…", text.chars().take(width - 1).collect::<String>()) }
}

/// `items` after `head`, comma-separated, wrapped at [`LINE_WIDTH`].
fn wrapped(head: &str, items: &[String]) -> String {
    let mut out = String::new();
    let mut line = head.to_string();
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() { format!("{item}, ") } else { item.clone() };
        if line.chars().count() + piece.chars().count() > LINE_WIDTH && line.len() > head.len() {
            out.push_str(line.trim_end());
            out.push('\n');
            line = " ".repeat(head.len());
        }
        line.push_str(&piece);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// Render the summary as an aligned table.
pub fn render(summary: &Summary) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}\n", summary.scenario.name));
    out.push_str(&format!(
        "{} trials x {} reps x {} quarters = {} rep-quarters per strategy\nseed {} | [a, b]: {MC_INTERVAL}\n{outcome}\n",
        count(summary.trials),
        count(u64::from(summary.reps)),
        summary.quarters,
        count(summary.strategies.first().map_or(0, |s| s.rep_quarters)),
        summary.seed,
        outcome = if summary.quarters == 4 {
            format!("P10-P90: the {OUTCOME_RANGE} across simulated years")
        } else {
            format!("P10-P90: the {OUTCOME_RANGE} across trials ({} quarters each)", summary.quarters)
        }
    ));
    if !summary.scenario.overrides.is_empty() {
        out.push_str(&wrapped("overrides: ", &summary.scenario.overrides));
    }
    out.push('\n');
    let names = summary.strategies.iter().map(|s| shortened(&s.name, NAME_WIDTH));
    let mut rows = vec![Row::Cells(std::iter::once(String::new()).chain(names).collect())];
    rows.extend(attainment_rows(summary));
    rows.extend(funnel_rows(summary));
    rows.extend(hours_and_coverage_rows(summary));
    rows.extend(top20_and_paired_rows(summary));
    rows.extend(year_rows(summary));
    rows.extend(territory::territory_rows(summary));
    out.push_str(&align(&rows, STYLE));
    if let Some(st) = &summary.stopping {
        out.push('\n');
        out.push_str(&words::stopping_line(st, &count(st.max_trials)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn every_strategy_gets_an_aligned_column() {
        let s = fixtures::summary(3);
        let text = render(&s);
        let header = text.lines().nth(5).unwrap();
        for st in &s.strategies {
            assert!(header.contains(&st.name), "{header}");
        }
        // Every labelled row ends where the header ends: figures are right-aligned.
        let at_quota = text.lines().find(|l| l.starts_with("  At quota")).unwrap();
        assert_eq!(at_quota.chars().count(), header.chars().count());
    }

    #[test]
    fn long_names_and_many_overrides_keep_the_width() {
        let mut s = fixtures::summary(2);
        s.strategies[1].name = "a strategy with a name far longer than any column should be".into();
        s.scenario.overrides = (0..30).map(|i| format!("strategy.x.touches_per_week={i}")).collect();
        let text = render(&s);
        assert!(text.contains("a strategy with a name far …"), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 110), "{text}");
    }

    /// The widest line of `text`.
    fn widest(text: &str) -> usize {
        text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
    }

    /// `s` without the planning year's figures (as a summary.json of version 1 reads).
    fn without_year(mut s: Summary) -> Summary {
        for st in &mut s.strategies {
            st.quarters.clear();
            st.year = None;
        }
        s
    }

    #[test]
    fn the_year_keeps_the_tables_width_with_many_quarters_and_strategies() {
        for (s, bound) in [(fixtures::copied(fixtures::year(12, 3), 4), None), (fixtures::year(12, 3), Some(110))] {
            let text = render(&s);
            let before = render(&without_year(s.clone()));
            assert!(widest(&text) <= widest(&before).max(LINE_WIDTH), "the year section widens the table:\n{text}");
            if let Some(b) = bound {
                assert!(widest(&text) <= b, "{text}");
            }
            assert!(text.contains("The year, quarter by quarter (first 8 of 12; all in summary.json and quarters.csv)"), "{text}");
            assert!(text.contains("Q8 (Q2 of year)") && !text.contains("Q9"), "{text}");
            assert!(text.contains("The year (3 counted years per trial, pooled"), "{text}");
        }
    }

    #[test]
    fn quarters_then_seats_then_the_year() {
        let s = fixtures::year(4, 1);
        let text = render(&s);
        let at = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("no {needle:?} in\n{text}"));
        assert!(at("Paired difference") < at("The year, quarter by quarter"));
        assert!(at("The year, quarter by quarter") < at(SEATS_HEADING) && at(SEATS_HEADING) < at("The year (the first four"));
        for label in ["Rep-years at annual quota", "Bookings P10 | P50 | P90 (USD)", "Annual plan (USD)", "Team makes its annual plan"] {
            assert!(text.contains(label), "{label}");
        }
        // A row per quarter and block, labelled once per block.
        assert_eq!(text.lines().filter(|l| l.trim_start().starts_with("Q3 ")).count(), 3 + 1, "{text}");
        assert!(!text.contains("of year)"), "the year starts in Q1: no quarter of the year to add");
        // A steady team shows no seats; a short run no year.
        let steady = render(&fixtures::summary(3));
        assert!(steady.contains("The year, quarter by quarter") && !steady.contains(SEATS_HEADING));
        let short = render(&fixtures::year(3, 1));
        assert!(!short.contains("Rep-years at annual quota") && short.contains("The year, quarter by quarter"));
        // A summary without quarters (version 1) has no year section.
        assert!(!render(&without_year(s)).contains("The year"));
    }

    #[test]
    fn undefined_quarter_figures_print_a_hyphen() {
        let text = render(&fixtures::undefined_quarter());
        let lines: Vec<&str> = text.lines().collect();
        let first = lines.iter().position(|l| l.starts_with("  Mean attainment") && l.contains(" Q1 ")).expect("quarter rows");
        let second = lines[first + 1];
        assert!(second.trim_start().starts_with("Q2"), "{second}");
        assert_eq!(second.split_whitespace().skip(1).collect::<Vec<_>>(), vec![TEXT_MISSING; 2], "{second}");
        let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
        assert!(!words.iter().any(|w| *w == "NaN" || *w == "inf"), "{text}");
    }
}
