//! A sweep's report.html: the finding first (how the share at quota moves,
//! each strategy's best value tried against today's, with ranges of
//! outcomes), the charts, every point in a table, then the assumptions with
//! the swept settings marked, the method and the manifest.

use std::fmt::Write as _;

use super::study::{self, PAIRED_HTML, Varied, paragraph};
use super::{SCROLL_WIDE, close_page, esc, strategy_label};
use crate::report::charts::sweep_chart_figures;
use crate::report::facts::sweep::{axis_unit, reaches_axis};
use crate::report::format::{count, pct1, pct1_range, pts1, pts1_range, value_in};
use crate::report::words::capitalise;
use crate::report::words::outcome::{MC_INTERVAL, kinds_note, spread_pct, typical_head};
use crate::report::words::plain::{label_of, label_with_unit};
use crate::report::words::study::sweep_strategy_sentence;
use crate::report::words::sweep::{heatmap_title, share_title};
use crate::stats::Summary;
use crate::study::points::SweepResult;

/// The report as HTML bytes; `files` are the rendered charts (SVGs are inlined).
pub fn sweep_report(r: &SweepResult, files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let Some(first) = r.points.first() else { return Vec::new() };
    let base = base_summary(r, &first.summary);
    let labels: Vec<String> = r.grid.axes.iter().map(|a| label_of(&a.path.text)).collect();
    let mut h = String::with_capacity(256 * 1024);
    study::open(&mut h, &base, &format!("sweep of {}", labels.join(" × ")), &format!("{} points", count(r.points.len() as u64)));
    headline(&mut h, r, &base);
    let mut figures = sweep_chart_figures(r);
    // The share at quota leads: it is the headline's figure.
    figures.sort_by_key(|f| f.name != "share_at_quota");
    study::charts(&mut h, &figures, files);
    points_table(&mut h, r);
    let varied: Vec<Varied> = r
        .grid
        .axes
        .iter()
        .enumerate()
        .map(|(a, axis)| {
            let u = axis_unit(r, a);
            Varied {
                path: axis.path.param().map_or_else(|| axis.path.text.clone(), |p| p.def().meta.path()),
                how: format!("swept: {} to {}", value_in(u, axis.values[0]), value_in(u, axis.values[axis.values.len() - 1])),
                strategies: (0..r.strategies().len()).filter(|&k| reaches_axis(r, a, k)).collect(),
            }
        })
        .collect();
    let extra = [
        ("Swept", r.grid.axes.iter().map(|a| format!("<code>{}</code>", esc(&a.path.text))).collect::<Vec<_>>().join(" × ")),
        ("Points", count(r.points.len() as u64)),
    ];
    let method = format!(
        "<p><b>A sweep</b> runs the scenario once per value of {}, exactly as <code>quotasim run --set PATH=VALUE</code> \
         would (each point's <code>summary.json</code> is in <code>points/</code>).</p>\n{PAIRED_HTML}",
        esc(&labels.join(" and of "))
    );
    study::closing(&mut h, &base, &varied, &method, &extra);
    close_page(h)
}

/// The first point's summary as the scenario's own: without the swept overrides.
fn base_summary(r: &SweepResult, first: &Summary) -> Summary {
    let mut base = first.clone();
    let swept: Vec<String> = r.grid.axes.iter().map(|a| format!("{}=", a.path.text)).collect();
    base.scenario.overrides.retain(|o| !swept.iter().any(|p| o.starts_with(p.as_str())));
    base
}

/// Strategies the swept paths change.
fn reached(r: &SweepResult) -> Vec<usize> {
    (0..r.strategies().len()).filter(|&k| (0..r.grid.axes.len()).any(|a| reaches_axis(r, a, k))).collect()
}

