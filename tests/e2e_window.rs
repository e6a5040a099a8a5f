//! End to end: the real `controlroom` window, driven through tauri-driver and WebKitWebDriver,
//! on the built-in demo with a temporary cache. Ignored by a plain `cargo test`; run it under Xvfb:
//!
//!   xvfb-run -a -s "-screen 0 1920x1080x24" cargo test --test e2e_window -- --ignored
//!
//! Screenshots go to `artifacts/e2e/`.

mod e2e_support;

use std::path::Path;
use std::time::Duration;

use e2e_support::{app, artifacts, demo_driver, vi_number, Session};
use serde_json::Value;

/// The first demo sync (generation included) has this long to reach the screen.
const FIRST_DATA: Duration = Duration::from_secs(180);

/// True once a sync has finished and its agencies are on screen.
const DATA_SHOWN: &str = r#"
  const running = document.querySelector('.state.running');
  const rows = document.querySelectorAll('[data-test=agency-group] .row');
  const last = document.querySelector('[data-test=last-success]');
  return !running && rows.length > 0 && !!last;
"#;

/// What the screen shows, as text.
const READ_SCREEN: &str = r#"
  const text = (sel) => document.querySelector(sel)?.textContent ?? null;
  return {
    demo: text('[data-test=demo-marker]'),
    url: text('[data-test=source-url]'),
    dossiers: text('[data-test=dossiers]'),
    quarantined: text('[data-test=quarantined]'),
    age: text('[data-test=last-success-age]'),
    lastError: text('[data-test=last-error]'),
    groups: [...document.querySelectorAll('[data-test=agency-group]')].map((g) => ({
      level: Number(g.dataset.level),
      title: g.querySelector('h3').textContent,
      rows: [...g.querySelectorAll('.row')].map((r) => ({
        code: r.dataset.code,
        name: r.querySelector('.name').textContent,
        count: r.querySelector('.count').textContent,
      })),
    })),
  };
"#;

/// Anything that does not fit: the page scrolling, or a heading or tile cut off.
const OVERFLOWS: &str = r#"
  const out = [];
  const d = document.documentElement;
  if (d.scrollWidth > innerWidth || d.scrollHeight > innerHeight)
    out.push(`page ${d.scrollWidth}x${d.scrollHeight} in ${innerWidth}x${innerHeight}`);
  for (const el of document.querySelectorAll('h1, h2, h3, .tile, .source-line, .big, .state, .fact, .group header')) {
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
      out.push(`${el.className || el.tagName}: ${el.textContent.slice(0, 40)}`);
  }
  return out;
"#;

#[tokio::test]
#[ignore = "drives the real window: run under xvfb-run with --ignored (scripts/test.sh)"]
async fn the_window_shows_the_demo_data_of_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.sqlite");
    let driver = demo_driver(dir.path(), &db, 3000);
    let session = Session::start(&driver, &app(), &[]).await;
    session.set_size(1366, 768).await;
    // The window opens on the dashboard; the sync status is a click away.
    session
        .wait_for(
            "the dashboard",
            "return !!document.querySelector('[data-test=open-status]');",
            Duration::from_secs(60),
        )
        .await;
    session.click("[data-test=open-status]").await;
    session
        .wait_for("the demo data on screen", DATA_SHOWN, FIRST_DATA)
        .await;

    let screen = screen_matching_cache(&session, &db).await;
    assert_eq!(screen["demo"], "Dữ liệu mô phỏng");
    assert!(
        screen["url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:"),
        "{screen}"
    );
    assert!(screen["lastError"].is_null(), "no error: {screen}");
    assert_eq!(screen["age"], "vừa xong", "{screen}");
    let titles: Vec<&str> = screen["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Sở, ban, ngành", "Cơ quan ngành dọc", "Cấp xã"]);

    let out = artifacts();
    assert_fits(&session, "1366x768").await;
    session.screenshot(&out.join("window.png")).await;

    session.set_size(1920, 1080).await;
    assert_fits(&session, "1920x1080").await;
    session.screenshot(&out.join("window-1920.png")).await;

    // English is a switch away, and the figures stay.
    session
        .execute("document.querySelector('[data-lang=en]').click(); return true;")
        .await;
    let english = session.execute(READ_SCREEN).await;
    assert_eq!(english["demo"], "Simulated data");
    assert_eq!(english["groups"][0]["title"], "Provincial departments");
    let dossiers = controlroom::cache::status(&controlroom::cache::open(&db).unwrap())
        .unwrap()
        .dossiers;
    // Numbers keep their Vietnamese separators in English, as the charts write them.
    assert_eq!(english["dossiers"], vi_number(dossiers));
    session.set_size(1366, 768).await;
    assert_fits(&session, "1366x768, English").await;
    session.screenshot(&out.join("window-en.png")).await;
    session.close().await;
}

/// Reads the screen until it shows what the cache holds (the screen re-reads the cache after
/// each sync), then returns it; fails with both if they never agree.
async fn screen_matching_cache(session: &Session, db: &Path) -> Value {
    let mut last = (Value::Null, String::new());
    for _ in 0..40 {
        let screen = session.execute(READ_SCREEN).await;
        let cache = controlroom::cache::status(&controlroom::cache::open(db).unwrap()).unwrap();
        match differences(&screen, &cache) {
            None => return screen,
            Some(diff) => last = (screen, diff),
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!(
        "the screen never matched the cache: {}\nscreen: {}",
        last.1, last.0
    );
}

fn differences(screen: &Value, cache: &controlroom::cache::CacheStatus) -> Option<String> {
    if cache.dossiers == 0 {
        return Some("the cache is empty".into());
    }
    if screen["dossiers"] != vi_number(cache.dossiers).as_str() {
        return Some(format!("dossiers: cache {}", cache.dossiers));
    }
    if screen["quarantined"] != vi_number(cache.quarantined).as_str() {
        return Some(format!("quarantined: cache {}", cache.quarantined));
    }
    let mut shown = 0;
    for group in screen["groups"].as_array().unwrap() {
        let level = group["level"].as_u64().unwrap();
        let mut previous = u64::MAX;
        for row in group["rows"].as_array().unwrap() {
            let code = row["code"].as_str().unwrap();
            let Some(agency) = cache.agencies.iter().find(|a| a.code == code) else {
                return Some(format!("agency {code} is not in the cache"));
            };
            if u64::from(agency.level) != level || row["name"] != agency.name.as_str() {
                return Some(format!("agency {code}: level or name differs"));
            }
            if row["count"] != vi_number(agency.dossiers).as_str() {
                return Some(format!("agency {code}: cache {}", agency.dossiers));
            }
            if agency.dossiers > previous {
                return Some(format!("level {level} is not sorted at {code}"));
            }
            previous = agency.dossiers;
            shown += 1;
        }
    }
    (shown != cache.agencies.len()).then(|| {
        format!(
            "{shown} agencies shown, {} in the cache",
            cache.agencies.len()
        )
    })
}

async fn assert_fits(session: &Session, size: &str) {
    let overflows = session.execute(OVERFLOWS).await;
    assert_eq!(overflows, Value::Array(vec![]), "cut off at {size}");
}
