//! The inspector's late-dossier explorer: every dossier of a period resolved late, pending
//! overdue or at risk at its instant (exactly the dossiers `controlroom kpi` counts in those
//! three figures), each with what an inspector filters on: where it was handed in, its steps
//! that overran their own deadlines (department, official, working days) and the duties of
//! lateness it broke.
//!
//! The set is read once for a period and instant ([`late_set`]); every filter, sort and page
//! after that works on it in memory ([`explore`]), so that a change of filter answers at once
//! however large the cache.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::cache;
use crate::calendar::Calendar;
use crate::metrics::inspect::{duty_flags, late_steps, DutyFlags, LateStep};
use crate::metrics::lists::{self, ListQuery, ListRow, Scope, SortKey};
use crate::metrics::snapshot::at_once;
use crate::metrics::{self, Period};
use crate::model::{mask_name, Channel, Instant, Status};

use super::{Lang, ScreensError};

/// Which of the three figures a late dossier counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LateKind {
    ResolvedLate,
    PendingOverdue,
    PendingAtRisk,
}

impl LateKind {
    pub const ALL: [LateKind; 3] = [
        LateKind::ResolvedLate,
        LateKind::PendingOverdue,
        LateKind::PendingAtRisk,
    ];

    /// The figure of METRICS.md whose dossiers these are.
    pub fn figure(self) -> &'static str {
        match self {
            LateKind::ResolvedLate => "resolved_late",
            LateKind::PendingOverdue => "pending_overdue",
            LateKind::PendingAtRisk => "pending_at_risk",
        }
    }

    /// Resolved late or pending overdue: the deadline is already missed.
    pub fn is_late(self) -> bool {
        self != LateKind::PendingAtRisk
    }
}

/// One late dossier as the explorer lists it. The applicant is masked: revealing one is a
/// separate, audited act.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LateDossier {
    pub code: String,
    pub kind: LateKind,
    pub agency_code: String,
    pub agency_name: String,
    pub field_code: String,
    pub field_name: String,
    pub procedure_code: String,
    pub procedure_name: String,
    pub channel: Channel,
    pub status: Status,
    pub applicant: Option<String>,
    pub received_at: Option<Instant>,
    pub legal_due: Option<Instant>,
    pub closed_at: Option<Instant>,
    pub working_days_late: u32,
    /// The steps that overran their own deadlines, in their order.
    pub late_steps: Vec<LateStep>,
    /// An apology (an extension with a new date, `DanhSachGiaHan`) was made by the instant.
    pub apologised: bool,
    pub duties: DutyFlags,
}

impl LateDossier {
    /// The step whose delay was longest: who an inspector asks first.
    pub fn worst_step(&self) -> Option<&LateStep> {
        self.late_steps
            .iter()
            .max_by_key(|s| (s.working_days_late, std::cmp::Reverse(s.seq)))
    }
}

/// Every late dossier of a period at an instant, and the instant.
#[derive(Debug, Clone)]
pub struct LateSet {
    pub period: Period,
    pub as_of: Instant,
    pub dossiers: Vec<LateDossier>,
    /// The choices of every filter, gathered once (statuses named in Vietnamese).
    pub facets: Facets,
}

impl LateSet {
    pub fn new(period: Period, as_of: Instant, dossiers: Vec<LateDossier>) -> LateSet {
        let facets = facets(&dossiers);
        LateSet {
            period,
            as_of,
            dossiers,
            facets,
        }
    }
}

