/**
 * Regional rules with municipal overrides (issue 8 item 5) and vital-profession lists (item 8).
 *
 * Seeds: [001] §E "Ruimte voor lokaal maatwerk in iedere gemeente"; [001] Voorstel III "De reden
 * voor verruiming van het zoekprofiel overlaten aan de gemeente. Toepassing van deze verruiming
 * alleen in de betreffende gemeente"; [004] "het zoekprofiel voor de uitstroom MO/BW en de
 * vrouwenopvang binnen de gemeente Utrecht te verruimen met boven- en benedenwoningen"; [001]
 * Voorstel II middle rent "Lokaal maatwerk: een gemeente kan ... verdere eisen stellen aan
 * inkomen, huur"; [003] "voorrang voor mensen die een vitaal beroep uitoefenen in de gemeente,
 * wel even aantonen dat beroepen schaars zijn in de gemeente".
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkEligibility, listingProblems } from "./eligibility.ts";
import { RuleSetValidationError } from "./errors.ts";
import { rankCandidates } from "./ranking.ts";
import { parseRuleSet, ruleSetForMunicipality, type RuleSet } from "./ruleset.ts";
import { arbCandidates, arbListing, arbSeeker } from "./testing/arbitraries.ts";
import { candidate, day, listing, noon, RULES, seeker, urgency } from "./testing/fixtures.ts";

const ON = noon("2019-06-15");
const UTRECHT = { municipalityId: "gm-utrecht", municipalityCode: "GM0344" };
const ZEIST = { municipalityId: "gm-zeist", municipalityCode: "GM0355" };

/** A ground-floor apartment (benedenwoning), 2 rooms, EUR 550 per month. */
const groundFloor = (place: { municipalityId: string; municipalityCode: string }) =>
  listing({ ...place, dwellingType: "GROUND_FLOOR_APARTMENT", floor: 0, netRent: 550 });

describe("search-profile widening applies only in its municipality ([001] Voorstel III, [004])", () => {
  const leavingShelter = seeker({ urgency: urgency({ category: "LEAVING_HOMELESS_SHELTER" }) });

  it("MO/BW/vrouwenopvang: a benedenwoning in Utrecht is in the profile, the same dwelling in Zeist is not", () => {
    // Default profile: apartments from the 1st floor [001] Voorstel III ("Het zoekprofiel is nu
    // uitsluitend voor appartementen vanaf de 1e verdieping"). Utrecht adds boven- en
    // benedenwoningen for the uitstroom MO/BW and vrouwenopvang [004].
    expect(checkEligibility(leavingShelter, groundFloor(UTRECHT), RULES, ON).urgencyPriority).toBe(true);
    expect(checkEligibility(leavingShelter, groundFloor(ZEIST), RULES, ON).urgencyPriority).toBe(false);
    const upper = listing({ ...UTRECHT, dwellingType: "UPPER_FLOOR_DWELLING", floor: 1 });
    expect(checkEligibility(leavingShelter, upper, RULES, ON).urgencyPriority).toBe(true);
  });

  it("other urgency categories keep the regional profile in Utrecht too", () => {
    const mantelzorg = seeker({ urgency: urgency({ category: "MANTELZORG" }) });
    const r = checkEligibility(mantelzorg, groundFloor(UTRECHT), RULES, ON);
    expect(r.urgencyPriority).toBe(false);
    expect(r.checks.find((c) => c.rule === "URGENCY_PROFILE")?.code).toBe("URGENCY_PROFILE_MISMATCH");
  });

  it("the widening ranks the urgent seeker first in Utrecht only", () => {
    const senior = seeker({ id: "long", registrationDate: day("2001-01-01") });
    const urgent = seeker({
      id: "urgent",
      registrationDate: day("2019-01-01"),
      urgency: urgency({ category: "LEAVING_PROTECTED_LIVING" }),
    });
    const order = (l: ReturnType<typeof listing>) =>
      rankCandidates(
        l,
        [senior, urgent].map((s) => candidate(s)),
        RULES,
        ON,
      ).ranked.map((r) => r.responseId);
    expect(order(groundFloor(UTRECHT))).toEqual(["r-urgent", "r-long"]);
    expect(order(groundFloor(ZEIST))).toEqual(["r-long", "r-urgent"]);
  });
});

