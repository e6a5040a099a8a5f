// Pure formatting of what the Rust side returns. No figure is computed here.

export interface NumberStyle {
  thousands: string;
  decimal: string;
}

export const VI_NUMBERS: NumberStyle = { thousands: ".", decimal: "," };
export const EN_NUMBERS: NumberStyle = { thousands: ",", decimal: "." };

/** 1234567 -> "1.234.567" (Vietnamese) or "1,234,567"; `digits` fixes the decimals. */
export function formatNumber(value: number, style: NumberStyle, digits = 0): string {
  const negative = value < 0;
  const fixed = Math.abs(value).toFixed(digits);
  const [whole, fraction] = fixed.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, style.thousands);
  return (negative ? "-" : "") + grouped + (fraction ? style.decimal + fraction : "");
}

/** A cache instant "yyyyMMddHHmmss" (local time of the province) -> "dd/mm/yyyy HH:MM". */
export function formatInstant(stamp: string | null | undefined): string {
  if (!stamp || !/^\d{14}$/.test(stamp)) return "—";
  const [y, mo, d, h, mi] = [
    stamp.slice(0, 4),
    stamp.slice(4, 6),
    stamp.slice(6, 8),
    stamp.slice(8, 10),
    stamp.slice(10, 12),
  ];
  return `${d}/${mo}/${y} ${h}:${mi}`;
}

export interface AgeWords {
  justNow: string;
  minutes: (n: string) => string;
  hours: (h: string, m: string) => string;
  days: (n: string) => string;
}

/** An age in seconds -> "vừa xong", "5 phút trước", "2 giờ 3 phút trước", "4 ngày trước". */
export function formatAge(seconds: number, words: AgeWords, style: NumberStyle): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return words.justNow;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return words.minutes(formatNumber(minutes, style));
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return words.hours(formatNumber(hours, style), formatNumber(minutes % 60, style));
  return words.days(formatNumber(Math.floor(hours / 24), style));
}

/** The province lives in UTC+07:00 all year (no daylight saving). */
const PROVINCE_UTC_OFFSET_MS = 7 * 3600 * 1000;

/** "HH:MM" in the province at `nowMs`, whatever the machine's own time zone. */
export function provinceClock(nowMs: number): string {
  const local = new Date(nowMs + PROVINCE_UTC_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/** An instant as serde writes it ("2026-03-16T14:30:05") -> "16/03/2026 14:30". */
export function formatIso(stamp: string | null | undefined): string {
  const m = stamp ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(stamp) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : "—";
}

/** A date "2026-03-16" (or the date of an instant) -> "16/03/2026". */
export function formatDate(day: string | null | undefined): string {
  const m = day ? /^(\d{4})-(\d{2})-(\d{2})/.exec(day) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : "—";
}

export interface DurationWords {
  days: (n: string) => string;
  hours: (n: string) => string;
  minutes: (n: string) => string;
}

/** A length of time held -> "2 ngày 3 giờ", "5 giờ 10 phút", "12 phút" (calendar time). */
export function formatDuration(seconds: number, words: DurationWords, style: NumberStyle): string {
  const m = Math.max(0, Math.floor(seconds / 60));
  const [d, h, min] = [Math.floor(m / 1440), Math.floor((m % 1440) / 60), m % 60];
  const n = (x: number) => formatNumber(x, style);
  if (d > 0) return h > 0 ? `${words.days(n(d))} ${words.hours(n(h))}` : words.days(n(d));
  if (h > 0) return min > 0 ? `${words.hours(n(h))} ${words.minutes(n(min))}` : words.hours(n(h));
  return words.minutes(n(min));
}

/** A rate in [0, 1] -> "95,2 %" (one decimal, the language's separator). */
export function formatRate(rate: number, style: NumberStyle): string {
  return `${formatNumber(rate * 100, style, 1)} %`;
}
