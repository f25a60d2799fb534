//! `report.html`: one self-contained file for leadership. It owns the order a
//! reader meets things in: the headline answer (share at quota with intervals,
//! the paired difference, what the coverage policy did), the year (the annual
//! plan, the counted quarters and their chart), the territory (when a list
//! is finite: its accounts and touches, and their chart), the other charts (inline
//! SVG), the assumptions table, the run manifest and a method note.
//!
//! Self-contained means no external fetch of any kind: styles are inline, the
//! font is a small subset of the bundled DejaVu Sans embedded as a data URI
//! (so the report reads the same on a machine with no fonts), and no script is
//! used. Every piece of text from the scenario is escaped. The output depends
//! on the summary and the charts only, so `quotasim report` reproduces it.

mod headline;
mod plan;
mod sections;
mod solve;
mod study;
mod sweep;
mod territory;
mod tornado;
mod whatif;
mod year;

pub use plan::plan_report;
pub use solve::solve_report;
pub use sweep::sweep_report;
pub use tornado::tornado_report;
pub use whatif::{PAGE_CHARTS, side_html, whatif_effect_html};

use std::fmt::Write as _;

use super::charts::style::strategy_color;
use super::format::count;
use crate::stats::Summary;

/// The report's font subsets (WOFF), regular and bold; a page may serve them.
pub static FONT_REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-report-subset.woff");
pub static FONT_BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold-report-subset.woff");
/// The report's style sheet (a page that shows its sections uses it too).
pub static CSS: &str = include_str!("style.css");

/// Opens a table's scroll box for a table wider than a phone: the box
/// scrolls sideways, with shadows at the edges that hide more columns and,
/// on a narrow screen, a line that says so (style.css).
pub(crate) const SCROLL_WIDE: &str = "<div class=\"scroll wide\">";

/// The report as HTML bytes; `charts` are the rendered chart files (SVGs are inlined).
pub fn report_html(summary: &Summary, charts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut h = String::with_capacity(256 * 1024);
    head(&mut h, summary);
    headline::headline(&mut h, summary);
    year::year(&mut h, summary, charts);
    territory::territory(&mut h, summary, charts);
    sections::charts(&mut h, summary, charts);
    sections::assumptions(&mut h, summary, &[]);
    sections::manifest(&mut h, summary, &[]);
    sections::method(&mut h, summary, "");
    close_page(h)
}

/// Escape text for HTML element content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in HTML text; show a space.
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn hex(i: usize) -> String {
    let c = strategy_color(i);
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// A strategy name with its palette swatch, as in the charts.
fn strategy_label(i: usize, name: &str) -> String {
    format!("<span class=\"sw\" style=\"background:{}\"></span>{}", hex(i), esc(name))
}

fn head(h: &mut String, s: &Summary) {
    let meta = format!(
        "quotasim {} · {} trials × {} reps × {} quarters = {} rep-quarters per strategy · seed {} · ranges of outcomes: \
         P10–P90 across trials · Monte Carlo intervals: 95%",
        esc(&s.version),
        count(s.trials),
        count(u64::from(s.reps)),
        s.quarters,
        count(s.strategies.first().map_or(0, |st| st.rep_quarters)),
        s.seed
    );
    open_page(h, &s.scenario.name, &s.scenario.name, &meta);
}

/// The page up to the end of its heading: the document head (title, the
/// embedded font, the style sheet), the `<h1>` and the line under it
/// (`meta_html`, already escaped).
fn open_page(h: &mut String, title: &str, heading: &str, meta_html: &str) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · quotasim report</title>\n<style>\n\
         @font-face {{ font-family:\"QS Sans\"; font-weight:400; src:url(data:font/woff;base64,{}) format(\"woff\"); }}\n\
         @font-face {{ font-family:\"QS Sans\"; font-weight:700; src:url(data:font/woff;base64,{}) format(\"woff\"); }}\n\
         {}</style>\n</head>\n<body>\n<main>\n",
        esc(title),
        base64(FONT_REGULAR),
        base64(FONT_BOLD),
        CSS
    );
    let _ = writeln!(h, "<h1>{}</h1>", esc(heading));
    let _ = writeln!(h, "<p class=\"meta\">{meta_html}</p>");
}

/// The end of every page.
fn close_page(mut h: String) -> Vec<u8> {
    h.push_str("</main>\n</body>\n</html>\n");
    h.into_bytes()
}

/// Standard base64 with padding (RFC 4648), for the embedded font.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(esc("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&#39; ");
    }

    #[test]
    fn scenario_text_is_escaped_everywhere() {
        let s = fixtures::eight_strategies();
        let html = String::from_utf8(report_html(&s, &[])).unwrap();
        assert!(!html.contains("<&\"'>"));
        assert!(html.contains("strategy 7 with a rather long name &lt;&amp;&quot;&#39;&gt;"));
        assert!(!html.contains("http://") && !html.contains("https://"));
        assert!(!html.contains("<script"));
    }

    #[test]
    fn odd_summaries_give_a_report_without_nan() {
        for s in [fixtures::single_strategy(), fixtures::degenerate()] {
            let html = String::from_utf8(report_html(&s, &[])).unwrap();
            assert!(html.contains("Headline") && html.contains("Run manifest"));
            // The embedded font is base64 and may contain any letters: check the body only.
            let body = &html[html.find("</style>").unwrap()..];
            let words: Vec<&str> = body.split(|c: char| !c.is_alphanumeric()).collect();
            assert!(!words.iter().any(|w| *w == "NaN" || *w == "inf"), "non-finite number printed");
        }
    }
}
