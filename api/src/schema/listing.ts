/**
 * Listings (woningaanbod): public reads with filters, the signed-in seeker's eligibility and
 * position per listing, and the landlord's lifecycle mutations.
 */
import { z } from "zod";
import { Prisma } from "@woonbeurt/db";
import {
  explainCriterion,
  explainRankReason,
  incomeLimitForBand,
  listingCriteria,
  householdRange,
  type DwellingType,
  listingProblems,
  lotteryOrder,
  lotteryTicket,
  rankCandidates,
  type ListingCriterion,
  backtestPointNear,
} from "../allocation/index.ts";
import { drawSealedSeed, lotteryKey } from "../lottery-key.ts";
import { landlordOrgIds, type Context } from "../auth/context.ts";
import { db, type Tx } from "../db.ts";
import { builder } from "./builder.ts";
import {
  AccessibilityLabelEnum,
  AgeLabelEnum,
  AllocationModelEnum,
  decodeGlobal,
  DwellingTypeEnum,
  EligibilityCheckRef,
  EnergyLabelEnum,
  IncomeBandEnum,
  LanguageEnum,
  ListingStatusEnum,
  PriorityRuleEnum,
  PriorityOrRegistrationEnum,
} from "./common.ts";
import {
  candidateInput,
  countedListingInput,
  evaluableOn,
  eur,
  cents,
  listingCandidates,
  listingInputTx,
  listingRow,
  listingSelect,
  ruleSetAt,
  type CandidateRow,
} from "./core.ts";
import {
  InvalidStateError,
  NotFoundError,
  parseInput,
  QuotaExceededError,
  ValidationError,
} from "./errors.ts";
import { assertListingCapsTx } from "./quota.ts";
import { actorFromContext, audit, requireLandlordOf } from "./guards.ts";
import { closeListingTx } from "../lifecycle.ts";
import {
  BACKTEST_LISTINGS,
  historyChanged,
  historicalAccuracy,
  viewerEligibility,
  viewerPosition,
  viewerResponseOn,
  type PositionView,
  type ViewerPosition,
} from "./position.ts";
import { loadRuleSets } from "./core.ts";
import {
  fixedOrder,
  hasFixedOrder,
  type FixedExcludedCandidate,
  type FixedRankedCandidate,
} from "./fixed-order.ts";
import { ruleSetInForce } from "../allocation/index.ts";
import { Woongroep } from "./woongroep.ts";
import { Response } from "./response.ts";
import { listingPublished } from "../saved-search-alerts.ts";

/** Statuses anyone may see; DRAFT and WITHDRAWN only the landlord's staff. */
export const PUBLIC_LISTING_STATUSES = ["PUBLISHED", "CLOSED", "OFFERING", "LET"] as const;
const isPublicStatus = (s: string) => (PUBLIC_LISTING_STATUSES as readonly string[]).includes(s);

export const Dwelling = builder.prismaNode("Dwelling", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  id: { field: "id" },
  description: "The dwelling offered by a listing. Public as part of a published listing.",
  fields: (t) => ({
    street: t.exposeString("street", { description: "Street name." }),
    houseNumber: t.exposeInt("houseNumber", { description: "House number." }),
    houseNumberSuffix: t.exposeString("houseNumberSuffix", {
      nullable: true,
      description: "Suffix, e.g. 'bis' or 'A'.",
    }),
    postalCode: t.exposeString("postalCode", { description: "Postal code, e.g. 3511AB." }),
    city: t.exposeString("city", { description: "Place name." }),
    neighbourhood: t.exposeString("neighbourhood", { nullable: true, description: "Buurt." }),
    type: t.expose("type", { type: DwellingTypeEnum, description: "Kind of dwelling." }),
    floor: t.exposeInt("floor", { description: "Floor; 0 = ground floor." }),
    hasElevator: t.exposeBoolean("hasElevator", { description: "Whether the building has an elevator." }),
    rooms: t.exposeInt("rooms", { description: "Number of rooms (kamers), living room included." }),
    areaM2: t.exposeInt("areaM2", { description: "Living area in m²." }),
    accessibility: t.expose("accessibility", {
      type: AccessibilityLabelEnum,
      description: "Accessibility label.",
    }),
    energyLabel: t.expose("energyLabel", {
      type: EnergyLabelEnum,
      nullable: true,
      description: "Energy label.",
    }),
    isNewBuild: t.exposeBoolean("isNewBuild", { description: "New build or transformation (nieuwbouw)." }),
    buildYear: t.exposeInt("buildYear", { nullable: true, description: "Year of construction." }),
    municipality: t.relation("municipality", { description: "Municipality." }),
    district: t.relation("district", { nullable: true, description: "District (wijk)." }),
    woongroep: t.field({
      type: Woongroep,
      nullable: true,
      description: "The woongroep the dwelling belongs to, when its complex is one [000].",
      select: { complex: { select: { woongroep: true } } },
      resolve: (d) => d.complex?.woongroep ?? null,
    }),
  }),
});

// ── Eligibility, position, criteria ─────────────────────────────────────────────────────────

export const EligibilityRef = builder
  .objectRef<{
    eligible: boolean;
    urgencyPriority: boolean;
    checks: import("../allocation/index.ts").EligibilityCheck[];
  }>("Eligibility")
  .implement({
    description:
      "Whether the signed-in seeker meets a listing's criteria (passendheid), with every check and its numbers. Source rules per check. Evaluated now, or at the close time for a closed listing.",
    fields: (t) => ({
      eligible: t.exposeBoolean("eligible", {
        description: "True when every check with affects = ELIGIBILITY passed.",
      }),
      urgencyPriority: t.exposeBoolean("urgencyPriority", {
        description:
          "True when the seeker's urgency gives priority here (search profile matches) [001] §E.2c.",
      }),
      checks: t.field({
        type: [EligibilityCheckRef],
        description: "All checks, passed ones included.",
        resolve: (e) => e.checks,
      }),
      failedChecks: t.field({
        type: [EligibilityCheckRef],
        description: "Only the checks that make the seeker ineligible.",
        resolve: (e) => e.checks.filter((c) => c.affects === "ELIGIBILITY" && !c.passed),
      }),
    }),
  });

const PositionKindEnum = builder.enumType("PositionKind", {
  description: "Kind of position result.",
  values: {
    RANKED: { description: "An exact position among the eligible candidates." },
    LOTTERY_PENDING: {
      description: "Lottery before the draw: somewhere in a range, each place equally likely.",
    },
    NOT_ELIGIBLE: { description: "Not eligible: no position." },
    NOT_RANKED: { description: "Direct mediation: there is no public ranking." },
    CLOSED: {
      description:
        "The response window has ended and the seeker has no response on the listing: no position.",
    },
  } as const,
});

const PositionValueRef = builder.objectRef<PositionView>("PositionValue").implement({
  description: "A position on a listing's ranking (1 = first).",
  fields: (t) => ({
    kind: t.field({ type: PositionKindEnum, description: "Kind of result.", resolve: (p) => p.kind }),
    position: t.int({
      nullable: true,
      description: "Exact position (RANKED).",
      resolve: (p) => (p.kind === "RANKED" ? p.position : null),
    }),
    from: t.int({
      nullable: true,
      description: "Best possible position (RANKED: equals position; LOTTERY_PENDING: start of the range).",
      resolve: (p) => (p.kind === "RANKED" ? p.position : p.kind === "LOTTERY_PENDING" ? p.from : null),
    }),
    to: t.int({
      nullable: true,
      description: "Worst possible position (RANKED: equals position; LOTTERY_PENDING: end of the range).",
      resolve: (p) => (p.kind === "RANKED" ? p.position : p.kind === "LOTTERY_PENDING" ? p.to : null),
    }),
    total: t.int({
      nullable: true,
      description: "Eligible candidates counted (including this seeker).",
      resolve: (p) => (p.kind === "RANKED" || p.kind === "LOTTERY_PENDING" ? p.total : null),
    }),
    tier: t.field({
      type: PriorityOrRegistrationEnum,
      nullable: true,
      description:
        "Tier that places the seeker (priority group, registration years, lottery). Null when not ranked, or for a listing closed before the ranking inputs were kept at close when the seeker's data has changed since.",
      resolve: (p) => (p.kind === "RANKED" || p.kind === "LOTTERY_PENDING" ? (p.reason?.tier ?? null) : null),
    }),
    explanation: t.string({
      nullable: true,
      description: "Why the seeker stands in this tier, in plain language.",
      args: { language: t.arg({ type: LanguageEnum, defaultValue: "nl", description: "Language." }) },
      resolve: (p, a) =>
        (p.kind === "RANKED" || p.kind === "LOTTERY_PENDING") && p.reason
          ? explainRankReason(p.reason, a.language ?? "nl")
          : null,
    }),
    failedChecks: t.field({
      type: [EligibilityCheckRef],
      description: "NOT_ELIGIBLE: the failing checks.",
      resolve: (p) => (p.kind === "NOT_ELIGIBLE" ? p.failed : []),
    }),
  }),
});

