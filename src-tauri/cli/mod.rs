//! The command-line face: subcommands run headless over the same core (no subcommand opens the
//! window: `main.rs` decides, so that this module never names the app). Each subcommand lives
//! in its own file.

mod bench;
mod export;
mod index766;
mod kpi;
mod sim;
mod sync;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "controlroom",
    version,
    about = "Phòng điều hành — Trung tâm Phục vụ hành chính công tỉnh Nghệ An"
)]
pub struct Cli {
    /// Open the wall display instead of the desktop window.
    #[arg(long)]
    pub wall: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the center simulator (CENTER-API.md) on loopback.
    Sim(sim::SimArgs),
    /// Pull the center's data into the cache once and exit.
    Sync(sync::SyncArgs),
    /// Print the figures of METRICS.md for a period.
    Kpi(kpi::KpiArgs),
    /// Write an inspector's export: late dossiers, rankings, or Biểu 06 (XLSX or CSV).
    Export(export::ExportArgs),
    /// Print the Decision-766 indicators of METRICS.md for a period.
    Index766(kpi::ReportArgs),
    /// Rerunnable benchmarks.
    Bench(bench::BenchArgs),
}

impl Cli {
    pub fn from_args() -> Cli {
        Cli::parse()
    }
}

/// Runs one subcommand headless.
pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Sim(args) => sim::run(args),
        Command::Sync(args) => sync::run(args),
        Command::Kpi(args) => kpi::run(args),
        Command::Export(args) => export::run(args),
        Command::Index766(args) => index766::run(args),
        Command::Bench(args) => bench::run(args),
    }
}

/// Prints a one-line reason and returns the failure code every subcommand uses.
pub(crate) fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("controlroom: {message}");
    ExitCode::FAILURE
}
