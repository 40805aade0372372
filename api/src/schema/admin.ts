/**
 * Administration (DOMAIN.md: "Administrator: maintain rule sets, organisations and staff
 * accounts"): organisations, staff accounts and their role memberships. Administrators only; every
 * change is audited. (Rule sets: ruleset.ts.)
 *
 * A new staff account gets its first credential one of two ways: a one-time initial password
 * returned once in the mutation's result (the administrator passes it on), or — the default — a
 * password-reset link mailed to the address (written to the server log in development), valid
 * {@link STAFF_INVITE_TTL_MS}. Either way the stored hash is argon2id and the plain value is never
 * stored.
 */
import type { OrganisationKind, StaffRole } from "@woonbeurt/db";
import { z } from "zod";
import { hashPassword } from "../auth/password.ts";
import { invalidateUserSessions } from "../auth/session.ts";
import { generateToken, hashToken } from "../auth/tokens.ts";
import { db, type Tx } from "../db.ts";
import { emailSchema } from "./auth.ts";
import { enqueueMail } from "../mail/outbox.ts";
import { builder } from "./builder.ts";
import { personNameSchema } from "./input-text.ts";
import { decodeGlobal, OrganisationKindEnum, StaffRoleEnum } from "./common.ts";
import { EmailTakenError, InvalidStateError, NotFoundError, parseInput, ValidationError } from "./errors.ts";
import { audit, isUniqueViolation, requireRole } from "./guards.ts";
import { Organisation } from "./organisation.ts";

/** A staff invitation (password-reset token for a new account) is valid for 7 days. */
export const STAFF_INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Which organisation kinds each staff role may belong to. */
const ROLE_ORGANISATION_KINDS: Record<StaffRole, OrganisationKind[]> = {
  LANDLORD_STAFF: ["LANDLORD"],
  COMMITTEE_MEMBER: ["LANDLORD"],
  ASSESSOR: ["ASSESSING_BODY", "MUNICIPALITY"],
  ADMINISTRATOR: ["PLATFORM"],
  REPRESENTATIVE: ["CARE_ORGANISATION"],
};

// ── Types ───────────────────────────────────────────────────────────────────────────────────

export const StaffMembership = builder.prismaNode("StaffMembership", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  id: { field: "id" },
  description: "A staff role of an account within an organisation. Administrators only.",
  authScopes: { admin: true },
  fields: (t) => ({
    role: t.expose("role", { type: StaffRoleEnum, description: "Role." }),
    organisation: t.relation("organisation", { description: "Organisation the role is held in." }),
    woongroep: t.relation("woongroep", {
      nullable: true,
      description: "The woongroep of a COMMITTEE_MEMBER; null for other roles.",
    }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When the role was granted." }),
  }),
});

export const StaffAccount = builder.prismaNode("User", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  variant: "StaffAccount",
  id: { field: "id" },
  description:
    "A staff account (landlord staff, committee member, assessor, administrator) with its roles. Personal data: administrators only; never resolves a seeker's account.",
  authScopes: (u) => (u.kind === "STAFF" ? { admin: true } : false),
  fields: (t) => ({
    email: t.exposeString("email", { description: "Email address (lower case); the sign-in name." }),
    displayName: t.exposeString("displayName", { description: "Name shown in the portal and audit views." }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "Created." }),
    memberships: t.relation("memberships", {
      description: "Roles held, oldest first (empty when all were revoked).",
      query: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
    }),
  }),
});

function staffAccountsWhere(args: { organisationId?: string | number | null; role?: StaffRole | null }) {
  const organisationId = args.organisationId
    ? decodeGlobal(String(args.organisationId), "Organisation", "organisationId")
    : undefined;
  return {
    kind: "STAFF" as const,
    ...(organisationId || args.role
      ? { memberships: { some: { organisationId, role: args.role ?? undefined } } }
      : {}),
  };
}

builder.queryFields((t) => ({
  staffAccounts: t.prismaConnection({
    type: StaffAccount,
    cursor: "id",
    description:
      "Staff accounts, by email address. Administrators only. Optionally only those holding a role in an organisation and/or a given role.",
    authScopes: { admin: true },
    args: {
      organisationId: t.arg.id({ required: false, description: "Global ID of an organisation." }),
      role: t.arg({ type: StaffRoleEnum, required: false, description: "Only accounts holding this role." }),
    },
    totalCount: (_r, args) => db().user.count({ where: staffAccountsWhere(args) }),
    resolve: (query, _r, args) =>
      db().user.findMany({
        ...query,
        where: staffAccountsWhere(args),
        orderBy: [{ email: "asc" }, { id: "asc" }],
      }),
  }),
}));

