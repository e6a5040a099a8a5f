//! The app's commands through Tauri's mock runtime and real IPC, against a real cache filled by
//! the real sync engine from the in-process simulator.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use controlroom::app::{builder, start, AppConfig};
use controlroom::sim::{FaultSpec, SimConfig, SimHandle};
use serde_json::Value;
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::{App, Listener, Manager, WebviewWindow};

const WAIT: Duration = Duration::from_secs(120);

fn simulator(dossiers: u64, token: Option<&str>) -> SimHandle {
    let cfg = SimConfig {
        seed: 7,
        dossiers: Some(dossiers),
        faults: FaultSpec::none(),
        live: None,
        token: token.map(String::from),
        now: Some(
            chrono::NaiveDate::from_ymd_opt(2026, 3, 16)
                .unwrap()
                .and_hms_opt(10, 0, 0)
                .unwrap(),
        ),
    };
    let loopback = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    tauri::async_runtime::block_on(controlroom::sim::start(cfg, loopback))
        .expect("simulator starts")
}

fn config(db: &Path, source: Option<String>, demo_dossiers: Option<u64>) -> AppConfig {
    AppConfig {
        source,
        // Long enough that only the first sync (and the ones asked for) run during a test.
        sync_interval: Duration::from_secs(3600),
        db: db.to_path_buf(),
        reset_cache: false,
        demo_dossiers,
        wall: false,
        thresholds: Default::default(),
        playlist: Default::default(),
    }
}

/// The app with its `sync-finished` events, in order.
fn app(
    config: AppConfig,
) -> (
    App<MockRuntime>,
    WebviewWindow<MockRuntime>,
    mpsc::Receiver<Value>,
) {
    let app = builder(mock_builder())
        .build(mock_context(noop_assets()))
        .expect("the app builds");
    let (tx, rx) = mpsc::channel();
    app.listen_any("sync-finished", move |event| {
        let _ = tx.send(serde_json::from_str(event.payload()).unwrap());
    });
    let label = if config.wall { "wall" } else { "main" };
    start(app.handle(), config).expect("the app starts");
    let window = app
        .get_webview_window(label)
        .expect("start opened the window");
    (app, window, rx)
}

fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str) -> Result<Value, Value> {
    invoke_with(window, cmd, serde_json::json!({}))
}

fn invoke_with(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        window,
        tauri::webview::InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

fn cache_status(db: &Path) -> controlroom::cache::CacheStatus {
    let conn = controlroom::cache::open(db).unwrap();
    controlroom::cache::status(&conn).unwrap()
}

#[test]
fn status_shows_what_the_sync_wrote_to_the_cache() {
    let sim = simulator(600, None);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.sqlite");
    let (_app, window, finished) = app(config(&db, Some(sim.base_url.clone()), None));

    let outcome = finished
        .recv_timeout(WAIT)
        .expect("the first sync finishes");
    assert_eq!(outcome["ok"], true, "{outcome}");
    let report = &outcome["report"];
    assert!(report["upserted"].as_u64().unwrap() > 0, "{report}");

    let status = invoke(&window, "status").expect("status answers");
    let cache = cache_status(&db);
    assert!(cache.dossiers > 0);
    assert_eq!(status["dossiers"], cache.dossiers);
    assert_eq!(status["quarantined"], cache.quarantined);
    assert_eq!(status["tombstones"], cache.tombstones);
    assert_eq!(status["demo"], false);
    assert_eq!(status["source_url"], sim.base_url.as_str());
    assert_eq!(status["sync_interval_secs"], 3600);
    assert_eq!(status["syncing"], false);
    assert!(status["last_error"].is_null(), "{status}");
    assert_eq!(
        status["last_success_at"],
        cache.last_success_at.clone().unwrap().as_str()
    );
    let age = status["last_success_age_secs"].as_i64().unwrap();
    assert!((0..120).contains(&age), "the sync just ran, age {age}");

    // Every agency of the cache, once, in the group of its level, most dossiers first.
    let groups = status["agency_groups"].as_array().unwrap();
    let levels: Vec<u64> = groups
        .iter()
        .map(|g| g["level"].as_u64().unwrap())
        .collect();
    assert!(
        levels.windows(2).all(|w| w[0] < w[1]),
        "levels in order: {levels:?}"
    );
    let mut shown = 0;
    for group in groups {
        let rows = group["agencies"].as_array().unwrap();
        let counts: Vec<u64> = rows
            .iter()
            .map(|a| a["dossiers"].as_u64().unwrap())
            .collect();
        assert!(
            counts.windows(2).all(|w| w[0] >= w[1]),
            "sorted: {counts:?}"
        );
        assert_eq!(group["total"].as_u64().unwrap(), counts.iter().sum::<u64>());
        for row in rows {
            let agency = cache
                .agencies
                .iter()
                .find(|a| a.code == row["code"].as_str().unwrap())
                .expect("an agency of the cache");
            assert_eq!(row["dossiers"], agency.dossiers);
            assert_eq!(u64::from(agency.level), group["level"].as_u64().unwrap());
            shown += 1;
        }
    }
    assert_eq!(shown, cache.agencies.len());
    let total: u64 = cache.agencies.iter().map(|a| a.dossiers).sum();
    assert_eq!(total, cache.dossiers, "every dossier belongs to one agency");
    tauri::async_runtime::block_on(sim.shutdown());
}

#[test]
fn without_a_source_the_demo_simulator_is_started_and_synced_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let (_app, window, finished) = app(config(&db, None, Some(300)));

    let outcome = finished.recv_timeout(WAIT).expect("the demo sync finishes");
    assert_eq!(outcome["ok"], true, "{outcome}");

    let status = invoke(&window, "status").unwrap();
    assert_eq!(status["demo"], true);
    let url = status["source_url"].as_str().unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let cache = cache_status(&db);
    assert!(cache.dossiers > 0, "demo data arrived");
    assert_eq!(status["dossiers"], cache.dossiers);
    let synced_from = cache.source.expect("the cache records its source");
    assert_eq!(
        synced_from.trim_end_matches('/'),
        url,
        "synced from the simulator's URL"
    );
}

