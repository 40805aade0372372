import { describe, expect, it } from "vitest";
import { InvalidInputError, NoRuleSetInForceError, RuleSetValidationError } from "./errors.ts";
import {
  DEFAULT_RULE_SETS,
  parseRuleSet,
  parseRuleSetParameters,
  responseLimitCheck,
  RULE_SET_2019,
  ruleSetInForce,
  type RuleSet,
} from "./ruleset.ts";

/** A deep copy with changes at dotted paths, as an administrator might submit it. */
function edited(...changes: [path: string, value: unknown][]): unknown {
  const copy = structuredClone(RULE_SET_2019) as unknown as Record<string, unknown>;
  for (const [path, value] of changes) {
    const keys = path.split(".");
    let target = copy;
    for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
    target[keys.at(-1)!] = value;
  }
  return copy;
}

function messageOf(input: unknown): string {
  try {
    parseRuleSet(input);
  } catch (e) {
    expect(e).toBeInstanceOf(RuleSetValidationError);
    return (e as Error).message;
  }
  throw new Error("expected the rule set to be rejected");
}

describe("household-size table [001] §B", () => {
  it("a stored rule set written before the table existed gets the default table (4+ rooms from 2 persons)", () => {
    const { householdSize: _omitted, ...older } = RULE_SET_2019;
    expect(parseRuleSet(older).householdSize.byDwelling).toEqual([
      { minRooms: 4, maxRooms: null, dwellingTypes: [], minPersons: 2, maxPersons: null },
      { minRooms: 1, maxRooms: 3, dwellingTypes: [], minPersons: 1, maxPersons: null },
    ]);
  });

  it("rejects a row whose maximum is below its minimum, naming the path", () => {
    const bad = {
      ...RULE_SET_2019,
      householdSize: {
        byDwelling: [{ minRooms: 3, maxRooms: 2, dwellingTypes: [], minPersons: 4, maxPersons: 1 }],
      },
    };
    const message = messageOf(bad);
    expect(message).toContain("householdSize.byDwelling.0.maxRooms: must be at least");
    expect(message).toContain("householdSize.byDwelling.0.maxPersons: must be at least");
  });
});

describe("RULE_SET_2019", () => {
  it("holds the published 2019 figures (figures.json rules2019)", () => {
    expect(parseRuleSet(RULE_SET_2019)).toEqual(RULE_SET_2019);
    expect(RULE_SET_2019.incomeLimits).toEqual({ daeb: 38035, middle: 42436, ordinance: 48655 });
    expect(RULE_SET_2019.rent).toEqual({
      liberalisationLimit: 720.42,
      cappingThresholdLow: 597.3,
      cappingThresholdHigh: 640.14,
      qualityDiscountLimit: 424.44,
    });
    expect(RULE_SET_2019.middleRent).toEqual({
      minRent: 720.42,
      maxRent: 950,
      maxIncome: 57052,
      newBuildOnly: true,
    });
    expect(RULE_SET_2019.allocationShares).toEqual({ upToDaeb: 0.8, daebToMiddle: 0.1, upToOrdinance: 0.1 });
    expect([
      RULE_SET_2019.lottery.maxShare,
      RULE_SET_2019.registration.retainedShareOnAcceptance,
      RULE_SET_2019.priority.bindingMaxShare,
    ]).toEqual([0.2, 0.75, 0.5]);
    expect(RULE_SET_2019.priority.mover).toEqual({
      leaveMinRooms: 4,
      takeMaxRooms: 3,
      orAdaptedDwelling: true,
      minAge: null,
    });
    expect([
      RULE_SET_2019.studentComplex.specialGroupMaxShare,
      RULE_SET_2019.priority.targetShare,
      RULE_SET_2019.urgency.waitTargetMonths,
      RULE_SET_2019.urgency.defaultValidityMonths,
    ]).toEqual([0.15, 0.3, 3, 6]);
    expect(RULE_SET_2019.ageLabels.YOUTH_18_23).toEqual({ minAge: 18, maxAge: 23 });
    expect(RULE_SET_2019.age).toEqual({ minimum: 18, youthRentBenefit: { minAge: 18, maxAge: 22 } });
  });
});

