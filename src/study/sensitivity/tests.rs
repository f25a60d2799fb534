//! The Sobol analysis on the engine: an output that one uncertain input
//! drives puts that input near 1 and a do-nothing input near 0; the result is
//! the same at any thread count.

use super::*;
use crate::engine::thread_pool;
use crate::scenario::apply_override;

fn scenario(sets: &[(&str, &str)]) -> Scenario {
    let mut s = Scenario::builtin();
    for (p, v) in [("team.reps", "20"), ("simulation.quarters", "2")].iter().chain(sets) {
        apply_override(&mut s, p, v).unwrap();
    }
    s
}

fn sobol(s: &Scenario, rows: u64, threads: usize) -> SobolResult {
    let pool = thread_pool(Some(threads)).unwrap();
    run_sobol(s, Objective::Mean, rows, &mut RunControl { pool: Some(&pool), ..Default::default() }).unwrap()
}

#[test]
fn one_driving_input_takes_the_variance_and_a_dead_one_none() {
    // The win rate moves mean attainment a lot; the list's cooldown changes
    // nothing without a finite list (accounts_per_rep = 0).
    let s = scenario(&[("selling.win_rate", "{ uniform = [0.1, 0.45] }"), ("market.cooldown_weeks", "{ uniform = [1, 50] }")]);
    // 2,400 rows: the indices' 95% intervals about +-0.04, well inside the
    // margins below (at 600 rows, +-0.07, the sums came within their widths).
    let r = sobol(&s, 2400, 2);
    assert_eq!(r.factors.iter().map(|f| f.param).collect::<Vec<_>>(), vec![Param::WinRate, Param::CooldownWeeks]);
    for st in &r.strategies {
        let (win, dead, luck) = (st.indices[0], st.indices[1], st.indices[2]);
        // The win rate takes about 0.79 of the variance (first order).
        assert!(win.first > 0.7 && win.first_ci.1 > 0.75, "{}: win rate {win:?}", st.strategy);
        assert!(dead.total.abs() < 1e-12, "{}: a do-nothing input has no effect: {dead:?}", st.strategy);
        // Luck is the rest: with two factors that matter, the first-order
        // indices sum to at most 1 and the totals (each holding their
        // interaction) to at least 1.
        // (Each within its 95% interval.)
        assert!(win.first_ci.0 + luck.first_ci.0 <= 1.0 && win.total_ci.1 + luck.total_ci.1 >= 1.0, "{}: {win:?} + {luck:?}", st.strategy);
        assert!(luck.first > 0.05 && luck.first < 0.35, "{}: luck {luck:?}", st.strategy);
    }
}

#[test]
fn the_analysis_is_the_same_at_any_thread_count() {
    let s = scenario(&[("selling.win_rate", "{ uniform = [0.15, 0.35] }"), ("selling.deal_size_median", "{ uniform = [15000, 35000] }")]);
    let one = sobol(&s, 120, 1);
    for threads in [2, 8] {
        let other = sobol(&s, 120, threads);
        for (a, b) in one.strategies.iter().zip(&other.strategies) {
            assert_eq!(a.indices, b.indices, "{threads} threads");
            assert_eq!(a.variance.to_bits(), b.variance.to_bits());
        }
    }
}
