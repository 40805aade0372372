/**
 * The published figures the seed is calibrated against, copied from
 * `/work/shared/data/figures.json` (each constant names its key there), the scales, and the
 * mapping of the 2017 urgency indications to our `UrgencyCategory` enum.
 *
 * Money here is in EUR as the sources print it (rent per month, income per year); the seed
 * converts to cents when it writes rows.
 *
 * @module
 */
import type { UrgencyCategory } from "../generated/prisma/enums.ts";

/** Fixed reference date of the seed (`now`): every generated date is relative to it. */
export const DEFAULT_NOW = new Date("2026-11-21T12:00:00.000Z");

/** Default PRNG seed. */
export const DEFAULT_SEED = 20261121;

/** figures.json `regioUtrechtKeyFigures.rows[year=2017]` ([001] Figuur 2). */
export const KEY_FIGURES_2017 = {
  activeSeekers: 35288,
  lettings: 6717,
  avgRegistrationYearsMovers: 10.8,
  avgRegistrationYearsStarters: 8.6,
} as const;

/** figures.json `rules2019` ([001], [004]); EUR. */
export const RULES_2019 = {
  liberalisationLimit: 720.42,
  cappingThresholdLow: 597.3,
  cappingThresholdHigh: 640.14,
  qualityDiscountLimit2018: 417.34,
  qualityDiscountLimit2019: 424.44,
  incomeLimitDaeb: 38035,
  incomeLimitMiddle: 42436,
  incomeLimitOrdinance: 48655,
  allocationShares: { upToDaeb: 0.8, daebToMiddle: 0.1, upToOrdinance: 0.1 },
  middleRent: { minRent: 720.42, maxRent: 950, maxIncome: 57052 },
  lotteryMaxShare: 0.2,
  registrationRetainedOnAcceptance: 0.75,
  priorityLettingsTargetShare: 0.3,
  urgentWaitTargetMonths: 3,
} as const;

/**
 * figures.json `utrechtStock2018.rentClasses`: independent social rental dwellings of the
 * corporations in the city of Utrecht on 1-1-2018 by net rent class (EUR per month).
 * `minRent` is exclusive, `maxRent` inclusive; total 43,028 dwellings.
 */
export const UTRECHT_RENT_CLASSES = [
  { label: "< 417.34", minRent: 0, maxRent: 417.34, count: 8188, share: 0.19 },
  { label: "417.34 – 597.30", minRent: 417.34, maxRent: 597.3, count: 24181, share: 0.562 },
  { label: "597.30 – 640.14", minRent: 597.3, maxRent: 640.14, count: 6123, share: 0.142 },
  { label: "640.14 – 710.68", minRent: 640.14, maxRent: 710.68, count: 4536, share: 0.105 },
] as const;

/** figures.json `utrechtStock2018.total`. */
export const UTRECHT_STOCK_TOTAL = 43028;

/**
 * figures.json `utrechtLettingsByRentClass.rows[year=2018].counts` — Utrecht lettings by the same
 * four rent classes (238, 1300, 408, 494 of 2440). The city's lettings follow these shares.
 */
export const UTRECHT_LETTINGS_BY_RENT_CLASS_2018 = [238, 1300, 408, 494] as const;

/**
 * figures.json `utrechtNeighbourhoods.rows[].shareOfStock` ([004]); Leidsche Rijn and
 * Vleuten-De Meern share the remaining ~15% (the note there), split 10% / 5% here (assumption).
 */
export const UTRECHT_DISTRICTS = [
  { name: "Overvecht", shareOfStock: 0.22 },
  { name: "Zuidwest", shareOfStock: 0.16 },
  { name: "Zuid", shareOfStock: 0.11 },
  { name: "Noordwest", shareOfStock: 0.16 },
  { name: "Binnenstad", shareOfStock: 0.03 },
  { name: "Noordoost", shareOfStock: 0.05 },
  { name: "Oost", shareOfStock: 0.06 },
  { name: "West", shareOfStock: 0.06 },
  { name: "Leidsche Rijn", shareOfStock: 0.1 },
  { name: "Vleuten-De Meern", shareOfStock: 0.05 },
] as const;

