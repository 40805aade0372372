/**
 * Representatives (gemachtigden, issue 15 item 2): a seeker authorises another account to act for
 * them — a social worker, mentor or guardian who helps them apply.
 *
 * Who can be a representative:
 * - staff of a care organisation (OrganisationKind CARE_ORGANISATION, e.g. maatschappelijk werk,
 *   beschermd wonen) holding the REPRESENTATIVE role; administrators register the organisation and
 *   create these accounts in /werk/beheer like any staff account, or
 * - a private mentor, guardian (curator, bewindvoerder) or family member with their own seeker
 *   account (registration is open; no organisation needed).
 * Landlord staff, assessors, committee members and administrators cannot be authorised (their
 * role would mix with the seeker's interest).
 *
 * The seeker authorises by the representative's e-mail address, with a set of scopes and an end
 * date (at most one year), sees the authorisations and revokes them. The representative lists the
 * people they act for (`authorisationsReceived`) and acts for one of them by sending the header
 * `X-Woonbeurt-Acting-For: <authorisation id>` with their own session (auth/context.ts): the
 * existing seeker operations then run for that seeker within the scopes, re-checked inside each
 * write's transaction, and the audit log names the representative as actor with the seeker and
 * the authorisation in `detail.onBehalfOf` (guards.ts `audit`).
 */
import type { RepresentativeScope } from "@woonbeurt/db";
import { z } from "zod";
import { db } from "../db.ts";
import { emailSchema } from "./auth.ts";
import { builder } from "./builder.ts";
import { decodeGlobal } from "./common.ts";
import { InvalidStateError, NotFoundError, parseInput, ValidationError } from "./errors.ts";
import { audit, requireSeeker, requireSignedIn } from "./guards.ts";

/** Longest an authorisation may run: one year (366 days, to allow a leap day). */
export const AUTHORISATION_MAX_DAYS = 366;
/** Most active (unrevoked, unexpired) authorisations a seeker may have at a time. */
export const AUTHORISATION_MAX_ACTIVE = 10;

export const RepresentativeScopeEnum = builder.enumType("RepresentativeScope", {
  description: "What a representative (gemachtigde) may do for a seeker.",
  values: {
    READ: {
      value: "READ",
      description: "Read the seeker's overview: profile, eligibility, responses, positions.",
    },
    RESPOND: { value: "RESPOND", description: "Respond to and withdraw from listings for the seeker." },
    URGENCY_APPLICATION: {
      value: "URGENCY_APPLICATION",
      description: "Create, update, submit, withdraw and read the seeker's urgency applications.",
    },
  } as const,
});

export const Authorisation = builder.prismaNode("Authorisation", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  id: { field: "id" },
  description:
    "An authorisation (machtiging): a seeker lets a representative act for them within `scopes` until `validUntil`. Visible to the seeker (signed-in session) and to the representative.",
  authScopes: (a, ctx) =>
    !!ctx.viewer &&
    // the representative: while it works; the seeker: always (their own session)
    ((ctx.viewer.userId === a.representativeUserId && !a.revokedAt && a.validUntil > new Date()) ||
      (ctx.viewer.via === "SESSION" && ctx.viewer.seekerId === a.seekerId)),
  fields: (t) => ({
    scopes: t.field({
      type: [RepresentativeScopeEnum],
      description: "What the representative may do.",
      resolve: (a) => a.scopes,
    }),
    validUntil: t.expose("validUntil", { type: "DateTime", description: "End of the authorisation." }),
    revokedAt: t.expose("revokedAt", {
      type: "DateTime",
      nullable: true,
      description: "When the seeker revoked it; null while not revoked.",
    }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When the seeker gave it." }),
    active: t.boolean({
      description: "Whether it works now: not revoked and before `validUntil`.",
      resolve: (a) => !a.revokedAt && a.validUntil > new Date(),
    }),
    representativeName: t.string({
      description: "Display name of the representative's account.",
      select: { representative: { select: { displayName: true } } },
      resolve: (a) => a.representative.displayName,
    }),
    representativeEmail: t.string({
      description: "E-mail address of the representative's account.",
      select: { representative: { select: { email: true } } },
      resolve: (a) => a.representative.email,
    }),
    representativeOrganisations: t.stringList({
      description:
        "Care organisations the representative works for (empty for a private mentor or guardian).",
      select: {
        representative: {
          select: {
            memberships: {
              where: { role: "REPRESENTATIVE" },
              select: { organisation: { select: { name: true } } },
            },
          },
        },
      },
      resolve: (a) => a.representative.memberships.map((m) => m.organisation.name),
    }),
    seekerName: t.string({
      description: "First and last name of the seeker acted for.",
      select: { seeker: { select: { firstName: true, lastName: true } } },
      resolve: (a) => `${a.seeker.firstName} ${a.seeker.lastName}`,
    }),
    seekerRegistrationNumber: t.int({
      description: "Registration number (inschrijfnummer) of the seeker acted for.",
      select: { seeker: { select: { registrationNumber: true } } },
      resolve: (a) => a.seeker.registrationNumber,
    }),
  }),
});

