//! Every run chart renders on real and odd summaries, decodes, carries its
//! title, and is deterministic.

use super::*;
use crate::report::charts::style::{HEIGHT, WIDTH};
use crate::report::charts::tests::{check_chart, decode_png};
use crate::report::fixtures;

/// Render every run chart of `s` one by one through [`check_chart`].
struct Check;

impl ChartJob for Check {
    type Output = Vec<String>;
    fn on<C: Chart>(self, chart: &C) -> Vec<String> {
        check_chart(chart)
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
    assert_eq!(figures.len(), 6);
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
