//! The parameter `solve` moves: a numeric setting (`team.quota`,
//! `strategy.targeted.touches_per_week`), the team's seats (`team.reps`, a
//! whole number) or a planned hire's reps (`hire.N.reps`, whole).

use crate::scenario::{Count, ParamPath, PathScope, Quantity, Range, Scenario, ScenarioError, SettingId, Unit, apply_override};

/// A checked parameter of one scenario.
#[derive(Clone, Debug)]
pub struct SolveParam {
    /// As the user wrote it.
    pub path: String,
    pub kind: ParamKind,
    pub unit: Unit,
    /// The values it may take.
    pub range: Range,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ParamKind {
    /// A number of the registry (may be per strategy).
    Number(ParamPath),
    /// `team.reps`.
    Seats,
    /// The reps of the planned hire at this index of `[[hire]]`.
    Hire(usize),
}

const FLAG: &str = "--param";

impl SolveParam {
    pub fn parse(scenario: &Scenario, text: &str) -> Result<SolveParam, ScenarioError> {
        if let Some(rest) = text.strip_prefix("hire.") {
            let n = rest.strip_suffix(".reps").and_then(|n| n.parse::<usize>().ok());
            let count = scenario.hires.len();
            return match n {
                Some(n) if (1..=count).contains(&n) => {
                    Ok(SolveParam { path: text.into(), kind: ParamKind::Hire(n - 1), unit: Unit::Reps, range: Range::closed(0.0, 1000.0) })
                }
                _ => Err(ScenarioError::flag(
                    FLAG,
                    text,
                    format!("the scenario plans {count} hire(s): use `hire.N.reps` with N from 1 to {count}"),
                )),
            };
        }
        let parsed = ParamPath::parse(scenario, text, FLAG)?;
        match parsed.target {
            SettingId::Param(p) => {
                let d = p.def();
                Ok(SolveParam { path: text.into(), kind: ParamKind::Number(parsed), unit: d.unit, range: d.range })
            }
            SettingId::Count(Count::Reps) => {
                let d = Count::Reps.def();
                Ok(SolveParam { path: text.into(), kind: ParamKind::Seats, unit: d.unit, range: Range::closed(d.min as f64, 10_000.0) })
            }
            _ => Err(ScenarioError::flag(FLAG, text, "is not a numeric model parameter, `team.reps` or `hire.N.reps`")
                .with_help("solve moves one number: a numeric setting, the team's seats or a planned hire's reps")),
        }
    }

    /// Whole numbers only (seats, hires).
    pub fn integer(&self) -> bool {
        !matches!(self.kind, ParamKind::Number(_))
    }

    /// The scenario's own value, where it is one number (not uncertain).
    pub fn current(&self, scenario: &Scenario) -> Option<f64> {
        match &self.kind {
            ParamKind::Number(p) => match p.current(scenario)? {
                Quantity::Fixed(x) => Some(x),
                Quantity::Uncertain(d) => Some(d.quantile(0.5)),
            },
            ParamKind::Seats => Some(scenario.counts[Count::Reps] as f64),
            ParamKind::Hire(i) => Some(f64::from(scenario.hires[*i].reps)),
        }
    }

    /// Whether the scenario's value is uncertain (solve then replaces the
    /// distribution with one number).
    pub fn uncertain(&self, scenario: &Scenario) -> bool {
        matches!(&self.kind, ParamKind::Number(p) if matches!(p.current(scenario), Some(Quantity::Uncertain(_))))
    }

    /// Variants of one lockstep group must share their team: numbers do,
    /// seats and hires do not.
    pub fn shares_structure(&self) -> bool {
        !self.integer()
    }

    /// The scenario with the parameter at `x`, exactly as `--set PATH=x` gives it.
    pub fn apply(&self, scenario: &Scenario, x: f64) -> Result<Scenario, ScenarioError> {
        let mut s = scenario.clone();
        match &self.kind {
            ParamKind::Number(p) => apply_override(&mut s, &p.text, &format!("{x}"))?,
            ParamKind::Seats => apply_override(&mut s, "team.reps", &format!("{}", x.round() as u64))?,
            ParamKind::Hire(i) => s.hires[*i].reps = x.round() as u32,
        }
        Ok(s)
    }

    /// The per-strategy scope, if the path names one strategy's value.
    pub fn strategy(&self) -> Option<usize> {
        match &self.kind {
            ParamKind::Number(ParamPath { scope: PathScope::Strategy(i), .. }) => Some(*i),
            _ => None,
        }
    }

    /// The search's default interval: a quarter to four times the current
    /// value (whole numbers: at least 1 below and above), within the range.
    pub fn default_within(&self, scenario: &Scenario) -> (f64, f64) {
        let x = self.current(scenario).unwrap_or(1.0);
        let (lo, hi) = if self.unit == Unit::Probability || self.range.hi <= 1.0 && self.range.lo >= 0.0 {
            (self.range.lo, self.range.hi)
        } else if x > 0.0 {
            (x / 4.0, x * 4.0)
        } else {
            (self.range.lo.max(-1.0), 1.0)
        };
        let (lo, hi) = if self.integer() { ((lo.floor()).min(x - 1.0).max(1.0), hi.ceil().max(x + 1.0)) } else { (lo, hi) };
        (self.pull_in(lo), self.pull_in(hi))
    }

    /// `x` moved inside the valid range (open ends by a hair).
    pub fn pull_in(&self, x: f64) -> f64 {
        let r = &self.range;
        let eps = 1e-9 * (r.hi - r.lo).abs().max(1.0);
        let x = x.max(if r.lo_open { r.lo + eps } else { r.lo });
        x.min(if r.hi_open { r.hi - eps } else { r.hi })
    }
}
