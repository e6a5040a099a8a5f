//! `controlroom kpi`.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct KpiArgs {}

pub fn run(_args: KpiArgs) -> ExitCode {
    super::fail("'kpi' is not built yet")
}
