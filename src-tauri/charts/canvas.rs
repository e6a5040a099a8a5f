//! What every chart shares: the SVG and PNG surfaces, text in the bundled font, status marks,
//! legends and the conversion of plotters' pixel rectangles into hit regions.

use std::cell::RefCell;
use std::ops::Range;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

use super::font::{self, Measure};
use super::theme::{self, Status};
use super::{Chart, ChartError, ChartLabel, HitRegion};

/// A chart laid out for a size, ready to draw on any plotters backend.
pub trait Drawing {
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        pen: &Pen,
    ) -> Result<Vec<HitRegion>, ChartError>;
}

/// The smallest drawing worth making: below it labels cannot be read.
pub const MIN_WIDTH: u32 = 240;
pub const MIN_HEIGHT: u32 = 120;

pub fn check_size(width: u32, height: u32) -> Result<(), ChartError> {
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Err(ChartError::TooSmall { width, height });
    }
    Ok(())
}

/// Where a chart's text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    InSvg,
    /// In the chart's `labels`, not in the SVG.
    Apart,
}

pub fn svg(drawing: &impl Drawing, text: Text) -> Result<Chart, ChartError> {
    font::ensure_registered()?;
    let (width, height) = drawing.size();
    let mut svg = String::new();
    // The SVG backend writes font-size = size / 1.24: undo it so CSS pixels stay exact.
    let pen = Pen {
        font_scale: 1.24,
        apart: (text == Text::Apart).then(RefCell::default),
    };
    let regions = {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let regions = drawing.draw(&root, &pen)?;
        root.present().map_err(drawing_error)?;
        regions
    };
    Ok(Chart {
        svg,
        width,
        height,
        regions,
        labels: pen.apart.map(RefCell::into_inner).unwrap_or_default(),
    })
}

pub fn png(drawing: &impl Drawing) -> Result<Vec<u8>, ChartError> {
    font::ensure_registered()?;
    let (width, height) = drawing.size();
    let mut rgb = vec![0u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
        // The rasteriser scales glyphs by ascent − descent, not by the em: same em as the SVG.
        drawing.draw(
            &root,
            &Pen {
                font_scale: font::height_per_em()?,
                apart: None,
            },
        )?;
        root.present().map_err(drawing_error)?;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .write_header()
        .and_then(|mut w| w.write_image_data(&rgb))
        .map_err(|e| ChartError::Png(e.to_string()))?;
    Ok(out)
}

pub fn drawing_error(e: impl std::fmt::Display) -> ChartError {
    ChartError::Drawing(e.to_string())
}

/// Draws text and marks in CSS pixels whatever the backend.
pub struct Pen {
    /// plotters' font size per CSS pixel of em, which depends on the backend.
    font_scale: f64,
    /// Text kept apart from the drawing, when it is (`Text::Apart`).
    apart: Option<RefCell<Vec<ChartLabel>>>,
}

/// Where a piece of text hangs from its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    Left,
    Center,
    Right,
}

