// The current language, its catalogue and its number style. Vietnamese unless the user chose
// English (remembered on this machine).

import {
  VI_NUMBERS,
  formatAge,
  formatDuration,
  formatNumber,
  formatRate,
  type NumberStyle,
} from "../format";
import { en } from "./en";
import { vi, type Catalogue } from "./vi";

export type Lang = "vi" | "en";

const CATALOGUES: Record<Lang, Catalogue> = { vi, en };
// Numbers keep the Vietnamese separators in English too (1.234,5): the charts drawn in Rust
// write them so, and a page must not mix two styles. The English number style stays available
// in `format.ts` should the province want it.
const NUMBERS: Record<Lang, NumberStyle> = { vi: VI_NUMBERS, en: VI_NUMBERS };
const STORAGE_KEY = "controlroom.lang";

let current: Lang = localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "vi";
const listeners: Array<() => void> = [];

export function lang(): Lang {
  return current;
}

/** The catalogue of the current language. */
export function t(): Catalogue {
  return CATALOGUES[current];
}

export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  listeners.forEach((listener) => listener());
}

export function onLangChange(listener: () => void): void {
  listeners.push(listener);
}

export function num(value: number, digits = 0): string {
  return formatNumber(value, NUMBERS[current], digits);
}

/** A rate in [0, 1] as a percentage with one decimal; "—" for no rate. */
export function pct(rate: number | null): string {
  return rate === null ? "—" : formatRate(rate, NUMBERS[current]);
}

export function duration(seconds: number): string {
  return formatDuration(seconds, t().duration, NUMBERS[current]);
}

export function age(seconds: number): string {
  return formatAge(seconds, t().age, NUMBERS[current]);
}

document.documentElement.lang = current;
