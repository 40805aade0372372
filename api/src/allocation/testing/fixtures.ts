/**
 * Builders for tests and benchmarks: a plain seeker, listing and candidate with sensible defaults
 * (a 30-year-old single person earning EUR 30,000, a 2-room DAEB apartment on the 2nd floor at
 * EUR 550), overridable field by field. Not part of the public API.
 *
 * @module
 */
import { RULE_SET_2019 } from "../ruleset.ts";
import type {
  CandidateInput,
  ListingInput,
  SearchProfile,
  SeekerInput,
  UrgencyDeclaration,
} from "../types.ts";

/** A date-only value (UTC midnight), as Prisma returns `@db.Date`. */
export const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** Noon in Amsterdam on a day (CET/CEST): an evaluation moment far from midnight. */
export const noon = (iso: string): Date => new Date(`${iso}T10:00:00Z`);

/** The rule set the tests use. */
export const RULES = RULE_SET_2019;

/** The default search profile: apartments from the 1st floor. */
export const DEFAULT_PROFILE: SearchProfile = RULE_SET_2019.urgency.defaultSearchProfile;

/** A seeker with overrides. */
export function seeker(overrides: Partial<SeekerInput> = {}): SeekerInput {
  return {
    id: "seeker-1",
    birthDate: day("1989-03-15"),
    householdSize: 1,
    householdIncome: 30000,
    registrationDate: day("2012-01-01"),
    retainedRegistrationYears: 0,
    accessibilityNeed: "NONE",
    currentDwellingKind: "NONE",
    currentDwellingRooms: null,
    municipalityId: "gm-utrecht",
    core: null,
    workMunicipalityId: null,
    workCore: null,
    vitalProfession: null,
    isStudent: false,
    urgency: null,
    ...overrides,
  };
}

/** CBS codes of the test municipality ids (the rule set's municipal overrides are keyed by code). */
export const MUNICIPALITY_CODES: Readonly<Record<string, string>> = {
  "gm-utrecht": "GM0344",
  "gm-zeist": "GM0355",
  "gm-nieuwegein": "GM0356",
};

/** A listing with overrides. */
export function listing(overrides: Partial<ListingInput> = {}): ListingInput {
  return {
    id: "listing-1",
    allocationModel: "AANBOD",
    netRent: 550,
    incomeBand: "DAEB",
    isNewBuild: false,
    rooms: 2,
    dwellingType: "APARTMENT",
    floor: 2,
    accessibility: "NONE",
    municipalityId: "gm-utrecht",
    municipalityCode: null,
    districtId: "overvecht",
    householdMin: 1,
    householdMax: 99,
    ageLabel: "NONE",
    priorityRules: ["URGENCY"],
    vitalProfessions: [],
    bindingCores: [],
    studentComplex: null,
    lotterySeed: null,
    ...overrides,
  };
}

/** An urgency declaration valid through 2019 with the default profile, with overrides. */
export function urgency(overrides: Partial<UrgencyDeclaration> = {}): UrgencyDeclaration {
  return {
    category: "CHRONIC_MEDICAL",
    searchProfile: DEFAULT_PROFILE,
    validFrom: new Date("2019-01-01T00:00:00Z"),
    validUntil: new Date("2019-12-31T22:59:59Z"),
    ...overrides,
  };
}

/** A candidate (response) of a seeker, with overrides. */
export function candidate(
  s: SeekerInput,
  overrides: Partial<Omit<CandidateInput, "seeker">> = {},
): CandidateInput {
  return {
    responseId: `r-${s.id}`,
    respondedAt: new Date("2019-06-01T08:00:00Z"),
    motivation: null,
    committeeVerdict: "PENDING",
    lotteryEntry: `e-${s.id}`,
    seeker: s,
    ...overrides,
  };
}
