//! The search on functions with known answers, through the same code the
//! simulation uses (only the evaluations are exact here).

use super::eval::{Eval, batch_half_width};
use super::search::{Answer, Found, Goal, Space, search};

/// An evaluation whose batches are `f(x) + noise[b]` (the same noise at
/// every x: common random numbers).
fn eval_of(f: &dyn Fn(f64) -> f64, noise: &[f64], x: f64, screen: bool) -> Eval {
    let batches: Vec<f64> = noise.iter().map(|e| f(x) + e).collect();
    let value = batches.iter().sum::<f64>() / batches.len() as f64;
    let hw = if noise.iter().all(|e| *e == 0.0) { 0.0 } else { batch_half_width(&batches) };
    Eval { x, trials: 800, value, ci: (value - hw, value + hw), batches, screen, summary: None }
}

fn solve(f: &dyn Fn(f64) -> f64, noise: &[f64], space: Space, goal: Goal) -> Found {
    let mut calls = |xs: &[f64], screen: bool| -> Result<Vec<Eval>, ()> { Ok(xs.iter().map(|&x| eval_of(f, noise, x, screen)).collect()) };
    search(&space, goal, &mut calls).expect("exact evaluations")
}

const EXACT: [f64; 8] = [0.0; 8];
const UNIT: Space = Space { lo: 0.0, hi: 1.0, integer: false, geometric: false };

#[test]
fn a_linear_target_is_found_exactly() {
    let found = solve(&|x| 2.0 * x, &EXACT, UNIT, Goal::Target(0.5));
    let Answer::Root { x, interval, .. } = found.answer else { panic!("{:?}", found.answer) };
    assert!((x - 0.25).abs() < 1e-12, "{x}");
    assert!((interval.0 - 0.25).abs() < 1e-12 && (interval.1 - 0.25).abs() < 1e-12);
}

#[test]
fn a_curved_target_converges() {
    let space = Space { lo: 0.1, hi: 2.0, integer: false, geometric: true };
    let found = solve(&|x| x * x * x, &EXACT, space, Goal::Target(1.0));
    let Answer::Root { x, .. } = found.answer else { panic!("{:?}", found.answer) };
    assert!((x - 1.0).abs() < 1e-4, "{x}");
    assert!(found.evals.len() <= super::search::SCREEN_POINTS + super::search::MAX_STEPS + 2);
}

#[test]
fn whole_numbers_give_the_first_count_that_meets_the_target() {
    // 1 - 0.9^n >= 0.9 first at n = 22 (0.9^21 = 0.109, 0.9^22 = 0.098).
    let space = Space { lo: 1.0, hi: 60.0, integer: true, geometric: false };
    let found = solve(&|n| 1.0 - 0.9f64.powf(n), &EXACT, space, Goal::Target(0.9));
    let Answer::Root { x, .. } = found.answer else { panic!("{:?}", found.answer) };
    assert_eq!(x, 22.0);
    // Decreasing: 0.9^n <= 0.1 also first at 22 ("meets" = at or above the
    // target, so the answer is the last count still at or above it: 21).
    let found = solve(&|n| 0.9f64.powf(n), &EXACT, space, Goal::Target(0.1));
    let Answer::Root { x, .. } = found.answer else { panic!("{:?}", found.answer) };
    assert_eq!(x, 21.0);
}

#[test]
fn an_unreachable_target_names_the_closest_value() {
    let found = solve(&|x| x, &EXACT, UNIT, Goal::Target(2.0));
    let Answer::Unreachable { closest } = found.answer else { panic!("{:?}", found.answer) };
    assert_eq!(found.evals[closest].x, 1.0);
    assert!(!found.evals[closest].screen, "the closest value is confirmed on every trial");
}

#[test]
fn a_maximum_and_a_minimum_are_located() {
    let found = solve(&|x| -(x - 0.3f64).powi(2), &EXACT, UNIT, Goal::Maximize);
    let Answer::Optimum { best, .. } = found.answer else { panic!("{:?}", found.answer) };
    assert!((found.evals[best].x - 0.3).abs() < 0.01, "{}", found.evals[best].x);
    let found = solve(&|x| (x - 0.72f64).powi(2), &EXACT, UNIT, Goal::Minimize);
    let Answer::Optimum { best, .. } = found.answer else { panic!("{:?}", found.answer) };
    assert!((found.evals[best].x - 0.72).abs() < 0.01, "{}", found.evals[best].x);
}

#[test]
fn a_whole_number_maximum_is_exact() {
    // Peaks at n = 13 among whole numbers.
    let space = Space { lo: 1.0, hi: 40.0, integer: true, geometric: false };
    let found = solve(&|n| -(n - 13.2f64).powi(2), &EXACT, space, Goal::Maximize);
    let Answer::Optimum { best, interval } = found.answer else { panic!("{:?}", found.answer) };
    assert_eq!(found.evals[best].x, 13.0);
    assert_eq!(interval, (13.0, 13.0), "exact evaluations leave no tie");
}

#[test]
fn the_answer_interval_is_the_metric_error_over_the_slope() {
    // Batch noise common to every x (common random numbers): mean 0, so the
    // root is 0.5; its interval is the batch half-width over the slope 1.
    let noise = [0.02, -0.01, 0.015, -0.02, 0.005, -0.005, 0.01, -0.015];
    let found = solve(&|x| x, &noise, UNIT, Goal::Target(0.5));
    let Answer::Root { x, interval, .. } = found.answer else { panic!("{:?}", found.answer) };
    let hw = batch_half_width(&noise.iter().map(|e| 0.5 + e).collect::<Vec<_>>());
    assert!((x - 0.5).abs() < 1e-9, "{x}");
    assert!((interval.1 - interval.0 - 2.0 * hw).abs() < 1e-9, "{interval:?} vs half-width {hw}");
}

#[test]
fn a_flat_optimum_reports_the_values_that_tie() {
    // A plateau on [0.4, 0.6] with batch noise: every value there ties.
    let noise = [0.02, -0.01, 0.015, -0.02, 0.005, -0.005, 0.01, -0.015];
    let f = |x: f64| -(((x - 0.5).abs() - 0.1).max(0.0));
    let mut calls = |xs: &[f64], screen: bool| -> Result<Vec<Eval>, ()> {
        // Independent noise per x (no common random numbers): ties are wide.
        Ok(xs
            .iter()
            .map(|&x| {
                let k = (x * 1000.0) as usize;
                let shifted: Vec<f64> = (0..8).map(|b| noise[(b + k) % 8]).collect();
                eval_of(&f, &shifted, x, screen)
            })
            .collect())
    };
    let found = search(&UNIT, Goal::Maximize, &mut calls).unwrap();
    let Answer::Optimum { interval, .. } = found.answer else { panic!() };
    assert!(interval.1 - interval.0 > 0.05, "{interval:?}");
}
