//! The center API client: wire types, validation into `model`, paging, retries, auth.

pub mod backoff;
pub mod client;
pub mod feeds;
pub mod rules;
pub mod token;
pub mod validate;
pub mod wire;

pub use client::{Client, RetryPolicy, SourceError};
pub use feeds::{BrokenRecord, FeedPage, FeedStart, RawFeedPage};

/// Where the center is and how to prove who we are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceConfig {
    pub base_url: String,
    pub token: Option<String>,
}

impl SourceConfig {
    /// The token from `CONTROLROOM_TOKEN`, else from the OS secret store. A store that cannot
    /// be read is reported in the second value and otherwise means "no token".
    pub fn from_env(base_url: impl Into<String>) -> (Self, Option<token::TokenError>) {
        let (token, store_error) =
            token::resolve(std::env::var(token::TOKEN_ENV).ok(), &token::KeyringStore);
        let cfg = SourceConfig {
            base_url: base_url.into(),
            token,
        };
        (cfg, store_error)
    }
}
