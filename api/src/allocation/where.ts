/**
 * Eligibility as a database filter: the same rules as `checkEligibility`, stated as a plain
 * Prisma-style `where` object over `Seeker` rows, so the landlord's count ("how many seekers
 * qualify for this listing") and the seeker's explanation can never disagree. A property test
 * (`where.test.ts`) checks that the two agree on random seekers and listings.
 *
 * Only plain objects are produced; the Prisma client is not imported. The object is structurally a
 * `Prisma.SeekerWhereInput` over four non-nullable columns — `birthDate` (`@db.Date`),
 * `householdSize`, `householdIncomeCents`, `accessibilityNeed` — using AND, OR, NOT, equals, lt,
 * lte, gt, gte, in. (All four columns are non-nullable, so SQL's NULL logic under NOT does not
 * arise.) Combine it with your own conditions, e.g. `{ AND: [where, { status: 'ACTIVE' }] }`.
 *
 * Rules that cannot be stated over those columns are listed in `notExpressed` and must be checked
 * in memory: STUDENT_COMPLEX (needs a student flag the schema lacks, and urgency validity from
 * another table), WOONGROEP (motivation and verdict belong to a response), and URGENCY_PROFILE
 * (priority, not eligibility).
 *
 * @module
 */
import {
  amsterdamDate,
  dayNumber,
  fromDayNumber,
  latestStartReaching,
  toUtcMidnight,
  type CalendarDate,
} from "./calendar.ts";
import {
  cappingThreshold,
  householdRange,
  incomeLimitForBand,
  rentSegment,
  validateListing,
  type EligibilityRule,
} from "./eligibility.ts";
import { atMost, toCents } from "./money.ts";
import { ruleSetForMunicipality, type RuleSet } from "./ruleset.ts";
import type { Accessibility, ListingInput } from "./types.ts";

/** Comparison operators on one column (a subset of Prisma's scalar filters). */
export interface FieldFilter<T> {
  equals?: T;
  lt?: T;
  lte?: T;
  gt?: T;
  gte?: T;
  in?: T[];
}

/**
 * A `where` over `Seeker` in Prisma syntax (subset). `AND: []` matches every row, `OR: []` none,
 * `NOT: [a, b]` rows matching neither.
 */
export interface SeekerWhere {
  AND?: SeekerWhere[];
  OR?: SeekerWhere[];
  NOT?: SeekerWhere | SeekerWhere[];
  birthDate?: FieldFilter<Date>;
  householdSize?: FieldFilter<number>;
  householdIncomeCents?: FieldFilter<number>;
  accessibilityNeed?: FieldFilter<Accessibility>;
}

/** The `Seeker` columns the filter reads (income in cents per year). */
export interface SeekerRow {
  birthDate: Date;
  householdSize: number;
  householdIncomeCents: number;
  accessibilityNeed: Accessibility;
}

/** Result of {@link seekerWhereForListing}. */
export interface SeekerFilter {
  /** Conjunction of all parts: rows passing every expressed rule. */
  where: SeekerWhere;
  /** The filter per rule; a rule missing here excludes nobody for this listing. */
  parts: Partial<Record<EligibilityRule, SeekerWhere>>;
  /** Rules of this listing that the filter cannot state; check them in memory. */
  notExpressed: EligibilityRule[];
}

/** `birthDate < (day after the latest birth date reaching `months` on `today`)` = has reached that age. */
function reachedAgeMonths(months: number, today: CalendarDate): SeekerWhere {
  return {
    birthDate: { lt: toUtcMidnight(fromDayNumber(dayNumber(latestStartReaching(months, today)) + 1)) },
  };
}

/** The negation of {@link reachedAgeMonths}: younger than `months`. */
function belowAgeMonths(months: number, today: CalendarDate): SeekerWhere {
  return {
    birthDate: { gte: toUtcMidnight(fromDayNumber(dayNumber(latestStartReaching(months, today)) + 1)) },
  };
}

/** Households qualifying for rent benefit (see `rentBenefitQualification`), as a filter. */
function qualifiesForRentBenefit(
  ruleSet: RuleSet,
  today: CalendarDate,
  sizes: FieldFilter<number>[],
): SeekerWhere {
  const l = ruleSet.rentBenefit.incomeLimits;
  const pension = reachedAgeMonths(ruleSet.rentBenefit.pensionAgeMonths, today);
  const young = belowAgeMonths(ruleSet.rentBenefit.pensionAgeMonths, today);
  const branches: SeekerWhere[] = [];
  for (const size of sizes) {
    const single = size.equals === 1;
    branches.push(
      {
        AND: [
          { householdSize: size },
          young,
          {
            householdIncomeCents: { lte: toCents(single ? l.singleBelowPensionAge : l.multiBelowPensionAge) },
          },
        ],
      },
      {
        AND: [
          { householdSize: size },
          pension,
          { householdIncomeCents: { lte: toCents(single ? l.singleFromPensionAge : l.multiFromPensionAge) } },
        ],
      },
    );
  }
  return { OR: branches };
}

/**
 * The eligibility rules of a listing as a filter over `Seeker` rows, for a date.
 *
 * Expressed rules: AGE_MINIMUM and AGE_LABEL (birth-date bounds for the Europe/Amsterdam day of
 * `date`), HOUSEHOLD_SIZE, INCOME (cents), RENT_BENEFIT_CAP and YOUTH_RENT_BENEFIT (social rent:
 * "not (qualifies for rent benefit and rent above the threshold)"), ACCESSIBILITY.
 *
 * @param listing - the listing (rent EUR/month)
 * @param ruleSet - rules in force on `date`
 * @param date - moment of evaluation
 * @returns the filter, its parts per rule, and the rules it cannot express
 * @throws InvalidInputError on a malformed listing
 */
