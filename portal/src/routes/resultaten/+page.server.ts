import type { PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import {
  ALLOCATION_MODELS,
  LETTINGS,
  STATISTICS,
  type AllocationModel,
  type LettingFilter,
} from "$lib/server/operations";
import { parseInteger } from "$lib/parse";

const PAGE_SIZE = 20;

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams;
  const filter: LettingFilter = {};
  const district = q.get("wijk");
  if (district) filter.districtId = district;
  const model = q.get("model") as AllocationModel | null;
  if (model && ALLOCATION_MODELS.includes(model)) filter.allocationModel = model;
  const thisYear = new Date().getUTCFullYear();
  const year = parseInteger(q.get("jaar") ?? "", 2000, thisYear) ?? thisYear;
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
    years: Array.from({ length: 5 }, (_, i) => thisYear - i),
  };
};
