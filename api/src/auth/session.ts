/**
 * Sessions, following Lucia's guide (https://lucia-auth.com/sessions/basic) with @oslojs.
 *
 * - The token (32 random bytes, base32) is returned to the client once; the database stores only
 *   `Session.id = hex(SHA-256(token))`.
 * - Sliding idle timeout: a session expires {@link SESSION_IDLE_TIMEOUT_MS} (30 days) after it was
 *   last used. When less than half of that remains ({@link SESSION_REFRESH_THRESHOLD_MS}, 15 days),
 *   using the session extends it again to 30 days from now — at most one database write per
 *   15 days per session.
 * - Absolute lifetime: {@link SESSION_ABSOLUTE_LIFETIME_MS} (90 days) after sign-in the session
 *   ends whatever its use; the idle expiry is never extended past it.
 * - Every sign-in (and registration, and password reset) creates a new session with a new token
 *   (no session fixation). Signing out deletes the session row; a password reset deletes all of
 *   the user's sessions.
 */
import { Prisma, type AccountKind, type StaffRole } from "@woonbeurt/db";
import { db, readRows } from "../db.ts";
import {
  viewerSeekerFromJson,
  viewerSeekerSql,
  type ViewerSeekerJson,
  type ViewerSeekerRow,
} from "../schema/core.ts";
import { generateToken, hashToken } from "./tokens.ts";

const DAY = 24 * 60 * 60 * 1000;
/** Idle timeout: 30 days without use ends a session. */
export const SESSION_IDLE_TIMEOUT_MS = 30 * DAY;
/** Refresh the idle expiry when less than this remains (half the idle timeout, 15 days). */
export const SESSION_REFRESH_THRESHOLD_MS = SESSION_IDLE_TIMEOUT_MS / 2;
/** Absolute lifetime: 90 days after creation a session ends, used or not. */
export const SESSION_ABSOLUTE_LIFETIME_MS = 90 * DAY;

export interface SessionRecord {
  id: string;
  userId: string;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  createdAt: Date;
}

/** Create a session for a user. Returns the token (give it to the client; it is not stored). */
export async function createSession(userId: string, userAgent: string | null = null, now = new Date()) {
  const token = generateToken();
  const id = hashToken(token);
  const absoluteExpiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_LIFETIME_MS);
  const session = await db().session.create({
    data: {
      id,
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(Math.min(now.getTime() + SESSION_IDLE_TIMEOUT_MS, absoluteExpiresAt.getTime())),
      absoluteExpiresAt,
      userAgent: userAgent?.slice(0, 300) ?? null,
    },
  });
  return { token, session };
}

/** A staff membership as the viewer needs it. */
export interface SessionMembership {
  organisationId: string;
  role: StaffRole;
  woongroepId: string | null;
}

/** A valid session with the user fields, memberships and seeker id the request's viewer needs. */
export interface ValidSession extends SessionRecord {
  user: {
    id: string;
    kind: AccountKind;
    email: string;
    displayName: string;
    /** The user's staff memberships, oldest first. */
    memberships: SessionMembership[];
    /** The user's seeker: its id, and its row and ranking inputs as read with the session. */
    seeker: { id: string; row: ViewerSeekerRow } | null;
  };
}

interface SessionJoinRow {
  id: string;
  userId: string;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  createdAt: Date;
  kind: AccountKind;
  email: string;
  displayName: string;
  seekerRow: ViewerSeekerJson | null;
  memberships: SessionMembership[] | null;
}

/**
 * Validate a session token: null when unknown or expired (an expired row is deleted); otherwise
 * the session with its user, its idle expiry extended when less than half remains.
 *
 * One statement for a valid session that needs no refresh: the session, its user, the user's
 * memberships and (for a seeker) the seeker's row and ranking inputs, which carry its id
 * (schema/core.ts `viewerSeekerSql`, so that a seeker's request needs no statement of its own
 * for them), are read together; the idle-expiry update (at most once per
 * {@link SESSION_REFRESH_THRESHOLD_MS}) and the deletion of an expired row are a second one.
 */
export async function validateSessionToken(token: string, now = new Date()): Promise<ValidSession | null> {
  const id = hashToken(token);
  const [row] = await readRows<SessionJoinRow>(Prisma.sql`
    SELECT sess.id, sess."userId", sess."expiresAt", sess."absoluteExpiresAt", sess."createdAt",
           usr.kind::text AS kind, usr.email, usr."displayName",
           -- (viewerSeekerSql names its own tables s, u and p)
           (SELECT row_to_json(v) FROM (${viewerSeekerSql(Prisma.sql`s."userId" = usr.id`)}) v) AS "seekerRow",
           (SELECT json_agg(json_build_object('organisationId', m."organisationId", 'role', m.role,
                                              'woongroepId', m."woongroepId") ORDER BY m."createdAt", m.id)
              FROM "StaffMembership" m WHERE m."userId" = usr.id) AS memberships
      FROM "Session" sess JOIN "User" usr ON usr.id = sess."userId"
     WHERE sess.id = ${id}`);
  if (!row) return null;
  if (now.getTime() >= row.expiresAt.getTime() || now.getTime() >= row.absoluteExpiresAt.getTime()) {
    await db().session.deleteMany({ where: { id } });
    return null;
  }
  const session: ValidSession = {
    id: row.id,
    userId: row.userId,
    expiresAt: row.expiresAt,
    absoluteExpiresAt: row.absoluteExpiresAt,
    createdAt: row.createdAt,
    user: {
      id: row.userId,
      kind: row.kind,
      email: row.email,
      displayName: row.displayName,
      memberships: row.memberships ?? [],
      seeker: row.seekerRow ? { id: row.seekerRow.id, row: viewerSeekerFromJson(row.seekerRow) } : null,
    },
  };
  if (row.expiresAt.getTime() - now.getTime() < SESSION_REFRESH_THRESHOLD_MS) {
    const expiresAt = new Date(
      Math.min(now.getTime() + SESSION_IDLE_TIMEOUT_MS, row.absoluteExpiresAt.getTime()),
    );
    // one statement (no transaction around it); no error when the row was deleted meanwhile
    await db()
      .$executeRaw`UPDATE "Session" SET "expiresAt" = ${expiresAt}, "lastSeenAt" = ${now} WHERE id = ${id}`;
    session.expiresAt = expiresAt;
  }
  return session;
}

/** Delete one session (sign out). */
export async function invalidateSession(sessionId: string): Promise<void> {
  await db().session.deleteMany({ where: { id: sessionId } });
}

/** Delete every session of a user (password reset, account deletion). */
export async function invalidateUserSessions(userId: string): Promise<void> {
  await db().session.deleteMany({ where: { userId } });
}
