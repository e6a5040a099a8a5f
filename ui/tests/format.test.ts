// Run with `npm test` (compiled by tsc, run by node's own test runner: no test framework).

import { strict as assert } from "node:assert";
import { test } from "node:test";

import {
  EN_NUMBERS,
  VI_NUMBERS,
  formatAge,
  formatInstant,
  formatNumber,
  provinceClock,
} from "../src/format.js";
import { en } from "../src/i18n/en.js";
import { vi } from "../src/i18n/vi.js";

test("numbers take Vietnamese separators", () => {
  assert.equal(formatNumber(0, VI_NUMBERS), "0");
  assert.equal(formatNumber(999, VI_NUMBERS), "999");
  assert.equal(formatNumber(1000, VI_NUMBERS), "1.000");
  assert.equal(formatNumber(1234567, VI_NUMBERS), "1.234.567");
  assert.equal(formatNumber(-45678, VI_NUMBERS), "-45.678");
  assert.equal(formatNumber(1234.5, VI_NUMBERS, 1), "1.234,5");
  assert.equal(formatNumber(1234567, EN_NUMBERS), "1,234,567");
  assert.equal(formatNumber(0.25, EN_NUMBERS, 2), "0.25");
});

test("cache instants read as dd/mm/yyyy HH:MM", () => {
  assert.equal(formatInstant("20260316143005"), "16/03/2026 14:30");
  assert.equal(formatInstant("20261231235959"), "31/12/2026 23:59");
  assert.equal(formatInstant(null), "—");
  assert.equal(formatInstant("2026-03-16"), "—");
});

test("ages read as minutes, hours and days ago", () => {
  assert.equal(formatAge(0, vi.age, VI_NUMBERS), "vừa xong");
  assert.equal(formatAge(59.9, vi.age, VI_NUMBERS), "vừa xong");
  assert.equal(formatAge(60, vi.age, VI_NUMBERS), "1 phút trước");
  assert.equal(formatAge(59 * 60 + 59, vi.age, VI_NUMBERS), "59 phút trước");
  assert.equal(formatAge(2 * 3600 + 3 * 60, vi.age, VI_NUMBERS), "2 giờ 3 phút trước");
  assert.equal(formatAge(3 * 86400 + 5, vi.age, VI_NUMBERS), "3 ngày trước");
  assert.equal(formatAge(1500 * 86400, vi.age, VI_NUMBERS), "1.500 ngày trước");
  assert.equal(formatAge(-5, vi.age, VI_NUMBERS), "vừa xong", "a clock ahead is not a negative age");
  assert.equal(formatAge(125, en.age, EN_NUMBERS), "2 min ago");
});

test("both catalogues name every sync stage and agency level", () => {
  for (const stage of ["donvi", "thutuc", "lichlamviec", "hoso"]) {
    assert.ok(vi.sync.stage[stage] && en.sync.stage[stage], stage);
  }
  for (const level of [0, 1, 2, 3]) {
    assert.ok(vi.agencies.level[level] && en.agencies.level[level], String(level));
  }
  assert.deepEqual(Object.keys(vi.error.codes).sort(), Object.keys(en.error.codes).sort());
});

test("the wall clock shows the province's time (UTC+7), not the machine's", () => {
  assert.equal(provinceClock(Date.UTC(2026, 10, 27, 21, 32)), "04:32");
  assert.equal(provinceClock(Date.UTC(2026, 0, 1, 16, 59)), "23:59");
  assert.equal(provinceClock(Date.UTC(2026, 0, 1, 17, 0)), "00:00");
});

test("instants and dates from Rust read as dd/mm/yyyy", async () => {
  const { formatIso, formatDate } = await import("../src/format.js");
  assert.equal(formatIso("2026-03-16T14:30:05"), "16/03/2026 14:30");
  assert.equal(formatIso(null), "—");
  assert.equal(formatIso("soon"), "—");
  assert.equal(formatDate("2026-12-01"), "01/12/2026");
  assert.equal(formatDate("2026-12-01T08:00:00"), "01/12/2026");
});

test("rates take one decimal and the language's separator; durations read as days and hours", async () => {
  const { formatRate, formatDuration } = await import("../src/format.js");
  assert.equal(formatRate(0.9523, VI_NUMBERS), "95,2 %");
  assert.equal(formatRate(1, EN_NUMBERS), "100.0 %");
  const words = vi.duration;
  assert.equal(formatDuration(0, words, VI_NUMBERS), "0 phút");
  assert.equal(formatDuration(3 * 3600 + 10 * 60, words, VI_NUMBERS), "3 giờ 10 phút");
  assert.equal(formatDuration(2 * 86400 + 3 * 3600 + 59, words, VI_NUMBERS), "2 ngày 3 giờ");
  assert.equal(formatDuration(5 * 86400, en.duration, EN_NUMBERS), "5 d");
});

test("both catalogues have exactly the same keys, nested ones included", () => {
  const keys = (o: object, prefix = ""): string[] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === "object" ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
  assert.deepEqual(keys(en).sort(), keys(vi).sort());
  assert.equal(vi.nav.overview, "Tổng quan toàn tỉnh");
  assert.equal(vi.list.columns.late, "Số ngày làm việc trễ");
});
