//! The steps of a dossier (`QuaTrinhXuLy`) as METRICS.md judges them: late when the date it
//! ended is after the date of its deadline, overdue at T when it has not ended and the date of
//! T is after that date; by how many working days; and how long it was held.

use serde::Serialize;

use crate::calendar::Calendar;
use crate::model::{Instant, Step};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StepJudgement {
    /// Ended after the date of its deadline.
    pub late: bool,
    /// Not ended by `at` and the date of `at` is after the date of its deadline.
    pub overdue: bool,
    /// Working days W with deadline < W ≤ end (or the date of `at` while overdue); 0 otherwise.
    pub working_days_late: u32,
    /// From its start to its end (or `at` while open), in seconds.
    pub held_seconds: i64,
    /// Working days W with start < W ≤ end (or the date of `at`), as `working_days_late`
    /// counts them.
    pub held_working_days: u32,
}

/// The step as it stood at `at`: an end after `at` had not happened yet.
pub fn judge_step(s: &Step, at: Instant, cal: &Calendar) -> StepJudgement {
    let ended = s.ended_at.filter(|e| *e <= at);
    let deadline = s.due_at.map(|d| d.date());
    let late = matches!((ended, deadline), (Some(e), Some(d)) if e.date() > d);
    let overdue = ended.is_none() && deadline.is_some_and(|d| at.date() > d);
    let until = ended.unwrap_or(at).max(s.started_at);
    let working_days_late = match deadline {
        Some(d) if late || overdue => cal.working_days_between(d, until.date()),
        _ => 0,
    };
    StepJudgement {
        late,
        overdue,
        working_days_late,
        held_seconds: (until - s.started_at).num_seconds(),
        held_working_days: cal.working_days_between(s.started_at.date(), until.date()),
    }
}
