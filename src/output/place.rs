//! The default folder of a run, so that runs that differ never overwrite
//! each other. A command's home folder (`output/<scenario>/`,
//! `output/<scenario>/tornado/`, ...) holds one run: the first one made
//! there, then the same run again. A run that is not the one there (other
//! scenario text, overrides, seed, trials or options) goes to a folder of its
//! own inside the home, named by the start of its run id
//! (`output/<scenario>/1a2b3c4d/`), and the home's `latest` file names the
//! folder of the newest run.

use std::io;
use std::path::{Path, PathBuf};

use super::manifest::{Manifest, RunInfo};
use super::write_atomic;

/// The pointer file in a home folder: the folder of its newest run, relative
/// to the home (`.` for the home itself).
pub const LATEST: &str = "latest";

/// Hex digits of the run id that name a run's own folder.
const SHORT_ID: usize = 8;

/// Where a run goes.
#[derive(Clone, Debug)]
pub struct Placement {
    pub dir: PathBuf,
    /// The home and the run's folder relative to it.
    home: PathBuf,
    name: String,
    /// The run the home holds, when this run goes to a folder of its own.
    pub beside: Option<RunInfo>,
}

/// The folder for the run `run_id` in `home`: the home itself if it holds no
/// run or this one, else the run's own folder inside it.
pub fn place(home: &Path, run_id: &str) -> Placement {
    let holder = |dir: &Path| Manifest::read(dir).map(|m| (m.run_id, m.run));
    let at = |name: &str, beside: Option<RunInfo>| Placement {
        dir: if name == "." { home.to_path_buf() } else { home.join(name) },
        home: home.to_path_buf(),
        name: name.to_string(),
        beside,
    };
    let occupant = match holder(home) {
        None => return at(".", None),
        Some((id, _)) if id == run_id => return at(".", None),
        Some((_, run)) => run,
    };
    let short = run_id.get(..SHORT_ID).unwrap_or(run_id);
    // The full id only if another run already took the short one.
    for name in [short, run_id] {
        match holder(&home.join(name)) {
            Some((id, _)) if id != run_id => continue,
            _ => return at(name, Some(occupant)),
        }
    }
    at(run_id, Some(occupant))
}

/// Point the home's `latest` at this run, once there is more than one run
/// to choose from (a home with a single run needs no pointer).
pub fn point_latest(p: &Placement) -> io::Result<()> {
    let pointer = p.home.join(LATEST);
    if p.name != "." || pointer.exists() {
        write_atomic(&pointer, format!("{}\n", p.name).as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::{ScenarioRef, publish};
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

    fn make(home: &Path, r: &RunInfo) -> PathBuf {
        let p = place(home, &r.run_id());
        std::fs::create_dir_all(&p.dir).unwrap();
        publish(&p.dir, r, &r.run_id(), vec![("summary.json".into(), format!("seed {}", r.seed).into_bytes())], vec![], &[]).unwrap();
        point_latest(&p).unwrap();
        p.dir
    }

    #[test]
    fn runs_that_differ_get_folders_of_their_own_and_latest_follows() {
        let tmp = tempfile::TempDir::new().unwrap();
        let home = tmp.path().join("s");
        assert_eq!(make(&home, &run(1)), home);
        assert!(!home.join(LATEST).exists(), "one run: no pointer");
        let second = make(&home, &run(2));
        assert_eq!(second, home.join(&run(2).run_id()[..8]));
        assert_eq!(std::fs::read_to_string(home.join(LATEST)).unwrap(), format!("{}\n", &run(2).run_id()[..8]));
        assert_eq!(std::fs::read_to_string(home.join("summary.json")).unwrap(), "seed 1", "the first run is untouched");
        // The same runs again land where they did.
        assert_eq!(make(&home, &run(2)), second);
        assert_eq!(make(&home, &run(1)), home);
        assert_eq!(std::fs::read_to_string(home.join(LATEST)).unwrap(), ".\n");
        let p = place(&home, &run(3).run_id());
        assert_eq!(p.beside.map(|r| r.seed), Some(1));
    }
}
