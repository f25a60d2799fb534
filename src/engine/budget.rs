//! How many chunks of trials may be simulated ahead of the in-order merge.
//! Bounds memory, never results: chunk boundaries do not depend on it.

/// Memory allowed for the accumulators of chunks in flight.
const IN_FLIGHT_BUDGET: usize = 256 << 20;
/// Memory of one strategy's accumulator, dominated by its fine histograms
/// (rep-quarters, rep-years and the year's bookings).
pub const ACCUM_BYTES: usize = 124 << 10;
/// Memory each counted quarter adds to it (its coarse histogram and moments).
pub const QUARTER_BYTES: usize = 3 << 10;
/// Most chunks in flight, however small they are.
pub const MAX_IN_FLIGHT: usize = 32;

/// Memory of one strategy's accumulator for a run of `quarters` counted quarters.
pub fn accumulator_bytes(quarters: usize) -> usize {
    3 * ACCUM_BYTES + quarters * QUARTER_BYTES
}

/// Chunks in flight for a job holding `accumulators` strategy accumulators of
/// `quarters` counted quarters per chunk on `threads` workers: within the
/// memory budget, but at least one per worker so no core idles.
pub fn chunks_in_flight(accumulators: usize, quarters: usize, threads: usize) -> usize {
    let per_chunk = accumulators.max(1) * accumulator_bytes(quarters);
    (IN_FLIGHT_BUDGET / per_chunk).clamp(1, MAX_IN_FLIGHT).max(threads.min(MAX_IN_FLIGHT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_jobs_run_fewer_chunks_but_never_fewer_than_workers() {
        assert_eq!(chunks_in_flight(2, 4, 2), MAX_IN_FLIGHT);
        // 200 accumulators of 4 quarters (384 KB): about 3 chunks fit in 256 MB.
        assert_eq!(chunks_in_flight(200, 4, 2), (256 << 20) / (200 * accumulator_bytes(4)));
        assert_eq!(chunks_in_flight(100_000, 4, 4), 4);
    }
}
