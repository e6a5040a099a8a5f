//! One dossier as an inspector sees it: its facts, its legal due date and timeliness, its
//! steps against their deadlines, who held it and for how long, its pauses, extensions, fees
//! and rating, and its timeline. The applicant's name is shown masked to its initials (the
//! numbers are masked as the cache stores them); `reveal_applicant` shows it whole, for a reason
//! that the reveal audit keeps.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::draw::PageChart;
use super::text::Captions;
use super::{ScreenSettings, ScreensError};
use crate::calendar::Calendar;
use crate::charts::{Spec, Timeline, TimelineMarker, TimelineSpan, TimelineStep};
use crate::metrics::lists::working_days_late_at;
use crate::metrics::steps::{judge_step, StepJudgement};
use crate::metrics::{judge, DossierFacts, DossierJudgement};
use crate::model::{mask_name, Applicant, Channel, Dossier, Fee, Instant, Rating, Status};

#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub seq: u32,
    pub agency: Named,
    pub department: Option<String>,
    pub official: Option<String>,
    pub title: Option<String>,
    pub action: Option<String>,
    pub started_at: Instant,
    pub deadline: Option<Instant>,
    /// Only if it had ended by `as_of`.
    pub ended_at: Option<Instant>,
    #[serde(flatten)]
    pub judgement: StepJudgement,
}

/// Who held the dossier: an official (or a department without one) and how long, over every
/// step they held.
#[derive(Debug, Clone, Serialize)]
pub struct Holder {
    pub agency_code: String,
    pub department: Option<String>,
    pub official: Option<String>,
    pub steps: u32,
    pub late_steps: u32,
    pub held_seconds: i64,
    pub held_working_days: u32,
    pub working_days_late: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct PauseView {
    pub requested_at: Instant,
    pub resumed_at: Option<Instant>,
    pub reason: Option<String>,
    pub due_before: Option<Instant>,
    pub due_after: Option<Instant>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExtensionView {
    pub created_at: Instant,
    pub due_before: Instant,
    pub due_after: Instant,
    pub reason: Option<String>,
    pub apology_letter: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DossierDetail {
    pub code: String,
    pub status: Status,
    pub status_label: &'static str,
    pub procedure: Named,
    pub agency: Named,
    pub channel: Channel,
    /// Name as stored; identity-card and phone numbers masked (last 3 digits).
    pub applicant: Applicant,
    pub summary: Option<String>,
    pub submitted_at: Option<Instant>,
    pub received_at: Option<Instant>,
    /// `NgayHenTra`, the current appointment.
    pub appointment: Option<Instant>,
    pub finished_at: Option<Instant>,
    pub returned_at: Option<Instant>,
    pub as_of: Instant,
    /// Legal due, closing, timeliness and working days late of the dossier as METRICS.md
    /// judges its latest version, and its state at `as_of`.
    pub judgement: DossierJudgement,
    /// Working days late at `as_of`: a late resolved dossier's, or how late a pending
    /// overdue one already is.
    pub working_days_late_at: u32,
    pub steps: Vec<StepView>,
    pub holders: Vec<Holder>,
    pub pauses: Vec<PauseView>,
    pub extensions: Vec<ExtensionView>,
    pub fees: Vec<Fee>,
    pub fee_total: i64,
    pub rating: Option<Rating>,
    /// The steps against their deadlines (no chart for a dossier without steps by `as_of`).
    pub timeline: PageChart,
}

fn name_of(conn: &Connection, table: &str, code: &str) -> Result<Named, ScreensError> {
    let name: Option<String> = conn
        .prepare_cached(&format!("SELECT name FROM {table} WHERE code = ?1"))
        .and_then(|mut s| s.query_row([code], |r| r.get(0)).optional())
        .map_err(crate::cache::CacheError::from)?;
    Ok(Named {
        code: code.to_owned(),
        name: name.unwrap_or_else(|| code.to_owned()),
    })
}

pub fn dossier_detail(
    conn: &Connection,
    cal: &Calendar,
    code: &str,
    as_of: Instant,
    s: &ScreenSettings,
) -> Result<DossierDetail, ScreensError> {
    let d = crate::cache::read_dossier(conn, code)?
        .ok_or_else(|| ScreensError::NoDossier(code.to_owned()))?;
    let judgement = judge(&d, as_of, cal);
    let facts = DossierFacts::from_dossier(&d);
    let mut steps = Vec::with_capacity(d.steps.len());
    for st in &d.steps {
        steps.push(StepView {
            seq: st.seq,
            agency: name_of(conn, "agency", &st.agency_code)?,
            department: st.department.clone(),
            official: st.official.clone(),
            title: st.title.clone(),
            action: st.action.clone(),
            started_at: st.started_at,
            deadline: st.due_at,
            ended_at: st.ended_at.filter(|e| *e <= as_of),
            judgement: judge_step(st, as_of, cal),
        });
    }
    let timeline = timeline(&d, &steps, &judgement, as_of, s)?;
    Ok(DossierDetail {
        code: d.code.clone(),
        status: d.status,
        status_label: s.lang.status(d.status),
        procedure: name_of(conn, "procedure", &d.procedure_code)?,
        agency: name_of(conn, "agency", &d.agency_code)?,
        channel: d.channel,
        applicant: Applicant {
            name: d.applicant.name.as_deref().map(mask_name),
            ..d.applicant.clone()
        },
        summary: d.summary.clone(),
        submitted_at: d.submitted_at,
        received_at: d.received_at,
        appointment: d.due_at,
        finished_at: d.finished_at,
        returned_at: d.returned_at,
        as_of,
        working_days_late_at: working_days_late_at(&facts, as_of, cal),
        judgement,
        holders: holders(&d, &steps),
        steps,
        pauses: d
            .pauses
            .iter()
            .map(|p| PauseView {
                requested_at: p.requested_at,
                resumed_at: p.resumed_at,
                reason: p.reason.clone(),
                due_before: p.due_before,
                due_after: p.due_after,
            })
            .collect(),
        extensions: d
            .extensions
            .iter()
            .map(|e| ExtensionView {
                created_at: e.created_at,
                due_before: e.due_before,
                due_after: e.due_after,
                reason: e.reason.clone(),
                apology_letter: e.apology_letter.clone(),
            })
            .collect(),
        fee_total: d.fees.iter().map(|f| f.amount).sum(),
        fees: d.fees.clone(),
        rating: d.rating.clone().filter(|r| r.rated_at <= as_of),
        timeline,
    })
}

/// The applicant of dossier `code` unmasked, for an inspector who gave a reason: the reveal
/// (who, when, which dossier, why) is appended to the audit first; without a reason, or for a
/// dossier the cache does not hold, nothing is revealed or written.
pub fn reveal_applicant(
    conn: &Connection,
    code: &str,
    reason: &str,
    os_user: &str,
    now: Instant,
) -> Result<Applicant, ScreensError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ScreensError::NoReason(code.to_owned()));
    }
    let d = crate::cache::read_dossier(conn, code)?
        .ok_or_else(|| ScreensError::NoDossier(code.to_owned()))?;
    crate::cache::audit::record_reveal(conn, now, os_user, code, reason)?;
    Ok(d.applicant)
}

