/** Authorization helpers for resolvers (throwing typed NotAuthorizedError) and the audit log. */
import type { AuditAction, Prisma } from "@woonbeurt/db";
import {
  actorRole,
  committeeWoongroepIds,
  hasRole,
  hasSeekerScope,
  landlordOrgIds,
  type Context,
  type Viewer,
} from "../auth/context.ts";
import type { TokenScope, StaffRole } from "@woonbeurt/db";
import { db, type Tx } from "../db.ts";
import { NotAuthorizedError } from "./errors.ts";
import type { Actor } from "../lifecycle.ts";

/** The seeker id of the caller when they may use `scope`; else NotAuthorizedError. */
export function requireSeeker(
  ctx: Context,
  scope: TokenScope | "SESSION_ONLY" | "URGENCY_WRITE",
): { viewer: Viewer; seekerId: string } {
  if (!ctx.viewer) throw new NotAuthorizedError("Sign in first");
  if (!hasSeekerScope(ctx.viewer, scope)) {
    throw new NotAuthorizedError(
      ctx.viewer.via === "REPRESENTATIVE"
        ? "Your authorisation (machtiging) does not allow this"
        : ctx.viewer.seekerId
          ? scope === "SESSION_ONLY"
            ? "This action needs a signed-in session; personal access tokens cannot do it"
            : scope === "URGENCY_WRITE"
              ? "This action needs a signed-in session"
              : `This personal access token lacks the scope ${scope}`
          : "Only seekers can do this",
    );
  }
  return { viewer: ctx.viewer, seekerId: ctx.viewer.seekerId! };
}

/**
 * Refuse a representative (gemachtigde) acting for a seeker: for decisions the seeker takes
 * themselves (answering an offer). Errors: NotAuthorizedError.
 */
export function refuseRepresentative(ctx: Context, message: string): void {
  if (ctx.viewer?.via === "REPRESENTATIVE") throw new NotAuthorizedError(message);
}

export function requireSignedIn(ctx: Context): Viewer {
  if (!ctx.viewer) throw new NotAuthorizedError("Sign in first");
  return ctx.viewer;
}

/** Landlord staff of `organisationId`. */
export function requireLandlordOf(ctx: Context, organisationId: string): Viewer {
  const v = requireSignedIn(ctx);
  if (!landlordOrgIds(v).includes(organisationId))
    throw new NotAuthorizedError("Only staff of the listing's landlord can do this");
  return v;
}

export function requireRole(ctx: Context, role: StaffRole): Viewer {
  const v = requireSignedIn(ctx);
  if (!hasRole(v, role))
    throw new NotAuthorizedError(`Only a ${role.toLowerCase().replace("_", " ")} can do this`);
  return v;
}

export function requireCommitteeOf(ctx: Context, woongroepId: string | null | undefined): Viewer {
  const v = requireSignedIn(ctx);
  if (!woongroepId || !committeeWoongroepIds(v).includes(woongroepId))
    throw new NotAuthorizedError("Only the woongroep's committee can do this");
  return v;
}

/**
 * For a representative (gemachtigde): lock the authorisation the request acts under and check,
 * inside `tx`, that it is still unrevoked and before its end date (a revocation committed after
 * the request was authenticated wins). No-op for everyone else. Errors: NotAuthorizedError.
 */
export async function checkActingFor(ctx: Context, tx: Tx): Promise<void> {
  const a = ctx.viewer?.actingFor;
  if (!a) return;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Authorisation"
    WHERE id = ${a.authorisationId}::uuid AND "revokedAt" IS NULL AND "validUntil" > now()
    FOR SHARE`;
  if (rows.length === 0) throw new NotAuthorizedError("Your authorisation (machtiging) has ended");
}

/**
 * Append to the audit log (inside `tx` when given). For a representative the entry names the
 * seeker acted for and the authorisation in `detail.onBehalfOf`, and a write inside `tx` first
 * re-checks the authorisation ({@link checkActingFor}); the representative is the actor.
 */
export async function audit(
  ctx: Context,
  action: AuditAction,
  entityType: string,
  entityId: string,
  detail?: Prisma.InputJsonValue,
  tx?: Tx,
  role?: StaffRole,
): Promise<void> {
  const acting = ctx.viewer?.actingFor;
  if (acting && tx) await checkActingFor(ctx, tx);
  const onBehalfOf = acting
    ? { seekerId: acting.seekerId, authorisationId: acting.authorisationId }
    : undefined;
  await (tx ?? db()).auditLog.create({
    data: {
      actorUserId: ctx.viewer?.userId ?? null,
      actorRole: actorRole(ctx.viewer, role),
      action,
      entityType,
      entityId,
      detail: onBehalfOf
        ? ({
            ...(detail === undefined || detail === null
              ? {}
              : typeof detail === "object" && !Array.isArray(detail)
                ? detail
                : { value: detail }),
            onBehalfOf,
          } as Prisma.InputJsonValue)
        : (detail ?? undefined),
      ip: ctx.ip || null,
    },
  });
}

/** The caller as an audit actor for the shared transitions in lifecycle.ts. */
export function actorFromContext(ctx: Context, role?: StaffRole): Actor {
  return { userId: ctx.viewer?.userId ?? null, role: actorRole(ctx.viewer, role), ip: ctx.ip || null };
}

/** Whether a Prisma error is a unique-constraint violation (P2002). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}
