//! The sales cycle: the history's Kaplan-Meier curve (open opportunities
//! counted as censored) against the fitted lognormal's weekly buckets.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::calibrate::report::Report;
use crate::numeric::special::standard_normal_cdf;
use crate::report::charts::axes::{PLOT_TOP, X_LABEL_AREA, Y_LABEL_AREA, base_mesh};
use crate::report::charts::frame::{self, Frame};
use crate::report::charts::legend::{Key, Swatch};
use crate::report::charts::marks::no_data;
use crate::report::charts::style::{INK, Theme, strategy_color};
use crate::report::charts::{Chart, ChartError};
use crate::report::format::pct0;
use crate::report::words::calibrate::{CYCLE_CAPTION, CYCLE_SUBTITLE, cycle_title, footer};

pub struct CycleFit<'a> {
    pub r: &'a Report,
}

impl Chart for CycleFit<'_> {
    fn name(&self) -> String {
        "cycle_fit".into()
    }

    fn title(&self) -> String {
        cycle_title(self.r)
    }

    fn caption(&self) -> String {
        CYCLE_CAPTION.into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let keys = vec![
            Key { color: INK, label: "history (Kaplan-Meier)".into(), swatch: Swatch::Line },
            Key { color: strategy_color(0), label: "fitted lognormal".into(), swatch: Swatch::Line },
        ];
        let f = Frame { title: self.title(), subtitle: CYCLE_SUBTITLE.into(), keys, footer: footer(self.r) };
        let area = frame::draw(root, t, &f)?;
        let Some(c) = &self.r.figures.cycle_weeks else { return no_data(&area, t, "no cycle fitted") };
        let (mu, sigma) = (c.median.value.ln(), c.sigma.value);
        let fitted_at = |k: f64| if k < 1.0 { 0.0 } else { standard_normal_cdf(((k + 0.5).ln() - mu) / sigma) };
        let last_km = c.empirical_cdf.last().map_or(10.0, |p| p[0]);
        // To where the fit reaches 99%, or the history's last week.
        let p99 = (mu + 2.326 * sigma).exp();
        let x_max = last_km.max(p99).min(4.0 * p99.max(4.0)).ceil() + 1.0;
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(X_LABEL_AREA))
            .y_label_area_size(t.px(Y_LABEL_AREA))
            .margin_top(t.px(PLOT_TOP))
            .margin_right(t.px(16.0))
            .build_cartesian_2d(0.0..x_max, 0.0..1.0)?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.x_labels(10)
            .y_labels(6)
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| pct0(*v))
            .x_desc("weeks from the week after the first meeting to close (the model's cycle)")
            .y_desc("share closed within")
            .draw()?;
        let steps = |points: &[(f64, f64)]| -> Vec<(f64, f64)> {
            let mut out = vec![(0.0, 0.0)];
            let mut prev = 0.0;
            for &(k, p) in points {
                out.push((k, prev));
                out.push((k, p));
                prev = p;
            }
            out.push((x_max, prev));
            out
        };
        let fitted: Vec<(f64, f64)> = (1..x_max as i32).map(|k| (f64::from(k), fitted_at(f64::from(k)))).collect();
        chart.draw_series(std::iter::once(PathElement::new(steps(&fitted), t.stroke(strategy_color(0), 3.0))))?;
        let km: Vec<(f64, f64)> = c.empirical_cdf.iter().filter(|p| p[0] <= x_max).map(|p| (p[0], p[1])).collect();
        chart.draw_series(std::iter::once(PathElement::new(steps(&km), t.stroke(INK, 2.0))))?;
        Ok(())
    }
}
