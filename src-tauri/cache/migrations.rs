//! Numbered migrations applied in one transaction each, recorded in `schema_migrations`. A
//! database migrated by a newer binary is refused rather than misread.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

/// Every migration, in order. The number of a migration is its index + 1; never reorder.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("migrations/0001_init.sql")),
    (
        "0002_kpi_rollup",
        include_str!("migrations/0002_kpi_rollup.sql"),
    ),
    (
        "0003_quarantine_once_and_feed_span",
        include_str!("migrations/0003_quarantine_once_and_feed_span.sql"),
    ),
    (
        "0004_bulk_first_sync",
        include_str!("migrations/0004_bulk_first_sync.sql"),
    ),
    (
        "0005_pending_states",
        include_str!("migrations/0005_pending_states.sql"),
    ),
    (
        "0006_scope_by_last_activity",
        include_str!("migrations/0006_scope_by_last_activity.sql"),
    ),
    (
        "0007_pending_states_by_code",
        include_str!("migrations/0007_pending_states_by_code.sql"),
    ),
    (
        "0008_quarantine_rules_and_masking",
        include_str!("migrations/0008_quarantine_rules_and_masking.sql"),
    ),
    (
        "0009_index766",
        include_str!("migrations/0009_index766.sql"),
    ),
    (
        "0010_reveal_audit",
        include_str!("migrations/0010_reveal_audit.sql"),
    ),
];

/// Migrations that rewrite personal data: once one has run, the file is vacuumed and its
/// write-ahead log emptied, so that the old bytes leave every file of the cache.
const SCRUBBING: &[&str] = &["0008_quarantine_rules_and_masking"];

#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error("the cache was written by a newer version of the control room (schema {found}, this version knows {known}); update the application or point it at another cache file")]
    TooNew { found: i64, known: i64 },
    #[error("migration {name} failed: {source}")]
    Failed {
        name: &'static str,
        source: rusqlite::Error,
    },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

pub fn migrate(conn: &mut Connection) -> Result<(), MigrationError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             applied_at TEXT NOT NULL DEFAULT (datetime('now'))
         )",
    )?;
    let known = MIGRATIONS.len() as i64;
    // Up to date (the usual case): a plain read, no lock that a long sync would hold up.
    if checked_version(conn, known)? == known {
        return Ok(());
    }
    // Two connections may open a new cache at once (the app's reader and its sync): each
    // migration is applied under the write lock, after reading again which are applied.
    let mut scrubbed = false;
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = checked_version(&tx, known)?;
        let Some((name, sql)) = MIGRATIONS.get(current as usize) else {
            drop(tx);
            if scrubbed {
                scrub_files(conn)?;
            }
            return Ok(());
        };
        scrubbed |= SCRUBBING.contains(name);
        tx.execute_batch(sql)
            .map_err(|source| MigrationError::Failed { name, source })?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)",
            rusqlite::params![current + 1, name],
        )?;
        tx.commit()?;
    }
}

/// Rewrites the whole file without its free pages and empties the write-ahead log: what a
/// scrubbing migration replaced is then in no file of the cache.
fn scrub_files(conn: &Connection) -> Result<(), MigrationError> {
    conn.execute_batch("VACUUM")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// The last migration applied; a cache migrated by a newer binary is refused.
fn checked_version(conn: &Connection, known: i64) -> Result<i64, MigrationError> {
    let current: i64 = conn
        .query_row("SELECT MAX(version) FROM schema_migrations", [], |r| {
            r.get::<_, Option<i64>>(0)
        })
        .optional()?
        .flatten()
        .unwrap_or(0);
    if current > known {
        return Err(MigrationError::TooNew {
            found: current,
            known,
        });
    }
    Ok(current)
}

#[cfg(test)]
mod tests {
    /// The app's reader and its sync open a new cache at the same moment: both must get it
    /// migrated once, neither an error.
    #[test]
    fn connections_opening_a_new_cache_at_once_all_succeed() {
        for round in 0..5 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(format!("race-{round}.db"));
            let barrier = std::sync::Barrier::new(4);
            let outcomes: Vec<Result<(), String>> = std::thread::scope(|s| {
                let openers: Vec<_> = (0..4)
                    .map(|_| {
                        s.spawn(|| {
                            barrier.wait();
                            crate::cache::open(&path)
                                .map(|_| ())
                                .map_err(|e| e.to_string())
                        })
                    })
                    .collect();
                openers.into_iter().map(|t| t.join().unwrap()).collect()
            });
            for outcome in outcomes {
                outcome.unwrap();
            }
            let conn = crate::cache::open(&path).unwrap();
            let applied: Vec<i64> = conn
                .prepare("SELECT version FROM schema_migrations ORDER BY version")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            assert_eq!(
                applied,
                (1..=super::MIGRATIONS.len() as i64).collect::<Vec<_>>()
            );
        }
    }
}
