/**
 * Hand-worked eligibility cases, one table row per case, each citing its rule. Boundary values:
 * income exactly at a limit passes and one euro (or one cent) above fails; rent exactly at a
 * threshold passes; ages 17/18, 22/23, 54/55, 64/65 and the pension age; household min/max edges.
 * Evaluation day 15 June 2019 unless stated.
 */
import { describe, expect, it } from "vitest";
import {
  checkEligibility,
  failedChecks,
  listingProblems,
  specialGroupFits,
  type CheckCode,
  type EligibilityRule,
} from "./eligibility.ts";
import { candidate, day, listing, noon, RULES, seeker, urgency } from "./testing/fixtures.ts";
import type { ListingInput, ResponseContext, SeekerInput } from "./types.ts";

interface Case {
  name: string;
  /** Rule and source the case exercises. */
  source: string;
  seeker?: Partial<SeekerInput>;
  listing?: Partial<ListingInput>;
  response?: ResponseContext;
  date?: string;
  rule: EligibilityRule;
  /** Expected check outcome, or `null` when the rule must not produce a check here. */
  expect: { code: CheckCode; passed: boolean; params?: Record<string, unknown> } | null;
  eligible?: boolean;
}

const S = '[003] "Wie doen mee?"';
const L = '[003] "Voorrang"; [004] Jongvolwassenen';
const H = "[001] §B, §E.2a";
const I = "[001] §E.1";
const MR = "[001] §E.2a Voorstel II";
const RB = "[004] huurklassen (aftoppingsgrenzen), passend toewijzen; huurtoeslag 2019";
const Y = '[004] Jongvolwassenen, "Drempels in de toegang tot huisvesting"';
const A = "[004] Bijlage 1; DOMAIN §Eligibility 5";
const SC = "[004] studentencomplexen max. 15%";
const W = "[000] woongroepregeling";
const U = "[001] §E.2c Voorstel III";

// A household that does not qualify for rent benefit (single, income > 22,700), so that income
// cases are not disturbed by the capping threshold.
const notBenefit = { householdIncome: 30000 };
const student = { isStudent: true };
const validUrgency = urgency();

