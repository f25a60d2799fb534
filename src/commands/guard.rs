//! The size guard: estimate the time, memory and disk a job will take before
//! starting it, and refuse plainly beyond the limits unless the user says
//! `--allow-large`.
//!
//! Memory is flat in the number of trials (streaming aggregation); what can
//! grow is a seat's book of deals that would win (every one it opens over
//! the horizon, kept until the seat is done), so the guard is about time,
//! that memory and, with `--records`, disk.

use super::CommandError;
use crate::engine::kernel::CANDIDATE_BYTES;
use crate::engine::{accumulator_bytes, chunks_in_flight};
use crate::scenario::{Param, Scenario};

/// Measured cost of one simulated strategy-rep-quarter (warm-up included) on
/// one core of the reference machine (0.78 us with the default scenario), rounded up.
pub const SECONDS_PER_REP_QUARTER: f64 = 0.8e-6;
/// Measured cost of one opportunity on one core (about 40 ns with 20,000 a
/// week), rounded up: a scenario booking thousands of meetings a week costs
/// far more per rep-quarter than the default.
pub const SECONDS_PER_OPPORTUNITY: f64 = 50e-9;
/// Bytes of one `records.csv` row, a generous average.
pub const BYTES_PER_RECORD: f64 = 200.0;
/// Jobs estimated to run longer than this are refused without `--allow-large`.
pub const MAX_SECONDS: f64 = 10.0 * 60.0;
/// Jobs estimated to hold more memory than this are refused without
/// `--allow-large` (an upper estimate: it counts every qualified deal a seat
/// opens as one that would win).
pub const MAX_MEMORY_BYTES: f64 = 8.0e9;
/// Record files estimated larger than this are refused without `--allow-large`.
pub const MAX_RECORD_BYTES: f64 = 5.0e9;

/// What a job will cost, roughly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// Strategy-rep-quarters simulated, warm-up included.
    pub simulated_rep_quarters: f64,
    pub seconds: f64,
    pub memory_bytes: f64,
    pub record_bytes: f64,
}

/// Estimate a job of `runs` runs of `trials` trials each on `threads` workers.
pub fn estimate(scenario: &Scenario, trials: u64, runs: u64, threads: usize, records: bool) -> Estimate {
    let strategies = scenario.strategies.len() as f64;
    let per_trial_quarters = f64::from(scenario.reps()) * f64::from(scenario.quarters() + scenario.warmup_quarters());
    let simulated = trials as f64 * runs as f64 * per_trial_quarters * strategies;
    let counted = trials as f64 * runs as f64 * f64::from(scenario.reps()) * f64::from(scenario.quarters()) * strategies;
    let per_rep_quarter = SECONDS_PER_REP_QUARTER + mean_opportunities(scenario) * SECONDS_PER_OPPORTUNITY;
    Estimate {
        simulated_rep_quarters: simulated,
        seconds: simulated * per_rep_quarter / threads.max(1) as f64,
        memory_bytes: 8.0e6
            + in_flight_bytes(scenario.strategies.len(), scenario.quarters() as usize, threads)
            + book_bytes(scenario, threads),
        record_bytes: if records { counted * BYTES_PER_RECORD } else { 0.0 },
    }
}

/// Opportunities a rep opens per quarter at most, averaged over strategies:
/// the full cadence (as hours allow) times the chance a touch books a first
/// meeting, at the central values of uncertain inputs and average skill.
fn mean_opportunities(scenario: &Scenario) -> f64 {
    let per_strategy = (0..scenario.strategies.len()).map(|i| opportunities(scenario, i));
    per_strategy.sum::<f64>() / scenario.strategies.len().max(1) as f64
}

/// Opportunities a rep of strategy `i` opens per quarter at most.
fn opportunities(scenario: &Scenario, i: usize) -> f64 {
    let set = scenario.resolved(i);
    let v = |p: Param| set.get(p).central();
    let touches = v(Param::TouchesPerWeek).min(v(Param::HoursPerWeek) * 60.0 / v(Param::MinutesPerTouch));
    touches * v(Param::ConnectRate) * v(Param::MeetingRate) * f64::from(scenario.weeks_per_quarter())
}

/// The deal books the workers hold at once: per worker, the qualified
/// opportunities of a seat's whole horizon (each counted as one that would
/// win), for the strategy that opens the most.
fn book_bytes(scenario: &Scenario, threads: usize) -> f64 {
    let quarters = f64::from(scenario.quarters() + scenario.warmup_quarters());
    let per_seat = (0..scenario.strategies.len())
        .map(|i| opportunities(scenario, i) * scenario.resolved(i).get(Param::SecondMeetingRate).central() * quarters)
        .fold(0.0, f64::max);
    threads.max(1) as f64 * per_seat * CANDIDATE_BYTES as f64
}

/// Accumulators held by the chunks simulated ahead of the merge.
fn in_flight_bytes(strategies: usize, quarters: usize, threads: usize) -> f64 {
    (chunks_in_flight(strategies, quarters, threads) * strategies * accumulator_bytes(quarters)) as f64
}

fn human_seconds(s: f64) -> String {
    if s < 120.0 {
        format!("{s:.0} s")
    } else if s < 7200.0 {
        format!("{:.0} min", s / 60.0)
    } else if s < 2.0 * 86400.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.1} days", s / 86400.0)
    }
}

