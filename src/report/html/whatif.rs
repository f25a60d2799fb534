//! The what-if page's results as HTML fragments, built from the sections
//! report.html is made of: the change and its effect (ranges of outcomes on
//! both sides, the paired difference with its Monte Carlo interval), and for
//! each side its headline (the answer, its table, what the coverage policy
//! did) and charts. The page only puts the fragments in place.

use std::fmt::Write as _;

use super::{esc, headline::headline_body, sections::figure, strategy_label};
use crate::report::charts::{Files, run_chart_figures};
use crate::report::format::{pct1, pct1_range, pts1, pts1_range};
use crate::report::words::capitalise;
use crate::report::words::outcome::{MC_INTERVAL, spread_pct, typical_head};
use crate::report::words::whatif::{change_line, untouched, whatif_lead, whatif_paired};
use crate::stats::Summary;
use crate::stats::summary::StrategySummary;
use crate::study::whatif::{SettingChange, WhatIf};

/// The run charts the page shows for each side (file stems).
pub const PAGE_CHARTS: [&str; 3] = ["attainment_distribution", "attainment_exceedance", "funnel"];

/// The change and its effect: the lead sentence, the settings changed, the
/// paired differences in words and one table of both sides.
pub fn whatif_effect_html(w: &WhatIf, changes: &[SettingChange]) -> String {
    let mut h = String::with_capacity(4096);
    let _ = writeln!(h, "<p class=\"lead\" id=\"whatif-lead\">{}</p>", esc(&whatif_lead(w, changes)));
    if !changes.is_empty() {
        h.push_str("<ul class=\"changes\">\n");
        for c in changes {
            let _ = writeln!(h, "<li>{}</li>", esc(&change_line(c)));
        }
        h.push_str("</ul>\n");
        for p in whatif_paired(w) {
            let _ = writeln!(h, "<p>{}</p>", esc(&p));
        }
    }
    effect_table(&mut h, w);
    h
}

fn effect_table(h: &mut String, w: &WhatIf) {
    let typical = esc(&typical_head(w.changed.quarters)).replacen(" in a typical", "<br>in a typical", 1);
    let _ = write!(
        h,
        "{}<table class=\"effect pin\">\n<thead><tr><th rowspan=\"2\">Strategy</th><th colspan=\"2\">Rep-quarters at quota: {typical}</th>\
         <th colspan=\"2\">Rep-quarters at quota: average ({MC_INTERVAL})</th><th rowspan=\"2\">Paired difference<br>({MC_INTERVAL})</th>\
         <th colspan=\"2\">Mean attainment</th><th rowspan=\"2\">Paired difference<br>({MC_INTERVAL})</th></tr>\n\
         <tr><th>baseline</th><th>what-if</th><th>baseline</th><th>what-if</th><th>baseline</th><th>what-if</th></tr></thead>\n<tbody>\n",
        super::SCROLL_WIDE
    );
    for (i, (old, new)) in w.baseline.strategies.iter().zip(&w.changed.strategies).enumerate() {
        let paired = w.paired.as_ref().and_then(|p| p.get(i));
        let diff = |e: Option<&crate::stats::interval::Estimate>| match (paired, e) {
            (Some(p), _) if untouched(p) => "unchanged".to_string(),
            (Some(_), Some(e)) => format!("{} ({})", pts1(e.value), pts1_range(e.ci_low, e.ci_high)),
            _ => "not paired".to_string(),
        };
        let _ = writeln!(
            h,
            "<tr><td class=\"name\">{}</td><td class=\"num outcome\">{}</td><td class=\"num outcome\" data-figure=\"range:{i}\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\" data-figure=\"at_quota:{i}\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\" data-figure=\"mean:{i}\">{}</td><td class=\"num\">{}</td></tr>",
            strategy_label(i, &new.name),
            range(old),
            range(new),
            share(old),
            share(new),
            diff(paired.map(|p| &p.at_quota)),
            pct1(old.attainment.mean),
            pct1(new.attainment.mean),
            diff(paired.map(|p| &p.mean))
        );
    }
    h.push_str("</tbody>\n</table></div>\n");
    let _ = writeln!(
        h,
        "<p class=\"note\">{} (P10–P90): how much one simulated period varies. {}: how precisely the simulation pinned the \
         average. Paired differences compare the two sides on the same reps and draws.</p>",
        esc(&capitalise(crate::report::words::outcome::OUTCOME_RANGE)),
        capitalise(MC_INTERVAL)
    );
}

fn range(st: &StrategySummary) -> String {
    spread_pct(st.outcome_range.as_ref().map(|o| &o.at_quota))
}

fn share(st: &StrategySummary) -> String {
    format!("{} ({})", pct1(st.at_quota.share), pct1_range(st.at_quota.ci_low, st.at_quota.ci_high))
}

/// One side of the page: its headline as report.html has it, then the
/// [`PAGE_CHARTS`] found among `charts` (SVG files).
pub fn side_html(s: &Summary, charts: &Files) -> String {
    let mut h = String::with_capacity(256 * 1024);
    headline_body(&mut h, s);
    for f in run_chart_figures(s).iter().filter(|f| PAGE_CHARTS.contains(&f.name.as_str())) {
        figure(&mut h, f, charts, false);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::run_chart_svgs;
    use crate::report::fixtures;

    #[test]
    fn a_side_holds_the_headline_and_the_page_charts() {
        let s = fixtures::summary(40);
        let charts = run_chart_svgs(&s, &PAGE_CHARTS).unwrap();
        assert_eq!(charts.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), PAGE_CHARTS.map(|c| format!("{c}.svg")));
        let html = side_html(&s, &charts);
        assert!(html.contains("class=\"lead\"") && html.contains("What the coverage policy did"));
        assert_eq!(html.matches("<figure class=").count(), 3);
        assert!(!html.contains("<h2") && !html.contains(" id=\"") && !html.contains(".png"), "no anchors, no files named");
    }

    #[test]
    fn the_effect_table_marks_its_figures() {
        let s = fixtures::summary(40);
        let w = WhatIf { trials: s.trials, baseline: s.clone(), changed: s.clone(), paired: None };
        let html = whatif_effect_html(&w, &[]);
        let first = &s.strategies[0];
        assert!(html.contains(&format!("data-figure=\"at_quota:0\">{} (", pct1(first.at_quota.share))), "{html}");
        assert!(html.contains("not paired") && html.contains("id=\"whatif-lead\""));
    }
}
