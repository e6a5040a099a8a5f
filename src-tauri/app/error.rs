//! The app's error: every module's error, gathered, and serialised to the UI as
//! `{code, message}` where `code` is stable and `message` says what to do.

use serde::{Serialize, Serializer};

use super::settings::SettingsError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Cache(#[from] crate::cache::CacheError),
    #[error(transparent)]
    Sync(#[from] crate::sync::SyncError),
    #[error(transparent)]
    Screens(#[from] crate::screens::ScreensError),
    #[error("cannot read the working calendar from the cache: {0}")]
    Calendar(#[from] crate::calendar::CalendarError),
    #[error("cannot start the built-in simulator: {0}; set a data source in the settings file")]
    Simulator(#[from] crate::sim::SimError),
    #[error("cannot find the app's folders: {0}")]
    Dirs(String),
    #[error("cannot open the window: {0}")]
    Window(String),
    #[error("cannot empty the demo cache {path}: {reason}; delete the file by hand or set CONTROLROOM_DB")]
    ResetDemo { path: String, reason: String },
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    #[error("a background task stopped unexpectedly ({0}); restart the application")]
    Task(String),
}

impl AppError {
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Settings(_) => "settings",
            AppError::Cache(_) => "cache",
            AppError::Sync(e) => sync_error_code(e),
            AppError::Screens(e) => screens_error_code(e),
            AppError::Calendar(_) => "cache",
            AppError::Simulator(_) => "simulator",
            AppError::Dirs(_) => "dirs",
            AppError::Window(_) => "window",
            AppError::ResetDemo { .. } => "cache",
            AppError::Export(crate::export::ExportError::Cancelled) => "cancelled",
            AppError::Export(_) => "export",
            AppError::Task(_) => "internal",
        }
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            code: self.code().to_string(),
            message: self.to_string(),
        }
    }
}

/// The stable code the UI gets for a sync error (`token` when the center refused it).
fn sync_error_code(e: &crate::sync::SyncError) -> &'static str {
    match e {
        crate::sync::SyncError::Unauthorized(_) => "token",
        _ => "sync",
    }
}

/// The UI tells "nothing there" (a stale link after a sync) and "bad input" apart from a
/// broken cache.
fn screens_error_code(e: &crate::screens::ScreensError) -> &'static str {
    use crate::screens::ScreensError as E;
    match e {
        E::NoDossier(_) | E::NoAgency(_) | E::NoProcedure(_) | E::NoSlide(_) | E::NoChart(_) => {
            "not_found"
        }
        E::List(crate::metrics::lists::ListError::Metrics(_)) => "cache",
        E::BadPeriod { .. } | E::List(_) => "input",
        E::NoReason(_) => "no_reason",
        E::Metrics(_) | E::Cache(_) => "cache",
        E::Chart(_) => "chart",
    }
}

/// What the UI receives for an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

impl Serialize for AppError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.body().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_reach_the_ui_as_code_and_message() {
        let e = AppError::from(SettingsError::BadInterval { value: "0".into() });
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "settings");
        assert_eq!(
            json["message"],
            "the sync interval \"0\" is not a whole number of seconds between 1 and 86400"
        );
        assert_eq!(json.as_object().unwrap().len(), 2);
    }
}
