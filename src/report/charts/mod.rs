//! Charts of a run summary, as PNG and SVG bytes. This module owns what each
//! chart shows and how it is rendered: every chart is one [`Chart`] drawn by
//! one generic routine on both backends, reading only the [`Summary`] (so
//! `quotasim report` redraws them from summary.json), with no timestamps or
//! other varying input, so the bytes depend on the summary alone.
//!
//! PNGs are drawn at twice their size and averaged down: plotters' bitmap
//! backend does not anti-alias lines, and the supersampling gives smooth
//! curves and text at the cost of a few milliseconds.

pub(crate) mod axes;
mod coverage;
mod distribution;
mod exceedance;
pub(crate) mod frame;
mod funnel;
mod hours;
pub(crate) mod layout;
pub mod style;
mod top20;

use std::fmt;

use plotters::coord::Shift;
use plotters::prelude::*;
use rayon::prelude::*;

use self::style::{HEIGHT, Theme, WIDTH};
use crate::stats::Summary;

/// A drawing failure, as text (backends report different error types).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartError(pub String);

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

/// One chart: its file stem, how to read it, and how to draw it.
trait Chart {
    /// File name without extension.
    const NAME: &'static str;
    /// One or two sentences on how to read it (report.html's figure caption).
    const CAPTION: &'static str;
    /// Height in (SVG) pixels; charts whose content grows with the number of
    /// strategies grow taller rather than squeezing the plot.
    fn height(_s: &Summary) -> u32 {
        HEIGHT
    }
    fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, t: Theme, s: &Summary) -> Result<(), ChartError>;
}

/// A chart's two files: (name, bytes) of its PNG and its SVG.
type ChartFiles = [(String, Vec<u8>); 2];

type Renderer = fn(&Summary) -> Result<ChartFiles, ChartError>;

/// Every chart in reading order.
const RENDERERS: [Renderer; 6] = [
    render::<distribution::Distribution>,
    render::<exceedance::Exceedance>,
    render::<funnel::Funnel>,
    render::<hours::Hours>,
    render::<coverage::Coverage>,
    render::<top20::Top20>,
];

/// File stems and captions of every chart, in reading order.
pub const CHARTS: [(&str, &str); 6] = [
    (distribution::Distribution::NAME, distribution::Distribution::CAPTION),
    (exceedance::Exceedance::NAME, exceedance::Exceedance::CAPTION),
    (funnel::Funnel::NAME, funnel::Funnel::CAPTION),
    (hours::Hours::NAME, hours::Hours::CAPTION),
    (coverage::Coverage::NAME, coverage::Coverage::CAPTION),
    (top20::Top20::NAME, top20::Top20::CAPTION),
];

/// Every chart of a run as (file name, bytes): a PNG and an SVG per chart.
/// Drawing reads only the summary; charts are drawn in parallel but returned
/// in a fixed order.
pub fn render_all(summary: &Summary) -> Result<Vec<(String, Vec<u8>)>, String> {
    style::ensure_fonts();
    let rendered: Result<Vec<ChartFiles>, ChartError> = RENDERERS.par_iter().map(|r| r(summary)).collect();
    Ok(rendered.map_err(|e| e.0)?.into_iter().flatten().collect())
}

fn render<C: Chart>(s: &Summary) -> Result<ChartFiles, ChartError> {
    Ok([(format!("{}.png", C::NAME), png::<C>(s)?), (format!("{}.svg", C::NAME), svg::<C>(s)?.into_bytes())])
}

/// Supersampling factor of PNGs.
pub(crate) const SUPERSAMPLE: u32 = 2;

fn png<C: Chart>(s: &Summary) -> Result<Vec<u8>, ChartError> {
    let (w, h) = (WIDTH * SUPERSAMPLE, C::height(s) * SUPERSAMPLE);
    let mut buf = vec![255u8; (w as usize) * (h as usize) * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        C::draw(&root, Theme { scale: f64::from(SUPERSAMPLE) }, s)?;
        root.present()?;
    }
    let small = downsample(&buf, w as usize, h as usize, SUPERSAMPLE as usize);
    encode_png(&small, WIDTH, C::height(s))
}

fn svg<C: Chart>(s: &Summary) -> Result<String, ChartError> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (WIDTH, C::height(s))).into_drawing_area();
        C::draw(&root, Theme { scale: 1.0 }, s)?;
        root.present()?;
    }
    Ok(svg_fonts(&text))
}

/// Layout was measured with DejaVu Sans; ask SVG viewers for it or for the
/// metrically close Verdana before any narrower sans-serif.
pub(crate) fn svg_fonts(svg: &str) -> String {
    svg.replace("font-family=\"sans-serif\"", "font-family=\"DejaVu Sans, Verdana, sans-serif\"")
}

/// Average `f` x `f` blocks of an RGB image (box filter).
pub(crate) fn downsample(rgb: &[u8], w: usize, h: usize, f: usize) -> Vec<u8> {
    let (ow, oh) = (w / f, h / f);
    let mut out = vec![0u8; ow * oh * 3];
    let area = (f * f) as u32;
    for oy in 0..oh {
        for ox in 0..ow {
            for c in 0..3 {
                let mut sum = 0u32;
                for dy in 0..f {
                    let row = (oy * f + dy) * w;
                    for dx in 0..f {
                        sum += u32::from(rgb[(row + ox * f + dx) * 3 + c]);
                    }
                }
                out[(oy * ow + ox) * 3 + c] = ((sum + area / 2) / area) as u8;
            }
        }
    }
    out
}

pub(crate) fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    {
        let mut enc = ::png::Encoder::new(&mut out, w, h);
        enc.set_color(::png::ColorType::Rgb);
        enc.set_depth(::png::BitDepth::Eight);
        // Charts are flat colour: unfiltered rows deflate smaller and twice
        // as fast as adaptive filtering (measured: 57 KB in 8 ms vs 59 KB in 17 ms).
        enc.set_compression(::png::Compression::Default);
        enc.set_filter(::png::FilterType::NoFilter);
        let err = |e: ::png::EncodingError| ChartError(format!("cannot encode PNG: {e}"));
        let mut writer = enc.write_header().map_err(err)?;
        writer.write_image_data(rgb).map_err(err)?;
        writer.finish().map_err(err)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
