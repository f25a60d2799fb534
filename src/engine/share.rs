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
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use super::EngineError;
use crate::stats::LockstepAccum;

/// Most blocks one simulation is cut into: the merge's unit of work. A
/// simulation of at most this many chunks has one chunk per block, which
/// folds exactly as chunk after chunk.
pub const MAX_BLOCKS: u64 = 256;

/// Most strategy accumulators (one strategy of one variant, about 50 kB
/// each) in all the blocks of one job: what bounds the partials' size and
/// the merge's work. A job of many simulations cuts each into fewer blocks.
pub const ACCUMULATOR_BUDGET: u64 = 1024;

/// Blocks per simulation for a job of `simulations` simulations of
/// `accumulators` strategy accumulators each (from 1 to [`MAX_BLOCKS`]).
pub fn blocks_within_budget(simulations: usize, accumulators: usize) -> u64 {
    (ACCUMULATOR_BUDGET / (simulations.max(1) * accumulators.max(1)) as u64).clamp(1, MAX_BLOCKS)
}

/// Shard `index` of `count` (from 0, as batch engines number array tasks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardSpec {
    pub index: u32,
    pub count: u32,
}

impl ShardSpec {
    /// Whether this shard simulates the job's `piece`-th block: the blocks
    /// of all the job's simulations, counted in order, dealt out in turn, so
    /// shares differ by at most one block however the job is made.
    pub fn owns(&self, piece: u64) -> bool {
        piece % u64::from(self.count.max(1)) == u64::from(self.index)
    }

    /// This shard's blocks of a simulation of `blocks` blocks whose first
    /// is the job's `first`-th.
    pub fn share(&self, first: u64, blocks: u64) -> Vec<u64> {
        (0..blocks).filter(|b| self.owns(first + b)).collect()
    }

    /// This shard's blocks of each of a job's simulations: all of a whole
    /// one's, its share of the others'.
    pub fn held(&self, layouts: &[Layout]) -> Vec<Vec<u64>> {
        let mut dealt = 0;
        layouts
            .iter()
            .map(|l| {
                if l.whole {
                    return (0..l.blocks).collect();
                }
                dealt += l.blocks;
                self.share(dealt - l.blocks, l.blocks)
            })
            .collect()
    }
}

/// How a simulation's chunks group into blocks.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Blocks {
    pub chunks: u64,
    pub per_block: u64,
}

impl Blocks {
    /// `chunks` chunks in at most `max_blocks` blocks of whole chunks.
    pub fn new(chunks: u64, max_blocks: u64) -> Blocks {
        Blocks { chunks, per_block: chunks.div_ceil(max_blocks.max(1)).max(1) }
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
    /// Blocks of the simulations split so far (whole ones are not dealt out).
    dealt: u64,
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
        Book { mode: Mode::Replay, state: Mutex::new(Ledger { layouts, pieces, replayed: 0, dealt: 0 }) }
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    fn lock(&self) -> MutexGuard<'_, Ledger> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Note a new simulation of a shard: its number in the job and the
    /// job's count of its first block (see [`ShardSpec::owns`]).
    pub(crate) fn begin(&self, layout: Layout) -> (u32, u64) {
        let mut l = self.lock();
        let first = l.dealt;
        if !layout.whole {
            l.dealt += layout.blocks;
        }
        l.layouts.push(layout);
        ((l.layouts.len() - 1) as u32, first)
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
    fn shares_cover_every_block_once_and_balance() {
        for first in [0u64, 5, 63] {
            for blocks in 0..40u64 {
                for count in 1..10u32 {
                    let mut all: Vec<u64> = (0..count).flat_map(|index| ShardSpec { index, count }.share(first, blocks)).collect();
                    all.sort_unstable();
                    assert_eq!(all, (0..blocks).collect::<Vec<_>>(), "{first}+{blocks} blocks in {count}");
                    let sizes: Vec<usize> = (0..count).map(|index| ShardSpec { index, count }.share(first, blocks).len()).collect();
                    assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1, "{sizes:?}");
                }
            }
        }
    }

    #[test]
    fn blocks_group_whole_chunks() {
        let b = Blocks::new(10, 64);
        assert_eq!((b.per_block, b.count()), (1, 10));
        let b = Blocks::new(130, 64);
        assert_eq!((b.per_block, b.count()), (3, 44));
        assert!(b.ends_block(2) && !b.ends_block(3) && b.ends_block(129));
        assert_eq!(b.of(129), 43);
        assert!(Blocks::new(MAX_BLOCKS * 5, MAX_BLOCKS).count() <= MAX_BLOCKS);
    }

    #[test]
    fn the_budget_shares_blocks_among_simulations() {
        // A plain run of two strategies: every chunk its own block up to the cap.
        assert_eq!(blocks_within_budget(1, 2), MAX_BLOCKS);
        // Nine groups of eight variants of two strategies: 7 blocks each.
        assert_eq!(blocks_within_budget(9, 16), 7);
        assert_eq!(blocks_within_budget(500, 16), 1);
    }
}