describe("parseRuleSet", () => {
  it("names the field path in the message", () => {
    expect(messageOf(edited(["incomeLimits.daeb", -1]))).toContain("incomeLimits.daeb: must be positive");
    expect(messageOf(edited(["rent.cappingThresholdLow", 597.305]))).toContain(
      "rent.cappingThresholdLow: must have at most 2 decimals (whole cents)",
    );
    expect(messageOf(edited(["lottery.maxShare", 1.2]))).toContain(
      "lottery.maxShare: must be between 0 and 1",
    );
    expect(messageOf(edited(["version", 1.5]))).toContain("version: must be a whole number");
    expect(messageOf(edited(["effectiveFrom", "2019-02-30"]))).toContain(
      "effectiveFrom: must be a date written YYYY-MM-DD",
    );
    expect(messageOf(edited(["rent.liberalisationLimit", "hoog"]))).toContain(
      "rent.liberalisationLimit: must be a number",
    );
  });

  it("rejects unknown fields (typos) by path", () => {
    expect(messageOf(edited(["rent.liberalizationLimit", 700]))).toContain(
      "rent.liberalizationLimit: unknown field",
    );
  });

  it("checks relations between fields", () => {
    expect(messageOf(edited(["incomeLimits.middle", 38000]))).toContain(
      "incomeLimits.middle: must be at least incomeLimits.daeb",
    );
    expect(messageOf(edited(["rent.cappingThresholdHigh", 590]))).toContain(
      "rent.cappingThresholdHigh: must be at least rent.cappingThresholdLow",
    );
    expect(messageOf(edited(["middleRent.maxRent", 700]))).toContain(
      "middleRent.maxRent: must be at least middleRent.minRent",
    );
    expect(messageOf(edited(["allocationShares.upToDaeb", 0.7]))).toContain(
      "allocationShares: must add up to 1",
    );
    expect(messageOf(edited(["priority.order", ["URGENCY", "MOVER"]]))).toContain(
      "priority.order: must list",
    );
    expect(messageOf(edited(["ageLabels.YOUTH_18_23.maxAge", 17]))).toContain(
      "ageLabels.YOUTH_18_23.maxAge: must be at least minAge",
    );
    expect(messageOf(edited(["effectiveUntil", "2018-12-31"]))).toContain(
      "effectiveUntil: must not be before effectiveFrom",
    );
  });

  it("reports every issue at once", () => {
    const e = (() => {
      try {
        parseRuleSet(edited(["incomeLimits.daeb", 0], ["lottery.maxShare", -1]));
      } catch (err) {
        return err as RuleSetValidationError;
      }
    })();
    expect(e?.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(["incomeLimits.daeb", "lottery.maxShare"]),
    );
  });

  it("validates the parameters alone (Prisma RuleSet.parameters)", () => {
    const {
      id: _i,
      version: _v,
      name: _n,
      effectiveFrom: _f,
      effectiveUntil: _u,
      ...parameters
    } = RULE_SET_2019;
    expect(parseRuleSetParameters(parameters)).toEqual(parameters);
    expect(() =>
      parseRuleSetParameters({ ...parameters, incomeLimits: { ...parameters.incomeLimits, daeb: -5 } }),
    ).toThrow("incomeLimits.daeb: must be positive");
    expect(() => parseRuleSetParameters(RULE_SET_2019)).toThrow("id: unknown field");
  });
});

