//! The one render pipeline: a [`Chart`] drawn as a PNG and as an SVG.
//!
//! PNGs are drawn at twice their size and averaged down: plotters' bitmap
//! backend does not anti-alias lines, and the supersampling gives smooth
//! curves and text at the cost of a few milliseconds. Each thread keeps
//! its canvas and its averaged image between charts: fresh ones would be
//! fresh pages from the system, each faulted in; the first ones are asked
//! for in huge pages ([`make_room`]).

use std::sync::Arc;

use plotters::prelude::*;
use rayon::prelude::*;

use super::glyphs::PngCanvas;
use super::style::{Theme, WIDTH, ensure_fonts};
use super::{Chart, ChartError, Files};
use crate::numeric::isa;

/// Supersampling factor of PNGs.
const SUPERSAMPLE: u32 = 2;

/// A file of a chart, drawn when called.
type FileTask<'a> = Box<dyn Fn() -> Result<(String, Vec<u8>), ChartError> + Send + Sync + 'a>;

/// Charts to draw together: each PNG and each SVG is a task of its own on
/// the cores (a PNG costs several times its SVG), so they finish together
/// rather than one core drawing the last chart alone; the files come back in
/// the order the charts were added, PNG before SVG.
#[derive(Default)]
pub struct Charts<'a> {
    files: Vec<FileTask<'a>>,
}

impl<'a> Charts<'a> {
    /// The chart as a PNG and an SVG.
    pub fn add<C: Chart + Send + Sync + 'a>(&mut self, chart: C) {
        let chart = Arc::new(chart);
        let png = Arc::clone(&chart);
        self.files.push(Box::new(move || render_png(&*png)));
        self.files.push(Box::new(move || render_svg(&*chart)));
    }

    /// The chart as an SVG alone: for a page that shows it at once.
    pub fn add_svg<C: Chart + Send + Sync + 'a>(&mut self, chart: C) {
        self.files.push(Box::new(move || render_svg(&chart)));
    }

    pub fn draw(self) -> Result<Files, ChartError> {
        self.files.par_iter().map(|file| file()).collect()
    }
}

/// A chart's two files: (name, bytes) of its PNG and its SVG, drawn in turn.
#[cfg(test)]
pub fn render<C: Chart>(chart: &C) -> Result<[(String, Vec<u8>); 2], ChartError> {
    Ok([render_png(chart)?, render_svg(chart)?])
}

/// A chart's PNG alone, as (name, bytes).
fn render_png<C: Chart>(chart: &C) -> Result<(String, Vec<u8>), ChartError> {
    ensure_fonts();
    Ok((format!("{}.png", chart.name()), png(chart)?))
}

/// A chart's SVG alone, as (name, bytes).
fn render_svg<C: Chart>(chart: &C) -> Result<(String, Vec<u8>), ChartError> {
    ensure_fonts();
    Ok((format!("{}.svg", chart.name()), svg(chart)?.into_bytes()))
}

fn png<C: Chart>(chart: &C) -> Result<Vec<u8>, ChartError> {
    png_drawn(chart, true)
}

/// A chart's PNG with plotters' own text instead of the glyph cache: the
/// render tests check that the two are the same bytes.
#[cfg(test)]
pub(super) fn png_with_plotters_text<C: Chart>(chart: &C) -> Result<Vec<u8>, ChartError> {
    png_drawn(chart, false)
}

fn png_drawn<C: Chart>(chart: &C, cached_text: bool) -> Result<Vec<u8>, ChartError> {
    let h = chart.height();
    let (w2, h2) = (WIDTH * SUPERSAMPLE, h * SUPERSAMPLE);
    CANVAS.with_borrow_mut(|Canvas { pixels, downsampled }| {
        // The size, in the memory the thread already has; what the last
        // chart left there is painted over by the frame, which clears the
        // whole canvas first (filling it here too cost a tenth of a chart).
        resize_stale(pixels, (w2 as usize) * (h2 as usize) * 3);
        {
            let root = PngCanvas::new(BitMapBackend::with_buffer(pixels, (w2, h2)), cached_text).into_drawing_area();
            chart.draw(&root, Theme { scale: f64::from(SUPERSAMPLE) })?;
            root.present()?;
        }
        downsample::<{ SUPERSAMPLE as usize }>(pixels, w2 as usize, h2 as usize, downsampled);
        encode_png(downsampled, WIDTH, h)
    })
}

