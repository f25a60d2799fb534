//! Several variants of one scenario simulated in lockstep over the same trials.
//!
//! Sweeps, the tornado and coverage plans compare variants that differ in a
//! setting or two. Streams are keyed by (seed, trial, rep, purpose), so every
//! variant already sees the same reps and draws (common random numbers); what a
//! single run's accumulator cannot hold is the per-trial pairing *between*
//! variants. Running the variants side by side records it: for chosen pairs of
//! variants, the per-trial differences of share at quota and mean attainment
//! (trials are independent, so their spread gives a valid paired interval) and,
//! for the median, which is not a per-trial average, per-chunk differences
//! (batch means).
//!
//! A strategy whose settings are identical in two variants (say, a sweep of a
//! path that only another strategy uses) is simulated once per (trial, rep) and
//! its rep-quarters copied, which is exact.
//!
//! Each variant's [`RunAccum`] is exactly what [`Engine::run`] returns for that
//! variant alone: same chunk boundaries, same push and merge order (tested), so a
//! sweep point equals `quotasim run --set PATH=VALUE` at the same seed.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use super::kernel::{self, RepDraw, RepJob, RepKey, Scratch, TrialParams, TrialTables};
use super::rng::{Purpose, Stream};
use super::sampling::{self, DiscreteTable, FitMultipliers, FitTable};
use super::{ChunkPlan, Engine, EngineError, RunControl, StrategyStatic, run_chunked};
use crate::scenario::{Fit, PARAM_COUNT, Param, ParamSet, Scenario};
use crate::stats::record::Metric as RecordMetric;
use crate::stats::{Moments, RepQuarter, RunAccum, TrialSums};

/// Memory allowed for the accumulators of chunks in flight. A strategy
/// accumulator holds a fine histogram (~121 KB); chunks in flight hold one per
/// variant and strategy, so wide groups run fewer chunks at once.
const IN_FLIGHT_BUDGET: usize = 256 << 20;
const ACCUM_BYTES: usize = 124 << 10;
/// Upper bound on chunks in flight, as in [`Engine::run`].
const MAX_IN_FLIGHT: usize = 32;

/// A cycle-length table and the (median, sigma) bits it was built for.
type CycleSlot = (DiscreteTable, Option<(u64, u64)>);

/// Paired differences (variant b minus variant a) for one strategy.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PairStats {
    /// Per-trial share of rep-quarters at quota.
    pub at_quota: Moments,
    /// Per-trial mean attainment.
    pub mean: Moments,
    /// Per-chunk median attainment (batch means; chunks of equal size except at
    /// the ends of a trial range).
    pub p50: Moments,
}

impl PairStats {
    fn merge(&mut self, o: &PairStats) {
        self.at_quota.merge(&o.at_quota);
        self.mean.merge(&o.mean);
        self.p50.merge(&o.p50);
    }
}

/// Paired differences of variant `b` against variant `a`, per strategy.
#[derive(Clone, Debug, PartialEq)]
pub struct PairAccum {
    pub a: usize,
    pub b: usize,
    pub strategies: Vec<PairStats>,
}

/// The statistics of a lockstep run: one [`RunAccum`] per variant, plus the
/// requested pairs.
#[derive(Clone, Debug, PartialEq)]
pub struct LockstepAccum {
    pub trials: u64,
    pub runs: Vec<RunAccum>,
    pub pairs: Vec<PairAccum>,
}

impl LockstepAccum {
    pub fn new(variants: usize, strategies: usize, pairs: &[(usize, usize)]) -> LockstepAccum {
        LockstepAccum {
            trials: 0,
            runs: (0..variants).map(|_| RunAccum::new(strategies)).collect(),
            pairs: pairs.iter().map(|&(a, b)| PairAccum { a, b, strategies: vec![PairStats::default(); strategies] }).collect(),
        }
    }

    /// Add later trials; merging in trial order reproduces one longer run.
    pub fn merge(&mut self, o: &LockstepAccum) {
        self.trials += o.trials;
        for (a, b) in self.runs.iter_mut().zip(&o.runs) {
            a.merge(b);
        }
        for (a, b) in self.pairs.iter_mut().zip(&o.pairs) {
            for (x, y) in a.strategies.iter_mut().zip(&b.strategies) {
                x.merge(y);
            }
        }
    }

    /// The paired statistics of (a, b), if that pair was requested.
    pub fn pair(&self, a: usize, b: usize) -> Option<&PairAccum> {
        self.pairs.iter().find(|p| p.a == a && p.b == b)
    }
}

