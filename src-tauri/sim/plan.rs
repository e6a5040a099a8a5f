//! The life of one dossier, derived deterministically from (seed, index, submission instant):
//! intake, appointment date on the working calendar, processing steps, pauses, apology
//! extension, closing, return and rating. Nothing here is text: `render` turns a plan into the
//! wire record as it stood at any instant, so a dossier's every version can be rebuilt.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rand::Rng;

use super::catalogue::{Level, Unit};
use super::workdays::{WorkCalendar, DAY_MINUTES, SESSIONS};
use super::world::{pick_cumulative, rng, Stream, World};

/// How the dossier was handed in (`KenhThucHien`).
pub const IN_PERSON: u8 = 1;
pub const ONLINE: u8 = 2;
pub const POST: u8 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intake {
    Received(NaiveDateTime),
    Refused(NaiveDateTime),
    /// Submitted online and never taken in by the desk (stays status 1).
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    Finished,
    Withdrawn,
    Stopped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Desk,
    Specialist,
    Head,
    Leader,
}

#[derive(Debug, Clone)]
pub struct StepPlan {
    pub role: Role,
    pub official: usize,
    pub start: NaiveDateTime,
    pub due: NaiveDateTime,
    pub end: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct PausePlan {
    pub financial: bool,
    pub reason: usize,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub due_before: NaiveDateTime,
    pub due_after: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct ExtensionPlan {
    pub created: NaiveDateTime,
    pub old_due: NaiveDateTime,
    pub new_due: NaiveDateTime,
    pub reason: usize,
    pub letter_no: u32,
}

#[derive(Debug, Clone)]
pub struct RatingPlan {
    pub at: NaiveDateTime,
    pub level: u8,
    pub channel: u8,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub agency: usize,
    pub procedure: usize,
    pub channel: u8,
    pub applicant_kind: u8,
    pub submitted: NaiveDateTime,
    pub intake: Intake,
    pub due0: Option<NaiveDateTime>,
    pub steps: Vec<StepPlan>,
    pub pauses: Vec<PausePlan>,
    pub extension: Option<ExtensionPlan>,
    pub close: Option<(NaiveDateTime, Closing)>,
    pub returned: Option<NaiveDateTime>,
    pub rating: Option<RatingPlan>,
    /// When the fee was paid and whether online.
    pub fee_paid: Option<(NaiveDateTime, bool)>,
    /// Exempt from the procedure's fee (policy beneficiaries, the poor): its fee is 0.
    pub fee_exempt: bool,
}

/// The first draws of a dossier: who handles it, which procedure, which channel.
#[derive(Debug, Clone, Copy)]
pub struct Header {
    pub agency: usize,
    pub procedure: usize,
    pub channel: u8,
}

/// Fields whose applicants are mostly businesses, and those whose applicants are agencies.
const BUSINESS_FIELDS: &[&str] = &[
    "DKKD", "DT", "HTX", "LPG", "XD", "RUOU", "HC", "DL", "XTTM", "ATTPCT", "KDBDS", "BVTV",
    "ATNN", "LD", "HDXD", "DTND", "BCVT", "ATBX", "DLICH", "THUE",
];
const STATE_FIELDS: &[&str] = &["QLCS", "TCNS", "TCBM", "TDKT"];
/// Fields where a financial obligation (land use fee, registration fee) is usual.
const FINANCIAL_FIELDS: &[&str] = &["DD", "DDX", "THUE"];

pub const SUPPLEMENT_REASONS: &[&str] = &[
    "Thiếu tờ khai theo mẫu",
    "Bản sao giấy tờ chưa được chứng thực",
    "Thông tin trên tờ khai không khớp với giấy tờ tùy thân",
    "Thiếu bản vẽ, sơ đồ kèm theo",
    "Cần bổ sung văn bản ủy quyền",
    "Thiếu ý kiến của cơ quan liên quan",
];
pub const FINANCIAL_REASON: &str = "Chờ thực hiện nghĩa vụ tài chính";
pub const EXTENSION_REASONS: &[&str] = &[
    "Chờ xác minh thông tin",
    "Chờ ý kiến của cơ quan phối hợp",
    "Hồ sơ phức tạp, cần kiểm tra thực địa",
    "Hệ thống chuyên ngành gặp sự cố",
];

/// Draws the header for a submission date (the agency must be active then).
pub fn draw_header<R: Rng>(world: &World, rng: &mut R, date: NaiveDate, working: bool) -> Header {
    let agency = pick_cumulative(rng, world.agencies_on(date));
    let procedure = pick_cumulative(rng, world.procedures_of(agency));
    let p = &world.catalogue.procedures[procedure];
    let commune = world.catalogue.agencies[agency].level == Level::Commune;
    let online_share = match p.online_level {
        4 if commune => 0.45,
        4 => 0.7,
        3 => 0.35,
        _ => 0.05,
    };
    let channel = if !working || rng.random_bool(online_share) {
        ONLINE
    } else if rng.random_bool(0.03) {
        POST
    } else {
        IN_PERSON
    };
    Header {
        agency,
        procedure,
        channel,
    }
}

/// A time of day in working hours (mornings busier), as minutes after midnight.
pub fn working_minute<R: Rng>(rng: &mut R) -> u32 {
    let (from, to) = if rng.random_bool(0.6) {
        SESSIONS[0]
    } else {
        SESSIONS[1]
    };
    rng.random_range(from..to)
}

fn at_minute(d: NaiveDate, minute: u32) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN) + Duration::minutes(minute as i64)
}

