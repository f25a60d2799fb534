//! The PNG canvas: plotters' bitmap backend, with text drawn from glyphs
//! rasterised once per thread.
//!
//! plotters rasterises every glyph of every label again, and measures a
//! label by walking the font's kerning anew: a fifth of a chart's CPU time
//! went there. Here each glyph's coverage, advance and kerning are kept per
//! thread, by face and size, and the arithmetic is plotters' own (the
//! `ab_glyph` font's `estimate_layout` and `draw`, `TextStyle::draw` and
//! `DrawingBackend::draw_text`, in the same order and precision), so every
//! pixel comes out the same: tested against plotters, and on every golden
//! chart.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, ScaleFont};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontStyle};

use super::style::{BOLD, FONT, REGULAR};

/// [`BitMapBackend`] with cached text; everything else is passed through.
pub(super) struct PngCanvas<'a> {
    bitmap: BitMapBackend<'a>,
}

impl<'a> PngCanvas<'a> {
    pub(super) fn new(bitmap: BitMapBackend<'a>) -> PngCanvas<'a> {
        PngCanvas { bitmap }
    }
}

type DrawResult<'a> = Result<(), DrawingErrorKind<<BitMapBackend<'a> as DrawingBackend>::ErrorType>>;

impl<'a> DrawingBackend for PngCanvas<'a> {
    type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.bitmap.get_size()
    }

    fn ensure_prepared(&mut self) -> DrawResult<'a> {
        self.bitmap.ensure_prepared()
    }

    fn present(&mut self) -> DrawResult<'a> {
        self.bitmap.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> DrawResult<'a> {
        self.bitmap.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> DrawResult<'a> {
        self.bitmap.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> DrawResult<'a> {
        self.bitmap.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> DrawResult<'a> {
        self.bitmap.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> DrawResult<'a> {
        self.bitmap.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> DrawResult<'a> {
        self.bitmap.fill_polygon(vert, style)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> DrawResult<'a> {
        self.bitmap.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        let Some(face) = Face::of(style) else {
            return self.bitmap.estimate_text_size(text, style);
        };
        // The layout box starts at (0, 0): its size is its far corner.
        Ok(with_glyphs(face, style.size(), |glyphs| {
            let (w, h) = glyphs.layout(text);
            (w as u32, h as u32)
        }))
    }

    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> DrawResult<'a> {
        let Some(face) = Face::of(style) else {
            return self.bitmap.draw_text(text, style, pos);
        };
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        with_glyphs(face, style.size(), |glyphs| {
            let (width, height) = glyphs.layout(text);
            let dx = match style.anchor().h_pos {
                HPos::Left => 0,
                HPos::Right => -width,
                HPos::Center => -width / 2,
            };
            let dy = match style.anchor().v_pos {
                VPos::Top => 0,
                VPos::Center => -height / 2,
                VPos::Bottom => -height,
            };
            let transform = style.transform();
            let (w, h) = self.bitmap.get_size();
            glyphs.place(text, |x, y, coverage| {
                let (x, y) = transform.transform(x + dx, y + dy);
                let (x, y) = (pos.0 + x, pos.1 + y);
                if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 {
                    self.bitmap.draw_pixel((x, y), color.mix(f64::from(coverage)))
                } else {
                    Ok(())
                }
            })
        })
    }
}

/// The bundled faces, as plotters picks them for the family [`FONT`]: bold,
/// or regular for every other style (it registers no others).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Face {
    Regular,
    Bold,
}

impl Face {
    /// The face of `style`, or None for a family that is not the bundled one.
    /// The style's label is all a backend sees: it names the face plotters
    /// loaded for a font made with its style (`FontDesc::new`, as the theme
    /// does), not for one restyled later (`FontDesc::style` keeps the face).
    fn of<S: BackendTextStyle>(style: &S) -> Option<Face> {
        if style.family().as_str() != FONT {
            return None;
        }
        Some(if matches!(style.style(), FontStyle::Bold) { Face::Bold } else { Face::Regular })
    }

