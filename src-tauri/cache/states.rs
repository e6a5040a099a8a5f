//! The upkeep of the pending states by day (migration `0005_pending_states`): a dossier's life split into
//! stretches of one state, written as changes by day, so that the states at the end of a day
//! are sums over the rows of a few months and days, whatever the number of dossiers.
//!
//! A stretch is judged by `DossierFacts::state_at` at its first instant, and a state cannot
//! change inside it (it changes only at a reception, a closing, a pause requested or ended),
//! so the sums equal judging every dossier at the end of the day. Only "at risk" depends on
//! the calendar: it is read at query time from the dossiers due on the days up to the next
//! working day.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{Connection, Transaction};

use super::facts::{facts_of_row, pause_of_row, read_facts, FACT_COLUMNS};
use super::{date_key, CacheError};
use crate::model::{DossierFacts, Instant, PauseFacts};

/// Days before its due date a dossier's running state is kept for "at risk": a next working
/// day further than this (a holiday longer than two weeks) is counted the slow way.
pub const SOON_DAYS: i64 = 15;
pub const SOON: usize = SOON_DAYS as usize + 1;

/// The counters of one row: pending, paused, overdue, soon_0..soon_15.
type Row = [i32; 3 + SOON];
pub const PENDING: usize = 0;
const PAUSED: usize = 1;
const OVERDUE: usize = 2;
const SOON_AT: usize = 3;

/// The two groupings, as the `dim` column numbers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dim {
    Agency = 0,
    Procedure = 1,
}

impl Dim {
    const BOTH: [Dim; 2] = [Dim::Agency, Dim::Procedure];

    fn code_of(self, f: &DossierFacts) -> &str {
        match self {
            Dim::Agency => &f.agency_code,
            Dim::Procedure => &f.procedure_code,
        }
    }
}

/// Adds a dossier's changes by day to `add(day, counter, delta)`.
fn changes(f: &DossierFacts, sign: i32, mut add: impl FnMut(NaiveDate, usize, i32)) {
    let Some(received) = f.received_at.filter(|_| f.is_received()) else {
        return;
    };
    let closed = f.closed_at();
    if closed.is_some_and(|c| c <= received) {
        return;
    }
    // Covers the end of day D when first day <= D < last day (no last day: still open).
    let cover = |add: &mut dyn FnMut(NaiveDate, usize, i32),
                 from: NaiveDate,
                 until: Option<NaiveDate>,
                 counter: usize| {
        if until.is_none_or(|u| from < u) {
            add(from, counter, sign);
            if let Some(u) = until {
                add(u, counter, -sign);
            }
        }
    };
    cover(&mut add, received.date(), closed.map(|c| c.date()), PENDING);
    // The instants where a state may change, inside the pending life.
    let mut cuts: Vec<Instant> = f
        .pauses
        .iter()
        .flat_map(|p: &PauseFacts| [Some(p.requested_at), p.resumed_at])
        .flatten()
        .filter(|&t| t > received && closed.is_none_or(|c| t < c))
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let starts = std::iter::once(received).chain(cuts.iter().copied());
    let ends = cuts
        .iter()
        .copied()
        .map(Some)
        .chain(std::iter::once(closed));
    for (from, until) in starts.zip(ends) {
        let (first, last) = (from.date(), until.map(|u| u.date()));
        if last.is_some_and(|l| l <= first) {
            continue; // begins and ends within one day: never at a day's end
        }
        if f.is_paused_at(from) {
            cover(&mut add, first, last, PAUSED);
            continue;
        }
        let Some(due) = f.due_as_of(from).map(|d| d.date()) else {
            continue; // no due date: within the deadline, never at risk
        };
        // Overdue at the end of D when D is after the due date.
        if let Some(after_due) = due.succ_opt() {
            cover(&mut add, first.max(after_due), last, OVERDUE);
        }
        for j in 0..SOON {
            let Some(d) = due.checked_sub_days(Days::new(j as u64)) else {
                break;
            };
            if first <= d && last.is_none_or(|l| d < l) {
                add(due, SOON_AT + j, sign);
            }
        }
    }
}

/// Sums of row changes, by (dimension, code, day); codes interned (a million dossiers share a
/// few hundred) and counters narrow, so that a rebuild's sums stay a few tens of megabytes.
#[derive(Default)]
struct Sums {
    rows: HashMap<(Dim, u32, NaiveDate), Row>,
    codes: Vec<String>,
    ids: HashMap<String, u32>,
}

impl Sums {
    fn intern(&mut self, code: &str) -> u32 {
        if let Some(&id) = self.ids.get(code) {
            return id;
        }
        self.codes.push(code.to_owned());
        let id = self.codes.len() as u32 - 1;
        self.ids.insert(code.to_owned(), id);
        id
    }

    fn add_dossier(&mut self, f: &DossierFacts, sign: i32) {
        for dim in Dim::BOTH {
            let code = self.intern(dim.code_of(f));
            let rows = &mut self.rows;
            changes(f, sign, |day, counter, delta| {
                rows.entry((dim, code, day)).or_insert([0; 3 + SOON])[counter] += delta;
            });
        }
    }

