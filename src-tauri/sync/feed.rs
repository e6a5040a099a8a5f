//! The dossier change feed: page after page, each page's records and the position reached
//! committed in one transaction, the next page fetched while the current one is written.

use rusqlite::{Connection, TransactionBehavior};

use super::writer::Writer;
use super::{Progress, SyncError};
use crate::cache::{self, Applied, FeedPosition, FEED_HOSO};
use crate::model::{FeedRecord, Instant};
use crate::source::rules::RULES_VERSION;
use crate::source::{BrokenRecord, Client, FeedPage, FeedStart, SourceError};

/// What one committed page did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PageCounts {
    pub upserted: u64,
    pub tombstoned: u64,
    pub quarantined: u64,
    pub stale: u64,
}

/// Where the next request starts after a saved position.
fn start_of(pos: &FeedPosition) -> FeedStart {
    match (&pos.cursor, pos.last_updated_at) {
        (Some(c), _) => FeedStart::Cursor(c.clone()),
        (None, Some(t)) => FeedStart::Since(t),
        (None, None) => FeedStart::Beginning,
    }
}

/// After a 410: from the last `NgayCapNhat` taken, inclusive (upserts make the overlap
/// harmless).
fn restart_of(pos: &FeedPosition) -> FeedStart {
    pos.last_updated_at
        .map_or(FeedStart::Beginning, FeedStart::Since)
}

/// The outcome of a pull: the server's clock as of the last page, for the calendar years.
pub struct Pulled {
    pub server_time: Option<Instant>,
    pub earliest_at: Option<Instant>,
    pub restarts: u64,
}

/// Pulls the feed to its end, committing page by page. Three pages are in flight: one asked
/// for, the one before read and validated on a blocking thread, the one before that written.
pub async fn pull(
    client: &Client,
    writer: &Writer,
    page_limit: u32,
    max_restarts: u32,
    progress: &mut Progress<'_>,
) -> Result<Pulled, SyncError> {
    let pos = writer.call(|c| cache::feed_position(c, FEED_HOSO)).await?;
    // A first sync (or one resumed) writes without the rollup upkeep; see `cache::bulk`.
    writer.call(cache::begin_bulk_load).await?;
    let mut start = start_of(&pos);
    let mut line = Line {
        writer,
        pos,
        server_time: None,
        writing: None,
    };
    let mut reading = None;
    let mut restarts = 0u64;
    let mut restarts_in_a_row = 0u32;
    loop {
        let fetched = client.raw_feed_page(&start, page_limit).await;
        // The page before was read meanwhile; hand it to the writer before looking at this
        // fetch, so that a restart after a 410 starts from everything taken.
        if let Some(read) = reading.take() {
            line.hand_over(read, progress).await?;
        }
        let raw = match fetched {
            Ok(p) => p,
            Err(SourceError::CursorExpired { url }) => {
                restarts += 1;
                restarts_in_a_row += 1;
                if restarts_in_a_row > max_restarts {
                    return Err(SyncError::CursorLoop { url, restarts });
                }
                start = restart_of(&line.pos);
                continue;
            }
            Err(e) => {
                line.settle(progress).await?;
                return Err(e.into());
            }
        };
        restarts_in_a_row = 0;
        let has_more = raw.has_more;
        if let Some(cursor) = &raw.next_cursor {
            start = FeedStart::Cursor(cursor.clone());
        }
        reading = Some(tokio::task::spawn_blocking(move || {
            let mut page = raw.check();
            let records = prepare(std::mem::take(&mut page.records));
            (page, records)
        }));
        if !has_more {
            break;
        }
    }
    if let Some(read) = reading.take() {
        line.hand_over(read, progress).await?;
    }
    line.settle(progress).await?;
    give_back_freed_memory();
    writer.call(cache::finish_bulk_load).await?;
    Ok(Pulled {
        server_time: line.server_time,
        earliest_at: line.pos.earliest_at,
        restarts,
    })
}

/// A page read on a blocking thread: its envelope, and its records ready for the writer.
type Reading = tokio::task::JoinHandle<(FeedPage, Result<Prepared, cache::CacheError>)>;

/// The write side of a pull: the position reached by the pages handed over, and the page
/// being written.
struct Line<'a> {
    writer: &'a Writer,
    pos: FeedPosition,
    server_time: Option<Instant>,
    writing:
        Option<tokio::sync::oneshot::Receiver<(Result<PageCounts, cache::CacheError>, Prepared)>>,
}

