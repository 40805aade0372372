import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { URGENCY_APPLICATION, URGENCY_SUBMIT, URGENCY_WITHDRAW } from "$lib/server/operations";
import { requireViewer } from "$lib/server/guard";
import { ApiError } from "$lib/server/graphql";
import { errorMessage, isError } from "$lib/server/errors";
import { graphql, typed } from "$lib/graphql";

/** The assessor's request for more information, if any (shown above the application). */
const INFORMATION_REQUEST = typed(
  graphql(`
    query PortalUrgencyInformationRequest($id: ID!) {
      node(id: $id) {
        __typename
        ... on UrgencyApplication {
          informationRequest
          informationRequestedAt
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
  return {
    application: node,
    notice: event.url.searchParams.get("melding"),
    informationRequest: request?.informationRequest
      ? { message: request.informationRequest, at: request.informationRequestedAt }
      : null,
  };
};

export const actions: Actions = {
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
