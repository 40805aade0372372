/**
 * In-memory records the seed builds before writing, and small shared helpers (days, money,
 * the eligibility approximation used to pick plausible respondents).
 *
 * Dates are kept as day numbers (days since 1970-01-01 UTC) for date-only values and as Unix
 * milliseconds for instants. Money is integer cents (rent per month, income per year).
 *
 * @module
 */
import type {
  AccessibilityLabel,
  AccessibilityNeed,
  AgeLabel,
  AllocationModel,
  CurrentDwellingKind,
  DwellingType,
  EnergyLabel,
  HouseholdRole,
  IncomeBand,
  IncomeSource,
  PriorityRule,
  SeekerStatus,
  UrgencyCategory,
} from "../generated/prisma/enums.ts";
import { RULE_SET_2019 } from "../../api/src/allocation/index.ts";
import type { ScaleConfig } from "./calibration.ts";
import { RULES_2019 } from "./calibration.ts";
import { Rng } from "./random.ts";

/** Milliseconds per day. */
export const DAY = 86_400_000;
/** Mean days per year (Gregorian), for approximate year arithmetic. */
export const YEAR_DAYS = 365.2425;

/** Day number (days since the Unix epoch, UTC) of an instant. */
export const dayOf = (ms: number): number => Math.floor(ms / DAY);
/** A `Date` at UTC midnight of a day number (how `@db.Date` values travel). */
export const dateOfDay = (day: number): Date => new Date(day * DAY);
/** Day number of a calendar date. */
export const dayOfYmd = (y: number, m: number, d: number): number => Math.floor(Date.UTC(y, m - 1, d) / DAY);
/** EUR → cents. */
export const cents = (eur: number): number => Math.round(eur * 100);
/** Round to 6 decimals (as the allocation core does for years). */
export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Lower bound: first index with `sorted[i] >= x`. */
export function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A municipality (gemeente) with its kernen, postal ranges and landlords. */
export interface MunicipalityRec {
  id: string;
  code: string;
  name: string;
  cores: string[];
  postal: [number, number][];
  landlords: [string, number][];
  seekerShare: number;
  stock: number;
}

/** A district (wijk) of Utrecht with its share of the city's social stock. */
export interface DistrictRec {
  id: string;
  index: number;
  municipalityIdx: number;
  name: string;
  shareOfStock: number;
}

/** An organisation: landlord, municipality, assessing body or the platform. */
export interface OrgRec {
  id: string;
  key: string;
  kind: "LANDLORD" | "MUNICIPALITY" | "ASSESSING_BODY" | "PLATFORM";
  name: string;
  slug: string;
  municipalityIdx: number | null;
  website: string | null;
}

/** A complex of dwellings (possibly a woongroep or the student complex). */
export interface ComplexRec {
  id: string;
  index: number;
  landlordKey: string;
  name: string;
  municipalityIdx: number;
  districtIdx: number | null;
  isStudentComplex: boolean;
  woongroepIdx: number | null;
}

/** A woongroep: target share of dragende residents and the current mix. */
export interface WoongroepRec {
  id: string;
  index: number;
  complexIdx: number;
  name: string;
  description: string;
  targetDragendShare: number;
  dragendResidents: number;
  vragendResidents: number;
}

/** A dwelling with address, layout, rent (cents per month) and rent class. */
export interface DwellingRec {
  id: string;
  index: number;
  landlordKey: string;
  complexIdx: number | null;
  street: string;
  houseNumber: number;
  suffix: string | null;
  postalCode: string;
  city: string;
  municipalityIdx: number;
  districtIdx: number | null;
  neighbourhood: string | null;
  type: DwellingType;
  floor: number;
  hasElevator: boolean;
  rooms: number;
  areaM2: number;
  accessibility: AccessibilityLabel;
  energyLabel: EnergyLabel;
  netRentCents: number;
  serviceCostsCents: number;
  isNewBuild: boolean;
  buildYear: number;
  /** 0..3 = the four social rent classes of `UTRECHT_RENT_CLASSES`; 4 = middle rent. */
  rentClass: number;
  /** Used by a letting or an open listing. */
  used: boolean;
}