fn human_bytes(b: f64) -> String {
    if b < 1e9 { format!("{:.0} MB", b / 1e6) } else { format!("{:.1} GB", b / 1e9) }
}

/// Refuse a job beyond the limits, saying what it would cost and how to override.
pub fn check(e: &Estimate, allow_large: bool) -> Result<(), CommandError> {
    if allow_large {
        return Ok(());
    }
    let mut problems = Vec::new();
    if e.seconds > MAX_SECONDS {
        problems.push(format!(
            "it simulates {:.2e} rep-quarters, about {} on this machine (limit {})",
            e.simulated_rep_quarters,
            human_seconds(e.seconds),
            human_seconds(MAX_SECONDS)
        ));
    }
    if e.memory_bytes > MAX_MEMORY_BYTES {
        problems.push(format!(
            "its reps book so many deals that it would hold about {} of memory (limit {})",
            human_bytes(e.memory_bytes),
            human_bytes(MAX_MEMORY_BYTES)
        ));
    }
    if e.record_bytes > MAX_RECORD_BYTES {
        problems.push(format!("--records would write about {} (limit {})", human_bytes(e.record_bytes), human_bytes(MAX_RECORD_BYTES)));
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(CommandError::usage(format!(
        "this job is too large: {}. Reduce --trials, the scenario's size or its deals per rep, \
         use --precision to stop once results are precise enough, or pass --allow-large to run it anyway",
        problems.join("; ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_of_meetings_a_week_count_in_the_estimate() {
        let mut s = Scenario::builtin();
        for (p, v) in [("touches_per_week", "100000"), ("minutes_per_touch", "0.01"), ("connect_rate", "0.9"), ("meeting_rate", "0.9")] {
            for name in ["spray-and-pray", "targeted"] {
                crate::scenario::apply_override(&mut s, &format!("strategy.{name}.{p}"), v).unwrap();
            }
        }
        // 100,000 touches (the hours allow 144,000) x 0.81 x 13 weeks: about a
        // million opportunities per rep-quarter, 50 ms each at 50 ns.
        assert!((mean_opportunities(&s) - 100_000.0 * 0.81 * 13.0).abs() < 1.0);
        let e = estimate(&s, s.trials(), 1, 2, false);
        assert!(e.seconds > MAX_SECONDS, "{} s", e.seconds);
        assert!(check(&e, false).is_err());
        let default = Scenario::builtin();
        assert!(estimate(&default, default.trials(), 1, 2, false).seconds < 1.0);
    }

    #[test]
    fn a_book_of_tens_of_millions_of_deals_is_refused_for_its_memory() {
        let mut s = Scenario::builtin();
        let counts =
            [(crate::scenario::Count::WeeksPerQuarter, 52), (crate::scenario::Count::Quarters, 24), (crate::scenario::Count::Trials, 1)];
        for (c, v) in counts {
            s.counts[c] = v;
        }
        let rates = [("touches_per_week", "100000"), ("minutes_per_touch", "0.01"), ("connect_rate", "0.99"), ("meeting_rate", "0.99")];
        for (p, v) in rates.into_iter().chain([("second_meeting_rate", "0.99")]) {
            for name in ["spray-and-pray", "targeted"] {
                crate::scenario::apply_override(&mut s, &format!("strategy.{name}.{p}"), v).unwrap();
            }
        }
        // 100,000 touches x 0.99^3 x 52 weeks x (24 + 1 warm-up) quarters
        // qualified deals per seat, for 2 workers at a seat each: about 10 GB.
        let quarters = f64::from(24 + s.warmup_quarters());
        let per_seat = 100_000.0 * 0.99f64.powi(3) * 52.0 * quarters;
        let expected = 2.0 * per_seat * CANDIDATE_BYTES as f64;
        assert!((book_bytes(&s, 2) - expected).abs() < 1.0, "{} vs {expected}", book_bytes(&s, 2));
        let e = estimate(&s, 1, 1, 2, false);
        assert!(e.memory_bytes > MAX_MEMORY_BYTES && e.seconds < MAX_SECONDS, "{e:?}");
        let err = check(&e, false).unwrap_err().to_string();
        assert!(err.contains("of memory") && err.contains("--allow-large"), "{err}");
        assert!(check(&e, true).is_ok());
        // The default books a few hundred deals a seat: nothing to speak of.
        let default = Scenario::builtin();
        assert!(book_bytes(&default, 2) < 1e6, "{}", book_bytes(&default, 2));
    }

    #[test]
    fn a_billion_rep_quarters_is_refused_with_an_estimate() {
        let mut s = Scenario::builtin();
        s.counts[crate::scenario::Count::Trials] = 6_250_000; // x 40 reps x 4 quarters = 1e9 rep-quarters per strategy
        let e = estimate(&s, s.trials(), 1, 2, false);
        let err = check(&e, false).unwrap_err().to_string();
        assert!(err.contains("too large") && err.contains("--allow-large") && err.contains("min"), "{err}");
        assert!(check(&e, true).is_ok());
        let small = estimate(&s, 1000, 1, 2, true);
        assert!(check(&small, false).is_ok());
    }
}
