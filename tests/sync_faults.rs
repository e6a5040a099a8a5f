//! `controlroom sync` against `controlroom sim` over real HTTP on loopback, under every fault
//! kind the simulator injects, one at a time and all together: the cache must end identical to
//! the simulator's ground truth.

mod sync_support;

use sync_support::*;

/// Syncs a fresh cache from a simulator with `faults` and compares it with the truth; then
/// syncs again and checks that nothing new was written.
fn sync_under(faults: &str, seed: u64, dossiers: u64, limit: u32) -> serde_json::Value {
    let sim = Sim::start(seed, dossiers, faults, &[]);
    let (_dir, db) = temp_db();
    let report = sync_ok(&sim.url, &db, limit);
    for key in [
        "pages",
        "upserted",
        "tombstoned",
        "quarantined",
        "stale",
        "retries",
        "seconds",
    ] {
        assert!(report.get(key).is_some(), "summary lacks {key}: {report}");
    }
    let truth = sim.truth();
    assert_cache_matches_truth(&db, &truth);
    // The cursor was kept: a second run takes nothing new and changes nothing.
    let again = sync_ok(&sim.url, &db, limit);
    assert_eq!(again["upserted"], 0, "{again}");
    assert_eq!(again["tombstoned"], 0, "{again}");
    assert_eq!(again["quarantined"], 0, "{again}");
    assert_cache_matches_truth(&db, &truth);
    report
}

#[test]
fn no_fault() {
    let r = sync_under("none", 11, 3000, 500);
    assert_eq!(r["upserted"], 3000);
    assert_eq!(r["pages"], 6);
    assert_eq!(
        (r["stale"].as_u64(), r["retries"].as_u64()),
        (Some(0), Some(0))
    );
}

#[test]
fn unavailable_503_with_retry_after() {
    let r = sync_under("503=0.3", 12, 2000, 250);
    assert!(r["retries"].as_u64().unwrap() > 0, "{r}");
}

#[test]
fn throttled_429_with_retry_after() {
    let r = sync_under("429=0.3", 13, 2000, 250);
    assert!(r["retries"].as_u64().unwrap() > 0, "{r}");
}

#[test]
fn slow_pages() {
    sync_under("slow=0.5,slow_ms=300", 14, 2000, 250);
}

#[test]
fn truncated_bodies() {
    let r = sync_under("truncate=0.3", 15, 2000, 250);
    assert!(r["retries"].as_u64().unwrap() > 0, "{r}");
}

#[test]
fn expired_cursors() {
    let r = sync_under("expire=0.3", 16, 2000, 250);
    assert!(r["retries"].as_u64().unwrap() > 0, "{r}");
}

#[test]
fn duplicate_records() {
    let r = sync_under("duplicate=0.8", 17, 2000, 250);
    assert!(r["stale"].as_u64().unwrap() > 0, "{r}");
}

#[test]
fn re_sent_older_versions() {
    let r = sync_under("resend=0.8", 18, 2000, 250);
    assert!(r["stale"].as_u64().unwrap() > 0, "{r}");
}

#[test]
fn malformed_records() {
    let r = sync_under("malformed=0.05", 19, 3000, 250);
    assert!(r["quarantined"].as_u64().unwrap() > 0, "{r}");
}

#[test]
fn tombstones() {
    let r = sync_under("tombstone=0.05", 20, 3000, 250);
    assert!(r["tombstoned"].as_u64().unwrap() > 0, "{r}");
}

#[test]
fn every_fault_together() {
    let r = sync_under("all,slow_ms=200", 21, 5000, 200);
    assert!(r["retries"].as_u64().unwrap() > 0, "{r}");
    assert!(r["quarantined"].as_u64().unwrap() > 0, "{r}");
    assert!(r["tombstoned"].as_u64().unwrap() > 0, "{r}");
}
