// Boot: the wall display in the `wall` window, the dashboard in the desktop window; both follow
// the sync's events.

import { getCurrentWebviewWindow } from "@tauri-apps/api/webviewWindow";
import {
  errorText,
  fetchStatus,
  onDataChanged,
  onSyncFinished,
  onSyncProgress,
  syncNow,
} from "./api";
import { onLangChange, t } from "./i18n";
import { applyTheme, thresholds } from "./theme";
import { Shell } from "./views/shell";
import { WallScreen } from "./views/wall";
import "./styles.css";

applyTheme(document.documentElement);
const root = document.getElementById("app")!;
const isWall = getCurrentWebviewWindow().label === "wall";
document.body.classList.toggle("is-wall", isWall);

const wall = isWall ? new WallScreen(root) : null;
const shell = isWall
  ? null
  : new Shell(root, () =>
      void syncNow().catch((e) => shell?.statusPage().showFailure(errorText(e))),
    );

let lastRefresh = 0;
let refreshing = false;

async function refreshStatus(): Promise<void> {
  if (refreshing) return;
  refreshing = true;
  lastRefresh = Date.now();
  try {
    const status = await fetchStatus();
    wall?.show(status);
    shell?.showStatus(status);
  } catch (e) {
    shell?.statusPage().showFailure(`${t().error.unreachable}: ${errorText(e)}`);
  } finally {
    refreshing = false;
  }
}

void onSyncProgress((progress) => {
  shell?.statusPage().showProgress(progress);
  // The cache grows page by page: re-read it now and then so the counts follow.
  if (Date.now() - lastRefresh > thresholds.refreshDuringSyncMs) void refreshStatus();
});
void onSyncFinished(() => void refreshStatus());
void onDataChanged(() => {
  void refreshStatus();
  shell?.dataChanged();
});
onLangChange(() => {
  wall?.draw();
  shell?.langChanged();
});
setInterval(() => {
  wall?.tick();
  shell?.tick();
}, thresholds.ageTickMs);
void refreshStatus();