/// A thread's memory for drawing PNGs, kept between charts.
struct Canvas {
    /// The supersampled drawing (about 11 MB).
    pixels: Vec<u8>,
    /// The drawing averaged down to the PNG's size.
    downsampled: Vec<u8>,
}

thread_local! {
    static CANVAS: std::cell::RefCell<Canvas> =
        const { std::cell::RefCell::new(Canvas { pixels: Vec::new(), downsampled: Vec::new() }) };
}

/// `buf` as `len` bytes of no particular value, without writing the ones it
/// had (for a buffer every byte of which is written before it is read).
fn resize_stale(buf: &mut Vec<u8>, len: usize) {
    make_room(buf, len);
    buf.resize(len, 0);
}

/// The thread's canvas full of `len` bytes of noise, as if an unrelated
/// chart had been drawn there last: a chart must not show any of it.
#[cfg(test)]
pub(super) fn stain_canvas(len: usize) {
    CANVAS.with_borrow_mut(|canvas| {
        canvas.pixels = (0..len).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    });
}

/// Room for `len` bytes in `buf`. Memory it must grow into is asked for in
/// huge pages where the system has them on request (Linux): a thread's
/// first canvas and averaged image are otherwise some 3,000 page faults (a
/// default run had 8,805 in all, and has 4,488 with them).
fn make_room(buf: &mut Vec<u8>, len: usize) {
    if buf.capacity() < len {
        // The old memory goes back before the new is taken.
        *buf = Vec::new();
        *buf = Vec::with_capacity(len);
        #[cfg(target_os = "linux")]
        advise_huge_pages(buf);
    }
}

/// Ask the kernel to back `buf`'s whole pages with huge pages (advice: it
/// changes how the memory is mapped, never what it holds).
#[cfg(target_os = "linux")]
fn advise_huge_pages(buf: &mut Vec<u8>) {
    const PAGE: usize = 4096;
    let start = buf.as_mut_ptr() as usize;
    let end = start + buf.capacity();
    let first = start.next_multiple_of(PAGE);
    let len = end.saturating_sub(first) / PAGE * PAGE;
    if len > 0 {
        // SAFETY: [first, first + len) is whole pages inside `buf`'s
        // allocation, which this thread owns; the advice does not change
        // their contents or their validity.
        unsafe { libc::madvise(first as *mut libc::c_void, len, libc::MADV_HUGEPAGE) };
    }
}

fn svg<C: Chart>(chart: &C) -> Result<String, ChartError> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (WIDTH, chart.height())).into_drawing_area();
        chart.draw(&root, Theme { scale: 1.0 })?;
        root.present()?;
    }
    Ok(svg_fonts(&text))
}

/// Layout was measured with DejaVu Sans; ask SVG viewers for it or for the
/// metrically close Verdana before any narrower sans-serif.
fn svg_fonts(svg: &str) -> String {
    svg.replace("font-family=\"sans-serif\"", "font-family=\"DejaVu Sans, Verdana, sans-serif\"")
}

/// Average `F` x `F` blocks of an RGB image (box filter) into `out`; a
/// partial block at the right or bottom edge is dropped. Integer arithmetic
/// only, so the wider build (see [`isa`]) gives the same bytes.
fn downsample<const F: usize>(rgb: &[u8], w: usize, h: usize, out: &mut Vec<u8>) {
    #[cfg(target_arch = "x86_64")]
    if isa::wide() {
        // SAFETY: `isa::wide` found every feature `downsample_v3` is compiled for on this CPU.
        return unsafe { downsample_v3::<F>(rgb, w, h, out) };
    }
    downsample_here::<F>(rgb, w, h, out)
}

/// [`downsample_here`] compiled for x86-64-v3.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx,avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
unsafe fn downsample_v3<const F: usize>(rgb: &[u8], w: usize, h: usize, out: &mut Vec<u8>) {
    downsample_here::<F>(rgb, w, h, out)
}

