// How old the data is and whether it is stale: one rule for the desktop's header and the wall.
// The status gives the age at the moment it was read; between reads the age runs on.

import { thresholds } from "./theme";

export interface Freshness {
  last_success_age_secs: number | null;
  sync_interval_secs: number;
}

/** Seconds since the last successful sync, now; null when there never was one. */
export function dataAge(status: Freshness | null, readAtMs: number, nowMs = Date.now()): number | null {
  const base = status?.last_success_age_secs;
  return base === null || base === undefined ? null : base + (nowMs - readAtMs) / 1000;
}

/** Stale: the last successful sync is older than `staleAfterIntervals` sync intervals. */
export function isStale(status: Freshness | null, readAtMs: number, nowMs = Date.now()): boolean {
  const seconds = dataAge(status, readAtMs, nowMs);
  const interval = status?.sync_interval_secs ?? 0;
  return seconds !== null && seconds > thresholds.staleAfterIntervals * interval;
}
