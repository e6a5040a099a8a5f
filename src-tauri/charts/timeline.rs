//! One dossier's timeline: its steps as bars against their deadlines, the late parts striped and
//! marked, pauses as shaded spans, the due date and extensions as dashed lines; axis in dd/mm.

use chrono::{Duration, NaiveDateTime, NaiveTime};
use plotters::coord::Shift;
use plotters::prelude::*;
use serde::Deserialize;

use super::canvas::{self, Anchor, Drawing, Header, Key, Pen};
use super::font::Measure;
use super::format;
use super::theme::{self, Status};
use super::{ChartError, HitRegion};

#[derive(Debug, Clone, Deserialize)]
pub struct TimelineStep {
    pub id: String,
    /// e.g. the step's name and the department that held it.
    pub label: String,
    pub start: NaiveDateTime,
    /// `None` while the step is still being worked on (drawn up to `as_of`).
    pub end: Option<NaiveDateTime>,
    pub deadline: Option<NaiveDateTime>,
    /// Late or overdue, as the metrics engine judged it (by dates, METRICS.md).
    pub late: bool,
    /// More tooltip lines, e.g. the official who held it.
    #[serde(default)]
    pub details: Vec<(String, String)>,
}

/// A pause (supplement request): from its start until it resumed, or until `as_of`.
#[derive(Debug, Clone, Deserialize)]
pub struct TimelineSpan {
    pub id: String,
    pub label: String,
    pub start: NaiveDateTime,
    pub end: Option<NaiveDateTime>,
}

/// A moment drawn as a dashed line, e.g. the new due date of an extension.
#[derive(Debug, Clone, Deserialize)]
pub struct TimelineMarker {
    pub id: String,
    pub label: String,
    pub at: NaiveDateTime,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TimelineText {
    pub title: String,
    /// Legend and tooltip captions, e.g. "Xử lý", "Bắt đầu", "Kết thúc", "Hạn của bước",
    /// "Trễ hạn", "Đúng hạn", "Đang xử lý", "Hạn trả", "Tạm dừng", "Gia hạn", "Trạng thái".
    pub step: String,
    pub start: String,
    pub end: String,
    pub deadline: String,
    pub late: String,
    pub on_time: String,
    pub in_progress: String,
    pub due: String,
    pub pause: String,
    pub extension: String,
    pub status: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Timeline {
    pub steps: Vec<TimelineStep>,
    #[serde(default)]
    pub pauses: Vec<TimelineSpan>,
    /// Extensions, each at the due date it granted.
    #[serde(default)]
    pub extensions: Vec<TimelineMarker>,
    /// The dossier's due date (legal due).
    pub due: Option<NaiveDateTime>,
    /// The instant the figures stand at: open steps and pauses end here.
    pub as_of: NaiveDateTime,
    pub text: TimelineText,
}

/// A label over the plot, in the first lane where it overlaps nothing.
struct Flag {
    id: String,
    text: String,
    full: String,
    x: f64,
    w: f64,
    lane: usize,
    tooltip: Vec<(String, String)>,
}

struct Plan<'a> {
    t: &'a Timeline,
    width: u32,
    height: u32,
    header: Header,
    labels: Vec<String>,
    flags: Vec<Flag>,
    lanes: usize,
    t0: NaiveDateTime,
    hours: f64,
    plot: (f64, f64, f64, f64),
    ticks: Vec<(f64, String)>,
}

/// The narrowest step drawn, in pixels.
const MIN_BAR: f64 = 4.0;
const LANE_H: f64 = theme::SMALL_PX * 1.7;
const AXIS_H: f64 = theme::SMALL_PX * 2.0;

fn hours(from: NaiveDateTime, to: NaiveDateTime) -> f64 {
    (to - from).num_seconds() as f64 / 3600.0
}

/// A timeline that can be drawn: some steps, none ending before it starts.
fn check(t: &Timeline) -> Result<(), ChartError> {
    if t.steps.is_empty() {
        return Err(ChartError::BadInput(
            "a timeline needs at least one step".into(),
        ));
    }
    for s in &t.steps {
        if s.end.is_some_and(|e| e < s.start) {
            return Err(ChartError::BadInput(format!(
                "step {} ends before it starts",
                s.id
            )));
        }
    }
    Ok(())
}

/// The time range drawn: everything shown, padded by 3 % and an hour on each side, at least a
/// day so that the axis has a tick.
fn time_range(t: &Timeline) -> (NaiveDateTime, NaiveDateTime) {
    let mut instants: Vec<NaiveDateTime> = vec![t.as_of];
    for s in &t.steps {
        instants.extend([Some(s.start), s.end, s.deadline].into_iter().flatten());
    }
    for p in &t.pauses {
        instants.extend([Some(p.start), p.end].into_iter().flatten());
    }
    instants.extend(t.extensions.iter().map(|e| e.at));
    instants.extend(t.due);
    let first = *instants.iter().min().unwrap_or(&t.as_of);
    let last = *instants.iter().max().unwrap_or(&t.as_of);
    let span = hours(first, last).max(24.0);
    let pad = Duration::minutes((span * 60.0 * 0.03) as i64 + 60);
    (first - pad, last + pad)
}

pub fn plan(t: &Timeline, width: u32, height: u32) -> Result<impl Drawing + '_, ChartError> {
    check(t)?;
    let tx = &t.text;
    let (w, h) = (f64::from(width), f64::from(height));
    let label_m = Measure::new(theme::LABEL_PX, false)?;
    let small = Measure::new(theme::SMALL_PX, false)?;
    let bold = Measure::new(theme::SMALL_PX, true)?;
    let inner = w - 2.0 * theme::PAD;

