/**
 * Change the sign-in address (e-mailadres wijzigen): new address and the current password. The
 * API (`emailChangeRequest`) mails a link valid 24 hours to the new address; the change takes
 * effect when it is opened (/email-bevestigen) and the old address then gets a notice. Until then
 * the page shows the address awaiting confirmation (`account.pendingEmail`). Plain POST form.
 */
import { error, fail } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import { ACCOUNT_EMAIL } from "../operations";
import { requireViewer } from "$lib/server/guard";
import { formErrors, isError } from "$lib/server/errors";
import type { FieldErrors } from "$lib/forms";

const EMAIL_CHANGE_REQUEST = typed(
  graphql(`
    mutation PortalEmailChangeRequest($input: EmailChangeRequestInput!) {
      emailChangeRequest(input: $input) {
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
        ... on EmailChangeRequestSuccess {
          request {
            email
          }
        }
      }
    }
  `),
);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The current address and the one awaiting confirmation (null when none). */
export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  const { account } = await run(event, ACCOUNT_EMAIL, {});
  if (!account) error(401, { message: event.locals.t("errors.signedOut") });
  return { email: account.email, pendingEmail: account.pendingEmail };
};

export const actions: Actions = {
  /**
   * Fields `newEmail` and `currentPassword`. Errors at the field: an invalid or unchanged address
   * or one that already has an account (EmailTakenError) on newEmail, a wrong password
   * (InvalidCredentialsError) on currentPassword; rate limiting on the whole form.
   */
  default: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const newEmail = String(form.get("newEmail") ?? "").trim();
    const currentPassword = String(form.get("currentPassword") ?? "");
    const errors: FieldErrors = {};
    if (!EMAIL.test(newEmail)) errors.newEmail = t("form.errors.email");
    else if (newEmail.toLowerCase() === event.locals.viewer?.email.toLowerCase())
      errors.newEmail = t("emailChange.errors.same");
    if (!currentPassword) errors.currentPassword = t("password.errors.currentRequired");
    const values = { newEmail };
    if (Object.keys(errors).length) return fail(400, { errors, values });
    const { emailChangeRequest: result } = await run(event, EMAIL_CHANGE_REQUEST, {
      input: { newEmail, currentPassword },
    });
    if (isError(result)) {
      const mapped: FieldErrors =
        result.code === "INVALID_CREDENTIALS"
          ? { currentPassword: t("password.errors.currentWrong") }
          : result.code === "EMAIL_TAKEN"
            ? { newEmail: t("emailChange.errors.taken") }
            : formErrors(t, result, (p) => (p[0] === "newEmail" ? "newEmail" : undefined));
      return fail(400, { errors: mapped, values });
    }
    return { sentTo: result.request.email, errors: {} as FieldErrors, values: {} };
  },
};
