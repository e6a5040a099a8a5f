//! Live mode: the simulated clock runs, new dossiers arrive, open ones advance, and each change
//! shows up in the feed after what was there, with a newer NgayCapNhat.

mod sim_support;

use controlroom::sim::SimConfig;
use sim_support::{at, check_record, instant, pull_all, TestSim};

#[test]
fn live_mode_keeps_the_feed_moving() {
    // Wednesday 07:30, one simulated hour per real second.
    let sim = TestSim::start(SimConfig {
        seed: 3,
        dossiers: Some(40_000),
        live: Some(3600.0),
        now: Some(at("20261125073000")),
        ..SimConfig::default()
    });
    let start_time = sim.json("/api/v1/hoso?limit=1")["server_time"]
        .as_str()
        .unwrap()
        .to_string();
    std::thread::sleep(std::time::Duration::from_secs(3));
    let page = sim.json(&format!(
        "/api/v1/hoso?updated_since={start_time}&limit=5000"
    ));
    let server_time = instant(&page["server_time"]).unwrap();
    let elapsed = server_time - at(&start_time);
    assert!(
        elapsed >= chrono::Duration::hours(2),
        "simulated time moved {elapsed}"
    );
    let changes = page["data"].as_array().unwrap();
    let (mut new, mut advanced) = (0, 0);
    for r in changes {
        check_record(r).unwrap();
        let updated = r["NgayCapNhat"].as_str().unwrap();
        assert!(
            updated >= start_time.as_str() && instant(&r["NgayCapNhat"]).unwrap() <= server_time
        );
        if r["NgayNopHoSo"].as_str().unwrap() < start_time.as_str() {
            advanced += 1; // a dossier of the history, in a newer version
        } else {
            new += 1;
        }
    }
    assert!(new > 0, "new dossiers arrived");
    assert!(advanced > 10, "open dossiers advanced: {advanced}");
    // The whole feed still reads in order (versions appended while paging come later), and
    // every dossier shows up.
    let all = pull_all(&sim, "20000101000000", 5000);
    for w in all.windows(2) {
        let k = |r: &serde_json::Value| {
            (
                r["NgayCapNhat"].as_str().unwrap().to_string(),
                r["MaHoSo"].as_str().unwrap().to_string(),
            )
        };
        assert!(k(&w[0]) < k(&w[1]));
    }
    let codes: std::collections::HashSet<&str> =
        all.iter().map(|r| r["MaHoSo"].as_str().unwrap()).collect();
    assert!(codes.len() >= 40_000 + new);
}
