/**
 * The seeker's document store (mijn documenten, issue 15 item 4, "documents once"): an income
 * statement, proof of identity or residence, a medical or employment statement is uploaded once,
 * with its validity dates, and attached to urgency applications, care indications and
 * vital-profession claims from the store instead of being uploaded again.
 *
 * Storage: as urgency documents (documents.ts): PDF, PNG or JPEG by content and declared type, at
 * most 10 MiB, encrypted at rest with AES-256-GCM, the row id bound in as additional data.
 *
 * Attaching copies (copy-on-attach): `seekerDocumentAttach` decrypts the stored document and
 * stores it again, encrypted under a new id, as a document of the application or claim, and
 * records the link in SeekerDocumentAttachment. Why a copy rather than a reference:
 * - the evidence an assessor decided on cannot change or vanish afterwards: removing a document
 *   from the store, or the store's retention, leaves submitted applications intact;
 * - access, audit and retention of the attached document are the application's, unchanged: the
 *   assessor reads it exactly as an uploaded document (`UrgencyDocument.contentBase64`, audited as
 *   `UrgencyDocument` READ), and it is deleted with the application's documents
 *   (jobs.ts, 12 months after the application ended); nobody but the seeker can reach the store.
 * The cost is storing an attached document twice, which is small next to these guarantees.
 *
 * Access: the seeker's signed-in session only (personal access tokens, landlord staff, assessors,
 * committees and administrators see nothing of the store). Every content read is audited
 * (`READ SeekerDocument`, who opened which document), as are uploads, removals and attachments.
 * Retention: jobs.ts deletes a stored document `SEEKER_DOCUMENT_RETENTION_MONTHS` after its
 * `validUntil` unless an open application or claim used it (seeker-document-retention.ts).
 */
import type { SeekerDocumentKind } from "@woonbeurt/db";
import { z } from "zod";
import { hasSeekerScope, type Context } from "../auth/context.ts";
import { db, type Tx } from "../db.ts";
import { DOCUMENT_MAX_BYTES, DOCUMENT_MAX_PER_APPLICATION } from "../documents.ts";
import { lockSeekerForUpdate } from "../locks.ts";
import { builder, UUID_PATTERN } from "./builder.ts";
import { decodeGlobal, encodeGlobal } from "./common.ts";
import {
  InvalidStateError,
  NotAuthorizedError,
  NotFoundError,
  parseInput,
  ValidationError,
} from "./errors.ts";
import { audit, requireSeeker } from "./guards.ts";
import { decryptStoredDocument, prepareDocuments } from "./urgency.ts";

/** Most documents in one seeker's store. */
export const SEEKER_DOCUMENT_MAX = 30;

/** Kinds that are special-category personal data (GDPR art. 9). */
export const SPECIAL_CATEGORY_KINDS: readonly SeekerDocumentKind[] = ["MEDICAL_STATEMENT"];

/** Applications and claims a stored document can be attached to. */
export const ATTACH_TARGETS = ["UrgencyApplication", "CareIndication", "VitalProfessionClaim"] as const;
type AttachTarget = (typeof ATTACH_TARGETS)[number];

const SeekerDocumentKindEnum = builder.enumType("SeekerDocumentKind", {
  description: "Kind of a stored document (soort document).",
  values: {
    INCOME_STATEMENT: {
      description: "Income statement (inkomensverklaring), e.g. of one tax year.",
    },
    IDENTITY: { description: "Proof of identity (identiteitsbewijs)." },
    PROOF_OF_RESIDENCE: { description: "Proof of address (bewijs van woonadres, e.g. BRP extract)." },
    MEDICAL_STATEMENT: {
      description:
        "Medical statement (medische verklaring): special-category data; never attached to a vital-profession claim.",
    },
    EMPLOYMENT_PROOF: { description: "Employer's statement or contract (werkgeversverklaring)." },
    OTHER: { description: "Anything else (overig)." },
  } as const,
});

/** Whether the viewer is the signed-in seeker (session, not a token) who owns `seekerId`'s store. */
function isOwner(ctx: Context, seekerId: string): boolean {
  return ctx.viewer?.seekerId === seekerId && hasSeekerScope(ctx.viewer, "SESSION_ONLY");
}

