/**
 * Every GraphQL operation the portal runs, with hand-written types for its variables and result.
 * Types mirror the selections exactly (and `api/schema.graphql`); `test/e2e/operations.test.ts`
 * validates each document against the printed schema so a drift fails the build.
 *
 * Conventions of the API (issue 5): Relay connections; mutations return `<Name>Result` unions of
 * `<Name>Success { data }` and error types implementing `Error { message code }`; money in EUR.
 */
import { operation } from "./operation";
import { LOTTERY_DRAW_QUERY, type LotteryDrawData } from "../lottery-verify";

// ───────────────────────────── shared shapes ─────────────────────────────

export type AllocationModel = "AANBOD" | "LOTERIJ" | "WOONGROEP" | "BEMIDDELING";
export type ListingStatus = "DRAFT" | "PUBLISHED" | "CLOSED" | "OFFERING" | "LET" | "WITHDRAWN";
export type DwellingType =
  | "APARTMENT"
  | "GROUND_FLOOR_APARTMENT"
  | "UPPER_FLOOR_DWELLING"
  | "SINGLE_FAMILY_HOUSE"
  | "STUDIO"
  | "ROOM"
  | "SENIOR_DWELLING";
export type Accessibility = "NONE" | "WALKER" | "WHEELCHAIR";
export type CurrentDwellingKind =
  "NONE" | "WITH_PARENTS" | "ROOM" | "INDEPENDENT_RENTAL" | "OWNER_OCCUPIED" | "INSTITUTION";
export type HouseholdRole = "APPLICANT" | "PARTNER" | "CHILD" | "OTHER";
export type IncomeSource = "TAX_STATEMENT" | "PAYSLIPS" | "BENEFIT_STATEMENT" | "SELF_DECLARED";
export type ResponseStatus = "ACTIVE" | "WITHDRAWN" | "OFFERED" | "ACCEPTED" | "DECLINED" | "NOT_SELECTED";
export type UrgencyStatus =
  "DRAFT" | "SUBMITTED" | "IN_REVIEW" | "GRANTED" | "REJECTED" | "WITHDRAWN" | "EXPIRED";
export type TokenScope = "SEEKER_READ" | "RESPONSES_WRITE" | "PROFILE_WRITE" | "URGENCY_READ";
export type LettingDecidedBy = "PRIORITY" | "REGISTRATION_YEARS" | "LOTTERY" | "WOONGROEP" | "MEDIATION";
export type UrgencyCategory =
  | "MANTELZORG"
  | "CHRONIC_MEDICAL"
  | "LEAVING_MENTAL_HEALTH_CARE"
  | "LEAVING_DOMESTIC_VIOLENCE_SHELTER"
  | "LEAVING_HOMELESS_SHELTER"
  | "LEAVING_PROTECTED_LIVING"
  | "LEAVING_YOUTH_CARE"
  | "LEAVING_DETENTION"
  | "DUUP_EXIT_PROGRAMME"
  | "STATUSHOUDER"
  | "URBAN_RENEWAL"
  | "UNINHABITABLE_DWELLING"
  | "SOCIAL_RELATIONSHIP_WITH_CHILDREN"
  | "SOCIAL_FINANCIAL"
  | "HARDSHIP_CLAUSE";

export const MANDATORY_URGENCY_CATEGORIES: readonly UrgencyCategory[] = [
  "MANTELZORG",
  "CHRONIC_MEDICAL",
  "LEAVING_MENTAL_HEALTH_CARE",
  "LEAVING_DOMESTIC_VIOLENCE_SHELTER",
  "LEAVING_HOMELESS_SHELTER",
  "LEAVING_PROTECTED_LIVING",
  "LEAVING_YOUTH_CARE",
  "LEAVING_DETENTION",
  "DUUP_EXIT_PROGRAMME",
];
export const LOCAL_URGENCY_CATEGORIES: readonly UrgencyCategory[] = [
  "STATUSHOUDER",
  "URBAN_RENEWAL",
  "UNINHABITABLE_DWELLING",
  "SOCIAL_RELATIONSHIP_WITH_CHILDREN",
  "SOCIAL_FINANCIAL",
  "HARDSHIP_CLAUSE",
];
export const DWELLING_TYPES: readonly DwellingType[] = [
  "APARTMENT",
  "GROUND_FLOOR_APARTMENT",
  "UPPER_FLOOR_DWELLING",
  "SINGLE_FAMILY_HOUSE",
  "STUDIO",
  "ROOM",
  "SENIOR_DWELLING",
];
export const ALLOCATION_MODELS: readonly AllocationModel[] = [
  "AANBOD",
  "LOTERIJ",
  "WOONGROEP",
  "BEMIDDELING",
];

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/**
 * A business error from a mutation's result union (every error type implements `Error`); the
 * optional fields are those of ValidationError, NotEligibleError and RateLimitedError.
 */
export interface ErrorResult {
  __typename: string;
  message: string;
  code: string;
  issues?: ReadonlyArray<{ path: readonly string[]; field: string | null; message: string }>;
  failedChecks?: EligibilityCheck[];
  retryAfterSeconds?: number | null;
}
/** A mutation result: `<Name>Success` with its data field `F`, or an error. */
export type Result<S extends string, F extends string, T> =
  ({ __typename: S } & { [K in F]: T }) | ErrorResult;

/**
 * True for the error members of a result union (every business error has `code`). Works for the
 * hand-written `Result` types and for gql.tada results (`$lib/graphql`) alike.
 */
export function isErrorResult<T extends { __typename: string }>(
  result: T,
): result is Extract<T, { code: string }> {
  return "code" in result;
}

/** Every result union: its typename and, for errors, message and code. */
const ERROR_FIELDS = /* GraphQL */ `
  __typename
  ... on Error { message code }
`;
/** Per-field issues, for results whose union includes ValidationError. */
const VALIDATION_FIELDS = /* GraphQL */ `... on ValidationError { issues { path field message } }`;

export interface EligibilityCheck {
  rule: string;
  code: string;
  passed: boolean;
  affects: "ELIGIBILITY" | "PRIORITY";
  explanation: string;
  source: string;
}
const CHECK_FIELDS = /* GraphQL */ `rule code passed affects source explanation(language: $language)`;

export interface Eligibility {
  eligible: boolean;
  urgencyPriority: boolean;
  checks: EligibilityCheck[];
}

