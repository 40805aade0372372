/**
 * Authentication: sign-in (sessions per Lucia's guide), sign-out, password reset, personal access
 * tokens, and `account` (who am I, with roles).
 */
import { z } from "zod";
import {
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  dummyHash,
  verifyPassword,
} from "../auth/password.ts";
import {
  loginAttemptsPerIp,
  loginFailures,
  resetAttemptsPerIp,
  resetAttemptsPerToken,
  resetRequests,
  resetRequestsPerEmail,
  takeAll,
} from "../auth/rate-limit.ts";
import { createSession, invalidateSession, invalidateUserSessions } from "../auth/session.ts";
import { generatePersonalAccessToken, generateToken, hashToken } from "../auth/tokens.ts";
import { db } from "../db.ts";
import { enqueueMail } from "../mail/outbox.ts";
import { builder, noRow } from "./builder.ts";
import { decodeGlobal, StaffRoleEnum, TokenScopeEnum } from "./common.ts";
import {
  InvalidCredentialsError,
  InvalidTokenError,
  NotFoundError,
  parseInput,
  RateLimitedError,
  ValidationError,
} from "./errors.ts";
import { audit, requireSeeker, requireSignedIn } from "./guards.ts";

export const emailSchema = z.string().trim().toLowerCase().email("must be an email address").max(254);
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);

/** Password-reset tokens are valid for one hour. */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

export interface SessionPayload {
  token: string;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  userId: string;
}

export const SessionRef = builder.objectRef<SessionPayload>("Session").implement({
  description:
    "A new session. Send `token` as `Authorization: Bearer <token>`. The token is shown once and only its SHA-256 hash is stored. Idle timeout 30 days (extended on use), absolute lifetime 90 days.",
  fields: (t) => ({
    token: t.exposeString("token", {
      description: "Session token (52 characters, base32). Keep it secret (HttpOnly cookie in a browser).",
    }),
    expiresAt: t.expose("expiresAt", {
      type: "DateTime",
      description: "Idle expiry; moves forward while the session is used.",
    }),
    absoluteExpiresAt: t.expose("absoluteExpiresAt", {
      type: "DateTime",
      description: "Hard end of the session, never extended.",
    }),
  }),
});

const RoleRef = builder
  .objectRef<{ role: string; organisationId: string; woongroepId: string | null }>("StaffRoleAssignment")
  .implement({
    description: "A staff role within an organisation.",
    fields: (t) => ({
      role: t.field({ type: StaffRoleEnum, description: "Role.", resolve: (r) => r.role as never }),
      organisation: t.prismaField({
        type: "Organisation",
        description: "Organisation.",
        resolve: (q, r) => db().organisation.findUniqueOrThrow({ ...q, where: { id: r.organisationId } }),
      }),
      woongroep: t.prismaField({
        type: "Woongroep",
        nullable: true,
        description: "Woongroep (committee members).",
        resolve: (q, r) =>
          r.woongroepId ? db().woongroep.findUnique({ ...q, where: { id: r.woongroepId } }) : noRow(q),
      }),
    }),
  });

export const AccountRef = builder
  .objectRef<NonNullable<import("../auth/context.ts").Context["viewer"]>>("Account")
  .implement({
    description: "The signed-in account (seeker or staff) and how it authenticated.",
    fields: (t) => ({
      email: t.exposeString("email", { description: "Email address (lower case)." }),
      displayName: t.exposeString("displayName", { description: "Display name." }),
      kind: t.exposeString("kind", { description: "SEEKER or STAFF." }),
      authenticatedVia: t.exposeString("via", { description: "SESSION or TOKEN (personal access token)." }),
      tokenScopes: t.field({
        type: [TokenScopeEnum],
        nullable: true,
        description: "Scopes of the personal access token; null for a session (full access).",
        resolve: (v) => v.tokenScopes,
      }),
      roles: t.field({
        type: [RoleRef],
        description: "Staff roles (empty for seekers and tokens).",
        resolve: (v) => v.memberships,
      }),
    }),
  });

