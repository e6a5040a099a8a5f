//! End to end: `controlroom --wall`, the real window driven through tauri-driver, on the
//! built-in demo (or a simulator this test stops) with a short playlist. Ignored by a plain
//! `cargo test`; run it under Xvfb (the 3840×2160 test starts an X server of its own):
//!
//!   xvfb-run -a -s "-screen 0 1920x1080x24" cargo test --test e2e_wall -- --ignored --test-threads=1
//!
//! Screenshots of every slide at 1920×1080 and 3840×2160 go to `artifacts/e2e/`.

mod e2e_support;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use e2e_support::{app, artifacts, driver_on, personal_data, Session, XServer};
use serde_json::Value;

/// The demo's first sync (generation included) has this long to reach the wall.
const FIRST_DATA: Duration = Duration::from_secs(240);
/// Enough history that a few agencies have overdue or at-risk dossiers today.
const DEMO_DOSSIERS: &str = "20000";

/// Six slides of the province, then three agencies, each for a few seconds.
const PLAYLIST: &str = r#"{"slides": [
  {"slide": "province", "dwell_secs": 3},
  {"slide": "on_time_ranking", "dwell_secs": 3},
  {"slide": "overdue_ranking", "dwell_secs": 3},
  {"slide": "satisfaction", "dwell_secs": 3},
  {"slide": "trend", "dwell_secs": 3},
  {"slide": "index766", "dwell_secs": 3},
  {"slide": "agencies", "dwell_secs": 4, "at_most": 3}
]}"#;
const ORDER: [&str; 6] = [
    "province",
    "on_time_ranking",
    "overdue_ranking",
    "satisfaction",
    "trend",
    "index766",
];
const AGENCY_SLIDES: usize = 3;

const PAGE_DOWN: &str = "\u{E00F}";
const PAGE_UP: &str = "\u{E00E}";
const RIGHT: &str = "\u{E014}";
const LEFT: &str = "\u{E012}";

/// The slides shown so far, in order, with when (the wall keeps the last 200).
const LOG: &str = "return window.wall ? window.wall.log : [];";

/// The slide on screen, once drawn.
const ON_SCREEN: &str = r#"
  const stage = document.querySelector('[data-test=wall-slide]');
  const log = window.wall ? window.wall.log : [];
  const last = log[log.length - 1];
  if (!stage || !stage.dataset.slideId || !last) return null;
  return { id: stage.dataset.slideId, kind: stage.dataset.kind, index: last.index, of: last.of,
           shown: last.n + 1, text: stage.innerText,
           paused: document.body.dataset.wallPaused === 'true' };
"#;

/// Text under 3 % of the screen's height, anything that scrolls or is cut, the cursor.
const READABLE: &str = r#"
  const min = 0.03 * innerHeight;
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (el.closest('.hidden')) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < min - 0.5) small.push(`${el.className || el.tagName} ${px}px: ${node.textContent.slice(0, 30)}`);
  }
  const d = document.documentElement;
  const stage = document.querySelector('[data-test=wall-slide]');
  return { width: innerWidth, height: innerHeight, small,
           scrolls: d.scrollHeight > innerHeight || d.scrollWidth > innerWidth,
           cut: stage.scrollHeight > stage.clientHeight + 1,
           cursor: getComputedStyle(document.querySelector('.wall')).cursor };
"#;

/// Everything the page holds, hidden or not.
const PAGE_SOURCE: &str =
    "return document.documentElement.outerHTML + '\\n' + document.body.innerText;";

/// tauri-driver for the wall on the built-in demo, its playlist written under `dir`.
fn wall_driver(dir: &Path, db: &Path, display: Option<&str>) -> e2e_support::Driver {
    let playlist = dir.join("wall.json");
    std::fs::write(&playlist, PLAYLIST).unwrap();
    let mut env = vec![
        ("CONTROLROOM_DEMO_DOSSIERS", DEMO_DOSSIERS),
        ("CONTROLROOM_WALL_PLAYLIST", playlist.to_str().unwrap()),
    ];
    if let Some(display) = display {
        env.push(("DISPLAY", display));
    }
    driver_on(dir, db, "", 3600, &env)
}

/// Waits until a whole rotation with its agency slides has been shown.
async fn wait_for_agencies(session: &Session) {
    session
        .wait_for(
            "a rotation with agency slides",
            &format!(
                "const log = window.wall ? window.wall.log : []; return log.some(e => e.of === {});",
                ORDER.len() + AGENCY_SLIDES
            ),
            FIRST_DATA,
        )
        .await;
}

async fn on_screen(session: &Session) -> Value {
    session
        .wait_for("a slide on screen", ON_SCREEN, Duration::from_secs(30))
        .await
}

/// Presses `key` and waits for the slide at `index` to be drawn.
async fn press_to(session: &Session, key: &str, index: u64) -> Value {
    let before = on_screen(session).await["shown"].as_u64().unwrap();
    session.press(key).await;
    let script = format!(
        "const log = window.wall.log; const last = log[log.length - 1];
         return last.n + 1 > {before} && last.index === {index};"
    );
    session
        .wait_for(&format!("slide {index}"), &script, Duration::from_secs(30))
        .await;
    on_screen(session).await
}