/** A position value (1 = first). */
export interface Position {
  kind: "RANKED" | "LOTTERY_PENDING" | "NOT_ELIGIBLE" | "NOT_RANKED" | "CLOSED";
  position: number | null;
  from: number | null;
  to: number | null;
  total: number | null;
  tier: string | null;
  explanation: string | null;
}
export interface PositionEstimate {
  expected: number;
  low: number | null;
  high: number | null;
  method: string;
  comparableCount: number;
  /** False when the history holds too few comparable listings for the estimate to rest on. */
  enoughComparables: boolean;
  pointCount: number;
  /** Point of the response window (0.25, 0.5, 0.75) at which the historical figures were measured. */
  historicalWindowShare: number | null;
  /** Backtest of the method on closed listings: median absolute error in positions (null without history). */
  historicalMedianAbsoluteError: number | null;
  /** Share of final positions that fell inside [low, high] in the same backtest (null without history). */
  historicalIntervalCoverage: number | null;
  historicalListings: number | null;
}
/** Current / if-you-respond-now / expected-at-close. */
export interface ListingPosition {
  current: Position | null;
  ifRespondedNow: Position;
  expectedAtClose: PositionEstimate | null;
  canChange: boolean;
  totalCandidates: number;
}
const POSITION_FIELDS = /* GraphQL */ `kind position from to total tier explanation(language: $language)`;
const LISTING_POSITION_FIELDS = /* GraphQL */ `
  current { ${POSITION_FIELDS} }
  ifRespondedNow { ${POSITION_FIELDS} }
  expectedAtClose {
    expected low high method comparableCount enoughComparables pointCount
    historicalWindowShare historicalMedianAbsoluteError historicalIntervalCoverage historicalListings
  }
  canChange
  totalCandidates
`;

/** Language of the API's explanations (enum Language). */
export type Language = "NL" | "EN";

// ───────────────────────────── viewer ─────────────────────────────

/** Who is signed in (resolved once per request in hooks.server.ts). */
export interface Viewer {
  id: string;
  email: string;
  displayName: string;
  firstName: string;
}
export const VIEWER = operation<{
  account: { email: string; displayName: string; kind: string } | null;
  viewer: { id: string; firstName: string } | null;
}>(/* GraphQL */ `
  query PortalViewer {
    account {
      email
      displayName
      kind
    }
    viewer {
      id
      firstName
    }
  }
`);

// ───────────────────────────── listings ─────────────────────────────

export interface ListingCard {
  id: string;
  reference: string;
  title: string;
  allocationModel: AllocationModel;
  status: ListingStatus;
  isOpen: boolean;
  netRent: number;
  serviceCosts: number;
  totalRent: number;
  closesAt: string;
  responseCount: number;
  dwelling: {
    type: DwellingType;
    rooms: number;
    areaM2: number;
    floor: number;
    accessibility: Accessibility;
    city: string;
    district: { id: string; name: string } | null;
  };
  /** The cover photo (at most one; empty = the placeholder is shown). */
  photos: { key: string; altTextNl: string; altTextEn: string | null; width: number; height: number }[];
}
const LISTING_CARD_FIELDS = /* GraphQL */ `
  id reference title allocationModel status isOpen netRent serviceCosts totalRent closesAt responseCount
  dwelling { type rooms areaM2 floor accessibility city district { id name } }
  photos(first: 1) { key altTextNl altTextEn width height }
`;

export interface ListingCardForViewer extends ListingCard {
  viewerEligibility?: {
    eligible: boolean;
    /** The rules that make the seeker ineligible, explained in the request's language. */
    failedChecks: Array<{ code: string; explanation: string }>;
  } | null;
  viewerPosition?: { current: Position | null; ifRespondedNow: Position } | null;
  viewerResponse?: { id: string; status: ResponseStatus } | null;
}
const VIEWER_CARD_FIELDS = /* GraphQL */ `
  viewerEligibility { eligible failedChecks { code explanation(language: $language) } }
  viewerPosition { current { ${POSITION_FIELDS} } ifRespondedNow { ${POSITION_FIELDS} } }
  viewerResponse { id status }
`;

export type ListingOrder = "CLOSES_AT_ASC" | "PUBLISHED_AT_DESC" | "RENT_ASC" | "RENT_DESC" | "AREA_DESC";
export interface ListingFilter {
  districtIds?: string[];
  municipalityIds?: string[];
  roomsMin?: number;
  roomsMax?: number;
  rentMin?: number;
  rentMax?: number;
  dwellingTypes?: DwellingType[];
  allocationModels?: AllocationModel[];
  accessibility?: Accessibility[];
}
interface PageVars {
  first?: number;
  after?: string | null;
  last?: number;
  before?: string | null;
}
interface ListingsVars extends PageVars {
  filter: ListingFilter;
  orderBy: ListingOrder;
  language: Language;
}
export interface Connection<TNode> {
  /** Absent on connections selected without a count. */
  totalCount?: number;
  pageInfo: PageInfo;
  edges: Array<{ node: TNode }>;
}
export interface MunicipalityWithDistricts {
  id: string;
  name: string;
  districts: Array<{ id: string; name: string }>;
}
export interface ListingsResult<TNode> {
  listings: Connection<TNode>;
  municipalities: MunicipalityWithDistricts[];
}
const PAGE_INFO = /* GraphQL */ `pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;

export const LISTINGS = operation<ListingsResult<ListingCard>, Omit<ListingsVars, "language">>(/* GraphQL */ `
  query PortalListings($first: Int, $after: String, $last: Int, $before: String, $filter: ListingFilter, $orderBy: ListingOrder) {
    listings(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
      totalCount
      ${PAGE_INFO}
      edges { node { ${LISTING_CARD_FIELDS} } }
    }
    municipalities { id name districts { id name } }
  }
`);

export const LISTINGS_FOR_VIEWER = operation<
  ListingsResult<ListingCardForViewer>,
  ListingsVars
>(/* GraphQL */ `
  query PortalListingsForViewer(
    $first: Int, $after: String, $last: Int, $before: String, $filter: ListingFilter, $orderBy: ListingOrder, $language: Language
  ) {
    listings(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
      totalCount
      ${PAGE_INFO}
      edges { node { ${LISTING_CARD_FIELDS} ${VIEWER_CARD_FIELDS} } }
    }
    municipalities { id name districts { id name } }
  }
`);

/** "Only what I qualify for": the seeker's eligible open listings, with the same filters and order. */
export const ELIGIBLE_LISTINGS = operation<
  {
    viewer: { eligibleListings: Connection<ListingCardForViewer> } | null;
    municipalities: MunicipalityWithDistricts[];
  },
  ListingsVars
>(/* GraphQL */ `
  query PortalEligibleListings(
    $first: Int, $after: String, $last: Int, $before: String, $filter: ListingFilter, $orderBy: ListingOrder, $language: Language
  ) {
    viewer {
      eligibleListings(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
        totalCount
        ${PAGE_INFO}
        edges { node { ${LISTING_CARD_FIELDS} ${VIEWER_CARD_FIELDS} } }
      }
    }
    municipalities { id name districts { id name } }
  }