#[test]
fn sync_now_runs_a_sync_without_waiting_for_the_interval() {
    let sim = simulator(200, None);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.sqlite");
    let (_app, window, finished) = app(config(&db, Some(sim.base_url.clone()), None));
    assert_eq!(finished.recv_timeout(WAIT).unwrap()["ok"], true);
    let first = cache_status(&db).last_attempt_at;

    assert_eq!(invoke(&window, "sync_now"), Ok(Value::Null));
    let second = finished
        .recv_timeout(WAIT)
        .expect("a second sync, asked for");
    assert_eq!(second["ok"], true, "{second}");
    // Nothing changed at the simulator, so the second run took nothing new.
    assert_eq!(second["report"]["upserted"], 0, "{second}");
    assert!(cache_status(&db).last_attempt_at >= first);
    tauri::async_runtime::block_on(sim.shutdown());
}

#[test]
fn a_refused_token_reaches_the_ui_as_a_token_error_and_the_screen_still_answers() {
    let sim = simulator(50, Some("the-right-token"));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.sqlite");
    let (_app, window, finished) = app(config(&db, Some(sim.base_url.clone()), None));

    let outcome = finished.recv_timeout(WAIT).unwrap();
    assert_eq!(outcome["ok"], false, "{outcome}");
    assert_eq!(outcome["error"]["code"], "token", "{outcome}");
    let message = outcome["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("CONTROLROOM_TOKEN"),
        "says what to do: {message}"
    );

    let status = invoke(&window, "status").unwrap();
    assert_eq!(status["dossiers"], 0);
    assert_eq!(status["last_error"]["code"], "token");
    assert_eq!(status["last_error"]["message"], message);
    assert!(status["last_success_at"].is_null());
    tauri::async_runtime::block_on(sim.shutdown());
}

#[test]
fn a_cache_that_cannot_be_read_is_an_error_with_a_code_and_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("not-a-database.sqlite");
    std::fs::write(&db, vec![b'x'; 4096]).unwrap();
    // An unreachable source: the background sync fails too, but status must answer for itself.
    let (_app, window, _finished) = app(config(&db, Some("http://127.0.0.1:9".into()), None));

    let err = invoke(&window, "status").expect_err("a broken cache is an error");
    assert_eq!(err["code"], "cache", "{err}");
    assert!(!err["message"].as_str().unwrap().is_empty());
    assert_eq!(
        err.as_object().unwrap().len(),
        2,
        "{{code, message}} only: {err}"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        vec![b'x'; 4096],
        "the file is left as it was"
    );
}

