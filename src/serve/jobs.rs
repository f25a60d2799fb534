//! Simulations of the page, one at a time on the worker threads: each on a
//! blocking thread (the engine as `quotasim run` uses it), behind a gate, with
//! its own cancel flag. A newer request of the same page cancels the older
//! one through the engine's cancellation, and so does a page that goes away.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use tokio::sync::Semaphore;

use crate::engine::{EngineError, RunControl};

/// Most pages whose latest job is remembered; older ones are forgotten
/// (their jobs run on, uncancellable by a newer request).
const MAX_CLIENTS: usize = 256;

/// Why a job gave no result.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("superseded by a newer request")]
    Superseded,
    #[error("the simulator is busy with other requests; try again in a moment")]
    Busy,
    #[error("{0}")]
    Failed(String),
}

impl From<EngineError> for JobError {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::Interrupted => JobError::Superseded,
            other => JobError::Failed(other.to_string()),
        }
    }
}

pub struct Jobs {
    pool: Arc<rayon::ThreadPool>,
    gate: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
    /// Per page: the number of its latest job and that job's flag.
    latest: Mutex<HashMap<String, (u64, Arc<AtomicBool>)>>,
    counter: AtomicUsize,
}

impl Jobs {
    pub fn new(pool: rayon::ThreadPool, max_waiting: usize) -> Jobs {
        Jobs {
            pool: Arc::new(pool),
            gate: Arc::new(Semaphore::new(1)),
            waiting: AtomicUsize::new(0),
            max_waiting,
            latest: Mutex::new(HashMap::new()),
            counter: AtomicUsize::new(0),
        }
    }

    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// A flag for a new job of page `client`, cancelling its previous job.
    /// Without a client the job is cancelled only when its page goes away.
    pub fn flag_for(&self, client: Option<&str>) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        let Some(client) = client else { return flag };
        let n = self.counter.fetch_add(1, Ordering::Relaxed) as u64;
        let mut latest = self.latest.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, old)) = latest.insert(client.to_string(), (n, flag.clone())) {
            old.store(true, Ordering::Relaxed);
        }
        if latest.len() > MAX_CLIENTS {
            // Forget the pages whose latest job is the oldest.
            let mut by_age: Vec<(u64, String)> = latest.iter().map(|(k, (n, _))| (*n, k.clone())).collect();
            by_age.sort();
            for (_, k) in by_age.into_iter().take(latest.len() - MAX_CLIENTS) {
                latest.remove(&k);
            }
        }
        flag
    }

    /// Run `work` on a blocking thread once the gate opens, with the workers,
    /// `cancel` and `progress`. A job cancelled while it waits never starts.
    pub async fn run<T, W, P>(&self, cancel: Arc<AtomicBool>, progress: P, work: W) -> Result<T, JobError>
    where
        T: Send + 'static,
        P: Fn(u64, u64) + Send + Sync + 'static,
        W: FnOnce(&mut RunControl<'_>, &rayon::ThreadPool) -> Result<T, JobError> + Send + 'static,
    {
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(JobError::Busy);
        }
        let permit = self.gate.clone().acquire_owned().await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        let permit = permit.map_err(|_| JobError::Failed("the simulator has stopped".into()))?;
        if cancel.load(Ordering::Relaxed) {
            return Err(JobError::Superseded);
        }
        let pool = self.pool.clone();
        let job = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let mut control =
                RunControl { pool: Some(&pool), cancel: Some(&cancel), progress: Some(&progress), records: None, share: None };
            work(&mut control, &pool)
        });
        job.await.map_err(|e| JobError::Failed(format!("the simulation stopped: {e}")))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_job_of_a_page_cancels_the_older() {
        let jobs = Jobs::new(crate::engine::thread_pool(Some(1)).unwrap(), 4);
        let a = jobs.flag_for(Some("page-a"));
        let b = jobs.flag_for(Some("page-b"));
        let a2 = jobs.flag_for(Some("page-a"));
        assert!(a.load(Ordering::Relaxed) && !b.load(Ordering::Relaxed) && !a2.load(Ordering::Relaxed));
        let anonymous = jobs.flag_for(None);
        assert!(!anonymous.load(Ordering::Relaxed));
        for i in 0..MAX_CLIENTS + 10 {
            jobs.flag_for(Some(&format!("p{i}")));
        }
        assert!(jobs.latest.lock().unwrap().len() <= MAX_CLIENTS);
    }
}
