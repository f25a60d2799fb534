//! A set of partials made one job: each readable, all of one job, every
//! shard there exactly once, each holding exactly its share. The order the
//! files are given in does not matter.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{CorruptPartial, Header, Partial, decode};
use crate::engine::share::{Book, Piece, ShardSpec};

/// Why partials cannot be merged, naming the files.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("{}: {why}", .file.display())]
    Corrupt { file: PathBuf, why: CorruptPartial },
    #[error("{}: belongs to another job than {}: {difference}", .file.display(), .reference.display())]
    Foreign { file: PathBuf, reference: PathBuf, difference: String },
    #[error("{}: written by {found}; this is {}: merge with the program that ran the shards", .file.display(), super::program())]
    OtherProgram { file: PathBuf, found: String },
    #[error("{} and {} are both shard {index} of {count}", .first.display(), .second.display())]
    Duplicate { index: u32, count: u32, first: PathBuf, second: PathBuf },
    #[error("missing {}: the job has {count} shards and {given} were given", missing_list(.missing, *.count))]
    Missing { missing: Vec<u32>, count: u32, given: usize },
    #[error("{}: {why}", .file.display())]
    Inconsistent { file: PathBuf, why: String },
}

fn missing_list(missing: &[u32], count: u32) -> String {
    let shown = &missing[..missing.len().min(8)];
    let numbers: Vec<String> = shown.iter().map(u32::to_string).collect();
    let files: Vec<String> = shown.iter().map(|&index| super::file_name(ShardSpec { index, count })).collect();
    let more = if missing.len() > 8 { format!(" and {} more", missing.len() - 8) } else { String::new() };
    let noun = if missing.len() == 1 { "shard" } else { "shards" };
    format!("{noun} {}{more} of {count} ({}{more})", numbers.join(", "), files.join(", "))
}

/// Partials ready to replay: the job's header (shard 0's), the scenario's
/// text and every block, once.
pub struct Assembled {
    pub header: Header,
    pub scenario_text: Option<String>,
    pub book: Book,
}

/// What differs between two jobs' headers, in words.
fn difference(a: &Header, b: &Header) -> String {
    let differs = |what: &str, x: &dyn std::fmt::Display, y: &dyn std::fmt::Display| format!("{what} {y}, not {x}");
    if a.program != b.program {
        return differs("written by", &a.program, &b.program);
    }
    if a.command != b.command {
        return differs("a job of", &a.command, &b.command);
    }
    if a.scenario.sha256 != b.scenario.sha256 {
        return format!(
            "scenario {} (sha256 {}…), not {} (sha256 {}…)",
            b.scenario.source,
            &b.scenario.sha256[..12.min(b.scenario.sha256.len())],
            a.scenario.source,
            &a.scenario.sha256[..12.min(a.scenario.sha256.len())]
        );
    }
    if a.seed != b.seed {
        return differs("seed", &a.seed, &b.seed);
    }
    if a.trials != b.trials {
        return differs("trials", &a.trials, &b.trials);
    }
    if a.overrides != b.overrides {
        return differs("overrides", &format!("{:?}", a.overrides), &format!("{:?}", b.overrides));
    }
    if a.shard.count != b.shard.count {
        return format!("one of {} shards, not of {}", b.shard.count, a.shard.count);
    }
    format!("its command line `{}` differs from `{}`", b.args.join(" "), a.args.join(" "))
}

