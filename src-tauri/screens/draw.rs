//! The charts of the pages: figures of `metrics` put into `charts` specs, drawn as SVG with hit
//! regions whose ids say where a click drills (`agency:<code>`, `procedure:<code>`,
//! `week:<yyyy-mm-dd>`, `step:<n>`…).

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use super::text::Captions;
use super::{ScreenSettings, ScreensError};
use crate::charts::{
    self, Chart, CountBar, CountBars, Order, RateBar, RateBars, Spec, TrendPeriod,
};
use crate::metrics::{self, Dimension, FigureValue, Granularity, GroupFigures, Period, TrendOf};
use crate::model::Instant;

/// A drawn chart of a page, named for the UI.
#[derive(Debug, Clone, Serialize)]
pub struct PageChart {
    /// e.g. "on_time_by_agency".
    pub id: &'static str,
    /// `None` when there is nothing to draw (no agency with a rate, no overdue dossier): the
    /// UI says so in words instead of drawing empty axes.
    pub chart: Option<Chart>,
    /// What was drawn, for the same chart as a PNG image (exports).
    #[serde(skip)]
    pub spec: Spec,
}

pub fn draw(id: &'static str, spec: &Spec, s: &ScreenSettings) -> Result<PageChart, ScreensError> {
    let empty = match spec {
        Spec::RateBars(b) => b.bars.is_empty(),
        Spec::CountBars(b) => b.bars.is_empty(),
        Spec::Trend(t) => t.periods.is_empty(),
        Spec::Timeline(t) => t.steps.is_empty(),
    };
    let chart = if empty {
        None
    } else {
        // The UI lays out the text over the drawing (see `charts::svg_text_apart`).
        Some(charts::svg_text_apart(spec, s.chart_width, s.chart_height)?)
    };
    Ok(PageChart {
        id,
        chart,
        spec: spec.clone(),
    })
}

/// The rate of each group that has a denominator, worst first, with the target line.
pub fn rate_bars(
    groups: &[GroupFigures],
    drill: &str,
    rate: impl Fn(&GroupFigures) -> FigureValue,
    title: &str,
    rate_caption: &str,
    denominator_caption: &str,
    s: &ScreenSettings,
) -> Spec {
    let bars = groups
        .iter()
        .filter_map(|g| match rate(g) {
            FigureValue::Rate { rate, of } if of > 0 => Some(RateBar {
                id: format!("{drill}:{}", g.code),
                label: bar_label(&g.name),
                rate,
                denominator: of,
            }),
            _ => None,
        })
        .collect();
    Spec::RateBars(RateBars {
        bars,
        target: Some(s.thresholds.target),
        thresholds: s.thresholds.for_charts(),
        order: Order::Ascending,
        text: s
            .lang
            .captions()
            .rate_text(title, rate_caption, denominator_caption),
    })
}

/// The pending overdue dossiers of each group that has some, most first.
pub fn overdue_bars(groups: &[GroupFigures], drill: &str, title: &str, c: &Captions) -> Spec {
    Spec::CountBars(CountBars {
        bars: groups
            .iter()
            .filter(|g| g.figures.pending_overdue > 0)
            .map(|g| CountBar {
                id: format!("{drill}:{}", g.code),
                label: bar_label(&g.name),
                count: g.figures.pending_overdue,
            })
            .collect(),
        text: c.count_text(title),
    })
}

/// Every commune centre is named "Trung tâm Phục vụ hành chính công <xã|phường> …": on a bar,
/// where room is short, the commune alone ("Xã Quỳ Hợp") says which it is.
const COMMUNE_CENTRE: &str = "Trung tâm Phục vụ hành chính công ";

pub fn bar_label(name: &str) -> String {
    match name.strip_prefix(COMMUNE_CENTRE) {
        Some(rest) if !rest.is_empty() => {
            let mut chars = rest.chars();
            let first = chars.next().expect("not empty");
            first.to_uppercase().chain(chars).collect()
        }
        _ => name.to_owned(),
    }
}

/// One week of a trend: its figures as `metrics::trend` gives them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    /// `week:<yyyy-mm-dd>` of its first day: what a click drills into.
    pub id: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub received: FigureValue,
    pub resolved: FigureValue,
    pub on_time_rate: FigureValue,
}

