//! The Decision-766 indicators of METRICS.md (progress 2.1, online dossiers, online payment
//! 3.6, satisfaction 5.4) for the province and each agency.
//!
//! [`tally`] says what one dossier contributes; [`plain`] counts every dossier with it (the
//! slow, obvious reference); [`compute`] is the fast path the faces use: the period's figures
//! from the rollups and pending states, minus the few dossiers with two or more supplement
//! requests, plus the fee counts of migration 0009.

use std::collections::{BTreeMap, HashMap};

use rusqlite::Connection;
use serde::Serialize;

use super::dossier::{DossierFacts, PendingState, Timeliness};
use super::figures::Figures;
use super::period::{start_of, Period};
use super::read::{read_facts, FACT_COLUMNS};
use super::sql::{CLOSED_AT, LAST_ACTIVITY, OPEN};
use super::{MetricsError, PeriodInfo};
use crate::cache::{date_key, instant_key};
use crate::calendar::Calendar;
use crate::model::{Channel, Instant};

pub const PROGRESS_MAX: f64 = 20.0;
pub const ONLINE_MAX: f64 = 6.0;
pub const PAYMENT_MAX: f64 = 6.0;
pub const SATISFACTION_MAX: f64 = 6.0;
/// The online share that earns the online points in full.
const ONLINE_FULL_AT: f64 = 0.5;
/// The satisfaction ratio that earns its points in full.
const SATISFACTION_FULL_AT: f64 = 0.9;

/// The counts the indicators are ratios of, for one group; summable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts766 {
    /// D: resolved in the period, or pending at `as_of`.
    pub progress_denominator: u64,
    /// N: of D, resolved early or on time or pending within the deadline or paused, with fewer
    /// than two supplement requests.
    pub progress_numerator: u64,
    /// Of D, in time but for their two or more supplement requests.
    pub two_supplements: u64,
    pub received: u64,
    pub received_online: u64,
    /// Received in the period with a fee (`Gia` > 0).
    pub payment_denominator: u64,
    /// Of those, `DuocThanhToanTrucTuyen` 1 or 2.
    pub payment_numerator: u64,
    /// Ratings of `MucDo` 3 dated in the period.
    pub dissatisfied: u64,
}

impl Counts766 {
    pub fn absorb(&mut self, o: &Counts766) {
        self.progress_denominator += o.progress_denominator;
        self.progress_numerator += o.progress_numerator;
        self.two_supplements += o.two_supplements;
        self.received += o.received;
        self.received_online += o.received_online;
        self.payment_denominator += o.payment_denominator;
        self.payment_numerator += o.payment_numerator;
        self.dissatisfied += o.dissatisfied;
    }

    /// The counts of the figures (D, N before the supplement rule, received, dissatisfied).
    fn of_figures(f: &Figures) -> Self {
        Counts766 {
            progress_denominator: f.resolved + f.pending,
            progress_numerator: f.resolved_early
                + f.resolved_on_time
                + f.pending_within_deadline
                + f.pending_paused,
            received: f.received,
            received_online: f.received_online,
            dissatisfied: f.dissatisfied,
            ..Counts766::default()
        }
    }
}

/// The indicators of one group, named as METRICS.md names them, with the counts they are
/// ratios of. Each is null when its denominator is 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Indicators {
    #[serde(flatten)]
    pub counts: Counts766,
    pub progress_points: Option<f64>,
    pub online_share: Option<f64>,
    pub online_points: Option<f64>,
    pub payment_share: Option<f64>,
    pub payment_points: Option<f64>,
    pub satisfaction_ratio: Option<f64>,
    pub satisfaction_points: Option<f64>,
    /// The sum of the points that are not null.
    pub points: f64,
    /// The sum of the maxima of the points that are not null.
    pub points_max: f64,
}

