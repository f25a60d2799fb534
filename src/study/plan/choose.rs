//! The plan's choices, as pure functions of figures already measured: the
//! best point, the practical one (the smallest target within a tolerance of
//! the best), and from which target on nobody ever reaches it.

/// Index of the highest value; ties go to the earlier index (the lower target,
/// the scenario's default counting rule).
pub fn highest(values: &[f64]) -> usize {
    (0..values.len()).fold(0, |b, i| if values[i] > values[b] { i } else { b })
}

/// Among candidates `(target, minus_best)` (a point's paired difference from
/// the best, point estimate), the smallest target no more than `tolerance`
/// below the best; `None` when none is.
pub fn smallest_within(candidates: &[(f64, f64)], tolerance: f64) -> Option<usize> {
    (0..candidates.len()).filter(|&i| candidates[i].1 >= -tolerance).min_by(|&a, &b| candidates[a].0.total_cmp(&candidates[b].0))
}

/// Below this share of rep-weeks at the target, a target is out of reach: the
/// rep prospects at full cadence nearly all the time, as with no target.
pub const OUT_OF_REACH: f64 = 0.01;

/// The lowest target from which on (up to the highest tried) fewer than
/// [`OUT_OF_REACH`] of rep-weeks had pipeline at the target, and the largest
/// such share among them: `at_target` is each target's share, in target
/// order. `None` when the highest target is within reach.
pub fn out_of_reach_from(targets: &[f64], at_target: &[f64]) -> Option<(f64, f64)> {
    let first = (0..at_target.len()).rev().take_while(|&i| at_target[i] < OUT_OF_REACH).last()?;
    Some((targets[first], at_target[first..].iter().copied().fold(0.0, f64::max)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_highest_value_wins_and_ties_go_to_the_first() {
        assert_eq!(highest(&[0.2, 0.4, 0.4, 0.1]), 1);
        assert_eq!(highest(&[0.3]), 0);
        // NaN (an undefined figure) never wins.
        assert_eq!(highest(&[0.1, f64::NAN, 0.2]), 2);
    }

    #[test]
    fn the_practical_target_is_the_smallest_within_tolerance() {
        let c = [(4.0, 0.0), (2.0, -0.02), (2.5, -0.008), (3.0, -0.004)];
        assert_eq!(smallest_within(&c, 0.01), Some(2));
        assert_eq!(smallest_within(&c, 0.03), Some(1));
        assert_eq!(smallest_within(&c, 0.0), Some(0));
        assert_eq!(smallest_within(&[(2.0, -0.5)], 0.01), None);
    }

    #[test]
    fn targets_out_of_reach_are_found_from_the_top() {
        let t = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(out_of_reach_from(&t, &[0.9, 0.5, 0.004, 0.0, 0.001]), Some((3.0, 0.004)));
        // A low share below a reachable target does not count: the run must reach the top.
        assert_eq!(out_of_reach_from(&t, &[0.9, 0.0, 0.1, 0.0, 0.0]), Some((4.0, 0.0)));
        assert_eq!(out_of_reach_from(&t, &[0.9, 0.5, 0.2, 0.1, 0.01]), None);
        assert_eq!(out_of_reach_from(&t, &[0.0; 5]), Some((1.0, 0.0)));
    }
}
