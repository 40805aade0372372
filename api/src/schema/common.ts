/**
 * Shared schema pieces: the Error interface and business error types, enums mirrored from the
 * database with their Dutch terms, and small helpers used by several domain files.
 */
import * as E from "@woonbeurt/db";
import type { EligibilityCheck } from "../allocation/index.ts";
import { explainCheck } from "../allocation/index.ts";
import { builder, UUID_PATTERN } from "./builder.ts";
import {
  AlreadyRespondedError,
  AppError,
  EmailTakenError,
  InvalidCredentialsError,
  InvalidStateError,
  InvalidTokenError,
  NotAuthorizedError,
  NotEligibleError,
  NotFoundError,
  QuotaExceededError,
  ResponseLimitReachedError,
  RateLimitedError,
  ValidationError,
  WindowClosedError,
  type FieldIssue,
} from "./errors.ts";

// ── Errors ──────────────────────────────────────────────────────────────────────────────────

export const ErrorInterface = builder.interfaceRef<AppError>("Error").implement({
  description:
    "A business error returned as data in a mutation's result union. Every error has a stable machine-readable `code` and an English `message`.",
  fields: (t) => ({
    message: t.exposeString("message", { description: "Human-readable explanation (English)." }),
    code: t.exposeString("code", { description: "Stable machine-readable code, e.g. NOT_ELIGIBLE." }),
  }),
});

const FieldIssueRef = builder.objectRef<FieldIssue>("FieldIssue").implement({
  description: "One invalid input field.",
  fields: (t) => ({
    path: t.stringList({
      description: 'Path of the field in the input, e.g. ["input", "income"].',
      resolve: (i) => i.path.map(String),
    }),
    field: t.string({
      description: "Dotted path without the leading argument name, e.g. `household.0.birthDate`.",
      resolve: (i) => i.path.slice(1).join("."),
    }),
    message: t.exposeString("message", { description: "What is wrong with the value." }),
  }),
});

