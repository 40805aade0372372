/**
 * Responses (reacties): respond to a listing, withdraw. One response per seeker and listing,
 * guarded by the database's unique constraint so concurrent double submits create one row.
 */
import { invalidatePublicListing } from "../cache.ts";
import { z } from "zod";
import { recordResponseLimitRefusal } from "./response-limit-monitoring.ts";
import { checkEligibility, failedChecks, responseLimitCheck } from "../allocation/index.ts";
import { committeeWoongroepIds, hasSeekerScope, landlordOrgIds, type Context } from "../auth/context.ts";
import { db } from "../db.ts";
import { entryCode } from "../lottery-key.ts";
import { builder } from "./builder.ts";
import { CommitteeVerdictEnum, decodeGlobal, ResponseStatusEnum } from "./common.ts";
import {
  listingInputTx,
  listingSelect,
  loadRuleSets,
  responseCounts,
  seekerInclude,
  seekerInput,
} from "./core.ts";
import {
  AlreadyRespondedError,
  InvalidStateError,
  ResponseLimitReachedError,
  NotEligibleError,
  NotFoundError,
  parseInput,
  ValidationError,
  WindowClosedError,
} from "./errors.ts";
import { audit, isUniqueViolation, requireSeeker } from "./guards.ts";
import { load } from "./loaders.ts";
import { lockListingForShare, lockSeekerForUpdate } from "../locks.ts";
import { assertSeekerNotMerged } from "../duplicates.ts";
import { ruleSetInForce } from "../allocation/index.ts";
import { viewerPosition } from "./position.ts";
import { ViewerPositionRef } from "./listing.ts";

/** Landlord and woongroep of listings, batched per request (for response visibility). */
function listingMeta(ctx: Context, listingId: string) {
  return load(ctx, "listingMeta", listingId, async (ids) => {
    const rows = await db().listing.findMany({
      where: { id: { in: ids } },
      select: {
        id: true,
        landlordId: true,
        dwelling: { select: { complex: { select: { woongroep: { select: { id: true } } } } } },
      },
    });
    return new Map(
      rows.map((r) => [
        r.id,
        { landlordId: r.landlordId, woongroepId: r.dwelling.complex?.woongroep?.id ?? null },
      ]),
    );
  });
}

/** Whether the viewer may see a response: its seeker, the listing's landlord, or the woongroep committee. */
async function canSeeResponse(ctx: Context, r: { seekerId: string; listingId: string }): Promise<boolean> {
  if (ctx.viewer?.seekerId === r.seekerId) return hasSeekerScope(ctx.viewer, "SEEKER_READ");
  if (!ctx.viewer?.memberships.length) return false;
  const meta = await listingMeta(ctx, r.listingId);
  if (!meta) return false;
  return (
    landlordOrgIds(ctx.viewer).includes(meta.landlordId) ||
    (!!meta.woongroepId && committeeWoongroepIds(ctx.viewer).includes(meta.woongroepId))
  );
}

export const Response = builder.prismaNode("Response", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  id: { field: "id" },
  description:
    "A seeker's response (reactie) on a listing. Visible to the seeker, the listing's landlord staff and, for woongroep listings, its committee.",
  authScopes: async (r, ctx) => canSeeResponse(ctx, r),
  fields: (t) => ({
    listing: t.relation("listing", { description: "The listing." }),
    status: t.expose("status", { type: ResponseStatusEnum, description: "Status." }),
    createdAt: t.expose("createdAt", {
      type: "DateTime",
      description: "When the seeker responded (tie-breaker after registration date).",
    }),
    withdrawnAt: t.expose("withdrawnAt", {
      type: "DateTime",
      nullable: true,
      description: "When withdrawn.",
    }),
    motivation: t.exposeString("motivation", {
      nullable: true,
      description: "Motivation (woongroep listings) [000].",
    }),
    committeeVerdict: t.expose("committeeVerdict", {
      type: CommitteeVerdictEnum,
      description: "Woongroep committee verdict.",
    }),
    committeeReason: t.exposeString("committeeReason", {
      nullable: true,
      description: "Reason given by the committee.",
    }),
    finalPosition: t.exposeInt("finalPosition", {
      nullable: true,
      description: "Position in the final ranking at close (1 = first).",
    }),
    lotteryEntryCode: t.string({
      nullable: true,
      description:
        "LOTERIJ: this response's pseudonymous entry code (64 hex characters), fixed before the listing's commitment; find it in the published draw (Listing.lottery.entries) after close. Null for other listings. Seeker only (null for staff and the committee).",
      select: {
        lotteryEntry: true,
        seeker: { select: { registrationNumber: true } },
        listing: { select: { reference: true, allocationModel: true } },
      },
      resolve: (r, _a, ctx) => {
        if (ctx.viewer?.seekerId !== r.seekerId || r.listing.allocationModel !== "LOTERIJ") return null;
        return r.lotteryEntry ?? entryCode(r.listing.reference, r.seeker.registrationNumber);
      },
    }),
    position: t.field({
      type: ViewerPositionRef,
      nullable: true,
      description: "The seeker's position on the listing now (seeker only; null for staff).",
      resolve: async (r, _a, ctx) => {
        if (ctx.viewer?.seekerId !== r.seekerId) return null;
        const { listingRow } = await import("./core.ts");
        const l = await listingRow(ctx, r.listingId);
        return l ? viewerPosition(ctx, l) : null;
      },
    }),
  }),
});

