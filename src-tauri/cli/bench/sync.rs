//! `controlroom bench sync`.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct BenchSyncArgs {}

pub fn run(_args: BenchSyncArgs) -> ExitCode {
    crate::cli::fail("'bench sync' is not built yet")
}
