import { error, fail, redirect } from "@sveltejs/kit";
import { resolve } from "$app/paths";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { errorMessage, isError } from "$lib/server/errors";
import { SCENARIO, SCENARIO_PUBLISH, scenarioOf } from "$lib/server/simulation";

export const load: PageServerLoad = async (event) => {
  const d = await run(event, SCENARIO, { id: event.params.id });
  const scenario = scenarioOf(d.node);
  if (!scenario) error(404, { message: event.locals.t("simulation.notFound") });
  return {
    scenario,
    municipalities: Object.fromEntries(d.municipalities.map((m) => [m.id, m.name])),
    refresh: scenario.status === "QUEUED" || scenario.status === "RUNNING",
    notice: event.url.searchParams.get("melding"),
  };
};

export const actions: Actions = {
  /** Make a finished scenario public. */
  publish: async (event) => {
    const { simulationScenarioPublish: r } = await run(event, SCENARIO_PUBLISH, { id: event.params.id });
    if (isError(r)) return fail(400, { errors: { _form: errorMessage(event.locals.t, r) } });
    redirect(
      303,
      resolve(`/werk/beheer/simulaties/${encodeURIComponent(event.params.id)}`) + "?melding=published",
    );
  },
};
