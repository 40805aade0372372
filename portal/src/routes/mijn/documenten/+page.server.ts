/**
 * /mijn/documenten: the seeker's document store (mijn documenten, issue 15 item 4). Upload a
 * document once (kind, title, validity), see what is stored and where it was used, open it, and
 * remove it after a confirmation step (`?verwijderen=<id>` shows it, so it works without
 * JavaScript). Plain form posts (multipart for the upload); `use:enhance` on top.
 */
import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run, runWithFiles } from "$lib/server/api";
import { requireViewer } from "$lib/server/guard";
import { formErrors, isError } from "$lib/server/errors";
import { parseDate } from "$lib/parse";
import type { FieldErrors } from "$lib/forms";
import {
  KINDS,
  SEEKER_DOCUMENTS,
  SEEKER_DOCUMENT_REMOVE,
  SEEKER_DOCUMENT_UPLOAD,
  type Kind,
} from "./documents";

/** Largest file the API accepts (10 MiB), checked here first for a quick message. */
const MAX_BYTES = 10 * 1024 * 1024;
const TYPES = ["application/pdf", "image/png", "image/jpeg"];

export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  const { viewer } = await run(event, SEEKER_DOCUMENTS, {});
  if (!viewer) error(401, { message: event.locals.t("errors.signedOut") });
  const documents = viewer.documents ?? [];
  const removing = event.url.searchParams.get("verwijderen");
  return {
    documents,
    confirmRemove: documents.find((d) => d.id === removing) ?? null,
    notice: event.url.searchParams.get("melding"),
  };
};

export const actions: Actions = {
  upload: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    let form: FormData;
    try {
      form = await event.request.formData();
    } catch {
      return fail(413, { errors: { file: t("documents.errors.fileSize", { max: "10 MB" }) }, values: {} });
    }
    const kind = String(form.get("kind") ?? "");
    const title = String(form.get("title") ?? "").trim();
    const validFrom = String(form.get("validFrom") ?? "").trim();
    const validUntil = String(form.get("validUntil") ?? "").trim();
    const file = form.get("file");
    const values = { kind, title, validFrom, validUntil };
    const errors: FieldErrors = {};
    if (!(KINDS as readonly string[]).includes(kind)) errors.kind = t("documents.errors.kind");
    if (!title) errors.title = t("documents.errors.title");
    else if (title.length > 120) errors.title = t("documents.errors.titleLength");
    if (validFrom && !parseDate(validFrom)) errors.validFrom = t("documents.errors.date");
    if (validUntil && !parseDate(validUntil)) errors.validUntil = t("documents.errors.date");
    else if (validFrom && validUntil && !errors.validFrom && validUntil < validFrom)
      errors.validUntil = t("documents.errors.order");
    if (!(file instanceof File) || file.size === 0) errors.file = t("documents.errors.file");
    else if (file.size > MAX_BYTES) errors.file = t("documents.errors.fileSize", { max: "10 MB" });
    else if (!TYPES.includes(file.type)) errors.file = t("documents.errors.fileType");
    if (Object.keys(errors).length || !(file instanceof File)) return fail(400, { errors, values });
    const { seekerDocumentUpload: result } = await runWithFiles(
      event,
      SEEKER_DOCUMENT_UPLOAD,
      {
        input: {
          kind: kind as Kind,
          title,
          validFrom: validFrom || null,
          validUntil: validUntil || null,
          file: null,
        },
      },
      [{ path: "variables.input.file", file }],
    );
    if (isError(result)) return fail(400, { errors: formErrors(t, result), values });
    redirect(303, resolve("/mijn/documenten?melding=uploaded"));
  },
  remove: async (event) => {
    requireViewer(event);
    const form = await event.request.formData();
    const { seekerDocumentRemove: result } = await run(event, SEEKER_DOCUMENT_REMOVE, {
      input: { id: String(form.get("id") ?? "") },
    });
    if (isError(result)) return fail(400, { errors: formErrors(event.locals.t, result), values: {} });
    redirect(303, resolve("/mijn/documenten?melding=removed"));
  },
};
