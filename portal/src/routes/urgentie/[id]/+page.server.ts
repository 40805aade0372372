import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run, runWithFiles } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import { URGENCY_APPLICATION, URGENCY_SUBMIT } from "./operations";
import { requireViewer } from "$lib/server/guard";
import { ApiError } from "$lib/server/graphql";
import { errorMessage, formErrors, isError } from "$lib/server/errors";
import { parseDocuments } from "$lib/server/urgency";
import type { FieldErrors } from "$lib/forms";

const URGENCY_WITHDRAW = typed(
  graphql(`
    mutation PortalUrgencyWithdraw($input: UrgencyApplicationIdInput!) {
      urgencyApplicationWithdraw(input: $input) {
        __typename
        ... on Error {
          message
          code
        }
        ... on ValidationError {
          issues {
            path
            field
            message
          }
        }
        ... on UrgencyApplicationWithdrawSuccess {
          urgencyApplication {
            id
            status
          }
        }
      }
    }
  `),
);

/** The assessor's request for more information, if any, and the seeker's answer (shown above the application). */
/** The seeker's answer to the open request, with documents (multipart). */
const INFORMATION_PROVIDE = typed(
  graphql(`
    mutation PortalUrgencyInformationProvide($input: UrgencyApplicationInformationProvideInput!) {
      urgencyApplicationInformationProvide(input: $input) {
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
        ... on UrgencyApplicationInformationProvideSuccess {
          urgencyApplication {
            id
          }
        }
      }
    }
  `),
);

/** The objection route of the decision (bezwaar, Awb art. 6:7): the last day and an objection filed. */
const OBJECTION_ROUTE = typed(
  graphql(`
    query PortalUrgencyObjectionRoute($id: ID!) {
      node(id: $id) {
        __typename
        ... on UrgencyApplication {
          id
          objectionPeriodEndsOn
          objection {
            id
          }
        }
      }
    }
  `),
);

const INFORMATION_REQUEST = typed(
  graphql(`
    query PortalUrgencyInformationRequest($id: ID!) {
      node(id: $id) {
        __typename
        ... on UrgencyApplication {
          informationRequest
          informationRequestedAt
          informationReply
          informationRepliedAt
        }
      }
    }
  `),
);

export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  // A malformed id in the address is "not found", not a server error.
  const { node } = await run(event, URGENCY_APPLICATION, { id: event.params.id }).catch((e: unknown) => {
    if (e instanceof ApiError && e.status < 500) return { node: null };
    throw e;
  });
  if (!node || node.__typename !== "UrgencyApplication")
    error(404, { message: event.locals.t("urgency.notFound") });
  const info = await run(event, INFORMATION_REQUEST, { id: event.params.id });
  const request = info.node?.__typename === "UrgencyApplication" ? info.node : null;
  const route = (await run(event, OBJECTION_ROUTE, { id: event.params.id })).node;
  return {
    application: node,
    objectionRoute:
      route?.__typename === "UrgencyApplication"
        ? {
            applicationId: route.id,
            periodEndsOn: route.objectionPeriodEndsOn,
            objectionId: route.objection?.id ?? null,
          }
        : undefined,
    notice: event.url.searchParams.get("melding"),
    informationRequest: request?.informationRequest
      ? {
          message: request.informationRequest,
          at: request.informationRequestedAt,
          reply: request.informationReply,
          repliedAt: request.informationRepliedAt,
          // open while not answered since the latest request
          open:
            !request.informationRepliedAt ||
            (!!request.informationRequestedAt &&
              new Date(request.informationRepliedAt) < new Date(request.informationRequestedAt)),
        }
      : null,
  };
};

const ANSWER_MIN = 5;
const ANSWER_MAX = 5000;

export const actions: Actions = {
  answer: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    let form: FormData;
    try {
      form = await event.request.formData();
    } catch {
      return fail(413, {
        errors: { documents: t("urgency.errors.documentsTooLarge", { max: "50 MB" }) },
        answer: "",
      });
    }
    const message = String(form.get("answer") ?? "").trim();
    const errors: FieldErrors = {};
    if (message.length < ANSWER_MIN || message.length > ANSWER_MAX)
      errors.answer = t("urgency.information.answerLength", { min: ANSWER_MIN, max: ANSWER_MAX });
    const files = parseDocuments(form, t, errors);
    if (Object.keys(errors).length) return fail(400, { errors, answer: message });
    const input = { id: event.params.id, message, documents: files.map(() => null) };
    const { urgencyApplicationInformationProvide: result } = files.length
      ? await runWithFiles(
          event,
          INFORMATION_PROVIDE,
          { input },
          files.map((file, i) => ({ path: `variables.input.documents.${i}`, file })),
        )
      : await run(event, INFORMATION_PROVIDE, { input: { id: event.params.id, message } });
    if (isError(result))
      return fail(400, {
        errors: formErrors(t, result, (p) =>
          p[0] === "message" ? "answer" : p[0] === "documents" ? "documents" : p[0],
        ),
        answer: message,
      });
    redirect(303, resolve(`/urgentie/${encodeURIComponent(event.params.id)}?melding=answered`));
  },
  submit: async (event) => {
    requireViewer(event);
    const { urgencyApplicationSubmit: result } = await run(event, URGENCY_SUBMIT, {
      input: { id: event.params.id },
    });
    if (isError(result)) return fail(400, { errors: { _form: errorMessage(event.locals.t, result) } });
    redirect(303, resolve(`/urgentie/${encodeURIComponent(event.params.id)}?melding=submitted`));
  },
  withdraw: async (event) => {
    requireViewer(event);
    const form = await event.request.formData();
    if (form.get("confirm") !== "on") {
      return fail(400, { errors: { confirm: event.locals.t("urgency.errors.confirmWithdraw") } });
    }
    const { urgencyApplicationWithdraw: result } = await run(event, URGENCY_WITHDRAW, {
      input: { id: event.params.id },
    });
    if (isError(result)) return fail(400, { errors: { _form: errorMessage(event.locals.t, result) } });
    redirect(303, resolve(`/urgentie/${encodeURIComponent(event.params.id)}?melding=withdrawn`));
  },
};
