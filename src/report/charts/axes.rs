//! Pieces several charts share: axis styling and ranges, percent ticks,
//! grouped-bar geometry, category and value labels that never overlap, dashed
//! reference lines, and the "no data" placeholder.

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ChartError;
use super::layout::{clean, width, wrap};
use super::style::{AXIS, GRID, INK, MUTED, Theme};
use crate::stats::Summary;

/// Tick label size and axis description size at 1x.
pub const TICK_SIZE: f64 = 14.0;
pub const DESC_SIZE: f64 = 15.0;

/// A chart on plain f64 axes.
pub type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Quiet grid, readable ticks, muted axis descriptions.
pub fn base_mesh<X: Ranged, Y: Ranged, DB: DrawingBackend>(m: &mut MeshStyle<'_, '_, X, Y, DB>, t: Theme) {
    m.bold_line_style(t.stroke(GRID, 1.0))
        .light_line_style(TRANSPARENT)
        .axis_style(t.stroke(AXIS, 1.0))
        .label_style(t.text(TICK_SIZE, INK))
        .axis_desc_style(t.text(DESC_SIZE, MUTED))
        .set_all_tick_mark_size(t.px(4.0));
}

/// Percent tick label of a share, with a decimal only when the axis is finer
/// than whole percents.
pub fn pct_tick(v: f64, axis_max: f64) -> String {
    if axis_max < 0.05 { format!("{:.1}%", 100.0 * v) } else { format!("{:.0}%", 100.0 * v) }
}

/// Right end of the attainment axis shared by the distribution and the
/// exceedance chart: past every strategy's P90 with some room, in steps of
/// 50%, within what the summary's histogram covers.
pub fn attainment_axis_max(s: &Summary) -> f64 {
    let p90 = s.strategies.iter().map(|st| st.attainment.p90).filter(|v| v.is_finite()).fold(0.0, f64::max);
    let hist_max = s.strategies.iter().filter_map(|st| st.histogram.edges.last().copied()).filter(|v| v.is_finite()).fold(0.0, f64::max);
    let want = ((p90 * 1.25).max(1.5) * 2.0).ceil() / 2.0;
    if hist_max >= 1.5 { want.min(hist_max) } else { want }
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

/// Horizontal extent of bar `series` of `n_series` in category `group`, on an
/// axis where category g is centred at g.
pub fn bar_span(group: usize, series: usize, n_series: usize) -> (f64, f64) {
    let group_w = 0.8;
    let slot = group_w / n_series.max(1) as f64;
    let x0 = group as f64 - group_w / 2.0 + slot * series as f64;
    (x0 + slot * 0.08, x0 + slot * 0.92)
}

/// Category names centred under their groups, shortened to fit.
pub fn category_labels<DB: DrawingBackend, X: Ranged<ValueType = f64>, Y: Ranged<ValueType = f64>>(
    root: &DrawingArea<DB, Shift>,
    plot: &DrawingArea<DB, Cartesian2d<X, Y>>,
    t: Theme,
    names: &[String],
) -> Result<(), ChartError> {
    let style = t.text(DESC_SIZE, INK).pos(Pos::new(HPos::Center, VPos::Top));
    let (x_px, y_px) = plot.get_pixel_range();
    let slot = f64::from(x_px.end - x_px.start) / names.len().max(1) as f64;
    for (g, name) in names.iter().enumerate() {
        let x = plot.map_coordinate(&(g as f64, plot.get_y_range().start)).0;
        // Two lines before shortening: names often differ only at their end.
        for (k, line) in wrap(root, &clean(name), &style, slot * 0.95, 2).iter().enumerate() {
            root.draw_text(line, &style, (x, y_px.end + t.px(8.0 + 18.0 * k as f64)))?;
        }
    }
    Ok(())
}

/// A value label above a bar: centre x, top of the bar (data coordinates).
pub struct BarLabel {
    pub x: f64,
    pub top: f64,
    pub text: String,
}

/// Labels centred above their bars, in the largest size (15 down to 11 px)
/// at which every label fits its bar slot; none at all if even 11 px is too
/// wide (the axis still reads, and the report's tables carry the numbers).
pub fn bar_labels<DB: DrawingBackend, X: Ranged<ValueType = f64>, Y: Ranged<ValueType = f64>>(
    root: &DrawingArea<DB, Shift>,
    plot: &DrawingArea<DB, Cartesian2d<X, Y>>,
    t: Theme,
    labels: &[BarLabel],
    slot_px: f64,
) -> Result<(), ChartError> {
    for size in [15.0, 14.0, 13.0, 12.0, 11.0] {
        let style = t.text(size, INK).pos(Pos::new(HPos::Center, VPos::Bottom));
        if labels.iter().all(|l| width(root, &l.text, &style) <= slot_px * 1.1) {
            for l in labels {
                let (x, y) = plot.map_coordinate(&(l.x, l.top));
                root.draw_text(&l.text, &style, (x, y - t.px(4.0)))?;
            }
            return Ok(());
        }
    }
    Ok(())
}

/// Width in pixels of the x-axis span [a, b].
pub fn span_px<DB: DrawingBackend, X: Ranged<ValueType = f64>, Y: Ranged<ValueType = f64>>(
    plot: &DrawingArea<DB, Cartesian2d<X, Y>>,
    a: f64,
    b: f64,
) -> f64 {
    let y = plot.get_y_range().start;
    f64::from(plot.map_coordinate(&(b, y)).0 - plot.map_coordinate(&(a, y)).0)
}

/// A dashed straight line between two backend pixel positions.
pub fn dashed<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    from: (i32, i32),
    to: (i32, i32),
    style: ShapeStyle,
    dash: f64,
    gap: f64,
) -> Result<(), ChartError> {
    let (dx, dy) = (f64::from(to.0 - from.0), f64::from(to.1 - from.1));
    let len = dx.hypot(dy);
    if len < 1.0 {
        return Ok(());
    }
    let mut s = 0.0;
    while s < len {
        let e = (s + dash).min(len);
        let p = |d: f64| ((f64::from(from.0) + dx * d / len).round() as i32, (f64::from(from.1) + dy * d / len).round() as i32);
        root.draw(&PathElement::new(vec![p(s), p(e)], style))?;
        s = e + gap;
    }
    Ok(())
}

/// A centred message where a chart has nothing to show.
pub fn no_data<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, t: Theme, message: &str) -> Result<(), ChartError> {
    let (w, h) = area.dim_in_pixel();
    let style = t.text(18.0, MUTED).pos(Pos::new(HPos::Center, VPos::Center));
    area.draw_text(message, &style, ((w / 2) as i32, (h / 2) as i32))?;
    Ok(())
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
    fn bars_stay_inside_their_group() {
        for n in 1..=8 {
            let (a, _) = bar_span(2, 0, n);
            let (_, b) = bar_span(2, n - 1, n);
            assert!(a > 1.5 && b < 2.5);
        }
    }

    #[test]
    fn percent_ticks() {
        assert_eq!(pct_tick(0.25, 1.0), "25%");
        assert_eq!(pct_tick(0.005, 0.02), "0.5%");
    }
}
