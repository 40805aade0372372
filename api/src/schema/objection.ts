/**
 * Objections and complaints (bezwaar en klacht). An urgency decision is a decision under the
 * Algemene wet bestuursrecht (Awb): the applicant may object within six weeks (art. 6:7) and the
 * decision must say so (art. 3:45). An allocation outcome (a response not selected, an offer's
 * outcome, a letting result) may be complained about (klacht) to the listing's landlord.
 *
 * - The seeker files (`objectionFile`) with reasons and documents (encrypted as urgency
 *   documents, documents.ts); a late objection is received but marked (art. 6:11).
 * - Objections against urgency decisions go to assessors, but never to the assessor who made the
 *   decision objected to (art. 7:5 lid 1: heard by someone not involved in the decision);
 *   complaints go to staff of the listing's landlord. Every staff read is audited.
 * - Staff plan a hearing (hoorzitting, art. 7:2; `objectionHearingPlan`), may extend the decision
 *   period once by six weeks (art. 7:10 lid 3; `objectionDecisionPeriodExtend`) and decide
 *   (`objectionDecide`): UPHELD (gegrond) or REJECTED (ongegrond) with a written decision
 *   (art. 7:12). An upheld objection against an urgency REJECTION grants the declaration in the
 *   same transaction, through the same path as urgencyApplicationDecide.
 * - A complaint shows the rule-by-rule explanation of the response's place as the allocation core
 *   computed it on the inputs frozen at close (fixed-order.ts).
 *
 * Periods: objection-terms.ts.
 */
import type { Objection as ObjectionRow, ObjectionKind, ObjectionStatus, Prisma } from "@woonbeurt/db";
import { z } from "zod";
import {
  explainRankReason,
  toUtcMidnight,
  type CalendarDate,
  type EligibilityCheck,
  type RankReason,
} from "../allocation/index.ts";
import { hasRole, hasSeekerScope, landlordOrgIds, type Context } from "../auth/context.ts";
import { db, type Tx } from "../db.ts";
import { decryptDocument } from "../documents.ts";
import { decisionDueOn, isFiledLate, objectionTerms } from "../objection-terms.ts";
import { builder } from "./builder.ts";
import {
  decodeGlobal,
  EligibilityCheckRef,
  ErrorInterface,
  encodeGlobal,
  LanguageEnum,
  PriorityOrRegistrationEnum,
  UrgencyCategoryEnum,
} from "./common.ts";
import { listingRow } from "./core.ts";
import {
  AppError,
  InvalidStateError,
  NotAuthorizedError,
  NotFoundError,
  parseInput,
  ValidationError,
} from "./errors.ts";
import { hasFixedOrder } from "./fixed-order.ts";
import { audit, isUniqueViolation, requireSeeker, requireSignedIn } from "./guards.ts";
import { fixedOrderOf } from "./position.ts";
import {
  documentKeyInUse,
  grantDeclarationTx,
  prepareDocuments,
  SearchProfileInput,
  searchProfileSchema,
} from "./urgency.ts";

// ── Errors ──────────────────────────────────────────────────────────────────────────────────

/** The subject is not a decision of the caller that can be objected to (not theirs, not decided). */
export class NotObjectableError extends AppError {
  constructor(message: string) {
    super("NOT_OBJECTABLE", message);
  }
}
/** The caller already objected to (or complained about) this decision. */
export class AlreadyObjectedError extends AppError {
  readonly objectionId: string;
  constructor(objectionId: string) {
    super("ALREADY_OBJECTED", "You have already filed an objection or complaint about this decision");
    this.objectionId = objectionId;
  }
}

builder.objectType(NotObjectableError, {
  name: "NotObjectableError",
  description:
    "The subject is not a decision of yours that can be objected to: not your urgency application or response, or not decided (an urgency application GRANTED, REJECTED or EXPIRED; a response NOT_SELECTED or DECLINED). Code NOT_OBJECTABLE.",
  interfaces: [ErrorInterface],
});
builder.objectType(AlreadyObjectedError, {
  name: "AlreadyObjectedError",
  description:
    "You already filed an objection or complaint about this decision (one per decision). Code ALREADY_OBJECTED.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    objectionId: t.id({
      description: "Global ID of the existing Objection.",
      resolve: (e) => encodeGlobal("Objection", e.objectionId),
    }),
  }),
});

// ── Enums ───────────────────────────────────────────────────────────────────────────────────

