/**
 * Eligibility (passendheid, toelatingscriteria): a listing's criteria against one seeker, with a
 * machine-readable reason per criterion so the portal can explain the outcome in Dutch and English
 * (see `messages.ts`) and the landlord's database count can use the same rule (see `where.ts`).
 *
 * Eligibility versus priority: the urgency search profile (zoekprofiel) does NOT decide
 * eligibility. An urgent seeker may respond to any listing they are eligible for; the search
 * profile only decides whether their urgency gives priority there [001] §E.2c. Its check is
 * therefore reported with `affects: 'PRIORITY'` and never makes a seeker ineligible. All other
 * checks have `affects: 'ELIGIBILITY'`.
 *
 * Income follows the listing's income band as published (DAEB / MIDDLE / ORDINANCE / MIDDLE_RENT);
 * {@link listingProblems} checks before publication that the band fits the rent and the dwelling.
 * The rent-benefit rules (passend toewijzen) apply to social rent only (rent up to the
 * liberalisation limit), the segment in which rent benefit exists.
 *
 * @module
 */
import {
  addMonths,
  ageOn,
  amsterdamDate,
  compareDates,
  dateOnly,
  isoDate,
  type CalendarDate,
} from "./calendar.ts";
import { InvalidInputError } from "./errors.ts";
import { atMost } from "./money.ts";
import { ruleSetForMunicipality, type RuleSet, type SearchProfileWidening } from "./ruleset.ts";
import type {
  Accessibility,
  AgeLabel,
  DwellingType,
  IncomeBand,
  ListingInput,
  ResponseContext,
  SearchProfile,
  SeekerInput,
  UrgencyDeclaration,
} from "./types.ts";

/** The criteria (regels) a check can belong to. */
export type EligibilityRule =
  | "AGE_MINIMUM"
  | "AGE_LABEL"
  | "HOUSEHOLD_SIZE"
  | "INCOME"
  | "RENT_BENEFIT_CAP"
  | "YOUTH_RENT_BENEFIT"
  | "ACCESSIBILITY"
  | "STUDENT_COMPLEX"
  | "WOONGROEP"
  | "URGENCY_PROFILE";

/** Rent segment of a listing: social (<= liberalisation limit), middle rent, or free sector. */
export type RentSegment = "SOCIAL" | "MIDDLE" | "FREE";

/**
 * Parameters per check code. Money in EUR (rent per month, income per year), ages in completed
 * years, shares as fractions, dates as `YYYY-MM-DD`.
 */
export interface CheckParamsByCode {
  AGE_MINIMUM_MET: { age: number; minAge: number };
  AGE_BELOW_MINIMUM: { age: number; minAge: number };
  AGE_LABEL_MET: { age: number; label: LabelledAge; minAge: number; maxAge: number | null };
  AGE_BELOW_LABEL: { age: number; label: LabelledAge; minAge: number; maxAge: number | null };
  AGE_ABOVE_LABEL: { age: number; label: LabelledAge; minAge: number; maxAge: number | null };
  HOUSEHOLD_SIZE_FITS: HouseholdParams;
  HOUSEHOLD_TOO_SMALL: HouseholdParams;
  HOUSEHOLD_TOO_LARGE: HouseholdParams;
  INCOME_WITHIN_LIMIT: { income: number; limit: number; band: IncomeBand };
  INCOME_ABOVE_LIMIT: { income: number; limit: number; band: IncomeBand };
  RENT_BENEFIT_NOT_QUALIFYING: { income: number; rentBenefitLimit: number };
  RENT_WITHIN_CAPPING_THRESHOLD: {
    rent: number;
    threshold: number;
    householdSize: number;
    income: number;
    rentBenefitLimit: number;
  };
  RENT_ABOVE_CAPPING_THRESHOLD: {
    rent: number;
    threshold: number;
    householdSize: number;
    income: number;
    rentBenefitLimit: number;
  };
  YOUTH_RENT_WITHIN_QUALITY_DISCOUNT_LIMIT: { rent: number; limit: number; age: number };
  YOUTH_RENT_ABOVE_QUALITY_DISCOUNT_LIMIT: { rent: number; limit: number; age: number };
  ACCESSIBILITY_INDICATION_PRESENT: { accessibility: Exclude<Accessibility, "NONE"> };
  ACCESSIBILITY_INDICATION_MISSING: { accessibility: Exclude<Accessibility, "NONE"> };
  STUDENT_COMPLEX_STUDENT: Record<string, never>;
  STUDENT_COMPLEX_SPECIAL_GROUP_WITHIN_CAP: { shareAfter: number; cap: number };
  STUDENT_COMPLEX_SPECIAL_GROUP_CAP_REACHED: { shareAfter: number; cap: number };
  STUDENT_COMPLEX_STUDENTS_ONLY: Record<string, never>;
  WOONGROEP_MOTIVATION_REQUIRED: Record<string, never>;
  WOONGROEP_MOTIVATION_MISSING: Record<string, never>;
  WOONGROEP_AWAITING_COMMITTEE: Record<string, never>;
  WOONGROEP_SUITABLE: Record<string, never>;
  WOONGROEP_UNSUITABLE: Record<string, never>;
  URGENCY_PROFILE_MATCH: { category: string };
  URGENCY_PROFILE_MISMATCH: { category: string; dwellingType: DwellingType; floor: number; rooms: number };
  URGENCY_NOT_VALID_ON_DATE: { category: string; validFrom: string; validUntil: string; date: string };
  URGENCY_NOT_APPLIED_BY_MODEL: { category: string; model: "WOONGROEP" | "BEMIDDELING" };
}

