/**
 * Claims that staff decide before they count for allocation:
 *
 * - Care indications (indicatie; WMO woonvoorziening for a rollator- or wheelchair-accessible
 *   dwelling). [003] "Dan kan de gemeente samen met de woningcorporatie besluiten om u voorrang te
 *   geven. De gemeente kent dan een woonvoorziening toe ... in het kader van de WMO": the seeker
 *   requests, staff grant. Only a GRANTED indication gates accessible dwellings (eligibility rule
 *   7) and so counts for the mover rule's "naar een aangepaste woning" ([001] §E.2a Voorstel I).
 * - Vital professions (vitaal beroep). [003] "met daarbinnen desgewenst een voorrang voor mensen
 *   die een vitaal beroep uitoefenen in de gemeente, wel even aantonen": the seeker claims with
 *   proof, staff accept or reject; only an accepted claim counts in ranking.
 *
 * Who decides: the assessor (beoordelaar of the assessing body), for both. A municipality's lawyer
 * would defend this over landlord staff: (1) both are public-law decisions the municipality takes
 * under its housing ordinance (huisvestingsverordening) and the WMO, which it mandates to the
 * assessing body that already decides urgency; (2) a landlord deciding who gets priority on its
 * own listings would judge in its own cause, and its decision would have to bind the other
 * landlords of the region, where the claim counts as well; (3) proof documents (medical advice,
 * employment contracts) go to one body under one audit regime instead of every landlord's staff
 * (GDPR art. 5(1)(c) minimisation; care indications are health data, art. 9).
 *
 * The decision writes the value allocation uses (`Seeker.accessibilityNeed`, `Seeker.vitalProfession`
 * and `Seeker.workMunicipalityId`) in the same transaction, under the seeker row lock
 * (locks.ts), so the database eligibility filter and the core read only decided values.
 * Access: the seeker (signed-in session only) and assessors; every assessor read of a claim or a
 * document is audited. Landlords, committees and administrators never see them.
 */
import { z } from "zod";
import { hasRole, hasSeekerScope, type Context } from "../auth/context.ts";
import { db, type Tx } from "../db.ts";
import { lockSeekerForUpdate } from "../locks.ts";
import { builder } from "./builder.ts";
import { AccessibilityNeedEnum, ClaimStatusEnum, decodeGlobal } from "./common.ts";
import {
  InvalidStateError,
  NotAuthorizedError,
  NotFoundError,
  parseInput,
  ValidationError,
} from "./errors.ts";
import { audit, requireRole, requireSeeker } from "./guards.ts";
import { ApplicantRef } from "./listing.ts";
import { decryptStoredDocument, prepareDocuments } from "./urgency.ts";
import { attachStoredDocuments, storedCopyTimeout } from "./seeker-documents.ts";

const ClaimDecisionEnum = builder.enumType("ClaimDecision", {
  description: "An assessor's decision on a care indication or vital profession claim.",
  values: {
    GRANT: { description: "Grant (care indication) or accept (vital profession)." },
    REJECT: { description: "Reject with a reason." },
  } as const,
});

const applicantSelect = {
  seeker: {
    include: {
      urgencyApplications: {
        where: { status: "GRANTED" as const },
        take: 1,
        include: { searchProfiles: true },
      },
    },
  },
};

/**
 * Whether the viewer may read a claim of `seekerId`: the seeker's own signed-in session, or an
 * assessor (whose read of `entity` `id` is audited once per request).
 */
async function canReadClaim(ctx: Context, entity: string, id: string, seekerId: string): Promise<boolean> {
  if (ctx.viewer?.seekerId === seekerId) return hasSeekerScope(ctx.viewer, "SESSION_ONLY");
  if (!hasRole(ctx.viewer, "ASSESSOR")) return false;
  const k = `audited:${entity}:${id}`;
  if (!ctx.cache.has(k)) {
    ctx.cache.set(k, true);
    await audit(ctx, "READ", entity, id, undefined, undefined, "ASSESSOR");
  }
  return true;
}

const documentFields = (entity: "CareIndicationDocument" | "VitalProfessionDocument") =>
  ({
    description:
      entity === "CareIndicationDocument"
        ? "A document attached to a care indication request, stored encrypted (AES-256-GCM)."
        : "Proof attached to a vital profession claim, stored encrypted (AES-256-GCM).",
  }) as const;

