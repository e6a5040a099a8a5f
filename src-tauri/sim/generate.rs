//! Two years of history: dossiers spread over the days by a realistic daily volume (Mondays
//! busy, Fridays lighter, weekends and holidays nearly empty, Tết quiet), each derived from
//! (seed, index); the feed keeps one compact entry per served version.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

use super::faults::{data_faults, FaultSpec};
use super::feed::{day_of, to_secs, Entry, Feed, Kind};
use super::plan::{history_submission, plan, Header};
use super::world::World;

/// Length of the history.
pub const HISTORY_DAYS: i64 = 730;

/// Dossiers of the default history: ~10^5 a year at provincial level and more at the communes.
pub fn default_dossiers() -> u64 {
    let provincial_per_year = 100_000.0;
    let total_per_year = provincial_per_year / (1.0 - super::catalogue::COMMUNE_SHARE);
    (total_per_year * HISTORY_DAYS as f64 / 365.0) as u64
}

/// The Tết holiday of a year (the quietest days of the year for the generator's volumes).
fn tet_days(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    let d = |m, dd| NaiveDate::from_ymd_opt(year, m, dd).expect("valid date");
    match year {
        2025 => Some((d(1, 25), d(2, 2))),
        2026 => Some((d(2, 14), d(2, 22))),
        _ => None,
    }
}

/// Relative volume of a day.
pub fn day_weight(world: &World, d: NaiveDate) -> f64 {
    let tet = tet_days(d.year())
        .or_else(|| tet_days(d.year() + 1))
        .filter(|(from, to)| d >= *from - Duration::days(7) && d <= *to + Duration::days(10));
    if let Some((from, to)) = tet {
        if d >= from && d <= to {
            return 0.03;
        }
        // The week after Tết restarts slowly; the week before is busy.
        if d > to {
            return if world.calendar.is_working_day(d) {
                0.6
            } else {
                0.05
            };
        }
    }
    if !world.calendar.is_working_day(d) {
        return 0.06;
    }
    match d.weekday() {
        Weekday::Mon => 1.35,
        Weekday::Tue => 1.1,
        Weekday::Wed | Weekday::Thu => 1.0,
        Weekday::Fri => 0.9,
        // A make-up Saturday.
        _ => 0.7,
    }
}

/// What one generator thread returns: its entries and its open dossiers' next changes.
type Chunk = (Vec<Entry>, Vec<(u32, u32)>);

/// Builds the feed of a history of `dossiers` ending at `now`.
pub fn history(world: &World, dossiers: u64, now: NaiveDateTime, faults: &FaultSpec) -> Feed {
    assert!(dossiers < u32::MAX as u64, "at most 4 billion dossiers");
    let first = now.date() - Duration::days(HISTORY_DAYS - 1);
    let days: Vec<NaiveDate> = (0..HISTORY_DAYS)
        .map(|k| first + Duration::days(k))
        .collect();
    let mut weights: Vec<f64> = days.iter().map(|d| day_weight(world, *d)).collect();
    // Only the part of the last day that has passed.
    let elapsed =
        (now - now.date().and_time(chrono::NaiveTime::MIN)).num_seconds() as f64 / 86_400.0;
    if let Some(last) = weights.last_mut() {
        *last *= elapsed;
    }
    let total: f64 = weights.iter().sum();
    let mut starts = Vec::with_capacity(days.len() + 1);
    let mut acc = 0.0;
    for w in &weights {
        starts.push((dossiers as f64 * acc / total).round() as u32);
        acc += w;
    }
    starts.push(dossiers as u32);

    // Two workers, each a contiguous run of days (numbers count per agency and day).
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 8);
    let per = days.len().div_ceil(workers);
    let chunks: Vec<Chunk> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let days = &days;
                let starts = &starts;
                s.spawn(move || {
                    let mut entries = Vec::new();
                    let mut upcoming = Vec::new();
                    let mut counters = vec![0u16; world.catalogue.agencies.len()];
                    for k in (w * per)..((w + 1) * per).min(days.len()) {
                        counters.iter_mut().for_each(|c| *c = 0);
                        let day = day_of(days[k]);
                        for index in starts[k]..starts[k + 1] {
                            let (header, submitted) =
                                history_submission(world, index, days[k], now);
                            counters[header.agency] += 1;
                            let entry = Entry {
                                updated: 0,
                                index,
                                day,
                                seq: counters[header.agency],
                                agency: header.agency as u8,
                                kind: Kind::Current,
                                alive: true,
                            };
                            add_dossier(
                                world,
                                faults,
                                entry,
                                header,
                                submitted,
                                now,
                                &mut entries,
                                &mut upcoming,
                            );
                        }
                    }
                    (entries, upcoming)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("generator thread"))
            .collect()
    });
    let mut entries = Vec::with_capacity(dossiers as usize + dossiers as usize / 50);
    let mut upcoming = Vec::new();
    for (e, u) in chunks {
        entries.extend(e);
        upcoming.extend(u);
    }
    entries.sort_unstable_by_key(|e| e.key());
    Feed::from_parts(entries, dossiers as u32, now, upcoming)
}

/// The entries one history dossier contributes, with its data faults.
#[allow(clippy::too_many_arguments)]
fn add_dossier(
    world: &World,
    faults: &FaultSpec,
    entry: Entry,
    header: Header,
    submitted: NaiveDateTime,
    now: NaiveDateTime,
    entries: &mut Vec<Entry>,
    upcoming: &mut Vec<(u32, u32)>,
) {
    let p = plan(world, entry.index as u64, header, submitted);
    let events: Vec<NaiveDateTime> = p.events().into_iter().take_while(|t| *t <= now).collect();
    let latest = *events
        .last()
        .expect("a history dossier was submitted before now");
    let next = p.next_change_after(now).map(|t| (to_secs(t), entry.index));
    let df = data_faults(faults, world.seed, entry.index as u64);
    let at = |t: NaiveDateTime, kind: Kind| Entry {
        updated: to_secs(t),
        kind,
        ..entry
    };
    if let Some(reissued) = df.tombstone {
        let gone = latest + Duration::seconds(60);
        if gone < now {
            entries.push(at(gone, Kind::Tombstone));
            if reissued {
                entries.push(at(gone + Duration::seconds(1), Kind::Reissued));
                upcoming.extend(next);
            }
            return;
        }
    }
    match df.malformed {
        Some((_, false)) if events.len() >= 2 => {
            entries.push(at(events[events.len() - 2], Kind::OldMalformed));
            entries.push(at(latest, Kind::Current));
        }
        Some(_) => entries.push(at(latest, Kind::MalformedCurrent)),
        None => entries.push(at(latest, Kind::Current)),
    }
    upcoming.extend(next);
}
