//! The simulation engine: per-trial parameter draws, the parallel runner and
//! deterministic aggregation.
//!
//! Work is split into fixed chunks of trials (their size depends only on the
//! scenario, never on the thread count); chunks run in parallel, each with its
//! own random streams keyed by (seed, trial, rep, purpose), and their
//! accumulators are merged in chunk order. So results are byte-identical at any
//! `--threads`, and memory stays flat however many trials are asked for.

pub mod kernel;
pub mod math;
pub mod paired;
pub mod rng;
mod runner;
pub mod sampling;

use std::io::Write;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::scenario::{Fit, PARAM_COUNT, PARAMS, Param, ParamSet, PipelineCount, Priority, Scenario};
use crate::stats::{RepQuarter, RunAccum, TrialSums};
use kernel::{Calendar, RepDraw, RepJob, RepKey, Scratch, TrialParams, TrialTables};
use rng::{Purpose, Stream};
pub(crate) use runner::{ChunkPlan, run_chunked};
use sampling::{DiscreteTable, FitMultipliers, FitTable};

/// Why a run stopped without a result.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("interrupted")]
    Interrupted,
    #[error("cannot write records: {0}")]
    Records(#[from] std::io::Error),
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}

/// Fixed per-strategy data for a whole run.
pub(crate) struct StrategyStatic {
    pub(crate) set: ParamSet,
    pub(crate) fit: FitTable,
}

/// A scenario prepared for simulation.
pub struct Engine {
    pub(crate) scenario: Scenario,
    pub(crate) strategies: Vec<StrategyStatic>,
    pub(crate) calendar: Calendar,
    pub(crate) chunk_trials: u64,
}

/// How a run is carried out (none of it changes the results).
#[derive(Default)]
pub struct RunControl<'a> {
    pub pool: Option<&'a rayon::ThreadPool>,
    pub cancel: Option<&'a AtomicBool>,
    /// Called after each batch with (trials done, trials total).
    pub progress: Option<&'a (dyn Fn(u64, u64) + Sync)>,
    /// When set, one CSV row per rep-quarter is streamed here in trial order.
    pub records: Option<&'a mut dyn Write>,
}

/// Build a thread pool with `threads` workers (None = one per core).
pub fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, EngineError> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        b = b.num_threads(t);
    }
    b.build().map_err(|e| EngineError::Threads(e.to_string()))
}

/// Header of the `--records` CSV.
pub const RECORDS_HEADER: &str = "trial,rep,quarter,strategy,attainment,won_value,touches,connects,first_meetings,qualified,won,lost,phantoms_closed,prospecting_hours,meeting_hours,deal_hours,attention,coverage_first_meeting,coverage_second_meeting\n";

/// Reps handed to the kernel at once.
const REPS_PER_CALL: usize = 2;

/// Most chunks in flight at once; bounds memory, not results.
const BATCH_CHUNKS: usize = 32;

