import type { PageServerLoad } from "./$types";
import { language, run } from "$lib/server/api";
import {
  ALLOCATION_MODELS,
  DWELLING_TYPES,
  ELIGIBLE_LISTINGS,
  LISTINGS,
  LISTINGS_FOR_VIEWER,
  type Accessibility,
  type AllocationModel,
  type DwellingType,
  type ListingCardForViewer,
  type ListingFilter,
  type ListingOrder,
} from "$lib/server/operations";
import { parseAmount, parseInteger } from "$lib/parse";

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
  const filter: ListingFilter = {};
  const district = q.get("wijk");
  if (district) filter.districtIds = [district];
  const minRooms = parseInteger(q.get("kamers") ?? "", 1, 10);
  if (minRooms !== null) filter.roomsMin = minRooms;
  const maxRent = parseAmount(q.get("maxhuur") ?? "");
  if (maxRent !== null && maxRent > 0) filter.rentMax = maxRent;
  const minRent = parseAmount(q.get("minhuur") ?? "");
  if (minRent !== null && minRent > 0) filter.rentMin = minRent;
  const type = q.get("type") as DwellingType | null;
  if (type && DWELLING_TYPES.includes(type)) filter.dwellingTypes = [type];
  const model = q.get("model") as AllocationModel | null;
  if (model && ALLOCATION_MODELS.includes(model)) filter.allocationModels = [model];
  const access = q.get("toegankelijk") as Accessibility | null;
  // A walker-accessible search also shows wheelchair dwellings (they suit walkers too).
  if (access === "WALKER") filter.accessibility = ["WALKER", "WHEELCHAIR"];
  if (access === "WHEELCHAIR") filter.accessibility = ["WHEELCHAIR"];
  const signedIn = !!event.locals.viewer;
  const eligibleOnly = signedIn && q.get("passend") === "1";
  const sortParam = q.get("sorteer") as ListingOrder | null;
  const orderBy: ListingOrder = sortParam && ORDERS.includes(sortParam) ? sortParam : "CLOSES_AT_ASC";
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
    listings: connection.edges.map((e) => e.node as ListingCardForViewer),
    totalCount: connection.totalCount ?? null,
    pageInfo: connection.pageInfo,
    districts: municipalities.flatMap((m) =>
      m.districts.map((d) => ({ ...d, municipality: { name: m.name } })),
    ),
    query: {
      wijk: district ?? "",
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
