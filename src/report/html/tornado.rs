//! A tornado's report.html: the finding first (per strategy, the setting
//! that moves the metric most, and where the scenario stands with its range
//! of outcomes), the charts, a table of every setting moved, then the
//! assumptions, the method and the manifest.

use std::fmt::Write as _;

use super::study::{self, PAIRED_HTML, paragraph};
use super::{SCROLL_WIDE, close_page, esc, strategy_label};
use crate::report::charts::tornado_chart_figures;
use crate::report::format::{count, pct1, plain, pts1, pts1_range};
use crate::report::words::capitalise;
use crate::report::words::outcome::{MC_INTERVAL, kinds_note};
use crate::report::words::plain::{label_of, short_value};
use crate::report::words::study::stands_sentence;
use crate::report::words::tornado::title;
use crate::study::tornado::{StrategyTornado, SwingKind, Tornado};

/// The report as HTML bytes; `files` are the rendered charts (SVGs are inlined).
pub fn tornado_report(t: &Tornado, files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let base = &t.base;
    let mut h = String::with_capacity(256 * 1024);
    let settings = t.strategies.iter().map(|s| s.bars.len()).max().unwrap_or(0);
    study::open(
        &mut h,
        base,
        &format!("sensitivity of the {}", t.metric.def().short),
        &format!("{} settings moved", count(settings as u64)),
    );
    h.push_str("<h2 id=\"headline\">Headline</h2>\n");
    let with_bars: Vec<&StrategyTornado> = t.strategies.iter().filter(|s| !s.bars.is_empty()).collect();
    match with_bars.split_first() {
        Some((lead, rest)) => {
            paragraph(&mut h, "lead", &format!("{}.", title(t, lead)));
            rest.iter().for_each(|s| paragraph(&mut h, "", &format!("{}.", title(t, s))));
        }
        None => paragraph(&mut h, "lead", "No setting could be moved: every one is at 0 or fixed by its range."),
    }
    for st in &base.strategies {
        paragraph(&mut h, "", &stands_sentence(st, t.metric, base.quarters));
    }
    paragraph(&mut h, "note", &kinds_note(base));
    study::charts(&mut h, &tornado_chart_figures(t), files);
    h.push_str("<h2 id=\"settings\">Every setting moved</h2>\n");
    for s in &t.strategies {
        strategy_table(&mut h, t, s);
    }
    let method = format!(
        "<p><b>A tornado</b> moves one setting at a time to a low and a high value, everything else as in the scenario: a \
         fixed value by ±{}%, an uncertain one to its P10 and P90 (what if we knew it were low, or high). Settings of the \
         team move for every strategy; settings of policy and selling move per strategy, on the value that strategy uses. \
         Rows are ranked by how far the {} moves from the low to the high value.</p>\n{PAIRED_HTML}",
        plain(100.0 * t.swing),
        esc(t.metric.def().short)
    );
    let extra = [("Metric", esc(t.metric.label())), ("Swing of fixed values", format!("±{}%", plain(100.0 * t.swing)))];
    study::closing(&mut h, base, &[], &method, &extra);
    close_page(h)
}

fn strategy_table(h: &mut String, t: &Tornado, s: &StrategyTornado) {
    let _ = writeln!(h, "<h3>{}</h3>", strategy_label(s.index, &s.strategy));
    if s.bars.is_empty() {
        h.push_str("<p>No setting of this strategy could be moved.</p>\n");
    } else {
        let short = t.metric.def().short;
        let mc = capitalise(MC_INTERVAL);
        let _ = writeln!(
            h,
            "{SCROLL_WIDE}<table class=\"tornado pin\">\n<thead><tr><th>Setting</th><th>Low – high value</th><th>{} at low</th>\
             <th>{} at high</th><th>High minus low<br>(paired)</th><th>{mc}</th><th>Note</th></tr></thead>\n<tbody>",
            esc(&capitalise(short)),
            esc(&capitalise(short))
        );
        for b in &s.bars {
            let how = match b.kind {
                SwingKind::Relative => format!("±{}%", plain(100.0 * t.swing)),
                SwingKind::Percentiles => "P10 – P90".into(),
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"num\">{} – {} ({how})</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"txt\">{}</td></tr>",
                esc(&label_of(&b.path)),
                short_value(b.unit, b.low),
                short_value(b.unit, b.high),
                pct1(b.metric_low),
                pct1(b.metric_high),
                pts1(b.swing.value),
                pts1_range(b.swing.ci_low, b.swing.ci_high),
                esc(b.note.as_deref().unwrap_or(""))
            );
        }
        h.push_str("</tbody>\n</table></div>\n");
    }
    if !s.skipped.is_empty() {
        let items: Vec<String> = s.skipped.iter().map(|k| format!("{} ({})", label_of(&k.path), k.reason)).collect();
        paragraph(h, "note", &format!("Not moved: {}.", items.join("; ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::tornado_charts;
    use crate::report::fixtures;

    #[test]
    fn a_tornado_report_names_settings_by_their_labels() {
        let t = fixtures::tornado();
        let html = String::from_utf8(tornado_report(&t, &tornado_charts(&t).unwrap())).unwrap();
        let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("no {needle:?}"));
        assert!(at("<p class=\"lead\">") < at("<h2 id=\"charts\">") && at("<h2 id=\"charts\">") < at("<h2 id=\"settings\">"));
        assert!(at("<h2 id=\"settings\">") < at("<h2 id=\"assumptions\">"));
        assert!(html.contains("<td>Win rate of qualified deals</td>"), "rows read as labels");
        assert!(html.contains("As the scenario stands, ") && !html.contains("NaN"));
    }
}
