/**
 * The audit log (auditlog) for administrators, who supervise assessors: every read of an urgency
 * application or document, every decision and every administrative change is written by
 * `audit()` (guards.ts); this file only reads it. The caller's IP address is stored but never
 * exposed here (it serves security investigations outside the API).
 */
import * as E from "@woonbeurt/db";
import type { Prisma } from "@woonbeurt/db";
import { z } from "zod";
import { db } from "../db.ts";
import { builder } from "./builder.ts";
import { parseInput } from "./errors.ts";

/** What an audited caller did. */
export const AuditActionEnum = builder.enumType("AuditAction", {
  description: "What an audited caller did.",
  values: Object.fromEntries(Object.values(E.AuditAction).map((v) => [v, { value: v }])) as Record<
    E.AuditAction,
    { value: E.AuditAction }
  >,
});

const AuditEvent = builder.prismaObject("AuditLog", {
  variant: "AuditEvent",
  description:
    "One audit log entry: who (account and the role acted in) did what to which record, when. Administrators only (the assessors' supervisors); the IP address is never exposed.",
  fields: (t) => ({
    sequence: t.string({
      description:
        "Position in the log (increasing; a decimal string, not a Node ID: entries are immutable).",
      resolve: (a) => a.id.toString(),
    }),
    at: t.expose("at", { type: "DateTime", description: "When it happened." }),
    actorRole: t.exposeString("actorRole", {
      description:
        "Role the actor acted in: ASSESSOR, ADMINISTRATOR, LANDLORD_STAFF, COMMITTEE_MEMBER, SEEKER or ANONYMOUS.",
    }),
    actorEmail: t.string({
      nullable: true,
      description: "The actor's sign-in email; null when anonymous or the account was deleted.",
      select: { actor: { select: { email: true } } },
      resolve: (a) => a.actor?.email ?? null,
    }),
    actorName: t.string({
      nullable: true,
      description: "The actor's display name; null when anonymous or the account was deleted.",
      select: { actor: { select: { displayName: true } } },
      resolve: (a) => a.actor?.displayName ?? null,
    }),
    action: t.expose("action", { type: AuditActionEnum, description: "What was done." }),
    entityType: t.exposeString("entityType", {
      description: "Kind of record, e.g. UrgencyApplication, UrgencyDocument, Listing, RuleSet.",
    }),
    entityId: t.exposeString("entityId", { description: "The record's database id (a UUID)." }),
    detail: t.field({
      type: "JSON",
      nullable: true,
      description: "Details recorded with the entry (e.g. the decision, the application of a document).",
      resolve: (a) => a.detail ?? null,
    }),
  }),
});

const AuditEventFilter = builder.inputType("AuditEventFilter", {
  description: "Filters of the audit log; all given filters apply together.",
  fields: (t) => ({
    actorRole: t.string({ required: false, description: "Role acted in, e.g. ASSESSOR." }),
    actorEmail: t.string({ required: false, description: "The actor's email address (exact, any case)." }),
    action: t.field({ type: AuditActionEnum, required: false, description: "What was done." }),
    entityType: t.string({ required: false, description: "Kind of record, e.g. UrgencyDocument." }),
    entityId: t.string({ required: false, description: "The record's database id (UUID)." }),
    from: t.field({ type: "DateTime", required: false, description: "At or after this instant." }),
    until: t.field({ type: "DateTime", required: false, description: "Before this instant." }),
  }),
});

const filterSchema = z.object({
  actorRole: z.string().trim().max(40).nullish(),
  actorEmail: z.string().trim().max(320).nullish(),
  action: z.nativeEnum(E.AuditAction).nullish(),
  entityType: z.string().trim().max(60).nullish(),
  entityId: z.string().trim().uuid("must be a UUID").nullish(),
  from: z.date().nullish(),
  until: z.date().nullish(),
});

/** The Prisma filter of an {@link AuditEventFilter}; empty strings do not filter. */
function auditWhere(raw: unknown): Prisma.AuditLogWhereInput {
  const f = raw ? parseInput(filterSchema, raw, ["filter"]) : {};
  return {
    ...(f.actorRole ? { actorRole: f.actorRole } : {}),
    ...(f.actorEmail ? { actor: { email: f.actorEmail.toLowerCase() } } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.entityType ? { entityType: f.entityType } : {}),
    ...(f.entityId ? { entityId: f.entityId } : {}),
    ...(f.from || f.until
      ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.until ? { lt: f.until } : {}) } }
      : {}),
  };
}

builder.queryFields((t) => ({
  auditEvents: t.prismaConnection({
    type: AuditEvent,
    cursor: "id",
    description:
      'The audit log, newest first, with filters (e.g. `actorRole: "ASSESSOR", entityType: "UrgencyDocument"` for every document an assessor opened). Administrators only. Errors: NotAuthorizedError; ValidationError (malformed filter, e.g. an entityId that is no UUID).',
    authScopes: { admin: true },
    args: {
      filter: t.arg({ type: AuditEventFilter, required: false, description: "Filters (default: none)." }),
    },
    totalCount: (_r, args) => db().auditLog.count({ where: auditWhere(args.filter) }),
    resolve: (query, _r, args) =>
      db().auditLog.findMany({ ...query, where: auditWhere(args.filter), orderBy: [{ id: "desc" }] }),
  }),
}));
