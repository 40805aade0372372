/**
 * Urgency applications (urgentieaanvragen): the seeker drafts, submits and withdraws; assessors
 * read the queue and decide. Medical and personal details are special-category data (GDPR
 * art. 9): only the applicant and assessors see an application, every assessor read is written to
 * the audit log, and documents are encrypted at rest (documents.ts).
 */
import { notifyUrgencyDecision } from "../mail/notify.ts";
import type { UrgencyCategory, UrgencyStatus } from "@woonbeurt/db";
import { z } from "zod";
import { addMonths, amsterdamDate, toUtcMidnight } from "../allocation/index.ts";
import { hasRole, hasSeekerScope, type Context } from "../auth/context.ts";
import { db, type Tx } from "../db.ts";
import {
  decryptDocument,
  DOCUMENT_MAX_BYTES,
  DOCUMENT_MAX_PER_APPLICATION,
  DOCUMENT_MAX_PER_REQUEST,
  DOCUMENT_TYPES,
  encryptDocument,
  sniffDocumentType,
  type DocumentKey,
} from "../documents.ts";
import { builder, UUID_PATTERN } from "./builder.ts";
import {
  AccessibilityLabelEnum,
  decodeGlobal,
  DwellingTypeEnum,
  UrgencyCategoryEnum,
  UrgencyStatusEnum,
} from "./common.ts";
import { loadRuleSets } from "./core.ts";
import { InvalidStateError, NotFoundError, parseInput, ValidationError } from "./errors.ts";
import { audit, requireRole, requireSeeker } from "./guards.ts";
import { ruleSetInForce } from "../allocation/index.ts";
import { createHash, randomUUID } from "node:crypto";
import { ApplicantRef } from "./listing.ts";
import { lockSeekerForUpdate } from "../locks.ts";

let documentKey: DocumentKey | null = null;
/** Install the document encryption key (createApp). */
export function setDocumentKey(key: DocumentKey): void {
  documentKey = key;
}
const key = () => {
  if (!documentKey) throw new Error("document key not set");
  return documentKey;
};
/** The installed document encryption key (objection documents share it). @throws Error when not set. */
export const documentKeyInUse = (): DocumentKey => key();

/**
 * Whether an assessor may see an application at all: only once the seeker submitted it. A DRAFT,
 * and a draft the seeker withdrew without ever submitting it (status WITHDRAWN, `submittedAt`
 * null), is the seeker's own working copy and belongs to the seeker alone (special-category data,
 * AVG art. 9: least access).
 */
export function assessorMaySee(app: { status: string; submittedAt: Date | null }): boolean {
  return app.status !== "DRAFT" && app.submittedAt !== null;
}

/**
 * Whether the viewer may read an application; assessor and representative reads are audited once
 * per request.
 * Assessors see an application only once submitted ({@link assessorMaySee}). When `submittedAt`
 * is not in the row given, it is loaded (never assumed).
 */
async function canReadApplication(
  ctx: Context,
  app: { id: string; seekerId: string; status: string; submittedAt?: Date | null },
): Promise<boolean> {
  if (ctx.viewer?.seekerId === app.seekerId) {
    if (!hasSeekerScope(ctx.viewer, "URGENCY_READ")) return false;
    // a representative (gemachtigde) reading special-category data: audited like an assessor's
    // read, naming the seeker and the authorisation (guards.ts `audit`)
    const k = `audited:UrgencyApplication:${app.id}`;
    if (ctx.viewer.via === "REPRESENTATIVE" && !ctx.cache.has(k)) {
      ctx.cache.set(k, true);
      await audit(ctx, "READ", "UrgencyApplication", app.id);
    }
    return true;
  }
  if (!hasRole(ctx.viewer, "ASSESSOR")) return false;
  const row =
    app.submittedAt === undefined
      ? await db().urgencyApplication.findUnique({
          where: { id: app.id },
          select: { status: true, submittedAt: true },
        })
      : { status: app.status, submittedAt: app.submittedAt };
  if (row && assessorMaySee(row)) {
    const k = `audited:UrgencyApplication:${app.id}`;
    if (!ctx.cache.has(k)) {
      ctx.cache.set(k, true);
      await audit(ctx, "READ", "UrgencyApplication", app.id, undefined, undefined, "ASSESSOR");
    }
    return true;
  }
  return false;
}

builder.prismaObject("SearchProfile", {
  description:
    "A search profile (zoekprofiel): the dwellings an urgent seeker gets priority for [001] §E.2c. Empty lists and null bounds do not restrict.",
  fields: (t) => ({
    kind: t.exposeString("kind", { description: "PREFERRED (asked for) or GRANTED (decided)." }),
    dwellingTypes: t.field({
      type: [DwellingTypeEnum],
      description: "Dwelling kinds (empty = any).",
      resolve: (p) => p.dwellingTypes,
    }),
    minFloor: t.exposeInt("minFloor", { nullable: true, description: "Lowest floor (0 = ground floor)." }),
    maxFloor: t.exposeInt("maxFloor", { nullable: true, description: "Highest floor." }),
    minRooms: t.exposeInt("minRooms", { nullable: true, description: "Fewest rooms." }),
    maxRooms: t.exposeInt("maxRooms", { nullable: true, description: "Most rooms." }),
    municipalityIds: t.exposeStringList("municipalityIds", {
      description: "Municipality ids (empty = the region).",
    }),
    districtIds: t.exposeStringList("districtIds", {
      description: "District ids (empty = whole municipalities).",
    }),
    requiresAccessibility: t.expose("requiresAccessibility", {
      type: AccessibilityLabelEnum,
      description: "Minimum accessibility.",
    }),
  }),
});

