//! The frame every chart shares: a left-aligned title that states the
//! finding, a subtitle that says what is plotted, a legend of strategies in
//! their palette colours, and the small print (scenario and run manifest).
//! It returns the area left for the plot itself.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::ChartError;
use super::layout::{clean, measure, wrap, wrap_balanced};
use super::style::{INK, MUTED, Theme, WIDTH};
use crate::report::format::count;
use crate::stats::Summary;

/// How a legend entry is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Swatch {
    /// A filled square (bars, areas).
    Fill,
    /// A short thick line (curves).
    Line,
    /// A short thick dashed line (a second line style of one colour).
    Dashed,
}

/// One legend entry.
#[derive(Clone, Debug)]
pub struct Key {
    pub color: RGBColor,
    pub label: String,
    pub swatch: Swatch,
}

/// The text around a chart.
#[derive(Clone, Debug, Default)]
pub struct Frame {
    pub title: String,
    pub subtitle: String,
    pub keys: Vec<Key>,
    pub footer: String,
}

/// Sizes at 1x.
const SIDE: f64 = 28.0;
const TOP: f64 = 20.0;
const TITLE_SIZE: f64 = 25.0;
const SUBTITLE_SIZE: f64 = 16.0;
const LEGEND_SIZE: f64 = 15.5;
const FOOTER_SIZE: f64 = 12.5;

/// The small print of every chart: scenario and run manifest.
pub fn footer(s: &Summary) -> String {
    let mut text = format!(
        "{} · {} trials × {} reps × {} quarters · seed {} · scenario sha256 {} · quotasim {}",
        s.scenario.name,
        count(s.trials),
        count(u64::from(s.reps)),
        s.quarters,
        s.seed,
        s.scenario.sha256.chars().take(12).collect::<String>(),
        s.version
    );
    if !s.scenario.overrides.is_empty() {
        text.push_str(&format!(" · overrides: {}", s.scenario.overrides.join(", ")));
    }
    text
}

/// Legend entries for every strategy, labelled by `label(i)`.
pub fn strategy_keys(s: &Summary, swatch: Swatch, label: impl Fn(usize) -> String) -> Vec<Key> {
    (0..s.strategies.len()).map(|i| Key { color: super::style::strategy_color(i), label: label(i), swatch }).collect()
}

/// Draw the frame on `root` (which it clears) and return the plot area.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, t: Theme, f: &Frame) -> Result<DrawingArea<DB, Shift>, ChartError> {
    root.fill(&WHITE)?;
    let side = t.scale * SIDE;
    let max_w = t.scale * f64::from(WIDTH) - 2.0 * side;
    let mut y = t.scale * TOP;

    let title_style = t.bold(TITLE_SIZE, INK);
    for line in wrap_balanced(root, &clean(&f.title), &title_style, max_w, 3) {
        root.draw_text(&line, &title_style, (side as i32, y as i32))?;
        y += t.scale * TITLE_SIZE * 1.25;
    }
    if !f.subtitle.is_empty() {
        y += t.scale * 2.0;
        let sub_style = t.text(SUBTITLE_SIZE, MUTED);
        for line in wrap_balanced(root, &clean(&f.subtitle), &sub_style, max_w, 2) {
            root.draw_text(&line, &sub_style, (side as i32, y as i32))?;
            y += t.scale * SUBTITLE_SIZE * 1.35;
        }
    }
    if !f.keys.is_empty() {
        y += t.scale * 6.0;
        y = draw_legend(root, t, &f.keys, side, max_w, y)?;
    }
    let footer_h = draw_footer(root, t, &f.footer, side, max_w)?;
    let top = (y + t.scale * 8.0) as i32;
    Ok(root.margin(top, footer_h, t.px(SIDE * 0.5), t.px(SIDE)))
}

/// Legend entries laid out left to right, wrapping to new rows; returns the y below it.
fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: Theme,
    keys: &[Key],
    left: f64,
    max_w: f64,
    top: f64,
) -> Result<f64, ChartError> {
    let style = t.text(LEGEND_SIZE, INK);
    let swatch = t.scale * 14.0;
    let row_h = t.scale * LEGEND_SIZE * 1.5;
    let (mut x, mut y) = (left, top);
    for key in keys {
        let label = clean(&key.label);
        let label_w = measure(root, &label, &style).0.min(max_w - swatch - t.scale * 8.0);
        let entry_w = swatch + t.scale * 7.0 + label_w;
        if x > left && x + entry_w > left + max_w {
            x = left;
            y += row_h;
        }
        // ab_glyph puts the baseline half a font size below the anchor; centre
        // the swatch on the lower-case letters rather than on the text box.
        let cy = y + t.scale * LEGEND_SIZE * 0.3;
        match key.swatch {
            Swatch::Fill => root.draw(&Rectangle::new(
                [(x as i32, (cy - swatch / 2.0) as i32), ((x + swatch) as i32, (cy + swatch / 2.0) as i32)],
                key.color.filled(),
            ))?,
            Swatch::Line => {
                root.draw(&PathElement::new(vec![(x as i32, cy as i32), ((x + swatch) as i32, cy as i32)], t.stroke(key.color, 3.0)))?
            }
            Swatch::Dashed => {
                let dash = swatch * 0.4;
                for x0 in [x, x + swatch - dash] {
                    root.draw(&PathElement::new(vec![(x0 as i32, cy as i32), ((x0 + dash) as i32, cy as i32)], t.stroke(key.color, 3.0)))?
                }
            }
        }
        let text = super::layout::ellipsize(root, &label, &style, label_w + 1.0);
        root.draw_text(&text, &style, ((x + swatch + t.scale * 7.0) as i32, y as i32))?;
        x += entry_w + t.scale * 26.0;
    }
    Ok(y + row_h)
}

/// The small print at the bottom; returns the height it takes.
fn draw_footer<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, t: Theme, text: &str, left: f64, max_w: f64) -> Result<i32, ChartError> {
    let style = t.text(FOOTER_SIZE, MUTED);
    let lines = wrap(root, &clean(text), &style, max_w, 2);
    let line_h = t.scale * FOOTER_SIZE * 1.4;
    let (_, h) = root.dim_in_pixel();
    let bottom = f64::from(h) - t.scale * 12.0;
    let top = bottom - line_h * lines.len() as f64;
    for (k, line) in lines.iter().enumerate() {
        root.draw_text(line, &style, (left as i32, (top + line_h * k as f64) as i32))?;
    }
    Ok((f64::from(h) - top + t.scale * 10.0) as i32)
}