describe("ruleSetInForce", () => {
  const v2020: RuleSet = { ...RULE_SET_2019, version: 2, name: "2020", effectiveFrom: "2020-01-01" };
  const v2020fix: RuleSet = { ...v2020, version: 3, name: "2020 corrected" };
  const ended: RuleSet = {
    ...RULE_SET_2019,
    version: 4,
    name: "temporary",
    effectiveFrom: "2019-07-01",
    effectiveUntil: "2019-07-31",
  };

  it("picks the latest version that has started", () => {
    expect(ruleSetInForce([RULE_SET_2019, v2020], new Date("2019-12-31T12:00:00Z")).name).toBe(
      RULE_SET_2019.name,
    );
    expect(ruleSetInForce([v2020, RULE_SET_2019], new Date("2020-01-01T12:00:00Z")).name).toBe("2020");
  });

  it("uses the Amsterdam calendar day: 23:30 UTC on 31 December is already 1 January", () => {
    expect(ruleSetInForce([RULE_SET_2019, v2020], new Date("2019-12-31T23:30:00Z")).name).toBe("2020");
  });

  it("prefers the highest version among equal start dates, and honours an inclusive end date", () => {
    expect(ruleSetInForce([v2020fix, v2020, RULE_SET_2019], new Date("2020-05-01T12:00:00Z")).name).toBe(
      "2020 corrected",
    );
    expect(ruleSetInForce([RULE_SET_2019, ended], new Date("2019-07-31T12:00:00Z")).name).toBe("temporary");
    expect(ruleSetInForce([RULE_SET_2019, ended], new Date("2019-08-01T12:00:00Z")).name).toBe(
      RULE_SET_2019.name,
    );
  });

  it("throws a typed error when none is in force", () => {
    expect(() => ruleSetInForce(DEFAULT_RULE_SETS, new Date("2018-06-01T12:00:00Z"))).toThrow(
      NoRuleSetInForceError,
    );
    expect(() => ruleSetInForce([], new Date("2019-06-01T12:00:00Z"))).toThrow(/no versions given/);
    try {
      ruleSetInForce(DEFAULT_RULE_SETS, new Date("2018-06-01T12:00:00Z"));
    } catch (e) {
      expect((e as NoRuleSetInForceError).code).toBe("NO_RULE_SET_IN_FORCE");
      expect((e as NoRuleSetInForceError).date).toBe("2018-06-01");
    }
  });
});

describe("responseLimitCheck (reactielimiet)", () => {
  const limited = { ...RULE_SET_2019, responses: { maxActive: 3, maxPerWeek: 5 } };
  it("allows while both counts are under their limits and says what is left", () => {
    expect(responseLimitCheck({ active: 1, lastWeek: 4 }, limited)).toEqual({
      allowed: true,
      reached: null,
      maxActive: 3,
      activeLeft: 2,
      maxPerWeek: 5,
      weekLeft: 1,
    });
  });
  it("refuses at a limit, the open-responses limit named first", () => {
    expect(responseLimitCheck({ active: 3, lastWeek: 5 }, limited)).toMatchObject({
      allowed: false,
      reached: "ACTIVE",
    });
    expect(responseLimitCheck({ active: 2, lastWeek: 5 }, limited)).toMatchObject({
      allowed: false,
      reached: "WEEK",
      activeLeft: 1,
      weekLeft: 0,
    });
    // counts above a limit (a limit lowered later) leave nothing, never a negative number
    expect(responseLimitCheck({ active: 7, lastWeek: 0 }, limited)).toMatchObject({
      activeLeft: 0,
      reached: "ACTIVE",
    });
  });
  it("has no limit by default (the seeds set none), and refuses malformed counts", () => {
    expect(responseLimitCheck({ active: 500, lastWeek: 500 }, RULE_SET_2019)).toMatchObject({
      allowed: true,
      activeLeft: null,
      weekLeft: null,
    });
    expect(() => responseLimitCheck({ active: -1, lastWeek: 0 }, limited)).toThrow(InvalidInputError);
  });
  it("is a rule-set parameter: whole numbers of at least 1 or null, absent in older stored versions", () => {
    const { responses: _r, ...older } = RULE_SET_2019;
    expect(parseRuleSet(older).responses).toEqual({ maxActive: null, maxPerWeek: null });
    expect(() => parseRuleSet({ ...RULE_SET_2019, responses: { maxActive: 0, maxPerWeek: null } })).toThrow();
  });
});