builder.prismaObject("UrgencyDocument", {
  description: "A document attached to an urgency application, stored encrypted (AES-256-GCM).",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Document id." }),
    fileName: t.exposeString("fileName", { description: "Original file name." }),
    mimeType: t.exposeString("mimeType", { description: "application/pdf, image/png or image/jpeg." }),
    sizeBytes: t.exposeInt("sizeBytes", { description: "Size in bytes." }),
    sha256: t.exposeString("sha256", { description: "SHA-256 hex of the plaintext." }),
    uploadedAt: t.expose("uploadedAt", { type: "DateTime", description: "Upload time." }),
    contentBase64: t.string({
      description:
        "The decrypted content, base64. Applicant or assessor only; every assessor read is audited.",
      select: { ciphertext: true, iv: true, authTag: true, keyId: true, applicationId: true },
      resolve: async (d, _a, ctx) => {
        const app = await db().urgencyApplication.findUniqueOrThrow({
          where: { id: d.applicationId },
          select: { id: true, seekerId: true, status: true, submittedAt: true },
        });
        if (!(await canReadApplication(ctx, app)))
          throw new (await import("./errors.ts")).NotAuthorizedError();
        if (hasRole(ctx.viewer, "ASSESSOR"))
          await audit(
            ctx,
            "READ",
            "UrgencyDocument",
            d.id,
            { applicationId: d.applicationId },
            undefined,
            "ASSESSOR",
          );
        return decryptDocument(key(), d, d.id).toString("base64");
      },
    }),
  }),
});

const TimelineRef = builder.objectRef<{ status: string; at: Date }>("UrgencyTimelineStep").implement({
  description: "A step in the application's history.",
  fields: (t) => ({
    status: t.field({
      type: UrgencyStatusEnum,
      description: "Status reached.",
      resolve: (s) => s.status as never,
    }),
    at: t.expose("at", { type: "DateTime", description: "When." }),
  }),
});

export const UrgencyApplication = builder.prismaNode("UrgencyApplication", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  id: { field: "id" },
  description:
    "An urgency application and its decision. Special-category personal data: visible to the applicant (session or URGENCY_READ) and assessors only; every assessor read is audited. Committees and landlords never see it.",
  authScopes: async (a, ctx) => canReadApplication(ctx, a),
  fields: (t) => ({
    category: t.expose("category", { type: UrgencyCategoryEnum, description: "Category applied for." }),
    situation: t.exposeString("situation", { description: "The seeker's description of their situation." }),
    status: t.expose("status", { type: UrgencyStatusEnum, description: "Status." }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "Created." }),
    submittedAt: t.expose("submittedAt", { type: "DateTime", nullable: true, description: "Submitted." }),
    reviewStartedAt: t.expose("reviewStartedAt", {
      type: "DateTime",
      nullable: true,
      description:
        "When an assessor took the application from the queue (IN_REVIEW); set at the decision when it was decided straight from SUBMITTED.",
    }),
    decidedAt: t.expose("decidedAt", { type: "DateTime", nullable: true, description: "Decided." }),
    informationRequest: t.exposeString("informationRequest", {
      nullable: true,
      description:
        "The assessor's latest request for more information (verzoek om aanvullende informatie), shown to the seeker; null when none was asked. Set by urgencyApplicationInformationRequest.",
    }),
    informationRequestedAt: t.expose("informationRequestedAt", {
      type: "DateTime",
      nullable: true,
      description: "When the latest request for more information was made; null when none was asked.",
    }),
    informationReply: t.exposeString("informationReply", {
      nullable: true,
      description:
        "The seeker's answer to the latest request for more information (antwoord op het verzoek), shown to the assessor; documents sent with it are among `documents`. Null when not answered. Set by urgencyApplicationInformationProvide.",
    }),
    informationRepliedAt: t.expose("informationRepliedAt", {
      type: "DateTime",
      nullable: true,
      description:
        "When the seeker answered; the latest request is open while this is null or before `informationRequestedAt`.",
    }),
    decisionReason: t.exposeString("decisionReason", {
      nullable: true,
      description: "Reason of the grant or rejection.",
    }),
    grantedCategory: t.expose("grantedCategory", {
      type: UrgencyCategoryEnum,
      nullable: true,
      description: "Category granted.",
    }),
    validFrom: t.expose("validFrom", {
      type: "DateTime",
      nullable: true,
      description: "Declaration valid from.",
    }),
    validUntil: t.expose("validUntil", {
      type: "DateTime",
      nullable: true,
      description: "Declaration valid until (then EXPIRED).",
    }),
    documents: t.relation("documents", {
      description: "Attached documents (metadata; content via contentBase64).",
      query: { orderBy: { uploadedAt: "asc" } },
    }),
    document: t.prismaField({
      type: "UrgencyDocument",
      nullable: true,
      description:
        "One attached document by its id (to open a single document: reading its contentBase64 audits that document alone); null when the application has no document with this id.",
      args: { id: t.arg.string({ required: true, description: "Document id (UrgencyDocument.id)." }) },
      resolve: (query, a, args) =>
        UUID_PATTERN.test(args.id)
          ? db().urgencyDocument.findFirst({ ...query, where: { id: args.id, applicationId: a.id } })
          : null,
    }),
    preferredSearchProfile: t.relation("searchProfiles", {
      description: "Search profiles: PREFERRED (asked for) and GRANTED (decided).",
    }),
    timeline: t.field({
      type: [TimelineRef],
      description: "Steps so far, oldest first.",
      resolve: (a) =>
        [
          { status: "DRAFT", at: a.createdAt },
          a.submittedAt && { status: "SUBMITTED", at: a.submittedAt },
          a.reviewStartedAt && { status: "IN_REVIEW", at: a.reviewStartedAt },
          a.decidedAt && { status: a.status === "EXPIRED" ? "GRANTED" : a.status, at: a.decidedAt },
          a.withdrawnAt && { status: "WITHDRAWN", at: a.withdrawnAt },
          a.status === "EXPIRED" && a.validUntil && { status: "EXPIRED", at: a.validUntil },
        ].filter(Boolean) as { status: string; at: Date }[],
    }),
    applicant: t.field({
      type: ApplicantRef,
      nullable: true,
      description: "The applicant's details. Assessors only (null for the applicant, who is the viewer).",
      select: {
        seeker: {
          include: {
            urgencyApplications: {
              where: { status: "GRANTED" as const },
              take: 1,
              include: { searchProfiles: true },
            },
          },
        },
      },
      resolve: (a, _x, ctx) => (hasRole(ctx.viewer, "ASSESSOR") ? (a.seeker as never) : null),
    }),
  }),
});

