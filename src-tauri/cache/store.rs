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
    #[error("cache file permissions: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot encode a record for the cache: {0}")]
    Encode(#[from] serde_json::Error),
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
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 5000;",
    )?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// The database and its WAL/SHM companions are created readable by their owner only.
fn create_owner_only(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        for suffix in ["-wal", "-shm"] {
            let companion = format!("{}{suffix}", path.display());
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .mode(0o600)
                .open(&companion)?;
        }
    }
    Ok(())
}

fn opt_instant(t: Option<crate::model::Instant>) -> Option<i64> {
    t.map(instant_key)
}

/// Upserts one dossier, latest `NgayCapNhat` wins (ties: the later arrival wins, which makes
/// re-sent pages harmless). A tombstone newer than the record keeps it out.
pub fn upsert_dossier(tx: &Transaction, d: &Dossier) -> Result<Applied> {
    let updated = instant_key(d.updated_at);
    let existing: Option<(i64, i64)> = tx
        .prepare_cached("SELECT id, updated_at FROM dossier WHERE code = ?1")?
        .query_row([&d.code], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if matches!(existing, Some((_, at)) if at > updated) {
        return Ok(Applied::Stale);
    }
    let tombstoned: Option<i64> = tx
        .prepare_cached("SELECT updated_at FROM tombstone WHERE code = ?1")?
        .query_row([&d.code], |r| r.get(0))
        .optional()?;
    if matches!(tombstoned, Some(at) if at >= updated) {
        return Ok(Applied::Stale);
    }
    if tombstoned.is_some() {
        tx.prepare_cached("DELETE FROM tombstone WHERE code = ?1")?
            .execute([&d.code])?;
    }

    let first_extension_due = d
        .extensions
        .iter()
        .min_by_key(|e| e.created_at)
        .map(|e| instant_key(e.due_before));
    let fee_total: i64 = d.fees.iter().map(|f| f.amount).sum();
    let detail = serde_json::to_string(&DetailRef::of(d))?;
    let id: i64 = tx
        .prepare_cached(
            "INSERT INTO dossier (code, procedure_code, agency_code, channel, applicant_kind, status,
                 submitted_at, received_at, due_at, finished_at, returned_at, refused_at,
                 paid_online, updated_at, first_extension_due, extension_count, pause_count,
                 fee_total, rating_level, rating_at, applicant_name, applicant_id_masked,
                 applicant_phone_masked, summary, detail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)
             ON CONFLICT (code) DO UPDATE SET
                 procedure_code = excluded.procedure_code, agency_code = excluded.agency_code,
                 channel = excluded.channel, applicant_kind = excluded.applicant_kind,
                 status = excluded.status, submitted_at = excluded.submitted_at,
                 received_at = excluded.received_at, due_at = excluded.due_at,
                 finished_at = excluded.finished_at, returned_at = excluded.returned_at,
                 refused_at = excluded.refused_at, paid_online = excluded.paid_online,
                 updated_at = excluded.updated_at,
                 first_extension_due = excluded.first_extension_due,
                 extension_count = excluded.extension_count, pause_count = excluded.pause_count,
                 fee_total = excluded.fee_total, rating_level = excluded.rating_level,
                 rating_at = excluded.rating_at, applicant_name = excluded.applicant_name,
                 applicant_id_masked = excluded.applicant_id_masked,
                 applicant_phone_masked = excluded.applicant_phone_masked,
                 summary = excluded.summary, detail = excluded.detail
             RETURNING id",
        )?
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
        )?;

    if existing.is_some() {
        tx.prepare_cached("DELETE FROM pause WHERE dossier_id = ?1")?
            .execute([id])?;
    }
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
    Ok(Applied::Written)
}

/// Applies a tombstone: the dossier leaves the cache (and so every figure) unless the cache
/// holds a newer version of it.
pub fn apply_tombstone(
    tx: &Transaction,
    code: &str,
    updated_at: crate::model::Instant,
) -> Result<Applied> {
    let updated = instant_key(updated_at);
    let existing: Option<i64> = tx
        .prepare_cached("SELECT updated_at FROM dossier WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?;
    if matches!(existing, Some(at) if at > updated) {
        return Ok(Applied::Stale);
    }
    let earlier: Option<i64> = tx
        .prepare_cached("SELECT updated_at FROM tombstone WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?;
    if matches!(earlier, Some(at) if at >= updated) {
        return Ok(Applied::Stale);
    }
    tx.prepare_cached("DELETE FROM dossier WHERE code = ?1")?
        .execute([code])?;
    tx.prepare_cached(
        "INSERT INTO tombstone (code, updated_at) VALUES (?1, ?2)
         ON CONFLICT (code) DO UPDATE SET updated_at = excluded.updated_at",
    )?
    .execute(params![code, updated])?;
    Ok(Applied::Written)
}

/// Keeps a record that breaks the contract, raw, with the reason.
pub fn quarantine(
    tx: &Transaction,
    feed: &str,
    record_key: Option<&str>,
    reason: &str,
    raw: &str,
    now: crate::model::Instant,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO quarantine (feed, record_key, reason, raw, quarantined_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![feed, record_key, reason, raw, instant_key(now)])?;
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
    Ok(())
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
    Ok(())
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

/// The parts of a dossier that live in its `detail` column, as read back.
#[derive(Debug, serde::Deserialize)]
pub struct Detail {
    pub steps: Vec<crate::model::Step>,
    pub pauses: Vec<crate::model::Pause>,
    pub extensions: Vec<crate::model::Extension>,
    pub fees: Vec<crate::model::Fee>,
    pub rating: Option<crate::model::Rating>,
}

/// The same, borrowed, for writing without copying.
#[derive(serde::Serialize)]
struct DetailRef<'a> {
    steps: &'a [crate::model::Step],
    pauses: &'a [crate::model::Pause],
    extensions: &'a [crate::model::Extension],
    fees: &'a [crate::model::Fee],
    rating: Option<&'a crate::model::Rating>,
}

impl<'a> DetailRef<'a> {
    fn of(d: &'a Dossier) -> Self {
        DetailRef {
            steps: &d.steps,
            pauses: &d.pauses,
            extensions: &d.extensions,
            fees: &d.fees,
            rating: d.rating.as_ref(),
        }
    }
}