    /// Adds the sums to the day and month tables.
    fn write(self, tx: &Connection) -> Result<(), CacheError> {
        let soon_cols: Vec<String> = (0..SOON).map(|j| format!("soon_{j}")).collect();
        let cols = format!("pending, paused, overdue, {}", soon_cols.join(", "));
        let params: Vec<String> = (4..=3 + 3 + SOON).map(|i| format!("?{i}")).collect();
        let set: Vec<String> = cols
            .split(", ")
            .map(|c| format!("{c} = {c} + excluded.{c}"))
            .collect();
        let mut day = tx.prepare_cached(&format!(
            "INSERT INTO kpi_state_day (dim, day, code, {cols}) VALUES (?1, ?2, ?3, {})
             ON CONFLICT (dim, day, code) DO UPDATE SET {}",
            params.join(", "),
            set.join(", ")
        ))?;
        let mut month = tx.prepare_cached(
            "INSERT INTO kpi_state_month (dim, month, code, pending, paused, overdue)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (dim, month, code) DO UPDATE SET pending = pending + excluded.pending,
                 paused = paused + excluded.paused, overdue = overdue + excluded.overdue",
        )?;
        let mut months: HashMap<(Dim, u32, i64), [i64; 3]> = HashMap::new();
        for ((dim, code, d), row) in self.rows {
            if row.iter().all(|&n| n == 0) {
                continue;
            }
            let key = date_key(d);
            let mut values = vec![
                Value::Integer(dim as i64),
                Value::Integer(key),
                Value::Text(self.codes[code as usize].clone()),
            ];
            values.extend(row.iter().map(|&n| Value::Integer(n.into())));
            day.execute(rusqlite::params_from_iter(values))?;
            let m = months.entry((dim, code, key / 100)).or_default();
            for (into, &n) in m.iter_mut().zip(&row[..3]) {
                *into += i64::from(n);
            }
        }
        for ((dim, code, m), [pending, paused, overdue]) in months {
            if pending != 0 || paused != 0 || overdue != 0 {
                let code = &self.codes[code as usize];
                month.execute(rusqlite::params![
                    dim as i64, m, code, pending, paused, overdue
                ])?;
            }
        }
        Ok(())
    }
}

/// Whether the tables hold every dossier.
pub fn built(conn: &Connection) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT built FROM kpi_state_built")?
        .query_row([], |r| r.get(0))
}

/// Empties the tables and fills them from every dossier, reading the dossiers and their
/// pauses side by side in row-id order (never all in memory).
pub fn rebuild(tx: &Transaction) -> Result<(), CacheError> {
    tx.execute_batch("DELETE FROM kpi_state_day; DELETE FROM kpi_state_month;")?;
    let mut sums = Sums::default();
    let mut dossiers = tx.prepare(&format!("SELECT {FACT_COLUMNS} FROM dossier ORDER BY id"))?;
    let mut pauses = tx.prepare(
        "SELECT dossier_id, requested_at, resumed_at, due_before FROM pause
         ORDER BY dossier_id, seq",
    )?;
    let mut rows = dossiers.query([])?;
    let mut pause_rows = pauses.query([])?;
    let mut next_pause = pause_rows.next()?.map(read_pause).transpose()?;
    while let Some(row) = rows.next()? {
        let mut r = facts_of_row(row)?;
        while let Some((id, p)) = next_pause.take() {
            if id > r.id {
                next_pause = Some((id, p));
                break;
            }
            if id == r.id {
                r.facts.pauses.push(p);
            }
            next_pause = pause_rows.next()?.map(read_pause).transpose()?;
        }
        sums.add_dossier(&r.facts, 1);
    }
    drop(rows);
    drop(pause_rows);
    sums.write(tx)?;
    tx.execute("UPDATE kpi_state_built SET built = 1", [])?;
    Ok(())
}

fn read_pause(row: &rusqlite::Row) -> Result<(i64, PauseFacts), CacheError> {
    Ok((row.get(0)?, pause_of_row(row, 1)?))
}

/// The facts of the dossier `code` as the cache holds it now, for `replace` to take away.
pub fn facts_of(conn: &Connection, code: &str) -> Result<Option<DossierFacts>, CacheError> {
    Ok(read_facts(
        conn,
        &format!("SELECT {FACT_COLUMNS} FROM dossier WHERE code = ?1"),
        [code],
    )?
    .pop()
    .map(|(_, f)| f))
}

/// Keeps the tables exact when a dossier changes: takes away what `old` added, adds `new`.
pub fn replace(
    tx: &Connection,
    old: Option<&DossierFacts>,
    new: Option<&DossierFacts>,
) -> Result<(), CacheError> {
    let mut sums = Sums::default();
    if let Some(old) = old {
        sums.add_dossier(old, -1);
    }
    if let Some(new) = new {
        sums.add_dossier(new, 1);
    }
    sums.write(tx)
}
