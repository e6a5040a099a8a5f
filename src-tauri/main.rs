// No console window on Windows release builds; the CLI still prints when run from a shell.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    controlroom::cli::main()
}
