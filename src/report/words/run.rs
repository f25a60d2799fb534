//! Words of a run's charts: titles that state the finding, subtitles on how
//! to read the marks, legend labels and labels drawn in the plot.

use super::join_items;
use crate::report::facts::coverage::{bin_points, quota_crossing, rule_bins};
use crate::report::facts::{COVERAGE_TARGET, MIN_BIN_N, Rule, Week, counting_rule, param_f64, ranked_by_at_quota, touches_per_win};
use crate::report::format::{grouped, hours, hours_of, num, pct0, pct1, pct1_range, times1};
use crate::stats::Summary;
use crate::stats::summary::{Attainment, StrategySummary};

/// Where a chart has no rep-quarters to show.
pub const NO_REP_QUARTERS: &str = "No rep-quarters were simulated.";

// ---------------------------------------------------------------- distribution

pub const DISTRIBUTION_SUBTITLE: &str =
    "Attainment per rep-quarter, share in 10-point bins. Dashed line: quota. Strip on top: P10, median (P50) and P90.";

/// Smallest share of rep-quarters without a win that the legend mentions.
const WON_NOTHING_WORTH_SAYING: f64 = 0.01;
/// Smallest share beyond the axis end that the legend mentions.
const BEYOND_WORTH_SAYING: f64 = 0.005;

/// A strategy's legend entry: its name, and the rep-quarters the histogram
/// cannot show (none won; `beyond` past the axis end `x_max`).
pub fn distribution_key(st: &StrategySummary, beyond: f64, x_max: f64) -> String {
    let mut label = st.name.clone();
    if st.attainment.zero_share >= WON_NOTHING_WORTH_SAYING {
        label.push_str(&format!(" · {} won nothing", pct0(st.attainment.zero_share)));
    }
    if beyond >= BEYOND_WORTH_SAYING {
        label.push_str(&format!(" · {} above {}", pct0(beyond), pct0(x_max)));
    }
    label
}

/// The labels of a strategy's percentile strip: P10, P50, P90.
pub fn percentile_labels(a: &Attainment) -> [String; 3] {
    [format!("P10 {}", pct0(a.p10)), format!("P50 {}", pct0(a.p50)), format!("P90 {}", pct0(a.p90))]
}

// ---------------------------------------------------------------- exceedance

pub const EXCEEDANCE_SUBTITLE: &str = "Share of rep-quarters at or above each attainment level, with 95% band (hidden behind the line \
    where narrower than it). Dots: share at quota (100%).";

/// The finding: the chance of reaching `stretch` of quota, per strategy
/// (`at`: strategy index and share), highest first.
pub fn exceedance_title(s: &Summary, stretch: f64, mut at: Vec<(usize, f64)>) -> String {
    at.sort_by(|a, b| b.1.total_cmp(&a.1));
    let item = |&(i, p): &(usize, f64)| format!("{} for {}", pct0(p), s.strategies[i].name);
    let list = match at.as_slice() {
        [] => return "Chance of reaching a given share of quota".into(),
        [a, .., z] if at.len() > 3 => format!("from {} to {}", item(a), item(z)),
        all => join_items(&all.iter().map(item).collect::<Vec<_>>()),
    };
    if (stretch - 1.0).abs() < 1e-9 {
        return format!("Chance a rep-quarter reaches quota: {list}");
    }
    format!("Chance of reaching {} of quota: {}", pct0(stretch), list)
}

/// The label of a strategy's dot at quota: "57.3% at quota (56.5–58.1%)".
pub fn at_quota_label(st: &StrategySummary) -> String {
    format!("{} at quota ({})", pct1(st.at_quota.share), pct1_range(st.at_quota.ci_low, st.at_quota.ci_high))
}

// ---------------------------------------------------------------- funnel

pub const FUNNEL_SUBTITLE: &str = "Mean per rep-quarter at each stage of the funnel. Left, log scale: each gridline is 10× the one \
     below. Right, the deals won on a linear scale from zero, with 95% Monte Carlo whiskers.";
pub const FUNNEL_LOG_CAPTION: &str = "Touches to qualified opportunities (log scale)";
pub const FUNNEL_WON_CAPTION: &str = "Deals won";
pub const NO_FUNNEL: &str = "No funnel activity was simulated.";