/** The assessor queue's filter: submitted applications in the given statuses and categories. */
function queueWhere(args: {
  statuses?: readonly UrgencyStatus[] | null;
  categories?: readonly UrgencyCategory[] | null;
}) {
  return {
    status: {
      in: (args.statuses?.length ? args.statuses : (["SUBMITTED", "IN_REVIEW"] as const)).filter(
        (s) => s !== "DRAFT",
      ),
    },
    ...(args.categories?.length ? { category: { in: [...args.categories] } } : {}),
    submittedAt: { not: null },
  };
}

builder.queryFields((t) => ({
  urgencyApplicationQueue: t.prismaConnection({
    type: "UrgencyApplication",
    cursor: "id",
    description:
      "Applications awaiting a decision (SUBMITTED, IN_REVIEW), oldest submission first. Assessors only; each application read is audited. Drafts, and drafts withdrawn without ever being submitted, are never listed (they are the seeker's alone).",
    authScopes: { assessor: true },
    args: {
      statuses: t.arg({
        type: [UrgencyStatusEnum],
        required: false,
        description:
          "Statuses (default SUBMITTED and IN_REVIEW); DRAFT is ignored, and WITHDRAWN lists only applications withdrawn after submission.",
      }),
      categories: t.arg({
        type: [UrgencyCategoryEnum],
        required: false,
        description: "Only applications for these categories (default: all).",
      }),
    },
    totalCount: (_r, args) => db().urgencyApplication.count({ where: queueWhere(args) }),
    resolve: (query, _r, args) =>
      db().urgencyApplication.findMany({
        ...query,
        where: queueWhere(args),
        orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
      }),
  }),
}));

// ── Inputs ──────────────────────────────────────────────────────────────────────────────────

const SearchProfileInput = builder.inputType("SearchProfileInput", {
  description: "A search profile; omitted bounds do not restrict.",
  fields: (t) => ({
    dwellingTypes: t.field({ type: [DwellingTypeEnum], required: false, description: "Dwelling kinds." }),
    minFloor: t.int({ required: false, description: "Lowest floor." }),
    maxFloor: t.int({ required: false, description: "Highest floor." }),
    minRooms: t.int({ required: false, description: "Fewest rooms." }),
    maxRooms: t.int({ required: false, description: "Most rooms." }),
    municipalityIds: t.stringList({ required: false, description: "Municipality ids." }),
    districtIds: t.stringList({ required: false, description: "District ids." }),
    requiresAccessibility: t.field({
      type: AccessibilityLabelEnum,
      required: false,
      description: "Minimum accessibility.",
    }),
  }),
});
const profileSchema = z.object({
  dwellingTypes: z.array(z.string()).max(7).nullish(),
  minFloor: z.number().int().min(0).max(50).nullish(),
  maxFloor: z.number().int().min(0).max(50).nullish(),
  minRooms: z.number().int().min(1).max(20).nullish(),
  maxRooms: z.number().int().min(1).max(20).nullish(),
  municipalityIds: z.array(z.string().uuid()).max(100).nullish(),
  districtIds: z.array(z.string().uuid()).max(500).nullish(),
  requiresAccessibility: z.enum(["NONE", "WALKER", "WHEELCHAIR"]).nullish(),
});
type ProfileIn = z.infer<typeof profileSchema>;
const profileData = (p: ProfileIn) => ({
  dwellingTypes: (p.dwellingTypes ?? []) as never,
  minFloor: p.minFloor ?? null,
  maxFloor: p.maxFloor ?? null,
  minRooms: p.minRooms ?? null,
  maxRooms: p.maxRooms ?? null,
  municipalityIds: p.municipalityIds ?? [],
  districtIds: p.districtIds ?? [],
  requiresAccessibility: p.requiresAccessibility ?? "NONE",
});

