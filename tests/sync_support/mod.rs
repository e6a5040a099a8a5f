//! What the sync integration tests share: the real binary, the simulator as a separate
//! process on loopback, and the comparison of a synced cache with the simulator's truth.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use controlroom::cache;
use controlroom::model::{Dossier, FeedRecord};
use controlroom::source::{validate, wire};
use serde_json::Value;

/// The binary under test. The target folder is shared with other builds, which may replace
/// `target/debug/controlroom` while these tests run: each test process runs its own hard link
/// to the binary cargo built for it (the link keeps that file whatever replaces the name).
pub fn bin() -> &'static Path {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        let built = Path::new(env!("CARGO_BIN_EXE_controlroom"));
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let prefix = "sync-tests-controlroom-";
        // Links left by earlier runs (cargo runs test binaries one after another).
        for old in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if old.file_name().to_string_lossy().starts_with(prefix) {
                let _ = std::fs::remove_file(old.path());
            }
        }
        let link = dir.join(format!("{prefix}{}", std::process::id()));
        std::fs::hard_link(built, &link)
            .or_else(|_| std::fs::copy(built, &link).map(|_| ()))
            .expect("link the binary under test");
        let help = Command::new(&link)
            .args(["sync", "--help"])
            .output()
            .unwrap();
        assert!(
            String::from_utf8_lossy(&help.stdout).contains("--max-backoff"),
            "{} is not this branch's build (another build replaced it): run the tests again",
            built.display()
        );
        link
    })
}

/// A fixed end of history, so that every run with a seed serves the same data.
pub const NOW: &str = "20261120100000";

/// `controlroom sim` running in the background; killed when dropped.
pub struct Sim {
    child: Child,
    pub url: String,
}

impl Sim {
    pub fn start(seed: u64, dossiers: u64, faults: &str, extra: &[&str]) -> Sim {
        let mut child = Command::new(bin())
            .args(["sim", "--port", "0", "--quiet", "--now", NOW])
            .args([
                "--seed",
                &seed.to_string(),
                "--dossiers",
                &dossiers.to_string(),
            ])
            .args(["--faults", faults])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start controlroom sim");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("read the sim's address");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line of the sim: {line:?}"))
            .to_string();
        Sim { child, url }
    }

    pub fn truth(&self) -> Value {
        get_json(&format!("{}/__sim/truth", self.url.trim_end_matches('/')))
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn get_json(url: &str) -> Value {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        reqwest::get(url)
            .await
            .expect("GET")
            .json::<Value>()
            .await
            .expect("JSON")
    })
}

/// `controlroom sync` with quick retries, as a command to run or spawn.
pub fn sync_command(url: &str, db: &Path, limit: u32) -> Command {
    let mut c = Command::new(bin());
    c.args(["sync", "--source", url, "--json", "--max-backoff", "2"])
        .arg("--db")
        .arg(db)
        .args(["--limit", &limit.to_string()])
        .env_remove("CONTROLROOM_TOKEN");
    c
}

pub fn run_sync(url: &str, db: &Path, limit: u32) -> Output {
    sync_command(url, db, limit)
        .output()
        .expect("run controlroom sync")
}

/// Asserts that a command of `controlroom` succeeded, with what it said if not.
pub fn assert_succeeded(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs a sync that must succeed and returns its JSON summary.
pub fn sync_ok(url: &str, db: &Path, limit: u32) -> Value {
    let out = run_sync(url, db, limit);
    assert_succeeded(&out, "sync");
    serde_json::from_slice(&out.stdout).expect("a JSON summary")
}

pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.db");
    (dir, db)
}

/// The contract field names a reason mentions (words like `NgayNopHoSo`, `MaHoSo`).
fn fields_named(reason: &str) -> BTreeSet<String> {
    reason
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| {
            w.len() > 3
                && w.starts_with(|c: char| c.is_ascii_uppercase())
                && w.chars().any(|c| c.is_ascii_lowercase())
        })
        .map(str::to_string)
        .collect()
}

