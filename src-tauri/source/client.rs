//! The HTTP client of the center API: TLS (rustls with ring), gzip, the bearer token, and
//! retries with capped exponential backoff for everything that may pass (429/503 with
//! `Retry-After`, other 5xx, connection failures, timeouts, bodies cut short or unparseable).
//! A 401 stops at once; a 410 is handed back for the caller to restart its feed.

use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Once;
use std::time::Duration;

use reqwest::{StatusCode, Url};

use super::backoff::{parse_retry_after, Backoff};
use super::token::{KEYRING_ACCOUNT, KEYRING_SERVICE, TOKEN_ENV};
use super::SourceConfig;

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("invalid source URL {url:?}: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("refusing plain http:// to {host}: only loopback addresses may be reached without TLS; use an https:// URL")]
    Insecure { host: String },
    #[error("the center refused the API token (401 Unauthorized at {url}): set {TOKEN_ENV} or store a valid token in the OS secret store (service \"{KEYRING_SERVICE}\", account \"{KEYRING_ACCOUNT}\")")]
    Unauthorized { url: String },
    #[error("the feed cursor expired (410 at {url})")]
    CursorExpired { url: String },
    #[error("{url} is not known to the center (404)")]
    NotFound { url: String },
    #[error("{url} answered {status}: {message}")]
    Refused {
        url: String,
        status: u16,
        message: String,
    },
    #[error("gave up on {url} after {attempts} attempts; last: {last}")]
    GaveUp {
        url: String,
        attempts: u32,
        last: String,
    },
    #[error("the center broke the contract at {url}: {what}")]
    Contract { url: String, what: String },
    #[error("cannot build the HTTP client: {0}")]
    Build(String),
}

/// How hard to try.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts per request, the first included.
    pub max_attempts: u32,
    pub backoff: Backoff,
    /// The longest one request (headers and body) may take before it is tried again.
    pub timeout: Duration,
}

/// Why one attempt failed.
enum Failure {
    /// Worth another try, after `after` if the server said so.
    Transient {
        why: String,
        after: Option<Duration>,
    },
    Fatal(SourceError),
}

pub struct Client {
    http: reqwest::Client,
    base: Url,
    token: Option<String>,
    policy: RetryPolicy,
    retries: AtomicU64,
}

