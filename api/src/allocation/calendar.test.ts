import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addMonths,
  addYears,
  ageOn,
  amsterdamDate,
  compareDates,
  dayNumber,
  fromDayNumber,
  isoDate,
  latestStartReaching,
  parseIsoDate,
  startOfAmsterdamDay,
} from "./calendar.ts";
import { atMost, toCents } from "./money.ts";

const arbDay = fc.integer({ min: -30_000, max: 40_000 }).map(fromDayNumber);

describe("calendar", () => {
  it("startOfAmsterdamDay is local midnight in winter and summer time", () => {
    expect(startOfAmsterdamDay({ year: 2026, month: 1, day: 1 }).toISOString()).toBe(
      "2025-12-31T23:00:00.000Z",
    );
    expect(startOfAmsterdamDay({ year: 2026, month: 7, day: 1 }).toISOString()).toBe(
      "2026-06-30T22:00:00.000Z",
    );
    // The day after the spring change (29 March 2026) starts in summer time.
    expect(startOfAmsterdamDay({ year: 2026, month: 3, day: 30 }).toISOString()).toBe(
      "2026-03-29T22:00:00.000Z",
    );
  });

  it("startOfAmsterdamDay is the first instant whose Amsterdam date is that day (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }).map(fromDayNumber), (c) => {
        const start = startOfAmsterdamDay(c);
        expect(compareDates(amsterdamDate(start), c)).toBe(0);
        expect(compareDates(amsterdamDate(new Date(start.getTime() - 1)), c)).toBe(-1);
      }),
    );
  });

  it("dayNumber matches Date.UTC and inverts fromDayNumber (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (n) => {
        const c = fromDayNumber(n);
        expect(dayNumber(c)).toBe(n);
        expect(dayNumber(c)).toBe(Date.UTC(c.year, c.month - 1, c.day) / 86_400_000);
      }),
    );
  });

  it("addMonths rolls a missing day forward to the 1st of the next month", () => {
    expect(isoDate(addMonths(parseIsoDate("2019-01-31"), 1))).toBe("2019-03-01");
    expect(isoDate(addMonths(parseIsoDate("2020-01-31"), 1))).toBe("2020-03-01");
    expect(isoDate(addMonths(parseIsoDate("2019-08-31"), 6))).toBe("2020-03-01");
    expect(isoDate(addYears(parseIsoDate("2016-02-29"), 1))).toBe("2017-03-01");
    expect(isoDate(addYears(parseIsoDate("2016-02-29"), 4))).toBe("2020-02-29");
    expect(isoDate(addMonths(parseIsoDate("2019-12-15"), 1))).toBe("2020-01-15");
    expect(isoDate(addMonths(parseIsoDate("2019-03-15"), -3))).toBe("2018-12-15");
  });

  it("ageOn is the largest N with addYears(birth, N) <= on (property)", () => {
    fc.assert(
      fc.property(arbDay, fc.integer({ min: 0, max: 120 * 366 }), (birth, span) => {
        const on = fromDayNumber(dayNumber(birth) + span);
        const age = ageOn(birth, on);
        expect(compareDates(addYears(birth, age), on)).toBeLessThanOrEqual(0);
        expect(compareDates(addYears(birth, age + 1), on)).toBeGreaterThan(0);
      }),
    );
  });

  it("latestStartReaching splits start days exactly (property)", () => {
    fc.assert(
      fc.property(arbDay, fc.integer({ min: 0, max: 1200 }), (on, months) => {
        const b = latestStartReaching(months, on);
        expect(compareDates(addMonths(b, months), on)).toBeLessThanOrEqual(0);
        expect(compareDates(addMonths(fromDayNumber(dayNumber(b) + 1), months), on)).toBeGreaterThan(0);
      }),
    );
  });

  it("takes the Europe/Amsterdam day of an instant, across daylight-saving time", () => {
    expect(isoDate(amsterdamDate(new Date("2019-06-14T21:59:59Z")))).toBe("2019-06-14");
    expect(isoDate(amsterdamDate(new Date("2019-06-14T22:00:00Z")))).toBe("2019-06-15");
    expect(isoDate(amsterdamDate(new Date("2019-12-31T22:59:59Z")))).toBe("2019-12-31");
    expect(isoDate(amsterdamDate(new Date("2019-12-31T23:00:00Z")))).toBe("2020-01-01");
  });

  it("parses only real dates", () => {
    expect(() => parseIsoDate("2019-02-29")).toThrow(/not a calendar date/);
    expect(() => parseIsoDate("15-06-2019")).toThrow(/YYYY-MM-DD/);
    expect(isoDate(parseIsoDate("2020-02-29"))).toBe("2020-02-29");
  });
});

describe("money", () => {
  it("compares in whole cents so binary fractions never decide a boundary", () => {
    expect(0.1 + 0.2 <= 0.3).toBe(false);
    expect(atMost(0.1 + 0.2, 0.3)).toBe(true);
    expect(atMost(597.31, 597.3)).toBe(false);
    expect(toCents(38035.01)).toBe(3_803_501);
    expect(toCents(-12.34)).toBe(-1234);
  });
});