const PositionEstimateRef = builder
  .objectRef<NonNullable<ViewerPosition["expected"]>>("PositionEstimate")
  .implement({
    description:
      "Expected position at close, estimated from the response pattern of comparable closed listings (growth quantiles: how much early positions grew by the close), with an 80% interval. A statement about history, not a promise.",
    fields: (t) => ({
      expected: t.exposeInt("expected", { description: "Median expected position at close." }),
      low: t.exposeInt("low", {
        nullable: true,
        description: "10th percentile (best plausible); null without history.",
      }),
      high: t.exposeInt("high", {
        nullable: true,
        description: "90th percentile (worst plausible); null without history.",
      }),
      method: t.exposeString("method", {
        description:
          "Comparable level used, e.g. growth-quantiles:model+district+rentClass+rooms, `closed` or `no-history`.",
      }),
      comparableCount: t.exposeInt("comparableCount", { description: "Closed listings used." }),
      enoughComparables: t.exposeBoolean("enoughComparables", {
        description:
          "Whether the history held enough comparable closed listings (at least 5, even at the broadest level) for the estimate to rest on; when false, say that there are too few comparable listings (`comparableCount`) rather than present the figures as an expectation. True after close.",
      }),
      historicalWindowShare: t.float({
        nullable: true,
        description:
          "Point of the response window (elapsed share: 0.25, 0.5 or 0.75) at which the historical* figures below were measured: the one nearest to this listing's elapsed share now, so that the error shown is the one measured for this moment of the window. Null after close or without history.",
        resolve: async (e, _a, ctx) => (await estimateAccuracy(ctx, e))?.fraction ?? null,
      }),
      pointCount: t.exposeInt("pointCount", { description: "Growth ratios behind the estimate." }),
      historicalMedianAbsoluteError: t.float({
        nullable: true,
        description: `Median absolute error, in positions, of this estimation method on the last ${BACKTEST_LISTINGS} (or fewer) closed listings (\`historicalListings\`), predicting, at the point of the window in \`historicalWindowShare\`, each live response's final position from the position it had then (counting those ahead who withdrew later, as the seeker saw it) using only listings closed before then (the allocation core's backtest over the same closed history the estimate uses; recomputed at most every 5 minutes). Null after close (\`method\` = closed) or without history.`,
        resolve: async (e, _a, ctx) => (await estimateAccuracy(ctx, e))?.medianAbsoluteError ?? null,
      }),
      historicalIntervalCoverage: t.float({
        nullable: true,
        description:
          "Share (0–1) of actual final positions that fell inside the predicted [low, high] interval in the same backtest (target 0.8 for the 80% interval). Null after close or without history.",
        resolve: async (e, _a, ctx) => (await estimateAccuracy(ctx, e))?.intervalCoverage ?? null,
      }),
      historicalNaiveMedianAbsoluteError: t.float({
        nullable: true,
        description:
          "For comparison: median absolute error, in positions, of the naive prediction 'final position = position at that point of the window' in the same backtest. Null after close or without history.",
        resolve: async (e, _a, ctx) => (await estimateAccuracy(ctx, e))?.naiveMedianAbsoluteError ?? null,
      }),
      historicalListings: t.int({
        nullable: true,
        description:
          "Closed listings in the backtest (N: those with at least one live response at that point of the window). Null after close or without history.",
        resolve: async (e, _a, ctx) => (await estimateAccuracy(ctx, e))?.listings ?? null,
      }),
      historicalPredictions: t.int({
        nullable: true,
        description:
          "Predictions behind the backtest figures (one per response live at that point of the window that stayed to the close). Null after close or without history.",
        resolve: async (e, _a, ctx) => (await estimateAccuracy(ctx, e))?.predictions ?? null,
      }),
    }),
  });

/**
 * The estimate method's error on history measured at the point of the window nearest to the
 * listing's elapsed share now, or null when it does not apply (closed, no history).
 */
async function estimateAccuracy(ctx: Context, e: { method: string; elapsedShare: number }) {
  if (e.method === "closed") return null;
  const accuracy = await historicalAccuracy(await ruleSetAt(ctx, new Date()));
  const point = backtestPointNear(accuracy, e.elapsedShare);
  return point.predictions > 0 ? point : null;
}

export const ViewerPositionRef = builder.objectRef<ViewerPosition>("ListingPosition").implement({
  description: "Where the signed-in seeker stands on a listing. Before close the position can still change.",
  fields: (t) => ({
    current: t.field({
      type: PositionValueRef,
      nullable: true,
      description: "Exact current position (null when not responded).",
      resolve: (p) => p.current,
    }),
    ifRespondedNow: t.field({
      type: PositionValueRef,
      description: "Position if the seeker responded now (their actual position when they already did).",
      resolve: (p) => p.ifRespondedNow,
    }),
    expectedAtClose: t.field({
      type: PositionEstimateRef,
      nullable: true,
      description: "Expected position at close with its uncertainty; null when not ranked.",
      resolve: (p) => p.expected,
    }),
    canChange: t.exposeBoolean("canChange", {
      description: "True while the response window is open: others may still respond.",
    }),
    totalCandidates: t.exposeInt("total", { description: "Eligible candidates now." }),
  }),
});

const CriterionRef = builder.objectRef<ListingCriterion>("ListingCriterion").implement({
  description: "One criterion of a listing in plain language, with its source rule.",
  fields: (t) => ({
    rule: t.exposeString("rule", {
      description:
        "Criterion: AGE_MINIMUM, HOUSEHOLD_SIZE, INCOME, AGE_LABEL, RENT_BENEFIT_CAP or WOONGROEP.",
    }),
    description: t.string({
      description:
        "The criterion as one sentence with its numbers (income EUR per year, rent EUR per month, ages in years), in Dutch (default) or English.",
      args: {
        language: t.arg({ type: LanguageEnum, defaultValue: "nl", description: "Language of the text." }),
      },
      resolve: (c, a) => explainCriterion(c, a.language ?? "nl"),
    }),
    source: t.exposeString("source", { description: "Source rule, e.g. [001] §E.1." }),
  }),
});

interface LotteryInfo {
  commitment: string;
  committedAt: Date | null;
  seed: string | null;
  revealedAt: Date | null;
  listingId: string;
  reference: string;
}

/** One eligible entry of a drawn lottery, as published. */
export interface LotteryEntryView {
  entryCode: string;
  ticket: string;
  order: number;
}

/**
 * The published draw of a lottery listing: every eligible entry (the responses ranked at close,
 * whose entry codes closeListingTx stored) with its ticket, in lottery order (allocation core:
 * `lotteryOrder`, `lotteryTicket`). Empty while the seed is not revealed.
 */
export async function lotteryEntries(listingId: string, seed: string | null): Promise<LotteryEntryView[]> {
  if (!seed) return [];
  const rows = await db().response.findMany({
    where: { listingId, lotteryEntry: { not: null } },
    select: { lotteryEntry: true },
  });
  const codes = rows.map((r) => r.lotteryEntry!);
  return lotteryOrder(seed, codes).map((entryCode, i) => ({
    entryCode,
    ticket: lotteryTicket(seed, entryCode),
    order: i + 1,
  }));
}