`);

export interface ListingResult {
  responseCount: number;
  registrationYears: number;
  decidedBy: LettingDecidedBy;
  priorityRule: string | null;
  letAt: string;
}
const RESULT_FIELDS = /* GraphQL */ `responseCount registrationYears decidedBy priorityRule letAt`;

export interface ListingCriterion {
  rule: string;
  description: string;
  source: string;
}
export interface ListingDetail extends ListingCard {
  description: string;
  /** All photos in their order (first = cover). */
  gallery: ListingCard["photos"];
  /** The criteria in plain language, in the request's language (from the allocation core). */
  criteria: ListingCriterion[];
  publishedAt: string | null;
  closedAt: string | null;
  householdMin: number;
  householdMax: number;
  ageLabel: "NONE" | "AGE_55_PLUS" | "AGE_65_PLUS" | "YOUTH_18_23";
  incomeBand: "DAEB" | "MIDDLE" | "ORDINANCE" | "MIDDLE_RENT";
  incomeLimit: number;
  priorityRules: string[];
  lottery: {
    commitment: string;
    seed: string | null;
    seedRevealedAt: string | null;
    algorithm: string;
  } | null;
  landlord: { name: string; website: string | null };
  dwelling: ListingCard["dwelling"] & {
    street: string;
    houseNumber: number;
    houseNumberSuffix: string | null;
    postalCode: string;
    neighbourhood: string | null;
    hasElevator: boolean;
    energyLabel: string | null;
    buildYear: number | null;
    isNewBuild: boolean;
    municipality: { name: string };
    woongroep: {
      name: string;
      description: string;
      targetDragendShare: number;
      dragendResidents: number;
      vragendResidents: number;
    } | null;
  };
  result: ListingResult | null;
}
export interface ViewerOnListing {
  viewerEligibility: Eligibility | null;
  viewerPosition: ListingPosition | null;
  viewerResponse: {
    id: string;
    status: ResponseStatus;
    createdAt: string;
    motivation: string | null;
    finalPosition: number | null;
    committeeVerdict: "PENDING" | "SUITABLE" | "UNSUITABLE";
    committeeReason: string | null;
  } | null;
}

const LISTING_DETAIL_FIELDS = /* GraphQL */ `
  ${LISTING_CARD_FIELDS}
  gallery: photos { key altTextNl altTextEn width height }
  description criteria { rule source description(language: $language) } publishedAt closedAt householdMin householdMax ageLabel incomeBand incomeLimit priorityRules
  lottery { commitment seed seedRevealedAt algorithm }
  landlord { name website }
  dwelling {
    street houseNumber houseNumberSuffix postalCode neighbourhood hasElevator energyLabel buildYear isNewBuild
    municipality { name }
    woongroep { name description targetDragendShare dragendResidents vragendResidents }
  }
  result { ${RESULT_FIELDS} }
`;

export const LISTING = operation<
  { listing: ListingDetail | null },
  { reference: string; language: Language }
>(/* GraphQL */ `
  query PortalListing($reference: String!, $language: Language) {
    listing(reference: $reference) { ${LISTING_DETAIL_FIELDS} }
  }
`);

/** How many more responses the rule set's response limits allow (null limits = none). */
export interface ResponseAllowance {
  allowed: boolean;
  maxActive: number | null;
  activeLeft: number | null;
  maxPerWeek: number | null;
  weekLeft: number | null;
}

export const LISTING_FOR_VIEWER = operation<
  {
    listing: (ListingDetail & ViewerOnListing) | null;
    viewer: { responseAllowance: ResponseAllowance } | null;
  },
  { reference: string; language: Language }
>(/* GraphQL */ `
  query PortalListingForViewer($reference: String!, $language: Language) {
    listing(reference: $reference) {
      ${LISTING_DETAIL_FIELDS}
      viewerEligibility { eligible urgencyPriority checks { ${CHECK_FIELDS} } }
      viewerPosition { ${LISTING_POSITION_FIELDS} }
      viewerResponse { id status createdAt motivation finalPosition committeeVerdict committeeReason }
    }
    viewer { responseAllowance { allowed maxActive activeLeft maxPerWeek weekLeft } }
  }
`);

// ───────────────────────────── auth ─────────────────────────────

export interface SessionPayload {
  token: string;
  expiresAt: string;
}

export const SESSION_CREATE = operation<
  { sessionCreate: Result<"SessionCreateSuccess", "session", SessionPayload> },
  { input: { email: string; password: string } }
>(/* GraphQL */ `
  mutation PortalSessionCreate($input: SessionCreateInput!) {
    sessionCreate(input: $input) {
      ${ERROR_FIELDS}
      ${VALIDATION_FIELDS}
      ... on RateLimitedError { retryAfterSeconds }
      ... on SessionCreateSuccess { session { token expiresAt } }
    }
  }
`);

export const SESSION_DELETE = operation<{
  sessionDelete: Result<"SessionDeleteSuccess", "signedOut", boolean>;
}>(/* GraphQL */ `
  mutation PortalSessionDelete {
    sessionDelete { ${ERROR_FIELDS} ... on SessionDeleteSuccess { signedOut } }
  }
`);

export interface HouseholdMemberInput {
  role: HouseholdRole;
  firstName: string;
  birthDate: string;
}
export interface IncomeInput {
  year: number;
  amount: number;
  source: IncomeSource;
}
export interface CurrentDwellingInput {
  kind: CurrentDwellingKind;
  rooms: number | null;
  isSocialRental: boolean;
}
export interface SeekerRegisterInput {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  phone: string | null;
  householdMembers: HouseholdMemberInput[];
  income: IncomeInput;
  currentDwelling: CurrentDwellingInput;
  accessibilityNeed: Accessibility;
  locale: string;
  /** Where the household lives and works (optional at registration). */
  places?: SeekerPlacesInput;
}
export const SEEKER_REGISTER = operation<
  { seekerRegister: Result<"SeekerRegisterSuccess", "registration", { email: string }> },
  { input: SeekerRegisterInput }
>(/* GraphQL */ `
  mutation PortalSeekerRegister($input: SeekerRegisterInput!) {
    seekerRegister(input: $input) {
      ${ERROR_FIELDS}
      ${VALIDATION_FIELDS}
      ... on SeekerRegisterSuccess { registration { email } }
    }
  }