/// How many weeks a trend shows at least, so that a short period still has a trend.
const TREND_WEEKS: u64 = 12;

/// The range of the weekly trend of a period: the period, widened to the 12 weeks up to its end.
pub fn trend_range(p: Period) -> Period {
    let monday = p.to - Days::new(u64::from(p.to.weekday().num_days_from_monday()));
    let from = (monday - Days::new(7 * (TREND_WEEKS - 1))).min(p.from);
    Period { from, to: p.to }
}

/// The weekly received, resolved and on-time rate of the province (`group` None) or of one
/// group of `dimension`.
pub fn weekly(
    conn: &rusqlite::Connection,
    cal: &crate::calendar::Calendar,
    period: Period,
    as_of: Option<Instant>,
    dimension: Dimension,
    group: Option<&str>,
) -> Result<Vec<Week>, ScreensError> {
    let range = trend_range(period);
    // The three figures from one pass over the cache.
    let trends = metrics::trends(
        conn,
        cal,
        &["received", "resolved", "on_time_rate"],
        Granularity::Week,
        range,
        as_of,
        dimension,
        group.map_or(TrendOf::Province, TrendOf::Group),
    )?;
    let buckets = trends[0].buckets.clone();
    let mut values = trends.into_iter().map(|t| match group {
        None => t.province,
        Some(code) => t
            .groups
            .into_iter()
            .find(|g| g.code == code)
            .map(|g| g.values)
            .unwrap_or_default(),
    });
    let (received, resolved, on_time) = (
        values.next().unwrap_or_default(),
        values.next().unwrap_or_default(),
        values.next().unwrap_or_default(),
    );
    let zero = FigureValue::Count(0);
    let none = FigureValue::Rate { rate: None, of: 0 };
    Ok(buckets
        .iter()
        .enumerate()
        .map(|(i, b)| Week {
            id: format!("week:{}", b.from.format("%Y-%m-%d")),
            from: b.from,
            to: b.to,
            received: received.get(i).copied().unwrap_or(zero),
            resolved: resolved.get(i).copied().unwrap_or(zero),
            on_time_rate: on_time.get(i).copied().unwrap_or(none),
        })
        .collect())
}

pub fn trend_spec(weeks: &[Week], s: &ScreenSettings) -> Spec {
    let count = |v: FigureValue| match v {
        FigureValue::Count(n) => n,
        FigureValue::Rate { of, .. } => of,
    };
    Spec::Trend(charts::Trend {
        periods: weeks
            .iter()
            .map(|w| TrendPeriod {
                id: w.id.clone(),
                label: charts::format::day_month(w.from),
                received: count(w.received),
                resolved: count(w.resolved),
                on_time_rate: match w.on_time_rate {
                    FigureValue::Rate { rate, .. } => rate,
                    FigureValue::Count(_) => None,
                },
            })
            .collect(),
        target: Some(s.thresholds.target),
        text: s.lang.captions().trend_text(),
    })
}

#[cfg(test)]
mod label_tests {
    use super::bar_label;

    #[test]
    fn commune_centres_are_labelled_by_their_commune() {
        assert_eq!(
            bar_label("Trung tâm Phục vụ hành chính công xã Quỳ Hợp"),
            "Xã Quỳ Hợp"
        );
        assert_eq!(
            bar_label("Trung tâm Phục vụ hành chính công phường Tân Mai"),
            "Phường Tân Mai"
        );
        assert_eq!(bar_label("Sở Tư pháp"), "Sở Tư pháp");
        assert_eq!(
            bar_label("Trung tâm Phục vụ hành chính công "),
            "Trung tâm Phục vụ hành chính công "
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_period_still_gets_twelve_weeks_of_trend() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        // Friday 27 Nov: its week starts Monday 23 Nov; 11 weeks before is Monday 7 Sep.
        let today = Period::new(d(11, 27), d(11, 27)).unwrap();
        assert_eq!(trend_range(today), Period::new(d(9, 7), d(11, 27)).unwrap());
        let year = Period::new(d(1, 1), d(11, 27)).unwrap();
        assert_eq!(trend_range(year), year);
    }
}