const ObjectionKindEnum = builder.enumType("ObjectionKind", {
  description: "What an objection is against.",
  values: {
    OBJECTION: { description: "Bezwaar against an urgency decision (Awb art. 6:4, 7:1)." },
    COMPLAINT: { description: "Klacht about an allocation outcome (a response on a listing)." },
  } as const,
});
const ObjectionStatusEnum = builder.enumType("ObjectionStatus", {
  description: "Where an objection stands.",
  values: {
    RECEIVED: { description: "Ontvangen: awaiting a hearing or decision." },
    HEARING_PLANNED: { description: "Hoorzitting gepland (Awb art. 7:2): see hearingAt." },
    DECIDED: { description: "Beslist (Awb art. 7:11): see outcome and decision." },
  } as const,
});
const ObjectionOutcomeEnum = builder.enumType("ObjectionOutcome", {
  description: "The decision on an objection.",
  values: {
    UPHELD: {
      description:
        "Gegrond. Against an urgency rejection: the declaration is granted (category, search profile, validity) in the same step.",
    },
    REJECTED: { description: "Ongegrond: the decision objected to stands." },
  } as const,
});

// ── Access ──────────────────────────────────────────────────────────────────────────────────

type ObjectionAccess = Pick<ObjectionRow, "id" | "kind" | "seekerId" | "responseId" | "urgencyApplicationId">;

/** The listing landlord of a complaint's response (null for an objection). */
async function complaintLandlord(ctx: Context, o: ObjectionAccess): Promise<string | null> {
  if (o.kind !== "COMPLAINT" || !o.responseId) return null;
  const k = `complaintLandlord:${o.responseId}`;
  if (ctx.cache.has(k)) return ctx.cache.get(k) as string | null;
  const r = await db().response.findUnique({
    where: { id: o.responseId },
    select: { listing: { select: { landlordId: true } } },
  });
  const id = r?.listing.landlordId ?? null;
  ctx.cache.set(k, id);
  return id;
}

/** Whether the viewer handles this objection as staff: an assessor (objection) or its landlord's staff (complaint). */
async function isHandlingStaff(ctx: Context, o: ObjectionAccess): Promise<boolean> {
  if (o.kind === "OBJECTION") return hasRole(ctx.viewer, "ASSESSOR");
  const landlord = await complaintLandlord(ctx, o);
  return !!landlord && landlordOrgIds(ctx.viewer).includes(landlord);
}

/**
 * Whether the viewer may read an objection: the seeker who filed it (an objection needs the token
 * scope URGENCY_READ, a complaint SEEKER_READ), an assessor (objections) or staff of the listing's
 * landlord (complaints). Staff reads are audited once per request.
 */
async function canReadObjection(ctx: Context, o: ObjectionAccess): Promise<boolean> {
  if (ctx.viewer?.seekerId && ctx.viewer.seekerId === o.seekerId)
    return hasSeekerScope(ctx.viewer, o.kind === "OBJECTION" ? "URGENCY_READ" : "SEEKER_READ");
  if (!(await isHandlingStaff(ctx, o))) return false;
  const k = `audited:Objection:${o.id}`;
  if (!ctx.cache.has(k)) {
    ctx.cache.set(k, true);
    await audit(
      ctx,
      "READ",
      "Objection",
      o.id,
      undefined,
      undefined,
      o.kind === "OBJECTION" ? "ASSESSOR" : "LANDLORD_STAFF",
    );
  }
  return true;
}

// ── Complaint explanation ───────────────────────────────────────────────────────────────────

/** The place of a complained-about response in its listing's fixed order, as the core explains it. */
interface AllocationExplanation {
  /** Stored final position (1-based), null when not ranked. */
  position: number | null;
  /** Ranked candidates at close. */
  total: number;
  reason: RankReason | null;
  checks: EligibilityCheck[];
  /** Whether the explanation rests on the inputs frozen at close. */
  frozen: boolean;
}

const AllocationExplanationRef = builder.objectRef<AllocationExplanation>("AllocationExplanation").implement({
  description:
    "Why a response got its place on a closed listing, rule by rule, as the allocation core computed it on the ranking inputs of the close day (never re-ranked with today's data).",
  fields: (t) => ({
    position: t.exposeInt("position", {
      nullable: true,
      description: "Final position at close (1 = first); null when the response was not ranked (ineligible).",
    }),
    total: t.exposeInt("total", { description: "Ranked candidates at close." }),
    tier: t.field({
      type: PriorityOrRegistrationEnum,
      nullable: true,
      description:
        "Tier that placed the response (priority group, registration years, lottery); null when not known.",
      resolve: (e) => e.reason?.tier ?? null,
    }),
    explanation: t.string({
      nullable: true,
      description: "Why the seeker stood in this tier, in plain language; null when not known.",
      args: { language: t.arg({ type: LanguageEnum, defaultValue: "nl", description: "Language." }) },
      resolve: (e, a) => (e.reason ? explainRankReason(e.reason, a.language ?? "nl") : null),
    }),
    checks: t.field({
      type: [EligibilityCheckRef],
      description:
        "Every eligibility check on the close day with its numbers and source rule; empty when not known.",
      resolve: (e) => e.checks,
    }),
    frozen: t.exposeBoolean("frozen", {
      description:
        "Whether the explanation rests on the inputs frozen at close (false: today's data where evaluable).",
    }),
  }),
});