/** A 2017 urgency indication group of [001] Figuur 3 and the categories it maps to. */
export interface UrgencyIndicationGroup {
  /** Stable key of the group (used in reports and tests). */
  key: string;
  /** The indication(s) as printed in [001] Figuur 3 (figures.json `urgentLettings2017.rows`). */
  indications: string[];
  /** Lettings in 2017 through the offer model (A, aanbodmodel). */
  A: number;
  /** Lettings in 2017 through direct mediation (B, bemiddeling). */
  B: number;
  /** Our categories for this group with the weights used to split the group's lettings. */
  categories: [UrgencyCategory, number][];
}

/**
 * Mapping of the 2017 urgency indications (figures.json `urgentLettings2017`, [001] Figuur 3) to
 * `UrgencyCategory` (the nine mandatory categories of the Wet versterking regie volkshuisvesting
 * plus local ones, [003]). Every category maps back to exactly one group, so lettings can be
 * counted per group:
 *
 * - Sociaal 1 relatiebeëindiging → SOCIAL_RELATIONSHIP_WITH_CHILDREN; Sociaal 2 → SOCIAL_FINANCIAL.
 * - Medisch → CHRONIC_MEDICAL; Mantelzorg → MANTELZORG.
 * - Volkshuisvestelijk → URBAN_RENEWAL (80%) and UNINHABITABLE_DWELLING (20%, assumption).
 * - Maatschappelijk 1 huiselijk geweld → LEAVING_DOMESTIC_VIOLENCE_SHELTER.
 * - Maatschappelijk 2 uit opvang (MO/BW, [004] "Uitstroom MO/BW") → LEAVING_HOMELESS_SHELTER (60%)
 *   and LEAVING_PROTECTED_LIVING (40%, assumption).
 * - Statushouders → STATUSHOUDER.
 * - Hardheidsclausule and Gedupeerden WoningNetsysteem (a one-off for victims of a system error)
 *   both → HARDSHIP_CLAUSE, so they form one group here (A 88, B 21).
 * - Overig (o.a. bij overlast) → the 2024 mandatory categories that had no 2017 indication of
 *   their own: LEAVING_MENTAL_HEALTH_CARE, LEAVING_YOUTH_CARE, LEAVING_DETENTION,
 *   DUUP_EXIT_PROGRAMME (weights are assumptions).
 */
export const URGENCY_GROUPS: readonly UrgencyIndicationGroup[] = [
  {
    key: "SOCIAAL_RELATIE",
    indications: ["Sociaal 1: relatiebeeindiging"],
    A: 82,
    B: 0,
    categories: [["SOCIAL_RELATIONSHIP_WITH_CHILDREN", 1]],
  },
  {
    key: "SOCIAAL_FINANCIEEL",
    indications: ["Sociaal 2: financiele omstandigheden"],
    A: 15,
    B: 0,
    categories: [["SOCIAL_FINANCIAL", 1]],
  },
  { key: "MEDISCH", indications: ["Medisch"], A: 131, B: 32, categories: [["CHRONIC_MEDICAL", 1]] },
  { key: "MANTELZORG", indications: ["Mantelzorg"], A: 9, B: 0, categories: [["MANTELZORG", 1]] },
  {
    key: "VOLKSHUISVESTELIJK",
    indications: ["Volkshuisvestelijk"],
    A: 112,
    B: 15,
    categories: [
      ["URBAN_RENEWAL", 0.8],
      ["UNINHABITABLE_DWELLING", 0.2],
    ],
  },
  {
    key: "HUISELIJK_GEWELD",
    indications: ["Maatschappelijk 1: huiselijk geweld"],
    A: 58,
    B: 0,
    categories: [["LEAVING_DOMESTIC_VIOLENCE_SHELTER", 1]],
  },
  {
    key: "UIT_OPVANG",
    indications: ["Maatschappelijk 2: uit opvang"],
    A: 68,
    B: 119,
    categories: [
      ["LEAVING_HOMELESS_SHELTER", 0.6],
      ["LEAVING_PROTECTED_LIVING", 0.4],
    ],
  },
  { key: "STATUSHOUDERS", indications: ["Statushouders"], A: 0, B: 531, categories: [["STATUSHOUDER", 1]] },
  {
    key: "HARDHEID",
    indications: ["Hardheidsclausule", "Gedupeerden WoningNetsysteem"],
    A: 88,
    B: 21,
    categories: [["HARDSHIP_CLAUSE", 1]],
  },
  {
    key: "OVERIG",
    indications: ["Overig (oa bij overlast)"],
    A: 18,
    B: 92,
    categories: [
      ["LEAVING_MENTAL_HEALTH_CARE", 0.35],
      ["LEAVING_YOUTH_CARE", 0.3],
      ["LEAVING_DETENTION", 0.25],
      ["DUUP_EXIT_PROGRAMME", 0.1],
    ],
  },
];

