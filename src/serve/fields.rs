//! The scenario's settings as the page's inputs, from the registry: label,
//! unit in plain words, documentation, valid range, the value as loaded
//! (written as people write it), and for fixed numbers a slider span.
//!
//! Grouped as the scenario file is: the shared sections in file order, then
//! one group per strategy holding the policy and selling keys on which the
//! strategies differ (those inputs set `strategy.NAME.key`; a key the
//! strategies share is one input, `section.key`).

use serde::Serialize;

use crate::report::words::plain::{short_value, value_words};
use crate::scenario::registry::{Section, SettingId, all_settings};
use crate::scenario::units::Display;
use crate::scenario::{Count, NO_SHAPE, Quantity, Range, Scenario, ShapeQuantiles, Unit, fmt_num};

/// The scenario as the page shows it.
#[derive(Clone, Debug, Serialize)]
pub struct PageScenario {
    pub name: String,
    pub source: String,
    pub currency: String,
    pub strategies: Vec<String>,
    pub groups: Vec<Group>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Group {
    pub title: String,
    pub fields: Vec<Field>,
}

/// One input.
#[derive(Clone, Debug, Serialize)]
pub struct Field {
    /// The `--set` path the input changes.
    pub path: String,
    pub label: String,
    /// The unit in plain words ("× quarterly quota"); empty when none.
    pub unit: String,
    pub doc: String,
    /// `number`, `count`, `choice` or `text` (distributions, seasons, fit).
    pub kind: &'static str,
    /// The value as loaded, as it goes back in an override ("21.5%", "3", "first_meeting").
    pub value: String,
    /// The value in plain words ("between 35% and 60%, most likely 50%").
    pub words: String,
    /// The valid values in words ("0% to 100%, both excluded").
    pub valid: String,
    /// The words of a choice.
    pub options: Vec<&'static str>,
    /// A slider's span, for a fixed number.
    pub slider: Option<Slider>,
}

/// A slider over the useful part of a setting's range, in the setting's own
/// values (fractions for percentages), with how to write its value.
#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
pub struct Slider {
    pub min: f64,
    pub max: f64,
    pub step: f64,
    /// `percent` (write x100 with %), or `plain`.
    pub write: &'static str,
}

/// Every input of the page for `scenario`.
pub fn page_scenario(scenario: &Scenario) -> PageScenario {
    let mut groups: Vec<Group> = Section::ALL
        .iter()
        .map(|section| Group {
            title: crate::report::words::capitalise(section.name()),
            fields: all_settings()
                .filter(|id| id.meta().section == *section && shown(scenario, *id))
                .filter(|id| !(id.per_strategy() && differs(scenario, *id)))
                .map(|id| field(scenario, id, None))
                .collect(),
        })
        .filter(|g| !g.fields.is_empty())
        .collect();
    for (i, strategy) in scenario.strategies.iter().enumerate() {
        let fields: Vec<Field> = all_settings()
            .filter(|id| id.per_strategy() && shown(scenario, *id) && differs(scenario, *id))
            .map(|id| field(scenario, id, Some(i)))
            .collect();
        if !fields.is_empty() {
            groups.push(Group { title: format!("Strategy: {}", strategy.name), fields });
        }
    }
    PageScenario {
        name: scenario.name.clone(),
        source: scenario.source_label.clone(),
        currency: scenario.currency.clone(),
        strategies: scenario.strategies.iter().map(|s| s.name.clone()).collect(),
        groups,
    }
}

/// The seed stays the scenario's: a what-if compares settings, not luck. A
/// per-deal shape is the history's, written by calibrate: shown (to change
/// or drop) only where the scenario has one.
fn shown(scenario: &Scenario, id: SettingId) -> bool {
    match id {
        SettingId::Count(Count::Seed) => false,
        SettingId::Shape(s) => scenario.mentions_shape(s),
        _ => true,
    }
}

/// Whether the strategies run with different values of a per-strategy setting.
fn differs(scenario: &Scenario, id: SettingId) -> bool {
    let texts: Vec<String> = (0..scenario.strategies.len()).map(|i| scenario.resolved(i).describe(id).0).collect();
    texts.windows(2).any(|w| w[0] != w[1])
}

fn field(scenario: &Scenario, id: SettingId, strategy: Option<usize>) -> Field {
    let meta = id.meta();
    let path = match strategy {
        Some(i) => format!("strategy.{}.{}", scenario.strategies[i].name, meta.key),
        None => meta.path(),
    };
    let text = match (id, strategy) {
        (SettingId::Count(c), _) => scenario.counts[c].to_string(),
        (_, Some(i)) => scenario.resolved(i).describe(id).0,
        (_, None) => scenario.shared.describe(id).0,
    };
    let unit = id.unit();
    let (kind, value, slider, valid) = match id {
        SettingId::Count(c) => ("count", text.clone(), None, format!("whole numbers from {} to {}", c.def().min, c.def().max)),
        SettingId::Param(p) => {
            let quantity = match strategy {
                Some(i) => scenario.resolved(i).get(p).clone(),
                None => scenario.shared.get(p).clone(),
            };
            let range = p.def().range;
            match quantity {
                Quantity::Fixed(x) => ("number", written(unit, x), Some(slider(unit, range, x)), valid_words(unit, range)),
                Quantity::Uncertain(_) => ("text", toml_form(&text), None, valid_words(unit, range)),
            }
        }
        SettingId::Choice(c) => ("choice", text.clone(), None, format!("one of {}", c.def().values.join(", "))),
        SettingId::Flag(_) => ("choice", text.clone(), None, "true or false".to_string()),
        SettingId::Season(s) => {
            ("text", text.clone(), None, format!("one multiplier, or [Q1, Q2, Q3, Q4], each {}", valid_words(Unit::None, s.def().range)))
        }
        SettingId::Fit | SettingId::Alias => {
            ("text", toml_form(&text), None, "{ beta = [a, b] } with a, b > 0, or a number in [0, 1]".to_string())
        }
        SettingId::Shape(s) => {
            let set = strategy.map_or_else(|| scenario.shared.clone(), |i| scenario.resolved(i));
            // Every point, so that the value goes back through an override unchanged.
            let value = set.shape(s).map_or_else(|| format!("\"{NO_SHAPE}\""), ShapeQuantiles::toml);
            ("text", value, None, format!("{{ quantiles = [...] }}: positive, not decreasing, median 1; or \"{NO_SHAPE}\""))
        }
    };
    let options = match id {
        SettingId::Choice(c) => c.def().values.to_vec(),
        SettingId::Flag(_) => vec!["true", "false"],
        _ => Vec::new(),
    };
    Field {
        path,
        label: meta.label.to_string(),
        unit: unit.plain(&scenario.currency),
        doc: meta.doc.to_string(),
        kind,
        words: value_words(&meta.path(), &text),
        value,
        valid,
        options,
        slider,
    }
}

/// A fixed number as people write it and as an override reads it back
/// exactly: "21.5%" for a share, digits otherwise.
pub fn written(unit: Unit, x: f64) -> String {
    match unit.display() {
        // 100 x a share can carry binary noise (0.215 x 100 = 21.499999999999996).
        Display::Percent => format!("{}%", fmt_num((x * 100.0 * 1e9).round() / 1e9)),
        _ => fmt_num(x),
    }
}

/// A distribution as a scenario file writes it: `pert[0.2, 0.3, 0.35]`
/// (how `validate` shows it) becomes `{ pert = [0.2, 0.3, 0.35] }`.
fn toml_form(text: &str) -> String {
    match text.split_once('[') {
        Some((name, rest)) if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase()) => format!("{{ {name} = [{rest} }}"),
        _ => text.to_string(),
    }
}

