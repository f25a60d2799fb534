//! A tornado chart per strategy: each row moves one parameter to a low and a
//! high value, bars from the metric as the scenario stands to the metric at
//! each end, with paired 95% whiskers; rows ranked by effect.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{Plot, TICK_SIZE, X_LABEL_AREA, base_mesh, span};
use super::frame::{self, Frame};
use super::layout::{clean, ellipsize, width};
use super::legend::{Key, Swatch};
use super::style::{INK, MUTED, Theme, lighten};
use super::{Chart, ChartError, Charts, Files};
use crate::report::facts::sweep::measurable;
use crate::report::format::{pct_tick_by_span, pct1};
use crate::report::words::{self, captions, metric_axis, tornado::*};
use crate::scenario::slug;
use crate::stats::Estimate;
use crate::study::tornado::{Bar, StrategyTornado, Tornado};

/// Tornado bar colours: a light (low) and a dark (high) slate, told apart by
/// lightness alone and outside the strategy palette, so no bar reads as a
/// strategy.
pub(super) const LOW: RGBColor = RGBColor(168, 178, 190);
pub(super) const HIGH: RGBColor = RGBColor(62, 74, 89);
/// Zebra stripe behind every other row.
const STRIPE: RGBColor = RGBColor(246, 247, 249);
/// How much bars that are not measurable are lightened towards white.
const PALE_LIGHTEN: f64 = 0.55;

/// Row height of a tornado bar at 1x; the frame and axis take the rest of
/// the height, with a minimum for charts of few rows.
const BAR_ROW: f64 = 30.0;
const FRAME_HEIGHT: f64 = 300.0;
const MIN_HEIGHT: f64 = 460.0;
/// Half the height of a bar and of a whisker's end tick, in rows.
const BAR_HALF: f64 = 0.34;
const WHISKER_HALF: f64 = 0.13;
/// Widest a parameter name gets before it is shortened, at 1x.
const KEY_MAX: f64 = 340.0;
/// Between a row's name and its range, and from the range to the plot, at 1x.
const LABEL_GAP: f64 = 8.0;
const LABEL_AREA_SLACK: f64 = 22.0;
const ROW_LABEL_GAP: f64 = 10.0;
/// Room beside the outermost bars for their value labels, at 1x.
const VALUE_ROOM: f64 = 58.0;
/// Narrowest the bars' share of the plot may get when making that room, at 1x.
const MIN_BAR_SPAN: f64 = 100.0;
/// Room right of the plot, and above it for the centre line's label, at 1x.
const PLOT_RIGHT: f64 = 14.0;
const PLOT_TOP: f64 = 24.0;

/// One tornado chart per strategy that has bars.
pub fn tornado_charts(t: &Tornado) -> Result<Files, ChartError> {
    let mut charts = Charts::default();
    for s in t.strategies.iter().filter(|s| !s.bars.is_empty()) {
        charts.add(TornadoChart { t, s });
    }
    charts.draw()
}

/// Every tornado chart as report.html lists it.
pub fn tornado_chart_figures(t: &Tornado) -> Vec<super::Figure> {
    t.strategies.iter().filter(|s| !s.bars.is_empty()).map(|s| super::Figure::of(&TornadoChart { t, s })).collect()
}

pub(super) struct TornadoChart<'a> {
    pub(super) t: &'a Tornado,
    pub(super) s: &'a StrategyTornado,
}

/// The labels left of the rows, measured: the parameter, then its low and
/// high value in muted text.
struct RowLabels<'a> {
    key: TextStyle<'a>,
    range: TextStyle<'a>,
    ranges: Vec<String>,
    key_w: f64,
    range_w: f64,
}

impl RowLabels<'_> {
    fn measure<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, t: Theme, bars: &[Bar]) -> Self {
        let (key, range) = (t.text(TICK_SIZE, INK), t.text(TICK_SIZE - 1.0, MUTED));
        let ranges: Vec<String> = bars.iter().map(bar_range).collect();
        let range_w = ranges.iter().map(|l| width(root, l, &range)).fold(0.0, f64::max);
        let key_w = bars.iter().map(|b| width(root, &clean(&row_label(b)), &key)).fold(0.0, f64::max).min(t.scale * KEY_MAX);
        RowLabels { key, range, ranges, key_w, range_w }
    }

    /// Width of the label area left of the plot.
    fn area_w(&self, t: Theme) -> f64 {
        self.key_w + t.scale * LABEL_GAP + self.range_w + t.scale * LABEL_AREA_SLACK
    }
}

