//! Where the hours go: a rep's week split into prospecting, meetings, deal
//! work and hours left unbooked, per strategy, with mean deal attention.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::report::charts::axes::{PLOT_TOP, Y_LABEL_AREA, base_mesh, nice_ceiling};
use crate::report::charts::bars::{BarLabel, bar_labels, bar_span, category_labels, slot_px};
use crate::report::charts::frame::{self, Frame};
use crate::report::charts::legend::{Swatch, strategy_keys};
use crate::report::charts::marks::no_data;
use crate::report::charts::style::{Theme, strategy_color};
use crate::report::charts::{Chart, ChartError};
use crate::report::facts::{Week, weeks};
use crate::report::format::{hours, hours_tick};
use crate::report::words::{self, captions, run::*};
use crate::stats::Summary;

pub struct Hours<'a> {
    pub s: &'a Summary,
}

const BOOKED: [&str; 3] = ["Prospecting", "Meetings", "Deal work"];
const UNBOOKED: &str = "Unbooked";
/// Room for the activity names under the bars, at 1x.
const X_LABEL_AREA: f64 = 40.0;
/// Headroom above the tallest bar for its label.
const HEADROOM: f64 = 1.15;

/// Per strategy, the hours of each group shown; NaN where the unbooked hours
/// are unknown (the capacity is uncertain) but shown for another strategy.
fn group_values(w: &[Week], groups: usize) -> Vec<Vec<f64>> {
    w.iter().map(|x| x.booked.iter().copied().chain(x.unbooked().or(Some(f64::NAN))).take(groups).collect()).collect()
}

impl Chart for Hours<'_> {
    fn name(&self) -> String {
        "hours".into()
    }

    fn title(&self) -> String {
        hours_title(self.s, &weeks(self.s))
    }

    fn caption(&self) -> String {
        captions::HOURS.into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let s = self.s;
        let w = weeks(s);
        let f = Frame {
            title: self.title(),
            subtitle: HOURS_SUBTITLE.into(),
            keys: strategy_keys(s.strategies.iter().map(hours_key), Swatch::Fill),
            footer: words::footer::run(s),
        };
        let area = frame::draw(root, t, &f)?;
        let mut groups: Vec<String> = BOOKED.map(String::from).to_vec();
        if w.iter().any(|x| x.capacity.is_some()) {
            groups.push(UNBOOKED.to_string());
        }
        let values = group_values(&w, groups.len());
        let peak = values.iter().flatten().copied().filter(|v| v.is_finite()).fold(0.0, f64::max);
        if peak <= 0.0 {
            return no_data(&area, t, NO_HOURS);
        }
        let y_max = nice_ceiling(peak * HEADROOM);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(X_LABEL_AREA))
            .y_label_area_size(t.px(Y_LABEL_AREA))
            .margin_top(t.px(PLOT_TOP))
            .build_cartesian_2d(-0.5..groups.len() as f64 - 0.5, 0.0..y_max)?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.disable_x_mesh().x_labels(0).y_labels(7).y_label_formatter(&|v| hours_tick(*v)).y_desc("hours per week").draw()?;
        let n = s.strategies.len();
        let mut labels = Vec::new();
        for (i, v) in values.iter().enumerate() {
            for (g, &value) in v.iter().enumerate().filter(|(_, v)| v.is_finite()) {
                let (x0, x1) = bar_span(g, i, n);
                chart.draw_series(std::iter::once(Rectangle::new([(x0, 0.0), (x1, value)], strategy_color(i).filled())))?;
                labels.push(BarLabel { x: (x0 + x1) / 2.0, top: value, text: hours(value) });
            }
        }
        let plot = chart.plotting_area();
        bar_labels(root, plot, t, &labels, slot_px(plot, n, 0.04 / n as f64))?;
        category_labels(root, plot, t, &groups)
    }
}
