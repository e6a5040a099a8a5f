// The dossiers behind a count: sortable, searchable by code, paged by keyset cursors. Its
// length is the figure it was opened from.

import { dashboard, type ListPage, type Scope, type SortKey } from "../api";
import { h } from "../dom";
import { num, t } from "../i18n";
import type { Route } from "../route";
import { pageHead, type PageContext } from "./pages";
import { dossierTable } from "./widgets";

export const LIST_PAGE_SIZE = 50;

/** Where the reader is in the list; kept while the route stays, so a live refresh keeps it. */
export interface ListState {
  /** The `after` cursor of each page shown so far (the first page's is null). */
  cursors: Array<string | null>;
}

export interface ListActions {
  /** Replaces the route's sort or search (no new history entry for each keystroke). */
  replace: (change: Partial<Pick<Route, "sort" | "search">>) => void;
  /** Re-renders with the same route after the page cursor moved. */
  rerender: () => void;
}

export async function listPage(
  ctx: PageContext,
  route: Route,
  figure: string,
  scope: Scope,
  state: ListState,
  actions: ListActions,
): Promise<HTMLElement> {
  const c = t().list;
  const after = state.cursors[state.cursors.length - 1] ?? null;
  const page: ListPage = await dashboard.list({
    figure,
    scope,
    period: route.period,
    as_of: route.asOf,
    search: route.search || null,
    sort: route.sort,
    after,
    limit: LIST_PAGE_SIZE,
  });
  const figureName = t().figures[figure] ?? figure;
  const pageNo = state.cursors.length;

  const sort = h("select", { attrs: { "aria-label": c.sort, "data-test": "list-sort", "data-key": "list-sort" } });
  for (const key of Object.keys(c.sorts) as SortKey[]) {
    const o = h("option", { text: c.sorts[key], attrs: { value: key } });
    o.selected = key === route.sort;
    sort.append(o);
  }
  sort.addEventListener("change", () => actions.replace({ sort: sort.value as SortKey }));

  const search = h("input", {
    attrs: { type: "search", placeholder: c.search, "aria-label": c.search, "data-test": "list-search", "data-key": "list-search", spellcheck: "false" },
  });
  search.value = route.search;
  const form = h("form", { class: "list-tools", attrs: { role: "search" } }, h("label", { class: "muted", text: c.sort }), sort, search);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    actions.replace({ search: search.value.trim() });
  });

  const prev = h("button", { text: `‹ ${c.prev}`, attrs: { type: "button", "data-test": "list-prev", "data-key": "list-prev" } });
  prev.disabled = pageNo <= 1;
  prev.addEventListener("click", () => {
    state.cursors.pop();
    actions.rerender();
  });
  const next = h("button", { text: `${c.next} ›`, attrs: { type: "button", "data-test": "list-next", "data-key": "list-next" } });
  next.disabled = page.next === null;
  next.addEventListener("click", () => {
    state.cursors.push(page.next);
    actions.rerender();
  });

  const head = pageHead(c.title(figureName), scopeText(scope, ctx), page.as_of, null, null, null);
  return h(
    "div",
    { class: "page", attrs: { "data-page": "list", "data-figure": figure, "data-total": String(page.total) } },
    head,
    h(
      "div",
      { class: "panel" },
      h(
        "div",
        { class: "panel-head" },
        h("h2", { text: route.search ? c.matching(num(page.total)) : c.total(num(page.total)), attrs: { "data-test": "list-total" } }),
        form,
      ),
      page.rows.length ? dossierTable(page.rows, (code) => ctx.go({ kind: "dossier", code })) : h("p", { class: "muted", text: t().pages.none }),
      h("nav", { class: "pager", attrs: { "aria-label": c.page(num(pageNo)) } }, prev, h("span", { class: "muted", text: c.page(num(pageNo)) }), next),
    ),
  );
}

function scopeText(scope: Scope, ctx: PageContext): string {
  if (scope.kind === "province") return t().nav.overview;
  const label = scope.kind === "agency" ? t().pages.agency : t().pages.procedure;
  const level = scope.kind === "procedure" ? { kind: "procedure" as const, code: scope.code } : { kind: "agency" as const, code: scope.code };
  return `${label} · ${ctx.nameOf(level)}`;
}
