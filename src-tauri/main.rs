// No console window on Windows release builds; the CLI still prints when run from a shell.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

use controlroom::cli::{self, Cli};

/// A subcommand runs headless; none opens the window (the wall with `--wall`).
fn main() -> ExitCode {
    let args = Cli::from_args();
    match args.command {
        Some(command) => cli::run(command),
        None => open_window(args.wall),
    }
}

#[cfg(feature = "app")]
fn open_window(wall: bool) -> ExitCode {
    controlroom::app::run(controlroom::app::Launch { wall })
}

#[cfg(not(feature = "app"))]
fn open_window(_wall: bool) -> ExitCode {
    eprintln!("controlroom: this build has no window (built without the `app` feature); run a subcommand, or build with the default features");
    ExitCode::FAILURE
}