/// The appointment date of a dossier received at `r` for a procedure of that duration.
pub fn appointment(
    cal: &WorkCalendar,
    r: NaiveDateTime,
    duration: u32,
    unit: Unit,
) -> NaiveDateTime {
    let close_of_day = |d: NaiveDate| at_minute(d, SESSIONS[1].1);
    match unit {
        Unit::WorkingDays => close_of_day(cal.add_working_days(r.date(), duration)),
        Unit::WorkingHours => cal.add_working_minutes(r, duration as i64 * 60),
        Unit::Days => {
            close_of_day(cal.working_day_on_or_after(r.date() + Duration::days(duration as i64)))
        }
    }
}

/// Moves an appointment by a pause from `start` to `end`: by its working days for day-based
/// durations, by its working minutes for hour-based ones.
fn shift_due(
    cal: &WorkCalendar,
    due: NaiveDateTime,
    start: NaiveDateTime,
    end: NaiveDateTime,
    unit: Unit,
) -> NaiveDateTime {
    match unit {
        Unit::WorkingHours => cal.add_working_minutes(due, cal.working_minutes_between(start, end)),
        _ => {
            let days = cal.working_days_between(start.date(), end.date());
            cal.add_working_days(due.date(), days).and_time(due.time())
        }
    }
}

/// Processing time that skips the pauses: minutes of work after reception mapped to instants.
struct Clock<'a> {
    cal: &'a WorkCalendar,
    received: NaiveDateTime,
    /// (processing minutes before the pause, start, end)
    pauses: Vec<(i64, NaiveDateTime, NaiveDateTime)>,
}

impl Clock<'_> {
    fn at(&self, minutes: i64) -> NaiveDateTime {
        let mut from = self.received;
        let mut used = 0;
        for &(offset, _start, end) in &self.pauses {
            if minutes <= offset {
                break;
            }
            from = end;
            used = offset;
        }
        if minutes - used <= 0 {
            return from;
        }
        self.cal.add_working_minutes(from, minutes - used)
    }

    /// Processing minutes between reception and `t`, pauses excluded.
    fn minutes_to(&self, t: NaiveDateTime) -> i64 {
        let total = self.cal.working_minutes_between(self.received, t);
        let paused: i64 = self
            .pauses
            .iter()
            .filter(|p| p.1 < t)
            .map(|p| self.cal.working_minutes_between(p.1, p.2.min(t)))
            .sum();
        total - paused
    }
}

fn geometric<R: Rng>(rng: &mut R, p: f64, max: u32) -> u32 {
    let mut k = 0;
    while k < max && !rng.random_bool(p) {
        k += 1;
    }
    k
}

