//! The Tauri face: commands, managed state, the background sync task, events, windows.
//! Thin glue over the core.

use std::process::ExitCode;

pub struct Launch {
    pub wall: bool,
}

pub fn builder<R: tauri::Runtime>(b: tauri::Builder<R>) -> tauri::Builder<R> {
    b
}

pub fn run(_launch: Launch) -> ExitCode {
    match builder(tauri::Builder::default()).run(tauri::generate_context!()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("controlroom: cannot open the window: {e}");
            ExitCode::FAILURE
        }
    }
}
