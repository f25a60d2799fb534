//! The PNG canvas: plotters' bitmap backend, with text drawn from glyphs
//! rasterised once per thread.
//!
//! plotters rasterises every glyph of every label again, and measures a
//! label by walking the font's kerning anew: a fifth of a chart's CPU time
//! went there. Here each glyph's coverage, advance and kerning are kept per
//! thread, by face and size, and the arithmetic is plotters' own (the
//! `ab_glyph` font's `estimate_layout` and `draw`, `TextStyle::draw` and
//! `DrawingBackend::draw_text`, in the same order and precision), so every
//! pixel comes out the same: tested against plotters on 2,000 random
//! labels, and on every chart the render tests draw.

use std::cell::RefCell;
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, ScaleFont};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontStyle};

use super::style::{BOLD, FONT, REGULAR};

/// [`BitMapBackend`] with cached text; everything else is passed through.
pub(super) struct PngCanvas<'a> {
    bitmap: BitMapBackend<'a>,
    /// Off only in tests, to draw the same chart with plotters' own text.
    cached_text: bool,
}

impl<'a> PngCanvas<'a> {
    pub(super) fn new(bitmap: BitMapBackend<'a>, cached_text: bool) -> PngCanvas<'a> {
        PngCanvas { bitmap, cached_text }
    }

    /// The face of `style` when its text is drawn from the cache.
    fn cached_face<S: BackendTextStyle>(&self, style: &S) -> Option<Face> {
        if self.cached_text { Face::of(style) } else { None }
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
        let Some(face) = self.cached_face(style) else {
            return self.bitmap.estimate_text_size(text, style);
        };
        // The layout box starts at (0, 0): its size is its far corner.
        Ok(with_glyphs(face, style.size(), |glyphs| {
            let (w, h) = glyphs.layout(text);
            (w as u32, h as u32)
        }))
    }

    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> DrawResult<'a> {
        let Some(face) = self.cached_face(style) else {
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
    /// A style whose font plotters could not load (made before the fonts
    /// were registered) is left to plotters too, which reports it.
    fn of<S: BackendTextStyle>(style: &S) -> Option<Face> {
        if style.family().as_str() != FONT || style.layout_box("").is_err() {
            return None;
        }
        Some(if matches!(style.style(), FontStyle::Bold) { Face::Bold } else { Face::Regular })
    }

    fn font(self) -> &'static FontRef<'static> {
        static REGULAR_FONT: OnceLock<FontRef<'static>> = OnceLock::new();
        static BOLD_FONT: OnceLock<FontRef<'static>> = OnceLock::new();
        // Compiled in, and registered with plotters from the same bytes.
        let parse = |bytes| FontRef::try_from_slice(bytes).expect("the bundled fonts parse");
        match self {
            Face::Regular => REGULAR_FONT.get_or_init(|| parse(REGULAR)),
            Face::Bold => BOLD_FONT.get_or_init(|| parse(BOLD)),
        }
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
    pixels: Vec<(i32, i32, f32)>,
}

/// A face at one size: its glyphs and kerning pairs met so far (by
/// character: the few labels of a process's charts bound them).
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
    /// The width and height of `text`'s layout box (plotters'
    /// `estimate_layout`: advances, then the kerning with the glyph before).
    fn layout(&mut self, text: &str) -> (i32, i32) {
        let mut width = 0f32;
        let Ok(()) = self.walk::<Infallible>(text, |glyph, kerning| {
            width += glyph.advance;
            if let Some(k) = kerning {
                width += k;
            }
            Ok(())
        });
        (width as i32, (self.size / 1.24) as i32)
    }

    /// Each covered pixel of `text` drawn at the origin, glyph by glyph
    /// (plotters' `draw`: the kerning with the glyph before, then the
    /// advance, the pen's position truncated to a pixel).
    fn place<E>(&mut self, text: &str, mut pixel: impl FnMut(i32, i32, f32) -> Result<(), E>) -> Result<(), E> {
        let mut pen = 0f32;
        self.walk(text, |glyph, kerning| {
            if let Some(k) = kerning {
                pen += k;
            }
            let x_shift = pen as i32;
            for &(x, y, coverage) in &glyph.pixels {
                pixel(x + x_shift, y + glyph.y_shift, coverage)?;
            }
            pen += glyph.advance;
            Ok(())
        })
    }

    /// `visit` each character of `text`: its glyph and its kerning with the
    /// glyph before (none for the first), each looked up once and kept.
    fn walk<E>(&mut self, text: &str, mut visit: impl FnMut(&Glyph, Option<f32>) -> Result<(), E>) -> Result<(), E> {
        let mut prev = None;
        for c in text.chars() {
            let glyph = self.glyphs.entry(c).or_insert_with(|| Glyph::new(self.face, self.size, c));
            let kerning = prev.map(|p| kern(&mut self.kerning, self.face, self.size, p, glyph.id));
            prev = Some(glyph.id);
            visit(glyph, kerning)?;
        }
        Ok(())
    }
}

impl Glyph {
    /// `c` in `face` at `size`, rasterised as plotters does it.
    fn new(face: Face, size: f64, c: char) -> Glyph {
        let font = face.font().as_scaled(size as f32);
        let id = font.glyph_id(c);
        let mut glyph = Glyph { id, advance: font.h_advance(id), y_shift: 0, pixels: Vec::new() };
        if let Some(outline) = font.outline_glyph(font.scaled_glyph(c)) {
            glyph.y_shift = ((size as f32) / 2.0 + outline.px_bounds().min.y) as i32;
            outline.draw(|x, y, coverage| {
                if coverage != 0.0 {
                    glyph.pixels.push((x as i32, y as i32, coverage));
                }
            });
        }
        glyph
    }
}

/// The kerning of a pair of glyphs, looked up in the font on first use.
fn kern(kerning: &mut HashMap<(GlyphId, GlyphId), f32>, face: Face, size: f64, first: GlyphId, second: GlyphId) -> f32 {
    *kerning.entry((first, second)).or_insert_with(|| face.font().as_scaled(size as f32).kern(first, second))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::style::ensure_fonts;
    use plotters::style::text_anchor::Pos;
    use plotters::style::{FontDesc, FontFamily, FontTransform, IntoFont};

    /// A small deterministic generator for the random labels.
    struct Draws(u64);

    impl Draws {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }

        fn pick<T: Clone>(&mut self, items: &[T]) -> T {
            items[self.next() as usize % items.len()].clone()
        }
    }

    /// Text drawn and measured through the cache gives plotters' own pixels
    /// and sizes, over thousands of random labels on a canvas of noise (text
    /// blends with what is under it): both faces and the styles that fall
    /// back to regular; sizes with the same whole part (the cache must key
    /// the exact size) and large ones; every anchor and rotation; clipped at
    /// every edge; opaque and translucent; kerning pairs, repeated glyphs,
    /// spaces, combining marks and characters the font lacks; labels up to
    /// 44 glyphs, where the pen's rounding would show.
    #[test]
    fn cached_text_is_plotters_text() {
        ensure_fonts();
        let alphabet: Vec<char> = "AVWYToTeLTPAyfiflj .,:;%$0123456789-+≤≥✓∑€éüßÅ\u{301}漢😀ΩЖ→●…—".chars().collect();
        let sizes = [7.5, 11.0, 13.0, 22.0, 22.5, 24.0, 26.0, 37.0, 64.0];
        let styles = [FontStyle::Normal, FontStyle::Bold, FontStyle::Italic, FontStyle::Oblique];
        let anchors: Vec<Pos> = [HPos::Left, HPos::Center, HPos::Right]
            .into_iter()
            .flat_map(|h| [VPos::Top, VPos::Center, VPos::Bottom].map(|v| Pos::new(h, v)))
            .collect();
        let transforms = [FontTransform::None, FontTransform::Rotate90, FontTransform::Rotate180, FontTransform::Rotate270];
        let alphas = [1.0, 0.5, 0.997, 0.02];
        let (w, h) = (240u32, 160u32);
        let mut draws = Draws(0x5eed);
        let noise: Vec<u8> = (0..w * h * 3).map(|_| draws.next() as u8).collect();
        let mut drawn = 0;
        for case in 0..2000 {
            let text: String = (0..draws.next() % 45).map(|_| draws.pick(&alphabet)).collect();
            let (size, font_style) = (draws.pick(&sizes), draws.pick(&styles));
            let rgb = (draws.next() as u8, draws.next() as u8, draws.next() as u8);
            let color = RGBAColor(rgb.0, rgb.1, rgb.2, draws.pick(&alphas));
            // As the theme makes its fonts (see [`Face::of`]).
            let font = FontDesc::new(FontFamily::Name(FONT), size, font_style).transform(draws.pick(&transforms));
            let style = TextStyle::from(font).color(&color).pos(draws.pick(&anchors));
            let pos = ((draws.next() % 280) as i32 - 20, (draws.next() % 200) as i32 - 20);
            let (mut plain, mut cached) = (noise.clone(), noise.clone());
            let mut bitmap = BitMapBackend::with_buffer(&mut plain, (w, h));
            bitmap.draw_text(&text, &style, pos).unwrap();
            let plain_size = bitmap.estimate_text_size(&text, &style).unwrap();
            drop(bitmap);
            let mut canvas = PngCanvas::new(BitMapBackend::with_buffer(&mut cached, (w, h)), true);
            assert!(canvas.cached_face(&style).is_some());
            let cached_size = canvas.estimate_text_size(&text, &style).unwrap();
            canvas.draw_text(&text, &style, pos).unwrap();
            drop(canvas);
            let what = format!("case {case}: {text:?} at {size}, {}, at {pos:?}", font_style.as_str());
            assert_eq!(cached_size, plain_size, "{what}: sizes differ");
            assert!(cached == plain, "{what}: pixels differ");
            drawn += usize::from(plain != noise);
        }
        // Most labels show: the comparison is of drawn text, not of nothing.
        assert!(drawn > 1500, "only {drawn} of 2000 labels drew a pixel");
    }

    /// A family other than the bundled one is left to plotters (which has
    /// no such font here and says so).
    #[test]
    fn other_families_are_plotters_own() {
        ensure_fonts();
        let style = TextStyle::from(("no-such-family", 12.0).into_font());
        assert!(Face::of(&style).is_none());
        let mut pixels = vec![255u8; 30 * 10 * 3];
        let mut canvas = PngCanvas::new(BitMapBackend::with_buffer(&mut pixels, (30, 10)), true);
        assert!(canvas.draw_text("x", &style, (0, 0)).is_err());
    }
}
