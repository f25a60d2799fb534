//! The one trial loop. A run simulates one or more variants of a scenario
//! (the same scenario with different parameter values) over the same trials
//! and reps: a plain run is one variant; sweeps, the tornado and coverage
//! plans are several, side by side, so that the per-trial differences between
//! them (paired comparisons on common random numbers) can be recorded.
//!
//! Per trial: draw the uncertain inputs of every variant, refresh each
//! strategy's sampling tables, then simulate the reps in pairs (every
//! simulated strategy of every variant for each rep, so the kernel always has
//! simulations to advance side by side), accumulate their rep-quarters and
//! close the trial. A strategy whose settings are identical in an earlier
//! variant (say, a sweep of a path only another strategy uses) is simulated
//! once and its rep-quarters copied, which is exact.
//!
//! Work is split into chunks of trials whose size depends only on the
//! scenario; chunks are merged in order, so a variant's statistics equal a
//! separate run of it at the same seed, at any thread count.

use std::io::Write;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use super::budget::chunks_in_flight;
use super::chunks::{ChunkPlan, run_chunked};
use super::kernel::{self, Calendar, RepJob, RepKey, Scratch, TrialParams, TrialTables};
use super::prepare::{FitCache, RepUniforms, TrialValues, Variant};
use super::tables::{self, FitMultipliers};
use super::{EngineError, RunControl};
use crate::numeric::discrete::DiscreteTable;
use crate::scenario::{Param, Scenario};
use crate::stats::metrics::{Metric, write_record};
use crate::stats::{LockstepAccum, RepQuarter, TrialSums};

/// Reps handed to the kernel at once, with all their simulated strategies.
const REPS_PER_CALL: usize = 2;

/// Variants prepared for a lockstep run.
pub struct Lockstep {
    variants: Vec<Variant>,
    calendar: Calendar,
    chunk_trials: u64,
    /// `alias[v][s] = Some(u)`: strategy s has identical settings in variant u < v.
    alias: Vec<Vec<Option<usize>>>,
    /// The (variant, strategy) pairs simulated for real, in job order.
    simulated: Vec<(usize, usize)>,
    pairs: Vec<(usize, usize)>,
}

impl Lockstep {
    /// Prepare `variants` (the same scenario with different parameter values;
    /// strategies, reps, calendar and seed must agree) and the pairs (a, b) whose
    /// paired differences b - a are wanted.
    ///
    /// # Panics
    /// If there are no variants, if they differ in structure or if a pair index
    /// is out of range: callers build variants by changing parameters only.
    pub fn new(variants: &[Scenario], pairs: &[(usize, usize)]) -> Lockstep {
        assert!(!variants.is_empty(), "a lockstep run needs at least one variant");
        let first = &variants[0];
        for (v, sc) in variants.iter().enumerate() {
            assert!(
                sc.strategies.len() == first.strategies.len() && sc.counts == first.counts,
                "lockstep variant {v} differs in structure from variant 0"
            );
        }
        for &(a, b) in pairs {
            assert!(a < variants.len() && b < variants.len(), "pair ({a}, {b}) out of range");
        }
        let mut fits = FitCache::default();
        let variants: Vec<Variant> = variants.iter().map(|sc| Variant::new(sc, &mut fits)).collect();
        // The first earlier variant with the same settings is itself simulated
        // (nothing before it matched).
        let alias: Vec<Vec<Option<usize>>> = (0..variants.len())
            .map(|v| {
                (0..variants[v].strategies.len())
                    .map(|s| (0..v).find(|&u| variants[u].strategies[s].set.same_values(&variants[v].strategies[s].set)))
                    .collect()
            })
            .collect();
        let simulated = (0..variants.len())
            .flat_map(|v| (0..variants[v].strategies.len()).map(move |s| (v, s)))
            .filter(|&(v, s)| alias[v][s].is_none())
            .collect();
        let calendar =
            Calendar { warmup_quarters: first.warmup_quarters(), quarters: first.quarters(), weeks_per_quarter: first.weeks_per_quarter() };
        // About 2,000 rep-simulations per chunk: coarse enough to amortise the
        // chunk's accumulators, fine enough to balance two to many cores.
        let per_trial = u64::from(first.reps()) * first.strategies.len() as u64;
        let chunk_trials = (2_000 / per_trial.max(1)).clamp(1, 64);
        Lockstep { variants, calendar, chunk_trials, alias, simulated, pairs: pairs.to_vec() }
    }

    pub fn variants(&self) -> usize {
        self.variants.len()
    }

    pub fn strategies(&self) -> usize {
        self.variants[0].strategies.len()
    }

