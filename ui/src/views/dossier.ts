// One dossier as an inspector sees it: facts, legal due date and lateness, the timeline of its
// steps against their deadlines, who held it and for how long, pauses, extensions, fees and
// rating. The applicant's numbers arrive masked from the cache.

import { dashboard, errorText, inspector, type DossierDetail, type Reveal, type StepView } from "../api";
import { h } from "../dom";
import { formatInstant, formatIso } from "../format";
import { duration, num, t } from "../i18n";
import { chartView } from "./chart";
import { pageHead, type PageContext } from "./pages";
import { rowStateText, stateMark } from "./widgets";

export async function dossierPage(ctx: PageContext, code: string): Promise<HTMLElement> {
  const [d, reveals] = await Promise.all([dashboard.dossier(code, ctx.req.lang, ctx.fullWidth), inspector.audit()]);
  const c = t().dossier;
  return h(
    "div",
    { class: "page", attrs: { "data-page": "dossier", "data-code": d.code } },
    pageHead(c.title(d.code), `${d.agency.name} · ${d.procedure.name}`, d.as_of, null, null, null),
    h("div", { class: "grid" }, facts(d), h("section", { class: "panel" }, h("h2", { text: c.timeliness }), verdict(d), pausesAndExtensions(d))),
    h("section", { class: "panel wide", attrs: { "data-test": "timeline" } }, chartView(d.timeline, null, () => false)),
    steps(d.steps),
    holders(d),
    h("div", { class: "grid" }, fees(d), rating(d)),
    auditPanel(reveals.filter((r) => r.dossier_code === d.code)),
  );
}

/** The applicant as lists show it (initials), and a way to see the whole name for a reason
 * that the audit keeps. */
function applicant(d: DossierDetail): HTMLElement {
  const c = t().dossier;
  const a = d.applicant;
  const numbers = [a.id_number_masked ? `${c.idNumber} ${a.id_number_masked}` : "", a.phone_masked ? `${c.phone} ${a.phone_masked}` : ""];
  const name = h("span", { text: a.name ?? c.unknown, attrs: { "data-test": "applicant-name" } });
  const rest = h("span", { text: numbers.filter(Boolean).map((n) => ` · ${n}`).join("") });
  const box = h("span", { class: "applicant" }, name, rest);
  if (!a.name) return box;
  const open = h("button", { class: "link reveal", text: c.reveal, attrs: { type: "button", "data-test": "reveal" } });
  open.addEventListener("click", () => {
    const reason = h("input", { attrs: { type: "text", "aria-label": c.revealReason, placeholder: c.revealReason, "data-test": "reveal-reason" } }) as HTMLInputElement;
    const confirm = h("button", { text: c.revealConfirm, attrs: { type: "button", "data-test": "reveal-confirm" } });
    const cancel = h("button", { text: c.revealCancel, attrs: { type: "button" } });
    const note = h("p", { class: "hint", attrs: { role: "status", "data-test": "reveal-note" } });
    const form = h("span", { class: "reveal-form" }, reason, confirm, cancel, note);
    cancel.addEventListener("click", () => form.replaceWith(open));
    confirm.addEventListener("click", () => {
      if (!reason.value.trim()) {
        note.textContent = c.revealNeedsReason;
        return;
      }
      inspector
        .reveal(d.code, reason.value)
        .then((full) => {
          name.textContent = full.name ?? c.unknown;
          form.replaceWith(h("span", { class: "hint", text: ` (${c.revealed(reason.value.trim())})`, attrs: { "data-test": "revealed" } }));
        })
        .catch((e) => (note.textContent = errorText(e)));
    });
    open.replaceWith(form);
    reason.focus();
  });
  box.append(" ", open);
  return box;
}

function auditPanel(reveals: Reveal[]): HTMLElement | null {
  if (!reveals.length) return null;
  const c = t().dossier;
  return h(
    "section",
    { class: "panel wide", attrs: { "data-test": "reveal-audit" } },
    h("h2", { text: c.audit }),
    h(
      "table",
      { class: "table" },
      h("thead", {}, h("tr", {}, ...[c.auditCols.at, c.auditCols.user, c.auditCols.reason].map((x) => h("th", { text: x })))),
      h("tbody", {}, ...reveals.map((r) => h("tr", {}, h("td", { text: formatInstant(r.revealed_at) }), h("td", { text: r.os_user }), h("td", { text: r.reason })))),
    ),
  );
}

function dl(pairs: Array<[string, string | HTMLElement, string?]>): HTMLElement {
  return h(
    "dl",
    { class: "facts-list" },
    ...pairs.flatMap(([k, v, test]) => [h("dt", { text: k }), h("dd", test ? { attrs: { "data-test": test } } : {}, v)]),
  );
}

function facts(d: DossierDetail): HTMLElement {
  const c = t().dossier;
  return h(
    "section",
    { class: "panel" },
    h("h2", { text: c.facts }),
    dl([
      [c.status, d.status_label, "status"],
      [c.procedure, `${d.procedure.name} (${d.procedure.code})`],
      [c.agency, d.agency.name],
      [c.applicant, applicant(d)],
      [c.channel, c.channels[d.channel] ?? String(d.channel)],
      [c.received, formatIso(d.received_at)],
      [c.appointment, formatIso(d.appointment)],
      [c.finished, formatIso(d.finished_at)],
      [c.returned, formatIso(d.returned_at)],
    ]),
  );
}

