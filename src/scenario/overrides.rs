//! Parameter paths (`team.quota`, `policy.coverage_target`,
//! `strategy.targeted.touches_per_week`) and `--set PATH=VALUE` overrides.
//!
//! Sweeps use the same paths, so a value reachable by `--set` is reachable by a
//! sweep and the two give identical results at the same seed.

use toml::de::DeValue;

use super::error::ScenarioError;
use super::read::values::{setting_value, type_name};
use super::registry::{self as params, Param, Section, SettingId};
use super::{Origin, Quantity, Scenario, Setting, Value};

/// Which settings a path changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathScope {
    /// The shared value in its section (inherited by strategies that do not set it).
    Shared,
    /// One strategy's own value (by index).
    Strategy(usize),
}

/// What a path names: any setting of the registry.
pub type PathTarget = SettingId;

/// A parsed, checked parameter path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamPath {
    pub text: String,
    pub scope: PathScope,
    pub target: PathTarget,
}

impl ParamPath {
    /// Parse `section.key` or `strategy.NAME.key` against a scenario.
    pub fn parse(scenario: &Scenario, text: &str, flag: &str) -> Result<ParamPath, ScenarioError> {
        let unknown = |msg: String| {
            let valid = valid_paths(scenario);
            let near = params::nearest(text, valid.iter().map(String::as_str)).map(str::to_string);
            let help = match near {
                Some(n) => format!("did you mean `{n}`? valid paths: {}", valid.join(", ")),
                None => format!("valid paths: {}", valid.join(", ")),
            };
            ScenarioError::flag(flag, text, msg).with_help(help)
        };
        if let Some(rest) = text.strip_prefix("strategy.") {
            let Some((name, key)) = rest.rsplit_once('.') else {
                return Err(unknown("a strategy path is `strategy.NAME.key`".into()));
            };
            let Some(i) = scenario.strategy_index(name) else {
                let names: Vec<&str> = scenario.strategies.iter().map(|s| s.name.as_str()).collect();
                return Err(unknown(format!("no strategy named `{name}` (strategies: {})", names.join(", "))));
            };
            let Some(target) = params::lookup_per_strategy(key) else {
                return Err(unknown(format!("`{key}` is not a key a strategy can set")));
            };
            return Ok(ParamPath { text: text.to_string(), scope: PathScope::Strategy(i), target });
        }
        let Some((sec, key)) = text.split_once('.') else {
            return Err(unknown("a path is `section.key` or `strategy.NAME.key`".into()));
        };
        let Some(section) = Section::parse(sec) else {
            return Err(unknown(format!("unknown section `{sec}`")));
        };
        let Some(target) = params::lookup(section, key) else {
            return Err(unknown(format!("no key `{key}` in [{sec}]")));
        };
        Ok(ParamPath { text: text.to_string(), scope: PathScope::Shared, target })
    }

    /// Whether this path names a numeric model parameter (sweepable).
    pub fn param(&self) -> Option<Param> {
        match self.target {
            SettingId::Param(p) => Some(p),
            _ => None,
        }
    }

    /// The value this path currently has for the scenario, for numeric parameters:
    /// a strategy path reports the strategy's own value or the one it inherits.
    pub fn current(&self, scenario: &Scenario) -> Option<Quantity> {
        let p = self.param()?;
        Some(match self.scope {
            PathScope::Shared => scenario.shared.get(p).clone(),
            PathScope::Strategy(i) => scenario.resolved(i).get(p).clone(),
        })
    }

    /// Set a numeric parameter (used by sweeps; the value was range-checked by the caller).
    pub fn set_quantity(&self, scenario: &mut Scenario, q: Quantity) {
        let Some(p) = self.param() else { return };
        let setting = Setting { value: q, origin: Origin::Override, loc: None };
        match self.scope {
            PathScope::Shared => scenario.shared.values[p.index()] = setting,
            PathScope::Strategy(i) => scenario.strategies[i].own.values[p.index()] = Some(setting),
        }
    }
}

/// Every path valid for this scenario, for help messages.
pub fn valid_paths(scenario: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    for section in Section::ALL {
        for key in params::keys_of(section) {
            out.push(format!("{}.{key}", section.name()));
        }
    }
    for s in &scenario.strategies {
        for key in params::strategy_keys().into_iter().filter(|k| *k != "name") {
            out.push(format!("strategy.{}.{key}", s.name));
        }
    }
    out
}

/// Split `PATH=VALUE`.
pub fn parse_override(arg: &str) -> Result<(String, String), ScenarioError> {
    match arg.split_once('=') {
        Some((p, v)) if !p.trim().is_empty() && !v.trim().is_empty() => Ok((p.trim().to_string(), v.trim().to_string())),
        _ => Err(ScenarioError::flag("--set", arg, "expected PATH=VALUE, e.g. `policy.coverage_target=8`")),
    }
}

