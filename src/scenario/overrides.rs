//! Parameter paths (`team.quota`, `policy.coverage_target`,
//! `strategy.targeted.touches_per_week`) and `--set PATH=VALUE` overrides.
//!
//! Sweeps use the same paths, so a value reachable by `--set` is reachable by a
//! sweep and the two give identical results at the same seed.

use toml::de::DeValue;

use super::error::ScenarioError;
use super::params::{self, CHOICES, COUNTS, Param, Section};
use super::parse::{choice, fit, quantity, type_name};
use super::{Origin, PipelineCount, Priority, Quantity, Scenario, Setting};

/// Which settings a path changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathScope {
    /// The shared value in its section (inherited by strategies that do not set it).
    Shared,
    /// One strategy's own value (by index).
    Strategy(usize),
}

/// What a path names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathTarget {
    Param(Param),
    /// Index into [`params::COUNTS`].
    Count(usize),
    Choice(&'static str),
    Fit,
}

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
            let target = if let Some(p) = Param::lookup_overridable(key) {
                PathTarget::Param(p)
            } else if let Some(c) = CHOICES.iter().find(|c| c.key == key) {
                PathTarget::Choice(c.key)
            } else if key == params::FIT_KEY {
                PathTarget::Fit
            } else {
                return Err(unknown(format!("`{key}` is not a key a strategy can set")));
            };
            return Ok(ParamPath { text: text.to_string(), scope: PathScope::Strategy(i), target });
        }
        let Some((sec, key)) = text.split_once('.') else {
            return Err(unknown("a path is `section.key` or `strategy.NAME.key`".into()));
        };
        let section = match sec {
            "simulation" => Section::Simulation,
            "team" => Section::Team,
            "policy" => Section::Policy,
            "selling" => Section::Selling,
            _ => return Err(unknown(format!("unknown section `{sec}`"))),
        };
        let target = if let Some(i) = COUNTS.iter().position(|c| c.section == section && c.key == key) {
            PathTarget::Count(i)
        } else if let Some(p) = Param::lookup(section, key) {
            PathTarget::Param(p)
        } else if let Some(c) = CHOICES.iter().find(|c| c.section == section && c.key == key) {
            PathTarget::Choice(c.key)
        } else if section == Section::Selling && key == params::FIT_KEY {
            PathTarget::Fit
        } else {
            return Err(unknown(format!("no key `{key}` in [{sec}]")));
        };
        Ok(ParamPath { text: text.to_string(), scope: PathScope::Shared, target })
    }

    /// Whether this path names a numeric model parameter (sweepable).
    pub fn param(&self) -> Option<Param> {
        match self.target {
            PathTarget::Param(p) => Some(p),
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
    for section in [Section::Simulation, Section::Team, Section::Policy, Section::Selling] {
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
    let parsed = DeValue::parse(value_text);
    let bad = |msg: String, help: Option<String>| {
        let e = ScenarioError::flag(flag, path_text, format!("value `{value_text}`: {msg}"));
        match help {
            Some(h) => e.with_help(h),
            None => e,
        }
    };
    match path.target {
        PathTarget::Choice(key) => {
            // Accept bare words (`first_meeting`) as well as TOML strings.
            let word = match &parsed {
                Ok(v) => match v.get_ref() {
                    DeValue::String(s) => s.to_string(),
                    other => return Err(bad(format!("expected a word, found {}", type_name(other)), None)),
                },
                Err(_) => value_text.to_string(),
            };
            let value = toml::de::DeValue::String(word.into());
            let spanned = toml::Spanned::new(0..0, value);
            if key == "count_pipeline_at" {
                let c = choice(&spanned, key, PipelineCount::parse).map_err(|e| bad(e.message, e.help))?;
                match path.scope {
                    PathScope::Shared => scenario.shared.count_pipeline_at = Setting { value: c, origin: Origin::Override, loc: None },
                    PathScope::Strategy(i) => {
                        scenario.strategies[i].own.count_pipeline_at = Some(Setting { value: c, origin: Origin::Override, loc: None })
                    }
                }
            } else {
                let c = choice(&spanned, key, Priority::parse).map_err(|e| bad(e.message, e.help))?;
                match path.scope {
                    PathScope::Shared => scenario.shared.prospecting_priority = Setting { value: c, origin: Origin::Override, loc: None },
                    PathScope::Strategy(i) => {
                        scenario.strategies[i].own.prospecting_priority = Some(Setting { value: c, origin: Origin::Override, loc: None })
                    }
                }
            }
        }
        _ => {
            let v = parsed.map_err(|e| bad(format!("not a TOML value ({})", e.message().trim()), None))?;
            match path.target {
                PathTarget::Param(p) => {
                    let q = quantity(&v, p).map_err(|e| bad(e.message, e.help))?;
                    path.set_quantity(scenario, q);
                }
                PathTarget::Fit => {
                    let f = fit(&v).map_err(|e| bad(e.message, e.help))?;
                    match path.scope {
                        PathScope::Shared => scenario.shared.fit = Setting { value: f, origin: Origin::Override, loc: None },
                        PathScope::Strategy(i) => {
                            scenario.strategies[i].own.fit = Some(Setting { value: f, origin: Origin::Override, loc: None })
                        }
                    }
                }
                PathTarget::Count(i) => {
                    let def = &COUNTS[i];
                    let x = match v.get_ref() {
                        DeValue::Integer(_) => super::parse::number(&v).map_err(|e| bad(e.message, None))?,
                        other => return Err(bad(format!("expected a whole number, found {}", type_name(other)), None)),
                    };
                    if x < def.min as f64 || x > def.max as f64 {
                        return Err(bad(format!("{} must be in [{}, {}]", def.key, def.min, def.max), None));
                    }
                    let x = x as u64;
                    match def.key {
                        "trials" => scenario.simulation.trials = x,
                        "quarters" => scenario.simulation.quarters = x as u32,
                        "warmup_quarters" => scenario.simulation.warmup_quarters = x as u32,
                        "weeks_per_quarter" => scenario.simulation.weeks_per_quarter = x as u32,
                        "seed" => scenario.simulation.seed = x,
                        _ => scenario.reps = x as u32,
                    }
                }
                PathTarget::Choice(_) => unreachable!("handled above"),
            }
        }
    }
    scenario.overrides.push(format!("{path_text}={value_text}"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(r.count_pipeline_at.value, PipelineCount::FirstMeeting);
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
}
