/**
 * Input shapes of the allocation core: plain objects the API builds from database rows.
 * No Prisma or GraphQL types here; field names follow the Prisma models where one exists.
 *
 * Units: rent in EUR per month (kale huur), income in EUR per year (huishoudinkomen, gross),
 * registration time in years, areas in m². Date-only fields are `Date` values whose UTC fields hold
 * the date (see `calendar.ts`).
 *
 * @module
 */

/**
 * Allocation model (toewijzingsmodel) of a listing [001] §E.3, [000], [004] Bijlage 1:
 * - `AANBOD`: offer model (aanbodmodel), ranked by registration years;
 * - `LOTERIJ`: lottery (loting), ranked by a verifiable draw, at most 20% of the offer;
 * - `WOONGROEP`: housing group (woongroep), committee marks candidates suitable on motivation,
 *   then registration years lead;
 * - `BEMIDDELING`: direct mediation (directe bemiddeling), not ranked by a public list.
 */
export type AllocationModel = 'AANBOD' | 'LOTERIJ' | 'WOONGROEP' | 'BEMIDDELING';

/** The models whose candidates are ranked by a public list (everything but direct mediation). */
export const RANKED_MODELS: readonly AllocationModel[] = ['AANBOD', 'LOTERIJ', 'WOONGROEP'];

/**
 * Kind of dwelling (woningtype), used by the urgency search profile (zoekprofiel) [001] §E.2c:
 * `APARTMENT` (appartement/flat, with `floor`), `UPPER_DWELLING` (bovenwoning),
 * `GROUND_FLOOR_DWELLING` (benedenwoning), `SINGLE_FAMILY_HOUSE` (eengezinswoning).
 */
export type DwellingType = 'APARTMENT' | 'UPPER_DWELLING' | 'GROUND_FLOOR_DWELLING' | 'SINGLE_FAMILY_HOUSE';

/**
 * Income band (inkomensgrens) a social-rent listing is let under [001] §E.1:
 * `DAEB` up to the DAEB limit (EUR 38,035 in 2019), `MIDDLE` up to EUR 42,436, `ORDINANCE` up to the
 * ordinance limit EUR 48,655. The landlord assigns bands so that at least 80% of its lettings go
 * to DAEB incomes.
 */
export type IncomeBand = 'DAEB' | 'MIDDLE' | 'ORDINANCE';

/**
 * Age label of a listing (leeftijdslabel): `SENIOR_55` (55+), `SENIOR_65` (65+), `YOUTH`
 * (jongerenwoning, 18–23 [004]). The bounds are rule-set parameters (`ageLabels`).
 */
export type AgeLabel = 'SENIOR_55' | 'SENIOR_65' | 'YOUTH';

/**
 * Accessibility label (toegankelijkheidslabel): `WHEELCHAIR` (rolstoelwoning) or `WALKER`
 * (rollatorwoning) dwellings go to seekers with that indication (WMO-indicatie); `NONE` otherwise.
 */
export type Accessibility = 'NONE' | 'WALKER' | 'WHEELCHAIR';

/**
 * Priority groups (voorrangsgroepen) other than urgency that a listing may apply [001] §E.2a,
 * [003] "Eigen woningzoekenden eerst?":
 * - `MOVER`: doorstromer leaving a dwelling of at least 4 rooms for at most 3 rooms or an adapted
 *   dwelling (doorstroomregeling van groot naar beter, Voorstel I), no age limit;
 * - `LOCAL_BINDING`: economic or social binding (lokale/economische binding) with the
 *   municipality, for at most 50% of the designated stock;
 * - `VITAL_PROFESSION`: a profession the municipality declared vital (vitaal beroep).
 */
export type PriorityGroup = 'MOVER' | 'LOCAL_BINDING' | 'VITAL_PROFESSION';

/**
 * Search profile (zoekprofiel) of an urgency declaration: the dwellings for which the urgency gives
 * priority [001] §E.2c Voorstel III. Default: apartments from the 1st floor; a municipality may
 * add upper and ground-floor dwellings ([004] Afspraken en acties 2019, zoekprofiel MO/BW).
 */
export interface SearchProfile {
  /** Dwelling kinds inside the profile. */
  dwellingTypes: readonly DwellingType[];
  /** For `APARTMENT`: lowest floor inside the profile (0 = ground floor, 1 = first floor). */
  apartmentMinFloor: number;
  /** Municipalities where the profile applies; `null` = all (urgencies are regionally valid [004]). */
  municipalities: readonly string[] | null;
}

/**
 * A granted urgency declaration (urgentieverklaring) as the ranking needs it.
 * The API passes the seeker's most recent GRANTED declaration, or `null`.
 */
