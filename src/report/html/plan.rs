//! A coverage plan's report.html: the verdict first (as verdict.txt words
//! it, with the ranges of outcomes at today's policy and at the best
//! target), the charts, a table of every target and counting rule per
//! strategy, then the assumptions, the method and the manifest.

use std::fmt::Write as _;

use super::study::{self, PAIRED_HTML, Varied, paragraph};
use super::{SCROLL_WIDE, close_page, esc, strategy_label};
use crate::report::charts::plan_chart_figures;
use crate::report::format::{MISSING, count, num1, pct0_range, pct1, pct1_range, pts1, pts1_range, times_value};
use crate::report::words::capitalise;
use crate::report::words::outcome::{MC_INTERVAL, kinds_note, period};
use crate::report::words::study::plan_ranges_sentence;
use crate::report::words::verdict::plan_verdict;
use crate::study::plan::{CoveragePlan, StrategyPlan, rule_short};

/// The report as HTML bytes; `files` are the rendered charts (SVGs are inlined).
pub fn plan_report(p: &CoveragePlan, files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let base = &p.base;
    let mut h = String::with_capacity(256 * 1024);
    let targets = format!("{} targets × 2 counting rules", count(p.targets.len() as u64));
    study::open(&mut h, base, &format!("coverage plan for the {}", p.metric.def().short), &targets);
    h.push_str("<h2 id=\"headline\">Headline</h2>\n");
    verdict(&mut h, p);
    paragraph(&mut h, "note", &kinds_note(base));
    study::charts(&mut h, &plan_chart_figures(p), files);
    h.push_str("<h2 id=\"targets\">Every target</h2>\n");
    for s in &p.strategies {
        strategy_table(&mut h, p, s);
    }
    let method = format!(
        "<p><b>A coverage plan</b> runs the scenario once per coverage target and counting rule (qualified pipeline at the \
         second meeting, or everything open at the first), for one strategy at a time, exactly as <code>quotasim run --set \
         strategy.NAME.coverage_target=T --set strategy.NAME.count_pipeline_at=RULE</code> would: first a screen of every \
         point with few trials, then today's policy, the best and the practical targets confirmed with more: trials are \
         added in batches until each of their figures is known to the precision below (or the scenario's trials run out). \
         A target is within noise of the best when the paired 95% interval of its difference from the best reaches \
         zero.</p>\n{PAIRED_HTML}"
    );
    let extra = [
        ("Metric", esc(p.metric.label())),
        ("Targets tried", p.targets.iter().map(|t| times_value(*t)).collect::<Vec<_>>().join(", ")),
        ("Trials per screened point", count(p.screen_trials)),
        ("Trials per confirmed point", esc(&crate::report::words::verdict::confirmation_text(p))),
        ("Tolerance of the practical answer", format!("{} points", crate::report::format::plain(100.0 * p.tolerance))),
    ];
    let planned: Vec<usize> = p.strategies.iter().map(|s| s.index).collect();
    let (lo, hi) = first_last(p);
    let varied = [
        Varied { path: "policy.coverage_target".into(), how: format!("planned: {lo} to {hi}"), strategies: planned.clone() },
        Varied { path: "policy.count_pipeline_at".into(), how: "planned: both rules".into(), strategies: planned },
    ];
    study::closing(&mut h, base, &varied, &method, &extra);
    close_page(h)
}

fn first_last(p: &CoveragePlan) -> (String, String) {
    (p.targets.first().map_or_else(String::new, |t| times_value(*t)), p.targets.last().map_or_else(String::new, |t| times_value(*t)))
}

