//! A small WebDriver client for the end-to-end tests: starts `tauri-driver` (which drives the
//! real app through /usr/bin/WebKitWebDriver) and speaks the W3C protocol to it.
//! Needs a display (run under `xvfb-run`) and `tauri-driver` 2.1.0 (`TAURI_DRIVER`, else on
//! `PATH` or in `~/.cargo/bin`).

#![allow(dead_code)] // each e2e test uses its own part of this

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Where screenshots go: `artifacts/e2e/` at the repository root.
pub fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/e2e");
    std::fs::create_dir_all(&dir).expect("artifacts/e2e can be created");
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return path.into();
    }
    let home_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .map(|d| d.join("bin/tauri-driver"));
    match home_bin {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

/// A running `tauri-driver`; stopped with SIGTERM on drop (after SIGKILL its WebKitWebDriver
/// child would keep its port).
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Driver {
    /// `env` is passed to the app (tauri-driver → WebKitWebDriver → app inherit it).
    pub fn start(env: &[(&str, &str)]) -> Driver {
        let (port, native) = (free_port(), free_port());
        let mut command = Command::new(tauri_driver());
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            command.env(k, v);
        }
        let child = command
            .spawn()
            .expect("tauri-driver runs (cargo install tauri-driver --version 2.1.0 --locked)");
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not open port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// One session = one run of the app.
pub struct Session {
    http: reqwest::Client,
    base: String,
}

impl Session {
    pub async fn start(driver: &Driver, app: &Path, args: &[&str]) -> Session {
        // reqwest is built without a default TLS crypto provider (see Cargo.toml).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::new();
        let caps = json!({"capabilities": {"alwaysMatch": {"tauri:options": {
            "application": app, "args": args }}}});
        // The WebKitWebDriver of the previous test may still hold its port for a moment, and
        // tauri-driver then drops the request: try again a few times before failing.
        let mut last = String::new();
        let mut id = None;
        for _ in 0..5 {
            let answer = http
                .post(format!("{}/session", driver.url))
                .json(&caps)
                .send()
                .await;
            let answer: Result<Value, String> = match answer {
                Ok(r) => r.json().await.map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            match answer {
                Ok(v) if v["value"]["sessionId"].is_string() => {
                    id = v["value"]["sessionId"].as_str().map(String::from);
                    break;
                }
                Ok(v) => last = v.to_string(),
                Err(e) => last = e,
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
        let id = id.unwrap_or_else(|| panic!("tauri-driver gives no session: {last}"));
        Session {
            base: format!("{}/session/{id}", driver.url),
            http,
        }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer: Value = request.send().await.unwrap().json().await.unwrap();
        // A WebDriver error is {"value": {"error": "<code>", "message": ...}}.
        if let Some(error) = answer["value"]["error"].as_str() {
            panic!("WebDriver {path}: {error} {}", answer["value"]["message"]);
        }
        answer["value"].clone()
    }

    /// Runs `script` (a function body; `return` the answer) in the window.
    pub async fn execute(&self, script: &str) -> Value {
        let body = json!({"script": script, "args": []});
        self.call(reqwest::Method::POST, "/execute/sync", Some(body))
            .await
    }

    /// Polls `script` until it returns something truthy; panics with `what` after `timeout`.
    pub async fn wait_for(&self, what: &str, script: &str, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.execute(script).await;
            let truthy = !matches!(value, Value::Null | Value::Bool(false));
            if truthy {
                return value;
            }
            if Instant::now() >= deadline {
                // What the window showed, for the log and as a picture in artifacts/e2e.
                let text = self
                    .execute("return document.body.innerText.slice(0, 600);")
                    .await;
                let shot = self.call(reqwest::Method::GET, "/screenshot", None).await;
                if let Some(encoded) = shot.as_str() {
                    let name = what.replace(|c: char| !c.is_ascii_alphanumeric(), "-");
                    let _ = std::fs::write(
                        artifacts().join(format!("timeout-{name}.png")),
                        decode_base64(encoded),
                    );
                }
                panic!("timed out waiting for {what}; the window showed: {text}");
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Clicks `css` (its handler, as a click on it calls it) until `done`, a script expression,
    /// holds: a page redrawn in place while a click travels (a sync that lands meanwhile)
    /// replaces the element, and that click goes nowhere.
    pub async fn click_until(&self, what: &str, css: &str, done: &str, timeout: Duration) {
        let css = serde_json::to_string(css).expect("a selector");
        let script = format!(
            "if ({done}) return true; document.querySelector({css})?.click(); return null;"
        );
        self.wait_for(what, &script, timeout).await;
    }

    /// Waits until the header says a sync has succeeded and none is running (the demo's first
    /// sync included: up to four minutes on a loaded machine).
    pub async fn wait_first_sync(&self) {
        self.wait_for(
            "the first sync to finish",
            "const age = document.querySelector('[data-test=data-age]');
             return !!age && !document.querySelector('.freshness .spinner') && /\\d|vừa/.test(age.textContent);",
            Duration::from_secs(240),
        )
        .await;
    }

    /// Clicks the first element matching `css` the way a mouse does (WebDriver scrolls it into
    /// view and clicks its centre).
    pub async fn click(&self, css: &str) {
        let found = self
            .call(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        let id = found["element-6066-11e4-a52e-4f735466cecf"]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {found}"));
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/click"),
            Some(json!({})),
        )
        .await;
    }

    pub async fn set_size(&self, width: u32, height: u32) {
        let body = json!({"width": width, "height": height});
        self.call(reqwest::Method::POST, "/window/rect", Some(body))
            .await;
    }

    /// Saves the window as PNG.
    /// Saves what the window shows, once every font the page uses has loaded (the UI's fonts use
    /// `font-display: block`, so text waiting for its font is painted invisible).
    pub async fn screenshot(&self, path: &Path) {
        self.wait_for(
            "the fonts",
            "return document.fonts.status === 'loaded' && [...document.fonts].every(f => f.status !== 'loading');",
            Duration::from_secs(10),
        )
        .await;
        // One more frame so that the text laid out with the loaded font is painted.
        self.execute("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))));")
            .await;
        let encoded = self.call(reqwest::Method::GET, "/screenshot", None).await;
        let png = decode_base64(encoded.as_str().expect("a base64 string"));
        assert_eq!(&png[1..4], b"PNG", "a PNG image");
        std::fs::write(path, png).unwrap();
    }

    /// Presses and releases a key, as a keyboard (or a presenter remote) does: `key` is a
    /// character or a WebDriver key code ("\u{E00F}" PageDown, "\u{E00E}" PageUp,
    /// "\u{E014}" →, "\u{E012}" ←).
    pub async fn press(&self, key: &str) {
        let body = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]});
        self.call(reqwest::Method::POST, "/actions", Some(body))
            .await;
    }

    pub async fn close(self) {
        let _ = self.http.delete(&self.base).send().await;
    }
}

/// Standard base64 (the screenshot's encoding), padding and line breaks ignored.
fn decode_base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| !matches!(c, b'=' | b'\n' | b'\r')) {
        let v = ALPHABET.iter().position(|&a| a == c).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// tauri-driver for an app on the built-in demo of `dossiers` dossiers, with its cache at `db`
/// and its settings under `dir`: nothing of the user's is read or written.
pub fn demo_driver(dir: &Path, db: &Path, dossiers: u64) -> Driver {
    // One sync during a test, so that the screen and the cache can be compared.
    driver_on(
        dir,
        db,
        "",
        3600,
        &[("CONTROLROOM_DEMO_DOSSIERS", &dossiers.to_string())],
    )
}

/// tauri-driver for an app syncing from `source` ("" = the demo) every `interval` seconds into
/// the cache `db`, its settings under `dir`.
pub fn driver_on(
    dir: &Path,
    db: &Path,
    source: &str,
    interval: u64,
    more: &[(&str, &str)],
) -> Driver {
    let (config, data) = (dir.join("config"), dir.join("data"));
    let interval = interval.to_string();
    let mut env = vec![
        ("CONTROLROOM_DB", db.to_str().unwrap()),
        ("CONTROLROOM_SOURCE", source),
        ("CONTROLROOM_SYNC_INTERVAL", interval.as_str()),
        ("XDG_CONFIG_HOME", config.to_str().unwrap()),
        ("XDG_DATA_HOME", data.to_str().unwrap()),
    ];
    env.extend_from_slice(more);
    Driver::start(&env)
}

/// The app under test: the binary cargo built for this test, unless `CONTROLROOM_E2E_APP` names
/// another (useful when several checkouts share one target folder).
pub fn app() -> PathBuf {
    std::env::var_os("CONTROLROOM_E2E_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_controlroom")))
}

/// A count as the Vietnamese screen writes it: 1234567 -> "1.234.567".
pub fn vi_number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[test]
fn helpers_decode_and_format_as_expected() {
    assert_eq!(decode_base64("iVBORw0KGgo="), b"\x89PNG\r\n\x1a\n");
    assert_eq!(decode_base64("TWFu"), b"Man");
    assert_eq!(vi_number(0), "0");
    assert_eq!(vi_number(999), "999");
    assert_eq!(vi_number(1000), "1.000");
    assert_eq!(vi_number(1234567), "1.234.567");
}

/// An X server of its own size (e.g. 3840×2160) for a test that needs one; stopped on drop.
pub struct XServer {
    child: Child,
    pub display: String,
}

impl XServer {
    pub fn start(width: u32, height: u32) -> XServer {
        let n = (140..200)
            .find(|n| !Path::new(&format!("/tmp/.X{n}-lock")).exists())
            .expect("a free X display number");
        let display = format!(":{n}");
        let child = Command::new("Xvfb")
            .args([
                &display,
                "-screen",
                "0",
                &format!("{width}x{height}x24"),
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (apt-get install xvfb)");
        let socket = format!("/tmp/.X11-unix/X{n}");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !Path::new(&socket).exists() {
            assert!(Instant::now() < deadline, "Xvfb {display} did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        XServer { child, display }
    }
}

impl Drop for XServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every applicant's name and masked numbers in the cache `db`, and the numbers as the source
/// the cache was synced from sends them (the cache keeps them masked): what must never reach
/// the wall.
pub async fn personal_data(db: &Path) -> Vec<String> {
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
        .collect();
    let source = controlroom::cache::status(&conn)
        .unwrap()
        .source
        .expect("a synced cache");
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let base = source.trim_end_matches('/');
    let mut path = "/api/v1/hoso?updated_since=20000101000000&limit=1000".to_owned();
    loop {
        let page: Value = http
            .get(format!("{base}{path}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for record in page["data"].as_array().unwrap() {
            for key in ["ChuHoSo", "SoGiayToChuHoSo", "SoDienThoai"] {
                if let Some(v) = record[key].as_str() {
                    out.push(v.to_owned());
                }
            }
        }
        if page["has_more"] != true {
            break;
        }
        path = format!(
            "/api/v1/hoso?cursor={}&limit=1000",
            page["next_cursor"].as_str().unwrap()
        );
    }
    // Short values (a 3-digit mask) would match any figure: names and numbers are longer.
    out.retain(|v| v.chars().count() >= 6);
    out.sort();
    out.dedup();
    out
}
