import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkEligibility } from "./eligibility.ts";
import { DuplicateResponseError, InvalidInputError, LotterySeedRequiredError } from "./errors.ts";
import { lotteryOrder, lotteryTicket } from "./lottery.ts";
import { rankCandidates, tiersFor, type RankingResult } from "./ranking.ts";
import { arbCandidates, arbDate, arbListing, arbSeeker } from "./testing/arbitraries.ts";
import { candidate, day, listing, noon, RULES, seeker, urgency } from "./testing/fixtures.ts";
import type { CandidateInput } from "./types.ts";

const ON = noon("2019-06-15");
const SEED = "a1".repeat(32);
const ids = (r: RankingResult) => r.ranked.map((x) => x.responseId);

describe("rankCandidates: hand-worked orders", () => {
  it("AANBOD: registration years, longest first; the deciding reason carries the years", () => {
    const a = seeker({ id: "a", registrationDate: day("2015-06-15") }); // 4.0 years
    const b = seeker({ id: "b", registrationDate: day("2009-06-15") }); // 10.0 years
    const c = seeker({ id: "c", registrationDate: day("2017-06-15"), retainedRegistrationYears: 7.5 }); // 9.5 years
    const r = rankCandidates(
      listing(),
      [a, b, c].map((s) => candidate(s)),
      RULES,
      ON,
    );
    expect(ids(r)).toEqual(["r-b", "r-c", "r-a"]);
    expect(r.ranked.map((x) => x.registrationYears)).toEqual([10, 9.5, 4]);
    expect(r.ranked[0]!.reason).toMatchObject({
      tier: "REGISTRATION_YEARS",
      value: 10,
      code: "REGISTRATION_YEARS",
      orderedBy: "REGISTRATION_YEARS",
    });
    expect(r.ranked.map((x) => x.position)).toEqual([1, 2, 3]);
  });

  it("urgency with matching profile first, even with the shortest registration (DOMAIN §Ranking 1)", () => {
    const urgent = seeker({
      id: "u",
      registrationDate: day("2019-05-01"),
      urgency: urgency({ category: "MANTELZORG" }),
    });
    const veteran = seeker({ id: "v", registrationDate: day("1995-01-01") });
    const r = rankCandidates(listing(), [candidate(veteran), candidate(urgent)], RULES, ON);
    expect(ids(r)).toEqual(["r-u", "r-v"]);
    expect(r.ranked[0]!.reason).toMatchObject({
      tier: "URGENCY",
      code: "URGENCY_PROFILE_MATCH",
      params: { category: "MANTELZORG" },
    });
  });

  it("urgency outside the search profile or expired gives no priority", () => {
    const urgent = seeker({ id: "u", registrationDate: day("2019-05-01"), urgency: urgency() });
    const veteran = seeker({ id: "v", registrationDate: day("1995-01-01") });
    const cands = [candidate(urgent), candidate(veteran)];
    expect(
      ids(rankCandidates(listing({ dwellingType: "SINGLE_FAMILY_HOUSE", floor: 0 }), cands, RULES, ON)),
    ).toEqual(["r-v", "r-u"]);
    expect(ids(rankCandidates(listing(), cands, RULES, noon("2020-01-02")))).toEqual(["r-v", "r-u"]);
  });

  it("urgency is not a per-listing option: a regular listing that omits URGENCY still ranks the urgent household first ([001] §E.2c)", () => {
    // [001] §E.2c: urgency is limited only by the search profile. A 2nd-floor apartment is inside
    // the default profile (apartments from the 1st floor); the listing names only MOVER.
    const urgent = seeker({ id: "u", registrationDate: day("2019-05-01"), urgency: urgency() });
    const veteran = seeker({ id: "v", registrationDate: day("1995-01-01") });
    const cands = [candidate(urgent), candidate(veteran)];
    for (const l of [
      listing({ priorityRules: [] }),
      listing({ priorityRules: ["MOVER"] }),
      listing({ allocationModel: "LOTERIJ", priorityRules: [], lotterySeed: SEED }),
    ]) {
      expect(tiersFor(l, RULES)[0]).toBe("URGENCY");
      const r = rankCandidates(l, cands, RULES, ON);
      expect(ids(r)).toEqual(["r-u", "r-v"]);
      expect(r.ranked[0]!.reason).toMatchObject({ tier: "URGENCY", code: "URGENCY_PROFILE_MATCH" });
    }
    // Woongroep and mediation have no priority tiers at all.
    expect(
      tiersFor(listing({ allocationModel: "WOONGROEP", priorityRules: ["URGENCY"] }), RULES),
    ).not.toContain("URGENCY");
  });

  it("property: on AANBOD and LOTERIJ an urgent candidate whose profile matches is ranked above every candidate without urgency priority, whatever priorityRules say", () => {
    fc.assert(
      fc.property(
        arbDate.chain((on) =>
          fc.tuple(fc.constant(on), arbListing(["AANBOD", "LOTERIJ"]), arbCandidates(on)),
        ),
        ([on, l0, cands]) => {
          const l = { ...l0, priorityRules: l0.priorityRules.filter((r) => r !== "URGENCY") };
          const l0WithUrgency = { ...l, priorityRules: [...l.priorityRules, "URGENCY" as const] };
          const r = rankCandidates(l, cands, RULES, on);
          let seenOther = false;
          for (const x of r.ranked) {
            const c = cands.find((k) => k.responseId === x.responseId)!;
            // Urgency priority as a listing naming URGENCY would give it: omitting it changes nothing.
            const urgent = checkEligibility(c.seeker, l0WithUrgency, RULES, on, c).urgencyPriority;
            if (!urgent) seenOther = true;
            else expect(seenOther).toBe(false);
            expect(x.reason.tier === "URGENCY").toBe(urgent);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("urgency valid through the close date counts at the close time (DOMAIN §Ranking 1: valid on the close date)", () => {
    // The API stores validFrom/validUntil date-only (UTC midnight); the listing closes at 17:00
    // Amsterdam time on the declaration's last day.
    const urgent = seeker({
      id: "u",
      registrationDate: day("2019-05-01"),
      urgency: urgency({ validFrom: day("2019-01-15"), validUntil: day("2019-07-15") }),
    });
    const veteran = seeker({ id: "v", registrationDate: day("1995-01-01") });
    const close = new Date("2019-07-15T15:00:00Z");
    const r = rankCandidates(listing(), [candidate(veteran), candidate(urgent)], RULES, close);
    expect(ids(r)).toEqual(["r-u", "r-v"]);
    expect(r.ranked[0]!.reason.tier).toBe("URGENCY");
    // One day after the last day it no longer does.
    const later = rankCandidates(
      listing(),
      [candidate(veteran), candidate(urgent)],
      RULES,
      new Date("2019-07-16T15:00:00Z"),
    );
    expect(ids(later)).toEqual(["r-v", "r-u"]);
  });

  it("mover leaving 4 rooms for 3 rooms gets priority, leaving 3 rooms does not [001] Voorstel I", () => {
    const mover4 = seeker({
      id: "m4",
      registrationDate: day("2018-01-01"),
      currentDwellingKind: "INDEPENDENT_RENTAL",
      currentDwellingRooms: 4,
      householdIncome: 30000,
    });
    const mover3 = seeker({
      id: "m3",
      registrationDate: day("2017-01-01"),
      currentDwellingKind: "INDEPENDENT_RENTAL",
      currentDwellingRooms: 3,
    });
    const owner = seeker({
      id: "o",
      registrationDate: day("2016-01-01"),
      currentDwellingKind: "OWNER_OCCUPIED",
      currentDwellingRooms: 5,
    });
    const regular = seeker({ id: "r", registrationDate: day("2000-01-01") });
    const l = listing({ rooms: 3, priorityRules: ["URGENCY", "MOVER"] });
    const r = rankCandidates(
      l,
      [regular, owner, mover3, mover4].map((s) => candidate(s)),
      RULES,
      ON,
    );
    expect(ids(r)).toEqual(["r-m4", "r-r", "r-o", "r-m3"]);
    expect(r.ranked[0]!.reason).toMatchObject({
      tier: "MOVER",
      params: { leftRooms: 4, rooms: 3, adapted: false },
    });
    // A 4-room dwelling qualifies only when adapted.
    expect(
      ids(rankCandidates({ ...l, rooms: 4 }, [candidate(regular), candidate(mover4)], RULES, ON)),
    ).toEqual(["r-r", "r-m4"]);
    expect(
      ids(
        rankCandidates(
          { ...l, rooms: 4, dwellingType: "SENIOR_DWELLING" },
          [candidate(regular), candidate(mover4)],
          RULES,
          ON,
        ),
      ),
    ).toEqual(["r-m4", "r-r"]);
  });

  it("tiers follow the rule-set order: urgency, mover, vital profession, local binding, then the rest [003]", () => {
    const base = { registrationDate: day("2018-01-01") };
    const people = [
      seeker({ id: "plain", registrationDate: day("1990-01-01"), municipalityId: null }),
      seeker({
        id: "vital",
        ...base,
        municipalityId: null,
        workMunicipalityId: "gm-utrecht",
        vitalProfession: "verpleegkundige",
      }),
      seeker({ id: "local", ...base, municipalityId: "gm-utrecht" }),
      seeker({
        id: "mover",
        ...base,
        municipalityId: null,
        currentDwellingKind: "INDEPENDENT_RENTAL",
        currentDwellingRooms: 5,
      }),
      seeker({ id: "urgent", ...base, municipalityId: null, urgency: urgency() }),
    ];
    const l = listing({
      priorityRules: ["VITAL_PROFESSION", "LOCAL_BINDING", "MOVER", "URGENCY"],
      vitalProfessions: ["verpleegkundige"],
    });
    expect(tiersFor(l, RULES)).toEqual([
      "URGENCY",
      "MOVER",
      "VITAL_PROFESSION",
      "LOCAL_BINDING",
      "REGISTRATION_YEARS",
    ]);
    const r = rankCandidates(
      l,
      people.map((s) => candidate(s)),
      RULES,
      ON,
    );
    expect(ids(r)).toEqual(["r-urgent", "r-mover", "r-vital", "r-local", "r-plain"]);
    expect(r.ranked[2]!.reason).toMatchObject({
      tier: "VITAL_PROFESSION",
      params: { profession: "verpleegkundige" },
    });
    expect(r.ranked[3]!.reason).toMatchObject({ tier: "LOCAL_BINDING", params: { via: "RESIDENCE" } });
    // Without the vital-profession rule the nurse still has economic binding through work.
    const bindingOnly = rankCandidates(
      { ...l, priorityRules: ["LOCAL_BINDING"] },
      people.map((s) => candidate(s)),
      RULES,
      ON,
    );
    expect(bindingOnly.ranked.find((x) => x.responseId === "r-vital")!.reason).toMatchObject({
      tier: "LOCAL_BINDING",
      params: { via: "WORK" },
    });
  });

  it("vital profession counts only for the listed professions and when working in the municipality", () => {
    const nurse = seeker({
      id: "n",
      registrationDate: day("2018-01-01"),
      municipalityId: null,
      workMunicipalityId: "gm-utrecht",
      vitalProfession: "verpleegkundige",
    });
    const plain = seeker({ id: "p", registrationDate: day("2000-01-01") });
    const cands = [candidate(nurse), candidate(plain)];
    expect(
      ids(
        rankCandidates(
          listing({ priorityRules: ["VITAL_PROFESSION"], vitalProfessions: ["leraar"] }),
          cands,
          RULES,
          ON,
        ),
      ),
    ).toEqual(["r-p", "r-n"]);
    expect(
      ids(
        rankCandidates(
          listing({ priorityRules: ["VITAL_PROFESSION"], municipalityId: "gm-zeist" }),
          cands,
          RULES,
          ON,
        ),
      ),
    ).toEqual(["r-p", "r-n"]);
    expect(
      ids(
        rankCandidates(
          listing({ priorityRules: ["VITAL_PROFESSION"], vitalProfessions: ["verpleegkundige"] }),
          cands,
          RULES,
          ON,
        ),
      ),
    ).toEqual(["r-n", "r-p"]);
  });

  it("ties: earlier registration date, then earlier response, then response id", () => {
    // Same total years (5.0): registered 2014-06-15, or 2016-06-15 with 2 retained years.
    const early = seeker({ id: "early", registrationDate: day("2014-06-15") });
    const retained = seeker({
      id: "retained",
      registrationDate: day("2016-06-15"),
      retainedRegistrationYears: 2,
    });
    const t = new Date("2019-06-01T08:00:00Z");
    const r1 = rankCandidates(
      listing(),
      [candidate(retained, { respondedAt: t }), candidate(early, { respondedAt: new Date(t.getTime() + 1) })],
      RULES,
      ON,
    );
    expect(ids(r1)).toEqual(["r-early", "r-retained"]);

    const x = seeker({ id: "x", registrationDate: day("2014-06-15") });
    const y = seeker({ id: "y", registrationDate: day("2014-06-15") });
    const r2 = rankCandidates(
      listing(),
      [candidate(x, { respondedAt: new Date(t.getTime() + 60_000) }), candidate(y, { respondedAt: t })],
      RULES,
      ON,
    );
    expect(ids(r2)).toEqual(["r-y", "r-x"]);

    const r3 = rankCandidates(
      listing(),
      [candidate(y, { responseId: "b", respondedAt: t }), candidate(x, { responseId: "a", respondedAt: t })],
      RULES,
      ON,
    );
    expect(ids(r3)).toEqual(["a", "b"]);
  });

  it("LOTERIJ: regular candidates in lottery order; urgency still first", () => {
    const people = ["p", "q", "s", "t", "w"].map((id, i) =>
      seeker({ id, registrationDate: day(`${2000 + i}-01-01`) }),
    );
    const urgent = seeker({ id: "u", registrationDate: day("2019-01-01"), urgency: urgency() });
    const cands = [...people, urgent].map((s) => candidate(s));
    const r = rankCandidates(listing({ allocationModel: "LOTERIJ", lotterySeed: SEED }), cands, RULES, ON);
    expect(ids(r)[0]).toBe("r-u");
    expect(r.ranked[0]!.reason).toMatchObject({ tier: "URGENCY", orderedBy: "LOTTERY" });
    expect(ids(r).slice(1)).toEqual(
      lotteryOrder(
        SEED,
        people.map((s) => `e-${s.id}`),
      ).map((entry) => `r-${entry.slice(2)}`),
    );
    expect(r.ranked[1]!.reason.tier).toBe("LOTTERY");
    expect(r.ranked[1]!.reason.value).toBe(lotteryTicket(SEED, `e-${ids(r)[1]!.slice(2)}`));
  });

  it("LOTERIJ: response ids do not influence the draw; the ticket hashes the entry code [issue 8 item 11]", () => {
    // The platform issues response ids after it could know the seed; the order must not move
    // when they change. Same seekers, same entry codes, response ids reversed.
    const people = ["p", "q", "s", "t", "w", "x", "y", "z"].map((id) => seeker({ id }));
    const l = listing({ allocationModel: "LOTERIJ", lotterySeed: SEED });
    const seekersInOrder = (r: ReturnType<typeof rankCandidates>) => r.ranked.map((c) => c.seekerId);
    const a = rankCandidates(
      l,
      people.map((s, i) => candidate(s, { responseId: `id-${i}` })),
      RULES,
      ON,
    );
    const b = rankCandidates(
      l,
      people.map((s, i) => candidate(s, { responseId: `id-${people.length - 1 - i}` })),
      RULES,
      ON,
    );
    expect(seekersInOrder(b)).toEqual(seekersInOrder(a));
    // And an eligible candidate of a drawn lottery without an entry code is bad input.
    expect(() => rankCandidates(l, [candidate(people[0]!, { lotteryEntry: null })], RULES, ON)).toThrow(
      InvalidInputError,
    );
    expect(() =>
      rankCandidates(l, [candidate(people[0]!), candidate(people[1]!, { lotteryEntry: "e-p" })], RULES, ON),
    ).toThrow(DuplicateResponseError);
  });

  it("LOTERIJ: renaming every response id keeps the order of the seekers (property)", () => {
    fc.assert(
      fc.property(
        arbListing(["LOTERIJ"]),
        arbCandidates(ON),
        fc.string({ minLength: 1, maxLength: 6 }),
        (l, cands, prefix) => {
          const renamed = [...cands].reverse().map((c, i) => ({ ...c, responseId: `${prefix}${i}` }));
          const seekers = (r: ReturnType<typeof rankCandidates>) => r.ranked.map((c) => c.seekerId);
          expect(seekers(rankCandidates(l, renamed, RULES, ON))).toEqual(
            seekers(rankCandidates(l, cands, RULES, ON)),
          );
        },
      ),
    );
  });

  it("LOTERIJ without a revealed seed cannot be ranked", () => {
    expect(() =>
      rankCandidates(listing({ allocationModel: "LOTERIJ" }), [candidate(seeker())], RULES, ON),
    ).toThrow(LotterySeedRequiredError);
  });

  it("WOONGROEP: suitable first by registration years, then not yet reviewed; unsuitable and unmotivated removed [000]", () => {
    const m = "Ik organiseer de buurtmaaltijd.";
    const suitableNew = candidate(seeker({ id: "sn", registrationDate: day("2018-01-01") }), {
      motivation: m,
      committeeVerdict: "SUITABLE",
    });
    const suitableOld = candidate(seeker({ id: "so", registrationDate: day("2010-01-01") }), {
      motivation: m,
      committeeVerdict: "SUITABLE",
    });
    const pendingOld = candidate(seeker({ id: "po", registrationDate: day("1995-01-01") }), {
      motivation: m,
      committeeVerdict: "PENDING",
    });
    const unsuitable = candidate(seeker({ id: "un", registrationDate: day("1980-01-01") }), {
      motivation: m,
      committeeVerdict: "UNSUITABLE",
    });
    const silent = candidate(seeker({ id: "si", registrationDate: day("1985-01-01") }), {
      motivation: null,
      committeeVerdict: "PENDING",
    });
    const urgent = candidate(seeker({ id: "ur", registrationDate: day("2019-01-01"), urgency: urgency() }), {
      motivation: m,
      committeeVerdict: "PENDING",
    });
    const r = rankCandidates(
      listing({ allocationModel: "WOONGROEP" }),
      [unsuitable, pendingOld, suitableNew, silent, suitableOld, urgent],
      RULES,
      ON,
    );
    expect(ids(r)).toEqual(["r-so", "r-sn", "r-po", "r-ur"]);
    expect(r.ranked[0]!.reason).toMatchObject({ tier: "WOONGROEP_SUITABLE", code: "WOONGROEP_SUITABLE" });
    expect(r.ranked[2]!.reason).toMatchObject({
      tier: "REGISTRATION_YEARS",
      code: "WOONGROEP_AWAITING_REVIEW",
    });
    expect(r.excluded.map((e) => [e.responseId, e.reason, e.failed.map((f) => f.code)])).toEqual([
      ["r-un", "INELIGIBLE", ["WOONGROEP_UNSUITABLE"]],
      ["r-si", "INELIGIBLE", ["WOONGROEP_MOTIVATION_MISSING"]],
    ]);
  });

  it("BEMIDDELING: nobody ranked; everyone returned with their checks", () => {
    const r = rankCandidates(
      listing({ allocationModel: "BEMIDDELING" }),
      [candidate(seeker({ id: "a" })), candidate(seeker({ id: "b", householdIncome: 90000 }))],
      RULES,
      ON,
    );
    expect(r.ranked).toEqual([]);
    expect(r.excluded.map((e) => [e.responseId, e.reason, e.failed.length])).toEqual([
      ["r-a", "DIRECT_MEDIATION", 0],
      ["r-b", "DIRECT_MEDIATION", 1],
    ]);
  });

  it("ineligible candidates are excluded with their failing checks", () => {
    const rich = seeker({ id: "rich", householdIncome: 52000 });
    const r = rankCandidates(
      listing({ incomeBand: "ORDINANCE" }),
      [candidate(rich), candidate(seeker({ id: "ok" }))],
      RULES,
      ON,
    );
    expect(ids(r)).toEqual(["r-ok"]);
    expect(r.excluded[0]).toMatchObject({ responseId: "r-rich", seekerId: "rich", reason: "INELIGIBLE" });
    expect(r.excluded[0]!.failed.map((f) => f.code)).toEqual(["INCOME_ABOVE_LIMIT"]);
  });

  it("rejects duplicate responses and duplicate seekers", () => {
    const s = seeker();
    expect(() => rankCandidates(listing(), [candidate(s), candidate(s)], RULES, ON)).toThrow(
      DuplicateResponseError,
    );
    expect(() =>
      rankCandidates(
        listing(),
        [candidate(s, { responseId: "a" }), candidate(s, { responseId: "b" })],
        RULES,
        ON,
      ),
    ).toThrow(/duplicate seeker/);
  });
});

// ── Properties ────────────────────────────────────────────────────────────────────────────

const arbCase = arbDate.chain((on) => fc.tuple(fc.constant(on), arbListing(), arbCandidates(on)));

describe("rankCandidates: properties", () => {
  it("ranks exactly the eligible candidates, each once, positions 1..n; excluded ones have a failing check", () => {
    fc.assert(
      fc.property(arbCase, ([on, l, cands]) => {
        const r = rankCandidates(l, cands, RULES, on);
        const eligible = cands
          .filter((c) => checkEligibility(c.seeker, l, RULES, on, c).eligible)
          .map((c) => c.responseId);
        expect([...ids(r)].sort()).toEqual([...eligible].sort());
        expect(r.ranked.map((x) => x.position)).toEqual(r.ranked.map((_, i) => i + 1));
        expect(r.ranked.length + r.excluded.length).toBe(cands.length);
        for (const e of r.excluded) {
          expect(e.reason).toBe("INELIGIBLE");
          expect(e.failed.length).toBeGreaterThanOrEqual(1);
          expect(e.failed.every((f) => !f.passed && f.affects === "ELIGIBILITY")).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("an urgent candidate with a matching profile is never below a regular one (AANBOD, LOTERIJ)", () => {
    fc.assert(
      fc.property(
        arbDate.chain((on) =>
          fc.tuple(fc.constant(on), arbListing(["AANBOD", "LOTERIJ"]), arbCandidates(on)),
        ),
        ([on, l, cands]) => {
          const r = rankCandidates(l, cands, RULES, on);
          const byId = new Map(cands.map((c) => [c.responseId, c]));
          const urgentPositions = r.ranked
            .filter((x) => checkEligibility(byId.get(x.responseId)!.seeker, l, RULES, on).urgencyPriority)
            .map((x) => x.position);
          const regularPositions = r.ranked
            .filter((x) => x.reason.tier === "REGISTRATION_YEARS" || x.reason.tier === "LOTTERY")
            .map((x) => x.position);
          if (urgentPositions.length && regularPositions.length) {
            expect(Math.max(...urgentPositions)).toBeLessThan(Math.min(...regularPositions));
          }
          // With URGENCY first in the rule-set order, every matching urgent candidate is in the URGENCY tier.
          for (const p of urgentPositions) expect(r.ranked[p - 1]!.reason.tier).toBe("URGENCY");
        },
      ),
      { numRuns: 400 },
    );
  });

  it("adding a candidate never moves anyone ranked above them; those below move down by one", () => {
    fc.assert(
      fc.property(
        arbDate.chain((on) => fc.tuple(fc.constant(on), arbListing(), arbCandidates(on), arbSeeker(on))),
        ([on, l, cands, extraSeeker]) => {
          const extra: CandidateInput = {
            responseId: "resp-new",
            respondedAt: on,
            motivation: "Ik help mee.",
            committeeVerdict: "SUITABLE",
            lotteryEntry: "entry-of-seeker-new",
            seeker: { ...extraSeeker, id: "seeker-new" },
          };
          const before = rankCandidates(l, cands, RULES, on);
          const after = rankCandidates(l, [...cands, extra], RULES, on);
          const posBefore = new Map(before.ranked.map((x) => [x.responseId, x.position]));
          const newPos = after.ranked.find((x) => x.responseId === "resp-new")?.position ?? Infinity;
          for (const x of after.ranked) {
            if (x.responseId === "resp-new") continue;
            const expected = x.position < newPos ? x.position : x.position - 1;
            expect(posBefore.get(x.responseId)).toBe(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("does not depend on the order of the input", () => {
    fc.assert(
      fc.property(
        arbCase.chain(([on, l, cands]) =>
          fc.tuple(
            fc.constant(on),
            fc.constant(l),
            fc.constant(cands),
            fc.shuffledSubarray(cands, { minLength: cands.length }),
          ),
        ),
        ([on, l, cands, shuffled]) => {
          expect(ids(rankCandidates(l, shuffled, RULES, on))).toEqual(
            ids(rankCandidates(l, cands, RULES, on)),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("woongroep: an UNSUITABLE verdict removes a candidate whatever their registration years", () => {
    fc.assert(
      fc.property(
        arbDate.chain((on) =>
          fc.tuple(
            fc.constant(on),
            arbListing(["WOONGROEP"]),
            arbCandidates(on),
            fc.integer({ min: 0, max: 60 }),
          ),
        ),
        ([on, l, cands, years]) => {
          const veteran: CandidateInput = {
            responseId: "resp-veteran",
            respondedAt: on,
            motivation: "Twintig jaar buurtwerk.",
            committeeVerdict: "UNSUITABLE",
            seeker: {
              ...seeker({ id: "seeker-veteran" }),
              registrationDate: day("1970-01-01"),
              retainedRegistrationYears: years,
            },
          };
          const r = rankCandidates(l, [...cands, veteran], RULES, on);
          expect(ids(r)).not.toContain("resp-veteran");
          const ex = r.excluded.find((e) => e.responseId === "resp-veteran");
          expect(ex?.failed.map((f) => f.code)).toContain("WOONGROEP_UNSUITABLE");
        },
      ),
      { numRuns: 200 },
    );
  });
});
