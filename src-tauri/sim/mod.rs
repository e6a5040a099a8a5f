//! The center simulator: a generator of realistic data for Nghệ An and an HTTP server of the
//! contract (CENTER-API.md), with live mode and fault injection.
