//! Where each feed stands (`sync_state`): the cursor committed with the page it follows, the
//! restart point after an expired cursor, and the record of sync runs.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::{from_instant_key, instant_key, Result};
use crate::model::Instant;

/// Where the next pull of a feed starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedPosition {
    /// The cursor returned with the last committed page, if the feed gave one.
    pub cursor: Option<String>,
    /// The highest `NgayCapNhat` taken: the restart point (`updated_since`) after a 410.
    pub last_updated_at: Option<Instant>,
    /// The earliest submission or intake instant of any dossier taken.
    pub earliest_at: Option<Instant>,
}

pub fn feed_position(conn: &Connection, feed: &str) -> Result<FeedPosition> {
    let row = conn
        .prepare_cached(
            "SELECT cursor, last_updated_at, earliest_at FROM sync_state WHERE feed = ?1",
        )?
        .query_row([feed], |r| {
            Ok(FeedPosition {
                cursor: r.get(0)?,
                last_updated_at: r.get::<_, Option<i64>>(1)?.and_then(from_instant_key),
                earliest_at: r.get::<_, Option<i64>>(2)?.and_then(from_instant_key),
            })
        })
        .optional()?;
    Ok(row.unwrap_or_default())
}

/// Saves the position reached, in the transaction of the page that reached it.
pub fn save_position(tx: &Transaction, feed: &str, pos: &FeedPosition) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO sync_state (feed, cursor, last_updated_at, earliest_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (feed) DO UPDATE SET cursor = excluded.cursor,
             last_updated_at = excluded.last_updated_at, earliest_at = excluded.earliest_at",
    )?
    .execute(params![
        feed,
        pos.cursor,
        pos.last_updated_at.map(instant_key),
        pos.earliest_at.map(instant_key),
    ])?;
    Ok(())
}

/// A sync run has started against `source`.
pub fn record_attempt(conn: &Connection, feed: &str, source: &str, now: Instant) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_state (feed, last_attempt_at, source) VALUES (?1, ?2, ?3)
         ON CONFLICT (feed) DO UPDATE SET last_attempt_at = excluded.last_attempt_at,
             source = excluded.source",
        params![feed, instant_key(now), source],
    )?;
    Ok(())
}

/// A sync run has ended: `error` None means every page was taken.
pub fn record_outcome(
    conn: &Connection,
    feed: &str,
    error: Option<&str>,
    now: Instant,
) -> Result<()> {
    match error {
        None => conn.execute(
            "UPDATE sync_state SET last_success_at = ?2, last_error = NULL WHERE feed = ?1",
            params![feed, instant_key(now)],
        )?,
        Some(e) => conn.execute(
            "UPDATE sync_state SET last_error = ?2 WHERE feed = ?1",
            params![feed, e],
        )?,
    };
    Ok(())
}