/** figures.json `urgentLettings2017.totals`. */
export const URGENT_LETTINGS_2017 = { A: 581, B: 810, all: 1391 } as const;

/** The indication group of a category (inverse of {@link URGENCY_GROUPS}). */
export function urgencyGroupOf(category: UrgencyCategory): string {
  for (const g of URGENCY_GROUPS) if (g.categories.some(([c]) => c === category)) return g.key;
  throw new Error(`no indication group for ${category}`);
}

/**
 * Composition of a year of lettings (shares of all lettings). Urgency (A + B) follows
 * `urgentLettings2017` (1391 / 6717 = 20.7%); mediation to special groups without an urgency
 * declaration (e.g. [004] "Uitstroom corporatiehotel") tops the lettings with priority up to the
 * 30% target (`rules2019.priorityLettingsTargetShare`; `utrechtPriorityLettings` 0.26–0.38).
 * Mover / local binding / vital profession priority and the lottery share (<= 20%,
 * `rules2019.lotteryMaxShare`) are assumptions.
 */
export const LETTING_MIX = {
  urgentShare: URGENT_LETTINGS_2017.all / KEY_FIGURES_2017.lettings,
  withPriorityShare: RULES_2019.priorityLettingsTargetShare,
  mover: 0.05,
  localBinding: 0.02,
  vitalProfession: 0.015,
  lottery: 0.11,
  woongroep: 0.005,
  studentComplex: 0.009,
} as const;

/** A scale of the seed. */
export interface ScaleConfig {
  name: "small" | "region";
  /** Active seekers (figures.json `regioUtrechtKeyFigures` 2017: 35,288). */
  activeSeekers: number;
  /** Lettings in the year before `now` (2017: 6,717). */
  lettings: number;
  /** Open listings (draft, published, closed, offering). */
  openListings: number;
  /** Target number of responses on open listings. */
  openResponses: number;
  /** Mean final responses per public listing (sets the volume of closed listings' responses). */
  responsesPerListing: number;
  /** Social dwellings in the city of Utrecht (`utrechtStock2018.total` = 43,028 at region scale). */
  utrechtStock: number;
  /** Factor for the regional municipalities' stock and other counts. */
  factor: number;
}

/** `region`: the Regio Utrecht-like market at full size. */
export const REGION: ScaleConfig = {
  name: "region",
  activeSeekers: 35000,
  lettings: 6700,
  openListings: 200,
  openResponses: 60000,
  responsesPerListing: 300,
  utrechtStock: UTRECHT_STOCK_TOTAL,
  factor: 1,
};

/** `small`: the same market scaled to 3,000 seekers (start-up and tests). */
export const SMALL: ScaleConfig = {
  name: "small",
  activeSeekers: 3000,
  lettings: Math.round((6700 * 3000) / 35000),
  openListings: 60,
  openResponses: 1800,
  responsesPerListing: Math.round((300 * 3000) / 35000),
  utrechtStock: Math.round((UTRECHT_STOCK_TOTAL * 3000) / 35000),
  factor: 3000 / 35000,
};

/** Scales by name. */
export const SCALES = { small: SMALL, region: REGION } as const;
