//! The frame every chart shares: a left-aligned title that states the
//! finding, a subtitle that says what is plotted, a legend, and the small
//! print (scenario and run manifest). It returns the area left for the plot.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::ChartError;
use super::layout::{clean, wrap, wrap_balanced};
use super::legend::{self, Key};
use super::style::{INK, MUTED, Theme, WIDTH};

/// The text around a chart.
#[derive(Clone, Debug, Default)]
pub struct Frame {
    pub title: String,
    pub subtitle: String,
    pub keys: Vec<Key>,
    pub footer: String,
}

/// Margins at 1x: left and right of the text, above the title.
const SIDE: f64 = 28.0;
const TOP: f64 = 20.0;
/// Text sizes at 1x.
const TITLE_SIZE: f64 = 25.0;
const SUBTITLE_SIZE: f64 = 16.0;
const FOOTER_SIZE: f64 = 12.5;
/// Line heights as multiples of the text size.
const TITLE_LEADING: f64 = 1.25;
const SUBTITLE_LEADING: f64 = 1.35;
const FOOTER_LEADING: f64 = 1.4;
/// Most lines each text may take before it is shortened.
const TITLE_LINES: usize = 3;
const SUBTITLE_LINES: usize = 2;
const FOOTER_LINES: usize = 2;
/// Vertical gaps at 1x: title to subtitle, subtitle to legend, frame to plot.
const SUBTITLE_GAP: f64 = 2.0;
const LEGEND_GAP: f64 = 6.0;
const PLOT_GAP: f64 = 8.0;
/// The small print's distance from the bottom edge and from the plot, at 1x.
const FOOTER_BOTTOM: f64 = 12.0;
const FOOTER_GAP: f64 = 10.0;

/// Draw the frame on `root` (which it clears) and return the plot area.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, t: Theme, f: &Frame) -> Result<DrawingArea<DB, Shift>, ChartError> {
    root.fill(&WHITE)?;
    let side = t.scale * SIDE;
    let max_w = t.scale * f64::from(WIDTH) - 2.0 * side;
    let mut y = t.scale * TOP;
    y = draw_lines(root, &f.title, &t.bold(TITLE_SIZE, INK), (side, y), max_w, TITLE_LINES, t.scale * TITLE_SIZE * TITLE_LEADING)?;
    if !f.subtitle.is_empty() {
        y += t.scale * SUBTITLE_GAP;
        let line_h = t.scale * SUBTITLE_SIZE * SUBTITLE_LEADING;
        y = draw_lines(root, &f.subtitle, &t.text(SUBTITLE_SIZE, MUTED), (side, y), max_w, SUBTITLE_LINES, line_h)?;
    }
    if !f.keys.is_empty() {
        y += t.scale * LEGEND_GAP;
        y = legend::draw(root, t, &f.keys, side, max_w, y)?;
    }
    let footer_h = draw_footer(root, t, &f.footer, side, max_w)?;
    let top = (y + t.scale * PLOT_GAP) as i32;
    Ok(root.margin(top, footer_h, t.px(SIDE * 0.5), t.px(SIDE)))
}

/// `text` wrapped into balanced lines from `(x, y)` down; returns the y below it.
fn draw_lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    (x, mut y): (f64, f64),
    max_w: f64,
    max_lines: usize,
    line_h: f64,
) -> Result<f64, ChartError> {
    for line in wrap_balanced(root, &clean(text), style, max_w, max_lines) {
        root.draw_text(&line, style, (x as i32, y as i32))?;
        y += line_h;
    }
    Ok(y)
}

/// The small print at the bottom; returns the height it takes.
fn draw_footer<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, t: Theme, text: &str, left: f64, max_w: f64) -> Result<i32, ChartError> {
    let style = t.text(FOOTER_SIZE, MUTED);
    let lines = wrap(root, &clean(text), &style, max_w, FOOTER_LINES);
    let line_h = t.scale * FOOTER_SIZE * FOOTER_LEADING;
    let (_, h) = root.dim_in_pixel();
    let bottom = f64::from(h) - t.scale * FOOTER_BOTTOM;
    let top = bottom - line_h * lines.len() as f64;
    for (k, line) in lines.iter().enumerate() {
        root.draw_text(line, &style, (left as i32, (top + line_h * k as f64) as i32))?;
    }
    Ok((f64::from(h) - top + t.scale * FOOTER_GAP) as i32)
}