/** The explanation of a response's place, or null when its listing has no fixed order. */
async function explainResponse(ctx: Context, responseId: string): Promise<AllocationExplanation | null> {
  const r = await db().response.findUnique({ where: { id: responseId }, select: { listingId: true } });
  if (!r) return null;
  const listing = await listingRow(ctx, r.listingId);
  if (!listing || !hasFixedOrder(listing)) return null;
  const order = await fixedOrderOf(ctx, listing);
  const ranked = order.ranked.find((c) => c.responseId === responseId);
  const excluded = order.excluded.find((c) => c.responseId === responseId);
  return {
    position: ranked?.position ?? null,
    total: order.ranked.length,
    reason: ranked?.reason ?? null,
    checks: ranked?.checks ?? excluded?.checks ?? [],
    frozen: order.frozen,
  };
}

// ── Types ───────────────────────────────────────────────────────────────────────────────────

builder.prismaObject("ObjectionDocument", {
  description: "A document sent with an objection, stored encrypted (AES-256-GCM).",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Document id." }),
    fileName: t.exposeString("fileName", { description: "Original file name (sanitised)." }),
    mimeType: t.exposeString("mimeType", { description: "application/pdf, image/png or image/jpeg." }),
    sizeBytes: t.exposeInt("sizeBytes", { description: "Size in bytes." }),
    uploadedAt: t.expose("uploadedAt", { type: "DateTime", description: "Upload time." }),
    contentBase64: t.string({
      description:
        "The decrypted content, base64. The seeker who filed, or the handling staff; every staff read is audited.",
      select: {
        ciphertext: true,
        iv: true,
        authTag: true,
        keyId: true,
        objection: {
          select: { id: true, kind: true, seekerId: true, responseId: true, urgencyApplicationId: true },
        },
      },
      resolve: async (d, _a, ctx) => {
        if (!(await canReadObjection(ctx, d.objection))) throw new NotAuthorizedError();
        if (ctx.viewer?.seekerId !== d.objection.seekerId)
          await audit(
            ctx,
            "READ",
            "ObjectionDocument",
            d.id,
            { objectionId: d.objection.id },
            undefined,
            d.objection.kind === "OBJECTION" ? "ASSESSOR" : "LANDLORD_STAFF",
          );
        return decryptDocument(documentKeyInUse(), d, d.id).toString("base64");
      },
    }),
  }),
});

