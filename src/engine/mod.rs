//! The simulation engine: scenarios prepared for simulation, the one trial
//! loop (the driver), the rep-quarter kernel and the panic-safe parallel
//! runner of chunks of trials.
//!
//! Work is split into fixed chunks of trials (their size depends only on the
//! scenario, never on the thread count); chunks run in parallel, each with its
//! own random streams keyed by (seed, trial, rep, purpose), and their
//! accumulators are merged in chunk order. So results are byte-identical at any
//! `--threads`, and memory stays flat however many trials are asked for.

mod budget;
mod chunks;
pub mod driver;
pub mod kernel;
mod prepare;
pub mod share;
pub mod tables;
pub mod year;

use std::io::Write;
use std::ops::Range;
use std::sync::atomic::AtomicBool;

pub use budget::{accumulator_bytes, chunks_in_flight};
pub use driver::{Lockstep, SeatOpportunities, TrialOpportunities};
pub use prepare::{Swap, TrialValues};
pub use share::{Book, ShardSpec, Share};

use crate::scenario::Scenario;
use crate::stats::RunAccum;

/// Why a run stopped without a result.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("interrupted")]
    Interrupted,
    #[error("cannot write records: {0}")]
    Records(#[from] std::io::Error),
    #[error("cannot start worker threads: {0}")]
    Threads(String),
    /// A bug: a chunk of trials panicked. The run stops instead of waiting for it.
    #[error("internal error while simulating trials {trials}: {message}")]
    Panicked { trials: String, message: String },
    /// A merge's partials do not hold the job it replays.
    #[error("the partials do not hold this job: {0}")]
    Partials(String),
}

/// How a run is carried out (none of it changes the results).
#[derive(Default)]
pub struct RunControl<'a> {
    pub pool: Option<&'a rayon::ThreadPool>,
    pub cancel: Option<&'a AtomicBool>,
    /// Called after each chunk with (trials done, trials total).
    pub progress: Option<&'a (dyn Fn(u64, u64) + Sync)>,
    /// When set, one CSV row per rep-quarter is streamed here in trial order.
    pub records: Option<&'a mut dyn Write>,
    /// When the job is split across processes: this process's share of it.
    pub share: Option<Share<'a>>,
}

/// Build a thread pool with `threads` workers (None = one per core).
pub fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, EngineError> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        b = b.num_threads(t);
    }
    b.build().map_err(|e| EngineError::Threads(e.to_string()))
}

/// A single scenario prepared for simulation: a lockstep run of one variant.
pub struct Engine {
    lock: Lockstep,
}

impl Engine {
    pub fn new(scenario: &Scenario) -> Engine {
        Engine { lock: Lockstep::new(std::slice::from_ref(scenario), &[]) }
    }

    pub fn scenario(&self) -> &Scenario {
        self.lock.scenario()
    }

    /// The drawn value of every numeric parameter (by [`crate::scenario::Param`])
    /// of every strategy in trial `trial`: what that trial simulates with.
    pub fn trial_inputs(&self, trial: u64) -> Vec<TrialValues> {
        self.lock.variant(0).trial_values(trial, None)
    }

    /// Simulate trials `trials` (absolute indices, so runs can be extended in
    /// deterministic batches) and return their statistics.
    pub fn run(&self, trials: Range<u64>, control: &mut RunControl<'_>) -> Result<RunAccum, EngineError> {
        let acc = self.lock.run(trials, control)?;
        Ok(acc.runs.into_iter().next().expect("one variant"))
    }

    /// Every opportunity of trial `trial` of strategy `strategy` (an index)
    /// and how it ends: the same trial `run` counts.
    pub fn opportunities(&self, trial: u64, strategy: usize) -> TrialOpportunities {
        self.lock.opportunities(trial, strategy)
    }
}