const LotteryEntryRef = builder.objectRef<LotteryEntryView>("LotteryEntry").implement({
  description:
    "One eligible entry of a drawn lottery (LOTTERY.md): its pseudonymous entry code, its ticket and its place in the lottery order. Ineligible responses are not in the draw.",
  fields: (t) => ({
    entryCode: t.exposeString("entryCode", {
      description:
        "Pseudonymous entry code, 64 hex characters: hex(HMAC-SHA256(platform key, UTF-8 '<listing reference>:<registration number>')); fixed before the commitment. The seeker sees their own code on their response (Response.lotteryEntryCode).",
    }),
    ticket: t.exposeString("ticket", {
      description:
        "hex(HMAC-SHA256(key = seed bytes, message = UTF-8 entry code)); lower tickets come first.",
    }),
    order: t.exposeInt("order", {
      description:
        "Place in the lottery order (1 = first): tickets ascending, ties by entry code. The final ranking applies the listing's priority tiers first, each tier in this order.",
    }),
  }),
});
const LotteryRef = builder.objectRef<LotteryInfo>("LotteryDraw").implement({
  description:
    "Published verification data of a lottery (loting) [001] §E.3, LOTTERY.md. Verify: SHA-256(seed bytes) = commitment; each ticket = HMAC-SHA256(seed bytes, UTF-8 entry code); order = tickets ascending, ties by entry code. Before close only the commitment is published: the seed is sealed and nobody at the platform can read it.",
  fields: (t) => ({
    listingReference: t.exposeString("reference", {
      description: "The listing's reference (part of every entry code's input).",
    }),
    commitment: t.exposeString("commitment", {
      description: "hex(SHA-256(32 seed bytes)), published when the listing opened.",
    }),
    committedAt: t.expose("committedAt", {
      type: "DateTime",
      nullable: true,
      description: "When the commitment was published (the listing's publication time).",
    }),
    seed: t.exposeString("seed", {
      nullable: true,
      description: "The seed (64 hex characters), revealed when the listing closed; null before.",
    }),
    seedRevealedAt: t.expose("revealedAt", {
      type: "DateTime",
      nullable: true,
      description: "When the seed was revealed (the close); null before.",
    }),
    algorithm: t.string({
      description: "How to recompute the draw.",
      resolve: () =>
        "commitment = hex(SHA-256(bytes(seed))); ticket(entry) = hex(HMAC-SHA256(key = bytes(seed), message = utf8(entryCode))); order: ticket ascending, ties by entryCode. entryCode = hex(HMAC-SHA256(platform key, utf8(reference + ':' + registrationNumber))). Priority tiers (urgency, mover, …) come before the lottery tier.",
    }),
    entries: t.field({
      type: [LotteryEntryRef],
      description:
        "Every eligible entry with its entry code and ticket, in lottery order, once the seed is revealed (empty before). Ineligible and withdrawn responses are not in the draw.",
      resolve: (l) => lotteryEntries(l.listingId, l.seed),
    }),
  }),
});

// ── Candidates (landlord) ───────────────────────────────────────────────────────────────────

export interface ApplicantShape {
  seeker: CandidateRow["seeker"] & { user?: { email: string } | null };
}
export const ApplicantRef = builder.objectRef<CandidateRow["seeker"]>("Applicant").implement({
  description:
    "A candidate's details as the landlord's staff see them when offering. Personal data: landlord of the listing only.",
  fields: (t) => ({
    firstName: t.exposeString("firstName", { description: "First name." }),
    lastName: t.exposeString("lastName", { description: "Last name." }),
    birthDate: t.expose("birthDate", { type: "Date", description: "Birth date of the applicant." }),
    phone: t.exposeString("phone", { nullable: true, description: "Phone number." }),
    householdSize: t.exposeInt("householdSize", { description: "Persons in the household." }),
    householdIncome: t.float({
      description: "Yearly household income, EUR per year.",
      resolve: (s) => eur(s.householdIncomeCents),
    }),
    isMover: t.boolean({
      description: "Leaves an independent rental dwelling behind (doorstromer).",
      resolve: (s) => s.currentDwellingKind === "INDEPENDENT_RENTAL",
    }),
  }),
});

interface CandidateView {
  ranked: FixedRankedCandidate | null;
  excluded: FixedExcludedCandidate | null;
  row: CandidateRow;
}
const CandidateRef = builder.objectRef<CandidateView>("Candidate").implement({
  description: "A candidate on a listing's ranked list with the reasons for their place.",
  fields: (t) => ({
    position: t.int({
      nullable: true,
      description: "Position (1 = first); null when excluded.",
      resolve: (c) => c.ranked?.position ?? null,
    }),
    registrationYears: t.float({
      nullable: true,
      description: "Registration years on the ranking date (years).",
      resolve: (c) => c.ranked?.registrationYears ?? null,
    }),
    tier: t.field({
      type: PriorityOrRegistrationEnum,
      nullable: true,
      description: "Tier that placed the candidate.",
      resolve: (c) => c.ranked?.reason?.tier ?? null,
    }),
    reason: t.string({
      nullable: true,
      description:
        "Why the candidate stands here, in plain language. Null when excluded, or for a listing closed before the ranking inputs were kept at close when the candidate's data has changed since (the stored position still stands).",
      args: { language: t.arg({ type: LanguageEnum, defaultValue: "nl", description: "Language." }) },
      resolve: (c, a) => (c.ranked?.reason ? explainRankReason(c.ranked.reason, a.language ?? "nl") : null),
    }),
    lotteryTicket: t.string({
      nullable: true,
      description: "Lottery ticket (LOTERIJ after close).",
      resolve: (c) =>
        c.ranked?.reason?.orderedBy === "LOTTERY" ? (c.ranked.reason.value as string | null) : null,
    }),
    excludedReason: t.string({
      nullable: true,
      description: "INELIGIBLE or DIRECT_MEDIATION when not ranked.",
      resolve: (c) => c.excluded?.reason ?? null,
    }),
    checks: t.field({
      type: [EligibilityCheckRef],
      description: "All eligibility checks with their numbers.",
      resolve: (c) => (c.ranked ?? c.excluded)!.checks,
    }),
    response: t.prismaField({
      type: "Response",
      description: "The response.",
      resolve: (query, c) => db().response.findUniqueOrThrow({ ...query, where: { id: c.row.id } }),
    }),
    applicant: t.field({
      type: ApplicantRef,
      description: "The candidate's details (landlord only).",
      resolve: (c) => c.row.seeker,
    }),
  }),
});

const CandidateListRef = builder
  .objectRef<{ evaluatedAt: Date; final: boolean; items: CandidateView[] }>("CandidateList")
  .implement({
    description: "The ranked candidate list of a listing (landlord of the listing only).",
    fields: (t) => ({
      evaluatedAt: t.expose("evaluatedAt", {
        type: "DateTime",
        description: "The ranking moment (close time once closed; now while open).",
      }),
      final: t.exposeBoolean("final", {
        description: "True once the listing closed; before that the list is provisional.",
      }),
      ranked: t.field({
        type: [CandidateRef],
        description: "Eligible candidates, best first.",
        resolve: (l) => l.items.filter((i) => i.ranked),
      }),
      excluded: t.field({
        type: [CandidateRef],
        description: "Ineligible (or not ranked) candidates with their failing checks.",
        resolve: (l) => l.items.filter((i) => i.excluded),
      }),
    }),
  });

/**
 * Rank a listing's candidates (final after close, provisional before). Two statements whatever
 * the number of candidates, run side by side: the listing with its ranking inputs and the
 * candidates with theirs (core.ts `listingRow`, `listingCandidates`); the rule set is kept per
 * process. @throws NotFoundError for an unknown listing; InvalidStateError for a lottery listing
 * before its seed is revealed.
 */
export async function rankListing(ctx: Context, listingId: string) {
  const [listing, rows] = await Promise.all([listingRow(ctx, listingId), listingCandidates(ctx, listingId)]);
  if (!listing) throw new NotFoundError("Listing");
  const date = listing.closesAt < new Date() ? listing.closesAt : new Date();
  const ruleSet = await ruleSetAt(ctx, date);
  const input = countedListingInput(listing);
  const byId = new Map(rows.map((r) => [r.id, r]));
  if (hasFixedOrder(listing)) {
    // Closed: the order fixed at close, never re-ranked with today's data (fixed-order.ts).
    const fixed = fixedOrder(input, rows, ruleSet, listing.closesAt);
    return {
      evaluatedAt: listing.closesAt,
      final: true,
      items: [
        ...fixed.ranked.map((r) => ({ ranked: r, excluded: null, row: byId.get(r.responseId)! })),
        ...fixed.excluded.map((e) => ({ ranked: null, excluded: e, row: byId.get(e.responseId)! })),
      ],
    };
  }
  if (listing.allocationModel === "LOTERIJ" && !input.lotterySeed) {
    throw new InvalidStateError(
      listing.status,
      "A lottery listing is ranked only after it closes and its seed is revealed",
    );
  }
  // Open, or past its window but not yet closed by the job: ranked now (at most at closesAt) on
  // the candidates whose data can be evaluated then (a seeker housed since has no active response).
  const result = rankCandidates(
    input,
    rows.map(candidateInput).filter((c) => evaluableOn(c.seeker, date)),
    ruleSet,
    date,
  );
  return {
    evaluatedAt: date,
    final: listing.status !== "PUBLISHED",
    items: [
      ...result.ranked.map((r) => ({ ranked: r, excluded: null, row: byId.get(r.responseId)! })),
      ...result.excluded.map((e) => ({ ranked: null, excluded: e, row: byId.get(e.responseId)! })),
    ],
  };
}