    let (t0, t1) = time_range(t);
    let total = hours(t0, t1);

    let mut items = vec![
        (Key::Swatch(theme::BLUE), tx.step.clone()),
        (Key::Late, tx.late.clone()),
        (Key::Rule(theme::TEXT, false), tx.deadline.clone()),
    ];
    if t.due.is_some() {
        items.push((Key::Rule(theme::TEXT, true), tx.due.clone()));
    }
    if !t.extensions.is_empty() {
        items.push((Key::Rule(theme::REDDISH_PURPLE, true), tx.extension.clone()));
    }
    if !t.pauses.is_empty() {
        items.push((Key::Swatch(theme::PAUSE), tx.pause.clone()));
    }
    let header = Header::new(&tx.title, items, inner)?;

    let widest_label = t
        .steps
        .iter()
        .map(|s| label_m.width(&s.label))
        .fold(0.0, f64::max);
    let label_w = widest_label.min(inner * 0.3);
    let late_room = if t.steps.iter().any(|s| s.late) {
        theme::GAP + theme::MARK + theme::GAP + bold.width(&tx.late) + theme::GAP
    } else {
        theme::GAP
    };
    let left = theme::PAD + label_w + 2.0 * theme::GAP;
    let right = w - theme::PAD - late_room;
    if label_w < 40.0 || right - left < 120.0 {
        return Err(ChartError::TooSmall { width, height });
    }
    let to_x = |at: NaiveDateTime| left + (right - left) * hours(t0, at) / total;

    // Flags over the plot: due date, extensions, pauses; lanes so that none overlaps another.
    let mut flags = Vec::new();
    let mut flag = |id: &str, text: String, at: NaiveDateTime, tooltip| {
        let shown = small.fit(&text, (right - left) / 2.0);
        let w = small.width(&shown);
        let x = (to_x(at) - w / 2.0).clamp(left, right - w);
        flags.push(Flag {
            id: id.to_string(),
            text: shown,
            full: text,
            x,
            w,
            lane: 0,
            tooltip,
        });
    };
    if let Some(due) = t.due {
        let text = format!("{} {}", tx.due, format::day_month(due.date()));
        let tip = vec![(tx.due.clone(), format::date_time(due))];
        flag("due", text, due, tip);
    }
    for e in &t.extensions {
        let text = format!("{} {}", e.label, format::day_month(e.at.date()));
        let tip = vec![(e.label.clone(), format::date_time(e.at))];
        flag(&e.id, text, e.at, tip);
    }
    for p in &t.pauses {
        let end = p.end.unwrap_or(t.as_of);
        let middle = p.start + (end - p.start) / 2;
        let end_text = p.end.map_or(tx.in_progress.clone(), format::date_time);
        let tip = vec![
            (tx.start.clone(), format::date_time(p.start)),
            (tx.end.clone(), end_text),
        ];
        flag(&p.id, p.label.clone(), middle, tip);
    }
    let mut lane_ends: Vec<f64> = Vec::new();
    flags.sort_by(|a, b| a.x.total_cmp(&b.x));
    for f in &mut flags {
        let free = lane_ends.iter().position(|end| *end + theme::GAP <= f.x);
        let lane = free.unwrap_or(lane_ends.len());
        if lane == lane_ends.len() {
            lane_ends.push(0.0);
        }
        lane_ends[lane] = f.x + f.w;
        f.lane = lane;
    }
    let lanes = lane_ends.len();

