//! The SQLite cache: schema and migrations, upserts, tombstones, quarantine, sync state and the
//! plain queries the other modules need. Knows the model, nothing else.

pub mod audit;
mod bulk;
mod detail;
pub mod facts;
mod migrations;
pub mod quarantine;
mod query;
mod rollup;
mod state;
pub mod states;
mod store;

pub use bulk::{begin_bulk_load, bulk_loading, finish_bulk_load};
pub use detail::{decode_detail, encode_detail, Detail};
pub use migrations::{MigrationError, MIGRATIONS};
pub use query::*;
pub use state::*;
pub use store::*;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// An instant as the cache stores it: `yyyymmddHHMMSS` as an integer.
pub fn instant_key(t: NaiveDateTime) -> i64 {
    date_key(t.date()) * 1_000_000
        + i64::from(t.hour()) * 10_000
        + i64::from(t.minute()) * 100
        + i64::from(t.second())
}

/// A date as the cache stores it: `yyyymmdd` as an integer.
pub fn date_key(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

pub fn from_instant_key(k: i64) -> Option<NaiveDateTime> {
    let d = from_date_key(k / 1_000_000)?;
    let hms = k % 1_000_000;
    d.and_hms_opt(
        (hms / 10_000) as u32,
        (hms / 100 % 100) as u32,
        (hms % 100) as u32,
    )
}

pub fn from_date_key(k: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        (k / 10_000) as i32,
        (k / 100 % 100) as u32,
        (k % 100) as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cache and its companions are readable by their owner only, also a cache made
    /// before (whose files were wider).
    #[cfg(unix)]
    #[test]
    fn the_cache_files_are_readable_by_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("cache.db");
        let mode = |suffix: &str| {
            let file = format!("{}{suffix}", db.display());
            std::fs::metadata(file).unwrap().permissions().mode() & 0o777
        };
        let conn = open(&db).unwrap();
        conn.execute(
            "INSERT INTO agency (code, name, level) VALUES ('A', 'Sở A', 1)",
            [],
        )
        .unwrap();
        for suffix in ["", "-wal", "-shm"] {
            assert_eq!(mode(suffix), 0o600, "{suffix}");
        }
        for suffix in ["", "-wal", "-shm"] {
            let file = format!("{}{suffix}", db.display());
            std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        let _again = open(&db).unwrap();
        for suffix in ["", "-wal", "-shm"] {
            assert_eq!(mode(suffix), 0o600, "{suffix}");
        }
    }

    /// A cache that cannot be created says where and why.
    #[test]
    fn a_cache_that_cannot_be_created_names_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let not_a_dir = dir.path().join("file");
        std::fs::write(&not_a_dir, "").unwrap();
        let db = not_a_dir.join("cache.db");
        let err = open(&db).unwrap_err().to_string();
        assert!(err.contains(&db.display().to_string()), "{err}");
        assert!(err.contains("owner only"), "{err}");
    }

    #[test]
    fn keys_round_trip_and_sort_like_time() {
        let t = NaiveDate::from_ymd_opt(2026, 3, 16)
            .unwrap()
            .and_hms_opt(14, 30, 5)
            .unwrap();
        assert_eq!(instant_key(t), 20260316143005);
        assert_eq!(from_instant_key(20260316143005), Some(t));
        assert_eq!(instant_key(t) / 1_000_000, date_key(t.date()));
        assert!(from_instant_key(20260230000000).is_none());
    }
}
