//! Goal seek: the value of one parameter that brings a metric to a target,
//! or that maximises or minimises it, with a 95% Monte Carlo interval for the
//! answer itself.
//!
//! - [`param`]: what moves (a number, the team's seats, a planned hire);
//! - [`metric`]: what is aimed at (a study metric or a summary number);
//! - [`eval`]: the metric at given values, on common random numbers, in batches;
//! - [`search`]: the screen, the root-finder and the optimiser, apart from simulation.

pub mod eval;
pub mod metric;
pub mod param;
pub mod search;

use crate::engine::{EngineError, RunControl};
use crate::scenario::Scenario;

use eval::{BATCHES, Eval, Evaluator};
pub use metric::SolveMetric;
pub use param::SolveParam;
pub use search::{Answer, Found, Goal, Space};

/// What to solve.
#[derive(Clone, Debug)]
pub struct SolveRequest {
    pub param: SolveParam,
    pub metric: SolveMetric,
    pub goal: Goal,
    /// The interval searched.
    pub space: Space,
    /// Strategies solved, each in turn.
    pub strategies: Vec<usize>,
    /// Trials of every refining evaluation (the scenario's).
    pub trials: u64,
    /// Trials of the screen.
    pub screen_trials: u64,
}

/// The answer for one strategy.
#[derive(Clone, Debug)]
pub struct StrategySolve {
    pub strategy: String,
    pub index: usize,
    pub found: Found,
    /// The metric at the answer on every trial (a root's value is
    /// interpolated between evaluations, so it is evaluated once more).
    pub at_answer: Eval,
    /// The scenario as it is, on the same trials (for what the answer costs).
    pub at_current: Option<Eval>,
}

#[derive(Clone, Debug)]
pub struct SolveResult {
    pub request: SolveRequest,
    /// The scenario's own value of the parameter (its median if uncertain).
    pub current: Option<f64>,
    pub current_uncertain: bool,
    pub currency: String,
    pub strategies: Vec<StrategySolve>,
}

impl SolveResult {
    /// Evaluations made, on every trial and in the screen.
    pub fn evaluations(&self) -> (usize, usize) {
        let all = self.strategies.iter().flat_map(|s| &s.found.evals);
        let full = all.clone().filter(|e| !e.screen).count();
        (full, all.count() - full)
    }
}

/// Trials of the screen: a quarter of the scenario's, at least 25 per batch.
pub fn screen_trials(trials: u64) -> u64 {
    (trials / 4).max(25 * BATCHES).min(trials)
}

/// Simulations a solve makes at most, in runs of the scenario's trials (for
/// the size guard): the screen, the steps, the answer and the current value.
pub fn max_runs(req: &SolveRequest) -> u64 {
    let screen = (search::SCREEN_POINTS as u64 * req.screen_trials).div_ceil(req.trials.max(1));
    (screen + search::MAX_STEPS as u64 + 8) * req.strategies.len() as u64
}

pub fn run_solve(base: &Scenario, req: &SolveRequest, control: &mut RunControl<'_>) -> Result<SolveResult, EngineError> {
    let current = req.param.current(base);
    let strategies_sim = base.strategies.len() as u64;
    // The progress bar's scale: `max_runs` is an upper bound, and a typical
    // solve makes about half of it.
    let total = max_runs(req) * req.trials * strategies_sim / 2;
    let mut strategies = Vec::new();
    let mut done = 0;
    for &s in &req.strategies {
        let mut ev = Evaluator { base, param: &req.param, metric: &req.metric, strategy: s, done, total };
        let found = {
            let mut f = |xs: &[f64], screen: bool| ev.run(xs, if screen { req.screen_trials } else { req.trials }, screen, control);
            search::search(&req.space, req.goal, &mut f)?
        };
        let answer_x = match &found.answer {
            Answer::Root { x, .. } => *x,
            Answer::Unreachable { closest } => found.evals[*closest].x,
            Answer::Optimum { best, .. } => found.evals[*best].x,
        };
        let at_answer = ev.run(&[answer_x], req.trials, false, control)?.remove(0);
        let at_current = match current {
            Some(c) => Some(ev.run_as_is(c, req.trials, control)?),
            None => None,
        };
        done = ev.done;
        strategies.push(StrategySolve { strategy: base.strategies[s].name.clone(), index: s, found, at_answer, at_current });
    }
    Ok(SolveResult {
        request: req.clone(),
        current,
        current_uncertain: req.param.uncertain(base),
        currency: base.currency.clone(),
        strategies,
    })
}

#[cfg(test)]
mod tests;
