//! Sorted horizontal bars, one row per agency: a rate (with target line and statuses) or a count.

use std::cmp::Ordering;

use plotters::coord::Shift;
use plotters::prelude::*;
use serde::Deserialize;

use super::canvas::{self, Anchor, Drawing, Header, Key, Pen};
use super::font::Measure;
use super::format;
use super::theme::{self, Status, Thresholds};
use super::{ChartError, HitRegion};

/// One agency's rate as the metrics engine gives it: `None` when the denominator is 0.
#[derive(Debug, Clone, Deserialize)]
pub struct RateBar {
    pub id: String,
    pub label: String,
    pub rate: Option<f64>,
    pub denominator: u64,
}

/// Captions of a rate chart, in the user's language.
#[derive(Debug, Clone, Deserialize)]
pub struct RateText {
    /// Drawn above the chart when not empty.
    pub title: String,
    /// e.g. "Tỉ lệ đúng hạn".
    pub rate: String,
    /// e.g. "Hồ sơ đã giải quyết".
    pub denominator: String,
    /// e.g. "Mục tiêu".
    pub target: String,
    /// e.g. "Trạng thái".
    pub status: String,
    /// e.g. "Đạt", "Cần chú ý", "Chưa đạt".
    pub good: String,
    pub warning: String,
    pub bad: String,
    /// e.g. "Chưa có hồ sơ": the status of a row without a denominator.
    pub no_data: String,
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// Largest first.
    #[default]
    Descending,
    /// Smallest first (the worst rates on top).
    Ascending,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RateBars {
    pub bars: Vec<RateBar>,
    /// The province's target, drawn as a line, e.g. 0.95.
    pub target: Option<f64>,
    pub thresholds: Thresholds,
    #[serde(default)]
    pub order: Order,
    pub text: RateText,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CountBar {
    pub id: String,
    pub label: String,
    pub count: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CountText {
    pub title: String,
    /// e.g. "Hồ sơ quá hạn đang xử lý".
    pub count: String,
}

/// Counts are drawn largest first.
#[derive(Debug, Clone, Deserialize)]
pub struct CountBars {
    pub bars: Vec<CountBar>,
    pub text: CountText,
}

/// One row as drawn.
struct Row {
    id: String,
    label: String,
    shown_label: String,
    /// Where the bar ends on the x axis; `None` draws no bar (a rate without denominator).
    value: Option<f64>,
    value_text: String,
    mark: Option<Status>,
    tooltip: Vec<(String, String)>,
}

/// A laid-out bar chart.
struct HBars {
    width: u32,
    height: u32,
    header: Header,
    rows: Vec<Row>,
    x_max: f64,
    ticks: Vec<(f64, String)>,
    target: Option<f64>,
    marks: bool,
    plot_left: f64,
    plot_right: f64,
    plot_top: f64,
    row_h: f64,
}

const MIN_ROW: f64 = 20.0;
const MAX_ROW: f64 = 40.0;
const TICK_H: f64 = theme::SMALL_PX * 1.8;

fn check_rate(r: f64, what: &str) -> Result<(), ChartError> {
    if (0.0..=1.0).contains(&r) {
        Ok(())
    } else {
        Err(ChartError::BadInput(format!(
            "{what} {r} is not a rate between 0 and 1"
        )))
    }
}

pub fn plan_rates(s: &RateBars, width: u32, height: u32) -> Result<impl Drawing, ChartError> {
    s.thresholds.check()?;
    if let Some(t) = s.target {
        check_rate(t, "the target")?;
    }
    for b in &s.bars {
        if let Some(r) = b.rate {
            check_rate(r, &format!("the rate of {}", b.id))?;
        }
    }
    let mut bars: Vec<&RateBar> = s.bars.iter().collect();
    bars.sort_by(|a, b| {
        let by_rate = match (a.rate, b.rate) {
            (Some(x), Some(y)) => match s.order {
                Order::Descending => y.total_cmp(&x),
                Order::Ascending => x.total_cmp(&y),
            },
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by_rate
            .then(b.denominator.cmp(&a.denominator))
            .then(a.label.cmp(&b.label))
            .then(a.id.cmp(&b.id))
    });
    let t = &s.text;
    let rows = bars
        .into_iter()
        .map(|b| {
            let status = b.rate.map(|r| s.thresholds.status(r));
            let status_name = match status {
                Some(Status::Good) => &t.good,
                Some(Status::Warning) => &t.warning,
                Some(Status::Bad) => &t.bad,
                None => &t.no_data,
            };
            Row {
                id: b.id.clone(),
                label: b.label.clone(),
                shown_label: String::new(),
                value: b.rate,
                value_text: format::rate_with_denominator(b.rate, b.denominator),
                mark: status,
                tooltip: vec![
                    (t.rate.clone(), format::rate(b.rate)),
                    (t.denominator.clone(), format::count(b.denominator)),
                    (t.status.clone(), status_name.clone()),
                ],
            }
        })
        .collect();
    let ticks = (0..=5)
        .map(|i| f64::from(i) / 5.0)
        .map(|v| (v, format::percent(v)))
        .collect();
    // Ranges, not "≥": Noto Sans has no glyph for it, and the painted text must be the font's.
    let (good, warning) = (s.thresholds.good, s.thresholds.warning);
    let range = |from: f64, to: f64| format!("{}–{}", format::percent(from), format::percent(to));
    let mut legend = vec![
        (
            Key::Status(Status::Good),
            format!("{}: {}", t.good, range(good, 1.0)),
        ),
        (
            Key::Status(Status::Warning),
            format!("{}: {}", t.warning, range(warning, good)),
        ),
        (
            Key::Status(Status::Bad),
            format!("{}: {}", t.bad, range(0.0, warning)),
        ),
    ];
    if let Some(target) = s.target {
        legend.push((
            Key::Rule(theme::TARGET, false),
            format!("{} {}", t.target, format::percent(target)),
        ));
    }
    let layout = Frame {
        title: &t.title,
        legend,
        marks: true,
        x_max: 1.0,
        ticks,
        target: s.target,
    };
    layout.plan(rows, width, height)
}

pub fn plan_counts(s: &CountBars, width: u32, height: u32) -> Result<impl Drawing, ChartError> {
    let mut bars: Vec<&CountBar> = s.bars.iter().collect();
    bars.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.label.cmp(&b.label))
            .then(a.id.cmp(&b.id))
    });
    let max = bars.first().map_or(0, |b| b.count);
    let step = canvas::count_step(max, 4);
    let intervals = max.max(1).div_ceil(step);
    let rows = bars
        .into_iter()
        .map(|b| Row {
            id: b.id.clone(),
            label: b.label.clone(),
            shown_label: String::new(),
            value: Some(b.count as f64),
            value_text: format::count(b.count),
            mark: None,
            tooltip: vec![(s.text.count.clone(), format::count(b.count))],
        })
        .collect();
    let layout = Frame {
        title: &s.text.title,
        legend: Vec::new(),
        marks: false,
        x_max: (step * intervals) as f64,
        ticks: (0..=intervals)
            .map(|i| ((i * step) as f64, format::count(i * step)))
            .collect(),
        target: None,
    };
    layout.plan(rows, width, height)
}

/// What differs between the rate and count charts, before rows are laid out.
struct Frame<'a> {
    title: &'a str,
    legend: Vec<(Key, String)>,
    marks: bool,
    x_max: f64,
    ticks: Vec<(f64, String)>,
    target: Option<f64>,
}