builder.prismaObject("CareIndicationDocument", {
  ...documentFields("CareIndicationDocument"),
  fields: (t) => ({
    id: t.exposeID("id", { description: "Document id." }),
    fileName: t.exposeString("fileName", { description: "Original file name." }),
    mimeType: t.exposeString("mimeType", { description: "application/pdf, image/png or image/jpeg." }),
    sizeBytes: t.exposeInt("sizeBytes", { description: "Size in bytes." }),
    uploadedAt: t.expose("uploadedAt", { type: "DateTime", description: "Upload time." }),
    contentBase64: t.string({
      description:
        "The decrypted content, base64. The seeker or an assessor only; every assessor read is audited.",
      select: {
        ciphertext: true,
        iv: true,
        authTag: true,
        keyId: true,
        careIndication: { select: { seekerId: true } },
      },
      resolve: async (d, _a, ctx) => {
        if (!(await canReadClaim(ctx, "CareIndication", d.careIndicationId, d.careIndication.seekerId)))
          throw new NotAuthorizedError();
        if (hasRole(ctx.viewer, "ASSESSOR"))
          await audit(
            ctx,
            "READ",
            "CareIndicationDocument",
            d.id,
            { careIndicationId: d.careIndicationId },
            undefined,
            "ASSESSOR",
          );
        return decryptStoredDocument(d);
      },
    }),
  }),
});

builder.prismaObject("VitalProfessionDocument", {
  ...documentFields("VitalProfessionDocument"),
  fields: (t) => ({
    id: t.exposeID("id", { description: "Document id." }),
    fileName: t.exposeString("fileName", { description: "Original file name." }),
    mimeType: t.exposeString("mimeType", { description: "application/pdf, image/png or image/jpeg." }),
    sizeBytes: t.exposeInt("sizeBytes", { description: "Size in bytes." }),
    uploadedAt: t.expose("uploadedAt", { type: "DateTime", description: "Upload time." }),
    contentBase64: t.string({
      description:
        "The decrypted content, base64. The seeker or an assessor only; every assessor read is audited.",
      select: {
        ciphertext: true,
        iv: true,
        authTag: true,
        keyId: true,
        claim: { select: { seekerId: true } },
      },
      resolve: async (d, _a, ctx) => {
        if (!(await canReadClaim(ctx, "VitalProfessionClaim", d.claimId, d.claim.seekerId)))
          throw new NotAuthorizedError();
        if (hasRole(ctx.viewer, "ASSESSOR"))
          await audit(
            ctx,
            "READ",
            "VitalProfessionDocument",
            d.id,
            { claimId: d.claimId },
            undefined,
            "ASSESSOR",
          );
        return decryptStoredDocument(d);
      },
    }),
  }),
});

export const CareIndication = builder.prismaNode("CareIndication", {
  nullable: true,
  id: { field: "id" },
  description:
    "A care indication (indicatie; WMO woonvoorziening) for a rollator- or wheelchair-accessible dwelling: requested by the seeker, granted or rejected by an assessor ([003] \"de gemeente kent een woonvoorziening toe\"). Only a GRANTED one counts: it is the seeker's `accessibilityNeed`. Special-category personal data (health): the seeker's signed-in session and assessors only; every assessor read is audited.",
  authScopes: async (c, ctx) => canReadClaim(ctx, "CareIndication", c.id, c.seekerId),
  fields: (t) => ({
    need: t.expose("need", {
      type: AccessibilityNeedEnum,
      description: "WALKER (rollator) or WHEELCHAIR (rolstoel).",
    }),
    motivation: t.exposeString("motivation", { description: "The seeker's explanation (may be empty)." }),
    status: t.expose("status", { type: ClaimStatusEnum, description: "Status." }),
    requestedAt: t.expose("requestedAt", { type: "DateTime", description: "Requested." }),
    decidedAt: t.expose("decidedAt", { type: "DateTime", nullable: true, description: "Decided." }),
    decisionReason: t.exposeString("decisionReason", {
      nullable: true,
      description: "Reason of the grant or rejection, shown to the seeker.",
    }),
    withdrawnAt: t.expose("withdrawnAt", {
      type: "DateTime",
      nullable: true,
      description: "Withdrawn or replaced.",
    }),
    documents: t.relation("documents", {
      description: "Attached documents (metadata; content via contentBase64).",
      query: { orderBy: { uploadedAt: "asc" } },
    }),
    applicant: t.field({
      type: ApplicantRef,
      nullable: true,
      description:
        "The requesting seeker's details. Assessors only (null for the seeker, who is the viewer).",
      select: applicantSelect,
      resolve: (c, _x, ctx) => (hasRole(ctx.viewer, "ASSESSOR") ? (c.seeker as never) : null),
    }),
  }),
});

