import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bindingQuota,
  bindingQuotaAllows,
  incomeBandShares,
  lettingClass,
  lettingsByDistrict,
  lettingsInPeriod,
  lotteryQuota,
  lotteryQuotaAllows,
  priorityShare,
  priorityShareByQuarter,
  rentClassTable,
  specialGroupLettings,
  spreading,
  statutoryUrgencyRows,
  quotaYear,
  registrationYearsAtLetting,
  responsesPerListing,
  urgentLettingsByCategory,
  urgentWaitingTimes,
  type LettingRecord,
} from "./monitoring.ts";
import { RULES } from "./testing/fixtures.ts";

// Published figures (shared/data/figures.json, which lives outside the repository).
const FIGURE_3_2017 = {
  rows: [
    { indication: "Sociaal 1: relatiebeeindiging", A: 82, B: 0 },
    { indication: "Sociaal 2: financiele omstandigheden", A: 15, B: 0 },
    { indication: "Medisch", A: 131, B: 32 },
    { indication: "Mantelzorg", A: 9, B: 0 },
    { indication: "Volkshuisvestelijk", A: 112, B: 15 },
    { indication: "Maatschappelijk 1: huiselijk geweld", A: 58, B: 0 },
    { indication: "Maatschappelijk 2: uit opvang", A: 68, B: 119 },
    { indication: "Statushouders", A: 0, B: 531 },
    { indication: "Gedupeerden WoningNetsysteem", A: 0, B: 21 },
    { indication: "Hardheidsclausule", A: 88, B: 0 },
    { indication: "Overig (oa bij overlast)", A: 18, B: 92 },
  ],
  totals: { A: 581, B: 810, all: 1391 },
  lettings: 6717,
};
const UTRECHT_PRIORITY_2017 = { lettings: 2319, withPriority: 679, share: 0.293 };

let n = 0;
function letting(o: Partial<LettingRecord> = {}): LettingRecord {
  n += 1;
  return {
    id: `let-${n}`,
    letAt: new Date("2019-05-01T10:00:00Z"),
    allocationModel: "AANBOD",
    decidedBy: "REGISTRATION_YEARS",
    priorityRule: null,
    urgencyCategory: null,
    districtId: "overvecht",
    registrationYearsUsed: 8,
    seekerWasMover: false,
    responseCount: 100,
    netRent: 550,
    householdIncome: 25000,
    urgencyGrantedAt: null,
    ...o,
  };
}
const urgentA = (category: string, o: Partial<LettingRecord> = {}) =>
  letting({ decidedBy: "PRIORITY", priorityRule: "URGENCY", urgencyCategory: category, ...o });
const mediated = (category: string | null, o: Partial<LettingRecord> = {}) =>
  letting({
    allocationModel: "BEMIDDELING",
    decidedBy: "MEDIATION",
    urgencyCategory: category,
    responseCount: 0,
    ...o,
  });

describe("lettingClass", () => {
  it("separates urgency, mediation, other priority and regular lettings", () => {
    expect(lettingClass(urgentA("MANTELZORG"))).toBe("URGENCY");
    expect(lettingClass(mediated("STATUSHOUDER"))).toBe("MEDIATION");
    expect(lettingClass(letting({ decidedBy: "PRIORITY", priorityRule: "MOVER" }))).toBe("OTHER_PRIORITY");
    expect(lettingClass(letting({ decidedBy: "LOTTERY", allocationModel: "LOTERIJ" }))).toBe("REGULAR");
  });
});

describe("priorityShare (target 30% [004])", () => {
  it("counts urgency and mediation against the target, other priority separately", () => {
    const ls = [
      urgentA("MANTELZORG"),
      mediated("STATUSHOUDER"),
      letting({ decidedBy: "PRIORITY", priorityRule: "LOCAL_BINDING" }),
      ...Array.from({ length: 7 }, () => letting()),
    ];
    const r = priorityShare(ls, RULES);
    expect(r).toMatchObject({ total: 10, withPriority: 2, otherPriority: 1, regular: 7, targetShare: 0.3 });
    expect(r.share).toBeCloseTo(0.2, 10);
    expect(r.deviation).toBeCloseTo(-0.1, 10);
  });

  it("reproduces the published 2017 Utrecht share 29.3% from its counts", () => {
    const row = UTRECHT_PRIORITY_2017;
    const ls = [
      ...Array.from({ length: row.withPriority }, () => mediated(null)),
      ...Array.from({ length: row.lettings - row.withPriority }, () => letting()),
    ];
    expect(Math.round(priorityShare(ls, RULES).share * 1000) / 1000).toBe(row.share);
  });

  it("is zero without lettings", () => {
    expect(priorityShare([], RULES)).toMatchObject({ total: 0, share: 0 });
  });
});

