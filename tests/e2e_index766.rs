//! End to end: a leader opens the Decision-766 page from the overview in the real window; the
//! points of the province and of every agency, this month, quarter and year so far, equal
//! `controlroom index766` on the same cache at the same instant; an indicator drills to the
//! dossiers that cost points, and one of them opens on the dossier's page.
//! Ignored by a plain `cargo test`; run under Xvfb with `--ignored` (scripts/test.sh).
//! Screenshots go to `artifacts/e2e/`.

mod e2e_support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use e2e_support::{app, artifacts, demo_driver, Session};
use serde_json::Value;

const PAGE: Duration = Duration::from_secs(60);
const DEMO_DOSSIERS: u64 = 20_000;

/// Every span of the page: its period and instant, the province's points and each agency's.
const READ_SPANS: &str = r#"
  const page = document.querySelector('.content > .page[data-page=index766]');
  if (!page || document.querySelector('.content').dataset.busy) return null;
  const asOf = page.querySelector('.page-head').dataset.asOf;
  return [...page.querySelectorAll('.i766-span')].map((s) => ({
    span: s.dataset.span, from: s.dataset.from, to: s.dataset.to, asOf,
    points: Number(s.querySelector('[data-test=i766-province]').dataset.points),
    max: Number(s.querySelector('[data-test=i766-province]').dataset.max),
    progress: s.querySelector('[data-test=i766-progress]').dataset.points,
    agencies: [...s.querySelectorAll('[data-test=i766-agency]')].map((r) => [r.dataset.code, Number(r.dataset.points)]),
  }));
"#;

fn index766(db: &Path, span: &Value) -> Value {
    let as_of = span["asOf"].as_str().unwrap().replace(['-', 'T', ':'], "");
    let out = Command::new(app())
        .args(["index766", "--db", db.to_str().unwrap(), "--json"])
        .args(["--from", span["from"].as_str().unwrap()])
        .args(["--to", span["to"].as_str().unwrap()])
        .args(["--as-of", &as_of])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

async fn shoot(session: &Session, name: &str) {
    session
        .screenshot(&artifacts().join(format!("{name}-1920.png")))
        .await;
}

#[tokio::test]
#[ignore = "drives the real window: run under xvfb-run with --ignored (scripts/test.sh)"]
async fn the_decision_766_page_equals_the_command_and_drills_to_the_dossiers_that_cost_points() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.sqlite");
    let driver = demo_driver(dir.path(), &db, DEMO_DOSSIERS);
    let session = Session::start(&driver, &app(), &[]).await;
    session.set_size(1920, 1080).await;
    session.wait_first_sync().await;
    session
        .wait_for(
            "the overview's way to the Decision-766 page",
            "return !!document.querySelector('[data-test=open-index766]');",
            PAGE,
        )
        .await;
    session
        .click_until(
            "the way to the Decision-766 page taken",
            "[data-test=open-index766]",
            "location.hash.includes('index766')",
            PAGE,
        )
        .await;
    let spans = session
        .wait_for("the Decision-766 page", READ_SPANS, PAGE)
        .await;
    let spans = spans.as_array().unwrap();
    assert_eq!(spans.len(), 3);
    for span in spans {
        let cli = index766(&db, span);
        let what = span["span"].as_str().unwrap();
        assert_eq!(
            span["points"].as_f64(),
            cli["province"]["points"].as_f64(),
            "{what}"
        );
        assert_eq!(
            span["max"].as_f64(),
            cli["province"]["points_max"].as_f64(),
            "{what}"
        );
        let progress = cli["province"]["progress_points"]
            .as_f64()
            .map_or(String::new(), |p| p.to_string());
        assert_eq!(span["progress"].as_str().unwrap(), progress, "{what}");
        for row in span["agencies"].as_array().unwrap() {
            let code = row[0].as_str().unwrap();
            let a = cli["agencies"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["code"] == code)
                .unwrap_or_else(|| panic!("index766 has no {code}"));
            assert_eq!(row[1].as_f64(), a["points"].as_f64(), "{what} {code}");
        }
        // Ranked by the share of their maximum, highest first.
        let shares: Vec<f64> = span["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let a = cli["agencies"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|a| a["code"] == r[0])
                    .unwrap();
                a["points"].as_f64().unwrap() / a["points_max"].as_f64().unwrap()
            })
            .collect();
        assert!(shares.windows(2).all(|w| w[0] >= w[1]), "{what} {shares:?}");
    }
    shoot(&session, "index766-1-page").await;

    // The year's progress drills to the dossiers that cost points, most first.
    session.click("[data-test=i766-tab-this_year]").await;
    session
        .click(".i766-span[data-span=this_year] [data-test=i766-progress] .more")
        .await;
    let costs = session
        .wait_for(
            "the dossiers that cost points",
            "const p = document.querySelector('.content > .page[data-page=cost]');
             if (!p || document.querySelector('.content').dataset.busy) return null;
             return { total: Number(p.dataset.total),
                      lost: [...p.querySelectorAll('[data-test=points-lost]')].map((x) => x.textContent) };",
            PAGE,
        )
        .await;
    assert!(costs["total"].as_u64().unwrap() > 0, "{costs}");
    shoot(&session, "index766-2-costs").await;
    session.click("[data-test=dossier-row] th button").await;
    session
        .wait_for(
            "a dossier that cost points",
            "return !!document.querySelector('.content > .page[data-page=dossier]') && !document.querySelector('.content').dataset.busy;",
            PAGE,
        )
        .await;
    shoot(&session, "index766-3-dossier").await;
    session.close().await;
}
