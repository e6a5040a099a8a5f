//! The fast path: events of whole days from the daily rollups (the `kpi_rollup` migration), the part of the
//! day of `as_of` and the instant-dependent figures from the few dossiers they concern, judged
//! by the same per-dossier definitions as the plain implementation.

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate};
use rusqlite::Connection;

use super::dossier::DossierFacts;
use super::figures::Figures;
use super::period::{end_of, start_of, Period};
use super::read::{read_facts, FACT_COLUMNS};
use super::reference::tally_events;
use super::MetricsError;
use crate::cache::{date_key, instant_key};
use crate::calendar::Calendar;
use crate::model::Instant;

/// Which rollup a computation reads: the key dossiers are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rollup {
    Agency,
    Procedure,
}

impl Rollup {
    fn table(self) -> &'static str {
        match self {
            Rollup::Agency => "kpi_agency_day",
            Rollup::Procedure => "kpi_procedure_day",
        }
    }

    fn column(self) -> &'static str {
        match self {
            Rollup::Agency => "agency_code",
            Rollup::Procedure => "procedure_code",
        }
    }

    fn key_of(self, f: &DossierFacts) -> &str {
        match self {
            Rollup::Agency => &f.agency_code,
            Rollup::Procedure => &f.procedure_code,
        }
    }
}

pub type Groups = HashMap<String, Figures>;

/// The span classes of the `kpi_rollup` migration: a closed, received dossier of class k (0..=12) closed at
/// most 2^k days after it was received; class 13 later; -1 before; -2 is never received.
const SPAN_CLASSES: std::ops::RangeInclusive<i64> = -2..=13;
const LONGEST_BOUNDED_CLASS: i64 = 12;

/// The last instant a dossier of span class `k` received by the date `d` can have closed at.
fn closed_bound(d: NaiveDate, k: i64) -> i64 {
    if k > LONGEST_BOUNDED_CLASS {
        return i64::MAX;
    }
    d.checked_add_days(Days::new(1u64 << k))
        .map_or(i64::MAX, |x| instant_key(end_of(x)))
}

/// The reception, closing and rating counters of the rollups, in the order `add_row` reads.
const ROLLUP_SUMS: &str = "sum(received_online), sum(received_in_person), sum(received_post), \
     sum(received_closed), sum(resolved_early), sum(resolved_on_time), sum(resolved_late), \
     sum(withdrawn), sum(stopped), sum(very_satisfied), sum(satisfied), sum(dissatisfied)";

/// Adds the counters of a rollup row (from column `at`); returns received − received_closed,
/// the change of "carried over" across that row's day.
fn add_row(row: &rusqlite::Row, at: usize, f: &mut Figures) -> rusqlite::Result<i64> {
    let n = |i: usize| -> rusqlite::Result<u64> { Ok(row.get::<_, i64>(at + i)?.max(0) as u64) };
    let (online, in_person, post) = (n(0)?, n(1)?, n(2)?);
    f.received_online += online;
    f.received_in_person += in_person;
    f.received_post += post;
    f.received += online + in_person + post;
    let (early, on_time, late) = (n(4)?, n(5)?, n(6)?);
    f.resolved_early += early;
    f.resolved_on_time += on_time;
    f.resolved_late += late;
    f.resolved += early + on_time + late;
    f.withdrawn += n(7)?;
    f.stopped += n(8)?;
    let (very, sat, dis) = (n(9)?, n(10)?, n(11)?);
    f.very_satisfied += very;
    f.satisfied += sat;
    f.dissatisfied += dis;
    f.ratings += very + sat + dis;
    Ok((online + in_person + post) as i64 - n(3)? as i64)
}

/// The figures of consecutive periods (a single period, or the buckets of a trend), each at
/// `min(end of its last day, as_of)`, grouped by the rollup's key. Pending figures only when
/// asked: they cost a pass over the open dossiers per distinct instant.
pub fn figures_over(
    conn: &Connection,
    cal: &Calendar,
    buckets: &[Period],
    as_of: Instant,
    rollup: Rollup,
    with_pending: bool,
) -> Result<Vec<Groups>, MetricsError> {
    let mut out: Vec<Groups> = vec![Groups::new(); buckets.len()];
    let (Some(first), Some(last)) = (buckets.first(), buckets.last()) else {
        return Ok(out);
    };
    let (table, key) = (rollup.table(), rollup.column());
    let a_date = as_of.date();
    let whole_day = as_of >= end_of(a_date);
    let last_whole_day = if whole_day {
        Some(a_date)
    } else {
        a_date.pred_opt()
    };

    // Events of whole days, and how "carried over" moves across each bucket.
    let mut carried_delta: Vec<HashMap<String, i64>> = vec![HashMap::new(); buckets.len()];
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {key}, {ROLLUP_SUMS} FROM {table} WHERE day BETWEEN ?1 AND ?2 GROUP BY {key}"
    ))?;
    for (i, b) in buckets.iter().enumerate() {
        let Some(upto) = last_whole_day.map(|d| d.min(b.to)).filter(|d| *d >= b.from) else {
            continue;
        };
        let mut rows = stmt.query([date_key(b.from), date_key(upto)])?;
        while let Some(row) = rows.next()? {
            let code: String = row.get(0)?;
            let delta = add_row(row, 1, out[i].entry(code.clone()).or_default())?;
            carried_delta[i].insert(code, delta);
        }
    }

    // The part of the day of `as_of` that had happened by then.
    if !whole_day && first.from <= a_date && a_date <= last.to {
        let b = buckets.partition_point(|b| b.to < a_date);
        let day = Period {
            from: a_date,
            to: a_date,
        };
        for f in touched_during(conn, start_of(a_date), as_of)? {
            tally_events(
                &f,
                day,
                as_of,
                out[b].entry(rollup.key_of(&f).to_owned()).or_default(),
            );
        }
    }

    // Carried over and pending, bucket by bucket.
    let mut running: HashMap<String, i64> = {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {key}, sum(received_online + received_in_person + received_post \
             - received_closed) FROM {table} WHERE day > 0 AND day < ?1 GROUP BY {key}"
        ))?;
        let rows = stmt.query_map([date_key(first.from)], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut pending_at: HashMap<Instant, Groups> = HashMap::new();
    for (i, b) in buckets.iter().enumerate() {
        let at = b.as_of(Some(as_of));
        let needs_pending = with_pending || at < start_of(b.from);
        if needs_pending && !pending_at.contains_key(&at) {
            pending_at.insert(at, pending(conn, cal, at, rollup)?);
        }
        if at >= start_of(b.from) {
            for (code, n) in &running {
                if *n > 0 {
                    out[i].entry(code.clone()).or_default().carried_over = *n as u64;
                }
            }
        } else {
            // Nothing of this period had happened by `as_of`: what was received before it and
            // not closed by then is exactly what was pending then.
            for (code, p) in &pending_at[&at] {
                out[i].entry(code.clone()).or_default().carried_over = p.pending;
            }
        }
        if with_pending {
            for (code, p) in &pending_at[&at] {
                let f = out[i].entry(code.clone()).or_default();
                f.pending = p.pending;
                f.pending_paused = p.pending_paused;
                f.pending_overdue = p.pending_overdue;
                f.pending_within_deadline = p.pending_within_deadline;
                f.pending_at_risk = p.pending_at_risk;
            }
        }
        for (code, d) in std::mem::take(&mut carried_delta[i]) {
            *running.entry(code).or_default() += d;
        }
    }
    Ok(out)
}