export const VitalProfessionClaim = builder.prismaNode("VitalProfessionClaim", {
  nullable: true,
  id: { field: "id" },
  description:
    "A seeker's claim to practise a vital profession (vitaal beroep) in a municipality, with proof; an assessor accepts (GRANTED) or rejects it ([003] \"wel even aantonen\"). Only a GRANTED claim counts, and only for a profession on the listing's or the municipality's list. Personal data: the seeker's signed-in session and assessors only; every assessor read is audited.",
  authScopes: async (c, ctx) => canReadClaim(ctx, "VitalProfessionClaim", c.id, c.seekerId),
  fields: (t) => ({
    profession: t.exposeString("profession", {
      description: "The profession, lower case, e.g. verpleegkundige.",
    }),
    workMunicipality: t.relation("workMunicipality", { description: "Municipality where it is practised." }),
    employer: t.exposeString("employer", { description: "Employer as stated by the seeker (may be empty)." }),
    status: t.expose("status", { type: ClaimStatusEnum, description: "Status (GRANTED = accepted)." }),
    requestedAt: t.expose("requestedAt", { type: "DateTime", description: "Claimed." }),
    decidedAt: t.expose("decidedAt", { type: "DateTime", nullable: true, description: "Decided." }),
    decisionReason: t.exposeString("decisionReason", {
      nullable: true,
      description: "Reason of the acceptance or rejection, shown to the seeker.",
    }),
    withdrawnAt: t.expose("withdrawnAt", {
      type: "DateTime",
      nullable: true,
      description: "Withdrawn or replaced.",
    }),
    documents: t.relation("documents", {
      description: "Proof (metadata; content via contentBase64).",
      query: { orderBy: { uploadedAt: "asc" } },
    }),
    applicant: t.field({
      type: ApplicantRef,
      nullable: true,
      description: "The claiming seeker's details. Assessors only (null for the seeker, who is the viewer).",
      select: applicantSelect,
      resolve: (c, _x, ctx) => (hasRole(ctx.viewer, "ASSESSOR") ? (c.seeker as never) : null),
    }),
  }),
});

builder.prismaObjectField("Seeker", "careIndications", (t) =>
  t.relation("careIndications", {
    nullable: true,
    description:
      "The seeker's care indication requests and decisions, newest first. The seeker's signed-in session only (null otherwise, also for tokens).",
    query: { orderBy: { requestedAt: "desc" } },
    resolve: (query, s, _a, ctx) =>
      ctx.viewer?.seekerId === s.id && hasSeekerScope(ctx.viewer, "SESSION_ONLY")
        ? db().careIndication.findMany({
            ...query,
            where: { seekerId: s.id },
            orderBy: { requestedAt: "desc" },
          })
        : null,
  }),
);

builder.prismaObjectField("Seeker", "vitalProfessionClaims", (t) =>
  t.relation("vitalProfessionClaims", {
    nullable: true,
    description:
      "The seeker's vital profession claims and decisions, newest first. The seeker's signed-in session only (null otherwise, also for tokens).",
    query: { orderBy: { requestedAt: "desc" } },
    resolve: (query, s, _a, ctx) =>
      ctx.viewer?.seekerId === s.id && hasSeekerScope(ctx.viewer, "SESSION_ONLY")
        ? db().vitalProfessionClaim.findMany({
            ...query,
            where: { seekerId: s.id },
            orderBy: { requestedAt: "desc" },
          })
        : null,
  }),
);