builder.prismaObject("SeekerDocumentAttachment", {
  description: "Where a stored document was attached (a copy now belongs to that application or claim).",
  fields: (t) => ({
    targetType: t.exposeString("targetType", {
      description: "UrgencyApplication, CareIndication or VitalProfessionClaim.",
    }),
    targetId: t.id({
      description: "Global ID of the application or claim.",
      resolve: (a) => encodeGlobal(a.targetType, a.targetId),
    }),
    attachedAt: t.expose("attachedAt", { type: "DateTime", description: "When it was attached." }),
  }),
});

export const SeekerDocumentRef = builder.prismaNode("SeekerDocument", {
  // an unknown id, or a document of someone else, resolves to null
  nullable: true,
  id: { field: "id" },
  description:
    "A document in the seeker's store (mijn documenten), encrypted at rest (AES-256-GCM). Visible to its owner's signed-in session only; every content read is audited. Staff read it only as the copy attached to an application they may read.",
  authScopes: (d, ctx) => isOwner(ctx, d.seekerId),
  select: { id: true, seekerId: true, kind: true },
  fields: (t) => ({
    kind: t.expose("kind", { type: SeekerDocumentKindEnum, description: "Kind of document." }),
    title: t.exposeString("title", { description: 'The seeker\'s title, e.g. "Inkomensverklaring 2025".' }),
    fileName: t.exposeString("fileName", { description: "File name (sanitised)." }),
    mimeType: t.exposeString("mimeType", { description: "application/pdf, image/png or image/jpeg." }),
    sizeBytes: t.exposeInt("sizeBytes", { description: "Size in bytes." }),
    validFrom: t.expose("validFrom", {
      type: "Date",
      nullable: true,
      description: "First day of validity (e.g. 1 January of the tax year); null when not stated.",
    }),
    validUntil: t.expose("validUntil", {
      type: "Date",
      nullable: true,
      description:
        "Last day of validity; null = no end. Retention: deleted 12 months after this day unless an open application used it.",
    }),
    uploadedAt: t.expose("uploadedAt", { type: "DateTime", description: "Upload time." }),
    specialCategory: t.boolean({
      description: "Whether the document is special-category data (medical statement, GDPR art. 9).",
      resolve: (d) => SPECIAL_CATEGORY_KINDS.includes(d.kind),
    }),
    downloadPath: t.string({
      description:
        "Portal path that opens the file (`/mijn/documenten/<id>/bestand`); opening it reads `contentBase64` (audited).",
      resolve: (d) => `/mijn/documenten/${encodeURIComponent(encodeGlobal("SeekerDocument", d.id))}/bestand`,
    }),
    attachments: t.relation("attachments", {
      description: "Applications and claims this document was attached to, oldest first.",
      query: { orderBy: { attachedAt: "asc" } },
    }),
    contentBase64: t.string({
      description:
        "The decrypted content, base64. The owner's signed-in session only; every read is audited (READ SeekerDocument).",
      select: { ciphertext: true, iv: true, authTag: true, keyId: true, seekerId: true, kind: true },
      resolve: async (d, _a, ctx) => {
        if (!isOwner(ctx, d.seekerId)) throw new NotAuthorizedError();
        await audit(ctx, "READ", "SeekerDocument", d.id, { kind: d.kind });
        return decryptStoredDocument(d);
      },
    }),
  }),
});

builder.prismaObjectField("Seeker", "documents", (t) =>
  t.relation("documents", {
    nullable: true,
    description:
      "The seeker's document store (mijn documenten), newest first. The seeker's signed-in session only (null otherwise, also for personal access tokens).",
    query: { orderBy: { uploadedAt: "desc" } },
    resolve: (query, s, _a, ctx) =>
      isOwner(ctx, s.id)
        ? db().seekerDocument.findMany({
            ...query,
            where: { seekerId: s.id },
            orderBy: { uploadedAt: "desc" },
          })
        : null,
  }),
);

// ── Inputs ──────────────────────────────────────────────────────────────────────────────────

