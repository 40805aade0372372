/**
 * fast-check arbitraries for property tests: seekers, listings and candidate lists with values
 * concentrated around the rule boundaries (income limits ± 1 cent/euro, rents at thresholds,
 * birthdays around 18/22/23/55/65 and the pension age, leap days). Not part of the public API.
 *
 * @module
 */
import fc from "fast-check";
import { RULE_SET_2019 } from "../ruleset.ts";
import { MUNICIPALITY_CODES } from "./fixtures.ts";
import type {
  Accessibility,
  AgeLabel,
  AllocationModel,
  CandidateInput,
  CommitteeVerdict,
  CurrentDwellingKind,
  DwellingType,
  IncomeBand,
  ListingInput,
  PriorityRule,
  SearchProfile,
  SeekerInput,
  UrgencyDeclaration,
} from "../types.ts";

const R = RULE_SET_2019;
const DAY = 86_400_000;

/** Evaluation moments: ordinary days, leap days and their neighbours, year ends (noon UTC). */
export const arbDate: fc.Arbitrary<Date> = fc.oneof(
  fc
    .constantFrom(
      "2019-06-15",
      "2020-02-29",
      "2020-03-01",
      "2019-02-28",
      "2019-03-01",
      "2019-12-31",
      "2020-01-01",
      "2021-02-28",
    )
    .map((d) => new Date(`${d}T12:00:00Z`)),
  fc
    .integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2022, 11, 31) })
    .map((t) => new Date(Math.floor(t / DAY) * DAY + 12 * 3600_000)),
);

const boundaryIncomes = [
  R.incomeLimits.daeb,
  R.incomeLimits.middle,
  R.incomeLimits.ordinance,
  R.middleRent.maxIncome,
  ...Object.values(R.rentBenefit.incomeLimits),
].flatMap((x) => [x - 1, x - 0.01, x, x + 0.01, x + 1]);

/** Yearly household income in EUR, with cents, often at a limit. */
export const arbIncome: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...boundaryIncomes),
  fc.integer({ min: 0, max: 7_000_000 }).map((c) => c / 100),
);

const boundaryRents = [
  R.rent.qualityDiscountLimit,
  R.rent.cappingThresholdLow,
  R.rent.cappingThresholdHigh,
  R.rent.liberalisationLimit,
  R.middleRent.maxRent,
].flatMap((x) => [Math.round((x - 0.01) * 100) / 100, x, Math.round((x + 0.01) * 100) / 100]);

/** Monthly net rent in EUR, often at a threshold. */
export const arbRent: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...boundaryRents),
  fc.integer({ min: 20000, max: 110000 }).map((c) => c / 100),
);

/** A birth date relative to `on`: around a boundary age (± 3 days) or anywhere from 0 to 90 years before. */
export function arbBirthDate(on: Date): fc.Arbitrary<Date> {
  const onDay = new Date(Date.UTC(on.getUTCFullYear(), on.getUTCMonth(), on.getUTCDate()));
  const aroundAge = fc
    .record({
      months: fc.constantFrom(
        17 * 12,
        18 * 12,
        22 * 12,
        23 * 12,
        24 * 12,
        55 * 12,
        65 * 12,
        R.rentBenefit.pensionAgeMonths,
      ),
      shift: fc.integer({ min: -3, max: 3 }),
    })
    .map(({ months, shift }) => {
      const d = new Date(onDay);
      d.setUTCMonth(d.getUTCMonth() - months);
      return new Date(d.getTime() + shift * DAY);
    });
  const anywhere = fc.integer({ min: 0, max: 90 * 366 }).map((n) => new Date(onDay.getTime() - n * DAY));
  const leapBirth = fc.constantFrom(
    new Date("2000-02-29T00:00:00Z"),
    new Date("1996-02-29T00:00:00Z"),
    new Date("1953-02-28T00:00:00Z"),
  );
  return fc.oneof(aroundAge, anywhere, leapBirth).filter((b) => b.getTime() <= onDay.getTime());
}

