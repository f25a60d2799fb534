//! Attainment by counted quarter: one panel per strategy with the median
//! rep-quarter and the P10–P90 band in each quarter, so ramp, vacancies,
//! attrition and seasons show as dips and recoveries through the year.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::report::charts::axes::{Plot, TICK_SIZE, X_LABEL_AREA, Y_LABEL_AREA, base_mesh, tick_count};
use crate::report::charts::frame::{self, Frame};
use crate::report::charts::layout::width;
use crate::report::charts::marks::{no_data, quota_line};
use crate::report::charts::panels::{self, CAPTION_H};
use crate::report::charts::style::{INK, Theme, lighten, strategy_color};
use crate::report::charts::{Chart, ChartError};
use crate::report::facts::year::{quarters, starts_mid_year};
use crate::report::format::pct0;
use crate::report::words::year::{NO_QUARTERS, by_quarter_axis, by_quarter_subtitle, by_quarter_title, quarter_tick};
use crate::report::words::{self, captions};
use crate::stats::Summary;
use crate::stats::summary::{QuarterSummary, StrategySummary};

pub struct ByQuarter<'a> {
    pub s: &'a Summary,
}

/// Headroom above the highest P90; the y axis ends on a whole half of quota, at 150% or more.
const HEADROOM: f64 = 1.08;
const MIN_Y_MAX: f64 = 1.5;
/// Room right of each panel, at 1x.
const PANEL_RIGHT: f64 = 14.0;
/// Least room between two tick labels, at 1x.
const TICK_GAP: f64 = 14.0;
/// How much the band, its edges and a lone quarter's whisker are lightened towards white.
const BAND_LIGHTEN: f64 = 0.8;
const EDGE_LIGHTEN: f64 = 0.4;

/// A counted quarter's spread: x (the counted quarter) and P10, P50, P90.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Spread {
    x: f64,
    p10: f64,
    p50: f64,
    p90: f64,
}

/// A strategy's quarters with a median, as runs of consecutive quarters
/// (a quarter nobody sat in breaks the band rather than being bridged).
fn runs(st: &StrategySummary) -> Vec<Vec<Spread>> {
    let mut out: Vec<Vec<Spread>> = Vec::new();
    let mut open = false;
    for q in &st.quarters {
        if !(q.p10.is_finite() && q.p50.is_finite() && q.p90.is_finite()) {
            open = false;
            continue;
        }
        let p = Spread { x: f64::from(q.quarter), p10: q.p10, p50: q.p50, p90: q.p90 };
        match out.last_mut() {
            Some(run) if open => run.push(p),
            _ => out.push(vec![p]),
        }
        open = true;
    }
    out
}

/// The tick labels of the x axis: whether they carry the quarter of the year,
/// and how many fit.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Ticks {
    of_year: bool,
    most: usize,
}

impl ByQuarter<'_> {
    /// Top of the shared y axis: past every P90.
    fn y_max(&self) -> f64 {
        let p90 = self.s.strategies.iter().flat_map(|st| st.quarters.iter().map(|q| q.p90)).filter(|v| v.is_finite());
        ((p90.fold(1.0, f64::max) * HEADROOM * 2.0).ceil() / 2.0).max(MIN_Y_MAX)
    }

    /// Tick labels that fit a plot `plot_w` pixels wide: with the quarter of
    /// the year when the year starts elsewhere and every quarter gets one,
    /// else plain and as many as fit.
    fn ticks<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme, plot_w: f64) -> Ticks {
        let all = quarters(self.s);
        let style = t.text(TICK_SIZE, INK);
        let fitting = |of_year: bool| {
            let widest = all.iter().map(|q| width(root, &quarter_tick(q, of_year), &style)).fold(0.0, f64::max);
            (plot_w / (widest + t.scale * TICK_GAP)).floor() as usize
        };
        if starts_mid_year(self.s) && fitting(true) >= all.len() {
            Ticks { of_year: true, most: all.len() }
        } else {
            Ticks { of_year: false, most: fitting(false).clamp(1, all.len().max(1)) }
        }
    }
}

impl Chart for ByQuarter<'_> {
    fn name(&self) -> String {
        "attainment_by_quarter".into()
    }

    fn title(&self) -> String {
        by_quarter_title(self.s)
    }

    fn caption(&self) -> String {
        captions::BY_QUARTER.into()
    }

    fn height(&self) -> u32 {
        panels::height(self.s.strategies.len())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let s = self.s;
        let f = Frame { title: self.title(), subtitle: by_quarter_subtitle(s), keys: Vec::new(), footer: words::footer::run(s) };
        let area = frame::draw(root, t, &f)?;
        if quarters(s).is_empty() || s.strategies.is_empty() {
            return no_data(&area, t, NO_QUARTERS);
        }
        let (rows, cols) = panels::grid(s.strategies.len());
        for (k, (panel, st)) in area.split_evenly((rows, cols)).iter().zip(&s.strategies).enumerate() {
            let (head, body) = panel.split_vertically(t.px(CAPTION_H));
            panels::caption(root, &head, t, k, &st.name, "")?;
            self.draw_panel(root, &body, t, k, k.is_multiple_of(cols))?;
        }
        Ok(())
    }
}