/// The verdict as verdict.txt words it (its first line, the heading, left
/// out): its first sentence leads, each strategy's block follows as
/// paragraphs, closed by that strategy's ranges of outcomes.
fn verdict(h: &mut String, p: &CoveragePlan) {
    let text = plan_verdict(p);
    let body = text.split_once('\n').map_or("", |(_, rest)| rest);
    let blocks: Vec<&str> = body.split("\n\n").map(str::trim).filter(|b| !b.is_empty()).collect();
    let per_strategy = blocks.len() == p.strategies.len();
    let mut lead = true;
    for (k, block) in blocks.iter().enumerate() {
        for line in block.lines().map(str::trim).filter(|l| !l.is_empty()) {
            paragraph(h, if lead { "lead" } else { "" }, line);
            lead = false;
        }
        if let Some(text) = p.strategies.get(k).filter(|_| per_strategy).and_then(|s| plan_ranges_sentence(p, s)) {
            paragraph(h, "", &text);
        }
    }
    if !per_strategy {
        p.strategies.iter().filter_map(|s| plan_ranges_sentence(p, s)).for_each(|t| paragraph(h, "", &t));
    }
}

fn strategy_table(h: &mut String, p: &CoveragePlan, s: &StrategyPlan) {
    let _ = writeln!(h, "<h3>{}</h3>", strategy_label(s.index, &s.strategy));
    let short = capitalise(p.metric.def().short);
    let mc = capitalise(MC_INTERVAL);
    let _ = writeln!(
        h,
        "{SCROLL_WIDE}<table class=\"plan pin\">\n<thead><tr><th>Coverage target</th><th>Counted at</th><th>Trials</th>\
         <th>{short}:<br>range of outcomes in a<br>typical {} (P10–P90)</th><th>{short}:<br>average</th><th>{mc}</th>\
         <th>Difference from today's policy<br>(paired)</th><th>{mc}</th><th>Prospecting hours<br>per rep-week</th>\
         <th>Within noise of the best</th></tr></thead>\n<tbody>",
        period(p.base.quarters)
    );
    for (i, screened) in s.points.iter().enumerate() {
        // A confirmed point shows its figures at the confirmation's trial count.
        let (pt, trials) = match s.confirmed(i) {
            Some(c) => (&c.figures, format!("{} (confirmed)", count(p.trials))),
            None => (screened, format!("{} (screen)", count(p.screen_trials))),
        };
        let (mark, role) = match (i == s.best, i == s.practical) {
            (true, _) => (" class=\"best\"", "best"),
            (false, true) => (" class=\"practical\"", "practical"),
            _ => ("", if screened.within_noise { "yes" } else { "no" }),
        };
        let _ = writeln!(
            h,
            "<tr{mark}><td class=\"num\">{}</td><td class=\"txt\">{}</td><td class=\"num\">{trials}</td><td class=\"num outcome\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"txt\">{role}</td></tr>",
            times_value(pt.target),
            rule_short(pt.rule),
            pt.outcome.map_or_else(|| MISSING.to_string(), |o| pct0_range(o.p10, o.p90)),
            pct1(pt.value),
            pct1_range(pt.ci.0, pt.ci.1),
            pts1(pt.vs_current.value),
            pts1_range(pt.vs_current.ci_low, pt.vs_current.ci_high),
            num1(pt.prospecting_hours.value)
        );
    }
    h.push_str("</tbody>\n</table></div>\n");
    h.push_str(
        "<p class=\"note\">Every target was screened with few trials to draw the curve; today's policy, the best \
         and the practical targets were confirmed with more, and their rows show the confirmed figures.</p>\n",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::plan_charts;
    use crate::report::fixtures;

    #[test]
    fn a_plan_report_leads_with_the_verdict() {
        let p = fixtures::plan();
        let html = String::from_utf8(plan_report(&p, &plan_charts(&p).unwrap())).unwrap();
        let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("no {needle:?}"));
        let lead = plan_verdict(&p).lines().nth(2).unwrap().trim().to_string();
        assert!(html.contains(&format!("<p class=\"lead\">{}</p>", esc(&lead))), "{lead}");
        assert!(at("<p class=\"lead\">") < at("<h2 id=\"charts\">") && at("<h2 id=\"charts\">") < at("<h2 id=\"targets\">"));
        assert_eq!(html.matches("<tr class=\"best\">").count(), p.strategies.len());
        assert!(html.contains("planned: 2× to 4×") && !html.contains("NaN"));
    }
}
