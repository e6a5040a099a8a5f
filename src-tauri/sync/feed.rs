//! The dossier change feed: page after page, each page's records and the position reached
//! committed in one transaction, the next page fetched while the current one is written.

use rusqlite::{Connection, TransactionBehavior};

use super::writer::{collect, Writer};
use super::{local_now, Progress, SyncError};
use crate::cache::{self, Applied, FeedPosition, FEED_HOSO};
use crate::model::{FeedRecord, Instant};
use crate::source::{BrokenRecord, Client, FeedStart, SourceError};

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

/// Pulls the feed to its end, committing page by page.
pub async fn pull(
    client: &Client,
    writer: &Writer,
    page_limit: u32,
    max_restarts: u32,
    progress: &mut Progress<'_>,
) -> Result<Pulled, SyncError> {
    let mut pos = writer.call(|c| cache::feed_position(c, FEED_HOSO)).await?;
    // A first sync (or one resumed) writes without the rollup upkeep; see `cache::bulk`.
    writer.call(cache::begin_bulk_load).await?;
    let mut start = start_of(&pos);
    let mut pending = None;
    let mut server_time = None;
    let mut restarts = 0u64;
    let mut restarts_in_a_row = 0u32;
    loop {
        let fetched = client.feed_page(&start, page_limit).await;
        // The previous page's commit ran while this one was fetched; settle it first, so
        // that what was committed is counted even if this fetch failed.
        if let Some(done) = pending.take() {
            let counts = collect(done).await?;
            progress.page_committed(counts, pos.last_updated_at);
        }
        let page = match fetched {
            Ok(p) => p,
            Err(SourceError::CursorExpired { url }) => {
                restarts += 1;
                restarts_in_a_row += 1;
                if restarts_in_a_row > max_restarts {
                    return Err(SyncError::CursorLoop { url, restarts });
                }
                start = restart_of(&pos);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        restarts_in_a_row = 0;
        server_time = page.server_time.or(server_time);
        pos = FeedPosition {
            cursor: page.next_cursor.clone(),
            last_updated_at: pos.last_updated_at.max(page.last_updated_at),
            earliest_at: min_some(pos.earliest_at, page.earliest_at),
        };
        let saved = pos.clone();
        pending = Some(writer.submit(move |c| write_page(c, page.records, &saved)));
        if !page.has_more {
            break;
        }
        start = start_of(&pos);
    }
    if let Some(done) = pending.take() {
        let counts = collect(done).await?;
        progress.page_committed(counts, pos.last_updated_at);
    }
    writer.call(cache::finish_bulk_load).await?;
    Ok(Pulled {
        server_time,
        earliest_at: pos.earliest_at,
        restarts,
    })
}

fn min_some(a: Option<Instant>, b: Option<Instant>) -> Option<Instant> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Writes one page and the position it reaches, in one transaction.
pub fn write_page(
    conn: &mut Connection,
    records: Vec<Result<FeedRecord, BrokenRecord>>,
    pos: &FeedPosition,
) -> Result<PageCounts, cache::CacheError> {
    let now = local_now();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut counts = PageCounts::default();
    for record in &records {
        let (applied, counter) = match record {
            Ok(FeedRecord::Dossier(d)) => (cache::upsert_dossier(&tx, d)?, &mut counts.upserted),
            Ok(FeedRecord::Tombstone { code, updated_at }) => (
                cache::apply_tombstone(&tx, code, *updated_at)?,
                &mut counts.tombstoned,
            ),
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
            reason: &b.reason,
            raw: &b.raw,
            updated_at: b.updated_at,
        },
        now,
    )
}

#[cfg(test)]
mod tests;