const SeekerDocumentUploadInput = builder.inputType("SeekerDocumentUploadInput", {
  description: "A document for the store: one file (multipart upload) with its kind, title and validity.",
  fields: (t) => ({
    kind: t.field({ type: SeekerDocumentKindEnum, required: true, description: "Kind of document." }),
    title: t.string({ required: true, description: "Title, 1-120 characters." }),
    validFrom: t.field({ type: "Date", required: false, description: "First day of validity." }),
    validUntil: t.field({
      type: "Date",
      required: false,
      description: "Last day of validity (not before validFrom).",
    }),
    file: t.field({
      type: "Upload",
      required: true,
      description: `The file (GraphQL multipart upload): PDF, PNG or JPEG, at most ${DOCUMENT_MAX_BYTES / 1024 / 1024} MiB.`,
    }),
  }),
});

const SeekerDocumentIdInput = builder.inputType("SeekerDocumentRemoveInput", {
  description: "The stored document to remove.",
  fields: (t) => ({ id: t.id({ required: true, description: "Global ID of the stored document." }) }),
});

const SeekerDocumentAttachInput = builder.inputType("SeekerDocumentAttachInput", {
  description: "Attach a stored document to one of your applications or claims.",
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID of the stored document." }),
    targetId: t.id({
      required: true,
      description:
        "Global ID of a DRAFT UrgencyApplication, or a REQUESTED CareIndication or VitalProfessionClaim, of your own.",
    }),
  }),
});

const uploadSchema = z
  .object({
    title: z.string().trim().min(1, "must not be empty").max(120, "must be at most 120 characters"),
    validFrom: z.date().nullish(),
    validUntil: z.date().nullish(),
  })
  .refine((v) => !v.validFrom || !v.validUntil || v.validFrom <= v.validUntil, {
    message: "must not be before validFrom",
    path: ["validUntil"],
  });

/** Decode the global ID of an attach target; ValidationError (`input.targetId`) when it names none. */
function decodeTarget(globalId: string): { type: AttachTarget; id: string } {
  const decoded = Buffer.from(globalId, "base64").toString("utf8");
  const i = decoded.indexOf(":");
  const type = decoded.slice(0, i) as AttachTarget;
  const id = decoded.slice(i + 1);
  if (i < 1 || !ATTACH_TARGETS.includes(type) || !UUID_PATTERN.test(id))
    throw new ValidationError([
      {
        path: ["input", "targetId"],
        message: "must be the global ID of an UrgencyApplication, CareIndication or VitalProfessionClaim",
      },
    ]);
  return { type, id };
}

/**
 * Store a copy of `doc` (decrypted, checked and encrypted anew under a fresh id) as a document of
 * the target, in `tx`, after checking the target is the seeker's and open for documents.
 * @returns the copy's id, or null when the target already holds a file with the same content.
 * @throws NotFoundError (not the seeker's), InvalidStateError (closed for documents),
 *   ValidationError (target full; a medical statement on a vital-profession claim)
 */