#[test]
fn the_dashboard_commands_show_the_figures_of_the_metrics_engine() {
    use controlroom::calendar::Calendar;
    use controlroom::metrics::{self, Period};
    use serde_json::json;

    let sim = simulator(1500, None);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.sqlite");
    let (_app, window, finished) = app(config(&db, Some(sim.base_url.clone()), None));
    let outcome = finished
        .recv_timeout(WAIT)
        .expect("the first sync finishes");
    assert_eq!(outcome["ok"], true, "{outcome}");

    // A period in the simulator's past, so that the instant is the end of its last day.
    let range = json!({"kind": "range", "from": "2026-01-01", "to": "2026-03-15"});
    let req = json!({"period": range, "lang": "vi", "chart_width": 640});
    let overview = invoke_with(&window, "overview", json!({"req": req})).expect("overview");
    let conn = controlroom::cache::open(&db).unwrap();
    let cal = Calendar::load(&conn).unwrap();
    let period = Period::new(
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 3, 15).unwrap(),
    )
    .unwrap();
    let engine =
        serde_json::to_value(metrics::compute(&conn, &cal, period, None).unwrap()).unwrap();
    assert_eq!(overview["period"]["as_of"], "2026-03-15T23:59:59");
    assert_eq!(overview["province"], engine["province"]);
    assert_eq!(overview["agencies"], engine["agencies"]);
    assert_eq!(overview["tiles"].as_array().unwrap().len(), 6);
    let charts = overview["charts"].as_array().unwrap();
    assert_eq!(charts.len(), 4);
    let on_time = &charts[0]["chart"];
    assert!(on_time["svg"].as_str().unwrap().starts_with("<svg"));
    assert_eq!(on_time["width"], 640);
    assert!(!on_time["regions"].as_array().unwrap().is_empty());

    // The busiest agency's page carries the same figures as the engine's row for it.
    let busiest = engine["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|a| a["received"].as_u64().unwrap())
        .unwrap();
    let code = busiest["code"].as_str().unwrap();
    let page = invoke_with(&window, "agency_page", json!({"code": code, "req": req})).unwrap();
    assert_eq!(&page["agency"], busiest);
    let procedure = page["by_procedure"][0]["code"].as_str().unwrap().to_owned();
    let page = invoke_with(
        &window,
        "procedure_page",
        json!({"code": procedure, "req": req}),
    )
    .unwrap();
    assert_eq!(page["procedure"]["code"], procedure.as_str());

    // The list behind a count is as long as the count; its first dossier opens.
    let list = invoke_with(
        &window,
        "dossier_list",
        json!({"req": {"figure": "resolved", "scope": {"kind": "agency", "code": code},
                "period": range, "sort": "received_date", "limit": 25}}),
    )
    .unwrap();
    assert_eq!(list["total"], busiest["resolved"]);
    assert_eq!(
        list["rows"].as_array().unwrap().len() as u64,
        busiest["resolved"].as_u64().unwrap().min(25)
    );
    let first = list["rows"][0]["code"].as_str().unwrap();
    let detail = invoke_with(
        &window,
        "dossier_detail",
        json!({"code": first, "lang": "en", "chartWidth": 900}),
    )
    .unwrap();
    assert_eq!(detail["code"], first);
    assert_eq!(detail["agency"]["code"], code);

    // Mistakes come back as a code the UI can act on and a sentence.
    let missing =
        invoke_with(&window, "agency_page", json!({"code": "nope", "req": req})).unwrap_err();
    assert_eq!(missing["code"], "not_found", "{missing}");
    let reversed = json!({"kind": "range", "from": "2026-03-15", "to": "2026-01-01"});
    let bad = invoke_with(
        &window,
        "overview",
        json!({"req": {"period": reversed, "lang": "vi", "chart_width": 640}}),
    )
    .unwrap_err();
    assert_eq!(bad["code"], "input", "{bad}");
    assert!(
        bad["message"].as_str().unwrap().contains("reversed"),
        "{bad}"
    );
    let unknown = invoke_with(
        &window,
        "dossier_list",
        json!({"req": {"figure": "bogus", "scope": {"kind": "province"}, "period": range,
                "sort": "due_date", "limit": 10}}),
    )
    .unwrap_err();
    assert_eq!(unknown["code"], "input", "{unknown}");
    tauri::async_runtime::block_on(sim.shutdown());
}

