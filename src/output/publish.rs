//! A run's files put into its folder so that the folder holds exactly that
//! run's files (besides any that quotasim did not write), in an order that is
//! safe to stop at any moment:
//!
//! 1. every file is written under a temporary name and flushed to disk: a
//!    stop here leaves the folder as it was (the next run removes the
//!    temporary files);
//! 2. `manifest.json` is rewritten, marked incomplete: the new files, and
//!    the previous run's files still to remove;
//! 3. the files are renamed into place;
//! 4. the previous run's files that this run does not write are removed,
//!    if they are still exactly what quotasim wrote (an edited file stays);
//! 5. `manifest.json` is rewritten complete.
//!
//! Nothing outside the folder is touched: manifest paths are plain relative
//! paths, and a file is only removed when its folder lies inside the run's.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::manifest::{FileEntry, MANIFEST, Manifest, RunInfo, is_inside};
use super::{AtomicFile, Staged, hash_file, remove_stale_temps, write_atomic};

/// What publishing changed in the folder.
#[derive(Debug, Default)]
pub struct Published {
    /// The files written, in the order given, then the manifest.
    pub written: Vec<PathBuf>,
    /// Files of the previous run that this one does not write: removed.
    pub removed: Vec<PathBuf>,
    /// Files of the previous run that this one does not write, kept because
    /// they changed since quotasim wrote them.
    pub kept: Vec<PathBuf>,
    /// The previous run in the folder, when it was another run.
    pub replaced: Option<RunInfo>,
}

/// Write `files` (name relative to `dir`, '/'-separated, and bytes) and the
/// already streamed `streamed` files into `dir` as the run `run`; `keep`
/// names files already in the folder that belong to this run too (listed,
/// not rewritten).
pub fn publish(
    dir: &Path,
    run: &RunInfo,
    run_id: &str,
    files: Vec<(String, Vec<u8>)>,
    streamed: Vec<AtomicFile>,
    keep: &[String],
) -> io::Result<Published> {
    let staged = stage(dir, files, streamed)?;
    let mut entries: Vec<FileEntry> =
        staged.iter().map(|(name, s)| FileEntry { path: name.clone(), sha256: s.sha256().into(), bytes: s.bytes() }).collect();
    for name in keep.iter().filter(|k| is_inside(k) && k.as_str() != MANIFEST) {
        if !entries.iter().any(|e| &e.path == name)
            && let Ok((sha256, bytes)) = hash_file(&dir.join(name))
        {
            entries.push(FileEntry { path: name.clone(), sha256, bytes });
        }
    }
    let previous = Manifest::read(dir);
    let new_paths: BTreeSet<String> = entries.iter().map(|e| e.path.clone()).collect();
    let mut stale: Vec<FileEntry> = Vec::new();
    for e in previous.iter().flat_map(Manifest::known_files) {
        if is_inside(&e.path) && !new_paths.contains(&e.path) && !stale.iter().any(|s| s.path == e.path) {
            stale.push(e.clone());
        }
    }
    let manifest = Manifest::new(run, run_id, entries);
    let journal = Manifest { incomplete: true, stale: stale.clone(), ..manifest.clone() };
    write_atomic(&dir.join(MANIFEST), &journal.to_bytes())?;

    let mut out = Published { replaced: previous.filter(|p| p.run_id != run_id).map(|p| p.run), ..Published::default() };
    for (name, s) in staged {
        s.commit()?;
        out.written.push(dir.join(name));
    }
    for e in &stale {
        match remove_if_ours(dir, e)? {
            Removal::Removed => out.removed.push(dir.join(&e.path)),
            Removal::Changed => out.kept.push(dir.join(&e.path)),
            Removal::Gone => {}
        }
    }
    write_atomic(&dir.join(MANIFEST), &manifest.to_bytes())?;
    out.written.push(dir.join(MANIFEST));
    Ok(out)
}

