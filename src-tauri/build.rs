/// The app's commands, each with a generated `allow-<command>` permission: the capabilities
/// (`capabilities/`) grant the desktop's commands to the `main` window and the wall's to the
/// `wall` window only, so that the wall's page cannot ask for a dossier's detail at all.
#[cfg(feature = "app")]
const COMMANDS: &[&str] = &[
    "status",
    "sync_now",
    "overview",
    "agency_page",
    "procedure_page",
    "dossier_list",
    "dossier_detail",
    "index766_page",
    "index766_costs",
    "reveal_applicant",
    "reveal_audit",
    "explore_late",
    "late_ranking",
    "export_report",
    "cancel_export",
    "export_chart",
    "wall_status",
    "wall_rotation",
    "wall_slide",
];

/// The built front end the window embeds (`frontendDist` of tauri.conf.json).
#[cfg(feature = "app")]
const FRONT_END: &str = "ui/dist/index.html";

/// What the built front end is built from: newer than the build means the build is stale.
#[cfg(feature = "app")]
const UI_SOURCES: [&str; 5] = [
    "ui/src",
    "ui/public",
    "ui/index.html",
    "ui/package.json",
    "ui/vite.config.ts",
];

fn main() {
    // The core builds without the window (`--no-default-features`): nothing of Tauri to do.
    #[cfg(feature = "app")]
    app();
}

#[cfg(feature = "app")]
fn app() {
    // Without the built front end tauri-build stops on "frontendDist … doesn't exist", and with
    // a stale one the window shows yesterday's UI: say instead, in one sentence, what to run.
    println!("cargo:rerun-if-changed={FRONT_END}");
    for source in UI_SOURCES {
        println!("cargo:rerun-if-changed={source}");
    }
    let built = std::fs::metadata(FRONT_END).and_then(|m| m.modified()).ok();
    let problem = match built {
        None => Some("is not built"),
        Some(at)
            if UI_SOURCES
                .iter()
                .any(|s| newest(std::path::Path::new(s)) > Some(at)) =>
        {
            Some("is older than its sources in ui/")
        }
        Some(_) => None,
    };
    if let Some(problem) = problem {
        eprintln!(
            "error: the front end {problem} ({FRONT_END}): run `bash scripts/setup.sh`, or `cd ui && npm ci && npm run build`, then build again"
        );
        std::process::exit(1);
    }
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri-build: {e:#}");
    }
}

/// The latest modification time of a file, or of any file under a folder.
#[cfg(feature = "app")]
fn newest(path: &std::path::Path) -> Option<std::time::SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_dir() {
        return meta.modified().ok();
    }
    std::fs::read_dir(path)
        .ok()?
        .flatten()
        .filter_map(|e| newest(&e.path()))
        .max()
}
