/**
 * Duplicate registrations (dubbele inschrijvingen, issue 15 item 3): the review queue of likely
 * duplicates found by api/src/duplicates.ts, and the two decisions on a candidate.
 *
 * Who reviews: administrators (beheerder). DOMAIN.md names no registration desk among the actors;
 * the administrator maintains the registration data's frame (rule sets, accounts) and is the one
 * staff role that is not a party to any allocation (a landlord merging registrations would change
 * the order of its own candidates). Both registrations are shown side by side: personal data,
 * administrators only.
 *
 * Merge (`duplicateCandidateMerge`): one registration is kept, the other is closed (SeekerStatus
 * MERGED). Registration years are never lost: the kept registration gets the EARLIEST registration
 * date of the two and the larger retained years, so its total registration years are at least
 * those of either registration ([001] §E.3: candidates "komen aan de beurt als ze de langste
 * inschrijfduur hebben"; Voorstel IV: years are kept, "verlies van inschrijfduur" must not happen
 * by the system's doing). Active responses of the closed registration are WITHDRAWN, not moved:
 * the kept household's own eligibility decides where it may respond (moving a response would carry
 * a response time and an eligibility check made for another household), and the mail tells the
 * household how many were withdrawn so it can respond again. A registration with a pending offer
 * cannot be the one closed (InvalidStateError): keep it, or decide after the offer ended. Other
 * OPEN candidates of the closed registration are closed as CLOSED_OTHER. All in one transaction,
 * audited, and both accounts get a REGISTRATION_MERGED mail.
 *
 * Close (`duplicateCandidateClose`): not a duplicate (or another reason), with a note; nothing else
 * changes. Neither registration is ever blocked while a candidate is OPEN.
 */
import type { DuplicateCandidate as DuplicateCandidateRow, DuplicateStatus } from "@woonbeurt/db";
import { z } from "zod";
import { registrationYears } from "../allocation/index.ts";
import { db, type Tx } from "../db.ts";
import { enqueueMail } from "../mail/outbox.ts";
import { builder } from "./builder.ts";
import {
  CurrentDwellingKindEnum,
  decodeGlobal,
  encodeGlobal,
  ErrorInterface,
  SeekerStatusEnum,
} from "./common.ts";
import { AppError, InvalidStateError, NotFoundError, parseInput, ValidationError } from "./errors.ts";
import { audit, requireRole } from "./guards.ts";
import { Seeker } from "./seeker.ts";

// ── Errors ──────────────────────────────────────────────────────────────────────────────────

/** The candidate was already decided (merged or closed); nothing was changed. */
export class DuplicateCandidateDecidedError extends AppError {
  /** The decision already taken (MERGED, CLOSED_NOT_DUPLICATE, CLOSED_OTHER). */
  readonly status: DuplicateStatus;
  constructor(status: DuplicateStatus) {
    super("ALREADY_DECIDED", `This duplicate candidate was already decided (${status})`);
    this.status = status;
  }
}

/** The candidate changed since it was shown (new reasons found); review it again. */
export class DuplicateCandidateStaleError extends AppError {
  /** The candidate's version now. */
  readonly currentVersion: number;
  constructor(currentVersion: number) {
    super(
      "STALE",
      `This duplicate candidate changed since you saw it (now version ${currentVersion}); review it again`,
    );
    this.currentVersion = currentVersion;
  }
}

// ── Types ───────────────────────────────────────────────────────────────────────────────────

const DuplicateReasonEnum = builder.enumType("DuplicateReason", {
  description: "Why two registrations look like one household (reden vermoedelijk dubbele inschrijving).",
  values: {
    SAME_NAME_AND_BIRTH_DATE: {
      description: "Same applicant name and birth date (case, diacritics, spacing and punctuation ignored).",
    },
    SAME_EMAIL: { description: 'Same mailbox (case and a "+tag" in the local part ignored).' },
    SAME_PHONE: { description: "Same phone number (digits only; +31 / 0031 read as 0)." },
    MEMBER_IS_APPLICANT_ELSEWHERE: {
      description:
        "A household member of one registration (first name and birth date) is the main applicant of the other.",
    },
  } as const,
});

const DuplicateStatusEnum = builder.enumType("DuplicateStatus", {
  description: "Review state of a duplicate candidate.",
  values: {
    OPEN: { description: "Waiting for review; neither registration is affected." },
    MERGED: { description: "Merged: one registration kept (earliest registration date), the other closed." },
    CLOSED_NOT_DUPLICATE: { description: "Closed: two different households (geen dubbele inschrijving)." },
    CLOSED_OTHER: {
      description: "Closed for another reason, e.g. one registration was merged in another candidate.",
    },
  } as const,
});