builder.queryFields((t) => ({
  careIndicationQueue: t.prismaConnection({
    type: "CareIndication",
    cursor: "id",
    description:
      "Care indication requests, oldest first (default: REQUESTED). Assessors only; each read is audited.",
    authScopes: { assessor: true },
    args: {
      statuses: t.arg({
        type: [ClaimStatusEnum],
        required: false,
        description: "Statuses (default REQUESTED).",
      }),
    },
    resolve: (query, _r, args) =>
      db().careIndication.findMany({
        ...query,
        where: { status: { in: args.statuses?.length ? args.statuses : ["REQUESTED"] } },
        orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
      }),
  }),
  vitalProfessionClaimQueue: t.prismaConnection({
    type: "VitalProfessionClaim",
    cursor: "id",
    description:
      "Vital profession claims, oldest first (default: REQUESTED). Assessors only; each read is audited.",
    authScopes: { assessor: true },
    args: {
      statuses: t.arg({
        type: [ClaimStatusEnum],
        required: false,
        description: "Statuses (default REQUESTED).",
      }),
    },
    resolve: (query, _r, args) =>
      db().vitalProfessionClaim.findMany({
        ...query,
        where: { status: { in: args.statuses?.length ? args.statuses : ["REQUESTED"] } },
        orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
      }),
  }),
}));

// ── Inputs ──────────────────────────────────────────────────────────────────────────────────

const CareIndicationRequestInput = builder.inputType("CareIndicationRequestInput", {
  description:
    "A request for a care indication. Documents (optional, e.g. a WMO decision or medical advice): PDF, PNG or JPEG, at most 10 MiB each, 5 per request.",
  fields: (t) => ({
    need: t.field({ type: AccessibilityNeedEnum, required: true, description: "WALKER or WHEELCHAIR." }),
    motivation: t.string({ required: false, description: "Explanation (up to 5,000 characters)." }),
    documents: t.field({ type: ["Upload"], required: false, description: "Documents (multipart upload)." }),
    storedDocumentIds: t.idList({
      required: false,
      description:
        "Global IDs of documents from your store (mijn documenten, at most 5) to attach as copies, as `seekerDocumentAttach` does.",
    }),
  }),
});
const VitalProfessionClaimCreateInput = builder.inputType("VitalProfessionClaimCreateInput", {
  description:
    'A claim to practise a vital profession in a municipality. Proof is required ([003] "wel even aantonen"): 1 to 5 uploaded documents (e.g. employment contract, employer\'s statement), PDF, PNG or JPEG, at most 10 MiB each, and/or documents from your store.',
  fields: (t) => ({
    profession: t.string({
      required: true,
      description: "The profession, e.g. verpleegkundige (2-100 characters).",
    }),
    workMunicipalityId: t.id({
      required: true,
      description: "Global ID of the municipality where you practise it.",
    }),
    employer: t.string({ required: false, description: "Employer (up to 200 characters)." }),
    documents: t.field({
      type: ["Upload"],
      required: false,
      description: "Proof (multipart upload); at least one document here or in `storedDocumentIds`.",
    }),
    storedDocumentIds: t.idList({
      required: false,
      description:
        "Global IDs of documents from your store (mijn documenten, at most 5; never a medical statement) to attach as proof, as copies, as `seekerDocumentAttach` does.",
    }),
  }),
});
const ClaimIdInput = builder.inputType("ClaimIdInput", {
  description: "A care indication or vital profession claim to act on.",
  fields: (t) => ({ id: t.id({ required: true, description: "Global ID of the claim." }) }),
});
const ClaimDecideInput = builder.inputType("ClaimDecideInput", {
  description: "An assessor's decision on a care indication or vital profession claim.",
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID of the claim." }),
    decision: t.field({ type: ClaimDecisionEnum, required: true, description: "GRANT or REJECT." }),
    reason: t.string({ required: true, description: "Reason shown to the seeker (5-5,000 characters)." }),
  }),
});

const reasonSchema = z.string().trim().min(5, "must be at least 5 characters").max(5000);
const careErrors = {
  types: [ValidationError, NotFoundError, InvalidStateError],
  dataField: { name: "careIndication", description: "The care indication." },
};
const vitalErrors = {
  types: [ValidationError, NotFoundError, InvalidStateError],
  dataField: { name: "vitalProfessionClaim", description: "The claim." },
};
/** Transaction timeout for uploads: 30 s plus 3 s per MiB (see urgency.ts). */
const uploadTimeout = (files: readonly File[] | null | undefined) =>
  30_000 + Math.ceil((files ?? []).reduce((s, f) => s + f.size, 0) / (1024 * 1024)) * 3_000;

/**
 * The stored documents named in `storedDocumentIds` (global IDs) as raw ids, without repeats.
 * @throws ValidationError (`input.storedDocumentIds`) for a malformed id or more than 5
 */
