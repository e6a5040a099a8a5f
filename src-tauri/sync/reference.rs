//! The reference feeds: agencies, procedures and the yearly working calendars. Each answer is
//! small and written in one transaction; broken entries go to quarantine.

use chrono::Datelike;
use rusqlite::TransactionBehavior;

use super::feed::quarantine;
use super::writer::Writer;
use super::SyncError;
use crate::cache::{self, Applied, FEED_DONVI, FEED_LICHLAMVIEC, FEED_THUTUC};
use crate::model::Instant;
use crate::source::{feeds::Checked, Client};

/// Writes a list answer; returns how many broken entries were newly quarantined.
async fn write_list<M: Send + 'static>(
    writer: &Writer,
    feed: &'static str,
    items: Vec<Checked<M>>,
    upsert: fn(&rusqlite::Transaction, &M) -> Result<(), cache::CacheError>,
) -> Result<u64, SyncError> {
    writer
        .call(move |c| {
            let now = crate::model::province_now();
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut quarantined = 0;
            for item in &items {
                match item {
                    Ok(m) => upsert(&tx, m)?,
                    Err(b) => {
                        quarantined += u64::from(quarantine(&tx, feed, b, now)? == Applied::Written)
                    }
                }
            }
            tx.commit()?;
            Ok(quarantined)
        })
        .await
}

pub async fn agencies(client: &Client, writer: &Writer) -> Result<u64, SyncError> {
    let items = client.agencies().await?;
    write_list(writer, FEED_DONVI, items, cache::upsert_agency).await
}

pub async fn procedures(client: &Client, writer: &Writer) -> Result<u64, SyncError> {
    let items = client.procedures().await?;
    write_list(writer, FEED_THUTUC, items, cache::upsert_procedure).await
}

/// The calendars of every year from the earliest dossier's to the server's current year.
/// A year the center does not know (404) is skipped: the calendar module falls back to its
/// built-in table for it.
pub async fn calendars(
    client: &Client,
    writer: &Writer,
    earliest: Option<Instant>,
    server_now: Option<Instant>,
) -> Result<u64, SyncError> {
    let current = server_now.unwrap_or_else(crate::model::province_now).year();
    let first = earliest.map_or(current, |t| t.year()).min(current);
    let mut quarantined = 0;
    for year in first..=current {
        let Some(answer) = client.calendar(year).await? else {
            continue;
        };
        quarantined += writer
            .call(move |c| {
                let now = crate::model::province_now();
                let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let q = match &answer {
                    Ok(cal) => {
                        cache::replace_calendar_year(&tx, cal, now)?;
                        cache::clear_quarantine(&tx, FEED_LICHLAMVIEC, &year.to_string())?;
                        0
                    }
                    Err(b) => {
                        // Keyed by the year asked, whatever the body says.
                        let mut b = b.clone();
                        b.key = Some(year.to_string());
                        u64::from(quarantine(&tx, FEED_LICHLAMVIEC, &b, now)? == Applied::Written)
                    }
                };
                tx.commit()?;
                Ok(q)
            })
            .await?;
    }
    Ok(quarantined)
}
