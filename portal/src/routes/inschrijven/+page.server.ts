import { fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { SEEKER_REGISTER } from "$lib/server/operations";
import { setSessionCookie } from "$lib/server/session";
import { formErrors, isError } from "$lib/server/errors";
import {
  MAX_MEMBERS,
  memberCount,
  parseRegistration,
  registrationField,
  valuesOf,
  type Values,
} from "$lib/server/registration";

export const load: PageServerLoad = ({ locals }) => {
  if (locals.viewer) redirect(303, "/mijn");
  return {};
};

/** Values sent back to the browser: never the password fields. */
function safe(values: Values): Values {
  const { password: _p, passwordConfirm: _c, ...rest } = values;
  void _p;
  void _c;
  return rest;
}

export const actions: Actions = {
  addMember: async ({ request }) => {
    const values = valuesOf(await request.formData());
    values.memberCount = String(Math.min(MAX_MEMBERS, memberCount(values) + 1));
    return {
      step: "form" as const,
      values: safe(values),
      errors: {},
      focus: `member.${memberCount(values) - 1}.role`,
    };
  },
  removeMember: async ({ request }) => {
    const values = valuesOf(await request.formData());
    const remove = Number(values.remove);
    const n = memberCount(values);
    for (let i = remove; i < n - 1; i++) {
      for (const f of ["role", "firstName", "birthDate"])
        values[`member.${i}.${f}`] = values[`member.${i + 1}.${f}`] ?? "";
    }
    for (const f of ["role", "firstName", "birthDate"]) delete values[`member.${n - 1}.${f}`];
    values.memberCount = String(Math.max(0, n - 1));
    return { step: "form" as const, values: safe(values), errors: {} };
  },
  /** Step 1 → summary: validate everything, then show it back for confirmation. */
  review: async ({ request, locals }) => {
    const values = valuesOf(await request.formData());
    const { errors } = parseRegistration(values, locals.t, locals.locale);
    if (Object.keys(errors).length) return fail(400, { step: "form" as const, values: safe(values), errors });
    // The summary step carries the password in a hidden field (same origin, POST only), so the
    // visitor does not have to type it again.
    return { step: "summary" as const, values, errors: {} };
  },
  edit: async ({ request }) => {
    const values = valuesOf(await request.formData());
    return { step: "form" as const, values: safe(values), errors: {} };
  },
  register: async (event) => {
    const { request, locals, cookies, url } = event;
    const values = valuesOf(await request.formData());
    const { errors, input } = parseRegistration(values, locals.t, locals.locale);
    if (Object.keys(errors).length) return fail(400, { step: "form" as const, values: safe(values), errors });
    const { seekerRegister: result } = await run(event, SEEKER_REGISTER, { input });
    if (isError(result)) {
      return fail(400, {
        step: "form" as const,
        values: safe(values),
        errors: formErrors(locals.t, result, registrationField),
      });
    }
    setSessionCookie(cookies, url, result.session.token, result.session.expiresAt);
    redirect(303, "/mijn?welkom=1");
  },
};