fn ratio(n: u64, d: u64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

impl Indicators {
    pub fn of(c: Counts766) -> Self {
        let d = c.progress_denominator;
        let progress = ratio(c.progress_numerator, d);
        let online_share = ratio(c.received_online, c.received);
        let payment_share = ratio(c.payment_numerator, c.payment_denominator);
        let satisfaction_ratio =
            (d > 0).then(|| (c.progress_numerator as f64 - c.dissatisfied as f64) / d as f64);
        let progress_points = progress.map(|r| PROGRESS_MAX * r);
        let online_points = online_share.map(|s| (ONLINE_MAX * s / ONLINE_FULL_AT).min(ONLINE_MAX));
        let payment_points = payment_share.map(|s| PAYMENT_MAX * s);
        let satisfaction_points = satisfaction_ratio
            .map(|r| (SATISFACTION_MAX * r / SATISFACTION_FULL_AT).clamp(0.0, SATISFACTION_MAX));
        let parts = [
            (progress_points, PROGRESS_MAX),
            (online_points, ONLINE_MAX),
            (payment_points, PAYMENT_MAX),
            (satisfaction_points, SATISFACTION_MAX),
        ];
        Indicators {
            counts: c,
            progress_points,
            online_share,
            online_points,
            payment_share,
            payment_points,
            satisfaction_ratio,
            satisfaction_points,
            points: parts.iter().filter_map(|(p, _)| *p).sum(),
            points_max: parts
                .iter()
                .filter(|(p, _)| p.is_some())
                .map(|(_, m)| m)
                .sum(),
        }
    }
}

/// The indicators of one agency.
#[derive(Debug, Clone, Serialize)]
pub struct GroupIndicators {
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub indicators: Indicators,
}

/// The indicators of a period for the province and each agency (every agency the figures
/// list), in the shape of [`super::KpiReport`].
#[derive(Debug, Clone, Serialize)]
pub struct Index766Report {
    pub period: PeriodInfo,
    pub province: Indicators,
    pub agencies: Vec<GroupIndicators>,
    pub calendar_note: Option<String>,
}

/// A dossier's fee as the indicators read it: whether some `Gia` > 0, and its
/// `DuocThanhToanTrucTuyen`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeeFacts {
    pub has_fee: bool,
    pub paid_online: u8,
}

impl FeeFacts {
    pub fn paid_online(&self) -> bool {
        matches!(self.paid_online, 1 | 2)
    }
}

/// Supplement requests (`NgayBoSung`) made by `at`.
pub fn supplement_requests(f: &DossierFacts, at: Instant) -> usize {
    f.pauses.iter().filter(|p| p.requested_at <= at).count()
}

/// Whether the dossier is in D, and in N, for the period at `at`: (in D, in time before the
/// supplement rule).
fn progress_of(f: &DossierFacts, period: Period, at: Instant, cal: &Calendar) -> (bool, bool) {
    let in_period = |t: Instant| period.contains(t.date()) && t <= at;
    if f.status.is_resolved() && f.closed_at().is_some_and(in_period) {
        let in_time = matches!(f.timeliness(), Some(Timeliness::Early | Timeliness::OnTime));
        return (true, in_time);
    }
    match f.state_at(at, cal) {
        Some(PendingState::Overdue) => (true, false),
        Some(_) => (true, true),
        None => (false, false),
    }
}

/// What one dossier contributes to the counts of the period at `at` (METRICS.md, literally).
pub fn tally(
    f: &DossierFacts,
    fee: FeeFacts,
    period: Period,
    at: Instant,
    cal: &Calendar,
    out: &mut Counts766,
) {
    let in_period = |t: Instant| period.contains(t.date()) && t <= at;
    let (in_d, in_time) = progress_of(f, period, at, cal);
    if in_d {
        out.progress_denominator += 1;
        if in_time && supplement_requests(f, at) >= 2 {
            out.two_supplements += 1;
        } else if in_time {
            out.progress_numerator += 1;
        }
    }
    if f.is_received() && f.received_at.is_some_and(in_period) {
        out.received += 1;
        if f.channel == Channel::Online {
            out.received_online += 1;
        }
        if fee.has_fee {
            out.payment_denominator += 1;
            if fee.paid_online() {
                out.payment_numerator += 1;
            }
        }
    }
    if f.rating
        .is_some_and(|(level, t)| level == 3 && in_period(t))
    {
        out.dissatisfied += 1;
    }
}

