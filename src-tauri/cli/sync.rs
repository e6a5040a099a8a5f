//! `controlroom sync`: pulls once and exits; 0 when every page was taken (quarantined records
//! count as taken), 1 with a one-line reason otherwise.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use crate::source::SourceConfig;
use crate::sync::{sync_once, SyncError, SyncOptions, SyncProgress, SyncReport};

#[derive(Debug, clap::Args)]
pub struct SyncArgs {
    /// Base URL of the center API (plain http:// only for loopback addresses).
    #[arg(long)]
    pub source: String,
    /// The cache file (created if missing).
    #[arg(long)]
    pub db: PathBuf,
    /// Print the summary as a JSON object.
    #[arg(long)]
    pub json: bool,
    /// Records per page of the change feed.
    #[arg(long, default_value_t = 5000, value_parser = clap::value_parser!(u32).range(1..=5000))]
    pub limit: u32,
    /// Attempts per request, the first included.
    #[arg(long, default_value_t = SyncOptions::default().max_attempts)]
    pub max_attempts: u32,
    /// The longest wait between two attempts, in seconds.
    #[arg(long, default_value_t = SyncOptions::default().max_backoff.as_secs())]
    pub max_backoff: u64,
    /// Report each committed page on stderr.
    #[arg(long)]
    pub progress: bool,
}

pub fn run(args: SyncArgs) -> ExitCode {
    // The secret store is read before the async runtime starts (it may block).
    let (source, store_error) = SourceConfig::from_env(args.source.clone());
    let opts = SyncOptions {
        page_limit: args.limit,
        max_attempts: args.max_attempts,
        max_backoff: Duration::from_secs(args.max_backoff),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return super::fail(format!("cannot start the async runtime: {e}")),
    };
    let show = args.progress;
    let on_progress = move |p: &SyncProgress| {
        if show {
            eprintln!(
                "{}: {} pages, {} upserted, {} tombstoned, {} quarantined, {} stale, at {}",
                p.stage,
                p.pages,
                p.upserted,
                p.tombstoned,
                p.quarantined,
                p.stale,
                p.position.as_deref().unwrap_or("-")
            );
        }
    };
    match runtime.block_on(sync_once(&source, &args.db, &opts, &on_progress)) {
        Ok(report) => {
            if args.json {
                match serde_json::to_string(&report) {
                    Ok(json) => println!("{json}"),
                    Err(e) => return super::fail(format!("cannot print the summary: {e}")),
                }
            } else {
                println!("{}", summary(&report));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            if let (SyncError::Unauthorized(_), Some(store)) = (&e, store_error) {
                eprintln!("controlroom: note: {store}");
            }
            super::fail(format!("sync failed: {e}"))
        }
    }
}

fn summary(r: &SyncReport) -> String {
    format!(
        "sync complete: {} pages, {} upserted, {} tombstoned, {} quarantined, {} released from quarantine, {} stale, {} retries in {:.1} s",
        r.pages, r.upserted, r.tombstoned, r.quarantined, r.released, r.stale, r.retries, r.seconds
    )
}