/// Every file written to disk under its temporary name, with its relative name.
fn stage(dir: &Path, files: Vec<(String, Vec<u8>)>, streamed: Vec<AtomicFile>) -> io::Result<Vec<(String, Staged)>> {
    let mut names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    for f in &streamed {
        names.push(relative(dir, f.target())?);
    }
    for (i, name) in names.iter().enumerate() {
        if !is_inside(name) || name == MANIFEST || names[..i].contains(name) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("cannot write `{name}` as an output file")));
        }
    }
    let folders: BTreeSet<PathBuf> = names.iter().filter_map(|n| dir.join(n).parent().map(Path::to_path_buf)).collect();
    for folder in &folders {
        fs::create_dir_all(folder)?;
        remove_stale_temps(folder);
    }
    let written = files.len();
    let mut staged = in_parallel(files, |(name, bytes)| {
        let mut f = AtomicFile::create(&dir.join(&name))?;
        f.write_all(&bytes)?;
        Ok((name, f.stage()?))
    })?;
    let streamed: Vec<(String, AtomicFile)> = names[written..].iter().cloned().zip(streamed).collect();
    staged.extend(in_parallel(streamed, |(name, f)| Ok((name, f.stage()?)))?);
    Ok(staged)
}

/// Files staged at once, in the order given. Each waits mostly for its
/// flush to disk, and the file system commits concurrent flushes together,
/// so a run's twenty files take about the time of a few. On an error the
/// files already staged are dropped, which deletes them.
fn in_parallel<T: Send, R: Send>(items: Vec<T>, stage: impl Fn(T) -> io::Result<R> + Sync) -> io::Result<Vec<R>> {
    /// Files flushed at once: enough to overlap the waits, few enough threads.
    const AT_ONCE: usize = 16;
    let mut done = Vec::with_capacity(items.len());
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        let batch: Vec<T> = items.by_ref().take(AT_ONCE).collect();
        let results: Vec<io::Result<R>> = std::thread::scope(|scope| {
            let stage = &stage;
            // A thread the system cannot start is an error like any other.
            let handles: Vec<_> =
                batch.into_iter().map(|item| std::thread::Builder::new().spawn_scoped(scope, move || stage(item))).collect();
            let joined = |h: std::thread::ScopedJoinHandle<'_, io::Result<R>>| {
                h.join().unwrap_or_else(|_| Err(io::Error::other("writing a file panicked")))
            };
            handles.into_iter().map(|h| h.and_then(joined)).collect()
        });
        for r in results {
            done.push(r?);
        }
    }
    Ok(done)
}

