/// The app's commands, each with a generated `allow-<command>` permission: the capabilities
/// (`capabilities/`) grant the desktop's commands to the `main` window and the wall's to the
/// `wall` window only, so that the wall's page cannot ask for a dossier's detail at all.
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
    "wall_status",
    "wall_rotation",
    "wall_slide",
];

/// The built front end the window embeds (`frontendDist` of tauri.conf.json).
const FRONT_END: &str = "ui/dist/index.html";

fn main() {
    // Without the built front end tauri-build stops on "frontendDist … doesn't exist": say
    // instead, in one sentence, what to run.
    println!("cargo:rerun-if-changed={FRONT_END}");
    if !std::path::Path::new(FRONT_END).exists() {
        eprintln!(
            "error: the front end is not built ({FRONT_END} is missing): run `bash scripts/setup.sh`, or `cd ui && npm ci && npm run build`, then build again"
        );
        std::process::exit(1);
    }
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri-build: {e:#}");
    }
}