const DuplicateSideEnum = builder.enumType("DuplicateSide", {
  description: "One of the two registrations of a duplicate candidate.",
  values: {
    A: { description: "Registration `a` (the one with the smaller id, usually the older account)." },
    B: { description: "Registration `b`." },
  } as const,
});

const DuplicateCloseOutcomeEnum = builder.enumType("DuplicateCloseOutcome", {
  description: "Why a duplicate candidate is closed without a merge.",
  values: {
    NOT_DUPLICATE: { description: "Two different households (becomes CLOSED_NOT_DUPLICATE)." },
    OTHER: { description: "Another reason, stated in the note (becomes CLOSED_OTHER)." },
  } as const,
});

builder.objectType(DuplicateCandidateDecidedError, {
  name: "DuplicateCandidateDecidedError",
  description: "The candidate was already decided; nothing was changed. Code ALREADY_DECIDED.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    status: t.field({
      type: DuplicateStatusEnum,
      description: "The decision already taken.",
      resolve: (e) => e.status,
    }),
  }),
});

builder.objectType(DuplicateCandidateStaleError, {
  name: "DuplicateCandidateStaleError",
  description:
    "The candidate changed since it was shown (the `version` sent is not the current one); nothing was changed. Code STALE.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    currentVersion: t.exposeInt("currentVersion", { description: "The candidate's current version." }),
  }),
});

const active = { status: { in: ["ACTIVE" as const, "OFFERED" as const] } };

/** One registration of a duplicate candidate, as an administrator reviews it. */
export const DuplicateRegistration = builder.prismaObject("Seeker", {
  variant: "DuplicateRegistration",
  description:
    "One registration (inschrijving) of a duplicate candidate, for side-by-side review. Personal data: administrators only.",
  authScopes: { admin: true },
  fields: (t) => ({
    registrationNumber: t.exposeInt("registrationNumber", {
      description: "Registration number (inschrijfnummer).",
    }),
    firstName: t.exposeString("firstName", { description: "First name of the applicant." }),
    lastName: t.exposeString("lastName", { description: "Last name of the applicant." }),
    birthDate: t.expose("birthDate", { type: "Date", description: "Birth date of the applicant." }),
    email: t.string({
      description: "E-mail address of the account.",
      select: { user: { select: { email: true } } },
      resolve: (s) => s.user.email,
    }),
    phone: t.exposeString("phone", { nullable: true, description: "Phone number as entered." }),
    status: t.expose("status", { type: SeekerStatusEnum, description: "Registration status." }),
    registrationDate: t.expose("registrationDate", {
      type: "Date",
      description: "Registration date (inschrijfdatum).",
    }),
    retainedRegistrationYears: t.exposeFloat("retainedRegistrationYears", {
      description: "Years retained from an earlier registration (years).",
    }),
    registrationYears: t.float({
      description: "Registration years today including retained years (years).",
      resolve: (s) => registrationYears(s.registrationDate, s.retainedRegistrationYears, new Date()),
    }),
    householdSize: t.exposeInt("householdSize", {
      description: "Persons in the household including the applicant.",
    }),
    householdMembers: t.relation("members", {
      description: "Household members other than the applicant.",
      query: { orderBy: [{ birthDate: "asc" }, { id: "asc" }] },
    }),
    currentDwellingKind: t.expose("currentDwellingKind", {
      type: CurrentDwellingKindEnum,
      description: "Current housing situation.",
    }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When the account registered." }),
    responsesCount: t.relationCount("responses", { description: "Responses ever made (all statuses)." }),
    activeResponsesCount: t.relationCount("responses", {
      where: active,
      description:
        "Responses still in play (ACTIVE or OFFERED); a merge withdraws the closed registration's.",
    }),
    pendingOffer: t.boolean({
      description:
        "Whether an offer to this registration awaits an answer (it cannot then be the one closed).",
      select: { offers: { where: { outcome: "PENDING" }, select: { id: true }, take: 1 } },
      resolve: (s) => s.offers.length > 0,
    }),
  }),
});

export const DuplicateCandidateRef = builder.prismaNode("DuplicateCandidate", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  id: { field: "id" },
  description:
    "A likely duplicate registration (vermoedelijk dubbele inschrijving): two registrations that may be one household, found at registration or by the duplicate job, for an administrator to merge or close. Administrators only.",
  authScopes: { admin: true },
  fields: (t) => ({
    reasons: t.field({
      type: [DuplicateReasonEnum],
      description: "Why the two look like one household (at least one).",
      resolve: (c) => c.reasons,
    }),
    status: t.field({ type: DuplicateStatusEnum, description: "Review state.", resolve: (c) => c.status }),
    version: t.exposeInt("version", {
      description: "Raised on every change (new reasons, a decision); send it with a decision.",
    }),
    a: t.relation("seekerA", { type: DuplicateRegistration, description: "Registration a." }),
    b: t.relation("seekerB", { type: DuplicateRegistration, description: "Registration b." }),
    kept: t.field({
      type: DuplicateSideEnum,
      nullable: true,
      description: "The registration a merge kept; null unless MERGED.",
      resolve: (c) => (c.keptSeekerId ? (c.keptSeekerId === c.seekerAId ? "A" : "B") : null),
    }),
    detectedAt: t.expose("createdAt", { type: "DateTime", description: "When the pair was first found." }),
    decidedAt: t.expose("decidedAt", {
      type: "DateTime",
      nullable: true,
      description: "When it was decided.",
    }),
    decidedByName: t.string({
      nullable: true,
      description:
        "Display name of the staff member who decided; null while OPEN (or the account was deleted).",
      select: { decidedBy: { select: { displayName: true } } },
      resolve: (c) => c.decidedBy?.displayName ?? null,
    }),
    decisionNote: t.exposeString("decisionNote", {
      nullable: true,
      description: "Staff's note on the decision.",
    }),
  }),
});