const UrgencyApplicationCreateInput = builder.inputType("UrgencyApplicationCreateInput", {
  description:
    "A new urgency application (saved as DRAFT). Documents: PDF, PNG or JPEG, at most 10 MiB each, at most 5 per request and 10 per application.",
  fields: (t) => ({
    category: t.field({ type: UrgencyCategoryEnum, required: true, description: "Category applied for." }),
    situation: t.string({ required: false, description: "Your situation (up to 10,000 characters)." }),
    preferredSearchProfile: t.field({
      type: SearchProfileInput,
      required: false,
      description: "The dwellings you ask priority for.",
    }),
    documents: t.field({
      type: ["Upload"],
      required: false,
      description:
        "Documents (GraphQL multipart upload): PDF, PNG or JPEG, at most 10 MiB each and 5 per request (10 per application).",
    }),
  }),
});
const UrgencyApplicationUpdateInput = builder.inputType("UrgencyApplicationUpdateInput", {
  description: "Changes to a DRAFT application; omitted fields stay.",
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID of the application." }),
    category: t.field({ type: UrgencyCategoryEnum, required: false, description: "Category." }),
    situation: t.string({ required: false, description: "Situation." }),
    preferredSearchProfile: t.field({
      type: SearchProfileInput,
      required: false,
      description: "Preferred search profile (replaces).",
    }),
    addDocuments: t.field({
      type: ["Upload"],
      required: false,
      description:
        "Documents to add: at most 10 MiB each and 5 per request; the application holds at most 10.",
    }),
    removeDocumentIds: t.idList({ required: false, description: "Ids of documents to remove." }),
  }),
});
const UrgencyApplicationIdInput = builder.inputType("UrgencyApplicationIdInput", {
  description: "An application to act on.",
  fields: (t) => ({ id: t.id({ required: true, description: "Global ID of the application." }) }),
});
const UrgencyApplicationInformationRequestInput = builder.inputType(
  "UrgencyApplicationInformationRequestInput",
  {
    description: "An assessor's request for more information.",
    fields: (t) => ({
      id: t.id({ required: true, description: "Global ID of the application." }),
      message: t.string({
        required: true,
        description: "What the seeker should send or explain (5-5,000 characters), shown to the seeker.",
      }),
    }),
  },
);
const UrgencyApplicationInformationProvideInput = builder.inputType(
  "UrgencyApplicationInformationProvideInput",
  {
    description: "The seeker's answer to an assessor's request for more information.",
    fields: (t) => ({
      id: t.id({ required: true, description: "Global ID of your application." }),
      message: t.string({
        required: true,
        description: "Your answer (5-5,000 characters), shown to the assessor.",
      }),
      documents: t.field({
        type: ["Upload"],
        required: false,
        description:
          "Documents asked for (GraphQL multipart upload): PDF, PNG or JPEG, at most 10 MiB each and 5 per request; the application holds at most 10.",
      }),
    }),
  },
);
const UrgencyDecisionEnum = builder.enumType("UrgencyDecision", {
  description: "Decision on an urgency application.",
  values: {
    GRANT: { description: "Grant with category, search profile and validity." },
    REJECT: { description: "Reject with a reason." },
  } as const,
});
const UrgencyApplicationDecideInput = builder.inputType("UrgencyApplicationDecideInput", {
  description: "An assessor's decision.",
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID of the application." }),
    decision: t.field({ type: UrgencyDecisionEnum, required: true, description: "GRANT or REJECT." }),
    reason: t.string({ required: true, description: "Reason shown to the seeker (required for both)." }),
    grantedCategory: t.field({
      type: UrgencyCategoryEnum,
      required: false,
      description: "GRANT: category (default: the one applied for).",
    }),
    searchProfile: t.field({
      type: SearchProfileInput,
      required: false,
      description:
        "GRANT: search profile (default: the rule set's default, apartments from the 1st floor [001] §E.2c).",
    }),
    validMonths: t.int({
      required: false,
      description: "GRANT: validity in months (default from the rule set, 6).",
    }),
  }),
});

/** File extension per accepted type, appended when a sanitised name lacks it. */
const EXTENSIONS: Record<(typeof DOCUMENT_TYPES)[number], string[]> = {
  "application/pdf": [".pdf"],
  "image/png": [".png"],
  "image/jpeg": [".jpg", ".jpeg"],
};

/**
 * A client-sent file name made safe to store and show: the last path segment only, Unicode NFC,
 * without control, bidirectional-override or other format characters (a U+202E can make
 * "invoice\u202Efdp.exe" display as "invoiceexe.pdf") and without characters that are special
 * in file systems or a Content-Disposition header; at most 200 characters, with the extension of
 * the sniffed type.
 */
