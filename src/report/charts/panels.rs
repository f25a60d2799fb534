//! Small multiples: one panel per strategy in a grid, each under a caption
//! with the strategy's colour swatch and name (the sweep's fan chart and a
//! run's attainment by quarter).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ChartError;
use super::axes::PANEL_CAPTION_SIZE;
use super::layout::{clean, ellipsize, width};
use super::style::{HEIGHT, INK, MUTED, Theme, strategy_color};

/// Height each row of panels past the first adds, at 1x.
const ROW_HEIGHT: u32 = 330;
/// Height of a panel's caption (swatch and strategy name), at 1x.
pub const CAPTION_H: f64 = 30.0;
/// Where a panel's caption starts and its text's vertical centre, at 1x.
const CAPTION_X: f64 = 70.0;
const CAPTION_Y: f64 = 14.0;

/// Rows and columns of `n` panels: up to three side by side, four as 2 x 2.
pub fn grid(n: usize) -> (usize, usize) {
    let n = n.max(1);
    let cols = if n == 4 { 2 } else { n.min(3) };
    (n.div_ceil(cols), cols)
}

/// Height of a chart of `n` panels: a row past the first adds to the usual height.
pub fn height(n: usize) -> u32 {
    HEIGHT + ROW_HEIGHT * (grid(n).0 as u32 - 1)
}

/// A panel's caption: a swatch in strategy `k`'s colour, its name (shortened
/// to fit), and `note` after it in muted text.
pub fn caption<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    head: &DrawingArea<DB, Shift>,
    t: Theme,
    k: usize,
    name: &str,
    note: &str,
) -> Result<(), ChartError> {
    let c = strategy_color(k);
    let (pw, _) = head.dim_in_pixel();
    let name_style = t.bold(PANEL_CAPTION_SIZE, INK);
    let note_style = t.text(14.0, MUTED);
    let note_w = width(root, note, &note_style);
    let avail = f64::from(pw) - t.scale * 100.0 - note_w;
    let label = ellipsize(root, &clean(name), &name_style, avail.max(t.scale * 60.0));
    let (lx, cy) = (t.px(CAPTION_X), t.px(CAPTION_Y));
    head.draw(&PathElement::new(vec![(lx, cy), (lx + t.px(16.0), cy)], t.stroke(c, 3.0)))?;
    let text_x = lx + t.px(23.0);
    head.draw_text(&label, &name_style.pos(Pos::new(HPos::Left, VPos::Center)), (text_x, cy))?;
    if !note.is_empty() {
        let nx = text_x + width(root, &label, &name_style) as i32;
        head.draw_text(note, &note_style.pos(Pos::new(HPos::Left, VPos::Center)), (nx, cy))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_fill_rows_of_up_to_three() {
        assert_eq!(grid(0), (1, 1));
        assert_eq!(grid(2), (1, 2));
        assert_eq!(grid(4), (2, 2));
        assert_eq!(grid(5), (2, 3));
        assert_eq!(grid(8), (3, 3));
        assert_eq!(height(3), HEIGHT);
        assert_eq!(height(7), HEIGHT + 2 * ROW_HEIGHT);
    }
}