/** A household member other than the applicant. */
export interface MemberRec {
  role: HouseholdRole;
  firstName: string;
  birthDay: number;
}

/** A yearly household income declaration (cents per year). */
export interface IncomeRec {
  year: number;
  cents: number;
  source: IncomeSource;
  verified: boolean;
  verifiedMs: number | null;
  createdMs: number;
}

/** A search profile (zoekprofiel) as the seed keeps it. */
export interface ProfileRec {
  dwellingTypes: DwellingType[];
  minFloor: number | null;
  maxFloor: number | null;
  minRooms: number | null;
  maxRooms: number | null;
  municipalityIdxs: number[];
  requiresAccessibility: AccessibilityLabel;
}

/** A seeker (household) with everything written to User, Seeker, HouseholdMember and HouseholdIncome. */
/** A seeded seeker's registration number (inschrijfnummer): its index + 1, stable for a seed. */
export function registrationNumberOf(s: { index: number }): number {
  return s.index + 1;
}

export interface SeekerRec {
  index: number;
  id: string;
  userId: string;
  email: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  birthDay: number;
  phone: string | null;
  regDay: number;
  retained: number;
  status: SeekerStatus;
  householdSize: number;
  incomeCents: number;
  currentKind: CurrentDwellingKind;
  currentRooms: number | null;
  currentSocial: boolean;
  municipalityIdx: number | null;
  core: string | null;
  workMunicipalityIdx: number | null;
  vitalProfession: string | null;
  accessibilityNeed: AccessibilityNeed;
  isStudent: boolean;
  createdMs: number;
  updatedMs: number;
  members: MemberRec[];
  incomes: IncomeRec[];
  /** How often this seeker responds (0..1). */
  activity: number;
  /** A granted urgency declaration (for ranking open listings), or null. */
  urgency: {
    category: UrgencyCategory;
    validFromMs: number;
    validUntilMs: number;
    profile: ProfileRec;
  } | null;
  /** Has or had an urgency application decided GRANTED (kept out of historic regular rankings). */
  urgentEver: boolean;
  /** Demo account key, when this is a demo seeker. */
  demo: string | null;
}

/** A listing (advertentie); money in cents per month, times in Unix milliseconds. */
export interface ListingRec {
  index: number;
  id: string;
  reference: string;
  dwellingIdx: number;
  landlordKey: string;
  title: string;
  description: string;
  allocationModel: AllocationModel;
  status: "DRAFT" | "PUBLISHED" | "CLOSED" | "OFFERING" | "LET" | "WITHDRAWN";
  netRentCents: number;
  serviceCostsCents: number;
  publishedMs: number | null;
  closesMs: number;
  householdMin: number;
  householdMax: number;
  ageLabel: AgeLabel;
  incomeBand: IncomeBand;
  priorityRules: PriorityRule[];
  vitalProfessions: string[];
  lotteryCommitment: string | null;
  lotterySeed: string | null;
  lotterySeedRevealedMs: number | null;
  closedMs: number | null;
  createdMs: number;
  updatedMs: number;
}

/** An urgency application (urgentieaanvraag) with its decision and search profiles. */
export interface UrgencyAppRec {
  id: string;
  seekerIdx: number;
  category: UrgencyCategory;
  situation: string;
  status: "DRAFT" | "SUBMITTED" | "IN_REVIEW" | "GRANTED" | "REJECTED" | "WITHDRAWN" | "EXPIRED";
  submittedMs: number | null;
  reviewStartedMs: number | null;
  decidedMs: number | null;
  decidedBy: string | null;
  decisionReason: string | null;
  grantedCategory: UrgencyCategory | null;
  validFromMs: number | null;
  validUntilMs: number | null;
  withdrawnMs: number | null;
  createdMs: number;
  updatedMs: number;
  preferred: ProfileRec | null;
  granted: ProfileRec | null;
}

