import { resolve } from "$app/paths";
import { fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import { setSessionCookie } from "$lib/server/session";
import { formErrors, isError } from "$lib/server/errors";
import type { FieldErrors } from "$lib/forms";

const PASSWORD_RESET = typed(
  graphql(`
    mutation PortalPasswordReset($input: PasswordResetInput!) {
      passwordReset(input: $input) {
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
        ... on PasswordResetSuccess {
          session {
            token
            expiresAt
          }
        }
      }
    }
  `),
);

export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get("token") ?? "" });

export const actions: Actions = {
  default: async (event) => {
    const t = event.locals.t;
    const form = await event.request.formData();
    const token = String(form.get("token") ?? "");
    const password = String(form.get("password") ?? "");
    const confirm = String(form.get("passwordConfirm") ?? "");
    // An unchecked checkbox sends nothing; revoke unless this form asked and it was unchecked.
    const revokePersonalAccessTokens =
      form.get("revokeTokensAsked") !== "1" || form.get("revokeTokens") === "1";
    const errors: FieldErrors = {};
    if (!token) errors._form = t("apiErrors.INVALID_TOKEN");
    if (password.length < 12) errors.password = t("form.errors.passwordLength");
    else if (password !== confirm) errors.passwordConfirm = t("form.errors.passwordMismatch");
    if (Object.keys(errors).length) return fail(400, { errors });
    const { passwordReset: result } = await run(event, PASSWORD_RESET, {
      input: { token, newPassword: password, revokePersonalAccessTokens },
    });
    if (isError(result))
      return fail(400, {
        errors: formErrors(t, result, (p) => (p[0] === "newPassword" ? "password" : undefined)),
      });
    setSessionCookie(event.cookies, event.url, result.session.token, result.session.expiresAt);
    redirect(303, resolve("/mijn?wachtwoord=1"));
  },
};