export const Objection = builder.prismaNode("Objection", {
  nullable: true,
  id: { field: "id" },
  description:
    "An objection (bezwaarschrift) against an urgency decision or a complaint (klacht) about an allocation outcome, with its periods and decision. Personal data: visible to the seeker who filed it and to the staff handling it (assessors for objections, the listing's landlord staff for complaints); every staff read is audited.",
  authScopes: async (o, ctx) => canReadObjection(ctx, o),
  fields: (t) => ({
    kind: t.expose("kind", {
      type: ObjectionKindEnum,
      description: "OBJECTION (bezwaar) or COMPLAINT (klacht).",
    }),
    status: t.expose("status", {
      type: ObjectionStatusEnum,
      description: "RECEIVED, HEARING_PLANNED or DECIDED.",
    }),
    reasons: t.exposeString("reasons", { description: "The seeker's reasons (gronden, Awb art. 6:5)." }),
    filedAt: t.expose("filedAt", { type: "DateTime", description: "When the objection was received." }),
    decisionDate: t.field({
      type: "Date",
      description: "Date (Europe/Amsterdam) of the decision objected to.",
      resolve: (o) => o.decisionDate,
    }),
    periodEndsOn: t.field({
      type: "Date",
      description:
        "Last day of the objection period: six weeks after the decision (Awb art. 6:7, 6:8), moved to the next working day when it falls on a weekend or public holiday (Algemene termijnenwet).",
      resolve: (o) => o.periodEndsOn,
    }),
    filedLate: t.exposeBoolean("filedLate", {
      description:
        "Filed after `periodEndsOn` (termijnoverschrijding): received, but the handler judges whether the lateness is excusable (Awb art. 6:11).",
    }),
    decisionDueOn: t.field({
      type: "Date",
      description:
        "When the decision is due (beslistermijn, Awb art. 7:10 lid 1): six weeks after the objection period ended (for a late objection: after it was received), plus six weeks when extended once (lid 3).",
      resolve: (o) => o.decisionDueOn,
    }),
    extendedAt: t.expose("extendedAt", {
      type: "DateTime",
      nullable: true,
      description: "When the decision period was extended by six weeks (Awb art. 7:10 lid 3); null when not.",
    }),
    hearingAt: t.expose("hearingAt", {
      type: "DateTime",
      nullable: true,
      description: "When the hearing (hoorzitting, Awb art. 7:2) takes place; null when none is planned.",
    }),
    hearingLocation: t.exposeString("hearingLocation", {
      nullable: true,
      description: "Where (or how: by phone, video) the hearing takes place.",
    }),
    handledByViewer: t.boolean({
      description: "Whether the signed-in staff member is the objection's handler.",
      resolve: (o, _a, ctx) => !!ctx.viewer && o.handlerId === ctx.viewer.userId,
    }),
    outcome: t.expose("outcome", {
      type: ObjectionOutcomeEnum,
      nullable: true,
      description: "UPHELD (gegrond) or REJECTED (ongegrond); null until decided.",
    }),
    decision: t.exposeString("decision", {
      nullable: true,
      description: "The written decision with its reasons (Awb art. 7:12); null until decided.",
    }),
    decidedAt: t.expose("decidedAt", { type: "DateTime", nullable: true, description: "When decided." }),
    urgencyApplication: t.relation("urgencyApplication", {
      nullable: true,
      description: "OBJECTION: the urgency application whose decision is objected to (null for a complaint).",
    }),
    response: t.relation("response", {
      nullable: true,
      description: "COMPLAINT: the response whose outcome is complained about (null for an objection).",
    }),
    documents: t.relation("documents", {
      description: "Documents sent with the objection (metadata; content via contentBase64).",
      query: { orderBy: { uploadedAt: "asc" } },
    }),
    allocationExplanation: t.field({
      type: AllocationExplanationRef,
      nullable: true,
      description:
        "COMPLAINT: why the response got its place, rule by rule, as computed at close (the answer to a complaint shows it). Null for an objection, or when the listing has no fixed order.",
      resolve: (o, _a, ctx) => (o.responseId ? explainResponse(ctx, o.responseId) : null),
    }),
  }),
});

// ── Subjects: deadline fields on decisions ──────────────────────────────────────────────────

/** The urgency statuses that are a decision one may object to. */
const OBJECTABLE_URGENCY = ["GRANTED", "REJECTED", "EXPIRED"] as const;
/** The response statuses that are an allocation outcome one may complain about. */
const COMPLAINABLE_RESPONSE = ["NOT_SELECTED", "DECLINED"] as const;

/**
 * When a response's allocation outcome was decided: the letting's date for a response NOT_SELECTED
 * on a let listing, the offer's outcome for a DECLINED (or lapsed) offer, else the listing's close
 * (ineligible at close). Null when the response has no outcome yet.
 */
export async function responseOutcomeAt(
  client: Tx | ReturnType<typeof db>,
  responseId: string,
): Promise<Date | null> {
  const r = await client.response.findUnique({
    where: { id: responseId },
    select: {
      status: true,
      listing: { select: { closesAt: true, letting: { select: { letAt: true } } } },
      offers: {
        where: { outcomeAt: { not: null } },
        orderBy: { outcomeAt: "desc" },
        take: 1,
        select: { outcomeAt: true },
      },
    },
  });
  if (!r || !(COMPLAINABLE_RESPONSE as readonly string[]).includes(r.status)) return null;
  if (r.status === "DECLINED") return r.offers[0]?.outcomeAt ?? r.listing.closesAt;
  return r.listing.letting?.letAt ?? r.listing.closesAt;
}

const periodEndOf = (decidedAt: Date): Date => toUtcMidnight(objectionTerms(decidedAt).periodEndsOn);