/// Pauses, goes to the first slide, then shows every slide in turn: its text is scanned for
/// personal data, its text sizes checked against the screen, and a screenshot saved.
async fn every_slide(session: &Session, db: &Path, size: &str) -> Vec<String> {
    let personal = personal_data(db).await;
    assert!(
        personal.len() > 1000,
        "the demo's applicants: {}",
        personal.len()
    );
    if on_screen(session).await["paused"] != true {
        session.press(" ").await;
    }
    // To the first slide of a new rotation.
    let mut now = on_screen(session).await;
    while now["index"] != 0 {
        let of = now["of"].as_u64().unwrap();
        let next = (now["index"].as_u64().unwrap() + 1) % of;
        now = press_to(session, PAGE_DOWN, next).await;
    }
    let of = now["of"].as_u64().unwrap();
    let mut ids = Vec::new();
    for i in 0..of {
        if i > 0 {
            now = press_to(session, PAGE_DOWN, i).await;
        }
        let id = now["id"].as_str().unwrap().to_owned();
        let text = now["text"].as_str().unwrap();
        assert!(
            text.chars().filter(char::is_ascii_digit).count() > 3,
            "{id}: the slide shows figures: {text}"
        );
        let source = session.execute(PAGE_SOURCE).await;
        let source = source.as_str().unwrap();
        for value in &personal {
            assert!(
                !source.contains(value.as_str()),
                "{id}: personal data on the wall: {value}"
            );
        }
        let readable = session.execute(READABLE).await;
        assert_eq!(
            readable["small"],
            serde_json::json!([]),
            "{size} {id}: {readable}"
        );
        assert_eq!(readable["scrolls"], false, "{size} {id}: {readable}");
        assert_eq!(readable["cut"], false, "{size} {id}: {readable}");
        assert_eq!(readable["cursor"], "none", "{size} {id}");
        let kind = now["kind"].as_str().unwrap();
        let name = format!("wall-{size}-{i}-{kind}.png");
        session.screenshot(&artifacts().join(name)).await;
        ids.push(id);
    }
    ids
}

#[tokio::test]
#[ignore = "drives the real window: run under xvfb-run with --ignored (scripts/test.sh)"]
async fn the_wall_rotates_in_order_for_each_dwell_and_answers_the_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.sqlite");
    let driver = wall_driver(dir.path(), &db, None);
    let session = Session::start(&driver, &app(), &["--wall"]).await;
    wait_for_agencies(&session).await;

    // The wall's page may call the wall's commands only: the desktop's, which can name an
    // applicant, are refused to it (capabilities/wall.json).
    for command in ["dossier_detail", "dossier_list", "status"] {
        let answer = session
            .execute(&format!(
                "return window.__TAURI_INTERNALS__.invoke('{command}', {{}}).then(() => 'allowed', e => String(e));"
            ))
            .await;
        assert!(
            answer.as_str().unwrap().contains("not allowed"),
            "{command} from the wall: {answer}"
        );
    }

    // A whole rotation after the first: the playlist's order, each slide for its dwell.
    let of = (ORDER.len() + AGENCY_SLIDES) as u64;
    let started = Instant::now();
    let rotation = loop {
        let log = session.execute(LOG).await;
        let log = log.as_array().unwrap().clone();
        let firsts: Vec<usize> = (0..log.len())
            .filter(|&i| log[i]["index"] == 0 && log[i]["of"] == of)
            .collect();
        // From a first slide to the next first slide: one rotation, whole.
        if let [.., a, b] = firsts[..] {
            if b - a == of as usize {
                break log[a..=b].to_vec();
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no whole rotation: {log:?}"
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
    };
    let ids: Vec<&str> = rotation.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids[..ORDER.len()], ORDER, "{ids:?}");
    assert!(
        ids[ORDER.len()..of as usize]
            .iter()
            .all(|id| id.starts_with("agency:")),
        "{ids:?}"
    );
    for (i, pair) in rotation.windows(2).enumerate() {
        let dwell_ms = if i < ORDER.len() { 3000.0 } else { 4000.0 };
        let shown_ms = pair[1]["at"].as_f64().unwrap() - pair[0]["at"].as_f64().unwrap();
        // Each slide stays its dwell; the next one is read before it is shown (at most 3 s
        // in a debug build on a busy machine).
        assert!(
            (dwell_ms - 50.0..dwell_ms + 3000.0).contains(&shown_ms),
            "{} shown {shown_ms} ms for a dwell of {dwell_ms} ms",
            pair[0]["id"]
        );
    }

    // Keys: space pauses, and the slide stays past its dwell.
    session.press(" ").await;
    let paused = on_screen(&session).await;
    assert_eq!(paused["paused"], true);
    tokio::time::sleep(Duration::from_secs(6)).await;
    let still = on_screen(&session).await;
    assert_eq!(
        (&still["id"], &still["shown"]),
        (&paused["id"], &paused["shown"])
    );
    assert!(
        session
            .execute("return !document.querySelector('[data-test=wall-paused]').classList.contains('hidden');")
            .await
            == true,
        "the paused mark shows"
    );
    // PageDown / → next, PageUp / ← previous (a presenter remote sends PageUp and PageDown).
    let i = still["index"].as_u64().unwrap();
    let next = (i + 1) % of;
    let there = press_to(&session, PAGE_DOWN, next).await;
    assert_eq!(there["paused"], true, "going on by hand keeps the pause");
    press_to(&session, PAGE_UP, i).await;
    press_to(&session, RIGHT, next).await;
    let back = press_to(&session, LEFT, i).await;
    assert_eq!(back["id"], still["id"]);
    let progress = session
        .execute("return document.querySelector('[data-test=wall-progress]').textContent;")
        .await;
    assert_eq!(progress, format!("{} / {of}", i + 1));
    // p resumes: the rotation goes on by itself.
    session.press("p").await;
    let shown = back["shown"].as_u64().unwrap();
    session
        .wait_for(
            "the rotation to go on after p",
            &format!("const log = window.wall.log; return log[log.length - 1].n + 1 > {shown} && document.body.dataset.wallPaused === 'false';"),
            Duration::from_secs(10),
        )
        .await;

    let ids = every_slide(&session, &db, "1920x1080").await;
    assert_eq!(ids.len() as u64, of);
    session.close().await;
}