describe("urgentLettingsByCategory ([001] Figuur 3 shape)", () => {
  it("reproduces the totals of Figure 3 (2017) from letting records", () => {
    const fig = FIGURE_3_2017;
    const ls: LettingRecord[] = [];
    for (const row of fig.rows) {
      for (let i = 0; i < row.A; i++) ls.push(urgentA(row.indication));
      for (let i = 0; i < row.B; i++) ls.push(mediated(row.indication));
    }
    ls.push(...Array.from({ length: fig.lettings - fig.totals.all }, () => letting()));
    const r = urgentLettingsByCategory(ls);
    expect(r.totals).toEqual(fig.totals);
    expect(r.rows.find((x) => x.category === "Statushouders")).toMatchObject({ A: 0, B: 531 });
    expect(Math.round(r.rows.find((x) => x.category === "Statushouders")!.share * 1000) / 10).toBe(38.2);
    expect(Math.round(r.shareOfAllLettings * 100)).toBe(21);
  });
});

describe("lettingsByDistrict", () => {
  it("counts per district, most lettings first, unknown last", () => {
    const ls = [
      letting({ districtId: "zuid" }),
      urgentA("MANTELZORG", { districtId: "overvecht" }),
      letting({ districtId: "overvecht" }),
      letting({ districtId: null }),
    ];
    expect(lettingsByDistrict(ls)).toEqual([
      { districtId: "overvecht", lettings: 2, withPriority: 1, priorityShare: 0.5, shareOfLettings: 0.5 },
      { districtId: "zuid", lettings: 1, withPriority: 0, priorityShare: 0, shareOfLettings: 0.25 },
      { districtId: null, lettings: 1, withPriority: 0, priorityShare: 0, shareOfLettings: 0.25 },
    ]);
  });
});

describe("registrationYearsAtLetting ([001] Figuur 2)", () => {
  it("averages starters and movers separately, leaving mediation out", () => {
    const ls = [
      letting({ registrationYearsUsed: 8 }),
      letting({ registrationYearsUsed: 9.2 }),
      letting({ seekerWasMover: true, registrationYearsUsed: 10 }),
      letting({ seekerWasMover: true, registrationYearsUsed: 11.6 }),
      mediated("STATUSHOUDER", { registrationYearsUsed: 0.1 }),
    ];
    const r = registrationYearsAtLetting(ls);
    expect(r.starters.count).toBe(2);
    expect(r.starters.mean).toBeCloseTo(8.6, 10);
    expect(r.movers.mean).toBeCloseTo(10.8, 10);
    expect(r.movers.median).toBeCloseTo(10.8, 10);
  });
});

describe("responsesPerListing", () => {
  it("summarises responses over listings on the public list", () => {
    expect(
      responsesPerListing([
        letting({ responseCount: 10 }),
        letting({ responseCount: 30 }),
        letting({ responseCount: 200 }),
        mediated(null),
      ]),
    ).toEqual({ count: 3, mean: 80, median: 30, max: 200 });
  });
});

describe("urgentWaitingTimes (target 3 months [004])", () => {
  it("measures grant-to-letting months and the share within target, and who is still waiting", () => {
    const granted = new Date("2019-01-01T10:00:00Z");
    const ls = [
      urgentA("MANTELZORG", {
        urgencyGrantedAt: granted,
        letAt: new Date(granted.getTime() + 60 * 86_400_000),
      }), // ~1.97 months
      mediated("STATUSHOUDER", {
        urgencyGrantedAt: granted,
        letAt: new Date(granted.getTime() + 91 * 86_400_000),
      }), // 2.99 months
      mediated("STATUSHOUDER", {
        urgencyGrantedAt: granted,
        letAt: new Date(granted.getTime() + 92 * 86_400_000),
      }), // 3.02 months
      letting(),
    ];
    const r = urgentWaitingTimes(
      ls,
      RULES,
      [{ category: "MANTELZORG", grantedAt: granted }],
      new Date("2019-06-01T10:00:00Z"),
    );
    expect(r.targetMonths).toBe(3);
    expect(r.housed).toMatchObject({ count: 3, withinTarget: 2 });
    expect(r.housed.withinTargetShare).toBeCloseTo(2 / 3, 10);
    expect(r.waiting).toMatchObject({ count: 1, overTarget: 1 });
    expect(r.byCategory.map((c) => [c.category, c.housed.count, c.withinTargetShare])).toEqual([
      ["MANTELZORG", 1, 1],
      ["STATUSHOUDER", 2, 0.5],
    ]);
  });
});