impl Pen {
    /// A row's label: regular text at the label size, from its left end.
    pub fn label<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        text: &str,
        at: (f64, f64),
    ) -> Result<(), ChartError> {
        let (size, ink) = (theme::LABEL_PX, theme::TEXT);
        self.text(area, text, at, size, false, ink, Anchor::Left)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn text<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        text: &str,
        (x, y): (f64, f64),
        px: f64,
        bold: bool,
        color: RGBColor,
        anchor: Anchor,
    ) -> Result<(), ChartError> {
        let at = (x.round() as i32, y.round() as i32);
        if let Some(apart) = &self.apart {
            let (left, top) = area.get_base_pixel();
            let RGBColor(r, g, b) = color;
            apart.borrow_mut().push(ChartLabel {
                text: text.to_owned(),
                x: f64::from(left + at.0),
                y: f64::from(top + at.1),
                px,
                bold,
                color: format!("#{r:02x}{g:02x}{b:02x}"),
                anchor,
            });
            return Ok(());
        }
        let weight = if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        let h = match anchor {
            Anchor::Left => HPos::Left,
            Anchor::Center => HPos::Center,
            Anchor::Right => HPos::Right,
        };
        let style = TextStyle::from((font::FAMILY, px * self.font_scale, weight).into_font())
            .color(&color)
            .pos(Pos::new(h, VPos::Center));
        area.draw_text(text, &style, at).map_err(drawing_error)
    }

    /// The shape of a status, centred on a point: a disc (good), a triangle (warning), a
    /// cross (bad). Shape and colour together, so colour is never the only cue.
    pub fn mark<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        status: Status,
        (x, y): (f64, f64),
    ) -> Result<(), ChartError> {
        let c = status.color();
        let r = theme::MARK / 2.0;
        let p = |dx: f64, dy: f64| ((x + dx).round() as i32, (y + dy).round() as i32);
        match status {
            Status::Good => area.draw(&Circle::new(p(0.0, 0.0), r as i32, c.filled())),
            Status::Warning => area.draw(&Polygon::new(
                vec![p(0.0, -r), p(r, r), p(-r, r)],
                c.filled(),
            )),
            Status::Bad => {
                let style = c.stroke_width(3);
                area.draw(&PathElement::new(vec![p(-r, -r), p(r, r)], style))
                    .and_then(|_| area.draw(&PathElement::new(vec![p(-r, r), p(r, -r)], style)))
            }
        }
        .map_err(drawing_error)
    }

    /// A filled rectangle in pixels.
    pub fn rect<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        (x, y, w, h): (f64, f64, f64, f64),
        color: RGBColor,
    ) -> Result<(), ChartError> {
        let a = (x.round() as i32, y.round() as i32);
        let b = ((x + w).round() as i32, (y + h).round() as i32);
        area.draw(&Rectangle::new([a, b], color.filled()))
            .map_err(drawing_error)
    }

    /// A straight line in pixels, solid or dashed.
    pub fn line<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        from: (f64, f64),
        to: (f64, f64),
        style: ShapeStyle,
        dashed: bool,
    ) -> Result<(), ChartError> {
        let p = |(x, y): (f64, f64)| (x.round() as i32, y.round() as i32);
        if dashed {
            area.draw(&plotters::element::DashedPathElement::new(
                vec![p(from), p(to)],
                5,
                4,
                style,
            ))
        } else {
            area.draw(&PathElement::new(vec![p(from), p(to)], style))
        }
        .map_err(drawing_error)
    }
}

/// A pixel rectangle from two backend corners (in any order), as a hit region.
pub fn region(
    id: &str,
    a: (i32, i32),
    b: (i32, i32),
    label: &str,
    tooltip: Vec<(String, String)>,
) -> HitRegion {
    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
    HitRegion {
        id: id.to_string(),
        x: f64::from(x0),
        y: f64::from(y0),
        w: f64::from(x1 - x0),
        h: f64::from(y1 - y0),
        label: label.to_string(),
        tooltip,
    }
}

/// The title (when not empty) and the legend, above every chart.
pub struct Header {
    title: String,
    legend: Legend,
}

const TITLE_H: f64 = theme::TITLE_PX * 1.8;

impl Header {
    pub fn new(title: &str, legend: Vec<(Key, String)>, width: f64) -> Result<Self, ChartError> {
        Ok(Self {
            title: Measure::new(theme::TITLE_PX, true)?.fit(title, width),
            legend: Legend::new(legend, width)?,
        })
    }

    /// Its height from the top padding: the plot starts this far below `theme::PAD`.
    pub fn height(&self) -> f64 {
        let title = if self.title.is_empty() { 0.0 } else { TITLE_H };
        title + self.legend.height()
    }

    pub fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        pen: &Pen,
    ) -> Result<(), ChartError> {
        let mut top = theme::PAD;
        if !self.title.is_empty() {
            let (size, ink) = (theme::TITLE_PX, theme::TEXT);
            let at = (theme::PAD, top + TITLE_H / 2.0);
            pen.text(root, &self.title, at, size, true, ink, Anchor::Left)?;
            top += TITLE_H;
        }
        self.legend.draw(root, pen, (theme::PAD, top))
    }
}

/// Data coordinates over the pixel rectangle `(left, top, right, bottom)` of `root`.
pub fn cartesian<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    (left, top, right, bottom): (f64, f64, f64, f64),
    x: Range<f64>,
    y: Range<f64>,
) -> Result<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>, ChartError> {
    let (width, height) = root.dim_in_pixel();
    let px = |v: f64| v.round() as i32;
    ChartBuilder::on(root)
        .margin_left(px(left))
        .margin_right(px(f64::from(width) - right))
        .margin_top(px(top))
        .margin_bottom(px(f64::from(height) - bottom))
        .build_cartesian_2d(x, y)
        .map_err(drawing_error)
}

/// The pixel of a data point, as `f64` for layout arithmetic.
pub fn pixel<DB: DrawingBackend>(
    chart: &ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    x: f64,
    y: f64,
) -> (f64, f64) {
    let (a, b) = chart.backend_coord(&(x, y));
    (f64::from(a), f64::from(b))
}

/// What a legend entry shows before its text.
#[derive(Clone, Copy)]
pub enum Key {
    Status(Status),
    Swatch(RGBColor),
    /// A vertical line, solid or dashed.
    Rule(RGBColor, bool),
    /// A line with a dot, for a rate drawn as a line.
    Dot(RGBColor),
    /// The stripes of a late part.
    Late,
}

