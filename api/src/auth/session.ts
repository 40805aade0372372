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
import { db } from "../db.ts";
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

/**
 * Validate a session token: null when unknown or expired (an expired row is deleted); otherwise
 * the session with its user, its idle expiry extended when less than half remains.
 */
export async function validateSessionToken(token: string, now = new Date()) {
  const id = hashToken(token);
  const row = await db().session.findUnique({
    where: { id },
    include: { user: { include: { memberships: true, seeker: { select: { id: true } } } } },
  });
  if (!row) return null;
  if (now.getTime() >= row.expiresAt.getTime() || now.getTime() >= row.absoluteExpiresAt.getTime()) {
    await db().session.deleteMany({ where: { id } });
    return null;
  }
  if (row.expiresAt.getTime() - now.getTime() < SESSION_REFRESH_THRESHOLD_MS) {
    const expiresAt = new Date(
      Math.min(now.getTime() + SESSION_IDLE_TIMEOUT_MS, row.absoluteExpiresAt.getTime()),
    );
    await db().session.updateMany({ where: { id }, data: { expiresAt, lastSeenAt: now } });
    row.expiresAt = expiresAt;
  }
  return row;
}

/** Delete one session (sign out). */
export async function invalidateSession(sessionId: string): Promise<void> {
  await db().session.deleteMany({ where: { id: sessionId } });
}

/** Delete every session of a user (password reset, account deletion). */
export async function invalidateUserSessions(userId: string): Promise<void> {
  await db().session.deleteMany({ where: { userId } });
}