/// The states at `t` of the dossiers pending then: the open ones received by `t`, and those
/// closed after `t` (found class by class of how long they stayed open).
pub fn pending(
    conn: &Connection,
    cal: &Calendar,
    t: Instant,
    rollup: Rollup,
) -> Result<Groups, MetricsError> {
    let tk = instant_key(t);
    let mut groups = Groups::new();
    let mut judge = |facts: Vec<(i64, DossierFacts)>| {
        for (_, f) in facts {
            if let Some(state) = f.state_at(t, cal) {
                groups
                    .entry(rollup.key_of(&f).to_owned())
                    .or_default()
                    .add_pending(state);
            }
        }
    };
    // Open now: the covering partial index `kpi_open` has every column read here.
    judge(read_facts(
        conn,
        "SELECT id, pause_count, agency_code, procedure_code, status, channel, received_at, \
         due_at, NULL, NULL, first_extension_due, NULL, NULL FROM dossier \
         WHERE kpi_received AND kpi_closed_at IS NULL AND received_at <= ?1",
        [tk],
    )?);
    let sql = format!(
        "SELECT {FACT_COLUMNS} FROM dossier WHERE kpi_span_class = ?1 \
         AND kpi_closed_at > ?2 AND kpi_closed_at <= ?3 AND received_at <= ?2"
    );
    for k in 0..=13 {
        judge(read_facts(conn, &sql, [k, tk, closed_bound(t.date(), k)])?);
    }
    Ok(groups)
}

/// Every dossier with a reception, closing or rating in [from, to] (instants), once each.
fn touched_during(
    conn: &Connection,
    from: Instant,
    to: Instant,
) -> Result<Vec<DossierFacts>, MetricsError> {
    let (fk, tk) = (instant_key(from), instant_key(to));
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut keep = |rows: Vec<(i64, DossierFacts)>| {
        for (id, f) in rows {
            if seen.insert(id) {
                out.push(f);
            }
        }
    };
    let select = |cond: &str| format!("SELECT {FACT_COLUMNS} FROM dossier WHERE {cond}");
    // Received in the range and still open.
    keep(read_facts(
        conn,
        &select("kpi_received AND kpi_closed_at IS NULL AND received_at BETWEEN ?1 AND ?2"),
        [fk, tk],
    )?);
    // Received in the range and closed since: a class-k dossier closed within 2^k days of its
    // reception; class -1 (closed before received) has no bound and is read whole.
    keep(read_facts(
        conn,
        &select(
            "kpi_span_class = -1 AND kpi_closed_at IS NOT NULL AND received_at BETWEEN ?1 AND ?2",
        ),
        [fk, tk],
    )?);
    let received_closed = select(
        "kpi_span_class = ?1 AND kpi_closed_at BETWEEN ?2 AND ?3 AND received_at BETWEEN ?2 AND ?4",
    );
    for k in 0..=13 {
        keep(read_facts(
            conn,
            &received_closed,
            [k, fk, closed_bound(to.date(), k), tk],
        )?);
    }
    // Closed in the range, whatever the class.
    let closed = select("kpi_span_class = ?1 AND kpi_closed_at BETWEEN ?2 AND ?3");
    for k in SPAN_CLASSES {
        keep(read_facts(conn, &closed, [k, fk, tk])?);
    }
    // Rated in the range.
    keep(read_facts(
        conn,
        &select("rating_at BETWEEN ?1 AND ?2"),
        [fk, tk],
    )?);
    Ok(out)
}

/// The codes that have dossiers in the cache, by the rollup's count (day 0).
pub fn codes_with_dossiers(conn: &Connection, rollup: Rollup) -> Result<Vec<String>, MetricsError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM {} WHERE day = 0 AND dossiers > 0",
        rollup.column(),
        rollup.table()
    ))?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
