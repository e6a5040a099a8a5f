// The app's commands and events, typed. These types mirror `src-tauri/app/view.rs` and the
// sync engine's `SyncProgress`/`SyncReport` (snake_case, as serde writes them).

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";

export interface AgencyRow {
  code: string;
  name: string;
  level: number;
  dossiers: number;
}

export interface AgencyGroup {
  level: number;
  total: number;
  agencies: AgencyRow[];
}

export interface SyncProgress {
  stage: string;
  pages: number;
  upserted: number;
  tombstoned: number;
  quarantined: number;
  stale: number;
  position: string | null;
}

export interface SyncReport {
  pages: number;
  upserted: number;
  tombstoned: number;
  quarantined: number;
  stale: number;
  retries: number;
  seconds: number;
}

export interface AppError {
  code: string;
  message: string;
}

export interface Status {
  source_url: string | null;
  demo: boolean;
  sync_interval_secs: number;
  last_success_at: string | null;
  last_success_age_secs: number | null;
  last_attempt_at: string | null;
  last_error: AppError | null;
  dossiers: number;
  quarantined: number;
  tombstones: number;
  syncing: boolean;
  progress: SyncProgress | null;
  last_report: SyncReport | null;
  agency_groups: AgencyGroup[];
}

export type SyncFinished = { ok: true; report: SyncReport } | { ok: false; error: AppError };

export function fetchStatus(): Promise<Status> {
  return invoke<Status>("status");
}

export function syncNow(): Promise<void> {
  return invoke<void>("sync_now");
}

/** Errors from commands arrive as `{code, message}`; anything else is shown as text. */
export function errorText(e: unknown): string {
  if (e && typeof e === "object" && "message" in e) return String((e as AppError).message);
  return String(e);
}

export function onSyncProgress(f: (p: SyncProgress) => void): Promise<UnlistenFn> {
  return listen<SyncProgress>("sync-progress", (event) => f(event.payload));
}

export function onSyncFinished(f: (r: SyncFinished) => void): Promise<UnlistenFn> {
  return listen<SyncFinished>("sync-finished", (event) => f(event.payload));
}

export function onDataChanged(f: () => void): Promise<UnlistenFn> {
  return listen("data-changed", () => f());
}
