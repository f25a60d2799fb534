//! Jobs split into shards (`--shard K/N`, separate processes, run in shuffled
//! order) and merged (`quotasim merge`) give every file of the one-process
//! command byte for byte; partials that are corrupt, duplicated, missing or
//! of another job are refused, naming the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

fn qs() -> Command {
    Command::new(env!("CARGO_BIN_EXE_quotasim"))
}

/// The default scenario made small: 8 reps, 2 counted quarters, `trials`
/// trials (64 trials per chunk, so 600 trials are 10 chunks).
fn scenario(dir: &TempDir, trials: u64) -> PathBuf {
    let text = quotasim::scenario::DEFAULT_SCENARIO
        .replace("trials = 1000", &format!("trials = {trials}"))
        .replace("quarters = 4 ", "quarters = 2 ")
        .replace("reps = 40", "reps = 8");
    let p = dir.path().join("small.toml");
    std::fs::write(&p, text).unwrap();
    p
}

/// Every file under `dir`, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().display().to_string(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn run_ok(args: &[&str]) -> String {
    let out = qs().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Run `args` as `n` shards in a shuffled order, one process each, into
/// `parts`; the partials' paths.
fn shards(args: &[&str], n: u32, parts: &Path, shuffle: u64) -> Vec<PathBuf> {
    let mut order: Vec<u32> = (0..n).collect();
    // A fixed shuffle per case: shards finish in any order on a cluster.
    let mut x = shuffle.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    for i in (1..order.len()).rev() {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        order.swap(i, (x >> 33) as usize % (i + 1));
    }
    for k in &order {
        let spec = format!("{k}/{n}");
        let mut a: Vec<&str> = args.to_vec();
        a.extend(["--shard", &spec, "--out", parts.to_str().unwrap(), "-q"]);
        let stdout = run_ok(&a);
        assert!(stdout.contains(&format!("shard-{k}-of-{n}.partial")), "{stdout}");
    }
    order.iter().rev().map(|k| parts.join(format!("shard-{k}-of-{n}.partial"))).collect()
}

fn merge(partials: &[PathBuf], out: &Path) -> std::process::Output {
    let mut a: Vec<String> = vec!["merge".into()];
    a.extend(partials.iter().map(|p| p.display().to_string()));
    a.extend(["--out".into(), out.display().to_string(), "-q".into()]);
    qs().args(&a).output().unwrap()
}

/// `args` run whole and as `n` shards merged write the same files.
fn same_as_one_process(args: &[&str], counts: &[u32]) {
    let tmp = TempDir::new().unwrap();
    let whole = tmp.path().join("whole");
    let mut a = args.to_vec();
    a.extend(["--out", whole.to_str().unwrap(), "-q"]);
    run_ok(&a);
    let expected = files(&whole);
    assert!(expected.contains_key("manifest.json"));
    for &n in counts {
        let parts = tmp.path().join(format!("parts-{n}"));
        let partials = shards(args, n, &parts, u64::from(n));
        let merged = tmp.path().join(format!("merged-{n}"));
        let out = merge(&partials, &merged);
        assert!(out.status.success(), "merge of {n}: {}", String::from_utf8_lossy(&out.stderr));
        let got = files(&merged);
        assert_eq!(got.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>(), "{args:?} in {n} shards");
        for (name, bytes) in &expected {
            assert!(got[name] == *bytes, "{args:?} in {n} shards: {name} differs");
        }
    }
}

#[test]
fn run_in_1_3_and_7_shards_equals_one_process() {
    let tmp = TempDir::new().unwrap();
    let s = scenario(&tmp, 600);
    same_as_one_process(&["run", s.to_str().unwrap(), "--set", "selling.win_rate={ uniform = [0.2, 0.35] }"], &[1, 3, 7]);
}

#[test]
fn a_run_of_many_chunks_folds_blocks_the_same_way() {
    // 250 reps of 2 strategies: 4 trials per chunk, 100 chunks, so blocks of 2 chunks.
    let tmp = TempDir::new().unwrap();
    let s = scenario(&tmp, 400);
    same_as_one_process(&["run", s.to_str().unwrap(), "--set", "team.reps=250", "--set", "simulation.quarters=1"], &[3]);
}