builder.prismaObjectField("Seeker", "authorisations", (t) =>
  t.prismaField({
    type: [Authorisation],
    description:
      "Authorisations (machtigingen) the seeker gave, newest first, revoked and expired ones included. The seeker's own session only (not a token, not a representative).",
    authScopes: { seeker: "SESSION_ONLY" },
    resolve: (q, s) =>
      db().authorisation.findMany({
        ...q,
        where: { seekerId: s.id },
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      }),
  }),
);

builder.queryFields((t) => ({
  authorisationsReceived: t.prismaConnection({
    type: Authorisation,
    cursor: "id",
    description:
      "The people the signed-in account acts for as representative: its active authorisations (unrevoked, before their end date), newest first. Empty for an account nobody authorised. Errors: NotAuthorizedError (not signed in).",
    totalCount: (_r, _a, ctx) =>
      db().authorisation.count({
        where: {
          representativeUserId: requireSignedIn(ctx).userId,
          revokedAt: null,
          validUntil: { gt: new Date() },
        },
      }),
    resolve: (query, _r, _a, ctx) =>
      db().authorisation.findMany({
        ...query,
        where: {
          representativeUserId: requireSignedIn(ctx).userId,
          revokedAt: null,
          validUntil: { gt: new Date() },
        },
        orderBy: [{ id: "desc" }],
      }),
  }),
}));

const AuthorisationCreateInput = builder.inputType("AuthorisationCreateInput", {
  description: "Input of authorisationCreate.",
  fields: (t) => ({
    representativeEmail: t.string({
      required: true,
      description: "E-mail address of the representative's account.",
    }),
    scopes: t.field({
      type: [RepresentativeScopeEnum],
      required: true,
      description: "What the representative may do (at least one).",
    }),
    validUntil: t.field({
      type: "DateTime",
      required: true,
      description: "End of the authorisation: in the future and at most one year (366 days) from now.",
    }),
  }),
});

const AuthorisationRevokeInput = builder.inputType("AuthorisationRevokeInput", {
  description: "Input of authorisationRevoke.",
  fields: (t) => ({ id: t.id({ required: true, description: "Global ID of the authorisation." }) }),
});