impl Line<'_> {
    /// Waits for a page to be read, for the page before it to be committed, and queues it.
    async fn hand_over(
        &mut self,
        read: Reading,
        progress: &mut Progress<'_>,
    ) -> Result<(), SyncError> {
        let (page, records) = read
            .await
            .map_err(|e| SyncError::Writer(format!("reading a page stopped: {e}")))?;
        let records = records?;
        self.settle(progress).await?;
        self.server_time = page.server_time.or(self.server_time);
        self.pos = FeedPosition {
            cursor: page.next_cursor,
            last_updated_at: self.pos.last_updated_at.max(page.last_updated_at),
            earliest_at: min_some(self.pos.earliest_at, page.earliest_at),
        };
        let saved = self.pos.clone();
        self.writing = Some(self.writer.submit(move |c| {
            let written = write_prepared(c, &records, &saved);
            // Freeing thousands of records is the reader's work, not the writer's.
            (written, records)
        }));
        Ok(())
    }

    /// Waits for the page being written, if any, and counts it.
    async fn settle(&mut self, progress: &mut Progress<'_>) -> Result<(), SyncError> {
        if let Some(done) = self.writing.take() {
            let (written, records) = done
                .await
                .map_err(|_| SyncError::Writer("it stopped before finishing a write".into()))?;
            drop(records);
            let counts = written?;
            progress.page_committed(counts, self.pos.last_updated_at);
        }
        Ok(())
    }
}

/// Returns to the system the heap the pages in flight used, before a bulk load's end builds
/// its sums and sorts: glibc keeps freed memory for reuse, and the peak would add both.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap pages; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn min_some(a: Option<Instant>, b: Option<Instant>) -> Option<Instant> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A page's records, each dossier with its stored `detail` already encoded: that work is
/// done while the writer thread commits the previous page.
type Prepared = Vec<(Result<FeedRecord, BrokenRecord>, String)>;

fn prepare(records: Vec<Result<FeedRecord, BrokenRecord>>) -> Result<Prepared, cache::CacheError> {
    records
        .into_iter()
        .map(|r| {
            let detail = match &r {
                Ok(record) => detail_of(record)?,
                Err(_) => String::new(),
            };
            Ok((r, detail))
        })
        .collect()
}

/// The stored `detail` of a dossier record (none for a tombstone).
pub(super) fn detail_of(record: &FeedRecord) -> serde_json::Result<String> {
    match record {
        FeedRecord::Dossier(d) => cache::encode_detail(d),
        FeedRecord::Tombstone { .. } => Ok(String::new()),
    }
}

/// Writes one valid record of the feed: a dossier (latest version wins) or a tombstone.
pub(super) fn apply_record(
    tx: &rusqlite::Transaction,
    record: &FeedRecord,
    detail: &str,
) -> Result<Applied, cache::CacheError> {
    match record {
        FeedRecord::Dossier(d) => cache::upsert_encoded_dossier(tx, d, detail),
        FeedRecord::Tombstone { code, updated_at } => cache::apply_tombstone(tx, code, *updated_at),
    }
}

/// Writes one page and the position it reaches, in one transaction.
pub fn write_page(
    conn: &mut Connection,
    records: Vec<Result<FeedRecord, BrokenRecord>>,
    pos: &FeedPosition,
) -> Result<PageCounts, cache::CacheError> {
    write_prepared(conn, &prepare(records)?, pos)
}

fn write_prepared(
    conn: &mut Connection,
    records: &Prepared,
    pos: &FeedPosition,
) -> Result<PageCounts, cache::CacheError> {
    let now = crate::model::province_now();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut counts = PageCounts::default();
    for (record, detail) in records {
        let (applied, counter) = match record {
            Ok(r @ FeedRecord::Dossier(_)) => (apply_record(&tx, r, detail)?, &mut counts.upserted),
            Ok(r @ FeedRecord::Tombstone { .. }) => {
                (apply_record(&tx, r, detail)?, &mut counts.tombstoned)
            }
            Err(b) => (quarantine(&tx, FEED_HOSO, b, now)?, &mut counts.quarantined),
        };
        match applied {
            Applied::Written => *counter += 1,
            Applied::Stale => counts.stale += 1,
        }
    }
    cache::save_position(&tx, FEED_HOSO, pos)?;
    tx.commit()?;
    Ok(counts)
}

pub fn quarantine(
    tx: &rusqlite::Transaction,
    feed: &str,
    b: &BrokenRecord,
    now: Instant,
) -> Result<Applied, cache::CacheError> {
    cache::quarantine(
        tx,
        &cache::Broken {
            feed,
            key: b.key.as_deref(),
            rule: b.rule.name(),
            rules_version: RULES_VERSION,
            reason: &b.reason,
            raw: &b.raw,
            updated_at: b.updated_at,
        },
        now,
    )
}

#[cfg(test)]
mod tests;