// ── Listing ─────────────────────────────────────────────────────────────────────────────────

/** The household sizes a listing admits (its own bounds, else the rule set's table) [001] §B. */
async function householdOf(
  l: {
    householdMin: number | null;
    householdMax: number | null;
    closesAt: Date;
    dwelling: { rooms: number; type: DwellingType };
  },
  ctx: Context,
) {
  const ruleSet = await ruleSetAt(ctx, l.closesAt < new Date() ? l.closesAt : new Date());
  return householdRange(
    {
      householdMin: l.householdMin,
      householdMax: l.householdMax,
      rooms: l.dwelling.rooms,
      dwellingType: l.dwelling.type,
    },
    ruleSet,
  );
}

export const Listing = builder.prismaNode("Listing", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  id: { field: "id" },
  description:
    "A dwelling offered for rent during a response window (woningaanbod). Public once published; drafts and withdrawn listings only for the landlord's staff.",
  authScopes: (l) => (isPublicStatus(l.status) ? { public: true } : { landlordOf: l.landlordId }),
  fields: (t) => ({
    reference: t.exposeString("reference", { description: "Human reference, e.g. WB-2026-00123." }),
    title: t.exposeString("title", { description: "Title." }),
    description: t.exposeString("description", {
      description: "Description of the dwelling and neighbourhood.",
    }),
    allocationModel: t.expose("allocationModel", {
      type: AllocationModelEnum,
      description: "How the listing is allocated.",
    }),
    status: t.expose("status", { type: ListingStatusEnum, description: "Lifecycle status." }),
    netRent: t.float({
      description: "Net rent (kale huur), EUR per month.",
      resolve: (l) => eur(l.netRentCents),
    }),
    serviceCosts: t.float({
      description: "Service costs (servicekosten), EUR per month.",
      resolve: (l) => eur(l.serviceCostsCents),
    }),
    totalRent: t.float({
      description: "Net rent + service costs, EUR per month.",
      resolve: (l) => eur(l.netRentCents + l.serviceCostsCents),
    }),
    publishedAt: t.expose("publishedAt", {
      type: "DateTime",
      nullable: true,
      description: "Start of the response window.",
    }),
    closesAt: t.expose("closesAt", {
      type: "DateTime",
      description: "End of the response window (reactietermijn).",
    }),
    closedAt: t.expose("closedAt", {
      type: "DateTime",
      nullable: true,
      description: "When the landlord closed the listing.",
    }),
    isOpen: t.boolean({
      description: "Whether seekers can respond now.",
      resolve: (l) => l.status === "PUBLISHED" && l.closesAt > new Date(),
    }),
    householdMin: t.int({
      description:
        "Minimum household size, persons: the listing's own, or else the rule set's table for the dwelling's rooms and kind [001] §B (rule set in force, at close for a closed listing).",
      select: { dwelling: { select: { rooms: true, type: true } } },
      resolve: async (l, _a, ctx) => (await householdOf(l, ctx)).min,
    }),
    householdMax: t.int({
      description:
        "Maximum household size, persons (99 = no maximum): the listing's own, or else the rule set's table [001] §B.",
      select: { dwelling: { select: { rooms: true, type: true } } },
      resolve: async (l, _a, ctx) => (await householdOf(l, ctx)).max,
    }),
    householdSizeFromRuleSet: t.boolean({
      description:
        "True when the listing sets no household-size bounds of its own and the rule set's table by dwelling size applies [001] §B.",
      resolve: (l) => l.householdMin === null && l.householdMax === null,
    }),
    ageLabel: t.expose("ageLabel", { type: AgeLabelEnum, description: "Age label." }),
    incomeBand: t.expose("incomeBand", { type: IncomeBandEnum, description: "Income band [001] §E.1." }),
    incomeLimit: t.float({
      description:
        "Highest yearly household income allowed, EUR per year, from the rule set in force [001] §E.1.",
      resolve: async (l, _a, ctx) =>
        incomeLimitForBand(
          l.incomeBand,
          await ruleSetAt(ctx, l.closesAt < new Date() ? l.closesAt : new Date()),
        ),
    }),
    priorityRules: t.field({
      type: [PriorityRuleEnum],
      description: "Priority groups this listing applies, in rule-set order.",
      resolve: (l) => l.priorityRules,
    }),
    vitalProfessions: t.exposeStringList("vitalProfessions", {
      description:
        "Professions counting as vital here; empty = the municipality's list in the rule set, and when that is empty too nobody gets the priority [003].",
    }),
    bindingCores: t.exposeStringList("bindingCores", {
      description:
        'Local binding at kern level ([001] 2b kleine kernenbinding, [003] "eventueel op kernniveau"): the kernen of the dwelling\'s municipality whose residents or workers get LOCAL_BINDING priority; empty = the whole municipality.',
    }),
    criteria: t.field({
      type: [CriterionRef],
      description:
        "The listing's criteria in plain language with the numbers from the rule set in force (at close for a closed listing); sentences from the allocation core (criteria-messages.ts).",
      select: { dwelling: { select: { rooms: true, type: true } } },
      resolve: async (l, _a, ctx) =>
        listingCriteria(
          {
            householdMin: l.householdMin,
            householdMax: l.householdMax,
            rooms: l.dwelling.rooms,
            dwellingType: l.dwelling.type,
            ageLabel: l.ageLabel,
            incomeBand: l.incomeBand,
            netRent: eur(l.netRentCents),
            allocationModel: l.allocationModel,
          },
          await ruleSetAt(ctx, l.closesAt < new Date() ? l.closesAt : new Date()),
        ),
    }),
    responseCount: t.exposeInt("responseCount", {
      description:
        "Responses so far (withdrawn ones not counted). A stored counter kept exact by the database in the same transaction as every response write, so no request counts responses.",
    }),
    dwelling: t.relation("dwelling", { description: "The dwelling." }),
    landlord: t.relation("landlord", { description: "The landlord (woningcorporatie)." }),
    lottery: t.field({
      type: LotteryRef,
      nullable: true,
      description:
        "Lottery verification data (LOTERIJ listings once published): the commitment, and after close the seed and every eligible entry (LOTTERY.md). Public.",
      resolve: (l) =>
        l.allocationModel === "LOTERIJ" && l.lotteryCommitment
          ? {
              commitment: l.lotteryCommitment,
              committedAt: l.publishedAt,
              seed: l.lotterySeedRevealedAt ? l.lotterySeed : null,
              revealedAt: l.lotterySeedRevealedAt,
              listingId: l.id,
              reference: l.reference,
            }
          : null,
    }),
    result: t.relation("letting", {
      nullable: true,
      description: "The published allocation result, once the letting is published.",
      query: { where: { publishedAt: { not: null } } },
    }),
    letting: t.relation("letting", {
      nullable: true,
      description:
        "The letting (verhuring) of this listing once an offer was accepted, published or not, so that its staff can publish the result (lettingPublish). Landlord staff of the listing's organisation only; everyone else reads `result`, which shows it once published. Raises NOT_AUTHORIZED for others.",
      authScopes: (l) => ({ landlordOf: l.landlordId }),
    }),
    viewerEligibility: t.field({
      type: EligibilityRef,
      nullable: true,
      description:
        "The signed-in seeker's eligibility (null for anonymous callers and staff). Token scope SEEKER_READ.",
      select: listingSelect,
      resolve: (l, _a, ctx) => (ctx.viewer && hasReadScope(ctx) ? viewerEligibility(ctx, l) : null),
    }),
    viewerPosition: t.field({
      type: ViewerPositionRef,
      nullable: true,
      description:
        "The signed-in seeker's current, if-responded-now and expected position (null for anonymous callers). Token scope SEEKER_READ.",
      select: { ...listingSelect, publishedAt: true },
      resolve: (l, _a, ctx) => (ctx.viewer && hasReadScope(ctx) ? viewerPosition(ctx, l) : null),
    }),
    viewerResponse: t.field({
      type: Response,
      nullable: true,
      description: "The signed-in seeker's response on this listing, when any. Token scope SEEKER_READ.",
      resolve: async (l, _a, ctx) => {
        if (!hasReadScope(ctx)) return null;
        return (await viewerResponseOn(ctx, l.id)) ?? null;
      },
    }),
    candidates: t.field({
      type: CandidateListRef,
      description:
        "Ranked candidate list with reasons. Landlord staff of this listing's organisation only. Raises NOT_AUTHORIZED, INVALID_STATE (lottery before its draw).",
      authScopes: (l) => ({ landlordOf: l.landlordId }),
      resolve: (l, _a, ctx) => rankListing(ctx, l.id),
    }),
    offers: t.relation("offers", {
      description: "Offers made on this listing. Landlord staff of the listing's organisation only.",
      authScopes: (l) => ({ landlordOf: l.landlordId }),
      query: { orderBy: { offeredAt: "asc" } },
    }),
  }),
});

