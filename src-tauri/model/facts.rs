//! What the figures need to know about one dossier (its latest version), and the facts of it
//! that need no calendar: received, closed when, the legal due date, the due date as it stood
//! at an instant, pending or paused at an instant, timeliness. The cache keeps the pending
//! states by day from these; `metrics` adds what needs the working calendar.

use super::{Channel, Dossier, Instant, Status, Timeliness};

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
}
