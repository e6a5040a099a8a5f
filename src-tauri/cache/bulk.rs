//! The bulk load of a first sync (migration 0004): into an empty cache, the dossiers are
//! written without the per-row rollup upkeep and without the figures' indexes, then the
//! rollups are rebuilt and the indexes recreated once, set-based, when the feed ends. Row by
//! row, that upkeep cost several times the writes themselves.
//!
//! Crash safety: the flag, the dropped indexes' DDL and every page are committed together,
//! so a first sync cut anywhere resumes in bulk mode and finishes with exact rollups; until
//! then `bulk_loading` tells readers that the rollups are incomplete.

use rusqlite::{Connection, TransactionBehavior};

use super::Result;

/// The indexes a bulk load drops: each costs more per row than it saves while loading.
const DEFERRED_INDEXES: [&str; 9] = [
    "kpi_open",
    "kpi_closed",
    "kpi_rated",
    "dossier_facts_by_agency",
    "dossier_facts_by_procedure",
    "pause_requested",
    "pause_resumed",
    "dossier_fee_received",
    "dossier_many_supplements",
];

/// The page cache while the rollups and indexes are built, in KiB as `PRAGMA cache_size`
/// takes it.
const FINISH_CACHE_SIZE: i64 = -16 * 1024;

/// Whether a bulk load is under way: the rollups and the figures' indexes are incomplete.
pub fn bulk_loading(conn: &Connection) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT active FROM bulk_load")?
        .query_row([], |r| r.get(0))
}

/// Enters bulk mode if the cache holds no dossier and no tombstone (a first sync), or is
/// already in it (a first sync resumed). Returns whether it is in bulk mode.
pub fn begin_bulk_load(conn: &mut Connection) -> Result<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if bulk_loading(&tx)? {
        return Ok(true);
    }
    let empty: bool = tx.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM dossier) AND NOT EXISTS (SELECT 1 FROM tombstone)",
        [],
        |r| r.get(0),
    )?;
    if !empty {
        return Ok(false);
    }
    for name in DEFERRED_INDEXES {
        let sql: Option<String> = tx
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                [name],
                |r| r.get(0),
            )
            .ok();
        if let Some(sql) = sql {
            tx.execute(
                "INSERT OR REPLACE INTO bulk_load_index (name, sql) VALUES (?1, ?2)",
                rusqlite::params![name, sql],
            )?;
            tx.execute_batch(&format!("DROP INDEX {name}"))?;
        }
    }
    tx.execute_batch("UPDATE bulk_load SET active = 1; UPDATE kpi_state_built SET built = 0;")?;
    tx.commit()?;
    Ok(true)
}

/// Leaves bulk mode: rebuilds the rollups and the pending states from every dossier,
/// recreates the dropped indexes, clears the flag, all in one transaction. Does nothing outside bulk mode.
pub fn finish_bulk_load(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if !bulk_loading(&tx)? {
        return Ok(());
    }
    // The page cache, which kept the `code` index in memory while loading, makes room for
    // the rollups' sums and the index builds' sorters.
    let cache_size: i64 = tx.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    tx.execute_batch(&format!("PRAGMA cache_size = {FINISH_CACHE_SIZE}"))?;
    super::rollup::rebuild(&tx)?;
    super::states::rebuild(&tx)?;
    let saved: Vec<String> = tx
        .prepare("SELECT sql FROM bulk_load_index")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // Each index build sorts every dossier: let SQLite's sorter use the other cores too
    // (each sorter takes up to the page cache's size).
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    tx.execute_batch(&format!("PRAGMA threads = {cores}"))?;
    for sql in saved {
        tx.execute_batch(&sql)?;
    }
    tx.execute_batch(&format!(
        "PRAGMA threads = 0; PRAGMA cache_size = {cache_size};
         DELETE FROM bulk_load_index; UPDATE bulk_load SET active = 0;"
    ))?;
    tx.commit()?;
    Ok(())
}
