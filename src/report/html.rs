//! `report.html`: one self-contained file for leadership. It owns the order a
//! reader meets things in: the headline answer (share at quota with intervals,
//! the paired difference, what the coverage policy did), the charts (inline
//! SVG), the assumptions table, the run manifest and a method note.
//!
//! Self-contained means no external fetch of any kind: styles are inline, the
//! font is a small subset of the bundled DejaVu Sans embedded as a data URI
//! (so the report reads the same on a machine with no fonts), and no script is
//! used. Every piece of text from the scenario is escaped. The output depends
//! on the summary and the charts only, so `quotasim report` reproduces it.

use std::fmt::Write as _;

use super::charts::CHARTS;
use super::charts::style::strategy_color;
use super::findings::{Rule, at_quota_title, counting_rule, coverage_sentence, coverage_under, param_f64};
use super::format::{MISSING, count, pct1, pct1_range, pts1, pts1_range, times1, times2};
use crate::scenario::Origin;
use crate::stats::Summary;
use crate::stats::summary::{ParameterRow, StrategySummary};

static FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-report-subset.woff");
static FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold-report-subset.woff");

/// The report as HTML bytes; `charts` are the rendered chart files (SVGs are inlined).
pub fn report_html(summary: &Summary, charts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut h = String::with_capacity(256 * 1024);
    head(&mut h, summary);
    headline(&mut h, summary);
    charts_section(&mut h, charts);
    assumptions(&mut h, summary);
    manifest(&mut h, summary);
    method(&mut h, summary);
    h.push_str("</main>\n</body>\n</html>\n");
    h.into_bytes()
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

const CSS: &str = r#"
:root { --ink:#212529; --muted:#5a6068; --rule:#dfe2e6; --soft:#f5f6f8; }
* { box-sizing: border-box; }
body { margin:0; background:#fff; color:var(--ink); font-family:"QS Sans","DejaVu Sans",Verdana,sans-serif; font-size:15px; line-height:1.5; }
main { max-width:1160px; margin:0 auto; padding:28px 28px 48px; }
h1 { font-size:26px; line-height:1.25; margin:0 0 4px; }
h2 { font-size:20px; margin:40px 0 10px; padding-top:12px; border-top:2px solid var(--ink); }
h3 { font-size:16px; margin:24px 0 8px; }
p { margin:8px 0; max-width:860px; }
.meta, .note, figcaption { color:var(--muted); font-size:13.5px; }
.lead { font-size:20px; font-weight:bold; max-width:none; margin:14px 0; }
table { border-collapse:collapse; margin:10px 0 6px; font-size:14px; }
th, td { padding:6px 12px; border-bottom:1px solid var(--rule); text-align:right; vertical-align:top; }
th { background:var(--soft); font-weight:bold; }
th:first-child, td:first-child { text-align:left; }
td.txt { text-align:left; }
td.name { white-space:nowrap; }
.scroll { overflow-x:auto; }
.num { font-variant-numeric:tabular-nums; white-space:nowrap; }
.sw { display:inline-block; width:11px; height:11px; margin-right:7px; border-radius:2px; vertical-align:0; }
ul.policy { padding-left:20px; max-width:900px; }
ul.policy li { margin:6px 0; }
figure { margin:28px 0; }
figure svg { display:block; width:100%; height:auto; border:1px solid var(--rule); }
svg text { font-family:"QS Sans","DejaVu Sans",Verdana,sans-serif; }
figcaption { margin-top:6px; max-width:900px; }
.params td.default { color:#8a9099; }
.params td.strategy { background:#fff3cd; font-weight:bold; }
.params td.override { background:#d8ecff; font-weight:bold; }
.params tr.differs td:first-child { font-weight:bold; }
.params td { font-variant-numeric:tabular-nums; }
.tag { font-size:11px; font-weight:normal; color:var(--muted); margin-left:4px; }
.key span { display:inline-block; padding:1px 8px; margin-right:8px; border:1px solid var(--rule); font-size:13px; }
.key .strategy { background:#fff3cd; font-weight:bold; }
.key .override { background:#d8ecff; font-weight:bold; }
.key .default { color:#8a9099; }
dl.manifest { display:grid; grid-template-columns:max-content 1fr; gap:4px 18px; font-size:14px; }
dl.manifest dt { color:var(--muted); }
dl.manifest dd { margin:0; overflow-wrap:anywhere; }
code { font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace; font-size:13px; }
@media print { h2 { break-before:auto; } figure { break-inside:avoid; } }
"#;

fn head(h: &mut String, s: &Summary) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · quotasim report</title>\n<style>\n\
         @font-face {{ font-family:\"QS Sans\"; font-weight:400; src:url(data:font/woff;base64,{}) format(\"woff\"); }}\n\
         @font-face {{ font-family:\"QS Sans\"; font-weight:700; src:url(data:font/woff;base64,{}) format(\"woff\"); }}\n\
         {}</style>\n</head>\n<body>\n<main>\n",
        esc(&s.scenario.name),
        base64(FONT_REGULAR),
        base64(FONT_BOLD),
        CSS.trim_start()
    );
    let _ = writeln!(h, "<h1>{}</h1>", esc(&s.scenario.name));
    let _ = writeln!(
        h,
        "<p class=\"meta\">quotasim {} · {} trials × {} reps × {} quarters = {} rep-quarters per strategy · seed {} · 95% intervals</p>",
        esc(&s.version),
        count(s.trials),
        count(u64::from(s.reps)),
        s.quarters,
        count(s.strategies.first().map_or(0, |st| st.rep_quarters)),
        s.seed
    );
}

fn headline(h: &mut String, s: &Summary) {
    h.push_str("<h2 id=\"headline\">Headline</h2>\n");
    if s.strategies.is_empty() {
        h.push_str("<p>This run has no strategies.</p>\n");
        return;
    }
    let _ = writeln!(h, "<p class=\"lead\">{}.</p>", esc(&at_quota_title(s)));
    headline_sentences(h, s);
    let paired = s.strategies.len() > 1;
    let first = &s.strategies[0].name;
    h.push_str(
        "<div class=\"scroll\"><table class=\"headline\">\n<thead><tr><th>Strategy</th><th>Rep-quarters at quota</th><th>95% interval</th>",
    );
    if paired {
        let _ = write!(h, "<th>Difference vs {}</th><th>95% interval</th>", esc(first));
    }
    h.push_str("<th>Median attainment</th><th>Mean attainment</th><th>Quarters the whole team made plan</th></tr></thead>\n<tbody>\n");
    for (i, st) in s.strategies.iter().enumerate() {
        let q = &st.at_quota;
        let _ = write!(
            h,
            "<tr><td class=\"name\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            strategy_label(i, &st.name),
            pct1(q.share),
            pct1_range(q.ci_low, q.ci_high)
        );
        if paired {
            match &st.paired {
                Some(p) => {
                    let d = &p.at_quota_diff;
                    let _ = write!(h, "<td class=\"num\">{}</td><td class=\"num\">{}</td>", pts1(d.value), pts1_range(d.ci_low, d.ci_high));
                }
                None => h.push_str("<td class=\"num\">(reference)</td><td></td>"),
            }
        }
        let _ = writeln!(
            h,
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            pct1(st.attainment.p50),
            pct1(st.attainment.mean),
            pct1(st.team_at_plan.share)
        );
    }
    h.push_str("</tbody>\n</table></div>\n");
    if paired {
        let _ = writeln!(
            h,
            "<p class=\"note\">Differences are paired: each strategy is simulated on the same reps with the same random draws as \
             {}, so the interval reflects the strategy, not luck. A share at quota is of rep-quarters: one rep in one quarter.</p>",
            esc(first)
        );
        paired_attainment_note(h, s);
    }
    coverage_policy(h, s);
}

/// Most strategies a headline spells out one by one; past that, the table
/// carries the numbers and the prose names the extremes.
const SPELLED_OUT: usize = 3;

/// The answer in words: each strategy's share at quota with its interval,
/// then each paired difference against the first strategy.
fn headline_sentences(h: &mut String, s: &Summary) {
    let share = |st: &StrategySummary| {
        format!("{} {} (95% interval {})", esc(&st.name), pct1(st.at_quota.share), pct1_range(st.at_quota.ci_low, st.at_quota.ci_high))
    };
    let mut compared: Vec<&StrategySummary> = s.strategies.iter().filter(|st| st.paired.is_some()).collect();
    if s.strategies.len() <= SPELLED_OUT {
        let shares: Vec<String> = s.strategies.iter().map(share).collect();
        let _ = writeln!(h, "<p>Share of rep-quarters at or above quota: {}.</p>", shares.join("; "));
    } else {
        // Only the largest and the smallest difference against the first.
        compared.sort_by(|a, b| diff_of(b).total_cmp(&diff_of(a)));
        if compared.len() > 2 {
            compared = vec![compared[0], compared[compared.len() - 1]];
        }
    }
    let first = &s.strategies[0].name;
    for st in compared {
        let Some(p) = &st.paired else { continue };
        let d = &p.at_quota_diff;
        let direction = if d.value >= 0.0 { "more" } else { "fewer" };
        let _ = writeln!(
            h,
            "<p>On the same reps and the same random draws, {} has {:.1} percentage points {direction} of its rep-quarters \
             at quota than {} (95% interval {}).</p>",
            esc(&st.name),
            (100.0 * d.value).abs(),
            esc(first),
            pts1_range(d.ci_low, d.ci_high)
        );
    }
}

fn diff_of(st: &StrategySummary) -> f64 {
    st.paired.as_ref().map_or(f64::NAN, |p| p.at_quota_diff.value)
}

fn paired_attainment_note(h: &mut String, s: &Summary) {
    let items: Vec<String> = s
        .strategies
        .iter()
        .filter_map(|st| {
            st.paired.as_ref().map(|p| {
                let d = &p.attainment_diff;
                format!("{} {} ({})", esc(&st.name), pts1(d.value), pts1_range(d.ci_low, d.ci_high))
            })
        })
        .collect();
    if !items.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"note\">Mean attainment, paired difference vs {}: {}.</p>",
            esc(&s.strategies[0].name),
            items.join("; ")
        );
    }
}

fn coverage_policy(h: &mut String, s: &Summary) {
    h.push_str("<h3>What the coverage policy did</h3>\n<ul class=\"policy\">\n");
    for i in 0..s.strategies.len() {
        let _ = writeln!(h, "<li>{}</li>", esc(&coverage_sentence(s, i)));
    }
    h.push_str("</ul>\n");
    h.push_str(
        "<div class=\"scroll\"><table class=\"coverage\">\n<thead><tr><th>Strategy</th><th>Coverage target</th><th>Counted at</th>\
         <th>Coverage at quarter start<br>(first meeting)</th><th>Coverage at quarter start<br>(second meeting)</th>\
         <th>Loss rate the coverage allows</th><th>Loss rate realised</th></tr></thead>\n<tbody>\n",
    );
    for (i, st) in s.strategies.iter().enumerate() {
        let rule = counting_rule(s, i);
        let (_, implied, realised) = coverage_under(st, rule);
        let target = param_f64(s, "policy.coverage_target", i).map_or(MISSING.to_string(), times1);
        let _ = writeln!(
            h,
            "<tr><td class=\"name\">{}</td><td class=\"num\">{}</td><td class=\"txt\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            strategy_label(i, &st.name),
            target,
            rule.label(),
            coverage_cell(st, Rule::FirstMeeting),
            coverage_cell(st, Rule::SecondMeeting),
            pct1(implied),
            pct1(realised)
        );
    }
    h.push_str("</tbody>\n</table></div>\n");
    h.push_str(
        "<p class=\"note\">Coverage is open pipeline at the start of a quarter as a multiple of quota. A coverage of c× still \
         reaches quota if no more than 1 − 1/c of that pipeline is lost (the loss rate the coverage allows); the realised loss \
         rate is the share of the opportunities counted under the strategy's rule that were not won.</p>\n",
    );
}

fn coverage_cell(st: &StrategySummary, rule: Rule) -> String {
    let (cov, se) = match rule {
        Rule::FirstMeeting => (st.coverage_start.first_meeting, st.coverage_start_se.first_meeting),
        Rule::SecondMeeting => (st.coverage_start.second_meeting, st.coverage_start_se.second_meeting),
    };
    if se.is_finite() && cov.is_finite() { format!("{} ± {:.2}", times2(cov), 1.96 * se) } else { times2(cov) }
}

fn charts_section(h: &mut String, charts: &[(String, Vec<u8>)]) {
    h.push_str("<h2 id=\"charts\">Charts</h2>\n");
    let mut shown = 0;
    for (stem, caption) in CHARTS {
        let name = format!("{stem}.svg");
        let Some((_, bytes)) = charts.iter().find(|(n, _)| *n == name) else { continue };
        let Some(svg) = inline_svg(bytes, caption) else { continue };
        let _ = writeln!(
            h,
            "<figure id=\"{stem}\">\n{svg}<figcaption>{} The same chart is saved as <code>{stem}.png</code> and <code>{stem}.svg</code>.</figcaption>\n</figure>",
            esc(caption)
        );
        shown += 1;
    }
    if shown == 0 {
        h.push_str("<p>No charts were rendered for this report.</p>\n");
    }
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

fn assumptions(h: &mut String, s: &Summary) {
    h.push_str("<h2 id=\"assumptions\">Assumptions</h2>\n");
    h.push_str(
        "<p>Every parameter as the simulation resolved it for each strategy. \
         <span class=\"key\"><span class=\"default\">default</span><span>shared: set for all strategies</span>\
         <span class=\"strategy\">set by this strategy</span><span class=\"override\">overridden on the command line</span></span></p>\n\
         <p class=\"note\">A highlighted value replaces the shared value for that strategy only; rows in bold differ between strategies.</p>\n",
    );
    if s.parameters.is_empty() {
        h.push_str("<p>No parameters were recorded.</p>\n");
        return;
    }
    h.push_str("<div class=\"scroll\"><table class=\"params\">\n<thead><tr><th>Parameter</th><th>Unit</th>");
    for (i, st) in s.strategies.iter().enumerate() {
        let _ = write!(h, "<th>{}</th>", strategy_label(i, &st.name));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for row in &s.parameters {
        parameter_row(h, s, row);
    }
    h.push_str("</tbody>\n</table></div>\n");
}

fn parameter_row(h: &mut String, s: &Summary, row: &ParameterRow) {
    let differs = row.values.windows(2).any(|w| w[0].value != w[1].value);
    let _ = write!(
        h,
        "<tr{}><td><code>{}</code></td><td class=\"txt\">{}</td>",
        if differs { " class=\"differs\"" } else { "" },
        esc(&row.path),
        esc(&row.unit)
    );
    for st in &s.strategies {
        match row.values.iter().find(|v| v.strategy == st.name) {
            Some(v) => {
                let (class, tag) = match v.origin {
                    Origin::Default => ("default", ""),
                    Origin::Shared => ("shared", ""),
                    Origin::Strategy => ("strategy", "<span class=\"tag\">strategy</span>"),
                    Origin::Override => ("override", "<span class=\"tag\">--set</span>"),
                };
                let _ = write!(h, "<td class=\"{class}\">{}{tag}</td>", esc(&v.value));
            }
            None => h.push_str("<td></td>"),
        }
    }
    h.push_str("</tr>\n");
}

fn manifest(h: &mut String, s: &Summary) {
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
        ("Confidence level of every interval", format!("{:.0}%", 100.0 * s.confidence)),
    ];
    for (k, v) in rows {
        let _ = writeln!(h, "<dt>{k}</dt><dd>{v}</dd>");
    }
    if let Some(st) = &s.stopping {
        let _ = writeln!(
            h,
            "<dt>Stopping rule</dt><dd>{}: {} half-width {:.4} against a target of {:.4} (cap {} trials)</dd>",
            esc(&st.reason.replace('_', " ")),
            esc(&st.metric),
            st.achieved_half_width,
            st.target_half_width,
            count(st.max_trials)
        );
    }
    h.push_str("</dl>\n");
}

fn method(h: &mut String, s: &Summary) {
    let _ = write!(
        h,
        "<h2 id=\"method\">Method</h2>\n\
         <p><b>A trial</b> is one independent simulation of the whole team of {reps} reps: {warm} warm-up quarter(s), so \
         pipelines start realistic, then {q} counted quarters. Every uncertain input of the scenario (a value given as a range \
         or distribution) is drawn once per trial, so trials differ in their assumptions as well as in their luck. This run has \
         {trials} trials.</p>\n\
         <p><b>A rep-quarter</b> is one rep's result in one counted quarter. Attainment is what the rep won in the quarter \
         divided by quota: 100% means exactly at quota. Every strategy is simulated on the same reps with the same random draws, \
         so the differences between strategies are paired.</p>\n\
         <p><b>An interval</b> is a 95% interval for the Monte Carlo error: where the figure would land if the run were repeated \
         with another seed. Shares use Wilson score intervals, percentiles distribution-free intervals from order statistics, \
         means and paired differences normal intervals. Rep-quarters of one trial share its inputs and move together, so every \
         interval is clustered by trial: it is computed from the variation between trials, or widened by the design effect, \
         rather than treating rep-quarters as independent. The charts' bands and error bars follow the same rule. An interval \
         says nothing about whether the scenario's assumptions are right: that is what the assumptions table is for.</p>\n",
        reps = count(u64::from(s.reps)),
        warm = s.warmup_quarters,
        q = s.quarters,
        trials = count(s.trials)
    );
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
