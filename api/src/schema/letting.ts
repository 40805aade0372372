/**
 * Offers (aanbiedingen) and lettings (verhuringen): the landlord walks the ranked list, records
 * accept/decline, and publishes the result (number of responses, registration years of the
 * tenant, whether priority or lottery decided).
 */
import { notifyLettingResult, notifyOfferMade } from "../mail/notify.ts";
import { z } from "zod";
import {
  checkEligibility,
  failedChecks,
  registrationYears,
  retainedYearsOnAcceptance,
  ruleSetInForce,
  startOfAmsterdamDay,
  urgencyValidAt,
  type RuleSet,
} from "../allocation/index.ts";
import { hasSeekerScope, landlordOrgIds, type Context } from "../auth/context.ts";
import type { Prisma } from "@woonbeurt/db";
import { db, type Tx } from "../db.ts";
import { builder, noRow } from "./builder.ts";
import {
  AllocationModelEnum,
  decodeGlobal,
  LettingDecidedByEnum,
  OfferOutcomeEnum,
  PriorityRuleEnum,
  UrgencyCategoryEnum,
} from "./common.ts";
import { fixedOrder } from "./fixed-order.ts";
import {
  candidateInclude,
  eur,
  listingInputTx,
  listingSelect,
  loadRuleSets,
  seekerInclude,
  seekerInput,
} from "./core.ts";
import {
  InvalidStateError,
  NotAuthorizedError,
  NotFoundError,
  NotEligibleError,
  parseInput,
  ValidationError,
} from "./errors.ts";
import {
  actorFromContext,
  audit,
  isUniqueViolation,
  refuseRepresentative,
  requireLandlordOf,
  requireSeeker,
} from "./guards.ts";
import { endOfferTx } from "../lifecycle.ts";
import { ApplicantRef } from "./listing.ts";
import { load } from "./loaders.ts";

/** The landlord organisation of a listing, batched per request (offer and letting visibility). */
function listingLandlordId(ctx: Context, listingId: string): Promise<string | undefined> {
  return load(ctx, "listingLandlordId", listingId, async (ids) => {
    const rows = await db().listing.findMany({
      where: { id: { in: ids } },
      select: { id: true, landlordId: true },
    });
    return new Map(rows.map((r) => [r.id, r.landlordId]));
  });
}

export const Offer = builder.prismaNode("Offer", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  id: { field: "id" },
  description:
    "An offer (aanbieding) of a dwelling to a candidate. Visible to that seeker and the landlord's staff.",
  authScopes: async (o, ctx) => {
    if (ctx.viewer?.seekerId === o.seekerId) return hasSeekerScope(ctx.viewer, "SEEKER_READ");
    const landlordId = await listingLandlordId(ctx, o.listingId);
    return !!landlordId && landlordOrgIds(ctx.viewer).includes(landlordId);
  },
  fields: (t) => ({
    listing: t.relation("listing", { description: "The listing." }),
    position: t.exposeInt("position", { description: "The candidate's position when offered (1-based)." }),
    offeredAt: t.expose("offeredAt", { type: "DateTime", description: "When offered." }),
    respondBy: t.expose("respondBy", { type: "DateTime", description: "Answer deadline." }),
    outcome: t.expose("outcome", { type: OfferOutcomeEnum, description: "Outcome." }),
    outcomeAt: t.expose("outcomeAt", {
      type: "DateTime",
      nullable: true,
      description: "When the outcome was recorded.",
    }),
    outcomeReason: t.exposeString("outcomeReason", {
      nullable: true,
      description: "Reason given (e.g. why declined).",
    }),
    applicant: t.field({
      type: ApplicantRef,
      nullable: true,
      description: "The candidate's details (landlord staff only; null for the seeker).",
      select: { seeker: { include: candidateInclude.seeker.include } },
      resolve: (o, _a, ctx) => (ctx.viewer?.seekerId === o.seekerId ? null : (o.seeker as never)),
    }),
  }),
});

