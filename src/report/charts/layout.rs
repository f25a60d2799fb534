//! Text layout helpers for charts: measuring with the bundled font, wrapping
//! and shortening text to a width, and spreading labels so they never overlap.
//! Plotters measures text with the same font for PNG and SVG, so a layout
//! decided here holds for both.

use std::collections::HashMap;

use plotters::coord::Shift;
use plotters::prelude::*;

/// Scenario text made safe to draw: control characters (which XML cannot
/// carry and fonts cannot show) become spaces.
pub fn clean(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Width and height of `text` in pixels. Falls back to a rough estimate if
/// the font cannot measure it, so layout never fails on odd text.
pub fn measure<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str, style: &TextStyle) -> (f64, f64) {
    match area.estimate_text_size(text, style) {
        Ok((w, h)) => (f64::from(w), f64::from(h)),
        Err(_) => (0.6 * style.font.get_size() * text.chars().count() as f64, style.font.get_size()),
    }
}

pub fn width<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str, style: &TextStyle) -> f64 {
    measure(area, text, style).0
}

/// `text` shortened with an ellipsis to fit `max_w` pixels.
pub fn ellipsize<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str, style: &TextStyle, max_w: f64) -> String {
    ellipsize_by(text, max_w, &mut |t| width(area, t, style))
}

/// [`ellipsize`] with widths from `width`.
fn ellipsize_by(text: &str, max_w: f64, width: &mut impl FnMut(&str) -> f64) -> String {
    if width(text) <= max_w {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    for keep in (0..chars.len()).rev() {
        let candidate: String = chars[..keep].iter().collect::<String>().trim_end().to_string() + "…";
        if width(&candidate) <= max_w {
            return candidate;
        }
    }
    "…".into()
}

/// Greedy word wrap of `text` into lines no wider than `max_w`; a single word
/// wider than the line is shortened with an ellipsis. At most `max_lines`
/// lines; the last one is shortened if text remains.
pub fn wrap<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str, style: &TextStyle, max_w: f64, max_lines: usize) -> Vec<String> {
    wrap_by(text, max_w, max_lines, &mut |t| width(area, t, style))
}

/// [`wrap`] with widths from `width`.
fn wrap_by(text: &str, max_w: f64, max_lines: usize, width: &mut impl FnMut(&str) -> f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
        if current.is_empty() || width(&candidate) <= max_w {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = word.to_string();
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines.max(1) {
        let rest = lines.split_off(max_lines.max(1) - 1).join(" ");
        lines.push(rest);
    }
    lines.into_iter().map(|l| ellipsize_by(&l, max_w, width)).collect()
}

/// Like [`wrap`], but when the text needs more than one line the lines are
/// evened out (the narrowest width that still needs no more lines), so a
/// title never ends in a lone word.
pub fn wrap_balanced<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    max_w: f64,
    max_lines: usize,
) -> Vec<String> {
    // The search wraps the same text a dozen times: each candidate line is
    // measured once (laying out text with the font is the costly part).
    let mut known: HashMap<String, f64> = HashMap::new();
    let mut width = |t: &str| match known.get(t) {
        Some(&w) => w,
        None => {
            let w = width(area, t, style);
            known.insert(t.to_owned(), w);
            w
        }
    };
    let lines = wrap_by(text, max_w, max_lines, &mut width);
    if lines.len() < 2 {
        return lines;
    }
    let (mut lo, mut hi) = (max_w / lines.len() as f64, max_w);
    for _ in 0..12 {
        let mid = (lo + hi) / 2.0;
        if wrap_by(text, mid, usize::MAX, &mut width).len() <= lines.len() { hi = mid } else { lo = mid }
    }
    wrap_by(text, hi, max_lines, &mut width)
}

/// Positions for labels of the given `widths` wanted at `centers`, moved
/// apart as little as possible so neighbours keep `gap` between them and all
/// stay within [lo, hi]. Returns the new centers in the input order.
pub fn spread(centers: &[f64], widths: &[f64], lo: f64, hi: f64, gap: f64) -> Vec<f64> {
    let n = centers.len().min(widths.len());
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| centers[a].total_cmp(&centers[b]));
    let mut pos: Vec<f64> = centers[..n].to_vec();
    // Left to right: push each label right of its left neighbour.
    let mut right_edge = lo - gap;
    for &i in &order {
        let half = widths[i] / 2.0;
        pos[i] = pos[i].max(right_edge + gap + half);
        right_edge = pos[i] + half;
    }
    // Right to left: pull back inside `hi`, keeping the gaps.
    let mut left_edge = hi + gap;
    for &i in order.iter().rev() {
        let half = widths[i] / 2.0;
        pos[i] = pos[i].min(left_edge - gap - half);
        left_edge = pos[i] - half;
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_separates_overlapping_labels() {
        let p = spread(&[100.0, 105.0, 300.0], &[40.0, 40.0, 40.0], 0.0, 1000.0, 4.0);
        assert!(p[1] - p[0] >= 44.0 - 1e-9);
        assert_eq!(p[2], 300.0);
    }

    #[test]
    fn spread_keeps_labels_inside_bounds() {
        let p = spread(&[5.0, 995.0], &[40.0, 40.0], 0.0, 1000.0, 4.0);
        assert!(p[0] >= 20.0 && p[1] <= 980.0);
        assert!(spread(&[], &[], 0.0, 1.0, 1.0).is_empty());
    }

    #[test]
    fn clean_removes_control_characters() {
        assert_eq!(clean("a\u{1}b\nc"), "a b c");
    }
}