#[tokio::test]
#[ignore = "drives the real window: run under xvfb-run with --ignored (scripts/test.sh)"]
async fn every_slide_reads_at_3840x2160() {
    let screen = XServer::start(3840, 2160);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.sqlite");
    let driver = wall_driver(dir.path(), &db, Some(&screen.display));
    let session = Session::start(&driver, &app(), &["--wall"]).await;
    wait_for_agencies(&session).await;
    let size = session.execute("return [innerWidth, innerHeight];").await;
    assert_eq!(
        size,
        serde_json::json!([3840, 2160]),
        "the wall covers the screen"
    );
    let ids = every_slide(&session, &db, "3840x2160").await;
    assert_eq!(ids.len(), ORDER.len() + AGENCY_SLIDES);
    session.close().await;
}

/// A simulator of its own, as a process this test can stop.
struct SimProcess(Child);

impl Drop for SimProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
#[ignore = "drives the real window: run under xvfb-run with --ignored (scripts/test.sh)"]
async fn the_stale_banner_shows_when_the_source_stops_and_the_figures_stay() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let sim = SimProcess(
        Command::new(app())
            .args([
                "sim",
                "--port",
                &port.to_string(),
                "--dossiers",
                DEMO_DOSSIERS,
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("controlroom sim runs"),
    );
    let deadline = Instant::now() + Duration::from_secs(120);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "the simulator did not open port {port}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.sqlite");
    let playlist = dir.path().join("wall.json");
    std::fs::write(&playlist, PLAYLIST).unwrap();
    // A sync every 2 s: stale after 3 intervals, 6 s without a successful sync.
    let driver = driver_on(
        dir.path(),
        &db,
        &format!("http://127.0.0.1:{port}"),
        2,
        &[("CONTROLROOM_WALL_PLAYLIST", playlist.to_str().unwrap())],
    );
    let session = Session::start(&driver, &app(), &["--wall"]).await;
    wait_for_agencies(&session).await;
    const BANNER: &str = "const b = document.querySelector('[data-test=wall-stale]');
        return b.classList.contains('hidden') ? null : b.textContent;";
    assert_eq!(
        session.execute(BANNER).await,
        Value::Null,
        "fresh data: no banner"
    );

    drop(sim);
    let text = session
        .wait_for("the stale banner", BANNER, Duration::from_secs(30))
        .await;
    assert!(text.as_str().unwrap().contains("DỮ LIỆU ĐÃ CŨ"), "{text}");
    // Past three intervals the banner says how old the data is.
    tokio::time::sleep(Duration::from_secs(8)).await;
    let text = session.execute(BANNER).await;
    assert!(
        text.as_str()
            .unwrap()
            .contains("Lần đồng bộ thành công gần nhất"),
        "{text}"
    );
    // The last good figures stay, and the rotation goes on.
    let before = on_screen(&session).await;
    session
        .wait_for(
            "the rotation to go on while stale",
            &format!(
                "const log = window.wall.log; return log[log.length - 1].n + 1 > {};",
                before["shown"]
            ),
            Duration::from_secs(15),
        )
        .await;
    let after = on_screen(&session).await;
    let text = after["text"].as_str().unwrap();
    assert!(
        text.chars().filter(char::is_ascii_digit).count() > 3,
        "{text}"
    );
    assert!(
        session
            .execute("return document.querySelector('.wall').classList.contains('is-stale');")
            .await
            == true
    );
    session
        .screenshot(&artifacts().join("wall-stale.png"))
        .await;
    session.close().await;
}
