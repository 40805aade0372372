/**
 * Input shapes of the allocation core: plain objects the API builds from database rows.
 * No Prisma or GraphQL types here; names and enum values follow `prisma/schema.prisma` so the
 * mapping is mostly a copy (money: cents / 100).
 *
 * Units: rent in EUR per month (kale huur), income in EUR per year (gross household income),
 * registration time in years. Date-only fields (`@db.Date`) are `Date` values whose UTC fields
 * hold the date; other times are instants (see `calendar.ts`).
 *
 * @module
 */

/**
 * Allocation model (toewijzingsmodel) [001] §E.3, [000], [004] Bijlage 1 — Prisma `AllocationModel`:
 * - `AANBOD`: offer model (aanbodmodel), ranked by registration years;
 * - `LOTERIJ`: lottery (loting), ranked by a verifiable draw, at most 20% of the offer;
 * - `WOONGROEP`: housing group (woongroep), committee marks candidates suitable on motivation,
 *   then registration years lead;
 * - `BEMIDDELING`: direct mediation (directe bemiddeling), not ranked by a public list.
 */
export type AllocationModel = "AANBOD" | "LOTERIJ" | "WOONGROEP" | "BEMIDDELING";

/**
 * Kind of dwelling (woningtype) — Prisma `DwellingType`. `APARTMENT` is above the ground floor;
 * `GROUND_FLOOR_APARTMENT` is a benedenwoning; `UPPER_FLOOR_DWELLING` a bovenwoning/maisonnette.
 */
export type DwellingType =
  | "APARTMENT"
  | "GROUND_FLOOR_APARTMENT"
  | "UPPER_FLOOR_DWELLING"
  | "SINGLE_FAMILY_HOUSE"
  | "STUDIO"
  | "ROOM"
  | "SENIOR_DWELLING";

/**
 * Income band (inkomensgrens) a listing is let in — Prisma `IncomeBand` [001] §E.1:
 * `DAEB` up to EUR 38,035 (2019), `MIDDLE` up to EUR 42,436, `ORDINANCE` up to EUR 48,655;
 * `MIDDLE_RENT` (middenhuur, new build only) up to EUR 57,052 [001] §E.2a Voorstel II.
 * Limits come from the rule set.
 */
export type IncomeBand = "DAEB" | "MIDDLE" | "ORDINANCE" | "MIDDLE_RENT";

/**
 * Age label (leeftijdslabel) — Prisma `AgeLabel`: 55+, 65+, jongerenwoning 18–23 [004].
 * Bounds are rule-set parameters (`ageLabels`).
 */
export type AgeLabel = "NONE" | "AGE_55_PLUS" | "AGE_65_PLUS" | "YOUTH_18_23";

/**
 * Accessibility label of a dwelling and a seeker's need — Prisma `AccessibilityLabel` /
 * `AccessibilityNeed`: `WHEELCHAIR` (rolstoel), `WALKER` (rollator), `NONE`.
 */
export type Accessibility = "NONE" | "WALKER" | "WHEELCHAIR";

/**
 * Priority rules (voorrangsregels) a listing applies — Prisma `PriorityRule`:
 * - `URGENCY`: a valid urgency declaration whose search profile contains the listing [001] §E.2c.
 *   Not optional: every AANBOD and LOTERIJ listing applies it (the core adds the tier even when a
 *   listing omits it, and the API refuses such a listing); WOONGROEP and BEMIDDELING have no tiers;
 * - `MOVER`: doorstromer leaving >= 4 rooms for <= 3 rooms or an adapted dwelling, no age limit
 *   [001] §E.2a Voorstel I;
 * - `LOCAL_BINDING`: economic or social binding with the municipality, for at most 50% of the
 *   designated stock [003] "Eigen woningzoekenden eerst?";
 * - `VITAL_PROFESSION`: working in a vital profession in the municipality [003].
 */
export type PriorityRule = "URGENCY" | "MOVER" | "LOCAL_BINDING" | "VITAL_PROFESSION";

/** Current housing situation — Prisma `CurrentDwellingKind`. `INDEPENDENT_RENTAL` makes a mover. */
export type CurrentDwellingKind =
  "NONE" | "WITH_PARENTS" | "ROOM" | "INDEPENDENT_RENTAL" | "OWNER_OCCUPIED" | "INSTITUTION";

