//! `controlroom sync`.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct SyncArgs {}

pub fn run(_args: SyncArgs) -> ExitCode {
    super::fail("'sync' is not built yet")
}
