//! How many chunks of trials may be simulated ahead of the in-order merge.
//! Bounds memory, never results: chunk boundaries do not depend on it.

/// Memory allowed for the accumulators of chunks in flight.
const IN_FLIGHT_BUDGET: usize = 256 << 20;
/// Memory of one strategy's accumulator, dominated by its fine histogram.
pub const ACCUM_BYTES: usize = 124 << 10;
/// Most chunks in flight, however small they are.
pub const MAX_IN_FLIGHT: usize = 32;

/// Chunks in flight for a job holding `accumulators` strategy accumulators per
/// chunk on `threads` workers: within the memory budget, but at least one per
/// worker so no core idles.
pub fn chunks_in_flight(accumulators: usize, threads: usize) -> usize {
    let per_chunk = accumulators.max(1) * ACCUM_BYTES;
    (IN_FLIGHT_BUDGET / per_chunk).clamp(1, MAX_IN_FLIGHT).max(threads.min(MAX_IN_FLIGHT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_jobs_run_fewer_chunks_but_never_fewer_than_workers() {
        assert_eq!(chunks_in_flight(2, 2), MAX_IN_FLIGHT);
        // 200 accumulators of 124 KB: about 10 chunks fit in 256 MB.
        assert_eq!(chunks_in_flight(200, 2), (256 << 20) / (200 * ACCUM_BYTES));
        assert_eq!(chunks_in_flight(100_000, 4), 4);
    }
}
