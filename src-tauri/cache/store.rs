//! Opening the cache and writing to it. Writes take a `Transaction` so that the sync engine
//! can commit a page of records and its cursor together.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::migrations::{migrate, MigrationError};
use super::{date_key, instant_key};
use crate::model::{Agency, Dossier, Procedure, YearCalendar};

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("cannot open the cache at {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error(transparent)]
    Migration(#[from] MigrationError),
    #[error("cache error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot create the cache at {path} readable by its owner only: {source}")]
    Files {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot encode a record for the cache: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("the cache holds a value that cannot be read ({0}); sync again to refresh it")]
    Corrupt(String),
}

pub type Result<T> = std::result::Result<T, CacheError>;

/// What an upsert did with a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Inserted or replaced an older version.
    Written,
    /// The cache already held this version or a newer one (a re-sent or duplicate record).
    Stale,
}

/// Opens (creating if needed) the cache: owner-only file, WAL, migrations applied.
pub fn open(path: &Path) -> Result<Connection> {
    create_owner_only(path)?;
    let mut conn = Connection::open(path).map_err(|source| CacheError::Open {
        path: path.display().to_string(),
        source,
    })?;
    // Another connection may be creating or migrating the same cache at this moment (the
    // app's reader and its sync start together). Some of the locks that takes (switching a new
    // file to WAL, a read turning into a write) are refused at once instead of waited for:
    // the setup is tried again shortly, for up to about two seconds.
    let mut tries = 0;
    loop {
        match set_up(&mut conn) {
            Err(e) if is_busy(&e) && tries < 100 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            outcome => return outcome.map(|()| conn),
        }
    }
}

fn set_up(conn: &mut Connection) -> Result<()> {
    conn.execute_batch(
        "PRAGMA busy_timeout = 5000;
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;",
    )?;
    migrate(conn)?;
    build_states_once(conn)
}

fn is_busy(e: &CacheError) -> bool {
    let sqlite = match e {
        CacheError::Sqlite(e) => e,
        CacheError::Migration(MigrationError::Sqlite(e)) => e,
        _ => return false,
    };
    sqlite.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
}

/// After the migration that adds them, the pending states are built from the dossiers
/// already cached, once (a bulk load builds them at its end).
fn build_states_once(conn: &mut Connection) -> Result<()> {
    use super::states;
    if states::built(conn)? || super::bulk_loading(conn)? {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if !states::built(&tx)? {
        states::rebuild(&tx)?;
    }
    tx.commit()?;
    Ok(())
}

/// Ends a read transaction. Nothing was written, so ending it loses nothing; it must end, or
/// the connection's next `BEGIN` fails.
pub fn end_read(conn: &Connection) {
    if conn.execute_batch("COMMIT").is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
}

/// The database and its WAL/SHM companions are readable by their owner only. SQLite creates
/// the companions with the database file's permissions; older caches' are narrowed here.
///
/// No file of a cache that may already be open is ever opened here: closing any descriptor of
/// a file drops every POSIX lock this process holds on it, SQLite's included. Another process
/// (the sync, `controlroom kpi`) would then take the WAL index for unused and restart the WAL
/// under a reader's open transaction (a torn read: "database disk image is malformed") or
/// reset the shared memory the reader maps (SIGBUS).
fn create_owner_only(path: &Path) -> Result<()> {
    owner_only_files(path).map_err(|source| CacheError::Files {
        path: path.display().to_string(),
        source,
    })
}

fn owner_only_files(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let owner_only = || std::fs::Permissions::from_mode(0o600);
        // A new file only: nobody can hold a lock on it yet.
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path);
        match created {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                std::fs::set_permissions(path, owner_only())?;
            }
            Err(e) => return Err(e),
        }
        for suffix in ["-wal", "-shm"] {
            let companion = format!("{}{suffix}", path.display());
            match std::fs::set_permissions(&companion, owner_only()) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
    }
    Ok(())
}

fn opt_instant(t: Option<crate::model::Instant>) -> Option<i64> {
    t.map(instant_key)
}

/// The columns of `dossier` that an upsert writes, in parameter order (`?1`…).
const DOSSIER_COLUMNS: [&str; 25] = [
    "code",
    "procedure_code",
    "agency_code",
    "channel",
    "applicant_kind",
    "status",
    "submitted_at",
    "received_at",
    "due_at",
    "finished_at",
    "returned_at",
    "refused_at",
    "paid_online",
    "updated_at",
    "first_extension_due",
    "extension_count",
    "pause_count",
    "fee_total",
    "rating_level",
    "rating_at",
    "applicant_name",
    "applicant_id_masked",
    "applicant_phone_masked",
    "summary",
    "detail",
];