/**
 * Parameters of the household-size checks: the effective range (persons; 99 = no maximum) and
 * whether it comes from the rule set's table (the listing set none of its own).
 */
export interface HouseholdParams {
  householdSize: number;
  householdMin: number;
  householdMax: number;
  fromRuleSet: boolean;
}

/** An age label other than `NONE`. */
export type LabelledAge = Exclude<AgeLabel, "NONE">;

/** Machine-readable outcome codes of eligibility checks. */
export type CheckCode = keyof CheckParamsByCode;

/**
 * One evaluated criterion. Example:
 * `{ rule: 'INCOME', passed: false, affects: 'ELIGIBILITY', code: 'INCOME_ABOVE_LIMIT',
 *    params: { income: 52000, limit: 48655, band: 'ORDINANCE' }, source: '[001] §E.1 …' }`.
 * `affects: 'PRIORITY'` marks a check that decides priority, never eligibility (search profile).
 */
export type EligibilityCheck = {
  [C in CheckCode]: {
    rule: EligibilityRule;
    passed: boolean;
    affects: "ELIGIBILITY" | "PRIORITY";
    code: C;
    params: CheckParamsByCode[C];
    source: string;
  };
}[CheckCode];

/**
 * Result of {@link checkEligibility}: `eligible` is true exactly when every check with
 * `affects: 'ELIGIBILITY'` passed; `urgencyPriority` is true when the listing is a regular one
 * (AANBOD or LOTERIJ: urgency always applies there, whatever its `priorityRules` say, [001] §E.2c)
 * and the seeker holds an urgency declaration valid at the date whose search profile contains the
 * listing. `checks` are in the order documented at {@link checkEligibility}.
 */
export interface EligibilityResult {
  eligible: boolean;
  urgencyPriority: boolean;
  checks: EligibilityCheck[];
}

/** Source citation per rule (document and section). */
export const RULE_SOURCES = {
  AGE_MINIMUM: '[003] "Wie doen mee?" (minimaal 18 jaar)',
  AGE_LABEL:
    '[003] "Voorrang" (ouderen of jongeren in voor hen geschikte woningen); [004] Jongvolwassenen (18–23)',
  HOUSEHOLD_SIZE: "[001] §B, §E.2a (huishoudensgrootte bij de woninggrootte)",
  INCOME: "[001] §E.1 (inkomensgrenzen € 38.035 / € 42.436 / € 48.655, prijspeil 2019)",
  INCOME_MIDDLE_RENT:
    "[001] §E.2a Voorstel II (passendheid middenhuur: inkomen tot € 57.052, alleen nieuwbouw)",
  RENT_BENEFIT_CAP: "[004] Toelichting en uitwerking, huurklassen (aftoppingsgrenzen); passend toewijzen",
  YOUTH_RENT_BENEFIT:
    '[004] Toelichting en uitwerking, Jongvolwassenen: "Drempels in de toegang tot huisvesting"',
  ACCESSIBILITY: "[004] Bijlage 1 (Rolstoelwoning); [003] Leufkens, verhuringen Rollator/Rolstoel (WMO)",
  STUDENT_COMPLEX: "[004] Toelichting en uitwerking (studentencomplexen: max. 15% bijzondere doelgroepen)",
  WOONGROEP:
    "[000] scenario 2, woongroepregeling (motivatie, dragende bewoners); [002] objectieve selectiecriteria",
  URGENCY_PROFILE: "[001] §E.2c Voorstel III (zoekprofiel)",
} as const;

function check<C extends CheckCode>(
  rule: EligibilityRule,
  passed: boolean,
  code: C,
  params: CheckParamsByCode[C],
  source: string,
  affects: "ELIGIBILITY" | "PRIORITY" = "ELIGIBILITY",
): EligibilityCheck {
  return { rule, passed, affects, code, params, source } as EligibilityCheck;
}

const NO_PARAMS: Record<string, never> = Object.freeze({}) as Record<string, never>;