describe("middle-rent limits per municipality ([001] Voorstel II lokaal maatwerk)", () => {
  // Regional: middle rent up to EUR 950 per month, income up to EUR 57,052 per year.
  const rules = parseRuleSet({
    ...RULES,
    municipalOverrides: { GM0355: { middleRent: { maxRent: 1000, maxIncome: 60000 } } },
  });
  const middle = (place: typeof ZEIST | typeof UTRECHT) =>
    listing({ ...place, incomeBand: "MIDDLE_RENT", netRent: 980, isNewBuild: true });

  it("EUR 980 per month is a middle rent in Zeist (max 1,000) and above the maximum in Utrecht (950)", () => {
    expect(listingProblems(middle(ZEIST), rules)).toEqual([]);
    expect(listingProblems(middle(UTRECHT), rules).map((p) => p.code)).toContain("RENT_ABOVE_MIDDLE_RENT");
  });

  it("a household earning EUR 58,000 per year qualifies in Zeist (60,000) and not in Utrecht (57,052)", () => {
    const s = seeker({ householdIncome: 58000, householdSize: 2 });
    const zeist = listing({ ...ZEIST, incomeBand: "MIDDLE_RENT", netRent: 900, isNewBuild: true });
    const utrecht = listing({ ...UTRECHT, incomeBand: "MIDDLE_RENT", netRent: 900, isNewBuild: true });
    expect(checkEligibility(s, zeist, rules, ON).eligible).toBe(true);
    expect(checkEligibility(s, utrecht, rules, ON).eligible).toBe(false);
  });

  it("overrides are validated: unknown fields, bad codes, and limits that cross after merging are refused", () => {
    const bad = (municipalOverrides: unknown) => () => parseRuleSet({ ...RULES, municipalOverrides });
    expect(bad({ GM0355: { middleRent: { maxRentt: 1000 } } })).toThrow(
      "municipalOverrides.GM0355.middleRent.maxRentt: unknown field",
    );
    expect(bad({ Zeist: {} })).toThrow(RuleSetValidationError);
    expect(bad({ GM0355: { middleRent: { maxRent: 700 } } })).toThrow(
      "municipalOverrides.GM0355.middleRent.maxRent: must be at least municipalOverrides.GM0355.middleRent.minRent",
    );
    expect(bad({ GM0355: { priority: { bindingMaxShare: 0.6 } } })).toThrow("at most 0.5");
  });
});

describe("vital professions: only listed professions count; an empty list gives nobody priority ([003])", () => {
  const nurse = seeker({
    id: "nurse",
    registrationDate: day("2018-01-01"),
    municipalityId: null,
    workMunicipalityId: "gm-utrecht",
    vitalProfession: "verpleegkundige",
  });
  const other = seeker({ id: "other", registrationDate: day("2000-01-01"), municipalityId: null });
  const rank = (l: ReturnType<typeof listing>, rules: RuleSet = RULES) =>
    rankCandidates(
      l,
      [other, nurse].map((s) => candidate(s)),
      rules,
      ON,
    ).ranked.map((r) => [r.responseId, r.reason.tier]);
  const vital = (o: Parameters<typeof listing>[0] = {}) =>
    listing({ ...UTRECHT, priorityRules: ["URGENCY", "VITAL_PROFESSION"], ...o });

  it("no list on the listing and none for the municipality: the nurse ranks by registration years only", () => {
    expect(rank(vital())).toEqual([
      ["r-other", "REGISTRATION_YEARS"],
      ["r-nurse", "REGISTRATION_YEARS"],
    ]);
  });

  it("the municipality's list counts when the listing names none, only in that municipality", () => {
    const rules = parseRuleSet({
      ...RULES,
      municipalOverrides: {
        ...RULES.municipalOverrides,
        GM0344: { ...RULES.municipalOverrides.GM0344, priority: { vitalProfessions: ["Verpleegkundige"] } },
      },
    });
    expect(ruleSetForMunicipality(rules, "GM0344").priority.vitalProfessions).toEqual(["verpleegkundige"]);
    expect(rank(vital(), rules)).toEqual([
      ["r-nurse", "VITAL_PROFESSION"],
      ["r-other", "REGISTRATION_YEARS"],
    ]);
    // The nurse works in Utrecht; a Zeist listing is not "in de gemeente" where she works, and
    // Zeist has no list.
    expect(rank(vital(ZEIST), rules)[0]![0]).toBe("r-other");
  });

  it("a listing's own list replaces the municipality's: a nurse does not count on a list of teachers", () => {
    expect(rank(vital({ vitalProfessions: ["leraar primair onderwijs"] }))[0]).toEqual([
      "r-other",
      "REGISTRATION_YEARS",
    ]);
    expect(rank(vital({ vitalProfessions: ["leraar primair onderwijs", "verpleegkundige"] }))[0]).toEqual([
      "r-nurse",
      "VITAL_PROFESSION",
    ]);
  });
});