export function seekerWhereForListing(listing: ListingInput, ruleSet: RuleSet, date: Date): SeekerFilter {
  ruleSet = ruleSetForMunicipality(ruleSet, listing.municipalityCode);
  validateListing(listing);
  const today = amsterdamDate(date);
  const parts: Partial<Record<EligibilityRule, SeekerWhere>> = {};
  const notExpressed: EligibilityRule[] = [];

  parts.AGE_MINIMUM = reachedAgeMonths(ruleSet.age.minimum * 12, today);

  if (listing.ageLabel !== "NONE") {
    const range = ruleSet.ageLabels[listing.ageLabel];
    const bounds: SeekerWhere[] = [reachedAgeMonths(range.minAge * 12, today)];
    if (range.maxAge !== null) bounds.push(belowAgeMonths((range.maxAge + 1) * 12, today));
    parts.AGE_LABEL = { AND: bounds };
  }

  const household = householdRange(listing, ruleSet);
  parts.HOUSEHOLD_SIZE = { householdSize: { gte: household.min, lte: household.max } };
  parts.INCOME = { householdIncomeCents: { lte: toCents(incomeLimitForBand(listing.incomeBand, ruleSet)) } };

  const rent = listing.netRent;
  if (rentSegment(rent, ruleSet) === "SOCIAL") {
    // Household sizes whose capping threshold the rent exceeds.
    const sizes: FieldFilter<number>[] = [];
    if (!atMost(rent, cappingThreshold(1, ruleSet))) sizes.push({ equals: 1 }, { equals: 2 });
    if (!atMost(rent, cappingThreshold(3, ruleSet))) sizes.push({ gte: 3 });
    if (sizes.length > 0) parts.RENT_BENEFIT_CAP = { NOT: qualifiesForRentBenefit(ruleSet, today, sizes) };

    const youth = ruleSet.age.youthRentBenefit;
    if (!atMost(rent, ruleSet.rent.qualityDiscountLimit)) {
      const ageBounds: SeekerWhere[] = [reachedAgeMonths(youth.minAge * 12, today)];
      if (youth.maxAge !== null) ageBounds.push(belowAgeMonths((youth.maxAge + 1) * 12, today));
      const allSizes: FieldFilter<number>[] = [{ equals: 1 }, { gte: 2 }];
      parts.YOUTH_RENT_BENEFIT = {
        NOT: { AND: [...ageBounds, qualifiesForRentBenefit(ruleSet, today, allSizes)] },
      };
    }
  }

  if (listing.accessibility !== "NONE")
    parts.ACCESSIBILITY = { accessibilityNeed: { equals: listing.accessibility } };
  if (listing.studentComplex) notExpressed.push("STUDENT_COMPLEX");
  if (listing.allocationModel === "WOONGROEP") notExpressed.push("WOONGROEP");

  return { where: { AND: Object.values(parts) }, parts, notExpressed };
}

type Comparable = number | string | boolean | Date;

function scalar(v: Comparable): number | string | boolean {
  return v instanceof Date ? v.getTime() : v;
}

function matchesField(value: Comparable, filter: unknown, field: string): boolean {
  if (filter === null || typeof filter !== "object" || filter instanceof Date) {
    return scalar(value) === scalar(filter as Comparable);
  }
  const v = scalar(value);
  for (const [op, operand] of Object.entries(filter as Record<string, unknown>)) {
    if (op === "in") {
      if (!(operand as Comparable[]).some((o) => scalar(o) === v)) return false;
      continue;
    }
    const o = scalar(operand as Comparable);
    switch (op) {
      case "equals":
        if (v !== o) return false;
        break;
      case "lt":
        if (!(v < o)) return false;
        break;
      case "lte":
        if (!(v <= o)) return false;
        break;
      case "gt":
        if (!(v > o)) return false;
        break;
      case "gte":
        if (!(v >= o)) return false;
        break;
      default:
        throw new Error(`unsupported operator ${op} on ${field}`);
    }
  }
  return true;
}

/**
 * Evaluates a {@link SeekerWhere} against one row in memory, with Prisma's semantics for the
 * subset used (AND, OR, NOT, equals, lt, lte, gt, gte, in; `AND: []` true, `OR: []` false,
 * `NOT: [...]` true when none match). For tests and for filtering rows already loaded.
 *
 * @throws Error on syntax outside the subset (so a test notices a filter it cannot check)
 */
export function evaluateSeekerWhere(where: SeekerWhere, row: SeekerRow): boolean {
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    switch (key) {
      case "AND": {
        const list = Array.isArray(value) ? value : [value];
        if (!list.every((w: SeekerWhere) => evaluateSeekerWhere(w, row))) return false;
        break;
      }
      case "OR":
        if (!(value as SeekerWhere[]).some((w) => evaluateSeekerWhere(w, row))) return false;
        break;
      case "NOT": {
        const list = Array.isArray(value) ? value : [value];
        if (list.some((w: SeekerWhere) => evaluateSeekerWhere(w, row))) return false;
        break;
      }
      case "birthDate":
      case "householdSize":
      case "householdIncomeCents":
      case "accessibilityNeed":
        if (!matchesField(row[key], value, key)) return false;
        break;
      default:
        throw new Error(`unsupported where key ${key}`);
    }
  }
  return true;
}