/// Reads every dossier of the three figures in `scope`, most late first within each figure.
/// `progress` hears (done, total) as dossiers are read and returns false to stop (`None`
/// back). With `helper`, the dossiers are read in two halves at once, on two cores, from the
/// same state of the cache (see `metrics::snapshot`).
pub fn late_set(
    conn: &Connection,
    helper: Option<&mut Connection>,
    cal: &Calendar,
    period: Period,
    as_of: Option<Instant>,
    scope: &Scope,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Option<LateSet>, ScreensError> {
    let at = period.as_of(as_of);
    let procedures = metrics::procedures(conn)?;
    let mut rows = Vec::new();
    for kind in LateKind::ALL {
        let list = whole_list(conn, cal, kind.figure(), period, as_of, scope)?;
        rows.extend(list.into_iter().map(|row| (kind, row)));
    }
    let total = rows.len();
    let second = rows.split_off(total / 2);
    let read =
        |c: &Connection, half: Vec<(LateKind, ListRow)>, tell: &mut dyn FnMut(usize) -> bool| {
            read_late(c, cal, &procedures, at, half, tell)
        };
    // The first half tells the progress for both: the halves go at the same pace.
    let (first, second) = at_once(
        conn,
        helper,
        |c| read(c, rows, &mut |done| progress((2 * done).min(total), total)),
        |c| read(c, second, &mut |_| true),
    );
    let (Some(mut dossiers), Some(second)) = (first?, second?) else {
        return Ok(None);
    };
    dossiers.extend(second);
    Ok(Some(LateSet::new(period, at, dossiers)))
}

/// The late dossiers of `rows`, each read whole from the cache and judged at `at`.
fn read_late(
    conn: &Connection,
    cal: &Calendar,
    procedures: &HashMap<String, (String, String, String)>,
    at: Instant,
    rows: Vec<(LateKind, ListRow)>,
    progress: &mut dyn FnMut(usize) -> bool,
) -> Result<Option<Vec<LateDossier>>, ScreensError> {
    let mut dossiers = Vec::with_capacity(rows.len());
    for (kind, row) in rows {
        let Some(d) = cache::read_dossier(conn, &row.code)? else {
            continue;
        };
        let (field_code, field_name) = procedures
            .get(&row.procedure_code)
            .map(|(_, code, name)| (code.clone(), name.clone()))
            .unwrap_or_default();
        dossiers.push(LateDossier {
            kind,
            field_code,
            field_name,
            channel: d.channel,
            status: d.status,
            applicant: d.applicant.name.as_deref().map(mask_name),
            late_steps: late_steps(&d, at, cal),
            apologised: d.extensions.iter().any(|e| e.created_at <= at),
            duties: duty_flags(&d, kind.is_late(), row.closed_at, at),
            code: row.code,
            agency_code: row.agency_code,
            agency_name: row.agency_name,
            procedure_code: row.procedure_code,
            procedure_name: row.procedure_name,
            received_at: row.received_at,
            legal_due: row.legal_due,
            closed_at: row.closed_at,
            working_days_late: row.working_days_late,
        });
        if !progress(dossiers.len()) {
            return Ok(None);
        }
    }
    Ok(Some(dossiers))
}

/// Every dossier of `figure` in `scope`, most late first.
pub fn whole_list(
    conn: &Connection,
    cal: &Calendar,
    figure: &str,
    period: Period,
    as_of: Option<Instant>,
    scope: &Scope,
) -> Result<Vec<ListRow>, ScreensError> {
    Ok(lists::list(
        conn,
        None,
        cal,
        &ListQuery {
            figure: figure.into(),
            scope: scope.clone(),
            period,
            as_of,
            search: None,
            sort: SortKey::WorkingDaysLate,
            after: None,
            limit: usize::MAX,
        },
    )?
    .rows)
}

/// A duty of lateness, as a filter names it (the JSON names of `DutyFlags`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Duty {
    /// Any of the five.
    Any,
    NoApology,
    ApologyAfterDeadline,
    ExtendedMoreThanOnce,
    NewDateMissed,
    SupplementsMoreThanOnce,
}

impl Duty {
    fn broken_in(self, f: &DutyFlags) -> bool {
        match self {
            Duty::Any => f.any(),
            Duty::NoApology => f.no_apology,
            Duty::ApologyAfterDeadline => f.apology_after_deadline,
            Duty::ExtendedMoreThanOnce => f.extended_more_than_once,
            Duty::NewDateMissed => f.new_date_missed,
            Duty::SupplementsMoreThanOnce => f.supplements_more_than_once,
        }
    }
}

/// What the inspector narrowed the set to; every part left out matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExplorerFilter {
    pub kind: Option<LateKind>,
    pub agency: Option<String>,
    pub field: Option<String>,
    pub procedure: Option<String>,
    pub channel: Option<Channel>,
    pub status: Option<Status>,
    /// Working days late, from and to (both included).
    pub days_from: Option<u32>,
    pub days_to: Option<u32>,
    /// The department, or the official, holding one of the late steps.
    pub department: Option<String>,
    pub official: Option<String>,
    /// With (true) or without (false) an apology letter.
    pub apologised: Option<bool>,
    pub duty: Option<Duty>,
    /// Part of the dossier code, in any case.
    pub search: Option<String>,
}