    fn font(self) -> &'static FontRef<'static> {
        static FONTS: OnceLock<[FontRef<'static>; 2]> = OnceLock::new();
        let fonts = FONTS.get_or_init(|| {
            // Compiled in and checked by plotters' registration in every chart test.
            let parse = |bytes| FontRef::try_from_slice(bytes).expect("the bundled fonts parse");
            [parse(REGULAR), parse(BOLD)]
        });
        &fonts[self as usize]
    }
}

/// One glyph at one size, as plotters draws it.
struct Glyph {
    id: GlyphId,
    advance: f32,
    /// Row offset of the glyph's pixel box from the text's top.
    y_shift: i32,
    /// The pixels it covers, in the rasteriser's order (uncovered ones,
    /// which plotters' blend leaves alone, left out).
    pixels: Vec<(u16, u16, f32)>,
}

/// A face at one size: its glyphs and kerning pairs met so far.
struct SizedFace {
    face: Face,
    size: f64,
    glyphs: HashMap<char, Glyph>,
    kerning: HashMap<(GlyphId, GlyphId), f32>,
}

thread_local! {
    static CACHE: RefCell<HashMap<(Face, u64), SizedFace>> = RefCell::new(HashMap::new());
}

/// `f` with the cache of `face` at `size`.
fn with_glyphs<R>(face: Face, size: f64, f: impl FnOnce(&mut SizedFace) -> R) -> R {
    CACHE.with_borrow_mut(|cache| {
        let sized = cache.entry((face, size.to_bits())).or_insert_with(|| SizedFace {
            face,
            size,
            glyphs: HashMap::new(),
            kerning: HashMap::new(),
        });
        f(sized)
    })
}

impl SizedFace {
    /// The glyph of `c`, rasterised on first use.
    fn glyph(&mut self, c: char) -> &Glyph {
        let (face, size) = (self.face, self.size);
        self.glyphs.entry(c).or_insert_with(|| {
            let font = face.font().as_scaled(size as f32);
            let id = font.glyph_id(c);
            let mut glyph = Glyph { id, advance: font.h_advance(id), y_shift: 0, pixels: Vec::new() };
            if let Some(outline) = font.outline_glyph(font.scaled_glyph(c)) {
                glyph.y_shift = ((size as f32) / 2.0 + outline.px_bounds().min.y) as i32;
                outline.draw(|x, y, coverage| {
                    if coverage != 0.0 {
                        glyph.pixels.push((x as u16, y as u16, coverage));
                    }
                });
            }
            glyph
        })
    }

    fn kern(&mut self, first: GlyphId, second: GlyphId) -> f32 {
        let (face, size) = (self.face, self.size);
        *self.kerning.entry((first, second)).or_insert_with(|| face.font().as_scaled(size as f32).kern(first, second))
    }

    /// The width and height of `text`'s layout box (plotters'
    /// `estimate_layout`: advances, then the kerning with the glyph before).
    fn layout(&mut self, text: &str) -> (i32, i32) {
        let mut width = 0f32;
        let mut prev = None;
        for c in text.chars() {
            let glyph = self.glyph(c);
            let id = glyph.id;
            width += glyph.advance;
            if let Some(p) = prev {
                width += self.kern(p, id);
            }
            prev = Some(id);
        }
        (width as i32, (self.size / 1.24) as i32)
    }

