/**
 * The mail outbox (uitgaande post): mails are written to `OutboxMessage` in the same transaction as
 * the event that causes them (`enqueueMail`), and a job (`deliverOutbox`, registered in jobs.ts)
 * sends them through SMTP with nodemailer (`SMTP_URL`, e.g. `smtp://127.0.0.1:2525`). When the
 * mail server is down nothing is lost: a failed message is retried with exponential backoff (1 min,
 * 2, 4, … capped at 6 h; after MAX_ATTEMPTS it is FAILED and stays visible to operators).
 *
 * Claiming: one statement marks a batch of due PENDING messages with a lease (`nextAttemptAt` moved
 * LEASE_MS ahead, `attempts + 1`), choosing them with `FOR UPDATE SKIP LOCKED`, so two processes
 * never take the same message; a process that dies while sending leaves the lease to expire and the
 * message is tried again.
 *
 * Without SMTP_URL: outside production the mail is written to the server log (development); in
 * production messages stay PENDING and a warning is logged, so nothing is lost until a server is
 * configured.
 *
 * A notification for an account whose address is not confirmed is written as INBOX_ONLY: shown in
 * the portal inbox, never mailed.
 *
 * Notification kinds carry RFC 8058 one-click unsubscribe headers (`List-Unsubscribe` with the API's
 * POST endpoint and the portal page, `List-Unsubscribe-Post: List-Unsubscribe=One-Click`), and are
 * skipped at enqueue time for a recipient who unsubscribed from the kind (`User.mailOptOut`).
 */
