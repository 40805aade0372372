import { fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import { setSessionCookie } from "$lib/server/session";
import { safeReturnPath } from "$lib/server/guard";
import { staffHome } from "$lib/server/staff";
import { errorMessage, isError } from "$lib/server/errors";
import type { FieldErrors } from "$lib/forms";

const SESSION_CREATE = typed(
  graphql(`
    mutation PortalSessionCreate($input: SessionCreateInput!) {
      sessionCreate(input: $input) {
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
        ... on RateLimitedError {
          retryAfterSeconds
        }
        ... on SessionCreateSuccess {
          session {
            token
            expiresAt
          }
        }
      }
    }
  `),
);

export const load: PageServerLoad = ({ locals, url }) => {
  const returnTo = safeReturnPath(url.searchParams.get("terug"));
  if (locals.viewer) redirect(303, returnTo);
  // A staff member who is already signed in: back where they came from, else their workspace.
  if (locals.staff) redirect(303, url.searchParams.has("terug") ? returnTo : staffHome(locals.staff));
  return {
    returnTo,
    reset: url.searchParams.has("hersteld"),
    registered: url.searchParams.has("ingeschreven"),
  };
};

export const actions: Actions = {
  default: async (event) => {
    const { request, locals, cookies, url } = event;
    const t = locals.t;
    const form = await request.formData();
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const returnTo = safeReturnPath(String(form.get("returnTo") ?? ""));
    const errors: FieldErrors = {};
    if (!email) errors.email = t("signIn.errors.emailRequired");
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = t("form.errors.email");
    if (!password) errors.password = t("signIn.errors.passwordRequired");
    if (Object.keys(errors).length) return fail(400, { errors, values: { email } });

    const { sessionCreate: result } = await run(event, SESSION_CREATE, { input: { email, password } });
    if (isError(result)) return fail(400, { errors: { _form: errorMessage(t, result) }, values: { email } });
    setSessionCookie(cookies, url, result.session.token, result.session.expiresAt);
    redirect(303, returnTo);
  },
};
