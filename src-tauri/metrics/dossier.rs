//! The definitions of METRICS.md for one dossier: legal due date, closing instant, the due date
//! as it stood at an instant, its state at an instant, timeliness and working days late. Every
//! figure is a count of these; the SQL of the fast path is checked against them.

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::Calendar;
use crate::model::{Channel, Dossier, Instant, Status};

/// A supplement pause or financial-obligation wait, as far as the figures care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PauseFacts {
    /// `NgayBoSung`.
    pub requested_at: Instant,
    /// `NgayTiepNhanBoSung`, null while the pause is open.
    pub resumed_at: Option<Instant>,
    /// `NgayHenTraTruoc`.
    pub due_before: Option<Instant>,
}

/// What the figures need to know about one dossier (its latest version).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierFacts {
    pub agency_code: String,
    pub procedure_code: String,
    pub status: Status,
    pub channel: Channel,
    /// `NgayTiepNhan`.
    pub received_at: Option<Instant>,
    /// `NgayHenTra`, the current appointment.
    pub due_at: Option<Instant>,
    /// `NgayKetThucXuLy`.
    pub finished_at: Option<Instant>,
    /// `NgayTra`.
    pub returned_at: Option<Instant>,
    /// `NgayHenTraCu` of the earliest apology extension (by `NgayTao`).
    pub first_extension_due: Option<Instant>,
    pub pauses: Vec<PauseFacts>,
    /// `MucDo` and `NgayDanhGia` of the rating.
    pub rating: Option<(u8, Instant)>,
}

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

impl DossierFacts {
    pub fn from_dossier(d: &Dossier) -> Self {
        DossierFacts {
            agency_code: d.agency_code.clone(),
            procedure_code: d.procedure_code.clone(),
            status: d.status,
            channel: d.channel,
            received_at: d.received_at,
            due_at: d.due_at,
            finished_at: d.finished_at,
            returned_at: d.returned_at,
            first_extension_due: d
                .extensions
                .iter()
                .min_by_key(|e| e.created_at)
                .map(|e| e.due_before),
            pauses: d
                .pauses
                .iter()
                .map(|p| PauseFacts {
                    requested_at: p.requested_at,
                    resumed_at: p.resumed_at,
                    due_before: p.due_before,
                })
                .collect(),
            rating: d.rating.as_ref().map(|r| (r.level, r.rated_at)),
        }
    }

    /// Received at the desk: has `NgayTiepNhan` and is neither submitted-only nor refused.
    pub fn is_received(&self) -> bool {
        self.received_at.is_some() && self.status.is_received()
    }

    /// The instant it was closed: `NgayKetThucXuLy` for 7–10 (`NgayTra` for 10 without it).
    pub fn closed_at(&self) -> Option<Instant> {
        match self.status {
            Status::Withdrawn | Status::Stopped | Status::Finished => self.finished_at,
            Status::Returned => self.finished_at.or(self.returned_at),
            _ => None,
        }
    }

    /// The due date timeliness is judged against: the `NgayHenTraCu` of the first apology
    /// extension, else `NgayHenTra`.
    pub fn legal_due(&self) -> Option<Instant> {
        self.first_extension_due.or(self.due_at)
    }

    /// The due date as it stood at `t`: a supplement requested after `t` had not yet moved it.
    pub fn due_as_of(&self, t: Instant) -> Option<Instant> {
        let legal = self.legal_due();
        let next_pause = self
            .pauses
            .iter()
            .filter(|p| p.requested_at > t)
            .min_by_key(|p| p.requested_at);
        match (next_pause.and_then(|p| p.due_before), legal) {
            (Some(before), Some(legal)) if before < legal => Some(before),
            (Some(before), None) => Some(before),
            _ => legal,
        }
    }

    /// Received by `t` and not closed by `t`.
    pub fn is_pending_at(&self, t: Instant) -> bool {
        self.is_received()
            && self.received_at.is_some_and(|r| r <= t)
            && self.closed_at().is_none_or(|c| c > t)
    }

    pub fn is_paused_at(&self, t: Instant) -> bool {
        self.pauses
            .iter()
            .any(|p| p.requested_at <= t && p.resumed_at.is_none_or(|r| r > t))
    }

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

    /// Early, on time or late, for a resolved (9, 10) dossier that has closed.
    pub fn timeliness(&self) -> Option<Timeliness> {
        if !self.status.is_resolved() {
            return None;
        }
        let closed = self.closed_at()?.date();
        Some(Timeliness::judge(
            closed,
            self.legal_due().map(|d| d.date()),
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
