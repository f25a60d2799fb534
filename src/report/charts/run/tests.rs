//! Every run chart renders on real and odd summaries, decodes, carries its
//! title, and is deterministic.

use super::*;
use crate::report::charts::style::{HEIGHT, WIDTH};
use crate::report::charts::tests::{check_chart, decode_png};
use crate::report::fixtures;

/// Render every run chart of `s` one by one through [`check_chart`].
struct Check;

impl ChartJob<'_> for Check {
    type Output = Vec<String>;
    fn on<C: Chart>(self, chart: C) -> Vec<String> {
        check_chart(&chart)
    }
}

#[test]
fn each_run_chart_renders_with_its_title() {
    let s = fixtures::summary(20);
    for chart in RUN_CHARTS {
        let texts = chart.apply(&s, Check);
        assert!(texts.len() > 10, "{chart:?}: too little text");
    }
}

#[test]
fn odd_summaries_render_every_chart_with_its_title() {
    for s in [fixtures::single_strategy(), fixtures::eight_strategies(), fixtures::degenerate()] {
        for chart in RUN_CHARTS {
            chart.apply(&s, Check);
        }
    }
}

#[test]
fn nothing_to_show_says_so() {
    let s = fixtures::degenerate();
    let texts = RunChart::Distribution.apply(&s, Check);
    assert!(texts.iter().any(|t| t == crate::report::words::run::NO_REP_QUARTERS), "{texts:?}");
    let texts = RunChart::Funnel.apply(&s, Check);
    assert!(texts.iter().any(|t| t == crate::report::words::run::NO_FUNNEL), "{texts:?}");
}

#[test]
fn all_charts_come_in_reading_order_and_are_deterministic() {
    let s = fixtures::summary(20);
    let a = run_charts(&s).unwrap();
    let names: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
    let expected: Vec<String> = run_chart_figures(&s).iter().flat_map(|f| [format!("{}.png", f.name), format!("{}.svg", f.name)]).collect();
    assert_eq!(names, expected);
    for (name, bytes) in a.iter().filter(|(n, _)| n.ends_with(".png")) {
        let (w, h, _) = decode_png(bytes);
        assert!(w == WIDTH && h >= HEIGHT, "{name}: {w}x{h}");
    }
    assert_eq!(a, run_charts(&s).unwrap(), "rendering must not depend on anything but the summary");
}

#[test]
fn figures_have_distinct_names_and_captions() {
    let figures = run_chart_figures(&fixtures::summary(3));
    assert_eq!(figures.len(), 7);
    for (i, f) in figures.iter().enumerate() {
        assert!(!f.caption.is_empty(), "{} has no caption", f.name);
        assert!(figures[i + 1..].iter().all(|g| g.name != f.name && g.caption != f.caption), "{} repeats", f.name);
    }
}

#[test]
fn charts_from_a_reread_summary_are_identical() {
    // `quotasim report` draws from summary.json as read back; the bytes must
    // match what `run` drew from the summary in memory.
    let s = fixtures::summary(20);
    let reread = crate::report::json::parse_summary(&crate::report::json::summary_json(&s)).unwrap();
    assert_eq!(run_charts(&s).unwrap(), run_charts(&reread).unwrap());
}

#[test]
fn the_year_chart_renders_on_every_calendar() {
    let cases = [
        fixtures::year(4, 1),
        fixtures::year(1, 1),
        fixtures::year(12, 3),
        fixtures::copied(fixtures::year(12, 3), 4),
        fixtures::copied(fixtures::year(6, 2), 8),
        fixtures::undefined_quarter(),
    ];
    for s in &cases {
        let texts = RunChart::ByQuarter.apply(s, Check);
        assert!(texts.iter().any(|t| t == "Q1" || t.starts_with("Q1 (")), "no first quarter tick: {texts:?}");
    }
    // Ticks carry the quarter of the year where they fit, else the axis says where the year starts.
    let texts = RunChart::ByQuarter.apply(&fixtures::year(4, 3), Check);
    assert!(texts.iter().any(|t| t == "Q4 (Q2)") && texts.iter().any(|t| t == "counted quarter (quarter of the year)"), "{texts:?}");
    let texts = RunChart::ByQuarter.apply(&cases[2], Check);
    assert!(texts.iter().any(|t| t == "counted quarter (Q1 is Q3 of the year)"), "{texts:?}");
    let texts = RunChart::ByQuarter.apply(&cases[0], Check);
    assert!(texts.iter().any(|t| t == "counted quarter") && texts.iter().any(|t| t == "Q4"), "{texts:?}");
}

#[test]
fn the_year_chart_without_quarters_says_so() {
    let mut s = fixtures::summary(3);
    s.strategies.iter_mut().for_each(|st| st.quarters.clear());
    let texts = RunChart::ByQuarter.apply(&s, Check);
    assert!(texts.iter().any(|t| t == crate::report::words::year::NO_QUARTERS), "{texts:?}");
}

#[test]
fn the_territory_chart_comes_only_with_a_list() {
    let s = fixtures::territory();
    let texts = RunChart::Territory.apply(&s, Check);
    assert!(texts.iter().any(|t| t == crate::report::words::territory::NO_LIST), "the unlimited strategy says why it has no line");
    let names: Vec<String> = run_chart_figures(&s).into_iter().map(|f| f.name).collect();
    assert_eq!(names.last().map(String::as_str), Some("territory_by_quarter"));
    assert!(!run_chart_figures(&fixtures::summary(3)).iter().any(|f| f.name == "territory_by_quarter"));
    for odd in [fixtures::degenerate(), fixtures::eight_strategies()] {
        RunChart::Territory.apply(&odd, Check);
    }
}