/// The wall's answers carry no personal data: every answer of every wall command, over a cache
/// synced from a simulator whose history ends now (so that dossiers are overdue and at risk
/// today), is scanned for every applicant's name, identity number and phone number the
/// simulator put in the dossiers, whole or masked as the cache keeps them.
#[test]
fn the_wall_commands_answer_without_any_personal_data() {
    let cfg = SimConfig {
        seed: 15,
        dossiers: Some(12_000),
        faults: FaultSpec::none(),
        live: None,
        token: None,
        now: None,
    };
    let loopback = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let sim = tauri::async_runtime::block_on(controlroom::sim::start(cfg, loopback))
        .expect("simulator starts");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.sqlite");
    let mut wall = config(&db, Some(sim.base_url.clone()), None);
    wall.wall = true;
    // Every agency, troubled or not, so that every agency slide is scanned.
    wall.playlist.slides[5].only_exceptions = Some(false);
    let (_app, window, finished) = app(wall);
    let outcome = finished
        .recv_timeout(WAIT)
        .expect("the first sync finishes");
    assert_eq!(outcome["ok"], true, "{outcome}");

    let mut personal = personal_data(&db);
    personal.extend(raw_personal_numbers(&sim.base_url));
    assert!(
        personal.len() > 1000,
        "the simulator's applicants: {}",
        personal.len()
    );

    let mut answers = vec![invoke(&window, "wall_status").expect("wall_status answers")];
    // Two rotations, so that the second tells the newly overdue dossiers apart.
    invoke(&window, "wall_rotation").expect("a rotation");
    let rotation = invoke(&window, "wall_rotation").expect("a second rotation");
    let slides = rotation["slides"].as_array().unwrap();
    let agencies = slides
        .iter()
        .filter(|s| s["id"].as_str().unwrap().starts_with("agency:"))
        .count();
    assert!(agencies > 10, "one slide per agency: {agencies}");
    let mut overdue_rows = 0;
    for slide in slides {
        // The captions' language changes no data: English once, for the slides of the province.
        let agency = slide["id"].as_str().unwrap().starts_with("agency:");
        for lang in if agency {
            &["vi"][..]
        } else {
            &["vi", "en"][..]
        } {
            let args = serde_json::json!({"id": slide["id"], "lang": lang});
            let answer = invoke_with(&window, "wall_slide", args)
                .unwrap_or_else(|e| panic!("{}: {e}", slide["id"]));
            assert_eq!(answer["id"], slide["id"]);
            overdue_rows += answer["overdue"].as_array().map_or(0, Vec::len);
            answers.push(answer);
        }
    }
    assert!(overdue_rows > 0, "some overdue dossiers are on the wall");
    answers.push(rotation);
    let text = serde_json::to_string(&answers).unwrap();
    for key in [
        "applicant",
        "ChuHoSo",
        "SoGiayTo",
        "SoDienThoai",
        "summary",
        "official",
    ] {
        assert!(!text.contains(key), "a field {key} in a wall answer");
    }
    for value in &personal {
        assert!(
            !text.contains(value.as_str()),
            "personal data on the wall: {value}"
        );
    }
    tauri::async_runtime::block_on(sim.shutdown());
}

