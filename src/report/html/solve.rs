//! A solve's report.html: the answer per strategy first (with its interval
//! and what it costs), the chart, every value evaluated, then the
//! assumptions (the parameter solved marked), the method and the manifest.

use std::fmt::Write as _;

use super::study::{self, PAIRED_HTML, Varied, paragraph};
use super::{SCROLL_WIDE, close_page, esc, strategy_label};
use crate::report::charts::{Figure, solve_figures};
use crate::report::format::count;
use crate::report::words::solve::{answer_sentence, cost_sentence, metric_value, param_label, param_value};
use crate::study::solve::SolveResult;

/// The report as HTML bytes, or None when no evaluation kept a summary (the
/// scenario as it is anchors the page: its assumptions and manifest).
pub fn solve_report(r: &SolveResult, files: &[(String, Vec<u8>)]) -> Option<Vec<u8>> {
    let first = r.strategies.first()?;
    let base = first.at_current.as_ref().unwrap_or(&first.at_answer).summary.as_deref()?;
    let mut h = String::with_capacity(128 * 1024);
    let (full, screen) = r.evaluations();
    study::open(
        &mut h,
        base,
        &format!("goal seek on {}", param_label(r).to_lowercase()),
        &format!("{} evaluations", count((full + screen) as u64)),
    );
    h.push_str("<h2 id=\"headline\">Headline</h2>\n");
    for (k, s) in r.strategies.iter().enumerate() {
        paragraph(&mut h, if k == 0 { "lead" } else { "" }, &answer_sentence(r, s));
        if let Some(c) = cost_sentence(r, s) {
            paragraph(&mut h, "", &c);
        }
        for n in &s.found.notes {
            paragraph(&mut h, "note", &format!("Note: {n}."));
        }
    }
    let figures: Vec<Figure> = solve_figures(r);
    study::charts(&mut h, &figures, files);
    h.push_str("<h2 id=\"evaluations\">Every value evaluated</h2>\n");
    for s in &r.strategies {
        let _ = writeln!(h, "<h3>{}</h3>", strategy_label(s.index, &s.strategy));
        let _ = writeln!(
            h,
            "{SCROLL_WIDE}<table class=\"pin\">\n<thead><tr><th>{}</th><th>Stage</th><th>Trials</th><th>{}</th><th>95% Monte Carlo interval</th></tr></thead>\n<tbody>",
            esc(&param_label(r)),
            esc(&r.request.metric.label())
        );
        let mut evals: Vec<_> = s.found.evals.iter().collect();
        evals.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.screen.cmp(&b.screen).reverse()));
        for e in evals {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} – {}</td></tr>",
                esc(&param_value(r, e.x)),
                if e.screen { "screen" } else { "refine" },
                count(e.trials),
                esc(&metric_value(r, e.value)),
                esc(&metric_value(r, e.ci.0)),
                esc(&metric_value(r, e.ci.1))
            );
        }
        h.push_str("</tbody></table></div>\n");
    }
    let method = format!(
        "<p><b>Goal seek</b> moves {} ({}) between {} and {}: a screen of the interval on {} trials, then every evaluation on \
         all {} trials, on the same trials, closing in on the target by regula falsi (whole numbers by bisection) or on the \
         best value by a golden-section search. The answer's interval is the metric's 95% Monte Carlo interval divided by the \
         curve's slope there.</p>\n{PAIRED_HTML}",
        esc(&param_label(r).to_lowercase()),
        esc(&r.request.param.path),
        esc(&param_value(r, r.request.space.lo)),
        esc(&param_value(r, r.request.space.hi)),
        count(r.request.screen_trials),
        count(r.request.trials)
    );
    let varied = [Varied { path: r.request.param.path.clone(), how: "solved".into(), strategies: r.request.strategies.clone() }];
    let extra = [("Metric", esc(&r.request.metric.label())), ("Parameter", esc(&r.request.param.path))];
    study::closing(&mut h, base, &varied, &method, &extra);
    Some(close_page(h))
}
