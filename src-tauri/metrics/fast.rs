//! The fast path: events of whole days from the daily rollups (the `kpi_rollup` migration), the part of the
//! day of `as_of` and the instant-dependent figures from the few dossiers they concern, judged
//! by the same per-dossier definitions as the plain implementation.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Days, Months, NaiveDate};
use rusqlite::Connection;

use super::dossier::{state_without_pause, DossierFacts, PendingState};
use super::figures::Figures;
use super::period::{end_of, start_of, Period};
use super::read::{read_facts, FACT_COLUMNS};
use super::reference::tally_events;
use super::sql::{CLOSED, CLOSED_AT, OPEN, SPAN_CLASS};
use super::{states, MetricsError};
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

    fn month_table(self) -> &'static str {
        match self {
            Rollup::Agency => "kpi_agency_month",
            Rollup::Procedure => "kpi_procedure_month",
        }
    }

    fn column(self) -> &'static str {
        match self {
            Rollup::Agency => "agency_code",
            Rollup::Procedure => "procedure_code",
        }
    }

    fn dim(self) -> states::Dim {
        match self {
            Rollup::Agency => states::Dim::Agency,
            Rollup::Procedure => states::Dim::Procedure,
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

/// The reception, closing and rating counters of the rollups, in the order `Counts` reads.
const ROLLUP_COLUMNS: &str = "received_online, received_in_person, received_post, \
     received_closed, resolved_early, resolved_on_time, resolved_late, withdrawn, stopped, \
     very_satisfied, satisfied, dissatisfied";
const ROLLUP_SUMS: &str = "sum(received_online), sum(received_in_person), sum(received_post), \
     sum(received_closed), sum(resolved_early), sum(resolved_on_time), sum(resolved_late), \
     sum(withdrawn), sum(stopped), sum(very_satisfied), sum(satisfied), sum(dissatisfied)";

/// The counters of `ROLLUP_SUMS`, signed: queued changes may take away what the rollup holds.
#[derive(Debug, Clone, Copy, Default)]
struct Counts([i64; 12]);

impl Counts {
    fn add_row(&mut self, row: &rusqlite::Row, at: usize) -> rusqlite::Result<()> {
        for (i, c) in self.0.iter_mut().enumerate() {
            *c += row.get::<_, i64>(at + i)?;
        }
        Ok(())
    }

    /// received − received_closed: how "carried over" changes across these events' days.
    fn carried_change(&self) -> i64 {
        self.0[0] + self.0[1] + self.0[2] - self.0[3]
    }

    fn add_to(&self, f: &mut Figures) {
        let n = |i: usize| self.0[i].max(0) as u64;
        let (online, in_person, post) = (n(0), n(1), n(2));
        f.received_online += online;
        f.received_in_person += in_person;
        f.received_post += post;
        f.received += online + in_person + post;
        let (early, on_time, late) = (n(4), n(5), n(6));
        f.resolved_early += early;
        f.resolved_on_time += on_time;
        f.resolved_late += late;
        f.resolved += early + on_time + late;
        f.withdrawn += n(7);
        f.stopped += n(8);
        let (very, sat, dis) = (n(9), n(10), n(11));
        f.very_satisfied += very;
        f.satisfied += sat;
        f.dissatisfied += dis;
        f.ratings += very + sat + dis;
    }
}

/// The figures of consecutive periods (a single period, or the buckets of a trend), each at
/// `min(end of its last day, as_of)`, grouped by the rollup's key; of the key `only` alone
/// when given (a chart of one group reads its rows, not every group's). Pending figures only
/// when asked: they cost a pass over the open dossiers per distinct instant.
pub fn figures_over(
    conn: &Connection,
    cal: &Calendar,
    buckets: &[Period],
    as_of: Instant,
    rollup: Rollup,
    with_pending: bool,
    only: Option<&str>,
) -> Result<Vec<Groups>, MetricsError> {
    if crate::cache::bulk_loading(conn)? {
        return Ok(keep_only(
            plain_over(conn, cal, buckets, as_of, rollup)?,
            only,
        ));
    }
    let mut out: Vec<Groups> = vec![Groups::new(); buckets.len()];
    let (Some(first), Some(last)) = (buckets.first(), buckets.last()) else {
        return Ok(out);
    };
    let a_date = as_of.date();
    let whole_day = whole_day_of_as_of(conn, (first, last), as_of)?;
    let last_whole_day = if whole_day {
        Some(a_date)
    } else {
        a_date.pred_opt()
    };

    // Events of whole days from the rollup and the changes not yet folded into it (a few
    // hundred at most), bucket by bucket.
    let whole_days = |b: &Period| {
        last_whole_day
            .map(|d| (b.from, d.min(b.to)))
            .filter(|(f, t)| f <= t)
    };
    let mut counts: Vec<HashMap<String, Counts>> = if buckets.iter().all(shorter_than_a_month) {
        day_sums_by_bucket(conn, rollup, buckets, last_whole_day, only)?
    } else {
        buckets
            .iter()
            .map(|b| match whole_days(b) {
                Some((from, upto)) => range_sums(conn, rollup, from, upto, only),
                None => Ok(HashMap::new()),
            })
            .collect::<Result<_, _>>()?
    };
    let mut running = carried_base(conn, rollup, first.from, only)?;
    add_queued_changes(
        conn,
        rollup,
        buckets,
        &whole_days,
        &mut counts,
        &mut running,
    )?;
    let mut carried_delta: Vec<HashMap<String, i64>> = vec![HashMap::new(); buckets.len()];
    for (i, groups) in counts.iter().enumerate() {
        for (code, c) in groups {
            c.add_to(out[i].entry(code.clone()).or_default());
            carried_delta[i].insert(code.clone(), c.carried_change());
        }
    }

    // The part of the day of `as_of` that had happened by then.
    if !whole_day && first.from <= a_date && a_date <= last.to {
        let b = buckets.partition_point(|b| b.to < a_date);
        let day = Period {
            from: a_date,
            to: a_date,
        };
        for f in touched_during(conn, start_of(a_date), as_of, false)? {
            tally_events(
                &f,
                day,
                as_of,
                out[b].entry(rollup.key_of(&f).to_owned()).or_default(),
            );
        }
    }

    // Carried over and pending, bucket by bucket.
    let mut pending_at: HashMap<Instant, Groups> = HashMap::new();
    for (i, b) in buckets.iter().enumerate() {
        let at = b.as_of(Some(as_of));
        let needs_pending = with_pending || at < start_of(b.from);
        if needs_pending && !pending_at.contains_key(&at) {
            pending_at.insert(at, pending(conn, cal, at, rollup, only)?);
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
    Ok(keep_only(out, only))
}

/// Whether the rollup's row of the day of `as_of` holds that day's events up to `as_of`: when
/// the cache has none of that day after it (the usual case: `as_of` is now, and today's events
/// are thousands of dossiers to read otherwise), or the day is over. `span`: the first and the
/// last bucket.
fn whole_day_of_as_of(
    conn: &Connection,
    (first, last): (&Period, &Period),
    as_of: Instant,
) -> Result<bool, MetricsError> {
    let a_date = as_of.date();
    Ok(as_of >= end_of(a_date)
        || (first.from <= a_date
            && a_date <= last.to
            && touched_during(
                conn,
                as_of + chrono::Duration::seconds(1),
                end_of(a_date),
                false,
            )?
            .is_empty()))
}

/// Adds the changes the triggers queued and no fold took yet (a few hundred at most): each to
/// its bucket when its day is one of the bucket's whole days (`whole_days`), or to the running
/// carried-over base when it comes before the first bucket.
fn add_queued_changes(
    conn: &Connection,
    rollup: Rollup,
    buckets: &[Period],
    whole_days: &dyn Fn(&Period) -> Option<(NaiveDate, NaiveDate)>,
    counts: &mut [HashMap<String, Counts>],
    running: &mut HashMap<String, i64>,
) -> Result<(), MetricsError> {
    let key = rollup.column();
    let first = buckets.first().map_or(NaiveDate::MAX, |b| b.from);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {key}, day, {ROLLUP_SUMS} FROM kpi_change_event WHERE day > 0 GROUP BY {key}, day"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let code: String = row.get(0)?;
        let day = crate::cache::from_date_key(row.get(1)?)
            .ok_or_else(|| MetricsError::Corrupt("a day of a queued change".into()))?;
        let mut c = Counts::default();
        c.add_row(row, 2)?;
        if day < first {
            *running.entry(code).or_default() += c.carried_change();
            continue;
        }
        let i = buckets.partition_point(|b| b.to < day);
        if buckets
            .get(i)
            .and_then(whole_days)
            .is_some_and(|(f, t)| f <= day && day <= t)
        {
            let into = &mut counts[i].entry(code).or_default().0;
            for (a, b) in into.iter_mut().zip(c.0) {
                *a += b;
            }
        }
    }
    Ok(())
}

/// The groups of `only` alone, when given.
fn keep_only(mut out: Vec<Groups>, only: Option<&str>) -> Vec<Groups> {
    if let Some(code) = only {
        for groups in &mut out {
            groups.retain(|k, _| k == code);
        }
    }
    out
}

/// During a bulk load (a first sync under way) the rollups are incomplete: the figures are
/// counted plainly from every dossier, as `reference` does, so that they stay exact.
fn plain_over(
    conn: &Connection,
    cal: &Calendar,
    buckets: &[Period],
    as_of: Instant,
    rollup: Rollup,
) -> Result<Vec<Groups>, MetricsError> {
    let facts = super::reference::all_facts(conn)?;
    Ok(buckets
        .iter()
        .map(|b| {
            let at = b.as_of(Some(as_of));
            let mut groups = Groups::new();
            for f in &facts {
                let into = groups.entry(rollup.key_of(f).to_owned()).or_default();
                super::reference::tally(f, *b, at, cal, into);
            }
            groups
        })
        .collect())
}

/// The states at `t` of the dossiers pending then, by key: the states at the end of `t`'s
/// day from `states`, corrected by the few dossiers with a reception, closing or pause
/// between `t` and that end (none when `t` is now). Counted the slow way when the states are
/// not built yet or the next working day is too far for them. With `only`, that key's states
/// are read alone (the others may be left out or not).
pub fn pending(
    conn: &Connection,
    cal: &Calendar,
    t: Instant,
    rollup: Rollup,
    only: Option<&str>,
) -> Result<Groups, MetricsError> {
    let day = t.date();
    if !states::built(conn)? {
        return pending_by_scan(conn, cal, t, rollup);
    }
    let Some(at_end) = states::at_end_of(conn, cal, day, rollup.dim(), only)? else {
        return pending_by_scan(conn, cal, t, rollup);
    };
    // pending, paused, overdue, at risk
    let mut sums: HashMap<String, [i64; 4]> = at_end;
    let end = end_of(day);
    if t < end {
        let after_t = t + chrono::Duration::seconds(1);
        for f in touched_during(conn, after_t, end, true)? {
            let s = sums.entry(rollup.key_of(&f).to_owned()).or_default();
            for (state, sign) in [(f.state_at(end, cal), -1), (f.state_at(t, cal), 1)] {
                let Some(state) = state else { continue };
                s[0] += sign;
                match state {
                    PendingState::Paused => s[1] += sign,
                    PendingState::Overdue => s[2] += sign,
                    PendingState::WithinDeadline { at_risk } => s[3] += sign * i64::from(at_risk),
                }
            }
        }
    }
    let mut groups = Groups::new();
    for (code, [pending, paused, overdue, at_risk]) in sums {
        if pending == 0 {
            continue;
        }
        let n = |v: i64| v.max(0) as u64;
        let f = groups.entry(code).or_default();
        f.pending = n(pending);
        f.pending_paused = n(paused);
        f.pending_overdue = n(overdue);
        f.pending_within_deadline = n(pending - paused - overdue);
        f.pending_at_risk = n(at_risk);
    }
    Ok(groups)
}

/// The states at `t` of the dossiers pending then: the open ones received by `t`, and those
/// closed after `t` (found class by class of how long they stayed open), counted in SQL from
/// the covering indexes by (key, paused at `t`, date of the due date as it stood at `t`): a
/// dossier's state depends on nothing else. Only dossiers with pauses read the pause table.
fn pending_by_scan(
    conn: &Connection,
    cal: &Calendar,
    t: Instant,
    rollup: Rollup,
) -> Result<Groups, MetricsError> {
    let tk = instant_key(t);
    let key = rollup.column();
    let mut groups = Groups::new();
    let mut count = |sql: &str, params: &[i64]| -> Result<(), MetricsError> {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        while let Some(row) = rows.next()? {
            let due = row
                .get::<_, Option<i64>>(2)?
                .map(|k| {
                    crate::cache::from_date_key(k)
                        .ok_or_else(|| MetricsError::Corrupt(format!("the due date {k}")))
                })
                .transpose()?;
            let state = if row.get::<_, bool>(1)? {
                PendingState::Paused
            } else {
                state_without_pause(due, t, cal)
            };
            let n: u64 = row.get::<_, i64>(3)? as u64;
            let f = groups.entry(row.get(0)?).or_default();
            for _ in 0..n {
                f.add_pending(state);
            }
        }
        Ok(())
    };
    // Open now, read from the covering partial index `kpi_open`.
    let open = format!("{OPEN} AND received_at <= ?1");
    count(&without_pause_sql(key, &open), &[tk])?;
    count(&with_pause_sql(key, &open, "?1"), &[tk])?;
    // Closed after `t`, read from the covering partial index `kpi_closed`.
    let closed = format!(
        "{CLOSED} AND ({SPAN_CLASS}) = ?1 AND ({CLOSED_AT}) > ?2 AND ({CLOSED_AT}) <= ?3 \
         AND received_at <= ?2"
    );
    let (plain, paused) = (
        without_pause_sql(key, &closed),
        with_pause_sql(key, &closed, "?2"),
    );
    for k in 0..=13 {
        let params = [k, tk, closed_bound(t.date(), k)];
        count(&plain, &params)?;
        count(&paused, &params)?;
    }
    Ok(groups)
}

/// The dossiers matching `cond` without any pause, by (key, 0, legal due date).
fn without_pause_sql(key: &str, cond: &str) -> String {
    format!(
        "SELECT {key}, 0, coalesce(first_extension_due, due_at) / 1000000, count(*) \
         FROM dossier WHERE {cond} AND pause_count = 0 GROUP BY 1, 2, 3"
    )
}

/// The dossiers matching `cond` with pauses, by (key, paused at `t`, date of `due_as_of(t)`)
/// as `DossierFacts::state_at` reads them (`t` is the parameter `at`): paused when a pause
/// started by `t` had not ended by then; otherwise due on the `NgayHenTraTruoc` of the first
/// pause requested after `t` if that is earlier than the legal due date, else on the latter.
/// Materialized so that each row's two lookups run once.
fn with_pause_sql(key: &str, cond: &str, at: &str) -> String {
    let legal = "coalesce(first_extension_due, due_at)";
    format!(
        "WITH judged AS MATERIALIZED (SELECT {key} AS code, \
             EXISTS (SELECT 1 FROM pause AS p WHERE p.dossier_id = dossier.id \
                 AND p.requested_at <= {at} AND (p.resumed_at IS NULL OR p.resumed_at > {at})) \
                 AS paused, \
             coalesce((SELECT CASE WHEN p.due_before IS NOT NULL AND ({legal} IS NULL \
                     OR p.due_before < {legal}) THEN p.due_before END \
                 FROM pause AS p WHERE p.dossier_id = dossier.id AND p.requested_at > {at} \
                 ORDER BY p.requested_at, p.seq LIMIT 1), {legal}) AS due \
             FROM dossier WHERE {cond} AND pause_count > 0) \
         SELECT code, paused, due / 1000000, count(*) FROM judged GROUP BY 1, 2, 3"
    )
}

/// Every dossier with a reception, closing or rating in [from, to] (instants), once each;
/// with `pauses`, also those with a pause requested or ended then.
fn touched_during(
    conn: &Connection,
    from: Instant,
    to: Instant,
    pauses: bool,
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
        &select(&format!("{OPEN} AND received_at BETWEEN ?1 AND ?2")),
        [fk, tk],
    )?);
    // Received in the range and closed since: a class-k dossier closed within 2^k days of its
    // reception; class -1 (closed before received) has no bound and is read whole.
    keep(read_facts(
        conn,
        &select(&format!(
            "{CLOSED} AND ({SPAN_CLASS}) = -1 AND received_at BETWEEN ?1 AND ?2"
        )),
        [fk, tk],
    )?);
    let received_closed = select(&format!(
        "{CLOSED} AND ({SPAN_CLASS}) = ?1 AND ({CLOSED_AT}) BETWEEN ?2 AND ?3 \
         AND received_at BETWEEN ?2 AND ?4"
    ));
    for k in 0..=13 {
        keep(read_facts(
            conn,
            &received_closed,
            [k, fk, closed_bound(to.date(), k), tk],
        )?);
    }
    // Closed in the range, whatever the class.
    let closed = select(&format!(
        "{CLOSED} AND ({SPAN_CLASS}) = ?1 AND ({CLOSED_AT}) BETWEEN ?2 AND ?3"
    ));
    for k in SPAN_CLASSES {
        keep(read_facts(conn, &closed, [k, fk, tk])?);
    }
    // Rated in the range.
    keep(read_facts(
        conn,
        &select("rating_at BETWEEN ?1 AND ?2"),
        [fk, tk],
    )?);
    if pauses {
        keep(read_facts(
            conn,
            &select(
                "id IN (SELECT dossier_id FROM pause WHERE requested_at BETWEEN ?1 AND ?2
                 UNION SELECT dossier_id FROM pause WHERE resumed_at BETWEEN ?1 AND ?2)",
            ),
            [fk, tk],
        )?);
    }
    Ok(out)
}