async function copyToTarget(
  tx: Tx,
  seekerId: string,
  target: { type: AttachTarget; id: string },
  doc: {
    id: string;
    kind: SeekerDocumentKind;
    fileName: string;
    mimeType: string;
    sha256: string;
    ciphertext: Uint8Array;
    iv: Uint8Array;
    authTag: Uint8Array;
    keyId: string;
  },
): Promise<string | null> {
  let existing: { sha256: string }[];
  if (target.type === "UrgencyApplication") {
    const app = await tx.urgencyApplication.findFirst({ where: { id: target.id, seekerId } });
    if (!app) throw new NotFoundError("UrgencyApplication");
    if (app.status !== "DRAFT")
      throw new InvalidStateError(app.status, "Documents can be attached to a draft application only");
    existing = await tx.urgencyDocument.findMany({
      where: { applicationId: app.id },
      select: { sha256: true },
    });
  } else if (target.type === "CareIndication") {
    const c = await tx.careIndication.findFirst({ where: { id: target.id, seekerId } });
    if (!c) throw new NotFoundError("CareIndication");
    if (c.status !== "REQUESTED")
      throw new InvalidStateError(
        c.status,
        "Documents can be attached to a request awaiting a decision only",
      );
    existing = await tx.careIndicationDocument.findMany({
      where: { careIndicationId: c.id },
      select: { sha256: true },
    });
  } else {
    const c = await tx.vitalProfessionClaim.findFirst({ where: { id: target.id, seekerId } });
    if (!c) throw new NotFoundError("VitalProfessionClaim");
    if (c.status !== "REQUESTED")
      throw new InvalidStateError(c.status, "Documents can be attached to a claim awaiting a decision only");
    // Least access: health data has no place with a vital-profession claim (GDPR art. 9).
    if (SPECIAL_CATEGORY_KINDS.includes(doc.kind))
      throw new ValidationError([
        {
          path: ["input", "id"],
          message: "a medical statement cannot be attached to a vital-profession claim",
        },
      ]);
    existing = await tx.vitalProfessionDocument.findMany({
      where: { claimId: c.id },
      select: { sha256: true },
    });
  }
  if (existing.some((e) => e.sha256 === doc.sha256)) return null;
  if (existing.length >= DOCUMENT_MAX_PER_APPLICATION)
    throw new ValidationError([
      {
        path: ["input", "targetId"],
        message: `at most ${DOCUMENT_MAX_PER_APPLICATION} documents per application`,
      },
    ]);
  const plain = Buffer.from(decryptStoredDocument(doc), "base64");
  const file = new File([new Uint8Array(plain)], doc.fileName, { type: doc.mimeType });
  const [copy] = await prepareDocuments([file], existing.length, ["input", "id"]);
  if (!copy) throw new Error("copy of the stored document was not prepared");
  if (target.type === "UrgencyApplication")
    await tx.urgencyDocument.create({ data: { applicationId: target.id, ...copy } });
  else if (target.type === "CareIndication")
    await tx.careIndicationDocument.create({ data: { careIndicationId: target.id, ...copy } });
  else await tx.vitalProfessionDocument.create({ data: { claimId: target.id, ...copy } });
  return copy.id;
}

/**
 * Attach the seeker's stored documents `ids` (raw uuids) to `target` inside `tx`, as
 * `seekerDocumentAttach` does one: a copy becomes a document of the target, the attachment is
 * recorded and audited; a document already attached there (or whose very file the target holds)
 * is skipped. The caller holds the seeker's lock (lockSeekerForUpdate).
 * @throws NotFoundError (a document or the target not the seeker's), InvalidStateError (target
 *   closed for documents), ValidationError (target full; a medical statement on a vital-profession claim)
 */
export async function attachStoredDocuments(
  tx: Tx,
  ctx: Context,
  seekerId: string,
  target: { type: AttachTarget; id: string },
  ids: readonly string[],
): Promise<void> {
  for (const id of ids) {
    const doc = await tx.seekerDocument.findFirst({ where: { id, seekerId } });
    if (!doc) throw new NotFoundError("SeekerDocument");
    const linked = await tx.seekerDocumentAttachment.findUnique({
      where: {
        seekerDocumentId_targetType_targetId: {
          seekerDocumentId: doc.id,
          targetType: target.type,
          targetId: target.id,
        },
      },
    });
    if (linked) continue;
    const copyId = await copyToTarget(tx, seekerId, target, doc);
    if (!copyId) continue; // the target already holds this very file
    await tx.seekerDocumentAttachment.create({
      data: { seekerDocumentId: doc.id, targetType: target.type, targetId: target.id, copyId },
    });
    await audit(
      ctx,
      "CREATE",
      "SeekerDocumentAttachment",
      doc.id,
      { targetType: target.type, targetId: target.id, copyId, kind: doc.kind },
      tx,
    );
  }
}

/** Transaction time for copying `n` stored documents of at most 10 MiB each (on top of the rest). */
export const storedCopyTimeout = (n: number) => n * (10 * 3_000 + 5_000);

const errorsFor = (types: (typeof ValidationError | typeof NotFoundError | typeof InvalidStateError)[]) => ({
  types,
  dataField: { name: "seekerDocument", description: "The stored document." },
});

/** Transaction timeout for copying or storing one file of at most 10 MiB (30 s + 3 s per MiB). */
const FILE_TIMEOUT_MS = 30_000 + 10 * 3_000;

