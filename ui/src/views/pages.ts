// The overview of the province, the page of an agency and the page of a procedure: tiles,
// charts (plotters SVG, clickable) and the tables and lists behind them.

import { dashboard, errorText, workbench, type ChartPage, type GroupFigures, type ListPage, type PageChart, type PageRequest, type PeriodInfo, type Tile } from "../api";
import { h } from "../dom";
import { formatDate, formatIso } from "../format";
import { t } from "../i18n";
import type { Level } from "../route";
import { chartView } from "./chart";
import { later } from "./later";
import { figureTable, shortList, tiles, type Links } from "./widgets";

export interface PageContext {
  /** The period, language, and the width of a chart in the two-column grid. */
  req: PageRequest;
  /** The width of a chart across the whole page (the dossier timeline). */
  fullWidth: number;
  /** Goes one level down (or several); `asOf` pins a list to the instant of the page it came
   * from. */
  go: (level: Level | Level[], asOf?: string | null) => void;
  /** Names for the breadcrumb, learnt from the pages. */
  remember: (level: Level, name: string) => void;
  /** The name learnt for a level, or its code. */
  nameOf: (level: Level) => string;
}

const OVERVIEW: ChartPage = { kind: "overview" };

const drillable = (id: string) => id.startsWith("agency:") || id.startsWith("procedure:");

function openRegion(ctx: PageContext) {
  return (id: string) => {
    const [kind, ...rest] = id.split(":");
    const code = rest.join(":");
    if (kind === "agency" || kind === "procedure") ctx.go({ kind, code });
  };
}

function links(ctx: PageContext, asOf: string): Links {
  return {
    list: (figure) => ctx.go({ kind: "list", figure }, asOf),
    dossier: (code) => ctx.go({ kind: "dossier", code }),
  };
}

/** Title, period, instant, and the calendar note when a year was judged on the built-in table. */
export function pageHead(
  title: string,
  kicker: string | null,
  asOf: string,
  range: { from: string; to: string } | null,
  previous: PeriodInfo | null,
  note: string | null,
): HTMLElement {
  const c = t().period;
  const parts: Array<string | HTMLElement> = [];
  if (range) parts.push(h("strong", { text: c.range(formatDate(range.from), formatDate(range.to)) }), " · ");
  parts.push(c.asOf(formatIso(asOf)));
  if (previous) parts.push(` · ${c.previous(formatDate(previous.from), formatDate(previous.to))}`);
  return h(
    "header",
    { class: "page-head", attrs: { "data-as-of": asOf, "data-from": range?.from ?? "", "data-to": range?.to ?? "" } },
    kicker ? h("p", { class: "kicker", text: kicker }) : null,
    h("h1", { text: title, attrs: { "data-test": "page-title" } }),
    h("p", { class: "muted" }, ...parts),
    note ? h("p", { class: "note", text: `${t().pages.calendar}: ${note}` }) : null,
  );
}

function chartPanel(pc: PageChart | undefined, ctx: PageContext, on: ChartPage): HTMLElement | null {
  if (!pc) return null;
  return h("section", { class: "panel chart-panel" }, chartView(pc, openRegion(ctx), drillable), pc.chart ? pngButton(pc.id, on, ctx) : null);
}

/** Saves the chart as drawn, as a PNG image, and says where. */
function pngButton(id: string, on: ChartPage, ctx: PageContext): HTMLElement {
  const c = t().explorer.exports;
  const note = h("span", { class: "hint", attrs: { role: "status" } });
  const b = h("button", { class: "link", text: c.png, attrs: { type: "button", "data-test": `png-${id}` } });
  b.addEventListener("click", () => {
    note.textContent = c.running;
    workbench
      .exportChart(on, id, ctx.req)
      .then((done) => {
        note.textContent = c.savedFile(done.path);
        note.dataset.path = done.path;
      })
      .catch((e) => (note.textContent = `${c.failed}: ${errorText(e)}`));
  });
  return h("div", { class: "chart-tools" }, b, note);
}

function charts(list: PageChart[]): Record<string, PageChart> {
  return Object.fromEntries(list.map((c) => [c.id, c]));
}