function hasReadScope(ctx: Context): boolean {
  return (
    !!ctx.viewer?.seekerId &&
    (ctx.viewer.via === "SESSION" || (ctx.viewer.tokenScopes ?? []).includes("SEEKER_READ"))
  );
}

// ── Queries ─────────────────────────────────────────────────────────────────────────────────

const ListingOrderEnum = builder.enumType("ListingOrder", {
  description: "Order of listings.",
  values: {
    CLOSES_AT_ASC: { description: "Closing soonest first (default)." },
    PUBLISHED_AT_DESC: { description: "Newest first." },
    RENT_ASC: { description: "Lowest net rent first." },
    RENT_DESC: { description: "Highest net rent first." },
    AREA_DESC: { description: "Largest living area first." },
  } as const,
});

export const ListingFilter = builder.inputType("ListingFilter", {
  description: "Filters on listings; all given conditions must hold.",
  fields: (t) => ({
    districtIds: t.idList({ required: false, description: "Global IDs of districts." }),
    municipalityIds: t.idList({ required: false, description: "Global IDs of municipalities." }),
    roomsMin: t.int({ required: false, description: "At least this many rooms." }),
    roomsMax: t.int({ required: false, description: "At most this many rooms." }),
    rentMin: t.float({ required: false, description: "Net rent at least, EUR per month." }),
    rentMax: t.float({ required: false, description: "Net rent at most, EUR per month." }),
    dwellingTypes: t.field({ type: [DwellingTypeEnum], required: false, description: "Any of these kinds." }),
    allocationModels: t.field({
      type: [AllocationModelEnum],
      required: false,
      description: "Any of these models.",
    }),
    accessibility: t.field({
      type: [AccessibilityLabelEnum],
      required: false,
      description: "Any of these accessibility labels.",
    }),
    closesAfter: t.field({ type: "DateTime", required: false, description: "Closing after this instant." }),
    closesBefore: t.field({ type: "DateTime", required: false, description: "Closing before this instant." }),
    statuses: t.field({
      type: [ListingStatusEnum],
      required: false,
      description: "Statuses (default PUBLISHED). Only public statuses: PUBLISHED, CLOSED, OFFERING, LET.",
    }),
  }),
});

type ListingFilterShape = typeof ListingFilter.$inferInput;

const filterSchema = z.object({
  roomsMin: z.number().int().min(0).max(50).nullish(),
  roomsMax: z.number().int().min(0).max(50).nullish(),
  rentMin: z.number().min(0).max(100000).nullish(),
  rentMax: z.number().min(0).max(100000).nullish(),
});

/** A public listing filter, checked and decoded: what {@link listingWhere} and {@link listingFilterSql} render. */
interface ParsedListingFilter {
  statuses: ("PUBLISHED" | "CLOSED" | "OFFERING" | "LET")[];
  districtIds: string[] | null;
  municipalityIds: string[] | null;
  roomsMin: number | null;
  roomsMax: number | null;
  dwellingTypes: string[] | null;
  accessibility: string[] | null;
  allocationModels: string[] | null;
  /** Net rent bounds in cents per month. */
  rentMinCents: number | null;
  rentMaxCents: number | null;
  closesAfter: Date | null;
  closesBefore: Date | null;
}

/**
 * Check and decode a public listing filter.
 * @throws ValidationError (VALIDATION_FAILED) on out-of-range numbers, a non-public status or a malformed global ID
 */
function parseListingFilter(filter: ListingFilterShape | null | undefined): ParsedListingFilter {
  const f = filter ?? {};
  parseInput(filterSchema, f, ["filter"]);
  const statuses = (f.statuses?.length ? f.statuses : ["PUBLISHED"]).filter(isPublicStatus);
  if (f.statuses?.length && statuses.length !== f.statuses.length) {
    throw new ValidationError([
      { path: ["filter", "statuses"], message: "only PUBLISHED, CLOSED, OFFERING and LET are public" },
    ]);
  }
  const list = <T>(v: readonly T[] | null | undefined): T[] | null => (v?.length ? [...v] : null);
  return {
    statuses: statuses as ParsedListingFilter["statuses"],
    districtIds:
      list(f.districtIds)?.map((id) => decodeGlobal(String(id), "District", "filter.districtIds")) ?? null,
    municipalityIds:
      list(f.municipalityIds)?.map((id) =>
        decodeGlobal(String(id), "Municipality", "filter.municipalityIds"),
      ) ?? null,
    roomsMin: f.roomsMin ?? null,
    roomsMax: f.roomsMax ?? null,
    dwellingTypes: list(f.dwellingTypes),
    accessibility: list(f.accessibility),
    allocationModels: list(f.allocationModels),
    rentMinCents: f.rentMin != null ? cents(f.rentMin) : null,
    rentMaxCents: f.rentMax != null ? cents(f.rentMax) : null,
    closesAfter: f.closesAfter ?? null,
    closesBefore: f.closesBefore ?? null,
  };
}

/**
 * The public listing filter as a Prisma `where` over Listing (statuses default PUBLISHED; all
 * given conditions must hold; rent in EUR/month, rooms inclusive, closing times exclusive).
 * @throws ValidationError (VALIDATION_FAILED) on bad filters (see {@link parseListingFilter})
 */
export function listingWhere(filter: ListingFilterShape | null | undefined): Prisma.ListingWhereInput {
  const f = parseListingFilter(filter);
  const dwelling: Prisma.DwellingWhereInput = {};
  if (f.districtIds) dwelling.districtId = { in: f.districtIds };
  if (f.municipalityIds) dwelling.municipalityId = { in: f.municipalityIds };
  if (f.roomsMin != null || f.roomsMax != null)
    dwelling.rooms = { gte: f.roomsMin ?? undefined, lte: f.roomsMax ?? undefined };
  if (f.dwellingTypes) dwelling.type = { in: f.dwellingTypes as DwellingType[] };
  if (f.accessibility)
    dwelling.accessibility = { in: f.accessibility as Prisma.EnumAccessibilityLabelFilter["in"] };
  return {
    status: { in: f.statuses },
    ...(f.allocationModels
      ? { allocationModel: { in: f.allocationModels as Prisma.EnumAllocationModelFilter["in"] } }
      : {}),
    ...(f.rentMinCents != null || f.rentMaxCents != null
      ? { netRentCents: { gte: f.rentMinCents ?? undefined, lte: f.rentMaxCents ?? undefined } }
      : {}),
    ...(f.closesAfter || f.closesBefore
      ? { closesAt: { gt: f.closesAfter ?? undefined, lt: f.closesBefore ?? undefined } }
      : {}),
    dwelling,
  };
}

/**
 * The same filter as {@link listingWhere}, as an SQL condition over `"Listing" l` joined with its
 * `"Dwelling" d` (for statements that page listings in SQL, e.g. `viewer.eligibleListings`).
 * @throws ValidationError (VALIDATION_FAILED) on bad filters (see {@link parseListingFilter})
 */
