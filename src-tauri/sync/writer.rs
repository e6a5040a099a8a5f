//! The cache's one writer: a dedicated thread that owns the SQLite connection, so that no
//! SQLite work runs on the async threads. Jobs run in the order they are submitted; the
//! caller may go on fetching while a job runs and collect its result later.

use std::path::PathBuf;

use rusqlite::Connection;
use tokio::sync::{mpsc, oneshot};

use super::SyncError;
use crate::cache;

type Job = Box<dyn FnOnce(&mut Connection) + Send>;

pub struct Writer {
    jobs: Option<mpsc::UnboundedSender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Room for the bulk writes of a sync: a larger page cache than SQLite's 2 MB default, so that
/// the pages of the `code` index a first sync keeps inserting into stay in memory.
const CACHE_KIB: i64 = 64 * 1024;

/// 32 MB of WAL between checkpoints (SQLite's default is 4 MB).
const WAL_CHECKPOINT_PAGES: i64 = 8192;

impl Writer {
    /// Opens (creating and migrating if needed) the cache on the writer's own thread.
    pub async fn open(path: PathBuf) -> Result<Self, SyncError> {
        let (jobs, mut queue) = mpsc::unbounded_channel::<Job>();
        let (ready, opened) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("cache-writer".into())
            .spawn(move || {
                let mut conn = match open(&path) {
                    Ok(c) => {
                        let _ = ready.send(Ok(()));
                        c
                    }
                    Err(e) => {
                        let _ = ready.send(Err(e));
                        return;
                    }
                };
                while let Some(job) = queue.blocking_recv() {
                    job(&mut conn);
                }
            })
            .map_err(|e| SyncError::Writer(e.to_string()))?;
        let writer = Writer {
            jobs: Some(jobs),
            thread: Some(thread),
        };
        opened
            .await
            .map_err(|_| SyncError::Writer("it stopped while opening the cache".into()))??;
        Ok(writer)
    }

    /// Queues a job; its result arrives on the receiver.
    pub fn submit<R, F>(&self, job: F) -> oneshot::Receiver<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection) -> R + Send + 'static,
    {
        let (done, result) = oneshot::channel();
        if let Some(jobs) = &self.jobs {
            // A send error means the thread is gone; the dropped `done` reports it.
            let _ = jobs.send(Box::new(move |conn| {
                let _ = done.send(job(conn));
            }));
        }
        result
    }

    /// Runs a cache job and waits for it.
    pub async fn call<R, F>(&self, job: F) -> Result<R, SyncError>
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<R, cache::CacheError> + Send + 'static,
    {
        collect(self.submit(job)).await
    }
}

/// Waits for a submitted cache job.
pub async fn collect<R>(
    result: oneshot::Receiver<Result<R, cache::CacheError>>,
) -> Result<R, SyncError> {
    result
        .await
        .map_err(|_| SyncError::Writer("it stopped before finishing a write".into()))?
        .map_err(SyncError::Cache)
}

fn open(path: &std::path::Path) -> Result<Connection, SyncError> {
    let conn = cache::open(path)?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)
        .map_err(cache::CacheError::from)?;
    // Checkpoints less often: a page rewritten many times between two (the last pages of
    // the table, of the `code` index) is copied back once.
    conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)
        .map_err(cache::CacheError::from)?;
    conn.set_prepared_statement_cache_capacity(32);
    Ok(conn)
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Closing the queue lets the thread finish what it holds and close the connection.
        self.jobs.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