/** Woongroep committee verdict on a response — Prisma `CommitteeVerdict`. */
export type CommitteeVerdict = "PENDING" | "SUITABLE" | "UNSUITABLE";

/**
 * A granted search profile (zoekprofiel) — Prisma `SearchProfile` with kind GRANTED: the dwellings
 * an urgent seeker gets priority for [001] §E.2c Voorstel III. Default (rule set): apartments from
 * the 1st floor; a municipality may add upper and ground-floor dwellings [004]. Every criterion
 * that is empty or `null` does not restrict.
 */
export interface SearchProfile {
  /** Dwelling kinds inside the profile (empty = any kind). */
  dwellingTypes: readonly DwellingType[];
  /** Lowest floor (0 = ground floor), or `null`. */
  minFloor: number | null;
  /** Highest floor, or `null`. */
  maxFloor: number | null;
  /** Fewest rooms, or `null`. */
  minRooms: number | null;
  /** Most rooms, or `null`. */
  maxRooms: number | null;
  /** Municipality ids covered (empty = the whole region; urgencies are regionally valid [004]). */
  municipalityIds: readonly string[];
  /** District ids covered (empty = whole municipalities). */
  districtIds: readonly string[];
  /** The dwelling must carry at least this accessibility (WHEELCHAIR also satisfies WALKER). */
  requiresAccessibility: Accessibility;
}

/**
 * A granted urgency declaration (urgentieverklaring) — from a GRANTED `UrgencyApplication`
 * (`grantedCategory`, `validFrom`, `validUntil`) and its GRANTED `SearchProfile`.
 */
export interface UrgencyDeclaration {
  /** Granted category (Prisma `UrgencyCategory`, e.g. `MANTELZORG`). */
  category: string;
  /** Dwellings the priority applies to. */
  searchProfile: SearchProfile;
  /** First day of validity (date-only: the date in its UTC fields, as Prisma returns `@db.Date`-style values). */
  validFrom: Date;
  /** Last day of validity, inclusive (date-only: the date in its UTC fields). */
  validUntil: Date;
}

/**
 * A seeker (woningzoekende) — Prisma `Seeker`, money in EUR.
 */
export interface SeekerInput {
  /** Seeker id. */
  id: string;
  /** Birth date of the applicant (date-only). Age rules use the applicant. */
  birthDate: Date;
  /** Persons in the household including the applicant, integer >= 1 (huishoudensgrootte). */
  householdSize: number;
  /** Gross yearly household income, EUR per year (= `householdIncomeCents / 100`). */
  householdIncome: number;
  /** Registration date (inschrijfdatum), date-only. */
  registrationDate: Date;
  /** Years kept from an earlier registration (75% rule), >= 0. */
  retainedRegistrationYears: number;
  /**
   * Care indication (indicatie) the municipality granted ([003] "de gemeente kent een
   * woonvoorziening toe"); a WALKER/WHEELCHAIR dwelling needs the same. Never self-declared.
   */
  accessibilityNeed: Accessibility;
  /** Current housing; `INDEPENDENT_RENTAL` = mover (doorstromer). */
  currentDwellingKind: CurrentDwellingKind;
  /** Rooms of the dwelling left behind, or `null`. */
  currentDwellingRooms: number | null;
  /** Municipality of residence (social binding), or `null`. */
  municipalityId: string | null;
  /** Kern of residence within `municipalityId` (kleine kernenbinding [001] 2b, [003]), or `null`. */
  core: string | null;
  /** Municipality of work (economic binding, vital profession), or `null`. */
  workMunicipalityId: string | null;
  /** Kern of work within `workMunicipalityId`, or `null`. */
  workCore: string | null;
  /**
   * Vital profession (vitaal beroep) staff accepted with proof ([003] "wel even aantonen"), lower
   * case, e.g. `verpleegkundige`, or `null`. Never a merely declared one.
   */
  vitalProfession: string | null;
  /**
   * Student (for student complexes). NOTE: the Prisma `Seeker` has no such field yet; pass
   * `false` until it exists (students then cannot be told apart and only special groups pass).
   */
  isStudent: boolean;
  /** Most recent GRANTED urgency declaration, or `null`. */
  urgency: UrgencyDeclaration | null;
}

