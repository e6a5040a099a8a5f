//! End to end: an inspector opens a late dossier in the real window, sees the applicant masked,
//! is refused without a reason, reveals the applicant with one, and finds the reveal in the
//! audit (on the page and in the cache). Run under Xvfb with `--ignored` (scripts/test.sh).

mod e2e_support;

use std::time::Duration;

use e2e_support::{app, artifacts, demo_driver, Session};

const PAGE: Duration = Duration::from_secs(30);

#[tokio::test]
#[ignore = "drives the real window: run under xvfb-run with --ignored (scripts/test.sh)"]
async fn an_inspector_reveals_an_applicant_for_a_reason_and_finds_the_audit_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.sqlite");
    let driver = demo_driver(dir.path(), &db, 5_000);
    let session = Session::start(&driver, &app(), &[]).await;
    session.set_size(1366, 768).await;
    session.wait_first_sync().await;

    // A dossier with an applicant who is a person, opened by its address.
    let (code, full_name): (String, String) = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row(
            "SELECT code, applicant_name FROM dossier WHERE applicant_name LIKE '% % %'
             ORDER BY code LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    session
        .execute(&format!(
            "location.hash = '#/dossier:{}'; return true;",
            code.replace('\'', "")
        ))
        .await;
    let masked = session
        .wait_for(
            "the dossier page",
            &format!(
                "const p = document.querySelector('.content > .page[data-page=dossier][data-code=\"{code}\"]');
                 return !!p && !document.querySelector('.content').dataset.busy
                   && p.querySelector('[data-test=applicant-name]').textContent;"
            ),
            PAGE,
        )
        .await;
    let initials: String = full_name
        .split_whitespace()
        .map(|w| format!("{}.", w.chars().next().unwrap()))
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(masked, initials.as_str(), "the applicant is masked");
    let page_text = session
        .execute("return document.querySelector('.content').innerText;")
        .await;
    assert!(!page_text.as_str().unwrap().contains(&full_name));

    // Without a reason: refused, nothing revealed.
    session.click("[data-test=reveal]").await;
    session.click("[data-test=reveal-confirm]").await;
    let note = session
        .execute("return document.querySelector('[data-test=reveal-note]').textContent;")
        .await;
    assert_eq!(note, "Hãy nhập lý do trước khi xem thông tin người nộp.");

    // With a reason: the whole name, and the reveal in the audit.
    let reason = "Xác minh đơn phản ánh số 15/2026";
    session
        .execute(&format!(
            "const i = document.querySelector('[data-test=reveal-reason]'); i.value = '{reason}';
             return true;"
        ))
        .await;
    session.click("[data-test=reveal-confirm]").await;
    let shown = session
        .wait_for(
            "the revealed name",
            "return !!document.querySelector('[data-test=revealed]')
               && document.querySelector('[data-test=applicant-name]').textContent;",
            PAGE,
        )
        .await;
    assert_eq!(shown, full_name.as_str());
    session
        .screenshot(&artifacts().join("inspector-reveal-1366.png"))
        .await;

    // The audit: on the dossier's page once it is opened again, and in the cache.
    session
        .execute("location.hash = '#/status'; return true;")
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    session
        .execute(&format!(
            "location.hash = '#/dossier:{}'; return true;",
            code.replace('\'', "")
        ))
        .await;
    let audit = session
        .wait_for(
            "the audit on the dossier's page",
            "const a = document.querySelector('[data-test=reveal-audit]');
             return !!a && a.textContent;",
            PAGE,
        )
        .await;
    assert!(audit.as_str().unwrap().contains(reason), "{audit}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (audited_code, audited_reason): (String, String) = conn
        .query_row("SELECT dossier_code, reason FROM reveal_audit", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(
        (audited_code.as_str(), audited_reason.as_str()),
        (code.as_str(), reason)
    );
    session.close().await;
}