/** Shared state of one seed run. */
export interface Ctx {
  seed: number;
  nowMs: number;
  nowDay: number;
  scale: ScaleConfig;
  municipalities: MunicipalityRec[];
  districts: DistrictRec[];
  orgs: OrgRec[];
  complexes: ComplexRec[];
  woongroepen: WoongroepRec[];
  dwellings: DwellingRec[];
  seekers: SeekerRec[];
  listings: ListingRec[];
  urgencyApps: UrgencyAppRec[];
  /** Landlord key → ids of staff users who make offers. */
  landlordStaff: Map<string, string[]>;
  /** Assessor user ids. */
  assessors: string[];
  /** Woongroep index → committee member user ids. */
  committee: Map<number, string[]>;
  /** Administrator user id. */
  adminUserId: string;
  /** Named PRNG stream. */
  rng(name: string): Rng;
}

/** Organisation of a landlord key. */
export function landlordOrg(ctx: Ctx, key: string): OrgRec {
  const org = ctx.orgs.find((o) => o.kind === "LANDLORD" && o.key === key);
  if (!org) throw new Error(`unknown landlord ${key}`);
  return org;
}

/** Registration years of a seeker on a day (approximation: days / 365.2425 + retained). */
export function yearsOn(s: SeekerRec, day: number): number {
  return (day - s.regDay) / YEAR_DAYS + s.retained;
}

/** Completed years of age on a day (anniversary-exact). */
export function ageOn(birthDay: number, day: number): number {
  const b = new Date(birthDay * DAY);
  const d = new Date(day * DAY);
  let age = d.getUTCFullYear() - b.getUTCFullYear();
  if (
    d.getUTCMonth() < b.getUTCMonth() ||
    (d.getUTCMonth() === b.getUTCMonth() && d.getUTCDate() < b.getUTCDate())
  )
    age -= 1;
  return age;
}

/** Income limit of a listing's band, cents per year (`rules2019`). */
export function bandLimitCents(band: IncomeBand): number {
  switch (band) {
    case "DAEB":
      return cents(RULES_2019.incomeLimitDaeb);
    case "MIDDLE":
      return cents(RULES_2019.incomeLimitMiddle);
    case "ORDINANCE":
      return cents(RULES_2019.incomeLimitOrdinance);
    case "MIDDLE_RENT":
      return cents(RULES_2019.middleRent.maxIncome);
  }
}

/**
 * Rent benefit (huurtoeslag) income limit, cents per year, from the default rule set
 * (`RULE_SET_2019.rentBenefit`); a household at or below it qualifies.
 */
export function rentBenefitLimitCents(householdSize: number, pension: boolean): number {
  const l = RULE_SET_2019.rentBenefit.incomeLimits;
  if (householdSize <= 1) return cents(pension ? l.singleFromPensionAge : l.singleBelowPensionAge);
  return cents(pension ? l.multiFromPensionAge : l.multiBelowPensionAge);
}

/**
 * Approximate eligibility (passendheid) of a seeker for a listing on a day, as the allocation
 * core decides it: age label, household size, income band, and passend toewijzen (households
 * qualifying for rent benefit only up to the capping threshold; 18–22-year-olds only up to the
 * quality-discount limit). Used to pick plausible respondents; the API's own checks are the truth.
 */
