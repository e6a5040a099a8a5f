// The wall display's placeholder (a later issue builds it): the center's name, the clock and
// how fresh the data is. No personal data, ever.

import type { Status } from "../api";
import { h } from "../dom";
import { provinceClock } from "../format";
import { age, num, t } from "../i18n";

export class WallScreen {
  private status: Status | null = null;
  private receivedAt = 0;

  constructor(private readonly root: HTMLElement) {
    this.draw();
  }

  show(status: Status): void {
    this.status = status;
    this.receivedAt = Date.now();
    this.draw();
  }

  tick(): void {
    this.draw();
  }

  draw(): void {
    const c = t();
    const s = this.status;
    const clock = provinceClock(Date.now());
    const fresh =
      s?.last_success_age_secs != null
        ? `${c.sync.lastSuccess}: ${age(s.last_success_age_secs + (Date.now() - this.receivedAt) / 1000)}`
        : c.sync.never;
    this.root.replaceChildren(
      h(
        "main",
        { class: "wall" },
        h("p", { class: "wall-center", text: c.app.subtitle }),
        h("h1", { text: c.wall.title }),
        h("p", { class: "wall-clock", text: clock }),
        s ? h("p", { class: "wall-figure", text: `${c.wall.records}: ${num(s.dossiers)}` }) : null,
        h("p", { class: "wall-fresh", text: fresh }),
        s?.demo ? h("p", { class: "badge demo", text: c.source.demo }) : null,
        h("p", { class: "wall-note", text: c.wall.coming }),
      ),
    );
  }
}
