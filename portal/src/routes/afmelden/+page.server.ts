import { fail } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import { errorMessage, isError } from "$lib/server/errors";

/** Switch one notification kind off with the mail's signed token; no sign-in needed. */
const NOTIFICATION_UNSUBSCRIBE = typed(
  graphql(`
    mutation PortalNotificationUnsubscribe($input: NotificationUnsubscribeInput!) {
      notificationUnsubscribe(input: $input) {
        __typename
        ... on Error {
          message
          code
        }
        ... on NotificationUnsubscribeSuccess {
          unsubscribed {
            kind
          }
        }
      }
    }
  `),
);

// Works without sign-in: the token in the mail's link is signed by the API.
export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get("token") ?? "" });

export const actions: Actions = {
  default: async (event) => {
    const t = event.locals.t;
    const token = String((await event.request.formData()).get("token") ?? "");
    if (!token) return fail(400, { error: t("apiErrors.INVALID_TOKEN") });
    const { notificationUnsubscribe: result } = await run(event, NOTIFICATION_UNSUBSCRIBE, {
      input: { token },
    });
    if (isError(result)) return fail(400, { error: errorMessage(t, result) });
    return { kind: result.unsubscribed.kind };
  },
};
