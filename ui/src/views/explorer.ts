// The inspector's workbench: every late, overdue and at-risk dossier of the period with the
// filters an inspector expects, sortable on every column, paged; the ranking of who held the
// late steps; and the exports of both (and of Biểu 06). Every count comes from Rust; the
// filters, sort, tab and page live in the URL (`Route.explore`).

import {
  errorText,
  workbench,
  type Duty,
  type ExplorerColumn,
  type ExplorerFilter,
  type ExplorerPage,
  type ExplorerRequest,
  type ExportKind,
  type LateDossier,
  type LateKind,
  type Ranked,
  type Ranking,
} from "../api";
import { h } from "../dom";
import { formatIso } from "../format";
import { num, t } from "../i18n";
import type { Route } from "../route";
import { pageHead, type PageContext } from "./pages";
import { stateMark } from "./widgets";

export const EXPLORER_PAGE_SIZE = 50;

export interface ExplorerActions {
  /** Replaces the workbench's URL parameters (no new history entry for each change). */
  replace: (explore: Record<string, string>) => void;
  /** Pins the instant the workbench was opened at, so that filters keep to one set. */
  pin: (asOf: string) => void;
}

const KIND_TONE: Record<LateKind, "bad" | "warning"> = {
  resolved_late: "bad",
  pending_overdue: "bad",
  pending_at_risk: "warning",
};

/** A late dossier's kind in a word or two, as the dashboard's lists say it. */
function kindText(kind: LateKind): string {
  const s = t().list.states;
  return kind === "resolved_late" ? s.late : kind === "pending_overdue" ? s.overdue : s.at_risk;
}

const DUTIES: Array<Exclude<Duty, "any">> = [
  "no_apology",
  "apology_after_deadline",
  "extended_more_than_once",
  "new_date_missed",
  "supplements_more_than_once",
];

/** The filter the URL parameters describe; anything that does not parse is left out. */
export function filterOf(p: Record<string, string>): ExplorerFilter {
  const f: ExplorerFilter = {};
  const text = (k: "agency" | "field" | "procedure" | "department" | "official" | "search") => {
    if (p[k]) f[k] = p[k];
  };
  const count = (k: "channel" | "status" | "days_from" | "days_to") => {
    if (p[k] && /^\d+$/.test(p[k])) f[k] = Number(p[k]);
  };
  (["agency", "field", "procedure", "department", "official", "search"] as const).forEach(text);
  (["channel", "status", "days_from", "days_to"] as const).forEach(count);
  if (p.kind === "resolved_late" || p.kind === "pending_overdue" || p.kind === "pending_at_risk") f.kind = p.kind;
  if (p.duty === "any" || DUTIES.includes(p.duty as never)) f.duty = p.duty as Duty;
  if (p.apologised === "true" || p.apologised === "false") f.apologised = p.apologised === "true";
  return f;
}

function requestOf(ctx: PageContext, route: Route, offset: number): ExplorerRequest {
  const p = route.explore;
  return {
    period: route.period,
    as_of: route.asOf,
    filter: filterOf(p),
    sort: { column: (p.col as ExplorerColumn) || "working_days_late", descending: p.col ? p.desc === "1" : true },
    offset,
    limit: EXPLORER_PAGE_SIZE,
    lang: ctx.req.lang,
  };
}

export async function explorerPage(ctx: PageContext, route: Route, actions: ExplorerActions): Promise<HTMLElement> {
  const p = route.explore;
  const tab = p.tab === "ranking" ? "ranking" : "list";
  const pageNo = Math.max(1, Number(p.page) || 1);
  const req = requestOf(ctx, route, (pageNo - 1) * EXPLORER_PAGE_SIZE);
  // The list is read first (it pins the instant); the ranking reads the same set. The first
  // read of a long period takes a while: how far it is shows over the page being left.
  const page = await withReadProgress(() => workbench.explore(req));
  if (!route.asOf) actions.pin(page.as_of);
  const pinned = { ...req, as_of: page.as_of };
  const ranking = tab === "ranking" ? await workbench.ranking(pinned) : null;
  const c = t().explorer;
  const set = (change: Record<string, string>) => actions.replace({ ...p, page: "", ...change });
  return h(
    "div",
    { class: "page", attrs: { "data-page": "explorer", "data-tab": tab, "data-total": String(page.total) } },
    pageHead(c.title, null, page.as_of, page.period, null, null),
    tabs(tab, set),
    tab === "list" ? listPanel(ctx, page, route, pageNo, set, pinned) : rankingPanel(ranking!, pinned),
  );
}