describe("incomeBandShares ([001] §E.1: 80/10/10)", () => {
  it("classifies social lettings by income band, limits inclusive", () => {
    const ls = [
      ...Array.from({ length: 8 }, () => letting({ householdIncome: 38035 })),
      letting({ householdIncome: 38036 }),
      letting({ householdIncome: 48655 }),
      letting({ householdIncome: 60000, netRent: 800 }), // middle rent: not counted
    ];
    const r = incomeBandShares(ls, RULES);
    expect(r).toMatchObject({
      socialLettings: 10,
      upToDaeb: 8,
      daebToMiddle: 1,
      middleToOrdinance: 1,
      aboveOrdinance: 0,
      meetsDaebMinimum: true,
    });
    expect(incomeBandShares(ls.slice(1), RULES).meetsDaebMinimum).toBe(false);
  });
});

describe("quotas", () => {
  it("lottery at most 20% of listings [001] §E.3, binding at most 50% [003]", () => {
    expect(lotteryQuotaAllows(1, 9, RULES)).toBe(true); // 2 of 10
    expect(lotteryQuotaAllows(2, 9, RULES)).toBe(false); // 3 of 10
    expect(lotteryQuotaAllows(0, 0, RULES)).toBe(false); // 1 of 1
    expect(bindingQuotaAllows(4, 9, RULES)).toBe(true); // 5 of 10
    expect(bindingQuotaAllows(5, 9, RULES)).toBe(false); // 6 of 10
  });
});

describe("caps on a year's listings", () => {
  it("hand-worked: the 5th listing of a year may be the first lottery (1 of 5 = 20% [001] §E.3); the report names the cap and the share before", () => {
    expect(lotteryQuota(0, 4, RULES)).toEqual({
      cap: "LOTTERY",
      maxShare: 0.2,
      used: 0,
      total: 4,
      currentShare: 0,
      shareAfter: 0.2,
      allowed: true,
    });
    // 2 lotteries among 10 listings: one more would make 3 of 11 = 27%.
    expect(lotteryQuota(2, 10, RULES)).toMatchObject({ allowed: false, currentShare: 0.2 });
    // The first listing of a year cannot be a lottery: 1 of 1 = 100%.
    expect(lotteryQuota(0, 0, RULES)).toMatchObject({ allowed: false, currentShare: 0, shareAfter: 1 });
  });

  it("hand-worked: binding priority on at most half of a municipality's designated listings [003] (maximaal 50%)", () => {
    expect(bindingQuota(0, 1, RULES)).toMatchObject({ cap: "LOCAL_BINDING", allowed: true, shareAfter: 0.5 });
    expect(bindingQuota(0, 0, RULES)).toMatchObject({ allowed: false });
    expect(bindingQuota(3, 6, RULES)).toMatchObject({ allowed: false, currentShare: 0.5, maxShare: 0.5 });
  });

  it("the year is the Amsterdam calendar year of publication: 31 December 23:30 UTC is already the next year", () => {
    expect(quotaYear(new Date("2026-12-31T22:59:00Z"))).toBe(2026);
    expect(quotaYear(new Date("2026-12-31T23:30:00Z"))).toBe(2027);
  });

  it("property: publishing only what the quota allows never takes the share past the cap, and refuses only when one more would", () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { maxLength: 200 }),
        fc.constantFrom(0.2, 0.5, 0.15),
        (wantsQuota, maxShare) => {
          const rules = { ...RULES, lottery: { maxShare } };
          let used = 0;
          let total = 0;
          for (const wants of wantsQuota) {
            const q = lotteryQuota(used, total, rules);
            if (wants && q.allowed) used++;
            if (wants && !q.allowed) expect((used + 1) / (total + 1)).toBeGreaterThan(maxShare);
            total++;
            expect(used / total).toBeLessThanOrEqual(maxShare + 1e-12);
          }
        },
      ),
    );
  });
});