/// Variants prepared for a lockstep run.
pub struct Lockstep {
    engines: Vec<Engine>,
    /// `alias[v][s] = Some(u)`: strategy s has identical settings in variant u < v.
    alias: Vec<Vec<Option<usize>>>,
    pairs: Vec<(usize, usize)>,
}

/// Whether two resolved parameter sets simulate identically (origins aside).
fn same_settings(a: &ParamSet, b: &ParamSet) -> bool {
    a.values.iter().zip(&b.values).all(|(x, y)| x.value == y.value)
        && a.count_pipeline_at.value == b.count_pipeline_at.value
        && a.prospecting_priority.value == b.prospecting_priority.value
        && a.fit.value == b.fit.value
}

impl Lockstep {
    /// Prepare `variants` (the same scenario with different parameter values;
    /// strategies, reps, calendar and seed must agree) and the pairs (a, b) whose
    /// paired differences b - a are wanted.
    ///
    /// # Panics
    /// If the variants differ in structure or a pair index is out of range:
    /// callers build variants by changing parameters only.
    pub fn new(variants: &[Scenario], pairs: &[(usize, usize)]) -> Lockstep {
        assert!(!variants.is_empty(), "a lockstep run needs at least one variant");
        let first = Engine::new(&variants[0]);
        // Fit quantile tables cost thousands of Beta inversions; variants share them.
        let mut fit_tables: Vec<(Fit, FitTable)> = first.strategies.iter().map(|s| (s.set.fit.value, s.fit.clone())).collect();
        let mut engines = Vec::with_capacity(variants.len());
        for (v, sc) in variants.iter().enumerate() {
            assert!(
                sc.strategies.len() == variants[0].strategies.len()
                    && sc.reps == variants[0].reps
                    && sc.simulation == variants[0].simulation,
                "lockstep variant {v} differs in structure from variant 0"
            );
            if v == 0 {
                continue;
            }
            let strategies = (0..sc.strategies.len())
                .map(|i| {
                    let set = sc.resolved(i);
                    let fit = match fit_tables.iter().find(|(f, _)| *f == set.fit.value) {
                        Some((_, t)) => t.clone(),
                        None => {
                            let t = match set.fit.value {
                                Fit::Beta { a, b } => FitTable::beta(a, b),
                                Fit::Fixed(f) => FitTable::fixed(f),
                            };
                            fit_tables.push((set.fit.value, t.clone()));
                            t
                        }
                    };
                    StrategyStatic { set, fit }
                })
                .collect();
            engines.push(Engine { scenario: sc.clone(), strategies, calendar: first.calendar, chunk_trials: first.chunk_trials });
        }
        engines.insert(0, first);
        // The first earlier variant with the same settings is itself simulated
        // (nothing before it matched), and runs first within each rep.
        let alias = (0..engines.len())
            .map(|v| {
                (0..engines[v].strategies.len())
                    .map(|s| (0..v).find(|&u| same_settings(&engines[u].strategies[s].set, &engines[v].strategies[s].set)))
                    .collect()
            })
            .collect();
        for &(a, b) in pairs {
            assert!(a < variants.len() && b < variants.len(), "pair ({a}, {b}) out of range");
        }
        Lockstep { engines, alias, pairs: pairs.to_vec() }
    }

    pub fn variants(&self) -> usize {
        self.engines.len()
    }

    pub fn strategies(&self) -> usize {
        self.engines[0].strategies.len()
    }

    /// How many (variant, strategy) simulations each rep needs after copying
    /// identical ones: the cost of a trial in strategy-runs.
    pub fn simulated_strategies(&self) -> usize {
        self.alias.iter().flatten().filter(|a| a.is_none()).count()
    }

    /// Trials per chunk (the engine's, so merge order matches [`Engine::run`]).
    pub fn chunk_trials(&self) -> u64 {
        self.engines[0].chunk_trials
    }

    /// Simulate trials `trials` (absolute indices) for every variant.
    /// `control.records` is ignored; progress counts trials of this call.
    pub fn run(&self, trials: Range<u64>, control: &mut RunControl<'_>) -> Result<LockstepAccum, EngineError> {
        // Wide groups hold one accumulator per variant and strategy per chunk:
        // run fewer chunks at once so they fit the memory budget.
        let per_chunk = (self.variants() * self.strategies()).max(1) * ACCUM_BYTES;
        let threads = control.pool.map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
        let max_in_flight = (IN_FLIGHT_BUDGET / per_chunk).clamp(1, MAX_IN_FLIGHT).max(threads.min(MAX_IN_FLIGHT));
        let mut acc = LockstepAccum::new(self.variants(), self.strategies(), &self.pairs);
        let cancel = control.cancel;
        run_chunked(
            &ChunkPlan { trials, chunk_trials: self.chunk_trials(), max_in_flight },
            control,
            |r| self.run_chunk(r, cancel),
            |r: LockstepAccum| {
                acc.merge(&r);
                Ok(())
            },
        )?;
        Ok(acc)
    }