`);

export const PASSWORD_RESET = operation<
  { passwordReset: Result<"PasswordResetSuccess", "session", SessionPayload> },
  { input: { token: string; newPassword: string; revokePersonalAccessTokens: boolean } }
>(/* GraphQL */ `
  mutation PortalPasswordReset($input: PasswordResetInput!) {
    passwordReset(input: $input) { ${ERROR_FIELDS} ${VALIDATION_FIELDS} ... on PasswordResetSuccess { session { token expiresAt } } }
  }
`);

// ───────────────────────────── seeker profile and dashboard ─────────────────────────────

export interface SearchProfile {
  kind: "PREFERRED" | "GRANTED";
  dwellingTypes: DwellingType[];
  minFloor: number | null;
  maxFloor: number | null;
  minRooms: number | null;
  maxRooms: number | null;
  requiresAccessibility: Accessibility;
}
const SEARCH_PROFILE_FIELDS = /* GraphQL */ `kind dwellingTypes minFloor maxFloor minRooms maxRooms requiresAccessibility`;

export interface UrgencyApplication {
  id: string;
  category: UrgencyCategory;
  situation: string;
  status: UrgencyStatus;
  createdAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  grantedCategory: UrgencyCategory | null;
  validFrom: string | null;
  validUntil: string | null;
  timeline: Array<{ status: UrgencyStatus; at: string }>;
  documents: Array<{ id: string; fileName: string; mimeType: string; sizeBytes: number; uploadedAt: string }>;
  /** Both profiles despite the name: PREFERRED (asked for) and GRANTED (decided), see `kind`. */
  preferredSearchProfile: SearchProfile[];
}
const URGENCY_FIELDS = /* GraphQL */ `
  id category situation status createdAt submittedAt decidedAt decisionReason grantedCategory validFrom validUntil
  timeline { status at }
  documents { id fileName mimeType sizeBytes uploadedAt }
  preferredSearchProfile { ${SEARCH_PROFILE_FIELDS} }
`;

export interface SeekerProfile {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  phone: string | null;
  status: "ACTIVE" | "SUSPENDED" | "HOUSED";
  registrationDate: string;
  registration: {
    registrationDate: string;
    sinceRegistration: number;
    retained: number;
    total: number;
    explanation: string;
  };
  isMover: boolean;
  householdSize: number;
  householdIncome: number;
  accessibilityNeed: Accessibility;
  currentDwellingKind: CurrentDwellingKind;
  currentDwellingRooms: number | null;
  currentDwellingIsSocialRental: boolean;
  householdMembers: Array<{ role: HouseholdRole; firstName: string; birthDate: string }>;
  incomes: Array<{ year: number; amount: number; source: IncomeSource; verified: boolean }>;
  /** Municipality of residence (woonplaats, local binding [003]), or null. */
  municipality: { id: string; name: string } | null;
  /** Kern of residence, one of the municipality's `cores`, or null. */
  core: string | null;
  /** Municipality of work (werkplaats, economic binding [003]), or null. */
  workMunicipality: { id: string; name: string } | null;
  /** Kern of work, or null. */
  workCore: string | null;
}
const PROFILE_FIELDS = /* GraphQL */ `
  id email firstName lastName birthDate phone status registrationDate
  registration { registrationDate sinceRegistration retained total explanation }
  isMover householdSize householdIncome accessibilityNeed
  currentDwellingKind currentDwellingRooms currentDwellingIsSocialRental
  householdMembers { role firstName birthDate }
  incomes { year amount source verified }
  municipality { id name } core workMunicipality { id name } workCore
`;

export const PROFILE = operation<{ viewer: SeekerProfile | null }>(/* GraphQL */ `
  query PortalProfile {
    viewer { ${PROFILE_FIELDS} }
  }
`);

export interface DashboardResponse {
  id: string;
  status: ResponseStatus;
  createdAt: string;
  withdrawnAt: string | null;
  finalPosition: number | null;
  committeeVerdict: "PENDING" | "SUITABLE" | "UNSUITABLE";
  committeeReason: string | null;
  position: { current: Position | null; canChange: boolean } | null;
  listing: ListingCard & { result: ListingResult | null };
}
export interface Offer {
  id: string;
  outcomeReason: string | null;
  position: number;
  offeredAt: string;
  respondBy: string;
  outcome: "PENDING" | "ACCEPTED" | "DECLINED" | "NO_RESPONSE" | "WITHDRAWN";
  listing: { id: string; title: string; reference: string; landlord: { name: string } };
}
const DASHBOARD_RESPONSE_FIELDS = /* GraphQL */ `
  id status createdAt withdrawnAt finalPosition committeeVerdict committeeReason
  position { current { ${POSITION_FIELDS} } canChange }
  listing { ${LISTING_CARD_FIELDS} result { ${RESULT_FIELDS} } }
`;
export interface Dashboard {
  viewer:
    | (SeekerProfile & {
        activeResponses: { totalCount: number; edges: Array<{ node: DashboardResponse }> };
        pastResponses: { totalCount: number; edges: Array<{ node: DashboardResponse }> };
        offers: Offer[];
        urgencyApplications: { edges: Array<{ node: UrgencyApplication }> };
      })
    | null;
}
/**
 * Active responses (ACTIVE/OFFERED on a listing still in play) and the most recent past ones,
 * split by the API (`responses(state:)`), each with its total; 5 applications. Page sizes are
 * bounded by the API's query cost limit (20,000).
 */
export const DASHBOARD = operation<Dashboard, { language: Language }>(/* GraphQL */ `
  query PortalDashboard($language: Language) {
    viewer {
      ${PROFILE_FIELDS}
      activeResponses: responses(state: ACTIVE, first: 15) { totalCount edges { node { ${DASHBOARD_RESPONSE_FIELDS} } } }
      pastResponses: responses(state: PAST, first: 10) { totalCount edges { node { ${DASHBOARD_RESPONSE_FIELDS} } } }
      offers { id position offeredAt respondBy outcome outcomeReason listing { id title reference landlord { name } } }
      urgencyApplications(first: 5) { edges { node { ${URGENCY_FIELDS} } } }
    }
  }
`);

/** Decline an offer (the seeker; the landlord then offers the dwelling to the next candidate). */
export const OFFER_DECLINE = operation<
  { offerDecline: Result<"OfferDeclineSuccess", "offer", { id: string; outcome: Offer["outcome"] }> },
  { input: { offerId: string; reason: string | null } }
>(/* GraphQL */ `
  mutation PortalOfferDecline($input: OfferDeclineInput!) {
    offerDecline(input: $input) { ${ERROR_FIELDS} ${VALIDATION_FIELDS} ... on OfferDeclineSuccess { offer { id outcome } } }
  }
