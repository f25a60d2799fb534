//! The one place that writes files. Every file is written to a temporary name
//! in its final folder and renamed into place, so a run stopped at any moment
//! leaves either the previous complete file or none, never a partial one.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

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

fn remove_stale_temps(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!("{TEMP_PREFIX}{}-{name}", std::process::id()))
}

/// Write `bytes` to `path` atomically (temporary file, fsync, rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// A file being written under a temporary name; [`AtomicFile::commit`] renames
/// it into place, dropping it uncommitted deletes it.
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let temp = temp_path(target);
        let file = File::create(&temp)?;
        Ok(AtomicFile { target: target.to_path_buf(), temp, writer: Some(BufWriter::with_capacity(1 << 20, file)) })
    }

    pub fn commit(mut self) -> io::Result<()> {
        if let Some(w) = self.writer.take() {
            let file = w.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()?;
            fs::rename(&self.temp, &self.target)?;
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.writer.as_mut() {
            Some(w) => w.write(buf),
            None => Err(io::Error::other("file already committed")),
        }
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

/// A set of finished files (name, bytes) written into one folder.
pub fn write_all(dir: &Path, files: &[(String, Vec<u8>)]) -> io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        write_atomic(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncommitted_files_vanish() {
        let dir = std::env::temp_dir().join(format!("quotasim-out-{}", std::process::id()));
        prepare_dir(&dir).unwrap();
        let target = dir.join("x.csv");
        {
            let mut f = AtomicFile::create(&target).unwrap();
            f.write_all(b"partial").unwrap();
        }
        assert!(!target.exists());
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
        write_atomic(&target, b"done").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"done");
        fs::remove_dir_all(&dir).unwrap();
    }
}
