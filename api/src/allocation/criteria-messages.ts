/**
 * A listing's criteria in plain language (what the public listing page shows before anyone signs
 * in): which criteria apply to a listing under a rule set, with their numbers, and one Dutch and
 * one English sentence per criterion. The tables are typed against the criterion codes, like the
 * check and rank-reason tables in messages.ts, so a new code without its sentences fails to
 * compile. Formatting follows messages.ts (`€ 48.655` / `€48,655`, rents always with cents).
 *
 * @module
 */
import type { LabelledAge } from "./eligibility.ts";
import { householdRange, incomeLimitForBand } from "./eligibility.ts";
import { AGE_RANGE, FORMATTERS, HOUSEHOLD_RANGE, type Language } from "./messages.ts";
import { atMost } from "./money.ts";
import type { RuleSet } from "./ruleset.ts";
import type { AgeLabel, AllocationModel, DwellingType, IncomeBand } from "./types.ts";

/** The numbers each criterion states (income EUR per year, rent EUR per month, ages in years). */
export interface CriterionParamsByCode {
  /** Minimum age to register and respond [003]. */
  AGE_MINIMUM: { minAge: number };
  /**
   * Household size range of the listing; `householdMax` >= 99 means no maximum. `fromRuleSet`: the
   * listing sets none of its own, the rule set's table for `rooms` rooms applies [001] §B.
   */
  HOUSEHOLD_SIZE: { householdMin: number; householdMax: number; fromRuleSet: boolean; rooms: number };
  /** Income limit of the listing's income band [001] §E.1. */
  INCOME: { limit: number; band: IncomeBand };
  /** Age label (55+, 65+, youth) and its range from the rule set. */
  AGE_LABEL: { label: LabelledAge; minAge: number; maxAge: number | null };
  /** Capping thresholds for households qualifying for rent benefit (social rent only). */
  RENT_BENEFIT_CAP: { thresholdLow: number; thresholdHigh: number };
  /** Woongroep: a motivation reviewed by the committee [000]. */
  WOONGROEP: Record<string, never>;
}

/** Code of a listing criterion (the GraphQL `ListingCriterion.rule`). */
export type CriterionCode = keyof CriterionParamsByCode;

/** One criterion with its numbers and source rule. */
export type ListingCriterion = {
  [C in CriterionCode]: { rule: C; params: CriterionParamsByCode[C]; source: string };
}[CriterionCode];

/** What the criteria depend on (net rent EUR per month). */
export interface CriteriaListing {
  /** The listing's own minimum, persons, or `null` (the rule set's table applies). */
  householdMin: number | null;
  /** The listing's own maximum, persons, or `null` (the rule set's table applies). */
  householdMax: number | null;
  /** Rooms of the dwelling (the household-size table is by rooms). */
  rooms: number;
  /** Kind of dwelling (table rows may name kinds). */
  dwellingType: DwellingType;
  ageLabel: AgeLabel;
  incomeBand: IncomeBand;
  netRent: number;
  allocationModel: AllocationModel;
}

/**
 * The criteria of a listing under a rule set, in a fixed order: minimum age, household size,
 * income, then the age label (when any), the rent-benefit capping thresholds (rent up to the
 * liberalisation limit) and the woongroep motivation (WOONGROEP listings).
 */
export function listingCriteria(listing: CriteriaListing, ruleSet: RuleSet): ListingCriterion[] {
  const out: ListingCriterion[] = [
    { rule: "AGE_MINIMUM", params: { minAge: ruleSet.age.minimum }, source: '[003] "Wie doen mee?"' },
    {
      rule: "HOUSEHOLD_SIZE",
      params: (() => {
        const r = householdRange(listing, ruleSet);
        return { householdMin: r.min, householdMax: r.max, fromRuleSet: r.fromRuleSet, rooms: listing.rooms };
      })(),
      source: "[001] §B, §E.2a",
    },
    {
      rule: "INCOME",
      params: { limit: incomeLimitForBand(listing.incomeBand, ruleSet), band: listing.incomeBand },
      source: "[001] §E.1",
    },
  ];
  if (listing.ageLabel !== "NONE") {
    const r = ruleSet.ageLabels[listing.ageLabel];
    out.push({
      rule: "AGE_LABEL",
      params: { label: listing.ageLabel, minAge: r.minAge, maxAge: r.maxAge },
      source: "[003]; [004] Jongvolwassenen",
    });
  }
  if (atMost(listing.netRent, ruleSet.rent.liberalisationLimit)) {
    out.push({
      rule: "RENT_BENEFIT_CAP",
      params: {
        thresholdLow: ruleSet.rent.cappingThresholdLow,
        thresholdHigh: ruleSet.rent.cappingThresholdHigh,
      },
      source: "[004] huurklassen; passend toewijzen",
    });
  }
  if (listing.allocationModel === "WOONGROEP") out.push({ rule: "WOONGROEP", params: {}, source: "[000]" });
  return out;
}

