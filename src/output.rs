//! The one place that writes or removes files.
//!
//! - this file: atomic files. Every file is written under a temporary name in
//!   its final folder, flushed to disk and renamed into place, so a reader
//!   sees the previous complete file or the new one, never a partial one;
//! - [`manifest`]: `manifest.json`, which run a folder holds and every file
//!   it wrote (SHA-256 and size);
//! - [`publish`]: a run's files written into its folder, and what the
//!   folder's previous run wrote and this one does not removed;
//! - [`place`]: the default folder of a run, so that runs that differ never
//!   overwrite each other.

mod manifest;
mod place;
mod publish;

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use manifest::{FileEntry, MANIFEST, Manifest, RunInfo, ScenarioRef};
pub use place::{LATEST, Placement, place, point_latest};
pub use publish::{Published, publish};

/// Prefix of temporary files; stale ones from killed runs are removed on the
/// next run in the same folder.
pub const TEMP_PREFIX: &str = ".quotasim-tmp-";

/// Create the output folder if needed and prove it is writable, before any
/// simulation work is spent.
pub fn prepare_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let probe = dir.join(format!("{TEMP_PREFIX}probe-{}", std::process::id()));
    File::create(&probe)?;
    fs::remove_file(&probe)?;
    remove_stale_temps(dir);
    Ok(())
}

/// Remove the temporary files that killed runs left in `dir` (not below it);
/// this process's own are in use.
fn remove_stale_temps(dir: &Path) {
    let own = format!("{TEMP_PREFIX}{}-", std::process::id());
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(TEMP_PREFIX) && !name.starts_with(&own) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!("{TEMP_PREFIX}{}-{name}", std::process::id()))
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 and size of a file on disk, read in pieces.
fn hash_file(path: &Path) -> io::Result<(String, u64)> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = io::Read::read(&mut file, &mut buf)?;
        if n == 0 {
            return Ok((hex(&hasher.finalize()), bytes));
        }
        hasher.update(&buf[..n]);
        bytes += n as u64;
    }
}

/// Write `bytes` to `path` atomically (temporary file, fsync, rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// A file being written under a temporary name, hashed as it is written.
/// [`AtomicFile::stage`] flushes it to disk, ready to be renamed into place;
/// dropping it before then deletes it.
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    writer: Option<BufWriter<File>>,
    hasher: Sha256,
    bytes: u64,
}

impl AtomicFile {
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let temp = temp_path(target);
        let file = File::create(&temp)?;
        Ok(AtomicFile {
            target: target.to_path_buf(),
            temp,
            writer: Some(BufWriter::with_capacity(1 << 20, file)),
            hasher: Sha256::new(),
            bytes: 0,
        })
    }

    /// The path the file will have once committed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flush the file to disk under its temporary name.
    pub fn stage(mut self) -> io::Result<Staged> {
        let writer = self.writer.take().ok_or_else(|| io::Error::other("file already staged"))?;
        // From here the staged file owns the temporary name (and deletes it if dropped).
        let mut staged = Staged {
            target: std::mem::take(&mut self.target),
            temp: std::mem::take(&mut self.temp),
            sha256: String::new(),
            bytes: self.bytes,
            done: false,
        };
        let file = writer.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        staged.sha256 = hex(&std::mem::take(&mut self.hasher).finalize());
        Ok(staged)
    }

    /// Stage and rename into place at once.
    pub fn commit(self) -> io::Result<()> {
        self.stage()?.commit()
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let w = self.writer.as_mut().ok_or_else(|| io::Error::other("file already staged"))?;
        let n = w.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.writer.as_mut().map_or(Ok(()), |w| w.flush())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// A complete file on disk under its temporary name, with its hash and size.
/// [`Staged::commit`] renames it into place; dropping it uncommitted deletes it.
pub struct Staged {
    target: PathBuf,
    temp: PathBuf,
    sha256: String,
    bytes: u64,
    done: bool,
}

impl Staged {
    pub fn target(&self) -> &Path {
        &self.target
    }

    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    pub fn commit(mut self) -> io::Result<()> {
        fs::rename(&self.temp, &self.target)?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncommitted_files_vanish_and_committed_ones_carry_their_hash() {
        let dir = tempfile::TempDir::new().unwrap();
        prepare_dir(dir.path()).unwrap();
        let target = dir.path().join("x.csv");
        {
            let mut f = AtomicFile::create(&target).unwrap();
            f.write_all(b"partial").unwrap();
        }
        {
            let mut f = AtomicFile::create(&target).unwrap();
            f.write_all(b"staged, never committed").unwrap();
            let _staged = f.stage().unwrap();
        }
        assert!(!target.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"do").unwrap();
        f.write_all(b"ne").unwrap();
        let staged = f.stage().unwrap();
        assert_eq!((staged.sha256(), staged.bytes()), (sha256_hex(b"done").as_str(), 4));
        staged.commit().unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"done");
        assert_eq!(hash_file(&target).unwrap(), (sha256_hex(b"done"), 4));
        // The empty input's well-known digest.
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