// ── Inputs ──────────────────────────────────────────────────────────────────────────────────

const OrganisationCreateInput = builder.inputType("OrganisationCreateInput", {
  description: "A new organisation.",
  fields: (t) => ({
    name: t.string({ required: true, description: "Name, 2–200 characters, unique." }),
    kind: t.field({ type: OrganisationKindEnum, required: true, description: "Kind of organisation." }),
    slug: t.string({
      required: false,
      description:
        "URL-safe short name (lower-case letters, digits and hyphens, 2–60 characters, unique); default derived from the name.",
    }),
    municipalityId: t.id({ required: false, description: "Global ID of the home municipality." }),
    website: t.string({ required: false, description: "Website, an http(s) URL." }),
  }),
});
const OrganisationUpdateInput = builder.inputType("OrganisationUpdateInput", {
  description: "Changes to an organisation; omitted fields stay. The kind cannot change.",
  fields: (t) => ({
    id: t.id({ required: true, description: "Global ID of the organisation." }),
    name: t.string({ required: false, description: "Name, 2–200 characters, unique." }),
    slug: t.string({ required: false, description: "URL-safe short name, unique." }),
    municipalityId: t.id({ required: false, description: "Global ID of the home municipality." }),
    website: t.string({ required: false, description: "Website, an http(s) URL; empty string removes it." }),
  }),
});
const StaffCredentialEnum = builder.enumType("StaffCredential", {
  description: "How a new staff account gets its first password.",
  values: {
    RESET_LINK: {
      description:
        "Mail a link to set a password (valid 7 days; written to the server log in development). Default.",
    },
    INITIAL_PASSWORD: {
      description:
        "Return a random one-time initial password in the result, once; the administrator passes it on.",
    },
  } as const,
});
const StaffAccountCreateInput = builder.inputType("StaffAccountCreateInput", {
  description: "A new staff account with its first role.",
  fields: (t) => ({
    email: t.string({ required: true, description: "Email address (the sign-in name), unique." }),
    displayName: t.string({ required: true, description: "Name, 1–200 characters." }),
    organisationId: t.id({ required: true, description: "Global ID of the organisation." }),
    role: t.field({
      type: StaffRoleEnum,
      required: true,
      description:
        "Role. LANDLORD_STAFF and COMMITTEE_MEMBER need a LANDLORD organisation, ASSESSOR an ASSESSING_BODY or MUNICIPALITY, ADMINISTRATOR the PLATFORM.",
    }),
    woongroepId: t.id({
      required: false,
      description:
        "Global ID of the woongroep; required for COMMITTEE_MEMBER (a woongroep of the organisation), not allowed otherwise.",
    }),
    credential: t.field({
      type: StaffCredentialEnum,
      required: false,
      defaultValue: "RESET_LINK",
      description: "How the first password is set (default RESET_LINK).",
    }),
  }),
});
const StaffMembershipCreateInput = builder.inputType("StaffMembershipCreateInput", {
  description: "An additional role for an existing staff account.",
  fields: (t) => ({
    staffAccountId: t.id({ required: true, description: "Global ID of the staff account." }),
    organisationId: t.id({ required: true, description: "Global ID of the organisation." }),
    role: t.field({
      type: StaffRoleEnum,
      required: true,
      description: "Role (same rules as staffAccountCreate).",
    }),
    woongroepId: t.id({
      required: false,
      description: "Global ID of the woongroep (COMMITTEE_MEMBER only).",
    }),
  }),
});
const StaffMembershipRevokeInput = builder.inputType("StaffMembershipRevokeInput", {
  description: "A role to take away.",
  fields: (t) => ({ id: t.id({ required: true, description: "Global ID of the StaffMembership." }) }),
});

const StaffAccountCreatedRef = builder
  .objectRef<{ userId: string; initialPassword: string | null; inviteExpiresAt: Date | null }>(
    "StaffAccountCreated",
  )
  .implement({
    description: "The new staff account and, with INITIAL_PASSWORD, its one-time password.",
    fields: (t) => ({
      staffAccount: t.prismaField({
        type: StaffAccount,
        description: "The account.",
        resolve: (q, x) => db().user.findUniqueOrThrow({ ...q, where: { id: x.userId } }),
      }),
      initialPassword: t.exposeString("initialPassword", {
        nullable: true,
        description:
          "INITIAL_PASSWORD: the password, shown only now (52 characters); null with RESET_LINK. Ask the user to change it.",
      }),
      inviteExpiresAt: t.expose("inviteExpiresAt", {
        type: "DateTime",
        nullable: true,
        description: "RESET_LINK: when the mailed link expires; null with INITIAL_PASSWORD.",
      }),
    }),
  });

