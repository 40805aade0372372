import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkEligibility, type EligibilityRule } from "./eligibility.ts";
import { toCents } from "./money.ts";
import { arbDate, arbListing, arbSeeker } from "./testing/arbitraries.ts";
import { day, listing, noon, RULES, seeker } from "./testing/fixtures.ts";
import type { SeekerInput } from "./types.ts";
import { evaluateSeekerWhere, seekerWhereForListing, type SeekerRow } from "./where.ts";

/** The database row of a seeker (income in cents), as the where-filter sees it. */
const rowOf = (s: SeekerInput): SeekerRow => ({
  birthDate: s.birthDate,
  householdSize: s.householdSize,
  householdIncomeCents: toCents(s.householdIncome),
  accessibilityNeed: s.accessibilityNeed,
});

describe("seekerWhereForListing", () => {
  it("states a DAEB listing for 2–4 persons as birth date, size and income bounds", () => {
    const f = seekerWhereForListing(
      listing({ householdMin: 2, householdMax: 4, netRent: 500 }),
      RULES,
      noon("2019-06-15"),
    );
    expect(f.parts.AGE_MINIMUM).toEqual({ birthDate: { lt: day("2001-06-16") } });
    expect(f.parts.HOUSEHOLD_SIZE).toEqual({ householdSize: { gte: 2, lte: 4 } });
    expect(f.parts.INCOME).toEqual({ householdIncomeCents: { lte: 3_803_500 } });
    // rent 500 is below both capping thresholds and above the quality-discount limit.
    expect(f.parts.RENT_BENEFIT_CAP).toBeUndefined();
    expect(f.parts.YOUTH_RENT_BENEFIT).toBeDefined();
    expect(f.notExpressed).toEqual([]);
  });

  it("lists what it cannot express", () => {
    const f = seekerWhereForListing(
      listing({ allocationModel: "WOONGROEP", studentComplex: { units: 10, specialGroupTenants: 0 } }),
      RULES,
      noon("2019-06-15"),
    );
    expect(f.notExpressed).toEqual(["STUDENT_COMPLEX", "WOONGROEP"]);
  });

  it("excludes exactly the right seekers around the boundaries (hand-picked)", () => {
    const l = listing({ netRent: 597.31, incomeBand: "DAEB" });
    const f = seekerWhereForListing(l, RULES, noon("2019-06-15"));
    const yes = (s: SeekerInput) => evaluateSeekerWhere(f.where, rowOf(s));
    expect(yes(seeker({ householdIncome: 22700 }))).toBe(false); // qualifies for rent benefit, rent above 597.30
    expect(yes(seeker({ householdIncome: 22700.01 }))).toBe(true);
    expect(yes(seeker({ householdIncome: 22700, householdSize: 3 }))).toBe(true); // 3 persons: threshold 640.14
    expect(yes(seeker({ householdIncome: 38035.01 }))).toBe(false);
    expect(yes(seeker({ birthDate: day("2001-06-15"), householdIncome: 30000 }))).toBe(true);
    expect(yes(seeker({ birthDate: day("2001-06-16"), householdIncome: 30000 }))).toBe(false);
  });

  it("agrees with checkEligibility on every expressed rule (property)", () => {
    fc.assert(
      fc.property(
        arbDate.chain((on) =>
          fc.tuple(
            fc.constant(on),
            arbSeeker(on),
            arbListing(["AANBOD", "LOTERIJ", "WOONGROEP", "BEMIDDELING"]),
          ),
        ),
        ([on, s, l]) => {
          const filter = seekerWhereForListing(l, RULES, on);
          const result = checkEligibility(s, l, RULES, on);
          const row = rowOf(s);
          const expressed: EligibilityRule[] = [
            "AGE_MINIMUM",
            "AGE_LABEL",
            "HOUSEHOLD_SIZE",
            "INCOME",
            "RENT_BENEFIT_CAP",
            "YOUTH_RENT_BENEFIT",
            "ACCESSIBILITY",
          ];
          for (const rule of expressed) {
            const inMemory = result.checks.filter((c) => c.rule === rule).every((c) => c.passed);
            const part = filter.parts[rule];
            const inDb = part === undefined ? true : evaluateSeekerWhere(part, row);
            expect({ rule, passes: inDb }).toEqual({ rule, passes: inMemory });
          }
          const unexpressedFail = result.checks.some(
            (c) => c.affects === "ELIGIBILITY" && !c.passed && filter.notExpressed.includes(c.rule),
          );
          const expressedPass = result.checks
            .filter((c) => c.affects === "ELIGIBILITY" && !filter.notExpressed.includes(c.rule))
            .every((c) => c.passed);
          expect(evaluateSeekerWhere(filter.where, row)).toBe(expressedPass);
          if (!unexpressedFail) expect(evaluateSeekerWhere(filter.where, row)).toBe(result.eligible);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe("evaluateSeekerWhere", () => {
  const row: SeekerRow = {
    birthDate: day("1990-01-01"),
    householdSize: 2,
    householdIncomeCents: 3_000_000,
    accessibilityNeed: "WALKER",
  };

  it("follows Prisma semantics for empty AND/OR and NOT lists", () => {
    expect(evaluateSeekerWhere({ AND: [] }, row)).toBe(true);
    expect(evaluateSeekerWhere({ OR: [] }, row)).toBe(false);
    expect(
      evaluateSeekerWhere({ NOT: [{ householdSize: { equals: 3 } }, { householdSize: { equals: 4 } }] }, row),
    ).toBe(true);
    expect(
      evaluateSeekerWhere({ NOT: [{ householdSize: { equals: 3 } }, { householdSize: { equals: 2 } }] }, row),
    ).toBe(false);
  });

  it("compares dates by instant and supports in/gt/gte", () => {
    expect(evaluateSeekerWhere({ birthDate: { lt: day("1990-01-02"), gte: day("1990-01-01") } }, row)).toBe(
      true,
    );
    expect(evaluateSeekerWhere({ birthDate: { gt: day("1990-01-01") } }, row)).toBe(false);
    expect(evaluateSeekerWhere({ accessibilityNeed: { in: ["WALKER", "WHEELCHAIR"] } }, row)).toBe(true);
    expect(evaluateSeekerWhere({ householdIncomeCents: { gte: 3_000_001 } }, row)).toBe(false);
  });

  it("refuses syntax outside the subset", () => {
    expect(() => evaluateSeekerWhere({ status: "ACTIVE" } as never, row)).toThrow(
      /unsupported where key status/,
    );
    expect(() => evaluateSeekerWhere({ householdSize: { not: 2 } } as never, row)).toThrow(
      /unsupported operator not/,
    );
  });
});
