//! Fault injection: each transport fault answers as CENTER-API.md says, data faults are part
//! of the seeded data, and a client that copes with all of them ends with exactly the truth.

mod sim_support;

use std::collections::{HashMap, HashSet};

use controlroom::sim::{FaultSpec, SimConfig};
use serde_json::Value;
use sim_support::{at, check_record, TestSim};

fn cfg(faults: &str, dossiers: u64) -> SimConfig {
    SimConfig {
        seed: 5,
        dossiers: Some(dossiers),
        faults: FaultSpec::parse(faults).unwrap(),
        now: Some(at("20261127150000")),
        ..SimConfig::default()
    }
}

#[test]
fn unavailable_and_throttled_answers_carry_retry_after() {
    for (spec, status, code) in [
        ("503=1", 503, "unavailable"),
        ("429=1", 429, "rate_limited"),
    ] {
        let sim = TestSim::start(cfg(spec, 50));
        for path in [
            "/api/v1/hoso",
            "/api/v1/donvi",
            "/api/v1/thutuc",
            "/api/v1/lichlamviec?nam=2026",
        ] {
            let a = sim.get(path);
            assert_eq!(a.status, status, "{spec} {path}");
            assert_eq!(a.header("retry-after"), Some("1"));
            assert_eq!(a.json()["error"], code);
        }
        // The truth is not behind faults.
        assert_eq!(sim.get("/__sim/truth?summary=1").status, 200);
    }
}

#[test]
fn expired_cursors_get_410_but_a_fresh_start_works() {
    let sim = TestSim::start(cfg("expire=1", 300));
    let first = sim.json("/api/v1/hoso?limit=10");
    let a = sim.get(&format!(
        "/api/v1/hoso?cursor={}",
        first["next_cursor"].as_str().unwrap()
    ));
    assert_eq!(a.status, 410);
    assert_eq!(a.json()["error"], "cursor_expired");
}

#[test]
fn truncated_bodies_are_cut_mid_json() {
    let sim = TestSim::start(cfg("truncate=1", 300));
    let a = sim.get("/api/v1/hoso?limit=100");
    assert_eq!(a.status, 200);
    assert!(serde_json::from_slice::<Value>(&a.body).is_err());
    assert!(a.body.starts_with(b"{\"data\":["));
}

#[test]
fn slow_pages_are_slow() {
    let sim = TestSim::start(cfg("slow=1,slow_ms=400", 100));
    let t = std::time::Instant::now();
    assert_eq!(sim.get("/api/v1/hoso?limit=10").status, 200);
    assert!(t.elapsed() >= std::time::Duration::from_millis(400));
}

#[test]
fn duplicates_and_resent_older_versions_appear_in_pages() {
    let sim = TestSim::start(cfg("duplicate=1", 2000));
    let page = sim.json("/api/v1/hoso?limit=100");
    let data = page["data"].as_array().unwrap();
    assert_eq!(data.len(), 101);
    let codes: HashSet<&str> = data.iter().map(|r| r["MaHoSo"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), 100, "one record twice");

    let sim = TestSim::start(cfg("resend=1", 2000));
    let latest: HashMap<String, String> = sim.truth()["dossiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["MaHoSo"].as_str().unwrap().to_string(),
                r["NgayCapNhat"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let first = sim.json("/api/v1/hoso?limit=500");
    let page = sim.json(&format!(
        "/api/v1/hoso?cursor={}&limit=100",
        first["next_cursor"].as_str().unwrap()
    ));
    let stale: Vec<&Value> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            latest[r["MaHoSo"].as_str().unwrap()].as_str() > r["NgayCapNhat"].as_str().unwrap()
        })
        .collect();
    assert_eq!(stale.len(), 1, "one older version re-sent");
    check_record(stale[0]).unwrap();
}