    /// One chunk: the same loop as the engine's, with variants side by side
    /// inside each rep. Keep it in step with `Engine::run_chunk` (a test
    /// compares the two).
    fn run_chunk(&self, trials: Range<u64>, cancel: Option<&AtomicBool>) -> LockstepAccum {
        let nv = self.variants();
        let ns = self.strategies();
        let e0 = &self.engines[0];
        let quarters = e0.calendar.quarters as usize;
        let horizon = e0.calendar.total_weeks();
        let seed = e0.scenario.simulation.seed;
        let reps = u64::from(e0.scenario.reps);
        let mut acc = LockstepAccum::new(nv, ns, &self.pairs);
        let mut scratch: [Scratch; kernel::LANES] = Default::default();
        let mut cycles: Vec<Vec<CycleSlot>> = (0..nv).map(|_| (0..ns).map(|_| (DiscreteTable::default(), None)).collect()).collect();
        let mut fits: Vec<Vec<FitMultipliers>> = (0..nv).map(|_| (0..ns).map(|_| FitMultipliers::default()).collect()).collect();
        let mut weights = Vec::new();
        let mut outs: Vec<Vec<Vec<RepQuarter>>> = vec![vec![vec![RepQuarter::default(); quarters]; ns]; nv];
        let mut sums: Vec<Vec<TrialSums>> = (0..nv).map(|_| (0..ns).map(|_| TrialSums::new(quarters)).collect()).collect();

        for trial in trials {
            if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                break;
            }
            let values: Vec<Vec<[f64; PARAM_COUNT]>> = self.engines.iter().map(|e| e.trial_values(trial)).collect();
            let params: Vec<Vec<TrialParams>> = self
                .engines
                .iter()
                .zip(&values)
                .map(|(e, vs)| e.strategies.iter().zip(vs).map(|(s, v)| e.trial_params(s, v)).collect())
                .collect();
            for v in 0..nv {
                for s in 0..ns {
                    sums[v][s].reset();
                    if self.alias[v][s].is_some() {
                        continue;
                    }
                    let x = &values[v][s];
                    let (m, sg) = (x[Param::CycleWeeksMedian.index()], x[Param::CycleWeeksSigma.index()]);
                    let key = (m.to_bits(), sg.to_bits());
                    if cycles[v][s].1 != Some(key) {
                        sampling::cycle_table(m, sg, horizon, &mut cycles[v][s].0, &mut weights);
                        cycles[v][s].1 = Some(key);
                    }
                    fits[v][s].update(&self.engines[v].strategies[s].fit, x[Param::FitEffect.index()], x[Param::SizeFitEffect.index()]);
                }
            }
            // Every (variant, strategy) simulated for real, with its job.
            let mut which: Vec<(usize, usize)> = Vec::new();
            let mut jobs: Vec<RepJob<'_>> = Vec::new();
            for v in 0..nv {
                // Team settings cannot differ per strategy: read them from the first.
                let skill_effect = values[v][0][Param::SkillEffect.index()];
                for s in 0..ns {
                    if self.alias[v][s].is_none() {
                        which.push((v, s));
                        jobs.push(RepJob {
                            key: RepKey { seed, trial, rep: 0 },
                            params: &params[v][s],
                            rep: RepDraw { ln_skill: 0.0, new_hire: false },
                            skill_effect,
                            tables: TrialTables { cycle: &cycles[v][s].0, fit: &fits[v][s] },
                        });
                    }
                }
            }
            for rep in 0..reps {
                let mut rs = Stream::new(seed, trial, rep, Purpose::Rep);
                let z = rs.normal();
                let hire_u = rs.uniform();
                for (job, &(v, _)) in jobs.iter_mut().zip(&which) {
                    let spread = values[v][0][Param::SkillSpread.index()];
                    job.key.rep = rep;
                    job.rep = RepDraw { ln_skill: spread * z - 0.5 * spread * spread, new_hire: hire_u < params[v][0].new_hire_share };
                }
                kernel::simulate_jobs(&jobs, e0.calendar, &mut scratch, |j, quarters| {
                    let (v, s) = which[j];
                    outs[v][s].copy_from_slice(quarters);
                });
                for (v, variant_sums) in sums.iter_mut().enumerate() {
                    let (done, rest) = outs.split_at_mut(v);
                    let own = &mut rest[0];
                    for s in 0..ns {
                        if let Some(u) = self.alias[v][s] {
                            own[s].copy_from_slice(&done[u][s]);
                        }
                    }
                    let (first, _) = own.split_at(1);
                    let run = &mut acc.runs[v];
                    for (i, ((rqs, strategy), sum)) in own.iter().zip(run.strategies.iter_mut()).zip(variant_sums.iter_mut()).enumerate() {
                        for (q, rq) in rqs.iter().enumerate() {
                            let base = if i == 0 { None } else { Some(&first[0][q]) };
                            strategy.push(rq, q, base, sum);
                        }
                    }
                }
            }
            for v in 0..nv {
                let run = &mut acc.runs[v];
                for (i, ((strategy, sum), p)) in run.strategies.iter_mut().zip(&sums[v]).zip(&params[v]).enumerate() {
                    strategy.finish_trial(sum, p.quota * reps as f64, i > 0);
                }
                run.trials += 1;
            }
            let trial_mean = |t: &TrialSums, m: RecordMetric| if t.n > 0 { t.metrics[m as usize] / t.n as f64 } else { 0.0 };
            for pair in &mut acc.pairs {
                for (s, st) in pair.strategies.iter_mut().enumerate() {
                    let (a, b) = (&sums[pair.a][s], &sums[pair.b][s]);
                    st.at_quota.push(trial_mean(b, RecordMetric::AtQuota) - trial_mean(a, RecordMetric::AtQuota));
                    st.mean.push(trial_mean(b, RecordMetric::Attainment) - trial_mean(a, RecordMetric::Attainment));
                }
            }
            acc.trials += 1;
        }
        if acc.trials > 0 {
            let LockstepAccum { runs, pairs, .. } = &mut acc;
            for pair in pairs.iter_mut() {
                for (s, st) in pair.strategies.iter_mut().enumerate() {
                    let median = |v: usize| runs[v].strategies[s].histogram.quantile(0.5);
                    st.p50.push(median(pair.b) - median(pair.a));
                }
            }
        }
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::apply_override;

