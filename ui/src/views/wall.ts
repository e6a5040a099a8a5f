// The wall display: a rotation of slides on the control room's big screen, unattended all day.
// It lays out what the wall's commands answer (they carry no personal data) and decides only
// what is on screen when: each slide for its dwell, keys of a presenter remote to pause, go next
// and previous, a clock, the data's age and a banner that cannot be missed when it is stale.
// New data redraws the slide on screen in place: the rotation goes on where it was.

import {
  wallApi,
  type OverdueRow,
  type PointsRow,
  type ProcedureRow,
  type RankRow,
  type SlideRef,
  type Tile,
  type WallSlide,
  type WallStatus,
  type Week,
} from "../api";
import { h } from "../dom";
import { dataAge, isStale } from "../freshness";
import { formatDate, provinceClock } from "../format";
import { age, lang, num, pct, t } from "../i18n";
import { statusIcon, thresholds } from "../theme";
import { valueText } from "./widgets";

/** What the e2e and soak tests read: the slides shown, in order, with when (bounded). */
interface ShownSlide {
  /** How many slides were shown before this one, since the start (the log keeps the last). */
  n: number;
  id: string;
  at: number;
  index: number;
  of: number;
}
const LOG_LIMIT = 200;

export class WallScreen {
  private status: WallStatus | null = null;
  private statusAt = 0;
  private slides: SlideRef[] = [];
  private index = -1;
  private current: WallSlide | null = null;
  private timer: number | undefined;
  /** When the slide on screen is due to leave, or (paused) how long it had left. */
  private dueAt = 0;
  private leftMs = 0;
  private paused = false;
  private moving = false;
  private rotations = 0;
  private shown = 0;
  readonly log: ShownSlide[] = [];

  private readonly clock = h("span", { class: "wall-clock", attrs: { "data-test": "wall-clock" } });
  private readonly synced = h("span", { class: "wall-synced", attrs: { "data-test": "wall-synced" } });
  private readonly demo = h("span", { class: "wall-demo hidden", attrs: { "data-test": "wall-demo" } });
  private readonly banner = h("div", {
    class: "wall-stale hidden",
    attrs: { role: "alert", "data-test": "wall-stale" },
  });
  private readonly stage = h("section", { class: "wall-slide", attrs: { "data-test": "wall-slide" } });
  private readonly position = h("span", { class: "wall-position", attrs: { "data-test": "wall-progress" } });
  private readonly pausedMark = h("span", { class: "wall-paused hidden", attrs: { "data-test": "wall-paused" } });
  private readonly bar = h("span", { class: "wall-bar-fill" });
  private readonly root: HTMLElement;

  constructor(root: HTMLElement) {
    this.root = h(
      "main",
      { class: "wall", attrs: { "data-test": "wall" } },
      h(
        "header",
        { class: "wall-top" },
        h("span", { class: "wall-center", text: t().app.subtitle }),
        this.demo,
        this.synced,
        this.clock,
      ),
      this.banner,
      this.stage,
      h(
        "footer",
        { class: "wall-bottom" },
        this.pausedMark,
        h("span", { class: "wall-bar" }, this.bar),
        this.position,
      ),
    );
    root.replaceChildren(this.root);
    (window as unknown as { wall: WallScreen }).wall = this;
    this.stage.replaceChildren(h("p", { class: "wall-message", text: t().wall.loading }));
    addEventListener("keydown", (e) => this.key(e));
    // Nothing to pick or open on the wall: no context menu either.
    addEventListener("contextmenu", (e) => e.preventDefault());
    this.tick();
    setInterval(() => this.tick(), thresholds.wallTickMs);
    setInterval(() => void this.readStatus(), thresholds.wallStatusMs);
    void this.readStatus();
    void this.advance(1);
  }

  // ---- freshness ----

  async readStatus(): Promise<void> {
    try {
      this.status = await wallApi.status();
      this.statusAt = Date.now();
    } catch {
      // The app itself did not answer: the age keeps running and the banner follows it.
    }
    this.tick();
  }

