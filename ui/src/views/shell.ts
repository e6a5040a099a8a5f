// The desktop window: a header that is always there (breadcrumb, back and forward, the period,
// how fresh the data is, the language) over the page of the current route. Routes live in the
// URL hash, so the browser-style back and forward keys walk the drill-down; a sync that brings
// new data redraws the open page in place, keeping the reader's scroll, focus and list page.

import { errorText, lastCommandMs, type Preset, type Status } from "../api";
import { h } from "../dom";
import { dataAge, isStale } from "../freshness";
import { age, lang, num, pct, setLang, t, type Lang } from "../i18n";
import { current, drill, formatRoute, listScope, overviewRoute, parsePeriod, parseRoute, upTo, type Level, type Route } from "../route";
import { statusIcon } from "../theme";
import { chartsReady, hideTooltip } from "./chart";
import { completeLater } from "./later";
import { dossierPage } from "./dossier";
import { explorerPage } from "./explorer";
import { costPage, index766Page } from "./index766";
import { listPage, type ListState } from "./list";
import { agencyPage, overviewPage, procedurePage, type PageContext } from "./pages";
import { StatusScreen } from "./status";

/** Above this content width the charts sit two to a row. */
const TWO_COLUMNS_FROM = 1100;
/** A page that takes longer than this dims the old one while it loads; a quicker one just
 * replaces it, without a flash of dimming (whose fade would also repaint the whole page while
 * the command runs). */
const DIM_AFTER_MS = 250;

export class Shell {
  private route: Route = parseRoute(location.hash);
  private readonly names = new Map<string, string>();
  private listState: ListState = { cursors: [null] };
  private status: Status | null = null;
  private statusAt = 0;
  private renderToken = 0;
  private drawnWidth = 0;
  /** The content box's width as last laid out, kept by a ResizeObserver: reading the width when
   * a page starts would force a layout of the page being left (10–17 ms on a large one). */
  private laidOutWidth = 0;
  private readonly header = h("header", { class: "shell-top" });
  /** Parts of the header redrawn on their own, so that a sync never resets the period picker
   * or takes the focus from it. */
  private readonly freshnessSlot = h("div", { class: "freshness-slot" });
  private readonly crumbSlot = h("div", { class: "crumb-slot" });
  private readonly stale = h("div", { class: "banner tone-warning hidden", attrs: { role: "status", "data-test": "stale-warning" } });
  /** Shown while broken records exceed the share the figures can miss (decided in Rust). */
  private readonly incomplete = h("div", { class: "banner tone-warning hidden", attrs: { role: "status", "data-test": "incomplete-warning" } });
  private readonly main = h("main", { class: "content", attrs: { tabindex: "-1" } });
  private readonly statusRoot = h("div", { class: "status-page" });
  private readonly statusScreen: StatusScreen;

  constructor(root: HTMLElement, syncNow: () => void) {
    this.statusScreen = new StatusScreen(this.statusRoot, {
      syncNow,
      openAgency: (code) => this.follow(drill(overviewRoute(this.route.period), { kind: "agency", code }), true),
    });
    root.replaceChildren(h("div", { class: "shell" }, this.header, this.stale, this.incomplete, this.main));
    addEventListener("popstate", () => this.follow(parseRoute(location.hash), false));
    addEventListener("keydown", (e) => this.keys(e));
    // The mouse's own back and forward buttons.
    addEventListener("mouseup", (e) => {
      if (e.button === 3) history.back();
      if (e.button === 4) history.forward();
    });
    addEventListener("resize", debounce(() => this.resized(), 300));
    new ResizeObserver((entries) => {
      this.laidOutWidth = entries[entries.length - 1].contentRect.width;
    }).observe(this.main);
    this.drawHeader();
    void this.render(false);
  }

  /** The sync status arrived: the header's freshness, the stale warning, the status page. */
  showStatus(status: Status): void {
    this.status = status;
    this.statusAt = Date.now();
    this.statusScreen.show(status);
    this.freshnessSlot.replaceChildren(this.freshness());
    this.showIncomplete(status);
    this.tick();
  }