/**
 * Throws when a seeker is malformed.
 * @throws InvalidInputError naming the field (`seeker.householdSize`, ...)
 */
export function validateSeeker(seeker: SeekerInput): void {
  if (!Number.isInteger(seeker.householdSize) || seeker.householdSize < 1) {
    throw new InvalidInputError("seeker.householdSize", "must be a whole number of at least 1");
  }
  if (!Number.isFinite(seeker.householdIncome) || seeker.householdIncome < 0) {
    throw new InvalidInputError("seeker.householdIncome", "must be a non-negative amount in EUR per year");
  }
  if (!Number.isFinite(seeker.retainedRegistrationYears) || seeker.retainedRegistrationYears < 0) {
    throw new InvalidInputError("seeker.retainedRegistrationYears", "must be a non-negative number of years");
  }
}

/**
 * Throws when a listing is malformed (not: inconsistent with the rules, see {@link listingProblems}).
 * @throws InvalidInputError naming the field (`listing.netRent`, `listing.householdMax`, ...)
 */
export function validateListing(listing: ListingInput): void {
  if (!Number.isFinite(listing.netRent) || listing.netRent < 0) {
    throw new InvalidInputError("listing.netRent", "must be a non-negative amount in EUR per month");
  }
  if (
    listing.householdMin !== null &&
    (!Number.isInteger(listing.householdMin) || listing.householdMin < 1)
  ) {
    throw new InvalidInputError("listing.householdMin", "must be a whole number of at least 1, or null");
  }
  if (
    listing.householdMax !== null &&
    (!Number.isInteger(listing.householdMax) ||
      listing.householdMax < 1 ||
      (listing.householdMin !== null && listing.householdMax < listing.householdMin))
  ) {
    throw new InvalidInputError(
      "listing.householdMax",
      "must be a whole number not below householdMin, or null",
    );
  }
  if (!Number.isInteger(listing.rooms) || listing.rooms < 1) {
    throw new InvalidInputError("listing.rooms", "must be a whole number of at least 1");
  }
  const sc = listing.studentComplex;
  if (
    sc &&
    (!Number.isInteger(sc.units) ||
      sc.units < 1 ||
      !Number.isInteger(sc.specialGroupTenants) ||
      sc.specialGroupTenants < 0)
  ) {
    throw new InvalidInputError(
      "listing.studentComplex",
      "units must be >= 1 and specialGroupTenants >= 0, whole numbers",
    );
  }
}

/** "No maximum" for household sizes, persons (the database default of `householdMax` was 99). */
export const NO_HOUSEHOLD_MAXIMUM = 99;

/**
 * The rule set's household-size range for a dwelling ([001] §B "de huishoudensgrootte bij de
 * woninggrootte"): the first row of `ruleSet.householdSize.byDwelling` whose rooms and dwelling
 * kinds match; persons 1..99 (no bound) when no row matches.
 *
 * @returns persons, `max` 99 = no maximum
 */
export function householdRangeForDwelling(
  dwelling: Pick<ListingInput, "rooms" | "dwellingType">,
  ruleSet: RuleSet,
): { min: number; max: number } {
  for (const row of ruleSet.householdSize.byDwelling) {
    if (dwelling.rooms < row.minRooms) continue;
    if (row.maxRooms !== null && dwelling.rooms > row.maxRooms) continue;
    if (row.dwellingTypes.length > 0 && !row.dwellingTypes.includes(dwelling.dwellingType)) continue;
    return {
      min: row.minPersons,
      max: Math.min(row.maxPersons ?? NO_HOUSEHOLD_MAXIMUM, NO_HOUSEHOLD_MAXIMUM),
    };
  }
  return { min: 1, max: NO_HOUSEHOLD_MAXIMUM };
}

/**
 * The household sizes a listing admits (eligibility rule 3, DOMAIN.md eligibility 2): the
 * listing's own `householdMin` / `householdMax` where set (each on its own), otherwise the rule
 * set's table for the dwelling ({@link householdRangeForDwelling}). `fromRuleSet` is true when
 * neither bound is the listing's own.
 *
 * @returns persons, `max` 99 = no maximum; `min > max` admits nobody (a publication problem)
 */
export function householdRange(
  listing: Pick<ListingInput, "householdMin" | "householdMax" | "rooms" | "dwellingType">,
  ruleSet: RuleSet,
): { min: number; max: number; fromRuleSet: boolean } {
  const table = householdRangeForDwelling(listing, ruleSet);
  return {
    min: listing.householdMin ?? table.min,
    max: listing.householdMax ?? table.max,
    fromRuleSet: listing.householdMin === null && listing.householdMax === null,
  };
}

