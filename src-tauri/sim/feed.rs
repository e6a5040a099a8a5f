//! The change feed: one compact entry per served version (16 bytes), sorted by
//! (`NgayCapNhat`, `MaHoSo`). Records are rendered from (seed, index) when a page is asked for,
//! so memory stays small whatever the history size.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::{Duration, NaiveDate, NaiveDateTime, Timelike};

use super::plan::{draw_header, history_submission, plan, Header, Plan};
use super::render::{dossier_code, render};
use super::world::{rng, Stream, World};
use crate::source::wire::HoSo;

/// Time zero of the feed's compact instants (local time).
pub const EPOCH: NaiveDateTime = match NaiveDate::from_ymd_opt(2020, 1, 1) {
    Some(d) => d.and_time(chrono::NaiveTime::MIN),
    None => panic!("valid epoch"),
};

/// What an entry of the feed serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    /// The latest version of a dossier.
    Current,
    /// The latest version of a dossier, served malformed (a data fault).
    MalformedCurrent,
    /// An older version served malformed and superseded by the good latest one.
    OldMalformed,
    /// `DaXoa: true` under the dossier's original code.
    Tombstone,
    /// The dossier again, under its new code after a tombstone.
    Reissued,
}

#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// `NgayCapNhat`, seconds since `EPOCH`.
    pub updated: u32,
    pub index: u32,
    /// Submission day, days since `EPOCH`.
    pub day: u16,
    pub seq: u16,
    pub agency: u8,
    pub kind: Kind,
    /// False once a newer version of the same dossier was appended (live mode).
    pub alive: bool,
}

impl Entry {
    /// Orders like (`NgayCapNhat`, `MaHoSo`): the agency index orders like its code, then the
    /// day, the number and the re-issue suffix.
    pub fn key(&self) -> u128 {
        ((self.updated as u128) << 64)
            | ((self.agency as u128) << 40)
            | ((self.day as u128) << 24)
            | ((self.seq as u128) << 8)
            | (self.kind == Kind::Reissued) as u128
    }
}

pub fn to_secs(t: NaiveDateTime) -> u32 {
    (t - EPOCH).num_seconds() as u32
}

pub fn from_secs(s: u32) -> NaiveDateTime {
    EPOCH + Duration::seconds(s as i64)
}

pub fn day_date(day: u16) -> NaiveDate {
    EPOCH.date() + Duration::days(day as i64)
}

pub fn day_of(d: NaiveDate) -> u16 {
    (d - EPOCH.date()).num_days() as u16
}

/// Where a page starts.
#[derive(Debug, Clone, Copy)]
pub enum Start {
    /// `updated_since`: at or after this instant.
    Since(u32),
    /// `cursor`: strictly after this key.
    After(u128),
}

pub struct Feed {
    pub entries: Vec<Entry>,
    /// By dossier index: the position of its entry that live updates replace.
    pos_of: Vec<u32>,
    /// Dossiers of the history (indices below) versus those received live.
    pub history_len: u32,
    /// The instant the history was generated up to (submissions of the last day stop there).
    pub history_now: NaiveDateTime,
    /// Submission instants of dossiers received live, by index - history_len.
    live_submitted: Vec<u32>,
    /// Open dossiers by their next change.
    upcoming: BinaryHeap<Reverse<(u32, u32)>>,
    /// Numbers already given per (agency, day) to dossiers of the last day and after.
    seq_counters: HashMap<(u8, u16), u16>,
    pub now: NaiveDateTime,
    arrivals_carry: f64,
}