  private showIncomplete(status: Status): void {
    this.incomplete.classList.toggle("hidden", !status.figures_incomplete);
    const share = status.quarantine.dossier_share;
    this.incomplete.replaceChildren(
      ...(status.figures_incomplete && share !== null
        ? [
            h("span", { class: "icon", text: statusIcon.warning, attrs: { "aria-hidden": "true" } }),
            h("p", { text: t().cache.incomplete(pct(share)) }),
          ]
        : []),
    );
  }

  statusPage(): StatusScreen {
    return this.statusScreen;
  }

  /** New data in the cache: the open page redraws in place. */
  dataChanged(): void {
    if (current(this.route)?.kind !== "status") void this.render(true);
  }

  langChanged(): void {
    this.statusScreen.draw();
    this.drawHeader();
    void this.render(true);
  }

  /** Advances the data's age and the stale warning without redrawing anything else. */
  tick(): void {
    this.statusScreen.tick();
    const ageText = this.header.querySelector<HTMLElement>("[data-test=data-age]");
    const seconds = this.dataAge();
    if (ageText && seconds !== null) ageText.textContent = t().fresh.age(age(seconds));
    const stale = this.isStale();
    this.header.querySelector(".freshness")?.classList.toggle("is-stale", stale);
    this.stale.classList.toggle("hidden", !stale);
    if (stale && seconds !== null) {
      this.stale.replaceChildren(
        h("span", { class: "icon", text: statusIcon.warning, attrs: { "aria-hidden": "true" } }),
        h("p", { text: t().fresh.stale(age(seconds)) }),
      );
    }
  }

  private dataAge(): number | null {
    return dataAge(this.status, this.statusAt);
  }

  private isStale(): boolean {
    return isStale(this.status, this.statusAt);
  }

  // ---- navigation ----

  private go(levels: Level | Level[], asOf: string | null = null): void {
    const path = Array.isArray(levels) ? levels : [levels];
    const route = path.reduce((r, level, i) => drill(r, level, i === path.length - 1 ? asOf : null), this.route);
    this.follow(route, true);
  }

  private follow(route: Route, push: boolean): void {
    const url = formatRoute(route);
    if (push && url !== location.hash) history.pushState(null, "", url);
    this.route = route;
    this.listState = { cursors: [null] };
    this.drawHeader();
    void this.render(false);
  }

  /** Changes the route in place (sort, search, period): no history entry for each change. */
  private replace(route: Route): void {
    history.replaceState(null, "", formatRoute(route));
    this.route = route;
    this.listState = { cursors: [null] };
    this.drawHeader();
    void this.render(false);
  }

  private keys(e: KeyboardEvent): void {
    const back = (e.altKey && e.key === "ArrowLeft") || e.key === "BrowserBack";
    const forward = (e.altKey && e.key === "ArrowRight") || e.key === "BrowserForward";
    if (back || forward) {
      e.preventDefault();
      if (back) history.back();
      else history.forward();
    }
    if (e.key === "Escape") hideTooltip();
  }

  private resized(): void {
    if (this.widthChanged()) void this.render(true);
  }

  /** Charts are drawn for a width; past 10 % off it they are drawn again. */
  private widthChanged(): boolean {
    const w = this.contentWidth();
    return this.drawnWidth > 0 && Math.abs(w - this.drawnWidth) / this.drawnWidth > 0.1;
  }

  // ---- drawing ----

  private contentWidth(): number {
    // Before the first observation, the width as laid out now (once, at start).
    if (this.laidOutWidth === 0) this.laidOutWidth = this.main.clientWidth - 48;
    return Math.max(480, this.laidOutWidth);
  }

