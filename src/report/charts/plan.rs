//! A coverage plan's chart per strategy: the metric by coverage target under
//! both counting rules, with 95% bands, which points are within noise of the
//! best, today's policy and the best point labelled.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{PLOT_TOP, Plot, TICK_SIZE, X_LABEL_AREA, Y_LABEL_AREA, base_mesh, share_range, span};
use super::frame::{self, Frame};
use super::layout::width;
use super::legend::{Key, Swatch};
use super::marks::{card, dashed};
use super::style::{INK, MUTED, Theme, lighten, strategy_color};
use super::{Chart, ChartError, Charts, Files};
use crate::report::format::{pct_tick_by_span, times_value};
use crate::report::words::{self, captions, metric_axis, plan::*};
use crate::scenario::slug;
use crate::study::Objective;
use crate::study::plan::{CoveragePlan, PlanPoint, RULES, StrategyPlan};

/// One plan chart per planned strategy with points.
pub fn plan_charts(p: &CoveragePlan) -> Result<Files, ChartError> {
    let mut charts = Charts::default();
    for s in p.strategies.iter().filter(|s| !s.points.is_empty() && !p.targets.is_empty()) {
        charts.add(PlanChart { p, s });
    }
    charts.draw()
}

/// Every plan chart as report.html lists it.
pub fn plan_chart_figures(p: &CoveragePlan) -> Vec<super::Figure> {
    p.strategies.iter().filter(|s| !s.points.is_empty() && !p.targets.is_empty()).map(|s| super::Figure::of(&PlanChart { p, s })).collect()
}

pub(super) struct PlanChart<'a> {
    pub(super) p: &'a CoveragePlan,
    pub(super) s: &'a StrategyPlan,
}

/// The first counting rule's colour is lightened this much for the second.
const SECOND_RULE_LIGHTEN: f64 = 0.4;
/// Opacity of the 95% bands.
const BAND_OPACITY: f64 = 0.18;
/// Today's level: stroke width and dash pattern at 1x.
const TODAY_WIDTH: f64 = 2.0;
const TODAY_DASH: (f64, f64) = (6.0, 4.0);
/// The second rule's curve: dash pattern at 1x.
const RULE_DASH: (f64, f64) = (9.0, 6.0);
/// Room right of the plot, at 1x.
const PLOT_RIGHT: f64 = 14.0;
/// Distance of the "best" label from its point, at 1x.
const BEST_LABEL_GAP: f64 = 14.0;

impl PlanChart<'_> {
    /// Today's policy as a point of the grid, when it is one.
    fn current_point(&self) -> Option<&PlanPoint> {
        let s = self.s;
        let target = s.current_target.trim().parse::<f64>().ok();
        s.points.iter().find(|x| x.rule == s.current_rule && Some(x.target) == target)
    }

    /// Colours of the curves, one per counting rule.
    fn colors(&self) -> [RGBColor; 2] {
        let c = strategy_color(self.s.index);
        [c, lighten(c, SECOND_RULE_LIGHTEN)]
    }

    fn keys(&self) -> Vec<Key> {
        let colors = self.colors();
        vec![
            Key { color: colors[0], label: rule_key(RULES[0]), swatch: Swatch::Line },
            Key { color: colors[1], label: rule_key(RULES[1]), swatch: Swatch::Dashed },
            Key { color: MUTED, label: today_key(self.s), swatch: Swatch::Dashed },
        ]
    }
}

impl Chart for PlanChart<'_> {
    fn name(&self) -> String {
        format!("plan-{}", slug(&self.s.strategy))
    }

    fn title(&self) -> String {
        title(self.p, self.s)
    }

    fn caption(&self) -> String {
        captions::PLAN.into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let (p, s) = (self.p, self.s);
        let f = Frame {
            title: self.title(),
            subtitle: subtitle(p, self.current_point().is_some()),
            keys: self.keys(),
            footer: words::footer::plan(p),
        };
        let area = frame::draw(root, t, &f)?;
        let ys = s.points.iter().flat_map(|x| [x.ci.0, x.ci.1]).chain([s.current_value]);
        let (ylo, yhi) = if p.metric == Objective::ShareAtQuota { share_range(ys) } else { span(ys, 0.1) };
        let (x0, x1) = span(p.targets.iter().copied(), 0.04);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(X_LABEL_AREA))
            .y_label_area_size(t.px(Y_LABEL_AREA))
            .margin_top(t.px(PLOT_TOP))
            .margin_right(t.px(PLOT_RIGHT))
            .build_cartesian_2d(x0..x1, ylo..yhi)?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.x_labels(p.targets.len().clamp(2, 16))
            .y_labels(8)
            .x_label_formatter(&|v| times_value(*v))
            .y_label_formatter(&|v| pct_tick_by_span(*v, yhi - ylo))
            .x_desc("coverage target (× quota)")
            .y_desc(metric_axis(p.metric))
            .draw()?;
        self.draw_today(root, &chart, t)?;
        for rule in 0..RULES.len() {
            self.draw_rule(&mut chart, t, rule)?;
        }
        if let Some(x) = self.current_point() {
            chart.draw_series(std::iter::once(Circle::new((x.target, x.value), t.upx(9.5), t.stroke(INK, 1.5))))?;
        }
        self.draw_point_label(root, &chart, t, self.s.best, &best_label(self.s), true)?;
        match practical_label(self.s, p.tolerance) {
            Some(label) => self.draw_point_label(root, &chart, t, self.s.practical, &label, false),
            None => Ok(()),
        }
    }
}