// ── Validation helpers ──────────────────────────────────────────────────────────────────────

const nameSchema = z.string().trim().min(2, "must be at least 2 characters").max(200);
const slugSchema = z
  .string()
  .trim()
  .min(2, "must be at least 2 characters")
  .max(60, "must be at most 60 characters")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "use lower-case letters, digits and single hyphens");
const websiteSchema = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\/[^\s]+$/i, "must be an http(s) URL");

/** A slug from a name: "Woonstichting Mitros" → "woonstichting-mitros". */
function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

/** Name or slug already used by another organisation → ValidationError on that field. */
async function checkOrganisationUnique(
  tx: Tx,
  name: string | undefined,
  slug: string | undefined,
  exceptId?: string,
) {
  const issues: { path: string[]; message: string }[] = [];
  const not = exceptId ? { id: { not: exceptId } } : {};
  if (
    name !== undefined &&
    (await tx.organisation.findFirst({ where: { name, ...not }, select: { id: true } }))
  )
    issues.push({ path: ["input", "name"], message: "another organisation has this name" });
  if (
    slug !== undefined &&
    (await tx.organisation.findFirst({ where: { slug, ...not }, select: { id: true } }))
  )
    issues.push({ path: ["input", "slug"], message: "another organisation has this slug" });
  if (issues.length) throw new ValidationError(issues);
}

async function municipalityOf(
  tx: Tx,
  globalId: string | number | null | undefined,
): Promise<string | null | undefined> {
  if (globalId == null) return undefined;
  const id = decodeGlobal(String(globalId), "Municipality", "municipalityId");
  if (!(await tx.municipality.findUnique({ where: { id }, select: { id: true } })))
    throw new NotFoundError("Municipality");
  return id;
}

/** Check that `role` may be held in the organisation (and woongroep); returns the ids. */
async function membershipTarget(
  tx: Tx,
  input: { organisationId: string | number; role: StaffRole; woongroepId?: string | number | null },
): Promise<{ organisationId: string; woongroepId: string | null }> {
  const organisationId = decodeGlobal(String(input.organisationId), "Organisation", "organisationId");
  const organisation = await tx.organisation.findUnique({ where: { id: organisationId } });
  if (!organisation) throw new NotFoundError("Organisation");
  const kinds = ROLE_ORGANISATION_KINDS[input.role];
  if (!kinds.includes(organisation.kind))
    throw new ValidationError([
      {
        path: ["input", "role"],
        message: `${input.role} needs an organisation of kind ${kinds.join(" or ")}; ${organisation.name} is ${organisation.kind}`,
      },
    ]);
  if (input.role !== "COMMITTEE_MEMBER") {
    if (input.woongroepId != null)
      throw new ValidationError([
        { path: ["input", "woongroepId"], message: "only a COMMITTEE_MEMBER belongs to a woongroep" },
      ]);
    return { organisationId, woongroepId: null };
  }
  if (input.woongroepId == null)
    throw new ValidationError([
      { path: ["input", "woongroepId"], message: "a COMMITTEE_MEMBER needs the woongroep they review for" },
    ]);
  const woongroepId = decodeGlobal(String(input.woongroepId), "Woongroep", "woongroepId");
  const woongroep = await tx.woongroep.findUnique({
    where: { id: woongroepId },
    select: { complex: { select: { landlordId: true } } },
  });
  if (!woongroep) throw new NotFoundError("Woongroep");
  if (woongroep.complex.landlordId !== organisationId)
    throw new ValidationError([
      { path: ["input", "woongroepId"], message: "the woongroep belongs to another organisation's complex" },
    ]);
  return { organisationId, woongroepId };
}

const duplicateRole = () =>
  new ValidationError([
    { path: ["input", "role"], message: "the account already holds this role in this organisation" },
  ]);

// ── Mutations ───────────────────────────────────────────────────────────────────────────────

/** A race past `checkOrganisationUnique` (unique index on name/slug) as the same typed error; other errors unchanged. */
function organisationUniqueError(e: unknown): unknown {
  return isUniqueViolation(e)
    ? new ValidationError([
        { path: ["input", "name"], message: "another organisation has this name or slug" },
      ])
    : e;
}

