//! The Tauri face: commands, managed state, the background sync task, events, windows.
//! Thin glue over the core.

mod commands;
mod dashboard;
mod error;
mod explorer;
mod exports;
mod inspect;
mod late_sets;
mod playlist;
mod reader;
mod settings;
mod sync_task;
mod view;
mod wall;

use std::process::ExitCode;
use std::sync::Arc;

use tauri::{Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

pub use commands::AppState;
pub use error::{AppError, ErrorBody};
pub use playlist::PLAYLIST_ENV;
pub use settings::{AppConfig, Settings, SettingsError, DEFAULT_SYNC_INTERVAL_SECS};
pub use sync_task::{SyncFinished, EVENT_DATA_CHANGED, EVENT_FINISHED, EVENT_PROGRESS};
pub use view::{AgencyGroup, StatusView};

pub struct Launch {
    pub wall: bool,
}

/// Registers the commands, and the start-up from the settings file and the environment, for the
/// real run. Tests (whose mock runtime never runs the setup hook) call `start` themselves.
pub fn builder<R: Runtime>(b: tauri::Builder<R>) -> tauri::Builder<R> {
    b.invoke_handler(tauri::generate_handler![
        commands::status,
        commands::sync_now,
        dashboard::overview,
        dashboard::agency_page,
        dashboard::procedure_page,
        dashboard::dossier_list,
        dashboard::dossier_detail,
        inspect::reveal_applicant,
        inspect::reveal_audit,
        explorer::explore_late,
        explorer::late_ranking,
        exports::export_report,
        exports::export_chart,
        exports::cancel_export,
        dashboard::index766_page,
        dashboard::index766_costs,
        wall::wall_status,
        wall::wall_rotation,
        wall::wall_slide,
    ])
    .setup(|app| {
        let wall = app.try_state::<Launch>().is_some_and(|l| l.wall);
        let config = config_from_disk(app.handle(), wall)?;
        start(app.handle(), config)?;
        Ok(())
    })
}

pub fn run(launch: Launch) -> ExitCode {
    let app = builder(tauri::Builder::default().manage(launch));
    match app.run(tauri::generate_context!()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("controlroom: cannot open the window: {e}");
            ExitCode::FAILURE
        }
    }
}

fn config_from_disk<R: Runtime>(
    app: &tauri::AppHandle<R>,
    wall: bool,
) -> Result<AppConfig, AppError> {
    let paths = app.path();
    let config_dir = paths
        .app_config_dir()
        .map_err(|e| AppError::Dirs(e.to_string()))?;
    let data_dir = paths
        .app_data_dir()
        .map_err(|e| AppError::Dirs(e.to_string()))?;
    let settings = Settings::load_or_create(&config_dir.join("settings.json"))?
        .with_env(|name| std::env::var(name).ok())?;
    let demo_dossiers = settings::demo_size(std::env::var("CONTROLROOM_DEMO_DOSSIERS").ok())?;
    let mut config = AppConfig::resolve(&settings, &data_dir, demo_dossiers, wall);
    if config.wall {
        let path = playlist::playlist_path(&config_dir, std::env::var(PLAYLIST_ENV).ok());
        config.playlist = playlist::load_or_create(&path)?;
    }
    Ok(config)
}

/// Empties the demo cache if needed, manages the state, opens the window, starts the sync.
pub fn start<R: Runtime>(app: &tauri::AppHandle<R>, config: AppConfig) -> Result<(), AppError> {
    if config.reset_cache {
        remove_cache_files(&config.db)?;
    }
    let state = AppState::new(config);
    let (config, sync) = (Arc::clone(&state.config), Arc::clone(&state.sync));
    app.manage(state);
    app.manage(wall::WallMemory::default());
    open_window(app, if config.wall { "wall" } else { "main" })?;
    sync_task::spawn(app.clone(), config, sync)
}

/// Opens the window of that label as `tauri.conf.json` describes it (`create: false` there),
/// or with the defaults when the config has none (the mock runtime's).
fn open_window<R: Runtime>(app: &tauri::AppHandle<R>, label: &str) -> Result<(), AppError> {
    let described = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == label)
        .cloned();
    let built = match described {
        Some(window) => WebviewWindowBuilder::from_config(app, &window).and_then(|b| b.build()),
        None => WebviewWindowBuilder::new(app, label, WebviewUrl::default()).build(),
    };
    let window = built.map_err(|e| AppError::Window(e.to_string()))?;
    if label == "wall" {
        // Without a window manager (a bare X server, a kiosk) "fullscreen" is not honoured:
        // cover the monitor anyway.
        if let Ok(Some(monitor)) = window.current_monitor() {
            let _ = window.set_position(*monitor.position());
            let _ = window.set_size(*monitor.size());
        }
    }
    Ok(())
}

/// The demo cache and its WAL companions; a file that is not there is fine.
fn remove_cache_files(db: &std::path::Path) -> Result<(), AppError> {
    for suffix in ["", "-wal", "-shm"] {
        let path = std::path::PathBuf::from(format!("{}{suffix}", db.display()));
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(AppError::ResetDemo {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                })
            }
            _ => {}
        }
    }
    Ok(())
}
