//! Where the hours go: a rep's week split into prospecting, meetings, deal
//! work and hours left unbooked, per strategy, with mean deal attention.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{BarLabel, bar_labels, bar_span, base_mesh, category_labels, nice_ceiling, no_data, span_px};
use super::frame::{self, Frame, Swatch};
use super::style::{Theme, strategy_color};
use super::{Chart, ChartError};
use crate::report::findings::{join_items, param_f64};
use crate::report::format::{hours, pct0};
use crate::stats::Summary;

pub struct Hours;

/// Per strategy: prospecting, meetings, deal work and (when the weekly
/// capacity is a plain number) the hours left unbooked.
pub(super) struct Week {
    pub booked: [f64; 3],
    pub capacity: Option<f64>,
}

impl Week {
    fn total(&self) -> f64 {
        self.booked.iter().sum()
    }
    fn unbooked(&self) -> Option<f64> {
        self.capacity.map(|c| (c - self.total()).max(0.0))
    }
}

fn weeks(s: &Summary) -> Vec<Week> {
    s.strategies
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let h = &st.hours_per_week;
            Week { booked: [h.prospecting, h.meetings, h.deal_work], capacity: param_f64(s, "team.hours_per_week", i) }
        })
        .collect()
}

fn title(s: &Summary, w: &[Week]) -> String {
    let booked = |i: usize| match w[i].capacity {
        Some(c) => format!("{:.1} of {:.0} h", w[i].total(), c),
        None => hours(w[i].total()),
    };
    let attention = |i: usize| pct0(s.strategies[i].attention.value);
    let n = s.strategies.len();
    match n {
        0 => "Where the hours go".into(),
        1..=3 => {
            let items: Vec<String> =
                (0..n).map(|i| format!("{} for {} (attention {})", booked(i), s.strategies[i].name, attention(i))).collect();
            format!("Hours booked per week: {}", join_items(&items))
        }
        _ => {
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| w[a].total().total_cmp(&w[b].total()));
            let att: Vec<f64> = s.strategies.iter().map(|st| st.attention.value).filter(|v| v.is_finite()).collect();
            let (lo, hi) = (att.iter().copied().fold(f64::INFINITY, f64::min), att.iter().copied().fold(0.0, f64::max));
            let attention = if att.is_empty() {
                String::new()
            } else if pct0(lo) == pct0(hi) {
                format!("; deal attention {} for all", pct0(hi))
            } else {
                format!("; deal attention {} to {}", pct0(lo), pct0(hi))
            };
            let (lo, hi) = (order[0], order[n - 1]);
            format!(
                "Hours booked per week: from {} for {} to {} for {}{attention}",
                booked(lo),
                s.strategies[lo].name,
                booked(hi),
                s.strategies[hi].name
            )
        }
    }
}

impl Chart for Hours {
    const NAME: &'static str = "hours";
    const CAPTION: &'static str = "Mean hours per week a rep spends prospecting, in meetings and working open deals, and the \
        hours left unbooked. Attention is the share of the deal work that open opportunities needed which the rep gave them.";

    fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, t: Theme, s: &Summary) -> Result<(), ChartError> {
        let w = weeks(s);
        let f = Frame {
            title: title(s, &w),
            subtitle:
                "Mean hours per week by activity. Attention: deal hours given as a share of the deal hours open opportunities needed."
                    .into(),
            keys: frame::strategy_keys(s, Swatch::Fill, |i| {
                format!("{} · attention {}", s.strategies[i].name, pct0(s.strategies[i].attention.value))
            }),
            footer: frame::footer(s),
        };
        let area = frame::draw(root, t, &f)?;
        let mut groups = vec!["Prospecting".to_string(), "Meetings".to_string(), "Deal work".to_string()];
        if w.iter().any(|x| x.capacity.is_some()) {
            groups.push("Unbooked".to_string());
        }
        let values: Vec<Vec<f64>> =
            w.iter().map(|x| x.booked.iter().copied().chain(x.unbooked().or(Some(f64::NAN))).take(groups.len()).collect()).collect();
        let peak = values.iter().flatten().copied().filter(|v| v.is_finite()).fold(0.0, f64::max);
        if peak <= 0.0 {
            return no_data(&area, t, "No working hours were recorded.");
        }
        let y_max = nice_ceiling(peak * 1.15);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(40.0))
            .y_label_area_size(t.px(64.0))
            .margin_top(t.px(6.0))
            .build_cartesian_2d(-0.5..groups.len() as f64 - 0.5, 0.0..y_max)?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.disable_x_mesh().x_labels(0).y_labels(7).y_label_formatter(&|v| format!("{v:.0} h")).y_desc("hours per week").draw()?;
        let n = s.strategies.len();
        let mut labels = Vec::new();
        for (i, v) in values.iter().enumerate() {
            for (g, &value) in v.iter().enumerate() {
                if !value.is_finite() {
                    continue;
                }
                let (x0, x1) = bar_span(g, i, n);
                chart.draw_series(std::iter::once(Rectangle::new([(x0, 0.0), (x1, value)], strategy_color(i).filled())))?;
                labels.push(BarLabel { x: (x0 + x1) / 2.0, top: value, text: hours(value) });
            }
        }
        let plot = chart.plotting_area();
        let (a, b) = bar_span(0, 0, n);
        let slot = span_px(plot, a - 0.04 / n as f64, b + 0.04 / n as f64);
        bar_labels(root, plot, t, &labels, slot)?;
        category_labels(root, plot, t, &groups)
    }
}
