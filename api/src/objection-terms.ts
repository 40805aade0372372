/**
 * Periods of the objection route (bezwaar) under the Algemene wet bestuursrecht (Awb), on
 * Europe/Amsterdam calendar dates:
 *
 * - Objection period (bezwaartermijn, Awb art. 6:7): six weeks. It starts the day after the
 *   decision was made known (art. 6:8 lid 1), so it ends on the decision's date plus 42 days.
 *   When that last day is a Saturday, Sunday or public holiday, the period runs until the next
 *   working day (Algemene termijnenwet art. 1 and 3: Nieuwjaarsdag, Goede Vrijdag, tweede
 *   Paasdag, Koningsdag, 5 mei, Hemelvaartsdag, tweede Pinksterdag, eerste en tweede Kerstdag).
 * - An objection filed after the period is still received but marked late (termijnoverschrijding,
 *   art. 6:11: the body decides whether the lateness is excusable).
 * - Decision period (beslistermijn, art. 7:10 lid 1): six weeks from the day after the objection
 *   period ended; for an objection filed late, from the day after it was received. It may be
 *   extended once by six weeks (art. 7:10 lid 3).
 *
 * @module
 */
import { amsterdamDate, dayNumber, fromDayNumber, type CalendarDate } from "./allocation/index.ts";

/** Six weeks in days (Awb art. 6:7, 7:10). */
export const SIX_WEEKS_DAYS = 42;

/** Easter Sunday of `year` (Gregorian, anonymous algorithm). */
function easter(year: number): CalendarDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

/** Whether `c` is a Saturday, Sunday or a public holiday of the Algemene termijnenwet (art. 3). */
export function isNonWorkingDay(c: CalendarDate): boolean {
  const n = dayNumber(c);
  // Day 0 of dayNumber is 1970-01-01, a Thursday.
  const weekday = (((n + 4) % 7) + 7) % 7; // 0 = Sunday
  if (weekday === 0 || weekday === 6) return true;
  const e = dayNumber(easter(c.year));
  const movable = [e - 2, e + 1, e + 39, e + 50]; // Goede Vrijdag, 2e Paasdag, Hemelvaart, 2e Pinksterdag
  if (movable.includes(n)) return true;
  const md = c.month * 100 + c.day;
  // Koningsdag: 27 April, or 26 April when the 27th is a Sunday.
  const kingsDay = dayNumber({ year: c.year, month: 4, day: 27 });
  const kingsDayObserved = (((kingsDay + 4) % 7) + 7) % 7 === 0 ? 426 : 427;
  return [101, kingsDayObserved, 505, 1225, 1226].includes(md);
}

/** The first working day on or after `c` (Algemene termijnenwet art. 1). */
export function nextWorkingDay(c: CalendarDate): CalendarDate {
  let n = dayNumber(c);
  while (isNonWorkingDay(fromDayNumber(n))) n += 1;
  return fromDayNumber(n);
}

/** The objection's periods as calendar dates (Europe/Amsterdam). */
export interface ObjectionTerms {
  /** The decision's date. */
  decisionDate: CalendarDate;
  /** Last day to object (Awb art. 6:7, 6:8; Algemene termijnenwet). */
  periodEndsOn: CalendarDate;
}

/** The objection period of a decision made at `decidedAt` (an instant). */
export function objectionTerms(decidedAt: Date): ObjectionTerms {
  const decisionDate = amsterdamDate(decidedAt);
  const periodEndsOn = nextWorkingDay(fromDayNumber(dayNumber(decisionDate) + SIX_WEEKS_DAYS));
  return { decisionDate, periodEndsOn };
}

/** Whether an objection filed at `filedAt` (an instant) is late: after the period's last day. */
export function isFiledLate(periodEndsOn: CalendarDate, filedAt: Date): boolean {
  return dayNumber(amsterdamDate(filedAt)) > dayNumber(periodEndsOn);
}

/**
 * When the decision on the objection is due (Awb art. 7:10 lid 1): six weeks after the objection
 * period ended, or after the day of filing for a late objection; plus six weeks when extended
 * (lid 3). A due date on a non-working day moves to the next working day.
 */
export function decisionDueOn(periodEndsOn: CalendarDate, filedAt: Date, extended: boolean): CalendarDate {
  const start = Math.max(dayNumber(periodEndsOn), dayNumber(amsterdamDate(filedAt)));
  return nextWorkingDay(fromDayNumber(start + SIX_WEEKS_DAYS * (extended ? 2 : 1)));
}