/// The fee facts of the dossiers with a fee (`fee_total` > 0) received between the instants
/// (keys) `from` and `to` of one agency or, with none, of all; by row id.
fn fees_by_id(
    conn: &Connection,
    from: i64,
    to: i64,
    agency: Option<&str>,
) -> Result<HashMap<i64, FeeFacts>, MetricsError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, paid_online FROM dossier WHERE fee_total > 0
         AND received_at BETWEEN ?1 AND ?2 AND (?3 IS NULL OR agency_code = ?3)",
    )?;
    let rows = stmt.query_map(rusqlite::params![from, to, agency], |r| {
        let fee = FeeFacts {
            has_fee: true,
            paid_online: r.get(1)?,
        };
        Ok((r.get::<_, i64>(0)?, fee))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The counts by agency, from every dossier of the cache: slow and plainly right.
pub fn plain(
    conn: &Connection,
    cal: &Calendar,
    period: Period,
    at: Instant,
) -> Result<BTreeMap<String, Counts766>, MetricsError> {
    let fees = fees_by_id(conn, 0, i64::MAX, None)?;
    let mut out: BTreeMap<String, Counts766> = BTreeMap::new();
    for (id, f) in read_facts(conn, &format!("SELECT {FACT_COLUMNS} FROM dossier"), [])? {
        let fee = fees.get(&id).copied().unwrap_or_default();
        tally(
            &f,
            fee,
            period,
            at,
            cal,
            out.entry(f.agency_code.clone()).or_default(),
        );
    }
    Ok(out)
}

/// The indicators of the period for the province and each agency.
pub fn compute(
    conn: &Connection,
    cal: &Calendar,
    period: Period,
    as_of: Option<Instant>,
) -> Result<Index766Report, MetricsError> {
    let at = period.as_of(as_of);
    let figures = super::compute(conn, cal, period, Some(at))?;
    let mut counts: BTreeMap<String, Counts766> = figures
        .agencies
        .iter()
        .map(|g| (g.code.clone(), Counts766::of_figures(&g.figures)))
        .collect();
    for (code, n) in in_time_with_two_supplements(conn, cal, period, at)? {
        let c = counts.entry(code).or_default();
        c.progress_numerator -= n.min(c.progress_numerator);
        c.two_supplements += n;
    }
    for (code, (with_fee, paid)) in fee_counts(conn, period, at)? {
        let c = counts.entry(code).or_default();
        c.payment_denominator += with_fee;
        c.payment_numerator += paid;
    }
    let mut province = Counts766::default();
    for c in counts.values() {
        province.absorb(c);
    }
    let agencies = figures
        .agencies
        .into_iter()
        .map(|g| GroupIndicators {
            indicators: Indicators::of(counts.get(&g.code).copied().unwrap_or_default()),
            code: g.code,
            name: g.name,
        })
        .collect();
    Ok(Index766Report {
        period: figures.period,
        province: Indicators::of(province),
        agencies,
        calendar_note: figures.calendar_note,
    })
}

/// By agency, the dossiers the figures count in time (resolved early or on time in the
/// period, or pending within the deadline or paused at `at`) that had two or more supplement
/// requests by `at`: a few, read through the partial index of migration 0009.
fn in_time_with_two_supplements(
    conn: &Connection,
    cal: &Calendar,
    period: Period,
    at: Instant,
) -> Result<HashMap<String, u64>, MetricsError> {
    let mut out: HashMap<String, u64> = HashMap::new();
    let (from, atk) = (instant_key(start_of(period.from)), instant_key(at));
    // Resolved early or on time in the period: counted in SQL, as the rollups judge them.
    let mut stmt = conn.prepare_cached(&resolved_in_time_with_two_supplements_sql())?;
    let mut rows = stmt.query([from, atk])?;
    while let Some(row) = rows.next()? {
        *out.entry(row.get(0)?).or_default() += row.get::<_, i64>(1)? as u64;
    }
    // Pending at `at`: open, or closed after it; judged one by one.
    for closed in [
        format!("({CLOSED_AT}) IS NULL"),
        format!("({CLOSED_AT}) > ?1"),
    ] {
        let sql = format!(
            "SELECT {FACT_COLUMNS} FROM dossier WHERE pause_count >= 2 AND {closed}
             AND received_at <= ?1"
        );
        for (_, f) in read_facts(conn, &sql, [atk])? {
            let in_time = matches!(
                f.state_at(at, cal),
                Some(PendingState::Paused | PendingState::WithinDeadline { .. })
            );
            if in_time && supplement_requests(&f, at) >= 2 {
                *out.entry(f.agency_code.clone()).or_default() += 1;
            }
        }
    }
    Ok(out)
}

/// By agency, the dossiers resolved early or on time between the instants ?1 and ?2 with two
/// or more supplement requests by ?2, as the rollups judge timeliness; from the covering index
/// `dossier_many_supplements` and the pauses' primary key.
fn resolved_in_time_with_two_supplements_sql() -> String {
    format!(
        "SELECT agency_code, count(*) FROM dossier WHERE pause_count >= 2
             AND ({CLOSED_AT}) BETWEEN ?1 AND ?2 AND status IN (9, 10)
             AND ({CLOSED_AT}) / 1000000 <= coalesce(first_extension_due, due_at) / 1000000
             AND (SELECT count(*) FROM pause WHERE pause.dossier_id = dossier.id
                  AND pause.requested_at <= ?2) >= 2
         GROUP BY agency_code"
    )
}

/// By agency, the dossiers received with a fee between the instants ?1 and ?2, and of those
/// the ones paid online: from the covering index `dossier_fee_received`.
const RECEIVED_WITH_FEE_SQL: &str =
    "SELECT agency_code, count(*), sum(paid_online IN (1, 2)) FROM dossier
         WHERE fee_total > 0 AND received_at BETWEEN ?1 AND ?2 AND status NOT IN (1, 3)
         GROUP BY agency_code";

/// By agency, the dossiers received in the period by `at` with a fee, and of those the ones
/// paid online: whole days before the day of `at` from `kpi_fee_day`, that day from the
/// dossiers (partial index of migration 0009). During a bulk load the table is incomplete:
/// every day is read from the dossiers.
fn fee_counts(
    conn: &Connection,
    period: Period,
    at: Instant,
) -> Result<HashMap<String, (u64, u64)>, MetricsError> {
    let mut out: HashMap<String, (u64, u64)> = HashMap::new();
    let mut add = |sql: &str, params: [i64; 2]| -> Result<(), MetricsError> {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params)?;
        while let Some(row) = rows.next()? {
            let e = out.entry(row.get(0)?).or_default();
            e.0 += row.get::<_, i64>(1)?.max(0) as u64;
            e.1 += row.get::<_, i64>(2)?.max(0) as u64;
        }
        Ok(())
    };
    let last_day = at.date();
    let from_dossiers = if crate::cache::bulk_loading(conn)? {
        start_of(period.from)
    } else {
        if period.from < last_day {
            let upto = last_day.pred_opt().unwrap_or(last_day);
            add(
                "SELECT agency_code, sum(with_fee), sum(paid_online) FROM kpi_fee_day
                 WHERE day BETWEEN ?1 AND ?2 GROUP BY agency_code",
                [date_key(period.from), date_key(upto)],
            )?;
        }
        start_of(last_day.max(period.from))
    };
    add(
        RECEIVED_WITH_FEE_SQL,
        [instant_key(from_dossiers), instant_key(at)],
    )?;
    Ok(out)
}

/// By agency, the dossiers open in the cache that were pending within the deadline (not paused)
/// at `at` and are due by the end of the period, with fewer than two supplement requests: the
/// progress points at stake this period. Each counts in time now; each resolved late will not.
pub fn due_in_period(
    conn: &Connection,
    cal: &Calendar,
    period: Period,
    at: Instant,
) -> Result<HashMap<String, u64>, MetricsError> {
    let mut out: HashMap<String, u64> = HashMap::new();
    if period.to < at.date() {
        return Ok(out);
    }
    let atk = instant_key(at);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT agency_code, count(*) FROM dossier WHERE {OPEN} AND received_at <= ?1
             AND pause_count = 0
             AND coalesce(first_extension_due, due_at) / 1000000 BETWEEN ?2 AND ?3
         GROUP BY agency_code"
    ))?;
    let mut rows = stmt.query([atk, date_key(at.date()), date_key(period.to)])?;
    while let Some(row) = rows.next()? {
        *out.entry(row.get(0)?).or_default() += row.get::<_, i64>(1)? as u64;
    }
    let paused = format!(
        "SELECT {FACT_COLUMNS} FROM dossier WHERE {OPEN} AND received_at <= ?1 AND pause_count > 0"
    );
    for (_, f) in read_facts(conn, &paused, [atk])? {
        let running = matches!(
            f.state_at(at, cal),
            Some(PendingState::WithinDeadline { .. })
        );
        let due_by_end = f.due_as_of(at).is_some_and(|d| d.date() <= period.to);
        if running && due_by_end && supplement_requests(&f, at) < 2 {
            *out.entry(f.agency_code.clone()).or_default() += 1;
        }
    }
    Ok(out)
}