export const Letting = builder.prismaNode("Letting", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  id: { field: "id" },
  description:
    "A completed allocation (verhuring) and its published result. Public once published (no personal data: registration years, model and what decided); before that the staff of the listing's landlord only.",
  authScopes: async (l, ctx) => {
    if (l.publishedAt) return true;
    const landlordId = await listingLandlordId(ctx, l.listingId);
    return !!landlordId && landlordOrgIds(ctx.viewer).includes(landlordId);
  },
  fields: (t) => ({
    listing: t.relation("listing", { description: "The listing." }),
    letAt: t.expose("letAt", { type: "DateTime", description: "When the tenancy was agreed." }),
    publishedAt: t.expose("publishedAt", {
      type: "DateTime",
      nullable: true,
      description: "When the result was published.",
    }),
    responseCount: t.exposeInt("responseCount", {
      description: "Eligible responses at close (published number of responses).",
    }),
    registrationYears: t.exposeFloat("registrationYearsUsed", {
      description: "Registration years of the tenant used for the allocation (years).",
    }),
    decidedBy: t.expose("decidedBy", {
      type: LettingDecidedByEnum,
      description: "What decided: PRIORITY, REGISTRATION_YEARS, LOTTERY, WOONGROEP or MEDIATION.",
    }),
    priorityRule: t.expose("priorityRule", {
      type: PriorityRuleEnum,
      nullable: true,
      description: "Which priority applied when decidedBy = PRIORITY.",
    }),
    allocationModel: t.expose("allocationModel", {
      type: AllocationModelEnum,
      description: "Allocation model.",
    }),
    netRent: t.float({
      description: "Net rent at letting, EUR per month.",
      resolve: (l) => eur(l.netRentCents),
    }),
    tenantWasMover: t.exposeBoolean("seekerWasMover", {
      description: "The tenant was a mover (doorstromer) rather than a starter.",
    }),
  }),
});

/** The `lettings` arguments as a Prisma where-clause (published lettings only). */
export function lettingsWhere(args: {
  districtId?: string | number | null;
  allocationModel?: "AANBOD" | "LOTERIJ" | "WOONGROEP" | "BEMIDDELING" | null;
  year?: number | null;
}): Prisma.LettingWhereInput {
  if (args.year != null) parseInput(z.number().int().min(2000).max(2100), args.year, ["year"]);
  return {
    publishedAt: { not: null },
    ...(args.allocationModel ? { allocationModel: args.allocationModel } : {}),
    ...(args.districtId
      ? { dwelling: { districtId: decodeGlobal(String(args.districtId), "District", "districtId") } }
      : {}),
    ...(args.year != null
      ? {
          letAt: {
            gte: startOfAmsterdamDay({ year: args.year, month: 1, day: 1 }),
            lt: startOfAmsterdamDay({ year: args.year + 1, month: 1, day: 1 }),
          },
        }
      : {}),
  };
}

builder.queryFields((t) => ({
  lettings: t.prismaConnection({
    type: "Letting",
    cursor: "id",
    description:
      "Published allocation results, newest first. Public. All given filters must hold; `totalCount` counts every match. Raises VALIDATION_FAILED for a year outside 2000–2100.",
    args: {
      districtId: t.arg.id({ required: false, description: "Global ID of a district." }),
      allocationModel: t.arg({ type: AllocationModelEnum, required: false, description: "Only this model." }),
      year: t.arg.int({
        required: false,
        description:
          "Only lettings agreed in this calendar year (`letAt` from 1 January 00:00 to 31 December 24:00, Europe/Amsterdam), e.g. 2026.",
      }),
    },
    totalCount: (_p, args) => db().letting.count({ where: lettingsWhere(args) }),
    resolve: (query, _r, args) =>
      db().letting.findMany({
        ...query,
        where: lettingsWhere(args),
        orderBy: [{ letAt: "desc" }, { id: "asc" }],
      }),
  }),
}));

/** Default time a candidate gets to answer an offer: 3 days. */
export const OFFER_RESPONSE_DAYS = 3;

/**
 * The final ranking of a closed listing inside a transaction: the order fixed at close (stored
 * final positions, explained on the inputs frozen at close; see fixed-order.ts), never re-ranked
 * with today's data.
 */
async function finalRanking(tx: Tx, listingId: string) {
  const listing = await tx.listing.findUniqueOrThrow({ where: { id: listingId }, select: listingSelect });
  const rows = await tx.response.findMany({
    where: { listingId, status: { not: "WITHDRAWN" } },
    include: candidateInclude,
  });
  const ruleSet = ruleSetInForce(await loadRuleSets(tx), listing.closesAt);
  const ranking = fixedOrder(await listingInputTx(tx, listing), rows, ruleSet, listing.closesAt);
  return { listing, rows, ranking, ruleSet };
}

/**
 * Offer the listing to the best-ranked candidate not yet offered; null when none is left.
 *
 * @throws InvalidStateError (`AWAITING_VERDICTS`) on a WOONGROEP listing while a candidate still
 *   has no committee verdict: registration time leads among the suitable residents ([000]
 *   "inschrijftijd leidend"), so nobody is offered the dwelling before every motivation was judged
 *   ([002] objectivering).
 */