/// Each band of `F` rows is summed column by column; then the rounded mean
/// of `F` neighbouring pixels is taken at every column, and each block's own
/// is picked out. Straight loops over whole rows, which the compiler
/// vectorises: it costs less to average at every column than to step
/// through the pixels' interleaved channels.
#[inline(always)]
fn downsample_here<const F: usize>(rgb: &[u8], w: usize, h: usize, out: &mut Vec<u8>) {
    const { assert!(F >= 1 && F * F * 255 + F * F / 2 <= u16::MAX as usize, "block sums must fit in u16") };
    let (ow, oh) = (w / F, h / F);
    if ow == 0 || oh == 0 {
        out.clear();
        return;
    }
    let area = (F * F) as u16;
    // Every byte is written below: what the buffer held may stay until then.
    resize_stale(out, ow * oh * 3);
    let mut columns = vec![0u16; w * 3];
    // A mean at every column where a block's last pixel could still fit.
    let mut means = vec![0u8; (ow * F - (F - 1)) * 3];
    for (band, out_row) in rgb.chunks_exact(w * 3 * F).zip(out.chunks_exact_mut(ow * 3)) {
        let (first, rest) = band.split_at(w * 3);
        for (sum, &v) in columns.iter_mut().zip(first) {
            *sum = u16::from(v);
        }
        // The sums cannot overflow (asserted above); wrapping adds keep the
        // loops vectorised in builds with overflow checks too (the tests').
        for row in rest.chunks_exact(w * 3) {
            for (sum, &v) in columns.iter_mut().zip(row) {
                *sum = sum.wrapping_add(u16::from(v));
            }
        }
        for (mean, pixels) in means.iter_mut().zip(columns.windows(3 * F - 2)) {
            let sum = (0..F).fold(0u16, |sum, dx| sum.wrapping_add(pixels[dx * 3]));
            *mean = (sum.wrapping_add(area / 2) / area) as u8;
        }
        for (pixel, block) in out_row.chunks_exact_mut(3).zip(means.chunks(F * 3)) {
            pixel.copy_from_slice(&block[..3]);
        }
    }
}

/// Deflate level of the charts' image data. Charts are flat colour, and
/// level 2 finds nearly all their runs: measured on a default run's seven
/// charts, 550 KB in 11 ms against 490 KB in 31 ms at zlib's default (6).
/// The png crate offers only its default and a fast mode that leaves
/// unfiltered rows 19 times larger, so the data is deflated here.
const PNG_LEVEL: u32 = 2;

