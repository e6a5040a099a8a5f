//! Numbered migrations applied in one transaction each, recorded in `schema_migrations`. A
//! database migrated by a newer binary is refused rather than misread.

use rusqlite::{Connection, OptionalExtension};

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
];

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
    let current: i64 = conn
        .query_row("SELECT MAX(version) FROM schema_migrations", [], |r| {
            r.get::<_, Option<i64>>(0)
        })
        .optional()?
        .flatten()
        .unwrap_or(0);
    let known = MIGRATIONS.len() as i64;
    if current > known {
        return Err(MigrationError::TooNew {
            found: current,
            known,
        });
    }
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .map_err(|source| MigrationError::Failed { name, source })?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)",
            rusqlite::params![i as i64 + 1, name],
        )?;
        tx.commit()?;
    }
    Ok(())
}
