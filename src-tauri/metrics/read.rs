//! Reading dossier facts and names out of the cache.

use std::collections::HashMap;

use rusqlite::Connection;

use super::MetricsError;

pub use crate::cache::facts::{read_facts, FACT_COLUMNS};

/// Agency names from `/donvi`.
pub fn agency_names(conn: &Connection) -> Result<HashMap<String, String>, MetricsError> {
    pairs(conn, "SELECT code, name FROM agency")
}

/// Procedure code → (name, field code, field name) from `/thutuc`.
pub fn procedures(
    conn: &Connection,
) -> Result<HashMap<String, (String, String, String)>, MetricsError> {
    let mut stmt =
        conn.prepare_cached("SELECT code, name, field_code, field_name FROM procedure")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn pairs(conn: &Connection, sql: &str) -> Result<HashMap<String, String>, MetricsError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