const RegistrationMergedIntoRef = builder
  .objectRef<{ registrationNumber: number; registrationDate: Date; mergedAt: Date }>("RegistrationMergedInto")
  .implement({
    description:
      "Where a closed (MERGED) registration went: the registration of the same household that was kept.",
    fields: (t) => ({
      registrationNumber: t.exposeInt("registrationNumber", {
        description: "Registration number (inschrijfnummer) of the registration kept.",
      }),
      registrationDate: t.expose("registrationDate", {
        type: "Date",
        description: "Its registration date (inschrijfdatum) now: the earliest of the two.",
      }),
      mergedAt: t.expose("mergedAt", {
        type: "DateTime",
        description: "When the registrations were merged.",
      }),
    }),
  });

builder.prismaObjectField(Seeker, "mergedInto", (t) =>
  t.field({
    type: RegistrationMergedIntoRef,
    nullable: true,
    description:
      "For a registration closed by a merge of duplicate registrations (status MERGED): the registration kept, so the seeker knows where their registration went; null otherwise.",
    resolve: async (s) => {
      if (s.status !== "MERGED") return null;
      const c = await db().duplicateCandidate.findFirst({
        where: {
          status: "MERGED",
          OR: [{ seekerAId: s.id }, { seekerBId: s.id }],
          keptSeekerId: { not: s.id },
        },
        orderBy: { decidedAt: "desc" },
        select: { decidedAt: true, keptSeekerId: true },
      });
      if (!c?.keptSeekerId) return null;
      const kept = await db().seeker.findUnique({
        where: { id: c.keptSeekerId },
        select: { registrationNumber: true, registrationDate: true },
      });
      return kept ? { ...kept, mergedAt: c.decidedAt ?? new Date() } : null;
    },
  }),
);

builder.queryFields((t) => ({
  duplicateCandidates: t.prismaConnection({
    type: DuplicateCandidateRef,
    cursor: "id",
    authScopes: { admin: true },
    description:
      "Likely duplicate registrations for review (dubbele inschrijvingen), oldest first; default only OPEN ones. Administrators only (others: an authorization error).",
    args: {
      status: t.arg({
        type: DuplicateStatusEnum,
        required: false,
        description: "Only candidates in this state (default OPEN).",
      }),
    },
    totalCount: (_p, args) => db().duplicateCandidate.count({ where: { status: args.status ?? "OPEN" } }),
    resolve: (query, _r, args) =>
      db().duplicateCandidate.findMany({
        ...query,
        where: { status: args.status ?? "OPEN" },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      }),
  }),
}));

// ── Mutations ───────────────────────────────────────────────────────────────────────────────

const noteSchema = z.string().trim().max(2000, "at most 2000 characters");

const DuplicateCandidateMergeInput = builder.inputType("DuplicateCandidateMergeInput", {
  description: "Merge the two registrations of a candidate, keeping one.",
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID of the DuplicateCandidate." }),
    keep: t.field({ type: DuplicateSideEnum, required: true, description: "The registration to keep." }),
    version: t.int({ required: true, description: "The candidate's `version` as reviewed." }),
    note: t.string({ required: false, description: "Note on the decision, at most 2000 characters." }),
  }),
});

