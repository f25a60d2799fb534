//! Scenario files: their format, validation, defaults and `--set` overrides.
//!
//! A [`Scenario`] is the validated form of a TOML file: shared settings plus,
//! per strategy, only the keys that strategy sets itself. [`Scenario::resolved`]
//! merges the two into the parameter set the engine simulates.

pub mod checks;
pub mod correlation;
pub mod docs;
mod error;
pub mod overrides;
pub mod quantity;
mod read;
pub mod registry;
pub mod rewrite;
mod setting;
pub mod sweeps;
pub mod units;
pub mod written;

pub use correlation::{Copula, Correlation};
pub use error::{ScenarioError, ScenarioErrors};
pub use overrides::{ParamPath, PathScope, PathTarget, apply_override, parse_override, valid_paths};
pub use quantity::{Dist, DistError, Quantity};
pub use registry::{
    CHOICE_COUNT, COUNT_COUNT, Choice, ChoiceValue, Count, Flag, Orphaned, PARAM_COUNT, PARAMS, Param, ParamDef, PipelineCount, Priority,
    RampQuota, Season, Section, SettingId, Shape, lookup_path,
};
pub use setting::{Counts, Fit, Hire, Loc, NO_SHAPE, Origin, ParamSet, Setting, ShapeQuantiles, StrategyOverrides, Value};
pub use sweeps::{AxisDecl, SweepDecl, ValueSpec, ValueSpecError};
pub use units::{Range, Unit, fmt_num, fmt_num_any};

use sha2::{Digest, Sha256};
use std::path::Path;

/// The built-in default scenario, identical to `scenarios/default.toml`.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/default.toml");
/// How the built-in scenario is named in messages and in the run manifest.
pub const BUILTIN_LABEL: &str = "<built-in default>";

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
    /// Trials, calendar, seed and team size.
    pub counts: Counts,
    pub shared: ParamSet,
    pub strategies: Vec<StrategyDef>,
    /// `--set` overrides applied, as given, for the run manifest.
    pub overrides: Vec<String>,
    /// `[[sweep]]` tables, checked against the scenario's parameter paths.
    pub sweeps: Vec<SweepDecl>,
    /// `[[hire]]` tables: seats added during the year.
    pub hires: Vec<Hire>,
    /// `[[correlation]]` tables: rank correlations between uncertain inputs.
    pub correlations: Vec<Correlation>,
}

impl Scenario {
    /// Parse and validate scenario text; `label` names it in error messages.
    pub fn from_toml(text: &str, label: &str) -> Result<Scenario, ScenarioErrors> {
        let mut scenario = read::parse(text, label)?;
        scenario.sha256 = sha256_hex(text.as_bytes());
        Ok(scenario)
    }

