//! The Decision-766 page: the province's and each agency's points on the four indicators the
//! dossiers decide, this month, quarter and year so far, against the period before; the
//! agencies ranked; the progress points still at stake. Every number comes from
//! `metrics::index766`.

use chrono::{Days, Months, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use super::{previous, Preset, ScreensError};
use crate::calendar::Calendar;
use crate::metrics::index766::{self, CostList, Indicator766, Indicators, PROGRESS_MAX};
use crate::metrics::{Period, PeriodInfo};
use crate::model::Instant;

/// One span of the page (this month, quarter or year so far).
#[derive(Debug, Clone, Serialize)]
pub struct Index766Span {
    pub preset: Preset,
    pub period: PeriodInfo,
    /// The period of the same length just before, standing at its own end.
    pub previous: PeriodInfo,
    pub province: Indicators,
    pub province_before: Indicators,
    pub province_stake: Stake,
    /// Ranked: the highest share of the points they could score first (an agency with no fee
    /// dossier is scored on fewer points), then by code.
    pub agencies: Vec<RankedAgency>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RankedAgency {
    pub rank: usize,
    pub code: String,
    pub name: String,
    pub now: Indicators,
    pub before: Indicators,
    pub stake: Stake,
}

/// The progress points at stake: the pending dossiers due by the end of the month, quarter or
/// year (not only the days so far) count in time now; resolved late, they would not.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stake {
    pub due_in_period: u64,
    /// The progress points if they are resolved on time (what they are now).
    pub progress_if_on_time: Option<f64>,
    /// The progress points if every one of them is resolved late.
    pub progress_if_late: Option<f64>,
}

impl Stake {
    fn of(i: &Indicators, due: u64) -> Self {
        let c = &i.counts;
        let d = c.progress_denominator;
        let late = c.progress_numerator.saturating_sub(due);
        Stake {
            due_in_period: due,
            progress_if_on_time: i.progress_points,
            progress_if_late: (d > 0).then(|| PROGRESS_MAX * late as f64 / d as f64),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Index766Page {
    pub as_of: Instant,
    pub spans: Vec<Index766Span>,
    pub calendar_note: Option<String>,
}

/// The share of its maximum an agency scored (0 when it could score nothing).
fn share(i: &Indicators) -> f64 {
    if i.points_max > 0.0 {
        i.points / i.points_max
    } else {
        -1.0
    }
}

/// The page at `now`: this month, this quarter and this year so far.
pub fn index766_page(
    conn: &Connection,
    cal: &Calendar,
    now: Instant,
) -> Result<Index766Page, ScreensError> {
    let mut spans = Vec::new();
    let mut calendar_note = None;
    for preset in [Preset::ThisMonth, Preset::ThisQuarter, Preset::ThisYear] {
        let period = preset.period(now.date())?;
        let span = index766_span(conn, cal, preset, period, now)?;
        calendar_note = calendar_note.or(span.1);
        spans.push(span.0);
    }
    Ok(Index766Page {
        as_of: now,
        spans,
        calendar_note,
    })
}

fn index766_span(
    conn: &Connection,
    cal: &Calendar,
    preset: Preset,
    period: Period,
    now: Instant,
) -> Result<(Index766Span, Option<String>), ScreensError> {
    let r = index766::compute(conn, cal, period, Some(now))?;
    let before = index766::compute(conn, cal, previous(period), Some(now))?;
    // Due this month, quarter or year: to its last day, not only the days so far.
    let whole = Period {
        from: period.from,
        to: last_day(preset, period.from),
    };
    let due = index766::due_in_period(conn, cal, whole, r.period.as_of)?;
    let mut agencies: Vec<RankedAgency> = r
        .agencies
        .iter()
        .map(|g| {
            let was = before
                .agencies
                .iter()
                .find(|b| b.code == g.code)
                .map_or_else(|| Indicators::of(Default::default()), |b| b.indicators);
            RankedAgency {
                rank: 0,
                code: g.code.clone(),
                name: g.name.clone(),
                now: g.indicators,
                before: was,
                stake: Stake::of(&g.indicators, due.get(&g.code).copied().unwrap_or(0)),
            }
        })
        .collect();
    agencies.sort_by(|a, b| {
        share(&b.now)
            .total_cmp(&share(&a.now))
            .then(a.code.cmp(&b.code))
    });
    for (i, a) in agencies.iter_mut().enumerate() {
        a.rank = i + 1;
    }
    let province_due = due.values().sum();
    Ok((
        Index766Span {
            preset,
            period: r.period,
            previous: before.period,
            province: r.province,
            province_before: before.province,
            province_stake: Stake::of(&r.province, province_due),
            agencies,
        },
        r.calendar_note,
    ))
}

/// The last day of the month, quarter or year that starts on `first`.
fn last_day(preset: Preset, first: NaiveDate) -> NaiveDate {
    let months = match preset {
        Preset::ThisQuarter => 3,
        Preset::ThisYear => 12,
        _ => 1,
    };
    first + Months::new(months) - Days::new(1)
}

/// Which dossiers that cost points a list shows: of one agency or the province, on one
/// indicator or any, in the period of `preset`.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct CostQuery {
    pub period: Preset,
    pub agency: Option<String>,
    pub indicator: Option<Indicator766>,
    pub limit: usize,
}

/// The dossiers that cost points at `now`, most points first.
pub fn index766_costs(
    conn: &Connection,
    cal: &Calendar,
    q: &CostQuery,
    now: Instant,
) -> Result<CostList, ScreensError> {
    let period = q.period.period(now.date())?;
    Ok(index766::costly(
        conn,
        cal,
        period,
        period.as_of(Some(now)),
        q.agency.as_deref(),
        q.indicator,
        q.limit,
    )?)
}