/// The finding: how many touches each strategy spends per deal won.
pub fn funnel_title(s: &Summary) -> String {
    let mut order: Vec<usize> = (0..s.strategies.len()).collect();
    let key = |i: usize| touches_per_win(&s.strategies[i].funnel).unwrap_or(f64::INFINITY);
    order.sort_by(|&a, &b| key(a).total_cmp(&key(b)));
    let item = |i: usize| match touches_per_win(&s.strategies[i].funnel) {
        Some(v) => format!("{} for {}", grouped(v), s.strategies[i].name),
        None => format!("no deals won for {}", s.strategies[i].name),
    };
    let wins = |i: usize| num(s.strategies[i].funnel.won);
    match order.as_slice() {
        [] => "Funnel per rep-quarter".into(),
        [a] => format!("Touches per deal won: {} ({} deals per rep-quarter)", item(*a), wins(*a)),
        [a, b] => {
            format!("Touches per deal won: {}; deals won per rep-quarter {} vs {}", join_items(&[item(*a), item(*b)]), wins(*a), wins(*b))
        }
        [a, b, c] => format!("Touches per deal won: {}", join_items(&[item(*a), item(*b), item(*c)])),
        [a, .., z] => format!("Touches per deal won: from {} to {}", item(*a), item(*z)),
    }
}

// ---------------------------------------------------------------- hours

pub const HOURS_SUBTITLE: &str =
    "Mean hours per week by activity. Attention: deal hours given as a share of the deal hours open opportunities needed.";
pub const NO_HOURS: &str = "No working hours were recorded.";

/// A strategy's legend entry: its name and its deal attention.
pub fn hours_key(st: &StrategySummary) -> String {
    format!("{} · attention {}", st.name, pct0(st.attention.value))
}

/// The finding: hours booked per week (of the capacity when it is known),
/// with deal attention; past three strategies, the extremes.
pub fn hours_title(s: &Summary, w: &[Week]) -> String {
    let booked = |i: usize| match w[i].capacity {
        Some(c) => hours_of(w[i].total(), c),
        None => hours(w[i].total()),
    };
    let n = s.strategies.len();
    match n {
        0 => "Where the hours go".into(),
        1..=3 => {
            let items: Vec<String> = (0..n)
                .map(|i| format!("{} for {} (attention {})", booked(i), s.strategies[i].name, pct0(s.strategies[i].attention.value)))
                .collect();
            format!("Hours booked per week: {}", join_items(&items))
        }
        _ => {
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| w[a].total().total_cmp(&w[b].total()));
            let (lo, hi) = (order[0], order[n - 1]);
            format!(
                "Hours booked per week: from {} for {} to {} for {}{}",
                booked(lo),
                s.strategies[lo].name,
                booked(hi),
                s.strategies[hi].name,
                attention_range(s)
            )
        }
    }
}

/// "; deal attention 80% to 95%" over every strategy, or nothing.
fn attention_range(s: &Summary) -> String {
    let att: Vec<f64> = s.strategies.iter().map(|st| st.attention.value).filter(|v| v.is_finite()).collect();
    let (lo, hi) = (att.iter().copied().fold(f64::INFINITY, f64::min), att.iter().copied().fold(0.0, f64::max));
    if att.is_empty() {
        String::new()
    } else if pct0(lo) == pct0(hi) {
        format!("; deal attention {} for all", pct0(hi))
    } else {
        format!("; deal attention {} to {}", pct0(lo), pct0(hi))
    }
}

// ---------------------------------------------------------------- coverage

/// The subtitle of the coverage chart.
pub fn coverage_subtitle() -> String {
    format!(
        "Mean attainment by coverage at quarter start (0.5× bins of {MIN_BIN_N}+ rep-quarters, 95% intervals; hollow: the top \
         bin and above). A correlation, not the effect of a target: plan-coverage measures that. Dashed: targets."
    )
}

/// Where no coverage bin has enough rep-quarters.
pub fn no_coverage() -> String {
    format!("Too few rep-quarters per coverage bin to show (fewer than {MIN_BIN_N}).")
}

/// A strategy's legend entry: mean coverage at quarter start under both rules.
pub fn coverage_key(st: &StrategySummary) -> String {
    format!("{} · starts at {} / {}", st.name, times1(st.coverage_start.first_meeting), times1(st.coverage_start.second_meeting))
}

/// The caption of the panel of a counting rule.
pub fn coverage_panel(rule: Rule) -> String {
    format!("Pipeline counted at the {}", rule.label())
}

/// The label of a coverage target line.
pub fn target_label(target: f64) -> String {
    format!("target {}", times1(target))
}