`);

export const OFFER_ACCEPT = operation<
  { offerAccept: Result<"OfferAcceptSuccess", "offer", { id: string; outcome: Offer["outcome"] }> },
  { input: { offerId: string } }
>(/* GraphQL */ `
  mutation PortalOfferAccept($input: OfferAcceptInput!) {
    offerAccept(input: $input) { ${ERROR_FIELDS} ${VALIDATION_FIELDS} ... on OfferAcceptSuccess { offer { id outcome } } }
  }
`);

export const HOUSEHOLD_UPDATE = operation<
  { householdUpdate: Result<"HouseholdUpdateSuccess", "seeker", { id: string }> },
  {
    input: {
      members: HouseholdMemberInput[];
      currentDwelling: CurrentDwellingInput;
    };
  }
>(/* GraphQL */ `
  mutation PortalHouseholdUpdate($input: HouseholdUpdateInput!) {
    householdUpdate(input: $input) { ${ERROR_FIELDS} ${VALIDATION_FIELDS} ... on HouseholdUpdateSuccess { seeker { id } } }
  }
`);

export const INCOME_UPDATE = operation<
  { incomeUpdate: Result<"IncomeUpdateSuccess", "seeker", { id: string }> },
  { input: { income: IncomeInput } }
>(/* GraphQL */ `
  mutation PortalIncomeUpdate($input: IncomeUpdateInput!) {
    incomeUpdate(input: $input) { ${ERROR_FIELDS} ${VALIDATION_FIELDS} ... on IncomeUpdateSuccess { seeker { id } } }
  }
`);

// ───────────────────────────── responses ─────────────────────────────

export const LISTING_RESPOND = operation<
  { listingRespond: Result<"ListingRespondSuccess", "response", { id: string }> },
  { input: { listingId: string; motivation: string | null }; language: Language }
>(/* GraphQL */ `
  mutation PortalListingRespond($input: ListingRespondInput!, $language: Language) {
    listingRespond(input: $input) {
      ${ERROR_FIELDS}
      ${VALIDATION_FIELDS}
      ... on NotEligibleError { failedChecks { ${CHECK_FIELDS} } }
      ... on ListingRespondSuccess { response { id } }
    }
  }
`);

export const RESPONSE_WITHDRAW = operation<
  { responseWithdraw: Result<"ResponseWithdrawSuccess", "response", { id: string }> },
  { input: { responseId: string } }
>(/* GraphQL */ `
  mutation PortalResponseWithdraw($input: ResponseWithdrawInput!) {
    responseWithdraw(input: $input) { ${ERROR_FIELDS} ${VALIDATION_FIELDS} ... on ResponseWithdrawSuccess { response { id } } }
  }
`);

// ───────────────────────────── urgency ─────────────────────────────

export const URGENCY_APPLICATIONS = operation<{
  viewer: { urgencyApplications: { edges: Array<{ node: UrgencyApplication }> } } | null;
}>(/* GraphQL */ `
  query PortalUrgencyApplications {
    viewer { urgencyApplications(first: 20) { edges { node { ${URGENCY_FIELDS} } } } }
  }
`);

export const URGENCY_APPLICATION = operation<
  { node: (UrgencyApplication & { __typename: string }) | null },
  { id: string }
>(/* GraphQL */ `
  query PortalUrgencyApplication($id: ID!) {
    node(id: $id) { __typename ... on UrgencyApplication { ${URGENCY_FIELDS} } }
  }
`);

export interface SearchProfileInput {
  dwellingTypes: DwellingType[];
  minFloor: number | null;
  maxFloor: number | null;
  minRooms: number | null;
  maxRooms: number | null;
  requiresAccessibility: Accessibility;
}
type UrgencyResult<S extends string> = Result<S, "urgencyApplication", UrgencyApplication>;

export const URGENCY_CREATE = operation<
  { urgencyApplicationCreate: UrgencyResult<"UrgencyApplicationCreateSuccess"> },
  {
    input: {
      category: UrgencyCategory;
      situation?: string;
      preferredSearchProfile?: SearchProfileInput | null;
    };
  }
>(/* GraphQL */ `
  mutation PortalUrgencyCreate($input: UrgencyApplicationCreateInput!) {
    urgencyApplicationCreate(input: $input) {
      ${ERROR_FIELDS}
      ${VALIDATION_FIELDS}
      ... on UrgencyApplicationCreateSuccess { urgencyApplication { ${URGENCY_FIELDS} } }
    }
  }
`);
export interface UrgencyUpdateInput {
  id: string;
  category?: UrgencyCategory;
  situation?: string;
  preferredSearchProfile?: SearchProfileInput;
  /** Upload variables: null placeholders filled by the multipart map. */
  addDocuments?: null[];
  removeDocumentIds?: string[];
}
export const URGENCY_UPDATE = operation<
  { urgencyApplicationUpdate: UrgencyResult<"UrgencyApplicationUpdateSuccess"> },
  { input: UrgencyUpdateInput }
>(/* GraphQL */ `
  mutation PortalUrgencyUpdate($input: UrgencyApplicationUpdateInput!) {
    urgencyApplicationUpdate(input: $input) {
      ${ERROR_FIELDS}
      ${VALIDATION_FIELDS}
      ... on UrgencyApplicationUpdateSuccess { urgencyApplication { ${URGENCY_FIELDS} } }
    }
  }
`);
export const URGENCY_SUBMIT = operation<
  { urgencyApplicationSubmit: UrgencyResult<"UrgencyApplicationSubmitSuccess"> },
  { input: { id: string } }
>(/* GraphQL */ `
  mutation PortalUrgencySubmit($input: UrgencyApplicationIdInput!) {
    urgencyApplicationSubmit(input: $input) {
      ${ERROR_FIELDS}
      ${VALIDATION_FIELDS}
      ... on UrgencyApplicationSubmitSuccess { urgencyApplication { id status } }
    }
  }
`);
export const URGENCY_WITHDRAW = operation<
  { urgencyApplicationWithdraw: UrgencyResult<"UrgencyApplicationWithdrawSuccess"> },
  { input: { id: string } }
>(/* GraphQL */ `
  mutation PortalUrgencyWithdraw($input: UrgencyApplicationIdInput!) {
    urgencyApplicationWithdraw(input: $input) {
      ${ERROR_FIELDS}
      ${VALIDATION_FIELDS}
      ... on UrgencyApplicationWithdrawSuccess { urgencyApplication { id status } }
    }
  }