#[test]
fn sweep_in_shards_equals_one_process() {
    // 12 points run in two lockstep groups (8 and 5 variants) of 35 chunks
    // each; the accumulator budget gives the first 32 blocks, so its chunks
    // fold in pairs, and both groups' blocks are dealt out to the shards.
    let tmp = TempDir::new().unwrap();
    let s = scenario(&tmp, 2200);
    let args = [
        "sweep",
        s.to_str().unwrap(),
        "--param",
        "policy.coverage_target",
        "--range",
        "1:6.5:0.5",
        "--name",
        "cov",
        "--set",
        "simulation.quarters=1",
        "--set",
        "team.reps=4",
    ];
    same_as_one_process(&args, &[1, 3, 7]);
}

#[test]
fn tornado_in_shards_equals_one_process() {
    let tmp = TempDir::new().unwrap();
    let s = scenario(&tmp, 300);
    // 130 trials are 3 chunks per swing, and the swings' groups are many simulations.
    let args = ["tornado", s.to_str().unwrap(), "--trials", "130", "--set", "simulation.quarters=1", "--set", "team.reps=4", "--no-charts"];
    same_as_one_process(&args, &[1, 3, 7]);
}

#[test]
fn plan_coverage_in_shards_equals_one_process() {
    let tmp = TempDir::new().unwrap();
    let s = scenario(&tmp, 260);
    let args =
        ["plan-coverage", s.to_str().unwrap(), "--targets", "2,4,6", "--screen-trials", "64", "--confirm-precision", "0", "--no-charts"];
    same_as_one_process(&args, &[1, 3, 7]);
}

#[test]
fn sensitivity_in_shards_equals_one_process() {
    let tmp = TempDir::new().unwrap();
    let s = scenario(&tmp, 100);
    let sobol = [
        "sensitivity",
        s.to_str().unwrap(),
        "--rows",
        "300",
        "--set",
        "selling.win_rate={ uniform = [0.2, 0.35] }",
        "--set",
        "selling.deal_size_median={ uniform = [20000, 30000] }",
        "--no-charts",
    ];
    same_as_one_process(&sobol, &[1, 3, 7]);
    let morris = ["sensitivity", s.to_str().unwrap(), "--method", "morris", "--trials", "64", "--trajectories", "2", "--no-charts"];
    same_as_one_process(&morris, &[1, 3, 7]);
}

/// A job's partials written into `parts`, for the refusal tests.
fn three_partials(tmp: &TempDir, extra: &[&str]) -> Vec<PathBuf> {
    let s = scenario(tmp, 400);
    let parts = tmp.path().join(format!("parts{}", extra.join("").replace(['=', '.', ' '], "")));
    let mut args = vec!["run", s.to_str().unwrap(), "--no-charts"];
    args.extend(extra);
    shards(&args, 3, &parts, 1)
}

fn refused(partials: &[PathBuf], needle: &str) {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("merged");
    let o = merge(partials, &out);
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(needle), "expected {needle:?} in: {stderr}");
    assert!(!out.exists(), "nothing may be written when a merge is refused");
}

#[test]
fn missing_duplicate_and_foreign_partials_are_refused() {
    let tmp = TempDir::new().unwrap();
    let p = three_partials(&tmp, &[]);
    let by_index = |k: usize| p.iter().find(|x| x.ends_with(format!("shard-{k}-of-3.partial"))).unwrap().clone();
    refused(&[by_index(0), by_index(2)], "missing shard 1 of 3 (shard-1-of-3.partial): the job has 3 shards and 2 were given");
    let copy = tmp.path().join("copy-of-1.partial");
    std::fs::copy(by_index(1), &copy).unwrap();
    refused(&[by_index(0), by_index(1), copy.clone(), by_index(2)], "are both shard 1 of 3");

    let seed = three_partials(&tmp, &["--seed", "99"]);
    let mut mixed = p.clone();
    mixed[0] = seed.iter().find(|x| x.ends_with("shard-1-of-3.partial")).unwrap().clone();
    refused(&mixed, "seed 99, not 20261127");
    let other = three_partials(&tmp, &["--set", "policy.coverage_target=5"]);
    refused(&[by_index(0), by_index(1), other[0].clone()], "belongs to another job");
    let four = {
        let s = tmp.path().join("small.toml");
        shards(&["run", s.to_str().unwrap(), "--no-charts"], 4, &tmp.path().join("four"), 2)
    };
    refused(&[by_index(0), four[0].clone()], "one of 4 shards, not of 3");
}

