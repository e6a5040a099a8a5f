//! The dossiers behind a figure, and figures within a scope (one agency's fields and
//! procedures, one procedure's agencies), for drill-down.
//!
//! No figure is defined again here: a dossier belongs to the list of figure X when
//! `reference::tally` counts it in X. The SQL only narrows the dossiers worth judging, through
//! the indexes of the `kpi_rollup` migration (open dossiers, closings by span class, ratings),
//! so that a list never scans the whole cache. Each narrowing is a superset of what can count.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::Days;
use rusqlite::types::Value;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::dossier::{DossierFacts, PendingState, Timeliness};
use super::figures::{Figure, FigureValue, Figures, FIGURE_NAMES};
use super::period::{end_of, start_of, Period};
use super::read::{agency_names, procedures, read_facts, FACT_COLUMNS};
use super::reference::tally;
use super::snapshot::at_once;
use super::sql::{CLOSED, CLOSED_AT, LAST_ACTIVITY, OPEN, SPAN_CLASS};
use super::{GroupFigures, MetricsError, UNKNOWN_FIELD};

#[derive(Debug, thiserror::Error)]
pub enum ListError {
    #[error(transparent)]
    Metrics(#[from] MetricsError),
    #[error("'{0}' is a rate, not a count of dossiers: open the list of its denominator (resolved or ratings) instead")]
    NotAList(String),
    #[error("unknown figure '{0}'; the figures are: {names}", names = FIGURE_NAMES.join(", "))]
    UnknownFigure(String),
    #[error("'{0}' is not a position in a list: start again from the first page")]
    BadCursor(String),
}

use crate::cache::instant_key;
use crate::calendar::Calendar;
use crate::model::{Instant, Status};

/// Which dossiers a list or breakdown is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "code", rename_all = "snake_case")]
pub enum Scope {
    Province,
    Agency(String),
    Procedure(String),
    /// A field (lĩnh vực) by its code; the empty code is the field of procedures `/thutuc`
    /// does not list.
    Field(String),
}

impl Scope {
    /// The SQL condition on `dossier` and its parameter.
    fn condition(&self) -> (&'static str, Option<Value>) {
        match self {
            Scope::Province => ("1", None),
            Scope::Agency(c) => ("agency_code = ?", Some(Value::Text(c.clone()))),
            Scope::Procedure(c) => ("procedure_code = ?", Some(Value::Text(c.clone()))),
            Scope::Field(c) if c.is_empty() => {
                ("procedure_code NOT IN (SELECT code FROM procedure)", None)
            }
            Scope::Field(c) => (
                "procedure_code IN (SELECT code FROM procedure WHERE field_code = ?)",
                Some(Value::Text(c.clone())),
            ),
        }
    }
}

/// The events a figure is made of, hence where its dossiers are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Window {
    Received,
    CarriedOver,
    Closed,
    Pending,
    Rated,
}

fn window_of(name: &str) -> Result<Window, ListError> {
    use Figure as F;
    let figure = Figure::from_name(name).ok_or_else(|| ListError::UnknownFigure(name.into()))?;
    Ok(match figure {
        F::Received | F::ReceivedOnline | F::ReceivedInPerson | F::ReceivedPost => Window::Received,
        F::CarriedOver => Window::CarriedOver,
        F::Resolved
        | F::ResolvedEarly
        | F::ResolvedOnTime
        | F::ResolvedLate
        | F::Withdrawn
        | F::Stopped => Window::Closed,
        F::Pending
        | F::PendingPaused
        | F::PendingOverdue
        | F::PendingWithinDeadline
        | F::PendingAtRisk => Window::Pending,
        F::Ratings | F::VerySatisfied | F::Satisfied | F::Dissatisfied => Window::Rated,
        F::OnTimeRate | F::SatisfactionRate => return Err(ListError::NotAList(name.into())),
    })
}