export function listingFilterSql(filter: ListingFilterShape | null | undefined): Prisma.Sql {
  const f = parseListingFilter(filter);
  const parts: Prisma.Sql[] = [Prisma.sql`l.status::text = ANY(${f.statuses}::text[])`];
  if (f.districtIds) parts.push(Prisma.sql`d."districtId" = ANY(${f.districtIds}::uuid[])`);
  if (f.municipalityIds) parts.push(Prisma.sql`d."municipalityId" = ANY(${f.municipalityIds}::uuid[])`);
  if (f.roomsMin != null) parts.push(Prisma.sql`d.rooms >= ${f.roomsMin}`);
  if (f.roomsMax != null) parts.push(Prisma.sql`d.rooms <= ${f.roomsMax}`);
  if (f.dwellingTypes) parts.push(Prisma.sql`d.type::text = ANY(${f.dwellingTypes}::text[])`);
  if (f.accessibility) parts.push(Prisma.sql`d.accessibility::text = ANY(${f.accessibility}::text[])`);
  if (f.allocationModels)
    parts.push(Prisma.sql`l."allocationModel"::text = ANY(${f.allocationModels}::text[])`);
  if (f.rentMinCents != null) parts.push(Prisma.sql`l."netRentCents" >= ${f.rentMinCents}`);
  if (f.rentMaxCents != null) parts.push(Prisma.sql`l."netRentCents" <= ${f.rentMaxCents}`);
  if (f.closesAfter) parts.push(Prisma.sql`l."closesAt" > ${f.closesAfter}`);
  if (f.closesBefore) parts.push(Prisma.sql`l."closesAt" < ${f.closesBefore}`);
  return Prisma.join(parts, " AND ");
}

/**
 * The order of {@link listingOrderBy} in SQL over `"Listing" l` and `"Dwelling" d`: the sort
 * expression and its direction, then `l.id` ascending as the tie-break.
 */
export function listingOrderSql(order: string | null | undefined): { expr: Prisma.Sql; desc: boolean } {
  switch (order) {
    case "PUBLISHED_AT_DESC":
      return { expr: Prisma.sql`l."publishedAt"`, desc: true };
    case "RENT_ASC":
      return { expr: Prisma.sql`l."netRentCents"`, desc: false };
    case "RENT_DESC":
      return { expr: Prisma.sql`l."netRentCents"`, desc: true };
    case "AREA_DESC":
      return { expr: Prisma.sql`d."areaM2"`, desc: true };
    default:
      return { expr: Prisma.sql`l."closesAt"`, desc: false };
  }
}

export function listingOrderBy(order: string | null | undefined): Prisma.ListingOrderByWithRelationInput[] {
  switch (order) {
    case "PUBLISHED_AT_DESC":
      return [{ publishedAt: "desc" }, { id: "asc" }];
    case "RENT_ASC":
      return [{ netRentCents: "asc" }, { id: "asc" }];
    case "RENT_DESC":
      return [{ netRentCents: "desc" }, { id: "asc" }];
    case "AREA_DESC":
      return [{ dwelling: { areaM2: "desc" } }, { id: "asc" }];
    default:
      return [{ closesAt: "asc" }, { id: "asc" }];
  }
}

/**
 * The `filter` and `orderBy` arguments of every listing connection (`listings`,
 * `viewer.eligibleListings`): one definition, turned into Prisma by {@link listingWhere} and
 * {@link listingOrderBy}.
 */
export const listingConnectionArgs = builder.args((t) => ({
  filter: t.field({ type: ListingFilter, required: false, description: "Filters." }),
  orderBy: t.field({
    type: ListingOrderEnum,
    required: false,
    defaultValue: "CLOSES_AT_ASC",
    description: "Order.",
  }),
}));

builder.queryFields((t) => ({
  listings: t.prismaConnection({
    type: "Listing",
    cursor: "id",
    description:
      "Published listings (public), filtered and ordered. Raises a VALIDATION_FAILED error on bad filters. At most 100 per page.",
    args: listingConnectionArgs,
    totalCount: (_p, args) => db().listing.count({ where: listingWhere(args.filter) }),
    resolve: (query, _root, args) =>
      db().listing.findMany({
        ...query,
        where: listingWhere(args.filter),
        orderBy: listingOrderBy(args.orderBy),
      }),
  }),
  listing: t.prismaField({
    type: "Listing",
    nullable: true,
    description: "A listing by its reference (e.g. WB-2026-00123). Use `node(id:)` for global IDs.",
    args: { reference: t.arg.string({ required: true, description: "The listing reference." }) },
    resolve: (query, _root, args) =>
      db().listing.findUnique({ ...query, where: { reference: args.reference } }),
  }),
  staffListings: t.prismaConnection({
    type: "Listing",
    cursor: "id",
    description:
      "Listings of the landlords the signed-in staff member works for, any status, newest first; all given filters must hold and `totalCount` counts every match. Landlord staff only. Raises VALIDATION_FAILED for a search text over 100 characters or a malformed municipality ID.",
    authScopes: { landlord: true },
    args: {
      statuses: t.arg({ type: [ListingStatusEnum], required: false, description: "Only these statuses." }),
      allocationModels: t.arg({
        type: [AllocationModelEnum],
        required: false,
        description: "Only these allocation models (toewijzingsmodellen).",
      }),
      municipalityIds: t.arg.idList({
        required: false,
        description: "Only dwellings in these municipalities (global IDs of Municipality).",
      }),
      search: t.arg.string({
        required: false,
        description:
          "Text (at most 100 characters) found, ignoring case, in the reference, title, street, postal code or city.",
      }),
    },
    totalCount: (_p, args, ctx) => db().listing.count({ where: staffListingWhere(args, ctx) }),
    resolve: (query, _root, args, ctx) =>
      db().listing.findMany({
        ...query,
        where: staffListingWhere(args, ctx),
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      }),
  }),
}));

/**
 * The Prisma filter of `staffListings`: the staff member's landlords plus the given statuses,
 * models, municipalities and search text.
 * @throws ValidationError (VALIDATION_FAILED) for a search text over 100 characters or a malformed municipality ID.
 */
function staffListingWhere(
  args: {
    statuses?: readonly ("DRAFT" | "PUBLISHED" | "CLOSED" | "OFFERING" | "LET" | "WITHDRAWN")[] | null;
    allocationModels?: readonly ("AANBOD" | "LOTERIJ" | "WOONGROEP" | "BEMIDDELING")[] | null;
    municipalityIds?: readonly (string | number)[] | null;
    search?: string | null;
  },
  ctx: Context,
): Prisma.ListingWhereInput {
  const search = args.search?.trim() ?? "";
  if (search.length > 100)
    throw new ValidationError([{ path: ["search"], message: "must be at most 100 characters" }]);
  const contains = { contains: search, mode: "insensitive" as const };
  return {
    landlordId: { in: landlordOrgIds(ctx.viewer) },
    ...(args.statuses?.length ? { status: { in: [...args.statuses] } } : {}),
    ...(args.allocationModels?.length ? { allocationModel: { in: [...args.allocationModels] } } : {}),
    ...(args.municipalityIds?.length
      ? {
          dwelling: {
            municipalityId: {
              in: args.municipalityIds.map((id) =>
                decodeGlobal(String(id), "Municipality", "municipalityIds"),
              ),
            },
          },
        }
      : {}),
    ...(search
      ? {
          OR: [
            { reference: contains },
            { title: contains },
            { dwelling: { street: contains } },
            { dwelling: { postalCode: contains } },
            { dwelling: { city: contains } },
          ],
        }
      : {}),
  };
}

// ── Mutations (landlord) ────────────────────────────────────────────────────────────────────

const listingFields = {
  title: z.string().trim().min(3, "must be at least 3 characters").max(200),
  description: z.string().max(10000),
  allocationModel: z.enum(["AANBOD", "LOTERIJ", "WOONGROEP", "BEMIDDELING"]),
  closesAt: z.date(),
  householdMin: z.number().int().min(1).max(20),
  householdMax: z.number().int().min(1).max(99),
  ageLabel: z.enum(["NONE", "AGE_55_PLUS", "AGE_65_PLUS", "YOUTH_18_23"]),
  incomeBand: z.enum(["DAEB", "MIDDLE", "ORDINANCE", "MIDDLE_RENT"]),
  priorityRules: z.array(z.enum(["URGENCY", "MOVER", "LOCAL_BINDING", "VITAL_PROFESSION"])).max(4),
  vitalProfessions: z.array(z.string().trim().min(1).max(100)).max(50),
  bindingCores: z.array(z.string().trim().min(1).max(100)).max(20),
};
/**
 * Kernen named for kern-level binding must be kernen of the dwelling's municipality
 * (`Municipality.cores`, the reference list) [003] "eventueel op kernniveau".
 *
 * @throws ValidationError at `path` naming the first unknown kern
 */
