/**
 * Account settings of a signed-in user: password change, change of e-mail address (confirmed by a
 * mailed link), e-mail verification, language of mail, notification settings and one-click
 * unsubscribe, and the in-portal inbox (berichten) with the same notifications as the mail.
 *
 * E-mail verification: a registration starts unverified (`Account.emailVerified` false) and the
 * welcome mail carries a link (emailConfirm). An unverified account can sign in and use everything
 * except notifications by mail: until the address is confirmed no notification or search alert is
 * mailed (they still appear in the inbox); account mail (password reset, confirmation) is sent.
 */
import type { MailKind } from "@woonbeurt/db";
import type { Viewer } from "../auth/context.ts";
import { hashPassword, verifyPassword } from "../auth/password.ts";
import { passwordConfirmFailures, SharedLimiter, takeAll } from "../auth/rate-limit.ts";
import { hashToken } from "../auth/tokens.ts";
import { db } from "../db.ts";
import { sendEmailToken } from "../mail/email-token.ts";
import { NOTIFICATION_KINDS } from "../mail/messages.ts";
import { enqueueMail, readUnsubscribeToken } from "../mail/outbox.ts";
import { unsubscribe } from "../mail/unsubscribe.ts";
import { AccountRef, emailSchema, passwordSchema } from "./auth.ts";
import { builder } from "./builder.ts";
import { decodeGlobal, LanguageEnum } from "./common.ts";
import {
  EmailTakenError,
  InvalidCredentialsError,
  InvalidStateError,
  InvalidTokenError,
  NotAuthorizedError,
  NotFoundError,
  parseInput,
  RateLimitedError,
  ValidationError,
} from "./errors.ts";
import { audit, isUniqueViolation, requireSeeker, requireSignedIn } from "./guards.ts";

/** emailConfirm and notificationUnsubscribe attempts per IP: 30 per 15 minutes. */
export const linkAttemptsPerIp = new SharedLimiter("link-ip", 30, 15 * 60_000);
/** Verification mails per account: 5 per 15 minutes. */
export const verificationResends = new SharedLimiter("verification-resend", 5, 15 * 60_000);

export const NotificationKindEnum = builder.enumType("NotificationKind", {
  description:
    "A kind of notification (melding), mailed and shown in the portal inbox; each can be switched off.",
  values: {
    POSITION_FIXED: { value: "POSITION_FIXED", description: "Your final position when a listing closes." },
    OFFER_MADE: { value: "OFFER_MADE", description: "A landlord offers you a dwelling (aanbieding)." },
    OFFER_DEADLINE_NEAR: {
      value: "OFFER_DEADLINE_NEAR",
      description: "Reminder 24 hours before an offer's answer deadline (once per offer).",
    },
    URGENCY_DECISION: { value: "URGENCY_DECISION", description: "Decision on your urgency application." },
    LETTING_RESULT: { value: "LETTING_RESULT", description: "A listing you responded to was let." },
    SEARCH_ALERT: { value: "SEARCH_ALERT", description: "New listings matching a saved search." },
  } as const,
});

const userOf = (ctx: { cache: Map<string, unknown> }, userId: string) => {
  const key = `account-user:${userId}`;
  let p = ctx.cache.get(key) as
    | Promise<{
        emailVerifiedAt: Date | null;
        locale: string;
        mailOptOut: MailKind[];
      } | null>
    | undefined;
  if (!p) {
    p = db().user.findUnique({
      where: { id: userId },
      select: { emailVerifiedAt: true, locale: true, mailOptOut: true },
    });
    ctx.cache.set(key, p);
  }
  return p;
};

/** The inbox is readable with a session, or a personal access token with SEEKER_READ. */
function requireInboxAccess(v: Viewer) {
  if (v.via !== "SESSION" && !(v.tokenScopes ?? []).includes("SEEKER_READ"))
    throw new NotAuthorizedError("This personal access token lacks the scope SEEKER_READ");
}

const NotificationSettingRef = builder
  .objectRef<{ kind: string; enabled: boolean }>("NotificationSetting")
  .implement({
    description: "Whether one kind of notification is on.",
    fields: (t) => ({
      kind: t.field({ type: NotificationKindEnum, description: "Kind.", resolve: (s) => s.kind as never }),
      enabled: t.exposeBoolean("enabled", { description: "True: mailed and shown in the inbox." }),
    }),
  });