export interface UrgencyDeclaration {
  /** Urgency category (urgentiecategorie), e.g. `MANTELZORG`; free text code from the rule set. */
  category: string;
  /** Dwellings the priority applies to. */
  searchProfile: SearchProfile;
  /** First day valid (date-only). */
  validFrom: Date;
  /** Last day valid, inclusive (date-only); after it the declaration has EXPIRED. */
  validUntil: Date;
}

/**
 * A seeker (woningzoekende) as the eligibility and ranking rules need them.
 */
export interface SeekerInput {
  /** Seeker id. */
  id: string;
  /** Birth date of the main applicant (date-only). Age rules use this person. */
  birthDate: Date;
  /** Persons in the household, integer >= 1 (huishoudensgrootte). */
  householdSize: number;
  /** Gross yearly household income in EUR per year (huishoudinkomen), >= 0. */
  householdIncome: number;
  /** Registration date (inschrijfdatum), date-only; reset on accepting a dwelling. */
  registrationDate: Date;
  /** Registration years kept from before the current registration date (75% rule), years >= 0. */
  retainedRegistrationYears: number;
  /** Has a wheelchair indication (rolstoelindicatie, WMO). */
  hasWheelchairIndication: boolean;
  /** Has a walker indication (rollatorindicatie, WMO). */
  hasWalkerIndication: boolean;
  /** Is a student (for student complexes, studentencomplex). */
  isStudent: boolean;
  /** Leaves an independent rental dwelling behind: a mover (doorstromer), else a starter. */
  leavesIndependentRental: boolean;
  /** Rooms of the dwelling left behind, when a mover; `null` otherwise or unknown. */
  currentDwellingRooms: number | null;
  /** Municipalities the seeker has local/economic binding with (lokale binding). */
  localBindingMunicipalities: readonly string[];
  /** Municipalities that declared the seeker's profession vital (vitaal beroep). */
  vitalProfessionMunicipalities: readonly string[];
  /** Most recent granted urgency declaration, or `null`. */
  urgency: UrgencyDeclaration | null;
}

/**
 * Student complex (studentencomplex) data of a listing: the landlord lets at most a share
 * (15% [004]) of the complex's independent units to special groups (bijzondere doelgroepen).
 */
export interface StudentComplex {
  /** Independent units (zelfstandige wooneenheden) in the complex, integer >= 1. */
  units: number;
  /** Units currently let to special groups, integer >= 0. */
  specialGroupTenants: number;
}

/**
 * A listing (woningaanbod / advertentie): a dwelling offered during a response window.
 */
export interface ListingInput {
  /** Listing id. */
  id: string;
  /** How the listing is allocated. */
  allocationModel: AllocationModel;
  /** Net rent (kale huur) in EUR per month. */
  rent: number;
  /** Income band for social rent (rent up to the liberalisation limit). */
  incomeBand: IncomeBand;
  /** New build or transformation (nieuwbouw); only then does the middle-rent income rule apply. */
  newBuild: boolean;
  /** Number of rooms (kamers), integer >= 1. */
  rooms: number;
  /** Kind of dwelling. */
  dwellingType: DwellingType;
  /** Floor of the front door (0 = ground floor). */
  floor: number;
  /** Municipality (gemeente). */
  municipality: string;
  /** District (wijk), for comparables and monitoring. */
  district: string;
  /** Minimum household size, persons (>= 1). */
  minPersons: number;
  /** Maximum household size, persons, or `null` for no maximum. */
  maxPersons: number | null;
  /** Age label, or `null`. */
  ageLabel: AgeLabel | null;
  /** Accessibility label. */
  accessibility: Accessibility;
  /** Adapted dwelling (aangepaste woning); an accessible dwelling counts as adapted too. */
  adapted: boolean;
  /** Priority groups this listing applies, besides urgency. Order is taken from the rule set. */
  priorityGroups: readonly PriorityGroup[];
  /** Student complex data, or `null` when not in a student complex. */
  studentComplex: StudentComplex | null;
  /** `LOTERIJ` only: the revealed seed (64 hex characters) after close, else `null`/absent. */
  lotterySeed?: string | null;
}

/** Committee verdict (oordeel woongroepcommissie) on a woongroep candidate; `null` = not yet reviewed. */
export type CommitteeVerdict = 'SUITABLE' | 'UNSUITABLE' | null;

/**
 * What the eligibility rules need from a response (reactie), beyond seeker and listing.
 * Omit it when asking about a listing the seeker has not responded to.
 */
export interface ResponseContext {
  /** Motivation text for a woongroep (what will you contribute); required there. */
  motivation?: string | null;
  /** Committee verdict for a woongroep listing. */
  committeeVerdict?: CommitteeVerdict;
}

/**
 * A candidate on a listing: one response (reactie) with its seeker.
 */
export interface CandidateInput extends ResponseContext {
  /** Response id; the last tie-breaker and the lottery message. */
  responseId: string;
  /** When the response was made. */
  respondedAt: Date;
  /** The responding seeker. */
  seeker: SeekerInput;
}
