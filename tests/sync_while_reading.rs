//! The sync writes while the app reads: a live simulator keeps changing dossiers, `controlroom
//! sync` commits them page by page, `controlroom kpi` reads beside, and the app's reader and
//! its helper read pages on two connections. Every page read on two connections is the page
//! read on one in the same state of the cache, and nothing crashes (a process whose memory map
//! of the WAL index were torn by another would die of SIGBUS, failing this test).

mod sync_support;

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};

use controlroom::calendar::Calendar;
use controlroom::metrics::{self, snapshot};
use controlroom::screens::{
    agency_page, dossier_list, procedure_page, ListFilter, Preset, Scope, ScreenSettings, SortKey,
};
use rusqlite::Connection;
use sync_support::{assert_succeeded, bin, sync_ok, temp_db, Sim};

/// The cache's last event: the instant the app would stand at.
fn last_event(conn: &Connection) -> chrono::NaiveDateTime {
    let last: i64 = conn
        .query_row(
            "SELECT max(max(received_at), max(finished_at), max(returned_at), max(rating_at)) \
             FROM dossier",
            [],
            |r| r.get(0),
        )
        .unwrap();
    chrono::NaiveDateTime::parse_from_str(&last.to_string(), "%Y%m%d%H%M%S").unwrap()
}

/// The agency and the procedure with the most dossiers.
fn busiest(conn: &Connection, column: &str) -> String {
    conn.query_row(
        &format!("SELECT {column} FROM dossier GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"),
        [],
        |r| r.get(0),
    )
    .unwrap()
}

/// How many syncs run while the pages are read.
const SYNCS: u32 = 8;

fn data_version(conn: &Connection) -> i64 {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn pages_read_on_two_connections_stay_whole_while_the_sync_writes() {
    // A simulated hour per real second: every sync finds changes.
    let sim = Sim::start(17, 20_000, "none", &["--live", "3600"]);
    let (_dir, db) = temp_db();
    sync_ok(&sim.url, &db, 5000);

    let conn = controlroom::cache::open(&db).unwrap();
    metrics::prepare_connection(&conn).unwrap();
    let mut helper = controlroom::cache::open(&db).unwrap();
    let cal = Calendar::load(&conn).unwrap();
    let (agency, procedure) = (
        busiest(&conn, "agency_code"),
        busiest(&conn, "procedure_code"),
    );
    let s = ScreenSettings::default();

    let stop = AtomicBool::new(false);
    // A failing read must stop the writer and the other reader, or the scope would wait on
    // them for ever.
    struct StopOnDrop<'a>(&'a AtomicBool);
    impl Drop for StopOnDrop<'_> {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Relaxed);
        }
    }
    let syncs = AtomicU32::new(0);
    let (mut reads, mut shared, mut saw_commits) = (0, 0, 0);
    std::thread::scope(|scope| {
        // The writer: syncs one after the other, in small pages (many commits).
        let writer = scope.spawn(|| {
            while !stop.load(Ordering::Relaxed) {
                sync_ok(&sim.url, &db, 100);
                syncs.fetch_add(1, Ordering::Relaxed);
            }
        });
        // Another process reading the same cache.
        let kpi = scope.spawn(|| {
            while !stop.load(Ordering::Relaxed) {
                let out = std::process::Command::new(bin())
                    .args([
                        "kpi",
                        "--from",
                        "2026-11-01",
                        "--to",
                        "2026-11-30",
                        "--json",
                    ])
                    .arg("--db")
                    .arg(&db)
                    .output()
                    .unwrap();
                assert_succeeded(&out, "kpi");
            }
        });
        let _stop = StopOnDrop(&stop);
        let started = Instant::now();
        let mut version = data_version(&conn);
        while syncs.load(Ordering::Relaxed) < SYNCS && started.elapsed() < Duration::from_secs(120)
        {
            conn.execute_batch("BEGIN").unwrap();
            let now = last_event(&conn);
            let month = Preset::ThisMonth.period(now.date()).unwrap();
            let t = Some(now);
            shared += usize::from(snapshot::share(&conn, &mut helper).is_some());
            let one = serde_json::to_value(
                agency_page(&conn, None, &cal, &agency, month, t, &s).unwrap(),
            )
            .unwrap();
            let two = agency_page(&conn, Some(&mut helper), &cal, &agency, month, t, &s).unwrap();
            assert_eq!(one, serde_json::to_value(two).unwrap(), "agency at {now}");
            let one = serde_json::to_value(
                procedure_page(&conn, None, &cal, &procedure, month, t, &s).unwrap(),
            )
            .unwrap();
            let two =
                procedure_page(&conn, Some(&mut helper), &cal, &procedure, month, t, &s).unwrap();
            assert_eq!(
                one,
                serde_json::to_value(two).unwrap(),
                "procedure at {now}"
            );
            let f = ListFilter {
                figure: "received".into(),
                scope: Scope::Agency(agency.clone()),
                period: month,
                as_of: t,
                search: None,
            };
            let list = |helper| {
                dossier_list(&conn, helper, &cal, &f, SortKey::ReceivedDate, None, 1000).unwrap()
            };
            let one = serde_json::to_value(list(None)).unwrap();
            assert_eq!(one, serde_json::to_value(list(Some(&mut helper))).unwrap());
            conn.execute_batch("COMMIT").unwrap();
            reads += 1;
            let now_version = data_version(&conn);
            saw_commits += usize::from(now_version != version);
            version = now_version;
        }
        stop.store(true, Ordering::Relaxed);
        writer.join().unwrap();
        kpi.join().unwrap();
    });
    eprintln!(
        "{reads} reads ({shared} shared, {saw_commits} after a commit) beside {} syncs",
        syncs.load(Ordering::Relaxed)
    );
    assert!(
        syncs.load(Ordering::Relaxed) >= SYNCS,
        "the syncs ran beside the pages"
    );
    assert!(
        saw_commits >= SYNCS as usize / 2,
        "the sync committed between reads {saw_commits} times in {reads} reads"
    );
    assert!(shared > 0, "the helper shared the reader's state");
}
