import type { PageServerLoad } from "./$types";
import { language, run } from "$lib/server/api";
import { graphql, typed, type SchemaType } from "$lib/graphql";
import { ListingCardFields, PageInfoFields, ViewerCardFields } from "$lib/server/fragments";
import type { ListingCardData } from "$lib/server/fragments";
import {
  ALLOCATION_MODELS,
  DWELLING_TYPES,
  type Accessibility,
  type AllocationModel,
  type DwellingType,
} from "$lib/server/schema-types";

type ListingFilter = SchemaType<"ListingFilter">;
type ListingOrder = SchemaType<"ListingOrder">;
import { parseAmount, parseInteger } from "$lib/parse";
import type { FieldErrors } from "$lib/forms";

/** "Only what I qualify for": the seeker's eligible open listings, with the same filters and order. */
const ELIGIBLE_LISTINGS = typed(
  graphql(
    `
      query PortalEligibleListings(
        $first: Int
        $after: String
        $last: Int
        $before: String
        $filter: ListingFilter
        $orderBy: ListingOrder
        $language: Language
      ) {
        viewer {
          eligibleListings(
            first: $first
            after: $after
            last: $last
            before: $before
            filter: $filter
            orderBy: $orderBy
          ) {
            totalCount
            pageInfo {
              ...PageInfoFields
            }
            edges {
              node {
                ...ListingCardFields
                ...ViewerCardFields
              }
            }
          }
        }
        municipalities {
          id
          name
          districts {
            id
            name
          }
        }
      }
    `,
    [PageInfoFields, ListingCardFields, ViewerCardFields],
  ),
);

const LISTINGS = typed(
  graphql(
    `
      query PortalListings(
        $first: Int
        $after: String
        $last: Int
        $before: String
        $filter: ListingFilter
        $orderBy: ListingOrder
      ) {
        listings(
          first: $first
          after: $after
          last: $last
          before: $before
          filter: $filter
          orderBy: $orderBy
        ) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          edges {
            node {
              ...ListingCardFields
            }
          }
        }
        municipalities {
          id
          name
          districts {
            id
            name
          }
        }
      }
    `,
    [PageInfoFields, ListingCardFields],
  ),
);

const LISTINGS_FOR_VIEWER = typed(
  graphql(
    `
      query PortalListingsForViewer(
        $first: Int
        $after: String
        $last: Int
        $before: String
        $filter: ListingFilter
        $orderBy: ListingOrder
        $language: Language
      ) {
        listings(
          first: $first
          after: $after
          last: $last
          before: $before
          filter: $filter
          orderBy: $orderBy
        ) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          edges {
            node {
              ...ListingCardFields
              ...ViewerCardFields
            }
          }
        }
        municipalities {
          id
          name
          districts {
            id
            name
          }
        }
      }
    `,
    [PageInfoFields, ListingCardFields, ViewerCardFields],
  ),
);

/** Municipalities and their districts, to check a `gemeente` or `wijk` in the address first. */
const PLACES = typed(
  graphql(`
    query PortalListingPlaces {
      municipalities {
        id
        name
        districts {
          id
          name
        }
      }
    }
  `),
);