`);

// ───────────────────────────── account ─────────────────────────────

export interface AccessToken {
  id: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}
const TOKEN_FIELDS = /* GraphQL */ `id name prefix scopes createdAt lastUsedAt expiresAt revokedAt`;

export const ACCESS_TOKENS = operation<{
  viewer: { id: string; email: string; personalAccessTokens: AccessToken[] } | null;
}>(/* GraphQL */ `
  query PortalAccessTokens {
    viewer { id email personalAccessTokens { ${TOKEN_FIELDS} } }
  }
`);

export const TOKEN_CREATE = operation<
  {
    personalAccessTokenCreate: Result<
      "PersonalAccessTokenCreateSuccess",
      "created",
      { token: string; personalAccessToken: AccessToken }
    >;
  },
  { input: { name: string; scopes: TokenScope[]; expiresAt: string | null } }
>(/* GraphQL */ `
  mutation PortalTokenCreate($input: PersonalAccessTokenCreateInput!) {
    personalAccessTokenCreate(input: $input) {
      ${ERROR_FIELDS}
      ${VALIDATION_FIELDS}
      ... on PersonalAccessTokenCreateSuccess { created { token personalAccessToken { ${TOKEN_FIELDS} } } }
    }
  }
`);

export const TOKEN_REVOKE = operation<
  {
    personalAccessTokenRevoke: Result<
      "PersonalAccessTokenRevokeSuccess",
      "personalAccessToken",
      { id: string }
    >;
  },
  { input: { id: string } }
>(/* GraphQL */ `
  mutation PortalTokenRevoke($input: PersonalAccessTokenRevokeInput!) {
    personalAccessTokenRevoke(input: $input) { ${ERROR_FIELDS} ${VALIDATION_FIELDS} ... on PersonalAccessTokenRevokeSuccess { personalAccessToken { id } } }
  }
`);

export const DATA_EXPORT = operation<{
  viewerDataExport: Result<"ViewerDataExportSuccess", "data", unknown>;
}>(/* GraphQL */ `
  mutation PortalDataExport {
    viewerDataExport { ${ERROR_FIELDS} ... on ViewerDataExportSuccess { data } }
  }
`);

export const VIEWER_DELETE = operation<
  { viewerDelete: Result<"ViewerDeleteSuccess", "deleted", boolean> },
  { input: { password: string } }
>(/* GraphQL */ `
  mutation PortalViewerDelete($input: ViewerDeleteInput!) {
    viewerDelete(input: $input) { ${ERROR_FIELDS} ... on ViewerDeleteSuccess { deleted } }
  }
`);

// ───────────────────────────── results and statistics ─────────────────────────────

export interface PublishedLetting {
  id: string;
  letAt: string;
  allocationModel: AllocationModel;
  decidedBy: LettingDecidedBy;
  priorityRule: string | null;
  responseCount: number;
  registrationYears: number;
  listing: {
    reference: string;
    title: string;
    dwelling: {
      type: DwellingType;
      rooms: number;
      city: string;
      district: { id: string; name: string } | null;
    };
  };
}
export interface LettingFilter {
  districtId?: string | null;
  allocationModel?: AllocationModel | null;
  /** Calendar year of the letting (Europe/Amsterdam). */
  year?: number | null;
}
export const LETTINGS = operation<
  {
    lettings: Connection<PublishedLetting> & { totalCount: number };
    municipalities: MunicipalityWithDistricts[];
  },
  PageVars & LettingFilter
>(/* GraphQL */ `
  query PortalLettings(
    $first: Int, $after: String, $last: Int, $before: String, $districtId: ID, $allocationModel: AllocationModel, $year: Int
  ) {
    lettings(
      first: $first, after: $after, last: $last, before: $before, districtId: $districtId, allocationModel: $allocationModel, year: $year
    ) {
      totalCount
      ${PAGE_INFO}
      edges {
        node {
          id letAt allocationModel decidedBy priorityRule responseCount registrationYears
          listing { reference title dwelling { type rooms city district { id name } } }
        }
      }
    }
    municipalities { id name districts { id name } }
  }
`);

/** How many published lettings each of five years has (aliases y0 … y4 for the years asked). */
export const LETTING_YEARS = operation<
  Record<"y0" | "y1" | "y2" | "y3" | "y4", { totalCount: number }>,
  Record<"y0" | "y1" | "y2" | "y3" | "y4", number>
>(/* GraphQL */ `
  query PortalLettingYears($y0: Int!, $y1: Int!, $y2: Int!, $y3: Int!, $y4: Int!) {
    y0: lettings(first: 1, year: $y0) {
      totalCount
    }
    y1: lettings(first: 1, year: $y1) {
      totalCount
    }
    y2: lettings(first: 1, year: $y2) {
      totalCount
    }
    y3: lettings(first: 1, year: $y3) {
      totalCount
    }
    y4: lettings(first: 1, year: $y4) {
      totalCount
    }
  }
`);

export interface Summary {
  count: number;
  mean: number;
  median: number;
}
export interface Statistics {
  year: number;
  lettings: number;
  priorityShare: {
    total: number;
    withPriority: number;
    otherPriority: number;
    regular: number;
    share: number;
    targetShare: number;
    deviation: number;
  };
  registrationYearsStarters: Summary;
  registrationYearsMovers: Summary;
  responsesPerListing: Summary;
  byDistrict: Array<{
    districtName: string | null;
    lettings: number;
    shareOfLettings: number;
    withPriority: number;
    priorityShare: number;
  }>;
  /** Figure 3 of [001]: urgent lettings per category, A = via listings, B = via mediation. */
  urgencyByCategory: Array<{ category: string; viaListings: number; viaMediation: number; share: number }>;
  urgentWaitingTimes: {
    targetMonths: number;
    housed: Summary;
    housedWithinTarget: number;
    housedWithinTargetShare: number;
    waiting: { count: number; mean: number; median: number; overTarget: number } | null;
  };
  incomeBands: {
    socialLettings: number;
    upToDaeb: number;
    daebToMiddle: number;
    middleToOrdinance: number;
    aboveOrdinance: number;
    shareUpToDaeb: number;
    shareDaebToMiddle: number;
    shareMiddleToOrdinance: number;
    shareAboveOrdinance: number;
    minimumShareUpToDaeb: number;
    meetsDaebMinimum: boolean;
    daebLimit: number;
    middleLimit: number;
    ordinanceLimit: number;
    liberalisationLimit: number;
  };
}
const SUMMARY_FIELDS = /* GraphQL */ `count mean median`;
export const STATISTICS = operation<{ statistics: Statistics }, { year: number }>(/* GraphQL */ `
  query PortalStatistics($year: Int!) {
    statistics(year: $year) {
      year
      lettings
      priorityShare { total withPriority otherPriority regular share targetShare deviation }
      registrationYearsStarters { ${SUMMARY_FIELDS} }
      registrationYearsMovers { ${SUMMARY_FIELDS} }
      responsesPerListing { ${SUMMARY_FIELDS} }
      byDistrict { districtName lettings shareOfLettings withPriority priorityShare }
      urgencyByCategory { category viaListings viaMediation share }
      urgentWaitingTimes {
        targetMonths
        housed { ${SUMMARY_FIELDS} }
        housedWithinTarget
        housedWithinTargetShare
        waiting { count mean median overTarget }
      }
      incomeBands {
        socialLettings upToDaeb daebToMiddle middleToOrdinance aboveOrdinance
        shareUpToDaeb shareDaebToMiddle shareMiddleToOrdinance shareAboveOrdinance
        minimumShareUpToDaeb meetsDaebMinimum daebLimit middleLimit ordinanceLimit liberalisationLimit
      }
    }
  }
