import { strict as assert } from "node:assert";
import { test } from "node:test";

import { drill, formatRoute, listScope, overviewRoute, parsePeriod, parseRoute, upTo } from "../src/route.js";

test("the overview is the default route, on the Biểu 06 period", () => {
  const r = parseRoute("");
  assert.deepEqual(r.trail, []);
  assert.deepEqual(r.period, { kind: "bieu06" });
  assert.equal(formatRoute(r), "#/?period=bieu06");
});

test("a drill-down trail survives the URL, period, sort and search included", () => {
  let r = overviewRoute({ kind: "this_month" });
  r = drill(r, { kind: "agency", code: "000.00.13.H40" });
  r = drill(r, { kind: "procedure", code: "1.00/12 x" });
  r = drill(r, { kind: "list", figure: "pending_overdue" }, "2026-12-01T10:00:00");
  r = { ...r, search: "H40-26", sort: "due_date" };
  const url = formatRoute(r);
  assert.equal(
    url,
    "#/agency:000.00.13.H40/procedure:1.00%2F12%20x/list:pending_overdue?period=month&sort=due_date&q=H40-26&at=2026-12-01T10%3A00%3A00",
  );
  assert.deepEqual(parseRoute(url), r);
  // The nearest agency or procedure above the list is its scope.
  assert.deepEqual(listScope(r), { kind: "procedure", code: "1.00/12 x" });
  assert.deepEqual(listScope(upTo(r, 0)), { kind: "agency", code: "000.00.13.H40" });
  assert.deepEqual(listScope(overviewRoute()), { kind: "province" });
});

test("breadcrumbs cut the trail and keep the period", () => {
  const r = drill(drill(overviewRoute({ kind: "this_year" }), { kind: "agency", code: "A" }), { kind: "dossier", code: "D1" });
  assert.deepEqual(upTo(r, 0).trail, [{ kind: "agency", code: "A" }]);
  assert.deepEqual(upTo(r, -1).trail, []);
  assert.deepEqual(upTo(r, -1).period, { kind: "this_year" });
});

test("the at-risk list sorts by due date first, the others by lateness", () => {
  const o = overviewRoute();
  assert.equal(drill(o, { kind: "list", figure: "pending_at_risk" }).sort, "due_date");
  assert.equal(drill(o, { kind: "list", figure: "resolved_late" }).sort, "working_days_late");
});

test("periods: presets, ranges, and nonsense falls back to the default", () => {
  assert.deepEqual(parsePeriod("quarter"), { kind: "this_quarter" });
  assert.deepEqual(parsePeriod("2026-01-01~2026-03-31"), { kind: "range", from: "2026-01-01", to: "2026-03-31" });
  assert.deepEqual(parsePeriod("2026-03-31~2026-01-01"), { kind: "bieu06" });
  assert.deepEqual(parsePeriod("soon"), { kind: "bieu06" });
  assert.deepEqual(parseRoute("#/agency:A?period=nope&sort=evil").sort, "working_days_late");
});

test("the status page stands alone", () => {
  const r = drill(drill(overviewRoute(), { kind: "agency", code: "A" }), { kind: "status" });
  assert.deepEqual(r.trail, [{ kind: "status" }]);
  assert.deepEqual(parseRoute(formatRoute(r)).trail, [{ kind: "status" }]);
});

test("the workbench stands alone and keeps its filters in the URL, through a dossier and back", () => {
  let r = drill(drill(overviewRoute({ kind: "this_month" }), { kind: "agency", code: "A" }), { kind: "explorer" });
  assert.deepEqual(r.trail, [{ kind: "explorer" }]);
  assert.deepEqual(r.explore, {}, "a workbench opened from the header starts unfiltered");
  r = { ...r, explore: { agency: "000.00.13.H40", duty: "no_apology", col: "official", tab: "" } };
  const url = formatRoute(r);
  assert.equal(url, "#/explorer?period=month&f.agency=000.00.13.H40&f.col=official&f.duty=no_apology");
  assert.deepEqual(parseRoute(url).explore, { agency: "000.00.13.H40", col: "official", duty: "no_apology" });
  const dossier = drill(parseRoute(url), { kind: "dossier", code: "D1" });
  assert.deepEqual(dossier.trail, [{ kind: "explorer" }, { kind: "dossier", code: "D1" }]);
  assert.deepEqual(upTo(dossier, 0).explore.duty, "no_apology", "the breadcrumb goes back to the same filters");
});