async function withReadProgress<T>(read: () => Promise<T>): Promise<T> {
  const note = h("div", { class: "read-progress", attrs: { role: "status", "data-test": "read-progress" } });
  const unlisten = await workbench.onReadProgress((p) => {
    if (p.total === 0 || p.done >= p.total) return note.remove();
    note.textContent = t().explorer.exports.reading(num(p.done), num(p.total));
    if (!note.isConnected) document.body.append(note);
  });
  try {
    return await read();
  } finally {
    unlisten();
    note.remove();
  }
}

function tabs(tab: string, set: (change: Record<string, string>) => void): HTMLElement {
  const c = t().explorer;
  const button = (id: string, text: string) => {
    const b = h("button", {
      class: "tab" + (tab === id ? " active" : ""),
      text,
      attrs: { type: "button", role: "tab", "aria-selected": String(tab === id), "data-test": `tab-${id}`, "data-key": `tab-${id}` },
    });
    b.addEventListener("click", () => set({ tab: id === "list" ? "" : id }));
    return b;
  };
  return h("div", { class: "tabs", attrs: { role: "tablist" } }, button("list", c.tabs.list), button("ranking", c.tabs.ranking));
}

function listPanel(
  ctx: PageContext,
  page: ExplorerPage,
  route: Route,
  pageNo: number,
  set: (change: Record<string, string>) => void,
  req: ExplorerRequest,
): HTMLElement {
  const c = t().explorer;
  const pages = Math.max(1, Math.ceil(page.total / EXPLORER_PAGE_SIZE));
  const prev = h("button", { text: `‹ ${t().list.prev}`, attrs: { type: "button", "data-test": "explorer-prev", "data-key": "explorer-prev" } });
  prev.disabled = pageNo <= 1;
  prev.addEventListener("click", () => set({ page: String(pageNo - 1) }));
  const next = h("button", { text: `${t().list.next} ›`, attrs: { type: "button", "data-test": "explorer-next", "data-key": "explorer-next" } });
  next.disabled = pageNo >= pages;
  next.addEventListener("click", () => set({ page: String(pageNo + 1) }));
  const counts = h(
    "p",
    { class: "counts", attrs: { "data-test": "explorer-counts" } },
    ...page.by_kind.map(([kind, n]) =>
      h("span", { class: "count", attrs: { "data-kind": kind, "data-count": String(n) } }, stateMark(`${t().figures[kind]}: ${num(n)}`, KIND_TONE[kind])),
    ),
  );
  return h(
    "div",
    {},
    filters(page, route.explore, set),
    h(
      "section",
      { class: "panel" },
      h(
        "div",
        { class: "panel-head" },
        h("h2", { text: c.total(num(page.total)), attrs: { "data-test": "explorer-total" } }),
        exportTools([["late", c.exports.late]], req),
      ),
      counts,
      page.rows.length ? lateTable(page.rows, new Map(page.facets.statuses), route.explore, set, (code) => ctx.go({ kind: "dossier", code })) : h("p", { class: "muted", text: t().pages.none }),
      h("nav", { class: "pager", attrs: { "aria-label": t().list.page(num(pageNo)) } }, prev, h("span", { class: "muted", text: c.pageOf(num(pageNo), num(pages)) }), next),
    ),
  );
}