/** A way in which a listing contradicts the rule set; the API should refuse to publish it. */
export interface ListingProblem {
  field: "incomeBand" | "netRent" | "isNewBuild" | "householdMin" | "householdMax";
  code:
    | "SOCIAL_BAND_ABOVE_LIBERALISATION_LIMIT"
    | "MIDDLE_RENT_BAND_OUTSIDE_MIDDLE_RENT"
    | "MIDDLE_RENT_NOT_NEW_BUILD"
    | "RENT_ABOVE_MIDDLE_RENT"
    | "HOUSEHOLD_RANGE_EMPTY"
    | "HOUSEHOLD_OUTSIDE_DWELLING_SIZE";
  message: string;
}

/**
 * Checks a listing against the rule set before publication:
 * - a social band (DAEB/MIDDLE/ORDINANCE) needs rent <= the liberalisation limit [001] §E.1;
 * - the MIDDLE_RENT band needs a middle rent (above the liberalisation limit, from `minRent` up
 *   to `maxRent`) and, when `newBuildOnly`, a new-build dwelling [001] §E.2a Voorstel II;
 * - rent above the middle-rent maximum is outside the ordinance;
 * - household size [001] §B: a listing's own `householdMin`/`householdMax` (an override of the
 *   rule set's table) must leave a non-empty range (`HOUSEHOLD_RANGE_EMPTY`) that shares at least
 *   one household size with the table's range for the dwelling (`HOUSEHOLD_OUTSIDE_DWELLING_SIZE`):
 *   an override may widen or narrow the table (DOMAIN.md: "unless the listing allows it") but not
 *   let the dwelling only to households the table rules out entirely, e.g. 5+ persons in 1 room.
 * Eligibility follows the band as published; this guards that the band is right.
 *
 * @returns problems found (empty when consistent)
 */
export function listingProblems(listing: ListingInput, ruleSet: RuleSet): ListingProblem[] {
  ruleSet = ruleSetForMunicipality(ruleSet, listing.municipalityCode);
  const problems: ListingProblem[] = [];
  const segment = rentSegment(listing.netRent, ruleSet);
  if (segment === "FREE") {
    problems.push({
      field: "netRent",
      code: "RENT_ABOVE_MIDDLE_RENT",
      message: `rent ${listing.netRent} is above the middle-rent maximum ${ruleSet.middleRent.maxRent}`,
    });
  }
  if (listing.incomeBand === "MIDDLE_RENT") {
    if (segment !== "MIDDLE") {
      problems.push({
        field: "incomeBand",
        code: "MIDDLE_RENT_BAND_OUTSIDE_MIDDLE_RENT",
        message: `band MIDDLE_RENT needs a rent above ${ruleSet.rent.liberalisationLimit} up to ${ruleSet.middleRent.maxRent}`,
      });
    }
    if (ruleSet.middleRent.newBuildOnly && !listing.isNewBuild) {
      problems.push({
        field: "isNewBuild",
        code: "MIDDLE_RENT_NOT_NEW_BUILD",
        message: "band MIDDLE_RENT applies to new build only",
      });
    }
  } else if (segment !== "SOCIAL") {
    problems.push({
      field: "incomeBand",
      code: "SOCIAL_BAND_ABOVE_LIBERALISATION_LIMIT",
      message: `band ${listing.incomeBand} needs a rent up to ${ruleSet.rent.liberalisationLimit}`,
    });
  }
  if (listing.householdMin !== null || listing.householdMax !== null) {
    const range = householdRange(listing, ruleSet);
    const table = householdRangeForDwelling(listing, ruleSet);
    const persons = (min: number, max: number) => (max >= NO_HOUSEHOLD_MAXIMUM ? `${min}+` : `${min}–${max}`);
    const own = { min: listing.householdMin, max: listing.householdMax };
    const outside: "householdMin" | "householdMax" | null =
      own.min !== null && own.min > table.max
        ? "householdMin"
        : own.max !== null && own.max < table.min
          ? "householdMax"
          : null;
    if (outside) {
      problems.push({
        field: outside,
        code: "HOUSEHOLD_OUTSIDE_DWELLING_SIZE",
        message: `household size ${persons(range.min, range.max)} does not fit a dwelling of ${listing.rooms} rooms: the rule set allows ${persons(table.min, table.max)} persons`,
      });
    } else if (range.min > range.max) {
      problems.push({
        field: "householdMax",
        code: "HOUSEHOLD_RANGE_EMPTY",
        message: `household size ${range.min} to ${range.max} admits nobody`,
      });
    }
  }
  return problems;
}

/**
 * Rent segment of a rent (EUR/month): `SOCIAL` up to and including the liberalisation limit
 * [001] §E.1; `MIDDLE` above it, from `middleRent.minRent` up to and including `middleRent.maxRent`
 * [001] §E.2a Voorstel II; `FREE` otherwise.
 */
