/**
 * Per-request authentication: the bearer token is resolved once, and the caller's roles are
 * computed once into a {@link Viewer}; the GraphQL auth scopes (schema/builder.ts) read only this.
 *
 * `Authorization: Bearer <token>` where the token is either
 * - a session token (from `sessionCreate` / `seekerRegister`): full access for its user, or
 * - a personal access token `wbt_pat_…`: a seeker's token limited to its scopes.
 * A missing, unknown, expired or revoked token makes the request anonymous (the `viewer` query
 * then returns null), never an error, so that public reads keep working.
 *
 * Acting for a seeker (gemachtigde): a session request with the header
 * `X-Woonbeurt-Acting-For: <Authorisation id>` (its global ID, or the bare uuid) from the authorisation's representative is the
 * seeker for the seeker operations the authorisation's scopes allow (READ → SEEKER_READ,
 * RESPOND → RESPONSES_WRITE, URGENCY_APPLICATION → URGENCY_READ and urgency writes), and nothing
 * else: no staff roles, no session-only operations. `userId` stays the representative's, so the
 * audit log names them; every audited write re-checks the authorisation inside its transaction
 * (guards.ts `audit`). An unknown, expired, revoked or foreign authorisation makes the request
 * the representative's own (not acting for anyone), so seeker operations are refused.
 */
import type { RepresentativeScope, StaffRole, TokenScope } from "@woonbeurt/db";
import { db } from "../db.ts";
import type { ViewerSeekerRow } from "../schema/core.ts";
import { validateSessionToken } from "./session.ts";
import { hashToken, PAT_PREFIX } from "./tokens.ts";

export interface Membership {
  organisationId: string;
  role: StaffRole;
  woongroepId: string | null;
}

/** The authenticated caller of one request. */
export interface Viewer {
  userId: string;
  kind: "SEEKER" | "STAFF";
  email: string;
  displayName: string;
  /** The seeker profile of a seeker account. */
  seekerId: string | null;
  memberships: Membership[];
  /** How the caller authenticated; REPRESENTATIVE = a session acting for a seeker (see actingFor). */
  via: "SESSION" | "TOKEN" | "REPRESENTATIVE";
  /** Session id (hash) when `via` is SESSION. */
  sessionId: string | null;
  /** Personal access token id when `via` is TOKEN. */
  tokenId: string | null;
  /** Scopes of the personal access token (or the authorisation's, mapped); null for a session (everything the user may do). */
  tokenScopes: TokenScope[] | null;
  /** The authorisation (machtiging) the caller acts under, when `via` is REPRESENTATIVE; else null. */
  actingFor?: { authorisationId: string; seekerId: string; scopes: RepresentativeScope[] } | null;
  /**
   * The user's own seeker row and ranking inputs as the session statement read them, for this
   * request only (schema/core.ts `viewerSeekerRow` uses them when `seekerId` is that seeker's).
   */
  seekerRow?: ViewerSeekerRow | null;
}

/** Request header naming the Authorisation a representative acts under. */
export const ACTING_FOR_HEADER = "x-woonbeurt-acting-for";

