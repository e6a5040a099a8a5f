//! Received and resolved per week or month as bars, with the on-time rate as a line on a second
//! axis (0–100 %), and a hit region per period.

use plotters::coord::Shift;
use plotters::prelude::*;
use serde::Deserialize;

use super::canvas::{self, Anchor, Drawing, Header, Key, Pen};
use super::font::Measure;
use super::format;
use super::theme;
use super::{ChartError, HitRegion};

#[derive(Debug, Clone, Deserialize)]
pub struct TrendPeriod {
    /// What a click drills into, e.g. "week:2026-11-23".
    pub id: String,
    /// The axis label, e.g. "23/11" or "11/2026".
    pub label: String,
    pub received: u64,
    pub resolved: u64,
    /// Its denominator is `resolved`; `None` when nothing was resolved.
    pub on_time_rate: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TrendText {
    pub title: String,
    /// e.g. "Tiếp nhận", "Đã giải quyết", "Tỉ lệ đúng hạn", "Mục tiêu".
    pub received: String,
    pub resolved: String,
    pub on_time_rate: String,
    pub target: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Trend {
    /// Oldest first.
    pub periods: Vec<TrendPeriod>,
    /// The on-time target, drawn dashed on the rate axis.
    pub target: Option<f64>,
    pub text: TrendText,
}

struct Plan<'a> {
    trend: &'a Trend,
    width: u32,
    height: u32,
    header: Header,
    count_max: u64,
    count_step: u64,
    /// Every how many periods a label is written, so that labels never overlap.
    label_every: usize,
    labels: Vec<String>,
    plot: (f64, f64, f64, f64),
}

const INTERVALS: u64 = 4;

pub fn plan(t: &Trend, width: u32, height: u32) -> Result<impl Drawing + '_, ChartError> {
    if t.periods.is_empty() {
        return Err(ChartError::BadInput(
            "a trend needs at least one period".into(),
        ));
    }
    for p in &t.periods {
        if p.on_time_rate.is_some_and(|r| !(0.0..=1.0).contains(&r)) {
            return Err(ChartError::BadInput(format!(
                "the on-time rate of {} is not between 0 and 1",
                p.id
            )));
        }
    }
    let (w, h) = (f64::from(width), f64::from(height));
    let small = Measure::new(theme::SMALL_PX, false)?;
    let inner = w - 2.0 * theme::PAD;
    let tx = &t.text;
    let mut items = vec![
        (Key::Swatch(theme::SKY_BLUE), tx.received.clone()),
        (Key::Swatch(theme::BLUE), tx.resolved.clone()),
        (Key::Dot(theme::TEXT), tx.on_time_rate.clone()),
    ];
    if let Some(target) = t.target {
        items.push((
            Key::Rule(theme::TEXT, true),
            format!("{} {}", tx.target, format::percent(target)),
        ));
    }
    let header = Header::new(&tx.title, items, inner)?;

    let max = t
        .periods
        .iter()
        .map(|p| p.received.max(p.resolved))
        .max()
        .unwrap_or(0);
    let count_step = canvas::count_step(max, INTERVALS);
    let count_max = count_step * INTERVALS;
    let left_w = small.width(&format::count(count_max)) + theme::GAP;
    let right_w = small.width(&format::percent(1.0)) + theme::GAP;
    let top = theme::PAD + header.height() + theme::GAP + theme::SMALL_PX / 2.0;
    let bottom = h - theme::PAD - theme::SMALL_PX * 1.8;
    let (left, right) = (theme::PAD + left_w, w - theme::PAD - right_w);
    if bottom - top < 60.0 || right - left < 80.0 {
        return Err(ChartError::TooSmall { width, height });
    }
    let band = (right - left) / t.periods.len() as f64;
    let widest = t
        .periods
        .iter()
        .map(|p| small.width(&p.label))
        .fold(0.0, f64::max);
    let label_every = (((widest + 2.0 * theme::GAP) / band).ceil() as usize).max(1);
    let room = band * label_every as f64 - 2.0 * theme::GAP;
    let labels = t
        .periods
        .iter()
        .map(|p| small.fit(&p.label, room))
        .collect();
    Ok(Plan {
        trend: t,
        width,
        height,
        header,
        count_max,
        count_step,
        label_every,
        labels,
        plot: (left, top, right, bottom),
    })
}

