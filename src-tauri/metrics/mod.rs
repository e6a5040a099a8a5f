//! The figures of METRICS.md, defined once, for every face (window, wall, exports, CLI).
//!
//! `dossier` says what each definition means for one dossier; `reference` counts them plainly
//! over every dossier; `fast` gives the same answers from the daily rollups and the open
//! dossiers, and is what the faces use. The property tests hold `fast` to `reference`.

pub mod dossier;
mod fast;
pub mod figures;
pub mod index766;
pub mod inspect;
pub mod lists;
pub mod period;
mod read;
pub mod reference;
pub mod snapshot;
pub mod sql;
pub mod states;
pub mod steps;

use std::collections::{BTreeMap, HashMap};

use rusqlite::Connection;
use serde::Serialize;

use crate::calendar::{Calendar, YearSource};
use crate::model::Instant;

pub use dossier::{judge, DossierFacts, DossierJudgement, PauseFacts, PendingState, Timeliness};
pub use fast::Rollup;
pub use figures::{depends_on_instant, Figure, FigureValue, Figures, FIGURE_NAMES};
pub use period::{buckets, Granularity, Period};
pub use read::{agency_names, procedures};

#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    #[error("cannot read the figures from the cache: {0}; check the cache file or sync again")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the cache holds a value that cannot be read ({0}); sync again to refresh it")]
    Corrupt(String),
    #[error("unknown figure '{0}'; the figures are: {names}", names = FIGURE_NAMES.join(", "))]
    UnknownFigure(String),
    #[error(transparent)]
    Cache(#[from] crate::cache::CacheError),
}

/// What a group of figures is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Agency,
    /// Lĩnh vực, from the procedure of the dossier.
    Field,
    Procedure,
}

/// The period of a report, with the instant its figures stand at and the calendar they were
/// judged on.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodInfo {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub as_of: Instant,
    /// The years of the period not judged on the API's calendar, and what they were judged on.
    pub calendar_fallback: Vec<CalendarFallback>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CalendarFallback {
    pub year: i32,
    pub source: YearSource,
}

/// The figures of one agency, field or procedure.
#[derive(Debug, Clone, Serialize)]
pub struct GroupFigures {
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub figures: Figures,
}

/// The contract's name for the agencies' figures.
pub type AgencyFigures = GroupFigures;

/// The figures of a period for the province and each agency (every agency known from `/donvi`
/// or from a dossier, with zeros where nothing happened).
#[derive(Debug, Clone, Serialize)]
pub struct KpiReport {
    pub period: PeriodInfo,
    pub province: Figures,
    pub agencies: Vec<AgencyFigures>,
    /// Said on every screen showing these figures when some year was not judged on the API's
    /// calendar; `None` when every year was.
    pub calendar_note: Option<String>,
}

/// Sets up a connection for reading figures: a page cache and memory map large enough that the
/// rollups and the open dossiers stay in memory between screens. Call once per connection.
pub fn prepare_connection(conn: &Connection) -> Result<(), MetricsError> {
    conn.execute_batch("PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824;")?;
    // A page runs some forty distinct statements, several with the span-class expression,
    // which takes SQLite about half a millisecond to prepare: keep them all prepared.
    conn.set_prepared_statement_cache_capacity(256);
    Ok(())
}

/// The figures of the period for the province and each agency.
pub fn compute(
    conn: &Connection,
    cal: &Calendar,
    period: Period,
    as_of: Option<Instant>,
) -> Result<KpiReport, MetricsError> {
    let b = compute_by(conn, cal, period, as_of, Dimension::Agency)?;
    Ok(KpiReport {
        calendar_note: calendar_note(&b.period.calendar_fallback),
        period: b.period,
        province: b.province,
        agencies: b.groups,
    })
}

/// The figures of a period for the province and each agency, field or procedure.
#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    pub period: PeriodInfo,
    pub dimension: Dimension,
    pub province: Figures,
    pub groups: Vec<GroupFigures>,
}