/** The filters: each a control whose change replaces the URL at once. */
function filters(page: ExplorerPage, p: Record<string, string>, set: (change: Record<string, string>) => void): HTMLElement {
  const c = t().explorer.filters;
  const f = page.facets;
  const select = (key: string, label: string, options: Array<[string, string]>) => {
    const s = h("select", { attrs: { "aria-label": label, "data-test": `filter-${key}`, "data-key": `filter-${key}` } });
    s.append(h("option", { text: c.all, attrs: { value: "" } }));
    for (const [value, text] of options) {
      const o = h("option", { text, attrs: { value } });
      o.selected = p[key] === value;
      s.append(o);
    }
    s.addEventListener("change", () => set({ [key]: s.value }));
    return field(label, s);
  };
  const text = (key: string, label: string, type: "search" | "number", list?: string[]) => {
    const input = h("input", {
      attrs: { type, "aria-label": label, "data-test": `filter-${key}`, "data-key": `filter-${key}`, spellcheck: "false", ...(type === "number" ? { min: "0", inputmode: "numeric" } : {}) },
    });
    input.value = p[key] ?? "";
    let extra: HTMLElement | null = null;
    if (list) {
      const id = `choices-${key}`;
      input.setAttribute("list", id);
      extra = h("datalist", { attrs: { id } }, ...list.map((v) => h("option", { attrs: { value: v } })));
    }
    input.addEventListener("change", () => set({ [key]: input.value.trim() }));
    return field(label, input, extra);
  };
  const figures = t().figures;
  const clear = h("button", { class: "link", text: c.clear, attrs: { type: "button", "data-test": "filter-clear" } });
  clear.addEventListener("click", () => set({ kind: "", agency: "", field: "", procedure: "", channel: "", status: "", days_from: "", days_to: "", department: "", official: "", apologised: "", duty: "", search: "" }));
  const form = h(
    "form",
    { class: "filters panel", attrs: { role: "search", "data-test": "explorer-filters" } },
    select("kind", c.kind, (["resolved_late", "pending_overdue", "pending_at_risk"] as const).map((k) => [k, figures[k]])),
    select("agency", c.agency, f.agencies.map(([code, name]) => [code, name])),
    select("field", c.field, f.fields.map(([code, name]) => [code, name || c.noField])),
    select("procedure", c.procedure, f.procedures.map(([code, name]) => [code, name])),
    select("channel", c.channel, f.channels.map((ch) => [String(ch), t().dossier.channels[ch] ?? String(ch)])),
    select("status", c.status, f.statuses.map(([s, name]) => [String(s), name])),
    text("days_from", c.daysFrom, "number"),
    text("days_to", c.daysTo, "number"),
    text("department", c.department, "search", f.departments),
    text("official", c.official, "search", f.officials),
    select("apologised", c.apology, [["true", c.apologyYes], ["false", c.apologyNo]]),
    select("duty", c.duty, [["any", c.anyDuty], ...DUTIES.map((d): [string, string] => [d, t().explorer.duties[d]])]),
    text("search", c.search, "search"),
    h("div", { class: "filter-actions" }, clear),
  );
  form.addEventListener("submit", (e) => e.preventDefault());
  return form;
}

function field(label: string, control: HTMLElement, extra: HTMLElement | null = null): HTMLElement {
  return h("label", { class: "filter" }, h("span", { class: "muted", text: label }), control, extra);
}