export const PersonalAccessToken = builder.prismaNode("PersonalAccessToken", {
  // an unknown id resolves to null (node/nodes), not to a "No record found" error
  nullable: true,
  id: { field: "id" },
  description:
    "A personal access token for a third-party app: hashed, scoped, revocable. Visible to its owner only.",
  authScopes: (tok, ctx) => ctx.viewer?.userId === tok.userId && ctx.viewer.via === "SESSION",
  fields: (t) => ({
    name: t.exposeString("name", { description: "Name given by the seeker, e.g. the app's name." }),
    prefix: t.exposeString("prefix", { description: "First characters of the token, to recognise it." }),
    scopes: t.field({
      type: [TokenScopeEnum],
      description: "What the token may do.",
      resolve: (x) => x.scopes,
    }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "Created." }),
    lastUsedAt: t.expose("lastUsedAt", {
      type: "DateTime",
      nullable: true,
      description: "Last use (to the minute).",
    }),
    expiresAt: t.expose("expiresAt", { type: "DateTime", nullable: true, description: "Expiry, when set." }),
    revokedAt: t.expose("revokedAt", {
      type: "DateTime",
      nullable: true,
      description: "When revoked; a revoked token no longer works.",
    }),
  }),
});

builder.queryFields((t) => ({
  account: t.field({
    type: AccountRef,
    nullable: true,
    description: "The signed-in account with its roles; null when anonymous.",
    resolve: (_r, _a, ctx) => ctx.viewer,
  }),
}));

const SessionCreateInput = builder.inputType("SessionCreateInput", {
  description: "Credentials.",
  fields: (t) => ({
    email: t.string({ required: true, description: "Email address." }),
    password: t.string({ required: true, description: "Password." }),
  }),
});
const PasswordResetRequestInput = builder.inputType("PasswordResetRequestInput", {
  description: "Input of passwordResetRequest.",
  fields: (t) => ({ email: t.string({ required: true, description: "Email address of the account." }) }),
});
const PasswordResetInput = builder.inputType("PasswordResetInput", {
  description: "Input of passwordReset.",
  fields: (t) => ({
    token: t.string({ required: true, description: "The token from the reset email." }),
    newPassword: t.string({
      required: true,
      description: `New password, at least ${PASSWORD_MIN_LENGTH} characters.`,
    }),
    revokePersonalAccessTokens: t.boolean({
      required: false,
      defaultValue: true,
      description:
        "Also revoke every personal access token of the account (default true: after a suspected takeover, apps keep no access). False keeps the tokens working.",
    }),
  }),
});
const PersonalAccessTokenCreateInput = builder.inputType("PersonalAccessTokenCreateInput", {
  description: "Input of personalAccessTokenCreate.",
  fields: (t) => ({
    name: t.string({ required: true, description: "Name, e.g. the app's name (1–100 characters)." }),
    scopes: t.field({ type: [TokenScopeEnum], required: true, description: "Scopes (at least one)." }),
    expiresAt: t.field({
      type: "DateTime",
      required: false,
      description: "Optional expiry (in the future).",
    }),
  }),
});
const PersonalAccessTokenRevokeInput = builder.inputType("PersonalAccessTokenRevokeInput", {
  description: "Input of personalAccessTokenRevoke.",
  fields: (t) => ({ id: t.id({ required: true, description: "Global ID of the token." }) }),
});

const TokenCreatedRef = builder
  .objectRef<{ token: string; id: string }>("PersonalAccessTokenCreated")
  .implement({
    description: "A new personal access token. `token` is shown only now.",
    fields: (t) => ({
      token: t.exposeString("token", {
        description: "The token (wbt_pat_…). Send as `Authorization: Bearer <token>`.",
      }),
      personalAccessToken: t.prismaField({
        type: "PersonalAccessToken",
        description: "The token's record.",
        resolve: (q, x) => db().personalAccessToken.findUniqueOrThrow({ ...q, where: { id: x.id } }),
      }),
    }),
  });

