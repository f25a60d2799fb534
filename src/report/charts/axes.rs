//! Axes several charts share: mesh styling, the sizes of the label areas,
//! and the ranges of attainment, share and value axes.

use plotters::chart::MeshStyle;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::style::{AXIS, GRID, INK, MUTED, Theme};
use crate::stats::Summary;

/// Tick label size and axis description size at 1x.
pub const TICK_SIZE: f64 = 14.0;
pub const DESC_SIZE: f64 = 15.0;
/// Size of panel captions at 1x.
pub const PANEL_CAPTION_SIZE: f64 = 16.0;
/// Height of an x-axis label area (ticks and description) at 1x.
pub const X_LABEL_AREA: f64 = 46.0;
/// Width of a y-axis label area (percent ticks and description) at 1x.
pub const Y_LABEL_AREA: f64 = 64.0;
/// Room above a plot for the top tick label, at 1x.
pub const PLOT_TOP: f64 = 6.0;
/// Tick mark length at 1x.
const TICK_MARK: f64 = 4.0;

/// A chart on plain f64 axes.
pub type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Quiet grid, readable ticks, muted axis descriptions.
pub fn base_mesh<X: Ranged, Y: Ranged, DB: DrawingBackend>(m: &mut MeshStyle<'_, '_, X, Y, DB>, t: Theme) {
    m.bold_line_style(t.stroke(GRID, 1.0))
        .light_line_style(TRANSPARENT)
        .axis_style(t.stroke(AXIS, 1.0))
        .label_style(t.text(TICK_SIZE, INK))
        .axis_desc_style(t.text(DESC_SIZE, MUTED))
        .set_all_tick_mark_size(t.px(TICK_MARK));
}

/// Ticks of an attainment axis are every 50% of quota.
const ATTAINMENT_STEP: f64 = 0.5;

/// Right end of the attainment axis shared by the distribution and the
/// exceedance chart: past every strategy's P90 with some room, in steps of
/// 50%, within what the summary's histogram covers.
pub fn attainment_axis_max(s: &Summary) -> f64 {
    let p90 = s.strategies.iter().map(|st| st.attainment.p90).filter(|v| v.is_finite()).fold(0.0, f64::max);
    let hist_max = s.strategies.iter().filter_map(|st| st.histogram.edges.last().copied()).filter(|v| v.is_finite()).fold(0.0, f64::max);
    let want = ((p90 * 1.25).max(1.5) * 2.0).ceil() / 2.0;
    if hist_max >= 1.5 { want.min(hist_max) } else { want }
}

/// Number of ticks of an attainment axis from 0 to `x_max`.
pub fn attainment_ticks(x_max: f64) -> usize {
    tick_count(x_max, ATTAINMENT_STEP)
}

/// Most ticks an axis asks for at a fixed step; beyond it (an absurd input's
/// range, 1e8 times quota) the axis asks for [`FALLBACK_TICKS`] and lets the
/// mesh choose round values, so drawing never depends on the data's size.
pub const MAX_STEP_TICKS: usize = 41;
pub const FALLBACK_TICKS: usize = 11;

/// Ticks every `step` over `0..span`, bounded.
pub fn tick_count(span: f64, step: f64) -> usize {
    let n = (span / step).round() + 1.0;
    if n.is_finite() && n <= MAX_STEP_TICKS as f64 { (n as usize).max(2) } else { FALLBACK_TICKS }
}

/// A "nice" upper bound for a positive axis: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k.
pub fn nice_ceiling(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    let steps = [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0];
    steps.iter().map(|s| s * mag).find(|&c| c >= v * (1.0 - 1e-12)).unwrap_or(10.0 * mag)
}

/// A value range over the finite `values`, padded by `pad` of its width on
/// both sides (taking the width as a tenth of the value, at least 0.1, when
/// they are all equal); (0, 1) when there is no finite value.
pub fn span(values: impl IntoIterator<Item = f64>, pad: f64) -> (f64, f64) {
    let (lo, hi) = values.into_iter().filter(|x| x.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let w = (hi - lo).max(1e-9);
    let w = if hi - lo < 1e-9 { lo.abs().max(1.0) * 0.1 } else { w };
    (lo - pad * w, hi + pad * w)
}

/// A share axis from a little below the lowest to a little above the highest
/// value, on whole steps of 5 or 10 points, within 0..100% when the values are.
pub fn share_range(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = span(values, 0.0);
    let step = if hi - lo > 0.3 { 0.1 } else { 0.05 };
    let mut a = ((lo - 0.02) / step).floor() * step;
    let mut b = ((hi + 0.02) / step).ceil() * step;
    if lo >= 0.0 {
        a = a.max(0.0);
    }
    if hi <= 1.0 {
        b = b.min(1.0);
    }
    if b - a < step {
        b = a + step;
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ceilings() {
        assert_eq!(nice_ceiling(0.23), 0.25);
        assert_eq!(nice_ceiling(2417.0), 2500.0);
        assert_eq!(nice_ceiling(1.0), 1.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(f64::NAN), 1.0);
    }

    #[test]
    fn share_ranges_are_rounded_and_bounded() {
        let (a, b) = share_range([0.298, 0.64]);
        assert!((a - 0.2).abs() < 1e-9 && (b - 0.7).abs() < 1e-9, "{a} {b}");
        let (a, b) = share_range([0.995, 0.999]);
        assert!(b <= 1.0 && a < 0.99);
    }

    #[test]
    fn spans_are_never_empty() {
        assert_eq!(span([f64::NAN], 0.1), (0.0, 1.0));
        let (a, b) = span([2.0, 2.0], 0.5);
        assert!((a - 1.9).abs() < 1e-12 && (b - 2.1).abs() < 1e-12, "{a} {b}");
        assert_eq!(span([1.0, 3.0], 0.5), (0.0, 4.0));
    }
}
