//! The legend above a plot: entries of a colour swatch and a label, laid out
//! left to right and wrapping to new rows.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::ChartError;
use super::layout::{clean, ellipsize, measure};
use super::style::{INK, Theme, strategy_color};

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

/// Legend entries for `labels`, one per strategy in its palette colour.
pub fn strategy_keys(labels: impl IntoIterator<Item = String>, swatch: Swatch) -> Vec<Key> {
    labels.into_iter().enumerate().map(|(i, label)| Key { color: strategy_color(i), label, swatch }).collect()
}

/// Sizes at 1x.
const LABEL_SIZE: f64 = 15.5;
const SWATCH: f64 = 14.0;
/// Between a swatch and its label, and between two entries.
const SWATCH_GAP: f64 = 7.0;
const ENTRY_GAP: f64 = 26.0;
/// Room a label leaves in a full row besides its swatch.
const LABEL_SLACK: f64 = 8.0;
/// Row height as a multiple of the label size.
const ROW_LEADING: f64 = 1.5;
/// Stroke of line swatches and the share of a dashed swatch each dash takes.
const LINE_WIDTH: f64 = 3.0;
const DASH: f64 = 0.4;

/// Draw `keys` from `(left, top)` within `max_w`; returns the y below the legend.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: Theme,
    keys: &[Key],
    left: f64,
    max_w: f64,
    top: f64,
) -> Result<f64, ChartError> {
    let style = t.text(LABEL_SIZE, INK);
    let swatch = t.scale * SWATCH;
    let row_h = t.scale * LABEL_SIZE * ROW_LEADING;
    let (mut x, mut y) = (left, top);
    for key in keys {
        let label = clean(&key.label);
        let label_w = measure(root, &label, &style).0.min(max_w - swatch - t.scale * LABEL_SLACK);
        let entry_w = swatch + t.scale * SWATCH_GAP + label_w;
        if x > left && x + entry_w > left + max_w {
            x = left;
            y += row_h;
        }
        // ab_glyph puts the baseline half a font size below the anchor; centre
        // the swatch on the lower-case letters rather than on the text box.
        let cy = y + t.scale * LABEL_SIZE * 0.3;
        draw_swatch(root, t, key, (x, cy), swatch)?;
        let text = ellipsize(root, &label, &style, label_w + 1.0);
        root.draw_text(&text, &style, ((x + swatch + t.scale * SWATCH_GAP) as i32, y as i32))?;
        x += entry_w + t.scale * ENTRY_GAP;
    }
    Ok(y + row_h)
}

/// A swatch of width `size` from `x`, centred on `cy`.
fn draw_swatch<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: Theme,
    key: &Key,
    (x, cy): (f64, f64),
    size: f64,
) -> Result<(), ChartError> {
    let line = |x0: f64, x1: f64| PathElement::new(vec![(x0 as i32, cy as i32), (x1 as i32, cy as i32)], t.stroke(key.color, LINE_WIDTH));
    match key.swatch {
        Swatch::Fill => root.draw(&Rectangle::new(
            [(x as i32, (cy - size / 2.0) as i32), ((x + size) as i32, (cy + size / 2.0) as i32)],
            key.color.filled(),
        ))?,
        Swatch::Line => root.draw(&line(x, x + size))?,
        Swatch::Dashed => {
            let dash = size * DASH;
            for x0 in [x, x + size - dash] {
                root.draw(&line(x0, x0 + dash))?;
            }
        }
    }
    Ok(())
}