export function rentSegment(rent: number, ruleSet: RuleSet): RentSegment {
  if (atMost(rent, ruleSet.rent.liberalisationLimit)) return "SOCIAL";
  if (atMost(ruleSet.middleRent.minRent, rent) && atMost(rent, ruleSet.middleRent.maxRent)) return "MIDDLE";
  return "FREE";
}

/** Income limit (EUR/year) of a listing's income band [001] §E.1, §E.2a Voorstel II. */
export function incomeLimitForBand(band: IncomeBand, ruleSet: RuleSet): number {
  switch (band) {
    case "DAEB":
      return ruleSet.incomeLimits.daeb;
    case "MIDDLE":
      return ruleSet.incomeLimits.middle;
    case "ORDINANCE":
      return ruleSet.incomeLimits.ordinance;
    case "MIDDLE_RENT":
      return ruleSet.middleRent.maxIncome;
  }
}

/**
 * Capping threshold (aftoppingsgrens, EUR/month) for a household size: the low threshold for 1–2
 * persons, the high one for 3+ [004] huurklassen.
 */
export function cappingThreshold(householdSize: number, ruleSet: RuleSet): number {
  return householdSize <= 2 ? ruleSet.rent.cappingThresholdLow : ruleSet.rent.cappingThresholdHigh;
}

/** Whether someone born on `birth` has reached the state pension age (AOW) on `on`. */
export function hasReachedPensionAge(birth: CalendarDate, on: CalendarDate, ruleSet: RuleSet): boolean {
  return compareDates(addMonths(birth, ruleSet.rentBenefit.pensionAgeMonths), on) <= 0;
}

/**
 * Rent benefit (huurtoeslag) qualification, simplified: the household qualifies when its income
 * (EUR/year) is at most the limit for a single person or a multi-person household, below or from
 * the state pension age of the applicant. Source: Dutch huurtoeslag limits 2019 (not in the
 * seeds). Assets, the partner's age and the rent itself are not considered.
 *
 * @param birth - the applicant's birth date
 * @param on - the day of evaluation
 * @returns whether the household qualifies, and the limit applied (EUR/year)
 */
export function rentBenefitQualification(
  seeker: Pick<SeekerInput, "householdSize" | "householdIncome">,
  birth: CalendarDate,
  on: CalendarDate,
  ruleSet: RuleSet,
): { qualifies: boolean; limit: number } {
  const pension = hasReachedPensionAge(birth, on, ruleSet);
  const l = ruleSet.rentBenefit.incomeLimits;
  let limit: number;
  if (seeker.householdSize === 1) limit = pension ? l.singleFromPensionAge : l.singleBelowPensionAge;
  else limit = pension ? l.multiFromPensionAge : l.multiBelowPensionAge;
  return { qualifies: atMost(seeker.householdIncome, limit), limit };
}

/**
 * Whether an urgency declaration is valid on the Europe/Amsterdam calendar day of a moment:
 * `validFrom <= day(date) <= validUntil`, both ends inclusive (DOMAIN.md §Ranking 1: "valid
 * declaration on the close date"; see `calendar.ts`). `validFrom`/`validUntil` are date-only
 * values (the date in their UTC fields, as the API stores the first and last day), so the whole
 * last day counts; only `date` is an instant whose day is taken in Amsterdam (one cached
 * conversion per ranking, as every candidate is checked on the same date).
 */
export function urgencyValidAt(urgency: UrgencyDeclaration, date: Date): boolean {
  const day = amsterdamDate(date);
  return (
    compareDates(dateOnly(urgency.validFrom, "urgency.validFrom"), day) <= 0 &&
    compareDates(day, dateOnly(urgency.validUntil, "urgency.validUntil")) <= 0
  );
}

const ACCESSIBILITY_LEVEL: Record<Accessibility, number> = { NONE: 0, WALKER: 1, WHEELCHAIR: 2 };

/**
 * Whether a listing lies inside a search profile (zoekprofiel) [001] §E.2c, [004]: dwelling type,
 * floor, rooms, municipality, district and accessibility within the profile's criteria; an empty
 * list or `null` bound does not restrict.
 */