  private context(): PageContext {
    const full = this.contentWidth();
    const twoColumns = full >= TWO_COLUMNS_FROM;
    // The grid follows the width the charts are drawn for, so they are shown at their size.
    this.main.classList.toggle("two-columns", twoColumns);
    const half = twoColumns ? Math.floor((full - 14) / 2) - 34 : full - 34;
    return {
      req: { period: this.route.period, lang: lang(), chart_width: half },
      fullWidth: full - 34,
      go: (level, asOf) => this.go(level, asOf ?? null),
      remember: (level, name) => this.names.set(key(level), name),
      nameOf: (level) => this.names.get(key(level)) ?? ("code" in level ? level.code : ""),
    };
  }

  /** Draws the route's page. The old page stays until the new one is ready (no blank flash);
   * `inPlace` keeps the scroll position and the focused control (a live refresh). */
  private async render(inPlace: boolean): Promise<void> {
    const token = ++this.renderToken;
    const started = performance.now();
    const route = this.route;
    const hash = location.hash;
    const level = current(route);
    const builtFor = this.contentWidth();
    const ctx = this.context();
    const dim = inPlace ? 0 : setTimeout(() => this.main.classList.add("loading"), DIM_AFTER_MS);
    // Tests can tell a page that is about to change from one that stays.
    this.main.dataset.busy = "1";
    let page: HTMLElement;
    let decoding = 0;
    try {
      page = await this.build(ctx, route, level);
      decoding = performance.now();
      await chartsReady(page);
    } catch (e) {
      page = this.failure(e);
    }
    clearTimeout(dim);
    if (token !== this.renderToken) return;
    const built = performance.now();
    decoding ||= built;
    const scroll = inPlace ? this.main.scrollTop : 0;
    const focused = inPlace ? document.activeElement?.getAttribute("data-key") : null;
    // Redrawn in place, the reader may be looking anywhere: the whole page is laid out at once.
    if (inPlace) completeLater(page);
    hideTooltip();
    this.main.replaceChildren(page);
    this.main.classList.remove("loading");
    this.main.scrollTop = scroll;
    if (focused) this.main.querySelector<HTMLElement>(`[data-key="${CSS.escape(focused)}"]`)?.focus({ preventScroll: true });
    else if (!inPlace) this.main.focus({ preventScroll: true });
    this.drawnWidth = builtFor;
    this.crumbSlot.replaceChildren(this.breadcrumb());
    const placed = performance.now();
    // The window was resized while the page was being built: draw its charts again to fit.
    if (this.widthChanged()) setTimeout(() => void this.render(true), 0);
    // Painted: the frame after the one that laid the page out.
    requestAnimationFrame(() =>
      setTimeout(() => {
        const painted = performance.now();
        // Whichever page is shown now (a newer one may be on its way), it is read whole.
        completeLater(this.main);
        if (token !== this.renderToken) return;
        // The speed benchmark's breakdown: command, page built, its charts decoded, page placed,
        // laid out and painted; then the parts out of sight added.
        const ms = (from: number, to: number) => String(Math.round(to - from));
        Object.assign(this.main.dataset, {
          renderMs: ms(started, painted),
          completeMs: ms(started, performance.now()),
          commandMs: String(Math.round(lastCommandMs)),
          buildMs: ms(started + lastCommandMs, decoding),
          decodeMs: ms(decoding, built),
          placeMs: ms(built, placed),
        });
        // Tests tell which address the page drawn was opened at.
        Object.assign(this.main.dataset, { rendered: String(token), hash });
        delete this.main.dataset.busy;
      }, 0),
    );
  }

