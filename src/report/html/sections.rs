//! The sections after the headline: the charts (inline SVG with captions),
//! the assumptions table, the run manifest and the method note.

use std::fmt::Write as _;

use super::{esc, strategy_label};
use crate::report::charts::{Figure, run_chart_figures};
use crate::report::format::{count, half_width, pct0, plain as plain_number};
use crate::report::words::plain;
use crate::scenario::Origin;
use crate::stats::Summary;
use crate::stats::summary::ParameterRow;

pub(super) fn charts(h: &mut String, s: &Summary, charts: &[(String, Vec<u8>)]) {
    h.push_str("<h2 id=\"charts\">Charts</h2>\n");
    let mut shown = 0;
    let own_section = [super::year::YEAR_CHART, crate::report::words::territory::CHART_NAME];
    for f in run_chart_figures(s).iter().filter(|f| !own_section.contains(&f.name.as_str())) {
        if figure(h, f, charts, true) {
            shown += 1;
        }
    }
    if shown == 0 {
        h.push_str("<p>No charts were rendered for this report.</p>\n");
    }
}

/// A chart as a figure with its caption, when it was rendered; whether it
/// was. `in_report`: anchored by its name and its caption names its files
/// (a page showing two runs side by side does neither).
pub(super) fn figure(h: &mut String, f: &Figure, charts: &[(String, Vec<u8>)], in_report: bool) -> bool {
    let (stem, caption) = (&f.name, &f.caption);
    let name = format!("{stem}.svg");
    let Some((_, bytes)) = charts.iter().find(|(n, _)| *n == name) else { return false };
    let Some(svg) = inline_svg(bytes, caption) else { return false };
    let (anchor, files) = match in_report {
        true => ("id", format!(" The same chart is saved as <code>{stem}.png</code> and <code>{stem}.svg</code>.")),
        false => ("class", String::new()),
    };
    let _ = writeln!(
        h,
        "<figure {anchor}=\"{stem}\">\n<p class=\"fig-title\">{}</p>\n<div class=\"chart\">{svg}</div>\n<figcaption>{}{files}</figcaption>\n</figure>",
        esc(&f.title),
        esc(caption)
    );
    true
}

/// The SVG as it goes inline: without the XML namespace declaration (HTML
/// does not need it, and the report then names no URL at all) and labelled
/// with its caption as an image for screen readers.
fn inline_svg(bytes: &[u8], caption: &str) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.find("<svg")?;
    let svg = &text[start..];
    let open = format!("<svg role=\"img\" aria-label=\"{}\" ", esc(caption));
    Some(svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1).replacen("<svg ", &open, 1))
}

/// A setting a study moves: its shared path, how it moves ("swept: 1× to
/// 8×"), and for which strategies (by index).
pub(super) struct Varied {
    pub path: String,
    pub how: String,
    pub strategies: Vec<usize>,
}

