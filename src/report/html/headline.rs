//! The headline section: the answer in words, the table of shares at quota
//! and paired differences, and what each coverage policy did.

use std::fmt::Write as _;

use super::{esc, strategy_label};
use crate::report::facts::{COVERAGE_TARGET, Rule, counting_rule, coverage_under, param_f64};
use crate::report::format::{MISSING, pct1, pct1_range, pts1, pts1_range, times1, times2_pm};
use crate::report::words::capitalise;
use crate::report::words::headline::{at_quota_title, coverage_sentence, headline_paragraphs, paired_attainment_note};
use crate::report::words::outcome::{MC_INTERVAL, kinds_note, outcome_title, spread_pct, typical_head};
use crate::stats::Summary;
use crate::stats::summary::StrategySummary;

pub(super) fn headline(h: &mut String, s: &Summary) {
    h.push_str("<h2 id=\"headline\">Headline</h2>\n");
    headline_body(h, s);
}

/// The headline without its heading: the answer, its table and notes, and
/// what the coverage policy did.
pub(super) fn headline_body(h: &mut String, s: &Summary) {
    if s.strategies.is_empty() {
        h.push_str("<p>This run has no strategies.</p>\n");
        return;
    }
    let lead = outcome_title(s).unwrap_or_else(|| at_quota_title(s));
    let _ = writeln!(h, "<p class=\"lead\">{}.</p>", esc(&lead));
    for paragraph in headline_paragraphs(s) {
        let _ = writeln!(h, "<p>{}</p>", esc(&paragraph));
    }
    let paired = s.strategies.len() > 1;
    headline_table(h, s, paired);
    let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(&kinds_note(s)));
    if paired {
        let _ = writeln!(
            h,
            "<p class=\"note\">Differences are paired: each strategy is simulated on the same reps with the same random draws as \
             {}, so the interval reflects the strategy, not luck. A share at quota is of rep-quarters: one rep in one quarter.</p>",
            esc(&s.strategies[0].name)
        );
        if let Some(note) = paired_attainment_note(s) {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(&note));
        }
    }
    coverage_policy(h, s);
}

fn headline_table(h: &mut String, s: &Summary, paired: bool) {
    let _ = write!(
        h,
        "{}<table class=\"headline pin\">\n<thead><tr><th>Strategy</th><th>Rep-quarters at quota:<br>{}</th>\
         <th>Rep-quarters at quota:<br>average</th><th>{}</th>",
        super::SCROLL_WIDE,
        esc(&typical_head(s.quarters)).replacen(" in a typical", "<br>in a typical", 1),
        capitalise(MC_INTERVAL)
    );
    if paired {
        let _ = write!(h, "<th>Difference vs {}</th><th>{}</th>", esc(&s.strategies[0].name), capitalise(MC_INTERVAL));
    }
    h.push_str("<th>Median attainment</th><th>Mean attainment</th><th>Quarters the whole team made plan</th></tr></thead>\n<tbody>\n");
    for (i, st) in s.strategies.iter().enumerate() {
        let q = &st.at_quota;
        let _ = write!(
            h,
            "<tr><td class=\"name\">{}</td><td class=\"num outcome\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            strategy_label(i, &st.name),
            spread_pct(st.outcome_range.as_ref().map(|o| &o.at_quota)),
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
}

fn coverage_policy(h: &mut String, s: &Summary) {
    h.push_str("<h3>What the coverage policy did</h3>\n<ul class=\"policy\">\n");
    for i in 0..s.strategies.len() {
        let _ = writeln!(h, "<li>{}</li>", esc(&coverage_sentence(s, i)));
    }
    h.push_str("</ul>\n");
    h.push_str(
        "<div class=\"scroll wide\"><table class=\"coverage\">\n<thead><tr><th>Strategy</th><th>Coverage target</th><th>Counted at</th>\
         <th>Coverage at quarter start<br>(first meeting)</th><th>Coverage at quarter start<br>(second meeting)</th>\
         <th>Loss rate the coverage allows</th><th>Loss rate realised</th></tr></thead>\n<tbody>\n",
    );
    for (i, st) in s.strategies.iter().enumerate() {
        let rule = counting_rule(s, i);
        let (_, implied, realised) = coverage_under(st, rule);
        let target = param_f64(s, COVERAGE_TARGET, i).map_or(MISSING.to_string(), times1);
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
    times2_pm(cov, se)
}