impl TornadoChart<'_> {
    fn base(&self) -> f64 {
        self.s.bars[0].metric_base
    }

    /// The x range: every bar and whisker and the base, with room beside the
    /// outermost ones for their labels in a plot `plot_w` pixels wide.
    fn x_range(&self, t: Theme, plot_w: f64) -> (f64, f64) {
        let base = self.base();
        let ends = self.s.bars.iter().flat_map(|b| {
            [
                b.metric_low,
                b.metric_high,
                base + b.low_diff.ci_low,
                base + b.low_diff.ci_high,
                base + b.high_diff.ci_low,
                base + b.high_diff.ci_high,
            ]
        });
        let (lo, hi) = span(ends.chain([base]), 0.0);
        let room = t.scale * VALUE_ROOM;
        let pad = (hi - lo) * room / (plot_w - 2.0 * room).max(t.scale * MIN_BAR_SPAN);
        (lo - pad, hi + pad)
    }

    /// The y position of row `i`: the first row at the top.
    fn row_y(&self, i: usize) -> f64 {
        (self.s.bars.len() - 1 - i) as f64
    }
}

impl Chart for TornadoChart<'_> {
    fn name(&self) -> String {
        format!("tornado-{}", slug(&self.s.strategy))
    }

    fn title(&self) -> String {
        title(self.t, self.s)
    }

    fn caption(&self) -> String {
        captions::TORNADO.into()
    }

    fn height(&self) -> u32 {
        (FRAME_HEIGHT + BAR_ROW * self.s.bars.len() as f64).max(MIN_HEIGHT) as u32
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let (base, n) = (self.base(), self.s.bars.len());
        let any_pale = self.s.bars.iter().any(|b| !measurable(&b.swing));
        let f = Frame {
            title: self.title(),
            subtitle: subtitle(self.t, base, any_pale),
            keys: vec![
                Key { color: LOW, label: LOW_KEY.into(), swatch: Swatch::Fill },
                Key { color: HIGH, label: HIGH_KEY.into(), swatch: Swatch::Fill },
            ],
            footer: words::footer::tornado(self.t),
        };
        let area = frame::draw(root, t, &f)?;
        let labels = RowLabels::measure(root, t, &self.s.bars);
        let label_area = labels.area_w(t);
        let (aw, _) = area.dim_in_pixel();
        let (x0, x1) = self.x_range(t, f64::from(aw) - label_area - t.scale * PLOT_RIGHT);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(X_LABEL_AREA))
            .y_label_area_size(label_area as i32)
            .margin_right(t.px(PLOT_RIGHT))
            .margin_top(t.px(PLOT_TOP))
            .build_cartesian_2d(x0..x1, -0.5..n as f64 - 0.5)?;
        // Zebra rows help the eye from label to bar on tall charts; drawn
        // first so the grid stays on top.
        for y in (0..n).filter(|i| i % 2 == 1).map(|i| self.row_y(i)) {
            chart.draw_series(std::iter::once(Rectangle::new([(x0, y - 0.5), (x1, y + 0.5)], STRIPE.filled())))?;
        }
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.disable_y_mesh()
            .y_labels(0)
            .x_labels(10)
            .x_label_formatter(&|v| pct_tick_by_span(*v, x1 - x0))
            .x_desc(metric_axis(self.t.metric))
            .draw()?;
        for (i, b) in self.s.bars.iter().enumerate() {
            self.draw_row(root, &mut chart, t, i, b, &labels)?;
        }
        self.draw_centre_line(root, &chart, t)
    }
}

/// One side of a row: the paired difference, the metric there, and its colour.
type Side<'a> = (&'a Estimate, f64, RGBColor);