/// Why a dossier cost points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CostReason {
    /// Resolved in the period after its legal due date.
    Late,
    /// Pending and overdue at `as_of`.
    Overdue,
    /// In time but for its two or more supplement requests.
    TwoSupplements,
    /// Received in the period with a fee, not paid online.
    UnpaidOnline,
    /// Rated dissatisfied in the period.
    Dissatisfied,
}

/// An indicator a dossier can cost points on, for a list of those dossiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator766 {
    Progress,
    Payment,
    Satisfaction,
}

impl Indicator766 {
    fn concerns(self, r: CostReason) -> bool {
        match self {
            Indicator766::Progress => {
                r != CostReason::UnpaidOnline && r != CostReason::Dissatisfied
            }
            Indicator766::Payment => r == CostReason::UnpaidOnline,
            Indicator766::Satisfaction => r != CostReason::UnpaidOnline,
        }
    }

    fn points(self, i: &Indicators) -> f64 {
        match self {
            Indicator766::Progress => i.progress_points,
            Indicator766::Payment => i.payment_points,
            Indicator766::Satisfaction => i.satisfaction_points,
        }
        .unwrap_or(0.0)
    }
}

/// A dossier that cost points, as the lists show it.
#[derive(Debug, Clone, Serialize)]
pub struct CostRow {
    #[serde(flatten)]
    pub row: super::lists::ListRow,
    pub reasons: Vec<CostReason>,
    /// What the group's points would gain had this dossier cost nothing.
    pub points_lost: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CostList {
    /// Every dossier that cost points (the rows are the first of them).
    pub total: u64,
    /// Points lost by all of them together, each counted alone.
    pub points_lost: f64,
    pub rows: Vec<CostRow>,
    pub as_of: Instant,
}

/// The dossiers of the province, or of one agency, that cost points in the period at `at`
/// (on the indicator `only`, or on any), most points first (the first `limit`). Each dossier
/// is judged by [`tally`]; what it cost is the group's points (of that indicator) had it counted
/// in time, paid online, not been rated dissatisfied.
pub fn costly(
    conn: &Connection,
    cal: &Calendar,
    period: Period,
    at: Instant,
    agency: Option<&str>,
    only: Option<Indicator766>,
    limit: usize,
) -> Result<CostList, MetricsError> {
    let (from, atk) = (instant_key(start_of(period.from)), instant_key(at));
    // What may cost points: resolved in the period, pending at `at`, received in it with a
    // fee, rated dissatisfied in it.
    let within = "((({CLOSED_AT}) BETWEEN ?1 AND ?2 AND status IN (9, 10))
         OR (({CLOSED_AT}) IS NULL AND received_at <= ?2 AND status NOT IN (1, 3))
         OR (({CLOSED_AT}) > ?2 AND received_at <= ?2)
         OR (fee_total > 0 AND received_at BETWEEN ?1 AND ?2)
         OR (rating_level = 3 AND rating_at BETWEEN ?1 AND ?2))"
        .replace("{CLOSED_AT}", CLOSED_AT);
    let scope = match agency {
        Some(_) => format!("agency_code = ?3 AND ({LAST_ACTIVITY}) >= ?1"),
        None => "?3 IS NULL".to_owned(),
    };
    let facts = read_facts(
        conn,
        &format!("SELECT {FACT_COLUMNS} FROM dossier WHERE {scope} AND {within}"),
        rusqlite::params![from, atk, agency],
    )?;
    let fees = fees_by_id(conn, from, atk, agency)?;
    let mut group = Counts766::default();
    let judged: Vec<Counts766> = facts
        .iter()
        .map(|(id, f)| {
            let mut one = Counts766::default();
            let fee = fees.get(id).copied().unwrap_or_default();
            tally(f, fee, period, at, cal, &mut one);
            group.absorb(&one);
            one
        })
        .collect();
    let value = |c: Counts766| {
        let i = Indicators::of(c);
        only.map_or(i.points, |w| w.points(&i))
    };
    let points = value(group);
    let mut costs: Vec<(f64, Vec<CostReason>, usize)> = Vec::new();
    for (i, ((_, f), one)) in facts.iter().zip(&judged).enumerate() {
        let (mut reasons, better) = cost_of(f, at, one, group);
        reasons.retain(|r| only.is_none_or(|w| w.concerns(*r)));
        if !reasons.is_empty() {
            costs.push((value(better) - points, reasons, i));
        }
    }
    costs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
    let total = costs.len() as u64;
    let points_lost = costs.iter().map(|c| c.0).sum();
    costs.truncate(limit);
    let members: Vec<(i64, &DossierFacts)> = costs
        .iter()
        .map(|c| (facts[c.2].0, &facts[c.2].1))
        .collect();
    let rows = super::lists::rows_by_id(conn, cal, &members, at)?
        .into_iter()
        .zip(costs)
        .map(|(row, (lost, reasons, _))| CostRow {
            row,
            reasons,
            points_lost: lost,
        })
        .collect();
    Ok(CostList {
        total,
        points_lost,
        rows,
        as_of: at,
    })
}

