import { describe, expect, it } from "vitest";
import {
  CRITERION_MESSAGES_EN,
  CRITERION_MESSAGES_NL,
  explainCriterion,
  listingCriteria,
  type CriteriaListing,
} from "./criteria-messages.ts";
import { RULES } from "./testing/fixtures.ts";

const base: CriteriaListing = {
  rooms: 2,
  dwellingType: "APARTMENT",
  householdMin: 1,
  householdMax: 99,
  ageLabel: "NONE",
  incomeBand: "ORDINANCE",
  netRent: 550,
  allocationModel: "AANBOD",
};

describe("listingCriteria", () => {
  it("states age, household and income for every listing, with the rule set's numbers", () => {
    const c = listingCriteria({ ...base, netRent: 800 }, RULES);
    expect(c.map((x) => x.rule)).toEqual(["AGE_MINIMUM", "HOUSEHOLD_SIZE", "INCOME"]);
    expect(c[0]).toMatchObject({ params: { minAge: RULES.age.minimum } });
    expect(c[2]).toMatchObject({ params: { limit: 48655, band: "ORDINANCE" }, source: "[001] §E.1" });
  });

  it("adds the age label, the rent-benefit cap (social rent only) and the woongroep motivation", () => {
    const c = listingCriteria({ ...base, ageLabel: "YOUTH_18_23", allocationModel: "WOONGROEP" }, RULES);
    expect(c.map((x) => x.rule)).toEqual([
      "AGE_MINIMUM",
      "HOUSEHOLD_SIZE",
      "INCOME",
      "AGE_LABEL",
      "RENT_BENEFIT_CAP",
      "WOONGROEP",
    ]);
    // exactly at the liberalisation limit still counts as social rent
    const atLimit = listingCriteria({ ...base, netRent: RULES.rent.liberalisationLimit }, RULES);
    expect(atLimit.some((x) => x.rule === "RENT_BENEFIT_CAP")).toBe(true);
  });
});

describe("explainCriterion", () => {
  const [age, household, income, label, cap, woongroep] = listingCriteria(
    { ...base, householdMin: 2, householdMax: 4, ageLabel: "AGE_55_PLUS", allocationModel: "WOONGROEP" },
    RULES,
  );

  it("renders Dutch with Dutch number formatting", () => {
    expect(explainCriterion(income!, "nl")).toBe("Uw huishoudinkomen is niet hoger dan € 48.655 per jaar.");
    expect(explainCriterion(household!, "nl")).toBe("Voor huishoudens van 2 tot en met 4 personen.");
    expect(explainCriterion(cap!, "nl")).toContain("€ 597,30 per maand (1 of 2 personen)");
    expect(explainCriterion(label!, "nl")).toBe("Deze 55-pluswoning is voor 55 jaar en ouder.");
    expect(explainCriterion(age!, "nl")).toBe("U bent minimaal 18 jaar.");
    expect(explainCriterion(woongroep!, "nl")).toMatch(/woongroepcommissie/);
  });

  it("renders English with English number formatting", () => {
    expect(explainCriterion(income!, "en")).toBe("Your household income is at most €48,655 per year.");
    expect(explainCriterion(household!, "en")).toBe("For households of 2 to 4 persons.");
    expect(explainCriterion(cap!, "en")).toContain("€597.30 a month (1 or 2 persons) or €640.14");
    expect(explainCriterion(label!, "en")).toBe("This 55-plus dwelling is for people aged 55 and over.");
  });

  it("reads a household maximum of 99 as no maximum", () => {
    const [, h] = listingCriteria(base, RULES);
    expect(explainCriterion(h!, "nl")).toBe("Voor huishoudens van 1 persoon of meer.");
    expect(explainCriterion(h!, "en")).toBe("For households of 1 person or more.");
  });

  it("has a sentence for every criterion in both languages", () => {
    expect(Object.keys(CRITERION_MESSAGES_NL).sort()).toEqual(Object.keys(CRITERION_MESSAGES_EN).sort());
  });
});