describe("property: a listing outside a municipality is unaffected by that municipality's override", () => {
  // Every field an override can set, set to something different from the region.
  const wild = parseRuleSet({
    ...RULES,
    municipalOverrides: {
      GM0344: {
        middleRent: { minRent: 800, maxRent: 2000, maxIncome: 90000, newBuildOnly: false },
        priority: {
          mover: { leaveMinRooms: 1, takeMaxRooms: 6, orAdaptedDwelling: false, minAge: 70 },
          bindingMaxShare: 0.1,
          vitalProfessions: ["verpleegkundige", "leraar"],
        },
        urgency: {
          searchProfileWidening: {
            categories: [],
            dwellingTypes: ["SINGLE_FAMILY_HOUSE", "STUDIO", "GROUND_FLOOR_APARTMENT"],
          },
        },
      },
    },
  });
  const regional = parseRuleSet({ ...RULES, municipalOverrides: {} });
  const zeistListing = arbListing(["AANBOD", "LOTERIJ"]).map((l) => ({
    ...l,
    ...ZEIST,
    lotterySeed: "a1".repeat(32),
  }));

  it("eligibility and ranking of Zeist listings are the same with and without Utrecht's override", () => {
    fc.assert(
      fc.property(zeistListing, arbSeeker(ON), arbCandidates(ON, 12), (l, s, cs) => {
        expect(checkEligibility(s, l, wild, ON)).toEqual(checkEligibility(s, l, regional, ON));
        expect(listingProblems(l, wild)).toEqual(listingProblems(l, regional));
        const a = rankCandidates(l, cs, wild, ON);
        const b = rankCandidates(l, cs, regional, ON);
        expect(a.ranked.map((r) => [r.responseId, r.reason.tier])).toEqual(
          b.ranked.map((r) => [r.responseId, r.reason.tier]),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("…and the override does change something in Utrecht (the property is not vacuous)", () => {
    const l = listing({ ...UTRECHT, dwellingType: "SINGLE_FAMILY_HOUSE", floor: 0 });
    const s = seeker({ urgency: urgency() });
    expect(checkEligibility(s, l, wild, ON).urgencyPriority).toBe(true);
    expect(checkEligibility(s, l, regional, ON).urgencyPriority).toBe(false);
  });
});

describe("local binding at kern level ([001] 2b kleine kernenbinding, [003] eventueel op kernniveau)", () => {
  const vleuten = seeker({
    id: "vleuten",
    registrationDate: day("2018-01-01"),
    municipalityId: "gm-utrecht",
    core: "Vleuten",
  });
  const city = seeker({
    id: "city",
    registrationDate: day("2010-01-01"),
    municipalityId: "gm-utrecht",
    core: "Utrecht",
  });
  const worker = seeker({
    id: "worker",
    registrationDate: day("2017-01-01"),
    municipalityId: null,
    workMunicipalityId: "gm-utrecht",
    workCore: "Vleuten",
  });
  const tiers = (bindingCores: string[]) =>
    rankCandidates(
      listing({ ...UTRECHT, priorityRules: ["URGENCY", "LOCAL_BINDING"], bindingCores }),
      [city, vleuten, worker].map((s) => candidate(s)),
      RULES,
      ON,
    ).ranked.map((r) => [r.responseId, r.reason.tier]);

  it("municipality level: everyone living or working in Utrecht has binding, ordered by registration", () => {
    expect(tiers([])).toEqual([
      ["r-city", "LOCAL_BINDING"],
      ["r-worker", "LOCAL_BINDING"],
      ["r-vleuten", "LOCAL_BINDING"],
    ]);
  });

  it("kern Vleuten: only who lives or works in Vleuten has binding; a resident of Utrecht city ranks after them", () => {
    expect(tiers(["vleuten"])).toEqual([
      ["r-worker", "LOCAL_BINDING"],
      ["r-vleuten", "LOCAL_BINDING"],
      ["r-city", "REGISTRATION_YEARS"],
    ]);
  });
});
