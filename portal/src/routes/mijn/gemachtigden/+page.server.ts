/**
 * /mijn/gemachtigden: the seeker's authorisations (machtigingen) — who may act for them, with what
 * and until when; authorise a representative by e-mail address and revoke. Plain POST forms.
 */
import { fail } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { requireViewer } from "$lib/server/guard";
import { errorMessage, formErrors, isError } from "$lib/server/errors";
import { ErrorFields, ValidationFields, graphql, typed } from "$lib/graphql";
import type { FieldErrors } from "$lib/forms";

/** What a representative may be allowed (the API's RepresentativeScope). */
const REPRESENTATIVE_SCOPES = ["READ", "RESPOND", "URGENCY_APPLICATION"] as const;
type Scope = (typeof REPRESENTATIVE_SCOPES)[number];

/** Longest authorisation the form offers, in days from today (the API allows 366). */
const MAX_DAYS = 365;

/** `YYYY-MM-DD` of today plus `days` (UTC). */
const isoDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The end of the day `raw` (`YYYY-MM-DD`, 23:59:59 UTC) when it is from tomorrow up to
 * {@link MAX_DAYS} days from today; else null.
 */
function parseEndDate(raw: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) return null;
  const end = new Date(`${raw}T23:59:59Z`);
  if (Number.isNaN(end.getTime()) || end.toISOString().slice(0, 10) !== raw) return null;
  return raw >= isoDay(1) && raw <= isoDay(MAX_DAYS) ? end.toISOString() : null;
}

const AUTHORISATIONS = typed(
  graphql(`
    query PortalAuthorisations {
      viewer {
        id
        authorisations {
          id
          representativeName
          representativeEmail
          representativeOrganisations
          scopes
          validUntil
          revokedAt
          createdAt
          active
        }
      }
    }
  `),
);

const CREATE = typed(
  graphql(
    `
      mutation PortalAuthorisationCreate($input: AuthorisationCreateInput!) {
        authorisationCreate(input: $input) {
          __typename
          ...ErrorFields
          ...ValidationFields
          ... on AuthorisationCreateSuccess {
            authorisation {
              id
              representativeName
            }
          }
        }
      }
    `,
    [ErrorFields, ValidationFields],
  ),
);

const REVOKE = typed(
  graphql(
    `
      mutation PortalAuthorisationRevoke($input: AuthorisationRevokeInput!) {
        authorisationRevoke(input: $input) {
          __typename
          ...ErrorFields
          ... on AuthorisationRevokeSuccess {
            authorisation {
              id
              representativeName
            }
          }
        }
      }
    `,
    [ErrorFields],
  ),
);

export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  const { viewer } = await run(event, AUTHORISATIONS, {});
  return {
    authorisations: viewer?.authorisations ?? [],
    scopes: REPRESENTATIVE_SCOPES,
    minDate: isoDay(1),
    maxDate: isoDay(MAX_DAYS),
    defaultDate: isoDay(180),
  };
};

export const actions: Actions = {
  add: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const email = String(form.get("email") ?? "").trim();
    const scopes = form
      .getAll("scopes")
      .map(String)
      .filter((s): s is Scope => (REPRESENTATIVE_SCOPES as readonly string[]).includes(s));
    const untilRaw = String(form.get("validUntil") ?? "").trim();
    const errors: FieldErrors = {};
    if (!email || email.length > 254 || !email.includes("@"))
      errors.email = t("representatives.errors.email");
    if (scopes.length === 0) errors.scopes = t("representatives.errors.scopes");
    const validUntil = parseEndDate(untilRaw);
    if (validUntil === null) errors.validUntil = t("representatives.errors.validUntil");
    const values = { email, validUntil: untilRaw, scopes: scopes.join(",") };
    if (Object.keys(errors).length) return fail(400, { form: "add" as const, errors, values });
    const { authorisationCreate: result } = await run(event, CREATE, {
      input: { representativeEmail: email, scopes, validUntil: validUntil! },
    });
    if (isError(result))
      return fail(400, {
        form: "add" as const,
        errors: formErrors(t, result, (p) => (p[0] === "representativeEmail" ? "email" : p[0])),
        values,
      });
    return {
      form: "add" as const,
      added: result.authorisation.representativeName,
      errors: {} as FieldErrors,
      values: {},
    };
  },
  revoke: async (event) => {
    requireViewer(event);
    const form = await event.request.formData();
    const { authorisationRevoke: result } = await run(event, REVOKE, {
      input: { id: String(form.get("id") ?? "") },
    });
    if (isError(result))
      return fail(400, {
        form: "revoke" as const,
        errors: { _form: errorMessage(event.locals.t, result) } as FieldErrors,
        values: {},
      });
    return {
      form: "revoke" as const,
      revoked: result.authorisation.representativeName,
      errors: {} as FieldErrors,
      values: {},
    };
  },
};