builder.mutationFields((t) => ({
  sessionCreate: t.field({
    type: SessionRef,
    description:
      "Sign in with email and password; returns a new session token. Rate limited per email+IP (10 failures per 15 minutes). Errors: ValidationError, InvalidCredentialsError, RateLimitedError.",
    errors: {
      types: [ValidationError, InvalidCredentialsError, RateLimitedError],
      dataField: { name: "session", description: "The new session." },
    },
    args: { input: t.arg({ type: SessionCreateInput, required: true, description: "Credentials." }) },
    resolve: async (_r, { input }, ctx) => {
      const email = parseInput(emailSchema, input.email, ["input", "email"]);
      const key = `${email}|${ctx.ip}`;
      // counted as a failure before the password is checked (atomic across processes), cleared on success
      const wait = await takeAll([loginFailures, key], [loginAttemptsPerIp, ctx.ip]);
      if (wait > 0) throw new RateLimitedError(wait);
      const user = await db().user.findUnique({ where: { email } });
      const ok = user
        ? await verifyPassword(user.passwordHash, input.password)
        : (await verifyPassword(await dummyHash(), input.password), false);
      if (!user || !ok) {
        await db().auditLog.create({
          data: {
            actorUserId: user?.id ?? null,
            actorRole: "ANONYMOUS",
            action: "SIGN_IN_FAILED",
            entityType: "User",
            entityId: user?.id ?? email,
            ip: ctx.ip,
          },
        });
        throw new InvalidCredentialsError();
      }
      await loginFailures.reset(key);
      const { token, session } = await createSession(user.id, ctx.userAgent);
      await db().auditLog.create({
        data: {
          actorUserId: user.id,
          actorRole: user.kind,
          action: "SIGN_IN",
          entityType: "User",
          entityId: user.id,
          ip: ctx.ip,
        },
      });
      return {
        token,
        expiresAt: session.expiresAt,
        absoluteExpiresAt: session.absoluteExpiresAt,
        userId: user.id,
      };
    },
  }),
  sessionDelete: t.field({
    type: "Boolean",
    description:
      "Sign out: deletes the current session (its token stops working). Errors: NotAuthorizedError (not signed in with a session).",
    errors: { dataField: { name: "signedOut", description: "Always true." } },
    resolve: async (_r, _a, ctx) => {
      const v = requireSignedIn(ctx);
      if (!v.sessionId)
        throw new ValidationError([
          {
            path: ["authorization"],
            message: "personal access tokens are revoked with personalAccessTokenRevoke",
          },
        ]);
      await invalidateSession(v.sessionId);
      return true;
    },
  }),
  passwordResetRequest: t.field({
    type: "Boolean",
    description:
      "Request a password-reset email. Always succeeds (does not reveal whether the address is registered). The mail goes through the outbox (mail/outbox.ts) in the account's language; without SMTP_URL, in development, it is written to the server log. Errors: ValidationError, RateLimitedError.",
    errors: {
      types: [ValidationError, RateLimitedError],
      dataField: { name: "requested", description: "Always true." },
    },
    args: { input: t.arg({ type: PasswordResetRequestInput, required: true, description: "The address." }) },
    resolve: async (_r, { input }, ctx) => {
      const email = parseInput(emailSchema, input.email, ["input", "email"]);
      const key = `${email}|${ctx.ip}`;
      const wait = await takeAll([resetRequests, key], [resetRequestsPerEmail, email]);
      if (wait > 0) throw new RateLimitedError(wait);
      const user = await db().user.findUnique({ where: { email } });
      if (user) {
        const token = generateToken();
        // the token and its mail are written together: no token without mail, no mail without token
        await db().$transaction(async (tx) => {
          await tx.passwordResetToken.create({
            data: {
              userId: user.id,
              tokenHash: hashToken(token),
              expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_MS),
            },
          });
          await enqueueMail(tx, {
            kind: "PASSWORD_RESET",
            params: { token },
            to: user.email,
            userId: user.id,
            locale: user.locale,
          });
        });
      }
      return true;
    },
  }),
  passwordReset: t.field({
    type: SessionRef,
    description:
      "Set a new password with a reset token (valid 1 hour, usable once). Ends all sessions and returns a new one; every other outstanding reset token of the account stops working; personal access tokens are revoked unless `revokePersonalAccessTokens: false`. The token is checked before the password is hashed. Rate limited: 20 attempts per IP and 5 per token per 15 minutes. Errors: ValidationError, InvalidTokenError, RateLimitedError.",
    errors: {
      types: [ValidationError, InvalidTokenError, RateLimitedError],
      dataField: { name: "session", description: "A new session." },
    },
    args: {
      input: t.arg({ type: PasswordResetInput, required: true, description: "Token and new password." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const tokenHash = hashToken(input.token);
      const wait = await takeAll([resetAttemptsPerIp, ctx.ip], [resetAttemptsPerToken, tokenHash]);
      if (wait > 0) throw new RateLimitedError(wait);
      const password = parseInput(passwordSchema, input.newPassword, ["input", "newPassword"]);
      const usable = (row: { usedAt: Date | null; expiresAt: Date } | null) =>
        !!row && !row.usedAt && row.expiresAt > new Date();
      // Refuse an unknown, used or expired token before spending an argon2id hash on it; the
      // transaction below checks (and consumes) it again.
      if (!usable(await db().passwordResetToken.findUnique({ where: { tokenHash } })))
        throw new InvalidTokenError();
      const hash = await hashPassword(password);
      const userId = await db().$transaction(async (tx) => {
        const row = await tx.passwordResetToken.findUnique({ where: { tokenHash } });
        if (!row || !usable(row)) throw new InvalidTokenError();
        const now = new Date();
        const used = await tx.passwordResetToken.updateMany({
          where: { id: row.id, usedAt: null },
          data: { usedAt: now },
        });
        if (used.count !== 1) throw new InvalidTokenError();
        // Older (or newer) reset links of this account die with this one.
        await tx.passwordResetToken.updateMany({
          where: { userId: row.userId, usedAt: null },
          data: { usedAt: now },
        });
        await tx.user.update({ where: { id: row.userId }, data: { passwordHash: hash } });
        await tx.session.deleteMany({ where: { userId: row.userId } });
        const revoked =
          input.revokePersonalAccessTokens === false
            ? 0
            : (
                await tx.personalAccessToken.updateMany({
                  where: { userId: row.userId, revokedAt: null },
                  data: { revokedAt: now },
                })
              ).count;
        await tx.auditLog.create({
          data: {
            actorUserId: row.userId,
            actorRole: "ANONYMOUS",
            action: "UPDATE",
            entityType: "User",
            entityId: row.userId,
            detail: { action: "password_reset", personalAccessTokensRevoked: revoked },
            ip: ctx.ip,
          },
        });
        return row.userId;
      });
      await resetAttemptsPerToken.reset(tokenHash);
      await invalidateUserSessions(userId);
      const { token, session } = await createSession(userId, ctx.userAgent);
      return { token, expiresAt: session.expiresAt, absoluteExpiresAt: session.absoluteExpiresAt, userId };
    },
  }),
  personalAccessTokenCreate: t.field({
    type: TokenCreatedRef,
    description:
      "Create a personal access token for a third-party app (seekers, signed in with a session). Errors: NotAuthorizedError, ValidationError.",
    errors: {
      types: [ValidationError],
      dataField: { name: "created", description: "The token, shown once." },
    },
    args: {
      input: t.arg({ type: PersonalAccessTokenCreateInput, required: true, description: "Name and scopes." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const { viewer } = requireSeeker(ctx, "SESSION_ONLY");
      const v = parseInput(
        z.object({
          name: z.string().trim().min(1, "must not be empty").max(100),
          scopes: z.array(z.string()).min(1, "choose at least one scope"),
          expiresAt: z
            .date()
            .refine((d) => d > new Date(), "must be in the future")
            .nullish(),
        }),
        input,
      );
      const active = await db().personalAccessToken.count({
        where: { userId: viewer.userId, revokedAt: null },
      });
      if (active >= 20)
        throw new ValidationError([
          { path: ["input", "name"], message: "at most 20 active tokens; revoke one first" },
        ]);
      const token = generatePersonalAccessToken();
      const row = await db().personalAccessToken.create({
        data: {
          userId: viewer.userId,
          name: v.name,
          tokenHash: hashToken(token),
          prefix: token.slice(0, 12),
          scopes: [...new Set(input.scopes)],
          expiresAt: v.expiresAt ?? null,
        },
      });
      await audit(ctx, "CREATE", "PersonalAccessToken", row.id);
      return { token, id: row.id };
    },
  }),
  personalAccessTokenRevoke: t.field({
    type: PersonalAccessToken,
    description:
      "Revoke one of your personal access tokens (session only). Errors: NotAuthorizedError, NotFoundError, ValidationError.",
    errors: {
      types: [ValidationError, NotFoundError],
      dataField: { name: "personalAccessToken", description: "The revoked token." },
    },
    args: {
      input: t.arg({ type: PersonalAccessTokenRevokeInput, required: true, description: "The token." }),
    },
    resolve: async (_r, { input }, ctx) => {
      const { viewer } = requireSeeker(ctx, "SESSION_ONLY");
      const id = decodeGlobal(String(input.id), "PersonalAccessToken");
      const n = await db().personalAccessToken.updateMany({
        where: { id, userId: viewer.userId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      const row = await db().personalAccessToken.findFirst({ where: { id, userId: viewer.userId } });
      if (!row) throw new NotFoundError("PersonalAccessToken");
      if (n.count) await audit(ctx, "UPDATE", "PersonalAccessToken", id, { action: "revoke" });
      return row;
    },
  }),
}));
