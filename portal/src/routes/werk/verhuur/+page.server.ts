import type { PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";

const PAGE_SIZE = 25;
const STATUSES = ["DRAFT", "PUBLISHED", "CLOSED", "OFFERING", "LET", "WITHDRAWN"] as const;
const MODELS = ["AANBOD", "LOTERIJ", "WOONGROEP", "BEMIDDELING"] as const;
/** Longest search text the API accepts (`staffListings(search:)`). */
const SEARCH_MAX = 100;

/**
 * The landlord's listings in every state (`staffListings`), newest first, with the filters of the
 * query string: `status`, `model`, `gemeente` (municipality ID), `q` (text in reference, title or
 * address), and `na`/`voor` cursors.
 */
const STAFF_LISTINGS = typed(
  graphql(`
    query PortalStaffListings(
      $first: Int
      $after: String
      $last: Int
      $before: String
      $statuses: [ListingStatus!]
      $allocationModels: [AllocationModel!]
      $municipalityIds: [ID!]
      $search: String
    ) {
      staffListings(
        first: $first
        after: $after
        last: $last
        before: $before
        statuses: $statuses
        allocationModels: $allocationModels
        municipalityIds: $municipalityIds
        search: $search
      ) {
        totalCount
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
        edges {
          node {
            id
            reference
            title
            status
            allocationModel
            closesAt
            responseCount
            landlord {
              name
            }
            dwelling {
              street
              houseNumber
              houseNumberSuffix
              city
            }
          }
        }
      }
    }
  `),
);

/** Municipalities for the filter (public). */
const MUNICIPALITIES = typed(
  graphql(`
    query PortalStaffMunicipalities {
      municipalities {
        id
        name
      }
    }
  `),
);

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value && (values as readonly string[]).includes(value) ? (value as T) : null;
}

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams;
  const status = oneOf(STATUSES, q.get("status"));
  const model = oneOf(MODELS, q.get("model"));
  const search = (q.get("q") ?? "").trim().slice(0, SEARCH_MAX);
  const after = q.get("na");
  const before = q.get("voor");
  const { municipalities } = await run(event, MUNICIPALITIES, {});
  // Only a known municipality reaches the API (a malformed ID would be a validation error).
  const municipality = municipalities.find((m) => m.id === q.get("gemeente"))?.id ?? null;
  const page = before ? { last: PAGE_SIZE, before } : { first: PAGE_SIZE, after: after ?? null };
  const data = await run(event, STAFF_LISTINGS, {
    ...page,
    statuses: status ? [status] : null,
    allocationModels: model ? [model] : null,
    municipalityIds: municipality ? [municipality] : null,
    search: search || null,
  });
  return {
    listings: data.staffListings.edges.map((e) => e.node),
    totalCount: data.staffListings.totalCount,
    pageInfo: data.staffListings.pageInfo,
    municipalities,
    statuses: STATUSES,
    models: MODELS,
    query: { status: status ?? "", model: model ?? "", gemeente: municipality ?? "", q: search },
  };
};
