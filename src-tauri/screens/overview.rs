//! The province at a glance: six tiles and four charts for a period.

use rusqlite::Connection;
use serde::Serialize;

use super::draw::{self, PageChart, Week};
use super::tiles::{tiles, Tile};
use super::{previous, ScreenSettings, ScreensError};
use crate::calendar::Calendar;
use crate::metrics::snapshot::at_once;
use crate::metrics::{self, AgencyFigures, Dimension, Figure, Figures, Period, PeriodInfo};
use crate::model::Instant;

#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub period: PeriodInfo,
    /// The previous period of the same length, standing at its own end.
    pub previous: PeriodInfo,
    pub calendar_note: Option<String>,
    pub province: Figures,
    pub tiles: Vec<Tile>,
    /// Every agency's figures (the table behind the charts), by code.
    pub agencies: Vec<AgencyFigures>,
    pub weeks: Vec<Week>,
    /// on_time_by_agency, overdue_by_agency, weekly_trend, satisfaction_by_agency.
    pub charts: Vec<PageChart>,
}

/// `helper`: a second connection, to read the weekly trend (a year of daily rollups on a
/// year's page) beside the period's figures, on two cores.
pub fn overview(
    conn: &Connection,
    helper: Option<&mut Connection>,
    cal: &Calendar,
    period: Period,
    as_of: Option<Instant>,
    s: &ScreenSettings,
) -> Result<Overview, ScreensError> {
    let c = s.lang.captions();
    let (figures, weeks) = at_once(
        conn,
        helper,
        |conn| -> Result<_, ScreensError> {
            let now = metrics::compute(conn, cal, period, as_of)?;
            Ok((now, metrics::compute(conn, cal, previous(period), as_of)?))
        },
        |conn| draw::weekly(conn, cal, period, as_of, Dimension::Agency, None),
    );
    let ((now, before), weeks) = (figures?, weeks?);
    let charts = vec![
        draw::draw(
            "on_time_by_agency",
            &draw::rate_bars(
                &now.agencies,
                "agency",
                |g| g.figures.value(Figure::OnTimeRate),
                c.on_time_by_agency,
                c.on_time_rate,
                c.resolved,
                s,
            ),
            s,
        )?,
        draw::draw(
            "overdue_by_agency",
            &draw::overdue_bars(&now.agencies, "agency", c.overdue_by_agency, c),
            s,
        )?,
        draw::draw("weekly_trend", &draw::trend_spec(&weeks, s), s)?,
        draw::draw(
            "satisfaction_by_agency",
            &draw::rate_bars(
                &now.agencies,
                "agency",
                |g| g.figures.value(Figure::SatisfactionRate),
                c.satisfaction_by_agency,
                c.satisfaction_rate,
                c.ratings,
                s,
            ),
            s,
        )?,
    ];
    Ok(Overview {
        tiles: tiles(&now.province, &before.province, &s.thresholds, c),
        period: now.period,
        previous: before.period,
        calendar_note: now.calendar_note,
        province: now.province,
        agencies: now.agencies,
        weeks,
        charts,
    })
}