export function profileContains(
  profile: SearchProfile,
  listing: Pick<
    ListingInput,
    "dwellingType" | "floor" | "rooms" | "municipalityId" | "districtId" | "accessibility"
  >,
  widened?: { category: string; widening: SearchProfileWidening },
): boolean {
  const w = widened?.widening;
  const wide =
    w !== undefined &&
    w.dwellingTypes.includes(listing.dwellingType) &&
    (w.categories.length === 0 || w.categories.includes(widened!.category));
  if (!wide) {
    if (profile.dwellingTypes.length > 0 && !profile.dwellingTypes.includes(listing.dwellingType))
      return false;
    if (profile.minFloor !== null && listing.floor < profile.minFloor) return false;
    if (profile.maxFloor !== null && listing.floor > profile.maxFloor) return false;
  }
  if (profile.minRooms !== null && listing.rooms < profile.minRooms) return false;
  if (profile.maxRooms !== null && listing.rooms > profile.maxRooms) return false;
  if (profile.municipalityIds.length > 0 && !profile.municipalityIds.includes(listing.municipalityId))
    return false;
  if (
    profile.districtIds.length > 0 &&
    (listing.districtId === null || !profile.districtIds.includes(listing.districtId))
  )
    return false;
  return ACCESSIBILITY_LEVEL[listing.accessibility] >= ACCESSIBILITY_LEVEL[profile.requiresAccessibility];
}

/** Calendar form of an instant for messages (Europe/Amsterdam). */
const dayOf = (instant: Date): string => isoDate(amsterdamDate(instant));

/**
 * Evaluates every criterion of a listing for one seeker on a date.
 *
 * Checks, in order (non-applicable ones are left out):
 * 1. `AGE_MINIMUM`: age >= `age.minimum` (18) [003].
 * 2. `AGE_LABEL`: within the label's bounds (55+, 65+, jongeren 18–23; bounds inclusive) [003], [004].
 * 3. `HOUSEHOLD_SIZE`: `householdMin <= householdSize <= householdMax` [001] §B.
 * 4. `INCOME`: income <= the limit of the listing's band — DAEB 38,035 / MIDDLE 42,436 /
 *    ORDINANCE 48,655 [001] §E.1, MIDDLE_RENT 57,052 [001] Voorstel II. Exactly at the limit passes.
 * 5. `RENT_BENEFIT_CAP` (social rent): a household qualifying for rent benefit gets a rent at most
 *    the capping threshold for its size (597.30 for 1–2 persons, 640.14 for 3+); exactly at the
 *    threshold passes. A household that does not qualify passes with `RENT_BENEFIT_NOT_QUALIFYING`.
 * 6. `YOUTH_RENT_BENEFIT` (social rent, applicant 18–22 and qualifying for rent benefit): rent at
 *    most the quality-discount limit (424.44) [004]. Equal passes ([004] says "beneden"; the
 *    statutory test is "not above").
 * 7. `ACCESSIBILITY`: a WHEELCHAIR dwelling needs the wheelchair need, a WALKER dwelling the walker
 *    need (DOMAIN's "to those with that indication first" is realised by the landlord re-publishing
 *    without the label when nobody with the indication accepts).
 * 8. `STUDENT_COMPLEX`: students pass; a special-group seeker (urgency declaration valid on the
 *    day of `date`) passes while (special-group tenants + 1) / units <= 15%; others fail [004].
 * 9. `WOONGROEP`: without `response`, passes with `WOONGROEP_MOTIVATION_REQUIRED` (informative);
 *    with one, fails without motivation or with an UNSUITABLE committee verdict [000].
 * 10. `URGENCY_PROFILE` (affects PRIORITY only; present when the seeker has a declaration): passes
 *    when the listing applies URGENCY, the declaration is valid on the day of `date` and its
 *    search profile contains the listing [001] §E.2c.
 *
 * @param seeker - the household (income EUR/year, size in persons)
 * @param listing - the dwelling (rent EUR/month)
 * @param ruleSet - rules in force on `date` (see `ruleSetInForce`)
 * @param date - moment of evaluation; ages use its Europe/Amsterdam calendar day
 * @param response - the seeker's response to this listing, when there is one (woongroep)
 * @throws InvalidInputError on malformed input (household of 0, negative rent, birth after date…)
 */
