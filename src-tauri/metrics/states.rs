//! Reading the pending states by day (kept by `cache::states` at every write): the states at
//! the end of a day are sums over the rows of a few months and days, whatever the number of
//! dossiers. Only "at risk" depends on the calendar: it is read here from the dossiers due on
//! the days up to the next working day.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use rusqlite::Connection;

use super::MetricsError;
use crate::cache::date_key;
use crate::cache::states::SOON;
pub use crate::cache::states::{built, Dim, SOON_DAYS};
use crate::calendar::Calendar;

/// The states at the end of day `d`, by code of `dim` (of the code `only` alone when given):
/// pending, paused, overdue, at risk (within the deadline is pending − paused − overdue). None
/// when the next working day is further than `SOON_DAYS` (the caller counts the slow way).
pub fn at_end_of(
    conn: &Connection,
    cal: &Calendar,
    d: NaiveDate,
    dim: Dim,
    only: Option<&str>,
) -> Result<Option<HashMap<String, [i64; 4]>>, MetricsError> {
    let reach = (cal.next_working_day(d) - d).num_days();
    if !(0..=SOON_DAYS).contains(&reach) {
        return Ok(None);
    }
    let key = date_key(d);
    let mut out: HashMap<String, [i64; 4]> = HashMap::new();
    let mut stmt = conn.prepare_cached(&sums_sql(only.is_some()))?;
    let (dim, month) = (dim as i64, key / 100);
    let first_day = month * 100;
    let mut params: Vec<&dyn rusqlite::ToSql> = vec![&dim, &month, &first_day, &key];
    params.extend(only.as_ref().map(|c| c as &dyn rusqlite::ToSql));
    let mut rows = stmt.query(params.as_slice())?;
    while let Some(row) = rows.next()? {
        let s = out.entry(row.get(0)?).or_default();
        for (i, value) in s.iter_mut().take(3).enumerate() {
            *value = row.get(1 + i)?;
        }
    }
    // At risk: due on d + j, running and pending at the end of d, for j up to the reach.
    let last = d
        .checked_add_days(Days::new(reach as u64))
        .ok_or_else(|| MetricsError::Corrupt(format!("the day after {d}")))?;
    let mut stmt = conn.prepare_cached(&soon_sql(only.is_some()))?;
    let last = date_key(last);
    let mut params: Vec<&dyn rusqlite::ToSql> = vec![&dim, &key, &last];
    params.extend(only.as_ref().map(|c| c as &dyn rusqlite::ToSql));
    let mut rows = stmt.query(params.as_slice())?;
    while let Some(row) = rows.next()? {
        let due = crate::cache::from_date_key(row.get(1)?)
            .ok_or_else(|| MetricsError::Corrupt("a day of the pending states".into()))?;
        let j = (due - d).num_days() as usize;
        let n: i64 = row.get(2 + j)?;
        if n != 0 {
            out.entry(row.get(0)?).or_default()[3] += n;
        }
    }
    Ok(Some(out))
}

/// The pending, paused and overdue sums by code up to a day: the months before it (?2, yyyymm)
/// and its month's days (?3 to ?4); of the code ?5 alone with `one_code`, read through the
/// indexes by code (0007) instead of every code's rows.
/// (Without statistics SQLite prefers the covering primary key, hence `INDEXED BY`.)
fn sums_sql(one_code: bool) -> String {
    let [months, days, of_code] = if one_code {
        [
            "kpi_state_month INDEXED BY kpi_state_month_by_code",
            "kpi_state_day INDEXED BY kpi_state_day_by_code",
            " AND code = ?5",
        ]
    } else {
        ["kpi_state_month", "kpi_state_day", ""]
    };
    format!(
        "SELECT code, sum(pending), sum(paused), sum(overdue) FROM (
             SELECT code, pending, paused, overdue FROM {months}
                 WHERE dim = ?1 AND month < ?2{of_code}
             UNION ALL SELECT code, pending, paused, overdue FROM {days}
                 WHERE dim = ?1 AND day BETWEEN ?3 AND ?4{of_code})
         GROUP BY code"
    )
}

/// The due-soon counts of the days ?2 to ?3 by code; of the code ?4 alone with `one_code`.
fn soon_sql(one_code: bool) -> String {
    let [days, of_code] = if one_code {
        [
            "kpi_state_day INDEXED BY kpi_state_day_by_code",
            " AND code = ?4",
        ]
    } else {
        ["kpi_state_day", ""]
    };
    let soon_cols: Vec<String> = (0..SOON).map(|j| format!("soon_{j}")).collect();
    format!(
        "SELECT code, day, {} FROM {days} WHERE dim = ?1 AND day BETWEEN ?2 AND ?3{of_code}",
        soon_cols.join(", ")
    )
}

#[cfg(test)]
mod tests {
    /// One code's states are read through the indexes by code, not by scanning every code of
    /// every month.
    #[test]
    fn one_codes_states_are_read_by_code() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::cache::open(&dir.path().join("plan.db")).unwrap();
        let plan = |sql: &str, params: &[&dyn rusqlite::ToSql]| -> String {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let rows = stmt.query_map(params, |r| r.get::<_, String>(3)).unwrap();
            rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("; ")
        };
        let sums = plan(
            &super::sums_sql(true),
            &[&1, &202612, &20261200, &20261201, &"x"],
        );
        assert!(
            sums.contains("kpi_state_month_by_code (dim=? AND code=? AND month<?)")
                && sums.contains("kpi_state_day_by_code (dim=? AND code=? AND day>? AND day<?)"),
            "{sums}"
        );
        let soon = plan(&super::soon_sql(true), &[&1, &20261201, &20261205, &"x"]);
        assert!(soon.contains("kpi_state_day_by_code"), "{soon}");
    }
}
