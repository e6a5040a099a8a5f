//! Colours, sizes and the good / warning / bad status: the one place the charts' look is set.
//!
//! The palette is Okabe–Ito (safe for the common colour-vision deficiencies), and every status
//! also has its own shape, so colour is never the only cue.

use plotters::style::RGBColor;
use serde::{Deserialize, Serialize};

use super::ChartError;

pub const BACKGROUND: RGBColor = RGBColor(255, 255, 255);
pub const TEXT: RGBColor = RGBColor(0x1c, 0x24, 0x30);
pub const MUTED_TEXT: RGBColor = RGBColor(0x5a, 0x64, 0x73);
/// Every other row of a long list.
pub const BAND: RGBColor = RGBColor(246, 246, 246);
pub const GRID: RGBColor = RGBColor(226, 226, 226);
pub const AXIS: RGBColor = RGBColor(150, 150, 150);
/// The target rule and the rate line: dark ink, apart from the text's blue-grey.
pub const TARGET: RGBColor = RGBColor(34, 34, 34);

/// Okabe–Ito.
pub const BLUE: RGBColor = RGBColor(0, 114, 178);
pub const BLUISH_GREEN: RGBColor = RGBColor(0, 158, 115);
pub const SKY_BLUE: RGBColor = RGBColor(86, 180, 233);
pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
pub const REDDISH_PURPLE: RGBColor = RGBColor(204, 121, 167);
pub const PAUSE: RGBColor = RGBColor(232, 232, 232);

/// The colours the UI shares with the charts, by their names in `ui/src/theme.ts`: a tile and
/// the bar beside it must not disagree (`tests/palette.rs` fails when the two files do).
pub const SHARED: [(&str, RGBColor); 8] = [
    ("text", TEXT),
    ("muted", MUTED_TEXT),
    ("accent", BLUE),
    ("good", BLUISH_GREEN),
    ("warning", ORANGE),
    ("bad", VERMILLION),
    ("demo", REDDISH_PURPLE),
    ("bar", SKY_BLUE),
];

/// Font sizes in CSS pixels.
pub const TITLE_PX: f64 = 15.0;
pub const LABEL_PX: f64 = 12.5;
pub const SMALL_PX: f64 = 11.5;
/// Space around the drawing and between its parts.
pub const PAD: f64 = 12.0;
pub const GAP: f64 = 6.0;
/// The side of a status mark.
pub const MARK: f64 = 10.0;

/// How a rate stands against the thresholds of the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Good,
    Warning,
    Bad,
}

impl Status {
    pub fn color(self) -> RGBColor {
        match self {
            Status::Good => BLUISH_GREEN,
            Status::Warning => ORANGE,
            Status::Bad => VERMILLION,
        }
    }
}

/// A rate at or above `good` is good; at or above `warning` (and below `good`) is a warning;
/// below `warning` is bad. Rates in [0, 1]; the app reads them from its settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    pub good: f64,
    pub warning: f64,
}

impl Thresholds {
    pub fn check(&self) -> Result<(), ChartError> {
        let ok = (0.0..=1.0).contains(&self.warning)
            && (0.0..=1.0).contains(&self.good)
            && self.warning <= self.good;
        if ok {
            Ok(())
        } else {
            Err(ChartError::BadInput(format!(
                "thresholds must satisfy 0 ≤ warning ≤ good ≤ 1 (got good {}, warning {}): \
                 correct them in the settings",
                self.good, self.warning
            )))
        }
    }

    pub fn status(&self, rate: f64) -> Status {
        if rate >= self.good {
            Status::Good
        } else if rate >= self.warning {
            Status::Warning
        } else {
            Status::Bad
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_sort_rates_into_statuses() {
        let t = Thresholds {
            good: 0.95,
            warning: 0.8,
        };
        t.check().unwrap();
        assert_eq!(t.status(0.95), Status::Good);
        assert_eq!(t.status(1.0), Status::Good);
        assert_eq!(t.status(0.9499), Status::Warning);
        assert_eq!(t.status(0.8), Status::Warning);
        assert_eq!(t.status(0.7999), Status::Bad);
        let wrong = Thresholds {
            good: 0.8,
            warning: 0.95,
        };
        assert!(wrong.check().is_err());
    }
}
