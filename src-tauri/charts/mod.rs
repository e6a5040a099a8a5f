//! Plotters drawings to SVG (and PNG for exports), each with the hit regions the UI needs for
//! drill-down.
//!
//! Plain Rust that knows neither Tauri nor the metrics engine: the dashboard maps its figures
//! into the small input types of this module, with every caption in the user's language. Text
//! is laid out with the bundled Noto Sans, the same file the webview paints the SVG with: the
//! UI must declare `@font-face { font-family: "Noto Sans"; … }` for `fonts/NotoSans-Regular.ttf`
//! (weight 400) and `fonts/NotoSans-Bold.ttf` (weight 700), or labels will not fit as measured.
//!
//! `svg` is the whole chart; `svg_text_apart` the same with its text apart, for the pages,
//! where the UI lays the text out over the drawing; `png` draws the same layout with plotters'
//! rasteriser for exports (its glyph spacing is a little uneven, the figures and layout are the
//! same).

mod bars;
mod canvas;
mod font;
pub mod format;
pub mod theme;
mod timeline;
mod trend;

use serde::{Deserialize, Serialize};

pub use bars::{CountBar, CountBars, CountText, Order, RateBar, RateBars, RateText};
pub use canvas::Anchor;
pub use theme::{Status, Thresholds};
pub use timeline::{Timeline, TimelineMarker, TimelineSpan, TimelineStep, TimelineText};
pub use trend::{Trend, TrendPeriod, TrendText};

/// A drawn chart: the SVG, its size in CSS pixels and the clickable parts.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub svg: String,
    pub width: u32,
    pub height: u32,
    pub regions: Vec<HitRegion>,
    /// The chart's text when drawn apart from the SVG ([`svg_text_apart`]); empty when the
    /// SVG holds it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<ChartLabel>,
}

/// One piece of a chart's text, for the UI to lay out over the SVG drawn without it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartLabel {
    pub text: String,
    /// The point the text hangs from, in the chart's pixels: its left end, middle or right
    /// end (`anchor`), the middle of its lower-case letters at `y` (as the SVG's text).
    pub x: f64,
    pub y: f64,
    /// Font size, CSS pixels.
    pub px: f64,
    pub bold: bool,
    /// CSS colour, `#rrggbb`.
    pub color: String,
    pub anchor: Anchor,
}

/// A clickable rectangle of a chart, in the SVG's pixels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HitRegion {
    /// What a click drills into, e.g. "agency:000.00.13.H40".
    pub id: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// The accessible name (the full, unshortened label).
    pub label: String,
    /// The exact figures, caption → value.
    pub tooltip: Vec<(String, String)>,
}

/// Which chart to draw, with its data and captions.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Spec {
    /// A rate per agency (on-time, satisfaction), sorted, with a target and statuses.
    RateBars(RateBars),
    /// A count per agency (pending overdue), sorted.
    CountBars(CountBars),
    /// Received and resolved per period, with the on-time rate on a second axis.
    Trend(Trend),
    /// One dossier's steps against their deadlines, with pauses and extensions.
    Timeline(Timeline),
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error(
        "a chart of {width}×{height} px is too small to read: give at least \
         {min_w}×{min_h} px",
        min_w = canvas::MIN_WIDTH,
        min_h = canvas::MIN_HEIGHT
    )]
    TooSmall { width: u32, height: u32 },
    #[error("cannot draw this chart: {0}")]
    BadInput(String),
    #[error("the bundled font cannot be used ({0}): reinstall the application")]
    Font(String),
    #[error("drawing the chart failed: {0}")]
    Drawing(String),
    #[error("encoding the chart as PNG failed: {0}")]
    Png(String),
}

/// Draws a chart as SVG at `width`×`height` CSS pixels. A bar chart is as tall as its rows
/// need: shorter than asked for a few rows (no empty band under them), taller for a long list
/// rather than rows too thin to read. The returned height says so.
pub fn svg(spec: &Spec, width: u32, height: u32) -> Result<Chart, ChartError> {
    draw_svg(spec, width, height, canvas::Text::InSvg)
}

/// The same chart with its text apart, in `labels`, and the SVG without it: WebKit takes
/// about 0.15 ms to lay out each `<text>` of an SVG image (an overview's charts hold ~350 of
/// them) and a few microseconds for the same text in HTML.
pub fn svg_text_apart(spec: &Spec, width: u32, height: u32) -> Result<Chart, ChartError> {
    draw_svg(spec, width, height, canvas::Text::Apart)
}

fn draw_svg(spec: &Spec, width: u32, height: u32, text: canvas::Text) -> Result<Chart, ChartError> {
    canvas::check_size(width, height)?;
    match spec {
        Spec::RateBars(s) => canvas::svg(&bars::plan_rates(s, width, height)?, text),
        Spec::CountBars(s) => canvas::svg(&bars::plan_counts(s, width, height)?, text),
        Spec::Trend(s) => canvas::svg(&trend::plan(s, width, height)?, text),
        Spec::Timeline(s) => canvas::svg(&timeline::plan(s, width, height)?, text),
    }
}

/// The same chart as a PNG image, for exports.
pub fn png(spec: &Spec, width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
    canvas::check_size(width, height)?;
    match spec {
        Spec::RateBars(s) => canvas::png(&bars::plan_rates(s, width, height)?),
        Spec::CountBars(s) => canvas::png(&bars::plan_counts(s, width, height)?),
        Spec::Trend(s) => canvas::png(&trend::plan(s, width, height)?),
        Spec::Timeline(s) => canvas::png(&timeline::plan(s, width, height)?),
    }
}
