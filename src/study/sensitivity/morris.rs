//! Morris elementary effects: a cheap screen of every numeric setting when
//! nothing is uncertain. Each setting's box is its tornado swing (low to
//! high); a trajectory starts at a random corner of a four-level grid and
//! moves one setting at a time by two thirds of its box, so each step is one
//! setting's elementary effect, measured as a paired difference on common
//! random numbers. Effects are per full swing (low to high), in the metric's
//! units; mu* (mean absolute effect) ranks, sigma flags interactions and
//! curvature.

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::engine::{EngineError, RunControl};
use crate::scenario::{Quantity, Scenario, Unit};
use crate::study::Objective;
use crate::study::runner::{self, Job};
use crate::study::tornado::{Skipped, plans};

/// Trajectories by default.
pub const DEFAULT_TRAJECTORIES: usize = 10;
/// Trials per point by default: paired differences need few.
pub const DEFAULT_TRIALS: u64 = 100;
/// The step, in box units (four levels: 0, 1/3, 2/3, 1).
const STEP: f64 = 2.0 / 3.0;

/// One setting's effects for one strategy.
#[derive(Clone, Debug)]
pub struct Effect {
    pub path: String,
    pub unit: Unit,
    pub low: f64,
    pub high: f64,
    /// Mean absolute elementary effect, its 95% bootstrap interval over trajectories.
    pub mu_star: f64,
    pub mu_star_ci: (f64, f64),
    /// Mean effect (signed) and the spread of effects.
    pub mu: f64,
    pub sigma: f64,
}

#[derive(Clone, Debug)]
pub struct StrategyMorris {
    pub strategy: String,
    pub index: usize,
    /// Sorted by mu*, largest first.
    pub effects: Vec<Effect>,
    pub skipped: Vec<Skipped>,
}

#[derive(Clone, Debug)]
pub struct MorrisResult {
    pub metric: Objective,
    pub swing: f64,
    pub trajectories: usize,
    pub trials: u64,
    pub strategies: Vec<StrategyMorris>,
}

/// Points simulated: a trajectory has one more point than settings.
pub fn morris_points(scenario: &Scenario, swing: f64, trajectories: usize) -> u64 {
    (trajectories * (plans(scenario, swing).0.len() + 1)) as u64
}

pub fn run_morris(
    base: &Scenario,
    metric: Objective,
    swing: f64,
    trajectories: usize,
    trials: u64,
    control: &mut RunControl<'_>,
) -> Result<MorrisResult, EngineError> {
    let (plans, skipped) = plans(base, swing);
    let k = plans.len();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(base.seed() ^ 0x6d6f_7272_6973);
    let mut variants = Vec::new();
    // Per trajectory, the setting moved at each step.
    let mut moved: Vec<Vec<usize>> = Vec::new();
    for _ in 0..trajectories {
        let mut z: Vec<f64> = (0..k).map(|_| if rng.random::<bool>() { 1.0 / 3.0 } else { 0.0 }).collect();
        let mut order: Vec<usize> = (0..k).collect();
        order.shuffle(&mut rng);
        let point = |z: &[f64]| {
            let mut v = base.clone();
            for (p, zi) in plans.iter().zip(z) {
                let x = p.low + zi * (p.high - p.low);
                p.path.set_quantity(&mut v, Quantity::Fixed(x));
            }
            v.overrides.push(format!("morris point ({} settings)", k));
            v
        };
        variants.push(point(&z));
        for &i in &order {
            z[i] += STEP;
            variants.push(point(&z));
        }
        moved.push(order);
    }
    let pairs: Vec<(usize, usize)> = (0..trajectories).flat_map(|t| (0..k).map(move |m| (t * (k + 1) + m, t * (k + 1) + m + 1))).collect();
    let groups = runner::windows(variants.len(), runner::group_limit(base.strategies.len()));
    let job = Job { variants, groups, pairs };
    let out = runner::run(&job, trials, None, control)?;
    // effects[i][s]: per trajectory.
    let mut effects = vec![vec![Vec::with_capacity(trajectories); base.strategies.len()]; k];
    for (t, order) in moved.iter().enumerate() {
        for (m, &i) in order.iter().enumerate() {
            let a = t * (k + 1) + m;
            let pair = out.pair(a, a + 1).expect("every step is paired");
            for &s in &plans[i].strategies {
                effects[i][s].push(metric.paired(&pair.strategies[s]).value / STEP);
            }
        }
    }
    let mut strategies: Vec<StrategyMorris> = base
        .strategies
        .iter()
        .enumerate()
        .map(|(s, st)| StrategyMorris { strategy: st.name.clone(), index: s, effects: Vec::new(), skipped: skipped[s].clone() })
        .collect();
    for (i, p) in plans.iter().enumerate() {
        for &s in &p.strategies {
            strategies[s].effects.push(summarise(&p.path.text, p.unit, p.low, p.high, &effects[i][s], base.seed() ^ i as u64));
        }
    }
    for st in &mut strategies {
        st.effects.sort_by(|a, b| b.mu_star.total_cmp(&a.mu_star).then_with(|| a.path.cmp(&b.path)));
    }
    Ok(MorrisResult { metric, swing, trajectories, trials: out.trials, strategies })
}

fn summarise(path: &str, unit: Unit, low: f64, high: f64, ee: &[f64], seed: u64) -> Effect {
    let n = ee.len().max(1) as f64;
    let mu = ee.iter().sum::<f64>() / n;
    let mu_star = ee.iter().map(|e| e.abs()).sum::<f64>() / n;
    let sigma = if ee.len() > 1 { (ee.iter().map(|e| (e - mu).powi(2)).sum::<f64>() / (n - 1.0)).sqrt() } else { f64::NAN };
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut boot: Vec<f64> = (0..400).map(|_| (0..ee.len()).map(|_| ee[rng.random_range(0..ee.len())].abs()).sum::<f64>() / n).collect();
    boot.sort_by(f64::total_cmp);
    let at = |p: f64| boot[((p * (boot.len() - 1) as f64).round()) as usize];
    Effect { path: path.to_string(), unit, low, high, mu_star, mu_star_ci: (at(0.025), at(0.975)), mu, sigma }
}
