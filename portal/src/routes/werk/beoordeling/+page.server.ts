import type { PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";

/** The assessor's queue: oldest submission first, filtered by status and category. */
const QUEUE = typed(
  graphql(`
    query PortalAssessorQueue($statuses: [UrgencyStatus!], $categories: [UrgencyCategory!], $after: String) {
      urgencyApplicationQueue(first: 25, after: $after, statuses: $statuses, categories: $categories) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            category
            status
            submittedAt
            informationRequestedAt
            documents {
              id
            }
            applicant {
              firstName
              lastName
            }
          }
        }
      }
    }
  `),
);

/** Statuses an assessor can filter on (DRAFT never reaches the queue). */
const QUEUE_STATUSES = ["SUBMITTED", "IN_REVIEW", "GRANTED", "REJECTED", "WITHDRAWN"] as const;
type QueueStatus = (typeof QUEUE_STATUSES)[number];
const CATEGORIES = [
  "CHRONIC_MEDICAL",
  "DUUP_EXIT_PROGRAMME",
  "HARDSHIP_CLAUSE",
  "LEAVING_DETENTION",
  "LEAVING_DOMESTIC_VIOLENCE_SHELTER",
  "LEAVING_HOMELESS_SHELTER",
  "LEAVING_MENTAL_HEALTH_CARE",
  "LEAVING_PROTECTED_LIVING",
  "LEAVING_YOUTH_CARE",
  "MANTELZORG",
  "SOCIAL_FINANCIAL",
  "SOCIAL_RELATIONSHIP_WITH_CHILDREN",
  "STATUSHOUDER",
  "UNINHABITABLE_DWELLING",
  "URBAN_RENEWAL",
] as const;

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams;
  const statuses = q
    .getAll("status")
    .filter((s): s is QueueStatus => (QUEUE_STATUSES as readonly string[]).includes(s));
  const category = q.get("categorie") ?? "";
  const categories = (CATEGORIES as readonly string[]).includes(category)
    ? [category as (typeof CATEGORIES)[number]]
    : null;
  const after = q.get("na") || null;
  const { urgencyApplicationQueue: queue } = await run(event, QUEUE, {
    statuses: statuses.length ? statuses : null,
    categories,
    after,
  });
  // Age in whole days since submission, on the server's clock (the page is rendered per request).
  const now = Date.now();
  const rows = queue.edges.map(({ node }) => ({
    ...node,
    ageDays: node.submittedAt ? Math.floor((now - Date.parse(node.submittedAt)) / 86_400_000) : 0,
  }));
  return {
    rows,
    totalCount: queue.totalCount,
    // The next page's query: the same filters after the last row.
    next:
      queue.pageInfo.hasNextPage && queue.pageInfo.endCursor
        ? new URLSearchParams([
            ...statuses.map((s) => ["status", s]),
            ...(categories ? [["categorie", category]] : []),
            ["na", queue.pageInfo.endCursor],
          ]).toString()
        : null,
    filters: { statuses: statuses.length ? statuses : ["SUBMITTED", "IN_REVIEW"], category },
    statusOptions: QUEUE_STATUSES,
    categoryOptions: CATEGORIES,
  };
};