/// Every applicant's name and masked numbers in the cache, and the numbers the simulator sent
/// before masking, read back from its feed.
fn personal_data(db: &Path) -> Vec<String> {
    let conn = controlroom::cache::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT applicant_name, applicant_id_masked, applicant_phone_masked FROM dossier")
        .unwrap();
    let mut out: Vec<String> = stmt
        .query_map([], |r| {
            Ok([
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
            ])
        })
        .unwrap()
        .flat_map(|row| row.unwrap())
        .flatten()
        .filter(|v| v.chars().count() >= 6)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The identity and phone numbers as the simulator sends them (the cache keeps them masked).
fn raw_personal_numbers(base: &str) -> Vec<String> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let mut out = Vec::new();
    let mut path = "/api/v1/hoso?updated_since=20000101000000&limit=1000".to_owned();
    loop {
        let page: Value = tauri::async_runtime::block_on(async {
            let answer = http.get(format!("{base}{path}")).send().await.unwrap();
            answer.json().await.unwrap()
        });
        for record in page["data"].as_array().unwrap() {
            for key in ["SoGiayToChuHoSo", "SoDienThoai", "ChuHoSo"] {
                if let Some(v) = record[key].as_str().filter(|v| v.len() >= 6) {
                    out.push(v.to_owned());
                }
            }
        }
        if !page["has_more"].as_bool().unwrap() {
            return out;
        }
        path = format!(
            "/api/v1/hoso?cursor={}&limit=1000",
            page["next_cursor"].as_str().unwrap()
        );
    }
}

/// The workbench through IPC: the explorer counts what the engine counts and narrows by its
/// filters; the exports write whole files where the operator said (`CONTROLROOM_EXPORTS`).
#[test]
fn the_workbench_commands_count_as_the_engine_and_export_files() {
    use serde_json::json;

    let sim = simulator(1500, None);
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    // Read by the export commands only, which no other test calls.
    std::env::set_var("CONTROLROOM_EXPORTS", &exports);
    let db = dir.path().join("cache.sqlite");
    let (_app, window, finished) = app(config(&db, Some(sim.base_url.clone()), None));
    assert_eq!(finished.recv_timeout(WAIT).unwrap()["ok"], true);

    let range = json!({"kind": "range", "from": "2026-01-01", "to": "2026-03-15"});
    let explorer =
        |filter: Value| json!({"period": range, "filter": filter, "limit": 10, "lang": "vi"});
    let page = invoke_with(&window, "explore_late", json!({"req": explorer(json!({}))})).unwrap();
    let overview = invoke_with(
        &window,
        "overview",
        json!({"req": {"period": range, "lang": "vi", "chart_width": 640}}),
    )
    .unwrap();
    for pair in page["by_kind"].as_array().unwrap() {
        let figure = pair[0].as_str().unwrap();
        assert_eq!(pair[1], overview["province"][figure], "{figure}");
    }
    assert!(page["total"].as_u64().unwrap() > 0);
    assert!(page["rows"].as_array().unwrap().len() <= 10);
    let agency = page["rows"][0]["agency_code"].as_str().unwrap().to_owned();
    let narrowed = invoke_with(
        &window,
        "explore_late",
        json!({"req": explorer(json!({"agency": agency}))}),
    )
    .unwrap();
    let row = overview["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == agency.as_str())
        .unwrap();
    let late = ["resolved_late", "pending_overdue", "pending_at_risk"]
        .iter()
        .map(|f| row[f].as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(narrowed["total"], late);
    assert!(narrowed["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["agency_code"] == agency.as_str()));
    // A filter the contract cannot mean is refused, not ignored.
    assert!(invoke_with(
        &window,
        "explore_late",
        json!({"req": explorer(json!({"agnecy": agency}))})
    )
    .is_err());

    let ranking =
        invoke_with(&window, "late_ranking", json!({"req": explorer(json!({}))})).unwrap();
    assert!(!ranking["officials"].as_array().unwrap().is_empty());

    let exported = invoke_with(
        &window,
        "export_report",
        json!({"req": {"kind": "late", "format": "csv",
                "explorer": explorer(json!({"agency": agency}))}}),
    )
    .unwrap();
    let path = std::path::PathBuf::from(exported["path"].as_str().unwrap());
    assert!(path.starts_with(&exports), "{path:?}");
    assert_eq!(exported["rows"], late);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("Danh sách hồ sơ trễ hạn"), "{text}");

    let png = invoke_with(
        &window,
        "export_chart",
        json!({"pageOf": {"kind": "overview"}, "id": "on_time_by_agency",
               "req": {"period": range, "lang": "vi", "chart_width": 640}}),
    )
    .unwrap();
    let bytes = std::fs::read(png["path"].as_str().unwrap()).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // Nothing half-written is left beside the files.
    for entry in std::fs::read_dir(&exports).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".part"), "{name}");
    }
}