builder.mutationFields((t) => ({
  seekerDocumentUpload: t.field({
    type: SeekerDocumentRef,
    description: `Add a document to your store (mijn documenten): one PDF, PNG or JPEG of at most 10 MiB (GraphQL multipart upload), with kind, title and optional validity dates. The same file sent again returns the stored one (a form sent twice stores it once). At most ${SEEKER_DOCUMENT_MAX} documents. Encrypted at rest; audited. Session only. Errors: NotAuthorizedError, ValidationError (title, dates, file type or size, store full).`,
    errors: errorsFor([ValidationError]),
    args: {
      input: t.arg({ type: SeekerDocumentUploadInput, required: true, description: "The document." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "SESSION_ONLY");
      const v = parseInput(
        uploadSchema,
        { title: input.title, validFrom: input.validFrom ?? null, validUntil: input.validUntil ?? null },
        ["input"],
      );
      const [doc] = await prepareDocuments([input.file as File], 0, ["input", "file"]);
      if (!doc) throw new Error("upload was not prepared");
      return db().$transaction(
        async (tx) => {
          await lockSeekerForUpdate(tx, seekerId);
          const same = await tx.seekerDocument.findFirst({ where: { seekerId, sha256: doc.sha256 } });
          if (same) return same;
          const count = await tx.seekerDocument.count({ where: { seekerId } });
          if (count >= SEEKER_DOCUMENT_MAX)
            throw new ValidationError([
              {
                path: ["input", "file"],
                message: `your store holds at most ${SEEKER_DOCUMENT_MAX} documents; remove one first`,
              },
            ]);
          const created = await tx.seekerDocument.create({
            data: {
              ...doc,
              seekerId,
              kind: input.kind,
              title: v.title,
              validFrom: v.validFrom ?? null,
              validUntil: v.validUntil ?? null,
            },
          });
          await audit(
            ctx,
            "CREATE",
            "SeekerDocument",
            created.id,
            { kind: input.kind, sizeBytes: doc.sizeBytes },
            tx,
          );
          return created;
        },
        { timeout: FILE_TIMEOUT_MS },
      );
    },
  }),
  seekerDocumentRemove: t.field({
    type: "ID",
    description:
      "Remove a document from your store; returns its global ID. Copies already attached to applications or claims stay with them (the evidence they were decided on). Audited. Session only. Errors: NotAuthorizedError, NotFoundError, ValidationError (malformed id).",
    errors: {
      types: [ValidationError, NotFoundError],
      dataField: { name: "removedId", description: "Global ID of the removed document." },
    },
    args: { input: t.arg({ type: SeekerDocumentIdInput, required: true, description: "The document." }) },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "SESSION_ONLY");
      const id = decodeGlobal(String(input.id), "SeekerDocument");
      return db().$transaction(async (tx) => {
        const n = await tx.seekerDocument.deleteMany({ where: { id, seekerId } });
        if (n.count !== 1) throw new NotFoundError("SeekerDocument");
        await audit(ctx, "DELETE", "SeekerDocument", id, { reason: "seeker" }, tx);
        return encodeGlobal("SeekerDocument", id);
      });
    },
  }),
  seekerDocumentAttach: t.field({
    type: SeekerDocumentRef,
    description:
      "Attach a stored document to your DRAFT urgency application, or your care indication or vital-profession claim awaiting a decision: a copy becomes a document of it (read by the assessor as any uploaded document, audited, and kept and deleted with it). Attaching the same document again changes nothing. A medical statement cannot go to a vital-profession claim. Audited. Session only. Errors: NotAuthorizedError, NotFoundError (document or target not yours), InvalidStateError (target closed for documents), ValidationError (malformed ids, target holds 10 documents, medical statement on a vital-profession claim).",
    errors: errorsFor([ValidationError, NotFoundError, InvalidStateError]),
    args: {
      input: t.arg({ type: SeekerDocumentAttachInput, required: true, description: "What to attach where." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "SESSION_ONLY");
      const id = decodeGlobal(String(input.id), "SeekerDocument");
      const target = decodeTarget(String(input.targetId));
      return db().$transaction(
        async (tx) => {
          // One seeker's attaches run one after the other, so the per-application limit holds.
          await lockSeekerForUpdate(tx, seekerId);
          const doc = await tx.seekerDocument.findFirst({ where: { id, seekerId } });
          if (!doc) throw new NotFoundError("SeekerDocument");
          await attachStoredDocuments(tx, ctx, seekerId, target, [doc.id]);
          return doc;
        },
        { timeout: FILE_TIMEOUT_MS },
      );
    },
  }),
}));