impl Drawing for Plan<'_> {
    fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        pen: &Pen,
    ) -> Result<Vec<HitRegion>, ChartError> {
        root.fill(&theme::BACKGROUND)
            .map_err(canvas::drawing_error)?;
        let t = self.trend;
        let tx = &t.text;
        let bottom = self.plot.3;
        let n = t.periods.len() as f64;
        let y_max = self.count_max as f64;
        let chart = canvas::cartesian(root, self.plot, 0.0..n, 0.0..y_max)?;
        let at = |x: f64, y: f64| canvas::pixel(&chart, x, y);
        self.header.draw(root, pen)?;

        // Both axes share the grid: a quarter of the counts is a quarter of 100 %.
        for i in 0..=INTERVALS {
            let share = i as f64 / INTERVALS as f64;
            let (x0, y) = at(0.0, share * y_max);
            let (x1, _) = at(n, share * y_max);
            let grid = if i == 0 { theme::AXIS } else { theme::GRID };
            pen.line(root, (x0, y), (x1, y), grid.stroke_width(1), false)?;
            let count = format::count(i * self.count_step);
            let (c, m) = (theme::MUTED_TEXT, theme::SMALL_PX);
            pen.text(
                root,
                &count,
                (x0 - theme::GAP, y),
                m,
                false,
                c,
                Anchor::Right,
            )?;
            let percent = format::percent(share);
            pen.text(
                root,
                &percent,
                (x1 + theme::GAP, y),
                m,
                false,
                c,
                Anchor::Left,
            )?;
        }

        let area = chart.plotting_area();
        let mut regions = Vec::with_capacity(t.periods.len());
        for (i, p) in t.periods.iter().enumerate() {
            let x = i as f64;
            for (from, to, value, color) in [
                (x + 0.14, x + 0.49, p.received, theme::SKY_BLUE),
                (x + 0.51, x + 0.86, p.resolved, theme::BLUE),
            ] {
                if value > 0 {
                    area.draw(&Rectangle::new(
                        [(from, 0.0), (to, value as f64)],
                        color.filled(),
                    ))
                    .map_err(canvas::drawing_error)?;
                }
            }
            if i % self.label_every == 0 {
                let (cx, _) = at(x + 0.5, 0.0);
                let y = bottom + theme::SMALL_PX;
                let (c, s) = (theme::MUTED_TEXT, theme::SMALL_PX);
                pen.text(root, &self.labels[i], (cx, y), s, false, c, Anchor::Center)?;
            }
            let rate = format::rate_with_denominator(p.on_time_rate, p.resolved);
            regions.push(canvas::region(
                &p.id,
                chart.backend_coord(&(x, y_max)),
                chart.backend_coord(&(x + 1.0, 0.0)),
                &p.label,
                vec![
                    (tx.received.clone(), format::count(p.received)),
                    (tx.resolved.clone(), format::count(p.resolved)),
                    (tx.on_time_rate.clone(), rate),
                ],
            ));
        }

        if let Some(target) = t.target {
            let (x0, y) = at(0.0, target * y_max);
            let (x1, _) = at(n, target * y_max);
            pen.line(root, (x0, y), (x1, y), theme::TARGET.stroke_width(1), true)?;
        }
        // The rate line breaks where a period has no rate: nothing is invented across it.
        let points: Vec<Option<(f64, f64)>> = t
            .periods
            .iter()
            .enumerate()
            .map(|(i, p)| p.on_time_rate.map(|r| (i as f64 + 0.5, r * y_max)))
            .collect();
        for run in points.split(Option::is_none) {
            let run: Vec<(f64, f64)> = run.iter().flatten().copied().collect();
            if run.len() > 1 {
                area.draw(&PathElement::new(
                    run.clone(),
                    theme::TARGET.stroke_width(2),
                ))
                .map_err(canvas::drawing_error)?;
            }
            for p in run {
                area.draw(&Circle::new(p, 4, theme::BACKGROUND.filled()))
                    .and_then(|_| area.draw(&Circle::new(p, 3, theme::TARGET.filled())))
                    .map_err(canvas::drawing_error)?;
            }
        }
        Ok(regions)
    }
}
