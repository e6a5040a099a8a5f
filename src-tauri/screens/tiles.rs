//! The tiles at the top of a page: six figures, each with its denominator, its status against
//! the thresholds and its change against the previous period of the same length.

use serde::Serialize;

use super::text::Captions;
use super::Thresholds;
use crate::charts::Status;
use crate::metrics::{FigureValue, Figures};

/// The difference with the previous period: a count's difference, or a rate's in rate points
/// (0.02 = 2 points); `None` when either rate is none.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    pub previous: FigureValue,
    pub delta: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tile {
    /// The figure's name in METRICS.md.
    pub figure: &'static str,
    pub label: &'static str,
    pub value: FigureValue,
    /// What the figure is a part of: resolved for the on-time rate, ratings for satisfaction,
    /// pending for overdue and at risk; `None` for received and resolved.
    pub of: Option<u64>,
    pub change: Change,
    /// For rates: good, warning or bad against the thresholds; `None` without a rate.
    pub status: Option<Status>,
    /// A rate over fewer than `small_sample` dossiers or ratings.
    pub small_sample: bool,
    /// The figure whose dossiers a click on the tile lists.
    pub list: &'static str,
}

pub fn tiles(now: &Figures, before: &Figures, th: &Thresholds, c: &Captions) -> Vec<Tile> {
    let spec: [(&'static str, &'static str, Option<u64>, &'static str); 6] = [
        ("received", c.received, None, "received"),
        ("resolved", c.resolved, None, "resolved"),
        (
            "on_time_rate",
            c.on_time_rate,
            Some(now.resolved),
            "resolved_late",
        ),
        (
            "pending_overdue",
            c.pending_overdue,
            Some(now.pending),
            "pending_overdue",
        ),
        (
            "pending_at_risk",
            c.pending_at_risk,
            Some(now.pending),
            "pending_at_risk",
        ),
        (
            "satisfaction_rate",
            c.satisfaction_rate,
            Some(now.ratings),
            "dissatisfied",
        ),
    ];
    spec.into_iter()
        .map(|(figure, label, of, list)| {
            let value = now.get(figure).expect("a figure of METRICS.md");
            let previous = before.get(figure).expect("a figure of METRICS.md");
            let (status, small_sample) = match value {
                FigureValue::Rate { rate, of } => (
                    rate.map(|r| th.for_charts().status(r)),
                    of < th.small_sample,
                ),
                FigureValue::Count(_) => (None, false),
            };
            Tile {
                figure,
                label,
                value,
                of,
                change: Change {
                    previous,
                    delta: delta(value, previous),
                },
                status,
                small_sample,
                list,
            }
        })
        .collect()
}

fn delta(now: FigureValue, before: FigureValue) -> Option<f64> {
    match (now, before) {
        (FigureValue::Count(a), FigureValue::Count(b)) => Some(a as f64 - b as f64),
        (FigureValue::Rate { rate: Some(a), .. }, FigureValue::Rate { rate: Some(b), .. }) => {
            Some(a - b)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screens::Lang;

    #[test]
    fn tiles_carry_denominators_statuses_and_changes() {
        let mut now = Figures::default();
        for _ in 0..9 {
            now.add_resolved(crate::metrics::Timeliness::OnTime);
        }
        now.add_resolved(crate::metrics::Timeliness::Late);
        now.add_pending(crate::metrics::PendingState::Overdue);
        now.add_pending(crate::metrics::PendingState::WithinDeadline { at_risk: true });
        now.add_pending(crate::metrics::PendingState::WithinDeadline { at_risk: false });
        let now = now.finish();
        let mut before = Figures::default();
        before.add_resolved(crate::metrics::Timeliness::Early);
        before.add_resolved(crate::metrics::Timeliness::Late);
        let before = before.finish();
        let t = tiles(&now, &before, &Thresholds::default(), Lang::Vi.captions());
        let names: Vec<&str> = t.iter().map(|t| t.figure).collect();
        assert_eq!(
            names,
            [
                "received",
                "resolved",
                "on_time_rate",
                "pending_overdue",
                "pending_at_risk",
                "satisfaction_rate"
            ]
        );
        // 9 of 10 on time: 90 %, below the 95 % target and above the 80 % warning line;
        // 10 is under the small-sample threshold of 20; the previous period had 1 of 2.
        let rate = &t[2];
        assert_eq!(rate.of, Some(10));
        assert_eq!(rate.status, Some(Status::Warning));
        assert!(rate.small_sample);
        assert!((rate.change.delta.unwrap() - 0.4).abs() < 1e-9);
        assert_eq!(t[1].change.delta, Some(8.0));
        assert_eq!(t[3].value, FigureValue::Count(1));
        assert_eq!(t[3].of, Some(3));
        assert_eq!(t[4].value, FigureValue::Count(1));
        // No rating in either period: no rate, no status, no change.
        assert_eq!(t[5].status, None);
        assert_eq!(t[5].change.delta, None);
    }
}
