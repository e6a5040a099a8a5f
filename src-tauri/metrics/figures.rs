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

/// Declares the figures once: the enum, their METRICS.md names in order, and each one's value.
macro_rules! figures {
    ($($figure:ident $name:literal => |$f:ident| $value:expr;)*) => {
        /// A figure of METRICS.md: what every module and the command line name figures by (the
        /// name is its JSON name everywhere it leaves the program).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Figure {
            $($figure,)*
        }

        impl Figure {
            /// Every figure, in the order of METRICS.md.
            pub const ALL: [Figure; FIGURE_NAMES.len()] = [$(Figure::$figure,)*];

            /// Its METRICS.md (and JSON) name.
            pub fn name(self) -> &'static str {
                match self {
                    $(Figure::$figure => $name,)*
                }
            }

            /// The figure of a METRICS.md name.
            pub fn from_name(name: &str) -> Option<Figure> {
                match name {
                    $($name => Some(Figure::$figure),)*
                    _ => None,
                }
            }
        }

        /// The names of the figures, in the order of METRICS.md.
        pub const FIGURE_NAMES: [&str; [$($name,)*].len()] = [$($name,)*];

        impl Figures {
            /// The value of a figure.
            pub fn value(&self, figure: Figure) -> FigureValue {
                #[allow(unused_imports)]
                use FigureValue::{Count, Rate};
                match figure {
                    $(Figure::$figure => { let $f = self; $value })*
                }
            }
        }
    };
}

figures! {
    Received "received" => |f| Count(f.received);
    ReceivedOnline "received_online" => |f| Count(f.received_online);
    ReceivedInPerson "received_in_person" => |f| Count(f.received_in_person);
    ReceivedPost "received_post" => |f| Count(f.received_post);
    CarriedOver "carried_over" => |f| Count(f.carried_over);
    Resolved "resolved" => |f| Count(f.resolved);
    ResolvedEarly "resolved_early" => |f| Count(f.resolved_early);
    ResolvedOnTime "resolved_on_time" => |f| Count(f.resolved_on_time);
    ResolvedLate "resolved_late" => |f| Count(f.resolved_late);
    Withdrawn "withdrawn" => |f| Count(f.withdrawn);
    Stopped "stopped" => |f| Count(f.stopped);
    Pending "pending" => |f| Count(f.pending);
    PendingPaused "pending_paused" => |f| Count(f.pending_paused);
    PendingOverdue "pending_overdue" => |f| Count(f.pending_overdue);
    PendingWithinDeadline "pending_within_deadline" => |f| Count(f.pending_within_deadline);
    PendingAtRisk "pending_at_risk" => |f| Count(f.pending_at_risk);
    OnTimeRate "on_time_rate" => |f| Rate { rate: f.on_time_rate, of: f.resolved };
    Ratings "ratings" => |f| Count(f.ratings);
    VerySatisfied "very_satisfied" => |f| Count(f.very_satisfied);
    Satisfied "satisfied" => |f| Count(f.satisfied);
    Dissatisfied "dissatisfied" => |f| Count(f.dissatisfied);
    SatisfactionRate "satisfaction_rate" => |f| Rate { rate: f.satisfaction_rate, of: f.ratings };
}

impl Figure {
    /// A rate (with its denominator), not a count of dossiers.
    pub fn is_rate(self) -> bool {
        matches!(self, Figure::OnTimeRate | Figure::SatisfactionRate)
    }

    /// Whether it depends on the state of dossiers at the instant (not on events alone).
    pub fn depends_on_instant(self) -> bool {
        matches!(
            self,
            Figure::Pending
                | Figure::PendingPaused
                | Figure::PendingOverdue
                | Figure::PendingWithinDeadline
                | Figure::PendingAtRisk
        )
    }
}

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
        Figure::from_name(name).map(|f| self.value(f))
    }
}

/// Whether the figure of a METRICS.md name depends on the state of dossiers at the instant.
pub fn depends_on_instant(name: &str) -> bool {
    Figure::from_name(name).is_some_and(Figure::depends_on_instant)
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The enum, its names, its JSON and the fields of `Figures` are one list.
    #[test]
    fn every_figure_is_named_once_and_valued_from_its_own_field() {
        let f = Figures {
            received: 1,
            received_online: 2,
            received_in_person: 3,
            received_post: 4,
            carried_over: 5,
            resolved: 6,
            resolved_early: 7,
            resolved_on_time: 8,
            resolved_late: 9,
            withdrawn: 10,
            stopped: 11,
            pending: 12,
            pending_paused: 13,
            pending_overdue: 14,
            pending_within_deadline: 15,
            pending_at_risk: 16,
            on_time_rate: Some(0.5),
            ratings: 17,
            very_satisfied: 18,
            satisfied: 19,
            dissatisfied: 20,
            satisfaction_rate: Some(0.25),
        };
        let json = serde_json::to_value(f).unwrap();
        assert_eq!(Figure::ALL.len(), json.as_object().unwrap().len());
        for (figure, name) in Figure::ALL.iter().zip(FIGURE_NAMES) {
            assert_eq!(figure.name(), name);
            assert_eq!(Figure::from_name(name), Some(*figure));
            assert_eq!(serde_json::to_value(figure).unwrap(), name);
            let value = serde_json::to_value(f.value(*figure)).unwrap();
            if figure.is_rate() {
                assert_eq!(value["rate"], json[name], "{name}");
            } else {
                assert_eq!(value, json[name], "{name}");
            }
        }
        assert_eq!(Figure::from_name("late"), None);
    }
}
