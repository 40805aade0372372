/**
 * /vertegenwoordiger/[id]/urgentie/[aanvraag]?stap=n: the representative fills in the seeker's
 * DRAFT urgency application step by step, with the seeker's form (UrgencyStepForm) and checks,
 * every request acting under the authorisation `id`. Saving as a draft or submitting returns to
 * the list; a non-draft application shows the list. Works without JavaScript.
 */
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad, RequestEvent } from "./$types";
import { URGENCY_APPLICATION, URGENCY_SUBMIT, URGENCY_UPDATE } from "../../../../urgentie/[id]/operations";
import type { UrgencyApplication } from "$lib/server/fragments";
import type { VariablesOf } from "$lib/server/graphql";
import { ApiError } from "$lib/server/graphql";
import { errorMessage, formErrors, isError } from "$lib/server/errors";
import {
  STEPS,
  parseCategory,
  parseDocuments,
  parseProfile,
  parseSituation,
  stepOf,
} from "$lib/server/urgency";
import { requireSignedIn, runActingFor, runActingForWithFiles } from "$lib/server/representative";
import type { FieldErrors } from "$lib/forms";
import { listPath, stepPath, urgencyAuthorisation } from "../acting";

/** The seeker's application `aanvraag` as the representative reads it; 404 when not found. */
async function loadApplication(event: RequestEvent, authorisationId: string): Promise<UrgencyApplication> {
  const { node } = await runActingFor(event, authorisationId, URGENCY_APPLICATION, {
    id: event.params.aanvraag,
  }).catch((e: unknown) => {
    if (e instanceof ApiError && e.status < 500) return { node: null };
    throw e;
  });
  if (!node || node.__typename !== "UrgencyApplication")
    error(404, { message: event.locals.t("urgency.notFound") });
  return node;
}

export const load: PageServerLoad = async (event) => {
  requireSignedIn(event);
  const authorisation = await urgencyAuthorisation(event);
  const application = await loadApplication(event, authorisation.id);
  if (application.status !== "DRAFT") redirect(303, listPath(authorisation.id));
  const step = stepOf(event.url.searchParams.get("stap"));
  return { authorisation, application, step, stepNumber: STEPS.indexOf(step) + 1 };
};

export const actions: Actions = {
  /** Remove one uploaded document (its id in `document`), then show the documents step again. */
  removeDocument: async (event) => {
    requireSignedIn(event);
    const authorisation = await urgencyAuthorisation(event);
    const form = await event.request.formData().catch(() => new FormData());
    const { urgencyApplicationUpdate: result } = await runActingFor(event, authorisation.id, URGENCY_UPDATE, {
      input: { id: event.params.aanvraag, removeDocumentIds: [String(form.get("document") ?? "")] },
    });
    if (isError(result))
      return fail(400, { errors: { documents: errorMessage(event.locals.t, result) }, values: {} });
    redirect(303, stepPath(authorisation.id, event.params.aanvraag, STEPS.indexOf("documents") + 1));
  },
  save: async (event) => {
    requireSignedIn(event);
    const authorisation = await urgencyAuthorisation(event);
    const t = event.locals.t;
    let form: FormData;
    try {
      form = await event.request.formData();
    } catch {
      // The body was over the server's limit (BODY_SIZE_LIMIT) or cut off: say so on the form.
      return fail(413, {
        errors: { documents: t("urgency.errors.documentsTooLarge", { max: "50 MB" }) },
        values: {},
      });
    }
    const step = stepOf(String(form.get("stap") ?? "1"));
    const intent = String(form.get("intent") ?? "next");
    const here = (n: number) => stepPath(authorisation.id, event.params.aanvraag, n);
    if (intent === "back") redirect(303, here(Math.max(1, STEPS.indexOf(step))));
    const current = await loadApplication(event, authorisation.id);
    const errors: FieldErrors = {};
    const input: VariablesOf<typeof URGENCY_UPDATE>["input"] = { id: current.id };
    let files: File[] = [];
    if (step === "category")
      input.category = parseCategory(form.get("category"), t, errors) ?? current.category;
    if (step === "situation") input.situation = parseSituation(form.get("situation"), t, errors);
    if (step === "documents") files = parseDocuments(form, t, errors);
    if (step === "profile") input.preferredSearchProfile = parseProfile(form, t, errors);
    const values = {
      situation: String(form.get("situation") ?? ""),
      category: String(form.get("category") ?? ""),
    };
    if (Object.keys(errors).length) return fail(400, { errors, values });
    if (step !== "summary") {
      const { urgencyApplicationUpdate: result } = files.length
        ? await runActingForWithFiles(
            event,
            authorisation.id,
            URGENCY_UPDATE,
            { input: { ...input, addDocuments: files.map(() => null) } },
            files.map((file, i) => ({ path: `variables.input.addDocuments.${i}`, file })),
          )
        : await runActingFor(event, authorisation.id, URGENCY_UPDATE, { input });
      if (isError(result))
        return fail(400, {
          errors: formErrors(t, result, (p) =>
            p[0] === "preferredSearchProfile"
              ? p[1]
              : p[0] === "addDocuments" || p[0] === "documents"
                ? "documents"
                : p[0],
          ),
          values,
        });
    }
    if (step === "summary" && intent === "submit") {
      const { urgencyApplicationSubmit: result } = await runActingFor(
        event,
        authorisation.id,
        URGENCY_SUBMIT,
        {
          input: { id: current.id },
        },
      );
      if (isError(result)) return fail(400, { errors: { _form: errorMessage(t, result) }, values });
      redirect(303, listPath(authorisation.id, "submitted"));
    }
    if (intent === "draft") redirect(303, listPath(authorisation.id, "saved"));
    if (intent === "stay") redirect(303, here(STEPS.indexOf(step) + 1));
    redirect(303, here(Math.min(STEPS.length, STEPS.indexOf(step) + 2)));
  },
};