impl ExplorerFilter {
    pub fn matches(&self, d: &LateDossier) -> bool {
        let is = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
        let held_by = |want: &Option<String>, of: fn(&LateStep) -> Option<&String>| {
            want.as_deref()
                .is_none_or(|w| d.late_steps.iter().any(|s| of(s).is_some_and(|v| v == w)))
        };
        self.kind.is_none_or(|k| k == d.kind)
            && is(&self.agency, &d.agency_code)
            && is(&self.field, &d.field_code)
            && is(&self.procedure, &d.procedure_code)
            && self.channel.is_none_or(|c| c == d.channel)
            && self.status.is_none_or(|s| s == d.status)
            && self.days_from.is_none_or(|n| d.working_days_late >= n)
            && self.days_to.is_none_or(|n| d.working_days_late <= n)
            && held_by(&self.department, |s| s.department.as_ref())
            && held_by(&self.official, |s| s.official.as_ref())
            && self.apologised.is_none_or(|a| a == d.apologised)
            && self.duty.is_none_or(|duty| duty.broken_in(&d.duties))
            && self
                .search
                .as_deref()
                .map(str::trim)
                .is_none_or(|q| contains_ignoring_case(&d.code, q))
    }
}

/// Whether `code` contains `part`, in any case (dossier codes are ASCII): without allocating,
/// as it runs on every dossier of the set for each keystroke.
fn contains_ignoring_case(code: &str, part: &str) -> bool {
    part.is_empty()
        || code
            .as_bytes()
            .windows(part.len())
            .any(|w| w.eq_ignore_ascii_case(part.as_bytes()))
}

/// A column the explorer sorts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExplorerColumn {
    Code,
    Kind,
    Agency,
    Procedure,
    Channel,
    Status,
    Applicant,
    ReceivedAt,
    LegalDue,
    ClosedAt,
    #[default]
    WorkingDaysLate,
    Department,
    Official,
    Duties,
}

impl ExplorerColumn {
    fn compare(self, a: &LateDossier, b: &LateDossier) -> Ordering {
        fn dept(d: &LateDossier) -> Option<&str> {
            d.worst_step().and_then(|s| s.department.as_deref())
        }
        fn official(d: &LateDossier) -> Option<&str> {
            d.worst_step().and_then(|s| s.official.as_deref())
        }
        let broken = |d: &LateDossier| d.duties.named().iter().filter(|(_, set)| *set).count();
        match self {
            ExplorerColumn::Code => a.code.cmp(&b.code),
            ExplorerColumn::Kind => a.kind.cmp(&b.kind),
            ExplorerColumn::Agency => a.agency_name.cmp(&b.agency_name),
            ExplorerColumn::Procedure => a.procedure_name.cmp(&b.procedure_name),
            ExplorerColumn::Channel => (a.channel as u8).cmp(&(b.channel as u8)),
            ExplorerColumn::Status => a.status.cmp(&b.status),
            ExplorerColumn::Applicant => a.applicant.cmp(&b.applicant),
            ExplorerColumn::ReceivedAt => a.received_at.cmp(&b.received_at),
            ExplorerColumn::LegalDue => a.legal_due.cmp(&b.legal_due),
            ExplorerColumn::ClosedAt => a.closed_at.cmp(&b.closed_at),
            ExplorerColumn::WorkingDaysLate => a.working_days_late.cmp(&b.working_days_late),
            ExplorerColumn::Department => dept(a).cmp(&dept(b)),
            ExplorerColumn::Official => official(a).cmp(&official(b)),
            ExplorerColumn::Duties => broken(a).cmp(&broken(b)),
        }
    }
}

/// The sort: a column and its direction; ties go by dossier code, so pages never overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExplorerSort {
    pub column: ExplorerColumn,
    pub descending: bool,
}

/// Most late first: what an inspector reads first.
impl Default for ExplorerSort {
    fn default() -> Self {
        ExplorerSort {
            column: ExplorerColumn::WorkingDaysLate,
            descending: true,
        }
    }
}

/// The choices each filter offers: what the whole set holds, so that no choice leads nowhere.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facets {
    /// (code, name), by name.
    pub agencies: Vec<(String, String)>,
    pub fields: Vec<(String, String)>,
    pub procedures: Vec<(String, String)>,
    pub channels: Vec<Channel>,
    /// (status, its name in the language asked).
    pub statuses: Vec<(Status, &'static str)>,
    pub departments: Vec<String>,
    pub officials: Vec<String>,
}

/// One page of the explorer.
#[derive(Debug, Clone, Serialize)]
pub struct ExplorerPage {
    /// How many dossiers match the filter, and of them how many in each figure.
    pub total: u64,
    pub by_kind: Vec<(LateKind, u64)>,
    pub offset: usize,
    pub rows: Vec<LateDossier>,
    pub facets: Facets,
    pub period: Period,
    pub as_of: Instant,
}

