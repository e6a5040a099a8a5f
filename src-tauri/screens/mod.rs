//! What each screen of the leaders' dashboard shows, from the province down to one dossier:
//! plain Rust over `metrics` and `charts`, so that the app layer only exposes these functions
//! as commands and the UI only renders what they return. No figure is defined here: every
//! number comes from `crate::metrics`.

mod detail;
mod draw;
pub mod explorer;
mod index766;
mod list;
mod overview;
mod pages;
pub mod presets;
pub mod ranking;
pub mod text;
mod tiles;
pub mod wall;

use serde::{Deserialize, Serialize};

pub use detail::{
    dossier_detail, reveal_applicant, DossierDetail, ExtensionView, PauseView, StepView,
};
pub use draw::PageChart;
pub use index766::{
    index766_costs, index766_page, CostQuery, Index766Page, Index766Span, RankedAgency, Stake,
};
pub use list::{dossier_list, ListFilter};
pub use overview::{overview, Overview};
pub use pages::{agency_page, procedure_page, AgencyPage, ProcedurePage};
pub use presets::{bieu06_containing, previous, Preset};
pub use text::Lang;
pub use tiles::{Change, Tile};

pub use crate::metrics::lists::{ListPage, ListRow, RowState, Scope, SortKey};

/// The thresholds of the dashboard, in one place (the settings file's `thresholds`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// The province's on-time target (the line on the charts); at or above it is good.
    pub target: f64,
    /// At or above this (and below the target) is a warning; below it is bad.
    pub warning: f64,
    /// Below this many resolved dossiers or ratings, a rate is flagged as a small sample.
    pub small_sample: u64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            target: 0.95,
            warning: 0.80,
            small_sample: 20,
        }
    }
}

impl Thresholds {
    pub fn for_charts(&self) -> crate::charts::Thresholds {
        crate::charts::Thresholds {
            good: self.target,
            warning: self.warning,
        }
    }
}

/// What every screen needs besides the period: thresholds, language, and the size the UI
/// draws its charts at (CSS pixels).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ScreenSettings {
    pub thresholds: Thresholds,
    pub lang: Lang,
    pub chart_width: u32,
    pub chart_height: u32,
}

impl Default for ScreenSettings {
    fn default() -> Self {
        ScreenSettings {
            thresholds: Thresholds::default(),
            lang: Lang::Vi,
            chart_width: 960,
            chart_height: 420,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ScreensError {
    #[error(transparent)]
    Metrics(#[from] crate::metrics::MetricsError),
    #[error(transparent)]
    List(#[from] crate::metrics::lists::ListError),
    #[error(transparent)]
    Chart(#[from] crate::charts::ChartError),
    #[error(transparent)]
    Cache(#[from] crate::cache::CacheError),
    #[error("the period from {from} to {to} is reversed: pick a start on or before its end")]
    BadPeriod {
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    },
    #[error("no dossier {0} in the cache: check the code, or sync again")]
    NoDossier(String),
    #[error("say why you need to see the applicant of {0}: a reveal without a reason is refused")]
    NoReason(String),
    #[error("no agency {0} in the cache: pick one from the overview")]
    NoAgency(String),
    #[error("no wall slide {0}: ask for one the rotation lists")]
    NoSlide(String),
    #[error("no chart {0} on this page for this period: pick one the page shows")]
    NoChart(String),
    #[error("no procedure {0} in the cache: pick one from an agency's page")]
    NoProcedure(String),
}