/// The assumptions table; the cells of `varied` settings say how the study
/// moved them instead of the base value.
pub(super) fn assumptions(h: &mut String, s: &Summary, varied: &[Varied]) {
    h.push_str("<h2 id=\"assumptions\">Assumptions</h2>\n");
    h.push_str(
        "<p>Every setting as the simulation resolved it for each strategy, in plain words; uncertain inputs are drawn \
         afresh for every simulated year, within the range shown. \
         <span class=\"key\"><span class=\"default\">default</span><span>shared: set for all strategies</span>\
         <span class=\"strategy\">set by this strategy</span><span class=\"override\">overridden on the command line</span></span></p>\n\
         <p class=\"note\">A highlighted value replaces the shared value for that strategy only; rows in bold differ between \
         strategies. Under each name, the setting's path in the scenario file and in <code>--set</code>.</p>\n",
    );
    if s.parameters.is_empty() {
        h.push_str("<p>No parameters were recorded.</p>\n");
        return;
    }
    let _ = write!(h, "{}<table class=\"params pin\">\n<thead><tr><th>Setting</th><th>Unit</th>", super::SCROLL_WIDE);
    for (i, st) in s.strategies.iter().enumerate() {
        let _ = write!(h, "<th>{}</th>", strategy_label(i, &st.name));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for row in &s.parameters {
        parameter_row(h, s, row, varied.iter().find(|v| v.path == row.path));
    }
    h.push_str("</tbody>\n</table></div>\n");
    correlations(h, s);
}

/// The correlated uncertain inputs, when the scenario declares any.
fn correlations(h: &mut String, s: &Summary) {
    if s.correlations.is_empty() {
        return;
    }
    h.push_str(
        "<p>Correlated uncertain inputs: each pair's per-trial draws have this Spearman rank correlation \
         (through a Gaussian copula; every strategy sees the same draws).</p>\n\
         <table class=\"params\">\n<thead><tr><th>Input</th><th>Input</th><th>Rank correlation</th></tr></thead>\n<tbody>\n",
    );
    for c in &s.correlations {
        let _ = writeln!(
            h,
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td></tr>",
            esc(&c.between[0]),
            esc(&c.between[1]),
            esc(&plain_number(c.rank))
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

fn parameter_row(h: &mut String, s: &Summary, row: &ParameterRow, varied: Option<&Varied>) {
    let differs = row.values.windows(2).any(|w| w[0].value != w[1].value);
    let unit = plain::setting_of(&row.path).map_or_else(|| row.unit.clone(), |id| id.unit().plain(&s.currency));
    let _ = write!(
        h,
        "<tr{}><td>{}<br><code>{}</code></td><td class=\"txt\">{}</td>",
        if differs { " class=\"differs\"" } else { "" },
        esc(&plain::label_of(&row.path)),
        esc(&row.path),
        esc(&unit)
    );
    for (i, st) in s.strategies.iter().enumerate() {
        match (varied.filter(|v| v.strategies.contains(&i)), row.values.iter().find(|v| v.strategy == st.name)) {
            (Some(v), _) => {
                let _ = write!(h, "<td class=\"override\">{}</td>", esc(&v.how));
            }
            (None, Some(v)) => {
                let (class, tag) = match v.origin {
                    Origin::Default => ("default", ""),
                    Origin::Shared => ("shared", ""),
                    Origin::Strategy => ("strategy", "<span class=\"tag\">strategy</span>"),
                    Origin::Override => ("override", "<span class=\"tag\">--set</span>"),
                };
                let _ = write!(h, "<td class=\"{class}\">{}{tag}</td>", esc(&plain::value_words(&row.path, &v.value)));
            }
            (None, None) => h.push_str("<td></td>"),
        }
    }
    h.push_str("</tr>\n");
}

/// The run manifest; `extra` rows (already escaped) follow the common ones.
pub(super) fn manifest(h: &mut String, s: &Summary, extra: &[(&str, String)]) {
    h.push_str("<h2 id=\"manifest\">Run manifest</h2>\n<dl class=\"manifest\">\n");
    let rep_quarters = s.strategies.first().map_or(0, |st| st.rep_quarters);
    let overrides = if s.scenario.overrides.is_empty() {
        "none".to_string()
    } else {
        s.scenario.overrides.iter().map(|o| format!("<code>{}</code>", esc(o))).collect::<Vec<_>>().join(", ")
    };
    let rows: Vec<(&str, String)> = vec![
        ("quotasim version", esc(&s.version)),
        ("Scenario", esc(&s.scenario.name)),
        ("Scenario file", esc(&s.scenario.source)),
        ("Scenario sha256", format!("<code>{}</code>", esc(&s.scenario.sha256))),
        ("Overrides", overrides),
        ("Seed", s.seed.to_string()),
        ("Trials", count(s.trials)),
        ("Reps", count(u64::from(s.reps))),
        ("Quarters counted per trial", format!("{} (after {} warm-up)", s.quarters, s.warmup_quarters)),
        ("Weeks per quarter", s.weeks_per_quarter.to_string()),
        ("Rep-quarters per strategy", count(rep_quarters)),
        ("Strategies", s.strategies.iter().map(|st| esc(&st.name)).collect::<Vec<_>>().join(", ")),
        ("Currency", esc(&s.currency)),
        ("Confidence level of every interval", pct0(s.confidence)),
    ];
    for (k, v) in rows.iter().chain(extra) {
        let _ = writeln!(h, "<dt>{k}</dt><dd>{v}</dd>");
    }
    if let Some(st) = &s.stopping {
        let _ = writeln!(
            h,
            "<dt>Stopping rule</dt><dd>{}: {} half-width {} against a target of {} (cap {} trials)</dd>",
            esc(&st.reason.replace('_', " ")),
            esc(&st.metric),
            half_width(st.achieved_half_width),
            half_width(st.target_half_width),
            count(st.max_trials)
        );
    }
    h.push_str("</dl>\n");
}

/// The method note; `study_html` (already escaped) opens it for a study.
pub(super) fn method(h: &mut String, s: &Summary, study_html: &str) {
    let _ = write!(
        h,
        "<h2 id=\"method\">Method</h2>\n{study_html}\
         <p><b>A trial</b> is one independent simulation of the whole team of {reps} reps: {warm} warm-up quarter(s), so \
         pipelines start realistic, then {q} counted quarters. Every uncertain input of the scenario (a value given as a range \
         or distribution) is drawn once per trial, so trials differ in their assumptions as well as in their luck. This run has \
         {trials} trials.</p>\n\
         <p><b>A rep-quarter</b> is one rep's result in one counted quarter. Attainment is what the rep won in the quarter \
         divided by quota: 100% means exactly at quota. Every strategy is simulated on the same reps with the same random draws, \
         so the differences between strategies are paired.</p>\n\
         <p><b>A range of outcomes</b> (P10–P90) is how much a figure varies from one trial to the next: the share at quota \
         of each simulated {period}, say, sorted, with the lowest and highest tenth left out. It is what a leader should \
         expect from one real {period}, luck and the scenario's uncertain inputs included, and more trials do not narrow it. \
         Its ends are read from trial values kept in fine bins, to within half a point.</p>\n\
         <p><b>A Monte Carlo interval</b> is a 95% interval for the simulation's own error: where the average would land if \
         the run were repeated with another seed. Shares use Wilson score intervals, percentiles distribution-free intervals from order statistics, \
         means and paired differences normal intervals. Rep-quarters of one trial share its inputs and move together, so every \
         interval is clustered by trial: it is computed from the variation between trials, or widened by the design effect, \
         rather than treating rep-quarters as independent. The charts' bands and error bars follow the same rule. An interval \
         says nothing about whether the scenario's assumptions are right: that is what the assumptions table is for.</p>\n",
        reps = count(u64::from(s.reps)),
        warm = s.warmup_quarters,
        q = s.quarters,
        trials = count(s.trials),
        period = crate::report::words::outcome::period(s.quarters)
    );
}