/// Apply one `--set PATH=VALUE` to a scenario. VALUE is a TOML value: a number,
/// an uncertain distribution such as `{ uniform = [1, 2] }`, or a word for
/// choice keys (quotes optional).
pub fn apply_override(scenario: &mut Scenario, path_text: &str, value_text: &str) -> Result<(), ScenarioError> {
    let flag = "--set";
    let path = ParamPath::parse(scenario, path_text, flag)?;
    let bad = |msg: String, help: Option<String>| {
        let e = ScenarioError::flag(flag, path_text, format!("value `{value_text}`: {msg}"));
        match help {
            Some(h) => e.with_help(h),
            None => e,
        }
    };
    let parsed = DeValue::parse(value_text);
    let bare = || toml::Spanned::new(0..0, DeValue::String(value_text.to_string().into()));
    let value = match (path.target, parsed) {
        (SettingId::Choice(_), Ok(v)) if !matches!(v.get_ref(), DeValue::String(_)) => {
            return Err(bad(format!("expected a word, found {}", type_name(v.get_ref())), None));
        }
        (_, Ok(v)) => v,
        // Choices accept bare words (`first_meeting`) as well as TOML strings.
        (SettingId::Choice(_), Err(_)) => bare(),
        (_, Err(e)) if value_text.starts_with(['{', '[', '"', '\'']) => {
            return Err(bad(format!("not a TOML value ({})", e.message().trim()), None));
        }
        // Numbers as people write them: `35%`, `$250k`, `250,000`.
        (_, Err(_)) => bare(),
    };
    let value = setting_value(&value, path.target).map_err(|e| bad(e.message, e.help))?;
    match (value, &path.scope) {
        (Value::Count(x), _) => {
            if let SettingId::Count(c) = path.target {
                scenario.counts[c] = x;
            }
        }
        (value, PathScope::Shared) => scenario.shared.store(path.target, value, Origin::Override, None),
        (value, PathScope::Strategy(i)) => scenario.strategies[*i].own.store(path.target, value, Origin::Override, None),
    }
    scenario.overrides.push(format!("{path_text}={value_text}"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::PipelineCount;

    #[test]
    fn overrides_reach_shared_and_strategy_values() {
        let mut s = Scenario::builtin();
        apply_override(&mut s, "policy.coverage_target", "8").unwrap();
        apply_override(&mut s, "strategy.targeted.touches_per_week", "60").unwrap();
        apply_override(&mut s, "strategy.targeted.count_pipeline_at", "first_meeting").unwrap();
        apply_override(&mut s, "selling.win_rate", "{ uniform = [0.2, 0.3] }").unwrap();
        let t = s.strategy_index("targeted").unwrap();
        let r = s.resolved(t);
        assert_eq!(r.get(Param::CoverageTarget), &Quantity::Fixed(8.0));
        assert_eq!(r.get(Param::TouchesPerWeek), &Quantity::Fixed(60.0));
        assert_eq!(r.choice::<PipelineCount>(), PipelineCount::FirstMeeting);
        assert!(r.get(Param::WinRate).is_uncertain());
    }

    #[test]
    fn bad_paths_list_valid_ones() {
        let mut s = Scenario::builtin();
        let e = apply_override(&mut s, "policy.coverage_targt", "3").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("did you mean `policy.coverage_target`"), "{msg}");
        assert!(apply_override(&mut s, "strategy.nobody.win_rate", "0.3").is_err());
        assert!(apply_override(&mut s, "selling.win_rate", "1.5").is_err());
        assert!(apply_override(&mut s, "selling.win_rate", "nan").is_err());
    }

    #[test]
    fn numbers_as_people_write_them() {
        let mut s = Scenario::builtin();
        apply_override(&mut s, "selling.win_rate", "35%").unwrap();
        apply_override(&mut s, "team.quota", "$250,000").unwrap();
        apply_override(&mut s, "selling.deal_size_median", "1.2M").unwrap();
        apply_override(&mut s, "simulation.trials", "10k").unwrap();
        apply_override(&mut s, "policy.maintenance_share", "{ uniform = [\"10%\", \"30%\"] }").unwrap();
        assert_eq!(s.shared.get(Param::WinRate), &Quantity::Fixed(0.35));
        assert_eq!(s.shared.get(Param::Quota), &Quantity::Fixed(250_000.0));
        assert_eq!(s.shared.get(Param::DealSizeMedian), &Quantity::Fixed(1_200_000.0));
        assert_eq!(s.counts[crate::scenario::Count::Trials], 10_000);
        assert_eq!(s.overrides[0], "selling.win_rate=35%");
        let hint = apply_override(&mut s, "selling.win_rate", "35").unwrap_err();
        assert!(hint.help.as_deref().unwrap_or("").contains("did you mean 0.35 (\"35%\")?"), "{hint}");
        let money = apply_override(&mut s, "team.quota", "35%").unwrap_err().to_string();
        assert!(money.contains("--set") && money.contains("team.quota") && money.contains("percentage"), "{money}");
        let comma = apply_override(&mut s, "team.quota", "2,50").unwrap_err().to_string();
        assert!(comma.contains("groups of three"), "{comma}");
        assert!(apply_override(&mut s, "simulation.trials", "2.5k").is_ok());
        assert!(apply_override(&mut s, "simulation.trials", "2.5").unwrap_err().to_string().contains("whole number"));
    }
}
