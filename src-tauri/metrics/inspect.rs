//! What inspectors look for behind a late dossier (METRICS.md, "Steps and people", and the
//! one-stop rules on lateness): the steps that overran their own deadlines, each attributed to
//! the agency, department and official that held it, and the duties that come with lateness.

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::Calendar;
use crate::model::{Dossier, Instant};

/// A step that overran its own deadline (`NgayKetThucTheoQuyDinh`), as it stood at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LateStep {
    pub seq: u32,
    /// The agency that held the step (a dossier handled by several agencies attributes each
    /// delay to the agency of the step).
    pub agency_code: String,
    pub department: Option<String>,
    pub official: Option<String>,
    pub due_at: Instant,
    /// `None` while the step is still open (overdue).
    pub ended_at: Option<Instant>,
    /// Working days after the step's deadline up to its end (or the instant), less those the
    /// dossier spent paused for a supplement: a pause is not delay.
    pub working_days_late: u32,
}

/// The steps of `d` that had started by `at`, each judged: `Some` when late or overdue.
pub fn judged_steps(
    d: &Dossier,
    at: Instant,
    cal: &Calendar,
) -> Vec<(u32, String, Option<LateStep>)> {
    d.steps
        .iter()
        .filter(|s| s.started_at <= at)
        .map(|s| (s.seq, s.agency_code.clone(), late_step(d, s, at, cal)))
        .collect()
}

/// The late steps of `d` at `at`.
pub fn late_steps(d: &Dossier, at: Instant, cal: &Calendar) -> Vec<LateStep> {
    judged_steps(d, at, cal)
        .into_iter()
        .filter_map(|(_, _, late)| late)
        .collect()
}

fn late_step(d: &Dossier, s: &crate::model::Step, at: Instant, cal: &Calendar) -> Option<LateStep> {
    let due = s.due_at?;
    let ended = s.ended_at.filter(|e| *e <= at);
    let until = ended.unwrap_or(at).date();
    if until <= due.date() {
        return None;
    }
    let paused: u32 = d
        .pauses
        .iter()
        .filter(|p| p.requested_at <= at)
        .map(|p| {
            let resumed = p.resumed_at.filter(|r| *r <= at).unwrap_or(at).date();
            overlap(cal, (due.date(), until), (p.requested_at.date(), resumed))
        })
        .sum();
    let days = cal
        .working_days_between(due.date(), until)
        .saturating_sub(paused);
    // Late by the date, even on a day that is not a working day (METRICS.md); but a step whose
    // every day past its deadline was a pause is not late.
    if days == 0 && paused > 0 {
        return None;
    }
    Some(LateStep {
        seq: s.seq,
        agency_code: s.agency_code.clone(),
        department: s.department.clone(),
        official: s.official.clone(),
        due_at: due,
        ended_at: ended,
        working_days_late: days,
    })
}

/// Working days W in both (a.0, a.1] and (b.0, b.1].
fn overlap(cal: &Calendar, a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> u32 {
    cal.working_days_between(a.0.max(b.0), a.1.min(b.1))
}

/// The duties that come with lateness (one-stop rules): an agency that will miss the deadline
/// sends the applicant a written apology with a new date before the deadline; a new date may be
/// set once; additions may be requested once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DutyFlags {
    /// Late or overdue at the instant, and no extension with an apology (`DanhSachGiaHan`)
    /// made by then.
    pub no_apology: bool,
    /// An extension's `NgayTao` is on a date after the date of the `NgayHenTraCu` it moves.
    pub apology_after_deadline: bool,
    /// Two or more extensions (`DanhSachGiaHan`) made by the instant.
    pub extended_more_than_once: bool,
    /// Extended, and the last new date (`NgayHenTraMoi`) missed as well: closed on a later
    /// date, or still open on a later date at the instant.
    pub new_date_missed: bool,
    /// Two or more supplement requests (`DanhSachHoSoBoSung` with `NgayBoSung` by the instant).
    pub supplements_more_than_once: bool,
}

impl DutyFlags {
    pub fn any(&self) -> bool {
        self.no_apology
            || self.apology_after_deadline
            || self.extended_more_than_once
            || self.new_date_missed
            || self.supplements_more_than_once
    }

    /// The flags with their JSON names, in the order of the glossary.
    pub fn named(&self) -> [(&'static str, bool); 5] {
        [
            ("no_apology", self.no_apology),
            ("apology_after_deadline", self.apology_after_deadline),
            ("extended_more_than_once", self.extended_more_than_once),
            ("new_date_missed", self.new_date_missed),
            (
                "supplements_more_than_once",
                self.supplements_more_than_once,
            ),
        ]
    }
}

/// The duty flags of `d` at `at`; `late_or_overdue` is its timeliness as the figures judge it
/// (resolved late, or pending overdue).
pub fn duty_flags(
    d: &Dossier,
    late_or_overdue: bool,
    closed_at: Option<Instant>,
    at: Instant,
) -> DutyFlags {
    let extensions: Vec<_> = d.extensions.iter().filter(|e| e.created_at <= at).collect();
    let last_new_date = extensions
        .iter()
        .max_by_key(|e| e.created_at)
        .map(|e| e.due_after);
    let finished = closed_at.filter(|c| *c <= at).unwrap_or(at);
    DutyFlags {
        no_apology: late_or_overdue && extensions.is_empty(),
        apology_after_deadline: extensions
            .iter()
            .any(|e| e.created_at.date() > e.due_before.date()),
        extended_more_than_once: extensions.len() > 1,
        new_date_missed: last_new_date.is_some_and(|due| finished.date() > due.date()),
        supplements_more_than_once: d.pauses.iter().filter(|p| p.requested_at <= at).count() > 1,
    }
}