/// The upsert of a dossier, built once from `DOSSIER_COLUMNS`. A conflicting row is replaced
/// only by a newer `NgayCapNhat`, or by the same one with different content (two changes in
/// one second: the later arrival wins). An identical copy changes nothing and returns no id.
fn upsert_dossier_sql() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let cols = DOSSIER_COLUMNS.join(", ");
        let params: Vec<String> = (1..=DOSSIER_COLUMNS.len())
            .map(|i| format!("?{i}"))
            .collect();
        let rest = &DOSSIER_COLUMNS[1..];
        let set: Vec<String> = rest.iter().map(|c| format!("{c} = excluded.{c}")).collect();
        let old: Vec<String> = rest.iter().map(|c| format!("dossier.{c}")).collect();
        let new: Vec<String> = rest.iter().map(|c| format!("excluded.{c}")).collect();
        format!(
            "INSERT INTO dossier ({cols}) VALUES ({})
             ON CONFLICT (code) DO UPDATE SET {}
             WHERE excluded.updated_at > dossier.updated_at
                OR (excluded.updated_at = dossier.updated_at AND ({}) IS NOT ({}))
             RETURNING id",
            params.join(", "),
            set.join(", "),
            old.join(", "),
            new.join(", "),
        )
    })
}

/// Upserts one dossier, latest `NgayCapNhat` wins; an older or identical copy (a re-sent or
/// duplicate record) is `Stale`. A tombstone at least as new keeps it out; a quarantined
/// broken version that is not newer is cleared, since the source now sends a valid one.
pub fn upsert_dossier(tx: &Transaction, d: &Dossier) -> Result<Applied> {
    upsert_encoded_dossier(tx, d, &super::encode_detail(d)?)
}

/// `upsert_dossier` with the dossier's `encode_detail` already done (the sync does it off the
/// writer thread).
pub fn upsert_encoded_dossier(tx: &Transaction, d: &Dossier, detail: &str) -> Result<Applied> {
    let updated = instant_key(d.updated_at);
    let (tombstoned, quarantined) = withdrawn_or_broken(tx, &d.code)?;
    if matches!(tombstoned, Some(at) if at >= updated)
        || matches!(quarantined, Some(at) if at > updated)
    {
        return Ok(Applied::Stale);
    }

    // The pending states are kept by the writer outside a bulk load (see `states`).
    let keep_states = !super::bulk_loading(tx)?;
    let old = if keep_states {
        super::states::facts_of(tx, &d.code)?
    } else {
        None
    };
    let first_extension_due = d
        .extensions
        .iter()
        .min_by_key(|e| e.created_at)
        .map(|e| instant_key(e.due_before));
    let fee_total: i64 = d.fees.iter().map(|f| f.amount).sum();
    let id: Option<i64> = tx
        .prepare_cached(upsert_dossier_sql())?
        .query_row(
            params![
                d.code,
                d.procedure_code,
                d.agency_code,
                u8::from(d.channel),
                u8::from(d.applicant_kind),
                d.status.code(),
                opt_instant(d.submitted_at),
                opt_instant(d.received_at),
                opt_instant(d.due_at),
                opt_instant(d.finished_at),
                opt_instant(d.returned_at),
                opt_instant(d.refused_at),
                d.paid_online,
                updated,
                first_extension_due,
                d.extensions.len() as i64,
                d.pauses.len() as i64,
                fee_total,
                d.rating.as_ref().map(|r| r.level),
                d.rating.as_ref().map(|r| instant_key(r.rated_at)),
                d.applicant.name,
                d.applicant.id_number_masked,
                d.applicant.phone_masked,
                d.summary,
                detail,
            ],
            |r| r.get(0),
        )
        .optional()?;
    let Some(id) = id else {
        return Ok(Applied::Stale);
    };

    if tombstoned.is_some() {
        tx.prepare_cached("DELETE FROM tombstone WHERE code = ?1")?
            .execute([&d.code])?;
    }
    if quarantined.is_some() {
        clear_quarantine(tx, FEED_HOSO, &d.code)?;
    }
    tx.prepare_cached("DELETE FROM pause WHERE dossier_id = ?1")?
        .execute([id])?;
    if !d.pauses.is_empty() {
        let mut insert = tx.prepare_cached(
            "INSERT INTO pause (dossier_id, seq, requested_at, resumed_at, due_before, due_after)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (seq, p) in d.pauses.iter().enumerate() {
            insert.execute(params![
                id,
                seq as i64,
                instant_key(p.requested_at),
                opt_instant(p.resumed_at),
                opt_instant(p.due_before),
                opt_instant(p.due_after),
            ])?;
        }
    }
    if keep_states {
        let new = crate::model::DossierFacts::from_dossier(d);
        super::states::replace(tx, old.as_ref(), Some(&new))?;
    }
    Ok(Applied::Written)
}

