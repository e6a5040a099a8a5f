//! The wall's playlist file (`wall.json` beside `settings.json`, or `CONTROLROOM_WALL_PLAYLIST`):
//! read and checked when the wall opens, so that a mistake is said at once, with the line and
//! what to write, rather than found out on the big screen. No Tauri here.

use std::path::{Path, PathBuf};

use super::settings::{read_error, write_pretty, SettingsError};
use crate::screens::wall::Playlist;

pub const PLAYLIST_ENV: &str = "CONTROLROOM_WALL_PLAYLIST";

/// The playlist's path: the environment's, else `wall.json` in the config folder.
pub fn playlist_path(config_dir: &Path, env: Option<String>) -> PathBuf {
    env.filter(|p| !p.trim().is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| config_dir.join("wall.json"))
}

/// Reads the playlist; a missing file is created with the default rotation, so that there is
/// one to edit. A file that does not parse, or asks for something impossible, is refused.
pub fn load_or_create(path: &Path) -> Result<Playlist, SettingsError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let defaults = Playlist::default();
            write_pretty(path, &defaults)?;
            return Ok(defaults);
        }
        Err(e) => return Err(read_error(path, e)),
    };
    let playlist: Playlist =
        serde_json::from_str(&text).map_err(|e| SettingsError::BadPlaylist {
            path: path.display().to_string(),
            problems: e.to_string(),
        })?;
    let problems = playlist.problems();
    if !problems.is_empty() {
        return Err(SettingsError::BadPlaylist {
            path: path.display().to_string(),
            problems: problems.join("; "),
        });
    }
    Ok(playlist)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screens::wall::SlideKind;

    #[test]
    fn a_missing_playlist_is_written_with_the_default_rotation() {
        let dir = tempfile::tempdir().unwrap();
        let path = playlist_path(dir.path(), None);
        assert_eq!(path, dir.path().join("wall.json"));
        let playlist = load_or_create(&path).unwrap();
        assert_eq!(playlist, Playlist::default());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"slide\": \"province\""), "{text}");
        assert!(text.contains("\"only_exceptions\": true"), "{text}");
        assert_eq!(
            load_or_create(&path).unwrap(),
            playlist,
            "read back as written"
        );
    }

    #[test]
    fn an_edited_playlist_is_read_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = playlist_path(
            dir.path(),
            Some(dir.path().join("mine.json").display().to_string()),
        );
        std::fs::write(
            &path,
            r#"{"slides": [
                {"slide": "trend", "dwell_secs": 5},
                {"slide": "agencies", "dwell_secs": 8, "only_exceptions": false, "agencies": ["S1", "S2"], "at_most": 3}
            ]}"#,
        )
        .unwrap();
        let p = load_or_create(&path).unwrap();
        assert_eq!(p.slides.len(), 2);
        assert_eq!(p.slides[0].slide, SlideKind::Trend);
        assert_eq!(p.slides[1].only_exceptions, Some(false));
        assert_eq!(p.slides[1].at_most, Some(3));
    }

    #[test]
    fn a_bad_playlist_is_refused_with_what_to_fix() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wall.json");
        let cases = [
            (
                r#"{"slides": [{"slide": "province", "dwell_secs": 20}"#,
                "EOF",
            ),
            (
                r#"{"slides": [{"slide": "weather", "dwell_secs": 20}]}"#,
                "unknown variant `weather`",
            ),
            (
                r#"{"slides": [{"slide": "province", "dwell": 20}]}"#,
                "unknown field `dwell`",
            ),
            (
                r#"{"slides": [{"slide": "province", "dwell_secs": 0}]}"#,
                "slide 1: \"dwell_secs\": 0 is not between 2 and 3600",
            ),
            (
                r#"{"slides": [{"slide": "trend", "dwell_secs": 9, "agencies": ["S1"]}]}"#,
                "belong to the \"agencies\" slide only",
            ),
            (r#"{"slides": []}"#, "\"slides\" is empty"),
        ];
        for (text, expected) in cases {
            std::fs::write(&path, text).unwrap();
            let err = load_or_create(&path).unwrap_err();
            let message = err.to_string();
            assert!(
                matches!(err, SettingsError::BadPlaylist { .. }),
                "{message}"
            );
            assert!(message.contains(expected), "{text}: {message}");
            assert!(message.contains("wall.json"), "{message}");
            assert!(
                message.contains("delete it to return to the default rotation"),
                "{message}"
            );
            assert_eq!(
                std::fs::read_to_string(&path).unwrap(),
                text,
                "left as it was"
            );
        }
    }
}