    fn small(sets: &[(&str, &str)]) -> Scenario {
        let mut s = Scenario::builtin();
        for (p, v) in [("team.reps", "6"), ("simulation.quarters", "2")].iter().chain(sets) {
            apply_override(&mut s, p, v).unwrap();
        }
        s
    }

    #[test]
    fn each_variant_equals_its_own_run() {
        // Uncertain inputs, ramping new hires and a strategy-only change (copied
        // strategy) all go through the lockstep path.
        let base = small(&[("selling.win_rate", "{ uniform = [0.2, 0.35] }"), ("team.new_hire_share", "0.3")]);
        let mut v1 = base.clone();
        apply_override(&mut v1, "strategy.targeted.touches_per_week", "60").unwrap();
        let mut v2 = base.clone();
        apply_override(&mut v2, "team.skill_spread", "0.6").unwrap();
        let variants = vec![base, v1, v2];
        let lock = Lockstep::new(&variants, &[(0, 1), (0, 2)]);
        assert_eq!(lock.simulated_strategies(), 2 + 1 + 2);
        let pool = super::super::thread_pool(Some(2)).unwrap();
        let mut control = RunControl { pool: Some(&pool), ..Default::default() };
        let acc = lock.run(3..40, &mut control).unwrap();
        for (v, sc) in variants.iter().enumerate() {
            let alone = Engine::new(sc).run(3..40, &mut RunControl { pool: Some(&pool), ..Default::default() }).unwrap();
            assert_eq!(acc.runs[v], alone, "variant {v}");
        }
        // Spray-and-pray is copied in variant 1: its paired differences are exactly zero.
        let p = acc.pair(0, 1).unwrap();
        assert_eq!(p.strategies[0].at_quota.mean, 0.0);
        assert_eq!(p.strategies[0].mean.m2, 0.0);
        assert!(p.strategies[1].mean.mean != 0.0);
    }

    #[test]
    fn batches_merge_like_one_run() {
        let base = small(&[]);
        let mut v1 = base.clone();
        apply_override(&mut v1, "policy.coverage_target", "5").unwrap();
        let lock = Lockstep::new(&[base, v1], &[(0, 1)]);
        let pool = super::super::thread_pool(Some(2)).unwrap();
        let mut c = RunControl { pool: Some(&pool), ..Default::default() };
        let whole = lock.run(0..60, &mut c).unwrap();
        let mut parts = lock.run(0..30, &mut c).unwrap();
        parts.merge(&lock.run(30..60, &mut c).unwrap());
        assert_eq!(whole.runs[1].strategies[1].at_quota, parts.runs[1].strategies[1].at_quota);
        assert_eq!(whole.pairs[0].strategies[1].at_quota.n, 60);
    }
}
