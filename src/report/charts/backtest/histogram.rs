//! Won value per rep-quarter: the history's histogram (bars) overlaid with
//! the simulated baseline's (a step line), both as shares of rep-quarters.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::calibrate::backtest::{Backtest, Comparison};
use crate::report::charts::axes::{PLOT_TOP, X_LABEL_AREA, Y_LABEL_AREA, base_mesh, nice_ceiling};
use crate::report::charts::frame::{self, Frame};
use crate::report::charts::legend::{Key, Swatch};
use crate::report::charts::marks::no_data;
use crate::report::charts::style::{Theme, lighten, strategy_color};
use crate::report::charts::{Chart, ChartError};
use crate::report::format::{grouped, pct_tick_by_max};
use crate::report::words::backtest::{HISTOGRAM_CAPTION, HISTOGRAM_SUBTITLE, footer, histogram_title};

pub struct Overlaid<'a> {
    pub b: &'a Backtest,
    pub c: &'a Comparison,
}

impl Chart for Overlaid<'_> {
    fn name(&self) -> String {
        "backtest_histogram".into()
    }

    fn title(&self) -> String {
        histogram_title(self.c)
    }

    fn caption(&self) -> String {
        HISTOGRAM_CAPTION.into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let (hist_c, sim_c) = (lighten(strategy_color(0), 0.35), strategy_color(1));
        let keys = vec![
            Key { color: hist_c, label: format!("history ({} rep-quarters)", self.c.history_n), swatch: Swatch::Fill },
            Key { color: sim_c, label: "simulated baseline".into(), swatch: Swatch::Line },
        ];
        let f = Frame { title: self.title(), subtitle: HISTOGRAM_SUBTITLE.into(), keys, footer: footer(self.b) };
        let area = frame::draw(root, t, &f)?;
        let h = &self.c.histogram;
        if h.history.is_empty() {
            return no_data(&area, t, "no rep-quarter to compare");
        }
        let x_max = *h.edges.last().unwrap_or(&1.0);
        let y_max = nice_ceiling(h.history.iter().chain(&h.simulated).fold(0.01f64, |a, b| a.max(*b)) * 1.08);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(X_LABEL_AREA))
            .y_label_area_size(t.px(Y_LABEL_AREA))
            .margin_top(t.px(PLOT_TOP))
            .margin_right(t.px(24.0))
            .build_cartesian_2d(0.0..x_max, 0.0..y_max)?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.x_labels(8)
            .y_labels(6)
            .x_label_formatter(&|v| grouped(*v))
            .y_label_formatter(&|v| pct_tick_by_max(*v, y_max))
            .x_desc(format!("won value per rep-quarter ({})", self.b.currency))
            .y_desc("share of rep-quarters")
            .draw()?;
        let gap = (h.edges.get(1).copied().unwrap_or(1.0) - h.edges[0]) * 0.06;
        chart.draw_series(
            h.history
                .iter()
                .enumerate()
                .map(|(i, &s)| Rectangle::new([(h.edges[i] + gap, 0.0), (h.edges[i + 1] - gap, s)], hist_c.filled())),
        )?;
        let mut steps = vec![(h.edges[0], 0.0)];
        for (i, &s) in h.simulated.iter().enumerate() {
            steps.push((h.edges[i], s));
            steps.push((h.edges[i + 1], s));
        }
        steps.push((x_max, 0.0));
        chart.draw_series(std::iter::once(PathElement::new(steps, t.stroke(sim_c, 2.5))))?;
        Ok(())
    }
}
