//! A progress bar on stderr, shown only on a terminal and only once a job has
//! run for about a second (short runs stay quiet).

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

pub struct Progress {
    started: Instant,
    enabled: bool,
    bar: Mutex<Option<ProgressBar>>,
    label: String,
}

impl Progress {
    pub fn new(label: &str, quiet: bool) -> Progress {
        Progress {
            started: Instant::now(),
            enabled: !quiet && std::io::stderr().is_terminal(),
            bar: Mutex::new(None),
            label: label.to_string(),
        }
    }

    /// Report `done` of `total` units.
    pub fn update(&self, done: u64, total: u64) {
        if !self.enabled || self.started.elapsed() < Duration::from_millis(800) {
            return;
        }
        let Ok(mut guard) = self.bar.lock() else { return };
        let bar = guard.get_or_insert_with(|| {
            let b = ProgressBar::new(total);
            let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            b.set_style(style);
            b.set_message(self.label.clone());
            b
        });
        bar.set_length(total);
        bar.set_position(done);
    }

    pub fn finish(&self) {
        if let Some(b) = self.bar.lock().ok().and_then(|mut g| g.take()) {
            b.finish_and_clear();
        }
    }
}
