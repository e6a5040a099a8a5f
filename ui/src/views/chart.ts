// A chart drawn by plotters in Rust: its SVG, with a transparent button over every hit region
// so that each part is clickable, reachable with Tab and announced by its full label; the
// exact figures show in a tooltip on hover or focus.

import type { ChartLabel, HitRegion, PageChart } from "../api";
import { h } from "../dom";
import { t } from "../i18n";
import { later } from "./later";

/** The ids a click drills into; others (weeks, steps) only show their tooltip. */
export type OpenRegion = (id: string) => void;

/** The chart, or a sentence saying why there is none. */
export function chartView(pc: PageChart, open: OpenRegion | null, drillable: (id: string) => boolean): HTMLElement {
  const box = h("figure", { class: "chart", attrs: { "data-chart": pc.id } });
  if (!pc.chart) {
    box.append(h("p", { class: "chart-empty muted", text: t().charts.empty[pc.id] ?? "—" }));
    return box;
  }
  const { svg, width, height, regions, labels = [] } = pc.chart;
  // The SVG shown as an image: WebKit lays out and paints an image of a chart in about half
  // the time of the same SVG in the page. Its text comes apart and is laid out here as HTML,
  // where WebKit lays out a label in microseconds, not the ~0.15 ms of an SVG `<text>`. The
  // parts are the buttons below, so drawing and text say nothing to a screen reader. Any text
  // left in the image is in Noto Sans, the system's (fonts-noto-core) as an image cannot use
  // the page's fonts: the same font the labels were measured with in Rust.
  const drawing = h("img", { class: "chart-drawing", attrs: { alt: "", "aria-hidden": "true" } });
  drawing.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  // How many parts and labels the chart has (tests check that every one is laid out).
  const canvas = h("div", {
    class: "chart-canvas",
    attrs: { "data-parts": String(regions.length), "data-labels": String(labels.length) },
  });
  // The drawing scales with the column; the regions and text are placed in fractions of it.
  canvas.style.aspectRatio = `${width} / ${height}`;
  const text = h("div", { class: "chart-text", attrs: { "aria-hidden": "true" } });
  canvas.append(drawing, text);
  const drills = regions.map((r) => open !== null && drillable(r.id));
  const buttons: HTMLElement[] = [];
  /** Lays out the text and buttons of the rows from `top` (chart px) to `bottom`. */
  const place = (top: number, bottom: number) => {
    const within = (y: number) => top <= y && y < bottom;
    text.append(...labels.filter((l) => within(l.y)).map((l) => chartLabel(l, width, height)));
    regions.forEach((r, i) => {
      if (within(r.y)) canvas.append((buttons[i] = regionButton(r, i, width, height, drills[i])));
    });
  };
  // A chart is drawn at the width it is shown, so its pixels are the page's: on a page just
  // opened (at the top), no row below the window's height can be in sight. A chart of every
  // agency has hundreds of labels and buttons, most of them below.
  const inSight = innerHeight;
  place(-Infinity, inSight);
  if (labels.some((l) => l.y >= inSight) || regions.some((r) => r.y >= inSight)) {
    later(canvas, () => place(inSight, Infinity));
  }
  // One set of listeners for the whole chart (a chart of every agency has hundreds of parts).
  /** The index of the part an event happened on, or -1. */
  const partOf = (e: Event): number => {
    const b = (e.target as Element | null)?.closest?.<HTMLElement>(".hit");
    return b ? Number(b.dataset.index) : -1;
  };
  const show = (e: Event) => {
    const i = partOf(e);
    if (i >= 0) tooltip.show(buttons[i], regions[i], drills[i]);
  };
  canvas.addEventListener("mouseover", show);
  canvas.addEventListener("focusin", show);
  canvas.addEventListener("mouseout", () => tooltip.hide());
  canvas.addEventListener("focusout", () => tooltip.hide());
  canvas.addEventListener("click", (e) => {
    const i = partOf(e);
    if (i >= 0 && drills[i]) open?.(regions[i].id);
  });
  box.append(canvas);
  return box;
}

const pct = (v: number, of: number) => `${(100 * v) / of}%`;

/** A label of the chart over its drawing, centred on its point as the SVG centres it: the
 * middle of its lower-case letters (0.5 ex, 0.268 em of Noto Sans) there, so its 1 em line box
 * starts 0.62 em above. Only centred labels take a transform: each transformed element is a
 * layer of its own for WebKit, hundreds of them slow the page's layout and paint. Sizes follow
 * the drawing's width (`cqw`) when it is scaled. */
function chartLabel(l: ChartLabel, width: number, height: number): HTMLElement {
  const span = h("span", { text: l.text });
  const across =
    l.anchor === "right"
      ? `right:${pct(width - l.x, width)}`
      : `left:${pct(l.x, width)}` + (l.anchor === "center" ? ";transform:translateX(-50%)" : "");
  span.style.cssText =
    `${across};top:${pct(l.y, height)};font-size:${(100 * l.px) / width}cqw;color:${l.color}` +
    (l.bold ? ";font-weight:700" : "");
  return span;
}

function regionButton(r: HitRegion, index: number, width: number, height: number, drills: boolean): HTMLElement {
  const b = h("button", {
    class: "hit" + (drills ? " drill" : ""),
    attrs: {
      type: "button",
      "aria-label": describe(r),
      "data-id": r.id,
      "data-key": `hit:${r.id}`,
      "data-index": String(index),
    },
  });
  b.style.left = pct(r.x, width);
  b.style.top = pct(r.y, height);
  b.style.width = pct(r.w, width);
  b.style.height = pct(r.h, height);
  return b;
}

function describe(r: HitRegion): string {
  return [r.label, ...r.tooltip.map(([k, v]) => `${k}: ${v}`)].join("; ");
}

/** One tooltip for the whole window, placed next to the part it describes. */
const tooltip = {
  el: null as HTMLElement | null,
  show(anchor: HTMLElement, r: HitRegion, drills: boolean): void {
    const el = (this.el ??= document.body.appendChild(h("div", { class: "tooltip", attrs: { role: "tooltip" } })));
    el.replaceChildren(
      h("strong", { text: r.label }),
      h("dl", {}, ...r.tooltip.flatMap(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })])),
    );
    if (drills) el.append(h("p", { class: "muted", text: t().charts.openHint }));
    el.classList.add("shown");
    const a = anchor.getBoundingClientRect();
    const tip = el.getBoundingClientRect();
    const left = Math.min(Math.max(8, a.left + a.width / 2 - tip.width / 2), innerWidth - tip.width - 8);
    const above = a.top - tip.height - 8;
    el.style.left = `${left}px`;
    el.style.top = `${above >= 8 ? above : Math.min(a.bottom + 8, innerHeight - tip.height - 8)}px`;
  },
  hide(): void {
    this.el?.classList.remove("shown");
  },
};

export function hideTooltip(): void {
  tooltip.hide();
}

/** Resolves once every chart image of `root` is ready to paint (or failed), so that a page is
 * placed with its charts drawn, not blank for a frame. */
export function chartsReady(root: HTMLElement): Promise<unknown> {
  const images = [...root.querySelectorAll<HTMLImageElement>("img.chart-drawing")];
  return Promise.allSettled(images.map((i) => i.decode()));
}