/// `path` relative to `dir`, '/'-separated.
fn relative(dir: &Path, path: &Path) -> io::Result<String> {
    let rel = path.strip_prefix(dir).map_err(|_| io::Error::other(format!("{} is not inside {}", path.display(), dir.display())))?;
    Ok(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
}

enum Removal {
    Removed,
    /// Not what quotasim wrote any more (or not a plain file inside the folder): kept.
    Changed,
    Gone,
}

/// Remove a file of a previous run if it is still exactly what was written,
/// then its folders up to `dir` if that left them empty.
fn remove_if_ours(dir: &Path, e: &FileEntry) -> io::Result<Removal> {
    let path = dir.join(&e.path);
    let Ok(meta) = fs::symlink_metadata(&path) else { return Ok(Removal::Gone) };
    let inside = match (path.parent().map(fs::canonicalize), fs::canonicalize(dir)) {
        (Some(Ok(parent)), Ok(root)) => parent.starts_with(root),
        _ => false,
    };
    if !inside || !meta.file_type().is_file() || meta.len() != e.bytes || hash_file(&path)?.0 != e.sha256 {
        return Ok(Removal::Changed);
    }
    fs::remove_file(&path)?;
    let mut folder = path.parent();
    while let Some(f) = folder.filter(|f| *f != dir && f.starts_with(dir)) {
        if fs::remove_dir(f).is_err() {
            break;
        }
        folder = f.parent();
    }
    Ok(Removal::Removed)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::ScenarioRef;
    use super::*;

    fn run(seed: u64) -> RunInfo {
        RunInfo {
            command: "run".into(),
            version: "0".into(),
            scenario: ScenarioRef { name: "s".into(), sha256: "0".repeat(64), source: "s.toml".into() },
            seed,
            trials: 10,
            overrides: vec![],
            options: BTreeMap::new(),
        }
    }

    fn files(names: &[&str]) -> Vec<(String, Vec<u8>)> {
        names.iter().map(|n| (n.to_string(), format!("bytes of {n}").into_bytes())).collect()
    }

    fn listing(dir: &Path) -> Vec<String> {
        fn walk(root: &Path, d: &Path, out: &mut Vec<String>) {
            for e in fs::read_dir(d).unwrap().flatten() {
                if e.path().is_dir() {
                    walk(root, &e.path(), out);
                } else {
                    out.push(relative(root, &e.path()).unwrap());
                }
            }
        }
        let mut out = Vec::new();
        walk(dir, dir, &mut out);
        out.sort();
        out
    }

    fn publish_files(dir: &Path, r: &RunInfo, names: &[&str]) -> Published {
        publish(dir, r, &r.run_id(), files(names), vec![], &[]).unwrap()
    }

    #[test]
    fn the_folder_holds_exactly_the_last_runs_files_and_the_users() {
        let tmp = tempfile::TempDir::new().unwrap();
        let dir = tmp.path();
        let r = run(1);
        publish_files(dir, &r, &["summary.json", "chart.png", "points/000/summary.json", "points/001/summary.json"]);
        fs::write(dir.join("notes.txt"), "mine").unwrap();
        let p = publish_files(dir, &r, &["summary.json", "points/000/summary.json"]);
        assert_eq!(p.removed.len(), 2);
        assert!(p.replaced.is_none());
        assert_eq!(listing(dir), ["manifest.json", "notes.txt", "points/000/summary.json", "summary.json"]);
        assert!(!dir.join("points/001").exists(), "an emptied folder goes too");
        let m = Manifest::read(dir).unwrap();
        for e in &m.files {
            assert_eq!(hash_file(&dir.join(&e.path)).unwrap(), (e.sha256.clone(), e.bytes));
        }
        // Another run replaces this one, and says so.
        let p = publish_files(dir, &run(2), &["summary.json"]);
        assert_eq!(p.replaced.map(|r| r.seed), Some(1));
        assert_eq!(listing(dir), ["manifest.json", "notes.txt", "summary.json"]);
    }

    #[test]
    fn an_edited_file_and_paths_outside_the_folder_are_never_removed() {
        let tmp = tempfile::TempDir::new().unwrap();
        let dir = tmp.path().join("out");
        let r = run(1);
        publish_files(&dir, &r, &["a.csv", "b.csv"]);
        fs::write(dir.join("b.csv"), "edited by hand").unwrap();
        fs::write(tmp.path().join("outside.txt"), "bytes of outside").unwrap();
        // A hand-edited manifest pointing outside the folder.
        let mut m = Manifest::read(&dir).unwrap();
        let (sha256, bytes) = hash_file(&tmp.path().join("outside.txt")).unwrap();
        m.files.push(FileEntry { path: "../outside.txt".into(), sha256, bytes });
        fs::write(dir.join(MANIFEST), m.to_bytes()).unwrap();
        let p = publish_files(&dir, &r, &["a.csv"]);
        assert_eq!(p.kept, [dir.join("b.csv")]);
        assert!(tmp.path().join("outside.txt").exists());
        assert_eq!(listing(&dir), ["a.csv", "b.csv", "manifest.json"]);
        assert!(Manifest::read(&dir).unwrap().files.iter().all(|e| e.path == "a.csv"));
    }

    #[test]
    fn a_run_stopped_at_any_step_leaves_no_partial_file_and_the_next_cleans_up() {
        let tmp = tempfile::TempDir::new().unwrap();
        let dir = tmp.path();
        let r = run(1);
        publish_files(dir, &r, &["summary.json", "old.png"]);
        let before = listing(dir);
        // Stopped while staging: temporary files only, the folder as it was.
        let staged = stage(dir, files(&["summary.json", "new.png"]), vec![]).unwrap();
        std::mem::forget(staged);
        let temps = listing(dir).into_iter().filter(|f| f.starts_with(super::super::TEMP_PREFIX)).count();
        assert_eq!(temps, 2);
        // Stopped after the journal and one rename: the manifest says so and
        // names every file quotasim wrote, old and new.
        let staged = stage(dir, files(&["summary.json", "new.png"]), vec![]).unwrap();
        let entries = staged.iter().map(|(n, s)| FileEntry { path: n.clone(), sha256: s.sha256().into(), bytes: s.bytes() }).collect();
        let old = Manifest::read(dir).unwrap();
        let journal = Manifest { incomplete: true, stale: old.files.clone(), ..Manifest::new(&r, &r.run_id(), entries) };
        write_atomic(&dir.join(MANIFEST), &journal.to_bytes()).unwrap();
        let mut staged = staged.into_iter();
        staged.next().unwrap().1.commit().unwrap();
        std::mem::forget(staged.collect::<Vec<_>>());
        let m = Manifest::read(dir).unwrap();
        assert!(m.incomplete);
        let known: Vec<&str> = m.known_files().map(|e| e.path.as_str()).collect();
        for f in listing(dir).iter().filter(|f| !f.starts_with(super::super::TEMP_PREFIX) && *f != MANIFEST) {
            assert!(known.contains(&f.as_str()), "{f} unknown to the manifest");
        }
        assert_ne!(listing(dir), before);
        // The next run removes what the stopped one and its predecessor wrote.
        prepare_temps_cleared(dir);
        publish_files(dir, &r, &["summary.json"]);
        assert_eq!(listing(dir), ["manifest.json", "summary.json"]);
    }

    /// What `prepare_dir` does before a run: temporary files of other processes go.
    fn prepare_temps_cleared(dir: &Path) {
        for f in listing(dir).iter().filter(|f| f.starts_with(super::super::TEMP_PREFIX)) {
            fs::remove_file(dir.join(f)).unwrap();
        }
    }

    #[test]
    fn files_staged_at_once_keep_their_order_and_a_failure_leaves_no_temporary_file() {
        let tmp = tempfile::TempDir::new().unwrap();
        let dir = tmp.path();
        // More files than are flushed at once, so the batches follow each other.
        let names: Vec<String> = (0..40).map(|i| format!("f{i:02}.csv")).collect();
        let staged = stage(dir, files(&names.iter().map(String::as_str).collect::<Vec<_>>()), vec![]).unwrap();
        assert_eq!(staged.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), names);
        for (name, s) in &staged {
            let bytes = format!("bytes of {name}");
            assert_eq!((s.sha256(), s.bytes()), (super::super::sha256_hex(bytes.as_bytes()).as_str(), bytes.len() as u64));
        }
        drop(staged);
        assert_eq!(listing(dir), Vec::<String>::new());
        // A name too long for the file system, in the middle of a batch and
        // of the second batch: the error, and none of the others' temporary files.
        let long = "x".repeat(300);
        for at in [5, 20] {
            let mut names: Vec<&str> = names.iter().map(String::as_str).collect();
            names[at] = &long;
            assert!(stage(dir, files(&names), vec![]).is_err(), "at {at}");
            assert_eq!(listing(dir), Vec::<String>::new(), "at {at}");
        }
    }

    #[test]
    fn names_that_leave_the_folder_or_repeat_are_refused() {
        let tmp = tempfile::TempDir::new().unwrap();
        for bad in [&["../x"][..], &["manifest.json"], &["a", "a"], &["/abs"]] {
            assert!(publish(tmp.path(), &run(1), "id", files(bad), vec![], &[]).is_err(), "{bad:?}");
        }
        assert_eq!(listing(tmp.path()), Vec::<String>::new());
    }
}