const cases: Case[] = [
  // ── 1. Minimum age 18 ──
  {
    name: "exactly 18 today",
    source: S,
    seeker: { birthDate: day("2001-06-15") },
    rule: "AGE_MINIMUM",
    expect: { code: "AGE_MINIMUM_MET", passed: true, params: { age: 18, minAge: 18 } },
  },
  {
    name: "17, turns 18 tomorrow",
    source: S,
    seeker: { birthDate: day("2001-06-16") },
    rule: "AGE_MINIMUM",
    expect: { code: "AGE_BELOW_MINIMUM", passed: false, params: { age: 17, minAge: 18 } },
    eligible: false,
  },
  {
    name: "18 and one day",
    source: S,
    seeker: { birthDate: day("2001-06-14") },
    rule: "AGE_MINIMUM",
    expect: { code: "AGE_MINIMUM_MET", passed: true, params: { age: 18 } },
  },
  {
    name: "born 29 Feb 2004: still 17 on 28 Feb 2022",
    source: S,
    seeker: { birthDate: day("2004-02-29") },
    date: "2022-02-28",
    rule: "AGE_MINIMUM",
    expect: { code: "AGE_BELOW_MINIMUM", passed: false, params: { age: 17 } },
  },
  {
    name: "born 29 Feb 2004: 18 on 1 Mar 2022",
    source: S,
    seeker: { birthDate: day("2004-02-29") },
    date: "2022-03-01",
    rule: "AGE_MINIMUM",
    expect: { code: "AGE_MINIMUM_MET", passed: true, params: { age: 18 } },
  },

  // ── 2. Age labels ──
  {
    name: "youth label, 23 today",
    source: L,
    seeker: { birthDate: day("1996-06-15") },
    listing: { ageLabel: "YOUTH_18_23" },
    rule: "AGE_LABEL",
    expect: { code: "AGE_LABEL_MET", passed: true, params: { age: 23, minAge: 18, maxAge: 23 } },
  },
  {
    name: "youth label, 24 today",
    source: L,
    seeker: { birthDate: day("1995-06-15") },
    listing: { ageLabel: "YOUTH_18_23" },
    rule: "AGE_LABEL",
    expect: { code: "AGE_ABOVE_LABEL", passed: false, params: { age: 24, maxAge: 23 } },
    eligible: false,
  },
  {
    name: "youth label, 24 tomorrow",
    source: L,
    seeker: { birthDate: day("1995-06-16") },
    listing: { ageLabel: "YOUTH_18_23" },
    rule: "AGE_LABEL",
    expect: { code: "AGE_LABEL_MET", passed: true, params: { age: 23 } },
  },
  {
    name: "youth label, 17",
    source: L,
    seeker: { birthDate: day("2002-01-01") },
    listing: { ageLabel: "YOUTH_18_23" },
    rule: "AGE_LABEL",
    expect: { code: "AGE_BELOW_LABEL", passed: false, params: { age: 17, minAge: 18 } },
    eligible: false,
  },
  {
    name: "55+, 55 today",
    source: L,
    seeker: { birthDate: day("1964-06-15") },
    listing: { ageLabel: "AGE_55_PLUS" },
    rule: "AGE_LABEL",
    expect: { code: "AGE_LABEL_MET", passed: true, params: { age: 55, maxAge: null } },
  },
  {
    name: "55+, 54 (55 tomorrow)",
    source: L,
    seeker: { birthDate: day("1964-06-16") },
    listing: { ageLabel: "AGE_55_PLUS" },
    rule: "AGE_LABEL",
    expect: { code: "AGE_BELOW_LABEL", passed: false, params: { age: 54, minAge: 55 } },
    eligible: false,
  },
  {
    name: "65+, 65 today",
    source: L,
    seeker: { birthDate: day("1954-06-15") },
    listing: { ageLabel: "AGE_65_PLUS" },
    rule: "AGE_LABEL",
    expect: { code: "AGE_LABEL_MET", passed: true, params: { age: 65 } },
  },
  {
    name: "65+, 64",
    source: L,
    seeker: { birthDate: day("1954-06-16") },
    listing: { ageLabel: "AGE_65_PLUS" },
    rule: "AGE_LABEL",
    expect: { code: "AGE_BELOW_LABEL", passed: false, params: { age: 64 } },
    eligible: false,
  },
  {
    name: "no label: no check",
    source: L,
    listing: { ageLabel: "NONE" },
    rule: "AGE_LABEL",
    expect: null,
    eligible: true,
  },

  // ── 3. Household size ──
  {
    name: "size at minimum 2",
    source: H,
    seeker: { householdSize: 2, ...notBenefit },
    listing: { householdMin: 2, householdMax: 4 },
    rule: "HOUSEHOLD_SIZE",
    expect: { code: "HOUSEHOLD_SIZE_FITS", passed: true },
  },
  {
    name: "size at maximum 4",
    source: H,
    seeker: { householdSize: 4, householdIncome: 35000 },
    listing: { householdMin: 2, householdMax: 4 },
    rule: "HOUSEHOLD_SIZE",
    expect: { code: "HOUSEHOLD_SIZE_FITS", passed: true },
  },
  {
    name: "one below minimum (1-person household, family dwelling)",
    source: H,
    seeker: { householdSize: 1 },
    listing: { householdMin: 2, householdMax: 4 },
    rule: "HOUSEHOLD_SIZE",
    expect: { code: "HOUSEHOLD_TOO_SMALL", passed: false, params: { householdSize: 1, householdMin: 2 } },
    eligible: false,
  },
  {
    name: "one above maximum",
    source: H,
    seeker: { householdSize: 5, householdIncome: 35000 },
    listing: { householdMin: 2, householdMax: 4 },
    rule: "HOUSEHOLD_SIZE",
    expect: { code: "HOUSEHOLD_TOO_LARGE", passed: false, params: { householdSize: 5, householdMax: 4 } },
    eligible: false,
  },
  {
    name: "no bounds of its own, 4-room dwelling: the rule set's table applies, a 1-person household is too small",
    source: `${H}; DOMAIN eligibility 2 (no 1-person household in a 4-room family dwelling)`,
    seeker: { householdSize: 1 },
    listing: { rooms: 4, householdMin: null, householdMax: null },
    rule: "HOUSEHOLD_SIZE",
    expect: {
      code: "HOUSEHOLD_TOO_SMALL",
      passed: false,
      params: { householdSize: 1, householdMin: 2, householdMax: 99, fromRuleSet: true },
    },
    eligible: false,
  },
  {
    name: "no bounds of its own, 4-room dwelling: a couple fits by the table",
    source: H,
    seeker: { householdSize: 2 },
    listing: { rooms: 4, householdMin: null, householdMax: null },
    rule: "HOUSEHOLD_SIZE",
    expect: { code: "HOUSEHOLD_SIZE_FITS", passed: true, params: { householdMin: 2, fromRuleSet: true } },
  },
  {
    name: "no bounds of its own, 3-room dwelling: any household by the table",
    source: H,
    seeker: { householdSize: 1 },
    listing: { rooms: 3, householdMin: null, householdMax: null },
    rule: "HOUSEHOLD_SIZE",
    expect: { code: "HOUSEHOLD_SIZE_FITS", passed: true, params: { householdMin: 1, householdMax: 99 } },
  },
  {
    name: "a 4-room listing that allows 1-person households itself (DOMAIN: unless the listing allows it)",
    source: `${H}; DOMAIN eligibility 2`,
    seeker: { householdSize: 1 },
    listing: { rooms: 4, householdMin: 1, householdMax: null },
    rule: "HOUSEHOLD_SIZE",
    expect: { code: "HOUSEHOLD_SIZE_FITS", passed: true, params: { householdMin: 1, fromRuleSet: false } },
  },
  {
    name: "min = max = 1",
    source: H,
    seeker: { householdSize: 1 },
    listing: { householdMin: 1, householdMax: 1 },
    rule: "HOUSEHOLD_SIZE",
    expect: { code: "HOUSEHOLD_SIZE_FITS", passed: true },
  },
  {
    name: "no practical maximum (99), 8 persons",
    source: H,
    seeker: { householdSize: 8, householdIncome: 35000 },
    rule: "HOUSEHOLD_SIZE",
    expect: { code: "HOUSEHOLD_SIZE_FITS", passed: true },
  },

  // ── 4. Income vs the listing band ──
  {
    name: "DAEB: exactly 38,035",
    source: I,
    seeker: { householdIncome: 38035 },
    listing: { incomeBand: "DAEB" },
    rule: "INCOME",
    expect: {
      code: "INCOME_WITHIN_LIMIT",
      passed: true,
      params: { income: 38035, limit: 38035, band: "DAEB" },
    },
    eligible: true,
  },
  {
    name: "DAEB: one euro above",
    source: I,
    seeker: { householdIncome: 38036 },
    listing: { incomeBand: "DAEB" },
    rule: "INCOME",
    expect: { code: "INCOME_ABOVE_LIMIT", passed: false, params: { income: 38036, limit: 38035 } },
    eligible: false,
  },
  {
    name: "DAEB: one cent above",
    source: I,
    seeker: { householdIncome: 38035.01 },
    listing: { incomeBand: "DAEB" },
    rule: "INCOME",
    expect: { code: "INCOME_ABOVE_LIMIT", passed: false },
  },
  {
    name: "MIDDLE: exactly 42,436",
    source: I,
    seeker: { householdIncome: 42436 },
    listing: { incomeBand: "MIDDLE" },
    rule: "INCOME",
    expect: { code: "INCOME_WITHIN_LIMIT", passed: true, params: { limit: 42436 } },
  },
  {
    name: "MIDDLE: one euro above",
    source: I,
    seeker: { householdIncome: 42437 },
    listing: { incomeBand: "MIDDLE" },
    rule: "INCOME",
    expect: { code: "INCOME_ABOVE_LIMIT", passed: false, params: { limit: 42436 } },
  },
  {
    name: "ORDINANCE: exactly 48,655",
    source: I,
    seeker: { householdIncome: 48655 },
    listing: { incomeBand: "ORDINANCE" },
    rule: "INCOME",
    expect: { code: "INCOME_WITHIN_LIMIT", passed: true, params: { limit: 48655 } },
  },
  {
    name: "ORDINANCE: one euro above",
    source: I,
    seeker: { householdIncome: 48656 },
    listing: { incomeBand: "ORDINANCE" },
    rule: "INCOME",
    expect: { code: "INCOME_ABOVE_LIMIT", passed: false },
  },
  {
    name: "ORDINANCE: 52,000 (DOMAIN example)",
    source: I,
    seeker: { householdIncome: 52000 },
    listing: { incomeBand: "ORDINANCE" },
    rule: "INCOME",
    expect: {
      code: "INCOME_ABOVE_LIMIT",
      passed: false,
      params: { income: 52000, limit: 48655, band: "ORDINANCE" },
    },
  },
  {
    name: "middle rent: exactly 57,052",
    source: MR,
    seeker: { householdIncome: 57052 },
    listing: { incomeBand: "MIDDLE_RENT", netRent: 850, isNewBuild: true },
    rule: "INCOME",
    expect: { code: "INCOME_WITHIN_LIMIT", passed: true, params: { limit: 57052, band: "MIDDLE_RENT" } },
    eligible: true,
  },
  {
    name: "middle rent: one euro above",
    source: MR,
    seeker: { householdIncome: 57053 },
    listing: { incomeBand: "MIDDLE_RENT", netRent: 850, isNewBuild: true },
    rule: "INCOME",
    expect: { code: "INCOME_ABOVE_LIMIT", passed: false, params: { limit: 57052 } },
    eligible: false,
  },
  {
    name: "income 0 within DAEB",
    source: I,
    seeker: { householdIncome: 0 },
    listing: { netRent: 400 },
    rule: "INCOME",
    expect: { code: "INCOME_WITHIN_LIMIT", passed: true },
  },

  // ── 5. Rent benefit and capping thresholds (social rent) ──
  {
    name: "single at rent-benefit limit, rent at low threshold 597.30",
    source: RB,
    seeker: { householdIncome: 22700 },
    listing: { netRent: 597.3 },
    rule: "RENT_BENEFIT_CAP",
    expect: {
      code: "RENT_WITHIN_CAPPING_THRESHOLD",
      passed: true,
      params: { threshold: 597.3, rentBenefitLimit: 22700 },
    },
    eligible: true,
  },
  {
    name: "single at rent-benefit limit, rent one cent above 597.30",
    source: RB,
    seeker: { householdIncome: 22700 },
    listing: { netRent: 597.31 },
    rule: "RENT_BENEFIT_CAP",
    expect: {
      code: "RENT_ABOVE_CAPPING_THRESHOLD",
      passed: false,
      params: { rent: 597.31, threshold: 597.3 },
    },
    eligible: false,
  },
  {
    name: "single one euro above rent-benefit limit: cap does not apply",
    source: RB,
    seeker: { householdIncome: 22701 },
    listing: { netRent: 700 },
    rule: "RENT_BENEFIT_CAP",
    expect: {
      code: "RENT_BENEFIT_NOT_QUALIFYING",
      passed: true,
      params: { income: 22701, rentBenefitLimit: 22700 },
    },
    eligible: true,
  },
  {
    name: "2 persons at multi limit 30,825, rent above low threshold",
    source: RB,
    seeker: { householdSize: 2, householdIncome: 30825 },
    listing: { netRent: 597.31 },
    rule: "RENT_BENEFIT_CAP",
    expect: {
      code: "RENT_ABOVE_CAPPING_THRESHOLD",
      passed: false,
      params: { threshold: 597.3, householdSize: 2, rentBenefitLimit: 30825 },
    },
  },
  {
    name: "2 persons one euro above multi limit",
    source: RB,
    seeker: { householdSize: 2, householdIncome: 30826 },
    listing: { netRent: 620 },
    rule: "RENT_BENEFIT_CAP",
    expect: { code: "RENT_BENEFIT_NOT_QUALIFYING", passed: true },
  },
  {
    name: "3 persons, rent exactly at high threshold 640.14",
    source: RB,
    seeker: { householdSize: 3, householdIncome: 25000 },
    listing: { netRent: 640.14 },
    rule: "RENT_BENEFIT_CAP",
    expect: { code: "RENT_WITHIN_CAPPING_THRESHOLD", passed: true, params: { threshold: 640.14 } },
  },
  {
    name: "3 persons, rent one cent above 640.14",
    source: RB,
    seeker: { householdSize: 3, householdIncome: 25000 },
    listing: { netRent: 640.15 },
    rule: "RENT_BENEFIT_CAP",
    expect: { code: "RENT_ABOVE_CAPPING_THRESHOLD", passed: false, params: { threshold: 640.14 } },
  },
  {
    name: "3 persons, rent between the thresholds",
    source: RB,
    seeker: { householdSize: 3, householdIncome: 25000 },
    listing: { netRent: 620 },
    rule: "RENT_BENEFIT_CAP",
    expect: { code: "RENT_WITHIN_CAPPING_THRESHOLD", passed: true },
  },
  {
    name: "pensioner single above AOW limit 22,675",
    source: RB,
    seeker: { birthDate: day("1950-01-01"), householdIncome: 22690 },
    listing: { netRent: 620 },
    rule: "RENT_BENEFIT_CAP",
    expect: { code: "RENT_BENEFIT_NOT_QUALIFYING", passed: true, params: { rentBenefitLimit: 22675 } },
  },
  {
    name: "pensioner single at AOW limit 22,675",
    source: RB,
    seeker: { birthDate: day("1950-01-01"), householdIncome: 22675 },
    listing: { netRent: 620 },
    rule: "RENT_BENEFIT_CAP",
    expect: { code: "RENT_ABOVE_CAPPING_THRESHOLD", passed: false, params: { rentBenefitLimit: 22675 } },
  },
  {
    name: "reaches pension age (66y4m) today: AOW limit",
    source: RB,
    seeker: { birthDate: day("1953-02-15"), householdIncome: 22690 },
    listing: { netRent: 620 },
    rule: "RENT_BENEFIT_CAP",
    expect: { code: "RENT_BENEFIT_NOT_QUALIFYING", passed: true, params: { rentBenefitLimit: 22675 } },
  },
  {
    name: "reaches pension age tomorrow: under-AOW limit",
    source: RB,
    seeker: { birthDate: day("1953-02-16"), householdIncome: 22690 },
    listing: { netRent: 620 },
    rule: "RENT_BENEFIT_CAP",
    expect: { code: "RENT_ABOVE_CAPPING_THRESHOLD", passed: false, params: { rentBenefitLimit: 22700 } },
  },
  {
    name: "middle rent: no capping check for low income",
    source: RB,
    seeker: { householdIncome: 15000 },
    listing: { netRent: 800, incomeBand: "MIDDLE_RENT", isNewBuild: true },
    rule: "RENT_BENEFIT_CAP",
    expect: null,
    eligible: true,
  },
  {
    name: "rent exactly at liberalisation limit is social: cap applies",
    source: RB,
    seeker: { householdIncome: 15000 },
    listing: { netRent: 720.42 },
    rule: "RENT_BENEFIT_CAP",
    expect: { code: "RENT_ABOVE_CAPPING_THRESHOLD", passed: false },
  },

  // ── 6. Youth and the quality-discount limit ──
  {
    name: "22 with rent benefit, rent exactly 424.44",
    source: Y,
    seeker: { birthDate: day("1997-06-15"), householdIncome: 15000 },
    listing: { netRent: 424.44 },
    rule: "YOUTH_RENT_BENEFIT",
    expect: {
      code: "YOUTH_RENT_WITHIN_QUALITY_DISCOUNT_LIMIT",
      passed: true,
      params: { age: 22, limit: 424.44 },
    },
    eligible: true,
  },
  {
    name: "22 with rent benefit, rent one cent above",
    source: Y,
    seeker: { birthDate: day("1997-06-15"), householdIncome: 15000 },
    listing: { netRent: 424.45 },
    rule: "YOUTH_RENT_BENEFIT",
    expect: { code: "YOUTH_RENT_ABOVE_QUALITY_DISCOUNT_LIMIT", passed: false, params: { rent: 424.45 } },
    eligible: false,
  },
  {
    name: "23 today: youth rule no longer applies",
    source: Y,
    seeker: { birthDate: day("1996-06-15"), householdIncome: 15000 },
    listing: { netRent: 450 },
    rule: "YOUTH_RENT_BENEFIT",
    expect: null,
    eligible: true,
  },
  {
    name: "22, turns 23 tomorrow: rule applies",
    source: Y,
    seeker: { birthDate: day("1996-06-16"), householdIncome: 15000 },
    listing: { netRent: 450 },
    rule: "YOUTH_RENT_BENEFIT",
    expect: { code: "YOUTH_RENT_ABOVE_QUALITY_DISCOUNT_LIMIT", passed: false, params: { age: 22 } },
  },
  {
    name: "22 without rent benefit: no youth check",
    source: Y,
    seeker: { birthDate: day("1997-01-01"), householdIncome: 22701 },
    listing: { netRent: 500 },
    rule: "YOUTH_RENT_BENEFIT",
    expect: null,
    eligible: true,
  },
  {
    name: "18 with rent benefit, rent above the limit",
    source: Y,
    seeker: { birthDate: day("2001-06-15"), householdIncome: 9000 },
    listing: { netRent: 500 },
    rule: "YOUTH_RENT_BENEFIT",
    expect: { code: "YOUTH_RENT_ABOVE_QUALITY_DISCOUNT_LIMIT", passed: false, params: { age: 18 } },
  },

  // ── 7. Accessibility labels ──
  {
    name: "wheelchair dwelling, wheelchair need",
    source: A,
    seeker: { accessibilityNeed: "WHEELCHAIR" },
    listing: { accessibility: "WHEELCHAIR" },
    rule: "ACCESSIBILITY",
    expect: { code: "ACCESSIBILITY_INDICATION_PRESENT", passed: true },
  },
  {
    name: "wheelchair dwelling, walker need",
    source: A,
    seeker: { accessibilityNeed: "WALKER" },
    listing: { accessibility: "WHEELCHAIR" },
    rule: "ACCESSIBILITY",
    expect: {
      code: "ACCESSIBILITY_INDICATION_MISSING",
      passed: false,
      params: { accessibility: "WHEELCHAIR" },
    },
    eligible: false,
  },
  {
    name: "walker dwelling, walker need",
    source: A,
    seeker: { accessibilityNeed: "WALKER" },
    listing: { accessibility: "WALKER" },
    rule: "ACCESSIBILITY",
    expect: { code: "ACCESSIBILITY_INDICATION_PRESENT", passed: true },
  },
  {
    name: "walker dwelling, no need",
    source: A,
    listing: { accessibility: "WALKER" },
    rule: "ACCESSIBILITY",
    expect: { code: "ACCESSIBILITY_INDICATION_MISSING", passed: false },
  },
  {
    name: "walker dwelling, wheelchair need (labels match exactly)",
    source: A,
    seeker: { accessibilityNeed: "WHEELCHAIR" },
    listing: { accessibility: "WALKER" },
    rule: "ACCESSIBILITY",
    expect: { code: "ACCESSIBILITY_INDICATION_MISSING", passed: false },
  },
  {
    name: "ordinary dwelling: no accessibility check",
    source: A,
    seeker: { accessibilityNeed: "WHEELCHAIR" },
    rule: "ACCESSIBILITY",
    expect: null,
    eligible: true,
  },

  // ── 8. Student complex ──
  {
    name: "student",
    source: SC,
    seeker: student,
    listing: { studentComplex: { units: 20, specialGroupTenants: 3 } },
    rule: "STUDENT_COMPLEX",
    expect: { code: "STUDENT_COMPLEX_STUDENT", passed: true },
  },
  {
    name: "regular non-student",
    source: SC,
    listing: { studentComplex: { units: 20, specialGroupTenants: 0 } },
    rule: "STUDENT_COMPLEX",
    expect: { code: "STUDENT_COMPLEX_STUDENTS_ONLY", passed: false },
    eligible: false,
  },
  {
    name: "special group, 3rd of 20 units = exactly 15%",
    source: SC,
    seeker: { urgency: validUrgency },
    listing: { studentComplex: { units: 20, specialGroupTenants: 2 } },
    rule: "STUDENT_COMPLEX",
    expect: {
      code: "STUDENT_COMPLEX_SPECIAL_GROUP_WITHIN_CAP",
      passed: true,
      params: { shareAfter: 0.15, cap: 0.15 },
    },
  },
  {
    name: "special group, 4th of 20 units = 20%",
    source: SC,
    seeker: { urgency: validUrgency },
    listing: { studentComplex: { units: 20, specialGroupTenants: 3 } },
    rule: "STUDENT_COMPLEX",
    expect: { code: "STUDENT_COMPLEX_SPECIAL_GROUP_CAP_REACHED", passed: false, params: { shareAfter: 0.2 } },
    eligible: false,
  },
  {
    name: "expired urgency is no special group",
    source: SC,
    seeker: { urgency: urgency({ validUntil: new Date("2019-06-14T21:59:59Z") }) },
    listing: { studentComplex: { units: 20, specialGroupTenants: 0 } },
    rule: "STUDENT_COMPLEX",
    expect: { code: "STUDENT_COMPLEX_STUDENTS_ONLY", passed: false },
  },

  // ── 9. Woongroep ──
  {
    name: "not yet responded: motivation required (informative)",
    source: W,
    listing: { allocationModel: "WOONGROEP" },
    rule: "WOONGROEP",
    expect: { code: "WOONGROEP_MOTIVATION_REQUIRED", passed: true },
    eligible: true,
  },
  {
    name: "response without motivation",
    source: W,
    listing: { allocationModel: "WOONGROEP" },
    response: { motivation: null, committeeVerdict: "PENDING" },
    rule: "WOONGROEP",
    expect: { code: "WOONGROEP_MOTIVATION_MISSING", passed: false },
    eligible: false,
  },
  {
    name: "blank motivation",
    source: W,
    listing: { allocationModel: "WOONGROEP" },
    response: { motivation: "  \n ", committeeVerdict: "PENDING" },
    rule: "WOONGROEP",
    expect: { code: "WOONGROEP_MOTIVATION_MISSING", passed: false },
  },
  {
    name: "motivation, not reviewed",
    source: W,
    listing: { allocationModel: "WOONGROEP" },
    response: { motivation: "Ik organiseer de moestuin.", committeeVerdict: "PENDING" },
    rule: "WOONGROEP",
    expect: { code: "WOONGROEP_AWAITING_COMMITTEE", passed: true },
    eligible: true,
  },
  {
    name: "suitable",
    source: W,
    listing: { allocationModel: "WOONGROEP" },
    response: { motivation: "Ik organiseer de moestuin.", committeeVerdict: "SUITABLE" },
    rule: "WOONGROEP",
    expect: { code: "WOONGROEP_SUITABLE", passed: true },
    eligible: true,
  },
  {
    name: "unsuitable",
    source: W,
    listing: { allocationModel: "WOONGROEP" },
    response: { motivation: "Ik organiseer de moestuin.", committeeVerdict: "UNSUITABLE" },
    rule: "WOONGROEP",
    expect: { code: "WOONGROEP_UNSUITABLE", passed: false },
    eligible: false,
  },

  // ── 10. Urgency search profile (priority, never eligibility) ──
  {
    name: "apartment on 2nd floor in default profile",
    source: U,
    seeker: { urgency: validUrgency },
    rule: "URGENCY_PROFILE",
    expect: { code: "URGENCY_PROFILE_MATCH", passed: true },
    eligible: true,
  },
  {
    name: "apartment on ground floor outside default profile",
    source: U,
    seeker: { urgency: validUrgency },
    listing: { floor: 0 },
    rule: "URGENCY_PROFILE",
    expect: { code: "URGENCY_PROFILE_MISMATCH", passed: false, params: { floor: 0 } },
    eligible: true,
  },
  {
    name: "single-family house outside default profile",
    source: U,
    seeker: { urgency: validUrgency },
    listing: { dwellingType: "SINGLE_FAMILY_HOUSE", floor: 0 },
    rule: "URGENCY_PROFILE",
    expect: { code: "URGENCY_PROFILE_MISMATCH", passed: false },
    eligible: true,
  },
  {
    name: "widened profile includes ground-floor dwellings [004]",
    source: U,
    seeker: {
      urgency: urgency({
        searchProfile: {
          ...RULES.urgency.defaultSearchProfile,
          dwellingTypes: ["APARTMENT", "GROUND_FLOOR_APARTMENT", "UPPER_FLOOR_DWELLING"],
          minFloor: null,
        },
      }),
    },
    listing: { dwellingType: "GROUND_FLOOR_APARTMENT", floor: 0 },
    rule: "URGENCY_PROFILE",
    expect: { code: "URGENCY_PROFILE_MATCH", passed: true },
  },
  {
    name: "expired the day before",
    source: U,
    seeker: { urgency: urgency({ validUntil: new Date("2019-06-14T21:59:59Z") }) },
    rule: "URGENCY_PROFILE",
    expect: {
      code: "URGENCY_NOT_VALID_ON_DATE",
      passed: false,
      params: { validUntil: "2019-06-14", date: "2019-06-15" },
    },
    eligible: true,
  },
  {
    name: "valid until exactly the evaluation moment",
    source: U,
    seeker: { urgency: urgency({ validUntil: noon("2019-06-15") }) },
    rule: "URGENCY_PROFILE",
    expect: { code: "URGENCY_PROFILE_MATCH", passed: true },
  },
  {
    // DOMAIN §Ranking 1 ("valid declaration on the close date") and calendar.ts: urgency valid
    // from/until are date-only; the API stores a grant as UTC midnight of its first and last day.
    name: "date-only validUntil (UTC midnight of the last day): still valid at noon on that day",
    source: `${U}; DOMAIN §Ranking 1`,
    seeker: { urgency: urgency({ validUntil: day("2019-06-15") }) },
    rule: "URGENCY_PROFILE",
    expect: { code: "URGENCY_PROFILE_MATCH", passed: true },
  },
  {
    name: "date-only validUntil of the day before: no longer valid",
    source: `${U}; DOMAIN §Ranking 1`,
    seeker: { urgency: urgency({ validUntil: day("2019-06-14") }) },
    rule: "URGENCY_PROFILE",
    expect: {
      code: "URGENCY_NOT_VALID_ON_DATE",
      passed: false,
      params: { validUntil: "2019-06-14", date: "2019-06-15" },
    },
  },
  {
    name: "a regular listing that omits URGENCY from its rules still gives urgency priority (not a landlord option)",
    source: `${U}: the priority is limited only by the search profile`,
    seeker: { urgency: validUrgency },
    listing: { priorityRules: ["MOVER"] },
    rule: "URGENCY_PROFILE",
    expect: { code: "URGENCY_PROFILE_MATCH", passed: true },
    eligible: true,
  },
  {
    name: "woongroep listing: urgency gives no priority (committee, then registration time)",
    source: '[000] woongroepregeling ("inschrijftijd leidend")',
    seeker: { urgency: validUrgency },
    listing: { allocationModel: "WOONGROEP", priorityRules: [] },
    rule: "URGENCY_PROFILE",
    expect: { code: "URGENCY_NOT_APPLIED_BY_MODEL", passed: false, params: { model: "WOONGROEP" } },
    eligible: true,
  },
];