export function roughlyEligible(s: SeekerRec, l: ListingRec, day: number): boolean {
  const age = ageOn(s.birthDay, day);
  if (age < 18) return false;
  if (l.ageLabel === "AGE_55_PLUS" && age < 55) return false;
  if (l.ageLabel === "AGE_65_PLUS" && age < 65) return false;
  if (l.ageLabel === "YOUTH_18_23" && age > 23) return false;
  if (s.householdSize < l.householdMin || s.householdSize > l.householdMax) return false;
  if (s.incomeCents > bandLimitCents(l.incomeBand)) return false;
  if (l.netRentCents <= cents(RULES_2019.liberalisationLimit)) {
    const benefit =
      s.incomeCents <=
      rentBenefitLimitCents(s.householdSize, age * 12 >= RULE_SET_2019.rentBenefit.pensionAgeMonths);
    if (benefit) {
      const cap = s.householdSize <= 2 ? RULES_2019.cappingThresholdLow : RULES_2019.cappingThresholdHigh;
      if (l.netRentCents > cents(cap)) return false;
      if (
        age <= RULE_SET_2019.age.youthRentBenefit.maxAge! &&
        l.netRentCents > cents(RULE_SET_2019.rent.qualityDiscountLimit)
      )
        return false;
    }
  }
  return true;
}

/** Does a search profile contain a dwelling? */
export function profileContains(p: ProfileRec, d: DwellingRec): boolean {
  if (p.dwellingTypes.length && !p.dwellingTypes.includes(d.type)) return false;
  if (p.minFloor !== null && d.floor < p.minFloor) return false;
  if (p.maxFloor !== null && d.floor > p.maxFloor) return false;
  if (p.minRooms !== null && d.rooms < p.minRooms) return false;
  if (p.maxRooms !== null && d.rooms > p.maxRooms) return false;
  if (p.municipalityIdxs.length && !p.municipalityIdxs.includes(d.municipalityIdx)) return false;
  if (p.requiresAccessibility === "WHEELCHAIR" && d.accessibility !== "WHEELCHAIR") return false;
  if (p.requiresAccessibility === "WALKER" && d.accessibility === "NONE") return false;
  return true;
}

/**
 * Priority tier of a seeker on a listing, in the default rule set's order (URGENCY, MOVER,
 * LOCAL_BINDING, VITAL_PROFESSION): 0..3, or 4 = none (registration years / lottery).
 * WOONGROEP and BEMIDDELING listings have no priority tiers.
 */
export function priorityTier(ctx: Ctx, s: SeekerRec, l: ListingRec, atMs: number): number {
  if (l.allocationModel === "WOONGROEP" || l.allocationModel === "BEMIDDELING") return 4;
  const d = ctx.dwellings[l.dwellingIdx]!;
  if (
    l.priorityRules.includes("URGENCY") &&
    s.urgency &&
    s.urgency.validFromMs <= atMs &&
    atMs <= s.urgency.validUntilMs &&
    profileContains(s.urgency.profile, d)
  ) {
    return 0;
  }
  if (
    l.priorityRules.includes("MOVER") &&
    s.currentKind === "INDEPENDENT_RENTAL" &&
    (s.currentRooms ?? 0) >= 4 &&
    (d.rooms <= 3 || d.accessibility !== "NONE")
  ) {
    return 1;
  }
  if (
    l.priorityRules.includes("LOCAL_BINDING") &&
    (s.municipalityIdx === d.municipalityIdx || s.workMunicipalityIdx === d.municipalityIdx)
  ) {
    return 2;
  }
  if (
    l.priorityRules.includes("VITAL_PROFESSION") &&
    s.vitalProfession !== null &&
    s.workMunicipalityIdx === d.municipalityIdx &&
    (l.vitalProfessions.length === 0 || l.vitalProfessions.includes(s.vitalProfession))
  ) {
    return 3;
  }
  return 4;
}

/** ASCII slug: lower case, diacritics removed, runs of other characters to `sep`. */
export function slugify(text: string, sep = "-"): string {
  const parts = text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((p) => p.length > 0);
  return parts.join(sep);
}

/** EUR amount in Dutch notation, e.g. "€ 1.612,40". */
export function euro(centsValue: number): string {
  const eur = String(Math.floor(centsValue / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `€ ${eur},${String(centsValue % 100).padStart(2, "0")}`;
}