/// The last instant a dossier of span class `k` received by the date of `t` can have closed
/// at (see the `kpi_rollup` migration); unbounded for the longest class.
fn closed_bound(t: Instant, k: i64) -> i64 {
    if k >= 13 {
        return i64::MAX;
    }
    t.date()
        .checked_add_days(Days::new(1u64 << k))
        .map_or(i64::MAX, |x| instant_key(end_of(x)))
}

/// The dossiers (row id, facts) that may count in a window of `period` at `at`, in `scope`,
/// whose code contains `search` when given, each once.
fn candidates(
    conn: &Connection,
    helper: Option<&mut Connection>,
    windows: &[Window],
    period: Period,
    at: Instant,
    scope: &Scope,
    search: Option<&str>,
) -> Result<Vec<(i64, DossierFacts)>, MetricsError> {
    let (scope_sql, scope_param) = scope.condition();
    let search_sql = if search.is_some() {
        " AND instr(upper(code), upper(?)) > 0"
    } else {
        ""
    };
    // The facts of the dossiers meeting `cond` in the scope (and search): the SQL and its
    // parameters.
    let query = |cond: &str, mut params: Vec<Value>| {
        params.extend(scope_param.clone());
        params.extend(search.map(|s| Value::Text(s.to_owned())));
        let sql =
            format!("SELECT {FACT_COLUMNS} FROM dossier WHERE {cond} AND {scope_sql}{search_sql}");
        (sql, params)
    };
    if matches!(scope, Scope::Agency(_) | Scope::Procedure(_)) {
        // One range of the agency's or procedure's covering index (0006); the windows below
        // would read the whole province's events of the period (and SQLite would pick the
        // scope's index anyway). Only the dossiers with something at or after the earlier of
        // the period's start and `at` are read: one received, closed and rated before then
        // counts in no window (nor is it pending at `at`). A dossier pending at `at` is open
        // (its last activity is past any day) or closed after `at`: a list of pending ones
        // reads only those, not the period's thousands. One query gives each dossier once: no
        // set of those seen, no second copy.
        let lo = windows
            .iter()
            .map(|w| match w {
                Window::Pending => at + chrono::Duration::seconds(1),
                _ => start_of(period.from).min(at),
            })
            .min()
            .unwrap_or(at);
        return scope_range(conn, helper, lo, at, &query);
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for w in windows {
        for (cond, params) in window_conditions(*w, period, at) {
            let (sql, params) = query(&cond, params);
            for (id, f) in read_facts(conn, &sql, rusqlite::params_from_iter(params))? {
                if seen.insert(id) {
                    out.push((id, f));
                }
            }
        }
    }
    Ok(out)
}

/// The conditions on `dossier` (with their parameters) whose union holds every dossier that
/// may count in window `w` of `period` at `at`, each a range of one of the `kpi_rollup`
/// migration's indexes: open dossiers, and closed ones by span class.
fn window_conditions(w: Window, period: Period, at: Instant) -> Vec<(String, Vec<Value>)> {
    let from = instant_key(start_of(period.from));
    let a = instant_key(at);
    let int = Value::Integer;
    let mut out: Vec<(String, Vec<Value>)> = Vec::new();
    match w {
        Window::Received => {
            out.push((
                format!("{OPEN} AND received_at BETWEEN ? AND ?"),
                vec![int(from), int(a)],
            ));
            out.push((
                format!("{CLOSED} AND ({SPAN_CLASS}) = -1 AND received_at BETWEEN ? AND ?"),
                vec![int(from), int(a)],
            ));
            for k in 0..=13 {
                out.push((
                    format!(
                        "{CLOSED} AND ({SPAN_CLASS}) = ? AND ({CLOSED_AT}) BETWEEN ? AND ? \
                         AND received_at BETWEEN ? AND ?"
                    ),
                    vec![
                        int(k),
                        int(from),
                        int(closed_bound(at, k)),
                        int(from),
                        int(a),
                    ],
                ));
            }
        }
        Window::CarriedOver => {
            // Received before `from` (and by `at`), and not closed before `from` by `at`:
            // closed at or after the earlier of `from` and just after `at`.
            let not_closed_from = from.min(instant_key(at + chrono::Duration::seconds(1)));
            let received_by = instant_key(start_of(period.from)).min(a + 1);
            out.push((
                format!("{OPEN} AND received_at < ?"),
                vec![int(received_by)],
            ));
            for k in 0..=13 {
                out.push((
                    format!(
                        "{CLOSED} AND ({SPAN_CLASS}) = ? AND ({CLOSED_AT}) BETWEEN ? AND ? \
                         AND received_at < ?"
                    ),
                    vec![
                        int(k),
                        int(not_closed_from),
                        int(closed_bound(start_of(period.from), k)),
                        int(received_by),
                    ],
                ));
            }
        }
        Window::Closed => {
            for k in -2..=13 {
                out.push((
                    format!("{CLOSED} AND ({SPAN_CLASS}) = ? AND ({CLOSED_AT}) BETWEEN ? AND ?"),
                    vec![int(k), int(from), int(a)],
                ));
            }
        }
        Window::Pending => {
            out.push((format!("{OPEN} AND received_at <= ?"), vec![int(a)]));
            for k in 0..=13 {
                out.push((
                    format!(
                        "{CLOSED} AND ({SPAN_CLASS}) = ? AND ({CLOSED_AT}) > ? \
                         AND ({CLOSED_AT}) <= ? AND received_at <= ?"
                    ),
                    vec![int(k), int(a), int(closed_bound(at, k)), int(a)],
                ));
            }
        }
        Window::Rated => out.push(("rating_at BETWEEN ? AND ?".into(), vec![int(from), int(a)])),
    }
    out
}

/// Adds the scope (and search) to a condition on `dossier`: the SQL and its parameters.
type ScopeQuery<'a> = dyn Fn(&str, Vec<Value>) -> (String, Vec<Value>) + Sync + 'a;

/// The facts of a scope's dossiers whose last activity is at or after `lo`, with `query`
/// adding the scope (and search) to a condition. With a helper reading the same state of the
/// cache, the older and the newer half of [lo, at] are read at once.
fn scope_range(
    conn: &Connection,
    helper: Option<&mut Connection>,
    lo: Instant,
    at: Instant,
    query: &ScopeQuery<'_>,
) -> Result<Vec<(i64, DossierFacts)>, MetricsError> {
    let read = |conn: &Connection, cond: &str, bounds: Vec<Value>| {
        let (sql, params) = query(cond, bounds);
        read_facts(conn, &sql, rusqlite::params_from_iter(params)).map_err(MetricsError::from)
    };
    let from = format!("({LAST_ACTIVITY}) >= ?");
    let lo_key = Value::Integer(instant_key(lo));
    let Some(helper) = helper.filter(|_| lo < at) else {
        return read(conn, &from, vec![lo_key]);
    };
    let mid = Value::Integer(instant_key(lo + (at - lo) / 2));
    let older = format!("{from} AND ({LAST_ACTIVITY}) < ?");
    let newer_from = mid.clone();
    let (older, newer) = at_once(
        conn,
        Some(helper),
        |conn| read(conn, &older, vec![lo_key, mid]),
        |conn| read(conn, &from, vec![newer_from]),
    );
    let mut facts = older?;
    facts.extend(newer?);
    Ok(facts)
}

/// What each dossier counts in for the period at `at`: `tally` of each, in order.
fn judge_all(
    facts: &[(i64, DossierFacts)],
    period: Period,
    at: Instant,
    cal: &Calendar,
) -> Vec<Figures> {
    facts
        .iter()
        .map(|(_, f)| {
            let mut one = Figures::default();
            tally(f, period, at, cal, &mut one);
            one
        })
        .collect()
}

/// Whether a dossier's tally counts it in `figure`.
fn counts_in(one: &Figures, figure: &str) -> bool {
    matches!(one.get(figure), Some(FigureValue::Count(n)) if n > 0)
}

/// Working days late at `at`: for a dossier resolved late by `at`, those of METRICS.md; for a pending
/// overdue one, the same count with the date of `at` as the finishing date (how late it
/// already is); 0 otherwise.
pub fn working_days_late_at(f: &DossierFacts, at: Instant, cal: &Calendar) -> u32 {
    if f.closed_at().is_some_and(|c| c <= at) {
        if let Some(days) = f.working_days_late(cal) {
            return days;
        }
    }
    match (f.state_at(at, cal), f.due_as_of(at)) {
        (Some(PendingState::Overdue), Some(due)) => cal.working_days_between(due.date(), at.date()),
        _ => 0,
    }
}

/// How a list is ordered. Ties are broken by the dossier's row id, the same way each time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Most late first.
    WorkingDaysLate,
    /// Earliest legal due date first (none last).
    DueDate,
    /// Latest reception first.
    ReceivedDate,
}

