//! The read side: what the status screen shows, one dossier back as a model type, and the
//! full listings that tests compare against the source's truth.

use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

use super::detail::decode_detail;
use super::quarantine::QuarantineSummary;
use super::store::FEED_HOSO;
use super::{from_instant_key, Result};
use crate::model::{Applicant, Dossier};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CacheStatus {
    pub dossiers: u64,
    pub quarantined: u64,
    pub quarantine: QuarantineSummary,
    pub tombstones: u64,
    /// `yyyyMMddHHmmss`, local time.
    pub last_success_at: Option<String>,
    pub last_attempt_at: Option<String>,
    pub last_error: Option<String>,
    pub source: Option<String>,
    pub agencies: Vec<AgencyCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgencyCount {
    pub code: String,
    pub name: String,
    /// `CapDonVi`; 0 for a code that dossiers name but `/donvi` does not list.
    pub level: u8,
    pub dossiers: u64,
}

fn count(conn: &Connection, sql: &str) -> Result<u64> {
    Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
}

pub fn status(conn: &Connection) -> Result<CacheStatus> {
    let state = conn
        .query_row(
            "SELECT last_success_at, last_attempt_at, last_error, source
             FROM sync_state WHERE feed = ?1",
            [FEED_HOSO],
            |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            },
        )
        .optional()?
        .unwrap_or_default();
    // The counts by agency: from the rollup's day-0 rows (one per agency) and the changes not
    // yet folded into it; during a first sync, when the rollup is incomplete, by counting the
    // dossiers (a scan of them all, some 90 ms at a million). Counted once, used twice.
    let counts = if super::bulk_loading(conn)? {
        "SELECT agency_code, COUNT(*) AS n FROM dossier GROUP BY agency_code"
    } else {
        "SELECT agency_code, sum(dossiers) AS n FROM (
             SELECT agency_code, dossiers FROM kpi_agency_day WHERE day = 0
             UNION ALL SELECT agency_code, dossiers FROM kpi_change_event WHERE day = 0)
         GROUP BY agency_code HAVING n > 0"
    };
    let mut agencies = conn
        .prepare(&format!(
            "WITH c AS MATERIALIZED ({counts})
             SELECT COALESCE(a.code, c.agency_code), COALESCE(a.name, c.agency_code),
                    COALESCE(a.level, 0), COALESCE(c.n, 0)
             FROM c LEFT JOIN agency a ON a.code = c.agency_code
             UNION ALL
             SELECT a.code, a.name, a.level, 0 FROM agency a
             WHERE a.code NOT IN (SELECT agency_code FROM c)"
        ))?
        .query_map([], |r| {
            Ok(AgencyCount {
                code: r.get(0)?,
                name: r.get(1)?,
                level: r.get(2)?,
                dossiers: r.get::<_, i64>(3)? as u64,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    agencies.sort_by(|a, b| {
        b.dossiers
            .cmp(&a.dossiers)
            .then_with(|| a.code.cmp(&b.code))
    });
    // An instant key is yyyyMMddHHmmss already.
    let stamp = |k: Option<i64>| k.map(|k| k.to_string());
    let dossiers = agencies.iter().map(|a| a.dossiers).sum();
    let tombstones = count(conn, "SELECT COUNT(*) FROM tombstone")?;
    let quarantine = super::quarantine::summary(conn, dossiers + tombstones)?;
    Ok(CacheStatus {
        dossiers,
        quarantined: quarantine.total,
        quarantine,
        tombstones,
        last_success_at: stamp(state.0),
        last_attempt_at: stamp(state.1),
        last_error: state.2,
        source: state.3,
        agencies,
    })
}

const DOSSIER_SELECT: &str = "SELECT code, procedure_code, agency_code, channel, applicant_kind,
    status, submitted_at, received_at, due_at, finished_at, returned_at, refused_at, paid_online,
    updated_at, applicant_name, applicant_id_masked, applicant_phone_masked, summary, detail
    FROM dossier";

fn conversion(i: usize, e: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        i,
        rusqlite::types::Type::Integer,
        e.to_string().into(),
    )
}

fn dossier_from_row(r: &Row) -> rusqlite::Result<Dossier> {
    let instant = |i: usize| -> rusqlite::Result<Option<crate::model::Instant>> {
        r.get::<_, Option<i64>>(i)?
            .map(|k| from_instant_key(k).ok_or_else(|| conversion(i, format!("bad instant {k}"))))
            .transpose()
    };
    let code = |i: usize| -> rusqlite::Result<u8> { r.get(i) };
    let detail = decode_detail(r.get_ref(18)?.as_str()?).map_err(|e| conversion(18, e))?;
    Ok(Dossier {
        code: r.get(0)?,
        procedure_code: r.get(1)?,
        agency_code: r.get(2)?,
        channel: code(3)?.try_into().map_err(|e| conversion(3, e))?,
        applicant_kind: code(4)?.try_into().map_err(|e| conversion(4, e))?,
        status: code(5)?.try_into().map_err(|e| conversion(5, e))?,
        submitted_at: instant(6)?,
        received_at: instant(7)?,
        due_at: instant(8)?,
        finished_at: instant(9)?,
        returned_at: instant(10)?,
        refused_at: instant(11)?,
        paid_online: r.get(12)?,
        updated_at: instant(13)?.ok_or_else(|| conversion(13, "no updated_at"))?,
        applicant: Applicant {
            name: r.get(14)?,
            id_number_masked: r.get(15)?,
            phone_masked: r.get(16)?,
        },
        summary: r.get(17)?,
        fees: detail.fees,
        pauses: detail.pauses,
        extensions: detail.extensions,
        steps: detail.steps,
        rating: detail.rating,
    })
}

/// One dossier as the cache holds it, or None.
pub fn read_dossier(conn: &Connection, code: &str) -> Result<Option<Dossier>> {
    Ok(conn
        .prepare_cached(&format!("{DOSSIER_SELECT} WHERE code = ?1"))?
        .query_row([code], dossier_from_row)
        .optional()?)
}

/// Every dossier, in code order, handed one at a time (the cache may hold millions).
pub fn for_each_dossier(conn: &Connection, mut each: impl FnMut(Dossier)) -> Result<()> {
    let mut stmt = conn.prepare(&format!("{DOSSIER_SELECT} ORDER BY code"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(dossier_from_row(r)?);
    }
    Ok(())
}

/// A record kept in quarantine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quarantined {
    pub feed: String,
    pub key: Option<String>,
    pub reason: String,
    pub raw: String,
}

pub fn quarantined(conn: &Connection) -> Result<Vec<Quarantined>> {
    Ok(conn
        .prepare(
            "SELECT feed, record_key, reason, raw FROM quarantine ORDER BY feed, record_key, id",
        )?
        .query_map([], |r| {
            Ok(Quarantined {
                feed: r.get(0)?,
                key: r.get(1)?,
                reason: r.get(2)?,
                raw: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// The codes withdrawn from the source (`DaXoa`), in order.
pub fn tombstoned(conn: &Connection) -> Result<Vec<String>> {
    Ok(conn
        .prepare("SELECT code FROM tombstone ORDER BY code")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}