/// Asserts that the cache at `db` holds exactly what the simulator's truth says: the same
/// dossiers field by field (after validation), the same tombstones, every malformed record in
/// quarantine once with a reason naming the same field, and a consistent SQLite file.
pub fn assert_cache_matches_truth(db: &Path, truth: &Value) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");

    let mut expected: BTreeMap<String, Dossier> = BTreeMap::new();
    for raw in truth["dossiers"].as_array().unwrap() {
        let wire: wire::HoSo = serde_json::from_value(raw.clone()).unwrap();
        match validate::feed_record(&wire) {
            Ok(FeedRecord::Dossier(d)) => {
                assert!(
                    expected.insert(d.code.clone(), *d).is_none(),
                    "truth lists a code twice"
                );
            }
            other => panic!("the truth's record {raw} does not validate: {other:?}"),
        }
    }
    // The status screen's counts by agency (from the rollup once the first sync is over) are
    // the truth's.
    let mut by_agency: BTreeMap<String, u64> = BTreeMap::new();
    for d in expected.values() {
        *by_agency.entry(d.agency_code.clone()).or_default() += 1;
    }
    let shown: BTreeMap<String, u64> = cache::status(&conn)
        .unwrap()
        .agencies
        .into_iter()
        .filter(|a| a.dossiers > 0)
        .map(|a| (a.code, a.dossiers))
        .collect();
    assert_eq!(shown, by_agency, "the status's dossiers by agency");

    let mut held = BTreeMap::new();
    cache::for_each_dossier(&conn, |d| {
        held.insert(d.code.clone(), d);
    })
    .unwrap();
    let missing: Vec<&String> = expected.keys().filter(|k| !held.contains_key(*k)).collect();
    let extra: Vec<&String> = held.keys().filter(|k| !expected.contains_key(*k)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, extra {extra:?}"
    );
    for (code, want) in &expected {
        assert_eq!(&held[code], want, "dossier {code} differs");
    }
    let pauses: i64 = conn
        .query_row("SELECT COUNT(*) FROM pause", [], |r| r.get(0))
        .unwrap();
    let want_pauses: usize = expected.values().map(|d| d.pauses.len()).sum();
    assert_eq!(pauses as usize, want_pauses, "pause rows");

    let want_tombs: BTreeSet<String> = truth["tombstoned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let tombs: BTreeSet<String> = cache::tombstoned(&conn).unwrap().into_iter().collect();
    assert_eq!(tombs, want_tombs, "tombstones");

    let quarantined = cache::quarantined(&conn).unwrap();
    assert!(
        quarantined.iter().all(|q| q.feed == "hoso"),
        "{quarantined:?}"
    );
    let keyed: BTreeMap<String, &cache::Quarantined> = quarantined
        .iter()
        .filter_map(|q| q.key.clone().map(|k| (k, q)))
        .collect();
    assert_eq!(
        keyed.len(),
        quarantined.iter().filter(|q| q.key.is_some()).count()
    );
    let malformed = truth["malformed"].as_array().unwrap();
    let superseded = truth["malformed_superseded"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let mut unkeyed_expected = 0;
    for m in malformed {
        let reason = m["reason"].as_str().unwrap();
        match m["MaHoSo"].as_str() {
            Some(code) => {
                let q = keyed
                    .get(code)
                    .unwrap_or_else(|| panic!("malformed {code} ({reason}) is not in quarantine"));
                let named = fields_named(&q.reason);
                for f in fields_named(reason) {
                    assert!(
                        named.contains(&f),
                        "{code}: quarantine says {:?}, truth {reason:?}",
                        q.reason
                    );
                }
                assert!(
                    !held.contains_key(code),
                    "malformed {code} is also in the figures"
                );
            }
            None => unkeyed_expected += 1,
        }
    }
    // A broken version with no readable code cannot be tied to the good version that
    // superseded it: it stays in quarantine.
    unkeyed_expected += superseded.iter().filter(|m| m["MaHoSo"].is_null()).count();
    let keyed_expected = malformed.iter().filter(|m| m["MaHoSo"].is_string()).count();
    assert_eq!(keyed.len(), keyed_expected, "keyed quarantine rows");
    assert_eq!(
        quarantined.len() - keyed.len(),
        unkeyed_expected,
        "quarantine rows without a code"
    );
}

/// The rollups of the synced cache give the figures the plain implementation counts from the
/// dossiers (a first sync rebuilds them when it ends, even after being cut and resumed), for
/// the province, every agency and every procedure over the whole history.
pub fn assert_rollups_match_plain(db: &Path) {
    use controlroom::calendar::Calendar;
    use controlroom::metrics::{self, reference, Dimension, Period};
    let conn = cache::open(db).unwrap();
    assert!(!cache::bulk_loading(&conn).unwrap(), "the bulk load ended");
    let cal = Calendar::load(&conn).unwrap();
    let facts = reference::all_facts(&conn).unwrap();
    let received = || facts.iter().filter_map(|f| f.received_at.map(|t| t.date()));
    let (first, last) = (received().min().unwrap(), received().max().unwrap());
    let middle = first + (last - first) / 2;
    for p in [Period::new(first, last), Period::new(middle, last)] {
        let p = p.unwrap();
        let t = p.as_of(None);
        for (dimension, key) in [
            (
                Dimension::Agency,
                (|f: &metrics::DossierFacts| f.agency_code.clone()) as fn(&_) -> _,
            ),
            (Dimension::Procedure, |f: &metrics::DossierFacts| {
                f.procedure_code.clone()
            }),
        ] {
            let (province, groups) = reference::figures_by(&facts, key, p, t, &cal);
            let fast = metrics::compute_by(&conn, &cal, p, None, dimension).unwrap();
            assert_eq!(fast.province, province, "{dimension:?} {p:?}");
            for (code, plain) in &groups {
                let g = fast.groups.iter().find(|g| &g.code == code).unwrap();
                assert_eq!(&g.figures, plain, "{dimension:?} {code} {p:?}");
            }
        }
    }
}
