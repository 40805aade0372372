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
  scope: TokenScope | "SESSION_ONLY",
): { viewer: Viewer; seekerId: string } {
  if (!ctx.viewer) throw new NotAuthorizedError("Sign in first");
  if (!hasSeekerScope(ctx.viewer, scope)) {
    throw new NotAuthorizedError(
      ctx.viewer.seekerId
        ? scope === "SESSION_ONLY"
          ? "This action needs a signed-in session; personal access tokens cannot do it"
          : `This personal access token lacks the scope ${scope}`
        : "Only seekers can do this",
    );
  }
  return { viewer: ctx.viewer, seekerId: ctx.viewer.seekerId! };
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

/** Append to the audit log (inside `tx` when given). */
export async function audit(
  ctx: Context,
  action: AuditAction,
  entityType: string,
  entityId: string,
  detail?: Prisma.InputJsonValue,
  tx?: Tx,
  role?: StaffRole,
): Promise<void> {
  await (tx ?? db()).auditLog.create({
    data: {
      actorUserId: ctx.viewer?.userId ?? null,
      actorRole: actorRole(ctx.viewer, role),
      action,
      entityType,
      entityId,
      detail: detail ?? undefined,
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