describe("lettingsInPeriod", () => {
  it("includes the start and excludes the end", () => {
    const a = letting({ letAt: new Date("2019-01-01T00:00:00Z") });
    const b = letting({ letAt: new Date("2019-04-01T00:00:00Z") });
    expect(
      lettingsInPeriod([a, b], new Date("2019-01-01T00:00:00Z"), new Date("2019-04-01T00:00:00Z")),
    ).toEqual([a]);
  });
});

describe("issue 14 tables", () => {
  it("reproduces [004]'s 2018 lettings by rent class (WoningNet: 238 / 1300 / 408 / 494 of 2440)", () => {
    const counts = [
      [238, 400],
      [1300, 550],
      [408, 620],
      [494, 700],
    ] as const;
    const ls = counts.flatMap(([k, rent]) => Array.from({ length: k }, () => letting({ netRent: rent })));
    const rows = rentClassTable([], ls, RULES);
    expect(rows.slice(0, 4).map((r) => Math.round(r.lettingsShare * 1000) / 10)).toEqual([
      9.8, 53.3, 16.7, 20.2,
    ]);
    expect(rows.map((r) => r.upTo)).toEqual([424.44, 597.3, 640.14, 720.42, RULES.middleRent.maxRent, null]);
  });

  it("splits the 30/70 balance by quarter on the Amsterdam calendar", () => {
    const ls = [
      // 31 March 23:30 UTC is 1 April in Amsterdam: quarter 2
      urgentA("MANTELZORG", { letAt: new Date("2019-03-31T23:30:00Z") }),
      letting({ letAt: new Date("2019-03-31T20:00:00Z") }),
      letting({ letAt: new Date("2019-11-01T10:00:00Z") }),
    ];
    expect(priorityShareByQuarter(ls, RULES).map((q) => [q.quarter, q.total, q.withPriority])).toEqual([
      [1, 1, 0],
      [2, 1, 1],
      [3, 0, 0],
      [4, 1, 0],
    ]);
  });

  it("lists the nine statutory categories of [003] with zeros, and counts special groups against [004]'s quotas", () => {
    const ls = [urgentA("MANTELZORG"), mediated("STATUSHOUDER"), mediated("LEAVING_PROTECTED_LIVING")];
    const rows = statutoryUrgencyRows(ls);
    expect(rows).toHaveLength(9);
    expect(rows[0]).toEqual({ category: "MANTELZORG", A: 1, B: 0, share: 1 / 3 });
    expect(rows.find((r) => r.category === "LEAVING_PROTECTED_LIVING")).toMatchObject({ A: 0, B: 1 });
    expect(rows.some((r) => r.category === "STATUSHOUDER")).toBe(false);
    const q = specialGroupLettings(ls, 2019);
    expect(q.map((r) => [r.quota.group, r.lettings, r.dwellingsPerYear])).toEqual([
      ["STATUSHOUDERS", 1, 150],
      ["UITSTROOM_MO_BW", 1, 385],
    ]);
    expect(specialGroupLettings(ls, 2022).map((r) => r.dwellingsPerYear)).toEqual([null, 385]);
  });

  it("flags Overvecht only when its share of special-group lettings exceeds the city's", () => {
    const names = new Map([
      ["ov", "Overvecht"],
      ["zuid", "Zuid"],
    ]);
    const m = { municipalityId: "utrecht" };
    const even = [
      mediated("STATUSHOUDER", { districtId: "ov", ...m }),
      letting({ districtId: "ov", ...m }),
      mediated("STATUSHOUDER", { districtId: "zuid", ...m }),
      letting({ districtId: "zuid", ...m }),
    ];
    expect(spreading(even, names).every((r) => !r.flagged && !r.exceedsMunicipality)).toBe(true);
    const more = [...even, mediated("STATUSHOUDER", { districtId: "ov", ...m })];
    const ov = spreading(more, names).find((r) => r.districtId === "ov")!;
    expect(ov).toMatchObject({
      watched: true,
      exceedsMunicipality: true,
      flagged: true,
      municipalityPriorityShare: 0.6,
    });
    // Zuid exceeding the city is reported but not flagged: the seeds watch Overvecht.
    const zuidHeavy = [...even, mediated("STATUSHOUDER", { districtId: "zuid", ...m })];
    expect(spreading(zuidHeavy, names).find((r) => r.districtId === "zuid")).toMatchObject({
      exceedsMunicipality: true,
      flagged: false,
    });
  });
});
