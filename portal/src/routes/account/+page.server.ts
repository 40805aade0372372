import { resolve } from "$app/paths";
import { error, fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import type { TokenScope } from "$lib/server/schema-types";
import { requireViewer } from "$lib/server/guard";
import { errorMessage, formErrors, isError } from "$lib/server/errors";
import { deleteSessionCookie } from "$lib/server/session";
import { parseInteger } from "$lib/parse";
import type { FieldErrors } from "$lib/forms";

const ACCESS_TOKENS = typed(
  graphql(`
    query PortalAccessTokens {
      viewer {
        id
        email
        personalAccessTokens {
          id
          name
          prefix
          scopes
          createdAt
          lastUsedAt
          expiresAt
          revokedAt
        }
      }
    }
  `),
);

const TOKEN_CREATE = typed(
  graphql(`
    mutation PortalTokenCreate($input: PersonalAccessTokenCreateInput!) {
      personalAccessTokenCreate(input: $input) {
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
        ... on PersonalAccessTokenCreateSuccess {
          created {
            token
            personalAccessToken {
              id
              name
              prefix
              scopes
              createdAt
              lastUsedAt
              expiresAt
              revokedAt
            }
          }
        }
      }
    }
  `),
);

const TOKEN_REVOKE = typed(
  graphql(`
    mutation PortalTokenRevoke($input: PersonalAccessTokenRevokeInput!) {
      personalAccessTokenRevoke(input: $input) {
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
        ... on PersonalAccessTokenRevokeSuccess {
          personalAccessToken {
            id
          }
        }
      }
    }
  `),
);

const VIEWER_DELETE = typed(
  graphql(`
    mutation PortalViewerDelete($input: ViewerDeleteInput!) {
      viewerDelete(input: $input) {
        __typename
        ... on Error {
          message
          code
        }
        ... on ViewerDeleteSuccess {
          deleted
        }
      }
    }
  `),
);

const SCOPES: readonly TokenScope[] = ["SEEKER_READ", "RESPONSES_WRITE", "PROFILE_WRITE", "URGENCY_READ"];

export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  const { viewer } = await run(event, ACCESS_TOKENS, {});
  if (!viewer) error(401, { message: event.locals.t("errors.signedOut") });
  return { tokens: viewer.personalAccessTokens, email: viewer.email, scopes: SCOPES };
};

export const actions: Actions = {
  createToken: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const name = String(form.get("name") ?? "").trim();
    const scopes = form
      .getAll("scopes")
      .map(String)
      .filter((s): s is TokenScope => SCOPES.includes(s as TokenScope));
    const daysRaw = String(form.get("expiresInDays") ?? "").trim();
    const errors: FieldErrors = {};
    if (!name || name.length > 100) errors.name = t("account.tokens.errors.name");
    if (scopes.length === 0) errors.scopes = t("account.tokens.errors.scopes");
    const expiresInDays = daysRaw ? parseInteger(daysRaw, 1, 365) : null;
    if (daysRaw && expiresInDays === null) errors.expiresInDays = t("account.tokens.errors.days");
    const values = { name, expiresInDays: daysRaw, scopes: scopes.join(",") };
    if (Object.keys(errors).length) return fail(400, { form: "token" as const, errors, values });
    const expiresAt = expiresInDays
      ? new Date(Date.now() + expiresInDays * 24 * 3600 * 1000).toISOString()
      : null;
    const { personalAccessTokenCreate: result } = await run(event, TOKEN_CREATE, {
      input: { name, scopes, expiresAt },
    });
    if (isError(result)) return fail(400, { form: "token" as const, errors: formErrors(t, result), values });
    // Shown once, right here; the API only keeps its hash.
    return {
      form: "token" as const,
      created: { token: result.created.token, name: result.created.personalAccessToken.name },
      errors: {},
      values: {},
    };
  },
  revokeToken: async (event) => {
    requireViewer(event);
    const form = await event.request.formData();
    const { personalAccessTokenRevoke: result } = await run(event, TOKEN_REVOKE, {
      input: { id: String(form.get("id") ?? "") },
    });
    if (isError(result))
      return fail(400, {
        form: "revoke" as const,
        errors: { _form: errorMessage(event.locals.t, result) },
        values: {},
      });
    return { form: "revoke" as const, revoked: true, errors: {}, values: {} };
  },
  deleteAccount: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const password = String(form.get("password") ?? "");
    const confirm = form.get("confirm") === "on";
    const errors: FieldErrors = {};
    if (!password) errors.password = t("signIn.errors.passwordRequired");
    if (!confirm) errors.confirm = t("account.delete.errors.confirm");
    if (Object.keys(errors).length) return fail(400, { form: "delete" as const, errors, values: {} });
    const { viewerDelete: result } = await run(event, VIEWER_DELETE, { input: { password } });
    if (isError(result)) {
      return fail(400, {
        form: "delete" as const,
        // Only the password was asked for here: "e-mail address or password" would mislead.
        errors:
          result.code === "INVALID_CREDENTIALS"
            ? { password: t("account.delete.errors.wrongPassword") }
            : formErrors(t, result, () => "password"),
        values: {},
      });
    }
    deleteSessionCookie(event.cookies, event.url);
    redirect(303, resolve("/?verwijderd=1"));
  },
};
