// The Decision-766 page: the province's and each agency's points on the four indicators the
// dossiers decide, this month, quarter and year so far, against the previous period; and the
// dossiers that cost points. Every number comes from Rust (`screens::index766`).

import { dashboard, type Index766Span, type Indicators, type Preset, type RankedAgency, type Stake } from "../api";
import { h } from "../dom";
import { num, pct, t } from "../i18n";
import { periodToken, parsePeriod } from "../route";
import { pageHead, type PageContext } from "./pages";
import { dossierTable } from "./widgets";

const INDICATORS = ["progress", "online", "payment", "satisfaction"] as const;
type Indicator = (typeof INDICATORS)[number];
const MAX: Record<Indicator, number> = { progress: 20, online: 6, payment: 6, satisfaction: 6 };
const COST_LIMIT = 200;

function points(p: number | null): string {
  return p === null ? "—" : num(p, 1);
}

function pointsOf(i: Indicators, which: Indicator): number | null {
  return i[`${which}_points`];
}

/** The numerator over the denominator an indicator is a ratio of. */
function ratioOf(i: Indicators, which: Indicator): string {
  const c = t().i766;
  switch (which) {
    case "progress":
      return c.ratio(num(i.progress_numerator), num(i.progress_denominator));
    case "online":
      return c.ratio(num(i.received_online), num(i.received));
    case "payment":
      return c.ratio(num(i.payment_numerator), num(i.payment_denominator));
    case "satisfaction":
      return `(${num(i.progress_numerator)} − ${num(i.dissatisfied)})/${num(i.progress_denominator)}`;
  }
}

function shareOf(i: Indicators, which: Indicator): string {
  switch (which) {
    case "progress":
      return pct(i.progress_denominator > 0 ? i.progress_numerator / i.progress_denominator : null);
    case "online":
      return pct(i.online_share);
    case "payment":
      return pct(i.payment_share);
    case "satisfaction":
      return pct(i.satisfaction_ratio);
  }
}

function total(i: Indicators): string {
  return t().i766.points(num(i.points, 1), num(i.points_max, 1));
}

function delta(now: Indicators, before: Indicators): string {
  if (before.points_max === 0 || now.points_max === 0) return "";
  const d = now.points - before.points;
  return t().i766.delta(`${d >= 0 ? "+" : ""}${num(d, 1)}`);
}

function spanToken(p: Preset): string {
  return periodToken(p);
}

/** One indicator's card: its points, the ratio with its denominator, the formula in a line. */
function indicatorCard(which: Indicator, now: Indicators, before: Indicators, stake: Stake, costs: (which: Indicator) => void): HTMLElement {
  const c = t().i766;
  const p = pointsOf(now, which);
  // The online share is the applicants' choice of channel: no dossier of the unit costs it.
  const more =
    which === "online" ? null : h("button", { class: "more", text: c.showCosts, attrs: { type: "button", "data-key": `cost:${which}` } });
  more?.addEventListener("click", () => costs(which));
  const lines: Array<HTMLElement | null> = [
    h("p", { class: "muted", text: `${c.parts[which]}: ${ratioOf(now, which)} (${shareOf(now, which)})` }),
    h("p", { class: "formula muted", text: c.formulas[which] }),
    h("p", { class: "muted", text: c.before(points(pointsOf(before, which))) }),
  ];
  if (which === "progress") {
    if (now.two_supplements > 0) lines.push(h("p", { class: "note", text: c.twoSupplements(num(now.two_supplements)) }));
    lines.push(
      h("p", {
        class: "stake",
        attrs: { "data-test": "stake" },
        text:
          stake.due_in_period > 0
            ? c.stake(num(stake.due_in_period), points(stake.progress_if_on_time), points(stake.progress_if_late))
            : c.noStake,
      }),
    );
  }
  return h(
    "section",
    { class: "panel tile", attrs: { "data-test": `i766-${which}`, "data-points": p === null ? "" : String(p) } },
    h("p", { class: "kicker", text: [c.codes[which], c.indicators[which]].filter(Boolean).join(" · ") }),
    h("p", { class: "value", text: p === null ? c.noScore : `${points(p)} / ${MAX[which]}` }),
    ...lines,
    more,
  );
}

function rankingTable(span: Index766Span, ctx: PageContext): HTMLElement {
  const c = t().i766;
  const col = c.columns;
  const head = h(
    "tr",
    {},
    ...[col.rank, col.agency, col.points, col.before, col.progress, col.online, col.payment, col.satisfaction, col.stake, col.costs].map(
      (x, i) => h("th", { class: i === 1 ? "" : "n", text: x, attrs: { scope: "col" } }),
    ),
  );
  const row = (a: RankedAgency) => {
    const name = h("button", { class: "link", text: a.name, attrs: { type: "button", "data-key": `agency:${a.code}` } });
    name.addEventListener("click", () => ctx.go({ kind: "agency", code: a.code }));
    const costs = h("button", { class: "link", text: c.showCosts, attrs: { type: "button", "data-key": `cost-agency:${a.code}` } });
    costs.addEventListener("click", () => ctx.go(costLevel(span.preset, a.code)));
    return h(
      "tr",
      { attrs: { "data-test": "i766-agency", "data-code": a.code, "data-points": String(a.now.points) } },
      h("td", { class: "n", text: num(a.rank) }),
      h("th", { attrs: { scope: "row" } }, name),
      h("td", { class: "n", text: total(a.now) }),
      h("td", { class: "n", text: total(a.before) }),
      ...INDICATORS.map((w) => h("td", { class: "n", text: points(pointsOf(a.now, w)), attrs: { title: ratioOf(a.now, w) } })),
      h("td", { class: "n", text: num(a.stake.due_in_period) }),
      h("td", {}, costs),
    );
  };
  const active = span.agencies.filter((a) => a.now.points_max > 0);
  return h(
    "section",
    { class: "panel" },
    h("h2", { text: c.ranking }),
    h("div", { class: "table-wrap" }, h("table", { class: "figures", attrs: { "data-test": "i766-ranking" } }, h("thead", {}, head), h("tbody", {}, ...active.map(row)))),
  );
}