`);

// ───────────────────────────── lottery draw (public) ─────────────────────────────

/** The published draw of a lottery listing (LOTTERY.md); the query is shared with `pnpm lottery:verify`. */
export const LOTTERY_DRAW = operation<{ listing: LotteryDrawData | null }, { reference: string }>(
  LOTTERY_DRAW_QUERY,
);

// ── Care indications and vital professions (claims staff decide) ────────────────────────────

export type ClaimStatus = "REQUESTED" | "GRANTED" | "REJECTED" | "WITHDRAWN";
export interface CareIndicationRow {
  id: string;
  need: Accessibility;
  status: ClaimStatus;
  requestedAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
  documents: Array<{ id: string; fileName: string }>;
}
export interface VitalProfessionClaimRow {
  id: string;
  profession: string;
  employer: string;
  workMunicipality: { id: string; name: string };
  status: ClaimStatus;
  requestedAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
  documents: Array<{ id: string; fileName: string }>;
}
const CLAIM_FIELDS = /* GraphQL */ `id status requestedAt decidedAt decisionReason documents { id fileName }`;

/** The signed-in seeker's care indications and vital profession claims, and the municipalities. */
export const CLAIMS = operation<{
  viewer: {
    accessibilityNeed: Accessibility;
    vitalProfession: string | null;
    careIndications: CareIndicationRow[] | null;
    vitalProfessionClaims: VitalProfessionClaimRow[] | null;
  } | null;
  municipalities: Array<{ id: string; name: string }>;
}>(/* GraphQL */ `
  query PortalClaims {
    viewer {
      accessibilityNeed vitalProfession
      careIndications { need ${CLAIM_FIELDS} }
      vitalProfessionClaims { profession employer workMunicipality { id name } ${CLAIM_FIELDS} }
    }
    municipalities { id name }
  }
`);
export const CARE_INDICATION_REQUEST = operation<
  { careIndicationRequest: Result<"CareIndicationRequestSuccess", "careIndication", { id: string }> },
  { input: { need: Accessibility; motivation: string; documents: null[]; storedDocumentIds?: string[] } }
>(/* GraphQL */ `
  mutation PortalCareIndicationRequest($input: CareIndicationRequestInput!) {
    careIndicationRequest(input: $input) { ${ERROR_FIELDS} ${VALIDATION_FIELDS} ... on CareIndicationRequestSuccess { careIndication { id } } }
  }
`);
export const CARE_INDICATION_WITHDRAW = operation<
  { careIndicationWithdraw: Result<"CareIndicationWithdrawSuccess", "careIndication", { id: string }> },
  { input: { id: string } }
>(/* GraphQL */ `
  mutation PortalCareIndicationWithdraw($input: ClaimIdInput!) {
    careIndicationWithdraw(input: $input) { ${ERROR_FIELDS} ${VALIDATION_FIELDS} ... on CareIndicationWithdrawSuccess { careIndication { id } } }
  }
`);
export const VITAL_PROFESSION_CLAIM = operation<
  {
    vitalProfessionClaimCreate: Result<
      "VitalProfessionClaimCreateSuccess",
      "vitalProfessionClaim",
      { id: string }
    >;
  },
  {
    input: {
      profession: string;
      workMunicipalityId: string;
      employer: string;
      documents: null[];
      storedDocumentIds?: string[];
    };
  }
>(/* GraphQL */ `
  mutation PortalVitalProfessionClaim($input: VitalProfessionClaimCreateInput!) {
    vitalProfessionClaimCreate(input: $input) { ${ERROR_FIELDS} ${VALIDATION_FIELDS} ... on VitalProfessionClaimCreateSuccess { vitalProfessionClaim { id } } }
  }
`);
export const VITAL_PROFESSION_WITHDRAW = operation<
  {
    vitalProfessionClaimWithdraw: Result<
      "VitalProfessionClaimWithdrawSuccess",
      "vitalProfessionClaim",
      { id: string }
    >;
  },
  { input: { id: string } }
>(/* GraphQL */ `
  mutation PortalVitalProfessionWithdraw($input: ClaimIdInput!) {
    vitalProfessionClaimWithdraw(input: $input) { ${ERROR_FIELDS} ${VALIDATION_FIELDS} ... on VitalProfessionClaimWithdrawSuccess { vitalProfessionClaim { id } } }
  }
`);

// ───────────────────────────── mail: confirmation links, unsubscribe, notifications, inbox ─────────────────────────────

export type NotificationKind =
  | "POSITION_FIXED"
  | "OFFER_MADE"
  | "OFFER_DEADLINE_NEAR"
  | "URGENCY_DECISION"
  | "LETTING_RESULT"
  | "SEARCH_ALERT";

/** Open a mailed confirmation link (verification or new address); no sign-in needed. */
export const EMAIL_CONFIRM = operation<
  { emailConfirm: Result<"EmailConfirmSuccess", "confirmation", { email: string; changed: boolean }> },
  { input: { token: string } }
>(/* GraphQL */ `
  mutation PortalEmailConfirm($input: EmailConfirmInput!) {
    emailConfirm(input: $input) {
      ${ERROR_FIELDS}
      ... on EmailConfirmSuccess { confirmation { email changed } }
    }
  }