/// Legend entries laid out in lines that wrap within a width.
pub struct Legend {
    entries: Vec<(Key, String, f64, usize)>,
    pub lines: usize,
}

const KEY_W: f64 = 14.0;
pub const LINE_H: f64 = theme::LABEL_PX * 1.7;

impl Legend {
    pub fn new(items: Vec<(Key, String)>, width: f64) -> Result<Self, ChartError> {
        let m = Measure::new(theme::SMALL_PX, false)?;
        let (mut x, mut line) = (0.0, 0);
        let mut entries = Vec::with_capacity(items.len());
        for (key, text) in items {
            let text = m.fit(&text, width - KEY_W - theme::GAP);
            let w = KEY_W + theme::GAP + m.width(&text);
            if x > 0.0 && x + w > width {
                x = 0.0;
                line += 1;
            }
            entries.push((key, text, x, line));
            x += w + 3.0 * theme::GAP;
        }
        let lines = if entries.is_empty() { 0 } else { line + 1 };
        Ok(Self { entries, lines })
    }

    pub fn height(&self) -> f64 {
        self.lines as f64 * LINE_H
    }

    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        pen: &Pen,
        (left, top): (f64, f64),
    ) -> Result<(), ChartError> {
        for (key, text, dx, line) in &self.entries {
            let x = left + dx;
            let y = top + (*line as f64 + 0.5) * LINE_H;
            let cx = x + KEY_W / 2.0;
            let half = theme::MARK / 2.0;
            match *key {
                Key::Status(s) => pen.mark(area, s, (cx, y))?,
                Key::Swatch(c) => {
                    pen.rect(area, (x + 1.0, y - half, KEY_W - 2.0, 2.0 * half), c)?
                }
                Key::Rule(c, dashed) => pen.line(
                    area,
                    (cx, y - half - 2.0),
                    (cx, y + half + 2.0),
                    c.stroke_width(2),
                    dashed,
                )?,
                Key::Dot(c) => {
                    pen.line(area, (x, y), (x + KEY_W, y), c.stroke_width(2), false)?;
                    area.draw(&Circle::new(
                        (cx.round() as i32, y.round() as i32),
                        3,
                        c.filled(),
                    ))
                    .map_err(drawing_error)?;
                }
                Key::Late => late_part(area, pen, (x + 1.0, y - half, KEY_W - 2.0, 2.0 * half))?,
            }
            pen.text(
                area,
                text,
                (x + KEY_W + theme::GAP, y),
                theme::SMALL_PX,
                false,
                theme::MUTED_TEXT,
                Anchor::Left,
            )?;
        }
        Ok(())
    }
}

/// The part of a step past its deadline: vermillion with white diagonal stripes, so that it
/// reads as late without colour.
pub fn late_part<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pen: &Pen,
    (x, y, w, h): (f64, f64, f64, f64),
) -> Result<(), ChartError> {
    pen.rect(area, (x, y, w, h), theme::VERMILLION)?;
    let stripe = theme::BACKGROUND.stroke_width(2);
    let mut s = x - h;
    while s < x + w {
        // The 45° segment from (s, y + h) to (s + h, y), clipped to [x, x + w].
        let (mut x0, mut y0, mut x1, mut y1) = (s, y + h, s + h, y);
        if x0 < x {
            y0 -= x - x0;
            x0 = x;
        }
        if x1 > x + w {
            y1 += x1 - (x + w);
            x1 = x + w;
        }
        if x1 > x0 + 1.0 {
            pen.line(area, (x0, y0), (x1, y1), stripe, false)?;
        }
        s += 7.0;
    }
    Ok(())
}

/// Round steps for a count axis: the smallest of 1, 2, 2.5, 5 × 10^k (2.5 only from 25 up, so
/// ticks stay whole) that covers `max` in `intervals` steps.
pub fn count_step(max: u64, intervals: u64) -> u64 {
    let mut scale = 1u64;
    loop {
        for m in [10, 20, 25, 50] {
            if m == 25 && scale == 1 {
                continue;
            }
            let step = m * scale / 10;
            if step * intervals >= max.max(1) {
                return step;
            }
        }
        scale = scale.saturating_mul(10);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_steps_are_round_and_cover_the_maximum() {
        assert_eq!(count_step(0, 4), 1);
        assert_eq!(count_step(4, 4), 1);
        assert_eq!(count_step(5, 4), 2);
        assert_eq!(count_step(9, 4), 5);
        assert_eq!(count_step(90, 4), 25);
        assert_eq!(count_step(101, 4), 50);
        assert_eq!(count_step(1_234_567, 4), 500_000);
    }
}