builder.mutationFields((t) => ({
  authorisationCreate: t.field({
    type: Authorisation,
    description:
      "Authorise a representative (machtiging geven): the account with `representativeEmail` may act for you within `scopes` until `validUntil` (at most one year). The representative must be staff of a care organisation with the REPRESENTATIVE role, or a private person with a seeker account; not yourself. At most 10 active authorisations. The seeker's own session only. Audited. Errors: NotAuthorizedError, ValidationError (no such representative account, scopes empty, end date in the past or over a year away, limit reached).",
    errors: {
      types: [ValidationError],
      dataField: { name: "authorisation", description: "The new authorisation." },
    },
    args: {
      input: t.arg({ type: AuthorisationCreateInput, required: true, description: "Who, what, until when." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId, viewer } = requireSeeker(ctx, "SESSION_ONLY");
      const now = new Date();
      const latest = new Date(now.getTime() + AUTHORISATION_MAX_DAYS * 24 * 60 * 60 * 1000);
      const v = parseInput(
        z.object({
          representativeEmail: emailSchema,
          scopes: z.array(z.enum(["READ", "RESPOND", "URGENCY_APPLICATION"])).min(1, "choose at least one"),
          validUntil: z
            .date()
            .refine((d) => d > now, "must be in the future")
            .refine((d) => d <= latest, "must be at most one year from now"),
        }),
        input,
      );
      const noRepresentative = () =>
        new ValidationError([
          {
            path: ["input", "representativeEmail"],
            message:
              "no representative account with this address: ask your representative for the address they sign in with",
          },
        ]);
      const rep = await db().user.findUnique({
        where: { email: v.representativeEmail },
        select: { id: true, kind: true, memberships: { select: { role: true } } },
      });
      if (!rep || rep.id === viewer.userId) throw noRepresentative();
      const eligible =
        rep.kind === "SEEKER"
          ? rep.memberships.length === 0
          : rep.memberships.length > 0 && rep.memberships.every((m) => m.role === "REPRESENTATIVE");
      if (!eligible) throw noRepresentative();
      return db().$transaction(async (tx) => {
        // one seeker's authorisations are written one at a time (the limit holds under concurrency)
        await tx.$queryRaw`SELECT id FROM "Seeker" WHERE id = ${seekerId}::uuid FOR UPDATE`;
        const active = await tx.authorisation.count({
          where: { seekerId, revokedAt: null, validUntil: { gt: now } },
        });
        if (active >= AUTHORISATION_MAX_ACTIVE)
          throw new ValidationError([
            {
              path: ["input", "representativeEmail"],
              message: `at most ${AUTHORISATION_MAX_ACTIVE} active authorisations; revoke one first`,
            },
          ]);
        const row = await tx.authorisation.create({
          data: {
            seekerId,
            representativeUserId: rep.id,
            scopes: [...new Set(v.scopes)] as RepresentativeScope[],
            validUntil: v.validUntil,
          },
        });
        await audit(
          ctx,
          "CREATE",
          "Authorisation",
          row.id,
          { representativeUserId: rep.id, scopes: row.scopes, validUntil: row.validUntil.toISOString() },
          tx,
        );
        return row;
      });
    },
  }),
  authorisationRevoke: t.field({
    type: Authorisation,
    description:
      "Revoke an authorisation you gave (machtiging intrekken): it stops working at once, also for a request of the representative that is under way (each write re-checks it in its transaction). The seeker's own session only. Audited. Errors: NotAuthorizedError, NotFoundError, InvalidStateError (already revoked).",
    errors: {
      types: [NotFoundError, InvalidStateError],
      dataField: { name: "authorisation", description: "The revoked authorisation." },
    },
    args: {
      input: t.arg({ type: AuthorisationRevokeInput, required: true, description: "The authorisation." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const { seekerId } = requireSeeker(ctx, "SESSION_ONLY");
      const id = decodeGlobal(String(input.id), "Authorisation");
      return db().$transaction(async (tx) => {
        const rows = await tx.$queryRaw<{ seekerId: string; revokedAt: Date | null }[]>`
          SELECT "seekerId", "revokedAt" FROM "Authorisation" WHERE id = ${id}::uuid FOR UPDATE`;
        const row = rows[0];
        if (!row || row.seekerId !== seekerId) throw new NotFoundError("Authorisation");
        if (row.revokedAt) throw new InvalidStateError("REVOKED", "This authorisation was already revoked");
        const updated = await tx.authorisation.update({ where: { id }, data: { revokedAt: new Date() } });
        await audit(ctx, "UPDATE", "Authorisation", id, { action: "revoke" }, tx);
        return updated;
      });
    },
  }),
}));