builder.prismaObjectField("UrgencyApplication", "objectionPeriodEndsOn", (t) =>
  t.field({
    type: "Date",
    nullable: true,
    description:
      "Last day to object to this decision (bezwaartermijn: six weeks after the decision, Awb art. 6:7; Europe/Amsterdam; next working day when it falls on a weekend or holiday). The decision letter states it with `objectionFile`. Null until decided (GRANTED, REJECTED, EXPIRED).",
    resolve: (a) =>
      a.decidedAt && (OBJECTABLE_URGENCY as readonly string[]).includes(a.status)
        ? periodEndOf(a.decidedAt)
        : null,
  }),
);
builder.prismaObjectField("UrgencyApplication", "objection", (t) =>
  t.relation("objection", {
    nullable: true,
    description: "The objection filed against this decision, if any (visible as the Objection itself).",
  }),
);
builder.prismaObjectField("Response", "complaintPeriodEndsOn", (t) =>
  t.field({
    type: "Date",
    nullable: true,
    description:
      "Last day to complain about this allocation outcome (six weeks after it, as the Awb objection period; Europe/Amsterdam; next working day after a weekend or holiday). Null while the response has no outcome (only NOT_SELECTED and DECLINED have one). Seeker only (null for staff).",
    resolve: async (r, _a, ctx) => {
      if (ctx.viewer?.seekerId !== r.seekerId) return null;
      const at = await responseOutcomeAt(db(), r.id);
      return at ? periodEndOf(at) : null;
    },
  }),
);
builder.prismaObjectField("Response", "complaint", (t) =>
  t.relation("complaint", {
    nullable: true,
    description: "The complaint filed about this response's outcome, if any.",
  }),
);
builder.prismaObjectField("Seeker", "objections", (t) =>
  t.relation("objections", {
    nullable: true,
    description:
      "The seeker's objections and complaints, newest first. The seeker's signed-in session only (null otherwise, also for tokens).",
    query: { orderBy: { filedAt: "desc" } },
    resolve: (query, s, _a, ctx) =>
      ctx.viewer?.seekerId === s.id && hasSeekerScope(ctx.viewer, "SESSION_ONLY")
        ? db().objection.findMany({ ...query, where: { seekerId: s.id }, orderBy: { filedAt: "desc" } })
        : null,
  }),
);

// ── Queue ───────────────────────────────────────────────────────────────────────────────────

/** What the viewer handles: objections (assessors) and complaints of their landlords' listings. */
function queueWhere(
  ctx: Context,
  args: { statuses?: readonly ObjectionStatus[] | null; kinds?: readonly ObjectionKind[] | null },
): Prisma.ObjectionWhereInput {
  const parts: Prisma.ObjectionWhereInput[] = [];
  const kinds = args.kinds?.length ? args.kinds : (["OBJECTION", "COMPLAINT"] as const);
  if (hasRole(ctx.viewer, "ASSESSOR") && kinds.includes("OBJECTION")) parts.push({ kind: "OBJECTION" });
  const orgs = landlordOrgIds(ctx.viewer);
  if (orgs.length && kinds.includes("COMPLAINT"))
    parts.push({ kind: "COMPLAINT", response: { listing: { landlordId: { in: orgs } } } });
  return {
    OR: parts.length ? parts : [{ id: { in: [] } }],
    status: { in: args.statuses?.length ? [...args.statuses] : ["RECEIVED", "HEARING_PLANNED"] },
  };
}

builder.queryFields((t) => ({
  objectionQueue: t.prismaConnection({
    type: "Objection",
    cursor: "id",
    description:
      "Objections and complaints to handle, decision due soonest first: objections against urgency decisions for assessors, complaints about allocations for staff of the listing's landlord. Each read is audited. Errors: NotAuthorizedError (neither role).",
    authScopes: { assessor: true, landlord: true },
    args: {
      statuses: t.arg({
        type: [ObjectionStatusEnum],
        required: false,
        description: "Statuses (default RECEIVED and HEARING_PLANNED).",
      }),
      kinds: t.arg({
        type: [ObjectionKindEnum],
        required: false,
        description: "Kinds (default: all the viewer handles).",
      }),
    },
    totalCount: (_r, args, ctx) => db().objection.count({ where: queueWhere(ctx, args) }),
    resolve: (query, _r, args, ctx) =>
      db().objection.findMany({
        ...query,
        where: queueWhere(ctx, args),
        orderBy: [{ decisionDueOn: "asc" }, { filedAt: "asc" }, { id: "asc" }],
      }),
  }),
}));

// ── Inputs ──────────────────────────────────────────────────────────────────────────────────