const DuplicateCandidateCloseInput = builder.inputType("DuplicateCandidateCloseInput", {
  description: "Close a candidate without merging.",
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID of the DuplicateCandidate." }),
    outcome: t.field({ type: DuplicateCloseOutcomeEnum, required: true, description: "Why it is closed." }),
    version: t.int({ required: true, description: "The candidate's `version` as reviewed." }),
    note: t.string({ required: true, description: "Why, 1–2000 characters (kept with the decision)." }),
  }),
});

/** Lock the OPEN candidate `id` at `version` FOR UPDATE, or throw the typed error. */
async function lockOpenCandidate(tx: Tx, id: string, version: number): Promise<DuplicateCandidateRow> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id"::text AS id FROM "DuplicateCandidate" WHERE "id" = ${id}::uuid FOR UPDATE`;
  if (!rows.length) throw new NotFoundError("DuplicateCandidate");
  const c = await tx.duplicateCandidate.findUniqueOrThrow({ where: { id } });
  if (c.status !== "OPEN") throw new DuplicateCandidateDecidedError(c.status);
  if (c.version !== version) throw new DuplicateCandidateStaleError(c.version);
  return c;
}

const mergeSeekerSelect = {
  id: true,
  registrationNumber: true,
  registrationDate: true,
  retainedRegistrationYears: true,
  status: true,
  user: { select: { id: true, email: true, locale: true } },
  offers: { where: { outcome: "PENDING" as const }, select: { id: true }, take: 1 },
} as const;