impl SortKey {
    /// The key in ascending order of the list.
    fn key(self, f: &DossierFacts, at: Instant, cal: &Calendar) -> i64 {
        match self {
            SortKey::WorkingDaysLate => -i64::from(working_days_late_at(f, at, cal)),
            SortKey::DueDate => f.legal_due().map_or(i64::MAX, instant_key),
            SortKey::ReceivedDate => -f.received_at.map_or(0, instant_key),
        }
    }
}

/// What a list shows: the dossiers counted in `figure` for `period` at `as_of` in `scope`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    pub figure: String,
    pub scope: Scope,
    pub period: Period,
    pub as_of: Option<Instant>,
    /// Only dossiers whose code contains this (case does not matter).
    #[serde(default)]
    pub search: Option<String>,
    pub sort: SortKey,
    /// Where the page starts: the `next` of the previous page; `None` for the first page.
    #[serde(default)]
    pub after: Option<String>,
    pub limit: usize,
}

/// A dossier's place in its list: (sort key, row id), written `key:id` for the UI to hand back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Position(i64, i64);

impl Position {
    fn parse(s: &str) -> Result<Self, ListError> {
        let bad = || ListError::BadCursor(s.to_owned());
        let (k, id) = s.split_once(':').ok_or_else(bad)?;
        Ok(Position(
            k.parse().map_err(|_| bad())?,
            id.parse().map_err(|_| bad())?,
        ))
    }

