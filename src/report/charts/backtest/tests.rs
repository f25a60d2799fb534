//! The backtest charts render from a fixture backtest.

use super::*;
use crate::report::charts::tests::check_chart;

#[test]
fn both_backtest_charts_render_with_their_titles() {
    let b = crate::report::fixtures::backtest();
    let c = b.get(Measure::WonValue).unwrap();
    let texts = check_chart(&qq::Qq { b: &b, c });
    assert!(texts.iter().any(|x| x.contains("simulated won value per rep-quarter")), "{texts:?}");
    check_chart(&histogram::Overlaid { b: &b, c });
    let files = backtest_charts(&b).unwrap();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["backtest_qq.png", "backtest_qq.svg", "backtest_histogram.png", "backtest_histogram.svg"]);
}