  /** The clock, the data's age and the stale banner; nothing else is redrawn. */
  tick(): void {
    const c = t().wall;
    this.clock.textContent = provinceClock(Date.now());
    const seconds = dataAge(this.status, this.statusAt);
    const at = clockOf(this.status?.last_success_at ?? null);
    this.synced.textContent = seconds === null ? c.neverSynced : c.synced(at, age(seconds));
    this.demo.textContent = t().source.demo;
    this.demo.classList.toggle("hidden", !this.status?.demo);
    const stale = isStale(this.status, this.statusAt);
    const unreachable = this.status?.last_error != null;
    const show = stale || unreachable;
    this.root.classList.toggle("is-stale", show);
    this.banner.classList.toggle("hidden", !show);
    if (show) {
      const said = [
        unreachable ? c.unreachable : null,
        seconds === null ? c.neverSynced : c.stale(at, age(seconds)),
        c.lastGood,
      ];
      this.banner.replaceChildren(
        h("span", { class: "wall-stale-title", text: `${statusIcon.warning} ${c.staleTitle}` }),
        h("span", { text: said.filter(Boolean).join(" ") }),
      );
    }
  }

  // ---- the rotation ----

  /** Goes `step` slides on (1 next, -1 previous); past the last slide a new rotation begins. */
  private async advance(step: 1 | -1): Promise<void> {
    if (this.moving) return;
    this.moving = true;
    window.clearTimeout(this.timer);
    try {
      let next = this.index + step;
      if (next >= this.slides.length || this.slides.length === 0) {
        this.slides = (await wallApi.rotation()).slides;
        this.rotations += 1;
        next = 0;
      } else if (next < 0) {
        next = this.slides.length - 1;
      }
      const ref = this.slides[next];
      if (!ref) throw new Error("no slide");
      const slide = await wallApi.slide(ref.id, lang());
      this.index = next;
      this.current = slide;
      this.stage.replaceChildren(this.render(slide));
      this.stage.dataset.slideId = ref.id;
      this.stage.dataset.kind = ref.kind;
      this.log.push({ n: this.shown++, id: ref.id, at: Date.now(), index: next, of: this.slides.length });
      if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
      this.showPosition(ref);
      this.schedule(ref.dwell_secs * 1000);
    } catch {
      // No data yet, or an agency gone since the rotation began: try again, or skip it.
      if (!this.current) this.stage.replaceChildren(h("p", { class: "wall-message", text: t().wall.waiting }));
      if (this.index >= 0 && step === 1) this.index += 1;
      if (this.index >= this.slides.length) this.index = this.slides.length - 1;
      this.schedule(thresholds.wallRetryMs);
    } finally {
      this.moving = false;
    }
  }

  private schedule(ms: number): void {
    window.clearTimeout(this.timer);
    this.dueAt = Date.now() + ms;
    this.leftMs = ms;
    if (!this.paused) this.timer = window.setTimeout(() => void this.advance(1), ms);
  }

  private showPosition(ref: SlideRef): void {
    this.position.textContent = `${this.index + 1} / ${this.slides.length}`;
    // The bar fills over the slide's dwell (a CSS animation, restarted for each slide).
    this.bar.style.animationDuration = `${ref.dwell_secs}s`;
    this.bar.classList.remove("run");
    void this.bar.offsetWidth;
    this.bar.classList.add("run");
  }

  private key(e: KeyboardEvent): void {
    if (e.key === " " || e.key === "p" || e.key === "P") this.togglePause();
    else if (e.key === "ArrowRight" || e.key === "PageDown") void this.advance(1);
    else if (e.key === "ArrowLeft" || e.key === "PageUp") void this.advance(-1);
    else return;
    e.preventDefault();
  }

  private togglePause(): void {
    this.paused = !this.paused;
    document.body.dataset.wallPaused = String(this.paused);
    this.pausedMark.textContent = `⏸ ${t().wall.paused}`;
    this.pausedMark.classList.toggle("hidden", !this.paused);
    this.bar.classList.toggle("paused", this.paused);
    if (this.paused) {
      window.clearTimeout(this.timer);
      this.leftMs = Math.max(0, this.dueAt - Date.now());
    } else {
      this.schedule(this.leftMs);
    }
  }

  /** New data: the slide on screen is read again and replaced in one step (no blank frame),
   * its dwell running on. */
  async dataChanged(): Promise<void> {
    void this.readStatus();
    const ref = this.slides[this.index];
    if (!ref || this.moving) return;
    try {
      const slide = await wallApi.slide(ref.id, lang());
      if (this.slides[this.index]?.id !== ref.id) return;
      this.current = slide;
      this.stage.replaceChildren(this.render(slide));
    } catch {
      // The last good figures stay.
    }
  }

  /** The language changed: the slide on screen is drawn again in it. */
  draw(): void {
    this.tick();
    void this.dataChanged();
  }

  // ---- the slides ----

