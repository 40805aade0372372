/**
 * Registration in two steps, all plain form actions (works without JavaScript):
 *
 * 1. details (`?/review`, plus `?/addMember` / `?/removeMember` round trips): everything except
 *    the password, validated on the server; optionally where the household lives and works
 *    (municipality and kern, `places`: checked by the API when registering);
 * 2. summary (`?/register`): the details shown back for confirmation — carried in hidden fields,
 *    none of them secret — and here the visitor chooses the password (with its confirmation).
 *
 * Why the password is asked last: it then never has to survive a round trip. It is not echoed
 * back in a hidden field (where it would sit in the HTML, the browser's form restore and any
 * proxy that logs response bodies), and adding or removing a household member without
 * JavaScript can no longer lose it, because it has not been typed yet. The alternative, a
 * server-side draft keyed by an HttpOnly cookie, would keep the password in the portal's
 * memory or storage between requests, and the portal holds no state of its own (the API is its
 * only store); asking for it on the last step needs neither. When the password is refused on the
 * summary step only the password fields are asked again; when the API refuses another field the
 * visitor goes back to the details with the message next to that field.
 *
 * After registering, the visitor is sent to the sign-in page with "check your e-mail": the API
 * gives the same answer for an address that already has an account (it mails that account a
 * notice instead), so the portal cannot and does not sign in automatically.
 */
import { fail, redirect } from "@sveltejs/kit";
import { resolve } from "$app/paths";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import { isError } from "$lib/server/errors";
import { placesErrors } from "$lib/server/places";
import {
  MAX_MEMBERS,
  PASSWORD_FIELDS,
  memberCount,
  parseRegistration,
  passwordErrors,
  registrationField,
  valuesOf,
  type Values,
} from "$lib/server/registration";
import type { FieldErrors } from "$lib/forms";

/** Every municipality with its kernen (public; for the place selects of registration). */
const MUNICIPALITY_CORES = typed(
  graphql(`
    query PortalMunicipalityCores {
      municipalities {
        id
        name
        cores
      }
    }
  `),
);

const SEEKER_REGISTER = typed(
  graphql(`
    mutation PortalSeekerRegister($input: SeekerRegisterInput!) {
      seekerRegister(input: $input) {
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
        ... on SeekerRegisterSuccess {
          registration {
            email
          }
        }
      }
    }
  `),
);

/** Municipalities with their kernen, for the optional "where do you live and work" questions. */
export const load: PageServerLoad = async (event) => {
  if (event.locals.viewer) redirect(303, resolve("/mijn"));
  const { municipalities } = await run(event, MUNICIPALITY_CORES, {});
  return { municipalities };
};

/** Values sent back to the browser: never the password fields. */
function safe(values: Values): Values {
  return Object.fromEntries(
    Object.entries(values).filter(([k]) => !PASSWORD_FIELDS.includes(k) && k !== "username"),
  );
}

/** Errors for the summary step (the password fields) vs the details step (everything else). */
function split(errors: FieldErrors): { summary: FieldErrors; details: FieldErrors } {
  const summary: FieldErrors = {};
  const details: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) (PASSWORD_FIELDS.includes(k) ? summary : details)[k] = v;
  return { summary, details };
}

export const actions: Actions = {
  addMember: async ({ request }) => {
    const values = safe(valuesOf(await request.formData()));
    values.memberCount = String(Math.min(MAX_MEMBERS, memberCount(values) + 1));
    return {
      step: "form" as const,
      values,
      errors: {},
      focus: `member.${memberCount(values) - 1}.role`,
    };
  },
  removeMember: async ({ request }) => {
    const values = safe(valuesOf(await request.formData()));
    const remove = Number(values.remove);
    const n = memberCount(values);
    for (let i = remove; i < n - 1; i++) {
      for (const f of ["role", "firstName", "birthDate"])
        values[`member.${i}.${f}`] = values[`member.${i + 1}.${f}`] ?? "";
    }
    for (const f of ["role", "firstName", "birthDate"]) delete values[`member.${n - 1}.${f}`];
    values.memberCount = String(Math.max(0, n - 1));
    return { step: "form" as const, values, errors: {} };
  },
  /** Details → summary: validate everything but the password, then show it back. */
  review: async ({ request, locals }) => {
    const values = safe(valuesOf(await request.formData()));
    const { errors } = parseRegistration(values, locals.t, locals.locale, { password: false });
    if (Object.keys(errors).length) return fail(400, { step: "form" as const, values, errors });
    return { step: "summary" as const, values, errors: {} };
  },
  edit: async ({ request }) => {
    const values = safe(valuesOf(await request.formData()));
    return { step: "form" as const, values, errors: {} };
  },
  register: async (event) => {
    const { request, locals } = event;
    const values = valuesOf(await request.formData());
    const details = parseRegistration(values, locals.t, locals.locale, { password: false });
    if (Object.keys(details.errors).length)
      return fail(400, { step: "form" as const, values: safe(values), errors: details.errors });
    const errors = passwordErrors(values, locals.t);
    if (Object.keys(errors).length)
      return fail(400, { step: "summary" as const, values: safe(values), errors });
    const { input } = parseRegistration(values, locals.t, locals.locale);
    const { seekerRegister: result } = await run(event, SEEKER_REGISTER, { input });
    if (isError(result)) {
      const all = placesErrors(locals.t, result, registrationField);
      const { summary, details: rest } = split(all);
      // A refused detail (an invalid field): back to the details, message at the field.
      // Otherwise (password refused, rate limited) stay on the summary.
      const back = Object.keys(rest).some((k) => k !== "_form");
      return fail(400, {
        step: back ? ("form" as const) : ("summary" as const),
        values: safe(values),
        errors: back ? rest : { ...summary, ...(rest._form ? { _form: rest._form } : {}) },
      });
    }
    // The API answers the same whether or not the address was already registered (no account
    // enumeration) and mails the address; a new account signs in with the chosen password.
    redirect(
      303,
      `${resolve("/inloggen")}?ingeschreven=1&terug=${encodeURIComponent(resolve("/mijn") + "?welkom=1")}`,
    );
  },
};