    /// Read and validate a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioErrors> {
        Scenario::load_with_text(path).map(|(s, _)| s)
    }

    /// Read and validate a scenario file; the scenario and the file's text.
    pub fn load_with_text(path: &Path) -> Result<(Scenario, String), ScenarioErrors> {
        let text = Scenario::read_text(path)?;
        Ok((Scenario::from_toml(&text, &path.display().to_string())?, text))
    }

    /// A scenario file's text, unparsed (it must be UTF-8).
    pub fn read_text(path: &Path) -> Result<String, ScenarioErrors> {
        let label = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| ScenarioErrors::single(ScenarioError::io(&label, &e)))?;
        String::from_utf8(bytes).map_err(|_| ScenarioErrors::single(ScenarioError::whole_file(&label, "the file is not valid UTF-8 text")))
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
        for (slot, o) in set.choices.iter_mut().zip(&own.choices) {
            if let Some(o) = o {
                *slot = o.clone();
            }
        }
        if let Some(o) = &own.fit {
            set.fit = o.clone();
        }
        for (slot, o) in set.shapes.iter_mut().zip(&own.shapes) {
            if let Some(o) = o {
                *slot = o.clone();
            }
        }
        set
    }

    pub fn strategy_index(&self, name: &str) -> Option<usize> {
        self.strategies.iter().position(|s| s.name == name)
    }

    /// Rep-quarters counted per strategy in a run of `trials` trials.
    pub fn rep_quarters(&self, trials: u64) -> u64 {
        trials * u64::from(self.reps()) * u64::from(self.quarters())
    }

    pub fn trials(&self) -> u64 {
        self.counts[Count::Trials]
    }
    pub fn seed(&self) -> u64 {
        self.counts[Count::Seed]
    }
    pub fn quarters(&self) -> u32 {
        self.counts[Count::Quarters] as u32
    }
    pub fn warmup_quarters(&self) -> u32 {
        self.counts[Count::WarmupQuarters] as u32
    }
    pub fn weeks_per_quarter(&self) -> u32 {
        self.counts[Count::WeeksPerQuarter] as u32
    }
    /// Seats at the start of the year.
    pub fn reps(&self) -> u32 {
        self.counts[Count::Reps] as u32
    }

    /// Every seat of the year: the starting ones and the planned hires.
    pub fn seats(&self) -> u32 {
        self.reps() + self.hires.iter().map(|h| h.reps).sum::<u32>()
    }

    /// Seats planned for counted quarter `q` (0-based): the team plan is these x quota.
    pub fn planned_seats(&self, q: u32) -> u32 {
        self.reps() + self.hires.iter().filter(|h| h.quarter <= q + 1).map(|h| h.reps).sum::<u32>()
    }

    /// The planning year's plan (its first four counted quarters' seats
    /// times quota) at the central value of the quota.
    pub fn annual_plan(&self) -> f64 {
        let quota = self.shared.get(Param::Quota).central();
        (0..4).map(|q| f64::from(self.planned_seats(q)) * quota).sum()
    }

    /// The first counted week of the hire of every planned seat, in seat order.
    pub fn planned_openings(&self) -> Vec<u32> {
        let (wq, warmup) = (self.weeks_per_quarter(), self.warmup_quarters());
        self.hires.iter().flat_map(|h| std::iter::repeat_n((warmup + h.quarter - 1) * wq, h.reps as usize)).collect()
    }

    /// Quarter of the year (0-3) of the first counted quarter.
    pub fn first_season(&self) -> u32 {
        self.counts[Count::FirstQuarter] as u32 - 1
    }

    /// Whether the run's assumptions list the finite territory: some
    /// `[market]` key is set (in the file, by a strategy or by `--set`). A
    /// scenario that never mentions the market sells to an unlimited one,
    /// and its settings would only be noise in the assumptions.
    pub fn mentions_market(&self) -> bool {
        (0..self.strategies.len()).any(|i| {
            let set = self.resolved(i);
            Param::all().filter(|p| p.def().meta.section == Section::Market).any(|p| set.values[p.index()].origin != Origin::Default)
        })
    }

    /// Whether some strategy draws `shape` per deal instead of its lognormal:
    /// only then do the assumptions list the shape (a scenario that never
    /// mentions one keeps its assumptions as they were).
    pub fn mentions_shape(&self, shape: Shape) -> bool {
        (0..self.strategies.len()).any(|i| self.resolved(i).shape(shape).is_some())
    }

    /// Whether any parameter of any strategy is uncertain.
    pub fn has_uncertainty(&self) -> bool {
        (0..self.strategies.len()).any(|i| self.resolved(i).values.iter().any(|s| s.value.is_uncertain()))
    }

    /// Problems across settings (see [`checks`]), as one error.
    pub fn check_consistency(&self) -> Result<(), ScenarioErrors> {
        let errors = checks::consistency(self);
        if errors.is_empty() { Ok(()) } else { Err(ScenarioErrors(errors)) }
    }

    /// Advice that is not an error: settings that are valid but probably not
    /// what the author meant.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = correlation::idle(self);
        for (i, s) in self.strategies.iter().enumerate() {
            let p = self.resolved(i);
            let hours = p.get(Param::HoursPerWeek).central();
            let cadence_hours = p.get(Param::TouchesPerWeek).central() * p.get(Param::MinutesPerTouch).central() / 60.0;
            if cadence_hours > hours {
                out.push(format!(
                    "strategy `{}`: the full cadence needs {:.1} h/week of prospecting but hours_per_week is {}; touches will be capped by time",
                    s.name,
                    cadence_hours,
                    fmt_num(hours)
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
        assert_eq!(s.trials(), 1000);
    }

    #[test]
    fn quantiles_read_from_a_file_and_are_range_checked() {
        let base = "name = \"q\"\n[[strategy]]\nname = \"a\"\n";
        let s = Scenario::from_toml(&format!("{base}win_rate = {{ quantiles = [0.1, 0.2, 0.2, 0.4] }}\n"), "t").unwrap();
        let q = s.resolved(0).get(Param::WinRate).clone();
        assert_eq!(q, Quantity::Uncertain(Dist::Quantiles(vec![0.1, 0.2, 0.2, 0.4])));
        assert!((q.value(0.5, &Param::WinRate.def().range) - 0.2).abs() < 1e-12);
        let e = Scenario::from_toml(&format!("{base}win_rate = {{ quantiles = [0.1, 1.2] }}\n"), "t").unwrap_err().to_string();
        assert!(e.contains("leaves the valid range"), "{e}");
        let e = Scenario::from_toml(&format!("{base}win_rate = {{ quantiles = [0.3] }}\n"), "t").unwrap_err().to_string();
        assert!(e.contains("takes 2 to 1001 numbers"), "{e}");
        let e = Scenario::from_toml(&format!("{base}win_rate = {{ quantiles = [0.3, 0.2] }}\n"), "t").unwrap_err().to_string();
        assert!(e.contains("must not decrease"), "{e}");
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