async function checkBindingCores(
  tx: Tx,
  municipalityId: string,
  cores: readonly string[] | undefined,
  path: string[],
): Promise<void> {
  if (!cores?.length) return;
  const m = await tx.municipality.findUniqueOrThrow({
    where: { id: municipalityId },
    select: { cores: true },
  });
  const known = new Map(m.cores.map((c) => [c.toLowerCase(), c]));
  const i = cores.findIndex((c) => !known.has(c.toLowerCase()));
  if (i >= 0)
    throw new ValidationError([
      { path: [...path, i], message: `must be a kern of the municipality (${m.cores.join(", ")})` },
    ]);
}

const createSchema = z
  .object({
    ...listingFields,
    description: listingFields.description.default(""),
    householdMin: listingFields.householdMin.optional(),
    householdMax: listingFields.householdMax.optional(),
    ageLabel: listingFields.ageLabel.default("NONE"),
    incomeBand: listingFields.incomeBand.default("DAEB"),
    priorityRules: listingFields.priorityRules.default(["URGENCY"]),
    vitalProfessions: listingFields.vitalProfessions.default([]),
    bindingCores: listingFields.bindingCores.default([]),
  })
  .refine(
    (v) => v.householdMax === undefined || v.householdMin === undefined || v.householdMax >= v.householdMin,
    {
      path: ["householdMax"],
      message: "must be at least householdMin",
    },
  )
  .superRefine((v, ctx) => {
    const problem = urgencyRuleProblem(v.allocationModel, v.priorityRules);
    if (problem) ctx.addIssue({ code: "custom", path: ["priorityRules"], message: problem });
  });
const updateSchema = z.object(listingFields).partial();

/**
 * Urgency is not a landlord's option [001] §E.2c ("voorrang bij het woningaanbod", limited only by
 * the search profile): an AANBOD or LOTERIJ listing must name URGENCY among its priority rules.
 * The allocation core applies it to those models anyway (`tiersFor`); refusing the omission keeps
 * what the listing shows equal to what the ranking does. WOONGROEP and BEMIDDELING have no tiers.
 *
 * @returns the message for `priorityRules`, or `null` when the combination is allowed
 */
function urgencyRuleProblem(model: string, rules: readonly string[]): string | null {
  if ((model === "AANBOD" || model === "LOTERIJ") && !rules.includes("URGENCY"))
    return "must include URGENCY for an AANBOD or LOTERIJ listing: urgency with a matching search profile always has priority on the regular offer ([001] §E.2c)";
  return null;
}

const ListingCreateInput = builder.inputType("ListingCreateInput", {
  description: "A new listing (created as DRAFT). Rent is copied from the dwelling.",
  fields: (t) => ({
    dwellingId: t.id({
      required: true,
      description: "Global ID of a Dwelling of your organisation (use the dwelling's `id`).",
    }),
    title: t.string({ required: true, description: "Title, 3–200 characters." }),
    description: t.string({ required: false, description: "Description." }),
    allocationModel: t.field({ type: AllocationModelEnum, required: true, description: "Allocation model." }),
    closesAt: t.field({
      type: "DateTime",
      required: true,
      description: "End of the response window (must be in the future at publication).",
    }),
    householdMin: t.int({
      required: false,
      description:
        "Minimum household size, persons. Omit to use the rule set's table by dwelling size [001] §B (e.g. 4+ rooms from 2 persons); publication refuses bounds that admit nobody or no size the table allows for the dwelling.",
    }),
    householdMax: t.int({
      required: false,
      description: "Maximum household size, persons (99 = none). Omit to use the rule set's table [001] §B.",
    }),
    ageLabel: t.field({ type: AgeLabelEnum, required: false, description: "Age label (default NONE)." }),
    incomeBand: t.field({
      type: IncomeBandEnum,
      required: false,
      description: "Income band (default DAEB).",
    }),
    priorityRules: t.field({
      type: [PriorityRuleEnum],
      required: false,
      description:
        "Priority rules (default [URGENCY]). AANBOD and LOTERIJ listings must include URGENCY ([001] §E.2c: urgency with a matching search profile always has priority on the regular offer); omitting it is a ValidationError.",
    }),
    vitalProfessions: t.stringList({
      required: false,
      description:
        "Vital professions counted (default none: the municipality's list in the rule set; both empty = nobody) [003].",
    }),
    bindingCores: t.stringList({
      required: false,
      description:
        "Kernen of the dwelling's municipality for local binding at kern level (default none = the whole municipality) [001] 2b, [003]. Each must be one of the municipality's `cores`, else ValidationError.",
    }),
  }),
});
const ListingUpdateInput = builder.inputType("ListingUpdateInput", {
  description: "Changes to a DRAFT listing; omitted fields stay.",
  fields: (t) => ({
    title: t.string({ required: false, description: "Title." }),
    description: t.string({ required: false, description: "Description." }),
    allocationModel: t.field({
      type: AllocationModelEnum,
      required: false,
      description: "Allocation model.",
    }),
    closesAt: t.field({ type: "DateTime", required: false, description: "End of the response window." }),
    householdMin: t.int({ required: false, description: "Minimum household size, persons." }),
    householdMax: t.int({ required: false, description: "Maximum household size, persons." }),
    ageLabel: t.field({ type: AgeLabelEnum, required: false, description: "Age label." }),
    incomeBand: t.field({ type: IncomeBandEnum, required: false, description: "Income band." }),
    priorityRules: t.field({
      type: [PriorityRuleEnum],
      required: false,
      description:
        "Priority rules. AANBOD and LOTERIJ listings must include URGENCY ([001] §E.2c); omitting it is a ValidationError.",
    }),
    vitalProfessions: t.stringList({ required: false, description: "Vital professions." }),
    bindingCores: t.stringList({
      required: false,
      description: "Kernen for local binding (each one of the municipality's `cores`).",
    }),
  }),
});

const stripNull = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

async function ownListing(ctx: Context, globalId: string | number, field = "id") {
  const id = decodeGlobal(String(globalId), "Listing", field);
  const listing = await db().listing.findUnique({
    where: { id },
    select: { id: true, landlordId: true, status: true, closesAt: true },
  });
  if (!listing) throw new NotFoundError("Listing");
  requireLandlordOf(ctx, listing.landlordId);
  return listing;
}

function reference(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `WB-${new Date().getUTCFullYear()}-${[...bytes].map((b) => alphabet[b % alphabet.length]).join("")}`;
}

const ListingCreateMutationInput = builder.inputType("ListingCreateMutationInput", {
  description: "Input of listingCreate.",
  fields: (t) => ({
    listing: t.field({ type: ListingCreateInput, required: true, description: "The listing." }),
  }),
});
const ListingUpdateMutationInput = builder.inputType("ListingUpdateMutationInput", {
  description: "Input of listingUpdate.",
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID of the listing." }),
    changes: t.field({ type: ListingUpdateInput, required: true, description: "Fields to change." }),
  }),
});
const ListingIdInput = builder.inputType("ListingIdInput", {
  description: "A listing to act on (listingPublish, listingClose).",
  fields: (t) => ({ id: t.id({ required: true, description: "Global ID of the listing." }) }),
});
const ListingWithdrawInput = builder.inputType("ListingWithdrawInput", {
  description: "Input of listingWithdraw.",
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID of the listing." }),
    reason: t.string({ required: true, description: "Why it is withdrawn (1–1000 characters)." }),
  }),
});