/// Sums of the rollup (not the queue) over the days [from, to], by key: whole months from the
/// monthly table, the days around them from the daily one.
fn range_sums(
    conn: &Connection,
    rollup: Rollup,
    from: NaiveDate,
    to: NaiveDate,
    only: Option<&str>,
) -> Result<HashMap<String, Counts>, MetricsError> {
    const EMPTY: (i64, i64) = (1, 0);
    let first_whole = if from.day() == 1 {
        Some(from)
    } else {
        from.with_day(1)
            .and_then(|d| d.checked_add_months(Months::new(1)))
    };
    let last_whole = if to.succ_opt().is_some_and(|n| n.day() == 1) {
        Some(to)
    } else {
        to.with_day(1).and_then(|d| d.pred_opt())
    };
    let month_of = |d: NaiveDate| date_key(d) / 100;
    let (days_before, days_after, months) = match (first_whole, last_whole) {
        (Some(a), Some(b)) if a <= b => (
            (date_key(from), date_key(a) - 1),
            (date_key(b) + 1, date_key(to)),
            (month_of(a), month_of(b)),
        ),
        _ => ((date_key(from), date_key(to)), EMPTY, EMPTY),
    };
    let (day_t, month_t, key) = (rollup.table(), rollup.month_table(), rollup.column());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {key}, {ROLLUP_SUMS} FROM (
             SELECT {key}, {ROLLUP_COLUMNS} FROM {day_t} WHERE day BETWEEN ?1 AND ?2
             UNION ALL SELECT {key}, {ROLLUP_COLUMNS} FROM {day_t} WHERE day BETWEEN ?3 AND ?4
             UNION ALL SELECT {key}, {ROLLUP_COLUMNS} FROM {month_t} WHERE month BETWEEN ?5 AND ?6)
         WHERE ?7 IS NULL OR {key} = ?7 GROUP BY {key}"
    ))?;
    let mut rows = stmt.query(rusqlite::params![
        days_before.0,
        days_before.1,
        days_after.0,
        days_after.1,
        months.0,
        months.1,
        only,
    ])?;
    let mut out: HashMap<String, Counts> = HashMap::new();
    while let Some(row) = rows.next()? {
        out.entry(row.get(0)?).or_default().add_row(row, 1)?;
    }
    Ok(out)
}

