//! The HTTP face: the four endpoints of CENTER-API.md, bearer-token check, gzip, error bodies,
//! transport faults, and `/__sim/truth`.

use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::Value;

use super::faults::{request_faults, Malformation, RequestFaults};
use super::feed::{to_secs, Kind, RenderJob, Start};
use super::Sim;
use crate::source::wire::{
    time::{format_date, format_instant, parse_instant},
    ErrorBody, GioLamViec, LichLamViec, ListBody, NgayLich,
};

#[derive(Debug, Clone, Copy)]
enum Endpoint {
    DonVi,
    ThuTuc,
    LichLamViec,
    HoSo,
}

impl Endpoint {
    fn path(self) -> &'static str {
        match self {
            Endpoint::DonVi => "/api/v1/donvi",
            Endpoint::ThuTuc => "/api/v1/thutuc",
            Endpoint::LichLamViec => "/api/v1/lichlamviec",
            Endpoint::HoSo => "/api/v1/hoso",
        }
    }
}

/// The contract's endpoints, and `extra` (the simulator's own pages, such as its truth).
pub(crate) fn router(sim: Arc<Sim>, extra: Router<Arc<Sim>>) -> Router {
    let mut router = extra;
    for endpoint in [
        Endpoint::DonVi,
        Endpoint::ThuTuc,
        Endpoint::LichLamViec,
        Endpoint::HoSo,
    ] {
        router = router.route(
            endpoint.path(),
            get(move |s: State<Arc<Sim>>, h: HeaderMap, q: RawQuery| api(s, h, q, endpoint)),
        );
    }
    router
        .fallback(|| async {
            error(
                StatusCode::NOT_FOUND,
                "not_found",
                "No such endpoint: see CENTER-API.md for the paths.",
            )
        })
        .with_state(sim)
}

/// A `{"error", "message"}` answer.
pub(crate) fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::to_vec(&ErrorBody {
        error: code.into(),
        message: message.into(),
    })
    .expect("error body serialises");
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("valid response")
}

fn retry_later(status: StatusCode, code: &str, message: &str) -> Response {
    let mut r = error(status, code, message);
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    r
}

/// `key=value` pairs of a query string (values of this API need no decoding beyond '+').
fn params(query: &Option<String>) -> Vec<(String, String)> {
    query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_string(), v.replace('+', " ").replace("%20", " "))
        })
        .collect()
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A JSON answer: gzip-compressed when the client asks for it.
pub(crate) fn json_response(body: Vec<u8>, headers: &HeaderMap) -> Response {
    let wants_gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let builder = Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json");
    if wants_gzip {
        let compressed = gzip(&body);
        builder
            .header(header::CONTENT_ENCODING, "gzip")
            .body(Body::from(compressed))
            .expect("valid response")
    } else {
        builder.body(Body::from(body)).expect("valid response")
    }
}

/// Gzip in two halves compressed on two threads (as pigz does): the first half ends with a
/// sync flush so the second half's deflate blocks follow it in one stream.
fn gzip(body: &[u8]) -> Vec<u8> {
    let level = flate2::Compression::fast();
    if body.len() < 1 << 18 {
        let mut gz = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 6), level);
        gz.write_all(body).expect("gzip into memory");
        return gz.finish().expect("gzip into memory");
    }
    let (first, second) = body.split_at(body.len() / 2);
    let (head, tail, crc) = std::thread::scope(|s| {
        let head = s.spawn(|| {
            let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), level);
            enc.write_all(first).expect("deflate into memory");
            enc.flush().expect("deflate into memory");
            std::mem::take(enc.get_mut())
        });
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), level);
        enc.write_all(second).expect("deflate into memory");
        let tail = enc.finish().expect("deflate into memory");
        let mut crc = flate2::Crc::new();
        crc.update(body);
        (head.join().expect("compressor"), tail, crc.sum())
    });
    let mut out = Vec::with_capacity(head.len() + tail.len() + 18);
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    out.extend_from_slice(&head);
    out.extend_from_slice(&tail);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out
}

pub(crate) fn authorised(sim: &Sim, headers: &HeaderMap) -> bool {
    match &sim.cfg.token {
        None => true,
        Some(token) => headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| given.trim() == token),
    }
}

async fn api(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    endpoint: Endpoint,
) -> Response {
    let started = Instant::now();
    let (response, records) = answer(&sim, &headers, &query, endpoint).await;
    if sim.options.log_requests {
        eprintln!(
            "GET {}?{} → {} ({} records, {} ms)",
            endpoint.path(),
            query.as_deref().unwrap_or(""),
            response.status().as_u16(),
            records,
            started.elapsed().as_millis()
        );
    }
    response
}

