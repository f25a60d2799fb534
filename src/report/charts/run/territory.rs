//! Attainment and accounts by counted quarter, one panel per strategy: on
//! top the mean attainment per rep-quarter with its 95% interval, below it
//! the accounts a seat could work at the quarter's start. A list that burns
//! shows as accounts falling and attainment following them down; a strategy
//! on an unlimited market shows its attainment only. Drawn only when some
//! strategy sells to a finite list.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::report::charts::axes::{Plot, X_LABEL_AREA, Y_LABEL_AREA, base_mesh, nice_ceiling, tick_count};
use crate::report::charts::frame::{self, Frame};
use crate::report::charts::legend::{Key, Swatch};
use crate::report::charts::marks::{dashed, no_data, quota_line};
use crate::report::charts::panels::{self, CAPTION_H};
use crate::report::charts::style::{INK, Theme, lighten, strategy_color};
use crate::report::charts::{Chart, ChartError};
use crate::report::facts::year::quarters;
use crate::report::format::{grouped, pct0};
use crate::report::words::territory::{
    ACCOUNTS_AXIS, ATTAINMENT_AXIS, AVAILABLE_KEY, CHART_NAME, CHART_SUBTITLE, FRESH_KEY, NO_LIST, chart_title,
};
use crate::report::words::year::NO_QUARTERS;
use crate::report::words::{self, captions};
use crate::stats::summary::StrategySummary;
use crate::stats::{Estimate, Summary};

pub struct Territory<'a> {
    pub s: &'a Summary,
}

/// Extra height over the usual panels, at 1x: each panel holds two plots.
const EXTRA_HEIGHT: u32 = 140;
/// Share of a panel's body the attainment plot takes.
const TOP_SHARE: f64 = 0.55;
/// Room right of each plot, at 1x.
const PANEL_RIGHT: f64 = 14.0;
/// How much the interval band is lightened towards white.
const BAND_LIGHTEN: f64 = 0.75;
/// Dash and gap of the line of accounts never worked, at 1x.
const FRESH_DASH: (f64, f64) = (6.0, 4.0);

/// A figure by counted quarter: (quarter, value, interval low, interval high)
/// for the quarters where it is defined.
fn series(st: &StrategySummary, figure: impl Fn(&crate::stats::summary::QuarterSummary) -> Option<Estimate>) -> Vec<(f64, f64, f64, f64)> {
    st.quarters
        .iter()
        .filter_map(|q| {
            let e = figure(q)?;
            e.value.is_finite().then(|| (f64::from(q.quarter), e.value, e.ci_low, e.ci_high))
        })
        .collect()
}

fn attainment(st: &StrategySummary) -> Vec<(f64, f64, f64, f64)> {
    series(st, |q| Some(q.mean_attainment))
}

fn accounts(st: &StrategySummary) -> Vec<(f64, f64, f64, f64)> {
    series(st, |q| q.territory.map(|t| t.accounts_available))
}

fn fresh(st: &StrategySummary) -> Vec<(f64, f64, f64, f64)> {
    series(st, |q| q.territory.map(|t| t.accounts_fresh))
}

impl Territory<'_> {
    /// Top of the shared attainment axis: past every interval, on a half of quota, 150% at least.
    fn attainment_max(&self) -> f64 {
        let highest = self.s.strategies.iter().flat_map(attainment).map(|p| p.3).filter(|v| v.is_finite()).fold(1.0, f64::max);
        ((highest * 1.08 * 2.0).ceil() / 2.0).max(1.5)
    }

    /// Top of the shared accounts axis.
    fn accounts_max(&self) -> f64 {
        nice_ceiling(self.s.strategies.iter().flat_map(accounts).map(|p| p.3).filter(|v| v.is_finite()).fold(1.0, f64::max))
    }
}

impl Chart for Territory<'_> {
    fn name(&self) -> String {
        CHART_NAME.into()
    }

    fn title(&self) -> String {
        chart_title(self.s)
    }

    fn caption(&self) -> String {
        captions::TERRITORY.into()
    }

    fn height(&self) -> u32 {
        panels::height(self.s.strategies.len()) + EXTRA_HEIGHT
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let s = self.s;
        let keys = vec![
            Key { color: INK, label: AVAILABLE_KEY.into(), swatch: Swatch::Line },
            Key { color: INK, label: FRESH_KEY.into(), swatch: Swatch::Dashed },
        ];
        let f = Frame { title: self.title(), subtitle: CHART_SUBTITLE.into(), keys, footer: words::footer::run(s) };
        let area = frame::draw(root, t, &f)?;
        if quarters(s).is_empty() || s.strategies.is_empty() {
            return no_data(&area, t, NO_QUARTERS);
        }
        let (rows, cols) = panels::grid(s.strategies.len());
        for (k, (panel, st)) in area.split_evenly((rows, cols)).iter().zip(&s.strategies).enumerate() {
            let (head, body) = panel.split_vertically(t.px(CAPTION_H));
            panels::caption(root, &head, t, k, &st.name, "")?;
            let (top, bottom) = body.split_vertically((f64::from(body.dim_in_pixel().1) * TOP_SHARE) as i32);
            let first_column = k.is_multiple_of(cols);
            self.draw_attainment(root, &top, t, k, first_column)?;
            self.draw_accounts(root, &bottom, t, k, first_column)?;
        }
        Ok(())
    }
}