impl Frame<'_> {
    fn plan(self, mut rows: Vec<Row>, width: u32, height: u32) -> Result<HBars, ChartError> {
        let (w, h) = (f64::from(width), f64::from(height));
        let label = Measure::new(theme::LABEL_PX, false)?;
        let small = Measure::new(theme::SMALL_PX, false)?;
        let inner = w - 2.0 * theme::PAD;
        let header = Header::new(self.title, self.legend, inner)?;
        let plot_top = theme::PAD + header.height() + TICK_H;

        // Room right of the bars for the widest value, and for half the last tick label.
        let widest_value = rows
            .iter()
            .map(|r| label.width(&r.value_text))
            .fold(0.0, f64::max);
        let last_tick = self.ticks.last().map_or(0.0, |t| small.width(&t.1));
        let value_room = (widest_value + 2.0 * theme::GAP).max(last_tick / 2.0 + theme::GAP);
        let mark_room = if self.marks {
            theme::MARK + theme::GAP
        } else {
            0.0
        };
        // Labels take what they need, at most a third of the width, and leave bars 120 px.
        let widest_label = rows
            .iter()
            .map(|r| label.width(&r.label))
            .fold(0.0, f64::max);
        let label_w = widest_label
            .min(inner * 0.34)
            .min(inner - mark_room - value_room - 120.0 - 2.0 * theme::GAP);
        if label_w < 40.0 {
            return Err(ChartError::TooSmall { width, height });
        }
        for r in &mut rows {
            r.shown_label = label.fit(&r.label, label_w);
        }
        distinguish_ends(&mut rows, &label, label_w);
        let plot_left = theme::PAD + label_w + 2.0 * theme::GAP + mark_room;
        let plot_right = w - theme::PAD - value_room;

        let n = rows.len().max(1) as f64;
        let row_h = ((h - plot_top - theme::PAD) / n).clamp(MIN_ROW, MAX_ROW);
        // (Less a hair, so that a float error never adds a pixel row.)
        let needed = (plot_top + n * row_h + theme::PAD - 1e-6).ceil();
        Ok(HBars {
            width,
            // As tall as the rows need: a few rows leave no empty band under them.
            height: (needed as u32).max(canvas::MIN_HEIGHT),
            header,
            rows,
            x_max: self.x_max,
            ticks: self.ticks,
            target: self.target,
            marks: self.marks,
            plot_left,
            plot_right,
            plot_top,
            row_h,
        })
    }
}

