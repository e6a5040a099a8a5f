//! The sync engine: pulls pages from `source`, writes `cache` one transaction per page
//! (records and cursor together), resumes from the saved cursor, reports progress.

mod feed;
mod heal;
mod reference;
mod writer;

use std::path::Path;
use std::time::Duration;

use serde::Serialize;

pub use feed::{write_page, PageCounts};
pub use heal::release_quarantined;

use crate::cache::{self, FEED_HOSO};
use crate::model::Instant;
use crate::source::backoff::Backoff;
use crate::source::{wire::time, Client, RetryPolicy, SourceConfig, SourceError};
use writer::Writer;

#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Records per page of the change feed (1..=5000).
    pub page_limit: u32,
    /// Attempts per request, the first included.
    pub max_attempts: u32,
    /// The longest wait between two attempts.
    pub max_backoff: Duration,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            page_limit: 1000,
            max_attempts: 8,
            max_backoff: Duration::from_secs(30),
        }
    }
}

/// The longest one request may take (a slow page included) before it is tried again.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Serialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncProgress {
    /// "donvi", "thutuc", "hoso" or "lichlamviec".
    pub stage: String,
    pub pages: u64,
    pub upserted: u64,
    pub tombstoned: u64,
    pub quarantined: u64,
    pub stale: u64,
    /// The last `NgayCapNhat` taken, `yyyyMMddHHmmss`.
    pub position: Option<String>,
}

/// What a sync did. Counts are of the dossier feed, except `quarantined`, which counts the
/// broken records of every feed newly kept.
#[derive(Serialize, Clone, Debug, Default, PartialEq)]
pub struct SyncReport {
    pub pages: u64,
    pub upserted: u64,
    pub tombstoned: u64,
    pub quarantined: u64,
    /// Records quarantined by an older, stricter version and taken now (`heal`).
    pub released: u64,
    /// Records the cache already held in this version or a newer one.
    pub stale: u64,
    pub retries: u64,
    pub seconds: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The center refused the token (401).
    #[error(transparent)]
    Unauthorized(SourceError),
    #[error(transparent)]
    Source(SourceError),
    #[error("the feed kept answering 410 cursor_expired ({restarts} restarts, last at {url}); try again later")]
    CursorLoop { url: String, restarts: u64 },
    #[error(transparent)]
    Cache(#[from] cache::CacheError),
    #[error("the cache writer failed: {0}")]
    Writer(String),
}

impl From<SourceError> for SyncError {
    fn from(e: SourceError) -> Self {
        match e {
            SourceError::Unauthorized { .. } => SyncError::Unauthorized(e),
            e => SyncError::Source(e),
        }
    }
}

/// The running totals, told to the caller after every step.
struct Progress<'a> {
    state: SyncProgress,
    quarantined_elsewhere: u64,
    on_progress: &'a (dyn Fn(&SyncProgress) + Send + Sync),
}

impl Progress<'_> {
    fn stage(&mut self, stage: &str) {
        self.state.stage = stage.to_string();
        (self.on_progress)(&self.state);
    }

    fn page_committed(&mut self, c: PageCounts, position: Option<Instant>) {
        let s = &mut self.state;
        s.pages += 1;
        s.upserted += c.upserted;
        s.tombstoned += c.tombstoned;
        s.quarantined += c.quarantined;
        s.stale += c.stale;
        s.position = position.map(time::format_instant);
        (self.on_progress)(s);
    }

    fn quarantined(&mut self, n: u64) {
        self.quarantined_elsewhere += n;
    }
}

/// Pulls everything new from the center into the cache at `db`: agencies, procedures, the
/// dossier change feed from where the last run stopped, and the working calendars. Each page
/// of the feed is committed with its cursor, so a run cut at any point resumes from its last
/// committed page. The run is recorded in the cache (last attempt, success, error, source).
pub async fn sync_once(
    source: &SourceConfig,
    db: &Path,
    opts: &SyncOptions,
    on_progress: &(dyn Fn(&SyncProgress) + Send + Sync),
) -> Result<SyncReport, SyncError> {
    let started = std::time::Instant::now();
    let client = Client::new(
        source,
        RetryPolicy {
            max_attempts: opts.max_attempts.max(1),
            backoff: Backoff::new(opts.max_backoff),
            timeout: REQUEST_TIMEOUT,
        },
    )?;
    let writer = Writer::open(db.to_path_buf()).await?;
    let url = client.base_url().to_string();
    writer
        .call(move |c| cache::record_attempt(c, FEED_HOSO, &url, crate::model::province_now()))
        .await?;
    let released = writer.call(heal::release_quarantined).await?;

    let mut progress = Progress {
        state: SyncProgress::default(),
        quarantined_elsewhere: 0,
        on_progress,
    };
    let outcome = pull_everything(&client, &writer, opts, &mut progress).await;
    let error = outcome.as_ref().err().map(ToString::to_string);
    let recorded = writer
        .call(move |c| {
            cache::record_outcome(c, FEED_HOSO, error.as_deref(), crate::model::province_now())
        })
        .await;
    let restarts = outcome?;
    recorded?;

    let s = &progress.state;
    Ok(SyncReport {
        pages: s.pages,
        upserted: s.upserted,
        tombstoned: s.tombstoned,
        quarantined: s.quarantined + progress.quarantined_elsewhere,
        released,
        stale: s.stale,
        retries: client.retries() + restarts,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Every feed in turn; returns the number of 410 restarts.
async fn pull_everything(
    client: &Client,
    writer: &Writer,
    opts: &SyncOptions,
    progress: &mut Progress<'_>,
) -> Result<u64, SyncError> {
    progress.stage(cache::FEED_DONVI);
    let q = reference::agencies(client, writer).await?;
    progress.quarantined(q);
    progress.stage(cache::FEED_THUTUC);
    let q = reference::procedures(client, writer).await?;
    progress.quarantined(q);
    progress.stage(FEED_HOSO);
    let pulled = feed::pull(client, writer, opts.page_limit, opts.max_attempts, progress).await?;
    progress.stage(cache::FEED_LICHLAMVIEC);
    let q = reference::calendars(client, writer, pulled.earliest_at, pulled.server_time).await?;
    progress.quarantined(q);
    Ok(pulled.restarts)
}
