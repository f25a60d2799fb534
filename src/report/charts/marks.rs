//! Marks drawn over plots: dashed reference lines (quota, today's value),
//! labels on light cards, and the message where a chart has nothing to show.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ChartError;
use super::axes::{Plot, TICK_SIZE};
use super::layout::width;
use super::style::{MUTED, QUOTA, Theme};
use crate::report::words::QUOTA_LABEL;

/// The quota line: stroke width and dash pattern at 1x.
const QUOTA_WIDTH: f64 = 1.5;
const QUOTA_DASH: (f64, f64) = (7.0, 5.0);
/// The line of a scenario's current value: dotted.
const NOW_DASH: (f64, f64) = (2.5, 3.5);
/// Opacity of the white card behind a label.
const CARD_OPACITY: f64 = 0.9;
/// Size of the "no data" message at 1x.
const MESSAGE_SIZE: f64 = 18.0;

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

/// The quota line between two backend pixel positions, unlabelled.
pub fn quota_dashes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: Theme,
    from: (i32, i32),
    to: (i32, i32),
) -> Result<(), ChartError> {
    dashed(root, from, to, t.stroke(QUOTA, QUOTA_WIDTH), t.scale * QUOTA_DASH.0, t.scale * QUOTA_DASH.1)
}

/// The 100%-of-quota line across a plot, labelled "quota" at its right end.
pub fn quota_line<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, chart: &Plot<'_, DB>, t: Theme) -> Result<(), ChartError> {
    let (xr, yr) = (chart.x_range(), chart.y_range());
    if !(1.0 > yr.start && 1.0 < yr.end) {
        return Ok(());
    }
    let (x0, y) = chart.backend_coord(&(xr.start, 1.0));
    let (x1, _) = chart.backend_coord(&(xr.end, 1.0));
    quota_dashes(root, t, (x0, y), (x1, y))?;
    let style = t.bold(TICK_SIZE - 1.0, QUOTA).pos(Pos::new(HPos::Right, VPos::Bottom));
    root.draw_text(QUOTA_LABEL, &style, (x1 - t.px(4.0), y - t.px(3.0)))?;
    Ok(())
}

/// A light card behind a label so it reads over lines and bands.
pub fn card<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, t: Theme, x0: i32, y0: i32, x1: i32, y1: i32) -> Result<(), ChartError> {
    root.draw(&Rectangle::new([(x0 - t.px(4.0), y0 - t.px(2.0)), (x1 + t.px(4.0), y1 + t.px(2.0))], WHITE.mix(CARD_OPACITY).filled()))?;
    Ok(())
}

/// The scenario's current value on an x axis: a dotted vertical line and its
/// label inside the plot's top edge (on the side with room), on a card.
pub fn now_marker<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Plot<'_, DB>,
    t: Theme,
    x: f64,
    label: &str,
) -> Result<(), ChartError> {
    let (xr, yr) = (chart.x_range(), chart.y_range());
    if !(x.is_finite() && x >= xr.start && x <= xr.end) {
        return Ok(());
    }
    let (px, top) = chart.backend_coord(&(x, yr.end));
    let (_, bottom) = chart.backend_coord(&(x, yr.start));
    dashed(root, (px, top), (px, bottom), t.stroke(MUTED, 1.5), t.scale * NOW_DASH.0, t.scale * NOW_DASH.1)?;
    let style = t.text(TICK_SIZE - 1.0, MUTED);
    let w = width(root, label, &style) as i32;
    let right_edge = chart.plotting_area().get_pixel_range().0.end;
    let lx = if px + t.px(6.0) + w + t.px(4.0) <= right_edge { px + t.px(6.0) } else { px - t.px(6.0) - w };
    let ly = top + t.px(5.0);
    card(root, t, lx, ly, lx + w, ly + t.px(TICK_SIZE))?;
    root.draw_text(label, &style.pos(Pos::new(HPos::Left, VPos::Top)), (lx, ly))?;
    Ok(())
}

/// A centred message where a chart has nothing to show.
pub fn no_data<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, t: Theme, message: &str) -> Result<(), ChartError> {
    let (w, h) = area.dim_in_pixel();
    let style = t.text(MESSAGE_SIZE, MUTED).pos(Pos::new(HPos::Center, VPos::Center));
    area.draw_text(message, &style, ((w / 2) as i32, (h / 2) as i32))?;
    Ok(())
}
