//! Every chart renders on real and odd summaries, decodes, and is deterministic.

use super::*;
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
fn check_rendering(files: &[(String, Vec<u8>)]) {
    assert_eq!(files.len(), 2 * CHARTS.len());
    for (stem, _) in CHARTS {
        assert!(files.iter().any(|(n, _)| *n == format!("{stem}.png")), "{stem}.png missing");
        assert!(files.iter().any(|(n, _)| *n == format!("{stem}.svg")), "{stem}.svg missing");
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
    let a = render_all(&s).unwrap();
    check_rendering(&a);
    assert_eq!(a, render_all(&s).unwrap(), "rendering must not depend on anything but the summary");
}

#[test]
fn odd_summaries_render_without_panicking() {
    for s in [fixtures::single_strategy(), fixtures::eight_strategies(), fixtures::degenerate()] {
        check_rendering(&render_all(&s).unwrap());
    }
}

#[test]
fn downsampling_averages_blocks() {
    // 2x2 image, one block: mean of 0, 255, 255, 255 rounds to 191.
    let rgb = [0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255];
    assert_eq!(downsample(&rgb, 2, 2, 2), vec![191, 191, 191]);
}

#[test]
fn charts_from_a_reread_summary_are_identical() {
    // `quotasim report` draws from summary.json as read back; the bytes must
    // match what `run` drew from the summary in memory.
    let s = fixtures::summary(20);
    let reread = crate::report::json::parse_summary(&crate::report::json::summary_json(&s)).unwrap();
    assert_eq!(render_all(&s).unwrap(), render_all(&reread).unwrap());
}