const ObjectionFileInput = builder.inputType("ObjectionFileInput", {
  description: "A new objection or complaint.",
  fields: (t) => ({
    subjectId: t.id({
      required: true,
      description:
        "Global ID of the decision: an UrgencyApplication (objection against its decision) or a Response (complaint about its outcome).",
    }),
    reasons: t.string({
      required: true,
      description: "Why you object (gronden, Awb art. 6:5): 20-10,000 characters.",
    }),
    documents: t.field({
      type: ["Upload"],
      required: false,
      description:
        "Documents (GraphQL multipart upload): PDF, PNG or JPEG, at most 10 MiB each and 5 per objection.",
    }),
  }),
});
const ObjectionIdInput = builder.inputType("ObjectionIdInput", {
  description: "An objection to act on.",
  fields: (t) => ({ id: t.id({ required: true, description: "Global ID of the objection." }) }),
});
const ObjectionHearingPlanInput = builder.inputType("ObjectionHearingPlanInput", {
  description: "A hearing (hoorzitting) to plan.",
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID of the objection." }),
    hearingAt: t.field({ type: "DateTime", required: true, description: "When; must be in the future." }),
    location: t.string({
      required: true,
      description: "Where or how (address, phone, video link): 2-500 characters, shown to the seeker.",
    }),
  }),
});
const GrantInput = builder.inputType("ObjectionGrantInput", {
  description:
    "UPHELD objection against an urgency rejection: the declaration to grant, as urgencyApplicationDecide's GRANT.",
  fields: (t) => ({
    grantedCategory: t.field({
      type: UrgencyCategoryEnum,
      required: false,
      description: "Category (default: the one applied for).",
    }),
    searchProfile: t.field({
      type: SearchProfileInput,
      required: false,
      description:
        "Search profile (default: the rule set's default, apartments from the 1st floor [001] §E.2c).",
    }),
    validMonths: t.int({
      required: false,
      description: "Validity in months, 1-60 (default from the rule set, 6).",
    }),
  }),
});
const ObjectionDecideInput = builder.inputType("ObjectionDecideInput", {
  description: "The decision on an objection (beslissing op bezwaar).",
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID of the objection." }),
    outcome: t.field({ type: ObjectionOutcomeEnum, required: true, description: "UPHELD or REJECTED." }),
    decision: t.string({
      required: true,
      description:
        "The written decision with its reasons (Awb art. 7:12), 20-10,000 characters, shown to the seeker.",
    }),
    grant: t.field({
      type: GrantInput,
      required: false,
      description:
        "UPHELD against an urgency REJECTION: the declaration's category, search profile and validity.",
    }),
  }),
});

// ── Mutations ───────────────────────────────────────────────────────────────────────────────

const reasonsSchema = z.string().trim().min(20, "must be at least 20 characters").max(10_000);
const dataField = { name: "objection", description: "The objection." };

/** Load an objection the viewer handles as staff, or throw (NotFoundError, NotAuthorizedError). */
async function handledObjection(ctx: Context, tx: Tx, id: string) {
  requireSignedIn(ctx);
  const o = await tx.objection.findUnique({
    where: { id },
    include: {
      urgencyApplication: {
        select: { decidedById: true, status: true, category: true, reviewStartedAt: true },
      },
    },
  });
  if (!o) throw new NotFoundError("Objection");
  if (!(await isHandlingStaff(ctx, o)))
    throw new NotAuthorizedError("Only the staff handling this objection can do this");
  // Awb art. 7:5 lid 1: not heard or decided by whoever made the decision objected to.
  // (Once decided, an upheld objection may have re-decided the application: skip, the caller refuses.)
  if (
    o.status !== "DECIDED" &&
    o.urgencyApplication?.decidedById &&
    o.urgencyApplication.decidedById === ctx.viewer!.userId
  )
    throw new NotAuthorizedError(
      "The assessor who made the decision may not handle the objection against it (Awb art. 7:5); another assessor must",
    );
  return o;
}
const roleOf = (kind: ObjectionKind): "ASSESSOR" | "LANDLORD_STAFF" =>
  kind === "OBJECTION" ? "ASSESSOR" : "LANDLORD_STAFF";

