//! `controlroom sim`.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct SimArgs {}

pub fn run(_args: SimArgs) -> ExitCode {
    super::fail("'sim' is not built yet")
}
