//! `sensitivity`'s charts, one per strategy: horizontal bars with their 95%
//! intervals, largest first. Sobol: each factor's first-order index (dark)
//! over its total index (light), luck included; Morris: each setting's mean
//! absolute effect over its swing.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{PLOT_TOP, TICK_SIZE, X_LABEL_AREA, base_mesh};
use super::frame::{self, Frame};
use super::legend::{Key, Swatch};
use super::style::{INK, Theme, lighten, strategy_color};
use super::{Chart, ChartError, Charts, Files};
use crate::report::format::pct0;
use crate::report::words::plain::label_of;
use crate::report::words::sensitivity::{index_label, morris_sentence, ranked, sobol_title};
use crate::scenario::slug;
use crate::study::sensitivity::SobolResult;
use crate::study::sensitivity::morris::MorrisResult;

/// Rows shown at most (the rest are in the CSV).
const MAX_ROWS: usize = 16;
const ROW: f64 = 34.0;
const LABEL_AREA: f64 = 330.0;

/// One bar row: its label, the dark bar and the light one behind it, each
/// with its interval.
struct Row {
    label: String,
    dark: (f64, (f64, f64)),
    light: Option<(f64, (f64, f64))>,
}

struct IndexBars {
    name: String,
    title: String,
    subtitle: String,
    caption: String,
    x_desc: String,
    /// Tick labels: shares of variance in percent, effects in points.
    tick: fn(f64) -> String,
    keys: Vec<Key>,
    color: RGBColor,
    rows: Vec<Row>,
}

pub fn sobol_charts(r: &SobolResult) -> Result<Files, ChartError> {
    let mut charts = Charts::default();
    for s in &r.strategies {
        let rows = ranked(s)
            .into_iter()
            .take(MAX_ROWS)
            .map(|i| {
                let x = &s.indices[i];
                Row { label: index_label(r, i), dark: (x.first, x.first_ci), light: Some((x.total, x.total_ci)) }
            })
            .collect();
        let color = strategy_color(s.index);
        charts.add(IndexBars {
            name: format!("sensitivity-{}", slug(&s.strategy)),
            title: sobol_title(r, s),
            subtitle: format!("Share of the year-to-year variance of the {} due to each input (Sobol indices)", r.metric.label()),
            caption: "Dark bars: the input alone (first-order index); light bars: the input with its interactions (total index). \
                      Whiskers: 95% bootstrap intervals. Luck is the simulated year's own randomness (reps, deals), which no input explains."
                .into(),
            x_desc: "share of the variance".into(),
            tick: pct0,
            keys: vec![
                Key { color, label: "alone (first-order)".into(), swatch: Swatch::Fill },
                Key { color: lighten(color, 0.6), label: "with interactions (total)".into(), swatch: Swatch::Fill },
            ],
            color,
            rows,
        });
    }
    charts.draw()
}

pub fn morris_charts(r: &MorrisResult) -> Result<Files, ChartError> {
    let mut charts = Charts::default();
    for (k, s) in r.strategies.iter().enumerate().filter(|(_, s)| !s.effects.is_empty()) {
        let rows = s
            .effects
            .iter()
            .take(MAX_ROWS)
            .map(|e| Row { label: label_of(&e.path), dark: (e.mu_star, e.mu_star_ci), light: None })
            .collect();
        let color = strategy_color(s.index);
        charts.add(IndexBars {
            name: format!("sensitivity-{}", slug(&s.strategy)),
            title: morris_sentence(r, k),
            subtitle: format!(
                "Mean absolute change of the {} when a setting moves across its ±{}% swing (Morris elementary effects)",
                r.metric.label(),
                (r.swing * 100.0).round()
            ),
            caption: "Bars: mean absolute elementary effect (mu*) of each setting over its swing, from trajectories that move one setting \
                      at a time on the same trials. Whiskers: 95% bootstrap intervals over trajectories."
                .into(),
            x_desc: format!("change of the {} (percentage points)", r.metric.label()),
            tick: |v| format!("{} pts", crate::report::format::plain((1000.0 * v).round() / 10.0)),
            keys: vec![Key { color, label: "mean absolute effect (mu*)".into(), swatch: Swatch::Fill }],
            color,
            rows,
        });
    }
    charts.draw()
}

impl Chart for IndexBars {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn title(&self) -> String {
        self.title.clone()
    }

    fn caption(&self) -> String {
        self.caption.clone()
    }

    fn height(&self) -> u32 {
        (260.0 + ROW * self.rows.len() as f64).max(420.0) as u32
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, t: Theme) -> Result<(), ChartError> {
        let f = Frame { title: self.title.clone(), subtitle: self.subtitle.clone(), keys: self.keys.clone(), footer: String::new() };
        let area = frame::draw(root, t, &f)?;
        let n = self.rows.len().max(1);
        let top = self.rows.iter().flat_map(|r| [r.dark.1.1, r.light.map_or(0.0, |l| l.1.1)]).fold(0.05, f64::max);
        let x_max = (top * 1.08).min(if self.light_used() { 1.05 } else { f64::INFINITY });
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(t.px(X_LABEL_AREA))
            .y_label_area_size(t.px(LABEL_AREA))
            .margin_top(t.px(PLOT_TOP))
            .margin_right(t.px(24.0))
            .build_cartesian_2d(0.0..x_max, -0.5..n as f64 - 0.5)?;
        let mut mesh = chart.configure_mesh();
        base_mesh(&mut mesh, t);
        mesh.disable_y_mesh().y_labels(0).x_labels(8).x_label_formatter(&|v| (self.tick)(*v)).x_desc(self.x_desc.clone()).draw()?;
        for (i, row) in self.rows.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            if let Some((v, _)) = row.light {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y - 0.36), (v.max(0.0), y + 0.36)],
                    lighten(self.color, 0.6).filled(),
                )))?;
            }
            let (v, _) = row.dark;
            chart.draw_series(std::iter::once(Rectangle::new([(0.0, y - 0.22), (v.max(0.0), y + 0.22)], self.color.filled())))?;
            for (ci, dy) in [(Some(row.dark.1), 0.0), (row.light.map(|l| l.1), 0.3)] {
                if let Some((lo, hi)) = ci {
                    let (lo, hi) = (lo.max(0.0), hi.min(x_max));
                    chart.draw_series(std::iter::once(PathElement::new(vec![(lo, y + dy), (hi, y + dy)], t.stroke(INK, 1.5))))?;
                }
            }
            let (px, py) = chart.backend_coord(&(0.0, y));
            let style = t.text(TICK_SIZE, INK).pos(Pos::new(HPos::Right, VPos::Center));
            let label = super::layout::ellipsize(root, &row.label, &style, t.scale * (LABEL_AREA - 16.0));
            root.draw_text(&label, &style, (px - t.px(10.0), py))?;
        }
        Ok(())
    }
}

impl IndexBars {
    fn light_used(&self) -> bool {
        self.rows.iter().any(|r| r.light.is_some())
    }
}