function storedIds(ids: readonly (string | number)[] | null | undefined): string[] {
  const list = [
    ...new Set(
      (ids ?? []).map((x, i) => decodeGlobal(String(x), "SeekerDocument", `storedDocumentIds.${i}`)),
    ),
  ];
  if (list.length > 5)
    throw new ValidationError([
      { path: ["input", "storedDocumentIds"], message: "at most 5 stored documents" },
    ]);
  return list;
}

/** The granted need of a seeker after `tx`'s changes: the latest GRANTED indication, else NONE. */
async function grantedNeed(tx: Tx, seekerId: string) {
  const g = await tx.careIndication.findFirst({
    where: { seekerId, status: "GRANTED" },
    orderBy: { decidedAt: "desc" },
    select: { need: true },
  });
  return g?.need ?? "NONE";
}

builder.mutationFields((t) => ({
  careIndicationRequest: t.field({
    type: CareIndication,
    description:
      "Request a care indication (WALKER or WHEELCHAIR), optionally with documents (uploaded, or copies of stored ones: `storedDocumentIds`, audited as attachments); it counts only once an assessor grants it [003]. One open request at a time, also under concurrent calls. Session only. Audited. Errors: NotAuthorizedError, ValidationError (bad need, text or documents), NotFoundError (a stored document not yours), InvalidStateError (an open request exists, or this need is already granted).",
    errors: careErrors,
    args: { input: t.arg({ type: CareIndicationRequestInput, required: true, description: "The request." }) },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "SESSION_ONLY");
      const v = parseInput(
        z.object({
          need: z.enum(["WALKER", "WHEELCHAIR"], { error: "must be WALKER or WHEELCHAIR" }),
          motivation: z.string().trim().max(5000, "must be at most 5,000 characters").nullish(),
        }),
        { need: input.need, motivation: input.motivation },
      );
      const files = (input.documents ?? []) as File[];
      const stored = storedIds(input.storedDocumentIds);
      const docs = await prepareDocuments(files, 0);
      return db().$transaction(
        async (tx) => {
          await lockSeekerForUpdate(tx, seekerId);
          const open = await tx.careIndication.findFirst({ where: { seekerId, status: "REQUESTED" } });
          if (open)
            throw new InvalidStateError(
              "REQUESTED",
              "You already have a care indication request awaiting a decision",
            );
          if ((await grantedNeed(tx, seekerId)) === v.need)
            throw new InvalidStateError("GRANTED", "This care indication has already been granted to you");
          const c = await tx.careIndication.create({
            data: { seekerId, need: v.need, motivation: v.motivation ?? "" },
          });
          for (const d of docs)
            await tx.careIndicationDocument.create({ data: { careIndicationId: c.id, ...d } });
          await audit(ctx, "CREATE", "CareIndication", c.id, { need: v.need, documents: docs.length }, tx);
          await attachStoredDocuments(tx, ctx, seekerId, { type: "CareIndication", id: c.id }, stored);
          return c;
        },
        { timeout: uploadTimeout(files) + storedCopyTimeout(stored.length) },
      );
    },
  }),
  careIndicationWithdraw: t.field({
    type: CareIndication,
    description:
      "Withdraw one's own care indication request, or give up a granted indication (accessible dwellings then no longer qualify). Session only. Audited. Errors: NotAuthorizedError, NotFoundError, ValidationError (malformed id), InvalidStateError (rejected or already withdrawn).",
    errors: careErrors,
    args: { input: t.arg({ type: ClaimIdInput, required: true, description: "The care indication." }) },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "SESSION_ONLY");
      const id = decodeGlobal(String(input.id), "CareIndication");
      return db().$transaction(async (tx) => {
        await lockSeekerForUpdate(tx, seekerId);
        const c = await tx.careIndication.findFirst({ where: { id, seekerId } });
        if (!c) throw new NotFoundError("CareIndication");
        if (c.status !== "REQUESTED" && c.status !== "GRANTED")
          throw new InvalidStateError(c.status, "Only a pending or granted care indication can be withdrawn");
        const updated = await tx.careIndication.update({
          where: { id },
          data: { status: "WITHDRAWN", withdrawnAt: new Date() },
        });
        await tx.seeker.update({
          where: { id: seekerId },
          data: { accessibilityNeed: await grantedNeed(tx, seekerId) },
        });
        await audit(ctx, "UPDATE", "CareIndication", id, { action: "withdraw", was: c.status }, tx);
        return updated;
      });
    },
  }),
  careIndicationDecide: t.field({
    type: CareIndication,
    description:
      "Grant or reject a REQUESTED care indication (assessors; see the module docstring for why not landlord staff). A grant makes it the seeker's `accessibilityNeed` (an earlier granted indication is replaced: status WITHDRAWN), in the same transaction. Audited. Errors: NotAuthorizedError, NotFoundError, ValidationError (reason, malformed id), InvalidStateError (not REQUESTED, e.g. withdrawn meanwhile).",
    errors: careErrors,
    args: { input: t.arg({ type: ClaimDecideInput, required: true, description: "The decision." }) },
    resolve: async (_r, { input }, ctx) => {
      const viewer = requireRole(ctx, "ASSESSOR");
      const id = decodeGlobal(String(input.id), "CareIndication");
      const reason = parseInput(reasonSchema, input.reason, ["input", "reason"]);
      return db().$transaction(async (tx) => {
        const found = await tx.careIndication.findUnique({ where: { id }, select: { seekerId: true } });
        if (!found) throw new NotFoundError("CareIndication");
        await lockSeekerForUpdate(tx, found.seekerId);
        const c = await tx.careIndication.findUniqueOrThrow({ where: { id } });
        if (c.status !== "REQUESTED")
          throw new InvalidStateError(c.status, "Only a requested care indication can be decided");
        const now = new Date();
        if (input.decision === "GRANT")
          await tx.careIndication.updateMany({
            where: { seekerId: c.seekerId, status: "GRANTED" },
            data: { status: "WITHDRAWN", withdrawnAt: now },
          });
        const updated = await tx.careIndication.update({
          where: { id },
          data: {
            status: input.decision === "GRANT" ? "GRANTED" : "REJECTED",
            decidedAt: now,
            decidedById: viewer.userId,
            decisionReason: reason,
          },
        });
        await tx.seeker.update({
          where: { id: c.seekerId },
          data: { accessibilityNeed: await grantedNeed(tx, c.seekerId) },
        });
        await audit(
          ctx,
          "DECIDE",
          "CareIndication",
          id,
          { decision: input.decision, need: c.need },
          tx,
          "ASSESSOR",
        );
        return updated;
      });
    },
  }),
  vitalProfessionClaimCreate: t.field({
    type: VitalProfessionClaim,
    description:
      'Claim a vital profession in a municipality, with proof (1-5 uploaded documents, and/or copies of stored ones: `storedDocumentIds`, audited as attachments; never a medical statement); it counts only once an assessor accepts it [003] "wel even aantonen", and only on listings whose (or whose municipality\'s) list names the profession. One open claim at a time. Session only. Audited. Errors: NotAuthorizedError, ValidationError (profession, municipality, employer, documents, a medical statement as proof), NotFoundError (municipality, a stored document not yours), InvalidStateError (an open claim exists).',
    errors: vitalErrors,
    args: {
      input: t.arg({ type: VitalProfessionClaimCreateInput, required: true, description: "The claim." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "SESSION_ONLY");
      const v = parseInput(
        z.object({
          profession: z
            .string()
            .trim()
            .toLowerCase()
            .min(2, "must be at least 2 characters")
            .max(100, "must be at most 100 characters"),
          employer: z.string().trim().max(200, "must be at most 200 characters").nullish(),
        }),
        { profession: input.profession, employer: input.employer },
      );
      const workMunicipalityId = decodeGlobal(
        String(input.workMunicipalityId),
        "Municipality",
        "workMunicipalityId",
      );
      const files = (input.documents ?? []) as File[];
      const stored = storedIds(input.storedDocumentIds);
      if (files.length === 0 && stored.length === 0)
        throw new ValidationError([
          { path: ["input", "documents"], message: "add at least one document as proof" },
        ]);
      const docs = await prepareDocuments(files, 0);
      return db().$transaction(
        async (tx) => {
          if (
            !(await tx.municipality.findUnique({ where: { id: workMunicipalityId }, select: { id: true } }))
          )
            throw new NotFoundError("Municipality");
          await lockSeekerForUpdate(tx, seekerId);
          const open = await tx.vitalProfessionClaim.findFirst({ where: { seekerId, status: "REQUESTED" } });
          if (open)
            throw new InvalidStateError(
              "REQUESTED",
              "You already have a vital profession claim awaiting a decision",
            );
          const c = await tx.vitalProfessionClaim.create({
            data: { seekerId, profession: v.profession, workMunicipalityId, employer: v.employer ?? "" },
          });
          for (const d of docs) await tx.vitalProfessionDocument.create({ data: { claimId: c.id, ...d } });
          await audit(ctx, "CREATE", "VitalProfessionClaim", c.id, { documents: docs.length }, tx);
          await attachStoredDocuments(tx, ctx, seekerId, { type: "VitalProfessionClaim", id: c.id }, stored);
          return c;
        },
        { timeout: uploadTimeout(files) + storedCopyTimeout(stored.length) },
      );
    },
  }),
  vitalProfessionClaimWithdraw: t.field({
    type: VitalProfessionClaim,
    description:
      "Withdraw one's own pending claim, or give up an accepted one (the vital profession priority then no longer applies). Session only. Audited. Errors: NotAuthorizedError, NotFoundError, ValidationError (malformed id), InvalidStateError (rejected or already withdrawn).",
    errors: vitalErrors,
    args: { input: t.arg({ type: ClaimIdInput, required: true, description: "The claim." }) },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "SESSION_ONLY");
      const id = decodeGlobal(String(input.id), "VitalProfessionClaim");
      return db().$transaction(async (tx) => {
        await lockSeekerForUpdate(tx, seekerId);
        const c = await tx.vitalProfessionClaim.findFirst({ where: { id, seekerId } });
        if (!c) throw new NotFoundError("VitalProfessionClaim");
        if (c.status !== "REQUESTED" && c.status !== "GRANTED")
          throw new InvalidStateError(c.status, "Only a pending or accepted claim can be withdrawn");
        const updated = await tx.vitalProfessionClaim.update({
          where: { id },
          data: { status: "WITHDRAWN", withdrawnAt: new Date() },
        });
        if (c.status === "GRANTED")
          await tx.seeker.update({ where: { id: seekerId }, data: { vitalProfession: null } });
        await audit(ctx, "UPDATE", "VitalProfessionClaim", id, { action: "withdraw", was: c.status }, tx);
        return updated;
      });
    },
  }),
  vitalProfessionClaimDecide: t.field({
    type: VitalProfessionClaim,
    description:
      "Accept (GRANT) or reject a REQUESTED vital profession claim (assessors; see the module docstring for why not landlord staff). Acceptance makes its profession the seeker's `vitalProfession` and its municipality the seeker's municipality of work, in the same transaction; an earlier accepted claim is replaced (WITHDRAWN). Audited. Errors: NotAuthorizedError, NotFoundError, ValidationError (reason, malformed id), InvalidStateError (not REQUESTED).",
    errors: vitalErrors,
    args: { input: t.arg({ type: ClaimDecideInput, required: true, description: "The decision." }) },
    resolve: async (_r, { input }, ctx) => {
      const viewer = requireRole(ctx, "ASSESSOR");
      const id = decodeGlobal(String(input.id), "VitalProfessionClaim");
      const reason = parseInput(reasonSchema, input.reason, ["input", "reason"]);
      return db().$transaction(async (tx) => {
        const found = await tx.vitalProfessionClaim.findUnique({ where: { id }, select: { seekerId: true } });
        if (!found) throw new NotFoundError("VitalProfessionClaim");
        await lockSeekerForUpdate(tx, found.seekerId);
        const c = await tx.vitalProfessionClaim.findUniqueOrThrow({ where: { id } });
        if (c.status !== "REQUESTED")
          throw new InvalidStateError(c.status, "Only a requested claim can be decided");
        const now = new Date();
        if (input.decision === "GRANT") {
          await tx.vitalProfessionClaim.updateMany({
            where: { seekerId: c.seekerId, status: "GRANTED" },
            data: { status: "WITHDRAWN", withdrawnAt: now },
          });
          await tx.seeker.update({
            where: { id: c.seekerId },
            data: { vitalProfession: c.profession, workMunicipalityId: c.workMunicipalityId },
          });
        }
        const updated = await tx.vitalProfessionClaim.update({
          where: { id },
          data: {
            status: input.decision === "GRANT" ? "GRANTED" : "REJECTED",
            decidedAt: now,
            decidedById: viewer.userId,
            decisionReason: reason,
          },
        });
        await audit(ctx, "DECIDE", "VitalProfessionClaim", id, { decision: input.decision }, tx, "ASSESSOR");
        return updated;
      });
    },
  }),
}));
