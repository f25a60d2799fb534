//! The one trial loop. A run simulates one or more variants of a scenario
//! (the same scenario with different parameter values) over the same trials
//! and reps: a plain run is one variant; sweeps, the tornado and coverage
//! plans are several, side by side, so that the per-trial differences between
//! them (paired comparisons on common random numbers) can be recorded.
//!
//! Per trial: draw the uncertain inputs of every variant, refresh each
//! strategy's sampling tables, then simulate the reps (every simulated
//! strategy of every variant for each rep, two reps to a kernel call),
//! accumulate their rep-quarters and close the trial. A strategy whose settings are identical in an earlier
//! variant (say, a sweep of a path only another strategy uses) is simulated
//! once and its rep-quarters copied, which is exact.
//!
//! Work is split into chunks of trials whose size depends only on the
//! scenario; chunks are merged in order, so a variant's statistics equal a
//! separate run of it at the same seed, at any thread count.

mod chunk;
mod log;
mod seat_out;

use std::io::Write;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use super::budget::chunks_in_flight;
use super::chunks::{ChunkPlan, run_chunked};
use super::kernel::{self, Calendar, RepJob, RepKey, TrialParams, TrialTables};
use super::prepare::{FitCache, RepUniforms, Swap, TrialValues, Variant, team_year};
use super::share::{Blocks, Layout, Mode, blocks_within_budget};
use super::year::TeamYear;
use super::{EngineError, RunControl};
use crate::scenario::{Param, Scenario};
use crate::stats::LockstepAccum;
use chunk::Chunk;
pub use log::{SeatOpportunities, TrialOpportunities};
use seat_out::SeatOut;

