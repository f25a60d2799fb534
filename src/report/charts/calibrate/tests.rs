//! The calibration charts render from a fixture calibration.

use super::*;
use crate::report::charts::tests::check_chart;

#[test]
fn every_calibration_chart_renders_with_its_title() {
    let r = crate::report::fixtures::calibration();
    let texts = check_chart(&size::SizeFit { r: &r });
    assert!(texts.iter().any(|x| x.contains("Anderson-Darling")), "{texts:?}");
    check_chart(&cycle::CycleFit { r: &r });
    let f = funnel::WinFunnel { r: &r };
    check_chart(&f);
    let files = calibration_charts(&r).unwrap();
    assert_eq!(files.len(), 6);
    assert_eq!(log10_ticks(3.0), "1,000");
    assert_eq!(log10_ticks(2.5), "320");
}

#[test]
fn funnel_limits_are_binomial_quantiles() {
    // Bin(100, 0.5): 2.5% and 97.5% quantiles 40 and 60.
    assert_eq!(funnel::limits(100, 0.5, 0.05), (0.4, 0.6));
    // The smooth limits lie within a step of the exact ones and are symmetric at p = 0.5.
    let (lo, hi) = funnel::smooth_limits(100, 0.5, 0.05);
    assert!((0.39..=0.41).contains(&lo) && (0.59..=0.61).contains(&hi) && ((lo + hi) - 1.0).abs() < 0.011, "{lo} {hi}");
}
