//! A what-if in sentences: what changed, and what the change did to each
//! strategy, led by the range of outcomes and followed by the paired
//! difference with its Monte Carlo interval. Plain text: the caller escapes it.

use super::outcome::{MC_INTERVAL, period, spread_pct};
use super::plain::{label_of, value_words};
use crate::report::format::{count, pts_size1, pts1_range};
use crate::stats::summary::StrategySummary;
use crate::study::whatif::{PairedChange, SettingChange, WhatIf};

/// One changed setting: "Coverage target for targeted: 3× → 4×".
pub fn change_line(c: &SettingChange) -> String {
    let whose = c.path.strip_prefix("strategy.").and_then(|rest| rest.rsplit_once('.')).map(|(name, _)| format!(" for {name}"));
    format!("{}{}: {} → {}", label_of(&c.path), whose.unwrap_or_default(), value_words(&c.path, &c.before), value_words(&c.path, &c.after))
}

fn range_of(st: &StrategySummary) -> String {
    spread_pct(st.outcome_range.as_ref().map(|o| &o.at_quota))
}

/// The lead: what the change did, strategy by strategy.
pub fn whatif_lead(w: &WhatIf, changes: &[SettingChange]) -> String {
    if changes.is_empty() {
        return format!(
            "No setting changed: both sides are the scenario as loaded ({} trials). Move a setting to see what it does.",
            count(w.trials)
        );
    }
    let year = period(w.changed.quarters);
    let items: Vec<String> = w
        .changed
        .strategies
        .iter()
        .zip(&w.baseline.strategies)
        .enumerate()
        .map(|(i, (new, old))| {
            let paired = w.paired.as_ref().and_then(|p| p.get(i));
            if paired.is_some_and(untouched) {
                return format!("{}: unchanged (the change does not reach it)", new.name);
            }
            format!("{}: {} of rep-quarters at quota in a typical {year}, was {}", new.name, range_of(new), range_of(old))
        })
        .collect();
    format!("With the change: {}.", items.join("; "))
}

/// The paired difference in sentences, or why there is none.
pub fn whatif_paired(w: &WhatIf) -> Vec<String> {
    let Some(paired) = &w.paired else {
        return vec![
            "The change alters the team or the calendar, so the two sides are separate simulations: compare their ranges \
             and intervals side by side (no paired difference)."
                .to_string(),
        ];
    };
    paired
        .iter()
        .filter(|p| !untouched(p))
        .map(|p| {
            let d = &p.at_quota;
            let direction = if d.value >= 0.0 { "more" } else { "fewer" };
            format!(
                "On the same reps and the same random draws, {} has {} percentage points {direction} of its rep-quarters at \
                 quota than before the change ({MC_INTERVAL} {}).",
                p.strategy,
                pts_size1(d.value),
                pts1_range(d.ci_low, d.ci_high)
            )
        })
        .collect()
}

/// A strategy the change does not reach: identical on every trial.
pub fn untouched(p: &PairedChange) -> bool {
    p.at_quota.value == 0.0 && p.at_quota.se == 0.0 && p.mean.value == 0.0 && p.mean.se == 0.0
}

/// "Trials: 100 of 1,000 (a first look; refining)".
pub fn stage_words(trials: u64, target: u64) -> String {
    if trials < target {
        format!("{} trials of {}: a first look, refining", count(trials), count(target))
    } else {
        format!("{} trials", count(trials))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;
    use crate::stats::interval::Estimate;

    fn whatif(paired: bool) -> WhatIf {
        let s = fixtures::summary(40);
        let e = |v: f64, se: f64| Estimate { value: v, se, ci_low: v - 2.0 * se, ci_high: v + 2.0 * se };
        let p = s
            .strategies
            .iter()
            .enumerate()
            .map(|(i, st)| PairedChange {
                strategy: st.name.clone(),
                at_quota: if i == 0 { e(0.0, 0.0) } else { e(-0.031, 0.002) },
                mean: if i == 0 { e(0.0, 0.0) } else { e(-0.05, 0.004) },
            })
            .collect();
        WhatIf { trials: s.trials, baseline: s.clone(), changed: s, paired: paired.then_some(p) }
    }

    #[test]
    fn the_lead_names_what_moved_and_what_the_change_does_not_reach() {
        let change = SettingChange { path: "strategy.targeted.coverage_target".into(), before: "3".into(), after: "4.5".into() };
        assert_eq!(change_line(&change), "Coverage target for targeted: 3× → 4.5×");
        let w = whatif(true);
        let lead = whatif_lead(&w, std::slice::from_ref(&change));
        assert!(lead.starts_with("With the change: ") && lead.contains("unchanged (the change does not reach it)"), "{lead}");
        assert!(lead.contains("of rep-quarters at quota in a typical year, was "), "{lead}");
        let paired = whatif_paired(&w);
        assert_eq!(paired.len(), w.changed.strategies.len() - 1);
        assert!(paired[0].contains("3.1 percentage points fewer") && paired[0].contains("-3.5 to -2.7"), "{}", paired[0]);
        assert!(whatif_paired(&whatif(false))[0].contains("no paired difference"));
        assert!(whatif_lead(&w, &[]).starts_with("No setting changed"));
    }
}