#[test]
fn corrupt_partials_are_refused() {
    let tmp = TempDir::new().unwrap();
    let p = three_partials(&tmp, &[]);
    let bytes = std::fs::read(&p[0]).unwrap();

    let cut = tmp.path().join("cut.partial");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    refused(&[cut.clone(), p[1].clone(), p[2].clone()], "cut.partial: cut short or changed");

    let mut flipped = bytes.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x01;
    let tampered = tmp.path().join("tampered.partial");
    std::fs::write(&tampered, &flipped).unwrap();
    refused(&[p[1].clone(), tampered, p[2].clone()], "tampered.partial: cut short or changed");

    let text = tmp.path().join("notes.partial");
    std::fs::write(&text, "hello").unwrap();
    refused(&[text, p[1].clone()], "not a quotasim partial");
}

/// Rewrite a partial's header line with `edit` and seal it again, as a
/// partial of another program would be.
fn reseal(path: &Path, edit: impl Fn(&mut serde_json::Value)) -> Vec<u8> {
    use sha2::Digest;
    let bytes = std::fs::read(path).unwrap();
    let body_end = bytes.len() - (b"\nend sha256=".len() + 65);
    let first = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    let second = first + bytes[first..].iter().position(|&b| b == b'\n').unwrap();
    let mut header: serde_json::Value = serde_json::from_slice(&bytes[first..second]).unwrap();
    edit(&mut header);
    let mut out = bytes[..first].to_vec();
    out.extend(serde_json::to_vec(&header).unwrap());
    out.extend(&bytes[second..body_end]);
    let sum: String = sha2::Sha256::digest(&out).iter().map(|b| format!("{b:02x}")).collect();
    out.extend(format!("\nend sha256={sum}\n").into_bytes());
    out
}

#[test]
fn partials_of_another_version_are_refused() {
    let tmp = TempDir::new().unwrap();
    let p = three_partials(&tmp, &[]);
    // A partial resealed unchanged still merges: the test's sealing is the real one.
    let same = tmp.path().join("resealed.partial");
    std::fs::write(&same, reseal(&p[0], |_| {})).unwrap();
    let merged = merge(&[same, p[1].clone(), p[2].clone()], &tmp.path().join("ok"));
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    let older = tmp.path().join("older.partial");
    std::fs::write(&older, reseal(&p[2], |h| h["program"] = "quotasim 0.0.1".into())).unwrap();
    refused(&[p[0].clone(), p[1].clone(), older.clone()], "written by quotasim 0.0.1");
    // The same version built against another C library is another program.
    let mine = quotasim::shard::program();
    let theirs = if mine.contains("-musl)") { mine.replace("-musl)", "-gnu)") } else { mine.replace("-gnu)", "-musl)") };
    assert_ne!(mine, theirs);
    std::fs::write(&older, reseal(&p[2], |h| h["program"] = theirs.clone().into())).unwrap();
    refused(&[p[0].clone(), p[1].clone(), older], &format!("written by {theirs}; this is {mine}"));
    let newer = tmp.path().join("newer.partial");
    std::fs::write(&newer, reseal(&p[1], |h| h["format"] = (quotasim::shard::FORMAT + 1).into())).unwrap();
    refused(&[p[0].clone(), newer, p[2].clone()], &format!("written in partial format {}", quotasim::shard::FORMAT + 1));
}

#[test]
fn jobs_that_cannot_be_split_say_why() {
    let tmp = TempDir::new().unwrap();
    let s = scenario(&tmp, 100);
    let s = s.to_str().unwrap();
    let parts = tmp.path().join("parts");
    let p = parts.to_str().unwrap();
    let refuse = |args: &[&str], needle: &str| {
        qs().args(args).assert().code(2).stderr(predicate::str::contains(needle));
    };
    refuse(&["run", s, "--shard", "3/3", "--out", p], "shards are numbered 0 to 2");
    refuse(&["run", s, "--shard", "0/0", "--out", p], "at least 1 shard");
    refuse(&["run", s, "--shard", "x", "--out", p], "expected K/N");
    refuse(&["run", s, "--shard", "0/2", "--precision", "0.02", "--out", p], "--precision");
    refuse(&["run", s, "--shard", "0/2", "--records", "--out", p], "--records");
    refuse(&["solve", s, "--param", "quota", "--target", "share_at_quota=0.5", "--shard", "0/2", "--out", p], "solve");
    refuse(&["plan-coverage", s, "--shard", "0/2", "--out", p], "--confirm-precision 0");
    assert!(!parts.exists(), "a refused shard writes nothing");
}