async function offerNext(ctx: Context, tx: Tx, listingId: string, respondBy: Date) {
  const { ranking, rows, listing } = await finalRanking(tx, listingId);
  if (listing.allocationModel === "WOONGROEP") {
    const awaiting = rows.filter((r) => r.status === "ACTIVE" && r.committeeVerdict === "PENDING").length;
    if (awaiting > 0)
      throw new InvalidStateError(
        "AWAITING_VERDICTS",
        `${awaiting} candidate(s) still await the committee's verdict; offers start when every motivation has been judged`,
      );
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const next = ranking.ranked.find((c) => byId.get(c.responseId)?.status === "ACTIVE");
  if (!next) return null;
  const offer = await tx.offer.create({
    data: {
      listingId,
      responseId: next.responseId,
      seekerId: next.seekerId,
      position: next.position,
      madeById: ctx.viewer?.userId ?? null,
      respondBy,
    },
  });
  await tx.response.update({ where: { id: next.responseId }, data: { status: "OFFERED" } });
  await tx.listing.update({ where: { id: listingId }, data: { status: "OFFERING" } });
  await audit(ctx, "CREATE", "Offer", offer.id, { position: next.position }, tx, "LANDLORD_STAFF");
  await notifyOfferMade(tx, offer.id);
  return offer;
}

const OfferMakeInput = builder.inputType("OfferMakeInput", {
  description: "Input of offerMake.",
  fields: (t) => ({
    listingId: t.id({ required: true, description: "Global ID of a CLOSED or OFFERING listing." }),
    respondBy: t.field({
      type: "DateTime",
      required: false,
      description: `Answer deadline (default ${OFFER_RESPONSE_DAYS} days from now).`,
    }),
  }),
});
const OfferOutcomeInputEnum = builder.enumType("OfferOutcomeInput", {
  description: "Outcome to record.",
  values: {
    ACCEPTED: { description: "The candidate accepts: the letting is created." },
    DECLINED: { description: "The candidate declines: the next candidate gets the offer." },
    NO_RESPONSE: { description: "No answer by the deadline: the next candidate gets the offer." },
  } as const,
});
const OfferRecordOutcomeInput = builder.inputType("OfferRecordOutcomeInput", {
  description: "Input of offerRecordOutcome.",
  fields: (t) => ({
    offerId: t.id({ required: true, description: "Global ID of the pending offer." }),
    outcome: t.field({ type: OfferOutcomeInputEnum, required: true, description: "Outcome." }),
    reason: t.string({ required: false, description: "Reason (e.g. why declined), up to 1000 characters." }),
  }),
});
const MediationBasisEnum = builder.enumType("MediationBasis", {
  description: "Why a household is housed by direct mediation (model B) [001] §E.2c.",
  values: {
    URGENCY: { description: "A granted urgency declaration, valid today (its category is recorded)." },
    REFERRAL: {
      description:
        "A mediation referral (bemiddelingsverzoek), e.g. by the municipality for a statushouder or someone leaving a shelter; give its reference.",
    },
  } as const,
});
const LettingCreateByMediationInput = builder.inputType("LettingCreateByMediationInput", {
  description: "Input of lettingCreateByMediation (direct mediation, model B).",
  fields: (t) => ({
    listingId: t.id({
      required: true,
      description: "Global ID of a BEMIDDELING listing of your organisation that is not let or withdrawn.",
    }),
    seekerId: t.id({ required: true, description: "Global ID of the household's registration (Seeker)." }),
    basis: t.field({
      type: MediationBasisEnum,
      required: true,
      description: "Urgency declaration or referral.",
    }),
    referralReference: t.string({
      required: false,
      description: "Reference of the referral (3–200 characters); required when `basis` is REFERRAL.",
    }),
    referralCategory: t.field({
      type: UrgencyCategoryEnum,
      required: false,
      description:
        "Target group of a REFERRAL (e.g. STATUSHOUDER, LEAVING_HOMELESS_SHELTER), recorded with the letting so monitoring counts it as model B of its indication ([001] Figure 3, [004] quotas); not allowed with basis URGENCY (the declaration's category is recorded).",
    }),
  }),
});
const OfferAcceptInput = builder.inputType("OfferAcceptInput", {
  description: "Input of offerAccept (the seeker accepting an offer made to them).",
  fields: (t) => ({
    offerId: t.id({ required: true, description: "Global ID of the pending offer made to you." }),
  }),
});
const OfferDeclineInput = builder.inputType("OfferDeclineInput", {
  description: "Input of offerDecline (the seeker declining an offer made to them).",
  fields: (t) => ({
    offerId: t.id({ required: true, description: "Global ID of the pending offer made to you." }),
    reason: t.string({
      required: false,
      description: "Why you decline, up to 1000 characters (shown to the landlord).",
    }),
  }),
});
const LettingPublishInput = builder.inputType("LettingPublishInput", {
  description: "Input of lettingPublish.",
  fields: (t) => ({ lettingId: t.id({ required: true, description: "Global ID of the letting." }) }),
});

const OutcomeRef = builder
  .objectRef<{ offerId: string; lettingId: string | null; nextOfferId: string | null }>(
    "OfferOutcomeRecorded",
  )
  .implement({
    description: "The recorded outcome: the letting on acceptance, or the next offer on decline.",
    fields: (t) => ({
      offer: t.prismaField({
        type: "Offer",
        description: "The offer.",
        resolve: (q, o) => db().offer.findUniqueOrThrow({ ...q, where: { id: o.offerId } }),
      }),
      letting: t.prismaField({
        type: "Letting",
        nullable: true,
        description: "The letting (ACCEPTED).",
        resolve: (q, o) =>
          o.lettingId ? db().letting.findUnique({ ...q, where: { id: o.lettingId } }) : noRow(q),
      }),
      nextOffer: t.prismaField({
        type: "Offer",
        nullable: true,
        description: "The offer to the next candidate (DECLINED / NO_RESPONSE); null when nobody is left.",
        resolve: (q, o) =>
          o.nextOfferId ? db().offer.findUnique({ ...q, where: { id: o.nextOfferId } }) : noRow(q),
      }),
    }),
  });

const decidedByOf = (tier: string, model: string) =>
  ["URGENCY", "MOVER", "LOCAL_BINDING", "VITAL_PROFESSION"].includes(tier)
    ? ("PRIORITY" as const)
    : tier === "LOTTERY"
      ? ("LOTTERY" as const)
      : model === "WOONGROEP"
        ? ("WOONGROEP" as const)
        : ("REGISTRATION_YEARS" as const);

/**
 * Houses the tenant of a new letting, in the letting's transaction: their registration restarts
 * today keeping the rule set's share of their registration years (75% [001] §E.3 Voorstel IV),
 * the new dwelling becomes the one they would leave behind (a later move makes them a mover),
 * their other open responses end, and a granted urgency declaration has served its purpose and
 * ends today [001] §E.2c. Returns the retained registration years (years).
 */
async function houseTenantTx(
  tx: Tx,
  seeker: { id: string; registrationDate: Date; retainedRegistrationYears: number },
  dwellingId: string,
  keepResponseId: string | null,
  now: Date,
  ruleSet: RuleSet,
): Promise<number> {
  const retained = retainedYearsOnAcceptance(
    seeker.registrationDate,
    seeker.retainedRegistrationYears,
    now,
    ruleSet,
  );
  const dwelling = await tx.dwelling.findUniqueOrThrow({
    where: { id: dwellingId },
    select: { rooms: true },
  });
  await tx.seeker.update({
    where: { id: seeker.id },
    data: {
      retainedRegistrationYears: retained,
      registrationDate: new Date(now.toISOString().slice(0, 10)),
      status: "HOUSED",
      currentDwellingKind: "INDEPENDENT_RENTAL",
      currentDwellingRooms: dwelling.rooms,
      currentDwellingIsSocialRental: true,
    },
  });
  await tx.response.updateMany({
    where: {
      seekerId: seeker.id,
      status: "ACTIVE",
      ...(keepResponseId ? { id: { not: keepResponseId } } : {}),
    },
    data: { status: "WITHDRAWN", withdrawnAt: now },
  });
  await tx.urgencyApplication.updateMany({
    where: { seekerId: seeker.id, status: "GRANTED", validFrom: { lt: now } },
    data: { status: "EXPIRED", validUntil: now },
  });
  return retained;
}

/**
 * Accepts a PENDING offer inside the caller's transaction: the offer ACCEPTED (conditional update,
 * so a second acceptance or a decline racing it changes nothing), the letting created from the
 * order fixed at close (registration years and priority as ranked then), the listing LET, the
 * other responses NOT_SELECTED, and the tenant housed ({@link houseTenantTx}). Audited as `role`.
 * Returns the letting's id.
 *
 * @throws InvalidStateError when the offer no longer is PENDING
 */
async function acceptOfferTx(
  ctx: Context,
  tx: Tx,
  offer: { id: string; listingId: string; responseId: string; outcome: string },
  reason: string | null,
  now: Date,
  role: "LANDLORD_STAFF" | "SEEKER",
): Promise<string> {
  const n = await tx.offer.updateMany({
    where: { id: offer.id, outcome: "PENDING" },
    data: { outcome: "ACCEPTED", outcomeAt: now, outcomeReason: reason },
  });
  if (n.count !== 1) throw new InvalidStateError(offer.outcome, "This offer already has an outcome");
  const { listing, rows, ranking, ruleSet } = await finalRanking(tx, offer.listingId);
  const ranked = ranking.ranked.find((c) => c.responseId === offer.responseId);
  const row = rows.find((r) => r.id === offer.responseId)!;
  const seeker = row.seeker;
  const { dwellingId } = await tx.listing.findUniqueOrThrow({
    where: { id: listing.id },
    select: { dwellingId: true },
  });
  const letting = await tx.letting.create({
    data: {
      listingId: listing.id,
      dwellingId,
      seekerId: seeker.id,
      responseId: row.id,
      offerId: offer.id,
      letAt: now,
      registrationYearsUsed: ranked?.registrationYears ?? 0,
      seekerWasMover: seeker.currentDwellingKind === "INDEPENDENT_RENTAL",
      decidedBy:
        listing.allocationModel === "BEMIDDELING"
          ? "MEDIATION"
          : decidedByOf(ranked?.reason?.tier ?? "REGISTRATION_YEARS", listing.allocationModel),
      priorityRule:
        ranked?.reason &&
        ["URGENCY", "MOVER", "LOCAL_BINDING", "VITAL_PROFESSION"].includes(ranked.reason.tier)
          ? (ranked.reason.tier as never)
          : null,
      urgencyCategory:
        ranked?.reason?.code === "URGENCY_PROFILE_MATCH" ? (ranked.reason.params.category as never) : null,
      allocationModel: listing.allocationModel,
      responseCount: ranking.ranked.length,
      netRentCents: listing.netRentCents,
      householdSize: seeker.householdSize,
      householdIncomeCents: seeker.householdIncomeCents,
    },
  });
  await tx.response.update({ where: { id: row.id }, data: { status: "ACCEPTED" } });
  const losers = await tx.response.findMany({
    where: { listingId: listing.id, status: "ACTIVE" },
    select: { id: true },
  });
  await tx.response.updateMany({
    where: { listingId: listing.id, status: "ACTIVE" },
    data: { status: "NOT_SELECTED" },
  });
  await notifyLettingResult(
    tx,
    listing.id,
    seeker.id,
    losers.map((r) => r.id),
  );
  await tx.listing.update({ where: { id: listing.id }, data: { status: "LET" } });
  const retained = await houseTenantTx(tx, seeker, dwellingId, row.id, now, ruleSet);
  await audit(
    ctx,
    "CREATE",
    "Letting",
    letting.id,
    { offerId: offer.id, retainedYears: retained, housed: true, acceptedBy: role },
    tx,
    role === "SEEKER" ? undefined : role,
  );
  return letting.id;
}

builder.mutationFields((t) => ({
  offerMake: t.field({
    type: Offer,
    description:
      "Offer a closed listing to the best-ranked candidate who has not had an offer yet (one pending offer per listing). Landlord staff of the listing. Errors: NotAuthorizedError, NotFoundError, InvalidStateError (not closed, offer pending, nobody left), ValidationError.",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      dataField: { name: "offer", description: "The new offer." },
    },
    args: { input: t.arg({ type: OfferMakeInput, required: true, description: "Listing and deadline." }) },
    resolve: async (_r, { input }, ctx) => {
      const listingId = decodeGlobal(String(input.listingId), "Listing", "listingId");
      const listing = await db().listing.findUnique({
        where: { id: listingId },
        select: { landlordId: true, status: true },
      });
      if (!listing) throw new NotFoundError("Listing");
      requireLandlordOf(ctx, listing.landlordId);
      const respondBy = input.respondBy ?? new Date(Date.now() + OFFER_RESPONSE_DAYS * 86_400_000);
      if (respondBy <= new Date())
        throw new ValidationError([{ path: ["input", "respondBy"], message: "must be in the future" }]);
      if (listing.status !== "CLOSED" && listing.status !== "OFFERING")
        throw new InvalidStateError(listing.status, "Offers are made on closed listings");
      try {
        return await db().$transaction(async (tx) => {
          const pending = await tx.offer.findFirst({ where: { listingId, outcome: "PENDING" } });
          if (pending)
            throw new InvalidStateError("OFFERING", "An offer is pending; record its outcome first");
          const offer = await offerNext(ctx, tx, listingId, respondBy);
          if (!offer) throw new InvalidStateError(listing.status, "No eligible candidate is left");
          return offer;
        });
      } catch (e) {
        if (isUniqueViolation(e))
          throw new InvalidStateError("OFFERING", "An offer is pending; record its outcome first");
        throw e;
      }
    },
  }),
  offerRecordOutcome: t.field({
    type: OutcomeRef,
    description:
      "Record the candidate's answer. ACCEPTED: the letting is created, the listing becomes LET, other responses NOT_SELECTED, and the tenant's registration restarts today keeping 75% of their registration years ([001] §E.3 Voorstel IV). DECLINED / NO_RESPONSE: the next candidate gets an offer. Errors: NotAuthorizedError, NotFoundError, InvalidStateError, ValidationError.",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      dataField: { name: "result", description: "Offer, letting or next offer." },
    },
    args: {
      input: t.arg({ type: OfferRecordOutcomeInput, required: true, description: "Offer and outcome." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const offerId = decodeGlobal(String(input.offerId), "Offer", "offerId");
      const reason =
        input.reason != null
          ? parseInput(z.string().trim().max(1000), input.reason, ["input", "reason"])
          : null;
      const offer = await db().offer.findUnique({
        where: { id: offerId },
        include: { listing: { select: { landlordId: true } } },
      });
      if (!offer) throw new NotFoundError("Offer");
      requireLandlordOf(ctx, offer.listing.landlordId);
      return db().$transaction(async (tx) => {
        const now = new Date();
        if (input.outcome !== "ACCEPTED") {
          const ended = await endOfferTx(
            tx,
            offer,
            input.outcome,
            reason,
            now,
            actorFromContext(ctx, "LANDLORD_STAFF"),
          );
          if (!ended) throw new InvalidStateError(offer.outcome, "This offer already has an outcome");
          const next = await offerNext(
            ctx,
            tx,
            offer.listingId,
            new Date(now.getTime() + OFFER_RESPONSE_DAYS * 86_400_000),
          );
          return { offerId, lettingId: null, nextOfferId: next?.id ?? null };
        }
        const lettingId = await acceptOfferTx(ctx, tx, offer, reason, now, "LANDLORD_STAFF");
        return { offerId, lettingId, nextOfferId: null };
      });
    },
  }),
  offerDecline: t.field({
    type: Offer,
    description:
      "Decline an offer made to you (the seeker; session or token scope RESPONSES_WRITE): the offer becomes DECLINED and your response DECLINED, the same transition as the landlord recording a decline. The landlord then offers the dwelling to the next candidate (offerMake). Audited. Errors: NotAuthorizedError (not signed in as a seeker, scope missing, or the offer was made to someone else), NotFoundError, InvalidStateError (the offer is no longer pending), ValidationError.",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      dataField: { name: "offer", description: "The declined offer." },
    },
    args: { input: t.arg({ type: OfferDeclineInput, required: true, description: "Offer and reason." }) },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "RESPONSES_WRITE");
      refuseRepresentative(ctx, "Only the seeker can answer an offer");
      const offerId = decodeGlobal(String(input.offerId), "Offer", "offerId");
      const reason =
        input.reason != null
          ? parseInput(z.string().trim().max(1000), input.reason, ["input", "reason"]) || null
          : null;
      const offer = await db().offer.findUnique({ where: { id: offerId } });
      if (!offer) throw new NotFoundError("Offer");
      if (offer.seekerId !== seekerId) throw new NotAuthorizedError("This offer was made to someone else");
      return db().$transaction(async (tx) => {
        const ended = await endOfferTx(tx, offer, "DECLINED", reason, new Date(), actorFromContext(ctx));
        if (!ended) {
          const now = await tx.offer.findUniqueOrThrow({ where: { id: offerId }, select: { outcome: true } });
          throw new InvalidStateError(now.outcome, "Only a pending offer can be declined");
        }
        return tx.offer.findUniqueOrThrow({ where: { id: offerId } });
      });
    },
  }),
  offerAccept: t.field({
    type: Offer,
    description:
      "Accept an offer made to you (the seeker; session or token scope RESPONSES_WRITE) before its deadline (`respondBy`): the same transition as the landlord recording ACCEPTED — the letting is created from the order fixed at close, the listing becomes LET, the other candidates NOT_SELECTED, and your registration restarts today keeping 75% of your registration years ([001] §E.3 Voorstel IV); your other open responses end and a granted urgency declaration has served its purpose. Audited. Errors: NotAuthorizedError (not signed in as a seeker, scope missing, or the offer was made to someone else), NotFoundError, InvalidStateError (the offer is no longer pending, or its deadline has passed), ValidationError.",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      dataField: {
        name: "offer",
        description: "The accepted offer (outcome ACCEPTED; the listing is now LET).",
      },
    },
    args: { input: t.arg({ type: OfferAcceptInput, required: true, description: "The offer." }) },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "RESPONSES_WRITE");
      refuseRepresentative(ctx, "Only the seeker can answer an offer");
      const offerId = decodeGlobal(String(input.offerId), "Offer", "offerId");
      const offer = await db().offer.findUnique({ where: { id: offerId } });
      if (!offer) throw new NotFoundError("Offer");
      if (offer.seekerId !== seekerId) throw new NotAuthorizedError("This offer was made to someone else");
      return db().$transaction(async (tx) => {
        const now = new Date();
        const current = await tx.offer.findUniqueOrThrow({
          where: { id: offerId },
          select: { outcome: true, respondBy: true },
        });
        if (current.outcome !== "PENDING")
          throw new InvalidStateError(current.outcome, "Only a pending offer can be accepted");
        if (current.respondBy <= now)
          throw new InvalidStateError(
            "PENDING",
            `The deadline to answer this offer passed at ${current.respondBy.toISOString()}`,
          );
        await acceptOfferTx(ctx, tx, offer, null, now, "SEEKER");
        return tx.offer.findUniqueOrThrow({ where: { id: offerId } });
      });
    },
  }),
  lettingCreateByMediation: t.field({
    type: Letting,
    description:
      "Let a direct-mediation (BEMIDDELING) listing directly to a household — model B of [001] §E.2c / Figuur 3 (\"directe bemiddeling\"), the second way urgent households are housed besides priority on published listings. The basis is the household's granted urgency declaration valid today (`basis: URGENCY`; its category is recorded with the letting) or a mediation referral (`basis: REFERRAL`, e.g. a municipality's referral of a statushouder or someone leaving a shelter, with its reference). The household must meet the listing's criteria (income, household size: passend toewijzen). The letting is recorded with model BEMIDDELING and decidedBy MEDIATION (counted as model B by monitoring), the listing becomes LET, and the tenant is housed as on any acceptance: 75% of registration years retained ([001] §E.3 Voorstel IV), other open responses end, the urgency declaration ends. Landlord staff of the listing; audited. Errors: NotAuthorizedError, NotFoundError, InvalidStateError (not a BEMIDDELING listing, already let or withdrawn, an offer is pending, household not active, no valid urgency declaration), NotEligibleError, ValidationError.",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError, NotEligibleError],
      dataField: { name: "letting", description: "The new letting (unpublished)." },
    },
    args: {
      input: t.arg({
        type: LettingCreateByMediationInput,
        required: true,
        description: "Listing, household, basis.",
      }),
    },
    resolve: async (_r, { input }, ctx) => {
      const listingId = decodeGlobal(String(input.listingId), "Listing", "listingId");
      const seekerId = decodeGlobal(String(input.seekerId), "Seeker", "seekerId");
      const referral =
        input.referralReference != null
          ? parseInput(
              z.string().trim().min(3, "must be at least 3 characters").max(200),
              input.referralReference,
              ["input", "referralReference"],
            )
          : null;
      if (input.basis === "REFERRAL" && !referral)
        throw new ValidationError([
          { path: ["input", "referralReference"], message: "is required for a mediation referral" },
        ]);
      if (input.basis === "URGENCY" && input.referralCategory != null)
        throw new ValidationError([
          {
            path: ["input", "referralCategory"],
            message: "is for referrals only; an urgency mediation records the declaration's category",
          },
        ]);
      const head = await db().listing.findUnique({ where: { id: listingId }, select: { landlordId: true } });
      if (!head) throw new NotFoundError("Listing");
      requireLandlordOf(ctx, head.landlordId);
      try {
        return await db().$transaction(async (tx) => {
          const now = new Date();
          // Lock the listing: a parallel mediation, offer or close waits for this one.
          await tx.$queryRaw`SELECT id FROM "Listing" WHERE id = ${listingId}::uuid FOR UPDATE`;
          const listing = await tx.listing.findUniqueOrThrow({
            where: { id: listingId },
            select: { ...listingSelect, dwellingId: true },
          });
          if (listing.allocationModel !== "BEMIDDELING")
            throw new InvalidStateError(
              listing.allocationModel,
              "Direct mediation lets BEMIDDELING listings only; other listings are let from their ranking",
            );
          if (!["DRAFT", "PUBLISHED", "CLOSED", "OFFERING"].includes(listing.status))
            throw new InvalidStateError(listing.status, "This listing is already let or withdrawn");
          if (await tx.offer.findFirst({ where: { listingId, outcome: "PENDING" }, select: { id: true } }))
            throw new InvalidStateError("OFFERING", "An offer is pending; record its outcome first");
          const seeker = await tx.seeker.findUnique({ where: { id: seekerId }, include: seekerInclude });
          if (!seeker) throw new NotFoundError("Seeker");
          if (seeker.status !== "ACTIVE")
            throw new InvalidStateError(seeker.status, "The household's registration is not active");
          const ruleSet = ruleSetInForce(await loadRuleSets(tx), now);
          const seekerIn = seekerInput(seeker);
          let urgencyCategory: string | null = input.referralCategory ?? null;
          if (input.basis === "URGENCY") {
            const u = seekerIn.urgency;
            if (!u || !urgencyValidAt(u, now))
              throw new InvalidStateError(
                "NO_VALID_URGENCY",
                "The household has no urgency declaration valid today; use a mediation referral instead",
              );
            urgencyCategory = u.category;
          }
          const eligibility = checkEligibility(seekerIn, await listingInputTx(tx, listing), ruleSet, now);
          if (!eligibility.eligible) throw new NotEligibleError(failedChecks(eligibility));
          const letting = await tx.letting.create({
            data: {
              listingId,
              dwellingId: listing.dwellingId,
              seekerId,
              letAt: now,
              registrationYearsUsed: registrationYears(
                seeker.registrationDate,
                seeker.retainedRegistrationYears,
                now,
              ),
              seekerWasMover: seeker.currentDwellingKind === "INDEPENDENT_RENTAL",
              decidedBy: "MEDIATION",
              priorityRule: urgencyCategory ? "URGENCY" : null,
              urgencyCategory: urgencyCategory as never,
              allocationModel: "BEMIDDELING",
              responseCount: 0,
              netRentCents: listing.netRentCents,
              householdSize: seeker.householdSize,
              householdIncomeCents: seeker.householdIncomeCents,
            },
          });
          await tx.response.updateMany({
            where: { listingId, status: { in: ["ACTIVE", "OFFERED"] } },
            data: { status: "NOT_SELECTED" },
          });
          await tx.listing.update({
            where: { id: listingId },
            data: {
              status: "LET",
              closedAt: listing.status === "CLOSED" || listing.status === "OFFERING" ? undefined : now,
            },
          });
          const retained = await houseTenantTx(tx, seeker, listing.dwellingId, null, now, ruleSet);
          await audit(
            ctx,
            "CREATE",
            "Letting",
            letting.id,
            {
              model: "B",
              basis: input.basis,
              urgencyCategory,
              referralReference: referral,
              retainedYears: retained,
              housed: true,
            },
            tx,
            "LANDLORD_STAFF",
          );
          return letting;
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw new InvalidStateError("LET", "This listing is already let");
        throw e;
      }
    },
  }),
  lettingPublish: t.field({
    type: Letting,
    description:
      "Publish the result of a letting (landlord staff of the listing). Errors: NotAuthorizedError, NotFoundError, InvalidStateError (already published).",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      dataField: { name: "letting", description: "The published letting." },
    },
    args: { input: t.arg({ type: LettingPublishInput, required: true, description: "The letting." }) },
    resolve: async (_r, { input }, ctx) => {
      const id = decodeGlobal(String(input.lettingId), "Letting", "lettingId");
      const letting = await db().letting.findUnique({
        where: { id },
        include: { listing: { select: { landlordId: true } } },
      });
      if (!letting) throw new NotFoundError("Letting");
      requireLandlordOf(ctx, letting.listing.landlordId);
      return db().$transaction(async (tx) => {
        const n = await tx.letting.updateMany({
          where: { id, publishedAt: null },
          data: { publishedAt: new Date() },
        });
        if (n.count !== 1) throw new InvalidStateError("PUBLISHED", "The result is already published");
        await audit(ctx, "UPDATE", "Letting", id, { action: "publish" }, tx, "LANDLORD_STAFF");
        return tx.letting.findUniqueOrThrow({ where: { id } });
      });
    },
  }),
}));