export async function overviewPage(ctx: PageContext): Promise<HTMLElement> {
  const o = await dashboard.overview(ctx.req);
  for (const a of o.agencies) ctx.remember({ kind: "agency", code: a.code }, a.name);
  const ch = charts(o.charts);
  const active = o.agencies.filter((a) => a.received + a.resolved + a.pending + a.ratings > 0);
  return h(
    "div",
    { class: "page", attrs: { "data-page": "overview" } },
    pageHead(t().nav.overview, null, o.period.as_of, o.period, o.previous, o.calendar_note),
    tiles(o.tiles, links(ctx, o.period.as_of)),
    index766Link(ctx),
    h(
      "div",
      { class: "grid" },
      chartPanel(ch.on_time_by_agency, ctx, OVERVIEW),
      chartPanel(ch.overdue_by_agency, ctx, OVERVIEW),
      chartPanel(ch.weekly_trend, ctx, OVERVIEW),
      chartPanel(ch.satisfaction_by_agency, ctx, OVERVIEW),
    ),
    // Under four charts: out of sight when the page opens.
    outOfSight(() =>
      figureTable(
        t().table.byAgency,
        active,
        (g) => ctx.go({ kind: "agency", code: g.code }),
        "agency-table",
        (g, figure) => ctx.go([{ kind: "agency", code: g.code }, { kind: "list", figure }], o.period.as_of),
      ),
    ),
  );
}

/** The way to the Decision-766 page. */
function index766Link(ctx: PageContext): HTMLElement {
  const c = t().i766;
  const open = h("button", { class: "more", text: c.open, attrs: { type: "button", "data-key": "index766", "data-test": "open-index766" } });
  open.addEventListener("click", () => ctx.go({ kind: "index766", code: "province" }));
  return h("section", { class: "panel i766-link" }, h("strong", { text: c.title }), h("p", { class: "muted", text: c.openHint }), open);
}

/** A place for `part`, built once the page is painted. */
function outOfSight(part: () => HTMLElement): HTMLElement {
  const place = h("div");
  later(place, () => place.replaceWith(part()));
  return place;
}

function groupPage(
  kind: "agency" | "procedure",
  group: GroupFigures,
  page: {
    period: PeriodInfo;
    previous: PeriodInfo;
    calendar_note: string | null;
    tiles: Tile[];
    charts: PageChart[];
    overdue: ListPage;
    at_risk: ListPage;
  },
  /** Built once the page is painted: they come under its charts and lists. */
  tables: Array<() => HTMLElement>,
  ctx: PageContext,
  scopeNote: string | null,
): HTMLElement {
  const c = t().pages;
  const ch = charts(page.charts);
  const l = links(ctx, page.period.as_of);
  const on: ChartPage = { kind, code: group.code };
  const [rateChart, overdueChart] =
    kind === "agency"
      ? [ch.on_time_by_procedure, ch.overdue_by_procedure]
      : [ch.on_time_by_agency, ch.overdue_by_agency];
  return h(
    "div",
    { class: "page", attrs: { "data-page": kind, "data-code": group.code } },
    pageHead(
      group.name,
      `${kind === "agency" ? c.agency : c.procedure} · ${group.code}`,
      page.period.as_of,
      page.period,
      page.previous,
      page.calendar_note,
    ),
    scopeNote ? h("p", { class: "scope-note", text: scopeNote }) : null,
    tiles(page.tiles, l),
    h("div", { class: "grid" }, ...[rateChart, overdueChart, ch.weekly_trend].map((pc) => chartPanel(pc, ctx, on))),
    shortList(c.overdueList, page.overdue, "pending_overdue", l, "overdue-list"),
    shortList(c.atRiskList, page.at_risk, "pending_at_risk", l, "at-risk-list"),
    ...tables.map(outOfSight),
  );
}

export async function agencyPage(ctx: PageContext, code: string): Promise<HTMLElement> {
  const p = await dashboard.agency(code, ctx.req);
  ctx.remember({ kind: "agency", code }, p.agency.name);
  for (const g of p.by_procedure) ctx.remember({ kind: "procedure", code: g.code }, g.name);
  const c = t().table;
  return groupPage("agency", p.agency, p, [
    () => figureTable(c.byProcedure, p.by_procedure, (g) => ctx.go({ kind: "procedure", code: g.code }), "procedure-table"),
    () => figureTable(c.byField, p.by_field, null, "field-table"),
  ], ctx, null);
}

export async function procedurePage(ctx: PageContext, code: string): Promise<HTMLElement> {
  const p = await dashboard.procedure(code, ctx.req);
  ctx.remember({ kind: "procedure", code }, p.procedure.name);
  for (const g of p.by_agency) ctx.remember({ kind: "agency", code: g.code }, g.name);
  return groupPage("procedure", p.procedure, p, [
    () => figureTable(t().table.byAgency, p.by_agency, (g) => ctx.go({ kind: "agency", code: g.code }), "agency-table"),
  ], ctx, t().pages.procedureScope);
}
