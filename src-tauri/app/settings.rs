//! The app's settings file (`settings.json` in the app config dir) and the environment
//! overrides, resolved into the configuration one run uses. No Tauri here: the app layer hands
//! in the directories. The API token never belongs in this file (see `source`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::screens::wall::Playlist;
use crate::screens::Thresholds;

pub const DEFAULT_SYNC_INTERVAL_SECS: u64 = 30;
/// A sync interval above a day would leave the screen stale for no reason.
const MAX_SYNC_INTERVAL_SECS: u64 = 86_400;

/// What an operator may set. Missing keys take their defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Base URL of the center's API; `None` runs the built-in simulator (demo data).
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default = "default_interval")]
    pub sync_interval_secs: u64,
    /// The cache file; `None` = in the app data dir.
    #[serde(default)]
    pub database: Option<PathBuf>,
    /// The dashboard's on-time target, warning line and small-sample size: the one place
    /// where good, warning and bad are decided.
    #[serde(default)]
    pub thresholds: Thresholds,
    /// Open the wall display at start, as `controlroom --wall` does (a kiosk's setting).
    #[serde(default)]
    pub wall: bool,
}

fn default_interval() -> u64 {
    DEFAULT_SYNC_INTERVAL_SECS
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            source: None,
            sync_interval_secs: DEFAULT_SYNC_INTERVAL_SECS,
            database: None,
            thresholds: Thresholds::default(),
            wall: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read the settings file {path}: {reason}; fix it or delete it to return to the defaults")]
    Read { path: String, reason: String },
    #[error("cannot write the default settings file {path}: {reason}; check that the folder is writable")]
    Write { path: String, reason: String },
    #[error("the API token does not belong in the settings file {path}: remove the \"token\" key and set CONTROLROOM_TOKEN or the system's secret store instead")]
    TokenInFile { path: String },
    #[error("{reason}; give the center API's base URL, or leave the source empty for the demo")]
    BadSource { reason: String },
    #[error("CONTROLROOM_DEMO_DOSSIERS={value:?} is not a whole number of dossiers")]
    BadDemoSize { value: String },
    #[error("the sync interval {value:?} is not a whole number of seconds between 1 and 86400")]
    BadInterval { value: String },
    #[error("the wall's playlist {path} is not right: {problems}; fix the file, or delete it to return to the default rotation")]
    BadPlaylist { path: String, problems: String },
    #[error("the thresholds need 0 < warning ≤ target ≤ 1 (e.g. warning 0.80, target 0.95); got warning {warning} and target {target}")]
    BadThresholds { warning: f64, target: f64 },
}

impl Settings {
    /// Reads the file; a missing file is created with the defaults so that there is one to edit.
    /// A file that cannot be parsed is left untouched and reported.
    pub fn load_or_create(path: &Path) -> Result<Settings, SettingsError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let defaults = Settings::default();
                defaults.save(path)?;
                return Ok(defaults);
            }
            Err(e) => return Err(read_error(path, e)),
        };
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| read_error(path, e))?;
        if value.get("token").is_some() {
            return Err(SettingsError::TokenInFile {
                path: path.display().to_string(),
            });
        }
        let settings: Settings = serde_json::from_value(value).map_err(|e| read_error(path, e))?;
        settings.validated()
    }

    pub fn save(&self, path: &Path) -> Result<(), SettingsError> {
        write_pretty(path, self)
    }

    /// `CONTROLROOM_SOURCE` (empty = demo), `CONTROLROOM_SYNC_INTERVAL` (seconds) and
    /// `CONTROLROOM_DB` win over the file. `env` is `std::env::var(..).ok()` outside tests.
    pub fn with_env(
        mut self,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Settings, SettingsError> {
        if let Some(source) = env("CONTROLROOM_SOURCE") {
            self.source = Some(source).filter(|s| !s.trim().is_empty());
        }
        if let Some(value) = env("CONTROLROOM_SYNC_INTERVAL") {
            self.sync_interval_secs =
                value
                    .trim()
                    .parse()
                    .map_err(|_| SettingsError::BadInterval {
                        value: value.clone(),
                    })?;
        }
        if let Some(db) = env("CONTROLROOM_DB").filter(|s| !s.is_empty()) {
            self.database = Some(PathBuf::from(db));
        }
        self.validated()
    }

    fn validated(self) -> Result<Settings, SettingsError> {
        if let Some(url) = &self.source {
            // The source client's own rule (https, or http to loopback only), checked up front.
            crate::source::client::checked_base_url(url).map_err(|e| SettingsError::BadSource {
                reason: e.to_string(),
            })?;
        }
        if !(1..=MAX_SYNC_INTERVAL_SECS).contains(&self.sync_interval_secs) {
            return Err(SettingsError::BadInterval {
                value: self.sync_interval_secs.to_string(),
            });
        }
        let Thresholds {
            warning, target, ..
        } = self.thresholds;
        if !(0.0 < warning && warning <= target && target <= 1.0) {
            return Err(SettingsError::BadThresholds { warning, target });
        }
        Ok(self)
    }
}

