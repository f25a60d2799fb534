//! Summaries for unit tests of the presentation code: a real (small) run of
//! the built-in scenario, and variants with odd data no run should break.

use crate::engine::{Engine, RunControl};
use crate::scenario::Scenario;
use crate::stats::Summary;

/// The built-in scenario run for `trials` trials.
pub fn summary(trials: u64) -> Summary {
    let mut scenario = Scenario::builtin();
    scenario.counts[crate::scenario::Count::Trials] = trials;
    let engine = Engine::new(&scenario);
    let mut control = RunControl { pool: None, cancel: None, progress: None, records: None };
    let acc = engine.run(0..trials, &mut control).expect("built-in scenario runs");
    Summary::build(&scenario, &acc)
}

/// Only the first strategy.
pub fn single_strategy() -> Summary {
    let mut s = summary(3);
    s.strategies.truncate(1);
    for row in &mut s.parameters {
        row.values.truncate(1);
    }
    s
}

/// Eight strategies (the palette's size) with long names, made by copying.
pub fn eight_strategies() -> Summary {
    let mut s = summary(3);
    let base = s.strategies.clone();
    s.strategies = (0..8)
        .map(|i| {
            let mut st = base[i % base.len()].clone();
            st.name = format!("strategy {i} with a rather long name <&\"'>");
            st
        })
        .collect();
    for row in &mut s.parameters {
        let v = row.values.clone();
        row.values = (0..8)
            .map(|i| {
                let mut x = v[i % v.len()].clone();
                x.strategy = format!("strategy {i} with a rather long name <&\"'>");
                x
            })
            .collect();
    }
    s
}

/// Nothing happened: empty histograms, zero funnel, no won deals, NaN ratios.
pub fn degenerate() -> Summary {
    let mut s = summary(2);
    for st in &mut s.strategies {
        st.histogram.counts.iter_mut().for_each(|c| *c = 0);
        st.histogram.above = 0;
        st.funnel.won = 0.0;
        st.funnel.touches = 0.0;
        st.funnel.connects = 0.0;
        st.funnel.first_meetings = 0.0;
        st.funnel.qualified = 0.0;
        st.hours_per_week.prospecting = 0.0;
        st.hours_per_week.meetings = 0.0;
        st.hours_per_week.deal_work = 0.0;
        st.attention.value = f64::NAN;
        st.implied_loss_rate.first_meeting = f64::NAN;
        st.implied_loss_rate.second_meeting = f64::NAN;
        st.top20.touches_top = f64::NAN;
        st.attainment_by_coverage.first_meeting.clear();
        st.attainment_by_coverage.second_meeting.clear();
        st.attainment.p10 = f64::NAN;
        st.at_quota.share = 0.0;
        st.paired = None;
    }
    s.scenario.name = "Weird <name> & \"quotes\" \u{1}".into();
    s
}