    /// Each covered pixel of `text` drawn at the origin, glyph by glyph
    /// (plotters' `draw`: the kerning with the glyph before, then the
    /// advance, the pen's position truncated to a pixel).
    fn place<E>(&mut self, text: &str, mut pixel: impl FnMut(i32, i32, f32) -> Result<(), E>) -> Result<(), E> {
        let mut pen = 0f32;
        let mut prev: Option<GlyphId> = None;
        for c in text.chars() {
            let id = self.glyph(c).id;
            if let Some(p) = prev {
                pen += self.kern(p, id);
            }
            prev = Some(id);
            let glyph = self.glyph(c);
            let x_shift = pen as i32;
            for &(x, y, coverage) in &glyph.pixels {
                pixel(i32::from(x) + x_shift, i32::from(y) + glyph.y_shift, coverage)?;
            }
            pen += glyph.advance;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::style::ensure_fonts;
    use plotters::style::text_anchor::Pos;
    use plotters::style::{FontDesc, FontFamily, FontTransform, IntoFont};

    /// A canvas of noise (text blends with what is under it).
    fn noise(w: u32, h: u32) -> Vec<u8> {
        (0..w * h * 3).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect()
    }

    /// Text drawn and measured through the cache gives plotters' own
    /// pixels and sizes: both faces, several sizes (fractional ones too),
    /// every anchor, rotated, clipped at the edges, in colour and half
    /// transparent, with kerning pairs, repeated glyphs, spaces and a
    /// character the font lacks.
    #[test]
    fn cached_text_is_plotters_text() {
        ensure_fonts();
        let (w, h) = (260u32, 180u32);
        let texts = ["AVAWAY To Te 1,024", "Quota attainment: 47% vs 28%", "P10 ≤ P50 ≤ P90 ✓ ∑", "", "  x  "];
        let anchors = [Pos::new(HPos::Left, VPos::Top), Pos::new(HPos::Center, VPos::Center), Pos::new(HPos::Right, VPos::Bottom)];
        let transforms = [FontTransform::None, FontTransform::Rotate90, FontTransform::Rotate270];
        let colors = [RGBColor(33, 37, 41).to_rgba(), RGBColor(213, 94, 0).mix(0.5)];
        let mut cases = 0;
        for (face, font_style) in [(Face::Regular, FontStyle::Normal), (Face::Bold, FontStyle::Bold)] {
            for size in [11.0, 22.5, 37.0] {
                for (i, text) in texts.iter().enumerate() {
                    let anchor = anchors[i % anchors.len()];
                    let transform = transforms[(i + cases) % transforms.len()].clone();
                    let color = colors[i % colors.len()];
                    // As the theme makes them (see [`Face::of`]).
                    let font = FontDesc::new(FontFamily::Name(FONT), size, font_style).transform(transform);
                    let style = TextStyle::from(font).color(&color).pos(anchor);
                    let (mut plain, mut cached) = (noise(w, h), noise(w, h));
                    // Near the edge, so that some text is clipped.
                    let pos = (30 + 17 * i as i32, 150 - 20 * i as i32);
                    let mut bitmap = BitMapBackend::with_buffer(&mut plain, (w, h));
                    bitmap.draw_text(text, &style, pos).unwrap();
                    let plain_size = bitmap.estimate_text_size(text, &style).unwrap();
                    drop(bitmap);
                    let mut canvas = PngCanvas::new(BitMapBackend::with_buffer(&mut cached, (w, h)));
                    assert_eq!(Face::of(&style), Some(face));
                    // Twice: the second from a warm cache.
                    for _ in 0..2 {
                        assert_eq!(canvas.estimate_text_size(text, &style).unwrap(), plain_size, "{text:?} at {size}");
                    }
                    canvas.draw_text(text, &style, pos).unwrap();
                    drop(canvas);
                    assert!(cached == plain, "{text:?} at {size}, case {cases}: pixels differ");
                    cases += 1;
                }
            }
        }
        assert_eq!(cases, 30);
    }

    /// A family other than the bundled one is left to plotters (which has
    /// no such font here and says so).
    #[test]
    fn other_families_are_plotters_own() {
        ensure_fonts();
        let style = TextStyle::from(("no-such-family", 12.0).into_font());
        assert!(Face::of(&style).is_none());
        let mut pixels = vec![255u8; 30 * 10 * 3];
        let mut canvas = PngCanvas::new(BitMapBackend::with_buffer(&mut pixels, (30, 10)));
        assert!(canvas.draw_text("x", &style, (0, 0)).is_err());
    }
}
