//! The figures of a period, named as METRICS.md names them wherever they leave the program.

use serde::{Deserialize, Serialize};

use super::dossier::{PendingState, Timeliness};
use crate::model::Channel;

/// Every figure of METRICS.md for one group (the province, an agency, a field, a procedure).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub received: u64,
    pub received_online: u64,
    pub received_in_person: u64,
    pub received_post: u64,
    pub carried_over: u64,
    pub resolved: u64,
    pub resolved_early: u64,
    pub resolved_on_time: u64,
    pub resolved_late: u64,
    pub withdrawn: u64,
    pub stopped: u64,
    pub pending: u64,
    pub pending_paused: u64,
    pub pending_overdue: u64,
    pub pending_within_deadline: u64,
    pub pending_at_risk: u64,
    /// (early + on time) / resolved; `None` when nothing was resolved.
    pub on_time_rate: Option<f64>,
    pub ratings: u64,
    pub very_satisfied: u64,
    pub satisfied: u64,
    pub dissatisfied: u64,
    /// (very satisfied + satisfied) / ratings; `None` when there was no rating.
    pub satisfaction_rate: Option<f64>,
}

/// The names of the figures, in the order of METRICS.md.
pub const FIGURE_NAMES: [&str; 22] = [
    "received",
    "received_online",
    "received_in_person",
    "received_post",
    "carried_over",
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "withdrawn",
    "stopped",
    "pending",
    "pending_paused",
    "pending_overdue",
    "pending_within_deadline",
    "pending_at_risk",
    "on_time_rate",
    "ratings",
    "very_satisfied",
    "satisfied",
    "dissatisfied",
    "satisfaction_rate",
];

/// The value of one figure: a count, or a rate with its denominator (never shown without it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FigureValue {
    Count(u64),
    Rate { rate: Option<f64>, of: u64 },
}

impl Figures {
    pub fn add_received(&mut self, channel: Channel) {
        self.received += 1;
        match channel {
            Channel::Online => self.received_online += 1,
            Channel::InPerson => self.received_in_person += 1,
            Channel::Post => self.received_post += 1,
        }
    }

    pub fn add_resolved(&mut self, t: Timeliness) {
        self.resolved += 1;
        match t {
            Timeliness::Early => self.resolved_early += 1,
            Timeliness::OnTime => self.resolved_on_time += 1,
            Timeliness::Late => self.resolved_late += 1,
        }
    }

    pub fn add_pending(&mut self, s: PendingState) {
        self.pending += 1;
        match s {
            PendingState::Paused => self.pending_paused += 1,
            PendingState::Overdue => self.pending_overdue += 1,
            PendingState::WithinDeadline { at_risk } => {
                self.pending_within_deadline += 1;
                self.pending_at_risk += u64::from(at_risk);
            }
        }
    }

    pub fn add_rating(&mut self, level: u8) {
        match level {
            1 => self.very_satisfied += 1,
            2 => self.satisfied += 1,
            3 => self.dissatisfied += 1,
            // Not a level of the contract: not a rating.
            _ => return,
        }
        self.ratings += 1;
    }

    /// Adds every count of `other` (rates are recomputed by `finish`).
    pub fn absorb(&mut self, o: &Figures) {
        self.received += o.received;
        self.received_online += o.received_online;
        self.received_in_person += o.received_in_person;
        self.received_post += o.received_post;
        self.carried_over += o.carried_over;
        self.resolved += o.resolved;
        self.resolved_early += o.resolved_early;
        self.resolved_on_time += o.resolved_on_time;
        self.resolved_late += o.resolved_late;
        self.withdrawn += o.withdrawn;
        self.stopped += o.stopped;
        self.pending += o.pending;
        self.pending_paused += o.pending_paused;
        self.pending_overdue += o.pending_overdue;
        self.pending_within_deadline += o.pending_within_deadline;
        self.pending_at_risk += o.pending_at_risk;
        self.ratings += o.ratings;
        self.very_satisfied += o.very_satisfied;
        self.satisfied += o.satisfied;
        self.dissatisfied += o.dissatisfied;
    }

    /// Computes the rates from the counts.
    pub fn finish(mut self) -> Self {
        self.on_time_rate = ratio(self.resolved_early + self.resolved_on_time, self.resolved);
        self.satisfaction_rate = ratio(self.very_satisfied + self.satisfied, self.ratings);
        self
    }

    /// A figure by its METRICS.md name.
    pub fn get(&self, name: &str) -> Option<FigureValue> {
        use FigureValue::{Count, Rate};
        Some(match name {
            "received" => Count(self.received),
            "received_online" => Count(self.received_online),
            "received_in_person" => Count(self.received_in_person),
            "received_post" => Count(self.received_post),
            "carried_over" => Count(self.carried_over),
            "resolved" => Count(self.resolved),
            "resolved_early" => Count(self.resolved_early),
            "resolved_on_time" => Count(self.resolved_on_time),
            "resolved_late" => Count(self.resolved_late),
            "withdrawn" => Count(self.withdrawn),
            "stopped" => Count(self.stopped),
            "pending" => Count(self.pending),
            "pending_paused" => Count(self.pending_paused),
            "pending_overdue" => Count(self.pending_overdue),
            "pending_within_deadline" => Count(self.pending_within_deadline),
            "pending_at_risk" => Count(self.pending_at_risk),
            "on_time_rate" => Rate {
                rate: self.on_time_rate,
                of: self.resolved,
            },
            "ratings" => Count(self.ratings),
            "very_satisfied" => Count(self.very_satisfied),
            "satisfied" => Count(self.satisfied),
            "dissatisfied" => Count(self.dissatisfied),
            "satisfaction_rate" => Rate {
                rate: self.satisfaction_rate,
                of: self.ratings,
            },
            _ => return None,
        })
    }
}

/// Whether a figure depends on the state of dossiers at the instant (not on events alone).
pub fn depends_on_instant(name: &str) -> bool {
    name.starts_with("pending")
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}