builder.mutationFields((t) => ({
  organisationCreate: t.field({
    type: Organisation,
    description:
      "Create an organisation (administrators). Audited. Errors: NotAuthorizedError, ValidationError (per field; name or slug in use), NotFoundError (municipality).",
    errors: {
      types: [ValidationError, NotFoundError],
      dataField: { name: "organisation", description: "The new organisation." },
    },
    args: {
      input: t.arg({ type: OrganisationCreateInput, required: true, description: "The organisation." }),
    },
    resolve: async (_r, { input }, ctx) => {
      requireRole(ctx, "ADMINISTRATOR");
      const v = parseInput(
        z.object({ name: nameSchema, slug: slugSchema.nullish(), website: websiteSchema.nullish() }),
        { name: input.name, slug: input.slug, website: input.website },
      );
      const slug = v.slug ?? slugify(v.name);
      if (!v.slug) parseInput(slugSchema, slug, ["input", "name"]);
      try {
        return await db().$transaction(async (tx) => {
          const municipalityId = await municipalityOf(tx, input.municipalityId);
          await checkOrganisationUnique(tx, v.name, slug);
          const org = await tx.organisation.create({
            data: {
              name: v.name,
              slug,
              kind: input.kind,
              website: v.website ?? null,
              municipalityId: municipalityId ?? null,
            },
          });
          await audit(
            ctx,
            "CREATE",
            "Organisation",
            org.id,
            { name: org.name, kind: org.kind },
            tx,
            "ADMINISTRATOR",
          );
          return org;
        });
      } catch (e) {
        throw organisationUniqueError(e);
      }
    },
  }),
  organisationUpdate: t.field({
    type: Organisation,
    description:
      "Change an organisation's name, slug, municipality or website (administrators). Audited. Errors: NotAuthorizedError, ValidationError, NotFoundError.",
    errors: {
      types: [ValidationError, NotFoundError],
      dataField: { name: "organisation", description: "The organisation after the change." },
    },
    args: { input: t.arg({ type: OrganisationUpdateInput, required: true, description: "Changes." }) },
    resolve: async (_r, { input }, ctx) => {
      requireRole(ctx, "ADMINISTRATOR");
      const id = decodeGlobal(String(input.id), "Organisation");
      const v = parseInput(
        z.object({
          name: nameSchema.nullish(),
          slug: slugSchema.nullish(),
          website: z.union([z.literal(""), websiteSchema]).nullish(),
        }),
        { name: input.name, slug: input.slug, website: input.website },
      );
      try {
        return await db().$transaction(async (tx) => {
          if (!(await tx.organisation.findUnique({ where: { id }, select: { id: true } })))
            throw new NotFoundError("Organisation");
          const municipalityId = await municipalityOf(tx, input.municipalityId);
          await checkOrganisationUnique(tx, v.name ?? undefined, v.slug ?? undefined, id);
          const data = {
            ...(v.name != null ? { name: v.name } : {}),
            ...(v.slug != null ? { slug: v.slug } : {}),
            ...(v.website != null ? { website: v.website === "" ? null : v.website } : {}),
            ...(municipalityId !== undefined ? { municipalityId } : {}),
          };
          const org = await tx.organisation.update({ where: { id }, data });
          await audit(ctx, "UPDATE", "Organisation", id, { fields: Object.keys(data) }, tx, "ADMINISTRATOR");
          return org;
        });
      } catch (e) {
        throw organisationUniqueError(e);
      }
    },
  }),
  staffAccountCreate: t.field({
    type: StaffAccountCreatedRef,
    description:
      "Create a staff account with its first role (administrators): a one-time initial password returned once, or (default) a password-reset link mailed to the address, valid 7 days (logged in development). Audited. Errors: NotAuthorizedError, ValidationError (per field; role vs organisation kind, woongroep), NotFoundError (organisation, woongroep), EmailTakenError.",
    errors: {
      types: [ValidationError, NotFoundError, EmailTakenError],
      dataField: { name: "created", description: "The account and its first credential." },
    },
    args: { input: t.arg({ type: StaffAccountCreateInput, required: true, description: "The account." }) },
    resolve: async (_r, { input }, ctx) => {
      requireRole(ctx, "ADMINISTRATOR");
      const v = parseInput(
        z.object({
          email: emailSchema,
          displayName: personNameSchema(200),
        }),
        { email: input.email, displayName: input.displayName },
      );
      const initial = input.credential === "INITIAL_PASSWORD";
      const secret = generateToken();
      const passwordHash = await hashPassword(secret);
      const inviteExpiresAt = initial ? null : new Date(Date.now() + STAFF_INVITE_TTL_MS);
      try {
        const userId = await db().$transaction(async (tx) => {
          const target = await membershipTarget(tx, input);
          if (await tx.user.findUnique({ where: { email: v.email }, select: { id: true } }))
            throw new EmailTakenError();
          const user = await tx.user.create({
            data: { email: v.email, displayName: v.displayName, kind: "STAFF", passwordHash },
          });
          await tx.staffMembership.create({ data: { userId: user.id, role: input.role, ...target } });
          if (!initial) {
            await tx.passwordResetToken.create({
              data: { userId: user.id, tokenHash: hashToken(secret), expiresAt: inviteExpiresAt! },
            });
            await enqueueMail(tx, {
              kind: "STAFF_INVITE",
              params: { token: secret },
              to: v.email,
              userId: user.id,
            });
          }
          await audit(
            ctx,
            "CREATE",
            "StaffAccount",
            user.id,
            {
              role: input.role,
              organisationId: target.organisationId,
              credential: input.credential ?? "RESET_LINK",
            },
            tx,
            "ADMINISTRATOR",
          );
          return user.id;
        });
        return { userId, initialPassword: initial ? secret : null, inviteExpiresAt };
      } catch (e) {
        if (isUniqueViolation(e)) throw new EmailTakenError();
        throw e;
      }
    },
  }),
  staffMembershipCreate: t.field({
    type: StaffAccount,
    description:
      "Give an existing staff account another role (administrators). Audited. Errors: NotAuthorizedError, ValidationError (role vs organisation, woongroep, role already held), NotFoundError.",
    errors: {
      types: [ValidationError, NotFoundError],
      dataField: { name: "staffAccount", description: "The account with its roles." },
    },
    args: { input: t.arg({ type: StaffMembershipCreateInput, required: true, description: "The role." }) },
    resolve: async (_r, { input }, ctx) => {
      requireRole(ctx, "ADMINISTRATOR");
      const userId = decodeGlobal(String(input.staffAccountId), "StaffAccount", "staffAccountId");
      try {
        return await db().$transaction(async (tx) => {
          const user = await tx.user.findUnique({ where: { id: userId }, select: { kind: true } });
          if (!user || user.kind !== "STAFF") throw new NotFoundError("StaffAccount");
          const target = await membershipTarget(tx, input);
          const exists = await tx.staffMembership.findFirst({
            where: { userId, organisationId: target.organisationId, role: input.role },
            select: { id: true },
          });
          if (exists) throw duplicateRole();
          const m = await tx.staffMembership.create({ data: { userId, role: input.role, ...target } });
          await audit(
            ctx,
            "CREATE",
            "StaffMembership",
            m.id,
            { userId, role: input.role, organisationId: target.organisationId },
            tx,
            "ADMINISTRATOR",
          );
          return tx.user.findUniqueOrThrow({ where: { id: userId } });
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw duplicateRole();
        throw e;
      }
    },
  }),
  staffMembershipRevoke: t.field({
    type: StaffAccount,
    description:
      "Take a role away from a staff account (administrators); it stops working at the account's next request. When no role is left, the account's sessions end. An administrator cannot revoke their own administrator role (so the platform always keeps one). Audited. Errors: NotAuthorizedError, ValidationError, NotFoundError, InvalidStateError (own administrator role).",
    errors: {
      types: [ValidationError, NotFoundError, InvalidStateError],
      dataField: { name: "staffAccount", description: "The account with its remaining roles." },
    },
    args: { input: t.arg({ type: StaffMembershipRevokeInput, required: true, description: "The role." }) },
    resolve: async (_r, { input }, ctx) => {
      const viewer = requireRole(ctx, "ADMINISTRATOR");
      const id = decodeGlobal(String(input.id), "StaffMembership");
      const result = await db().$transaction(async (tx) => {
        const m = await tx.staffMembership.findUnique({ where: { id } });
        if (!m) throw new NotFoundError("StaffMembership");
        if (m.userId === viewer.userId && m.role === "ADMINISTRATOR")
          throw new InvalidStateError("ADMINISTRATOR", "You cannot revoke your own administrator role");
        const n = await tx.staffMembership.deleteMany({ where: { id } });
        if (n.count !== 1) throw new NotFoundError("StaffMembership");
        await audit(
          ctx,
          "DELETE",
          "StaffMembership",
          id,
          { userId: m.userId, role: m.role, organisationId: m.organisationId, woongroepId: m.woongroepId },
          tx,
          "ADMINISTRATOR",
        );
        const left = await tx.staffMembership.count({ where: { userId: m.userId } });
        return { userId: m.userId, left };
      });
      if (result.left === 0) await invalidateUserSessions(result.userId);
      return db().user.findUniqueOrThrow({ where: { id: result.userId } });
    },
  }),
}));
