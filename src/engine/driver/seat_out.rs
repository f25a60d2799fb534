//! What one seat leaves after a simulation under one (variant, strategy):
//! its rep-quarters and seat quarters, copied out of the kernel's scratch, and
//! how they are read: paired with the same seat under the first strategy,
//! grouped into rep-years, written as `--records` rows.

use crate::engine::kernel::{RepQuarterOut, Scratch, SeatQuarter};
use crate::scenario::Scenario;
use crate::stats::metrics::{Metric, write_record};

/// One seat's rep-quarters and seat quarters under one (variant, strategy).
#[derive(Clone, Debug, Default)]
pub(super) struct SeatOut {
    pub(super) out: Vec<RepQuarterOut>,
    pub(super) seat: Vec<SeatQuarter>,
}

impl SeatOut {
    pub(super) fn copy_from(&mut self, scratch: &Scratch) {
        self.out.clone_from(&scratch.out);
        self.seat.clone_from(&scratch.seat);
    }

    /// The attainment of the planning year's rep-year, if any: a rep in the
    /// seat every week of the first four counted quarters; won value over
    /// the sum of their quotas.
    pub(super) fn rep_years(&self, weeks_per_quarter: u32) -> impl Iterator<Item = f64> + '_ {
        self.out
            .windows(4)
            .filter(move |w| {
                w[0].quarter == 0
                    && w.iter()
                        .enumerate()
                        .all(|(i, o)| o.tenure == w[0].tenure && o.quarter == w[0].quarter + i as u32 && o.weeks == weeks_per_quarter)
            })
            .map(|w| {
                let won: f64 = w.iter().map(|o| o.rq[Metric::WonValue]).sum();
                let quota: f64 = w.iter().map(|o| o.rq[Metric::Quota]).sum();
                won / quota
            })
    }
}

/// The `--records` rows of one seat: every strategy's rep-quarters.
pub(super) fn write_records(out: &mut Vec<u8>, trial: u64, seat: u64, scenario: &Scenario, outs: &[SeatOut]) {
    for (s, strategy) in outs.iter().zip(&scenario.strategies) {
        for o in &s.out {
            write_record(out, trial, seat, o.quarter as usize, &strategy.name, o.tenure, &o.rq);
        }
    }
}
