/**
 * /bezwaar/nieuw?onderwerp=<global id>: the seeker objects to an urgency decision (bezwaar, the
 * subject an UrgencyApplication) or complains about an allocation outcome (klacht, a Response).
 * Plain multipart POST without JavaScript; the API computes the periods (Awb art. 6:7) and marks
 * a late objection (art. 6:11).
 */
import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run, runWithFiles } from "$lib/server/api";
import { requireViewer } from "$lib/server/guard";
import { ApiError } from "$lib/server/graphql";
import { formErrors, isError } from "$lib/server/errors";
import { parseDocuments } from "$lib/server/urgency";
import type { FieldErrors } from "$lib/forms";
import { graphql, typed } from "$lib/graphql";

const SUBJECT = typed(
  graphql(`
    query PortalObjectionSubject($id: ID!) {
      node(id: $id) {
        __typename
        ... on UrgencyApplication {
          id
          category
          objectionPeriodEndsOn
          objection {
            id
          }
        }
        ... on Response {
          id
          complaintPeriodEndsOn
          complaint {
            id
          }
          listing {
            title
            reference
          }
        }
      }
    }
  `),
);

const FILE = typed(
  graphql(`
    mutation PortalObjectionFile($input: ObjectionFileInput!) {
      objectionFile(input: $input) {
        __typename
        ... on Error {
          code
          message
        }
        ... on ValidationError {
          issues {
            field
            path
            message
          }
        }
        ... on AlreadyObjectedError {
          objectionId
        }
        ... on ObjectionFileSuccess {
          objection {
            id
          }
        }
      }
    }
  `),
);

/** Reasons length bounds (characters), as the API checks them. */
const REASONS_MIN = 20;
const REASONS_MAX = 10_000;

async function subjectOf(event: Parameters<PageServerLoad>[0]) {
  const id = event.url.searchParams.get("onderwerp") ?? "";
  if (!id) error(404, { message: event.locals.t("objections.new.noSubject") });
  const { node } = await run(event, SUBJECT, { id }).catch((e: unknown) => {
    if (e instanceof ApiError && e.status < 500) return { node: null };
    throw e;
  });
  if (node?.__typename === "UrgencyApplication" && node.objectionPeriodEndsOn)
    return {
      id,
      kind: "OBJECTION" as const,
      periodEndsOn: node.objectionPeriodEndsOn,
      existing: node.objection?.id ?? null,
      category: node.category,
      listing: null,
    };
  if (node?.__typename === "Response" && node.complaintPeriodEndsOn)
    return {
      id,
      kind: "COMPLAINT" as const,
      periodEndsOn: node.complaintPeriodEndsOn,
      existing: node.complaint?.id ?? null,
      category: null,
      listing: node.listing.title,
    };
  error(404, { message: event.locals.t("objections.new.notObjectable") });
}

export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  const subject = await subjectOf(event);
  if (subject.existing) redirect(303, resolve(`/mijn/bezwaren/${encodeURIComponent(subject.existing)}`));
  return { subject };
};

export const actions: Actions = {
  default: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    let form: FormData;
    try {
      form = await event.request.formData();
    } catch {
      return fail(413, {
        errors: { documents: t("objections.new.tooLarge", { max: "50 MB" }) },
        reasons: "",
      });
    }
    const subjectId = event.url.searchParams.get("onderwerp") ?? "";
    const reasons = String(form.get("reasons") ?? "").trim();
    const errors: FieldErrors = {};
    if (reasons.length < REASONS_MIN || reasons.length > REASONS_MAX)
      errors.reasons = t("objections.new.reasonsLength");
    const files = parseDocuments(form, t, errors);
    if (files.length > 5) errors.documents = t("objections.new.documentsHint");
    if (Object.keys(errors).length) return fail(400, { errors, reasons });
    const { objectionFile: result } = files.length
      ? await runWithFiles(
          event,
          FILE,
          { input: { subjectId, reasons, documents: files.map(() => null) } },
          files.map((file, i) => ({ path: `variables.input.documents.${i}`, file })),
        )
      : await run(event, FILE, { input: { subjectId, reasons } });
    if (result.__typename === "AlreadyObjectedError")
      return fail(409, { errors: { _form: t("objections.new.already") }, reasons });
    if (result.__typename === "NotObjectableError")
      return fail(400, { errors: { _form: t("objections.new.notObjectable") }, reasons });
    if (isError(result))
      return fail(400, {
        errors: formErrors(t, result, (p) =>
          p[0] === "reasons" ? "reasons" : p[0] === "documents" ? "documents" : undefined,
        ),
        reasons,
      });
    if (result.__typename !== "ObjectionFileSuccess") return fail(500, { errors: { _form: "?" }, reasons });
    redirect(303, resolve(`/mijn/bezwaren/${encodeURIComponent(result.objection.id)}?melding=filed`));
  },
};
