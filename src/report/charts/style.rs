//! Shared chart style: the bundled font (no system fonts or fontconfig
//! needed) and the strategy palette used across every chart.

use std::sync::Once;

use plotters::style::{FontStyle, RGBColor};

/// Family name under which the bundled DejaVu Sans is registered.
pub const FONT: &str = "sans-serif";

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Register the bundled fonts with plotters once per process; call before drawing.
pub fn ensure_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are compiled in and known to be valid fonts (tested).
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, REGULAR);
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, BOLD);
    });
}

/// Okabe-Ito colour-blind-safe palette; strategy i always gets colour i.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(240, 228, 66),  // yellow
    RGBColor(0, 0, 0),       // black
];

pub fn strategy_color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}