  private render(s: WallSlide): HTMLElement {
    const c = t().wall;
    // The year goes without saying on a wall: "15/11 – 04/12".
    const period = c.period(formatDate(s.period_from).slice(0, 5), formatDate(s.period_to).slice(0, 5));
    switch (s.kind) {
      case "province":
        return slide(c.slides.province, period, provinceTable(s.today, s.period, period));
      case "ranking":
        return slide(c.slides[s.id] ?? s.id, period, ranking(s.province, s.rows, s.ranked, s.figure));
      case "trend":
        return slide(c.slides.trend, period, trend(s.weeks, s.target));
      case "index766":
        return slide(c.slides.index766, c.thisMonth, points766(s.points, s.points_max, s.losing));
      case "agency":
        return slide(s.name, period, agency(s.tiles, s.worst_procedures, s.overdue, s.overdue_total));
    }
  }
}

/** Decision 766: the province's points this month and the agencies losing most. */
function points766(points: number, max: number, losing: PointsRow[]): HTMLElement {
  const c = t().wall;
  const pts = (n: number) => num(n, 1);
  return h(
    "div",
    { class: "wall-ranking", attrs: { "data-test": "wall-index766" } },
    h("p", { class: "wall-summary" }, `${c.province}: `, h("b", { text: c.points(pts(points), pts(max)) })),
    losing.length === 0
      ? h("p", { class: "wall-message", text: c.noneLosing })
      : h(
          "table",
          { class: "wall-table" },
          h("thead", {}, h("tr", {}, h("th", { text: c.losingMost }), h("th", { text: c.pointsCol }), h("th", { text: c.lostCol }))),
          h(
            "tbody",
            {},
            ...losing.map((r) =>
              h("tr", {}, h("th", { text: r.name }), h("td", { text: c.points(pts(r.points), pts(r.points_max)) }), h("td", { text: `−${pts(r.lost)}` })),
            ),
          ),
        ),
  );
}

/** "HH:MM" of a `yyyyMMddHHmmss` stamp (province time, as the cache writes it). */
function clockOf(stamp: string | null): string {
  return stamp && stamp.length >= 12 ? `${stamp.slice(8, 10)}:${stamp.slice(10, 12)}` : "—";
}

function slide(title: string, subtitle: string, body: HTMLElement): HTMLElement {
  return h(
    "div",
    { class: "wall-page" },
    h("div", { class: "wall-heading" }, h("h1", { text: title }), h("p", { class: "wall-sub", text: subtitle })),
    body,
  );
}

function mark(tone: Tile["status"]): HTMLElement | null {
  return tone ? h("span", { class: `wall-tone tone-${tone}`, text: `${statusIcon[tone]} ${t().tone[tone]}` }) : null;
}

/** A figure and what it is of ("85,2 % trên 27"). */
function figure(tile: Tile): HTMLElement {
  return h(
    "span",
    { class: "wall-figure" },
    h("b", { text: valueText(tile.value) }),
    tile.of !== null ? h("span", { class: "wall-of", text: ` ${t().tiles.of(num(tile.of))}` }) : null,
  );
}

function provinceTable(today: Tile[], period: Tile[], periodName: string): HTMLElement {
  const c = t().wall;
  return h(
    "table",
    { class: "wall-table wall-province", attrs: { "data-test": "wall-province" } },
    h("thead", {}, h("tr", {}, h("th", {}), h("th", { text: c.today }), h("th", { text: periodName }))),
    h(
      "tbody",
      {},
      ...period.map((p, i) =>
        h(
          "tr",
          { attrs: { "data-figure": p.figure } },
          h("th", { text: p.label }),
          h("td", {}, figure(today[i])),
          h("td", {}, figure(p), mark(p.status)),
        ),
      ),
    ),
  );
}

function ranking(province: Tile, rows: RankRow[], ranked: number, figureName: string): HTMLElement {
  const c = t().wall;
  const order = figureName === "pending_overdue" ? c.mostFirst : c.worstFirst;
  if (rows.length === 0) return h("p", { class: "wall-message", text: c.noRank });
  return h(
    "div",
    { class: "wall-ranking" },
    h(
      "p",
      { class: "wall-summary" },
      `${c.province}: `,
      figure(province),
      mark(province.status),
      h("span", { class: "wall-of", text: ` · ${c.ranked(num(rows.length), num(ranked))}, ${order}` }),
    ),
    h(
      "table",
      { class: "wall-table", attrs: { "data-test": "wall-ranking" } },
      h(
        "tbody",
        {},
        ...rows.map((r) =>
          h(
            "tr",
            { attrs: { "data-code": r.code } },
            h("td", { class: "wall-rank", text: num(r.rank) }),
            h("td", { class: "wall-name", text: r.name }),
            h("td", { class: "wall-value", text: valueText(r.value) }),
            h(
              "td",
              {},
              mark(r.status),
              r.small_sample ? h("span", { class: "wall-of", text: ` (${t().tiles.smallSample})` }) : null,
            ),
          ),
        ),
      ),
    ),
  );
}

