/**
 * Deterministic synthetic data for benchmarks and demonstrations (not for tests' expectations):
 * seekers, listings, candidates and closed listings drawn from a seeded PRNG, roughly shaped like
 * Regio Utrecht (figures.json): incomes mostly below the DAEB limit, registration up to ~20 years,
 * about a third movers, a few percent urgent, responses front-loaded in the response window.
 * Not part of the public API.
 *
 * @module
 */
import { RULE_SET_2019 } from "../ruleset.ts";
import { MUNICIPALITY_CODES } from "./fixtures.ts";
import { closedOrder, type ClosedListing } from "../position.ts";
import type {
  Accessibility,
  AllocationModel,
  CandidateInput,
  DwellingType,
  IncomeBand,
  ListingInput,
  SeekerInput,
} from "../types.ts";

const DAY = 86_400_000;

/** A small seeded PRNG (mulberry32): `rng()` in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const municipality = (id: string) => ({
  municipalityId: id,
  municipalityCode: MUNICIPALITY_CODES[id] ?? null,
});
const pick = <T>(rng: () => number, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const utcDay = (t: number) => new Date(Math.floor(t / DAY) * DAY);

/** `n` seekers as of `on`, ids `seeker-0…`. */
export function syntheticSeekers(n: number, rng: () => number, on: Date): SeekerInput[] {
  const out: SeekerInput[] = [];
  for (let i = 0; i < n; i++) {
    const age = 18 + Math.floor(rng() ** 1.4 * 70);
    const years = rng() ** 1.3 * Math.min(20, age - 17);
    const size = pick(rng, [1, 1, 1, 2, 2, 3, 4, 5]);
    const mover = rng() < 0.35;
    const urgent = rng() < 0.04;
    out.push({
      id: `seeker-${i}`,
      birthDate: utcDay(on.getTime() - (age * 365.25 + rng() * 365) * DAY),
      householdSize: size,
      householdIncome: Math.round((12000 + rng() ** 1.8 * 45000) * 100) / 100,
      registrationDate: utcDay(on.getTime() - years * 365.25 * DAY),
      retainedRegistrationYears: rng() < 0.1 ? Math.round(rng() * 800) / 100 : 0,
      accessibilityNeed: pick<Accessibility>(rng, [
        "NONE",
        "NONE",
        "NONE",
        "NONE",
        "NONE",
        "NONE",
        "NONE",
        "NONE",
        "WALKER",
        "WHEELCHAIR",
      ]),
      currentDwellingKind: mover
        ? "INDEPENDENT_RENTAL"
        : pick(rng, ["NONE", "WITH_PARENTS", "ROOM", "OWNER_OCCUPIED"] as const),
      currentDwellingRooms: mover ? pick(rng, [2, 3, 3, 4, 4, 5]) : null,
      municipalityId: pick(rng, ["gm-utrecht", "gm-utrecht", "gm-zeist", "gm-nieuwegein", null]),
      workMunicipalityId: pick(rng, ["gm-utrecht", "gm-zeist", null, null]),
      core: null,
      workCore: null,
      vitalProfession: rng() < 0.05 ? pick(rng, ["verpleegkundige", "leraar", "politieagent"]) : null,
      isStudent: age < 27 && rng() < 0.3,
      urgency: urgent
        ? {
            category: pick(rng, [
              "MANTELZORG",
              "CHRONIC_MEDICAL",
              "LEAVING_HOMELESS_SHELTER",
              "SOCIAL_FINANCIAL",
            ]),
            searchProfile: RULE_SET_2019.urgency.defaultSearchProfile,
            validFrom: new Date(on.getTime() - rng() * 150 * DAY),
            validUntil: new Date(on.getTime() + rng() * 150 * DAY),
          }
        : null,
    });
  }
  return out;
}