/// The whole life of dossier `index`, submitted at `submitted` with `header`.
pub fn plan(world: &World, index: u64, header: Header, submitted: NaiveDateTime) -> Plan {
    let cal = &world.calendar;
    let cat = &world.catalogue;
    let proc = &cat.procedures[header.procedure];
    let mut r = rng(world.seed, Stream::Life, index);
    let applicant_kind = if STATE_FIELDS.contains(&proc.field_code.as_str()) {
        3
    } else if BUSINESS_FIELDS.contains(&proc.field_code.as_str()) && r.random_bool(0.85) {
        2
    } else if r.random_bool(0.01) {
        4
    } else {
        1
    };
    let mut plan = Plan {
        agency: header.agency,
        procedure: header.procedure,
        channel: header.channel,
        applicant_kind,
        submitted,
        intake: Intake::Never,
        due0: None,
        steps: Vec::new(),
        pauses: Vec::new(),
        extension: None,
        close: None,
        returned: None,
        rating: None,
        fee_paid: None,
        fee_exempt: false,
    };

    // Intake: the desk works in working hours only.
    let intake_at = match header.channel {
        IN_PERSON => {
            cal.add_working_minutes(cal.next_working_instant(submitted), r.random_range(3..20))
        }
        ONLINE => {
            cal.add_working_minutes(cal.next_working_instant(submitted), r.random_range(10..600))
        }
        _ => at_minute(
            cal.add_working_days(submitted.date(), r.random_range(1..=3)),
            working_minute(&mut r),
        ),
    };
    let refuse_share = if header.channel == ONLINE { 0.04 } else { 0.01 };
    if header.channel == ONLINE && r.random_bool(0.002) {
        return plan;
    }
    if r.random_bool(refuse_share) {
        plan.intake = Intake::Refused(intake_at);
        return plan;
    }
    let received = intake_at;
    plan.intake = Intake::Received(received);
    // Decision 766's draws come from their own stream (see `Stream::Index766`).
    let mut more = rng(world.seed, Stream::Index766, index);
    if proc.fee > 0 {
        // Online applicants mostly pay through the portal; some at the desk pay by QR code
        // through it too; a few applicants are exempt.
        let online = if header.channel == ONLINE {
            r.random_bool(0.8)
        } else {
            more.random_bool(0.2)
        };
        plan.fee_exempt = more.random_bool(0.04);
        plan.fee_paid = Some((
            received + Duration::minutes(r.random_range(2..30)),
            online && !plan.fee_exempt,
        ));
    }
    let due0 = appointment(cal, received, proc.duration, proc.unit);
    plan.due0 = Some(due0);
    let budget = cal.working_minutes_between(received, due0).max(60);

    // Pauses: a supplement request early in the processing, a financial-obligation wait late.
    let mut clock = Clock {
        cal,
        received,
        pauses: Vec::new(),
    };
    let mut due = due0;
    let mut pause_specs = Vec::new();
    if r.random_bool(0.10) {
        pause_specs.push((false, r.random_range(0.15..0.5)));
    }
    // Now and then what was supplied is still not enough: a second request.
    if !pause_specs.is_empty() && more.random_bool(0.15) {
        pause_specs.push((false, more.random_range(0.5..0.68)));
    }
    if FINANCIAL_FIELDS.contains(&proc.field_code.as_str()) && r.random_bool(0.3) {
        pause_specs.push((true, r.random_range(0.7..0.9)));
    }
    for (financial, fraction) in pause_specs {
        let offset = (budget as f64 * fraction) as i64;
        let start = clock.at(offset.max(1));
        let days = if financial {
            r.random_range(1..=6)
        } else {
            1 + geometric(&mut r, 0.3, 12)
        };
        let end =
            cal.add_working_minutes(start, days as i64 * DAY_MINUTES + r.random_range(-120..120));
        let due_after = shift_due(cal, due, start, end, proc.unit);
        plan.pauses.push(PausePlan {
            financial,
            reason: r.random_range(0..SUPPLEMENT_REASONS.len()),
            start,
            end,
            due_before: due,
            due_after,
        });
        clock.pauses.push((offset.max(1), start, end));
        due = due_after;
    }
    let last_pause_end = plan.pauses.last().map(|p| p.end).unwrap_or(received);

    // When processing ends, by the dossier's fate and timeliness.
    let fate = r.random::<f64>();
    let timeliness = r.random::<f64>();
    let mut finish = if timeliness < 0.62 {
        let f = clock.at((budget as f64 * r.random_range(0.3..0.95)) as i64);
        if f.date() < due.date() {
            f
        } else {
            let before = cal.add_working_days(due.date(), 0);
            let prev = (1..10)
                .map(|k| before - Duration::days(k))
                .find(|d| cal.is_working_day(*d))
                .unwrap_or(before);
            at_minute(prev, r.random_range(SESSIONS[1].0..SESSIONS[1].1))
        }
    } else if timeliness < 0.93 {
        let latest = due.min(at_minute(due.date(), SESSIONS[1].1 - 5));
        let earliest = at_minute(due.date(), SESSIONS[0].0 + 30);
        if latest > earliest {
            earliest
                + Duration::seconds(r.random_range(0..(latest - earliest).num_seconds().max(1)))
        } else {
            latest
        }
    } else {
        let late_days = 1 + geometric(&mut r, 0.45, 15);
        at_minute(
            cal.add_working_days(due.date(), late_days),
            working_minute(&mut r),
        )
    };
    if finish <= last_pause_end {
        finish = cal.add_working_minutes(last_pause_end, r.random_range(30..240));
    }

    // An apology extension for a share of the late ones, issued before the deadline.
    if finish.date() > due.date() && r.random_bool(0.45) {
        let prev_day = (1..10)
            .map(|k| due.date() - Duration::days(k))
            .find(|d| cal.is_working_day(*d));
        if let Some(day) = prev_day {
            let created = at_minute(day, r.random_range(SESSIONS[1].0..SESSIONS[1].1));
            if created > last_pause_end && created > received {
                let late = cal.working_days_between(due.date(), finish.date());
                let new_due = at_minute(
                    cal.add_working_days(due.date(), late + r.random_range(0..3)),
                    SESSIONS[1].1,
                );
                plan.extension = Some(ExtensionPlan {
                    created,
                    old_due: due,
                    new_due,
                    reason: r.random_range(0..EXTENSION_REASONS.len()),
                    letter_no: r.random_range(1..400),
                });
            }
        }
    }

    // Withdrawal or stop somewhere in the processing instead of finishing.
    let closing = if fate < 0.015 {
        Closing::Withdrawn
    } else if fate < 0.023 {
        Closing::Stopped
    } else {
        Closing::Finished
    };
    if closing != Closing::Finished {
        let total = clock.minutes_to(finish);
        let at = match plan.pauses.first() {
            Some(p) if r.random_bool(0.5) => p.start + (p.end - p.start) / 2,
            _ => clock.at((total as f64 * r.random_range(0.2..0.9)) as i64),
        };
        finish = at.max(received + Duration::minutes(1));
        plan.extension = None;
        plan.pauses.retain(|p| p.start < finish);
        if let Some(p) = plan.pauses.last_mut() {
            if p.end > finish {
                p.end = finish;
                p.due_after = shift_due(cal, p.due_before, p.start, p.end, proc.unit);
            }
        }
        clock.pauses.retain(|p| p.1 < finish);
    }

    // Steps: desk, specialist, head of division, leader; deadlines split the legal budget.
    let q = clock.minutes_to(finish).max(4);
    let roster = &world.rosters[header.agency];
    let desk_minutes = r.random_range(5..60).min(q / 4).max(1);
    let due_fractions = [0.1, 0.7, 0.85, 1.0];
    let end_fractions = [
        0.0,
        (0.7 + r.random_range(-0.1..0.1)) as f64,
        (0.86 + r.random_range(-0.04..0.04)) as f64,
        1.0,
    ];
    let roles = [Role::Desk, Role::Specialist, Role::Head, Role::Leader];
    let mut start = received;
    for (k, role) in roles.into_iter().enumerate() {
        let due_at = if k == 0 {
            clock.at((budget as f64 * due_fractions[0]).min(240.0) as i64)
        } else {
            clock.at((budget as f64 * due_fractions[k]) as i64)
        };
        let end = if k == 0 {
            clock.at(desk_minutes)
        } else if k == 3 {
            finish
        } else {
            clock.at(((q as f64) * end_fractions[k]) as i64).max(start)
        };
        let end = end.min(finish).max(start);
        let pool = match role {
            Role::Desk => roster.desk.len(),
            Role::Specialist => roster.specialists.len(),
            Role::Head => roster.heads.len(),
            Role::Leader => roster.leaders.len(),
        };
        plan.steps.push(StepPlan {
            role,
            official: r.random_range(0..pool),
            start,
            due: due_at.max(start),
            end,
        });
        start = end;
        if closing != Closing::Finished && end >= finish {
            break;
        }
    }
    plan.close = Some((finish, closing));
    if closing != Closing::Finished {
        return plan;
    }

    // Handing over the result, then perhaps a rating.
    let online_result = header.channel == ONLINE && proc.online_level == 4;
    if !r.random_bool(0.04) {
        let returned = if online_result {
            cal.add_working_minutes(finish, r.random_range(1..120))
        } else {
            let day = cal.add_working_days(finish.date(), geometric(&mut r, 0.35, 10));
            let t = at_minute(day, working_minute(&mut r));
            if t > finish {
                t
            } else {
                cal.add_working_minutes(finish, r.random_range(10..240))
            }
        };
        plan.returned = Some(returned);
        if r.random_bool(0.35) {
            let late = finish.date()
                > plan
                    .extension
                    .as_ref()
                    .map(|e| e.old_due)
                    .unwrap_or(due)
                    .date();
            let x = r.random::<f64>();
            let level = if late {
                if x < 0.45 {
                    1
                } else if x < 0.8 {
                    2
                } else {
                    3
                }
            } else if x < 0.72 {
                1
            } else if x < 0.975 {
                2
            } else {
                3
            };
            plan.rating = Some(RatingPlan {
                at: returned + Duration::minutes(r.random_range(1..(3 * 24 * 60))),
                level,
                channel: if online_result { 2 } else { 1 },
            });
        }
    }
    plan
}