fn headline(h: &mut String, r: &SweepResult, base: &Summary) {
    h.push_str("<h2 id=\"headline\">Headline</h2>\n");
    let reached = reached(r);
    if r.grid.is_2d() {
        let titles: Vec<String> = reached.iter().map(|&k| heatmap_title(r, k)).collect();
        match titles.split_first() {
            Some((lead, rest)) => {
                paragraph(h, "lead", &format!("{lead}."));
                rest.iter().for_each(|t| paragraph(h, "", &format!("{t}.")));
            }
            None => paragraph(h, "lead", "The swept paths reach no strategy: nothing changes."),
        }
    } else {
        paragraph(h, "lead", &format!("{}.", share_title(r)));
        for &k in &reached {
            paragraph(h, "", &sweep_strategy_sentence(r, k));
        }
    }
    for note in &r.notes {
        paragraph(h, "note", &format!("Note: {note}."));
    }
    paragraph(h, "note", &kinds_note(base));
}

fn points_table(h: &mut String, r: &SweepResult) {
    let quarters = r.points[0].summary.quarters;
    let currency = r.points[0].summary.currency.clone();
    h.push_str("<h2 id=\"points\">Every point</h2>\n");
    let _ = write!(h, "{SCROLL_WIDE}<table class=\"points\">\n<thead><tr>");
    for a in &r.grid.axes {
        let _ = write!(h, "<th>{}</th>", esc(&label_with_unit(&a.path.text, &currency)));
    }
    let mc = capitalise(MC_INTERVAL);
    let _ = writeln!(
        h,
        "<th>Strategy</th><th>Rep-quarters at quota:<br>{}</th><th>Rep-quarters at quota:<br>average</th><th>{mc}</th>\
         <th>Change from the previous value<br>(paired, same reps)</th><th>{mc}</th><th>Median attainment</th>\
         <th>Quarters the whole team made plan</th></tr></thead>\n<tbody>",
        esc(&typical_head(quarters)).replacen(" in a typical", "<br>in a typical", 1)
    );
    let strategies = reached(r);
    for p in &r.points {
        for &k in &strategies {
            let st = &p.summary.strategies[k];
            h.push_str("<tr>");
            for (a, v) in p.values.iter().enumerate() {
                let _ = write!(h, "<td class=\"num\">{}</td>", value_in(axis_unit(r, a), *v));
            }
            let step = p.step.as_ref().map(|s| s[k].at_quota);
            let _ = writeln!(
                h,
                "<td class=\"name\">{}</td><td class=\"num outcome\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                strategy_label(k, &st.name),
                spread_pct(st.outcome_range.as_ref().map(|o| &o.at_quota)),
                pct1(st.at_quota.share),
                pct1_range(st.at_quota.ci_low, st.at_quota.ci_high),
                step.map_or_else(String::new, |e| pts1(e.value)),
                step.map_or_else(String::new, |e| pts1_range(e.ci_low, e.ci_high)),
                pct1(st.attainment.p50),
                pct1(st.team_at_plan.share)
            );
        }
    }
    h.push_str("</tbody>\n</table></div>\n");
    h.push_str(
        "<p class=\"note\">The change from the previous value is paired: both points were simulated on the same reps and \
         draws, so it is measured far more precisely than the two averages side by side. Blank on the first value of a row.</p>\n",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::sweep_charts;
    use crate::report::fixtures;

    #[test]
    fn a_sweep_report_leads_with_its_finding_and_lists_every_point() {
        for r in [fixtures::sweep_1d(), fixtures::sweep_2d()] {
            let files = sweep_charts(&r).unwrap();
            let html = String::from_utf8(sweep_report(&r, &files)).unwrap();
            let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("no {needle:?}"));
            assert!(at("<h2 id=\"headline\">") < at("<p class=\"lead\">"));
            assert!(at("<p class=\"lead\">") < at("<h2 id=\"charts\">") && at("<h2 id=\"charts\">") < at("<h2 id=\"points\">"));
            assert!(at("<h2 id=\"points\">") < at("<h2 id=\"assumptions\">") && at("<h2 id=\"assumptions\">") < at("<h2 id=\"method\">"));
            assert!(html.contains("<svg role=\"img\"") && html.contains("swept: "), "charts inlined, swept rows marked");
            assert!(!html.contains("NaN") && !html.contains("http"));
        }
    }
}