/// Holds no whole calendar month (the shortest has 28 days): its sums are day rows only.
fn shorter_than_a_month(b: &Period) -> bool {
    (b.to - b.from).num_days() < 27
}

/// What [`range_sums`] gives for each bucket's whole days up to `last_whole_day`, from one
/// pass over the day rows: a year of weeks would otherwise cost 53 queries.
fn day_sums_by_bucket(
    conn: &Connection,
    rollup: Rollup,
    buckets: &[Period],
    last_whole_day: Option<NaiveDate>,
    only: Option<&str>,
) -> Result<Vec<HashMap<String, Counts>>, MetricsError> {
    let mut out: Vec<HashMap<String, Counts>> = vec![HashMap::new(); buckets.len()];
    let (Some(first), Some(last), Some(upto)) = (buckets.first(), buckets.last(), last_whole_day)
    else {
        return Ok(out);
    };
    let (day_t, key) = (rollup.table(), rollup.column());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {key}, day, {ROLLUP_COLUMNS} FROM {day_t} \
         WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR {key} = ?3)"
    ))?;
    let mut rows = stmt.query(rusqlite::params![
        date_key(first.from),
        date_key(last.to.min(upto)),
        only
    ])?;
    while let Some(row) = rows.next()? {
        let day = crate::cache::from_date_key(row.get(1)?)
            .ok_or_else(|| MetricsError::Corrupt("a day of the rollup".into()))?;
        let i = buckets.partition_point(|b| b.to < day);
        if buckets.get(i).is_some_and(|b| b.from <= day) {
            // A year of days is tens of thousands of rows: the key is copied once per group.
            let code = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            match out[i].get_mut(code) {
                Some(counts) => counts.add_row(row, 2)?,
                None => {
                    let mut counts = Counts::default();
                    counts.add_row(row, 2)?;
                    out[i].insert(code.to_owned(), counts);
                }
            }
        }
    }
    Ok(out)
}

