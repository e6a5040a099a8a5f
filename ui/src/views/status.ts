// The sync status page: where the data comes from, how fresh it is, what the cache holds,
// how a running sync is going, the last error, and the dossiers of every agency by level.

import type { AgencyGroup, QuarantineSummary, Status, SyncProgress } from "../api";
import { h } from "../dom";
import { formatInstant } from "../format";
import { age, num, pct, t } from "../i18n";
import { statusIcon, thresholds, type Status as Tone } from "../theme";

export interface StatusScreenActions {
  syncNow: () => void;
  /** Opens the dashboard page of an agency. */
  openAgency: (code: string) => void;
}

export class StatusScreen {
  private status: Status | null = null;
  private progress: SyncProgress | null = null;
  private failure: string | null = null;
  /** When `status` was received (ms, this clock), so that its age can advance live. */
  private receivedAt = 0;
  private ageCell: HTMLElement | null = null;
  private staleBanner: HTMLElement | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: StatusScreenActions,
  ) {
    this.draw();
  }

  show(status: Status): void {
    this.status = status;
    this.failure = null;
    this.receivedAt = Date.now();
    // A finished sync clears the live progress; a running one keeps the latest event.
    this.progress = status.syncing ? (this.progress ?? status.progress) : null;
    this.draw();
  }

  showProgress(progress: SyncProgress): void {
    this.progress = progress;
    if (this.status) this.status = { ...this.status, syncing: true };
    this.draw();
  }

  showFailure(message: string): void {
    this.failure = message;
    this.draw();
  }

  /** Advances the "x phút trước" text and the stale warning without redrawing anything else. */
  tick(): void {
    if (!this.status || !this.ageCell) return;
    const seconds = this.currentAge();
    if (seconds !== null) this.ageCell.textContent = age(seconds);
    this.staleBanner?.classList.toggle("hidden", !this.isStale());
  }

  draw(): void {
    const scrolls = [...this.root.querySelectorAll<HTMLElement>(".rows")].map((el) => el.scrollTop);
    this.ageCell = null;
    this.staleBanner = null;
    this.root.replaceChildren(
      h("h1", { class: "page-title", text: t().nav.status }),
      ...(this.status ? this.body(this.status) : [h("p", { class: "loading", text: t().app.loading })]),
    );
    this.root.querySelectorAll<HTMLElement>(".rows").forEach((el, i) => (el.scrollTop = scrolls[i] ?? 0));
    this.tick();
  }

  private currentAge(): number | null {
    const base = this.status?.last_success_age_secs;
    if (base === null || base === undefined) return null;
    return base + (Date.now() - this.receivedAt) / 1000;
  }

  private isStale(): boolean {
    const seconds = this.currentAge();
    const interval = this.status?.sync_interval_secs ?? 0;
    return seconds !== null && seconds > thresholds.staleAfterIntervals * interval;
  }

  private body(s: Status): HTMLElement[] {
    return [this.sourceBar(s), ...this.banners(s), this.tiles(s), quarantine(s.quarantine), this.agencies(s.agency_groups)];
  }

  private sourceBar(s: Status): HTMLElement {
    const c = t().source;
    const marker = s.demo
      ? h("span", { class: "badge demo", text: c.demo, attrs: { "data-test": "demo-marker" } })
      : h("span", { class: "badge live", text: c.live });
    const button = h("button", {
      class: "sync-now",
      text: t().sync.syncNow,
      attrs: { type: "button", "data-test": "sync-now" },
    });
    button.disabled = s.syncing;
    button.addEventListener("click", () => this.actions.syncNow());
    return h(
      "section",
      { class: "source" + (s.demo ? " is-demo" : "") },
      h(
        "div",
        { class: "source-line" },
        h("span", { class: "label", text: c.label }),
        marker,
        h("code", { class: "url", text: s.source_url ?? "—", attrs: { "data-test": "source-url" } }),
        h("span", { class: "interval", text: c.interval(num(s.sync_interval_secs)) }),
        button,
      ),
      s.demo ? h("p", { class: "hint", text: c.demoHint }) : null,
    );
  }

  private banners(s: Status): HTMLElement[] {
    const out: HTMLElement[] = [];
    this.staleBanner = banner("warning", t().sync.stale(num(thresholds.staleAfterIntervals)));
    this.staleBanner.classList.add("hidden");
    out.push(this.staleBanner);
    const c = t().error;
    const error = this.failure ? { code: "internal", message: this.failure } : s.last_error;
    if (error) {
      const explained = c.codes[error.code];
      const b = banner("bad", explained ?? error.message, c.title, explained ? `${c.detail}: ${error.message}` : undefined);
      b.setAttribute("data-test", "last-error");
      b.setAttribute("data-code", error.code);
      out.push(b);
    }
    return out;
  }

  private tiles(s: Status): HTMLElement {
    const c = t();
    this.ageCell = h("strong", {
      class: s.last_success_at ? "big" : "state",
      text: s.last_success_at ? "" : c.sync.never,
      attrs: { "data-test": "last-success-age" },
    });
    const lastSync = tile(
      c.sync.lastSuccess,
      this.ageCell,
      s.last_success_at
        ? h("span", { text: formatInstant(s.last_success_at), attrs: { "data-test": "last-success" } })
        : null,
      // The last attempt matters when it failed.
      s.last_error && s.last_attempt_at
        ? h("span", { text: c.sync.lastAttempt(formatInstant(s.last_attempt_at)) })
        : null,
    );
    const records = tile(
      c.cache.dossiers,
      h("strong", { class: "big", text: num(s.dossiers), attrs: { "data-test": "dossiers" } }),
      h("span", { text: c.cache.dossiersHint }),
      s.tombstones > 0 ? h("span", { text: c.cache.tombstones(num(s.tombstones)) }) : null,
    );
    const quarantined = tile(
      c.cache.quarantined,
      h("strong", {
        class: "big" + (s.quarantined > 0 ? " tone-warning" : ""),
        text: num(s.quarantined),
        attrs: { "data-test": "quarantined" },
      }),
      h("span", { text: c.cache.quarantinedHint }),
    );
    return h("section", { class: "tiles" }, lastSync, records, quarantined, this.progressTile(s));
  }

  private progressTile(s: Status): HTMLElement {
    const c = t().sync;
    const p = this.progress;
    if (!s.syncing || !p) {
      const report = s.last_report;
      return tile(
        c.state,
        h("strong", { class: "state", text: s.syncing ? c.running : c.idle, attrs: { "data-test": "sync-state" } }),
        report
          ? h("span", { text: c.lastReport(num(report.upserted + report.tombstoned), num(report.seconds, 1)) })
          : null,
        report && report.released > 0
          ? h("span", { text: t().cache.released(num(report.released)), attrs: { "data-test": "released" } })
          : null,
      );
    }
    const fact = (label: string, value: string, test: string) =>
      h("div", { class: "fact" }, h("dt", { text: label }), h("dd", { text: value, attrs: { "data-test": test } }));
    return tile(
      c.state,
      h(
        "strong",
        { class: "state running", attrs: { "data-test": "sync-state" } },
        h("span", { class: "spinner", attrs: { "aria-hidden": "true" } }),
        `${c.running}: ${c.stage[p.stage] ?? p.stage}`,
      ),
      h(
        "dl",
        { class: "facts" },
        fact(c.pages, num(p.pages), "progress-pages"),
        fact(c.upserted, num(p.upserted), "progress-records"),
        fact(c.quarantinedNow, num(p.quarantined), "progress-quarantined"),
        p.position ? fact(c.position, formatInstant(p.position), "progress-position") : null,
      ),
    );
  }

  private agencies(groups: AgencyGroup[]): HTMLElement {
    return h(
      "section",
      { class: "agencies" },
      h("div", { class: "section-title" }, h("h2", { text: t().agencies.title })),
      h("div", { class: "groups" }, ...levelsToShow(groups).map((level) => this.group(level, groups))),
    );
  }

  private agencyLink(code: string, name: string): HTMLElement {
    const b = h("button", { class: "name link", text: name, attrs: { type: "button" } });
    b.addEventListener("click", () => this.actions.openAgency(code));
    return b;
  }

  private group(level: number, groups: AgencyGroup[]): HTMLElement {
    const c = t().agencies;
    const g = groups.find((x) => x.level === level) ?? { level, total: 0, agencies: [] };
    const max = Math.max(1, ...g.agencies.map((a) => a.dossiers));
    const rows = g.agencies.map((a) => {
      const bar = h("span", { class: "bar" });
      bar.style.width = `${(100 * a.dossiers) / max}%`;
      return h(
        "li",
        { class: "row", attrs: { "data-code": a.code, title: `${a.name} (${a.code})` } },
        this.agencyLink(a.code, a.name),
        h("span", { class: "track" }, bar),
        h("span", { class: "count", text: num(a.dossiers) }),
      );
    });
    return h(
      "article",
      { class: "group", attrs: { "data-test": "agency-group", "data-level": String(level) } },
      h(
        "header",
        {},
        h("h3", { text: c.level[level] }),
        h("span", {
          class: "muted",
          text: `${c.count(num(g.agencies.length))} · ${num(g.total)}`,
          attrs: { "data-test": "group-total" },
        }),
      ),
      rows.length
        ? h("ol", { class: "rows" }, ...rows)
        : h("p", { class: "empty muted", text: c.empty }),
    );
  }
}