/** The late dossiers, each column a sort button (a second click turns the order round). */
function lateTable(rows: LateDossier[], statusName: Map<number, string>, p: Record<string, string>, set: (change: Record<string, string>) => void, open: (code: string) => void): HTMLElement {
  const c = t().explorer.columns;
  const column = (p.col as ExplorerColumn) || "working_days_late";
  const descending = p.col ? p.desc === "1" : true;
  const cols: Array<[ExplorerColumn, string, boolean]> = [
    ["code", c.code, false],
    ["kind", c.kind, false],
    ["agency", c.agency, false],
    ["procedure", c.procedure, false],
    ["status", c.status, false],
    ["received_at", c.received, false],
    ["legal_due", c.due, false],
    ["closed_at", c.closed, false],
    ["working_days_late", c.late, true],
    ["department", c.department, false],
    ["official", c.official, false],
    ["duties", c.duties, false],
    ["applicant", c.applicant, false],
  ];
  const head = h(
    "tr",
    {},
    ...cols.map(([col, text, numeric]) => {
      const here = col === column;
      const b = h("button", {
        class: "sort",
        text: here ? `${text} ${descending ? "▼" : "▲"}` : text,
        attrs: { type: "button", "data-test": `sort-${col}`, "data-key": `sort-${col}` },
      });
      b.addEventListener("click", () => set({ col, desc: here ? (descending ? "0" : "1") : col === "working_days_late" || col === "duties" ? "1" : "0" }));
      return h("th", { class: numeric ? "n" : "", attrs: { scope: "col", "aria-sort": here ? (descending ? "descending" : "ascending") : "none" } }, b);
    }),
  );
  const body = rows.map((r) => {
    const code = h("button", { class: "link mono", text: r.code, attrs: { type: "button", "data-key": `dossier:${r.code}`, "data-test": "open-dossier" } });
    code.addEventListener("click", () => open(r.code));
    const worst = [...r.late_steps].sort((a, b) => b.working_days_late - a.working_days_late || a.seq - b.seq)[0];
    const steps = r.late_steps.map((s) => `${t().explorer.step(String(s.seq))} ${s.department ?? "?"} — ${s.official ?? "?"}: ${num(s.working_days_late)}`).join("; ");
    const broken = DUTIES.filter((d) => r.duties[d]);
    return h(
      "tr",
      { attrs: { "data-test": "late-row", "data-code": r.code, "data-kind": r.kind } },
      h("th", { attrs: { scope: "row" } }, code),
      h("td", { class: "nowrap" }, stateMark(kindText(r.kind), KIND_TONE[r.kind])),
      h("td", { class: "clip", text: r.agency_name, attrs: { title: r.agency_name } }),
      h("td", { class: "clip", text: r.procedure_name, attrs: { title: r.procedure_name } }),
      h("td", { class: "clip", text: statusName.get(r.status) ?? String(r.status), attrs: { "data-status": String(r.status) } }),
      h("td", { class: "date", text: formatIso(r.received_at) }),
      h("td", { class: "date", text: formatIso(r.legal_due) }),
      h("td", { class: "date", text: formatIso(r.closed_at) }),
      h("td", { class: "n", text: num(r.working_days_late), attrs: { "data-test": "late" } }),
      h("td", { class: "clip", text: worst?.department ?? "—", attrs: { title: steps } }),
      h("td", { class: "clip", text: worst?.official ?? "—", attrs: { title: steps, "data-test": "late-official" } }),
      h("td", { class: "duties" }, ...broken.map((d) => h("span", { class: "chip tone-bad", text: t().explorer.dutyShort[d], attrs: { title: t().explorer.duties[d], "data-duty": d } }))),
      h("td", { text: r.applicant ?? "—" }),
    );
  });
  return h("div", { class: "table-wrap" }, h("table", { class: "dossiers explorer" }, h("thead", {}, head), h("tbody", {}, ...body)));
}

function rankingPanel(r: Ranking, req: ExplorerRequest): HTMLElement {
  const c = t().explorer.ranking;
  const rankTable = (title: string, lines: Ranked[], officials: boolean, test: string) => {
    const head = h(
      "tr",
      {},
      ...[c.rank, c.agency, c.department, ...(officials ? [c.official] : [])].map((x) => h("th", { text: x, attrs: { scope: "col" } })),
      ...[c.lateSteps, c.daysLate, c.steps].map((x) => h("th", { class: "n", text: x, attrs: { scope: "col" } })),
    );
    const body = lines.map((l, i) =>
      h(
        "tr",
        { attrs: { "data-test": "ranked", "data-late-steps": String(l.late_steps) } },
        h("td", { class: "n", text: num(i + 1) }),
        h("td", { class: "clip", text: l.agency_name, attrs: { title: l.agency_name } }),
        h("td", { class: "clip", text: l.department || "—" }),
        ...(officials ? [h("td", { class: "clip", text: l.official || "—" })] : []),
        h("td", { class: "n", text: num(l.late_steps) }),
        h("td", { class: "n", text: num(l.working_days_late) }),
        h("td", { class: "n" }, num(l.steps), l.small_sample ? h("span", { class: "chip", text: t().tiles.smallSample, attrs: { title: c.smallSample(num(r.small_sample)) } }) : null),
      ),
    );
    return h(
      "section",
      { class: "panel", attrs: { "data-test": test } },
      h("h2", { text: title }),
      h("div", { class: "table-wrap" }, h("table", { class: "figures" }, h("thead", {}, head), h("tbody", {}, ...body))),
    );
  };
  const dutyHead = h(
    "tr",
    {},
    h("th", { text: c.agency, attrs: { scope: "col" } }),
    h("th", { class: "n", text: c.lateDossiers, attrs: { scope: "col" } }),
    ...DUTIES.map((d) => h("th", { class: "n", text: t().explorer.duties[d], attrs: { scope: "col" } })),
  );
  const dutyRows = r.duties.map((d) =>
    h("tr", {}, h("td", { class: "clip", text: d.agency_name }), h("td", { class: "n", text: num(d.late_dossiers) }), ...d.broken.map((n) => h("td", { class: "n", text: num(n) }))),
  );
  const e = t().explorer.exports;
  return h(
    "div",
    {},
    h("section", { class: "panel" }, h("div", { class: "panel-head" }, h("p", { class: "muted", text: c.note(num(r.small_sample)) }), exportTools([["ranking", e.ranking]], req))),
    rankTable(c.departments, r.departments, false, "rank-departments"),
    rankTable(c.officials, r.officials, true, "rank-officials"),
    h(
      "section",
      { class: "panel", attrs: { "data-test": "rank-duties" } },
      h("h2", { text: c.duties }),
      r.duties.length
        ? h("div", { class: "table-wrap" }, h("table", { class: "figures" }, h("thead", {}, dutyHead), h("tbody", {}, ...dutyRows)))
        : h("p", { class: "muted", text: t().pages.none }),
    ),
  );
}