type CriterionTable = { [C in CriterionCode]: (p: CriterionParamsByCode[C]) => string };

const NL = FORMATTERS.nl;
const EN = FORMATTERS.en;

/** Dutch sentences per criterion. */
export const CRITERION_MESSAGES_NL: CriterionTable = {
  AGE_MINIMUM: (p) => `U bent minimaal ${p.minAge} jaar.`,
  HOUSEHOLD_SIZE: (p) =>
    `Voor huishoudens van ${HOUSEHOLD_RANGE.nl(p.householdMin, p.householdMax)}${p.fromRuleSet ? ` (de regel voor woningen met ${NL.rooms(p.rooms)})` : ""}.`,
  INCOME: (p) =>
    `Uw huishoudinkomen is niet hoger dan ${NL.income(p.limit)} per jaar${p.band === "MIDDLE_RENT" ? " (middenhuur)" : ""}.`,
  AGE_LABEL: (p) => `Deze ${NL.ageLabel(p.label)} is voor ${AGE_RANGE.nl(p.minAge, p.maxAge)}.`,
  RENT_BENEFIT_CAP: (p) =>
    `Komt uw huishouden in aanmerking voor huurtoeslag, dan is de huur niet hoger dan ${NL.rent(p.thresholdLow)} per maand (1 of 2 personen) of ${NL.rent(p.thresholdHigh)} per maand (3 of meer personen).`,
  WOONGROEP: () =>
    "Deze woning hoort bij een woongroep: u schrijft een motivatie, die de woongroepcommissie beoordeelt.",
};

/** English sentences per criterion. */
export const CRITERION_MESSAGES_EN: CriterionTable = {
  AGE_MINIMUM: (p) => `You are at least ${p.minAge} years old.`,
  HOUSEHOLD_SIZE: (p) =>
    `For households of ${HOUSEHOLD_RANGE.en(p.householdMin, p.householdMax)}${p.fromRuleSet ? ` (the rule for dwellings with ${EN.rooms(p.rooms)})` : ""}.`,
  INCOME: (p) =>
    `Your household income is at most ${EN.income(p.limit)} per year${p.band === "MIDDLE_RENT" ? " (middle rent)" : ""}.`,
  AGE_LABEL: (p) => `This ${EN.ageLabel(p.label)} is for people ${AGE_RANGE.en(p.minAge, p.maxAge)}.`,
  RENT_BENEFIT_CAP: (p) =>
    `If your household qualifies for rent benefit, the rent is at most ${EN.rent(p.thresholdLow)} a month (1 or 2 persons) or ${EN.rent(p.thresholdHigh)} a month (3 or more persons).`,
  WOONGROEP: () =>
    "This dwelling belongs to a housing group (woongroep): you write a motivation, which the group's committee reviews.",
};

const TABLES: Record<Language, CriterionTable> = { nl: CRITERION_MESSAGES_NL, en: CRITERION_MESSAGES_EN };

/**
 * One sentence stating a criterion with its numbers, e.g. INCOME with limit 48655:
 * "Uw huishoudinkomen is niet hoger dan € 48.655 per jaar." / "Your household income is at most
 * €48,655 per year."
 */
export function explainCriterion(criterion: ListingCriterion, language: Language): string {
  const render = TABLES[language][criterion.rule] as (p: ListingCriterion["params"]) => string;
  return render(criterion.params);
}
