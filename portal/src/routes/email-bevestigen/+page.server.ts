import { fail } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import { errorMessage, isError } from "$lib/server/errors";

/** Open a mailed confirmation link (verification or new address); no sign-in needed. */
const EMAIL_CONFIRM = typed(
  graphql(`
    mutation PortalEmailConfirm($input: EmailConfirmInput!) {
      emailConfirm(input: $input) {
        __typename
        ... on Error {
          message
          code
        }
        ... on EmailConfirmSuccess {
          confirmation {
            email
            changed
          }
        }
      }
    }
  `),
);

// Opening the link shows a button: a GET never changes anything (mail scanners open links).
export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get("token") ?? "" });

export const actions: Actions = {
  default: async (event) => {
    const t = event.locals.t;
    const token = String((await event.request.formData()).get("token") ?? "");
    if (!token) return fail(400, { error: t("apiErrors.INVALID_TOKEN") });
    const { emailConfirm: result } = await run(event, EMAIL_CONFIRM, { input: { token } });
    if (isError(result)) return fail(400, { error: errorMessage(t, result) });
    return { confirmed: result.confirmation };
  },
};
