/**
 * Woongroepen [000]: the group's public description, and the committee's review of motivations.
 * Committee members see candidates' names, motivations and registration years — never income,
 * household details or urgency data.
 */
import { z } from "zod";
import { registrationYears } from "../allocation/index.ts";
import { committeeWoongroepIds } from "../auth/context.ts";
import { db } from "../db.ts";
import { builder } from "./builder.ts";
import { reRankClosedListingTx } from "../lifecycle.ts";
import { CommitteeVerdictEnum, decodeGlobal } from "./common.ts";
import { InvalidStateError, NotFoundError, parseInput, ValidationError } from "./errors.ts";
import { audit, requireCommitteeOf } from "./guards.ts";

export const Woongroep = builder.prismaObject("Woongroep", {
  description:
    "A woongroep: a complex housing a mix of vragende (in need of support) and dragende (contributing) residents [000]. Public.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Woongroep id." }),
    name: t.exposeString("name", { description: "Name." }),
    description: t.exposeString("description", {
      description: "What the group is and what it asks of dragende residents.",
    }),
    targetDragendShare: t.exposeFloat("targetDragendShare", {
      description: "Target share of dragende residents (0..1).",
    }),
    dragendResidents: t.exposeInt("dragendResidents", { description: "Current dragende residents." }),
    vragendResidents: t.exposeInt("vragendResidents", { description: "Current vragende residents." }),
    listings: t.prismaField({
      type: ["Listing"],
      description:
        "Listings of this woongroep (committee members of this group and the landlord: all; others: public ones).",
      select: { complexId: true },
      resolve: (q, w, _a, ctx) =>
        db().listing.findMany({
          ...q,
          where: {
            dwelling: { complexId: w.complexId },
            ...(committeeWoongroepIds(ctx.viewer).includes(w.id)
              ? { status: { not: "DRAFT" } }
              : { status: { in: ["PUBLISHED", "CLOSED", "OFFERING", "LET"] } }),
          },
          orderBy: { closesAt: "desc" },
        }),
    }),
    candidates: t.prismaField({
      type: [CommitteeCandidate],
      description:
        "Responses to this woongroep's listings with their motivations, for review. Committee members of this woongroep only.",
      authScopes: (w) => ({ committeeOf: w.id }),
      args: {
        pendingOnly: t.arg.boolean({
          required: false,
          defaultValue: false,
          description: "Only responses not yet reviewed.",
        }),
      },
      select: { complexId: true },
      resolve: (q, w, args) =>
        db().response.findMany({
          ...q,
          where: {
            listing: {
              dwelling: { complexId: w.complexId },
              status: { in: ["PUBLISHED", "CLOSED", "OFFERING"] },
            },
            status: { in: ["ACTIVE", "OFFERED"] },
            ...(args.pendingOnly ? { committeeVerdict: "PENDING" as const } : {}),
          },
          orderBy: [{ listingId: "asc" }, { createdAt: "asc" }],
        }),
    }),
  }),
});

export const CommitteeCandidate = builder.prismaObject("Response", {
  variant: "CommitteeCandidate",
  description:
    "A woongroep candidate as the committee sees it: name, motivation, registration years and the verdict. No income, household or urgency data.",
  fields: (t) => ({
    responseId: t.exposeID("id", {
      description: "Response id (use with responseReview as the global ID in `response`).",
    }),
    response: t.variant("Response", { description: "The response (global ID for responseReview)." }),
    listing: t.relation("listing", { description: "The listing." }),
    name: t.string({
      description: "Candidate's name.",
      select: { seeker: { select: { firstName: true, lastName: true } } },
      resolve: (r) => `${r.seeker.firstName} ${r.seeker.lastName}`,
    }),
    motivation: t.exposeString("motivation", { nullable: true, description: "The motivation [000]." }),
    registrationYears: t.float({
      description: "Registration years today (years); among suitable candidates these lead [000].",
      select: { seeker: { select: { registrationDate: true, retainedRegistrationYears: true } } },
      resolve: (r) =>
        registrationYears(r.seeker.registrationDate, r.seeker.retainedRegistrationYears, new Date()),
    }),
    position: t.exposeInt("finalPosition", {
      nullable: true,
      description:
        "Place in the listing's order (1 = first) once the listing closed; re-ranked after each verdict given after close (suitable candidates by registration years [000]). Null while the listing is open and for candidates marked UNSUITABLE (excluded).",
    }),
    verdict: t.expose("committeeVerdict", { type: CommitteeVerdictEnum, description: "Verdict so far." }),
    reason: t.exposeString("committeeReason", { nullable: true, description: "Reason of the verdict." }),
    reviewedAt: t.expose("reviewedAt", { type: "DateTime", nullable: true, description: "When reviewed." }),
  }),
});

