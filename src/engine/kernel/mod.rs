//! The kernel: one seat living through the warm-up and counted quarters,
//! week by week, in exactly the order of the model contract ([`week`] holds
//! the week's steps, [`books`] what is booked ahead). Who sits in the seat
//! when comes from its history ([`crate::engine::year`]): the kernel follows
//! it, so ramps, leavers, vacancies and backfills happen inside one loop.
//!
//! Simulations run one at a time: the week loop is bound by the instructions
//! it executes, so two interleaved (as the kernel once did) only added some.

mod books;
mod draws;
mod log;
mod territory;
mod week;

use crate::numeric::isa;
pub use crate::numeric::isa::kernel_build;
pub use books::{CANDIDATE_BYTES, RepQuarterOut, Scratch, SeatQuarter};
pub use log::{Logged, LoggedOpportunity};
use week::{RepRun, Week};

use super::year::SeatHistory;

use std::sync::Arc;

use super::tables::FitMultipliers;
use crate::numeric::alias::AliasTable;
pub use crate::stats::RepQuarter;

/// Concrete parameters of one strategy in one trial (uncertain inputs drawn).
#[derive(Clone, Debug)]
pub struct TrialParams {
    pub quota: f64,
    pub ramp_weeks: f64,
    /// A leaver's open deals are closed lost (else the seat keeps them).
    pub orphans_lost: bool,
    /// Quotas of ramping reps are prorated by their productivity.
    pub prorated_quota: bool,
    /// Values that change with the quarter of the year.
    pub seasons: Seasons,
    pub coverage_target: f64,
    pub maintenance_share: f64,
    pub count_first_meeting: bool,
    pub mandate: bool,
    pub hours_per_first_meeting: f64,
    pub hours_per_second_meeting: f64,
    pub deal_hours_per_week: f64,
    pub second_meeting_odds: f64,
    pub win_odds: f64,
    pub attention_effect: f64,
    pub ln_deal_size_median: f64,
    pub deal_size_sigma: f64,
    /// Each deal's size as a multiple of the median, by its equally spaced
    /// quantiles (`deal_size_shape`); `None`: the lognormal of sigma.
    pub deal_size_shape: Option<Arc<[f64]>>,
    pub deal_size_median: f64,
    pub touches_per_week: f64,
    pub hours_per_touch: f64,
    /// Each seat's finite list of accounts; `None` for an unlimited market.
    pub market: Option<Market>,
}

/// A finite market (`[market]`) for one strategy and trial, in whole weeks and accounts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Market {
    /// Accounts in each seat's list (at least 1).
    pub accounts: u32,
    pub touches_per_account: f64,
    /// An account worked in week w without a first meeting is back in week w + 1 + this.
    pub cooldown_weeks: u32,
    /// Multiplier of the connect odds of touches on accounts worked before.
    pub retouch_response: f64,
    /// An account whose opportunity closed in week w is back in week w + 1 +
    /// this; `None`: never.
    pub rest_weeks: Option<u32>,
}

/// What the quarter of the year changes, per quarter of the year.
#[derive(Clone, Debug, PartialEq)]
pub struct Seasons {
    /// Selling hours per week.
    pub hours: [f64; 4],
    /// Chance a touch connects (odds times the response multiplier).
    pub connect_rate: [f64; 4],
    /// Odds a connect books a first meeting at average skill.
    pub meeting_odds: [f64; 4],
    /// Multiplier of the odds of winning, for closes in the quarter.
    pub win: [f64; 4],
    /// The largest of `win`: a bound on any close's odds.
    pub win_ceiling: f64,
    /// Which cycle table opportunities opened in the quarter draw from.
    pub cycle: [usize; 4],
}

/// Per strategy and trial: tables shared by all reps of the trial.
#[derive(Clone, Copy)]
pub struct TrialTables<'a> {
    /// One per distinct seasonal cycle multiplier (see [`Seasons::cycle`]).
    pub cycles: &'a [AliasTable],
    pub fit: &'a FitMultipliers,
}

/// Shape of the simulated time.
#[derive(Clone, Copy, Debug)]
pub struct Calendar {
    pub warmup_quarters: u32,
    pub quarters: u32,
    pub weeks_per_quarter: u32,
    /// Quarter of the year (0-3) of the first counted quarter.
    pub first_season: u32,
}

impl Calendar {
    pub fn total_weeks(&self) -> u32 {
        (self.warmup_quarters + self.quarters) * self.weeks_per_quarter
    }

    /// The first counted week: where the planning year starts.
    pub fn year_start(&self) -> u32 {
        self.warmup_quarters * self.weeks_per_quarter
    }

    /// Quarter of the year (0-3) of simulated quarter `q` (warm-up included).
    pub fn season(&self, q: u32) -> usize {
        ((i64::from(self.first_season) + i64::from(q) - i64::from(self.warmup_quarters)).rem_euclid(4)) as usize
    }
}

/// One seat under one strategy: what the kernel needs besides scratch space.
#[derive(Clone, Copy)]
pub struct RepJob<'a> {
    pub key: RepKey,
    pub params: &'a TrialParams,
    /// Who sits in the seat when (the same for every strategy).
    pub history: &'a SeatHistory,
    pub skill_effect: f64,
    pub tables: TrialTables<'a>,
}

impl RepJob<'_> {
    /// Whether the seat needs the week loop with the rare mechanics compiled
    /// in: a finite market or a per-deal size shape.
    pub fn is_rare(&self) -> bool {
        self.params.market.is_some() || self.params.deal_size_shape.is_some()
    }

    /// One fully ramped rep holds the seat from the first week to the last:
    /// no arrivals, leavers, vacancies or ramps to check, week after week.
    pub fn is_steady(&self) -> bool {
        match self.history.tenures.as_slice() {
            [t] => t.from == 0 && !t.leaves && (t.hired.is_none() || self.params.ramp_weeks <= 0.0),
            _ => false,
        }
    }
}