/// Read and check `files` (path, bytes) as one job's partials.
pub fn assemble(files: Vec<(PathBuf, Vec<u8>)>) -> Result<Assembled, MergeError> {
    let mut partials: Vec<(PathBuf, Partial)> = Vec::with_capacity(files.len());
    for (file, bytes) in files {
        let partial = decode(&bytes).map_err(|why| MergeError::Corrupt { file: file.clone(), why })?;
        partials.push((file, partial));
    }
    // The lowest shard is the reference, so messages do not depend on the order given.
    partials.sort_by_key(|(f, p)| (p.header.shard.index, f.clone()));
    let (reference, first) = partials.first().map(|(f, p)| (f.clone(), p.header.clone())).expect("at least one partial");
    let count = first.shard.count;
    let mut seen: BTreeMap<u32, PathBuf> = BTreeMap::new();
    for (file, p) in &partials {
        let h = &p.header;
        if h.program != super::program() {
            return Err(MergeError::OtherProgram { file: file.clone(), found: h.program.clone() });
        }
        if h.job != first.job || h.shard.count != count {
            return Err(MergeError::Foreign { file: file.clone(), reference: reference.clone(), difference: difference(&first, h) });
        }
        if let Some(other) = seen.insert(h.shard.index, file.clone()) {
            return Err(MergeError::Duplicate { index: h.shard.index, count, first: other, second: file.clone() });
        }
    }
    let missing: Vec<u32> = (0..count).filter(|k| !seen.contains_key(k)).collect();
    if !missing.is_empty() {
        return Err(MergeError::Missing { missing, count, given: partials.len() });
    }
    for (file, p) in &partials {
        check_share(file, p, &first)?;
    }
    // Blocks move into the job, one partial at a time (a job's blocks can be
    // most of its memory); a block of a simulation every shard ran in full
    // is the reference's, and the others' copies must equal it.
    let layouts: Vec<_> = first.work.iter().map(|w| w.layout.clone()).collect();
    let mut partials = partials.into_iter();
    let (_, mut reference) = partials.next().expect("at least one partial");
    let mut pieces: Vec<Piece> = Vec::new();
    for (file, p) in partials {
        for piece in p.pieces {
            if layouts[piece.call as usize].whole {
                same_as_reference(&file, &piece, &reference)?;
            } else {
                pieces.push(piece);
            }
        }
    }
    pieces.append(&mut reference.pieces);
    Ok(Assembled { header: first, scenario_text: reference.scenario_text, book: Book::replay(layouts, pieces) })
}

/// A partial holds exactly its share of every simulation the job ran.
fn check_share(file: &Path, p: &Partial, first: &Header) -> Result<(), MergeError> {
    let bad = |why: String| MergeError::Inconsistent { file: file.to_path_buf(), why };
    let work = &p.header.work;
    if work.len() != first.work.len() || work.iter().zip(&first.work).any(|(a, b)| a.layout != b.layout) {
        return Err(bad("its simulations differ from the other shards' (written by a different build?)".into()));
    }
    let layouts: Vec<_> = work.iter().map(|w| w.layout.clone()).collect();
    let mut expected = Vec::new();
    for (call, (w, share)) in work.iter().zip(p.header.shard.held(&layouts)).enumerate() {
        if w.held != share {
            return Err(bad(format!("simulation {call}: holds blocks {:?}, its share is {share:?}", w.held)));
        }
        expected.extend(share.into_iter().map(|b| (call as u32, b)));
    }
    let held: Vec<(u32, u64)> = p.pieces.iter().map(|x| (x.call, x.block)).collect();
    if held != expected {
        return Err(bad(format!("holds {} blocks, not the {} its header lists", held.len(), expected.len())));
    }
    Ok(())
}

/// A simulation every shard ran in full gave every shard the same block.
fn same_as_reference(file: &Path, piece: &Piece, reference: &Partial) -> Result<(), MergeError> {
    let bytes = |p: &Piece| {
        let mut b = Vec::new();
        ciborium::into_writer(p, &mut b).expect("statistics serialise to memory");
        b
    };
    let theirs = reference.pieces.iter().find(|r| r.call == piece.call && r.block == piece.block);
    if theirs.is_some_and(|r| bytes(r) == bytes(piece)) {
        Ok(())
    } else {
        Err(MergeError::Inconsistent {
            file: file.to_path_buf(),
            why: format!("block {} of simulation {}, which every shard runs in full, differs from shard 0's", piece.block, piece.call),
        })
    }
}
