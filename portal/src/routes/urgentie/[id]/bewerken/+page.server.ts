import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run, runWithFiles } from "$lib/server/api";
import { URGENCY_APPLICATION, URGENCY_SUBMIT, URGENCY_UPDATE } from "../operations";
import type { VariablesOf } from "$lib/server/graphql";
import type { UrgencyApplication } from "$lib/server/fragments";
import { requireViewer } from "$lib/server/guard";
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
import type { FieldErrors } from "$lib/forms";
import { SEEKER_DOCUMENTS, SEEKER_DOCUMENT_ATTACH } from "../../../mijn/documenten/documents";

/**
 * Attach the stored document chosen in `storedDocument` (kies uit mijn documenten) to the
 * application; nothing when none was chosen. Returns the error message, or null.
 */
async function attachStored(
  event: Parameters<Actions[string]>[0],
  form: FormData,
  applicationId: string,
): Promise<string | null> {
  const chosen = String(form.get("storedDocument") ?? "");
  if (!chosen) return null;
  const { seekerDocumentAttach: result } = await run(event, SEEKER_DOCUMENT_ATTACH, {
    input: { id: chosen, targetId: applicationId },
  });
  return isError(result) ? errorMessage(event.locals.t, result) : null;
}

async function loadApplication(event: Parameters<PageServerLoad>[0]): Promise<UrgencyApplication> {
  // A malformed id in the address is "not found", not a server error.
  const { node } = await run(event, URGENCY_APPLICATION, { id: event.params.id }).catch((e: unknown) => {
    if (e instanceof ApiError && e.status < 500) return { node: null };
    throw e;
  });
  if (!node || node.__typename !== "UrgencyApplication")
    error(404, { message: event.locals.t("urgency.notFound") });
  return node;
}

export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  const application = await loadApplication(event);
  if (application.status !== "DRAFT")
    redirect(303, resolve(`/urgentie/${encodeURIComponent(application.id)}`));
  const step = stepOf(event.url.searchParams.get("stap"));
  // the seeker's stored documents not yet attached here, for "kies uit mijn documenten"
  const all = step === "documents" ? ((await run(event, SEEKER_DOCUMENTS, {})).viewer?.documents ?? []) : [];
  const stored = all.filter((d) => !d.attachments.some((x) => x.targetId === application.id));
  return { application, step, stepNumber: STEPS.indexOf(step) + 1, stored, storedCount: all.length };
};

export const actions: Actions = {
  /** Attach the document chosen from the seeker's store, then show the documents step again. */
  attachStored: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const form = await event.request.formData().catch(() => new FormData());
    if (!form.get("storedDocument"))
      return fail(400, { errors: { storedDocument: t("documents.errors.choose") }, values: {} });
    const message = await attachStored(event, form, event.params.id);
    if (message) return fail(400, { errors: { storedDocument: message }, values: {} });
    redirect(
      303,
      resolve(
        `/urgentie/${encodeURIComponent(event.params.id)}/bewerken?stap=${STEPS.indexOf("documents") + 1}&melding=attached`,
      ),
    );
  },
  /** Remove one uploaded document (its id in `document`), then show the documents step again. */
  removeDocument: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const form = await event.request.formData().catch(() => new FormData());
    const documentId = String(form.get("document") ?? "");
    const { urgencyApplicationUpdate: result } = await run(event, URGENCY_UPDATE, {
      input: { id: event.params.id, removeDocumentIds: [documentId] },
    });
    if (isError(result)) return fail(400, { errors: { documents: errorMessage(t, result) }, values: {} });
    redirect(
      303,
      resolve(
        `/urgentie/${encodeURIComponent(event.params.id)}/bewerken?stap=${STEPS.indexOf("documents") + 1}`,
      ),
    );
  },
  save: async (event) => {
    requireViewer(event);
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
    if (intent === "back")
      redirect(
        303,
        resolve(
          `/urgentie/${encodeURIComponent(event.params.id)}/bewerken?stap=${Math.max(1, STEPS.indexOf(step))}`,
        ),
      );
    const current = await loadApplication(event as never);
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
    if (step === "documents") {
      // a stored document chosen but "next" pressed instead of "add": attach it too
      const message = await attachStored(event, form, current.id);
      if (message) return fail(400, { errors: { storedDocument: message }, values });
    }

    if (step !== "summary") {
      const { urgencyApplicationUpdate: result } = files.length
        ? await runWithFiles(
            event,
            URGENCY_UPDATE,
            { input: { ...input, addDocuments: files.map(() => null) } },
            files.map((file, i) => ({ path: `variables.input.addDocuments.${i}`, file })),
          )
        : await run(event, URGENCY_UPDATE, { input });
      if (isError(result)) {
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
    }
    const id = encodeURIComponent(current.id);
    if (step === "summary" && intent === "submit") {
      const { urgencyApplicationSubmit: result } = await run(event, URGENCY_SUBMIT, {
        input: { id: current.id },
      });
      if (isError(result)) return fail(400, { errors: { _form: errorMessage(t, result) }, values });
      redirect(303, resolve(`/urgentie/${id}?melding=submitted`));
    }
    if (intent === "draft") redirect(303, resolve(`/urgentie/${id}?melding=saved`));
    if (intent === "stay") redirect(303, resolve(`/urgentie/${id}/bewerken?stap=${STEPS.indexOf(step) + 1}`));
    redirect(
      303,
      resolve(`/urgentie/${id}/bewerken?stap=${Math.min(STEPS.length, STEPS.indexOf(step) + 2)}`),
    );
  },
};
