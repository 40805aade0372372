/**
 * Locale-aware formatting with Intl: money (€ 612,50 in Dutch, €612.50 in English), dates and
 * times in the Europe/Amsterdam zone, numbers and years.
 */
import { intlTag, type Locale } from "./i18n";

const TIME_ZONE = "Europe/Amsterdam";

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** EUR amount with cents, e.g. "€ 612,50". */
export function money(locale: Locale, euros: number): string {
  return cached(
    `m:${locale}`,
    () => new Intl.NumberFormat(intlTag(locale), { style: "currency", currency: "EUR" }),
  ).format(euros);
}

/** EUR amount without cents, e.g. "€ 48.655" (for yearly incomes and limits). */
export function moneyWhole(locale: Locale, euros: number): string {
  return cached(
    `mw:${locale}`,
    () =>
      new Intl.NumberFormat(intlTag(locale), {
        style: "currency",
        currency: "EUR",
        maximumFractionDigits: 0,
        minimumFractionDigits: 0,
      }),
  ).format(euros);
}

export function number(locale: Locale, n: number, fractionDigits = 0): string {
  return cached(
    `n:${locale}:${fractionDigits}`,
    () =>
      new Intl.NumberFormat(intlTag(locale), {
        maximumFractionDigits: fractionDigits,
        minimumFractionDigits: fractionDigits,
      }),
  ).format(n);
}

/**
 * A file size for people: bytes under 1 kB ("512 byte"), kB under 1 MB ("12,5 kB"), else MB
 * ("3,2 MB"); decimal units (1 kB = 1000 bytes) as operating systems show them.
 */
export function fileSize(locale: Locale, bytes: number): string {
  const [unit, value] =
    bytes < 1000
      ? ["byte", bytes]
      : bytes < 1_000_000
        ? ["kilobyte", bytes / 1000]
        : ["megabyte", bytes / 1e6];
  return cached(
    `fs:${locale}:${unit}`,
    () =>
      new Intl.NumberFormat(intlTag(locale), {
        style: "unit",
        unit,
        unitDisplay: "short",
        maximumFractionDigits: unit === "byte" ? 0 : 1,
      }),
  ).format(value);
}

/** Percentage from a fraction (0.3 → "30%"). */
export function percent(locale: Locale, fraction: number): string {
  return cached(
    `p:${locale}`,
    () => new Intl.NumberFormat(intlTag(locale), { style: "percent", maximumFractionDigits: 1 }),
  ).format(fraction);
}

function toDate(value: string | Date): Date {
  return typeof value === "string" ? new Date(value) : value;
}

/** "21 november 2025" */
export function date(locale: Locale, value: string | Date): string {
  return cached(
    `d:${locale}`,
    () => new Intl.DateTimeFormat(intlTag(locale), { dateStyle: "long", timeZone: TIME_ZONE }),
  ).format(toDate(value));
}

/** "21 november 2025 om 17:00" */
export function dateTime(locale: Locale, value: string | Date): string {
  return cached(
    `dt:${locale}`,
    () =>
      new Intl.DateTimeFormat(intlTag(locale), {
        dateStyle: "long",
        timeStyle: "short",
        timeZone: TIME_ZONE,
      }),
  ).format(toDate(value));
}

/** Machine-readable value for <time datetime>. */
export function isoDateTime(value: string | Date): string {
  return toDate(value).toISOString();
}