builder.objectType(ValidationError, {
  name: "ValidationError",
  description: "Input failed validation; `issues` names each offending field. Code VALIDATION_FAILED.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    issues: t.field({
      type: [FieldIssueRef],
      description: "One entry per invalid field.",
      resolve: (e) => e.issues,
    }),
  }),
});
builder.objectType(NotAuthorizedError, {
  name: "NotAuthorizedError",
  description:
    "The caller is not signed in, lacks the role or token scope, or acts outside their own organisation. Code NOT_AUTHORIZED.",
  interfaces: [ErrorInterface],
});
builder.objectType(NotFoundError, {
  name: "NotFoundError",
  description: "The referenced object does not exist or is not visible to the caller. Code NOT_FOUND.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    entity: t.exposeString("entity", { description: "Kind of object looked for, e.g. Listing." }),
  }),
});
builder.objectType(WindowClosedError, {
  name: "WindowClosedError",
  description: "The listing's response window (reactietermijn) is not open. Code WINDOW_CLOSED.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    closesAt: t.expose("closesAt", {
      type: "DateTime",
      nullable: true,
      description: "When the window closed or closes.",
    }),
  }),
});
builder.objectType(AlreadyRespondedError, {
  name: "AlreadyRespondedError",
  description:
    "The seeker already responded to this listing (one response per seeker and listing). Code ALREADY_RESPONDED.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    responseId: t.id({
      description: "Global ID of the existing Response.",
      resolve: (e) => encodeGlobal("Response", e.responseId),
    }),
  }),
});
builder.objectType(InvalidStateError, {
  name: "InvalidStateError",
  description:
    "The object's current state does not allow this action (e.g. publishing a closed listing). Code INVALID_STATE.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    currentState: t.exposeString("currentState", { description: "The object's current status." }),
  }),
});
export const ListingCapEnum = builder.enumType("ListingCap", {
  description: "A cap on how a year's listings may be allocated.",
  values: {
    LOTTERY: { description: "At most 20% of the offer by lottery (loting) [001] §E.3." },
    LOCAL_BINDING: {
      description: "At most 50% of the designated stock with local binding priority [003].",
    },
  },
});
builder.objectType(QuotaExceededError, {
  name: "QuotaExceededError",
  description:
    "Publishing would take the year's share of listings using a cap past it. Counted per calendar year of publication (Europe/Amsterdam), listings not withdrawn; lottery over the whole region against every publicly offered listing, binding per municipality against AANBOD and LOTERIJ listings. Code QUOTA_EXCEEDED.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    cap: t.field({ type: ListingCapEnum, description: "Which cap.", resolve: (e) => e.cap }),
    share: t.exposeFloat("maxShare", {
      description: "The cap, a fraction (0.2 = 20%), from the rule set in force.",
    }),
    currentShare: t.exposeFloat("currentShare", {
      description:
        "Share of the year's counted listings using the cap now, a fraction (0 when none are counted).",
    }),
    shareAfter: t.exposeFloat("shareAfter", {
      description: "Share with this listing, a fraction; above `share`, hence the refusal.",
    }),
    used: t.exposeInt("used", { description: "Listings of the year already using the cap." }),
    total: t.exposeInt("total", { description: "Listings of the year counted (before this one)." }),
    year: t.exposeInt("year", { description: "Calendar year of publication counted in." }),
    municipalityId: t.id({
      nullable: true,
      description: "Global ID of the Municipality counted in (binding cap), or null (lottery: whole region).",
      resolve: (e) => (e.municipalityId ? encodeGlobal("Municipality", e.municipalityId) : null),
    }),
  }),
});
export const ResponseLimitEnum = builder.enumType("ResponseLimit", {
  description: "A response limit of the rule set (reactielimiet).",
  values: {
    ACTIVE: { description: "Open responses at once (not withdrawn, on listings still open)." },
    WEEK: { description: "Responses made in the last 7 days, withdrawn ones included." },
  },
});
builder.objectType(ResponseLimitReachedError, {
  name: "ResponseLimitReachedError",
  description:
    "One more response would pass a response limit of the rule set in force (`RuleSet` parameters `responses.maxActive` / `responses.maxPerWeek`). Code RESPONSE_LIMIT_REACHED; the message says what to do (withdraw an open response, or wait).",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    limit: t.field({ type: ResponseLimitEnum, description: "Which limit.", resolve: (e) => e.limit }),
    max: t.exposeInt("max", { description: "The limit (responses)." }),
    current: t.exposeInt("current", { description: "Your responses counted against it now." }),
  }),
});
builder.objectType(InvalidCredentialsError, {
  name: "InvalidCredentialsError",
  description: "Email address or password is incorrect. Code INVALID_CREDENTIALS.",
  interfaces: [ErrorInterface],
});
builder.objectType(RateLimitedError, {
  name: "RateLimitedError",
  description: "Too many attempts from this email address and IP address. Code RATE_LIMITED.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    retryAfterSeconds: t.exposeInt("retryAfterSeconds", {
      description: "Seconds to wait before trying again.",
    }),
  }),
});
builder.objectType(EmailTakenError, {
  name: "EmailTakenError",
  description: "An account with this email address already exists. Code EMAIL_TAKEN.",
  interfaces: [ErrorInterface],
});
builder.objectType(InvalidTokenError, {
  name: "InvalidTokenError",
  description: "The password-reset token is unknown, used or expired. Code INVALID_TOKEN.",
  interfaces: [ErrorInterface],
});

// ── Eligibility checks (shared by listing, seeker, candidate lists and NotEligibleError) ────

export const LanguageEnum = builder.enumType("Language", {
  description: "Language of explanations.",
  values: {
    NL: { value: "nl", description: "Nederlands" },
    EN: { value: "en", description: "English" },
  } as const,
});

export const EligibilityCheckRef = builder.objectRef<EligibilityCheck>("EligibilityCheck").implement({
  description:
    "One evaluated criterion of a listing against a seeker, with the numbers involved. Money in params: rent EUR per month, income EUR per year; ages in years.",
  fields: (t) => ({
    rule: t.exposeString("rule", {
      description: "Criterion, e.g. INCOME, HOUSEHOLD_SIZE, AGE_LABEL, WOONGROEP, URGENCY_PROFILE.",
    }),
    code: t.exposeString("code", {
      description: "Outcome code, e.g. INCOME_ABOVE_LIMIT (stable; translate on this).",
    }),
    passed: t.exposeBoolean("passed", { description: "Whether the criterion is met." }),
    affects: t.exposeString("affects", {
      description:
        "ELIGIBILITY (failing makes the seeker ineligible) or PRIORITY (urgency search profile: decides priority only).",
    }),
    params: t.field({
      type: "JSON",
      description: 'The numbers of the check, e.g. { income: 52000, limit: 48655, band: "ORDINANCE" }.',
      resolve: (c) => c.params,
    }),
    source: t.exposeString("source", { description: 'Source rule, e.g. "[001] §E.1 …".' }),
    explanation: t.string({
      description: "Plain-language explanation with the numbers.",
      args: {
        language: t.arg({ type: LanguageEnum, defaultValue: "nl", description: "Language of the text." }),
      },
      resolve: (c, args) => explainCheck(c, args.language ?? "nl"),
    }),
  }),
});