impl Drawing for HBars {
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
        let n = self.rows.len().max(1) as f64;
        let plot_bottom = self.plot_top + n * self.row_h;
        let plot = (self.plot_left, self.plot_top, self.plot_right, plot_bottom);
        let chart = canvas::cartesian(root, plot, 0.0..self.x_max, n..0.0)?;
        let at = |x: f64, y: f64| chart.backend_coord(&(x, y));

        self.header.draw(root, pen)?;

        // Light bands on every other row help the eye from a label to its bar.
        let ground = |i: usize| {
            if i % 2 == 1 {
                theme::BAND
            } else {
                theme::BACKGROUND
            }
        };
        for i in (1..self.rows.len()).step_by(2) {
            let y = f64::from(at(0.0, i as f64).1);
            let band = (
                theme::PAD / 2.0,
                y,
                f64::from(self.width) - theme::PAD,
                self.row_h,
            );
            pen.rect(root, band, theme::BAND)?;
        }
        for (v, text) in &self.ticks {
            let (x, top) = at(*v, 0.0);
            let (_, bottom) = at(*v, n);
            let (x, top, bottom) = (f64::from(x), f64::from(top), f64::from(bottom));
            pen.line(
                root,
                (x, top),
                (x, bottom),
                theme::GRID.stroke_width(1),
                false,
            )?;
            pen.text(
                root,
                text,
                (x, self.plot_top - TICK_H / 2.0),
                theme::SMALL_PX,
                false,
                theme::MUTED_TEXT,
                Anchor::Center,
            )?;
        }

        let value_m = Measure::new(theme::LABEL_PX, false)?;
        let mut regions = Vec::with_capacity(self.rows.len());
        let mut values = Vec::with_capacity(self.rows.len());
        for (i, row) in self.rows.iter().enumerate() {
            let y = i as f64;
            let middle = f64::from(at(0.0, y + 0.5).1);
            pen.label(root, &row.shown_label, (theme::PAD, middle))?;
            if let (true, Some(status)) = (self.marks, row.mark) {
                let x = self.plot_left - theme::GAP - theme::MARK / 2.0;
                pen.mark(root, status, (x, middle))?;
            }
            let (top, bottom) = (y + 0.2, y + 0.8);
            let end = row.value.unwrap_or(0.0);
            let (a, b) = (at(0.0, top), at(end, bottom));
            let color = row.mark.map_or(theme::BLUE, Status::color);
            let text_x = f64::from(b.0) + theme::GAP;
            let text_w = value_m.width(&row.value_text);
            if b.0 > a.0 {
                chart
                    .plotting_area()
                    .draw(&Rectangle::new([(0.0, top), (end, bottom)], color.filled()))
                    .map_err(canvas::drawing_error)?;
                regions.push(canvas::region(
                    &row.id,
                    a,
                    b,
                    &row.label,
                    row.tooltip.clone(),
                ));
            } else {
                // No bar to click (no data, or zero): the value text is the target.
                let (x0, y0) = (text_x.floor() as i32, a.1);
                let x1 = (text_x + text_w).ceil() as i32;
                regions.push(canvas::region(
                    &row.id,
                    (x0, y0),
                    (x1, b.1),
                    &row.label,
                    row.tooltip.clone(),
                ));
            }
            values.push((text_x, middle, text_w, &row.value_text, ground(i)));
        }
        let mut target_x = None;
        if let Some(target) = self.target {
            let (x, top) = at(target, 0.0);
            let (_, bottom) = at(target, n);
            let (x, top, bottom) = (f64::from(x), f64::from(top), f64::from(bottom));
            pen.line(
                root,
                (x, top),
                (x, bottom),
                theme::TARGET.stroke_width(2),
                false,
            )?;
            target_x = Some(x);
        }
        // Values last, on their row's ground where the target line would cross them.
        for (x, middle, w, text, ground) in values {
            if target_x.is_some_and(|t| t >= x - 3.0 && t <= x + w + 3.0) {
                let h = theme::LABEL_PX * 1.3;
                pen.rect(root, (x - 3.0, middle - h / 2.0, w + 6.0, h), ground)?;
            }
            pen.text(
                root,
                text,
                (x, middle),
                theme::LABEL_PX,
                false,
                theme::TEXT,
                Anchor::Left,
            )?;
        }
        Ok(regions)
    }
}

/// Names that read the same once cut (the commune centres all begin "Trung tâm Phục vụ hành
/// chính công…") are cut at their start instead, keeping the part that tells them apart.
fn distinguish_ends(rows: &mut [Row], label: &Measure, width: f64) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for r in rows.iter() {
        *seen.entry(r.shown_label.clone()).or_default() += 1;
    }
    for r in rows.iter_mut() {
        if seen[&r.shown_label] > 1 && r.shown_label != r.label {
            r.shown_label = label.fit_end(&r.label, width);
        }
    }
}
