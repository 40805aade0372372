import { fail } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { NOTIFICATION_UNSUBSCRIBE } from "$lib/server/operations";
import { errorMessage, isError } from "$lib/server/errors";

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