builder.queryFields((t) => ({
  committeeWoongroepen: t.prismaField({
    type: ["Woongroep"],
    description: "The woongroepen the signed-in committee member reviews for. Committee members only.",
    authScopes: { committee: true },
    resolve: (q, _r, _a, ctx) =>
      db().woongroep.findMany({
        ...q,
        where: { id: { in: committeeWoongroepIds(ctx.viewer) } },
        orderBy: { name: "asc" },
      }),
  }),
}));

const ResponseReviewInput = builder.inputType("ResponseReviewInput", {
  description: "A committee verdict on a motivation.",
  fields: (t) => ({
    responseId: t.id({ required: true, description: "Global ID of the response." }),
    verdict: t.field({ type: CommitteeVerdictEnum, required: true, description: "SUITABLE or UNSUITABLE." }),
    reason: t.string({ required: true, description: "Reason (5–2000 characters), shown to the candidate." }),
  }),
});

builder.mutationFields((t) => ({
  responseReview: t.field({
    type: CommitteeCandidate,
    description:
      "Mark a woongroep candidate suitable or unsuitable with a reason (committee of that woongroep; while the listing is published or closed, before offers are made). UNSUITABLE removes the candidate from the ranking [000]. Errors: NotAuthorizedError, NotFoundError, InvalidStateError, ValidationError.",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      dataField: { name: "candidate", description: "The reviewed candidate." },
    },
    args: { input: t.arg({ type: ResponseReviewInput, required: true, description: "The verdict." }) },
    resolve: async (_r, { input }, ctx) => {
      const id = decodeGlobal(String(input.responseId), "Response", "responseId");
      if (input.verdict === "PENDING")
        throw new ValidationError([
          { path: ["input", "verdict"], message: "must be SUITABLE or UNSUITABLE" },
        ]);
      const reason = parseInput(
        z.string().trim().min(5, "must be at least 5 characters").max(2000),
        input.reason,
        ["input", "reason"],
      );
      const r = await db().response.findUnique({
        where: { id },
        select: {
          id: true,
          status: true,
          listing: {
            select: {
              status: true,
              allocationModel: true,
              dwelling: { select: { complex: { select: { woongroep: { select: { id: true } } } } } },
            },
          },
        },
      });
      if (!r || r.listing.allocationModel !== "WOONGROEP") throw new NotFoundError("Response");
      const viewer = requireCommitteeOf(ctx, r.listing.dwelling.complex?.woongroep?.id);
      if (!["PUBLISHED", "CLOSED"].includes(r.listing.status) || r.status !== "ACTIVE") {
        throw new InvalidStateError(
          r.listing.status,
          "Candidates can be reviewed only while the listing is published or closed and the response active",
        );
      }
      return db().$transaction(async (tx) => {
        // Serialise with the close and with offers on this listing: the check and the re-ranking
        // see the listing as it is when the verdict is written.
        const [locked] = await tx.$queryRaw<{ status: string }[]>`
          SELECT l.status::text AS status FROM "Listing" l JOIN "Response" r ON r."listingId" = l.id
          WHERE r.id = ${id}::uuid FOR UPDATE OF l`;
        const now = await tx.response.findUniqueOrThrow({ where: { id }, select: { status: true } });
        if (!locked || !["PUBLISHED", "CLOSED"].includes(locked.status) || now.status !== "ACTIVE")
          throw new InvalidStateError(
            locked?.status ?? r.listing.status,
            "Candidates can be reviewed only while the listing is published or closed and the response active",
          );
        const updated = await tx.response.update({
          where: { id },
          data: {
            committeeVerdict: input.verdict,
            committeeReason: reason,
            reviewedAt: new Date(),
            reviewedById: viewer.userId,
          },
        });
        await audit(
          ctx,
          "UPDATE",
          "Response",
          id,
          { action: "review", verdict: input.verdict },
          tx,
          "COMMITTEE_MEMBER",
        );
        // A verdict after close changes the order fixed at close: rank again on the close inputs.
        await reRankClosedListingTx(tx, updated.listingId);
        return tx.response.findUniqueOrThrow({ where: { id } });
      });
    },
  }),
}));
