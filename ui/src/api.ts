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
  /** Records an older, stricter version quarantined, taken by this sync. */
  released: number;
  stale: number;
  retries: number;
  seconds: number;
}

/** `cache::quarantine::QuarantineSummary`. */
export interface QuarantineSummary {
  total: number;
  dossier_share: number | null;
  /** `rule`: a name of `source::rules::Rule` (snake_case), or null for records no version named. */
  by_rule: Array<{ rule: string | null; count: number }>;
  latest: Array<{ feed: string; key: string | null; reason: string; raw: string; quarantined_at: string }>;
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
  quarantine: QuarantineSummary;
  /** Broken dossier records above 0.5 % of those synced: the figures miss them. */
  figures_incomplete: boolean;
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

// ---- The leaders' dashboard (mirrors `src-tauri/screens`, `metrics` and `charts`). ----

/** A count, or a rate with its denominator (`rate` null when the denominator is 0). */
export type FigureValue = number | { rate: number | null; of: number };

export type Tone = "good" | "warning" | "bad";

/** A period as picked: serde's `Preset` (tag `kind`). */
export type Preset =
  | { kind: "today" | "this_week" | "this_month" | "this_quarter" | "this_year" | "bieu06" }
  | { kind: "range"; from: string; to: string };

export interface PeriodInfo {
  from: string;
  to: string;
  /** The instant the figures stand at, "yyyy-mm-ddTHH:MM:SS" (province time). */
  as_of: string;
  calendar_fallback: Array<{ year: number; source: unknown }>;
}

/** Every figure of METRICS.md, by its name. */
export interface Figures {
  received: number;
  received_online: number;
  received_in_person: number;
  received_post: number;
  carried_over: number;
  resolved: number;
  resolved_early: number;
  resolved_on_time: number;
  resolved_late: number;
  withdrawn: number;
  stopped: number;
  pending: number;
  pending_paused: number;
  pending_overdue: number;
  pending_within_deadline: number;
  pending_at_risk: number;
  on_time_rate: number | null;
  ratings: number;
  very_satisfied: number;
  satisfied: number;
  dissatisfied: number;
  satisfaction_rate: number | null;
}

export interface GroupFigures extends Figures {
  code: string;
  name: string;
}

export interface Tile {
  figure: keyof Figures;
  label: string;
  value: FigureValue;
  of: number | null;
  change: { previous: FigureValue; delta: number | null };
  status: Tone | null;
  small_sample: boolean;
  /** The figure whose dossiers a click on the tile lists. */
  list: string;
}

export interface HitRegion {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  tooltip: Array<[string, string]>;
}

export interface Chart {
  svg: string;
  width: number;
  height: number;
  regions: HitRegion[];
  /** The chart's text, when drawn apart from the SVG (the page charts). */
  labels?: ChartLabel[];
}

/** A piece of a chart's text: where it hangs from, in the chart's pixels, and how it looks. */
export interface ChartLabel {
  text: string;
  x: number;
  y: number;
  px: number;
  bold: boolean;
  color: string;
  anchor: "left" | "center" | "right";
}

export interface PageChart {
  id: string;
  chart: Chart | null;
}

export type PendingState = "paused" | "overdue" | { within_deadline: { at_risk: boolean } };
export type Timeliness = "early" | "on_time" | "late";

export type RowState =
  | { kind: "resolved"; timeliness: Timeliness }
  | { kind: "pending"; state: PendingState }
  | { kind: "other"; status: number };

export interface ListRow {
  code: string;
  procedure_code: string;
  procedure_name: string;
  agency_code: string;
  agency_name: string;
  received_at: string | null;
  legal_due: string | null;
  closed_at: string | null;
  state: RowState;
  working_days_late: number;
}

export interface ListPage {
  total: number;
  rows: ListRow[];
  next: string | null;
  as_of: string;
}

interface PageCommon {
  period: PeriodInfo;
  previous: PeriodInfo;
  calendar_note: string | null;
  tiles: Tile[];
  charts: PageChart[];
}

export interface Overview extends PageCommon {
  province: Figures;
  agencies: GroupFigures[];
}

export interface AgencyPage extends PageCommon {
  agency: GroupFigures;
  by_field: GroupFigures[];
  by_procedure: GroupFigures[];
  overdue: ListPage;
  at_risk: ListPage;
}

export interface ProcedurePage extends PageCommon {
  procedure: GroupFigures;
  by_agency: GroupFigures[];
  overdue: ListPage;
  at_risk: ListPage;
}

export type Scope =
  | { kind: "province" }
  | { kind: "agency" | "procedure" | "field"; code: string };

export type SortKey = "working_days_late" | "due_date" | "received_date";

export interface Named {
  code: string;
  name: string;
}

export interface StepView {
  seq: number;
  agency: Named;
  department: string | null;
  official: string | null;
  title: string | null;
  action: string | null;
  started_at: string;
  deadline: string | null;
  ended_at: string | null;
  /** The step's judgement at the dossier's instant (flattened from Rust). */
  late: boolean;
  overdue: boolean;
  working_days_late: number;
  held_seconds: number;
  held_working_days: number;
}

export interface Holder {
  agency_code: string;
  department: string | null;
  official: string | null;
  steps: number;
  late_steps: number;
  held_seconds: number;
  held_working_days: number;
  working_days_late: number;
}

export interface DossierDetail {
  code: string;
  status: number;
  status_label: string;
  procedure: Named;
  agency: Named;
  channel: number;
  applicant: { name: string | null; id_number_masked: string | null; phone_masked: string | null };
  summary: string | null;
  submitted_at: string | null;
  received_at: string | null;
  appointment: string | null;
  finished_at: string | null;
  returned_at: string | null;
  as_of: string;
  judgement: {
    legal_due: string | null;
    closed_at: string | null;
    timeliness: Timeliness | null;
    working_days_late: number | null;
    state_at: PendingState | null;
  };
  working_days_late_at: number;
  steps: StepView[];
  holders: Holder[];
  pauses: Array<{
    requested_at: string;
    resumed_at: string | null;
    reason: string | null;
    due_before: string | null;
    due_after: string | null;
  }>;
  extensions: Array<{
    created_at: string;
    due_before: string;
    due_after: string;
    reason: string | null;
    apology_letter: string | null;
  }>;
  fees: Array<{ code: string; name: string; kind: number | null; amount: number; method: number | null; paid_at: string | null }>;
  fee_total: number;
  rating: { level: number; rated_at: string; channel: number | null; comment: string | null } | null;
  timeline: PageChart;
}

export interface PageRequest {
  period: Preset;
  lang: "vi" | "en";
  chart_width: number;
}

export interface ListRequest {
  figure: string;
  scope: Scope;
  period: Preset;
  as_of: string | null;
  search: string | null;
  sort: SortKey;
  after: string | null;
  limit: number;
}

// ---- Decision 766 (mirrors `metrics::index766` and `screens::index766`). ----

export interface Indicators {
  progress_denominator: number;
  progress_numerator: number;
  two_supplements: number;
  received: number;
  received_online: number;
  payment_denominator: number;
  payment_numerator: number;
  dissatisfied: number;
  progress_points: number | null;
  online_share: number | null;
  online_points: number | null;
  payment_share: number | null;
  payment_points: number | null;
  satisfaction_ratio: number | null;
  satisfaction_points: number | null;
  points: number;
  points_max: number;
}

export interface Stake {
  due_in_period: number;
  progress_if_on_time: number | null;
  progress_if_late: number | null;
}

export interface RankedAgency {
  rank: number;
  code: string;
  name: string;
  now: Indicators;
  before: Indicators;
  stake: Stake;
}

export interface Index766Span {
  preset: Preset;
  period: PeriodInfo;
  previous: PeriodInfo;
  province: Indicators;
  province_before: Indicators;
  province_stake: Stake;
  agencies: RankedAgency[];
}

export interface Index766Page {
  as_of: string;
  spans: Index766Span[];
  calendar_note: string | null;
}

export type CostReason = "late" | "overdue" | "two_supplements" | "unpaid_online" | "dissatisfied";

export interface CostRow extends ListRow {
  reasons: CostReason[];
  points_lost: number;
}

export interface CostList {
  total: number;
  points_lost: number;
  rows: CostRow[];
  as_of: string;
}

/** How long the last dashboard command took, from the call to its answer (ms): the part of a
 * page's time spent in Rust and the IPC, shown next to the whole for the speed benchmark. */
export let lastCommandMs = 0;

async function timed<T>(cmd: string, args: Record<string, unknown>): Promise<T> {
  const started = performance.now();
  try {
    return await invoke<T>(cmd, args);
  } finally {
    lastCommandMs = performance.now() - started;
  }
}

export const dashboard = {
  overview: (req: PageRequest) => timed<Overview>("overview", { req }),
  agency: (code: string, req: PageRequest) => timed<AgencyPage>("agency_page", { code, req }),
  procedure: (code: string, req: PageRequest) => timed<ProcedurePage>("procedure_page", { code, req }),
  list: (req: ListRequest) => timed<ListPage>("dossier_list", { req }),
  index766: () => timed<Index766Page>("index766_page", {}),
  index766Costs: (period: Preset, agency: string | null, indicator: string | null, limit: number) =>
    timed<CostList>("index766_costs", { req: { period, agency, indicator, limit } }),
  dossier: (code: string, lang: "vi" | "en", chartWidth: number) =>
    timed<DossierDetail>("dossier_detail", { code, lang, chartWidth }),
};

export type Applicant = DossierDetail["applicant"];

/** `cache::audit::Reveal`: who saw an applicant unmasked, when, which dossier and why. */
export interface Reveal {
  revealed_at: string;
  os_user: string;
  dossier_code: string;
  reason: string;
}

export const inspector = {
  /** The applicant unmasked; refused (code `no_reason`) without a reason. Audited. */
  reveal: (code: string, reason: string) => invoke<Applicant>("reveal_applicant", { code, reason }),
  audit: () => invoke<Reveal[]>("reveal_audit"),
};

// ---- The inspector's workbench (mirrors `screens/explorer.rs`, `screens/ranking.rs` and
// `app/explorer.rs`). ----

export type LateKind = "resolved_late" | "pending_overdue" | "pending_at_risk";
export type Duty = "any" | "no_apology" | "apology_after_deadline" | "extended_more_than_once" | "new_date_missed" | "supplements_more_than_once";
export type ExplorerColumn =
  | "code" | "kind" | "agency" | "procedure" | "channel" | "status" | "applicant"
  | "received_at" | "legal_due" | "closed_at" | "working_days_late" | "department" | "official" | "duties";

export interface ExplorerFilter {
  kind?: LateKind;
  agency?: string;
  field?: string;
  procedure?: string;
  channel?: number;
  status?: number;
  days_from?: number;
  days_to?: number;
  department?: string;
  official?: string;
  apologised?: boolean;
  duty?: Duty;
  search?: string;
}

export interface ExplorerSort {
  column: ExplorerColumn;
  descending: boolean;
}

export interface LateStep {
  seq: number;
  agency_code: string;
  department: string | null;
  official: string | null;
  due_at: string;
  ended_at: string | null;
  working_days_late: number;
}

/** `DutyFlags`, by the names of the README's glossary. */
export type DutyFlags = Record<Exclude<Duty, "any">, boolean>;

export interface LateDossier {
  code: string;
  kind: LateKind;
  agency_code: string;
  agency_name: string;
  field_code: string;
  field_name: string;
  procedure_code: string;
  procedure_name: string;
  channel: number;
  status: number;
  applicant: string | null;
  received_at: string | null;
  legal_due: string | null;
  closed_at: string | null;
  working_days_late: number;
  late_steps: LateStep[];
  apologised: boolean;
  duties: DutyFlags;
}

export interface Facets {
  agencies: Array<[string, string]>;
  fields: Array<[string, string]>;
  procedures: Array<[string, string]>;
  channels: number[];
  statuses: Array<[number, string]>;
  departments: string[];
  officials: string[];
}

export interface ExplorerPage {
  total: number;
  by_kind: Array<[LateKind, number]>;
  offset: number;
  rows: LateDossier[];
  facets: Facets;
  period: { from: string; to: string };
  as_of: string;
}

export interface ExplorerRequest {
  period: Preset;
  as_of: string | null;
  filter: ExplorerFilter;
  sort: ExplorerSort;
  offset: number;
  limit: number;
  lang: "vi" | "en";
}

export interface Ranked {
  agency_code: string;
  agency_name: string;
  department: string;
  official: string | null;
  steps: number;
  late_steps: number;
  working_days_late: number;
  small_sample: boolean;
}

export interface AgencyDuties {
  agency_code: string;
  agency_name: string;
  late_dossiers: number;
  /** In the order of `DutyFlags`. */
  broken: number[];
}

export interface Ranking {
  period: { from: string; to: string };
  as_of: string;
  departments: Ranked[];
  officials: Ranked[];
  duties: AgencyDuties[];
  small_sample: number;
}

export type ExportKind = "late" | "ranking" | "bieu06" | "bieu06_by_field" | "audit";

export interface Exported {
  path: string;
  rows: number;
}

export interface ExportProgress {
  done: number;
  total: number;
}

/** The page a chart is on (`app::exports::ChartPage`). */
export type ChartPage = { kind: "overview" } | { kind: "agency" | "procedure"; code: string };

export const workbench = {
  explore: (req: ExplorerRequest) => timed<ExplorerPage>("explore_late", { req }),
  ranking: (req: ExplorerRequest) => timed<Ranking>("late_ranking", { req }),
  export: (kind: ExportKind, format: "xlsx" | "csv", explorer: ExplorerRequest) =>
    invoke<Exported>("export_report", { req: { kind, format, explorer } }),
  cancelExport: () => invoke<void>("cancel_export"),
  exportChart: (pageOf: ChartPage, id: string, req: PageRequest) => invoke<Exported>("export_chart", { pageOf, id, req }),
  onProgress: (f: (p: ExportProgress) => void): Promise<UnlistenFn> =>
    listen<ExportProgress>("export-progress", (e) => f(e.payload)),
  /** How far the first read of a period's late dossiers is (a year of a large cache). */
  onReadProgress: (f: (p: ExportProgress) => void): Promise<UnlistenFn> =>
    listen<ExportProgress>("late-read-progress", (e) => f(e.payload)),
};

// ---- The wall display (mirrors `src-tauri/app/wall.rs` and `screens/wall.rs`). ----

/** What the wall's clock line and stale banner need, and nothing else. */
export interface WallStatus {
  demo: boolean;
  sync_interval_secs: number;
  last_success_at: string | null;
  last_success_age_secs: number | null;
  last_error: AppError | null;
  syncing: boolean;
}

export type SlideKind = "province" | "on_time_ranking" | "overdue_ranking" | "satisfaction" | "trend" | "index766" | "agencies";

/** An agency's Decision-766 points this month and what it lost of its maximum. */
export interface PointsRow {
  code: string;
  name: string;
  points: number;
  points_max: number;
  lost: number;
}

export interface SlideRef {
  id: string;
  kind: SlideKind;
  dwell_secs: number;
}

export interface WallRotation {
  slides: SlideRef[];
  as_of: string;
}

export interface RankRow {
  rank: number;
  code: string;
  name: string;
  value: FigureValue;
  status: Tone | null;
  small_sample: boolean;
}

export interface ProcedureRow {
  code: string;
  name: string;
  pending_overdue: number;
  pending_at_risk: number;
  on_time_rate: FigureValue;
  status: Tone | null;
}

export interface OverdueRow {
  code: string;
  procedure: string;
  working_days_late: number;
  step: string | null;
  department: string | null;
  held_by: string | null;
  newly_overdue: boolean;
}

export interface Week {
  id: string;
  from: string;
  to: string;
  received: FigureValue;
  resolved: FigureValue;
  on_time_rate: FigureValue;
}

export type SlideBody =
  | { kind: "province"; today: Tile[]; period: Tile[] }
  | { kind: "ranking"; figure: string; province: Tile; rows: RankRow[]; ranked: number }
  | { kind: "trend"; weeks: Week[]; target: number }
  | { kind: "index766"; points: number; points_max: number; losing: PointsRow[] }
  | {
      kind: "agency";
      code: string;
      name: string;
      tiles: Tile[];
      worst_procedures: ProcedureRow[];
      overdue: OverdueRow[];
      overdue_total: number;
    };

export type WallSlide = SlideBody & {
  id: string;
  as_of: string;
  period_from: string;
  period_to: string;
};

export const wallApi = {
  status: () => invoke<WallStatus>("wall_status"),
  rotation: () => invoke<WallRotation>("wall_rotation"),
  slide: (id: string, lang: "vi" | "en") => invoke<WallSlide>("wall_slide", { id, lang }),
};