/// Why one dossier (counted `one`) cost points, and the group's counts had it cost none.
fn cost_of(
    f: &DossierFacts,
    at: Instant,
    one: &Counts766,
    group: Counts766,
) -> (Vec<CostReason>, Counts766) {
    let mut reasons = Vec::new();
    let mut better = group;
    if one.two_supplements > 0 {
        reasons.push(CostReason::TwoSupplements);
    } else if one.progress_denominator > one.progress_numerator {
        reasons.push(
            if f.status.is_resolved() && f.closed_at().is_some_and(|c| c <= at) {
                CostReason::Late
            } else {
                CostReason::Overdue
            },
        );
    }
    if one.progress_denominator > one.progress_numerator {
        better.progress_numerator += 1;
    }
    if one.payment_denominator > one.payment_numerator {
        reasons.push(CostReason::UnpaidOnline);
        better.payment_numerator += 1;
    }
    if one.dissatisfied > 0 {
        reasons.push(CostReason::Dissatisfied);
        better.dissatisfied -= 1;
    }
    (reasons, better)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(d: u64, n: u64, received: u64, online: u64, fee: (u64, u64), dis: u64) -> Counts766 {
        Counts766 {
            progress_denominator: d,
            progress_numerator: n,
            received,
            received_online: online,
            payment_denominator: fee.0,
            payment_numerator: fee.1,
            dissatisfied: dis,
            ..Counts766::default()
        }
    }

    /// The dossiers with two supplement requests are read from their covering index, and the
    /// part of the day of `as_of` from the fee index: never a scan of every dossier.
    #[test]
    fn the_corrections_read_their_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::cache::open(&dir.path().join("plan.db")).unwrap();
        let plan = |sql: &str| -> String {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let rows = stmt.query_map([1, 2], |r| r.get::<_, String>(3)).unwrap();
            rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("; ")
        };
        let two = plan(&resolved_in_time_with_two_supplements_sql());
        assert!(
            two.contains("COVERING INDEX dossier_many_supplements"),
            "{two}"
        );
        let today = plan(RECEIVED_WITH_FEE_SQL);
        assert!(
            today.contains("COVERING INDEX dossier_fee_received"),
            "{today}"
        );
    }

    /// The points of METRICS.md, worked by hand.
    #[test]
    fn points_follow_the_formulas_and_their_caps() {
        // 8 of 10 in time: 16 points; 3 of 10 online: 6 × 0.3 / 0.5 = 3.6; 1 of 4 paid
        // online: 1.5; (8 − 2) / 10 = 0.6: 6 × 0.6 / 0.9 = 4.
        let i = Indicators::of(counts(10, 8, 10, 3, (4, 1), 2));
        assert_eq!(i.progress_points, Some(16.0));
        assert!((i.online_points.unwrap() - 3.6).abs() < 1e-9);
        assert_eq!(i.payment_points, Some(1.5));
        assert!((i.satisfaction_ratio.unwrap() - 0.6).abs() < 1e-9);
        assert!((i.satisfaction_points.unwrap() - 4.0).abs() < 1e-9);
        assert!((i.points - 25.1).abs() < 1e-9);
        assert_eq!(i.points_max, 38.0);
        // Online above half is capped at 6; satisfaction below 0 stops at 0, its ratio does not.
        let i = Indicators::of(counts(2, 0, 4, 3, (0, 0), 3));
        assert_eq!(i.online_points, Some(6.0));
        assert_eq!(i.satisfaction_ratio, Some(-1.5));
        assert_eq!(i.satisfaction_points, Some(0.0));
        // No fee received: no payment score, and its 6 points leave the maximum.
        assert_eq!((i.payment_share, i.payment_points), (None, None));
        assert_eq!(i.points_max, 32.0);
        // Nothing at all: no score, nothing to score against.
        let i = Indicators::of(Counts766::default());
        assert_eq!((i.progress_points, i.online_points), (None, None));
        assert_eq!((i.points, i.points_max), (0.0, 0.0));
    }
}
