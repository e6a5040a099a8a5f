//! End to end: an inspector opens the workbench from the header, filters the late dossiers of
//! the year to one agency, sorts them, opens one, sees the applicant masked, is refused without
//! a reason, reveals the applicant with one, and finds the reveal in the audit (on the page and
//! in the cache). Run under Xvfb with `--ignored` (scripts/test.sh).

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

    // The workbench, from the header: the late dossiers of the year, narrowed to the agency with
    // the most and to those whose applicant is a person, most late first.
    session
        .click_until(
            "the workbench opened",
            "[data-test=open-explorer]",
            "location.hash.includes('explorer')",
            PAGE,
        )
        .await;
    let year = "this_year";
    session
        .execute(&format!(
            "const s = document.querySelector('[data-test=period]'); s.value = '{year}';
             s.dispatchEvent(new Event('change')); return true;"
        ))
        .await;
    let options = session
        .wait_for(
            "the workbench of the year",
            "const p = document.querySelector('.content > .page[data-page=explorer]');
             const s = document.querySelector('[data-test=filter-agency]');
             return !!p && !document.querySelector('.content').dataset.busy
               && location.hash.includes('period=year') && s && s.options.length > 1
               && [...s.options].map(o => o.value).filter(v => v);",
            PAGE,
        )
        .await;
    // Of the agencies offered, the one with the most applicants who are persons.
    let agency: String = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT agency_code FROM dossier WHERE applicant_name LIKE '% % %'
                 GROUP BY agency_code ORDER BY count(*) DESC",
            )
            .unwrap();
        let ranked: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        ranked
            .into_iter()
            .find(|a| options.as_array().unwrap().iter().any(|o| o == a))
            .expect("an agency with late dossiers of persons")
    };
    let total_before = session
        .execute("return Number(document.querySelector('.content > .page').dataset.total);")
        .await;
    session
        .execute(&format!(
            "const s = document.querySelector('[data-test=filter-agency]'); s.value = '{agency}';
             s.dispatchEvent(new Event('change')); return true;"
        ))
        .await;
    let total = session
        .wait_for(
            "the workbench filtered to one agency",
            &format!(
                "const p = document.querySelector('.content > .page[data-page=explorer]');
                 return !!p && !document.querySelector('.content').dataset.busy
                   && location.hash.includes('f.agency={agency}')
                   && Number(p.dataset.total);"
            ),
            PAGE,
        )
        .await;
    assert!(
        total.as_u64().unwrap() <= total_before.as_u64().unwrap(),
        "{total} of {total_before}"
    );
    // Every row is of the agency; the counts by figure add up to the total.
    let agencies = session
        .execute(
            "const rows = [...document.querySelectorAll('[data-test=late-row]')];
             const counts = [...document.querySelectorAll('[data-test=explorer-counts] [data-count]')]
               .reduce((n, e) => n + Number(e.dataset.count), 0);
             return [rows.length, counts];",
        )
        .await;
    assert_eq!(
        agencies[1], total,
        "the counts by figure add up to the total"
    );
    session
        .screenshot(&artifacts().join("inspector-explorer-1366.png"))
        .await;
    // Sorted by the official of the longest delay, then back to most late first.
    session
        .click_until(
            "the sort by official",
            "[data-test=sort-official]",
            "location.hash.includes('f.col=official')",
            PAGE,
        )
        .await;
    session
        .wait_for(
            "the list sorted by official",
            "return !document.querySelector('.content').dataset.busy
               && !!document.querySelector('th[aria-sort=ascending] [data-test=sort-official]');",
            PAGE,
        )
        .await;
    session
        .click_until(
            "the sort by lateness",
            "[data-test=sort-working_days_late]",
            "location.hash.includes('f.col=working_days_late')",
            PAGE,
        )
        .await;
    session
        .wait_for(
            "most late first",
            "return location.hash.includes('f.col=working_days_late')
               && !document.querySelector('.content').dataset.busy
               && !!document.querySelector('[data-test=late-row]');",
            PAGE,
        )
        .await;

    // The first of them whose applicant is a person, opened from the list.
    let codes = session
        .execute(
            "return [...document.querySelectorAll('[data-test=late-row]')].map(r => r.dataset.code);",
        )
        .await;
    let (code, full_name): (String, String) = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        codes
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| {
                conn.query_row(
                    "SELECT code, applicant_name FROM dossier
                     WHERE code = ? AND applicant_name LIKE '% % %'",
                    [c.as_str().unwrap()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .ok()
            })
            .next()
            .expect("a late dossier of a person on the first page")
    };
    session
        .click_until(
            "the dossier opened",
            &format!("[data-test=late-row][data-code=\"{code}\"] [data-test=open-dossier]"),
            &format!("location.hash.includes('dossier:{code}')"),
            PAGE,
        )
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
