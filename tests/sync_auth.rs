//! A center that wants a token: without it, or with a wrong one, `controlroom sync` stops at
//! once with a message about the token; with it, the sync goes through.

mod sync_support;

use sync_support::*;

#[test]
fn a_missing_or_wrong_token_stops_with_a_message_about_the_token() {
    let sim = Sim::start(31, 300, "none", &["--token", "s3cret"]);
    let (_dir, db) = temp_db();
    for token in [None, Some("wrong")] {
        let mut cmd = sync_command(&sim.url, &db, 100);
        if let Some(t) = token {
            cmd.env("CONTROLROOM_TOKEN", t);
        }
        let started = std::time::Instant::now();
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err.lines().last().unwrap_or_default();
        assert!(
            first.contains("401") && first.contains("CONTROLROOM_TOKEN"),
            "{err}"
        );
        assert!(out.stdout.is_empty());
        // No retry on 401: no backoff waits.
        assert!(started.elapsed().as_secs() < 10);
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let status = controlroom::cache::status(&conn).unwrap();
    assert_eq!(status.dossiers, 0);
    assert!(status.last_error.unwrap().contains("401"));
    assert!(status.last_success_at.is_none());

    let out = sync_command(&sim.url, &db, 100)
        .env("CONTROLROOM_TOKEN", "s3cret")
        .output()
        .unwrap();
    assert_succeeded(&out, "sync");
    assert_cache_matches_truth(&db, &sim.truth());
    let status = controlroom::cache::status(&conn).unwrap();
    assert_eq!(status.dossiers, 300);
    assert!(status.last_error.is_none() && status.last_success_at.is_some());
}

#[test]
fn plain_http_to_a_remote_host_is_refused_before_any_request() {
    let (_dir, db) = temp_db();
    let out = run_sync("http://example.org/controlroom", &db, 100);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("loopback") && err.contains("https://"),
        "{err}"
    );
}
