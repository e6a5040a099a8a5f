// Colours and thresholds, in one place. The palette is Okabe–Ito (safe for the common forms of
// colour blindness); every status also carries an icon and a word, never colour alone.

export const palette = {
  background: "#f4f5f7",
  surface: "#ffffff",
  text: "#1c2430",
  muted: "#5a6473",
  border: "#d9dde3",
  accent: "#0072b2", // blue
  accentSoft: "#e3f0f8",
  good: "#009e73", // bluish green
  goodSoft: "#e0f3ed",
  warning: "#e69f00", // orange
  warningSoft: "#fdf1d8",
  bad: "#d55e00", // vermillion
  badSoft: "#fbe6d9",
  demo: "#cc79a7", // reddish purple: the simulated-data marker
  demoSoft: "#f7e7f0",
  bar: "#56b4e9", // sky blue
  // The wall: light text on a dark ground, which reads from across a lit room.
  wallBackground: "#10202e",
  wallSurface: "#1a3044",
  wallText: "#f2f5f8",
  wallMuted: "#b4c2cf",
  wallNew: "#f0e442", // yellow: a dossier newly overdue
} as const;

export const thresholds = {
  /** The data is flagged stale once the last successful sync is older than this many intervals. */
  staleAfterIntervals: 3,
  /** While a sync runs, the screen re-reads the cache at most this often (milliseconds). */
  refreshDuringSyncMs: 2000,
  /** How often the "x phút trước" ages are redrawn (milliseconds). */
  ageTickMs: 10_000,
  /** The wall's clock and data age are redrawn this often (milliseconds). */
  wallTickMs: 1000,
  /** The wall reads its status this often besides the sync's events (milliseconds). */
  wallStatusMs: 5000,
  /** A slide that cannot be read is retried (or skipped) after this long (milliseconds). */
  wallRetryMs: 2000,
} as const;

export type Status = "good" | "warning" | "bad";

/** The icon shown with each status, so that it never relies on colour alone. */
export const statusIcon: Record<Status, string> = { good: "✓", warning: "!", bad: "✕" };

/** Publishes the palette as CSS custom properties (`--c-accent`, ...) used by styles.css. */
export function applyTheme(root: HTMLElement): void {
  for (const [name, value] of Object.entries(palette)) {
    root.style.setProperty(`--c-${name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}`, value);
  }
}
