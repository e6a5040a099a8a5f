//! `controlroom bench …`: benchmarks anyone can rerun. Each lives in its own file.

mod explorer;
mod kpi;
mod sync;

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub which: Which,
}

#[derive(Debug, clap::Subcommand)]
pub enum Which {
    /// A full first sync from the simulator over loopback, then an incremental one.
    Sync(sync::BenchSyncArgs),
    /// The figures of METRICS.md on a large cache.
    Kpi(kpi::BenchKpiArgs),
    /// The inspector's explorer on a large cache: first reads and filter changes.
    Explorer(explorer::BenchExplorerArgs),
}

pub fn run(args: BenchArgs) -> ExitCode {
    match args.which {
        Which::Sync(a) => sync::run(a),
        Which::Kpi(a) => kpi::run(a),
        Which::Explorer(a) => explorer::run(a),
    }
}
