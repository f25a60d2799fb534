//! Facts of sweeps, tornadoes and plans: units of swept paths, the
//! scenario's current values, which strategies a path reaches, and which
//! paired differences are measurable.

use crate::scenario::{PathScope, Unit};
use crate::stats::Estimate;
use crate::study::points::SweepResult;

/// The unit of sweep axis `a`.
pub fn axis_unit(r: &SweepResult, a: usize) -> Unit {
    r.grid.axes[a].path.target.unit()
}

/// The scenario's current value of sweep axis `a`, when it is a plain number.
pub fn current_value(r: &SweepResult, a: usize) -> Option<f64> {
    r.current.get(a).and_then(|c| c.trim().parse::<f64>().ok()).filter(|v| v.is_finite())
}

/// Whether a 1-D sweep's path changes anything for strategy `k`: a strategy
/// path reaches only its strategy, and a shared path only the strategies that
/// inherit it (read from the resolved parameters of every point).
pub fn reaches(r: &SweepResult, k: usize) -> bool {
    reaches_axis(r, 0, k)
}

/// Whether sweep axis `a`'s path changes anything for strategy `k`.
pub fn reaches_axis(r: &SweepResult, a: usize, k: usize) -> bool {
    let axis = &r.grid.axes[a];
    if let PathScope::Strategy(j) = axis.path.scope {
        return j == k;
    }
    let Some(param) = axis.path.param() else { return true };
    let path = param.def().meta.path();
    let vals: Vec<Option<&str>> = r.points.iter().map(|p| super::param(&p.summary, &path, k)).collect();
    vals.iter().any(Option::is_none) || vals.iter().any(|v| *v != vals[0])
}

/// Whether a paired interval excludes zero.
pub fn measurable(e: &Estimate) -> bool {
    e.ci_low > 0.0 || e.ci_high < 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_that_reach_zero_are_not_measurable() {
        let e = |lo: f64, hi: f64| Estimate { value: (lo + hi) / 2.0, se: 0.01, ci_low: lo, ci_high: hi };
        assert!(measurable(&e(0.01, 0.03)));
        assert!(measurable(&e(-0.03, -0.01)));
        assert!(!measurable(&e(-0.01, 0.01)));
        assert!(!measurable(&e(0.0, 0.02)));
    }
}
