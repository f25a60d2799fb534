//! Every run chart renders on real and odd summaries, decodes, and is deterministic.

use super::*;
use crate::report::charts::style::{HEIGHT, WIDTH};
use crate::report::fixtures;

fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = ::png::Decoder::new(bytes);
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

/// Checks every file of a rendering: names, PNG size and content, SVG shape,
/// and no non-finite number printed anywhere.
fn check_rendering(s: &Summary, files: &[(String, Vec<u8>)]) {
    let figures = run_chart_figures(s);
    assert_eq!(files.len(), 2 * figures.len());
    for f in &figures {
        assert!(files.iter().any(|(n, _)| *n == format!("{}.png", f.name)), "{}.png missing", f.name);
        assert!(files.iter().any(|(n, _)| *n == format!("{}.svg", f.name)), "{}.svg missing", f.name);
    }
    for (name, bytes) in files {
        if name.ends_with(".png") {
            let (w, h, _) = decode_png(bytes);
            assert!(w == WIDTH && h >= HEIGHT, "{name}: {w}x{h}");
        } else {
            let text = std::str::from_utf8(bytes).expect("SVG is UTF-8");
            assert!(text.starts_with("<svg") && text.trim_end().ends_with("</svg>"), "{name}");
            let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
            assert!(!words.iter().any(|w| *w == "NaN" || *w == "inf"), "{name} prints a non-finite number");
        }
    }
}

#[test]
fn default_run_renders_every_chart_deterministically() {
    let s = fixtures::summary(20);
    let a = run_charts(&s).unwrap();
    check_rendering(&s, &a);
    assert_eq!(a, run_charts(&s).unwrap(), "rendering must not depend on anything but the summary");
}

#[test]
fn odd_summaries_render_without_panicking() {
    for s in [fixtures::single_strategy(), fixtures::eight_strategies(), fixtures::degenerate()] {
        check_rendering(&s, &run_charts(&s).unwrap());
    }
}

#[test]
fn charts_from_a_reread_summary_are_identical() {
    // `quotasim report` draws from summary.json as read back; the bytes must
    // match what `run` drew from the summary in memory.
    let s = fixtures::summary(20);
    let reread = crate::report::json::parse_summary(&crate::report::json::summary_json(&s)).unwrap();
    assert_eq!(run_charts(&s).unwrap(), run_charts(&reread).unwrap());
}
