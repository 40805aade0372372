import type { PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { SCENARIOS } from "$lib/server/simulation";

/** Published what-if scenarios (public; the API gives others only published ones anyway). */
export const load: PageServerLoad = async (event) => {
  const d = await run(event, SCENARIOS, { publishedOnly: true });
  return { scenarios: d.simulationScenarios.edges.map((e) => e.node) };
};