builder.mutationFields((t) => ({
  objectionFile: t.field({
    type: Objection,
    description:
      "File an objection (bezwaar) against your urgency application's decision (GRANTED, REJECTED or EXPIRED) or a complaint (klacht) about your response's allocation outcome (NOT_SELECTED, DECLINED). Reasons 20-10,000 characters; documents PDF, PNG or JPEG, at most 10 MiB each and 5 in all (encrypted at rest). The periods are computed: `periodEndsOn` six weeks after the decision (Awb art. 6:7); filed after it, the objection is received and marked `filedLate` (art. 6:11). One per decision. Session only. Audited. Errors: NotAuthorizedError, NotObjectableError (not your decision, not decided), AlreadyObjectedError, ValidationError.",
    errors: { types: [ValidationError, NotObjectableError, AlreadyObjectedError], dataField },
    args: {
      input: t.arg({ type: ObjectionFileInput, required: true, description: "Subject, reasons, documents." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "SESSION_ONLY");
      const raw = String(input.subjectId);
      const isResponse = Buffer.from(raw, "base64").toString("utf8").startsWith("Response:");
      const subjectId = decodeGlobal(raw, ["UrgencyApplication", "Response"], "subjectId");
      const reasons = parseInput(reasonsSchema, input.reasons, ["input", "reasons"]);
      const files = (input.documents ?? []) as File[];
      const prepared = await prepareDocuments(files, 0, ["input", "documents"]);
      const mib = files.reduce((s, f) => s + f.size, 0) / (1024 * 1024);
      try {
        return await db().$transaction(
          async (tx) => {
            let decidedAt: Date | null;
            if (isResponse) {
              const r = await tx.response.findUnique({
                where: { id: subjectId },
                select: { seekerId: true },
              });
              if (!r || r.seekerId !== seekerId)
                throw new NotObjectableError("This is not a response of yours");
              decidedAt = await responseOutcomeAt(tx, subjectId);
              if (!decidedAt)
                throw new NotObjectableError("This response has no allocation outcome to complain about yet");
            } else {
              const a = await tx.urgencyApplication.findUnique({
                where: { id: subjectId },
                select: { seekerId: true, status: true, decidedAt: true },
              });
              if (!a || a.seekerId !== seekerId)
                throw new NotObjectableError("This is not an urgency application of yours");
              if (!a.decidedAt || !(OBJECTABLE_URGENCY as readonly string[]).includes(a.status))
                throw new NotObjectableError("This application has no decision to object to");
              decidedAt = a.decidedAt;
            }
            const existing = await tx.objection.findFirst({
              where: isResponse ? { responseId: subjectId } : { urgencyApplicationId: subjectId },
              select: { id: true },
            });
            if (existing) throw new AlreadyObjectedError(existing.id);
            const now = new Date();
            const terms = objectionTerms(decidedAt);
            const late = isFiledLate(terms.periodEndsOn, now);
            const o = await tx.objection.create({
              data: {
                kind: isResponse ? "COMPLAINT" : "OBJECTION",
                seekerId,
                ...(isResponse ? { responseId: subjectId } : { urgencyApplicationId: subjectId }),
                reasons,
                filedAt: now,
                decisionDate: toUtcMidnight(terms.decisionDate),
                periodEndsOn: toUtcMidnight(terms.periodEndsOn),
                filedLate: late,
                decisionDueOn: toUtcMidnight(decisionDueOn(terms.periodEndsOn, now, false)),
              },
            });
            for (const doc of prepared)
              await tx.objectionDocument.create({ data: { objectionId: o.id, ...doc } });
            await audit(
              ctx,
              "CREATE",
              "Objection",
              o.id,
              { kind: o.kind, filedLate: late, documents: prepared.length },
              tx,
            );
            return o;
          },
          { timeout: 30_000 + Math.ceil(mib) * 3_000 },
        );
      } catch (e) {
        if (isUniqueViolation(e)) {
          const again = await db().objection.findFirst({
            where: isResponse ? { responseId: subjectId } : { urgencyApplicationId: subjectId },
            select: { id: true },
          });
          if (again) throw new AlreadyObjectedError(again.id);
        }
        throw e;
      }
    },
  }),
  objectionHearingPlan: t.field({
    type: Objection,
    description:
      "Plan (or move) the hearing (hoorzitting, Awb art. 7:2) of an undecided objection: status HEARING_PLANNED, the viewer becomes its handler. Assessors for objections (never the one who made the decision objected to, art. 7:5), the listing's landlord staff for complaints. Audited. Errors: NotAuthorizedError, NotFoundError, InvalidStateError (decided), ValidationError (time not in the future, location length, malformed id).",
    errors: { types: [ValidationError, NotFoundError, InvalidStateError], dataField },
    args: {
      input: t.arg({ type: ObjectionHearingPlanInput, required: true, description: "When and where." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const id = decodeGlobal(String(input.id), "Objection");
      const location = parseInput(
        z.string().trim().min(2, "must be at least 2 characters").max(500),
        input.location,
        ["input", "location"],
      );
      const at = input.hearingAt as Date;
      if (!(at instanceof Date) || Number.isNaN(at.getTime()) || at.getTime() <= Date.now())
        throw new ValidationError([{ path: ["input", "hearingAt"], message: "must be in the future" }]);
      return db().$transaction(async (tx) => {
        const o = await handledObjection(ctx, tx, id);
        const n = await tx.objection.updateMany({
          where: { id, status: { in: ["RECEIVED", "HEARING_PLANNED"] } },
          data: {
            status: "HEARING_PLANNED",
            hearingAt: at,
            hearingLocation: location,
            handlerId: ctx.viewer!.userId,
          },
        });
        if (n.count !== 1) throw new InvalidStateError(o.status, "A decided objection gets no hearing");
        await audit(ctx, "UPDATE", "Objection", id, { action: "hearingPlan" }, tx, roleOf(o.kind));
        return tx.objection.findUniqueOrThrow({ where: { id } });
      });
    },
  }),
  objectionDecisionPeriodExtend: t.field({
    type: Objection,
    description:
      "Extend the decision period of an undecided objection by six weeks, once (verdaging, Awb art. 7:10 lid 3): `decisionDueOn` moves, `extendedAt` is set. Same staff as objectionHearingPlan. Audited. Errors: NotAuthorizedError, NotFoundError, InvalidStateError (decided, or already extended), ValidationError (malformed id).",
    errors: { types: [ValidationError, NotFoundError, InvalidStateError], dataField },
    args: { input: t.arg({ type: ObjectionIdInput, required: true, description: "The objection." }) },
    resolve: async (_r, { input }, ctx) => {
      const id = decodeGlobal(String(input.id), "Objection");
      return db().$transaction(async (tx) => {
        const o = await handledObjection(ctx, tx, id);
        if (o.extendedAt)
          throw new InvalidStateError(o.status, "The decision period can be extended only once");
        const due = decisionDueOn(dateOf(o.periodEndsOn), o.filedAt, true);
        const n = await tx.objection.updateMany({
          where: { id, status: { in: ["RECEIVED", "HEARING_PLANNED"] }, extendedAt: null },
          data: {
            extendedAt: new Date(),
            decisionDueOn: toUtcMidnight(due),
            handlerId: o.handlerId ?? ctx.viewer!.userId,
          },
        });
        if (n.count !== 1)
          throw new InvalidStateError(o.status, "Only an undecided objection can be extended, once");
        await audit(ctx, "UPDATE", "Objection", id, { action: "extend" }, tx, roleOf(o.kind));
        return tx.objection.findUniqueOrThrow({ where: { id } });
      });
    },
  }),
  objectionDecide: t.field({
    type: Objection,
    description:
      "Decide an objection (beslissing op bezwaar, Awb art. 7:11-7:12): UPHELD (gegrond) or REJECTED (ongegrond) with the written decision (20-10,000 characters), shown to the seeker. An UPHELD objection against an urgency REJECTION grants the declaration in the same transaction, as urgencyApplicationDecide's GRANT (`grant`: category, search profile, validity; defaults from the rule set), and the seeker is mailed the decision. Same staff as objectionHearingPlan; the viewer becomes the handler. Audited. Errors: NotAuthorizedError, NotFoundError, InvalidStateError (already decided), ValidationError.",
    errors: { types: [ValidationError, NotFoundError, InvalidStateError], dataField },
    args: { input: t.arg({ type: ObjectionDecideInput, required: true, description: "The decision." }) },
    resolve: async (_r, { input }, ctx) => {
      const id = decodeGlobal(String(input.id), "Objection");
      const decision = parseInput(reasonsSchema, input.decision, ["input", "decision"]);
      const profile = input.grant?.searchProfile
        ? parseInput(searchProfileSchema, input.grant.searchProfile, ["input", "grant", "searchProfile"])
        : null;
      const months =
        input.grant?.validMonths != null
          ? parseInput(z.number().int().min(1).max(60), input.grant.validMonths, [
              "input",
              "grant",
              "validMonths",
            ])
          : null;
      return db().$transaction(async (tx) => {
        const o = await handledObjection(ctx, tx, id);
        if (o.status === "DECIDED") throw new InvalidStateError(o.status, "This objection has been decided");
        const now = new Date();
        const n = await tx.objection.updateMany({
          where: { id, status: { in: ["RECEIVED", "HEARING_PLANNED"] } },
          data: {
            status: "DECIDED",
            outcome: input.outcome,
            decision,
            decidedAt: now,
            handlerId: ctx.viewer!.userId,
          },
        });
        if (n.count !== 1) throw new InvalidStateError("DECIDED", "This objection has been decided");
        let granted = false;
        const app = o.urgencyApplication;
        if (input.outcome === "UPHELD" && o.urgencyApplicationId && app?.status === "REJECTED") {
          const g = await grantDeclarationTx(tx, {
            id: o.urgencyApplicationId,
            where: { id: o.urgencyApplicationId, status: { in: ["REJECTED"] } },
            deciderId: ctx.viewer!.userId,
            reason: decision,
            grantedCategory: input.grant?.grantedCategory ?? app.category,
            profile,
            months,
            now,
            reviewStartedAt: app.reviewStartedAt ?? now,
          });
          if (g.count !== 1)
            throw new InvalidStateError(app.status, "The urgency application changed meanwhile; reload it");
          granted = true;
          await audit(
            ctx,
            "DECIDE",
            "UrgencyApplication",
            o.urgencyApplicationId,
            { decision: "GRANT", objectionId: id },
            tx,
            "ASSESSOR",
          );
          const { notifyUrgencyDecision } = await import("../mail/notify.ts");
          await notifyUrgencyDecision(tx, o.urgencyApplicationId);
        }
        await audit(ctx, "DECIDE", "Objection", id, { outcome: input.outcome, granted }, tx, roleOf(o.kind));
        return tx.objection.findUniqueOrThrow({ where: { id } });
      });
    },
  }),
}));

/** A stored @db.Date (UTC midnight) as a calendar date. */
function dateOf(d: Date): CalendarDate {
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