impl Engine {
    pub fn new(scenario: &Scenario) -> Engine {
        let strategies = (0..scenario.strategies.len())
            .map(|i| {
                let set = scenario.resolved(i);
                let fit = match set.fit.value {
                    Fit::Beta { a, b } => FitTable::beta(a, b),
                    Fit::Fixed(f) => FitTable::fixed(f),
                };
                StrategyStatic { set, fit }
            })
            .collect();
        let sim = &scenario.simulation;
        let calendar = Calendar { warmup_quarters: sim.warmup_quarters, quarters: sim.quarters, weeks_per_quarter: sim.weeks_per_quarter };
        // About 2,000 rep-simulations per chunk: coarse enough to amortise the
        // chunk's accumulators, fine enough to balance two to many cores.
        let per_trial = u64::from(scenario.reps) * scenario.strategies.len() as u64;
        let chunk_trials = (2_000 / per_trial.max(1)).clamp(1, 64);
        Engine { scenario: scenario.clone(), strategies, calendar, chunk_trials }
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Simulate trials `trials` (absolute indices, so runs can be extended in
    /// deterministic batches) and return their statistics.
    pub fn run(&self, trials: Range<u64>, control: &mut RunControl<'_>) -> Result<RunAccum, EngineError> {
        let want_records = control.records.is_some();
        let cancel = control.cancel;
        let mut acc = RunAccum::new(self.strategies.len());
        let mut records = control.records.take();
        let result = run_chunked(
            &ChunkPlan { trials, chunk_trials: self.chunk_trials, max_in_flight: BATCH_CHUNKS },
            control,
            |r| self.run_chunk(r, want_records, cancel),
            |(chunk_acc, bytes): (RunAccum, Vec<u8>)| {
                acc.merge(&chunk_acc);
                if let Some(w) = records.as_mut() {
                    w.write_all(&bytes)?;
                }
                Ok(())
            },
        );
        control.records = records;
        result.map(|()| acc)
    }

    /// Concrete parameters of every strategy for one trial. One uniform per
    /// (trial, parameter) drives every strategy's draw of that parameter.
    pub fn trial_values(&self, trial: u64) -> Vec<[f64; PARAM_COUNT]> {
        let mut u = [0.0; PARAM_COUNT];
        let mut stream = Stream::new(self.scenario.simulation.seed, trial, 0, Purpose::Uncertain);
        for x in u.iter_mut() {
            *x = stream.open01();
        }
        self.strategies
            .iter()
            .map(|s| {
                let mut v = [0.0; PARAM_COUNT];
                for (i, d) in PARAMS.iter().enumerate() {
                    v[i] = s.set.values[i].value.value(u[i], &d.range);
                }
                v
            })
            .collect()
    }

    pub(crate) fn trial_params(&self, s: &StrategyStatic, v: &[f64; PARAM_COUNT]) -> TrialParams {
        let g = |p: Param| v[p.index()];
        let odds = |p: f64| p / (1.0 - p);
        TrialParams {
            quota: g(Param::Quota),
            hours_per_week: g(Param::HoursPerWeek),
            new_hire_share: g(Param::NewHireShare),
            ramp_weeks: g(Param::RampQuarters) * f64::from(self.calendar.weeks_per_quarter),
            coverage_target: g(Param::CoverageTarget),
            maintenance_share: g(Param::MaintenanceShare),
            count_first_meeting: s.set.count_pipeline_at.value == PipelineCount::FirstMeeting,
            mandate: s.set.prospecting_priority.value == Priority::Mandate,
            hours_per_first_meeting: g(Param::HoursPerFirstMeeting),
            hours_per_second_meeting: g(Param::HoursPerSecondMeeting),
            deal_hours_per_week: g(Param::DealHoursPerWeek),
            second_meeting_odds: odds(g(Param::SecondMeetingRate)),
            win_odds: odds(g(Param::WinRate)),
            attention_effect: g(Param::AttentionEffect),
            ln_deal_size_median: g(Param::DealSizeMedian).ln(),
            deal_size_sigma: g(Param::DealSizeSigma),
            touches_per_week: g(Param::TouchesPerWeek),
            hours_per_touch: g(Param::MinutesPerTouch) / 60.0,
            connect_rate: g(Param::ConnectRate),
            meeting_odds: odds(g(Param::MeetingRate)),
        }
    }

    fn run_chunk(&self, trials: Range<u64>, want_records: bool, cancel: Option<&AtomicBool>) -> (RunAccum, Vec<u8>) {
        let ns = self.strategies.len();
        let quarters = self.calendar.quarters as usize;
        let horizon = self.calendar.total_weeks();
        let seed = self.scenario.simulation.seed;
        let mut acc = RunAccum::new(ns);
        let mut records = Vec::new();
        let mut scratch: [Scratch; kernel::LANES] = Default::default();
        let mut cycles: Vec<(DiscreteTable, Option<(u64, u64)>)> = (0..ns).map(|_| (DiscreteTable::default(), None)).collect();
        let mut fits: Vec<FitMultipliers> = (0..ns).map(|_| FitMultipliers::default()).collect();
        let mut weights = Vec::new();
        // Per rep of the pair, per strategy: counted quarters.
        let mut outs: Vec<Vec<Vec<RepQuarter>>> = vec![vec![vec![RepQuarter::default(); quarters]; ns]; REPS_PER_CALL];
        let mut sums: Vec<TrialSums> = (0..ns).map(|_| TrialSums::new(quarters)).collect();

        for trial in trials {
            if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                break;
            }
            let values = self.trial_values(trial);
            let params: Vec<TrialParams> = self.strategies.iter().zip(&values).map(|(s, v)| self.trial_params(s, v)).collect();
            for (i, s) in self.strategies.iter().enumerate() {
                let v = &values[i];
                let (m, sg) = (v[Param::CycleWeeksMedian.index()], v[Param::CycleWeeksSigma.index()]);
                let key = (m.to_bits(), sg.to_bits());
                if cycles[i].1 != Some(key) {
                    sampling::cycle_table(m, sg, horizon, &mut cycles[i].0, &mut weights);
                    cycles[i].1 = Some(key);
                }
                fits[i].update(&s.fit, v[Param::FitEffect.index()], v[Param::SizeFitEffect.index()]);
                sums[i].reset();
            }
            // Team settings cannot differ per strategy: read them from the first.
            let team = &values[0];
            let spread = team[Param::SkillSpread.index()];
            let skill_effect = team[Param::SkillEffect.index()];
            // Reps go to the kernel in pairs (every strategy of each), so every
            // simulation has a partner to advance beside, whatever the number
            // of strategies.
            let reps = u64::from(self.scenario.reps);
            let mut jobs: Vec<RepJob<'_>> = Vec::with_capacity(REPS_PER_CALL * ns);
            for first_rep in (0..reps).step_by(REPS_PER_CALL) {
                jobs.clear();
                for rep in first_rep..(first_rep + REPS_PER_CALL as u64).min(reps) {
                    let mut rs = Stream::new(seed, trial, rep, Purpose::Rep);
                    let z = rs.normal();
                    let hire_u = rs.uniform();
                    let draw = RepDraw { ln_skill: spread * z - 0.5 * spread * spread, new_hire: hire_u < params[0].new_hire_share };
                    jobs.extend((0..ns).map(|i| RepJob {
                        key: RepKey { seed, trial, rep },
                        params: &params[i],
                        rep: draw,
                        skill_effect,
                        tables: TrialTables { cycle: &cycles[i].0, fit: &fits[i] },
                    }));
                }
                kernel::simulate_jobs(&jobs, self.calendar, &mut scratch, |j, quarters| outs[j / ns][j % ns].copy_from_slice(quarters));
                for (k, rep_outs) in outs.iter().take(jobs.len() / ns).enumerate() {
                    let rep = first_rep + k as u64;
                    let (first, _) = rep_outs.split_at(1);
                    for (i, ((own, strategy), sum)) in rep_outs.iter().zip(acc.strategies.iter_mut()).zip(sums.iter_mut()).enumerate() {
                        for (q, rq) in own.iter().enumerate() {
                            let base = if i == 0 { None } else { Some(&first[0][q]) };
                            strategy.push(rq, q, base, sum);
                            if want_records {
                                write_record(&mut records, trial, rep, q, &self.scenario.strategies[i].name, rq);
                            }
                        }
                    }
                }
            }
            for (i, ((strategy, sum), p)) in acc.strategies.iter_mut().zip(&sums).zip(&params).enumerate() {
                strategy.finish_trial(sum, p.quota * f64::from(self.scenario.reps), i > 0);
            }
            acc.trials += 1;
        }
        (acc, records)
    }
}

fn write_record(out: &mut Vec<u8>, trial: u64, rep: u64, quarter: usize, strategy: &str, r: &RepQuarter) {
    // Strategy names are quoted CSV fields; embedded quotes are doubled.
    let name = strategy.replace('"', "\"\"");
    let _ = writeln!(
        out,
        "{trial},{rep},{},\"{name}\",{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
        quarter + 1,
        r.attainment,
        r.won_value,
        r.touches,
        r.connects,
        r.first_meetings,
        r.qualified,
        r.won,
        r.lost,
        r.phantoms_closed,
        r.prospecting_hours,
        r.meeting_hours,
        r.deal_hours,
        r.attention,
        r.coverage_first,
        r.coverage_second
    );
}