/// The valid values of a number in words: "above 0% and below 100%".
fn valid_words(unit: Unit, r: Range) -> String {
    let v = |x: f64| short_value(unit, x);
    let (lo, hi) = (v(r.lo), v(r.hi));
    match (r.lo_open, r.hi_open) {
        (false, false) => format!("from {lo} to {hi}"),
        (true, false) => format!("above {lo}, up to {hi}"),
        (false, true) => format!("from {lo}, below {hi}"),
        (true, true) => format!("above {lo} and below {hi}"),
    }
}

/// A slider's span: the whole range for a share; otherwise from zero (or the
/// range's floor) to four times the value, inside the range, on a round step.
/// The text input beside it takes any valid value.
fn slider(unit: Unit, range: Range, x: f64) -> Slider {
    let percent = unit.display() == Display::Percent;
    let (lo, hi) = if percent {
        (range.lo.max(0.0), range.hi.min(1.0))
    } else {
        let reach = if x == 0.0 { 10.0 } else { 4.0 * x.abs() };
        let lo = if x < 0.0 { -reach } else { 0.0 };
        (range.lo.max(lo), range.hi.min(reach.max(x)))
    };
    let step = nice_step((hi - lo) / 200.0);
    let inside = |v: f64, open: bool, toward: f64| if open { v + toward * step } else { v };
    Slider {
        min: inside(lo, range.lo_open && lo == range.lo, 1.0),
        max: inside(hi, range.hi_open && hi == range.hi, -1.0),
        step,
        write: if percent { "percent" } else { "plain" },
    }
}

