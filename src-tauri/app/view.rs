//! The status screen's data, put together from the cache and the sync task's state. Tauri-free,
//! so it is tested as plain Rust. The UI shows it as it comes: grouping and order are decided
//! here.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::error::ErrorBody;
use crate::cache::quarantine::QuarantineSummary;
use crate::cache::{AgencyCount, CacheStatus};
use crate::sync::{SyncProgress, SyncReport};

/// What the sync task knows that the cache does not.
#[derive(Debug, Clone, Default)]
pub struct SyncSnapshot {
    /// The URL synced from (the simulator's, in the demo, once it runs).
    pub source_url: Option<String>,
    pub running: bool,
    pub progress: Option<SyncProgress>,
    pub last_report: Option<SyncReport>,
    /// The error of the latest run, when it failed before the engine could record it.
    pub last_error: Option<ErrorBody>,
}

#[derive(Serialize)]
pub struct StatusView {
    pub source_url: Option<String>,
    pub demo: bool,
    pub sync_interval_secs: u64,
    /// `yyyyMMddHHmmss`, local time of the province.
    pub last_success_at: Option<String>,
    /// Seconds between the last successful sync and the moment of this answer.
    pub last_success_age_secs: Option<i64>,
    pub last_attempt_at: Option<String>,
    /// The latest run's error; one the engine recorded in the cache has the code `sync`.
    pub last_error: Option<ErrorBody>,
    pub dossiers: u64,
    pub quarantined: u64,
    /// The quarantine by rule, its latest examples (masked) and its share of the records.
    pub quarantine: QuarantineSummary,
    /// Broken dossier records above `INCOMPLETE_SHARE` of those synced: every figure misses
    /// them, and the header says so until the share falls again.
    pub figures_incomplete: bool,
    pub tombstones: u64,
    pub syncing: bool,
    pub progress: Option<SyncProgress>,
    pub last_report: Option<SyncReport>,
    pub agency_groups: Vec<AgencyGroup>,
}

/// The agencies of one level (`CapDonVi`: 1 sở/ban/ngành, 2 cơ quan ngành dọc, 3 cấp xã; 0 for
/// codes missing from the agency list).
#[derive(Serialize)]
pub struct AgencyGroup {
    pub level: u8,
    pub total: u64,
    /// Most dossiers first; ties by name.
    pub agencies: Vec<AgencyCount>,
}

/// The share of broken dossier records above which the figures are called incomplete.
pub const INCOMPLETE_SHARE: f64 = 0.005;

pub struct ViewInputs {
    pub demo: bool,
    pub sync_interval_secs: u64,
    pub now: NaiveDateTime,
}

pub fn status_view(cache: CacheStatus, sync: SyncSnapshot, inputs: ViewInputs) -> StatusView {
    let last_success_age_secs = cache
        .last_success_at
        .as_deref()
        .and_then(parse_stamp)
        .map(|at| (inputs.now - at).num_seconds().max(0));
    StatusView {
        source_url: sync.source_url.or(cache.source),
        demo: inputs.demo,
        sync_interval_secs: inputs.sync_interval_secs,
        last_success_at: cache.last_success_at,
        last_success_age_secs,
        last_attempt_at: cache.last_attempt_at,
        last_error: sync.last_error.or_else(|| {
            cache.last_error.map(|message| ErrorBody {
                code: "sync".into(),
                message,
            })
        }),
        dossiers: cache.dossiers,
        quarantined: cache.quarantined,
        figures_incomplete: cache
            .quarantine
            .dossier_share
            .is_some_and(|s| s > INCOMPLETE_SHARE),
        quarantine: cache.quarantine,
        tombstones: cache.tombstones,
        syncing: sync.running,
        progress: sync.progress.filter(|_| sync.running),
        last_report: sync.last_report,
        agency_groups: agency_groups(cache.agencies),
    }
}

/// Levels in their order, each sorted by dossiers (most first), then by name.
pub fn agency_groups(mut agencies: Vec<AgencyCount>) -> Vec<AgencyGroup> {
    agencies.sort_by(|a, b| {
        b.dossiers
            .cmp(&a.dossiers)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.code.cmp(&b.code))
    });
    let mut groups: Vec<AgencyGroup> = Vec::new();
    for agency in agencies {
        match groups.iter_mut().find(|g| g.level == agency.level) {
            Some(group) => {
                group.total += agency.dossiers;
                group.agencies.push(agency);
            }
            None => groups.push(AgencyGroup {
                level: agency.level,
                total: agency.dossiers,
                agencies: vec![agency],
            }),
        }
    }
    // Level 0 (a code the dossiers name but /donvi does not list) comes last.
    groups.sort_by_key(|g| (g.level == 0, g.level));
    groups
}

