//! The quarantine examined again under the current rules. A dossier record an older, stricter
//! version kept (a status-10 dossier with `NgayTra` and no `NgayKetThucXuLy`, say) is taken now
//! as if it had just arrived: the latest version wins against what the cache holds. One still
//! broken keeps its place, with the reason and rule the current version gives it and its
//! personal numbers masked. Runs at the start of every sync; a cache with nothing kept under
//! older rules costs one indexed read.

use rusqlite::{Connection, TransactionBehavior};
use serde_json::value::RawValue;

use super::feed::{apply_record, detail_of};
use crate::cache::{self, quarantine, FEED_HOSO};
use crate::source::feeds;
use crate::source::rules::RULES_VERSION;

/// Examines every record kept under older rules, in one transaction; returns how many dossier
/// records were released into the cache.
pub fn release_quarantined(conn: &mut Connection) -> Result<u64, cache::CacheError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut released = 0;
    for kept in quarantine::kept_before(&tx, RULES_VERSION)? {
        let raw = serde_json::from_str::<Box<RawValue>>(&kept.raw);
        let (FEED_HOSO, Ok(raw)) = (kept.feed.as_str(), raw) else {
            // The lists of agencies and procedures and the calendars are asked for whole by
            // every sync, right after this, and judged again then.
            quarantine::release(&tx, kept.id)?;
            continue;
        };
        match feeds::feed_record(&raw) {
            Ok(record) => {
                quarantine::release(&tx, kept.id)?;
                apply_record(&tx, &record, &detail_of(&record)?)?;
                released += 1;
            }
            Err(b) => quarantine::examined_again(
                &tx,
                kept.id,
                b.rule.name(),
                RULES_VERSION,
                &b.reason,
                &b.raw,
            )?,
        }
    }
    tx.commit()?;
    Ok(released)
}