builder.objectType(NotEligibleError, {
  name: "NotEligibleError",
  description:
    "The seeker does not meet the listing's criteria. Code NOT_ELIGIBLE. `failedChecks` lists each failing criterion with its numbers.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    failedChecks: t.field({
      type: [EligibilityCheckRef],
      description: "The failing eligibility checks.",
      resolve: (e) => e.checks,
    }),
  }),
});

// ── Global IDs ──────────────────────────────────────────────────────────────────────────────

/** Encode a relay global ID (base64 of `Type:id`), as the relay plugin does. */
export function encodeGlobal(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`).toString("base64");
}

/** Decode a global ID of an expected type, or throw ValidationError naming the argument. */
export function decodeGlobal(globalId: string, expected: string | string[], field = "id"): string {
  const types = Array.isArray(expected) ? expected : [expected];
  let decoded = "";
  try {
    decoded = Buffer.from(globalId, "base64").toString("utf8");
  } catch {
    /* fall through */
  }
  const i = decoded.indexOf(":");
  const type = decoded.slice(0, i);
  const id = decoded.slice(i + 1);
  if (i < 1 || !types.includes(type) || !UUID_PATTERN.test(id)) {
    throw new ValidationError([
      { path: ["input", ...field.split(".")], message: `must be the global ID of a ${types.join(" or ")}` },
    ]);
  }
  return id;
}

// ── Enums ───────────────────────────────────────────────────────────────────────────────────

type Described<T extends string> = Partial<Record<T, string>>;
function dbEnum<T extends Record<string, string>>(
  obj: T,
  name: string,
  description: string,
  values: Described<T[keyof T]> = {},
) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(
      Object.values(obj).map((v) => [v, { value: v, description: (values as Record<string, string>)[v] }]),
    ) as { [K in T[keyof T]]: { value: K; description?: string } },
  });
}

export const AllocationModelEnum = dbEnum(
  E.AllocationModel,
  "AllocationModel",
  "Allocation model (toewijzingsmodel).",
  {
    AANBOD: "aanbodmodel: ranked by registration years",
    LOTERIJ: "loting: verifiable lottery, at most 20% of listings [001] §E.3",
    WOONGROEP: "woongroep: committee review of motivations, then registration years [000]",
    BEMIDDELING: "directe bemiddeling: offered directly to a target-group seeker",
  },
);
export const ListingStatusEnum = dbEnum(
  E.ListingStatus,
  "ListingStatus",
  "Lifecycle of a listing: DRAFT → PUBLISHED (window open) → CLOSED → OFFERING → LET, or WITHDRAWN.",
);
export const DwellingTypeEnum = dbEnum(E.DwellingType, "DwellingType", "Kind of dwelling (woningtype).", {
  APARTMENT: "appartement above the ground floor",
  GROUND_FLOOR_APARTMENT: "benedenwoning / ground-floor apartment",
  UPPER_FLOOR_DWELLING: "bovenwoning / maisonnette",
  SINGLE_FAMILY_HOUSE: "eengezinswoning",
  STUDIO: "studio",
  ROOM: "onzelfstandige kamer",
  SENIOR_DWELLING: "seniorenwoning",
});
export const AccessibilityLabelEnum = dbEnum(
  E.AccessibilityLabel,
  "AccessibilityLabel",
  "Accessibility label of a dwelling (toegankelijkheidslabel).",
  {
    WALKER: "rollatorgeschikt",
    WHEELCHAIR: "rolstoelgeschikt",
  },
);
export const AccessibilityNeedEnum = dbEnum(
  E.AccessibilityNeed,
  "AccessibilityNeed",
  "A care indication for accessible dwellings (indicatie): NONE, WALKER (rollator) or WHEELCHAIR (rolstoel).",
);
export const ClaimStatusEnum = dbEnum(
  E.ClaimStatus,
  "ClaimStatus",
  "Status of a care indication or vital profession claim that staff decide.",
  {
    REQUESTED: "asked for by the seeker, awaiting a decision (aangevraagd)",
    GRANTED: "granted / accepted by staff (toegekend); the only status that counts for allocation",
    REJECTED: "rejected by staff with a reason (afgewezen)",
    WITHDRAWN: "withdrawn by the seeker (ingetrokken), or replaced by a later granted claim",
  },
);
export const EnergyLabelEnum = dbEnum(E.EnergyLabel, "EnergyLabel", "Energy label of a dwelling.");
export const AgeLabelEnum = dbEnum(E.AgeLabel, "AgeLabel", "Age label of a listing (leeftijdslabel).", {
  AGE_55_PLUS: "55+",
  AGE_65_PLUS: "65+",
  YOUTH_18_23: "jongerenwoning 18–23 [004]",
});
export const IncomeBandEnum = dbEnum(
  E.IncomeBand,
  "IncomeBand",
  "Income band a listing is let in (passend toewijzen [001] §E.1). Limits come from the rule set in force.",
  {
    DAEB: "up to the DAEB limit (EUR 38,035 per year in 2019)",
    MIDDLE: "up to EUR 42,436 per year (2019)",
    ORDINANCE: "up to the ordinance limit EUR 48,655 per year (2019)",
    MIDDLE_RENT: "middenhuur, new build only, income up to EUR 57,052 per year [001] §E.2a",
  },
);
export const PriorityRuleEnum = dbEnum(
  E.PriorityRule,
  "PriorityRule",
  "Priority rules a listing applies (voorrangsregels).",
  {
    URGENCY:
      "urgency with a matching search profile [001] §E.2c; always applied on AANBOD and LOTERIJ listings (not a landlord's option: a listing of those models must include it)",
    MOVER: "doorstromer leaving >= 4 rooms for <= 3 rooms or an adapted dwelling [001] §E.2a",
    LOCAL_BINDING: "local or economic binding, at most 50% of designated stock [003]",
    VITAL_PROFESSION: "vital profession declared by the municipality [003]",
  },
);
export const ResponseStatusEnum = dbEnum(
  E.ResponseStatus,
  "ResponseStatus",
  "Status of a response (reactie).",
);
export const CommitteeVerdictEnum = dbEnum(
  E.CommitteeVerdict,
  "CommitteeVerdict",
  "Woongroep committee verdict on a motivation.",
);
export const UrgencyCategoryEnum = dbEnum(
  E.UrgencyCategory,
  "UrgencyCategory",
  "Urgency categories: the nine mandatory ones of the Wet versterking regie volkshuisvesting [003] plus local categories [001][003][004].",
);
export const UrgencyStatusEnum = dbEnum(
  E.UrgencyStatus,
  "UrgencyStatus",
  "DRAFT → SUBMITTED → IN_REVIEW → GRANTED | REJECTED; WITHDRAWN by the seeker before a decision; GRANTED becomes EXPIRED after its validity.",
);
export const OfferOutcomeEnum = dbEnum(E.OfferOutcome, "OfferOutcome", "Outcome of an offer (aanbieding).");
export const LettingDecidedByEnum = dbEnum(
  E.LettingDecidedBy,
  "LettingDecidedBy",
  "What decided a letting (published result).",
);
export const TokenScopeEnum = dbEnum(E.TokenScope, "TokenScope", "Scopes of a personal access token.", {
  SEEKER_READ: "read own profile, eligibility, positions and responses",
  RESPONSES_WRITE: "respond to and withdraw from listings",
  PROFILE_WRITE: "update household and income",
  URGENCY_READ: "read own urgency applications",
});
export const CurrentDwellingKindEnum = dbEnum(
  E.CurrentDwellingKind,
  "CurrentDwellingKind",
  "Current housing situation; leaving an INDEPENDENT_RENTAL makes a mover (doorstromer).",
);
export const HouseholdRoleEnum = dbEnum(E.HouseholdRole, "HouseholdRole", "Role of a household member.");
export const IncomeSourceEnum = dbEnum(
  E.IncomeSource,
  "IncomeSource",
  "Where the income figure comes from (inkomensbron).",
);
export const SeekerStatusEnum = dbEnum(E.SeekerStatus, "SeekerStatus", "Status of a registration.");
export const OrganisationKindEnum = dbEnum(E.OrganisationKind, "OrganisationKind", "Kind of organisation.");
export const StaffRoleEnum = dbEnum(
  E.StaffRole,
  "StaffRole",
  "Role of a staff account within an organisation.",
);
export const PriorityOrRegistrationEnum = builder.enumType("RankTier", {
  description: "Tier that decided a candidate's place in the ranking.",
  values: [
    "URGENCY",
    "MOVER",
    "LOCAL_BINDING",
    "VITAL_PROFESSION",
    "REGISTRATION_YEARS",
    "LOTTERY",
    "WOONGROEP_SUITABLE",
  ] as const,
});

/** ISO date `YYYY-MM-DD` of a date-only value. */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
