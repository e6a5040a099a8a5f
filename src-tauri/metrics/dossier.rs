//! The definitions of METRICS.md for one dossier: legal due date, closing instant, the due date
//! as it stood at an instant, its state at an instant, timeliness and working days late. Every
//! figure is a count of these; the SQL of the fast path is checked against them.

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::Calendar;
use crate::model::{Dossier, Instant};

pub use crate::model::{DossierFacts, PauseFacts};

/// The state of a pending dossier at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PendingState {
    Paused,
    Overdue,
    /// Within deadline; `at_risk` when due no later than the next working day.
    WithinDeadline {
        at_risk: bool,
    },
}

pub use crate::model::Timeliness;

/// What needs the working calendar.
impl DossierFacts {
    /// The state at `t`, or `None` when the dossier is not pending at `t`.
    pub fn state_at(&self, t: Instant, cal: &Calendar) -> Option<PendingState> {
        if !self.is_pending_at(t) {
            return None;
        }
        if self.is_paused_at(t) {
            return Some(PendingState::Paused);
        }
        Some(state_without_pause(
            self.due_as_of(t).map(|d| d.date()),
            t,
            cal,
        ))
    }

    /// Working days W with legal due < W ≤ closing date, for a late dossier (0 otherwise; a
    /// dossier finished late on a holiday is late with 0 working days).
    pub fn working_days_late(&self, cal: &Calendar) -> Option<u32> {
        let timeliness = self.timeliness()?;
        if timeliness != Timeliness::Late {
            return Some(0);
        }
        match (self.legal_due(), self.closed_at()) {
            (Some(due), Some(closed)) => Some(cal.working_days_between(due.date(), closed.date())),
            _ => Some(0),
        }
    }
}

/// The state at `t` of a pending dossier that is not paused, due on `due` as things stood at `t`.
pub fn state_without_pause(due: Option<NaiveDate>, t: Instant, cal: &Calendar) -> PendingState {
    // A pending dossier without any due date cannot be judged overdue.
    let Some(due) = due else {
        return PendingState::WithinDeadline { at_risk: false };
    };
    let today = t.date();
    if today > due {
        return PendingState::Overdue;
    }
    PendingState::WithinDeadline {
        at_risk: due <= cal.next_working_day(today),
    }
}

/// The judgement of one dossier at an instant, for lists and drill-down.
#[derive(Debug, Clone, Serialize)]
pub struct DossierJudgement {
    pub legal_due: Option<Instant>,
    pub closed_at: Option<Instant>,
    pub timeliness: Option<Timeliness>,
    pub working_days_late: Option<u32>,
    pub state_at: Option<PendingState>,
}

pub fn judge(d: &Dossier, at: Instant, cal: &Calendar) -> DossierJudgement {
    let facts = DossierFacts::from_dossier(d);
    DossierJudgement {
        legal_due: facts.legal_due(),
        closed_at: facts.closed_at(),
        timeliness: facts.timeliness(),
        working_days_late: facts.working_days_late(cal),
        state_at: facts.state_at(at, cal),
    }
}
