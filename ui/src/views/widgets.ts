// The building blocks every dashboard page shares: tiles, status marks, figure tables, the
// short dossier lists. Nothing is computed here: every number comes from Rust.

import type { FigureValue, GroupFigures, ListPage, ListRow, RowState, Tile, Tone } from "../api";
import { h } from "../dom";
import { formatIso } from "../format";
import { num, pct, t } from "../i18n";
import { statusIcon } from "../theme";

export interface Links {
  /** Opens the list of the dossiers behind a figure, in the page's scope. */
  list: (figure: string) => void;
  dossier: (code: string) => void;
}

/** A status that never relies on colour alone: icon, word and colour. */
export function toneMark(tone: Tone): HTMLElement {
  return h(
    "span",
    { class: `tone tone-${tone}`, attrs: { "data-tone": tone } },
    h("span", { class: "icon", text: statusIcon[tone], attrs: { "aria-hidden": "true" } }),
    t().tone[tone],
  );
}

export function valueText(v: FigureValue): string {
  return typeof v === "number" ? num(v) : v.rate === null ? t().tiles.noRate : pct(v.rate);
}

/** The raw value for tests and tooltips: the count, or the rate as JSON gives it. */
function rawValue(v: FigureValue): string {
  return typeof v === "number" ? String(v) : v.rate === null ? "" : String(v.rate);
}

export function tiles(list: Tile[], links: Links): HTMLElement {
  return h("section", { class: "kpi-tiles" }, ...list.map((tile) => tileView(tile, links)));
}

function tileView(tile: Tile, links: Links): HTMLElement {
  const c = t().tiles;
  const of =
    tile.of === null
      ? null
      : tile.figure === "on_time_rate"
        ? c.ofResolved(num(tile.of))
        : tile.figure === "satisfaction_rate"
          ? c.ofRatings(num(tile.of))
          : c.ofPending(num(tile.of));
  const button = h(
    "button",
    {
      class: "kpi" + (tile.status ? ` is-${tile.status}` : ""),
      attrs: {
        type: "button",
        "data-test": "tile",
        "data-figure": tile.figure,
        "data-value": rawValue(tile.value),
        "data-key": `tile:${tile.figure}`,
        title: `${c.openList}: ${t().figures[tile.list] ?? tile.list}`,
      },
    },
    h("span", { class: "kpi-label", text: tile.label }),
    h("strong", { class: "kpi-value", text: valueText(tile.value) }),
    of ? h("span", { class: "kpi-of", text: of }) : null,
    h(
      "span",
      { class: "kpi-foot" },
      tile.status ? toneMark(tile.status) : null,
      tile.small_sample ? h("span", { class: "chip", text: c.smallSample }) : null,
      h("span", { class: "kpi-change", text: changeText(tile) }),
    ),
  );
  button.addEventListener("click", () => links.list(tile.list));
  return button;
}

function changeText(tile: Tile): string {
  const c = t().tiles;
  const d = tile.change.delta;
  if (d === null) return c.noPrevious;
  if (Math.abs(d) < 1e-12) return c.noChange;
  const sign = d > 0 ? "+" : "−";
  return typeof tile.value === "number"
    ? c.change(`${sign}${num(Math.abs(d))}`)
    : c.changeRate(`${sign}${num(Math.abs(d) * 100, 1)}`);
}

/** A table of groups (agencies, fields, procedures) with their main figures. */
export function figureTable(
  title: string,
  groups: GroupFigures[],
  open: ((g: GroupFigures) => void) | null,
  test: string,
  /** Where a count of a group is a list of its own (the group is its scope): opens it. */
  openCount: ((g: GroupFigures, figure: string) => void) | null = null,
): HTMLElement {
  const c = t().table;
  // Header, the figure a count lists (null for rates), the cell's text.
  const cols: Array<[string, string | null, (g: GroupFigures) => string]> = [
    [c.received, "received", (g) => num(g.received)],
    [c.resolved, "resolved", (g) => num(g.resolved)],
    [c.late, "resolved_late", (g) => num(g.resolved_late)],
    [c.onTimeRate, null, (g) => pct(g.on_time_rate)],
    [c.pending, "pending", (g) => num(g.pending)],
    [c.overdue, "pending_overdue", (g) => num(g.pending_overdue)],
    [c.atRisk, "pending_at_risk", (g) => num(g.pending_at_risk)],
    [c.satisfaction, null, (g) => pct(g.satisfaction_rate)],
  ];
  const cell = (g: GroupFigures, figure: string | null, text: string) => {
    if (!openCount || !figure || text === "0") return h("td", { class: "n", text });
    const b = h("button", { class: "link", text, attrs: { type: "button", "data-key": `${test}:${g.code}:${figure}` } });
    b.addEventListener("click", () => openCount(g, figure));
    return h("td", { class: "n" }, b);
  };
  const head = h("tr", {}, h("th", { text: c.name, attrs: { scope: "col" } }), ...cols.map(([n]) => h("th", { class: "n", text: n, attrs: { scope: "col" } })));
  const rows = groups.map((g) => {
    const name = open
      ? h("button", { class: "link", text: g.name, attrs: { type: "button", "data-key": `${test}:${g.code}` } })
      : h("span", { text: g.name });
    if (open) name.addEventListener("click", () => open(g));
    return h(
      "tr",
      { attrs: { "data-code": g.code } },
      h("th", { attrs: { scope: "row", title: `${g.name} (${g.code})` } }, name),
      ...cols.map(([, figure, f]) => cell(g, figure, f(g))),
    );
  });
  return h(
    "section",
    { class: "panel", attrs: { "data-test": test } },
    h("h2", { text: title }),
    h("div", { class: "table-wrap" }, h("table", { class: "figures" }, h("thead", {}, head), h("tbody", {}, ...rows))),
  );
}

