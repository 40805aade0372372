import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "./errors.ts";
import { registrationYears, retainedYearsOnAcceptance, seekerStatus } from "./registration.ts";
import { day, noon, RULES } from "./testing/fixtures.ts";

describe("registrationYears (inschrijfduur, anniversary actual/actual)", () => {
  it("is exactly N on the N-th anniversary and 0 on the registration day", () => {
    expect(registrationYears(day("2009-06-15"), 0, noon("2019-06-15"))).toBe(10);
    expect(registrationYears(day("2019-06-15"), 0, noon("2019-06-15"))).toBe(0);
  });

  it("counts the elapsed fraction of the current anniversary year in days", () => {
    // 2017-06-15 .. 2018-06-15 has 365 days; 2017-06-15 .. 2017-12-15 is 183 days.
    expect(registrationYears(day("2016-06-15"), 0, noon("2017-12-15"))).toBe(
      Math.round((1 + 183 / 365) * 1e6) / 1e6,
    );
    // 2019-06-15 .. 2020-06-15 has 366 days (29 Feb 2020): 183 days is exactly half a year.
    expect(registrationYears(day("2018-06-15"), 0, noon("2019-12-15"))).toBe(1.5);
    // The anniversary year 2019-06-15 .. 2020-06-15 contains 29 Feb 2020: 366 days.
    expect(registrationYears(day("2019-06-15"), 0, noon("2020-06-14"))).toBe(
      Math.round((365 / 366) * 1e6) / 1e6,
    );
  });

  it("registration on 29 February has its anniversary on 1 March in other years", () => {
    expect(registrationYears(day("2016-02-29"), 0, noon("2017-02-28"))).toBeLessThan(1);
    expect(registrationYears(day("2016-02-29"), 0, noon("2017-03-01"))).toBe(1);
    expect(registrationYears(day("2016-02-29"), 0, noon("2020-02-29"))).toBe(4);
  });

  it("adds retained years", () => {
    expect(registrationYears(day("2016-06-15"), 2.25, noon("2019-06-15"))).toBe(5.25);
  });

  it("uses the Amsterdam calendar day of the moment", () => {
    // 22:30 UTC on 14 June 2019 is 00:30 on 15 June in Amsterdam.
    expect(registrationYears(day("2009-06-15"), 0, new Date("2019-06-14T22:30:00Z"))).toBe(10);
  });

  it("refuses a registration date after the evaluation date", () => {
    expect(() => registrationYears(day("2019-06-16"), 0, noon("2019-06-15"))).toThrow(InvalidInputError);
  });

  it("never decreases from one day to the next and grows by at most 1/365 a day (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 * 366 }),
        fc.integer({ min: 0, max: 20 * 366 }),
        (regOffset, span) => {
          const reg = new Date(Date.UTC(1980, 0, 1) + regOffset * 86_400_000);
          const a = new Date(reg.getTime() + span * 86_400_000 + 12 * 3600_000);
          const b = new Date(a.getTime() + 86_400_000);
          const ya = registrationYears(reg, 0, a);
          const yb = registrationYears(reg, 0, b);
          expect(yb).toBeGreaterThan(ya);
          expect(yb - ya).toBeLessThanOrEqual(1 / 365 + 2e-6);
        },
      ),
    );
  });
});

describe("retainedYearsOnAcceptance (Voorstel IV [001]: 75%)", () => {
  it("keeps 75% of the registration years on the acceptance day, retained years included", () => {
    expect(retainedYearsOnAcceptance(day("2009-06-15"), 0, noon("2019-06-15"), RULES)).toBe(7.5);
    expect(retainedYearsOnAcceptance(day("2015-06-15"), 4, noon("2019-06-15"), RULES)).toBe(6);
  });

  it("follows the rule set", () => {
    const half = { ...RULES, registration: { retainedShareOnAcceptance: 0.5 } };
    expect(retainedYearsOnAcceptance(day("2009-06-15"), 0, noon("2019-06-15"), half)).toBe(5);
  });
});

describe("seekerStatus (starter / doorstromer)", () => {
  it("is MOVER only when leaving an independent rental dwelling", () => {
    expect(seekerStatus({ currentDwellingKind: "INDEPENDENT_RENTAL" })).toBe("MOVER");
    for (const kind of ["NONE", "WITH_PARENTS", "ROOM", "OWNER_OCCUPIED", "INSTITUTION"] as const) {
      expect(seekerStatus({ currentDwellingKind: kind })).toBe("STARTER");
    }
  });
});
