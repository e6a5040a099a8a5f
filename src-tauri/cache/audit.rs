//! The reveal audit (migration 0010): an append-only record of every time an inspector saw the
//! applicant of a dossier unmasked, with who, when, which dossier and why.

use rusqlite::{params, Connection};
use serde::Serialize;

use super::{instant_key, Result};
use crate::model::Instant;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reveal {
    /// `yyyyMMddHHmmss`, local time.
    pub revealed_at: String,
    pub os_user: String,
    pub dossier_code: String,
    pub reason: String,
}

/// Appends one reveal.
pub fn record_reveal(
    conn: &Connection,
    at: Instant,
    os_user: &str,
    dossier_code: &str,
    reason: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO reveal_audit (revealed_at, os_user, dossier_code, reason)
         VALUES (?1, ?2, ?3, ?4)",
        params![instant_key(at), os_user, dossier_code, reason],
    )?;
    Ok(())
}

/// Every reveal, the latest first.
pub fn reveals(conn: &Connection) -> Result<Vec<Reveal>> {
    Ok(conn
        .prepare(
            "SELECT revealed_at, os_user, dossier_code, reason FROM reveal_audit
             ORDER BY revealed_at DESC, id DESC",
        )?
        .query_map([], |r| {
            Ok(Reveal {
                revealed_at: r.get::<_, i64>(0)?.to_string(),
                os_user: r.get(1)?,
                dossier_code: r.get(2)?,
                reason: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_keeps_every_reveal_and_refuses_changes_and_blank_reasons() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::cache::open(&dir.path().join("c.db")).unwrap();
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap();
        record_reveal(&conn, at, "thanhtra", "H40-1", "Kiểm tra khiếu nại số 12").unwrap();
        assert!(record_reveal(&conn, at, "thanhtra", "H40-2", "  ").is_err());
        for sql in [
            "UPDATE reveal_audit SET reason = 'x'",
            "DELETE FROM reveal_audit",
        ] {
            let e = conn.execute(sql, []).unwrap_err().to_string();
            assert!(e.contains("append-only"), "{e}");
        }
        assert_eq!(
            reveals(&conn).unwrap(),
            [Reveal {
                revealed_at: "20261120093000".into(),
                os_user: "thanhtra".into(),
                dossier_code: "H40-1".into(),
                reason: "Kiểm tra khiếu nại số 12".into(),
            }]
        );
    }
}
