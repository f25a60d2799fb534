//! The two kinds of range, named once for every medium: the range of
//! outcomes (how a figure varies from one simulated year to the next: luck,
//! and what the scenario leaves uncertain) and the Monte Carlo interval (how
//! precisely the run pinned the average). Plain text: the caller escapes it.

use super::capitalise;
use crate::report::facts::ranked_by_at_quota;
use crate::report::format::{count, pct0, pct0_range};
use crate::stats::Summary;
use crate::stats::summary::{Spread, StrategySummary};

/// The outcome range's name in tables and legends.
pub const OUTCOME_RANGE: &str = "range of outcomes";
/// The Monte Carlo interval's name in tables and legends.
pub const MC_INTERVAL: &str = "95% Monte Carlo interval";

/// What one trial is, as a reader says it: "year" (four counted quarters),
/// "quarter", or "3-quarter period".
pub fn period(quarters: u32) -> String {
    match quarters {
        4 => "year".into(),
        1 => "quarter".into(),
        n => format!("{n}-quarter period"),
    }
}

/// "Typical year (P10–P90)": the column head of an outcome range.
pub fn typical_head(quarters: u32) -> String {
    format!("{} in a typical {} (P10–P90)", capitalise(OUTCOME_RANGE), period(quarters))
}

/// A spread's P10–P90 in whole percents: "38–58%".
pub fn spread_pct(s: Option<&Spread>) -> String {
    s.map_or_else(|| pct0_range(f64::NAN, f64::NAN), |s| pct0_range(s.p10, s.p90))
}

fn at_quota(st: &StrategySummary) -> Option<&Spread> {
    st.outcome_range.as_ref().map(|o| &o.at_quota)
}

/// The headline, led by the range of outcomes: "targeted: in a typical year
/// 38–58% of rep-quarters reach quota, against 20–38% for spray-and-pray".
/// None when the summary has no outcome ranges (written by an older version).
pub fn outcome_title(s: &Summary) -> Option<String> {
    if s.strategies.iter().any(|st| at_quota(st).is_none()) {
        return None;
    }
    let ranked = ranked_by_at_quota(s);
    let st = |i: usize| &s.strategies[i];
    let range = |i: usize| spread_pct(at_quota(st(i)));
    let year = period(s.quarters);
    Some(match ranked.as_slice() {
        [] => return None,
        [a] => format!("{}: in a typical {year} {} of rep-quarters reach quota", st(*a).name, range(*a)),
        [a, b] => format!(
            "{}: in a typical {year} {} of rep-quarters reach quota, against {} for {}",
            st(*a).name,
            range(*a),
            range(*b),
            st(*b).name
        ),
        [a, .., z] => format!(
            "{} leads: in a typical {year} {} of its rep-quarters reach quota; {} is lowest at {}",
            st(*a).name,
            range(*a),
            st(*z).name,
            range(*z)
        ),
    })
}

/// What the range of outcomes is and how it differs from the Monte Carlo
/// interval, with the run's own numbers.
pub fn kinds_note(s: &Summary) -> String {
    let year = period(s.quarters);
    let uncertain = if s.parameters.iter().any(|r| r.values.iter().any(|v| v.value.contains('{') || v.value.contains('['))) {
        " and the scenario's uncertain inputs, drawn afresh for every simulated year"
    } else {
        ""
    };
    format!(
        "Two kinds of range. The {OUTCOME_RANGE} (P10–P90) is how much one {year} varies: 8 simulated {year}s in 10 fall \
         inside it, out of {} {year}s, through the luck of a {year}{uncertain}. The {MC_INTERVAL} is how precisely the \
         simulation pinned the average: more trials narrow it, never the {OUTCOME_RANGE}.",
        count(s.trials)
    )
}

/// One strategy's average share at quota with its typical year: "48% on
/// average; 38–58% in a typical year".
pub fn share_and_range(st: &StrategySummary, quarters: u32) -> String {
    match at_quota(st) {
        Some(r) => format!("{} on average; {} in a typical {}", pct0(st.at_quota.share), pct0_range(r.p10, r.p90), period(quarters)),
        None => format!("{} on average", pct0(st.at_quota.share)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn the_headline_leads_with_the_range_of_outcomes() {
        let s = fixtures::summary(40);
        let title = outcome_title(&s).unwrap();
        assert!(title.contains("in a typical year ") && title.contains(" against "), "{title}");
        for st in &s.strategies {
            assert!(title.contains(&spread_pct(at_quota(st))), "{title}");
        }
        let mut old = s.clone();
        old.strategies[0].outcome_range = None;
        assert_eq!(outcome_title(&old), None);
        assert!(outcome_title(&fixtures::eight_strategies()).unwrap().contains(" leads: "));
    }

    #[test]
    fn periods_read_as_people_say_them() {
        assert_eq!(period(4), "year");
        assert_eq!(period(1), "quarter");
        assert_eq!(period(3), "3-quarter period");
        assert_eq!(typical_head(4), "Range of outcomes in a typical year (P10–P90)");
        assert!(kinds_note(&fixtures::summary(3)).contains("more trials narrow it"));
    }
}