const dwellingTypes: DwellingType[] = [
  "APARTMENT",
  "GROUND_FLOOR_APARTMENT",
  "UPPER_FLOOR_DWELLING",
  "SINGLE_FAMILY_HOUSE",
  "STUDIO",
  "ROOM",
  "SENIOR_DWELLING",
];

export const arbProfile: fc.Arbitrary<SearchProfile> = fc.oneof(
  fc.constant(R.urgency.defaultSearchProfile),
  fc.record({
    dwellingTypes: fc.subarray(dwellingTypes),
    minFloor: fc.option(fc.integer({ min: 0, max: 3 })),
    maxFloor: fc.option(fc.integer({ min: 2, max: 8 })),
    minRooms: fc.option(fc.integer({ min: 1, max: 3 })),
    maxRooms: fc.option(fc.integer({ min: 2, max: 5 })),
    municipalityIds: fc.subarray(["gm-utrecht", "gm-zeist"]),
    districtIds: fc.subarray(["overvecht", "zuid"]),
    requiresAccessibility: fc.constantFrom<Accessibility>("NONE", "WALKER", "WHEELCHAIR"),
  }),
);

/** An urgency declaration whose validity lies around `on`. */
export function arbUrgency(on: Date): fc.Arbitrary<UrgencyDeclaration> {
  return fc
    .record({
      category: fc.constantFrom("MANTELZORG", "CHRONIC_MEDICAL", "STATUSHOUDER", "LEAVING_HOMELESS_SHELTER"),
      searchProfile: arbProfile,
      startOffsetDays: fc.integer({ min: -400, max: 30 }),
      lengthDays: fc.integer({ min: 0, max: 365 }),
    })
    .map(({ category, searchProfile, startOffsetDays, lengthDays }) => {
      const validFrom = new Date(on.getTime() + startOffsetDays * DAY);
      return {
        category,
        searchProfile,
        validFrom,
        validUntil: new Date(validFrom.getTime() + lengthDays * DAY),
      };
    });
}

/** A seeker on a date (id supplied by the caller). */
export function arbSeeker(on: Date, id = "s"): fc.Arbitrary<SeekerInput> {
  const onDay = Math.floor(on.getTime() / DAY) * DAY;
  return fc.record({
    id: fc.constant(id),
    birthDate: arbBirthDate(on),
    householdSize: fc.oneof(fc.constantFrom(1, 2, 3), fc.integer({ min: 1, max: 8 })),
    householdIncome: arbIncome,
    registrationDate: fc.integer({ min: 0, max: 30 * 366 }).map((n) => new Date(onDay - n * DAY)),
    retainedRegistrationYears: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 1500 }).map((x) => x / 100),
    ),
    accessibilityNeed: fc.constantFrom<Accessibility>("NONE", "NONE", "WALKER", "WHEELCHAIR"),
    currentDwellingKind: fc.constantFrom<CurrentDwellingKind>(
      "NONE",
      "WITH_PARENTS",
      "ROOM",
      "INDEPENDENT_RENTAL",
      "INDEPENDENT_RENTAL",
      "OWNER_OCCUPIED",
    ),
    currentDwellingRooms: fc.option(fc.integer({ min: 1, max: 6 })),
    municipalityId: fc.option(fc.constantFrom("gm-utrecht", "gm-zeist")),
    workMunicipalityId: fc.option(fc.constantFrom("gm-utrecht", "gm-zeist")),
    core: fc.option(fc.constantFrom("Utrecht", "Vleuten", "Zeist")),
    workCore: fc.option(fc.constantFrom("Utrecht", "De Meern", "Zeist")),
    vitalProfession: fc.option(fc.constantFrom("verpleegkundige", "leraar")),
    isStudent: fc.boolean(),
    urgency: fc.option(arbUrgency(on), { freq: 3 }),
  });
}

const allRules: PriorityRule[] = ["URGENCY", "MOVER", "LOCAL_BINDING", "VITAL_PROFESSION"];