const ListingRespondInput = builder.inputType("ListingRespondInput", {
  description: "Input of listingRespond.",
  fields: (t) => ({
    listingId: t.id({ required: true, description: "Global ID of the listing." }),
    motivation: t.string({
      required: false,
      description:
        "Motivation: what you will contribute to the woongroep (required for WOONGROEP listings, 50–5000 characters) [000].",
    }),
  }),
});
const ResponseWithdrawInput = builder.inputType("ResponseWithdrawInput", {
  description: "Input of responseWithdraw.",
  fields: (t) => ({ responseId: t.id({ required: true, description: "Global ID of your response." }) }),
});

/** Woongroep motivation length bounds (characters). */
export const MOTIVATION_MIN = 50;
export const MOTIVATION_MAX = 5000;

builder.mutationFields((t) => ({
  listingRespond: t.field({
    type: Response,
    description:
      "Respond to an open listing. Eligibility is checked with the rule set in force (all checks must pass). WOONGROEP listings need a motivation. One response per seeker and listing: a repeated or concurrent call returns AlreadyRespondedError; a withdrawn response is re-activated with a new response time. Where the rule set in force limits responses (`responses.maxActive` open at once, `responses.maxPerWeek` in 7 days), the limit is checked in the response's own transaction (see `Seeker.responseAllowance`). A registration closed by a merge of duplicate registrations (status MERGED) cannot respond: InvalidStateError (respond with the registration that was kept). Token scope RESPONSES_WRITE. Errors: NotAuthorizedError, NotFoundError, WindowClosedError, NotEligibleError, AlreadyRespondedError, ResponseLimitReachedError, InvalidStateError, ValidationError.",
    errors: {
      types: [
        ValidationError,
        NotFoundError,
        WindowClosedError,
        NotEligibleError,
        AlreadyRespondedError,
        ResponseLimitReachedError,
        InvalidStateError,
      ],
      dataField: { name: "response", description: "The response." },
    },
    args: {
      input: t.arg({ type: ListingRespondInput, required: true, description: "Listing and motivation." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "RESPONSES_WRITE");
      const listingId = decodeGlobal(String(input.listingId), "Listing", "listingId");
      const motivation = input.motivation?.trim() || null;
      // Eligibility on the rows as read now (reads only, outside the transaction to keep it short
      // under load); the listing's state, which a close can change, is checked again below.
      const now = new Date();
      const listing = await db().listing.findUnique({ where: { id: listingId }, select: listingSelect });
      if (!listing || listing.status === "DRAFT") throw new NotFoundError("Listing");
      if (listing.status !== "PUBLISHED" || listing.closesAt <= now)
        throw new WindowClosedError(listing.closesAt);
      if (listing.allocationModel === "WOONGROEP") {
        parseInput(
          z
            .string({ error: "a motivation is required for woongroep listings" })
            .min(MOTIVATION_MIN, `must be at least ${MOTIVATION_MIN} characters`)
            .max(MOTIVATION_MAX, `must be at most ${MOTIVATION_MAX} characters`),
          motivation ?? undefined,
          ["input", "motivation"],
        );
      } else if (motivation && motivation.length > MOTIVATION_MAX) {
        throw new ValidationError([
          { path: ["input", "motivation"], message: `must be at most ${MOTIVATION_MAX} characters` },
        ]);
      }
      const seeker = await db().seeker.findUniqueOrThrow({ where: { id: seekerId }, include: seekerInclude });
      const ruleSet = ruleSetInForce(await loadRuleSets(), now);
      const result = checkEligibility(
        seekerInput(seeker),
        await listingInputTx(db() as never, listing),
        ruleSet,
        now,
        {
          motivation,
          committeeVerdict: "PENDING",
        },
      );
      if (!result.eligible) throw new NotEligibleError(failedChecks(result));
      try {
        const limited = ruleSet.responses.maxActive !== null || ruleSet.responses.maxPerWeek !== null;
        const response = await db().$transaction(async (tx) => {
          // With a response limit: the seeker's row first (their responses are counted below, and
          // two responses of one seeker at once must not both pass the last free place).
          if (limited) await lockSeekerForUpdate(tx, seekerId);
          // A merge of duplicate registrations (duplicateCandidateMerge) locks the seeker FOR UPDATE
          // and withdraws its responses: KEY SHARE here makes it wait for this response (and
          // withdraw it) or makes this response see MERGED.
          await assertSeekerNotMerged(tx, seekerId);
          // Lock the listing FOR SHARE, then check its state: closing takes it FOR UPDATE
          // (closeListingTx), so this response either commits before the close ranks the listing
          // or waits and then sees it CLOSED (locks.ts).
          await lockListingForShare(tx, listingId);
          const current = await tx.listing.findUnique({
            where: { id: listingId },
            select: { status: true, closesAt: true },
          });
          const at = new Date();
          if (!current || current.status === "DRAFT") throw new NotFoundError("Listing");
          if (current.status !== "PUBLISHED" || current.closesAt <= at)
            throw new WindowClosedError(current.closesAt);
          const existing = await tx.response.findUnique({
            where: { listingId_seekerId: { listingId, seekerId } },
            select: { id: true, status: true },
          });
          if (existing && existing.status !== "WITHDRAWN") throw new AlreadyRespondedError(existing.id);
          if (limited) {
            const counts = await responseCounts(tx, seekerId, at);
            const allowance = responseLimitCheck(counts, ruleSet);
            if (allowance.reached === "ACTIVE")
              throw new ResponseLimitReachedError("ACTIVE", allowance.maxActive!, counts.active);
            if (allowance.reached === "WEEK")
              throw new ResponseLimitReachedError("WEEK", allowance.maxPerWeek!, counts.lastWeek);
          }

          let response;
          if (existing) {
            const n = await tx.response.updateMany({
              where: { id: existing.id, status: "WITHDRAWN" },
              data: {
                status: "ACTIVE",
                withdrawnAt: null,
                createdAt: now,
                motivation,
                committeeVerdict: "PENDING",
                committeeReason: null,
                reviewedAt: null,
                reviewedById: null,
              },
            });
            if (n.count !== 1) throw new AlreadyRespondedError(existing.id);
            response = await tx.response.findUniqueOrThrow({ where: { id: existing.id } });
          } else {
            response = await tx.response.create({
              data: { listingId, seekerId, motivation, createdAt: now },
            });
          }
          await audit(ctx, "CREATE", "Response", response.id, undefined, tx);
          return response;
        });
        await invalidatePublicListing(listingId); // its response count changed (cache.ts)
        return response;
      } catch (e) {
        // counted for monitoring (response-limit-monitoring.ts), outside the rolled-back transaction
        if (e instanceof ResponseLimitReachedError) await recordResponseLimitRefusal(e.limit);
        if (isUniqueViolation(e)) {
          const row = await db().response.findUnique({
            where: { listingId_seekerId: { listingId, seekerId } },
            select: { id: true },
          });
          throw new AlreadyRespondedError(row?.id ?? "");
        }
        throw e;
      }
    },
  }),
  responseWithdraw: t.field({
    type: Response,
    description:
      "Withdraw your active response. Token scope RESPONSES_WRITE. Errors: NotAuthorizedError, NotFoundError, InvalidStateError (not active: offered, accepted, already withdrawn…).",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      dataField: { name: "response", description: "The withdrawn response." },
    },
    args: { input: t.arg({ type: ResponseWithdrawInput, required: true, description: "The response." }) },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "RESPONSES_WRITE");
      const id = decodeGlobal(String(input.responseId), "Response", "responseId");
      const current = await db().response.findFirst({ where: { id, seekerId } });
      if (!current) throw new NotFoundError("Response");
      const withdrawn = await db().$transaction(async (tx) => {
        const n = await tx.response.updateMany({
          where: { id, seekerId, status: "ACTIVE" },
          data: { status: "WITHDRAWN", withdrawnAt: new Date() },
        });
        if (n.count !== 1)
          throw new InvalidStateError(current.status, "Only an active response can be withdrawn");
        await audit(ctx, "UPDATE", "Response", id, { action: "withdraw" }, tx);
        return tx.response.findUniqueOrThrow({ where: { id } });
      });
      await invalidatePublicListing(withdrawn.listingId); // its response count changed (cache.ts)
      return withdrawn;
    },
  }),
}));