    let top = theme::PAD + header.height() + lanes as f64 * LANE_H + theme::GAP;
    let n = t.steps.len() as f64;
    let row_h = ((h - top - AXIS_H - theme::PAD) / n).clamp(24.0, 36.0);
    let bottom = top + n * row_h;
    let height = height.max((bottom + AXIS_H + theme::PAD - 1e-6).ceil() as u32);

    // Ticks at midnights, as many days apart as their dd/mm labels need.
    let tick_w = small.width("00/00") + 3.0 * theme::GAP;
    let px_per_day = (right - left) * 24.0 / total;
    let days = [1, 2, 3, 7, 14, 28, 56, 112, 224, 448]
        .into_iter()
        .find(|d| f64::from(*d) * px_per_day >= tick_w)
        .unwrap_or(896);
    let mut ticks = Vec::new();
    let mut day = (t0 + Duration::days(1)).date().and_time(NaiveTime::MIN);
    while day <= t1 {
        ticks.push((hours(t0, day), format::day_month(day.date())));
        day += Duration::days(i64::from(days));
    }

    let labels = t
        .steps
        .iter()
        .map(|s| label_m.fit(&s.label, label_w))
        .collect();
    Ok(Plan {
        t,
        width,
        height,
        header,
        labels,
        flags,
        lanes,
        t0,
        hours: total,
        plot: (left, top, right, bottom),
        ticks,
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
        let t = self.t;
        let tx = &t.text;
        let top = self.plot.1;
        let n = t.steps.len() as f64;
        let chart = canvas::cartesian(root, self.plot, 0.0..self.hours, n..0.0)?;
        let x_of = |at: NaiveDateTime| hours(self.t0, at);
        let at = |x: f64, y: f64| canvas::pixel(&chart, x, y);
        let (c, s) = (theme::MUTED_TEXT, theme::SMALL_PX);

        self.header.draw(root, pen)?;

        for p in &t.pauses {
            let (x0, y0) = at(x_of(p.start), 0.0);
            let (x1, y1) = at(x_of(p.end.unwrap_or(t.as_of)), n);
            pen.rect(root, (x0, y0, (x1 - x0).max(2.0), y1 - y0), theme::PAUSE)?;
        }
        for (v, label) in &self.ticks {
            let (x, y0) = at(*v, 0.0);
            let (_, y1) = at(*v, n);
            pen.line(root, (x, y0), (x, y1), theme::GRID.stroke_width(1), false)?;
            pen.text(
                root,
                label,
                (x, y1 + AXIS_H / 2.0),
                s,
                false,
                c,
                Anchor::Center,
            )?;
        }
        let (x0, y_axis) = at(0.0, n);
        let (x1, _) = at(self.hours, n);
        pen.line(
            root,
            (x0, y_axis),
            (x1, y_axis),
            theme::AXIS.stroke_width(1),
            false,
        )?;

        let mut regions = Vec::new();
        let lanes_top = top - theme::GAP - self.lanes as f64 * LANE_H;
        for f in &self.flags {
            let y = lanes_top + (f.lane as f64 + 0.5) * LANE_H;
            pen.text(root, &f.text, (f.x, y), s, false, theme::TEXT, Anchor::Left)?;
            let (a, b) = (
                (f.x.floor() as i32, (y - LANE_H / 2.0) as i32),
                ((f.x + f.w).ceil() as i32, (y + LANE_H / 2.0) as i32),
            );
            regions.push(canvas::region(&f.id, a, b, &f.full, f.tooltip.clone()));
        }
        let markers = t.due.iter().map(|d| (*d, theme::TEXT));
        let markers = markers.chain(t.extensions.iter().map(|e| (e.at, theme::REDDISH_PURPLE)));
        for (when, color) in markers {
            let (x, y0) = at(x_of(when), 0.0);
            let (_, y1) = at(x_of(when), n);
            pen.line(root, (x, y0), (x, y1), color.stroke_width(2), true)?;
        }

        for (i, step) in t.steps.iter().enumerate() {
            let row = i as f64;
            let (_, middle) = at(0.0, row + 0.5);
            pen.label(root, &self.labels[i], (theme::PAD, middle))?;
            let end = step.end.unwrap_or(t.as_of).max(step.start);
            let (bx0, by0) = at(x_of(step.start), row + 0.25);
            let (bx1, by1) = at(x_of(end), row + 0.75);
            // A step of an hour in a month would be invisible, and unclickable: at least 4 px.
            let bx1 = bx1.max(bx0 + MIN_BAR);
            // The part before the deadline in blue (sky blue while still open), the rest late.
            let late_x = match (step.late, step.deadline) {
                (true, Some(d)) => at(x_of(d), 0.0).0.clamp(bx0, bx1),
                (true, None) => bx0,
                (false, _) => bx1,
            };
            let color = if step.end.is_some() {
                theme::BLUE
            } else {
                theme::SKY_BLUE
            };
            if late_x > bx0 {
                pen.rect(root, (bx0, by0, late_x - bx0, by1 - by0), color)?;
            }
            if late_x < bx1 {
                canvas::late_part(root, pen, (late_x, by0, bx1 - late_x, by1 - by0))?;
            }
            if step.end.is_none() {
                // An open step ends in an arrow: it goes on.
                let tip =
                    |dx: f64, dy: f64| ((bx1 + dx).round() as i32, (middle + dy).round() as i32);
                let h = (by1 - by0) / 2.0;
                root.draw(&Polygon::new(
                    vec![tip(0.0, -h), tip(h, 0.0), tip(0.0, h)],
                    color.filled(),
                ))
                .map_err(canvas::drawing_error)?;
            }
            if let Some(d) = step.deadline {
                let (x, y0) = at(x_of(d), row + 0.1);
                let (_, y1) = at(x_of(d), row + 0.9);
                pen.line(root, (x, y0), (x, y1), theme::TEXT.stroke_width(2), false)?;
            }
            if step.late {
                let open = if step.end.is_none() {
                    (by1 - by0) / 2.0
                } else {
                    0.0
                };
                let x = bx1 + open + theme::GAP + theme::MARK / 2.0;
                pen.mark(root, Status::Bad, (x, middle))?;
                let tx_x = x + theme::MARK / 2.0 + theme::GAP;
                pen.text(
                    root,
                    &tx.late,
                    (tx_x, middle),
                    theme::SMALL_PX,
                    true,
                    theme::VERMILLION,
                    Anchor::Left,
                )?;
            }
            let mut tooltip = vec![
                (tx.start.clone(), format::date_time(step.start)),
                (
                    tx.end.clone(),
                    step.end.map_or(tx.in_progress.clone(), format::date_time),
                ),
                (
                    tx.deadline.clone(),
                    step.deadline.map_or(format::NONE.into(), format::date_time),
                ),
                (
                    tx.status.clone(),
                    if step.late {
                        tx.late.clone()
                    } else {
                        tx.on_time.clone()
                    },
                ),
            ];
            tooltip.extend(step.details.iter().cloned());
            regions.push(canvas::region(
                &step.id,
                (bx0 as i32, by0 as i32),
                (bx1 as i32, by1 as i32),
                &step.label,
                tooltip,
            ));
        }
        Ok(regions)
    }
}
