//! The bundled Noto Sans: registered with plotters once, and measured here the way a browser
//! lays it out (advance widths scaled by the em size), so that labels fit what the webview paints.
//!
//! plotters' own estimate scales glyphs by ascent − descent instead of the em, which for Noto
//! Sans is about 10 % narrower than the painted SVG text: hence this module.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef};
use unicode_segmentation::UnicodeSegmentation;

use super::ChartError;

/// The family name written into the SVG; the UI declares the same name in its @font-face.
pub const FAMILY: &str = "Noto Sans";
pub const ELLIPSIS: &str = "…";

static REGULAR: &[u8] = include_bytes!("../../ui/public/fonts/NotoSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../ui/public/fonts/NotoSans-Bold.ttf");

struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

fn faces() -> Result<&'static Faces, ChartError> {
    static FACES: OnceLock<Result<Faces, String>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let parse =
                |bytes, name| FontRef::try_from_slice(bytes).map_err(|e| format!("{name}: {e}"));
            Ok(Faces {
                regular: parse(REGULAR, "NotoSans-Regular.ttf")?,
                bold: parse(BOLD, "NotoSans-Bold.ttf")?,
            })
        })
        .as_ref()
        .map_err(|e| ChartError::Font(e.clone()))
}

/// Registers both faces with plotters, once per process, before anything is drawn.
pub fn ensure_registered() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            use plotters::style::{register_font, FontStyle};
            register_font(FAMILY, FontStyle::Normal, REGULAR)
                .and_then(|_| register_font(FAMILY, FontStyle::Bold, BOLD))
                .map_err(|_| "the bundled Noto Sans could not be registered with plotters".into())
        })
        .clone()
        .map_err(ChartError::Font)
}

/// Ascent − descent over the em: what plotters' ab_glyph rasteriser divides a size by.
pub fn height_per_em() -> Result<f64, ChartError> {
    let f = &faces()?.regular;
    Ok(f64::from(f.height_unscaled()) / f64::from(f.units_per_em().unwrap_or(1000.0)))
}

/// Measures text at a CSS pixel size, the way the webview lays it out.
#[derive(Clone, Copy)]
pub struct Measure {
    font: &'static FontRef<'static>,
    px_per_unit: f64,
}

impl Measure {
    pub fn new(px: f64, bold: bool) -> Result<Self, ChartError> {
        let faces = faces()?;
        let font = if bold { &faces.bold } else { &faces.regular };
        let units = f64::from(font.units_per_em().unwrap_or(1000.0));
        Ok(Self {
            font,
            px_per_unit: px / units,
        })
    }

    fn advance(&self, s: &str) -> f64 {
        s.chars()
            .map(|c| f64::from(self.font.h_advance_unscaled(self.font.glyph_id(c))))
            .sum::<f64>()
            * self.px_per_unit
    }

    /// The width of `text` in pixels.
    pub fn width(&self, text: &str) -> f64 {
        self.advance(text)
    }

    /// `text` itself if it fits in `max` pixels, otherwise its longest prefix of whole
    /// graphemes (a letter with its diacritics is never split) followed by "…".
    pub fn fit(&self, text: &str, max: f64) -> String {
        if self.width(text) <= max {
            return text.to_string();
        }
        let room = max - self.width(ELLIPSIS);
        let mut used = 0.0;
        let mut end = 0;
        for (at, g) in text.grapheme_indices(true) {
            let w = self.advance(g);
            if used + w > room {
                break;
            }
            used += w;
            end = at + g.len();
        }
        format!("{}{ELLIPSIS}", text[..end].trim_end())
    }

    /// `text` itself if it fits, otherwise "…" followed by its longest suffix of whole
    /// graphemes that fits: for names that differ only at their end ("Trung tâm … xã Diễn
    /// Châu", "… xã Nam Đàn").
    pub fn fit_end(&self, text: &str, max: f64) -> String {
        if self.width(text) <= max {
            return text.to_string();
        }
        let room = max - self.width(ELLIPSIS);
        let mut used = 0.0;
        let mut start = text.len();
        for (at, g) in text.grapheme_indices(true).rev() {
            let w = self.advance(g);
            if used + w > room {
                break;
            }
            used += w;
            start = at;
        }
        format!("{ELLIPSIS}{}", text[start..].trim_start())
    }

    /// Whether the font has a glyph for every character of `text`.
    #[cfg(test)]
    pub fn covers(&self, text: &str) -> bool {
        text.chars()
            .all(|c| c.is_whitespace() || self.font.glyph_id(c).0 != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_counts_glyphs_not_bytes() {
        let m = Measure::new(16.0, false).unwrap();
        // "ộ" is three bytes in UTF-8 (precomposed) but one glyph about as wide as "o".
        let plain = m.width("o");
        let marked = m.width("ộ");
        assert!((marked - plain).abs() < 0.5, "{plain} vs {marked}");
        // Twice the size, twice the width.
        let m2 = Measure::new(32.0, false).unwrap();
        assert!((m2.width("Nghệ An") - 2.0 * m.width("Nghệ An")).abs() < 1e-9);
    }

    #[test]
    fn fit_keeps_whole_graphemes_and_adds_an_ellipsis() {
        let m = Measure::new(13.0, false).unwrap();
        let name = "Sở Văn hóa, Thể thao và Du lịch";
        assert_eq!(m.fit(name, 1000.0), name);
        let short = m.fit(name, 80.0);
        assert!(short.ends_with(ELLIPSIS), "{short}");
        assert!(m.width(&short) <= 80.0, "{short}");
        assert!(name.starts_with(short.trim_end_matches(ELLIPSIS)));
        // Decomposed diacritics (o + combining circumflex + combining dot below) stay whole.
        let decomposed = "Nghe\u{0323}\u{0302} An";
        for max in 1..60 {
            let s = m.fit(decomposed, f64::from(max));
            let kept = s.trim_end_matches(ELLIPSIS);
            assert!(!kept.ends_with('e'), "split a grapheme: {kept:?}");
        }
    }

    #[test]
    fn fit_end_keeps_the_end_of_a_name() {
        let m = Measure::new(13.0, false).unwrap();
        let name = "Trung tâm Phục vụ hành chính công xã Diễn Châu";
        assert_eq!(m.fit_end(name, 1000.0), name);
        let short = m.fit_end(name, 120.0);
        assert!(short.starts_with(ELLIPSIS), "{short}");
        assert!(short.ends_with("xã Diễn Châu"), "{short}");
        assert!(m.width(&short) <= 120.0, "{short}");
    }

    #[test]
    fn the_font_covers_vietnamese_and_our_marks() {
        let m = Measure::new(13.0, false).unwrap();
        assert!(m.covers("Nông nghiệp và Môi trường, Sở Văn hóa, Thể thao và Du lịch"));
        assert!(m.covers("—…–<%"));
        // Not in Noto Sans: the charts must not write it (a fallback font would be measured wrong).
        assert!(!m.covers("≥"));
    }
}