  private async build(ctx: PageContext, route: Route, level: Level | null): Promise<HTMLElement> {
    switch (level?.kind) {
      case undefined:
        return overviewPage(ctx);
      case "agency":
        return agencyPage(ctx, level.code);
      case "procedure":
        return procedurePage(ctx, level.code);
      case "list":
        return listPage(ctx, route, level.figure, listScope(route), this.listState, {
          replace: (change) => this.replace({ ...this.route, ...change }),
          rerender: () => void this.render(false),
        });
      case "dossier":
        return dossierPage(ctx, level.code);
      case "index766":
        return index766Page(ctx);
      case "cost":
        return costPage(ctx, level.code);
      case "status":
        return this.statusRoot;
      case "explorer":
        return explorerPage(ctx, route, {
          replace: (explore) => this.replace({ ...this.route, explore }),
          // The instant goes into the URL without drawing again: the page shown is of it.
          pin: (asOf) => {
            this.route = { ...this.route, asOf };
            history.replaceState(null, "", formatRoute(this.route));
          },
        });
    }
  }

  private failure(e: unknown): HTMLElement {
    const c = t().pages;
    const notFound = typeof e === "object" && e !== null && (e as { code?: string }).code === "not_found";
    const retry = h("button", { text: c.retry, attrs: { type: "button" } });
    retry.addEventListener("click", () => void this.render(false));
    return h(
      "div",
      { class: "page" },
      h(
        "div",
        { class: "banner tone-bad", attrs: { role: "alert", "data-test": "page-error" } },
        h("span", { class: "icon", text: statusIcon.bad, attrs: { "aria-hidden": "true" } }),
        h("div", {}, h("strong", { text: c.failed }), h("p", { text: notFound ? c.notFound : errorText(e) }), retry),
      ),
    );
  }

  private drawHeader(): void {
    const c = t();
    const nav = (label: string, arrow: string, f: () => void, test: string) => {
      const b = h("button", { class: "nav-button", text: arrow, attrs: { type: "button", title: label, "aria-label": label, "data-test": test } });
      b.addEventListener("click", f);
      return b;
    };
    this.freshnessSlot.replaceChildren(this.freshness());
    this.crumbSlot.replaceChildren(this.breadcrumb());
    this.header.replaceChildren(
      h(
        "div",
        { class: "shell-row" },
        h("div", { class: "brand" }, h("strong", { text: c.app.title }), h("span", { class: "muted", text: c.app.subtitle })),
        this.freshnessSlot,
        this.explorerLink(),
        this.statusLink(),
        this.langSwitch(),
      ),
      h(
        "div",
        { class: "shell-row" },
        nav(c.nav.back, "←", () => history.back(), "back"),
        nav(c.nav.forward, "→", () => history.forward(), "forward"),
        this.crumbSlot,
        this.periodPicker(),
      ),
    );
  }

  private breadcrumb(): HTMLElement {
    const c = t();
    const crumbs: HTMLElement[] = [];
    const trail = this.route.trail;
    const link = (text: string, i: number, test: string) => {
      const here = i === trail.length - 1;
      const el = here
        ? h("span", { class: "crumb here", text, attrs: { "aria-current": "page", "data-test": test } })
        : h("button", { class: "crumb link", text, attrs: { type: "button", "data-test": test } });
      if (!here) el.addEventListener("click", () => this.follow(upTo(this.route, i), true));
      return el;
    };
    crumbs.push(link(c.nav.overview, -1, "crumb-overview"));
    trail.forEach((level, i) => crumbs.push(link(this.crumbText(level), i, `crumb-${level.kind}`)));
    return h(
      "nav",
      { class: "breadcrumb", attrs: { "aria-label": c.nav.breadcrumb, "data-test": "breadcrumb" } },
      ...crumbs.flatMap((el, i) => (i === 0 ? [el] : [h("span", { class: "sep", text: "›", attrs: { "aria-hidden": "true" } }), el])),
    );
  }

  private crumbText(level: Level): string {
    const c = t();
    switch (level.kind) {
      case "agency":
      case "procedure":
        return this.names.get(key(level)) ?? level.code;
      case "list":
        return c.figures[level.figure] ?? level.figure;
      case "dossier":
        return level.code;
      case "index766":
        return c.i766.crumb;
      case "cost": {
        const [span, agency] = level.code.split("|");
        const who = agency ? (this.names.get(key({ kind: "agency", code: agency })) ?? agency) : c.i766.province;
        return `${c.i766.columns.costs}: ${who}, ${c.i766.spans[parsePeriod(span).kind] ?? span}`;
      }
      case "status":
        return c.nav.status;
      case "explorer":
        return c.explorer.open;
    }
  }

