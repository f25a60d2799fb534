//! The parallel runner of the driver: chunks of trials are simulated on the
//! worker threads and merged strictly in chunk order on the calling thread, so
//! results never depend on the thread count.
//!
//! Workers claim chunks one at a time and run ahead of the merge by at most a
//! fixed window: memory does not grow with the number of trials, and no
//! worker waits at a batch boundary for the slowest chunk of the batch.
//!
//! A chunk that panics (a bug) ends the run with [`EngineError::Panicked`]:
//! the panic is caught on the worker, recorded, and the merging thread stops
//! waiting, so a run can never hang on a chunk that will not arrive.

use std::collections::BTreeMap;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

use super::{EngineError, RunControl, thread_pool};

/// How a range of trials is cut into chunks.
pub(crate) struct ChunkPlan {
    /// Absolute trial indices.
    pub trials: Range<u64>,
    /// Chunks are aligned to multiples of this, whatever the range.
    pub chunk_trials: u64,
    /// Most chunks simulated or waiting to be merged at once (bounds memory, not results).
    pub max_in_flight: usize,
}

impl ChunkPlan {
    /// How many chunks the plan has.
    pub fn count(&self) -> u64 {
        self.chunks().1
    }

    /// The index in the plan of the chunk starting at trial `start`.
    pub fn index_of(&self, start: u64) -> u64 {
        start / self.chunk_trials - self.chunks().0
    }

    /// Index of the first chunk and the number of chunks.
    fn chunks(&self) -> (u64, u64) {
        let t = &self.trials;
        if t.start >= t.end {
            return (0, 0);
        }
        let first = t.start / self.chunk_trials;
        (first, (t.end - 1) / self.chunk_trials - first + 1)
    }

    /// Trials of the `i`-th chunk of the plan.
    fn chunk(&self, i: u64) -> Range<u64> {
        let c = self.chunks().0 + i;
        (c * self.chunk_trials).max(self.trials.start)..((c + 1) * self.chunk_trials).min(self.trials.end)
    }
}

/// What the workers and the merging thread share.
struct Shared<T> {
    next: AtomicU64,
    stop: AtomicBool,
    state: Mutex<Pending<T>>,
    /// A result arrived or a worker left: the merging thread may proceed.
    arrived: Condvar,
    /// The merge advanced (or the run stops): workers may run further ahead.
    room: Condvar,
}

struct Pending<T> {
    done: BTreeMap<u64, T>,
    merged: u64,
    workers: usize,
    /// The first chunk that panicked, as the error to return.
    failed: Option<EngineError>,
}

/// Run one chunk, turning a panic into an error that names its trials.
fn guarded<T>(work: &(impl Fn(Range<u64>) -> T + Sync), range: Range<u64>) -> Result<T, EngineError> {
    let trials = format!("{}..{}", range.start, range.end);
    catch_unwind(AssertUnwindSafe(|| work(range))).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a worker panicked".to_string());
        EngineError::Panicked { trials, message }
    })
}