/**
 * Student complex (studentencomplex) data: the landlord lets at most 15% [004] of the complex's
 * independent units to special groups. The API counts `units` (dwellings in the complex) and
 * `specialGroupTenants` (dwellings whose current letting has an `urgencyCategory`).
 */
export interface StudentComplex {
  /** Independent units in the complex, integer >= 1. */
  units: number;
  /** Units let to special groups now, integer >= 0. */
  specialGroupTenants: number;
}

/**
 * A listing (woningaanbod / advertentie) — Prisma `Listing` with its `Dwelling`, money in EUR.
 */
export interface ListingInput {
  /** Listing id. */
  id: string;
  /** How the listing is allocated. */
  allocationModel: AllocationModel;
  /** Net rent (kale huur), EUR per month (= `netRentCents / 100`). */
  netRent: number;
  /** Income band of the listing. */
  incomeBand: IncomeBand;
  /** Dwelling is new build or transformation (nieuwbouw) — `Dwelling.isNewBuild`. */
  isNewBuild: boolean;
  /** Rooms, integer >= 1 — `Dwelling.rooms`. */
  rooms: number;
  /** Kind of dwelling — `Dwelling.type`. */
  dwellingType: DwellingType;
  /** Floor (0 = ground floor) — `Dwelling.floor`. */
  floor: number;
  /** Accessibility label — `Dwelling.accessibility`. */
  accessibility: Accessibility;
  /** Municipality id — `Dwelling.municipalityId`. */
  municipalityId: string;
  /**
   * CBS code of the municipality (`Municipality.code`, e.g. `GM0344`), or `null`: selects the rule
   * set's municipal override (`ruleSetForMunicipality`); `null` = regional values only.
   */
  municipalityCode: string | null;
  /** District id (wijk) — `Dwelling.districtId`. */
  districtId: string | null;
  /**
   * Minimum household size, persons >= 1, or `null`: the rule set's household-size table for the
   * dwelling applies (`RuleSet.householdSize`, see `householdRange`) [001] §B.
   */
  householdMin: number | null;
  /** Maximum household size, persons (99 = no practical maximum), or `null`: the rule set's table. */
  householdMax: number | null;
  /** Age label. */
  ageLabel: AgeLabel;
  /**
   * Priority rules this listing applies; their order comes from the rule set. URGENCY applies to
   * AANBOD and LOTERIJ listings whether or not it is listed here ([001] §E.2c).
   */
  priorityRules: readonly PriorityRule[];
  /**
   * Professions counting as vital on this listing, lower case; empty = the municipality's list
   * (`priority.vitalProfessions` of the rule set for the listing's municipality). When that is
   * empty too, nobody gets the priority [003].
   */
  vitalProfessions: readonly string[];
  /**
   * Local binding at kern level ([001] 2b "kleine kernenbinding"; [003] "eventueel op
   * kernniveau"): the kernen of the listing's municipality whose residents or workers get the
   * LOCAL_BINDING priority; empty = the whole municipality.
   */
  bindingCores: readonly string[];
  /** Student complex data, or `null` (Complex.isStudentComplex false or no complex). */
  studentComplex: StudentComplex | null;
  /** LOTERIJ: the revealed seed (64 hex characters) after close; `null` before. */
  lotterySeed: string | null;
}

/**
 * What the eligibility rules need from a response (reactie). Omit it when asking about a listing
 * the seeker has not responded to.
 */
export interface ResponseContext {
  /** Motivation (woongroep: what will you contribute); required there. */
  motivation: string | null;
  /** Committee verdict (woongroep). */
  committeeVerdict: CommitteeVerdict;
}

/**
 * A candidate: one response (reactie) on a listing with its seeker.
 */
export interface CandidateInput extends ResponseContext {
  /** Response id; the last tie-breaker (never part of a lottery ticket). */
  responseId: string;
  /**
   * LOTERIJ: the seeker's pseudonymous entry code for this listing (`lotteryEntryCode` of the
   * listing reference and the seeker's registration number), the message of the lottery ticket.
   * Required for eligible candidates once the seed is revealed; ignored otherwise.
   */
  lotteryEntry?: string | null;
  /** When the response was made (`Response.createdAt`). */
  respondedAt: Date;
  /** The responding seeker. */
  seeker: SeekerInput;
}
