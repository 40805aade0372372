/**
 * Calendar dates for the allocation rules.
 *
 * Conventions (used by every module of the core):
 * - A *moment* (evaluation date, response time, close time) is a JavaScript `Date` instant. Rules
 *   that depend on the day (age, registration years, validity of an urgency declaration, rule set
 *   in force) use the calendar date of that instant in the Europe/Amsterdam time zone.
 * - A *date-only* field (birth date, registration date, urgency valid from/until) is a `Date` whose
 *   UTC calendar fields hold the date, as Prisma returns `@db.Date` columns (UTC midnight). Any
 *   time-of-day part is ignored.
 * - Durations counted from a day (age, state pension age, registration anniversaries, validity
 *   periods) use {@link addMonths}: a day missing from the target month rolls forward to the 1st of
 *   the next month. So age is counted in completed years, and someone born on 29 February turns a
 *   year older on 1 March in non-leap years.
 *
 * @module
 */
import { InvalidInputError } from "./errors.ts";

/** A day in the Gregorian calendar, without time or zone. `month` is 1–12, `day` 1–31. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const MS_PER_DAY = 86_400_000;

const amsterdamFormatter = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Amsterdam",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

let lastInstant = Number.NaN;
let lastAmsterdamDate: CalendarDate = { year: 1970, month: 1, day: 1 };

function assertValidInstant(d: Date, path: string): void {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) {
    throw new InvalidInputError(path, "must be a valid Date");
  }
}

/**
 * The Europe/Amsterdam calendar date of an instant.
 * @throws InvalidInputError when `instant` is not a valid Date.
 */
export function amsterdamDate(instant: Date, path = "date"): CalendarDate {
  assertValidInstant(instant, path);
  const t = instant.getTime();
  if (t === lastInstant) return lastAmsterdamDate;
  // en-CA formats as YYYY-MM-DD.
  const parsed = parseIsoDate(amsterdamFormatter.format(instant), path);
  lastInstant = t;
  lastAmsterdamDate = parsed;
  return parsed;
}

/**
 * The calendar date held in the UTC fields of a date-only value (Prisma `@db.Date`).
 * @throws InvalidInputError when `d` is not a valid Date.
 */
export function dateOnly(d: Date, path = "date"): CalendarDate {
  assertValidInstant(d, path);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The first instant of a calendar day in Europe/Amsterdam (its local midnight): 23:00 UTC the day
 * before in winter time, 22:00 UTC in summer time. Daylight-saving changes happen at 02:00/03:00,
 * so a day always starts on a whole hour.
 */
export function startOfAmsterdamDay(c: CalendarDate): Date {
  const utcMidnight = Date.UTC(c.year, c.month - 1, c.day);
  for (let h = -3; h <= 1; h++) {
    const candidate = new Date(utcMidnight + h * 3_600_000);
    if (compareDates(amsterdamDate(candidate), c) === 0) return candidate;
  }
  throw new InvalidInputError("date", "has no start in Europe/Amsterdam");
}

/** UTC midnight of a calendar date, the form Prisma uses for `@db.Date` values. */
export function toUtcMidnight(c: CalendarDate): Date {
  return new Date(Date.UTC(c.year, c.month - 1, c.day));
}

/** Whether `year` is a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Number of days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

/**
 * Parses `YYYY-MM-DD`.
 * @throws InvalidInputError when the text is not a real calendar date in that form.
 */
export function parseIsoDate(text: string, path = "date"): CalendarDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new InvalidInputError(path, `must be a date written YYYY-MM-DD, got "${text}"`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new InvalidInputError(path, `is not a calendar date: "${text}"`);
  }
  return { year, month, day };
}

/** Formats a calendar date as `YYYY-MM-DD`. */
export function isoDate(c: CalendarDate): string {
  return `${String(c.year).padStart(4, "0")}-${String(c.month).padStart(2, "0")}-${String(c.day).padStart(2, "0")}`;
}

/**
 * Days since 1970-01-01 (negative before). Consecutive dates differ by exactly 1.
 * Integer arithmetic (H. Hinnant's days_from_civil), equal to `Date.UTC(y, m - 1, d) / 86400000`.
 */
export function dayNumber(c: CalendarDate): number {
  const y = c.month <= 2 ? c.year - 1 : c.year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (c.month + (c.month > 2 ? -3 : 9)) + 2) / 5) + c.day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link dayNumber}. */
export function fromDayNumber(n: number): CalendarDate {
  return dateOnly(new Date(n * MS_PER_DAY));
}

/** Negative, zero or positive as `a` is before, on or after `b`. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/**
 * The same day of the month `months` later (earlier when negative). When that day does not exist
 * in the target month it rolls forward to the 1st of the next month: 31 January + 1 month =
 * 1 March, 29 February + 12 months = 1 March in a non-leap year. One convention for every
 * "duration since a day" in the core: age, pension age, registration anniversaries, validity.
 */
export function addMonths(c: CalendarDate, months: number): CalendarDate {
  const index = c.year * 12 + (c.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  if (c.day <= daysInMonth(year, month)) return { year, month, day: c.day };
  return month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 };
}

/** {@link addMonths} by whole years. */
export function addYears(c: CalendarDate, years: number): CalendarDate {
  return addMonths(c, years * 12);
}

/**
 * Age in completed years on a date (leeftijd): the largest N with `addYears(birth, N) <= on`.
 * Someone born on 29 February turns a year older on 1 March in non-leap years.
 * Negative when `on` precedes the birth date; callers validate.
 */
export function ageOn(birth: CalendarDate, on: CalendarDate): number {
  const beforeBirthday = on.month < birth.month || (on.month === birth.month && on.day < birth.day);
  return on.year - birth.year - (beforeBirthday ? 1 : 0);
}

/**
 * The latest start day `b` with `addMonths(b, months) <= on`, e.g. the latest birth date of someone
 * who has reached an age of `months` months on `on`. Because {@link addMonths} never decreases
 * when its start increases, "reached" holds exactly for `b <= latestStartReaching(months, on)`;
 * this turns age rules into birth-date filters for the database.
 */
export function latestStartReaching(months: number, on: CalendarDate): CalendarDate {
  const target = dayNumber(on);
  // Start from the same day `months` back (clamped), then correct by a few days either way.
  const back = on.year * 12 + (on.month - 1) - months;
  const y = Math.floor(back / 12);
  const m = back - y * 12 + 1;
  let guess = dayNumber({ year: y, month: m, day: Math.min(on.day, daysInMonth(y, m)) });
  while (dayNumber(addMonths(fromDayNumber(guess), months)) > target) guess -= 1;
  while (dayNumber(addMonths(fromDayNumber(guess + 1), months)) <= target) guess += 1;
  return fromDayNumber(guess);
}
