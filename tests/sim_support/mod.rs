//! Shared by the simulator's integration tests: an in-process simulator on its own runtime, a
//! plain blocking HTTP/1.1 client (so that truncated bodies and headers are seen as sent), and
//! an independent checker of the contract's rules for a dossier record.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use controlroom::sim::{start_with, SimConfig, SimHandle, SimOptions};
use serde_json::Value;

pub struct TestSim {
    pub base: String,
    handle: Option<SimHandle>,
    runtime: tokio::runtime::Runtime,
}

impl TestSim {
    pub fn start(cfg: SimConfig) -> Self {
        Self::start_with(cfg, SimOptions::default())
    }

    pub fn start_with(cfg: SimConfig, options: SimOptions) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let handle = runtime
            .block_on(start_with(cfg, options, "127.0.0.1:0".parse().unwrap()))
            .expect("simulator starts");
        TestSim {
            base: handle.base_url.clone(),
            handle: Some(handle),
            runtime,
        }
    }

    pub fn get(&self, path: &str) -> Answer {
        get(&self.base, path, &[])
    }

    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        get(&self.base, path, headers)
    }

    pub fn json(&self, path: &str) -> Value {
        let a = self.get(path);
        assert_eq!(a.status, 200, "{path}: {}", a.text());
        a.json()
    }

    pub fn truth(&self) -> Value {
        self.json("/__sim/truth")
    }
}

impl Drop for TestSim {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            self.runtime.block_on(h.shutdown());
        }
    }
}

pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// One GET over a fresh connection; the body is returned as sent (not decompressed).
pub fn get(base: &str, path: &str, headers: &[(&str, &str)]) -> Answer {
    let host = base.trim_start_matches("http://");
    let mut s = TcpStream::connect(host).expect("connect to the simulator");
    let mut req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 4 + size..];
    }
}

pub fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y%m%d%H%M%S").unwrap()
}

pub fn instant(v: &Value) -> Option<NaiveDateTime> {
    let s = v.as_str()?;
    if s.len() != 14 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDateTime::parse_from_str(s, "%Y%m%d%H%M%S").ok()
}

/// Pulls the whole feed from `updated_since` with a cursor, asserting the paging rules as it
/// goes; returns the records in order.
pub fn pull_all(sim: &TestSim, since: &str, limit: usize) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let mut path = format!("/api/v1/hoso?updated_since={since}&limit={limit}");
    loop {
        let page = sim.json(&path);
        let data = page["data"].as_array().unwrap();
        assert!(data.len() <= limit);
        out.extend(data.iter().cloned());
        if !page["has_more"].as_bool().unwrap() {
            return out;
        }
        assert_eq!(data.len(), limit, "a page with more to come is full");
        path = format!(
            "/api/v1/hoso?cursor={}&limit={limit}",
            page["next_cursor"].as_str().unwrap()
        );
    }
}

/// The contract's rules for one dossier record (CENTER-API.md), checked independently of the
/// simulator's code. Err says what is broken.
pub fn check_record(r: &Value) -> Result<(), String> {
    let code = r.get("MaHoSo").and_then(Value::as_str).ok_or("no MaHoSo")?;
    let status = r["TrangThaiHoSo"].as_i64().ok_or("no TrangThaiHoSo")?;
    if !(1..=10).contains(&status) {
        return Err(format!("{code}: unknown status {status}"));
    }
    for field in ["NgayNopHoSo", "NgayCapNhat"] {
        instant(&r[field]).ok_or(format!("{code}: {field} is not an instant"))?;
    }
    let updated = instant(&r["NgayCapNhat"]).unwrap();
    let opt = |f: &str| -> Result<Option<NaiveDateTime>, String> {
        match &r[f] {
            Value::Null => Ok(None),
            v => instant(v)
                .map(Some)
                .ok_or(format!("{code}: {f} is not an instant")),
        }
    };
    let received = opt("NgayTiepNhan")?;
    let due = opt("NgayHenTra")?;
    let end = opt("NgayKetThucXuLy")?;
    let returned = opt("NgayTra")?;
    let refused = opt("NgayTuChoi")?;
    if !matches!(status, 1 | 3) && (received.is_none() || due.is_none()) {
        return Err(format!(
            "{code}: status {status} without NgayTiepNhan/NgayHenTra"
        ));
    }
    if status == 3 && refused.is_none() {
        return Err(format!("{code}: refused without NgayTuChoi"));
    }
    if matches!(status, 7..=10) && end.is_none() {
        return Err(format!("{code}: status {status} without NgayKetThucXuLy"));
    }
    if status == 10 && returned.is_none() {
        return Err(format!("{code}: returned without NgayTra"));
    }
    let pauses = r["DanhSachHoSoBoSung"]
        .as_array()
        .ok_or("no DanhSachHoSoBoSung")?;
    let open = pauses
        .iter()
        .filter(|p| p["NgayTiepNhanBoSung"].is_null())
        .count();
    if matches!(status, 5 | 6) && open != 1 {
        return Err(format!("{code}: status {status} with {open} open pauses"));
    }
    let mut latest = [instant(&r["NgayNopHoSo"]), received, end, returned, refused]
        .into_iter()
        .flatten()
        .max()
        .unwrap();
    for s in r["QuaTrinhXuLy"].as_array().ok_or("no QuaTrinhXuLy")? {
        let start = instant(&s["NgayBatDau"]).ok_or(format!("{code}: step start"))?;
        instant(&s["NgayKetThucTheoQuyDinh"]).ok_or(format!("{code}: step due"))?;
        if let Some(e) = instant(&s["NgayKetThuc"]) {
            if e < start {
                return Err(format!("{code}: step ends before it starts"));
            }
            latest = latest.max(e);
        }
    }
    if updated < latest {
        return Err(format!(
            "{code}: NgayCapNhat {updated} before an event {latest}"
        ));
    }
    if let Some(id) = r["SoGiayToChuHoSo"].as_str() {
        let person = r["LoaiDoiTuong"] == 1 || r["LoaiDoiTuong"] == 4;
        if person && (id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit())) {
            return Err(format!("{code}: identity number {id} is not 12 digits"));
        }
    }
    Ok(())
}

/// A working calendar built from the served `/lichlamviec` years (weekends otherwise).
pub struct ServedCalendar {
    off: Vec<NaiveDate>,
    on: Vec<NaiveDate>,
}

impl ServedCalendar {
    pub fn fetch(sim: &TestSim, years: &[i32]) -> Self {
        let mut off = Vec::new();
        let mut on = Vec::new();
        for y in years {
            let c = sim.json(&format!("/api/v1/lichlamviec?nam={y}"));
            let dates = |k: &str| -> Vec<NaiveDate> {
                c[k].as_array()
                    .unwrap()
                    .iter()
                    .map(|d| {
                        NaiveDate::parse_from_str(d["Ngay"].as_str().unwrap(), "%Y%m%d").unwrap()
                    })
                    .collect()
            };
            off.extend(dates("NgayNghi"));
            on.extend(dates("NgayLamBu"));
        }
        ServedCalendar { off, on }
    }

    pub fn is_working(&self, d: NaiveDate) -> bool {
        self.on.contains(&d)
            || (!matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.off.contains(&d))
    }

    pub fn add_working_days(&self, mut d: NaiveDate, n: u32) -> NaiveDate {
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().unwrap();
            if self.is_working(d) {
                left -= 1;
            }
        }
        d
    }
}