/// Seats handed to the kernel at once, with all their simulated strategies.
const SEATS_PER_CALL: usize = 2;

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
    /// First week of each planned hire's seat, in seat order.
    openings: Vec<u32>,
    /// Per variant, its annual plan per counted year at the central quota.
    /// Per variant: its planning year's plan at the central quota.
    nominal_year_plans: Vec<f64>,
    /// Per variant, the inputs it takes from a partner trial (Sobol designs).
    swaps: Vec<Option<Swap>>,
    /// Keep every trial's figures (for variance-based sensitivity).
    keep_trial_figures: bool,
    /// Most blocks a call of [`Lockstep::run`] is cut into (see [`super::share`]).
    max_blocks: u64,
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
                sc.strategies.len() == first.strategies.len() && sc.counts == first.counts && sc.hires == first.hires,
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
        let calendar = Calendar {
            warmup_quarters: first.warmup_quarters(),
            quarters: first.quarters(),
            weeks_per_quarter: first.weeks_per_quarter(),
            first_season: first.first_season(),
        };
        let openings = first.planned_openings();
        let nominal_year_plans = variants.iter().map(|v| v.scenario.annual_plan()).collect();
        // About 2,000 rep-simulations per chunk: coarse enough to amortise the
        // chunk's accumulators, fine enough to balance two to many cores.
        let per_trial = u64::from(first.reps()) * first.strategies.len() as u64;
        let chunk_trials = (2_000 / per_trial.max(1)).clamp(1, 64);
        let swaps = vec![None; variants.len()];
        let max_blocks = blocks_within_budget(1, variants.len() * first.strategies.len());
        Lockstep {
            variants,
            calendar,
            chunk_trials,
            alias,
            simulated,
            pairs: pairs.to_vec(),
            openings,
            nominal_year_plans,
            swaps,
            keep_trial_figures: false,
            max_blocks,
        }
    }

    /// Variants of a Sobol design: each with its swapped inputs, every trial's
    /// figures kept. No variant is copied from another (their settings agree,
    /// their draws do not).
    pub fn with_swaps(variants: &[Scenario], swaps: Vec<Option<Swap>>) -> Lockstep {
        assert_eq!(variants.len(), swaps.len(), "one swap (or none) per variant");
        let mut lock = Lockstep::new(variants, &[]);
        lock.alias = lock.alias.iter().map(|a| vec![None; a.len()]).collect();
        lock.simulated = (0..lock.variants()).flat_map(|v| (0..lock.strategies()).map(move |s| (v, s))).collect();
        lock.swaps = swaps;
        lock.keep_trial_figures = true;
        lock
    }

    /// This lockstep is one of `simulations` of a job: its calls are cut
    /// into fewer blocks, so the job's blocks stay within the budget that
    /// bounds a split job's partials. It decides how chunks fold, so it
    /// depends on the job's shape only.
    pub fn share_blocks_among(&mut self, simulations: usize) {
        self.max_blocks = blocks_within_budget(simulations, self.variants() * self.strategies());
    }

    /// A fresh accumulator of this run's shape.
    pub(crate) fn new_accum(&self) -> LockstepAccum {
        let acc = LockstepAccum::new(self.variants(), self.strategies(), self.calendar.quarters as usize, &self.pairs);
        if self.keep_trial_figures { acc.keeping_trial_figures() } else { acc }
    }

    pub fn variants(&self) -> usize {
        self.variants.len()
    }

    pub fn strategies(&self) -> usize {
        self.variants[0].strategies.len()
    }

    pub(crate) fn variant(&self, v: usize) -> &Variant {
        &self.variants[v]
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
    ///
    /// Chunks fold into blocks and blocks into the result, in order. With
    /// `control.share`, a shard simulates only its blocks (and keeps them in
    /// its book) and a merge replays the book's blocks instead of simulating.
    pub fn run(&self, trials: Range<u64>, control: &mut RunControl<'_>) -> Result<LockstepAccum, EngineError> {
        let threads = control.pool.map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
        let max_in_flight = chunks_in_flight(self.variants() * self.strategies(), self.calendar.quarters as usize, threads);
        let plan = ChunkPlan { trials: trials.clone(), chunk_trials: self.chunk_trials, max_in_flight };
        let blocks = Blocks::new(plan.count(), self.max_blocks);
        let Some(share) = control.share else {
            return self.simulate_blocks(&plan, blocks, |_| true, control, |_, _| {});
        };
        let layout = Layout {
            trials: [trials.start, trials.end],
            chunk_trials: self.chunk_trials,
            blocks: blocks.count(),
            variants: self.variants(),
            strategies: self.strategies(),
            whole: share.whole,
        };
        match share.book.mode() {
            Mode::Replay => share.book.replay_next(&layout, self.new_accum()),
            Mode::Shard(spec) => {
                let whole = share.whole;
                let (call, first) = share.book.begin(layout);
                let owned = |b: u64| whole || spec.owns(first + b);
                let mut acc = self.simulate_blocks(&plan, blocks, owned, control, |b, acc| share.book.record(call, b, acc.clone()))?;
                if !whole {
                    // The shard's result is a stand-in that its command reads
                    // without effect (a shard writes only its partial): shaped
                    // like the whole run's, so no reading of it fails.
                    acc.blank_trial_figures((trials.end - trials.start) as usize);
                }
                Ok(acc)
            }
        }
    }

    /// Simulate the chunks of blocks `owned`, folding each block in chunk
    /// order and handing it to `on_block` before it joins the result.
    fn simulate_blocks(
        &self,
        plan: &ChunkPlan,
        blocks: Blocks,
        owned: impl Fn(u64) -> bool + Sync,
        control: &mut RunControl<'_>,
        mut on_block: impl FnMut(u64, &LockstepAccum),
    ) -> Result<LockstepAccum, EngineError> {
        let mut records = if self.variants() == 1 { control.records.take() } else { None };
        let want_records = records.is_some();
        let cancel = control.cancel;
        let mut acc = self.new_accum();
        let mut block: Option<LockstepAccum> = None;
        let result = run_chunked(
            plan,
            control,
            |r| {
                let i = plan.index_of(r.start);
                owned(blocks.of(i)).then(|| (i, self.run_chunk(r, want_records, cancel)))
            },
            |done: Option<(u64, (LockstepAccum, Vec<u8>))>| {
                let Some((i, (chunk, bytes))) = done else { return Ok(()) };
                if let Some(w) = records.as_mut() {
                    w.write_all(&bytes)?;
                }
                if blocks.per_block == 1 {
                    on_block(blocks.of(i), &chunk);
                    acc.merge(&chunk);
                } else {
                    block.get_or_insert_with(|| self.new_accum()).merge(&chunk);
                    if blocks.ends_block(i) {
                        let done = block.take().expect("a block in progress");
                        on_block(blocks.of(i), &done);
                        acc.merge(&done);
                    }
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

    /// One trial of every variant: seat histories, then the seats two at a
    /// time (every simulated strategy of every variant for each), then the close.
    fn run_trial(&self, trial: u64, chunk: &mut Chunk, mut records: Option<&mut Vec<u8>>) {
        let values: Vec<Vec<TrialValues>> =
            self.variants.iter().zip(&self.swaps).map(|(v, sw)| v.trial_values(trial, sw.as_ref())).collect();
        let params: Vec<Vec<TrialParams>> = self
            .variants
            .iter()
            .zip(&values)
            .map(|(v, vs)| v.strategies.iter().zip(vs).map(|(s, x)| s.trial_params(x, self.calendar)).collect())
            .collect();
        chunk.start_trial(self, &values);
        let teams = self.team_years(&values);
        let scenario = self.scenario();
        let (seats, starting, seed) = (u64::from(scenario.seats()), u64::from(scenario.reps()), scenario.seed());
        for first in (0..seats).step_by(SEATS_PER_CALL) {
            let group = first..(first + SEATS_PER_CALL as u64).min(seats);
            for (k, seat) in group.clone().enumerate() {
                let kind = RepUniforms::draw(seed, trial, seat).seat(seat, starting, &self.openings);
                for (history, (team, shared)) in chunk.histories[k].iter_mut().zip(&teams) {
                    if shared.is_none() {
                        team.draw(seed, trial, seat, kind, history);
                    }
                }
            }
            let mut jobs: Vec<RepJob<'_>> = Vec::with_capacity(SEATS_PER_CALL * self.simulated.len());
            for k in 0..group.clone().count() {
                jobs.extend(self.simulated.iter().zip(&chunk.tables).map(|(&(v, s), tables)| {
                    // Team settings cannot differ per strategy: read them from the first.
                    let team = &values[v][0];
                    RepJob {
                        key: RepKey { seed, trial, rep: group.start + k as u64 },
                        params: &params[v][s],
                        history: &chunk.histories[k][teams[v].1.unwrap_or(v)],
                        skill_effect: team[Param::SkillEffect.index()],
                        tables: TrialTables { cycles: &tables.cycles, fit: &tables.fit },
                    }
                }));
            }
            let per_seat = self.simulated.len();
            let (outs, simulated) = (&mut chunk.outs, &self.simulated);
            kernel::simulate_jobs(&jobs, self.calendar, &mut chunk.scratch, |j, scratch| {
                let (v, s) = simulated[j % per_seat];
                outs[j / per_seat][v][s].copy_from(scratch);
            });
            drop(jobs);
            for (k, seat) in group.enumerate() {
                self.copy_aliases(&mut chunk.outs[k]);
                chunk.push_seat(k, self.calendar);
                if let Some(out) = records.as_deref_mut() {
                    seat_out::write_records(out, trial, seat, scenario, &chunk.outs[k][0]);
                }
            }
        }
        chunk.finish_trial(self, &params);
    }

    /// Each variant's team settings of seat histories, and the earlier variant
    /// whose histories it can reuse (the same settings draw the same people).
    fn team_years(&self, values: &[Vec<TrialValues>]) -> Vec<(TeamYear, Option<usize>)> {
        let teams: Vec<TeamYear> =
            self.variants.iter().zip(values).map(|(v, vs)| team_year(&v.strategies[0].set, &vs[0], self.calendar)).collect();
        teams.iter().enumerate().map(|(v, t)| (*t, (0..v).find(|&u| teams[u] == *t))).collect()
    }

    /// Fill in strategies simulated under an earlier variant.
    fn copy_aliases(&self, outs: &mut [Vec<SeatOut>]) {
        for v in 0..outs.len() {
            let (done, rest) = outs.split_at_mut(v);
            for (s, alias) in self.alias[v].iter().enumerate() {
                if let Some(u) = *alias {
                    rest[0][s].clone_from(&done[u][s]);
                }
            }
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