/** The seeker capabilities each representative scope grants (the same checks as token scopes). */
export const REPRESENTATIVE_TOKEN_SCOPES: Record<RepresentativeScope, TokenScope[]> = {
  READ: ["SEEKER_READ"],
  RESPOND: ["RESPONSES_WRITE"],
  URGENCY_APPLICATION: ["URGENCY_READ"],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The uuid of an `Authorisation` global ID (base64 of `Authorisation:<uuid>`), else null. */
function fromGlobalId(value: string): string | null {
  if (value.length > 100) return null;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const m = /^Authorisation:(.+)$/.exec(decoded);
  return m && UUID.test(m[1]!) ? m[1]! : null;
}

/**
 * Turn a representative's session viewer into one acting for the seeker of `authorisationId`
 * when that authorisation is theirs, unrevoked and not past `validUntil`; else the viewer as is.
 */
async function actAs(viewer: Viewer, header: string, now: Date): Promise<Viewer> {
  const authorisationId = UUID.test(header) ? header : fromGlobalId(header);
  if (!authorisationId) return { ...viewer, seekerId: null, memberships: [] };
  const a = await db().authorisation.findFirst({
    where: {
      id: authorisationId,
      representativeUserId: viewer.userId,
      revokedAt: null,
      validUntil: { gt: now },
    },
    select: { id: true, seekerId: true, scopes: true },
  });
  if (!a) return { ...viewer, seekerId: null, memberships: [] };
  return {
    ...viewer,
    seekerId: a.seekerId,
    memberships: [],
    via: "REPRESENTATIVE",
    tokenScopes: [...new Set(a.scopes.flatMap((s) => REPRESENTATIVE_TOKEN_SCOPES[s]))],
    actingFor: { authorisationId: a.id, seekerId: a.seekerId, scopes: a.scopes },
  };
}

/** The GraphQL context. Holds no database client (see db.ts). */
export interface Context {
  viewer: Viewer | null;
  /** Client IP: the TCP peer, or the hop a trusted proxy appended (see `clientIp` in server.ts). */
  ip: string;
  userAgent: string | null;
  /** Per-request memo for loaders (batching) and values computed once. */
  cache: Map<string, unknown>;
}

/** A personal access token row with its user's fields and seeker id (one statement). */
interface PatRow {
  id: string;
  scopes: TokenScope[];
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  userId: string;
  kind: "SEEKER" | "STAFF";
  email: string;
  displayName: string;
  seekerId: string | null;
}

/** Update `lastUsedAt` of a personal access token at most once a minute. */
const PAT_LAST_USED_RESOLUTION_MS = 60_000;

/** Resolve the bearer token of a request into a viewer (or null). */
export async function authenticate(
  authorization: string | null,
  now = new Date(),
  actingFor: string | null = null,
): Promise<Viewer | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return null;
  const token = match[1]!;
  if (token.length > 200) return null;
  if (token.startsWith(PAT_PREFIX)) {
    // One statement: the token with its user and the user's seeker id (a token never carries
    // staff roles, so memberships are not read).
    const [row] = await db().$queryRaw<PatRow[]>`
      SELECT t.id, t.scopes::text[] AS scopes, t."lastUsedAt", t."expiresAt", t."revokedAt",
             u.id AS "userId", u.kind::text AS kind, u.email, u."displayName",
             (SELECT se.id FROM "Seeker" se WHERE se."userId" = u.id) AS "seekerId"
        FROM "PersonalAccessToken" t JOIN "User" u ON u.id = t."userId"
       WHERE t."tokenHash" = ${hashToken(token)}`;
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > PAT_LAST_USED_RESOLUTION_MS) {
      // Conditional, so that of a burst of parallel requests only the first writes; updateMany
      // does not throw when the token was deleted meanwhile.
      const stale = new Date(now.getTime() - PAT_LAST_USED_RESOLUTION_MS);
      await db().personalAccessToken.updateMany({
        where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: stale } }] },
        data: { lastUsedAt: now },
      });
    }
    return {
      userId: row.userId,
      kind: row.kind,
      email: row.email,
      displayName: row.displayName,
      seekerId: row.seekerId,
      // tokens act for the seeker only: staff roles are never granted through a token
      memberships: [],
      via: "TOKEN",
      sessionId: null,
      tokenId: row.id,
      tokenScopes: row.scopes,
    };
  }
  const session = await validateSessionToken(token, now);
  if (!session) return null;
  const u = session.user;
  const viewer: Viewer = {
    userId: u.id,
    kind: u.kind,
    email: u.email,
    displayName: u.displayName,
    seekerId: u.seeker?.id ?? null,
    memberships: u.memberships.map((m) => ({
      organisationId: m.organisationId,
      role: m.role,
      woongroepId: m.woongroepId,
    })),
    via: "SESSION",
    sessionId: session.id,
    tokenId: null,
    tokenScopes: null,
    seekerRow: u.seeker?.row ?? null,
  };
  return actingFor ? actAs(viewer, actingFor.trim(), now) : viewer;
}

/**
 * Whether the viewer may use a seeker capability (a session may; a token needs the scope; a
 * representative needs the scope through their authorisation). URGENCY_WRITE (create, update,
 * submit, withdraw an urgency application) is for the seeker's session and for a representative
 * with URGENCY_APPLICATION, never for a personal access token.
 */
export function hasSeekerScope(
  viewer: Viewer | null,
  scope: TokenScope | "SESSION_ONLY" | "URGENCY_WRITE",
): boolean {
  if (!viewer?.seekerId) return false;
  if (viewer.via === "SESSION") return true;
  if (scope === "SESSION_ONLY") return false;
  if (scope === "URGENCY_WRITE")
    return viewer.via === "REPRESENTATIVE" && !!viewer.actingFor?.scopes.includes("URGENCY_APPLICATION");
  return (viewer.tokenScopes ?? []).includes(scope);
}

export const hasRole = (viewer: Viewer | null, role: StaffRole, organisationId?: string): boolean =>
  !!viewer?.memberships.some(
    (m) => m.role === role && (organisationId === undefined || m.organisationId === organisationId),
  );

/** Organisations where the viewer is landlord staff. */
export const landlordOrgIds = (viewer: Viewer | null): string[] =>
  viewer?.memberships.filter((m) => m.role === "LANDLORD_STAFF").map((m) => m.organisationId) ?? [];

/** Woongroepen the viewer sits on the committee of. */
export const committeeWoongroepIds = (viewer: Viewer | null): string[] =>
  viewer?.memberships
    .filter((m) => m.role === "COMMITTEE_MEMBER" && m.woongroepId)
    .map((m) => m.woongroepId!) ?? [];

/** Role name written to the audit log. */
export function actorRole(viewer: Viewer | null, preferred?: StaffRole): string {
  if (!viewer) return "ANONYMOUS";
  if (preferred && hasRole(viewer, preferred)) return preferred;
  if (viewer.via === "REPRESENTATIVE") return "REPRESENTATIVE";
  if (viewer.seekerId) return viewer.via === "TOKEN" ? "SEEKER_TOKEN" : "SEEKER";
  return viewer.memberships[0]?.role ?? "STAFF";
}