impl Plan {
    /// Every instant at which the dossier's record changed, in order.
    pub fn events(&self) -> Vec<NaiveDateTime> {
        let mut e = vec![self.submitted];
        match self.intake {
            Intake::Received(t) | Intake::Refused(t) => e.push(t),
            Intake::Never => {}
        }
        e.extend(self.fee_paid.map(|f| f.0));
        e.extend(self.steps.iter().map(|s| s.end));
        for p in &self.pauses {
            e.push(p.start);
            e.push(p.end);
        }
        e.extend(self.extension.as_ref().map(|x| x.created));
        e.extend(self.close.map(|c| c.0));
        e.extend(self.returned);
        e.extend(self.rating.as_ref().map(|r| r.at));
        e.sort();
        e.dedup();
        e
    }

    /// The instant of the last change at or before `t` (None: not yet submitted).
    pub fn version_at(&self, t: NaiveDateTime) -> Option<NaiveDateTime> {
        self.events().into_iter().take_while(|e| *e <= t).last()
    }

    /// The first change strictly after `t`.
    pub fn next_change_after(&self, t: NaiveDateTime) -> Option<NaiveDateTime> {
        self.events().into_iter().find(|e| *e > t)
    }
}

/// The header and submission instant of history dossier `index` submitted on `date` (never
/// after `now`).
pub fn history_submission(
    world: &World,
    index: u32,
    date: NaiveDate,
    now: NaiveDateTime,
) -> (Header, NaiveDateTime) {
    let mut r = rng(world.seed, Stream::Header, index as u64);
    let working = world.calendar.is_working_day(date);
    let header = draw_header(world, &mut r, date, working);
    let mut at = date.and_time(chrono::NaiveTime::MIN);
    for _ in 0..8 {
        let minute = if header.channel != ONLINE || (working && r.random_bool(0.7)) {
            working_minute(&mut r)
        } else {
            r.random_range(6 * 60..23 * 60)
        };
        at = date.and_time(chrono::NaiveTime::MIN)
            + Duration::seconds(minute as i64 * 60 + r.random_range(0..60));
        if at < now {
            return (header, at);
        }
    }
    // The last day of the history: squeeze the submission before `now`.
    let midnight = date.and_time(chrono::NaiveTime::MIN);
    let span = (now - midnight).num_seconds().max(1);
    (
        header,
        midnight + Duration::seconds((at - midnight).num_seconds() % span),
    )
}
