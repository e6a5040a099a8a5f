//! A `controlroom sync` killed (SIGKILL) at random moments, several times, then let finish:
//! the cache ends identical to the truth and consistent, since every page is committed with
//! its cursor in one transaction.

mod sync_support;

use std::time::Duration;

use rand::{Rng, SeedableRng};
use sync_support::*;

#[test]
fn killed_several_times_then_finished_the_cache_matches_the_truth() {
    // Every answer is slow, so that a run lasts long enough to be cut in the middle.
    let sim = Sim::start(
        41,
        4000,
        "slow=1,slow_ms=150,malformed=0.02,tombstone=0.02",
        &[],
    );
    let (_dir, db) = temp_db();
    let seed: u64 = rand::rng().random();
    println!("kill moments drawn from seed {seed}");
    let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
    let mut pages_before = Vec::new();
    for _ in 0..4 {
        let mut child = sync_command(&sim.url, &db, 100)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.random_range(300..2500)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let conn = rusqlite::Connection::open(&db).unwrap();
        let done: Option<i64> = conn
            .query_row("SELECT COUNT(*) FROM dossier", [], |r| r.get(0))
            .unwrap_or(None);
        pages_before.push(done);
    }
    println!("dossiers held after each kill: {pages_before:?}");
    let report = sync_ok(&sim.url, &db, 100);
    println!("final run: {report}");
    assert_cache_matches_truth(&db, &sim.truth());
    assert_rollups_match_plain(&db);
    // The runs resumed: the last one did not start over.
    let held_before_last = pages_before.last().copied().flatten().unwrap_or(0);
    if held_before_last > 0 {
        assert!(report["upserted"].as_u64().unwrap() < 4000, "{report}");
    }
}
