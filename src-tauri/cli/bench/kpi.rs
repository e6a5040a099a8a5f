//! `controlroom bench kpi`.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct BenchKpiArgs {}

pub fn run(_args: BenchKpiArgs) -> ExitCode {
    crate::cli::fail("'bench kpi' is not built yet")
}