function costLevel(preset: Preset, agency: string | null, indicator: Indicator | null = null) {
  return { kind: "cost" as const, code: `${spanToken(preset)}|${agency ?? ""}|${indicator ?? ""}` };
}

function spanSection(span: Index766Span, ctx: PageContext): HTMLElement {
  const c = t().i766;
  const toCosts = (which: Indicator) => ctx.go(costLevel(span.preset, null, which));
  return h(
    "div",
    { class: "i766-span", attrs: { "data-span": span.preset.kind, "data-from": span.period.from, "data-to": span.period.to } },
    h(
      "section",
      { class: "panel", attrs: { "data-test": "i766-province", "data-points": String(span.province.points), "data-max": String(span.province.points_max) } },
      h("p", { class: "kicker", text: c.province }),
      h("p", { class: "value big", text: total(span.province) }),
      h("p", { class: "muted", text: [c.before(total(span.province_before)), delta(span.province, span.province_before)].filter(Boolean).join(" · ") }),
    ),
    h("div", { class: "grid tiles-grid" }, ...INDICATORS.map((w) => indicatorCard(w, span.province, span.province_before, span.province_stake, toCosts))),
    rankingTable(span, ctx),
  );
}

export async function index766Page(ctx: PageContext): Promise<HTMLElement> {
  const p = await dashboard.index766();
  const c = t().i766;
  for (const span of p.spans) for (const a of span.agencies) ctx.remember({ kind: "agency", code: a.code }, a.name);
  const sections = p.spans.map((s) => spanSection(s, ctx));
  const tabs = h("div", { class: "tabs", attrs: { role: "tablist" } });
  const show = (i: number) => {
    sections.forEach((s, j) => s.classList.toggle("hidden", i !== j));
    Array.from(tabs.children).forEach((b, j) => b.setAttribute("aria-selected", String(i === j)));
  };
  p.spans.forEach((s, i) => {
    const b = h("button", {
      class: "tab",
      attrs: { type: "button", role: "tab", "data-test": `i766-tab-${s.preset.kind}` },
    });
    b.append(h("span", { text: c.spans[s.preset.kind] ?? s.preset.kind }), h("strong", { text: ` ${total(s.province)}` }));
    b.addEventListener("click", () => show(i));
    tabs.append(b);
  });
  show(0);
  return h(
    "div",
    { class: "page", attrs: { "data-page": "index766" } },
    pageHead(c.title, null, p.as_of, null, null, p.calendar_note),
    h("p", { class: "scope-note", text: c.scope }),
    tabs,
    ...sections,
  );
}

export async function costPage(ctx: PageContext, code: string): Promise<HTMLElement> {
  const c = t().i766;
  const [token, agency, indicator] = code.split("|");
  const preset = parsePeriod(token);
  const list = await dashboard.index766Costs(preset, agency || null, indicator || null, COST_LIMIT);
  const who = agency ? ctx.nameOf({ kind: "agency", code: agency }) : c.province;
  const span = [c.spans[preset.kind] ?? token, indicator ? c.indicators[indicator] : null].filter(Boolean).join(" · ");
  const table = dossierTable(list.rows, (dossier) => ctx.go({ kind: "dossier", code: dossier }));
  // Two columns before the dossiers' own: the points each cost, and why.
  const headRow = table.querySelector("thead tr");
  headRow?.prepend(h("th", { class: "n", text: c.costs.lost, attrs: { scope: "col" } }), h("th", { text: c.costs.reasons, attrs: { scope: "col" } }));
  table.querySelectorAll("tbody tr").forEach((tr, i) => {
    const r = list.rows[i];
    tr.prepend(
      h("td", { class: "n", text: num(r.points_lost, 3), attrs: { "data-test": "points-lost" } }),
      h("td", { text: r.reasons.map((x) => c.reasons[x] ?? x).join(", ") }),
    );
  });
  return h(
    "div",
    { class: "page", attrs: { "data-page": "cost", "data-total": String(list.total) } },
    pageHead(c.costs.title(who, span), null, list.as_of, null, null, null),
    h("p", { class: "muted", text: c.costs.total(num(list.total), num(list.points_lost, 1)) }),
    list.rows.length ? h("section", { class: "panel" }, h("h2", { text: c.costs.shown(num(list.rows.length)) }), table) : h("p", { text: c.costs.none }),
  );
}
