// Boot: pick the view for this window (`main` or `wall`), fetch the status, follow the events.

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
import { StatusScreen } from "./views/status";
import { WallScreen } from "./views/wall";
import "./styles.css";

applyTheme(document.documentElement);
const root = document.getElementById("app")!;
const isWall = getCurrentWebviewWindow().label === "wall";
document.body.classList.toggle("is-wall", isWall);

const screen: StatusScreen | WallScreen = isWall
  ? new WallScreen(root)
  : new StatusScreen(root, {
      syncNow: () =>
        void syncNow().catch((e) => {
          if (screen instanceof StatusScreen) screen.showFailure(errorText(e));
        }),
    });

let lastRefresh = 0;
let refreshing = false;

async function refresh(): Promise<void> {
  if (refreshing) return;
  refreshing = true;
  lastRefresh = Date.now();
  try {
    screen.show(await fetchStatus());
  } catch (e) {
    if (screen instanceof StatusScreen) screen.showFailure(`${t().error.unreachable}: ${errorText(e)}`);
  } finally {
    refreshing = false;
  }
}

void onSyncProgress((progress) => {
  if (screen instanceof StatusScreen) screen.showProgress(progress);
  // The cache grows page by page: re-read it now and then so the counts follow.
  if (Date.now() - lastRefresh > thresholds.refreshDuringSyncMs) void refresh();
});
void onSyncFinished(() => void refresh());
void onDataChanged(() => void refresh());
onLangChange(() => screen.draw());
setInterval(() => screen.tick(), thresholds.ageTickMs);
void refresh();