impl PlanChart<'_> {
    /// Today's level across the plot, when it is within it.
    fn draw_today<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, chart: &Plot<'_, DB>, t: Theme) -> Result<(), ChartError> {
        let v = self.s.current_value;
        let (xr, yr) = (chart.x_range(), chart.y_range());
        let (ax0, cy) = chart.backend_coord(&(xr.start, v));
        let (ax1, _) = chart.backend_coord(&(xr.end, v));
        if v.is_finite() && v >= yr.start && v <= yr.end {
            dashed(root, (ax0, cy), (ax1, cy), t.stroke(MUTED, TODAY_WIDTH), t.scale * TODAY_DASH.0, t.scale * TODAY_DASH.1)?;
        }
        Ok(())
    }

    /// One counting rule's band, curve (solid for the first rule, dashed for
    /// the second) and dots: filled within noise of the best, hollow if worse.
    fn draw_rule<DB: DrawingBackend>(&self, chart: &mut Plot<'_, DB>, t: Theme, rule: usize) -> Result<(), ChartError> {
        let n = self.p.targets.len();
        let color = self.colors()[rule];
        let Some(pts) = self.s.points.get(rule * n..(rule + 1) * n) else { return Ok(()) };
        let band: Vec<(f64, f64)> = pts.iter().map(|x| (x.target, x.ci.0)).chain(pts.iter().rev().map(|x| (x.target, x.ci.1))).collect();
        chart.draw_series(std::iter::once(Polygon::new(band, color.mix(BAND_OPACITY).filled())))?;
        let line: Vec<(f64, f64)> = pts.iter().map(|x| (x.target, x.value)).collect();
        let style = t.stroke(color, 2.5);
        if rule == 0 {
            chart.draw_series(std::iter::once(PathElement::new(line, style)))?;
        } else {
            chart.draw_series(DashedLineSeries::new(line, t.upx(RULE_DASH.0), t.upx(RULE_DASH.1), style))?;
        }
        chart.draw_series(pts.iter().map(|x| {
            let fill = if x.within_noise { color.filled() } else { WHITE.filled() };
            Circle::new((x.target, x.value), t.upx(5.0), fill)
        }))?;
        chart.draw_series(pts.iter().map(|x| Circle::new((x.target, x.value), t.upx(5.0), t.stroke(color, 2.0))))?;
        Ok(())
    }

    /// A label on a card above a point (`above`, when there is room) or below it.
    fn draw_point_label<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &Plot<'_, DB>,
        t: Theme,
        point: usize,
        label: &str,
        above: bool,
    ) -> Result<(), ChartError> {
        let x = &self.s.points[point];
        let style = t.bold(TICK_SIZE, INK);
        let w = width(root, label, &style) as i32;
        let (bx, by) = chart.backend_coord(&(x.target, x.value));
        let (xr, yr) = chart.plotting_area().get_pixel_range();
        let h = t.px(TICK_SIZE);
        let gap = t.px(BEST_LABEL_GAP);
        let fits_above = by - gap - h > yr.start;
        let fits_below = by + gap + h < yr.end;
        let ly = if (above && fits_above) || !fits_below { by - gap - h } else { by + gap };
        let lx = (bx - w / 2).clamp(xr.start + t.px(4.0), xr.end - w - t.px(4.0));
        card(root, t, lx, ly, lx + w, ly + h)?;
        root.draw_text(label, &style.pos(Pos::new(HPos::Left, VPos::Top)), (lx, ly))?;
        Ok(())
    }
}
