//! Findings in words, shared by chart titles and report.html: the sentence a
//! leader should take away, computed from the summary (never hard-coded), and
//! look-ups of resolved parameters the narrative needs.

use super::format::{pct0, times1};
use crate::stats::Summary;
use crate::stats::summary::StrategySummary;

/// Strategy indices ordered by share at quota, highest first (stable for ties).
pub fn ranked_by_at_quota(s: &Summary) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..s.strategies.len()).collect();
    idx.sort_by(|&a, &b| s.strategies[b].at_quota.share.total_cmp(&s.strategies[a].at_quota.share));
    idx
}

/// The headline: who reaches quota how often. Examples:
/// "targeted: 57% of rep-quarters reach quota vs 27% for spray-and-pray".
pub fn at_quota_title(s: &Summary) -> String {
    let ranked = ranked_by_at_quota(s);
    let st = |i: usize| &s.strategies[i];
    match ranked.as_slice() {
        [] => "No strategies in this run".into(),
        [a] => format!("{}: {} of rep-quarters reach quota", st(*a).name, pct0(st(*a).at_quota.share)),
        [a, b] => format!(
            "{}: {} of rep-quarters reach quota vs {} for {}",
            st(*a).name,
            pct0(st(*a).at_quota.share),
            pct0(st(*b).at_quota.share),
            st(*b).name
        ),
        [a, .., z] => format!(
            "{} leads: {} of rep-quarters reach quota; {} is lowest at {}",
            st(*a).name,
            pct0(st(*a).at_quota.share),
            st(*z).name,
            pct0(st(*z).at_quota.share)
        ),
    }
}

/// Items of a finding joined so that names containing commas stay readable:
/// "a vs b" for two, "a; b; c" for more. Items read "57% for targeted".
pub fn join_items(items: &[String]) -> String {
    match items {
        [a, b] => format!("{a} vs {b}"),
        _ => items.join("; "),
    }
}

/// A resolved parameter of strategy `i` by its path (`policy.coverage_target`),
/// as the text the summary stores.
pub fn param<'a>(s: &'a Summary, path: &str, i: usize) -> Option<&'a str> {
    let row = s.parameters.iter().find(|r| r.path == path)?;
    let name = &s.strategies.get(i)?.name;
    row.values.iter().find(|v| &v.strategy == name).map(|v| v.value.as_str())
}

/// A resolved parameter as a number; `None` when it is missing or uncertain
/// (a distribution such as `{ pert = [...] }` has no single value).
pub fn param_f64(s: &Summary, path: &str, i: usize) -> Option<f64> {
    param(s, path, i)?.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Which counting rule a strategy's coverage target uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    FirstMeeting,
    SecondMeeting,
}

impl Rule {
    pub fn label(self) -> &'static str {
        match self {
            Rule::FirstMeeting => "first meeting",
            Rule::SecondMeeting => "second meeting",
        }
    }
}

/// The counting rule of strategy `i` (the engine's default is second meeting).
pub fn counting_rule(s: &Summary, i: usize) -> Rule {
    match param(s, "policy.count_pipeline_at", i) {
        Some("first_meeting") => Rule::FirstMeeting,
        _ => Rule::SecondMeeting,
    }
}

/// Coverage at quarter start, implied and realised loss rate under a rule.
pub fn coverage_under(st: &StrategySummary, rule: Rule) -> (f64, f64, f64) {
    match rule {
        Rule::FirstMeeting => (st.coverage_start.first_meeting, st.implied_loss_rate.first_meeting, st.realised_loss_rate.first_meeting),
        Rule::SecondMeeting => {
            (st.coverage_start.second_meeting, st.implied_loss_rate.second_meeting, st.realised_loss_rate.second_meeting)
        }
    }
}

/// One sentence on what the coverage policy did for strategy `i`: coverage at
/// quarter start under its own counting rule, the loss rate that coverage
/// can absorb, and the loss rate that happened.
pub fn coverage_sentence(s: &Summary, i: usize) -> String {
    let st = &s.strategies[i];
    let rule = counting_rule(s, i);
    let (cov, implied, realised) = coverage_under(st, rule);
    let target = param_f64(s, "policy.coverage_target", i).map_or(String::new(), |t| format!(" (target {})", times1(t)));
    let verdict = if !(implied.is_finite() && realised.is_finite()) {
        "no loss rate can be compared".to_string()
    } else if realised > implied {
        format!("{} was lost, so that pipeline was not enough to reach quota on average", pct0(realised))
    } else {
        format!("{} was lost, so that pipeline covered quota on average", pct0(realised))
    };
    format!(
        "{} counts pipeline at the {}{}: quarters started with {} quota, enough if at most {} of it is lost; {}.",
        st.name,
        rule.label(),
        target,
        times1(cov),
        pct0(implied),
        verdict
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_have_labels() {
        assert_eq!(Rule::FirstMeeting.label(), "first meeting");
        assert_eq!(Rule::SecondMeeting.label(), "second meeting");
    }
}