/// `CONTROLROOM_DEMO_DOSSIERS`: the demo's history size (small for tests), unset = realistic.
pub fn demo_size(value: Option<String>) -> Result<Option<u64>, SettingsError> {
    value
        .filter(|v| !v.trim().is_empty())
        .map(|v| {
            v.trim()
                .parse()
                .map_err(|_| SettingsError::BadDemoSize { value: v.clone() })
        })
        .transpose()
}

/// Writes a settings file as indented JSON, for a person to read and edit.
pub(super) fn write_pretty(path: &Path, value: &impl Serialize) -> Result<(), SettingsError> {
    let write_error = |e: &dyn std::fmt::Display| SettingsError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| write_error(&e))?;
    }
    let text = serde_json::to_string_pretty(value).map_err(|e| write_error(&e))?;
    std::fs::write(path, text + "\n").map_err(|e| write_error(&e))
}

pub(super) fn read_error(path: &Path, e: impl std::fmt::Display) -> SettingsError {
    SettingsError::Read {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

/// The configuration of one run, settled before anything starts.
#[derive(Debug, Clone, PartialEq)]
pub struct AppConfig {
    /// `None`: the built-in simulator serves demo data.
    pub source: Option<String>,
    pub sync_interval: Duration,
    pub db: PathBuf,
    /// The demo cache is a copy of an in-process simulator that lives as long as the app: it is
    /// emptied at start so that two simulator runs never mix.
    pub reset_cache: bool,
    /// Size of the demo's history (`CONTROLROOM_DEMO_DOSSIERS`); `None` = the simulator's
    /// realistic two years.
    pub demo_dossiers: Option<u64>,
    /// Open the wall display instead of the desktop window.
    pub wall: bool,
    pub thresholds: Thresholds,
    /// The wall's slides (`wall.json`); the default rotation unless the wall is opened.
    pub playlist: Playlist,
}

impl AppConfig {
    /// Where the cache goes when no path is given: one file for the center's data, another for
    /// the demo, so that the demo never touches real data.
    pub fn resolve(
        settings: &Settings,
        data_dir: &Path,
        demo_dossiers: Option<u64>,
        wall: bool,
    ) -> AppConfig {
        let demo = settings.source.is_none();
        let default_name = if demo {
            "demo-cache.sqlite"
        } else {
            "cache.sqlite"
        };
        AppConfig {
            source: settings.source.clone(),
            sync_interval: Duration::from_secs(settings.sync_interval_secs),
            db: settings
                .database
                .clone()
                .unwrap_or_else(|| data_dir.join(default_name)),
            reset_cache: demo && settings.database.is_none(),
            demo_dossiers,
            wall: wall || settings.wall,
            thresholds: settings.thresholds,
            playlist: Playlist::default(),
        }
    }

    pub fn is_demo(&self) -> bool {
        self.source.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn a_missing_file_is_created_with_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("conf/settings.json");
        let settings = Settings::load_or_create(&path).unwrap();
        assert_eq!(settings, Settings::default());
        assert_eq!(settings.sync_interval_secs, 30);
        let written: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(written["sync_interval_secs"], 30);
        assert!(written["source"].is_null());
        assert!(written.get("token").is_none());
    }

    #[test]
    fn a_file_with_partial_keys_keeps_the_other_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, r#"{"source": "https://api.example.vn/v1"}"#).unwrap();
        let settings = Settings::load_or_create(&path).unwrap();
        assert_eq!(
            settings.source.as_deref(),
            Some("https://api.example.vn/v1")
        );
        assert_eq!(settings.sync_interval_secs, 30);
    }

    #[test]
    fn a_broken_file_is_reported_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, "{\"source\": ").unwrap();
        let err = Settings::load_or_create(&path).unwrap_err();
        assert!(matches!(err, SettingsError::Read { .. }), "{err}");
        assert!(err
            .to_string()
            .contains("delete it to return to the defaults"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"source\": ");
    }

    #[test]
    fn a_token_in_the_file_is_refused_with_where_it_belongs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, r#"{"token": "secret"}"#).unwrap();
        let err = Settings::load_or_create(&path).unwrap_err();
        assert!(matches!(err, SettingsError::TokenInFile { .. }));
        assert!(err.to_string().contains("CONTROLROOM_TOKEN"));
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, r#"{"sync_intervall": 5}"#).unwrap();
        assert!(matches!(
            Settings::load_or_create(&path),
            Err(SettingsError::Read { .. })
        ));
        for url in ["ftp://x", "http://api.example.vn", "not a url"] {
            let text = format!(r#"{{"source": "{url}"}}"#);
            std::fs::write(&path, text).unwrap();
            let err = Settings::load_or_create(&path).unwrap_err();
            assert!(
                matches!(err, SettingsError::BadSource { .. }),
                "{url}: {err}"
            );
        }
        // http stays on this machine; anywhere else it must be https (the source client's rule).
        std::fs::write(&path, r#"{"source": "http://127.0.0.1:8080"}"#).unwrap();
        assert!(Settings::load_or_create(&path).is_ok());
        std::fs::write(&path, r#"{"sync_interval_secs": 0}"#).unwrap();
        assert!(matches!(
            Settings::load_or_create(&path),
            Err(SettingsError::BadInterval { .. })
        ));
        for bad in [
            r#"{"target": 1.5, "warning": 0.8, "small_sample": 20}"#,
            r#"{"target": 0.7, "warning": 0.8, "small_sample": 20}"#,
        ] {
            std::fs::write(&path, format!(r#"{{"thresholds": {bad}}}"#)).unwrap();
            assert!(
                matches!(
                    Settings::load_or_create(&path),
                    Err(SettingsError::BadThresholds { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_dashboard_thresholds_are_read_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(
            &path,
            r#"{"thresholds": {"target": 0.9, "warning": 0.75, "small_sample": 10}}"#,
        )
        .unwrap();
        let settings = Settings::load_or_create(&path).unwrap();
        let config = AppConfig::resolve(&settings, Path::new("/data"), None, false);
        assert_eq!(config.thresholds.target, 0.9);
        assert_eq!(config.thresholds.warning, 0.75);
        assert_eq!(config.thresholds.small_sample, 10);
        // Without the key: 95 % target, as the issue says.
        assert_eq!(Settings::default().thresholds.target, 0.95);
    }

    #[test]
    fn the_environment_wins_over_the_file() {
        let settings = Settings::default()
            .with_env(env_of(&[
                ("CONTROLROOM_SOURCE", "http://127.0.0.1:9000"),
                ("CONTROLROOM_SYNC_INTERVAL", " 5 "),
                ("CONTROLROOM_DB", "/tmp/x.sqlite"),
            ]))
            .unwrap();
        assert_eq!(settings.source.as_deref(), Some("http://127.0.0.1:9000"));
        assert_eq!(settings.sync_interval_secs, 5);
        assert_eq!(settings.database, Some(PathBuf::from("/tmp/x.sqlite")));

        let file = Settings {
            source: Some("https://a.vn".into()),
            ..Settings::default()
        };
        let demo = file
            .with_env(env_of(&[("CONTROLROOM_SOURCE", "")]))
            .unwrap();
        assert_eq!(
            demo.source, None,
            "an empty CONTROLROOM_SOURCE selects the demo"
        );

        let err = Settings::default()
            .with_env(env_of(&[("CONTROLROOM_SYNC_INTERVAL", "30s")]))
            .unwrap_err();
        assert!(err.to_string().contains("\"30s\""));
    }

    #[test]
    fn the_demo_size_is_a_number_or_unset() {
        assert_eq!(demo_size(None).unwrap(), None);
        assert_eq!(demo_size(Some(" 2000 ".into())).unwrap(), Some(2000));
        assert!(matches!(
            demo_size(Some("many".into())),
            Err(SettingsError::BadDemoSize { .. })
        ));
    }

    #[test]
    fn the_demo_gets_its_own_cache_that_is_reset_and_real_data_is_kept() {
        let data = Path::new("/data");
        let demo = AppConfig::resolve(&Settings::default(), data, None, false);
        assert!(demo.is_demo());
        assert_eq!(demo.db, Path::new("/data/demo-cache.sqlite"));
        assert!(demo.reset_cache);
        assert_eq!(demo.sync_interval, Duration::from_secs(30));

        let real = Settings {
            source: Some("https://a.vn".into()),
            ..Settings::default()
        };
        let real = AppConfig::resolve(&real, data, None, true);
        assert_eq!(real.db, Path::new("/data/cache.sqlite"));
        assert!(!real.reset_cache);
        assert!(real.wall);

        let chosen = Settings {
            database: Some("/tmp/mine.sqlite".into()),
            ..Settings::default()
        };
        let chosen = AppConfig::resolve(&chosen, data, Some(500), false);
        assert!(
            !chosen.reset_cache,
            "a cache the user chose is never emptied"
        );
        assert_eq!(chosen.demo_dossiers, Some(500));
    }
}