    /// The first variant's scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.variants[0].scenario
    }

    /// How many (variant, strategy) simulations each rep needs after copying
    /// identical ones: the cost of a trial in strategy-runs.
    pub fn simulated_strategies(&self) -> usize {
        self.simulated.len()
    }

    /// Trials per chunk: it fixes the merge order, so it depends on the scenario only.
    pub fn chunk_trials(&self) -> u64 {
        self.chunk_trials
    }

    /// Simulate trials `trials` (absolute indices, so runs can be extended in
    /// deterministic batches) for every variant. With one variant,
    /// `control.records` receives one CSV row per rep-quarter in trial order
    /// (with several it is left unused). Progress counts trials of this call.
    pub fn run(&self, trials: Range<u64>, control: &mut RunControl<'_>) -> Result<LockstepAccum, EngineError> {
        let threads = control.pool.map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
        let max_in_flight = chunks_in_flight(self.variants() * self.strategies(), threads);
        let mut records = if self.variants() == 1 { control.records.take() } else { None };
        let want_records = records.is_some();
        let cancel = control.cancel;
        let mut acc = LockstepAccum::new(self.variants(), self.strategies(), &self.pairs);
        let result = run_chunked(
            &ChunkPlan { trials, chunk_trials: self.chunk_trials, max_in_flight },
            control,
            |r| self.run_chunk(r, want_records, cancel),
            |(chunk, bytes): (LockstepAccum, Vec<u8>)| {
                acc.merge(&chunk);
                if let Some(w) = records.as_mut() {
                    w.write_all(&bytes)?;
                }
                Ok(())
            },
        );
        if records.is_some() {
            control.records = records;
        }
        result.map(|()| acc)
    }

    /// One chunk of trials, with the `--records` rows of a single variant.
    fn run_chunk(&self, trials: Range<u64>, want_records: bool, cancel: Option<&AtomicBool>) -> (LockstepAccum, Vec<u8>) {
        let mut chunk = Chunk::new(self);
        let mut records = Vec::new();
        for trial in trials {
            if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                break;
            }
            self.run_trial(trial, &mut chunk, want_records.then_some(&mut records));
        }
        chunk.acc.finish_chunk();
        (chunk.acc, records)
    }

    /// One trial of every variant.
    fn run_trial(&self, trial: u64, chunk: &mut Chunk, mut records: Option<&mut Vec<u8>>) {
        let values: Vec<Vec<TrialValues>> = self.variants.iter().map(|v| v.trial_values(trial)).collect();
        let params: Vec<Vec<TrialParams>> = self
            .variants
            .iter()
            .zip(&values)
            .map(|(v, vs)| v.strategies.iter().zip(vs).map(|(s, x)| s.trial_params(x, self.calendar)).collect())
            .collect();
        chunk.start_trial(self, &values);
        let reps = u64::from(self.scenario().reps());
        let seed = self.scenario().seed();
        let mut jobs: Vec<RepJob<'_>> = Vec::with_capacity(REPS_PER_CALL * self.simulated.len());
        for first_rep in (0..reps).step_by(REPS_PER_CALL) {
            let group = first_rep..(first_rep + REPS_PER_CALL as u64).min(reps);
            jobs.clear();
            for rep in group.clone() {
                let uniforms = RepUniforms::draw(seed, trial, rep);
                jobs.extend(self.simulated.iter().zip(&chunk.tables).map(|(&(v, s), tables)| {
                    // Team settings cannot differ per strategy: read them from the first.
                    let team = &values[v][0];
                    RepJob {
                        key: RepKey { seed, trial, rep },
                        params: &params[v][s],
                        rep: uniforms.rep(team[Param::SkillSpread.index()], params[v][0].new_hire_share),
                        skill_effect: team[Param::SkillEffect.index()],
                        tables: TrialTables { cycle: &tables.cycle, fit: &tables.fit },
                    }
                }));
            }
            let per_rep = self.simulated.len();
            let (outs, simulated) = (&mut chunk.outs, &self.simulated);
            kernel::simulate_jobs(&jobs, self.calendar, &mut chunk.scratch, |j, quarters| {
                let (v, s) = simulated[j % per_rep];
                outs[j / per_rep][v][s].copy_from_slice(quarters);
            });
            for (k, rep) in group.enumerate() {
                self.copy_aliases(&mut chunk.outs[k]);
                push_rep(&mut chunk.acc, &mut chunk.sums, &chunk.outs[k]);
                if let Some(out) = records.as_deref_mut() {
                    write_records(out, trial, rep, self.scenario(), &chunk.outs[k][0]);
                }
            }
        }
        chunk.finish_trial(&params, reps);
    }

    /// Fill in strategies simulated under an earlier variant.
    fn copy_aliases(&self, outs: &mut [Vec<Vec<RepQuarter>>]) {
        for v in 0..outs.len() {
            let (done, rest) = outs.split_at_mut(v);
            for (s, alias) in self.alias[v].iter().enumerate() {
                if let Some(u) = *alias {
                    rest[0][s].copy_from_slice(&done[u][s]);
                }
            }
        }
    }
}