impl Territory<'_> {
    /// A plot over the counted quarters with `y_max` on the y axis; tick
    /// labels on x only with `x_labels`.
    fn plot<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        t: Theme,
        y_max: f64,
        x_labels: bool,
    ) -> Result<Plot<'a, DB>, ChartError> {
        let n = quarters(self.s).len();
        Ok(ChartBuilder::on(area)
            .x_label_area_size(t.px(if x_labels { X_LABEL_AREA } else { 8.0 }))
            .y_label_area_size(t.px(Y_LABEL_AREA))
            .margin_right(t.px(PANEL_RIGHT))
            .margin_top(t.px(6.0))
            .build_cartesian_2d(0.5..n as f64 + 0.5, 0.0..y_max)?)
    }

    /// Strategy `k`'s mean attainment by quarter: its interval band, the line, the quota.
    fn draw_attainment<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        area: &DrawingArea<DB, Shift>,
        t: Theme,
        k: usize,
        first_column: bool,
    ) -> Result<(), ChartError> {
        let y_max = self.attainment_max();
        let mut chart = self.plot(area, t, y_max, false)?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.x_labels(0)
            .y_labels(tick_count(y_max, 0.5))
            .y_label_formatter(&|v| pct0(*v))
            .y_desc(if first_column { ATTAINMENT_AXIS } else { "" })
            .draw()?;
        let points = attainment(&self.s.strategies[k]);
        draw_line(&mut chart, t, k, &points, y_max)?;
        quota_line(root, &chart, t)
    }

    /// Strategy `k`'s accounts available at each quarter's start, or why there are none.
    fn draw_accounts<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        area: &DrawingArea<DB, Shift>,
        t: Theme,
        k: usize,
        first_column: bool,
    ) -> Result<(), ChartError> {
        let all = quarters(self.s);
        let y_max = self.accounts_max();
        let mut chart = self.plot(area, t, y_max, true)?;
        let tick = |v: &f64| {
            let q = v.round();
            if q >= 1.0 && (v - q).abs() < 1e-6 && q as usize <= all.len() { format!("Q{q}") } else { String::new() }
        };
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.x_labels(all.len().min(12))
            .y_labels(5)
            .x_label_formatter(&tick)
            .y_label_formatter(&|v| grouped(*v))
            .x_desc("counted quarter")
            .y_desc(if first_column { ACCOUNTS_AXIS } else { "" })
            .draw()?;
        let st = &self.s.strategies[k];
        if st.territory.is_none() {
            return no_data(&chart.plotting_area().strip_coord_spec(), t, NO_LIST);
        }
        draw_line(&mut chart, t, k, &accounts(st), y_max)?;
        draw_dashed(root, &chart, t, k, &fresh(st))
    }
}

/// A second figure of strategy `k` as a dashed line through its quarters.
fn draw_dashed<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Plot<'_, DB>,
    t: Theme,
    k: usize,
    points: &[(f64, f64, f64, f64)],
) -> Result<(), ChartError> {
    let style = t.stroke(strategy_color(k), 2.0);
    for pair in points.windows(2) {
        let (a, b) = (chart.backend_coord(&(pair[0].0, pair[0].1)), chart.backend_coord(&(pair[1].0, pair[1].1)));
        dashed(root, a, b, style, t.scale * FRESH_DASH.0, t.scale * FRESH_DASH.1)?;
    }
    if let [one] = points {
        root.draw(&Circle::new(chart.backend_coord(&(one.0, one.1)), t.upx(3.0), style))?;
    }
    Ok(())
}

/// A figure's line with a dot per quarter over its shaded 95% interval.
fn draw_line<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    t: Theme,
    k: usize,
    points: &[(f64, f64, f64, f64)],
    y_max: f64,
) -> Result<(), ChartError> {
    let c = strategy_color(k);
    if points.len() > 1 {
        let low = points.iter().map(|p| (p.0, p.2.max(0.0)));
        let high: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.3.min(y_max))).collect();
        let band: Vec<(f64, f64)> = low.chain(high.into_iter().rev()).collect();
        chart.draw_series(std::iter::once(Polygon::new(band, lighten(c, BAND_LIGHTEN).filled())))?;
        let line: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.1)).collect();
        chart.draw_series(std::iter::once(PathElement::new(line, t.stroke(c, 2.5))))?;
    }
    chart.draw_series(points.iter().map(|p| Circle::new((p.0, p.1.min(y_max)), t.upx(3.0), c.filled())))?;
    Ok(())
}
