//! Scenario files: their format, validation, defaults and `--set` overrides.
//!
//! A [`Scenario`] is the validated form of a TOML file: shared settings plus,
//! per strategy, only the keys that strategy sets itself. [`Scenario::resolved`]
//! merges the two into the parameter set the engine simulates.

mod error;
pub mod overrides;
pub mod params;
mod parse;
pub mod quantity;
pub mod sweeps;

pub use error::{ScenarioError, ScenarioErrors};
pub use overrides::{ParamPath, PathScope, apply_override, parse_override, valid_paths};
pub use params::{PARAM_COUNT, PARAMS, Param, ParamDef, Range, Section};
pub use quantity::{Dist, Quantity};
pub use sweeps::{AxisDecl, SweepDecl, ValueSpec};

use sha2::{Digest, Sha256};
use std::path::Path;

/// The built-in default scenario, identical to `scenarios/default.toml`.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/default.toml");
/// How the built-in scenario is named in messages and in the run manifest.
pub const BUILTIN_LABEL: &str = "<built-in default>";

/// Where a setting's value came from, for the assumptions table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Not in the file: the documented default.
    Default,
    /// Set in `[team]`, `[policy]` or `[selling]`.
    Shared,
    /// Set in this strategy's `[[strategy]]` table.
    Strategy,
    /// Set on the command line with `--set` (or by a sweep point).
    Override,
}

/// Line and column (1-based) of a value in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Loc {
    pub line: usize,
    pub column: usize,
}

/// A value together with where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
    pub loc: Option<Loc>,
}

impl<T> Setting<T> {
    pub fn default_value(value: T) -> Self {
        Setting { value, origin: Origin::Default, loc: None }
    }
}

/// Which opportunities count as pipeline for the coverage policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PipelineCount {
    SecondMeeting,
    FirstMeeting,
}

/// Who gets the week's hours first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Deals,
    Mandate,
}

impl PipelineCount {
    pub fn as_str(self) -> &'static str {
        match self {
            PipelineCount::SecondMeeting => "second_meeting",
            PipelineCount::FirstMeeting => "first_meeting",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "second_meeting" => Some(PipelineCount::SecondMeeting),
            "first_meeting" => Some(PipelineCount::FirstMeeting),
            _ => None,
        }
    }
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Deals => "deals",
            Priority::Mandate => "mandate",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "deals" => Some(Priority::Deals),
            "mandate" => Some(Priority::Mandate),
            _ => None,
        }
    }
}

/// The distribution of account fit of new opportunities.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fit {
    Beta { a: f64, b: f64 },
    Fixed(f64),
}

impl std::fmt::Display for Fit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fit::Beta { a, b } => write!(f, "beta[{}, {}]", params::fmt_num(*a), params::fmt_num(*b)),
            Fit::Fixed(x) => write!(f, "{}", params::fmt_num(*x)),
        }
    }
}

/// Structural settings of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Simulation {
    pub trials: u64,
    pub quarters: u32,
    pub warmup_quarters: u32,
    pub weeks_per_quarter: u32,
    pub seed: u64,
}

/// Every per-strategy setting, each with its origin.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamSet {
    pub values: Vec<Setting<Quantity>>,
    pub count_pipeline_at: Setting<PipelineCount>,
    pub prospecting_priority: Setting<Priority>,
    pub fit: Setting<Fit>,
}

impl ParamSet {
    pub fn defaults() -> Self {
        ParamSet {
            values: PARAMS.iter().map(|d| Setting::default_value(Quantity::Fixed(d.default))).collect(),
            count_pipeline_at: Setting::default_value(PipelineCount::SecondMeeting),
            prospecting_priority: Setting::default_value(Priority::Deals),
            fit: Setting::default_value(Fit::Beta { a: params::FIT_DEFAULT.0, b: params::FIT_DEFAULT.1 }),
        }
    }

    pub fn get(&self, p: Param) -> &Quantity {
        &self.values[p.index()].value
    }
}

/// The keys one strategy sets itself; everything else is inherited.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StrategyOverrides {
    pub values: Vec<Option<Setting<Quantity>>>,
    pub count_pipeline_at: Option<Setting<PipelineCount>>,
    pub prospecting_priority: Option<Setting<Priority>>,
    pub fit: Option<Setting<Fit>>,
}

impl StrategyOverrides {
    pub fn empty() -> Self {
        StrategyOverrides { values: vec![None; PARAM_COUNT], ..Default::default() }
    }
}