impl Feed {
    pub fn from_parts(
        entries: Vec<Entry>,
        history_len: u32,
        now: NaiveDateTime,
        upcoming: Vec<(u32, u32)>,
    ) -> Self {
        let mut pos_of = vec![u32::MAX; history_len as usize];
        let mut seq_counters: HashMap<(u8, u16), u16> = HashMap::new();
        let last_day = day_of(now.date());
        for (p, e) in entries.iter().enumerate() {
            if matches!(
                e.kind,
                Kind::Current | Kind::MalformedCurrent | Kind::Reissued
            ) {
                pos_of[e.index as usize] = p as u32;
            }
            if e.day == last_day {
                let c = seq_counters.entry((e.agency, e.day)).or_insert(0);
                *c = (*c).max(e.seq);
            }
        }
        Feed {
            entries,
            pos_of,
            history_len,
            history_now: now,
            live_submitted: Vec::new(),
            upcoming: upcoming.into_iter().map(Reverse).collect(),
            seq_counters,
            now,
            arrivals_carry: 0.0,
        }
    }

    /// The alive entries of a page and whether more follow.
    pub fn page(&self, start: Start, limit: usize) -> (Vec<Entry>, bool) {
        let pos = match start {
            Start::Since(s) => self
                .entries
                .partition_point(|e| e.key() < ((s as u128) << 64)),
            Start::After(k) => self.entries.partition_point(|e| e.key() <= k),
        };
        let mut out = Vec::with_capacity(limit.min(self.entries.len() - pos));
        let mut rest = self.entries[pos..].iter().filter(|e| e.alive);
        for e in rest.by_ref() {
            out.push(*e);
            if out.len() == limit {
                break;
            }
        }
        let has_more = rest.next().is_some();
        (out, has_more)
    }

    /// Everything needed to render an entry without holding the feed: the dossier's first
    /// draws and its submission instant.
    pub fn job(&self, world: &World, e: &Entry) -> RenderJob {
        let (header, submitted) = if e.index < self.history_len {
            history_submission(world, e.index, day_date(e.day), self.history_now)
        } else {
            let at = from_secs(self.live_submitted[(e.index - self.history_len) as usize]);
            (live_header(world, e.index, at), at)
        };
        RenderJob {
            entry: *e,
            header,
            submitted,
        }
    }

    /// A random older version for the `resend` fault: an alive entry before `before` whose
    /// dossier changed earlier, rendered as it stood then.
    pub fn older_version(
        &self,
        world: &World,
        before: usize,
        pick: u64,
    ) -> Option<(RenderJob, NaiveDateTime)> {
        if before == 0 {
            return None;
        }
        for attempt in 0..16u64 {
            let p =
                ((pick.wrapping_add(attempt.wrapping_mul(0x9E37_79B9))) % before as u64) as usize;
            let e = self.entries[p];
            if !e.alive || !matches!(e.kind, Kind::Current | Kind::Reissued) {
                continue;
            }
            let job = self.job(world, &e);
            let plan = job.plan(world);
            let older = plan
                .events()
                .into_iter()
                .rev()
                .find(|t| to_secs(*t) < e.updated);
            if let Some(t) = older {
                return Some((job, t));
            }
        }
        None
    }

    /// Position of the first entry of a page (for faults that look back).
    pub fn start_position(&self, start: Start) -> usize {
        match start {
            Start::Since(s) => self
                .entries
                .partition_point(|e| e.key() < ((s as u128) << 64)),
            Start::After(k) => self.entries.partition_point(|e| e.key() <= k),
        }
    }