/// The round number (1, 2 or 5 times a power of ten) at or below `x`.
fn nice_step(x: f64) -> f64 {
    if !(x > 0.0 && x.is_finite()) {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    let m = x / p;
    let k = if m >= 5.0 {
        5.0
    } else if m >= 2.0 {
        2.0
    } else {
        1.0
    };
    k * p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::apply_override;

    fn find<'a>(p: &'a PageScenario, path: &str) -> Option<&'a Field> {
        p.groups.iter().flat_map(|g| &g.fields).find(|f| f.path == path)
    }

    #[test]
    fn settings_are_grouped_as_the_file_and_per_strategy_where_they_differ() {
        let page = page_scenario(&Scenario::builtin());
        let titles: Vec<&str> = page.groups.iter().map(|g| g.title.as_str()).collect();
        assert_eq!(&titles[..4], ["Simulation", "Team", "Policy", "Selling"]);
        assert!(titles.contains(&"Strategy: targeted") && titles.contains(&"Strategy: spray-and-pray"), "{titles:?}");
        // The strategies differ in coverage target: one input each, none shared.
        assert!(find(&page, "policy.coverage_target").is_none());
        let spray = find(&page, "strategy.spray-and-pray.coverage_target").unwrap();
        assert_eq!((spray.value.as_str(), spray.kind, spray.label.as_str()), ("6", "number", "Coverage target"));
        assert_eq!(spray.unit, "× quarterly quota");
        // A shared share reads as a percentage and slides over (0, 1).
        let win = find(&page, "selling.win_rate").unwrap();
        assert_eq!(win.value, "21.5%");
        assert_eq!(win.valid, "above 0% and below 100%");
        let s = win.slider.unwrap();
        assert!(s.min > 0.0 && s.max < 1.0 && s.write == "percent", "{s:?}");
        assert!(find(&page, "simulation.seed").is_none());
        assert_eq!(find(&page, "simulation.trials").unwrap().kind, "count");
        assert_eq!(find(&page, "team.orphaned_deals").map(|f| f.options.len()), Some(2));
        assert_eq!(find(&page, "strategy.targeted.prospecting_priority").map(|f| f.value.as_str()), Some("deals"));
    }

    #[test]
    fn every_value_reads_back_through_an_override_to_itself() {
        let mut base = Scenario::builtin();
        assert!(find(&page_scenario(&base), "selling.deal_size_shape").is_none(), "no shape, no input");
        apply_override(&mut base, "strategy.targeted.deal_size_shape", "{ quantiles = [0.25, 0.6, 1, 1.7, 12.5] }").unwrap();
        let page = page_scenario(&base);
        let mut s = base.clone();
        for f in page.groups.iter().flat_map(|g| &g.fields) {
            apply_override(&mut s, &f.path, &f.value).unwrap_or_else(|e| panic!("{}={}: {e}", f.path, f.value));
        }
        assert_eq!(s.counts, base.counts);
        let shape = find(&page, "strategy.targeted.deal_size_shape").map(|f| f.value.as_str());
        assert_eq!(shape, Some("{ quantiles = [0.25, 0.6, 1, 1.7, 12.5] }"));
        assert_eq!(find(&page, "strategy.spray-and-pray.deal_size_shape").map(|f| f.value.as_str()), Some("\"lognormal\""));
        for i in 0..base.strategies.len() {
            assert!(s.resolved(i).same_values(&base.resolved(i)));
        }
    }

    #[test]
    fn uncertain_numbers_are_text_and_sliders_stay_in_range() {
        let mut s = Scenario::builtin();
        apply_override(&mut s, "selling.win_rate", "{ pert = [0.05, 0.08, 0.1] }").unwrap();
        let page = page_scenario(&s);
        let f = find(&page, "selling.win_rate").unwrap();
        assert!(f.kind == "text" && f.slider.is_none() && f.words.contains("most likely"), "{f:?}");
        assert_eq!(f.value, "{ pert = [0.05, 0.08, 0.1] }");
        let fit = find(&page, "strategy.targeted.fit").map(|f| f.value.clone());
        assert_eq!(fit.as_deref(), Some("{ beta = [3, 2] }"));
        for d in crate::scenario::registry::PARAMS.iter() {
            for x in [d.range.clamp(0.0), d.default, d.range.clamp(1e12), d.range.clamp(-1e12)] {
                let sl = slider(d.unit, d.range, x);
                assert!(
                    d.range.contains(sl.min) && d.range.contains(sl.max) && sl.min < sl.max && sl.step > 0.0,
                    "{} at {x}: {sl:?}",
                    d.meta.key
                );
            }
        }
        assert_eq!((nice_step(0.37), nice_step(3.0), nice_step(0.0009)), (0.2, 2.0, 0.0005));
        assert_eq!(written(Unit::Probability, 0.215), "21.5%");
    }
}
