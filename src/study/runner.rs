//! Runs many variants of a scenario: in lockstep groups (so paired differences
//! between them can be recorded), over deterministic batches of trials, until
//! the trial count or a precision target is reached.
//!
//! Every variant gets the same trials, so common random numbers hold across the
//! whole job, also when a precision target adds batches.

use crate::engine::Lockstep;
use crate::engine::{EngineError, RunControl};
use crate::scenario::Scenario;
use crate::stats::summary::Stopping;
use crate::stats::{LockstepAccum, PairAccum};
use crate::stats::{RunAccum, Summary};

use super::Objective;
use super::precision::{self, MIN_TRIALS};

/// How many (variant, strategy) pairs one lockstep group may hold; wider jobs
/// are split into groups (see [`windows`], [`with_base`]). Small groups keep
/// each variant's sampling tables in cache: on the default scenario, 20
/// variants in one group cost 0.70 CPU-s per point, 4 cost 0.38 (2 cores).
pub const GROUP_ACCUMS: usize = 16;

/// Variants per group for a scenario with `strategies` strategies.
pub fn group_limit(strategies: usize) -> usize {
    (GROUP_ACCUMS / strategies.max(1)).max(2)
}

/// Overlapping windows over `0..n` of at most `size` variants, each sharing its
/// first variant with the previous window's last, so that every neighbour pair
/// (i, i+1) lies inside one window.
pub fn windows(n: usize, size: usize) -> Vec<Vec<usize>> {
    let size = size.max(2);
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let end = (start + size).min(n);
        out.push((start..end).collect());
        if end >= n {
            return out;
        }
        start = end - 1;
    }
}

/// Groups of at most `size` variants that all contain variant 0 (the base),
/// keeping runs of `keep_together` consecutive others (e.g. a low/high pair) in
/// one group.
pub fn with_base(n: usize, size: usize, keep_together: usize) -> Vec<Vec<usize>> {
    let k = keep_together.max(1);
    let per = ((size.max(k + 1) - 1) / k * k).max(k);
    (1..n).collect::<Vec<_>>().chunks(per).map(|c| std::iter::once(0).chain(c.iter().copied()).collect()).collect()
}

/// The variants to run and how.
pub struct Job {
    pub variants: Vec<Scenario>,
    /// Variant indices run in lockstep; each wanted pair must lie in one group.
    pub groups: Vec<Vec<usize>>,
    /// Pairs (a, b) whose paired differences b - a are wanted.
    pub pairs: Vec<(usize, usize)>,
}

/// Keep adding trials until every variant's 95% half-width of `metric` is at
/// most `target`, or `max_trials` is reached.
#[derive(Clone, Copy, Debug)]
pub struct Precision {
    pub target: f64,
    pub metric: Objective,
    pub max_trials: u64,
}

/// Results of a job.
pub struct Outcome {
    pub trials: u64,
    /// One per variant, exactly as a separate run of that variant would give.
    pub runs: Vec<RunAccum>,
    /// In the order of [`Job::pairs`].
    pub pairs: Vec<PairAccum>,
    pub stopping: Option<Stopping>,
}

impl Outcome {
    pub fn pair(&self, a: usize, b: usize) -> Option<&PairAccum> {
        self.pairs.iter().find(|p| p.a == a && p.b == b)
    }
}

struct Prepared {
    members: Vec<usize>,
    lock: Lockstep,
    /// (index into job.pairs, local a, local b)
    pairs: Vec<(usize, usize, usize)>,
    acc: Option<LockstepAccum>,
}