/// Received before `from` and not closed before it, by key, from the rollup alone (the queued
/// changes are added by the caller): summed over the days before `from`, or, when `from` is
/// nearer the last day, as the totals of day 0 minus the days from `from` on.
fn carried_base(
    conn: &Connection,
    rollup: Rollup,
    from: NaiveDate,
    only: Option<&str>,
) -> Result<HashMap<String, i64>, MetricsError> {
    let table = rollup.table();
    let (first, last): (Option<i64>, Option<i64>) = conn
        .prepare_cached(&format!(
            "SELECT (SELECT min(day) FROM {table} WHERE day > 0), (SELECT max(day) FROM {table})"
        ))?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let (Some(first), Some(last)) = (
        first.and_then(crate::cache::from_date_key),
        last.and_then(crate::cache::from_date_key),
    ) else {
        return Ok(HashMap::new());
    };
    let Some(day_before) = from.pred_opt() else {
        return Ok(HashMap::new());
    };
    if from - first <= last - from {
        let before = range_sums(conn, rollup, first.min(from), day_before, only)?;
        return Ok(before
            .into_iter()
            .map(|(k, c)| (k, c.carried_change()))
            .collect());
    }
    let key = rollup.column();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {key}, {ROLLUP_COLUMNS} FROM {table} WHERE day = 0 AND (?1 IS NULL OR {key} = ?1)"
    ))?;
    let mut rows = stmt.query([only])?;
    let mut out: HashMap<String, i64> = HashMap::new();
    while let Some(row) = rows.next()? {
        let mut total = Counts::default();
        total.add_row(row, 1)?;
        out.insert(row.get(0)?, total.carried_change());
    }
    for (k, c) in range_sums(conn, rollup, from, last.max(from), only)? {
        *out.entry(k).or_default() -= c.carried_change();
    }
    Ok(out)
}

/// The codes that have dossiers in the cache, by the totals of day 0 (queued changes included).
pub fn codes_with_dossiers(conn: &Connection, rollup: Rollup) -> Result<Vec<String>, MetricsError> {
    let (table, key) = (rollup.table(), rollup.column());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {key} FROM (SELECT {key}, dossiers FROM {table} WHERE day = 0 \
         UNION ALL SELECT {key}, dossiers FROM kpi_change_event WHERE day = 0) \
         GROUP BY {key} HAVING sum(dossiers) > 0"
    ))?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
