//! Shared chart style: the bundled font (no system fonts or fontconfig
//! needed), the strategy palette used across every chart, neutral colours,
//! and [`Theme`], which scales every pixel size so one drawing routine serves
//! the supersampled PNG and the SVG alike.

use std::sync::Once;

use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBColor, ShapeStyle, TextStyle};

/// Family name under which the bundled DejaVu Sans is registered.
pub const FONT: &str = "sans-serif";

pub(super) static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
pub(super) static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

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

/// Body text.
pub const INK: RGBColor = RGBColor(33, 37, 41);
/// Subtitles, small print, axis descriptions.
pub const MUTED: RGBColor = RGBColor(90, 96, 104);
/// Grid lines: visible but quieter than any data.
pub const GRID: RGBColor = RGBColor(226, 229, 233);
/// Axis lines and tick marks.
pub const AXIS: RGBColor = RGBColor(150, 155, 162);
/// The 100%-of-quota reference line.
pub const QUOTA: RGBColor = RGBColor(45, 45, 45);

/// Chart size in (SVG) pixels; PNGs come out at the same size.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 700;

/// `c` mixed with white: `t` = 0 keeps it, 1 gives white. Opaque, so light
/// variants look the same in PNG and SVG and over grid lines.
pub fn lighten(c: RGBColor, t: f64) -> RGBColor {
    let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * t.clamp(0.0, 1.0)).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// Pixel scale of one rendering: 1 for SVG, 2 for the supersampled PNG.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub scale: f64,
}

impl Theme {
    /// A length given at 1x, in this rendering's pixels.
    pub fn px(self, v: f64) -> i32 {
        (v * self.scale).round() as i32
    }

    /// Same as [`Theme::px`] for sizes that plotters takes unsigned.
    pub fn upx(self, v: f64) -> u32 {
        self.px(v).max(0) as u32
    }

    /// Regular text of `size` (1x pixels) in `color`.
    pub fn text<'a>(self, size: f64, color: RGBColor) -> TextStyle<'a> {
        FontDesc::new(FontFamily::Name(FONT), size * self.scale, FontStyle::Normal).color(&color)
    }

    /// Bold text of `size` (1x pixels) in `color`.
    pub fn bold<'a>(self, size: f64, color: RGBColor) -> TextStyle<'a> {
        FontDesc::new(FontFamily::Name(FONT), size * self.scale, FontStyle::Bold).color(&color)
    }

    /// A stroke of `width` (1x pixels).
    pub fn stroke(self, color: RGBColor, width: f64) -> ShapeStyle {
        color.stroke_width(self.upx(width).max(1))
    }
}
