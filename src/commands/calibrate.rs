//! `quotasim calibrate HISTORY.csv -o calibrated.toml`: read a CRM export,
//! fit the scenario to it, write the commented scenario, calibration.json
//! and the charts of the fit. Everything is computed before anything is
//! written, so a failure writes nothing; the scenario is staged beside its
//! target, the folder published, and only then the scenario renamed into place.

use std::path::{Path, PathBuf};

use super::outdir::{self, Home};
use super::{CommandError, ScenarioOptions, interrupt_flag, load_scenario};
use crate::calibrate::history::{ReadOptions, read_file};
use crate::calibrate::{CalibrateOptions, calibrate as run_calibration};
use crate::engine::{self, RunControl};
use crate::output::AtomicFile;
use crate::report;
use crate::scenario::slug;

/// The first line of every scenario `calibrate` writes: what may be overwritten without --force.
pub const MARK: &str = "# Calibrated by `quotasim calibrate`";

#[derive(Clone, Debug)]
pub struct CalibrateCmdOptions {
    pub history: PathBuf,
    pub read: ReadOptions,
    /// The calibrated scenario (`-o`).
    pub output: PathBuf,
    /// Folder of calibration.json and the charts (default `output/calibrate-<history>/`).
    pub out: Option<PathBuf>,
    /// None = the built-in default scenario.
    pub template: Option<PathBuf>,
    pub template_strategy: Option<String>,
    pub quota: Option<f64>,
    pub point_estimates: bool,
    pub name: Option<String>,
    pub charts: bool,
    pub force: bool,
    pub threads: Option<usize>,
}

/// The default folder for calibration.json and the charts.
fn default_out(history: &Path) -> PathBuf {
    let stem = history.file_stem().map_or_else(|| "history".to_string(), |s| s.to_string_lossy().into_owned());
    Path::new("output").join(format!("calibrate-{}", slug(&stem)))
}

/// Refuse to overwrite a file `calibrate` did not write, unless --force.
fn check_output(path: &Path, force: bool) -> Result<(), CommandError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.is_dir()) {
        return Err(CommandError::usage(format!("-o {}: folder {} does not exist", path.display(), parent.display())));
    }
    if force || !path.exists() {
        return Ok(());
    }
    let ours = std::fs::read_to_string(path).is_ok_and(|t| t.starts_with(MARK));
    if ours {
        Ok(())
    } else {
        Err(CommandError::usage(format!(
            "-o {}: the file exists and was not written by `quotasim calibrate`; use --force to overwrite it",
            path.display()
        )))
    }
}

/// The template scenario (None = the built-in default).
fn template_of(opts: &CalibrateCmdOptions) -> Result<crate::scenario::Scenario, CommandError> {
    load_scenario(&ScenarioOptions { path: opts.template.clone(), ..Default::default() })
}

/// What, besides the template, decides a calibration's numbers: the
/// history and the flags, as the output folder's manifest names them.
fn run_options(opts: &CalibrateCmdOptions, history_sha256: &str) -> Vec<(&'static str, String)> {
    let mut o = vec![
        ("history", opts.history.display().to_string()),
        ("history_sha256", history_sha256.to_string()),
        ("scenario_written", opts.output.display().to_string()),
        ("point_estimates", opts.point_estimates.to_string()),
    ];
    o.extend(opts.template_strategy.clone().map(|s| ("template_strategy", s)));
    o.extend(opts.quota.map(|q| ("quota", q.to_string())));
    o.extend(opts.name.clone().map(|n| ("name", n)));
    // --columns, stage words, date order and as-of, as read.
    o.push(("reading", format!("{:?}", opts.read)));
    o
}

pub fn calibrate(opts: &CalibrateCmdOptions) -> Result<(), CommandError> {
    let template = template_of(opts)?;
    if let Some(q) = opts.quota {
        let range = crate::scenario::Param::Quota.def().range;
        if !range.contains(q) {
            return Err(CommandError::usage(format!("--quota {q}: must be in {range}")));
        }
    }
    check_output(&opts.output, opts.force)?;
    let history = read_file(&opts.history, &opts.read)?;
    let pool = engine::thread_pool(opts.threads)?;
    let mut control = RunControl { pool: Some(&pool), cancel: Some(interrupt_flag()), ..Default::default() };
    let c = run_calibration(
        &history,
        &CalibrateOptions {
            template,
            template_strategy: opts.template_strategy.clone(),
            quota: opts.quota,
            point_estimates: opts.point_estimates,
            name: opts.name.clone(),
        },
        &mut control,
    )?;
    let mut files = vec![("calibration.json".to_string(), crate::calibrate::report::to_json(&c.report))];
    if opts.charts {
        files.extend(report::charts::calibration_charts(&c.report)?);
    }
    let toml_failed = |e| CommandError::output(format!("cannot write {}", opts.output.display()), e);
    let mut toml = AtomicFile::create(&opts.output).map_err(toml_failed)?;
    std::io::Write::write_all(&mut toml, c.toml.as_bytes()).map_err(toml_failed)?;
    let toml = toml.stage().map_err(toml_failed)?;
    let home = opts.out.clone().map_or_else(|| Home::Default(default_out(&opts.history)), Home::Given);
    let out = outdir::open(&template_of(opts)?, "calibrate", home, 0, &run_options(opts, &history.sha256))?;
    let mut written = out.publish(0, files, Vec::new(), &[])?;
    toml.commit().map_err(toml_failed)?;
    written.insert(0, opts.output.clone());
    print!("{}", report::words::calibrate::summary(&c.report));
    println!();
    for p in &written {
        println!("wrote {}", p.display());
    }
    println!("next: quotasim backtest {} {}", opts.history.display(), opts.output.display());
    Ok(())
}
