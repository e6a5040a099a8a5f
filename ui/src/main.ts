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
let askedAgain = false;
/** Whether the last status read said a sync was running. */
let syncing = false;

/** Reads the status and shows it. A call during a read is not dropped but runs once the read
 * is done: the read in flight may predate the event that asked (a sync that just finished
 * would otherwise stay "running" on screen). */
async function refreshStatus(): Promise<void> {
  if (refreshing) {
    askedAgain = true;
    return;
  }
  refreshing = true;
  try {
    do {
      askedAgain = false;
      lastRefresh = Date.now();
      try {
        const status = await fetchStatus();
        syncing = status.syncing;
        shell?.showStatus(status);
      } catch (e) {
        shell?.statusPage().showFailure(`${t().error.unreachable}: ${errorText(e)}`);
      }
    } while (askedAgain);
  } finally {
    refreshing = false;
  }
}

// The wall calls only the wall's commands (its window may call no other): it follows the sync
// by itself. The desktop reads the status at once, and again once the listeners are in place:
// a sync that finished in between would otherwise go unnoticed.
if (wall) {
  void onSyncFinished(() => void wall.readStatus());
  void onDataChanged(() => void wall.dataChanged());
  onLangChange(() => wall.draw());
} else {
  startDesktop();
}

function startDesktop(): void {
  void refreshStatus();
  void Promise.allSettled([
    onSyncProgress((progress) => {
      shell?.statusPage().showProgress(progress);
      // The cache grows page by page: re-read it now and then so the counts follow.
      if (Date.now() - lastRefresh > thresholds.refreshDuringSyncMs) void refreshStatus();
    }),
    onSyncFinished(() => void refreshStatus()),
    onDataChanged(() => {
      void refreshStatus();
      shell?.dataChanged();
    }),
  ]).then(() => refreshStatus());
  onLangChange(() => shell?.langChanged());
  setInterval(() => {
    shell?.tick();
    // Events are the fast way; while a sync runs, the status is also read now and then, so that
    // a missed event cannot leave "syncing" on screen.
    if (syncing && Date.now() - lastRefresh > thresholds.refreshDuringSyncMs) void refreshStatus();
  }, thresholds.ageTickMs);
}