/** A listing; `models` restricts the allocation model. */
export function arbListing(
  models: AllocationModel[] = ["AANBOD", "LOTERIJ", "WOONGROEP"],
): fc.Arbitrary<ListingInput> {
  return fc
    .record({
      allocationModel: fc.constantFrom(...models),
      netRent: arbRent,
      incomeBand: fc.constantFrom<IncomeBand>("DAEB", "MIDDLE", "ORDINANCE", "MIDDLE_RENT"),
      isNewBuild: fc.boolean(),
      rooms: fc.integer({ min: 1, max: 6 }),
      dwellingType: fc.constantFrom(...dwellingTypes),
      floor: fc.integer({ min: 0, max: 8 }),
      accessibility: fc.constantFrom<Accessibility>("NONE", "NONE", "WALKER", "WHEELCHAIR"),
      municipalityId: fc.constantFrom("gm-utrecht", "gm-zeist"),
      districtId: fc.option(fc.constantFrom("overvecht", "zuid")),
      householdMin: fc.integer({ min: 1, max: 4 }),
      extra: fc.oneof(fc.constant(98), fc.integer({ min: 0, max: 4 })),
      ageLabel: fc.constantFrom<AgeLabel>("NONE", "NONE", "AGE_55_PLUS", "AGE_65_PLUS", "YOUTH_18_23"),
      priorityRules: fc.subarray(allRules),
      vitalProfessions: fc.subarray(["verpleegkundige", "leraar"]),
      bindingCores: fc.oneof(fc.constant([]), fc.subarray(["Utrecht", "Vleuten", "Zeist"])),
      studentComplex: fc.option(
        fc.record({ units: fc.integer({ min: 1, max: 40 }), used: fc.integer({ min: 0, max: 8 }) }),
        { freq: 4 },
      ),
      seed: fc.uint8Array({ minLength: 32, maxLength: 32 }),
      // Which bounds the listing sets itself; the others come from the rule set's table [001] §B.
      ownBounds: fc.constantFrom("BOTH", "NONE", "MIN", "MAX"),
    })
    .map(({ extra, studentComplex, seed, ownBounds, ...l }) => ({
      id: "listing",
      ...l,
      municipalityCode: MUNICIPALITY_CODES[l.municipalityId] ?? null,
      householdMin: ownBounds === "BOTH" || ownBounds === "MIN" ? l.householdMin : null,
      householdMax: ownBounds === "BOTH" || ownBounds === "MAX" ? Math.min(99, l.householdMin + extra) : null,
      studentComplex: studentComplex
        ? { units: studentComplex.units, specialGroupTenants: studentComplex.used }
        : null,
      lotterySeed: l.allocationModel === "LOTERIJ" ? Buffer.from(seed).toString("hex") : null,
    }));
}

/** Candidates on a date with unique response and seeker ids. */
export function arbCandidates(on: Date, max = 25): fc.Arbitrary<CandidateInput[]> {
  return fc
    .array(
      fc.record({
        seeker: arbSeeker(on),
        respondedOffsetMin: fc.integer({ min: 0, max: 60 * 24 * 14 }),
        motivation: fc.constantFrom<string | null>(
          null,
          "Ik wil bijdragen aan de buurt.",
          "Ik wil bijdragen aan de buurt.",
        ),
        committeeVerdict: fc.constantFrom<CommitteeVerdict>("PENDING", "SUITABLE", "SUITABLE", "UNSUITABLE"),
      }),
      { maxLength: max },
    )
    .map((rows) =>
      rows.map((r, i) => ({
        responseId: `resp-${String(i).padStart(3, "0")}`,
        respondedAt: new Date(on.getTime() - r.respondedOffsetMin * 60_000),
        motivation: r.motivation,
        committeeVerdict: r.committeeVerdict,
        lotteryEntry: `entry-of-seeker-${i}`,
        seeker: { ...r.seeker, id: `seeker-${i}` },
      })),
    );
}