/// The dossiers of `set` that match `filter`, sorted, in order.
pub fn matching<'a>(
    set: &'a LateSet,
    filter: &ExplorerFilter,
    sort: ExplorerSort,
) -> Vec<&'a LateDossier> {
    let rows: Vec<&LateDossier> = set.dossiers.iter().filter(|d| filter.matches(d)).collect();
    first_in_order(rows, sort, usize::MAX)
}

/// The first `n` of `rows` in the order of `sort` (ties by dossier code). Only those are put in
/// order: a page of a few hundred thousand dossiers costs one pass, not a whole sort.
fn first_in_order(rows: Vec<&LateDossier>, sort: ExplorerSort, n: usize) -> Vec<&LateDossier> {
    let directed = |o: Ordering| if sort.descending { o.reverse() } else { o };
    // The holder of the longest delay is found once per dossier, not at every comparison
    // (the same order as `compare`, which the tests hold it to).
    let holder: Option<fn(&LateStep) -> Option<&str>> = match sort.column {
        ExplorerColumn::Department => Some(|s| s.department.as_deref()),
        ExplorerColumn::Official => Some(|s| s.official.as_deref()),
        _ => None,
    };
    let mut keyed: Vec<(Option<&str>, &LateDossier)> = rows
        .into_iter()
        .map(|d| (holder.and_then(|of| d.worst_step().and_then(of)), d))
        .collect();
    let order = |(ka, a): &(Option<&str>, &LateDossier), (kb, b): &(Option<&str>, &LateDossier)| {
        let o = match holder {
            Some(_) => ka.cmp(kb),
            None => sort.column.compare(a, b),
        };
        directed(o).then_with(|| a.code.cmp(&b.code))
    };
    if n < keyed.len() {
        keyed.select_nth_unstable_by(n, order);
        keyed.truncate(n);
    }
    keyed.sort_by(order);
    keyed.into_iter().map(|(_, d)| d).collect()
}

/// The page of `limit` rows from `offset` of the dossiers matching `filter`.
pub fn explore(
    set: &LateSet,
    filter: &ExplorerFilter,
    sort: ExplorerSort,
    offset: usize,
    limit: usize,
    lang: Lang,
) -> ExplorerPage {
    let rows: Vec<&LateDossier> = set.dossiers.iter().filter(|d| filter.matches(d)).collect();
    let total = rows.len() as u64;
    let by_kind = LateKind::ALL
        .iter()
        .map(|k| (*k, rows.iter().filter(|d| d.kind == *k).count() as u64))
        .collect();
    let page = first_in_order(rows, sort, offset.saturating_add(limit));
    ExplorerPage {
        total,
        by_kind,
        offset,
        rows: page.iter().skip(offset).map(|d| (*d).clone()).collect(),
        facets: Facets {
            statuses: set
                .facets
                .statuses
                .iter()
                .map(|(s, _)| (*s, lang.status(*s)))
                .collect(),
            ..set.facets.clone()
        },
        period: set.period,
        as_of: set.as_of,
    }
}

fn facets(dossiers: &[LateDossier]) -> Facets {
    let mut agencies = BTreeSet::new();
    let mut fields = BTreeSet::new();
    let mut procedures = BTreeSet::new();
    let mut channels = BTreeSet::new();
    let mut statuses = BTreeSet::new();
    let mut departments = BTreeSet::new();
    let mut officials = BTreeSet::new();
    for d in dossiers {
        agencies.insert((d.agency_name.clone(), d.agency_code.clone()));
        fields.insert((d.field_name.clone(), d.field_code.clone()));
        procedures.insert((d.procedure_name.clone(), d.procedure_code.clone()));
        channels.insert(d.channel as u8);
        statuses.insert(d.status);
        for s in &d.late_steps {
            departments.extend(s.department.clone());
            officials.extend(s.official.clone());
        }
    }
    let by_name = |set: BTreeSet<(String, String)>| -> Vec<(String, String)> {
        set.into_iter().map(|(name, code)| (code, name)).collect()
    };
    Facets {
        agencies: by_name(agencies),
        fields: by_name(fields),
        procedures: by_name(procedures),
        channels: channels
            .into_iter()
            .filter_map(|c| Channel::try_from(c).ok())
            .collect(),
        statuses: statuses
            .into_iter()
            .map(|s| (s, Lang::Vi.status(s)))
            .collect(),
        departments: departments.into_iter().collect(),
        officials: officials.into_iter().collect(),
    }
}

#[cfg(test)]
#[path = "explorer_tests.rs"]
mod tests;
