//! The control room of the Nghệ An Provincial Public Administration Service Center.
//!
//! Data flows one way: `source` → `sync` → `cache` → `metrics` → `charts` → `screens` → `app`.
//! Only `app` knows Tauri exists, and only with the default feature `app`; `cli` is a second
//! face over the same core, and `main.rs` chooses between the window and the CLI.

#[cfg(feature = "app")]
pub mod app;
pub mod cache;
pub mod calendar;
pub mod charts;
pub mod cli;
pub mod export;
pub mod metrics;
pub mod model;
pub mod screens;
pub mod sim;
pub mod source;
pub mod sync;