const PAGE_SIZE = 12;
const ORDERS: readonly ListingOrder[] = [
  "CLOSES_AT_ASC",
  "PUBLISHED_AT_DESC",
  "RENT_ASC",
  "RENT_DESC",
  "AREA_DESC",
];

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams;
  const t = event.locals.t;
  const filter: ListingFilter = {};
  // Every filter value from the address is checked; a value that cannot be used is named in the
  // form's error summary (and left out of the search) instead of being ignored silently.
  const errors: FieldErrors = {};
  const raw = (name: string) => (q.get(name) ?? "").trim();
  const municipalityId = raw("gemeente");
  const district = raw("wijk");
  if (municipalityId || district) {
    const { municipalities } = await run(event, PLACES, {});
    const municipality = municipalities.find((m) => m.id === municipalityId);
    if (municipalityId && !municipality) errors.gemeente = t("filters.errors.municipality");
    else if (municipality) filter.municipalityIds = [municipality.id];
    const inDistrict = municipalities.find((m) => m.districts.some((d) => d.id === district));
    if (district && !inDistrict) errors.wijk = t("filters.errors.district");
    else if (district && municipality && inDistrict !== municipality)
      errors.wijk = t("filters.errors.districtElsewhere", { municipality: municipality.name });
    else if (district) filter.districtIds = [district];
  }
  const rooms = raw("kamers");
  const minRooms = parseInteger(rooms, 1, 10);
  if (minRooms !== null) filter.roomsMin = minRooms;
  else if (rooms) errors.kamers = t("filters.errors.rooms", { min: 1, max: 10 });
  const rentBound = (name: "minhuur" | "maxhuur") => {
    const value = raw(name);
    if (!value) return null;
    const amount = parseAmount(value);
    if (amount === null || amount > 100_000) errors[name] = t("filters.errors.rent", { value });
    return amount;
  };
  const minRent = rentBound("minhuur");
  const maxRent = rentBound("maxhuur");
  if (minRent !== null && maxRent !== null && maxRent < minRent)
    errors.maxhuur = t("filters.errors.rentRange");
  else {
    if (maxRent !== null && !errors.maxhuur) filter.rentMax = maxRent;
    if (minRent !== null && minRent > 0 && !errors.minhuur) filter.rentMin = minRent;
  }
  const choice = <T extends string>(name: string, allowed: readonly T[]): T | null => {
    const value = raw(name);
    if (!value) return null;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    errors[name] = t("filters.errors.choice", { value });
    return null;
  };
  const type = choice<DwellingType>("type", DWELLING_TYPES);
  if (type) filter.dwellingTypes = [type];
  const model = choice<AllocationModel>("model", ALLOCATION_MODELS);
  if (model) filter.allocationModels = [model];
  const access = choice<Accessibility>("toegankelijk", ["WALKER", "WHEELCHAIR"]);
  // A walker-accessible search also shows wheelchair dwellings (they suit walkers too).
  if (access === "WALKER") filter.accessibility = ["WALKER", "WHEELCHAIR"];
  if (access === "WHEELCHAIR") filter.accessibility = ["WHEELCHAIR"];
  const signedIn = !!event.locals.viewer;
  const eligibleOnly = signedIn && q.get("passend") === "1";
  const orderBy: ListingOrder = choice<ListingOrder>("sorteer", ORDERS) ?? "CLOSES_AT_ASC";
  const after = q.get("na");
  const before = q.get("voor");
  const page = before ? { last: PAGE_SIZE, before } : { first: PAGE_SIZE, after: after ?? null };

  let connection;
  let municipalities;
  if (eligibleOnly) {
    // The API narrows the seeker's eligible listings with the same filter and order as `listings`.
    const data = await run(event, ELIGIBLE_LISTINGS, {
      ...page,
      filter,
      orderBy,
      language: language(event),
    });
    connection = data.viewer?.eligibleListings ?? {
      totalCount: 0,
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      edges: [],
    };
    municipalities = data.municipalities;
  } else if (signedIn) {
    const data = await run(event, LISTINGS_FOR_VIEWER, {
      ...page,
      filter,
      orderBy,
      language: language(event),
    });
    connection = data.listings;
    municipalities = data.municipalities;
  } else {
    const data = await run(event, LISTINGS, { ...page, filter, orderBy });
    connection = data.listings;
    municipalities = data.municipalities;
  }
  return {
    signedIn,
    eligibleOnly,
    listings: connection.edges.map((e) => e.node as ListingCardData),
    totalCount: connection.totalCount ?? null,
    pageInfo: connection.pageInfo,
    municipalities: municipalities.map((m) => ({ id: m.id, name: m.name })),
    districts: municipalities.flatMap((m) =>
      m.districts.map((d) => ({ ...d, municipality: { name: m.name } })),
    ),
    errors,
    query: {
      gemeente: municipalityId,
      wijk: district,
      kamers: q.get("kamers") ?? "",
      minhuur: q.get("minhuur") ?? "",
      maxhuur: q.get("maxhuur") ?? "",
      type: type ?? "",
      model: model ?? "",
      toegankelijk: access ?? "",
      passend: eligibleOnly,
      sorteer: orderBy,
    },
  };
};