pub fn compute_by(
    conn: &Connection,
    cal: &Calendar,
    period: Period,
    as_of: Option<Instant>,
    dimension: Dimension,
) -> Result<Breakdown, MetricsError> {
    let at = period.as_of(as_of);
    let rollup = rollup_of(dimension);
    let groups = fast::figures_over(conn, cal, &[period], at, rollup, true, None)?
        .pop()
        .unwrap_or_default();
    let (province, groups) = name_groups(conn, dimension, groups)?;
    Ok(Breakdown {
        period: period_info(cal, period, at),
        dimension,
        province,
        groups,
    })
}

/// The figures of a period for one agency or procedure, equal to its entry in [`compute_by`]
/// but counted from its own rows only (a page of one procedure need not count the other
/// thousand). `None` when the code is neither named in the cache nor has dossiers there.
pub fn compute_group(
    conn: &Connection,
    cal: &Calendar,
    period: Period,
    as_of: Option<Instant>,
    dimension: Dimension,
    code: &str,
) -> Result<(PeriodInfo, Option<GroupFigures>), MetricsError> {
    let at = period.as_of(as_of);
    // A field gathers procedures: its code is not a rollup key, so it is counted with the rest.
    let only = (dimension != Dimension::Field).then_some(code);
    let groups = fast::figures_over(conn, cal, &[period], at, rollup_of(dimension), true, only)?
        .pop()
        .unwrap_or_default();
    let (_, groups) = GroupNames::read(conn, dimension, Some(code))?.name(groups);
    let group = groups.into_iter().find(|g| g.code == code);
    Ok((period_info(cal, period, at), group))
}

