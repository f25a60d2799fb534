//! `solve`'s chart: the metric against the parameter for each strategy, the
//! refining evaluations with their 95% Monte Carlo intervals, the screen's as
//! small dots, the target as a dashed line and each answer as a band (its
//! interval) around a line.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{PLOT_TOP, X_LABEL_AREA, Y_LABEL_AREA, base_mesh, span};
use super::frame::{self, Frame};
use super::legend::{Key, Swatch};
use super::marks::dashed;
use super::style::{INK, Theme, lighten, strategy_color};
use super::{Chart, ChartError, Charts, Files};
use crate::report::words::solve::{metric_value, param_label, param_value, solve_caption, solve_subtitle, solve_title};
use crate::study::solve::{Answer, Goal, SolveResult};

pub struct SolveCurve<'a> {
    pub r: &'a SolveResult,
}

/// The charts of a solve as report.html lists them.
pub fn solve_figures(r: &SolveResult) -> Vec<super::Figure> {
    vec![super::Figure::of(&SolveCurve { r })]
}

/// The chart files of a solve.
pub fn solve_charts(r: &SolveResult) -> Result<Files, ChartError> {
    let mut charts = Charts::default();
    charts.add(SolveCurve { r });
    charts.draw()
}

impl Chart for SolveCurve<'_> {
    fn name(&self) -> String {
        "solve".into()
    }

    fn title(&self) -> String {
        solve_title(self.r)
    }

    fn caption(&self) -> String {
        solve_caption(self.r)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let r = self.r;
        let mut keys: Vec<Key> =
            r.strategies.iter().map(|s| Key { color: strategy_color(s.index), label: s.strategy.clone(), swatch: Swatch::Line }).collect();
        if let Goal::Target(_) = r.request.goal {
            keys.push(Key { color: INK, label: "target".into(), swatch: Swatch::Dashed });
        }
        let f = Frame { title: self.title(), subtitle: solve_subtitle(r), keys, footer: String::new() };
        let area = frame::draw(root, t, &f)?;
        let evals = r.strategies.iter().flat_map(|s| &s.found.evals);
        let target = match r.request.goal {
            Goal::Target(v) => Some(v),
            _ => None,
        };
        let (y0, y1) = span(evals.clone().flat_map(|e| [e.ci.0, e.ci.1, e.value]).chain(target), 0.08);
        let (x0, x1) = (r.request.space.lo, r.request.space.hi);
        let pad = 0.02 * (x1 - x0);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(X_LABEL_AREA))
            .y_label_area_size(t.px(Y_LABEL_AREA))
            .margin_top(t.px(PLOT_TOP))
            .margin_right(t.px(16.0))
            .build_cartesian_2d((x0 - pad)..(x1 + pad), y0..y1)?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        let x_desc = format!("{} ({})", param_label(r), r.request.param.path);
        let y_desc = r.request.metric.label();
        mesh.x_labels(8)
            .y_labels(8)
            .x_label_formatter(&|v| param_value(r, *v))
            .y_label_formatter(&|v| metric_value(r, *v))
            .x_desc(x_desc)
            .y_desc(y_desc)
            .draw()?;
        for s in &r.strategies {
            let color = strategy_color(s.index);
            let band = match &s.found.answer {
                Answer::Root { x, interval, .. } => Some((*x, *interval)),
                Answer::Optimum { best, interval } => Some((s.found.evals[*best].x, *interval)),
                Answer::Unreachable { .. } => None,
            };
            if let Some((x, (lo, hi))) = band {
                let (lo, hi) = if hi - lo < 1e-9 * (x1 - x0) { (x - 0.002 * (x1 - x0), x + 0.002 * (x1 - x0)) } else { (lo, hi) };
                chart.draw_series(std::iter::once(Rectangle::new([(lo, y0), (hi, y1)], lighten(color, 0.8).filled())))?;
                chart.draw_series(std::iter::once(PathElement::new(vec![(x, y0), (x, y1)], t.stroke(color, 1.5))))?;
            }
            let screen: Vec<(f64, f64)> =
                s.found.evals.iter().filter(|e| e.screen && e.value.is_finite()).map(|e| (e.x, e.value)).collect();
            chart.draw_series(screen.iter().map(|&p| Circle::new(p, t.px(3.0), lighten(color, 0.45).filled())))?;
            let mut full: Vec<_> = s.found.evals.iter().filter(|e| !e.screen && e.value.is_finite()).collect();
            full.sort_by(|a, b| a.x.total_cmp(&b.x));
            chart.draw_series(std::iter::once(PathElement::new(
                full.iter().map(|e| (e.x, e.value)).collect::<Vec<_>>(),
                t.stroke(color, 2.5),
            )))?;
            for e in &full {
                chart.draw_series(std::iter::once(PathElement::new(vec![(e.x, e.ci.0), (e.x, e.ci.1)], t.stroke(color, 1.5))))?;
                chart.draw_series(std::iter::once(Circle::new((e.x, e.value), t.px(4.5), color.filled())))?;
            }
        }
        if let Some(v) = target {
            let (a, y) = chart.backend_coord(&(x0 - pad, v));
            let (b, _) = chart.backend_coord(&(x1 + pad, v));
            dashed(root, (a, y), (b, y), t.stroke(INK, 1.5), t.scale * 7.0, t.scale * 5.0)?;
        }
        Ok(())
    }
}
