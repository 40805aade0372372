import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { formErrors, isError } from "$lib/server/errors";
import type { ErrorResult } from "$lib/server/errors";
import type { Translate } from "$lib/i18n";
import { DUPLICATE_CANDIDATE, DUPLICATE_CLOSE, DUPLICATE_MERGE } from "$lib/server/duplicates";
import type { FieldErrors } from "$lib/forms";

/** One likely duplicate: both registrations side by side, with the merge and close forms. */
export const load: PageServerLoad = async (event) => {
  const d = await run(event, DUPLICATE_CANDIDATE, { id: event.params.id });
  const node = d.node;
  if (!node || node.__typename !== "DuplicateCandidate" || !("version" in node))
    error(404, { message: event.locals.t("duplicates.notFound") });
  return { candidate: node };
};

const back = (notice: string) =>
  redirect(303, resolve("/werk/beheer/dubbele-inschrijvingen") + `?melding=${notice}`);

/** Form errors of a refused decision: the review's own sentences for STALE, ALREADY_DECIDED, INVALID_STATE. */
function decisionErrors(
  t: Translate,
  r: ErrorResult,
  fieldOf?: (p: string[]) => string | undefined,
): FieldErrors {
  if (r.code === "STALE") return { _form: t("duplicates.errors.stale") };
  if (r.code === "ALREADY_DECIDED") return { _form: t("duplicates.errors.decided") };
  if (r.code === "INVALID_STATE")
    return { _form: t("duplicates.errors.invalidState", { message: r.message }) };
  return formErrors(t, r, fieldOf);
}

/** The version the form was shown with (hidden field); 0 when missing (the API answers STALE). */
const versionOf = (form: FormData) => {
  const n = Number.parseInt(String(form.get("version") ?? ""), 10);
  return Number.isFinite(n) ? n : 0;
};

export const actions: Actions = {
  /** Merge: first a confirmation step (no API call), then the merge with `confirmed=1`. */
  merge: async (event) => {
    const t = event.locals.t;
    const form = await event.request.formData();
    const errors: FieldErrors = {};
    const keep = String(form.get("keep") ?? "");
    if (keep !== "A" && keep !== "B") errors.keep = t("duplicates.errors.keep");
    const note = String(form.get("note") ?? "").trim();
    if (note.length > 2000) errors.note = t("duplicates.errors.noteLong");
    const version = versionOf(form);
    const values = { keep, note, version: String(version) };
    if (Object.keys(errors).length) return fail(400, { action: "merge", errors, values });
    if (form.get("confirmed") !== "1") return { action: "merge", confirm: true, errors: {}, values };
    const { duplicateCandidateMerge: r } = await run(event, DUPLICATE_MERGE, {
      input: { id: event.params.id, keep: keep as "A" | "B", version, note: note || null },
    });
    if (isError(r)) return fail(400, { action: "merge", errors: decisionErrors(t, r), values });
    back("merged");
  },
  /** Close without merging: not a duplicate or another reason, with a note. */
  close: async (event) => {
    const t = event.locals.t;
    const form = await event.request.formData();
    const errors: FieldErrors = {};
    const outcome = String(form.get("outcome") ?? "");
    if (outcome !== "NOT_DUPLICATE" && outcome !== "OTHER") errors.outcome = t("duplicates.errors.outcome");
    const note = String(form.get("reason") ?? "").trim();
    if (!note) errors.reason = t("duplicates.errors.note");
    else if (note.length > 2000) errors.reason = t("duplicates.errors.noteLong");
    const version = versionOf(form);
    const values = { outcome, reason: note, version: String(version) };
    if (Object.keys(errors).length) return fail(400, { action: "close", errors, values });
    const { duplicateCandidateClose: r } = await run(event, DUPLICATE_CLOSE, {
      input: { id: event.params.id, outcome: outcome as "NOT_DUPLICATE" | "OTHER", version, note },
    });
    if (isError(r))
      return fail(400, {
        action: "close",
        errors: decisionErrors(t, r, (p) => (p.at(-1) === "note" ? "reason" : p.at(-1))),
        values,
      });
    back("closed");
  },
};