/// One figure, bucket by bucket, for the province and each group.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub figure: String,
    pub granularity: Granularity,
    pub dimension: Dimension,
    pub buckets: Vec<TrendBucket>,
    pub province: Vec<FigureValue>,
    pub groups: Vec<TrendSeries>,
    pub calendar_note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendBucket {
    pub label: String,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub as_of: Instant,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendSeries {
    pub code: String,
    pub name: String,
    pub values: Vec<FigureValue>,
}

/// The trend of `figure` over `range`, by week or month: each bucket is a period of its own,
/// standing at the end of its last day or `as_of` if earlier.
pub fn trend(
    conn: &Connection,
    cal: &Calendar,
    figure: &str,
    granularity: Granularity,
    range: Period,
    as_of: Option<Instant>,
    dimension: Dimension,
) -> Result<Trend, MetricsError> {
    let mut t = trends(
        conn,
        cal,
        &[figure],
        granularity,
        range,
        as_of,
        dimension,
        TrendOf::EveryGroup,
    )?;
    Ok(t.pop().expect("one trend per figure asked"))
}

/// Whose series a trend gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrendOf<'a> {
    /// The province's and every group's.
    EveryGroup,
    /// Only this group is counted (a chart of one agency or procedure): every other group, and
    /// so the province, reads zero.
    Group(&'a str),
    /// The province's alone, no group named (a chart of the province: naming every group,
    /// bucket by bucket, cost more than counting them).
    Province,
}

/// The trends of several figures over the same buckets, from one pass over the cache (a
/// chart of three figures costs what one does).
#[allow(clippy::too_many_arguments)]
pub fn trends(
    conn: &Connection,
    cal: &Calendar,
    figures: &[&str],
    granularity: Granularity,
    range: Period,
    as_of: Option<Instant>,
    dimension: Dimension,
    of: TrendOf,
) -> Result<Vec<Trend>, MetricsError> {
    if let Some(bad) = figures.iter().find(|f| Figures::default().get(f).is_none()) {
        return Err(MetricsError::UnknownFigure((*bad).to_owned()));
    }
    let group = match of {
        TrendOf::Group(code) => Some(code),
        TrendOf::EveryGroup | TrendOf::Province => None,
    };
    let at = range.as_of(as_of);
    let periods = buckets(range, granularity);
    let per_bucket = fast::figures_over(
        conn,
        cal,
        &periods,
        at,
        rollup_of(dimension),
        figures.iter().any(|f| depends_on_instant(f)),
        // A field gathers procedures: its codes are not the rollup's keys.
        group.filter(|_| dimension != Dimension::Field),
    )?;
    let named: Vec<(Figures, Vec<GroupFigures>)> = if of == TrendOf::Province {
        let province = |groups: fast::Groups| (province_of(&groups).finish(), Vec::new());
        per_bucket.into_iter().map(province).collect()
    } else {
        let names = GroupNames::read(conn, dimension, group)?;
        per_bucket
            .into_iter()
            .map(|groups| names.name(groups))
            .collect()
    };
    let trend_buckets: Vec<TrendBucket> = periods
        .iter()
        .map(|p| TrendBucket {
            label: period::bucket_label(*p, granularity),
            from: p.from,
            to: p.to,
            as_of: p.as_of(Some(at)),
        })
        .collect();
    let note = calendar_note(&period_info(cal, range, at).calendar_fallback);
    let n = periods.len();
    Ok(figures
        .iter()
        .map(|figure| {
            let mut series: BTreeMap<String, TrendSeries> = BTreeMap::new();
            for (i, (_, groups)) in named.iter().enumerate() {
                for g in groups {
                    let s = series.entry(g.code.clone()).or_insert_with(|| TrendSeries {
                        code: g.code.clone(),
                        name: g.name.clone(),
                        values: vec![value_of(&Figures::default().finish(), figure); n],
                    });
                    s.values[i] = value_of(&g.figures, figure);
                }
            }
            Trend {
                figure: (*figure).to_owned(),
                granularity,
                dimension,
                buckets: trend_buckets.clone(),
                province: named.iter().map(|(t, _)| value_of(t, figure)).collect(),
                groups: series.into_values().collect(),
                calendar_note: note.clone(),
            }
        })
        .collect())
}

fn value_of(f: &Figures, figure: &str) -> FigureValue {
    f.get(figure).expect("the figure name was checked")
}

fn rollup_of(d: Dimension) -> Rollup {
    match d {
        Dimension::Agency => Rollup::Agency,
        Dimension::Field | Dimension::Procedure => Rollup::Procedure,
    }
}

fn period_info(cal: &Calendar, period: Period, at: Instant) -> PeriodInfo {
    // Pending dossiers are judged on the calendar of the day after `as_of` too.
    let last = period.to.max(at.date()).succ_opt().unwrap_or(period.to);
    PeriodInfo {
        from: period.from,
        to: period.to,
        as_of: at,
        calendar_fallback: cal
            .years_not_from_api(period.from, last)
            .into_iter()
            .map(|(year, source)| CalendarFallback { year, source })
            .collect(),
    }
}

/// The sentence a screen shows when some year was not judged on the API's calendar.
pub fn calendar_note(fallback: &[CalendarFallback]) -> Option<String> {
    if fallback.is_empty() {
        return None;
    }
    let parts: Vec<String> = fallback
        .iter()
        .map(|f| format!("năm {}: {}", f.year, f.source.label_vi()))
        .collect();
    Some(format!(
        "Hệ thống chưa cung cấp lịch làm việc cho {}; ngày làm việc được tính theo {}.",
        if fallback.len() == 1 {
            "năm này"
        } else {
            "các năm này"
        },
        parts.join("; ")
    ))
}

/// Names the groups and adds the ones known without figures (zeros), sorted by code; the
/// province is the sum of every group.
fn name_groups(
    conn: &Connection,
    dimension: Dimension,
    groups: HashMap<String, Figures>,
) -> Result<(Figures, Vec<GroupFigures>), MetricsError> {
    Ok(GroupNames::read(conn, dimension, None)?.name(groups))
}

/// What naming the groups of a dimension needs, read once for every bucket of a trend.
struct GroupNames {
    dimension: Dimension,
    agencies: HashMap<String, String>,
    procedures: HashMap<String, (String, String, String)>,
    /// The codes that have dossiers in the cache.
    known: Vec<String>,
    /// The one group a page shows, when it shows one: only it is named (a procedure's weekly
    /// trend would otherwise name every procedure, week by week).
    only: Option<String>,
}

impl GroupNames {
    fn read(
        conn: &Connection,
        dimension: Dimension,
        only: Option<&str>,
    ) -> Result<Self, MetricsError> {
        let (agencies, procedures) = match dimension {
            Dimension::Agency => (read::agency_names(conn)?, HashMap::new()),
            Dimension::Procedure | Dimension::Field => (HashMap::new(), read::procedures(conn)?),
        };
        Ok(GroupNames {
            dimension,
            agencies,
            procedures,
            known: fast::codes_with_dossiers(conn, rollup_of(dimension))?,
            only: only.map(str::to_owned),
        })
    }

    /// Whether `code` (of an agency, a procedure or a field) is to be named.
    fn wanted(&self, code: &str) -> bool {
        self.only.as_deref().is_none_or(|only| only == code)
    }

    fn name(&self, groups: HashMap<String, Figures>) -> (Figures, Vec<GroupFigures>) {
        let province = province_of(&groups);
        let (procs, known) = (&self.procedures, &self.known);
        let mut named: BTreeMap<String, (String, Figures)> = BTreeMap::new();
        match self.dimension {
            Dimension::Agency => {
                let names = &self.agencies;
                let codes = names.keys().chain(known.iter()).chain(groups.keys());
                for code in codes.filter(|c| self.wanted(c)) {
                    let name = names.get(code).cloned().unwrap_or_else(|| code.clone());
                    named.insert(
                        code.clone(),
                        (name, groups.get(code).copied().unwrap_or_default()),
                    );
                }
            }
            Dimension::Procedure => {
                let codes = procs.keys().chain(known.iter()).chain(groups.keys());
                for code in codes.filter(|c| self.wanted(c)) {
                    let name = procs
                        .get(code)
                        .map_or_else(|| code.clone(), |p| p.0.clone());
                    named.insert(
                        code.clone(),
                        (name, groups.get(code).copied().unwrap_or_default()),
                    );
                }
            }
            Dimension::Field => {
                for (_, field_code, field_name) in procs.values() {
                    named
                        .entry(field_code.clone())
                        .or_insert_with(|| (field_name.clone(), Figures::default()));
                }
                let mut codes: Vec<&String> = known.iter().chain(groups.keys()).collect();
                codes.sort();
                codes.dedup();
                for code in codes {
                    let (field_code, field_name) = procs.get(code).map_or_else(
                        || (String::new(), UNKNOWN_FIELD.to_owned()),
                        |p| (p.1.clone(), p.2.clone()),
                    );
                    let entry = named
                        .entry(field_code)
                        .or_insert_with(|| (field_name, Figures::default()));
                    if let Some(f) = groups.get(code) {
                        entry.1.absorb(f);
                    }
                }
            }
        }
        let groups = named
            .into_iter()
            // Fields are gathered from every procedure above: the one asked for is kept here.
            .filter(|(code, _)| self.wanted(code))
            .map(|(code, (name, figures))| GroupFigures {
                code,
                name,
                figures: figures.finish(),
            })
            .collect();
        (province.finish(), groups)
    }
}

/// The province's figures: the sum of its groups'.
fn province_of(groups: &fast::Groups) -> Figures {
    let mut province = Figures::default();
    for f in groups.values() {
        province.absorb(f);
    }
    province
}

/// The field of dossiers whose procedure `/thutuc` does not list.
pub const UNKNOWN_FIELD: &str = "Chưa xác định lĩnh vực";
