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
