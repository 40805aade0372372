import type { PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import { PageInfoFields } from "$lib/server/fragments";
import type { VariablesOf } from "$lib/server/graphql";
import { ALLOCATION_MODELS, type AllocationModel } from "$lib/server/schema-types";
import { parseInteger } from "$lib/parse";

const LETTINGS = typed(
  graphql(
    `
      query PortalLettings(
        $first: Int
        $after: String
        $last: Int
        $before: String
        $districtId: ID
        $allocationModel: AllocationModel
        $year: Int
      ) {
        lettings(
          first: $first
          after: $after
          last: $last
          before: $before
          districtId: $districtId
          allocationModel: $allocationModel
          year: $year
        ) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          edges {
            node {
              id
              letAt
              allocationModel
              decidedBy
              priorityRule
              responseCount
              registrationYears
              listing {
                reference
                title
                dwelling {
                  type
                  rooms
                  city
                  district {
                    id
                    name
                  }
                }
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
    [PageInfoFields],
  ),
);

/** How many published lettings each of five years has (aliases y0 … y4 for the years asked). */
const LETTING_YEARS = typed(
  graphql(`
    query PortalLettingYears($y0: Int!, $y1: Int!, $y2: Int!, $y3: Int!, $y4: Int!) {
      y0: lettings(first: 1, year: $y0) {
        totalCount
      }
      y1: lettings(first: 1, year: $y1) {
        totalCount
      }
      y2: lettings(first: 1, year: $y2) {
        totalCount
      }
      y3: lettings(first: 1, year: $y3) {
        totalCount
      }
      y4: lettings(first: 1, year: $y4) {
        totalCount
      }
    }
  `),
);

const STATISTICS = typed(
  graphql(`
    query PortalStatistics($year: Int!) {
      statistics(year: $year) {
        year
        lettings
        priorityShare {
          total
          withPriority
          otherPriority
          regular
          share
          targetShare
          deviation
        }
        registrationYearsStarters {
          count
          mean
          median
        }
        registrationYearsMovers {
          count
          mean
          median
        }
        responsesPerListing {
          count
          mean
          median
        }
        byDistrict {
          districtName
          lettings
          shareOfLettings
          withPriority
          priorityShare
        }
        urgencyByCategory {
          category
          viaListings
          viaMediation
          share
        }
        urgentWaitingTimes {
          targetMonths
          housed {
            count
            mean
            median
          }
          housedWithinTarget
          housedWithinTargetShare
          waiting {
            count
            mean
            median
            overTarget
          }
        }
        incomeBands {
          socialLettings
          upToDaeb
          daebToMiddle
          middleToOrdinance
          aboveOrdinance
          shareUpToDaeb
          shareDaebToMiddle
          shareMiddleToOrdinance
          shareAboveOrdinance
          minimumShareUpToDaeb
          meetsDaebMinimum
          daebLimit
          middleLimit
          ordinanceLimit
          liberalisationLimit
        }
      }
    }
  `),
);

const PAGE_SIZE = 20;

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams;
  const filter: Pick<VariablesOf<typeof LETTINGS>, "districtId" | "allocationModel" | "year"> = {};
  const district = q.get("wijk");
  if (district) filter.districtId = district;
  const model = q.get("model") as AllocationModel | null;
  if (model && ALLOCATION_MODELS.includes(model)) filter.allocationModel = model;
  // The year menu offers the last five years that have published lettings; without `jaar` the
  // most recent of them is shown.
  const thisYear = new Date().getUTCFullYear();
  const candidates = [0, 1, 2, 3, 4].map((i) => thisYear - i);
  const counts = await run(event, LETTING_YEARS, {
    y0: candidates[0]!,
    y1: candidates[1]!,
    y2: candidates[2]!,
    y3: candidates[3]!,
    y4: candidates[4]!,
  });
  const withLettings = candidates.filter((_, i) => counts[`y${i}` as keyof typeof counts].totalCount > 0);
  const year = parseInteger(q.get("jaar") ?? "", 2000, thisYear) ?? withLettings[0] ?? thisYear;
  // A year asked for in the address stays selectable, with or without lettings.
  const years = withLettings.includes(year) ? withLettings : [...withLettings, year].sort((a, b) => b - a);
  const after = q.get("na");
  const before = q.get("voor");
  const page = before ? { last: PAGE_SIZE, before } : { first: PAGE_SIZE, after: after ?? null };
  const [lettings, statistics] = await Promise.all([
    run(event, LETTINGS, { ...page, ...filter, year }),
    run(event, STATISTICS, { year }),
  ]);
  return {
    lettings: lettings.lettings.edges.map((e) => e.node),
    totalCount: lettings.lettings.totalCount,
    pageInfo: lettings.lettings.pageInfo,
    districts: lettings.municipalities.flatMap((m) =>
      m.districts.map((d) => ({ ...d, municipality: m.name })),
    ),
    statistics: statistics.statistics,
    query: { wijk: district ?? "", model: model ?? "", jaar: String(year) },
    years,
  };
};