#[test]
fn data_faults_are_seeded_and_the_truth_accounts_for_them() {
    let spec = "malformed=0.05,tombstone=0.05";
    let a = TestSim::start(cfg(spec, 4000)).truth();
    let b = TestSim::start(cfg(spec, 4000)).truth();
    assert_eq!(a, b, "same seed and spec, same data");
    let dossiers = a["dossiers"].as_array().unwrap().len();
    let tombstoned = a["tombstoned"].as_array().unwrap().len();
    let malformed = a["malformed"].as_array().unwrap();
    let superseded = a["malformed_superseded"].as_array().unwrap();
    assert!(tombstoned > 100 && !malformed.is_empty() && !superseded.is_empty());
    assert!(
        malformed.iter().any(|m| m["MaHoSo"].is_null()),
        "some lack MaHoSo"
    );
    // Re-issued dossiers come back under a new code.
    let reissued = a["dossiers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["MaHoSo"].as_str().unwrap().ends_with("-1"))
        .count();
    assert!(reissued > 20);
    assert_eq!(dossiers + tombstoned + malformed.len(), 4000 + reissued);
}

/// A client written from the contract alone: retries, restarts on 410, keeps the latest version
/// by NgayCapNhat, honours tombstones, quarantines what breaks the rules.
#[derive(Default)]
struct Client {
    latest: HashMap<String, (String, Option<Value>)>,
    quarantined_without_code: HashSet<String>,
    requests: u32,
}

impl Client {
    fn sync(&mut self, sim: &TestSim) {
        let mut since = "20000101000000".to_string();
        let mut cursor: Option<String> = None;
        loop {
            self.requests += 1;
            assert!(self.requests < 2000, "the client should finish");
            let path = match &cursor {
                Some(c) => format!("/api/v1/hoso?cursor={c}&limit=250"),
                None => format!("/api/v1/hoso?updated_since={since}&limit=250"),
            };
            let a = sim.get(&path);
            match a.status {
                200 => {}
                429 | 503 => {
                    assert!(a.header("retry-after").is_some());
                    continue;
                }
                410 => {
                    cursor = None;
                    continue;
                }
                other => panic!("unexpected {other}: {}", a.text()),
            }
            let Ok(page) = serde_json::from_slice::<Value>(&a.body) else {
                continue; // truncated: ask again
            };
            for r in page["data"].as_array().unwrap() {
                let updated = r["NgayCapNhat"].as_str().unwrap().to_string();
                let Some(code) = r.get("MaHoSo").and_then(Value::as_str) else {
                    self.quarantined_without_code.insert(r.to_string());
                    continue;
                };
                let value = check_record(r).ok().map(|_| r.clone());
                let newer = self.latest.get(code).is_none_or(|(u, _)| *u < updated);
                if newer {
                    self.latest
                        .insert(code.to_string(), (updated.clone(), value));
                }
                since = since.max(updated);
            }
            if !page["has_more"].as_bool().unwrap() {
                return;
            }
            cursor = Some(page["next_cursor"].as_str().unwrap().to_string());
        }
    }
}

#[test]
fn a_client_that_copes_ends_with_exactly_the_truth() {
    let sim = TestSim::start(cfg("all,malformed=0.03,tombstone=0.03", 5000));
    let mut client = Client::default();
    client.sync(&sim);
    let truth = sim.truth();
    let mut expect: HashMap<String, Value> = HashMap::new();
    for r in truth["dossiers"].as_array().unwrap() {
        expect.insert(r["MaHoSo"].as_str().unwrap().to_string(), r.clone());
    }
    let tombstoned: HashSet<&str> = truth["tombstoned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let mut got_good = HashMap::new();
    let mut got_tomb = HashSet::new();
    let mut got_bad = HashSet::new();
    for (code, (_, value)) in &client.latest {
        match value {
            Some(r) if r["DaXoa"] == true => {
                got_tomb.insert(code.as_str());
            }
            Some(r) => {
                got_good.insert(code.clone(), r.clone());
            }
            None => {
                got_bad.insert(code.as_str());
            }
        }
    }
    assert_eq!(got_good.len(), expect.len());
    assert!(got_good == expect, "the good records are the truth's");
    assert_eq!(got_tomb, tombstoned);
    let bad_with_code: HashSet<&str> = truth["malformed"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["MaHoSo"].as_str())
        .collect();
    assert_eq!(got_bad, bad_with_code);
    let without_code = truth["malformed"]
        .as_array()
        .unwrap()
        .iter()
        .chain(truth["malformed_superseded"].as_array().unwrap())
        .filter(|m| m["MaHoSo"].is_null())
        .count();
    assert_eq!(client.quarantined_without_code.len(), without_code);
}