/** The three levels always (an empty one says so), then any other the data has (0: unlisted). */
function levelsToShow(groups: AgencyGroup[]): number[] {
  const extra = groups.map((g) => g.level).filter((level) => ![1, 2, 3].includes(level));
  return [1, 2, 3, ...extra];
}

function tile(title: string, ...content: Array<HTMLElement | null>): HTMLElement {
  return h("article", { class: "tile" }, h("h2", { text: title }), ...content);
}

function banner(tone: Tone, message: string, title?: string, detail?: string): HTMLElement {
  return h(
    "div",
    { class: `banner tone-${tone}`, attrs: { role: tone === "bad" ? "alert" : "status" } },
    h("span", { class: "icon", text: statusIcon[tone], attrs: { "aria-hidden": "true" } }),
    h(
      "div",
      {},
      title ? h("strong", { text: title }) : null,
      h("p", { text: message }),
      detail ? h("p", { class: "detail", text: detail }) : null,
    ),
  );
}

/** The quarantine: how many records each rule keeps, the latest (masked), what to do. */
function quarantine(q: QuarantineSummary): HTMLElement {
  const c = t().cache;
  const ruleName = (rule: string | null) => c.rules[rule ?? "unknown"] ?? rule ?? c.rules.unknown;
  if (q.total === 0) {
    return h("section", { class: "quarantine", attrs: { "data-test": "quarantine" } }, h("h2", { text: c.quarantineTitle }), h("p", { class: "hint", text: c.quarantineEmpty }));
  }
  return h(
    "section",
    { class: "quarantine", attrs: { "data-test": "quarantine" } },
    h("h2", { text: c.quarantineTitle }),
    q.dossier_share !== null ? h("p", { class: "hint", text: c.quarantineShare(pct(q.dossier_share)) }) : null,
    h(
      "table",
      { class: "by-rule" },
      h("tbody", {}, ...q.by_rule.map((r) => h("tr", { attrs: { "data-rule": r.rule ?? "unknown" } }, h("th", { text: ruleName(r.rule) }), h("td", { class: "num", text: num(r.count) })))),
    ),
    h("h3", { text: c.quarantineLatest }),
    h(
      "ul",
      { class: "examples" },
      ...q.latest.map((e) =>
        h(
          "li",
          { attrs: { "data-test": "quarantine-example" } },
          h("div", { class: "example-head" }, h("code", { text: e.key ?? "—" }), h("span", { text: ` ${formatInstant(e.quarantined_at)} · ${e.reason}` })),
          h("pre", { class: "raw", text: e.raw }),
        ),
      ),
    ),
    h("p", { class: "advice", text: c.quarantineAdvice }),
  );
}