describe("checkEligibility: hand-worked cases", () => {
  it("has at least 60 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases.map((c) => [`${c.rule} — ${c.name} (${c.source})`, c] as const))("%s", (_title, c) => {
    const result = checkEligibility(
      seeker(c.seeker),
      listing(c.listing),
      RULES,
      noon(c.date ?? "2019-06-15"),
      c.response,
    );
    const found = result.checks.filter((x) => x.rule === c.rule);
    if (c.expect === null) {
      expect(found).toEqual([]);
    } else {
      expect(found).toHaveLength(1);
      const check = found[0]!;
      expect(check.code).toBe(c.expect.code);
      expect(check.passed).toBe(c.expect.passed);
      if (c.expect.params) expect(check.params).toMatchObject(c.expect.params);
      expect(check.source).toMatch(/^\[00[0-4]\]/);
      expect(check.affects).toBe(c.rule === "URGENCY_PROFILE" ? "PRIORITY" : "ELIGIBILITY");
    }
    if (c.eligible !== undefined) expect(result.eligible).toBe(c.eligible);
  });
});

describe("checkEligibility: result shape", () => {
  it("is eligible exactly when no eligibility check failed, and lists the failures", () => {
    const r = checkEligibility(
      seeker({ householdIncome: 52000, householdSize: 5 }),
      listing({ incomeBand: "ORDINANCE", householdMax: 4 }),
      RULES,
      noon("2019-06-15"),
    );
    expect(r.eligible).toBe(false);
    expect(failedChecks(r).map((c) => c.code)).toEqual(["HOUSEHOLD_TOO_LARGE", "INCOME_ABOVE_LIMIT"]);
  });

  it("a failed search-profile check never makes a seeker ineligible", () => {
    const r = checkEligibility(
      seeker({ urgency: urgency() }),
      listing({ dwellingType: "SINGLE_FAMILY_HOUSE", floor: 0 }),
      RULES,
      noon("2019-06-15"),
    );
    expect(r.eligible).toBe(true);
    expect(r.urgencyPriority).toBe(false);
  });

  it("uses the Europe/Amsterdam day: 22:30 UTC on 14 June is already the 18th birthday", () => {
    const r = checkEligibility(
      seeker({ birthDate: day("2001-06-15") }),
      listing(),
      RULES,
      new Date("2019-06-14T22:30:00Z"),
    );
    expect(r.checks[0]).toMatchObject({ code: "AGE_MINIMUM_MET", params: { age: 18 } });
  });

  it("urgency validity is by Amsterdam calendar day: a declaration valid from 15 June counts at 00:30 that day (DOMAIN §Ranking 1)", () => {
    // 22:30 UTC on 14 June is 00:30 on 15 June in Amsterdam; validFrom is date-only 15 June.
    const r = checkEligibility(
      seeker({ urgency: urgency({ validFrom: day("2019-06-15"), validUntil: day("2019-12-15") }) }),
      listing(),
      RULES,
      new Date("2019-06-14T22:30:00Z"),
    );
    expect(r.urgencyPriority).toBe(true);
  });

  it("rejects malformed input with the field path", () => {
    expect(() =>
      checkEligibility(seeker({ householdSize: 0 }), listing(), RULES, noon("2019-06-15")),
    ).toThrow(/seeker\.householdSize/);
    expect(() => checkEligibility(seeker(), listing({ netRent: -1 }), RULES, noon("2019-06-15"))).toThrow(
      /listing\.netRent/,
    );
    expect(() =>
      checkEligibility(seeker(), listing({ householdMin: 3, householdMax: 2 }), RULES, noon("2019-06-15")),
    ).toThrow(/listing\.householdMax/);
    expect(() =>
      checkEligibility(seeker({ birthDate: day("2020-01-01") }), listing(), RULES, noon("2019-06-15")),
    ).toThrow(/seeker\.birthDate/);
  });

  it("takes the response context from a candidate object", () => {
    const s = seeker();
    const c = candidate(s, { motivation: "x", committeeVerdict: "UNSUITABLE" });
    const r = checkEligibility(s, listing({ allocationModel: "WOONGROEP" }), RULES, noon("2019-06-15"), c);
    expect(failedChecks(r).map((x) => x.code)).toEqual(["WOONGROEP_UNSUITABLE"]);
  });
});

