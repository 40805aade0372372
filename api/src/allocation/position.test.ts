import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  backtest,
  backtestAccumulator,
  backtestPointNear,
  candidateRankKeys,
  closedEntries,
  closedOrder,
  positionEstimator,
  currentPosition,
  currentPositionAmongKeys,
  indexRankKeys,
  expectedFinalPosition,
  positionIfRespondedNow,
  positionIfRespondedNowAmongKeys,
  rentClass,
  type ClosedListing,
  type ListingProfile,
} from "./position.ts";
import { InvalidInputError } from "./errors.ts";
import { rankCandidates } from "./ranking.ts";
import { arbCandidates, arbDate, arbListing, arbSeeker } from "./testing/arbitraries.ts";
import { candidate, day, listing, noon, RULES, seeker, urgency } from "./testing/fixtures.ts";

const ON = noon("2019-06-15");
const DAY = 86_400_000;

describe("currentPosition / positionIfRespondedNow", () => {
  const people = [
    seeker({ id: "a", registrationDate: day("2010-01-01") }),
    seeker({ id: "b", registrationDate: day("2012-01-01") }),
    seeker({ id: "c", registrationDate: day("2014-01-01") }),
  ];
  const cands = people.map((s) => candidate(s));

  it("is 1 + the eligible candidates ranked above", () => {
    expect(currentPosition(listing(), cands, "r-b", RULES, ON)).toMatchObject({
      kind: "RANKED",
      position: 2,
      total: 3,
    });
  });

  it("where a new seeker would stand now, and an urgent one", () => {
    const newcomer = seeker({ id: "n", registrationDate: day("2013-01-01") });
    expect(positionIfRespondedNow(listing(), cands, newcomer, RULES, ON)).toMatchObject({
      kind: "RANKED",
      position: 3,
      total: 4,
    });
    const urgent = seeker({ id: "u", registrationDate: day("2019-01-01"), urgency: urgency() });
    expect(positionIfRespondedNow(listing(), cands, urgent, RULES, ON)).toMatchObject({
      kind: "RANKED",
      position: 1,
      reason: { tier: "URGENCY" },
    });
  });

  it("a seeker who already responded gets their actual position", () => {
    expect(positionIfRespondedNow(listing(), cands, people[2]!, RULES, ON)).toMatchObject({
      kind: "RANKED",
      position: 3,
      total: 3,
    });
  });

  it("ineligible: the failing checks; direct mediation: no ranking", () => {
    const rich = seeker({ id: "x", householdIncome: 60000 });
    expect(positionIfRespondedNow(listing(), cands, rich, RULES, ON)).toMatchObject({
      kind: "NOT_ELIGIBLE",
      failed: [{ code: "INCOME_ABOVE_LIMIT" }],
    });
    expect(currentPosition(listing({ allocationModel: "BEMIDDELING" }), cands, "r-a", RULES, ON)).toEqual({
      kind: "NOT_RANKED",
    });
  });

  it("lottery before the draw: the range of the tier", () => {
    const urgent = seeker({ id: "u", urgency: urgency() });
    const l = listing({ allocationModel: "LOTERIJ" });
    const all = [...cands, candidate(urgent)];
    expect(currentPosition(l, all, "r-a", RULES, ON)).toMatchObject({
      kind: "LOTTERY_PENDING",
      from: 2,
      to: 4,
      total: 4,
    });
    expect(currentPosition(l, all, "r-u", RULES, ON)).toMatchObject({
      kind: "LOTTERY_PENDING",
      from: 1,
      to: 1,
    });
    const after = currentPosition({ ...l, lotterySeed: "a1".repeat(32) }, all, "r-a", RULES, ON);
    expect(after.kind).toBe("RANKED");
  });

  it("woongroep: a newcomer is assumed motivated but not yet reviewed", () => {
    const m = { motivation: "Ik help mee.", committeeVerdict: "SUITABLE" as const };
    const wg = people.map((s) => candidate(s, m));
    const newcomer = seeker({ id: "n", registrationDate: day("1990-01-01") });
    expect(
      positionIfRespondedNow(listing({ allocationModel: "WOONGROEP" }), wg, newcomer, RULES, ON),
    ).toMatchObject({ kind: "RANKED", position: 4, reason: { code: "WOONGROEP_AWAITING_REVIEW" } });
  });

  it("agrees with rankCandidates (property)", () => {
    fc.assert(
      fc.property(
        arbDate.chain((on) =>
          fc.tuple(fc.constant(on), arbListing(["AANBOD", "WOONGROEP"]), arbCandidates(on), arbSeeker(on)),
        ),
        ([on, l, cs, extra]) => {
          const ranking = rankCandidates(l, cs, RULES, on);
          for (const x of ranking.ranked) {
            expect(currentPosition(l, cs, x.responseId, RULES, on)).toMatchObject({
              kind: "RANKED",
              position: x.position,
              total: ranking.ranked.length,
            });
          }
          const newcomer = { ...extra, id: "seeker-new" };
          const hypothetical = positionIfRespondedNow(l, cs, newcomer, RULES, on);
          if (hypothetical.kind === "RANKED") {
            const withIt = rankCandidates(
              l,
              [
                ...cs,
                {
                  responseId: "\uffffhypothetical",
                  respondedAt: on,
                  motivation: "x",
                  committeeVerdict: "PENDING",
                  seeker: newcomer,
                },
              ],
              RULES,
              on,
            );
            expect(withIt.ranked.find((x) => x.seekerId === "seeker-new")?.position).toBe(
              hypothetical.position,
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("answers the same from stored rank keys as from all candidates (property)", () => {
    fc.assert(
      fc.property(
        arbDate.chain((on) =>
          fc.tuple(
            fc.constant(on),
            arbListing(["AANBOD", "WOONGROEP", "LOTERIJ"]),
            arbCandidates(on),
            arbSeeker(on),
          ),
        ),
        ([on, l, cs, extra]) => {
          // an open lottery (seed secret) and, for a lottery, the same after its draw
          const variants = l.allocationModel === "LOTERIJ" ? [{ ...l, lotterySeed: null }, l] : [l];
          for (const open of variants) {
            const keys = candidateRankKeys(open, cs, RULES, on);
            // the same keys prepared for binary search answer the same
            const index = indexRankKeys(keys);
            for (const c of cs) {
              const expected = currentPosition(open, cs, c.responseId, RULES, on);
              expect(currentPositionAmongKeys(open, keys, c, RULES, on)).toEqual(expected);
              expect(currentPositionAmongKeys(open, index, c, RULES, on)).toEqual(expected);
            }
            const newcomer = { ...extra, id: "seeker-new" };
            if (open.lotterySeed !== null && open.allocationModel === "LOTERIJ") continue;
            const expected = positionIfRespondedNow(open, cs, newcomer, RULES, on);
            expect(positionIfRespondedNowAmongKeys(open, keys, newcomer, RULES, on)).toEqual(expected);
            expect(positionIfRespondedNowAmongKeys(open, index, newcomer, RULES, on)).toEqual(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses a hypothetical response for a seeker who already responded", () => {
    const cs = [candidate(seeker({ id: "a" }))];
    const keys = candidateRankKeys(listing(), cs, RULES, ON);
    expect(() => positionIfRespondedNowAmongKeys(listing(), keys, seeker({ id: "a" }), RULES, ON)).toThrow(
      /already responded/,
    );
    expect(() =>
      positionIfRespondedNowAmongKeys(listing(), indexRankKeys(keys), seeker({ id: "a" }), RULES, ON),
    ).toThrow(/already responded/);
  });
});

// ── Expected final position ─────────────────────────────────────────────────────────────

const T0 = Date.UTC(2019, 0, 7, 9);

/** A closed listing whose every early responder (first half) is overtaken by exactly one late responder. */
function doubling(n: number, k: number, overrides: Partial<ListingProfile> = {}): ClosedListing {
  const publishedAt = new Date(T0 + k * 14 * DAY);
  const closesAt = new Date(publishedAt.getTime() + 14 * DAY);
  const finalOrder = Array.from({ length: 2 * n }, (_, i) => ({
    responseId: `l${k}-r${i}`,
    // Even final positions (index 0, 2, …) responded late (day 10), odd ones early (day 2).
    respondedAt: new Date(publishedAt.getTime() + (i % 2 === 0 ? 10 : 2) * DAY),
  }));
  return {
    listingId: `l${k}`,
    allocationModel: "AANBOD",
    districtId: "overvecht",
    netRent: 550,
    rooms: 2,
    publishedAt,
    closesAt,
    finalOrder: closedOrder(finalOrder),
    ...overrides,
  };
}

/**
 * A closed listing whose 2n responses all came on day 2 of 14; every second one in the order
 * (index 1, 3, …) withdrew on day `withdrawDay`: it stood in the order until then.
 */
function withdrawing(n: number, k: number, withdrawDay: number): ClosedListing {
  const d = doubling(n, k);
  return {
    ...d,
    finalOrder: closedOrder(
      closedEntries(d.finalOrder).map((r, i) => ({
        ...r,
        respondedAt: new Date(d.publishedAt.getTime() + 2 * DAY),
        withdrawnAt: i % 2 === 1 ? new Date(d.publishedAt.getTime() + withdrawDay * DAY) : null,
      })),
    ),
  };
}

describe("expectedFinalPosition", () => {
  const history = Array.from({ length: 8 }, (_, k) => doubling(20, k));
  const target: ListingProfile = {
    listingId: "target",
    allocationModel: "AANBOD",
    districtId: "overvecht",
    netRent: 560,
    rooms: 2,
    publishedAt: new Date(T0 + 200 * DAY),
    closesAt: new Date(T0 + 214 * DAY),
  };
  const halfway = new Date(T0 + 207 * DAY);

  it("scales the position by the growth seen in comparable listings", () => {
    expect(expectedFinalPosition(target, 5, halfway, history, RULES)).toEqual({
      expected: 10,
      low: 10,
      high: 10,
      method: "growth-quantiles:model+district+rentClass+rooms",
      comparableCount: 8,
      enoughComparables: true,
      elapsedShare: 0.5,
      pointCount: expect.any(Number),
    });
  });

  it("falls back step by step to broader comparables", () => {
    expect(expectedFinalPosition({ ...target, rooms: 4 }, 5, halfway, history, RULES).method).toBe(
      "growth-quantiles:model+district+rentClass",
    );
    expect(
      expectedFinalPosition({ ...target, rooms: 4, districtId: "zuid" }, 5, halfway, history, RULES).method,
    ).toBe("growth-quantiles:model+rentClass");
    expect(expectedFinalPosition({ ...target, netRent: 700 }, 5, halfway, history, RULES).method).toBe(
      "growth-quantiles:model",
    );
    expect(
      expectedFinalPosition(
        { ...target, allocationModel: "LOTERIJ", netRent: 700 },
        5,
        halfway,
        history,
        RULES,
      ).method,
    ).toBe("growth-quantiles:all");
  });

  it("uses only listings closed before now, and says so when there is no history", () => {
    const early = new Date(T0 + 20 * DAY); // only l0 closed by then
    // One comparable is fewer than the method needs (5): the estimate says so.
    expect(expectedFinalPosition(target, 3, early, history, RULES)).toMatchObject({
      comparableCount: 1,
      enoughComparables: false,
    });
    expect(expectedFinalPosition(target, 3, halfway, [], RULES)).toEqual({
      expected: 3,
      low: null,
      high: null,
      method: "no-history",
      comparableCount: 0,
      enoughComparables: false,
      elapsedShare: 0.5,
      pointCount: 0,
    });
  });

  it("after close the position is final", () => {
    expect(expectedFinalPosition(target, 7, target.closesAt, history, RULES)).toMatchObject({
      expected: 7,
      low: 7,
      high: 7,
      method: "closed",
    });
  });

  it("gives an interval from the spread of growth", () => {
    // Half the comparables double every position, half see no late responders at all.
    const flat = (k: number): ClosedListing => {
      const d = doubling(20, k);
      return {
        ...d,
        finalOrder: closedOrder(
          closedEntries(d.finalOrder).map((r) => ({
            ...r,
            respondedAt: new Date(d.publishedAt.getTime() + 2 * DAY),
          })),
        ),
      };
    };
    const mixed = [
      ...Array.from({ length: 7 }, (_, k) => doubling(20, k)),
      ...Array.from({ length: 7 }, (_, k) => flat(7 + k)),
    ];
    // 126 nearest ratios = positions 1..9 of all 14 listings: 63 ratios of 1 and 63 of 2.
    const e = expectedFinalPosition(target, 5, halfway, mixed, RULES, { nearestPoints: 126 });
    expect(e).toEqual({
      expected: 8,
      low: 5,
      high: 10,
      method: "growth-quantiles:model+district+rentClass+rooms",
      comparableCount: 14,
      enoughComparables: true,
      elapsedShare: 0.5,
      pointCount: 126,
    });
  });

  it("counts those ahead who withdrew later, as the seeker saw them: positions can improve", () => {
    // Six comparables: everyone responded on day 2; every second one (index 1, 3, …) withdrew on
    // day 10, after half-time. At half-time the live position of index 4 was 5, its final 3.
    const halving = Array.from({ length: 6 }, (_, k) => withdrawing(10, k, 10));
    const e = expectedFinalPosition(target, 5, halfway, halving, RULES, { nearestPoints: 6 });
    expect(e).toMatchObject({ expected: 3, low: 3, high: 3, enoughComparables: true, pointCount: 6 });
    // Never below position 1.
    expect(expectedFinalPosition(target, 1, halfway, halving, RULES).expected).toBe(1);
  });

  it("the estimator over a kept history answers as expectedFinalPosition, computing each group's model once (property)", () => {
    const mixed = [
      ...Array.from({ length: 6 }, (_, k) => doubling(12, k)),
      ...Array.from({ length: 6 }, (_, k) => withdrawing(12, 6 + k, 4 + k)),
      ...Array.from({ length: 4 }, (_, k) => doubling(8, 12 + k, { districtId: "zuid", rooms: 3 })),
    ];
    const estimator = positionEstimator(mixed, RULES);
    const span = target.closesAt.getTime() - target.publishedAt.getTime();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(target, { ...target, districtId: "zuid", rooms: 3 }, { ...target, netRent: 700 }),
        (percent, position, t) => {
          // on the estimator's 1% grid of the window, the answers are identical
          const now = new Date(t.publishedAt.getTime() + (percent / 100) * span);
          expect(estimator.estimate(t, position, now)).toEqual(
            expectedFinalPosition(t, position, now, mixed, RULES),
          );
        },
      ),
    );
    // one model per group and step, however many seekers asked
    expect(estimator.modelCount).toBeLessThanOrEqual(3 * 100);
    const before = estimator.modelCount;
    for (let p = 1; p <= 30; p++) estimator.estimate(target, p, halfway);
    expect(estimator.modelCount).toBeLessThanOrEqual(before + 1);
    // a position asked again within the same 1% step: the same figures, the moment's own elapsed share
    const at = (share: number) => new Date(target.publishedAt.getTime() + share * span);
    const first = estimator.estimate(target, 7, at(0.5012));
    const again = estimator.estimate(target, 7, at(0.5038));
    expect(again.elapsedShare).toBeCloseTo(0.5038, 6);
    expect({ ...again, elapsedShare: 0 }).toEqual({ ...first, elapsedShare: 0 });
    expect(first.elapsedShare).toBeCloseTo(0.5012, 6);
    // after close, or for a moment before the history closed, it answers as the uncached function
    expect(estimator.estimate(target, 4, target.closesAt)).toMatchObject({ method: "closed", expected: 4 });
    const early = new Date(T0 + 20 * DAY);
    expect(estimator.estimate(target, 3, early)).toEqual(
      expectedFinalPosition(target, 3, early, mixed, RULES),
    );
    expect(() => positionEstimator(mixed, RULES, {}, 0)).toThrow(InvalidInputError);
  });

  it("rent classes follow [004]", () => {
    expect([400, 424.44, 424.45, 597.3, 640.14, 720.42, 800, 1000].map((r) => rentClass(r, RULES))).toEqual([
      "UP_TO_QUALITY_DISCOUNT",
      "UP_TO_QUALITY_DISCOUNT",
      "UP_TO_CAPPING_LOW",
      "UP_TO_CAPPING_LOW",
      "UP_TO_CAPPING_HIGH",
      "UP_TO_LIBERALISATION",
      "MIDDLE",
      "FREE",
    ]);
  });
});

describe("backtest", () => {
  it("predicts doubling exactly once history exists, and beats the naive prediction", () => {
    const closed = Array.from({ length: 10 }, (_, k) => doubling(15, k));
    const r = backtest(closed, RULES);
    expect(r.listings).toBe(10);
    expect(r.predictions).toBe(150);
    expect(r.withoutHistory).toBe(15); // the first listing has no earlier history
    expect(r.medianAbsoluteError).toBe(0);
    expect(r.intervalCoverage).toBe(1);
    expect(r.naiveMeanAbsoluteError).toBeGreaterThan(r.meanAbsoluteError);
  });

  it("backtestAccumulator over every listing equals backtest; a subset predicts only those", () => {
    const closed = Array.from({ length: 10 }, (_, k) => doubling(15, k));
    const acc = backtestAccumulator(closed, RULES);
    for (const l of [...closed].reverse()) acc.add(l);
    expect(acc.result()).toEqual(backtest(closed, RULES));
    const recent = backtestAccumulator(closed, RULES);
    for (const l of closed.slice(-3)) recent.add(l);
    expect(recent.result()).toMatchObject({ listings: 3, predictions: 45, withoutHistory: 0 });
  });

  it("measures at a quarter, half and three quarters of the window, from live positions", () => {
    // Every second response withdraws on day 5 of 14 (between a quarter and half of the window).
    const closed = Array.from({ length: 10 }, (_, k) => withdrawing(15, k, 5));
    // One nearest ratio: the growth of exactly that live position in earlier listings.
    const r = backtest(closed, RULES, { nearestPoints: 1 });
    expect(r.byFraction.map((p) => p.fraction)).toEqual([0.25, 0.5, 0.75]);
    const [quarter, half, late] = r.byFraction;
    // At a quarter the withdrawers still stood ahead: live position 2j+1, final j+1. Predictions
    // only for those who stayed (15 per listing); the first listing has no history.
    expect(quarter).toMatchObject({ listings: 10, predictions: 150, withoutHistory: 15 });
    expect(quarter!.naiveMeanAbsoluteError).toBe(7); // mean of j = 0..14
    expect(quarter!.medianAbsoluteError).toBe(0); // the halving is learnt from earlier listings
    // From half-time on the withdrawers are gone: the live position is the final one.
    expect(half).toMatchObject({ predictions: 150, naiveMeanAbsoluteError: 0, meanAbsoluteError: 0 });
    expect(late).toMatchObject({ predictions: 150, naiveMeanAbsoluteError: 0 });
    // The top-level figures are half-time's.
    expect(r.meanAbsoluteError).toBe(half!.meanAbsoluteError);
    // A seeker is shown the point nearest their listing's elapsed share.
    expect(backtestPointNear(r, 0.1).fraction).toBe(0.25);
    expect(backtestPointNear(r, 0.6).fraction).toBe(0.5);
    expect(backtestPointNear(r, 0.95).fraction).toBe(0.75);
    expect(() => backtest(closed, RULES, {}, [0])).toThrow(InvalidInputError);
  });

  it("returns zeros for no data", () => {
    expect(backtest([], RULES)).toMatchObject({
      listings: 0,
      predictions: 0,
      medianAbsoluteError: 0,
      intervalCoverage: 0,
    });
  });
});
