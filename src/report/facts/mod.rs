//! Facts the words and the charts read off a run summary: resolved
//! parameters, counting rules, rankings and derived figures. No text here
//! beyond the summary's own.

pub mod coverage;
pub mod sweep;
pub mod territory;
pub mod year;

pub use coverage::MIN_BIN_N;

use crate::stats::Summary;
use crate::stats::summary::{Funnel, StrategySummary};

/// Path of the coverage target a strategy keeps pipeline at.
pub const COVERAGE_TARGET: &str = "policy.coverage_target";
/// Path of the rule that says from which meeting pipeline counts.
pub const COUNT_PIPELINE_AT: &str = "policy.count_pipeline_at";
/// Path of a rep's weekly capacity.
pub const HOURS_PER_WEEK: &str = "team.hours_per_week";

/// Strategy indices ordered by share at quota, highest first (stable for ties).
pub fn ranked_by_at_quota(s: &Summary) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..s.strategies.len()).collect();
    idx.sort_by(|&a, &b| s.strategies[b].at_quota.share.total_cmp(&s.strategies[a].at_quota.share));
    idx
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
    match param(s, COUNT_PIPELINE_AT, i) {
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

/// Touches per deal won; None when nothing was won.
pub fn touches_per_win(f: &Funnel) -> Option<f64> {
    (f.won > 0.0 && f.touches.is_finite()).then(|| f.touches / f.won).filter(|v| v.is_finite())
}

/// A strategy's mean week: prospecting, meetings and deal work, and (when
/// the weekly capacity is a plain number) the capacity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Week {
    pub booked: [f64; 3],
    pub capacity: Option<f64>,
}

impl Week {
    pub fn total(&self) -> f64 {
        self.booked.iter().sum()
    }

    /// Hours left unbooked, when the capacity is known.
    pub fn unbooked(&self) -> Option<f64> {
        self.capacity.map(|c| (c - self.total()).max(0.0))
    }
}

/// Every strategy's mean week.
pub fn weeks(s: &Summary) -> Vec<Week> {
    s.strategies
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let h = &st.hours_per_week;
            Week { booked: [h.prospecting, h.meetings, h.deal_work], capacity: param_f64(s, HOURS_PER_WEEK, i) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn rules_have_labels() {
        assert_eq!(Rule::FirstMeeting.label(), "first meeting");
        assert_eq!(Rule::SecondMeeting.label(), "second meeting");
    }

    #[test]
    fn parameters_are_read_per_strategy() {
        let s = fixtures::summary(3);
        assert!(param_f64(&s, HOURS_PER_WEEK, 0).is_some());
        assert_eq!(param(&s, "no.such_path", 0), None);
        assert_eq!(param(&s, HOURS_PER_WEEK, 99), None);
        let w = weeks(&s);
        assert_eq!(w.len(), s.strategies.len());
        assert!(w[0].unbooked().is_some_and(|u| u >= 0.0));
    }

    #[test]
    fn no_deals_won_means_no_touches_per_win() {
        let mut f = fixtures::summary(3).strategies[0].funnel.clone();
        assert!(touches_per_win(&f).is_some());
        f.won = 0.0;
        assert_eq!(touches_per_win(&f), None);
    }
}