describe("listingProblems", () => {
  it("accepts a consistent social and a consistent middle-rent listing", () => {
    expect(listingProblems(listing(), RULES)).toEqual([]);
    expect(
      listingProblems(listing({ incomeBand: "MIDDLE_RENT", netRent: 950, isNewBuild: true }), RULES),
    ).toEqual([]);
  });

  it("household size [001] §B: own bounds must admit someone the table allows for the dwelling; no own bounds is never a problem", () => {
    // Table (RULE_SET_2019): 1–3 rooms any household, 4+ rooms from 2 persons.
    expect(listingProblems(listing({ rooms: 4, householdMin: null, householdMax: null }), RULES)).toEqual([]);
    expect(listingProblems(listing({ rooms: 4, householdMin: 1, householdMax: 1 }), RULES)).toEqual([
      {
        field: "householdMax",
        code: "HOUSEHOLD_OUTSIDE_DWELLING_SIZE",
        message: "household size 1–1 does not fit a dwelling of 4 rooms: the rule set allows 2+ persons",
      },
    ]);
    // Own maximum 1 with the table's minimum 2 for 4 rooms: nobody.
    expect(
      listingProblems(listing({ rooms: 4, householdMin: null, householdMax: 1 }), RULES).map((p) => p.code),
    ).toEqual(["HOUSEHOLD_OUTSIDE_DWELLING_SIZE"]);
    // Widening is allowed: a 4-room listing for 1 to 6 persons.
    expect(listingProblems(listing({ rooms: 4, householdMin: 1, householdMax: 6 }), RULES)).toEqual([]);
    // A table with maxima: 1 room at most 2 persons; a listing for 3+ persons there is refused.
    const rules = {
      ...RULES,
      householdSize: {
        byDwelling: [{ minRooms: 1, maxRooms: 1, dwellingTypes: [], minPersons: 1, maxPersons: 2 }],
      },
    };
    expect(
      listingProblems(listing({ rooms: 1, householdMin: 3, householdMax: null }), rules).map((p) => [
        p.field,
        p.code,
      ]),
    ).toEqual([["householdMin", "HOUSEHOLD_OUTSIDE_DWELLING_SIZE"]]);
  });

  it("flags a social band above the liberalisation limit, middle rent in existing stock, rent above 950", () => {
    expect(listingProblems(listing({ netRent: 720.43 }), RULES).map((p) => p.code)).toEqual([
      "SOCIAL_BAND_ABOVE_LIBERALISATION_LIMIT",
    ]);
    expect(
      listingProblems(listing({ incomeBand: "MIDDLE_RENT", netRent: 800, isNewBuild: false }), RULES).map(
        (p) => p.code,
      ),
    ).toEqual(["MIDDLE_RENT_NOT_NEW_BUILD"]);
    expect(
      listingProblems(listing({ incomeBand: "MIDDLE_RENT", netRent: 720.42, isNewBuild: true }), RULES).map(
        (p) => p.code,
      ),
    ).toEqual(["MIDDLE_RENT_BAND_OUTSIDE_MIDDLE_RENT"]);
    expect(
      listingProblems(listing({ incomeBand: "MIDDLE_RENT", netRent: 950.01, isNewBuild: true }), RULES).map(
        (p) => p.code,
      ),
    ).toEqual(["RENT_ABOVE_MIDDLE_RENT", "MIDDLE_RENT_BAND_OUTSIDE_MIDDLE_RENT"]);
  });
});

describe("specialGroupFits", () => {
  it("allows exactly 15% and not one more, without floating-point surprises", () => {
    expect(specialGroupFits(2, 20, 0.15)).toBe(true);
    expect(specialGroupFits(3, 20, 0.15)).toBe(false);
    expect(specialGroupFits(0, 6, 0.15)).toBe(false);
    expect(specialGroupFits(0, 7, 0.15)).toBe(true);
  });
});