export const InboxMessage = builder.prismaNode("OutboxMessage", {
  variant: "InboxMessage",
  nullable: true,
  id: { field: "id" },
  description:
    "A notification in the portal inbox (berichten): the same text as the mail. Visible to its recipient only (session, or a token with SEEKER_READ).",
  authScopes: (m, ctx) =>
    !!m.userId &&
    ctx.viewer?.userId === m.userId &&
    (ctx.viewer.via === "SESSION" || (ctx.viewer.tokenScopes ?? []).includes("SEEKER_READ")),
  fields: (t) => ({
    kind: t.field({ type: NotificationKindEnum, description: "Kind.", resolve: (m) => m.kind as never }),
    subject: t.exposeString("subject", { description: "Subject (in the language of the account)." }),
    body: t.exposeString("textBody", { description: "The message as plain text, with links." }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When it was written." }),
    readAt: t.expose("readAt", {
      type: "DateTime",
      nullable: true,
      description: "When opened in the inbox.",
    }),
  }),
});

builder.objectFields(AccountRef, (t) => ({
  emailVerified: t.boolean({
    description:
      "Whether the e-mail address is confirmed. Until it is, notifications are not mailed (they still appear in the inbox).",
    resolve: async (v, _a, ctx) => !!(await userOf(ctx, v.userId))?.emailVerifiedAt,
  }),
  pendingEmail: t.string({
    nullable: true,
    description: "A new address awaiting confirmation (emailChangeRequest), while its link is valid.",
    resolve: async (v) =>
      (
        await db().emailToken.findFirst({
          where: { userId: v.userId, purpose: "CHANGE", usedAt: null, expiresAt: { gt: new Date() } },
          orderBy: { createdAt: "desc" },
          select: { email: true },
        })
      )?.email ?? null,
  }),
  language: t.field({
    type: LanguageEnum,
    description: "Language of mail and notifications (taal).",
    resolve: async (v, _a, ctx) => ((await userOf(ctx, v.userId))?.locale === "en" ? "en" : "nl"),
  }),
  notificationSettings: t.field({
    type: [NotificationSettingRef],
    description: "Every notification kind with whether it is on.",
    resolve: async (v, _a, ctx) => {
      const off = (await userOf(ctx, v.userId))?.mailOptOut ?? [];
      return NOTIFICATION_KINDS.map((kind) => ({ kind, enabled: !off.includes(kind) }));
    },
  }),
  unreadMessageCount: t.int({
    description:
      "Unread messages in the inbox. Session, or a token with SEEKER_READ. Errors: NotAuthorizedError.",
    resolve: (v) => {
      requireInboxAccess(v);
      return db().outboxMessage.count({ where: { userId: v.userId, inbox: true, readAt: null } });
    },
  }),
  messages: t.prismaConnection({
    type: InboxMessage,
    cursor: "id",
    defaultSize: 20,
    maxSize: 100,
    description:
      "The inbox (berichten), newest first. Session, or a token with SEEKER_READ. Errors: NotAuthorizedError.",
    resolve: (query, v) => {
      requireInboxAccess(v);
      return db().outboxMessage.findMany({
        ...query,
        where: { userId: v.userId, inbox: true },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      });
    },
  }),
}));

const EmailConfirmedRef = builder
  .objectRef<{ email: string; changed: boolean }>("EmailConfirmation")
  .implement({
    description: "The outcome of emailConfirm.",
    fields: (t) => ({
      email: t.exposeString("email", { description: "The confirmed address (now the sign-in address)." }),
      changed: t.exposeBoolean("changed", {
        description: "True when the account's address was changed to it; false for a verification.",
      }),
    }),
  });
const EmailChangeRequestedRef = builder.objectRef<{ email: string }>("EmailChangeRequested").implement({
  description: "A confirmation mail was sent to the new address; nothing changes until it is opened.",
  fields: (t) => ({
    email: t.exposeString("email", { description: "The new address (lower case) the link was sent to." }),
  }),
});
const UnsubscribedRef = builder.objectRef<{ kind: string }>("NotificationUnsubscribed").implement({
  description: "The kind that was switched off.",
  fields: (t) => ({
    kind: t.field({ type: NotificationKindEnum, description: "Kind.", resolve: (x) => x.kind as never }),
  }),
});

const PasswordChangeInput = builder.inputType("PasswordChangeInput", {
  description: "Input of passwordChange.",
  fields: (t) => ({
    currentPassword: t.string({ required: true, description: "The current password." }),
    newPassword: t.string({ required: true, description: "The new password (at least 12 characters)." }),
  }),
});
const EmailChangeRequestInput = builder.inputType("EmailChangeRequestInput", {
  description: "Input of emailChangeRequest.",
  fields: (t) => ({
    newEmail: t.string({ required: true, description: "The new address." }),
    currentPassword: t.string({ required: true, description: "The current password." }),
  }),
});
const TokenInput = builder.inputType("EmailConfirmInput", {
  description: "Input of emailConfirm.",
  fields: (t) => ({ token: t.string({ required: true, description: "The token from the mailed link." }) }),
});
const UnsubscribeInput = builder.inputType("NotificationUnsubscribeInput", {
  description: "Input of notificationUnsubscribe.",
  fields: (t) => ({
    token: t.string({ required: true, description: "The signed token from the mail's unsubscribe link." }),
  }),
});
const SettingsInput = builder.inputType("NotificationSettingsUpdateInput", {
  description: "Input of notificationSettingsUpdate: the complete set of kinds that stay on.",
  fields: (t) => ({
    enabled: t.field({
      type: [NotificationKindEnum],
      required: true,
      description: "Kinds to receive; every other kind is switched off (may be empty).",
    }),
    language: t.field({
      type: LanguageEnum,
      required: false,
      description: "Language of mail and notifications (unchanged when omitted).",
    }),
  }),
});
const MarkReadInput = builder.inputType("InboxMessageMarkReadInput", {
  description: "Input of inboxMessageMarkRead.",
  fields: (t) => ({ id: t.id({ required: true, description: "Global ID of the InboxMessage." }) }),
});

/** Verify the current password of the signed-in user (rate limited with viewerDelete's limiter). */
async function checkPassword(userId: string, password: string) {
  // counted as a wrong password before the check (atomic across processes), given back if right
  const wait = await takeAll([passwordConfirmFailures, userId]);
  if (wait > 0) throw new RateLimitedError(wait);
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await verifyPassword(user.passwordHash, password)))
    throw new InvalidCredentialsError("The current password is incorrect");
  await passwordConfirmFailures.refund(userId);
  return user;
}

