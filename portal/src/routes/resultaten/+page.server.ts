import type { PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import {
  ALLOCATION_MODELS,
  LETTINGS,
  LETTING_YEARS,
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