function trend(weeks: Week[], target: number): HTMLElement {
  const c = t().wall;
  const columns = weeks.map((w) => {
    const rate = typeof w.on_time_rate === "number" ? null : w.on_time_rate.rate;
    const bar = h("span", { class: "wall-col-bar" });
    // The target, drawn across every column.
    const line = h("span", { class: "wall-col-target" });
    line.style.bottom = `${Math.round(target * 100)}%`;
    bar.style.height = `${Math.round((rate ?? 0) * 100)}%`;
    return h(
      "div",
      { class: "wall-col", attrs: { "data-week": w.from } },
      h("span", { class: "wall-col-value", text: rate === null ? "—" : pct(rate).replace(/,\d/, "") }),
      h("span", { class: "wall-col-track" }, bar, line),
      h("span", { class: "wall-col-label", text: formatDate(w.from).slice(0, 5) }),
    );
  });
  return h(
    "div",
    { class: "wall-trend-box" },
    h("p", { class: "wall-summary", text: c.target(pct(target)) }),
    h("div", { class: "wall-trend", attrs: { "data-test": "wall-trend" } }, h("div", { class: "wall-cols" }, ...columns)),
  );
}

function agency(
  tiles: Tile[],
  procedures: ProcedureRow[],
  overdue: OverdueRow[],
  overdueTotal: number,
): HTMLElement {
  const c = t().wall;
  const shown = tiles.filter((x) => ["on_time_rate", "pending_overdue", "pending_at_risk", "satisfaction_rate"].includes(x.figure));
  return h(
    "div",
    { class: "wall-agency" },
    h(
      "div",
      { class: "wall-tiles" },
      ...shown.map((x) =>
        h(
          "div",
          { class: "wall-tile", attrs: { "data-figure": x.figure } },
          h("span", { class: "wall-tile-label", text: x.label }),
          h("span", { class: "wall-tile-value" }, h("b", { text: valueText(x.value) }), mark(x.status)),
        ),
      ),
    ),
    procedures.length > 0
      ? h(
          "table",
          { class: "wall-table wall-procedures", attrs: { "data-test": "wall-procedures" } },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { text: c.worstProcedures }),
              h("th", { text: c.cols.overdue }),
              h("th", { text: c.cols.atRisk }),
              h("th", { text: c.cols.onTime }),
            ),
          ),
          h(
            "tbody",
            {},
            ...procedures.map((p) =>
              h(
                "tr",
                {},
                h("td", { class: "wall-name", text: p.name }),
                h("td", { class: "wall-value", text: num(p.pending_overdue) }),
                h("td", { class: "wall-value", text: num(p.pending_at_risk) }),
                h("td", { class: "wall-value", text: valueText(p.on_time_rate) }),
              ),
            ),
          ),
        )
      : null,
    h("h2", { text: c.overdueTitle(num(overdueTotal)) }),
    overdue.length === 0
      ? h("p", { class: "wall-message", text: c.noOverdue })
      : h(
          "table",
          { class: "wall-table wall-overdue", attrs: { "data-test": "wall-overdue" } },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { text: c.cols.code }),
              h("th", { text: c.cols.procedure }),
              h("th", { text: c.cols.late }),
              h("th", { text: c.cols.held }),
            ),
          ),
          h(
            "tbody",
            {},
            ...overdue.map((d) =>
              h(
                "tr",
                { class: d.newly_overdue ? "is-new" : "", attrs: { "data-code": d.code, "data-new": String(d.newly_overdue) } },
                h("td", { class: "wall-code", text: d.code }),
                h("td", { class: "wall-name", text: d.procedure }),
                h("td", { class: "wall-value", text: c.lateDays(num(d.working_days_late)) }),
                h(
                  "td",
                  { class: "wall-name" },
                  d.newly_overdue ? h("span", { class: "wall-new", text: c.newly }) : null,
                  [d.step, d.department, d.held_by].filter(Boolean).join(" — ") || "—",
                ),
              ),
            ),
          ),
        ),
    overdueTotal > overdue.length
      ? h("p", { class: "wall-of", text: c.more(num(overdueTotal - overdue.length)) })
      : null,
  );
}
