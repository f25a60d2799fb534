//! The findings of a run in sentences: the headline (who reaches quota how
//! often), the paired differences, and what each coverage policy did. Used
//! by report.html and by the distribution chart's title. Plain text: the
//! caller escapes it for its medium.

use crate::report::facts::{COVERAGE_TARGET, counting_rule, coverage_under, param_f64, ranked_by_at_quota};
use crate::report::format::{pct0, pct1, pct1_range, pts_size1, pts1, pts1_range, times1};
use crate::stats::Summary;
use crate::stats::summary::StrategySummary;

/// Most strategies a headline spells out one by one; past that, the table
/// carries the numbers and the prose names the extremes.
const SPELLED_OUT: usize = 3;

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

/// The answer in paragraphs: each strategy's share at quota with its
/// interval (up to [`SPELLED_OUT`] strategies), then each paired difference
/// against the first strategy (past that, only the largest and the smallest).
pub fn headline_paragraphs(s: &Summary) -> Vec<String> {
    let mut out = Vec::new();
    let mut compared: Vec<&StrategySummary> = s.strategies.iter().filter(|st| st.paired.is_some()).collect();
    if s.strategies.len() <= SPELLED_OUT {
        let shares: Vec<String> = s.strategies.iter().map(share_with_interval).collect();
        out.push(format!("Share of rep-quarters at or above quota, on average: {}.", shares.join("; ")));
    } else {
        compared.sort_by(|a, b| diff_of(b).total_cmp(&diff_of(a)));
        if compared.len() > 2 {
            compared = vec![compared[0], compared[compared.len() - 1]];
        }
    }
    let Some(first) = s.strategies.first() else { return out };
    out.extend(compared.into_iter().filter_map(|st| paired_sentence(st, &first.name)));
    out
}

fn share_with_interval(st: &StrategySummary) -> String {
    format!("{} {} (95% Monte Carlo interval {})", st.name, pct1(st.at_quota.share), pct1_range(st.at_quota.ci_low, st.at_quota.ci_high))
}

fn diff_of(st: &StrategySummary) -> f64 {
    st.paired.as_ref().map_or(f64::NAN, |p| p.at_quota_diff.value)
}

fn paired_sentence(st: &StrategySummary, first: &str) -> Option<String> {
    let d = &st.paired.as_ref()?.at_quota_diff;
    let direction = if d.value >= 0.0 { "more" } else { "fewer" };
    Some(format!(
        "On the same reps and the same random draws, {} has {} percentage points {direction} of its rep-quarters \
         at quota than {first} (95% Monte Carlo interval {}).",
        st.name,
        pts_size1(d.value),
        pts1_range(d.ci_low, d.ci_high)
    ))
}

/// The paired difference in mean attainment of every compared strategy, as
/// one note; None for a single strategy.
pub fn paired_attainment_note(s: &Summary) -> Option<String> {
    let items: Vec<String> = s
        .strategies
        .iter()
        .filter_map(|st| {
            st.paired.as_ref().map(|p| {
                let d = &p.attainment_diff;
                format!("{} {} ({})", st.name, pts1(d.value), pts1_range(d.ci_low, d.ci_high))
            })
        })
        .collect();
    if items.is_empty() {
        return None;
    }
    Some(format!("Mean attainment, paired difference vs {}: {}.", s.strategies[0].name, items.join("; ")))
}

/// One sentence on what the coverage policy did for strategy `i`: coverage at
/// quarter start under its own counting rule, the loss rate that coverage
/// can absorb, and the loss rate that happened.
pub fn coverage_sentence(s: &Summary, i: usize) -> String {
    let st = &s.strategies[i];
    let rule = counting_rule(s, i);
    let (cov, implied, realised) = coverage_under(st, rule);
    let target = param_f64(s, COVERAGE_TARGET, i).map_or(String::new(), |t| format!(" (target {})", times1(t)));
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
    use crate::report::fixtures;

    #[test]
    fn headline_names_every_strategy_of_a_small_run() {
        let s = fixtures::summary(3);
        let title = at_quota_title(&s);
        assert!(s.strategies.iter().all(|st| title.contains(&st.name)), "{title}");
        let paragraphs = headline_paragraphs(&s);
        assert_eq!(paragraphs.len(), s.strategies.len());
        assert!(paragraphs[0].starts_with("Share of rep-quarters at or above quota, on average: "));
        assert!(paired_attainment_note(&s).is_some());
    }

    #[test]
    fn many_strategies_name_only_the_extremes() {
        let s = fixtures::eight_strategies();
        assert!(at_quota_title(&s).contains(" leads: "));
        let paragraphs = headline_paragraphs(&s);
        assert!(paragraphs.len() <= 2 && paragraphs.iter().all(|p| p.starts_with("On the same reps")), "{paragraphs:?}");
        assert!(at_quota_title(&fixtures::single_strategy()).ends_with("of rep-quarters reach quota"));
    }
}
