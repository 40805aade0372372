import type { PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { KEY_FIGURES, MONITORING, type KeyFiguresYear } from "$lib/server/monitoring";
import { parseInteger } from "$lib/parse";
import { REFUSAL_WEEKS, RESPONSE_LIMIT_REFUSALS } from "./refusals";

/** Years shown in the trend ([001] Figure 2 shows three; we show up to five). */
const TREND_YEARS = 5;

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams;
  const thisYear = new Date().getUTCFullYear();
  const year = parseInteger(q.get("jaar") ?? "", 2019, thisYear) ?? thisYear;
  const municipalityId = q.get("gemeente") || null;
  const districtId = q.get("wijk") || null;
  const area = { municipalityId, districtId };
  const years = Array.from({ length: TREND_YEARS }, (_, i) => year - TREND_YEARS + 1 + i);
  // An unknown municipality or district in the address shows the whole region, with a notice.
  const whole = { municipalityId: null, districtId: null };
  const refusals = run(event, RESPONSE_LIMIT_REFUSALS, { weeks: REFUSAL_WEEKS }).then(
    (r) => r.responseLimitRefusals,
    () => [],
  );
  const [main, ...trend] = await Promise.all([
    run(event, MONITORING, { year, ...area }).then(
      (r) => ({ ...r, areaInvalid: false }),
      async () => ({ ...(await run(event, MONITORING, { year, ...whole })), areaInvalid: true }),
    ),
    // A year before the first rule set has no figures (the API says so): left out of the trend.
    ...years.map((y) =>
      run(event, KEY_FIGURES, { year: y, ...area }).then(
        (r) => r.statistics,
        () => null,
      ),
    ),
  ]);
  return {
    statistics: main.statistics,
    municipalities: main.municipalities,
    areaInvalid: main.areaInvalid,
    trend: trend.filter((t): t is KeyFiguresYear => t !== null),
    refusals: await refusals,
    query: { jaar: String(year), gemeente: municipalityId ?? "", wijk: districtId ?? "" },
    yearOptions: Array.from({ length: thisYear - 2019 + 1 }, (_, i) => thisYear - i),
  };
};