/** `n` listings, ids `listing-0…`; `model` fixes the allocation model when given. */
export function syntheticListings(n: number, rng: () => number, model?: AllocationModel): ListingInput[] {
  const out: ListingInput[] = [];
  for (let i = 0; i < n; i++) {
    const rooms = pick(rng, [1, 2, 2, 3, 3, 4, 5]);
    const rent = Math.round((380 + rng() * 340) * 100) / 100;
    const type = pick<DwellingType>(rng, [
      "APARTMENT",
      "APARTMENT",
      "APARTMENT",
      "GROUND_FLOOR_APARTMENT",
      "UPPER_FLOOR_DWELLING",
      "SINGLE_FAMILY_HOUSE",
      "SENIOR_DWELLING",
    ]);
    out.push({
      id: `listing-${i}`,
      allocationModel:
        model ?? pick<AllocationModel>(rng, ["AANBOD", "AANBOD", "AANBOD", "AANBOD", "LOTERIJ"]),
      netRent: rent,
      incomeBand: pick<IncomeBand>(rng, [
        "DAEB",
        "DAEB",
        "DAEB",
        "DAEB",
        "DAEB",
        "DAEB",
        "DAEB",
        "DAEB",
        "MIDDLE",
        "ORDINANCE",
      ]),
      isNewBuild: rng() < 0.1,
      rooms,
      dwellingType: type,
      floor: type === "APARTMENT" ? 1 + Math.floor(rng() * 8) : type === "UPPER_FLOOR_DWELLING" ? 1 : 0,
      accessibility: rng() < 0.05 ? pick<Accessibility>(rng, ["WALKER", "WHEELCHAIR"]) : "NONE",
      ...municipality(pick(rng, ["gm-utrecht", "gm-utrecht", "gm-zeist", "gm-nieuwegein"])),
      districtId: pick(rng, [
        "overvecht",
        "zuidwest",
        "zuid",
        "noordwest",
        "binnenstad",
        "oost",
        "west",
        "leidsche-rijn",
      ]),
      householdMin: rooms >= 4 ? 2 : 1,
      householdMax: rooms <= 1 ? 1 : rooms === 2 ? 2 : 99,
      ageLabel: rng() < 0.08 ? pick(rng, ["AGE_55_PLUS", "AGE_65_PLUS", "YOUTH_18_23"] as const) : "NONE",
      priorityRules: rng() < 0.8 ? ["URGENCY", "MOVER"] : ["URGENCY", "MOVER", "LOCAL_BINDING"],
      vitalProfessions: [],
      bindingCores: [],
      studentComplex: null,
      lotterySeed: null,
    });
  }
  return out;
}

/** One candidate per seeker, responding during the two weeks before `on`. */
export function syntheticCandidates(
  seekers: readonly SeekerInput[],
  rng: () => number,
  on: Date,
): CandidateInput[] {
  return seekers.map((seeker, i) => ({
    responseId: `resp-${String(i).padStart(6, "0")}`,
    respondedAt: new Date(on.getTime() - rng() * 14 * DAY),
    motivation: null,
    committeeVerdict: "PENDING",
    seeker,
  }));
}

/**
 * `count` closed listings with two-week windows, one opening every `spacingDays` days from
 * `start`. Responses arrive front-loaded (most in the first days); the final order is by a random
 * key (standing in for registration years), so late responders overtake early ones at random.
 */
export function syntheticClosedListings(
  count: number,
  rng: () => number,
  start = new Date("2019-01-07T09:00:00Z"),
  spacingDays = 0.5,
): ClosedListing[] {
  const out: ClosedListing[] = [];
  for (let k = 0; k < count; k++) {
    const publishedAt = new Date(start.getTime() + k * spacingDays * DAY);
    const closesAt = new Date(publishedAt.getTime() + 14 * DAY);
    const popularity = 0.3 + rng() * 1.7;
    const n = Math.max(1, Math.round((30 + rng() * 220) * popularity));
    const responses = Array.from({ length: n }, (_, i) => ({
      responseId: `l${k}-r${i}`,
      respondedAt: new Date(publishedAt.getTime() + rng() ** 2.5 * 14 * DAY),
      key: rng(),
    }));
    responses.sort((a, b) => b.key - a.key);
    out.push({
      listingId: `closed-${k}`,
      allocationModel: rng() < 0.15 ? "LOTERIJ" : "AANBOD",
      districtId: pick(rng, [
        "overvecht",
        "zuidwest",
        "zuid",
        "noordwest",
        "binnenstad",
        "oost",
        "west",
        "leidsche-rijn",
      ]),
      netRent: Math.round((380 + rng() * 340) * 100) / 100,
      rooms: pick(rng, [1, 2, 2, 3, 3, 4]),
      publishedAt,
      closesAt,
      finalOrder: closedOrder(responses.map(({ responseId, respondedAt }) => ({ responseId, respondedAt }))),
    });
  }
  return out;
}
