//! A job split across processes. Every simulation of a job (one call of
//! [`super::Lockstep::run`]) is cut into blocks of whole chunks, the same
//! blocks a single process folds; a shard simulates its contiguous share of
//! each simulation's blocks and keeps their statistics (its [`Book`]), and the
//! merge folds the books' blocks back in order. So a job run as shards and
//! merged gives, bit for bit, the statistics of one process.
//!
//! Some simulations decide what the job does next (a coverage plan's screen
//! picks the candidates to confirm): those are *whole*, simulated by every
//! shard in full, so every shard takes the same next step.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use super::EngineError;
use crate::stats::LockstepAccum;

/// Most blocks one simulation is cut into: the merge's unit of work. A
/// simulation of at most this many chunks has one chunk per block, which
/// folds exactly as chunk after chunk.
pub const MAX_BLOCKS: u64 = 64;

/// Shard `index` of `count` (from 0, as batch engines number array tasks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardSpec {
    pub index: u32,
    pub count: u32,
}

impl ShardSpec {
    /// This shard's contiguous share of `blocks` blocks; shares differ by at most one.
    pub fn owned(&self, blocks: u64) -> Range<u64> {
        let (k, n) = (u64::from(self.index), u64::from(self.count.max(1)));
        k * blocks / n..(k + 1) * blocks / n
    }
}

/// How a simulation's chunks group into blocks.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Blocks {
    pub chunks: u64,
    pub per_block: u64,
}

impl Blocks {
    pub fn new(chunks: u64) -> Blocks {
        Blocks { chunks, per_block: chunks.div_ceil(MAX_BLOCKS).max(1) }
    }

    pub fn count(&self) -> u64 {
        self.chunks.div_ceil(self.per_block)
    }

    /// The block of chunk `i`.
    pub fn of(&self, i: u64) -> u64 {
        i / self.per_block
    }

    /// Whether chunk `i` is its block's last.
    pub fn ends_block(&self, i: u64) -> bool {
        (i + 1).is_multiple_of(self.per_block) || i + 1 == self.chunks
    }
}

/// What a simulation was, so the merge can tell it replays the same one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    /// Trials `[start, end)`.
    pub trials: [u64; 2],
    pub chunk_trials: u64,
    pub blocks: u64,
    pub variants: usize,
    pub strategies: usize,
    /// Simulated in full by every shard (it decides the job's next step).
    pub whole: bool,
}

/// One block's statistics: simulation `call` of the job, block `block`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Piece {
    pub call: u32,
    pub block: u64,
    pub accum: LockstepAccum,
}

/// Whether this process simulates a shard or replays shards' pieces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Shard(ShardSpec),
    Replay,
}

/// A process's ledger of a split job: the simulations in the order the job
/// asked for them and the pieces simulated (a shard) or to replay (the merge).
pub struct Book {
    mode: Mode,
    state: Mutex<Ledger>,
}

#[derive(Default)]
struct Ledger {
    layouts: Vec<Layout>,
    pieces: BTreeMap<(u32, u64), LockstepAccum>,
    /// Replay: simulations asked for so far.
    replayed: usize,
}

/// A simulation's place in a split job.
#[derive(Clone, Copy)]
pub struct Share<'a> {
    pub book: &'a Book,
    /// Simulate every block, whatever the shard (see the module's notes).
    pub whole: bool,
}

impl<'a> Share<'a> {
    /// The same book, for a simulation every shard runs in full.
    pub fn whole(self) -> Share<'a> {
        Share { whole: true, ..self }
    }
}

impl Book {
    /// The empty book of shard `spec`.
    pub fn shard(spec: ShardSpec) -> Book {
        Book { mode: Mode::Shard(spec), state: Mutex::default() }
    }

    /// A book to replay: the job's simulations and every piece, each once.
    pub fn replay(layouts: Vec<Layout>, pieces: Vec<Piece>) -> Book {
        let pieces = pieces.into_iter().map(|p| ((p.call, p.block), p.accum)).collect();
        Book { mode: Mode::Replay, state: Mutex::new(Ledger { layouts, pieces, replayed: 0 }) }
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    fn lock(&self) -> MutexGuard<'_, Ledger> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Note a new simulation of a shard; its number in the job.
    pub(crate) fn begin(&self, layout: Layout) -> u32 {
        let mut l = self.lock();
        l.layouts.push(layout);
        (l.layouts.len() - 1) as u32
    }

    /// Keep a simulated block.
    pub(crate) fn record(&self, call: u32, block: u64, accum: LockstepAccum) {
        self.lock().pieces.insert((call, block), accum);
    }

    /// Replay the next simulation of the job, which must be `layout`: its
    /// blocks folded in order, as one process folds them.
    pub(crate) fn replay_next(&self, layout: &Layout, mut total: LockstepAccum) -> Result<LockstepAccum, EngineError> {
        let mut l = self.lock();
        let call = l.replayed;
        match l.layouts.get(call) {
            Some(recorded) if recorded == layout => {}
            Some(recorded) => {
                return Err(EngineError::Partials(format!(
                    "simulation {call} of the job differs from the one the shards ran ({recorded:?} against {layout:?})"
                )));
            }
            None => return Err(EngineError::Partials(format!("the shards ran {call} simulations; the job asks for more"))),
        }
        l.replayed += 1;
        for block in 0..layout.blocks {
            let piece = l.pieces.remove(&(call as u32, block)).ok_or_else(|| {
                EngineError::Partials(format!("no partial holds block {block} of simulation {call} (trials {:?})", layout.trials))
            })?;
            total.merge(&piece);
        }
        Ok(total)
    }

    /// The simulations noted, in order.
    pub fn layouts(&self) -> Vec<Layout> {
        self.lock().layouts.clone()
    }

    /// Take the recorded pieces, in (simulation, block) order.
    pub fn take_pieces(&self) -> Vec<Piece> {
        let pieces = std::mem::take(&mut self.lock().pieces);
        pieces.into_iter().map(|((call, block), accum)| Piece { call, block, accum }).collect()
    }

    /// After a replay: every simulation asked for and every piece used.
    pub fn check_replayed(&self) -> Result<(), EngineError> {
        let l = self.lock();
        if l.replayed != l.layouts.len() {
            return Err(EngineError::Partials(format!("the shards ran {} simulations; the job asked for {}", l.layouts.len(), l.replayed)));
        }
        if let Some((call, block)) = l.pieces.keys().next() {
            return Err(EngineError::Partials(format!("block {block} of simulation {call} was never asked for")));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_cover_every_block_once() {
        for blocks in 0..40u64 {
            for count in 1..10u32 {
                let mut next = 0;
                for index in 0..count {
                    let r = ShardSpec { index, count }.owned(blocks);
                    assert_eq!(r.start, next, "{blocks} blocks, {index}/{count}");
                    assert!(r.end - r.start <= blocks.div_ceil(u64::from(count)));
                    next = r.end;
                }
                assert_eq!(next, blocks);
            }
        }
    }

    #[test]
    fn blocks_group_whole_chunks() {
        let b = Blocks::new(10);
        assert_eq!((b.per_block, b.count()), (1, 10));
        let b = Blocks::new(130);
        assert_eq!((b.per_block, b.count()), (3, 44));
        assert!(b.ends_block(2) && !b.ends_block(3) && b.ends_block(129));
        assert_eq!(b.of(129), 43);
        assert!(Blocks::new(MAX_BLOCKS * 5).count() <= MAX_BLOCKS);
    }
}
