//! Reading dossier facts (`model::DossierFacts`) out of the cache: the columns the figures and
//! the pending states' upkeep read, and the pauses beside them.

use rusqlite::{Connection, Row};

use super::{from_instant_key, CacheError};
use crate::model::{Channel, DossierFacts, Instant, PauseFacts, Status};

/// The columns `facts_of_row` reads, in its order.
pub const FACT_COLUMNS: &str = "id, pause_count, agency_code, procedure_code, status, channel, \
     received_at, due_at, finished_at, returned_at, first_extension_due, rating_level, rating_at";

fn instant(row: &Row, i: usize) -> Result<Option<Instant>, CacheError> {
    match row.get::<_, Option<i64>>(i)? {
        None => Ok(None),
        Some(k) => from_instant_key(k)
            .map(Some)
            .ok_or_else(|| CacheError::Corrupt(format!("the instant {k}"))),
    }
}

/// A dossier read for the figures: its row id, whether it has pauses to read, its facts.
pub struct FactRow {
    pub id: i64,
    pub has_pauses: bool,
    pub facts: DossierFacts,
}

pub fn facts_of_row(row: &Row) -> Result<FactRow, CacheError> {
    let status: u8 = row.get(4)?;
    let channel: u8 = row.get(5)?;
    let rating = match (row.get::<_, Option<u8>>(11)?, instant(row, 12)?) {
        (Some(level), Some(at)) => Some((level, at)),
        _ => None,
    };
    Ok(FactRow {
        id: row.get(0)?,
        has_pauses: row.get::<_, i64>(1)? > 0,
        facts: DossierFacts {
            agency_code: row.get(2)?,
            procedure_code: row.get(3)?,
            status: Status::try_from(status).map_err(CacheError::Corrupt)?,
            channel: Channel::try_from(channel).map_err(CacheError::Corrupt)?,
            received_at: instant(row, 6)?,
            due_at: instant(row, 7)?,
            finished_at: instant(row, 8)?,
            returned_at: instant(row, 9)?,
            first_extension_due: instant(row, 10)?,
            pauses: Vec::new(),
            rating,
        },
    })
}

/// Runs `sql` (which selects `FACT_COLUMNS`) and returns the dossiers (row id, facts) with
/// their pauses.
pub fn read_facts(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<(i64, DossierFacts)>, CacheError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    let mut pauses_of = conn.prepare_cached(
        "SELECT requested_at, resumed_at, due_before FROM pause WHERE dossier_id = ?1 ORDER BY seq",
    )?;
    while let Some(row) = rows.next()? {
        let mut r = facts_of_row(row)?;
        if r.has_pauses {
            let mut prow = pauses_of.query([r.id])?;
            while let Some(p) = prow.next()? {
                r.facts.pauses.push(pause_of_row(p, 0)?);
            }
        }
        out.push((r.id, r.facts));
    }
    Ok(out)
}

/// A pause read from `requested_at, resumed_at, due_before` at columns `at`, `at + 1`, `at + 2`.
pub fn pause_of_row(row: &Row, at: usize) -> Result<PauseFacts, CacheError> {
    Ok(PauseFacts {
        requested_at: instant(row, at)?
            .ok_or_else(|| CacheError::Corrupt("a pause without NgayBoSung".into()))?,
        resumed_at: instant(row, at + 1)?,
        due_before: instant(row, at + 2)?,
    })
}