builder.mutationFields((t) => ({
  listingCreate: t.field({
    type: Listing,
    description:
      "Create a DRAFT listing for a dwelling of your organisation (landlord staff). Errors: NotAuthorizedError, ValidationError (also: an AANBOD/LOTERIJ listing without URGENCY among its priority rules [001] §E.2c), NotFoundError.",
    errors: {
      types: [ValidationError, NotFoundError],
      dataField: { name: "listing", description: "The listing after the change." },
    },
    args: {
      input: t.arg({ type: ListingCreateMutationInput, required: true, description: "The new listing." }),
    },
    resolve: async (_root, { input }, ctx) => {
      const dwellingId = decodeGlobal(String(input.listing.dwellingId), "Dwelling", "listing.dwellingId");
      const v = parseInput(createSchema, stripNull({ ...input.listing, dwellingId: undefined }), [
        "input",
        "listing",
      ]);
      const dwelling = await db().dwelling.findUnique({ where: { id: dwellingId } });
      if (!dwelling) throw new NotFoundError("Dwelling");
      requireLandlordOf(ctx, dwelling.landlordId);
      for (let attempt = 0; ; attempt++) {
        try {
          return await db().$transaction(async (tx) => {
            await checkBindingCores(tx, dwelling.municipalityId, v.bindingCores, [
              "input",
              "listing",
              "bindingCores",
            ]);
            const listing = await tx.listing.create({
              data: {
                ...v,
                reference: reference(),
                dwellingId,
                landlordId: dwelling.landlordId,
                netRentCents: dwelling.netRentCents,
                serviceCostsCents: dwelling.serviceCostsCents,
              },
            });
            await audit(ctx, "CREATE", "Listing", listing.id, undefined, tx, "LANDLORD_STAFF");
            return listing;
          });
        } catch (e) {
          if (attempt < 3 && (e as { code?: string }).code === "P2002") continue;
          throw e;
        }
      }
    },
  }),
  listingUpdate: t.field({
    type: Listing,
    description:
      "Change a DRAFT listing (landlord staff). Errors: NotAuthorizedError, ValidationError (also: an AANBOD/LOTERIJ listing without URGENCY among its priority rules [001] §E.2c), NotFoundError, InvalidStateError (not a draft).",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      dataField: { name: "listing", description: "The listing after the change." },
    },
    args: {
      input: t.arg({ type: ListingUpdateMutationInput, required: true, description: "Listing and changes." }),
    },
    resolve: async (_root, { input }, ctx) => {
      const listing = await ownListing(ctx, input.id, "id");
      const v = parseInput(updateSchema, stripNull(input.changes), ["input", "changes"]);
      return db().$transaction(async (tx) => {
        const current = await tx.listing.findUniqueOrThrow({ where: { id: listing.id } });
        if (current.status !== "DRAFT")
          throw new InvalidStateError(current.status, "Only a draft listing can be changed");
        const min = v.householdMin ?? current.householdMin;
        const max = v.householdMax ?? current.householdMax;
        if (min !== null && max !== null && max < min)
          throw new ValidationError([
            { path: ["input", "changes", "householdMax"], message: "must be at least householdMin" },
          ]);
        if (v.bindingCores) {
          const d = await tx.dwelling.findUniqueOrThrow({
            where: { id: current.dwellingId },
            select: { municipalityId: true },
          });
          await checkBindingCores(tx, d.municipalityId, v.bindingCores, ["input", "changes", "bindingCores"]);
        }
        const urgencyProblem = urgencyRuleProblem(
          v.allocationModel ?? current.allocationModel,
          v.priorityRules ?? current.priorityRules,
        );
        if (urgencyProblem)
          throw new ValidationError([
            { path: ["input", "changes", "priorityRules"], message: urgencyProblem },
          ]);
        const updated = await tx.listing.update({ where: { id: listing.id }, data: v });
        await audit(ctx, "UPDATE", "Listing", listing.id, { fields: Object.keys(v) }, tx, "LANDLORD_STAFF");
        return updated;
      });
    },
  }),
  listingPublish: t.field({
    type: Listing,
    description:
      "Publish a DRAFT listing: the response window opens. For LOTERIJ a secret seed is drawn, stored only sealed with LOTTERY_KEY, and its SHA-256 commitment published [001] §E.3. The listing must agree with the rule set (income band vs rent). Caps, checked inside the publishing transaction and serialised per year: at most 20% of the listings published in the calendar year (Europe/Amsterdam, region-wide, withdrawn ones not counted) by lottery [001] §E.3, and at most 50% of a municipality's AANBOD/LOTERIJ listings of the year with LOCAL_BINDING [003]; the share including this listing must stay within the cap, so the first lottery of a year needs four other listings. Errors: NotAuthorizedError, NotFoundError, InvalidStateError, ValidationError, QuotaExceededError.",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError, QuotaExceededError],
      dataField: { name: "listing", description: "The listing after the change." },
    },
    args: { input: t.arg({ type: ListingIdInput, required: true, description: "The listing." }) },
    resolve: async (_root, { input }, ctx) => {
      const listing = await ownListing(ctx, input.id);
      const now = new Date();
      const published = await db().$transaction(async (tx) => {
        const row = await tx.listing.findUniqueOrThrow({ where: { id: listing.id }, select: listingSelect });
        if (row.status !== "DRAFT")
          throw new InvalidStateError(row.status, "Only a draft listing can be published");
        if (row.closesAt <= now)
          throw new ValidationError([
            { path: ["input", "closesAt"], message: "the closing time must be in the future" },
          ]);
        const urgencyProblem = urgencyRuleProblem(row.allocationModel, row.priorityRules);
        if (urgencyProblem)
          throw new ValidationError([{ path: ["listing", "priorityRules"], message: urgencyProblem }]);
        const ruleSet = ruleSetInForce(await loadRuleSets(tx), now);
        const problems = listingProblems(await listingInputTx(tx, row), ruleSet);
        if (problems.length)
          throw new ValidationError(
            problems.map((p) => ({ path: ["listing", p.field], message: p.message })),
          );
        await assertListingCapsTx(tx, { ...row, municipalityId: row.dwelling.municipalityId }, now, ruleSet);
        // LOTERIJ: only the commitment and the sealed seed are stored (lottery-key.ts).
        const lottery =
          row.allocationModel === "LOTERIJ"
            ? drawSealedSeed(lotteryKey(), row.id)
            : { lotteryCommitment: null, lotterySeedSealed: null };
        const n = await tx.listing.updateMany({
          where: { id: row.id, status: "DRAFT" },
          data: { status: "PUBLISHED", publishedAt: now, lotterySeed: null, ...lottery },
        });
        if (n.count !== 1) throw new InvalidStateError("PUBLISHED", "The listing was published concurrently");
        await audit(ctx, "UPDATE", "Listing", row.id, { action: "publish" }, tx, "LANDLORD_STAFF");
        return tx.listing.findUniqueOrThrow({ where: { id: row.id } });
      });
      listingPublished(); // saved-search alerts (IMMEDIATE) within a second when jobs run here
      return published;
    },
  }),
  listingClose: t.field({
    type: Listing,
    description:
      "Close a PUBLISHED listing whose response window has ended: the lottery seed is revealed (LOTERIJ), the final ranking is computed and each ranked response's final position stored; ineligible responses become NOT_SELECTED. Errors: NotAuthorizedError, NotFoundError, InvalidStateError (not published, or window still open).",
    errors: {
      types: [NotFoundError, InvalidStateError],
      dataField: { name: "listing", description: "The listing after the change." },
    },
    args: { input: t.arg({ type: ListingIdInput, required: true, description: "The listing." }) },
    resolve: async (_root, { input }, ctx) => {
      const listing = await ownListing(ctx, input.id);
      const result = await db().$transaction(async (tx) => {
        await closeListingTx(tx, listing.id, new Date(), actorFromContext(ctx, "LANDLORD_STAFF"));
        return tx.listing.findUniqueOrThrow({ where: { id: listing.id } });
      });
      await historyChanged();
      return result;
    },
  }),
  listingWithdraw: t.field({
    type: Listing,
    description:
      "Withdraw a listing that is not yet let (with a reason shown to respondents). Errors: NotAuthorizedError, NotFoundError, InvalidStateError, ValidationError.",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      dataField: { name: "listing", description: "The listing after the change." },
    },
    args: {
      input: t.arg({ type: ListingWithdrawInput, required: true, description: "Listing and reason." }),
    },
    resolve: async (_root, { input }, ctx) => {
      const listing = await ownListing(ctx, input.id);
      const reason = parseInput(z.string().trim().min(1, "must not be empty").max(1000), input.reason, [
        "input",
        "reason",
      ]);
      return db().$transaction(async (tx) => {
        const n = await tx.listing.updateMany({
          where: { id: listing.id, status: { in: ["DRAFT", "PUBLISHED", "CLOSED", "OFFERING"] } },
          data: { status: "WITHDRAWN", withdrawnAt: new Date(), withdrawReason: reason },
        });
        if (n.count !== 1)
          throw new InvalidStateError(listing.status, "This listing can no longer be withdrawn");
        await tx.offer.updateMany({
          where: { listingId: listing.id, outcome: "PENDING" },
          data: { outcome: "WITHDRAWN", outcomeAt: new Date() },
        });
        await audit(ctx, "UPDATE", "Listing", listing.id, { action: "withdraw" }, tx, "LANDLORD_STAFF");
        return tx.listing.findUniqueOrThrow({ where: { id: listing.id } });
      });
    },
  }),
}));
