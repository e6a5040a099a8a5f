//! Benchmark, not a check: how long each dashboard page takes from the click to the painted
//! page in the real window, on a large cache. Run it by hand under Xvfb on a cache filled by
//! `controlroom sync` (e.g. from `controlroom sim --dossiers 1000000`):
//!
//!   CONTROLROOM_SPEED_DB=/var/tmp/1m.sqlite xvfb-run -a -s "-screen 0 1920x1080x24" \
//!     cargo test --release --test speed_dashboard -- --ignored --nocapture
//!
//! The app is pointed at an unreachable source, so the cache stays as it is while measured.
//! `CONTROLROOM_SPEED_PAGES=overview` measures only the pages whose name holds those words;
//! `CONTROLROOM_E2E_APP` measures another build of the app (to compare two, back to back).

mod e2e_support;

use std::time::Duration;

use e2e_support::{app, driver_on, Session};

const RUNS: usize = 7;

#[tokio::test]
#[ignore = "a benchmark on a large cache: see the module's comment"]
async fn every_page_from_click_to_painted() {
    let db = std::env::var("CONTROLROOM_SPEED_DB")
        .expect("set CONTROLROOM_SPEED_DB to a cache filled by `controlroom sync`");
    let conn = controlroom::cache::open(std::path::Path::new(&db)).unwrap();
    let busiest = |column: &str| -> String {
        conn.query_row(
            &format!(
                "SELECT {column} FROM dossier GROUP BY {column} ORDER BY count(*) DESC LIMIT 1"
            ),
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let (agency, procedure) = (busiest("agency_code"), busiest("procedure_code"));
    let dir = tempfile::tempdir().unwrap();
    let driver = driver_on(
        dir.path(),
        std::path::Path::new(&db),
        "http://127.0.0.1:9",
        86_400,
        &[],
    );
    let session = Session::start(&driver, &app(), &[]).await;
    session.set_size(1366, 768).await;
    let pages = [
        ("overview, month", "#/?period=month".to_owned()),
        ("overview, year", "#/?period=year".to_owned()),
        (
            "agency (busiest), month",
            format!("#/agency:{agency}?period=month"),
        ),
        (
            "agency (busiest), year",
            format!("#/agency:{agency}?period=year"),
        ),
        (
            "procedure (busiest), month",
            format!("#/procedure:{procedure}?period=month"),
        ),
        (
            "procedure (busiest), year",
            format!("#/procedure:{procedure}?period=year"),
        ),
        (
            "list of overdue, year",
            format!("#/agency:{agency}/list:pending_overdue?period=year"),
        ),
        (
            "list of late, year",
            format!("#/agency:{agency}/list:resolved_late?period=year&sort=due_date"),
        ),
    ];
    let only = std::env::var("CONTROLROOM_SPEED_PAGES").unwrap_or_default();
    println!("click to painted on {db} (median of {RUNS}, ms), and its parts:");
    for (name, hash) in pages
        .into_iter()
        .filter(|(name, _)| name.contains(only.as_str()))
    {
        let mut times = Vec::new();
        for i in 0..RUNS {
            // Leave the page first, so that each run is a real navigation.
            let away = if i % 2 == 0 {
                "#/status"
            } else {
                "#/status?period=today"
            };
            for target in [away, hash.as_str()] {
                let token = session
                    .execute("return document.querySelector('.content').dataset.rendered ?? '0';")
                    .await;
                session
                    .execute(&format!("location.hash = {target:?}; return true;"))
                    .await;
                let ms = session
                    .wait_for(
                        name,
                        &format!(
                            "const c = document.querySelector('.content');
                             return c.dataset.rendered !== {token} && c.dataset.hash === {target:?} && !c.classList.contains('loading') ? ['renderMs', 'commandMs', 'buildMs', 'decodeMs', 'placeMs', 'completeMs'].map((k) => Number(c.dataset[k])) : null;"
                        ),
                        Duration::from_secs(60),
                    )
                    .await;
                if target == hash {
                    let part = |i: usize| ms[i].as_f64().unwrap();
                    times.push([0, 1, 2, 3, 4, 5].map(part));
                }
            }
        }
        let median = |i: usize| {
            let mut v: Vec<f64> = times.iter().map(|t| t[i]).collect();
            v.sort_by(f64::total_cmp);
            (v[RUNS / 2], v[0], v[RUNS - 1])
        };
        let (all, lo, hi) = median(0);
        let [command, build, decode, place, complete] = [1, 2, 3, 4, 5].map(|i| median(i).0);
        println!(
            "  {name:<28} {all:>6.0}   (min {lo:.0}, max {hi:.0}; command {command:.0}, \
             page built {build:.0}, charts decoded {decode:.0}, placed {place:.0}, the rest is \
             layout and paint; parts out of sight added by {complete:.0})"
        );
        // The first visit apart: on a later visit WebKit finds the same chart images decoded
        // (the figures did not change), and SQLite its statements prepared.
        let [all, command, build, decode, place, complete] = times[0];
        println!(
            "    {:<26} {all:>6.0}   (command {command:.0}, page built {build:.0}, charts decoded \
             {decode:.0}, placed {place:.0}; parts out of sight added by {complete:.0})",
            "its first visit"
        );
    }
    session.close().await;
}
