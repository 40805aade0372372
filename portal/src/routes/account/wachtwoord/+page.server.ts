/**
 * Change the password (wachtwoord wijzigen) of the signed-in account: current password, new
 * password and its repetition. The API (`passwordChange`) signs out every other session, keeps
 * this one, and mails a notice; the page says so. A plain POST form (works without JavaScript).
 */
import { error, fail } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import { ACCOUNT_EMAIL } from "../operations";
import { requireViewer } from "$lib/server/guard";
import { formErrors, isError } from "$lib/server/errors";
import type { FieldErrors } from "$lib/forms";

const PASSWORD_CHANGE = typed(
  graphql(`
    mutation PortalPasswordChange($input: PasswordChangeInput!) {
      passwordChange(input: $input) {
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
        ... on PasswordChangeSuccess {
          changed
        }
      }
    }
  `),
);

/** The account's address (for the password manager's hidden username field). */
export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  const { account } = await run(event, ACCOUNT_EMAIL, {});
  if (!account) error(401, { message: event.locals.t("errors.signedOut") });
  return { email: account.email };
};

export const actions: Actions = {
  /**
   * Fields `currentPassword`, `newPassword` (12–256 characters), `newPasswordConfirm` (equal).
   * Errors at the field: a wrong current password (InvalidCredentialsError), a refused new
   * password (ValidationError on newPassword); rate limiting on the whole form.
   */
  default: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const currentPassword = String(form.get("currentPassword") ?? "");
    const newPassword = String(form.get("newPassword") ?? "");
    const confirm = String(form.get("newPasswordConfirm") ?? "");
    const errors: FieldErrors = {};
    if (!currentPassword) errors.currentPassword = t("password.errors.currentRequired");
    if (newPassword.length < 12) errors.newPassword = t("form.errors.passwordLength");
    else if (newPassword.length > 256) errors.newPassword = t("form.errors.passwordTooLong");
    else if (newPassword === currentPassword) errors.newPassword = t("password.errors.same");
    else if (newPassword !== confirm) errors.newPasswordConfirm = t("form.errors.passwordMismatch");
    if (Object.keys(errors).length) return fail(400, { errors });
    const { passwordChange: result } = await run(event, PASSWORD_CHANGE, {
      input: { currentPassword, newPassword },
    });
    if (isError(result)) {
      return fail(400, {
        errors:
          result.code === "INVALID_CREDENTIALS"
            ? { currentPassword: t("password.errors.currentWrong") }
            : formErrors(t, result, (p) => (p[0] === "newPassword" ? "newPassword" : undefined)),
      });
    }
    return { changed: true, errors: {} as FieldErrors };
  },
};
