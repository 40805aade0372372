import { error } from "@sveltejs/kit";
import type { PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { SCENARIO, scenarioOf } from "$lib/server/simulation";

/** A published scenario; 404 for one that is not (yet) public, also for administrators. */
export const load: PageServerLoad = async (event) => {
  const d = await run(event, SCENARIO, { id: event.params.id });
  const scenario = scenarioOf(d.node);
  if (!scenario || !scenario.publishedAt) error(404, { message: event.locals.t("simulation.notFound") });
  return {
    scenario,
    municipalities: Object.fromEntries(d.municipalities.map((m) => [m.id, m.name])),
  };
};