    /// Live mode: moves the simulated clock to `to`, receiving new dossiers at `per_day` (the
    /// expected number on that date) and advancing the open ones. Each change is a new entry at
    /// the end of the feed (newer `NgayCapNhat` than everything before).
    pub fn advance(
        &mut self,
        world: &World,
        to: NaiveDateTime,
        per_day: impl Fn(NaiveDate) -> f64,
    ) {
        let to = to.with_nanosecond(0).unwrap_or(to);
        if to <= self.now {
            return;
        }
        let from = self.now;
        let mut fresh: Vec<Entry> = Vec::new();
        // Arrivals, spread evenly over the interval.
        let seconds = (to - from).num_seconds() as f64;
        let expected = per_day(to.date()) * seconds / 86_400.0 + self.arrivals_carry;
        let arrivals = expected.floor() as u64;
        self.arrivals_carry = expected - arrivals as f64;
        for k in 0..arrivals {
            let index = self.history_len + self.live_submitted.len() as u32;
            let at =
                from + Duration::seconds(((k + 1) as f64 * seconds / (arrivals + 1) as f64) as i64);
            let at = at.max(from + Duration::seconds(1));
            let header = live_header(world, index, at);
            self.live_submitted.push(to_secs(at));
            self.pos_of.push(u32::MAX);
            let day = day_of(at.date());
            let counter = self
                .seq_counters
                .entry((header.agency as u8, day))
                .or_insert(0);
            *counter += 1;
            let entry = Entry {
                updated: 0,
                index,
                day,
                seq: *counter,
                agency: header.agency as u8,
                kind: Kind::Current,
                alive: true,
            };
            let p = plan(world, index as u64, header, at);
            self.schedule(&p, entry, to, &mut fresh);
        }
        // Open dossiers whose next change has come.
        let to_s = to_secs(to);
        while let Some(Reverse((when, index))) = self.upcoming.peek().copied() {
            if when > to_s {
                break;
            }
            self.upcoming.pop();
            let pos = self.pos_of[index as usize] as usize;
            let old = self.entries[pos];
            self.entries[pos].alive = false;
            let job = self.job(world, &old);
            let p = job.plan(world);
            let kind = if old.kind == Kind::Reissued {
                Kind::Reissued
            } else {
                Kind::Current
            };
            self.schedule(&p, Entry { kind, ..old }, to, &mut fresh);
        }
        fresh.sort_by_key(|e| e.key());
        for e in fresh {
            self.pos_of[e.index as usize] = self.entries.len() as u32;
            self.entries.push(e);
        }
        self.now = to;
    }

    /// Stamps an entry with the dossier's version at `to` and books its next change.
    fn schedule(&mut self, p: &Plan, mut entry: Entry, to: NaiveDateTime, fresh: &mut Vec<Entry>) {
        if let Some(v) = p.version_at(to) {
            entry.updated = to_secs(v);
            entry.alive = true;
            fresh.push(entry);
        }
        if let Some(next) = p.next_change_after(to) {
            self.upcoming.push(Reverse((to_secs(next), entry.index)));
        }
    }
}

/// An entry with what its rendering needs, detached from the feed's lock.
#[derive(Debug, Clone, Copy)]
pub struct RenderJob {
    pub entry: Entry,
    pub header: Header,
    pub submitted: NaiveDateTime,
}

/// The first draws of a dossier received live at `at` (in working hours or online).
fn live_header(world: &World, index: u32, at: NaiveDateTime) -> Header {
    let mut r = rng(world.seed, Stream::Header, index as u64);
    let working =
        world.calendar.is_working_day(at.date()) && world.calendar.next_working_instant(at) == at;
    draw_header(world, &mut r, at.date(), working)
}

impl RenderJob {
    pub fn plan(&self, world: &World) -> Plan {
        plan(world, self.entry.index as u64, self.header, self.submitted)
    }

    pub fn code(&self, world: &World) -> String {
        let e = &self.entry;
        dossier_code(
            &world.catalogue.agencies[e.agency as usize].code,
            day_date(e.day),
            e.seq,
            e.kind == Kind::Reissued,
        )
    }

    /// The record as served (good; the caller applies malformations).
    pub fn record(&self, world: &World, state_at: Option<NaiveDateTime>) -> HoSo {
        let e = &self.entry;
        let p = self.plan(world);
        let at = state_at.unwrap_or_else(|| from_secs(e.updated));
        render(
            world,
            e.index as u64,
            &p,
            self.code(world),
            at,
            at,
            e.kind == Kind::Tombstone,
        )
    }
}