    fn text(self) -> String {
        format!("{}:{}", self.0, self.1)
    }
}

/// Where a dossier of a list stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RowState {
    Resolved {
        timeliness: Timeliness,
    },
    Pending {
        state: PendingState,
    },
    /// Withdrawn, stopped, or another status that is neither pending nor resolved at the
    /// instant (e.g. closed after it for a rating list).
    Other {
        status: Status,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct ListRow {
    pub code: String,
    pub procedure_code: String,
    pub procedure_name: String,
    pub agency_code: String,
    pub agency_name: String,
    pub received_at: Option<Instant>,
    pub legal_due: Option<Instant>,
    pub closed_at: Option<Instant>,
    pub state: RowState,
    pub working_days_late: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct ListPage {
    /// How many dossiers the whole list holds: the figure it was opened from (with a search,
    /// how many of them match).
    pub total: u64,
    pub rows: Vec<ListRow>,
    /// Hand back as `after` for the next page; `None` on the last page.
    pub next: Option<String>,
    pub as_of: Instant,
}

/// One page of the dossiers behind a figure. Every page judges the candidates again (the list
/// is at most the dossiers of one figure), so pages stay consistent with the figure even when
/// a sync lands between two pages: each dossier appears once, in its place, by its key.
/// With `helper`, an agency's or procedure's dossiers are read as [`scope_facts`] reads them.
pub fn list(
    conn: &Connection,
    helper: Option<&mut Connection>,
    cal: &Calendar,
    q: &ListQuery,
) -> Result<ListPage, ListError> {
    let window = window_of(&q.figure)?;
    let at = q.period.as_of(q.as_of);
    let search = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let facts = candidates(conn, helper, &[window], q.period, at, &q.scope, search)?;
    let judged = judge_all(&facts, q.period, at, cal);
    page_of(conn, cal, &facts, &judged, q, at)
}

/// The page `q` asks for, among `facts` (a superset of the list's dossiers) whose tallies are
/// `judged`.
fn page_of(
    conn: &Connection,
    cal: &Calendar,
    facts: &[(i64, DossierFacts)],
    judged: &[Figures],
    q: &ListQuery,
    at: Instant,
) -> Result<ListPage, ListError> {
    window_of(&q.figure)?;
    let after = q.after.as_deref().map(Position::parse).transpose()?;
    let mut members: Vec<(Position, &DossierFacts)> = facts
        .iter()
        .zip(judged)
        .filter(|(_, one)| counts_in(one, &q.figure))
        .map(|(fact, _)| fact)
        .map(|(id, f)| (Position(q.sort.key(f, at, cal), *id), f))
        .collect();
    let total = members.len() as u64;
    members.retain(|(p, _)| after.is_none_or(|a| *p > a));
    members.sort_by_key(|(p, _)| *p);
    let limit = q.limit.max(1);
    let next = (members.len() > limit).then(|| members[limit - 1].0.text());
    members.truncate(limit);
    let rows = rows_of(conn, cal, &members, at)?;
    Ok(ListPage {
        total,
        rows,
        next,
        as_of: at,
    })
}

fn rows_of(
    conn: &Connection,
    cal: &Calendar,
    members: &[(Position, &DossierFacts)],
    at: Instant,
) -> Result<Vec<ListRow>, MetricsError> {
    let by_id: Vec<(i64, &DossierFacts)> = members.iter().map(|(p, f)| (p.1, *f)).collect();
    rows_by_id(conn, cal, &by_id, at)
}

/// The rows of a list for the dossiers (row id, facts), in their order, judged at `at`.
pub(super) fn rows_by_id(
    conn: &Connection,
    cal: &Calendar,
    members: &[(i64, &DossierFacts)],
    at: Instant,
) -> Result<Vec<ListRow>, MetricsError> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.code, coalesce(p.name, d.procedure_code), coalesce(a.name, d.agency_code) \
         FROM dossier d LEFT JOIN procedure p ON p.code = d.procedure_code \
         LEFT JOIN agency a ON a.code = d.agency_code WHERE d.id = ?1",
    )?;
    members
        .iter()
        .map(|(id, f)| {
            let (code, procedure_name, agency_name): (String, String, String) =
                stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(ListRow {
                code,
                procedure_code: f.procedure_code.clone(),
                procedure_name,
                agency_code: f.agency_code.clone(),
                agency_name,
                received_at: f.received_at,
                legal_due: f.legal_due(),
                closed_at: f.closed_at().filter(|c| *c <= at),
                state: row_state(f, at, cal),
                working_days_late: working_days_late_at(f, at, cal),
            })
        })
        .collect()
}