builder.mutationFields((t) => ({
  passwordChange: t.field({
    type: "Boolean",
    description:
      "Change the password of the signed-in account (session only). Needs the current password (10 wrong per 15 minutes). Every other session is signed out (this one stays) and the account gets a notice by mail. Errors: NotAuthorizedError, ValidationError (newPassword), InvalidCredentialsError (current password), RateLimitedError.",
    errors: {
      types: [ValidationError, InvalidCredentialsError, RateLimitedError],
      dataField: { name: "changed", description: "Always true." },
    },
    args: { input: t.arg({ type: PasswordChangeInput, required: true, description: "Passwords." }) },
    resolve: async (_r, { input }, ctx) => {
      const v = requireSignedIn(ctx);
      if (!v.sessionId)
        throw new ValidationError([
          { path: ["authorization"], message: "sign in with a session to do this" },
        ]);
      const password = parseInput(passwordSchema, input.newPassword, ["input", "newPassword"]);
      const user = await checkPassword(v.userId, input.currentPassword);
      const hash = await hashPassword(password);
      await db().$transaction(async (tx) => {
        // the password checked above must still be the stored one (a concurrent change or reset wins)
        const n = await tx.user.updateMany({
          where: { id: v.userId, passwordHash: user.passwordHash },
          data: { passwordHash: hash },
        });
        if (n.count !== 1) throw new InvalidCredentialsError("The current password is incorrect");
        await tx.session.deleteMany({ where: { userId: v.userId, id: { not: v.sessionId! } } });
        await tx.passwordResetToken.updateMany({
          where: { userId: v.userId, usedAt: null },
          data: { usedAt: new Date() },
        });
        await enqueueMail(tx, {
          kind: "PASSWORD_CHANGED",
          params: {},
          to: user.email,
          userId: user.id,
          locale: user.locale,
        });
        await audit(ctx, "UPDATE", "User", v.userId, { action: "password_change" }, tx);
      });
      return true;
    },
  }),
  emailChangeRequest: t.field({
    type: EmailChangeRequestedRef,
    description:
      "Ask to change the sign-in address (session only). Needs the current password. A link valid 24 hours is mailed to the new address; the change takes effect when it is opened (emailConfirm), and the old address then gets a notice. Errors: NotAuthorizedError, ValidationError, InvalidCredentialsError, RateLimitedError, EmailTakenError (the address already has an account).",
    errors: {
      types: [ValidationError, InvalidCredentialsError, RateLimitedError, EmailTakenError],
      dataField: { name: "request", description: "Where the link was sent." },
    },
    args: { input: t.arg({ type: EmailChangeRequestInput, required: true, description: "New address." }) },
    resolve: async (_r, { input }, ctx) => {
      const v = requireSignedIn(ctx);
      if (!v.sessionId)
        throw new ValidationError([
          { path: ["authorization"], message: "sign in with a session to do this" },
        ]);
      const email = parseInput(emailSchema, input.newEmail, ["input", "newEmail"]);
      const user = await checkPassword(v.userId, input.currentPassword);
      if (email === user.email)
        throw new ValidationError([{ path: ["input", "newEmail"], message: "this is already your address" }]);
      await db().$transaction(async (tx) => {
        if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw new EmailTakenError();
        await sendEmailToken(tx, user, "CHANGE", email);
        await audit(ctx, "UPDATE", "User", v.userId, { action: "email_change_request" }, tx);
      });
      return { email };
    },
  }),
  emailConfirm: t.field({
    type: EmailConfirmedRef,
    description:
      "Open a mailed link (no sign-in needed): verifies the address of a new registration, or makes a requested new address the sign-in address (then the old one gets a notice). A link works once. Rate limited: 30 per IP per 15 minutes. Errors: InvalidTokenError (unknown, used or expired), EmailTakenError (the new address got an account meanwhile), RateLimitedError.",
    errors: {
      types: [InvalidTokenError, EmailTakenError, RateLimitedError],
      dataField: { name: "confirmation", description: "The confirmed address." },
    },
    args: { input: t.arg({ type: TokenInput, required: true, description: "The token." }) },
    resolve: async (_r, { input }, ctx) => {
      const wait = await takeAll([linkAttemptsPerIp, ctx.ip]);
      if (wait > 0) throw new RateLimitedError(wait);
      const tokenHash = hashToken(input.token);
      try {
        return await db().$transaction(async (tx) => {
          const now = new Date();
          const row = await tx.emailToken.findUnique({ where: { tokenHash }, include: { user: true } });
          if (!row || row.usedAt || row.expiresAt <= now) throw new InvalidTokenError();
          const used = await tx.emailToken.updateMany({
            where: { id: row.id, usedAt: null },
            data: { usedAt: now },
          });
          if (used.count !== 1) throw new InvalidTokenError();
          if (row.purpose === "VERIFY") {
            // a verification link for an address the account no longer uses proves nothing
            if (row.email !== row.user.email) throw new InvalidTokenError();
            await tx.user.update({ where: { id: row.userId }, data: { emailVerifiedAt: now } });
            return { email: row.email, changed: false };
          }
          const old = row.user.email;
          await tx.user.update({
            where: { id: row.userId },
            data: { email: row.email, emailVerifiedAt: now },
          });
          await tx.auditLog.create({
            data: {
              actorUserId: row.userId,
              actorRole: "ANONYMOUS",
              action: "UPDATE",
              entityType: "User",
              entityId: row.userId,
              detail: { action: "email_change" },
              ip: ctx.ip,
            },
          });
          await enqueueMail(tx, {
            kind: "EMAIL_CHANGED_NOTICE",
            params: { newEmail: row.email },
            to: old,
            userId: row.userId,
            locale: row.user.locale,
          });
          return { email: row.email, changed: true };
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw new EmailTakenError();
        throw e;
      }
    },
  }),
  emailVerificationResend: t.field({
    type: "Boolean",
    description:
      "Mail a new verification link to the signed-in account's address (earlier links stop working). 5 per 15 minutes. Errors: NotAuthorizedError, InvalidStateError (already verified), RateLimitedError.",
    errors: {
      types: [InvalidStateError, RateLimitedError],
      dataField: { name: "sent", description: "Always true." },
    },
    resolve: async (_r, _a, ctx) => {
      const v = requireSignedIn(ctx);
      const wait = await takeAll([verificationResends, v.userId]);
      if (wait > 0) throw new RateLimitedError(wait);
      await db().$transaction(async (tx) => {
        const user = await tx.user.findUniqueOrThrow({ where: { id: v.userId } });
        if (user.emailVerifiedAt)
          throw new InvalidStateError("VERIFIED", "Your e-mail address is already confirmed");
        await sendEmailToken(tx, user, "VERIFY", user.email);
      });
      return true;
    },
  }),
  notificationSettingsUpdate: t.field({
    type: AccountRef,
    description:
      "Choose which notifications to receive (the complete set; the others are switched off) and, optionally, the language of mail. Session or a token with PROFILE_WRITE. Errors: NotAuthorizedError.",
    errors: { dataField: { name: "account", description: "The account with its new settings." } },
    args: { input: t.arg({ type: SettingsInput, required: true, description: "Settings." }) },
    resolve: async (_r, { input }, ctx) => {
      const { viewer } = requireSeeker(ctx, "PROFILE_WRITE");
      const on = new Set<string>(input.enabled);
      await db().$transaction(async (tx) => {
        await tx.user.update({
          where: { id: viewer.userId },
          data: {
            mailOptOut: NOTIFICATION_KINDS.filter((k) => !on.has(k)),
            ...(input.language ? { locale: input.language } : {}),
          },
        });
        await audit(ctx, "UPDATE", "User", viewer.userId, { action: "notification_settings" }, tx);
      });
      ctx.cache.delete(`account-user:${viewer.userId}`);
      return viewer;
    },
  }),
  notificationUnsubscribe: t.field({
    type: UnsubscribedRef,
    description:
      "Switch off one kind of notification with the signed token of a mail's unsubscribe link (no sign-in; the portal page /afmelden). Rate limited: 30 per IP per 15 minutes. Errors: InvalidTokenError, RateLimitedError.",
    errors: {
      types: [InvalidTokenError, RateLimitedError],
      dataField: { name: "unsubscribed", description: "The kind switched off." },
    },
    args: { input: t.arg({ type: UnsubscribeInput, required: true, description: "The token." }) },
    resolve: async (_r, { input }, ctx) => {
      const wait = await takeAll([linkAttemptsPerIp, ctx.ip]);
      if (wait > 0) throw new RateLimitedError(wait);
      const target = readUnsubscribeToken(input.token);
      if (!target || !(await unsubscribe(db(), target.userId, target.kind))) throw new InvalidTokenError();
      return { kind: target.kind };
    },
  }),
  inboxMessageMarkRead: t.field({
    type: InboxMessage,
    description:
      "Mark a message of your inbox as read (idempotent). Session or a token with SEEKER_READ. Errors: NotAuthorizedError, NotFoundError, ValidationError (malformed id).",
    errors: {
      types: [NotFoundError, ValidationError],
      dataField: { name: "message", description: "The message." },
    },
    args: { input: t.arg({ type: MarkReadInput, required: true, description: "The message." }) },
    resolve: async (query, { input }, ctx) => {
      const { viewer } = requireSeeker(ctx, "SEEKER_READ");
      const id = decodeGlobal(String(input.id), "InboxMessage");
      await db().outboxMessage.updateMany({
        where: { id, userId: viewer.userId, inbox: true, readAt: null },
        data: { readAt: new Date() },
      });
      const row = await db().outboxMessage.findFirst({
        ...query,
        where: { id, userId: viewer.userId, inbox: true },
      });
      if (!row) throw new NotFoundError("InboxMessage");
      return row;
    },
  }),
}));
