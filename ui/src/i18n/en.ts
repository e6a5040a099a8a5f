// Every English string of the interface, the same shape as `vi.ts`.

import type { Catalogue } from "./vi";

export const en: Catalogue = {
  lang: { name: "English", short: "EN", switchTo: "Switch to English" },
  app: {
    title: "Control room",
    subtitle: "Nghệ An Provincial Public Administration Service Center",
    loading: "Loading…",
  },
  source: {
    label: "Data source",
    demo: "Simulated data",
    demoHint:
      "No center server is configured: the app is syncing from the simulator running on this machine.",
    live: "Center server",
    interval: (seconds: string) => `Syncs automatically every ${seconds} seconds`,
  },
  sync: {
    lastSuccess: "Last successful sync",
    never: "Never synced successfully",
    lastAttempt: (when: string) => `Last attempt: ${when}`,
    stale: (intervals: string) =>
      `Data is out of date: no update for more than ${intervals} sync intervals. The figures below are the last good ones.`,
    state: "Sync progress",
    idle: "Waiting for the next sync",
    running: "Syncing",
    stage: {
      donvi: "Agencies",
      thutuc: "Procedures",
      lichlamviec: "Working calendar",
      hoso: "Dossiers",
    },
    pages: "Pages received",
    upserted: "Records written",
    quarantinedNow: "Bad records",
    position: "Updated up to",
    syncNow: "Sync now",
    lastReport: (records: string, seconds: string) =>
      `Last run: ${records} records in ${seconds} seconds`,
  },
  age: {
    justNow: "just now",
    minutes: (n: string) => `${n} min ago`,
    hours: (h: string, m: string) => `${h} h ${m} min ago`,
    days: (n: string) => `${n} days ago`,
  },
  cache: {
    dossiers: "Dossiers in the local cache",
    dossiersHint: "the copy on this machine",
    quarantined: "Quarantined records",
    quarantinedHint: "malformed, kept for inspection",
    tombstones: (n: string) => `${n} dossiers deleted from the system`,
  },
  error: {
    title: "Last sync error",
    unreachable: "Cannot reach the app",
    detail: "Technical detail",
    codes: {
      token: "The center refused the access token. Set the CONTROLROOM_TOKEN environment variable or store a valid token in the system's secret store.",
      sync: "Could not sync from the server. The app retries at the next interval; the figures shown remain usable.",
      cache: "Cannot read or write the local data on this machine.",
      settings: "The settings file is invalid; syncing cannot start.",
      simulator: "The built-in simulator could not start.",
      internal: "A background task stopped unexpectedly; restart the application.",
    },
  },
  agencies: {
    title: "Dossiers per agency",
    count: (n: string) => `${n} agencies`,
    empty: "No data yet",
    level: {
      1: "Provincial departments",
      2: "Central agencies (provincial branches)",
      3: "Communes",
      0: "Not in the agency list",
    },
    columns: { name: "Agency", dossiers: "Dossiers" },
  },
  wall: {
    title: "Overview display",
    coming: "The wall display is being built. Data keeps syncing as usual.",
    records: "Dossiers synced",
  },
};