async fn answer(
    sim: &Arc<Sim>,
    headers: &HeaderMap,
    query: &Option<String>,
    endpoint: Endpoint,
) -> (Response, usize) {
    if !authorised(sim, headers) {
        let mut r = error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Missing or wrong bearer token: send 'Authorization: Bearer <token>' with the token the center issued.",
        );
        r.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return (r, 0);
    }
    let no = sim
        .requests
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let faults = request_faults(&sim.cfg.faults, sim.world.seed, no);
    if faults.unavailable {
        return (
            retry_later(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "The service is temporarily unavailable: retry after the Retry-After delay.",
            ),
            0,
        );
    }
    if faults.throttled {
        return (
            retry_later(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "Too many requests: retry after the Retry-After delay.",
            ),
            0,
        );
    }
    let params = params(query);
    let result = match endpoint {
        Endpoint::DonVi => {
            let data = sim.world.catalogue.donvi();
            Ok((to_json(&ListBody { data: data.clone() }), data.len()))
        }
        Endpoint::ThuTuc => {
            let data = sim.world.catalogue.thutuc();
            Ok((to_json(&ListBody { data: data.clone() }), data.len()))
        }
        Endpoint::LichLamViec => calendar(sim, &params),
        Endpoint::HoSo => feed_page(sim, &params, faults).await,
    };
    let (mut body, records) = match result {
        Ok(ok) => ok,
        Err(response) => return (*response, 0),
    };
    if faults.slow {
        tokio::time::sleep(std::time::Duration::from_millis(sim.cfg.faults.slow_ms)).await;
    }
    if let Some(kept) = faults.truncate {
        body.truncate(((body.len() as f64) * kept) as usize);
    }
    (json_response(body, headers), records)
}

fn to_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("wire types serialise")
}

fn bad_parameter(message: &str) -> Box<Response> {
    Box::new(error(StatusCode::BAD_REQUEST, "bad_request", message))
}

fn cursor_expired(message: &str) -> Box<Response> {
    Box::new(error(StatusCode::GONE, "cursor_expired", message))
}

fn calendar(sim: &Sim, params: &[(String, String)]) -> Result<(Vec<u8>, usize), Box<Response>> {
    let year: i32 = param(params, "nam")
        .and_then(|y| y.parse().ok())
        .filter(|y| (1900..=2999).contains(y))
        .ok_or_else(|| bad_parameter("Parameter 'nam' must be a year, e.g. nam=2026."))?;
    let Some(cal) = sim.world.calendar.served_year(year) else {
        return Err(Box::new(error(
            StatusCode::NOT_FOUND,
            "not_found",
            &format!("No official calendar for {year}: use the built-in calendar for that year."),
        )));
    };
    let days = |list: &Vec<crate::model::CalendarDay>| {
        list.iter()
            .map(|d| NgayLich {
                ngay: format_date(d.date),
                ly_do: d.reason.clone(),
            })
            .collect()
    };
    let body = LichLamViec {
        nam: year,
        ngay_nghi: days(&cal.holidays),
        ngay_lam_bu: days(&cal.makeup_days),
        gio_lam_viec: cal
            .working_hours
            .iter()
            .map(|h| GioLamViec {
                tu_gio: h.from.format("%H:%M").to_string(),
                den_gio: h.to.format("%H:%M").to_string(),
            })
            .collect(),
    };
    Ok((to_json(&body), cal.holidays.len() + cal.makeup_days.len()))
}

/// Cursors are the sort key of the last record served, with a check so that a forged or
/// mangled cursor is refused (410, as an unknown cursor).
pub(crate) fn encode_cursor(seed: u64, key: u128) -> String {
    format!("{key:032x}{:04x}", cursor_check(seed, key))
}

fn cursor_check(seed: u64, key: u128) -> u16 {
    let mut h = seed ^ 0xC0FF_EE00_D15E_A5E5;
    for part in [(key >> 64) as u64, key as u64] {
        h = (h ^ part).wrapping_mul(0x1000_0000_01B3).rotate_left(29);
    }
    (h >> 48) as u16
}

pub(crate) fn decode_cursor(seed: u64, cursor: &str) -> Option<u128> {
    if cursor.len() != 36 || !cursor.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let key = u128::from_str_radix(&cursor[..32], 16).ok()?;
    let check = u16::from_str_radix(&cursor[32..], 16).ok()?;
    (cursor_check(seed, key) == check).then_some(key)
}

async fn feed_page(
    sim: &Arc<Sim>,
    params: &[(String, String)],
    faults: RequestFaults,
) -> Result<(Vec<u8>, usize), Box<Response>> {
    let limit = match param(params, "limit") {
        None => 1000,
        Some(l) => l
            .parse::<usize>()
            .ok()
            .filter(|l| (1..=5000).contains(l))
            .ok_or_else(|| bad_parameter("Parameter 'limit' must be an integer from 1 to 5000."))?,
    };
    let start = match (param(params, "cursor"), param(params, "updated_since")) {
        (Some(c), _) => {
            let key = decode_cursor(sim.world.seed, c).ok_or_else(|| {
                cursor_expired("Unknown or expired cursor: restart with updated_since set to the last NgayCapNhat you hold.")
            })?;
            if faults.expire {
                return Err(cursor_expired(
                    "The cursor has expired: restart with updated_since set to the last NgayCapNhat you hold.",
                ));
            }
            Start::After(key)
        }
        (None, Some(s)) => {
            let t = parse_instant(s).ok_or_else(|| {
                bad_parameter("Parameter 'updated_since' must be an instant yyyyMMddHHmmss, e.g. 20260316143005.")
            })?;
            Start::Since(to_secs(t.max(super::feed::EPOCH)))
        }
        (None, None) => Start::Since(0),
    };
    let sim = sim.clone();
    let body = tokio::task::spawn_blocking(move || render_page(&sim, start, limit, faults))
        .await
        .expect("page renderer");
    Ok(body)
}

