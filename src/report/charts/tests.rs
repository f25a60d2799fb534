//! Every chart renders: its PNG decodes at the chart's size, its SVG parses
//! and carries the chart's title, and no non-finite number is printed. The
//! helpers serve the run and sweep charts' tests too.

use super::layout::clean;
use super::style::WIDTH;
use super::*;
use crate::report::{fixtures, words};

/// Width, height and RGB pixels of a PNG.
pub(super) fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = ::png::Decoder::new(bytes);
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

/// The text of every `<text>` element of an SVG, in document order, without
/// the line breaks the SVG backend puts around it.
pub(super) fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("SVG does not parse: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).map(|t| t.trim().to_string()).collect()
}

/// Render `chart` and check both files; returns the SVG's texts.
pub(super) fn check_chart<C: Chart>(chart: &C) -> Vec<String> {
    let name = chart.name();
    let [(png_name, png), (svg_name, svg)] = render(chart).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!((png_name, svg_name), (format!("{name}.png"), format!("{name}.svg")));
    let (w, h, pixels) = decode_png(&png);
    assert_eq!((w, h), (WIDTH, chart.height()), "{name}.png");
    // Drawn again over a canvas stained by an unrelated drawing, larger than
    // this one: every pixel is the chart's own.
    render::stain_canvas(4 * (w as usize) * (h as usize) * 3 + 999);
    let [(_, again), _] = render(chart).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(again == png, "{name}.png shows what the canvas held before");
    // Its text, drawn from the glyph cache, is plotters' own text.
    let plain = render::png_with_plotters_text(chart).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(plain == png, "{name}.png: the glyph cache changed its pixels");
    assert!(pixels.iter().any(|&p| p < 128), "{name}.png is blank");
    let svg = String::from_utf8(svg).expect("SVG is UTF-8");
    let texts = svg_texts(&svg);
    // The title is wrapped onto lines of their own, drawn first.
    let title = clean(&chart.title()).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!title.is_empty(), "{name} has no title");
    assert!(texts.join(" ").contains(&title), "{name}: title {title:?} not drawn in {texts:?}");
    let words: Vec<&str> = svg.split(|c: char| !c.is_alphanumeric()).collect();
    assert!(!words.iter().any(|w| *w == "NaN" || *w == "inf"), "{name} prints a non-finite number");
    texts
}

#[test]
fn every_tornado_chart_renders_with_its_title() {
    let t = fixtures::tornado();
    let charted: Vec<_> = t.strategies.iter().filter(|s| !s.bars.is_empty()).collect();
    assert!(!charted.is_empty(), "the fixture tornado has bars");
    for s in charted {
        let chart = tornado::TornadoChart { t: &t, s };
        assert_eq!(chart.name(), format!("tornado-{}", crate::scenario::slug(&s.strategy)));
        let texts = check_chart(&chart);
        // A row label per bar, right of the parameter names.
        for b in &s.bars {
            assert!(texts.iter().any(|x| *x == words::tornado::bar_range(b)), "no row label for {}", b.key);
        }
    }
    let files = tornado_charts(&t).unwrap();
    assert_eq!(files.len(), 2 * t.strategies.iter().filter(|s| !s.bars.is_empty()).count());
}

#[test]
fn tornado_bars_never_wear_a_strategy_colour() {
    let dist = |a: plotters::style::RGBColor, b: plotters::style::RGBColor| {
        let d = |x: u8, y: u8| (f64::from(x) - f64::from(y)).powi(2);
        (d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2)).sqrt()
    };
    for bar in [tornado::LOW, tornado::HIGH] {
        for c in style::PALETTE {
            assert!(dist(bar, c) > 60.0, "{bar:?} is too close to the strategy colour {c:?}");
        }
    }
    // Told apart by lightness alone (colour-blind safe).
    assert!(super::sweep::luminance(tornado::LOW) - super::sweep::luminance(tornado::HIGH) > 0.35);
}

#[test]
fn every_plan_chart_renders_with_its_title() {
    let p = fixtures::plan();
    assert_eq!(p.strategies.len(), 1);
    let s = &p.strategies[0];
    let texts = check_chart(&plan::PlanChart { p: &p, s });
    let best = words::plan::best_label(s);
    assert!(texts.contains(&best), "best point not labelled {best:?}");
    assert_eq!(plan_charts(&p).unwrap().len(), 2);
}