/// RGB rows as a PNG: the png crate writes the signature, header, CRCs and
/// end; the image data is the rows, each unfiltered (filter byte 0: flat
/// colour deflates smaller unfiltered, and at no cost), deflated at
/// [`PNG_LEVEL`].
fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, ChartError> {
    use std::io::Write;
    let row = 3 * w as usize;
    debug_assert_eq!(rgb.len(), row * h as usize);
    let mut deflate = flate2::write::ZlibEncoder::new(Vec::with_capacity(rgb.len() / 16), flate2::Compression::new(PNG_LEVEL));
    let io = |e: std::io::Error| ChartError(format!("cannot compress PNG data: {e}"));
    for line in rgb.chunks_exact(row) {
        deflate.write_all(&[0]).map_err(io)?;
        deflate.write_all(line).map_err(io)?;
    }
    let data = deflate.finish().map_err(io)?;
    let mut out = Vec::with_capacity(data.len() + 64);
    {
        let mut enc = ::png::Encoder::new(&mut out, w, h);
        enc.set_color(::png::ColorType::Rgb);
        enc.set_depth(::png::BitDepth::Eight);
        let err = |e: ::png::EncodingError| ChartError(format!("cannot encode PNG: {e}"));
        let mut writer = enc.write_header().map_err(err)?;
        writer.write_chunk(::png::chunk::IDAT, &data).map_err(err)?;
        writer.finish().map_err(err)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A resized buffer is `len` bytes, whether it grows (into fresh, advised
    /// memory) or shrinks; shrinking writes nothing.
    #[test]
    fn resized_buffers_have_their_length() {
        let mut buf: Vec<u8> = (0..10).collect();
        for len in [5, 3 << 20, 1000, 0, 4 << 20] {
            let shrinks = len <= buf.len();
            let kept: Vec<u8> = buf.iter().copied().take(len).collect();
            resize_stale(&mut buf, len);
            assert_eq!(buf.len(), len);
            if shrinks {
                assert_eq!(buf, kept, "{len} bytes");
            }
        }
    }

    /// The PNG holds exactly the pixels given: flat runs (what the level is
    /// chosen for) and noise (what it cannot shorten), decoded by the png crate.
    #[test]
    fn png_files_decode_to_their_pixels() {
        let (w, h) = (37u32, 11u32);
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let rgb: Vec<u8> = (0..3 * w * h)
            .map(|i| {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                if i < 3 * w * 6 { (i / 40) as u8 } else { (state >> 56) as u8 }
            })
            .collect();
        let png = encode_png(&rgb, w, h).unwrap();
        assert_eq!(crate::report::charts::tests::decode_png(&png), (w, h, rgb));
    }

    /// [`downsample`] into a fresh vector; `here` picks the plain build.
    fn downsampled<const F: usize>(rgb: &[u8], w: usize, h: usize, here: bool) -> Vec<u8> {
        // Stale bytes, more than the result's, as a thread's averaged image
        // holds between charts: every byte of the result must be written.
        let mut out = vec![7; rgb.len() + 5];
        if here {
            downsample_here::<F>(rgb, w, h, &mut out)
        } else {
            downsample::<F>(rgb, w, h, &mut out)
        }
        out
    }

    #[test]
    fn downsampling_averages_blocks() {
        // 2x2 image, one block: mean of 0, 255, 255, 255 rounds to 191.
        let rgb = [0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255];
        assert_eq!(downsampled::<2>(&rgb, 2, 2, false), vec![191, 191, 191]);
    }

    /// Each whole block's rounded mean, pixel by pixel: the reference.
    fn block_means(rgb: &[u8], w: usize, h: usize, f: usize) -> Vec<u8> {
        let mut expected = Vec::new();
        for oy in 0..h / f {
            for ox in 0..w / f {
                for c in 0..3 {
                    let sum: usize = (0..f * f).map(|k| usize::from(rgb[((oy * f + k / f) * w + ox * f + k % f) * 3 + c])).sum();
                    expected.push(((sum + f * f / 2) / (f * f)) as u8);
                }
            }
        }
        expected
    }

    #[test]
    fn downsampling_gives_each_blocks_rounded_mean_and_drops_partial_blocks() {
        // 7 x 5 pixels: by 2, 3 x 2 blocks (the last column and row dropped);
        // by 3, 2 x 1 blocks. Both builds, whichever this CPU runs.
        let (w, h) = (7, 5);
        let rgb: Vec<u8> = (0..w * h * 3).map(|i| ((i * 37 + i / 5) % 256) as u8).collect();
        assert_eq!(downsampled::<2>(&rgb, w, h, false), block_means(&rgb, w, h, 2));
        assert_eq!(downsampled::<2>(&rgb, w, h, true), block_means(&rgb, w, h, 2));
        assert_eq!(downsampled::<3>(&rgb, w, h, false), block_means(&rgb, w, h, 3));
        assert!(downsampled::<2>(&rgb[..3], 1, 1, false).is_empty());
        // All white and all black stay so (no rounding drift at the extremes).
        assert!(downsampled::<2>(&[255; 4 * 4 * 3], 4, 4, false).iter().all(|&v| v == 255));
        assert!(downsampled::<3>(&[0; 6 * 3 * 3], 6, 3, false).iter().all(|&v| v == 0));
    }

    #[test]
    fn svgs_ask_for_the_font_the_layout_was_measured_with() {
        assert_eq!(svg_fonts("<text font-family=\"sans-serif\">"), "<text font-family=\"DejaVu Sans, Verdana, sans-serif\">");
    }
}
