//! The center API client: wire types, validation into `model`, paging, retries, auth.

pub mod wire;
