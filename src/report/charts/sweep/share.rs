//! The share-at-quota chart of a 1-D sweep: every strategy's share of
//! rep-quarters at quota across the swept values, with 95% bands and the
//! share at the last value labelled at the line's end.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::luminance;
use crate::report::charts::axes::{PLOT_TOP, Plot, TICK_SIZE, X_LABEL_AREA, Y_LABEL_AREA, base_mesh, share_range, span};
use crate::report::charts::frame::{self, Frame};
use crate::report::charts::layout::spread;
use crate::report::charts::legend::{Swatch, strategy_keys};
use crate::report::charts::marks::now_marker;
use crate::report::charts::style::{INK, Theme, strategy_color};
use crate::report::charts::{Chart, ChartError};
use crate::report::facts::sweep::{axis_unit, current_value, reaches};
use crate::report::format::{pct_tick_by_span, pct0, value_in};
use crate::report::words::{self, captions, sweep::*};
use crate::stats::summary::Share;
use crate::study::points::SweepResult;

pub struct ShareCurve<'a> {
    pub r: &'a SweepResult,
}

/// Room right of the plot for the end labels, at 1x.
const END_LABEL_ROOM: f64 = 58.0;
/// Opacity of the 95% bands, and of the paler bands of the range of outcomes.
const BAND_OPACITY: f64 = 0.22;
const OUTCOME_OPACITY: f64 = 0.09;
/// Palette colours lighter than this are too pale for text; their labels are ink.
const PALE: f64 = 0.6;

impl ShareCurve<'_> {
    /// Strategy `k`'s range of outcomes (P10 to P90 of a year's share at
    /// quota) as a closed band, when every point has one.
    fn outcome_band(&self, k: usize) -> Option<Vec<(f64, f64)>> {
        let ends: Option<Vec<(f64, f64, f64)>> = self
            .r
            .points
            .iter()
            .map(|p| p.summary.strategies[k].outcome_range.as_ref().map(|o| (p.values[0], o.at_quota.p10, o.at_quota.p90)))
            .collect();
        let ends = ends?;
        if ends.iter().any(|e| !(e.1.is_finite() && e.2.is_finite())) {
            return None;
        }
        Some(ends.iter().map(|e| (e.0, e.1)).chain(ends.iter().rev().map(|e| (e.0, e.2))).collect())
    }

    /// Strategy `k`'s `f` of its share at quota at every point where it is finite.
    fn series(&self, k: usize, f: impl Fn(&Share) -> f64) -> Vec<(f64, f64)> {
        self.r.points.iter().map(|p| (p.values[0], f(&p.summary.strategies[k].at_quota))).filter(|q| q.1.is_finite()).collect()
    }
}

impl Chart for ShareCurve<'_> {
    fn name(&self) -> String {
        "share_at_quota".into()
    }

    fn title(&self) -> String {
        share_title(self.r)
    }

    fn caption(&self) -> String {
        captions::SHARE_AT_QUOTA.into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let r = self.r;
        let names = r.strategies();
        let keys = names.iter().enumerate().map(|(k, n)| share_key(n, reaches(r, k)));
        let f = Frame {
            title: self.title(),
            subtitle: share_subtitle(r),
            keys: strategy_keys(keys, Swatch::Line),
            footer: words::footer::sweep(r),
        };
        let area = frame::draw(root, t, &f)?;
        let outcome = |k: usize| self.outcome_band(k).filter(|_| reaches(r, k));
        let ys = r.points.iter().flat_map(|p| p.summary.strategies.iter().flat_map(|s| [s.at_quota.ci_low, s.at_quota.ci_high]));
        let bands: Vec<Option<Vec<(f64, f64)>>> = (0..names.len()).map(outcome).collect();
        let (ylo, yhi) = share_range(ys.chain(bands.iter().flatten().flatten().map(|q| q.1)));
        let (x0, x1) = span(r.grid.axes[0].values.iter().copied(), 0.02);
        let unit = axis_unit(r, 0);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(X_LABEL_AREA))
            .y_label_area_size(t.px(Y_LABEL_AREA))
            .margin_top(t.px(PLOT_TOP))
            .margin_right(t.px(END_LABEL_ROOM))
            .build_cartesian_2d(x0..x1, ylo..yhi)?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.x_labels(r.grid.axes[0].values.len().clamp(2, 12))
            .y_labels(8)
            .x_label_formatter(&|v| value_in(unit, *v))
            .y_label_formatter(&|v| pct_tick_by_span(*v, yhi - ylo))
            .x_desc(axis_label(r, 0))
            .y_desc("rep-quarters at or above quota (percent)")
            .draw()?;
        // The range of outcomes first, palest: what a single year may bring.
        for (k, band) in bands.into_iter().enumerate() {
            if let Some(band) = band {
                chart.draw_series(std::iter::once(Polygon::new(band, strategy_color(k).mix(OUTCOME_OPACITY).filled())))?;
            }
        }
        for k in 0..names.len() {
            let (lo, hi) = (self.series(k, |s| s.ci_low), self.series(k, |s| s.ci_high));
            let band: Vec<(f64, f64)> = lo.iter().copied().chain(hi.iter().rev().copied()).collect();
            chart.draw_series(std::iter::once(Polygon::new(band, strategy_color(k).mix(BAND_OPACITY).filled())))?;
        }
        if let Some(x) = current_value(r, 0) {
            now_marker(root, &chart, t, x, &now_label(unit, x))?;
        }
        let ends = self.draw_lines(&mut chart, t, names.len())?;
        end_labels(root, &chart, t, &ends)
    }
}

/// Where a strategy's line ends: its pixel position and the share there.
struct LineEnd {
    strategy: usize,
    at: (i32, i32),
    share: f64,
}

impl ShareCurve<'_> {
    /// Every strategy's line with a dot per point; returns where each line ends.
    fn draw_lines<DB: DrawingBackend>(&self, chart: &mut Plot<'_, DB>, t: Theme, strategies: usize) -> Result<Vec<LineEnd>, ChartError> {
        let mut ends = Vec::new();
        for k in 0..strategies {
            let c = strategy_color(k);
            let line = self.series(k, |s| s.share);
            chart.draw_series(std::iter::once(PathElement::new(line.clone(), t.stroke(c, 2.5))))?;
            chart.draw_series(line.iter().map(|&q| Circle::new(q, t.upx(3.5), c.filled())))?;
            if let Some(&last) = line.last() {
                ends.push(LineEnd { strategy: k, at: chart.backend_coord(&last), share: last.1 });
            }
        }
        Ok(ends)
    }
}

/// The share at each line's end, beside it, spread so labels never overlap.
fn end_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Plot<'_, DB>,
    t: Theme,
    ends: &[LineEnd],
) -> Result<(), ChartError> {
    let style = t.text(TICK_SIZE, INK).pos(Pos::new(HPos::Left, VPos::Center));
    let line_h = t.scale * TICK_SIZE * 1.3;
    let (_, y_px) = chart.plotting_area().get_pixel_range();
    let centers: Vec<f64> = ends.iter().map(|e| f64::from(e.at.1)).collect();
    let placed = spread(&centers, &vec![line_h; ends.len()], f64::from(y_px.start), f64::from(y_px.end), t.scale * 2.0);
    for (end, y) in ends.iter().zip(placed) {
        let c = strategy_color(end.strategy);
        let ink = if luminance(c) > PALE { INK } else { c };
        root.draw_text(&pct0(end.share), &style.color(&ink), (end.at.0 + t.px(9.0), y.round() as i32))?;
    }
    Ok(())
}
