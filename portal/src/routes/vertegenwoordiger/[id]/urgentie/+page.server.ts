/**
 * /vertegenwoordiger/[id]/urgentie: a representative with the URGENCY_APPLICATION scope sees the
 * seeker's urgency applications and starts one for them (the seeker's /urgentie flow, each
 * request sent with the authorisation in `X-Woonbeurt-Acting-For`; the API audits it as done by
 * the representative on the seeker's behalf). Plain form posts; works without JavaScript.
 */
import { fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { URGENCY_APPLICATIONS, URGENCY_CREATE } from "../../../urgentie/operations";
import { formErrors, isError } from "$lib/server/errors";
import { parseCategory } from "$lib/server/urgency";
import { requireSignedIn, runActingFor } from "$lib/server/representative";
import type { FieldErrors } from "$lib/forms";
import { stepPath, urgencyAuthorisation } from "./acting";

export const load: PageServerLoad = async (event) => {
  requireSignedIn(event);
  const authorisation = await urgencyAuthorisation(event);
  const { viewer } = await runActingFor(event, authorisation.id, URGENCY_APPLICATIONS, {});
  return {
    authorisation,
    applications: viewer?.urgencyApplications.edges.map((e) => e.node) ?? [],
    notice: event.url.searchParams.get("melding"),
  };
};

export const actions: Actions = {
  create: async (event) => {
    requireSignedIn(event);
    const authorisation = await urgencyAuthorisation(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const errors: FieldErrors = {};
    const category = parseCategory(form.get("category"), t, errors);
    if (!category) return fail(400, { errors, values: { category: String(form.get("category") ?? "") } });
    const { urgencyApplicationCreate: result } = await runActingFor(event, authorisation.id, URGENCY_CREATE, {
      input: { category },
    });
    if (isError(result)) return fail(400, { errors: formErrors(t, result), values: { category } });
    redirect(303, stepPath(authorisation.id, result.urgencyApplication.id, 2));
  },
};