/// The steps grouped by who held them, in the order they first held the dossier.
fn holders(d: &Dossier, steps: &[StepView]) -> Vec<Holder> {
    let mut out: Vec<Holder> = Vec::new();
    for (st, v) in d.steps.iter().zip(steps) {
        let same = |h: &Holder| {
            h.agency_code == st.agency_code
                && h.department == st.department
                && h.official == st.official
        };
        let i = match out.iter().position(same) {
            Some(i) => i,
            None => {
                out.push(Holder {
                    agency_code: st.agency_code.clone(),
                    department: st.department.clone(),
                    official: st.official.clone(),
                    steps: 0,
                    late_steps: 0,
                    held_seconds: 0,
                    held_working_days: 0,
                    working_days_late: 0,
                });
                out.len() - 1
            }
        };
        let h = &mut out[i];
        h.steps += 1;
        h.late_steps += u32::from(v.judgement.late || v.judgement.overdue);
        h.held_seconds += v.judgement.held_seconds;
        h.held_working_days += v.judgement.held_working_days;
        h.working_days_late += v.judgement.working_days_late;
    }
    out
}

fn step_label(v: &StepView, c: &Captions) -> String {
    let what = v
        .title
        .clone()
        .or_else(|| v.action.clone())
        .unwrap_or_else(|| format!("{} {}", c.step, v.seq));
    match &v.department {
        Some(dep) => format!("{what} — {dep}"),
        None => what,
    }
}

/// Where the timeline's axis ends: at the instant for a dossier still open, at its closing
/// (or its due date or last step, whichever is later) for a closed one, so that months after it
/// do not squash its life into a corner.
fn timeline_end(steps: &[StepView], j: &DossierJudgement, as_of: Instant) -> Instant {
    match j.closed_at.filter(|c| *c <= as_of) {
        None => as_of,
        Some(closed) => steps
            .iter()
            .filter_map(|v| v.ended_at)
            .chain(j.legal_due)
            .fold(closed, Instant::max)
            .min(as_of),
    }
}

fn timeline(
    d: &Dossier,
    steps: &[StepView],
    j: &DossierJudgement,
    as_of: Instant,
    s: &ScreenSettings,
) -> Result<PageChart, ScreensError> {
    let c = s.lang.captions();
    let spec = Spec::Timeline(Timeline {
        steps: steps
            .iter()
            .filter(|v| v.started_at <= as_of)
            .map(|v| {
                let mut details = Vec::new();
                if let Some(o) = &v.official {
                    details.push((c.official.to_owned(), o.clone()));
                }
                if let Some(dep) = &v.department {
                    details.push((c.department.to_owned(), dep.clone()));
                }
                if v.judgement.working_days_late > 0 {
                    details.push((
                        c.working_days_late.to_owned(),
                        v.judgement.working_days_late.to_string(),
                    ));
                }
                TimelineStep {
                    id: format!("step:{}", v.seq),
                    label: step_label(v, c),
                    start: v.started_at,
                    end: v.ended_at,
                    deadline: v.deadline,
                    late: v.judgement.late || v.judgement.overdue,
                    details,
                }
            })
            .collect(),
        pauses: d
            .pauses
            .iter()
            .enumerate()
            .filter(|(_, p)| p.requested_at <= as_of)
            .map(|(i, p)| TimelineSpan {
                id: format!("pause:{i}"),
                label: p.reason.clone().unwrap_or_else(|| c.pause.to_owned()),
                start: p.requested_at,
                end: p.resumed_at.filter(|r| *r <= as_of),
            })
            .collect(),
        extensions: d
            .extensions
            .iter()
            .enumerate()
            .filter(|(_, e)| e.created_at <= as_of)
            .map(|(i, e)| TimelineMarker {
                id: format!("extension:{i}"),
                label: e.apology_letter.as_ref().map_or_else(
                    || c.extension.to_owned(),
                    |l| format!("{} ({l})", c.extension),
                ),
                at: e.due_after,
            })
            .collect(),
        due: j.legal_due,
        as_of: timeline_end(steps, j, as_of),
        text: c.timeline_text(),
    });
    super::draw::draw("timeline", &spec, s)
}
