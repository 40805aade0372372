import { describe, expect, it } from "vitest";
import { simulateYear, simulateYearSteps, type ReplayListing } from "./simulation.ts";
import { candidate, day, listing, RULES, seeker, urgency } from "./testing/fixtures.ts";

/**
 * Three listings closing on 1 March, 1 June and 1 September 2019, each answered by the same four
 * starters. Registration years by hand (anniversary convention, 2019 has 365 days):
 * - veteran: registered 2017-01-01 with 7.5 years retained from an earlier acceptance at 75%
 *   (so 10 years at 100%, 0 at 0%): 9.66 / 9.91 / 10.17 on the three dates;
 * - early (born 1960): registered 2008-01-01: 11.16 / 11.41 / 11.67;
 * - late (born 1999): registered 2014-01-01: 5.16 / 5.41 / 5.67;
 * - urgent: registered 2018-06-01, urgency MANTELZORG valid all 2019 with the default profile.
 */
const veteran = seeker({
  id: "veteran",
  registrationDate: day("2017-01-01"),
  retainedRegistrationYears: 7.5,
});
const early = seeker({ id: "early", registrationDate: day("2008-01-01"), birthDate: day("1960-02-01") });
const late = seeker({ id: "late", registrationDate: day("2014-01-01"), birthDate: day("1999-02-01") });
const urgent = seeker({
  id: "urgent",
  registrationDate: day("2018-06-01"),
  urgency: urgency({ category: "MANTELZORG" }),
});
const close = (iso: string) => new Date(`${iso}T10:00:00Z`);
const year: ReplayListing[] = ["2019-03-01", "2019-06-01", "2019-09-01"].map((d, i) => ({
  listing: listing({ id: `l${i + 1}` }),
  closedAt: close(d),
  candidates: [veteran, early, late, urgent].map((s) => candidate(s)),
}));
const group = (r: ReturnType<typeof simulateYear>, g: string) => r.groups.find((x) => x.group === g);

describe("simulateYear (issue 14 item 4)", () => {
  it("unchanged rules: both replays give l1 to urgent, l2 to early, l3 to veteran", () => {
    const r = simulateYear(year, RULES, {});
    expect(r).toMatchObject({
      listings: 3,
      letBaseline: 3,
      letScenario: 3,
      changedHands: 0,
      lotteryListings: 0,
    });
    expect(group(r, "URGENT")).toMatchObject({ housedBaseline: 1, housedScenario: 1 });
    expect(group(r, "AGE:55-64")).toMatchObject({ housedBaseline: 1, housedScenario: 1 });
    expect(group(r, "AGE:23-34")).toMatchObject({ housedBaseline: 2, housedScenario: 2 });
    expect(group(r, "AGE:18-22")).toBeUndefined();
    expect(r.method).toMatch(/allocation core's ranking/);
    expect(r.limits.join(" ")).toMatch(/same responses/);
  });

  it("retention 0%: the veteran's 7.5 retained years are gone, so late (aged 20) gets l3 instead", () => {
    const r = simulateYear(year, RULES, { retainedShareOnAcceptance: 0 });
    expect(r.changedListings).toEqual(["l3"]);
    expect(group(r, "AGE:18-22")).toMatchObject({ housedBaseline: 0, housedScenario: 1 });
    expect(group(r, "AGE:23-34")).toMatchObject({ housedBaseline: 2, housedScenario: 1 });
  });

  it("retention 100%: the veteran (12.41 years) takes l2 from early, who gets l3; 2.5 more years on average over 3", () => {
    const r = simulateYear(year, RULES, { retainedShareOnAcceptance: 1 });
    expect(r.changedListings).toEqual(["l2", "l3"]);
    const starters = group(r, "STARTER")!;
    expect(starters.housedScenario).toBe(3);
    expect(starters.meanYearsScenario - starters.meanYearsBaseline).toBeCloseTo(2.5 / 3, 4);
  });

  it("dropping MANTELZORG from urgency moves every listing along: early, veteran, late", () => {
    const r = simulateYear(year, RULES, { dropUrgencyCategories: ["MANTELZORG"] });
    expect(r.changedListings).toEqual(["l1", "l2", "l3"]);
    expect(group(r, "URGENT")).toMatchObject({ housedBaseline: 1, housedScenario: 0 });
  });

  it("a 20% lottery share draws every fifth AANBOD listing by lot, reproducibly per seed", () => {
    const ten: ReplayListing[] = Array.from({ length: 10 }, (_, i) => ({
      ...year[0]!,
      listing: listing({ id: `m${i}` }),
      closedAt: close(`2019-0${(i % 9) + 1}-15`),
    }));
    const r = simulateYear(ten, RULES, { lotteryShare: 0.2, seed: "x" });
    expect(r.lotteryListings).toBe(2);
    expect(simulateYear(ten, RULES, { lotteryShare: 0.2, seed: "x" })).toEqual(r);
    expect(simulateYear(year, RULES, { lotteryShare: 0 }).lotteryListings).toBe(0);
  });

  it("simulateYearSteps yields after every listing of both replays and returns the same report", () => {
    const steps = simulateYearSteps(year, RULES, { retainedShareOnAcceptance: 0 });
    const seen: number[] = [];
    let r = steps.next();
    for (; !r.done; r = steps.next()) seen.push(r.value.done);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.value).toEqual(simulateYear(year, RULES, { retainedShareOnAcceptance: 0 }));
  });

  it("reports progress for a job: after the baseline, then at the end", () => {
    const seen: [number, number][] = [];
    simulateYear(year, RULES, {}, (d, t) => seen.push([d, t]));
    expect(seen).toEqual([
      [3, 6],
      [6, 6],
    ]);
  });
});