export function sanitiseFileName(raw: string | undefined, type: (typeof DOCUMENT_TYPES)[number]): string {
  const base = (raw ?? "").split(/[/\\]/).pop() ?? "";
  let name = base
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "")
    .replace(/["*:<>?|;]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  const exts = EXTENSIONS[type];
  if (!exts.some((e) => name.toLowerCase().endsWith(e))) name = `${name || "document"}${exts[0]}`;
  if (name.length > 200) name = name.slice(0, 200 - exts[0]!.length) + exts[0];
  return name;
}

/**
 * Transaction timeout (ms) for storing `files`: 30 s plus 3 s per MiB, because writing bytea
 * through Prisma's driver adapter takes about 1 s per MiB (5 documents of 10 MiB: ~60 s).
 */
function uploadTimeoutMs(files: readonly File[] | null | undefined): number {
  const mib = (files ?? []).reduce((sum, f) => sum + f.size, 0) / (1024 * 1024);
  return 30_000 + Math.ceil(mib) * 3_000;
}

/** A checked, encrypted document ready to insert (urgency, care indication or vital profession proof). */
export interface PreparedDocument {
  id: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  ciphertext: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  authTag: Uint8Array<ArrayBuffer>;
  keyId: string;
  sha256: string;
}

/**
 * Checks uploaded files (at most 5 per request, `existing + files` at most 10, each a PDF, PNG or
 * JPEG by content and declared type, at most 10 MiB) and encrypts them with the document key
 * (AES-256-GCM, the row id as additional data). Every file is checked before any is encrypted.
 *
 * @param path - input path of the upload field, for the ValidationError issues
 * @throws ValidationError naming the offending file
 */
export async function prepareDocuments(
  files: File[],
  existing: number,
  path: (string | number)[] = ["input", "documents"],
  indexes?: readonly number[],
): Promise<PreparedDocument[]> {
  if (files.length > DOCUMENT_MAX_PER_REQUEST) {
    throw new ValidationError([
      { path, message: `at most ${DOCUMENT_MAX_PER_REQUEST} documents per request` },
    ]);
  }
  if (existing + files.length > DOCUMENT_MAX_PER_APPLICATION) {
    throw new ValidationError([
      { path, message: `at most ${DOCUMENT_MAX_PER_APPLICATION} documents per application` },
    ]);
  }
  // Check every file before storing any, so a bad last file costs no writes.
  const checked: { file: File; data: Uint8Array; type: (typeof DOCUMENT_TYPES)[number] }[] = [];
  for (const [i, file] of files.entries()) {
    const at = [...path, indexes?.[i] ?? i];
    if (file.size > DOCUMENT_MAX_BYTES)
      throw new ValidationError([
        { path: at, message: `must be at most ${DOCUMENT_MAX_BYTES / 1024 / 1024} MiB` },
      ]);
    const data = new Uint8Array(await file.arrayBuffer());
    const sniffed = sniffDocumentType(data);
    if (!sniffed || !(DOCUMENT_TYPES as readonly string[]).includes(file.type) || sniffed !== file.type) {
      throw new ValidationError([{ path: at, message: "must be a PDF, PNG or JPEG file" }]);
    }
    checked.push({ file, data, type: sniffed });
  }
  return checked.map(({ file, data, type }) => {
    const id = randomUUID();
    return {
      id,
      fileName: sanitiseFileName(file.name, type),
      mimeType: type,
      sizeBytes: data.byteLength,
      ...encryptDocument(key(), data, id),
    };
  });
}

/** Decrypts a stored document (any of the encrypted document tables) with the document key. */
export function decryptStoredDocument(d: {
  id: string;
  ciphertext: Uint8Array;
  iv: Uint8Array;
  authTag: Uint8Array;
  keyId: string;
}): string {
  return decryptDocument(key(), d, d.id).toString("base64");
}

/**
 * Check and store uploaded documents of an urgency application. A file whose content (SHA-256)
 * the application already has, or that appears twice in one request, is not stored again:
 * re-sending a form step after going back uploads nothing twice, and only new files count
 * against the per-application maximum.
 * @throws ValidationError naming the file (`input.documents.<i>`, its index in the request)
 */
async function storeDocuments(tx: Tx, applicationId: string, files: File[], existing: number) {
  // The per-request limit counts what was sent, duplicates included.
  if (files.length > DOCUMENT_MAX_PER_REQUEST)
    throw new ValidationError([
      { path: ["input", "documents"], message: `at most ${DOCUMENT_MAX_PER_REQUEST} documents per request` },
    ]);
  const known = new Set(
    files.length
      ? (await tx.urgencyDocument.findMany({ where: { applicationId }, select: { sha256: true } })).map(
          (d) => d.sha256,
        )
      : [],
  );
  const fresh: File[] = [];
  const indexes: number[] = []; // index of each fresh file in the request, for error paths
  for (const [i, file] of files.entries()) {
    const digest = createHash("sha256")
      .update(new Uint8Array(await file.arrayBuffer()))
      .digest("hex");
    if (known.has(digest)) continue;
    known.add(digest);
    fresh.push(file);
    indexes.push(i);
  }
  for (const doc of await prepareDocuments(fresh, existing, ["input", "documents"], indexes)) {
    await tx.urgencyDocument.create({ data: { applicationId, ...doc } });
  }
}

async function ownApplication(ctx: Context, globalId: string | number) {
  const { seekerId } = requireSeeker(ctx, "URGENCY_WRITE");
  const id = decodeGlobal(String(globalId), "UrgencyApplication");
  const app = await db().urgencyApplication.findFirst({ where: { id, seekerId } });
  if (!app) throw new NotFoundError("UrgencyApplication");
  return app;
}

/** Statuses in which an urgency application counts as open. */
export const OPEN_APPLICATION_STATUSES = ["DRAFT", "SUBMITTED", "IN_REVIEW"] as const;
/** Most open urgency applications per seeker at a time. */
export const MAX_OPEN_APPLICATIONS = 3;

const situationSchema = z.string().max(10000, "must be at most 10,000 characters");
const errorsFor = (types: (typeof ValidationError | typeof NotFoundError | typeof InvalidStateError)[]) => ({
  types,
  dataField: { name: "urgencyApplication", description: "The application." },
});

/** What granting an urgency declaration needs (see {@link grantDeclarationTx}). */
export interface GrantDeclaration {
  /** The application id. */
  id: string;
  /** The statuses the application must still have (checked in the update, so a race wins cleanly). */
  where: { id: string; status: { in: UrgencyStatus[] } };
  /** The staff user deciding. */
  deciderId: string;
  /** Reason shown to the seeker. */
  reason: string;
  grantedCategory: UrgencyCategory;
  /** Granted search profile; null = the rule set's default (apartments from the 1st floor [001] §E.2c). */
  profile: ProfileIn | null;
  /** Validity in months; null = the rule set's default (6). */
  months: number | null;
  now: Date;
  reviewStartedAt: Date;
}

/**
 * Grant the urgency declaration (urgentieverklaring) inside `tx`: status GRANTED with category,
 * validity from today (Europe/Amsterdam) for `months` (rule set default 6) and the GRANTED search
 * profile. Used by urgencyApplicationDecide and by an upheld objection (objectionDecide).
 *
 * @returns the update count (0 when the application's status no longer matches `where`)
 */
export async function grantDeclarationTx(tx: Tx, g: GrantDeclaration): Promise<{ count: number }> {
  const rs = ruleSetInForce(await loadRuleSets(tx), g.now);
  const validFrom = toUtcMidnight(amsterdamDate(g.now));
  const validUntil = toUtcMidnight(
    addMonths(amsterdamDate(g.now), g.months ?? rs.urgency.defaultValidityMonths),
  );
  const granted = g.profile
    ? profileData(g.profile)
    : profileData(rs.urgency.defaultSearchProfile as ProfileIn);
  const n = await tx.urgencyApplication.updateMany({
    where: g.where,
    data: {
      status: "GRANTED",
      decidedAt: g.now,
      decidedById: g.deciderId,
      decisionReason: g.reason,
      grantedCategory: g.grantedCategory,
      validFrom,
      validUntil,
      reviewStartedAt: g.reviewStartedAt,
    },
  });
  if (n.count === 1)
    await tx.searchProfile.upsert({
      where: { applicationId_kind: { applicationId: g.id, kind: "GRANTED" } },
      create: { applicationId: g.id, kind: "GRANTED", ...granted },
      update: granted,
    });
  return n;
}

/** The search profile input's checks (zod), shared with objectionDecide. */
export const searchProfileSchema = profileSchema;
/** The GraphQL input type of a search profile, shared with objectionDecide. */
export { SearchProfileInput };

builder.mutationFields((t) => ({
  urgencyApplicationCreate: t.field({
    type: UrgencyApplication,
    description:
      "Start an urgency application (DRAFT), optionally with documents (multipart upload). At most 3 open (DRAFT, SUBMITTED, IN_REVIEW) applications per seeker, also under concurrent calls. The seeker's session, or a representative with the URGENCY_APPLICATION scope (never a personal access token). Errors: NotAuthorizedError, ValidationError (limit reached, bad input or documents).",
    errors: errorsFor([ValidationError]),
    args: {
      input: t.arg({ type: UrgencyApplicationCreateInput, required: true, description: "The application." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "URGENCY_WRITE");
      const situation = parseInput(situationSchema.nullish(), input.situation, ["input", "situation"]) ?? "";
      const profile = input.preferredSearchProfile
        ? parseInput(profileSchema, input.preferredSearchProfile, ["input", "preferredSearchProfile"])
        : null;
      return db().$transaction(
        async (tx) => {
          // Count the open applications under a lock on the seeker row, so parallel creates of
          // one seeker are counted one after the other and the limit holds (locks.ts).
          await lockSeekerForUpdate(tx, seekerId);
          const open = await tx.urgencyApplication.count({
            where: { seekerId, status: { in: [...OPEN_APPLICATION_STATUSES] } },
          });
          if (open >= MAX_OPEN_APPLICATIONS)
            throw new ValidationError([
              {
                path: ["input", "category"],
                message: `you already have ${MAX_OPEN_APPLICATIONS} open applications; finish or withdraw one first`,
              },
            ]);
          const app = await tx.urgencyApplication.create({
            data: {
              seekerId,
              category: input.category,
              situation,
              ...(profile
                ? { searchProfiles: { create: { kind: "PREFERRED", ...profileData(profile) } } }
                : {}),
            },
          });
          await storeDocuments(tx, app.id, (input.documents ?? []) as File[], 0);
          await audit(ctx, "CREATE", "UrgencyApplication", app.id, undefined, tx);
          return app;
        },
        { timeout: uploadTimeoutMs(input.documents as File[] | null | undefined) },
      );
    },
  }),
  urgencyApplicationUpdate: t.field({
    type: UrgencyApplication,
    description:
      "Change a DRAFT application (category, situation, preferred search profile, add/remove documents). The seeker's session or a representative with URGENCY_APPLICATION. Errors: NotAuthorizedError, NotFoundError, InvalidStateError, ValidationError.",
    errors: errorsFor([ValidationError, NotFoundError, InvalidStateError]),
    args: { input: t.arg({ type: UrgencyApplicationUpdateInput, required: true, description: "Changes." }) },
    resolve: async (_r, { input }, ctx) => {
      const app = await ownApplication(ctx, input.id);
      if (app.status !== "DRAFT")
        throw new InvalidStateError(app.status, "Only a draft application can be changed");
      const situation =
        input.situation != null
          ? parseInput(situationSchema, input.situation, ["input", "situation"])
          : undefined;
      const profile = input.preferredSearchProfile
        ? parseInput(profileSchema, input.preferredSearchProfile, ["input", "preferredSearchProfile"])
        : null;
      // Document ids are row ids (UUID, as `documents { id }` returns them); anything else names no
      // document and would reach PostgreSQL as an invalid uuid.
      const removeDocumentIds = (input.removeDocumentIds ?? []).map(String);
      const badId = removeDocumentIds.findIndex((id) => !UUID_PATTERN.test(id));
      if (badId >= 0)
        throw new ValidationError([
          {
            path: ["input", "removeDocumentIds", badId],
            message: "must be the id of a document of this application",
          },
        ]);
      return db().$transaction(
        async (tx) => {
          const n = await tx.urgencyApplication.updateMany({
            where: { id: app.id, status: "DRAFT" },
            data: {
              ...(input.category ? { category: input.category } : {}),
              ...(situation !== undefined ? { situation } : {}),
            },
          });
          if (n.count !== 1)
            throw new InvalidStateError(app.status, "Only a draft application can be changed");
          if (profile) {
            await tx.searchProfile.upsert({
              where: { applicationId_kind: { applicationId: app.id, kind: "PREFERRED" } },
              create: { applicationId: app.id, kind: "PREFERRED", ...profileData(profile) },
              update: profileData(profile),
            });
          }
          if (removeDocumentIds.length)
            await tx.urgencyDocument.deleteMany({
              where: { applicationId: app.id, id: { in: removeDocumentIds } },
            });
          const count = await tx.urgencyDocument.count({ where: { applicationId: app.id } });
          await storeDocuments(tx, app.id, (input.addDocuments ?? []) as File[], count);
          await audit(ctx, "UPDATE", "UrgencyApplication", app.id, undefined, tx);
          return tx.urgencyApplication.findUniqueOrThrow({ where: { id: app.id } });
        },
        { timeout: uploadTimeoutMs(input.addDocuments as File[] | null | undefined) },
      );
    },
  }),
  urgencyApplicationSubmit: t.field({
    type: UrgencyApplication,
    description:
      "Submit a DRAFT application for assessment (the situation must be described, at least 20 characters). The seeker's session or a representative with URGENCY_APPLICATION. Errors: NotAuthorizedError, NotFoundError, InvalidStateError, ValidationError.",
    errors: errorsFor([ValidationError, NotFoundError, InvalidStateError]),
    args: {
      input: t.arg({ type: UrgencyApplicationIdInput, required: true, description: "The application." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const app = await ownApplication(ctx, input.id);
      if (app.status !== "DRAFT")
        throw new InvalidStateError(app.status, "Only a draft application can be submitted");
      if (app.situation.trim().length < 20)
        throw new ValidationError([
          {
            path: ["input", "situation"],
            message: "describe your situation (at least 20 characters) before submitting",
          },
        ]);
      return db().$transaction(async (tx) => {
        const n = await tx.urgencyApplication.updateMany({
          where: { id: app.id, status: "DRAFT" },
          data: { status: "SUBMITTED", submittedAt: new Date() },
        });
        if (n.count !== 1)
          throw new InvalidStateError(app.status, "Only a draft application can be submitted");
        await audit(ctx, "UPDATE", "UrgencyApplication", app.id, { action: "submit" }, tx);
        return tx.urgencyApplication.findUniqueOrThrow({ where: { id: app.id } });
      });
    },
  }),
  urgencyApplicationWithdraw: t.field({
    type: UrgencyApplication,
    description:
      "Withdraw an application before its decision. The seeker's session or a representative with URGENCY_APPLICATION. Errors: NotAuthorizedError, NotFoundError, InvalidStateError.",
    errors: errorsFor([ValidationError, NotFoundError, InvalidStateError]),
    args: {
      input: t.arg({ type: UrgencyApplicationIdInput, required: true, description: "The application." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const app = await ownApplication(ctx, input.id);
      return db().$transaction(async (tx) => {
        const n = await tx.urgencyApplication.updateMany({
          where: { id: app.id, status: { in: ["DRAFT", "SUBMITTED", "IN_REVIEW"] } },
          data: { status: "WITHDRAWN", withdrawnAt: new Date() },
        });
        if (n.count !== 1)
          throw new InvalidStateError(app.status, "A decided application cannot be withdrawn");
        await audit(ctx, "UPDATE", "UrgencyApplication", app.id, { action: "withdraw" }, tx);
        return tx.urgencyApplication.findUniqueOrThrow({ where: { id: app.id } });
      });
    },
  }),
  urgencyApplicationReviewStart: t.field({
    type: UrgencyApplication,
    description:
      "Take a SUBMITTED application from the queue for review (assessors): status IN_REVIEW, `reviewStartedAt` set; the seeker's timeline shows the step. Audited. The seeker may still withdraw until the decision. Errors: NotAuthorizedError, NotFoundError, InvalidStateError (not SUBMITTED, e.g. already in review, decided or withdrawn), ValidationError (malformed id).",
    errors: errorsFor([ValidationError, NotFoundError, InvalidStateError]),
    args: {
      input: t.arg({ type: UrgencyApplicationIdInput, required: true, description: "The application." }),
    },
    resolve: async (_r, { input }, ctx) => {
      requireRole(ctx, "ASSESSOR");
      const id = decodeGlobal(String(input.id), "UrgencyApplication");
      return db().$transaction(async (tx) => {
        const app = await tx.urgencyApplication.findUnique({ where: { id }, select: { status: true } });
        if (!app) throw new NotFoundError("UrgencyApplication");
        const n = await tx.urgencyApplication.updateMany({
          where: { id, status: "SUBMITTED" },
          data: { status: "IN_REVIEW", reviewStartedAt: new Date() },
        });
        if (n.count !== 1)
          throw new InvalidStateError(
            app.status === "SUBMITTED" ? "IN_REVIEW" : app.status,
            "Only a submitted application can be taken into review",
          );
        await audit(ctx, "UPDATE", "UrgencyApplication", id, { action: "reviewStart" }, tx, "ASSESSOR");
        return tx.urgencyApplication.findUniqueOrThrow({ where: { id } });
      });
    },
  }),
  urgencyApplicationInformationRequest: t.field({
    type: UrgencyApplication,
    description:
      "Ask the seeker for more information (aanvullende informatie) on a SUBMITTED or IN_REVIEW application (assessors): the message (5-5,000 characters) is shown to the seeker on their application; a SUBMITTED application moves to IN_REVIEW. A later request replaces the earlier one. Audited. Errors: NotAuthorizedError, NotFoundError, InvalidStateError (decided or withdrawn), ValidationError (message length, malformed id).",
    errors: errorsFor([ValidationError, NotFoundError, InvalidStateError]),
    args: {
      input: t.arg({
        type: UrgencyApplicationInformationRequestInput,
        required: true,
        description: "The application and the question.",
      }),
    },
    resolve: async (_r, { input }, ctx) => {
      requireRole(ctx, "ASSESSOR");
      const id = decodeGlobal(String(input.id), "UrgencyApplication");
      const message = parseInput(
        z.string().trim().min(5, "must be at least 5 characters").max(5000),
        input.message,
        ["input", "message"],
      );
      return db().$transaction(async (tx) => {
        const app = await tx.urgencyApplication.findUnique({
          where: { id },
          select: { status: true, reviewStartedAt: true, submittedAt: true },
        });
        if (!app || !assessorMaySee(app)) throw new NotFoundError("UrgencyApplication");
        const now = new Date();
        // Conditional on the status, so a concurrent decision or withdrawal wins cleanly.
        const n = await tx.urgencyApplication.updateMany({
          where: { id, status: { in: ["SUBMITTED", "IN_REVIEW"] } },
          data: {
            status: "IN_REVIEW",
            reviewStartedAt: app.reviewStartedAt ?? now,
            informationRequest: message,
            informationRequestedAt: now,
          },
        });
        if (n.count !== 1)
          throw new InvalidStateError(app.status, "Only an undecided application can get a request");
        await audit(
          ctx,
          "UPDATE",
          "UrgencyApplication",
          id,
          { action: "informationRequest" },
          tx,
          "ASSESSOR",
        );
        return tx.urgencyApplication.findUniqueOrThrow({ where: { id } });
      });
    },
  }),
  urgencyApplicationInformationProvide: t.field({
    type: UrgencyApplication,
    description:
      "Answer the assessor's open request for more information on your SUBMITTED or IN_REVIEW application (aanvullende informatie aanleveren): a message (5-5,000 characters) and optionally documents (PDF, PNG or JPEG, at most 10 MiB each, 5 per request, 10 per application). The answer is shown to the assessor with the application; a later request can be answered again. The seeker's session or a representative with URGENCY_APPLICATION. Audited. Errors: NotAuthorizedError, NotFoundError, InvalidStateError (no open request: none asked, already answered, decided or withdrawn), ValidationError (message length, documents).",
    errors: errorsFor([ValidationError, NotFoundError, InvalidStateError]),
    args: {
      input: t.arg({
        type: UrgencyApplicationInformationProvideInput,
        required: true,
        description: "Your answer.",
      }),
    },
    resolve: async (_r, { input }, ctx) => {
      const app = await ownApplication(ctx, input.id);
      const message = parseInput(
        z.string().trim().min(5, "must be at least 5 characters").max(5000),
        input.message,
        ["input", "message"],
      );
      const noOpenRequest = () =>
        new InvalidStateError(app.status, "There is no open request for information on this application");
      return db().$transaction(
        async (tx) => {
          const row = await tx.urgencyApplication.findUniqueOrThrow({
            where: { id: app.id },
            select: { informationRequestedAt: true, informationRepliedAt: true },
          });
          const requestedAt = row.informationRequestedAt;
          if (!requestedAt || (row.informationRepliedAt && row.informationRepliedAt >= requestedAt))
            throw noOpenRequest();
          const now = new Date();
          // Conditional on the status and on the request answered, so a decision, a withdrawal or
          // a newer request in between wins cleanly.
          const n = await tx.urgencyApplication.updateMany({
            where: {
              id: app.id,
              status: { in: ["SUBMITTED", "IN_REVIEW"] },
              informationRequestedAt: requestedAt,
            },
            data: { informationReply: message, informationRepliedAt: now },
          });
          if (n.count !== 1) throw noOpenRequest();
          const count = await tx.urgencyDocument.count({ where: { applicationId: app.id } });
          await storeDocuments(tx, app.id, (input.documents ?? []) as File[], count);
          await audit(ctx, "UPDATE", "UrgencyApplication", app.id, { action: "informationProvide" }, tx);
          return tx.urgencyApplication.findUniqueOrThrow({ where: { id: app.id } });
        },
        { timeout: uploadTimeoutMs(input.documents as File[] | null | undefined) },
      );
    },
  }),
  urgencyApplicationDecide: t.field({
    type: UrgencyApplication,
    description:
      "Decide a SUBMITTED or IN_REVIEW application (assessors): GRANT with category, search profile and validity (defaults from the rule set: 6 months, apartments from the 1st floor [001] §E.2c), or REJECT with a reason. Audited. Errors: NotAuthorizedError, NotFoundError, InvalidStateError, ValidationError.",
    errors: errorsFor([ValidationError, NotFoundError, InvalidStateError]),
    args: {
      input: t.arg({ type: UrgencyApplicationDecideInput, required: true, description: "The decision." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const viewer = requireRole(ctx, "ASSESSOR");
      const id = decodeGlobal(String(input.id), "UrgencyApplication");
      const reason = parseInput(
        z.string().trim().min(5, "must be at least 5 characters").max(5000),
        input.reason,
        ["input", "reason"],
      );
      const profile = input.searchProfile
        ? parseInput(profileSchema, input.searchProfile, ["input", "searchProfile"])
        : null;
      const months =
        input.validMonths != null
          ? parseInput(z.number().int().min(1).max(60), input.validMonths, ["input", "validMonths"])
          : null;
      return db().$transaction(async (tx) => {
        const app = await tx.urgencyApplication.findUnique({ where: { id } });
        if (!app) throw new NotFoundError("UrgencyApplication");
        if (app.status !== "SUBMITTED" && app.status !== "IN_REVIEW")
          throw new InvalidStateError(app.status, "Only a submitted application can be decided");
        const now = new Date();
        // Conditional on the status read above, so a concurrent withdrawal or decision wins cleanly.
        const undecided = { id, status: { in: ["SUBMITTED" as const, "IN_REVIEW" as const] } };
        const decided = (n: { count: number }) => {
          if (n.count !== 1)
            throw new InvalidStateError(app.status, "The application changed meanwhile; reload it");
        };
        if (input.decision === "REJECT") {
          await tx.urgencyApplication
            .updateMany({
              where: undecided,
              data: {
                status: "REJECTED",
                decidedAt: now,
                decidedById: viewer.userId,
                decisionReason: reason,
                reviewStartedAt: app.reviewStartedAt ?? now,
              },
            })
            .then(decided);
        } else {
          await grantDeclarationTx(tx, {
            id,
            where: undecided,
            deciderId: viewer.userId,
            reason,
            grantedCategory: input.grantedCategory ?? app.category,
            profile,
            months,
            now,
            reviewStartedAt: app.reviewStartedAt ?? now,
          }).then(decided);
        }
        await audit(ctx, "DECIDE", "UrgencyApplication", id, { decision: input.decision }, tx, "ASSESSOR");
        await notifyUrgencyDecision(tx, id);
        return tx.urgencyApplication.findUniqueOrThrow({ where: { id } });
      });
    },
  }),
}));