fn row_state(f: &DossierFacts, at: Instant, cal: &Calendar) -> RowState {
    if let Some(state) = f.state_at(at, cal) {
        return RowState::Pending { state };
    }
    match f.timeliness() {
        Some(timeliness) if f.closed_at().is_some_and(|c| c <= at) => {
            RowState::Resolved { timeliness }
        }
        _ => RowState::Other { status: f.status },
    }
}

/// What a scope's figures are broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    Agency,
    Field,
    Procedure,
}

/// The dossiers of a scope that may count in any figure of a period, read and judged once for
/// everything a page shows (its breakdowns and its first lists).
pub struct ScopeFacts {
    scope: Scope,
    period: Period,
    at: Instant,
    facts: Vec<(i64, DossierFacts)>,
    /// What each of `facts` counts in.
    judged: Vec<Figures>,
}

/// With `helper`, a second connection, the dossiers are read in two halves at once when the
/// two can read the same state of the cache (`conn` in a read transaction).
pub fn scope_facts(
    conn: &Connection,
    helper: Option<&mut Connection>,
    cal: &Calendar,
    period: Period,
    as_of: Option<Instant>,
    scope: &Scope,
) -> Result<ScopeFacts, MetricsError> {
    let at = period.as_of(as_of);
    let all = [
        Window::Received,
        Window::CarriedOver,
        Window::Closed,
        Window::Pending,
        Window::Rated,
    ];
    let facts = candidates(conn, helper, &all, period, at, scope, None)?;
    Ok(ScopeFacts {
        scope: scope.clone(),
        period,
        at,
        judged: judge_all(&facts, period, at, cal),
        facts,
    })
}