/// Which seat a simulation is: keys its random streams. The same for every
/// strategy and sweep point (common random numbers).
#[derive(Clone, Copy, Debug)]
pub struct RepKey {
    pub seed: u64,
    pub trial: u64,
    pub rep: u64,
}

/// Simulate one seat under one strategy, writing its counted quarters to the
/// scratch's `out`.
#[inline(always)]
pub fn simulate_rep(job: RepJob<'_>, cal: Calendar, scratch: &mut Scratch) {
    if job.is_rare() {
        return simulate_rare(job, cal, scratch);
    }
    if job.is_steady() {
        advance::<true, false, false>(job, cal, scratch);
    } else {
        advance::<false, false, false>(job, cal, scratch);
    }
}

/// Simulate one seat as [`simulate_rep`] does (the same rep-quarters in
/// `scratch.out`), recording every opportunity it opens and how it ends.
pub fn simulate_logged(job: RepJob<'_>, cal: Calendar, scratch: &mut Scratch) -> Logged {
    scratch.log.clear();
    if job.is_rare() {
        advance::<false, true, true>(job, cal, scratch);
    } else {
        advance::<false, false, true>(job, cal, scratch);
    }
    std::mem::take(&mut scratch.log)
}

/// [`simulate_rep`] for a seat with a finite list or a per-deal size shape:
/// a function of its own, so the common loops above stay as compact as
/// without them.
#[inline(never)]
fn simulate_rare(job: RepJob<'_>, cal: Calendar, scratch: &mut Scratch) {
    if job.is_steady() {
        advance::<true, true, false>(job, cal, scratch);
    } else {
        advance::<false, true, false>(job, cal, scratch);
    }
}

/// The week loop of [`simulate_rep`], compiled for steady seats or any
/// seat, with or without the rare mechanics (a finite market, a per-deal
/// size shape), and once more for a logged seat.
#[inline(always)]
fn advance<const STEADY: bool, const RARE: bool, const LOG: bool>(job: RepJob<'_>, cal: Calendar, scratch: &mut Scratch) {
    let mut run = RepRun::start(&job, cal, scratch);
    // The calendar by quarter, then week: what is constant over a quarter
    // is worked out once per quarter, not once per week.
    let mut index = 0;
    for quarter in 0..cal.warmup_quarters + cal.quarters {
        let (counted, season) = (quarter >= cal.warmup_quarters, cal.season(quarter));
        for week_in_quarter in 0..cal.weeks_per_quarter {
            let week = Week {
                index,
                quarter_start: week_in_quarter == 0,
                quarter_end: week_in_quarter + 1 == cal.weeks_per_quarter,
                counted,
                quarter,
                season,
            };
            run.week::<STEADY, RARE, LOG>(week, &job, cal, scratch);
            index += 1;
        }
    }
    for o in scratch.out.iter_mut() {
        finish(o, job.params, cal.weeks_per_quarter);
    }
}

/// Close a rep-quarter: its quota (prorated by weeks present, and by
/// productivity when the scenario says so) and the figures derived from it.
fn finish(o: &mut RepQuarterOut, p: &TrialParams, weeks_per_quarter: u32) {
    let weeks = f64::from(o.weeks);
    let mut quota = p.quota;
    if o.weeks != weeks_per_quarter {
        quota *= weeks / f64::from(weeks_per_quarter);
    }
    if p.prorated_quota {
        quota *= o.productivity / weeks;
    }
    o.rq.finish(quota, weeks);
}

/// Simulate every job in turn; `result(i, scratch)` receives job `i`'s
/// rep-quarters and seat quarters. The widest build of the kernel this CPU
/// can run is used, with the same results (see [`isa`]).
pub fn simulate_jobs(jobs: &[RepJob<'_>], cal: Calendar, scratch: &mut Scratch, result: impl FnMut(usize, &Scratch)) {
    #[cfg(target_arch = "x86_64")]
    match isa::build() {
        // SAFETY: `isa::build` found every feature `simulate_jobs_v4` is compiled for on this CPU.
        isa::Build::V4 => return unsafe { simulate_jobs_v4(jobs, cal, scratch, result) },
        // SAFETY: as above, for `simulate_jobs_v3`.
        isa::Build::V3 => return unsafe { simulate_jobs_v3(jobs, cal, scratch, result) },
        isa::Build::Portable => {}
    }
    simulate_jobs_here(jobs, cal, scratch, result);
}

/// [`simulate_jobs_here`] compiled for x86-64-v3.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx,avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
unsafe fn simulate_jobs_v3(jobs: &[RepJob<'_>], cal: Calendar, scratch: &mut Scratch, result: impl FnMut(usize, &Scratch)) {
    simulate_jobs_here(jobs, cal, scratch, result);
}

/// [`simulate_jobs_here`] compiled for x86-64-v4 (AVX-512).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx,avx2,fma,bmi1,bmi2,lzcnt,popcnt,avx512f,avx512bw,avx512cd,avx512dq,avx512vl")]
unsafe fn simulate_jobs_v4(jobs: &[RepJob<'_>], cal: Calendar, scratch: &mut Scratch, result: impl FnMut(usize, &Scratch)) {
    simulate_jobs_here(jobs, cal, scratch, result);
}

#[inline(always)]
fn simulate_jobs_here(jobs: &[RepJob<'_>], cal: Calendar, scratch: &mut Scratch, mut result: impl FnMut(usize, &Scratch)) {
    for (i, job) in jobs.iter().enumerate() {
        simulate_rep(*job, cal, scratch);
        result(i, scratch);
    }
}