/// Sampling tables of one simulated (variant, strategy), refreshed per trial.
struct StrategyTables {
    cycle: DiscreteTable,
    /// The (median, sigma) bits the cycle table was built for.
    cycle_key: Option<(u64, u64)>,
    fit: FitMultipliers,
}

/// A worker's state while it simulates one chunk.
struct Chunk {
    acc: LockstepAccum,
    scratch: [Scratch; kernel::LANES],
    /// By index into `Lockstep::simulated`.
    tables: Vec<StrategyTables>,
    weights: Vec<f64>,
    horizon: u32,
    /// Counted quarters per rep of the call, variant and strategy.
    outs: Vec<Vec<Vec<Vec<RepQuarter>>>>,
    /// Trial sums per variant and strategy.
    sums: Vec<Vec<TrialSums>>,
}

impl Chunk {
    fn new(lock: &Lockstep) -> Chunk {
        let (nv, ns) = (lock.variants(), lock.strategies());
        let quarters = lock.calendar.quarters as usize;
        Chunk {
            acc: LockstepAccum::new(nv, ns, &lock.pairs),
            scratch: Default::default(),
            tables: lock
                .simulated
                .iter()
                .map(|_| StrategyTables { cycle: DiscreteTable::default(), cycle_key: None, fit: FitMultipliers::default() })
                .collect(),
            weights: Vec::new(),
            horizon: lock.calendar.total_weeks(),
            outs: vec![vec![vec![vec![RepQuarter::default(); quarters]; ns]; nv]; REPS_PER_CALL],
            sums: (0..nv).map(|_| (0..ns).map(|_| TrialSums::new(quarters)).collect()).collect(),
        }
    }

    /// Refresh the sampling tables for this trial's values and clear the trial sums.
    fn start_trial(&mut self, lock: &Lockstep, values: &[Vec<TrialValues>]) {
        for (&(v, s), t) in lock.simulated.iter().zip(&mut self.tables) {
            let x = &values[v][s];
            let (m, sg) = (x[Param::CycleWeeksMedian.index()], x[Param::CycleWeeksSigma.index()]);
            let key = (m.to_bits(), sg.to_bits());
            if t.cycle_key != Some(key) {
                tables::cycle_table(m, sg, self.horizon, &mut t.cycle, &mut self.weights);
                t.cycle_key = Some(key);
            }
            t.fit.update(&lock.variants[v].strategies[s].fit, x[Param::FitEffect.index()], x[Param::SizeFitEffect.index()]);
        }
        self.sums.iter_mut().flatten().for_each(TrialSums::reset);
    }

    /// Close the trial: per-trial statistics and paired differences.
    fn finish_trial(&mut self, params: &[Vec<TrialParams>], reps: u64) {
        for ((run, sums), ps) in self.acc.runs.iter_mut().zip(&self.sums).zip(params) {
            for (i, ((strategy, sum), p)) in run.strategies.iter_mut().zip(sums).zip(ps).enumerate() {
                strategy.finish_trial(sum, p.quota * reps as f64, i > 0);
            }
            run.trials += 1;
        }
        for pair in &mut self.acc.pairs {
            for (s, st) in pair.strategies.iter_mut().enumerate() {
                let (a, b) = (&self.sums[pair.a][s], &self.sums[pair.b][s]);
                st.at_quota.push(b.mean(Metric::AtQuota) - a.mean(Metric::AtQuota));
                st.mean.push(b.mean(Metric::Attainment) - a.mean(Metric::Attainment));
            }
        }
        self.acc.trials += 1;
    }
}

/// Accumulate one rep's counted quarters under every variant and strategy;
/// the first strategy of each variant is the base of its paired differences.
fn push_rep(acc: &mut LockstepAccum, sums: &mut [Vec<TrialSums>], outs: &[Vec<Vec<RepQuarter>>]) {
    for ((own, run), sums) in outs.iter().zip(&mut acc.runs).zip(sums) {
        let first = &own[0];
        for (i, ((rqs, strategy), sum)) in own.iter().zip(run.strategies.iter_mut()).zip(sums.iter_mut()).enumerate() {
            for (q, rq) in rqs.iter().enumerate() {
                strategy.push(rq, q, (i > 0).then(|| &first[q]), sum);
            }
        }
    }
}

/// The `--records` rows of one rep: every strategy's counted quarters.
fn write_records(out: &mut Vec<u8>, trial: u64, rep: u64, scenario: &Scenario, outs: &[Vec<RepQuarter>]) {
    for (rqs, strategy) in outs.iter().zip(&scenario.strategies) {
        for (q, rq) in rqs.iter().enumerate() {
            write_record(out, trial, rep, q, &strategy.name, rq);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;
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
