import { fail } from "@sveltejs/kit";
import type { Actions } from "./$types";
import { run } from "$lib/server/api";
import { errorMessage, isError } from "$lib/server/errors";
import { ErrorFields, ValidationFields, graphql, typed } from "$lib/graphql";

/** Ask the API to mail a reset link; the answer never says whether the account exists. */
const PASSWORD_RESET_REQUEST = typed(
  graphql(
    `
      mutation PortalPasswordResetRequest($input: PasswordResetRequestInput!) {
        passwordResetRequest(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
          ... on RateLimitedError {
            retryAfterSeconds
          }
          ... on PasswordResetRequestSuccess {
            requested
          }
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

export const actions: Actions = {
  default: async (event) => {
    const t = event.locals.t;
    const form = await event.request.formData();
    const email = String(form.get("email") ?? "").trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      return fail(400, { errors: { email: t("form.errors.email") }, values: { email }, sent: false });
    }
    // The API mails a link to $PORTAL_URL/wachtwoord-herstellen?token=… (logged in development).
    const { passwordResetRequest: result } = await run(event, PASSWORD_RESET_REQUEST, { input: { email } });
    // Always the same answer whether or not the account exists (no account enumeration),
    // except for rate limiting, which the user must know about.
    if (isError(result) && result.code !== "VALIDATION_FAILED") {
      return fail(429, { errors: { _form: errorMessage(t, result) }, values: { email }, sent: false });
    }
    return { sent: true, values: { email }, errors: {} };
  },
};