/// The finding: from which coverage rep-quarters reach quota on average,
/// per strategy (the lower edge of the first bin at quota).
pub fn coverage_title(s: &Summary) -> String {
    let n = s.strategies.len();
    if n == 0 || n > 3 {
        return "Rep-quarters that start with more pipeline attain more (a correlation, not the effect of a target)".into();
    }
    let items: Vec<String> = (0..n)
        .map(|i| {
            let st = &s.strategies[i];
            let rule = counting_rule(s, i);
            let short = rule_abbreviated(rule);
            let target = param_f64(s, COVERAGE_TARGET, i).map_or(String::new(), |c| format!(", target {}", times1(c)));
            match quota_crossing(&bin_points(rule_bins(st, rule), 1.0)) {
                Some(x) => format!("{} ({short}{target}) for {}", times1(x), st.name),
                None => format!("no coverage seen ({short}{target}) for {}", st.name),
            }
        })
        .collect();
    format!("Rep-quarters reach quota on average from {}", join_items(&items))
}

/// A counting rule abbreviated for a title: "1st meeting".
fn rule_abbreviated(rule: Rule) -> &'static str {
    match rule {
        Rule::FirstMeeting => "1st meeting",
        Rule::SecondMeeting => "2nd meeting",
    }
}

// ---------------------------------------------------------------- top 20%

pub const TOP20_SUBTITLE: &str = "Mean per rep-quarter for the top 20% by attainment and the other 80%. In this model a rep whose \
     pipeline reaches the coverage target drops to the maintenance cadence: success comes first, fewer touches follow.";
pub const TOP20_KEY: &str = "top 20% of rep-quarters (solid)";
pub const REST_KEY: &str = "the other 80% (light)";

/// The finding: whether the best rep-quarters make more or fewer touches
/// than the rest, with the leading strategy as the example.
pub fn top20_title(s: &Summary) -> String {
    let tops: Vec<_> =
        s.strategies.iter().map(|st| &st.top20).filter(|t| t.touches_top.is_finite() && t.touches_rest.is_finite()).collect();
    if tops.is_empty() {
        return "Top 20% of rep-quarters against the rest".into();
    }
    let verb = if tops.iter().all(|t| t.touches_top < t.touches_rest) {
        "make fewer touches than the rest, because a full pipeline cuts prospecting in this model"
    } else if tops.iter().all(|t| t.touches_top > t.touches_rest) {
        "make more touches than the rest"
    } else {
        "are not set apart by how many touches they make"
    };
    let example = ranked_by_at_quota(s).first().map(|&i| {
        let st = &s.strategies[i];
        format!(
            " (for {}: {} vs {} touches, {} vs {} of quota)",
            st.name,
            grouped(st.top20.touches_top),
            grouped(st.top20.touches_rest),
            pct0(st.top20.attainment_top),
            pct0(st.top20.attainment_rest)
        )
    });
    format!("The top 20% {verb}{}", example.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn titles_name_the_strategies_of_a_small_run() {
        let s = fixtures::summary(3);
        for title in [funnel_title(&s), hours_title(&s, &crate::report::facts::weeks(&s)), coverage_title(&s)] {
            assert!(s.strategies.iter().all(|st| title.contains(&st.name)), "{title}");
        }
        assert!(top20_title(&s).starts_with("The top 20% "));
    }

    #[test]
    fn exceedance_title_ranks_the_shares() {
        let s = fixtures::summary(3);
        let title = exceedance_title(&s, 1.5, vec![(0, 0.1), (1, 0.3)]);
        let (a, b) = (&s.strategies[1].name, &s.strategies[0].name);
        assert_eq!(title, format!("Chance of reaching 150% of quota: 30% for {a} vs 10% for {b}"));
        assert_eq!(exceedance_title(&s, 1.5, Vec::new()), "Chance of reaching a given share of quota");
        assert_eq!(
            exceedance_title(&s, 1.0, vec![(0, 0.28), (1, 0.48)]),
            format!("Chance a rep-quarter reaches quota: 48% for {a} vs 28% for {b}")
        );
    }

    #[test]
    fn nothing_won_reads_as_words_not_numbers() {
        let s = fixtures::degenerate();
        let title = funnel_title(&s);
        assert!(title.contains("no deals won for"), "{title}");
        assert_eq!(top20_title(&s), "Top 20% of rep-quarters against the rest");
    }
}
