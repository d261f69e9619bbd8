//! CPU work off the async runtime, a bounded number of jobs at a time.
//!
//! Building data frames, computing views, drawing charts, writing workbooks and checking
//! passwords run in `spawn_blocking` (a panic there becomes an error, not a dead worker), and so
//! does parsing uploads, on a second, smaller bound of its own (`--concurrent-parses`: a parse can
//! take much memory). Unbounded, 64 concurrent requests meant 64 threads sharing two cores and polars'
//! thread pool: everyone slow, the unlucky ones very slow (computed comparisons in a load run,
//! 64 connections on 2 cores: p99 153 ms). So at most `--cpu-jobs` jobs run at once and the others
//! wait in arrival order (tokio's semaphore is fair), bounded by the request timeout like
//! everything else. The default is four per core: a job spends part of its time waiting for
//! polars' own threads, and one job per core left the cores idle then (1,690 requests/s, p99
//! 50 ms, against 2,650 and 30 ms with four per core; 64 jobs: 2,520 and 153 ms).

use std::sync::Arc;

use tokio::sync::Semaphore;

/// Jobs per core when `--cpu-jobs` is 0 (see the module documentation for the measurement).
pub const JOBS_PER_CORE: usize = 4;

/// The bound on concurrent CPU jobs, shared by every request.
#[derive(Debug, Clone)]
pub struct CpuWork {
    permits: Arc<Semaphore>,
    jobs: usize,
}

/// A job that panicked, or whose thread was shut down.
#[derive(Debug, thiserror::Error)]
#[error("the background job stopped: {0}")]
pub struct WorkStopped(String);

impl CpuWork {
    /// At most `jobs` jobs at once; 0 means [`JOBS_PER_CORE`] per core.
    pub fn new(jobs: usize) -> Self {
        let jobs = if jobs == 0 {
            JOBS_PER_CORE * std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
        } else {
            jobs
        };
        Self {
            permits: Arc::new(Semaphore::new(jobs)),
            jobs,
        }
    }

    /// How many jobs may run at once.
    pub fn jobs(&self) -> usize {
        self.jobs
    }

    /// How many more jobs could start now.
    pub fn idle(&self) -> usize {
        self.permits.available_permits()
    }

    /// Runs `job` on a blocking thread once a slot is free. The slot stays taken until the job
    /// ends, even if the request that started it is cancelled meanwhile.
    pub async fn run<T, F>(&self, job: F) -> Result<T, WorkStopped>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|err| WorkStopped(err.to_string()))?;
        tokio::task::spawn_blocking(move || {
            let _slot = permit;
            job()
        })
        .await
        .map_err(|err| WorkStopped(err.to_string()))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn jobs_up_to_the_limit_run_at_once_and_one_more_waits_for_a_free_slot() {
        let work = CpuWork::new(2);
        let started = Arc::new(AtomicUsize::new(0));
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let gate = Arc::new(std::sync::Mutex::new(gate));
        let mut jobs = Vec::new();
        for _ in 0..3 {
            let (work, started, gate) = (work.clone(), Arc::clone(&started), Arc::clone(&gate));
            jobs.push(tokio::spawn(async move {
                work.run(move || {
                    started.fetch_add(1, Ordering::SeqCst);
                    gate.lock().unwrap().recv().unwrap();
                })
                .await
                .unwrap();
            }));
        }
        // The limit: two run; one past it: the third waits.
        wait_until(|| started.load(Ordering::SeqCst) == 2).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(started.load(Ordering::SeqCst), 2);
        assert_eq!(work.idle(), 0);
        // One ends: the third starts.
        release.send(()).unwrap();
        wait_until(|| started.load(Ordering::SeqCst) == 3).await;
        release.send(()).unwrap();
        release.send(()).unwrap();
        for job in jobs {
            job.await.unwrap();
        }
        assert_eq!(work.idle(), 2);
    }

    #[tokio::test]
    async fn a_panicking_job_is_an_error_and_frees_its_slot() {
        let work = CpuWork::new(1);
        let failed = work.run(|| panic!("boom")).await;
        assert!(failed.is_err());
        assert_eq!(work.run(|| 7).await.unwrap(), 7);
        assert_eq!(work.idle(), 1);
    }

    #[test]
    fn zero_jobs_means_four_per_core() {
        let cores = std::thread::available_parallelism().unwrap().get();
        assert_eq!(CpuWork::new(0).jobs(), 4 * cores);
        assert_eq!(CpuWork::new(3).jobs(), 3);
    }

    async fn wait_until(condition: impl Fn() -> bool) {
        for _ in 0..500 {
            if condition() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("condition not reached in 5 s");
    }
}
