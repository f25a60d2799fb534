//! A worker's state while it simulates one chunk of trials: sampling tables
//! per simulated (variant, strategy), seat histories and outputs of the seats
//! in hand, and the trial sums; and how a seat and a trial are accumulated.

use super::Lockstep;
use super::seat_out::SeatOut;
use crate::engine::kernel::{Calendar, Scratch, TrialParams};
use crate::engine::prepare::{TrialValues, distinct_cycles};
use crate::engine::tables::{self, FitMultipliers};
use crate::engine::year::SeatHistory;
use crate::numeric::alias::AliasTable;
use crate::scenario::{Param, Season, Shape};
use crate::stats::year::TrialPlan;
use crate::stats::{LockstepAccum, TrialSums};

/// Sampling tables of one simulated (variant, strategy), refreshed per trial.
pub(super) struct StrategyTables {
    /// One per distinct seasonal cycle multiplier.
    pub(super) cycles: Vec<AliasTable>,
    /// The (median, sigma, multiplier) bits each cycle table was built for.
    keys: Vec<(u64, u64, u64)>,
    pub(super) fit: FitMultipliers,
}

/// A worker's state while it simulates one chunk.
pub(super) struct Chunk {
    pub(super) acc: LockstepAccum,
    pub(super) scratch: Scratch,
    /// By index into `Lockstep::simulated`.
    pub(super) tables: Vec<StrategyTables>,
    weights: Vec<f64>,
    horizon: u32,
    /// Seat histories per seat of the call and variant.
    pub(super) histories: Vec<Vec<SeatHistory>>,
    /// Outputs per seat of the call, variant and strategy.
    pub(super) outs: Vec<Vec<Vec<SeatOut>>>,
    /// Trial sums per variant and strategy.
    sums: Vec<Vec<TrialSums>>,
}

impl Chunk {
    pub(super) fn new(lock: &Lockstep) -> Chunk {
        let (nv, ns) = (lock.variants(), lock.strategies());
        let quarters = lock.calendar.quarters as usize;
        Chunk {
            acc: lock.new_accum(),
            scratch: Default::default(),
            tables: lock
                .simulated
                .iter()
                .map(|_| StrategyTables { cycles: Vec::new(), keys: Vec::new(), fit: FitMultipliers::default() })
                .collect(),
            weights: Vec::new(),
            horizon: lock.calendar.total_weeks(),
            histories: vec![vec![SeatHistory::default(); nv]; super::SEATS_PER_CALL],
            outs: vec![vec![vec![SeatOut::default(); ns]; nv]; super::SEATS_PER_CALL],
            sums: (0..nv).map(|_| (0..ns).map(|_| TrialSums::new(quarters)).collect()).collect(),
        }
    }

    /// Refresh the sampling tables for this trial's values and clear the trial sums.
    pub(super) fn start_trial(&mut self, lock: &Lockstep, values: &[Vec<TrialValues>]) {
        for (&(v, s), t) in lock.simulated.iter().zip(&mut self.tables) {
            let x = &values[v][s];
            let (m, sg) = (x[Param::CycleWeeksMedian.index()], x[Param::CycleWeeksSigma.index()]);
            let set = &lock.variants[v].strategies[s].set;
            let multipliers = distinct_cycles(&set.season(Season::Cycle));
            t.cycles.resize_with(multipliers.len(), AliasTable::default);
            t.keys.resize(multipliers.len(), (u64::MAX, u64::MAX, u64::MAX));
            for ((table, key), k) in t.cycles.iter_mut().zip(&mut t.keys).zip(multipliers) {
                let want = (m.to_bits(), sg.to_bits(), k.to_bits());
                if *key != want {
                    // A seasonal multiplier k scales the cycle: LogNormal(median x k, sigma).
                    let median = if k == 1.0 { m } else { m * k };
                    match set.shape(Shape::Cycle) {
                        None => tables::cycle_table(median, sg, self.horizon, table, &mut self.weights),
                        Some(q) => tables::cycle_table_shaped(median, q.points(), self.horizon, table, &mut self.weights),
                    }
                    *key = want;
                }
            }
            t.fit.update(&lock.variants[v].strategies[s].fit, x[Param::FitEffect.index()], x[Param::SizeFitEffect.index()]);
        }
        self.sums.iter_mut().flatten().for_each(TrialSums::reset);
    }

    /// Accumulate seat `k` of the call under every variant and strategy: its
    /// rep-quarters (the first strategy of each variant is the base of the
    /// paired differences: the same seat has the same rep-quarters under every
    /// strategy), its seat quarters and its rep-years.
    pub(super) fn push_seat(&mut self, k: usize, cal: Calendar) {
        for ((own, run), sums) in self.outs[k].iter().zip(&mut self.acc.runs).zip(&mut self.sums) {
            let first = &own[0];
            for (i, ((seat, strategy), sum)) in own.iter().zip(run.strategies.iter_mut()).zip(sums.iter_mut()).enumerate() {
                for (j, o) in seat.out.iter().enumerate() {
                    strategy.push(&o.rq, o.quarter as usize, (i > 0).then(|| &first.out[j].rq), sum);
                }
                for (q, s) in seat.seat.iter().enumerate() {
                    sum.add_seat(q, s.open_weeks, s.filled_weeks, s.ramping_weeks, s.vacant_won, &s.list);
                }
                for a in seat.rep_years(cal.weeks_per_quarter) {
                    strategy.push_rep_year(a, sum);
                }
            }
        }
    }

    /// Close the trial: per-trial statistics and paired differences.
    pub(super) fn finish_trial(&mut self, lock: &Lockstep, params: &[Vec<TrialParams>]) {
        let scenario = lock.scenario();
        let planned: Vec<u32> = (0..lock.calendar.quarters).map(|q| scenario.planned_seats(q)).collect();
        // Team settings, the quota among them, are the same in every strategy.
        let quarter_plans: Vec<Vec<f64>> = params.iter().map(|ps| planned.iter().map(|&n| ps[0].quota * f64::from(n)).collect()).collect();
        let plan = |v: usize| TrialPlan {
            quarter_plans: &quarter_plans[v],
            planned_seats: &planned,
            weeks_per_quarter: lock.calendar.weeks_per_quarter,
            nominal_year_plan: lock.nominal_year_plans[v],
        };
        for (v, (run, sums)) in self.acc.runs.iter_mut().zip(&self.sums).enumerate() {
            for (i, (strategy, sum)) in run.strategies.iter_mut().zip(sums).enumerate() {
                strategy.finish_trial(sum, &plan(v), i > 0);
            }
            run.trials += 1;
        }
        if let Some(kept) = &mut self.acc.trial_figures {
            for (v, per_strategy) in kept.iter_mut().enumerate() {
                for (s, figures) in per_strategy.iter_mut().enumerate() {
                    figures.push(self.sums[v][s].figures(&plan(v)));
                }
            }
        }
        for pair in &mut self.acc.pairs {
            let (plan_a, plan_b) = (plan(pair.a), plan(pair.b));
            for (s, st) in pair.strategies.iter_mut().enumerate() {
                st.push_trial(&self.sums[pair.a][s].figures(&plan_a), &self.sums[pair.b][s].figures(&plan_b));
            }
        }
        self.acc.trials += 1;
    }
}
