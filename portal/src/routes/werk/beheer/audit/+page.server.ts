import type { PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { ApiError } from "$lib/server/graphql";
import { graphql, typed } from "$lib/graphql";
import { parseDate } from "$lib/parse";

/** The audit log with filters: the supervisor's view of assessors' reads and every change. */
const AUDIT = typed(
  graphql(`
    query PortalAdminAudit($filter: AuditEventFilter, $after: String) {
      auditEvents(first: 50, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            sequence
            at
            actorRole
            actorName
            actorEmail
            action
            entityType
            entityId
            detail
          }
        }
      }
    }
  `),
);

const ACTIONS = [
  "READ",
  "CREATE",
  "UPDATE",
  "DELETE",
  "DECIDE",
  "EXPORT",
  "SIGN_IN",
  "SIGN_IN_FAILED",
] as const;
const ROLES = ["ASSESSOR", "ADMINISTRATOR", "LANDLORD_STAFF", "COMMITTEE_MEMBER", "SEEKER", "ANONYMOUS"];

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams;
  const text = (k: string) => (q.get(k) ?? "").trim();
  const values = {
    actorRole: ROLES.includes(text("actorRole")) ? text("actorRole") : "",
    actorEmail: text("actorEmail").slice(0, 320),
    action: (ACTIONS as readonly string[]).includes(text("action")) ? text("action") : "",
    entityType: text("entityType").slice(0, 60),
    from: parseDate(text("from")) ?? "",
    until: parseDate(text("until")) ?? "",
  };
  const filter = {
    actorRole: values.actorRole || null,
    actorEmail: values.actorEmail || null,
    action: (values.action || null) as (typeof ACTIONS)[number] | null,
    entityType: values.entityType || null,
    from: values.from ? `${values.from}T00:00:00Z` : null,
    // `until` is inclusive of the day given.
    until: values.until ? new Date(Date.parse(`${values.until}T00:00:00Z`) + 86_400_000).toISOString() : null,
  };
  const result = await run(event, AUDIT, { filter, after: q.get("na") || null }).catch((e: unknown) => {
    if (e instanceof ApiError && e.status < 500) return null;
    throw e;
  });
  return {
    values,
    actions: ACTIONS,
    roles: ROLES,
    invalid: result === null,
    totalCount: result?.auditEvents.totalCount ?? 0,
    // The next page's query: the same filters after the last row.
    next:
      result?.auditEvents.pageInfo.hasNextPage && result.auditEvents.pageInfo.endCursor
        ? new URLSearchParams([
            ...Object.entries(values).filter(([, v]) => v),
            ["na", result.auditEvents.pageInfo.endCursor],
          ]).toString()
        : null,
    events: (result?.auditEvents.edges ?? []).map((e) => ({
      ...e.node,
      detail: e.node.detail == null ? "" : JSON.stringify(e.node.detail),
    })),
  };
};
