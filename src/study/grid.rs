//! Sweep axes and grids: which parameter, which values, which points.
//!
//! A sweep point is the base scenario with `PATH=VALUE` applied exactly as
//! `--set` would, so a point's summary equals `quotasim run --set PATH=VALUE`.

use crate::scenario::fmt_num;
use crate::scenario::{ParamPath, Quantity, Scenario, ScenarioError, ScenarioErrors, SweepDecl, ValueSpec, slug};

/// Largest number of points in one sweep (product of the axes).
pub const MAX_POINTS: usize = 2_500;

/// One swept parameter and its values.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub path: ParamPath,
    pub values: Vec<f64>,
}

impl Axis {
    /// Check a path and its values against a scenario: the path must name a
    /// numeric parameter and every value must lie in its valid range.
    pub fn new(scenario: &Scenario, path: &str, spec: &ValueSpec, flag: &str) -> Result<Axis, ScenarioError> {
        let parsed = ParamPath::parse(scenario, path, flag)?;
        let Some(p) = parsed.param() else {
            return Err(ScenarioError::flag(flag, path, "is not a numeric model parameter").with_help(
                "sweeps vary numeric parameters (counts such as trials or reps, and choices, cannot be swept); `plan-coverage` compares the two counting rules",
            ));
        };
        let values = spec.values().map_err(|m| ScenarioError::flag(flag, path, m.0))?;
        let d = p.def();
        let bad: Vec<String> = values.iter().filter(|x| !d.range.contains(**x)).map(|x| fmt_num(*x)).collect();
        if !bad.is_empty() {
            return Err(ScenarioError::flag(flag, path, format!("{} out of range: {} must be in {}", bad.join(", "), d.meta.key, d.range))
                .with_help(format!("{} ({}): {}", d.meta.label, d.unit.plain(&scenario.currency), d.meta.doc)));
        }
        Ok(Axis { path: parsed, values })
    }

    /// The scenario's own value at this path, as text (e.g. `3` or `uniform[0.2, 0.3]`).
    pub fn current(&self, scenario: &Scenario) -> String {
        self.path.current(scenario).map(|q| q.to_string()).unwrap_or_default()
    }
}

/// A grid that cannot be swept, with why.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct GridError(String);

/// A 1-D or 2-D grid of points; points are in row-major order (first axis outer).
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    /// A name for output folders and titles.
    pub name: String,
    pub axes: Vec<Axis>,
}

impl Grid {
    pub fn new(name: String, axes: Vec<Axis>) -> Result<Grid, GridError> {
        if axes.is_empty() || axes.len() > 2 {
            return Err(GridError(format!("a sweep has one or two parameters, got {}", axes.len())));
        }
        if axes.len() == 2 && axes[0].path == axes[1].path {
            return Err(GridError(format!("`{}` is swept twice", axes[0].path.text)));
        }
        let n: usize = axes.iter().map(|a| a.values.len()).product();
        if n > MAX_POINTS {
            return Err(GridError(format!("the grid has {n} points; at most {MAX_POINTS}")));
        }
        Ok(Grid { name, axes })
    }

    /// A grid from a `[[sweep]]` table (already checked when the file was read).
    pub fn from_decl(scenario: &Scenario, decl: &SweepDecl) -> Result<Grid, ScenarioError> {
        let axes = decl.axes.iter().map(|a| Axis::new(scenario, &a.param, &a.spec, "[[sweep]]")).collect::<Result<Vec<_>, _>>()?;
        Grid::new(decl.name.clone(), axes).map_err(|m| ScenarioError::flag("[[sweep]]", &decl.name, m.to_string()))
    }

    /// The default name: the swept paths.
    pub fn default_name(paths: &[&str]) -> String {
        paths.join(" x ")
    }

    /// Folder-safe form of the name.
    pub fn slug(&self) -> String {
        slug(&self.name)
    }

    pub fn is_2d(&self) -> bool {
        self.axes.len() == 2
    }

    pub fn len(&self) -> usize {
        self.axes.iter().map(|a| a.values.len()).product()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The values of point `i`, one per axis.
    pub fn point(&self, i: usize) -> Vec<f64> {
        match self.axes.as_slice() {
            [a] => vec![a.values[i]],
            [a, b] => vec![a.values[i / b.values.len()], b.values[i % b.values.len()]],
            _ => Vec::new(),
        }
    }

    /// The base scenario at point `i`: each value applied as `--set` would,
    /// and recorded as an override.
    pub fn variant(&self, base: &Scenario, i: usize) -> Scenario {
        let mut s = base.clone();
        for (axis, x) in self.axes.iter().zip(self.point(i)) {
            axis.path.set_quantity(&mut s, Quantity::Fixed(x));
            s.overrides.push(format!("{}={}", axis.path.text, fmt_num(x)));
        }
        s
    }

    /// Every point checked across settings (a swept quota or deal size must
    /// keep them in proportion), the first bad point named.
    pub fn check_points(&self, base: &Scenario) -> Result<(), ScenarioErrors> {
        for i in 0..self.len() {
            if let Err(mut e) = self.variant(base, i).check_consistency() {
                let at: Vec<String> = self.axes.iter().zip(self.point(i)).map(|(a, x)| format!("{}={}", a.path.text, fmt_num(x))).collect();
                for err in &mut e.0 {
                    err.origin = format!("sweep point {}", at.join(", "));
                }
                return Err(e);
            }
        }
        Ok(())
    }

    /// Neighbouring points along the last axis, (previous, next): the pairs whose
    /// paired differences the sweep reports.
    pub fn adjacent_pairs(&self) -> Vec<(usize, usize)> {
        let inner = self.axes.last().map_or(0, |a| a.values.len());
        (1..self.len()).filter(|i| i % inner != 0).map(|i| (i - 1, i)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_values_are_checked() {
        let s = Scenario::builtin();
        let spec = ValueSpec::parse_range("1:3:1").unwrap();
        assert!(Axis::new(&s, "policy.coverage_target", &spec, "--param").is_ok());
        let e = Axis::new(&s, "policy.coverage_targe", &spec, "--param").unwrap_err();
        assert!(e.to_string().contains("did you mean `policy.coverage_target`"), "{e}");
        assert!(Axis::new(&s, "selling.win_rate", &spec, "--param").unwrap_err().to_string().contains("out of range"));
        assert!(Axis::new(&s, "simulation.trials", &spec, "--param").is_err());
        assert!(Axis::new(&s, "policy.count_pipeline_at", &spec, "--param").is_err());
    }

    #[test]
    fn grid_points_are_row_major() {
        let s = Scenario::builtin();
        let a = Axis::new(&s, "policy.coverage_target", &ValueSpec::List(vec![2.0, 3.0]), "--param").unwrap();
        let b = Axis::new(&s, "selling.win_rate", &ValueSpec::List(vec![0.2, 0.3, 0.4]), "--param").unwrap();
        let g = Grid::new("g".into(), vec![a, b]).unwrap();
        assert_eq!(g.len(), 6);
        assert_eq!(g.point(4), vec![3.0, 0.3]);
        assert_eq!(g.adjacent_pairs(), vec![(0, 1), (1, 2), (3, 4), (4, 5)]);
        let v = g.variant(&s, 4);
        assert_eq!(v.overrides, vec!["policy.coverage_target=3".to_string(), "selling.win_rate=0.3".to_string()]);
    }
}