impl<T> Shared<T> {
    fn lock(&self) -> MutexGuard<'_, Pending<T>> {
        // A worker that panicked mid-update leaves nothing half-written here.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Simulate every chunk of `plan` with `work` on the pool and hand the results
/// to `merge` in chunk order. Ctrl-C is checked before each merge; progress
/// is reported after each. A panicking chunk stops the run with an error.
pub(crate) fn run_chunked<T: Send>(
    plan: &ChunkPlan,
    control: &RunControl<'_>,
    work: impl Fn(Range<u64>) -> T + Sync,
    mut merge: impl FnMut(T) -> Result<(), EngineError>,
) -> Result<(), EngineError> {
    let owned_pool;
    let pool = match control.pool {
        Some(p) => p,
        None => {
            owned_pool = thread_pool(None)?;
            &owned_pool
        }
    };
    let cancel = control.cancel;
    let cancelled = || cancel.is_some_and(|c| c.load(Ordering::Relaxed));
    let (_, chunks) = plan.chunks();
    let total = plan.trials.end.saturating_sub(plan.trials.start);
    let mut done_trials = 0u64;
    let mut merge_one = |r: T, i: u64| -> Result<(), EngineError> {
        merge(r)?;
        let range = plan.chunk(i);
        done_trials += range.end - range.start;
        if let Some(p) = control.progress {
            p(done_trials, total);
        }
        Ok(())
    };

    if pool.current_thread_index().is_some() {
        // Called from one of the pool's own threads: blocking it to merge
        // could starve the pool, so simulate in order right here.
        for i in 0..chunks {
            if cancelled() {
                return Err(EngineError::Interrupted);
            }
            merge_one(guarded(&work, plan.chunk(i))?, i)?;
        }
        return Ok(());
    }

    let workers = pool.current_num_threads().max(1);
    // A few chunks per worker keeps every core busy while the merge catches up.
    let window = plan.max_in_flight.clamp(1, 4 * workers) as u64;
    let shared = Shared {
        next: AtomicU64::new(0),
        stop: AtomicBool::new(false),
        state: Mutex::new(Pending { done: BTreeMap::new(), merged: 0, workers, failed: None }),
        arrived: Condvar::new(),
        room: Condvar::new(),
    };
    let stopped = || shared.stop.load(Ordering::Relaxed) || cancelled();
    let worker = || {
        loop {
            let i = shared.next.fetch_add(1, Ordering::Relaxed);
            if i >= chunks || stopped() {
                break;
            }
            {
                let mut s = shared.lock();
                while i >= s.merged + window && !stopped() {
                    s = shared.room.wait(s).unwrap_or_else(|e| e.into_inner());
                }
            }
            if stopped() {
                break;
            }
            match guarded(&work, plan.chunk(i)) {
                Ok(r) => {
                    shared.lock().done.insert(i, r);
                }
                Err(e) => {
                    shared.stop.store(true, Ordering::Relaxed);
                    shared.lock().failed.get_or_insert(e);
                    shared.room.notify_all();
                }
            }
            shared.arrived.notify_one();
        }
        shared.lock().workers -= 1;
        shared.arrived.notify_one();
    };
    let outcome = pool.in_place_scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|_| worker());
        }
        let finish = |outcome: Result<(), EngineError>| {
            shared.stop.store(true, Ordering::Relaxed);
            // Taking the lock orders the flag before any worker's next check.
            drop(shared.lock());
            shared.room.notify_all();
            outcome
        };
        for i in 0..chunks {
            let next = {
                let mut s = shared.lock();
                loop {
                    if let Some(e) = s.failed.take() {
                        break Err(e);
                    }
                    if let Some(r) = s.done.remove(&i) {
                        break Ok(r);
                    }
                    if s.workers == 0 || cancelled() {
                        break Err(EngineError::Interrupted);
                    }
                    s = shared.arrived.wait(s).unwrap_or_else(|e| e.into_inner());
                }
            };
            let r = match next {
                Ok(r) => r,
                Err(e) => return finish(Err(e)),
            };
            if cancelled() {
                return finish(Err(EngineError::Interrupted));
            }
            if let Err(e) = merge_one(r, i) {
                return finish(Err(e));
            }
            shared.lock().merged = i + 1;
            shared.room.notify_all();
        }
        finish(Ok(()))
    });
    if cancelled() && outcome.is_ok() {
        return Err(EngineError::Interrupted);
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(trials: Range<u64>, chunk_trials: u64) -> ChunkPlan {
        ChunkPlan { trials, chunk_trials, max_in_flight: 3 }
    }

    #[test]
    fn chunks_are_aligned_and_cover_the_range() {
        let p = plan(5..23, 4);
        let (first, n) = p.chunks();
        assert_eq!((first, n), (1, 5));
        let ranges: Vec<_> = (0..n).map(|i| p.chunk(i)).collect();
        assert_eq!(ranges, vec![5..8, 8..12, 12..16, 16..20, 20..23]);
        assert_eq!(plan(7..7, 4).chunks().1, 0);
    }

    #[test]
    fn merges_in_chunk_order_at_any_thread_count() {
        for threads in [1, 2, 3, 8] {
            let pool = thread_pool(Some(threads)).unwrap();
            let control = RunControl { pool: Some(&pool), ..Default::default() };
            let mut seen = Vec::new();
            // Uneven work, so chunks finish out of order.
            let work = |r: Range<u64>| {
                std::thread::sleep(std::time::Duration::from_micros(((r.start * 7919) % 13) * 50));
                r
            };
            run_chunked(&plan(3..101, 5), &control, work, |r| {
                seen.push(r);
                Ok(())
            })
            .unwrap();
            let expected: Vec<_> = (0..plan(3..101, 5).chunks().1).map(|i| plan(3..101, 5).chunk(i)).collect();
            assert_eq!(seen, expected, "{threads} threads");
        }
    }

    #[test]
    fn a_failed_merge_stops_the_run() {
        let pool = thread_pool(Some(2)).unwrap();
        let control = RunControl { pool: Some(&pool), ..Default::default() };
        let mut merged = 0;
        let result = run_chunked(
            &plan(0..1000, 1),
            &control,
            |r| r,
            |_| {
                merged += 1;
                if merged == 10 { Err(EngineError::Interrupted) } else { Ok(()) }
            },
        );
        assert!(matches!(result, Err(EngineError::Interrupted)));
        assert_eq!(merged, 10);
    }

    #[test]
    fn cancel_stops_before_the_next_merge() {
        let pool = thread_pool(Some(2)).unwrap();
        let cancel = AtomicBool::new(false);
        let control = RunControl { pool: Some(&pool), cancel: Some(&cancel), ..Default::default() };
        let mut merged = 0;
        let result = run_chunked(
            &plan(0..1000, 1),
            &control,
            |r| r,
            |_| {
                merged += 1;
                if merged == 5 {
                    cancel.store(true, Ordering::Relaxed);
                }
                Ok(())
            },
        );
        assert!(matches!(result, Err(EngineError::Interrupted)));
        assert_eq!(merged, 5);
    }

    /// Run `f` on its own thread and fail (rather than hang) if it takes over a minute.
    fn within_a_minute<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(std::time::Duration::from_secs(60)).expect("the run hung")
    }

    #[test]
    fn a_panicking_chunk_ends_the_run_with_an_error() {
        for threads in [1, 2, 4] {
            let result = within_a_minute(move || {
                let pool = thread_pool(Some(threads)).unwrap();
                let control = RunControl { pool: Some(&pool), ..Default::default() };
                let mut merged = Vec::new();
                let r = run_chunked(
                    &plan(0..40, 2),
                    &control,
                    |r| {
                        assert!(r.start != 10, "injected failure");
                        r
                    },
                    |r| {
                        merged.push(r);
                        Ok(())
                    },
                );
                (r, merged)
            });
            match result {
                (Err(EngineError::Panicked { trials, message }), merged) => {
                    assert_eq!(trials, "10..12", "{threads} threads");
                    assert!(message.contains("injected failure"), "{message}");
                    // Chunks before the failing one may have been merged, never any after it.
                    assert!(merged.iter().all(|r| r.end <= 10), "{merged:?}");
                }
                (other, _) => panic!("{threads} threads: expected a panic error, got {:?}", other.map(|_| ())),
            }
        }
    }

    #[test]
    fn a_panic_inside_the_pool_is_an_error_too() {
        let pool = thread_pool(Some(1)).unwrap();
        let result = pool.install(|| {
            let control = RunControl { pool: Some(&pool), ..Default::default() };
            run_chunked(&plan(0..10, 3), &control, |r| assert!(r.start != 3, "boom"), |_| Ok(()))
        });
        assert!(matches!(result, Err(EngineError::Panicked { .. })));
    }

    #[test]
    fn runs_in_order_when_called_from_inside_the_pool() {
        let pool = thread_pool(Some(1)).unwrap();
        let seen = pool.install(|| {
            let control = RunControl { pool: Some(&pool), ..Default::default() };
            let mut seen = Vec::new();
            run_chunked(
                &plan(0..10, 3),
                &control,
                |r| r,
                |r| {
                    seen.push(r);
                    Ok(())
                },
            )
            .unwrap();
            seen
        });
        assert_eq!(seen, vec![0..3, 3..6, 6..9, 9..10]);
    }
}