  private periodPicker(): HTMLElement {
    const c = t().period;
    const p = this.route.period;
    const select = h("select", { attrs: { "aria-label": c.label, "data-test": "period" } });
    for (const kind of Object.keys(c.presets)) {
      const o = h("option", { text: c.presets[kind], attrs: { value: kind } });
      o.selected = kind === p.kind;
      select.append(o);
    }
    const from = h("input", { attrs: { type: "date", "aria-label": c.from, "data-test": "period-from" } });
    const to = h("input", { attrs: { type: "date", "aria-label": c.to, "data-test": "period-to" } });
    const apply = h("button", { text: c.apply, attrs: { type: "submit" } });
    if (p.kind === "range") {
      from.value = p.from;
      to.value = p.to;
    }
    const range = h("span", { class: "range" + (p.kind === "range" ? "" : " hidden") }, from, "–", to, apply);
    const form = h("form", { class: "period" }, h("label", { class: "muted", text: c.label }), select, range);
    select.addEventListener("change", () => {
      if (select.value === "range") {
        range.classList.remove("hidden");
        from.focus();
        return;
      }
      this.replace({ ...this.route, period: { kind: select.value } as Preset });
    });
    // A range that cannot be used says why, next to the field, and changes nothing.
    const clear = () => to.setCustomValidity("");
    from.addEventListener("input", clear);
    to.addEventListener("input", clear);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const problem = !from.value || !to.value ? c.incomplete : from.value > to.value ? c.reversed : "";
      to.setCustomValidity(problem);
      if (problem) {
        form.reportValidity();
        return;
      }
      this.replace({ ...this.route, period: { kind: "range", from: from.value, to: to.value } });
    });
    return form;
  }

  private freshness(): HTMLElement {
    const c = t();
    const s = this.status;
    const seconds = this.dataAge();
    return h(
      "div",
      { class: "freshness" + (this.isStale() ? " is-stale" : "") },
      s?.demo ? h("span", { class: "badge demo", text: c.source.demo, attrs: { "data-test": "demo-marker" } }) : null,
      h("span", {
        text: seconds === null ? c.fresh.never : c.fresh.age(age(seconds)),
        attrs: { "data-test": "data-age", title: s ? `${num(s.dossiers)} · ${s.source_url ?? ""}` : "" },
      }),
      s?.syncing ? h("span", { class: "spinner", attrs: { "aria-label": c.fresh.syncing } }) : null,
    );
  }

  /** The inspector's workbench, from every page, on the period shown and at this instant. */
  private explorerLink(): HTMLElement {
    const b = h("button", { class: "link", text: t().explorer.open, attrs: { type: "button", "data-test": "open-explorer" } });
    b.addEventListener("click", () => this.go({ kind: "explorer" }));
    return b;
  }

  private statusLink(): HTMLElement {
    const b = h("button", { class: "link", text: t().nav.status, attrs: { type: "button", "data-test": "open-status" } });
    b.addEventListener("click", () => this.go({ kind: "status" }));
    return b;
  }

  private langSwitch(): HTMLElement {
    const choice = (code: Lang, label: string) => {
      const b = h("button", {
        class: "lang-button" + (lang() === code ? " active" : ""),
        text: label,
        attrs: { type: "button", "aria-pressed": String(lang() === code), "data-lang": code },
      });
      b.addEventListener("click", () => setLang(code));
      return b;
    };
    return h("div", { class: "langs", attrs: { role: "group" } }, choice("vi", "Tiếng Việt"), choice("en", "English"));
  }
}

function key(level: Level): string {
  return "code" in level ? `${level.kind}:${level.code}` : level.kind;
}

function debounce(f: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(f, ms);
  };
}