`);

/** Switch one notification kind off with the mail's signed token; no sign-in needed. */
export const NOTIFICATION_UNSUBSCRIBE = operation<
  {
    notificationUnsubscribe: Result<
      "NotificationUnsubscribeSuccess",
      "unsubscribed",
      { kind: NotificationKind }
    >;
  },
  { input: { token: string } }
>(/* GraphQL */ `
  mutation PortalNotificationUnsubscribe($input: NotificationUnsubscribeInput!) {
    notificationUnsubscribe(input: $input) {
      ${ERROR_FIELDS}
      ... on NotificationUnsubscribeSuccess { unsubscribed { kind } }
    }
  }
`);

export interface InboxMessage {
  id: string;
  kind: NotificationKind;
  subject: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

/** Notification settings, language, verification state and the inbox of the signed-in account. */
export const NOTIFICATIONS = operation<
  {
    account: {
      email: string;
      emailVerified: boolean;
      language: "NL" | "EN";
      notificationSettings: { kind: NotificationKind; enabled: boolean }[];
      unreadMessageCount: number;
      messages: { edges: { node: InboxMessage }[] };
    } | null;
  },
  Record<string, never>
>(/* GraphQL */ `
  query PortalNotifications {
    account {
      email
      emailVerified
      language
      notificationSettings {
        kind
        enabled
      }
      unreadMessageCount
      messages(first: 50) {
        edges {
          node {
            id
            kind
            subject
            body
            createdAt
            readAt
          }
        }
      }
    }
  }
`);

export const NOTIFICATION_SETTINGS_UPDATE = operation<
  { notificationSettingsUpdate: Result<"NotificationSettingsUpdateSuccess", "account", { email: string }> },
  { input: { enabled: NotificationKind[]; language?: "NL" | "EN" } }
>(/* GraphQL */ `
  mutation PortalNotificationSettingsUpdate($input: NotificationSettingsUpdateInput!) {
    notificationSettingsUpdate(input: $input) {
      ${ERROR_FIELDS}
      ... on NotificationSettingsUpdateSuccess { account { email } }
    }
  }
`);

export const INBOX_MARK_READ = operation<
  // `message` is aliased: it would clash with the errors' `message: String!` in one selection
  { inboxMessageMarkRead: Result<"InboxMessageMarkReadSuccess", "inboxMessage", { readAt: string | null }> },
  { input: { id: string } }
>(/* GraphQL */ `
  mutation PortalInboxMarkRead($input: InboxMessageMarkReadInput!) {
    inboxMessageMarkRead(input: $input) {
      ${ERROR_FIELDS}
      ... on InboxMessageMarkReadSuccess { inboxMessage: message { readAt } }
    }
  }
`);

export const EMAIL_VERIFICATION_RESEND = operation<
  { emailVerificationResend: Result<"EmailVerificationResendSuccess", "sent", boolean> },
  Record<string, never>
>(/* GraphQL */ `
  mutation PortalEmailVerificationResend {
    emailVerificationResend {
      ${ERROR_FIELDS}
      ... on EmailVerificationResendSuccess { sent }
    }
  }
`);

export const PASSWORD_CHANGE = operation<
  { passwordChange: Result<"PasswordChangeSuccess", "changed", boolean> },
  { input: { currentPassword: string; newPassword: string } }
>(/* GraphQL */ `
  mutation PortalPasswordChange($input: PasswordChangeInput!) {
    passwordChange(input: $input) {
      ${ERROR_FIELDS}
      ${VALIDATION_FIELDS}
      ... on PasswordChangeSuccess { changed }
    }
  }
`);

export const EMAIL_CHANGE_REQUEST = operation<
  { emailChangeRequest: Result<"EmailChangeRequestSuccess", "request", { email: string }> },
  { input: { newEmail: string; currentPassword: string } }
>(/* GraphQL */ `
  mutation PortalEmailChangeRequest($input: EmailChangeRequestInput!) {
    emailChangeRequest(input: $input) {
      ${ERROR_FIELDS}
      ${VALIDATION_FIELDS}
      ... on EmailChangeRequestSuccess { request { email } }
    }
  }
`);

// ───────────────────────────── places: where the seeker lives and works ─────────────────────────────

/** A municipality (gemeente) with its kernen, the reference list for local binding [003]. */
export interface MunicipalityWithCores {
  id: string;
  name: string;
  /** Kernen within the municipality, as the reference list spells them. */
  cores: string[];
}

/**
 * Where a seeker lives and works (woonplaats en werkplaats): municipality global IDs and kern
 * names, null where it does not apply (input of `seekerPlacesUpdate` and `seekerRegister.places`).
 */
export interface SeekerPlacesInput {
  municipalityId: string | null;
  core: string | null;
  workMunicipalityId: string | null;
  workCore: string | null;
}

/** Every municipality with its kernen (public; for the place selects of registration). */
export const MUNICIPALITY_CORES = operation<{ municipalities: MunicipalityWithCores[] }>(/* GraphQL */ `
  query PortalMunicipalityCores {
    municipalities {
      id
      name
      cores
    }
  }
`);

/** The signed-in seeker's places and every municipality with its kernen (/mijn/woon-en-werkplaats). */
export const SEEKER_PLACES = operation<{
  viewer: {
    municipality: { id: string; name: string } | null;
    core: string | null;
    workMunicipality: { id: string; name: string } | null;
    workCore: string | null;
    vitalProfession: string | null;
  } | null;
  municipalities: MunicipalityWithCores[];
}>(/* GraphQL */ `
  query PortalSeekerPlaces {
    viewer {
      municipality {
        id
        name
      }
      core
      workMunicipality {
        id
        name
      }
      workCore
      vitalProfession
    }
    municipalities {
      id
      name
      cores
    }
  }
`);

/**
 * Replace where the seeker lives and works (all four values; null = none). Errors:
 * ValidationError (unknown municipality, kern without municipality, unknown kern), NotAuthorizedError.
 */
export const SEEKER_PLACES_UPDATE = operation<
  { seekerPlacesUpdate: Result<"SeekerPlacesUpdateSuccess", "seeker", { id: string }> },
  { input: SeekerPlacesInput }
>(/* GraphQL */ `
  mutation PortalSeekerPlacesUpdate($input: SeekerPlacesInput!) {
    seekerPlacesUpdate(input: $input) {
      ${ERROR_FIELDS}
      ${VALIDATION_FIELDS}
      ... on SeekerPlacesUpdateSuccess { seeker { id } }
    }
  }
`);

/** The signed-in account's address and the new one awaiting confirmation, if any (/account/email). */
export const ACCOUNT_EMAIL = operation<{
  account: { email: string; pendingEmail: string | null } | null;
}>(/* GraphQL */ `
  query PortalAccountEmail {
    account {
      email
      pendingEmail
    }
  }
`);