/// `yyyyMMddHHmmss` as the cache writes it.
pub fn parse_stamp(stamp: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(stamp, "%Y%m%d%H%M%S").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agency(code: &str, name: &str, level: u8, dossiers: u64) -> AgencyCount {
        AgencyCount {
            code: code.into(),
            name: name.into(),
            level,
            dossiers,
        }
    }

    fn cache(last_success_at: Option<&str>, agencies: Vec<AgencyCount>) -> CacheStatus {
        CacheStatus {
            dossiers: 42,
            quarantined: 3,
            quarantine: QuarantineSummary {
                total: 3,
                dossier_share: Some(3.0 / 46.0),
                by_rule: Vec::new(),
                latest: Vec::new(),
            },
            tombstones: 1,
            last_success_at: last_success_at.map(String::from),
            last_attempt_at: last_success_at.map(String::from),
            last_error: None,
            source: Some("http://127.0.0.1:1".into()),
            agencies,
        }
    }

    fn at(stamp: &str) -> NaiveDateTime {
        parse_stamp(stamp).unwrap()
    }

    #[test]
    fn agencies_are_grouped_by_level_and_sorted_most_first_then_by_name() {
        let groups = agency_groups(vec![
            agency("X1", "Xã Nghi Lộc", 3, 7),
            agency("S2", "Sở Tư pháp", 1, 120),
            agency("T1", "Công an tỉnh", 2, 300),
            agency("S1", "Sở Nội vụ", 1, 95),
            agency("S3", "Sở Tài chính", 1, 120),
            agency("X2", "Xã Đô Lương", 3, 0),
            agency("Q9", "Q9", 0, 4),
        ]);
        let levels: Vec<u8> = groups.iter().map(|g| g.level).collect();
        assert_eq!(levels, [1, 2, 3, 0], "unlisted agencies last");
        let codes = |g: &AgencyGroup| {
            g.agencies
                .iter()
                .map(|a| a.code.clone())
                .collect::<Vec<_>>()
        };
        // 120 and 120 tie: "Sở Tài chính" < "Sở Tư pháp" by name.
        assert_eq!(codes(&groups[0]), ["S3", "S2", "S1"]);
        assert_eq!(groups[0].total, 120 + 120 + 95);
        assert_eq!(codes(&groups[1]), ["T1"]);
        assert_eq!(groups[2].total, 7);
        assert_eq!(codes(&groups[2]), ["X1", "X2"]);
    }

    #[test]
    fn the_age_is_counted_from_the_last_success_to_now() {
        let view = status_view(
            cache(Some("20261127200000"), vec![]),
            SyncSnapshot::default(),
            ViewInputs {
                demo: true,
                sync_interval_secs: 30,
                now: at("20261127201230"),
            },
        );
        assert_eq!(view.last_success_age_secs, Some(12 * 60 + 30));
        assert_eq!(view.source_url.as_deref(), Some("http://127.0.0.1:1"));
        assert!(view.demo);
        assert_eq!(
            (view.dossiers, view.quarantined, view.tombstones),
            (42, 3, 1)
        );

        let never = status_view(
            cache(None, vec![]),
            SyncSnapshot::default(),
            ViewInputs {
                demo: false,
                sync_interval_secs: 30,
                now: at("20261127201230"),
            },
        );
        assert_eq!(never.last_success_age_secs, None);
    }

    #[test]
    fn the_running_task_has_the_last_word_on_source_progress_and_errors() {
        let progress = SyncProgress {
            stage: "hoso".into(),
            pages: 4,
            upserted: 4000,
            tombstoned: 2,
            quarantined: 1,
            stale: 0,
            position: Some("20261127195959".into()),
        };
        let sync = SyncSnapshot {
            source_url: Some("http://127.0.0.1:2".into()),
            running: true,
            progress: Some(progress),
            last_report: None,
            last_error: Some(ErrorBody {
                code: "simulator".into(),
                message: "cannot start".into(),
            }),
        };
        let inputs = ViewInputs {
            demo: true,
            sync_interval_secs: 30,
            now: at("20261127201230"),
        };
        let view = status_view(cache(None, vec![]), sync.clone(), inputs);
        assert_eq!(view.source_url.as_deref(), Some("http://127.0.0.1:2"));
        assert_eq!(view.progress.as_ref().map(|p| p.pages), Some(4));
        let error = view.last_error.as_ref().unwrap();
        assert_eq!(
            (error.code.as_str(), error.message.as_str()),
            ("simulator", "cannot start")
        );

        let idle = SyncSnapshot {
            running: false,
            ..sync
        };
        let inputs = ViewInputs {
            demo: true,
            sync_interval_secs: 30,
            now: at("20261127201230"),
        };
        let view = status_view(cache(None, vec![]), idle, inputs);
        assert!(
            view.progress.is_none(),
            "no progress is shown once the sync ended"
        );
    }
}