/// One record as served: rendered, then broken if a data fault says so.
pub(crate) fn served_record(sim: &Sim, job: &RenderJob) -> Value {
    let record = job.record(&sim.world, None);
    let mut v = serde_json::to_value(&record).expect("wire record serialises");
    if let Some(kind) = malformation(sim, job) {
        kind.apply(&mut v);
    }
    v
}

/// The malformation of an entry, if it is served malformed.
pub(crate) fn malformation(sim: &Sim, job: &RenderJob) -> Option<Malformation> {
    match job.entry.kind {
        Kind::MalformedCurrent | Kind::OldMalformed => {
            super::faults::data_faults(&sim.cfg.faults, sim.world.seed, job.entry.index as u64)
                .malformed
                .map(|m| m.0)
        }
        _ => None,
    }
}

fn render_page(sim: &Sim, start: Start, limit: usize, faults: RequestFaults) -> (Vec<u8>, usize) {
    let world = &sim.world;
    let (jobs, has_more, older, server_time) = {
        let feed = sim.feed.read().expect("feed lock");
        let (entries, has_more) = feed.page(start, limit);
        let jobs: Vec<RenderJob> = entries.iter().map(|e| feed.job(world, e)).collect();
        let older = if faults.resend {
            feed.older_version(world, feed.start_position(start), faults.pick)
        } else {
            None
        };
        (jobs, has_more, older, feed.now)
    };
    let next_key = match (jobs.last(), start) {
        (Some(j), _) => j.entry.key(),
        (None, Start::After(k)) => k,
        (None, Start::Since(s)) => ((s as u128) << 64).saturating_sub(1),
    };
    // What the page carries, in order: the records, perhaps one twice, perhaps one older
    // version re-sent among them.
    enum Item<'a> {
        Record(&'a RenderJob),
        Older(&'a RenderJob, chrono::NaiveDateTime),
    }
    let mut items: Vec<Item> = jobs.iter().map(Item::Record).collect();
    if let Some((job, at)) = &older {
        let k = (faults.pick / 7 % (items.len() as u64 + 1)) as usize;
        items.insert(k, Item::Older(job, *at));
    }
    if faults.duplicate {
        let good: Vec<usize> = (0..jobs.len())
            .filter(|&k| malformation(sim, &jobs[k]).is_none())
            .collect();
        if !good.is_empty() {
            // Rendering is deterministic: the same job again gives the same bytes.
            let job = &jobs[good[(faults.pick % good.len() as u64) as usize]];
            let k = items
                .iter()
                .position(|i| matches!(i, Item::Record(j) if std::ptr::eq(*j, job)))
                .expect("the job is on the page");
            items.insert(k + 1, Item::Record(job));
        }
    }
    let count = items.len();
    let write = |items: &[Item]| -> Vec<u8> {
        let mut out = Vec::with_capacity(items.len() * 2200);
        for item in items {
            out.push(b',');
            match item {
                Item::Record(job) if malformation(sim, job).is_some() => {
                    serde_json::to_writer(&mut out, &served_record(sim, job))
                }
                Item::Record(job) => serde_json::to_writer(&mut out, &job.record(world, None)),
                Item::Older(job, at) => {
                    serde_json::to_writer(&mut out, &job.record(world, Some(*at)))
                }
            }
            .expect("records serialise into memory");
        }
        out
    };
    // Two halves on two threads: rendering is most of the cost of a page.
    let (first, second) = items.split_at(items.len() / 2);
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| write(first));
        let b = write(second);
        (a.join().expect("page renderer"), b)
    });
    let mut body = Vec::with_capacity(a.len() + b.len() + 200);
    body.extend_from_slice(b"{\"data\":[");
    body.extend_from_slice(a.get(1..).unwrap_or_default());
    if a.is_empty() {
        body.extend_from_slice(b.get(1..).unwrap_or_default());
    } else {
        body.extend_from_slice(&b);
    }
    body.extend_from_slice(b"],\"next_cursor\":\"");
    body.extend_from_slice(encode_cursor(world.seed, next_key).as_bytes());
    body.extend_from_slice(b"\",\"has_more\":");
    body.extend_from_slice(if has_more { b"true" } else { b"false" });
    body.extend_from_slice(b",\"server_time\":\"");
    body.extend_from_slice(format_instant(server_time).as_bytes());
    body.extend_from_slice(b"\"}");
    (body, count)
}
