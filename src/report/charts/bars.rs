//! Grouped bars: their geometry, the category names under the groups and
//! the value labels above the bars, which never overlap.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ChartError;
use super::axes::DESC_SIZE;
use super::layout::{clean, width, wrap};
use super::style::{INK, Theme};

/// Share of a category's width its group of bars takes.
const GROUP_WIDTH: f64 = 0.8;
/// Share of a bar's slot left empty on each side.
const BAR_GAP: f64 = 0.08;
/// Value label sizes tried, largest first (1x pixels).
const LABEL_SIZES: [f64; 5] = [15.0, 14.0, 13.0, 12.0, 11.0];
/// How far a value label may overhang its bar slot.
const LABEL_OVERHANG: f64 = 1.1;

/// Horizontal extent of bar `series` of `n_series` in category `group`, on an
/// axis where category g is centred at g.
pub fn bar_span(group: usize, series: usize, n_series: usize) -> (f64, f64) {
    let slot = GROUP_WIDTH / n_series.max(1) as f64;
    let x0 = group as f64 - GROUP_WIDTH / 2.0 + slot * series as f64;
    (x0 + slot * BAR_GAP, x0 + slot * (1.0 - BAR_GAP))
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
    for size in LABEL_SIZES {
        let style = t.text(size, INK).pos(Pos::new(HPos::Center, VPos::Bottom));
        if labels.iter().all(|l| width(root, &l.text, &style) <= slot_px * LABEL_OVERHANG) {
            for l in labels {
                let (x, y) = plot.map_coordinate(&(l.x, l.top));
                root.draw_text(&l.text, &style, (x, y - t.px(4.0)))?;
            }
            return Ok(());
        }
    }
    Ok(())
}

/// Width in pixels of the slot of one bar of `n_series` (its bar and the
/// gaps beside it, less `trim` on each side in data units).
pub fn slot_px<DB: DrawingBackend, X: Ranged<ValueType = f64>, Y: Ranged<ValueType = f64>>(
    plot: &DrawingArea<DB, Cartesian2d<X, Y>>,
    n_series: usize,
    trim: f64,
) -> f64 {
    let (a, b) = bar_span(0, 0, n_series);
    span_px(plot, a - trim, b + trim)
}

/// Width in pixels of the x-axis span [a, b].
fn span_px<DB: DrawingBackend, X: Ranged<ValueType = f64>, Y: Ranged<ValueType = f64>>(
    plot: &DrawingArea<DB, Cartesian2d<X, Y>>,
    a: f64,
    b: f64,
) -> f64 {
    let y = plot.get_y_range().start;
    f64::from(plot.map_coordinate(&(b, y)).0 - plot.map_coordinate(&(a, y)).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_stay_inside_their_group() {
        for n in 1..=8 {
            let (a, _) = bar_span(2, 0, n);
            let (_, b) = bar_span(2, n - 1, n);
            assert!(a > 1.5 && b < 2.5);
        }
    }
}