import { createHash, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import type { Db, MailKind } from "@woonbeurt/db";
import type { Tx } from "../db.ts";
import {
  isNotificationKind,
  mailContent,
  portalBase,
  renderContent,
  SECRET_KINDS,
  unsubscribeFooter,
  type MailLocale,
  type MailParams,
  type NotificationKind,
} from "./messages.ts";

/** Attempts before a message is given up (state FAILED). */
export const MAX_ATTEMPTS = 10;
/** How long a claimed message is reserved for the process sending it (ms). */
export const LEASE_MS = 5 * 60_000;
/** Messages per delivery run. */
const BATCH = 50;
/** Sender address: MAIL_FROM, default "Woonbeurt <noreply@woonbeurt.invalid>". */
export const mailFrom = () => process.env.MAIL_FROM ?? "Woonbeurt <noreply@woonbeurt.invalid>";

/** Backoff after the n-th failed attempt (n ≥ 1): 1 min × 2^(n-1), at most 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
}

const localeOf = (l: string | null | undefined): MailLocale => (l === "en" ? "en" : "nl");

/** What to enqueue: the kind with its parameters, and the recipient. */
export interface MailRequest<K extends MailKind = MailKind> {
  kind: K;
  params: MailParams[K];
  /** Recipient address. */
  to: string;
  /** Recipient account (notifications: needed for the inbox, unsubscribe and opt-out). */
  userId?: string | null;
  /** Language: the recipient's choice (User.locale); Dutch unless "en". */
  locale?: string | null;
  /** Once-only key: a second mail with the same key is not written. */
  dedupeKey?: string;
}

/**
 * Write a mail to the outbox inside the caller's transaction (so it exists exactly when the event
 * does). Notification kinds also appear in the recipient's portal inbox, and are skipped (returns
 * null) when the recipient unsubscribed from the kind or the dedupe key was used before.
 * @returns the outbox message id, or null when skipped
 */
export async function enqueueMail<K extends MailKind>(tx: Tx, m: MailRequest<K>): Promise<string | null> {
  const locale = localeOf(m.locale);
  const notification = isNotificationKind(m.kind);
  // a notification to an unconfirmed address goes to the inbox only (schema/account.ts)
  let state: "PENDING" | "INBOX_ONLY" = "PENDING";
  if (notification && m.userId) {
    const user = await tx.user.findUnique({
      where: { id: m.userId },
      select: { mailOptOut: true, emailVerifiedAt: true },
    });
    if (!user || user.mailOptOut.includes(m.kind)) return null;
    if (!user.emailVerifiedAt) state = "INBOX_ONLY";
  }
  const content = mailContent(m.kind, locale, m.params);
  const footer =
    notification && m.userId
      ? unsubscribeFooter(locale, unsubscribePageUrl(m.userId, m.kind), `${portalBase()}/account/meldingen`)
      : undefined;
  const r = renderContent(content, locale, footer);
  if (m.dedupeKey) {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "OutboxMessage" (id, kind, "userId", "toAddress", locale, subject, "textBody", "htmlBody", inbox, "dedupeKey", state)
      VALUES (gen_random_uuid(), ${m.kind}::"MailKind", ${m.userId ?? null}::uuid, ${m.to}, ${locale}, ${r.subject}, ${r.text}, ${r.html}, ${notification && !!m.userId}, ${m.dedupeKey}, ${state}::"OutboxState")
      ON CONFLICT ("dedupeKey") DO NOTHING RETURNING id`;
    if (rows[0]) mailQueued();
    return rows[0]?.id ?? null;
  }
  const row = await tx.outboxMessage.create({
    data: {
      kind: m.kind,
      userId: m.userId ?? null,
      toAddress: m.to,
      locale,
      subject: r.subject,
      textBody: r.text,
      htmlBody: r.html,
      inbox: notification && !!m.userId,
      state,
    },
    select: { id: true },
  });
  mailQueued();
  return row.id;
}

/**
 * Write one notification per recipient account in two statements (recipients, then one insert),
 * inside the caller's transaction: for events that reach many seekers at once (a listing closing).
 * Unsubscribed recipients are skipped; unverified ones get the message in the inbox only.
 * @returns how many were written
 */
export async function enqueueNotifications<K extends NotificationKind>(
  tx: Tx,
  kind: K,
  items: { userId: string; params: MailParams[K] }[],
): Promise<number> {
  if (!items.length) return 0;
  const users = await tx.user.findMany({
    where: { id: { in: items.map((i) => i.userId) } },
    select: { id: true, email: true, locale: true, mailOptOut: true, emailVerifiedAt: true },
  });
  const byId = new Map(users.map((u) => [u.id, u]));
  const data = items.flatMap((i) => {
    const u = byId.get(i.userId);
    if (!u || u.mailOptOut.includes(kind)) return [];
    const locale = localeOf(u.locale);
    const r = renderContent(
      mailContent(kind, locale, i.params),
      locale,
      unsubscribeFooter(locale, unsubscribePageUrl(u.id, kind), `${portalBase()}/account/meldingen`),
    );
    return [
      {
        kind,
        userId: u.id,
        toAddress: u.email,
        locale,
        subject: r.subject,
        textBody: r.text,
        htmlBody: r.html,
        inbox: true,
        state: u.emailVerifiedAt ? ("PENDING" as const) : ("INBOX_ONLY" as const),
      },
    ];
  });
  if (data.length) {
    await tx.outboxMessage.createMany({ data });
    mailQueued();
  }
  return data.length;
}

// --- one-click unsubscribe tokens -----------------------------------------------------------

let linkKey: Buffer | null = null;
/**
 * Key signing unsubscribe links: MAIL_KEY (base64, 32 bytes) when set, else derived (HKDF-SHA256)
 * from LOTTERY_KEY, else a public development key (outside production only; LOTTERY_KEY is required
 * there anyway).
 */
function mailLinkKey(): Buffer {
  if (linkKey) return linkKey;
  const raw = process.env.MAIL_KEY ?? process.env.LOTTERY_KEY;
  const master = raw
    ? Buffer.from(raw, "base64")
    : createHash("sha256").update("woonbeurt-development-mail-key-NOT-SECRET").digest();
  linkKey = Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), "woonbeurt mail unsubscribe v1", 32));
  return linkKey;
}

/** A signed token naming an account and a notification kind: `<base64url(userId.kind)>.<mac>`. */
export function unsubscribeToken(userId: string, kind: MailKind): string {
  const body = Buffer.from(`${userId}.${kind}`).toString("base64url");
  const mac = createHmac("sha256", mailLinkKey()).update(body).digest("base64url").slice(0, 32);
  return `${body}.${mac}`;
}

/** The account and kind of a valid unsubscribe token; null when forged or malformed. */
export function readUnsubscribeToken(token: string): { userId: string; kind: MailKind } | null {
  const [body, mac, ...rest] = token.split(".");
  if (!body || !mac || rest.length) return null;
  const want = createHmac("sha256", mailLinkKey()).update(body).digest("base64url").slice(0, 32);
  if (mac.length !== want.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(want))) return null;
  const [userId, kind] = Buffer.from(body, "base64url").toString().split(".");
  if (!userId || !kind || !isNotificationKind(kind)) return null;
  return { userId, kind };
}

/** The portal page that unsubscribes without sign-in. */
export function unsubscribePageUrl(userId: string, kind: MailKind): string {
  return `${portalBase()}/afmelden?token=${unsubscribeToken(userId, kind)}`;
}

/** The API endpoint mail clients POST to for RFC 8058 one-click unsubscribe (API_PUBLIC_URL). */
export function unsubscribeApiUrl(userId: string, kind: MailKind): string {
  const api = (process.env.API_PUBLIC_URL ?? `http://127.0.0.1:${process.env.API_PORT ?? 4000}`).replace(
    /\/graphql$/,
    "",
  );
  return `${api}/unsubscribe?token=${unsubscribeToken(userId, kind)}`;
}

// --- delivery ---------------------------------------------------------------------------------

let transport: Transporter | null | undefined;
let warned = false;

/** The SMTP transport from SMTP_URL; null when unset. Tests pass their own to deliverOutbox. */
export function transportFromEnv(): Transporter | null {
  if (transport !== undefined) return transport;
  transport = process.env.SMTP_URL ? nodemailer.createTransport(process.env.SMTP_URL) : null;
  return transport;
}

/** What a delivery run did. */
export interface DeliveryReport {
  sent: number;
  /** Failed attempts (retried later unless given up). */
  failed: number;
  /** Messages given up after MAX_ATTEMPTS. */
  givenUp: number;
}

interface Claimed {
  id: string;
  kind: MailKind;
  userId: string | null;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  attempts: number;
}

/**
 * Send due PENDING messages (one batch). Safe with several processes at once (SKIP LOCKED claim).
 * @param options.transport nodemailer transport (default: from SMTP_URL; without one, see module doc)
 */
export async function deliverOutbox(
  db: Db,
  now: Date = new Date(),
  options: { transport?: Transporter | null } = {},
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, failed: 0, givenUp: 0 };
  const t = options.transport !== undefined ? options.transport : transportFromEnv();
  const logOnly = !t && process.env.NODE_ENV !== "production";
  if (!t && !logOnly) {
    if (!warned) console.warn("[mail] SMTP_URL is not set: mail stays in the outbox until it is");
    warned = true;
    return report;
  }
  const claimed = await db.$queryRaw<Claimed[]>`
    UPDATE "OutboxMessage" SET attempts = attempts + 1, "nextAttemptAt" = ${new Date(now.getTime() + LEASE_MS)}
    WHERE id IN (
      SELECT id FROM "OutboxMessage" WHERE state = 'PENDING' AND "nextAttemptAt" <= ${now}
      ORDER BY "nextAttemptAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
    RETURNING id, kind, "userId", "toAddress", subject, "textBody", "htmlBody", attempts`;
  for (const m of claimed) {
    try {
      if (t) {
        const headers: Record<string, string> = {};
        if (isNotificationKind(m.kind) && m.userId) {
          headers["List-Unsubscribe"] =
            `<${unsubscribeApiUrl(m.userId, m.kind)}>, <${unsubscribePageUrl(m.userId, m.kind)}>`;
          headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
        }
        await t.sendMail({
          from: mailFrom(),
          to: m.toAddress,
          subject: m.subject,
          text: m.textBody,
          html: m.htmlBody,
          headers,
        });
      } else {
        console.info(`[mail] to=${m.toAddress} subject=${JSON.stringify(m.subject)}\n${m.textBody}`);
      }
      const secret = SECRET_KINDS.includes(m.kind);
      await db.outboxMessage.update({
        where: { id: m.id },
        data: {
          state: "SENT",
          sentAt: new Date(),
          lastError: null,
          // a secret link is not kept once it left
          ...(secret ? { textBody: "", htmlBody: "" } : {}),
        },
      });
      report.sent += 1;
    } catch (e) {
      const giveUp = m.attempts >= MAX_ATTEMPTS;
      report.failed += 1;
      if (giveUp) report.givenUp += 1;
      await db.outboxMessage.update({
        where: { id: m.id },
        data: {
          state: giveUp ? "FAILED" : "PENDING",
          nextAttemptAt: new Date(now.getTime() + backoffMs(m.attempts)),
          lastError: String((e as Error)?.message ?? e).slice(0, 500),
        },
      });
    }
  }
  return report;
}

// --- waking the delivery soon after a mail was written ---------------------------------------

let waker: (() => void) | null = null;
/** Called by enqueueMail; lets a running job queue (queue.ts) deliver within seconds. */
function mailQueued() {
  if (waker) setTimeout(waker, 200).unref();
}
/** Register (or clear) the function that starts a delivery run soon. */
export function onMailQueued(fn: (() => void) | null) {
  waker = fn;
}