export function checkEligibility(
  seeker: SeekerInput,
  listing: ListingInput,
  ruleSet: RuleSet,
  date: Date,
  response?: ResponseContext,
): EligibilityResult {
  ruleSet = ruleSetForMunicipality(ruleSet, listing.municipalityCode);
  validateSeeker(seeker);
  validateListing(listing);
  const today = amsterdamDate(date);
  const birth = dateOnly(seeker.birthDate, "seeker.birthDate");
  const age = ageOn(birth, today);
  if (age < 0) throw new InvalidInputError("seeker.birthDate", "lies after the evaluation date");
  const checks: EligibilityCheck[] = [];

  // 1. Minimum age.
  const minAge = ruleSet.age.minimum;
  checks.push(
    check(
      "AGE_MINIMUM",
      age >= minAge,
      age >= minAge ? "AGE_MINIMUM_MET" : "AGE_BELOW_MINIMUM",
      { age, minAge },
      RULE_SOURCES.AGE_MINIMUM,
    ),
  );

  // 2. Age label.
  if (listing.ageLabel !== "NONE") {
    const range = ruleSet.ageLabels[listing.ageLabel];
    const params = { age, label: listing.ageLabel, minAge: range.minAge, maxAge: range.maxAge };
    if (age < range.minAge)
      checks.push(check("AGE_LABEL", false, "AGE_BELOW_LABEL", params, RULE_SOURCES.AGE_LABEL));
    else if (range.maxAge !== null && age > range.maxAge)
      checks.push(check("AGE_LABEL", false, "AGE_ABOVE_LABEL", params, RULE_SOURCES.AGE_LABEL));
    else checks.push(check("AGE_LABEL", true, "AGE_LABEL_MET", params, RULE_SOURCES.AGE_LABEL));
  }

  // 3. Household size.
  {
    const range = householdRange(listing, ruleSet);
    const params = {
      householdSize: seeker.householdSize,
      householdMin: range.min,
      householdMax: range.max,
      fromRuleSet: range.fromRuleSet,
    };
    if (seeker.householdSize < range.min)
      checks.push(check("HOUSEHOLD_SIZE", false, "HOUSEHOLD_TOO_SMALL", params, RULE_SOURCES.HOUSEHOLD_SIZE));
    else if (seeker.householdSize > range.max)
      checks.push(check("HOUSEHOLD_SIZE", false, "HOUSEHOLD_TOO_LARGE", params, RULE_SOURCES.HOUSEHOLD_SIZE));
    else
      checks.push(check("HOUSEHOLD_SIZE", true, "HOUSEHOLD_SIZE_FITS", params, RULE_SOURCES.HOUSEHOLD_SIZE));
  }

  // 4. Income against the listing's band.
  const income = seeker.householdIncome;
  {
    const limit = incomeLimitForBand(listing.incomeBand, ruleSet);
    const ok = atMost(income, limit);
    const source =
      listing.incomeBand === "MIDDLE_RENT" ? RULE_SOURCES.INCOME_MIDDLE_RENT : RULE_SOURCES.INCOME;
    checks.push(
      check(
        "INCOME",
        ok,
        ok ? "INCOME_WITHIN_LIMIT" : "INCOME_ABOVE_LIMIT",
        { income, limit, band: listing.incomeBand },
        source,
      ),
    );
  }

  // 5–6. Rent benefit (passend toewijzen), social rent only.
  const rent = listing.netRent;
  if (rentSegment(rent, ruleSet) === "SOCIAL") {
    const benefit = rentBenefitQualification(seeker, birth, today, ruleSet);
    if (!benefit.qualifies) {
      checks.push(
        check(
          "RENT_BENEFIT_CAP",
          true,
          "RENT_BENEFIT_NOT_QUALIFYING",
          { income, rentBenefitLimit: benefit.limit },
          RULE_SOURCES.RENT_BENEFIT_CAP,
        ),
      );
    } else {
      const threshold = cappingThreshold(seeker.householdSize, ruleSet);
      const ok = atMost(rent, threshold);
      const params = {
        rent,
        threshold,
        householdSize: seeker.householdSize,
        income,
        rentBenefitLimit: benefit.limit,
      };
      checks.push(
        check(
          "RENT_BENEFIT_CAP",
          ok,
          ok ? "RENT_WITHIN_CAPPING_THRESHOLD" : "RENT_ABOVE_CAPPING_THRESHOLD",
          params,
          RULE_SOURCES.RENT_BENEFIT_CAP,
        ),
      );
      const youth = ruleSet.age.youthRentBenefit;
      if (age >= youth.minAge && (youth.maxAge === null || age <= youth.maxAge)) {
        const limit = ruleSet.rent.qualityDiscountLimit;
        const okYouth = atMost(rent, limit);
        const code = okYouth
          ? "YOUTH_RENT_WITHIN_QUALITY_DISCOUNT_LIMIT"
          : "YOUTH_RENT_ABOVE_QUALITY_DISCOUNT_LIMIT";
        checks.push(
          check("YOUTH_RENT_BENEFIT", okYouth, code, { rent, limit, age }, RULE_SOURCES.YOUTH_RENT_BENEFIT),
        );
      }
    }
  }

  // 7. Accessibility label.
  if (listing.accessibility !== "NONE") {
    const has = seeker.accessibilityNeed === listing.accessibility;
    const code = has ? "ACCESSIBILITY_INDICATION_PRESENT" : "ACCESSIBILITY_INDICATION_MISSING";
    checks.push(
      check("ACCESSIBILITY", has, code, { accessibility: listing.accessibility }, RULE_SOURCES.ACCESSIBILITY),
    );
  }

  const urgencyValid = seeker.urgency !== null && urgencyValidAt(seeker.urgency, date);

  // 8. Student complex.
  if (listing.studentComplex) {
    if (seeker.isStudent) {
      checks.push(
        check("STUDENT_COMPLEX", true, "STUDENT_COMPLEX_STUDENT", NO_PARAMS, RULE_SOURCES.STUDENT_COMPLEX),
      );
    } else if (urgencyValid) {
      const cap = ruleSet.studentComplex.specialGroupMaxShare;
      const sc = listing.studentComplex;
      const ok = specialGroupFits(sc.specialGroupTenants, sc.units, cap);
      const shareAfter = (sc.specialGroupTenants + 1) / sc.units;
      const code = ok
        ? "STUDENT_COMPLEX_SPECIAL_GROUP_WITHIN_CAP"
        : "STUDENT_COMPLEX_SPECIAL_GROUP_CAP_REACHED";
      checks.push(check("STUDENT_COMPLEX", ok, code, { shareAfter, cap }, RULE_SOURCES.STUDENT_COMPLEX));
    } else {
      checks.push(
        check(
          "STUDENT_COMPLEX",
          false,
          "STUDENT_COMPLEX_STUDENTS_ONLY",
          NO_PARAMS,
          RULE_SOURCES.STUDENT_COMPLEX,
        ),
      );
    }
  }

  // 9. Woongroep: motivation and committee verdict.
  if (listing.allocationModel === "WOONGROEP") {
    if (!response) {
      checks.push(
        check("WOONGROEP", true, "WOONGROEP_MOTIVATION_REQUIRED", NO_PARAMS, RULE_SOURCES.WOONGROEP),
      );
    } else if (!response.motivation || response.motivation.trim() === "") {
      checks.push(
        check("WOONGROEP", false, "WOONGROEP_MOTIVATION_MISSING", NO_PARAMS, RULE_SOURCES.WOONGROEP),
      );
    } else if (response.committeeVerdict === "UNSUITABLE") {
      checks.push(check("WOONGROEP", false, "WOONGROEP_UNSUITABLE", NO_PARAMS, RULE_SOURCES.WOONGROEP));
    } else if (response.committeeVerdict === "SUITABLE") {
      checks.push(check("WOONGROEP", true, "WOONGROEP_SUITABLE", NO_PARAMS, RULE_SOURCES.WOONGROEP));
    } else {
      checks.push(
        check("WOONGROEP", true, "WOONGROEP_AWAITING_COMMITTEE", NO_PARAMS, RULE_SOURCES.WOONGROEP),
      );
    }
  }

  // 10. Urgency search profile: priority, not eligibility.
  let urgencyPriority = false;
  if (seeker.urgency !== null) {
    const u = seeker.urgency;
    const src = RULE_SOURCES.URGENCY_PROFILE;
    if (!urgencyValid) {
      const params = {
        category: u.category,
        validFrom: dayOf(u.validFrom),
        validUntil: dayOf(u.validUntil),
        date: isoDate(today),
      };
      checks.push(check("URGENCY_PROFILE", false, "URGENCY_NOT_VALID_ON_DATE", params, src, "PRIORITY"));
    } else if (listing.allocationModel === "WOONGROEP" || listing.allocationModel === "BEMIDDELING") {
      checks.push(
        check(
          "URGENCY_PROFILE",
          false,
          "URGENCY_NOT_APPLIED_BY_MODEL",
          { category: u.category, model: listing.allocationModel },
          src,
          "PRIORITY",
        ),
      );
    } else if (
      profileContains(u.searchProfile, listing, {
        category: u.category,
        widening: ruleSet.urgency.searchProfileWidening,
      })
    ) {
      urgencyPriority = true;
      checks.push(
        check("URGENCY_PROFILE", true, "URGENCY_PROFILE_MATCH", { category: u.category }, src, "PRIORITY"),
      );
    } else {
      const params = {
        category: u.category,
        dwellingType: listing.dwellingType,
        floor: listing.floor,
        rooms: listing.rooms,
      };
      checks.push(check("URGENCY_PROFILE", false, "URGENCY_PROFILE_MISMATCH", params, src, "PRIORITY"));
    }
  }

  let eligible = true;
  for (const c of checks) if (c.affects === "ELIGIBILITY" && !c.passed) eligible = false;
  return { eligible, urgencyPriority, checks };
}

/**
 * Whether one more special-group tenant keeps a student complex within its cap [004]:
 * `(tenants + 1) / units <= cap`, evaluated in integers (cap in millionths) so that 15% of 20
 * units allows exactly 3.
 */
export function specialGroupFits(specialGroupTenants: number, units: number, cap: number): boolean {
  return (specialGroupTenants + 1) * 1_000_000 <= Math.round(cap * 1_000_000) * units;
}

/** The failing eligibility checks of a result (those that make the seeker ineligible). */
export function failedChecks(result: EligibilityResult): EligibilityCheck[] {
  return result.checks.filter((c) => c.affects === "ELIGIBILITY" && !c.passed);
}