/// rustls needs one process-wide crypto provider; ring compiles quickly and has no C toolchain
/// surprises. Installing twice is harmless (the second is refused and ignored).
fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Checks the base URL: https anywhere, http only to a loopback address. The returned URL
/// ends with `/` so that relative paths append to it.
pub fn checked_base_url(raw: &str) -> Result<Url, SourceError> {
    let bad = |reason: &str| SourceError::BadUrl {
        url: raw.to_string(),
        reason: reason.to_string(),
    };
    let mut url = Url::parse(raw.trim()).map_err(|e| bad(&e.to_string()))?;
    let host = url.host_str().ok_or_else(|| bad("no host"))?.to_string();
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => return Err(SourceError::Insecure { host }),
        other => return Err(bad(&format!("scheme {other}: is not http(s)"))),
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl Client {
    pub fn new(cfg: &SourceConfig, policy: RetryPolicy) -> Result<Self, SourceError> {
        install_crypto_provider();
        let base = checked_base_url(&cfg.base_url)?;
        // Compression saves the network, which loopback does not need: there it would only
        // cost CPU on both sides (a sixth of a full sync's time, measured at 1M dossiers).
        let compress = !base.host_str().is_some_and(is_loopback);
        let http = reqwest::Client::builder()
            .user_agent(concat!("controlroom/", env!("CARGO_PKG_VERSION")))
            .gzip(compress)
            .connect_timeout(policy.timeout.min(Duration::from_secs(10)))
            .timeout(policy.timeout)
            .build()
            .map_err(|e| SourceError::Build(e.to_string()))?;
        Ok(Client {
            http,
            base,
            token: cfg.token.clone(),
            policy,
            retries: AtomicU64::new(0),
        })
    }

    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// Retries made so far, over every request of this client.
    pub fn retries(&self) -> u64 {
        self.retries.load(Ordering::Relaxed)
    }

    /// GETs `path` and parses the body with `parse` on a blocking thread, trying again as the
    /// policy allows. A body that does not parse was cut short or garbled: it is retried too.
    pub async fn get<T, P>(
        &self,
        path: &str,
        query: &[(&str, String)],
        parse: P,
    ) -> Result<T, SourceError>
    where
        T: Send + 'static,
        P: Fn(&[u8]) -> Result<T, String> + Clone + Send + 'static,
    {
        let url = self.base.join(path).map_err(|e| SourceError::BadUrl {
            url: format!("{}{path}", self.base),
            reason: e.to_string(),
        })?;
        let mut rng = rand::rng();
        let mut attempt = 1;
        loop {
            let (why, after) = match self.attempt(&url, query, parse.clone()).await {
                Ok(v) => return Ok(v),
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Transient { why, after }) => (why, after),
            };
            if attempt >= self.policy.max_attempts {
                return Err(SourceError::GaveUp {
                    url: url.to_string(),
                    attempts: attempt,
                    last: why,
                });
            }
            self.retries.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(self.policy.backoff.delay(attempt, after, &mut rng)).await;
            attempt += 1;
        }
    }

    async fn attempt<T, P>(
        &self,
        url: &Url,
        query: &[(&str, String)],
        parse: P,
    ) -> Result<T, Failure>
    where
        T: Send + 'static,
        P: FnOnce(&[u8]) -> Result<T, String> + Send + 'static,
    {
        let mut req = self.http.get(url.clone()).query(query);
        if let Some(token) = &self.token {
            req = req.bearer_auth(token);
        }
        let transient = |why: String| Failure::Transient { why, after: None };
        let resp = req.send().await.map_err(|e| transient(describe(&e)))?;
        let status = resp.status();
        if !status.is_success() {
            return Err(self.refusal(url, resp).await);
        }
        let body = resp
            .bytes()
            .await
            .map_err(|e| transient(format!("body cut short: {}", describe(&e))))?;
        tokio::task::spawn_blocking(move || parse(&body))
            .await
            .map_err(|e| transient(format!("parser stopped: {e}")))?
            .map_err(|e| transient(format!("unparseable body: {e}")))
    }

    async fn refusal(&self, url: &Url, resp: reqwest::Response) -> Failure {
        let status = resp.status();
        let after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, chrono::Utc::now()));
        let message = resp
            .json::<super::wire::ErrorBody>()
            .await
            .map(|b| format!("{} ({})", b.message, b.error))
            .unwrap_or_default();
        let url = url.to_string();
        match status {
            StatusCode::UNAUTHORIZED => Failure::Fatal(SourceError::Unauthorized { url }),
            StatusCode::GONE => Failure::Fatal(SourceError::CursorExpired { url }),
            StatusCode::NOT_FOUND => Failure::Fatal(SourceError::NotFound { url }),
            StatusCode::TOO_MANY_REQUESTS | StatusCode::REQUEST_TIMEOUT => Failure::Transient {
                why: format!("HTTP {status} {message}"),
                after,
            },
            s if s.is_server_error() => Failure::Transient {
                why: format!("HTTP {status} {message}"),
                after,
            },
            s => Failure::Fatal(SourceError::Refused {
                url,
                status: s.as_u16(),
                message,
            }),
        }
    }
}

/// A reqwest error in a few words, with its cause (reqwest's own text hides it).
fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "cannot connect"
    } else if e.is_body() || e.is_decode() {
        "bad body"
    } else {
        "request failed"
    };
    let mut text = format!("{kind}: {e}");
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        text.push_str(&format!(": {c}"));
        cause = c.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_for_loopback_only() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://localhost/controlroom",
            "http://[::1]:9000/",
            "http://127.0.0.5",
            "https://motcua.nghean.gov.vn/controlroom",
        ] {
            assert!(checked_base_url(ok).is_ok(), "{ok}");
        }
        let err = checked_base_url("http://motcua.nghean.gov.vn/controlroom").unwrap_err();
        assert!(matches!(&err, SourceError::Insecure { host } if host == "motcua.nghean.gov.vn"));
        assert!(err.to_string().contains("https://"));
        assert!(matches!(
            checked_base_url("http://10.0.0.1"),
            Err(SourceError::Insecure { .. })
        ));
        assert!(matches!(
            checked_base_url("ftp://127.0.0.1"),
            Err(SourceError::BadUrl { .. })
        ));
        assert!(matches!(
            checked_base_url("not a url"),
            Err(SourceError::BadUrl { .. })
        ));
    }

    #[test]
    fn the_base_path_is_kept_when_joining() {
        let base = checked_base_url("https://motcua.nghean.gov.vn/controlroom").unwrap();
        assert_eq!(
            base.join("api/v1/hoso").unwrap().as_str(),
            "https://motcua.nghean.gov.vn/controlroom/api/v1/hoso"
        );
    }

    #[test]
    fn the_token_message_says_where_the_token_comes_from() {
        let msg = SourceError::Unauthorized { url: "u".into() }.to_string();
        assert!(
            msg.contains("CONTROLROOM_TOKEN") && msg.contains("secret store"),
            "{msg}"
        );
    }
}
