import { resolve } from "$app/paths";
import { fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { URGENCY_APPLICATIONS, URGENCY_CREATE } from "./operations";
import { requireViewer } from "$lib/server/guard";
import { formErrors, isError } from "$lib/server/errors";
import { parseCategory } from "$lib/server/urgency";
import type { FieldErrors } from "$lib/forms";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.viewer) return { signedIn: false, applications: [] };
  const { viewer } = await run(event, URGENCY_APPLICATIONS, {});
  return { signedIn: true, applications: viewer?.urgencyApplications.edges.map((e) => e.node) ?? [] };
};

export const actions: Actions = {
  create: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const errors: FieldErrors = {};
    const category = parseCategory(form.get("category"), t, errors);
    if (!category) return fail(400, { errors, values: { category: String(form.get("category") ?? "") } });
    const { urgencyApplicationCreate: result } = await run(event, URGENCY_CREATE, { input: { category } });
    if (isError(result)) return fail(400, { errors: formErrors(t, result), values: { category } });
    redirect(303, resolve(`/urgentie/${encodeURIComponent(result.urgencyApplication.id)}/bewerken?stap=2`));
  },
};