/// One `[[strategy]]`.
#[derive(Clone, Debug, PartialEq)]
pub struct StrategyDef {
    pub name: String,
    pub loc: Option<Loc>,
    pub own: StrategyOverrides,
}

/// A validated scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub currency: String,
    /// File path, or [`BUILTIN_LABEL`].
    pub source_label: String,
    /// SHA-256 of the scenario text, hex.
    pub sha256: String,
    pub simulation: Simulation,
    pub reps: u32,
    pub shared: ParamSet,
    pub strategies: Vec<StrategyDef>,
    /// `--set` overrides applied, as given, for the run manifest.
    pub overrides: Vec<String>,
    /// `[[sweep]]` tables, checked against the scenario's parameter paths.
    pub sweeps: Vec<SweepDecl>,
}

impl Scenario {
    /// Parse and validate scenario text; `label` names it in error messages.
    pub fn from_toml(text: &str, label: &str) -> Result<Scenario, ScenarioErrors> {
        let mut scenario = parse::parse(text, label)?;
        scenario.sha256 = sha256_hex(text.as_bytes());
        Ok(scenario)
    }

    /// Read and validate a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioErrors> {
        let label = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| ScenarioErrors::single(ScenarioError::io(&label, &e)))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| ScenarioErrors::single(ScenarioError::whole_file(&label, "the file is not valid UTF-8 text")))?;
        Scenario::from_toml(&text, &label)
    }

    /// The built-in default scenario.
    pub fn builtin() -> Scenario {
        Scenario::from_toml(DEFAULT_SCENARIO, BUILTIN_LABEL).expect("the built-in scenario is valid (tested)")
    }

    /// The full parameter set of strategy `i`: its own keys over the shared ones.
    pub fn resolved(&self, i: usize) -> ParamSet {
        let own = &self.strategies[i].own;
        let mut set = self.shared.clone();
        for (slot, o) in set.values.iter_mut().zip(&own.values) {
            if let Some(o) = o {
                *slot = o.clone();
            }
        }
        if let Some(o) = &own.count_pipeline_at {
            set.count_pipeline_at = o.clone();
        }
        if let Some(o) = &own.prospecting_priority {
            set.prospecting_priority = o.clone();
        }
        if let Some(o) = &own.fit {
            set.fit = o.clone();
        }
        set
    }

    pub fn strategy_index(&self, name: &str) -> Option<usize> {
        self.strategies.iter().position(|s| s.name == name)
    }

    /// Rep-quarters counted per strategy in a run of `trials` trials.
    pub fn rep_quarters(&self, trials: u64) -> u64 {
        trials * u64::from(self.reps) * u64::from(self.simulation.quarters)
    }

    /// Whether any parameter of any strategy is uncertain.
    pub fn has_uncertainty(&self) -> bool {
        (0..self.strategies.len()).any(|i| self.resolved(i).values.iter().any(|s| s.value.is_uncertain()))
    }

    /// Advice that is not an error: settings that are valid but probably not
    /// what the author meant.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (i, s) in self.strategies.iter().enumerate() {
            let p = self.resolved(i);
            let hours = p.get(Param::HoursPerWeek).central();
            let cadence_hours = p.get(Param::TouchesPerWeek).central() * p.get(Param::MinutesPerTouch).central() / 60.0;
            if cadence_hours > hours {
                out.push(format!(
                    "strategy `{}`: the full cadence needs {:.1} h/week of prospecting but hours_per_week is {}; touches will be capped by time",
                    s.name,
                    cadence_hours,
                    params::fmt_num(hours)
                ));
            }
        }
        out
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A file-system-safe folder name for a scenario name: lower-case ASCII letters,
/// digits and single dashes, never empty, never `.` or `..`, at most 64 chars.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 64 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "scenario".to_string() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_scenario_parses() {
        let s = Scenario::builtin();
        assert_eq!(s.strategies.len(), 2);
        assert_eq!(s.simulation.trials, 1000);
    }

    #[test]
    fn slugs_cannot_escape() {
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("/abs/path"), "abs-path");
        assert_eq!(slug(".."), "scenario");
        assert_eq!(slug("Mid-market team: spray-and-pray vs targeted"), "mid-market-team-spray-and-pray-vs-targeted");
        assert_eq!(slug("Ünïcode ✓"), "n-code");
    }
}