export function rowStateText(s: RowState): { text: string; tone: Tone | null } {
  const c = t().list.states;
  if (s.kind === "resolved") return { text: c[s.timeliness], tone: s.timeliness === "late" ? "bad" : "good" };
  if (s.kind === "pending") {
    if (s.state === "paused") return { text: c.paused, tone: null };
    if (s.state === "overdue") return { text: c.overdue, tone: "bad" };
    return s.state.within_deadline.at_risk ? { text: c.at_risk, tone: "warning" } : { text: c.within, tone: "good" };
  }
  return { text: c.other, tone: null };
}

/** Dossier rows: code (opens the dossier), procedure, agency, dates, state, lateness. */
export function dossierTable(rows: ListRow[], openDossier: (code: string) => void): HTMLElement {
  const c = t().list.columns;
  const head = h(
    "tr",
    {},
    ...[c.code, c.procedure, c.agency, c.received, c.due, c.closed, c.state].map((x) => h("th", { text: x, attrs: { scope: "col" } })),
    h("th", { class: "n", text: c.late, attrs: { scope: "col" } }),
  );
  const body = rows.map((r) => {
    const code = h("button", { class: "link mono", text: r.code, attrs: { type: "button", "data-key": `dossier:${r.code}` } });
    code.addEventListener("click", () => openDossier(r.code));
    const state = rowStateText(r.state);
    return h(
      "tr",
      { attrs: { "data-test": "dossier-row", "data-code": r.code } },
      h("th", { attrs: { scope: "row" } }, code),
      h("td", { class: "clip", text: r.procedure_name, attrs: { title: r.procedure_name } }),
      h("td", { class: "clip", text: r.agency_name, attrs: { title: r.agency_name } }),
      h("td", { class: "date", text: formatIso(r.received_at) }),
      h("td", { class: "date", text: formatIso(r.legal_due) }),
      h("td", { class: "date", text: formatIso(r.closed_at) }),
      h("td", {}, stateMark(state.text, state.tone)),
      h("td", { class: "n", text: num(r.working_days_late), attrs: { "data-test": "late" } }),
    );
  });
  return h("div", { class: "table-wrap" }, h("table", { class: "dossiers" }, h("thead", {}, head), h("tbody", {}, ...body)));
}

/** A state in words with its icon (the word carries the meaning, icon and colour repeat it). */
export function stateMark(text: string, tone: Tone | null): HTMLElement {
  if (!tone) return h("span", { text });
  return h(
    "span",
    { class: `state-${tone}`, attrs: { "data-tone": tone } },
    h("span", { class: "icon", text: statusIcon[tone], attrs: { "aria-hidden": "true" } }),
    text,
  );
}

/** The first rows of a pending list on a page, with a way to the whole list. */
export function shortList(title: string, page: ListPage, figure: string, links: Links, test: string): HTMLElement {
  const c = t().pages;
  const more = h("button", { class: "more", text: c.showAll(num(page.total)), attrs: { type: "button", "data-key": `more:${figure}` } });
  more.addEventListener("click", () => links.list(figure));
  return h(
    "section",
    { class: "panel", attrs: { "data-test": test, "data-total": String(page.total) } },
    h("div", { class: "panel-head" }, h("h2", { text: `${title} (${num(page.total)})` }), page.total > 0 ? more : null),
    page.rows.length ? dossierTable(page.rows, links.dossier) : h("p", { class: "muted", text: c.none }),
  );
}