impl TornadoChart<'_> {
    /// Row `i`: its bars, whiskers, value labels and row label, in that order.
    fn draw_row<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &mut Plot<'_, DB>,
        t: Theme,
        i: usize,
        b: &Bar,
        labels: &RowLabels<'_>,
    ) -> Result<(), ChartError> {
        let (base, y) = (self.base(), self.row_y(i));
        let sides: [Side<'_>; 2] = [(&b.low_diff, b.metric_low, LOW), (&b.high_diff, b.metric_high, HIGH)];
        // Longer bar first, so a shorter one on the same side stays visible.
        let order = if (sides[1].1 - base).abs() > (sides[0].1 - base).abs() { [1, 0] } else { [0, 1] };
        for j in order {
            let (_, v, c) = sides[j];
            let c = if measurable(&b.swing) { c } else { lighten(c, PALE_LIGHTEN) };
            chart.draw_series(std::iter::once(Rectangle::new([(base, y - BAR_HALF), (v, y + BAR_HALF)], c.filled())))?;
        }
        for (d, _, _) in sides {
            draw_whisker(chart, t, (base + d.ci_low, base + d.ci_high), y)?;
        }
        let (_, py) = chart.backend_coord(&(base, y));
        self.draw_values(root, chart, t, b, &sides, py)?;
        let right = chart.plotting_area().get_pixel_range().0.start - t.px(ROW_LABEL_GAP);
        draw_row_label(root, t, labels, i, &row_label(b), (right, py))
    }

    /// The metric at the outermost end on each side of the centre line, or
    /// "no change" when neither end moves it as printed.
    fn draw_values<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &Plot<'_, DB>,
        t: Theme,
        b: &Bar,
        sides: &[Side<'_>; 2],
        py: i32,
    ) -> Result<(), ChartError> {
        let base = self.base();
        let style = t.text(TICK_SIZE - 1.0, INK);
        if pct1(b.metric_low) == pct1(base) && pct1(b.metric_high) == pct1(base) {
            let (px, _) = chart.backend_coord(&(base, 0.0));
            return Ok(root.draw_text(NO_CHANGE, &style.color(&MUTED).pos(Pos::new(HPos::Left, VPos::Center)), (px + t.px(8.0), py))?);
        }
        for left in [true, false] {
            let on_side = (0..2).filter(|&j| (sides[j].1 < base) == left && sides[j].1 != base);
            let Some(j) = on_side.max_by(|&a, &b| (sides[a].1 - base).abs().total_cmp(&(sides[b].1 - base).abs())) else { continue };
            let (d, v, _) = sides[j];
            let reach = if left { v.min(base + d.ci_low) } else { v.max(base + d.ci_high) };
            let (px, _) = chart.backend_coord(&(reach, 0.0));
            let (hpos, dx) = if left { (HPos::Right, -t.px(5.0)) } else { (HPos::Left, t.px(5.0)) };
            root.draw_text(&pct1(v), &style.pos(Pos::new(hpos, VPos::Center)), (px + dx, py))?;
        }
        Ok(())
    }

    /// The centre line at the metric as the scenario stands, labelled above the plot.
    fn draw_centre_line<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &Plot<'_, DB>,
        t: Theme,
    ) -> Result<(), ChartError> {
        let (base, n) = (self.base(), self.s.bars.len());
        let (bx, top) = chart.backend_coord(&(base, n as f64 - 0.5));
        let (_, bottom) = chart.backend_coord(&(base, -0.5));
        root.draw(&PathElement::new(vec![(bx, top), (bx, bottom)], t.stroke(INK, 2.0)))?;
        let style = t.bold(TICK_SIZE - 1.0, INK).pos(Pos::new(HPos::Center, VPos::Bottom));
        root.draw_text(&base_label(base), &style, (bx, top - t.px(5.0)))?;
        Ok(())
    }
}

/// A whisker from `lo` to `hi` on row `y`, with end ticks.
fn draw_whisker<DB: DrawingBackend>(chart: &mut Plot<'_, DB>, t: Theme, (lo, hi): (f64, f64), y: f64) -> Result<(), ChartError> {
    let style = t.stroke(INK, 1.0);
    chart.draw_series(std::iter::once(PathElement::new(vec![(lo, y), (hi, y)], style)))?;
    for w in [lo, hi] {
        chart.draw_series(std::iter::once(PathElement::new(vec![(w, y - WHISKER_HALF), (w, y + WHISKER_HALF)], style)))?;
    }
    Ok(())
}

/// Row `i`'s label, right-aligned against the plot at `right`: its range,
/// then its parameter name left of it.
fn draw_row_label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: Theme,
    labels: &RowLabels<'_>,
    i: usize,
    key: &str,
    (right, py): (i32, i32),
) -> Result<(), ChartError> {
    let range = &labels.ranges[i];
    root.draw_text(range, &labels.range.pos(Pos::new(HPos::Right, VPos::Center)), (right, py))?;
    let rw = width(root, range, &labels.range);
    let key = ellipsize(root, &clean(key), &labels.key, t.scale * KEY_MAX);
    root.draw_text(&key, &labels.key.pos(Pos::new(HPos::Right, VPos::Center)), (right - (rw + t.scale * LABEL_GAP) as i32, py))?;
    Ok(())
}
