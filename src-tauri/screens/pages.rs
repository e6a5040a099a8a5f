//! The page of one agency and the page of one procedure: the same tiles as the overview, the
//! figures broken down one level further, the weekly trend, and the first overdue and at-risk
//! dossiers.

use rusqlite::Connection;
use serde::Serialize;

use super::draw::{self, PageChart, Week};
use super::list::first_pages;
use super::tiles::{tiles, Tile};
use super::{previous, ScreenSettings, ScreensError};
use crate::calendar::Calendar;
use crate::metrics::lists::{scope_facts, GroupBy, ListPage, Scope, ScopeFacts};
use crate::metrics::{self, Dimension, Figure, GroupFigures, Period, PeriodInfo};
use crate::model::Instant;

#[derive(Debug, Clone, Serialize)]
pub struct AgencyPage {
    pub period: PeriodInfo,
    pub previous: PeriodInfo,
    pub calendar_note: Option<String>,
    /// The agency's code, name and figures.
    pub agency: GroupFigures,
    pub tiles: Vec<Tile>,
    /// By lĩnh vực, then by procedure, of the agency's dossiers (groups where nothing counted
    /// are left out).
    pub by_field: Vec<GroupFigures>,
    pub by_procedure: Vec<GroupFigures>,
    pub weeks: Vec<Week>,
    /// Pending overdue, most working days late first.
    pub overdue: ListPage,
    /// Pending at risk, earliest due first.
    pub at_risk: ListPage,
    /// on_time_by_procedure, overdue_by_procedure, weekly_trend.
    pub charts: Vec<PageChart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProcedurePage {
    pub period: PeriodInfo,
    pub previous: PeriodInfo,
    pub calendar_note: Option<String>,
    pub procedure: GroupFigures,
    pub tiles: Vec<Tile>,
    /// By the agency that handled the dossiers.
    pub by_agency: Vec<GroupFigures>,
    pub weeks: Vec<Week>,
    pub overdue: ListPage,
    pub at_risk: ListPage,
    /// on_time_by_agency, overdue_by_agency, weekly_trend.
    pub charts: Vec<PageChart>,
}

/// What the agency's page and the procedure's page share: one group's figures against the
/// previous period, its dossiers, its breakdown by the other dimension (drawn as the on-time
/// and overdue charts), its weekly trend and its first overdue and at-risk dossiers.
struct ScopePage {
    now: PeriodInfo,
    previous: PeriodInfo,
    group: GroupFigures,
    tiles: Vec<Tile>,
    facts: ScopeFacts,
    /// By the other dimension: procedures of an agency, agencies of a procedure.
    breakdown: Vec<GroupFigures>,
    weeks: Vec<Week>,
    overdue: ListPage,
    at_risk: ListPage,
    charts: Vec<PageChart>,
}

/// The page of the `dimension` (agency or procedure) group `code`. `helper`: a second
/// connection, to read the group's dossiers on two cores (see `scope_facts`).
#[allow(clippy::too_many_arguments)]
fn scope_page(
    conn: &Connection,
    helper: Option<&mut Connection>,
    cal: &Calendar,
    dimension: Dimension,
    code: &str,
    period: Period,
    as_of: Option<Instant>,
    s: &ScreenSettings,
) -> Result<ScopePage, ScreensError> {
    let c = s.lang.captions();
    // The scope, the breakdown, and the ids and titles of its two charts.
    let (scope, by, other, ids, rate_title, overdue_title) = match dimension {
        Dimension::Agency => (
            Scope::Agency(code.to_owned()),
            GroupBy::Procedure,
            "procedure",
            ["on_time_by_procedure", "overdue_by_procedure"],
            c.on_time_by_procedure,
            c.overdue_by_procedure,
        ),
        _ => (
            Scope::Procedure(code.to_owned()),
            GroupBy::Agency,
            "agency",
            ["on_time_by_agency", "overdue_by_agency"],
            c.on_time_by_unit,
            c.overdue_by_agency,
        ),
    };
    let (now, group) = metrics::compute_group(conn, cal, period, as_of, dimension, code)?;
    let group = group.ok_or_else(|| match dimension {
        Dimension::Agency => ScreensError::NoAgency(code.to_owned()),
        _ => ScreensError::NoProcedure(code.to_owned()),
    })?;
    let (previous_info, before) =
        metrics::compute_group(conn, cal, previous(period), as_of, dimension, code)?;
    let before = before.map(|g| g.figures).unwrap_or_default();
    let facts = scope_facts(conn, helper, cal, period, as_of, &scope)?;
    let breakdown = facts.breakdown(conn, by)?;
    let (overdue, at_risk) = first_pages(conn, cal, &facts)?;
    let weeks = draw::weekly(conn, cal, period, as_of, dimension, Some(code))?;
    let charts = vec![
        draw::draw(
            ids[0],
            &draw::rate_bars(
                &breakdown,
                other,
                |g| g.figures.value(Figure::OnTimeRate),
                rate_title,
                c.on_time_rate,
                c.resolved,
                s,
            ),
            s,
        )?,
        draw::draw(
            ids[1],
            &draw::overdue_bars(&breakdown, other, overdue_title, c),
            s,
        )?,
        draw::draw("weekly_trend", &draw::trend_spec(&weeks, s), s)?,
    ];
    Ok(ScopePage {
        tiles: tiles(&group.figures, &before, &s.thresholds, c),
        now,
        previous: previous_info,
        group,
        facts,
        breakdown,
        weeks,
        overdue,
        at_risk,
        charts,
    })
}

/// `helper`: as for `scope_page`.
pub fn agency_page(
    conn: &Connection,
    helper: Option<&mut Connection>,
    cal: &Calendar,
    code: &str,
    period: Period,
    as_of: Option<Instant>,
    s: &ScreenSettings,
) -> Result<AgencyPage, ScreensError> {
    let p = scope_page(conn, helper, cal, Dimension::Agency, code, period, as_of, s)?;
    Ok(AgencyPage {
        by_field: p.facts.breakdown(conn, GroupBy::Field)?,
        calendar_note: metrics::calendar_note(&p.now.calendar_fallback),
        period: p.now,
        previous: p.previous,
        agency: p.group,
        tiles: p.tiles,
        by_procedure: p.breakdown,
        weeks: p.weeks,
        overdue: p.overdue,
        at_risk: p.at_risk,
        charts: p.charts,
    })
}

/// `helper`: as for `scope_page`.
pub fn procedure_page(
    conn: &Connection,
    helper: Option<&mut Connection>,
    cal: &Calendar,
    code: &str,
    period: Period,
    as_of: Option<Instant>,
    s: &ScreenSettings,
) -> Result<ProcedurePage, ScreensError> {
    let p = scope_page(
        conn,
        helper,
        cal,
        Dimension::Procedure,
        code,
        period,
        as_of,
        s,
    )?;
    Ok(ProcedurePage {
        calendar_note: metrics::calendar_note(&p.now.calendar_fallback),
        period: p.now,
        previous: p.previous,
        procedure: p.group,
        tiles: p.tiles,
        by_agency: p.breakdown,
        weeks: p.weeks,
        overdue: p.overdue,
        at_risk: p.at_risk,
        charts: p.charts,
    })
}