/// The `updated_at` of a dossier code's tombstone and of its quarantined broken version, if
/// any (a broken version whose time could not be read counts as older than anything that
/// arrives after it).
fn withdrawn_or_broken(tx: &Transaction, code: &str) -> Result<(Option<i64>, Option<i64>)> {
    Ok(tx
        .prepare_cached(
            "SELECT (SELECT updated_at FROM tombstone WHERE code = ?1),
                    (SELECT COALESCE(updated_at, 0) FROM quarantine
                         WHERE feed = 'hoso' AND record_key = ?1)",
        )?
        .query_row([code], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Whether the cache holds something newer about a dossier code than a record changed at
/// `at`: a newer dossier, a tombstone at least as new, or a newer broken version.
fn superseded(tx: &Transaction, code: &str, at: i64) -> Result<bool> {
    let held: Option<i64> = tx
        .prepare_cached("SELECT updated_at FROM dossier WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?;
    let (tombstoned, quarantined) = withdrawn_or_broken(tx, code)?;
    Ok(matches!(held, Some(t) if t > at)
        || matches!(tombstoned, Some(t) if t >= at)
        || matches!(quarantined, Some(t) if t > at))
}

/// Applies a tombstone: the dossier leaves the cache (and so every figure) unless the cache
/// holds a newer version of it. Ties with a dossier go to the tombstone.
pub fn apply_tombstone(
    tx: &Transaction,
    code: &str,
    updated_at: crate::model::Instant,
) -> Result<Applied> {
    let updated = instant_key(updated_at);
    if superseded(tx, code, updated)? {
        return Ok(Applied::Stale);
    }
    if !super::bulk_loading(tx)? {
        let old = super::states::facts_of(tx, code)?;
        super::states::replace(tx, old.as_ref(), None)?;
    }
    tx.prepare_cached("DELETE FROM dossier WHERE code = ?1")?
        .execute([code])?;
    clear_quarantine(tx, FEED_HOSO, code)?;
    tx.prepare_cached(
        "INSERT INTO tombstone (code, updated_at) VALUES (?1, ?2)
         ON CONFLICT (code) DO UPDATE SET updated_at = excluded.updated_at",
    )?
    .execute(params![code, updated])?;
    Ok(Applied::Written)
}

/// The feed names the quarantine and the sync state use.
pub const FEED_HOSO: &str = "hoso";
pub const FEED_DONVI: &str = "donvi";
pub const FEED_THUTUC: &str = "thutuc";
pub const FEED_LICHLAMVIEC: &str = "lichlamviec";

/// A record that breaks the contract, as the quarantine keeps it.
#[derive(Debug, Clone, Copy)]
pub struct Broken<'a> {
    pub feed: &'a str,
    /// `MaHoSo`, `MaDonVi`… when it could be read.
    pub key: Option<&'a str>,
    /// The rule of the contract it breaks, as the source names it.
    pub rule: &'a str,
    /// The version of the rules it was examined under.
    pub rules_version: i64,
    pub reason: &'a str,
    /// The record's text, personal numbers already masked.
    pub raw: &'a str,
    /// `NgayCapNhat` when it could be read.
    pub updated_at: Option<crate::model::Instant>,
}

/// Keeps a record that breaks the contract, raw, with the reason, once. A broken dossier
/// version that is the newest the cache knows of its code replaces the cached dossier (the
/// source's latest word on it is broken, so it leaves the figures until a valid version
/// arrives); an older one is `Stale`. A broken version whose `NgayCapNhat` cannot be read is
/// taken as the newest: the feed delivers it in its time order.
pub fn quarantine(tx: &Transaction, b: &Broken, now: crate::model::Instant) -> Result<Applied> {
    let updated = b.updated_at.map(instant_key);
    let Some(key) = b.key else {
        let inserted = tx
            .prepare_cached(
                "INSERT INTO quarantine (feed, record_key, reason, raw, quarantined_at, updated_at,
                                         rule, rules_version)
                 VALUES (?1, NULL, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (feed, raw) WHERE record_key IS NULL DO UPDATE SET
                     reason = excluded.reason, rule = excluded.rule,
                     rules_version = excluded.rules_version
                 WHERE quarantine.rules_version IS NOT excluded.rules_version",
            )?
            .execute(params![
                b.feed,
                b.reason,
                b.raw,
                instant_key(now),
                updated,
                b.rule,
                b.rules_version
            ])?;
        return Ok(if inserted == 1 {
            Applied::Written
        } else {
            Applied::Stale
        });
    };
    if b.feed == FEED_HOSO {
        if let Some(this) = updated {
            if superseded(tx, key, this)? {
                return Ok(Applied::Stale);
            }
        }
        // The broken version is the source's latest word: the dossier leaves the figures,
        // its pending states too (as for a tombstone).
        if !super::bulk_loading(tx)? {
            let old = super::states::facts_of(tx, key)?;
            super::states::replace(tx, old.as_ref(), None)?;
        }
        tx.prepare_cached("DELETE FROM dossier WHERE code = ?1")?
            .execute([key])?;
    }
    let changed = tx
        .prepare_cached(
            "INSERT INTO quarantine (feed, record_key, reason, raw, quarantined_at, updated_at,
                                     rule, rules_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (feed, record_key) WHERE record_key IS NOT NULL DO UPDATE SET
                 reason = excluded.reason, raw = excluded.raw,
                 quarantined_at = excluded.quarantined_at, updated_at = excluded.updated_at,
                 rule = excluded.rule, rules_version = excluded.rules_version
             WHERE quarantine.raw IS NOT excluded.raw
                OR quarantine.rules_version IS NOT excluded.rules_version",
        )?
        .execute(params![
            b.feed,
            key,
            b.reason,
            b.raw,
            instant_key(now),
            updated,
            b.rule,
            b.rules_version
        ])?;
    Ok(if changed == 1 {
        Applied::Written
    } else {
        Applied::Stale
    })
}

/// Forgets the quarantined version of a record: a valid version of it has been taken.
pub fn clear_quarantine(tx: &Transaction, feed: &str, key: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM quarantine WHERE feed = ?1 AND record_key = ?2")?
        .execute(params![feed, key])?;
    Ok(())
}

pub fn upsert_agency(tx: &Transaction, a: &Agency) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO agency (code, name, level, parent, valid_from, valid_to, replaced_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,
             parent = excluded.parent, valid_from = excluded.valid_from,
             valid_to = excluded.valid_to, replaced_by = excluded.replaced_by",
    )?
    .execute(params![
        a.code,
        a.name,
        u8::from(a.level),
        a.parent,
        a.valid_from.map(date_key),
        a.valid_to.map(date_key),
        a.replaced_by,
    ])?;
    clear_quarantine(tx, FEED_DONVI, &a.code)
}

pub fn upsert_procedure(tx: &Transaction, p: &Procedure) -> Result<()> {
    let unit = serde_json::to_value(p.duration_unit)?;
    tx.prepare_cached(
        "INSERT INTO procedure (code, name, field_code, field_name, agency_code, online_level,
             duration, duration_unit, fee)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, field_code = excluded.field_code,
             field_name = excluded.field_name, agency_code = excluded.agency_code,
             online_level = excluded.online_level, duration = excluded.duration,
             duration_unit = excluded.duration_unit, fee = excluded.fee",
    )?
    .execute(params![
        p.code,
        p.name,
        p.field_code,
        p.field_name,
        p.agency_code,
        p.online_level,
        p.duration,
        unit.as_str().unwrap_or_default(),
        p.fee,
    ])?;
    clear_quarantine(tx, FEED_THUTUC, &p.code)
}

/// Replaces what the cache knows of one year's official calendar.
pub fn replace_calendar_year(
    tx: &Transaction,
    cal: &YearCalendar,
    now: crate::model::Instant,
) -> Result<()> {
    tx.execute("DELETE FROM calendar_day WHERE year = ?1", [cal.year])?;
    let hours = serde_json::to_string(&cal.working_hours)?;
    tx.execute(
        "INSERT INTO calendar_year (year, working_hours, synced_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (year) DO UPDATE SET working_hours = excluded.working_hours,
             synced_at = excluded.synced_at",
        params![cal.year, hours, instant_key(now)],
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO calendar_day (date, kind, year, reason) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (kind, days) in [("holiday", &cal.holidays), ("makeup", &cal.makeup_days)] {
        for day in days {
            insert.execute(params![date_key(day.date), kind, cal.year, day.reason])?;
        }
    }
    Ok(())
}