/// The figures of the period within `scope`, by agency, field or procedure (see
/// [`ScopeFacts::breakdown`]).
pub fn breakdown_within(
    conn: &Connection,
    cal: &Calendar,
    period: Period,
    as_of: Option<Instant>,
    scope: &Scope,
    by: GroupBy,
) -> Result<Vec<GroupFigures>, MetricsError> {
    scope_facts(conn, None, cal, period, as_of, scope)?.breakdown(conn, by)
}

impl ScopeFacts {
    /// A page of the list of `figure` in this scope (no search), as [`list`] gives it.
    pub fn list(
        &self,
        conn: &Connection,
        cal: &Calendar,
        figure: &str,
        sort: SortKey,
        after: Option<String>,
        limit: usize,
    ) -> Result<ListPage, ListError> {
        let q = ListQuery {
            figure: figure.to_owned(),
            scope: self.scope.clone(),
            period: self.period,
            as_of: Some(self.at),
            search: None,
            sort,
            after,
            limit,
        };
        page_of(conn, cal, &self.facts, &self.judged, &q, self.at)
    }

    /// The figures by agency, field or procedure, sorted by code: each dossier that counts
    /// anywhere in the period tallied once into its group. Groups in which nothing counted are
    /// left out.
    pub fn breakdown(
        &self,
        conn: &Connection,
        by: GroupBy,
    ) -> Result<Vec<GroupFigures>, MetricsError> {
        // Counted by the dossiers' own codes first (no copy per dossier), named at the end.
        let mut by_code: HashMap<&str, Figures> = HashMap::new();
        for ((_, f), one) in self.facts.iter().zip(&self.judged) {
            if *one == Figures::default() {
                continue;
            }
            let code = match by {
                GroupBy::Agency => &f.agency_code,
                GroupBy::Procedure | GroupBy::Field => &f.procedure_code,
            };
            by_code.entry(code).or_default().absorb(one);
        }
        let (agencies, procs) = match by {
            GroupBy::Agency => (agency_names(conn)?, HashMap::new()),
            GroupBy::Procedure | GroupBy::Field => (HashMap::new(), procedures(conn)?),
        };
        let mut groups: BTreeMap<String, (String, Figures)> = BTreeMap::new();
        for (code, figures) in by_code {
            let (code, name) = match by {
                GroupBy::Agency => (
                    code.to_owned(),
                    agencies.get(code).map_or(code, String::as_str).to_owned(),
                ),
                GroupBy::Procedure => (
                    code.to_owned(),
                    procs.get(code).map_or(code, |p| p.0.as_str()).to_owned(),
                ),
                GroupBy::Field => procs.get(code).map_or_else(
                    || (String::new(), UNKNOWN_FIELD.to_owned()),
                    |p| (p.1.clone(), p.2.clone()),
                ),
            };
            groups
                .entry(code)
                .or_insert_with(|| (name, Figures::default()))
                .1
                .absorb(&figures);
        }
        Ok(groups
            .into_iter()
            .map(|(code, (name, figures))| GroupFigures {
                code,
                name,
                figures: figures.finish(),
            })
            .collect())
    }
}