/** Buttons that write a report to a file (XLSX, CSV), with progress, a cancel and where the
 * file went; Biểu 06 of the same period is always offered. */
function exportTools(kinds: Array<[ExportKind, string]>, req: ExplorerRequest): HTMLElement {
  const c = t().explorer.exports;
  const note = h("p", { class: "hint", attrs: { role: "status", "data-test": "export-note" } });
  const progress = h("progress", { class: "hidden", attrs: { "data-test": "export-progress" } });
  const cancel = h("button", { class: "hidden", text: c.cancel, attrs: { type: "button", "data-test": "export-cancel" } });
  cancel.addEventListener("click", () => void workbench.cancelExport());
  const all: Array<[ExportKind, string]> = [...kinds, ["bieu06", c.bieu06], ["bieu06_by_field", c.bieu06ByField]];
  const select = h("select", { attrs: { "aria-label": c.what, "data-test": "export-what" } }, ...all.map(([k, text]) => h("option", { text, attrs: { value: k } })));
  const run = async (format: "xlsx" | "csv") => {
    buttons.forEach((b) => (b.disabled = true));
    note.textContent = c.running;
    // Shown only when the export takes a while: a quick one just reports where it went.
    const slow = setTimeout(() => {
      progress.classList.remove("hidden");
      cancel.classList.remove("hidden");
    }, 1000);
    const unlisten = await workbench.onProgress((p) => {
      if (p.total > 0) {
        progress.max = p.total;
        progress.value = p.done;
        note.textContent = c.reading(num(p.done), num(p.total));
      } else {
        progress.removeAttribute("value");
        note.textContent = c.writing;
      }
    });
    try {
      const done = await workbench.export(select.value as ExportKind, format, req);
      note.textContent = c.saved(done.path, num(done.rows));
      note.dataset.path = done.path;
    } catch (e) {
      const cancelled = typeof e === "object" && e !== null && (e as { code?: string }).code === "cancelled";
      note.textContent = cancelled ? c.cancelled : `${c.failed}: ${errorText(e)}`;
    } finally {
      clearTimeout(slow);
      unlisten();
      progress.classList.add("hidden");
      cancel.classList.add("hidden");
      buttons.forEach((b) => (b.disabled = false));
    }
  };
  const buttons = (["xlsx", "csv"] as const).map((format) => {
    const b = h("button", { text: format.toUpperCase(), attrs: { type: "button", "data-test": `export-${format}` } });
    b.addEventListener("click", () => void run(format));
    return b;
  });
  return h("div", { class: "export-tools" }, h("span", { class: "muted", text: c.label }), select, ...buttons, progress, cancel, note);
}