/// Run a job for `trials` trials (or to a precision target). `control.records`
/// is ignored; progress counts simulated strategy-trials.
pub fn run(job: &Job, trials: u64, precision: Option<Precision>, control: &mut RunControl<'_>) -> Result<Outcome, EngineError> {
    let mut assigned = vec![false; job.pairs.len()];
    let mut groups: Vec<Prepared> = Vec::new();
    for members in &job.groups {
        let local = |v: usize| members.iter().position(|m| *m == v);
        let mut pairs = Vec::new();
        for (k, &(a, b)) in job.pairs.iter().enumerate() {
            if let (false, Some(la), Some(lb)) = (assigned[k], local(a), local(b)) {
                assigned[k] = true;
                pairs.push((k, la, lb));
            }
        }
        let variants: Vec<Scenario> = members.iter().map(|&v| job.variants[v].clone()).collect();
        let local_pairs: Vec<(usize, usize)> = pairs.iter().map(|&(_, a, b)| (a, b)).collect();
        let mut lock = Lockstep::new(&variants, &local_pairs);
        lock.share_blocks_among(job.groups.len());
        groups.push(Prepared { members: members.clone(), lock, pairs, acc: None });
    }
    assert!(assigned.iter().all(|a| *a), "every wanted pair must lie in one group");

    let cap = precision.map_or(trials, |p| p.max_trials.max(1));
    let first = trials.min(cap).max(1);
    let unit = precision::batch_unit(first);
    let weights: Vec<u64> = groups.iter().map(|g| g.lock.simulated_strategies() as u64).collect();
    let weight_sum: u64 = weights.iter().sum::<u64>().max(1);
    let outer = control.progress;
    let (mut done, mut next) = (0u64, first);
    let stopping = loop {
        let batch = next - done;
        let mut offset = 0u64;
        for (g, w) in groups.iter_mut().zip(&weights) {
            let base = done * weight_sum + offset;
            let total = next * weight_sum;
            let report = move |d: u64, _t: u64| {
                if let Some(p) = outer {
                    p(base + d * w, total);
                }
            };
            let mut ctl =
                RunControl { pool: control.pool, cancel: control.cancel, progress: Some(&report), records: None, share: control.share };
            let acc = g.lock.run(done..next, &mut ctl)?;
            match &mut g.acc {
                Some(total) => total.merge(&acc),
                None => g.acc = Some(acc),
            }
            offset += batch * w;
        }
        done = next;
        let Some(p) = precision else { break None };
        let worst = (0..job.variants.len())
            .map(|v| {
                let run = run_of(&groups, v);
                precision::worst_half_width(&Summary::build(&job.variants[v], run), p.metric)
            })
            .fold(0.0, f64::max);
        let stop = |reason: &str| {
            Some(Stopping {
                metric: p.metric.as_str().to_string(),
                target_half_width: p.target,
                achieved_half_width: worst,
                max_trials: p.max_trials,
                reason: reason.to_string(),
            })
        };
        if worst <= p.target && done >= MIN_TRIALS.min(cap) {
            break stop("precision_reached");
        }
        if done >= cap {
            break stop("trial_cap_reached");
        }
        next = precision::next_total(done, worst, p.target, unit, cap);
    };

    let runs = (0..job.variants.len()).map(|v| run_of(&groups, v).clone()).collect();
    let mut pairs: Vec<Option<PairAccum>> = vec![None; job.pairs.len()];
    for g in &groups {
        let acc = g.acc.as_ref().expect("every group ran");
        for (&(k, _, _), p) in g.pairs.iter().zip(&acc.pairs) {
            let (a, b) = job.pairs[k];
            pairs[k] = Some(PairAccum { a, b, strategies: p.strategies.clone() });
        }
    }
    Ok(Outcome { trials: done, runs, pairs: pairs.into_iter().map(|p| p.expect("assigned")).collect(), stopping })
}

/// A variant's accumulator, from the first group that ran it.
fn run_of(groups: &[Prepared], v: usize) -> &RunAccum {
    groups
        .iter()
        .find_map(|g| {
            let i = g.members.iter().position(|m| *m == v)?;
            g.acc.as_ref().map(|a| &a.runs[i])
        })
        .expect("every variant is in a group")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_every_neighbour_pair() {
        assert_eq!(windows(5, 3), vec![vec![0, 1, 2], vec![2, 3, 4]]);
        assert_eq!(windows(2, 32), vec![vec![0, 1]]);
        assert_eq!(windows(1, 32), vec![vec![0]]);
        for n in 1..40 {
            let w = windows(n, 7);
            for i in 1..n {
                assert!(w.iter().any(|g| g.contains(&(i - 1)) && g.contains(&i)), "n={n} i={i}");
            }
        }
    }

    #[test]
    fn base_groups_keep_pairs_together() {
        let g = with_base(7, 5, 2);
        assert_eq!(g, vec![vec![0, 1, 2, 3, 4], vec![0, 5, 6]]);
        assert_eq!(with_base(1, 5, 2), Vec::<Vec<usize>>::new());
    }
}