function verdict(d: DossierDetail): HTMLElement {
  const c = t().dossier;
  const j = d.judgement;
  const state = j.timeliness
    ? rowStateText({ kind: "resolved", timeliness: j.timeliness })
    : j.state_at
      ? rowStateText({ kind: "pending", state: j.state_at })
      : { text: d.status_label, tone: null };
  return dl([
    [c.legalDue, formatIso(j.legal_due), "legal-due"],
    [c.status, stateMark(state.text, state.tone), "state"],
    [c.timeliness, d.working_days_late_at > 0 ? c.lateBy(num(d.working_days_late_at)) : "—", "working-days-late"],
  ]);
}

function pausesAndExtensions(d: DossierDetail): HTMLElement {
  const c = t().dossier;
  return h(
    "div",
    {},
    d.pauses.length
      ? h("div", {}, h("h3", { text: c.pauses }), h("ul", {}, ...d.pauses.map((p) => h("li", { text: `${c.pauseRow(formatIso(p.requested_at), p.resumed_at ? formatIso(p.resumed_at) : c.stillPaused)}${p.reason ? ` — ${p.reason}` : ""}` }))))
      : null,
    d.extensions.length
      ? h("div", {}, h("h3", { text: c.extensions }), h("ul", {}, ...d.extensions.map((e) => h("li", { text: `${formatIso(e.created_at)}: ${c.extensionRow(formatIso(e.due_before), formatIso(e.due_after))}${e.reason ? ` — ${e.reason}` : ""}` }))))
      : null,
  );
}

function stepResult(s: StepView): HTMLElement {
  const c = t().dossier;
  const overdue = s.overdue;
  if (s.late) return stateMark(c.stepLate(num(s.working_days_late)), "bad");
  if (overdue) return stateMark(c.stepOverdue(num(s.working_days_late)), "bad");
  if (!s.ended_at) return stateMark(c.stepOpen, null);
  return stateMark(c.stepOnTime, "good");
}

function steps(list: StepView[]): HTMLElement {
  const c = t().dossier;
  const k = c.stepCols;
  const head = h("tr", {}, ...[k.seq, k.unit, k.official, k.started, k.deadline, k.ended, k.held, k.result].map((x) => h("th", { text: x, attrs: { scope: "col" } })));
  const rows = list.map((s) =>
    h(
      "tr",
      { attrs: { "data-test": "step", "data-late": String(s.late || s.overdue) } },
      h("td", { class: "n", text: num(s.seq) }),
      h("td", { text: [s.agency.name, s.department].filter(Boolean).join(" · ") }),
      h("td", { text: s.official ?? "—" }),
      h("td", { class: "date", text: formatIso(s.started_at) }),
      h("td", { class: "date", text: formatIso(s.deadline) }),
      h("td", { class: "date", text: formatIso(s.ended_at) }),
      h("td", { text: duration(s.held_seconds) }),
      h("td", {}, stepResult(s)),
    ),
  );
  return h("section", { class: "panel wide", attrs: { "data-test": "steps" } }, h("h2", { text: c.steps }), h("div", { class: "table-wrap" }, h("table", { class: "dossiers" }, h("thead", {}, head), h("tbody", {}, ...rows))));
}

function holders(d: DossierDetail): HTMLElement {
  const c = t().dossier;
  const k = c.holderCols;
  const head = h("tr", {}, h("th", { text: k.who, attrs: { scope: "col" } }), ...[k.steps, k.held, k.late].map((x) => h("th", { class: "n", text: x, attrs: { scope: "col" } })));
  const rows = d.holders.map((x) =>
    h(
      "tr",
      { attrs: { "data-test": "holder" } },
      h("td", { text: [x.official, x.department, x.agency_code].filter(Boolean).join(" · ") }),
      h("td", { class: "n", text: num(x.steps) }),
      h("td", { class: "n", text: `${duration(x.held_seconds)} (${c.workingDays(num(x.held_working_days))})` }),
      h("td", { class: "n" + (x.working_days_late > 0 ? " state-bad" : ""), text: num(x.working_days_late) }),
    ),
  );
  return h("section", { class: "panel wide" }, h("h2", { text: c.holders }), h("div", { class: "table-wrap" }, h("table", { class: "dossiers" }, h("thead", {}, head), h("tbody", {}, ...rows))));
}

function fees(d: DossierDetail): HTMLElement {
  const c = t().dossier;
  return h(
    "section",
    { class: "panel" },
    h("h2", { text: c.fees }),
    d.fees.length
      ? h("ul", {}, ...d.fees.map((f) => h("li", { text: `${f.name}: ${c.dong(num(f.amount))}${f.paid_at ? ` (${formatIso(f.paid_at)})` : ""}` })), h("li", { class: "total", text: c.feeTotal(num(d.fee_total)) }))
      : h("p", { class: "muted", text: c.noFees }),
  );
}

function rating(d: DossierDetail): HTMLElement {
  const c = t().dossier;
  const r = d.rating;
  return h(
    "section",
    { class: "panel" },
    h("h2", { text: c.rating }),
    r
      ? h(
          "p",
          {},
          stateMark(c.ratingLevels[r.level] ?? String(r.level), r.level === 3 ? "bad" : "good"),
          ` · ${formatIso(r.rated_at)}${r.comment ? ` — “${r.comment}”` : ""}`,
        )
      : h("p", { class: "muted", text: c.noRating }),
  );
}
