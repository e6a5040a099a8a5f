// Where the user is: a drill-down trail (province → agency → procedure → list → dossier) and
// the period and list options that travel with it, kept in the URL hash so that the
// browser-style back and forward keys walk the trail. Pure: no DOM, no Tauri.

import type { Preset, Scope, SortKey } from "./api";

/** One step down the drill-down: every level before the last is the breadcrumb. */
export type Level =
  | { kind: "agency"; code: string }
  | { kind: "procedure"; code: string }
  | { kind: "list"; figure: string }
  | { kind: "dossier"; code: string }
  | { kind: "index766"; code: string }
  /** The dossiers that cost Decision-766 points: `code` is "span|agency code|indicator" (no
   * agency: the province; no indicator: any), the span a preset token (month, quarter, year). */
  | { kind: "cost"; code: string }
  | { kind: "status" }
  /** The inspector's workbench: the late dossiers of the period, and who held them. */
  | { kind: "explorer" };

/** The levels that start a trail of their own (reached from the header, not by drilling). */
const ROOTS = ["status", "explorer"];

export interface Route {
  /** Empty: the overview of the province. */
  trail: Level[];
  period: Preset;
  sort: SortKey;
  search: string;
  /** The instant of the page a list was opened from ("yyyy-mm-ddTHH:MM:SS"), so the list
   * holds exactly the dossiers of the count that was clicked. */
  asOf: string | null;
  /** The workbench's filters, sort, tab and page, as the URL writes them (`f.` + name). */
  explore: Record<string, string>;
}

/** The Biểu 06 reporting period is the dashboard's default: the province reports on it. */
export const DEFAULT_PERIOD: Preset = { kind: "bieu06" };

const PRESET_TOKENS: Record<string, Preset["kind"]> = {
  today: "today",
  week: "this_week",
  month: "this_month",
  quarter: "this_quarter",
  year: "this_year",
  bieu06: "bieu06",
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function periodToken(p: Preset): string {
  if (p.kind === "range") return `${p.from}~${p.to}`;
  return Object.keys(PRESET_TOKENS).find((k) => PRESET_TOKENS[k] === p.kind) ?? "bieu06";
}

export function parsePeriod(token: string | null): Preset {
  if (!token) return DEFAULT_PERIOD;
  const kind = PRESET_TOKENS[token];
  if (kind) return { kind } as Preset;
  const [from, to] = token.split("~");
  if (from && to && DATE.test(from) && DATE.test(to) && from <= to) return { kind: "range", from, to };
  return DEFAULT_PERIOD;
}

const SORTS: SortKey[] = ["working_days_late", "due_date", "received_date"];

export function overviewRoute(period: Preset = DEFAULT_PERIOD): Route {
  return { trail: [], period, sort: "working_days_late", search: "", asOf: null, explore: {} };
}

/** The route one level further down, keeping the period; list options reset. */
export function drill(from: Route, level: Level, asOf: string | null = null): Route {
  const trail = ROOTS.includes(level.kind) ? [level] : [...from.trail.filter((l) => l.kind !== "status"), level];
  const explore = level.kind === "explorer" ? {} : from.explore;
  return { trail, period: from.period, sort: defaultSort(level), search: "", asOf, explore };
}

function defaultSort(level: Level): SortKey {
  return level.kind === "list" && level.figure === "pending_at_risk" ? "due_date" : "working_days_late";
}

/** The route of the i-th breadcrumb (-1: the overview). */
export function upTo(route: Route, i: number): Route {
  return { ...route, trail: route.trail.slice(0, i + 1), search: "", asOf: null };
}

export function current(route: Route): Level | null {
  return route.trail[route.trail.length - 1] ?? null;
}

/** What a list at the end of the trail is about: the nearest agency or procedure above it. */
export function listScope(route: Route): Scope {
  for (let i = route.trail.length - 1; i >= 0; i--) {
    const l = route.trail[i];
    if (l.kind === "agency" || l.kind === "procedure") return { kind: l.kind, code: l.code };
  }
  return { kind: "province" };
}

export function formatRoute(r: Route): string {
  const path = r.trail
    .map((l) => ("code" in l ? `${l.kind}:${encodeURIComponent(l.code)}` : "figure" in l ? `${l.kind}:${encodeURIComponent(l.figure)}` : l.kind))
    .join("/");
  const q = new URLSearchParams({ period: periodToken(r.period) });
  if (current(r)?.kind === "list") {
    q.set("sort", r.sort);
    if (r.search) q.set("q", r.search);
  }
  if (r.asOf) q.set("at", r.asOf);
  if (r.trail.some((l) => l.kind === "explorer"))
    for (const [k, v] of Object.entries(r.explore).sort()) if (v !== "") q.set(`f.${k}`, v);
  return `#/${path}?${q.toString()}`;
}

export function parseRoute(hash: string): Route {
  const body = hash.replace(/^#\/?/, "");
  const [path, query = ""] = body.split("?");
  const q = new URLSearchParams(query);
  const trail: Level[] = [];
  for (const part of path.split("/").filter(Boolean)) {
    if (part === "status" || part === "explorer") {
      trail.splice(0, trail.length, { kind: part });
      continue;
    }
    const colon = part.indexOf(":");
    if (colon < 0) continue;
    const kind = part.slice(0, colon);
    const value = decodeURIComponent(part.slice(colon + 1));
    if (!value) continue;
    if (kind === "agency" || kind === "procedure" || kind === "dossier" || kind === "index766" || kind === "cost")
      trail.push({ kind, code: value });
    else if (kind === "list") trail.push({ kind, figure: value });
  }
  const sort = q.get("sort") as SortKey | null;
  const at = q.get("at");
  return {
    trail,
    period: parsePeriod(q.get("period")),
    sort: sort && SORTS.includes(sort) ? sort : defaultSort(trail[trail.length - 1] ?? { kind: "status" }),
    search: q.get("q") ?? "",
    asOf: at && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(at) ? at : null,
    explore: Object.fromEntries([...q.entries()].filter(([k]) => k.startsWith("f.")).map(([k, v]) => [k.slice(2), v])),
  };
}