builder.mutationFields((t) => ({
  duplicateCandidateMerge: t.field({
    type: DuplicateCandidateRef,
    description:
      "Merge two registrations of one household (administrators): `keep` stays and gets the EARLIEST registration date of the two and the larger retained years, so no registration years are lost ([001] §E.3, Voorstel IV); the other is closed (status MERGED, no longer matched or able to respond) and its active responses are WITHDRAWN. Other OPEN candidates of the closed registration become CLOSED_OTHER. One transaction, audited; both accounts get a REGISTRATION_MERGED mail. Errors: NotAuthorizedError, ValidationError (id, note), NotFoundError, DuplicateCandidateDecidedError (already decided), DuplicateCandidateStaleError (`version` is not the current one), InvalidStateError (a registration is already MERGED, or the one to close has a pending offer).",
    errors: {
      types: [
        ValidationError,
        NotFoundError,
        DuplicateCandidateDecidedError,
        DuplicateCandidateStaleError,
        InvalidStateError,
      ],
      dataField: { name: "duplicateCandidate", description: "The merged candidate." },
    },
    args: { input: t.arg({ type: DuplicateCandidateMergeInput, required: true, description: "The merge." }) },
    resolve: async (_r, { input }, ctx) => {
      const viewer = requireRole(ctx, "ADMINISTRATOR");
      const id = decodeGlobal(String(input.id), "DuplicateCandidate", "id");
      const note = parseInput(noteSchema, input.note ?? "", ["input", "note"]) || null;
      return db().$transaction(async (tx) => {
        const c = await lockOpenCandidate(tx, id, input.version);
        // both seekers FOR UPDATE, in id order (a < b), so two merges cannot deadlock
        await tx.$queryRaw`SELECT "id" FROM "Seeker" WHERE "id" IN (${c.seekerAId}::uuid, ${c.seekerBId}::uuid) ORDER BY "id" FOR UPDATE`;
        const [keptId, closedId] =
          input.keep === "A" ? [c.seekerAId, c.seekerBId] : [c.seekerBId, c.seekerAId];
        const kept = await tx.seeker.findUniqueOrThrow({ where: { id: keptId }, select: mergeSeekerSelect });
        const closed = await tx.seeker.findUniqueOrThrow({
          where: { id: closedId },
          select: mergeSeekerSelect,
        });
        for (const s of [kept, closed])
          if (s.status === "MERGED")
            throw new InvalidStateError("MERGED", `Registration ${s.registrationNumber} was already merged`);
        if (closed.offers.length)
          throw new InvalidStateError(
            "OFFERED",
            `Registration ${closed.registrationNumber} has a pending offer: keep that registration, or merge after the offer ended`,
          );
        const now = new Date();
        // registration years are never lost: earliest date, larger retained years
        const registrationDate =
          closed.registrationDate < kept.registrationDate ? closed.registrationDate : kept.registrationDate;
        const retained = Math.max(kept.retainedRegistrationYears, closed.retainedRegistrationYears);
        await tx.seeker.update({
          where: { id: keptId },
          data: { registrationDate, retainedRegistrationYears: retained },
        });
        await tx.seeker.update({ where: { id: closedId }, data: { status: "MERGED" } });
        const withdrawn = await tx.response.updateMany({
          where: { seekerId: closedId, status: "ACTIVE" },
          data: { status: "WITHDRAWN", withdrawnAt: now },
        });
        await tx.seekerIdentity.deleteMany({ where: { seekerId: closedId } });
        const merged = await tx.duplicateCandidate.update({
          where: { id },
          data: {
            status: "MERGED",
            keptSeekerId: keptId,
            decidedById: viewer.userId,
            decidedAt: now,
            decisionNote: note,
            version: { increment: 1 },
          },
        });
        const others = await tx.duplicateCandidate.findMany({
          where: { status: "OPEN", id: { not: id }, OR: [{ seekerAId: closedId }, { seekerBId: closedId }] },
          select: { id: true },
        });
        for (const o of others) {
          await tx.duplicateCandidate.update({
            where: { id: o.id },
            data: {
              status: "CLOSED_OTHER",
              decidedById: viewer.userId,
              decidedAt: now,
              decisionNote: `Registration ${closed.registrationNumber} was merged into registration ${kept.registrationNumber} (candidate ${encodeGlobal("DuplicateCandidate", id)}).`,
              version: { increment: 1 },
            },
          });
          await audit(
            ctx,
            "DECIDE",
            "DuplicateCandidate",
            o.id,
            { status: "CLOSED_OTHER", via: id },
            tx,
            "ADMINISTRATOR",
          );
        }
        await audit(
          ctx,
          "DECIDE",
          "DuplicateCandidate",
          id,
          {
            status: "MERGED",
            keptSeekerId: keptId,
            closedSeekerId: closedId,
            registrationDateBefore: kept.registrationDate.toISOString().slice(0, 10),
            registrationDateClosed: closed.registrationDate.toISOString().slice(0, 10),
            registrationDateAfter: registrationDate.toISOString().slice(0, 10),
            retainedBefore: kept.retainedRegistrationYears,
            retainedAfter: retained,
            responsesWithdrawn: withdrawn.count,
            otherCandidatesClosed: others.length,
          },
          tx,
          "ADMINISTRATOR",
        );
        await audit(
          ctx,
          "UPDATE",
          "Seeker",
          keptId,
          { action: "duplicate-merge-kept", candidateId: id },
          tx,
          "ADMINISTRATOR",
        );
        await audit(
          ctx,
          "UPDATE",
          "Seeker",
          closedId,
          { action: "duplicate-merge-closed", candidateId: id },
          tx,
          "ADMINISTRATOR",
        );
        for (const [s, isKept] of [
          [kept, true],
          [closed, false],
        ] as const) {
          await enqueueMail(tx, {
            kind: "REGISTRATION_MERGED",
            params: {
              kept: isKept,
              registrationNumber: kept.registrationNumber,
              registrationDate,
              responsesWithdrawn: isKept ? 0 : withdrawn.count,
            },
            to: s.user.email,
            userId: s.user.id,
            locale: s.user.locale,
          });
        }
        return merged;
      });
    },
  }),
  duplicateCandidateClose: t.field({
    type: DuplicateCandidateRef,
    description:
      "Close a duplicate candidate without merging (administrators): NOT_DUPLICATE (two households) or OTHER, with a note; neither registration changes. Audited. Errors: NotAuthorizedError, ValidationError (id, note empty or over 2000 characters), NotFoundError, DuplicateCandidateDecidedError, DuplicateCandidateStaleError.",
    errors: {
      types: [ValidationError, NotFoundError, DuplicateCandidateDecidedError, DuplicateCandidateStaleError],
      dataField: { name: "duplicateCandidate", description: "The closed candidate." },
    },
    args: {
      input: t.arg({ type: DuplicateCandidateCloseInput, required: true, description: "The decision." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const viewer = requireRole(ctx, "ADMINISTRATOR");
      const id = decodeGlobal(String(input.id), "DuplicateCandidate", "id");
      const note = parseInput(noteSchema.min(1, "must not be empty"), input.note, ["input", "note"]);
      const status = input.outcome === "NOT_DUPLICATE" ? "CLOSED_NOT_DUPLICATE" : "CLOSED_OTHER";
      return db().$transaction(async (tx) => {
        await lockOpenCandidate(tx, id, input.version);
        const closed = await tx.duplicateCandidate.update({
          where: { id },
          data: {
            status,
            decidedById: viewer.userId,
            decidedAt: new Date(),
            decisionNote: note,
            version: { increment: 1 },
          },
        });
        await audit(ctx, "DECIDE", "DuplicateCandidate", id, { status }, tx, "ADMINISTRATOR");
        return closed;
      });
    },
  }),
}));