impl ByQuarter<'_> {
    /// Strategy `k`'s plot: axes, quota line, and its band and median.
    fn draw_panel<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        body: &DrawingArea<DB, Shift>,
        t: Theme,
        k: usize,
        first_column: bool,
    ) -> Result<(), ChartError> {
        let all = quarters(self.s);
        let n = all.len();
        let y_max = self.y_max();
        let plot_w = f64::from(body.dim_in_pixel().0) - t.scale * (Y_LABEL_AREA + PANEL_RIGHT);
        let ticks = self.ticks(root, t, plot_w);
        let mut chart = ChartBuilder::on(body)
            .x_label_area_size(t.px(X_LABEL_AREA))
            .y_label_area_size(t.px(Y_LABEL_AREA))
            .margin_right(t.px(PANEL_RIGHT))
            .margin_top(t.px(4.0))
            .build_cartesian_2d(0.5..n as f64 + 0.5, 0.0..y_max)?;
        let tick = |v: &f64| {
            let q = v.round();
            let at = (q >= 1.0 && (v - q).abs() < 1e-6).then(|| all.get(q as usize - 1)).flatten();
            at.map_or(String::new(), |q: &QuarterSummary| quarter_tick(q, ticks.of_year))
        };
        let y_step = if y_max > 3.0 { 1.0 } else { 0.5 };
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.x_labels(ticks.most)
            .y_labels(tick_count(y_max, y_step))
            .x_label_formatter(&tick)
            .y_label_formatter(&|v| pct0(*v))
            .x_desc(by_quarter_axis(self.s, ticks.of_year))
            .y_desc(if first_column { "attainment (percent of quota)" } else { "" })
            .draw()?;
        let runs = runs(&self.s.strategies[k]);
        if runs.is_empty() {
            return no_data(&chart.plotting_area().strip_coord_spec(), t, NO_QUARTERS);
        }
        for run in runs.iter().filter(|r| r.len() > 1) {
            draw_band(&mut chart, t, k, run, y_max)?;
        }
        quota_line(root, &chart, t)?;
        for run in &runs {
            match run.as_slice() {
                [one] => draw_whisker(&mut chart, t, k, one, y_max)?,
                _ => draw_median(&mut chart, t, k, run)?,
            }
        }
        Ok(())
    }
}

/// The P10–P90 band of a run of quarters, with its edges.
fn draw_band<DB: DrawingBackend>(chart: &mut Plot<'_, DB>, t: Theme, k: usize, run: &[Spread], y_max: f64) -> Result<(), ChartError> {
    let c = strategy_color(k);
    let p10: Vec<(f64, f64)> = run.iter().map(|p| (p.x, p.p10)).collect();
    let p90: Vec<(f64, f64)> = run.iter().map(|p| (p.x, p.p90.min(y_max))).collect();
    let band: Vec<(f64, f64)> = p10.iter().copied().chain(p90.iter().rev().copied()).collect();
    chart.draw_series(std::iter::once(Polygon::new(band, lighten(c, BAND_LIGHTEN).filled())))?;
    for edge in [p10, p90] {
        chart.draw_series(std::iter::once(PathElement::new(edge, t.stroke(lighten(c, EDGE_LIGHTEN), 1.0))))?;
    }
    Ok(())
}

/// The median of a run of quarters: a line with a dot per quarter.
fn draw_median<DB: DrawingBackend>(chart: &mut Plot<'_, DB>, t: Theme, k: usize, run: &[Spread]) -> Result<(), ChartError> {
    let c = strategy_color(k);
    let p50: Vec<(f64, f64)> = run.iter().map(|p| (p.x, p.p50)).collect();
    chart.draw_series(std::iter::once(PathElement::new(p50.clone(), t.stroke(c, 2.5))))?;
    chart.draw_series(p50.iter().map(|&q| Circle::new(q, t.upx(3.0), c.filled())))?;
    Ok(())
}

/// A quarter on its own: a whisker from P10 to P90 with end caps and a dot
/// at the median.
fn draw_whisker<DB: DrawingBackend>(chart: &mut Plot<'_, DB>, t: Theme, k: usize, p: &Spread, y_max: f64) -> Result<(), ChartError> {
    let c = strategy_color(k);
    let edge = t.stroke(lighten(c, EDGE_LIGHTEN), 3.0);
    let cap = 0.08;
    let (lo, hi) = (p.p10, p.p90.min(y_max));
    chart.draw_series(std::iter::once(PathElement::new(vec![(p.x, lo), (p.x, hi)], edge)))?;
    for y in [lo, hi] {
        chart.draw_series(std::iter::once(PathElement::new(vec![(p.x - cap, y), (p.x + cap, y)], edge)))?;
    }
    chart.draw_series(std::iter::once(Circle::new((p.x, p.p50), t.upx(6.0), c.filled())))?;
    chart.draw_series(std::iter::once(Circle::new((p.x, p.p50), t.upx(6.0), t.stroke(WHITE, 1.5))))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn a_quarter_nobody_sat_in_breaks_the_band() {
        let s = fixtures::undefined_quarter();
        let r = runs(&s.strategies[0]);
        assert_eq!(r.iter().map(Vec::len).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(r[1][0].x, 3.0);
        let whole = runs(&fixtures::year(4, 1).strategies[0]);
        assert_eq!(whole.len(), 1);
        assert_eq!(whole[0].len(), 4);
    }
}
